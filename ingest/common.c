/* ingest/common.c — status text, error records, intervals, languages and number style. */
#include "chiso/common.h"
#include "ingest/util.h"

#include <libintl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CHISO_LOCALEDIR
#define CHISO_LOCALEDIR "/usr/local/share/locale"
#endif

const char *chiso_strerror(chiso_status code)
{
    switch (code) {
    case CHISO_OK: return "success";
    case CHISO_EINVAL: return "invalid argument";
    case CHISO_ENOMEM: return "out of memory";
    case CHISO_EIO: return "input/output error";
    case CHISO_EPARSE: return "cannot parse";
    case CHISO_EDATA: return "the data has errors";
    case CHISO_EDOMAIN: return "statistical precondition not met";
    case CHISO_ELIMIT: return "limit exceeded";
    case CHISO_EENCODING: return "bad text encoding";
    case CHISO_ENOTFOUND: return "not found";
    case CHISO_EPLOT: return "plotting failed";
    case CHISO_EINTERNAL: return "internal error";
    }
    return "unknown status";
}

void chiso_error_clear(chiso_error *err)
{
    if (!err)
        return;
    err->code = CHISO_OK;
    err->file[0] = '\0';
    err->line = err->col = 0;
    err->msg[0] = '\0';
}

chiso_status chiso_error_set(chiso_error *err, chiso_status code, const char *file, long line,
                             long col, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

char *chiso_place_format(const char *file, long line, long col, char *buf, size_t size)
{
    if (!size)
        return buf;
    buf[0] = '\0';
    if (!file || !file[0])
        return buf;
    size_t n = strlen(file);
    if (file[n - 1] == '!') {
        if (line <= 0) {
            snprintf(buf, size, "%.*s", (int)(n - 1), file);
            return buf;
        }
        /* column letters: 1 → A, 27 → AA */
        char letters[8], tmp[8];
        size_t k = 0, o = 0;
        for (long c = col > 0 ? col : 1; c > 0 && k < sizeof tmp; c = (c - 1) / 26)
            tmp[k++] = (char)('A' + (c - 1) % 26);
        while (k)
            letters[o++] = tmp[--k];
        letters[o] = '\0';
        snprintf(buf, size, "%s%s%ld", file, letters, line);
    } else if (line > 0 && col > 0) {
        snprintf(buf, size, "%s:%ld:%ld", file, line, col);
    } else if (line > 0) {
        snprintf(buf, size, "%s:%ld", file, line);
    } else {
        snprintf(buf, size, "%s", file);
    }
    return buf;
}

void chiso_error_format(const chiso_error *err, char *buf, size_t size)
{
    if (!size)
        return;
    if (!err) {
        buf[0] = '\0';
        return;
    }
    char place[600] = "";
    chiso_place_format(err->file, err->line, err->col, place, sizeof place);
    snprintf(buf, size, "%s%s%s: %s", place, place[0] ? ": " : "", _("error"),
             err->msg[0] ? err->msg : chiso_strerror(err->code));
}

/* ---- intervals --------------------------------------------------------------------------------- */

chiso_interval chiso_interval_point(double v)
{
    chiso_interval r = {v, v, 0, 0};
    return r;
}

int chiso_interval_is_point(chiso_interval a)
{
    return a.lo == a.hi && !a.lo_open && !a.hi_open;
}

chiso_interval chiso_interval_add(chiso_interval a, chiso_interval b)
{
    chiso_interval r = {a.lo + b.lo, a.hi + b.hi, (unsigned char)(a.lo_open || b.lo_open),
                        (unsigned char)(a.hi_open || b.hi_open)};
    return r;
}

chiso_interval chiso_interval_scale(chiso_interval a, double k)
{
    chiso_interval r;
    if (k >= 0) {
        r.lo = a.lo * k;
        r.hi = a.hi * k;
        r.lo_open = a.lo_open;
        r.hi_open = a.hi_open;
    } else {
        r.lo = a.hi * k;
        r.hi = a.lo * k;
        r.lo_open = a.hi_open;
        r.hi_open = a.lo_open;
    }
    if (k == 0) {
        r.lo = r.hi = 0;
        r.lo_open = r.hi_open = 0;
    }
    return r;
}

chiso_interval chiso_interval_sub(chiso_interval a, chiso_interval b)
{
    return chiso_interval_add(a, chiso_interval_scale(b, -1.0));
}

/* Product of two ends; 0·inf is 0 (an end at 0 stays 0). */
static double mul_end(double x, double y)
{
    if (x == 0 || y == 0)
        return 0;
    return x * y;
}

chiso_interval chiso_interval_mul(chiso_interval a, chiso_interval b)
{
    double c[4] = {mul_end(a.lo, b.lo), mul_end(a.lo, b.hi), mul_end(a.hi, b.lo), mul_end(a.hi, b.hi)};
    int o[4] = {a.lo_open || b.lo_open, a.lo_open || b.hi_open, a.hi_open || b.lo_open,
                a.hi_open || b.hi_open};
    chiso_interval r = {c[0], c[0], (unsigned char)o[0], (unsigned char)o[0]};
    for (int i = 1; i < 4; i++) {
        if (c[i] < r.lo || (c[i] == r.lo && !o[i])) {
            r.lo = c[i];
            r.lo_open = (unsigned char)o[i];
        }
        if (c[i] > r.hi || (c[i] == r.hi && !o[i])) {
            r.hi = c[i];
            r.hi_open = (unsigned char)o[i];
        }
    }
    return r;
}

int chiso_interval_div(chiso_interval a, chiso_interval b, chiso_interval *out)
{
    if (b.lo <= 0 && b.hi >= 0)
        return 0;
    chiso_interval inv = {1.0 / b.hi, 1.0 / b.lo, b.hi_open, b.lo_open};
    if (isinf(b.hi))
        inv.lo = 0;
    if (isinf(b.lo))
        inv.hi = 0;
    *out = chiso_interval_mul(a, inv);
    return 1;
}

chiso_interval chiso_interval_meet(chiso_interval m, chiso_interval v)
{
    if (v.lo > m.lo || (v.lo == m.lo && v.lo_open)) {
        m.lo = v.lo;
        m.lo_open = v.lo_open;
    }
    if (v.hi < m.hi || (v.hi == m.hi && v.hi_open)) {
        m.hi = v.hi;
        m.hi_open = v.hi_open;
    }
    return m;
}

int chiso_interval_empty(chiso_interval m)
{
    return m.lo > m.hi || (m.lo == m.hi && (m.lo_open || m.hi_open));
}

chiso_interval chiso_interval_hull(chiso_interval h, chiso_interval v)
{
    if (v.lo < h.lo || (v.lo == h.lo && !v.lo_open)) {
        h.lo_open = v.lo == h.lo ? 0 : v.lo_open;
        h.lo = v.lo;
    }
    if (v.hi > h.hi || (v.hi == h.hi && !v.hi_open)) {
        h.hi_open = v.hi == h.hi ? 0 : v.hi_open;
        h.hi = v.hi;
    }
    return h;
}

int chiso_interval_intersects(chiso_interval a, chiso_interval b)
{
    /* a.lo vs b.hi */
    if (a.lo > b.hi || (a.lo == b.hi && (a.lo_open || b.hi_open)))
        return 0;
    if (b.lo > a.hi || (b.lo == a.hi && (b.lo_open || a.hi_open)))
        return 0;
    return 1;
}

int chiso_interval_within(chiso_interval a, chiso_interval b)
{
    int lo_ok = a.lo > b.lo || (a.lo == b.lo && (!b.lo_open || a.lo_open));
    int hi_ok = a.hi < b.hi || (a.hi == b.hi && (!b.hi_open || a.hi_open));
    return lo_ok && hi_ok;
}

/* Is every x in a >= every y in b ("a >= b" certainly)? */
static int all_ge(chiso_interval a, chiso_interval b)
{
    return a.lo >= b.hi;
}
/* Is every x in a > every y in b? */
static int all_gt(chiso_interval a, chiso_interval b)
{
    return a.lo > b.hi || (a.lo == b.hi && (a.lo_open || b.hi_open));
}

chiso_truth chiso_interval_compare(chiso_interval a, chiso_cmp op, chiso_interval b)
{
    switch (op) {
    case CHISO_CMP_GE:
        if (all_ge(a, b))
            return CHISO_TRUE;
        if (all_gt(b, a))
            return CHISO_FALSE;
        return CHISO_UNKNOWN;
    case CHISO_CMP_GT:
        if (all_gt(a, b))
            return CHISO_TRUE;
        if (all_ge(b, a))
            return CHISO_FALSE;
        return CHISO_UNKNOWN;
    case CHISO_CMP_LE:
        return chiso_interval_compare(b, CHISO_CMP_GE, a);
    case CHISO_CMP_LT:
        return chiso_interval_compare(b, CHISO_CMP_GT, a);
    case CHISO_CMP_EQ:
        if (chiso_interval_is_point(a) && chiso_interval_is_point(b) && a.lo == b.lo)
            return CHISO_TRUE;
        if (!chiso_interval_intersects(a, b))
            return CHISO_FALSE;
        return CHISO_UNKNOWN;
    case CHISO_CMP_BETWEEN:
        if (chiso_interval_within(a, b))
            return CHISO_TRUE;
        if (!chiso_interval_intersects(a, b))
            return CHISO_FALSE;
        return CHISO_UNKNOWN;
    }
    return CHISO_UNKNOWN;
}

int chiso_cmp_parse(const char *s, chiso_cmp *out)
{
    static const struct {
        const char *text;
        chiso_cmp op;
    } ops[] = {{"==", CHISO_CMP_EQ}, {"=", CHISO_CMP_EQ},  {">=", CHISO_CMP_GE},
               {"≥", CHISO_CMP_GE},  {">", CHISO_CMP_GT},  {"<=", CHISO_CMP_LE},
               {"≤", CHISO_CMP_LE},  {"<", CHISO_CMP_LT},  {"between", CHISO_CMP_BETWEEN}};
    size_t n;
    const char *t = chiso_trim(s, strlen(s), &n);
    for (size_t i = 0; i < CHISO_ARRAY_LEN(ops); i++)
        if (strlen(ops[i].text) == n && strncmp(ops[i].text, t, n) == 0) {
            *out = ops[i].op;
            return 1;
        }
    return 0;
}

const char *chiso_cmp_symbol(chiso_cmp op)
{
    switch (op) {
    case CHISO_CMP_GE: return "≥";
    case CHISO_CMP_GT: return ">";
    case CHISO_CMP_LE: return "≤";
    case CHISO_CMP_LT: return "<";
    case CHISO_CMP_EQ: return "=";
    case CHISO_CMP_BETWEEN: return "∈";
    }
    return "?";
}

/* ---- languages --------------------------------------------------------------------------------- */

static chiso_lang g_lang = CHISO_LANG_VI;
static int g_bound = 0;

/* The catalogue's folder when the caller names none: $CHISO_LOCALEDIR, the installed folder, or the
 * build tree's (so that tests and notebooks run before installation speak Vietnamese too). */
static const char *default_localedir(void)
{
    const char *cands[3] = {getenv("CHISO_LOCALEDIR"), CHISO_LOCALEDIR, NULL};
#ifdef CHISO_BUILD_LOCALEDIR
    cands[2] = CHISO_BUILD_LOCALEDIR;
#endif
    for (size_t i = 0; i < 3; i++) {
        if (!cands[i] || !*cands[i])
            continue;
        char mo[1024];
        snprintf(mo, sizeof mo, "%s/vi/LC_MESSAGES/chiso.mo", cands[i]);
        FILE *f = fopen(mo, "rb");
        if (f) {
            fclose(f);
            return cands[i];
        }
    }
    return CHISO_LOCALEDIR;
}

void chiso_set_lang(chiso_lang lang, const char *localedir)
{
    g_lang = lang;
    if (localedir || !g_bound) {
        bindtextdomain("chiso", localedir ? localedir : default_localedir());
        bind_textdomain_codeset("chiso", "UTF-8");
        g_bound = 1;
    }
    if (lang == CHISO_LANG_VI) {
        /* gettext ignores LANGUAGE under the "C" locale; C.UTF-8 lets it choose the catalogue. */
        const char *cur = setlocale(LC_MESSAGES, NULL);
        if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
            setlocale(LC_MESSAGES, "C.UTF-8");
        setenv("LANGUAGE", "vi", 1);
        /* GNU gettext caches translations; textdomain() with the current domain resets the cache. */
        textdomain(textdomain(NULL));
    }
}

chiso_lang chiso_get_lang(void)
{
    return g_lang;
}

chiso_status chiso_lang_parse(const char *name, chiso_lang *out)
{
    if (!name)
        return CHISO_EINVAL;
    if (strcmp(name, "vi") == 0 || strncmp(name, "vi_", 3) == 0 || strcmp(name, "vn") == 0) {
        *out = CHISO_LANG_VI;
        return CHISO_OK;
    }
    if (strcmp(name, "en") == 0 || strncmp(name, "en_", 3) == 0) {
        *out = CHISO_LANG_EN;
        return CHISO_OK;
    }
    return CHISO_EINVAL;
}

const char *chiso_gettext(const char *msgid)
{
    if (g_lang == CHISO_LANG_EN || !msgid || !*msgid)
        return msgid;
    if (!g_bound)
        chiso_set_lang(g_lang, NULL);
    return dgettext("chiso", msgid);
}

const char *chiso_gettext_lang(chiso_lang lang, const char *msgid)
{
    if (lang == CHISO_LANG_EN || !msgid || !*msgid)
        return msgid;
    if (g_lang == CHISO_LANG_VI)
        return chiso_gettext(msgid);
    /* a Vietnamese word in an English process: look it up in the Vietnamese catalogue, then go back */
    chiso_set_lang(CHISO_LANG_VI, NULL);
    const char *t = dgettext("chiso", msgid);
    g_lang = CHISO_LANG_EN;
    return t;
}

/* ---- number style ------------------------------------------------------------------------------ */

char *chiso_format_number(double v, int decimals, chiso_lang lang, char *buf, size_t size)
{
    if (!size)
        return buf;
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", "–");
        return buf;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 12)
        decimals = 12;
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, v);
    /* "-0" and "-0,0" read badly: drop the sign of a value that rounds to zero */
    int neg = raw[0] == '-';
    const char *digits = raw + neg;
    if (neg && strspn(digits, "0.") == strlen(digits))
        neg = 0;
    const char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits);
    char group = lang == CHISO_LANG_VI ? '.' : ',';
    char decsep = lang == CHISO_LANG_VI ? ',' : '.';
    char out[96];
    size_t o = 0;
    if (neg)
        out[o++] = '-';
    for (size_t i = 0; i < int_len; i++) {
        out[o++] = digits[i];
        size_t left = int_len - i - 1;
        if (left && left % 3 == 0)
            out[o++] = group;
    }
    if (dot) {
        out[o++] = decsep;
        for (const char *p = dot + 1; *p && o < sizeof out - 1; p++)
            out[o++] = *p;
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
    return buf;
}

char *chiso_format_number_trim(double v, int max_decimals, chiso_lang lang, char *buf, size_t size)
{
    chiso_format_number(v, max_decimals, lang, buf, size);
    char decsep = lang == CHISO_LANG_VI ? ',' : '.';
    char *d = strrchr(buf, decsep);
    if (d && max_decimals > 0 && isfinite(v)) {
        char *e = buf + strlen(buf) - 1;
        while (e > d && *e == '0')
            *e-- = '\0';
        if (e == d)
            *e = '\0';
    }
    return buf;
}

/* a number of an interval in words, in the current language */
static void words_num(chiso_buf *b, double v, int decimals, int pct)
{
    char tmp[64];
    chiso_format_number_trim(v, decimals, chiso_get_lang(), tmp, sizeof tmp);
    chiso_buf_puts(b, tmp);
    if (pct)
        chiso_buf_puts(b, "%");
}

void chiso_buf_interval_words(chiso_buf *b, chiso_interval iv, int decimals, int pct)
{
    int lo_inf = isinf(iv.lo) && iv.lo < 0, hi_inf = isinf(iv.hi) && iv.hi > 0;
    int hi_cap = pct && iv.hi == 100 && !iv.hi_open; /* a share cannot pass 100% */
    if (isnan(iv.lo) || isnan(iv.hi)) {
        chiso_buf_puts(b, "–");
    } else if (chiso_interval_is_point(iv)) {
        words_num(b, iv.lo, decimals, pct);
    } else if ((lo_inf || (iv.lo == 0 && !iv.lo_open)) && hi_inf) {
        chiso_buf_puts(b, _("unknown"));
    } else if (hi_inf || hi_cap) {
        chiso_buf_puts(b, iv.lo_open ? _("over") : _("at least"));
        chiso_buf_puts(b, " ");
        words_num(b, iv.lo, decimals, pct);
    } else if (lo_inf || (iv.lo == 0 && !iv.lo_open && !pct)) {
        chiso_buf_puts(b, iv.hi_open ? _("under") : _("at most"));
        chiso_buf_puts(b, " ");
        words_num(b, iv.hi, decimals, pct);
    } else {
        /* "từ 90% đến 95%", "trên 90% đến 95%", "từ 90% đến dưới 95%" */
        chiso_buf_puts(b, iv.lo_open ? _("over") : _("from"));
        chiso_buf_puts(b, " ");
        words_num(b, iv.lo, decimals, pct);
        chiso_buf_puts(b, " ");
        chiso_buf_puts(b, iv.hi_open ? _("to under") : _("to"));
        chiso_buf_puts(b, " ");
        words_num(b, iv.hi, decimals, pct);
    }
}

char *chiso_format_interval(chiso_interval iv, int max_decimals, int pct, chiso_lang lang, char *buf,
                            size_t size)
{
    char a[64], b[64];
    const char *ps = pct ? "%" : "";
    chiso_format_number_trim(iv.lo, max_decimals, lang, a, sizeof a);
    chiso_format_number_trim(iv.hi, max_decimals, lang, b, sizeof b);
    if (chiso_interval_is_point(iv))
        snprintf(buf, size, "%s%s", a, ps);
    else if (isinf(iv.hi) && iv.hi > 0)
        snprintf(buf, size, "%s %s%s", iv.lo_open ? ">" : "≥", a, ps);
    else if (iv.lo == 0 && !iv.lo_open)
        snprintf(buf, size, "%s %s%s", iv.hi_open ? "<" : "≤", b, ps);
    else {
        const char *sep = lang == CHISO_LANG_VI ? "; " : ", ";
        snprintf(buf, size, "%c%s%s%s%c%s", iv.lo_open ? '(' : '[', a, sep, b, iv.hi_open ? ')' : ']',
                 ps);
    }
    return buf;
}

/*
 * ingest/value.c — figures as reports write them: "1.247", "64,5%", "trên 90%", "từ 90 đến 100",
 * "152/159", "3 vạn". The reader works on a lower-cased copy of the text (Vietnamese letters keep their
 * byte length when lower-cased, so positions carry over to the original) with a cursor, and reports
 * problems at the character where they are.
 */
#include "chiso/ingest.h"
#include "ingest/dataset_int.h"
#include "ingest/text.h"
#include "ingest/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHISO_VALUE_MAX 1e15

void chiso_value_opts_default(chiso_value_opts *o)
{
    o->near = 0.10;
    o->about = 0.05;
}

const char *chiso_qualifier_name(chiso_qualifier q)
{
    static const char *names[] = {"exact", "above", "at_least", "below", "at_most",
                                  "nearly", "about", "range", "ratio"};
    return (unsigned)q < CHISO_ARRAY_LEN(names) ? names[q] : "?";
}

/* Keywords as they are typed without Vietnamese accents (Telex off, an old phone, a hurried clerk).
 * They are read, and the caller is told the accented form (ds_value_parse_ex). */
static const struct {
    const char *kw, *ascii;
} unaccented_kw[] = {{"tối thiểu", "toi thieu"}, {"ít nhất", "it nhat"},   {"không quá", "khong qua"},
                     {"tối đa", "toi da"},       {"trên", "tren"},         {"hơn", "hon"},
                     {"dưới", "duoi"},           {"gần", "gan"},           {"khoảng", "khoang"},
                     {"xấp xỉ", "xap xi"},       {"chừng", "chung"},       {"từ", "tu"},
                     {"đến", "den"},             {"trở lên", "tro len"},   {"trở xuống", "tro xuong"},
                     {"phần trăm", "phan tram"}, {"vạn", "van"},           {"nghìn", "nghin"},
                     {"ngàn", "ngan"},           {"triệu", "trieu"}};

#define MAX_UNACCENTED 8

typedef struct cursor {
    const char *orig; /* the text as written (for messages) */
    const char *s;    /* lower-cased copy */
    size_t n, i;
    chiso_error *err;
    int ambiguous; /* the failure is "1,000" for a count (English thousands or a decimal comma) */
    /* keywords read without their accents: where (bytes of s) and their accented form */
    size_t un_at[MAX_UNACCENTED], un_len[MAX_UNACCENTED];
    const char *un_kw[MAX_UNACCENTED];
    int n_un;
} cursor;

static long col_of(const cursor *c, size_t byte)
{
    return (long)chiso_utf8_chars(c->s, byte) + 1;
}

static chiso_status fail(cursor *c, chiso_status code, size_t at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static chiso_status fail(cursor *c, chiso_status code, size_t at, const char *fmt, ...)
{
    if (!c->err)
        return code;
    char msg[sizeof c->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return chiso_error_set(c->err, code, NULL, 0, col_of(c, at), "%s", msg);
}

/* Bytes of the space at s[i..n): ' ', tab, a no-break space (U+00A0), a narrow no-break space
 * (U+202F) or a thin space (U+2009), which Excel and Word put between groups of digits; else 0. */
static size_t space_len(const char *s, size_t i, size_t n)
{
    if (i >= n)
        return 0;
    unsigned char ch = (unsigned char)s[i];
    if (ch == ' ' || ch == '\t')
        return 1;
    if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    if (ch == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x89))
        return 3;
    return 0;
}

static void skip_ws(cursor *c)
{
    size_t k;
    while ((k = space_len(c->s, c->i, c->n)) != 0)
        c->i += k;
}

static int is_letter_byte(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || ch >= 0x80;
}

/* Match keyword kw at the cursor (kw is lower case). Words must end at a word boundary. */
static int match_exact(cursor *c, const char *kw)
{
    size_t k = strlen(kw);
    if (c->i + k > c->n || memcmp(c->s + c->i, kw, k) != 0)
        return 0;
    if (is_letter_byte((unsigned char)kw[k - 1]) && c->i + k < c->n &&
        is_letter_byte((unsigned char)c->s[c->i + k]) && !space_len(c->s, c->i + k, c->n))
        return 0;
    c->i += k;
    skip_ws(c);
    return 1;
}

/* Match keyword kw at the cursor (kw is lower case), or its form without accents (noted). */
static int match(cursor *c, const char *kw)
{
    if (match_exact(c, kw))
        return 1;
    /* the form without accents starts with an ASCII letter, and kw has a letter beyond ASCII */
    if (c->i >= c->n || c->s[c->i] < 'a' || c->s[c->i] > 'z' || chiso_text_is_ascii(kw, strlen(kw)))
        return 0;
    for (size_t i = 0; i < CHISO_ARRAY_LEN(unaccented_kw); i++)
        if (strcmp(unaccented_kw[i].kw, kw) == 0) {
            size_t at = c->i;
            if (!match_exact(c, unaccented_kw[i].ascii))
                return 0;
            if (c->n_un < MAX_UNACCENTED) {
                c->un_at[c->n_un] = at;
                c->un_len[c->n_un] = strlen(unaccented_kw[i].ascii);
                c->un_kw[c->n_un] = kw;
                c->n_un++;
            }
            return 1;
        }
    return 0;
}

static int at_end(cursor *c)
{
    skip_ws(c);
    return c->i >= c->n;
}

/* Read one number in Vietnamese or English style at the cursor. */
static chiso_status read_number(cursor *c, chiso_measure measure, int check_measure, double *out)
{
    size_t start = c->i;
    int neg = 0;
    if (c->i < c->n && (c->s[c->i] == '-' || c->s[c->i] == '+')) {
        neg = c->s[c->i] == '-';
        c->i++;
    } else if (c->i + 3 <= c->n && memcmp(c->s + c->i, "\xE2\x88\x92", 3) == 0) { /* U+2212 minus */
        neg = 1;
        c->i += 3;
    }
    size_t body = c->i;
    while (c->i < c->n && ((c->s[c->i] >= '0' && c->s[c->i] <= '9') || c->s[c->i] == '.' ||
                           c->s[c->i] == ',')) {
        if (c->s[c->i] == '.' && c->i + 1 < c->n && c->s[c->i + 1] == '.')
            break; /* "90..100": the range separator ends the number */
        c->i++;
    }
    size_t end = c->i;
    if (end == body) {
        /* words that look like numbers but are not */
        static const char *bad[] = {"nan", "inf", "infinity", "vô cùng"};
        for (size_t k = 0; k < CHISO_ARRAY_LEN(bad); k++)
            if (strncmp(c->s + body, bad[k], strlen(bad[k])) == 0)
                return fail(c, CHISO_EPARSE, body, _("'%s' is not a figure: write a number"),
                            c->orig);
        return fail(c, CHISO_EPARSE, body, _("expected a number in '%s'"), c->orig);
    }
    /* trailing separators belong to the sentence, not the number ("1.247." ) */
    while (end > body && (c->s[end - 1] == '.' || c->s[end - 1] == ','))
        end--;
    c->i = end;
    const char *t = c->s + body;
    size_t len = end - body;
    if (len == 0 || t[0] == '.' || t[0] == ',')
        return fail(c, CHISO_EPARSE, body, _("expected a number in '%s'"), c->orig);

    size_t ncomma = 0, ndot = 0, first_comma = len, first_dot = len, last_dot = 0;
    for (size_t k = 0; k < len; k++) {
        if (t[k] == ',') {
            ncomma++;
            if (first_comma == len)
                first_comma = k;
        } else if (t[k] == '.') {
            ndot++;
            if (first_dot == len)
                first_dot = k;
            last_dot = k;
        }
    }
    char digits[64];
    size_t nd = 0;
    int dec_seen = 0;
    /* Are the dots thousands separators? The first group has 1–3 digits and no leading zero (unless
     * it is a lone "0", which is never grouped), every later group exactly 3 digits. */
    int dots_group = 0;
    if (ndot > 0) {
        size_t int_end = ncomma ? first_comma : len;
        if (last_dot < int_end) {
            dots_group = first_dot >= 1 && first_dot <= 3 && !(t[0] == '0');
            size_t prev = first_dot;
            for (size_t k = first_dot + 1; dots_group && k <= int_end; k++) {
                if (k == int_end || t[k] == '.') {
                    if (k - prev - 1 != 3)
                        dots_group = 0;
                    prev = k;
                }
            }
        }
    }
    if (ncomma > 0 && ndot > 0) {
        if (first_comma < first_dot)
            return fail(c, CHISO_EPARSE, body + first_comma,
                        _("'%.*s' mixes English and Vietnamese number style: write it with a decimal "
                          "comma and no other separator (for example 1247,5)"),
                        (int)len, c->orig + body);
        if (!dots_group || ncomma > 1)
            return fail(c, CHISO_EPARSE, body + first_dot,
                        _("cannot read '%.*s' as a number: in Vietnamese style '.' separates "
                          "thousands in groups of three digits and ',' is the decimal sign"),
                        (int)len, c->orig + body);
    }
    if (ncomma > 1)
        return fail(c, CHISO_EPARSE, body + first_comma,
                    _("'%.*s' looks like English thousands separators, but ',' is the Vietnamese "
                      "decimal sign: write the number without separators or with '.' (1.234.567)"),
                    (int)len, c->orig + body);
    if (ncomma == 1 && ndot == 0 && measure == CHISO_MEASURE_COUNT && check_measure &&
        len - first_comma - 1 == 3 && first_comma >= 1) {
        c->ambiguous = 1;
        return fail(c, CHISO_EPARSE, body + first_comma,
                    _("'%.*s' is ambiguous: English thousands or a Vietnamese decimal comma; write "
                      "%.*s%.*s (or %.*s.%.*s) for the whole number, or a decimal with a different "
                      "number of digits"),
                    (int)len, c->orig + body, (int)first_comma, t, 3, t + first_comma + 1,
                    (int)first_comma, t, 3, t + first_comma + 1);
    }
    if (ndot > 1 && !dots_group)
        return fail(c, CHISO_EPARSE, body + first_dot,
                    _("cannot read '%.*s' as a number: '.' separates thousands only in groups of "
                      "exactly three digits"),
                    (int)len, c->orig + body);
    for (size_t k = 0; k < len; k++) {
        char ch = t[k];
        if (ch == '.') {
            if (dots_group)
                continue;
            ch = '.';
            dec_seen = 1;
        } else if (ch == ',') {
            ch = '.';
            dec_seen = 1;
        }
        if (nd + 2 >= sizeof digits)
            return fail(c, CHISO_EDOMAIN, body, _("the number '%.*s' has too many digits"), (int)len,
                        c->orig + body);
        digits[nd++] = ch;
    }
    (void)dec_seen;
    digits[nd] = '\0';
    char *endp = NULL;
    double v = strtod(digits, &endp);
    if (!endp || *endp != '\0' || !isfinite(v))
        return fail(c, CHISO_EPARSE, body, _("cannot read '%.*s' as a number"), (int)len,
                    c->orig + body);
    if (v > CHISO_VALUE_MAX)
        return fail(c, CHISO_EDOMAIN, body,
                    _("the number '%.*s' is too large (more than 10^15): is a separator missing?"),
                    (int)len, c->orig + body);
    *out = neg ? -v : v;
    (void)start;
    return CHISO_OK;
}

/* An optional multiplier word after a number: vạn (10 000), nghìn/ngàn (1 000), triệu (10^6). */
static double read_multiplier(cursor *c)
{
    skip_ws(c);
    if (match(c, "vạn"))
        return 1e4;
    if (match(c, "nghìn") || match(c, "ngàn") || match(c, "thousand"))
        return 1e3;
    if (match(c, "triệu") || match(c, "million"))
        return 1e6;
    return 1;
}

static int read_percent(cursor *c)
{
    skip_ws(c);
    if (c->i < c->n && c->s[c->i] == '%') {
        c->i++;
        skip_ws(c);
        return 1;
    }
    if (match(c, "phần trăm") || match(c, "per cent") || match(c, "percent"))
        return 1;
    return 0;
}

/* A number with its multiplier and percent sign. */
static chiso_status read_amount(cursor *c, chiso_measure m, double *v, int *pct, size_t *at)
{
    skip_ws(c);
    *at = c->i;
    chiso_status st = read_number(c, m, 1, v);
    if (st != CHISO_OK)
        return st;
    double k = read_multiplier(c);
    *v *= k;
    /* 16,1 nghìn is 16 100, although 16.1 · 1000 is 16100.000000000002 in binary */
    if (k != 1 && fabs(*v - round(*v)) <= 1e-9 * fabs(*v))
        *v = round(*v);
    if (fabs(*v) > CHISO_VALUE_MAX)
        return fail(c, CHISO_EDOMAIN, *at, _("the number in '%s' is too large (more than 10^15)"),
                    c->orig);
    if (read_percent(c))
        *pct = 1;
    return CHISO_OK;
}

/* Range separators between two amounts. */
static int match_range_sep(cursor *c)
{
    skip_ws(c);
    if (match(c, "..") || match(c, "đến") || match(c, "to") || match(c, "\xE2\x80\x93") /* – */ ||
        match(c, "\xE2\x80\x94") /* — */)
        return 1;
    if (c->i < c->n && c->s[c->i] == '-') {
        c->i++;
        skip_ws(c);
        return 1;
    }
    return 0;
}

static chiso_status check_amount(cursor *c, chiso_measure m, double v, size_t at, int whole)
{
    if (v < 0)
        return fail(c, CHISO_EDOMAIN, at, "%s",
                    m == CHISO_MEASURE_SHARE ? _("a share cannot be negative") : _("a count cannot be negative"));
    if (m == CHISO_MEASURE_SHARE && v > 100)
        return fail(c, CHISO_EDOMAIN, at,
                    _("a share must lie in [0, 100], and '%s' reads as %.10g (a '.' before three "
                      "digits separates thousands; the decimal sign is ',')"),
                    c->orig, v);
    if (m == CHISO_MEASURE_COUNT && whole && v != floor(v))
        return fail(c, CHISO_EDOMAIN, at,
                    _("a count must be a whole number, and '%s' reads as %.10g (the decimal sign is "
                      "','; '.' separates thousands in groups of three digits)"),
                    c->orig, v);
    return CHISO_OK;
}

chiso_status chiso_value_parse(const char *text, chiso_measure measure, const chiso_value_opts *opts,
                               chiso_value *out, chiso_error *err)
{
    return ds_value_parse(text, measure, opts, out, err, NULL);
}

chiso_status ds_value_parse(const char *text, chiso_measure measure, const chiso_value_opts *opts,
                            chiso_value *out, chiso_error *err, int *ambiguous)
{
    return ds_value_parse_ex(text, measure, opts, out, err, ambiguous, NULL);
}

/* text with a space between groups of three digits ("1 247", "12 470 000": Excel's and Word's
 * no-break or narrow no-break space, or a thin space) written with '.' instead, the Vietnamese
 * thousands separator: one character for one, so columns do not move. NULL when there is none (or
 * on oom: then *oom = 1). */
static char *group_spaces(const char *text, int *oom)
{
    size_t n = strlen(text);
    char *o = NULL;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        size_t k = text[i] == ' ' || text[i] == '\t' ? 0 : space_len(text, i, n);
        int group = 0;
        if (k > 0 && i > 0 && text[i - 1] >= '0' && text[i - 1] <= '9') {
            size_t j = i + k, d = 0;
            while (j + d < n && text[j + d] >= '0' && text[j + d] <= '9')
                d++;
            group = d == 3;
        }
        if (group && !o) {
            o = malloc(n + 1);
            if (!o) {
                *oom = 1;
                return NULL;
            }
            memcpy(o, text, i);
            w = i;
        }
        if (group) {
            o[w++] = '.';
            i += k;
        } else {
            if (o)
                o[w++] = text[i];
            i++;
        }
    }
    if (o)
        o[w] = '\0';
    return o;
}

chiso_status ds_value_parse_ex(const char *text, chiso_measure measure, const chiso_value_opts *opts,
                               chiso_value *out, chiso_error *err, int *ambiguous, char **accented)
{
    if (ambiguous)
        *ambiguous = 0;
    if (accented)
        *accented = NULL;
    chiso_value_opts defaults;
    if (!opts) {
        chiso_value_opts_default(&defaults);
        opts = &defaults;
    }
    if (!text || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("no value given"));
    /* Excel's error values are not figures (the dataset reader says which habit made them) */
    if (text[0] == '#')
        return chiso_error_set(err, CHISO_EPARSE, NULL, 0, 1,
                               _("'%s' is an error value of a spreadsheet formula, not a figure"), text);
    int oom = 0;
    char *grouped = group_spaces(text, &oom);
    if (oom)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    const char *base = grouped ? grouped : text;
    char *low = chiso_utf8_lower(base);
    if (!low) {
        free(grouped);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    cursor c = {base, low, strlen(low), 0, err, 0, {0}, {0}, {NULL}, 0};
    chiso_status st = CHISO_OK;
    chiso_value v;
    memset(&v, 0, sizeof v);
    double max = measure == CHISO_MEASURE_SHARE ? 100.0 : INFINITY;
    int pct = 0;
    size_t at = 0, at2 = 0;
    double a = 0, b = 0;

    skip_ws(&c);
    if (c.i >= c.n) {
        st = fail(&c, CHISO_EPARSE, 0, "%s", _("the value is empty"));
        goto done;
    }
    /* a percentage of a target is not a share */
    if (strstr(low, "chỉ tiêu") || strstr(low, "kế hoạch") || strstr(low, "of target") ||
        strstr(low, "of the target") || strstr(low, "chi tieu") || strstr(low, "ke hoach")) {
        st = fail(&c, CHISO_EPARSE, 0, "%s",
                  _("a percentage of a target is not a share: put it in verdicts.csv as 'ratio'"));
        goto done;
    }

    /* prefix qualifiers (longer keywords first) */
    chiso_qualifier q = CHISO_Q_EXACT;
    int from = 0;
    if (match(&c, ">=") || match(&c, "≥") || match(&c, "tối thiểu") || match(&c, "ít nhất") ||
        match(&c, "at least") || match(&c, "no less than"))
        q = CHISO_Q_AT_LEAST;
    else if (match(&c, "<=") || match(&c, "≤") || match(&c, "không quá") || match(&c, "tối đa") ||
             match(&c, "at most") || match(&c, "no more than") || match(&c, "not more than"))
        q = CHISO_Q_AT_MOST;
    else if (match(&c, ">") || match(&c, "trên") || match(&c, "hơn") || match(&c, "over") ||
             match(&c, "more than") || match(&c, "above"))
        q = CHISO_Q_ABOVE;
    else if (match(&c, "<") || match(&c, "dưới") || match(&c, "under") || match(&c, "less than") ||
             match(&c, "below"))
        q = CHISO_Q_BELOW;
    else if (match(&c, "gần") || match(&c, "nearly") || match(&c, "almost"))
        q = CHISO_Q_NEARLY;
    else if (match(&c, "khoảng") || match(&c, "xấp xỉ") || match(&c, "chừng") || match(&c, "about") ||
             match(&c, "approximately") || match(&c, "around") || match(&c, "~") || match(&c, "≈"))
        q = CHISO_Q_ABOUT;
    else if (match(&c, "từ") || match(&c, "from"))
        from = 1;

    st = read_amount(&c, measure, &a, &pct, &at);
    if (st != CHISO_OK)
        goto done;

    if (q == CHISO_Q_EXACT) {
        size_t sep_at = c.i;
        if (c.i < c.n && c.s[c.i] == '/') {
            /* a ratio: only for a share */
            c.i++;
            skip_ws(&c);
            if (measure != CHISO_MEASURE_SHARE) {
                st = fail(&c, CHISO_EPARSE, sep_at,
                          _("'%s' is a ratio, which gives a share; a count is written as one number"),
                          text);
                goto done;
            }
            at2 = c.i;
            st = read_number(&c, CHISO_MEASURE_COUNT, 0, &b);
            if (st != CHISO_OK)
                goto done;
            if (a != floor(a) || b != floor(b) || a < 0) {
                st = fail(&c, CHISO_EDOMAIN, at, _("a ratio '%s' needs two whole numbers"), text);
                goto done;
            }
            if (b <= 0) {
                st = fail(&c, CHISO_EDOMAIN, at2, _("the ratio '%s' divides by zero"), text);
                goto done;
            }
            if (a > b) {
                st = fail(&c, CHISO_EDOMAIN, at, _("the ratio '%s' is more than the whole (over 100%%)"),
                          text);
                goto done;
            }
            q = CHISO_Q_RATIO;
            v.num = a;
            v.den = b;
        } else if (from ? (match(&c, "đến") || match(&c, "to") || match(&c, "-") || match(&c, ".."))
                        : match_range_sep(&c)) {
            q = CHISO_Q_RANGE;
            st = read_amount(&c, measure, &b, &pct, &at2);
            if (st != CHISO_OK)
                goto done;
            if (b < a) {
                st = fail(&c, CHISO_EDOMAIN, at2, _("the range '%s' ends below its start"), text);
                goto done;
            }
        }
    }
    /* suffixes */
    skip_ws(&c);
    if (match(&c, "trở lên") || match(&c, "or more") || match(&c, "or above") || match(&c, "+")) {
        if (q != CHISO_Q_EXACT) {
            st = fail(&c, CHISO_EPARSE, at, _("'%s' has two qualifiers"), text);
            goto done;
        }
        q = CHISO_Q_AT_LEAST;
        from = 0;
    } else if (match(&c, "trở xuống") || match(&c, "or less") || match(&c, "or fewer")) {
        if (q != CHISO_Q_EXACT || from) {
            st = fail(&c, CHISO_EPARSE, at, _("'%s' has two qualifiers"), text);
            goto done;
        }
        q = CHISO_Q_AT_MOST;
    }
    if (read_percent(&c))
        pct = 1;
    if (from && q == CHISO_Q_EXACT) {
        st = fail(&c, CHISO_EPARSE, 0,
                  _("'%s' starts with 'từ' but has neither 'trở lên' nor 'đến': write 'từ 3 trở lên' "
                    "or 'từ 3 đến 5'"),
                  text);
        goto done;
    }
    if (!at_end(&c)) {
        st = fail(&c, CHISO_EPARSE, c.i,
                  _("unexpected '%s' in the value '%s': write only the figure and its qualifier "
                    "(for example 'trên 90%%' or '1.247')"),
                  text + c.i, text);
        goto done;
    }
    if (pct && measure == CHISO_MEASURE_COUNT) {
        st = fail(&c, CHISO_EPARSE, at,
                  _("'%s' is a percentage but the indicator is a count: use the share indicator, or "
                    "verdicts.csv for a percentage of a target"),
                  text);
        goto done;
    }

    /* checks on the written numbers */
    /* a ratio's parts were checked above (whole, 0 <= a <= b, b > 0): a is not the share itself */
    if (q != CHISO_Q_RATIO && (st = check_amount(&c, measure, a, at, 1)) != CHISO_OK)
        goto done;
    if (q == CHISO_Q_RANGE && (st = check_amount(&c, measure, b, at2, 1)) != CHISO_OK)
        goto done;

    v.q = q;
    v.percent = (unsigned char)pct;
    switch (q) {
    case CHISO_Q_EXACT:
        v.iv = chiso_interval_point(a);
        v.point = a;
        break;
    case CHISO_Q_ABOVE:
        if (a >= max) {
            st = fail(&c, CHISO_EDOMAIN, at, _("no share can be above 100%% ('%s')"), text);
            goto done;
        }
        v.iv = (chiso_interval){a, max, 1, isinf(max) ? 1 : 0};
        v.point = a;
        break;
    case CHISO_Q_AT_LEAST:
        v.iv = (chiso_interval){a, max, 0, isinf(max) ? 1 : 0};
        v.point = a;
        break;
    case CHISO_Q_BELOW:
        if (a <= 0) {
            st = fail(&c, CHISO_EDOMAIN, at, _("nothing is below 0 ('%s')"), text);
            goto done;
        }
        v.iv = (chiso_interval){0, a, 0, 1};
        v.point = a;
        break;
    case CHISO_Q_AT_MOST:
        v.iv = (chiso_interval){0, a, 0, 0};
        v.point = a;
        break;
    case CHISO_Q_NEARLY:
        if (a <= 0) {
            st = fail(&c, CHISO_EDOMAIN, at, _("'nearly 0' is not a figure ('%s')"), text);
            goto done;
        }
        v.iv = (chiso_interval){a - opts->near * a, a, 0, 1};
        v.point = a;
        break;
    case CHISO_Q_ABOUT: {
        double hi = a + opts->about * a;
        v.iv = (chiso_interval){a - opts->about * a, hi > max ? max : hi, 0, 0};
        v.point = a;
        break;
    }
    case CHISO_Q_RANGE:
        v.iv = (chiso_interval){a, b, 0, 0};
        v.point = (a + b) / 2;
        break;
    case CHISO_Q_RATIO:
        v.point = a / b * 100.0;
        v.iv = chiso_interval_point(v.point);
        break;
    }
    *out = v;
    if (accented && c.n_un > 0) {
        /* the text with its keywords accented, for the warning */
        chiso_buf acc;
        chiso_buf_init(&acc);
        size_t from_byte = 0;
        for (int k = 0; k < c.n_un; k++) {
            chiso_buf_append(&acc, base + from_byte, c.un_at[k] - from_byte);
            chiso_buf_puts(&acc, c.un_kw[k]);
            from_byte = c.un_at[k] + c.un_len[k];
        }
        chiso_buf_puts(&acc, base + from_byte);
        *accented = chiso_buf_take(&acc);
        if (!*accented)
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
done:
    if (ambiguous)
        *ambiguous = c.ambiguous;
    free(low);
    free(grouped);
    return st;
}

chiso_status chiso_number_parse(const char *text, double *out, chiso_error *err)
{
    if (!text || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("no value given"));
    cursor c = {text, text, strlen(text), 0, err, 0};
    skip_ws(&c);
    double v;
    chiso_status st = read_number(&c, CHISO_MEASURE_SHARE, 0, &v);
    if (st != CHISO_OK)
        return st;
    if (!at_end(&c))
        return fail(&c, CHISO_EPARSE, c.i, _("unexpected '%s' after the number in '%s'"), text + c.i,
                    text);
    *out = v;
    return CHISO_OK;
}

/* ingest/util.c — buffers, UTF-8 helpers, hashing and JSON/CSV/Markdown values used across the library:
 * the bottom of the library, calling nothing else in it (files and their errors: ingest/output.c). */
#include "ingest/util.h"
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int chiso_grow(void **arr, size_t *cap, size_t need, size_t elt)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elt)
            return -1;
        ncap *= 2;
    }
    void *p = realloc(*arr, ncap * elt);
    if (!p)
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

char *chiso_strdup(const char *s)
{
    return s ? chiso_strndup(s, strlen(s)) : NULL;
}

char *chiso_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void chiso_buf_init(chiso_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

void chiso_buf_free(chiso_buf *b)
{
    free(b->data);
    chiso_buf_init(b);
}

void chiso_buf_reset(chiso_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void chiso_buf_append(chiso_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (chiso_grow((void **)&b->data, &b->cap, b->len + n + 1, 1) != 0) {
        b->oom = 1;
        return;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void chiso_buf_puts(chiso_buf *b, const char *s)
{
    chiso_buf_append(b, s, strlen(s));
}

void chiso_buf_printf(chiso_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        chiso_buf_append(b, small, (size_t)n);
        return;
    }
    if (b->oom || chiso_grow((void **)&b->data, &b->cap, b->len + (size_t)n + 1, 1) != 0) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *chiso_buf_take(chiso_buf *b)
{
    if (b->oom) {
        chiso_buf_free(b);
        return NULL;
    }
    if (!b->data)
        chiso_buf_append(b, "", 0);
    char *p = b->data;
    chiso_buf_init(b);
    return p;
}

char *chiso_read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    chiso_buf b;
    chiso_buf_init(&b);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        chiso_buf_append(&b, tmp, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        chiso_buf_free(&b);
        return NULL;
    }
    if (len)
        *len = b.len;
    return chiso_buf_take(&b);
}

/* Decode one UTF-8 code point; returns its length (1 for an invalid byte, decoded as that byte). */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    if (c < 0x80 || n < 2) {
        *cp = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        *cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if ((c & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *cp = ((c & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    if ((c & 0xF8) == 0xF0 && n >= 4 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
        (s[3] & 0xC0) == 0x80) {
        *cp = ((c & 0x07) << 18) | ((unsigned)(s[1] & 0x3F) << 12) | ((unsigned)(s[2] & 0x3F) << 6) |
              (s[3] & 0x3F);
        return 4;
    }
    *cp = c;
    return 1;
}

static size_t utf8_encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Lower case for ASCII and the letters Vietnamese uses (Latin-1, Latin Extended-A/B, Latin Extended
 * Additional). */
static unsigned lower_cp(unsigned c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 && c != 0x149) {
        /* pairs: even upper in most of the block, odd upper in 0x139..0x148 and 0x179..0x17E */
        int odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (odd_upper)
            return (c & 1) ? c + 1 : c;
        return (c & 1) ? c : c + 1;
    }
    if (c == 0x1A0 || c == 0x1AF)
        return c + 1;
    if (c >= 0x1EA0 && c <= 0x1EF9)
        return (c & 1) ? c : c + 1;
    return c;
}

char *chiso_utf8_lower(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = malloc(n * 2 + 1); /* a lower-case letter never needs more than twice the bytes */
    if (!out)
        return NULL;
    size_t i = 0, o = 0;
    while (i < n) {
        unsigned cp;
        size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (k == 1 && cp >= 0x80) {
            out[o++] = s[i]; /* invalid byte: copy as is */
        } else {
            o += utf8_encode(lower_cp(cp), out + o);
        }
        i += k;
    }
    out[o] = '\0';
    return out;
}

int chiso_utf8_casecmp(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), i = 0, j = 0;
    while (i < na && j < nb) {
        unsigned ca, cb;
        i += utf8_decode((const unsigned char *)a + i, na - i, &ca);
        j += utf8_decode((const unsigned char *)b + j, nb - j, &cb);
        ca = lower_cp(ca);
        cb = lower_cp(cb);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    if (i < na)
        return 1;
    if (j < nb)
        return -1;
    return 0;
}

size_t chiso_utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

size_t chiso_utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t k;
        unsigned min;
        if ((c & 0xE0) == 0xC0) {
            k = 2;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            k = 3;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            k = 4;
            min = 0x10000;
        } else {
            return i;
        }
        if (i + k > n)
            return i;
        unsigned cp = c & (0xFF >> (k + 1));
        for (size_t t = 1; t < k; t++) {
            if ((s[i + t] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + t] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += k;
    }
    return n;
}

const char *chiso_trim(const char *s, size_t n, size_t *out_len)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    /* a no-break space (U+00A0, C2 A0) at either end counts as space too */
    while (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
        s += 2;
        n -= 2;
    }
    while (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
        n -= 2;
    *out_len = n;
    return s;
}

uint64_t chiso_hash(const void *data, size_t n, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* ---- writing JSON and CSV values (shared by the normalisation and the analysis) ---------------- */

void chiso_json_str(chiso_buf *b, const char *s)
{
    if (!s) {
        chiso_buf_puts(b, "null");
        return;
    }
    chiso_buf_append(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            chiso_buf_append(b, "\\", 1);
            chiso_buf_append(b, (const char *)p, 1);
        } else if (*p < 0x20) {
            chiso_buf_printf(b, "\\u%04x", *p);
        } else {
            chiso_buf_append(b, (const char *)p, 1);
        }
    }
    chiso_buf_append(b, "\"", 1);
}

void chiso_json_num(chiso_buf *b, double v)
{
    if (!isfinite(v)) {
        chiso_buf_puts(b, "null");
        return;
    }
    chiso_buf_printf(b, "%.10g", v);
}

void chiso_json_interval(chiso_buf *b, int has, chiso_interval iv)
{
    if (!has) {
        chiso_buf_puts(b, "null");
        return;
    }
    chiso_buf_puts(b, "{\"lo\": ");
    chiso_json_num(b, iv.lo);
    chiso_buf_puts(b, ", \"hi\": ");
    chiso_json_num(b, iv.hi);
    chiso_buf_printf(b, ", \"lo_open\": %s, \"hi_open\": %s}", iv.lo_open ? "true" : "false",
                     iv.hi_open ? "true" : "false");
}

void chiso_csv_field(chiso_buf *b, const char *s)
{
    chiso_csv_field_quoting(b, s, ",\"\n\r", 0);
}

/* A number after a sign: digits with '.', ',' or spaces between them, an exponent, a '%' at the end. */
static int signed_number_rest(const char *p)
{
    if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
        return 0;
    while (isdigit((unsigned char)*p) || ((*p == '.' || *p == ',' || *p == ' ') && isdigit((unsigned char)p[1])))
        p++;
    if ((*p == 'e' || *p == 'E') && (isdigit((unsigned char)p[1]) || ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2])))) {
        p += 2;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p == '%')
        p++;
    return *p == '\0';
}

int chiso_text_is_formula(const char *s)
{
    if (!s)
        return 0;
    switch (s[0]) {
    case '=':
    case '@':
    case '\t':
    case '\r': return 1;
    case '+':
    case '-': return s[1] != '\0' && !signed_number_rest(s + 1);
    default: return 0;
    }
}

int chiso_text_needs_quote(const char *s)
{
    return s && chiso_text_is_formula(s + strspn(s, "'"));
}

void chiso_md_text(chiso_buf *b, const char *s, int cell)
{
    int code = 0;
    for (const char *p = s ? s : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (cell && c == '|') {
            chiso_buf_puts(b, "\\|");
            continue;
        }
        if (cell && c == '\n') {
            chiso_buf_puts(b, "<br>");
            continue;
        }
        if (c == '`') {
            code = !code;
            chiso_buf_append(b, p, 1);
            continue;
        }
        if (code) {
            chiso_buf_append(b, p, 1);
            continue;
        }
        if (c == '*' && p[1] == '*') {
            chiso_buf_puts(b, "**");
            p++;
            continue;
        }
        int esc = 0;
        switch (c) {
        case '<': esc = isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'; break;
        case '&': {
            const char *q = p + 1;
            if (*q == '#')
                q++;
            while (isalnum((unsigned char)*q))
                q++;
            esc = q > p + 1 && *q == ';';
            break;
        }
        case '[': {
            /* only a '[' that could open a link or an image: its ']' followed by '(' or '[' (an
             * interval such as "[18; 20)" stays readable) */
            const char *q = strchr(p + 1, ']');
            esc = q && (q[1] == '(' || q[1] == '[');
            break;
        }
        case '\\':
        case '*': esc = 1; break;
        case '_': esc = p == s || !isalnum((unsigned char)p[-1]) || !isalnum((unsigned char)p[1]); break;
        default: break;
        }
        if (esc)
            chiso_buf_append(b, "\\", 1);
        chiso_buf_append(b, p, 1);
    }
}

void chiso_csv_field_quoting(chiso_buf *b, const char *s, const char *specials, int edge_spaces)
{
    if (!s)
        return;
    size_t n = strlen(s);
    int formula = chiso_text_needs_quote(s);
    int quote = strpbrk(s, specials) != NULL || (edge_spaces && n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        if (formula)
            chiso_buf_append(b, "'", 1);
        chiso_buf_append(b, s, n);
        return;
    }
    chiso_buf_append(b, "\"", 1);
    if (formula)
        chiso_buf_append(b, "'", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            chiso_buf_append(b, "\"", 1);
        chiso_buf_append(b, p, 1);
    }
    chiso_buf_append(b, "\"", 1);
}

void chiso_csv_num(chiso_buf *b, double v)
{
    if (isnan(v))
        return;
    if (isinf(v)) {
        chiso_buf_puts(b, v > 0 ? "inf" : "-inf");
        return;
    }
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.6f", v);
    char *e = tmp + strlen(tmp) - 1;
    while (e > tmp && *e == '0')
        *e-- = '\0';
    if (*e == '.')
        *e = '\0';
    if (strcmp(tmp, "-0") == 0)
        strcpy(tmp, "0");
    chiso_buf_puts(b, tmp);
}


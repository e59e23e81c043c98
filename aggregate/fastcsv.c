/*
 * aggregate/fastcsv.c — the export reader of `chiso aggregate`: a fast path for plain lines, libcsv for
 * everything else, with the results of ingest/csvread.c (see aggregate/aggregate_int.h).
 *
 * The libcsv part is csvread.c's process_line, on_field and on_row, kept line for line so that rows,
 * line numbers and messages agree: lines are cut at '\n', checked as UTF-8, the first one loses its
 * byte-order mark and gives the delimiter, and a record starts on its first non-blank line.
 *
 * Lines end with '\n', "\r\n" or a lone '\r' (Excel for Mac), as in csvread.c.
 * The fast path takes a line when the reader is between records and the line holds no '"', no '\r'
 * except just before its '\n', no NUL byte, only valid UTF-8, at most CHISO_CSV_MAX_FIELDS fields and at most
 * CHISO_CSV_MAX_FIELD bytes, and is neither blank nor made of spaces only. Such a line is one record
 * for libcsv too, whose fields are the pieces between delimiters with spaces and tabs trimmed at both
 * ends and an empty piece read as a missing value: the fast path gives exactly those.
 */
#include "aggregate/aggregate_int.h"
#include "ingest/csvread.h"
#include "ingest/util.h"

#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define FCSV_SSE2 1
#endif

#define FCSV_PAD 64u          /* zeroed bytes kept after the data */
#define VC_SLOTS 256u         /* strings known to be valid UTF-8 */
#define VC_LEN 96u

typedef struct vc_ent {
    uint32_t len;
    char s[VC_LEN];
} vc_ent;
#define FCSV_LIBCSV_IDLE 0    /* libcsv's ROW_NOT_BEGUN */

struct fcsv {
    char *name;
    agg_row_fn cb;
    void *ctx;
    int use_fast;
    /* input buffer: buf[pos..len) is unread; base_off is the input offset of buf[0] */
    char *buf;
    size_t len, cap, pos;
    uint64_t base_off;
    /* csvread.c's state */
    struct csv_parser parser;
    int parser_ready;
    char delim;
    chiso_buf raw;
    long line_no;
    long rec_line;
    int in_record;
    int first_line;
    chiso_buf fieldbuf;
    size_t *offsets, *lens;
    unsigned char *isnull;
    size_t nfields, fcap;
    long rows;
    int stopped;
    chiso_status pending;
    char pending_msg[512];
    size_t pending_field;      /* the field where a limit was crossed (0-based) */
    chiso_status failed;
    chiso_error failed_err;
    /* where the record being read started */
    int rec_clean;
    uint64_t rec_off;
    /* stop */
    uint64_t stop_at;
    int at_stop;
    /* the fast path's fields */
    const char *ff[CHISO_CSV_MAX_FIELDS];
    size_t fl[CHISO_CSV_MAX_FIELDS];
    uint32_t dpos[CHISO_CSV_MAX_FIELDS];
    vc_ent vc[VC_SLOTS];
};

static chiso_status reader_fail(fcsv *r, chiso_error *err, chiso_status code, long line, long col,
                                const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static chiso_status reader_fail(fcsv *r, chiso_error *err, chiso_status code, long line, long col,
                                const char *fmt, ...)
{
    char msg[sizeof r->failed_err.msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    chiso_error_set(&r->failed_err, code, r->name, line, col, "%s", msg);
    r->failed = code;
    if (err)
        *err = r->failed_err;
    return code;
}

/* A limit recorded by a libcsv callback, reported at the field where it was crossed (FILE:LINE:COL). */
static chiso_status pending_fail(fcsv *r, chiso_error *err)
{
    chiso_csv_row row = {0, NULL, NULL, r->rec_line, r->rows, r->raw.data, r->raw.len, r->delim};
    long line = r->rec_line, col = 0;
    chiso_csv_field_pos(&row, r->pending_field, &line, &col);
    return reader_fail(r, err, r->pending, line, col, "%s", r->pending_msg);
}

/* ---- libcsv, as csvread.c drives it -------------------------------------------------------------- */

static void on_field(void *sv, size_t len, void *data)
{
    fcsv *r = data;
    if (r->pending)
        return;
    if (r->nfields >= CHISO_CSV_MAX_FIELDS) {
        r->pending = CHISO_ELIMIT;
        r->pending_field = r->nfields;
        snprintf(r->pending_msg, sizeof r->pending_msg,
                 _("the record has more than %u fields: is the delimiter right?"), CHISO_CSV_MAX_FIELDS);
        return;
    }
    if (len > CHISO_CSV_MAX_FIELD) {
        r->pending = CHISO_ELIMIT;
        r->pending_field = r->nfields;
        snprintf(r->pending_msg, sizeof r->pending_msg,
                 _("field %zu is longer than %u bytes: is a quote left open?"), r->nfields + 1,
                 CHISO_CSV_MAX_FIELD);
        return;
    }
    size_t old_cap = r->fcap;
    if (chiso_grow((void **)&r->offsets, &r->fcap, r->nfields + 1, sizeof *r->offsets) != 0) {
        r->pending = CHISO_ENOMEM;
        return;
    }
    if (r->fcap != old_cap) {
        void *nl = realloc(r->lens, r->fcap * sizeof *r->lens);
        if (nl)
            r->lens = nl;
        void *nn = nl ? realloc(r->isnull, r->fcap) : NULL;
        if (nn)
            r->isnull = nn;
        if (!nl || !nn) {
            r->pending = CHISO_ENOMEM;
            return;
        }
    }
    r->offsets[r->nfields] = r->fieldbuf.len;
    r->lens[r->nfields] = len;
    r->isnull[r->nfields] = sv == NULL;
    if (sv)
        chiso_buf_append(&r->fieldbuf, sv, len);
    chiso_buf_append(&r->fieldbuf, "", 1);
    if (r->fieldbuf.oom)
        r->pending = CHISO_ENOMEM;
    r->nfields++;
}

static void on_row(int c, void *data)
{
    (void)c;
    fcsv *r = data;
    if (r->pending || r->stopped) {
        r->nfields = 0;
        chiso_buf_reset(&r->fieldbuf);
        return;
    }
    if (r->rows >= CHISO_CSV_MAX_ROWS) {
        r->pending = CHISO_ELIMIT;
        r->pending_field = 0;
        snprintf(r->pending_msg, sizeof r->pending_msg, "%s", _("the file has too many records"));
        return;
    }
    const char *fields_small[16];
    const char **fields = fields_small;
    if (r->nfields > CHISO_ARRAY_LEN(fields_small)) {
        fields = malloc(r->nfields * sizeof *fields);
        if (!fields) {
            r->pending = CHISO_ENOMEM;
            return;
        }
    }
    for (size_t i = 0; i < r->nfields; i++)
        fields[i] = r->isnull[i] ? NULL : r->fieldbuf.data + r->offsets[i];
    agg_row row = {r->nfields, fields, r->lens, r->rec_line, r->raw.data, r->raw.len, r->delim,
                   r->rec_clean, r->rec_off, 0};
    r->rec_clean = 0;
    if (r->cb && r->cb(r->ctx, &row) != 0)
        r->stopped = 1;
    if (fields != fields_small)
        free(fields);
    r->rows++;
    r->nfields = 0;
    chiso_buf_reset(&r->fieldbuf);
    r->in_record = 0;
}

static char detect_delim(const char *s, size_t n)
{
    size_t counts[3] = {0, 0, 0};
    int inq = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            inq = !inq;
        else if (!inq && s[i] == ',')
            counts[0]++;
        else if (!inq && s[i] == ';')
            counts[1]++;
        else if (!inq && s[i] == '\t')
            counts[2]++;
    }
    if (counts[1] > counts[0] && counts[1] >= counts[2])
        return ';';
    if (counts[2] > counts[0] && counts[2] > counts[1])
        return '\t';
    return ',';
}

static const char *guess_encoding(const unsigned char *s, size_t n)
{
    size_t cp1258 = 0, high = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 0x80)
            high++;
        if (i > 0 && (s[i] == 0xCC || s[i] == 0xEC || s[i] == 0xD2 || s[i] == 0xDE || s[i] == 0xF2)) {
            unsigned char p = s[i - 1];
            if ((p >= 'a' && p <= 'z') || (p >= 'A' && p <= 'Z') || p == 0xE2 || p == 0xEA ||
                p == 0xF4 || p == 0xE3 || p == 0xF5 || p == 0xFD || p == 0xC2 || p == 0xCA ||
                p == 0xD4 || p == 0xC3 || p == 0xD5 || p == 0xDD)
                cp1258++;
        }
    }
    if (high && cp1258 * 3 >= high)
        return "cp1258";
    return "tcvn";
}

static chiso_status ensure_parser(fcsv *r, const char *line, size_t n, chiso_error *err)
{
    if (r->parser_ready)
        return CHISO_OK;
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
        return reader_fail(r, err, CHISO_ENOMEM, 0, 0, "%s", _("out of memory"));
    /* libcsv grows a field's buffer by its block size (128 bytes by default): a 1 MB field then costs
     * 8 000 reallocations, seconds under ASan. Grow by 16 KiB. */
    csv_set_blk_size(&r->parser, 16384);
    r->delim = detect_delim(line, n);
    csv_set_delim(&r->parser, (unsigned char)r->delim);
    r->parser_ready = 1;
    return CHISO_OK;
}

/* libcsv refused the bytes of physical line `lineno`. */
static chiso_status parse_error(fcsv *r, long lineno, chiso_error *err)
{
    int e = csv_error(&r->parser);
    if (e == CSV_ENOMEM)
        return reader_fail(r, err, CHISO_ENOMEM, lineno, 0, "%s", _("out of memory"));
    if (e == CSV_ETOOBIG)
        return reader_fail(r, err, CHISO_ELIMIT, lineno, 0, "%s", _("a field is too big"));
    return reader_fail(r, err, CHISO_EPARSE, lineno, 0, "%s",
                       _("malformed quoting: a quote inside a field must be doubled (\"\") and a "
                         "quoted field must end with a quote before the delimiter"));
}

int fcsv_clean(const fcsv *s)
{
    return !s->in_record && (!s->parser_ready || s->parser.pstate == FCSV_LIBCSV_IDLE);
}

/* One complete physical line through libcsv (csvread.c's process_line). off: its input offset. */
static chiso_status slow_line(fcsv *r, const char *s, size_t n, uint64_t off, chiso_error *err)
{
    long lineno = r->line_no + 1;
    int clean = fcsv_clean(r);
    if (r->first_line) {
        r->first_line = 0;
        if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
            (unsigned char)s[2] == 0xBF) {
            s += 3;
            n -= 3;
        }
    }
    const char *nul = memchr(s, '\0', n);
    if (nul)
        return reader_fail(r, err, CHISO_EENCODING, lineno, (long)chiso_utf8_chars(s, (size_t)(nul - s)) + 1,
                           "%s",
                           _("the file holds a NUL byte: it is not a UTF-8 text file (UTF-16? a "
                             "spreadsheet?); save it as CSV UTF-8"));
    size_t valid = chiso_utf8_valid_prefix((const unsigned char *)s, n);
    if (valid < n) {
        const char *enc = guess_encoding((const unsigned char *)s, n);
        return reader_fail(r, err, CHISO_EENCODING, lineno, (long)chiso_utf8_chars(s, valid) + 1,
                           _("the file is not UTF-8 (byte 0x%02X); it looks like %s: convert it to "
                             "UTF-8 or read it with --encoding %s"),
                           (unsigned char)s[valid], strcmp(enc, "tcvn") == 0 ? "TCVN3" : "Windows-1258",
                           enc);
    }
    /* libcsv skips a line of nothing but blanks (spaces, and tabs unless the delimiter is a tab)
     * between records: a record starts on its first other line, so that its line number is right */
    int blank = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\r' && s[i] != '\n' && s[i] != ' ' && (s[i] != '\t' || (r->parser_ready && r->delim == '\t'))) {
            blank = 0;
            break;
        }
    if (!r->in_record && !blank) {
        r->in_record = 1;
        r->rec_line = lineno;
        r->rec_clean = clean;
        r->rec_off = off;
        chiso_buf_reset(&r->raw);
    }
    if (r->in_record) {
        if (r->raw.len + n > CHISO_CSV_MAX_RECORD)
            return reader_fail(r, err, CHISO_ELIMIT, r->rec_line, 0,
                               _("the record is longer than %u bytes: is a quote left open?"),
                               CHISO_CSV_MAX_RECORD);
        chiso_buf_append(&r->raw, s, n);
        if (r->raw.oom)
            return reader_fail(r, err, CHISO_ENOMEM, lineno, 0, "%s", _("out of memory"));
    }
    if (!blank || r->parser_ready) {
        chiso_status st = ensure_parser(r, s, n, err);
        if (st != CHISO_OK)
            return st;
        if (csv_parse(&r->parser, s, n, on_field, on_row, r) != n)
            return parse_error(r, lineno, err);
    }
    r->line_no = lineno;
    if (r->pending) {
        if (r->pending == CHISO_ENOMEM)
            return reader_fail(r, err, CHISO_ENOMEM, lineno, 0, "%s", _("out of memory"));
        return pending_fail(r, err);
    }
    return CHISO_OK;
}

/* ---- the fast path ------------------------------------------------------------------------------- */

static inline unsigned ctz32(unsigned x)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctz(x);
#else
    unsigned n = 0;
    while (!(x & 1u)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

/* Is s[0..n) valid UTF-8? The non-ASCII parts of a line repeat (rating labels, forms of discipline):
 * the last ones seen are kept, and a line that repeats one is not checked again. */
static int utf8_ok(fcsv *r, const char *s, size_t n)
{
    if (n > VC_LEN)
        return chiso_utf8_valid_prefix((const unsigned char *)s, n) == n;
    size_t h = (n * 31u + (unsigned char)s[0] * 7u + (unsigned char)s[n - 1] * 131u +
                (unsigned char)s[n / 2] * 17u) &
               (VC_SLOTS - 1);
    vc_ent *e = &r->vc[h];
    if (e->len == n && memcmp(e->s, s, n) == 0) /* n <= VC_LEN */
        return 1;
    if (chiso_utf8_valid_prefix((const unsigned char *)s, n) != n)
        return 0;
    e->len = (uint32_t)n;
    memcpy(e->s, s, n);
    return 1;
}

enum { FAST_DONE = 0, FAST_SLOW = 1, FAST_PARTIAL = 2 };

/* Try the line at p (the buffer's data ends at end, zeroed padding follows). Sets *lf to its '\n' (or
 * NULL when the buffer holds no complete line). Returns FAST_DONE when the line was read (and the
 * callback called), FAST_SLOW when it must go through libcsv, FAST_PARTIAL when incomplete. */
static int fast_line(fcsv *r, const char *p, const char *end, const char **lf, uint64_t off)
{
    const char delim = r->delim;
    size_t nd = 0;
    unsigned quotes = 0, crs = 0;
    long first_high = -1;
    const char *nl = NULL;
    const char *q = p;
#ifdef FCSV_SSE2
    const __m128i vlf = _mm_set1_epi8('\n'), vd = _mm_set1_epi8(delim), vq = _mm_set1_epi8('"'),
                  vcr = _mm_set1_epi8('\r'), vz = _mm_setzero_si128();
    for (;;) {
        if (q >= end) {
            *lf = NULL;
            return FAST_PARTIAL;
        }
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        unsigned mlf = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vlf));
        unsigned md = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vd));
        unsigned mq = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, vq), _mm_cmpeq_epi8(v, vz)));
        unsigned mcr = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vcr));
        unsigned mh = (unsigned)_mm_movemask_epi8(v);
        if (end - q < 16) { /* past the data: ignore */
            unsigned valid = (1u << (unsigned)(end - q)) - 1u;
            mlf &= valid;
            md &= valid;
            mq &= valid;
            mcr &= valid;
            mh &= valid;
        }
        if (mlf) {
            unsigned below = (mlf & (0u - mlf)) - 1u;
            md &= below;
            mq &= below;
            mcr &= below;
            mh &= below;
        }
        quotes |= mq;
        if (mcr) /* 2 means two or more */
            crs += 1u + ((mcr & (mcr - 1u)) != 0);
        if (mh && first_high < 0)
            first_high = (long)(q - p) + (long)ctz32(mh);
        while (md) {
            if (nd >= CHISO_CSV_MAX_FIELDS - 1) {
                quotes = 1; /* too many fields: libcsv reports it */
                break;
            }
            r->dpos[nd++] = (uint32_t)((size_t)(q - p) + ctz32(md));
            md &= md - 1;
        }
        if (mlf) {
            nl = q + ctz32(mlf);
            break;
        }
        q += 16;
    }
#else
    for (;; q++) {
        if (q >= end) {
            *lf = NULL;
            return FAST_PARTIAL;
        }
        char c = *q;
        if (c == '\n') {
            nl = q;
            break;
        }
        if (c == delim) {
            if (nd >= CHISO_CSV_MAX_FIELDS - 1)
                quotes = 1;
            else
                r->dpos[nd++] = (uint32_t)(q - p);
        } else if (c == '"' || c == '\0') {
            quotes = 1;
        } else if (c == '\r') {
            crs++;
        } else if ((unsigned char)c >= 0x80 && first_high < 0) {
            first_high = (long)(q - p);
        }
    }
#endif
    *lf = nl;
    if (quotes)
        return FAST_SLOW;
    const char *e = nl;
    if (e > p && e[-1] == '\r') {
        e--;
        crs--;
    }
    if (crs)
        return FAST_SLOW; /* a carriage return before the end: a record may end there */
    size_t content = (size_t)(e - p);
    if (content == 0) { /* a blank line between records: libcsv skips it */
        r->line_no++;
        return FAST_DONE;
    }
    if (content > CHISO_CSV_MAX_FIELD)
        return FAST_SLOW; /* a field may be too long: libcsv reports it */
    if (first_high >= 0 && !utf8_ok(r, p + first_high, content - (size_t)first_high))
        return FAST_SLOW; /* libcsv's side reports the encoding */
    size_t nf = nd + 1;
    const char *fs = p;
    for (size_t i = 0; i < nf; i++) {
        const char *fe = i < nd ? p + r->dpos[i] : e;
        const char *a = fs, *b = fe;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        r->ff[i] = a < b ? a : NULL;
        r->fl[i] = (size_t)(b - a);
        fs = fe + 1;
    }
    if (nf == 1 && r->fl[0] == 0)
        return FAST_SLOW; /* spaces only: libcsv gives no record and keeps the line */
    long lineno = r->line_no + 1;
    if (r->rows >= CHISO_CSV_MAX_ROWS) {
        reader_fail(r, NULL, CHISO_ELIMIT, lineno, 0, "%s", _("the file has too many records"));
        return FAST_DONE;
    }
    agg_row row = {nf, r->ff, r->fl, lineno, p, (size_t)(nl + 1 - p), delim, 1, off, 1};
    if (r->cb && r->cb(r->ctx, &row) != 0)
        r->stopped = 1;
    r->rows++;
    r->line_no = lineno;
    return FAST_DONE;
}

/* Read the complete lines in the buffer. At eof also the last line without a newline. */
static chiso_status run(fcsv *r, int eof, chiso_error *err)
{
    if (r->failed) {
        if (err)
            *err = r->failed_err;
        return r->failed;
    }
    while (!r->stopped && r->pos < r->len) {
        const char *p = r->buf + r->pos, *end = r->buf + r->len;
        uint64_t off = r->base_off + r->pos;
        if (off == r->stop_at) {
            r->at_stop = 1;
            return CHISO_OK;
        }
        const char *lf = NULL;
        int how = FAST_SLOW;
        if (r->use_fast && r->parser_ready && !r->first_line && fcsv_clean(r)) {
            how = fast_line(r, p, end, &lf, off);
            if (r->failed) {
                if (err)
                    *err = r->failed_err;
                return r->failed;
            }
            if (how == FAST_PARTIAL) {
                /* no '\n' ahead: a lone '\r' may still end the line (Excel for Mac) */
                const char *cr = memchr(p, '\r', (size_t)(end - p));
                if (!cr || (cr + 1 == end && !eof))
                    break;
                how = FAST_SLOW;
                lf = NULL;
            }
        } else {
            lf = memchr(p, '\n', (size_t)(end - p));
        }
        if (how == FAST_SLOW) {
            /* a lone '\r' ends a line too (Excel for Mac), as in csvread.c; one that ends the data
             * read so far waits for the next byte, which may be its '\n' */
            const char *cr = memchr(p, '\r', (size_t)((lf ? lf : end) - p));
            if (cr && cr + 1 == end && !eof)
                break;
            if (cr && (cr + 1 == end || cr[1] != '\n'))
                lf = cr;
        }
        if (!lf)
            break;
        size_t n = (size_t)(lf + 1 - p);
        if (n > CHISO_CSV_MAX_RECORD)
            return reader_fail(r, err, CHISO_ELIMIT, r->line_no + 1, 0,
                               _("the line is longer than %u bytes"), CHISO_CSV_MAX_RECORD);
        if (how == FAST_SLOW) {
            chiso_status st = slow_line(r, p, n, off, err);
            if (st != CHISO_OK)
                return st;
        }
        r->pos += n;
    }
    if (r->stopped)
        return CHISO_OK;
    size_t tail = r->len - r->pos;
    if (tail > CHISO_CSV_MAX_RECORD)
        return reader_fail(r, err, CHISO_ELIMIT, r->line_no + 1, 0, _("the line is longer than %u bytes"),
                           CHISO_CSV_MAX_RECORD);
    while (eof && tail && !r->stopped) {
        uint64_t off = r->base_off + r->pos;
        if (off == r->stop_at) {
            r->at_stop = 1;
            return CHISO_OK;
        }
        /* the last line, or the lines a lone '\r' ends in it */
        const char *cr = memchr(r->buf + r->pos, '\r', tail);
        size_t n = cr ? (size_t)(cr + 1 - (r->buf + r->pos)) : tail;
        chiso_status st = slow_line(r, r->buf + r->pos, n, off, err);
        if (st != CHISO_OK)
            return st;
        r->pos += n;
        tail -= n;
    }
    return CHISO_OK;
}

/* ---- the interface ------------------------------------------------------------------------------- */

fcsv *fcsv_new(const char *name, agg_row_fn cb, void *ctx, int use_fast)
{
    fcsv *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->name = chiso_strdup(name ? name : "");
    r->cb = cb;
    r->ctx = ctx;
    r->use_fast = use_fast;
    r->first_line = 1;
    r->stop_at = UINT64_MAX;
    chiso_buf_init(&r->raw);
    chiso_buf_init(&r->fieldbuf);
    if (!r->name) {
        free(r);
        return NULL;
    }
    return r;
}

void fcsv_free(fcsv *r)
{
    if (!r)
        return;
    if (r->parser_ready)
        csv_free(&r->parser);
    chiso_buf_free(&r->raw);
    chiso_buf_free(&r->fieldbuf);
    free(r->offsets);
    free(r->lens);
    free(r->isnull);
    free(r->buf);
    free(r->name);
    free(r);
}

chiso_status fcsv_start_mid(fcsv *r, char delim, uint64_t off, chiso_error *err)
{
    if (r->parser_ready || r->len)
        return chiso_error_set(err, CHISO_EINTERNAL, NULL, 0, 0, "%s", "fcsv_start_mid on a used reader");
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
        return reader_fail(r, err, CHISO_ENOMEM, 0, 0, "%s", _("out of memory"));
    /* libcsv grows a field's buffer by its block size (128 bytes by default): a 1 MB field then costs
     * 8 000 reallocations, seconds under ASan. Grow by 16 KiB. */
    csv_set_blk_size(&r->parser, 16384);
    r->delim = delim;
    csv_set_delim(&r->parser, (unsigned char)delim);
    r->parser_ready = 1;
    r->first_line = 0;
    r->rows = 1; /* the header is behind us */
    r->base_off = off;
    return CHISO_OK;
}

chiso_status fcsv_space(fcsv *r, size_t want, char **dst, chiso_error *err)
{
    if (r->failed) {
        if (err)
            *err = r->failed_err;
        return r->failed;
    }
    if (r->pos) { /* drop what was read */
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->base_off += r->pos;
        r->pos = 0;
    }
    size_t need = r->len + want + FCSV_PAD;
    if (need > r->cap) {
        size_t ncap = r->cap ? r->cap : 4096;
        while (ncap < need)
            ncap *= 2;
        char *nb = realloc(r->buf, ncap);
        if (!nb)
            return reader_fail(r, err, CHISO_ENOMEM, r->line_no + 1, 0, "%s", _("out of memory"));
        r->buf = nb;
        r->cap = ncap;
    }
    memset(r->buf + r->len, 0, FCSV_PAD);
    *dst = r->buf + r->len;
    return CHISO_OK;
}

chiso_status fcsv_commit(fcsv *r, size_t n, chiso_error *err)
{
    if (r->failed) {
        if (err)
            *err = r->failed_err;
        return r->failed;
    }
    r->len += n;
    memset(r->buf + r->len, 0, FCSV_PAD);
    if (r->at_stop)
        return CHISO_OK;
    return run(r, 0, err);
}

chiso_status fcsv_resume(fcsv *r, chiso_error *err)
{
    r->at_stop = 0;
    if (!r->buf)
        return CHISO_OK;
    return run(r, 0, err);
}

chiso_status fcsv_finish(fcsv *r, chiso_error *err)
{
    if (r->failed) {
        if (err)
            *err = r->failed_err;
        return r->failed;
    }
    if (r->stopped)
        return CHISO_OK;
    if (r->buf) {
        chiso_status st = run(r, 1, err);
        if (st != CHISO_OK || r->stopped || r->at_stop)
            return st;
    }
    if (r->parser_ready) {
        if (csv_fini(&r->parser, on_field, on_row, r) != 0)
            return reader_fail(r, err, CHISO_EPARSE, r->rec_line, 0, "%s",
                               _("the file ends inside a quoted field: a closing quote is missing"));
        if (r->pending)
            return pending_fail(r, err);
    }
    return CHISO_OK;
}

void fcsv_set_stop(fcsv *r, uint64_t off)
{
    r->stop_at = off;
}

int fcsv_at_stop(const fcsv *r)
{
    return r->at_stop;
}

long fcsv_lines(const fcsv *r)
{
    return r->line_no;
}

long fcsv_rows(const fcsv *r)
{
    return r->rows;
}

char fcsv_delim(const fcsv *r)
{
    return r->delim;
}

int fcsv_stopped(const fcsv *r)
{
    return r->stopped;
}

uint64_t fcsv_offset(const fcsv *r)
{
    return r->base_off + r->pos;
}


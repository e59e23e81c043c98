/*
 * aggregate/fastcsv.c — the export reader of `chiso aggregate`: a fast path for plain lines, libcsv for
 * everything else, with the results of ingest/csvread.c (see aggregate/aggregate_int.h).
 *
 * The libcsv part is the one csvread.c uses (ingest/csvcore.h), so that rows, line numbers and messages
 * agree: lines are cut at '\n', checked as UTF-8, the first one loses its byte-order mark and gives the
 * delimiter, and a record starts on its first non-blank line.
 *
 * Lines end with '\n', "\r\n" or a lone '\r' (Excel for Mac), as in csvread.c.
 * The fast path takes a line when the reader is between records and the line holds no '"', no '\r'
 * except just before its '\n', no NUL byte, only valid UTF-8, at most CHISO_CSV_MAX_FIELDS fields and at most
 * CHISO_CSV_MAX_FIELD bytes, and is neither blank nor made of spaces only. Such a line is one record
 * for libcsv too, whose fields are the pieces between delimiters with spaces and tabs trimmed at both
 * ends and an empty piece read as a missing value: the fast path gives exactly those.
 */
#include "aggregate/aggregate_int.h"
#include "ingest/csvcore.h"
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
    chiso_csv_core c;          /* first: libcsv line by line, as csvread.c drives it */
    agg_row_fn cb;
    void *ctx;
    int use_fast;
    /* input buffer: buf[pos..len) is unread; base_off is the input offset of buf[0] */
    char *buf;
    size_t len, cap, pos;
    uint64_t base_off;
    /* where the record being read started, and the line being read */
    int rec_clean;
    uint64_t rec_off;
    int line_clean;
    uint64_t line_off;
    /* stop */
    uint64_t stop_at;
    int at_stop;
    /* the fast path's fields */
    const char *ff[CHISO_CSV_MAX_FIELDS];
    size_t fl[CHISO_CSV_MAX_FIELDS];
    uint32_t dpos[CHISO_CSV_MAX_FIELDS];
    vc_ent vc[VC_SLOTS];
};

/* ---- libcsv, as csvread.c drives it (ingest/csvcore.h) -------------------------------------------- */

/* A record from libcsv, to the worker: where it started, and whether the reader was clean there. */
static int emit_row(chiso_csv_core *c, const char **fields)
{
    fcsv *r = (fcsv *)c; /* the core is its first member */
    agg_row row = {c->nfields, fields, c->lens, c->rec_line, c->raw.data, c->raw.len, c->delim,
                   r->rec_clean, r->rec_off, 0};
    r->rec_clean = 0;
    return r->cb && r->cb(r->ctx, &row) != 0;
}

/* A record starts on the line being read. */
static void begin_row(chiso_csv_core *c)
{
    fcsv *r = (fcsv *)c;
    r->rec_clean = r->line_clean;
    r->rec_off = r->line_off;
}

int fcsv_clean(const fcsv *s)
{
    return !s->c.in_record && (!s->c.parser_ready || s->c.parser.pstate == FCSV_LIBCSV_IDLE);
}

/* One complete physical line through libcsv (csvread.c's process_line). off: its input offset. */
static chiso_status slow_line(fcsv *r, const char *s, size_t n, uint64_t off, chiso_error *err)
{
    r->line_clean = fcsv_clean(r);
    r->line_off = off;
    return chiso_csv_core_line(&r->c, s, n, err);
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
    const char delim = r->c.delim;
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
        r->c.line_no++;
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
    long lineno = r->c.line_no + 1;
    if (r->c.rows >= CHISO_CSV_MAX_ROWS) {
        chiso_csv_core_fail(&r->c, NULL, CHISO_ELIMIT, lineno, 0, "%s", _("the file has too many records"));
        return FAST_DONE;
    }
    agg_row row = {nf, r->ff, r->fl, lineno, p, (size_t)(nl + 1 - p), delim, 1, off, 1};
    if (r->cb && r->cb(r->ctx, &row) != 0)
        r->c.stopped = 1;
    r->c.rows++;
    r->c.line_no = lineno;
    return FAST_DONE;
}

/* Read the complete lines in the buffer. At eof also the last line without a newline. */
static chiso_status run(fcsv *r, int eof, chiso_error *err)
{
    if (r->c.failed) {
        if (err)
            *err = r->c.failed_err;
        return r->c.failed;
    }
    while (!r->c.stopped && r->pos < r->len) {
        const char *p = r->buf + r->pos, *end = r->buf + r->len;
        uint64_t off = r->base_off + r->pos;
        if (off == r->stop_at) {
            r->at_stop = 1;
            return CHISO_OK;
        }
        const char *lf = NULL;
        int how = FAST_SLOW;
        if (r->use_fast && r->c.parser_ready && !r->c.first_line && fcsv_clean(r)) {
            how = fast_line(r, p, end, &lf, off);
            if (r->c.failed) {
                if (err)
                    *err = r->c.failed_err;
                return r->c.failed;
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
            return chiso_csv_core_fail(&r->c, err, CHISO_ELIMIT, r->c.line_no + 1, 0,
                               _("the line is longer than %u bytes"), CHISO_CSV_MAX_RECORD);
        if (how == FAST_SLOW) {
            chiso_status st = slow_line(r, p, n, off, err);
            if (st != CHISO_OK)
                return st;
        }
        r->pos += n;
    }
    if (r->c.stopped)
        return CHISO_OK;
    size_t tail = r->len - r->pos;
    if (tail > CHISO_CSV_MAX_RECORD)
        return chiso_csv_core_fail(&r->c, err, CHISO_ELIMIT, r->c.line_no + 1, 0, _("the line is longer than %u bytes"),
                           CHISO_CSV_MAX_RECORD);
    while (eof && tail && !r->c.stopped) {
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
    if (chiso_csv_core_init(&r->c, name, emit_row, begin_row) != 0) {
        chiso_csv_core_free(&r->c);
        free(r);
        return NULL;
    }
    r->cb = cb;
    r->ctx = ctx;
    r->use_fast = use_fast;
    r->stop_at = UINT64_MAX;
    return r;
}

void fcsv_free(fcsv *r)
{
    if (!r)
        return;
    chiso_csv_core_free(&r->c);
    free(r->buf);
    free(r);
}

chiso_status fcsv_start_mid(fcsv *r, char delim, uint64_t off, chiso_error *err)
{
    if (r->c.parser_ready || r->len)
        return chiso_error_set(err, CHISO_EINTERNAL, NULL, 0, 0, "%s", "fcsv_start_mid on a used reader");
    chiso_status st = chiso_csv_core_start(&r->c, delim, err);
    if (st != CHISO_OK)
        return st;
    r->c.first_line = 0;
    r->c.rows = 1; /* the header is behind us */
    r->base_off = off;
    return CHISO_OK;
}

chiso_status fcsv_space(fcsv *r, size_t want, char **dst, chiso_error *err)
{
    if (r->c.failed) {
        if (err)
            *err = r->c.failed_err;
        return r->c.failed;
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
            return chiso_csv_core_fail(&r->c, err, CHISO_ENOMEM, r->c.line_no + 1, 0, "%s", _("out of memory"));
        r->buf = nb;
        r->cap = ncap;
    }
    memset(r->buf + r->len, 0, FCSV_PAD);
    *dst = r->buf + r->len;
    return CHISO_OK;
}

chiso_status fcsv_commit(fcsv *r, size_t n, chiso_error *err)
{
    if (r->c.failed) {
        if (err)
            *err = r->c.failed_err;
        return r->c.failed;
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
    if (r->c.failed) {
        if (err)
            *err = r->c.failed_err;
        return r->c.failed;
    }
    if (r->c.stopped)
        return CHISO_OK;
    if (r->buf) {
        chiso_status st = run(r, 1, err);
        if (st != CHISO_OK || r->c.stopped || r->at_stop)
            return st;
    }
    return chiso_csv_core_finish(&r->c, err);
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
    return r->c.line_no;
}

long fcsv_rows(const fcsv *r)
{
    return r->c.rows;
}

char fcsv_delim(const fcsv *r)
{
    return r->c.delim;
}

int fcsv_stopped(const fcsv *r)
{
    return r->c.stopped;
}

uint64_t fcsv_offset(const fcsv *r)
{
    return r->base_off + r->pos;
}


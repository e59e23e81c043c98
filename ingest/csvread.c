/*
 * ingest/csvread.c — a streaming CSV reader over libcsv.
 *
 * Input arrives in chunks of any size. It is cut into physical lines (so that every diagnostic knows
 * its line), each line is checked as UTF-8 (or converted from cp1258/TCVN3 through iconv first), and
 * the lines are pushed into libcsv, which handles RFC 4180 quoting, quoted newlines and CR/LF. The
 * fields of a record are copied into one buffer and handed to the caller's callback when libcsv ends
 * the record. libcsv's callbacks cannot stop a parse, so limits are recorded in the context and acted
 * on after the line.
 */
#include "ingest/csvread.h"
#include "ingest/util.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct chiso_csv_reader {
    char *name;
    chiso_csv_row_cb cb;
    void *ctx;
    struct csv_parser parser;
    int parser_ready;
    char delim;
    iconv_t cd;            /* (iconv_t)-1 for UTF-8 input */
    char *inbuf;           /* bytes of an incomplete multibyte sequence kept between chunks */
    size_t inbuf_len;
    chiso_buf line;        /* the current physical line (UTF-8) */
    chiso_buf raw;         /* the raw bytes of the current record */
    long line_no;          /* lines completed so far */
    long rec_line;         /* line the current record started on */
    int in_record;
    /* fields of the current record */
    chiso_buf fieldbuf;
    size_t *offsets, *lens;
    unsigned char *isnull;
    size_t nfields, fcap;
    long rows;
    int stopped;
    int first_line;
    /* problems found inside callbacks, acted on after the line */
    chiso_status pending;
    char pending_msg[512];
    size_t pending_field;  /* the field where the limit was crossed (0-based) */
    chiso_status failed;   /* sticky error */
    chiso_error failed_err;
    /* UTF-16 (Excel's "Unicode Text") is told from the first two bytes */
    unsigned char sniff[2];
    size_t sniff_len;
    int sniffed;
    int cr_pending;        /* the line so far ends with a '\r' that ended a chunk: a '\n' may follow */
};

static chiso_status reader_fail(chiso_csv_reader *r, chiso_error *err, chiso_status code, long line,
                                long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static chiso_status reader_fail(chiso_csv_reader *r, chiso_error *err, chiso_status code, long line,
                                long col, const char *fmt, ...)
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

static void on_field(void *s, size_t len, void *data)
{
    chiso_csv_reader *r = data;
    if (r->pending)
        return;
    if (r->nfields >= CHISO_CSV_MAX_FIELDS) {
        r->pending = CHISO_ELIMIT;
        r->pending_field = r->nfields;
        snprintf(r->pending_msg, sizeof r->pending_msg,
                 _("the record has more than %u fields: is the delimiter right?"),
                 CHISO_CSV_MAX_FIELDS);
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
    if (r->fcap != old_cap) { /* keep the three arrays the same size */
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
    r->isnull[r->nfields] = s == NULL;
    if (s)
        chiso_buf_append(&r->fieldbuf, s, len);
    chiso_buf_append(&r->fieldbuf, "", 1); /* keep the terminator inside the buffer */
    if (r->fieldbuf.oom)
        r->pending = CHISO_ENOMEM;
    r->nfields++;
}

static void on_row(int c, void *data)
{
    (void)c;
    chiso_csv_reader *r = data;
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
    chiso_csv_row row = {r->nfields, fields, r->lens, r->rec_line, r->rows, r->raw.data,
                         r->raw.len, r->delim};
    if (r->cb && r->cb(r->ctx, &row) != 0)
        r->stopped = 1;
    if (fields != fields_small)
        free(fields);
    r->rows++;
    r->nfields = 0;
    chiso_buf_reset(&r->fieldbuf);
    r->in_record = 0;
}

/* The delimiter of the header line: the most frequent of , ; and tab outside quotes. */
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

/* A guess at the 8-bit encoding of a line that is not UTF-8: the tone marks of Windows-1258 are
 * combining bytes (0xCC 0xEC 0xD2 0xDE 0xF2) that follow a letter; TCVN3 has precomposed letters. */
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

static chiso_status ensure_parser(chiso_csv_reader *r, const char *line, size_t n, chiso_error *err)
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

/* libcsv refused the bytes of physical line `lineno` (the line being parsed, not the last one done). */
static chiso_status parse_error(chiso_csv_reader *r, long lineno, chiso_error *err)
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

/* Report the limit recorded by a callback at the field where it was crossed (FILE:LINE:COL). */
static chiso_status pending_fail(chiso_csv_reader *r, chiso_error *err)
{
    chiso_csv_row row = {0, NULL, NULL, r->rec_line, r->rows, r->raw.data, r->raw.len, r->delim};
    long line = r->rec_line, col = 0;
    chiso_csv_field_pos(&row, r->pending_field, &line, &col);
    return reader_fail(r, err, r->pending, line, col, "%s", r->pending_msg);
}

/* One complete physical line (with its newline, or the last line without one). */
static chiso_status process_line(chiso_csv_reader *r, chiso_error *err)
{
    const char *s = r->line.data ? r->line.data : "";
    size_t n = r->line.len;
    long lineno = r->line_no + 1;
    if (r->first_line) {
        r->first_line = 0;
        if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
            (unsigned char)s[2] == 0xBF) {
            s += 3;
            n -= 3;
        }
    }
    /* a NUL byte would silently cut the field it is in (UTF-16 and spreadsheet files hold many) */
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
    chiso_buf_reset(&r->line);
    if (r->pending) {
        if (r->pending == CHISO_ENOMEM)
            return reader_fail(r, err, CHISO_ENOMEM, lineno, 0, "%s", _("out of memory"));
        return pending_fail(r, err);
    }
    return CHISO_OK;
}

/* Split UTF-8 bytes into lines: a line ends with "\n", "\r\n" or a lone "\r" (Excel for Mac's line
 * end, so that records keep their own line numbers). */
static chiso_status push_utf8(chiso_csv_reader *r, const char *p, size_t len, chiso_error *err)
{
    while (len && !r->stopped) {
        if (r->cr_pending) { /* the last chunk ended with '\r': the line ends here, with its '\n' if any */
            r->cr_pending = 0;
            if (*p == '\n') {
                chiso_buf_append(&r->line, p, 1);
                p++;
                len--;
            }
            chiso_status st = process_line(r, err);
            if (st != CHISO_OK)
                return st;
            continue;
        }
        const char *nl = memchr(p, '\n', len);
        const char *cr = memchr(p, '\r', nl ? (size_t)(nl - p) : len);
        int pend = 0;
        if (cr && cr + 1 == p + len) { /* a '\r' at the end of the chunk */
            nl = cr;
            pend = 1;
        } else if (cr && cr[1] != '\n') { /* a lone '\r' ends the line */
            nl = cr;
        }
        size_t take = nl ? (size_t)(nl - p) + 1 : len;
        if (r->line.len + take > CHISO_CSV_MAX_RECORD)
            return reader_fail(r, err, CHISO_ELIMIT, r->line_no + 1, 0,
                               _("the line is longer than %u bytes"), CHISO_CSV_MAX_RECORD);
        chiso_buf_append(&r->line, p, take);
        if (r->line.oom)
            return reader_fail(r, err, CHISO_ENOMEM, r->line_no + 1, 0, "%s", _("out of memory"));
        p += take;
        len -= take;
        if (pend) {
            r->cr_pending = 1;
            continue;
        }
        if (nl) {
            chiso_status st = process_line(r, err);
            if (st != CHISO_OK)
                return st;
        }
    }
    return CHISO_OK;
}

static chiso_status push_converted(chiso_csv_reader *r, const char *data, size_t len, int flush,
                                   chiso_error *err)
{
    /* join the bytes kept from the last chunk with the new ones */
    char *joined = NULL;
    const char *in = data;
    size_t inlen = len;
    if (r->inbuf_len) {
        joined = malloc(r->inbuf_len + len + 1);
        if (!joined)
            return reader_fail(r, err, CHISO_ENOMEM, r->line_no + 1, 0, "%s", _("out of memory"));
        memcpy(joined, r->inbuf, r->inbuf_len);
        if (len)
            memcpy(joined + r->inbuf_len, data, len);
        in = joined;
        inlen = r->inbuf_len + len;
        r->inbuf_len = 0;
    }
    chiso_status st = CHISO_OK;
    char out[16384];
    char *ip = (char *)in;
    size_t ileft = inlen;
    while (ileft > 0 && st == CHISO_OK) {
        char *op = out;
        size_t oleft = sizeof out;
        size_t rc = iconv(r->cd, &ip, &ileft, &op, &oleft);
        int e = errno;
        st = push_utf8(r, out, sizeof out - oleft, err);
        if (st != CHISO_OK)
            break;
        if (rc == (size_t)-1) {
            if (e == E2BIG)
                continue;
            if (e == EINVAL && !flush) { /* an incomplete sequence: keep it for the next chunk */
                free(r->inbuf);
                r->inbuf = malloc(ileft ? ileft : 1);
                if (!r->inbuf) {
                    st = reader_fail(r, err, CHISO_ENOMEM, r->line_no + 1, 0, "%s", _("out of memory"));
                    break;
                }
                memcpy(r->inbuf, ip, ileft);
                r->inbuf_len = ileft;
                break;
            }
            st = reader_fail(r, err, CHISO_EENCODING, r->line_no + 1, 0,
                             _("byte 0x%02X cannot be read in the encoding given with --encoding"),
                             ileft ? (unsigned char)*ip : 0);
            break;
        }
    }
    if (st == CHISO_OK && flush) {
        char *op = out;
        size_t oleft = sizeof out;
        iconv(r->cd, NULL, NULL, &op, &oleft);
        st = push_utf8(r, out, sizeof out - oleft, err);
    }
    free(joined);
    return st;
}

chiso_csv_reader *chiso_csv_reader_new(const char *name, const char *encoding, chiso_csv_row_cb cb,
                                       void *ctx, chiso_error *err)
{
    chiso_csv_reader *r = calloc(1, sizeof *r);
    if (!r) {
        chiso_error_set(err, CHISO_ENOMEM, name, 0, 0, "%s", _("out of memory"));
        return NULL;
    }
    r->name = chiso_strdup(name ? name : "");
    r->cb = cb;
    r->ctx = ctx;
    r->cd = (iconv_t)-1;
    r->first_line = 1;
    chiso_buf_init(&r->line);
    chiso_buf_init(&r->raw);
    chiso_buf_init(&r->fieldbuf);
    if (!r->name) {
        chiso_csv_reader_free(r);
        chiso_error_set(err, CHISO_ENOMEM, name, 0, 0, "%s", _("out of memory"));
        return NULL;
    }
    if (encoding && *encoding && chiso_utf8_casecmp(encoding, "utf-8") != 0 &&
        chiso_utf8_casecmp(encoding, "utf8") != 0) {
        const char *from = NULL;
        if (chiso_utf8_casecmp(encoding, "cp1258") == 0 || chiso_utf8_casecmp(encoding, "windows-1258") == 0)
            from = "CP1258";
        else if (chiso_utf8_casecmp(encoding, "tcvn") == 0 || chiso_utf8_casecmp(encoding, "tcvn3") == 0 ||
                 chiso_utf8_casecmp(encoding, "tcvn5712") == 0)
            from = "TCVN5712-1";
        if (!from) {
            chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                            _("unknown encoding '%s': use utf-8, cp1258 or tcvn"), encoding);
            chiso_csv_reader_free(r);
            return NULL;
        }
        r->cd = iconv_open("UTF-8", from);
        if (r->cd == (iconv_t)-1 && errno == ENOMEM) {
            chiso_error_set(err, CHISO_ENOMEM, name, 0, 0, "%s", _("out of memory"));
            chiso_csv_reader_free(r);
            return NULL;
        }
        if (r->cd == (iconv_t)-1) {
            chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                            _("this system cannot convert from %s (iconv)"), from);
            chiso_csv_reader_free(r);
            return NULL;
        }
    }
    return r;
}

void chiso_csv_reader_free(chiso_csv_reader *r)
{
    if (!r)
        return;
    if (r->parser_ready)
        csv_free(&r->parser);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    free(r->inbuf);
    chiso_buf_free(&r->line);
    chiso_buf_free(&r->raw);
    chiso_buf_free(&r->fieldbuf);
    free(r->offsets);
    free(r->lens);
    free(r->isnull);
    free(r->name);
    free(r);
}

/* The first two bytes tell UTF-16, which Excel writes for "Unicode Text" (tab-separated, with a
 * byte-order mark FF FE) or without a mark when the text starts with an ASCII letter (a NUL byte
 * second or first): such a file is converted to UTF-8 as it is read. */
static chiso_status sniff_utf16(chiso_csv_reader *r, chiso_error *err)
{
    r->sniffed = 1;
    const unsigned char *b = r->sniff;
    const char *from = NULL;
    int bom = 0;
    if (r->cd == (iconv_t)-1 && r->sniff_len == 2) {
        if (b[0] == 0xFF && b[1] == 0xFE)
            from = "UTF-16LE", bom = 1;
        else if (b[0] == 0xFE && b[1] == 0xFF)
            from = "UTF-16BE", bom = 1;
        else if (b[0] != 0 && b[0] < 0x80 && b[1] == 0)
            from = "UTF-16LE";
        else if (b[0] == 0 && b[1] != 0 && b[1] < 0x80)
            from = "UTF-16BE";
    }
    if (from) {
        r->cd = iconv_open("UTF-8", from);
        if (r->cd == (iconv_t)-1)
            return reader_fail(r, err, errno == ENOMEM ? CHISO_ENOMEM : CHISO_EENCODING, 1, 1,
                               _("the file is UTF-16 and this system cannot convert from %s (iconv)"), from);
    }
    if (bom || r->sniff_len == 0)
        return CHISO_OK;
    if (r->cd != (iconv_t)-1)
        return push_converted(r, (const char *)b, r->sniff_len, 0, err);
    return push_utf8(r, (const char *)b, r->sniff_len, err);
}

chiso_status chiso_csv_feed(chiso_csv_reader *r, const void *data, size_t len, chiso_error *err)
{
    if (r->failed) {
        if (err)
            *err = r->failed_err;
        return r->failed;
    }
    if (r->stopped || len == 0)
        return CHISO_OK;
    if (!r->sniffed) {
        const unsigned char *p = data;
        while (len && r->sniff_len < 2) {
            r->sniff[r->sniff_len++] = *p++;
            len--;
        }
        data = p;
        if (r->sniff_len < 2)
            return CHISO_OK;
        chiso_status st = sniff_utf16(r, err);
        if (st != CHISO_OK || len == 0 || r->stopped)
            return st;
    }
    if (r->cd != (iconv_t)-1)
        return push_converted(r, data, len, 0, err);
    return push_utf8(r, data, len, err);
}

chiso_status chiso_csv_finish(chiso_csv_reader *r, chiso_error *err)
{
    if (r->failed) {
        if (err)
            *err = r->failed_err;
        return r->failed;
    }
    chiso_status st = CHISO_OK;
    if (!r->sniffed)
        st = sniff_utf16(r, err); /* a file of one byte */
    if (st == CHISO_OK && r->cd != (iconv_t)-1 && !r->stopped)
        st = push_converted(r, "", 0, 1, err);
    if (st != CHISO_OK)
        return st;
    if (r->stopped)
        return CHISO_OK;
    r->cr_pending = 0;
    if (r->line.len) {
        st = process_line(r, err);
        if (st != CHISO_OK)
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

long chiso_csv_rows(const chiso_csv_reader *r)
{
    return r->rows;
}

char chiso_csv_delim(const chiso_csv_reader *r)
{
    return r->delim;
}

void chiso_csv_field_pos(const chiso_csv_row *row, size_t i, long *line, long *col)
{
    if (row->cells) {
        *line = row->line;
        *col = (long)i + 1;
        return;
    }
    long ln = row->line, c = 1;
    size_t field = 0;
    int inq = 0;
    const char *s = row->raw ? row->raw : "";
    size_t n = row->raw_len;
    size_t k = 0;
    while (k < n && field < i) {
        char ch = s[k];
        if (ch == '"')
            inq = !inq;
        else if (!inq && ch == row->delim)
            field++;
        if (ch == '\n' || (ch == '\r' && (k + 1 >= n || s[k + 1] != '\n'))) {
            ln++;
            c = 1;
        } else if (((unsigned char)ch & 0xC0) != 0x80) {
            c++;
        }
        k++;
    }
    *line = ln;
    *col = c;
}

chiso_status chiso_csv_read_file(const char *path, const char *name, const char *encoding,
                                 chiso_csv_row_cb cb, void *ctx, chiso_error *err)
{
    chiso_status st = CHISO_OK;
    chiso_csv_reader *r = NULL;
    char *buf = NULL;
    int fd = chiso_open_regular(path, name, err);
    if (fd < 0)
        return err ? err->code : CHISO_EIO;
    r = chiso_csv_reader_new(name, encoding, cb, ctx, err);
    if (!r) {
        st = err ? err->code : CHISO_ENOMEM;
        goto done;
    }
    buf = malloc(65536);
    if (!buf) {
        st = chiso_error_set(err, CHISO_ENOMEM, name, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    for (;;) {
        ssize_t got = read(fd, buf, 65536);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            st = chiso_error_set(err, CHISO_EIO, name, 0, 0, _("cannot read the file: %s"),
                                 strerror(errno));
            goto done;
        }
        if (got == 0)
            break;
        st = chiso_csv_feed(r, buf, (size_t)got, err);
        if (st != CHISO_OK)
            goto done;
    }
    st = chiso_csv_finish(r, err);
done:
    free(buf);
    chiso_csv_reader_free(r);
    close(fd);
    return st;
}

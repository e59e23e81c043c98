/*
 * ingest/csvcore.c — libcsv driven line by line, for the CSV reader (csvread.c) and the export reader of
 * `chiso aggregate` (aggregate/fastcsv.c): the same records, line numbers, limits and messages from both
 * (ingest/csvcore.h).
 */
#include "ingest/csvcore.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int chiso_csv_core_init(chiso_csv_core *r, const char *name, chiso_csv_emit_fn emit, chiso_csv_begin_fn begin)
{
    memset(r, 0, sizeof *r);
    r->name = chiso_strdup(name ? name : "");
    r->emit = emit;
    r->begin = begin;
    r->first_line = 1;
    chiso_buf_init(&r->raw);
    chiso_buf_init(&r->fieldbuf);
    return r->name ? 0 : -1;
}

void chiso_csv_core_free(chiso_csv_core *r)
{
    if (r->parser_ready)
        csv_free(&r->parser);
    chiso_buf_free(&r->raw);
    chiso_buf_free(&r->fieldbuf);
    free(r->offsets);
    free(r->lens);
    free(r->isnull);
    free(r->name);
    r->parser_ready = 0;
    r->offsets = r->lens = NULL;
    r->isnull = NULL;
    r->name = NULL;
}

chiso_status chiso_csv_core_fail(chiso_csv_core *r, chiso_error *err, chiso_status code, long line, long col,
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

static void on_field(void *s, size_t len, void *data)
{
    chiso_csv_core *r = data;
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
    chiso_csv_core *r = data;
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
    if (r->emit && r->emit(r, fields) != 0)
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

chiso_status chiso_csv_core_start(chiso_csv_core *r, char delim, chiso_error *err)
{
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
        return chiso_csv_core_fail(r, err, CHISO_ENOMEM, 0, 0, "%s", _("out of memory"));
    /* libcsv grows a field's buffer by its block size (128 bytes by default): a 1 MB field then costs
     * 8 000 reallocations, seconds under ASan. Grow by 16 KiB. */
    csv_set_blk_size(&r->parser, 16384);
    r->delim = delim;
    csv_set_delim(&r->parser, (unsigned char)delim);
    r->parser_ready = 1;
    return CHISO_OK;
}

static chiso_status ensure_parser(chiso_csv_core *r, const char *line, size_t n, chiso_error *err)
{
    if (r->parser_ready)
        return CHISO_OK;
    return chiso_csv_core_start(r, detect_delim(line, n), err);
}


static chiso_status parse_error(chiso_csv_core *r, long lineno, chiso_error *err)
{
    int e = csv_error(&r->parser);
    if (e == CSV_ENOMEM)
        return chiso_csv_core_fail(r, err, CHISO_ENOMEM, lineno, 0, "%s", _("out of memory"));
    if (e == CSV_ETOOBIG)
        return chiso_csv_core_fail(r, err, CHISO_ELIMIT, lineno, 0, "%s", _("a field is too big"));
    return chiso_csv_core_fail(r, err, CHISO_EPARSE, lineno, 0, "%s",
                       _("malformed quoting: a quote inside a field must be doubled (\"\") and a "
                         "quoted field must end with a quote before the delimiter"));
}

/* Where field i of a record starts (ingest/csvread.h). */
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

/* Report the limit recorded by a callback at the field where it was crossed (FILE:LINE:COL). */
static chiso_status pending_fail(chiso_csv_core *r, chiso_error *err)
{
    chiso_csv_row row = {0, NULL, NULL, r->rec_line, r->rows, r->raw.data, r->raw.len, r->delim};
    long line = r->rec_line, col = 0;
    chiso_csv_field_pos(&row, r->pending_field, &line, &col);
    return chiso_csv_core_fail(r, err, r->pending, line, col, "%s", r->pending_msg);
}

chiso_status chiso_csv_core_line(chiso_csv_core *r, const char *s, size_t n, chiso_error *err)
{
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
        return chiso_csv_core_fail(r, err, CHISO_EENCODING, lineno, (long)chiso_utf8_chars(s, (size_t)(nul - s)) + 1,
                           "%s",
                           _("the file holds a NUL byte: it is not a UTF-8 text file (UTF-16? a "
                             "spreadsheet?); save it as CSV UTF-8"));
    size_t valid = chiso_utf8_valid_prefix((const unsigned char *)s, n);
    if (valid < n) {
        const char *enc = guess_encoding((const unsigned char *)s, n);
        return chiso_csv_core_fail(r, err, CHISO_EENCODING, lineno, (long)chiso_utf8_chars(s, valid) + 1,
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
        if (r->begin)
            r->begin(r);
        chiso_buf_reset(&r->raw);
    }
    if (r->in_record) {
        if (r->raw.len + n > CHISO_CSV_MAX_RECORD)
            return chiso_csv_core_fail(r, err, CHISO_ELIMIT, r->rec_line, 0,
                               _("the record is longer than %u bytes: is a quote left open?"),
                               CHISO_CSV_MAX_RECORD);
        chiso_buf_append(&r->raw, s, n);
        if (r->raw.oom)
            return chiso_csv_core_fail(r, err, CHISO_ENOMEM, lineno, 0, "%s", _("out of memory"));
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
            return chiso_csv_core_fail(r, err, CHISO_ENOMEM, lineno, 0, "%s", _("out of memory"));
        return pending_fail(r, err);
    }
    return CHISO_OK;
}


chiso_status chiso_csv_core_finish(chiso_csv_core *r, chiso_error *err)
{
    if (!r->parser_ready)
        return CHISO_OK;
    if (csv_fini(&r->parser, on_field, on_row, r) != 0)
        return chiso_csv_core_fail(r, err, CHISO_EPARSE, r->rec_line, 0, "%s",
                                   _("the file ends inside a quoted field: a closing quote is missing"));
    if (r->pending)
        return pending_fail(r, err);
    return CHISO_OK;
}

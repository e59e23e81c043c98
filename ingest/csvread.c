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
#include "ingest/csvcore.h"
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct chiso_csv_reader {
    chiso_csv_core c;      /* first: libcsv line by line (csvcore.h) */
    chiso_csv_row_cb cb;
    void *ctx;
    iconv_t cd;            /* (iconv_t)-1 for UTF-8 input */
    char *inbuf;           /* bytes of an incomplete multibyte sequence kept between chunks */
    size_t inbuf_len;
    chiso_buf line;        /* the current physical line (UTF-8) */
    /* UTF-16 (Excel's "Unicode Text") is told from the first two bytes */
    unsigned char sniff[2];
    size_t sniff_len;
    int sniffed;
    int cr_pending;        /* the line so far ends with a '\r' that ended a chunk: a '\n' may follow */
};

/* A record, to the caller's callback. */
static int emit_row(chiso_csv_core *c, const char **fields)
{
    chiso_csv_reader *r = (chiso_csv_reader *)c; /* the core is its first member */
    chiso_csv_row row = {c->nfields, fields, c->lens, c->rec_line, c->rows, c->raw.data, c->raw.len, c->delim};
    return r->cb && r->cb(r->ctx, &row) != 0;
}

/* One complete physical line (with its newline, or the last line without one). */
static chiso_status process_line(chiso_csv_reader *r, chiso_error *err)
{
    chiso_status st = chiso_csv_core_line(&r->c, r->line.data ? r->line.data : "", r->line.len, err);
    chiso_buf_reset(&r->line);
    return st;
}

/* Split UTF-8 bytes into lines: a line ends with "\n", "\r\n" or a lone "\r" (Excel for Mac's line
 * end, so that records keep their own line numbers). */
static chiso_status push_utf8(chiso_csv_reader *r, const char *p, size_t len, chiso_error *err)
{
    while (len && !r->c.stopped) {
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
            return chiso_csv_core_fail(&r->c, err, CHISO_ELIMIT, r->c.line_no + 1, 0,
                               _("the line is longer than %u bytes"), CHISO_CSV_MAX_RECORD);
        chiso_buf_append(&r->line, p, take);
        if (r->line.oom)
            return chiso_csv_core_fail(&r->c, err, CHISO_ENOMEM, r->c.line_no + 1, 0, "%s", _("out of memory"));
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
            return chiso_csv_core_fail(&r->c, err, CHISO_ENOMEM, r->c.line_no + 1, 0, "%s", _("out of memory"));
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
                    st = chiso_csv_core_fail(&r->c, err, CHISO_ENOMEM, r->c.line_no + 1, 0, "%s", _("out of memory"));
                    break;
                }
                memcpy(r->inbuf, ip, ileft);
                r->inbuf_len = ileft;
                break;
            }
            st = chiso_csv_core_fail(&r->c, err, CHISO_EENCODING, r->c.line_no + 1, 0,
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
    int bad = chiso_csv_core_init(&r->c, name, emit_row, NULL);
    r->cb = cb;
    r->ctx = ctx;
    r->cd = (iconv_t)-1;
    chiso_buf_init(&r->line);
    if (bad) {
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
    chiso_csv_core_free(&r->c);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    free(r->inbuf);
    chiso_buf_free(&r->line);
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
            return chiso_csv_core_fail(&r->c, err, errno == ENOMEM ? CHISO_ENOMEM : CHISO_EENCODING, 1, 1,
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
    if (r->c.failed) {
        if (err)
            *err = r->c.failed_err;
        return r->c.failed;
    }
    if (r->c.stopped || len == 0)
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
        if (st != CHISO_OK || len == 0 || r->c.stopped)
            return st;
    }
    if (r->cd != (iconv_t)-1)
        return push_converted(r, data, len, 0, err);
    return push_utf8(r, data, len, err);
}

chiso_status chiso_csv_finish(chiso_csv_reader *r, chiso_error *err)
{
    if (r->c.failed) {
        if (err)
            *err = r->c.failed_err;
        return r->c.failed;
    }
    chiso_status st = CHISO_OK;
    if (!r->sniffed)
        st = sniff_utf16(r, err); /* a file of one byte */
    if (st == CHISO_OK && r->cd != (iconv_t)-1 && !r->c.stopped)
        st = push_converted(r, "", 0, 1, err);
    if (st != CHISO_OK)
        return st;
    if (r->c.stopped)
        return CHISO_OK;
    r->cr_pending = 0;
    if (r->line.len) {
        st = process_line(r, err);
        if (st != CHISO_OK)
            return st;
    }
    return chiso_csv_core_finish(&r->c, err);
}

long chiso_csv_rows(const chiso_csv_reader *r)
{
    return r->c.rows;
}

char chiso_csv_delim(const chiso_csv_reader *r)
{
    return r->c.delim;
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

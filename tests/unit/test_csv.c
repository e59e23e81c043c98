/* tests/unit/test_csv.c — the streaming CSV reader (ingest/csvread.h).
 *
 * Each input is read whole, then fed again in every chunk size from 1 to its length (as libcsv's own
 * test_csv.c does) and split in two at every byte: the rows, fields, NULL-vs-empty, record lines and
 * field positions must come out the same every time, and so must an error. The expected rows are
 * written out by hand from RFC 4180 and datasets/FORMAT.md "Files and the CSV dialect". */
#include "testutil.h"

#include "chiso/common.h"
#include "ingest/csvread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a transcript of what the reader delivers -------------------------------------------------- */

typedef struct out {
    char *s;
    size_t len, cap;
    int stop_after; /* stop after this many rows (0: never) */
    long rows;
} out;

static void out_add(out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (cap < o->len + n + 1)
            cap *= 2;
        o->s = realloc(o->s, cap);
        assert_non_null(o->s);
        o->cap = cap;
    }
    memcpy(o->s + o->len, s, n);
    o->len += n;
    o->s[o->len] = '\0';
}

static void out_printf(out *o, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    out_add(o, tmp, (size_t)n);
}

/* "L<line>: [field]@line:col [field]@line:col …" per row; NULL fields are written <NULL>, newlines
 * inside fields \n and \r. Long fields are summarised by their length. */
static int on_row(void *ctx, const chiso_csv_row *row)
{
    out *o = ctx;
    assert_int_equal(row->index, o->rows);
    out_printf(o, "L%ld:", row->line);
    for (size_t i = 0; i < row->nfields; i++) {
        long line, col;
        chiso_csv_field_pos(row, i, &line, &col);
        if (!row->fields[i]) {
            assert_int_equal(row->lens[i], 0);
            out_printf(o, " <NULL>@%ld:%ld", line, col);
            continue;
        }
        assert_int_equal(strlen(row->fields[i]), row->lens[i]);
        out_add(o, " [", 2);
        if (row->lens[i] > 200) {
            out_printf(o, "%zu bytes", row->lens[i]);
        } else {
            for (const char *p = row->fields[i]; *p; p++) {
                if (*p == '\n')
                    out_add(o, "\\n", 2);
                else if (*p == '\r')
                    out_add(o, "\\r", 2);
                else
                    out_add(o, p, 1);
            }
        }
        out_printf(o, "]@%ld:%ld", line, col);
    }
    out_add(o, "\n", 1);
    o->rows++;
    return o->stop_after && o->rows >= o->stop_after;
}

/* Read data fed at the given cut points (ascending, within len); append the final status and error. */
static char *read_cuts(const char *data, size_t len, const size_t *cuts, size_t ncuts, const char *enc,
                       int stop_after)
{
    out o = {NULL, 0, 0, stop_after, 0};
    out_add(&o, "", 0);
    chiso_error err;
    chiso_error_clear(&err);
    chiso_csv_reader *r = chiso_csv_reader_new("t.csv", enc, on_row, &o, &err);
    assert_non_null(r);
    chiso_status st = CHISO_OK;
    size_t at = 0;
    for (size_t k = 0; k <= ncuts && st == CHISO_OK; k++) {
        size_t to = k < ncuts ? cuts[k] : len;
        st = chiso_csv_feed(r, data + at, to - at, &err);
        at = to;
    }
    if (st == CHISO_OK)
        st = chiso_csv_finish(r, &err);
    if (st != CHISO_OK) {
        char buf[2048];
        chiso_error_format(&err, buf, sizeof buf);
        out_printf(&o, "status %d: %.400s\n", (int)st, buf);
        /* the error is sticky */
        chiso_error again;
        assert_int_equal(chiso_csv_feed(r, "x\n", 2, &again), st);
        assert_string_equal(again.msg, err.msg);
        assert_int_equal(chiso_csv_finish(r, &again), st);
    } else {
        out_printf(&o, "rows %ld delim '%c'\n", chiso_csv_rows(r), chiso_csv_delim(r) ? chiso_csv_delim(r) : '0');
    }
    chiso_csv_reader_free(r);
    return o.s;
}

/* Read data whole, compare with `want` (NULL: print it and fail), then in every chunk size and at
 * every two-way split, compare with the whole reading. */
static void check_all_chunkings_at(const char *data, size_t len, const char *enc, const char *want,
                                   const char *file, int line)
{
    char *whole = read_cuts(data, len, NULL, 0, enc, 0);
    if (!want || strcmp(whole, want) != 0) {
        print_error("read whole:\n%s\nexpected:\n%s\n", whole, want ? want : "(nothing)");
        free(whole);
        _fail(file, line);
        return;
    }
    size_t *cuts = malloc((len + 1) * sizeof *cuts);
    assert_non_null(cuts);
    for (size_t chunk = 1; chunk <= len; chunk++) {
        size_t n = 0;
        for (size_t at = chunk; at < len; at += chunk)
            cuts[n++] = at;
        char *got = read_cuts(data, len, cuts, n, enc, 0);
        if (strcmp(got, whole) != 0) {
            print_error("chunk size %zu:\n%s\nwhole:\n%s\n", chunk, got, whole);
            free(got);
            free(whole);
            free(cuts);
            _fail(file, line);
            return;
        }
        free(got);
    }
    for (size_t split = 0; split <= len; split++) {
        cuts[0] = split;
        char *got = read_cuts(data, len, cuts, 1, enc, 0);
        if (strcmp(got, whole) != 0) {
            print_error("split at byte %zu:\n%s\nwhole:\n%s\n", split, got, whole);
            free(got);
            free(whole);
            free(cuts);
            _fail(file, line);
            return;
        }
        free(got);
    }
    free(cuts);
    free(whole);
}
#define check_csv(data, want) check_all_chunkings_at(data, strlen(data), NULL, want, __FILE__, __LINE__)
#define check_csv_n(data, len, enc, want) check_all_chunkings_at(data, len, enc, want, __FILE__, __LINE__)

/* ---- well-formed inputs ------------------------------------------------------------------------ */

static void test_plain(void **state)
{
    (void)state;
    check_csv("unit,indicator,value\ndbk-hp,admitted,712\ndbk-hp,members,5.356\n",
              "L1: [unit]@1:1 [indicator]@1:6 [value]@1:16\n"
              "L2: [dbk-hp]@2:1 [admitted]@2:8 [712]@2:17\n"
              "L3: [dbk-hp]@3:1 [members]@3:8 [5.356]@3:16\n"
              "rows 3 delim ','\n");
}

/* A quoted field keeps its delimiters; a doubled quote is one quote; the field's position is that
 * of its opening quote. */
static void test_quotes(void **state)
{
    (void)state;
    check_csv("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",z\n",
              "L1: [a]@1:1 [b]@1:3 [c]@1:5\n"
              "L2: [x,y]@2:1 [say \"hi\"]@2:7 [z]@2:20\n"
              "rows 2 delim ','\n");
    /* an empty quoted field is "" (present), an empty unquoted field is NULL (missing) */
    check_csv("a,b,c,d\n,\"\",x,\n",
              "L1: [a]@1:1 [b]@1:3 [c]@1:5 [d]@1:7\n"
              "L2: <NULL>@2:1 []@2:2 [x]@2:5 <NULL>@2:7\n"
              "rows 2 delim ','\n");
}

/* Quoted newlines: the record starts on its first line, the next record two lines later, and a
 * field after the newline is located on the later line. */
static void test_quoted_newlines(void **state)
{
    (void)state;
    check_csv("a,b\n\"line 1\nline 2\",z\n3,4\n",
              "L1: [a]@1:1 [b]@1:3\n"
              "L2: [line 1\\nline 2]@2:1 [z]@3:9\n"
              "L4: [3]@4:1 [4]@4:3\n"
              "rows 3 delim ','\n");
    check_csv("a,b\n\"\n\n\",\"x\ny\"\n5,6\n",
              "L1: [a]@1:1 [b]@1:3\n"
              "L2: [\\n\\n]@2:1 [x\\ny]@4:3\n"
              "L6: [5]@6:1 [6]@6:3\n"
              "rows 3 delim ','\n");
}

/* CRLF line ends (and a quoted CRLF kept as written). */
static void test_crlf(void **state)
{
    (void)state;
    check_csv("a,b\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r\n",
              "L1: [a]@1:1 [b]@1:3\n"
              "L2: [1]@2:1 [2]@2:3\n"
              "L3: [x\\r\\ny]@3:1 [3]@4:4\n"
              "L5: [4]@5:1 [5]@5:3\n"
              "rows 4 delim ','\n");
}

/* A UTF-8 byte-order mark is not part of the first column's name, nor of its position. */
static void test_bom(void **state)
{
    (void)state;
    check_csv("\xEF\xBB\xBFunit,term\r\ndbk-hp,V\r\n",
              "L1: [unit]@1:1 [term]@1:6\n"
              "L2: [dbk-hp]@2:1 [V]@2:8\n"
              "rows 2 delim ','\n");
}

/* ';' (Excel in a Vietnamese locale) and tab delimiters, detected from the header line; the ','
 * of a decimal comma is then an ordinary character. */
static void test_other_delimiters(void **state)
{
    (void)state;
    check_csv("unit;value;note\ndbk-hp;64,5%;\"a;b\"\n",
              "L1: [unit]@1:1 [value]@1:6 [note]@1:12\n"
              "L2: [dbk-hp]@2:1 [64,5%]@2:8 [a;b]@2:14\n"
              "rows 2 delim ';'\n");
    check_csv("unit\tvalue\tnote\ndbk-hp\t1,5\t\n",
              "L1: [unit]@1:1 [value]@1:6 [note]@1:12\n"
              "L2: [dbk-hp]@2:1 [1,5]@2:8 <NULL>@2:12\n"
              "rows 2 delim '\t'\n");
    /* the most frequent of the three outside quotes wins: two ';' against one ',' inside quotes */
    check_csv("\"a,b\";c;d\n1;2;3\n",
              "L1: [a,b]@1:1 [c]@1:7 [d]@1:9\n"
              "L2: [1]@2:1 [2]@2:3 [3]@2:5\n"
              "rows 2 delim ';'\n");
}

/* No final newline; blank lines between records are skipped and do not shift the line numbers. */
static void test_no_final_newline_and_blank_lines(void **state)
{
    (void)state;
    check_csv("a,b\n1,2", "L1: [a]@1:1 [b]@1:3\nL2: [1]@2:1 [2]@2:3\nrows 2 delim ','\n");
    check_csv("a,b\n1,\"x\ny\"", "L1: [a]@1:1 [b]@1:3\nL2: [1]@2:1 [x\\ny]@2:3\nrows 2 delim ','\n");
    check_csv("a,b\n\n1,2\n\r\n\n3,4\n\n",
              "L1: [a]@1:1 [b]@1:3\nL3: [1]@3:1 [2]@3:3\nL6: [3]@6:1 [4]@6:3\nrows 3 delim ','\n");
    check_csv("\n\na,b\n1,2\n", "L3: [a]@3:1 [b]@3:3\nL4: [1]@4:1 [2]@4:3\nrows 2 delim ','\n");
    check_csv("", "rows 0 delim '0'\n");
    check_csv("a,b\n", "L1: [a]@1:1 [b]@1:3\nrows 1 delim ','\n");
}

/* Positions count UTF-8 characters: "đơn vị" is 6 characters (9 bytes). */
static void test_utf8_positions(void **state)
{
    (void)state;
    check_csv("đơn vị,năm\n\"Đảng, bộ\",2020\n",
              "L1: [đơn vị]@1:1 [năm]@1:8\n"
              "L2: [Đảng, bộ]@2:1 [2020]@2:12\n"
              "rows 2 delim ','\n");
}

/* A callback that returns non-zero stops the reading; the rest is ignored without error. */
static void test_stop(void **state)
{
    (void)state;
    const char *data = "a\n1\n2\n\"unterminated\n";
    char *got = read_cuts(data, strlen(data), NULL, 0, NULL, 2);
    assert_string_equal(got, "L1: [a]@1:1\nL2: [1]@2:1\nrows 2 delim ','\n");
    free(got);
}

/* ---- errors ------------------------------------------------------------------------------------ */

/* Bytes that are not UTF-8: the line, the character column of the first bad byte, and a guess of
 * the encoding in the message. */
static void test_invalid_utf8(void **state)
{
    (void)state;
    check_csv("a,b\n1,\xFF\n", "L1: [a]@1:1 [b]@1:3\nstatus 8: t.csv:2:3: error: the file is not UTF-8 "
                               "(byte 0xFF); it looks like TCVN3: convert it to UTF-8 or read it with "
                               "--encoding tcvn\n");
    /* "Đảng viên" in Windows-1258: Đ = D0, ả = a + combining hook D2, ê = EA (iconv -t CP1258) */
    check_csv("unit,name\nx,\xD0" "a\xD2ng vi\xEAn\n",
              "L1: [unit]@1:1 [name]@1:6\nstatus 8: t.csv:2:3: error: the file is not UTF-8 (byte "
              "0xD0); it looks like Windows-1258: convert it to UTF-8 or read it with --encoding cp1258\n");
    /* the same words in TCVN3: Đ = A7, ả = B6, ê = AA (iconv -t TCVN5712-1) */
    check_csv("unit,name\nx,\xA7\xB6ng vi\xAAn\n",
              "L1: [unit]@1:1 [name]@1:6\nstatus 8: t.csv:2:3: error: the file is not UTF-8 (byte "
              "0xA7); it looks like TCVN3: convert it to UTF-8 or read it with --encoding tcvn\n");
    /* the column counts the valid characters before the bad byte: "Hải Phòng," is 10 */
    check_csv("a,b\nHải Phòng,\xC3\x28\n",
              "L1: [a]@1:1 [b]@1:3\nstatus 8: t.csv:2:11: error: the file is not UTF-8 (byte 0xC3); "
              "it looks like TCVN3: convert it to UTF-8 or read it with --encoding tcvn\n");
    /* overlong encodings and UTF-16 surrogates are not UTF-8 either */
    check_csv("a\n\xC0\xAF\n", "L1: [a]@1:1\nstatus 8: t.csv:2:1: error: the file is not UTF-8 (byte "
                               "0xC0); it looks like TCVN3: convert it to UTF-8 or read it with "
                               "--encoding tcvn\n");
    check_csv("a\n\xED\xA0\x80\n", "L1: [a]@1:1\nstatus 8: t.csv:2:1: error: the file is not UTF-8 "
                                   "(byte 0xED); it looks like TCVN3: convert it to UTF-8 or read it "
                                   "with --encoding tcvn\n");
}

/* A NUL byte (a UTF-16 file, a binary file) is refused at its place instead of cutting the field. */
/* Lines ended by a lone carriage return (Excel for Mac's "CSV (Macintosh)"): each record keeps its own
 * line number, whatever the chunking (a '\r' at the end of a chunk waits for a possible '\n'); a
 * quoted lone '\r' moves the next field's line as a '\n' does. */
static void test_cr_only(void **state)
{
    (void)state;
    check_csv("a,b\r1,2\r\"x\ry\",3\r4,5\r",
              "L1: [a]@1:1 [b]@1:3\n"
              "L2: [1]@2:1 [2]@2:3\n"
              "L3: [x\\ry]@3:1 [3]@4:4\n"
              "L5: [4]@5:1 [5]@5:3\n"
              "rows 4 delim ','\n");
    /* the three line ends mixed in one file, and no end at the end */
    check_csv("a,b\r1,2\r\n3,4\n5,6",
              "L1: [a]@1:1 [b]@1:3\n"
              "L2: [1]@2:1 [2]@2:3\n"
              "L3: [3]@3:1 [4]@3:3\n"
              "L4: [5]@4:1 [6]@4:3\n"
              "rows 4 delim ','\n");
}

/* UTF-16, as Excel saves "Unicode Text" (a byte-order mark FF FE, tab-separated, CRLF), little- or
 * big-endian, with or without the mark: converted to UTF-8 as it is read, in any chunking (the
 * two bytes that tell it may arrive one at a time). */
static void test_utf16(void **state)
{
    (void)state;
    /* "đv\tsố\r\n1\t5.356\r\n" */
    static const char le[] = "\xFF\xFE\x11\x01v\0\t\0s\0\xD1\x1E\r\0\n\0" "1\0\t\0" "5\0.\0" "3\0" "5\0" "6\0\r\0\n\0";
    static const char be[] = "\xFE\xFF\x01\x11\0v\0\t\0s\x1E\xD1\0\r\0\n\0" "1\0\t\0" "5\0.\0" "3\0" "5\0" "6\0\r\0\n";
    const char *want = "L1: [đv]@1:1 [số]@1:4\nL2: [1]@2:1 [5.356]@2:3\nrows 2 delim '\t'\n";
    check_csv_n(le, sizeof le - 1, NULL, want);
    check_csv_n(be, sizeof be - 1, NULL, want);
    /* without the mark: the NUL after the first ASCII letter tells UTF-16LE */
    static const char nobom[] = "a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0";
    check_csv_n(nobom, sizeof nobom - 1, NULL, "L1: [a]@1:1 [b]@1:3\nL2: [1]@2:1 [2]@2:3\nrows 2 delim ','\n");
}

static void test_nul_byte(void **state)
{
    (void)state;
    static const char data[] = "a,b\n1,x\0y\n";
    check_csv_n(data, sizeof data - 1, NULL,
                "L1: [a]@1:1 [b]@1:3\nstatus 8: t.csv:2:4: error: the file holds a NUL byte: it is not "
                "a UTF-8 text file (UTF-16? a spreadsheet?); save it as CSV UTF-8\n");
}

/* An unterminated quote at the end of the file, and a stray quote inside a field: both named at the
 * line where their record starts. */
static void test_bad_quotes(void **state)
{
    (void)state;
    check_csv("a,b\n1,2\n3,\"abc\n4,5\n",
              "L1: [a]@1:1 [b]@1:3\nL2: [1]@2:1 [2]@2:3\nstatus 4: t.csv:3: error: the file ends inside a "
              "quoted field: a closing quote is missing\n");
    check_csv("a,b\n1,2\n3,\"x\"y\n5,6\n",
              "L1: [a]@1:1 [b]@1:3\nL2: [1]@2:1 [2]@2:3\nstatus 4: t.csv:3: error: malformed quoting: a "
              "quote inside a field must be doubled (\"\") and a quoted field must end with a quote "
              "before the delimiter\n");
    /* a stray quote on the second line of a quoted record names that line */
    check_csv("a,b\n\"x\ny\"z,1\n",
              "L1: [a]@1:1 [b]@1:3\nstatus 4: t.csv:3: error: malformed quoting: a quote inside a "
              "field must be doubled (\"\") and a quoted field must end with a quote before the "
              "delimiter\n");
}

/* A field longer than CHISO_CSV_MAX_FIELD bytes and a record with more than CHISO_CSV_MAX_FIELDS
 * fields: CHISO_ELIMIT at the field where the limit is crossed. The limits themselves are allowed. */
static void test_limits(void **state)
{
    (void)state;
    size_t n = CHISO_CSV_MAX_FIELD + 1;
    char *big = malloc(n + 16);
    assert_non_null(big);
    memcpy(big, "a\n", 2);
    memset(big + 2, 'x', n);
    memcpy(big + 2 + n, "\n", 2);
    char *got = read_cuts(big, strlen(big), NULL, 0, NULL, 0);
    assert_string_equal(got, "L1: [a]@1:1\nstatus 7: t.csv:2:1: error: field 1 is longer than 65536 bytes: "
                             "is a quote left open?\n");
    free(got);
    /* exactly the limit is fine; feed it in 1000-byte chunks */
    big[2 + CHISO_CSV_MAX_FIELD] = '\n';
    big[3 + CHISO_CSV_MAX_FIELD] = '\0';
    size_t len = strlen(big), cuts[100], nc = 0;
    for (size_t at = 1000; at < len; at += 1000)
        cuts[nc++] = at;
    got = read_cuts(big, len, cuts, nc, NULL, 0);
    assert_string_equal(got, "L1: [a]@1:1\nL2: [65536 bytes]@2:1\nrows 2 delim ','\n");
    free(got);
    free(big);

    /* 513 fields; 512 are fine */
    char *wide = malloc(4 * 520 + 16);
    assert_non_null(wide);
    size_t w = 0;
    memcpy(wide, "a\n", 2);
    w = 2;
    for (unsigned i = 0; i < CHISO_CSV_MAX_FIELDS + 1; i++) {
        wide[w++] = i ? ',' : 'x';
        if (i)
            wide[w++] = 'y';
    }
    wide[w++] = '\n';
    wide[w] = '\0';
    got = read_cuts(wide, w, NULL, 0, NULL, 0);
    assert_string_equal(got, "L1: [a]@1:1\nstatus 7: t.csv:2:1025: error: the record has more than 512 fields: is "
                             "the delimiter right?\n");
    free(got);
    /* drop the last field: 512 */
    w -= 3;
    wide[w++] = '\n';
    wide[w] = '\0';
    chiso_error err;
    long rows = 0;
    chiso_csv_reader *r = chiso_csv_reader_new("t.csv", NULL, NULL, NULL, &err);
    assert_int_equal(chiso_csv_feed(r, wide, w, &err), CHISO_OK);
    assert_int_equal(chiso_csv_finish(r, &err), CHISO_OK);
    rows = chiso_csv_rows(r);
    assert_int_equal(rows, 2);
    chiso_csv_reader_free(r);
    free(wide);
}

/* A record over 1 MiB (a quote left open on a big file) stops at the record's first line. */
static void test_record_limit(void **state)
{
    (void)state;
    size_t n = CHISO_CSV_MAX_RECORD + 100;
    char *data = malloc(n + 1);
    assert_non_null(data);
    memcpy(data, "a\n\"", 3);
    for (size_t i = 3; i < n; i++)
        data[i] = i % 100 == 0 ? '\n' : 'x';
    data[n] = '\0';
    char *got = read_cuts(data, n, NULL, 0, NULL, 0);
    assert_non_null(strstr(got, "status 7: t.csv:2: error:"));
    free(got);
    free(data);
}

/* ---- encodings --------------------------------------------------------------------------------- */

/* "Đảng viên" in Windows-1258 and TCVN3 reads back as UTF-8 "Đảng viên", however the bytes are cut
 * (including between a base letter and its combining tone mark in Windows-1258). */
static void test_encodings(void **state)
{
    (void)state;
    static const char cp1258[] = "unit,name\nx,\xD0" "a\xD2ng vi\xEAn\ny,\xD0" "a\xD2ng\n";
    static const char tcvn[] = "unit,name\nx,\xA7\xB6ng vi\xAAn\ny,\xA7\xB6ng\n";
    const char *want = "L1: [unit]@1:1 [name]@1:6\nL2: [x]@2:1 [Đảng viên]@2:3\nL3: [y]@3:1 [Đảng]@3:3\n"
                       "rows 3 delim ','\n";
    check_csv_n(cp1258, sizeof cp1258 - 1, "cp1258", want);
    check_csv_n(tcvn, sizeof tcvn - 1, "tcvn", want);
    check_csv_n(cp1258, sizeof cp1258 - 1, "windows-1258", want);
    check_csv_n(tcvn, sizeof tcvn - 1, "TCVN3", want);
    /* no final newline: the last character is flushed at the end */
    static const char tail[] = "a\n\xD0" "a\xD2";
    check_csv_n(tail, sizeof tail - 1, "cp1258", "L1: [a]@1:1\nL2: [Đả]@2:1\nrows 2 delim ','\n");
    /* "utf-8" and "UTF8" are the default */
    check_csv_n("a\nĐảng\n", strlen("a\nĐảng\n"), "UTF8", "L1: [a]@1:1\nL2: [Đảng]@2:1\nrows 2 delim ','\n");
    /* an unknown encoding is the caller's mistake */
    chiso_error err;
    chiso_error_clear(&err);
    assert_null(chiso_csv_reader_new("t.csv", "latin-9", NULL, NULL, &err));
    assert_int_equal(err.code, CHISO_EINVAL);
    assert_non_null(strstr(err.msg, "latin-9"));
}

/* ---- files ------------------------------------------------------------------------------------- */

static int count_rows(void *ctx, const chiso_csv_row *row)
{
    (void)row;
    ++*(long *)ctx;
    return 0;
}

/* chiso_csv_read_file reads a file, refuses a folder and a missing file (CHISO_EIO). */
static void test_read_file(void **state)
{
    (void)state;
    char *dir = chiso_test_mkdtemp();
    assert_non_null(dir);
    chiso_test_write(dir, "x.csv", "a,b\n1,2\n3,4\n");
    char path[1024];
    snprintf(path, sizeof path, "%s/x.csv", dir);
    long rows = 0;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_csv_read_file(path, "x.csv", NULL, count_rows, &rows, &err), CHISO_OK);
    assert_int_equal(rows, 3);
    assert_int_equal(chiso_csv_read_file(dir, "d.csv", NULL, count_rows, &rows, &err), CHISO_EIO);
    assert_string_equal(err.file, "d.csv");
    snprintf(path, sizeof path, "%s/missing.csv", dir);
    assert_int_equal(chiso_csv_read_file(path, "missing.csv", NULL, count_rows, &rows, &err), CHISO_EIO);
    assert_non_null(strstr(err.msg, "cannot open"));
    chiso_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    chiso_set_lang(CHISO_LANG_EN, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_quoted_newlines),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_other_delimiters),
        cmocka_unit_test(test_no_final_newline_and_blank_lines),
        cmocka_unit_test(test_utf8_positions),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_cr_only),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_bad_quotes),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_record_limit),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_read_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

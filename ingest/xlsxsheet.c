/*
 * ingest/xlsxsheet.c — a sheet of a workbook read as rows of text (chiso_xlsx_read_sheet, ingest/xlsxread.h):
 * each cell's text in its column, shared and inline strings as typed, numbers as written, cells styled as
 * dates or percentages as they show; a damaged or oversized cell is refused with its reference.
 */
#include "ingest/xlsx_int.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "B12" → column 2, row 12. Returns 0 when it is not a cell reference within Excel's limits. */
static int parse_ref(const char *s, long *col, long *row)
{
    long c = 0, r = 0;
    const char *p = s;
    while (*p == '$')
        p++;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        c = c * 26 + ((*p | 0x20) - 'a' + 1);
        if (c > XLSX_MAX_COL)
            return 0;
        p++;
    }
    if (*p == '$')
        p++;
    while (*p >= '0' && *p <= '9') {
        r = r * 10 + (*p - '0');
        if (r > XLSX_MAX_ROW)
            return 0;
        p++;
    }
    if (*p || (c == 0 && r == 0))
        return 0;
    *col = c;
    *row = r;
    return 1;
}
/* ---- a sheet ------------------------------------------------------------------------------------ */

enum { C_NUM, C_SHARED, C_STR, C_INLINE, C_BOOL, C_ERROR, C_DATE };

typedef struct cell {
    long col;
    size_t off, len;
} cell;

typedef struct sheet_ctx {
    pstate ps;
    capture cap;          /* must follow ps, as in ss_ctx (cap_chars) */
    chiso_xlsx *x;
    const char *name;
    chiso_csv_row_cb cb;
    void *cbctx;
    int stopped;
    int in_data, in_cell, in_is, in_rph, has_v;
    long row_no, prev_row, col, prev_col, style;
    int type;
    chiso_buf rowbuf;
    cell *cells;
    size_t n_cells, cap_cells;
    const char **fields;
    size_t *lens;
    size_t cap_fields;
    long index;
} sheet_ctx;

static void sheet_fail(sheet_ctx *s, chiso_status code, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void sheet_fail(sheet_ctx *s, chiso_status code, long col, const char *fmt, ...)
{
    if (s->ps.st != CHISO_OK)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    chiso_error_set(s->ps.err, code, s->name, s->row_no, col, "%s", msg);
    s->ps.st = code;
    pstop(&s->ps);
}

/* A number as text the value reader reads back exactly and without ambiguity: no exponent, and never
 * three digits after the point alone (1.247 would read as 1247: it is written 1.2470). */
static void number_text(double v, chiso_buf *b)
{
    char tmp[64];
    if (fabs(v) >= 1e15 || v == floor(v)) {
        snprintf(tmp, sizeof tmp, "%.0f", v);
    } else {
        snprintf(tmp, sizeof tmp, "%.10f", v);
        size_t n = strlen(tmp);
        while (n && tmp[n - 1] == '0')
            tmp[--n] = '\0';
        const char *dot = strchr(tmp, '.');
        if (dot && strlen(dot + 1) == 3)
            strcat(tmp, "0");
    }
    chiso_buf_puts(b, tmp);
}

/* The day of an Excel serial number (1900 system with its phantom 29 February 1900, or 1904). */
static int serial_date(double v, int date1904, chiso_buf *b)
{
    if (!(v >= 1 && v < 2958466)) /* 9999-12-31 */
        return 0;
    long d = (long)floor(v);
    int32_t day;
    if (date1904)
        day = chiso_days_from_civil(1904, 1, 1) + (int32_t)d;
    else if (d >= 61)
        day = chiso_days_from_civil(1899, 12, 30) + (int32_t)d;
    else if (d == 60)
        return 0; /* 29 February 1900, a day that never was */
    else
        day = chiso_days_from_civil(1899, 12, 31) + (int32_t)d;
    char tmp[16];
    chiso_buf_puts(b, chiso_date_format(day, tmp, sizeof tmp));
    return 1;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    sheet_ctx *s = ud;
    const char *n = lname(el);
    if (!s->in_data) {
        if (strcmp(n, "sheetData") == 0)
            s->in_data = 1;
        return;
    }
    if (strcmp(n, "row") == 0) {
        const char *r = attr(atts, "r");
        long row;
        if (r) {
            if (!parse_long(r, XLSX_MAX_ROW, &row) || row < 1) {
                sheet_fail(s, CHISO_EPARSE, 0, _("row number '%.20s' is not a row of a sheet: the file is damaged"), r);
                return;
            }
        } else if ((row = s->prev_row + 1) > XLSX_MAX_ROW) {
            sheet_fail(s, CHISO_ELIMIT, 0, _("the sheet has more than %ld rows"), XLSX_MAX_ROW);
            return;
        }
        s->row_no = row;
        s->prev_row = row;
        s->prev_col = 0;
        s->n_cells = 0;
        chiso_buf_reset(&s->rowbuf);
    } else if (strcmp(n, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *st = attr(atts, "s");
        long col = s->prev_col + 1, row = s->row_no;
        if (r && !parse_ref(r, &col, &row)) {
            sheet_fail(s, CHISO_EPARSE, 0, _("'%.20s' is not a cell reference: the file is damaged"), r);
            return;
        }
        if (col < 1 || col > XLSX_MAX_COL) {
            sheet_fail(s, CHISO_EPARSE, 0, "%s", _("a cell beyond the last column of a sheet: the file is damaged"));
            return;
        }
        s->col = col;
        s->prev_col = col;
        s->type = !t || strcmp(t, "n") == 0 ? C_NUM
                  : strcmp(t, "s") == 0     ? C_SHARED
                  : strcmp(t, "str") == 0   ? C_STR
                  : strcmp(t, "inlineStr") == 0 ? C_INLINE
                  : strcmp(t, "b") == 0     ? C_BOOL
                  : strcmp(t, "e") == 0     ? C_ERROR
                  : strcmp(t, "d") == 0     ? C_DATE
                                            : C_STR;
        s->style = 0;
        if (st && !parse_long(st, 1000000, &s->style))
            s->style = 0;
        s->in_cell = 1;
        s->has_v = 0;
        chiso_buf_reset(&s->cap.b);
        s->cap.over = 0;
        s->cap.on = 0;
    } else if (s->in_cell && strcmp(n, "v") == 0) {
        s->cap.on = 1;
        s->has_v = 1;
    } else if (s->in_cell && strcmp(n, "is") == 0) {
        s->in_is = 1;
        s->has_v = 1;
    } else if (s->in_is && strcmp(n, "rPh") == 0) {
        s->in_rph = 1;
    } else if (s->in_is && !s->in_rph && strcmp(n, "t") == 0) {
        s->cap.on = 1;
    }
}

/* The cell just closed, as text, appended to the row. */
static void end_cell(sheet_ctx *s)
{
    s->in_cell = 0;
    if (!s->has_v)
        return;
    char ref[16], cn[8];
    snprintf(ref, sizeof ref, "%s%ld", chiso_xlsx_col_name(s->col, cn, sizeof cn), s->row_no);
    if (s->cap.over) {
        sheet_fail(s, CHISO_ELIMIT, s->col, _("the cell %s holds more than %u bytes"), ref, CHISO_CSV_MAX_FIELD);
        return;
    }
    if (s->cap.b.oom) {
        sheet_fail(s, CHISO_ENOMEM, 0, "%s", _("out of memory"));
        return;
    }
    const char *v = s->cap.b.data ? s->cap.b.data : "";
    size_t vlen = s->cap.b.len;
    size_t start = s->rowbuf.len;
    chiso_xlsx *x = s->x;
    switch (s->type) {
    case C_SHARED: {
        long k;
        if (!parse_long(v, 100000000, &k) || (size_t)k >= x->n_ss) {
            sheet_fail(s, CHISO_EPARSE, s->col,
                       _("the cell %s refers to a shared text that the workbook does not have: the file is damaged"), ref);
            return;
        }
        if (x->ss_long[k]) {
            sheet_fail(s, CHISO_ELIMIT, s->col, _("the cell %s holds more than %u bytes"), ref, CHISO_CSV_MAX_FIELD);
            return;
        }
        chiso_buf_puts(&s->rowbuf, x->ss.data + x->ss_off[k]);
        break;
    }
    case C_BOOL:
        chiso_buf_puts(&s->rowbuf, vlen == 1 && v[0] == '1' ? "TRUE" : "FALSE");
        break;
    case C_NUM: {
        size_t tl;
        const char *t = chiso_trim(v, vlen, &tl);
        if (tl == 0)
            break;
        char *end;
        double d = strtod(t, &end);
        if (end != t + tl || !isfinite(d)) {
            sheet_fail(s, CHISO_EPARSE, s->col, _("the cell %s is marked as a number but holds '%.40s': the file is damaged"),
                       ref, t);
            return;
        }
        unsigned char kind = s->style >= 0 && (size_t)s->style < x->n_xf ? x->xf[s->style] : XF_OTHER;
        if (kind == XF_DATE && serial_date(d, x->date1904, &s->rowbuf))
            break;
        if (kind == XF_PERCENT) {
            number_text(d * 100, &s->rowbuf);
            chiso_buf_puts(&s->rowbuf, "%");
            break;
        }
        number_text(d, &s->rowbuf);
        break;
    }
    default: /* strings, errors (#N/A) and ISO dates as written */
        chiso_buf_append(&s->rowbuf, v, vlen);
        break;
    }
    size_t len = s->rowbuf.len - start;
    chiso_buf_append(&s->rowbuf, "", 1);
    if (s->rowbuf.oom) {
        sheet_fail(s, CHISO_ENOMEM, 0, "%s", _("out of memory"));
        return;
    }
    if (len == 0)
        return; /* an empty text is no value */
    if (len > CHISO_CSV_MAX_FIELD) {
        sheet_fail(s, CHISO_ELIMIT, s->col, _("the cell %s holds more than %u bytes"), ref, CHISO_CSV_MAX_FIELD);
        return;
    }
    if (s->rowbuf.len > CHISO_CSV_MAX_RECORD) {
        sheet_fail(s, CHISO_ELIMIT, s->col, _("row %ld holds more than %u bytes"), s->row_no, CHISO_CSV_MAX_RECORD);
        return;
    }
    if (s->col > (long)CHISO_CSV_MAX_FIELDS) {
        sheet_fail(s, CHISO_ELIMIT, s->col, _("the cell %s is beyond the %u columns a sheet may use"), ref,
                   CHISO_CSV_MAX_FIELDS);
        return;
    }
    if (chiso_grow((void **)&s->cells, &s->cap_cells, s->n_cells + 1, sizeof *s->cells) != 0) {
        sheet_fail(s, CHISO_ENOMEM, 0, "%s", _("out of memory"));
        return;
    }
    s->cells[s->n_cells].col = s->col;
    s->cells[s->n_cells].off = start;
    s->cells[s->n_cells].len = len;
    s->n_cells++;
}

static void end_row(sheet_ctx *s)
{
    if (s->n_cells == 0 || s->stopped)
        return;
    long maxc = 0;
    for (size_t i = 0; i < s->n_cells; i++)
        if (s->cells[i].col > maxc)
            maxc = s->cells[i].col;
    size_t nf = (size_t)maxc;
    if (nf > s->cap_fields) {
        const char **f = realloc(s->fields, nf * sizeof *f);
        if (!f) {
            sheet_fail(s, CHISO_ENOMEM, 0, "%s", _("out of memory"));
            return;
        }
        s->fields = f;
        size_t *l = realloc(s->lens, nf * sizeof *l);
        if (!l) {
            sheet_fail(s, CHISO_ENOMEM, 0, "%s", _("out of memory"));
            return;
        }
        s->lens = l;
        s->cap_fields = nf;
    }
    for (size_t i = 0; i < nf; i++) {
        s->fields[i] = NULL;
        s->lens[i] = 0;
    }
    for (size_t i = 0; i < s->n_cells; i++) { /* a column written twice: the later cell */
        size_t f = (size_t)s->cells[i].col - 1;
        s->fields[f] = s->rowbuf.data + s->cells[i].off;
        s->lens[f] = s->cells[i].len;
    }
    chiso_csv_row row;
    memset(&row, 0, sizeof row);
    row.nfields = nf;
    row.fields = s->fields;
    row.lens = s->lens;
    row.line = s->row_no;
    row.index = s->index++;
    row.cells = 1;
    if (s->cb(s->cbctx, &row) != 0) {
        s->stopped = 1;
        pstop(&s->ps);
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *el)
{
    sheet_ctx *s = ud;
    if (!s->in_data || s->ps.st != CHISO_OK)
        return;
    const char *n = lname(el);
    if (strcmp(n, "sheetData") == 0) {
        s->in_data = 0;
    } else if (strcmp(n, "row") == 0) {
        end_row(s);
    } else if (strcmp(n, "c") == 0 && s->in_cell) {
        end_cell(s);
    } else if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        s->cap.on = 0;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(n, "is") == 0) {
        s->in_is = 0;
    }
}

chiso_status chiso_xlsx_read_sheet(chiso_xlsx *x, size_t i, const char *name, chiso_csv_row_cb cb,
                                   void *ctx, chiso_error *err)
{
    chiso_error local;
    if (!err)
        err = &local;
    chiso_error_clear(err);
    if (!x || i >= x->n_sheets || !cb)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    if (!name)
        name = x->sheet_names[i];
    sheet_ctx s;
    memset(&s, 0, sizeof s);
    s.x = x;
    s.name = name;
    s.cb = cb;
    s.cbctx = ctx;
    chiso_buf_init(&s.cap.b);
    chiso_buf_init(&s.rowbuf);
    chiso_status st = parse_part(x, x->sheet_parts[i], name, &s.ps, sheet_start, sheet_end, cap_chars, err);
    if (st == CHISO_ENOTFOUND)
        st = chiso_error_set(err, CHISO_EIO, name, 0, 0,
                             _("the workbook lists this sheet but has no part %s for it: the file is damaged"),
                             x->sheet_parts[i]);
    chiso_buf_free(&s.cap.b);
    chiso_buf_free(&s.rowbuf);
    free(s.cells);
    free(s.fields);
    free(s.lens);
    return st;
}

/*
 * ingest/ds_read.c — the generic row reader: one file of a dataset, whatever its kind, walked through
 * its kind's table of columns (ingest/schema.c). The header is mapped to the table (names, workbook
 * labels, unknown, duplicate and missing required columns); every field is cleaned in one place
 * (ds_field_clean: NFC, invisible characters, the apostrophe before formula-like text chiso's tables
 * write, Excel's error values); rows of separators, short and long
 * records are dealt with; every column is parsed by its type (dates, periods, the words of closed lists
 * with their unaccented forms) into the row's cells; then the row goes to its kind's check
 * (ingest/ds_defs.c, ingest/ds_figures.c), which takes the cells in the order of its rules (a cell's
 * problem is reported when it is taken) and adds what holds across columns. Every problem goes to the
 * diagnostics list with FILE:LINE:COL (or sheet!cell).
 */
#include "ingest/ds_read.h"
#include "ingest/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The column whose text is the field at offset `field` of the kind's row; -1 when the kind has none. */
int ds_col_at(const load_ctx *c, size_t field)
{
    for (int i = 0; c->cols[i].code; i++)
        if (c->cols[i].field == field)
            return i;
    return -1;
}
/* The first column of that type, or -1. */
int ds_col_of_type(const load_ctx *c, ds_coltype type)
{
    for (int i = 0; c->cols[i].code; i++)
        if (c->cols[i].type == type)
            return i;
    return -1;
}

uint32_t ds_intern(load_ctx *c, const char *s)
{
    if (!s)
        return CHISO_NOSTR;
    uint32_t id = chiso_strpool_intern(&c->ds->pool, s, strlen(s));
    if (id == UINT32_MAX) {
        c->fatal = CHISO_ENOMEM;
        return CHISO_NOSTR;
    }
    return id;
}

/* Characters between the start of field fi in the record and the start of its text as ds_val() sees it:
 * the opening quote of a quoted field and the blanks that ds_val() trims. */
static long field_text_skip(const chiso_csv_row *row, size_t fi)
{
    const char *raw = row->raw;
    size_t f = 0, k = 0;
    int inq = 0;
    for (; raw && k < row->raw_len && f < fi; k++) {
        if (raw[k] == '"')
            inq = !inq;
        else if (!inq && raw[k] == row->delim)
            f++;
    }
    if (!raw || f != fi)
        return 0;
    long skip = 0;
    if (k < row->raw_len && raw[k] == '"') {
        skip++;
        k++;
    }
    /* as chiso_trim: blanks first, then no-break spaces (one character of two bytes each) */
    while (k < row->raw_len && (raw[k] == ' ' || raw[k] == '\t' || raw[k] == '\r' || raw[k] == '\n')) {
        k++;
        skip++;
    }
    while (k + 1 < row->raw_len && (unsigned char)raw[k] == 0xC2 && (unsigned char)raw[k + 1] == 0xA0) {
        k += 2;
        skip++;
    }
    return skip;
}

/* Diagnostic at column ci of the current row (inner_col: 1-based character inside the field, or 0). */
void ds_diag_at(load_ctx *c, chiso_severity sev, int ci, long inner_col, const char *code, const char *fmt, ...)
{
    long line = c->row ? c->row->line : 1, col = 1;
    if (c->row && ci >= 0 && c->map[ci] >= 0) {
        chiso_csv_field_pos(c->row, (size_t)c->map[ci], &line, &col);
        /* inner_col counts in the trimmed text, which starts after a quote and leading blanks (a
         * workbook's place is the cell) */
        if (inner_col > 0 && c->unquoted[ci]) /* count the apostrophe taken off */
            inner_col++;
        if (inner_col > 0 && c->orig[ci]) /* the clean text is shorter: count in the text as written */
            inner_col = chiso_text_orig_col(c->orig[ci], c->orig_len[ci], inner_col);
        if (inner_col > 0 && !c->row->cells)
            col += inner_col - 1 + field_text_skip(c->row, (size_t)c->map[ci]);
    }
    va_list ap;
    va_start(ap, fmt);
    if (chiso_diags_vadd(c->diags, sev, c->fname, line, col, code, fmt, ap) != CHISO_OK)
        c->fatal = CHISO_ENOMEM;
    va_end(ap);
}

/* ---- every field, whichever reader brought it: Unicode and spreadsheet habits ------------------- */

static const char *invisible_name(uint32_t cp)
{
    switch (cp) {
    case 0x200B: return _("zero-width space");
    case 0x200C: return _("zero-width non-joiner");
    case 0x200D: return _("zero-width joiner");
    case 0x2060: return _("word joiner");
    case 0xFEFF: return _("byte-order mark");
    default: return _("soft hyphen");
    }
}

/* Excel's error values, and what each says went wrong in the workbook. */
static const char *excel_error(const char *s)
{
    static const struct {
        const char *v, *why;
    } errs[] = {{"#N/A", N_("a lookup such as VLOOKUP found nothing")},
                {"#DIV/0!", N_("a formula divided by zero or by an empty cell")},
                {"#VALUE!", N_("a formula got text where it needed a number")},
                {"#REF!", N_("a formula refers to a cell that was deleted")},
                {"#NAME?", N_("a formula names a function or range Excel does not know")},
                {"#NUM!", N_("a formula gave an impossible number")},
                {"#NULL!", N_("a formula names two ranges that do not meet")},
                {"#SPILL!", N_("a formula's results have no room to spill")}};
    for (size_t i = 0; i < CHISO_ARRAY_LEN(errs); i++)
        if (chiso_utf8_casecmp(s, errs[i].v) == 0)
            return _(errs[i].why);
    return NULL;
}

/* Clean field t[0..n) of column ci into vals_buf (NFC, invisible characters removed with a warning)
 * and report Excel's error values (then *skip_row = 1: the row is not read further). This is the one
 * place every field of every file passes, from a CSV file or a workbook. Returns -1 on oom. */
static int ds_field_clean(load_ctx *c, int ci, const char *t, size_t n, int *skip_row)
{
    chiso_text_note note;
    size_t off = c->vals_buf.len;
    int r = chiso_text_clean(t, n, &c->vals_buf, &note);
    if (r < 0)
        return -1;
    if (r == 0) {
        chiso_buf_append(&c->vals_buf, t, n);
    } else if (!c->vals_buf.oom) {
        /* trim again: blanks may have stood next to a removed character */
        size_t m;
        const char *u = chiso_trim(c->vals_buf.data + off, c->vals_buf.len - off, &m);
        memmove(c->vals_buf.data + off, u, m);
        c->vals_buf.len = off + m;
    }
    chiso_buf_append(&c->vals_buf, "", 1);
    if (c->vals_buf.oom)
        return -1;
    /* the apostrophe chiso's own tables put before formula-like text comes off ("'=ev.csv" reads as
     * "=ev.csv"; datasets/FORMAT.md, "Text that starts with an apostrophe") */
    c->unquoted[ci] = chiso_text_unquote(c->vals_buf.data + off);
    if (c->vals_buf.len - off > 1)
        c->has_val[ci] = 1;
    if (note.invisible) /* located in the field as written */
        ds_diag_at(c, CHISO_WARNING, ci, note.invisible_col, "text.invisible",
                _("an invisible character U+%04X (%s) was removed from '%s'"), (unsigned)note.invisible_cp,
                invisible_name(note.invisible_cp), c->vals_buf.data + off);
    if (r > 0) {
        c->orig[ci] = t;
        c->orig_len[ci] = n;
    }
    const char *v = c->vals_buf.data + off;
    const char *why = v[0] == '#' ? excel_error(v) : NULL;
    if (why) {
        ds_diag_at(c, CHISO_ERROR, ci, 0, "excel.error",
                _("'%s' is an error value of an Excel formula (%s), not a figure: correct the formula, or "
                  "copy the cells and paste them as values (Paste Special, Values), then save again"),
                v, why);
        *skip_row = 1;
    } else if (v[0] == '#' && strspn(v, "#") == strlen(v) && v[1] == '#') {
        ds_diag_at(c, CHISO_ERROR, ci, 0, "excel.narrow",
                _("'%s' is what Excel shows when a column is too narrow for its content: widen the column "
                  "and save the file again"),
                v);
        *skip_row = 1;
    }
    return 0;
}

/* A row of separators only (",,,,,"), what a spreadsheet saves for a row that only looks empty:
 * skipped with a warning. Returns 1 when row is one. */
static int ds_separators_only(load_ctx *c, const chiso_csv_row *row)
{
    if (row->nfields < 2)
        return 0;
    for (size_t f = 0; f < row->nfields; f++) {
        size_t n;
        if (row->fields[f] && (chiso_trim(row->fields[f], row->lens[f], &n), n > 0))
            return 0;
    }
    if (chiso_diags_add(c->diags, CHISO_WARNING, c->fname, row->line, 1, "row.separators", "%s",
                        _("the row holds only separators (what a spreadsheet saves for a row that looks "
                          "empty): it is skipped")) != CHISO_OK)
        c->fatal = CHISO_ENOMEM;
    return 1;
}

/* Value of column ci in the current row, trimmed; NULL when absent or empty. */
const char *ds_val(load_ctx *c, int ci)
{
    if (!c->has_val[ci])
        return NULL;
    return c->vals_buf.data + c->vals_off[ci];
}

static int lookup_col(const ds_column *cols, const char *name)
{
    for (int i = 0; cols[i].code; i++)
        if (chiso_utf8_casecmp(cols[i].code, name) == 0)
            return i;
    return -1;
}

static void handle_header(load_ctx *c, const chiso_csv_row *row)
{
    for (int i = 0; i < MAXCOLS; i++)
        c->map[i] = -1;
    c->header_fields = row->nfields;
    c->header_ok = 1;
    for (size_t f = 0; f < row->nfields; f++) {
        size_t n;
        const char *name = row->fields[f] ? chiso_trim(row->fields[f], row->lens[f], &n) : "";
        if (!row->fields[f])
            n = 0;
        char tmp[128];
        chiso_buf hb;
        chiso_buf_init(&hb);
        if (chiso_text_clean(name, n, &hb, NULL) > 0) { /* a header typed with a stray BOM or accents */
            name = hb.data;
            n = hb.len;
        }
        snprintf(tmp, sizeof tmp, "%.*s", (int)(n < 120 ? n : 120), name);
        chiso_buf_free(&hb);
        long line, col;
        chiso_csv_field_pos(row, f, &line, &col);
        if (n == 0) {
            chiso_diags_add(c->diags, CHISO_WARNING, c->fname, line, col, "header.empty",
                            _("column %zu has no name and is ignored"), f + 1);
            continue;
        }
        int ci = lookup_col(c->cols, tmp);
        if (ci < 0 && row->cells) {
            /* a workbook's header may be the template's label ("Mã đơn vị") */
            const char *code = chiso_wb_header_code(c->wb, tmp);
            if (code)
                ci = lookup_col(c->cols, code);
        }
        if (ci < 0) {
            chiso_diags_add(c->diags, CHISO_WARNING, c->fname, line, col, "header.unknown",
                            _("unknown column '%s' is ignored (is it misspelt? see datasets/FORMAT.md)"),
                            tmp);
            continue;
        }
        if (c->map[ci] >= 0) {
            chiso_diags_add(c->diags, CHISO_ERROR, c->fname, line, col, "header.duplicate",
                            _("column '%s' appears twice"), tmp);
            c->header_ok = 0;
            continue;
        }
        c->map[ci] = (int)f;
    }
    for (int i = 0; c->cols[i].code; i++)
        if (c->cols[i].required && c->map[i] < 0) {
            chiso_diags_add(c->diags, CHISO_ERROR, c->fname, row->line, 1, "header.missing",
                            _("required column '%s' is missing from the header"), c->cols[i].code);
            c->header_ok = 0;
        }
}

static void parse_cells(load_ctx *c);

static int on_row(void *ctx, const chiso_csv_row *row)
{
    load_ctx *c = ctx;
    if (c->fatal)
        return 1;
    c->row = row;
    if (row->index == 0) {
        handle_header(c, row);
        return c->fatal != CHISO_OK;
    }
    if (!c->header_ok)
        return 0;
    if (row->cells) {
        /* a sheet's rows end at their last cell with a value: shorter is fine, a value right of the
         * last header is not read; a row of blank cells is an empty row */
        int blank = 1;
        for (size_t f = 0; f < row->nfields && blank; f++) {
            size_t n;
            if (row->fields[f] && (chiso_trim(row->fields[f], row->lens[f], &n), n > 0))
                blank = 0;
        }
        if (blank)
            return 0;
        for (size_t f = c->header_fields; f < row->nfields; f++)
            if (row->fields[f]) {
                chiso_diags_add(c->diags, CHISO_WARNING, c->fname, row->line, (long)f + 1, "row.extra_cell", "%s",
                                _("this cell is right of the last column with a header: it is not read"));
                break;
            }
    } else if (ds_separators_only(c, row)) {
        return c->fatal != CHISO_OK;
    } else if (row->nfields != c->header_fields) {
        /* a lone empty field is an empty line with spaces: skip it */
        if (row->nfields == 1 && (!row->fields[0] || strspn(row->fields[0], " \t\r") == row->lens[0]))
            return 0;
        chiso_diags_add(c->diags, CHISO_ERROR, c->fname, row->line, 1, "row.width",
                        _("the record has %zu fields but the header has %zu: a delimiter inside a "
                          "value must be quoted"),
                        row->nfields, c->header_fields);
        return 0;
    }
    chiso_buf_reset(&c->vals_buf);
    int skip_row = 0;
    for (int i = 0; c->cols[i].code; i++) {
        c->has_val[i] = 0;
        c->orig[i] = NULL;
        c->unquoted[i] = 0;
        int f = c->map[i];
        if (f < 0 || (size_t)f >= row->nfields || !row->fields[f])
            continue;
        size_t n;
        const char *t = chiso_trim(row->fields[f], row->lens[f], &n);
        if (n == 0)
            continue;
        c->vals_off[i] = c->vals_buf.len;
        if (ds_field_clean(c, i, t, n, &skip_row) != 0) {
            c->fatal = CHISO_ENOMEM;
            return 1;
        }
    }
    if (c->vals_buf.oom) {
        c->fatal = CHISO_ENOMEM;
        return 1;
    }
    if (skip_row)
        return c->fatal != CHISO_OK;
    /* the row, column by column, as the kind's check takes it */
    for (int i = 0; c->cols[i].code; i++)
        *(const char **)(void *)((char *)&c->in + c->cols[i].field) = ds_val(c, i);
    parse_cells(c);
    if (c->fatal)
        return 1;
    c->check(c);
    return c->fatal != CHISO_OK;
}

/* ---- helpers for rows -------------------------------------------------------------------------- */

int ds_valid_code(const char *s)
{
    if (!s || !*s)
        return 0;
    for (const char *p = s; *p; p++) {
        char ch = *p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_' || ch == '.'))
            return 0;
    }
    return 1;
}

/* Unit lookups are frequent (every observation): remember the last hit. */
long ds_find_unit_cached(load_ctx *c, const char *code)
{
    chiso_dataset *ds = c->ds;
    long last = c->last_unit;
    if (last >= 0 && (size_t)last < ds->n_units && strcmp(ds_str(ds, ds->units[last].code), code) == 0)
        return last;
    c->last_unit = chiso_dataset_find_unit(ds, code);
    return c->last_unit;
}

long ds_find_ind_cached(load_ctx *c, const char *code)
{
    chiso_dataset *ds = c->ds;
    long last = c->last_ind;
    if (last >= 0 && (size_t)last < ds->n_inds && strcmp(ds_str(ds, ds->inds[last].code), code) == 0)
        return last;
    c->last_ind = chiso_dataset_find_indicator(ds, code);
    return c->last_ind;
}

/* ---- cells: every column parsed by its type as the row arrives ----------------------------------- */

/* Keep a diagnostic for cell ci, reported when the check takes it: cell_diag(c, ci, sev, inner_col, code,
 * fmt, ...). */
static void cell_diag_start(load_ctx *c, int ci, chiso_severity sev, long inner_col, const char *code)
{
    ds_cell *cell = &c->cell[ci];
    cell->code = code;
    cell->sev = sev;
    cell->inner_col = inner_col;
    cell->msg = c->msgs.len;
}

static void cell_diag_end(load_ctx *c)
{
    chiso_buf_append(&c->msgs, "", 1);
    if (c->msgs.oom)
        c->fatal = CHISO_ENOMEM;
}

#define cell_diag(c, ci, sev, inner_col, code, ...)                                                               \
    (cell_diag_start(c, ci, sev, inner_col, code), chiso_buf_printf(&(c)->msgs, __VA_ARGS__), cell_diag_end(c))

static void parse_date(load_ctx *c, int ci, const char *s, int as_end)
{
    ds_cell *cell = &c->cell[ci];
    if (!s) {
        cell->bad = 1;
        cell_diag(c, ci, CHISO_ERROR, 0, "date.missing", _("'%s' is empty: a date is required"), c->cols[ci].code);
        return;
    }
    chiso_error e;
    chiso_error_clear(&e);
    if (chiso_date_parse(s, as_end, &cell->date, &e) != CHISO_OK) {
        cell->bad = 1;
        cell_diag(c, ci, CHISO_ERROR, e.col, "date.bad", "%s", e.msg);
    }
}

/* A span "2022" or "2021..2023" (also "2021 - 2023"). */
static void parse_period(load_ctx *c, int ci, const char *s)
{
    ds_cell *cell = &c->cell[ci];
    char a[64], b[64];
    const char *sep = strstr(s, "..");
    chiso_error e;
    chiso_error_clear(&e);
    cell->bad = 1;
    /* a date is short: text that does not fit is refused, never cut to a date that reads */
    if ((sep ? (size_t)(sep - s) : strlen(s)) >= sizeof a || strlen(sep ? sep + 2 : s) >= sizeof b) {
        cell_diag(c, ci, CHISO_ERROR, 0, "period.bad", _("cannot read the period '%.40s…': it is too long"), s);
        return;
    }
    if (sep) {
        snprintf(a, sizeof a, "%.*s", (int)(sep - s), s);
        snprintf(b, sizeof b, "%s", sep + 2);
    } else {
        snprintf(a, sizeof a, "%s", s);
        snprintf(b, sizeof b, "%s", s);
    }
    long at = 0; /* characters of s before the date that failed (the end of "a..b" starts after "..") */
    int ok = chiso_date_parse(a, 0, &cell->date, &e) == CHISO_OK;
    if (ok) {
        if (sep)
            at = (long)chiso_utf8_chars(s, (size_t)(sep + 2 - s)) + (long)strspn(sep + 2, " \t");
        ok = chiso_date_parse(b, 1, &cell->end, &e) == CHISO_OK;
    }
    if (!ok) {
        cell_diag(c, ci, CHISO_ERROR, e.col > 0 ? e.col + at : 0, "period.bad", _("cannot read the period '%s': %s"),
                  s, e.msg);
        return;
    }
    if (cell->end.day < cell->date.day) {
        cell_diag(c, ci, CHISO_ERROR, 0, "period.order", _("the period '%s' ends before it starts"), s);
        return;
    }
    cell->bad = 0;
}

/* One word of a closed list; one typed without its accents is read with a warning when the list says so. */
static void parse_word(load_ctx *c, int ci, const char *s, const ds_enum *en)
{
    ds_cell *cell = &c->cell[ci];
    if (!s && en->if_empty != DS_ENUM_NOT_EMPTY) {
        cell->word = en->if_empty;
        return;
    }
    for (int i = 0; s && en->words[i]; i++)
        if (chiso_utf8_casecmp(s, en->words[i]) == 0) {
            cell->word = en->values ? en->values[i] : i;
            return;
        }
    for (int i = 0; s && en->warn_code && en->words[i]; i++)
        if (ds_vocab_unaccented(s, en->words[i])) { /* "dat", "khong dat": read, with a warning */
            cell->word = en->values ? en->values[i] : i;
            cell_diag(c, ci, CHISO_WARNING, 0, en->warn_code, _(en->warn_msg), s, en->words[i]);
            return;
        }
    cell->bad = 1;
    cell->word = -1;
    cell_diag(c, ci, CHISO_ERROR, 0, en->code, _(en->msg), s ? s : "", en->msg_arg ? en->msg_arg : "");
}

/* Parse every column of the current row by its type into c->cell. */
static void parse_cells(load_ctx *c)
{
    chiso_buf_reset(&c->msgs);
    for (int i = 0; c->cols[i].code && !c->fatal; i++) {
        ds_cell *cell = &c->cell[i];
        memset(cell, 0, sizeof *cell);
        const char *s = ds_val(c, i);
        switch (c->cols[i].type) {
        case DS_DATE_START: parse_date(c, i, s, 0); break;
        case DS_DATE_END: parse_date(c, i, s, 1); break;
        case DS_PERIOD:
            if (s)
                parse_period(c, i, s);
            break;
        case DS_ENUM:
            if (c->cols[i].words)
                parse_word(c, i, s, c->cols[i].words);
            break;
        default: break;
        }
    }
}

int ds_take(load_ctx *c, int ci)
{
    if (ci < 0)
        return 1;
    ds_cell *cell = &c->cell[ci];
    if (cell->code) {
        ds_diag_at(c, cell->sev, ci, cell->inner_col, cell->code, "%s", c->msgs.data + cell->msg);
        cell->code = NULL;
    }
    return !cell->bad;
}

int ds_get_date(load_ctx *c, int ci, chiso_date *out)
{
    if (!ds_take(c, ci))
        return 0;
    *out = c->cell[ci].date;
    return 1;
}

int ds_get_period(load_ctx *c, int ci, chiso_date *ps, chiso_date *pe)
{
    if (!ds_take(c, ci))
        return 0;
    *ps = c->cell[ci].date;
    *pe = c->cell[ci].end;
    return 1;
}

int ds_get_word(load_ctx *c, int ci, int *out)
{
    int ok = ds_take(c, ci);
    *out = c->cell[ci].word;
    return ok;
}

/* The warning on a figure that does not say where it comes from (the columns of type DS_SOURCE,
 * DS_LOCATOR and DS_QUOTE). */
void ds_warn_sources(load_ctx *c)
{
    if (!(ds_kind_of(c->kind)->flags & DS_KF_SOURCES)) /* illustrative targets need none */
        return;
    int c_source = ds_col_of_type(c, DS_SOURCE), c_locator = ds_col_of_type(c, DS_LOCATOR),
        c_quote = ds_col_of_type(c, DS_QUOTE);
    const char *miss[3];
    int n = 0;
    if (!ds_val(c, c_source))
        miss[n++] = "source";
    if (!ds_val(c, c_locator))
        miss[n++] = "locator";
    if (!ds_val(c, c_quote))
        miss[n++] = "quote";
    if (n == 0)
        return;
    char list[64] = "";
    for (int i = 0; i < n; i++) {
        strcat(list, i ? ", " : "");
        strcat(list, miss[i]);
    }
    ds_diag_at(c, CHISO_WARNING, -1, 0, "source.missing",
            _("the figure has no %s: every figure should say where it comes from"), list);
}


chiso_status ds_read_file(chiso_dataset *ds, chiso_diags *diags, ds_kind_id kind, ds_check_fn check, const char *display,
                             const source *src, chiso_error *err)
{
    load_ctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.diags = diags;
    c.kind = kind;
    c.check = check;
    c.fname = display;
    c.cols = ds_kind_of(kind)->cols;
    c.last_unit = c.last_ind = -1;
    chiso_buf_init(&c.vals_buf);
    chiso_buf_init(&c.msgs);
    uint32_t fid = chiso_strpool_intern(&ds->pool, display, strlen(display));
    if (fid == UINT32_MAX ||
        chiso_grow((void **)&ds->files, &ds->cap_files, ds->n_files + 1, sizeof *ds->files) != 0)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    c.file_no = (uint32_t)ds->n_files;
    ds->files[ds->n_files++] = fid;
    chiso_error e;
    chiso_error_clear(&e);
    chiso_status st;
    long rows = 0;
    /* --encoding is for the dataset's own files: the built-in registries are always UTF-8 */
    const char *enc = ds_kind_of(kind)->flags & DS_KF_REGISTRY ? NULL : ds->opts.encoding;
    if (src->book) {
        /* a sheet: rows of cells, through the same checks as a CSV file's records */
        c.wb = ds_kind_of(kind);
        st = chiso_xlsx_read_sheet(src->book, src->sheet, display, on_row, &c, &e);
    } else if (src->path) {
        st = chiso_csv_read_file(src->path, display, enc, on_row, &c, &e);
    } else {
        chiso_csv_reader *r = chiso_csv_reader_new(display, enc, on_row, &c, &e);
        if (!r) {
            st = e.code;
        } else {
            st = chiso_csv_feed(r, src->data, src->size, &e);
            if (st == CHISO_OK)
                st = chiso_csv_finish(r, &e);
            rows = chiso_csv_rows(r);
            chiso_csv_reader_free(r);
        }
    }
    chiso_buf_free(&c.vals_buf);
    chiso_buf_free(&c.msgs);
    if (c.fatal == CHISO_ENOMEM || st == CHISO_ENOMEM)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    if (st == CHISO_EINVAL) { /* unknown encoding: the caller's mistake */
        *err = e;
        return st;
    }
    if (st != CHISO_OK) {
        /* the file cannot be read on: report where, and go on with the other files */
        chiso_diags_add(diags, CHISO_ERROR, e.file[0] ? e.file : display, e.line, e.col,
                        st == CHISO_EENCODING ? "file.encoding"
                        : st == CHISO_ELIMIT  ? "file.limit"
                        : st == CHISO_EIO     ? "file.io"
                                              : "file.parse",
                        "%s", e.msg);
        return CHISO_OK;
    }
    (void)rows;
    if (!c.row) {
        if (src->book)
            chiso_diags_add(diags, CHISO_ERROR, display, 1, 1, "file.empty", "%s",
                            _("the sheet is empty: it needs at least its header row (chiso template writes one)"));
        else
            chiso_diags_add(diags, CHISO_ERROR, display, 1, 1, "file.empty", "%s",
                            _("the file is empty: it needs at least its header line"));
    }
    return CHISO_OK;
}

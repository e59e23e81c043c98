/*
 * ingest/dataset.c — reading a dataset folder (see datasets/FORMAT.md) into a chiso_dataset.
 *
 * Every file goes through the streaming CSV reader; each record is checked as it arrives and its
 * problems go to the diagnostics list with FILE:LINE:COL, so one run reports them all. Figures are
 * held compactly (ds_obs, strings interned once).
 */
#include "ingest/dataset_int.h"
#include "ingest/csvread.h"
#include "ingest/embedded.h"
#include "ingest/schema.h"
#include "ingest/text.h"
#include "ingest/workbook.h"
#include "ingest/xlsxread.h"

#include <errno.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- the reader's state --------------------------------------------------------------------------
 * The file kinds and their columns are the table of ingest/schema.c; a column is found by the field of
 * its kind's row (AT), never by a position kept in step by hand. */

#define MAXCOLS DS_MAXCOLS

typedef struct load_ctx {
    chiso_dataset *ds;
    chiso_diags *diags;
    ds_kind_id kind;
    const char *fname;
    uint32_t file_no;
    const ds_column *cols;   /* the kind's columns (ingest/schema.c) */
    ds_row in;               /* the current row, column by column (the text of each, NULL when empty) */
    int map[MAXCOLS];        /* column → field index, -1 when absent */
    size_t header_fields;
    int header_ok;
    const chiso_csv_row *row;
    chiso_buf vals_buf;
    size_t vals_off[MAXCOLS];
    int has_val[MAXCOLS];
    const char *orig[MAXCOLS]; /* the field as written, when cleaning changed it (else NULL) */
    size_t orig_len[MAXCOLS];
    chiso_status fatal;      /* CHISO_ENOMEM stops everything */
    long last_unit, last_ind; /* lookups are frequent: remember the last hit */
    const wb_sheet *wb;      /* a sheet of a workbook: its headers may be the template's labels */
} load_ctx;

/* The column whose text is the field at offset `field` of the kind's row; -1 when the kind has none. */
static int col_at(const load_ctx *c, size_t field)
{
    for (int i = 0; c->cols[i].code; i++)
        if (c->cols[i].field == field)
            return i;
    return -1;
}
#define AT(row_type, name) col_at(c, offsetof(row_type, name))

/* The first column of that type, or -1. */
static int col_of_type(const load_ctx *c, ds_coltype type)
{
    for (int i = 0; c->cols[i].code; i++)
        if (c->cols[i].type == type)
            return i;
    return -1;
}

const char *ds_file(const chiso_dataset *ds, uint32_t f)
{
    return f < ds->n_files ? ds_str(ds, ds->files[f]) : "";
}

static uint32_t intern(load_ctx *c, const char *s)
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

/* Characters between the start of field fi in the record and the start of its text as val() sees it:
 * the opening quote of a quoted field and the blanks that val() trims. */
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
static void diag_at(load_ctx *c, chiso_severity sev, int ci, long inner_col, const char *code,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static void diag_at(load_ctx *c, chiso_severity sev, int ci, long inner_col, const char *code,
                    const char *fmt, ...)
{
    long line = c->row ? c->row->line : 1, col = 1;
    if (c->row && ci >= 0 && c->map[ci] >= 0) {
        chiso_csv_field_pos(c->row, (size_t)c->map[ci], &line, &col);
        /* inner_col counts in the trimmed text, which starts after a quote and leading blanks (a
         * workbook's place is the cell) */
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
    if (c->vals_buf.len - off > 1)
        c->has_val[ci] = 1;
    if (note.invisible) /* located in the field as written */
        diag_at(c, CHISO_WARNING, ci, note.invisible_col, "text.invisible",
                _("an invisible character U+%04X (%s) was removed from '%s'"), (unsigned)note.invisible_cp,
                invisible_name(note.invisible_cp), c->vals_buf.data + off);
    if (r > 0) {
        c->orig[ci] = t;
        c->orig_len[ci] = n;
    }
    const char *v = c->vals_buf.data + off;
    const char *why = v[0] == '#' ? excel_error(v) : NULL;
    if (why) {
        diag_at(c, CHISO_ERROR, ci, 0, "excel.error",
                _("'%s' is an error value of an Excel formula (%s), not a figure: correct the formula, or "
                  "copy the cells and paste them as values (Paste Special, Values), then save again"),
                v, why);
        *skip_row = 1;
    } else if (v[0] == '#' && strspn(v, "#") == strlen(v) && v[1] == '#') {
        diag_at(c, CHISO_ERROR, ci, 0, "excel.narrow",
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
static const char *val(load_ctx *c, int ci)
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

static void row_units(load_ctx *c);
static void row_terms(load_ctx *c);
static void row_inds(load_ctx *c);
static void row_obs(load_ctx *c);
static void row_targets(load_ctx *c);
static void row_verdicts(load_ctx *c);
static void row_rules(load_ctx *c);
static void row_ratings(load_ctx *c);

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
        *(const char **)(void *)((char *)&c->in + c->cols[i].field) = val(c, i);
    switch (c->kind) {
    case DS_K_UNITS: row_units(c); break;
    case DS_K_TERMS: row_terms(c); break;
    case DS_K_REG_IND:
    case DS_K_INDICATORS: row_inds(c); break;
    case DS_K_OBS: row_obs(c); break;
    case DS_K_TARGETS:
    case DS_K_ILLUS: row_targets(c); break;
    case DS_K_VERDICTS: row_verdicts(c); break;
    case DS_K_RULES: row_rules(c); break;
    case DS_K_REG_RATINGS: row_ratings(c); break;
    }
    return c->fatal != CHISO_OK;
}

/* ---- helpers for rows -------------------------------------------------------------------------- */

static int valid_code(const char *s)
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

/* ---- lookups by code: hash maps over pool ids ----------------------------------------------------- */

static size_t ix_hash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k;
}

static long ix_get(const ds_index *ix, uint64_t key)
{
    if (!ix->cap || !key)
        return -1;
    for (size_t h = ix_hash(key) & (ix->cap - 1);; h = (h + 1) & (ix->cap - 1)) {
        if (ix->slots[h].key == key)
            return ix->slots[h].val;
        if (!ix->slots[h].key)
            return -1;
    }
}

/* Insert or replace; 0, or -1 when out of memory. */
static int ix_put(ds_index *ix, uint64_t key, long val)
{
    if ((ix->n + 1) * 2 > ix->cap) {
        size_t ncap = ix->cap ? ix->cap * 2 : 64;
        ds_slot *ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < ix->cap; i++) {
            if (!ix->slots[i].key)
                continue;
            size_t h = ix_hash(ix->slots[i].key) & (ncap - 1);
            while (ns[h].key)
                h = (h + 1) & (ncap - 1);
            ns[h] = ix->slots[i];
        }
        free(ix->slots);
        ix->slots = ns;
        ix->cap = ncap;
    }
    size_t h = ix_hash(key) & (ix->cap - 1);
    while (ix->slots[h].key && ix->slots[h].key != key)
        h = (h + 1) & (ix->cap - 1);
    if (!ix->slots[h].key)
        ix->n++;
    ix->slots[h].key = key;
    ix->slots[h].val = val;
    return 0;
}

static void ix_free(ds_index *ix)
{
    free(ix->slots);
    memset(ix, 0, sizeof *ix);
}

static uint64_t term_key(long unit, uint32_t code)
{
    return ((uint64_t)(uint32_t)(unit + 1) << 32) | code;
}

static uint32_t code_id(const chiso_dataset *ds, const char *code)
{
    return code ? chiso_strpool_find(&ds->pool, code, strlen(code)) : CHISO_NOSTR;
}

long chiso_dataset_find_unit(const chiso_dataset *ds, const char *code)
{
    return ds ? ix_get(&ds->unit_ix, code_id(ds, code)) : -1;
}

long chiso_dataset_find_indicator(const chiso_dataset *ds, const char *code)
{
    return ds ? ix_get(&ds->ind_ix, code_id(ds, code)) : -1;
}

/* The term of that code among the unit's own rows of terms.csv, or -1. */
static long find_own_term(const chiso_dataset *ds, long unit, const char *code)
{
    if (!ds || unit < 0)
        return -1;
    uint32_t id = code_id(ds, code);
    return id ? ix_get(&ds->term_ix, term_key(unit, id)) : -1;
}

long chiso_dataset_find_term(const chiso_dataset *ds, long unit, const char *code)
{
    return find_own_term(ds, chiso_dataset_term_owner(ds, unit), code);
}

/* Unit lookups are frequent (every observation): remember the last hit. */
static long find_unit_cached(load_ctx *c, const char *code)
{
    chiso_dataset *ds = c->ds;
    long last = c->last_unit;
    if (last >= 0 && (size_t)last < ds->n_units && strcmp(ds_str(ds, ds->units[last].code), code) == 0)
        return last;
    c->last_unit = chiso_dataset_find_unit(ds, code);
    return c->last_unit;
}

static long find_ind_cached(load_ctx *c, const char *code)
{
    chiso_dataset *ds = c->ds;
    long last = c->last_ind;
    if (last >= 0 && (size_t)last < ds->n_inds && strcmp(ds_str(ds, ds->inds[last].code), code) == 0)
        return last;
    c->last_ind = chiso_dataset_find_indicator(ds, code);
    return c->last_ind;
}

static int parse_enum(const char *s, const char *const *names, int n)
{
    for (int i = 0; s && i < n; i++)
        if (names[i] && chiso_utf8_casecmp(s, names[i]) == 0)
            return i;
    return -1;
}

static const char *const category_names[] = {"membership", "organisation", "recruitment", "discipline",
                                             "inspection", "classification", "training",  "other"};
static const char *const basis_names[] = {"", "total", "annual_mean", "each_year", "point", "end"};
static const char *const kind_names[] = {"flow", "stock", "rate"};

const char *chiso_basis_name(chiso_basis b)
{
    return (unsigned)b < CHISO_ARRAY_LEN(basis_names) ? basis_names[b] : "?";
}

const char *chiso_kind_name(chiso_kind k)
{
    return (unsigned)k < CHISO_ARRAY_LEN(kind_names) ? kind_names[k] : "?";
}

const char *chiso_category_name(chiso_category c)
{
    return (unsigned)c < CHISO_ARRAY_LEN(category_names) ? category_names[c] : "?";
}

/* A date of column ci; reports and returns 0 on failure. */
static int get_date(load_ctx *c, int ci, int as_end, chiso_date *out)
{
    const char *s = val(c, ci);
    if (!s) {
        diag_at(c, CHISO_ERROR, ci, 0, "date.missing", _("'%s' is empty: a date is required"),
                c->cols[ci].code);
        return 0;
    }
    chiso_error e;
    chiso_error_clear(&e);
    if (chiso_date_parse(s, as_end, out, &e) != CHISO_OK) {
        diag_at(c, CHISO_ERROR, ci, e.col, "date.bad", "%s", e.msg);
        return 0;
    }
    return 1;
}

/* A span "2022" or "2021..2023" (also "2021 - 2023"). */
static int get_period(load_ctx *c, int ci, chiso_date *ps, chiso_date *pe)
{
    const char *s = val(c, ci);
    char a[64], b[64];
    const char *sep = strstr(s, "..");
    chiso_error e;
    chiso_error_clear(&e);
    /* a date is short: text that does not fit is refused, never cut to a date that reads */
    if ((sep ? (size_t)(sep - s) : strlen(s)) >= sizeof a || strlen(sep ? sep + 2 : s) >= sizeof b) {
        diag_at(c, CHISO_ERROR, ci, 0, "period.bad", _("cannot read the period '%.40s…': it is too long"), s);
        return 0;
    }
    if (sep) {
        snprintf(a, sizeof a, "%.*s", (int)(sep - s), s);
        snprintf(b, sizeof b, "%s", sep + 2);
    } else {
        snprintf(a, sizeof a, "%s", s);
        snprintf(b, sizeof b, "%s", s);
    }
    long at = 0; /* characters of s before the date that failed (the end of "a..b" starts after "..") */
    int ok = chiso_date_parse(a, 0, ps, &e) == CHISO_OK;
    if (ok) {
        if (sep)
            at = (long)chiso_utf8_chars(s, (size_t)(sep + 2 - s)) + (long)strspn(sep + 2, " \t");
        ok = chiso_date_parse(b, 1, pe, &e) == CHISO_OK;
    }
    if (!ok) {
        diag_at(c, CHISO_ERROR, ci, e.col > 0 ? e.col + at : 0, "period.bad", _("cannot read the period '%s': %s"),
                s, e.msg);
        return 0;
    }
    if (pe->day < ps->day) {
        diag_at(c, CHISO_ERROR, ci, 0, "period.order", _("the period '%s' ends before it starts"), s);
        return 0;
    }
    return 1;
}

/* The warning on a figure that does not say where it comes from (the columns of type DS_SOURCE,
 * DS_LOCATOR and DS_QUOTE). */
static void warn_sources(load_ctx *c)
{
    int c_source = col_of_type(c, DS_SOURCE), c_locator = col_of_type(c, DS_LOCATOR),
        c_quote = col_of_type(c, DS_QUOTE);
    const char *miss[3];
    int n = 0;
    if (!val(c, c_source))
        miss[n++] = "source";
    if (!val(c, c_locator))
        miss[n++] = "locator";
    if (!val(c, c_quote))
        miss[n++] = "quote";
    if (n == 0)
        return;
    char list[64] = "";
    for (int i = 0; i < n; i++) {
        strcat(list, i ? ", " : "");
        strcat(list, miss[i]);
    }
    diag_at(c, CHISO_WARNING, -1, 0, "source.missing",
            _("the figure has no %s: every figure should say where it comes from"), list);
}

/* ---- rating labels ----------------------------------------------------------------------------- */

int ds_rating_year(chiso_date end)
{
    /* ratings are made in December: a span ending before December reports the year before */
    if (end.prec >= CHISO_DATE_MONTH && end.month < 12)
        return end.year - 1;
    return end.year;
}

/* chiso_crosswalk_lookup that also tells (*oom, may be NULL) when it could not look because memory
 * ran out, so that the reader stops instead of calling the label unknown (ds_crosswalk_lookup). */
static int crosswalk(const chiso_dataset *ds, const char *label, int is_member, const char *scheme, int year,
                     int *level, int *at_or_above, const char **scheme_out, int *inexact, const char **notes,
                     int *oom)
{
    int aoa = 0;
    char *norm = ds_rating_normalize(label, &aoa);
    if (oom)
        *oom = !norm;
    if (!norm)
        return 0;
    int found = 0;
    /* first the scheme named or in force in year, then any scheme of the same kind */
    for (int pass = 0; pass < 2 && !found; pass++) {
        for (size_t i = 0; i < ds->n_ratings; i++) {
            const ds_rating *r = &ds->ratings[i];
            if (r->member != is_member)
                continue;
            if (strcmp(ds_str(ds, r->label_norm), norm) != 0)
                continue;
            if (pass == 0) {
                if (scheme && strcmp(ds_str(ds, r->scheme), scheme) != 0)
                    continue;
                if (!scheme && (year < r->from || year > r->to))
                    continue;
            } else if (scheme) {
                break; /* a named scheme must hold the label */
            }
            *level = r->level;
            *at_or_above = aoa || r->at_or_above;
            if (scheme_out)
                *scheme_out = ds_str(ds, r->scheme);
            if (inexact)
                *inexact = r->inexact || pass == 1;
            if (notes)
                *notes = ds_str(ds, r->notes);
            found = pass + 1;
            break;
        }
    }
    free(norm);
    return found;
}

int ds_crosswalk_lookup(const chiso_dataset *ds, const char *label, int is_member, const char *scheme, int year,
                        int *level, int *at_or_above, int *oom)
{
    int no_memory = 0;
    int found = crosswalk(ds, label, is_member, scheme, year, level, at_or_above, NULL, NULL, NULL, &no_memory);
    if (!found && !no_memory) { /* a label of an export typed without accents */
        char *acc = ds_rating_accent(ds, label, is_member, &no_memory);
        if (acc)
            found = crosswalk(ds, acc, is_member, scheme, year, level, at_or_above, NULL, NULL, NULL, &no_memory);
        free(acc);
    }
    if (oom)
        *oom = no_memory;
    return found;
}

int chiso_crosswalk_lookup(const chiso_dataset *ds, const char *label, int is_member, const char *scheme,
                           int year, int *level, int *at_or_above, const char **scheme_out,
                           int *inexact, const char **notes)
{
    return crosswalk(ds, label, is_member, scheme, year, level, at_or_above, scheme_out, inexact, notes, NULL);
}

static int scheme_exists(const chiso_dataset *ds, const char *scheme, int *member)
{
    for (size_t i = 0; i < ds->n_ratings; i++)
        if (strcmp(ds_str(ds, ds->ratings[i].scheme), scheme) == 0) {
            *member = ds->ratings[i].member;
            return 1;
        }
    return 0;
}

static int indicator_is_member(const chiso_dataset *ds, long ind)
{
    return strstr(ds_str(ds, ds->inds[ind].code), "member") != NULL;
}

static int indicator_is_rating(const chiso_dataset *ds, long ind)
{
    const char *code = ds_str(ds, ds->inds[ind].code);
    return strstr(code, "_rating_") != NULL;
}

/* ---- the rows of each file --------------------------------------------------------------------- */

static void row_ratings(load_ctx *c)
{
    const ds_rating_row *in = &c->in.rating;
    chiso_dataset *ds = c->ds;
    if (chiso_grow((void **)&ds->ratings, &ds->cap_ratings, ds->n_ratings + 1, sizeof *ds->ratings)) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds_rating r;
    memset(&r, 0, sizeof r);
    const char *applies = in->applies_to, *label = in->label, *scheme = in->scheme;
    if (!scheme || !label || !applies) {
        diag_at(c, CHISO_ERROR, -1, 0, "rating.row", "%s", _("scheme, applies_to and label are required"));
        return;
    }
    r.member = strcmp(applies, "member") == 0;
    r.from = in->valid_from ? atoi(in->valid_from) : 0;
    r.to = in->valid_to ? atoi(in->valid_to) : 9999;
    r.level = in->level ? atoi(in->level) : 0;
    if (r.level < 1 || r.level > 4) {
        diag_at(c, CHISO_ERROR, AT(ds_rating_row, level), 0, "rating.level", "%s", _("level must be 1, 2, 3 or 4"));
        return;
    }
    r.at_or_above = in->role && strcmp(in->role, "at_or_above") == 0;
    r.inexact = in->notes != NULL;
    int aoa;
    char *norm = ds_rating_normalize(label, &aoa);
    if (!norm) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    r.label_norm = intern(c, norm);
    free(norm);
    r.scheme = intern(c, scheme);
    r.notes = intern(c, in->notes);
    r.regulation = intern(c, in->regulation);
    ds->ratings[ds->n_ratings++] = r;
}

static void row_inds(load_ctx *c)
{
    const ds_ind_row *in = &c->in.ind;
    chiso_dataset *ds = c->ds;
    const char *code = in->indicator;
    if (!valid_code(code)) {
        diag_at(c, CHISO_ERROR, AT(ds_ind_row, indicator), 0, "indicator.code",
                _("indicator code '%s' must be letters, digits, '-', '_' or '.'"), code ? code : "");
        return;
    }
    ds_indicator ind;
    memset(&ind, 0, sizeof ind);
    int cat = parse_enum(in->category, category_names, (int)CHISO_ARRAY_LEN(category_names));
    static const char *const measures[] = {"count", "share"};
    int measure = parse_enum(in->measure, measures, 2);
    int kind = parse_enum(in->kind, kind_names, 3);
    static const char *const dirs[] = {"none", "up", "down"};
    int dir = in->direction ? parse_enum(in->direction, dirs, 3) : 0;
    /* irregular: one-off counts (an anniversary's awards) that no pace can project; empty = no */
    static const char *const yesno[] = {"no", "yes", "không", "có", "0", "1"};
    int irregular = in->irregular ? parse_enum(in->irregular, yesno, 6) : 0;
    int ok = 1;
    if (cat < 0) {
        diag_at(c, CHISO_ERROR, AT(ds_ind_row, category), 0, "indicator.category",
                _("unknown category '%s': use membership, organisation, recruitment, discipline, "
                  "inspection, classification, training or other"),
                in->category ? in->category : "");
        ok = 0;
    }
    if (measure < 0) {
        diag_at(c, CHISO_ERROR, AT(ds_ind_row, measure), 0, "indicator.measure",
                _("unknown measure '%s': use count or share"), in->measure ? in->measure : "");
        ok = 0;
    }
    if (kind < 0) {
        diag_at(c, CHISO_ERROR, AT(ds_ind_row, kind), 0, "indicator.kind", _("unknown kind '%s': use flow, stock or rate"),
                in->kind ? in->kind : "");
        ok = 0;
    }
    if (dir < 0) {
        diag_at(c, CHISO_ERROR, AT(ds_ind_row, direction), 0, "indicator.direction",
                _("unknown direction '%s': use up, down or none"), in->direction);
        ok = 0;
    }
    if (irregular < 0) {
        diag_at(c, CHISO_ERROR, AT(ds_ind_row, irregular), 0, "indicator.irregular",
                _("unknown value '%s' in the irregular column: use yes or no (empty: no)"), in->irregular);
        ok = 0;
    }
    if (ok && kind == CHISO_KIND_RATE && measure != CHISO_MEASURE_SHARE) {
        diag_at(c, CHISO_ERROR, AT(ds_ind_row, kind), 0, "indicator.kind", "%s", _("a rate must be measured as a share"));
        ok = 0;
    }
    if (ok && measure == CHISO_MEASURE_SHARE && kind != CHISO_KIND_RATE) {
        diag_at(c, CHISO_ERROR, AT(ds_ind_row, kind), 0, "indicator.kind", "%s", _("a share must be of kind rate"));
        ok = 0;
    }
    if (!ok)
        return;
    ind.code = intern(c, code);
    ind.category = (unsigned char)cat;
    ind.measure = (unsigned char)measure;
    ind.kind = (unsigned char)kind;
    ind.direction = (unsigned char)dir;
    ind.irregular = (unsigned char)(irregular & 1);
    ind.name_vi = intern(c, in->name_vi);
    ind.name_en = intern(c, in->name_en);
    ind.builtin = c->kind == DS_K_REG_IND;
    ind.file = c->file_no;
    ind.line = c->row->line;
    long prev = chiso_dataset_find_indicator(ds, code);
    if (prev >= 0) {
        if (ds->inds[prev].builtin && c->kind == DS_K_INDICATORS)
            diag_at(c, CHISO_WARNING, AT(ds_ind_row, indicator), 0, "indicator.redefined",
                    _("'%s' redefines a built-in indicator; this dataset's definition is used"), code);
        else
            diag_at(c, CHISO_ERROR, AT(ds_ind_row, indicator), 0, "indicator.duplicate",
                    _("indicator '%s' is defined twice (first at line %ld)"), code, ds->inds[prev].line);
        if (!(ds->inds[prev].builtin && c->kind == DS_K_INDICATORS))
            return;
        ds->inds[prev] = ind;
        return;
    }
    if (chiso_grow((void **)&ds->inds, &ds->cap_inds, ds->n_inds + 1, sizeof *ds->inds) ||
        !ind.code || ix_put(&ds->ind_ix, ind.code, (long)ds->n_inds) != 0) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->inds[ds->n_inds++] = ind;
}

static void row_units(load_ctx *c)
{
    const ds_unit_row *in = &c->in.unit;
    chiso_dataset *ds = c->ds;
    const char *code = in->unit;
    if (!valid_code(code)) {
        diag_at(c, CHISO_ERROR, AT(ds_unit_row, unit), 0, "unit.code",
                _("unit code '%s' must be letters, digits, '-', '_' or '.'"), code ? code : "");
        return;
    }
    long prev = chiso_dataset_find_unit(ds, code);
    if (prev >= 0) {
        diag_at(c, CHISO_ERROR, AT(ds_unit_row, unit), 0, "unit.duplicate", _("unit '%s' is listed twice (first at line %ld)"),
                code, ds->units[prev].line);
        return;
    }
    if (chiso_grow((void **)&ds->units, &ds->cap_units, ds->n_units + 1, sizeof *ds->units)) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds_unit u;
    memset(&u, 0, sizeof u);
    u.code = intern(c, code);
    u.name = intern(c, in->name);
    u.parent_code = intern(c, in->parent);
    u.parent = -1;
    u.file = c->file_no;
    u.line = c->row->line;
    if (!u.code || ix_put(&ds->unit_ix, u.code, (long)ds->n_units) != 0) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->units[ds->n_units++] = u;
}

static void row_terms(load_ctx *c)
{
    const ds_term_row *in = &c->in.term;
    chiso_dataset *ds = c->ds;
    const char *ucode = in->unit, *tcode = in->term;
    if (!ucode || !tcode) {
        diag_at(c, CHISO_ERROR, ucode ? AT(ds_term_row, term) : AT(ds_term_row, unit), 0, "term.missing", "%s",
                _("unit and term are required"));
        return;
    }
    long u = chiso_dataset_find_unit(ds, ucode);
    if (u < 0) {
        if (ds->has_units_file) {
            diag_at(c, CHISO_ERROR, AT(ds_term_row, unit), 0, "unit.unknown", _("unknown unit '%s': add it to units.csv"),
                    ucode);
            return;
        }
        if (!valid_code(ucode)) {
            diag_at(c, CHISO_ERROR, AT(ds_term_row, unit), 0, "unit.code",
                    _("unit code '%s' must be letters, digits, '-', '_' or '.'"), ucode);
            return;
        }
        if (chiso_grow((void **)&ds->units, &ds->cap_units, ds->n_units + 1, sizeof *ds->units)) {
            c->fatal = CHISO_ENOMEM;
            return;
        }
        ds_unit nu;
        memset(&nu, 0, sizeof nu);
        nu.code = intern(c, ucode);
        nu.parent = -1;
        nu.file = c->file_no;
        nu.line = c->row->line;
        u = (long)ds->n_units;
        if (!nu.code || ix_put(&ds->unit_ix, nu.code, u) != 0) {
            c->fatal = CHISO_ENOMEM;
            return;
        }
        ds->units[ds->n_units++] = nu;
    }
    if (find_own_term(ds, u, tcode) >= 0) {
        diag_at(c, CHISO_ERROR, AT(ds_term_row, term), 0, "term.duplicate", _("term '%s' of unit '%s' is listed twice"), tcode,
                ucode);
        return;
    }
    ds_term t;
    memset(&t, 0, sizeof t);
    int ok = get_date(c, AT(ds_term_row, start), 0, &t.start);
    ok &= get_date(c, AT(ds_term_row, end), 1, &t.end);
    if (!ok)
        return;
    if (t.end.day < t.start.day) {
        diag_at(c, CHISO_ERROR, AT(ds_term_row, end), 0, "term.order", _("the term ends (%s) before it starts (%s)"),
                in->end, in->start);
        return;
    }
    if (t.end.day == t.start.day) { /* a term of one day is a date typed twice */
        diag_at(c, CHISO_ERROR, AT(ds_term_row, end), 0, "term.empty",
                _("the term starts and ends on the same day (%s): its end is the next congress"), in->end);
        return;
    }
    t.unit = u;
    t.code = intern(c, tcode);
    t.label = intern(c, in->label);
    t.note = intern(c, in->note);
    t.note_vi = intern(c, in->note_vi);
    t.file = c->file_no;
    t.line = c->row->line;
    if (chiso_grow((void **)&ds->terms, &ds->cap_terms, ds->n_terms + 1, sizeof *ds->terms) || !t.code ||
        ix_put(&ds->term_ix, term_key(u, t.code), (long)ds->n_terms) != 0) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->terms[ds->n_terms++] = t;
}

static int parse_basis(load_ctx *c, int ci, chiso_basis *out)
{
    const char *s = val(c, ci);
    if (!s) {
        *out = CHISO_BASIS_NONE;
        return 1;
    }
    int b = parse_enum(s, basis_names, (int)CHISO_ARRAY_LEN(basis_names));
    if (b <= 0) {
        diag_at(c, CHISO_ERROR, ci, 0, "basis.unknown",
                _("unknown basis '%s': use total, annual_mean, each_year, point%s"), s,
                c->kind == DS_K_OBS ? "" : " or end");
        return 0;
    }
    *out = (chiso_basis)b;
    return 1;
}

/* Look up a rating label for indicator ind; reports problems. */
static int rating_of(load_ctx *c, int ci, long ind, const char *scheme, int year, int *level, int *aoa,
                     const char **scheme_out, int *inexact)
{
    const char *label = val(c, ci);
    int member = indicator_is_member(c->ds, ind), oom = 0;
    if (!crosswalk(c->ds, label, member, scheme, year, level, aoa, scheme_out, inexact, NULL, &oom)) {
        if (oom) {
            c->fatal = CHISO_ENOMEM;
            return 0;
        }
        /* the label typed without accents: read as the registry's label, with a warning */
        char *acc = ds_rating_accent(c->ds, label, member, &oom);
        int found = acc && crosswalk(c->ds, acc, member, scheme, year, level, aoa, scheme_out, inexact, NULL, &oom);
        if (found)
            diag_at(c, CHISO_WARNING, ci, 0, "rating.unaccented",
                    _("the rating label '%s' is written without Vietnamese accents: read as '%s'"), label, acc);
        free(acc);
        if (oom) {
            c->fatal = CHISO_ENOMEM;
            return 0;
        }
        if (found)
            return 1;
        if (scheme)
            diag_at(c, CHISO_ERROR, ci, 0, "rating.unknown",
                    _("unknown rating label '%s' in scheme %s (see datasets/registry/rating-schemes.csv)"),
                    label, scheme);
        else
            diag_at(c, CHISO_ERROR, ci, 0, "rating.unknown",
                    _("unknown rating label '%s' for %s rated in %d (see "
                      "datasets/registry/rating-schemes.csv)"),
                    label, member ? _("members") : _("organisations"), year);
        return 0;
    }
    return 1;
}

/* Habits of a figure that reads but may not say what its writer meant: keywords without accents
 * ("tren 90%"), and a share typed as a fraction ("0,93") where the quote says "93%" (a cell formatted
 * as a percentage in Excel holds 0,93). */
static void ds_value_habits(load_ctx *c, const char *raw, const char *accented, const ds_indicator *I,
                            const chiso_value *v)
{
    const ds_obs_row *in = &c->in.obs;
    if (accented)
        diag_at(c, CHISO_WARNING, AT(ds_obs_row, value), 0, "value.unaccented",
                _("'%s' is written without Vietnamese accents: read as '%s'"), raw, accented);
    const char *quote = in->quote;
    if (I->measure != CHISO_MEASURE_SHARE || !quote || v->percent || v->q == CHISO_Q_RATIO || v->point <= 0 ||
        v->point >= 1)
        return;
    /* look for the same share times 100 followed by '%' in the quote */
    for (const char *p = quote; *p; p++) {
        if (!(*p >= '0' && *p <= '9') || (p > quote && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == ',' || p[-1] == '.')))
            continue;
        size_t k = strspn(p, "0123456789,.");
        char num[32];
        if (k >= sizeof num)
            continue;
        memcpy(num, p, k);
        num[k] = '\0';
        const char *after = p + k;
        while (*after == ' ')
            after++;
        if (*after != '%')
            continue;
        double q;
        chiso_error e;
        if (chiso_number_parse(num, &q, &e) == CHISO_OK && fabs(q - 100.0 * v->point) < 0.05) {
            diag_at(c, CHISO_WARNING, AT(ds_obs_row, value), 0, "value.fraction",
                    _("the share '%s' looks like a fraction, and the quote says %s%%: a cell formatted as a "
                      "percentage in Excel holds the fraction; write %s%% (it is read as %s%% now)"),
                    raw, num, num, raw);
            return;
        }
    }
}

static void row_obs(load_ctx *c)
{
    const ds_obs_row *in = &c->in.obs;
    chiso_dataset *ds = c->ds;
    ds_obs o;
    memset(&o, 0, sizeof o);
    int ok = 1;
    const char *ucode = in->unit, *icode = in->indicator;
    long u = -1, ind = -1;
    if (!ucode) {
        diag_at(c, CHISO_ERROR, AT(ds_obs_row, unit), 0, "unit.missing", "%s", _("the unit is empty"));
        ok = 0;
    } else if ((u = find_unit_cached(c, ucode)) < 0) {
        diag_at(c, CHISO_ERROR, AT(ds_obs_row, unit), 0, "unit.unknown", _("unknown unit '%s': add it to %s"), ucode,
                ds->has_units_file ? "units.csv" : "terms.csv");
        ok = 0;
    }
    if (!icode) {
        diag_at(c, CHISO_ERROR, AT(ds_obs_row, indicator), 0, "indicator.missing", "%s", _("the indicator is empty"));
        ok = 0;
    } else if ((ind = find_ind_cached(c, icode)) < 0) {
        diag_at(c, CHISO_ERROR, AT(ds_obs_row, indicator), 0, "indicator.unknown",
                _("unknown indicator '%s': use a code of the registry or add it to indicators.csv"), icode);
        ok = 0;
    }
    int dates = get_date(c, AT(ds_obs_row, period_start), 0, &o.start);
    dates &= get_date(c, AT(ds_obs_row, period_end), 1, &o.end);
    if (dates && o.end.day < o.start.day) {
        diag_at(c, CHISO_ERROR, AT(ds_obs_row, period_end), 0, "period.order",
                _("period_end (%s) is before period_start (%s)"), in->period_end, in->period_start);
        dates = 0;
    }
    ok &= dates;
    if (ind < 0) {
        /* still read the value as a count to report its own problems */
        if (!in->value)
            diag_at(c, CHISO_ERROR, AT(ds_obs_row, value), 0, "value.missing", "%s", _("the value is empty"));
        return;
    }
    const ds_indicator *I = &ds->inds[ind];
    chiso_value v;
    const char *raw = in->value;
    if (!raw) {
        diag_at(c, CHISO_ERROR, AT(ds_obs_row, value), 0, "value.missing", "%s",
                _("the value is empty: leave the figure out rather than write an empty value"));
        ok = 0;
    } else {
        chiso_error e;
        chiso_error_clear(&e);
        int ambiguous = 0;
        char *accented = NULL;
        if (ds_value_parse_ex(raw, (chiso_measure)I->measure, &ds->opts.values, &v, &e, &ambiguous, &accented) !=
            CHISO_OK) {
            if (e.code == CHISO_ENOMEM) { /* not the figure's fault: the reading stops */
                c->fatal = CHISO_ENOMEM;
                return;
            }
            const char *code = e.code == CHISO_EDOMAIN ? "value.domain" : "value.parse";
            if (ambiguous)
                code = "value.ambiguous";
            diag_at(c, CHISO_ERROR, AT(ds_obs_row, value), e.col, code, "%s", e.msg);
            ok = 0;
        } else {
            ds_value_habits(c, raw, accented, I, &v);
        }
        free(accented);
    }
    chiso_basis basis = CHISO_BASIS_NONE;
    if (!parse_basis(c, AT(ds_obs_row, basis), &basis))
        ok = 0;
    else if (basis == CHISO_BASIS_NONE) {
        if (I->kind == CHISO_KIND_FLOW)
            basis = CHISO_BASIS_TOTAL;
        else if (I->kind == CHISO_KIND_STOCK)
            basis = CHISO_BASIS_POINT;
        else {
            diag_at(c, CHISO_ERROR, AT(ds_obs_row, basis), 0, "basis.required",
                    _("the basis is required for a share ('%s'): total, annual_mean, each_year or point"),
                    icode);
            ok = 0;
        }
    } else if (basis == CHISO_BASIS_END) {
        diag_at(c, CHISO_ERROR, AT(ds_obs_row, basis), 0, "basis.unknown", "%s",
                _("basis 'end' is for targets; a figure at a date is 'point'"));
        ok = 0;
    } else if (I->kind == CHISO_KIND_FLOW && basis == CHISO_BASIS_POINT) {
        diag_at(c, CHISO_ERROR, AT(ds_obs_row, basis), 0, "basis.kind",
                _("'%s' counts events over time (a flow): its basis is total, annual_mean or each_year, "
                  "not point"),
                icode);
        ok = 0;
    } else if (I->kind == CHISO_KIND_STOCK && basis == CHISO_BASIS_TOTAL) {
        diag_at(c, CHISO_ERROR, AT(ds_obs_row, basis), 0, "basis.kind",
                _("'%s' is a level at a moment (a stock): its basis is point, annual_mean or each_year, "
                  "not total"),
                icode);
        ok = 0;
    }
    /* ratings */
    const char *scheme = in->scheme;
    int member_scheme = 0;
    if (scheme && !scheme_exists(ds, scheme, &member_scheme)) {
        diag_at(c, CHISO_ERROR, AT(ds_obs_row, scheme), 0, "scheme.unknown",
                _("unknown rating scheme '%s' (see datasets/registry/rating-schemes.csv)"), scheme);
        ok = 0;
        scheme = NULL;
    }
    int level = 0, aoa = 0, inexact = 0;
    const char *scheme_used = NULL;
    if (in->rating) {
        if (!indicator_is_rating(ds, ind)) {
            diag_at(c, CHISO_WARNING, AT(ds_obs_row, rating), 0, "rating.ignored",
                    _("'%s' is not a rating indicator: its rating label is ignored"), icode);
        } else if (dates && !rating_of(c, AT(ds_obs_row, rating), ind, scheme, ds_rating_year(o.end), &level, &aoa,
                                       &scheme_used, &inexact)) {
            ok = 0;
        }
    } else if (indicator_is_rating(ds, ind)) {
        diag_at(c, CHISO_ERROR, AT(ds_obs_row, rating), 0, "rating.missing",
                _("'%s' needs the rating label the figure is about"), icode);
        ok = 0;
    }
    if (in->part_of && dates && indicator_is_rating(ds, ind)) {
        int l2, a2, i2;
        if (!rating_of(c, AT(ds_obs_row, part_of), ind, scheme, ds_rating_year(o.end), &l2, &a2, NULL, &i2))
            ok = 0;
    }
    const char *sb = in->share_base;
    if (sb) {
        static const char *const bases[] = {"total", "part", "unknown"};
        int b = parse_enum(sb, bases, 3);
        if (b < 0) {
            diag_at(c, CHISO_ERROR, AT(ds_obs_row, share_base), 0, "share_base.unknown",
                    _("unknown share_base '%s': use total, part or unknown"), sb);
            ok = 0;
        } else if (!in->part_of && b != 0) {
            diag_at(c, CHISO_ERROR, AT(ds_obs_row, share_base), 0, "share_base.no_part", "%s",
                    _("share_base 'part' or 'unknown' needs part_of: the group the share is part of"));
            ok = 0;
        } else {
            o.share_of_part = b == 1;
            if (b == 2)
                o.flags |= CHISO_OBS_BASE_UNKNOWN;
        }
    }
    warn_sources(c);
    if (!ok || c->fatal)
        return;
    if (chiso_grow((void **)&ds->obs, &ds->cap_obs, ds->n_obs + 1, sizeof *ds->obs)) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    o.lo = v.iv.lo;
    o.hi = v.iv.hi;
    o.lo_open = v.iv.lo_open;
    o.hi_open = v.iv.hi_open;
    o.point = v.point;
    o.q = (unsigned char)v.q;
    o.percent = v.percent;
    o.num = v.num;
    o.den = v.den;
    o.unit = (uint32_t)u;
    o.indicator = (uint32_t)ind;
    o.basis = (unsigned char)basis;
    o.level = (unsigned char)level;
    if (aoa)
        o.flags |= CHISO_OBS_AT_OR_ABOVE;
    if (inexact)
        o.flags |= CHISO_OBS_INEXACT_XWALK;
    if (in->part_of)
        o.flags |= CHISO_OBS_PART;
    if (in->rating && !scheme)
        o.flags |= CHISO_OBS_SCHEME_GUESS;
    o.rating = intern(c, in->rating);
    o.scheme = intern(c, scheme ? scheme : scheme_used);
    o.part_of = intern(c, in->part_of);
    o.raw = intern(c, raw);
    o.source = intern(c, in->source);
    o.locator = intern(c, in->locator);
    o.quote = intern(c, in->quote);
    o.note = intern(c, in->note);
    o.line = (uint32_t)c->row->line;
    o.file = (uint16_t)c->file_no;
    ds->obs[ds->n_obs++] = o;
}

/* The unit, term and indicator of a target or verdict row (its columns of type DS_UNIT, DS_TERM and
 * DS_INDICATOR); reports what is unknown and returns 1 when all three are known. */
static int resolve_unit_term_indicator(load_ctx *c, long *unit, long *term, long *ind)
{
    const int C_UNIT = col_of_type(c, DS_UNIT), C_TERM = col_of_type(c, DS_TERM), C_IND = col_of_type(c, DS_INDICATOR);
    chiso_dataset *ds = c->ds;
    int ok = 1;
    const char *ucode = val(c, C_UNIT), *tcode = val(c, C_TERM), *icode = val(c, C_IND);
    *term = -1;
    *unit = ucode ? chiso_dataset_find_unit(ds, ucode) : -1;
    if (*unit < 0) {
        diag_at(c, CHISO_ERROR, C_UNIT, 0, "unit.unknown", _("unknown unit '%s'"), ucode ? ucode : "");
        ok = 0;
    } else {
        *term = tcode ? chiso_dataset_find_term(ds, *unit, tcode) : -1; /* among the terms it follows */
        if (*term < 0) {
            diag_at(c, CHISO_ERROR, C_TERM, 0, "term.unknown", _("unit '%s' has no term '%s' in terms.csv"),
                    ucode, tcode ? tcode : "");
            ok = 0;
        }
    }
    *ind = icode ? chiso_dataset_find_indicator(ds, icode) : -1;
    if (*ind < 0) {
        diag_at(c, CHISO_ERROR, C_IND, 0, "indicator.unknown", _("unknown indicator '%s'"), icode ? icode : "");
        ok = 0;
    }
    return ok;
}

static void row_targets(load_ctx *c)
{
    const ds_target_row *in = &c->in.target;
    chiso_dataset *ds = c->ds;
    ds_target t;
    memset(&t, 0, sizeof t);
    t.illustrative = c->kind == DS_K_ILLUS;
    const char *icode = in->indicator;
    int ok = resolve_unit_term_indicator(c, &t.unit, &t.term, &t.indicator);
    const char *op = in->op;
    if (!op || !chiso_cmp_parse(op, &t.op)) {
        diag_at(c, CHISO_ERROR, AT(ds_target_row, op), 0, "target.op", _("unknown operator '%s': use >=, >, <=, <, = or between"),
                op ? op : "");
        ok = 0;
    }
    const char *v = in->value;
    chiso_error e;
    chiso_error_clear(&e);
    if (!v) {
        diag_at(c, CHISO_ERROR, AT(ds_target_row, value), 0, "value.missing", "%s", _("the target value is empty"));
        ok = 0;
    } else if (strlen(v) >= 128) {
        /* a number is short: text that does not fit is refused, never cut to a number that reads */
        diag_at(c, CHISO_ERROR, AT(ds_target_row, value), 0, "target.value", _("a target value is one plain number, not '%.40s…'"), v);
        ok = 0;
    } else if (ok && t.op == CHISO_CMP_BETWEEN) {
        const char *sep = strstr(v, "..");
        double a, b;
        char left[128];
        snprintf(left, sizeof left, "%.*s", sep ? (int)(sep - v) : 0, v);
        if (!sep || chiso_number_parse(left, &a, &e) != CHISO_OK || chiso_number_parse(sep + 2, &b, &e) != CHISO_OK ||
            b < a) {
            diag_at(c, CHISO_ERROR, AT(ds_target_row, value), 0, "target.value",
                    _("a 'between' target is written a..b with a <= b, not '%s'"), v);
            ok = 0;
        } else {
            t.value = (chiso_interval){a, b, 0, 0};
        }
    } else if (ok) {
        double a;
        char tmp[128];
        snprintf(tmp, sizeof tmp, "%s", v);
        size_t n = strlen(tmp);
        while (n && (tmp[n - 1] == '%' || tmp[n - 1] == ' '))
            tmp[--n] = '\0';
        if (chiso_number_parse(tmp, &a, &e) != CHISO_OK) {
            diag_at(c, CHISO_ERROR, AT(ds_target_row, value), e.col, "target.value",
                    _("a target value is one plain number ('3', '95', '1.000'): %s"), e.msg);
            ok = 0;
        } else {
            t.value = chiso_interval_point(a);
        }
    }
    if (!parse_basis(c, AT(ds_target_row, basis), &t.basis))
        ok = 0;
    else if (t.basis == CHISO_BASIS_NONE || t.basis == CHISO_BASIS_POINT) {
        diag_at(c, CHISO_ERROR, AT(ds_target_row, basis), 0, "basis.unknown", "%s",
                _("a target's basis is total, each_year, annual_mean or end"));
        ok = 0;
    }
    if (in->period) {
        if (!get_period(c, AT(ds_target_row, period), &t.pstart, &t.pend))
            ok = 0;
        else
            t.has_period = 1;
    }
    const char *rel = in->relative_to;
    if (rel) {
        static const struct {
            const char *name;
            chiso_rel_base base;
        } bases[] = {{"members_at_term_start", CHISO_REL_TERM_START},
                     {"members_at_year_start", CHISO_REL_YEAR_START},
                     {"members_at_prev_year_end", CHISO_REL_PREV_YEAR_END}};
        for (size_t i = 0; i < CHISO_ARRAY_LEN(bases); i++)
            if (strcmp(rel, bases[i].name) == 0)
                t.rel_base = (int)bases[i].base;
        if (!t.rel_base && strncmp(rel, "members_at:", 11) == 0) {
            chiso_date d;
            chiso_error_clear(&e);
            if (chiso_date_parse(rel + 11, 0, &d, &e) == CHISO_OK && d.prec == 3) {
                t.rel_base = CHISO_REL_DATE;
                t.rel_day = d.day;
            }
        }
        if (!t.rel_base) {
            diag_at(c, CHISO_ERROR, AT(ds_target_row, relative_to), 0, "target.relative_to",
                    _("unknown relative_to '%s': leave it empty or write members_at_term_start, members_at_year_start, "
                      "members_at_prev_year_end or members_at:YYYY-MM-DD"),
                    rel);
            ok = 0;
        } else {
            t.relative_to_members = 1;
        }
    }
    const char *tid = in->id;
    if (tid) {
        if (!valid_code(tid)) {
            diag_at(c, CHISO_ERROR, AT(ds_target_row, id), 0, "target.id",
                    _("a target id is letters, digits, '_', '-' and '.', not '%s'"), tid);
            ok = 0;
        } else {
            for (size_t i = 0; i < ds->n_targets; i++) {
                const char *other = ds_str(ds, ds->targets[i].id);
                if (other && strcmp(other, tid) == 0) {
                    diag_at(c, CHISO_ERROR, AT(ds_target_row, id), 0, "target.id_duplicate",
                            _("the target id '%s' is already used by %s:%ld"), tid, ds_file(ds, ds->targets[i].file),
                            ds->targets[i].line);
                    ok = 0;
                    break;
                }
            }
        }
    }
    if (ok && in->rating) {
        if (!indicator_is_rating(ds, t.indicator)) {
            diag_at(c, CHISO_WARNING, AT(ds_target_row, rating), 0, "rating.ignored",
                    _("'%s' is not a rating indicator: its rating label is ignored"), icode);
        } else {
            const ds_term *term = &ds->terms[t.term];
            if (!rating_of(c, AT(ds_target_row, rating), t.indicator, NULL, ds_rating_year(term->end), &t.level, &t.at_or_above,
                           NULL, NULL))
                ok = 0;
        }
    } else if (ok && indicator_is_rating(ds, t.indicator)) {
        diag_at(c, CHISO_ERROR, AT(ds_target_row, rating), 0, "rating.missing",
                _("a target on '%s' needs the rating label it is about"), icode);
        ok = 0;
    }
    if (ok && t.has_period) {
        const ds_term *term = &ds->terms[t.term];
        if (t.pstart.day < term->start.day - 366 || t.pend.day > term->end.day + 366) {
            diag_at(c, CHISO_ERROR, AT(ds_target_row, period), 0, "target.period",
                    _("the period '%s' lies outside term '%s'"), in->period, in->term);
            ok = 0;
        }
    }
    if (c->kind == DS_K_TARGETS)
        warn_sources(c);
    if (!ok || c->fatal)
        return;
    t.raw = intern(c, v);
    t.rating = intern(c, in->rating);
    t.source = intern(c, in->source);
    t.locator = intern(c, in->locator);
    t.quote = intern(c, in->quote);
    t.note = intern(c, in->note);
    t.id = intern(c, tid);
    t.set_by = intern(c, in->set_by);
    t.file = c->file_no;
    t.line = c->row->line;
    if (chiso_grow((void **)&ds->targets, &ds->cap_targets, ds->n_targets + 1, sizeof *ds->targets)) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->targets[ds->n_targets++] = t;
}

static void row_verdicts(load_ctx *c)
{
    const ds_verdict_row *in = &c->in.verdict;
    chiso_dataset *ds = c->ds;
    ds_verdict v;
    memset(&v, 0, sizeof v);
    int ok = resolve_unit_term_indicator(c, &v.unit, &v.term, &v.indicator);
    const char *word = in->verdict;
    static const struct {
        const char *w;
        chiso_reported_verdict v;
    } words[] = {{"đạt", CHISO_RV_MET},          {"met", CHISO_RV_MET},
                 {"hoàn thành", CHISO_RV_MET},   {"vượt", CHISO_RV_EXCEEDED},
                 {"exceeded", CHISO_RV_EXCEEDED}, {"vượt chỉ tiêu", CHISO_RV_EXCEEDED},
                 {"không đạt", CHISO_RV_NOT_MET}, {"chưa đạt", CHISO_RV_NOT_MET},
                 {"not met", CHISO_RV_NOT_MET},  {"không hoàn thành", CHISO_RV_NOT_MET}};
    v.verdict = CHISO_RV_NONE;
    for (size_t i = 0; word && i < CHISO_ARRAY_LEN(words); i++)
        if (chiso_utf8_casecmp(word, words[i].w) == 0)
            v.verdict = words[i].v;
    for (size_t i = 0; word && v.verdict == CHISO_RV_NONE && i < CHISO_ARRAY_LEN(words); i++)
        if (ds_vocab_unaccented(word, words[i].w)) { /* "dat", "khong dat": read, with a warning */
            v.verdict = words[i].v;
            diag_at(c, CHISO_WARNING, AT(ds_verdict_row, verdict), 0, "verdict.unaccented",
                    _("the verdict '%s' is written without Vietnamese accents: read as '%s'"), word, words[i].w);
        }
    if (v.verdict == CHISO_RV_NONE && (word || !in->ratio)) {
        /* an empty verdict is a progress ratio ("đạt 46,5% kế hoạch"): then the ratio is required */
        if (word)
            diag_at(c, CHISO_ERROR, AT(ds_verdict_row, verdict), 0, "verdict.unknown",
                    _("unknown verdict '%s': use đạt, vượt or không đạt (met, exceeded, not met)"), word);
        else
            diag_at(c, CHISO_ERROR, AT(ds_verdict_row, verdict), 0, "verdict.empty", "%s",
                    _("the row gives neither a verdict nor a ratio: write đạt, vượt or không đạt, or the ratio "
                      "in per cent of the target"));
        ok = 0;
    }
    if (in->ratio && strlen(in->ratio) >= 128) {
        diag_at(c, CHISO_ERROR, AT(ds_verdict_row, ratio), 0, "verdict.ratio", _("the ratio is a per cent of the target ('102,91'), not '%.40s…'"),
                in->ratio);
        ok = 0;
    } else if (in->ratio) {
        char tmp[128];
        snprintf(tmp, sizeof tmp, "%s", in->ratio);
        size_t n = strlen(tmp);
        while (n && (tmp[n - 1] == '%' || tmp[n - 1] == ' '))
            tmp[--n] = '\0';
        double r;
        chiso_error e;
        chiso_error_clear(&e);
        if (chiso_number_parse(tmp, &r, &e) != CHISO_OK || r < 0) {
            diag_at(c, CHISO_ERROR, AT(ds_verdict_row, ratio), e.col, "verdict.ratio",
                    _("the ratio is a per cent of the target ('102,91'): %s"), e.msg);
            ok = 0;
        } else {
            v.has_ratio = 1;
            /* the digits written after the decimal comma (or point): the precision of the ratio */
            const char *dp = strpbrk(tmp, ",.");
            v.ratio_decimals = dp ? (int)strspn(dp + 1, "0123456789") : 0;
            v.ratio.iv = chiso_interval_point(r);
            v.ratio.point = r;
            v.ratio.percent = 1;
        }
    }
    if (in->period) {
        if (!get_period(c, AT(ds_verdict_row, period), &v.pstart, &v.pend))
            ok = 0;
        else
            v.has_period = 1;
    }
    if (in->as_of) {
        if (!get_date(c, AT(ds_verdict_row, as_of), 1, &v.as_of))
            ok = 0;
        else
            v.has_as_of = 1;
    }
    v.target = -1;
    const char *tid = in->target;
    if (tid && ok) {
        for (size_t i = 0; i < ds->n_targets && v.target < 0; i++) {
            const char *id = ds_str(ds, ds->targets[i].id);
            if (id && strcmp(id, tid) == 0)
                v.target = (long)i;
        }
        if (v.target < 0) {
            /* the illustrative targets are read only on request: an id among them is then unknown here */
            diag_at(c, ds->opts.illustrative ? CHISO_ERROR : CHISO_WARNING, AT(ds_verdict_row, target), 0, "verdict.target",
                    ds->opts.illustrative ? _("no target has the id '%s' (the column id of targets.csv)")
                                          : _("no target has the id '%s' (the column id of targets.csv); if it is "
                                              "an illustrative target, the row is used only with --illustrative"),
                    tid);
            if (ds->opts.illustrative)
                ok = 0;
        } else {
            const ds_target *t = &ds->targets[v.target];
            if (t->unit != v.unit || t->term != v.term || t->indicator != v.indicator) {
                diag_at(c, CHISO_ERROR, AT(ds_verdict_row, target), 0, "verdict.target",
                        _("the target '%s' (%s:%ld) is about another unit, term or indicator than this row"), tid,
                        ds_file(ds, t->file), t->line);
                ok = 0;
            }
        }
    }
    if (!tid && ok) {
        /* a row without an id that could be about several targets binds to none of them (docs/methods.md) */
        size_t same = 0;
        const char *vr = in->rating;
        for (size_t i = 0; i < ds->n_targets; i++) {
            const ds_target *t = &ds->targets[i];
            const char *tr = ds_str(ds, t->rating);
            if (t->illustrative || t->unit != v.unit || t->term != v.term || t->indicator != v.indicator ||
                t->has_period != v.has_period ||
                (v.has_period && (t->pstart.day != v.pstart.day || t->pend.day != v.pend.day)) ||
                !((!tr && !vr) || (tr && vr && chiso_utf8_casecmp(tr, vr) == 0)))
                continue;
            same++;
        }
        if (same > 1)
            diag_at(c, CHISO_WARNING, AT(ds_verdict_row, target), 0, "verdict.ambiguous",
                    _("this row could be about %zu targets of the same unit, term, indicator and period: give the "
                      "id of the one it is about in the column target (it is bound to none)"),
                    same);
    }
    warn_sources(c);
    if (!ok || c->fatal)
        return;
    v.target_id = intern(c, tid);
    v.rating = intern(c, in->rating);
    v.raw = intern(c, word);
    v.source = intern(c, in->source);
    v.locator = intern(c, in->locator);
    v.quote = intern(c, in->quote);
    v.file = c->file_no;
    v.line = c->row->line;
    if (chiso_grow((void **)&ds->verdicts, &ds->cap_verdicts, ds->n_verdicts + 1, sizeof *ds->verdicts)) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->verdicts[ds->n_verdicts++] = v;
}

/* the indicator codes of a rule (ingest/rules.c) */
static long find_indicator(void *ds, const char *code)
{
    return chiso_dataset_find_indicator(ds, code);
}

static void row_rules(load_ctx *c)
{
    const ds_rule_row *in = &c->in.rule;
    chiso_dataset *ds = c->ds;
    ds_rule r;
    memset(&r, 0, sizeof r);
    int ok = 1;
    char msg[512];
    long ecol = 0;
    chiso_status pst;
    if (in->left && (pst = ds_expr_parse(find_indicator, ds, in->left, &r.left, &ecol, msg, sizeof msg)) != CHISO_OK) {
        if (pst == CHISO_ENOMEM) {
            c->fatal = CHISO_ENOMEM;
            return;
        }
        diag_at(c, CHISO_ERROR, AT(ds_rule_row, left), ecol, "rule.parse", "%s", msg);
        ok = 0;
    }
    if (in->right && (pst = ds_expr_parse(find_indicator, ds, in->right, &r.right, &ecol, msg, sizeof msg)) != CHISO_OK) {
        if (pst == CHISO_ENOMEM) {
            ds_expr_free(r.left);
            c->fatal = CHISO_ENOMEM;
            return;
        }
        diag_at(c, CHISO_ERROR, AT(ds_rule_row, right), ecol, "rule.parse", "%s", msg);
        ok = 0;
    }
    if (!in->left || !in->right) {
        diag_at(c, CHISO_ERROR, in->left ? AT(ds_rule_row, right) : AT(ds_rule_row, left), 0, "rule.empty", "%s",
                _("both sides of a rule are required"));
        ok = 0;
    }
    const char *op = in->op;
    if (!op || !chiso_cmp_parse(op, &r.op) || r.op == CHISO_CMP_BETWEEN) {
        diag_at(c, CHISO_ERROR, AT(ds_rule_row, op), 0, "rule.op", _("unknown operator '%s': use ==, <=, >=, < or >"),
                op ? op : "");
        ok = 0;
    }
    r.severity = CHISO_ERROR;
    if (in->severity) {
        if (strcmp(in->severity, "warning") == 0)
            r.severity = CHISO_WARNING;
        else if (strcmp(in->severity, "error") != 0) {
            diag_at(c, CHISO_ERROR, AT(ds_rule_row, severity), 0, "rule.severity", _("unknown severity '%s': use error or warning"),
                    in->severity);
            ok = 0;
        }
    }
    if (in->missing) {
        static const char *const miss[] = {"skip_if_any", "skip_if_all", "zero"};
        int m = parse_enum(in->missing, miss, 3);
        if (m < 0) {
            diag_at(c, CHISO_ERROR, AT(ds_rule_row, missing), 0, "rule.missing",
                    _("unknown missing strategy '%s': use skip_if_any, skip_if_all or zero"), in->missing);
            ok = 0;
        } else {
            r.missing = m;
        }
    }
    if (!ok || c->fatal) {
        ds_expr_free(r.left);
        ds_expr_free(r.right);
        return;
    }
    char name[64];
    snprintf(name, sizeof name, "rule %ld", c->row->line);
    r.name = intern(c, in->rule ? in->rule : name);
    r.file = c->file_no;
    r.line = c->row->line;
    if (chiso_grow((void **)&ds->rules, &ds->cap_rules, ds->n_rules + 1, sizeof *ds->rules)) {
        ds_expr_free(r.left);
        ds_expr_free(r.right);
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->rules[ds->n_rules++] = r;
}

/* ---- reading files ----------------------------------------------------------------------------- */

/* A source of bytes: a file on disk or a buffer in memory. */
typedef struct source {
    const char *path;        /* on disk, or NULL */
    const char *data;        /* in memory */
    size_t size;
    int present;
    chiso_xlsx *book;        /* or a sheet of a workbook */
    size_t sheet;
    const char *display;     /* the name in messages when it is not DIR/FILE ("book.xlsx:units!") */
} source;

static chiso_status read_one(chiso_dataset *ds, chiso_diags *diags, ds_kind_id kind, const char *display,
                             const source *src, chiso_error *err)
{
    load_ctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.diags = diags;
    c.kind = kind;
    c.fname = display;
    c.cols = ds_kind_of(kind)->cols;
    c.last_unit = c.last_ind = -1;
    chiso_buf_init(&c.vals_buf);
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

static void resolve_units(chiso_dataset *ds, chiso_diags *diags)
{
    for (size_t i = 0; i < ds->n_units; i++) {
        ds_unit *u = &ds->units[i];
        if (!u->parent_code)
            continue;
        u->parent = chiso_dataset_find_unit(ds, ds_str(ds, u->parent_code));
        if (u->parent < 0)
            chiso_diags_add(diags, CHISO_ERROR, ds_file(ds, u->file), u->line, 0, "unit.parent",
                            _("unit '%s' has an unknown parent '%s'"), ds_str(ds, u->code),
                            ds_str(ds, u->parent_code));
    }
    /* cycles: walking up more than n steps means a loop */
    for (size_t i = 0; i < ds->n_units; i++) {
        long p = ds->units[i].parent;
        size_t steps = 0;
        while (p >= 0 && steps <= ds->n_units) {
            p = ds->units[p].parent;
            steps++;
        }
        if (p >= 0) {
            chiso_diags_add(diags, CHISO_ERROR, ds_file(ds, ds->units[i].file), ds->units[i].line, 0,
                            "unit.cycle", _("unit '%s' is its own ancestor: the parents form a loop"),
                            ds_str(ds, ds->units[i].code));
            ds->units[i].parent = -1;
        }
    }
}

void chiso_load_opts_default(chiso_load_opts *o)
{
    memset(o, 0, sizeof *o);
    chiso_value_opts_default(&o->values);
}

static chiso_dataset *dataset_alloc(const char *dir, const chiso_load_opts *opts)
{
    chiso_dataset *ds = calloc(1, sizeof *ds);
    if (!ds)
        return NULL;
    chiso_strpool_init(&ds->pool);
    if (opts)
        ds->opts = *opts;
    else
        chiso_load_opts_default(&ds->opts);
    if (ds->opts.values.near <= 0 && ds->opts.values.about <= 0)
        chiso_value_opts_default(&ds->opts.values);
    ds->dir = chiso_strdup(dir);
    if (!ds->dir) {
        free(ds);
        return NULL;
    }
    return ds;
}

/* The kinds of ingest/schema.c in the order they are read (read_rank): indicators before the figures
 * that name them, units before terms, targets before the verdicts that bind to them. */
static size_t kinds_in_read_order(const ds_kind **out, size_t max)
{
    size_t nk, n = 0;
    const ds_kind *k = ds_kinds(&nk);
    for (int rank = -2; rank < (int)nk; rank++)
        for (size_t i = 0; i < nk; i++)
            if (k[i].read_rank == rank && n < max)
                out[n++] = &k[i];
    return n;
}

typedef source (*source_fn)(void *ctx, const char *name);
static int index_unit_terms(chiso_dataset *ds);

/* ---- the built-in registries, read once ---------------------------------------------------------
 * registry/indicators.csv and registry/rating-schemes.csv are the same for every dataset. They are read
 * once per process into a base dataset that holds nothing else, and each new dataset starts as a copy of
 * it: the pool's strings in the same order (so every id is the same), the indicators with their index,
 * the rating crosswalk and the file names. A server or a fuzzer that loads thousands of datasets parses
 * them once. The base is built under a lock; if building it fails (no memory), the next load tries again. */
static pthread_mutex_t g_base_lock = PTHREAD_MUTEX_INITIALIZER;
static chiso_dataset *g_base;

static chiso_status read_registries(chiso_dataset *ds, chiso_diags *diags, chiso_error *err)
{
    const ds_kind *k[16];
    size_t nk = kinds_in_read_order(k, CHISO_ARRAY_LEN(k));
    for (size_t i = 0; i < nk; i++) {
        if (!(k[i]->flags & DS_KF_REGISTRY))
            continue;
        const chiso_embedded_file *f = chiso_embedded_find(k[i]->file);
        if (!f)
            return chiso_error_set(err, CHISO_EINTERNAL, NULL, 0, 0, _("the built-in %s is missing"),
                                   k[i]->file);
        char display[128];
        snprintf(display, sizeof display, "datasets/%s", k[i]->file);
        source s = {NULL, (const char *)f->data, f->size, 1};
        chiso_status st = read_one(ds, diags, k[i]->id, display, &s, err);
        if (st != CHISO_OK)
            return st;
    }
    return CHISO_OK;
}

static void *dup_array(const void *src, size_t n, size_t size, size_t *cap)
{
    void *p = malloc(n ? n * size : 1);
    if (p && n)
        memcpy(p, src, n * size);
    if (p)
        *cap = n;
    return p;
}

/* ds (fresh, empty) becomes a copy of the base. */
static int copy_base(chiso_dataset *ds, const chiso_dataset *b)
{
    for (size_t id = 1; id < b->pool.n; id++) {
        const char *t = b->pool.strs[id];
        if (chiso_strpool_intern(&ds->pool, t, strlen(t)) != id)
            return -1; /* no memory (the ids cannot differ in a fresh pool) */
    }
    ds->inds = dup_array(b->inds, b->n_inds, sizeof *b->inds, &ds->cap_inds);
    ds->ratings = dup_array(b->ratings, b->n_ratings, sizeof *b->ratings, &ds->cap_ratings);
    ds->files = dup_array(b->files, b->n_files, sizeof *b->files, &ds->cap_files);
    ds->ind_ix.slots = b->ind_ix.cap ? dup_array(b->ind_ix.slots, b->ind_ix.cap, sizeof *b->ind_ix.slots,
                                                 &ds->ind_ix.cap)
                                     : NULL;
    if (!ds->inds || !ds->ratings || !ds->files || (b->ind_ix.cap && !ds->ind_ix.slots))
        return -1;
    ds->n_inds = b->n_inds;
    ds->n_ratings = b->n_ratings;
    ds->n_files = b->n_files;
    ds->ind_ix.n = b->ind_ix.n;
    return 0;
}

static chiso_status load_registries(chiso_dataset *ds, chiso_diags *diags, chiso_error *err)
{
    chiso_status st = CHISO_OK;
    pthread_mutex_lock(&g_base_lock);
    if (!g_base) {
        chiso_dataset *b = dataset_alloc("", NULL);
        chiso_diags *bd = chiso_diags_new();
        if (!b || !bd)
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        else
            st = read_registries(b, bd, err);
        /* the built-in files have no problems; if they had, every load reads them and says so */
        if (st == CHISO_OK && chiso_diags_count(bd) == 0 && !chiso_diags_lost(bd))
            g_base = b;
        else
            chiso_dataset_free(b);
        chiso_diags_free(bd);
        if (st != CHISO_OK) {
            pthread_mutex_unlock(&g_base_lock);
            return st;
        }
    }
    const chiso_dataset *base = g_base; /* once set, never changed nor freed */
    pthread_mutex_unlock(&g_base_lock);
    if (!base)
        return read_registries(ds, diags, err);
    if (copy_base(ds, base) != 0)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    return CHISO_OK;
}

static chiso_status load_common(chiso_dataset *ds, const char *display_dir, source_fn get, void *ctx,
                                chiso_diags *diags, chiso_error *err)
{
    chiso_status st;
    if ((st = load_registries(ds, diags, err)) != CHISO_OK)
        return st;
    const ds_kind *k[16];
    size_t nk = kinds_in_read_order(k, CHISO_ARRAY_LEN(k));
    for (size_t i = 0; i < nk; i++) {
        if ((k[i]->flags & DS_KF_REGISTRY) || ((k[i]->flags & DS_KF_ILLUSTRATIVE) && !ds->opts.illustrative))
            continue;
        source s = get(ctx, k[i]->file);
        size_t n = strlen(display_dir) + strlen(k[i]->file) + 2;
        char *display = s.display ? chiso_strdup(s.display) : malloc(n);
        if (!display)
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        if (!s.display)
            snprintf(display, n, "%s%s%s", display_dir,
                     display_dir[0] && display_dir[strlen(display_dir) - 1] != '/' ? "/" : "",
                     k[i]->file);
        if (!s.present) {
            if ((k[i]->flags & DS_KF_REQUIRED) && s.display)
                chiso_diags_add(diags, CHISO_ERROR, display, 0, 0, "file.missing",
                                _("the workbook has no sheet '%.*s' (it is required: chiso template writes a "
                                  "workbook with every sheet)"),
                                (int)(strlen(k[i]->file) - 4), k[i]->file);
            else if ((k[i]->flags & DS_KF_REQUIRED))
                chiso_diags_add(diags, CHISO_ERROR, display, 0, 0, "file.missing",
                                _("the dataset has no %s (it is required: see datasets/FORMAT.md)"),
                                k[i]->file);
            free(display);
            continue;
        }
        if (k[i]->id == DS_K_UNITS)
            ds->has_units_file = 1;
        st = read_one(ds, diags, k[i]->id, display, &s, err);
        free(display);
        if (st != CHISO_OK)
            return st;
        /* a workbook always has a units sheet (the template writes one): left with its header only, it
         * is as if there were no units.csv, and the units are those of the terms */
        if (k[i]->id == DS_K_UNITS && s.book && ds->n_units == 0)
            ds->has_units_file = 0;
        if (k[i]->id == DS_K_UNITS)
            resolve_units(ds, diags);
    }
    if (index_unit_terms(ds) != 0 || chiso_diags_lost(diags))
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    return CHISO_OK;
}

typedef struct dir_ctx {
    const char *dir;
    char path[4096];
} dir_ctx;

static source dir_source(void *ctx, const char *name)
{
    dir_ctx *d = ctx;
    source s = {NULL, NULL, 0, 0};
    snprintf(d->path, sizeof d->path, "%s/%s", d->dir, name);
    struct stat sb;
    if (stat(d->path, &sb) == 0) {
        s.path = d->path;
        s.present = 1;
    } else if (errno != ENOENT || lstat(d->path, &sb) == 0) {
        /* it cannot be reached (or is a link to nothing): not missing, unreadable */
        s.path = d->path; /* let the reader report why it cannot be opened */
        s.present = 1;
    }
    return s;
}

chiso_status chiso_dataset_load(const char *dir, const chiso_load_opts *opts, chiso_diags *diags,
                                chiso_dataset **out, chiso_error *err)
{
    if (!dir || !diags || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("no dataset folder given"));
    *out = NULL;
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return chiso_error_set(err, CHISO_EIO, dir, 0, 0, _("cannot open the dataset folder: %s"),
                               strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return chiso_error_set(err, CHISO_EIO, dir, 0, 0, "%s",
                               _("not a folder: a dataset is a folder of CSV files (see datasets/FORMAT.md)"));
    chiso_dataset *ds = dataset_alloc(dir, opts);
    if (!ds)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    dir_ctx d = {dir, ""};
    /* display names: the folder as given, without a trailing slash */
    char display[4096];
    snprintf(display, sizeof display, "%s", dir);
    size_t n = strlen(display);
    while (n > 1 && display[n - 1] == '/')
        display[--n] = '\0';
    chiso_status st = load_common(ds, display, dir_source, &d, diags, err);
    if (st != CHISO_OK) {
        chiso_dataset_free(ds);
        return st;
    }
    *out = ds;
    return CHISO_OK;
}

typedef struct mem_ctx {
    size_t n;
    const char *const *names;
    const char *const *data;
    const size_t *size;
    const char *prefix; /* for embedded files: "haiphong/" */
} mem_ctx;

static source mem_source(void *ctx, const char *name)
{
    mem_ctx *m = ctx;
    source s = {NULL, NULL, 0, 0};
    if (m->prefix) {
        char path[256];
        snprintf(path, sizeof path, "%s%s", m->prefix, name);
        const chiso_embedded_file *f = chiso_embedded_find(path);
        if (f) {
            s.data = (const char *)f->data;
            s.size = f->size;
            s.present = 1;
        }
        return s;
    }
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->names[i], name) == 0) {
            s.data = m->data[i];
            s.size = m->size[i];
            s.present = 1;
        }
    return s;
}

chiso_status chiso_dataset_load_mem(const char *dir, size_t nfiles, const char *const *names,
                                    const char *const *data, const size_t *size,
                                    const chiso_load_opts *opts, chiso_diags *diags,
                                    chiso_dataset **out, chiso_error *err)
{
    if (!diags || !out || (nfiles && (!names || !data || !size)))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    chiso_dataset *ds = dataset_alloc(dir ? dir : "", opts);
    if (!ds)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    mem_ctx m = {nfiles, names, data, size, NULL};
    chiso_status st = load_common(ds, dir ? dir : "", mem_source, &m, diags, err);
    if (st != CHISO_OK) {
        chiso_dataset_free(ds);
        return st;
    }
    *out = ds;
    return CHISO_OK;
}

chiso_status chiso_dataset_load_default(const chiso_load_opts *opts, chiso_diags *diags,
                                        chiso_dataset **out, chiso_error *err)
{
    if (!diags || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    chiso_dataset *ds = dataset_alloc("datasets/haiphong", opts);
    if (!ds)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    mem_ctx m = {0, NULL, NULL, NULL, "haiphong/"};
    chiso_status st = load_common(ds, "datasets/haiphong", mem_source, &m, diags, err);
    if (st != CHISO_OK) {
        chiso_dataset_free(ds);
        return st;
    }
    *out = ds;
    return CHISO_OK;
}

/* ---- workbooks -------------------------------------------------------------------------------- */

typedef struct book_ctx {
    chiso_xlsx *book;
    const char *name;        /* the workbook as messages call it */
    char display[4200];
} book_ctx;

static source book_source(void *ctx, const char *name)
{
    book_ctx *b = ctx;
    source s = {NULL, NULL, 0, 0};
    const wb_sheet *sh = chiso_wb_sheet_of_file(name);
    snprintf(b->display, sizeof b->display, "%s:%s!", b->name, sh ? sh->sheet : name);
    s.display = b->display;
    long i = sh ? chiso_xlsx_find_sheet(b->book, sh->sheet) : -1;
    if (i >= 0) {
        s.book = b->book;
        s.sheet = (size_t)i;
        s.present = 1;
    }
    return s;
}

static chiso_status load_book(chiso_xlsx *book, const char *name, const chiso_load_opts *opts,
                              chiso_diags *diags, chiso_dataset **out, chiso_error *err)
{
    chiso_dataset *ds = dataset_alloc(name, opts);
    if (!ds) {
        chiso_xlsx_free(book);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    book_ctx *b = malloc(sizeof *b);
    chiso_status st = CHISO_OK;
    if (!b) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    b->book = book;
    b->name = name;
    /* sheets that are none of the dataset's: a misspelt name would lose its rows without a word */
    size_t nsh;
    const wb_sheet *shs = chiso_wb_sheets(&nsh);
    for (size_t i = 0; i < chiso_xlsx_sheet_count(book); i++) {
        const char *sn = chiso_xlsx_sheet_name(book, i);
        int known = chiso_wb_is_helper_sheet(sn);
        for (size_t k = 0; k < nsh && !known; k++)
            known = chiso_xlsx_find_sheet(book, shs[k].sheet) == (long)i;
        if (!known)
            chiso_diags_add(diags, CHISO_WARNING, name, 0, 0, "sheet.unknown",
                            _("the sheet '%s' is not read: the sheets of a dataset are units, terms, "
                              "indicators, observations, targets, illustrative-targets, verdicts and rules"),
                            sn);
    }
    st = load_common(ds, name, book_source, b, diags, err);
done:
    free(b);
    chiso_xlsx_free(book);
    if (st != CHISO_OK) {
        chiso_dataset_free(ds);
        return st;
    }
    *out = ds;
    return CHISO_OK;
}

chiso_status chiso_dataset_load_xlsx(const char *path, const chiso_load_opts *opts, chiso_diags *diags,
                                     chiso_dataset **out, chiso_error *err)
{
    if (!path || !diags || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    chiso_xlsx *book = NULL;
    chiso_status st = chiso_xlsx_open(path, path, &book, err);
    if (st != CHISO_OK)
        return st;
    return load_book(book, path, opts, diags, out, err);
}

chiso_status chiso_dataset_load_xlsx_mem(const char *name, const void *data, size_t size,
                                         const chiso_load_opts *opts, chiso_diags *diags,
                                         chiso_dataset **out, chiso_error *err)
{
    if (!diags || !out || (!data && size))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    if (!name)
        name = "workbook.xlsx";
    chiso_xlsx *book = NULL;
    chiso_status st = chiso_xlsx_open_mem(data, size, name, &book, err);
    if (st != CHISO_OK)
        return st;
    return load_book(book, name, opts, diags, out, err);
}

chiso_status chiso_dataset_open(const char *path, const chiso_load_opts *opts, chiso_diags *diags,
                                chiso_dataset **out, chiso_error *err)
{
    if (path && chiso_path_is_workbook(path))
        return chiso_dataset_load_xlsx(path, opts, diags, out, err);
    if (path) {
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
            /* any other file: a workbook of another format, or one CSV file of a dataset */
            size_t n = strlen(path);
            if (n >= 4 && (chiso_utf8_casecmp(path + n - 4, ".xls") == 0 || chiso_utf8_casecmp(path + n - 4, ".ods") == 0))
                return chiso_dataset_load_xlsx(path, opts, diags, out, err); /* says what to do */
            if (out)
                *out = NULL;
            return chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s",
                                   _("not a folder: a dataset is a folder of CSV files (give the folder "
                                     "that holds this file) or an Excel workbook (.xlsx)"));
        }
    }
    return chiso_dataset_load(path, opts, diags, out, err);
}

void chiso_dataset_free(chiso_dataset *ds)
{
    if (!ds)
        return;
    for (size_t i = 0; i < ds->n_rules; i++) {
        ds_expr_free(ds->rules[i].left);
        ds_expr_free(ds->rules[i].right);
    }
    free(ds->rules);
    free(ds->units);
    free(ds->terms);
    free(ds->inds);
    free(ds->obs);
    free(ds->targets);
    free(ds->verdicts);
    free(ds->ratings);
    free(ds->files);
    free(ds->dir);
    ix_free(&ds->unit_ix);
    ix_free(&ds->ind_ix);
    ix_free(&ds->term_ix);
    free(ds->uterm_off);
    free(ds->uterm_list);
    chiso_strpool_free(&ds->pool);
    free(ds);
}

const char *chiso_dataset_dir(const chiso_dataset *ds)
{
    return ds ? ds->dir : NULL;
}

/* ---- views ------------------------------------------------------------------------------------- */

size_t chiso_dataset_n_units(const chiso_dataset *ds) { return ds ? ds->n_units : 0; }
size_t chiso_dataset_n_terms(const chiso_dataset *ds) { return ds ? ds->n_terms : 0; }
size_t chiso_dataset_n_ratings(const chiso_dataset *ds) { return ds ? ds->n_ratings : 0; }
size_t chiso_dataset_n_indicators(const chiso_dataset *ds) { return ds ? ds->n_inds : 0; }
size_t chiso_dataset_n_obs(const chiso_dataset *ds) { return ds ? ds->n_obs : 0; }
size_t chiso_dataset_n_targets(const chiso_dataset *ds) { return ds ? ds->n_targets : 0; }
size_t chiso_dataset_n_verdicts(const chiso_dataset *ds) { return ds ? ds->n_verdicts : 0; }

chiso_status chiso_dataset_unit(const chiso_dataset *ds, size_t i, chiso_unit_info *out)
{
    if (!ds || !out || i >= ds->n_units)
        return CHISO_EINVAL;
    const ds_unit *u = &ds->units[i];
    out->code = ds_str(ds, u->code);
    out->name = u->name ? ds_str(ds, u->name) : out->code;
    out->parent = u->parent;
    return CHISO_OK;
}

chiso_status chiso_dataset_rating(const chiso_dataset *ds, size_t i, chiso_rating_info *out)
{
    if (!ds || !out || i >= ds->n_ratings)
        return CHISO_EINVAL;
    const ds_rating *r = &ds->ratings[i];
    out->scheme = ds_str(ds, r->scheme);
    out->label = ds_str(ds, r->label_norm);
    out->regulation = r->regulation ? ds_str(ds, r->regulation) : "";
    out->member = r->member;
    out->from = r->from;
    out->to = r->to;
    out->level = r->level;
    out->at_or_above = r->at_or_above;
    return CHISO_OK;
}

chiso_status chiso_dataset_term(const chiso_dataset *ds, size_t i, chiso_term_info *out)
{
    if (!ds || !out || i >= ds->n_terms)
        return CHISO_EINVAL;
    const ds_term *t = &ds->terms[i];
    out->unit = ds_str(ds, ds->units[t->unit].code);
    out->unit_index = t->unit;
    out->code = ds_str(ds, t->code);
    out->label = t->label ? ds_str(ds, t->label) : out->code;
    out->start = t->start;
    out->end = t->end;
    out->years = chiso_span_years(t->start.day, t->end.day);
    out->note = ds_str(ds, t->note);
    out->note_vi = ds_str(ds, t->note_vi);
    return CHISO_OK;
}

chiso_status chiso_dataset_indicator(const chiso_dataset *ds, size_t i, chiso_indicator_info *out)
{
    if (!ds || !out || i >= ds->n_inds)
        return CHISO_EINVAL;
    const ds_indicator *d = &ds->inds[i];
    out->code = ds_str(ds, d->code);
    out->category = (chiso_category)d->category;
    out->measure = (chiso_measure)d->measure;
    out->kind = (chiso_kind)d->kind;
    out->direction = (chiso_direction)d->direction;
    out->name_vi = d->name_vi ? ds_str(ds, d->name_vi) : out->code;
    out->name_en = d->name_en ? ds_str(ds, d->name_en) : out->code;
    out->builtin = d->builtin;
    out->irregular = d->irregular;
    return CHISO_OK;
}

const char *chiso_indicator_name(const chiso_indicator_info *ind, chiso_lang lang)
{
    return lang == CHISO_LANG_EN ? ind->name_en : ind->name_vi;
}

chiso_status chiso_dataset_obs(const chiso_dataset *ds, size_t i, chiso_obs_info *out)
{
    if (!ds || !out || i >= ds->n_obs)
        return CHISO_EINVAL;
    const ds_obs *o = &ds->obs[i];
    memset(out, 0, sizeof *out);
    out->index = (long)i;
    out->unit_index = o->unit;
    out->indicator_index = o->indicator;
    out->unit = ds_str(ds, ds->units[o->unit].code);
    out->indicator = ds_str(ds, ds->inds[o->indicator].code);
    out->start = o->start;
    out->end = o->end;
    out->value.iv = (chiso_interval){o->lo, o->hi, o->lo_open, o->hi_open};
    out->value.point = o->point;
    out->value.q = (chiso_qualifier)o->q;
    out->value.percent = o->percent;
    out->value.num = o->num;
    out->value.den = o->den;
    out->basis = (chiso_basis)o->basis;
    out->rating = ds_str(ds, o->rating);
    out->scheme = ds_str(ds, o->scheme);
    out->part_of = ds_str(ds, o->part_of);
    out->level = o->level;
    out->flags = o->flags;
    out->share_of_part = o->share_of_part;
    out->raw_value = ds_str(ds, o->raw);
    out->source = ds_str(ds, o->source);
    out->locator = ds_str(ds, o->locator);
    out->quote = ds_str(ds, o->quote);
    out->note = ds_str(ds, o->note);
    out->file = ds_file(ds, o->file);
    out->line = (long)o->line;
    return CHISO_OK;
}

chiso_status chiso_dataset_target(const chiso_dataset *ds, size_t i, chiso_target_info *out)
{
    if (!ds || !out || i >= ds->n_targets)
        return CHISO_EINVAL;
    const ds_target *t = &ds->targets[i];
    memset(out, 0, sizeof *out);
    out->index = (long)i;
    out->unit_index = t->unit;
    out->term_index = t->term;
    out->indicator_index = t->indicator;
    out->unit = ds_str(ds, ds->units[t->unit].code);
    out->term = ds_str(ds, ds->terms[t->term].code);
    out->indicator = ds_str(ds, ds->inds[t->indicator].code);
    out->op = t->op;
    out->value = t->value;
    out->basis = t->basis;
    out->has_period = t->has_period;
    out->period_start = t->pstart;
    out->period_end = t->pend;
    out->relative_to_members = t->relative_to_members;
    out->rating = ds_str(ds, t->rating);
    out->level = t->level;
    out->at_or_above = t->at_or_above;
    out->illustrative = t->illustrative;
    out->raw_value = ds_str(ds, t->raw);
    out->source = ds_str(ds, t->source);
    out->locator = ds_str(ds, t->locator);
    out->quote = ds_str(ds, t->quote);
    out->note = ds_str(ds, t->note);
    out->file = ds_file(ds, t->file);
    out->line = t->line;
    out->id = ds_str(ds, t->id);
    out->set_by = ds_str(ds, t->set_by);
    out->relative_base = (chiso_rel_base)t->rel_base;
    out->relative_day = t->rel_day;
    return CHISO_OK;
}

chiso_status chiso_dataset_verdict(const chiso_dataset *ds, size_t i, chiso_verdict_info *out)
{
    if (!ds || !out || i >= ds->n_verdicts)
        return CHISO_EINVAL;
    const ds_verdict *v = &ds->verdicts[i];
    memset(out, 0, sizeof *out);
    out->index = (long)i;
    out->unit_index = v->unit;
    out->term_index = v->term;
    out->indicator_index = v->indicator;
    out->unit = ds_str(ds, ds->units[v->unit].code);
    out->term = ds_str(ds, ds->terms[v->term].code);
    out->indicator = ds_str(ds, ds->inds[v->indicator].code);
    out->rating = ds_str(ds, v->rating);
    out->has_period = v->has_period;
    out->period_start = v->pstart;
    out->period_end = v->pend;
    out->verdict = v->verdict;
    out->has_ratio = v->has_ratio;
    out->ratio = v->ratio;
    out->raw_verdict = ds_str(ds, v->raw);
    out->source = ds_str(ds, v->source);
    out->locator = ds_str(ds, v->locator);
    out->quote = ds_str(ds, v->quote);
    out->file = ds_file(ds, v->file);
    out->line = v->line;
    out->ratio_decimals = v->ratio_decimals;
    out->target_id = ds_str(ds, v->target_id);
    out->target_index = v->target;
    out->has_as_of = v->has_as_of;
    out->as_of = v->as_of;
    return CHISO_OK;
}

size_t chiso_dataset_unit_terms(const chiso_dataset *ds, long unit, long *idx, size_t max)
{
    if (ds && ds->uterm_off) {
        if (unit < 0 || (size_t)unit >= ds->n_units)
            return 0;
        size_t a = ds->uterm_off[unit], n = ds->uterm_off[unit + 1] - a;
        for (size_t k = 0; idx && k < n && k < max; k++)
            idx[k] = ds->uterm_list[a + k];
        return n;
    }
    size_t n = 0;
    for (size_t i = 0; ds && i < ds->n_terms; i++) {
        if (ds->terms[i].unit != unit)
            continue;
        /* insertion in time order */
        if (n < max) {
            size_t k = n;
            while (k > 0 && ds->terms[idx[k - 1]].start.day > ds->terms[i].start.day) {
                idx[k] = idx[k - 1];
                k--;
            }
            idx[k] = (long)i;
        }
        n++;
    }
    return n;
}

long chiso_dataset_term_owner(const chiso_dataset *ds, long unit)
{
    if (!ds || unit < 0 || (size_t)unit >= ds->n_units)
        return -1;
    /* parents form a tree (a cycle is cut when units.csv is read); the bound is for safety */
    for (size_t steps = 0; unit >= 0 && (size_t)unit < ds->n_units && steps <= ds->n_units; steps++) {
        if (chiso_dataset_unit_terms(ds, unit, NULL, 0) > 0)
            return unit;
        unit = ds->units[unit].parent;
    }
    return -1;
}

size_t chiso_dataset_effective_terms(const chiso_dataset *ds, long unit, long *idx, size_t max)
{
    long owner = chiso_dataset_term_owner(ds, unit);
    return owner < 0 ? 0 : chiso_dataset_unit_terms(ds, owner, idx, max);
}

/* The terms of every unit in time order, once (chiso_dataset_unit_terms is called per unit and per
 * figure): sorted by unit, start and position in terms.csv, so that terms with the same start keep
 * their order, as the scan above does. */
typedef struct uterm_key {
    long unit;
    int32_t start;
    long index;
} uterm_key;

static int uterm_cmp(const void *a, const void *b)
{
    const uterm_key *p = a, *q = b;
    if (p->unit != q->unit)
        return p->unit < q->unit ? -1 : 1;
    if (p->start != q->start)
        return p->start < q->start ? -1 : 1;
    return (p->index > q->index) - (p->index < q->index);
}

static int index_unit_terms(chiso_dataset *ds)
{
    size_t n = ds->n_terms ? ds->n_terms : 1;
    size_t *off = calloc(ds->n_units + 1, sizeof *off);
    long *list = malloc(n * sizeof *list);
    uterm_key *keys = malloc(n * sizeof *keys);
    if (!off || !list || !keys) {
        free(off);
        free(list);
        free(keys);
        return -1;
    }
    for (size_t i = 0; i < ds->n_terms; i++) {
        keys[i] = (uterm_key){ds->terms[i].unit, ds->terms[i].start.day, (long)i};
        off[ds->terms[i].unit + 1]++;
    }
    for (size_t u = 0; u < ds->n_units; u++)
        off[u + 1] += off[u];
    if (ds->n_terms > 1)
        qsort(keys, ds->n_terms, sizeof *keys, uterm_cmp);
    for (size_t i = 0; i < ds->n_terms; i++)
        list[i] = keys[i].index;
    free(keys);
    ds->uterm_off = off;
    ds->uterm_list = list;
    return 0;
}

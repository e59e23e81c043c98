/*
 * report/report_files.c — what a section of the report writes: the files of the report (and their
 * list), tables (a CSV file and a block of the documents; a long table shown by its head) and charts (PNG
 * and SVG, the SVG inlined in the HTML).
 */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void progress(rctx *c)
{
    c->step++;
    if (c->opts->on_progress)
        c->opts->on_progress(c->opts->ctx, c->step, c->steps);
}

int note_file(rctx *c, const char *rel)
{
    char *s = chiso_strdup(rel);
    if (!s || chiso_grow((void **)&c->files, &c->cap_files, c->n_files + 1, sizeof *c->files) != 0) {
        free(s);
        return -1;
    }
    c->files[c->n_files++] = s;
    return 0;
}

chiso_status write_rel(rctx *c, const char *rel, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", c->tmp, rel);
    chiso_status st = chiso_write_file_atomic(path, text, strlen(text), c->err);
    if (st != CHISO_OK && c->err) /* name the file as it will be, not the temporary folder */
        snprintf(c->err->file, sizeof c->err->file, "%s/%s", c->dir, rel);
    if (st == CHISO_OK && note_file(c, rel) != 0)
        st = chiso_error_set(c->err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    return st;
}

/* ---- charts ------------------------------------------------------------------------------------ */

void add_chart(rctx *c, const char *name, const char *title, chiso_chart_opts *co)
{
    char png[4096], svg[4096];
    snprintf(png, sizeof png, "%s/charts/%s.png", c->tmp, name);
    snprintf(svg, sizeof svg, "%s/charts/%s.svg", c->tmp, name);
    chiso_error e;
    chiso_error_clear(&e);
    co->lang = c->lang;
    co->has_as_of = c->opts->has_as_of;
    co->as_of = c->opts->as_of;
    int has_png = 0;
    char *svgtext = NULL;
    char rel[512];
    if ((c->want_md || c->want_csv || c->want_docx) && chiso_chart_render(c->ds, c->norm, co, png, &e) == CHISO_OK) {
        has_png = 1;
        snprintf(rel, sizeof rel, "charts/%s.png", name);
        note_file(c, rel);
    }
    if (chiso_chart_render(c->ds, c->norm, co, svg, &e) == CHISO_OK) {
        svgtext = chiso_read_all(svg, NULL);
        snprintf(rel, sizeof rel, "charts/%s.svg", name);
        note_file(c, rel);
    }
    if (e.code == CHISO_EIO && !c->chart_io) {
        /* not a chart that cannot be drawn but a file that cannot be written: the whole report fails
         * rather than leave the chart out */
        c->chart_io = CHISO_EIO;
        c->chart_err = e;
        snprintf(c->chart_err.file, sizeof c->chart_err.file, "%s/charts/%s.%s", c->dir, name,
                 has_png || !(c->want_md || c->want_csv || c->want_docx) ? "svg" : "png");
    }
    if (!has_png && !svgtext) {
        c->charts_failed++;
        doc_text(&c->d, B_NOTE, _("The chart '%s' could not be drawn: %s"), title, e.msg);
    } else {
        doc_chart(&c->d, name, title, svgtext, has_png);
    }
    progress(c);
}

/* ---- tables ------------------------------------------------------------------------------------ */

/* t with the source ids of its cells named by their titles in the documents (sources.csv): a column that
 * names a source becomes data only (the CSV and the sheet keep the id) and a copy of it with the short
 * titles is shown in the documents in its place. t itself when no cell names a titled source, NULL when
 * out of memory (t is freed either way when a new table is returned or on failure). */
static chiso_table *titled_sources(const chiso_dataset *ds, chiso_table *t)
{
    size_t nc = chiso_table_cols(t), nr = chiso_table_rows(t);
    if (!chiso_dataset_n_sources(ds) || !nc)
        return t;
    unsigned char *has = calloc(nc, 1);
    if (!has) {
        chiso_table_free(t);
        return NULL;
    }
    size_t extra = 0;
    for (size_t k = 0; k < nc; k++) {
        if (chiso_table_role(t, k) != CHISO_COL_BOTH) /* a column of one side only stays as it is */
            continue;
        for (size_t r = 0; r < nr && !has[k]; r++) {
            chiso_buf tmp;
            chiso_buf_init(&tmp);
            has[k] = (unsigned char)rp_source_titles(&tmp, ds, chiso_table_cell(t, r, k), 1);
            chiso_buf_free(&tmp);
        }
        extra += has[k];
    }
    if (!extra) {
        free(has);
        return t;
    }
    size_t n2 = nc + extra;
    const char **cells = calloc(n2, sizeof *cells);
    char **owned = calloc(n2, sizeof *owned);
    chiso_table *u = NULL;
    if (!cells || !owned)
        goto done;
    for (size_t k = 0, j = 0; k < nc; k++) {
        cells[j++] = chiso_table_header(t, k);
        if (has[k])
            cells[j++] = chiso_table_header(t, k);
    }
    u = chiso_table_new(n2, cells);
    for (size_t k = 0, j = 0; u && k < nc; k++) {
        chiso_col_role role = chiso_table_role(t, k);
        chiso_table_set_align(u, j, chiso_table_get_align(t, k));
        chiso_table_set_role(u, j++, has[k] ? CHISO_COL_DATA : role);
        if (has[k])
            chiso_table_set_role(u, j++, CHISO_COL_DOC);
    }
    for (size_t r = 0; u && r < nr; r++) {
        for (size_t k = 0, j = 0; k < nc; k++) {
            cells[j++] = chiso_table_cell(t, r, k);
            if (has[k]) {
                chiso_buf b;
                chiso_buf_init(&b);
                const char *cell = chiso_table_cell(t, r, k);
                if (!rp_source_titles(&b, ds, cell, 1))
                    chiso_buf_puts(&b, cell ? cell : "");
                owned[j] = chiso_buf_take(&b);
                cells[j] = owned[j] ? owned[j] : "";
                j++;
            }
        }
        chiso_status st = chiso_table_add_row(u, cells);
        for (size_t j = 0; j < n2; j++) {
            free(owned[j]);
            owned[j] = NULL;
        }
        if (st != CHISO_OK) {
            chiso_table_free(u);
            u = NULL;
            break;
        }
        for (size_t k = 0, j = 0; k < nc; k++, j++) {
            double v;
            int dec, pct;
            if (chiso_table_number(t, r, k, &v, &dec, &pct))
                chiso_table_set_number(u, r, j, v, dec, pct);
            j += has[k];
        }
    }
done:
    free(cells);
    free(owned);
    free(has);
    chiso_table_free(t);
    return u;
}

chiso_status emit_table(rctx *c, const char *name, const char *title, chiso_table *t)
{
    t = titled_sources(c->ds, t);
    if (!t)
        return CHISO_ENOMEM;
    if (c->want_csv) {
        char *csv = chiso_table_to_csv(t);
        char rel[512];
        snprintf(rel, sizeof rel, "tables/%s.csv", name);
        chiso_status st = csv ? write_rel(c, rel, csv) : CHISO_ENOMEM;
        free(csv);
        if (st != CHISO_OK) {
            chiso_table_free(t);
            return st;
        }
    }
    doc_table(&c->d, name, title, t);
    return CHISO_OK;
}

/* A copy of the first max rows of t (cells, numbers, alignment, roles), or NULL when out of memory. */
static chiso_table *table_head(const chiso_table *t, size_t max)
{
    size_t nc = chiso_table_cols(t);
    const char **cells = calloc(nc, sizeof *cells);
    if (!cells)
        return NULL;
    for (size_t k = 0; k < nc; k++)
        cells[k] = chiso_table_header(t, k);
    chiso_table *h = chiso_table_new(nc, cells);
    for (size_t k = 0; h && k < nc; k++) {
        chiso_table_set_role(h, k, chiso_table_role(t, k));
        /* alignment is not readable back: numbers are right-aligned, the rest left */
    }
    for (size_t r = 0; h && r < max && r < chiso_table_rows(t); r++) {
        for (size_t k = 0; k < nc; k++)
            cells[k] = chiso_table_cell(t, r, k);
        if (chiso_table_add_row(h, cells) != CHISO_OK) {
            chiso_table_free(h);
            h = NULL;
            break;
        }
        for (size_t k = 0; k < nc; k++) {
            double v;
            int dec, pct;
            if (chiso_table_number(t, r, k, &v, &dec, &pct)) {
                chiso_table_set_number(h, r, k, v, dec, pct);
                chiso_table_set_align(h, k, CHISO_ALIGN_RIGHT);
            }
        }
    }
    free(cells);
    return h;
}

/* A table that may be long: whole in its CSV file and its sheet; the documents show its first max rows and
 * say where the rest is. Takes ownership of t. */
chiso_status emit_long_table(rctx *c, const char *name, const char *title, chiso_table *t, size_t max)
{
    size_t n = chiso_table_rows(t);
    if (n <= max)
        return emit_table(c, name, title, t);
    chiso_table *head = table_head(t, max);
    if (head)
        head = titled_sources(c->ds, head);
    if (!head) {
        chiso_table_free(t);
        return CHISO_ENOMEM;
    }
    chiso_status st = emit_table(c, name, title, t);
    if (st != CHISO_OK) {
        chiso_table_free(head);
        return st;
    }
    if (!c->d.oom)
        c->d.blocks[c->d.n - 1].data_only = 1; /* the whole table: the sheet and the CSV */
    doc_table(&c->d, name, title, head);
    if (!c->d.oom) /* the head must not become a second sheet: it is shown, the whole one is the data */
        c->d.blocks[c->d.n - 1].doc_only = 1;
    doc_text(&c->d, B_NOTE, _("The first %zu of %zu rows; all of them are in tables/%s.csv and the workbook."), max, n,
             name);
    return CHISO_OK;
}


/* The numbers of an interval column (its words are already in the cell): the point when exact, and the
 * finite bounds. */
void iv_numbers(chiso_table *t, size_t row, size_t col, chiso_interval iv, int dec, int pct)
{
    if (chiso_interval_is_point(iv) && isfinite(iv.lo))
        chiso_table_set_number(t, row, col, iv.lo, dec, pct);
    if (isfinite(iv.lo))
        chiso_table_set_number(t, row, col + 1, iv.lo, dec, pct);
    if (isfinite(iv.hi))
        chiso_table_set_number(t, row, col + 2, iv.hi, dec, pct);
}

/* 1 when the figure says nothing ("≥ 0", a rating level and everything above the lowest). */

/*
 * report/report.c — `chiso report`: everything a committee pastes into a congress report or a
 * planning document, from one dataset.
 *
 * The report is assembled as a small document (report/doc.h) and written as Markdown, HTML (charts
 * inlined as SVG) and XLSX, with every table also as CSV and every chart as PNG and SVG. It is made in
 * a temporary folder beside the target and moved into place at the end.
 */
#define _XOPEN_SOURCE 700
#include "chiso/analysis.h"
#include "chiso/ingest.h"
#include "chiso/plots.h"
#include "report/doc.h"
#include "report/phrase.h"

#include <errno.h>
#include <dirent.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Above this many unit sections the main document summarises and ranks; each unit gets its own file. */
#define MANY_UNITS 12

void chiso_report_opts_default(chiso_report_opts *o)
{
    memset(o, 0, sizeof *o);
    o->depth = 1;
}

/* Which units get a section: opts->units (or the top units) and the units up to opts->depth levels
 * below them. sel[u] = 1 for those; *first is the first of the units asked for. Returns CHISO_OK,
 * CHISO_EINVAL naming an unknown unit, or CHISO_ENOMEM. */
static chiso_status select_units(const chiso_dataset *ds, const chiso_report_opts *opts, unsigned char *sel,
                                 long *first, chiso_error *err)
{
    size_t nu = chiso_dataset_n_units(ds);
    chiso_status st = CHISO_OK;
    unsigned char *root = calloc(nu ? nu : 1, 1);
    char *list = opts->units ? chiso_strdup(opts->units) : NULL;
    if (!root || (opts->units && !list)) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    *first = -1;
    if (list) {
        char *save = NULL;
        for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            while (*tok == ' ')
                tok++;
            size_t n = strlen(tok);
            while (n && tok[n - 1] == ' ')
                tok[--n] = '\0';
            if (!n)
                continue;
            long u = chiso_dataset_find_unit(ds, tok);
            if (u < 0) {
                st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                                     _("unknown unit '%s': the report is about units of units.csv"), tok);
                goto done;
            }
            root[u] = 1;
            if (*first < 0)
                *first = u;
        }
    } else {
        for (size_t u = 0; u < nu; u++) {
            chiso_unit_info U;
            chiso_dataset_unit(ds, u, &U);
            if (U.parent < 0) {
                root[u] = 1;
                if (*first < 0)
                    *first = (long)u;
            }
        }
    }
    if (*first < 0)
        *first = 0; /* no unit named (an empty list): the first unit */
    if (nu)
        root[*first] = 1;
    for (size_t u = 0; u < nu; u++) {
        long v = (long)u;
        for (size_t d = 0; v >= 0 && d <= nu && (opts->depth < 0 || d <= (size_t)opts->depth); d++) {
            if (root[v]) {
                sel[u] = 1;
                break;
            }
            chiso_unit_info V;
            chiso_dataset_unit(ds, (size_t)v, &V);
            v = V.parent;
        }
    }
done:
    free(root);
    free(list);
    return st;
}

/* 1 when unit u is one the report is about (named in opts->units, or a top unit): it keeps its section in
 * the main document of a many-unit report. */
static int is_root(const chiso_dataset *ds, const chiso_report_opts *opts, size_t u, long first)
{
    chiso_unit_info U;
    chiso_dataset_unit(ds, u, &U);
    if ((long)u == first)
        return 1;
    if (!opts->units)
        return U.parent < 0;
    size_t n = strlen(U.code);
    for (const char *p = opts->units; (p = strstr(p, U.code)) != NULL; p += n) {
        int start = p == opts->units || p[-1] == ',' || p[-1] == ' ';
        int end = p[n] == '\0' || p[n] == ',' || p[n] == ' ';
        if (start && end)
            return 1;
    }
    return 0;
}

/* ---- context ----------------------------------------------------------------------------------- */

typedef struct rctx {
    const chiso_dataset *ds;
    const chiso_report_opts *opts;
    chiso_normalized *norm;
    chiso_comparison *cmp;
    chiso_attainment *att;
    chiso_diags *diags;
    chiso_lang lang;
    char *tmp;             /* the folder being written */
    const char *dir;       /* the folder it becomes (named in errors) */
    chiso_status chart_io; /* a chart could not be written (a full disk): the report fails */
    chiso_error chart_err;
    int want_md, want_html, want_xlsx, want_csv, want_docx;
    doc d;
    char **files;          /* relative paths written */
    size_t n_files, cap_files;
    size_t step, steps;
    int charts_failed;
    int many;              /* more unit sections than a document can hold: summarise and rank */
    int no_charts;         /* a unit's own file of a many-unit report: tables, no charts */
    size_t *ulo, *uhi;     /* comparison rows of unit u lie in [ulo[u], uhi[u]) */
    chiso_table *combined[6]; /* many units: each group's rows of all the other units (data only) */
    chiso_error *err;
} rctx;

static void progress(rctx *c)
{
    c->step++;
    if (c->opts->on_progress)
        c->opts->on_progress(c->opts->ctx, c->step, c->steps);
}

static int note_file(rctx *c, const char *rel)
{
    char *s = chiso_strdup(rel);
    if (!s || chiso_grow((void **)&c->files, &c->cap_files, c->n_files + 1, sizeof *c->files) != 0) {
        free(s);
        return -1;
    }
    c->files[c->n_files++] = s;
    return 0;
}

static chiso_status write_rel(rctx *c, const char *rel, const char *text)
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

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    chiso_buf b;
    chiso_buf_init(&b);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        chiso_buf_append(&b, tmp, n);
    fclose(f);
    return chiso_buf_take(&b);
}

/* ---- words ------------------------------------------------------------------------------------- */

static const char *ind_label(const chiso_dataset *ds, long ind)
{
    chiso_indicator_info I;
    chiso_dataset_indicator(ds, (size_t)ind, &I);
    return chiso_indicator_name(&I, chiso_get_lang());
}

static const char *unit_label(const chiso_dataset *ds, long u)
{
    chiso_unit_info U;
    if (u < 0 || chiso_dataset_unit(ds, (size_t)u, &U) != CHISO_OK)
        return "";
    return U.name && *U.name ? U.name : U.code;
}

/* A date in the language's style (rp_date) into a buffer of 16 bytes: a date is never longer. */
static const char *report_date(int32_t day, char *buf, size_t size)
{
    char *s = rp_date_str(day);
    snprintf(buf, size, "%s", s ? s : "");
    free(s);
    return buf;
}

/* "Đảng bộ Khối … · Nhiệm kỳ VI (2020–2025)": a unit by its name, never its code. */
static char *who_str(const chiso_dataset *ds, const char *unit_code, const char *term_label)
{
    chiso_buf b;
    chiso_buf_init(&b);
    long u = chiso_dataset_find_unit(ds, unit_code);
    chiso_buf_printf(&b, "%s · %s", u >= 0 ? unit_label(ds, u) : unit_code, term_label);
    return chiso_buf_take(&b);
}

/* ---- charts ------------------------------------------------------------------------------------ */

static void add_chart(rctx *c, const char *name, const char *title, chiso_chart_opts *co)
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
        svgtext = read_all(svg);
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

static chiso_status emit_table(rctx *c, const char *name, const char *title, chiso_table *t)
{
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
static chiso_status emit_long_table(rctx *c, const char *name, const char *title, chiso_table *t, size_t max)
{
    size_t n = chiso_table_rows(t);
    if (n <= max)
        return emit_table(c, name, title, t);
    chiso_table *head = table_head(t, max);
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

typedef struct cat_group {
    const char *title;
    const char *slug;
    int cats[3];
} cat_group;

static const cat_group groups[] = {
    {N_("Recruitment"), "recruitment", {CHISO_CAT_RECRUITMENT, -1, -1}},
    {N_("Discipline, inspection and supervision"), "discipline", {CHISO_CAT_DISCIPLINE, CHISO_CAT_INSPECTION, -1}},
    {N_("Classification of organisations and members"), "classification", {CHISO_CAT_CLASSIFICATION, -1, -1}},
    {N_("Membership and organisation"), "membership", {CHISO_CAT_MEMBERSHIP, CHISO_CAT_ORGANISATION, -1}},
    {N_("Training"), "training", {CHISO_CAT_TRAINING, -1, -1}},
    {N_("Other figures (mass organisations, mobilisation, commendations)"), "other", {CHISO_CAT_OTHER, -1, -1}},
};

static int in_group(const cat_group *g, chiso_category cat)
{
    for (int i = 0; i < 3; i++)
        if (g->cats[i] == (int)cat)
            return 1;
    return 0;
}

/* Columns of the term-over-term table. An interval takes three: its words (documents; its number in
 * data when it is exact) and its lower and upper bounds (data only). */
enum { K_IND, K_TERM, K_VAL, K_VAL_LO, K_VAL_HI, K_UNIT, K_COV, K_LEN, K_TOT, K_TOT_LO, K_TOT_HI, K_PROJ,
       K_PROJ_LO, K_PROJ_HI, K_CHG, K_CHG_LO, K_CHG_HI, K_SRC, K_NCOLS };

static chiso_table *new_term_table(void)
{
    const char *hdr[K_NCOLS] = {
        [K_IND] = _("indicator"),
        [K_TERM] = _("term"),
        [K_VAL] = _("value"),
        [K_VAL_LO] = _("value: lower bound"),
        [K_VAL_HI] = _("value: upper bound"),
        [K_UNIT] = _("unit of measure"),
        [K_COV] = _("years covered"),
        [K_LEN] = _("years of the term"),
        [K_TOT] = _("reported total"),
        [K_TOT_LO] = _("reported total: lower bound"),
        [K_TOT_HI] = _("reported total: upper bound"),
        [K_PROJ] = _("whole term at that pace"),
        [K_PROJ_LO] = _("whole term at that pace: lower bound"),
        [K_PROJ_HI] = _("whole term at that pace: upper bound"),
        [K_CHG] = _("change from the term before"),
        [K_CHG_LO] = _("change: lower bound"),
        [K_CHG_HI] = _("change: upper bound"),
        [K_SRC] = _("source"),
    };
    chiso_table *t = chiso_table_new(K_NCOLS, hdr);
    if (!t)
        return NULL;
    for (size_t k = K_VAL; k < K_SRC; k++)
        chiso_table_set_align(t, k, CHISO_ALIGN_RIGHT);
    static const int ivs[] = {K_VAL, K_TOT, K_PROJ, K_CHG};
    for (size_t k = 0; k < CHISO_ARRAY_LEN(ivs); k++) {
        chiso_table_set_role(t, (size_t)ivs[k], CHISO_COL_DATA_NUMERIC);
        chiso_table_set_role(t, (size_t)ivs[k] + 1, CHISO_COL_DATA);
        chiso_table_set_role(t, (size_t)ivs[k] + 2, CHISO_COL_DATA);
    }
    return t;
}

/* The numbers of an interval column (its words are already in the cell): the point when exact, and the
 * finite bounds. */
static void iv_numbers(chiso_table *t, size_t row, size_t col, chiso_interval iv, int dec, int pct)
{
    if (chiso_interval_is_point(iv) && isfinite(iv.lo))
        chiso_table_set_number(t, row, col, iv.lo, dec, pct);
    if (isfinite(iv.lo))
        chiso_table_set_number(t, row, col + 1, iv.lo, dec, pct);
    if (isfinite(iv.hi))
        chiso_table_set_number(t, row, col + 2, iv.hi, dec, pct);
}

/* 1 when the figure says nothing ("≥ 0", a rating level and everything above the lowest). */
static int says_nothing(chiso_interval v)
{
    return v.lo <= 0 && isinf(v.hi);
}

/* The term-over-term table and sentences of one unit and category group. Returns the number of rows. */
static size_t category_section(rctx *c, long unit, const cat_group *g, chiso_status *st)
{
    const chiso_dataset *ds = c->ds;
    chiso_table *t = new_term_table();
    if (!t) {
        *st = CHISO_ENOMEM;
        return 0;
    }
    chiso_buf sentences;
    chiso_buf_init(&sentences);
    size_t rows = 0, n = chiso_comparison_count(c->cmp);
    long best_ind = -1;
    int best_level = 0, best_proj = 0;
    size_t best_terms = 0;
    size_t i0 = c->ulo ? c->ulo[unit] : 0;
    if (c->uhi && c->uhi[unit] < n)
        n = c->uhi[unit];
    for (size_t i = i0; i < n;) {
        const chiso_compare_row *r = chiso_comparison_get(c->cmp, i);
        size_t j = i + 1;
        while (j < n) {
            const chiso_compare_row *q = chiso_comparison_get(c->cmp, j);
            if (q->unit_index != r->unit_index || q->indicator_index != r->indicator_index || q->level != r->level ||
                (q->rating != r->rating && (!q->rating || !r->rating || strcmp(q->rating, r->rating))))
                break;
            j++;
        }
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)r->indicator_index, &I);
        if (r->unit_index != unit || !in_group(g, I.category)) {
            i = j;
            continue;
        }
        size_t shown = 0;
        for (size_t k = i; k < j && *st == CHISO_OK; k++) {
            const chiso_compare_row *q = chiso_comparison_get(c->cmp, k);
            if (says_nothing(q->value))
                continue;
            int pct = q->kind == CHISO_VK_SHARE;
            int dec = q->kind == CHISO_VK_LEVEL ? 0 : 1;
            int pace = rp_flow_has_pace(ds, q);
            /* a flow without a pace (one-off, or too little of the term) is shown as its total */
            chiso_interval shown_v = pace ? q->value : q->total;
            int shown_dec = pace ? dec : 0;
            chiso_buf name, src;
            chiso_buf_init(&name);
            chiso_buf_init(&src);
            rp_series_name(&name, ds, q);
            rp_locator(&src, q->norm->sources);
            char *value = rp_interval_str(shown_v, shown_dec, pct);
            char *total = q->kind == CHISO_VK_ANNUAL ? rp_interval_str(q->total, 0, 0) : NULL;
            int proj = q->partial && q->has_projected && pace;
            char *projected = proj ? rp_interval_str(q->projected, 0, 0) : NULL;
            char *change = q->has_prev && pace && rp_flow_has_pace(ds, q - 1) ? rp_interval_str(q->change, dec, pct)
                                                                                : NULL;
            char y1[32], y2[32];
            chiso_format_number(q->coverage_years, 1, c->lang, y1, sizeof y1);
            chiso_format_number(q->term_years, 1, c->lang, y2, sizeof y2);
            const char *unit_words = q->kind == CHISO_VK_ANNUAL ? (pace ? _("a year") : _("in all"))
                                     : pct ? "%" : "";
            const char *cells[K_NCOLS] = {[K_IND] = name.data, [K_TERM] = q->term_label, [K_VAL] = value,
                                          [K_UNIT] = unit_words, [K_COV] = y1, [K_LEN] = y2, [K_TOT] = total,
                                          [K_PROJ] = projected, [K_CHG] = change, [K_SRC] = src.data};
            if (!value || (q->kind == CHISO_VK_ANNUAL && !total) || (proj && !projected) ||
                chiso_table_add_row(t, cells) != CHISO_OK) {
                *st = CHISO_ENOMEM;
            } else {
                size_t row = chiso_table_rows(t) - 1;
                iv_numbers(t, row, K_VAL, shown_v, shown_dec, pct);
                chiso_table_set_number(t, row, K_COV, q->coverage_years, 1, 0);
                chiso_table_set_number(t, row, K_LEN, q->term_years, 1, 0);
                if (total)
                    iv_numbers(t, row, K_TOT, q->total, 0, 0);
                if (projected)
                    iv_numbers(t, row, K_PROJ, q->projected, 0, 0);
                if (change)
                    iv_numbers(t, row, K_CHG, q->change, dec, 0);
                rows++;
                shown++;
            }
            chiso_buf_free(&name);
            chiso_buf_free(&src);
            free(value);
            free(total);
            free(projected);
            free(change);
        }
        if (j - i >= 2 && shown >= 2) {
            chiso_buf_puts(&sentences, "- ");
            rp_change_sentence(&sentences, ds, chiso_comparison_get(c->cmp, j - 2), chiso_comparison_get(c->cmp, j - 1));
            chiso_buf_puts(&sentences, "\n");
            /* the chart shows the series with the most terms (built-in indicators first) */
            if (j - i > best_terms || (j - i == best_terms && I.builtin && best_ind >= 0 &&
                                       !ind_label(ds, best_ind)[0])) {
                best_terms = j - i;
                best_ind = r->indicator_index;
                best_level = r->level;
                best_proj = 0;
                for (size_t k = i; k < j; k++) {
                    const chiso_compare_row *q = chiso_comparison_get(c->cmp, k);
                    best_proj |= q->partial && q->has_projected && rp_flow_has_pace(ds, q);
                }
            }
        }
        i = j;
    }
    if (rows == 0 || *st != CHISO_OK) {
        chiso_table_free(t);
        chiso_buf_free(&sentences);
        return 0;
    }
    chiso_unit_info U;
    chiso_dataset_unit(ds, (size_t)unit, &U);
    doc_text(&c->d, B_H3, "%s", _(g->title));
    /* the sentences */
    char *s = chiso_buf_take(&sentences);
    if (s) {
        for (char *line = s, *nl; line && *line; line = nl ? nl + 1 : NULL) {
            nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            if (strncmp(line, "- ", 2) == 0)
                doc_text(&c->d, B_ITEM, "%s", line + 2);
        }
        free(s);
    }
    /* a chart of the main series */
    if (best_ind >= 0 && !c->no_charts) {
        char cname[256], title[512];
        snprintf(cname, sizeof cname, "%s-%s", U.code, g->slug);
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)best_ind, &I);
        chiso_chart_opts co;
        chiso_chart_opts_default(&co);
        const char *inds[2] = {I.code, NULL};
        co.unit = U.code;
        co.indicators = inds;
        co.level = best_level;
        /* a flow with a term reported in part: term totals, the rest of the term hatched (the projection) */
        co.per = best_proj ? CHISO_PER_TERM : CHISO_PER_YEAR;
        co.kind = I.category == CHISO_CAT_CLASSIFICATION && best_level ? CHISO_CHART_RATINGS : CHISO_CHART_COMPARE;
        if (co.kind == CHISO_CHART_RATINGS)
            co.indicators = NULL, co.level = 0;
        snprintf(title, sizeof title, "%s — %s", U.name, chiso_indicator_name(&I, c->lang));
        if (co.kind == CHISO_CHART_RATINGS) {
            co.indicators = inds;
        }
        add_chart(c, cname, title, &co);
    }
    char tname[256], ttitle[512];
    snprintf(tname, sizeof tname, "%s-%s", U.code, g->slug);
    snprintf(ttitle, sizeof ttitle, "%s — %s", U.name, _(g->title));
    *st = emit_table(c, tname, ttitle, t);
    return rows;
}

/* ---- attainment -------------------------------------------------------------------------------- */

static chiso_status attain_section(rctx *c)
{
    const chiso_dataset *ds = c->ds;
    size_t n = chiso_attainment_count(c->att);
    char day[16];
    doc_text(&c->d, B_H2, "%s", _("Congress targets"));
    if (n == 0) {
        doc_text(&c->d, B_P, "%s", _("The dataset has no targets."));
        return CHISO_OK;
    }
    int illus = 0;
    const char *illus_file = NULL;
    for (size_t i = 0; i < n; i++)
        if (chiso_attainment_get(c->att, i)->target->illustrative) {
            illus = 1;
            illus_file = rp_dataset_file(ds, chiso_attainment_get(c->att, i)->target->file);
        }
    doc_text(&c->d, B_P, _("Judged as of %s. A target is met when the whole interval of the reported figure meets it, "
                           "not met when none of it does, and indeterminate otherwise; a year without a figure has "
                           "no figures yet, never met. For a term still running, the status says whether the target is "
                           "likely to be met, from the unit's own earlier terms and the figures to date."),
             report_date(chiso_attainment_as_of(c->att), day, sizeof day));
    if (illus)
        doc_text(&c->d, B_NOTE,
                 _("Targets marked (illustrative) are not from the sources: they are examples that show how chiso "
                   "judges targets (%s in the dataset)."),
                 illus_file);
    enum { A_WHO, A_IND, A_TARGET, A_ACT, A_ACT_LO, A_ACT_HI, A_STATUS, A_PROB, A_REASON, A_SRC, A_NCOLS };
    const char *hdr[A_NCOLS] = {[A_WHO] = _("unit · term"),
                                [A_IND] = _("indicator"),
                                [A_TARGET] = _("target"),
                                [A_ACT] = _("actual"),
                                [A_ACT_LO] = _("actual: lower bound"),
                                [A_ACT_HI] = _("actual: upper bound"),
                                [A_STATUS] = _("assessment"),
                                [A_PROB] = _("P(met)"),
                                [A_REASON] = _("reason"),
                                [A_SRC] = _("source of the figures")};
    chiso_table *t = chiso_table_new(A_NCOLS, hdr);
    if (!t)
        return CHISO_ENOMEM;
    chiso_table_set_role(t, A_ACT, CHISO_COL_DATA_NUMERIC);
    chiso_table_set_role(t, A_ACT_LO, CHISO_COL_DATA);
    chiso_table_set_role(t, A_ACT_HI, CHISO_COL_DATA);
    chiso_table_set_align(t, A_ACT, CHISO_ALIGN_RIGHT);
    chiso_table_set_align(t, A_PROB, CHISO_ALIGN_RIGHT);
    chiso_status st = CHISO_OK;
    for (size_t i = 0; i < n && st == CHISO_OK; i++) {
        const chiso_attain_row *r = chiso_attainment_get(c->att, i);
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)r->target->indicator_index, &I);
        int pct = I.measure == CHISO_MEASURE_SHARE || r->target->relative_to_members;
        char *who = who_str(ds, r->unit, r->term_label);
        chiso_buf ind, target, src, reason;
        chiso_buf_init(&ind);
        chiso_buf_init(&target);
        chiso_buf_init(&src);
        chiso_buf_init(&reason);
        chiso_buf_puts(&ind, chiso_indicator_name(&I, c->lang));
        if (r->target->rating)
            chiso_buf_printf(&ind, " — %s", r->target->rating);
        /* the target as the resolution writes it: "≥ 1.000 cả nhiệm kỳ", "từ 60% đến 70% mỗi năm" */
        if (r->op == CHISO_CMP_BETWEEN) {
            rp_interval(&target, r->target->value, 2, pct);
        } else {
            char *tv = rp_interval_str(r->target->value, 2, pct);
            chiso_buf_printf(&target, "%s %s", chiso_cmp_symbol(r->op), tv ? tv : "");
            free(tv);
        }
        char base[256]; /* "số đảng viên đầu nhiệm kỳ": a short phrase of the analysis */
        chiso_buf_puts(&target, chiso_target_base_words(r->target, base, sizeof base));
        chiso_buf_printf(&target, " %s", rp_basis_words(r->basis));
        if (r->target->illustrative)
            chiso_buf_puts(&target, _(" (illustrative)"));
        char *actual = r->has_actual ? rp_interval_str(r->actual, pct ? 2 : 0, pct) : chiso_strdup("–");
        char prob[32] = "";
        if (r->has_probability)
            chiso_format_number(r->probability, 2, c->lang, prob, sizeof prob);
        /* the figures' sources, and the target's own (a file of the dataset, named within it) */
        if (r->sources[0]) {
            rp_locator(&src, r->sources);
            chiso_buf_puts(&src, "; ");
        }
        chiso_buf_printf(&src, "%s ", _("target:"));
        rp_place(&src, ds, r->target->file, r->target->line);
        if (r->target->source && !r->target->illustrative) {
            chiso_buf_puts(&src, " — ");
            chiso_buf_puts(&src, r->target->source);
            if (r->target->locator) {
                chiso_buf_puts(&src, " ");
                rp_locator(&src, r->target->locator);
            }
        }
        rp_locator(&reason, r->reason);
        const char *cells[A_NCOLS] = {[A_WHO] = who,          [A_IND] = ind.data,      [A_TARGET] = target.data,
                                      [A_ACT] = actual,       [A_STATUS] = rp_status_words(rp_status(r)),
                                      [A_PROB] = prob,        [A_REASON] = reason.data, [A_SRC] = src.data};
        if (!who || !actual || chiso_table_add_row(t, cells) != CHISO_OK) {
            st = CHISO_ENOMEM;
        } else {
            size_t row = chiso_table_rows(t) - 1;
            if (r->has_actual)
                iv_numbers(t, row, A_ACT, r->actual, pct ? 2 : 0, pct);
            if (r->has_probability)
                chiso_table_set_number(t, row, A_PROB, r->probability, 2, 0);
        }
        free(who);
        free(actual);
        chiso_buf_free(&ind);
        chiso_buf_free(&target);
        chiso_buf_free(&src);
        chiso_buf_free(&reason);
    }
    if (st != CHISO_OK) {
        chiso_table_free(t);
        return st;
    }
    st = emit_long_table(c, "targets", _("Congress targets"), t, c->many ? 40 : (size_t)-1);
    if (st != CHISO_OK)
        return st;
    /* a bullet chart of the targets of the first unit */
    chiso_chart_opts co;
    chiso_chart_opts_default(&co);
    co.kind = CHISO_CHART_ATTAIN;
    co.illustrative = 1;
    add_chart(c, "targets", _("Congress targets"), &co);
    return CHISO_OK;
}

static chiso_status verdicts_section(rctx *c)
{
    const chiso_dataset *ds = c->ds;
    size_t n = chiso_dataset_n_verdicts(ds);
    if (n == 0)
        return CHISO_OK;
    doc_text(&c->d, B_H3, "%s", _("What the reports themselves say"));
    const char *hdr[] = {_("unit · term"), _("indicator"), _("the report says"), _("ratio"), _("quote"), _("source")};
    chiso_table *t = chiso_table_new(CHISO_ARRAY_LEN(hdr), hdr);
    if (!t)
        return CHISO_ENOMEM;
    chiso_table_set_align(t, 3, CHISO_ALIGN_RIGHT);
    for (size_t i = 0; i < n; i++) {
        chiso_verdict_info v;
        chiso_dataset_verdict(ds, i, &v);
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)v.term_index, &T);
        char ratio[48] = "";
        char *who = who_str(ds, v.unit, T.label);
        chiso_buf src;
        chiso_buf_init(&src);
        chiso_buf_printf(&src, "%s ", v.source ? v.source : rp_dataset_file(ds, v.file));
        rp_locator(&src, v.locator ? v.locator : "");
        if (v.has_ratio) {
            chiso_format_number_trim(v.ratio.point, 2, c->lang, ratio, sizeof ratio - 2);
            strcat(ratio, "%");
        }
        const char *cells[] = {who, ind_label(ds, v.indicator_index), v.raw_verdict, ratio, v.quote ? v.quote : "",
                               src.data};
        chiso_status st = who ? chiso_table_add_row(t, cells) : CHISO_ENOMEM;
        free(who);
        chiso_buf_free(&src);
        if (st != CHISO_OK) {
            chiso_table_free(t);
            return CHISO_ENOMEM;
        }
        if (v.has_ratio)
            chiso_table_set_number(t, chiso_table_rows(t) - 1, 3, v.ratio.point, 2, 1);
    }
    return emit_table(c, "reported-verdicts", _("What the reports themselves say"), t);
}

/* ---- the next term ------------------------------------------------------------------------------- */

/* Candidate targets for the next term of the unit the report is about (chiso plan; report/plan.c). */
static chiso_status plan_section(rctx *c, const char *unit)
{
    chiso_plan_opts po;
    chiso_plan_opts_default(&po);
    po.unit = unit;
    chiso_plan *p = NULL;
    chiso_error e;
    chiso_status st = chiso_analysis_plan(c->ds, c->norm, &po, &p, &e);
    if (st == CHISO_ENOMEM)
        return st;
    if (st != CHISO_OK || chiso_plan_count(p) == 0) { /* no terms, or no history: no section */
        chiso_plan_free(p);
        return CHISO_OK;
    }
    char *period = chiso_plan_period_text(p);
    doc_text(&c->d, B_H2, "%s", _("Planning the next term"));
    doc_text(&c->d, B_P,
             _("For the next term, %s: the likely value of each indicator with enough history, and candidate targets "
               "with the probability of reaching each if the coming term is like the earlier ones. Counts are totals "
               "over the term from a gamma–Poisson (negative binomial) model learnt from the unit's earlier terms; "
               "shares are one year's share from a beta fitted to the earlier terms' values (docs/methods.md)."),
             period ? period : "");
    free(period);
    chiso_table *t = chiso_plan_table(c->ds, p, 1);
    chiso_plan_free(p);
    if (!t)
        return CHISO_ENOMEM;
    return emit_table(c, "plan", _("Planning the next term"), t);
}

/* ---- summary, quality, sources ----------------------------------------------------------------- */

static void summary_section(rctx *c, long unit)
{
    const chiso_dataset *ds = c->ds;
    /* the latest term with figures */
    long term = -1;
    int32_t start = INT32_MIN;
    for (size_t i = 0; i < chiso_comparison_count(c->cmp); i++) {
        const chiso_compare_row *r = chiso_comparison_get(c->cmp, i);
        if (r->unit_index != unit)
            continue;
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)r->term_index, &T);
        if (T.start.day > start) {
            start = T.start.day;
            term = r->term_index;
        }
    }
    if (term < 0)
        return;
    chiso_term_info T;
    chiso_dataset_term(ds, (size_t)term, &T);
    doc_text(&c->d, B_H2, _("Summary: %s"), T.label);
    static const char *key[] = {"members", "base_orgs", "admitted", "confirmed", "disciplined", "inspected_orgs",
                                "supervised_orgs", "org_rating_share", "member_rating_share"};
    for (size_t k = 0; k < CHISO_ARRAY_LEN(key); k++) {
        long ind = chiso_dataset_find_indicator(ds, key[k]);
        for (size_t i = 0; ind >= 0 && i < chiso_comparison_count(c->cmp); i++) {
            const chiso_compare_row *r = chiso_comparison_get(c->cmp, i);
            if (r->unit_index != unit || r->term_index != term || r->indicator_index != ind)
                continue;
            char y1[32], y2[32], d1[16], d2[16];
            chiso_buf name;
            chiso_buf_init(&name);
            rp_series_name(&name, ds, r);
            int pct = r->kind == CHISO_VK_SHARE;
            char *v = rp_interval_str(r->value, r->kind == CHISO_VK_LEVEL ? 0 : 1, pct);
            char *tot = rp_interval_str(r->total, 0, 0);
            if (r->kind == CHISO_VK_ANNUAL && rp_flow_has_pace(ds, r))
                doc_text(&c->d, B_ITEM, _("%s: %s from %s to %s (%s of %s years), %s a year"), name.data ? name.data : "",
                         tot ? tot : "", report_date(r->norm->cover_start, d1, sizeof d1),
                         report_date(r->norm->cover_end, d2, sizeof d2),
                         chiso_format_number(r->coverage_years, 1, c->lang, y1, sizeof y1),
                         chiso_format_number(r->term_years, 1, c->lang, y2, sizeof y2), v ? v : "");
            else if (r->kind == CHISO_VK_ANNUAL)
                doc_text(&c->d, B_ITEM, _("%s: %s from %s to %s"), name.data ? name.data : "", tot ? tot : "",
                         report_date(r->norm->cover_start, d1, sizeof d1),
                         report_date(r->norm->cover_end, d2, sizeof d2));
            else
                doc_text(&c->d, B_ITEM, "%s: %s", name.data ? name.data : "", v ? v : "");
            chiso_buf_free(&name);
            free(v);
            free(tot);
        }
    }
    size_t counts[RP_ST_COUNT] = {0}, total = 0;
    for (size_t i = 0; i < chiso_attainment_count(c->att); i++) {
        const chiso_attain_row *r = chiso_attainment_get(c->att, i);
        if (r->target->term_index == term && !r->target->illustrative) {
            counts[rp_status(r)]++;
            total++;
        }
    }
    if (total) {
        /* best to worst; a target that already failed is "not met", never counted as behind */
        chiso_buf b;
        chiso_buf_init(&b);
        for (int k = 0; k < RP_ST_COUNT; k++)
            if (counts[k])
                chiso_buf_printf(&b, "%s%zu %s", b.len ? ", " : "", counts[k], rp_status_words(k));
        doc_text(&c->d, B_P, _("Targets of the term from the sources: %s."), b.data ? b.data : "");
        chiso_buf_free(&b);
    }
}

static chiso_status quality_section(rctx *c)
{
    doc_text(&c->d, B_H2, "%s", _("Data quality"));
    size_t n = chiso_diags_count(c->diags);
    if (n == 0) {
        doc_text(&c->d, B_P, "%s", _("chiso check found no problems in the dataset."));
        return CHISO_OK;
    }
    doc_text(&c->d, B_P, _("chiso check found %zu errors and %zu warnings:"), chiso_diags_errors(c->diags),
             chiso_diags_warnings(c->diags));
    const char *hdr[] = {_("place"), _("kind"), _("finding")};
    chiso_table *t = chiso_table_new(3, hdr);
    if (!t)
        return CHISO_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const chiso_diag *g = chiso_diags_get(c->diags, i);
        chiso_buf place;
        chiso_buf_init(&place);
        rp_place(&place, c->ds, g->file, g->line);
        const char *cells[] = {place.data,
                               g->severity == CHISO_ERROR     ? _("error")
                               : g->severity == CHISO_WARNING ? _("warning")
                                                              : _("note"),
                               g->msg};
        chiso_status ast = chiso_table_add_row(t, cells);
        chiso_buf_free(&place);
        if (ast != CHISO_OK) {
            chiso_table_free(t);
            return CHISO_ENOMEM;
        }
    }
    return emit_long_table(c, "data-quality", _("Data quality"), t, 50);
}

static chiso_status sources_section(rctx *c)
{
    const chiso_dataset *ds = c->ds;
    doc_text(&c->d, B_H2, "%s", _("Sources"));
    doc_text(&c->d, B_P, "%s",
             _("Every figure of every table names its source document and the line it stands on; the quote of each "
               "figure is in the dataset's observations.csv."));
    const char *hdr[] = {_("source document"), _("figures")};
    chiso_table *t = chiso_table_new(2, hdr);
    if (!t)
        return CHISO_ENOMEM;
    /* distinct sources, counted (few: a linear scan is fine) */
    const char *names[64];
    size_t counts[64], nn = 0, none = 0;
    for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
        chiso_obs_info o;
        chiso_dataset_obs(ds, i, &o);
        if (!o.source) {
            none++;
            continue;
        }
        size_t k;
        for (k = 0; k < nn; k++)
            if (strcmp(names[k], o.source) == 0)
                break;
        if (k == nn && nn < 64) {
            names[nn] = o.source;
            counts[nn++] = 0;
        }
        if (k < 64)
            counts[k]++;
    }
    for (size_t k = 0; k < nn; k++) {
        char n[32];
        snprintf(n, sizeof n, "%zu", counts[k]);
        const char *cells[] = {names[k], n};
        chiso_table_add_row(t, cells);
        chiso_table_set_number(t, k, 1, (double)counts[k], 0, 0);
    }
    if (none) {
        char n[32];
        snprintf(n, sizeof n, "%zu", none);
        const char *cells[] = {_("(no source given)"), n};
        chiso_table_add_row(t, cells);
    }
    chiso_status st = emit_table(c, "sources", _("Sources"), t);
    if (st != CHISO_OK)
        return st;
    /* terms with nominal dates */
    for (size_t i = 0; i < chiso_dataset_n_terms(ds); i++) {
        chiso_term_info T;
        chiso_dataset_term(ds, i, &T);
        const char *note = c->lang == CHISO_LANG_VI ? T.note_vi : T.note;
        if (note) {
            long u = chiso_dataset_find_unit(ds, T.unit);
            doc_text(&c->d, B_ITEM, "%s · %s: %s", u >= 0 ? unit_label(ds, u) : T.unit, T.label, note);
        }
    }
    doc_text(&c->d, B_P, "%s",
             _("Flows (admissions, discipline, inspections) are compared per year over the years their figures "
               "cover, so a term reported only in part compares fairly; its total at the same pace is shown beside "
               "it when the figures cover at least a year and a fifth of the term, and never for one-off counts. "
               "Inexact figures are written as the sources write them (\"trên 90%\": above 90 and at most 100); "
               "in the CSV files and the workbook they are two columns, the lower and the upper bound."));
    return CHISO_OK;
}

/* ---- many units -------------------------------------------------------------------------------- */

/* The latest term of unit u that has targets, or -1. */
static long latest_target_term(rctx *c, long u, const long *term_of_unit)
{
    (void)c;
    return term_of_unit[u];
}

typedef struct unit_rank {
    long unit;
    size_t n[RP_ST_COUNT], total;
} unit_rank;

static int rank_cmp(const void *a, const void *b)
{
    const unit_rank *x = a, *y = b;
    /* most targets already missed first, then the likely misses, then those at risk */
    static const int order[] = {RP_ST_NOT_MET, RP_ST_OFF_TRACK, RP_ST_AT_RISK};
    for (size_t k = 0; k < 3; k++)
        if (x->n[order[k]] != y->n[order[k]])
            return x->n[order[k]] > y->n[order[k]] ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

typedef struct lag_row {
    size_t att;   /* index of the attainment row */
    int status;
    long unit;
} lag_row;

static int lag_cmp(const void *a, const void *b)
{
    const lag_row *x = a, *y = b;
    static const int sev[RP_ST_COUNT] = {[RP_ST_NOT_MET] = 0, [RP_ST_OFF_TRACK] = 1, [RP_ST_AT_RISK] = 2};
    if (sev[x->status] != sev[y->status])
        return sev[x->status] < sev[y->status] ? -1 : 1;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return x->att < y->att ? -1 : x->att > y->att;
}

/* "Units compared": which units lag on which targets (their latest term with targets), ranked, and the key
 * figures of every unit (a sheet). */
static chiso_status units_section(rctx *c, const unsigned char *sel)
{
    const chiso_dataset *ds = c->ds;
    size_t nu = chiso_dataset_n_units(ds), na = chiso_attainment_count(c->att);
    chiso_status st = CHISO_OK;
    long *tterm = malloc((nu ? nu : 1) * sizeof *tterm);
    int32_t *tstart = malloc((nu ? nu : 1) * sizeof *tstart);
    unit_rank *rk = calloc(nu ? nu : 1, sizeof *rk);
    lag_row *lag = malloc((na ? na : 1) * sizeof *lag);
    size_t nlag = 0, nrk = 0;
    if (!tterm || !tstart || !rk || !lag) {
        st = CHISO_ENOMEM;
        goto done;
    }
    for (size_t u = 0; u < nu; u++) {
        tterm[u] = -1;
        tstart[u] = INT32_MIN;
    }
    for (size_t i = 0; i < na; i++) {
        const chiso_attain_row *r = chiso_attainment_get(c->att, i);
        long u = r->target->unit_index;
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)r->target->term_index, &T);
        if (u >= 0 && (size_t)u < nu && T.start.day > tstart[u]) {
            tstart[u] = T.start.day;
            tterm[u] = r->target->term_index;
        }
    }
    for (size_t i = 0; i < na; i++) {
        const chiso_attain_row *r = chiso_attainment_get(c->att, i);
        long u = r->target->unit_index;
        if (u < 0 || (size_t)u >= nu || !sel[u] || r->target->term_index != latest_target_term(c, u, tterm))
            continue;
        int k = rp_status(r);
        rk[u].unit = u;
        rk[u].n[k]++;
        rk[u].total++;
        if (k == RP_ST_NOT_MET || k == RP_ST_OFF_TRACK || k == RP_ST_AT_RISK)
            lag[nlag++] = (lag_row){i, k, u};
    }
    for (size_t u = 0; u < nu; u++)
        if (rk[u].total)
            rk[nrk++] = rk[u];
    doc_text(&c->d, B_H2, "%s", _("Units compared"));
    if (nrk == 0) {
        doc_text(&c->d, B_P, "%s", _("No unit of this report has targets, so none can be ranked by them."));
    } else {
        qsort(rk, nrk, sizeof *rk, rank_cmp);
        qsort(lag, nlag, sizeof *lag, lag_cmp);
        doc_text(&c->d, B_P,
                 _("%zu units have targets in their latest term; %zu targets are not met or may not be met. The units "
                   "are ranked by the targets already missed, then those likely to be missed, then those at risk."),
                 nrk, nlag);
        const char *hdr[] = {_("unit"),
                             _("targets"),
                             rp_status_words(RP_ST_MET),
                             rp_status_words(RP_ST_ON_TRACK),
                             rp_status_words(RP_ST_AT_RISK),
                             rp_status_words(RP_ST_OFF_TRACK),
                             rp_status_words(RP_ST_NOT_MET),
                             rp_status_words(RP_ST_INDETERMINATE),
                             rp_status_words(RP_ST_NO_DATA)};
        chiso_table *t = chiso_table_new(CHISO_ARRAY_LEN(hdr), hdr);
        if (!t) {
            st = CHISO_ENOMEM;
            goto done;
        }
        for (size_t k = 1; k < CHISO_ARRAY_LEN(hdr); k++)
            chiso_table_set_align(t, k, CHISO_ALIGN_RIGHT);
        static const int cols[] = {RP_ST_MET,     RP_ST_ON_TRACK,      RP_ST_AT_RISK, RP_ST_OFF_TRACK,
                                   RP_ST_NOT_MET, RP_ST_INDETERMINATE, RP_ST_NO_DATA};
        for (size_t i = 0; i < nrk && st == CHISO_OK; i++) {
            char num[8][24];
            const char *cells[9];
            cells[0] = unit_label(ds, rk[i].unit);
            snprintf(num[0], sizeof num[0], "%zu", rk[i].total);
            cells[1] = num[0];
            for (size_t k = 0; k < 7; k++) {
                snprintf(num[k + 1], sizeof num[k + 1], "%zu", rk[i].n[cols[k]]);
                cells[k + 2] = num[k + 1];
            }
            if (chiso_table_add_row(t, cells) != CHISO_OK) {
                st = CHISO_ENOMEM;
                break;
            }
            chiso_table_set_number(t, i, 1, (double)rk[i].total, 0, 0);
            for (size_t k = 0; k < 7; k++)
                chiso_table_set_number(t, i, k + 2, (double)rk[i].n[cols[k]], 0, 0);
        }
        if (st != CHISO_OK) {
            chiso_table_free(t);
            goto done;
        }
        if ((st = emit_long_table(c, "units-ranked", _("Units ranked by their targets"), t, 20)) != CHISO_OK)
            goto done;
        /* which unit lags on which target */
        const char *lh[] = {_("unit · term"),         _("indicator"),          _("target"),    _("actual"),
                            _("actual: lower bound"), _("actual: upper bound"), _("assessment")};
        chiso_table *l = chiso_table_new(CHISO_ARRAY_LEN(lh), lh);
        if (!l) {
            st = CHISO_ENOMEM;
            goto done;
        }
        chiso_table_set_align(l, 3, CHISO_ALIGN_RIGHT);
        chiso_table_set_role(l, 3, CHISO_COL_DATA_NUMERIC);
        chiso_table_set_role(l, 4, CHISO_COL_DATA);
        chiso_table_set_role(l, 5, CHISO_COL_DATA);
        for (size_t i = 0; i < nlag && st == CHISO_OK; i++) {
            const chiso_attain_row *r = chiso_attainment_get(c->att, lag[i].att);
            chiso_indicator_info I;
            chiso_dataset_indicator(ds, (size_t)r->target->indicator_index, &I);
            int pct = I.measure == CHISO_MEASURE_SHARE || r->target->relative_to_members;
            char *who = who_str(ds, r->unit, r->term_label);
            char *tv = rp_interval_str(r->target->value, 2, pct);
            char *act = r->has_actual ? rp_interval_str(r->actual, pct ? 2 : 0, pct) : chiso_strdup("–");
            chiso_buf target;
            chiso_buf_init(&target);
            chiso_buf_printf(&target, "%s %s %s", chiso_cmp_symbol(r->op), tv ? tv : "", rp_basis_words(r->basis));
            const char *cells[] = {who, chiso_indicator_name(&I, c->lang), target.data, act, "", "",
                                   rp_status_words(lag[i].status)};
            if (!who || !tv || !act || chiso_table_add_row(l, cells) != CHISO_OK)
                st = CHISO_ENOMEM;
            else if (r->has_actual)
                iv_numbers(l, chiso_table_rows(l) - 1, 3, r->actual, pct ? 2 : 0, pct);
            free(who);
            free(tv);
            free(act);
            chiso_buf_free(&target);
        }
        if (st != CHISO_OK) {
            chiso_table_free(l);
            goto done;
        }
        if (nlag && (st = emit_long_table(c, "units-lagging", _("Which units lag on which targets"), l, 30)) != CHISO_OK)
            goto done;
        if (!nlag)
            chiso_table_free(l);
    }
    doc_text(&c->d, B_P, "%s",
             _("Each unit's figures, term by term, are in its own file in units/ (Markdown) with its tables in tables/; "
               "charts are drawn for the units the report is about."));
done:
    free(tterm);
    free(tstart);
    free(rk);
    free(lag);
    return st;
}

/* Append the rows of a unit's table of group g to the group's table of all units (a sheet of the
 * workbook and tables/units-SLUG.csv: per-unit detail a spreadsheet can filter), with the unit's name
 * first. */
static chiso_status combine_rows(rctx *c, size_t g, const char *unit_name, const chiso_table *t)
{
    size_t nc = chiso_table_cols(t);
    const char **cells = calloc(nc + 1, sizeof *cells);
    if (!cells)
        return CHISO_ENOMEM;
    chiso_status st = CHISO_OK;
    if (!c->combined[g]) {
        cells[0] = _("unit");
        for (size_t k = 0; k < nc; k++)
            cells[k + 1] = chiso_table_header(t, k);
        c->combined[g] = chiso_table_new(nc + 1, cells);
        if (!c->combined[g]) {
            free(cells);
            return CHISO_ENOMEM;
        }
        for (size_t k = 0; k < nc; k++)
            chiso_table_set_role(c->combined[g], k + 1, chiso_table_role(t, k));
    }
    chiso_table *all = c->combined[g];
    for (size_t r = 0; r < chiso_table_rows(t) && st == CHISO_OK; r++) {
        cells[0] = unit_name;
        for (size_t k = 0; k < nc; k++)
            cells[k + 1] = chiso_table_cell(t, r, k);
        if ((st = chiso_table_add_row(all, cells)) != CHISO_OK)
            break;
        size_t row = chiso_table_rows(all) - 1;
        for (size_t k = 0; k < nc; k++) {
            double v;
            int dec, pct;
            if (chiso_table_number(t, r, k, &v, &dec, &pct))
                chiso_table_set_number(all, row, k + 1, v, dec, pct);
        }
    }
    free(cells);
    return st;
}

/* The tables of all units, one per group: sheets and CSV files only (the main document ranks). */
static chiso_status emit_combined(rctx *c)
{
    chiso_status st = CHISO_OK;
    for (size_t g = 0; g < CHISO_ARRAY_LEN(groups); g++) {
        chiso_table *t = c->combined[g];
        c->combined[g] = NULL;
        if (!t || st != CHISO_OK) {
            chiso_table_free(t);
            continue;
        }
        chiso_buf name, title;
        chiso_buf_init(&name);
        chiso_buf_init(&title);
        chiso_buf_printf(&name, "units-%s", groups[g].slug);
        chiso_buf_printf(&title, _("%s — the other units"), _(groups[g].title));
        if (!name.data || !title.data) {
            chiso_table_free(t);
            st = CHISO_ENOMEM;
        } else if ((st = emit_table(c, name.data, title.data, t)) == CHISO_OK && !c->d.oom) {
            c->d.blocks[c->d.n - 1].data_only = 1;
        }
        chiso_buf_free(&name);
        chiso_buf_free(&title);
    }
    return st;
}

/* A unit's own file (units/CODE.md) with its term-over-term tables: the detail a many-unit report keeps out
 * of its main document. */
static chiso_status unit_file(rctx *c, size_t u)
{
    chiso_unit_info U;
    chiso_dataset_unit(c->ds, u, &U);
    doc main = c->d;
    doc_init(&c->d);
    c->d.prefix = "../";
    c->no_charts = 1;
    chiso_status st = CHISO_OK;
    doc_text(&c->d, B_H1, "%s", U.name);
    size_t rows = 0;
    for (size_t g = 0; g < CHISO_ARRAY_LEN(groups) && st == CHISO_OK; g++) {
        size_t before = c->d.n;
        rows += category_section(c, (long)u, &groups[g], &st);
        for (size_t k = before; k < c->d.n && st == CHISO_OK; k++)
            if (c->d.blocks[k].kind == B_TABLE && c->d.blocks[k].table)
                st = combine_rows(c, g, U.name, c->d.blocks[k].table);
        progress(c);
    }
    if (rows == 0)
        doc_text(&c->d, B_P, "%s", _("No figures for this unit."));
    if (st == CHISO_OK && c->want_md) {
        char *md = c->d.oom ? NULL : doc_to_markdown(&c->d);
        chiso_buf rel;
        chiso_buf_init(&rel);
        chiso_buf_printf(&rel, "units/%s.md", U.code);
        st = md && rel.data ? write_rel(c, rel.data, md) : CHISO_ENOMEM;
        free(md);
        chiso_buf_free(&rel);
    }
    doc_free(&c->d);
    c->d = main;
    c->no_charts = 0;
    return st;
}

/* ---- the whole report -------------------------------------------------------------------------- */

static int parse_formats(rctx *c, const char *formats)
{
    if (!formats) {
        c->want_md = c->want_html = c->want_xlsx = c->want_csv = c->want_docx = 1;
        return 1;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", formats);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (strcmp(tok, "md") == 0)
            c->want_md = 1;
        else if (strcmp(tok, "html") == 0)
            c->want_html = 1;
        else if (strcmp(tok, "xlsx") == 0)
            c->want_xlsx = 1;
        else if (strcmp(tok, "csv") == 0)
            c->want_csv = 1;
        else if (strcmp(tok, "docx") == 0)
            c->want_docx = 1;
        else
            return 0;
    }
    return c->want_md || c->want_html || c->want_xlsx || c->want_csv || c->want_docx;
}

chiso_status chiso_report_write(const chiso_dataset *ds, const chiso_report_opts *opts_in, const char *dir,
                                chiso_error *err)
{
    chiso_report_opts defaults;
    chiso_report_opts_default(&defaults);
    const chiso_report_opts *opts = opts_in ? opts_in : &defaults;
    if (!ds || !dir || !*dir)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    rctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.opts = opts;
    c.lang = chiso_get_lang();
    c.err = err;
    c.dir = dir;
    doc_init(&c.d);
    if (!parse_formats(&c, opts->formats))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                               _("unknown format in '%s': use a comma-separated list of md, html, xlsx, docx and csv"),
                               opts->formats);
    /* never into the dataset, never over a folder chiso did not write (opts->force changes neither) */
    const char *inputs[] = {chiso_dataset_dir(ds)};
    chiso_outdir out;
    unsigned char *sel = NULL; /* the units with a section */
    chiso_status st = chiso_outdir_begin(&out, dir, inputs, 1, err);
    if (st != CHISO_OK)
        return st;
    c.tmp = out.tmp;
    c.dir = dir = out.dir;
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/tables", c.tmp);
    if (mkdir(sub, 0755) != 0) {
        st = chiso_error_set(err, CHISO_EIO, dir, 0, 0, _("cannot create the report folder: %s"), strerror(errno));
        goto done;
    }
    snprintf(sub, sizeof sub, "%s/charts", c.tmp);
    if (mkdir(sub, 0755) != 0) {
        st = chiso_error_set(err, CHISO_EIO, dir, 0, 0, _("cannot create the report folder: %s"), strerror(errno));
        goto done;
    }
    /* the analysis */
    c.diags = chiso_diags_new();
    if (!c.diags) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    if ((st = chiso_dataset_check(ds, c.diags, err)) != CHISO_OK)
        goto done;
    chiso_diags_sort(c.diags);
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    no.has_as_of = opts->has_as_of;
    no.as_of = opts->as_of;
    if ((st = chiso_normalize(ds, &no, NULL, &c.norm, err)) != CHISO_OK)
        goto done;
    if ((st = chiso_analysis_compare(ds, c.norm, NULL, &c.cmp, err)) != CHISO_OK)
        goto done;
    chiso_attain_opts ao;
    chiso_attain_opts_default(&ao);
    ao.has_as_of = opts->has_as_of;
    ao.as_of = opts->as_of;
    ao.illustrative = 1;
    if ((st = chiso_analysis_attain(ds, c.norm, &ao, &c.att, err)) != CHISO_OK)
        goto done;
    /* the units asked for and those below them, in the order of units.csv */
    size_t nu = chiso_dataset_n_units(ds), nsel = 0;
    sel = calloc(nu ? nu : 1, 1);
    if (!sel) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    long first = 0;
    if ((st = select_units(ds, opts, sel, &first, err)) != CHISO_OK)
        goto done;
    for (size_t u = 0; u < nu; u++)
        nsel += sel[u];
    c.steps = nsel * 6 + 7;
    chiso_unit_info top;
    chiso_dataset_unit(ds, (size_t)first, &top);
    char day[16];
    doc_text(&c.d, B_H1, _("Figures of %s"), top.name);
    doc_text(&c.d, B_P, _("Dataset `%s`, as of %s; made by chiso %s. Figures are written as the sources write them; "
                          "inexact ones are intervals."),
             rp_dataset_name(ds), report_date(chiso_attainment_as_of(c.att), day, sizeof day), CHISO_VERSION);
    summary_section(&c, 0);
    if (chiso_attainment_count(c.att)) {
        chiso_chart_opts co;
        chiso_chart_opts_default(&co);
        co.kind = CHISO_CHART_DASHBOARD;
        co.unit = top.code;
        add_chart(&c, "dashboard", _("Key series"), &co);
    }
    if (nsel < nu)
        doc_text(&c.d, B_P,
                 _("This report has a section for %zu of the %zu units of the dataset: those it is about and "
                   "the units %d level(s) below them. 'chiso report --unit CODE' makes the report of another "
                   "unit, and --depth the number of levels below it (-1: all)."),
                 nsel, nu, opts->depth);
    /* many units: the main document has the units asked for and a ranking of all; the others get files */
    c.many = nsel > MANY_UNITS;
    c.d.big = c.many;
    if (c.many) {
        c.ulo = malloc(nu * sizeof *c.ulo);
        c.uhi = malloc(nu * sizeof *c.uhi);
        if (!c.ulo || !c.uhi) {
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            goto done;
        }
        for (size_t u = 0; u < nu; u++)
            c.ulo[u] = c.uhi[u] = 0;
        for (size_t i = chiso_comparison_count(c.cmp); i-- > 0;) {
            const chiso_compare_row *r = chiso_comparison_get(c.cmp, i);
            size_t u = (size_t)r->unit_index;
            if (c.uhi[u] == 0)
                c.uhi[u] = i + 1;
            c.ulo[u] = i;
        }
        snprintf(sub, sizeof sub, "%s/units", c.tmp);
        if (mkdir(sub, 0755) != 0) {
            st = chiso_error_set(err, CHISO_EIO, dir, 0, 0, _("cannot create the report folder: %s"), strerror(errno));
            goto done;
        }
        if ((st = units_section(&c, sel)) != CHISO_OK) {
            chiso_error_set(err, st, NULL, 0, 0, "%s", _("out of memory"));
            goto done;
        }
    }
    for (size_t u = 0; u < nu && st == CHISO_OK; u++) {
        if (!sel[u])
            continue;
        chiso_unit_info U;
        chiso_dataset_unit(ds, u, &U);
        if (c.many && !is_root(ds, opts, u, first)) {
            st = unit_file(&c, u);
            continue;
        }
        doc_text(&c.d, B_H2, "%s", U.name);
        size_t rows = 0;
        for (size_t g = 0; g < CHISO_ARRAY_LEN(groups) && st == CHISO_OK; g++) {
            rows += category_section(&c, (long)u, &groups[g], &st);
            progress(&c);
        }
        if (rows == 0)
            doc_text(&c.d, B_P, "%s", _("No figures for this unit."));
    }
    if (st == CHISO_OK && c.many)
        st = emit_combined(&c);
    if (st == CHISO_OK)
        st = attain_section(&c);
    if (st == CHISO_OK)
        st = verdicts_section(&c);
    if (st == CHISO_OK)
        st = plan_section(&c, top.code);
    if (st == CHISO_OK)
        st = quality_section(&c);
    if (st == CHISO_OK)
        st = sources_section(&c);
    if (st != CHISO_OK)
        goto done;
    if (c.chart_io) {
        if (err)
            *err = c.chart_err;
        st = c.chart_io;
        goto done;
    }
    if (c.d.oom) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    char title[512];
    snprintf(title, sizeof title, _("Figures of %s"), top.name);
    if (c.want_md) {
        char *md = doc_to_markdown(&c.d);
        st = md ? write_rel(&c, "report.md", md) : chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        free(md);
        if (st != CHISO_OK)
            goto done;
        progress(&c);
    }
    if (c.want_html) {
        char *html = doc_to_html(&c.d, c.lang == CHISO_LANG_VI ? "vi" : "en", title);
        st = html ? write_rel(&c, "report.html", html)
                  : chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        free(html);
        if (st != CHISO_OK)
            goto done;
        progress(&c);
    }
    if (c.want_xlsx) {
        char path[4096];
        snprintf(path, sizeof path, "%s/report.xlsx", c.tmp);
        if ((st = doc_to_xlsx(&c.d, path, err)) != CHISO_OK) {
            if (err && err->file[0])
                snprintf(err->file, sizeof err->file, "%s/report.xlsx", dir);
            goto done;
        }
        note_file(&c, "report.xlsx");
        progress(&c);
    }
    if (c.want_docx) {
        char path[4096];
        snprintf(path, sizeof path, "%s/report.docx", c.tmp);
        snprintf(sub, sizeof sub, "%s/charts", c.tmp);
        if ((st = doc_to_docx(&c.d, path, sub, c.lang == CHISO_LANG_VI ? "vi" : "en", title, err)) != CHISO_OK) {
            if (err && err->file[0])
                snprintf(err->file, sizeof err->file, "%s/report.docx", dir);
            goto done;
        }
        note_file(&c, "report.docx");
        progress(&c);
    }
    if (!c.want_csv) {
        /* tables/ is only for csv; charts stay (the md and html refer to them) */
        snprintf(sub, sizeof sub, "%s/tables", c.tmp);
        rmdir(sub);
    }
    /* into place, marked with the list of its files, so that a later run may replace it */
    if ((st = chiso_outdir_commit(&out, err)) != CHISO_OK)
        goto done;
    if (opts->on_file)
        for (size_t i = 0; i < c.n_files; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, c.files[i]);
            opts->on_file(opts->ctx, path);
        }
done:
    chiso_outdir_free(&out);
    for (size_t i = 0; i < c.n_files; i++)
        free(c.files[i]);
    free(c.files);
    free(sel);
    free(c.ulo);
    free(c.uhi);
    for (size_t g = 0; g < CHISO_ARRAY_LEN(c.combined); g++)
        chiso_table_free(c.combined[g]);
    doc_free(&c.d);
    chiso_attainment_free(c.att);
    chiso_comparison_free(c.cmp);
    chiso_normalized_free(c.norm);
    chiso_diags_free(c.diags);
    return st;
}

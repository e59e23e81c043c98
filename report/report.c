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

#include <errno.h>
#include <dirent.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void series_name(const chiso_dataset *ds, const chiso_compare_row *r, char *buf, size_t size)
{
    if (r->level)
        snprintf(buf, size, "%s (%s %d %s)", ind_label(ds, r->indicator_index), _("level"), r->level, _("or better"));
    else if (r->rating)
        snprintf(buf, size, "%s (%s)", ind_label(ds, r->indicator_index), r->rating);
    else
        snprintf(buf, size, "%s", ind_label(ds, r->indicator_index));
}

static const char *kind_unit(chiso_value_kind k)
{
    return k == CHISO_VK_ANNUAL ? _("a year") : k == CHISO_VK_SHARE ? "%" : "";
}

static const char *fmt_iv(rctx *c, chiso_interval iv, int dec, int pct, char *buf, size_t size)
{
    return chiso_format_interval(iv, dec, pct, c->lang, buf, size);
}

/* The neutral sentence of a series: how its latest term compares with the one before. */
static void series_sentence(rctx *c, const chiso_compare_row *first, const chiso_compare_row *last, size_t nterms,
                            chiso_buf *out)
{
    char name[512], a[96], b[96];
    series_name(c->ds, last, name, sizeof name);
    int pct = last->kind == CHISO_VK_SHARE;
    int dec = last->kind == CHISO_VK_LEVEL ? 0 : 1;
    if (nterms < 2) {
        chiso_buf_printf(out, _("%s: reported for one term only (%s), so there is nothing to compare it with."), name,
                         last->term_label);
        return;
    }
    (void)first;
    const chiso_compare_row *prev = last - 1;
    fmt_iv(c, prev->value, dec, pct, a, sizeof a);
    fmt_iv(c, last->value, dec, pct, b, sizeof b);
    const char *per = last->kind == CHISO_VK_ANNUAL ? _(" a year") : "";
    if (last->rose == CHISO_TRUE)
        chiso_buf_printf(out, _("%s rose from %s%s (%s) to %s%s (%s)."), name, a, per, prev->term_label, b, per,
                         last->term_label);
    else if (last->fell == CHISO_TRUE)
        chiso_buf_printf(out, _("%s fell from %s%s (%s) to %s%s (%s)."), name, a, per, prev->term_label, b, per,
                         last->term_label);
    else if (chiso_interval_is_point(last->value) && chiso_interval_is_point(prev->value))
        chiso_buf_printf(out, _("%s stayed at %s%s (%s and %s)."), name, b, per, prev->term_label, last->term_label);
    else
        chiso_buf_printf(out, _("%s: %s (%s) and %s (%s) are inexact figures that overlap, so the direction of the "
                                "change cannot be told."),
                         name, a, prev->term_label, b, last->term_label);
    if (last->partial) {
        char y1[32], y2[32];
        chiso_buf_printf(out, _(" %s is reported for %s of its %s years only; it is compared per year."),
                         last->term_label, chiso_format_number(last->coverage_years, 1, c->lang, y1, sizeof y1),
                         chiso_format_number(last->term_years, 1, c->lang, y2, sizeof y2));
    }
    if (last->flags & CHISO_NORM_XWALK)
        chiso_buf_puts(out, _(" The rating scheme changed between terms: levels are compared after the crosswalk."));
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

/* The term-over-term table and sentences of one unit and category group. Returns the number of rows. */
static size_t category_section(rctx *c, long unit, const cat_group *g, chiso_status *st)
{
    const chiso_dataset *ds = c->ds;
    const char *hdr[] = {_("indicator"), _("term"), _("value"), _("unit of measure"), _("years covered / term"),
                         _("reported total"), _("change from the term before"), _("source")};
    chiso_table *t = chiso_table_new(CHISO_ARRAY_LEN(hdr), hdr);
    if (!t) {
        *st = CHISO_ENOMEM;
        return 0;
    }
    for (size_t k = 2; k < 7; k++)
        chiso_table_set_align(t, k, CHISO_ALIGN_RIGHT);
    chiso_buf sentences;
    chiso_buf_init(&sentences);
    size_t rows = 0, n = chiso_comparison_count(c->cmp);
    long best_ind = -1;
    int best_level = 0;
    size_t best_terms = 0;
    for (size_t i = 0; i < n;) {
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
        char name[512];
        series_name(ds, r, name, sizeof name);
        for (size_t k = i; k < j; k++) {
            const chiso_compare_row *q = chiso_comparison_get(c->cmp, k);
            char value[96], years[64], total[64] = "", change[96] = "", y1[32], y2[32];
            int pct = q->kind == CHISO_VK_SHARE;
            int dec = q->kind == CHISO_VK_LEVEL ? 0 : 1;
            fmt_iv(c, q->value, dec, pct, value, sizeof value);
            snprintf(years, sizeof years, "%s / %s", chiso_format_number(q->coverage_years, 1, c->lang, y1, sizeof y1),
                     chiso_format_number(q->term_years, 1, c->lang, y2, sizeof y2));
            if (q->kind == CHISO_VK_ANNUAL)
                fmt_iv(c, q->total, 0, 0, total, sizeof total);
            if (q->partial && q->has_projected) {
                char p[64];
                size_t l = strlen(total);
                snprintf(total + l, sizeof total - l, " (%s %s)", _("whole term at that pace"),
                         fmt_iv(c, q->projected, 0, 0, p, sizeof p));
            }
            if (q->has_prev)
                fmt_iv(c, q->change, dec, 0, change, sizeof change);
            const char *cells[] = {name, q->term_label, value, kind_unit(q->kind), years, total, change,
                                   q->norm->sources};
            if (chiso_table_add_row(t, cells) != CHISO_OK) {
                *st = CHISO_ENOMEM;
                break;
            }
            size_t row = chiso_table_rows(t) - 1;
            if (isfinite(q->point))
                chiso_table_set_number(t, row, 2, q->point, dec, pct);
            if (q->kind == CHISO_VK_ANNUAL && isfinite(q->total_point) && !q->partial)
                chiso_table_set_number(t, row, 5, q->total_point, 0, 0);
            if (q->has_prev && isfinite(q->change_point) && chiso_interval_is_point(q->change))
                chiso_table_set_number(t, row, 6, q->change_point, dec, 0);
            rows++;
        }
        if (j - i >= 2) {
            chiso_buf_puts(&sentences, "- ");
            series_sentence(c, r, chiso_comparison_get(c->cmp, j - 1), j - i, &sentences);
            chiso_buf_puts(&sentences, "\n");
            /* the chart shows the series with the most terms (built-in indicators first) */
            if (j - i > best_terms || (j - i == best_terms && I.builtin && best_ind >= 0 &&
                                       !ind_label(ds, best_ind)[0])) {
                best_terms = j - i;
                best_ind = r->indicator_index;
                best_level = r->level;
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
    if (best_ind >= 0) {
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
    for (size_t i = 0; i < n; i++)
        illus |= chiso_attainment_get(c->att, i)->target->illustrative;
    doc_text(&c->d, B_P, _("Judged as of %s. A target is met when the whole interval of the reported figure meets it, "
                           "not met when none of it does, and indeterminate otherwise; a year without a figure gives "
                           "no data, never met. For a term still running, the status says whether the target is "
                           "likely to be met, from the unit's own earlier terms and the figures to date."),
             chiso_date_format(chiso_attainment_as_of(c->att), day, sizeof day));
    if (illus)
        doc_text(&c->d, B_NOTE, "%s",
                 _("Targets marked (illustrative) are not from the sources: they are examples that show how chiso "
                   "judges targets (datasets/haiphong/illustrative-targets.csv)."));
    const char *hdr[] = {_("unit · term"), _("indicator"), _("target"), _("actual"), _("verdict"), _("status"),
                         _("P(met)"), _("reason"), _("source of the figures")};
    chiso_table *t = chiso_table_new(CHISO_ARRAY_LEN(hdr), hdr);
    if (!t)
        return CHISO_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const chiso_attain_row *r = chiso_attainment_get(c->att, i);
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)r->target->indicator_index, &I);
        int pct = I.measure == CHISO_MEASURE_SHARE || r->target->relative_to_members;
        char who[128], ind[512], target[256], tv[64], actual[96] = "–", prob[32] = "";
        snprintf(who, sizeof who, "%s · %s", r->unit, r->term_label);
        snprintf(ind, sizeof ind, "%s%s%s", chiso_indicator_name(&I, c->lang), r->target->rating ? " — " : "",
                 r->target->rating ? r->target->rating : "");
        fmt_iv(c, r->target->value, 2, pct, tv, sizeof tv);
        char base[128];
        snprintf(target, sizeof target, "%s %s%s (%s)%s", chiso_cmp_symbol(r->op), tv,
                 chiso_target_base_words(r->target, base, sizeof base),
                 chiso_basis_name(r->basis), r->target->illustrative ? _(" (illustrative)") : "");
        if (r->has_actual)
            fmt_iv(c, r->actual, 2, pct, actual, sizeof actual);
        if (r->has_probability)
            chiso_format_number(r->probability, 2, c->lang, prob, sizeof prob);
        /* the figures' sources, and the target's own */
        char src[1024];
        char tplace[600];
        snprintf(src, sizeof src, "%s%s%s%s%s", r->sources[0] ? r->sources : "", r->sources[0] ? " (" : "",
                 chiso_place_format(r->target->file, r->target->line, 0, tplace, sizeof tplace),
                 r->target->source ? " — " : "",
                 r->target->source ? r->target->source : "");
        if (r->sources[0])
            strncat(src, ")", sizeof src - strlen(src) - 1);
        const char *cells[] = {who, ind, target, actual, chiso_verdict_words(r->verdict), chiso_progress_words(r->status),
                               prob, r->reason, src};
        if (chiso_table_add_row(t, cells) != CHISO_OK) {
            chiso_table_free(t);
            return CHISO_ENOMEM;
        }
        size_t row = chiso_table_rows(t) - 1;
        if (r->has_actual && isfinite(r->actual_point) && chiso_interval_is_point(r->actual))
            chiso_table_set_number(t, row, 3, r->actual_point, 2, pct);
        if (r->has_probability)
            chiso_table_set_number(t, row, 6, r->probability, 2, 0);
    }
    chiso_status st = emit_table(c, "targets", _("Congress targets"), t);
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
    for (size_t i = 0; i < n; i++) {
        chiso_verdict_info v;
        chiso_dataset_verdict(ds, i, &v);
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)v.term_index, &T);
        char who[128], ratio[32] = "", src[512];
        snprintf(who, sizeof who, "%s · %s", v.unit, T.label);
        if (v.has_ratio) {
            chiso_format_number_trim(v.ratio.point, 2, c->lang, ratio, sizeof ratio);
            strcat(ratio, "%");
        }
        snprintf(src, sizeof src, "%s %s", v.source ? v.source : v.file, v.locator ? v.locator : "");
        const char *cells[] = {who, ind_label(ds, v.indicator_index), v.raw_verdict, ratio, v.quote ? v.quote : "", src};
        if (chiso_table_add_row(t, cells) != CHISO_OK) {
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
            char name[512], v[96], tot[96], y1[32], y2[32], d1[16], d2[16];
            series_name(ds, r, name, sizeof name);
            int pct = r->kind == CHISO_VK_SHARE;
            if (r->kind == CHISO_VK_ANNUAL)
                doc_text(&c->d, B_ITEM, _("%s: %s from %s to %s (%s of %s years), %s a year"), name,
                         fmt_iv(c, r->total, 0, 0, tot, sizeof tot), chiso_date_format(r->norm->cover_start, d1, sizeof d1),
                         chiso_date_format(r->norm->cover_end, d2, sizeof d2),
                         chiso_format_number(r->coverage_years, 1, c->lang, y1, sizeof y1),
                         chiso_format_number(r->term_years, 1, c->lang, y2, sizeof y2),
                         fmt_iv(c, r->value, 1, 0, v, sizeof v));
            else
                doc_text(&c->d, B_ITEM, "%s: %s", name, fmt_iv(c, r->value, pct ? 1 : 0, pct, v, sizeof v));
        }
    }
    size_t counts[6] = {0};
    for (size_t i = 0; i < chiso_attainment_count(c->att); i++) {
        const chiso_attain_row *r = chiso_attainment_get(c->att, i);
        if (r->target->term_index == term && !r->target->illustrative)
            counts[r->status]++;
    }
    if (counts[1] + counts[2] + counts[3] + counts[4] + counts[5])
        doc_text(&c->d, B_P, _("Targets of the term from the sources: %zu achieved, %zu on track, %zu at risk, %zu off "
                               "track, %zu without data."),
                 counts[1], counts[2], counts[3], counts[4], counts[5]);
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
        char place[600];
        chiso_place_format(g->file, g->line, 0, place, sizeof place);
        const char *cells[] = {place, g->severity == CHISO_ERROR ? "error" : g->severity == CHISO_WARNING ? "warning" : "note",
                               g->msg};
        if (chiso_table_add_row(t, cells) != CHISO_OK) {
            chiso_table_free(t);
            return CHISO_ENOMEM;
        }
    }
    return emit_table(c, "data-quality", _("Data quality"), t);
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
        if (T.note)
            doc_text(&c->d, B_ITEM, "%s · %s: %s", T.unit, T.label, T.note);
    }
    doc_text(&c->d, B_P, "%s",
             _("Flows (admissions, discipline, inspections) are compared per year over the years their figures "
               "cover, so a term reported only in part compares fairly; its total at the same pace is shown beside "
               "it. Inexact figures (\"trên 90%\") are intervals: (90; 100] means above 90 and at most 100."));
    return CHISO_OK;
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
             chiso_dataset_dir(ds), chiso_date_format(chiso_attainment_as_of(c.att), day, sizeof day), CHISO_VERSION);
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
    for (size_t u = 0; u < nu && st == CHISO_OK; u++) {
        if (!sel[u])
            continue;
        chiso_unit_info U;
        chiso_dataset_unit(ds, u, &U);
        doc_text(&c.d, B_H2, "%s", U.name);
        size_t rows = 0;
        for (size_t g = 0; g < CHISO_ARRAY_LEN(groups) && st == CHISO_OK; g++) {
            rows += category_section(&c, (long)u, &groups[g], &st);
            progress(&c);
        }
        if (rows == 0)
            doc_text(&c.d, B_P, "%s", _("No figures for this unit."));
    }
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
    doc_free(&c.d);
    chiso_attainment_free(c.att);
    chiso_comparison_free(c.cmp);
    chiso_normalized_free(c.norm);
    chiso_diags_free(c.diags);
    return st;
}

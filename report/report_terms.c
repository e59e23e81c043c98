/*
 * report/report_terms.c — the groups of indicators (recruitment, discipline, ...) and, for each unit
 * and group, the term-over-term table, its sentences and a chart of its main series.
 */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const cat_group groups[] = {
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
static int says_nothing(chiso_interval v)
{
    return v.lo <= 0 && isinf(v.hi);
}

/* The term-over-term table and sentences of one unit and category group. Returns the number of rows. */
size_t category_section(rctx *c, long unit, const cat_group *g, chiso_status *st)
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

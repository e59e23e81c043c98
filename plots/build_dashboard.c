/* plots/build_dashboard.c — small multiples of the key series of one unit on one page: for each
 * category (membership, recruitment, organisation, discipline, inspection, ratings, training) the series
 * with the most terms, up to six, each as compare bars (annual rates for flows) with the same honesty
 * rules as the compare chart. */
#include "plots/plots_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PANELS 6

static const int category_order[] = {CHISO_CAT_MEMBERSHIP, CHISO_CAT_RECRUITMENT, CHISO_CAT_ORGANISATION,
                                     CHISO_CAT_DISCIPLINE, CHISO_CAT_INSPECTION, CHISO_CAT_CLASSIFICATION,
                                     CHISO_CAT_TRAINING, CHISO_CAT_OTHER};

static size_t terms_of(const chiso_dataset *ds, const chiso_normalized *norm, long unit, long ind, int level)
{
    size_t nt = 0, c = 0;
    long *t = pl_unit_terms(ds, unit, &nt);
    if (!t)
        return 0;
    for (size_t i = 0; i < nt; i++)
        c += chiso_normalized_find(norm, unit, t[i], ind, CHISO_BASIS_NONE, level) != NULL;
    free(t);
    return c;
}

chiso_status pl_build_dashboard(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_chart_opts *o,
                                chiso_scene *s, chiso_error *err)
{
    chiso_unit_info U;
    long unit = pl_unit_of(ds, o, &U, err);
    if (unit < 0)
        return err ? err->code : CHISO_ENOTFOUND;
    long inds[MAX_PANELS];
    int levels[MAX_PANELS];
    size_t n = 0;
    if (o->indicators) {
        for (size_t i = 0; o->indicators[i] && n < MAX_PANELS; i++) {
            long ind = chiso_dataset_find_indicator(ds, o->indicators[i]);
            if (ind < 0)
                return chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, _("the dataset has no indicator '%s'"),
                                       o->indicators[i]);
            inds[n] = ind;
            levels[n++] = o->level;
        }
    } else {
        /* the best series of each category, with two terms or more */
        for (size_t c = 0; c < CHISO_ARRAY_LEN(category_order) && n < MAX_PANELS; c++) {
            long best;
            int lv;
            int rating = category_order[c] == CHISO_CAT_CLASSIFICATION;
            if (pl_rank_series(ds, norm, unit, category_order[c], rating, &best, &lv, 1) == 1 &&
                terms_of(ds, norm, unit, best, lv) >= 2) {
                inds[n] = best;
                levels[n++] = lv;
            }
        }
        /* then the next best of any category */
        long more[32];
        int mlv[32];
        size_t m = pl_rank_series(ds, norm, unit, -1, 0, more, mlv, 32);
        for (size_t i = 0; i < m && n < MAX_PANELS; i++) {
            int dup = 0;
            for (size_t k = 0; k < n; k++)
                dup |= inds[k] == more[i] && levels[k] == mlv[i];
            if (!dup && terms_of(ds, norm, unit, more[i], mlv[i]) >= 2) {
                inds[n] = more[i];
                levels[n++] = mlv[i];
            }
        }
    }
    if (n == 0)
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("unit '%s' has no series with two terms or more to draw"), U.code);
    s->grid_cols = n <= 3 ? (int)n : n == 4 ? 2 : 3;
    s->grid_rows = (int)((n + (size_t)s->grid_cols - 1) / (size_t)s->grid_cols);
    pl_sources src = {0};
    chiso_comparison *c = NULL;
    const chiso_compare_row **rows = NULL;
    double *x = NULL;
    long *terms = NULL;
    unsigned used = 0;
    chiso_status st = CHISO_OK;
    size_t nt_all = 0;
    terms = pl_unit_terms(ds, unit, &nt_all);
    if (!terms) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    for (size_t p = 0; p < n; p++) {
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)inds[p], &I);
        const char *one[2] = {I.code, NULL};
        chiso_select sel = {U.code, one, NULL, levels[p]};
        chiso_comparison_free(c);
        c = NULL;
        st = chiso_analysis_compare(ds, norm, &sel, &c, err);
        if (st != CHISO_OK)
            goto done;
        size_t nr = chiso_comparison_count(c), k = 0;
        free(rows);
        free(x);
        rows = calloc(nr ? nr : 1, sizeof *rows);
        x = calloc(nr ? nr : 1, sizeof *x);
        if (!rows || !x) {
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            goto done;
        }
        for (size_t i = 0; i < nr; i++) {
            const chiso_compare_row *r = chiso_comparison_get(c, i);
            if (r->level == levels[p] && (levels[p] || !r->rating))
                rows[k++] = r;
        }
        /* the terms of this panel, in time order */
        size_t np = 0;
        int panel = -1;
        pl_panel P = {0};
        for (size_t t = 0; t < nt_all; t++) {
            int hit = 0;
            for (size_t i = 0; i < k; i++)
                if (rows[i]->term_index == terms[t]) {
                    x[i] = (double)np;
                    hit = 1;
                }
            np += hit;
        }
        if (k == 0)
            continue;
        chiso_value_kind kind = rows[0]->kind;
        double ymax = pl_nice_max(pl_bars_max(rows, k, CHISO_PER_YEAR));
        if (kind == CHISO_VK_SHARE && ymax > 100)
            ymax = 100;
        P.xmin = -0.5;
        P.xmax = (double)np - 0.5;
        P.ymin = 0;
        P.ymax = ymax;
        P.xcat = 1;
        P.pct = kind == CHISO_VK_SHARE;
        P.title = pl_printf(&s->arena, "%s (%s)", pl_series_name(s, ds, inds[p], levels[p], NULL),
                            pl_value_label(s->lang, kind, CHISO_PER_YEAR, 1));
        panel = pl_scene_panel(s, &P);
        if (panel < 0)
            break;
        np = 0;
        for (size_t t = 0; t < nt_all; t++) {
            int hit = 0;
            for (size_t i = 0; i < k; i++)
                hit |= rows[i]->term_index == terms[t];
            if (!hit)
                continue;
            chiso_term_info T;
            chiso_dataset_term(ds, (size_t)terms[t], &T);
            chiso_prim tick = {0};
            tick.kind = CHISO_PRIM_TICK;
            tick.panel = panel;
            tick.x0 = (double)np++;
            tick.role = "term";
            tick.key = T.code;
            tick.text = pl_term_short(s, &T);
            pl_scene_add(s, &tick);
        }
        pl_bar_opts bo = {panel, CHISO_PER_YEAR, 0, 1, pl_series_color(0), 1};
        pl_bars_emit(s, ds, rows, k, x, &bo, ymax, &src, &used);
    }
    if (used & PL_USED_INEXACT)
        pl_add_legend(s, CHISO_PRIM_WHISKER, CHISO_STYLE_FADED, pl_series_color(0),
                      pl_tr(s->lang, N_("a range, as written (\"over 90%\")")));
    char a[32], b[32];
    if (used & PL_USED_PARTIAL)
        pl_add_legend(s, CHISO_PRIM_TEXT, CHISO_STYLE_SOLID, PL_DARKGREY,
                      pl_printf(&s->arena, pl_tr(s->lang, N_("%s/%s under a bar: years reported of the term's years")),
                                chiso_format_number(3.4, 1, s->lang, a, sizeof a),
                                chiso_format_number(5, 1, s->lang, b, sizeof b)));
    s->title = pl_printf(&s->arena, pl_tr(s->lang, N_("Key series of %s")), U.name);
    s->subtitle = pl_tr(s->lang, N_("by term; flows a year over the years the figures cover"));
    pl_sources_finish(s, &src);
done:
    free(src.names);
    free(rows);
    free(x);
    free(terms);
    chiso_comparison_free(c);
    return st;
}

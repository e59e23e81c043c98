/* plots/build_compare.c — a bar per term (grouped when several series share a measure).
 *
 * Honesty rules: flows as annual rates over the years the figures cover (default), as term totals with
 * the rest of a partial term at the same pace drawn hatched on top of the reported part, or per 100
 * members a year; a partial term writes its coverage under the bar; an inexact figure ("trên 90%") is a
 * faded range with a whisker between its ends, never a bar of made-up height; bars start at zero. */
#include "plots/plots_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SERIES 8

/* A series of the comparison: one unit, indicator, level and part label. */
typedef struct cseries {
    long ind;
    int level;
    const char *part;
    const chiso_compare_row **rows;
    size_t n;
    size_t order;
} cseries;

static int same(const cseries *S, const chiso_compare_row *r)
{
    return S->ind == r->indicator_index && S->level == r->level &&
           ((!S->part && !r->rating) || (S->part && r->rating && strcmp(S->part, r->rating) == 0));
}

static size_t order_of(const chiso_chart_opts *o, const chiso_dataset *ds, long ind)
{
    for (size_t i = 0; o->indicators && o->indicators[i]; i++)
        if (chiso_dataset_find_indicator(ds, o->indicators[i]) == ind)
            return i;
    return 0;
}

static int cseries_cmp(const void *a, const void *b)
{
    const cseries *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return y->level - x->level;
}

chiso_status pl_build_compare(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_chart_opts *o,
                              chiso_scene *s, chiso_error *err)
{
    chiso_unit_info U;
    long unit = pl_unit_of(ds, o, &U, err);
    if (unit < 0)
        return err ? err->code : CHISO_ENOTFOUND;
    const char *def[2] = {NULL, NULL};
    const char *const *inds = o->indicators;
    int level = o->level;
    if (!inds) {
        long best;
        int lv;
        if (pl_rank_series(ds, norm, unit, -1, 0, &best, &lv, 1) == 0)
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, _("unit '%s' has no figures to compare"), U.code);
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)best, &I);
        def[0] = I.code;
        inds = def;
    }
    chiso_select sel = {U.code, inds, NULL, level};
    chiso_comparison *c = NULL;
    cseries ss[MAX_SERIES];
    size_t ns = 0;
    long *terms = NULL;
    size_t nt = 0;
    pl_sources src = {0};
    chiso_status st = chiso_analysis_compare(ds, norm, &sel, &c, err);
    memset(ss, 0, sizeof ss);
    if (st != CHISO_OK)
        goto done;
    size_t nrows = chiso_comparison_count(c);
    if (nrows == 0) {
        st = chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, _("no figures of '%s' for unit '%s'%s: nothing to draw"),
                             inds[0], U.code, level ? _(" at that rating level") : "");
        goto done;
    }
    /* group the rows into series */
    for (size_t i = 0; i < nrows; i++) {
        const chiso_compare_row *r = chiso_comparison_get(c, i);
        size_t k = 0;
        while (k < ns && !same(&ss[k], r))
            k++;
        if (k == ns) {
            if (ns == MAX_SERIES) {
                st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                                     _("more than %d series in one chart: choose fewer indicators or one --rating level"),
                                     MAX_SERIES);
                goto done;
            }
            ss[ns].ind = r->indicator_index;
            ss[ns].level = r->level;
            ss[ns].part = r->rating;
            ss[ns].order = order_of(o, ds, r->indicator_index);
            ss[ns].rows = calloc(nrows, sizeof *ss[ns].rows);
            if (!ss[ns].rows) {
                st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
                goto done;
            }
            ns++;
        }
        ss[k].rows[ss[k].n++] = r;
    }
    qsort(ss, ns, sizeof *ss, cseries_cmp);
    chiso_value_kind kind = ss[0].rows[0]->kind;
    for (size_t k = 1; k < ns; k++)
        if (ss[k].rows[0]->kind != kind) {
            st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                                 _("'%s' and '%s' are not measured alike (%s, %s): draw them in separate charts"),
                                 ss[0].rows[0]->indicator, ss[k].rows[0]->indicator,
                                 pl_value_label(chiso_get_lang(), kind, o->per, 1),
                                 pl_value_label(chiso_get_lang(), ss[k].rows[0]->kind, o->per, 1));
            goto done;
        }
    /* the terms drawn, in time order */
    size_t all_terms = 0;
    terms = pl_unit_terms(ds, unit, &all_terms);
    if (!terms) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    for (size_t t = 0; t < all_terms; t++) {
        int hit = 0;
        for (size_t k = 0; k < ns && !hit; k++)
            for (size_t i = 0; i < ss[k].n && !hit; i++)
                hit = ss[k].rows[i]->term_index == terms[t];
        if (hit)
            terms[nt++] = terms[t];
    }
    double top = 0;
    for (size_t k = 0; k < ns; k++) {
        double m = pl_bars_max(ss[k].rows, ss[k].n, o->per);
        if (m > top)
            top = m;
    }
    double ymax = pl_nice_max(top);
    if (kind == CHISO_VK_SHARE && ymax > 100)
        ymax = 100;
    pl_panel P = {0};
    P.xmin = -0.5;
    P.xmax = (double)nt - 0.5;
    P.ymin = 0;
    P.ymax = ymax;
    P.xcat = 1;
    P.pct = kind == CHISO_VK_SHARE;
    P.ylabel = pl_value_label(s->lang, kind, o->per, 0);
    pl_scene_panel(s, &P);
    for (size_t t = 0; t < nt; t++) {
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)terms[t], &T);
        chiso_prim tick = {0};
        tick.kind = CHISO_PRIM_TICK;
        tick.x0 = (double)t;
        tick.role = "term";
        tick.key = T.code;
        tick.text = T.label;
        pl_scene_add(s, &tick);
    }
    unsigned used = 0;
    double *x = calloc(nrows, sizeof *x);
    if (!x) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    for (size_t k = 0; k < ns; k++) {
        for (size_t i = 0; i < ss[k].n; i++)
            for (size_t t = 0; t < nt; t++)
                if (terms[t] == ss[k].rows[i]->term_index)
                    x[i] = (double)t;
        pl_bar_opts bo = {0, o->per, k, ns, pl_series_color(k), 0};
        pl_bars_emit(s, ds, ss[k].rows, ss[k].n, x, &bo, ymax, &src, &used);
        if (ns > 1)
            pl_add_legend(s, CHISO_PRIM_BAR, CHISO_STYLE_SOLID, bo.color,
                          pl_series_name(s, ds, ss[k].ind, ss[k].level, ss[k].part));
    }
    free(x);
    int c0 = ns > 1 ? PL_DARKGREY : pl_series_color(0);
    if (used & PL_USED_PROJECTED)
        pl_add_legend(s, CHISO_PRIM_BAR, CHISO_STYLE_HATCHED, c0,
                      pl_tr(s->lang, N_("rest of the term at the same pace (a projection)")));
    if (used & PL_USED_INEXACT)
        pl_add_legend(s, CHISO_PRIM_WHISKER, CHISO_STYLE_FADED, c0,
                      pl_tr(s->lang, N_("a range, as written (\"over 90%\")")));
    /* titles, notes, source */
    s->title = ns == 1 ? pl_series_name(s, ds, ss[0].ind, ss[0].level, ss[0].part)
                       : pl_tr(s->lang, N_("Term by term"));
    const char *what = kind == CHISO_VK_ANNUAL ? pl_value_label(s->lang, kind, o->per, 0)
                       : kind == CHISO_VK_SHARE ? pl_tr(s->lang, N_("per cent"))
                                                : pl_tr(s->lang, N_("number in the term (latest figure)"));
    s->subtitle = pl_printf(&s->arena, "%s · %s", U.name, what);
    if ((used & PL_USED_PARTIAL) && o->per != CHISO_PER_TERM)
        pl_add_text(s, -1, 0, 0, "caption", NULL,
                    pl_tr(s->lang, N_("Terms reported in part are compared per year over the years the figures cover "
                                      "(written under the bar).")),
                    PL_BLACK);
    if ((used & PL_USED_PARTIAL) && o->per == CHISO_PER_TERM)
        pl_add_text(s, -1, 0, 0, "caption", NULL,
                    pl_tr(s->lang, N_("Solid: the total reported; hatched: the rest of the term if it went on at the "
                                      "same pace (years reported under the bar).")),
                    PL_BLACK);
    if (used & PL_USED_MISSING)
        pl_add_text(s, -1, 0, 0, "caption", NULL,
                    pl_tr(s->lang, N_("–: no membership figure to reckon per 100 members.")), PL_BLACK);
    if (used & PL_USED_OPEN)
        pl_add_text(s, -1, 0, 0, "caption", NULL,
                    pl_tr(s->lang, N_("An arrow: the figure has no upper bound (\"over …\").")), PL_BLACK);
    pl_sources_finish(s, &src);
    st = CHISO_OK;
done:
    free(src.names);
    for (size_t k = 0; k < MAX_SERIES; k++)
        free(ss[k].rows);
    free(terms);
    chiso_comparison_free(c);
    return st;
}

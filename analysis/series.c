/* analysis/series.c — series of normalised rows across terms, and the output helpers. */
#include "analysis/analysis_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

chiso_value_kind value_kind_of(const chiso_dataset *ds, long indicator)
{
    chiso_indicator_info I;
    chiso_dataset_indicator(ds, (size_t)indicator, &I);
    if (I.kind == CHISO_KIND_FLOW)
        return CHISO_VK_ANNUAL;
    if (I.kind == CHISO_KIND_RATE)
        return CHISO_VK_SHARE;
    return CHISO_VK_LEVEL;
}

chiso_interval row_value(const chiso_dataset *ds, const chiso_norm_row *r, double *point)
{
    if (value_kind_of(ds, r->indicator_index) == CHISO_VK_ANNUAL && r->has_annual) {
        *point = r->coverage_years > 0 ? r->point / r->coverage_years : r->point;
        return r->annual;
    }
    *point = r->point;
    return r->value;
}

/* Preference when a term has rows of several bases: the total, then the annual mean, each year, point. */
static int basis_rank(chiso_basis b)
{
    switch (b) {
    case CHISO_BASIS_TOTAL: return 0;
    case CHISO_BASIS_ANNUAL_MEAN: return 1;
    case CHISO_BASIS_EACH_YEAR: return 2;
    case CHISO_BASIS_POINT: return 3;
    default: return 4;
    }
}

static int selected(const chiso_dataset *ds, const chiso_norm_row *r, const chiso_select *sel)
{
    if (!sel)
        return 1;
    if (sel->unit && strcmp(sel->unit, r->unit) != 0)
        return 0;
    if (sel->level && r->level != sel->level)
        return 0;
    if (sel->indicators) {
        int hit = 0;
        for (const char *const *p = sel->indicators; *p; p++)
            if (strcmp(*p, r->indicator) == 0)
                hit = 1;
        if (!hit)
            return 0;
    }
    (void)ds;
    return 1;
}

static int same_series(const chiso_norm_row *a, const chiso_norm_row *b)
{
    const char *la = a->level == 0 ? a->rating : NULL, *lb = b->level == 0 ? b->rating : NULL;
    return a->unit_index == b->unit_index && a->indicator_index == b->indicator_index && a->level == b->level &&
           ((!la && !lb) || (la && lb && strcmp(la, lb) == 0));
}

chiso_status series_build(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_select *sel,
                          series **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t n = chiso_normalized_count(norm), ns = 0, cap = 0;
    series *all = NULL;
    /* rows come sorted by unit, indicator, level, label, basis, term start */
    for (size_t i = 0; i < n; i++) {
        const chiso_norm_row *r = chiso_normalized_get(norm, i);
        if (!selected(ds, r, sel))
            continue;
        series *s = NULL;
        for (size_t k = ns; k-- > 0;) {
            if (same_series(all[k].items[0].row, r)) {
                s = &all[k];
                break;
            }
            if (all[k].unit != r->unit_index || all[k].indicator != r->indicator_index)
                break;
        }
        if (!s) {
            if (chiso_grow((void **)&all, &cap, ns + 1, sizeof *all) != 0)
                goto oom;
            s = &all[ns++];
            memset(s, 0, sizeof *s);
            s->unit = r->unit_index;
            s->indicator = r->indicator_index;
            s->level = r->level;
            s->label = r->level == 0 ? r->rating : NULL;
        }
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)r->term_index, &T);
        /* one item per term: keep the preferred basis */
        size_t k;
        for (k = 0; k < s->n; k++)
            if (s->items[k].row->term_index == r->term_index)
                break;
        if (k < s->n) {
            if (basis_rank(r->basis) < basis_rank(s->items[k].row->basis))
                s->items[k].row = r;
            continue;
        }
        series_item *ni = realloc(s->items, (s->n + 1) * sizeof *ni);
        if (!ni)
            goto oom;
        s->items = ni;
        /* insert in time order */
        size_t pos = s->n;
        while (pos > 0 && s->items[pos - 1].term_start > T.start.day) {
            s->items[pos] = s->items[pos - 1];
            pos--;
        }
        s->items[pos].row = r;
        s->items[pos].term_start = T.start.day;
        s->items[pos].term_end = T.end.day;
        s->n++;
    }
    *out = all;
    *n_out = ns;
    return CHISO_OK;
oom:
    series_free_all(all, ns);
    return CHISO_ENOMEM;
}

void series_free_all(series *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        free(s[i].items);
    free(s);
}

double chiso_decimal_year(int32_t day)
{
    int y, m, d;
    chiso_civil_from_days(day, &y, &m, &d);
    int32_t y0 = chiso_days_from_civil(y, 1, 1), y1 = chiso_days_from_civil(y + 1, 1, 1);
    return y + (double)(day - y0) / (double)(y1 - y0);
}

int32_t chiso_dataset_latest_day(const chiso_dataset *ds)
{
    int32_t latest = 0;
    for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
        chiso_obs_info o;
        chiso_dataset_obs(ds, i, &o);
        if (o.end.day > latest)
            latest = o.end.day;
    }
    return latest;
}

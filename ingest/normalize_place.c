/*
 * ingest/normalize_place.c — the first steps of the normalisation (normalize.c): each figure placed in the
 * term(s) it covers, and rating figures made "share (or count) at or above level k" items.
 */
#include "ingest/normalize_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_obs_list(nctx *c, const long *obs, size_t n, size_t *off)
{
    if (chiso_grow((void **)&c->ol, &c->capol, c->nol + n, sizeof *c->ol) != 0) {
        c->oom = 1;
        return -1;
    }
    memcpy(c->ol + c->nol, obs, n * sizeof *obs);
    *off = c->nol;
    c->nol += n;
    return 0;
}

static item *new_item(nctx *c)
{
    if (chiso_grow((void **)&c->items, &c->cap, c->n + 1, sizeof *c->items) != 0) {
        c->oom = 1;
        return NULL;
    }
    item *it = &c->items[c->n++];
    memset(it, 0, sizeof *it);
    return it;
}

/* ---- placing figures in terms ------------------------------------------------------------------ */

void place(nctx *c, size_t oi, const long *terms, size_t nt)
{
    const chiso_dataset *ds = c->ds;
    const ds_obs *o = &ds->obs[oi];
    const ds_indicator *I = ind_of(ds, o->indicator);
    long obs_index = (long)oi;
    chiso_interval v = {o->lo, o->hi, o->lo_open, o->hi_open};
    const char *file = ds_file(ds, o->file);
    int32_t s = o->start.day, e = o->end.day;
    if (o->basis == CHISO_BASIS_POINT)
        s = e;
    /* overlap with each term */
    long best = -1;
    int32_t best_ov = -1, total_ov = 0;
    int32_t len = e - s + 1;
    for (size_t k = 0; k < nt; k++) {
        const ds_term *t = &ds->terms[terms[k]];
        int32_t ov = min32(e, t->end.day) - max32(s, t->start.day) + 1;
        if (ov <= 0)
            continue;
        total_ov += ov;
        if (ov > best_ov) {
            best_ov = ov;
            best = terms[k];
        }
    }
    if (best < 0) {
        /* a point just outside a term (within the slack) still belongs to it */
        for (size_t k = 0; k < nt; k++) {
            const ds_term *t = &ds->terms[terms[k]];
            if (s >= t->start.day - c->opts->boundary_slack_days && e <= t->end.day + c->opts->boundary_slack_days) {
                best = terms[k];
                break;
            }
        }
        if (best < 0 && nt == 0) {
            chiso_diags_add(c->diags, CHISO_WARNING, file, (long)o->line, 0, "norm.noterms",
                            _("unit '%s' has no terms in terms.csv, nor has any unit above it: the figure is "
                              "left out of the per-term figures"),
                            ds_str(ds, ds->units[o->unit].code));
            return;
        }
        if (best < 0) {
            chiso_diags_add(c->diags, CHISO_WARNING, file, (long)o->line, 0, "norm.outside",
                            _("the figure lies outside every term of unit '%s': it is left out of the "
                              "per-term figures"),
                            ds_str(ds, ds->units[o->unit].code));
            return;
        }
        best_ov = len;
    }
    size_t off;
    if (add_obs_list(c, &obs_index, 1, &off) != 0)
        return;
    if (best_ov >= len - (int32_t)c->opts->boundary_slack_days || o->basis == CHISO_BASIS_POINT) {
        item *it = new_item(c);
        if (!it)
            return;
        const ds_term *t = &ds->terms[best];
        it->unit = o->unit;
        it->term = best;
        it->indicator = o->indicator;
        it->basis = o->basis;
        it->start = s;
        it->end = e;
        /* coverage counts inside the term only */
        int32_t cs = max32(s, t->start.day), ce = min32(e, t->end.day);
        it->years = o->basis == CHISO_BASIS_POINT ? 0 : (ce >= cs ? days_years(s, e) : 0);
        if (it->years > days_years(t->start.day, t->end.day))
            it->years = days_years(t->start.day, t->end.day);
        it->v = v;
        it->point = o->point;
        it->obs_off = off;
        it->obs_n = 1;
        it->scheme = o->scheme;
        return;
    }
    /* straddling */
    if (I->kind == CHISO_KIND_FLOW && (o->basis == CHISO_BASIS_TOTAL)) {
        for (size_t k = 0; k < nt; k++) {
            const ds_term *t = &ds->terms[terms[k]];
            int32_t cs = max32(s, t->start.day), ce = min32(e, t->end.day);
            if (ce < cs)
                continue;
            double frac = (double)(ce - cs + 1) / (double)len;
            item *it = new_item(c);
            if (!it)
                return;
            it->unit = o->unit;
            it->term = terms[k];
            it->indicator = o->indicator;
            it->basis = o->basis;
            it->start = cs;
            it->end = ce;
            it->years = days_years(cs, ce);
            it->v = chiso_interval_scale(v, frac);
            it->point = o->point * frac;
            it->flags = CHISO_NORM_SPLIT;
            it->obs_off = off;
            it->obs_n = 1;
        }
        return;
    }
    if (I->kind == CHISO_KIND_FLOW) {
        /* an annual mean or an each-year figure holds for each part of its span: no scaling */
        for (size_t k = 0; k < nt; k++) {
            const ds_term *t = &ds->terms[terms[k]];
            int32_t cs = max32(s, t->start.day), ce = min32(e, t->end.day);
            if (ce < cs)
                continue;
            item *it = new_item(c);
            if (!it)
                return;
            it->unit = o->unit;
            it->term = terms[k];
            it->indicator = o->indicator;
            it->basis = o->basis;
            it->start = cs;
            it->end = ce;
            it->years = days_years(cs, ce);
            it->v = v;
            it->point = o->point;
            it->flags = CHISO_NORM_SPLIT;
            it->obs_off = off;
            it->obs_n = 1;
        }
        return;
    }
    const ds_term *t = &ds->terms[best];
    chiso_diags_add(c->diags, CHISO_WARNING, file, (long)o->line, 0, "norm.straddle",
                    _("the figure covers parts of two terms and is not a count over time, so it cannot "
                      "be split: it is given to term '%s', which holds most of it"),
                    ds_str(ds, t->code));
    item *it = new_item(c);
    if (!it)
        return;
    it->unit = o->unit;
    it->term = best;
    it->indicator = o->indicator;
    it->basis = o->basis;
    it->start = s;
    it->end = e;
    it->years = days_years(max32(s, t->start.day), min32(e, t->end.day));
    it->v = v;
    it->point = o->point;
    it->flags = CHISO_NORM_ASSIGNED;
    it->obs_off = off;
    it->obs_n = 1;
    it->scheme = o->scheme;
    (void)total_ov;
}

/* ---- rating figures to "at or above" items ----------------------------------------------------- */

/* Category items of one unit, indicator, term, basis and span belong together. */
static int cat_cmp(const void *a, const void *b)
{
    const item *p = a, *q = b;
    if (p->unit != q->unit)
        return p->unit < q->unit ? -1 : 1;
    if (p->indicator != q->indicator)
        return p->indicator < q->indicator ? -1 : 1;
    if (p->term != q->term)
        return p->term < q->term ? -1 : 1;
    if (p->basis != q->basis)
        return p->basis < q->basis ? -1 : 1;
    if (p->start != q->start)
        return p->start < q->start ? -1 : 1;
    return (p->end > q->end) - (p->end < q->end);
}

/* Items of single rating categories (not "trở lên", not parts) of one unit, indicator, basis and
 * span are summed level by level into at-or-above items; the category items are then dropped. */
void derive_levels(nctx *c)
{
    size_t m = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].level < 0)
            m++;
    if (m == 0)
        return;
    item *cats = malloc(m * sizeof *cats);
    if (!cats) {
        c->oom = 1;
        return;
    }
    size_t w = 0, k0 = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->items[i].level < 0)
            cats[k0++] = c->items[i];
        else
            c->items[w++] = c->items[i];
    }
    c->n = w;
    qsort(cats, m, sizeof *cats, cat_cmp);
    size_t g = 0;
    while (g < m && !c->oom) {
        size_t h = g + 1;
        while (h < m && cat_cmp(&cats[g], &cats[h]) == 0)
            h++;
        for (int k = 4; k >= 1; k--) {
            int present = 0;
            for (size_t j = g; j < h; j++)
                if (-cats[j].level == k)
                    present = 1;
            if (!present)
                continue;
            /* "k or better" is the sum of categories k to 4: when one of the higher ones is not given
             * for the period, the sum is only a lower bound ("yếu kém: 0" alone says nothing of how
             * many were rated at level 1 or better) */
            int higher_missing = 0;
            for (int j = k + 1; j <= 4; j++) {
                int has = 0;
                for (size_t q = g; q < h; q++)
                    has |= -cats[q].level == j;
                higher_missing |= !has;
            }
            chiso_interval sum = chiso_interval_point(0);
            double pt = 0;
            unsigned flags = 0;
            size_t used = 0, off = c->nol, no = 0;
            for (size_t j = g; j < h; j++) {
                const item *q = &cats[j];
                if (-q->level < k)
                    continue;
                sum = chiso_interval_add(sum, q->v);
                pt += q->point;
                flags |= q->flags;
                used++;
                /* copy the list first: growing c->ol may move the source */
                long tmp[16];
                size_t nq = q->obs_n < 16 ? q->obs_n : 16;
                memcpy(tmp, c->ol + q->obs_off, nq * sizeof *tmp);
                if (add_obs_list(c, tmp, nq, &off) != 0)
                    break;
                no += nq;
            }
            if (c->oom)
                break;
            off = c->nol - no; /* the lists just added are contiguous */
            const ds_indicator *I = ind_of(c->ds, cats[g].indicator);
            /* shares written with decimals add up with rounding errors (67,9 + 11,9 + 20,2 is
             * 100.00000000000001 in binary): only a sum beyond 100 by more than that is an error */
            if (I->measure == CHISO_MEASURE_SHARE && sum.hi > 100) {
                if (sum.lo > 100 + 1e-9) {
                    const ds_obs *o = &c->ds->obs[c->ol[off]];
                    chiso_diags_add(c->diags, CHISO_ERROR, ds_file(c->ds, o->file), (long)o->line, 0,
                                    "norm.shares_sum", "%s",
                                    _("the shares of the rating categories of this period add up to more "
                                      "than 100%"));
                }
                sum.hi = 100;
                sum.hi_open = 0;
                if (sum.lo > 100) { /* never an interval whose ends cross */
                    sum.lo = 100;
                    sum.lo_open = 0;
                }
                if (pt > 100 && pt <= 100 + 1e-9)
                    pt = 100;
            }
            if (higher_missing) {
                sum.hi = I->measure == CHISO_MEASURE_SHARE ? 100 : INFINITY;
                sum.hi_open = I->measure != CHISO_MEASURE_SHARE;
                flags |= CHISO_NORM_INEXACT;
            }
            item *it = new_item(c);
            if (!it)
                break;
            *it = cats[g];
            it->level = k;
            it->v = sum;
            it->point = pt;
            it->flags = flags | (used > 1 ? CHISO_NORM_DERIVED : 0);
            it->obs_off = off;
            it->obs_n = no;
        }
        g = h;
    }
    free(cats);
}

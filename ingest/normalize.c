/*
 * ingest/normalize.c — one comparable row per unit, term, indicator, basis and rating level.
 *
 * 1. Each figure is placed in the term(s) it covers: inside a term (allowing a slack of some days at
 *    the ends, since reports round periods to years), split by time across terms when it is a flow
 *    that straddles them, or given to the term holding most of it (with a warning) otherwise.
 * 2. Rating figures become "share (or count) at or above level k" items: a figure written "… trở lên"
 *    is one directly; figures of single categories of one period are added up level by level.
 * 3. The items of one group are combined: nested flow figures are never added (the widest counts and
 *    the parts are checked against it), disjoint ones are added, partly overlapping ones are a
 *    warning; rates and levels are averaged by years or take the latest level.
 * 4. Coverage, annual rate, projection at the same pace and the rate per 100 members per year follow.
 */
#include "ingest/dataset_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void chiso_norm_opts_default(chiso_norm_opts *o)
{
    memset(o, 0, sizeof *o);
    o->boundary_slack_days = 45;
}

/* A figure (or a part of one) placed in a term. */
typedef struct item {
    long unit, term, indicator;
    int basis, level;       /* level: at or above k; 0 for a "trong đó" part (label) */
    uint32_t label;         /* part_of items: their own rating label */
    int32_t start, end;     /* days, clipped to the term for split figures */
    double years;
    chiso_interval v;
    double point;
    unsigned flags;
    size_t obs_off, obs_n;  /* into the obs list */
    uint32_t scheme;
} item;

struct chiso_normalized {
    chiso_norm_row *rows;
    size_t n, cap;
    long *obs;              /* all obs lists */
    size_t n_obs, cap_obs;
    char **strings;         /* sources strings owned */
    size_t n_strings, cap_strings;
};

typedef struct nctx {
    const chiso_dataset *ds;
    const chiso_norm_opts *opts;
    chiso_diags *diags;
    item *items;
    size_t n, cap;
    long *ol;               /* obs lists of items */
    size_t nol, capol;
    int oom;
} nctx;

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

static double days_years(int32_t a, int32_t b)
{
    return chiso_span_years(a, b);
}

static const ds_indicator *ind_of(const chiso_dataset *ds, long i)
{
    return &ds->inds[i];
}

/* ---- membership -------------------------------------------------------------------------------- */

typedef struct mpoint {
    int32_t day;
    double lo, hi, pt;
    int lo_open;           /* "hơn 4.000": the membership is above the bound, not at it */
} mpoint;

static int mpoint_cmp(const void *a, const void *b)
{
    const mpoint *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

/* Point figures of members for unit u, in time order; caller frees. *oom (may be NULL) tells when
 * memory ran out (then 0 is returned). */
static size_t member_points(const chiso_dataset *ds, long u, mpoint **out, int *oom)
{
    long mi = chiso_dataset_find_indicator(ds, "members");
    *out = NULL;
    if (oom)
        *oom = 0;
    if (mi < 0)
        return 0;
    size_t n = 0, cap = 0;
    mpoint *pts = NULL;
    for (size_t i = 0; i < ds->n_obs; i++) {
        const ds_obs *o = &ds->obs[i];
        if ((long)o->unit != u || (long)o->indicator != mi || o->basis != CHISO_BASIS_POINT)
            continue;
        if (chiso_grow((void **)&pts, &cap, n + 1, sizeof *pts) != 0) {
            free(pts);
            if (oom)
                *oom = 1;
            return 0;
        }
        pts[n].day = o->end.day;
        pts[n].lo = o->lo;
        pts[n].hi = o->hi;
        pts[n].pt = o->point;
        pts[n].lo_open = o->lo_open;
        n++;
    }
    if (n > 1)
        qsort(pts, n, sizeof *pts, mpoint_cmp);
    *out = pts;
    return n;
}

/* The point figures of members of every unit in one pass over the figures (not one pass per unit):
 * mps[u] (caller frees each) holds nmps[u] points in time order. Returns 0, or -1 when out of memory. */
/* The membership figures of every unit in time order; with an as-of date only those known by then
 * (a later figure must not shape the rates of an earlier analysis). */
static int all_member_points(const chiso_dataset *ds, const chiso_norm_opts *opts, mpoint **mps, size_t *nmps)
{
    long mi = chiso_dataset_find_indicator(ds, "members");
    if (mi < 0)
        return 0;
#define MEMBER_POINT(o)                                                                                   \
    ((long)(o)->indicator == mi && (o)->basis == CHISO_BASIS_POINT &&                                     \
     !(opts->has_as_of && (o)->end.day > opts->as_of))
    for (size_t i = 0; i < ds->n_obs; i++) {
        const ds_obs *o = &ds->obs[i];
        if (MEMBER_POINT(o))
            nmps[o->unit]++;
    }
    for (size_t u = 0; u < ds->n_units; u++) {
        if (nmps[u] && !(mps[u] = malloc(nmps[u] * sizeof *mps[u])))
            return -1;
        nmps[u] = 0;
    }
    for (size_t i = 0; i < ds->n_obs; i++) {
        const ds_obs *o = &ds->obs[i];
        if (!MEMBER_POINT(o))
            continue;
        mpoint *p = &mps[o->unit][nmps[o->unit]++];
        p->day = o->end.day;
        p->lo = o->lo;
        p->hi = o->hi;
        p->pt = o->point;
        p->lo_open = o->lo_open;
    }
#undef MEMBER_POINT
    for (size_t u = 0; u < ds->n_units; u++)
        if (nmps[u] > 1)
            qsort(mps[u], nmps[u], sizeof *mps[u], mpoint_cmp);
    return 0;
}

#define MEMBERS_EXTRAPOLATE_DAYS 366

static int interp3(const mpoint *p, size_t n, int32_t day, double *lo, double *hi, double *pt)
{
    if (n == 0)
        return 0;
    if (day <= p[0].day) {
        if (p[0].day - day > MEMBERS_EXTRAPOLATE_DAYS)
            return 0;
        *lo = p[0].lo;
        *hi = p[0].hi;
        *pt = p[0].pt;
        return 1;
    }
    if (day >= p[n - 1].day) {
        if (day - p[n - 1].day > MEMBERS_EXTRAPOLATE_DAYS)
            return 0;
        *lo = p[n - 1].lo;
        *hi = p[n - 1].hi;
        *pt = p[n - 1].pt;
        return 1;
    }
    for (size_t k = 1; k < n; k++) {
        if (day <= p[k].day) {
            double span = (double)(p[k].day - p[k - 1].day);
            double t = span > 0 ? (double)(day - p[k - 1].day) / span : 1.0;
            *lo = p[k - 1].lo + t * (p[k].lo - p[k - 1].lo);
            *hi = isinf(p[k - 1].hi) || isinf(p[k].hi) ? INFINITY : p[k - 1].hi + t * (p[k].hi - p[k - 1].hi);
            *pt = p[k - 1].pt + t * (p[k].pt - p[k - 1].pt);
            return 1;
        }
    }
    return 0;
}

static int interp(const mpoint *p, size_t n, int32_t day, double *lo, double *hi)
{
    double pt;
    return interp3(p, n, day, lo, hi, &pt);
}

int chiso_members_at(const chiso_dataset *ds, long unit, int32_t day, chiso_interval *out)
{
    return ds_members_at(ds, unit, day, out, NULL);
}

int ds_members_at(const struct chiso_dataset *ds, long unit, int32_t day, chiso_interval *out, int *oom)
{
    mpoint *p;
    size_t n = member_points(ds, unit, &p, oom);
    double lo, hi;
    int ok = interp(p, n, day, &lo, &hi);
    /* the lower end stays open when the figures it is made of are open there (a figure held flat, or
     * either knot of an interpolation with weight on it) */
    int lo_open = 0;
    if (ok && n) {
        if (day <= p[0].day)
            lo_open = p[0].lo_open;
        else if (day >= p[n - 1].day)
            lo_open = p[n - 1].lo_open;
        else
            for (size_t k = 1; k < n; k++)
                if (day <= p[k].day) {
                    lo_open = (day < p[k].day && p[k - 1].lo_open) || (day > p[k - 1].day && p[k].lo_open);
                    break;
                }
    }
    free(p);
    if (!ok)
        return 0;
    *out = (chiso_interval){lo, hi, lo_open, isinf(hi) ? 1 : 0};
    return 1;
}

/* Mean membership over [a, b]: the piecewise-linear interpolation integrated exactly (trapezoids at
 * the knots inside the span). */
static int members_mean(const mpoint *p, size_t n, int32_t a, int32_t b, chiso_interval *out, double *point)
{
    double lo0, hi0, pt0, lo1, hi1, pt1;
    if (!interp3(p, n, a, &lo0, &hi0, &pt0) || !interp3(p, n, b, &lo1, &hi1, &pt1))
        return 0;
    if (b <= a) {
        *out = (chiso_interval){lo0, hi0, 0, isinf(hi0)};
        *point = pt0;
        return 1;
    }
    double slo = 0, shi = 0, spt = 0;
    int32_t prev = a;
    double plo = lo0, phi = hi0, ppt = pt0;
    for (size_t k = 0; k <= n; k++) {
        int32_t d = k < n ? p[k].day : b;
        if (d <= prev)
            continue;
        if (d > b)
            d = b;
        double clo, chi, cpt;
        interp3(p, n, d, &clo, &chi, &cpt);
        double w = (double)(d - prev);
        slo += w * (plo + clo) / 2;
        shi += w * (phi + chi) / 2;
        spt += w * (ppt + cpt) / 2;
        prev = d;
        plo = clo;
        phi = chi;
        ppt = cpt;
        if (d == b)
            break;
    }
    double len = (double)(b - a);
    *out = (chiso_interval){slo / len, isinf(shi) ? INFINITY : shi / len, 0, isinf(shi) ? 1 : 0};
    *point = spt / len;
    return 1;
}

/* ---- placing figures in terms ------------------------------------------------------------------ */

static int32_t max32(int32_t a, int32_t b) { return a > b ? a : b; }
static int32_t min32(int32_t a, int32_t b) { return a < b ? a : b; }

static void place(nctx *c, size_t oi, const long *terms, size_t nt)
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
static void derive_levels(nctx *c)
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

/* ---- combining the items of a group ------------------------------------------------------------ */

static int item_key_cmp(const void *a, const void *b)
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
    if (p->level != q->level)
        return p->level < q->level ? -1 : 1;
    if (p->label != q->label)
        return p->label < q->label ? -1 : 1;
    /* widest first, then by start */
    int32_t lp = p->end - p->start, lq = q->end - q->start;
    if (lp != lq)
        return lp > lq ? -1 : 1;
    if (p->start != q->start)
        return p->start < q->start ? -1 : 1;
    /* figures of the same span: by value, so that nothing depends on the order of the rows */
    if (p->v.lo != q->v.lo)
        return p->v.lo < q->v.lo ? -1 : 1;
    if (p->v.hi != q->v.hi)
        return p->v.hi < q->v.hi ? -1 : 1;
    if (p->v.lo_open != q->v.lo_open)
        return p->v.lo_open < q->v.lo_open ? -1 : 1;
    if (p->v.hi_open != q->v.hi_open)
        return p->v.hi_open < q->v.hi_open ? -1 : 1;
    if (p->point != q->point)
        return p->point < q->point ? -1 : 1;
    return 0;
}

static int same_group(const item *p, const item *q)
{
    return p->unit == q->unit && p->indicator == q->indicator && p->term == q->term && p->basis == q->basis &&
           p->level == q->level && p->label == q->label;
}

static chiso_status add_row(chiso_normalized *out, const chiso_norm_row *row)
{
    if (chiso_grow((void **)&out->rows, &out->cap, out->n + 1, sizeof *out->rows) != 0)
        return CHISO_ENOMEM;
    out->rows[out->n++] = *row;
    return CHISO_OK;
}

/* "FILE:LINE", or the cell of a workbook's row (chiso_place_format); kept out of line so that its
 * buffer does not weigh on the frame of combine_group */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void put_place(chiso_buf *b, const char *file, long line)
{
    char place[1024];
    chiso_buf_puts(b, chiso_place_format(file, line, 0, place, sizeof place));
}

/* The diagnostics of a figure against another (wo), whose place is written as chiso_place_format does
 * (a workbook's cell); out of line, so that the place's buffer is not on combine_group's frame. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void diag_against(chiso_diags *d, const chiso_dataset *ds, const ds_obs *po, const ds_obs *wo, int overlap)
{
    char place[1024];
    chiso_place_format(ds_file(ds, wo->file), (long)wo->line, 0, place, sizeof place);
    if (overlap)
        chiso_diags_add(d, CHISO_WARNING, ds_file(ds, po->file), (long)po->line, 0, "norm.overlap",
                        _("this figure partly overlaps the period of the figure at %s: only that "
                          "one is used for the term"),
                        place);
    else
        chiso_diags_add(d, CHISO_ERROR, ds_file(ds, po->file), (long)po->line, 0, "norm.part_exceeds",
                        _("this figure (%s) covers part of the period of the figure at %s "
                          "(%s) but is larger than it"),
                        ds_str(ds, po->raw), place, ds_str(ds, wo->raw));
}

static char *own_string(chiso_normalized *out, char *s)
{
    if (!s)
        return NULL;
    if (chiso_grow((void **)&out->strings, &out->cap_strings, out->n_strings + 1, sizeof *out->strings) != 0) {
        free(s);
        return NULL;
    }
    out->strings[out->n_strings++] = s;
    return s;
}

int chiso_projection_supported(double coverage_years, double term_years)
{
    return coverage_years >= CHISO_PROJECT_MIN_YEARS - 1e-9 &&
           coverage_years >= CHISO_PROJECT_MIN_SHARE * term_years - 1e-9;
}

static chiso_status combine_group(nctx *c, chiso_normalized *out, item *g, size_t n,
                                  const mpoint *mp, size_t nmp)
{
    const chiso_dataset *ds = c->ds;
    const ds_indicator *I = ind_of(ds, g[0].indicator);
    const ds_term *T = &ds->terms[g[0].term];
    int is_flow = I->kind == CHISO_KIND_FLOW;
    chiso_norm_row row;
    memset(&row, 0, sizeof row);
    unsigned flags = 0;
    /* chosen items: disjoint, widest first */
    size_t *chosen = malloc(n * sizeof *chosen);
    long *used_obs = NULL;
    size_t n_used = 0, cap_used = 0;
    if (!chosen)
        return CHISO_ENOMEM;
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        const item *it = &g[i];
        int nested_in = -1, overlaps = -1;
        for (size_t k = 0; k < nc; k++) {
            const item *w = &g[chosen[k]];
            if (it->start >= w->start && it->end <= w->end) {
                nested_in = (int)k;
                break;
            }
            if (it->start <= w->end && it->end >= w->start)
                overlaps = (int)k;
        }
        if (it->basis == CHISO_BASIS_POINT) {
            /* levels: the latest counts (items are widest-first; all points have zero width) */
            if (nc == 0 || it->end > g[chosen[0]].end)
                chosen[0] = i, nc = 1;
            continue;
        }
        if (nested_in >= 0) {
            item *w = &g[chosen[nested_in]];
            flags |= CHISO_NORM_NESTED;
            /* a figure of the very same span is not a part: chiso_dataset_check reports it as a
             * duplicate or a conflict. Both hold, so the term takes their intersection (the hull when
             * they conflict): no result depends on which row came first */
            int same_span = it->start == w->start && it->end == w->end;
            if (same_span) {
                chiso_interval m = w->v, h = w->v, v = it->v;
                if (v.lo > m.lo || (v.lo == m.lo && v.lo_open)) {
                    m.lo = v.lo;
                    m.lo_open = v.lo_open;
                }
                if (v.hi < m.hi || (v.hi == m.hi && v.hi_open)) {
                    m.hi = v.hi;
                    m.hi_open = v.hi_open;
                }
                if (v.lo < h.lo || (v.lo == h.lo && !v.lo_open)) {
                    h.lo_open = v.lo == h.lo ? 0 : v.lo_open;
                    h.lo = v.lo;
                }
                if (v.hi > h.hi || (v.hi == h.hi && !v.hi_open)) {
                    h.hi_open = v.hi == h.hi ? 0 : v.hi_open;
                    h.hi = v.hi;
                }
                int empty = m.lo > m.hi || (m.lo == m.hi && (m.lo_open || m.hi_open));
                w->v = empty ? h : m;
                /* the point: the narrower figure's (items are sorted by value on a tie, so the same
                 * whatever the order of the rows) */
                if (!empty && (it->v.hi - it->v.lo < w->v.hi - w->v.lo || w->point < w->v.lo || w->point > w->v.hi))
                    w->point = it->point;
                if (!empty && (w->point < w->v.lo || w->point > w->v.hi))
                    w->point = isinf(w->v.hi) ? w->v.lo : (w->v.lo + w->v.hi) / 2;
                if (empty)
                    w->flags |= CHISO_NORM_INEXACT;
            }
            if (is_flow && it->basis == CHISO_BASIS_TOTAL && w->basis == CHISO_BASIS_TOTAL && !same_span) {
                /* the part is checked against the whole figure as reported, never against a term's
                 * estimated share of it (a split figure): a share is not a bound */
                const ds_obs *po = &ds->obs[c->ol[it->obs_off]];
                const ds_obs *wo = &ds->obs[c->ol[w->obs_off]];
                int inside = po->start.day >= wo->start.day && po->end.day <= wo->end.day;
                int part_bigger = inside && (po->lo > wo->hi || (po->lo == wo->hi && (po->lo_open || wo->hi_open) &&
                                                                 !isinf(wo->hi)));
                if (part_bigger) {
                    diag_against(c->diags, ds, po, wo, 0);
                }
            }
            continue;
        }
        if (overlaps >= 0) {
            const item *w = &g[chosen[overlaps]];
            const ds_obs *po = &ds->obs[c->ol[it->obs_off]];
            const ds_obs *wo = &ds->obs[c->ol[w->obs_off]];
            diag_against(c->diags, ds, po, wo, 1);
            flags |= CHISO_NORM_OVERLAP;
            continue;
        }
        chosen[nc++] = i;
    }
    /* value over the chosen items */
    chiso_interval total = chiso_interval_point(0), hull = g[chosen[0]].v;
    double pt = 0, years = 0;
    double wsum_lo = 0, wsum_hi = 0, wpt = 0;
    int32_t cs = g[chosen[0]].start, ce = g[chosen[0]].end;
    int hi_open_any = 0, lo_open_any = 0;
    for (size_t k = 0; k < nc; k++) {
        const item *it = &g[chosen[k]];
        flags |= it->flags;
        total = chiso_interval_add(total, it->v);
        pt += it->point;
        years += it->years;
        double w = it->years > 0 ? it->years : 1;
        wsum_lo += w * it->v.lo;
        wsum_hi += w * it->v.hi;
        wpt += w * it->point;
        hi_open_any |= it->v.hi_open;
        lo_open_any |= it->v.lo_open;
        if (it->v.lo < hull.lo || (it->v.lo == hull.lo && it->v.lo_open)) {
            hull.lo = it->v.lo;
            hull.lo_open = it->v.lo_open;
        }
        if (it->v.hi > hull.hi || (it->v.hi == hull.hi && it->v.hi_open)) {
            hull.hi = it->v.hi;
            hull.hi_open = it->v.hi_open;
        }
        cs = min32(cs, it->start);
        ce = max32(ce, it->end);
        for (size_t t = 0; t < it->obs_n; t++) {
            if (chiso_grow((void **)&used_obs, &cap_used, n_used + 1, sizeof *used_obs) != 0) {
                free(chosen);
                free(used_obs);
                return CHISO_ENOMEM;
            }
            used_obs[n_used++] = c->ol[it->obs_off + t];
        }
    }
    if (nc > 1)
        flags |= is_flow && g[0].basis == CHISO_BASIS_TOTAL ? CHISO_NORM_SUMMED : CHISO_NORM_AVERAGED;
    double wtot = 0;
    for (size_t k = 0; k < nc; k++)
        wtot += g[chosen[k]].years > 0 ? g[chosen[k]].years : 1;

    row.unit_index = g[0].unit;
    row.term_index = g[0].term;
    row.indicator_index = g[0].indicator;
    row.unit = ds_str(ds, ds->units[g[0].unit].code);
    row.term = ds_str(ds, T->code);
    row.indicator = ds_str(ds, I->code);
    row.basis = (chiso_basis)g[0].basis;
    row.level = g[0].level;
    row.term_years = days_years(T->start.day, T->end.day);
    row.cover_start = cs;
    row.cover_end = ce;
    row.scheme = ds_str(ds, g[chosen[0]].scheme);
    if (g[0].label)
        row.rating = ds_str(ds, g[0].label);
    else if (n_used == 1 && ds->obs[used_obs[0]].rating)
        row.rating = ds_str(ds, ds->obs[used_obs[0]].rating);

    if (g[0].basis == CHISO_BASIS_POINT) {
        row.value = hull;
        row.point = g[chosen[0]].point;
        row.coverage_years = days_years(T->start.day, min32(g[chosen[0]].end, T->end.day));
        row.cover_start = T->start.day;
    } else if (is_flow) {
        row.coverage_years = years;
        chiso_interval annual;
        if (g[0].basis == CHISO_BASIS_TOTAL) {
            row.value = total;
            row.point = pt;
            annual = years > 0 ? chiso_interval_scale(total, 1.0 / years) : total;
        } else {
            /* annual_mean: years-weighted mean; each_year: every year lies in the hull */
            if (g[0].basis == CHISO_BASIS_ANNUAL_MEAN)
                annual = (chiso_interval){wsum_lo / wtot, wsum_hi / wtot, (unsigned char)lo_open_any,
                                          (unsigned char)hi_open_any};
            else
                annual = hull;
            if (isinf(annual.hi))
                annual.hi_open = 1;
            row.value = chiso_interval_scale(annual, years > 0 ? years : 1);
            row.point = (wpt / wtot) * (years > 0 ? years : 1);
        }
        row.has_annual = 1;
        row.annual = annual;
        double per100_years = years;
        if (years > 0 && years < row.term_years - 0.25) {
            flags |= CHISO_NORM_PARTIAL;
            /* a whole-term total at the same pace only where the figures cover enough of the term to
             * have a pace, and never for one-off counts */
            if (!I->irregular && chiso_projection_supported(years, row.term_years)) {
                row.has_projected = 1;
                row.projected = chiso_interval_scale(annual, row.term_years);
            }
        }
        chiso_interval mem;
        double mem_pt;
        if (per100_years > 0 && members_mean(mp, nmp, cs, ce, &mem, &mem_pt) && mem.lo > 0) {
            row.has_members = 1;
            row.members = mem;
            row.members_point = mem_pt;
            chiso_interval per;
            if (chiso_interval_div(chiso_interval_scale(annual, 100.0), mem, &per)) {
                row.has_per100 = 1;
                row.per100 = per;
                double annual_pt = years > 0 ? row.point / years : row.point;
                row.per100_point = mem_pt > 0 ? annual_pt * 100.0 / mem_pt : NAN;
            }
        }
    } else {
        /* stocks and rates over spans: mean by years (annual_mean, total) or hull (each_year) */
        row.coverage_years = years;
        if (g[0].basis == CHISO_BASIS_EACH_YEAR)
            row.value = hull;
        else
            row.value = (chiso_interval){wsum_lo / wtot, wsum_hi / wtot, (unsigned char)lo_open_any,
                                         (unsigned char)hi_open_any};
        if (isinf(row.value.hi))
            row.value.hi_open = 1;
        row.point = wpt / wtot;
        if (years > 0 && years < row.term_years - 0.25)
            flags |= CHISO_NORM_PARTIAL;
    }
    if (!chiso_interval_is_point(row.value))
        flags |= CHISO_NORM_INEXACT;
    /* sources and crosswalk marks */
    chiso_buf src;
    chiso_buf_init(&src);
    for (size_t k = 0; k < n_used; k++) {
        const ds_obs *o = &ds->obs[used_obs[k]];
        if (o->flags & CHISO_OBS_INEXACT_XWALK)
            flags |= CHISO_NORM_XWALK;
        if (o->flags & CHISO_OBS_BASE_UNKNOWN)
            flags |= CHISO_NORM_BASE_UNKNOWN;
        if (k)
            chiso_buf_puts(&src, "; ");
        if (o->source) {
            chiso_buf_puts(&src, ds_str(ds, o->source));
            if (o->locator)
                chiso_buf_printf(&src, " %s", ds_str(ds, o->locator));
        } else {
            put_place(&src, ds_file(ds, o->file), (long)o->line);
        }
    }
    row.flags = flags;
    row.sources = own_string(out, chiso_buf_take(&src));
    /* obs list */
    size_t off = out->n_obs;
    chiso_status st = CHISO_OK;
    if (chiso_grow((void **)&out->obs, &out->cap_obs, out->n_obs + n_used, sizeof *out->obs) != 0) {
        st = CHISO_ENOMEM;
    } else {
        memcpy(out->obs + off, used_obs, n_used * sizeof *used_obs);
        out->n_obs += n_used;
        row.n_obs = n_used;
        row.obs = (const long *)(uintptr_t)off; /* fixed up to a pointer at the end */
        if (!row.sources)
            st = CHISO_ENOMEM;
        else
            st = add_row(out, &row);
    }
    free(chosen);
    free(used_obs);
    return st;
}

/* Rows in a stable order: unit, indicator, level, label, basis, term start. */
typedef struct row_key {
    chiso_norm_row row;
    int32_t term_start;
} row_key;

static int row_cmp(const void *a, const void *b)
{
    const row_key *x = a, *y = b;
    const chiso_norm_row *p = &x->row, *q = &y->row;
    if (p->unit_index != q->unit_index)
        return p->unit_index < q->unit_index ? -1 : 1;
    if (p->indicator_index != q->indicator_index)
        return p->indicator_index < q->indicator_index ? -1 : 1;
    if (p->level != q->level)
        return p->level > q->level ? -1 : 1;
    int rc = strcmp(p->rating && p->level == 0 ? p->rating : "", q->rating && q->level == 0 ? q->rating : "");
    if (rc)
        return rc;
    if (p->basis != q->basis)
        return p->basis < q->basis ? -1 : 1;
    return (x->term_start > y->term_start) - (x->term_start < y->term_start);
}

static int sort_rows(const chiso_dataset *ds, chiso_normalized *res)
{
    if (res->n < 2)
        return 0;
    row_key *keys = malloc(res->n * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t i = 0; i < res->n; i++) {
        keys[i].row = res->rows[i];
        keys[i].term_start = ds->terms[res->rows[i].term_index].start.day;
    }
    qsort(keys, res->n, sizeof *keys, row_cmp);
    for (size_t i = 0; i < res->n; i++)
        res->rows[i] = keys[i].row;
    free(keys);
    return 0;
}

chiso_status chiso_normalize(const chiso_dataset *ds, const chiso_norm_opts *opts, chiso_diags *diags,
                             chiso_normalized **out, chiso_error *err)
{
    if (!ds || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    chiso_norm_opts defaults;
    if (!opts) {
        chiso_norm_opts_default(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    chiso_diags *own_diags = NULL;
    if (!diags) {
        own_diags = chiso_diags_new();
        if (!own_diags)
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        diags = own_diags;
    }
    chiso_status st = CHISO_OK;
    nctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.opts = opts;
    c.diags = diags;
    chiso_normalized *res = calloc(1, sizeof *res);
    long *terms = NULL;
    mpoint **mps = NULL;
    size_t *nmps = NULL;
    if (!res)
        goto oom;
    terms = malloc((ds->n_terms ? ds->n_terms : 1) * sizeof *terms);
    mps = calloc(ds->n_units ? ds->n_units : 1, sizeof *mps);
    nmps = calloc(ds->n_units ? ds->n_units : 1, sizeof *nmps);
    if (!terms || !mps || !nmps)
        goto oom;
    /* terms of each unit, computed once per unit */
    long cur_unit = -1;
    size_t nt = 0;
    /* observations are mostly grouped by unit; recompute the term list when the unit changes */
    for (size_t i = 0; i < ds->n_obs && !c.oom; i++) {
        const ds_obs *o = &ds->obs[i];
        if (opts->has_as_of && o->end.day > opts->as_of)
            continue;
        if ((long)o->unit != cur_unit) {
            cur_unit = (long)o->unit;
            nt = chiso_dataset_effective_terms(ds, cur_unit, terms, ds->n_terms);
        }
        const ds_indicator *I = ind_of(ds, o->indicator);
        size_t before = c.n;
        place(&c, i, terms, nt);
        /* rating categories get a negative level until derive_levels sums them */
        for (size_t k = before; k < c.n; k++) {
            item *it = &c.items[k];
            if (strstr(ds_str(ds, I->code), "_rating_")) {
                if (o->flags & CHISO_OBS_PART) {
                    it->level = 0;
                    it->label = o->rating;
                } else if (o->flags & CHISO_OBS_AT_OR_ABOVE) {
                    it->level = o->level;
                } else {
                    it->level = -(int)o->level;
                }
            }
        }
    }
    if (c.oom)
        goto oom;
    derive_levels(&c);
    if (c.oom)
        goto oom;
    if (c.n > 1) /* c.items is NULL when no figure was placed */
        qsort(c.items, c.n, sizeof *c.items, item_key_cmp);
    if (all_member_points(ds, opts, mps, nmps) != 0)
        goto oom;
    size_t g = 0;
    while (g < c.n) {
        size_t h = g + 1;
        while (h < c.n && same_group(&c.items[g], &c.items[h]))
            h++;
        long u = c.items[g].unit;
        st = combine_group(&c, res, &c.items[g], h - g, mps[u], nmps[u]);
        if (st != CHISO_OK)
            goto oom;
        g = h;
    }
    if (sort_rows(ds, res) != 0)
        goto oom;
    for (size_t i = 0; i < res->n; i++)
        res->rows[i].obs = res->obs + (uintptr_t)res->rows[i].obs;
    if (chiso_diags_lost(diags)) /* a finding could not be stored: never an incomplete list */
        goto oom;
    *out = res;
    res = NULL;
    goto done;
oom:
    st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
done:
    chiso_normalized_free(res);
    if (mps)
        for (size_t u = 0; u < ds->n_units; u++)
            free(mps[u]);
    free(mps);
    free(nmps);
    free(terms);
    free(c.items);
    free(c.ol);
    chiso_diags_free(own_diags);
    return st;
}

void chiso_normalized_free(chiso_normalized *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n_strings; i++)
        free(n->strings[i]);
    free(n->strings);
    free(n->rows);
    free(n->obs);
    free(n);
}

size_t chiso_normalized_count(const chiso_normalized *n)
{
    return n ? n->n : 0;
}

const chiso_norm_row *chiso_normalized_get(const chiso_normalized *n, size_t i)
{
    return n && i < n->n ? &n->rows[i] : NULL;
}

const chiso_norm_row *chiso_normalized_find(const chiso_normalized *n, long unit, long term, long indicator,
                                            chiso_basis basis, int level)
{
    for (size_t i = 0; n && i < n->n; i++) {
        const chiso_norm_row *r = &n->rows[i];
        if (r->unit_index == unit && r->term_index == term && r->indicator_index == indicator &&
            r->level == level && (basis == CHISO_BASIS_NONE || r->basis == basis))
            return r;
    }
    return NULL;
}

char *chiso_norm_flags_format(unsigned flags, char *buf, size_t size)
{
    static const struct {
        unsigned f;
        const char *name;
    } names[] = {{CHISO_NORM_PARTIAL, "partial"},   {CHISO_NORM_SPLIT, "split"},
                 {CHISO_NORM_ASSIGNED, "assigned"}, {CHISO_NORM_NESTED, "nested"},
                 {CHISO_NORM_OVERLAP, "overlap"},   {CHISO_NORM_INEXACT, "inexact"},
                 {CHISO_NORM_XWALK, "crosswalk"},   {CHISO_NORM_SUMMED, "summed"},
                 {CHISO_NORM_AVERAGED, "averaged"}, {CHISO_NORM_DERIVED, "derived"},
                 {CHISO_NORM_BASE_UNKNOWN, "base_unknown"}};
    size_t o = 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; i < CHISO_ARRAY_LEN(names); i++)
        if (flags & names[i].f) {
            int w = snprintf(buf + o, size > o ? size - o : 0, "%s%s", o ? ";" : "", names[i].name);
            if (w > 0)
                o += (size_t)w;
        }
    return buf;
}

/* ---- output ------------------------------------------------------------------------------------ */

char *chiso_normalized_to_csv(const chiso_normalized *n, const chiso_dataset *ds)
{
    (void)ds;
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "unit,term,indicator,basis,term_years,coverage_years,value_lo,value_hi,value,annual_lo,"
                       "annual_hi,projected_lo,projected_hi,per100_lo,per100_hi,flags,sources,rating,level,"
                       "scheme,value_lo_open,value_hi_open\n");
    for (size_t i = 0; n && i < n->n; i++) {
        const chiso_norm_row *r = &n->rows[i];
        char flags[256];
        chiso_csv_field(&b, r->unit);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->term);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->indicator);
        chiso_buf_printf(&b, ",%s,", chiso_basis_name(r->basis));
        chiso_csv_num(&b, r->term_years);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->coverage_years);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->value.lo);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->value.hi);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->point);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_annual ? r->annual.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_annual ? r->annual.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_projected ? r->projected.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_projected ? r->projected.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_per100 ? r->per100.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_per100 ? r->per100.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, chiso_norm_flags_format(r->flags, flags, sizeof flags));
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->sources);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->rating);
        chiso_buf_puts(&b, ",");
        if (r->level)
            chiso_buf_printf(&b, "%d", r->level);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->scheme);
        chiso_buf_printf(&b, ",%d,%d\n", r->value.lo_open, r->value.hi_open);
    }
    return chiso_buf_take(&b);
}

char *chiso_normalized_to_json(const chiso_normalized *n, const chiso_dataset *ds)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "{\"rows\": [");
    for (size_t i = 0; n && i < n->n; i++) {
        const chiso_norm_row *r = &n->rows[i];
        char flags[256];
        chiso_buf_puts(&b, i ? ",\n  {" : "\n  {");
        chiso_buf_puts(&b, "\"unit\": ");
        chiso_json_str(&b, r->unit);
        chiso_buf_puts(&b, ", \"term\": ");
        chiso_json_str(&b, r->term);
        chiso_buf_puts(&b, ", \"indicator\": ");
        chiso_json_str(&b, r->indicator);
        chiso_buf_puts(&b, ", \"basis\": ");
        chiso_json_str(&b, chiso_basis_name(r->basis));
        chiso_buf_puts(&b, ", \"rating\": ");
        chiso_json_str(&b, r->rating);
        chiso_buf_puts(&b, ", \"level\": ");
        if (r->level)
            chiso_buf_printf(&b, "%d", r->level);
        else
            chiso_buf_puts(&b, "null");
        chiso_buf_puts(&b, ", \"term_years\": ");
        chiso_json_num(&b, r->term_years);
        chiso_buf_puts(&b, ", \"coverage_years\": ");
        chiso_json_num(&b, r->coverage_years);
        chiso_buf_puts(&b, ", \"value\": ");
        chiso_json_interval(&b, 1, r->value);
        chiso_buf_puts(&b, ", \"point\": ");
        chiso_json_num(&b, r->point);
        chiso_buf_puts(&b, ", \"annual\": ");
        chiso_json_interval(&b, r->has_annual, r->annual);
        chiso_buf_puts(&b, ", \"projected\": ");
        chiso_json_interval(&b, r->has_projected, r->projected);
        chiso_buf_puts(&b, ", \"per100\": ");
        chiso_json_interval(&b, r->has_per100, r->per100);
        chiso_buf_puts(&b, ", \"flags\": ");
        chiso_json_str(&b, chiso_norm_flags_format(r->flags, flags, sizeof flags));
        chiso_buf_puts(&b, ", \"sources\": [");
        for (size_t k = 0; k < r->n_obs; k++) {
            chiso_obs_info o;
            chiso_dataset_obs(ds, (size_t)r->obs[k], &o);
            chiso_buf_puts(&b, k ? ", {" : "{");
            chiso_buf_puts(&b, "\"file\": ");
            chiso_json_str(&b, o.file);
            chiso_buf_printf(&b, ", \"line\": %ld, \"source\": ", o.line);
            chiso_json_str(&b, o.source);
            chiso_buf_puts(&b, ", \"locator\": ");
            chiso_json_str(&b, o.locator);
            chiso_buf_puts(&b, ", \"quote\": ");
            chiso_json_str(&b, o.quote);
            chiso_buf_puts(&b, "}");
        }
        chiso_buf_puts(&b, "]}");
    }
    chiso_buf_puts(&b, "\n]}\n");
    return chiso_buf_take(&b);
}

/* ---- membership of every unit at once (ingest/util.h) ------------------------------------------ */

struct ds_members {
    size_t n_units;
    mpoint **mps;
    size_t *nmps;
};

void ds_members_free(ds_members *m)
{
    if (!m)
        return;
    for (size_t u = 0; m->mps && u < m->n_units; u++)
        free(m->mps[u]);
    free(m->mps);
    free(m->nmps);
    free(m);
}

ds_members *ds_members_new(const chiso_dataset *ds)
{
    ds_members *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->n_units = ds->n_units;
    m->mps = calloc(ds->n_units ? ds->n_units : 1, sizeof *m->mps);
    m->nmps = calloc(ds->n_units ? ds->n_units : 1, sizeof *m->nmps);
    chiso_norm_opts opts;
    memset(&opts, 0, sizeof opts);
    if (!m->mps || !m->nmps || all_member_points(ds, &opts, m->mps, m->nmps) != 0) {
        ds_members_free(m);
        return NULL;
    }
    return m;
}

int ds_members_get(const ds_members *m, long unit, int32_t day, chiso_interval *out)
{
    double lo, hi;
    if (unit < 0 || (size_t)unit >= m->n_units || !interp(m->mps[unit], m->nmps[unit], day, &lo, &hi))
        return 0;
    *out = (chiso_interval){lo, hi, 0, isinf(hi) ? 1 : 0};
    return 1;
}

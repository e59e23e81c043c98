/*
 * ingest/members.c — the membership of a unit on a day, interpolated between its point figures
 * (chiso_members_at), its mean over a span (the rate per 100 members), and the membership of every unit at
 * once (ds_members, ingest/util.h).
 */
#include "ingest/normalize_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- membership -------------------------------------------------------------------------------- */

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
int all_member_points(const chiso_dataset *ds, const chiso_norm_opts *opts, mpoint **mps, size_t *nmps)
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
int members_mean(const mpoint *p, size_t n, int32_t a, int32_t b, chiso_interval *out, double *point)
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
        /* d lies between a and b, which both interpolate (checked above), so this holds; the previous
         * values stand in should it not (and keep gcc's release build from seeing them unset) */
        double clo = plo, chi = phi, cpt = ppt;
        (void)interp3(p, n, d, &clo, &chi, &cpt);
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

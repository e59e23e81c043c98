/*
 * ingest/plausibility.c — figures far from what their unit and its sibling units usually report: a
 * typed extra zero ("12.470" for "1.247"), a share of 9,5% among years of 95%. Never an error: a
 * warning that names the usual range, so a clerk looks at the figure again.
 *
 * The method is the modified z-score of Iglewicz and Hoaglin (1993), robust to the outlier itself:
 *     M = 0.6745 (x − median) / MAD,   MAD = median |x_i − median|,
 * a figure is flagged when |M| > 3.5. When MAD is 0 (more than half the figures are equal) the mean
 * absolute deviation stands in for it, M = (x − median) / (1.253314 · MeanAD), as IBM SPSS does; when
 * that is 0 too every figure is equal and nothing is flagged. Figures are compared as rates: a share
 * as it is, a count of events per year of its period and, when the membership is known at the end of
 * every period compared, per member; a level (a stock) as it is. A group needs at least
 * PLAUS_MIN_FIGURES figures (the figure itself included), fewer say nothing. See docs/methods.md.
 */
#include "ingest/dataset_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLAUS_MIN_FIGURES 5
#define PLAUS_THRESHOLD 3.5
#define PLAUS_REL_FLOOR 0.10 /* the MAD is taken as at least a tenth of the median */
#define PLAUS_MIN_DIFF_COUNT 10.0 /* a count this close to the usual (in events) is never flagged */
#define PLAUS_MIN_DIFF_SHARE 5.0  /* nor a share this close (in percentage points) */

typedef struct pfig {
    size_t obs;
    double rate;   /* the figure as a rate */
    double factor; /* figure = rate · factor */
    int has_rate;
    int flagged;
} pfig;

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(double *v, size_t n)
{
    qsort(v, n, sizeof *v, dbl_cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Median, and the scale s such that M = (x − median) / s; 0 when every value is equal. */
static int robust_scale(const double *x, size_t n, double *med, double *scale)
{
    double *v = malloc(n * sizeof *v);
    if (!v)
        return -1;
    memcpy(v, x, n * sizeof *v);
    *med = median_of(v, n);
    double mean_ad = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = fabs(x[i] - *med);
        mean_ad += v[i];
    }
    mean_ad /= (double)n;
    double mad = median_of(v, n);
    free(v);
    if (mad > 0)
        *scale = mad / 0.6745;
    else
        *scale = 1.253314 * mean_ad;
    return 0;
}

static double modified_z(double x, double median, double scale)
{
    return scale > 0 ? (x - median) / scale : 0;
}

/* The rate of figure o: see the top of the file. per_member asks for the rate per member. */
static int rate_of(const chiso_dataset *ds, const ds_members *mem, const ds_obs *o, int per_member, double *rate,
                   double *factor)
{
    const ds_indicator *I = &ds->inds[o->indicator];
    double f = 1;
    if (I->measure == CHISO_MEASURE_SHARE || I->kind != CHISO_KIND_FLOW) {
        *rate = o->point;
        *factor = 1;
        return 1;
    }
    if (o->basis == CHISO_BASIS_TOTAL) {
        double years = chiso_span_years(o->start.day, o->end.day);
        if (!(years > 0))
            return 0;
        f = years;
    }
    if (per_member) {
        chiso_interval m;
        if (!ds_members_get(mem, (long)o->unit, o->end.day, &m) || !(m.lo > 0) || !isfinite(m.hi))
            return 0;
        f *= (m.lo + m.hi) / 2;
    }
    *rate = o->point / f;
    *factor = f;
    return 1;
}

/* Is the figure one that may be compared: a plain figure (not a part of a breakdown that is not
 * kept apart by its key), its value a number. */
static int comparable(const ds_obs *o)
{
    return isfinite(o->point) && o->q != CHISO_Q_RANGE;
}

typedef struct gkey {
    uint32_t a;         /* unit (own history) or parent (siblings) */
    uint32_t indicator, rating, part_of; /* rating: 0, or 1 + 2 · level + at_or_above */
    int32_t start, end; /* siblings only */
    unsigned char basis;
    uint32_t index;
} gkey;

static int gkey_cmp(const void *x, const void *y)
{
    const gkey *p = x, *q = y;
#define CMP(f) if (p->f != q->f) return p->f < q->f ? -1 : 1
    CMP(a);
    CMP(indicator);
    CMP(rating);
    CMP(part_of);
    CMP(basis);
    CMP(start);
    CMP(end);
    CMP(index);
#undef CMP
    return 0;
}

static void fmt(double v, int pct, char *buf, size_t size)
{
    char num[64];
    double a = fabs(v);
    chiso_format_number_trim(v, a >= 100 ? 0 : a >= 10 ? 1 : 2, chiso_get_lang(), num, sizeof num);
    snprintf(buf, size, "%s%s", num, pct ? "%" : "");
}

/* One group (same unit or parent, indicator, rating, part, basis[, period]) of n figures. */
static int check_group(const chiso_dataset *ds, const ds_members *mem, chiso_diags *d, const gkey *g, size_t n,
                       int siblings, unsigned char *flagged)
{
    if (n < PLAUS_MIN_FIGURES)
        return 0;
    const ds_indicator *I = &ds->inds[g[0].indicator];
    int per_member = I->measure == CHISO_MEASURE_COUNT && I->kind == CHISO_KIND_FLOW;
    /* units of different sizes compare by shares and by events per member only, never by levels */
    if (siblings && I->measure == CHISO_MEASURE_COUNT && !per_member)
        return 0;
    double *x = malloc(n * sizeof *x), *fac = malloc(n * sizeof *fac);
    if (!x || !fac) {
        free(x);
        free(fac);
        return -1;
    }
    int st = 0;
    /* per member when every figure's membership is known, else (own history only) per year */
    for (int pass = per_member ? 0 : 1; pass < 2; pass++) {
        int ok = 1;
        for (size_t i = 0; i < n && ok; i++)
            ok = rate_of(ds, mem, &ds->obs[g[i].index], pass == 0, &x[i], &fac[i]);
        if (ok)
            break;
        if (pass == 1 || siblings) /* units of different sizes compare per member only */
            goto done;
    }
    double med, scale;
    if (robust_scale(x, n, &med, &scale) != 0) {
        st = -1;
        goto done;
    }
    if (!(scale > 0))
        goto done;
    int pct = I->measure == CHISO_MEASURE_SHARE;
    int counts = I->measure == CHISO_MEASURE_COUNT;
    for (size_t i = 0; i < n; i++) {
        /* floors of the scale: a tenth of the median (real figures of a unit vary by a few tens of per
         * cent from term to term, a typed extra zero by ten times), and for a count the Poisson
         * spread sqrt(expected count) expressed as a rate */
        double s_i = scale, rel = PLAUS_REL_FLOOR * fabs(med) / 0.6745;
        if (s_i < rel)
            s_i = rel;
        if (counts && fac[i] > 0) {
            double poisson = sqrt(fabs(med) * fac[i]) / fac[i];
            if (s_i < poisson)
                s_i = poisson;
        }
        double m = modified_z(x[i], med, s_i);
        if (fabs(m) <= PLAUS_THRESHOLD || flagged[g[i].index])
            continue;
        /* a mistyped figure is far off in absolute terms too: a few events more than usual in a
         * small unit, or a share a few points off, is the life of the figures, not a typing error */
        if (fabs(x[i] - med) * fac[i] < (pct ? PLAUS_MIN_DIFF_SHARE : PLAUS_MIN_DIFF_COUNT))
            continue;
        flagged[g[i].index] = 1;
        const ds_obs *o = &ds->obs[g[i].index];
        double lo = (med - PLAUS_THRESHOLD * s_i) * fac[i], hi = (med + PLAUS_THRESHOLD * s_i) * fac[i];
        if (lo < 0)
            lo = 0;
        if (pct && hi > 100)
            hi = 100;
        char a[80], b[80], z[32];
        fmt(lo, pct, a, sizeof a);
        fmt(hi, pct, b, sizeof b);
        chiso_format_number_trim(m, 1, chiso_get_lang(), z, sizeof z);
        const char *code = ds_str(ds, I->code);
        if (siblings)
            chiso_diags_add(d, CHISO_WARNING, ds_file(ds, o->file), (long)o->line, 0, "plausibility.siblings",
                            _("'%s' of '%s' is far from what its sibling units report for the same period: "
                              "from %s to %s would be usual here (%zu units; modified z-score %s): is a digit "
                              "or a separator mistyped?"),
                            ds_str(ds, o->raw), code, a, b, n, z);
        else
            chiso_diags_add(d, CHISO_WARNING, ds_file(ds, o->file), (long)o->line, 0, "plausibility.history",
                            _("'%s' of '%s' is far from this unit's own history: from %s to %s would be usual "
                              "here (%zu figures; modified z-score %s): is a digit or a separator mistyped?"),
                            ds_str(ds, o->raw), code, a, b, n, z);
    }
done:
    free(x);
    free(fac);
    return st;
}

static int run(const chiso_dataset *ds, const ds_members *mem, chiso_diags *d, int siblings, unsigned char *flagged)
{
    gkey *k = malloc((ds->n_obs ? ds->n_obs : 1) * sizeof *k);
    if (!k)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < ds->n_obs; i++) {
        const ds_obs *o = &ds->obs[i];
        if (!comparable(o))
            continue;
        uint32_t a = o->unit;
        if (siblings) {
            long p = ds->units[o->unit].parent;
            if (p < 0)
                continue;
            a = (uint32_t)p;
        }
        /* ratings compare by level (labels differ between schemes); the basis is in the rate */
        uint32_t rating = o->rating ? (uint32_t)o->level * 2 + !!(o->flags & CHISO_OBS_AT_OR_ABOVE) + 1 : 0;
        k[n++] = (gkey){a, o->indicator, rating, o->part_of, siblings ? o->start.day : 0,
                        siblings ? o->end.day : 0, 0, (uint32_t)i};
    }
    qsort(k, n, sizeof *k, gkey_cmp);
    int st = 0;
    for (size_t g = 0; g < n && st == 0;) {
        size_t h = g + 1;
        while (h < n && k[h].a == k[g].a && k[h].indicator == k[g].indicator && k[h].rating == k[g].rating &&
               k[h].part_of == k[g].part_of && k[h].basis == k[g].basis && k[h].start == k[g].start &&
               k[h].end == k[g].end)
            h++;
        st = check_group(ds, mem, d, k + g, h - g, siblings, flagged);
        g = h;
    }
    free(k);
    return st;
}

chiso_status ds_check_plausibility(const chiso_dataset *ds, chiso_diags *d)
{
    if (ds->n_obs == 0)
        return CHISO_OK;
    unsigned char *flagged = calloc(ds->n_obs, 1);
    ds_members *mem = ds_members_new(ds);
    int st = flagged && mem ? 0 : -1;
    if (st == 0)
        st = run(ds, mem, d, 0, flagged);
    if (st == 0)
        st = run(ds, mem, d, 1, flagged);
    ds_members_free(mem);
    free(flagged);
    return st == 0 ? CHISO_OK : CHISO_ENOMEM;
}

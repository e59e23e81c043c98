/* analysis/stats.c — trend statistics on plain arrays: OLS/WLS, Mann–Kendall, Sen, CAGR, Poisson.
 *
 * Every public function checks its preconditions before GSL is called and never returns NaN with
 * CHISO_OK. *out is written only on success. Choices are documented in docs/methods.md ("Trend
 * statistics"); the published vectors they reproduce are in tests/unit/test_stats.c. */
#include "chiso/stats.h"
#include "ingest/util.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MK_EXACT_MAX_N 10     /* exact Mann–Kendall p up to this n */
#define MK_RECURSION_MAX_N 60 /* chiso_stats_mk_exact_upper range */
#define POISSON_MAX_ITER 50
#define POISSON_TOL 1e-10
#define POISSON_MAX_HALVINGS 30

void chiso_stats_init(void)
{
    /* A plain store of the same pointer every time: idempotent, and no window in which a second
     * thread could reach GSL with the aborting handler still installed. */
    gsl_set_error_handler_off();
}

/* ---- shared checks --------------------------------------------------------------------------- */

static chiso_status need_points(size_t n, chiso_error *err)
{
    if (n < 3)
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("too few points for a trend: %zu (at least 3 are needed)"), n);
    return CHISO_OK;
}

static chiso_status need_finite(const double *v, size_t n, const char *what, chiso_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                                   _("value %zu of %s is not a finite number"), i + 1, what);
    return CHISO_OK;
}

static int all_equal(const double *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[0])
            return 0;
    return 1;
}

static chiso_status need_spread(const double *v, size_t n, const char *what, chiso_error *err)
{
    if (all_equal(v, n))
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("no spread in %s: all %zu values are %g (a trend needs at least "
                                 "two different values)"),
                               what, n, v[0]);
    return CHISO_OK;
}

static int all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

static chiso_status not_finite_result(chiso_error *err)
{
    return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, "%s",
                           _("the result is not a finite number: the values are too large or too "
                             "close together for a stable computation"));
}

static chiso_status gsl_failed(int gsl_status, chiso_error *err)
{
    return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, _("the least-squares fit failed: %s"),
                           gsl_strerror(gsl_status));
}

static chiso_status no_memory(chiso_error *err)
{
    return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
}

static chiso_status null_argument(chiso_error *err)
{
    return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s",
                           _("missing argument: an input array or the result is NULL"));
}

static double *alloc_doubles(size_t n)
{
    if (n == 0 || n > SIZE_MAX / sizeof(double))
        return NULL;
    return malloc(n * sizeof(double));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of v[0..n) (n >= 1); sorts v in place. */
static double median_sorting(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* ---- OLS and WLS ----------------------------------------------------------------------------- */

/* Fill the inference fields of *f from a fit (slope, intercept, covariance and chisq already set).
 * Perfect fit (se_slope = 0): p = 0 for a non-zero slope, 1 for a zero slope; the CI is the
 * point. */
static chiso_status linfit_finish(const double *y, const double *w, size_t n, chiso_linfit *f,
                                  chiso_error *err)
{
    double dof = (double)(n - 2);
    f->n = n;
    f->se_slope = sqrt(f->cov11);
    f->se_intercept = sqrt(f->cov00);
    f->t_crit = gsl_cdf_tdist_Pinv(0.975, dof);
    f->ci95_lo = f->slope - f->t_crit * f->se_slope;
    f->ci95_hi = f->slope + f->t_crit * f->se_slope;
    if (f->se_slope > 0) {
        double t = fabs(f->slope / f->se_slope);
        f->p = isinf(t) ? 0.0 : 2.0 * gsl_cdf_tdist_Q(t, dof);
        if (f->p > 1)
            f->p = 1;
    } else {
        f->p = f->slope != 0 ? 0.0 : 1.0;
    }
    /* R² = 1 − RSS/TSS around the (weighted) mean; a constant y has nothing to explain: R² = 0. */
    if (all_equal(y, n)) {
        f->r2 = 0.0;
    } else {
        double sw = 0, swy = 0, tss = 0;
        for (size_t i = 0; i < n; i++) {
            double wi = w ? w[i] : 1.0;
            sw += wi;
            swy += wi * y[i];
        }
        double mean = swy / sw;
        for (size_t i = 0; i < n; i++) {
            double d = y[i] - mean;
            tss += (w ? w[i] : 1.0) * d * d;
        }
        f->r2 = tss > 0 ? 1.0 - f->chisq / tss : 0.0;
    }
    double check[] = {f->slope, f->intercept, f->se_slope, f->se_intercept, f->cov00, f->cov01,
                      f->cov11, f->ci95_lo, f->ci95_hi, f->t_crit, f->r2, f->p, f->chisq};
    if (!all_finite(check, CHISO_ARRAY_LEN(check)))
        return not_finite_result(err);
    return CHISO_OK;
}

static chiso_status linfit_check(const double *x, const double *y, size_t n, chiso_error *err)
{
    chiso_status st;
    if ((st = need_points(n, err)) != CHISO_OK)
        return st;
    if ((st = need_finite(x, n, "x", err)) != CHISO_OK)
        return st;
    if ((st = need_finite(y, n, "y", err)) != CHISO_OK)
        return st;
    return need_spread(x, n, "x", err);
}

chiso_status chiso_stats_ols(const double *x, const double *y, size_t n, chiso_linfit *out,
                             chiso_error *err)
{
    chiso_stats_init();
    if (!x || !y || !out)
        return null_argument(err);
    chiso_status st = linfit_check(x, y, n, err);
    if (st != CHISO_OK)
        return st;
    chiso_linfit f;
    memset(&f, 0, sizeof f);
    int gs = gsl_fit_linear(x, 1, y, 1, n, &f.intercept, &f.slope, &f.cov00, &f.cov01, &f.cov11,
                            &f.chisq);
    if (gs != GSL_SUCCESS)
        return gsl_failed(gs, err);
    f.weighted = 0;
    if ((st = linfit_finish(y, NULL, n, &f, err)) != CHISO_OK)
        return st;
    *out = f;
    return CHISO_OK;
}

chiso_status chiso_stats_wls(const double *x, const double *y, const double *w, size_t n,
                             int relative, chiso_linfit *out, chiso_error *err)
{
    chiso_stats_init();
    if (!x || !y || !w || !out)
        return null_argument(err);
    chiso_status st = linfit_check(x, y, n, err);
    if (st != CHISO_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(w[i]) || !(w[i] > 0))
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                                   _("weight %zu is %g: weights must be finite and greater than 0"),
                                   i + 1, w[i]);
    chiso_linfit f;
    memset(&f, 0, sizeof f);
    int gs = gsl_fit_wlinear(x, 1, w, 1, y, 1, n, &f.intercept, &f.slope, &f.cov00, &f.cov01,
                             &f.cov11, &f.chisq);
    if (gs != GSL_SUCCESS)
        return gsl_failed(gs, err);
    if (relative) {
        /* the weights only say which points count more: estimate the scale from the residuals */
        double s2 = f.chisq / (double)(n - 2);
        f.cov00 *= s2;
        f.cov01 *= s2;
        f.cov11 *= s2;
    }
    f.weighted = 1;
    if ((st = linfit_finish(y, w, n, &f, err)) != CHISO_OK)
        return st;
    *out = f;
    return CHISO_OK;
}

/* ---- Mann–Kendall ---------------------------------------------------------------------------- */

/* Distribution of the number of inversions D of a random permutation of m = 1..n (Kendall's
 * recursion P_m(k) = (1/m)·Σ_{j=0}^{min(k,m−1)} P_{m−1}(k − j)), as probabilities in
 * p[0..n(n−1)/2]. p must hold n(n−1)/2 + 1 entries and tmp as many. */
static void inversion_distribution(size_t n, long double *p, long double *tmp)
{
    size_t maxd = n * (n - 1) / 2;
    for (size_t k = 0; k <= maxd; k++)
        p[k] = 0;
    p[0] = 1;
    for (size_t m = 2; m <= n; m++) {
        size_t top = m * (m - 1) / 2;
        /* prefix sums of the previous row give each window sum in O(1) */
        long double run = 0;
        for (size_t k = 0; k <= top; k++) {
            run += p[k];
            tmp[k] = run;
        }
        for (size_t k = 0; k <= top; k++) {
            long double s = tmp[k] - (k >= m ? tmp[k - m] : 0.0L);
            p[k] = s / (long double)m;
        }
    }
}

double chiso_stats_mk_exact_upper(size_t n, long s)
{
    chiso_stats_init();
    if (n < 3 || n > MK_RECURSION_MAX_N)
        return NAN;
    long nn = (long)(n * (n - 1) / 2);
    if (s > nn)
        return 0.0;
    if (s <= -nn)
        return 1.0;
    /* S = N − 2D, so S >= s  <=>  D <= floor((N − s)/2), with N − s in (0, 2N) here */
    long dmax = (nn - s) / 2;
    size_t len = (size_t)nn + 1;
    long double *p = malloc(2 * len * sizeof *p);
    if (!p)
        return NAN;
    inversion_distribution(n, p, p + len);
    long double sum = 0;
    for (long d = 0; d <= dmax; d++)
        sum += p[d];
    free(p);
    double r = (double)sum;
    return r > 1 ? 1.0 : r;
}

/* S of x: Σ_{k<j} sgn(x_j − x_k). */
static double mk_s(const double *x, size_t n)
{
    long long s = 0;
    for (size_t k = 0; k + 1 < n; k++)
        for (size_t j = k + 1; j < n; j++)
            s += (x[j] > x[k]) - (x[j] < x[k]);
    return (double)s;
}

/* Tie structure of x. sorted receives a sorted copy. Writes Σt(t−1)(2t+5) and Σt(t−1)/2 over the
 * tie groups and the number of distinct values. */
static void mk_ties(const double *x, size_t n, double *sorted, double *sum_var, double *sum_pairs,
                    size_t *distinct)
{
    memcpy(sorted, x, n * sizeof *x);
    qsort(sorted, n, sizeof *sorted, cmp_double);
    double sv = 0, sp = 0;
    size_t d = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && sorted[j] == sorted[i])
            j++;
        double t = (double)(j - i);
        sv += t * (t - 1) * (2 * t + 5);
        sp += t * (t - 1) / 2;
        d++;
        i = j;
    }
    *sum_var = sv;
    *sum_pairs = sp;
    *distinct = d;
}

static double mk_var_s(size_t n, double sum_var_ties)
{
    double nd = (double)n;
    return (nd * (nd - 1) * (2 * nd + 5) - sum_var_ties) / 18.0;
}

/* Exact permutation distribution of S with ties (n <= MK_EXACT_MAX_N). Under H0 every distinct
 * ordering of the observed multiset is equally likely (each stands for the same Π t_p!
 * permutations). Pairs of equal values contribute 0 to S, so S = N' − 2D with N' = N −
 * Σ t_p(t_p − 1)/2 and D the number of discordant pairs of unequal values (inversions). The number
 * of distinct orderings with D inversions is the coefficient of q^D in the q-multinomial
 * [n; t_1, …, t_k]_q = Π_i [T_i; t_i]_q, T_i = t_1 + … + t_i (MacMahon): the same counts an
 * enumeration of the orderings would give, in integer arithmetic, without visiting up to 10!/2
 * orderings. */
#define QB_DEG (MK_EXACT_MAX_N * MK_EXACT_MAX_N / 4 + 1) /* max degree j(m − j) of [m; j]_q, + 1 */
#define MK_MAX_PAIRS (MK_EXACT_MAX_N * (MK_EXACT_MAX_N - 1) / 2)

/* Coefficients of the Gaussian binomial [m; j]_q (m <= MK_EXACT_MAX_N) by
 * [m; j] = [m−1; j−1] + q^j·[m−1; j], rows updated in place from high j and high degree down. */
static void q_binomial(size_t m, size_t j, uint64_t out[QB_DEG])
{
    uint64_t row[MK_EXACT_MAX_N + 1][QB_DEG];
    memset(row, 0, sizeof row);
    row[0][0] = 1;
    for (size_t mm = 1; mm <= m; mm++)
        for (size_t jj = mm < j ? mm : j; jj >= 1; jj--)
            for (size_t d = QB_DEG; d-- > 0;)
                row[jj][d] = row[jj - 1][d] + (d >= jj ? row[jj][d - jj] : 0);
    memcpy(out, row[j], sizeof row[j]);
}

/* Two-sided exact p with ties: min(1, 2·P(S >= |s|)), 1 for S = 0. sorted is x sorted. */
static double mk_exact_p_ties(const double *sorted, size_t n, long s)
{
    uint64_t poly[MK_MAX_PAIRS + 1], next[MK_MAX_PAIRS + 1], qb[QB_DEG];
    memset(poly, 0, sizeof poly);
    poly[0] = 1;
    size_t total = 0, tie_pairs = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && sorted[j] == sorted[i])
            j++;
        size_t t = j - i;
        total += t;
        tie_pairs += t * (t - 1) / 2;
        q_binomial(total, t, qb);
        memset(next, 0, sizeof next);
        for (size_t a = 0; a <= MK_MAX_PAIRS; a++)
            if (poly[a])
                for (size_t b = 0; b < QB_DEG && a + b <= MK_MAX_PAIRS; b++)
                    next[a + b] += poly[a] * qb[b];
        memcpy(poly, next, sizeof poly);
        i = j;
    }
    if (s == 0)
        return 1.0;
    long np = (long)(n * (n - 1) / 2 - tie_pairs);
    long dmax = (np - labs(s)) / 2; /* S >= |s|  <=>  D <= (N' − |s|)/2 */
    uint64_t all = 0, upper = 0;
    for (long d = 0; d <= np; d++) {
        all += poly[d];
        if (d <= dmax)
            upper += poly[d];
    }
    double p = 2.0 * (double)upper / (double)all;
    return p > 1 ? 1.0 : p;
}

chiso_status chiso_stats_mann_kendall(const double *x, size_t n, chiso_mk *out, chiso_error *err)
{
    chiso_stats_init();
    if (!x || !out)
        return null_argument(err);
    chiso_status st;
    if ((st = need_points(n, err)) != CHISO_OK)
        return st;
    if ((st = need_finite(x, n, "x", err)) != CHISO_OK)
        return st;
    if (all_equal(x, n))
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("all %zu values are equal (%g): there is no order to test for a "
                                 "trend"),
                               n, x[0]);

    chiso_mk r;
    memset(&r, 0, sizeof r);
    double *sorted = alloc_doubles(n);
    if (!sorted) {
        st = no_memory(err);
        goto done;
    }
    double sum_var = 0, sum_pairs = 0;
    size_t distinct = 0;
    mk_ties(x, n, sorted, &sum_var, &sum_pairs, &distinct);
    double nn = (double)n * ((double)n - 1) / 2;
    r.n = n;
    r.s = mk_s(x, n);
    r.var_s = mk_var_s(n, sum_var);
    if (r.s != 0)
        r.z = (r.s > 0 ? 1.0 : -1.0) * (fabs(r.s) - 1) / sqrt(r.var_s);
    r.p_normal = r.z != 0 ? 2.0 * gsl_cdf_ugaussian_Q(fabs(r.z)) : 1.0;
    if (r.p_normal > 1)
        r.p_normal = 1;
    r.tau_a = r.s / nn;
    r.tau_b = r.s / sqrt((nn - sum_pairs) * nn);
    if (n <= MK_EXACT_MAX_N) {
        r.exact = 1;
        if (r.s == 0) {
            r.p = 1.0;
        } else if (distinct == n) {
            double up = chiso_stats_mk_exact_upper(n, (long)fabs(r.s));
            r.p = 2.0 * up > 1 ? 1.0 : 2.0 * up;
        } else {
            r.p = mk_exact_p_ties(sorted, n, (long)r.s);
        }
    } else {
        r.exact = 0;
        r.p = r.p_normal;
    }
    double check[] = {r.s, r.var_s, r.z, r.p, r.p_normal, r.tau_a, r.tau_b};
    if (!all_finite(check, CHISO_ARRAY_LEN(check))) {
        st = not_finite_result(err);
        goto done;
    }
    *out = r;
    st = CHISO_OK;
done:
    free(sorted);
    return st;
}

/* ---- Sen's slope ----------------------------------------------------------------------------- */

chiso_status chiso_stats_sen(const double *t, const double *x, size_t n, chiso_sen *out,
                             chiso_error *err)
{
    chiso_stats_init();
    if (!t || !x || !out)
        return null_argument(err);
    chiso_status st;
    if ((st = need_points(n, err)) != CHISO_OK)
        return st;
    if ((st = need_finite(t, n, "t", err)) != CHISO_OK)
        return st;
    if ((st = need_finite(x, n, "x", err)) != CHISO_OK)
        return st;
    if (all_equal(t, n))
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("no spread in t: all %zu time points are %g (a slope needs two "
                                 "different times)"),
                               n, t[0]);

    chiso_sen r;
    memset(&r, 0, sizeof r);
    double *work = alloc_doubles(n);
    /* n(n−1)/2 slopes; n − 1 >= 2 here */
    double *slopes = n <= SIZE_MAX / (n - 1) ? alloc_doubles(n * (n - 1) / 2) : NULL;
    if (!work || !slopes) {
        st = no_memory(err);
        goto done;
    }
    size_t m = 0;
    for (size_t i = 0; i + 1 < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (t[j] != t[i])
                slopes[m++] = (x[j] - x[i]) / (t[j] - t[i]);
    if (!all_finite(slopes, m)) {
        st = not_finite_result(err);
        goto done;
    }
    r.n = n;
    r.n_slopes = m;
    r.slope = median_sorting(slopes, m); /* slopes is now sorted */
    memcpy(work, x, n * sizeof *x);
    double med_x = median_sorting(work, n);
    memcpy(work, t, n * sizeof *t);
    double med_t = median_sorting(work, n);
    r.intercept = med_x - med_t * r.slope;

    /* CI: Var(S) of the series x (with its ties), C = z_0.975·√Var(S), 1-based ranks
     * round((N − C)/2) and round((N + C)/2 + 1) in the sorted slopes, N = number of slopes. */
    double sum_var = 0, sum_pairs = 0;
    size_t distinct = 0;
    mk_ties(x, n, work, &sum_var, &sum_pairs, &distinct);
    double var_s = mk_var_s(n, sum_var);
    double c = gsl_cdf_ugaussian_Pinv(0.975) * sqrt(var_s);
    double nd = (double)m;
    double lo = round((nd - c) / 2), hi = round((nd + c) / 2 + 1);
    if (lo >= 1 && hi <= nd) {
        r.ci_available = 1;
        r.ci95_lo = slopes[(size_t)lo - 1];
        r.ci95_hi = slopes[(size_t)hi - 1];
    } else {
        r.ci_available = 0;
        r.ci95_lo = r.ci95_hi = NAN;
    }
    double check[] = {r.slope, r.intercept};
    if (!all_finite(check, CHISO_ARRAY_LEN(check))) {
        st = not_finite_result(err);
        goto done;
    }
    *out = r;
    st = CHISO_OK;
done:
    free(slopes);
    free(work);
    return st;
}

/* ---- CAGR ------------------------------------------------------------------------------------ */

chiso_status chiso_stats_cagr(double first, double last, double years, double *out,
                              chiso_error *err)
{
    chiso_stats_init();
    if (!out)
        return null_argument(err);
    if (!isfinite(first) || !isfinite(last) || !isfinite(years))
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("a growth rate needs finite numbers: first %g, last %g, years %g"),
                               first, last, years);
    if (!(first > 0))
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("the first value is %g: a growth rate needs a first value greater "
                                 "than 0"),
                               first);
    if (last < 0)
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("the last value is %g: a growth rate needs a last value of 0 or "
                                 "more"),
                               last);
    if (!(years > 0))
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("the span is %g years: a growth rate needs a span greater than 0"),
                               years);
    double r = pow(last / first, 1.0 / years) - 1.0;
    if (!isfinite(r))
        return not_finite_result(err);
    *out = r;
    return CHISO_OK;
}

/* ---- Poisson log-linear trend ---------------------------------------------------------------- */

/* Residual deviance 2·Σ[y·log(y/μ) − (y − μ)] with y·log(y/μ) = 0 for y = 0; μ_i =
 * e_i·exp(b0 + b1·t_i) written to mu. Returns +inf when a μ is not finite and positive. */
static double poisson_deviance(const double *t, const double *y, const double *e, size_t n,
                               double b0, double b1, double *mu)
{
    double dev = 0;
    for (size_t i = 0; i < n; i++) {
        double m = e[i] * exp(b0 + b1 * t[i]);
        if (!isfinite(m) || !(m > 0))
            return INFINITY;
        mu[i] = m;
        dev += (y[i] > 0 ? y[i] * log(y[i] / m) : 0.0) - (y[i] - m);
    }
    dev *= 2;
    return isfinite(dev) ? dev : INFINITY;
}

static chiso_status poisson_check(const double *t, const double *y, const double *e, size_t n,
                                  chiso_error *err)
{
    chiso_status st;
    if ((st = need_points(n, err)) != CHISO_OK)
        return st;
    if ((st = need_finite(t, n, "t", err)) != CHISO_OK)
        return st;
    if ((st = need_finite(y, n, _("the counts"), err)) != CHISO_OK)
        return st;
    if ((st = need_finite(e, n, _("the exposures"), err)) != CHISO_OK)
        return st;
    double ysum = 0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] < 0)
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                                   _("count %zu is %g: counts cannot be negative"), i + 1, y[i]);
        if (!(e[i] > 0))
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                                   _("exposure %zu is %g: exposures must be greater than 0"), i + 1,
                                   e[i]);
        ysum += y[i];
    }
    if ((st = need_spread(t, n, "t", err)) != CHISO_OK)
        return st;
    if (!(ysum > 0))
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("all %zu counts are 0: a rate trend needs at least one event"), n);
    /* The MLE of b1 is finite only when the count-weighted mean of t lies strictly inside
     * (min t, max t), i.e. unless every non-zero count sits at the lowest or every one at the
     * highest t. */
    double tmin = t[0], tmax = t[0];
    for (size_t i = 1; i < n; i++) {
        tmin = fmin(tmin, t[i]);
        tmax = fmax(tmax, t[i]);
    }
    int all_at_min = 1, all_at_max = 1;
    for (size_t i = 0; i < n; i++) {
        if (y[i] > 0 && t[i] != tmin)
            all_at_min = 0;
        if (y[i] > 0 && t[i] != tmax)
            all_at_max = 0;
    }
    if (all_at_min || all_at_max)
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("every non-zero count is at t = %g, the %s of t: the rate ratio "
                                 "would be infinite (events are needed at two different times)"),
                               all_at_min ? tmin : tmax,
                               all_at_min ? _("lowest value") : _("highest value"));
    return CHISO_OK;
}

chiso_status chiso_stats_poisson_trend(const double *t, const double *count, const double *exposure,
                                       size_t n, chiso_poisson *out, chiso_error *err)
{
    chiso_stats_init();
    if (!t || !count || !exposure || !out)
        return null_argument(err);
    chiso_status st = poisson_check(t, count, exposure, n, err);
    if (st != CHISO_OK)
        return st;

    chiso_poisson r;
    memset(&r, 0, sizeof r);
    double *mu = alloc_doubles(n);
    double *wz = n <= SIZE_MAX / 2 ? alloc_doubles(2 * n) : NULL;
    if (!mu || !wz) {
        st = no_memory(err);
        goto done;
    }
    double *w = wz, *z = wz + n;
    double ysum = 0, esum = 0;
    for (size_t i = 0; i < n; i++) {
        ysum += count[i];
        esum += exposure[i];
    }
    double b0 = log(ysum / esum), b1 = 0;
    double dev = poisson_deviance(t, count, exposure, n, b0, b1, mu);
    if (!isfinite(dev)) {
        st = not_finite_result(err);
        goto done;
    }
    int converged = 0, it = 0;
    double c00 = 0, c01 = 0, c11 = 0, chisq = 0;
    while (!converged && it < POISSON_MAX_ITER) {
        it++;
        /* working response z = η + (y − μ)/μ with η = b0 + b1·t (offset removed), weights μ */
        for (size_t i = 0; i < n; i++) {
            w[i] = mu[i];
            z[i] = b0 + b1 * t[i] + (count[i] - mu[i]) / mu[i];
        }
        double nb0, nb1;
        int gs = gsl_fit_wlinear(t, 1, w, 1, z, 1, n, &nb0, &nb1, &c00, &c01, &c11, &chisq);
        if (gs != GSL_SUCCESS) {
            st = gsl_failed(gs, err);
            goto done;
        }
        if (!isfinite(nb0) || !isfinite(nb1)) {
            st = not_finite_result(err);
            goto done;
        }
        /* step halving when the deviance does not go down (beyond rounding) */
        double ndev = poisson_deviance(t, count, exposure, n, nb0, nb1, mu);
        int h = 0;
        while (!(ndev <= dev + 1e-12 * (fabs(dev) + 0.1)) && h < POISSON_MAX_HALVINGS) {
            nb0 = 0.5 * (nb0 + b0);
            nb1 = 0.5 * (nb1 + b1);
            ndev = poisson_deviance(t, count, exposure, n, nb0, nb1, mu);
            h++;
        }
        if (!isfinite(ndev)) {
            st = not_finite_result(err);
            goto done;
        }
        converged = fabs(ndev - dev) / (fabs(ndev) + 0.1) < POISSON_TOL;
        b0 = nb0;
        b1 = nb1;
        dev = ndev; /* mu now holds μ at (b0, b1) */
    }
    if (!converged) {
        st = chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                             _("the rate trend did not converge in %d iterations"),
                             POISSON_MAX_ITER);
        goto done;
    }
    /* (X'WX)^-1 with W = μ at the solution: the covariance of gsl_fit_wlinear with weights μ */
    for (size_t i = 0; i < n; i++) {
        w[i] = mu[i];
        z[i] = b0 + b1 * t[i] + (count[i] - mu[i]) / mu[i];
    }
    double ub0, ub1;
    int gs = gsl_fit_wlinear(t, 1, w, 1, z, 1, n, &ub0, &ub1, &c00, &c01, &c11, &chisq);
    if (gs != GSL_SUCCESS) {
        st = gsl_failed(gs, err);
        goto done;
    }
    r.n = n;
    r.b0 = b0;
    r.b1 = b1;
    r.se_b0 = sqrt(c00);
    r.se_b1 = sqrt(c11);
    double zq = gsl_cdf_ugaussian_Pinv(0.975);
    r.rate_ratio = exp(b1);
    r.ci95_lo = exp(b1 - zq * r.se_b1);
    r.ci95_hi = exp(b1 + zq * r.se_b1);
    r.deviance = dev;
    r.p = r.se_b1 > 0 ? 2.0 * gsl_cdf_ugaussian_Q(fabs(b1 / r.se_b1)) : (b1 != 0 ? 0.0 : 1.0);
    if (r.p > 1)
        r.p = 1;
    r.iterations = it;
    /* Pearson χ² and the quasi-Poisson dispersion at the solution */
    double x2 = 0;
    for (size_t i = 0; i < n; i++) {
        double m = exposure[i] * exp(b0 + b1 * t[i]);
        x2 += (count[i] - m) * (count[i] - m) / m;
    }
    r.pearson_chi2 = x2;
    r.df = (double)n - 2;
    r.dispersion = x2 / r.df;
    r.overdispersed = r.dispersion > 1;
    double phi = r.overdispersed ? r.dispersion : 1.0;
    r.qp_se_b1 = r.se_b1 * sqrt(phi);
    double tq = r.overdispersed ? gsl_cdf_tdist_Pinv(0.975, r.df) : zq;
    r.qp_ci95_lo = exp(b1 - tq * r.qp_se_b1);
    r.qp_ci95_hi = exp(b1 + tq * r.qp_se_b1);
    if (r.overdispersed)
        r.qp_p = r.qp_se_b1 > 0 ? 2.0 * gsl_cdf_tdist_Q(fabs(b1 / r.qp_se_b1), r.df) : (b1 != 0 ? 0.0 : 1.0);
    else
        r.qp_p = r.p;
    if (r.qp_p > 1)
        r.qp_p = 1;
    double check[] = {r.b0, r.b1, r.se_b0, r.se_b1, r.rate_ratio, r.ci95_lo, r.ci95_hi, r.deviance,
                      r.p, r.pearson_chi2, r.dispersion, r.qp_se_b1, r.qp_ci95_lo, r.qp_ci95_hi, r.qp_p};
    if (!all_finite(check, CHISO_ARRAY_LEN(check))) {
        st = not_finite_result(err);
        goto done;
    }
    *out = r;
    st = CHISO_OK;
done:
    free(mu);
    free(wz);
    return st;
}

/* ---- thin wrappers --------------------------------------------------------------------------- */

double chiso_stats_norm_quantile(double p)
{
    chiso_stats_init();
    if (!(p >= 0 && p <= 1))
        return NAN;
    return gsl_cdf_ugaussian_Pinv(p);
}

double chiso_stats_t_quantile(double p, double df)
{
    chiso_stats_init();
    if (!(p >= 0 && p <= 1) || !(df > 0))
        return NAN;
    return gsl_cdf_tdist_Pinv(p, df);
}

double chiso_stats_norm_cdf(double x)
{
    chiso_stats_init();
    if (isnan(x))
        return NAN;
    return gsl_cdf_ugaussian_P(x);
}

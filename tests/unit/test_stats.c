/* tests/unit/test_stats.c — the statistical primitives (analysis/stats.c) against published vectors
 * (docs/methods.md §3 and §4), NIST StRD Norris, closed-form cases and brute force.
 *
 * Where a published vector is printed with fewer digits than 1e-6 relative allows, the value is
 * checked twice: to 1e-9 against the value recomputed from its closed form (exact rational or
 * erfc of the exact z; the recomputation is written next to it) and to half a unit of the last
 * printed digit against the published figure. */
#include "testutil.h"

#include "chiso/common.h"
#include "chiso/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define Z975 1.959963984540054 /* Φ^-1(0.975) */

static const double vec_a[] = {12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9,
                               11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7};
static const double vec_b[] = {2.5, 4.0, 2.6, 3.6, 2.8, 3.1, 5.2, 5.0, 3.8};
static const double vec_c[] = {20, 20, 20, 20, 15, 20, 20, 30, 27, 26, 23,
                               35, 25, 28, 70, 26, 24, 34, 32, 23, 50, 30};

static void seq(double *t, size_t n, double start)
{
    for (size_t i = 0; i < n; i++)
        t[i] = start + (double)i;
}

static void assert_all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) {
            print_error("field %zu is not finite: %g\n", i, v[i]);
            fail();
        }
}

static void assert_linfit_finite(const chiso_linfit *f)
{
    double v[] = {f->slope, f->intercept, f->se_slope, f->se_intercept, f->cov00, f->cov01,
                  f->cov11, f->ci95_lo, f->ci95_hi, f->t_crit, f->r2, f->p, f->chisq};
    assert_all_finite(v, ARRAY_LEN(v));
}

static void assert_mk_finite(const chiso_mk *m)
{
    double v[] = {m->s, m->var_s, m->z, m->p, m->p_normal, m->tau_a, m->tau_b};
    assert_all_finite(v, ARRAY_LEN(v));
    assert_true(m->p >= 0 && m->p <= 1);
    assert_true(m->p_normal >= 0 && m->p_normal <= 1);
}

static void assert_poisson_finite(const chiso_poisson *p)
{
    double v[] = {p->b0, p->b1, p->se_b0, p->se_b1, p->rate_ratio, p->ci95_lo, p->ci95_hi,
                  p->deviance, p->p};
    assert_all_finite(v, ARRAY_LEN(v));
}

/* An error record whose code is `code` and whose message is non-empty. */
static void assert_error(chiso_status st, const chiso_error *err, chiso_status code)
{
    assert_int_equal(st, code);
    assert_int_equal(err->code, code);
    assert_true(strlen(err->msg) > 0);
    /* messages are lower-case sentences without a trailing period */
    assert_true(err->msg[strlen(err->msg) - 1] != '.');
}

/* ---- wrappers -------------------------------------------------------------------------------- */

static void test_init_and_quantiles(void **state)
{
    (void)state;
    chiso_stats_init();
    chiso_stats_init(); /* idempotent */
    assert_rel(chiso_stats_norm_quantile(0.975), Z975, 1e-12);
    assert_rel(chiso_stats_norm_quantile(0.5), 0.0, 1e-15);
    assert_rel(chiso_stats_t_quantile(0.975, 7), 2.364624252, 1e-9); /* vector B */
    assert_rel(chiso_stats_norm_cdf(0.0), 0.5, 1e-15);
    assert_rel(chiso_stats_norm_cdf(-Z975), 0.025, 1e-12);
    assert_true(isnan(chiso_stats_norm_quantile(1.5)));
    assert_true(isnan(chiso_stats_norm_quantile(NAN)));
    assert_true(isnan(chiso_stats_t_quantile(0.5, 0)));
    assert_true(isnan(chiso_stats_norm_cdf(NAN)));
}

/* ---- Mann–Kendall ---------------------------------------------------------------------------- */

/* Vector A (Holy Cross "Mann-Kendall by hand"), n = 14, one tied pair: normal approximation. */
static void test_mk_vector_a(void **state)
{
    (void)state;
    chiso_mk m;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_stats_mann_kendall(vec_a, ARRAY_LEN(vec_a), &m, &err), CHISO_OK);
    assert_mk_finite(&m);
    assert_int_equal(m.n, 14);
    assert_rel(m.s, 54, 1e-12);
    assert_rel(m.var_s, 332.6666667, 1e-9);
    assert_rel(m.z, 2.905836846, 1e-9);
    assert_rel(m.p_normal / 2, 0.001831362, 1e-6);
    assert_rel(m.p_normal, 0.003662724, 1e-6);
    assert_int_equal(m.exact, 0);
    assert_rel(m.p, m.p_normal, 1e-15);
    assert_rel(m.tau_a, 0.593406593, 1e-8);
    assert_rel(m.tau_b, 0.596694190, 1e-8);
}

/* Vector B (R ?cor.test, Hollander & Wolfe p. 187), n = 9, no ties: exact p. Published to 4 digits;
 * the exact one-sided value is 21671/362880 (count of permutations with S >= 16 over 9!), and the
 * normal values are erfc(z/√2) with z = 15/√92. */
static void test_mk_vector_b(void **state)
{
    (void)state;
    chiso_mk m;
    chiso_error err;
    assert_int_equal(chiso_stats_mann_kendall(vec_b, ARRAY_LEN(vec_b), &m, &err), CHISO_OK);
    assert_mk_finite(&m);
    assert_rel(m.s, 16, 1e-12);
    assert_rel(m.var_s, 92, 1e-12);
    assert_int_equal(m.exact, 1);
    assert_rel(m.p, 2.0 * 21671.0 / 362880.0, 1e-12);
    assert_rel(m.p / 2, 21671.0 / 362880.0, 1e-12);
    assert_true(fabs(m.p / 2 - 0.05972) <= 0.5e-5);
    assert_true(fabs(m.p - 0.1194) <= 0.5e-4);
    assert_rel(chiso_stats_mk_exact_upper(9, 16), 21671.0 / 362880.0, 1e-12);
    assert_rel(m.z, 15.0 / sqrt(92.0), 1e-12);
    assert_true(fabs(m.z - 1.5639) <= 0.5e-4);
    assert_rel(m.p_normal, erfc(15.0 / sqrt(92.0) / sqrt(2.0)), 1e-9);
    assert_true(fabs(m.p_normal - 0.1179) <= 0.5e-4);
}

/* Vector C (Gilbert 1987 p. 212), n = 22 with ties. Var(S) = 3679/3; p = erfc(110/√(3679/3)/√2). */
static void test_mk_vector_c(void **state)
{
    (void)state;
    chiso_mk m;
    chiso_error err;
    assert_int_equal(chiso_stats_mann_kendall(vec_c, ARRAY_LEN(vec_c), &m, &err), CHISO_OK);
    assert_mk_finite(&m);
    assert_rel(m.s, 111, 1e-12);
    assert_rel(m.var_s, 1226.3333, 1e-6);
    assert_rel(m.var_s, 3679.0 / 3.0, 1e-12);
    assert_rel(m.z, 3.14115, 1e-6);
    double z = 110.0 / sqrt(3679.0 / 3.0);
    assert_rel(m.z, z, 1e-12);
    assert_rel(m.p, erfc(z / sqrt(2.0)), 1e-9);
    assert_true(fabs(m.p - 0.0016829) <= 0.5e-7);
    assert_int_equal(m.exact, 0);
}

/* A series of n values (no ties) with exactly d inversions: d+1, 1, 2, ..., d, d+2, ..., n. */
static void series_with_inversions(double *x, size_t n, size_t d)
{
    x[0] = (double)(d + 1);
    for (size_t i = 1; i <= d; i++)
        x[i] = (double)i;
    for (size_t i = d + 1; i < n; i++)
        x[i] = (double)(i + 1);
}

/* methods.md §3: exact one-sided P(S >= s) without ties (6 decimals, also the exact rationals) and
 * the normal + continuity column as p_normal/2 of a series with that S. */
static void test_mk_exact_table(void **state)
{
    (void)state;
    static const struct {
        size_t n;
        long s;
        double exact, normal, num, den;
    } rows[] = {
        {4, 6, 0.041667, 0.044715, 1, 24},     {5, 10, 0.008333, 0.013743, 1, 120},
        {5, 8, 0.041667, 0.043205, 1, 24},     {6, 15, 0.001389, 0.004267, 1, 720},
        {6, 13, 0.008333, 0.012085, 1, 120},   {6, 11, 0.027778, 0.030145, 1, 36},
        {7, 15, 0.015079, 0.017749, 19, 1260}, {8, 18, 0.015575, 0.017724, 157, 10080},
    };
    for (size_t r = 0; r < ARRAY_LEN(rows); r++) {
        double up = chiso_stats_mk_exact_upper(rows[r].n, rows[r].s);
        assert_true(fabs(up - rows[r].exact) <= 1e-6);
        assert_rel(up, rows[r].num / rows[r].den, 1e-12);

        double x[10];
        size_t n = rows[r].n, nn = n * (n - 1) / 2;
        series_with_inversions(x, n, (nn - (size_t)rows[r].s) / 2);
        chiso_mk m;
        chiso_error err;
        assert_int_equal(chiso_stats_mann_kendall(x, n, &m, &err), CHISO_OK);
        assert_mk_finite(&m);
        assert_rel(m.s, (double)rows[r].s, 1e-12);
        assert_true(fabs(m.p_normal / 2 - rows[r].normal) <= 1e-6);
        assert_int_equal(m.exact, 1);
        assert_rel(m.p, 2 * rows[r].num / rows[r].den, 1e-12);
    }
}

static void test_mk_exact_upper_range(void **state)
{
    (void)state;
    assert_true(isnan(chiso_stats_mk_exact_upper(2, 1)));
    assert_true(isnan(chiso_stats_mk_exact_upper(61, 0)));
    assert_rel(chiso_stats_mk_exact_upper(5, 11), 0.0, 1e-15);
    assert_rel(chiso_stats_mk_exact_upper(5, -10), 1.0, 1e-15);
    assert_rel(chiso_stats_mk_exact_upper(5, -8), 119.0 / 120.0, 1e-12);
    /* n = 60, N = 1770: the top is 1/60!, and P(S >= s) + P(S >= 2 − s) = 1 by symmetry */
    double fact60 = 1;
    for (int i = 2; i <= 60; i++)
        fact60 *= i;
    assert_rel(chiso_stats_mk_exact_upper(60, 1770) * fact60, 1.0, 1e-9);
    double a = chiso_stats_mk_exact_upper(60, 100), b = chiso_stats_mk_exact_upper(60, -98);
    assert_rel(a + b, 1.0, 1e-12);
    /* and close to the normal approximation with continuity at n = 60 */
    double var = 60.0 * 59 * 125 / 18;
    double pn = 0.5 * erfc((100.0 - 1) / sqrt(var) / sqrt(2.0));
    assert_true(fabs(a - pn) < 2e-3);
}

/* S of x by definition. */
static long brute_s(const double *x, size_t n)
{
    long s = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            s += (x[j] > x[i]) - (x[j] < x[i]);
    return s;
}

/* Distribution of S over all n! orderings of v (Heap's algorithm), ties included: hist[S + N]. */
static void brute_hist(const double *v, size_t n, double *hist)
{
    double a[10];
    size_t c[10] = {0};
    long nn = (long)(n * (n - 1) / 2);
    memcpy(a, v, n * sizeof *v);
    hist[brute_s(a, n) + nn] += 1;
    size_t i = 1;
    while (i < n) {
        if (c[i] < i) {
            size_t k = i % 2 == 0 ? 0 : c[i];
            double tmp = a[k];
            a[k] = a[i];
            a[i] = tmp;
            hist[brute_s(a, n) + nn] += 1;
            c[i]++;
            i = 1;
        } else {
            c[i] = 0;
            i++;
        }
    }
}

static double brute_upper(const double *hist, size_t n, long s)
{
    long nn = (long)(n * (n - 1) / 2);
    double tot = 0, up = 0;
    for (long v = -nn; v <= nn; v++) {
        tot += hist[v + nn];
        if (v >= s)
            up += hist[v + nn];
    }
    return up / tot;
}

static void test_mk_exact_vs_bruteforce(void **state)
{
    (void)state;
    /* no ties: Kendall's recursion against all 7! permutations, every s */
    double v7[] = {1, 2, 3, 4, 5, 6, 7}, h7[43] = {0};
    brute_hist(v7, 7, h7);
    for (long s = -22; s <= 22; s++)
        assert_rel(chiso_stats_mk_exact_upper(7, s), brute_upper(h7, 7, s), 1e-12);

    /* ties: enumeration of distinct orderings against all 8! permutations of a tied series */
    double x[] = {3.2, 1.5, 3.2, 2.4, 5.1, 2.4, 3.2, 4.7}, h8[57] = {0};
    brute_hist(x, 8, h8);
    chiso_mk m;
    chiso_error err;
    assert_int_equal(chiso_stats_mann_kendall(x, 8, &m, &err), CHISO_OK);
    assert_mk_finite(&m);
    assert_int_equal(m.exact, 1);
    long s = brute_s(x, 8);
    assert_rel(m.s, (double)s, 0);
    double want = 2 * brute_upper(h8, 8, labs(s));
    assert_rel(m.p, want > 1 ? 1 : want, 1e-12);
    /* Var(S) with tie groups of 3 and 2: [8·7·21 − 3·2·11 − 2·1·9]/18 */
    assert_rel(m.var_s, (8.0 * 7 * 21 - 66 - 18) / 18, 1e-12);
    /* τ_b = S/√[(N − Σt(t−1)/2)·N] with Σt(t−1)/2 = 3 + 1 */
    assert_rel(m.tau_b, (double)s / sqrt((28.0 - 4) * 28), 1e-12);
    assert_rel(m.tau_a, (double)s / 28, 1e-12);

    /* the same series reversed: S changes sign, p does not */
    double xr[8];
    for (size_t i = 0; i < 8; i++)
        xr[i] = x[7 - i];
    chiso_mk mr;
    assert_int_equal(chiso_stats_mann_kendall(xr, 8, &mr, &err), CHISO_OK);
    assert_rel(mr.s, -m.s, 0);
    assert_rel(mr.p, m.p, 1e-12);
}

/* n = 10 with two tie groups of five: S = 25 − 2·(inversions), the distinct orderings are the
 * C(10,5) = 252 arrangements, so the sorted series has two-sided p = 2/252 (the Mann–Whitney
 * extreme); one inversion (S = 23) is reached by one more ordering. */
static void test_mk_exact_ties_closed_form(void **state)
{
    (void)state;
    double x[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    chiso_mk m;
    chiso_error err;
    assert_int_equal(chiso_stats_mann_kendall(x, 10, &m, &err), CHISO_OK);
    assert_mk_finite(&m);
    assert_rel(m.s, 25, 0);
    assert_int_equal(m.exact, 1);
    assert_rel(m.p, 2.0 / 252.0, 1e-12);
    /* swapping the middle pair is one inversion: S = 23, P(S >= 23) = 2/252 */
    x[4] = 1;
    x[5] = 0;
    assert_int_equal(chiso_stats_mann_kendall(x, 10, &m, &err), CHISO_OK);
    assert_rel(m.s, 23, 0);
    assert_rel(m.p, 4.0 / 252.0, 1e-12);

    /* n = 10, one tied pair, sorted: S = 44 is reached by this ordering alone among the 10!/2
     * distinct ones, so p = 2·2/10! */
    double y[] = {1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 9.5};
    assert_int_equal(chiso_stats_mann_kendall(y, 10, &m, &err), CHISO_OK);
    assert_mk_finite(&m);
    assert_rel(m.s, 44, 0);
    assert_rel(m.p, 4.0 / 3628800.0, 1e-12);
    assert_rel(m.var_s, (10.0 * 9 * 25 - 2 * 1 * 9) / 18, 1e-12);
}

static void test_mk_small_and_zero(void **state)
{
    (void)state;
    chiso_mk m;
    chiso_error err;
    double up[] = {1, 2, 3, 4};
    assert_int_equal(chiso_stats_mann_kendall(up, 4, &m, &err), CHISO_OK);
    assert_mk_finite(&m);
    assert_rel(m.p, 2.0 / 24, 1e-12); /* the "0.083" of §3: too few terms to test */
    double flat[] = {2, 1, 3, 2.5, 1.5};
    /* S = 0: pairs (2,1)− (2,3)+ (2,2.5)+ (2,1.5)− (1,3)+ (1,2.5)+ (1,1.5)+ (3,2.5)− (3,1.5)−
     * (2.5,1.5)− */
    assert_int_equal(chiso_stats_mann_kendall(flat, 5, &m, &err), CHISO_OK);
    assert_mk_finite(&m);
    assert_rel(m.s, 0, 0);
    assert_rel(m.z, 0, 0);
    assert_rel(m.p, 1, 0);
    assert_rel(m.p_normal, 1, 0);
}

static void test_mk_errors(void **state)
{
    (void)state;
    chiso_mk m;
    chiso_error err;
    double x[] = {1, 2, 3};
    chiso_error_clear(&err);
    assert_error(chiso_stats_mann_kendall(x, 2, &m, &err), &err, CHISO_EDOMAIN);
    assert_non_null(strstr(err.msg, "at least 3"));
    assert_error(chiso_stats_mann_kendall(NULL, 3, &m, &err), &err, CHISO_EINVAL);
    assert_error(chiso_stats_mann_kendall(x, 3, NULL, &err), &err, CHISO_EINVAL);
    double bad[] = {1, NAN, 3};
    assert_error(chiso_stats_mann_kendall(bad, 3, &m, &err), &err, CHISO_EDOMAIN);
    bad[1] = INFINITY;
    assert_error(chiso_stats_mann_kendall(bad, 3, &m, &err), &err, CHISO_EDOMAIN);
    double same[] = {100, 100, 100, 100};
    assert_error(chiso_stats_mann_kendall(same, 4, &m, &err), &err, CHISO_EDOMAIN);
    /* err may be NULL */
    assert_int_equal(chiso_stats_mann_kendall(x, 1, &m, NULL), CHISO_EDOMAIN);
}

/* ---- Sen's slope ----------------------------------------------------------------------------- */

static void test_sen_vectors(void **state)
{
    (void)state;
    chiso_sen s;
    chiso_error err;
    double t[22];

    /* A, t = 0..13: N = 91, C = 1.959964·√332.667 = 35.748, ranks 28 and 64 */
    seq(t, 14, 0);
    assert_int_equal(chiso_stats_sen(t, vec_a, 14, &s, &err), CHISO_OK);
    assert_int_equal(s.n_slopes, 91);
    assert_rel(s.slope, 0.5666667, 1e-6);
    assert_rel(s.slope, 17.0 / 30.0, 1e-12);
    assert_rel(s.intercept, 11.9666667, 1e-6);
    assert_int_equal(s.ci_available, 1);
    assert_rel(s.ci95_lo, 0.325, 1e-9);
    assert_rel(s.ci95_hi, 0.8666667, 1e-6);
    assert_rel(s.ci95_hi, 13.0 / 15.0, 1e-12);

    /* B, t = 0..8 */
    seq(t, 9, 0);
    assert_int_equal(chiso_stats_sen(t, vec_b, 9, &s, &err), CHISO_OK);
    assert_rel(s.slope, 0.1833333, 1e-6);
    assert_rel(s.slope, 11.0 / 60.0, 1e-12);
    assert_rel(s.intercept, 2.8666667, 1e-6);
    /* N = 36, C = 1.959964·√92 = 18.80, ranks 9 and 28 */
    assert_int_equal(s.ci_available, 1);
    assert_rel(s.ci95_lo, -0.2, 1e-12);
    assert_rel(s.ci95_hi, 0.48, 1e-12);

    /* C, t = 0..21; the slope does not depend on the origin of t, the intercept does */
    seq(t, 22, 0);
    assert_int_equal(chiso_stats_sen(t, vec_c, 22, &s, &err), CHISO_OK);
    assert_rel(s.slope, 0.6666667, 1e-6);
    assert_rel(s.slope, 2.0 / 3.0, 1e-12);
    assert_rel(s.intercept, 18.5, 1e-12); /* median 25.5 − 10.5·2/3 */
    seq(t, 22, 1);
    assert_int_equal(chiso_stats_sen(t, vec_c, 22, &s, &err), CHISO_OK);
    assert_rel(s.slope, 2.0 / 3.0, 1e-12);
    assert_rel(s.intercept, 25.5 - 11.5 * 2.0 / 3.0, 1e-12);
}

static void test_sen_ci_unavailable_and_tied_t(void **state)
{
    (void)state;
    chiso_sen s;
    chiso_error err;
    /* n = 3: N = 3, C = 1.96·√(11/3) = 3.75, rank round(−0.375) = 0 is outside 1..3 */
    double t3[] = {0, 1, 2}, x3[] = {10, 12, 15};
    assert_int_equal(chiso_stats_sen(t3, x3, 3, &s, &err), CHISO_OK);
    assert_int_equal(s.ci_available, 0);
    assert_true(isnan(s.ci95_lo) && isnan(s.ci95_hi));
    assert_rel(s.slope, 2.5, 1e-12); /* slopes 2, 2.5, 3 */
    assert_rel(s.intercept, 12 - 1 * 2.5, 1e-12);
    assert_true(isfinite(s.slope) && isfinite(s.intercept));

    /* tied times: the pair with t_j = t_i is skipped. Slopes 4 and 2, median 3 */
    double tt[] = {0, 0, 1}, xt[] = {1, 3, 5};
    assert_int_equal(chiso_stats_sen(tt, xt, 3, &s, &err), CHISO_OK);
    assert_int_equal(s.n_slopes, 2);
    assert_rel(s.slope, 3, 1e-12);
    assert_rel(s.intercept, 3 - 0 * 3.0, 1e-12);

    /* a constant series: slope 0, Var(S) = 0 so C = 0 and the CI is the middle pair */
    double t5[] = {1, 2, 3, 4, 5}, x5[] = {7, 7, 7, 7, 7};
    assert_int_equal(chiso_stats_sen(t5, x5, 5, &s, &err), CHISO_OK);
    assert_rel(s.slope, 0, 0);
    assert_rel(s.intercept, 7, 0);
    assert_int_equal(s.ci_available, 1);
    assert_rel(s.ci95_lo, 0, 0);
    assert_rel(s.ci95_hi, 0, 0);
}

static void test_sen_errors(void **state)
{
    (void)state;
    chiso_sen s;
    chiso_error err;
    double t[] = {1, 2, 3}, x[] = {4, 5, 6};
    assert_error(chiso_stats_sen(t, x, 2, &s, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_sen(NULL, x, 3, &s, &err), &err, CHISO_EINVAL);
    assert_error(chiso_stats_sen(t, NULL, 3, &s, &err), &err, CHISO_EINVAL);
    assert_error(chiso_stats_sen(t, x, 3, NULL, &err), &err, CHISO_EINVAL);
    double tn[] = {1, NAN, 3};
    assert_error(chiso_stats_sen(tn, x, 3, &s, &err), &err, CHISO_EDOMAIN);
    double xn[] = {4, 5, -INFINITY};
    assert_error(chiso_stats_sen(t, xn, 3, &s, &err), &err, CHISO_EDOMAIN);
    double tc[] = {2, 2, 2};
    assert_error(chiso_stats_sen(tc, x, 3, &s, &err), &err, CHISO_EDOMAIN);
    /* slopes that overflow */
    double th[] = {0, 1e-300, 2e-300}, xh[] = {-1e300, 1e300, 0};
    assert_error(chiso_stats_sen(th, xh, 3, &s, &err), &err, CHISO_EDOMAIN);
}

/* ---- OLS ------------------------------------------------------------------------------------- */

/* Vector B on t = 1..9. The p and R² are recomputed: p from the closed form of Student's t with
 * 7 df (θ = atan(t/√7), p = 1 − (2/π)[θ + sinθ·cosθ·(1 + 2/3·cos²θ + 8/15·cos⁴θ)]), R² = 1 −
 * RSS/TSS in exact fractions (TSS = 7.8145..., R² = 0.354869206710264). */
static void test_ols_vector_b(void **state)
{
    (void)state;
    double t[9];
    seq(t, 9, 1);
    chiso_linfit f;
    chiso_error err;
    assert_int_equal(chiso_stats_ols(t, vec_b, 9, &f, &err), CHISO_OK);
    assert_linfit_finite(&f);
    assert_int_equal(f.n, 9);
    assert_int_equal(f.weighted, 0);
    assert_rel(f.slope, 0.215, 1e-12);
    assert_rel(f.se_slope, 0.109566848, 1e-8);
    assert_rel(f.intercept, 2.547222222, 1e-9);
    assert_rel(f.chisq, 5.042055556, 1e-9);
    assert_rel(f.t_crit, 2.364624252, 1e-9);
    assert_rel(f.ci95_lo, -0.04408442594, 1e-9);
    assert_rel(f.ci95_hi, 0.4740844259, 1e-9);
    assert_rel(f.se_intercept, 0.6165670947782697, 1e-9);
    double tv = 0.215 / 0.10956684799652758, th = atan(tv / sqrt(7.0)), c = cos(th);
    double c2 = c * c;
    double p = 1 - (2 / acos(-1.0)) * (th + sin(th) * c * (1 + 2.0 / 3 * c2 + 8.0 / 15 * c2 * c2));
    assert_rel(f.p, p, 1e-9);
    assert_rel(f.p, 0.0905161190710807, 1e-9);
    assert_rel(f.r2, 0.354869206710264, 1e-9);
}

/* NIST StRD "Norris" (36 observations, lower difficulty). The data and the certified B0, B1, their
 * standard deviations and the residual sum of squares are copied from GSL's own test of
 * gsl_fit_linear, fit/test.c (GSL mirror github.com/BrianGladman/gsl, commit 03845d3b1a5c9f36c48fc
 * 2d6589665342e8a2773); GSL's file does not hold the residual standard deviation and R², which are
 * the NIST certified values of https://www.itl.nist.gov/div898/strd/lls/data/Norris.shtml (as
 * quoted with the rest of that page in the GAMS test-library model LS01). */
static void test_ols_norris(void **state)
{
    (void)state;
    static const double nx[] = {0.2,   337.4, 118.2, 884.6, 10.1,  226.5, 666.3, 996.3, 448.6,
                                777.0, 558.2, 0.4,   0.6,   775.5, 666.9, 338.0, 447.5, 11.6,
                                556.0, 228.1, 995.8, 887.6, 120.2, 0.3,   0.3,   556.8, 339.1,
                                887.2, 999.0, 779.0, 11.1,  118.3, 229.2, 669.1, 448.9, 0.5};
    static const double ny[] = {0.1,   338.8, 118.1, 888.0, 9.2,   228.1, 668.5, 998.5, 449.1,
                                778.9, 559.2, 0.3,   0.1,   778.1, 668.8, 339.3, 448.9, 10.8,
                                557.7, 228.3, 998.0, 888.8, 119.6, 0.3,   0.6,   557.6, 339.3,
                                888.0, 998.5, 778.9, 10.2,  117.6, 228.9, 668.4, 449.2, 0.2};
    chiso_linfit f;
    chiso_error err;
    assert_int_equal(chiso_stats_ols(nx, ny, 36, &f, &err), CHISO_OK);
    assert_linfit_finite(&f);
    assert_rel(f.intercept, -0.262323073774029, 1e-9);
    assert_rel(f.slope, 1.00211681802045, 1e-9);
    assert_rel(f.se_intercept, 0.232818234301152, 1e-9);
    assert_rel(f.se_slope, 0.429796848199937E-03, 1e-9);
    assert_rel(f.chisq, 26.6173985294224, 1e-9);
    assert_rel(sqrt(f.chisq / 34), 0.884796396144373, 1e-9);
    assert_rel(f.r2, 0.999993745883712, 1e-9);
    /* t = B1/sd(B1) = 2331.6 with 34 df: p = I_{34/(34+t²)}(17, 1/2), recomputed by the
     * hypergeometric series of the incomplete beta (no cancellation at this size) */
    assert_rel(f.p / 4.654040852473071e-90, 1, 1e-6);
}

static void test_ols_perfect_and_flat(void **state)
{
    (void)state;
    chiso_linfit f;
    chiso_error err;
    /* y = 2 + 3x exactly: RSS = 0, se = 0, p = 0 by convention, CI = the point */
    double x[] = {1, 2, 3, 4}, y[] = {5, 8, 11, 14};
    assert_int_equal(chiso_stats_ols(x, y, 4, &f, &err), CHISO_OK);
    assert_linfit_finite(&f);
    assert_rel(f.slope, 3, 1e-12);
    assert_rel(f.intercept, 2, 1e-12);
    assert_rel(f.chisq, 0, 1e-20);
    assert_rel(f.se_slope, 0, 1e-12);
    assert_rel(f.p, 0, 1e-12);
    assert_rel(f.r2, 1, 1e-12);
    assert_rel(f.ci95_lo, 3, 1e-12);
    assert_rel(f.ci95_hi, 3, 1e-12);
    /* constant y: slope 0, se 0, p = 1, R² = 0 by convention (nothing to explain) */
    double yc[] = {0.1, 0.1, 0.1, 0.1};
    assert_int_equal(chiso_stats_ols(x, yc, 4, &f, &err), CHISO_OK);
    assert_linfit_finite(&f);
    assert_rel(f.slope, 0, 1e-15);
    assert_rel(f.p, 1, 0);
    assert_rel(f.r2, 0, 0);
}

static void test_ols_errors(void **state)
{
    (void)state;
    chiso_linfit f;
    chiso_error err;
    double x[] = {1, 2, 3}, y[] = {4, 5, 7};
    assert_error(chiso_stats_ols(x, y, 2, &f, &err), &err, CHISO_EDOMAIN);
    assert_non_null(strstr(err.msg, "too few points for a trend: 2 (at least 3 are needed)"));
    assert_error(chiso_stats_ols(x, y, 0, &f, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_ols(NULL, y, 3, &f, &err), &err, CHISO_EINVAL);
    assert_error(chiso_stats_ols(x, NULL, 3, &f, &err), &err, CHISO_EINVAL);
    assert_error(chiso_stats_ols(x, y, 3, NULL, &err), &err, CHISO_EINVAL);
    double xn[] = {1, NAN, 3}, yn[] = {4, 5, INFINITY}, xc[] = {2, 2, 2};
    assert_error(chiso_stats_ols(xn, y, 3, &f, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_ols(x, yn, 3, &f, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_ols(xc, y, 3, &f, &err), &err, CHISO_EDOMAIN);
    /* x spread too small for the arithmetic: Σ(x − x̄)² underflows, GSL would return NaN */
    double xt[] = {1e-300, 2e-300, 3e-300};
    assert_error(chiso_stats_ols(xt, y, 3, &f, &err), &err, CHISO_EDOMAIN);
}

/* ---- WLS ------------------------------------------------------------------------------------- */

/* Vector D (GSL manual): relative = 0 is GSL's covariance; relative = 1 scales it by
 * chisq/(n−2). */
static void test_wls_vector_d(void **state)
{
    (void)state;
    double x[] = {1970, 1980, 1990, 2000}, y[] = {12, 11, 14, 13}, w[] = {0.1, 0.2, 0.3, 0.4};
    chiso_linfit f;
    chiso_error err;
    assert_int_equal(chiso_stats_wls(x, y, w, 4, 0, &f, &err), CHISO_OK);
    assert_linfit_finite(&f);
    assert_int_equal(f.weighted, 1);
    assert_rel(f.intercept, -106.6, 1e-9);
    assert_rel(f.slope, 0.06, 1e-9);
    assert_rel(f.cov00, 39602, 1e-9);
    assert_rel(f.cov01, -19.9, 1e-9);
    assert_rel(f.cov11, 0.01, 1e-9);
    assert_rel(f.chisq, 0.8, 1e-9);
    assert_rel(f.se_slope, 0.1, 1e-9);
    /* weighted R²: ȳ_w = 12.8, TSS_w = 0.1·0.64 + 0.2·3.24 + 0.3·1.44 + 0.4·0.04 = 1.16 */
    assert_rel(f.r2, 1 - 0.8 / 1.16, 1e-9);

    assert_int_equal(chiso_stats_wls(x, y, w, 4, 1, &f, &err), CHISO_OK);
    assert_linfit_finite(&f);
    assert_rel(f.slope, 0.06, 1e-9);
    assert_rel(f.cov00, 39602 * 0.4, 1e-9);
    assert_rel(f.cov01, -19.9 * 0.4, 1e-9);
    assert_rel(f.cov11, 0.01 * 0.4, 1e-9);
    assert_rel(f.chisq, 0.8, 1e-9);
    assert_rel(f.se_slope, sqrt(0.004), 1e-9);
    assert_rel(f.t_crit, chiso_stats_t_quantile(0.975, 2), 1e-12);
    assert_rel(f.ci95_hi, 0.06 + f.t_crit * sqrt(0.004), 1e-9);
}

/* Relative weights that are all equal give exactly the OLS inference, whatever their size. */
static void test_wls_equal_weights_is_ols(void **state)
{
    (void)state;
    double t[9], w[9];
    seq(t, 9, 1);
    for (size_t i = 0; i < 9; i++)
        w[i] = 2.385;
    chiso_linfit o, f;
    chiso_error err;
    assert_int_equal(chiso_stats_ols(t, vec_b, 9, &o, &err), CHISO_OK);
    assert_int_equal(chiso_stats_wls(t, vec_b, w, 9, 1, &f, &err), CHISO_OK);
    assert_linfit_finite(&f);
    assert_rel(f.slope, o.slope, 1e-12);
    assert_rel(f.intercept, o.intercept, 1e-12);
    assert_rel(f.se_slope, o.se_slope, 1e-12);
    assert_rel(f.se_intercept, o.se_intercept, 1e-12);
    assert_rel(f.p, o.p, 1e-12);
    assert_rel(f.r2, o.r2, 1e-12);
    assert_rel(f.chisq, 2.385 * o.chisq, 1e-12);
}

static void test_wls_errors(void **state)
{
    (void)state;
    chiso_linfit f;
    chiso_error err;
    double x[] = {1, 2, 3}, y[] = {4, 5, 7}, w[] = {1, 2, 3};
    assert_error(chiso_stats_wls(x, y, w, 2, 1, &f, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_wls(x, y, NULL, 3, 1, &f, &err), &err, CHISO_EINVAL);
    double w0[] = {1, 0, 3}, wn[] = {1, -2, 3}, wnan[] = {1, NAN, 3}, winf[] = {INFINITY, 1, 1};
    assert_error(chiso_stats_wls(x, y, w0, 3, 1, &f, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_wls(x, y, wn, 3, 0, &f, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_wls(x, y, wnan, 3, 0, &f, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_wls(x, y, winf, 3, 0, &f, &err), &err, CHISO_EDOMAIN);
    double xc[] = {5, 5, 5}, yn[] = {NAN, 1, 2};
    assert_error(chiso_stats_wls(xc, y, w, 3, 1, &f, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_wls(x, yn, w, 3, 1, &f, &err), &err, CHISO_EDOMAIN);
}

/* ---- CAGR ------------------------------------------------------------------------------------ */

static void test_cagr(void **state)
{
    (void)state;
    double r;
    chiso_error err;
    assert_int_equal(chiso_stats_cagr(100, 121, 2, &r, &err), CHISO_OK);
    assert_rel(r, 0.1, 1e-12);
    assert_int_equal(chiso_stats_cagr(80, 40, 1, &r, &err), CHISO_OK);
    assert_rel(r, -0.5, 1e-12);
    assert_int_equal(chiso_stats_cagr(5, 0, 3, &r, &err), CHISO_OK);
    assert_rel(r, -1, 1e-12);
    assert_int_equal(chiso_stats_cagr(1247, 1600, 4.5, &r, &err), CHISO_OK);
    assert_rel(r, pow(1600.0 / 1247.0, 1 / 4.5) - 1, 1e-12);
    assert_error(chiso_stats_cagr(0, 1, 1, &r, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_cagr(-1, 1, 1, &r, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_cagr(1, -1, 1, &r, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_cagr(1, 1, 0, &r, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_cagr(1, NAN, 1, &r, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_cagr(1, 1, INFINITY, &r, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_cagr(1e-300, 1e300, 1e-3, &r, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_cagr(1, 2, 1, NULL, &err), &err, CHISO_EINVAL);
}

/* ---- Poisson --------------------------------------------------------------------------------- */

static void test_poisson_score_equations(void **state)
{
    (void)state;
    double t[] = {0, 1, 2, 3, 4, 5, 6};
    double y[] = {12, 15, 11, 19, 22, 18, 27};
    double e[] = {100, 110, 95, 120, 130, 115, 140};
    chiso_poisson p;
    chiso_error err;
    assert_int_equal(chiso_stats_poisson_trend(t, y, e, 7, &p, &err), CHISO_OK);
    assert_poisson_finite(&p);
    assert_int_equal(p.n, 7);
    assert_true(p.iterations >= 1 && p.iterations <= 50);
    double s0 = 0, s1 = 0, dev = 0, i00 = 0, i01 = 0, i11 = 0;
    for (size_t i = 0; i < 7; i++) {
        double mu = e[i] * exp(p.b0 + p.b1 * t[i]);
        s0 += y[i] - mu;
        s1 += t[i] * (y[i] - mu);
        dev += 2 * (y[i] * log(y[i] / mu) - (y[i] - mu));
        i00 += mu;
        i01 += t[i] * mu;
        i11 += t[i] * t[i] * mu;
    }
    assert_rel(s0, 0, 1e-9);
    assert_rel(s1, 0, 1e-9);
    assert_rel(p.deviance, dev, 1e-9);
    /* SEs from the inverse of the Fisher information [Σμ Σtμ; Σtμ Σt²μ] */
    double det = i00 * i11 - i01 * i01;
    assert_rel(p.se_b0, sqrt(i11 / det), 1e-9);
    assert_rel(p.se_b1, sqrt(i00 / det), 1e-9);
    assert_rel(p.rate_ratio, exp(p.b1), 1e-12);
    assert_rel(p.ci95_lo, exp(p.b1 - Z975 * p.se_b1), 1e-12);
    assert_rel(p.ci95_hi, exp(p.b1 + Z975 * p.se_b1), 1e-12);
    assert_rel(p.p, erfc(fabs(p.b1 / p.se_b1) / sqrt(2.0)), 1e-9);
}

/* Counts exactly proportional to exposure·r^t: the fit is exact, deviance 0, rate ratio r. */
static void test_poisson_proportional(void **state)
{
    (void)state;
    double t[] = {2010, 2011, 2012, 2013, 2014};
    double e[] = {32, 16, 8, 64, 20};
    double y[5];
    for (size_t i = 0; i < 5; i++)
        y[i] = 2.0 * e[i] * pow(1.5, t[i] - 2010);
    chiso_poisson p;
    chiso_error err;
    assert_int_equal(chiso_stats_poisson_trend(t, y, e, 5, &p, &err), CHISO_OK);
    assert_poisson_finite(&p);
    assert_rel(p.rate_ratio, 1.5, 1e-9);
    assert_rel(p.b1, log(1.5), 1e-9);
    assert_rel(p.deviance, 0, 1e-9);
    assert_rel(p.b0 + p.b1 * 2010, log(2.0), 1e-8);

    /* a falling rate over terms 1..4, with a zero count: y·log(y/μ) = 0 for y = 0 */
    double t4[] = {1, 2, 3, 4}, e4[] = {10, 10, 10, 10}, y4[] = {8, 4, 0, 3};
    assert_int_equal(chiso_stats_poisson_trend(t4, y4, e4, 4, &p, &err), CHISO_OK);
    assert_poisson_finite(&p);
    assert_true(p.rate_ratio < 1);
    double s0 = 0, s1 = 0, dev = 0;
    for (size_t i = 0; i < 4; i++) {
        double mu = e4[i] * exp(p.b0 + p.b1 * t4[i]);
        s0 += y4[i] - mu;
        s1 += t4[i] * (y4[i] - mu);
        dev += 2 * ((y4[i] > 0 ? y4[i] * log(y4[i] / mu) : 0) - (y4[i] - mu));
    }
    assert_rel(s0, 0, 1e-9);
    assert_rel(s1, 0, 1e-9);
    assert_rel(p.deviance, dev, 1e-9);
}

/* Two distinct times, each repeated: the MLE rate at each time is Σy/Σexposure of its group, so
 * exp(b1) = r2/r1, exp(b0) = r1 (t1 = 0) and se_b1 = √(1/Y1 + 1/Y2), se_b0 = √(1/Y1). */
static void test_poisson_two_groups(void **state)
{
    (void)state;
    double t[] = {0, 0, 0, 1, 1};
    double e[] = {10, 20, 30, 15, 25};
    double y[] = {3, 7, 5, 12, 9};
    double y1 = 15, e1 = 60, y2 = 21, e2 = 40, r1 = y1 / e1, r2 = y2 / e2;
    chiso_poisson p;
    chiso_error err;
    assert_int_equal(chiso_stats_poisson_trend(t, y, e, 5, &p, &err), CHISO_OK);
    assert_poisson_finite(&p);
    assert_rel(p.rate_ratio, 2.1, 1e-9);
    assert_rel(p.rate_ratio, r2 / r1, 1e-9);
    assert_rel(p.b0, log(r1), 1e-9);
    assert_rel(p.se_b1, sqrt(1 / y1 + 1 / y2), 1e-9);
    assert_rel(p.se_b0, sqrt(1 / y1), 1e-9);
    double dev = 0;
    for (size_t i = 0; i < 5; i++) {
        double mu = e[i] * (t[i] == 0 ? r1 : r2);
        dev += 2 * (y[i] * log(y[i] / mu) - (y[i] - mu));
    }
    assert_rel(p.deviance, dev, 1e-9);
    double se = sqrt(1 / y1 + 1 / y2);
    assert_rel(p.ci95_lo, 2.1 * exp(-Z975 * se), 1e-9);
    assert_rel(p.ci95_hi, 2.1 * exp(Z975 * se), 1e-9);
    assert_rel(p.p, erfc(log(2.1) / se / sqrt(2.0)), 1e-9);
    /* with t2 = 2 instead of 1, b1 halves and so does its SE */
    double t2[] = {0, 0, 0, 2, 2};
    assert_int_equal(chiso_stats_poisson_trend(t2, y, e, 5, &p, &err), CHISO_OK);
    assert_rel(p.b1, log(2.1) / 2, 1e-9);
    assert_rel(p.se_b1, se / 2, 1e-9);
}

/* Quasi-Poisson: dispersion and widened intervals, against R 4.2.2:
 *   t <- 1:6; y <- c(12, 30, 18, 45, 28, 60); e <- c(10, 11, 12, 12, 13, 14)
 *   s <- summary(glm(y ~ t + offset(log(e)), family = quasipoisson,
 *                    control = glm.control(epsilon = 1e-15, maxit = 100)))   # R's default 1e-8 stops early
 *   s$dispersion = 4.54336442076853; coef: t 0.178355009801758, se 0.0946609476193922,
 *   Pr(>|t|) 0.132644340346251; Pearson X² 18.1734576830405;
 *   exp(b ± qt(0.975, 4)·se) = 0.919002979180374, 1.554534174437280.
 * An underdispersed series (y2 <- 10:15) has dispersion 0.00753873133609497 and keeps the Poisson figures
 * (se 0.0681453557838711, p 0.787842729624768). */
static void test_poisson_quasi(void **state)
{
    (void)state;
    double t[] = {1, 2, 3, 4, 5, 6};
    double y[] = {12, 30, 18, 45, 28, 60};
    double e[] = {10, 11, 12, 12, 13, 14};
    chiso_poisson p;
    chiso_error err;
    assert_int_equal(chiso_stats_poisson_trend(t, y, e, 6, &p, &err), CHISO_OK);
    assert_true(fabs(p.b1 - 0.178355009801758) < 1e-9);
    assert_true(fabs(p.pearson_chi2 - 18.1734576830405) < 1e-8);
    assert_true(fabs(p.df - 4) < 1e-15);
    assert_true(fabs(p.dispersion - 4.54336442076853) < 1e-9);
    assert_int_equal(p.overdispersed, 1);
    assert_true(fabs(p.qp_se_b1 - 0.0946609476193922) < 1e-9);
    assert_true(fabs(p.qp_p - 0.132644340346251) < 1e-9);
    assert_true(fabs(p.qp_ci95_lo - 0.919002979180374) < 1e-9);
    assert_true(fabs(p.qp_ci95_hi - 1.554534174437280) < 1e-9);
    /* the Poisson interval is narrower by √φ on the log scale */
    assert_true(fabs(log(p.ci95_hi / p.ci95_lo) * sqrt(p.dispersion) * gsl_cdf_tdist_Pinv(0.975, 4) /
                     gsl_cdf_ugaussian_Pinv(0.975) - log(p.qp_ci95_hi / p.qp_ci95_lo)) < 1e-9);
    double y2[] = {10, 11, 12, 13, 14, 15};
    assert_int_equal(chiso_stats_poisson_trend(t, y2, e, 6, &p, &err), CHISO_OK);
    assert_true(fabs(p.dispersion - 0.00753873133609497) < 1e-9);
    assert_int_equal(p.overdispersed, 0);
    assert_true(fabs(p.se_b1 - 0.0681453557838711) < 1e-9);
    assert_true(p.qp_se_b1 == p.se_b1 && p.qp_ci95_lo == p.ci95_lo && p.qp_ci95_hi == p.ci95_hi);
    assert_true(p.qp_p == p.p && fabs(p.qp_p - 0.787842729624768) < 1e-7); /* R default epsilon: 1e-7 */
}

static void test_poisson_errors(void **state)
{
    (void)state;
    chiso_poisson p;
    chiso_error err;
    double t[] = {1, 2, 3}, y[] = {4, 5, 7}, e[] = {10, 10, 10};
    assert_error(chiso_stats_poisson_trend(t, y, e, 2, &p, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_poisson_trend(NULL, y, e, 3, &p, &err), &err, CHISO_EINVAL);
    assert_error(chiso_stats_poisson_trend(t, NULL, e, 3, &p, &err), &err, CHISO_EINVAL);
    assert_error(chiso_stats_poisson_trend(t, y, NULL, 3, &p, &err), &err, CHISO_EINVAL);
    assert_error(chiso_stats_poisson_trend(t, y, e, 3, NULL, &err), &err, CHISO_EINVAL);
    double e0[] = {10, 0, 10}, eneg[] = {10, -1, 10}, enan[] = {10, NAN, 10};
    assert_error(chiso_stats_poisson_trend(t, y, e0, 3, &p, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_poisson_trend(t, y, eneg, 3, &p, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_poisson_trend(t, y, enan, 3, &p, &err), &err, CHISO_EDOMAIN);
    double yneg[] = {4, -1, 7}, ynan[] = {4, NAN, 7}, yinf[] = {INFINITY, 1, 7}, y0[] = {0, 0, 0};
    assert_error(chiso_stats_poisson_trend(t, yneg, e, 3, &p, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_poisson_trend(t, ynan, e, 3, &p, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_poisson_trend(t, yinf, e, 3, &p, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_poisson_trend(t, y0, e, 3, &p, &err), &err, CHISO_EDOMAIN);
    double tc[] = {4, 4, 4}, tnan[] = {1, 2, NAN};
    assert_error(chiso_stats_poisson_trend(tc, y, e, 3, &p, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_poisson_trend(tnan, y, e, 3, &p, &err), &err, CHISO_EDOMAIN);
    /* all events at one end of t: the MLE of b1 is infinite */
    double ylast[] = {0, 0, 5}, yfirst[] = {3, 0, 0};
    assert_error(chiso_stats_poisson_trend(t, ylast, e, 3, &p, &err), &err, CHISO_EDOMAIN);
    assert_error(chiso_stats_poisson_trend(t, yfirst, e, 3, &p, &err), &err, CHISO_EDOMAIN);
    /* but events only in the middle are fine (finite MLE, b1 = 0 with equal exposures) */
    double ymid[] = {0, 5, 0};
    assert_int_equal(chiso_stats_poisson_trend(t, ymid, e, 3, &p, &err), CHISO_OK);
    assert_poisson_finite(&p);
    assert_rel(p.b1, 0, 1e-9);
}

int main(void)
{
    chiso_set_lang(CHISO_LANG_EN, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_and_quantiles),
        cmocka_unit_test(test_mk_vector_a),
        cmocka_unit_test(test_mk_vector_b),
        cmocka_unit_test(test_mk_vector_c),
        cmocka_unit_test(test_mk_exact_table),
        cmocka_unit_test(test_mk_exact_upper_range),
        cmocka_unit_test(test_mk_exact_vs_bruteforce),
        cmocka_unit_test(test_mk_exact_ties_closed_form),
        cmocka_unit_test(test_mk_small_and_zero),
        cmocka_unit_test(test_mk_errors),
        cmocka_unit_test(test_sen_vectors),
        cmocka_unit_test(test_sen_ci_unavailable_and_tied_t),
        cmocka_unit_test(test_sen_errors),
        cmocka_unit_test(test_ols_vector_b),
        cmocka_unit_test(test_ols_norris),
        cmocka_unit_test(test_ols_perfect_and_flat),
        cmocka_unit_test(test_ols_errors),
        cmocka_unit_test(test_wls_vector_d),
        cmocka_unit_test(test_wls_equal_weights_is_ols),
        cmocka_unit_test(test_wls_errors),
        cmocka_unit_test(test_cagr),
        cmocka_unit_test(test_poisson_score_equations),
        cmocka_unit_test(test_poisson_proportional),
        cmocka_unit_test(test_poisson_two_groups),
        cmocka_unit_test(test_poisson_errors),
        cmocka_unit_test(test_poisson_quasi),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

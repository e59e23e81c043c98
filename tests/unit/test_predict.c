/* tests/unit/test_predict.c — the predictive model of analysis/predict.c.
 *
 * Closed forms and hand computations first (the conjugate gamma–Poisson case is a negative binomial;
 * the method-of-moments prior is worked out in the comments; the negative-binomial mixture is checked
 * against an adaptive GSL integral over the rate), then the default dataset's sanity figure, then the
 * calibration: histories simulated from known over-dispersed and seasonal processes with a fixed seed,
 * where the 80% intervals must hold 75–85% of the outcomes and P(met) must be calibrated (reliability
 * bins and the Brier score). */
#include "testutil.h"

#include "chiso/analysis.h"
#include "chiso/common.h"
#include "chiso/ingest.h"
#include "ingest/util.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A model with a given posterior Gamma(A, B) and dispersion φ. */
static chiso_pred_model model_with(double A, double B, double phi)
{
    chiso_pred_model m;
    memset(&m, 0, sizeof m);
    chiso_pred_opts_default(&m.opts);
    m.has_history = 1;
    m.post_shape = m.prior_shape = A;
    m.post_rate = m.prior_rate = B;
    m.dispersion = phi;
    return m;
}

/* φ = 1: the rest of the period is exactly NegBin(size A, p = B/(B + f)). */
static void test_conjugate_closed_form(void **state)
{
    (void)state;
    double cases[][3] = {{0.5, 1e-3, 2.0}, {3.0, 0.5, 1.0}, {657.6, 3.486, 1.59}, {16.0, 0.08, 5.0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double A = cases[c][0], B = cases[c][1], f = cases[c][2];
        chiso_pred_model m = model_with(A, B, 1.0);
        double mean = f * A / B;
        assert_rel(chiso_predict_rest_mean(&m, f), mean, 1e-12);
        double ks[] = {0, floor(mean * 0.5), floor(mean), floor(mean * 1.3), floor(mean * 2)};
        for (size_t i = 0; i < 5; i++) {
            double want = gsl_cdf_negative_binomial_P((unsigned)ks[i], B / (B + f), A);
            double got = chiso_predict_rest_cdf(&m, f, ks[i]);
            if (fabs(got - want) >= 1e-7) fprintf(stderr, "case %zu k %g got %.12g want %.12g\n", c, ks[i], got, want);
            assert_true(fabs(got - want) < 1e-7);
        }
        /* quantiles: the smallest k with F(k) >= p */
        double ps[] = {0.025, 0.1, 0.5, 0.9, 0.975};
        for (size_t i = 0; i < 5; i++) {
            double k = chiso_predict_rest_quantile(&m, f, ps[i]);
            assert_true(gsl_cdf_negative_binomial_P((unsigned)k, B / (B + f), A) >= ps[i] - 1e-7);
            if (k > 0)
                assert_true(gsl_cdf_negative_binomial_P((unsigned)k - 1, B / (B + f), A) < ps[i] + 1e-7);
        }
    }
}

/* φ > 1: the mixture ∫ NB1(k; fλ, φ) Gamma(λ; A, B) dλ against GSL's adaptive integration. */
typedef struct mix_par {
    double A, B, f, phi, k;
} mix_par;

static double mix_integrand(double lam, void *p)
{
    const mix_par *q = p;
    if (lam <= 0)
        return 0;
    double mu = q->f * lam;
    double cdf = gsl_cdf_negative_binomial_P((unsigned)q->k, 1 / q->phi, mu / (q->phi - 1));
    return cdf * gsl_ran_gamma_pdf(lam, q->A, 1 / q->B);
}

static void test_mixture_against_integration(void **state)
{
    (void)state;
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    double cases[][4] = {{79.7, 0.414, 1.59, 14.6}, {5.0, 0.05, 2.0, 3.0}, {200.0, 2.0, 0.5, 1.5}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        mix_par q = {cases[c][0], cases[c][1], cases[c][2], cases[c][3], 0};
        chiso_pred_model m = model_with(q.A, q.B, q.phi);
        double mean = q.f * q.A / q.B;
        for (double r = 0.3; r < 2.0; r += 0.35) {
            q.k = floor(mean * r);
            gsl_function F = {mix_integrand, &q};
            double want, abserr;
            assert_int_equal(gsl_integration_qagiu(&F, 0, 1e-12, 1e-10, 1000, w, &want, &abserr), 0);
            double got = chiso_predict_rest_cdf(&m, q.f, q.k);
            assert_true(fabs(got - want) < 1e-7);
        }
        /* the predictive variance is φ·mean + f²·A/B² (over-dispersion plus the rate's uncertainty) */
        double lo = chiso_predict_rest_quantile(&m, q.f, 0.1), hi = chiso_predict_rest_quantile(&m, q.f, 0.9);
        double sd = sqrt(q.phi * mean + q.f * q.f * q.A / (q.B * q.B));
        assert_true(hi - lo > 2 * 1.2816 * sd * 0.85 && hi - lo < 2 * 1.2816 * sd * 1.2);
    }
    gsl_integration_workspace_free(w);
}

/* Method of moments by hand. Three terms of 5 years with 500, 750 and 1000 events (no yearly figures):
 *   m = 2250/15 = 150 a year; rates 100, 150, 200, mean 150, s² = (50² + 0 + 50²)/2 = 2500, taken at its
 *   posterior median 2·2500/χ²₂(0.5) = 5000/(2 ln 2) = 3606.74 — written S below;
 *   the Poisson part of a rate is φ·m/5 and φ = 1 + τ²/m, so τ² = S − (1 + τ²/150)·30
 *   → τ² (1 + 30/150) = S − 30 → τ² = (S − 30)/1.2, φ = 1 + τ²/150; the prior of a new term
 *   adds the uncertainty of m, S/3: α = 150²/(τ² + S/3). */
static void test_fit_by_hand(void **state)
{
    (void)state;
    chiso_pred_period h[] = {{500, 5, 1}, {750, 5, 2}, {1000, 5, 3}};
    chiso_pred_model m;
    chiso_error err;
    assert_int_equal(chiso_predict_fit(h, 3, NULL, &m, &err), CHISO_OK);
    assert_true(m.has_history);
    assert_int_equal(m.history_periods, 3);
    assert_rel(m.mean_rate, 150, 1e-12);
    double S = 5000 / (2 * log(2)), tau2 = (S - 30) / 1.2;
    assert_rel(m.shape, 22500 / (tau2 + S / 3), 1e-10);
    assert_rel(m.dispersion, 1 + tau2 / 150, 1e-10);
    assert_int_equal(m.dispersion_from_data, 0);
    assert_rel(m.prior_rate, m.shape / 150, 1e-12);
    /* the update: shape + count/φ, rate + exposure/φ */
    assert_int_equal(chiso_predict_update(&m, 300, 2, &err), CHISO_OK);
    assert_rel(m.post_shape, m.shape + 300 / m.dispersion, 1e-12);
    assert_rel(m.post_rate, m.prior_rate + 2 / m.dispersion, 1e-12);

    /* yearly figures within terms give the dispersion from the data: two terms of three years,
     * (10, 20, 30) and (20, 20, 20): term 1 rate 20, χ² = (100 + 0 + 100)/20 = 10; term 2 χ² = 0;
     * df = 2 + 2 = 4 → φ = 2.5 */
    chiso_pred_period y[] = {{10, 1, 1}, {20, 1, 1}, {30, 1, 1}, {20, 1, 2}, {20, 1, 2}, {20, 1, 2}};
    assert_int_equal(chiso_predict_fit(y, 6, NULL, &m, &err), CHISO_OK);
    assert_int_equal(m.dispersion_from_data, 1);
    assert_rel(m.dispersion, 2.5, 1e-12);
    /* both terms have rate 20 (s² = 0): no spread beyond chance, so the floor of 10% holds:
     * α = 20²/(0.1²·20² + 0) = 100 */
    assert_rel(m.shape, 100, 1e-9);

    /* one earlier term given by year, (10, 20, 30): its years stand in for terms. m = 20, s² = 100 taken
     * at S = 2·100/χ²₂(0.5) = 100/ln 2, φ = 1 + τ²/20 and τ² = S − φ·20 → τ² = (S − 20)/2,
     * α = 20²/(τ² + S/3) */
    chiso_pred_period one[] = {{10, 1, 7}, {20, 1, 7}, {30, 1, 7}};
    assert_int_equal(chiso_predict_fit(one, 3, NULL, &m, &err), CHISO_OK);
    assert_true(m.has_history);
    assert_true(m.years_as_terms);
    double S1 = 100 / log(2), t1 = (S1 - 20) / 2;
    assert_rel(m.dispersion, 1 + t1 / 20, 1e-10);
    assert_rel(m.shape, 400 / (t1 + S1 / 3), 1e-10);

    /* no history: the weakly informative prior, and the default spread of 25% a year */
    assert_int_equal(chiso_predict_fit(NULL, 0, NULL, &m, &err), CHISO_OK);
    assert_false(m.has_history);
    assert_int_equal(chiso_predict_update(&m, 40, 2, &err), CHISO_OK);
    assert_rel(m.dispersion, 1 + 20 * 0.0625, 1e-12);
    assert_rel(m.post_shape, 0.5 + 40 / m.dispersion, 1e-12);
    assert_int_equal(chiso_predict_enough(&m, 0.4, 2), CHISO_PRED_ENOUGH);
    assert_int_equal(chiso_predict_enough(&m, 0.1, 2), CHISO_PRED_TOO_LITTLE_COVERED);
    assert_int_equal(chiso_predict_enough(&m, 0.4, 0.3), CHISO_PRED_ENOUGH); /* a plan year's first months */
    m.opts.min_elapsed_years = 0.5; /* a setting: off by default */
    assert_int_equal(chiso_predict_enough(&m, 0.4, 0.3), CHISO_PRED_TOO_SHORT);
    m.opts.min_elapsed_years = 0;
    char *why = chiso_predict_enough_text(CHISO_PRED_TOO_LITTLE_COVERED, NULL);
    assert_non_null(strstr(why, "25%"));
    free(why);
    /* no events to date against a "<= 10" target: a real probability (the Jeffreys-type prior) */
    assert_int_equal(chiso_predict_update(&m, 0, 2, &err), CHISO_OK);
    double p = chiso_predict_prob_total(&m, 0, 3, CHISO_CMP_LE, 0, 10);
    assert_true(p > 0.95 && p < 1);
    /* the prior without history has no scale: 9e9 events in 3 years (φ = 1 + 3e9·0.0625) give a rest of
     * 2 years with mean 2·(0.5·φ + 9e9)/3 exactly, and the median of the rest near that mean */
    assert_int_equal(chiso_predict_fit(NULL, 0, NULL, &m, &err), CHISO_OK);
    assert_int_equal(chiso_predict_update(&m, 9e9, 3, &err), CHISO_OK);
    double phi = 1 + 3e9 * 0.0625;
    assert_rel(m.dispersion, phi, 1e-12);
    assert_rel(chiso_predict_rest_mean(&m, 2), 2 * (0.5 * phi + 9e9) / 3, 1e-12);
    double med = chiso_predict_rest_quantile(&m, 2, 0.5);
    assert_true(fabs(med / 6e9 - 1) < 0.05);
    /* errors */
    chiso_pred_period bad[] = {{-1, 1, 1}};
    assert_int_equal(chiso_predict_fit(bad, 1, NULL, &m, &err), CHISO_EDOMAIN);
    assert_int_equal(chiso_predict_fit(NULL, 1, NULL, &m, &err), CHISO_EINVAL);
    assert_int_equal(chiso_predict_fit(NULL, 0, NULL, &m, &err), CHISO_OK);
    assert_int_equal(chiso_predict_update(&m, 0, 0, &err), CHISO_EDOMAIN);
    assert_int_equal(chiso_predict_update(&m, NAN, 1, &err), CHISO_EDOMAIN);
}

/* Years of an "each year" target share the rate: P(both years >= k) is ∫ P(Z >= k | λ)² dλ, which
 * is more than the product of the marginals (a low rate fails both years together). */
static double sq_integrand(double lam, void *p)
{
    const mix_par *q = p;
    double mu = q->f * lam;
    double s = 1 - gsl_cdf_negative_binomial_P((unsigned)q->k - 1, 1 / q->phi, mu / (q->phi - 1));
    return s * s * gsl_ran_gamma_pdf(lam, q->A, 1 / q->B);
}

static void test_each_year_shared_rate(void **state)
{
    (void)state;
    mix_par q = {20, 0.2, 1, 2, 90}; /* rate 100 ± 22%, φ = 2, two whole years, each >= 90 */
    chiso_pred_model m = model_with(q.A, q.B, q.phi);
    double zero[2] = {0, 0}, one[2] = {1, 1};
    double both = chiso_predict_prob_each(&m, 2, zero, one, CHISO_CMP_GE, 90, 90);
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    gsl_function F = {sq_integrand, &q};
    double want, abserr;
    assert_int_equal(gsl_integration_qagiu(&F, 0, 1e-12, 1e-10, 1000, w, &want, &abserr), 0);
    gsl_integration_workspace_free(w);
    assert_true(fabs(both - want) < 1e-7);
    double single = chiso_predict_prob_total(&m, 0, 1, CHISO_CMP_GE, 90, 90);
    assert_true(both > single * single + 0.01);
    assert_true(both < single);
    /* a year already over counts as it stands: 95 so far with nothing to come meets >= 90 surely */
    double td[2] = {95, 0}, f[2] = {0, 1};
    assert_true(fabs(chiso_predict_prob_each(&m, 2, td, f, CHISO_CMP_GE, 90, 90) - single) < 1e-9);
    td[0] = 80;
    assert_true(chiso_predict_prob_each(&m, 2, td, f, CHISO_CMP_GE, 90, 90) == 0);
    /* the other operators */
    assert_true(fabs(chiso_predict_prob_total(&m, 0, 1, CHISO_CMP_LT, 90, 90) - (1 - single)) < 1e-9);
    assert_true(fabs(chiso_predict_prob_total(&m, 0, 1, CHISO_CMP_GT, 89, 89) - single) < 1e-9);
    double btw = chiso_predict_prob_total(&m, 0, 1, CHISO_CMP_BETWEEN, 90, 110);
    assert_true(fabs(btw - (chiso_predict_rest_cdf(&m, 1, 110) - chiso_predict_rest_cdf(&m, 1, 89))) < 1e-9);
}

/* The sanity figure: term VI admissions >= 1 000 of the default dataset. History: the terms
 * I–V (712 over 4.83 years, 772/4.88, 1 209/4.83, 1 247/5.00, 854/3.36 — datasets/haiphong); to
 * date 641 over 3.41 years (2020-08-03..2023-12-31); 1.59 years left to 2025-08-01. The old model
 * (the pace to date known, Poisson rest) says 0.006; a negative binomial fitted to the unit's own
 * history says 0.22–0.25. */
static void test_default_dataset_sanity(void **state)
{
    (void)state;
    chiso_pred_period h[] = {{712, chiso_span_years(chiso_days_from_civil(1996, 2, 9), chiso_days_from_civil(2000, 12, 9)), 1},
                             {772, chiso_span_years(chiso_days_from_civil(2000, 12, 10), chiso_days_from_civil(2005, 10, 26)), 2},
                             {1209, chiso_span_years(chiso_days_from_civil(2005, 10, 27), chiso_days_from_civil(2010, 8, 24)), 3},
                             {1247, chiso_span_years(chiso_days_from_civil(2010, 8, 25), chiso_days_from_civil(2015, 8, 22)), 4},
                             {854, chiso_span_years(chiso_days_from_civil(2015, 8, 23), chiso_days_from_civil(2018, 12, 31)), 5}};
    chiso_pred_model m;
    chiso_error err;
    assert_int_equal(chiso_predict_fit(h, 5, NULL, &m, &err), CHISO_OK);
    double e = chiso_span_years(chiso_days_from_civil(2020, 8, 3), chiso_days_from_civil(2023, 12, 31));
    double f = chiso_span_years(chiso_days_from_civil(2024, 1, 1), chiso_days_from_civil(2025, 7, 31));
    assert_int_equal(chiso_predict_update(&m, 641, e, &err), CHISO_OK);
    double p = chiso_predict_prob_total(&m, 641, f, CHISO_CMP_GE, 1000, 1000);
    fprintf(stderr, "sanity: m %.2f alpha %.3f phi %.3f post %.3f/%.4f P %.4f\n", m.mean_rate, m.shape,
            m.dispersion, m.post_shape, m.post_rate, p);
    assert_true(p > 0.18 && p < 0.30);
}

/* ---- calibration ------------------------------------------------------------------------------ */

typedef struct calib {
    size_t n, covered;
    double brier, brier_base;
    double bin_p[10], bin_hit[10];
    size_t bin_n[10];
    size_t events;
} calib;

static void calib_add(calib *c, double p, int hit, double lo, double hi, double outcome)
{
    c->n++;
    c->covered += outcome >= lo && outcome <= hi;
    c->brier += (p - hit) * (p - hit);
    int b = (int)(p * 10);
    if (b > 9)
        b = 9;
    c->bin_p[b] += p;
    c->bin_hit[b] += hit;
    c->bin_n[b]++;
    c->events += (size_t)hit;
}

static void calib_check(const calib *c, const char *name)
{
    double cover = (double)c->covered / (double)c->n;
    double base = (double)c->events / (double)c->n;
    double brier = c->brier / (double)c->n, brier_base = base * (1 - base);
    fprintf(stderr, "%s: %zu runs, 80%% interval holds %.3f; Brier %.4f (climatology %.4f)\n", name, c->n, cover, brier,
            brier_base);
    for (int b = 0; b < 10; b++)
        if (c->bin_n[b])
            fprintf(stderr, "  P in [%.1f, %.1f): %4zu runs, mean P %.3f, met %.3f\n", b / 10.0, (b + 1) / 10.0, c->bin_n[b],
                    c->bin_p[b] / (double)c->bin_n[b], c->bin_hit[b] / (double)c->bin_n[b]);
    assert_true(cover >= 0.75 && cover <= 0.85);
    /* every bin with enough runs: the share met is within 3 standard errors + 0.03 of the mean P */
    for (int b = 0; b < 10; b++) {
        if (c->bin_n[b] < 60)
            continue;
        double mp = c->bin_p[b] / (double)c->bin_n[b], hit = c->bin_hit[b] / (double)c->bin_n[b];
        assert_true(fabs(hit - mp) <= 3 * sqrt(mp * (1 - mp) / (double)c->bin_n[b]) + 0.03);
    }
    /* and the probabilities are worth having: far better than always saying the base rate */
    assert_true(brier < 0.6 * brier_base);
}

/* Monthly weights with a year-end peak (mean 1). */
static const double SEASON[12] = {0.6, 0.7, 0.8, 0.8, 0.9, 0.9, 0.9, 0.9, 1.0, 1.1, 1.4, 2.0};

/* One unit: 4 earlier terms and the running one, 5 years each. The unit's rate m0 is drawn from
 * 30–300 a year; a term's rate is Gamma(α, α/m0) and a year's Gamma(α, α/λ_term) (α = 25: 20% between
 * terms, 20% between years); events are Poisson by month with the profile (flat or SEASON). The
 * running term is cut after cut_months months; the target is a total drawn around the unit's rate. */
static void simulate(gsl_rng *r, int seasonal, int yearly_history, calib *c)
{
    const double alpha = 25;
    double m0 = 30 + 270 * gsl_rng_uniform(r);
    double w[12];
    double wsum = 0;
    for (int k = 0; k < 12; k++)
        wsum += seasonal ? SEASON[k] : 1;
    for (int k = 0; k < 12; k++)
        w[k] = (seasonal ? SEASON[k] : 1) * 12 / wsum;
    /* months of 5 terms */
    double months[5][60];
    for (int t = 0; t < 5; t++) {
        double lt = gsl_ran_gamma(r, alpha, m0 / alpha);
        for (int y = 0; y < 5; y++) {
            double ly = gsl_ran_gamma(r, alpha, lt / alpha);
            for (int k = 0; k < 12; k++)
                months[t][y * 12 + k] = (double)gsl_ran_poisson(r, ly * w[k] / 12);
        }
    }
    /* history: yearly figures (group = term) or term totals; monthly figures give the profile */
    chiso_pred_period h[20];
    size_t nh = 0;
    int32_t ms[240], me[240];
    double mc[240];
    size_t nm = 0;
    for (int t = 0; t < 4; t++) {
        double tot = 0;
        for (int y = 0; y < 5; y++) {
            double yc = 0;
            for (int k = 0; k < 12; k++) {
                yc += months[t][y * 12 + k];
                if (seasonal) {
                    int yy = 2000 + t * 5 + y;
                    ms[nm] = chiso_days_from_civil(yy, k + 1, 1);
                    me[nm] = (k == 11 ? chiso_days_from_civil(yy + 1, 1, 1) : chiso_days_from_civil(yy, k + 2, 1)) - 1;
                    mc[nm++] = months[t][y * 12 + k];
                }
            }
            if (yearly_history)
                h[nh++] = (chiso_pred_period){yc, 1, t};
            tot += yc;
        }
        if (!yearly_history)
            h[nh++] = (chiso_pred_period){tot, 5, t};
    }
    chiso_profile prof;
    chiso_error err;
    assert_int_equal(chiso_profile_fit(ms, me, mc, nm, &prof, &err), CHISO_OK);
    assert_int_equal(prof.estimated, seasonal ? 1 : 0);
    chiso_pred_model m;
    assert_int_equal(chiso_predict_fit(h, nh, NULL, &m, &err), CHISO_OK);
    /* the running term (2020–2024), cut after some months: whole years without seasonality,
     * any month with it */
    int cut = seasonal ? 6 + (int)gsl_rng_uniform_int(r, 49) : 12 * (1 + (int)gsl_rng_uniform_int(r, 4));
    double to_date = 0, rest = 0;
    for (int k = 0; k < 60; k++)
        *(k < cut ? &to_date : &rest) += months[4][k];
    int32_t start = chiso_days_from_civil(2020, 1, 1), end = chiso_days_from_civil(2024, 12, 31);
    int32_t cut_day = chiso_days_from_civil(2020 + cut / 12, cut % 12 + 1, 1);
    double e = chiso_profile_exposure(&prof, start, cut_day - 1), f = chiso_profile_exposure(&prof, cut_day, end);
    assert_int_equal(chiso_predict_update(&m, to_date, e, &err), CHISO_OK);
    double lo = chiso_predict_rest_quantile(&m, f, 0.10), hi = chiso_predict_rest_quantile(&m, f, 0.90);
    double target = floor(m0 * 5 * (0.75 + 0.5 * gsl_rng_uniform(r)));
    double p = chiso_predict_prob_total(&m, to_date, f, CHISO_CMP_GE, target, target);
    calib_add(c, p, to_date + rest >= target, lo, hi, rest);
}

static void test_calibration_overdispersed(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20261207);
    calib c;
    memset(&c, 0, sizeof c);
    for (int i = 0; i < 1500; i++)
        simulate(r, 0, 0, &c);
    calib_check(&c, "over-dispersed, term totals");
    gsl_rng_free(r);
}

static void test_calibration_seasonal(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    calib c;
    memset(&c, 0, sizeof c);
    for (int i = 0; i < 1500; i++)
        simulate(r, 1, 1, &c);
    calib_check(&c, "seasonal, yearly and monthly history");
    gsl_rng_free(r);
}

/* Profiles: a flat year is one year; a seasonal one weighs December more; monthly figures are learnt. */
static void test_profile(void **state)
{
    (void)state;
    chiso_profile p;
    chiso_profile_flat(&p);
    int32_t a = chiso_days_from_civil(2021, 1, 1), b = chiso_days_from_civil(2021, 12, 31);
    assert_rel(chiso_profile_exposure(&p, a, b), 1, 1e-12);
    assert_rel(chiso_profile_exposure(NULL, chiso_days_from_civil(2021, 3, 1), chiso_days_from_civil(2021, 3, 31)),
               1.0 / 12, 1e-12);
    /* half of March: 16 of 31 days */
    assert_rel(chiso_profile_exposure(&p, chiso_days_from_civil(2021, 3, 1), chiso_days_from_civil(2021, 3, 16)),
               16.0 / 31 / 12, 1e-12);
    /* two years of monthly figures, December three times the other months: weights (3 + … shrunk) */
    int32_t s[24], e[24];
    double c[24];
    for (int i = 0; i < 24; i++) {
        int y = 2018 + i / 12, mo = i % 12 + 1;
        s[i] = chiso_days_from_civil(y, mo, 1);
        e[i] = (mo == 12 ? chiso_days_from_civil(y + 1, 1, 1) : chiso_days_from_civil(y, mo + 1, 1)) - 1;
        c[i] = mo == 12 ? 30 : 10;
    }
    chiso_error err;
    assert_int_equal(chiso_profile_fit(s, e, c, 24, &p, &err), CHISO_OK);
    assert_true(p.estimated);
    /* by hand: mean 140/12 = 11.667 a month; Dec (60 + 11.667)/3 = 23.889, others (20 + 11.667)/3 =
     * 10.556; scaled to sum 12: Dec 23.889·12/(23.889 + 11·10.556) = 2.0 */
    assert_rel(p.w[11], 23.888888888888889 * 12 / (23.888888888888889 + 11 * 10.555555555555556), 1e-12);
    assert_rel(chiso_profile_exposure(&p, a, b), 1, 1e-12);
    assert_true(chiso_profile_misses_year_end(chiso_days_from_civil(2024, 1, 1), chiso_days_from_civil(2025, 7, 31)));
    assert_false(chiso_profile_misses_year_end(chiso_days_from_civil(2020, 8, 3), chiso_days_from_civil(2023, 12, 31)));
    /* a quarter counts for its three months; a half-year is ignored */
    int32_t qs[] = {chiso_days_from_civil(2019, 1, 1), chiso_days_from_civil(2019, 1, 1)};
    int32_t qe[] = {chiso_days_from_civil(2019, 3, 31), chiso_days_from_civil(2019, 6, 30)};
    double qc[] = {30, 60};
    assert_int_equal(chiso_profile_fit(qs, qe, qc, 2, &p, &err), CHISO_OK);
    assert_false(p.estimated); /* months 4–12 never seen: flat */
}

/* Shares: a beta by moments. Yearly 92, 94, 96: mean 94%, s² = 4 (pp²), × 4/3 → sd 2.309 pp. */
static void test_shares(void **state)
{
    (void)state;
    double s[] = {92, 94, 96};
    chiso_share_model m;
    chiso_error err;
    assert_int_equal(chiso_predict_share_fit(s, 3, &m, &err), CHISO_OK);
    assert_rel(m.mean, 94, 1e-12);
    assert_rel(m.sd, sqrt(4.0 * 4 / 3), 1e-12);
    double mu = 0.94, var = 4.0 * 4 / 3 / 1e4, k = mu * (1 - mu) / var - 1;
    assert_rel(m.a, mu * k, 1e-12);
    assert_rel(m.b, (1 - mu) * k, 1e-12);
    assert_rel(chiso_predict_share_prob(&m, CHISO_CMP_GE, 95, 95), gsl_cdf_beta_Q(0.95, mu * k, (1 - mu) * k), 1e-12);
    double p90 = chiso_predict_share_prob(&m, CHISO_CMP_GE, 90, 90), p95 = chiso_predict_share_prob(&m, CHISO_CMP_GE, 95, 95);
    assert_true(p90 > 0.9 && p95 > 0.25 && p95 < 0.45);
    assert_rel(chiso_predict_share_quantile(&m, 0.5), 100 * gsl_cdf_beta_Pinv(0.5, mu * k, (1 - mu) * k), 1e-12);
    /* 100% every year: close to 100, never certain */
    double all[] = {100, 100, 100, 100};
    assert_int_equal(chiso_predict_share_fit(all, 4, &m, &err), CHISO_OK);
    double p99 = chiso_predict_share_prob(&m, CHISO_CMP_GE, 99, 99);
    assert_true(p99 > 0.5 && p99 < 1);
    assert_int_equal(chiso_predict_share_fit(s, 2, &m, &err), CHISO_EDOMAIN);
    double bad[] = {90, 101, 95};
    assert_int_equal(chiso_predict_share_fit(bad, 3, &m, &err), CHISO_EDOMAIN);
}

/* chiso_predict_target on a small dataset: terms A, B (500 and 750 over five whole years) and the
 * running term C with 2020–2021 (300) and 2022-01..06 (80) to date. It must give what the model gives
 * from the same figures by hand, say that the window ends before December, and use a profile when the
 * unit has monthly figures. */
static chiso_dataset *load_small(const char *obs, chiso_normalized **n)
{
    const char *names[] = {"terms.csv", "observations.csv"};
    const char *data[] = {"unit,term,start,end\nu,A,2010,2014\nu,B,2015,2019\nu,C,2020,2024\n", obs};
    size_t size[] = {strlen(data[0]), strlen(data[1])};
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_diags *d = chiso_diags_new();
    assert_int_equal(chiso_dataset_load_mem("ds", 2, names, data, size, NULL, d, &ds, &err), CHISO_OK);
    assert_int_equal(chiso_diags_errors(d), 0);
    chiso_diags_free(d);
    assert_int_equal(chiso_normalize(ds, NULL, NULL, n, &err), CHISO_OK);
    return ds;
}

static void test_predict_target(void **state)
{
    (void)state;
    chiso_normalized *n = NULL;
    chiso_dataset *ds = load_small("unit,indicator,period_start,period_end,value,basis\n"
                                   "u,admitted,2010,2014,500,total\nu,admitted,2015,2019,750,total\n"
                                   "u,admitted,2020,2021,300,total\nu,admitted,2022-01,2022-06,80,total\n",
                                   &n);
    chiso_pred_query q;
    memset(&q, 0, sizeof q);
    q.unit = chiso_dataset_find_unit(ds, "u");
    q.indicator = chiso_dataset_find_indicator(ds, "admitted");
    q.span_start = chiso_days_from_civil(2020, 1, 1);
    q.span_end = chiso_days_from_civil(2024, 12, 31);
    q.seen_end = chiso_days_from_civil(2022, 6, 30);
    q.count = 380;
    q.years_seen = 2.5;
    q.years_ahead = 2.5;
    q.need_lo = 1000 - 380;
    q.need_hi = INFINITY;
    chiso_pred_answer a;
    chiso_error err;
    assert_int_equal(chiso_predict_target(ds, n, &q, NULL, &a, &err), CHISO_OK);
    assert_true(a.has_probability);
    assert_true(a.has_history);
    assert_int_equal(a.history_terms, 2);
    assert_true(a.misses_year_end); /* the figures to date end in June */
    assert_false(a.profile_used);
    chiso_pred_period h[] = {{500, 5, 0}, {750, 5, 1}};
    chiso_pred_model m;
    assert_int_equal(chiso_predict_fit(h, 2, NULL, &m, &err), CHISO_OK);
    assert_int_equal(chiso_predict_update(&m, 380, 2.5, &err), CHISO_OK);
    assert_rel(a.p, chiso_predict_prob_total(&m, 380, 2.5, CHISO_CMP_GE, 1000, 1000), 1e-9);
    assert_rel(a.mean, 2.5 * m.post_shape / m.post_rate, 1e-12);
    chiso_set_lang(CHISO_LANG_EN, NULL);
    char *why = chiso_predict_answer_text(&a, NULL);
    assert_non_null(strstr(why, "2 earlier terms"));
    assert_non_null(strstr(why, "before December"));
    free(why);
    chiso_set_lang(CHISO_LANG_VI, NULL);
    why = chiso_predict_answer_text(&a, NULL);
    assert_non_null(strstr(why, "2 nhiệm kỳ trước"));
    assert_non_null(strstr(why, "tháng 12"));
    free(why);
    /* each_year: three years to come share the rate */
    double td[3] = {0, 0, 0}, ah[3] = {1, 1, 1};
    q.n_years = 3;
    q.year_to_date = td;
    q.year_ahead = ah;
    q.need_lo = 150;
    assert_int_equal(chiso_predict_target(ds, n, &q, NULL, &a, &err), CHISO_OK);
    assert_rel(a.p, chiso_predict_prob_each(&m, 3, td, ah, CHISO_CMP_GE, 150, 150), 1e-9);
    /* a term with no history and little covered: no probability, and the reason */
    q.n_years = 0;
    q.indicator = chiso_dataset_find_indicator(ds, "disciplined");
    q.count = 0;
    q.years_seen = 0.2;
    q.years_ahead = 4.8;
    q.seen_end = chiso_days_from_civil(2020, 3, 12);
    assert_int_equal(chiso_predict_target(ds, n, &q, NULL, &a, &err), CHISO_OK);
    assert_false(a.has_probability);
    assert_int_equal(a.enough, CHISO_PRED_TOO_LITTLE_COVERED);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);

    /* monthly figures of 2019 with a December three times the rest: the profile weighs the months */
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "unit,indicator,period_start,period_end,value,basis\n"
                       "u,admitted,2010,2014,500,total\nu,admitted,2015,2018,600,total\n");
    for (int mo = 1; mo <= 12; mo++)
        chiso_buf_printf(&b, "u,admitted,2019-%02d,2019-%02d,%d,total\n", mo, mo, mo == 12 ? 36 : 12);
    chiso_buf_puts(&b, "u,admitted,2020,2021,300,total\nu,admitted,2022-01,2022-06,80,total\n");
    char *obs = chiso_buf_take(&b);
    ds = load_small(obs, &n);
    free(obs);
    q.indicator = chiso_dataset_find_indicator(ds, "admitted");
    q.count = 380;
    q.years_seen = 2.5;
    q.years_ahead = 2.5;
    q.seen_end = chiso_days_from_civil(2022, 6, 30);
    q.need_lo = 620;
    assert_int_equal(chiso_predict_target(ds, n, &q, NULL, &a, &err), CHISO_OK);
    assert_true(a.profile_used);
    assert_false(a.misses_year_end);
    double with_profile = a.mean;
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    /* the same figures with 2019 as one yearly figure: no profile, months equal */
    ds = load_small("unit,indicator,period_start,period_end,value,basis\n"
                    "u,admitted,2010,2014,500,total\nu,admitted,2015,2018,600,total\nu,admitted,2019,2019,168,total\n"
                    "u,admitted,2020,2021,300,total\nu,admitted,2022-01,2022-06,80,total\n",
                    &n);
    assert_int_equal(chiso_predict_target(ds, n, &q, NULL, &a, &err), CHISO_OK);
    assert_false(a.profile_used);
    assert_true(a.misses_year_end);
    /* the profile (Dec (36 + 14)/2/14 = 1.79, other months 0.93) puts less weight on the January–June
     * seen so far (0.464 years, not 0.5) and the December of 2022 still to come: more is expected */
    assert_true(with_profile > a.mean * 1.02);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
}

/* ---- chiso plan -------------------------------------------------------------------------------- */

/* A unit with three terms of admissions (500, 750, 1 000 over five whole years each: the history of
 * test_fit_by_hand) and a share sh1 of 92, 94, 96% (the history of test_shares); plan the term D. */
static void test_plan(void **state)
{
    (void)state;
    const char *names[] = {"terms.csv", "observations.csv", "indicators.csv"};
    const char *data[] = {"unit,term,start,end\nu,A,2010,2014\nu,B,2015,2019\nu,C,2020,2024\nu,D,2025,2029\n",
                          "unit,indicator,period_start,period_end,value,basis\n"
                          "u,admitted,2010,2014,500,total\nu,admitted,2015,2019,750,total\nu,admitted,2020,2024,1.000,total\n"
                          "u,sh1,2010,2014,92%,annual_mean\nu,sh1,2015,2019,94%,annual_mean\nu,sh1,2020,2024,96%,annual_mean\n"
                          "u,disciplined,2020,2024,7,total\n",
                          "indicator,category,measure,kind,direction\nsh1,other,share,rate,up\n"};
    size_t size[3];
    for (int i = 0; i < 3; i++)
        size[i] = strlen(data[i]);
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_diags *d = chiso_diags_new();
    assert_int_equal(chiso_dataset_load_mem("ds", 3, names, data, size, NULL, d, &ds, &err), CHISO_OK);
    assert_int_equal(chiso_diags_errors(d), 0);
    chiso_diags_free(d);
    chiso_normalized *n = NULL;
    assert_int_equal(chiso_normalize(ds, NULL, NULL, &n, &err), CHISO_OK);
    chiso_plan_opts po;
    chiso_plan_opts_default(&po);
    po.unit = "u";
    po.term = "D";
    chiso_plan *p = NULL;
    assert_int_equal(chiso_analysis_plan(ds, n, &po, &p, &err), CHISO_OK);
    assert_int_equal(chiso_plan_count(p), 2);
    assert_int_equal(chiso_plan_skipped(p), 1); /* disciplined: one term only */
    double years;
    const char *term;
    chiso_plan_period(p, NULL, NULL, &years, &term);
    assert_string_equal(term, "D");
    assert_rel(years, 5, 1e-12);
    /* admissions: the model of test_fit_by_hand over 5 years: mean 5 × 150 = 750 */
    const chiso_plan_row *a = NULL, *sh = NULL;
    for (size_t i = 0; i < 2; i++) {
        const chiso_plan_row *r = chiso_plan_get(p, i);
        if (strcmp(r->indicator, "admitted") == 0)
            a = r;
        else if (strcmp(r->indicator, "sh1") == 0)
            sh = r;
    }
    assert_non_null(a);
    assert_non_null(sh);
    assert_string_equal(a->model, "gamma-poisson");
    assert_int_equal(a->history_terms, 3);
    assert_rel(a->mean, 750, 1e-12);
    chiso_pred_period h[] = {{500, 5, 1}, {750, 5, 2}, {1000, 5, 3}};
    chiso_pred_model m;
    assert_int_equal(chiso_predict_fit(h, 3, NULL, &m, &err), CHISO_OK);
    assert_rel(a->dispersion, m.dispersion, 1e-12);
    assert_rel(a->rate_cv, 1 / sqrt(m.shape), 1e-12);
    assert_true(a->lo95 < a->lo80 && a->lo80 < a->mean && a->mean < a->hi80 && a->hi80 < a->hi95);
    assert_rel(a->lo80, chiso_predict_rest_quantile(&m, 5, 0.1), 1e-12);
    assert_true(a->n_levels >= 3);
    for (size_t k = 0; k < a->n_levels; k++) {
        assert_int_equal(a->levels[k].op, CHISO_CMP_GE);
        assert_rel(a->levels[k].probability,
                   chiso_predict_prob_total(&m, 0, 5, CHISO_CMP_GE, a->levels[k].level, a->levels[k].level), 1e-12);
        /* round levels on one step, and the probabilities fall as the level rises */
        if (k) {
            assert_rel(a->levels[k].level - a->levels[k - 1].level, a->levels[1].level - a->levels[0].level, 1e-12);
            assert_true(a->levels[k].probability < a->levels[k - 1].probability);
        }
    }
    /* around the mean the probability is near a half */
    for (size_t k = 0; k < a->n_levels; k++)
        if (a->levels[k].level == 750)
            assert_true(a->levels[k].probability > 0.4 && a->levels[k].probability < 0.6);
    /* the share: Beta by moments of 92, 94, 96 (test_shares): mean 94, P(>= 95) = Q_beta(0.95) */
    assert_string_equal(sh->model, "beta");
    assert_rel(sh->mean, 94, 1e-12);
    double mu = 0.94, var = 4.0 * 4 / 3 / 1e4, kk = mu * (1 - mu) / var - 1;
    int seen95 = 0;
    for (size_t k = 0; k < sh->n_levels; k++)
        if (sh->levels[k].level == 95) {
            seen95 = 1;
            assert_rel(sh->levels[k].probability, gsl_cdf_beta_Q(0.95, mu * kk, (1 - mu) * kk), 1e-12);
        }
    assert_true(seen95);
    /* outputs */
    char *json = chiso_plan_to_json(p), *csv = chiso_plan_to_csv(p);
    assert_non_null(strstr(json, "\"indicator\": \"admitted\""));
    assert_non_null(strstr(json, "\"model\": \"beta\""));
    assert_non_null(strstr(csv, "u,admitted,0,,count_over_period,gamma-poisson,2025-01-01,2029-12-31,3,750,"));
    free(json);
    free(csv);
    chiso_plan_free(p);
    /* errors */
    po.term = "Z";
    assert_int_equal(chiso_analysis_plan(ds, n, &po, &p, &err), CHISO_ENOTFOUND);
    po.term = NULL;
    po.unit = "nobody";
    assert_int_equal(chiso_analysis_plan(ds, n, &po, &p, &err), CHISO_ENOTFOUND);
    po.unit = "u";
    po.has_span = 1;
    po.start = chiso_days_from_civil(2030, 1, 1);
    po.end = chiso_days_from_civil(2029, 1, 1);
    assert_int_equal(chiso_analysis_plan(ds, n, &po, &p, &err), CHISO_EINVAL);
    /* a span: the default five years after the latest term give the same figures */
    po.has_span = 0;
    assert_int_equal(chiso_analysis_plan(ds, n, &po, &p, &err), CHISO_OK);
    chiso_plan_period(p, NULL, NULL, &years, &term);
    assert_null(term);
    assert_rel(years, 5, 1e-3);
    chiso_plan_free(p);
    chiso_plan_free(NULL);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
}

int main(void)
{
    chiso_stats_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conjugate_closed_form),
        cmocka_unit_test(test_mixture_against_integration),
        cmocka_unit_test(test_fit_by_hand),
        cmocka_unit_test(test_each_year_shared_rate),
        cmocka_unit_test(test_default_dataset_sanity),
        cmocka_unit_test(test_profile),
        cmocka_unit_test(test_shares),
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_predict_target),
        cmocka_unit_test(test_calibration_overdispersed),
        cmocka_unit_test(test_calibration_seasonal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

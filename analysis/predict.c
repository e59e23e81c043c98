/*
 * analysis/predict.c — a predictive distribution for counts of events that carries the uncertainty of
 * the rate and the extra-Poisson variation (docs/methods.md, "Predictive model").
 *
 * The rate λ of the running period is Gamma(α, α/m) a priori, with m and α fitted to the unit's own
 * earlier periods (empirical Bayes, method of moments). Within the period, counts over sub-periods
 * are over-dispersed by a factor φ (a gamma process: a count over e years has mean eλ and variance
 * φeλ). The figures to date update the prior with the quasi-likelihood counts y/φ and exposure e/φ
 * (φ = 1 is the conjugate gamma–Poisson update), and the rest of the period is negative binomial given
 * λ, mixed over the posterior of λ by quadrature. Years of an "each year" target share λ.
 */
#include "analysis/analysis_int.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void chiso_pred_opts_default(chiso_pred_opts *o)
{
    memset(o, 0, sizeof *o);
    o->min_share = 0.25;
    o->min_elapsed_years = 0; /* off: a quarter of a plan year is a quarter of its span */
    o->min_history_periods = 2;
    o->min_history_years = 2.0;
    o->default_cv = 0.25;
    o->min_cv = 0.10;
    o->prior_shape = 0.5;
}

/* ---- fitting the prior --------------------------------------------------------------------------- */

chiso_status chiso_predict_fit(const chiso_pred_period *hist, size_t n, const chiso_pred_opts *opts,
                               chiso_pred_model *out, chiso_error *err)
{
    chiso_pred_opts defaults;
    if (!opts) {
        chiso_pred_opts_default(&defaults);
        opts = &defaults;
    }
    if (!out || (n && !hist))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    for (size_t i = 0; i < n; i++)
        if (!(hist[i].count >= 0) || !isfinite(hist[i].count) || !(hist[i].exposure > 0) || !isfinite(hist[i].exposure))
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                                   _("period %zu of the history has count %g over %g years: a count must be finite and "
                                     ">= 0 and the years finite and > 0"),
                                   i + 1, hist[i].count, hist[i].exposure);
    chiso_pred_model m;
    memset(&m, 0, sizeof m);
    m.opts = *opts;
    /* groups (terms): totals and the number of periods in each */
    double Y = 0, E = 0;
    size_t ng = 0;
    int *gid = calloc(n ? n : 1, sizeof *gid);
    double *gy = calloc(n ? n : 1, sizeof *gy), *ge = calloc(n ? n : 1, sizeof *ge);
    size_t *gn = calloc(n ? n : 1, sizeof *gn);
    if (!gid || !gy || !ge || !gn) {
        free(gid), free(gy), free(ge), free(gn);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    for (size_t i = 0; i < n; i++) {
        Y += hist[i].count;
        E += hist[i].exposure;
        size_t g = 0;
        while (g < ng && gid[g] != hist[i].group)
            g++;
        if (g == ng)
            gid[ng++] = hist[i].group;
        gy[g] += hist[i].count;
        ge[g] += hist[i].exposure;
        gn[g]++;
    }
    /* one earlier term given by year: its years stand in for terms (a year varies more than a term's
     * average, so this errs on the wide side) */
    if (ng < (size_t)opts->min_history_periods && n >= 3) {
        ng = n;
        for (size_t i = 0; i < n; i++) {
            gid[i] = (int)i;
            gy[i] = hist[i].count;
            ge[i] = hist[i].exposure;
            gn[i] = 1;
        }
        m.years_as_terms = 1;
    }
    m.history_periods = ng;
    m.history_years = E;
    m.history_events = Y;
    /* the dispersion within a group: Pearson χ² of its periods around the group's own rate */
    double x2 = 0, df = 0;
    for (size_t i = 0; i < n; i++) {
        size_t g = 0;
        if (m.years_as_terms)
            g = i;
        else
            while (gid[g] != hist[i].group)
                g++;
        if (gn[g] < 2 || gy[g] <= 0)
            continue;
        double mu = hist[i].exposure * gy[g] / ge[g];
        x2 += (hist[i].count - mu) * (hist[i].count - mu) / mu;
    }
    for (size_t g = 0; g < ng; g++)
        if (gn[g] >= 2 && gy[g] > 0)
            df += (double)gn[g] - 1;
    m.has_history = ng >= (size_t)opts->min_history_periods && E >= opts->min_history_years && Y > 0;
    if (m.has_history) {
        double mean = Y / E;
        m.mean_rate = mean;
        int within = df >= 2;
        double phi = within && x2 / df > 1 ? x2 / df : 1.0;
        /* the spread of the groups' rates beyond what their own counts explain (method of moments) */
        double rbar = 0, inv_e = 0;
        for (size_t g = 0; g < ng; g++) {
            rbar += gy[g] / ge[g];
            inv_e += 1.0 / ge[g];
        }
        rbar /= (double)ng;
        inv_e /= (double)ng;
        double s2 = 0;
        for (size_t g = 0; g < ng; g++)
            s2 += (gy[g] / ge[g] - rbar) * (gy[g] / ge[g] - rbar);
        s2 /= (double)ng - 1;
        /* s² from a handful of terms is noisy and α = m²/τ² convex in it, so a plug-in α is too large on
         * average and the intervals too narrow: s² is replaced by its posterior median under the
         * scale-invariant prior, ν s²/χ²_ν(0.5) with ν = ng − 1 (×1.27 for 4 terms, ×1 as ng grows) */
        double nu = (double)ng - 1;
        s2 *= nu / gsl_cdf_chisq_Pinv(0.5, nu);
        /* τ² = s² − φ·m·mean(1/E): the part of s² the counts' own variation does not explain. Without
         * yearly figures φ = 1 + τ²/m, and the fixed point is τ² = (s² − m·mean(1/E))/(1 + mean(1/E)) */
        double floor2 = opts->min_cv * opts->min_cv * mean * mean;
        double tau2 = within ? s2 - phi * mean * inv_e : (s2 - mean * inv_e) / (1 + inv_e);
        if (tau2 < floor2)
            tau2 = floor2;
        if (!within) /* a year varies around the term's rate as terms vary around the unit's */
            phi = 1 + tau2 / mean;
        /* the rate of a new term: its spread around the unit's rate, plus the uncertainty of that
         * rate estimated from ng terms (s²/ng) */
        m.shape = mean * mean / (tau2 + s2 / (double)ng);
        m.dispersion = phi;
        m.dispersion_from_data = within;
        m.prior_shape = m.shape;
        m.prior_rate = m.shape / mean;
    } else {
        m.shape = 1.0 / (opts->default_cv * opts->default_cv);
        m.mean_rate = E > 0 && Y > 0 ? Y / E : NAN;
        m.dispersion = 1; /* set from the figures to date by chiso_predict_update */
        m.prior_shape = opts->prior_shape;
        m.prior_rate = 0; /* Gamma(½, 0), scale-free: the figures to date decide */
    }
    free(gid), free(gy), free(ge), free(gn);
    m.post_shape = m.prior_shape;
    m.post_rate = m.prior_rate;
    *out = m;
    return CHISO_OK;
}

chiso_status chiso_predict_update(chiso_pred_model *m, double count, double exposure, chiso_error *err)
{
    if (!m)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    if (!(count >= 0) || !isfinite(count) || !(exposure >= 0) || !isfinite(exposure))
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("the count to date %g over %g years cannot update the model: both must be finite and "
                                 ">= 0"),
                               count, exposure);
    m->count_to_date = count;
    m->exposure_to_date = exposure;
    if (!m->has_history && exposure > 0) /* no history: the default spread around the pace to date */
        m->dispersion = 1 + (count / exposure) * m->opts.default_cv * m->opts.default_cv;
    m->post_shape = m->prior_shape + count / m->dispersion;
    m->post_rate = m->prior_rate + exposure / m->dispersion;
    if (!(m->post_rate > 0)) /* no history and no exposure: nothing is known of the rate */
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, "%s",
                               _("no earlier periods and no figures to date: the rate is unknown"));
    return CHISO_OK;
}

/* ---- the predictive distribution ---------------------------------------------------------------- */

/* P(Z <= k | λ) for Z the count over f years, mean fλ, variance φfλ. */
static double cond_cdf(double k, double mu, double phi)
{
    if (k < 0)
        return 0;
    if (!isfinite(k))
        return 1;
    if (mu <= 0)
        return 1;
    if (k >= 4294967295.0) {
        double sd = sqrt(phi * mu);
        return gsl_cdf_ugaussian_P((floor(k) + 0.5 - mu) / sd);
    }
    if (phi <= 1 + 1e-12)
        return gsl_cdf_poisson_P((unsigned)floor(k), mu);
    double size = mu / (phi - 1), p = 1 / phi;
    return gsl_cdf_negative_binomial_P((unsigned)floor(k), p, size);
}

/* Integrals over the posterior of the rate, in v = log λ: the density of v is
 * exp(A log B − lnΓ(A) + A v − B e^v). The conditional probabilities are steep in v when the posterior
 * is wide and the count large, so the integral is adaptive (GSL QAGP, 31-point Gauss–Kronrod) with a
 * break point where the conditional probability turns. */
typedef struct post_int {
    const chiso_pred_model *m;
    double logc;
    /* what is integrated: the product over n years of P(to_date[j] + Z_j meets op [lo, hi] | λ), or
     * (cdf = 1) P(Z <= k | λ) */
    int cdf;
    double f, k;
    size_t n;
    const double *td, *fv;
    chiso_cmp op;
    double lo, hi;
} post_int;

static double cond_meet(double x, double mu, double phi, chiso_cmp op, double lo, double hi);

static double post_integrand(double v, void *par)
{
    const post_int *q = par;
    double A = q->m->post_shape, B = q->m->post_rate, lam = exp(v);
    double d = exp(q->logc + A * v - B * lam);
    if (d == 0)
        return 0;
    double g;
    if (q->cdf) {
        g = cond_cdf(q->k, q->f * lam, q->m->dispersion);
    } else {
        g = 1;
        for (size_t j = 0; j < q->n && g > 0; j++) {
            double pj = cond_meet(q->td[j], q->fv[j] * lam, q->m->dispersion, q->op, q->lo, q->hi);
            g *= pj < 0 ? 0 : pj;
        }
    }
    return g * d;
}

static double post_integrate(post_int *q, double turn)
{
    const chiso_pred_model *m = q->m;
    double A = m->post_shape, B = m->post_rate;
    if (!(A > 0) || !(B > 0) || !isfinite(A) || !isfinite(B))
        return NAN;
    double lo = gsl_cdf_gamma_Pinv(1e-12, A, 1 / B), hi = gsl_cdf_gamma_Qinv(1e-12, A, 1 / B);
    if (!(lo > 0) || !isfinite(lo))
        lo = (A / B) * 1e-30;
    if (!(hi > lo) || !isfinite(hi))
        return NAN;
    q->logc = A * log(B) - gsl_sf_lngamma(A);
    double pts[3] = {log(lo), 0, log(hi)};
    size_t np = 2;
    if (turn > lo && turn < hi && isfinite(turn)) {
        pts[1] = log(turn);
        pts[2] = log(hi);
        np = 3;
    } else {
        pts[1] = log(hi);
    }
    /* the workspace on the stack (its layout is public in gsl_integration.h, as gsl_integration_workspace_alloc
     * fills it): the model never allocates, so running out of memory cannot change a probability */
    enum { LIMIT = 200 };
    double alist[LIMIT], blist[LIMIT], rlist[LIMIT], elist[LIMIT];
    size_t order[LIMIT], level[LIMIT];
    gsl_integration_workspace w = {LIMIT, 0, 0, 0, 0, alist, blist, rlist, elist, order, level};
    gsl_function F = {post_integrand, q};
    double res = NAN, abserr = 0;
    int st = gsl_integration_qagp(&F, pts, np, 1e-12, 1e-10, LIMIT, &w, &res, &abserr);
    if (st != GSL_SUCCESS && !(abserr < 1e-8))
        return NAN;
    return res < 0 ? 0 : res > 1 ? 1 : res;
}

static double mix_cdf(const chiso_pred_model *m, double f, double k)
{
    post_int q = {m, 0, 1, f, k, 0, NULL, NULL, CHISO_CMP_GE, 0, 0};
    return post_integrate(&q, f > 0 ? (k + 0.5) / f : NAN);
}

double chiso_predict_rest_mean(const chiso_pred_model *m, double f)
{
    if (!m || !(f >= 0))
        return NAN;
    return f * m->post_shape / m->post_rate;
}

double chiso_predict_rest_cdf(const chiso_pred_model *m, double f, double k)
{
    if (!m || !(f >= 0) || isnan(k))
        return NAN;
    if (k < 0)
        return 0;
    if (f == 0)
        return 1;
    return mix_cdf(m, f, floor(k));
}

/* The smallest whole k with P(Z <= k) >= p, searched by doubling and bisection. */
static double mix_quantile(const chiso_pred_model *m, double f, double p)
{
    double mean = f * m->post_shape / m->post_rate;
    double var = m->dispersion * mean + f * f * m->post_shape / (m->post_rate * m->post_rate);
    double guess = floor(mean + gsl_cdf_ugaussian_Pinv(p) * sqrt(var));
    if (guess < 0)
        guess = 0;
    double lo, hi; /* invariant: F(lo) < p <= F(hi); lo = −1 stands for "below 0" */
    double step = sqrt(var) > 1 ? ceil(sqrt(var) / 4) : 1;
    if (mix_cdf(m, f, guess) >= p) {
        hi = guess;
        lo = guess - step;
        while (lo >= 0 && mix_cdf(m, f, lo) >= p) {
            hi = lo;
            step *= 2;
            lo = hi - step;
        }
        if (lo < 0)
            lo = -1;
    } else {
        lo = guess;
        hi = guess + step;
        while (mix_cdf(m, f, hi) < p) {
            lo = hi;
            step *= 2;
            hi = lo + step;
            if (hi > 1e15)
                return INFINITY;
        }
    }
    while (hi - lo > 1) {
        double mid = floor((lo + hi) / 2);
        if (mid >= 0 && mix_cdf(m, f, mid) >= p)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

double chiso_predict_rest_quantile(const chiso_pred_model *m, double f, double p)
{
    if (!m || !(f >= 0) || !(p > 0 && p < 1))
        return NAN;
    if (f == 0)
        return 0;
    return mix_quantile(m, f, p);
}

/* P(x + Z meets op T) given λ, for whole counts: ≥ lo, > lo, ≤ hi, < hi, within [lo, hi]. */
static double cond_meet(double x, double mu, double phi, chiso_cmp op, double lo, double hi)
{
    switch (op) {
    case CHISO_CMP_GE: return 1 - cond_cdf(ceil(lo - x) - 1, mu, phi);
    case CHISO_CMP_GT: return 1 - cond_cdf(floor(lo - x), mu, phi);
    case CHISO_CMP_LE: return cond_cdf(floor(hi - x), mu, phi);
    case CHISO_CMP_LT: return cond_cdf(ceil(hi - x) - 1, mu, phi);
    default: return cond_cdf(floor(hi - x), mu, phi) - cond_cdf(ceil(lo - x) - 1, mu, phi);
    }
}

double chiso_predict_prob_total(const chiso_pred_model *m, double to_date, double f, chiso_cmp op, double lo, double hi)
{
    return chiso_predict_prob_each(m, 1, &to_date, &f, op, lo, hi);
}

double chiso_predict_prob_each(const chiso_pred_model *m, size_t n, const double *to_date, const double *f, chiso_cmp op,
                               double lo, double hi)
{
    if (!m || !to_date || !f || n == 0)
        return NAN;
    for (size_t j = 0; j < n; j++)
        if (!(f[j] >= 0) || !(to_date[j] >= 0) || !isfinite(to_date[j]))
            return NAN;
    /* the turn of the first year still to come: where its conditional probability changes most */
    double turn = NAN;
    for (size_t j = 0; j < n && isnan(turn); j++)
        if (f[j] > 0)
            turn = (op == CHISO_CMP_LE || op == CHISO_CMP_LT ? hi : lo) - to_date[j];
    for (size_t j = 0; j < n && !isnan(turn); j++)
        if (f[j] > 0) {
            turn = turn > 0 ? turn / f[j] : NAN;
            break;
        }
    post_int q = {m, 0, 0, 0, 0, n, to_date, f, op, lo, hi};
    return post_integrate(&q, turn);
}

chiso_pred_enough chiso_predict_enough(const chiso_pred_model *m, double share_covered, double elapsed_years)
{
    if (!m)
        return CHISO_PRED_NO_MODEL;
    if (m->has_history)
        return CHISO_PRED_ENOUGH;
    if (!(share_covered >= m->opts.min_share))
        return CHISO_PRED_TOO_LITTLE_COVERED;
    if (!(elapsed_years >= m->opts.min_elapsed_years))
        return CHISO_PRED_TOO_SHORT;
    return CHISO_PRED_ENOUGH;
}

char *chiso_predict_enough_text(chiso_pred_enough e, const chiso_pred_opts *o)
{
    chiso_pred_opts d;
    if (!o) {
        chiso_pred_opts_default(&d);
        o = &d;
    }
    char a[32];
    chiso_buf b;
    chiso_buf_init(&b);
    switch (e) {
    case CHISO_PRED_TOO_LITTLE_COVERED:
        chiso_buf_printf(&b,
                         _("no probability: the figures cover less than %s%% of the period and the unit has no earlier "
                           "terms to learn its pace from"),
                         chiso_format_number_trim(o->min_share * 100, 0, chiso_get_lang(), a, sizeof a));
        break;
    case CHISO_PRED_TOO_SHORT:
        chiso_buf_printf(&b,
                         _("no probability: the figures cover less than %s years and the unit has no earlier terms to "
                           "learn its pace from"),
                         chiso_format_number_trim(o->min_elapsed_years, 1, chiso_get_lang(), a, sizeof a));
        break;
    case CHISO_PRED_NO_MODEL: chiso_buf_puts(&b, _("no probability: no model of the counts")); break;
    default: chiso_buf_puts(&b, ""); break;
    }
    return chiso_buf_take(&b);
}

/* ---- within-year profile -------------------------------------------------------------------------- */

void chiso_profile_flat(chiso_profile *p)
{
    for (int i = 0; i < 12; i++)
        p->w[i] = 1;
    p->estimated = 0;
    p->n_figures = 0;
}

chiso_status chiso_profile_fit(const int32_t *start, const int32_t *end, const double *count, size_t n,
                               chiso_profile *out, chiso_error *err)
{
    if (!out || (n && (!start || !end || !count)))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    double c[12] = {0}, e[12] = {0};
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        int y0, m0, d0, y1, m1, d1;
        if (!(count[i] >= 0) || !isfinite(count[i]) || end[i] < start[i])
            continue;
        chiso_civil_from_days(start[i], &y0, &m0, &d0);
        chiso_civil_from_days(end[i], &y1, &m1, &d1);
        int months = (y1 - y0) * 12 + (m1 - m0) + 1;
        /* only whole months or quarters inside one year: a figure of a month or a quarter */
        if (d0 != 1)
            continue;
        int32_t next = m1 == 12 ? chiso_days_from_civil(y1 + 1, 1, 1) : chiso_days_from_civil(y1, m1 + 1, 1);
        if (end[i] != next - 1 || y0 != y1 || months > 3)
            continue;
        for (int mm = m0; mm <= m1; mm++) {
            c[mm - 1] += count[i] / months;
            e[mm - 1] += 1;
        }
        used++;
    }
    chiso_profile_flat(out);
    double tot = 0, et = 0;
    for (int i = 0; i < 12; i++) {
        tot += c[i];
        et += e[i];
    }
    int all = 1;
    for (int i = 0; i < 12; i++)
        all &= e[i] > 0;
    if (!all || tot <= 0) /* every month must be seen at least once */
        return CHISO_OK;
    double mean = tot / et, sum = 0;
    for (int i = 0; i < 12; i++) {
        /* shrink each month toward the mean by one month's worth of events at the mean rate */
        out->w[i] = (c[i] + mean) / (e[i] + 1) / mean;
        sum += out->w[i];
    }
    for (int i = 0; i < 12; i++)
        out->w[i] *= 12 / sum;
    out->estimated = 1;
    out->n_figures = used;
    return CHISO_OK;
}

static int days_in_month(int y, int m)
{
    int32_t a = chiso_days_from_civil(y, m, 1);
    int32_t b = m == 12 ? chiso_days_from_civil(y + 1, 1, 1) : chiso_days_from_civil(y, m + 1, 1);
    return (int)(b - a);
}

double chiso_profile_exposure(const chiso_profile *p, int32_t start, int32_t end)
{
    if (end < start)
        return 0;
    chiso_profile flat;
    if (!p) {
        chiso_profile_flat(&flat);
        p = &flat;
    }
    int y, m, d, y1, m1, d1;
    chiso_civil_from_days(start, &y, &m, &d);
    chiso_civil_from_days(end, &y1, &m1, &d1);
    double s = 0;
    for (;;) {
        int dim = days_in_month(y, m);
        int32_t ms = chiso_days_from_civil(y, m, 1), me = ms + dim - 1;
        int32_t a = start > ms ? start : ms, b = end < me ? end : me;
        if (b >= a)
            s += p->w[m - 1] / 12.0 * (double)(b - a + 1) / dim;
        if (y == y1 && m == m1)
            break;
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    return s;
}

int chiso_profile_misses_year_end(int32_t start, int32_t end)
{
    if (end < start)
        return 0;
    int y0, m0, d0, y1, m1, d1;
    chiso_civil_from_days(start, &y0, &m0, &d0);
    chiso_civil_from_days(end, &y1, &m1, &d1);
    (void)y0, (void)m0, (void)d0, (void)y1, (void)d1;
    /* the window ends before December: the year-end of its last year is not in it */
    return m1 < 12;
}

/* ---- shares ---------------------------------------------------------------------------------------- */

chiso_status chiso_predict_share_fit(const double *pct, size_t n, chiso_share_model *out, chiso_error *err)
{
    if (!out || (n && !pct))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    if (n < 3)
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                               _("%zu yearly shares: a share needs at least 3 earlier years to be predicted"), n);
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(pct[i] >= 0 && pct[i] <= 100))
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, _("a share must lie in [0, 100], not %g"), pct[i]);
        s += pct[i] / 100;
    }
    double mean = s / (double)n;
    for (size_t i = 0; i < n; i++)
        s2 += (pct[i] / 100 - mean) * (pct[i] / 100 - mean);
    /* the spread of a new year: the sample variance plus that of the mean (× (n + 1)/n), at least a
     * standard deviation of one percentage point */
    double var = s2 / ((double)n - 1) * ((double)n + 1) / (double)n;
    if (var < 1e-4)
        var = 1e-4;
    /* keep the mean inside (0, 1) so that the beta exists: a history of 100% every year says "close to 100" */
    double mu = mean, half = 0.5 / ((double)n + 1);
    if (mu > 1 - half / 10)
        mu = 1 - half / 10;
    if (mu < half / 10)
        mu = half / 10;
    if (var >= mu * (1 - mu))
        var = mu * (1 - mu) * 0.99;
    double k = mu * (1 - mu) / var - 1;
    out->n = n;
    out->mean = mean * 100;
    out->sd = sqrt(var) * 100;
    out->a = mu * k;
    out->b = (1 - mu) * k;
    return CHISO_OK;
}

double chiso_predict_share_prob(const chiso_share_model *m, chiso_cmp op, double lo, double hi)
{
    if (!m || !(m->a > 0) || !(m->b > 0))
        return NAN;
    double L = lo / 100, H = hi / 100;
    switch (op) {
    case CHISO_CMP_GE:
    case CHISO_CMP_GT: return L <= 0 ? 1 : L >= 1 ? 0 : gsl_cdf_beta_Q(L, m->a, m->b);
    case CHISO_CMP_LE:
    case CHISO_CMP_LT: return H >= 1 ? 1 : H <= 0 ? 0 : gsl_cdf_beta_P(H, m->a, m->b);
    default:
        return (H >= 1 ? 1 : H <= 0 ? 0 : gsl_cdf_beta_P(H, m->a, m->b)) -
               (L <= 0 ? 0 : L >= 1 ? 1 : gsl_cdf_beta_P(L, m->a, m->b));
    }
}

double chiso_predict_share_quantile(const chiso_share_model *m, double p)
{
    if (!m || !(m->a > 0) || !(m->b > 0) || !(p > 0 && p < 1))
        return NAN;
    return 100 * gsl_cdf_beta_Pinv(p, m->a, m->b);
}

/* ---- the unit's own history, and a target's question ------------------------------------------------ */

chiso_status pred_history(const chiso_dataset *ds, const chiso_normalized *norm, long unit, long ind, int level,
                          int32_t before, int32_t as_of, pred_hist *out)
{
    memset(out, 0, sizeof *out);
    chiso_profile_flat(&out->profile);
    /* monthly and quarterly figures for the within-year profile */
    size_t no = chiso_dataset_n_obs(ds), nm = 0;
    int32_t *ms = malloc((no ? no : 1) * sizeof *ms), *me = malloc((no ? no : 1) * sizeof *me);
    double *mc = malloc((no ? no : 1) * sizeof *mc);
    if (!ms || !me || !mc) {
        free(ms), free(me), free(mc);
        return CHISO_ENOMEM;
    }
    for (size_t i = 0; i < no; i++) {
        chiso_obs_info o;
        chiso_dataset_obs(ds, i, &o);
        if (o.unit_index != unit || o.indicator_index != ind || o.basis != CHISO_BASIS_TOTAL || (o.flags & CHISO_OBS_PART) ||
            o.end.day > as_of || o.value.iv.lo != o.value.iv.hi || o.end.day - o.start.day > 95)
            continue;
        ms[nm] = o.start.day;
        me[nm] = o.end.day;
        mc[nm++] = o.value.iv.lo;
    }
    chiso_error e;
    chiso_status st = chiso_profile_fit(ms, me, mc, nm, &out->profile, &e);
    free(ms), free(me), free(mc);
    if (st != CHISO_OK)
        return st;
    /* the earlier terms: their totals, or their yearly figures where a term has two or more */
    size_t n = chiso_normalized_count(norm), cap = 0;
    for (size_t i = 0; i < n; i++) {
        const chiso_norm_row *r = chiso_normalized_get(norm, i);
        if (r->unit_index != unit || r->indicator_index != ind || r->level != level || r->basis != CHISO_BASIS_TOTAL ||
            (r->level == 0 && r->rating))
            continue;
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)r->term_index, &T);
        if (T.start.day >= before - 45 || !(r->coverage_years > 0))
            continue;
        if (!isfinite(r->value.lo) || !isfinite(r->value.hi)) {
            out->open_left_out++;
            continue;
        }
        /* yearly figures of this term */
        size_t first = out->n, years = 0;
        for (size_t k = 0; k < no; k++) {
            chiso_obs_info o;
            chiso_dataset_obs(ds, k, &o);
            if (o.unit_index != unit || o.indicator_index != ind || o.basis != CHISO_BASIS_TOTAL ||
                (o.flags & CHISO_OBS_PART) || o.value.iv.lo != o.value.iv.hi || level)
                continue;
            int y, m, d, y1, m1, d1;
            chiso_civil_from_days(o.start.day, &y, &m, &d);
            chiso_civil_from_days(o.end.day, &y1, &m1, &d1);
            if (y != y1 || m != 1 || d != 1 || m1 != 12 || d1 != 31 || o.start.day < T.start.day - 45 ||
                o.end.day > T.end.day + 45)
                continue;
            if (chiso_grow((void **)&out->periods, &cap, out->n + 1, sizeof *out->periods) != 0)
                return CHISO_ENOMEM;
            out->periods[out->n++] = (chiso_pred_period){o.value.iv.lo, chiso_profile_exposure(&out->profile, o.start.day,
                                                                                                o.end.day),
                                                         (int)r->term_index};
            years++;
        }
        if (years >= 2) {
            out->yearly++;
        } else {
            out->n = first;
            if (chiso_grow((void **)&out->periods, &cap, out->n + 1, sizeof *out->periods) != 0)
                return CHISO_ENOMEM;
            double ex = out->profile.estimated ? chiso_profile_exposure(&out->profile, r->cover_start, r->cover_end)
                                               : r->coverage_years;
            out->periods[out->n++] = (chiso_pred_period){r->point, ex, (int)r->term_index};
        }
        out->inexact |= r->value.lo != r->value.hi;
        out->terms++;
    }
    return CHISO_OK;
}

void pred_history_free(pred_hist *h)
{
    if (h)
        free(h->periods);
}

chiso_status chiso_predict_target(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_pred_query *q,
                                  const chiso_pred_opts *opts, chiso_pred_answer *a, chiso_error *err)
{
    if (!ds || !norm || !q || !a || (q->n_years && (!q->year_to_date || !q->year_ahead)))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    memset(a, 0, sizeof *a);
    a->p = a->mean = a->lo80 = a->hi80 = a->lo95 = a->hi95 = NAN;
    chiso_stats_init();
    pred_hist h;
    chiso_status st = pred_history(ds, norm, q->unit, q->indicator, q->level, q->span_start, q->seen_end, &h);
    if (st != CHISO_OK) {
        pred_history_free(&h);
        return chiso_error_set(err, st, NULL, 0, 0, "%s", _("out of memory"));
    }
    chiso_pred_model m;
    st = chiso_predict_fit(h.periods, h.n, opts, &m, err);
    pred_history_free(&h);
    if (st != CHISO_OK)
        return st;
    a->has_history = m.has_history;
    a->history_terms = m.history_periods;
    a->profile_used = h.profile.estimated;
    a->yearly_history = h.yearly > 0;
    a->dispersion = m.dispersion;
    /* exposures: profile-weighted when a profile is known */
    double seen = q->years_seen, ahead = q->years_ahead;
    if (h.profile.estimated && q->seen_end >= q->span_start) {
        seen = chiso_profile_exposure(&h.profile, q->span_start, q->seen_end);
        ahead = chiso_profile_exposure(&h.profile, q->seen_end + 1, q->span_end);
    }
    if (!h.profile.estimated && q->seen_end >= q->span_start && q->span_end > q->seen_end)
        a->misses_year_end = (chiso_profile_misses_year_end(q->span_start, q->seen_end) ? 1 : 0) |
                             (chiso_profile_misses_year_end(q->seen_end + 1, q->span_end) ? 2 : 0);
    double share = q->span_end > q->span_start ? (seen / (seen + ahead)) : 1;
    a->enough = chiso_predict_enough(&m, share, seen);
    if ((st = chiso_predict_update(&m, q->count, seen, err)) != CHISO_OK) {
        a->enough = CHISO_PRED_TOO_SHORT;
        return CHISO_OK; /* no probability: the reason says why */
    }
    if (a->enough != CHISO_PRED_ENOUGH)
        return CHISO_OK;
    if (q->n_years == 0) {
        a->mean = chiso_predict_rest_mean(&m, ahead);
        a->lo80 = chiso_predict_rest_quantile(&m, ahead, 0.10);
        a->hi80 = chiso_predict_rest_quantile(&m, ahead, 0.90);
        a->lo95 = chiso_predict_rest_quantile(&m, ahead, 0.025);
        a->hi95 = chiso_predict_rest_quantile(&m, ahead, 0.975);
        a->p = chiso_predict_prob_total(&m, 0, ahead, CHISO_CMP_BETWEEN, q->need_lo, q->need_hi);
    } else {
        /* the years of an each_year target share the rate */
        double scale = q->years_ahead > 0 ? ahead / q->years_ahead : 1;
        double *f = malloc(q->n_years * sizeof *f);
        if (!f)
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        for (size_t j = 0; j < q->n_years; j++)
            f[j] = q->year_ahead[j] * scale;
        a->mean = chiso_predict_rest_mean(&m, 1);
        a->lo80 = chiso_predict_rest_quantile(&m, 1, 0.10);
        a->hi80 = chiso_predict_rest_quantile(&m, 1, 0.90);
        a->lo95 = chiso_predict_rest_quantile(&m, 1, 0.025);
        a->hi95 = chiso_predict_rest_quantile(&m, 1, 0.975);
        a->p = chiso_predict_prob_each(&m, q->n_years, q->year_to_date, f, CHISO_CMP_BETWEEN, q->need_lo, q->need_hi);
        free(f);
    }
    a->has_probability = isfinite(a->p);
    return CHISO_OK;
}

char *chiso_predict_answer_text(const chiso_pred_answer *a, const chiso_pred_opts *opts)
{
    chiso_buf b;
    chiso_buf_init(&b);
    if (!a)
        return chiso_buf_take(&b);
    if (a->enough != CHISO_PRED_ENOUGH) {
        char *w = chiso_predict_enough_text(a->enough, opts);
        if (w)
            chiso_buf_puts(&b, w);
        else
            b.oom = 1; /* never a reason with a part missing: the caller sees NULL */
        free(w);
    } else if (a->has_history) {
        chiso_buf_printf(&b, _("the pace is learnt from %zu earlier terms of the unit as well as the figures to date"),
                         a->history_terms);
    } else {
        chiso_buf_puts(&b, _("no earlier terms to learn the pace from: the figures to date alone, with a spread from "
                             "year to year of a quarter"));
    }
    /* without monthly figures the months count alike: say when a window misses the usual year-end peak */
    if (a->misses_year_end & 1)
        chiso_buf_printf(&b, "%s%s", b.len ? "; " : "",
                         _("the figures to date end before December and miss the usual year-end peak, so the pace to "
                           "date may be low (no monthly figures to weigh the months)"));
    if (a->misses_year_end & 2)
        chiso_buf_printf(&b, "%s%s", b.len ? "; " : "",
                         _("the rest of the period ends before December and misses the usual year-end peak (no monthly "
                           "figures to weigh the months)"));
    if (a->profile_used)
        chiso_buf_printf(&b, "%s%s", b.len ? "; " : "", _("months weighted by the unit's own monthly figures"));
    return chiso_buf_take(&b);
}

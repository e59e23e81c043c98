/*
 * chiso/stats.h — the statistical primitives of the analysis layer, on plain arrays.
 *
 * Every function checks its preconditions before GSL is called (n, spread in x, finite values) and
 * returns CHISO_EDOMAIN with a message saying what is missing, never NaN with CHISO_OK. GSL's error
 * handler must be off (chiso_stats_init does it). Methods and published test vectors:
 * docs/methods.md, "Published methods chiso follows"; chiso's choices are in the same file.
 */
#ifndef CHISO_STATS_H
#define CHISO_STATS_H

#include "chiso/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Turn GSL's abort-on-error handler off for the whole process. Idempotent. Called by every entry of
 * the analysis layer, so callers need not; programs that use GSL themselves may call it first. */
CHISO_API void chiso_stats_init(void);

/* A straight-line fit y = intercept + slope·x. */
typedef struct chiso_linfit {
    size_t n;
    double slope, intercept;
    double se_slope, se_intercept;
    double cov00, cov01, cov11;    /* covariance of (intercept, slope) used for the standard errors */
    double ci95_lo, ci95_hi;       /* slope ± t(0.975, n−2)·se_slope */
    double t_crit;                 /* t(0.975, n−2) */
    double r2;                     /* coefficient of determination (weighted for WLS) */
    double p;                      /* two-sided p of H0: slope = 0, t distribution with n−2 df */
    double chisq;                  /* residual sum of squares (weighted for WLS) */
    int weighted;                  /* 0 OLS, 1 WLS */
} chiso_linfit;

/* Ordinary least squares (gsl_fit_linear). Needs n >= 3, finite x and y, and var(x) > 0.
 * Returns CHISO_OK, CHISO_EINVAL (NULL pointers) or CHISO_EDOMAIN (preconditions). */
CHISO_API chiso_status chiso_stats_ols(const double *x, const double *y, size_t n, chiso_linfit *out,
                                       chiso_error *err);

/* Weighted least squares (gsl_fit_wlinear). w[i] > 0 and finite. relative = 1: the weights are only
 * relative (years covered, recency), so the covariance is multiplied by chisq/(n − 2); relative = 0:
 * w = 1/σ² as GSL treats it and the covariance is GSL's. Same preconditions as OLS. */
CHISO_API chiso_status chiso_stats_wls(const double *x, const double *y, const double *w, size_t n,
                                       int relative, chiso_linfit *out, chiso_error *err);

/* Mann–Kendall trend test on a series in time order. */
typedef struct chiso_mk {
    size_t n;
    double s;          /* S = Σ_{k<j} sgn(x_j − x_k) */
    double var_s;      /* with the tie correction */
    double z;          /* sgn(S)(|S| − 1)/√Var(S); 0 when S = 0 */
    double p;          /* two-sided p: exact for n <= 10, normal with continuity correction above */
    double p_normal;   /* two-sided p of the normal approximation, always */
    double tau_b;      /* Kendall's τ_b = S / √[(N − Σt(t−1)/2)·N], N = n(n−1)/2, as R's trend */
    double tau_a;      /* S / N, as pymannkendall */
    int exact;         /* 1 when p is from the exact distribution */
} chiso_mk;

/* Needs n >= 3 and finite values (n <= 4 is allowed here, but callers should say "too few terms to
 * test" for n <= 4: see methods.md §3). The exact p for n <= 10 is the permutation distribution of S
 * (with ties, over the distinct orderings of the observed values). */
CHISO_API chiso_status chiso_stats_mann_kendall(const double *x, size_t n, chiso_mk *out, chiso_error *err);

/* Exact upper tail P(S >= s) of the Mann–Kendall statistic for n values without ties (Kendall's
 * recursion). 3 <= n <= 60. Returns NaN for n out of range. */
CHISO_API double chiso_stats_mk_exact_upper(size_t n, long s);

/* Sen's slope: the median of (x_j − x_i)/(t_j − t_i) over i < j with t_j != t_i. */
typedef struct chiso_sen {
    size_t n, n_slopes;
    double slope;
    double intercept;          /* median(x) − median(t)·slope */
    double ci95_lo, ci95_hi;   /* ranks round((N − C)/2) and round((N + C)/2 + 1), C = z_0.975·√Var(S) */
    int ci_available;          /* 0 when the ranks fall outside 1..N (series too short) */
} chiso_sen;

/* t in increasing order. Needs n >= 3, finite values, at least one pair with t_j != t_i. */
CHISO_API chiso_status chiso_stats_sen(const double *t, const double *x, size_t n, chiso_sen *out,
                                       chiso_error *err);

/* Compound annual growth rate as a fraction: (last/first)^(1/years) − 1. Needs first > 0, last >= 0,
 * years > 0, all finite. */
CHISO_API chiso_status chiso_stats_cagr(double first, double last, double years, double *out,
                                        chiso_error *err);

/* Poisson log-linear rate trend: count_i ~ Poisson(exposure_i · exp(b0 + b1·t_i)), fitted by
 * iteratively reweighted least squares with GSL. rate_ratio = exp(b1): the factor by which the rate
 * changes per unit of t (per term or per year). */
typedef struct chiso_poisson {
    size_t n;
    double b0, b1, se_b0, se_b1;
    double rate_ratio, ci95_lo, ci95_hi;  /* exp(b1), exp(b1 ∓ 1.959964·se_b1) */
    double deviance;                       /* residual deviance */
    double p;                              /* two-sided Wald p of b1 = 0 */
    int iterations;
    /* extra-Poisson variation: Pearson χ² = Σ(y − μ)²/μ over df = n − 2 residual degrees of freedom */
    double pearson_chi2;
    double df;
    double dispersion;                     /* φ = pearson_chi2/df, as R's quasipoisson */
    int overdispersed;                     /* φ > 1: the quasi-Poisson figures below are the ones to quote */
    double qp_se_b1;                       /* se_b1·√max(φ, 1) */
    double qp_ci95_lo, qp_ci95_hi;         /* exp(b1 ∓ t(0.975, n−2)·qp_se_b1) */
    double qp_p;                           /* two-sided p of b1/qp_se_b1 from Student's t, n − 2 df */
} chiso_poisson;

/* Needs n >= 3, counts >= 0 and finite, exposure > 0 and finite, spread in t, and a count > 0.
 * Returns CHISO_EDOMAIN when the fit does not converge in 50 iterations. The dispersion φ (Pearson
 * χ²/df) is always reported; when φ > 1 the qp_* fields widen the Wald figures by √φ and use Student's
 * t with n − 2 df (R: summary(glm(..., family = quasipoisson))); when φ <= 1 they equal the Poisson
 * ones (a dispersion below 1 is not used to narrow an interval). */
CHISO_API chiso_status chiso_stats_poisson_trend(const double *t, const double *count, const double *exposure,
                                                 size_t n, chiso_poisson *out, chiso_error *err);

/* Standard normal quantile and the t quantile (thin wrappers kept here so callers need no GSL). */
CHISO_API double chiso_stats_norm_quantile(double p);
CHISO_API double chiso_stats_t_quantile(double p, double df);
CHISO_API double chiso_stats_norm_cdf(double x);

#ifdef __cplusplus
}
#endif
#endif /* CHISO_STATS_H */

/*
 * chiso/analysis.h — term comparison, trends and target attainment over a normalised dataset.
 *
 * Every function takes a loaded dataset and its normalisation (chiso/ingest.h) and returns an opaque
 * result with _count/_get accessors and a _free (NULL is a no-op). Results refer to the dataset and
 * the normalisation they were made from: free the result first. Nothing here prints; the *_to_json
 * and *_to_csv functions return new strings the caller frees. Choices and settings are documented in
 * docs/methods.md.
 */
#ifndef CHISO_ANALYSIS_H
#define CHISO_ANALYSIS_H

#include "chiso/common.h"
#include "chiso/ingest.h"
#include "chiso/stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- series ------------------------------------------------------------------------------------ */

/* What a compared value is. */
typedef enum chiso_value_kind {
    CHISO_VK_ANNUAL = 0, /* flows: events per year over the years covered */
    CHISO_VK_SHARE,      /* rates: per cent */
    CHISO_VK_LEVEL       /* stocks: the level (latest in the term, or a mean) */
} chiso_value_kind;

/* Selection of series: NULL/0 fields select everything. */
typedef struct chiso_select {
    const char *unit;
    const char *const *indicators; /* NULL-terminated list, or NULL for all */
    const char *term;
    int level;                     /* rating level k (at or above k); 0 = any */
} chiso_select;

/* ---- term comparison --------------------------------------------------------------------------- */

typedef struct chiso_compare_row {
    const char *unit, *indicator, *term, *term_label;
    long unit_index, indicator_index, term_index;
    int level;                  /* rating: at or above level k; 0 otherwise */
    const char *rating;         /* a "trong đó" part's label, or NULL */
    chiso_basis basis;          /* of the figure used */
    chiso_value_kind kind;
    chiso_interval value;       /* comparable value: annual rate, share or level */
    double point;
    chiso_interval total;       /* flows: the total reported over the years covered */
    double total_point;
    double coverage_years, term_years;
    int partial;                /* covered only in part: totals are not comparable, rates are */
    int has_projected;          /* flows in a partial term: the term total at the same pace */
    chiso_interval projected;
    double projected_point;
    int has_prev;               /* a previous term of the same series exists */
    const char *prev_term;
    chiso_interval change;      /* value − previous value (interval arithmetic) */
    double change_point;
    int has_rel;                /* relative change exists (previous value away from 0) */
    chiso_interval change_rel;  /* (value − previous)/previous, as a fraction */
    double change_rel_point;
    chiso_truth rose;           /* CHISO_TRUE: certainly higher than before; FALSE: certainly not; UNKNOWN */
    chiso_truth fell;
    unsigned flags;             /* CHISO_NORM_* of the row used */
    const chiso_norm_row *norm; /* the normalised row */
} chiso_compare_row;

typedef struct chiso_comparison chiso_comparison;

/* One row per series (unit, indicator, level) and term, in time order within a series. Series with a
 * single term are kept (no change). Returns CHISO_OK, CHISO_ENOMEM, or CHISO_ENOTFOUND when the
 * selection names a unit or indicator the dataset does not have. */
CHISO_API chiso_status chiso_analysis_compare(const chiso_dataset *ds, const chiso_normalized *norm,
                                              const chiso_select *sel, chiso_comparison **out,
                                              chiso_error *err);
CHISO_API void chiso_comparison_free(chiso_comparison *c);
CHISO_API size_t chiso_comparison_count(const chiso_comparison *c);
CHISO_API const chiso_compare_row *chiso_comparison_get(const chiso_comparison *c, size_t i);
CHISO_API char *chiso_comparison_to_json(const chiso_comparison *c);
CHISO_API char *chiso_comparison_to_csv(const chiso_comparison *c);

/* ---- trends ------------------------------------------------------------------------------------ */

typedef enum chiso_trend_by { CHISO_BY_TERM = 0, CHISO_BY_YEAR = 1 } chiso_trend_by;

/* Why a test was not made. */
typedef enum chiso_trend_status {
    CHISO_TREND_OK = 0,
    CHISO_TREND_TOO_FEW,     /* fewer points than the test needs: "too few terms to test a trend" */
    CHISO_TREND_CONSTANT,    /* all values equal: nothing to order */
    CHISO_TREND_NOT_APPLICABLE
} chiso_trend_status;

typedef struct chiso_trend_point {
    double x;                /* decimal year: the term's midpoint (a level: its figure's day), or the year's middle */
    chiso_interval y;
    double y_point;
    double weight;           /* years covered */
    const char *label;       /* term code or year */
    double count, exposure;  /* for the rate trend: events and member-years (NaN when unknown) */
} chiso_trend_point;

typedef struct chiso_trend {
    const char *unit, *indicator;
    int level;
    chiso_trend_by by;
    chiso_value_kind kind;
    size_t n;
    const chiso_trend_point *points;
    chiso_trend_status ols_status, mk_status, sen_status, poisson_status;
    chiso_linfit ols, wls;   /* slopes per year of x */
    double slope_per_term;   /* OLS slope × the mean length of the series' terms (by term) */
    chiso_mk mk;
    int mk_too_few;          /* n <= 4: the exact test cannot reach 5% — say so */
    chiso_sen sen;
    int has_cagr;
    double cagr;             /* fraction per year between the first and last point values */
    int has_poisson;
    chiso_poisson poisson;   /* rate ratio per term (by term) or per year */
    /* interval figures: the slope a reader could get from any values inside the intervals */
    int has_slope_range;
    double slope_min, slope_max;   /* may be ±INFINITY for an open-ended figure */
    int sign_depends;        /* the sign of the slope is not the same across the intervals */
    int significance_depends;/* OLS significance at 5% differs between the extreme readings */
    const char *message;     /* a sentence in the current language: what the trend says or why not */
} chiso_trend;

typedef struct chiso_trend_result chiso_trend_result;

/* The trend of one series: unit, indicator and (for ratings) level are required in sel. Returns
 * CHISO_OK even when the series is too short (then the statuses say so and message explains);
 * CHISO_ENOTFOUND when the series does not exist; CHISO_ENOMEM. */
CHISO_API chiso_status chiso_analysis_trend(const chiso_dataset *ds, const chiso_normalized *norm,
                                            const chiso_select *sel, chiso_trend_by by,
                                            chiso_trend_result **out, chiso_error *err);
CHISO_API void chiso_trend_result_free(chiso_trend_result *t);
CHISO_API const chiso_trend *chiso_trend_result_get(const chiso_trend_result *t);
CHISO_API char *chiso_trend_to_json(const chiso_trend_result *t);
CHISO_API char *chiso_trend_to_csv(const chiso_trend_result *t);

/* ---- target attainment ------------------------------------------------------------------------- */

typedef enum chiso_verdict {
    CHISO_VERDICT_NONE = 0,  /* not decided (a running term) */
    CHISO_VERDICT_MET,
    CHISO_VERDICT_NOT_MET,
    CHISO_VERDICT_INDETERMINATE,
    CHISO_VERDICT_NO_DATA
} chiso_verdict;

typedef enum chiso_progress {
    CHISO_PROGRESS_NONE = 0, /* a finished term */
    CHISO_PROGRESS_ACHIEVED,
    CHISO_PROGRESS_ON_TRACK,
    CHISO_PROGRESS_AT_RISK,
    CHISO_PROGRESS_OFF_TRACK,
    CHISO_PROGRESS_NO_DATA
} chiso_progress;

/* The codes of a verdict and a status as JSON and CSV write them ("MET", "ON_TRACK", …): static strings,
 * never translated; NULL for NONE and for a value out of range. */
CHISO_API const char *chiso_verdict_name(chiso_verdict v);   /* "MET", … ; NULL for NONE */
CHISO_API const char *chiso_progress_name(chiso_progress p); /* "ON_TRACK", … ; NULL for NONE */
/* The same in words of the current language ("đạt", "on track"). */
CHISO_API const char *chiso_verdict_words(chiso_verdict v);
CHISO_API const char *chiso_progress_words(chiso_progress p);

typedef struct chiso_attain_opts {
    int has_as_of;
    int32_t as_of;            /* default: the end of the latest figure of the dataset */
    const char *term;         /* only this term code (NULL: all) */
    int illustrative;         /* also the illustrative targets (they must be loaded) */
    double on_track;          /* probability for ON_TRACK, default 0.80 */
    double at_risk;           /* probability for AT_RISK, default 0.20 (below: OFF_TRACK) */
    double ratio_tolerance;   /* extra slack, in percentage points, beyond what the digits of a reported
                                 ratio allow ([r − u/2, r + u), u one unit of its last digit); default 0 */
} chiso_attain_opts;

/* Fill *o with the defaults: every target that is not illustrative, as of the end of the latest figure,
 * on_track 0.80, at_risk 0.20, no ratio tolerance. o must not be NULL. */
CHISO_API void chiso_attain_opts_default(chiso_attain_opts *o);

typedef struct chiso_attain_row {
    const chiso_target_info *target; /* the target (view; owned by the result) */
    const char *unit, *term, *indicator, *term_label;
    chiso_cmp op;
    chiso_interval target_value;     /* in the indicator's unit: counts for relative targets */
    int has_target_abs;              /* relative_to: the target converted with the membership */
    chiso_basis basis;
    int running;                     /* the term runs past as_of */
    double elapsed_years, term_years;
    int has_actual;
    chiso_interval actual;           /* the value judged (total, yearly hull, mean, end level) */
    double actual_point;
    int has_ratio;
    chiso_interval ratio;            /* actual ÷ target, as a fraction */
    int has_gap;
    chiso_interval gap;              /* actual − target (surplus > 0, shortfall < 0) */
    chiso_verdict verdict;           /* NONE for a running term unless already decided */
    chiso_progress status;           /* NONE for a finished term */
    /* running terms */
    int has_to_date;
    double pro_rata_target;          /* target · elapsed / term length (total basis) */
    double pace;                     /* actual ÷ pro-rata target */
    int has_projection;
    double proj_value, proj_lo80, proj_hi80, proj_lo95, proj_hi95;
    int has_probability;
    double probability;              /* P(the target is met at the end of the term) */
    /* each_year */
    int years_total, years_met, years_not_met, years_unknown, years_missing;
    /* what the report itself said */
    int has_reported;
    const chiso_verdict_info *reported;
    int disagrees;                   /* the reported verdict or ratio disagrees with ours */
    const char *reason;              /* in words, in the current language */
    const char *sources;             /* locators of the figures used */
} chiso_attain_row;

typedef struct chiso_attainment chiso_attainment;

/* Judge every target of the dataset (targets.csv) against its figures as of opts->as_of: a verdict for a
 * finished term or period, a status (and, for counts, a projection and a probability) for a running
 * one, each with its reason in words of the current language, the sources of the figures used and what
 * the report itself said (verdicts.csv). Rows are in the order of targets.csv; illustrative targets
 * only with opts->illustrative, and only the term opts->term when it is set. opts NULL: the defaults.
 * On CHISO_OK *out is a new result the caller frees with chiso_attainment_free (after it, before ds and
 * norm); CHISO_EINVAL (ds, norm or out NULL) or CHISO_ENOMEM otherwise, with err set and *out NULL. */
CHISO_API chiso_status chiso_analysis_attain(const chiso_dataset *ds, const chiso_normalized *norm,
                                             const chiso_attain_opts *opts, chiso_attainment **out,
                                             chiso_error *err);
/* Free a result (NULL: nothing). The rows, their strings and targets go with it. */
CHISO_API void chiso_attainment_free(chiso_attainment *a);
/* The number of rows (0 for NULL), and row i (NULL when out of range); the row belongs to the result. */
CHISO_API size_t chiso_attainment_count(const chiso_attainment *a);
CHISO_API const chiso_attain_row *chiso_attainment_get(const chiso_attainment *a, size_t i);
/* The day the targets were judged as of (days since 1970-01-01; 0 for NULL). */
CHISO_API int32_t chiso_attainment_as_of(const chiso_attainment *a);
/* The result as JSON ({"as_of": …, "targets": [...]}, one object a row) or as CSV (a header line, then
 * one line a row, intervals as their bounds): a new string the caller frees, NULL when out of memory.
 * NULL a gives an empty list. */
CHISO_API char *chiso_attainment_to_json(const chiso_attainment *a);
CHISO_API char *chiso_attainment_to_csv(const chiso_attainment *a);

/* The membership a relative target is of, in words of the current language, with a leading space
 * (" of the members at the start of the term", " of the members on 2016-12-31"), or "" for a target
 * that is not relative. Writes at most size bytes into buf and returns buf. */
CHISO_API char *chiso_target_base_words(const chiso_target_info *t, char *buf, size_t size);

/* The end of the latest figure of the dataset (days), or 0 when it has none. */
CHISO_API int32_t chiso_dataset_latest_day(const chiso_dataset *ds);

/* A day in decimal years: the start of that day (2017-01-01 is 2017.0, 2017-07-02 is 2017.4986…). The
 * middle of a span [a, b] is chiso_decimal_year(a) + (b − a + 1)/2 days. */
CHISO_API double chiso_decimal_year(int32_t day);

/* ---- predictive model for counts (analysis/predict.c; docs/methods.md, "Predictive model") ------- */

/* Settings of the model. chiso_pred_opts_default gives the documented defaults. */
typedef struct chiso_pred_opts {
    double min_share;          /* without history: least share of the period covered (0.25) */
    double min_elapsed_years;  /* without history: least years covered (0: off by default) */
    int min_history_periods;   /* earlier terms (groups) needed to learn a prior (2) */
    double min_history_years;  /* and years they must cover together (2) */
    double default_cv;         /* relative spread of a year's rate assumed without history (0.25) */
    double min_cv;             /* least relative spread between terms, whatever the history says (0.10) */
    double prior_shape;        /* shape of the weakly informative prior without history (0.5) */
} chiso_pred_opts;

/* Fill *o with the documented defaults (the values in brackets above; docs/methods.md). o must not be
 * NULL. */
CHISO_API void chiso_pred_opts_default(chiso_pred_opts *o);

/* One earlier period of the unit: count of events over exposure years. Periods of the same term share
 * a group; several periods in a group (the years of a term) let the model learn the spread within a
 * term. Exposure is in years, weighted by a within-year profile when one is known. */
typedef struct chiso_pred_period {
    double count;
    double exposure;
    int group;
} chiso_pred_period;

/* The fitted model (a plain value: no allocation, nothing to free). */
typedef struct chiso_pred_model {
    chiso_pred_opts opts;
    int has_history;            /* the prior was learnt from the unit's earlier terms */
    size_t history_periods;     /* groups (terms) in the history */
    double history_years, history_events;
    double mean_rate;           /* m: events a year over the history (NaN without history) */
    double shape;               /* α: 1/α is the squared relative spread of a term's rate */
    double dispersion;          /* φ: variance ÷ mean of a count within a term */
    int dispersion_from_data;   /* φ from yearly figures within terms (else from α: φ = 1 + m/α) */
    int years_as_terms;         /* fewer earlier terms than needed, but 3 or more periods (the years of
                                 * one term): each period counts as a term */
    double prior_shape, prior_rate;   /* Gamma(a0, b0) of the rate of the running period (b0 = 0 without
                                       * history: the improper, scale-free Gamma(½, 0)) */
    double post_shape, post_rate;     /* after chiso_predict_update */
    double count_to_date, exposure_to_date;
} chiso_pred_model;

/* Fit the prior from n earlier periods (n may be 0: weakly informative prior). Returns CHISO_OK,
 * CHISO_EINVAL (NULL out, or NULL hist with n > 0), CHISO_EDOMAIN (a count < 0 or not finite, an
 * exposure <= 0), CHISO_ENOMEM. opts NULL: the defaults. */
CHISO_API chiso_status chiso_predict_fit(const chiso_pred_period *hist, size_t n, const chiso_pred_opts *opts,
                                         chiso_pred_model *out, chiso_error *err);

/* Update the model with the count to date over exposure years of the running period (posterior shape
 * a0 + count/φ, rate b0 + exposure/φ). Returns CHISO_EDOMAIN when the rate is still unknown (no
 * history and no exposure) or the figures are not finite and >= 0. */
CHISO_API chiso_status chiso_predict_update(chiso_pred_model *m, double count, double exposure,
                                            chiso_error *err);

/* The count Z over the f remaining years (profile-weighted), mixed over the posterior of the rate:
 * its mean, P(Z <= k), and the smallest whole k with P(Z <= k) >= p (0 < p < 1). NaN for bad
 * arguments. */
CHISO_API double chiso_predict_rest_mean(const chiso_pred_model *m, double f);
CHISO_API double chiso_predict_rest_cdf(const chiso_pred_model *m, double f, double k);
CHISO_API double chiso_predict_rest_quantile(const chiso_pred_model *m, double f, double p);

/* P(to_date + Z op [lo, hi]) for a whole-count target: >= lo, > lo, <= hi, < hi, or within [lo, hi]
 * (CHISO_CMP_BETWEEN and EQ). */
CHISO_API double chiso_predict_prob_total(const chiso_pred_model *m, double to_date, double f, chiso_cmp op,
                                          double lo, double hi);

/* P(every one of n years meets op [lo, hi]): year j has to_date[j] events so far and f[j] years still
 * to come (1 for a year not begun, 0 for a year already over). The years share the rate: the
 * probability is integrated over its posterior, not a product of independent years. */
CHISO_API double chiso_predict_prob_each(const chiso_pred_model *m, size_t n, const double *to_date,
                                         const double *f, chiso_cmp op, double lo, double hi);

/* Is there enough information to give a probability? */
typedef enum chiso_pred_enough {
    CHISO_PRED_ENOUGH = 0,
    CHISO_PRED_TOO_LITTLE_COVERED, /* no history and less than min_share of the period covered */
    CHISO_PRED_TOO_SHORT,          /* no history and fewer than min_elapsed_years covered */
    CHISO_PRED_NO_MODEL
} chiso_pred_enough;

/* Whether the model m may give a probability for a period of which share_covered (0..1) and
 * elapsed_years are covered by the figures to date: always with a history; without one, only from
 * min_share of the period and min_elapsed_years on (m->opts). CHISO_PRED_NO_MODEL for NULL m. */
CHISO_API chiso_pred_enough chiso_predict_enough(const chiso_pred_model *m, double share_covered,
                                                 double elapsed_years);
/* Why not, in words of the current language ("" for CHISO_PRED_ENOUGH): a new string the caller frees
 * (NULL when out of memory). o NULL: the default settings. */
CHISO_API char *chiso_predict_enough_text(chiso_pred_enough e, const chiso_pred_opts *o);

/* Within-year profile: 12 monthly weights with mean 1 (flat: all 1). */
typedef struct chiso_profile {
    double w[12];
    int estimated;      /* learnt from monthly or quarterly figures */
    size_t n_figures;   /* how many */
} chiso_profile;

/* Set *p to the flat profile: every month weighs 1, not estimated, from no figures. p must not be NULL. */
CHISO_API void chiso_profile_flat(chiso_profile *p);
/* Learn a profile from figures of whole months or quarters (start, end days; counts): each month's
 * weight is its mean count shrunk toward the overall mean by one month at the mean rate. Figures of
 * other spans are ignored; when some month is never covered the profile stays flat (estimated = 0). */
CHISO_API chiso_status chiso_profile_fit(const int32_t *start, const int32_t *end, const double *count,
                                         size_t n, chiso_profile *out, chiso_error *err);
/* Exposure of the days start..end (both counted) in profile-weighted years (NULL: flat). */
CHISO_API double chiso_profile_exposure(const chiso_profile *p, int32_t start, int32_t end);
/* 1 when the window start..end ends before the December of its last year (it misses the year-end). */
CHISO_API int chiso_profile_misses_year_end(int32_t start, int32_t end);

/* Shares (per cent) of a year: a beta fitted by moments to the yearly shares of earlier years, with
 * the variance of a new year ((n + 1)/n × the sample variance, at least 1 percentage point squared). */
typedef struct chiso_share_model {
    size_t n;
    double mean, sd;     /* per cent */
    double a, b;         /* Beta(a, b) of a year's share as a fraction */
} chiso_share_model;

/* Needs n >= 3 shares in [0, 100]: CHISO_EDOMAIN otherwise. */
CHISO_API chiso_status chiso_predict_share_fit(const double *pct, size_t n, chiso_share_model *out,
                                               chiso_error *err);
/* P(a year's share op [lo, hi]) (per cent), and the p-quantile of a year's share (per cent). */
CHISO_API double chiso_predict_share_prob(const chiso_share_model *m, chiso_cmp op, double lo, double hi);
CHISO_API double chiso_predict_share_quantile(const chiso_share_model *m, double p);

/* A running target's question, for chiso_predict_target: the unit's indicator (and rating level),
 * the target's span, the figures to date, and the count still to come that meets the target. */
typedef struct chiso_pred_query {
    long unit, indicator;
    int level;
    int32_t span_start, span_end;  /* the term or the target's period (days, both counted) */
    int32_t seen_end;              /* the figures to date cover span_start..seen_end */
    double count;                  /* events to date (whole, >= 0) */
    double years_seen, years_ahead;/* flat years (replaced by profile-weighted ones when a profile is known) */
    size_t n_years;                /* 0: a total; k: k years of an each_year target */
    const double *year_to_date;    /* per year: events so far (n_years of them) */
    const double *year_ahead;      /* per year: years still to come (1 for a year not begun) */
    double need_lo, need_hi;       /* the count still to come (each year's total for each_year) must lie in
                                    * [need_lo, need_hi]; need_hi may be INFINITY */
} chiso_pred_query;

typedef struct chiso_pred_answer {
    int has_probability;
    double p;                      /* P(the target is met) */
    double mean, lo80, hi80, lo95, hi95;  /* the count still to come (for each_year: of one year) */
    chiso_pred_enough enough;      /* not ENOUGH: no probability, and why */
    int has_history;               /* the prior was learnt from earlier terms */
    size_t history_terms;
    int yearly_history;            /* some earlier term was given by year (dispersion from the data) */
    int profile_used;              /* months weighted by the unit's monthly/quarterly figures */
    int misses_year_end;           /* no profile, and a window ends before December: bit 1 the figures to
                                    * date, bit 2 the rest of the span */
    double dispersion;
} chiso_pred_answer;

/* Answer a running target's question with the model: the prior from the unit's earlier terms of the
 * same indicator in norm (those starting before span_start), the profile from its monthly or quarterly
 * figures, updated by the count to date. Returns CHISO_OK (also when there is too little information:
 * then has_probability = 0 and enough says why), CHISO_EINVAL, CHISO_ENOMEM. */
CHISO_API chiso_status chiso_predict_target(const chiso_dataset *ds, const chiso_normalized *norm,
                                            const chiso_pred_query *q, const chiso_pred_opts *opts,
                                            chiso_pred_answer *a, chiso_error *err);
/* The words a reason needs about an answer (what the pace rests on, why no probability, the year-end):
 * a new string in the current language, caller frees. */
CHISO_API char *chiso_predict_answer_text(const chiso_pred_answer *a, const chiso_pred_opts *opts);

/* ---- planning the next term (analysis/plan.c) --------------------------------------------------- */

#define CHISO_PLAN_MAX_LEVELS 6

typedef struct chiso_plan_opts {
    const char *unit;                 /* the unit to plan for (required) */
    const char *const *indicators;    /* NULL-terminated list, or NULL for every indicator */
    const char *term;                 /* plan this term of terms.csv, or NULL */
    int has_span;                     /* else plan start..end (days, both counted) */
    int32_t start, end;
    const chiso_pred_opts *model;     /* NULL: the defaults */
} chiso_plan_opts;

/* Fill *o with the defaults: every field 0 or NULL (no unit yet: set opts->unit; every indicator; the
 * five years after the unit's latest term; the model's defaults). o must not be NULL. */
CHISO_API void chiso_plan_opts_default(chiso_plan_opts *o);

/* A candidate target and the probability of reaching it. */
typedef struct chiso_plan_level {
    chiso_cmp op;        /* GE for indicators that should rise or have no direction, LE for those that
                          * should fall (discipline) */
    double level;
    double probability;
} chiso_plan_level;

typedef struct chiso_plan_row {
    const char *unit, *indicator;
    int level;                   /* rating level k (at or above k), 0 otherwise */
    const char *rating;          /* the latest label of that level, or NULL */
    int direction;               /* +1 should rise, −1 should fall, 0 no direction */
    chiso_value_kind kind;       /* ANNUAL: the count over the whole period; SHARE: one year's share (%) */
    int has_prediction;          /* always 1 for rows in a result (rows without enough history are skipped) */
    const char *model;           /* "gamma-poisson" or "beta" */
    size_t history_terms;        /* earlier terms the prediction rests on */
    double history_years;        /* years they cover (counts; NaN for shares) */
    const char *history;         /* the figures used, "I: 712 / 4,83; II: …" (current language) */
    double mean, lo80, hi80, lo95, hi95;   /* predictive mean and 80%/95% intervals */
    double dispersion;           /* counts: φ within a term */
    double rate_cv;              /* counts: relative spread of a term's rate, 1/√α */
    size_t n_levels;
    chiso_plan_level levels[CHISO_PLAN_MAX_LEVELS];
    const char *note;            /* what the reader should know (current language; "" when nothing) */
    const char *sources;         /* where the figures used come from ("000_….txt line 244; …") */
} chiso_plan_row;

typedef struct chiso_plan chiso_plan;

/* Predict the next period's value of every indicator of opts->unit with enough history: counts with the
 * gamma–Poisson model (at least opts->model->min_history_periods earlier terms), shares with a beta
 * (at least 3 earlier terms). The period is opts->term, else start..end (has_span), else the five
 * years after the unit's latest term. Returns CHISO_OK, CHISO_EINVAL (NULL arguments, no unit, a span
 * that ends before it starts), CHISO_ENOTFOUND (unknown unit or term, or no terms to follow and no
 * span), CHISO_ENOMEM. Free with chiso_plan_free (NULL is a no-op) before the dataset. */
CHISO_API chiso_status chiso_analysis_plan(const chiso_dataset *ds, const chiso_normalized *norm,
                                           const chiso_plan_opts *opts, chiso_plan **out, chiso_error *err);
CHISO_API void chiso_plan_free(chiso_plan *p);
CHISO_API size_t chiso_plan_count(const chiso_plan *p);
CHISO_API const chiso_plan_row *chiso_plan_get(const chiso_plan *p, size_t i);
/* Series of the unit left out for too little history. */
CHISO_API size_t chiso_plan_skipped(const chiso_plan *p);
/* The planned period (any pointer may be NULL); term is NULL unless opts->term was given. */
CHISO_API void chiso_plan_period(const chiso_plan *p, int32_t *start, int32_t *end, double *years,
                                 const char **term);
/* New strings the caller frees: JSON (one object per indicator), CSV (one line per candidate level). */
CHISO_API char *chiso_plan_to_json(const chiso_plan *p);
CHISO_API char *chiso_plan_to_csv(const chiso_plan *p);

#ifdef __cplusplus
}
#endif
#endif /* CHISO_ANALYSIS_H */

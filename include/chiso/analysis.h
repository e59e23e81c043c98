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
chiso_status chiso_analysis_compare(const chiso_dataset *ds, const chiso_normalized *norm,
                                    const chiso_select *sel, chiso_comparison **out, chiso_error *err);
void chiso_comparison_free(chiso_comparison *c);
size_t chiso_comparison_count(const chiso_comparison *c);
const chiso_compare_row *chiso_comparison_get(const chiso_comparison *c, size_t i);
char *chiso_comparison_to_json(const chiso_comparison *c);
char *chiso_comparison_to_csv(const chiso_comparison *c);

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
    double x;                /* decimal year: the term's midpoint, or the year's middle */
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
    double slope_per_term;   /* OLS slope × mean spacing of the terms (by term) */
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
chiso_status chiso_analysis_trend(const chiso_dataset *ds, const chiso_normalized *norm,
                                  const chiso_select *sel, chiso_trend_by by, chiso_trend_result **out,
                                  chiso_error *err);
void chiso_trend_result_free(chiso_trend_result *t);
const chiso_trend *chiso_trend_result_get(const chiso_trend_result *t);
char *chiso_trend_to_json(const chiso_trend_result *t);
char *chiso_trend_to_csv(const chiso_trend_result *t);

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

const char *chiso_verdict_name(chiso_verdict v);   /* "MET", … ; NULL for NONE */
const char *chiso_progress_name(chiso_progress p); /* "ON_TRACK", … ; NULL for NONE */
/* The same in words of the current language ("đạt", "on track"). */
const char *chiso_verdict_words(chiso_verdict v);
const char *chiso_progress_words(chiso_progress p);

typedef struct chiso_attain_opts {
    int has_as_of;
    int32_t as_of;            /* default: the end of the latest figure of the dataset */
    const char *term;         /* only this term code (NULL: all) */
    int illustrative;         /* also the illustrative targets (they must be loaded) */
    double on_track;          /* probability for ON_TRACK, default 0.80 */
    double at_risk;           /* probability for AT_RISK, default 0.20 (below: OFF_TRACK) */
    double ratio_tolerance;   /* reported ratio vs computed, in percentage points; default 0.01 */
} chiso_attain_opts;

void chiso_attain_opts_default(chiso_attain_opts *o);

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

chiso_status chiso_analysis_attain(const chiso_dataset *ds, const chiso_normalized *norm,
                                   const chiso_attain_opts *opts, chiso_attainment **out, chiso_error *err);
void chiso_attainment_free(chiso_attainment *a);
size_t chiso_attainment_count(const chiso_attainment *a);
const chiso_attain_row *chiso_attainment_get(const chiso_attainment *a, size_t i);
int32_t chiso_attainment_as_of(const chiso_attainment *a);
char *chiso_attainment_to_json(const chiso_attainment *a);
char *chiso_attainment_to_csv(const chiso_attainment *a);

/* The end of the latest figure of the dataset (days), or 0 when it has none. */
int32_t chiso_dataset_latest_day(const chiso_dataset *ds);

/* A day in decimal years: the start of that day (2017-01-01 is 2017.0, 2017-07-02 is 2017.4986…). The
 * middle of a span [a, b] is chiso_decimal_year(a) + (b − a + 1)/2 days. */
double chiso_decimal_year(int32_t day);

#ifdef __cplusplus
}
#endif
#endif /* CHISO_ANALYSIS_H */

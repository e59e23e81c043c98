/*
 * analysis/attain.c — were the congress targets met, and in a running term, will they be?
 *
 * Verdicts follow docs/methods.md §1: every figure is an interval and a target is MET
 * when the whole interval meets it, NOT_MET when none of it does, INDETERMINATE otherwise; conditions
 * over several years combine with Kleene logic and a year without a figure gives NO_DATA, never MET.
 * A term still running gets a projection (§2): the count to date plus a Poisson count for the rest of
 * the term at the same rate, and a status from the probability of meeting the target.
 */
#include "analysis/analysis_int.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chiso_attainment {
    chiso_attain_row *rows;
    size_t n;
    chiso_target_info *targets;
    chiso_verdict_info *verdicts;
    size_t n_verdicts;
    char **strings;
    size_t n_strings, cap_strings;
    int32_t as_of;
};

void chiso_attain_opts_default(chiso_attain_opts *o)
{
    memset(o, 0, sizeof *o);
    o->on_track = 0.80;
    o->at_risk = 0.20;
    o->ratio_tolerance = 0.01;
}

const char *chiso_verdict_name(chiso_verdict v)
{
    static const char *n[] = {NULL, "MET", "NOT_MET", "INDETERMINATE", "NO_DATA"};
    return (unsigned)v < CHISO_ARRAY_LEN(n) ? n[v] : NULL;
}

const char *chiso_progress_name(chiso_progress p)
{
    static const char *n[] = {NULL, "ACHIEVED", "ON_TRACK", "AT_RISK", "OFF_TRACK", "NO_DATA"};
    return (unsigned)p < CHISO_ARRAY_LEN(n) ? n[p] : NULL;
}

const char *chiso_verdict_words(chiso_verdict v)
{
    switch (v) {
    case CHISO_VERDICT_MET: return _("met");
    case CHISO_VERDICT_NOT_MET: return _("not met");
    case CHISO_VERDICT_INDETERMINATE: return _("indeterminate");
    case CHISO_VERDICT_NO_DATA: return _("no data");
    default: return "";
    }
}

const char *chiso_progress_words(chiso_progress p)
{
    switch (p) {
    case CHISO_PROGRESS_ACHIEVED: return _("achieved");
    case CHISO_PROGRESS_ON_TRACK: return _("on track");
    case CHISO_PROGRESS_AT_RISK: return _("at risk");
    case CHISO_PROGRESS_OFF_TRACK: return _("off track");
    case CHISO_PROGRESS_NO_DATA: return _("no data");
    default: return "";
    }
}

static chiso_verdict verdict_of(chiso_truth t)
{
    return t == CHISO_TRUE ? CHISO_VERDICT_MET : t == CHISO_FALSE ? CHISO_VERDICT_NOT_MET : CHISO_VERDICT_INDETERMINATE;
}

static char *keep(chiso_attainment *a, char *s)
{
    if (!s)
        return NULL;
    if (chiso_grow((void **)&a->strings, &a->cap_strings, a->n_strings + 1, sizeof *a->strings) != 0) {
        free(s);
        return NULL;
    }
    a->strings[a->n_strings++] = s;
    return s;
}

/* Numbers in words for reasons, in the current language. */
static const char *fmt_iv(chiso_interval iv, int dec, int pct, char *buf, size_t size)
{
    return chiso_format_interval(iv, dec, pct, chiso_get_lang(), buf, size);
}

static const char *fmt_num(double v, int dec, char *buf, size_t size)
{
    return chiso_format_number_trim(v, dec, chiso_get_lang(), buf, size);
}

/* P(X <= k) and P(X > k) for a whole k >= 0, X ~ Poisson(mu). GSL takes k as unsigned int: beyond it
 * (or for k = ∞) the normal approximation with continuity correction, which is what Poisson is there. */
#define POISSON_K_MAX 4294967295.0
static double pois_P(double k, double mu)
{
    if (k < POISSON_K_MAX)
        return gsl_cdf_poisson_P((unsigned)k, mu);
    return isinf(k) ? 1.0 : gsl_cdf_ugaussian_P((k + 0.5 - mu) / sqrt(mu));
}

static double pois_Q(double k, double mu)
{
    if (k < POISSON_K_MAX)
        return gsl_cdf_poisson_Q((unsigned)k, mu);
    return isinf(k) ? 0.0 : gsl_cdf_ugaussian_Q((k + 0.5 - mu) / sqrt(mu));
}

/* Poisson quantile: the smallest k with P(X <= k) >= p. */
static double poisson_quantile(double p, double mu)
{
    if (mu <= 0)
        return 0;
    double k = floor(mu + gsl_cdf_ugaussian_Pinv(p) * sqrt(mu));
    if (k < 0)
        k = 0;
    while (k > 0 && pois_P(k - 1, mu) >= p)
        k--;
    while (pois_P(k, mu) < p)
        k++;
    return k;
}

/* P(X >= k) for X ~ Poisson(mu). */
static double poisson_at_least(double k, double mu)
{
    if (k <= 0)
        return 1;
    return pois_Q(ceil(k) - 1, mu);
}

/* P(X <= k). */
static double poisson_at_most(double k, double mu)
{
    if (k < 0)
        return 0;
    return pois_P(floor(k), mu);
}

/* The yearly figure of indicator ind (level for ratings) in calendar year y, from observations up to
 * as_of: a figure of that year alone, a level rated in that year, or an "each year" figure covering it. */
static int year_figure(const chiso_dataset *ds, long unit, long ind, int level, int y, int32_t as_of,
                       chiso_interval *out, long *obs_index)
{
    int found = 0;
    int best_rank = 99;
    int32_t ys = chiso_days_from_civil(y, 1, 1), ye = chiso_days_from_civil(y, 12, 31);
    for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
        chiso_obs_info o;
        chiso_dataset_obs(ds, i, &o);
        if (o.unit_index != unit || o.indicator_index != ind || o.end.day > as_of)
            continue;
        if (level && o.level != level)
            continue;
        if (level && !(o.flags & CHISO_OBS_AT_OR_ABOVE) && level != 4)
            continue;
        if (o.flags & CHISO_OBS_PART)
            continue;
        int rank;
        if (o.basis == CHISO_BASIS_POINT && o.end.day >= ys && o.end.day <= ye && (o.end.prec < 2 || o.end.month == 12))
            rank = 0;
        else if (o.start.day >= ys - 45 && o.end.day <= ye + 45 && o.end.day >= ye - 45 && o.basis != CHISO_BASIS_POINT)
            rank = 1; /* a figure of that year alone */
        else if (o.basis == CHISO_BASIS_EACH_YEAR && o.start.day <= ye && o.end.day >= ye - 31)
            rank = 2; /* "each year" over a span holding that year's December */
        else
            continue;
        if (rank < best_rank) {
            best_rank = rank;
            *out = o.value.iv;
            *obs_index = (long)i;
            found = 1;
        }
    }
    return found;
}

/* Does a figure of the normalised row cover calendar year y (its December, with the usual slack)? An
 * annual mean can speak for a year without a figure of its own only when it was measured over it. */
static int row_covers_year(const chiso_dataset *ds, const chiso_norm_row *row, int y)
{
    int32_t ys = chiso_days_from_civil(y, 1, 1), ye = chiso_days_from_civil(y, 12, 31);
    for (size_t k = 0; k < row->n_obs; k++) {
        chiso_obs_info o;
        if (chiso_dataset_obs(ds, (size_t)row->obs[k], &o) != CHISO_OK)
            continue;
        if (o.start.day <= ys + 45 && o.end.day >= ye - 45)
            return 1;
    }
    return 0;
}

/* Append "file:line" of an observation to a sources buffer. */
static void add_source(const chiso_dataset *ds, chiso_buf *b, long obs)
{
    chiso_obs_info o;
    if (obs < 0 || chiso_dataset_obs(ds, (size_t)obs, &o) != CHISO_OK)
        return;
    if (b->len)
        chiso_buf_puts(b, "; ");
    char place[1024];
    if (o.source)
        chiso_buf_printf(b, "%s %s", o.source, o.locator ? o.locator : "");
    else
        chiso_buf_puts(b, chiso_place_format(o.file, o.line, 0, place, sizeof place));
}

/* The normalised row of a target: the basis asked for first, then any. */
static const chiso_norm_row *target_row(const chiso_normalized *norm, const chiso_target_info *t, chiso_basis want)
{
    const chiso_norm_row *r = NULL;
    if (want != CHISO_BASIS_NONE)
        r = chiso_normalized_find(norm, t->unit_index, t->term_index, t->indicator_index, want, t->level);
    if (!r)
        r = chiso_normalized_find(norm, t->unit_index, t->term_index, t->indicator_index, CHISO_BASIS_NONE, t->level);
    return r;
}

typedef struct judge_ctx {
    const chiso_dataset *ds;
    const chiso_normalized *norm;
    const chiso_attain_opts *opts;
    int32_t as_of;
    chiso_attainment *res;
    chiso_buf reason, sources;
} judge_ctx;

/* A total over the term (or the period) of a flow. */
static void judge_total(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, chiso_interval T,
                        const chiso_norm_row *row)
{
    char a[64], b[64], d[64], e[64];
    chiso_indicator_info I;
    chiso_dataset_indicator(c->ds, (size_t)t->indicator_index, &I);
    if (!row) {
        r->verdict = r->running ? CHISO_VERDICT_NONE : CHISO_VERDICT_NO_DATA;
        r->status = r->running ? CHISO_PROGRESS_NO_DATA : CHISO_PROGRESS_NONE;
        chiso_buf_puts(&c->reason, _("no figure for this term"));
        return;
    }
    for (size_t k = 0; k < row->n_obs; k++)
        add_source(c->ds, &c->sources, row->obs[k]);
    int partial = (row->flags & CHISO_NORM_PARTIAL) != 0 || r->running;
    r->has_actual = 1;
    r->actual = row->value;
    r->actual_point = row->point;
    /* counts do not go down: a term reported in part has at least the reported total */
    chiso_interval possible = row->value;
    if (partial && I.kind == CHISO_KIND_FLOW) {
        possible.hi = INFINITY;
        possible.hi_open = 1;
    }
    chiso_truth truth = chiso_interval_compare(possible, t->op, T);
    double e_years = row->coverage_years;
    if (!r->running) {
        r->verdict = verdict_of(truth);
        if (partial && truth == CHISO_UNKNOWN) {
            chiso_buf_printf(&c->reason, _("only %s of the term's %s years are reported, and the reported %s does "
                                           "not decide the target %s %s"),
                             fmt_num(e_years, 1, a, sizeof a), fmt_num(row->term_years, 1, b, sizeof b),
                             fmt_iv(row->value, 1, 0, d, sizeof d), chiso_cmp_symbol(t->op), fmt_iv(T, 1, 0, e, sizeof e));
        } else if (truth == CHISO_UNKNOWN) {
            chiso_buf_printf(&c->reason, _("the reported %s straddles the target %s %s"), fmt_iv(row->value, 1, 0, d, sizeof d),
                             chiso_cmp_symbol(t->op), fmt_iv(T, 1, 0, e, sizeof e));
        } else {
            chiso_buf_printf(&c->reason, truth == CHISO_TRUE ? _("%s meets the target %s %s")
                                                             : _("%s does not meet the target %s %s"),
                             fmt_iv(row->value, 1, 0, d, sizeof d), chiso_cmp_symbol(t->op), fmt_iv(T, 1, 0, e, sizeof e));
            if (partial && truth == CHISO_TRUE)
                chiso_buf_printf(&c->reason, _(" (already with %s of %s years reported)"), fmt_num(e_years, 1, a, sizeof a),
                                 fmt_num(row->term_years, 1, b, sizeof b));
        }
        return;
    }
    /* a running term */
    double L = r->term_years;
    double target_pt = (T.lo + T.hi) / 2;
    r->has_to_date = 1;
    r->pro_rata_target = target_pt * e_years / L;
    r->pace = r->pro_rata_target > 0 ? row->point / r->pro_rata_target : NAN;
    if (truth == CHISO_TRUE) {
        r->verdict = CHISO_VERDICT_MET;
        r->status = CHISO_PROGRESS_ACHIEVED;
    } else if (truth == CHISO_FALSE) {
        r->verdict = CHISO_VERDICT_NOT_MET;
        r->status = CHISO_PROGRESS_OFF_TRACK;
    }
    if (I.kind == CHISO_KIND_FLOW && e_years > 0 && L > e_years) {
        double rate = row->point / e_years, mu = rate * (L - e_years);
        r->has_projection = 1;
        r->proj_value = row->point + mu;
        r->proj_lo80 = row->point + poisson_quantile(0.10, mu);
        r->proj_hi80 = row->point + poisson_quantile(0.90, mu);
        r->proj_lo95 = row->point + poisson_quantile(0.025, mu);
        r->proj_hi95 = row->point + poisson_quantile(0.975, mu);
        double need_lo = T.lo - row->point, need_hi = T.hi - row->point;
        double p;
        switch (t->op) {
        case CHISO_CMP_GE: p = poisson_at_least(need_lo, mu); break;
        case CHISO_CMP_GT: p = poisson_at_least(floor(need_lo) + 1, mu); break;
        case CHISO_CMP_LE: p = poisson_at_most(need_hi, mu); break;
        case CHISO_CMP_LT: p = poisson_at_most(ceil(need_hi) - 1, mu); break;
        default: p = poisson_at_most(need_hi, mu) - (need_lo > 0 ? poisson_at_most(ceil(need_lo) - 1, mu) : 0); break;
        }
        r->has_probability = 1;
        r->probability = p;
    }
    if (r->status == CHISO_PROGRESS_NONE) {
        if (r->has_probability)
            r->status = r->probability >= c->opts->on_track ? CHISO_PROGRESS_ON_TRACK
                        : r->probability >= c->opts->at_risk ? CHISO_PROGRESS_AT_RISK
                                                             : CHISO_PROGRESS_OFF_TRACK;
        else
            r->status = CHISO_PROGRESS_NO_DATA;
    }
    chiso_buf_printf(&c->reason, _("%s to date (%s of %s years), %s%% of the pro-rata target"),
                     fmt_iv(row->value, 1, 0, d, sizeof d), fmt_num(e_years, 1, a, sizeof a), fmt_num(L, 1, b, sizeof b),
                     fmt_num(r->pace * 100, 0, e, sizeof e));
    if (r->has_projection)
        chiso_buf_printf(&c->reason, _("; at the same pace %s at the end of the term"),
                         fmt_num(r->proj_value, 0, a, sizeof a));
}

/* Every year of the term (each_year). */
static void judge_each_year(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, chiso_interval T,
                            chiso_interval M0, int relative)
{
    const chiso_dataset *ds = c->ds;
    chiso_term_info TI;
    chiso_dataset_term(ds, (size_t)t->term_index, &TI);
    int y0, y1, m, d;
    chiso_civil_from_days(TI.start.day, &y0, &m, &d);
    if (chiso_days_from_civil(y0, 12, 31) < TI.start.day)
        y0++;
    chiso_civil_from_days(TI.end.day, &y1, &m, &d);
    if (chiso_days_from_civil(y1, 12, 31) > TI.end.day)
        y1--;
    if (t->has_period) {
        if (t->period_start.year > y0)
            y0 = t->period_start.year;
        if (t->period_end.year < y1)
            y1 = t->period_end.year;
    }
    int not_met = 0, unknown = 0, met = 0, missing = 0, future = 0, uncovered = 0;
    chiso_interval hull = {INFINITY, -INFINITY, 0, 0};
    chiso_indicator_info II;
    chiso_dataset_indicator(ds, (size_t)t->indicator_index, &II);
    int pct = relative || II.measure == CHISO_MEASURE_SHARE;
    char missing_list[256] = "", failed_list[256] = "", straddle_list[512] = "";
    /* the mean over the term, for the years without a figure of their own */
    const chiso_norm_row *mean_row = target_row(c->norm, t, CHISO_BASIS_ANNUAL_MEAN);
    for (int y = y0; y <= y1; y++) {
        int32_t dec = chiso_days_from_civil(y, 12, 31);
        if (dec > c->as_of) {
            future++;
            continue;
        }
        chiso_interval v;
        long oi = -1;
        if (!year_figure(ds, t->unit_index, t->indicator_index, t->level, y, c->as_of, &v, &oi)) {
            missing++;
            if (!mean_row || !row_covers_year(ds, mean_row, y))
                uncovered++;
            size_t l = strlen(missing_list);
            snprintf(missing_list + l, sizeof missing_list - l, "%s%d", l ? ", " : "", y);
            continue;
        }
        add_source(ds, &c->sources, oi);
        chiso_interval judged = v;
        if (relative && !chiso_interval_div(chiso_interval_scale(v, 100.0), M0, &judged)) {
            missing++;
            uncovered++;
            continue;
        }
        /* the hull of the yearly figures: an end is open only when every figure reaching it is */
        if (judged.lo < hull.lo) {
            hull.lo = judged.lo;
            hull.lo_open = judged.lo_open;
        } else if (judged.lo == hull.lo) {
            hull.lo_open = hull.lo_open && judged.lo_open;
        }
        if (judged.hi > hull.hi) {
            hull.hi = judged.hi;
            hull.hi_open = judged.hi_open;
        } else if (judged.hi == hull.hi) {
            hull.hi_open = hull.hi_open && judged.hi_open;
        }
        chiso_truth tr = chiso_interval_compare(judged, t->op, T);
        if (tr == CHISO_TRUE)
            met++;
        else if (tr == CHISO_FALSE) {
            not_met++;
            size_t l = strlen(failed_list);
            snprintf(failed_list + l, sizeof failed_list - l, "%s%d", l ? ", " : "", y);
        } else {
            unknown++;
            char fig[64];
            size_t l = strlen(straddle_list);
            snprintf(straddle_list + l, sizeof straddle_list - l, "%s%d: %s", l ? "; " : "", y,
                     fmt_iv(judged, 2, pct, fig, sizeof fig));
        }
    }
    r->years_total = y1 - y0 + 1;
    r->years_met = met;
    r->years_not_met = not_met;
    r->years_unknown = unknown;
    r->years_missing = missing;
    if (met + not_met + unknown > 0) {
        r->has_actual = 1;
        r->actual = hull;
        r->actual_point = (hull.lo + (isinf(hull.hi) ? hull.lo : hull.hi)) / 2;
    }
    char a[64], b[64];
    if (not_met) {
        r->verdict = CHISO_VERDICT_NOT_MET;
        if (r->running)
            r->status = CHISO_PROGRESS_OFF_TRACK;
        chiso_buf_printf(&c->reason, _("the target is not met in %s"), failed_list);
        return;
    }
    /* years without a yearly figure: an annual mean decides them only when it fails */
    if (missing) {
        const chiso_norm_row *row = mean_row;
        chiso_interval mean;
        int has_mean = 0;
        if (row && !uncovered) {
            double pt;
            mean = row_value(ds, row, &pt);
            has_mean = 1;
            if (relative && !chiso_interval_div(chiso_interval_scale(mean, 100.0), M0, &mean))
                has_mean = 0;
        }
        if (has_mean) {
            for (size_t k = 0; k < row->n_obs; k++)
                add_source(ds, &c->sources, row->obs[k]);
            chiso_truth tr = chiso_interval_compare(mean, t->op, T);
            int mean_fails = tr == CHISO_FALSE && (t->op == CHISO_CMP_GE || t->op == CHISO_CMP_GT ||
                                                   t->op == CHISO_CMP_LE || t->op == CHISO_CMP_LT);
            if (!r->has_actual) {
                r->has_actual = 1;
                r->actual = mean;
                r->actual_point = (mean.lo + (isinf(mean.hi) ? mean.lo : mean.hi)) / 2;
            }
            if (mean_fails) {
                r->verdict = CHISO_VERDICT_NOT_MET;
                if (r->running)
                    r->status = CHISO_PROGRESS_OFF_TRACK;
                chiso_buf_printf(&c->reason, _("the mean over the term, %s, does not meet %s %s, so at least one year "
                                               "did not"),
                                 fmt_iv(mean, 1, pct, a, sizeof a), chiso_cmp_symbol(t->op), fmt_iv(T, 1, pct, b, sizeof b));
                return;
            }
            if (!r->running) {
                r->verdict = CHISO_VERDICT_INDETERMINATE;
                chiso_buf_printf(&c->reason, _("no yearly figures for %s; the mean over the term, %s, does not show "
                                               "that every year met %s %s"),
                                 missing_list, fmt_iv(mean, 1, pct, a, sizeof a), chiso_cmp_symbol(t->op),
                                 fmt_iv(T, 1, pct, b, sizeof b));
                return;
            }
        }
        if (!r->running) {
            r->verdict = CHISO_VERDICT_NO_DATA;
            chiso_buf_printf(&c->reason, _("no figure for the years %s"), missing_list);
            return;
        }
    }
    if (!r->running) {
        r->verdict = unknown ? CHISO_VERDICT_INDETERMINATE : CHISO_VERDICT_MET;
        if (unknown) {
            chiso_buf_printf(&c->reason, _("%d of %d years certainly meet the target; in %d the reported figure "
                                           "straddles %s %s"),
                             met, r->years_total, unknown, chiso_cmp_symbol(t->op), fmt_iv(T, 1, pct, b, sizeof b));
            chiso_buf_printf(&c->reason, " (%s)", straddle_list);
        } else
            chiso_buf_printf(&c->reason,
                             t->has_period ? _("every year of the period meets %s %s (%s)")
                                           : _("every year of the term meets %s %s (%s)"),
                             chiso_cmp_symbol(t->op), fmt_iv(T, 1, pct, b, sizeof b), fmt_iv(hull, 1, pct, a, sizeof a));
        return;
    }
    /* a running term: the years to come */
    const chiso_norm_row *row = target_row(c->norm, t, CHISO_BASIS_TOTAL);
    chiso_indicator_info I;
    chiso_dataset_indicator(ds, (size_t)t->indicator_index, &I);
    /* the yearly threshold in the indicator's unit: unknown when the membership is open-ended */
    double thr_lo = relative ? T.lo * (M0.lo + M0.hi) / 200.0 : T.lo;
    if (I.kind == CHISO_KIND_FLOW && row && row->coverage_years > 0 && isfinite(thr_lo)) {
        /* yearly counts ~ Poisson at the rate to date; each future year must reach the threshold */
        double rate = row->point / row->coverage_years;
        double p_year = t->op == CHISO_CMP_LE || t->op == CHISO_CMP_LT ? poisson_at_most(thr_lo, rate)
                                                                       : poisson_at_least(thr_lo, rate);
        int years_left = future + missing;
        r->has_probability = 1;
        r->probability = pow(p_year, years_left > 0 ? years_left : 0);
        for (size_t k = 0; k < row->n_obs; k++)
            add_source(ds, &c->sources, row->obs[k]);
        if (!r->has_actual) {
            r->has_actual = 1;
            r->actual = row->annual;
            if (relative)
                chiso_interval_div(chiso_interval_scale(row->annual, 100.0), M0, &r->actual);
            r->actual_point = (r->actual.lo + (isinf(r->actual.hi) ? r->actual.lo : r->actual.hi)) / 2;
        }
        r->status = r->probability >= c->opts->on_track ? CHISO_PROGRESS_ON_TRACK
                    : r->probability >= c->opts->at_risk ? CHISO_PROGRESS_AT_RISK
                                                         : CHISO_PROGRESS_OFF_TRACK;
        chiso_buf_printf(&c->reason, _("%s a year to date (%s of the membership at the start of the term); "
                                       "%d years without a yearly figure or still to come"),
                         fmt_num(rate, 0, a, sizeof a), relative ? fmt_iv(r->actual, 2, 1, b, sizeof b) : "–",
                         years_left);
        return;
    }
    if (r->has_actual) {
        chiso_truth tr = chiso_interval_compare(r->actual, t->op, T);
        r->status = tr == CHISO_TRUE ? CHISO_PROGRESS_ON_TRACK : tr == CHISO_FALSE ? CHISO_PROGRESS_OFF_TRACK
                                                                                   : CHISO_PROGRESS_AT_RISK;
        chiso_buf_printf(&c->reason,
                         _("%d of %d years so far meet the target, %d without a yearly figure, %d still to come"),
                         met, r->years_total, missing, future);
    } else {
        r->status = CHISO_PROGRESS_NO_DATA;
        chiso_buf_puts(&c->reason, _("no yearly figure yet"));
    }
}

/* A mean over the term, or the level at its end. */
static void judge_level(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, chiso_interval T,
                        chiso_interval M0, int relative)
{
    const chiso_dataset *ds = c->ds;
    chiso_basis want = t->basis == CHISO_BASIS_END ? CHISO_BASIS_POINT : CHISO_BASIS_ANNUAL_MEAN;
    const chiso_norm_row *row = target_row(c->norm, t, want);
    char a[64], b[64];
    if (!row) {
        r->verdict = r->running ? CHISO_VERDICT_NONE : CHISO_VERDICT_NO_DATA;
        r->status = r->running ? CHISO_PROGRESS_NO_DATA : CHISO_PROGRESS_NONE;
        chiso_buf_puts(&c->reason, _("no figure for this term"));
        return;
    }
    for (size_t k = 0; k < row->n_obs; k++)
        add_source(ds, &c->sources, row->obs[k]);
    double pt;
    chiso_interval v = row_value(ds, row, &pt);
    if (relative && !chiso_interval_div(chiso_interval_scale(v, 100.0), M0, &v)) {
        r->verdict = CHISO_VERDICT_NO_DATA;
        chiso_buf_puts(&c->reason, _("the membership at the start of the term is not known"));
        return;
    }
    r->has_actual = 1;
    r->actual = v;
    r->actual_point = relative ? (v.lo + v.hi) / 2 : pt;
    chiso_truth tr = chiso_interval_compare(v, t->op, T);
    if (t->basis == CHISO_BASIS_END && !r->running) {
        /* the level must be known near the end of the term */
        chiso_term_info TI;
        chiso_dataset_term(ds, (size_t)t->term_index, &TI);
        if (row->basis == CHISO_BASIS_POINT && TI.end.day - (row->cover_start + (int32_t)(row->coverage_years * 365.25)) > 366) {
            r->verdict = tr == CHISO_UNKNOWN ? CHISO_VERDICT_NO_DATA : CHISO_VERDICT_INDETERMINATE;
            chiso_buf_printf(&c->reason, _("the latest figure, %s, is more than a year before the end of the term"),
                             fmt_iv(v, 1, 0, a, sizeof a));
            return;
        }
    }
    if (r->running) {
        r->status = tr == CHISO_TRUE ? CHISO_PROGRESS_ON_TRACK : tr == CHISO_FALSE ? CHISO_PROGRESS_OFF_TRACK
                                                                                   : CHISO_PROGRESS_AT_RISK;
        chiso_buf_printf(&c->reason, _("%s to date against %s %s"), fmt_iv(v, 2, 0, a, sizeof a),
                         chiso_cmp_symbol(t->op), fmt_iv(T, 2, 0, b, sizeof b));
        return;
    }
    r->verdict = verdict_of(tr);
    if (tr == CHISO_UNKNOWN)
        chiso_buf_printf(&c->reason, _("the reported %s straddles the target %s %s"), fmt_iv(v, 2, 0, a, sizeof a),
                         chiso_cmp_symbol(t->op), fmt_iv(T, 2, 0, b, sizeof b));
    else
        chiso_buf_printf(&c->reason, tr == CHISO_TRUE ? _("%s meets the target %s %s") : _("%s does not meet the target %s %s"),
                         fmt_iv(v, 2, 0, a, sizeof a), chiso_cmp_symbol(t->op), fmt_iv(T, 2, 0, b, sizeof b));
}

/* Reported verdicts of verdicts.csv for the target: the same unit, term, indicator and rating. A verdict
 * of the target's own period is preferred; a target of the whole term also takes a verdict of a
 * period inside the term (what the report said of the term so far), but its ratio, which was made
 * over another span, is not compared with ours. */
static int same_label(const char *a, const char *b)
{
    return (!a && !b) || (a && b && chiso_utf8_casecmp(a, b) == 0);
}

static void match_reported(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r)
{
    chiso_attainment *a = c->res;
    const chiso_verdict_info *best = NULL;
    int exact = 0;
    for (size_t i = 0; i < a->n_verdicts; i++) {
        const chiso_verdict_info *v = &a->verdicts[i];
        if (v->unit_index != t->unit_index || v->term_index != t->term_index || v->indicator_index != t->indicator_index)
            continue;
        if (!same_label(v->rating, t->rating))
            continue;
        int same_period = v->has_period == t->has_period &&
                          (!v->has_period || (v->period_start.day == t->period_start.day &&
                                              v->period_end.day == t->period_end.day));
        if (same_period) {
            best = v;
            exact = 1;
            break;
        }
        if (!t->has_period && !best)
            best = v; /* a verdict of part of the term, for a target of the whole term */
    }
    if (best) {
        const chiso_verdict_info *v = best;
        r->has_reported = 1;
        r->reported = v;
        int says_met = v->verdict == CHISO_RV_MET || v->verdict == CHISO_RV_EXCEEDED;
        if ((says_met && r->verdict == CHISO_VERDICT_NOT_MET) ||
            (v->verdict == CHISO_RV_NOT_MET && r->verdict == CHISO_VERDICT_MET))
            r->disagrees = 1;
        if (exact && v->has_ratio && r->has_ratio) {
            /* reports truncate as often as they round: accept either within the tolerance */
            double lo = r->ratio.lo * 100, hi = r->ratio.hi * 100, rep = v->ratio.point;
            double tol = c->opts->ratio_tolerance;
            int ok = rep >= floor(lo * 100) / 100 - tol && rep <= ceil(hi * 100) / 100 + tol;
            if (!ok)
                r->disagrees = 1;
        }
        char buf[64];
        chiso_buf_printf(&c->reason, _("; the report says '%s'"), v->raw_verdict ? v->raw_verdict : "");
        if (v->has_ratio)
            chiso_buf_printf(&c->reason, _(" (%s%% of the target)"), fmt_num(v->ratio.point, 2, buf, sizeof buf));
        if (r->disagrees)
            chiso_buf_puts(&c->reason, _(", which disagrees with the figures"));
    }
}

chiso_status chiso_analysis_attain(const chiso_dataset *ds, const chiso_normalized *norm,
                                   const chiso_attain_opts *opts, chiso_attainment **out, chiso_error *err)
{
    if (!ds || !norm || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    chiso_attain_opts defaults;
    if (!opts) {
        chiso_attain_opts_default(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    chiso_stats_init();
    chiso_attainment *a = calloc(1, sizeof *a);
    size_t nt = chiso_dataset_n_targets(ds), nv = chiso_dataset_n_verdicts(ds);
    if (!a)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    a->targets = calloc(nt ? nt : 1, sizeof *a->targets);
    a->rows = calloc(nt ? nt : 1, sizeof *a->rows);
    a->verdicts = calloc(nv ? nv : 1, sizeof *a->verdicts);
    if (!a->targets || !a->rows || !a->verdicts) {
        chiso_attainment_free(a);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    for (size_t i = 0; i < nv; i++)
        chiso_dataset_verdict(ds, i, &a->verdicts[i]);
    a->n_verdicts = nv;
    a->as_of = opts->has_as_of ? opts->as_of : chiso_dataset_latest_day(ds);
    judge_ctx c = {ds, norm, opts, a->as_of, a, {0}, {0}};
    for (size_t i = 0; i < nt; i++) {
        chiso_target_info *t = &a->targets[a->n];
        chiso_dataset_target(ds, i, t);
        if (t->illustrative && !opts->illustrative)
            continue;
        if (opts->term && strcmp(opts->term, t->term) != 0)
            continue;
        chiso_attain_row *r = &a->rows[a->n];
        memset(r, 0, sizeof *r);
        chiso_term_info TI;
        chiso_dataset_term(ds, (size_t)t->term_index, &TI);
        r->target = t;
        r->unit = t->unit;
        r->term = t->term;
        r->indicator = t->indicator;
        r->term_label = TI.label;
        r->op = t->op;
        r->basis = t->basis;
        r->term_years = TI.years;
        int32_t end = t->has_period ? t->period_end.day : TI.end.day;
        r->running = end > a->as_of;
        r->elapsed_years = r->running ? chiso_span_years(TI.start.day, a->as_of) : TI.years;
        chiso_buf_init(&c.reason);
        chiso_buf_init(&c.sources);
        chiso_interval T = t->value;
        chiso_interval M0 = chiso_interval_point(NAN);
        int relative = t->relative_to_members;
        r->target_value = T;
        int ok = 1;
        if (relative) {
            int oom = 0;
            if (!ds_members_at(ds, t->unit_index, TI.start.day, &M0, &oom) || !(M0.lo > 0)) {
                c.reason.oom |= oom; /* out of memory is not "not known": the row fails below */
                ok = 0;
                r->verdict = r->running ? CHISO_VERDICT_NONE : CHISO_VERDICT_NO_DATA;
                r->status = r->running ? CHISO_PROGRESS_NO_DATA : CHISO_PROGRESS_NONE;
                chiso_buf_puts(&c.reason, _("the membership at the start of the term is not known, so a target in per "
                                            "cent of it cannot be judged"));
            } else if (t->basis == CHISO_BASIS_TOTAL) {
                /* a total in per cent of the membership: convert the target to a count */
                r->has_target_abs = 1;
                r->target_value = chiso_interval_scale(chiso_interval_mul(T, M0), 0.01);
            }
        }
        if (ok) {
            chiso_indicator_info I;
            chiso_dataset_indicator(ds, (size_t)t->indicator_index, &I);
            if (t->basis == CHISO_BASIS_TOTAL && I.kind == CHISO_KIND_FLOW) {
                const chiso_norm_row *row = target_row(norm, t, CHISO_BASIS_TOTAL);
                if (t->has_period) {
                    /* a target narrowed to a period: the figures of that period alone */
                    row = NULL;
                    chiso_interval sum = chiso_interval_point(0);
                    int found = 0;
                    double cover = 0; /* years of the period the figures cover */
                    /* the figures inside the period, widest first; a figure nested in (or overlapping)
                     * one already taken is not added, as in the normalisation */
                    size_t cap = 0, m = 0;
                    long *cand = NULL;
                    for (size_t k = 0; k < chiso_dataset_n_obs(ds); k++) {
                        chiso_obs_info o;
                        chiso_dataset_obs(ds, k, &o);
                        if (o.unit_index != t->unit_index || o.indicator_index != t->indicator_index ||
                            o.end.day > a->as_of || o.basis != CHISO_BASIS_TOTAL)
                            continue;
                        if (o.start.day >= t->period_start.day - 45 && o.end.day <= t->period_end.day + 45) {
                            if (chiso_grow((void **)&cand, &cap, m + 1, sizeof *cand) != 0) {
                                c.reason.oom = 1; /* never judge on some of the figures: the row fails */
                                break;
                            }
                            cand[m++] = (long)k;
                        }
                    }
                    int32_t *taken_s = malloc((m ? m : 1) * sizeof *taken_s), *taken_e = malloc((m ? m : 1) * sizeof *taken_e);
                    if (!taken_s || !taken_e)
                        c.reason.oom = 1;
                    size_t ntaken = 0;
                    for (size_t pass = 0; taken_s && taken_e && pass < m; pass++) {
                        /* the widest remaining figure */
                        size_t best = m;
                        int32_t best_len = -1;
                        for (size_t k = 0; k < m; k++) {
                            if (cand[k] < 0)
                                continue;
                            chiso_obs_info o;
                            chiso_dataset_obs(ds, (size_t)cand[k], &o);
                            if (o.end.day - o.start.day > best_len) {
                                best_len = o.end.day - o.start.day;
                                best = k;
                            }
                        }
                        if (best == m)
                            break;
                        chiso_obs_info o;
                        chiso_dataset_obs(ds, (size_t)cand[best], &o);
                        int clash = 0;
                        for (size_t q = 0; q < ntaken; q++)
                            clash |= o.start.day <= taken_e[q] && o.end.day >= taken_s[q];
                        if (!clash) {
                            taken_s[ntaken] = o.start.day;
                            taken_e[ntaken++] = o.end.day;
                            sum = chiso_interval_add(sum, o.value.iv);
                            found = 1;
                            int32_t s0 = o.start.day > t->period_start.day ? o.start.day : t->period_start.day;
                            int32_t s1 = o.end.day < t->period_end.day ? o.end.day : t->period_end.day;
                            cover += chiso_span_years(s0, s1);
                            add_source(ds, &c.sources, cand[best]);
                        }
                        cand[best] = -1;
                    }
                    free(taken_s);
                    free(taken_e);
                    free(cand);
                    if (found) {
                        r->has_actual = 1;
                        r->actual = sum;
                        r->actual_point = (sum.lo + sum.hi) / 2;
                        /* as for a term: a period reported in part (or still running) has at least the
                         * reported count */
                        chiso_interval possible = sum;
                        double plen = chiso_span_years(t->period_start.day, t->period_end.day);
                        if (r->running || cover < plen - 0.25) {
                            possible.hi = INFINITY;
                            possible.hi_open = 1;
                        }
                        chiso_truth tr = chiso_interval_compare(possible, t->op, r->target_value);
                        r->verdict = r->running && tr == CHISO_UNKNOWN ? CHISO_VERDICT_NONE : verdict_of(tr);
                        if (r->running)
                            r->status = tr == CHISO_TRUE    ? CHISO_PROGRESS_ACHIEVED
                                        : tr == CHISO_FALSE ? CHISO_PROGRESS_OFF_TRACK
                                                            : CHISO_PROGRESS_NO_DATA;
                        char x[64], y[64];
                        chiso_buf_printf(&c.reason, _("%s in the period against %s %s"), fmt_iv(sum, 0, 0, x, sizeof x),
                                         chiso_cmp_symbol(t->op), fmt_iv(r->target_value, 0, 0, y, sizeof y));
                    } else {
                        r->verdict = r->running ? CHISO_VERDICT_NONE : CHISO_VERDICT_NO_DATA;
                        r->status = r->running ? CHISO_PROGRESS_NO_DATA : CHISO_PROGRESS_NONE;
                        chiso_buf_puts(&c.reason, _("no figure for the period of the target"));
                    }
                } else {
                    judge_total(&c, t, r, r->target_value, row);
                }
            } else if (t->basis == CHISO_BASIS_EACH_YEAR) {
                judge_each_year(&c, t, r, T, M0, relative);
            } else {
                judge_level(&c, t, r, T, M0, relative && t->basis != CHISO_BASIS_TOTAL);
            }
        }
        if (r->has_actual) {
            chiso_interval judged_target = r->target_value;
            if (r->has_target_abs || !relative) {
                r->has_gap = 1;
                r->gap = chiso_interval_sub(r->actual, judged_target);
            }
            chiso_interval ratio;
            if ((r->has_target_abs || !relative) && judged_target.lo > 0 &&
                chiso_interval_div(r->actual, judged_target, &ratio)) {
                r->has_ratio = 1;
                r->ratio = ratio;
            } else if (relative && T.lo > 0 && chiso_interval_div(r->actual, T, &ratio)) {
                r->has_ratio = 1;
                r->ratio = ratio;
                r->has_gap = 1;
                r->gap = chiso_interval_sub(r->actual, T);
            }
        }
        if (!r->running)
            r->status = CHISO_PROGRESS_NONE;
        else if (r->status == CHISO_PROGRESS_NONE)
            r->status = CHISO_PROGRESS_NO_DATA;
        match_reported(&c, t, r);
        r->reason = keep(a, chiso_buf_take(&c.reason));
        r->sources = keep(a, chiso_buf_take(&c.sources));
        if (!r->reason || !r->sources) {
            chiso_attainment_free(a);
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        }
        a->n++;
    }
    *out = a;
    return CHISO_OK;
}

void chiso_attainment_free(chiso_attainment *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n_strings; i++)
        free(a->strings[i]);
    free(a->strings);
    free(a->rows);
    free(a->targets);
    free(a->verdicts);
    free(a);
}

size_t chiso_attainment_count(const chiso_attainment *a)
{
    return a ? a->n : 0;
}

const chiso_attain_row *chiso_attainment_get(const chiso_attainment *a, size_t i)
{
    return a && i < a->n ? &a->rows[i] : NULL;
}

int32_t chiso_attainment_as_of(const chiso_attainment *a)
{
    return a ? a->as_of : 0;
}

static const char *rv_name(chiso_reported_verdict v)
{
    switch (v) {
    case CHISO_RV_MET: return "MET";
    case CHISO_RV_EXCEEDED: return "EXCEEDED";
    case CHISO_RV_NOT_MET: return "NOT_MET";
    default: return NULL;
    }
}

char *chiso_attainment_to_json(const chiso_attainment *a)
{
    chiso_buf b;
    chiso_buf_init(&b);
    char day[16];
    chiso_buf_printf(&b, "{\"as_of\": \"%s\", \"targets\": [", chiso_date_format(a ? a->as_of : 0, day, sizeof day));
    for (size_t i = 0; a && i < a->n; i++) {
        const chiso_attain_row *r = &a->rows[i];
        chiso_buf_puts(&b, i ? ",\n  {\"unit\": " : "\n  {\"unit\": ");
        chiso_json_str(&b, r->unit);
        chiso_buf_puts(&b, ", \"term\": ");
        chiso_json_str(&b, r->term);
        chiso_buf_puts(&b, ", \"indicator\": ");
        chiso_json_str(&b, r->indicator);
        chiso_buf_puts(&b, ", \"op\": ");
        chiso_json_str(&b, r->op == CHISO_CMP_BETWEEN ? "between" : r->op == CHISO_CMP_GE ? ">=" : r->op == CHISO_CMP_GT ? ">"
                                                           : r->op == CHISO_CMP_LE ? "<=" : r->op == CHISO_CMP_LT ? "<" : "=");
        chiso_buf_puts(&b, ", \"target\": ");
        if (chiso_interval_is_point(r->target->value))
            chiso_json_num(&b, r->target->value.lo);
        else {
            chiso_buf_puts(&b, "[");
            chiso_json_num(&b, r->target->value.lo);
            chiso_buf_puts(&b, ", ");
            chiso_json_num(&b, r->target->value.hi);
            chiso_buf_puts(&b, "]");
        }
        chiso_buf_puts(&b, ", \"target_abs\": ");
        chiso_json_interval(&b, r->has_target_abs, r->target_value);
        chiso_buf_puts(&b, ", \"basis\": ");
        chiso_json_str(&b, chiso_basis_name(r->basis));
        chiso_buf_puts(&b, ", \"period\": ");
        if (r->target->has_period) {
            char s1[16], s2[16];
            chiso_buf_printf(&b, "[\"%s\", \"%s\"]", chiso_date_format(r->target->period_start.day, s1, sizeof s1),
                             chiso_date_format(r->target->period_end.day, s2, sizeof s2));
        } else {
            chiso_buf_puts(&b, "null");
        }
        chiso_buf_puts(&b, ", \"relative_to\": ");
        chiso_json_str(&b, r->target->relative_to_members ? "members_at_term_start" : NULL);
        chiso_buf_puts(&b, ", \"rating\": ");
        chiso_json_str(&b, r->target->rating);
        chiso_buf_printf(&b, ", \"illustrative\": %s", r->target->illustrative ? "true" : "false");
        chiso_buf_puts(&b, ", \"actual\": ");
        if (r->has_actual) {
            chiso_buf_puts(&b, "{\"lo\": ");
            chiso_json_num(&b, r->actual.lo);
            chiso_buf_puts(&b, ", \"hi\": ");
            chiso_json_num(&b, r->actual.hi);
            chiso_buf_printf(&b, ", \"lo_open\": %s, \"hi_open\": %s, \"value\": ", r->actual.lo_open ? "true" : "false",
                             r->actual.hi_open ? "true" : "false");
            chiso_json_num(&b, r->actual_point);
            chiso_buf_puts(&b, "}");
        } else {
            chiso_buf_puts(&b, "null");
        }
        chiso_buf_puts(&b, ", \"ratio\": ");
        if (r->has_ratio) {
            chiso_buf_puts(&b, "{\"lo\": ");
            chiso_json_num(&b, r->ratio.lo);
            chiso_buf_puts(&b, ", \"hi\": ");
            chiso_json_num(&b, r->ratio.hi);
            chiso_buf_puts(&b, "}");
        } else {
            chiso_buf_puts(&b, "null");
        }
        chiso_buf_puts(&b, ", \"gap\": ");
        chiso_json_interval(&b, r->has_gap, r->gap);
        chiso_buf_puts(&b, ", \"verdict\": ");
        chiso_json_str(&b, chiso_verdict_name(r->verdict));
        chiso_buf_puts(&b, ", \"status\": ");
        chiso_json_str(&b, chiso_progress_name(r->status));
        chiso_buf_puts(&b, ", \"probability\": ");
        chiso_json_num(&b, r->has_probability ? r->probability : NAN);
        chiso_buf_puts(&b, ", \"to_date\": ");
        if (r->has_to_date) {
            chiso_buf_puts(&b, "{\"elapsed_years\": ");
            chiso_json_num(&b, r->elapsed_years);
            chiso_buf_puts(&b, ", \"pro_rata_target\": ");
            chiso_json_num(&b, r->pro_rata_target);
            chiso_buf_puts(&b, ", \"pace\": ");
            chiso_json_num(&b, r->pace);
            chiso_buf_puts(&b, "}");
        } else {
            chiso_buf_puts(&b, "null");
        }
        chiso_buf_puts(&b, ", \"projected\": ");
        if (r->has_projection) {
            chiso_buf_puts(&b, "{\"value\": ");
            chiso_json_num(&b, r->proj_value);
            chiso_buf_puts(&b, ", \"lo80\": ");
            chiso_json_num(&b, r->proj_lo80);
            chiso_buf_puts(&b, ", \"hi80\": ");
            chiso_json_num(&b, r->proj_hi80);
            chiso_buf_puts(&b, ", \"lo95\": ");
            chiso_json_num(&b, r->proj_lo95);
            chiso_buf_puts(&b, ", \"hi95\": ");
            chiso_json_num(&b, r->proj_hi95);
            chiso_buf_puts(&b, "}");
        } else {
            chiso_buf_puts(&b, "null");
        }
        if (r->basis == CHISO_BASIS_EACH_YEAR)
            chiso_buf_printf(&b, ", \"years\": {\"total\": %d, \"met\": %d, \"not_met\": %d, \"indeterminate\": %d, "
                                 "\"missing\": %d}",
                             r->years_total, r->years_met, r->years_not_met, r->years_unknown, r->years_missing);
        chiso_buf_puts(&b, ", \"reported_verdict\": ");
        chiso_json_str(&b, r->has_reported ? rv_name(r->reported->verdict) : NULL);
        chiso_buf_puts(&b, ", \"reported_ratio\": ");
        chiso_json_num(&b, r->has_reported && r->reported->has_ratio ? r->reported->ratio.point : NAN);
        chiso_buf_printf(&b, ", \"disagrees\": %s, \"reason\": ", r->disagrees ? "true" : "false");
        chiso_json_str(&b, r->reason);
        chiso_buf_puts(&b, ", \"sources\": ");
        chiso_json_str(&b, r->sources);
        chiso_buf_puts(&b, ", \"target_source\": ");
        chiso_json_str(&b, r->target->source);
        chiso_buf_puts(&b, "}");
    }
    chiso_buf_puts(&b, "\n]}\n");
    return chiso_buf_take(&b);
}

char *chiso_attainment_to_csv(const chiso_attainment *a)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "unit,term,indicator,rating,op,target,basis,illustrative,actual_lo,actual_hi,actual,ratio_lo,"
                       "ratio_hi,verdict,status,probability,projected,projected_lo95,projected_hi95,reported_verdict,"
                       "disagrees,reason,sources\n");
    for (size_t i = 0; a && i < a->n; i++) {
        const chiso_attain_row *r = &a->rows[i];
        chiso_csv_field(&b, r->unit);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->term);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->indicator);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->target->rating);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->op == CHISO_CMP_BETWEEN ? "between" : r->op == CHISO_CMP_GE ? ">=" : r->op == CHISO_CMP_GT ? ">"
                                                            : r->op == CHISO_CMP_LE ? "<=" : r->op == CHISO_CMP_LT ? "<" : "=");
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->target->raw_value);
        chiso_buf_printf(&b, ",%s,%d,", chiso_basis_name(r->basis), r->target->illustrative);
        chiso_csv_num(&b, r->has_actual ? r->actual.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_actual ? r->actual.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_actual ? r->actual_point : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_ratio ? r->ratio.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_ratio ? r->ratio.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, chiso_verdict_name(r->verdict));
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, chiso_progress_name(r->status));
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_probability ? r->probability : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_projection ? r->proj_value : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_projection ? r->proj_lo95 : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_projection ? r->proj_hi95 : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->has_reported ? rv_name(r->reported->verdict) : NULL);
        chiso_buf_printf(&b, ",%d,", r->disagrees);
        chiso_csv_field(&b, r->reason);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->sources);
        chiso_buf_puts(&b, "\n");
    }
    return chiso_buf_take(&b);
}

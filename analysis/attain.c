/*
 * analysis/attain.c — were the congress targets met, and in a running term, will they be?
 *
 * Verdicts follow docs/methods.md §1: every figure is an interval and a target is MET
 * when the whole interval meets it, NOT_MET when none of it does, INDETERMINATE otherwise; conditions
 * over several years combine with Kleene logic and a year without a figure gives NO_DATA, never MET.
 * A term still running gets a projection (§2): the count to date plus the count the rest of the term
 * will bring by the predictive model of predict.c (the unit's own history and the figures to date), and
 * a status from the probability of meeting the target.
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
    o->ratio_tolerance = 0;
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
    case CHISO_VERDICT_NO_DATA: return _("no figures yet");
    default: return "";
    }
}

const char *chiso_progress_words(chiso_progress p)
{
    switch (p) {
    case CHISO_PROGRESS_ACHIEVED: return _("achieved");
    case CHISO_PROGRESS_ON_TRACK: return _("likely to be met");
    case CHISO_PROGRESS_AT_RISK: return _("at risk");
    case CHISO_PROGRESS_OFF_TRACK: return _("likely to be missed");
    case CHISO_PROGRESS_NO_DATA: return _("no figures yet");
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

/* ---- the model of what is still to come ------------------------------------------------------------
 *
 * Everything the projection of a running target assumes about the future is in predict_rest(), called
 * from one place (project()). It asks the predictive model of analysis/predict.c (docs/methods.md,
 * "Predictive model for counts"): the rate of the span is gamma with a prior learnt from the unit's own
 * earlier terms of the indicator (weakly informative without them), over-dispersed within the span,
 * updated by the count to date; the rest is negative binomial mixed over that rate. The years of an
 * each_year target share the rate. Below the model's minimum of information it gives no probability
 * and says why. */

typedef struct rest_query {
    double count;        /* events seen (a whole number >= 0) */
    double years_seen;   /* > 0 */
    double years_ahead;  /* > 0: the rest of the span (a total), or 1 (one year of an each_year target) */
    int n_years;         /* 0: a total; k >= 1: k years to come, each must land in [need_lo, need_hi] */
    double need_lo, need_hi; /* the count still to come must lie in [need_lo, need_hi] (whole numbers;
                                need_hi may be INFINITY) */
    /* whose history the model learns from, and the span (set by model_of) */
    long unit, indicator;
    int level;
    int32_t span_start, span_end, seen_end;
} rest_query;

typedef struct rest_answer {
    double mean;                      /* expected count still to come (over the whole rest) */
    double lo80, hi80, lo95, hi95;    /* its 10–90% and 2.5–97.5% quantiles */
    double p;                         /* P(the target is met) */
    char *why;                        /* the model's words for the reason (caller frees), or NULL */
} rest_answer;

/* 1: answered; 0: not asked (no count to project from); −1: too little information (a->why says so);
 * −2: out of memory (the row then fails: never a judgement on part of the model). */
static int predict_rest(const chiso_dataset *ds, const chiso_normalized *norm, const rest_query *q, rest_answer *a)
{
    a->why = NULL;
    if (!(q->years_seen > 0) || !(q->years_ahead > 0) || !isfinite(q->count) || q->count < 0)
        return 0;
    size_t n = q->n_years > 0 ? (size_t)q->n_years : 0;
    double *zero = calloc(n ? n : 1, sizeof *zero), *one = malloc((n ? n : 1) * sizeof *one);
    if (!zero || !one) {
        free(zero);
        free(one);
        return -2;
    }
    for (size_t j = 0; j < n; j++)
        one[j] = 1;
    chiso_pred_query pq;
    memset(&pq, 0, sizeof pq);
    pq.unit = q->unit;
    pq.indicator = q->indicator;
    pq.level = q->level;
    pq.span_start = q->span_start;
    pq.span_end = q->span_end;
    pq.seen_end = q->seen_end;
    pq.count = q->count;
    pq.years_seen = q->years_seen;
    pq.years_ahead = n ? (double)n : q->years_ahead;
    pq.n_years = n;
    pq.year_to_date = zero;
    pq.year_ahead = one;
    pq.need_lo = q->need_lo;
    pq.need_hi = q->need_hi;
    chiso_pred_answer ans;
    chiso_error e;
    chiso_status st = chiso_predict_target(ds, norm, &pq, NULL, &ans, &e);
    free(zero);
    free(one);
    if (st != CHISO_OK)
        return st == CHISO_ENOMEM ? -2 : 0;
    a->why = chiso_predict_answer_text(&ans, NULL);
    if (!a->why)
        return -2;
    if (!ans.has_probability)
        return -1;
    a->mean = n ? ans.mean * (double)n : ans.mean; /* each_year: the quantiles are of one year */
    a->lo80 = ans.lo80;
    a->hi80 = ans.hi80;
    a->lo95 = ans.lo95;
    a->hi95 = ans.hi95;
    a->p = ans.p;
    return isfinite(a->p) ? 1 : 0;
}

/* The whole numbers X with v + X op T, as [lo, hi] (hi may be INFINITY); T a point. */
static void need_range(chiso_cmp op, double T, double v, double *lo, double *hi)
{
    double d = T - v;
    switch (op) {
    case CHISO_CMP_GE: *lo = ceil(d); *hi = INFINITY; break;
    case CHISO_CMP_GT: *lo = floor(d) + 1; *hi = INFINITY; break;
    case CHISO_CMP_LE: *lo = 0; *hi = floor(d); break;
    case CHISO_CMP_LT: *lo = 0; *hi = ceil(d) - 1; break;
    default: *lo = ceil(d); *hi = floor(d); break; /* = */
    }
    if (*lo < 0)
        *lo = 0;
}

/* ---- targets as one meaning per operator ----------------------------------------------------------
 *
 * A range "từ 90 đến 100" on an indicator with a direction: the end on the worse side is the requirement
 * and the other the aim, reached or passed ("vượt"). Up: met from 90, exceeded above 100. Down: met up to
 * 100, exceeded below 90. No direction: met inside [90, 100]. Every path judges the effective operator. */
typedef struct eff_target {
    chiso_cmp op;
    chiso_interval T;
    int has_aim;
    double aim;
} eff_target;

static eff_target effective_target(chiso_cmp op, chiso_interval T, chiso_direction dir)
{
    eff_target e = {op, T, 0, 0};
    if (op == CHISO_CMP_BETWEEN && dir == CHISO_DIR_UP) {
        e.op = CHISO_CMP_GE;
        e.T = chiso_interval_point(T.lo);
        e.has_aim = 1;
        e.aim = T.hi;
    } else if (op == CHISO_CMP_BETWEEN && dir == CHISO_DIR_DOWN) {
        e.op = CHISO_CMP_LE;
        e.T = chiso_interval_point(T.hi);
        e.has_aim = 1;
        e.aim = T.lo;
    }
    return e;
}

/* The yearly figure of indicator ind (level for ratings) in calendar year y, from observations up to
 * as_of: a figure of that year alone, a level rated in that year, or an "each year" figure covering it.
 * All such figures hold at once, so they combine by intersecting their intervals, whatever the order
 * of the rows. Returns 0 (none), 1 (*out the intersection, *obs_index the narrowest figure's row), or 2
 * when they cannot all be true (*out the hull, the year is then not decided by them). */
static int year_figure(const chiso_dataset *ds, long unit, long ind, int level, int y, int32_t as_of,
                       chiso_interval *out, long *obs_index)
{
    int found = 0, conflict = 0;
    chiso_interval meet = {0}, hull = {0};
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
        if (o.basis == CHISO_BASIS_POINT && o.end.day >= ys && o.end.day <= ye && (o.end.prec < 2 || o.end.month == 12))
            ; /* a level rated in that year */
        else if (o.start.day >= ys - 45 && o.end.day <= ye + 45 && o.end.day >= ye - 45 && o.basis != CHISO_BASIS_POINT)
            ; /* a figure of that year alone */
        else if (o.basis == CHISO_BASIS_EACH_YEAR && o.start.day <= ye && o.end.day >= ye - 31)
            ; /* "each year" over a span holding that year's December */
        else
            continue;
        chiso_interval v = o.value.iv;
        if (!found) {
            meet = hull = v;
            *obs_index = (long)i;
            found = 1;
            continue;
        }
        /* hull */
        if (v.lo < hull.lo || (v.lo == hull.lo && !v.lo_open)) {
            hull.lo_open = v.lo == hull.lo ? 0 : v.lo_open;
            hull.lo = v.lo;
        }
        if (v.hi > hull.hi || (v.hi == hull.hi && !v.hi_open)) {
            hull.hi_open = v.hi == hull.hi ? 0 : v.hi_open;
            hull.hi = v.hi;
        }
        /* intersection; the row kept as the source is the one that narrows most */
        chiso_interval m = meet;
        if (v.lo > m.lo || (v.lo == m.lo && v.lo_open)) {
            m.lo = v.lo;
            m.lo_open = v.lo_open;
        }
        if (v.hi < m.hi || (v.hi == m.hi && v.hi_open)) {
            m.hi = v.hi;
            m.hi_open = v.hi_open;
        }
        if (m.lo > m.hi || (m.lo == m.hi && (m.lo_open || m.hi_open)))
            conflict = 1;
        else if (m.hi - m.lo < meet.hi - meet.lo || (isinf(meet.hi) && !isinf(m.hi)))
            *obs_index = (long)i;
        meet = m;
    }
    if (!found)
        return 0;
    *out = conflict ? hull : meet;
    return conflict ? 2 : 1;
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
    chiso_buf model;         /* the model's words, added at the end of the reason */
    /* the target being judged */
    int rel;                 /* relative to a membership */
    double rel_pct;          /* its per cent */
    chiso_interval rel_M;    /* the membership it is of */
    int pct_target;          /* the target is written in per cent */
} judge_ctx;

/* The row of verdicts.csv about target t: the one bound to it by id; else one of the same unit, term,
 * indicator, rating and period (*exact = 1), or, for a target of the whole term, one of a period inside
 * it (*exact = 0) — but only when no other target of the dataset could be meant (same unit, term,
 * indicator, rating and period): a row that could be about several (real) targets binds to none. */
static int same_label(const char *a, const char *b)
{
    return (!a && !b) || (a && b && chiso_utf8_casecmp(a, b) == 0);
}

static int same_period(int ha, chiso_date as, chiso_date ae, int hb, chiso_date bs, chiso_date be)
{
    return ha == hb && (!ha || (as.day == bs.day && ae.day == be.day));
}

static const chiso_verdict_info *find_reported(const judge_ctx *c, const chiso_target_info *t, int *exact)
{
    const chiso_attainment *a = c->res;
    const chiso_verdict_info *best = NULL;
    *exact = 0;
    for (size_t i = 0; i < a->n_verdicts; i++) {
        const chiso_verdict_info *v = &a->verdicts[i];
        if (v->target_index >= 0 && v->target_index == t->index) {
            *exact = 1;
            return v;
        }
    }
    /* targets a row without an id could be about */
    size_t siblings = 0;
    for (size_t i = 0; i < chiso_dataset_n_targets(c->ds); i++) {
        chiso_target_info o;
        chiso_dataset_target(c->ds, i, &o);
        if (o.unit_index == t->unit_index && o.term_index == t->term_index && o.indicator_index == t->indicator_index &&
            same_label(o.rating, t->rating) &&
            same_period(o.has_period, o.period_start, o.period_end, t->has_period, t->period_start, t->period_end) &&
            !o.illustrative)
            siblings++;
    }
    /* illustrative targets stand in for a resolution the sources do not give: a report's row is shown
     * beside each of them, as before */
    if (siblings > 1 && !t->illustrative)
        return NULL;
    for (size_t i = 0; i < a->n_verdicts; i++) {
        const chiso_verdict_info *v = &a->verdicts[i];
        if (v->target_id || v->unit_index != t->unit_index || v->term_index != t->term_index ||
            v->indicator_index != t->indicator_index)
            continue;
        if (!same_label(v->rating, t->rating))
            continue;
        if (same_period(v->has_period, v->period_start, v->period_end, t->has_period, t->period_start, t->period_end)) {
            *exact = 1;
            return v;
        }
        if (!t->has_period && !best)
            best = v; /* a verdict of part of the term, for a target of the whole term */
    }
    return best;
}

/* The per cents a reported ratio written with d decimals stands for: [r − u/2, r + u) with u = 10^−d
 * (rounded, or cut to the digits written). */
static void ratio_range(const chiso_verdict_info *v, double *lo, double *hi)
{
    double u = pow(10, -v->ratio_decimals);
    *lo = v->ratio.point - u / 2;
    *hi = v->ratio.point + u;
}

/* A count to date written only as a bound ("trên 300") is narrowed by the report's own progress ratio
 * of the same target ("đạt 46,5% kế hoạch"): the count is a whole number in [T·lo, T·hi) of the ratio's
 * range. */
static void narrow_by_progress(judge_ctx *c, const chiso_target_info *t, eff_target E, chiso_interval *v, double *pt,
                               int32_t fig_end)
{
    int exact;
    if (!isinf(v->hi) || !chiso_interval_is_point(E.T) || !(E.T.lo > 0))
        return;
    const chiso_verdict_info *rep = find_reported(c, t, &exact);
    /* only a ratio of the same count: one made to the day the figures end (or one without a day) */
    if (!rep || !exact || !rep->has_ratio || (rep->has_as_of && rep->as_of.day != fig_end))
        return;
    double plo, phi;
    ratio_range(rep, &plo, &phi);
    double lo = ceil(E.T.lo * plo / 100 - 1e-9), hi = ceil(E.T.lo * phi / 100 - 1e-9) - 1;
    double vlo = v->lo_open ? floor(v->lo) + 1 : ceil(v->lo);
    if (lo < vlo)
        lo = vlo;
    if (hi < lo)
        return; /* they disagree: the disagreement is reported beside the verdict */
    char a[64], b[64], d[64];
    fmt_iv(*v, 1, 0, a, sizeof a);
    v->lo = lo;
    v->hi = hi;
    v->lo_open = v->hi_open = 0;
    *pt = (lo + hi) / 2;
    chiso_buf_printf(&c->reason, _("the count to date, %s, is %s by the report's own %s%% of the target; "), a,
                     fmt_iv(*v, 1, 0, b, sizeof b), fmt_num(rep->ratio.point, rep->ratio_decimals, d, sizeof d));
}


/* The target as a reason writes it: "≥ 640", "≥ [90; 100]"; a target in per cent of a membership only
 * known as a bound is written as the per cent of it ("≥ 16% of > 4.000 members"), never as a bound of a
 * bound. */
static const char *fmt_target(const judge_ctx *c, chiso_cmp op, chiso_interval T, char *buf, size_t size)
{
    char x[64], y[64];
    if (c->rel && !chiso_interval_is_point(T) && isfinite(c->rel_pct)) {
        snprintf(buf, size, _("%s %s%% of %s members"), chiso_cmp_symbol(op), fmt_num(c->rel_pct, 2, x, sizeof x),
                 fmt_iv(c->rel_M, 0, 0, y, sizeof y));
        return buf;
    }
    snprintf(buf, size, "%s %s", chiso_cmp_symbol(op), fmt_iv(T, 1, c->pct_target, x, sizeof x));
    return buf;
}

/* What the span judged is called in reasons: "2018", "2021–2023" or "the term". */
static const char *span_words(const chiso_target_info *t, char *buf, size_t size)
{
    if (!t->has_period) {
        snprintf(buf, size, "%s", _("the term"));
        return buf;
    }
    char d1[16], d2[16];
    int y0, m0, dd0, y1, m1, dd1;
    chiso_civil_from_days(t->period_start.day, &y0, &m0, &dd0);
    chiso_civil_from_days(t->period_end.day, &y1, &m1, &dd1);
    if (m0 == 1 && dd0 == 1 && m1 == 12 && dd1 == 31) {
        if (y0 == y1)
            snprintf(buf, size, _("the year %d"), y0);
        else
            snprintf(buf, size, _("the years %d–%d"), y0, y1);
    } else {
        snprintf(buf, size, "%s – %s", chiso_date_words(t->period_start.day, d1, sizeof d1),
                 chiso_date_words(t->period_end.day, d2, sizeof d2));
    }
    return buf;
}

static chiso_progress progress_of(const judge_ctx *c, double p)
{
    return p >= c->opts->on_track ? CHISO_PROGRESS_ON_TRACK
           : p >= c->opts->at_risk ? CHISO_PROGRESS_AT_RISK
                                   : CHISO_PROGRESS_OFF_TRACK;
}

/* Whose history and which span the model looks at: the target's unit, indicator and level, its term or
 * period, and the figures to date up to as_of. */
static void model_of(const judge_ctx *c, const chiso_target_info *t, rest_query *q)
{
    chiso_term_info TI;
    chiso_dataset_term(c->ds, (size_t)t->term_index, &TI);
    q->unit = t->unit_index;
    q->indicator = t->indicator_index;
    q->level = t->level;
    q->span_start = t->has_period ? t->period_start.day : TI.start.day;
    q->span_end = t->has_period ? t->period_end.day : TI.end.day;
    q->seen_end = c->as_of < q->span_end ? c->as_of : q->span_end;
}

/* The projection of a running target: the one place the model of the future (predict_rest) is asked.
 * total = 1 fills the projected end value (count to date + what is still to come). */
static int project(judge_ctx *c, chiso_attain_row *r, const rest_query *q, int total)
{
    rest_answer ans;
    int undecided = r->status == CHISO_PROGRESS_NONE; /* not already decided by the figures */
    int got = predict_rest(c->ds, c->norm, q, &ans);
    if (ans.why) {
        if (undecided) /* what the probability rests on, when it is what decides the status */
            chiso_buf_puts(&c->model, ans.why);
        free(ans.why);
    }
    if (got == -2)
        c->reason.oom = 1; /* the row fails */
    if (got <= 0) {
        /* no probability: the status follows the interval logic (not yet decided) and the reason says why */
        if (got < 0 && r->status == CHISO_PROGRESS_NONE)
            r->status = CHISO_PROGRESS_AT_RISK;
        return 0;
    }
    if (total) {
        r->has_projection = 1;
        r->proj_value = q->count + ans.mean;
        r->proj_lo80 = q->count + ans.lo80;
        r->proj_hi80 = q->count + ans.hi80;
        r->proj_lo95 = q->count + ans.lo95;
        r->proj_hi95 = q->count + ans.hi95;
    }
    r->has_probability = 1;
    r->probability = ans.p;
    if (r->status == CHISO_PROGRESS_NONE)
        r->status = progress_of(c, ans.p);
    return 1;
}

/* A count (a flow) over a span: the term, or the target's period. v is the reported value over e_years
 * of the span's L years (partial: covered in part); E the target as judged (counts for a relative one). */
static void judge_count(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, eff_target E,
                        chiso_interval v, double v_point, double e_years, double L, int partial)
{
    char a[64], b[64], d[64], e[160], sp[64];
    chiso_indicator_info I;
    chiso_dataset_indicator(c->ds, (size_t)t->indicator_index, &I);
    span_words(t, sp, sizeof sp);
    r->has_actual = 1;
    r->actual = v;
    r->actual_point = v_point;
    /* counts do not go down: a span reported in part has at least the reported total */
    chiso_interval possible = v;
    if ((partial || r->running) && I.kind == CHISO_KIND_FLOW) {
        possible.hi = INFINITY;
        possible.hi_open = 1;
    }
    chiso_truth truth = chiso_interval_compare(possible, E.op, E.T);
    fmt_target(c, E.op, E.T, e, sizeof e);
    if (!r->running) {
        r->verdict = verdict_of(truth);
        if (partial && truth == CHISO_UNKNOWN)
            chiso_buf_printf(&c->reason, _("the figures cover only %s years (%s%%) of %s, and the reported %s does "
                                           "not decide the target %s"),
                             fmt_num(e_years, 1, a, sizeof a), fmt_num(L > 0 ? 100 * e_years / L : NAN, 0, b, sizeof b), sp,
                             fmt_iv(v, 1, 0, d, sizeof d), e);
        else if (truth == CHISO_UNKNOWN)
            chiso_buf_printf(&c->reason, _("the reported %s straddles the target %s"), fmt_iv(v, 1, 0, d, sizeof d), e);
        else {
            chiso_buf_printf(&c->reason, truth == CHISO_TRUE ? _("%s meets the target %s") : _("%s does not meet the target %s"),
                             fmt_iv(v, 1, 0, d, sizeof d), e);
            if (partial && truth == CHISO_TRUE)
                chiso_buf_printf(&c->reason, _(" (already with %s of %s years reported)"), fmt_num(e_years, 1, a, sizeof a),
                                 fmt_num(L, 1, b, sizeof b));
        }
        if (t->has_period && !(partial && truth == CHISO_UNKNOWN)) /* (that one names the span already) */
            chiso_buf_printf(&c->reason, _(" in %s"), sp);
        return;
    }
    /* a running span */
    double target_pt = isfinite(E.T.hi) ? (E.T.lo + E.T.hi) / 2 : E.T.lo;
    r->has_to_date = 1;
    r->pro_rata_target = L > 0 ? target_pt * e_years / L : NAN;
    r->pace = r->pro_rata_target > 0 ? v_point / r->pro_rata_target : NAN;
    if (truth == CHISO_TRUE) {
        r->verdict = CHISO_VERDICT_MET;
        r->status = CHISO_PROGRESS_ACHIEVED;
    } else if (truth == CHISO_FALSE) {
        r->verdict = CHISO_VERDICT_NOT_MET;
        r->status = CHISO_PROGRESS_OFF_TRACK;
    }
    int open = isinf(v.hi); /* a count known only as a lower bound ("trên 300") */
    int point_target = chiso_interval_is_point(E.T) || (E.op == CHISO_CMP_BETWEEN && isfinite(E.T.hi));
    if (I.kind == CHISO_KIND_FLOW && e_years > 0 && L > e_years && !open && point_target) {
        rest_query q = {v_point, e_years, L - e_years, 0, 0, 0};
        model_of(c, t, &q);
        if (E.op == CHISO_CMP_BETWEEN) {
            double x;
            need_range(CHISO_CMP_GE, E.T.lo, v_point, &q.need_lo, &x);
            need_range(CHISO_CMP_LE, E.T.hi, v_point, &x, &q.need_hi);
        } else {
            need_range(E.op, E.T.lo, v_point, &q.need_lo, &q.need_hi);
        }
        project(c, r, &q, 1);
    }
    if (r->status == CHISO_PROGRESS_NONE)
        r->status = CHISO_PROGRESS_NO_DATA;
    if (r->pro_rata_target > 0 && !open)
        chiso_buf_printf(&c->reason, _("%s to date (%s years, %s%% of %s), %s%% of the pro-rata target"),
                         fmt_iv(v, 1, 0, d, sizeof d), fmt_num(e_years, 1, a, sizeof a),
                         fmt_num(L > 0 ? 100 * e_years / L : NAN, 0, b, sizeof b), sp, fmt_num(r->pace * 100, 0, e, sizeof e));
    else
        chiso_buf_printf(&c->reason, _("%s to date (%s years, %s%% of %s)"), fmt_iv(v, 1, 0, d, sizeof d),
                         fmt_num(e_years, 1, a, sizeof a), fmt_num(L > 0 ? 100 * e_years / L : NAN, 0, b, sizeof b), sp);
    if (r->has_projection)
        chiso_buf_printf(&c->reason, _("; %s expected at the end of %s"), fmt_num(r->proj_value, 0, a, sizeof a),
                         sp);
    else if (open && r->status == CHISO_PROGRESS_NO_DATA)
        chiso_buf_printf(&c->reason, _("; the count to date is known only as %s, so there is no pace to project it "
                                       "from"),
                         fmt_iv(v, 1, 0, d, sizeof d));
}

/* A total over the term of a flow. */
static void judge_total(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, eff_target E,
                        const chiso_norm_row *row)
{
    if (!row) {
        r->verdict = r->running ? CHISO_VERDICT_NONE : CHISO_VERDICT_NO_DATA;
        r->status = r->running ? CHISO_PROGRESS_NO_DATA : CHISO_PROGRESS_NONE;
        chiso_buf_puts(&c->reason, _("no figure for this term"));
        return;
    }
    for (size_t k = 0; k < row->n_obs; k++)
        add_source(c->ds, &c->sources, row->obs[k]);
    int partial = (row->flags & CHISO_NORM_PARTIAL) != 0;
    chiso_interval v = row->value;
    double pt = row->point;
    int32_t fig_end = 0;
    for (size_t k = 0; k < row->n_obs; k++) {
        chiso_obs_info o;
        if (chiso_dataset_obs(c->ds, (size_t)row->obs[k], &o) == CHISO_OK && o.end.day > fig_end)
            fig_end = o.end.day;
    }
    narrow_by_progress(c, t, E, &v, &pt, fig_end);
    judge_count(c, t, r, E, v, pt, row->coverage_years, row->term_years, partial);
}

/* A total over a period inside the term (a yearly plan target): the figures of that period alone,
 * widest first; a figure nested in (or overlapping) one already taken is not added, as in the
 * normalisation. */
static void judge_period(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, eff_target E)
{
    const chiso_dataset *ds = c->ds;
    /* a target narrowed to a period: the figures of that period alone */
    chiso_interval sum = chiso_interval_point(0);
    int found = 0;
    double cover = 0; /* years of the period the figures cover */
    int32_t fig_end = 0; /* the day the latest of them ends */
    /* the figures inside the period, widest first; a figure nested in (or overlapping)
     * one already taken is not added, as in the normalisation */
    size_t cap = 0, m = 0;
    long *cand = NULL;
    for (size_t k = 0; k < chiso_dataset_n_obs(ds); k++) {
        chiso_obs_info o;
        chiso_dataset_obs(ds, k, &o);
        if (o.unit_index != t->unit_index || o.indicator_index != t->indicator_index ||
            o.end.day > c->as_of || o.basis != CHISO_BASIS_TOTAL)
            continue;
        if (o.start.day >= t->period_start.day - 45 && o.end.day <= t->period_end.day + 45) {
            if (chiso_grow((void **)&cand, &cap, m + 1, sizeof *cand) != 0) {
                c->reason.oom = 1; /* never judge on some of the figures: the row fails */
                break;
            }
            cand[m++] = (long)k;
        }
    }
    int32_t *taken_s = malloc((m ? m : 1) * sizeof *taken_s), *taken_e = malloc((m ? m : 1) * sizeof *taken_e);
    if (!taken_s || !taken_e)
        c->reason.oom = 1;
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
            if (o.end.day > fig_end)
                fig_end = o.end.day;
            add_source(ds, &c->sources, cand[best]);
        }
        cand[best] = -1;
    }
    free(taken_s);
    free(taken_e);
    free(cand);
    if (!found) {
        char sp[64];
        r->verdict = r->running ? CHISO_VERDICT_NONE : CHISO_VERDICT_NO_DATA;
        r->status = r->running ? CHISO_PROGRESS_NO_DATA : CHISO_PROGRESS_NONE;
        chiso_buf_printf(&c->reason, _("no figure for %s"), span_words(t, sp, sizeof sp));
        return;
    }
    double plen = chiso_span_years(t->period_start.day, t->period_end.day);
    double pt = (sum.lo + (isinf(sum.hi) ? sum.lo : sum.hi)) / 2;
    narrow_by_progress(c, t, E, &sum, &pt, fig_end);
    /* any part of the period not covered (beyond a week of date rounding) leaves a count open: 1 932 to
     * 23 November is no verdict on a whole year's ≥ 2 000 */
    judge_count(c, t, r, E, sum, pt, cover, plen, cover < plen - 7 / 365.25);
}

/* The day of the membership a relative target is of, for year y (each_year) or for the target's span
 * (y = 0: the first year of the period, or of the term). */
static int32_t base_day(const chiso_target_info *t, const chiso_term_info *TI, int y)
{
    if (y == 0) {
        int m, d;
        chiso_civil_from_days(t->has_period ? t->period_start.day : TI->start.day, &y, &m, &d);
    }
    switch (t->relative_base) {
    case CHISO_REL_YEAR_START: return chiso_days_from_civil(y, 1, 1);
    case CHISO_REL_PREV_YEAR_END: return chiso_days_from_civil(y - 1, 12, 31);
    case CHISO_REL_DATE: return t->relative_day;
    default: return TI->start.day;
    }
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
    char missing_list[256] = "", failed_list[256] = "", straddle_list[512] = "", conflict_list[256] = "";
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
        int got = year_figure(ds, t->unit_index, t->indicator_index, t->level, y, c->as_of, &v, &oi);
        if (!got) {
            missing++;
            if (!mean_row || !row_covers_year(ds, mean_row, y))
                uncovered++;
            size_t l = strlen(missing_list);
            snprintf(missing_list + l, sizeof missing_list - l, "%s%d", l ? ", " : "", y);
            continue;
        }
        add_source(ds, &c->sources, oi);
        chiso_interval judged = v;
        chiso_interval My = M0;
        int oom = 0;
        if (relative && (t->relative_base == CHISO_REL_YEAR_START || t->relative_base == CHISO_REL_PREV_YEAR_END) &&
            (!ds_members_at(ds, t->unit_index, base_day(t, &TI, y), &My, &oom) || !(My.lo > 0))) {
            c->reason.oom |= oom;
            My = chiso_interval_point(NAN);
        }
        if (relative && !chiso_interval_div(chiso_interval_scale(v, 100.0), My, &judged)) {
            missing++;
            uncovered++;
            size_t l = strlen(missing_list);
            snprintf(missing_list + l, sizeof missing_list - l, "%s%d", l ? ", " : "", y);
            continue;
        }
        if (got == 2) {
            unknown++;
            size_t l = strlen(conflict_list);
            snprintf(conflict_list + l, sizeof conflict_list - l, "%s%d", l ? ", " : "", y);
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
        chiso_truth tr = got == 2 ? CHISO_UNKNOWN : chiso_interval_compare(judged, t->op, T);
        if (got == 2)
            ; /* counted above */
        else if (tr == CHISO_TRUE)
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
            if (*straddle_list)
                chiso_buf_printf(&c->reason, " (%s)", straddle_list);
            if (*conflict_list)
                chiso_buf_printf(&c->reason, _("; the figures for %s conflict (they cannot all be true)"), conflict_list);
        } else
            chiso_buf_printf(&c->reason,
                             t->has_period ? _("every year of the period meets %s %s (%s)")
                                           : _("every year of the term meets %s %s (%s)"),
                             chiso_cmp_symbol(t->op), fmt_iv(T, 1, pct, b, sizeof b), fmt_iv(hull, 1, pct, a, sizeof a));
        return;
    }
    /* a running term: the years to come */
    if (missing && !future) {
        /* every year of the term is past and some have no figure: nothing is left to project */
        r->status = CHISO_PROGRESS_NO_DATA;
        chiso_buf_printf(&c->reason, _("no figure for %s, and no year of the term is left to come"), missing_list);
        return;
    }
    const chiso_norm_row *row = target_row(c->norm, t, CHISO_BASIS_TOTAL);
    chiso_indicator_info I;
    chiso_dataset_indicator(ds, (size_t)t->indicator_index, &I);
    /* the yearly bound in the indicator's unit: unknown when the membership is open-ended or not known */
    chiso_interval Mf = M0;
    if (relative && (t->relative_base == CHISO_REL_YEAR_START || t->relative_base == CHISO_REL_PREV_YEAR_END)) {
        int oom = 0;
        if (!ds_members_at(ds, t->unit_index, base_day(t, &TI, y1 - future + 1), &Mf, &oom))
            Mf = chiso_interval_point(NAN);
        c->reason.oom |= oom;
    }
    double thr_lo = relative ? T.lo * (Mf.lo + Mf.hi) / 200.0 : T.lo;
    double thr_hi = relative ? T.hi * (Mf.lo + Mf.hi) / 200.0 : T.hi;
    if (I.kind == CHISO_KIND_FLOW && row && row->coverage_years > 0 && isfinite(thr_lo) && isfinite(thr_hi) &&
        !isinf(row->value.hi)) {
        /* the count to date at its rate; every year to come (and every past year without a figure) must
         * land in the target */
        rest_query q = {row->point, row->coverage_years, 1.0, future + missing, 0, 0};
        model_of(c, t, &q);
        if (t->op == CHISO_CMP_BETWEEN) {
            double x;
            need_range(CHISO_CMP_GE, thr_lo, 0, &q.need_lo, &x);
            need_range(CHISO_CMP_LE, thr_hi, 0, &x, &q.need_hi);
        } else {
            need_range(t->op, thr_lo, 0, &q.need_lo, &q.need_hi);
        }
        r->status = CHISO_PROGRESS_NONE;
        project(c, r, &q, 0);
        for (size_t k = 0; k < row->n_obs; k++)
            add_source(ds, &c->sources, row->obs[k]);
        if (!r->has_actual) {
            r->has_actual = 1;
            r->actual = row->annual;
            if (relative)
                chiso_interval_div(chiso_interval_scale(row->annual, 100.0), M0, &r->actual);
            r->actual_point = (r->actual.lo + (isinf(r->actual.hi) ? r->actual.lo : r->actual.hi)) / 2;
        }
        double rate = row->point / row->coverage_years;
        if (relative && isfinite(Mf.lo) && Mf.lo > 0)
            chiso_buf_printf(&c->reason, _("%s a year to date (%s%% of the membership the target is of); "),
                             fmt_num(rate, 0, a, sizeof a),
                             fmt_num(rate * 100 / ((Mf.lo + (isinf(Mf.hi) ? Mf.lo : Mf.hi)) / 2), 2, b, sizeof b));
        else
            chiso_buf_printf(&c->reason, _("%s a year to date; "), fmt_num(rate, 0, a, sizeof a));
        chiso_buf_printf(&c->reason, _("%d years still to come"), future);
        if (missing)
            chiso_buf_printf(&c->reason, _(" and no figure for %s"), missing_list);
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
        /* the end of the target's period (a level "at the end of 2018"), else of the term; a figure
         * counts as the level at that end when it is at most a year before the end of a term, or a tenth
         * of a period before its end (36 days of a year) */
        int32_t end_day = t->has_period ? t->period_end.day : TI.end.day;
        int32_t fig_day = 0; /* the day of the latest figure */
        for (size_t k = 0; k < row->n_obs; k++) {
            chiso_obs_info o;
            if (chiso_dataset_obs(ds, (size_t)row->obs[k], &o) == CHISO_OK && o.end.day > fig_day)
                fig_day = o.end.day;
        }
        int32_t slack = 366;
        if (t->has_period && (t->period_end.day - t->period_start.day) / 10 < slack)
            slack = (t->period_end.day - t->period_start.day) / 10;
        if (row->basis == CHISO_BASIS_POINT && end_day - fig_day > slack) {
            char sp[64], dd[32];
            r->verdict = tr == CHISO_UNKNOWN ? CHISO_VERDICT_NO_DATA : CHISO_VERDICT_INDETERMINATE;
            chiso_buf_printf(&c->reason,
                             _("the latest figure, %s, is of %s, %s days before the end of %s: the level at the "
                               "end is not known"),
                             fmt_iv(v, 1, 0, a, sizeof a), chiso_date_words(fig_day, dd, sizeof dd),
                             fmt_num(end_day - fig_day, 0, b, sizeof b), span_words(t, sp, sizeof sp));
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
    if (t->basis != CHISO_BASIS_END && (row->flags & CHISO_NORM_PARTIAL) && row->term_years > 0) {
        /* a mean over the years reported is no verdict on the mean over the term: the years missing could
         * be anything (counts of a year are not bounded by the others) */
        char d[64], e[64], f[64];
        r->verdict = CHISO_VERDICT_INDETERMINATE;
        chiso_buf_printf(&c->reason,
                         _("the figures cover only %s of the term's %s years (%s%%): their mean, %s, does not "
                           "decide the target %s %s for the whole term"),
                         fmt_num(row->coverage_years, 1, a, sizeof a), fmt_num(row->term_years, 1, b, sizeof b),
                         fmt_num(100 * row->coverage_years / row->term_years, 0, d, sizeof d),
                         fmt_iv(v, 2, 0, e, sizeof e), chiso_cmp_symbol(t->op), fmt_iv(T, 2, 0, f, sizeof f));
        return;
    }
    r->verdict = verdict_of(tr);
    if (tr == CHISO_UNKNOWN)
        chiso_buf_printf(&c->reason, _("the reported %s straddles the target %s %s"), fmt_iv(v, 2, 0, a, sizeof a),
                         chiso_cmp_symbol(t->op), fmt_iv(T, 2, 0, b, sizeof b));
    else
        chiso_buf_printf(&c->reason, tr == CHISO_TRUE ? _("%s meets the target %s %s") : _("%s does not meet the target %s %s"),
                         fmt_iv(v, 2, 0, a, sizeof a), chiso_cmp_symbol(t->op), fmt_iv(T, 2, 0, b, sizeof b));
    if (t->has_period) {
        char sp[64];
        chiso_buf_printf(&c->reason, _(" in %s"), span_words(t, sp, sizeof sp));
    }
}

/* What the report itself said of the target (find_reported), beside our verdict. A reported ratio is
 * compared with the digits it was written with (ratio_range); a verdict of part of the term is not
 * compared by its ratio, which was made over another span; a progress ratio (no verdict) of a running
 * target is compared with the count to date over the target. */
static void match_reported(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r)
{
    int exact = 0;
    const chiso_verdict_info *v = find_reported(c, t, &exact);
    if (!v)
        return;
    r->has_reported = 1;
    r->reported = v;
    int says_met = v->verdict == CHISO_RV_MET || v->verdict == CHISO_RV_EXCEEDED;
    if ((says_met && r->verdict == CHISO_VERDICT_NOT_MET) ||
        (v->verdict == CHISO_RV_NOT_MET && r->verdict == CHISO_VERDICT_MET))
        r->disagrees = 1;
    int same_day = !v->has_as_of || v->as_of.day == c->as_of || !r->running;
    if (exact && v->has_ratio && r->has_ratio && same_day) {
        double lo, hi, tol = c->opts->ratio_tolerance;
        ratio_range(v, &lo, &hi);
        /* our ratio (an interval) must reach the range the written digits stand for */
        int ok = r->ratio.hi * 100 >= lo - tol - 1e-9 && r->ratio.lo * 100 < hi + tol + 1e-9;
        if (!ok)
            r->disagrees = 1;
    }
    char buf[64];
    if (v->verdict != CHISO_RV_NONE)
        chiso_buf_printf(&c->reason, _("; the report says '%s'"), v->raw_verdict ? v->raw_verdict : "");
    else
        chiso_buf_puts(&c->reason, _("; the report gives its progress"));
    if (v->has_ratio)
        chiso_buf_printf(&c->reason, _(" (%s%% of the target)"), fmt_num(v->ratio.point, 3, buf, sizeof buf));
    if (r->disagrees)
        chiso_buf_puts(&c->reason, _(", which disagrees with the figures"));
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
        chiso_buf_init(&c.model);
        chiso_buf_init(&c.sources);
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)t->indicator_index, &I);
        /* the target as judged: a range on an indicator with a direction is its requirement */
        eff_target E = effective_target(t->op, t->value, I.direction);
        chiso_target_info tj = *t; /* the target with the operator judged */
        tj.op = E.op;
        chiso_interval T = E.T;
        chiso_interval M0 = chiso_interval_point(NAN);
        int relative = t->relative_to_members;
        r->target_value = t->value;
        c.rel = relative;
        c.rel_pct = t->value.lo;
        c.pct_target = relative || I.measure == CHISO_MEASURE_SHARE;
        int ok = 1;
        if (relative) {
            int oom = 0;
            int32_t bday = base_day(t, &TI, 0);
            if (!ds_members_at(ds, t->unit_index, bday, &M0, &oom) || !(M0.lo > 0)) {
                c.reason.oom |= oom; /* out of memory is not "not known": the row fails below */
                if (t->basis == CHISO_BASIS_EACH_YEAR &&
                    (t->relative_base == CHISO_REL_YEAR_START || t->relative_base == CHISO_REL_PREV_YEAR_END)) {
                    M0 = chiso_interval_point(NAN); /* each year has its own: judged year by year */
                } else {
                    char dd[16];
                    ok = 0;
                    r->verdict = r->running ? CHISO_VERDICT_NONE : CHISO_VERDICT_NO_DATA;
                    r->status = r->running ? CHISO_PROGRESS_NO_DATA : CHISO_PROGRESS_NONE;
                    chiso_buf_printf(&c.reason, _("the membership on %s is not known, so a target in per cent of it "
                                                  "cannot be judged"),
                                     chiso_date_words(bday, dd, sizeof dd));
                }
            } else if (t->basis == CHISO_BASIS_TOTAL) {
                /* a total in per cent of the membership: convert the target to a count */
                r->has_target_abs = 1;
                r->target_value = chiso_interval_scale(chiso_interval_mul(t->value, M0), 0.01);
                T = chiso_interval_scale(chiso_interval_mul(T, M0), 0.01);
                c.pct_target = 0;
            }
            c.rel_M = M0;
        }
        eff_target Ec = E; /* in the indicator's unit */
        Ec.T = T;
        if (ok) {
            if (t->basis == CHISO_BASIS_TOTAL && I.kind == CHISO_KIND_FLOW) {
                const chiso_norm_row *row = target_row(norm, t, CHISO_BASIS_TOTAL);
                if (t->has_period) {
                    judge_period(&c, t, r, Ec);
                } else {
                    judge_total(&c, t, r, Ec, row);
                }
            } else if (t->basis == CHISO_BASIS_EACH_YEAR) {
                judge_each_year(&c, &tj, r, T, M0, relative);
            } else {
                judge_level(&c, &tj, r, T, M0, relative && t->basis != CHISO_BASIS_TOTAL);
            }
            /* a range with a direction: beyond its other end the target is exceeded ("vượt") */
            if (E.has_aim && r->has_actual && r->verdict == CHISO_VERDICT_MET) {
                chiso_interval aim = chiso_interval_point(E.aim);
                if (relative && t->basis == CHISO_BASIS_TOTAL)
                    aim = chiso_interval_scale(chiso_interval_mul(aim, M0), 0.01);
                int beyond = I.direction == CHISO_DIR_UP ? r->actual.hi > aim.hi : r->actual.lo < aim.lo;
                if (beyond) {
                    char x[64];
                    chiso_buf_printf(&c.reason, I.direction == CHISO_DIR_UP
                                                    ? _("; above the range's upper end %s the target is exceeded")
                                                    : _("; below the range's lower end %s the target is exceeded"),
                                     fmt_iv(aim, 1, c.pct_target, x, sizeof x));
                }
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
        {
            char *words = chiso_buf_take(&c.model);
            if (!words)
                c.reason.oom = 1; /* the row fails, never a reason with a part missing */
            else if (*words)
                chiso_buf_printf(&c.reason, "; %s", words);
            free(words);
        }
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

char *chiso_target_base_words(const chiso_target_info *t, char *buf, size_t size)
{
    char day[16];
    if (!buf || !size)
        return buf;
    buf[0] = '\0';
    if (!t || !t->relative_to_members)
        return buf;
    switch (t->relative_base) {
    case CHISO_REL_YEAR_START: snprintf(buf, size, "%s", _(" of the members at the start of the year")); break;
    case CHISO_REL_PREV_YEAR_END: snprintf(buf, size, "%s", _(" of the members at the end of the year before")); break;
    case CHISO_REL_DATE:
        snprintf(buf, size, _(" of the members on %s"), chiso_date_words(t->relative_day, day, sizeof day));
        break;
    default: snprintf(buf, size, "%s", _(" of the members at the start of the term")); break;
    }
    return buf;
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
        {
            const chiso_target_info *T = r->target;
            char rel[40] = "", dd[16];
            if (T->relative_base == CHISO_REL_YEAR_START)
                snprintf(rel, sizeof rel, "members_at_year_start");
            else if (T->relative_base == CHISO_REL_PREV_YEAR_END)
                snprintf(rel, sizeof rel, "members_at_prev_year_end");
            else if (T->relative_base == CHISO_REL_DATE)
                snprintf(rel, sizeof rel, "members_at:%s", chiso_date_format(T->relative_day, dd, sizeof dd));
            else if (T->relative_to_members)
                snprintf(rel, sizeof rel, "members_at_term_start");
            chiso_json_str(&b, rel[0] ? rel : NULL);
        }
        chiso_buf_puts(&b, ", \"id\": ");
        chiso_json_str(&b, r->target->id);
        chiso_buf_puts(&b, ", \"set_by\": ");
        chiso_json_str(&b, r->target->set_by);
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

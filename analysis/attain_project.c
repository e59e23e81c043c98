/*
 * analysis/attain_project.c — the projection of a running target: what the rest of the term will bring
 * by the predictive model of predict.c, and the status from the probability of meeting the target.
 */
#include "analysis/attain_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the model of what is still to come ------------------------------------------------------------
 *
 * Everything the projection of a running target assumes about the future is in predict_rest(), called
 * from one place (project()). It asks the predictive model of analysis/predict.c (docs/methods.md,
 * "Predictive model for counts"): the rate of the span is gamma with a prior learnt from the unit's own
 * earlier terms of the indicator (weakly informative without them), over-dispersed within the span,
 * updated by the count to date; the rest is negative binomial mixed over that rate. The years of an
 * each_year target share the rate. Below the model's minimum of information it gives no probability
 * and says why. */


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
void need_range(chiso_cmp op, double T, double v, double *lo, double *hi)
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

static chiso_progress progress_of(const judge_ctx *c, double p)
{
    return p >= c->opts->on_track ? CHISO_PROGRESS_ON_TRACK
           : p >= c->opts->at_risk ? CHISO_PROGRESS_AT_RISK
                                   : CHISO_PROGRESS_OFF_TRACK;
}

/* Whose history and which span the model looks at: the target's unit, indicator and level, its term or
 * period, and the figures to date up to as_of. */
void model_of(const judge_ctx *c, const chiso_target_info *t, rest_query *q)
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
int project(judge_ctx *c, chiso_attain_row *r, const rest_query *q, int total)
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

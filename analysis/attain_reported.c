/*
 * analysis/attain_reported.c — what the report itself said of a target (a row of verdicts.csv): the row
 * bound to the target, a count to date narrowed by the report's own progress ratio, and the report's
 * words beside the verdict, flagged when they disagree with the figures.
 */
#include "analysis/attain_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
void narrow_by_progress(judge_ctx *c, const chiso_target_info *t, eff_target E, chiso_interval *v, double *pt,
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


/* What the report said, beside an illustrative target it is not about: the report judged the
 * resolution's real target, whose level the sources give (a target of targets.csv for the same unit,
 * term, indicator, rating and period) or do not; its verdict is said to be about that target and is
 * never taken for a disagreement with our verdict of the illustrative level (docs/style-vi.md §1). */
static void reported_of_real_target(judge_ctx *c, const chiso_target_info *t, const chiso_verdict_info *v,
                                    chiso_attain_row *r)
{
    r->disagrees = 0;
    chiso_target_info o, real;
    memset(&real, 0, sizeof real);
    size_t n_real = 0;
    for (size_t i = 0; i < chiso_dataset_n_targets(c->ds); i++) {
        chiso_dataset_target(c->ds, i, &o);
        if (!o.illustrative && o.unit_index == t->unit_index && o.term_index == t->term_index &&
            o.indicator_index == t->indicator_index && same_label(o.rating, t->rating) &&
            same_period(o.has_period, o.period_start, o.period_end, t->has_period, t->period_start, t->period_end) &&
            n_real++ == 0)
            real = o;
    }
    char a[64], buf[64];
    if (v->verdict != CHISO_RV_NONE)
        chiso_buf_printf(&c->reason, _("; the report says '%s' of the resolution's real target"),
                         v->raw_verdict ? v->raw_verdict : "");
    else
        chiso_buf_puts(&c->reason, _("; the report gives its progress against the resolution's real target"));
    if (n_real == 1)
        chiso_buf_printf(&c->reason, " (%s)",
                         fmt_cmp(real.op, real.value, 2, real.relative_to_members || c->pct_target, a, sizeof a));
    else
        chiso_buf_puts(&c->reason, _(" (the sources do not give its level)"));
    if (v->has_ratio)
        chiso_buf_printf(&c->reason, _(" (%s%% of the target)"), fmt_num(v->ratio.point, 3, buf, sizeof buf));
    chiso_buf_puts(&c->reason, _(", not of this illustrative level"));
}

/* What the report itself said of the target (find_reported), beside our verdict. A reported ratio is
 * compared with the digits it was written with (ratio_range); a verdict of part of the term is not
 * compared by its ratio, which was made over another span; a progress ratio (no verdict) of a running
 * target is compared with the count to date over the target. */
void match_reported(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r)
{
    int exact = 0;
    const chiso_verdict_info *v = find_reported(c, t, &exact);
    if (!v)
        return;
    r->has_reported = 1;
    r->reported = v;
    if (t->illustrative && !(v->target_index >= 0 && v->target_index == t->index)) {
        reported_of_real_target(c, t, v, r);
        return;
    }
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

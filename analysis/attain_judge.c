/*
 * analysis/attain_judge.c — the verdict of one target by its basis (docs/methods.md §1): a count over the
 * term or a period, every year of the term, a mean or a level; a running term gets its status and, for
 * counts, a projection (attain_project.c).
 */
#include "analysis/attain_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static chiso_verdict verdict_of(chiso_truth t)
{
    return t == CHISO_TRUE ? CHISO_VERDICT_MET : t == CHISO_FALSE ? CHISO_VERDICT_NOT_MET : CHISO_VERDICT_INDETERMINATE;
}

/* A count (a flow) over a span: the term, or the target's period. v is the reported value over e_years
 * of the span's L years (partial: covered in part); E the target as judged (counts for a relative one). */
void judge_count(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, eff_target E,
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
                             fmt_iv(v, 1, c->pct_target, d, sizeof d), e);
        else if (truth == CHISO_UNKNOWN)
            chiso_buf_printf(&c->reason, _("the reported figure, %s, straddles the target %s"), fmt_iv(v, 1, c->pct_target, d, sizeof d), e);
        else {
            chiso_buf_printf(&c->reason, truth == CHISO_TRUE ? _("%s meets the target %s") : _("%s does not meet the target %s"),
                             fmt_iv(v, 1, c->pct_target, d, sizeof d), e);
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
                         fmt_iv(v, 1, c->pct_target, d, sizeof d), fmt_num(e_years, 1, a, sizeof a),
                         fmt_num(L > 0 ? 100 * e_years / L : NAN, 0, b, sizeof b), sp, fmt_num(r->pace * 100, 0, e, sizeof e));
    else
        chiso_buf_printf(&c->reason, _("%s to date (%s years, %s%% of %s)"), fmt_iv(v, 1, c->pct_target, d, sizeof d),
                         fmt_num(e_years, 1, a, sizeof a), fmt_num(L > 0 ? 100 * e_years / L : NAN, 0, b, sizeof b), sp);
    if (r->has_projection)
        chiso_buf_printf(&c->reason, _("; %s expected at the end of %s"), fmt_num(r->proj_value, 0, a, sizeof a),
                         sp);
    else if (open && r->status == CHISO_PROGRESS_NO_DATA)
        chiso_buf_printf(&c->reason, _("; the count to date is known only as %s, so there is no pace to project it "
                                       "from"),
                         fmt_iv(v, 1, c->pct_target, d, sizeof d));
}

/* A total over the term of a flow. */
void judge_total(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, eff_target E,
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
void judge_period(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, eff_target E)
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

/* Every year of the term (each_year). */
void judge_each_year(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, chiso_interval T,
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
    char yw[400]; /* a list of years in words */
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
        chiso_buf_printf(&c->reason, _("the target is not met for %s"), years_words(failed_list, yw, sizeof yw));
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
                chiso_buf_printf(&c->reason, _("the mean over the term, %s, does not meet %s, so at least one year did not"),
                                 fmt_iv(mean, 1, pct, a, sizeof a), fmt_cmp(t->op, T, 1, pct, b, sizeof b));
                return;
            }
            if (!r->running) {
                r->verdict = CHISO_VERDICT_INDETERMINATE;
                chiso_buf_printf(&c->reason, _("there are no yearly figures for %s; the mean over the term, %s, does not "
                                               "show that every year met %s"),
                                 years_words(missing_list, yw, sizeof yw), fmt_iv(mean, 1, pct, a, sizeof a), fmt_cmp(t->op, T, 1, pct, b, sizeof b));
                return;
            }
        }
        if (!r->running) {
            r->verdict = CHISO_VERDICT_NO_DATA;
            chiso_buf_printf(&c->reason, _("no figure for %s"), years_words(missing_list, yw, sizeof yw));
            return;
        }
    }
    if (!r->running) {
        r->verdict = unknown ? CHISO_VERDICT_INDETERMINATE : CHISO_VERDICT_MET;
        if (unknown) {
            chiso_buf_printf(&c->reason, _("%d of %d years certainly meet the target; in %d the reported figure "
                                           "straddles the target %s"),
                             met, r->years_total, unknown, fmt_cmp(t->op, T, 1, pct, b, sizeof b));
            if (*straddle_list)
                chiso_buf_printf(&c->reason, " (%s)", straddle_list);
            if (*conflict_list)
                chiso_buf_printf(&c->reason, _("; the figures of %s conflict (they cannot all be true)"),
                                 years_words(conflict_list, yw, sizeof yw));
        } else
            chiso_buf_printf(&c->reason,
                             t->has_period ? _("every year of the period meets the target %s (%s)")
                                           : _("every year of the term meets the target %s (%s)"),
                             fmt_cmp(t->op, T, 1, pct, b, sizeof b), fmt_iv(hull, 1, pct, a, sizeof a));
        return;
    }
    /* a running term: the years to come */
    if (missing && !future) {
        /* every year of the term is past and some have no figure: nothing is left to project */
        r->status = CHISO_PROGRESS_NO_DATA;
        chiso_buf_printf(&c->reason, _("there is no figure for %s; no year of the term is left to come"),
                         years_words(missing_list, yw, sizeof yw));
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
            chiso_buf_printf(&c->reason, _(" and there is no figure for %s"), years_words(missing_list, yw, sizeof yw));
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
void judge_level(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, chiso_interval T,
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
                             fmt_iv(v, 1, c->pct_target, a, sizeof a), chiso_date_words(fig_day, dd, sizeof dd),
                             fmt_num(end_day - fig_day, 0, b, sizeof b), span_words(t, sp, sizeof sp));
            return;
        }
    }
    if (r->running) {
        r->status = tr == CHISO_TRUE ? CHISO_PROGRESS_ON_TRACK : tr == CHISO_FALSE ? CHISO_PROGRESS_OFF_TRACK
                                                                                   : CHISO_PROGRESS_AT_RISK;
        /* a level measured on one day is said with its day ("96,15% ngày 10/09/2018"), not "to date" */
        int32_t day = 0;
        if (row->basis == CHISO_BASIS_POINT)
            for (size_t k = 0; k < row->n_obs; k++) {
                chiso_obs_info o;
                if (chiso_dataset_obs(ds, (size_t)row->obs[k], &o) == CHISO_OK && o.end.day > day)
                    day = o.end.day;
            }
        if (day > 0) {
            char dd[32];
            chiso_buf_printf(&c->reason, _("%s on %s, against the target %s"), fmt_iv(v, 2, c->pct_target, a, sizeof a),
                             chiso_date_words(day, dd, sizeof dd), fmt_cmp(t->op, T, 2, c->pct_target, b, sizeof b));
        } else {
            chiso_buf_printf(&c->reason, _("%s to date, against the target %s"), fmt_iv(v, 2, c->pct_target, a, sizeof a),
                             fmt_cmp(t->op, T, 2, c->pct_target, b, sizeof b));
        }
        return;
    }
    if (t->basis != CHISO_BASIS_END && (row->flags & CHISO_NORM_PARTIAL) && row->term_years > 0) {
        /* a mean over the years reported is no verdict on the mean over the term: the years missing could
         * be anything (counts of a year are not bounded by the others) */
        char d[64], e[64], f[64];
        r->verdict = CHISO_VERDICT_INDETERMINATE;
        chiso_buf_printf(&c->reason,
                         _("the figures cover only %s of the term's %s years (%s%%): their mean, %s, does not "
                           "decide the target %s for the whole term"),
                         fmt_num(row->coverage_years, 1, a, sizeof a), fmt_num(row->term_years, 1, b, sizeof b),
                         fmt_num(100 * row->coverage_years / row->term_years, 0, d, sizeof d),
                         fmt_iv(v, 2, c->pct_target, e, sizeof e), fmt_cmp(t->op, T, 2, c->pct_target, f, sizeof f));
        return;
    }
    r->verdict = verdict_of(tr);
    if (tr == CHISO_UNKNOWN)
        chiso_buf_printf(&c->reason, _("the reported figure, %s, straddles the target %s"),
                         fmt_iv(v, 2, c->pct_target, a, sizeof a), fmt_cmp(t->op, T, 2, c->pct_target, b, sizeof b));
    else
        chiso_buf_printf(&c->reason, tr == CHISO_TRUE ? _("%s meets the target %s") : _("%s does not meet the target %s"),
                         fmt_iv(v, 2, c->pct_target, a, sizeof a), fmt_cmp(t->op, T, 2, c->pct_target, b, sizeof b));
    if (t->has_period) {
        char sp[64];
        chiso_buf_printf(&c->reason, _(" in %s"), span_words(t, sp, sizeof sp));
    }
}

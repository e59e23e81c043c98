/*
 * analysis/attain.c — were the congress targets met, and in a running term, will they be?
 *
 * Verdicts follow docs/methods.md §1: every figure is an interval and a target is MET
 * when the whole interval meets it, NOT_MET when none of it does, INDETERMINATE otherwise; conditions
 * over several years combine with Kleene logic and a year without a figure gives NO_DATA, never MET.
 * A term still running gets a projection (§2): the count to date plus the count the rest of the term
 * will bring by the predictive model of predict.c (the unit's own history and the figures to date), and
 * a status from the probability of meeting the target.
 *
 * This file judges every target of a dataset and holds the result; the parts of the judgement are in
 * files of their own, listed in attain_int.h.
 */
#include "analysis/attain_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* An interval in a reason's words: "5.100", "từ 4.590 đến 5.100", "trên 4.000", "từ 4.000 trở lên"
 * (never a bracket, docs/style-vi.md §2). */
static void iv_words(chiso_buf *b, chiso_interval iv, int dec)
{
    char x[64], y[64];
    if (chiso_interval_is_point(iv))
        chiso_buf_puts(b, fmt_num(iv.lo, dec, x, sizeof x));
    else if (isinf(iv.hi))
        chiso_buf_printf(b, iv.lo_open ? _("over %s") : _("%s or more"), fmt_num(iv.lo, dec, x, sizeof x));
    else
        chiso_buf_printf(b, _("from %s to %s"), fmt_num(iv.lo, dec, x, sizeof x), fmt_num(iv.hi, dec, y, sizeof y));
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
        (void)fmt_oom_take(); /* this row's words start afresh */
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
                /* the reason names the day of that membership and what is known of it:
                 * "6,6% số đảng viên ngày 31/12/2016 (từ 4.590 đến 5.100) là từ 303 đến 337; …" */
                char dd[16];
                chiso_buf pv, mv, tv;
                chiso_buf_init(&pv);
                chiso_buf_init(&mv);
                chiso_buf_init(&tv);
                iv_words(&pv, t->value, 2);
                iv_words(&mv, M0, 0);
                iv_words(&tv, r->target_value, 0);
                chiso_buf_printf(&c.reason, _("%s%% of the members on %s (%s) is %s; "), pv.data ? pv.data : "",
                                 chiso_date_words(bday, dd, sizeof dd), mv.data ? mv.data : "", tv.data ? tv.data : "");
                c.reason.oom |= pv.oom || mv.oom || tv.oom;
                chiso_buf_free(&pv);
                chiso_buf_free(&mv);
                chiso_buf_free(&tv);
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
        if (fmt_oom_take())
            c.reason.oom = 1; /* a figure of the reason could not be written */
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

/*
 * report/report_targets.c — the congress targets as judged (chiso_analysis_attain), what the reports
 * themselves say of them (verdicts.csv), and candidate targets for the next term (chiso_analysis_plan).
 */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- attainment -------------------------------------------------------------------------------- */

chiso_status attain_section(rctx *c)
{
    const chiso_dataset *ds = c->ds;
    size_t n = chiso_attainment_count(c->att);
    char day[16];
    doc_text(&c->d, B_H2, "%s", _("Congress targets"));
    if (n == 0) {
        doc_text(&c->d, B_P, "%s", _("The dataset has no targets."));
        return CHISO_OK;
    }
    int illus = 0;
    const char *illus_file = NULL;
    for (size_t i = 0; i < n; i++)
        if (chiso_attainment_get(c->att, i)->target->illustrative) {
            illus = 1;
            illus_file = rp_target_file_words(ds, chiso_attainment_get(c->att, i)->target->file);
        }
    doc_text(&c->d, B_P, _("Judged as of %s. A target is met when the whole interval of the reported figure meets it, "
                           "not met when none of it does, and indeterminate otherwise; a year without a figure has "
                           "no figures yet, never met. For a term still running, the status says whether the target is "
                           "likely to be met, from the unit's own earlier terms and the figures to date."),
             report_date(chiso_attainment_as_of(c->att), day, sizeof day));
    if (illus)
        doc_text(&c->d, B_NOTE,
                 _("Targets marked (illustrative) are not from the sources: they are examples that show how chiso "
                   "judges targets (written in %s of the dataset)."),
                 illus_file);
    enum { A_WHO, A_IND, A_TARGET, A_ACT, A_ACT_LO, A_ACT_HI, A_STATUS, A_PROB, A_REASON, A_SRC, A_NCOLS };
    const char *hdr[A_NCOLS] = {[A_WHO] = _("unit · term"),
                                [A_IND] = _("indicator"),
                                [A_TARGET] = _("target"),
                                [A_ACT] = _("actual"),
                                [A_ACT_LO] = _("actual: lower bound"),
                                [A_ACT_HI] = _("actual: upper bound"),
                                [A_STATUS] = _("assessment"),
                                [A_PROB] = _("P(met)"),
                                [A_REASON] = _("reason"),
                                [A_SRC] = _("source of the figures")};
    chiso_table *t = chiso_table_new(A_NCOLS, hdr);
    if (!t)
        return CHISO_ENOMEM;
    chiso_table_set_role(t, A_ACT, CHISO_COL_DATA_NUMERIC);
    chiso_table_set_role(t, A_ACT_LO, CHISO_COL_DATA);
    chiso_table_set_role(t, A_ACT_HI, CHISO_COL_DATA);
    chiso_table_set_align(t, A_ACT, CHISO_ALIGN_RIGHT);
    chiso_table_set_align(t, A_PROB, CHISO_ALIGN_RIGHT);
    chiso_status st = CHISO_OK;
    for (size_t i = 0; i < n && st == CHISO_OK; i++) {
        const chiso_attain_row *r = chiso_attainment_get(c->att, i);
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)r->target->indicator_index, &I);
        int pct = I.measure == CHISO_MEASURE_SHARE || r->target->relative_to_members;
        char *who = who_str(ds, r->unit, r->term_label);
        chiso_buf ind, target, src, reason;
        chiso_buf_init(&ind);
        chiso_buf_init(&target);
        chiso_buf_init(&src);
        chiso_buf_init(&reason);
        chiso_buf_puts(&ind, chiso_indicator_name(&I, c->lang));
        if (r->target->rating)
            chiso_buf_printf(&ind, " — %s", r->target->rating);
        /* the target as the resolution writes it: "≥ 1.000 cả nhiệm kỳ", "từ 60% đến 70% mỗi năm" */
        if (r->op == CHISO_CMP_BETWEEN) {
            rp_interval(&target, r->target->value, 2, pct);
        } else {
            char *tv = rp_interval_str(r->target->value, 2, pct);
            chiso_buf_printf(&target, "%s %s", chiso_cmp_symbol(r->op), tv ? tv : "");
            free(tv);
        }
        char base[256]; /* "số đảng viên đầu nhiệm kỳ": a short phrase of the analysis */
        chiso_buf_puts(&target, chiso_target_base_words(r->target, base, sizeof base));
        chiso_buf_puts(&target, " ");
        rp_target_when(&target, r->target, r->basis);
        if (r->target->illustrative)
            chiso_buf_puts(&target, _(" (illustrative)"));
        char *actual = r->has_actual ? rp_interval_str(r->actual, pct ? 2 : 0, pct) : chiso_strdup("–");
        char prob[32] = "";
        if (r->has_probability)
            chiso_format_number(r->probability, 2, c->lang, prob, sizeof prob);
        /* the figures' sources, and the target's own (a file of the dataset, named within it) */
        if (r->sources[0]) {
            rp_locator(&src, r->sources);
            chiso_buf_puts(&src, "; ");
        }
        rp_target_place(&src, ds, r->target->file, r->target->line);
        if (r->target->source && !r->target->illustrative) {
            chiso_buf_puts(&src, " — ");
            chiso_buf_puts(&src, r->target->source);
            if (r->target->locator) {
                chiso_buf_puts(&src, " ");
                rp_locator(&src, r->target->locator);
            }
        }
        rp_locator(&reason, r->reason);
        const char *cells[A_NCOLS] = {[A_WHO] = who,          [A_IND] = ind.data,      [A_TARGET] = target.data,
                                      [A_ACT] = actual,       [A_STATUS] = rp_status_words(rp_status(r)),
                                      [A_PROB] = prob,        [A_REASON] = reason.data, [A_SRC] = src.data};
        if (!who || !actual || chiso_table_add_row(t, cells) != CHISO_OK) {
            st = CHISO_ENOMEM;
        } else {
            size_t row = chiso_table_rows(t) - 1;
            if (r->has_actual)
                iv_numbers(t, row, A_ACT, r->actual, pct ? 2 : 0, pct);
            if (r->has_probability)
                chiso_table_set_number(t, row, A_PROB, r->probability, 2, 0);
        }
        free(who);
        free(actual);
        chiso_buf_free(&ind);
        chiso_buf_free(&target);
        chiso_buf_free(&src);
        chiso_buf_free(&reason);
    }
    if (st != CHISO_OK) {
        chiso_table_free(t);
        return st;
    }
    st = emit_long_table(c, "targets", _("Congress targets"), t, c->many ? 40 : (size_t)-1);
    if (st != CHISO_OK)
        return st;
    /* a bullet chart of the targets of the first unit */
    chiso_chart_opts co;
    chiso_chart_opts_default(&co);
    co.kind = CHISO_CHART_ATTAIN;
    co.illustrative = 1;
    add_chart(c, "targets", _("Congress targets"), &co);
    return CHISO_OK;
}

chiso_status verdicts_section(rctx *c)
{
    const chiso_dataset *ds = c->ds;
    size_t n = chiso_dataset_n_verdicts(ds);
    if (n == 0)
        return CHISO_OK;
    doc_text(&c->d, B_H3, "%s", _("What the reports themselves say"));
    const char *hdr[] = {_("unit · term"), _("indicator"), _("the report says"), _("ratio"), _("quote"), _("source")};
    chiso_table *t = chiso_table_new(CHISO_ARRAY_LEN(hdr), hdr);
    if (!t)
        return CHISO_ENOMEM;
    chiso_table_set_align(t, 3, CHISO_ALIGN_RIGHT);
    for (size_t i = 0; i < n; i++) {
        chiso_verdict_info v;
        chiso_dataset_verdict(ds, i, &v);
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)v.term_index, &T);
        char ratio[48] = "";
        char *who = who_str(ds, v.unit, T.label);
        chiso_buf src;
        chiso_buf_init(&src);
        chiso_buf_printf(&src, "%s ", v.source ? v.source : rp_dataset_file(ds, v.file));
        rp_locator(&src, v.locator ? v.locator : "");
        if (v.has_ratio) {
            chiso_format_number_trim(v.ratio.point, 2, c->lang, ratio, sizeof ratio - 2);
            strcat(ratio, "%");
        }
        const char *cells[] = {who, ind_label(ds, v.indicator_index), v.raw_verdict, ratio, v.quote ? v.quote : "",
                               src.data};
        chiso_status st = who ? chiso_table_add_row(t, cells) : CHISO_ENOMEM;
        free(who);
        chiso_buf_free(&src);
        if (st != CHISO_OK) {
            chiso_table_free(t);
            return CHISO_ENOMEM;
        }
        if (v.has_ratio)
            chiso_table_set_number(t, chiso_table_rows(t) - 1, 3, v.ratio.point, 2, 1);
    }
    return emit_table(c, "reported-verdicts", _("What the reports themselves say"), t);
}

/* ---- the next term ------------------------------------------------------------------------------- */

/* Candidate targets for the next term of the unit the report is about (chiso plan; report/plan.c). */
chiso_status plan_section(rctx *c, const char *unit)
{
    chiso_plan_opts po;
    chiso_plan_opts_default(&po);
    po.unit = unit;
    chiso_plan *p = NULL;
    chiso_error e;
    chiso_status st = chiso_analysis_plan(c->ds, c->norm, &po, &p, &e);
    if (st == CHISO_ENOMEM)
        return st;
    if (st != CHISO_OK || chiso_plan_count(p) == 0) { /* no terms, or no history: no section */
        chiso_plan_free(p);
        return CHISO_OK;
    }
    char *period = chiso_plan_period_text(p);
    doc_text(&c->d, B_H2, "%s", _("Planning the next term"));
    doc_text(&c->d, B_P,
             _("For the next term, %s: the likely value of each indicator with enough history, and candidate targets "
               "with the probability of reaching each if the coming term is like the earlier ones. Counts are totals "
               "over the term from a gamma–Poisson (negative binomial) model learnt from the unit's earlier terms; "
               "shares are one year's share from a beta fitted to the earlier terms' values (docs/methods.md)."),
             period ? period : "");
    free(period);
    chiso_table *t = chiso_plan_table(c->ds, p, 1);
    chiso_plan_free(p);
    if (!t)
        return CHISO_ENOMEM;
    return emit_table(c, "plan", _("Planning the next term"), t);
}

/*
 * # Mid-term attainment of the 2020–2025 targets
 *
 * At the end of 2023 a committee preparing its next congress asks: will the targets of the current
 * resolution be met? The sources give few numeric targets, so this notebook uses the dataset's
 * ILLUSTRATIVE targets (datasets/haiphong/illustrative-targets.csv — not from the sources), judged as
 * of 31 December 2023. For a count, the rest of the term follows the predictive model of
 * docs/methods.md: a gamma–Poisson learnt from the unit's own earlier terms, updated by the figures to
 * date.
 */
#include "nb_common.h"

int main(int argc, char **argv)
{
    const char *out = nb_outdir(argc, argv);
    chiso_dataset *ds;
    chiso_normalized *n;
    int32_t as_of = chiso_days_from_civil(2023, 12, 31);
    nb_open(&ds, &n, 1, as_of);

    chiso_attain_opts ao;
    chiso_attain_opts_default(&ao);
    ao.has_as_of = 1;
    ao.as_of = as_of;
    ao.term = "VI";
    ao.illustrative = 1;
    chiso_attainment *a;
    chiso_error err;
    if (chiso_analysis_attain(ds, n, &ao, &a, &err) != CHISO_OK) {
        fprintf(stderr, "attain: %s\n", err.msg);
        return 2;
    }
    printf("# Mid-term attainment of the 2020–2025 targets (illustrative), as of 2023-12-31\n\n");
    printf("| indicator | target | to date | status | P(met) | reason |\n|---|---|---:|---|---:|---|\n");
    const chiso_attain_row *adm = NULL;
    for (size_t i = 0; i < chiso_attainment_count(a); i++) {
        const chiso_attain_row *r = chiso_attainment_get(a, i);
        char actual[64] = "–", prob[32] = "";
        if (r->has_actual)
            chiso_format_interval(r->actual, 1, 0, CHISO_LANG_EN, actual, sizeof actual);
        if (r->has_probability)
            snprintf(prob, sizeof prob, "%.3f", r->probability);
        printf("| %s | %s %s (%s) | %s | %s | %s | %s |\n", r->indicator, chiso_cmp_symbol(r->op),
               r->target->raw_value, chiso_basis_name(r->basis), actual,
               chiso_progress_name(r->status) ? chiso_progress_name(r->status) : "", prob, r->reason);
        if (strcmp(r->indicator, "admitted") == 0 && r->basis == CHISO_BASIS_TOTAL)
            adm = r;
    }
    if (!adm) {
        fprintf(stderr, "the admissions target is missing\n");
        return 1;
    }

    /*
     * ## The admissions target, by hand
     *
     * 641 admitted from 3/8/2020 to 31/12/2023: e = 1246/365.25 = 3.411 years, L = term length. At the
     * same pace the rest of the term, L − e years, brings λ = 641/e · (L − e) more, 359 are needed, and
     * a Poisson count at that pace gives P(met) of about half a per cent. But the pace is not known
     * that well: the earlier terms ran at 68 (the interim term), 147, 158, 250, 249 and 254 a year. The
     * model learns that spread from them (the periods below, typed from datasets/haiphong) and mixes
     * the rest of the term over the rate it allows.
     */
    chiso_term_info T;
    chiso_dataset_term(ds, (size_t)chiso_dataset_find_term(ds, chiso_dataset_find_unit(ds, "dbk-hp"), "VI"), &T);
    double e = 1246.0 / 365.25, L = T.years, lambda = 641.0 / e * (L - e);
    nb_check("pro-rata target to date", adm->pro_rata_target, 1000 * e / L, 1e-9);
    double z = (359 - 0.5 - lambda) / sqrt(lambda);
    double p_poisson = 0.5 * erfc(z / sqrt(2.0));
    chiso_pred_period hist[] = {
        {136, chiso_span_years(chiso_days_from_civil(1994, 1, 1), chiso_days_from_civil(1995, 12, 31)), 0},
        {712, chiso_span_years(chiso_days_from_civil(1996, 2, 9), chiso_days_from_civil(2000, 12, 10)), 1},
        {772, chiso_span_years(chiso_days_from_civil(2000, 12, 10), chiso_days_from_civil(2005, 10, 27)), 2},
        {1209, chiso_span_years(chiso_days_from_civil(2005, 10, 27), chiso_days_from_civil(2010, 8, 25)), 3},
        {1247, chiso_span_years(chiso_days_from_civil(2010, 8, 25), chiso_days_from_civil(2015, 8, 23)), 4},
        {854, chiso_span_years(chiso_days_from_civil(2015, 8, 23), chiso_days_from_civil(2018, 12, 31)), 5}};
    chiso_pred_model m;
    nb_check("the model fits the history", chiso_predict_fit(hist, 6, NULL, &m, &err) == CHISO_OK, 1, 0);
    nb_check("the model takes the figures to date", chiso_predict_update(&m, 641, e, &err) == CHISO_OK, 1, 0);
    double p_model = chiso_predict_prob_total(&m, 641, L - e, CHISO_CMP_GE, 1000, 1000);
    printf("\nAt the same pace λ = %.1f more admissions are expected and 359 are needed: Poisson at that pace "
           "says P(met) = %.4f. The unit's own history (rate %.0f a year, terms spread by %.0f%%, dispersion "
           "%.1f within a term) says P(met) = %.3f; chiso reports %.3f.\n",
           lambda, p_poisson, m.mean_rate, 100 / sqrt(m.shape), m.dispersion, p_model, adm->probability);
    nb_check("P(met) is the model's from the history typed here", adm->probability, p_model, 1e-6);
    nb_check("projected end-of-term admissions", adm->proj_value, 641 + chiso_predict_rest_mean(&m, L - e), 1e-9);
    nb_check("status is AT_RISK", adm->status == CHISO_PROGRESS_AT_RISK, 1, 0);

    chiso_chart_opts co;
    chiso_chart_opts_default(&co);
    co.kind = CHISO_CHART_ATTAIN;
    co.unit = "dbk-hp";
    co.lang = CHISO_LANG_EN;
    co.has_as_of = 1;
    co.as_of = as_of;
    co.illustrative = 1;
    nb_chart(ds, n, &co, out, "03_targets.png", "Illustrative targets of term VI as of 2023-12-31");

    chiso_attainment_free(a);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    return nb_failures ? 1 : 0;
}

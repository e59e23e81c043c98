/*
 * # The recruitment trend, 1994–2023
 *
 * Is recruitment into the bloc's party organisations rising? With one figure per congress term there
 * are only seven points, so the question is as much about what seven points can show as about the
 * answer. This notebook fits the admissions per year of each term (notebook 01 explains why per year)
 * against the middle of the term, and runs the Mann–Kendall test, whose exact distribution is used
 * for n ≤ 10, and Sen's slope.
 */
#include "nb_common.h"

int main(int argc, char **argv)
{
    const char *out = nb_outdir(argc, argv);
    chiso_dataset *ds;
    chiso_normalized *n;
    nb_open(&ds, &n, 0, 0);

    const char *inds[] = {"admitted", NULL};
    chiso_select sel = {"dbk-hp", inds, NULL, 0};
    chiso_trend_result *res;
    chiso_error err;
    if (chiso_analysis_trend(ds, n, &sel, CHISO_BY_TERM, &res, &err) != CHISO_OK) {
        fprintf(stderr, "trend: %s\n", err.msg);
        return 2;
    }
    const chiso_trend *t = chiso_trend_result_get(res);
    printf("# The recruitment trend, 1994–2023\n\n| term | middle of the term | admitted a year |\n|---|---:|---:|\n");
    for (size_t i = 0; i < t->n; i++)
        printf("| %s | %.2f | %.1f |\n", t->points[i].label, t->points[i].x, t->points[i].y_point);
    printf("\nOLS: %.2f a year (95%% CI %.2f to %.2f, p = %.3f). Mann–Kendall: S = %.0f, exact p = %.4f. "
           "Sen's slope %.2f a year.\n\n%s\n",
           t->ols.slope, t->ols.ci95_lo, t->ols.ci95_hi, t->ols.p, t->mk.s, t->mk.p, t->sen.slope, t->message);

    /*
     * ## Checking by hand
     *
     * S counts, over the 21 pairs of terms, +1 when the later term is higher and −1 when lower. The per
     * year values are 68, 147.2, 158.1, 250.3, 249.6, 254.2, 187.9: the pairs that fall are (III, IV),
     * (III, VI), (IV, VI) and (V, VI) — 4 of 21 — so S = 17 − 4 = 13. We count it again here from the
     * points, independently of the library's routine, and also compute the OLS slope from its formula
     * Σ(x − x̄)(y − ȳ) / Σ(x − x̄)².
     */
    int s = 0;
    for (size_t i = 0; i < t->n; i++)
        for (size_t j = i + 1; j < t->n; j++)
            s += (t->points[j].y_point > t->points[i].y_point) - (t->points[j].y_point < t->points[i].y_point);
    double xb = 0, yb = 0, sxy = 0, sxx = 0;
    for (size_t i = 0; i < t->n; i++) {
        xb += t->points[i].x / (double)t->n;
        yb += t->points[i].y_point / (double)t->n;
    }
    for (size_t i = 0; i < t->n; i++) {
        sxy += (t->points[i].x - xb) * (t->points[i].y_point - yb);
        sxx += (t->points[i].x - xb) * (t->points[i].x - xb);
    }
    nb_check("n terms", (double)t->n, 7, 0);
    nb_check("Mann-Kendall S by hand", t->mk.s, s, 0);
    nb_check("S", t->mk.s, 13, 0);
    nb_check("OLS slope by the formula", t->ols.slope, sxy / sxx, 1e-9);
    nb_check("exact p is used (n <= 10)", t->mk.exact, 1, 0);
    /* Var(S) without ties: n(n − 1)(2n + 5)/18 = 7·6·19/18 = 44.333… */
    nb_check("Var(S)", t->mk.var_s, 7.0 * 6 * 19 / 18, 1e-12);

    printf("\nWith seven terms, a rise over the first four terms and a fall in the last one leave the trend "
           "short of significance at 5%%: the data cannot show a trend either way, which is not the same as "
           "showing that there is none.\n");

    chiso_chart_opts co;
    chiso_chart_opts_default(&co);
    co.kind = CHISO_CHART_TREND;
    co.unit = "dbk-hp";
    co.indicators = inds;
    co.lang = CHISO_LANG_EN;
    nb_chart(ds, n, &co, out, "02_admitted_trend.png", "Admissions a year by term, with the fitted line");

    chiso_trend_result_free(res);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    return nb_failures ? 1 : 0;
}

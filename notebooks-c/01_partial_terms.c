/*
 * # Why partial terms must be normalised
 *
 * The history of the Đảng bộ Khối các cơ quan thành phố Hải Phòng gives the members admitted (kết nạp)
 * in every congress term — but not always for the whole term. Term V (2015–2020) is reported "from the
 * start of the term to the end of 2018" (854 admitted), and term VI (2020–2025) for "2020–2023" (641).
 * Put side by side as they stand, the totals say that recruitment collapsed:
 *
 *     1.247 (term IV, whole term)  →  854 (term V)  →  641 (term VI)
 *
 * That comparison is wrong: the last two cover about 3.4 years of 5. This notebook shows what
 * `chiso normalize` does about it — the years each figure covers, the annual rate, and the total at the
 * same pace — and checks the numbers by hand.
 */
#include "nb_common.h"

int main(int argc, char **argv)
{
    const char *out = nb_outdir(argc, argv);
    chiso_dataset *ds;
    chiso_normalized *n;
    nb_open(&ds, &n, 0, 0);

    long unit = chiso_dataset_find_unit(ds, "dbk-hp");
    long ind = chiso_dataset_find_indicator(ds, "admitted");
    long terms[16];
    size_t nt = chiso_dataset_unit_terms(ds, unit, terms, 16);

    printf("# Why partial terms must be normalised\n\n");
    printf("| term | reported total | years covered | term length | per year | whole term at that pace |\n");
    printf("|---|---:|---:|---:|---:|---:|\n");
    double totals[16] = {0}, cover[16] = {0}, annual[16] = {0};
    for (size_t k = 0; k < nt; k++) {
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)terms[k], &T);
        const chiso_norm_row *r = chiso_normalized_find(n, unit, terms[k], ind, CHISO_BASIS_TOTAL, 0);
        if (!r)
            continue;
        totals[k] = r->point;
        cover[k] = r->coverage_years;
        annual[k] = r->annual.lo;
        printf("| %s | %.0f | %.3f | %.3f | %.1f | %s |\n", T.label, r->point, r->coverage_years, r->term_years,
               r->annual.lo, r->has_projected ? "" : "—");
        if (r->has_projected)
            printf("<!-- projected %s: %.1f -->\n", T.code, r->projected.lo);
    }

    /*
     * ## Checking by hand
     *
     * Term V is covered from its congress, 23/8/2015, to 31/12/2018: 1 227 days counting both ends, so
     * 1227 / 365.25 = 3.359343 years, and 854 / 3.359343 = 254.216 admitted a year. The term runs from
     * 23/8/2015 to 3/8/2020: 1 808 days = 4.950034 years, so at the same pace it would have admitted
     * 254.216 × 4.950034 = 1 258.4 — more than term IV's 1 247, not fewer.
     *
     * Term VI: 3/8/2020 to 31/12/2023 is 1 246 days = 3.411362 years; 641 / 3.411362 = 187.90 a year.
     */
    nb_check("admitted, term lt", totals[0], 136, 0);
    nb_check("admitted, term I", totals[1], 712, 0);
    nb_check("admitted, term II", totals[2], 772, 0);
    nb_check("admitted, term III", totals[3], 1209, 0);
    nb_check("admitted, term IV", totals[4], 1247, 0);
    nb_check("admitted, term V (to 2018)", totals[5], 854, 0);
    nb_check("admitted, term VI (2020-2023)", totals[6], 641, 0);
    nb_check("term V years covered", cover[5], 1227.0 / 365.25, 1e-12);
    nb_check("term V per year", annual[5], 854.0 / (1227.0 / 365.25), 1e-12);
    nb_check("term VI years covered", cover[6], 1246.0 / 365.25, 1e-12);
    nb_check("term VI per year", annual[6], 641.0 / (1246.0 / 365.25), 1e-12);
    const chiso_norm_row *v = chiso_normalized_find(n, unit, terms[5], ind, CHISO_BASIS_TOTAL, 0);
    nb_check("term V at the same pace", v->projected.lo, 854.0 / (1227.0 / 365.25) * (1808.0 / 365.25), 1e-12);
    nb_check("term V is flagged partial", (v->flags & CHISO_NORM_PARTIAL) != 0, 1, 0);

    printf("\nPer year, term V (%.1f) is slightly *above* term IV (%.1f); term VI (%.1f) is lower, but it "
           "is a different comparison from 641 against 1 247.\n", annual[5], annual[4], annual[6]);

    chiso_chart_opts co;
    chiso_chart_opts_default(&co);
    co.kind = CHISO_CHART_COMPARE;
    co.unit = "dbk-hp";
    const char *inds[] = {"admitted", NULL};
    co.indicators = inds;
    co.lang = CHISO_LANG_EN;
    co.per = CHISO_PER_TERM;
    nb_chart(ds, n, &co, out, "01_admitted_per_term.png", "Admissions per term: reported part and the rest at the same pace");

    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    return nb_failures ? 1 : 0;
}

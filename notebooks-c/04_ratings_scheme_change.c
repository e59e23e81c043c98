/*
 * # Comparing ratings across the 2018 scheme change
 *
 * Until 2017 a base party organisation could be rated "trong sạch vững mạnh" (TSVM); from 2018
 * (Quy định 132-QĐ/TW) the top level is "hoàn thành xuất sắc nhiệm vụ", and it is capped in practice:
 * TSVM went to roughly 60–90% of organisations, the new top level to about 20–25%. A share of "level 4"
 * before and after 2018 is therefore not the same thing. chiso keeps each figure's own label and scheme,
 * maps it onto one 4-level scale (datasets/registry/rating-schemes.csv), and marks the mappings that are
 * not exact, so that a comparison says what it is comparing.
 */
#include "nb_common.h"

int main(int argc, char **argv)
{
    const char *out = nb_outdir(argc, argv);
    chiso_dataset *ds;
    chiso_normalized *n;
    nb_open(&ds, &n, 0, 0);
    long unit = chiso_dataset_find_unit(ds, "dbk-hp");
    long ind = chiso_dataset_find_indicator(ds, "org_rating_share");

    printf("# Comparing ratings across the 2018 scheme change\n\n");
    printf("| term | label as written | scheme | level | share | crosswalk exact? |\n|---|---|---|---:|---:|---|\n");
    int rows = 0, marked = 0;
    double v_lo[8] = {0};
    for (size_t i = 0; i < chiso_normalized_count(n); i++) {
        const chiso_norm_row *r = chiso_normalized_get(n, i);
        if (r->unit_index != unit || r->indicator_index != ind || r->level != 4)
            continue;
        char v[64];
        chiso_format_interval(r->value, 1, 1, CHISO_LANG_EN, v, sizeof v);
        printf("| %s | %s | %s | ≥ %d | %s | %s |\n", r->term, r->rating ? r->rating : "", r->scheme ? r->scheme : "",
               r->level, v, (r->flags & CHISO_NORM_XWALK) ? "no — see the registry's notes" : "yes");
        if (rows < 8)
            v_lo[rows] = r->value.lo;
        rows++;
        marked += (r->flags & CHISO_NORM_XWALK) != 0;
    }

    /*
     * ## What the crosswalk says
     *
     * The label "trong sạch vững mạnh" is level 4 in every scheme from the 1990s to 2017. Reported for term
     * V (2015–2020) it still reads as level 4 of the 2018 scheme, where the registry notes that the old
     * words are not the new top level: chiso marks the figure. The lookup below is the one the reader uses.
     */
    int level, aoa, inexact;
    const char *scheme;
    int found = chiso_crosswalk_lookup(ds, "trong sạch, vững mạnh", 0, NULL, 2016, &level, &aoa, &scheme, &inexact, NULL);
    nb_check("TSVM rated in 2016 is found", found != 0, 1, 0);
    nb_check("TSVM is level 4", level, 4, 0);
    printf("\n'trong sạch, vững mạnh' rated in 2016: scheme %s, level %d.\n", scheme, level);
    found = chiso_crosswalk_lookup(ds, "HTTNV trở lên", 1, NULL, 2019, &level, &aoa, &scheme, &inexact, NULL);
    nb_check("members 'HTTNV trở lên' in 2019 is level 3 or better", level == 3 && aoa == 1, 1, 0);
    nb_check("rows of the top level across terms", rows, 4, 0);
    nb_check("term I: over 60%", v_lo[0], 60, 1e-12);
    nb_check("term III: 76% on average", v_lo[1], 76, 1e-12);
    nb_check("every pre-2018 label is marked as an inexact crosswalk", marked, 4, 0);

    printf("\nThe share of organisations at the top level cannot be read as a trend across 2018: before, it is the "
           "share of TSVM; after, the share of 'hoàn thành xuất sắc'. The comparison that survives the change is "
           "'level 3 or better' (hoàn thành tốt nhiệm vụ trở lên), which the registry maps exactly.\n");

    chiso_chart_opts co;
    chiso_chart_opts_default(&co);
    co.kind = CHISO_CHART_RATINGS;
    co.unit = "dbk-hp";
    co.lang = CHISO_LANG_EN;
    nb_chart(ds, n, &co, out, "04_ratings.png", "Ratings of base organisations per term after the crosswalk");

    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    return nb_failures ? 1 : 0;
}

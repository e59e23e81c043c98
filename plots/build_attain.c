/* plots/build_attain.c — one row per target (a bullet chart): the actual figure (a bar, or a faded range
 * with a whisker when inexact), the target marker, for a running term the pro-rata target and the
 * projected end-of-term range (80% and 95%), and the verdict or status in words and colour. Each row has
 * its own scale (panel), since targets are counts, shares and totals of different sizes. */
#include "plots/plots_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int verdict_color(const chiso_attain_row *r)
{
    if (r->running && r->status != CHISO_PROGRESS_NONE && r->verdict != CHISO_VERDICT_MET &&
        r->verdict != CHISO_VERDICT_NOT_MET) {
        switch (r->status) {
        case CHISO_PROGRESS_ACHIEVED:
        case CHISO_PROGRESS_ON_TRACK: return PL_GREEN;
        case CHISO_PROGRESS_AT_RISK: return PL_ORANGE;
        case CHISO_PROGRESS_OFF_TRACK: return PL_VERMILLION;
        default: return PL_GREY;
        }
    }
    switch (r->verdict) {
    case CHISO_VERDICT_MET: return PL_GREEN;
    case CHISO_VERDICT_NOT_MET: return PL_VERMILLION;
    case CHISO_VERDICT_INDETERMINATE: return PL_DARKGREY;
    default: return PL_GREY;
    }
}

static const char *verdict_text(chiso_scene *s, const chiso_attain_row *r)
{
    const char *words;
    if (r->running && r->status != CHISO_PROGRESS_NONE && r->verdict != CHISO_VERDICT_MET &&
        r->verdict != CHISO_VERDICT_NOT_MET)
        words = pl_progress_words(s->lang, r->status);
    else if (r->verdict != CHISO_VERDICT_NONE)
        words = pl_verdict_words(s->lang, r->verdict);
    else
        words = pl_progress_words(s->lang, r->status);
    if (r->has_probability && isfinite(r->probability)) {
        char p[32];
        chiso_format_number(r->probability, 2, s->lang, p, sizeof p);
        words = pl_printf(&s->arena, "%s\n%s", words, pl_printf(&s->arena, pl_tr(s->lang, N_("P(met) %s")), p));
    }
    if (r->disagrees)
        words = pl_printf(&s->arena, "%s\n%s", words, pl_tr(s->lang, N_("the report says otherwise")));
    return words;
}

static const char *basis_words(chiso_lang lang, chiso_basis b)
{
    switch (b) {
    case CHISO_BASIS_TOTAL: return pl_tr(lang, N_("term total"));
    case CHISO_BASIS_ANNUAL_MEAN: return pl_tr(lang, N_("yearly mean"));
    case CHISO_BASIS_EACH_YEAR: return pl_tr(lang, N_("each year"));
    case CHISO_BASIS_END: return pl_tr(lang, N_("at the end of the term"));
    default: return NULL;
    }
}

/* A target's period as a label: "2024", "2021–2023", or its days. */
static const char *period_words(chiso_scene *s, const chiso_target_info *T)
{
    int y0, m0, d0, y1, m1, d1;
    chiso_civil_from_days(T->period_start.day, &y0, &m0, &d0);
    chiso_civil_from_days(T->period_end.day, &y1, &m1, &d1);
    if (m0 == 1 && d0 == 1 && m1 == 12 && d1 == 31)
        return y0 == y1 ? pl_printf(&s->arena, "%d", y0) : pl_printf(&s->arena, "%d–%d", y0, y1);
    char a[16], b[16];
    return pl_printf(&s->arena, "%s – %s", chiso_date_format(T->period_start.day, a, sizeof a),
                     chiso_date_format(T->period_end.day, b, sizeof b));
}

static const char *target_words(chiso_scene *s, const chiso_dataset *ds, const chiso_attain_row *r, int pct)
{
    const chiso_target_info *T = r->target;
    long ind = chiso_dataset_find_indicator(ds, r->indicator);
    const char *name = pl_series_name(s, ds, ind, 0, NULL);
    if (T->rating)
        name = pl_printf(&s->arena, "%s — %s", name, T->rating);
    int tpct = pct || T->relative_to_members;
    int dec = pl_decimals_for(T->value.hi, tpct);
    const char *tv;
    if (r->op == CHISO_CMP_BETWEEN) {
        tv = pl_printf(&s->arena, "%s–%s", pl_fmt_num(s, T->value.lo, dec),
                       pl_fmt_value(s, chiso_interval_point(T->value.hi), T->value.hi, dec, tpct));
    } else {
        tv = pl_printf(&s->arena, "%s %s", chiso_cmp_symbol(r->op),
                       pl_fmt_value(s, chiso_interval_point(T->value.lo), T->value.lo, dec, tpct));
    }
    if (T->relative_base == CHISO_REL_YEAR_START)
        tv = pl_printf(&s->arena, pl_tr(s->lang, N_("%s of the members at the start of the year")), tv);
    else if (T->relative_base == CHISO_REL_PREV_YEAR_END)
        tv = pl_printf(&s->arena, pl_tr(s->lang, N_("%s of the members at the end of the year before")), tv);
    else if (T->relative_base == CHISO_REL_DATE) {
        char day[16];
        tv = pl_printf(&s->arena, pl_tr(s->lang, N_("%s of the members on %s")), tv,
                       chiso_date_format(T->relative_day, day, sizeof day));
    } else if (T->relative_to_members)
        tv = pl_printf(&s->arena, pl_tr(s->lang, N_("%s of the members at the start of the term")), tv);
    const char *bw = basis_words(s->lang, r->basis);
    if (T->has_period && r->basis == CHISO_BASIS_TOTAL)
        bw = pl_printf(&s->arena, pl_tr(s->lang, N_("total in %s")), period_words(s, T));
    return bw ? pl_printf(&s->arena, "%s %s (%s)", name, tv, bw) : pl_printf(&s->arena, "%s %s", name, tv);
}

static void add_sources(chiso_scene *s, pl_sources *src, const chiso_attain_row *r)
{
    if (r->target && r->target->source && !strchr(r->target->source, ' '))
        pl_sources_add(s, src, r->target->source);
    /* "000_….txt line 244; 000_….txt lines 17-19": the file is the first word of each part */
    const char *p = r->sources;
    while (p && *p) {
        while (*p == ' ' || *p == ';')
            p++;
        size_t n = strcspn(p, " ;");
        if (n) {
            char *name = pl_alloc(&s->arena, n + 1);
            if (name) {
                memcpy(name, p, n);
                if (strchr(name, '.'))
                    pl_sources_add(s, src, name);
            }
        }
        p += strcspn(p, ";");
    }
}

static void marker(chiso_scene *s, int panel, double x, const char *role, const char *key, const char *text,
                   int color, chiso_prim_style st)
{
    chiso_prim m = {0};
    m.kind = CHISO_PRIM_MARKER;
    m.panel = panel;
    m.horizontal = 1;
    m.color = color;
    m.style = st;
    m.x0 = m.x1 = x;
    m.y0 = -0.42;
    m.y1 = 0.42;
    m.role = role;
    m.key = key;
    m.text = text;
    pl_scene_add(s, &m);
}

chiso_status pl_build_attain(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_chart_opts *o,
                             chiso_scene *s, chiso_error *err)
{
    chiso_unit_info U;
    long unit = pl_unit_of(ds, o, &U, err);
    if (unit < 0)
        return err ? err->code : CHISO_ENOTFOUND;
    chiso_attain_opts ao;
    chiso_attain_opts_default(&ao);
    ao.has_as_of = o->has_as_of;
    ao.as_of = o->as_of;
    ao.illustrative = o->illustrative;
    chiso_attainment *a = NULL;
    pl_sources src = {0};
    chiso_status st = chiso_analysis_attain(ds, norm, &ao, &a, err);
    if (st != CHISO_OK)
        goto done;
    size_t rows = 0;
    unsigned used = 0;
    int any_illustrative = 0;
    for (size_t i = 0; i < chiso_attainment_count(a); i++) {
        const chiso_attain_row *r = chiso_attainment_get(a, i);
        if (strcmp(r->unit, U.code) != 0)
            continue;
        long ind = chiso_dataset_find_indicator(ds, r->indicator);
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)ind, &I);
        int pct = I.measure == CHISO_MEASURE_SHARE;
        int target_known = !r->target->relative_to_members || r->has_target_abs;
        /* the row's scale */
        double top = 0;
        double cand[] = {target_known ? r->target_value.hi : NAN, target_known ? r->target_value.lo : NAN,
                         r->has_actual ? r->actual.hi : NAN, r->has_actual ? r->actual.lo : NAN,
                         r->has_actual ? r->actual_point : NAN, r->has_projection ? r->proj_hi95 : NAN,
                         r->has_to_date ? r->pro_rata_target : NAN};
        for (size_t k = 0; k < CHISO_ARRAY_LEN(cand); k++)
            if (isfinite(cand[k]) && cand[k] > top)
                top = cand[k];
        double xmax = pl_nice_max(top * 1.04);
        if (pct && xmax > 100)
            xmax = 100;
        pl_panel P = {0};
        P.xmin = 0;
        P.xmax = xmax;
        P.ymin = -0.5;
        P.ymax = 0.5;
        P.horizontal = 1;
        P.pct = pct;
        int panel = pl_scene_panel(s, &P);
        if (panel < 0)
            break;
        const char *key = pl_printf(&s->arena, "%zu", i);
        chiso_prim tick = {0};
        tick.kind = CHISO_PRIM_TICK;
        tick.panel = panel;
        tick.horizontal = 1;
        tick.role = "row";
        tick.key = key;
        tick.text = target_words(s, ds, r, pct);
        pl_scene_add(s, &tick);
        const char *note = r->term_label ? r->term_label : r->term;
        if (r->target->illustrative) {
            note = pl_printf(&s->arena, "%s · %s", note, pl_tr(s->lang, N_("illustrative")));
            any_illustrative = 1;
        }
        pl_add_text(s, panel, 0, 0, "row-note", key, note, PL_DARKGREY);
        int dec = pl_decimals_for(r->has_actual ? r->actual_point : top, pct);
        /* the projected range of a running term, behind the rest */
        if (r->has_projection && isfinite(r->proj_lo95) && isfinite(r->proj_hi95)) {
            long b = pl_add_bar(s, panel, CHISO_STYLE_FADED, PL_SKY, fmax(r->proj_lo95, 0), fmin(r->proj_hi95, xmax),
                                -0.36, 0.36, "projected95", key, NULL);
            if (b >= 0)
                s->prims[b].horizontal = 1;
            b = pl_add_bar(s, panel, CHISO_STYLE_SOLID, PL_SKY, fmax(r->proj_lo80, 0), fmin(r->proj_hi80, xmax), -0.36,
                           0.36, "projected80", key, NULL);
            if (b >= 0)
                s->prims[b].horizontal = 1;
            used |= PL_USED_PROJECTED;
        }
        /* the actual figure */
        if (r->has_actual) {
            if (chiso_interval_is_point(r->actual) && isfinite(r->actual_point)) {
                long b = pl_add_bar(s, panel, CHISO_STYLE_SOLID, PL_BLUE, 0, r->actual_point, -0.2, 0.2, "actual", key,
                                    pl_fmt_value(s, r->actual, r->actual_point, dec, pct));
                if (b >= 0)
                    s->prims[b].horizontal = 1;
            } else {
                double lo = isfinite(r->actual.lo) ? r->actual.lo : 0, hi = r->actual.hi;
                unsigned fl = 0;
                if (!isfinite(hi) || hi > xmax) {
                    hi = xmax;
                    fl = CHISO_PRIM_OPEN_HI;
                }
                long b = pl_add_bar(s, panel, CHISO_STYLE_FADED, PL_BLUE, lo, hi, -0.2, 0.2, "actual", key,
                                    pl_fmt_value(s, r->actual, r->actual_point, dec, pct));
                if (b >= 0) {
                    s->prims[b].horizontal = 1;
                    s->prims[b].flags = fl;
                }
                chiso_prim w = {0};
                w.kind = CHISO_PRIM_WHISKER;
                w.panel = panel;
                w.horizontal = 1;
                w.color = PL_BLUE;
                w.x0 = lo;
                w.x1 = hi;
                w.y0 = w.y1 = 0;
                w.role = "interval";
                w.key = key;
                w.flags = fl;
                pl_scene_add(s, &w);
                used |= PL_USED_INEXACT;
            }
        }
        if (r->has_projection && isfinite(r->proj_value))
            marker(s, panel, fmin(r->proj_value, xmax), "projected", key,
                   (r->target->has_period ? pl_printf(&s->arena, pl_tr(s->lang, N_("end of %s ≈ %s")), period_words(s, r->target),
                                               pl_fmt_num(s, r->proj_value, 0))
                          : pl_printf(&s->arena, pl_tr(s->lang, N_("end ≈ %s")), pl_fmt_num(s, r->proj_value, 0))), PL_BLUE,
                   CHISO_STYLE_SOLID);
        if (r->has_to_date && isfinite(r->pro_rata_target) && r->running) {
            marker(s, panel, fmin(r->pro_rata_target, xmax), "pro-rata", key, NULL, PL_DARKGREY, CHISO_STYLE_DASHED);
            used |= PL_USED_PARTIAL;
        }
        if (target_known) {
            int tpct = pct;
            if (r->op == CHISO_CMP_BETWEEN) {
                long b = pl_add_bar(s, panel, CHISO_STYLE_FADED, PL_GREY, r->target_value.lo, r->target_value.hi, -0.42,
                                    0.42, "target-range", key, NULL);
                if (b >= 0)
                    s->prims[b].horizontal = 1;
                marker(s, panel, r->target_value.lo, "target", key, NULL, PL_BLACK, CHISO_STYLE_SOLID);
                marker(s, panel, r->target_value.hi, "target", key, NULL, PL_BLACK, CHISO_STYLE_SOLID);
            } else {
                marker(s, panel, fmin(r->target_value.lo, xmax), "target", key,
                       pl_fmt_value(s, chiso_interval_point(r->target_value.lo), r->target_value.lo,
                                    pl_decimals_for(r->target_value.lo, tpct), tpct),
                       PL_BLACK, CHISO_STYLE_SOLID);
            }
        }
        chiso_prim v = {0};
        v.kind = CHISO_PRIM_TEXT;
        v.panel = panel;
        v.color = verdict_color(r);
        v.role = "verdict";
        v.key = key;
        v.text = verdict_text(s, r);
        v.flags = CHISO_PRIM_BOLD;
        pl_scene_add(s, &v);
        add_sources(s, &src, r);
        rows++;
    }
    if (rows == 0) {
        st = chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                             _("unit '%s' has no targets to draw (targets.csv; --illustrative adds the illustrative ones)"),
                             U.code);
        goto done;
    }
    s->rows_hint = (int)rows;
    pl_add_legend(s, CHISO_PRIM_BAR, CHISO_STYLE_SOLID, PL_BLUE, pl_tr(s->lang, N_("actual")));
    if (used & PL_USED_INEXACT)
        pl_add_legend(s, CHISO_PRIM_WHISKER, CHISO_STYLE_FADED, PL_BLUE, pl_tr(s->lang, N_("actual, a range")));
    pl_add_legend(s, CHISO_PRIM_MARKER, CHISO_STYLE_SOLID, PL_BLACK, pl_tr(s->lang, N_("target")));
    if (used & PL_USED_PARTIAL)
        pl_add_legend(s, CHISO_PRIM_MARKER, CHISO_STYLE_DASHED, PL_DARKGREY, pl_tr(s->lang, N_("target pro rata to date")));
    if (used & PL_USED_PROJECTED)
        pl_add_legend(s, CHISO_PRIM_BAR, CHISO_STYLE_SOLID, PL_SKY,
                      pl_tr(s->lang, N_("end of term expected: 80% (dark) and 95% (light) ranges")));
    s->title = pl_tr(s->lang, N_("Congress targets: met or not"));
    s->subtitle = pl_printf(&s->arena, pl_tr(s->lang, N_("%s · as of %s")), U.name,
                            pl_fmt_date(s, chiso_attainment_as_of(a)));
    if (any_illustrative)
        pl_add_text(s, -1, 0, 0, "caption", NULL,
                    pl_tr(s->lang, N_("Illustrative targets are examples to show the method, not targets a congress "
                                      "adopted.")),
                    PL_BLACK);
    pl_sources_finish(s, &src);
    st = CHISO_OK;
done:
    free(src.names);
    chiso_attainment_free(a);
    return st;
}

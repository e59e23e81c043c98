/* plots/build_ratings.c — 100% stacked bars of the rating levels per term (or year) after the crosswalk.
 *
 * A figure "share at or above level k" is a boundary c_k of the stack (c_5 = 0 at the bottom, c_1 = 100
 * at the top). Known boundaries cut the bar into segments: a segment between c_a and c_b (a > b) holds
 * levels b … a−1; one level is drawn in its colour, several undivided levels hatched in the colour of the
 * best of them, and the inexact part of a boundary ("trên 90%": 90 to 100) faded grey. Nothing is
 * split that the sources do not split. The native labels of the scheme are in the legend when one scheme
 * is shown; a dashed line and a note mark where the scheme changes. */
#include "plots/plots_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct rbar {
    const char *label, *key;
    int known[5];              /* boundary c_k known (k = 2..4) */
    chiso_interval c[5];
    const char *label_k[5];    /* the label as written for level k ("… trở lên" removed), or NULL */
    const char *scheme;
} rbar;

/* The native label of level k in scheme (the registry's first label of that level), or NULL. */
static const char *native_label(const chiso_dataset *ds, const char *scheme, int k)
{
    chiso_rating_info r;
    for (size_t i = 0; scheme && chiso_dataset_rating(ds, i, &r) == CHISO_OK; i++)
        if (r.level == k && !r.at_or_above && strcmp(r.scheme, scheme) == 0)
            return r.label;
    return NULL;
}

/* A short name of the regulation of a scheme ("Quy định 132-QĐ/TW"), or the scheme's code. */
static const char *scheme_name(chiso_scene *s, const chiso_dataset *ds, const char *scheme)
{
    chiso_rating_info r;
    for (size_t i = 0; scheme && chiso_dataset_rating(ds, i, &r) == CHISO_OK; i++) {
        if (strcmp(r.scheme, scheme) != 0)
            continue;
        const char *reg = r.regulation;
        if (!*reg || strncmp(reg, "not ", 4) == 0)
            break;
        size_t n = strcspn(reg, "(;,");
        while (n > 0 && reg[n - 1] == ' ')
            n--;
        char *out = pl_alloc(&s->arena, n + 1);
        if (out)
            memcpy(out, reg, n);
        return out ? out : scheme;
    }
    return scheme;
}

/* The label as written without its "trở lên" (or better): the name of the level itself. */
static const char *level_name(chiso_scene *s, const char *label)
{
    static const char tail[] = " trở lên";
    if (!label)
        return NULL;
    size_t n = strlen(label), m = sizeof tail - 1;
    if (n > m && strcmp(label + n - m, tail) == 0) {
        char *out = pl_alloc(&s->arena, n - m + 1);
        if (out)
            memcpy(out, label, n - m);
        return out;
    }
    return label;
}

/* Is scheme one of members' (1) or organisations' (0)? -1 when unknown. */
static int scheme_for_members(const chiso_dataset *ds, const char *scheme)
{
    chiso_rating_info r;
    for (size_t i = 0; scheme && chiso_dataset_rating(ds, i, &r) == CHISO_OK; i++)
        if (strcmp(r.scheme, scheme) == 0)
            return r.member;
    return -1;
}

static void set_boundary(rbar *b, int level, chiso_interval iv, const char *scheme, const char *label)
{
    if (level < 2 || level > 4)
        return;
    if (label && !b->label_k[level])
        b->label_k[level] = label;
    iv.lo = fmax(0, fmin(100, isfinite(iv.lo) ? iv.lo : 0));
    iv.hi = fmax(0, fmin(100, isfinite(iv.hi) ? iv.hi : 100));
    if (!b->known[level]) {
        b->known[level] = 1;
        b->c[level] = iv;
    } else {
        /* two figures of one boundary: keep what both allow */
        b->c[level].lo = fmax(b->c[level].lo, iv.lo);
        b->c[level].hi = fmin(b->c[level].hi, iv.hi);
        if (b->c[level].hi < b->c[level].lo)
            b->c[level].hi = b->c[level].lo;
    }
    if (!b->scheme)
        b->scheme = scheme;
}

static void emit_bar(chiso_scene *s, const rbar *b, double x, unsigned *levels_used, int *mixed, int *uncertain)
{
    double pos = 0, x0 = x - 0.34, x1 = x + 0.34;
    int prev = 5;
    int after_uncertain = 0;
    for (int k = 4; k >= 1; k--) {
        if (k > 1 && !b->known[k])
            continue;
        double lo = k == 1 ? 100 : fmax(b->c[k].lo, pos), hi = k == 1 ? 100 : fmax(b->c[k].hi, lo);
        if (lo > pos + 1e-9) {
            int exact = prev - 1 == k;
            int best = prev - 1;
            const char *role = exact ? pl_printf(&s->arena, "level%d", k) : "levels";
            int inexact_edges = after_uncertain || hi > lo;
            /* as the source writes it: "trên 60%" for an open lower end, "≥ 60%" for a closed one */
            const char *edge = !inexact_edges ? ""
                               : b->c[k].lo_open && b->c[k].lo >= pos ? pl_printf(&s->arena, "%s ", pl_tr(s->lang, N_("over")))
                                                                      : "≥ ";
            const char *txt = pl_printf(&s->arena, "%s%s%%", edge,
                                        pl_fmt_num(s, lo - pos, pl_decimals_for(lo - pos, 1)));
            if (!exact)
                txt = pl_printf(&s->arena, pl_tr(s->lang, N_("levels %d–%d: %s")), k, best, txt);
            pl_add_bar(s, 0, exact ? CHISO_STYLE_SOLID : CHISO_STYLE_HATCHED, exact ? pl_level_color(k) : PL_DARKGREY, x0,
                       x1, pos, lo, role, b->key, txt);
            if (exact)
                *levels_used |= 1u << k;
            else
                *mixed = 1;
        }
        if (hi > lo + 1e-9) {
            pl_add_bar(s, 0, CHISO_STYLE_FADED, PL_GREY, x0, x1, lo, hi, "uncertain", b->key, NULL);
            *uncertain = 1;
        }
        after_uncertain = hi > lo + 1e-9;
        pos = hi;
        prev = k;
    }
}

/* December 31 of year y lies in [start, end]. */
static int covers_year_end(int32_t start, int32_t end, int y)
{
    int32_t d = chiso_days_from_civil(y, 12, 31);
    return d >= start && d <= end;
}

chiso_status pl_build_ratings(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_chart_opts *o,
                              chiso_scene *s, chiso_error *err)
{
    chiso_unit_info U;
    long unit = pl_unit_of(ds, o, &U, err);
    if (unit < 0)
        return err ? err->code : CHISO_ENOTFOUND;
    long ind = -1;
    if (o->indicators && o->indicators[0]) {
        ind = chiso_dataset_find_indicator(ds, o->indicators[0]);
        if (ind < 0)
            return chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, _("the dataset has no indicator '%s'"),
                                   o->indicators[0]);
    } else {
        long cand[16];
        int lv[16];
        size_t n = pl_rank_series(ds, norm, unit, -1, 1, cand, lv, 16);
        for (size_t i = 0; i < n && ind < 0; i++) {
            chiso_indicator_info I;
            chiso_dataset_indicator(ds, (size_t)cand[i], &I);
            if (I.measure == CHISO_MEASURE_SHARE)
                ind = cand[i];
        }
        if (ind < 0 && n)
            ind = cand[0];
        if (ind < 0)
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, _("unit '%s' has no rating figures to draw"), U.code);
    }
    chiso_indicator_info I;
    chiso_dataset_indicator(ds, (size_t)ind, &I);
    size_t nt_all = 0;
    long *terms = pl_unit_terms(ds, unit, &nt_all);
    size_t cap = nt_all + 64;
    rbar *bars = calloc(cap, sizeof *bars);
    size_t nb = 0, skipped = 0;
    pl_sources src = {0};
    chiso_status st = CHISO_OK;
    if (!bars || !terms) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    if (o->by == CHISO_BY_TERM) {
        for (size_t t = 0; t < nt_all; t++) {
            rbar b = {0};
            const chiso_norm_row *total = chiso_normalized_find(norm, unit, terms[t], ind, CHISO_BASIS_NONE, 1);
            int any = 0;
            for (int k = 2; k <= 4; k++) {
                const chiso_norm_row *r = chiso_normalized_find(norm, unit, terms[t], ind, CHISO_BASIS_NONE, k);
                if (!r)
                    continue;
                any = 1;
                chiso_interval iv = r->value;
                if (I.measure == CHISO_MEASURE_COUNT) {
                    /* counts become shares of the count at level 1 or better (everyone rated) */
                    if (!total || !(total->point > 0))
                        continue;
                    iv = chiso_interval_scale(iv, 100.0 / total->point);
                    pl_sources_add_row(s, &src, ds, total);
                }
                set_boundary(&b, k, iv, r->scheme, level_name(s, r->rating));
                pl_sources_add_row(s, &src, ds, r);
            }
            int known = b.known[2] || b.known[3] || b.known[4];
            if (!known) {
                skipped += any;
                continue;
            }
            chiso_term_info T;
            chiso_dataset_term(ds, (size_t)terms[t], &T);
            b.label = T.label;
            b.key = T.code;
            bars[nb++] = b;
        }
    } else {
        /* yearly figures: one calendar year, or "each year" over their years */
        int ymin = 9999, ymax = 0;
        for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
            chiso_obs_info O;
            chiso_dataset_obs(ds, i, &O);
            if (O.unit_index != unit || O.indicator_index != ind || O.level < 2 || (O.flags & CHISO_OBS_PART))
                continue;
            ymin = O.start.year < ymin ? O.start.year : ymin;
            ymax = O.end.year > ymax ? O.end.year : ymax;
        }
        for (int y = ymin; y <= ymax && nb < cap; y++) {
            rbar b = {0};
            for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
                chiso_obs_info O;
                chiso_dataset_obs(ds, i, &O);
                if (O.unit_index != unit || O.indicator_index != ind || O.level < 2 || (O.flags & CHISO_OBS_PART) ||
                    I.measure != CHISO_MEASURE_SHARE)
                    continue;
                int single = O.start.year == O.end.year && O.end.year == y;
                int each = O.basis == CHISO_BASIS_EACH_YEAR && covers_year_end(O.start.day, O.end.day, y);
                if (!single && !each)
                    continue;
                /* the scheme in force that year, and the level the label has in it */
                int level = O.level, aoa = (O.flags & CHISO_OBS_AT_OR_ABOVE) != 0, inexact = 0;
                const char *scheme = O.scheme;
                int member = scheme_for_members(ds, O.scheme);
                if (O.rating && member >= 0) {
                    int lv, a2;
                    const char *sc = NULL;
                    if (chiso_crosswalk_lookup(ds, O.rating, member, NULL, y, &lv, &a2, &sc, &inexact, NULL)) {
                        level = lv;
                        aoa = a2 || aoa;
                        scheme = sc ? sc : scheme;
                    }
                }
                /* a label "… trở lên" is a boundary; a plain label of the top level is one too */
                if (!aoa && level != 4)
                    continue;
                set_boundary(&b, level, O.value.iv, scheme, level_name(s, O.rating));
                pl_sources_add(s, &src, O.source);
            }
            if (!(b.known[2] || b.known[3] || b.known[4]))
                continue;
            b.label = pl_printf(&s->arena, "%d", y);
            b.key = b.label;
            bars[nb++] = b;
        }
    }
    if (nb == 0) {
        st = chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                             o->by == CHISO_BY_YEAR ? _("no yearly rating figures of '%s' for unit '%s'")
                                                    : _("no rating figures of '%s' for unit '%s' that can be drawn as shares"),
                             I.code, U.code);
        goto done;
    }
    pl_panel P = {0};
    P.xmin = -0.5;
    P.xmax = (double)nb - 0.5;
    P.ymin = 0;
    P.ymax = 100;
    P.xcat = 1;
    P.pct = 1;
    P.ylabel = pl_tr(s->lang, N_("share of those rated (%)"));
    pl_scene_panel(s, &P);
    unsigned levels_used = 0;
    int mixed = 0, uncertain = 0;
    const char *one_scheme = bars[0].scheme;
    for (size_t i = 0; i < nb; i++) {
        chiso_prim tick = {0};
        tick.kind = CHISO_PRIM_TICK;
        tick.x0 = (double)i;
        tick.role = "term";
        tick.key = bars[i].key;
        tick.text = bars[i].label;
        pl_scene_add(s, &tick);
        emit_bar(s, &bars[i], (double)i, &levels_used, &mixed, &uncertain);
        if (!bars[i].scheme || !one_scheme || strcmp(bars[i].scheme, one_scheme) != 0)
            one_scheme = NULL;
        if (i > 0 && bars[i].scheme && bars[i - 1].scheme && strcmp(bars[i].scheme, bars[i - 1].scheme) != 0) {
            double *xs = pl_alloc(&s->arena, 2 * sizeof *xs), *ys = pl_alloc(&s->arena, 2 * sizeof *ys);
            if (xs && ys) {
                xs[0] = xs[1] = (double)i - 0.5;
                ys[0] = 0;
                ys[1] = 100;
                chiso_prim l = {0};
                l.kind = CHISO_PRIM_LINE;
                l.style = CHISO_STYLE_DASHED;
                l.color = PL_DARKGREY;
                l.n = 2;
                l.xs = xs;
                l.ys = ys;
                l.role = "scheme-change";
                l.key = bars[i].key;
                pl_scene_add(s, &l);
            }
            pl_add_text(s, 0, (double)i - 0.5, 100, "scheme-note", bars[i].key,
                        pl_printf(&s->arena, "→ %s", scheme_name(s, ds, bars[i].scheme)), PL_DARKGREY);
        }
    }
    if (nb == 1 && !bars[0].scheme)
        one_scheme = NULL;
    for (int k = 4; k >= 1; k--) {
        if (!(levels_used & (1u << k)))
            continue;
        /* the label the sources wrote for this level, when they all wrote the same; else the scheme's */
        const char *nat = NULL;
        int same = 1;
        for (size_t i = 0; i < nb; i++) {
            const char *l = bars[i].label_k[k];
            if (!l)
                continue;
            if (nat && chiso_utf8_casecmp(nat, l) != 0)
                same = 0;
            if (!nat)
                nat = l;
        }
        if (!same)
            nat = NULL;
        if (!nat && one_scheme)
            nat = native_label(ds, one_scheme, k);
        const char *txt = nat ? pl_printf(&s->arena, "%d — %s", k, nat)
                              : pl_printf(&s->arena, pl_tr(s->lang, k == 4 ? N_("level %d (top)") : N_("level %d")), k);
        pl_add_legend(s, CHISO_PRIM_BAR, CHISO_STYLE_SOLID, pl_level_color(k), txt);
    }
    if (mixed)
        pl_add_legend(s, CHISO_PRIM_BAR, CHISO_STYLE_HATCHED, PL_DARKGREY,
                      pl_tr(s->lang, N_("several levels the source does not split")));
    if (uncertain)
        pl_add_legend(s, CHISO_PRIM_BAR, CHISO_STYLE_FADED, PL_GREY,
                      pl_tr(s->lang, N_("not known (the figure is a range, \"over …\")")));
    s->title = pl_printf(&s->arena, "%s", chiso_indicator_name(&I, s->lang));
    s->subtitle = pl_printf(&s->arena, "%s · %s", U.name,
                            one_scheme ? pl_printf(&s->arena, pl_tr(s->lang, N_("levels of %s")),
                                                   scheme_name(s, ds, one_scheme))
                                       : pl_tr(s->lang, N_("levels 1–4 after the crosswalk of rating schemes")));
    if (!one_scheme && nb > 1)
        pl_add_text(s, -1, 0, 0, "caption", NULL,
                    pl_tr(s->lang, N_("Dashed line: the rating scheme changes; the same level may mean a different "
                                      "thing before and after.")),
                    PL_BLACK);
    if (skipped)
        pl_add_text(s, -1, 0, 0, "caption", NULL,
                    pl_tr(s->lang, N_("Terms whose figures cannot be made shares (no count of all rated) are left out.")),
                    PL_BLACK);
    pl_sources_finish(s, &src);
done:
    free(src.names);
    free(bars);
    free(terms);
    return st;
}

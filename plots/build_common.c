/* plots/build_common.c — what the builders share: sources, numbers in the reader's style, names, ranking
 * of series, the bars of compare-like series. The builders (build_*.c) call only these and the scene
 * (scene.c); none calls another, and none of this calls a builder: the table of chart kinds and the
 * entry points are in plots/chart.c, above them. */
#include "plots/plots_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- sources ----------------------------------------------------------------------------------- */

void pl_sources_add(chiso_scene *s, pl_sources *src, const char *name)
{
    if (!name || !*name)
        return;
    for (size_t i = 0; i < src->n; i++)
        if (strcmp(src->names[i], name) == 0)
            return;
    if (chiso_grow((void **)&src->names, &src->cap, src->n + 1, sizeof *src->names) != 0) {
        s->arena.oom = 1;
        return;
    }
    src->names[src->n++] = name;
}

void pl_sources_add_row(chiso_scene *s, pl_sources *src, const chiso_dataset *ds, const chiso_norm_row *r)
{
    for (size_t k = 0; r && k < r->n_obs; k++) {
        chiso_obs_info O;
        if (chiso_dataset_obs(ds, (size_t)r->obs[k], &O) == CHISO_OK)
            pl_sources_add(s, src, O.source);
    }
}

void pl_sources_finish(chiso_scene *s, pl_sources *src)
{
    if (src->n) {
        chiso_buf b;
        chiso_buf_init(&b);
        chiso_buf_printf(&b, "%s ", pl_tr(s->lang, N_("Source:")));
        size_t shown = src->n > 3 ? 3 : src->n;
        for (size_t i = 0; i < shown; i++)
            chiso_buf_printf(&b, "%s%s", i ? ", " : "", src->names[i]);
        if (src->n > shown)
            chiso_buf_printf(&b, pl_tr(s->lang, N_(" and %zu more")), src->n - shown);
        char *text = chiso_buf_take(&b);
        if (!text)
            s->arena.oom = 1;
        s->source = pl_strdup(&s->arena, text);
        free(text);
    }
    free(src->names);
    memset(src, 0, sizeof *src);
}

/* ---- units, names, numbers --------------------------------------------------------------------- */

long pl_unit_of(const chiso_dataset *ds, const chiso_chart_opts *o, chiso_unit_info *U, chiso_error *err)
{
    long u = 0;
    if (o->unit) {
        u = chiso_dataset_find_unit(ds, o->unit);
        if (u < 0) {
            chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, _("the dataset has no unit '%s'"), o->unit);
            return -1;
        }
    } else if (chiso_dataset_n_units(ds) == 0) {
        chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, "%s", _("the dataset has no units: nothing to draw"));
        return -1;
    }
    chiso_dataset_unit(ds, (size_t)u, U);
    return u;
}

const char *pl_fmt_num(chiso_scene *s, double v, int decimals)
{
    char buf[64];
    chiso_format_number_trim(v, decimals, s->lang, buf, sizeof buf);
    return pl_strdup(&s->arena, buf);
}

int pl_decimals_for(double v, int pct)
{
    double a = fabs(v);
    (void)pct;
    if (a >= 100)
        return 0;
    if (a >= 1 || a == 0)
        return 1;
    return 2;
}

const char *pl_fmt_value(chiso_scene *s, chiso_interval iv, double point, int decimals, int pct)
{
    char a[64], b[64], out[160];
    const char *ps = pct ? "%" : "";
    if (chiso_interval_is_point(iv) || !(isfinite(iv.lo) || isfinite(iv.hi))) {
        chiso_format_number_trim(isfinite(point) ? point : iv.lo, decimals, s->lang, a, sizeof a);
        snprintf(out, sizeof out, "%s%s", a, ps);
    } else if (isinf(iv.hi) || (pct && iv.hi >= 100 && iv.lo > 0)) {
        /* "over 90%" reads better than (90; 100]% */
        chiso_format_number_trim(iv.lo, decimals, s->lang, a, sizeof a);
        snprintf(out, sizeof out, "%s %s%s", iv.lo_open ? pl_tr(s->lang, N_("over")) : "≥", a, ps);
    } else if (iv.lo <= 0 && isfinite(iv.hi)) {
        chiso_format_number_trim(iv.hi, decimals, s->lang, b, sizeof b);
        snprintf(out, sizeof out, "%s %s%s", iv.hi_open ? pl_tr(s->lang, N_("under")) : "≤", b, ps);
    } else {
        chiso_format_number_trim(iv.lo, decimals, s->lang, a, sizeof a);
        chiso_format_number_trim(iv.hi, decimals, s->lang, b, sizeof b);
        snprintf(out, sizeof out, "%s–%s%s", a, b, ps);
    }
    return pl_strdup(&s->arena, out);
}

double pl_nice_step(double range, int target)
{
    if (!(range > 0) || !isfinite(range) || target < 1)
        return 1;
    double raw = range / target;
    double mag = pow(10, floor(log10(raw)));
    static const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < CHISO_ARRAY_LEN(steps); i++)
        if (steps[i] * mag >= raw * (1 - 1e-9))
            return steps[i] * mag;
    return 10 * mag;
}

double pl_nice_max(double v)
{
    if (!(v > 0) || !isfinite(v))
        return 1;
    double step = pl_nice_step(v, 5);
    double m = ceil(v / step - 1e-9) * step;
    return m > 0 ? m : step;
}

const char *pl_fmt_date(chiso_scene *s, int32_t day)
{
    int y, m, d;
    chiso_civil_from_days(day, &y, &m, &d);
    if (s->lang == CHISO_LANG_VI)
        return pl_printf(&s->arena, "%02d/%02d/%04d", d, m, y);
    return pl_printf(&s->arena, "%04d-%02d-%02d", y, m, d);
}

const char *pl_series_name(chiso_scene *s, const chiso_dataset *ds, long ind, int level, const char *part)
{
    chiso_indicator_info I;
    if (ind < 0 || chiso_dataset_indicator(ds, (size_t)ind, &I) != CHISO_OK)
        return "?";
    const char *name = chiso_indicator_name(&I, s->lang);
    if (level > 0) {
        /* the level by its name in the scheme now in force (the shortest label of that level: a scheme
         * may list a subset such as "… tiêu biểu" beside it), never "level 4" */
        int member = strncmp(I.code, "member", 6) == 0, from = -1;
        const char *lname = NULL;
        for (size_t i = 0; i < chiso_dataset_n_ratings(ds); i++) {
            chiso_rating_info R;
            if (chiso_dataset_rating(ds, i, &R) != CHISO_OK || R.member != member || R.level != level || R.at_or_above)
                continue;
            if (R.from > from || (R.from == from && lname && strlen(R.label) < strlen(lname))) {
                from = R.from;
                lname = R.label;
            }
        }
        if (lname)
            return pl_printf(&s->arena, pl_tr(s->lang, level >= 4 ? N_("%s — %s") : N_("%s — %s or better")), name,
                             lname);
        return pl_printf(&s->arena, pl_tr(s->lang, N_("%s — level %d and above")), name, level);
    }
    if (part)
        return pl_printf(&s->arena, "%s — %s", name, part);
    return name;
}

long *pl_unit_terms(const chiso_dataset *ds, long unit, size_t *n)
{
    *n = chiso_dataset_effective_terms(ds, unit, NULL, 0);
    long *t = calloc(*n ? *n : 1, sizeof *t);
    if (t)
        chiso_dataset_effective_terms(ds, unit, t, *n);
    return t;
}

const char *pl_term_short(chiso_scene *s, const chiso_term_info *T)
{
    /* a term number (I, VI) or years (2020-2025) reads as itself; another code ("lt") is not a word: the
     * label's words before its years ("Lâm thời" of "Lâm thời (1994–1996)") */
    if (strspn(T->code, "IVXLCDM") == strlen(T->code) || strspn(T->code, "0123456789-–") == strlen(T->code))
        return T->code;
    const char *p = strstr(T->label, " (");
    if (!p)
        return T->label;
    return pl_printf(&s->arena, "%.*s", (int)(p - T->label), T->label);
}

const char *pl_term_label(const chiso_dataset *ds, long unit, const char *code)
{
    long t = chiso_dataset_find_term(ds, unit, code);
    chiso_term_info T;
    if (t >= 0 && chiso_dataset_term(ds, (size_t)t, &T) == CHISO_OK)
        return T.label;
    return code;
}

typedef struct rank_item {
    long ind;
    int level;
    size_t terms;
    int flow;
} rank_item;

static int rank_cmp(const void *a, const void *b)
{
    const rank_item *x = a, *y = b;
    if (x->terms != y->terms)
        return x->terms > y->terms ? -1 : 1;
    if (x->flow != y->flow)
        return y->flow - x->flow;
    if (x->ind != y->ind)
        return x->ind < y->ind ? -1 : 1;
    return y->level - x->level;
}

size_t pl_rank_series(const chiso_dataset *ds, const chiso_normalized *norm, long unit, int category,
                      int want_rating, long *inds, int *levels, size_t max)
{
    size_t ni = chiso_dataset_n_indicators(ds), nt = chiso_dataset_n_terms(ds);
    if (!ni || !nt)
        return 0;
    unsigned char *seen = calloc(ni * 5 * nt, 1);
    rank_item *items = calloc(ni * 5, sizeof *items);
    size_t n_items = 0, out = 0;
    if (!seen || !items)
        goto done;
    for (size_t i = 0; i < chiso_normalized_count(norm); i++) {
        const chiso_norm_row *r = chiso_normalized_get(norm, i);
        if (r->unit_index != unit || r->level < 0 || r->level > 4 || (r->level == 0 && r->rating))
            continue;
        if ((r->level > 0) != (want_rating != 0))
            continue;
        size_t slot = (size_t)r->indicator_index * 5 + (size_t)r->level;
        seen[slot * nt + (size_t)r->term_index] = 1;
    }
    for (size_t i = 0; i < ni; i++) {
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, i, &I);
        if (category >= 0 && (int)I.category != category)
            continue;
        for (int l = 0; l <= 4; l++) {
            size_t c = 0;
            for (size_t t = 0; t < nt; t++)
                c += seen[(i * 5 + (size_t)l) * nt + t];
            if (c)
                items[n_items++] = (rank_item){(long)i, l, c, I.kind == CHISO_KIND_FLOW};
        }
    }
    qsort(items, n_items, sizeof *items, rank_cmp);
    for (size_t i = 0; i < n_items && out < max; i++) {
        inds[out] = items[i].ind;
        if (levels)
            levels[out] = items[i].level;
        out++;
    }
done:
    free(seen);
    free(items);
    return out;
}

/* ---- bars of compare-like series (compare, dashboard) and their axis label --------------------- */

const char *pl_value_label(chiso_lang lang, chiso_value_kind kind, chiso_chart_per per, int compact)
{
    if (kind == CHISO_VK_SHARE)
        return pl_tr(lang, compact ? N_("%") : N_("share (%)"));
    if (kind == CHISO_VK_LEVEL)
        return pl_tr(lang, N_("number"));
    switch (per) {
    case CHISO_PER_TERM: return pl_tr(lang, compact ? N_("per term") : N_("term total"));
    case CHISO_PER_100MEMBERS: return pl_tr(lang, compact ? N_("per 100 members a year") : N_("per 100 members a year"));
    default: return pl_tr(lang, compact ? N_("a year") : N_("a year (over the years the figures cover)"));
    }
}

/* The value a bar shows; 0 when there is none (per 100 members without a membership figure). */
static int bar_value(const chiso_compare_row *r, chiso_chart_per per, chiso_interval *iv, double *pt, int *has_proj,
                     chiso_interval *piv, double *ppt)
{
    *has_proj = 0;
    if (r->kind != CHISO_VK_ANNUAL || per == CHISO_PER_YEAR) {
        *iv = r->value;
        *pt = r->point;
        return 1;
    }
    if (per == CHISO_PER_TERM) {
        *iv = r->total;
        *pt = r->total_point;
        if (r->partial && r->has_projected && isfinite(r->projected_point)) {
            *has_proj = 1;
            *piv = r->projected;
            *ppt = r->projected_point;
        }
        return 1;
    }
    if (r->norm && r->norm->has_per100 && isfinite(r->norm->per100_point)) {
        *iv = r->norm->per100;
        *pt = r->norm->per100_point;
        return 1;
    }
    return 0;
}

double pl_bars_max(const chiso_compare_row *const *rows, size_t n, chiso_chart_per per)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) {
        chiso_interval iv, piv;
        double pt, ppt;
        int hp;
        if (!bar_value(rows[i], per, &iv, &pt, &hp, &piv, &ppt))
            continue;
        double v[] = {iv.lo, iv.hi, pt, hp ? ppt : 0, hp ? piv.hi : 0};
        for (size_t k = 0; k < CHISO_ARRAY_LEN(v); k++)
            if (isfinite(v[k]) && v[k] > m)
                m = v[k];
    }
    return m;
}

void pl_bars_emit(chiso_scene *s, const chiso_dataset *ds, const chiso_compare_row *const *rows, size_t n,
                  const double *x, const pl_bar_opts *bo, double ymax, pl_sources *src, unsigned *used)
{
    double group_w = 0.78, bw = group_w / (double)(bo->n_groups ? bo->n_groups : 1);
    for (size_t i = 0; i < n; i++) {
        const chiso_compare_row *r = rows[i];
        if (src)
            pl_sources_add_row(s, src, ds, r->norm);
        chiso_interval iv = {0}, piv = {0};
        double pt = NAN, ppt = NAN;
        int hp = 0;
        double x0 = x[i] - group_w / 2 + (double)bo->group * bw + bw * 0.06, x1 = x0 + bw * 0.88;
        double xc = (x0 + x1) / 2;
        int pct = r->kind == CHISO_VK_SHARE;
        const char *key = r->term;
        if (!bar_value(r, bo->per, &iv, &pt, &hp, &piv, &ppt)) {
            pl_add_text(s, bo->panel, xc, 0, "missing", key, "–", PL_DARKGREY);
            *used |= PL_USED_MISSING;
            continue;
        }
        int dec = bo->per == CHISO_PER_TERM && r->kind == CHISO_VK_ANNUAL ? 0 : pl_decimals_for(pt, pct);
        if (chiso_interval_is_point(iv) && isfinite(pt)) {
            pl_add_bar(s, bo->panel, CHISO_STYLE_SOLID, bo->color, x0, x1, 0, pt, "value", key,
                       pl_fmt_value(s, iv, pt, dec, pct));
        } else {
            /* an inexact figure: the whole range, faded, with a whisker; never a bar of made-up height */
            double lo = isfinite(iv.lo) ? iv.lo : 0, hi = iv.hi;
            unsigned fl = 0;
            if (!isfinite(hi) || hi > ymax) {
                hi = ymax;
                fl |= CHISO_PRIM_OPEN_HI;
                *used |= PL_USED_OPEN;
            }
            if (hi < lo)
                hi = lo;
            long b = pl_add_bar(s, bo->panel, CHISO_STYLE_FADED, bo->color, x0, x1, lo, hi, "interval", key,
                                pl_fmt_value(s, iv, pt, dec, pct));
            chiso_prim w = {0};
            w.kind = CHISO_PRIM_WHISKER;
            w.panel = bo->panel;
            w.color = bo->color;
            w.x0 = w.x1 = xc;
            w.y0 = lo;
            w.y1 = hi;
            w.role = "interval";
            w.key = key;
            w.flags = fl;
            if (b >= 0)
                s->prims[b].flags = fl;
            pl_scene_add(s, &w);
            *used |= PL_USED_INEXACT;
        }
        if (hp) {
            double top = chiso_interval_is_point(iv) ? pt : iv.hi;
            if (isfinite(top) && ppt > top) {
                const char *lab = pl_printf(&s->arena, pl_tr(s->lang, bo->compact || bo->n_groups > 1 ? N_("≈ %s") : N_("full term ≈ %s")),
                                            pl_fmt_num(s, ppt, 0));
                pl_add_bar(s, bo->panel, CHISO_STYLE_HATCHED, bo->color, x0, x1, top, ppt, "projected", key, lab);
                *used |= PL_USED_PROJECTED;
            }
        }
        if (r->kind == CHISO_VK_ANNUAL && r->partial) {
            char a[32], b[32];
            chiso_format_number(r->coverage_years, 1, s->lang, a, sizeof a);
            chiso_format_number(r->term_years, 1, s->lang, b, sizeof b);
            const char *t = bo->compact ? pl_printf(&s->arena, "%s/%s", a, b)
                                        : pl_printf(&s->arena, pl_tr(s->lang, N_("%s/%s yrs")), a, b);
            pl_add_text(s, bo->panel, xc, 0, "coverage", key, t, PL_DARKGREY);
            *used |= PL_USED_PARTIAL;
        }
    }
}

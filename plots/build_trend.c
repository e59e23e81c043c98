/* plots/build_trend.c — the series as points with interval bars, the OLS line with its 95% band, and a
 * caption: the slope per term (or year), Sen's slope and the Mann–Kendall p, or why there is no test. */
#include "plots/plots_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FIT_POINTS 48

static const char *signed_num(chiso_scene *s, double v, int dec)
{
    const char *n = pl_fmt_num(s, v, dec);
    if (!n)
        return "";
    return v > 0 && strcmp(n, pl_fmt_num(s, 0, dec)) != 0 ? pl_printf(&s->arena, "+%s", n) : n;
}

static int slope_decimals(double v)
{
    double a = fabs(v);
    return a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
}

chiso_status pl_build_trend(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_chart_opts *o,
                            chiso_scene *s, chiso_error *err)
{
    chiso_unit_info U;
    long unit = pl_unit_of(ds, o, &U, err);
    if (unit < 0)
        return err ? err->code : CHISO_ENOTFOUND;
    const char *ind_code = o->indicators ? o->indicators[0] : NULL;
    int level = o->level;
    if (!ind_code) {
        long best;
        int lv;
        if (pl_rank_series(ds, norm, unit, -1, 0, &best, &lv, 1) == 0)
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, _("unit '%s' has no series to draw"), U.code);
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)best, &I);
        ind_code = I.code;
    } else if (o->indicators[1]) {
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("a trend chart draws one indicator"));
    }
    long ind = chiso_dataset_find_indicator(ds, ind_code);
    if (ind < 0)
        return chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, _("the dataset has no indicator '%s'"), ind_code);
    const char *one[2] = {ind_code, NULL};
    chiso_select sel = {U.code, one, NULL, level};
    chiso_trend_result *res = NULL;
    pl_sources src = {0};
    chiso_status st = chiso_analysis_trend(ds, norm, &sel, o->by, &res, err);
    if (st != CHISO_OK)
        goto done;
    const chiso_trend *t = chiso_trend_result_get(res);
    if (!t || t->n == 0) {
        st = o->by == CHISO_BY_YEAR
                 ? chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                                   _("no yearly figures of '%s' for unit '%s': nothing to draw by year (try --by term)"),
                                   ind_code, U.code)
                 : chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, _("no figures of '%s' for unit '%s': nothing to draw"),
                                   ind_code, U.code);
        goto done;
    }
    int pct = t->kind == CHISO_VK_SHARE;
    /* ranges */
    double xmin = INFINITY, xmax = -INFINITY, top = 0, bottom = 0;
    for (size_t i = 0; i < t->n; i++) {
        const chiso_trend_point *p = &t->points[i];
        if (!isfinite(p->x))
            continue;
        xmin = fmin(xmin, p->x);
        xmax = fmax(xmax, p->x);
        double v[] = {p->y.lo, p->y.hi, p->y_point};
        for (size_t k = 0; k < 3; k++)
            if (isfinite(v[k])) {
                top = fmax(top, v[k]);
                bottom = fmin(bottom, v[k]);
            }
    }
    if (!isfinite(xmin)) {
        st = chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, "%s", _("the series has no dated figures to draw"));
        goto done;
    }
    int fit = t->ols_status == CHISO_TREND_OK && isfinite(t->ols.slope) && isfinite(t->ols.intercept);
    double bx[FIT_POINTS], by[FIT_POINTS], blo[FIT_POINTS], bhi[FIT_POINTS];
    if (fit) {
        for (int k = 0; k < FIT_POINTS; k++) {
            double x = xmin + (xmax - xmin) * k / (FIT_POINTS - 1);
            double se2 = t->ols.cov00 + 2 * x * t->ols.cov01 + x * x * t->ols.cov11;
            double half = t->ols.t_crit * sqrt(se2 > 0 ? se2 : 0);
            bx[k] = x;
            by[k] = t->ols.intercept + t->ols.slope * x;
            blo[k] = by[k] - half;
            bhi[k] = by[k] + half;
            if (!isfinite(by[k]) || !isfinite(half)) {
                fit = 0;
                break;
            }
        }
    }
    /* the band may reach far beyond the data: the axis follows the data and the band is clipped */
    if (fit) {
        double data_top = top;
        for (int k = 0; k < FIT_POINTS; k++)
            top = fmax(top, fmin(bhi[k], data_top > 0 ? 2 * data_top : bhi[k]));
    }
    double ymax = pl_nice_max(top);
    if (pct && ymax > 100)
        ymax = 100;
    double ymin = bottom < 0 ? -pl_nice_max(-bottom) : 0;
    double span = xmax - xmin;
    double pad = span > 0 ? span * 0.08 + (o->by == CHISO_BY_TERM ? 1.2 : 0.4) : 2.5;
    pl_panel P = {0};
    P.xmin = xmin - pad;
    P.xmax = xmax + pad;
    P.ymin = ymin;
    P.ymax = ymax;
    P.xyears = 1;
    P.xcat = o->by == CHISO_BY_TERM;
    P.pct = pct;
    P.ylabel = pl_value_label(s->lang, t->kind, CHISO_PER_YEAR, 0);
    P.xlabel = o->by == CHISO_BY_TERM ? pl_tr(s->lang, N_("term (at its middle)")) : pl_tr(s->lang, N_("year"));
    pl_scene_panel(s, &P);
    if (fit) {
        double *xs = pl_alloc(&s->arena, sizeof bx), *ys = pl_alloc(&s->arena, sizeof by);
        double *lo = pl_alloc(&s->arena, sizeof blo), *hi = pl_alloc(&s->arena, sizeof bhi);
        if (xs && ys && lo && hi) {
            for (int k = 0; k < FIT_POINTS; k++) {
                xs[k] = bx[k];
                ys[k] = by[k];
                lo[k] = fmax(blo[k], ymin);
                hi[k] = fmin(bhi[k], ymax);
                if (hi[k] < lo[k])
                    hi[k] = lo[k];
            }
            chiso_prim band = {0};
            band.kind = CHISO_PRIM_BAND;
            band.color = PL_BLUE;
            band.style = CHISO_STYLE_FADED;
            band.n = FIT_POINTS;
            band.xs = xs;
            band.ys = lo;
            band.ys_hi = hi;
            band.role = "band95";
            pl_scene_add(s, &band);
            chiso_prim line = {0};
            line.kind = CHISO_PRIM_LINE;
            line.color = PL_BLUE;
            line.n = FIT_POINTS;
            line.xs = xs;
            line.ys = ys;
            line.role = "fit";
            pl_scene_add(s, &line);
        }
    }
    for (size_t i = 0; i < t->n; i++) {
        const chiso_trend_point *p = &t->points[i];
        if (!isfinite(p->x))
            continue;
        const char *key = pl_strdup(&s->arena, p->label);
        int dec = pl_decimals_for(p->y_point, pct);
        if (!chiso_interval_is_point(p->y)) {
            chiso_prim w = {0};
            w.kind = CHISO_PRIM_WHISKER;
            w.color = PL_BLACK;
            w.x0 = w.x1 = p->x;
            w.y0 = isfinite(p->y.lo) ? fmax(p->y.lo, ymin) : ymin;
            w.y1 = p->y.hi;
            if (!isfinite(w.y1) || w.y1 > ymax) {
                w.y1 = ymax;
                w.flags |= CHISO_PRIM_OPEN_HI;
            }
            if (!isfinite(p->y.lo))
                w.flags |= CHISO_PRIM_OPEN_LO;
            w.role = "interval";
            w.key = key;
            pl_scene_add(s, &w);
        }
        chiso_prim m = {0};
        m.kind = CHISO_PRIM_MARKER;
        m.color = PL_BLACK;
        m.x0 = p->x;
        m.y0 = isfinite(p->y_point) ? p->y_point : p->y.lo;
        m.role = "point";
        m.key = key;
        m.text = pl_fmt_value(s, p->y, p->y_point, dec, pct);
        if (isfinite(m.y0))
            pl_scene_add(s, &m);
        if (o->by == CHISO_BY_TERM) {
            chiso_prim tick = {0};
            tick.kind = CHISO_PRIM_TICK;
            tick.x0 = p->x;
            tick.role = "term";
            tick.key = key;
            tick.text = pl_term_label(ds, unit, p->label);
            pl_scene_add(s, &tick);
            long term = chiso_dataset_find_term(ds, unit, p->label);
            const chiso_norm_row *r = term >= 0 ? chiso_normalized_find(norm, unit, term, ind, CHISO_BASIS_NONE, level)
                                                : NULL;
            pl_sources_add_row(s, &src, ds, r);
        }
    }
    if (o->by == CHISO_BY_YEAR) {
        for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
            chiso_obs_info O;
            chiso_dataset_obs(ds, i, &O);
            if (O.unit_index == unit && O.indicator_index == ind)
                pl_sources_add(s, &src, O.source);
        }
    }
    /* the legend and the caption */
    pl_add_legend(s, CHISO_PRIM_MARKER, CHISO_STYLE_SOLID, PL_BLACK,
                  pl_tr(s->lang, N_("figure (bar: the range of an inexact one)")));
    if (fit) {
        pl_add_legend(s, CHISO_PRIM_LINE, CHISO_STYLE_SOLID, PL_BLUE, pl_tr(s->lang, N_("straight-line fit (OLS)")));
        pl_add_legend(s, CHISO_PRIM_BAND, CHISO_STYLE_FADED, PL_BLUE, pl_tr(s->lang, N_("95% band of the line")));
    }
    chiso_buf b;
    chiso_buf_init(&b);
    if (fit) {
        double per = o->by == CHISO_BY_TERM ? t->slope_per_term : t->ols.slope;
        chiso_buf_printf(&b, o->by == CHISO_BY_TERM ? pl_tr(s->lang, N_("Slope %s a term (%s a year)"))
                                                    : pl_tr(s->lang, N_("Slope %s a year (95%%: %s … %s)")),
                         signed_num(s, per, slope_decimals(per)),
                         o->by == CHISO_BY_TERM ? signed_num(s, t->ols.slope, slope_decimals(t->ols.slope))
                                                : pl_fmt_num(s, t->ols.ci95_lo, slope_decimals(t->ols.ci95_lo)),
                         pl_fmt_num(s, t->ols.ci95_hi, slope_decimals(t->ols.ci95_hi)));
    }
    if (t->sen_status == CHISO_TREND_OK && isfinite(t->sen.slope))
        chiso_buf_printf(&b, "%s%s", b.len ? "; " : "",
                         pl_printf(&s->arena, pl_tr(s->lang, N_("Sen's slope %s a year")),
                                   signed_num(s, t->sen.slope, slope_decimals(t->sen.slope))));
    if (t->mk_status == CHISO_TREND_OK && !t->mk_too_few && isfinite(t->mk.p)) {
        char pbuf[32];
        chiso_format_number(t->mk.p, t->mk.p < 0.001 ? 4 : 3, s->lang, pbuf, sizeof pbuf);
        chiso_buf_printf(&b, "%s%s", b.len ? "; " : "",
                         pl_printf(&s->arena, pl_tr(s->lang, N_("Mann–Kendall p = %s")), pbuf));
        /* xgettext:no-c-format */
        chiso_buf_printf(&b, " (%s)", t->mk.p < 0.05 ? pl_tr(s->lang, N_("a trend at the 5% level"))
                                                     : pl_tr(s->lang, N_("no trend the data can show")));
    } else {
        chiso_buf_printf(&b, "%s%s", b.len ? "; " : "",
                         pl_printf(&s->arena,
                                   pl_tr(s->lang, o->by == CHISO_BY_TERM ? N_("too few terms to test a trend (%zu)")
                                                                         : N_("too few years to test a trend (%zu)")),
                                   t->n));
    }
    if (t->sign_depends)
        chiso_buf_printf(&b, "; %s", pl_tr(s->lang, N_("the sign of the slope depends on how the ranges are read")));
    chiso_buf_puts(&b, ".");
    char *cap = chiso_buf_take(&b);
    if (!cap) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    /* the caption starts with a capital letter */
    if (cap[0] >= 'a' && cap[0] <= 'z')
        cap[0] = (char)(cap[0] - 'a' + 'A');
    pl_add_text(s, -1, 0, 0, "caption", NULL, pl_strdup(&s->arena, cap), PL_BLACK);
    free(cap);
    s->title = pl_printf(&s->arena, "%s: %s", pl_series_name(s, ds, ind, level, NULL),
                         pl_tr(s->lang, o->by == CHISO_BY_TERM ? N_("trend by term") : N_("trend by year")));
    s->subtitle = pl_printf(&s->arena, "%s · %s", U.name, pl_value_label(s->lang, t->kind, CHISO_PER_YEAR, 0));
    pl_sources_finish(s, &src);
    st = CHISO_OK;
done:
    free(src.names);
    chiso_trend_result_free(res);
    return st;
}

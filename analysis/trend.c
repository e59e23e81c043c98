/*
 * analysis/trend.c — the trend of one series: OLS and WLS (weights: years covered), Mann–Kendall and
 * Sen's slope, the compound annual growth rate, a Poisson rate trend for events per member-year, and
 * the range of slopes a reader could get from the interval figures.
 */
#include "analysis/analysis_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chiso_trend_result {
    chiso_trend t;
    chiso_trend_point *points;
    char *labels;       /* storage of year labels */
    char *message;
    double term_len;    /* by term: the mean length of the series' terms, in years */
};

/* The middle of a term in decimal years. A term holds its days start..end, both counted, i.e. the
 * time from the beginning of its first day to the end of its last, so its middle is
 * start + (end − start + 1)/2 days (a whole or a half day): the whole of 2017 has its middle at
 * 2017.5, as a year of a yearly series does (y + 0.5). */
static double term_midpoint(int32_t start, int32_t end)
{
    double mid = (double)start + (double)(end - start + 1) / 2.0;
    int32_t day = (int32_t)floor(mid);
    int y, m, d;
    chiso_civil_from_days(day, &y, &m, &d);
    double len = (double)(chiso_days_from_civil(y + 1, 1, 1) - chiso_days_from_civil(y, 1, 1));
    return chiso_decimal_year(day) + (mid - (double)day) / len;
}

/* Points of a term series: the comparable value of each term at the term's midpoint; a level (a stock
 * read at a date) at the day of the figure it is. */
static chiso_status term_points(const chiso_dataset *ds, const series *S, chiso_trend_point **out, size_t *n)
{
    chiso_trend_point *p = calloc(S->n ? S->n : 1, sizeof *p);
    if (!p)
        return CHISO_ENOMEM;
    for (size_t k = 0; k < S->n; k++) {
        const chiso_norm_row *r = S->items[k].row;
        p[k].x = term_midpoint(S->items[k].term_start, S->items[k].term_end);
        if (value_kind_of(ds, r->indicator_index) == CHISO_VK_LEVEL && r->basis == CHISO_BASIS_POINT) {
            int32_t day = 0;
            for (size_t q = 0; q < r->n_obs; q++) {
                chiso_obs_info o;
                if (chiso_dataset_obs(ds, (size_t)r->obs[q], &o) == CHISO_OK && o.end.day > day)
                    day = o.end.day;
            }
            if (day)
                p[k].x = chiso_decimal_year(day); /* as a yearly series places a level */
        }
        p[k].y = row_value(ds, r, &p[k].y_point);
        p[k].weight = r->coverage_years > 0 ? r->coverage_years : 1;
        p[k].label = r->term;
        p[k].count = NAN;
        p[k].exposure = NAN;
        if (value_kind_of(ds, r->indicator_index) == CHISO_VK_ANNUAL && r->has_members && r->members_point > 0 &&
            r->coverage_years > 0) {
            p[k].count = r->point;
            p[k].exposure = r->members_point * r->coverage_years;
        }
    }
    *out = p;
    *n = S->n;
    return CHISO_OK;
}

/* Points of a yearly series: figures of one calendar year (or a level at a date). An "each year" figure
 * over several years is one statement, not a measurement of each of them: it narrows the years that have
 * a figure of their own and makes no point alone. The figures of one year combine by intersecting their
 * intervals (their hull when they conflict), so the points never depend on the order of the rows. */
static chiso_status year_points(const chiso_dataset *ds, long unit, long ind, int level, chiso_trend_point **out,
                                size_t *n, char **labels_out)
{
    size_t cap = 0, m = 0, cap_own = 0;
    chiso_trend_point *p = NULL;
    unsigned char *own = NULL; /* own[i]: point i is a figure of its year alone (not a spread bound) */
    char *labels = malloc(64 * 8);
    size_t lab_cap = 64, lab_n = 0;
    if (!labels)
        return CHISO_ENOMEM;
    chiso_value_kind kind = value_kind_of(ds, ind);
    for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
        chiso_obs_info o;
        chiso_dataset_obs(ds, i, &o);
        if (o.unit_index != unit || o.indicator_index != ind)
            continue;
        if (level && !(o.level == level && (o.flags & CHISO_OBS_AT_OR_ABOVE)))
            continue;
        if (!level && o.level)
            continue;
        int y0 = o.start.year, y1 = o.end.year;
        int whole_years = o.start.month <= 1 && o.start.mday <= 1 && (o.end.prec == CHISO_DATE_YEAR ||
                          (o.end.month == 12 && (o.end.prec == CHISO_DATE_MONTH || o.end.mday == 31)));
        int from, to;
        if (o.basis == CHISO_BASIS_POINT) {
            from = to = o.end.year;
        } else if (whole_years && y0 == y1) {
            from = to = y0;
        } else if (whole_years && o.basis == CHISO_BASIS_EACH_YEAR) {
            from = y0;
            to = y1;
        } else {
            continue;
        }
        for (int y = from; y <= to; y++) {
            if (chiso_grow((void **)&p, &cap, m + 1, sizeof *p) != 0 ||
                chiso_grow((void **)&own, &cap_own, m + 1, sizeof *own) != 0)
                goto oom;
            own[m] = from == to;
            if (lab_n + 1 > lab_cap) {
                char *nl = realloc(labels, (lab_cap *= 2) * 8);
                if (!nl)
                    goto oom;
                labels = nl;
            }
            snprintf(labels + lab_n * 8, 8, "%d", y < 0 ? 0 : y > 9999 ? 9999 : y);
            chiso_trend_point *q = &p[m++];
            memset(q, 0, sizeof *q);
            q->x = o.basis == CHISO_BASIS_POINT ? chiso_decimal_year(o.end.day) : y + 0.5;
            q->y = o.value.iv;
            q->y_point = o.value.point;
            q->weight = 1;
            q->label = (const char *)(uintptr_t)lab_n; /* fixed up below */
            q->count = kind == CHISO_VK_ANNUAL ? o.value.point : NAN;
            q->exposure = NAN;
            if (kind == CHISO_VK_ANNUAL) {
                chiso_interval mem;
                if (chiso_members_at(ds, unit, chiso_days_from_civil(y, 7, 1), &mem) && mem.lo > 0 &&
                    isfinite(mem.hi))
                    q->exposure = (mem.lo + mem.hi) / 2;
            }
            lab_n++;
        }
    }
    /* time order (x, then own figures first) */
    for (size_t i = 1; i < m; i++) {
        chiso_trend_point v = p[i];
        unsigned char vo = own[i];
        size_t k = i;
        while (k > 0 && (p[k - 1].x > v.x || (p[k - 1].x == v.x && own[k - 1] < vo))) {
            p[k] = p[k - 1];
            own[k] = own[k - 1];
            k--;
        }
        p[k] = v;
        own[k] = vo;
    }
    /* one point per x: the intersection of its figures; none without a figure of its own */
    size_t w = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && p[j].x == p[i].x)
            j++;
        if (!own[i]) { /* own figures sort first: none here */
            i = j;
            continue;
        }
        chiso_trend_point q = p[i];
        chiso_interval meet = q.y, hull = q.y;
        int conflict = 0;
        for (size_t k = i + 1; k < j; k++) {
            chiso_interval v = p[k].y;
            meet = chiso_interval_meet(meet, v);
            if (own[k]) {
                hull = chiso_interval_hull(hull, v);
                /* the point figure: the narrowest own figure's (the smaller on a tie) */
                double wk = p[k].y.hi - p[k].y.lo, wq = q.y.hi - q.y.lo;
                if (wk < wq || (wk == wq && p[k].y_point < q.y_point)) {
                    chiso_interval keep_y = q.y;
                    q = p[k];
                    q.y = keep_y;
                }
            }
            if (chiso_interval_empty(meet))
                conflict = 1;
        }
        q.y = conflict ? hull : meet;
        if (!conflict && (q.y_point < meet.lo || q.y_point > meet.hi))
            q.y_point = isinf(meet.hi) ? meet.lo : (meet.lo + meet.hi) / 2;
        p[w++] = q;
        i = j;
    }
    free(own);
    own = NULL;
    for (size_t i = 0; i < w; i++)
        p[i].label = labels + (uintptr_t)p[i].label * 8;
    *out = p;
    *n = w;
    *labels_out = labels;
    return CHISO_OK;
oom:
    free(p);
    free(own);
    free(labels);
    return CHISO_ENOMEM;
}

/* The slope of an OLS fit is linear in y: Σ c_i y_i with c_i = (x_i − x̄)/Sxx, so its extremes over
 * the intervals take each y_i at the end that the sign of c_i picks. */
static void slope_range(const chiso_trend_point *p, size_t n, double *smin, double *smax, double *ymin,
                        double *ymax)
{
    double xbar = 0;
    for (size_t i = 0; i < n; i++)
        xbar += p[i].x;
    xbar /= (double)n;
    double sxx = 0;
    for (size_t i = 0; i < n; i++)
        sxx += (p[i].x - xbar) * (p[i].x - xbar);
    double lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++) {
        double c = (p[i].x - xbar) / sxx;
        double a = c * p[i].y.lo, b = c * p[i].y.hi;
        if (c == 0)
            a = b = 0;
        lo += c > 0 ? a : b;
        hi += c > 0 ? b : a;
        ymin[i] = c > 0 ? p[i].y.lo : p[i].y.hi;
        ymax[i] = c > 0 ? p[i].y.hi : p[i].y.lo;
    }
    *smin = lo;
    *smax = hi;
}

static void set_message(struct chiso_trend_result *R, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void set_message(struct chiso_trend_result *R, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(R->message);
    R->message = chiso_strdup(buf);
    R->t.message = R->message;
}

static void analyse(struct chiso_trend_result *R)
{
    chiso_trend *t = &R->t;
    size_t n = t->n;
    chiso_lang lang = chiso_get_lang();
    double *x = malloc((n ? n : 1) * sizeof *x), *y = malloc((n ? n : 1) * sizeof *y),
           *w = malloc((n ? n : 1) * sizeof *w), *ya = malloc((n ? n : 1) * sizeof *ya),
           *yb = malloc((n ? n : 1) * sizeof *yb);
    int oom = 0; /* a test that could not run for want of memory: the whole result fails, never a
                  * result that says "not applicable" instead */
    chiso_status st;
    if (!x || !y || !w || !ya || !yb) {
        oom = 1;
        goto done;
    }
    int finite = 1;
    for (size_t i = 0; i < n; i++) {
        x[i] = t->points[i].x;
        y[i] = t->points[i].y_point;
        w[i] = t->points[i].weight;
        finite &= isfinite(y[i]);
    }
    const char *unitword = t->by == CHISO_BY_TERM ? _("terms") : _("years");
    t->ols_status = t->mk_status = t->sen_status = t->poisson_status = CHISO_TREND_TOO_FEW;
    if (n < 3 || !finite) {
        set_message(R, _("too few %s to test a trend (%zu): a trend needs at least 3"), unitword, n);
        goto done;
    }
    chiso_error e;
    if ((st = chiso_stats_ols(x, y, n, &t->ols, &e)) == CHISO_OK) {
        t->ols_status = CHISO_TREND_OK;
        if (t->by == CHISO_BY_TERM) /* per term of the series' mean length: a missing term is a gap */
            t->slope_per_term = t->ols.slope * R->term_len;
        oom |= chiso_stats_wls(x, y, w, n, 1, &t->wls, &e) == CHISO_ENOMEM;
    } else {
        oom |= st == CHISO_ENOMEM;
        t->ols_status = CHISO_TREND_NOT_APPLICABLE;
    }
    st = chiso_stats_mann_kendall(y, n, &t->mk, &e);
    oom |= st == CHISO_ENOMEM;
    if (st == CHISO_OK) {
        t->mk_status = CHISO_TREND_OK;
        t->mk_too_few = n <= 4;
    } else if (st == CHISO_EDOMAIN) {
        t->mk_status = CHISO_TREND_CONSTANT;
    }
    if ((st = chiso_stats_sen(x, y, n, &t->sen, &e)) == CHISO_OK)
        t->sen_status = CHISO_TREND_OK;
    oom |= st == CHISO_ENOMEM;
    if (y[0] > 0 && y[n - 1] >= 0 && x[n - 1] > x[0] &&
        chiso_stats_cagr(y[0], y[n - 1], x[n - 1] - x[0], &t->cagr, &e) == CHISO_OK)
        t->has_cagr = 1;
    /* events per member-year */
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(t->points[i].count) && isfinite(t->points[i].exposure))
            np++;
    if (np == n) {
        double *cnt = malloc(n * sizeof *cnt), *ex = malloc(n * sizeof *ex), *tt = malloc(n * sizeof *tt);
        if (cnt && ex && tt) {
            for (size_t i = 0; i < n; i++) {
                cnt[i] = t->points[i].count;
                ex[i] = t->points[i].exposure;
                /* terms at their real positions, in units of the mean term length */
                tt[i] = t->by == CHISO_BY_TERM ? (x[i] - x[0]) / R->term_len : x[i];
            }
            if ((st = chiso_stats_poisson_trend(tt, cnt, ex, n, &t->poisson, &e)) == CHISO_OK) {
                t->has_poisson = 1;
                t->poisson_status = CHISO_TREND_OK;
            } else {
                oom |= st == CHISO_ENOMEM;
                t->poisson_status = CHISO_TREND_NOT_APPLICABLE;
            }
        } else {
            oom = 1;
        }
        free(cnt);
        free(ex);
        free(tt);
    } else {
        t->poisson_status = CHISO_TREND_NOT_APPLICABLE;
    }
    /* the intervals */
    int inexact = 0;
    for (size_t i = 0; i < n; i++)
        inexact |= !chiso_interval_is_point(t->points[i].y);
    if (inexact && t->ols_status == CHISO_TREND_OK) {
        t->has_slope_range = 1;
        slope_range(t->points, n, &t->slope_min, &t->slope_max, ya, yb);
        t->sign_depends = t->slope_min < 0 && t->slope_max > 0;
        int sig = t->ols.p < 0.05;
        chiso_linfit fa, fb;
        int da = 0, db = 0;
        int fin_a = 1, fin_b = 1;
        for (size_t i = 0; i < n; i++) {
            fin_a &= isfinite(ya[i]);
            fin_b &= isfinite(yb[i]);
        }
        if (fin_a && (st = chiso_stats_ols(x, ya, n, &fa, &e)) == CHISO_OK)
            da = (fa.p < 0.05) != sig;
        else if (!fin_a)
            da = 1; /* an open-ended figure: any slope is possible that way */
        else
            oom |= st == CHISO_ENOMEM;
        if (fin_b && (st = chiso_stats_ols(x, yb, n, &fb, &e)) == CHISO_OK)
            db = (fb.p < 0.05) != sig;
        else if (!fin_b)
            db = 1;
        else
            oom |= st == CHISO_ENOMEM;
        t->significance_depends = da || db;
    }
    /* the sentence */
    char slope[64], pbuf[32], sen[64];
    int dec = t->kind == CHISO_VK_SHARE ? 2 : 1;
    chiso_format_number_trim(t->ols.slope, dec + 1, lang, slope, sizeof slope);
    chiso_format_number_trim(t->sen.slope, dec + 1, lang, sen, sizeof sen);
    if (t->mk_status == CHISO_TREND_CONSTANT) {
        set_message(R, _("the value is the same in all %zu %s: there is no trend to test"), n, unitword);
    } else if (t->mk_status == CHISO_TREND_OK && t->mk_too_few) {
        set_message(R, _("too few %s to test a trend (%zu): even a steady change cannot be told from chance; "
                         "the fitted line moves %s a year"),
                    unitword, n, slope);
    } else if (t->mk_status == CHISO_TREND_OK) {
        chiso_format_number(t->mk.p, 3, lang, pbuf, sizeof pbuf);
        if (t->mk.p < 0.05)
            set_message(R, _("%s: Mann-Kendall p = %s, Sen's slope %s a year"),
                        t->mk.s > 0 ? _("a rising trend") : _("a falling trend"), pbuf, sen);
        else
            set_message(R, _("no trend the data can show (Mann-Kendall p = %s); Sen's slope %s a year"), pbuf, sen);
    } else {
        set_message(R, _("a trend cannot be tested on these %zu %s"), n, unitword);
    }
    if (R->message && (t->sign_depends || t->significance_depends)) { /* (no message: out of memory) */
        char extra[1200];
        snprintf(extra, sizeof extra, "%s; %s", R->message,
                 t->sign_depends ? _("the inexact figures allow both a rise and a fall")
                                 : _("whether it is significant depends on how the inexact figures are read"));
        set_message(R, "%s", extra);
    }
done:
    if (oom) { /* chiso_analysis_trend fails with CHISO_ENOMEM */
        free(R->message);
        R->message = NULL;
        R->t.message = NULL;
    }
    free(x);
    free(y);
    free(w);
    free(ya);
    free(yb);
}

chiso_status chiso_analysis_trend(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_select *sel,
                                  chiso_trend_by by, chiso_trend_result **out, chiso_error *err)
{
    if (!ds || !norm || !sel || !out || !sel->unit || !sel->indicators || !sel->indicators[0])
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s",
                               _("a trend needs one unit and one indicator"));
    *out = NULL;
    chiso_stats_init();
    long unit = chiso_dataset_find_unit(ds, sel->unit);
    long ind = chiso_dataset_find_indicator(ds, sel->indicators[0]);
    if (unit < 0)
        return chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, _("the dataset has no unit '%s'"), sel->unit);
    if (ind < 0)
        return chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, _("the dataset has no indicator '%s'"),
                               sel->indicators[0]);
    struct chiso_trend_result *R = calloc(1, sizeof *R);
    if (!R)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    chiso_status st = CHISO_OK;
    R->t.unit = sel->unit;
    R->t.indicator = sel->indicators[0];
    R->t.level = sel->level;
    R->t.by = by;
    R->t.kind = value_kind_of(ds, ind);
    /* the stored names must outlive sel: point them into the dataset */
    chiso_unit_info U;
    chiso_indicator_info I;
    chiso_dataset_unit(ds, (size_t)unit, &U);
    chiso_dataset_indicator(ds, (size_t)ind, &I);
    R->t.unit = U.code;
    R->t.indicator = I.code;
    if (by == CHISO_BY_TERM) {
        chiso_select one = {sel->unit, sel->indicators, NULL, sel->level};
        const char *only[2] = {sel->indicators[0], NULL};
        one.indicators = only;
        series *ss = NULL;
        size_t ns = 0;
        if (series_build(ds, norm, &one, &ss, &ns) != CHISO_OK) {
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            goto fail;
        }
        const series *S = NULL;
        for (size_t i = 0; i < ns; i++)
            if (ss[i].level == sel->level && !ss[i].label)
                S = &ss[i];
        if (!S) {
            int has_levels = 0;
            for (size_t i = 0; i < ns; i++)
                has_levels |= ss[i].level > 0;
            series_free_all(ss, ns);
            if (has_levels && !sel->level)
                st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                                     _("'%s' is a rating indicator: choose a level with --rating 1..4 (at or "
                                       "above that level)"),
                                     I.code);
            else
                st = chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0,
                                     _("the dataset has no figures of '%s' for unit '%s'%s"), I.code, U.code,
                                     sel->level ? _(" at that rating level") : "");
            goto fail;
        }
        size_t n;
        R->term_len = 0;
        for (size_t k = 0; k < S->n; k++)
            R->term_len += chiso_span_years(S->items[k].term_start, S->items[k].term_end) / (double)S->n;
        if (term_points(ds, S, &R->points, &n) != CHISO_OK) {
            series_free_all(ss, ns);
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            goto fail;
        }
        R->t.n = n;
        series_free_all(ss, ns);
    } else {
        size_t n;
        if (year_points(ds, unit, ind, sel->level, &R->points, &n, &R->labels) != CHISO_OK) {
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            goto fail;
        }
        R->t.n = n;
    }
    R->t.points = R->points;
    analyse(R);
    if (!R->message) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto fail;
    }
    *out = R;
    return CHISO_OK;
fail:
    chiso_trend_result_free(R);
    return st;
}

void chiso_trend_result_free(chiso_trend_result *t)
{
    if (!t)
        return;
    free(t->points);
    free(t->labels);
    free(t->message);
    free(t);
}

const chiso_trend *chiso_trend_result_get(const chiso_trend_result *t)
{
    return t ? &t->t : NULL;
}

static void json_fit(chiso_buf *b, const chiso_linfit *f, int ok)
{
    if (!ok) {
        chiso_buf_puts(b, "null");
        return;
    }
    chiso_buf_puts(b, "{\"slope\": ");
    chiso_json_num(b, f->slope);
    chiso_buf_puts(b, ", \"intercept\": ");
    chiso_json_num(b, f->intercept);
    chiso_buf_puts(b, ", \"se_slope\": ");
    chiso_json_num(b, f->se_slope);
    chiso_buf_puts(b, ", \"ci95\": [");
    chiso_json_num(b, f->ci95_lo);
    chiso_buf_puts(b, ", ");
    chiso_json_num(b, f->ci95_hi);
    chiso_buf_puts(b, "], \"r2\": ");
    chiso_json_num(b, f->r2);
    chiso_buf_puts(b, ", \"p\": ");
    chiso_json_num(b, f->p);
    chiso_buf_puts(b, "}");
}

static const char *status_name(chiso_trend_status s)
{
    switch (s) {
    case CHISO_TREND_OK: return "ok";
    case CHISO_TREND_TOO_FEW: return "too_few";
    case CHISO_TREND_CONSTANT: return "constant";
    default: return "not_applicable";
    }
}

char *chiso_trend_to_json(const chiso_trend_result *R)
{
    const chiso_trend *t = &R->t;
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "{\"unit\": ");
    chiso_json_str(&b, t->unit);
    chiso_buf_puts(&b, ", \"indicator\": ");
    chiso_json_str(&b, t->indicator);
    chiso_buf_puts(&b, ", \"level\": ");
    if (t->level)
        chiso_buf_printf(&b, "%d", t->level);
    else
        chiso_buf_puts(&b, "null");
    chiso_buf_printf(&b, ", \"by\": \"%s\", \"n\": %zu, \"points\": [", t->by == CHISO_BY_TERM ? "term" : "year", t->n);
    for (size_t i = 0; i < t->n; i++) {
        chiso_buf_puts(&b, i ? ", {\"label\": " : "{\"label\": ");
        chiso_json_str(&b, t->points[i].label);
        chiso_buf_puts(&b, ", \"x\": ");
        chiso_json_num(&b, t->points[i].x);
        chiso_buf_puts(&b, ", \"y\": ");
        chiso_json_interval(&b, 1, t->points[i].y);
        chiso_buf_puts(&b, ", \"y_point\": ");
        chiso_json_num(&b, t->points[i].y_point);
        chiso_buf_puts(&b, ", \"weight\": ");
        chiso_json_num(&b, t->points[i].weight);
        chiso_buf_puts(&b, "}");
    }
    chiso_buf_puts(&b, "], \"ols\": ");
    json_fit(&b, &t->ols, t->ols_status == CHISO_TREND_OK);
    chiso_buf_puts(&b, ", \"wls\": ");
    json_fit(&b, &t->wls, t->ols_status == CHISO_TREND_OK);
    chiso_buf_puts(&b, ", \"slope_per_term\": ");
    chiso_json_num(&b, t->ols_status == CHISO_TREND_OK && t->by == CHISO_BY_TERM ? t->slope_per_term : NAN);
    chiso_buf_puts(&b, ", \"mann_kendall\": ");
    if (t->mk_status == CHISO_TREND_OK) {
        chiso_buf_puts(&b, "{\"s\": ");
        chiso_json_num(&b, t->mk.s);
        chiso_buf_puts(&b, ", \"var_s\": ");
        chiso_json_num(&b, t->mk.var_s);
        chiso_buf_puts(&b, ", \"z\": ");
        chiso_json_num(&b, t->mk.z);
        chiso_buf_puts(&b, ", \"p\": ");
        chiso_json_num(&b, t->mk.p);
        chiso_buf_puts(&b, ", \"tau\": ");
        chiso_json_num(&b, t->mk.tau_b);
        chiso_buf_printf(&b, ", \"exact\": %s, \"too_few\": %s}", t->mk.exact ? "true" : "false",
                         t->mk_too_few ? "true" : "false");
    } else {
        chiso_buf_puts(&b, "null");
    }
    chiso_buf_puts(&b, ", \"sen\": ");
    if (t->sen_status == CHISO_TREND_OK) {
        chiso_buf_puts(&b, "{\"slope\": ");
        chiso_json_num(&b, t->sen.slope);
        chiso_buf_puts(&b, ", \"intercept\": ");
        chiso_json_num(&b, t->sen.intercept);
        chiso_buf_puts(&b, ", \"ci95\": ");
        if (t->sen.ci_available) {
            chiso_buf_puts(&b, "[");
            chiso_json_num(&b, t->sen.ci95_lo);
            chiso_buf_puts(&b, ", ");
            chiso_json_num(&b, t->sen.ci95_hi);
            chiso_buf_puts(&b, "]}");
        } else {
            chiso_buf_puts(&b, "null}");
        }
    } else {
        chiso_buf_puts(&b, "null");
    }
    chiso_buf_puts(&b, ", \"cagr\": ");
    chiso_json_num(&b, t->has_cagr ? t->cagr : NAN);
    chiso_buf_puts(&b, ", \"poisson\": ");
    if (t->has_poisson) {
        chiso_buf_puts(&b, "{\"rate_ratio\": ");
        chiso_json_num(&b, t->poisson.rate_ratio);
        chiso_buf_puts(&b, ", \"ci95\": [");
        chiso_json_num(&b, t->poisson.ci95_lo);
        chiso_buf_puts(&b, ", ");
        chiso_json_num(&b, t->poisson.ci95_hi);
        chiso_buf_puts(&b, "], \"p\": ");
        chiso_json_num(&b, t->poisson.p);
        chiso_buf_puts(&b, ", \"dispersion\": ");
        chiso_json_num(&b, t->poisson.dispersion);
        chiso_buf_printf(&b, ", \"overdispersed\": %s, \"quasi_ci95\": [", t->poisson.overdispersed ? "true" : "false");
        chiso_json_num(&b, t->poisson.qp_ci95_lo);
        chiso_buf_puts(&b, ", ");
        chiso_json_num(&b, t->poisson.qp_ci95_hi);
        chiso_buf_puts(&b, "], \"quasi_p\": ");
        chiso_json_num(&b, t->poisson.qp_p);
        chiso_buf_puts(&b, "}");
    } else {
        chiso_buf_puts(&b, "null");
    }
    chiso_buf_puts(&b, ", \"slope_range\": ");
    if (t->has_slope_range) {
        chiso_buf_puts(&b, "[");
        chiso_json_num(&b, t->slope_min);
        chiso_buf_puts(&b, ", ");
        chiso_json_num(&b, t->slope_max);
        chiso_buf_printf(&b, "], \"sign_depends\": %s, \"significance_depends\": %s",
                         t->sign_depends ? "true" : "false", t->significance_depends ? "true" : "false");
    } else {
        chiso_buf_puts(&b, "null");
    }
    chiso_buf_printf(&b, ", \"status\": {\"ols\": \"%s\", \"mann_kendall\": \"%s\", \"sen\": \"%s\", \"poisson\": \"%s\"}",
                     status_name(t->ols_status), status_name(t->mk_status), status_name(t->sen_status),
                     status_name(t->poisson_status));
    chiso_buf_puts(&b, ", \"message\": ");
    chiso_json_str(&b, t->message);
    chiso_buf_puts(&b, "}\n");
    return chiso_buf_take(&b);
}

char *chiso_trend_to_csv(const chiso_trend_result *R)
{
    const chiso_trend *t = &R->t;
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "statistic,value\n");
    struct {
        const char *name;
        double v;
        int ok;
    } rows[] = {
        {"n", (double)t->n, 1},
        {"ols_slope", t->ols.slope, t->ols_status == CHISO_TREND_OK},
        {"ols_intercept", t->ols.intercept, t->ols_status == CHISO_TREND_OK},
        {"ols_se_slope", t->ols.se_slope, t->ols_status == CHISO_TREND_OK},
        {"ols_ci95_lo", t->ols.ci95_lo, t->ols_status == CHISO_TREND_OK},
        {"ols_ci95_hi", t->ols.ci95_hi, t->ols_status == CHISO_TREND_OK},
        {"ols_r2", t->ols.r2, t->ols_status == CHISO_TREND_OK},
        {"ols_p", t->ols.p, t->ols_status == CHISO_TREND_OK},
        {"wls_slope", t->wls.slope, t->ols_status == CHISO_TREND_OK},
        {"wls_se_slope", t->wls.se_slope, t->ols_status == CHISO_TREND_OK},
        {"wls_p", t->wls.p, t->ols_status == CHISO_TREND_OK},
        {"mk_s", t->mk.s, t->mk_status == CHISO_TREND_OK},
        {"mk_var_s", t->mk.var_s, t->mk_status == CHISO_TREND_OK},
        {"mk_z", t->mk.z, t->mk_status == CHISO_TREND_OK},
        {"mk_p", t->mk.p, t->mk_status == CHISO_TREND_OK},
        {"mk_tau_b", t->mk.tau_b, t->mk_status == CHISO_TREND_OK},
        {"sen_slope", t->sen.slope, t->sen_status == CHISO_TREND_OK},
        {"sen_intercept", t->sen.intercept, t->sen_status == CHISO_TREND_OK},
        {"sen_ci95_lo", t->sen.ci95_lo, t->sen_status == CHISO_TREND_OK && t->sen.ci_available},
        {"sen_ci95_hi", t->sen.ci95_hi, t->sen_status == CHISO_TREND_OK && t->sen.ci_available},
        {"cagr", t->cagr, t->has_cagr},
        {"poisson_rate_ratio", t->poisson.rate_ratio, t->has_poisson},
        {"poisson_ci95_lo", t->poisson.ci95_lo, t->has_poisson},
        {"poisson_ci95_hi", t->poisson.ci95_hi, t->has_poisson},
        {"poisson_dispersion", t->poisson.dispersion, t->has_poisson},
        {"poisson_quasi_ci95_lo", t->poisson.qp_ci95_lo, t->has_poisson},
        {"poisson_quasi_ci95_hi", t->poisson.qp_ci95_hi, t->has_poisson},
        {"poisson_quasi_p", t->poisson.qp_p, t->has_poisson},
        {"slope_min", t->slope_min, t->has_slope_range},
        {"slope_max", t->slope_max, t->has_slope_range},
    };
    for (size_t i = 0; i < CHISO_ARRAY_LEN(rows); i++) {
        chiso_buf_printf(&b, "%s,", rows[i].name);
        if (rows[i].ok)
            chiso_csv_num(&b, rows[i].v);
        chiso_buf_puts(&b, "\n");
    }
    return chiso_buf_take(&b);
}

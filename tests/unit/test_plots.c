/* tests/unit/test_plots.c — charts (plots/): what a chart shows equals the analysis results, tested on
 * the scene (the layer between the results and plplot); the layout leaves no text on another; rendered
 * files are valid and not blank in all three formats; errors leave no file behind; and the rate at which
 * PNG charts are drawn (printed, not asserted). */
#define _GNU_SOURCE
#include "testutil.h"

#include "chiso/analysis.h"
#include "chiso/plots.h"
#include "plots/plots_int.h"

#include <dirent.h>
#include <math.h>
#include <plplot.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static chiso_dataset *g_ds;      /* the default dataset, with the illustrative targets */
static chiso_normalized *g_norm;
static char *g_dir;              /* a temporary folder for rendered files */

static int setup_default(void **state)
{
    (void)state;
    chiso_error err;
    chiso_error_clear(&err);
    chiso_load_opts lo;
    chiso_load_opts_default(&lo);
    lo.illustrative = 1;
    chiso_diags *d = chiso_diags_new();
    if (!d || chiso_dataset_load_default(&lo, d, &g_ds, &err) != CHISO_OK) {
        print_error("load: %s\n", err.msg);
        chiso_diags_free(d);
        return -1;
    }
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    if (chiso_normalize(g_ds, &no, NULL, &g_norm, &err) != CHISO_OK) {
        print_error("normalize: %s\n", err.msg);
        chiso_diags_free(d);
        return -1;
    }
    chiso_diags_free(d);
    g_dir = chiso_test_mkdtemp();
    return g_dir ? 0 : -1;
}

static int teardown_default(void **state)
{
    (void)state;
    chiso_normalized_free(g_norm);
    chiso_dataset_free(g_ds);
    if (g_dir)
        chiso_test_rmtree(g_dir);
    free(g_dir);
    return 0;
}

/* ---- helpers ----------------------------------------------------------------------------------- */

static chiso_scene *build(const chiso_dataset *ds, const chiso_normalized *n, const chiso_chart_opts *o)
{
    chiso_scene *s = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = chiso_chart_build(ds, n, o, &s, &err);
    if (st != CHISO_OK)
        print_error("build: %s\n", err.msg);
    assert_int_equal(st, CHISO_OK);
    assert_non_null(s);
    return s;
}

static chiso_chart_opts opts_of(chiso_chart_kind kind, const char *unit, const char *const *inds, chiso_lang lang)
{
    chiso_chart_opts o;
    chiso_chart_opts_default(&o);
    o.kind = kind;
    o.unit = unit;
    o.indicators = inds;
    o.lang = lang;
    return o;
}

static int is(const chiso_prim *p, chiso_prim_kind kind, const char *role)
{
    return p->kind == kind && p->role && strcmp(p->role, role) == 0;
}

/* The first primitive of a kind and role for key (NULL key: any), or NULL. */
static const chiso_prim *find(const chiso_scene *s, chiso_prim_kind kind, const char *role, const char *key)
{
    for (size_t i = 0; i < chiso_scene_count(s); i++) {
        const chiso_prim *p = chiso_scene_get(s, i);
        if (is(p, kind, role) && (!key || (p->key && strcmp(p->key, key) == 0)))
            return p;
    }
    return NULL;
}

static size_t count(const chiso_scene *s, chiso_prim_kind kind, const char *role)
{
    size_t n = 0;
    for (size_t i = 0; i < chiso_scene_count(s); i++)
        n += is(chiso_scene_get(s, i), kind, role);
    return n;
}

static const char *caption(const chiso_scene *s)
{
    const chiso_prim *p = find(s, CHISO_PRIM_TEXT, "caption", NULL);
    return p ? p->text : "";
}

static chiso_comparison *compare_of(const chiso_dataset *ds, const chiso_normalized *n, const char *unit,
                                    const char *ind, int level)
{
    const char *inds[2] = {ind, NULL};
    chiso_select sel = {unit, inds, NULL, level};
    chiso_comparison *c = NULL;
    chiso_error err;
    assert_int_equal(chiso_analysis_compare(ds, n, &sel, &c, &err), CHISO_OK);
    return c;
}

/* ---- small datasets in memory ------------------------------------------------------------------ */

typedef struct mem {
    chiso_dataset *ds;
    chiso_normalized *norm;
} mem;

static mem mem_load(const char *units, const char *terms, const char *obs, const char *indicators)
{
    const char *names[4] = {"terms.csv", "observations.csv", "units.csv", "indicators.csv"};
    const char *data[4] = {terms, obs, units, indicators};
    size_t size[4] = {strlen(terms), strlen(obs), units ? strlen(units) : 0, indicators ? strlen(indicators) : 0};
    size_t n = 2;
    if (units)
        n = 3;
    if (indicators) {
        names[n] = "indicators.csv";
        data[n] = indicators;
        size[n] = strlen(indicators);
        n++;
    }
    chiso_diags *d = chiso_diags_new();
    assert_non_null(d);
    mem m = {NULL, NULL};
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = chiso_dataset_load_mem("ds", n, names, data, size, NULL, d, &m.ds, &err);
    if (st != CHISO_OK)
        print_error("load: %s\n", err.msg);
    assert_int_equal(st, CHISO_OK);
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        if (g->severity == CHISO_ERROR)
            print_error("%s:%ld: %s\n", g->file ? g->file : "", g->line, g->msg);
    }
    assert_int_equal(chiso_diags_errors(d), 0);
    chiso_diags_free(d);
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    assert_int_equal(chiso_normalize(m.ds, &no, NULL, &m.norm, &err), CHISO_OK);
    return m;
}

static void mem_free(mem *m)
{
    chiso_normalized_free(m->norm);
    chiso_dataset_free(m->ds);
}

/* ---- options and names ------------------------------------------------------------------------- */

static void test_format_of(void **state)
{
    (void)state;
    assert_int_equal(chiso_chart_format_of("a.png"), 0);
    assert_int_equal(chiso_chart_format_of("dir/b.SVG"), 1);
    assert_int_equal(chiso_chart_format_of("c.pdf"), 2);
    assert_int_equal(chiso_chart_format_of("d.jpeg"), -1);
    assert_int_equal(chiso_chart_format_of(".png"), -1);
    assert_int_equal(chiso_chart_format_of("dir/.png"), -1);
    assert_int_equal(chiso_chart_format_of("png"), -1);
    assert_int_equal(chiso_chart_format_of(NULL), -1);
    chiso_chart_kind k;
    assert_true(chiso_chart_kind_parse("ratings", &k));
    assert_int_equal(k, CHISO_CHART_RATINGS);
    assert_false(chiso_chart_kind_parse("pie", &k));
    chiso_chart_per per;
    assert_true(chiso_chart_per_parse("100members", &per));
    assert_int_equal(per, CHISO_PER_100MEMBERS);
    assert_false(chiso_chart_per_parse("month", &per));
    assert_int_equal(chiso_palette_rgb(5), 0x0072B2); /* Okabe–Ito blue */
    assert_int_equal(chiso_palette_rgb(6), 0xD55E00); /* vermillion */
}

/* ---- compare ----------------------------------------------------------------------------------- */

/* Bar heights are the annual rates of the comparison; partial terms write their coverage. */
static void test_compare_annual_rates(void **state)
{
    (void)state;
    const char *inds[] = {"admitted", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_COMPARE, "dbk-hp", inds, CHISO_LANG_VI);
    chiso_scene *s = build(g_ds, g_norm, &o);
    chiso_comparison *c = compare_of(g_ds, g_norm, "dbk-hp", "admitted", 0);
    assert_int_equal(count(s, CHISO_PRIM_BAR, "value"), chiso_comparison_count(c));
    assert_int_equal(count(s, CHISO_PRIM_TICK, "term"), chiso_comparison_count(c));
    size_t partial = 0;
    for (size_t i = 0; i < chiso_comparison_count(c); i++) {
        const chiso_compare_row *r = chiso_comparison_get(c, i);
        const chiso_prim *b = find(s, CHISO_PRIM_BAR, "value", r->term);
        assert_non_null(b);
        assert_rel(b->y0, 0, 1e-12);
        assert_rel(b->y1, r->point, 1e-12);
        assert_int_equal(b->style, CHISO_STYLE_SOLID);
        assert_true(b->x1 > b->x0);
        assert_null(find(s, CHISO_PRIM_BAR, "projected", r->term)); /* rates need no projection */
        const chiso_prim *cov = find(s, CHISO_PRIM_TEXT, "coverage", r->term);
        assert_int_equal(cov != NULL, r->partial);
        partial += r->partial;
    }
    assert_int_equal(partial, 2); /* terms V and VI */
    /* the label in Vietnamese style: 250,3 a year → "250" (no decimals from 100 up), 68 → "68" */
    assert_string_equal(find(s, CHISO_PRIM_BAR, "value", "lt")->text, "68");
    assert_string_equal(find(s, CHISO_PRIM_TEXT, "coverage", "V")->text, "3,4/5,0 năm");
    double ymin, ymax;
    chiso_scene_axes(s, 0, NULL, NULL, &ymin, &ymax, NULL, NULL);
    assert_rel(ymin, 0, 0); /* bars start at zero */
    assert_true(ymax >= 254.2);
    assert_string_equal(chiso_scene_title(s), "Kết nạp đảng viên");
    assert_non_null(strstr(chiso_scene_source(s), "Nguồn: 000_17d250f75772683e.txt"));
    chiso_comparison_free(c);
    chiso_scene_free(s);
}

/* Term totals: the reported part solid, the rest of the term at the same pace hatched on top. */
static void test_compare_term_totals_hatched(void **state)
{
    (void)state;
    const char *inds[] = {"admitted", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_COMPARE, "dbk-hp", inds, CHISO_LANG_EN);
    o.per = CHISO_PER_TERM;
    chiso_scene *s = build(g_ds, g_norm, &o);
    chiso_comparison *c = compare_of(g_ds, g_norm, "dbk-hp", "admitted", 0);
    size_t hatched = 0;
    for (size_t i = 0; i < chiso_comparison_count(c); i++) {
        const chiso_compare_row *r = chiso_comparison_get(c, i);
        const chiso_prim *b = find(s, CHISO_PRIM_BAR, "value", r->term);
        assert_non_null(b);
        assert_rel(b->y1, r->total_point, 1e-12);
        const chiso_prim *h = find(s, CHISO_PRIM_BAR, "projected", r->term);
        if (r->partial && r->has_projected) {
            assert_non_null(h);
            assert_int_equal(h->style, CHISO_STYLE_HATCHED);
            assert_rel(h->y0, r->total_point, 1e-12);
            assert_rel(h->y1, r->projected_point, 1e-12);
            assert_rel(h->y1 - h->y0, r->projected_point - r->total_point, 1e-9);
            assert_rel(h->x0, b->x0, 0);
            hatched++;
        } else {
            assert_null(h);
        }
    }
    assert_int_equal(hatched, 2);
    /* term V: 854 reported, 1 258 at the same pace (notebook 01) */
    assert_rel(find(s, CHISO_PRIM_BAR, "value", "V")->y1, 854, 0);
    assert_string_equal(find(s, CHISO_PRIM_BAR, "value", "IV")->text, "1,247");
    assert_non_null(find(s, CHISO_PRIM_LEGEND, "legend", NULL));
    chiso_comparison_free(c);
    chiso_scene_free(s);
}

/* An inexact figure is a faded range with a whisker between its ends, never a solid bar. */
static void test_compare_inexact_whiskers(void **state)
{
    (void)state;
    const char *inds[] = {"org_rating_share", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_COMPARE, "dbk-hp", inds, CHISO_LANG_VI);
    o.level = 4;
    chiso_scene *s = build(g_ds, g_norm, &o);
    chiso_comparison *c = compare_of(g_ds, g_norm, "dbk-hp", "org_rating_share", 4);
    size_t inexact = 0;
    for (size_t i = 0; i < chiso_comparison_count(c); i++) {
        const chiso_compare_row *r = chiso_comparison_get(c, i);
        if (chiso_interval_is_point(r->value)) {
            assert_rel(find(s, CHISO_PRIM_BAR, "value", r->term)->y1, r->point, 1e-12);
            continue;
        }
        inexact++;
        assert_null(find(s, CHISO_PRIM_BAR, "value", r->term));
        const chiso_prim *w = find(s, CHISO_PRIM_WHISKER, "interval", r->term);
        const chiso_prim *f = find(s, CHISO_PRIM_BAR, "interval", r->term);
        assert_non_null(w);
        assert_non_null(f);
        assert_int_equal(f->style, CHISO_STYLE_FADED);
        assert_rel(w->y0, r->value.lo, 1e-12);
        assert_rel(w->y1, r->value.hi, 1e-12);
        assert_rel(f->y0, r->value.lo, 1e-12);
        assert_rel(f->y1, r->value.hi, 1e-12);
    }
    assert_int_equal(inexact, 3); /* "trên 60%", "trên 80%", "trên 70%" */
    assert_string_equal(find(s, CHISO_PRIM_BAR, "interval", "I")->text, "trên 60%"); /* as the source writes it, not "> 60%" nor "≥ 60%" */
    chiso_comparison_free(c);
    chiso_scene_free(s);
    /* an open upper end ("> 3 000 members") is clipped at the axis and flagged */
    const char *m[] = {"members", NULL};
    o = opts_of(CHISO_CHART_COMPARE, "dbk-hp", m, CHISO_LANG_VI);
    s = build(g_ds, g_norm, &o);
    const chiso_prim *w = find(s, CHISO_PRIM_WHISKER, "interval", "I");
    assert_non_null(w);
    assert_rel(w->y0, 3000, 0);
    double ymax;
    chiso_scene_axes(s, 0, NULL, NULL, NULL, &ymax, NULL, NULL);
    assert_rel(w->y1, ymax, 0);
    assert_true(w->flags & CHISO_PRIM_OPEN_HI);
    assert_string_equal(find(s, CHISO_PRIM_BAR, "interval", "I")->text, "trên 3.000");
    chiso_scene_free(s);
}

/* Several indicators of one measure: grouped bars side by side; different measures are refused. */
static void test_compare_grouped(void **state)
{
    (void)state;
    const char *inds[] = {"admitted", "confirmed", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_COMPARE, "dbk-hp", inds, CHISO_LANG_EN);
    chiso_scene *s = build(g_ds, g_norm, &o);
    size_t legends = 0, colors[2] = {0, 0};
    for (size_t i = 0; i < chiso_scene_count(s); i++) {
        const chiso_prim *p = chiso_scene_get(s, i);
        if (is(p, CHISO_PRIM_LEGEND, "legend") && p->x0 == CHISO_PRIM_BAR && p->style == CHISO_STYLE_SOLID)
            colors[legends++ % 2] = (size_t)p->color;
    }
    assert_int_equal(legends, 2);
    assert_int_not_equal(colors[0], colors[1]);
    /* in term IV both series have a bar, side by side */
    const chiso_prim *a = NULL, *b = NULL;
    for (size_t i = 0; i < chiso_scene_count(s); i++) {
        const chiso_prim *p = chiso_scene_get(s, i);
        if (is(p, CHISO_PRIM_BAR, "value") && strcmp(p->key, "IV") == 0)
            *(a ? &b : &a) = p;
    }
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a->x1 <= b->x0 || b->x1 <= a->x0);
    chiso_comparison *c = compare_of(g_ds, g_norm, "dbk-hp", "confirmed", 0);
    assert_rel(b->y1, chiso_comparison_get(c, 0)->point, 1e-12); /* confirmed, term IV: 1 109 over 5.0 years */
    assert_string_equal(chiso_comparison_get(c, 0)->term, "IV");
    assert_rel(b->y1, 1109 / chiso_comparison_get(c, 0)->coverage_years, 1e-12);
    chiso_comparison_free(c);
    chiso_scene_free(s);
    const char *mixed[] = {"admitted", "members", NULL};
    o = opts_of(CHISO_CHART_COMPARE, "dbk-hp", mixed, CHISO_LANG_EN);
    chiso_scene *bad = NULL;
    chiso_error err;
    assert_int_equal(chiso_chart_build(g_ds, g_norm, &o, &bad, &err), CHISO_EINVAL);
    assert_null(bad);
    assert_non_null(strstr(err.msg, "separate charts"));
}

/* A hand-made dataset: rates, totals and per-100-member figures computed by hand. */
static void test_compare_hand_made(void **state)
{
    (void)state;
    mem m = mem_load("unit,name\nu,Đảng bộ Thử\n", "unit,term,label,start,end\nu,A,Nhiệm kỳ A,2001,2002\nu,B,Nhiệm kỳ B,2003,2006\n",
                     "unit,indicator,period_start,period_end,value\n"
                     "u,admitted,2001,2002,30\n"
                     "u,admitted,2003,2004,50\n"
                     "u,members,2001-01-01,2001-01-01,1000\n"
                     "u,members,2006-12-31,2006-12-31,1000\n",
                     NULL);
    const char *inds[] = {"admitted", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_COMPARE, "u", inds, CHISO_LANG_EN);
    chiso_scene *s = build(m.ds, m.norm, &o);
    assert_rel(find(s, CHISO_PRIM_BAR, "value", "A")->y1, 15, 1e-9); /* 30 in 2 years */
    assert_rel(find(s, CHISO_PRIM_BAR, "value", "B")->y1, 25, 1e-9); /* 50 in the 2 of 4 years reported */
    assert_string_equal(find(s, CHISO_PRIM_TEXT, "coverage", "B")->text, "2.0/4.0 yrs");
    chiso_scene_free(s);
    o.per = CHISO_PER_TERM;
    s = build(m.ds, m.norm, &o);
    const chiso_prim *h = find(s, CHISO_PRIM_BAR, "projected", "B");
    assert_non_null(h);
    assert_rel(h->y0, 50, 1e-9);
    assert_rel(h->y1, 100, 1e-6); /* the same pace over the 4 years */
    chiso_scene_free(s);
    o.per = CHISO_PER_100MEMBERS;
    s = build(m.ds, m.norm, &o);
    assert_rel(find(s, CHISO_PRIM_BAR, "value", "A")->y1, 1.5, 1e-6); /* 15 a year per 1 000 members */
    chiso_scene_free(s);
    mem_free(&m);
}

/* A unit without figures: nothing to draw is an error with a message, not an empty chart. */
static void test_empty_series(void **state)
{
    (void)state;
    mem m = mem_load("unit,name\nu,U\nv,V\n", "unit,term,start,end\nu,A,2001,2002\nv,A,2001,2002\n",
                     "unit,indicator,period_start,period_end,value\nu,admitted,2001,2002,30\n", NULL);
    chiso_chart_kind kinds[] = {CHISO_CHART_COMPARE, CHISO_CHART_TREND, CHISO_CHART_ATTAIN, CHISO_CHART_RATINGS,
                                CHISO_CHART_DASHBOARD};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        chiso_chart_opts o = opts_of(kinds[k], "v", NULL, CHISO_LANG_EN);
        chiso_scene *s = NULL;
        chiso_error err;
        chiso_error_clear(&err);
        assert_int_equal(chiso_chart_build(m.ds, m.norm, &o, &s, &err), CHISO_EDOMAIN);
        assert_null(s);
        assert_true(strlen(err.msg) > 10);
        char path[4096];
        snprintf(path, sizeof path, "%s/empty%zu.png", g_dir, k);
        assert_int_equal(chiso_chart_render(m.ds, m.norm, &o, path, &err), CHISO_EDOMAIN);
        assert_int_equal(access(path, F_OK), -1);
    }
    const char *inds[] = {"admitted", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_COMPARE, "nowhere", inds, CHISO_LANG_EN);
    chiso_scene *s = NULL;
    chiso_error err;
    assert_int_equal(chiso_chart_build(m.ds, m.norm, &o, &s, &err), CHISO_ENOTFOUND);
    mem_free(&m);
}

/* ---- trend ------------------------------------------------------------------------------------- */

/* The fitted line is the OLS line of the points; the band is its 95% interval; the caption has the
 * slope per term, Sen's slope and the Mann–Kendall p. */
static void test_trend_fit(void **state)
{
    (void)state;
    const char *inds[] = {"admitted", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_TREND, "dbk-hp", inds, CHISO_LANG_EN);
    chiso_scene *s = build(g_ds, g_norm, &o);
    chiso_select sel = {"dbk-hp", inds, NULL, 0};
    chiso_trend_result *R = NULL;
    chiso_error err;
    assert_int_equal(chiso_analysis_trend(g_ds, g_norm, &sel, CHISO_BY_TERM, &R, &err), CHISO_OK);
    const chiso_trend *t = chiso_trend_result_get(R);
    assert_int_equal(count(s, CHISO_PRIM_MARKER, "point"), t->n);
    double x[16], y[16];
    for (size_t i = 0; i < t->n; i++) {
        x[i] = t->points[i].x;
        y[i] = t->points[i].y_point;
        const chiso_prim *p = find(s, CHISO_PRIM_MARKER, "point", t->points[i].label);
        assert_non_null(p);
        assert_rel(p->x0, x[i], 1e-12);
        assert_rel(p->y0, y[i], 1e-12);
    }
    chiso_linfit fit;
    assert_int_equal(chiso_stats_ols(x, y, t->n, &fit, &err), CHISO_OK);
    const chiso_prim *line = find(s, CHISO_PRIM_LINE, "fit", NULL);
    const chiso_prim *band = find(s, CHISO_PRIM_BAND, "band95", NULL);
    assert_non_null(line);
    assert_non_null(band);
    assert_true(line->n >= 2);
    for (size_t k = 0; k < line->n; k++) {
        assert_rel(line->ys[k], fit.intercept + fit.slope * line->xs[k], 1e-9);
        double se = sqrt(fit.cov00 + 2 * line->xs[k] * fit.cov01 + line->xs[k] * line->xs[k] * fit.cov11);
        double lo = fmax(line->ys[k] - fit.t_crit * se, 0);
        assert_rel(band->ys[k], lo, 1e-9);
        assert_true(band->ys_hi[k] >= line->ys[k] - 1e-9);
    }
    assert_rel(line->xs[0], x[0], 1e-12);
    assert_rel(line->xs[line->n - 1], x[t->n - 1], 1e-12);
    const char *cap = caption(s);
    assert_non_null(strstr(cap, "Slope +21.9 a term")); /* 4.850889 a year × 4.52 years, the mean term */
    assert_non_null(strstr(cap, "Sen's slope +5.46 a year"));
    assert_non_null(strstr(cap, "Mann–Kendall p = 0.069"));
    chiso_trend_result_free(R);
    chiso_scene_free(s);
}

static void test_trend_too_few(void **state)
{
    (void)state;
    mem m = mem_load(NULL, "unit,term,start,end\nu,A,2001,2002\nu,B,2003,2004\n",
                     "unit,indicator,period_start,period_end,value\nu,admitted,2001,2002,10\nu,admitted,2003,2004,20\n",
                     NULL);
    const char *inds[] = {"admitted", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_TREND, "u", inds, CHISO_LANG_VI);
    chiso_scene *s = build(m.ds, m.norm, &o);
    assert_null(find(s, CHISO_PRIM_LINE, "fit", NULL));
    assert_int_equal(count(s, CHISO_PRIM_MARKER, "point"), 2);
    assert_non_null(strstr(caption(s), "Quá ít nhiệm kỳ để kiểm định xu hướng"));
    chiso_scene_free(s);
    o.lang = CHISO_LANG_EN;
    s = build(m.ds, m.norm, &o);
    assert_non_null(strstr(caption(s), "Too few terms to test a trend"));
    chiso_scene_free(s);
    mem_free(&m);
}

/* ---- attain ------------------------------------------------------------------------------------ */

static void test_attain_markers(void **state)
{
    (void)state;
    chiso_chart_opts o = opts_of(CHISO_CHART_ATTAIN, "dbk-hp", NULL, CHISO_LANG_EN);
    o.illustrative = 1;
    chiso_scene *s = build(g_ds, g_norm, &o);
    chiso_attain_opts ao;
    chiso_attain_opts_default(&ao);
    ao.illustrative = 1;
    chiso_attainment *a = NULL;
    chiso_error err;
    assert_int_equal(chiso_analysis_attain(g_ds, g_norm, &ao, &a, &err), CHISO_OK);
    assert_int_equal(chiso_scene_panels(s), (int)chiso_attainment_count(a));
    size_t running_projected = 0;
    for (size_t i = 0; i < chiso_attainment_count(a); i++) {
        const chiso_attain_row *r = chiso_attainment_get(a, i);
        char key[32];
        snprintf(key, sizeof key, "%zu", i);
        assert_non_null(find(s, CHISO_PRIM_TICK, "row", key));
        const chiso_prim *v = find(s, CHISO_PRIM_TEXT, "verdict", key);
        assert_non_null(v);
        assert_true(strlen(v->text) > 0);
        const chiso_prim *t = find(s, CHISO_PRIM_MARKER, "target", key);
        if (!r->target->relative_to_members || r->has_target_abs) {
            assert_non_null(t);
            assert_int_equal(t->panel, (int)i);
            assert_rel(t->x0, r->target_value.lo, 1e-12);
        }
        const chiso_prim *b = find(s, CHISO_PRIM_BAR, "actual", key);
        assert_int_equal(b != NULL, r->has_actual);
        if (b && chiso_interval_is_point(r->actual)) {
            assert_int_equal(b->style, CHISO_STYLE_SOLID);
            assert_rel(b->x1, r->actual_point, 1e-12);
        } else if (b) {
            const chiso_prim *w = find(s, CHISO_PRIM_WHISKER, "interval", key);
            assert_non_null(w);
            assert_rel(w->x0, r->actual.lo, 1e-12);
            if (isfinite(r->actual.hi))
                assert_rel(w->x1, r->actual.hi, 1e-12);
            else
                assert_true(w->flags & CHISO_PRIM_OPEN_HI);
        }
        if (r->has_projection) {
            const chiso_prim *p95 = find(s, CHISO_PRIM_BAR, "projected95", key);
            const chiso_prim *pm = find(s, CHISO_PRIM_MARKER, "projected", key);
            assert_non_null(p95);
            assert_non_null(pm);
            assert_rel(p95->x0, r->proj_lo95, 1e-12);
            assert_rel(p95->x1, r->proj_hi95, 1e-12);
            assert_rel(pm->x0, r->proj_value, 1e-12);
            running_projected++;
        }
    }
    assert_true(running_projected >= 2); /* admissions and inspections of term VI */
    assert_non_null(strstr(chiso_scene_subtitle(s), "as of 2024-12-31"));
    chiso_attainment_free(a);
    chiso_scene_free(s);
}

/* ---- ratings ----------------------------------------------------------------------------------- */

static void test_ratings_stack(void **state)
{
    (void)state;
    const char *inds[] = {"org_rating_share", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_RATINGS, "dbk-hp", inds, CHISO_LANG_EN);
    chiso_scene *s = build(g_ds, g_norm, &o);
    /* every bar adds up to 100% and starts at 0 */
    const char *terms[] = {"I", "III", "IV", "V"};
    for (size_t t = 0; t < 4; t++) {
        double total = 0, lowest = INFINITY;
        for (size_t i = 0; i < chiso_scene_count(s); i++) {
            const chiso_prim *p = chiso_scene_get(s, i);
            if (p->kind == CHISO_PRIM_BAR && strcmp(p->key, terms[t]) == 0) {
                total += p->y1 - p->y0;
                lowest = fmin(lowest, p->y0);
            }
        }
        assert_rel(total, 100, 1e-9);
        assert_rel(lowest, 0, 0);
    }
    /* term III: 76% at level 4 exactly, the rest undivided levels 1–3 */
    assert_rel(find(s, CHISO_PRIM_BAR, "level4", "III")->y1, 76, 1e-12);
    const chiso_prim *rest = find(s, CHISO_PRIM_BAR, "levels", "III");
    assert_non_null(rest);
    assert_int_equal(rest->style, CHISO_STYLE_HATCHED);
    assert_rel(rest->y0, 76, 1e-12);
    /* term I: over 60% → level 4 up to 60, unknown from 60 to 100 */
    assert_rel(find(s, CHISO_PRIM_BAR, "level4", "I")->y1, 60, 1e-12);
    const chiso_prim *u = find(s, CHISO_PRIM_BAR, "uncertain", "I");
    assert_non_null(u);
    assert_rel(u->y0, 60, 1e-12);
    assert_rel(u->y1, 100, 1e-12);
    /* four schemes: the changes are marked */
    assert_int_equal(count(s, CHISO_PRIM_LINE, "scheme-change"), 3);
    assert_non_null(find(s, CHISO_PRIM_TEXT, "scheme-note", "V"));
    chiso_scene_free(s);
}

static void test_ratings_one_scheme_native_labels(void **state)
{
    (void)state;
    mem m = mem_load(NULL, "unit,term,start,end\nu,A,2019,2019\nu,B,2020,2020\n",
                     "unit,indicator,period_start,period_end,value,basis,rating\n"
                     "u,org_rating_share,2019,2019,25%,point,hoàn thành xuất sắc nhiệm vụ\n"
                     "u,org_rating_share,2019,2019,90%,point,hoàn thành tốt nhiệm vụ trở lên\n"
                     "u,org_rating_share,2020,2020,20%,point,hoàn thành xuất sắc nhiệm vụ\n",
                     NULL);
    const char *inds[] = {"org_rating_share", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_RATINGS, "u", inds, CHISO_LANG_VI);
    chiso_scene *s = build(m.ds, m.norm, &o);
    assert_rel(find(s, CHISO_PRIM_BAR, "level4", "A")->y1, 25, 1e-12);
    const chiso_prim *l3 = find(s, CHISO_PRIM_BAR, "level3", "A");
    assert_non_null(l3);
    assert_rel(l3->y0, 25, 1e-12);
    assert_rel(l3->y1, 90, 1e-12);
    int native = 0;
    for (size_t i = 0; i < chiso_scene_count(s); i++) {
        const chiso_prim *p = chiso_scene_get(s, i);
        if (is(p, CHISO_PRIM_LEGEND, "legend") && strstr(p->text, "hoàn thành xuất sắc nhiệm vụ"))
            native = 1;
    }
    assert_true(native);
    assert_int_equal(count(s, CHISO_PRIM_LINE, "scheme-change"), 0);
    chiso_scene_free(s);
    mem_free(&m);
}

/* ---- dashboard --------------------------------------------------------------------------------- */

static void test_dashboard(void **state)
{
    (void)state;
    chiso_chart_opts o = opts_of(CHISO_CHART_DASHBOARD, NULL, NULL, CHISO_LANG_VI);
    chiso_scene *s = build(g_ds, g_norm, &o);
    assert_true(chiso_scene_panels(s) >= 4 && chiso_scene_panels(s) <= 6);
    for (int p = 0; p < chiso_scene_panels(s); p++) {
        size_t ticks = 0;
        for (size_t i = 0; i < chiso_scene_count(s); i++) {
            const chiso_prim *q = chiso_scene_get(s, i);
            ticks += q->kind == CHISO_PRIM_TICK && q->panel == p;
        }
        assert_true(ticks >= 2);
    }
    /* the admissions panel holds the annual rates of the comparison */
    chiso_comparison *c = compare_of(g_ds, g_norm, "dbk-hp", "admitted", 0);
    const chiso_compare_row *iv = NULL;
    for (size_t i = 0; i < chiso_comparison_count(c); i++)
        if (strcmp(chiso_comparison_get(c, i)->term, "IV") == 0)
            iv = chiso_comparison_get(c, i);
    int found = 0;
    for (size_t i = 0; i < chiso_scene_count(s); i++) {
        const chiso_prim *q = chiso_scene_get(s, i);
        if (is(q, CHISO_PRIM_BAR, "value") && strcmp(q->key, "IV") == 0 && fabs(q->y1 - iv->point) < 1e-9)
            found = 1;
    }
    assert_true(found);
    chiso_comparison_free(c);
    chiso_scene_free(s);
}

/* ---- layout: no text on another ---------------------------------------------------------------- */

static void check_no_overlap(const chiso_scene *s, int format, const char *what)
{
    int w, h;
    pl_default_size(s, format, &w, &h);
    double scale = pl_format_scale(format, 0);
    pl_display d;
    chiso_error err;
    assert_int_equal(pl_layout(s, w / scale, h / scale, &d, &err), CHISO_OK);
    size_t other = 0;
    long i = pl_display_overlap(&d, 0.5, &other);
    if (i >= 0)
        print_error("%s: '%s' (%s) overlaps '%s' (%s)\n", what, d.ops[i].text, d.ops[i].role, d.ops[other].text,
                    d.ops[other].role);
    assert_int_equal(i, -1);
    /* every text lies on the page */
    for (size_t k = 0; k < d.n; k++)
        if (d.ops[k].kind == PL_OP_TEXT) {
            if (!(d.ops[k].x0 >= 0 && d.ops[k].x1 <= d.w && d.ops[k].y0 >= 0 && d.ops[k].y1 <= d.h))
                print_error("%s: '%s' leaves the page\n", what, d.ops[k].text);
            assert_true(d.ops[k].x0 >= 0 && d.ops[k].x1 <= d.w && d.ops[k].y0 >= 0 && d.ops[k].y1 <= d.h);
        }
    pl_display_free(&d);
}

static void test_layout_no_overlap(void **state)
{
    (void)state;
    const char *adm[] = {"admitted", NULL}, *two[] = {"admitted", "confirmed", "inspected_orgs", NULL};
    chiso_lang langs[] = {CHISO_LANG_VI, CHISO_LANG_EN};
    for (size_t l = 0; l < 2; l++) {
        chiso_chart_opts all[8];
        all[0] = opts_of(CHISO_CHART_COMPARE, NULL, NULL, langs[l]);
        all[1] = opts_of(CHISO_CHART_COMPARE, "dbk-hp", adm, langs[l]);
        all[1].per = CHISO_PER_TERM;
        all[2] = opts_of(CHISO_CHART_COMPARE, "dbk-hp", two, langs[l]);
        all[2].per = CHISO_PER_TERM;
        all[3] = opts_of(CHISO_CHART_TREND, NULL, NULL, langs[l]);
        all[4] = opts_of(CHISO_CHART_ATTAIN, NULL, NULL, langs[l]);
        all[4].illustrative = 1;
        all[5] = opts_of(CHISO_CHART_RATINGS, NULL, NULL, langs[l]);
        all[6] = opts_of(CHISO_CHART_DASHBOARD, NULL, NULL, langs[l]);
        const char *mr[] = {"member_rating_share", NULL};
        all[7] = opts_of(CHISO_CHART_RATINGS, NULL, mr, langs[l]);
        for (size_t k = 0; k < 8; k++) {
            chiso_scene *s = build(g_ds, g_norm, &all[k]);
            char what[64];
            for (int f = 0; f < 3; f++) {
                snprintf(what, sizeof what, "chart %zu, %s, format %d", k, l ? "en" : "vi", f);
                check_no_overlap(s, f, what);
            }
            chiso_scene_free(s);
        }
    }
}

/* Long Vietnamese names are wrapped or shortened, never laid over each other. */
static void test_layout_long_names(void **state)
{
    (void)state;
    mem m = mem_load("unit,name\nu,\"Đảng bộ Khối các cơ quan, doanh nghiệp và đơn vị sự nghiệp trực thuộc Ủy ban nhân dân thành phố\"\n",
                     "unit,term,label,start,end\n"
                     "u,A,Nhiệm kỳ thứ nhất của Đảng bộ sau khi hợp nhất (2001–2005),2001,2005\n"
                     "u,B,Nhiệm kỳ thứ hai của Đảng bộ sau khi hợp nhất (2006–2010),2006,2010\n"
                     "u,C,Nhiệm kỳ thứ ba của Đảng bộ sau khi hợp nhất (2011–2015),2011,2015\n",
                     "unit,indicator,period_start,period_end,value\n"
                     "u,x_long,2001,2005,1247\nu,x_long,2006,2010,1300\nu,x_long,2011,2013,900\n",
                     "indicator,category,measure,kind,direction,name_vi,name_en\n"
                     "x_long,recruitment,count,flow,up,Số quần chúng ưu tú được cử đi học lớp bồi dưỡng nhận thức về "
                     "Đảng và được kết nạp vào Đảng Cộng sản Việt Nam trong nhiệm kỳ theo Điều lệ Đảng và hướng dẫn "
                     "của Ban Tổ chức Trung ương,Very long name\n");
    const char *inds[] = {"x_long", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_COMPARE, "u", inds, CHISO_LANG_VI);
    o.per = CHISO_PER_TERM;
    chiso_scene *s = build(m.ds, m.norm, &o);
    for (int f = 0; f < 3; f++)
        check_no_overlap(s, f, "long names");
    /* and at a small page */
    pl_display d;
    chiso_error err;
    assert_int_equal(pl_layout(s, 640, 400, &d, &err), CHISO_OK);
    assert_int_equal(pl_display_overlap(&d, 0.5, NULL), -1);
    pl_display_free(&d);
    chiso_scene_free(s);
    o.kind = CHISO_CHART_TREND;
    s = build(m.ds, m.norm, &o);
    check_no_overlap(s, 0, "long names, trend");
    chiso_scene_free(s);
    mem_free(&m);
}

static void test_text_measure(void **state)
{
    (void)state;
    /* precomposed and decomposed Vietnamese letters are as wide as their base letters in Noto Sans */
    assert_rel(pl_text_width("ệ", 10, 0), pl_text_width("e", 10, 0), 1e-12);
    assert_rel(pl_text_width("e\xcc\x82\xcc\xa3", 10, 0), pl_text_width("e", 10, 0), 1e-12);
    assert_true(pl_text_width("Đảng bộ", 10, 1) > pl_text_width("Đảng bộ", 10, 0));
    pl_arena a = {0};
    const char *lines[4];
    int n = pl_wrap(&a, "Nhiệm kỳ I (1996–2000)", 12, 0, 80, 3, lines);
    assert_int_equal(n, 2);
    assert_string_equal(lines[0], "Nhiệm kỳ I");
    assert_string_equal(lines[1], "(1996–2000)");
    n = pl_wrap(&a, "một hai ba bốn năm sáu bảy tám chín mười", 12, 0, 60, 2, lines);
    assert_int_equal(n, 2);
    assert_non_null(strstr(lines[1], "…"));
    assert_true(pl_text_width(lines[1], 12, 0) <= 60);
    const char *e = pl_ellipsize(&a, "Kết nạp đảng viên", 12, 0, 50);
    assert_true(pl_text_width(e, 12, 0) <= 50);
    pl_arena_free(&a);
}

/* ---- rendered files ---------------------------------------------------------------------------- */

static int run(const char *cmd)
{
    int rc = system(cmd);
    return rc == -1 ? -1 : WEXITSTATUS(rc);
}

/* PNG: signature, IHDR size, and more than a handful of colours with some ink. */
static void check_png(const char *path, int w, int h)
{
    size_t len = 0;
    unsigned char *data = (unsigned char *)chiso_test_read_file(path, &len);
    assert_non_null(data);
    assert_true(len > 33);
    assert_memory_equal(data, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(data + 12, "IHDR", 4);
    unsigned pw = (unsigned)data[16] << 24 | (unsigned)data[17] << 16 | (unsigned)data[18] << 8 | data[19];
    unsigned ph = (unsigned)data[20] << 24 | (unsigned)data[21] << 16 | (unsigned)data[22] << 8 | data[23];
    assert_int_equal(pw, (unsigned)w);
    assert_int_equal(ph, (unsigned)h);
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_memory(&im, data, len));
    im.format = PNG_FORMAT_RGB;
    unsigned char *px = malloc(PNG_IMAGE_SIZE(im));
    assert_non_null(px);
    assert_true(png_image_finish_read(&im, NULL, px, 0, NULL));
    size_t n = (size_t)im.width * im.height, ink = 0, colours = 0;
    unsigned char *seen = calloc(1u << 15, 1);
    assert_non_null(seen);
    for (size_t i = 0; i < n; i++) {
        unsigned r = px[3 * i], g = px[3 * i + 1], b = px[3 * i + 2];
        ink += r + g + b < 600;
        unsigned k = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3);
        colours += !seen[k];
        seen[k] = 1;
    }
    assert_true(colours > 8);
    assert_true(ink > n / 100);
    free(seen);
    free(px);
    free(data);
}

static void check_svg(const char *path)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", path);
    assert_int_equal(run(cmd), 0);
    char *text = chiso_test_read_file(path, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "<svg"));
    assert_true(strstr(text, "<use") || strstr(text, "<text")); /* cairo draws glyphs as <use> of symbols */
    assert_non_null(strstr(text, "glyph"));
    free(text);
}

static void check_pdf(const char *path, const char *must_contain)
{
    size_t len = 0;
    char *data = chiso_test_read_file(path, &len);
    assert_non_null(data);
    assert_memory_equal(data, "%PDF-", 5);
    free(data);
    char cmd[12288], out[4200];
    snprintf(out, sizeof out, "%s.info", path);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' > '%s'", path, out);
    if (run(cmd) != 0) {
        print_message("pdfinfo is missing (poppler-utils): page count not checked\n");
        return;
    }
    char *info = chiso_test_read_file(out, NULL);
    assert_non_null(info);
    const char *pages = strstr(info, "Pages:");
    assert_non_null(pages);
    assert_int_equal(atoi(pages + 6), 1);
    free(info);
    if (must_contain) {
        snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' '%s'", path, out);
        assert_int_equal(run(cmd), 0);
        char *txt = chiso_test_read_file(out, NULL);
        assert_non_null(txt);
        if (!strstr(txt, must_contain))
            print_error("'%s' is not in the text of %s:\n%s\n", must_contain, path, txt);
        assert_non_null(strstr(txt, must_contain));
        free(txt);
    }
    unlink(out);
}

static void test_render_all_formats(void **state)
{
    (void)state;
    const char *adm[] = {"admitted", NULL};
    struct {
        chiso_chart_kind kind;
        const char *const *inds;
        const char *name, *text;
    } charts[] = {
        {CHISO_CHART_COMPARE, adm, "compare", "Kết nạp đảng viên"},
        {CHISO_CHART_TREND, adm, "trend", "Nhiệm kỳ"},
        {CHISO_CHART_ATTAIN, NULL, "attain", "Chỉ tiêu"},
        {CHISO_CHART_RATINGS, NULL, "ratings", "Đảng bộ"},
        {CHISO_CHART_DASHBOARD, NULL, "dashboard", "Đảng bộ"},
    };
    static const char *const ext[] = {"png", "svg", "pdf"};
    PLINT before = -1, after = -2;
    plgstrm(&before);
    for (size_t k = 0; k < sizeof charts / sizeof charts[0]; k++) {
        chiso_chart_opts o = opts_of(charts[k].kind, "dbk-hp", charts[k].inds, CHISO_LANG_VI);
        o.illustrative = 1;
        chiso_scene *s = build(g_ds, g_norm, &o);
        for (int f = 0; f < 3; f++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.%s", g_dir, charts[k].name, ext[f]);
            chiso_error err;
            chiso_error_clear(&err);
            chiso_status st = chiso_scene_render(s, path, 0, 0, 0, &err);
            if (st != CHISO_OK)
                print_error("%s: %s\n", path, err.msg);
            assert_int_equal(st, CHISO_OK);
            int w, h;
            pl_default_size(s, f, &w, &h);
            if (f == 0)
                check_png(path, w, h);
            else if (f == 1)
                check_svg(path);
            else
                check_pdf(path, charts[k].text);
        }
        chiso_scene_free(s);
    }
    plgstrm(&after);
    assert_int_equal(before, after); /* the caller's plplot stream is left as it was */
    /* size and dpi */
    chiso_chart_opts o = opts_of(CHISO_CHART_COMPARE, "dbk-hp", adm, CHISO_LANG_EN);
    char path[4096];
    snprintf(path, sizeof path, "%s/sized.png", g_dir);
    o.width = 800;
    o.height = 500;
    chiso_error err;
    assert_int_equal(chiso_chart_render(g_ds, g_norm, &o, path, &err), CHISO_OK);
    check_png(path, 800, 500);
    o.width = o.height = 0;
    o.dpi = 192;
    assert_int_equal(chiso_chart_render(g_ds, g_norm, &o, path, &err), CHISO_OK);
    check_png(path, 2400, 1500);
}

static size_t files_in(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.' || (e->d_name[1] && e->d_name[1] != '.');
    closedir(d);
    return n;
}

static void test_render_errors(void **state)
{
    (void)state;
    const char *adm[] = {"admitted", NULL};
    chiso_chart_opts o = opts_of(CHISO_CHART_COMPARE, "dbk-hp", adm, CHISO_LANG_EN);
    chiso_error err;
    char *dir = chiso_test_mkdtemp();
    assert_non_null(dir);
    char path[4096];
    /* an unknown extension */
    snprintf(path, sizeof path, "%s/chart.jpg", dir);
    chiso_error_clear(&err);
    assert_int_equal(chiso_chart_render(g_ds, g_norm, &o, path, &err), CHISO_EINVAL);
    assert_non_null(strstr(err.msg, ".png"));
    assert_int_equal(files_in(dir), 0);
    /* a folder that cannot be written: nothing is left behind */
    char ro[2048];
    snprintf(ro, sizeof ro, "%s/ro", dir);
    assert_int_equal(mkdir(ro, 0500), 0);
    snprintf(path, sizeof path, "%s/chart.png", ro);
    chiso_error_clear(&err);
    if (access(ro, W_OK) == 0) {
        print_message("running as root: the read-only folder is writable, using a missing folder\n");
        snprintf(path, sizeof path, "%s/missing/chart.png", dir);
    }
    assert_int_equal(chiso_chart_render(g_ds, g_norm, &o, path, &err), CHISO_EIO);
    assert_true(strlen(err.msg) > 0);
    assert_int_equal(files_in(ro), 0);
    /* a bad size */
    snprintf(path, sizeof path, "%s/chart.png", dir);
    chiso_scene *s = build(g_ds, g_norm, &o);
    assert_int_equal(chiso_scene_render(s, path, 50, 40, 0, &err), CHISO_EINVAL);
    assert_int_equal(chiso_scene_render(s, path, 0, 0, 5, &err), CHISO_EINVAL);
    assert_int_equal(access(path, F_OK), -1);
    /* a scene with a value that is not finite is refused before plplot sees it */
    s->prims[0].y1 = NAN;
    s->prims[0].kind = CHISO_PRIM_BAR;
    assert_int_equal(chiso_scene_render(s, path, 0, 0, 0, &err), CHISO_EDOMAIN);
    assert_int_equal(access(path, F_OK), -1);
    chiso_scene_free(s);
    /* the same file drawn twice is replaced */
    assert_int_equal(chiso_chart_render(g_ds, g_norm, &o, path, &err), CHISO_OK);
    assert_int_equal(chiso_chart_render(g_ds, g_norm, &o, path, &err), CHISO_OK);
    assert_int_equal(files_in(dir), 2); /* ro/ and chart.png */
    chmod(ro, 0700);
    chiso_test_rmtree(dir);
    free(dir);
}

/* Charts a second in one process (PNG at the default size): printed, not asserted. */
static void test_render_rate(void **state)
{
    (void)state;
    const char *adm[] = {"admitted", NULL};
    chiso_chart_kind kinds[] = {CHISO_CHART_COMPARE, CHISO_CHART_TREND, CHISO_CHART_ATTAIN, CHISO_CHART_RATINGS,
                                CHISO_CHART_DASHBOARD};
    int n = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int round = 0; round < 8; round++)
        for (size_t k = 0; k < 5; k++) {
            chiso_chart_opts o = opts_of(kinds[k], "dbk-hp", k < 2 ? adm : NULL, CHISO_LANG_VI);
            o.illustrative = 1;
            char path[4096];
            snprintf(path, sizeof path, "%s/rate%zu.png", g_dir, k);
            chiso_error err;
            assert_int_equal(chiso_chart_render(g_ds, g_norm, &o, path, &err), CHISO_OK);
            n++;
        }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double dt = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    print_message("%d PNG charts (5 kinds, default size) in %.2f s: %.1f charts a second\n", n, dt, n / dt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_of),
        cmocka_unit_test(test_text_measure),
        cmocka_unit_test(test_compare_annual_rates),
        cmocka_unit_test(test_compare_term_totals_hatched),
        cmocka_unit_test(test_compare_inexact_whiskers),
        cmocka_unit_test(test_compare_grouped),
        cmocka_unit_test(test_compare_hand_made),
        cmocka_unit_test(test_empty_series),
        cmocka_unit_test(test_trend_fit),
        cmocka_unit_test(test_trend_too_few),
        cmocka_unit_test(test_attain_markers),
        cmocka_unit_test(test_ratings_stack),
        cmocka_unit_test(test_ratings_one_scheme_native_labels),
        cmocka_unit_test(test_dashboard),
        cmocka_unit_test(test_layout_no_overlap),
        cmocka_unit_test(test_layout_long_names),
        cmocka_unit_test(test_render_all_formats),
        cmocka_unit_test(test_render_errors),
        cmocka_unit_test(test_render_rate),
    };
    chiso_set_lang(CHISO_LANG_EN, NULL);
    return cmocka_run_group_tests(tests, setup_default, teardown_default);
}

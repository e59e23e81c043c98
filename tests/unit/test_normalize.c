/* tests/unit/test_normalize.c — chiso_normalize: one comparable row per unit, term, indicator, basis
 * and rating level, on small datasets whose every number is computed by hand in the comments.
 *
 * Unit u has two terms of whole years, I = 2010–2014 and II = 2015–2019 (5 years each, so coverage
 * and annual rates are simple fractions); unit v has the interim term 1994-01..1996-01 of the
 * default dataset; unit w has members at three dates, for the rate per 100 members. */
#include "testutil.h"

#include "chiso/common.h"
#include "chiso/ingest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TERMS                                                                                         \
    "unit,term,start,end\n"                                                                           \
    "u,I,2010,2014\nu,II,2015,2019\n"                                                                 \
    "v,lt,1994-01,1996-01\n"                                                                          \
    "w,I,2010,2014\n"
#define INDICATORS "indicator,category,measure,kind\nx_share,other,share,rate\n"
#define OBS_H "unit,indicator,period_start,period_end,value,basis,rating,source,locator,quote\n"

static const char *const OBS =
    OBS_H
    "u,admitted,2010,2014,500,,,s,line 2,q\n"                       /* 2: a whole term */
    "u,admitted,2015,2017,300,,,s,line 3,q\n"                       /* 3: 3 of 5 years */
    "u,disciplined,2013-07-01,2016-06-30,100,,,s,line 4,q\n"        /* 4: straddles I and II */
    "u,base_orgs,2014-07-01,2015-06-30,900,annual_mean,,s,l,q\n"   /* 5: a stock straddling */
    "u,inspected_orgs,2010,2014,200,,,s,l,q\n"                      /* 6: the whole */
    "u,inspected_orgs,2012,2012,50,,,s,l,q\n"                       /* 7: a part of it */
    "u,confirmed,2015,2015,10,,,s,l,q\n"                            /* 8 */
    "u,confirmed,2016,2016,20,,,s,l,q\n"                            /* 9 */
    "u,confirmed,2017,2017,30,,,s,l,q\n"                            /* 10: three disjoint years */
    "u,removed,2010,2014,trên 5,each_year,,s,l,q\n"                 /* 11 */
    "u,died,2010,2014,12,annual_mean,,s,l,q\n"                      /* 12 */
    "u,x_share,2010,2014,trên 90%,each_year,,s,l,q\n"               /* 13 */
    "u,x_share,2015,2016,80%,annual_mean,,s,l,q\n"                  /* 14 */
    "u,x_share,2017,2019,90%,annual_mean,,s,l,q\n"                  /* 15 */
    "v,org_rating_count,1995,1995,3,,trong sạch vững mạnh xuất sắc,s,l,q\n" /* 16 */
    "v,org_rating_count,1995,1995,26,,trong sạch vững mạnh,s,l,q\n"         /* 17 */
    "v,org_rating_count,1995,1995,30,,khá,s,l,q\n"                          /* 18 */
    "w,members,2009-12-31,2009-12-31,1.000,,,s,l,q\n"               /* 19 */
    "w,members,2012-12-31,2012-12-31,1.300,,,s,l,q\n"               /* 20 */
    "w,members,2014-12-31,2014-12-31,1.500,,,s,l,q\n"               /* 21 */
    "w,admitted,2010,2014,250,,,s,l,q\n"                             /* 22 */
    "u,member_rating_share,2019,2019,trên 90%,each_year,hoàn thành tốt nhiệm vụ trở lên,s,l,q\n"; /* 23 */

static chiso_dataset *load_ds(chiso_diags *d)
{
    const char *names[] = {"indicators.csv", "terms.csv", "observations.csv"};
    const char *data[] = {INDICATORS, TERMS, OBS};
    size_t size[] = {strlen(INDICATORS), strlen(TERMS), strlen(OBS)};
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_dataset_load_mem("ds", 3, names, data, size, NULL, d, &ds, &err), CHISO_OK);
    if (chiso_diags_count(d)) {
        for (size_t i = 0; i < chiso_diags_count(d); i++)
            print_error("%s:%ld: %s\n", chiso_diags_get(d, i)->file, chiso_diags_get(d, i)->line,
                        chiso_diags_get(d, i)->msg);
        fail();
    }
    return ds;
}

typedef struct fixture {
    chiso_dataset *ds;
    chiso_diags *d;
    chiso_normalized *n;
} fixture;

static int setup_opts(void **state, const chiso_norm_opts *o)
{
    fixture *f = calloc(1, sizeof *f);
    f->d = chiso_diags_new();
    f->ds = load_ds(f->d);
    chiso_error err;
    chiso_error_clear(&err);
    if (chiso_normalize(f->ds, o, f->d, &f->n, &err) != CHISO_OK)
        return -1;
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_opts(state, NULL);
}

static int teardown(void **state)
{
    fixture *f = *state;
    chiso_normalized_free(f->n);
    chiso_dataset_free(f->ds);
    chiso_diags_free(f->d);
    free(f);
    return 0;
}

/* The row of unit/term/indicator/basis/level, by codes. */
static const chiso_norm_row *row_at(const fixture *f, const char *unit, const char *term, const char *ind,
                                    chiso_basis basis, int level, const char *src, int line)
{
    long u = chiso_dataset_find_unit(f->ds, unit);
    long t = chiso_dataset_find_term(f->ds, u, term);
    long i = chiso_dataset_find_indicator(f->ds, ind);
    const chiso_norm_row *r = chiso_normalized_find(f->n, u, t, i, basis, level);
    if (!r) {
        print_error("no row %s %s %s %s level %d\n", unit, term, ind, chiso_basis_name(basis), level);
        _fail(src, line);
    }
    return r;
}
#define ROW(f, u, t, i, b, l) row_at(f, u, t, i, b, l, __FILE__, __LINE__)

static void check_flags_at(unsigned got, unsigned want, const char *src, int line)
{
    if (got != want) {
        char a[256], b[256];
        print_error("flags %s, expected %s\n", chiso_norm_flags_format(got, a, sizeof a),
                    chiso_norm_flags_format(want, b, sizeof b));
        _fail(src, line);
    }
}
#define check_flags(got, want) check_flags_at(got, want, __FILE__, __LINE__)

static void check_point_iv(chiso_interval iv, double v)
{
    assert_rel(iv.lo, v, 1e-12);
    assert_rel(iv.hi, v, 1e-12);
    assert_false(iv.lo_open);
    assert_false(iv.hi_open);
}

/* A flow over a whole term: 500 admitted in 2010–2014; coverage 5 of 5 years, 100 a year, nothing
 * projected, no flags. */
static void test_full_term_flow(void **state)
{
    fixture *f = *state;
    const chiso_norm_row *r = ROW(f, "u", "I", "admitted", CHISO_BASIS_TOTAL, 0);
    assert_rel(r->term_years, 5, 0);
    assert_rel(r->coverage_years, 5, 0);
    check_point_iv(r->value, 500);
    assert_rel(r->point, 500, 0);
    assert_true(r->has_annual);
    check_point_iv(r->annual, 100);
    assert_false(r->has_projected);
    assert_false(r->has_members);
    assert_false(r->has_per100);
    check_flags(r->flags, 0);
    assert_int_equal(r->cover_start, chiso_days_from_civil(2010, 1, 1));
    assert_int_equal(r->cover_end, chiso_days_from_civil(2014, 12, 31));
    assert_string_equal(r->sources, "s line 2");
    assert_int_equal(r->n_obs, 1);
    chiso_obs_info o;
    chiso_dataset_obs(f->ds, (size_t)r->obs[0], &o);
    assert_int_equal(o.line, 2);
}

/* A partial term: 300 in 2015–2017 covers 3 of 5 years; 300 / 3 = 100 a year; at that pace the term
 * would reach 100 · 5 = 500. */
static void test_partial_term(void **state)
{
    fixture *f = *state;
    const chiso_norm_row *r = ROW(f, "u", "II", "admitted", CHISO_BASIS_TOTAL, 0);
    assert_rel(r->coverage_years, 3, 0);
    check_point_iv(r->value, 300);
    check_point_iv(r->annual, 100);
    assert_true(r->has_projected);
    check_point_iv(r->projected, 500);
    check_flags(r->flags, CHISO_NORM_PARTIAL);
}

/* 100 disciplined 2013-07-01..2016-06-30 (1 096 days) split by days: 549 days fall in term I
 * (2013-07-01..2014-12-31), 547 in term II (2015-01-01..2016-06-30, with 2016-02-29). Each part
 * covers 18 whole months = 1.5 years. */
static void test_split_flow(void **state)
{
    fixture *f = *state;
    const chiso_norm_row *a = ROW(f, "u", "I", "disciplined", CHISO_BASIS_TOTAL, 0);
    const chiso_norm_row *b = ROW(f, "u", "II", "disciplined", CHISO_BASIS_TOTAL, 0);
    check_point_iv(a->value, 100.0 * 549 / 1096); /* 50.0912… */
    check_point_iv(b->value, 100.0 * 547 / 1096); /* 49.9087… */
    assert_rel(a->point + b->point, 100, 1e-12);
    assert_rel(a->coverage_years, 1.5, 1e-15);
    assert_rel(b->coverage_years, 1.5, 1e-15);
    check_point_iv(a->annual, 100.0 * 549 / 1096 / 1.5);
    check_point_iv(a->projected, 100.0 * 549 / 1096 / 1.5 * 5);
    check_flags(a->flags, CHISO_NORM_SPLIT | CHISO_NORM_PARTIAL);
    check_flags(b->flags, CHISO_NORM_SPLIT | CHISO_NORM_PARTIAL);
    assert_int_equal(a->cover_start, chiso_days_from_civil(2013, 7, 1));
    assert_int_equal(a->cover_end, chiso_days_from_civil(2014, 12, 31));
    assert_int_equal(b->cover_start, chiso_days_from_civil(2015, 1, 1));
    assert_int_equal(b->cover_end, chiso_days_from_civil(2016, 6, 30));
}

/* A stock straddling I and II (2014-07-01..2015-06-30: 184 days in I, 181 in II) cannot be split: it
 * goes to term I with a warning, covering 2014-07..2014-12 = 0.5 years. */
static void test_straddling_stock(void **state)
{
    fixture *f = *state;
    const chiso_norm_row *r = ROW(f, "u", "I", "base_orgs", CHISO_BASIS_ANNUAL_MEAN, 0);
    check_point_iv(r->value, 900);
    assert_rel(r->coverage_years, 0.5, 1e-15);
    check_flags(r->flags, CHISO_NORM_ASSIGNED | CHISO_NORM_PARTIAL);
    long u = chiso_dataset_find_unit(f->ds, "u");
    assert_null(chiso_normalized_find(f->n, u, chiso_dataset_find_term(f->ds, u, "II"),
                                      chiso_dataset_find_indicator(f->ds, "base_orgs"), CHISO_BASIS_NONE, 0));
    size_t k = chiso_diags_find(f->d, "norm.straddle");
    assert_true(k != (size_t)-1);
    assert_int_equal(chiso_diags_get(f->d, k)->line, 5);
    assert_int_equal(chiso_diags_get(f->d, k)->severity, CHISO_WARNING);
    assert_non_null(strstr(chiso_diags_get(f->d, k)->msg, "'I'"));
}

/* Nested flows: 200 inspected in 2010–2014 and 50 of them in 2012: the widest counts (200). */
static void test_nested(void **state)
{
    fixture *f = *state;
    const chiso_norm_row *r = ROW(f, "u", "I", "inspected_orgs", CHISO_BASIS_TOTAL, 0);
    check_point_iv(r->value, 200);
    assert_rel(r->coverage_years, 5, 0);
    check_flags(r->flags, CHISO_NORM_NESTED);
    assert_int_equal(r->n_obs, 1);
}

/* Disjoint yearly figures add up: 10 + 20 + 30 = 60 over 3 years, 20 a year, 100 projected. */
static void test_summed(void **state)
{
    fixture *f = *state;
    const chiso_norm_row *r = ROW(f, "u", "II", "confirmed", CHISO_BASIS_TOTAL, 0);
    check_point_iv(r->value, 60);
    assert_rel(r->coverage_years, 3, 0);
    check_point_iv(r->annual, 20);
    check_point_iv(r->projected, 100);
    check_flags(r->flags, CHISO_NORM_SUMMED | CHISO_NORM_PARTIAL);
    assert_int_equal(r->n_obs, 3);
    assert_string_equal(r->sources, "s l; s l; s l");
}

/* each_year and annual_mean: "trên 5" removed every year is (5, inf) a year and (25, inf) over 5
 * years; 12 died a year on average is 60; a share above 90% every year is (90, 100]; two annual-mean
 * shares 80% (2 years) and 90% (3 years) average by years to (2·80 + 3·90) / 5 = 86%. */
static void test_each_year_and_annual_mean(void **state)
{
    fixture *f = *state;
    const chiso_norm_row *r = ROW(f, "u", "I", "removed", CHISO_BASIS_EACH_YEAR, 0);
    assert_rel(r->annual.lo, 5, 0);
    assert_true(isinf(r->annual.hi) && r->annual.lo_open && r->annual.hi_open);
    assert_rel(r->value.lo, 25, 0);
    assert_true(isinf(r->value.hi) && r->value.lo_open);
    assert_rel(r->point, 25, 0);
    check_flags(r->flags, CHISO_NORM_INEXACT);

    r = ROW(f, "u", "I", "died", CHISO_BASIS_ANNUAL_MEAN, 0);
    check_point_iv(r->annual, 12);
    check_point_iv(r->value, 60);
    assert_rel(r->point, 60, 0);
    check_flags(r->flags, 0);

    r = ROW(f, "u", "I", "x_share", CHISO_BASIS_EACH_YEAR, 0);
    assert_rel(r->value.lo, 90, 0);
    assert_rel(r->value.hi, 100, 0);
    assert_true(r->value.lo_open && !r->value.hi_open);
    assert_rel(r->point, 90, 0);
    assert_false(r->has_annual);
    check_flags(r->flags, CHISO_NORM_INEXACT);

    r = ROW(f, "u", "II", "x_share", CHISO_BASIS_ANNUAL_MEAN, 0);
    check_point_iv(r->value, 86);
    assert_rel(r->coverage_years, 5, 0);
    check_flags(r->flags, CHISO_NORM_AVERAGED);
}

/* Rating categories of 1995 (org-1990s): "TSVM xuất sắc" 3 and TSVM 26 at level 4, khá 30 at level
 * 3: at or above 4 = 3 + 26 = 29, at or above 3 = 29 + 30 = 59, both derived from several figures;
 * the 1990s crosswalk is not exact. */
static void test_rating_levels(void **state)
{
    fixture *f = *state;
    const chiso_norm_row *r4 = ROW(f, "v", "lt", "org_rating_count", CHISO_BASIS_POINT, 4);
    const chiso_norm_row *r3 = ROW(f, "v", "lt", "org_rating_count", CHISO_BASIS_POINT, 3);
    check_point_iv(r4->value, 29);
    check_point_iv(r3->value, 59);
    assert_int_equal(r4->n_obs, 2);
    assert_int_equal(r3->n_obs, 3);
    check_flags(r4->flags, CHISO_NORM_DERIVED | CHISO_NORM_XWALK);
    check_flags(r3->flags, CHISO_NORM_DERIVED | CHISO_NORM_XWALK);
    assert_string_equal(r4->scheme, "org-1990s");
    long v = chiso_dataset_find_unit(f->ds, "v");
    long ind = chiso_dataset_find_indicator(f->ds, "org_rating_count");
    assert_null(chiso_normalized_find(f->n, v, 0 + chiso_dataset_find_term(f->ds, v, "lt"), ind,
                                      CHISO_BASIS_NONE, 2));
    /* the term lt runs 1994-01-01..1996-01-31: 25 whole months; the level at the end of 1995
     * covers 1994-01-01..1995-12-31 = 2 years */
    assert_rel(r4->term_years, 25.0 / 12.0, 1e-15);
    assert_rel(r4->coverage_years, 2, 0);
    assert_null(r4->rating);
    /* a figure written "… trở lên" is at or above its level directly (member-2018, level 3): one
     * year of five, inexact, with its own label */
    const chiso_norm_row *r = ROW(f, "u", "II", "member_rating_share", CHISO_BASIS_EACH_YEAR, 3);
    assert_rel(r->value.lo, 90, 0);
    assert_rel(r->value.hi, 100, 0);
    assert_true(r->value.lo_open && !r->value.hi_open);
    assert_string_equal(r->rating, "hoàn thành tốt nhiệm vụ trở lên");
    assert_string_equal(r->scheme, "member-2018");
    assert_rel(r->coverage_years, 1, 0);
    check_flags(r->flags, CHISO_NORM_INEXACT | CHISO_NORM_PARTIAL);
}

/* "k or better" is the sum of the categories k to 4 of a period. Where a higher category is not given,
 * the sum is a lower bound: khá (level 3) = 5 alone gives 3 or better = [5, ∞); a share khá = 30% alone
 * gives [30, 100]; trong sạch vững mạnh = 3 and yếu kém = 0 give 4 or better = 3 exactly and 1 or better
 * = [3, ∞) — not 0, which would say that no organisation was rated at all. */
static void test_rating_gaps(void **state)
{
    (void)state;
    static const char terms[] = "unit,term,start,end\nu,I,2010,2011\nu,II,2012,2013\nu,III,2014,2015\n";
    static const char obs[] = OBS_H "u,org_rating_count,2011,2011,5,,khá,s,l,q\n"
                                    "u,org_rating_share,2013,2013,30%,point,khá,s,l,q\n"
                                    "u,org_rating_count,2015,2015,3,,trong sạch vững mạnh,s,l,q\n"
                                    "u,org_rating_count,2015,2015,0,,yếu kém,s,l,q\n";
    const char *names[] = {"terms.csv", "observations.csv"};
    const char *data[] = {terms, obs};
    size_t size[] = {strlen(terms), strlen(obs)};
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_dataset_load_mem("ds", 2, names, data, size, NULL, d, &ds, &err), CHISO_OK);
    assert_int_equal(chiso_diags_errors(d), 0);
    chiso_normalized *n = NULL;
    assert_int_equal(chiso_normalize(ds, NULL, d, &n, &err), CHISO_OK);
    long u = chiso_dataset_find_unit(ds, "u");
    long cnt = chiso_dataset_find_indicator(ds, "org_rating_count"), shr = chiso_dataset_find_indicator(ds, "org_rating_share");
    const chiso_norm_row *r = chiso_normalized_find(n, u, chiso_dataset_find_term(ds, u, "I"), cnt, CHISO_BASIS_NONE, 3);
    assert_non_null(r);
    assert_rel(r->value.lo, 5, 0);
    assert_true(isinf(r->value.hi) && r->value.hi_open && !r->value.lo_open);
    assert_true(r->flags & CHISO_NORM_INEXACT);
    r = chiso_normalized_find(n, u, chiso_dataset_find_term(ds, u, "II"), shr, CHISO_BASIS_NONE, 3);
    assert_non_null(r);
    assert_rel(r->value.lo, 30, 0);
    assert_rel(r->value.hi, 100, 0);
    assert_false(r->value.hi_open);
    long t3 = chiso_dataset_find_term(ds, u, "III");
    r = chiso_normalized_find(n, u, t3, cnt, CHISO_BASIS_NONE, 4);
    assert_non_null(r);
    check_point_iv(r->value, 3);
    assert_false(r->flags & CHISO_NORM_INEXACT);
    r = chiso_normalized_find(n, u, t3, cnt, CHISO_BASIS_NONE, 1);
    assert_non_null(r);
    assert_rel(r->value.lo, 3, 0);
    assert_true(isinf(r->value.hi));
    assert_true(r->flags & CHISO_NORM_INEXACT);
    assert_null(chiso_normalized_find(n, u, t3, cnt, CHISO_BASIS_NONE, 3)); /* no category 3 given */
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

/* Two figures of the very same span (a count and a bound of it, "trên 90" and 100) both hold: the term
 * takes their intersection, 100, in either order of the rows (issue 12 §1); two that cannot both hold
 * (85 and "trên 90") give their hull, flagged inexact, again in either order. */
static void test_same_span_order(void **state)
{
    (void)state;
    static const char terms[] = "unit,term,start,end\nu,I,2010,2014\n";
    const char *rows[][2] = {{"u,admitted,2010,2014,trên 90,,,s,l,q\n", "u,admitted,2010,2014,100,,,s,l,q\n"},
                             {"u,confirmed,2010,2014,85,,,s,l,q\n", "u,confirmed,2010,2014,trên 90,,,s,l,q\n"}};
    for (int order = 0; order < 2; order++) {
        char obs[512];
        snprintf(obs, sizeof obs, OBS_H "%s%s%s%s", rows[0][order], rows[0][!order], rows[1][order], rows[1][!order]);
        const char *names[] = {"terms.csv", "observations.csv"};
        const char *data[] = {terms, obs};
        size_t size[] = {strlen(terms), strlen(obs)};
        chiso_diags *d = chiso_diags_new();
        chiso_dataset *ds = NULL;
        chiso_error err;
        chiso_error_clear(&err);
        assert_int_equal(chiso_dataset_load_mem("ds", 2, names, data, size, NULL, d, &ds, &err), CHISO_OK);
        chiso_normalized *n = NULL;
        assert_int_equal(chiso_normalize(ds, NULL, d, &n, &err), CHISO_OK);
        long u = chiso_dataset_find_unit(ds, "u"), t = chiso_dataset_find_term(ds, u, "I");
        const chiso_norm_row *r =
            chiso_normalized_find(n, u, t, chiso_dataset_find_indicator(ds, "admitted"), CHISO_BASIS_NONE, 0);
        assert_non_null(r);
        check_point_iv(r->value, 100);
        assert_rel(r->point, 100, 0);
        r = chiso_normalized_find(n, u, t, chiso_dataset_find_indicator(ds, "confirmed"), CHISO_BASIS_NONE, 0);
        assert_non_null(r);
        assert_rel(r->value.lo, 85, 0);
        assert_false(r->value.lo_open);
        assert_true(isinf(r->value.hi));
        assert_true(r->flags & CHISO_NORM_INEXACT);
        chiso_normalized_free(n);
        chiso_dataset_free(ds);
        chiso_diags_free(d);
    }
}

/* Members of w: 1 000 on 2009-12-31, 1 300 on 2012-12-31, 1 500 on 2014-12-31. Between the knots the
 * membership is linear; the mean over the covered span [2010-01-01, 2014-12-31] is the integral of
 * that function divided by its length (1 825 days):
 *   2010-01-01 is 1 day after the first knot: m = 1000 + 300/1096 (1 096 days to the second knot);
 *   [2010-01-01, 2012-12-31]: 1 095 days, trapezoid (m + 1300)/2;
 *   [2012-12-31, 2014-12-31]:   730 days, trapezoid (1300 + 1500)/2 = 1400.
 * 250 admitted in 5 years = 50 a year; per 100 members a year = 50 · 100 / mean ≈ 3.99974. */
static void test_per100_members(void **state)
{
    fixture *f = *state;
    double m0 = 1000 + 300.0 / 1096;
    double mean = (1095 * (m0 + 1300) / 2 + 730 * 1400.0) / 1825;
    assert_rel(mean, 1250.0821167883212, 1e-12);
    const chiso_norm_row *r = ROW(f, "w", "I", "admitted", CHISO_BASIS_TOTAL, 0);
    assert_true(r->has_members);
    check_point_iv(r->members, mean);
    assert_rel(r->members_point, mean, 1e-12);
    assert_true(r->has_per100);
    check_point_iv(r->per100, 50 * 100 / mean);
    assert_rel(r->per100_point, 3.9997372435387457, 1e-12);
    /* the level row of members: the latest figure, over the whole term */
    const chiso_norm_row *m = ROW(f, "w", "I", "members", CHISO_BASIS_POINT, 0);
    check_point_iv(m->value, 1500);
    assert_rel(m->coverage_years, 5, 0);
    /* interpolation at a day: 2011-07-02 is 548 days after 2009-12-31: 1000 + 300 · 548/1096 = 1150 */
    long w = chiso_dataset_find_unit(f->ds, "w");
    chiso_interval iv;
    assert_int_equal(chiso_members_at(f->ds, w, chiso_days_from_civil(2011, 7, 2), &iv), 1);
    check_point_iv(iv, 1150);
    assert_int_equal(chiso_members_at(f->ds, w, chiso_days_from_civil(2013, 12, 31), &iv), 1);
    check_point_iv(iv, 1300 + 200.0 * 365 / 730);
    /* up to a year beyond the last figure it stays at that figure; further out it is unknown */
    assert_int_equal(chiso_members_at(f->ds, w, chiso_days_from_civil(2015, 6, 30), &iv), 1);
    check_point_iv(iv, 1500);
    assert_int_equal(chiso_members_at(f->ds, w, chiso_days_from_civil(2016, 6, 30), &iv), 0);
    long u = chiso_dataset_find_unit(f->ds, "u");
    assert_int_equal(chiso_members_at(f->ds, u, chiso_days_from_civil(2012, 1, 1), &iv), 0);
}

/* --as-of 2016-12-31 keeps the figures ending by then: confirmed 2015 + 2016 = 30 over 2 years;
 * admitted 2015–2017 is dropped (no row); x_share of term II is the 2015–2016 figure alone. */
static void test_as_of(void **state)
{
    (void)state;
    chiso_norm_opts o;
    chiso_norm_opts_default(&o);
    assert_rel(o.boundary_slack_days, 45, 0);
    o.has_as_of = 1;
    o.as_of = chiso_days_from_civil(2016, 12, 31);
    void *st = NULL;
    assert_int_equal(setup_opts(&st, &o), 0);
    fixture *f = st;
    const chiso_norm_row *r = ROW(f, "u", "II", "confirmed", CHISO_BASIS_TOTAL, 0);
    check_point_iv(r->value, 30);
    assert_rel(r->coverage_years, 2, 0);
    long u = chiso_dataset_find_unit(f->ds, "u");
    assert_null(chiso_normalized_find(f->n, u, chiso_dataset_find_term(f->ds, u, "II"),
                                      chiso_dataset_find_indicator(f->ds, "admitted"), CHISO_BASIS_NONE, 0));
    r = ROW(f, "u", "II", "x_share", CHISO_BASIS_ANNUAL_MEAN, 0);
    check_point_iv(r->value, 80);
    assert_rel(r->coverage_years, 2, 0);
    check_flags(r->flags, CHISO_NORM_PARTIAL);
    /* the split figure ends 2016-06-30: still there */
    r = ROW(f, "u", "II", "disciplined", CHISO_BASIS_TOTAL, 0);
    check_point_iv(r->value, 100.0 * 547 / 1096);
    teardown(&st);
}

/* Membership known by the as-of date only: with figures of 1 000 members at 2009-12-31 and 2 000 at
 * 2014-12-31, the 30 admitted in 2010–2012 have a rate per 100 members (interpolated) in an analysis
 * made today, but not in one as of 2012-12-31: then the only figure is that of 2009, and beyond a
 * year after it the membership is unknown (the 2014 figure did not exist yet). */
static void test_as_of_members(void **state)
{
    (void)state;
    static const char terms[] = "unit,term,start,end\nm,I,2010,2014\n";
    static const char obs[] = OBS_H "m,members,2009-12-31,2009-12-31,1000,,,s,l,q\n"
                                    "m,members,2014-12-31,2014-12-31,2000,,,s,l,q\n"
                                    "m,admitted,2010,2012,30,,,s,l,q\n";
    const char *names[] = {"terms.csv", "observations.csv"};
    const char *data[] = {terms, obs};
    size_t size[] = {strlen(terms), strlen(obs)};
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_dataset_load_mem("ds", 2, names, data, size, NULL, d, &ds, &err), CHISO_OK);
    long m = chiso_dataset_find_unit(ds, "m"), t = chiso_dataset_find_term(ds, m, "I");
    long adm = chiso_dataset_find_indicator(ds, "admitted");
    chiso_normalized *n = NULL;
    assert_int_equal(chiso_normalize(ds, NULL, d, &n, &err), CHISO_OK);
    const chiso_norm_row *r = chiso_normalized_find(n, m, t, adm, CHISO_BASIS_TOTAL, 0);
    assert_non_null(r);
    assert_true(r->has_per100);
    /* 2010-01-01 … 2012-12-31 on the line from 1000 (2009-12-31) to 2000 (2014-12-31), 1826 days:
     * the mean is the value at the middle of the span, 1000 + 1000 · (1 + 1096) / 2 / 1826 */
    assert_rel(r->members_point, 1000 + 1000.0 * (1 + 1096) / 2 / 1826, 1e-9);
    chiso_normalized_free(n);
    chiso_norm_opts o;
    chiso_norm_opts_default(&o);
    o.has_as_of = 1;
    o.as_of = chiso_days_from_civil(2012, 12, 31);
    assert_int_equal(chiso_normalize(ds, &o, d, &n, &err), CHISO_OK);
    r = chiso_normalized_find(n, m, t, adm, CHISO_BASIS_TOTAL, 0);
    assert_non_null(r);
    check_point_iv(r->value, 30);
    assert_false(r->has_per100);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

/* The rows come sorted by unit, indicator, level (high first), basis and term start. */
static void test_order(void **state)
{
    fixture *f = *state;
    size_t n = chiso_normalized_count(f->n);
    assert_true(n > 10);
    for (size_t i = 1; i < n; i++) {
        const chiso_norm_row *a = chiso_normalized_get(f->n, i - 1), *b = chiso_normalized_get(f->n, i);
        assert_true(a->unit_index <= b->unit_index);
        if (a->unit_index == b->unit_index)
            assert_true(a->indicator_index <= b->indicator_index);
        if (a->unit_index == b->unit_index && a->indicator_index == b->indicator_index && a->level == b->level &&
            a->basis == b->basis) {
            chiso_term_info ta, tb;
            chiso_dataset_term(f->ds, (size_t)a->term_index, &ta);
            chiso_dataset_term(f->ds, (size_t)b->term_index, &tb);
            assert_true(ta.start.day < tb.start.day);
        }
    }
    assert_null(chiso_normalized_get(f->n, n));
}

/* CSV: the header of the normalize columns, and the row of u II admitted written out in full:
 * term 5 years, coverage 3, value 300, annual 100, projected 500, flag partial, source "s line 3". */
/* A unit without terms of its own follows those of its nearest ancestor that has some: c (child of p)
 * and g (child of c) are placed in p's terms I = 2010–2014 and II = 2015–2019, and a target of c for
 * term II resolves to p's term II. z has no terms and no parent: its figure is left out with a
 * warning that says so. c: 50 admitted over the whole of I, 10 a year; g: 20 over 2015–2016, 2 of 5
 * years, 10 a year, 50 at that pace. */
static void test_inherited_terms(void **state)
{
    (void)state;
    static const char units[] = "unit,name,parent\np,P,\nc,C,p\ng,G,c\nz,Z,\n";
    static const char terms[] = "unit,term,start,end\np,I,2010,2014\np,II,2015,2019\n";
    static const char obs[] = OBS_H "c,admitted,2010,2014,50,,,s,line 2,q\n"
                                    "g,admitted,2015,2016,20,,,s,line 3,q\n"
                                    "z,admitted,2015,2015,3,,,s,line 4,q\n";
    static const char targets[] = "unit,term,indicator,op,value,basis,source,locator,quote\n"
                                  "c,II,admitted,>=,40,total,s,l,q\n";
    const char *names[] = {"units.csv", "terms.csv", "observations.csv", "targets.csv"};
    const char *data[] = {units, terms, obs, targets};
    size_t size[] = {strlen(units), strlen(terms), strlen(obs), strlen(targets)};
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_dataset_load_mem("ds", 4, names, data, size, NULL, d, &ds, &err), CHISO_OK);
    assert_int_equal(chiso_diags_count(d), 0);
    long p = chiso_dataset_find_unit(ds, "p"), c = chiso_dataset_find_unit(ds, "c");
    long g = chiso_dataset_find_unit(ds, "g"), z = chiso_dataset_find_unit(ds, "z");
    assert_int_equal(chiso_dataset_term_owner(ds, p), p);
    assert_int_equal(chiso_dataset_term_owner(ds, c), p);
    assert_int_equal(chiso_dataset_term_owner(ds, g), p);
    assert_int_equal(chiso_dataset_term_owner(ds, z), -1);
    assert_int_equal(chiso_dataset_term_owner(ds, 99), -1);
    long idx[4];
    assert_int_equal(chiso_dataset_unit_terms(ds, g, idx, 4), 0);
    assert_int_equal(chiso_dataset_effective_terms(ds, g, idx, 4), 2);
    long tI = chiso_dataset_find_term(ds, p, "I"), tII = chiso_dataset_find_term(ds, p, "II");
    assert_int_equal(idx[0], tI);
    assert_int_equal(idx[1], tII);
    /* a term code is looked up among the terms a unit follows */
    assert_int_equal(chiso_dataset_find_term(ds, g, "II"), tII);
    assert_int_equal(chiso_dataset_find_term(ds, z, "II"), -1);
    chiso_target_info ti;
    assert_int_equal(chiso_dataset_target(ds, 0, &ti), CHISO_OK);
    assert_int_equal(ti.unit_index, c);
    assert_int_equal(ti.term_index, tII);

    chiso_normalized *n = NULL;
    assert_int_equal(chiso_normalize(ds, NULL, d, &n, &err), CHISO_OK);
    long adm = chiso_dataset_find_indicator(ds, "admitted");
    const chiso_norm_row *r = chiso_normalized_find(n, c, tI, adm, CHISO_BASIS_TOTAL, 0);
    assert_non_null(r);
    check_point_iv(r->value, 50);
    check_point_iv(r->annual, 10);
    check_flags(r->flags, 0);
    assert_string_equal(r->term, "I");
    r = chiso_normalized_find(n, g, tII, adm, CHISO_BASIS_TOTAL, 0);
    assert_non_null(r);
    assert_rel(r->coverage_years, 2, 0);
    check_point_iv(r->annual, 10);
    check_point_iv(r->projected, 50);
    check_flags(r->flags, CHISO_NORM_PARTIAL);
    assert_int_equal(chiso_diags_count(d), 1);
    const chiso_diag *w = chiso_diags_get(d, 0);
    assert_string_equal(w->code, "norm.noterms");
    assert_int_equal(w->line, 4);
    assert_non_null(strstr(w->msg, "unit 'z' has no terms in terms.csv, nor has any unit above it"));
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    /* a unit with terms of its own may reuse its parent's term codes: not a duplicate */
    static const char terms2[] = "unit,term,start,end\np,I,2010,2014\nc,I,2010,2012\n";
    const char *data2[] = {units, terms2, obs};
    size_t size2[] = {strlen(units), strlen(terms2), strlen(obs)};
    d = chiso_diags_new();
    assert_int_equal(chiso_dataset_load_mem("ds", 3, names, data2, size2, NULL, d, &ds, &err), CHISO_OK);
    assert_int_equal(chiso_diags_errors(d), 0);
    long cI = chiso_dataset_find_term(ds, c, "I"), pI = chiso_dataset_find_term(ds, p, "I");
    assert_true(cI >= 0 && pI >= 0 && cI != pI);
    assert_int_equal(chiso_dataset_find_term(ds, g, "I"), cI); /* g follows c now */
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

static void test_csv_output(void **state)
{
    fixture *f = *state;
    char *csv = chiso_normalized_to_csv(f->n, f->ds);
    assert_non_null(csv);
    const char *header = "unit,term,indicator,basis,term_years,coverage_years,value_lo,value_hi,value,annual_lo,"
                         "annual_hi,projected_lo,projected_hi,per100_lo,per100_hi,flags,sources,rating,level,"
                         "scheme,value_lo_open,value_hi_open\n";
    assert_memory_equal(csv, header, strlen(header));
    assert_non_null(strstr(csv, "\nu,II,admitted,total,5,3,300,300,300,100,100,500,500,,,partial,s line 3,,,,0,0\n"));
    /* open ends, inf and the level of rating rows */
    assert_non_null(strstr(csv, "\nu,I,removed,each_year,5,5,25,inf,25,5,inf,,,,,inexact,s l,,,,1,1\n"));
    assert_non_null(strstr(csv, "\nv,lt,org_rating_count,point,2.083333,"));
    assert_non_null(strstr(csv, "\nv,lt,org_rating_count,point,2.083333,2,29,29,29,,,,,,,crosswalk;derived,s l; s l,,4,"
                                "org-1990s,0,0\n"));
    assert_non_null(strstr(csv, ",partial;inexact,s l,hoàn thành tốt nhiệm vụ trở lên,3,member-2018,1,0\n"));
    /* every line has the 22 columns of the header */
    size_t lines = 0;
    for (const char *p = csv; *p;) {
        const char *nl = strchr(p, '\n');
        assert_non_null(nl);
        int commas = 0, inq = 0;
        for (const char *q = p; q < nl; q++) {
            if (*q == '"')
                inq = !inq;
            else if (*q == ',' && !inq)
                commas++;
        }
        assert_int_equal(commas, 21);
        lines++;
        p = nl + 1;
    }
    assert_int_equal(lines, chiso_normalized_count(f->n) + 1);
    free(csv);
}

/* ---- a small JSON syntax checker for the JSON output ------------------------------------------- */

static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

static const char *json_value(const char *p);

static const char *json_string(const char *p)
{
    if (*p != '"')
        return NULL;
    for (p++; *p && *p != '"'; p++) {
        if ((unsigned char)*p < 0x20)
            return NULL;
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
                        return NULL;
                p += 4;
            } else if (!strchr("\"\\/bfnrt", *p) || !*p) {
                return NULL;
            }
        }
    }
    return *p == '"' ? p + 1 : NULL;
}

static const char *json_value(const char *p)
{
    p = json_ws(p);
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        int obj = *p == '{';
        p = json_ws(p + 1);
        if (*p == close)
            return p + 1;
        for (;;) {
            if (obj) {
                p = json_string(json_ws(p));
                if (!p)
                    return NULL;
                p = json_ws(p);
                if (*p++ != ':')
                    return NULL;
            }
            p = json_value(p);
            if (!p)
                return NULL;
            p = json_ws(p);
            if (*p == ',') {
                p++;
                continue;
            }
            return *p == close ? p + 1 : NULL;
        }
    }
    if (*p == '"')
        return json_string(p);
    if (!strncmp(p, "true", 4))
        return p + 4;
    if (!strncmp(p, "false", 5))
        return p + 5;
    if (!strncmp(p, "null", 4))
        return p + 4;
    char *end;
    strtod(p, &end);
    return end > p && (*p == '-' || (*p >= '0' && *p <= '9')) ? end : NULL;
}

/* JSON: well formed, one object per row with the keys of the CSV columns, and the sources as file,
 * line, source, locator and quote. */
static void test_json_output(void **state)
{
    fixture *f = *state;
    char *json = chiso_normalized_to_json(f->n, f->ds);
    assert_non_null(json);
    const char *end = json_value(json);
    assert_non_null(end);
    assert_string_equal(json_ws(end), "");
    static const char *keys[] = {"\"rows\": [", "\"unit\": \"u\"", "\"term\": \"II\"", "\"indicator\": \"admitted\"",
                                 "\"basis\": \"total\"", "\"rating\": ", "\"level\": ", "\"term_years\": 5",
                                 "\"coverage_years\": 3", "\"value\": {\"lo\": 300, \"hi\": 300, \"lo_open\": false, "
                                 "\"hi_open\": false}",
                                 "\"point\": 300", "\"annual\": {\"lo\": 100", "\"projected\": {\"lo\": 500",
                                 "\"per100\": null", "\"flags\": \"partial\"",
                                 "\"sources\": [{\"file\": \"ds/observations.csv\", \"line\": 3, \"source\": \"s\", "
                                 "\"locator\": \"line 3\", \"quote\": \"q\"}]",
                                 "\"level\": 4", "\"rating\": \"hoàn thành tốt nhiệm vụ trở lên\"", "\"rating\": null",
                                 "\"value\": {\"lo\": 25, \"hi\": null, \"lo_open\": true, \"hi_open\": true}"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (!strstr(json, keys[i])) {
            print_error("no %s in the JSON\n", keys[i]);
            fail();
        }
    }
    size_t rows = 0;
    for (const char *p = json; (p = strstr(p, "\"unit\": ")); p++)
        rows++;
    assert_int_equal(rows, chiso_normalized_count(f->n));
    free(json);
}

/* The flag words. */
static void test_flags_format(void **state)
{
    (void)state;
    char buf[256];
    assert_string_equal(chiso_norm_flags_format(0, buf, sizeof buf), "");
    assert_string_equal(chiso_norm_flags_format(CHISO_NORM_PARTIAL | CHISO_NORM_SPLIT, buf, sizeof buf),
                        "partial;split");
    assert_string_equal(chiso_norm_flags_format(0x7FFu, buf, sizeof buf),
                        "partial;split;assigned;nested;overlap;inexact;crosswalk;summed;averaged;derived;"
                        "base_unknown");
    assert_string_equal(chiso_norm_flags_format(0x7FFu, buf, 8), "partial");
}

int main(void)
{
    chiso_set_lang(CHISO_LANG_EN, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_full_term_flow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_term, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_flow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_straddling_stock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_year_and_annual_mean, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rating_levels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_per100_members, setup, teardown),
        cmocka_unit_test(test_as_of),
        cmocka_unit_test_setup_teardown(test_order, setup, teardown),
        cmocka_unit_test(test_inherited_terms),
        cmocka_unit_test(test_as_of_members),
        cmocka_unit_test(test_rating_gaps),
        cmocka_unit_test(test_same_span_order),
        cmocka_unit_test_setup_teardown(test_csv_output, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_output, setup, teardown),
        cmocka_unit_test(test_flags_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* `chiso template -o X.xlsx DATASET` keeps every value: for every dataset of the project (every folder of datasets/,
 * tests/data/real-*, each read with its illustrative targets), the workbook the template writes from it
 * reads back as the same data, accessor by accessor and field by field — the terms' note_vi, the
 * indicators' irregular, the targets' id and set_by, the verdicts' target and as_of included — with the
 * same diagnostics. Only the place of a record differs: "observations.csv" line 12 is
 * "X.xlsx:observations!" row 12, the same number. A column the reader does not know is carried into the
 * workbook under its own header, so that the workbook warns of it as the folder did. */
#include "testutil.h"
#include "chiso/ingest.h"
#include "chiso/report.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static int same_d(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static int same_date(chiso_date a, chiso_date b)
{
    return a.day == b.day && a.year == b.year && a.month == b.month && a.mday == b.mday && a.prec == b.prec;
}

static int same_iv(chiso_interval a, chiso_interval b)
{
    return same_d(a.lo, b.lo) && same_d(a.hi, b.hi) && a.lo_open == b.lo_open && a.hi_open == b.hi_open;
}

static int same_value(chiso_value a, chiso_value b)
{
    return same_iv(a.iv, b.iv) && same_d(a.point, b.point) && a.q == b.q && a.percent == b.percent &&
           same_d(a.num, b.num) && same_d(a.den, b.den);
}

/* a field that differs between the folder (a) and the workbook (b) */
#define SAME(cond, what, i)                                                                                  \
    do {                                                                                                     \
        if (!(cond))                                                                                         \
            fail_msg("%s: %s %zu differs once through the workbook (%s)", name, what, (size_t)(i), #cond);   \
    } while (0)
#define SAME_S(field, what, i) SAME(same_str(x.field, y.field), what, i)

static chiso_dataset *load(const char *path, chiso_diags *diags)
{
    chiso_load_opts o;
    chiso_load_opts_default(&o);
    o.illustrative = 1;
    chiso_dataset *ds = NULL;
    chiso_error err;
    memset(&err, 0, sizeof err);
    chiso_status st = chiso_dataset_open(path, &o, diags, &ds, &err);
    if (st != CHISO_OK)
        fail_msg("%s cannot be read: %s", path, err.msg);
    return ds;
}

/* The diagnostics' codes and lines, in order (the files' names differ: a CSV file, a sheet). */
static char *diag_list(const chiso_diags *d)
{
    size_t n = chiso_diags_count(d), cap = 64 * n + 1, len = 0;
    char *s = calloc(cap, 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        len += (size_t)snprintf(s + len, cap - len, "%d %s %ld\n", (int)g->severity, g->code ? g->code : "-",
                                g->line);
    }
    return s;
}

static void compare(const char *name, const chiso_dataset *a, const chiso_dataset *b)
{
    SAME(chiso_dataset_n_units(a) == chiso_dataset_n_units(b), "the number of units", 0);
    for (size_t i = 0; i < chiso_dataset_n_units(a); i++) {
        chiso_unit_info x, y;
        assert_int_equal(chiso_dataset_unit(a, i, &x), CHISO_OK);
        assert_int_equal(chiso_dataset_unit(b, i, &y), CHISO_OK);
        SAME_S(code, "unit", i);
        SAME_S(name, "unit", i);
        SAME(x.parent == y.parent, "unit", i);
    }
    SAME(chiso_dataset_n_terms(a) == chiso_dataset_n_terms(b), "the number of terms", 0);
    for (size_t i = 0; i < chiso_dataset_n_terms(a); i++) {
        chiso_term_info x, y;
        assert_int_equal(chiso_dataset_term(a, i, &x), CHISO_OK);
        assert_int_equal(chiso_dataset_term(b, i, &y), CHISO_OK);
        SAME_S(unit, "term", i);
        SAME_S(code, "term", i);
        SAME_S(label, "term", i);
        SAME_S(note, "term", i);
        SAME_S(note_vi, "term", i);
        SAME(x.unit_index == y.unit_index && same_date(x.start, y.start) && same_date(x.end, y.end), "term", i);
    }
    SAME(chiso_dataset_n_indicators(a) == chiso_dataset_n_indicators(b), "the number of indicators", 0);
    for (size_t i = 0; i < chiso_dataset_n_indicators(a); i++) {
        chiso_indicator_info x, y;
        assert_int_equal(chiso_dataset_indicator(a, i, &x), CHISO_OK);
        assert_int_equal(chiso_dataset_indicator(b, i, &y), CHISO_OK);
        SAME_S(code, "indicator", i);
        SAME_S(name_vi, "indicator", i);
        SAME_S(name_en, "indicator", i);
        SAME(x.category == y.category && x.measure == y.measure && x.kind == y.kind && x.direction == y.direction,
             "indicator", i);
        SAME(x.builtin == y.builtin && x.irregular == y.irregular, "indicator", i);
    }
    SAME(chiso_dataset_n_obs(a) == chiso_dataset_n_obs(b), "the number of figures", 0);
    for (size_t i = 0; i < chiso_dataset_n_obs(a); i++) {
        chiso_obs_info x, y;
        assert_int_equal(chiso_dataset_obs(a, i, &x), CHISO_OK);
        assert_int_equal(chiso_dataset_obs(b, i, &y), CHISO_OK);
        SAME_S(unit, "figure", i);
        SAME_S(indicator, "figure", i);
        SAME_S(rating, "figure", i);
        SAME_S(scheme, "figure", i);
        SAME_S(part_of, "figure", i);
        SAME_S(raw_value, "figure", i);
        SAME_S(source, "figure", i);
        SAME_S(locator, "figure", i);
        SAME_S(quote, "figure", i);
        SAME_S(note, "figure", i);
        SAME(x.index == y.index && x.unit_index == y.unit_index && x.indicator_index == y.indicator_index,
             "figure", i);
        SAME(same_date(x.start, y.start) && same_date(x.end, y.end) && same_value(x.value, y.value), "figure", i);
        SAME(x.basis == y.basis && x.level == y.level && x.flags == y.flags && x.share_of_part == y.share_of_part,
             "figure", i);
        SAME(x.line == y.line, "figure", i);
    }
    SAME(chiso_dataset_n_targets(a) == chiso_dataset_n_targets(b), "the number of targets", 0);
    for (size_t i = 0; i < chiso_dataset_n_targets(a); i++) {
        chiso_target_info x, y;
        assert_int_equal(chiso_dataset_target(a, i, &x), CHISO_OK);
        assert_int_equal(chiso_dataset_target(b, i, &y), CHISO_OK);
        SAME_S(unit, "target", i);
        SAME_S(term, "target", i);
        SAME_S(indicator, "target", i);
        SAME_S(rating, "target", i);
        SAME_S(raw_value, "target", i);
        SAME_S(source, "target", i);
        SAME_S(locator, "target", i);
        SAME_S(quote, "target", i);
        SAME_S(note, "target", i);
        SAME_S(id, "target", i);
        SAME_S(set_by, "target", i);
        SAME(x.index == y.index && x.unit_index == y.unit_index && x.term_index == y.term_index &&
                 x.indicator_index == y.indicator_index,
             "target", i);
        SAME(x.op == y.op && same_iv(x.value, y.value) && x.basis == y.basis && x.has_period == y.has_period,
             "target", i);
        SAME(!x.has_period || (same_date(x.period_start, y.period_start) && same_date(x.period_end, y.period_end)),
             "target", i);
        SAME(x.relative_to_members == y.relative_to_members && x.relative_base == y.relative_base &&
                 x.relative_day == y.relative_day,
             "target", i);
        SAME(x.level == y.level && x.at_or_above == y.at_or_above && x.illustrative == y.illustrative, "target", i);
        SAME(x.line == y.line, "target", i);
    }
    SAME(chiso_dataset_n_verdicts(a) == chiso_dataset_n_verdicts(b), "the number of verdicts", 0);
    for (size_t i = 0; i < chiso_dataset_n_verdicts(a); i++) {
        chiso_verdict_info x, y;
        assert_int_equal(chiso_dataset_verdict(a, i, &x), CHISO_OK);
        assert_int_equal(chiso_dataset_verdict(b, i, &y), CHISO_OK);
        SAME_S(unit, "verdict", i);
        SAME_S(term, "verdict", i);
        SAME_S(indicator, "verdict", i);
        SAME_S(rating, "verdict", i);
        SAME_S(raw_verdict, "verdict", i);
        SAME_S(source, "verdict", i);
        SAME_S(locator, "verdict", i);
        SAME_S(quote, "verdict", i);
        SAME_S(target_id, "verdict", i);
        SAME(x.index == y.index && x.unit_index == y.unit_index && x.term_index == y.term_index &&
                 x.indicator_index == y.indicator_index && x.target_index == y.target_index,
             "verdict", i);
        SAME(x.has_period == y.has_period &&
                 (!x.has_period ||
                  (same_date(x.period_start, y.period_start) && same_date(x.period_end, y.period_end))),
             "verdict", i);
        SAME(x.verdict == y.verdict && x.has_ratio == y.has_ratio && x.ratio_decimals == y.ratio_decimals,
             "verdict", i);
        SAME(!x.has_ratio || same_value(x.ratio, y.ratio), "verdict", i);
        SAME(x.has_as_of == y.has_as_of && (!x.has_as_of || same_date(x.as_of, y.as_of)), "verdict", i);
        SAME(x.line == y.line, "verdict", i);
    }
}

/* Copy the dataset at path into a workbook and compare what the two read as. */
static void round_trip(const char *path, const char *name)
{
    chiso_diags *da = chiso_diags_new(), *db = chiso_diags_new();
    assert_non_null(da);
    assert_non_null(db);
    chiso_dataset *a = load(path, da);
    char *tmp = chiso_test_mkdtemp();
    assert_non_null(tmp);
    char book[4096];
    snprintf(book, sizeof book, "%s/so-lieu.xlsx", tmp);
    chiso_error err;
    memset(&err, 0, sizeof err);
    if (chiso_template_write(book, path, 1, NULL, a, &err) != CHISO_OK)
        fail_msg("%s: the template cannot be written: %s", name, err.msg);
    chiso_dataset *b = load(book, db);
    compare(name, a, b);
    char *la = diag_list(da), *lb = diag_list(db);
    if (strcmp(la, lb) != 0)
        fail_msg("%s: the diagnostics differ once through the workbook:\n-- folder:\n%s-- workbook:\n%s", name, la, lb);
    free(la);
    free(lb);
    chiso_dataset_free(a);
    chiso_dataset_free(b);
    chiso_diags_free(da);
    chiso_diags_free(db);
    chiso_test_rmtree(tmp);
    free(tmp);
}

/* Every dataset folder under dir whose name starts with prefix ("" for all); returns how many. */
static int round_trip_all(const char *dir, const char *prefix)
{
    char base[4096];
    snprintf(base, sizeof base, "%s/%s", chiso_test_source_dir(), dir);
    DIR *d = opendir(base);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) != 0)
            continue;
        char path[4400], terms[4500];
        snprintf(path, sizeof path, "%s/%s", base, e->d_name);
        snprintf(terms, sizeof terms, "%s/terms.csv", path);
        FILE *f = fopen(terms, "r");
        if (!f)
            continue; /* not a dataset (registry/) */
        fclose(f);
        round_trip(path, e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

static void test_project_datasets(void **state)
{
    (void)state;
    assert_true(round_trip_all("datasets", "") >= 2);        /* haiphong, template */
    assert_true(round_trip_all("tests/data", "real-") >= 6); /* the real-* datasets */
}

/* The columns the first template dropped, each with a value, and a column chiso does not know: all come
 * back (the unknown one with the same warning at the same line). */
static void test_every_column(void **state)
{
    (void)state;
    char *dir = chiso_test_mkdtemp();
    assert_non_null(dir);
    chiso_test_write(dir, "units.csv", "unit,name\nu,Đảng bộ U\n");
    chiso_test_write(dir, "terms.csv",
                     "unit,term,start,end,note,note_vi,ghi_chu_rieng\n"
                     "u,I,2015-10,2020-10,planned end,ngày kết thúc dự kiến,giữ lại\n");
    chiso_test_write(dir, "indicators.csv",
                     "indicator,category,measure,kind,irregular\nawards,other,count,flow,yes\n");
    chiso_test_write(dir, "observations.csv",
                     "unit,indicator,period_start,period_end,value,source,locator,quote\n"
                     "u,awards,2016,2016,12,a.pdf,p. 1,12 huy hiệu\n");
    chiso_test_write(dir, "targets.csv",
                     "unit,term,indicator,op,value,basis,id,set_by,source,locator,quote\n"
                     "u,I,awards,>=,10,total,t1,chỉ tiêu tỉnh giao,a.pdf,p. 2,ít nhất 10\n");
    chiso_test_write(dir, "verdicts.csv",
                     "unit,term,indicator,ratio,target,as_of,source,locator,quote\n"
                     "u,I,awards,120,t1,2016-12-31,a.pdf,p. 3,đạt 120%\n");
    round_trip(dir, "every column");
    /* and the values are the ones written (not two equal losses) */
    chiso_diags *d = chiso_diags_new();
    char book[4096];
    snprintf(book, sizeof book, "%s/x.xlsx", dir);
    chiso_dataset *a = load(dir, d);
    chiso_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(chiso_template_write(book, dir, 1, NULL, a, &err), CHISO_OK);
    chiso_dataset *b = load(book, d);
    chiso_term_info t;
    assert_int_equal(chiso_dataset_term(b, 0, &t), CHISO_OK);
    assert_string_equal(t.note_vi, "ngày kết thúc dự kiến");
    chiso_target_info g;
    assert_int_equal(chiso_dataset_target(b, 0, &g), CHISO_OK);
    assert_string_equal(g.id, "t1");
    assert_string_equal(g.set_by, "chỉ tiêu tỉnh giao");
    chiso_verdict_info v;
    assert_int_equal(chiso_dataset_verdict(b, 0, &v), CHISO_OK);
    assert_string_equal(v.target_id, "t1");
    assert_int_equal(v.target_index, 0);
    assert_true(v.has_as_of);
    assert_int_equal(v.as_of.year, 2016);
    int irregular = 0;
    for (size_t i = 0; i < chiso_dataset_n_indicators(b); i++) {
        chiso_indicator_info ind;
        assert_int_equal(chiso_dataset_indicator(b, i, &ind), CHISO_OK);
        if (strcmp(ind.code, "awards") == 0)
            irregular = ind.irregular;
    }
    assert_true(irregular);
    size_t unknown = 0;
    for (size_t i = 0; i < chiso_diags_count(d); i++)
        unknown += same_str(chiso_diags_get(d, i)->code, "header.unknown");
    assert_int_equal(unknown, 2); /* ghi_chu_rieng, in the folder and in the workbook */
    chiso_dataset_free(a);
    chiso_dataset_free(b);
    chiso_diags_free(d);
    chiso_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_column),
        cmocka_unit_test(test_project_datasets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

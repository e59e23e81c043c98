/* tests/unit/test_seeds.c — the default dataset (datasets/haiphong) against its sources.
 *
 * 1. It loads (embedded and from disk) and checks with no error and no warning.
 * 2. Its admissions per term, lt..VI = 136, 712, 772, 1 209, 1 247, 854, 641, normalise to the coverage
 *    and annual rates computed by hand from datasets/haiphong/terms.csv (day counts in the comments).
 * 3. Every quote is really in the seed file at its locator: lines N (or N..M) of seeds/<source> in
 *    $CHISO_SHARED_DIR (else ../shared next to the source tree), blank lines dropped, each line
 *    stripped, joined with single spaces and runs of spaces collapsed, must contain the quote (its
 *    spaces collapsed too). So for observations, targets and verdicts (through the library's views) and
 *    for terms.csv and units.csv (read as CSV). The source documents are not part of the project: when
 *    they are absent, these two tests are skipped with a message saying so, and the program exits 77,
 *    which CTest shows as "Skipped" (SKIP_RETURN_CODE), never as passed. */
#include "testutil.h"

#include "chiso/common.h"
#include "chiso/ingest.h"
#include "ingest/csvread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void dump(const chiso_diags *d)
{
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        print_error("  %s:%ld:%ld: [%s] %s\n", g->file, g->line, g->col, g->code, g->msg);
    }
}

static chiso_dataset *load_default(chiso_diags *d)
{
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_dataset_load_default(NULL, d, &ds, &err), CHISO_OK);
    assert_int_equal(chiso_dataset_check(ds, d, &err), CHISO_OK);
    return ds;
}

/* ---- 1. clean -------------------------------------------------------------------------------- */

/* The embedded dataset and the folder on disk: same sizes (datasets/haiphong/README.md: 2 units,
 * 8 terms, 258 figures, no target, 4 verdicts), no error, no warning. */
static void test_loads_clean(void **state)
{
    (void)state;
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = load_default(d);
    if (chiso_diags_count(d))
        dump(d);
    assert_int_equal(chiso_diags_errors(d), 0);
    assert_int_equal(chiso_diags_warnings(d), 0);
    assert_int_equal(chiso_dataset_n_units(ds), 2);
    assert_int_equal(chiso_dataset_n_terms(ds), 8);
    assert_int_equal(chiso_dataset_n_obs(ds), 258);
    assert_int_equal(chiso_dataset_n_targets(ds), 0);
    assert_int_equal(chiso_dataset_n_verdicts(ds), 4);
    assert_string_equal(chiso_dataset_dir(ds), "datasets/haiphong");
    chiso_obs_info o;
    chiso_dataset_obs(ds, 0, &o);
    assert_string_equal(o.file, "datasets/haiphong/observations.csv");
    chiso_dataset_free(ds);
    chiso_diags_free(d);

    char dir[1024];
    snprintf(dir, sizeof dir, "%s/datasets/haiphong", chiso_test_source_dir());
    d = chiso_diags_new();
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_dataset_load(dir, NULL, d, &ds, &err), CHISO_OK);
    assert_int_equal(chiso_dataset_check(ds, d, &err), CHISO_OK);
    if (chiso_diags_count(d))
        dump(d);
    assert_int_equal(chiso_diags_count(d), 0);
    assert_int_equal(chiso_dataset_n_obs(ds), 258);
    chiso_dataset_free(ds);
    chiso_diags_free(d);

    /* with the illustrative targets too */
    chiso_load_opts lo;
    chiso_load_opts_default(&lo);
    lo.illustrative = 1;
    d = chiso_diags_new();
    assert_int_equal(chiso_dataset_load_default(&lo, d, &ds, &err), CHISO_OK);
    assert_int_equal(chiso_diags_errors(d), 0);
    assert_int_equal(chiso_dataset_n_targets(ds), 15);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

/* ---- 2. admissions per term ---------------------------------------------------------------------- */

/* Term dates of terms.csv and the spans of the admitted figures of observations.csv, in days counted
 * with both ends (Python: (end − start).days + 1):
 *   lt  1994-01-01..1996-01-31  25 whole months = 25/12; figure 1994..1995 = 2 whole years
 *   I   1996-02-09..2000-12-10  1 767 days;  figure = the term
 *   II  2000-12-10..2005-10-27  1 783 days;  figure = the term
 *   III 2005-10-27..2010-08-25  1 764 days;  figure = the term
 *   IV  2010-08-25..2015-08-23  1 825 days;  figure = the term
 *   V   2015-08-23..2020-08-03  1 808 days;  figure 2015-08-23..2018-12-31 = 1 227 days
 *   VI  2020-08-03..2025-08-31  1 855 days;  figure 2020-08-03..2023-12-31 = 1 246 days
 * A year of days is 365.25. Partial (covering less than the term minus a quarter year): V and VI,
 * projected at the same pace to the whole term. */
static void test_admissions_per_term(void **state)
{
    (void)state;
    static const struct {
        const char *term;
        double value, term_years, coverage;
        int partial;
    } want[] = {
        {"lt", 136, 25.0 / 12, 2, 0},
        {"I", 712, 1767 / 365.25, 1767 / 365.25, 0},
        {"II", 772, 1783 / 365.25, 1783 / 365.25, 0},
        {"III", 1209, 1764 / 365.25, 1764 / 365.25, 0},
        {"IV", 1247, 1825 / 365.25, 1825 / 365.25, 0},
        {"V", 854, 1808 / 365.25, 1227 / 365.25, 1},
        {"VI", 641, 1855 / 365.25, 1246 / 365.25, 1},
    };
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = load_default(d);
    chiso_normalized *n = NULL;
    chiso_error err;
    assert_int_equal(chiso_normalize(ds, NULL, NULL, &n, &err), CHISO_OK);
    long u = chiso_dataset_find_unit(ds, "dbk-hp");
    long ind = chiso_dataset_find_indicator(ds, "admitted");
    assert_true(u >= 0 && ind >= 0);
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        long t = chiso_dataset_find_term(ds, u, want[k].term);
        assert_true(t >= 0);
        const chiso_norm_row *r = chiso_normalized_find(n, u, t, ind, CHISO_BASIS_TOTAL, 0);
        assert_non_null(r);
        assert_rel(r->value.lo, want[k].value, 0);
        assert_rel(r->value.hi, want[k].value, 0);
        assert_rel(r->term_years, want[k].term_years, 1e-12);
        assert_rel(r->coverage_years, want[k].coverage, 1e-12);
        assert_true(r->has_annual);
        assert_rel(r->annual.lo, want[k].value / want[k].coverage, 1e-12);
        assert_int_equal(!!(r->flags & CHISO_NORM_PARTIAL), want[k].partial);
        assert_int_equal(r->has_projected, want[k].partial);
        if (want[k].partial)
            assert_rel(r->projected.lo, want[k].value / want[k].coverage * want[k].term_years, 1e-12);
    }
    /* term V by hand: 854 / (1227/365.25) = 254.2164 a year; × 1808/365.25 = 1258.3798 projected */
    const chiso_norm_row *v = chiso_normalized_find(n, u, chiso_dataset_find_term(ds, u, "V"), ind,
                                                    CHISO_BASIS_TOTAL, 0);
    assert_rel(v->coverage_years, 3.359342915811088, 1e-12);
    assert_rel(v->annual.lo, 254.21638141809292, 1e-12);
    assert_rel(v->projected.lo, 1258.3797881010595, 1e-12);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

/* ---- 3. quotes at their locators --------------------------------------------------------------- */

typedef struct seed {
    char *name;
    char *text;
    char **lines; /* 1-based: lines[1] is the first line */
    size_t n;
} seed;

static seed seeds[8];
static size_t n_seeds;
static size_t n_quotes_checked;

static const char *shared_dir(char *buf, size_t size)
{
    const char *env = getenv("CHISO_SHARED_DIR");
    if (env && *env)
        return env;
    snprintf(buf, size, "%s/../shared", chiso_test_source_dir());
    return buf;
}

/* 1 when the folder of source documents is there; else a message (once) and 0. */
static int seeds_present(void)
{
    static int known = -1;
    if (known >= 0)
        return known;
    char dir[1024], path[1100];
    snprintf(path, sizeof path, "%s/seeds", shared_dir(dir, sizeof dir));
    struct stat sb;
    known = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
    if (!known)
        fprintf(stderr, "SKIP: the source documents (%s) are absent, so the quotes of datasets/haiphong are "
                        "not checked against them; set CHISO_SHARED_DIR to the folder that holds seeds/ to "
                        "check them\n", path);
    return known;
}

static const seed *seed_file(const char *name)
{
    for (size_t i = 0; i < n_seeds; i++)
        if (strcmp(seeds[i].name, name) == 0)
            return &seeds[i];
    assert_true(n_seeds < sizeof seeds / sizeof seeds[0]);
    assert_null(strchr(name, '/'));
    char dir[1024], path[2048];
    snprintf(path, sizeof path, "%s/seeds/%s", shared_dir(dir, sizeof dir), name);
    seed *s = &seeds[n_seeds];
    s->text = chiso_test_read_file(path, NULL);
    if (!s->text) {
        print_error("cannot read the seed file %s\n", path);
        fail();
    }
    s->name = strdup(name);
    size_t cap = 1024;
    s->lines = malloc(cap * sizeof *s->lines);
    s->lines[0] = NULL;
    s->n = 0;
    for (char *p = s->text; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (s->n + 2 >= cap)
            s->lines = realloc(s->lines, (cap *= 2) * sizeof *s->lines);
        s->lines[++s->n] = p;
        p = nl ? nl + 1 : NULL;
    }
    n_seeds++;
    return s;
}

/* Append text with its ends stripped and runs of spaces collapsed. */
static void append_collapsed(char *out, size_t *o, size_t cap, const char *text)
{
    for (const char *p = text; *p && *o + 2 < cap; p++) {
        char ch = *p == '\t' || *p == '\r' ? ' ' : *p;
        if (ch == ' ' && (*o == 0 || out[*o - 1] == ' '))
            continue;
        out[(*o)++] = ch;
    }
    while (*o && out[*o - 1] == ' ')
        (*o)--;
    out[*o] = '\0';
}

/* Does quote occur in source at locator ("line N" or "lines N-M")? what/line name the record. */
static void check_quote(const char *source, const char *locator, const char *quote, const char *what, long line)
{
    if (!source || !locator || !quote) {
        print_error("%s:%ld has no source, locator or quote\n", what, line);
        fail();
    }
    long a = 0, b = 0;
    char tail;
    if (sscanf(locator, "lines %ld-%ld%c", &a, &b, &tail) != 2) {
        if (sscanf(locator, "line %ld%c", &a, &tail) != 1) {
            print_error("%s:%ld: locator '%s' is neither 'line N' nor 'lines N-M'\n", what, line, locator);
            fail();
        }
        b = a;
    }
    const seed *s = seed_file(source);
    if (a < 1 || b < a || (size_t)b > s->n) {
        print_error("%s:%ld: locator '%s' is outside %s (%zu lines)\n", what, line, locator, source, s->n);
        fail();
    }
    size_t cap = 65536, o = 0;
    char *text = malloc(cap);
    text[0] = '\0';
    for (long k = a; k <= b; k++) {
        const char *ln = s->lines[k];
        if (strspn(ln, " \t\r") == strlen(ln))
            continue; /* blank lines are dropped */
        if (o)
            text[o++] = ' ';
        append_collapsed(text, &o, cap, ln);
    }
    char q[8192];
    size_t qo = 0;
    append_collapsed(q, &qo, sizeof q, quote);
    if (!strstr(text, q)) {
        print_error("%s:%ld: the quote is not in %s %s\n  quote: %s\n  text:  %s\n", what, line, source, locator,
                    q, text);
        free(text);
        fail();
    }
    free(text);
    n_quotes_checked++;
}

/* sources.csv: a title that gives a quote is the document's own words at its locator; the history (000)
 * has no title line, so its title is a description: no quote, and a title_note that says so. */
static void test_titles_of_sources(void **state)
{
    (void)state;
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = load_default(d);
    assert_int_equal(chiso_dataset_n_sources(ds), 2);
    chiso_source_info s;
    long h = chiso_dataset_find_source(ds, "000_17d250f75772683e.txt");
    long r = chiso_dataset_find_source(ds, "004_b8e6640e92ee97b5.txt");
    assert_true(h >= 0 && r >= 0);
    assert_int_equal(chiso_dataset_source(ds, (size_t)h, &s), CHISO_OK);
    assert_int_equal(s.title_quoted, 0);
    assert_null(s.quote);
    assert_non_null(s.title_note);
    assert_non_null(strstr(s.title_note, "không trích từ văn bản"));
    assert_int_equal(chiso_dataset_source(ds, (size_t)r, &s), CHISO_OK);
    assert_int_equal(s.title_quoted, 1);
    assert_string_equal(s.title, s.quote); /* the title is the quote, word for word */
    assert_int_equal(strncmp(s.title, "BÁO CÁO sơ kết 03 năm thực hiện Kết luận số 01-KL/TW", 53), 0);
    if (seeds_present()) {
        size_t before = n_quotes_checked;
        check_quote(s.id, s.locator, s.quote, s.file, s.line);
        assert_int_equal(n_quotes_checked, before + 1);
    }
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    if (!seeds_present())
        skip();
}

/* Observations, targets and verdicts through the library's views (every figure has all three). */
static void test_quotes_of_figures(void **state)
{
    (void)state;
    if (!seeds_present())
        skip();
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = load_default(d);
    for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
        chiso_obs_info o;
        chiso_dataset_obs(ds, i, &o);
        check_quote(o.source, o.locator, o.quote, o.file, o.line);
    }
    for (size_t i = 0; i < chiso_dataset_n_targets(ds); i++) {
        chiso_target_info t;
        chiso_dataset_target(ds, i, &t);
        check_quote(t.source, t.locator, t.quote, t.file, t.line);
    }
    for (size_t i = 0; i < chiso_dataset_n_verdicts(ds); i++) {
        chiso_verdict_info v;
        chiso_dataset_verdict(ds, i, &v);
        check_quote(v.source, v.locator, v.quote, v.file, v.line);
    }
    assert_int_equal(n_quotes_checked, 258 + 0 + 4);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

/* terms.csv and units.csv carry source, locator and quote too; the library does not keep them, so
 * they are read here with the CSV reader. */
typedef struct csv_ctx {
    const char *what;
    int col_source, col_locator, col_quote;
    long rows;
} csv_ctx;

static int on_row(void *ctx, const chiso_csv_row *row)
{
    csv_ctx *c = ctx;
    if (row->index == 0) {
        c->col_source = c->col_locator = c->col_quote = -1;
        for (size_t i = 0; i < row->nfields; i++) {
            if (!row->fields[i])
                continue;
            if (!strcmp(row->fields[i], "source"))
                c->col_source = (int)i;
            else if (!strcmp(row->fields[i], "locator"))
                c->col_locator = (int)i;
            else if (!strcmp(row->fields[i], "quote"))
                c->col_quote = (int)i;
        }
        assert_true(c->col_source >= 0 && c->col_locator >= 0 && c->col_quote >= 0);
        return 0;
    }
    check_quote(row->fields[c->col_source], row->fields[c->col_locator], row->fields[c->col_quote], c->what,
                row->line);
    c->rows++;
    return 0;
}

static void test_quotes_of_terms_and_units(void **state)
{
    (void)state;
    if (!seeds_present())
        skip();
    static const struct {
        const char *file;
        long rows;
    } files[] = {{"terms.csv", 8}, {"units.csv", 2}, {"observations.csv", 258}, {"verdicts.csv", 4},
                 {"targets.csv", 0}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/datasets/haiphong/%s", chiso_test_source_dir(), files[i].file);
        csv_ctx c = {files[i].file, -1, -1, -1, 0};
        chiso_error err;
        chiso_error_clear(&err);
        if (chiso_csv_read_file(path, files[i].file, NULL, on_row, &c, &err) != CHISO_OK) {
            print_error("%s: %s\n", path, err.msg);
            fail();
        }
        assert_int_equal(c.rows, files[i].rows);
    }
}

static int teardown_seeds(void **state)
{
    (void)state;
    for (size_t i = 0; i < n_seeds; i++) {
        free(seeds[i].name);
        free(seeds[i].text);
        free(seeds[i].lines);
    }
    n_seeds = 0;
    return 0;
}

int main(void)
{
    chiso_set_lang(CHISO_LANG_EN, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loads_clean),
        cmocka_unit_test(test_admissions_per_term),
        cmocka_unit_test(test_quotes_of_figures),
        cmocka_unit_test(test_quotes_of_terms_and_units),
        cmocka_unit_test(test_titles_of_sources),
    };
    int failed = cmocka_run_group_tests(tests, NULL, teardown_seeds);
    return failed == 0 && !seeds_present() ? 77 : failed;
}

/* tests/unit/test_limits.c — limits, lookups at scale, safe outputs and inputs that are not files.
 *
 * - every limit of datasets/FORMAT.md is refused at the place it is crossed (FILE:LINE:COL), and text
 *   too long for a field is refused rather than cut to something that reads (a period, a target, a
 *   ratio, a number or a code in a rule);
 * - lookups by code stay right with thousands of units and terms (hash maps), and the terms of a unit
 *   come in time order, ties in file order;
 * - shares written with decimals that add up to 100% are not "more than 100%";
 * - outputs: a device or a FIFO is written in place (never replaced by a file), a link keeps naming
 *   its file, a folder or a missing folder is refused, a stale temporary file is never written
 *   through, and a failure leaves the earlier file as it was;
 * - inputs: a FIFO is refused without blocking, so is a folder. */
#include "testutil.h"

#include "chiso/analysis.h"
#include "chiso/common.h"
#include "chiso/ingest.h"
#include "ingest/csvread.h"
#include "ingest/strpool.h"
#include "ingest/util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------------------------------- */

static chiso_dataset *load_files(chiso_diags **d, size_t n, const char *const *names, const char *const *texts)
{
    size_t sizes[16];
    for (size_t i = 0; i < n; i++)
        sizes[i] = strlen(texts[i]);
    *d = chiso_diags_new();
    assert_non_null(*d);
    chiso_dataset *ds = NULL;
    chiso_error e;
    chiso_error_clear(&e);
    assert_int_equal(chiso_dataset_load_mem("ds", n, names, texts, sizes, NULL, *d, &ds, &e), CHISO_OK);
    return ds;
}

/* The diagnostic with this code, or fail listing them all. */
static const chiso_diag *find_diag(const chiso_diags *d, const char *code, const char *file)
{
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        if (g->code && strcmp(g->code, code) == 0 && (!file || (g->file && strstr(g->file, file))))
            return g;
    }
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        print_error("  %s:%ld:%ld [%s] %s\n", g->file, g->line, g->col, g->code, g->msg);
    }
    print_error("no diagnostic %s\n", code);
    fail();
    return NULL;
}

#define TERMS "unit,term,start,end\nu,I,2010,2014\nu,II,2015,2019\n"
#define OBS_H "unit,indicator,period_start,period_end,value,basis\n"

static char *tmpdir;

static int setup(void **state)
{
    (void)state;
    tmpdir = chiso_test_mkdtemp();
    return tmpdir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    chiso_test_rmtree(tmpdir);
    free(tmpdir);
    tmpdir = NULL;
    return 0;
}

static char *path_in(const char *name)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static char *slurp(const char *path)
{
    char *s = chiso_test_read_file(path, NULL);
    assert_non_null(s);
    return s;
}

/* ---- limits of the CSV reader, at their place ------------------------------------------------------ */

static int count_rows(void *ctx, const chiso_csv_row *row)
{
    (void)row;
    ++*(long *)ctx;
    return 0;
}

static chiso_status read_text(const char *text, size_t n, chiso_error *e, long *rows)
{
    chiso_csv_reader *r = chiso_csv_reader_new("t.csv", NULL, count_rows, rows, e);
    assert_non_null(r);
    chiso_status st = chiso_csv_feed(r, text, n, e);
    if (st == CHISO_OK)
        st = chiso_csv_finish(r, e);
    /* after an error every later call gives the same error */
    if (st != CHISO_OK) {
        chiso_error again;
        assert_int_equal(chiso_csv_feed(r, "x", 1, &again), st);
        assert_int_equal(chiso_csv_finish(r, &again), st);
        assert_int_equal(again.line, e->line);
    }
    chiso_csv_reader_free(r);
    return st;
}

static void test_csv_limits_at_their_place(void **state)
{
    (void)state;
    chiso_error e;
    long rows = 0;
    /* a quoted field over the limit on the third field of line 3, spanning lines: named where it starts */
    size_t big = CHISO_CSV_MAX_FIELD + 10;
    char *t = malloc(big + 64);
    assert_non_null(t);
    strcpy(t, "a,b,c\n1,2,3\nx,y,\"");
    size_t n = strlen(t);
    for (size_t i = 0; i < big; i++)
        t[n++] = i % 100 == 99 ? '\n' : 'z';
    memcpy(t + n, "\"\n", 3);
    n += 2;
    assert_int_equal(read_text(t, n, &e, &rows), CHISO_ELIMIT);
    assert_int_equal(e.line, 3);
    assert_int_equal(e.col, 5);
    assert_non_null(strstr(e.msg, "field 3 is longer than 65536 bytes"));
    free(t);

    /* 513 fields: the 513th field's column */
    char wide[4096] = "h\n";
    for (int i = 0; i < 513; i++)
        strcat(wide, i ? ",ab" : "ab");
    strcat(wide, "\n");
    rows = 0;
    assert_int_equal(read_text(wide, strlen(wide), &e, &rows), CHISO_ELIMIT);
    assert_int_equal(e.line, 2);
    assert_int_equal(e.col, 1 + 3 * 512);
    assert_int_equal(rows, 1); /* the header was read, the wide record was not delivered */

    /* a line over 1 MiB without a newline: refused at its line, without reading it all */
    size_t ln = CHISO_CSV_MAX_RECORD + 100;
    t = malloc(ln + 16);
    assert_non_null(t);
    memcpy(t, "a\n", 2);
    memset(t + 2, 'q', ln);
    rows = 0;
    assert_int_equal(read_text(t, ln + 2, &e, &rows), CHISO_ELIMIT);
    assert_int_equal(e.line, 2);
    assert_non_null(strstr(e.msg, "line is longer"));
    free(t);

    /* an empty input is no rows and no error; a lone BOM too */
    rows = 0;
    assert_int_equal(read_text("", 0, &e, &rows), CHISO_OK);
    assert_int_equal(rows, 0);
    assert_int_equal(read_text("\xEF\xBB\xBF", 3, &e, &rows), CHISO_OK);
    assert_int_equal(rows, 0);
}

/* ---- text too long is refused, never cut ------------------------------------------------------------ */

static void test_long_text_is_refused(void **state)
{
    (void)state;
    char pad[200];
    memset(pad, ' ', sizeof pad);
    pad[sizeof pad - 1] = '\0';
    /* "2016<spaces>x" would read as 2016 if it were cut before the x */
    char targets[600], verdicts[600], rules[600];
    snprintf(targets, sizeof targets,
             "unit,term,indicator,op,value,basis,period\nu,II,admitted,>=,5%sx,total,\nu,II,admitted,>=,5,total,2016%sx\n",
             pad, pad);
    snprintf(verdicts, sizeof verdicts, "unit,term,indicator,verdict,ratio\nu,II,admitted,đạt,\"102,5%sx\"\n", pad);
    char num[100], code[300];
    memset(num, '0', sizeof num);
    memcpy(num, "0.", 2);
    num[98] = '1';
    num[99] = '\0';
    memset(code, 'a', sizeof code);
    code[sizeof code - 1] = '\0';
    snprintf(rules, sizeof rules, "left,op,right\nadmitted * %s,<=,admitted\n%s,<=,admitted\n", num, code);
    const char *names[] = {"terms.csv", "observations.csv", "targets.csv", "verdicts.csv", "rules.csv"};
    const char *texts[] = {TERMS, OBS_H "u,admitted,2015,2019,50,total\n", targets, verdicts, rules};
    chiso_diags *d;
    chiso_dataset *ds = load_files(&d, 5, names, texts);
    assert_int_equal(chiso_dataset_n_targets(ds), 0);
    assert_int_equal(chiso_dataset_n_verdicts(ds), 0);
    const chiso_diag *g = find_diag(d, "target.value", "targets.csv");
    assert_int_equal(g->line, 2);
    g = find_diag(d, "period.bad", "targets.csv");
    assert_int_equal(g->line, 3);
    assert_non_null(strstr(g->msg, "too long"));
    g = find_diag(d, "verdict.ratio", "verdicts.csv");
    assert_int_equal(g->line, 2);
    /* rules: the number is too long at its first character (col 12), the code is unknown */
    size_t nrule = 0;
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        g = chiso_diags_get(d, i);
        if (strcmp(g->code, "rule.parse") != 0)
            continue;
        nrule++;
        if (g->line == 2) {
            assert_int_equal(g->col, 12);
            assert_non_null(strstr(g->msg, "too long"));
        } else {
            assert_int_equal(g->line, 3);
            assert_non_null(strstr(g->msg, "unknown indicator"));
        }
    }
    assert_int_equal(nrule, 2);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

/* ---- dates, numbers and expressions at their limits ----------------------------------------------------- */

static void test_value_and_date_limits(void **state)
{
    (void)state;
    chiso_value v;
    chiso_error e;
    /* the largest count allowed, and one more digit */
    assert_int_equal(chiso_value_parse("1.000.000.000.000.000", CHISO_MEASURE_COUNT, NULL, &v, &e), CHISO_OK);
    assert_rel(v.point, 1e15, 0);
    assert_int_equal(chiso_value_parse("10.000.000.000.000.000", CHISO_MEASURE_COUNT, NULL, &v, &e), CHISO_EDOMAIN);
    assert_non_null(strstr(e.msg, "too large"));
    /* a multiplier that carries it over */
    assert_int_equal(chiso_value_parse("200.000.000.000 vạn", CHISO_MEASURE_COUNT, NULL, &v, &e), CHISO_EDOMAIN);
    static const char *const not_figures[] = {"NaN", "nan", "Inf", "-Inf", "infinity", "+inf", "vô cùng", "1e999",
                                              "1e5", "0x1A", "1,5e3"};
    for (size_t i = 0; i < sizeof not_figures / sizeof not_figures[0]; i++) {
        chiso_error_clear(&e);
        chiso_status st = chiso_value_parse(not_figures[i], CHISO_MEASURE_SHARE, NULL, &v, &e);
        if (st == CHISO_OK)
            print_error("'%s' was read as %g\n", not_figures[i], v.point);
        assert_int_not_equal(st, CHISO_OK);
        assert_true(e.col >= 1);
        double x;
        assert_int_not_equal(chiso_number_parse(not_figures[i], &x, &e), CHISO_OK);
    }
    /* dates: the range and the calendar */
    chiso_date d;
    assert_int_equal(chiso_date_parse("1900-01-01", 0, &d, &e), CHISO_OK);
    assert_int_equal(chiso_date_parse("2199-12-31", 1, &d, &e), CHISO_OK);
    assert_int_equal(chiso_date_parse("1899-12-31", 0, &d, &e), CHISO_EDOMAIN);
    assert_int_equal(chiso_date_parse("2200", 0, &d, &e), CHISO_EDOMAIN);
    assert_int_equal(chiso_date_parse("2100-02-29", 0, &d, &e), CHISO_EDOMAIN); /* not a leap year */
    assert_int_equal(chiso_date_parse("2000-02-29", 0, &d, &e), CHISO_OK);      /* a leap year */
    assert_int_equal(chiso_date_parse("20000-01-01", 0, &d, &e), CHISO_EPARSE);
    assert_int_equal(chiso_date_parse("2020-1-5", 0, &d, &e), CHISO_EPARSE);
    assert_int_equal(chiso_date_parse("", 0, &d, &e), CHISO_EPARSE);
    assert_int_equal(chiso_date_parse(NULL, 0, &d, &e), CHISO_EINVAL);
    /* spans over the whole range stay exact */
    assert_rel(chiso_span_years(chiso_days_from_civil(1900, 1, 1), chiso_days_from_civil(2199, 12, 31)), 300, 0);
    assert_rel(chiso_span_years(10, 5), 0, 0);
}

static void test_expression_limits(void **state)
{
    (void)state;
    /* 64 levels are allowed, 65 are not; 1000 terms are allowed, 1001 are not */
    char deep64[512] = "", deep65[512] = "", terms1000[12000] = "", terms1001[12000] = "";
    for (int i = 0; i < 64; i++)
        strcat(deep64, "(");
    strcat(deep64, "admitted");
    for (int i = 0; i < 64; i++)
        strcat(deep64, ")");
    strcpy(deep65, "-");
    strcat(deep65, deep64);
    for (int i = 0; i < 1000; i++)
        strcat(terms1000, i ? "+1" : "1");
    strcpy(terms1001, terms1000);
    strcat(terms1001, "+1");
    char rules[30000];
    snprintf(rules, sizeof rules, "left,op,right\n%s,<=,admitted\n%s,<=,admitted\n%s,>=,0\n%s,>=,0\n", deep64, deep65,
             terms1000, terms1001);
    const char *names[] = {"terms.csv", "observations.csv", "rules.csv"};
    const char *texts[] = {TERMS, OBS_H "u,admitted,2015,2019,50,total\n", rules};
    chiso_diags *d;
    chiso_dataset *ds = load_files(&d, 3, names, texts);
    assert_int_equal(chiso_diags_errors(d), 2);
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        if (g->severity != CHISO_ERROR)
            continue;
        if (g->line == 3) {
            assert_non_null(strstr(g->msg, "nested too deeply"));
            assert_int_equal(g->col, 65); /* "-" and 63 "(": the 64th "(" is the 65th level */
        } else {
            assert_int_equal(g->line, 5);
            assert_int_equal(g->col, 2001); /* the 1001st term */
            assert_non_null(strstr(g->msg, "too long"));
        }
    }
    chiso_error e;
    assert_int_equal(chiso_dataset_check(ds, d, &e), CHISO_OK);
    assert_int_equal(chiso_diags_errors(d), 2); /* the two rules that were read hold */
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

/* ---- lookups at scale ----------------------------------------------------------------------------- */

static void test_lookups_at_scale(void **state)
{
    (void)state;
    enum { NU = 3000 };
    size_t cap = (size_t)NU * 80 + 64;
    char *terms = malloc(cap), *units = malloc(cap);
    assert_non_null(terms);
    assert_non_null(units);
    size_t o = (size_t)snprintf(terms, cap, "unit,term,start,end\n");
    size_t q = (size_t)snprintf(units, cap, "unit,parent\n");
    for (int i = 0; i < NU; i++) {
        q += (size_t)snprintf(units + q, cap - q, "u%d,%s\n", i, i ? "u0" : "");
        /* listed out of time order, and two terms starting on the same day (file order kept) */
        o += (size_t)snprintf(terms + o, cap - o, "u%d,B,2015,2019\nu%d,A,2010,2014\nu%d,C,2015,2016\n", i, i, i);
    }
    const char *names[] = {"units.csv", "terms.csv", "observations.csv"};
    const char *texts[] = {units, terms, OBS_H "u2999,admitted,2010,2014,5,total\nu17,members,2012,2012,1.000,point\n"};
    chiso_diags *d;
    chiso_dataset *ds = load_files(&d, 3, names, texts);
    assert_int_equal(chiso_dataset_n_units(ds), NU);
    assert_int_equal(chiso_dataset_n_terms(ds), 3 * NU);
    for (int i = 0; i < NU; i += 7) {
        char code[16];
        snprintf(code, sizeof code, "u%d", i);
        long u = chiso_dataset_find_unit(ds, code);
        assert_int_equal(u, i);
        assert_int_equal(chiso_dataset_find_term(ds, u, "A"), 3 * i + 1);
        assert_int_equal(chiso_dataset_find_term(ds, u, "C"), 3 * i + 2);
        long idx[3];
        assert_int_equal(chiso_dataset_unit_terms(ds, u, idx, 3), 3);
        assert_int_equal(idx[0], 3 * i + 1); /* A 2010 */
        assert_int_equal(idx[1], 3 * i);     /* B 2015, listed before C */
        assert_int_equal(idx[2], 3 * i + 2); /* C 2015 */
        assert_int_equal(chiso_dataset_unit_terms(ds, u, NULL, 0), 3);
        assert_int_equal(chiso_dataset_unit_terms(ds, u, idx, 1), 3); /* counts all, writes one */
        assert_int_equal(idx[0], 3 * i + 1);
    }
    assert_int_equal(chiso_dataset_find_unit(ds, "u3000"), -1);
    assert_int_equal(chiso_dataset_find_unit(ds, ""), -1);
    assert_int_equal(chiso_dataset_find_unit(ds, NULL), -1);
    assert_int_equal(chiso_dataset_find_unit(NULL, "u1"), -1);
    assert_int_equal(chiso_dataset_find_term(ds, 5, "D"), -1);
    assert_int_equal(chiso_dataset_find_term(ds, -1, "A"), -1);
    assert_int_equal(chiso_dataset_find_term(ds, 5, NULL), -1);
    assert_int_equal(chiso_dataset_unit_terms(ds, -1, NULL, 0), 0);
    assert_int_equal(chiso_dataset_unit_terms(ds, NU, NULL, 0), 0);
    /* a string that is in the pool but is no unit code */
    assert_int_equal(chiso_dataset_find_unit(ds, "A"), -1);
    assert_true(chiso_dataset_find_indicator(ds, "admitted") >= 0);
    assert_int_equal(chiso_dataset_find_indicator(ds, "u1"), -1);
    /* every unit has a parent but u0; the figures were placed */
    chiso_unit_info ui;
    assert_int_equal(chiso_dataset_unit(ds, 2999, &ui), CHISO_OK);
    assert_int_equal(ui.parent, 0);
    assert_int_equal(chiso_dataset_n_obs(ds), 2);
    assert_int_equal(chiso_diags_errors(d), 0);
    chiso_error e;
    assert_int_equal(chiso_dataset_check(ds, d, &e), CHISO_OK);
    /* B and C start on the same day: one overlap per unit, each found (in linear time) */
    assert_int_equal(chiso_diags_errors(d), NU);
    const chiso_diag *g = find_diag(d, "term.overlap", "terms.csv");
    assert_non_null(strstr(g->msg, "term 'C'"));
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    free(terms);
    free(units);

    /* the string pool: ids are stable and found again */
    chiso_strpool p;
    chiso_strpool_init(&p);
    assert_int_equal(chiso_strpool_find(&p, "x", 1), CHISO_NOSTR);
    uint32_t ids[5000];
    for (int i = 0; i < 5000; i++) {
        char s[16];
        int n = snprintf(s, sizeof s, "s%d", i);
        ids[i] = chiso_strpool_intern(&p, s, (size_t)n);
        assert_true(ids[i] >= 1);
    }
    for (int i = 0; i < 5000; i += 13) {
        char s[16];
        int n = snprintf(s, sizeof s, "s%d", i);
        assert_int_equal(chiso_strpool_find(&p, s, (size_t)n), ids[i]);
        assert_int_equal(chiso_strpool_intern(&p, s, (size_t)n), ids[i]);
        assert_string_equal(chiso_strpool_get(&p, ids[i]), s);
    }
    assert_int_equal(chiso_strpool_find(&p, "s5000", 5), CHISO_NOSTR);
    assert_int_equal(chiso_strpool_find(&p, "s1", 1), CHISO_NOSTR); /* "s", a prefix */
    assert_int_equal(chiso_strpool_intern(&p, NULL, 0), CHISO_NOSTR);
    /* a string larger than a block */
    size_t big = 300 * 1024;
    char *b = malloc(big);
    assert_non_null(b);
    memset(b, 'b', big);
    uint32_t id = chiso_strpool_intern(&p, b, big);
    assert_int_equal(strlen(chiso_strpool_get(&p, id)), big);
    assert_int_equal(chiso_strpool_find(&p, b, big), id);
    assert_string_equal(chiso_strpool_get(&p, ids[4999]), "s4999");
    free(b);
    chiso_strpool_free(&p);
    /* the blocks grow from 4 KiB: a string bigger than the first block, first, then small ones */
    chiso_strpool_init(&p);
    char first[5000];
    memset(first, 'f', sizeof first);
    uint32_t fid = chiso_strpool_intern(&p, first, sizeof first);
    uint32_t aid = chiso_strpool_intern(&p, "a", 1);
    for (int i = 0; i < 3000; i++) { /* about 20 kB: several blocks, each twice the one before */
        char s[16];
        int n = snprintf(s, sizeof s, "t%d", i);
        ids[i] = chiso_strpool_intern(&p, s, (size_t)n);
    }
    assert_int_equal(strlen(chiso_strpool_get(&p, fid)), sizeof first);
    assert_string_equal(chiso_strpool_get(&p, aid), "a");
    assert_string_equal(chiso_strpool_get(&p, ids[0]), "t0");
    assert_string_equal(chiso_strpool_get(&p, ids[2999]), "t2999");
    assert_int_equal(chiso_strpool_find(&p, "t1500", 5), ids[1500]);
    chiso_strpool_free(&p);
}

/* ---- shares that add up to 100% in decimals --------------------------------------------------------- */

static void test_shares_adding_to_100(void **state)
{
    (void)state;
    /* 67,9 + 11,9 + 20,2 is 100.00000000000001 in binary floating point */
    const char *names[] = {"terms.csv", "observations.csv"};
    const char *texts[] = {TERMS, "unit,indicator,period_start,period_end,value,basis,rating\n"
                                  "u,org_rating_share,2016-12-31,2016-12-31,\"67,9%\",point,trong sạch vững mạnh\n"
                                  "u,org_rating_share,2016-12-31,2016-12-31,\"11,9%\",point,hoàn thành tốt nhiệm vụ\n"
                                  "u,org_rating_share,2016-12-31,2016-12-31,\"20,2%\",point,hoàn thành nhiệm vụ\n"
                                  "u,org_rating_share,2017-12-31,2017-12-31,\"67,9%\",point,trong sạch vững mạnh\n"
                                  "u,org_rating_share,2017-12-31,2017-12-31,\"40,2%\",point,hoàn thành tốt nhiệm vụ\n"};
    chiso_diags *d;
    chiso_dataset *ds = load_files(&d, 2, names, texts);
    chiso_error e;
    assert_int_equal(chiso_dataset_check(ds, d, &e), CHISO_OK);
    /* 2017 adds up to 108,1%: that one is an error, 2016 is not */
    assert_int_equal(chiso_diags_errors(d), 1);
    const chiso_diag *g = find_diag(d, "norm.shares_sum", NULL);
    assert_int_equal(g->line, 5);
    chiso_normalized *n = NULL;
    assert_int_equal(chiso_normalize(ds, NULL, NULL, &n, &e), CHISO_OK);
    long ind = chiso_dataset_find_indicator(ds, "org_rating_share");
    int seen = 0;
    for (size_t i = 0; i < chiso_normalized_count(n); i++) {
        const chiso_norm_row *r = chiso_normalized_get(n, i);
        if (r->indicator_index != ind)
            continue;
        /* no interval has its ends crossed */
        assert_true(r->value.lo <= r->value.hi);
        assert_true(r->value.hi <= 100);
        if (r->level == 2) {
            seen++;
            assert_rel(r->value.lo, 100, 1e-12);
            assert_rel(r->value.hi, 100, 0);
            assert_true(r->point <= 100);
        }
    }
    assert_int_equal(seen, 1); /* term II (2015–2019) */
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

/* ---- outputs ---------------------------------------------------------------------------------------- */

static void test_output_regular_and_link(void **state)
{
    (void)state;
    chiso_error e;
    /* a new file, then replaced whole */
    assert_int_equal(chiso_write_file_atomic(path_in("a.csv"), "one\n", 4, &e), CHISO_OK);
    assert_int_equal(chiso_write_file_atomic(path_in("a.csv"), "two\n", 4, &e), CHISO_OK);
    char *s = slurp(path_in("a.csv"));
    assert_string_equal(s, "two\n");
    free(s);
    /* a link: the file it names is replaced and the link stays */
    assert_int_equal(symlink("a.csv", path_in("link.csv")), 0);
    assert_int_equal(chiso_write_file_atomic(path_in("link.csv"), "three\n", 6, &e), CHISO_OK);
    struct stat sb;
    assert_int_equal(lstat(path_in("link.csv"), &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    s = slurp(path_in("a.csv"));
    assert_string_equal(s, "three\n");
    free(s);
    /* a link to a file not yet written: the file is made where the link points */
    assert_int_equal(symlink("new.csv", path_in("later.csv")), 0);
    assert_int_equal(chiso_write_file_atomic(path_in("later.csv"), "four\n", 5, &e), CHISO_OK);
    assert_int_equal(lstat(path_in("later.csv"), &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    s = slurp(path_in("new.csv"));
    assert_string_equal(s, "four\n");
    free(s);
    /* a stale temporary file that is a link to another file is never written through */
    char stale[1100];
    snprintf(stale, sizeof stale, "%s.tmp%ld", path_in("b.csv"), (long)getpid());
    chiso_test_write(tmpdir, "victim.txt", "keep me\n");
    assert_int_equal(symlink(path_in("victim.txt"), stale), 0);
    assert_int_equal(chiso_write_file_atomic(path_in("b.csv"), "five\n", 5, &e), CHISO_OK);
    s = slurp(path_in("victim.txt"));
    assert_string_equal(s, "keep me\n");
    free(s);
    s = slurp(path_in("b.csv"));
    assert_string_equal(s, "five\n");
    free(s);
    assert_int_equal(lstat(stale, &sb), -1); /* and no temporary file is left */
}

static void test_output_refused(void **state)
{
    (void)state;
    chiso_error e;
    /* a folder */
    assert_int_equal(mkdir(path_in("dir"), 0755), 0);
    assert_int_equal(chiso_write_file_atomic(path_in("dir"), "x", 1, &e), CHISO_EIO);
    assert_non_null(strstr(e.msg, "folder"));
    assert_string_equal(e.file, path_in("dir"));
    /* a folder that does not exist */
    assert_int_equal(chiso_write_file_atomic(path_in("nowhere/x.csv"), "x", 1, &e), CHISO_EIO);
    assert_non_null(strstr(e.msg, "cannot create the file"));
    /* no name */
    assert_int_equal(chiso_write_file_atomic("", "x", 1, &e), CHISO_EINVAL);
    char *real = NULL;
    int direct = 0;
    assert_int_equal(chiso_output_resolve(NULL, &real, &direct, &e), CHISO_EINVAL);
    assert_null(real);
}

static void test_output_devices(void **state)
{
    (void)state;
    chiso_error e;
    /* reached through links in the test folder: a writer that replaced its output by a file would
     * replace the link, never the device */
    assert_int_equal(symlink("/dev/null", path_in("null.csv")), 0);
    assert_int_equal(symlink("/dev/full", path_in("full.csv")), 0);
    assert_int_equal(chiso_write_file_atomic(path_in("null.csv"), "data\n", 5, &e), CHISO_OK);
    assert_int_equal(chiso_write_file_atomic(path_in("full.csv"), "data\n", 5, &e), CHISO_EIO);
    assert_non_null(strstr(e.msg, strerror(ENOSPC)));
    struct stat sb;
    assert_int_equal(stat(path_in("null.csv"), &sb), 0);
    assert_true(S_ISCHR(sb.st_mode));
    assert_int_equal(stat(path_in("full.csv"), &sb), 0);
    assert_true(S_ISCHR(sb.st_mode));
    char *real = NULL;
    int direct = 0;
    assert_int_equal(chiso_output_resolve(path_in("null.csv"), &real, &direct, &e), CHISO_OK);
    assert_int_equal(direct, 1);
    assert_null(real);
    /* a FIFO with a reader: written in place */
    assert_int_equal(mkfifo(path_in("pipe"), 0600), 0);
    int rfd = open(path_in("pipe"), O_RDONLY | O_NONBLOCK);
    assert_true(rfd >= 0);
    assert_int_equal(chiso_write_file_atomic(path_in("pipe"), "via a pipe\n", 11, &e), CHISO_OK);
    char buf[32] = "";
    assert_int_equal(read(rfd, buf, sizeof buf - 1), 11);
    assert_string_equal(buf, "via a pipe\n");
    close(rfd);
    assert_int_equal(stat(path_in("pipe"), &sb), 0);
    assert_true(S_ISFIFO(sb.st_mode));
}

/* ---- inputs that are not files ---------------------------------------------------------------------- */

static void test_inputs_not_files(void **state)
{
    (void)state;
    chiso_error e;
    assert_int_equal(mkfifo(path_in("in.csv"), 0600), 0);
    /* no writer: opening it must not block */
    assert_int_equal(chiso_open_regular(path_in("in.csv"), "in.csv", &e), -1);
    assert_int_equal(e.code, CHISO_EIO);
    assert_non_null(strstr(e.msg, "pipe or a device"));
    assert_int_equal(chiso_csv_read_file(path_in("in.csv"), "in.csv", NULL, NULL, NULL, &e), CHISO_EIO);
    assert_string_equal(e.file, "in.csv");
    assert_int_equal(chiso_open_regular(tmpdir, "dir", &e), -1);
    assert_non_null(strstr(e.msg, "folder"));
    assert_int_equal(chiso_open_regular(path_in("missing.csv"), "missing.csv", &e), -1);
    assert_non_null(strstr(e.msg, strerror(ENOENT)));
    /* a regular file opens, blocking reads restored */
    chiso_test_write(tmpdir, "ok.csv", "a\n1\n");
    int fd = chiso_open_regular(path_in("ok.csv"), "ok.csv", &e);
    assert_true(fd >= 0);
    assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
    close(fd);
    /* a dataset whose observations.csv is a FIFO, a folder or a dangling link: an error at the file */
    char ds[1100];
    snprintf(ds, sizeof ds, "%s/ds", tmpdir);
    assert_int_equal(mkdir(ds, 0755), 0);
    chiso_test_write(ds, "terms.csv", TERMS);
    char p[1200];
    snprintf(p, sizeof p, "%s/observations.csv", ds);
    assert_int_equal(mkfifo(p, 0600), 0);
    snprintf(p, sizeof p, "%s/verdicts.csv", ds);
    assert_int_equal(symlink("/nonexistent/verdicts.csv", p), 0);
    snprintf(p, sizeof p, "%s/rules.csv", ds);
    assert_int_equal(mkdir(p, 0755), 0);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *set = NULL;
    assert_int_equal(chiso_dataset_load(ds, NULL, d, &set, &e), CHISO_OK);
    assert_int_equal(chiso_diags_errors(d), 3);
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        assert_string_equal(g->code, "file.io");
        assert_int_equal(g->line, 0);
    }
    chiso_dataset_free(set);
    chiso_diags_free(d);
}

/* ---- the attainment as CSV ------------------------------------------------------------------------- */

static void test_attainment_csv(void **state)
{
    (void)state;
    const char *names[] = {"terms.csv", "observations.csv", "targets.csv", "verdicts.csv"};
    const char *texts[] = {TERMS,
                           OBS_H "u,admitted,2010,2014,250,total\nu,admitted,2015,2016,\"khoảng 100\",total\n"
                                 "u,members,2010-01-01,2010-01-01,1.000,point\nu,members,2019-12-31,2019-12-31,1.100,point\n",
                           /* two targets of term I on admitted: the report's row names the one it is about */
                           "unit,term,indicator,op,value,basis,relative_to,id\nu,I,admitted,>=,200,total,,a200\n"
                           "u,II,admitted,between,200..300,total,,\nu,I,admitted,>,5,total,members_at_term_start,\n"
                           "u,II,members,<=,1200,end,,\nu,II,members,<,1000,end,,\nu,II,admitted,=,50,annual_mean,,\n",
                           "unit,term,indicator,verdict,ratio,target\nu,I,admitted,không đạt,\"125,0\",a200\n"};
    chiso_diags *d;
    chiso_dataset *ds = load_files(&d, 4, names, texts);
    assert_int_equal(chiso_diags_errors(d), 0);
    chiso_error e;
    chiso_normalized *n = NULL;
    assert_int_equal(chiso_normalize(ds, NULL, NULL, &n, &e), CHISO_OK);
    chiso_attain_opts o;
    chiso_attain_opts_default(&o);
    o.has_as_of = 1;
    o.as_of = chiso_days_from_civil(2017, 6, 30);
    chiso_attainment *a = NULL;
    assert_int_equal(chiso_analysis_attain(ds, n, &o, &a, &e), CHISO_OK);
    assert_int_equal(chiso_attainment_count(a), 6);
    char *csv = chiso_attainment_to_csv(a);
    assert_non_null(csv);
    /* a header and one line per target, each with the columns of the header */
    size_t lines = 0, header_commas = 0, commas = 0;
    int inq = 0;
    for (const char *p = csv; *p; p++) {
        if (*p == '"')
            inq = !inq;
        else if (*p == ',' && !inq)
            commas++;
        else if (*p == '\n' && !inq) {
            if (lines == 0)
                header_commas = commas;
            else
                assert_int_equal(commas, header_commas);
            commas = 0;
            lines++;
        }
    }
    assert_int_equal(lines, 7);
    assert_non_null(strstr(csv, "between"));
    assert_non_null(strstr(csv, ",MET,"));       /* term I: 250 >= 200 */
    assert_non_null(strstr(csv, "NOT_MET"));     /* what the report said of it */
    assert_non_null(strstr(csv, "<="));
    const chiso_attain_row *r = chiso_attainment_get(a, 0);
    assert_int_equal(r->verdict, CHISO_VERDICT_MET);
    assert_true(r->has_reported);
    assert_true(r->disagrees);
    assert_null(chiso_attainment_get(a, 6));
    free(csv);
    /* an empty result is a header only */
    csv = chiso_attainment_to_csv(NULL);
    assert_non_null(csv);
    assert_non_null(strchr(csv, '\n'));
    assert_null(strchr(strchr(csv, '\n') + 1, '\n'));
    free(csv);
    chiso_attainment_free(a);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

/* ---- text helpers at their edges -------------------------------------------------------------------- */

static void test_text_helpers(void **state)
{
    (void)state;
    /* lower case: Vietnamese, Latin Extended-A (odd and even upper cases), 4-byte characters, bytes
     * that are not UTF-8 (kept as they are) */
    char *low = chiso_utf8_lower("ĐẢNG BỘ ƠƯ ĹĽŃŇŹŽ ĀĂ 😀 \xFF!");
    assert_non_null(low);
    assert_string_equal(low, "đảng bộ ơư ĺľńňźž āă 😀 \xFF!");
    free(low);
    assert_null(chiso_utf8_lower(NULL));
    assert_int_equal(chiso_utf8_casecmp("TRONG SẠCH VỮNG MẠNH", "trong sạch vững mạnh"), 0);
    assert_int_equal(chiso_utf8_casecmp("Ľ😀", "ľ😀"), 0);
    assert_true(chiso_utf8_casecmp("abc", "abd") < 0);
    assert_true(chiso_utf8_casecmp("abcd", "abc") > 0);
    assert_true(chiso_utf8_casecmp("ab", "abc") < 0);
    /* the valid prefix: overlong forms, surrogates, beyond U+10FFFF and cut sequences end it */
    static const struct {
        const char *s;
        size_t valid;
    } u[] = {{"a\xF0\x9F\x98\x80" "b", 6}, {"a\xC0\xAF", 1},    {"\xED\xA0\x80", 0},   {"\xF4\x90\x80\x80", 0},
             {"ab\xE2\x82", 2},          {"\xE0\x80\x80", 0}, {"x\xF8\x88\x80\x80", 1}, {"\xC3\xA9\x80", 2}};
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
        assert_int_equal(chiso_utf8_valid_prefix((const unsigned char *)u[i].s, strlen(u[i].s)), u[i].valid);
    assert_int_equal(chiso_utf8_chars("đảng😀", strlen("đảng😀")), 5);
    /* trimming: blanks and no-break spaces at both ends, never inside */
    size_t n;
    const char *t = chiso_trim(" \t\xC2\xA0 64,5 %\xC2\xA0\r\n", strlen(" \t\xC2\xA0 64,5 %\xC2\xA0\r\n"), &n);
    assert_int_equal(n, strlen(" 64,5 %"));
    assert_memory_equal(t, " 64,5 %", n);
    t = chiso_trim("   ", 3, &n);
    assert_int_equal(n, 0);
    /* growing an array beyond what can be counted fails without touching it */
    void *arr = NULL;
    size_t cap = 0;
    assert_int_equal(chiso_grow(&arr, &cap, SIZE_MAX / 4, 16), -1);
    assert_null(arr);
    assert_int_equal(cap, 0);
    assert_int_equal(chiso_grow(&arr, &cap, 100, 4), 0);
    assert_true(cap >= 100);
    free(arr);
    assert_null(chiso_strdup(NULL));
    assert_null(chiso_strndup(NULL, 3));
    /* a long printf goes whole into a buffer */
    chiso_buf b;
    chiso_buf_init(&b);
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    chiso_buf_printf(&b, "[%s]%d", big, 7);
    assert_int_equal(b.len, sizeof big - 1 + 3);
    char *whole = chiso_buf_take(&b);
    assert_int_equal(whole[sizeof big], ']');
    free(whole);
    /* names out of range */
    assert_string_equal(chiso_kind_name((chiso_kind)7), "?");
    assert_string_equal(chiso_category_name((chiso_category)99), "?");
    assert_string_equal(chiso_basis_name((chiso_basis)42), "?");
    assert_string_equal(chiso_kind_name(CHISO_KIND_RATE), "rate");
    assert_string_equal(chiso_category_name(CHISO_CAT_TRAINING), "training");
}

/* The delimiter is the one the header uses most outside quotes; an 8-bit file is named. */
static int grab_delim(void *ctx, const chiso_csv_row *row)
{
    *(char *)ctx = row->delim;
    return 1; /* stop after the header */
}

static void test_csv_dialects(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        char delim;
    } c[] = {{"a;b;c\n1;2;3\n", ';'},
             {"a\tb\tc\n", '\t'},
             {"\"x,y\";b;c\n", ';'}, /* the commas are quoted */
             {"a,b;c\n", ','},        /* a tie goes to the comma */
             {"a;b\tc\td\n", '\t'},
             {"a\n", ','}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char d = 0;
        chiso_error e;
        chiso_csv_reader *r = chiso_csv_reader_new("t.csv", NULL, grab_delim, &d, &e);
        assert_non_null(r);
        assert_int_equal(chiso_csv_feed(r, c[i].text, strlen(c[i].text), &e), CHISO_OK);
        assert_int_equal(chiso_csv_finish(r, &e), CHISO_OK);
        assert_int_equal(d, c[i].delim);
        assert_int_equal(chiso_csv_delim(r), c[i].delim);
        assert_int_equal(chiso_csv_rows(r), 1); /* stopped after the header */
        chiso_csv_reader_free(r);
    }
    /* Windows-1258 (tone marks as combining bytes after a capital) and TCVN3 are named */
    static const struct {
        const char *text, *guess;
    } g[] = {{"a\nTR\xD2NG\n", "Windows-1258"}, {"a\n\xB8\xB5ng\n", "TCVN3"}};
    for (size_t i = 0; i < 2; i++) {
        chiso_error e;
        chiso_csv_reader *r = chiso_csv_reader_new("t.csv", NULL, NULL, NULL, &e);
        assert_non_null(r);
        assert_int_equal(chiso_csv_feed(r, g[i].text, strlen(g[i].text), &e), CHISO_EENCODING);
        assert_non_null(strstr(e.msg, g[i].guess));
        assert_int_equal(e.line, 2);
        chiso_csv_reader_free(r);
    }
    /* an unknown encoding is the caller's mistake */
    chiso_error e;
    assert_null(chiso_csv_reader_new("t.csv", "latin-9", NULL, NULL, &e));
    assert_int_equal(e.code, CHISO_EINVAL);
    /* blank lines between records and a record of spaces only are no rows of data */
    const char *names[] = {"terms.csv", "observations.csv"};
    const char *texts[] = {TERMS, OBS_H "\n   \nu,admitted,2015,2019,50,total\n\n  \n"};
    chiso_diags *d;
    chiso_dataset *ds = load_files(&d, 2, names, texts);
    assert_int_equal(chiso_diags_errors(d), 0);
    assert_int_equal(chiso_dataset_n_obs(ds), 1);
    chiso_obs_info o;
    assert_int_equal(chiso_dataset_obs(ds, 0, &o), CHISO_OK);
    assert_int_equal(o.line, 4);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

int main(void)
{
    chiso_set_lang(CHISO_LANG_EN, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_limits_at_their_place),
        cmocka_unit_test(test_long_text_is_refused),
        cmocka_unit_test(test_value_and_date_limits),
        cmocka_unit_test(test_expression_limits),
        cmocka_unit_test(test_lookups_at_scale),
        cmocka_unit_test(test_shares_adding_to_100),
        cmocka_unit_test_setup_teardown(test_output_regular_and_link, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output_devices, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inputs_not_files, setup, teardown),
        cmocka_unit_test(test_attainment_csv),
        cmocka_unit_test(test_text_helpers),
        cmocka_unit_test(test_csv_dialects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

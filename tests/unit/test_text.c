/* tests/unit/test_text.c — every Unicode form and keyboard habit (ingest/text.c, values, dates, the
 * plausibility check).
 *
 * Expected strings are written out by hand: NFD "trên" is t r e U+0302 n (the circumflex is one
 * combining mark), NFC is t r U+00EA n; Excel's day 43466 is 2019-01-01 (1899-12-30 + 43466 days,
 * Excel's 1900 system with its 29 February 1900); the modified z-scores are computed in the comments. */
#include "testutil.h"

#include "chiso/common.h"
#include "chiso/ingest.h"
#include "ingest/dataset_int.h"
#include "ingest/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the apostrophe before formula-like text (datasets/FORMAT.md) ------------------------------- */

/* The reader takes off exactly the apostrophe a table writer put there (chiso_text_needs_quote), and
 * nothing else: each pair is text as read -> text after chiso_text_unquote, written out by hand. */
static void test_unquote(void **state)
{
    (void)state;
    const char *pairs[][2] = {
        {"'=1+2", "=1+2"},           {"'=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")"},
        {"'@SUM(A1)", "@SUM(A1)"},   {"'+cmd", "+cmd"},
        {"'-2+3+cmd|x", "-2+3+cmd|x"}, {"'\tx", "\tx"},
        {"''=1+2", "'=1+2"}, /* a text that itself began with "'=": one apostrophe off, one kept */
        {"'''@x", "''@x"},
        /* kept as typed: no formula after the apostrophe */
        {"'abc", "'abc"},            {"'-3.5", "'-3.5"},
        {"'+12", "'+12"},            {"'12", "'12"},
        {"'", "'"},                  {"''", "''"},
        {"'Dân vận khéo'", "'Dân vận khéo'"}, {"=1+2", "=1+2"}, /* no apostrophe: nothing to take */
        {" '=1", " '=1"},            {"", ""},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        char *s = strdup(pairs[i][0]);
        int r = chiso_text_unquote(s);
        if (strcmp(s, pairs[i][1]) != 0)
            fail_msg("'%s' read back as '%s', wanted '%s'", pairs[i][0], s, pairs[i][1]);
        assert_int_equal(r, strcmp(pairs[i][0], pairs[i][1]) != 0);
        free(s);
    }
    assert_int_equal(chiso_text_unquote(NULL), 0);

    /* the round trip: whatever a cell holds, written by chiso's CSV writer then unquoted, it is the
     * same text again (fields without a comma or quote, so the CSV quoting is not in the way) */
    const char *texts[] = {"=1+2", "'=1+2", "''=1+2", "@x", "-cmd", "-3.5", "'-3.5", "'abc", "abc", "'",
                           "Đảng bộ", "+12", "'+x", "-"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        chiso_buf b;
        chiso_buf_init(&b);
        chiso_csv_field(&b, texts[i]);
        char *w = chiso_buf_take(&b);
        assert_non_null(w);
        chiso_text_unquote(w);
        if (strcmp(w, texts[i]) != 0)
            fail_msg("'%s' written and read back as '%s'", texts[i], w);
        free(w);
    }
}

/* ---- NFC and invisible characters -------------------------------------------------------------- */

static void test_clean_nfc(void **state)
{
    (void)state;
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_text_note note;
    /* ASCII and precomposed text are clean as they are */
    assert_int_equal(chiso_text_clean("1.247", 5, &b, &note), 0);
    assert_int_equal(chiso_text_clean("trên 90%", strlen("trên 90%"), &b, &note), 0);
    assert_int_equal(b.len, 0);
    /* "trên 90%" typed with a combining circumflex; "hoàn thành tốt nhiệm vụ" in NFD */
    const char *nfd = "tre\xCC\x82n 90%";
    assert_int_equal(chiso_text_clean(nfd, strlen(nfd), &b, &note), 1);
    assert_string_equal(b.data, "trên 90%");
    assert_int_equal(b.len, strlen("trên 90%"));
    assert_true(note.nfc);
    assert_int_equal(note.invisible, 0);
    chiso_buf_reset(&b);
    /* ệ is e + dot below + circumflex in NFD (two marks, canonical order) */
    const char *nfd2 = "nhie\xCC\xA3\xCC\x82m vu\xCC\xA3";
    assert_int_equal(chiso_text_clean(nfd2, strlen(nfd2), &b, &note), 1);
    assert_string_equal(b.data, "nhiệm vụ");
    chiso_buf_free(&b);
    /* the public entry point */
    char *n = chiso_text_normalize("Ca\xCC\x89nh ca\xCC\x81o");
    assert_string_equal(n, "Cảnh cáo");
    free(n);
    assert_null(chiso_text_normalize(NULL));
}

static void test_clean_invisible(void **state)
{
    (void)state;
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_text_note note;
    /* a zero-width space after a code, a byte-order mark before a figure, a soft hyphen and a
     * zero-width joiner inside a word: removed; the first one's column as written is told */
    const char *zw = "dbk\xE2\x80\x8B";
    assert_int_equal(chiso_text_clean(zw, strlen(zw), &b, &note), 1);
    assert_string_equal(b.data, "dbk");
    assert_int_equal(note.invisible, 1);
    assert_int_equal(note.invisible_cp, 0x200B);
    assert_int_equal(note.invisible_col, 4);
    chiso_buf_reset(&b);
    const char *many = "\xEF\xBB\xBF" "5.356\xC2\xAD" "7\xE2\x80\x8D";
    assert_int_equal(chiso_text_clean(many, strlen(many), &b, &note), 1);
    assert_string_equal(b.data, "5.3567");
    assert_int_equal(note.invisible, 3);
    assert_int_equal(note.invisible_cp, 0xFEFF);
    assert_int_equal(note.invisible_col, 1);
    chiso_buf_free(&b);
}

/* Columns in the clean text map back to the text as written: NFD "trên 9O%" has 9 characters as
 * written (ê is two) and 8 clean; the clean character 7 ('O') is the written 8th. */
static void test_orig_col(void **state)
{
    (void)state;
    const char *nfd = "tre\xCC\x82n 9O%";
    assert_int_equal(chiso_text_orig_col(nfd, strlen(nfd), 1), 1);
    assert_int_equal(chiso_text_orig_col(nfd, strlen(nfd), 3), 3); /* e */
    assert_int_equal(chiso_text_orig_col(nfd, strlen(nfd), 4), 5); /* n, after the mark */
    assert_int_equal(chiso_text_orig_col(nfd, strlen(nfd), 7), 8); /* O */
    const char *zw = "\xE2\x80\x8B" "12";
    assert_int_equal(chiso_text_orig_col(zw, strlen(zw), 1), 2);
}

static void test_visible(void **state)
{
    (void)state;
    int changed = 0;
    char *v = chiso_text_visible("dbk\xE2\x80\x8B and \xEF\xBB\xBF" "5\x01", &changed);
    assert_string_equal(v, "dbkU+200B and U+FEFF5U+0001");
    assert_true(changed);
    free(v);
    v = chiso_text_visible("trên 90%\tx", &changed);
    assert_string_equal(v, "trên 90%\tx");
    assert_false(changed);
    free(v);
}

static void test_unaccent(void **state)
{
    (void)state;
    char *a = chiso_text_unaccent("Không Đạt trên 90%");
    assert_string_equal(a, "khong dat tren 90%");
    free(a);
    assert_true(ds_vocab_unaccented("khong dat", "không đạt"));
    assert_true(ds_vocab_unaccented("Khong  Dat.", "không đạt"));
    assert_true(ds_vocab_unaccented("khien trach", "khiển trách"));
    assert_false(ds_vocab_unaccented("dat", "không đạt"));
}

/* ---- values ------------------------------------------------------------------------------------ */

static double read_count(const char *text)
{
    chiso_value v;
    chiso_error e;
    chiso_error_clear(&e);
    chiso_status st = chiso_value_parse(text, CHISO_MEASURE_COUNT, NULL, &v, &e);
    if (st != CHISO_OK) {
        print_error("'%s': %s\n", text, e.msg);
        fail();
    }
    return v.point;
}

/* Excel's thousands with a no-break space (U+00A0), a narrow no-break space (U+202F) or a thin space
 * (U+2009): "1 247" is 1247; a space not between groups of three digits is not a separator. */
static void test_value_spaces(void **state)
{
    (void)state;
    assert_rel(read_count("1\xC2\xA0" "247"), 1247, 0);
    assert_rel(read_count("12\xE2\x80\xAF" "470"), 12470, 0);
    assert_rel(read_count("1\xE2\x80\x89" "247\xE2\x80\x89" "000"), 1247000, 0);
    assert_rel(read_count("trên\xE2\x80\xAF" "1\xC2\xA0" "000"), 1000, 0);
    chiso_value v;
    chiso_error e;
    chiso_error_clear(&e);
    assert_int_equal(chiso_value_parse("64\xC2\xA0" "5", CHISO_MEASURE_SHARE, NULL, &v, &e), CHISO_EPARSE);
    assert_int_equal(chiso_value_parse("1\xC2\xA0" "247,5", CHISO_MEASURE_SHARE, NULL, &v, &e), CHISO_EDOMAIN);
}

/* Keywords without accents are read as with them, and the accented text is given back. */
static void check_unaccented(const char *text, chiso_measure m, chiso_qualifier q, double lo, double hi,
                             const char *accented)
{
    chiso_value v;
    chiso_error e;
    chiso_error_clear(&e);
    char *acc = NULL;
    chiso_status st = ds_value_parse_ex(text, m, NULL, &v, &e, NULL, &acc);
    if (st != CHISO_OK) {
        print_error("'%s': %s\n", text, e.msg);
        fail();
    }
    if (v.q != q || fabs(v.iv.lo - lo) > 1e-9 || fabs(v.iv.hi - hi) > 1e-9 || !acc || strcmp(acc, accented) != 0) {
        print_error("'%s': q=%s [%g, %g] accented '%s'\n", text, chiso_qualifier_name(v.q), v.iv.lo, v.iv.hi,
                    acc ? acc : "(none)");
        fail();
    }
    free(acc);
}

static void test_value_unaccented(void **state)
{
    (void)state;
    check_unaccented("tren 90%", CHISO_MEASURE_SHARE, CHISO_Q_ABOVE, 90, 100, "trên 90%");
    check_unaccented("Tren 90%", CHISO_MEASURE_SHARE, CHISO_Q_ABOVE, 90, 100, "trên 90%");
    check_unaccented("khoang 100", CHISO_MEASURE_COUNT, CHISO_Q_ABOUT, 95, 105, "khoảng 100");
    check_unaccented("tu 90 den 100", CHISO_MEASURE_COUNT, CHISO_Q_RANGE, 90, 100, "từ 90 đến 100");
    check_unaccented("duoi 5", CHISO_MEASURE_COUNT, CHISO_Q_BELOW, 0, 5, "dưới 5");
    check_unaccented("it nhat 3", CHISO_MEASURE_COUNT, CHISO_Q_AT_LEAST, 3, INFINITY, "ít nhất 3");
    check_unaccented("khong qua 10", CHISO_MEASURE_COUNT, CHISO_Q_AT_MOST, 0, 10, "không quá 10");
    check_unaccented("toi thieu 2", CHISO_MEASURE_COUNT, CHISO_Q_AT_LEAST, 2, INFINITY, "tối thiểu 2");
    check_unaccented("toi da 2", CHISO_MEASURE_COUNT, CHISO_Q_AT_MOST, 0, 2, "tối đa 2");
    check_unaccented("gan 20", CHISO_MEASURE_COUNT, CHISO_Q_NEARLY, 18, 20, "gần 20");
    check_unaccented("hon 20", CHISO_MEASURE_COUNT, CHISO_Q_ABOVE, 20, INFINITY, "hơn 20");
    check_unaccented("xap xi 40", CHISO_MEASURE_COUNT, CHISO_Q_ABOUT, 38, 42, "xấp xỉ 40");
    check_unaccented("3 tro len", CHISO_MEASURE_COUNT, CHISO_Q_AT_LEAST, 3, INFINITY, "3 trở lên");
    check_unaccented("3 tro xuong", CHISO_MEASURE_COUNT, CHISO_Q_AT_MOST, 0, 3, "3 trở xuống");
    check_unaccented("3 van", CHISO_MEASURE_COUNT, CHISO_Q_EXACT, 30000, 30000, "3 vạn");
    check_unaccented("90 phan tram", CHISO_MEASURE_SHARE, CHISO_Q_EXACT, 90, 90, "90 phần trăm");
    /* with accents: nothing to give back */
    chiso_value v;
    chiso_error e;
    char *acc = (char *)"x";
    assert_int_equal(ds_value_parse_ex("trên 90%", CHISO_MEASURE_SHARE, NULL, &v, &e, NULL, &acc), CHISO_OK);
    assert_null(acc);
    /* "chi tieu" is a percentage of a target without accents too */
    assert_int_equal(chiso_value_parse("102% chi tieu", CHISO_MEASURE_SHARE, NULL, &v, &e), CHISO_EPARSE);
    /* NFD text reads once normalised (the dataset reader does it for every field) */
    char *n = chiso_text_normalize("tre\xCC\x82n 90%");
    assert_int_equal(chiso_value_parse(n, CHISO_MEASURE_SHARE, NULL, &v, &e), CHISO_OK);
    assert_int_equal(v.q, CHISO_Q_ABOVE);
    free(n);
    /* Excel's error values are not figures */
    assert_int_equal(chiso_value_parse("#N/A", CHISO_MEASURE_COUNT, NULL, &v, &e), CHISO_EPARSE);
    assert_int_equal(e.col, 1);
}

/* ---- Excel's day numbers ----------------------------------------------------------------------- */

static void check_serial(double serial, const char *iso)
{
    int32_t day;
    char buf[16];
    assert_int_equal(chiso_excel_serial_day(serial, &day), CHISO_OK);
    assert_string_equal(chiso_date_format(day, buf, sizeof buf), iso);
}

static void test_excel_serial(void **state)
{
    (void)state;
    check_serial(1, "1900-01-01");
    check_serial(59, "1900-02-28");
    check_serial(61, "1900-03-01"); /* day 60 is Excel's 29 February 1900 */
    check_serial(43466, "2019-01-01");
    check_serial(43466.75, "2019-01-01"); /* a time of day is dropped */
    check_serial(45658, "2025-01-01");
    int32_t day;
    assert_int_equal(chiso_excel_serial_day(60, &day), CHISO_EDOMAIN);
    assert_int_equal(chiso_excel_serial_day(0, &day), CHISO_EDOMAIN);
    assert_int_equal(chiso_excel_serial_day(NAN, &day), CHISO_EDOMAIN);
    /* in a date column: refused with the date it stands for */
    chiso_date d;
    chiso_error e;
    chiso_error_clear(&e);
    assert_int_equal(chiso_date_parse("43466", 0, &d, &e), CHISO_EPARSE);
    assert_non_null(strstr(e.msg, "2019-01-01"));
    assert_int_equal(e.col, 1);
    /* a four-digit number stays a year */
    assert_int_equal(chiso_date_parse("2019", 0, &d, &e), CHISO_OK);
}

/* ---- the dataset reader ------------------------------------------------------------------------ */

#define TERMS "unit,term,start,end\nu,I,2010,2014\nu,II,2015,2019\n"
#define OBS_H "unit,indicator,period_start,period_end,value,basis,source,locator,quote\n"

static chiso_diags *load(const char *terms, const char *obs, int check)
{
    const char *names[] = {"terms.csv", "observations.csv"};
    const char *data[] = {terms, obs};
    size_t size[] = {strlen(terms), strlen(obs)};
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_dataset_load_mem("ds", 2, names, data, size, NULL, d, &ds, &err), CHISO_OK);
    if (check)
        assert_int_equal(chiso_dataset_check(ds, d, &err), CHISO_OK);
    chiso_dataset_free(ds);
    return d;
}

static const chiso_diag *find(const chiso_diags *d, const char *code)
{
    size_t i = chiso_diags_find(d, code);
    if (i == (size_t)-1) {
        for (size_t k = 0; k < chiso_diags_count(d); k++) {
            const chiso_diag *g = chiso_diags_get(d, k);
            print_error("  %s:%ld:%ld [%s] %s\n", g->file, g->line, g->col, g->code, g->msg);
        }
        print_error("no diagnostic %s\n", code);
        fail();
    }
    return chiso_diags_get(d, i);
}

/* A term of one day is an error; NFD codes find their unit; a separators-only row is skipped. */
static void test_dataset_forms(void **state)
{
    (void)state;
    chiso_diags *d = load("unit,term,start,end\nu,I,2010-08-25,2010-08-25\n", OBS_H, 0);
    const chiso_diag *g = find(d, "term.empty");
    assert_int_equal(g->severity, CHISO_ERROR);
    assert_int_equal(g->line, 2);
    assert_int_equal(g->col, 16);
    chiso_diags_free(d);

    /* a value typed in NFD ("trên 5", with a combining circumflex) reads; a row of separators does not */
    d = load(TERMS, OBS_H "u,admitted,2011,2011,tre\xCC\x82n 5,,s,l,q\n,,,,,,,,\n", 0);
    assert_int_equal(chiso_diags_errors(d), 0);
    g = find(d, "row.separators");
    assert_int_equal(g->line, 3);
    chiso_diags_free(d);
}

/* The plausibility check. One-year totals 100, 110, 95, 105, 1000: median 105, MAD 5, so the scale
 * is max(5/0.6745, 0.1·105/0.6745 = 15.567, sqrt(105) = 10.247) = 15.567; M(1000) = 895/15.567 =
 * 57.5; the usual range is 105 ± 3.5·15.567 = [50.5, 159.5]. With 130 instead of 1000, M = 1.6 and
 * nothing is said; with four figures nothing is said whatever they are. */
static void test_plausibility(void **state)
{
    (void)state;
    chiso_set_lang(CHISO_LANG_EN, NULL);
    chiso_diags *d = load(TERMS, OBS_H "u,admitted,2010,2010,100,,s,l,q\nu,admitted,2011,2011,110,,s,l,q\n"
                                       "u,admitted,2012,2012,95,,s,l,q\nu,admitted,2013,2013,105,,s,l,q\n"
                                       "u,admitted,2014,2014,1.000,,s,l,q\n", 1);
    const chiso_diag *g = find(d, "plausibility.history");
    assert_int_equal(g->severity, CHISO_WARNING);
    assert_int_equal(g->line, 6);
    assert_non_null(strstr(g->msg, "from 50.5 to 159 "));
    assert_non_null(strstr(g->msg, "(5 figures; modified z-score 57.5)"));
    assert_int_equal(chiso_diags_errors(d), 0);
    chiso_diags_free(d);
    d = load(TERMS, OBS_H "u,admitted,2010,2010,100,,s,l,q\nu,admitted,2011,2011,110,,s,l,q\n"
                          "u,admitted,2012,2012,95,,s,l,q\nu,admitted,2013,2013,105,,s,l,q\n"
                          "u,admitted,2014,2014,130,,s,l,q\n", 1);
    assert_int_equal(chiso_diags_find(d, "plausibility.history"), (size_t)-1);
    chiso_diags_free(d);
    d = load(TERMS, OBS_H "u,admitted,2010,2010,100,,s,l,q\nu,admitted,2011,2011,110,,s,l,q\n"
                          "u,admitted,2012,2012,95,,s,l,q\nu,admitted,2014,2014,1.000,,s,l,q\n", 1);
    assert_int_equal(chiso_diags_find(d, "plausibility.history"), (size_t)-1);
    chiso_diags_free(d);
    /* a share (rated "good or better"): 95, 96, 94, 95 and 9,5 (typed for 95): median 95, MAD 1 →
     * scale max(1/0.6745, 0.1·95/0.6745 = 14.08) = 14.08; M = −85.5/14.08 = −6.1 */
#define SH(y, v) "u,member_rating_share," y "," y "," v ",each_year,hoàn thành tốt nhiệm vụ trở lên,s,l,q\n"
    d = load(TERMS, "unit,indicator,period_start,period_end,value,basis,rating,source,locator,quote\n" SH("2010", "95%")
                        SH("2011", "96%") SH("2012", "94%") SH("2013", "\"9,5%\"") SH("2014", "95%"), 1);
#undef SH
    g = find(d, "plausibility.history");
    assert_int_equal(g->line, 5);
    assert_non_null(strstr(g->msg, "modified z-score -6.1)"));
    assert_non_null(strstr(g->msg, "from 45.7% to 100%"));
    chiso_diags_free(d);
}

/* Sibling units: five units of one parent, 100 members each at the end of 2012, admitting 5, 6, 4, 5
 * and 50 in 2012. Per member: 0.05, 0.06, 0.04, 0.05, 0.5; median 0.05, MAD 0.01, so the scale is
 * max(0.01/0.6745 = 0.01483, 0.1·0.05/0.6745 = 0.00741, Poisson √(0.05·100)/100 = 0.02236) = 0.02236;
 * M(0.5) = 0.45/0.02236 = 20.1; the usual range is (0.05 ± 3.5·0.02236)·100 = [0, 12.8]. */
static void test_plausibility_siblings(void **state)
{
    (void)state;
    chiso_set_lang(CHISO_LANG_EN, NULL);
    const char *units = "unit,name,parent\np,P,\na,A,p\nb,B,p\nc,C,p\nd,D,p\ne,E,p\n";
    const char *terms = "unit,term,start,end\np,I,2010,2014\n";
#define M(u) u ",members,2012-12-31,2012-12-31,100,point,s,l,q\n"
#define A(u, v) u ",admitted,2012,2012," v ",total,s,l,q\n"
    const char *obs = OBS_H M("a") M("b") M("c") M("d") M("e") A("a", "5") A("b", "6") A("c", "4") A("d", "5")
        A("e", "50");
#undef M
#undef A
    const char *names[] = {"units.csv", "terms.csv", "observations.csv"};
    const char *data[] = {units, terms, obs};
    size_t size[] = {strlen(units), strlen(terms), strlen(obs)};
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_dataset_load_mem("ds", 3, names, data, size, NULL, d, &ds, &err), CHISO_OK);
    assert_int_equal(chiso_dataset_check(ds, d, &err), CHISO_OK);
    const chiso_diag *g = find(d, "plausibility.siblings");
    assert_int_equal(g->line, 11);
    assert_non_null(strstr(g->msg, "'50' of 'admitted'"));
    assert_non_null(strstr(g->msg, "from 0 to 12.8 "));
    assert_non_null(strstr(g->msg, "(5 units; modified z-score 20.1)"));
    assert_int_equal(chiso_diags_errors(d), 0);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_nfc),      cmocka_unit_test(test_clean_invisible),
        cmocka_unit_test(test_orig_col),       cmocka_unit_test(test_visible),
        cmocka_unit_test(test_unaccent),       cmocka_unit_test(test_value_spaces),
        cmocka_unit_test(test_value_unaccented), cmocka_unit_test(test_excel_serial),
        cmocka_unit_test(test_dataset_forms),  cmocka_unit_test(test_plausibility),
        cmocka_unit_test(test_plausibility_siblings), cmocka_unit_test(test_unquote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

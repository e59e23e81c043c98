/* tests/unit/test_date.c — dates as YYYY, YYYY-MM, YYYY-MM-DD, day numbers and span lengths.
 *
 * Expectations come from datasets/FORMAT.md "Dates and spans": a bare year or month is its first day
 * as a start and its last day as an end; years 1900–2199; spans of whole years count exactly, whole
 * months as months/12, anything else as days/365.25 with both ends counted. Day numbers are checked
 * against values computed by hand from 1970-01-01 = 0. */
#include "testutil.h"

#include "chiso/common.h"
#include "chiso/ingest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void check_date_at(const char *text, int as_end, int y, int m, int d, int prec, int wy, int wm,
                          const char *file, int line)
{
    chiso_date r;
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = chiso_date_parse(text, as_end, &r, &err);
    int32_t want = chiso_days_from_civil(y, m, d);
    if (st != CHISO_OK || r.day != want || r.prec != prec || r.year != wy || r.month != wm) {
        print_error("'%s' as %s: status %d (%s) day %d prec %d year %d month %d; expected day %d "
                    "(%04d-%02d-%02d) prec %d year %d month %d\n",
                    text, as_end ? "end" : "start", st, err.msg, r.day, r.prec, r.year, r.month, want, y,
                    m, d, prec, wy, wm);
        _fail(file, line);
    }
}
#define check_date(text, as_end, y, m, d, prec, wy, wm)                                               \
    check_date_at(text, as_end, y, m, d, prec, wy, wm, __FILE__, __LINE__)

static void check_date_error_at(const char *text, chiso_status code, long col, const char *word,
                                const char *file, int line)
{
    chiso_date r;
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = chiso_date_parse(text, 0, &r, &err);
    if (st != code || err.code != code || (col && err.col != col) || (word && !strstr(err.msg, word))) {
        print_error("'%s': status %d col %ld \"%s\"; expected status %d col %ld with '%s'\n", text, st,
                    err.col, err.msg, code, col, word ? word : "");
        _fail(file, line);
    }
}
#define check_date_error(text, code, col, word) check_date_error_at(text, code, col, word, __FILE__, __LINE__)

/* Day numbers by hand: 1970-01-01 = 0; 2000-01-01 = 30 years with 7 leap days = 10957; 1900-01-01 =
 * −(70·365 + 17 leap days of 1904..1968) = −25567; 2200-01-01 = 230·365 + 56 leap days of 1972..2196
 * (2100 is not leap) = 84 006, so 2199-12-31 = 84 005. */
static void test_days_from_civil(void **state)
{
    (void)state;
    assert_int_equal(chiso_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(chiso_days_from_civil(1970, 1, 2), 1);
    assert_int_equal(chiso_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(chiso_days_from_civil(2000, 1, 1), 10957);
    assert_int_equal(chiso_days_from_civil(2000, 3, 1), 10957 + 31 + 29);
    assert_int_equal(chiso_days_from_civil(1900, 1, 1), -25567);
    assert_int_equal(chiso_days_from_civil(1900, 3, 1), -25567 + 31 + 28); /* 1900 is not leap */
    assert_int_equal(chiso_days_from_civil(2199, 12, 31), 84005);
    /* the founding day of the default dataset's bloc, 27/01/1994: 24 years with 6 leap days + 26 */
    assert_int_equal(chiso_days_from_civil(1994, 1, 27), 24 * 365 + 6 + 26);
}

/* Every day from 1900-01-01 to 2199-12-31 goes to civil and back, one day apart each time. */
static void test_civil_round_trip(void **state)
{
    (void)state;
    int32_t first = chiso_days_from_civil(1900, 1, 1), last = chiso_days_from_civil(2199, 12, 31);
    int py = 1899, pm = 12, pd = 31;
    for (int32_t day = first; day <= last; day++) {
        int y, m, d;
        chiso_civil_from_days(day, &y, &m, &d);
        assert_int_equal(chiso_days_from_civil(y, m, d), day);
        /* the next calendar day after (py, pm, pd) */
        int ny = py, nm = pm, nd = pd + 1;
        static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int leap = (py % 4 == 0 && py % 100 != 0) || py % 400 == 0;
        int len = pm == 2 && leap ? 29 : dm[pm - 1];
        if (nd > len) {
            nd = 1;
            if (++nm > 12) {
                nm = 1;
                ny++;
            }
        }
        if (y != ny || m != nm || d != nd) {
            print_error("day %d is %04d-%02d-%02d, expected %04d-%02d-%02d\n", day, y, m, d, ny, nm, nd);
            fail();
        }
        py = y;
        pm = m;
        pd = d;
    }
    char buf[16];
    assert_string_equal(chiso_date_format(chiso_days_from_civil(2020, 8, 3), buf, sizeof buf), "2020-08-03");
    assert_string_equal(chiso_date_format(chiso_days_from_civil(1900, 1, 1), buf, sizeof buf), "1900-01-01");
}

/* YYYY, YYYY-MM, YYYY-MM-DD, as a start (first day) and as an end (last day). */
static void test_parse_precisions(void **state)
{
    (void)state;
    check_date("2020", 0, 2020, 1, 1, CHISO_DATE_YEAR, 2020, 0);
    check_date("2020", 1, 2020, 12, 31, CHISO_DATE_YEAR, 2020, 0);
    check_date("2020-08", 0, 2020, 8, 1, CHISO_DATE_MONTH, 2020, 8);
    check_date("2020-08", 1, 2020, 8, 31, CHISO_DATE_MONTH, 2020, 8);
    check_date("2025-08", 1, 2025, 8, 31, CHISO_DATE_MONTH, 2025, 8);
    check_date("2020-04", 1, 2020, 4, 30, CHISO_DATE_MONTH, 2020, 4);
    check_date("2020-08-03", 0, 2020, 8, 3, CHISO_DATE_DAY, 2020, 8);
    check_date("2020-08-03", 1, 2020, 8, 3, CHISO_DATE_DAY, 2020, 8);
    check_date(" 1996-02-09 ", 0, 1996, 2, 9, CHISO_DATE_DAY, 1996, 2);
    check_date("1900", 0, 1900, 1, 1, CHISO_DATE_YEAR, 1900, 0);
    check_date("2199", 1, 2199, 12, 31, CHISO_DATE_YEAR, 2199, 0);
    chiso_date r;
    assert_int_equal(chiso_date_parse("2020-08-03", 0, &r, NULL), CHISO_OK);
    assert_int_equal(r.mday, 3);
    assert_int_equal(chiso_date_parse("2020-08", 0, &r, NULL), CHISO_OK);
    assert_int_equal(r.mday, 0);
}

/* Leap days: February ends on the 29th in 2000, 2020, 2024 and on the 28th in 1900, 2100, 2023. */
static void test_leap_days(void **state)
{
    (void)state;
    check_date("2020-02", 1, 2020, 2, 29, CHISO_DATE_MONTH, 2020, 2);
    check_date("2000-02", 1, 2000, 2, 29, CHISO_DATE_MONTH, 2000, 2);
    check_date("1900-02", 1, 1900, 2, 28, CHISO_DATE_MONTH, 1900, 2);
    check_date("2100-02", 1, 2100, 2, 28, CHISO_DATE_MONTH, 2100, 2);
    check_date("2023-02", 1, 2023, 2, 28, CHISO_DATE_MONTH, 2023, 2);
    check_date("2024-02-29", 0, 2024, 2, 29, CHISO_DATE_DAY, 2024, 2);
    check_date("2000-02-29", 0, 2000, 2, 29, CHISO_DATE_DAY, 2000, 2);
    check_date_error("2023-02-29", CHISO_EDOMAIN, 9, "not a day");
    check_date_error("1900-02-29", CHISO_EDOMAIN, 9, "not a day");
    check_date_error("2100-02-29", CHISO_EDOMAIN, 9, "not a day");
}

/* Bad months, bad days, years out of range, wrong shapes; the column points at the faulty part. */
static void test_parse_errors(void **state)
{
    (void)state;
    check_date_error("2020-13", CHISO_EDOMAIN, 6, "month 13");
    check_date_error("2020-00", CHISO_EDOMAIN, 6, "month 0");
    check_date_error("2020-00-10", CHISO_EDOMAIN, 6, "month");
    check_date_error("2020-04-31", CHISO_EDOMAIN, 9, "not a day");
    check_date_error("2020-01-32", CHISO_EDOMAIN, 9, "not a day");
    check_date_error("2020-01-00", CHISO_EDOMAIN, 9, "not a day");
    check_date_error("1899", CHISO_EDOMAIN, 1, "out of range");
    check_date_error("2200-01-01", CHISO_EDOMAIN, 1, "out of range");
    check_date_error("0000", CHISO_EDOMAIN, 1, "out of range");
    check_date_error("", CHISO_EPARSE, 1, "empty");
    check_date_error("   ", CHISO_EPARSE, 1, "empty");
    check_date_error("20", CHISO_EPARSE, 3, "YYYY");
    check_date_error("2020-1", CHISO_EPARSE, 7, "YYYY");
    check_date_error("2020-01-1", CHISO_EPARSE, 10, "YYYY");
    check_date_error("2020-01-01x", CHISO_EPARSE, 11, "YYYY");
    check_date_error("2020/01/01", CHISO_EPARSE, 5, "YYYY");
    check_date_error("20201", CHISO_EPARSE, 5, "YYYY");
    check_date_error("năm 2020", CHISO_EPARSE, 1, "YYYY");
    /* the Vietnamese day/month/year order gets a hint with the date rewritten */
    check_date_error("27/01/1994", CHISO_EPARSE, 3, "1994-01-27");
    check_date_error("03/8/2020", CHISO_EPARSE, 3, "YYYY-MM-DD");
    assert_int_equal(chiso_date_parse(NULL, 0, NULL, NULL), CHISO_EINVAL);
}

/* Span lengths (FORMAT.md): 2016..2018 = 3 years exactly; 2020-08..2023-12 = 41 months = 41/12;
 * 2015-08-23..2020-08-03 = 1 808 days (5 × 365 + 2 leap days − 20 + 1) / 365.25 = 4.950034…;
 * term V's covered part 2015-08-23..2018-12-31 = 1 227 days / 365.25 = 3.359342915…. */
static void test_span_years(void **state)
{
    (void)state;
    chiso_date a, b;
    assert_int_equal(chiso_date_parse("2016", 0, &a, NULL), CHISO_OK);
    assert_int_equal(chiso_date_parse("2018", 1, &b, NULL), CHISO_OK);
    assert_rel(chiso_span_years(a.day, b.day), 3.0, 0);
    assert_int_equal(chiso_date_parse("2020-08", 0, &a, NULL), CHISO_OK);
    assert_int_equal(chiso_date_parse("2023-12", 1, &b, NULL), CHISO_OK);
    assert_rel(chiso_span_years(a.day, b.day), 41.0 / 12.0, 1e-15);
    int32_t s = chiso_days_from_civil(2015, 8, 23), e = chiso_days_from_civil(2020, 8, 3);
    assert_int_equal(e - s + 1, 1808);
    assert_rel(chiso_span_years(s, e), 1808 / 365.25, 1e-15);
    assert_rel(chiso_span_years(s, e), 4.950034223, 1e-9);
    e = chiso_days_from_civil(2018, 12, 31);
    assert_int_equal(e - s + 1, 1227);
    assert_rel(chiso_span_years(s, e), 1227 / 365.25, 1e-15);
    /* one year, one month, one day */
    assert_rel(chiso_span_years(chiso_days_from_civil(2020, 1, 1), chiso_days_from_civil(2020, 12, 31)), 1, 0);
    assert_rel(chiso_span_years(chiso_days_from_civil(2020, 2, 1), chiso_days_from_civil(2020, 2, 29)),
               1.0 / 12.0, 1e-15);
    assert_rel(chiso_span_years(chiso_days_from_civil(2020, 8, 3), chiso_days_from_civil(2020, 8, 3)),
               1 / 365.25, 1e-15);
    /* whole months across a year boundary: 1994-01..1996-01 = 25 months (term lt of the default data) */
    assert_rel(chiso_span_years(chiso_days_from_civil(1994, 1, 1), chiso_days_from_civil(1996, 1, 31)),
               25.0 / 12.0, 1e-15);
    /* a month that starts on the 1st but ends mid-month is counted in days: 2020-03-01..2020-03-30 */
    assert_rel(chiso_span_years(chiso_days_from_civil(2020, 3, 1), chiso_days_from_civil(2020, 3, 30)),
               30 / 365.25, 1e-15);
    /* the term VI of the default dataset: 2020-08-03..2025-08-31 = 1855 days */
    assert_rel(chiso_span_years(chiso_days_from_civil(2020, 8, 3), chiso_days_from_civil(2025, 8, 31)),
               1855 / 365.25, 1e-15);
    /* an end before the start is 0 */
    assert_rel(chiso_span_years(chiso_days_from_civil(2020, 1, 2), chiso_days_from_civil(2020, 1, 1)), 0, 0);
}

/* A date in a sentence: 03/08/2020 in Vietnamese, 2020-08-03 in English (files keep ISO). */
static void test_date_words(void **state)
{
    (void)state;
    char buf[16];
    int32_t day = chiso_days_from_civil(2020, 8, 3);
    chiso_set_lang(CHISO_LANG_VI, NULL);
    assert_string_equal(chiso_date_words(day, buf, sizeof buf), "03/08/2020");
    assert_string_equal(chiso_date_format(day, buf, sizeof buf), "2020-08-03");
    chiso_set_lang(CHISO_LANG_EN, NULL);
    assert_string_equal(chiso_date_words(day, buf, sizeof buf), "2020-08-03");
    assert_string_equal(chiso_date_words(chiso_days_from_civil(1994, 12, 31), buf, sizeof buf), "1994-12-31");
}

int main(void)
{
    chiso_set_lang(CHISO_LANG_EN, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_from_civil),
        cmocka_unit_test(test_civil_round_trip),
        cmocka_unit_test(test_parse_precisions),
        cmocka_unit_test(test_leap_days),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_span_years),
        cmocka_unit_test(test_date_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

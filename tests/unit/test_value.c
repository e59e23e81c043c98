/* tests/unit/test_value.c — figures as reports write them (chiso_value_parse, chiso_number_parse).
 *
 * Every expectation comes from the table "Values as written" of datasets/FORMAT.md: the interval, the
 * open or closed ends, the point and the qualifier of each written form, and the error (status,
 * 1-based character column, a word of the message) of each form the format refuses. */
#include "testutil.h"

#include "chiso/common.h"
#include "chiso/ingest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define COUNT CHISO_MEASURE_COUNT
#define SHARE CHISO_MEASURE_SHARE

/* Parse text and compare every part of the result. Open ends are 1, closed 0. */
static void check_value_at(const char *text, chiso_measure m, const chiso_value_opts *opts, double lo,
                           double hi, int lo_open, int hi_open, chiso_qualifier q, double point,
                           const char *file, int line)
{
    chiso_value v;
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = chiso_value_parse(text, m, opts, &v, &err);
    if (st != CHISO_OK) {
        print_error("'%s': status %d (%s)\n", text, st, err.msg);
        _fail(file, line);
    }
    int ok = 1;
    if (isinf(lo) ? !(isinf(v.iv.lo) && v.iv.lo * lo > 0) : fabs(v.iv.lo - lo) > 1e-9 * fmax(1, fabs(lo)))
        ok = 0;
    if (isinf(hi) ? !(isinf(v.iv.hi) && v.iv.hi * hi > 0) : fabs(v.iv.hi - hi) > 1e-9 * fmax(1, fabs(hi)))
        ok = 0;
    if (v.iv.lo_open != lo_open || v.iv.hi_open != hi_open || v.q != q ||
        fabs(v.point - point) > 1e-9 * fmax(1, fabs(point)))
        ok = 0;
    if (!ok) {
        print_error("'%s': got %c%.17g, %.17g%c q=%s point=%.17g; expected %c%.17g, %.17g%c q=%s "
                    "point=%.17g\n",
                    text, v.iv.lo_open ? '(' : '[', v.iv.lo, v.iv.hi, v.iv.hi_open ? ')' : ']',
                    chiso_qualifier_name(v.q), v.point, lo_open ? '(' : '[', lo, hi, hi_open ? ')' : ']',
                    chiso_qualifier_name(q), point);
        _fail(file, line);
    }
}
#define check_value(text, m, lo, hi, lo_open, hi_open, q, point)                                     \
    check_value_at(text, m, NULL, lo, hi, lo_open, hi_open, q, point, __FILE__, __LINE__)
#define check_value_opts(text, m, opts, lo, hi, lo_open, hi_open, q, point)                          \
    check_value_at(text, m, opts, lo, hi, lo_open, hi_open, q, point, __FILE__, __LINE__)

/* Parse text and require a failure with this status, at this column, with `word` in the message. */
static void check_error_at(const char *text, chiso_measure m, chiso_status code, long col,
                           const char *word, const char *file, int line)
{
    chiso_value v;
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = chiso_value_parse(text, m, NULL, &v, &err);
    if (st != code || err.code != code || (col > 0 && err.col != col) || err.msg[0] == '\0' ||
        (word && !strstr(err.msg, word))) {
        print_error("'%s' (%s): got status %d col %ld msg \"%s\"; expected status %d col %ld with '%s'\n",
                    text, m == COUNT ? "count" : "share", st, err.col, err.msg, code, col,
                    word ? word : "");
        _fail(file, line);
    }
}
#define check_error(text, m, code, col, word) check_error_at(text, m, code, col, word, __FILE__, __LINE__)

static void check_number_at(const char *text, double want, const char *file, int line)
{
    double v = NAN;
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = chiso_number_parse(text, &v, &err);
    if (st != CHISO_OK || fabs(v - want) > 1e-9 * fmax(1, fabs(want))) {
        print_error("chiso_number_parse('%s') = %.17g status %d (%s); expected %.17g\n", text, v, st,
                    err.msg, want);
        _fail(file, line);
    }
}
#define check_number(text, want) check_number_at(text, want, __FILE__, __LINE__)

/* ---- exact figures ----------------------------------------------------------------------------- */

/* "1.247", "5.356", "1247": '.' before groups of three digits separates thousands (FORMAT.md). */
static void test_exact_counts(void **state)
{
    (void)state;
    check_value("1.247", COUNT, 1247, 1247, 0, 0, CHISO_Q_EXACT, 1247);
    check_value("5.356", COUNT, 5356, 5356, 0, 0, CHISO_Q_EXACT, 5356);
    check_value("1247", COUNT, 1247, 1247, 0, 0, CHISO_Q_EXACT, 1247);
    check_value("1.234.567", COUNT, 1234567, 1234567, 0, 0, CHISO_Q_EXACT, 1234567);
    check_value("0", COUNT, 0, 0, 0, 0, CHISO_Q_EXACT, 0);
    check_value("  712 ", COUNT, 712, 712, 0, 0, CHISO_Q_EXACT, 712);
    check_value("04", COUNT, 4, 4, 0, 0, CHISO_Q_EXACT, 4); /* the sources write "04 kế hoạch" */
    /* a sentence's full stop after the number is not part of the number, and not allowed either */
    check_error("1.247.", COUNT, CHISO_EPARSE, 6, "unexpected '.'");
}

/* "64,5%", "97,35", "64.5": ',' is the decimal comma; '.' before anything but three digits is a
 * decimal point. A share keeps its % sign in `percent`. */
static void test_exact_shares(void **state)
{
    (void)state;
    chiso_value v;
    chiso_error err;
    check_value("64,5%", SHARE, 64.5, 64.5, 0, 0, CHISO_Q_EXACT, 64.5);
    assert_int_equal(chiso_value_parse("64,5%", SHARE, NULL, &v, &err), CHISO_OK);
    assert_int_equal(v.percent, 1);
    assert_true(chiso_interval_is_point(v.iv));
    check_value("97,35%", SHARE, 97.35, 97.35, 0, 0, CHISO_Q_EXACT, 97.35);
    check_value("97,35", SHARE, 97.35, 97.35, 0, 0, CHISO_Q_EXACT, 97.35);
    assert_int_equal(chiso_value_parse("97,35", SHARE, NULL, &v, &err), CHISO_OK);
    assert_int_equal(v.percent, 0);
    check_value("64.5", SHARE, 64.5, 64.5, 0, 0, CHISO_Q_EXACT, 64.5);
    check_value("100%", SHARE, 100, 100, 0, 0, CHISO_Q_EXACT, 100);
    check_value("0,5%", SHARE, 0.5, 0.5, 0, 0, CHISO_Q_EXACT, 0.5);
    check_value("0.500", SHARE, 0.5, 0.5, 0, 0, CHISO_Q_EXACT, 0.5); /* a lone 0 is never grouped */
    check_value("87,97 %", SHARE, 87.97, 87.97, 0, 0, CHISO_Q_EXACT, 87.97);
    check_value("87,97 phần trăm", SHARE, 87.97, 87.97, 0, 0, CHISO_Q_EXACT, 87.97);
    /* the ratio parts are 0 for anything but a ratio */
    assert_int_equal(chiso_value_parse("64,5%", SHARE, NULL, &v, &err), CHISO_OK);
    assert_true(v.num == 0 && v.den == 0);
}

/* "3 vạn" = 30 000, "2 nghìn" / "2 ngàn" = 2 000 (FORMAT.md table, last row). */
static void test_multipliers(void **state)
{
    (void)state;
    check_value("3 vạn", COUNT, 30000, 30000, 0, 0, CHISO_Q_EXACT, 30000);
    check_value("2 nghìn", COUNT, 2000, 2000, 0, 0, CHISO_Q_EXACT, 2000);
    check_value("2 ngàn", COUNT, 2000, 2000, 0, 0, CHISO_Q_EXACT, 2000);
    check_value("1,5 vạn", COUNT, 15000, 15000, 0, 0, CHISO_Q_EXACT, 15000); /* 1,5 × 10 000 */
    check_value("2,5 nghìn", COUNT, 2500, 2500, 0, 0, CHISO_Q_EXACT, 2500);
    /* 1,1 × 1 000 and 2,3 × 10 000 are whole although 1.1·1000 and 2.3·10000 are not in binary */
    check_value("1,1 nghìn", COUNT, 1100, 1100, 0, 0, CHISO_Q_EXACT, 1100);
    check_value("2,3 vạn", COUNT, 23000, 23000, 0, 0, CHISO_Q_EXACT, 23000);
    check_value("16,1 nghìn", COUNT, 16100, 16100, 0, 0, CHISO_Q_EXACT, 16100); /* 16.1·1000 = 16100.000000000002 */
    check_value("4,02 nghìn", COUNT, 4020, 4020, 0, 0, CHISO_Q_EXACT, 4020);
    check_value("0,56 vạn", COUNT, 5600, 5600, 0, 0, CHISO_Q_EXACT, 5600);   /* 0.56·10000 = 5600.000000000001 */
    check_value("trên 3 vạn", COUNT, 30000, INFINITY, 1, 1, CHISO_Q_ABOVE, 30000);
    check_value("3 VẠN", COUNT, 30000, 30000, 0, 0, CHISO_Q_EXACT, 30000);
    /* 1,25 nghìn = 1 250 is whole; 1,2345 nghìn = 1 234,5 is not */
    check_error("1,2345 nghìn", COUNT, CHISO_EDOMAIN, 1, "whole");
}

/* ---- qualifiers -------------------------------------------------------------------------------- */

/* above: (v, max]; max = 100 for a share (closed), +inf for a count (open). */
static void test_above(void **state)
{
    (void)state;
    check_value("trên 90%", SHARE, 90, 100, 1, 0, CHISO_Q_ABOVE, 90);
    check_value("trên 90", COUNT, 90, INFINITY, 1, 1, CHISO_Q_ABOVE, 90);
    check_value("hơn 5.000", COUNT, 5000, INFINITY, 1, 1, CHISO_Q_ABOVE, 5000);
    check_value("over 90", SHARE, 90, 100, 1, 0, CHISO_Q_ABOVE, 90);
    check_value("more than 90", COUNT, 90, INFINITY, 1, 1, CHISO_Q_ABOVE, 90);
    check_value("> 90", SHARE, 90, 100, 1, 0, CHISO_Q_ABOVE, 90);
    check_value(">90", COUNT, 90, INFINITY, 1, 1, CHISO_Q_ABOVE, 90);
    check_value("Trên 90%", SHARE, 90, 100, 1, 0, CHISO_Q_ABOVE, 90);
    check_value("TRÊN 90%", SHARE, 90, 100, 1, 0, CHISO_Q_ABOVE, 90);
    check_value("HƠN 5.000", COUNT, 5000, INFINITY, 1, 1, CHISO_Q_ABOVE, 5000);
    check_value("Hơn 5.000", COUNT, 5000, INFINITY, 1, 1, CHISO_Q_ABOVE, 5000);
    check_value("trên 145.000", COUNT, 145000, INFINITY, 1, 1, CHISO_Q_ABOVE, 145000);
    check_value("trên 99,5%", SHARE, 99.5, 100, 1, 0, CHISO_Q_ABOVE, 99.5);
}

/* at least: [v, max]. "từ … trở lên", "… trở lên", "tối thiểu", "ít nhất", "at least", ">=", "≥". */
static void test_at_least(void **state)
{
    (void)state;
    check_value("từ 3% trở lên", SHARE, 3, 100, 0, 0, CHISO_Q_AT_LEAST, 3);
    check_value("3% trở lên", SHARE, 3, 100, 0, 0, CHISO_Q_AT_LEAST, 3);
    check_value("từ 3 trở lên", COUNT, 3, INFINITY, 0, 1, CHISO_Q_AT_LEAST, 3);
    check_value("tối thiểu 3", COUNT, 3, INFINITY, 0, 1, CHISO_Q_AT_LEAST, 3);
    check_value("ít nhất 3", SHARE, 3, 100, 0, 0, CHISO_Q_AT_LEAST, 3);
    check_value("at least 3", COUNT, 3, INFINITY, 0, 1, CHISO_Q_AT_LEAST, 3);
    check_value(">= 3", SHARE, 3, 100, 0, 0, CHISO_Q_AT_LEAST, 3);
    check_value("≥ 3", COUNT, 3, INFINITY, 0, 1, CHISO_Q_AT_LEAST, 3);
    check_value("≥3", SHARE, 3, 100, 0, 0, CHISO_Q_AT_LEAST, 3);
    check_value("Từ 3% Trở Lên", SHARE, 3, 100, 0, 0, CHISO_Q_AT_LEAST, 3);
    check_value("TỐI THIỂU 3", COUNT, 3, INFINITY, 0, 1, CHISO_Q_AT_LEAST, 3);
}

/* below: [0, v); at most: [0, v]. */
static void test_below_and_at_most(void **state)
{
    (void)state;
    check_value("dưới 5%", SHARE, 0, 5, 0, 1, CHISO_Q_BELOW, 5);
    check_value("dưới 5", COUNT, 0, 5, 0, 1, CHISO_Q_BELOW, 5);
    check_value("under 5", SHARE, 0, 5, 0, 1, CHISO_Q_BELOW, 5);
    check_value("less than 5", COUNT, 0, 5, 0, 1, CHISO_Q_BELOW, 5);
    check_value("< 5", SHARE, 0, 5, 0, 1, CHISO_Q_BELOW, 5);
    check_value("Dưới 5%", SHARE, 0, 5, 0, 1, CHISO_Q_BELOW, 5);
    check_value("không quá 5", COUNT, 0, 5, 0, 0, CHISO_Q_AT_MOST, 5);
    check_value("tối đa 5", SHARE, 0, 5, 0, 0, CHISO_Q_AT_MOST, 5);
    check_value("at most 5", COUNT, 0, 5, 0, 0, CHISO_Q_AT_MOST, 5);
    check_value("<= 5", SHARE, 0, 5, 0, 0, CHISO_Q_AT_MOST, 5);
    check_value("≤ 5", COUNT, 0, 5, 0, 0, CHISO_Q_AT_MOST, 5);
    check_value("KHÔNG QUÁ 5", COUNT, 0, 5, 0, 0, CHISO_Q_AT_MOST, 5);
}

/* nearly: [v − δ·v, v) with δ = 0.10; about: [v − ε·v, v + ε·v] with ε = 0.05, capped at max. */
static void test_nearly_and_about(void **state)
{
    (void)state;
    check_value("gần 20%", SHARE, 18, 20, 0, 1, CHISO_Q_NEARLY, 20);        /* 20 − 2 */
    check_value("nearly 20", COUNT, 18, 20, 0, 1, CHISO_Q_NEARLY, 20);
    check_value("Gần 1.000", COUNT, 900, 1000, 0, 1, CHISO_Q_NEARLY, 1000);  /* 1000 − 100 */
    check_value("khoảng 1.000", COUNT, 950, 1050, 0, 0, CHISO_Q_ABOUT, 1000); /* 1000 ± 50 */
    check_value("xấp xỉ 1.000", COUNT, 950, 1050, 0, 0, CHISO_Q_ABOUT, 1000);
    check_value("about 200", COUNT, 190, 210, 0, 0, CHISO_Q_ABOUT, 200);
    check_value("~ 200", COUNT, 190, 210, 0, 0, CHISO_Q_ABOUT, 200);
    check_value("~200", COUNT, 190, 210, 0, 0, CHISO_Q_ABOUT, 200);
    check_value("≈ 200", COUNT, 190, 210, 0, 0, CHISO_Q_ABOUT, 200);
    check_value("KHOẢNG 1.000", COUNT, 950, 1050, 0, 0, CHISO_Q_ABOUT, 1000);
    /* 98 + 4,9 = 102,9 is beyond a share's 100: the upper end is capped */
    check_value("khoảng 98%", SHARE, 93.1, 100, 0, 0, CHISO_Q_ABOUT, 98);
}

/* δ and ε are settings: δ = 0.2 gives gần 20 = [16, 20); ε = 0.1 gives khoảng 1.000 = [900, 1100]. */
static void test_custom_near_about(void **state)
{
    (void)state;
    chiso_value_opts o;
    chiso_value_opts_default(&o);
    assert_rel(o.near, 0.10, 0);
    assert_rel(o.about, 0.05, 0);
    o.near = 0.2;
    o.about = 0.1;
    check_value_opts("gần 20%", SHARE, &o, 16, 20, 0, 1, CHISO_Q_NEARLY, 20);
    check_value_opts("khoảng 1.000", COUNT, &o, 900, 1100, 0, 0, CHISO_Q_ABOUT, 1000);
    o.near = 0;
    o.about = 0;
    check_value_opts("gần 20", COUNT, &o, 20, 20, 0, 1, CHISO_Q_NEARLY, 20);
    check_value_opts("khoảng 20", COUNT, &o, 20, 20, 0, 0, CHISO_Q_ABOUT, 20);
}

/* ranges: [a, b], point (a + b) / 2. */
static void test_ranges(void **state)
{
    (void)state;
    check_value("từ 90 đến 100", SHARE, 90, 100, 0, 0, CHISO_Q_RANGE, 95);
    check_value("từ 90% đến 100%", SHARE, 90, 100, 0, 0, CHISO_Q_RANGE, 95);
    check_value("90 - 100", COUNT, 90, 100, 0, 0, CHISO_Q_RANGE, 95);
    check_value("90-100", COUNT, 90, 100, 0, 0, CHISO_Q_RANGE, 95);
    check_value("90–100", SHARE, 90, 100, 0, 0, CHISO_Q_RANGE, 95);   /* en dash */
    check_value("90 – 100", SHARE, 90, 100, 0, 0, CHISO_Q_RANGE, 95);
    check_value("90..100", SHARE, 90, 100, 0, 0, CHISO_Q_RANGE, 95);
    check_value("90 .. 100", COUNT, 90, 100, 0, 0, CHISO_Q_RANGE, 95);
    check_value("1.000..2.000", COUNT, 1000, 2000, 0, 0, CHISO_Q_RANGE, 1500);
    check_value("Từ 1.000 đến 2.000", COUNT, 1000, 2000, 0, 0, CHISO_Q_RANGE, 1500);
    check_value("from 90 to 100", SHARE, 90, 100, 0, 0, CHISO_Q_RANGE, 95);
    check_value("5..5", COUNT, 5, 5, 0, 0, CHISO_Q_RANGE, 5);
}

/* 152/159 is the share 15200/159 = 95.59748427672956… with num 152 and den 159. */
static void test_ratio(void **state)
{
    (void)state;
    check_value("152/159", SHARE, 95.59748427672956, 95.59748427672956, 0, 0, CHISO_Q_RATIO,
                95.59748427672956);
    chiso_value v;
    chiso_error err;
    assert_int_equal(chiso_value_parse("152 / 159", SHARE, NULL, &v, &err), CHISO_OK);
    assert_rel(v.num, 152, 0);
    assert_rel(v.den, 159, 0);
    assert_rel(v.point, 15200.0 / 159.0, 1e-15);
    assert_true(chiso_interval_is_point(v.iv));
    check_value("159/159", SHARE, 100, 100, 0, 0, CHISO_Q_RATIO, 100);
    check_value("0/7", SHARE, 0, 0, 0, 0, CHISO_Q_RATIO, 0);
    check_value("1.152/1.159", SHARE, 115200.0 / 1159, 115200.0 / 1159, 0, 0, CHISO_Q_RATIO,
                115200.0 / 1159);
}

/* ---- errors ------------------------------------------------------------------------------------ */

/* Every form FORMAT.md refuses, with the status and the character column of the problem. */
static void test_errors_numbers(void **state)
{
    (void)state;
    check_error("", COUNT, CHISO_EPARSE, 1, "empty");
    check_error("   ", SHARE, CHISO_EPARSE, 1, "empty");
    /* "1,000": English thousands or a Vietnamese decimal; the ',' is character 2 */
    check_error("1,000", COUNT, CHISO_EPARSE, 2, "ambiguous");
    check_error("12,345", COUNT, CHISO_EPARSE, 3, "ambiguous");
    check_error("trên 1,000", COUNT, CHISO_EPARSE, 7, "ambiguous"); /* "trên" is 4 characters, 5 bytes */
    check_error("1,247.5", COUNT, CHISO_EPARSE, 2, "mixes");
    check_error("1,247.5", SHARE, CHISO_EPARSE, 2, "mixes");
    check_error("1,234,567", COUNT, CHISO_EPARSE, 2, "English thousands");
    check_error("1.5", COUNT, CHISO_EDOMAIN, 1, "whole number");
    check_error("1.247,5", COUNT, CHISO_EDOMAIN, 1, "whole number"); /* 1247,5 people */
    check_error("-5", COUNT, CHISO_EDOMAIN, 1, "negative");
    check_error("-5%", SHARE, CHISO_EDOMAIN, 1, "negative");
    check_error("101", SHARE, CHISO_EDOMAIN, 1, "[0, 100]");
    check_error("100,01%", SHARE, CHISO_EDOMAIN, 1, "[0, 100]");
    /* "1.247%" reads as 1 247 (a '.' before three digits separates thousands), out of range */
    check_error("1.247%", SHARE, CHISO_EDOMAIN, 1, "1247");
    check_error("64.500%", SHARE, CHISO_EDOMAIN, 1, "64500");
    check_error("1.2345", COUNT, CHISO_EDOMAIN, 1, "whole number");
    check_error("1.23.456", COUNT, CHISO_EPARSE, 2, "three digits");
    check_error("NaN", SHARE, CHISO_EPARSE, 1, "not a figure");
    check_error("nan", COUNT, CHISO_EPARSE, 1, "not a figure");
    check_error("Inf", COUNT, CHISO_EPARSE, 1, "not a figure");
    check_error("-inf", SHARE, CHISO_EPARSE, 2, "not a figure");
    check_error("12abc", COUNT, CHISO_EPARSE, 3, "unexpected");
    check_error("abc", COUNT, CHISO_EPARSE, 1, "number");
    check_error(",5", SHARE, CHISO_EPARSE, 1, "number");
    /* beyond 10^15 */
    check_error("2000000000000000", COUNT, CHISO_EDOMAIN, 1, "too large");
    check_error("1.000.000.000.000.001", COUNT, CHISO_EDOMAIN, 1, "too large");
    check_error("trên 2000000000000000", COUNT, CHISO_EDOMAIN, 6, "too large");
    check_error("200000 vạn vạn", COUNT, CHISO_EPARSE, 12, "unexpected");
    check_error("2000000000000 vạn", COUNT, CHISO_EDOMAIN, 1, "too large"); /* 2·10^16 */
    /* 10^15 itself is allowed */
    check_value("1000000000000000", COUNT, 1e15, 1e15, 0, 0, CHISO_Q_EXACT, 1e15);
}

static void test_errors_qualifiers(void **state)
{
    (void)state;
    check_error("trên 100%", SHARE, CHISO_EDOMAIN, 6, "above 100");
    check_error("dưới 0", COUNT, CHISO_EDOMAIN, 6, "below 0");
    check_error("gần 0", COUNT, CHISO_EDOMAIN, 5, "nearly 0");
    check_error("từ 3%", SHARE, CHISO_EPARSE, 1, "trở lên");
    check_error("từ 3", COUNT, CHISO_EPARSE, 1, "trở lên");
    check_error("trên 90% trở lên", SHARE, CHISO_EPARSE, 6, "two qualifiers");
    check_error("khoảng 3 trở xuống", COUNT, CHISO_EPARSE, 8, "two qualifiers");
    check_error("trên khoảng 90", COUNT, CHISO_EPARSE, 6, "number");
    check_error("từ 100 đến 90", COUNT, CHISO_EDOMAIN, 12, "below its start");
    check_error("90 - 101", SHARE, CHISO_EDOMAIN, 6, "[0, 100]");
    /* a percentage is not a count */
    check_error("5%", COUNT, CHISO_EPARSE, 1, "percentage");
    check_error("trên 90%", COUNT, CHISO_EPARSE, 6, "percentage");
    /* a percentage of a target is a verdict ratio, not a share */
    check_error("đạt 102,91% chỉ tiêu", SHARE, CHISO_EPARSE, 1, "verdicts.csv");
    check_error("102,91% kế hoạch", SHARE, CHISO_EPARSE, 1, "verdicts.csv");
    check_error("95% of the target", SHARE, CHISO_EPARSE, 1, "verdicts.csv");
}

static void test_errors_ratio(void **state)
{
    (void)state;
    check_error("152/159", COUNT, CHISO_EPARSE, 4, "ratio");
    check_error("160/159", SHARE, CHISO_EDOMAIN, 1, "more than the whole");
    check_error("1/0", SHARE, CHISO_EDOMAIN, 3, "divides by zero");
    check_error("1,5/3", SHARE, CHISO_EDOMAIN, 1, "whole numbers");
    check_error("1/x", SHARE, CHISO_EPARSE, 3, "number");
}

/* err->col counts UTF-8 characters, not bytes: "xấp xỉ 1.000 người" has the unexpected word at
 * character 14 (x-ấ-p-space-x-ỉ-space-1-.-0-0-0-space = 13 characters before it). */
static void test_error_columns_utf8(void **state)
{
    (void)state;
    check_error("xấp xỉ 1.000 người", COUNT, CHISO_EPARSE, 14, "unexpected");
    check_error("khoảng 1,000", COUNT, CHISO_EPARSE, 9, "ambiguous");
    check_error("Hơn 1,234,567", COUNT, CHISO_EPARSE, 6, NULL);
    check_error("gần 1,5", COUNT, CHISO_EDOMAIN, 5, "whole number");
}

/* The error record is filled only through err; NULL err and NULL opts are allowed. */
static void test_null_arguments(void **state)
{
    (void)state;
    chiso_value v;
    assert_int_equal(chiso_value_parse("1,000", COUNT, NULL, &v, NULL), CHISO_EPARSE);
    assert_int_equal(chiso_value_parse(NULL, COUNT, NULL, &v, NULL), CHISO_EINVAL);
    assert_int_equal(chiso_value_parse("1", COUNT, NULL, NULL, NULL), CHISO_EINVAL);
    assert_string_equal(chiso_qualifier_name(CHISO_Q_AT_LEAST), "at_least");
    assert_string_equal(chiso_qualifier_name(CHISO_Q_RATIO), "ratio");
}

/* ---- plain numbers ----------------------------------------------------------------------------- */

/* chiso_number_parse: either style, no qualifier, negative allowed; same separator rules. */
static void test_number_parse(void **state)
{
    (void)state;
    check_number("1.247", 1247);
    check_number("64,5", 64.5);
    check_number("64.5", 64.5);
    check_number("-3", -3);
    check_number("0.5", 0.5);
    check_number("1.234.567", 1234567);
    check_number("1.247,5", 1247.5);
    check_number("102,91", 102.91);
    check_number(" 3 ", 3);
    check_number("1,000", 1.0); /* no measure: a decimal comma */
    double v;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_number_parse("1,247.5", &v, &err), CHISO_EPARSE);
    assert_int_equal(err.col, 2);
    assert_int_equal(chiso_number_parse("1,234,567", &v, &err), CHISO_EPARSE);
    assert_int_equal(chiso_number_parse("3 %", &v, &err), CHISO_EPARSE);
    assert_int_equal(err.col, 3);
    assert_int_equal(chiso_number_parse("trên 3", &v, &err), CHISO_EPARSE);
    assert_int_equal(chiso_number_parse("", &v, &err), CHISO_EPARSE);
    assert_int_equal(chiso_number_parse("NaN", &v, &err), CHISO_EPARSE);
    assert_int_equal(chiso_number_parse("5e3", &v, &err), CHISO_EPARSE);
    assert_int_equal(chiso_number_parse("2000000000000000", &v, &err), CHISO_EDOMAIN);
    assert_int_equal(chiso_number_parse(NULL, &v, &err), CHISO_EINVAL);
}

int main(void)
{
    chiso_set_lang(CHISO_LANG_EN, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_counts),
        cmocka_unit_test(test_exact_shares),
        cmocka_unit_test(test_multipliers),
        cmocka_unit_test(test_above),
        cmocka_unit_test(test_at_least),
        cmocka_unit_test(test_below_and_at_most),
        cmocka_unit_test(test_nearly_and_about),
        cmocka_unit_test(test_custom_near_about),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_ratio),
        cmocka_unit_test(test_errors_numbers),
        cmocka_unit_test(test_errors_qualifiers),
        cmocka_unit_test(test_errors_ratio),
        cmocka_unit_test(test_error_columns_utf8),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_number_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

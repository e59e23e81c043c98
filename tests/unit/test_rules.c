/* tests/unit/test_rules.c — the rules of rules.csv: expressions over indicator codes evaluated with
 * interval arithmetic per unit and period (datasets/FORMAT.md "rules.csv").
 *
 * A rule certainly broken is a diagnostic of the rule's severity at the first operand's figure, naming
 * the rule and its line in rules.csv; a rule that may be broken (an inexact figure straddles the
 * bound) is a warning; a rule that holds says nothing. Expected intervals are computed by hand in the
 * comments ("khoảng 10" = [9.5, 10.5] with ε = 5%). */
#include "testutil.h"

#include "chiso/common.h"
#include "chiso/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TERMS "unit,term,start,end\nu,I,2010,2014\nu,II,2015,2019\n"
#define OBS_H "unit,indicator,period_start,period_end,value,basis,source,locator,quote\n"
#define OBS(ind, year, val) "u," ind "," year "," year "," val ",,s,l,q\n"
#define RULES_H "rule,left,op,right,severity,missing\n"

/* Load and check a dataset of terms, observations and rules; returns the diagnostics. */
static chiso_diags *run(const char *obs, const char *rules)
{
    const char *names[] = {"terms.csv", "observations.csv", "rules.csv"};
    const char *data[] = {TERMS, obs, rules};
    size_t size[] = {strlen(TERMS), strlen(obs), strlen(rules)};
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_dataset_load_mem("ds", 3, names, data, size, NULL, d, &ds, &err), CHISO_OK);
    assert_int_equal(chiso_dataset_check(ds, d, &err), CHISO_OK);
    chiso_dataset_free(ds);
    return d;
}

static void dump(const chiso_diags *d)
{
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        print_error("  %s:%ld:%ld: %s [%s] %s\n", g->file, g->line, g->col,
                    g->severity == CHISO_ERROR ? "error" : "warning", g->code, g->msg);
    }
}

/* Require exactly the diagnostics listed: "SEV FILE:LINE:COL CODE|substring" (file without "ds/"). */
static void expect_only_at(const chiso_diags *d, const char *const *want, size_t n, const char *src, int line)
{
    int ok = chiso_diags_count(d) == n;
    for (size_t k = 0; ok && k < n; k++) {
        char sev[16], place[128], code[64];
        const char *bar = strchr(want[k], '|');
        assert_non_null(bar);
        assert_int_equal(sscanf(want[k], "%15s %127s %63[^|]", sev, place, code), 3);
        int found = 0;
        for (size_t i = 0; i < chiso_diags_count(d) && !found; i++) {
            const chiso_diag *g = chiso_diags_get(d, i);
            char gp[160];
            snprintf(gp, sizeof gp, "%s:%ld:%ld", g->file + 3, g->line, g->col);
            found = strcmp(gp, place) == 0 && strcmp(g->code, code) == 0 &&
                    (g->severity == CHISO_ERROR) == (strcmp(sev, "error") == 0) && strstr(g->msg, bar + 1);
        }
        if (!found) {
            print_error("missing: %s\n", want[k]);
            ok = 0;
        }
    }
    if (!ok) {
        print_error("the diagnostics are:\n");
        dump(d);
        _fail(src, line);
    }
}
#define expect_only(d, ...)                                                                           \
    do {                                                                                              \
        const char *w_[] = {__VA_ARGS__};                                                             \
        expect_only_at(d, w_, sizeof w_ / sizeof w_[0], __FILE__, __LINE__);                          \
    } while (0)
#define expect_none(d)                                                                                \
    do {                                                                                              \
        if (chiso_diags_count(d)) {                                                                   \
            dump(d);                                                                                  \
            fail();                                                                                   \
        }                                                                                             \
    } while (0)

/* base_orgs = committees + cells, per year: 2012 10 ≠ 3 + 4 (broken), 2013 10 = 3 + 7 (holds),
 * 2014 [9.5, 10.5] ∋ 10 (maybe), 2015 cells missing (skipped). */
#define SPLIT_OBS                                                                                     \
    OBS_H OBS("base_orgs", "2012", "10")       /* 2 */                                               \
    OBS("base_orgs_committees", "2012", "3")   /* 3 */                                               \
    OBS("base_orgs_cells", "2012", "4")        /* 4 */                                               \
    OBS("base_orgs", "2013", "10")             /* 5 */                                               \
    OBS("base_orgs_committees", "2013", "3")   /* 6 */                                               \
    OBS("base_orgs_cells", "2013", "7")        /* 7 */                                               \
    OBS("base_orgs", "2014", "khoảng 10")      /* 8 */                                               \
    OBS("base_orgs_committees", "2014", "3")   /* 9 */                                               \
    OBS("base_orgs_cells", "2014", "7")        /* 10 */                                              \
    OBS("base_orgs", "2015", "10")             /* 11 */                                              \
    OBS("base_orgs_committees", "2015", "3")   /* 12 */

/* Broken, maybe broken and holding, with the default strategy skip_if_any. */
static void test_broken_maybe_holds(void **state)
{
    (void)state;
    chiso_diags *d = run(SPLIT_OBS, RULES_H "split,base_orgs,==,base_orgs_committees + base_orgs_cells,,\n");
    expect_only(d, "error observations.csv:2:1 rule.broken|rule 'split' (ds/rules.csv:2) is broken: 10 = 7 "
                   "does not hold; figures at lines 3, 4",
                "warning observations.csv:8:1 rule.maybe|rule 'split' (ds/rules.csv:2) may be broken: "
                "[9.5, 10.5] = 10");
    chiso_diags_free(d);
}

/* A rule of severity warning that is certainly broken is a warning with the same code. The name
 * defaults to "rule <line>". The first operand locates the problem: here cells (lines 4 and 10).
 * 2012: 4 + 3 = 7 ≥ 10 is certainly false; 2014: 7 + 3 = 10 ≥ [9.5, 10.5] may be false. */
static void test_severity_and_name(void **state)
{
    (void)state;
    chiso_diags *d = run(SPLIT_OBS, RULES_H ",base_orgs_cells + base_orgs_committees,>=,base_orgs,warning,\n");
    expect_only(d, "warning observations.csv:4:1 rule.broken|rule 'rule 2' (ds/rules.csv:2) is broken: 7 ≥ 10",
                "warning observations.csv:10:1 rule.maybe|rule 'rule 2' (ds/rules.csv:2) may be broken: 10 ≥ [9.5, 10.5]");
    chiso_diags_free(d);
}

/* skip_if_all and zero evaluate 2015 with the missing cells as 0: 10 = 3 + 0 is broken. */
static void test_missing_strategies(void **state)
{
    (void)state;
    const char *modes[] = {"skip_if_all", "zero"};
    for (int m = 0; m < 2; m++) {
        char rules[256];
        snprintf(rules, sizeof rules, RULES_H "split,base_orgs,==,base_orgs_committees + base_orgs_cells,,%s\n",
                 modes[m]);
        chiso_diags *d = run(SPLIT_OBS, rules);
        expect_only(d, "error observations.csv:2:1 rule.broken|10 = 7",
                    "warning observations.csv:8:1 rule.maybe|",
                    "error observations.csv:11:1 rule.broken|10 = 3 does not hold; figures at lines 12");
        chiso_diags_free(d);
    }
}

/* Only figures of the same unit, period and basis are compared: a 2016 total of cells against
 * 2017 base organisations is never evaluated. */
static void test_places_do_not_mix(void **state)
{
    (void)state;
    chiso_diags *d = run(OBS_H OBS("base_orgs", "2016", "10") OBS("base_orgs_cells", "2017", "40"),
                         RULES_H "cells_within,base_orgs_cells,<=,base_orgs,,\n");
    expect_none(d);
    chiso_diags_free(d);
}

/* Inequalities with open ends, per year (cells against base_orgs):
 *   2012 "trên 10" = (10, inf) against 10: a (≤) and b (<) certainly broken, c (≤ 10/2) too;
 *   2013 "dưới 10" = [0, 10) against 10: a and b hold, c (≤ 5) may be broken;
 *   2014 "gần 10" = [9, 10) against 19: a and b hold, c (≤ 9.5) may be broken.
 * A tolerance written in the expression: 2015 committees 105 ≤ 100 × 1,05 holds. */
static void test_inequalities(void **state)
{
    (void)state;
    chiso_diags *d = run(OBS_H OBS("base_orgs", "2012", "10") OBS("base_orgs_cells", "2012", "trên 10")
                             OBS("base_orgs", "2013", "10") OBS("base_orgs_cells", "2013", "dưới 10")
                             OBS("base_orgs", "2014", "19") OBS("base_orgs_cells", "2014", "gần 10")
                             OBS("base_orgs", "2015", "100") OBS("base_orgs_committees", "2015", "105"),
                         RULES_H "a,base_orgs_cells,<=,base_orgs,,\n"
                                 "b,base_orgs_cells,<,base_orgs,,\n"
                                 "c,base_orgs_cells,<=,base_orgs / 2,,\n"
                                 "d,base_orgs_committees,<=,\"base_orgs * 1,05\",,\n");
    expect_only(d, "error observations.csv:3:1 rule.broken|rule 'a' (ds/rules.csv:2) is broken: > 10 ≤ 10",
                "error observations.csv:3:1 rule.broken|rule 'b' (ds/rules.csv:3) is broken: > 10 < 10",
                "error observations.csv:3:1 rule.broken|rule 'c' (ds/rules.csv:4) is broken: > 10 ≤ 5",
                "warning observations.csv:5:1 rule.maybe|rule 'c' (ds/rules.csv:4) may be broken: < 10 ≤ 5",
                "warning observations.csv:7:1 rule.maybe|rule 'c' (ds/rules.csv:4) may be broken: [9, 10) ≤ 9.5");
    chiso_diags_free(d);
}

/* Division: 3/10 = 0.3 <= 0.5 holds and 6/10 = 0.6 does not; dividing by "dưới 5" = [0, 5) cannot be
 * decided: the rule is not evaluated there, and a warning says so at the divisor's line (never
 * skipped silently); dividing by the number 0 is refused when the rule is read. */
static void test_division(void **state)
{
    (void)state;
    chiso_diags *d = run(OBS_H OBS("base_orgs", "2012", "10") OBS("base_orgs_committees", "2012", "3")
                             OBS("base_orgs", "2013", "10") OBS("base_orgs_committees", "2013", "6")
                             OBS("base_orgs", "2014", "dưới 5") OBS("base_orgs_committees", "2014", "3"),
                         RULES_H "share,base_orgs_committees / base_orgs,<=,\"0,5\",,\n"
                                 "by_zero,base_orgs_committees / 0,>=,1,,\n"
                                 "neg,-base_orgs_committees,<=,-(base_orgs - 8),,\n");
    /* neg: −3 ≤ −2 holds in 2012; −6 ≤ −2 holds in 2013; 2014: −3 ≤ −([0, 5) − 8) = (3, 8] holds */
    expect_only(d, "error rules.csv:3:32 rule.parse|the rule divides by zero",
                "error observations.csv:5:1 rule.broken|rule 'share' (ds/rules.csv:2) is broken: 0.6 ≤ 0.5",
                "warning observations.csv:6:1 rule.div_zero|rule 'share' (ds/rules.csv:2) cannot be checked here: it "
                "divides by 'base_orgs', which is 0 or may be 0 ('dưới 5')");
    chiso_diags_free(d);
}

/* ---- parse errors ------------------------------------------------------------------------------ */

/* One rules.csv row with `left`; the error must be rule.parse at line 2, column `col` (the left field
 * starts at character 4 of "r1,…"), with `word` in the message. */
static void check_parse_error_at(const char *left, long col, const char *word, const char *src, int line)
{
    size_t n = strlen(left) + 64;
    char *rules = malloc(n + sizeof RULES_H);
    assert_non_null(rules);
    snprintf(rules, n + sizeof RULES_H, RULES_H "r1,%s,<=,members,,\n", left);
    chiso_diags *d = run(OBS_H, rules);
    free(rules);
    const chiso_diag *g = chiso_diags_count(d) == 1 ? chiso_diags_get(d, 0) : NULL;
    if (!g || strcmp(g->code, "rule.parse") != 0 || g->line != 2 || g->col != col ||
        strcmp(g->file, "ds/rules.csv") != 0 || (word && !strstr(g->msg, word))) {
        print_error("left '%.60s…': expected rule.parse at 2:%ld with '%s'; got:\n", left, col, word ? word : "");
        dump(d);
        chiso_diags_free(d);
        _fail(src, line);
    }
    chiso_diags_free(d);
}
#define check_parse_error(left, col, word) check_parse_error_at(left, col, word, __FILE__, __LINE__)

static void check_parses_at(const char *left, const char *src, int line)
{
    size_t n = strlen(left) + 64;
    char *rules = malloc(n + sizeof RULES_H);
    assert_non_null(rules);
    snprintf(rules, n + sizeof RULES_H, RULES_H "r1,%s,<=,members,,\n", left);
    chiso_diags *d = run(OBS_H, rules);
    free(rules);
    if (chiso_diags_count(d)) {
        dump(d);
        chiso_diags_free(d);
        _fail(src, line);
    }
    chiso_diags_free(d);
}
#define check_parses(left) check_parses_at(left, __FILE__, __LINE__)

static void test_parse_errors(void **state)
{
    (void)state;
    check_parse_error("admitted + nosuch", 15, "unknown indicator 'nosuch'");
    check_parse_error("(admitted + members", 4, "'(' is not closed");
    check_parse_error("admitted + (members * (2 + 1)", 15, "'(' is not closed");
    check_parse_error("admitted)", 12, "')' has no matching '('");
    check_parse_error("admitted +", 14, "ends too early");
    check_parse_error("admitted $ 2", 13, "unexpected '$ 2'");
    check_parse_error("admitted ≥ 2", 13, "unexpected '≥ 2'");
    check_parse_error("()", 5, "unexpected ')'");
    check_parse_error("2 * 1.2.3", 8, "cannot read the number '1.2.3'");
    check_parses("admitted * 2 - (members / 4) + -3 * (1.000 + 0.5)");
}

/* 64 levels of parentheses or minus signs are read; the 65th is refused at its character. */
static void test_nesting_limit(void **state)
{
    (void)state;
    char buf[512];
    for (int levels = 63; levels <= 65; levels++) {
        size_t o = 0;
        for (int i = 0; i < levels; i++)
            buf[o++] = '(';
        o += (size_t)sprintf(buf + o, "admitted");
        for (int i = 0; i < levels; i++)
            buf[o++] = ')';
        buf[o] = '\0';
        if (levels <= 64)
            check_parses(buf);
        else
            check_parse_error(buf, 4 + 64, "nested too deeply (more than 64 levels)");
    }
    memset(buf, '-', 65);
    strcpy(buf + 65, "admitted");
    check_parse_error(buf, 4 + 64, "nested too deeply");
    check_parses(buf + 1);
    /* a mix: 32 "-(" pairs are 64 levels */
    size_t o = 0;
    for (int i = 0; i < 32; i++) {
        buf[o++] = '-';
        buf[o++] = '(';
    }
    o += (size_t)sprintf(buf + o, "members");
    for (int i = 0; i < 32; i++)
        buf[o++] = ')';
    buf[o] = '\0';
    check_parses(buf);
}

/* 1000 terms are read; the 1001st is refused at its first character ("admitted+" is 9 characters, so
 * term k starts at character 9(k − 1) + 1 of the expression, 9(k − 1) + 4 of the line). */
static void test_terms_limit(void **state)
{
    (void)state;
    size_t n = 9 * 1001 + 1;
    char *expr = malloc(n);
    assert_non_null(expr);
    expr[0] = '\0';
    size_t o = 0;
    for (int k = 0; k < 1000; k++)
        o += (size_t)sprintf(expr + o, k ? "+admitted" : "admitted");
    check_parses(expr);
    sprintf(expr + o, "+admitted");
    check_parse_error(expr, 9 * 1000 + 4, "more than 1000 terms");
    /* numbers are terms too */
    o = 0;
    for (int k = 0; k < 1001; k++)
        o += (size_t)sprintf(expr + o, k ? "+1" : "1");
    check_parse_error(expr, 2 * 1000 + 4, "more than 1000 terms");
    free(expr);
}

int main(void)
{
    chiso_set_lang(CHISO_LANG_EN, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_broken_maybe_holds),
        cmocka_unit_test(test_severity_and_name),
        cmocka_unit_test(test_missing_strategies),
        cmocka_unit_test(test_places_do_not_mix),
        cmocka_unit_test(test_inequalities),
        cmocka_unit_test(test_division),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_terms_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* tests/unit/test_output.c — where outputs may go and how text is written into tables
 * (ingest/output.c, ingest/util.c): paths resolved through links, "..", "." and trailing slashes;
 * the guard against writing over an input; folders chiso marks and the only ones it replaces; the
 * OWASP rule for text a spreadsheet would run as a formula; Markdown made inert. The expected values
 * are written out by hand from the rules in ingest/util.h and OWASP's "CSV Injection" page. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include "chiso/common.h"
#include "chiso/report.h"
#include "ingest/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *join(const char *a, const char *b)
{
    char *s = malloc(strlen(a) + strlen(b) + 2);
    sprintf(s, "%s/%s", a, b);
    return s;
}

/* A table for a narrow terminal: one block per row, "  header: cell" lines wrapped at the width with
 * a four-space indent, empty cells left out, never a line broken after a sign; the expected text is
 * written out by hand. */
static void test_table_records(void **state)
{
    (void)state;
    chiso_table *t = chiso_table_new(3, (const char *[]){"name", "probability", "note"});
    assert_non_null(t);
    assert_int_equal(chiso_table_add_row(t, (const char *[]){"Kết nạp", "≥ 600: 85%; ≥ 800: 65%; ≥ 1.000: 44%", ""}),
                     CHISO_OK);
    assert_int_equal(chiso_table_add_row(t, (const char *[]){"B", "x", "one two three"}), CHISO_OK);
    char *s = chiso_table_to_records(t, 32);
    assert_non_null(s);
    assert_string_equal(s, "Kết nạp\n"
                           "  probability: ≥ 600: 85%;\n"
                           "    ≥ 800: 65%; ≥ 1.000: 44%\n"
                           "\n"
                           "B\n"
                           "  probability: x\n"
                           "  note: one two three\n");
    free(s);
    assert_null(chiso_table_to_records(NULL, 80));
    chiso_table_free(t);
}

/* When a target is to be met, in words (chiso_target_when_words): the basis for a target of the whole
 * term; the year, years or days for a target of a period inside the term. Written out by hand. */
static void test_target_when(void **state)
{
    (void)state;
    chiso_target_info t;
    memset(&t, 0, sizeof t);
    struct {
        const char *from, *to; /* NULL: a target of the whole term */
        chiso_basis basis;
        const char *en, *vi;
    } cases[] = {
        {NULL, NULL, CHISO_BASIS_END, "at the end of the term", "cuối nhiệm kỳ"},
        {NULL, NULL, CHISO_BASIS_TOTAL, "over the whole term", "cả nhiệm kỳ"},
        {"2018", "2018", CHISO_BASIS_END, "at the end of 2018", "cuối năm 2018"},
        {"2017", "2017", CHISO_BASIS_TOTAL, "in 2017", "trong năm 2017"},
        {"2022", "2022", CHISO_BASIS_EACH_YEAR, "in 2022", "trong năm 2022"},
        {"2016", "2018", CHISO_BASIS_TOTAL, "over 2016–2018", "trong các năm 2016–2018"},
        {"2016", "2018", CHISO_BASIS_END, "at the end of 2018", "cuối năm 2018"},
        {"2016", "2018", CHISO_BASIS_EACH_YEAR, "every year, 2016–2018", "hằng năm, giai đoạn 2016–2018"},
        {"2016-07-01", "2018-06-30", CHISO_BASIS_TOTAL, "from 2016-07-01 to 2018-06-30", "từ 01/07/2016 đến 30/06/2018"},
        {"2016-07-01", "2018-06-30", CHISO_BASIS_POINT, "on 2018-06-30", "ngày 30/06/2018"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        chiso_error e;
        t.has_period = cases[i].from != NULL;
        if (t.has_period) {
            assert_int_equal(chiso_date_parse(cases[i].from, 0, &t.period_start, &e), CHISO_OK);
            assert_int_equal(chiso_date_parse(cases[i].to, 1, &t.period_end, &e), CHISO_OK);
        }
        for (int vi = 0; vi < 2; vi++) {
            chiso_set_lang(vi ? CHISO_LANG_VI : CHISO_LANG_EN, NULL);
            char *w = chiso_target_when_words(&t, cases[i].basis);
            assert_non_null(w);
            const char *want = vi ? cases[i].vi : cases[i].en;
            if (strcmp(w, want) != 0)
                fail_msg("case %zu (%s): '%s', wanted '%s'", i, vi ? "vi" : "en", w, want);
            free(w);
        }
    }
    chiso_set_lang(CHISO_LANG_EN, NULL);
}

static void test_formula(void **state)
{
    (void)state;
    /* OWASP: '=', '+', '-', '@', tab, carriage return */
    const char *yes[] = {"=1+2", "=HYPERLINK(\"http://x\")", "@SUM(A1)", "+cmd", "-cmd|' /C calc'!A0", "\tx", "\rx",
                         "-2+3+cmd", "+1-", "-A1", "- 3", "-", "--"};
    const char *no[] = {"", "abc", "1247", "-3.5", "+12", "-3,5", "-1.247", "-12%", "+0.5", "-1e3", "-", "+",
                        "Đảng bộ", " =1", "'=1", "(90; 100]", "–3"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (strcmp(yes[i], "-") == 0)
            continue; /* a lone sign is no formula: listed under no */
        if (!chiso_text_is_formula(yes[i]))
            fail_msg("'%s' should be taken for a formula", yes[i]);
    }
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (chiso_text_is_formula(no[i]))
            fail_msg("'%s' should stay as it is", no[i]);
    assert_false(chiso_text_is_formula(NULL));
    /* a text that begins with apostrophes before a formula gets one more, so that the reader's
     * "take one apostrophe off" gives it back as it was; a plain apostrophe gets none */
    assert_true(chiso_text_needs_quote("=1"));
    assert_true(chiso_text_needs_quote("'=1"));
    assert_true(chiso_text_needs_quote("''@x"));
    assert_false(chiso_text_needs_quote("'abc"));
    assert_false(chiso_text_needs_quote("'-3.5"));
    assert_false(chiso_text_needs_quote("'"));
    assert_false(chiso_text_needs_quote(NULL));

    chiso_buf b;
    chiso_buf_init(&b);
    chiso_csv_field(&b, "=1+2");
    chiso_buf_puts(&b, "|");
    chiso_csv_field(&b, "=SUM(1,2)"); /* quoted for the comma, the apostrophe inside the quotes */
    chiso_buf_puts(&b, "|");
    chiso_csv_field(&b, "-3.5");
    chiso_buf_puts(&b, "|");
    chiso_csv_field(&b, "@x\"y");
    chiso_buf_puts(&b, "|");
    chiso_csv_field(&b, "'=1+2");
    chiso_buf_puts(&b, "|");
    chiso_csv_field(&b, "'abc");
    char *s = chiso_buf_take(&b);
    assert_string_equal(s, "'=1+2|\"'=SUM(1,2)\"|-3.5|\"'@x\"\"y\"|''=1+2|'abc");
    free(s);

    chiso_table *t = chiso_table_new(2, (const char *[]){"a", "b"});
    assert_non_null(t);
    assert_int_equal(chiso_table_add_row(t, (const char *[]){"=cmd", "-2"}), CHISO_OK);
    assert_int_equal(chiso_table_add_row(t, (const char *[]){"+x", "ok"}), CHISO_OK);
    chiso_table_set_number(t, 0, 1, -2, 0, 0);
    char *csv = chiso_table_to_csv(t);
    assert_string_equal(csv, "a,b\n'=cmd,-2\n'+x,ok\n");
    free(csv);
    chiso_table_free(t);
}

static void test_markdown(void **state)
{
    (void)state;
    struct {
        const char *in, *out;
        int cell;
    } cases[] = {
        {"Đảng bộ <b>K</b>", "Đảng bộ \\<b>K\\</b>", 0},
        {"a < b & c", "a < b & c", 0},                      /* no tag, no entity: left readable */
        {"&amp; &#60;", "\\&amp; \\&#60;", 0},
        {"[x](javascript:alert(1))", "\\[x](javascript:alert(1))", 0},
        {"[18; 20)% and [42; 46] (term V)", "[18; 20)% and [42; 46] (term V)", 0}, /* intervals stay */
        {"![a][b]", "!\\[a][b]", 0},
        {"**bold** *one*", "**bold** \\*one\\*", 0},
        {"`a_b <c>` _x_ snake_case", "`a_b <c>` \\_x\\_ snake_case", 0},
        {"a|b\nc", "a\\|b<br>c", 1},
        {"a\\b", "a\\\\b", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        chiso_buf b;
        chiso_buf_init(&b);
        chiso_md_text(&b, cases[i].in, cases[i].cell);
        char *s = chiso_buf_take(&b);
        if (strcmp(s, cases[i].out) != 0)
            fail_msg("md '%s': got '%s', want '%s'", cases[i].in, s, cases[i].out);
        free(s);
    }
}

static void test_paths(void **state)
{
    (void)state;
    char *dir = chiso_test_mkdtemp();
    char *real = realpath(dir, NULL);
    char *ds = join(real, "ds"), *obs = join(ds, "observations.csv");
    mkdir(ds, 0755);
    chiso_test_write(ds, "observations.csv", "x\n");
    char *link = join(real, "link");
    assert_int_equal(symlink("ds", link), 0);

    struct {
        const char *rel, *want;
    } cases[] = {
        {"ds", "ds"},
        {"ds/", "ds"},
        {"ds//observations.csv", "ds/observations.csv"},
        {"ds/./x/../observations.csv", "ds/observations.csv"},
        {"link/observations.csv", "ds/observations.csv"},
        {"link/new/", "ds/new"},
        {"missing/a/../b", "missing/b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *p = join(real, cases[i].rel), *w = join(real, cases[i].want);
        char *r = chiso_path_resolve(p);
        if (!r || strcmp(r, w) != 0)
            fail_msg("resolve '%s': got '%s', want '%s'", cases[i].rel, r ? r : "(null)", w);
        free(r);
        free(p);
        free(w);
    }
    char *root = chiso_path_resolve("/..//");
    assert_string_equal(root, "/");
    free(root);
    assert_true(chiso_path_within("/a/b", "/a"));
    assert_true(chiso_path_within("/a", "/a"));
    assert_false(chiso_path_within("/ab", "/a"));
    assert_true(chiso_path_within("/x", "/"));

    /* the guard: by link, into the folder, over a folder that holds the input */
    chiso_error err;
    const char *in[] = {ds};
    char *o1 = join(real, "link/observations.csv"), *o2 = join(real, "ds/new.csv"), *o3 = join(real, "out.csv");
    assert_int_equal(chiso_output_guard(o1, in, 1, &err), CHISO_EINVAL);
    assert_int_equal(chiso_output_guard(o2, in, 1, &err), CHISO_EINVAL);
    assert_int_equal(chiso_output_guard(real, in, 1, &err), CHISO_EINVAL);
    assert_int_equal(chiso_output_guard(o3, in, 1, &err), CHISO_OK);
    assert_int_equal(chiso_output_guard("-", in, 1, &err), CHISO_OK);
    assert_int_equal(chiso_output_guard("/dev/null", in, 1, &err), CHISO_OK);
    const char *files[] = {obs, NULL};
    assert_int_equal(chiso_output_guard(o1, files, 2, &err), CHISO_EINVAL);
    assert_int_equal(chiso_output_guard(o2, files, 2, &err), CHISO_OK); /* a file input: its folder is free */
    free(o1);
    free(o2);
    free(o3);

    /* a folder chiso writes: marked, replaced, and refused once it holds a file of someone else's */
    char *out = join(real, "rep");
    chiso_outdir od;
    assert_int_equal(chiso_outdir_begin(&od, out, in, 1, &err), CHISO_OK);
    chiso_test_write(od.tmp, "report.md", "# r\n");
    assert_int_equal(chiso_outdir_commit(&od, &err), CHISO_OK);
    chiso_outdir_free(&od);
    char *marker = join(out, ".chiso-output");
    char *text = chiso_test_read_file(marker, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "\nfiles:\nreport.md\n"));
    free(text);
    char *again = join(real, "rep/");
    assert_int_equal(chiso_outdir_begin(&od, again, in, 1, &err), CHISO_OK);
    chiso_test_write(od.tmp, "report.md", "# r2\n");
    assert_int_equal(chiso_outdir_commit(&od, &err), CHISO_OK);
    chiso_outdir_free(&od);
    chiso_test_write(out, "mine.txt", "mine\n");
    assert_int_equal(chiso_outdir_begin(&od, out, in, 1, &err), CHISO_EINVAL);
    assert_non_null(strstr(err.msg, "mine.txt"));
    chiso_outdir_free(&od);
    char *mine = join(out, "mine.txt");
    assert_int_equal(access(mine, F_OK), 0);
    /* a failed run leaves the earlier folder and no temporary one */
    unlink(mine);
    assert_int_equal(chiso_outdir_begin(&od, out, in, 1, &err), CHISO_OK);
    chiso_test_write(od.tmp, "half.md", "#");
    char *tmp = chiso_strdup(od.tmp);
    chiso_outdir_free(&od);
    assert_int_equal(access(tmp, F_OK), -1);
    char *md = join(out, "report.md");
    text = chiso_test_read_file(md, NULL);
    assert_string_equal(text, "# r2\n");
    free(text);

    free(md);
    free(tmp);
    free(mine);
    free(again);
    free(marker);
    free(out);
    free(link);
    free(obs);
    free(ds);
    chiso_test_rmtree(real);
    free(real);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula), cmocka_unit_test(test_table_records), cmocka_unit_test(test_target_when),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

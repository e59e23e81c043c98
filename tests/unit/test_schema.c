/* The schema table (ingest/schema.c) and the docs say the same: the files table of datasets/FORMAT.md
 * and of datasets/FORMAT.vi.md lists, for every file kind, exactly the table's columns, in its order,
 * the required ones in bold, and whether the file is required; and the table holds together (fields,
 * workbook columns first, closed lists). A column added to the table without its docs fails here. */
#include "testutil.h"
#include "ingest/schema.h"
#include "ingest/workbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns a docs line lists: `code` in backticks in its third cell, bold when inside ** **. */
typedef struct doc_cols {
    char code[32][32];
    int bold[32];
    size_t n;
    char required[32]; /* the second cell */
} doc_cols;

/* The line of the files table for file, or 0 when the docs have none. */
static int doc_line(const char *doc, const char *file, doc_cols *out)
{
    char start[128];
    snprintf(start, sizeof start, "| `%s` |", file);
    const char *p = doc;
    for (;;) {
        p = strstr(p, start);
        if (!p)
            return 0;
        if (p == doc || p[-1] == '\n')
            break;
        p++;
    }
    const char *end = strchr(p, '\n');
    if (!end)
        end = p + strlen(p);
    const char *c2 = p + strlen(start);                      /* "| no | cols… |" */
    const char *c3 = strchr(c2, '|');
    assert_non_null(c3);
    size_t rl = (size_t)(c3 - c2);
    snprintf(out->required, sizeof out->required, "%.*s", (int)(rl < 31 ? rl : 31), c2);
    out->n = 0;
    /* the columns: backticked words before the first " — " or " (" after them (an explanation) */
    const char *q = c3 + 1;
    while (q < end && out->n < 32) {
        const char *b = strchr(q, '`');
        if (!b || b >= end)
            break;
        const char *e = strchr(b + 1, '`');
        assert_non_null(e);
        /* words inside parentheses explain a column ("`org` or `member`"): skip them */
        int depth = 0;
        for (const char *x = c3 + 1; x < b; x++)
            depth += *x == '(' ? 1 : *x == ')' ? -1 : 0;
        const char *dash = strstr(q, " — ");
        if (dash && dash < b)
            break;
        if (depth == 0) {
            snprintf(out->code[out->n], sizeof out->code[0], "%.*s", (int)(e - b - 1), b + 1);
            out->bold[out->n] = b - 2 >= c3 && b[-1] == '*' && b[-2] == '*';
            out->n++;
        }
        q = e + 1;
    }
    return 1;
}

static void check_doc(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/datasets/%s", chiso_test_source_dir(), name);
    char *doc = chiso_test_read_file(path, NULL);
    assert_non_null(doc);
    size_t nk;
    const ds_kind *k = ds_kinds(&nk);
    for (size_t i = 0; i < nk; i++) {
        int shared = 0; /* illustrative-targets and the built-in indicators take another kind's columns */
        for (size_t j = 0; j < i; j++)
            shared |= k[j].cols == k[i].cols;
        doc_cols d;
        int found = doc_line(doc, k[i].file, &d);
        if (shared)
            continue;
        if (!found)
            fail_msg("%s has no line for %s in its files table", name, k[i].file);
        size_t n = ds_kind_ncols(&k[i]);
        for (size_t c = 0; c < n || c < d.n; c++) {
            if (c >= n)
                fail_msg("%s lists a column '%s' for %s that the schema does not have", name, d.code[c], k[i].file);
            if (c >= d.n)
                fail_msg("%s does not list the column '%s' of %s", name, k[i].cols[c].code, k[i].file);
            if (strcmp(d.code[c], k[i].cols[c].code) != 0)
                fail_msg("%s lists '%s' where the schema of %s has '%s' (column %zu)", name, d.code[c], k[i].file,
                         k[i].cols[c].code, c + 1);
            if (d.bold[c] != k[i].cols[c].required)
                fail_msg("%s: '%s' of %s is %s in the schema but %s in the docs", name, d.code[c], k[i].file,
                         k[i].cols[c].required ? "required" : "optional", d.bold[c] ? "bold" : "not bold");
        }
        if (!(k[i].flags & DS_KF_REGISTRY)) {
            int doc_required = strstr(d.required, "yes") || strstr(d.required, "có");
            if (doc_required != !!(k[i].flags & DS_KF_REQUIRED))
                fail_msg("%s: %s is %s in the docs", name, k[i].file, doc_required ? "required" : "optional");
        }
    }
    free(doc);
}

static void test_format_md(void **state)
{
    (void)state;
    check_doc("FORMAT.md");
}

static void test_format_vi_md(void **state)
{
    (void)state;
    check_doc("FORMAT.vi.md");
}

/* The parser of this test finds what it should: a line with a column too many or one missing fails. */
static void test_doc_parser(void **state)
{
    (void)state;
    doc_cols d;
    const char *doc = "x\n| `rules.csv` | no | `rule`, **`left`**, **`op`** (`==` or `<`), **`right`** — words `x` |\n";
    assert_int_equal(doc_line(doc, "rules.csv", &d), 1);
    assert_int_equal(d.n, 4);
    assert_string_equal(d.code[0], "rule");
    assert_false(d.bold[0]);
    assert_string_equal(d.code[3], "right");
    assert_true(d.bold[3]);
    assert_int_equal(doc_line(doc, "units.csv", &d), 0);
}

/* The table holds together: distinct fields inside the row, at most DS_MAXCOLS columns, the workbook's
 * columns (with a label and a note) first, a closed list for every enum a workbook offers. */
static void test_table(void **state)
{
    (void)state;
    size_t nk;
    const ds_kind *k = ds_kinds(&nk);
    size_t nsheets;
    const wb_sheet *sh = chiso_wb_sheets(&nsheets);
    assert_ptr_equal(sh, k);
    assert_int_equal(nsheets, 9); /* units … rules, sources */
    for (size_t i = 0; i < nk; i++) {
        size_t n = ds_kind_ncols(&k[i]);
        assert_true(n > 0 && n <= DS_MAXCOLS);
        assert_int_equal(n, ds_kind_ncols(ds_kind_of(k[i].id)));
        int labelled = 1;
        for (size_t c = 0; c < n; c++) {
            const ds_column *col = &k[i].cols[c];
            assert_true(col->field % sizeof(const char *) == 0 && col->field < sizeof(ds_row));
            for (size_t d = 0; d < c; d++) {
                assert_true(k[i].cols[d].field != col->field);
                assert_string_not_equal(k[i].cols[d].code, col->code);
            }
            if (!col->label)
                labelled = 0;
            else
                assert_true(labelled && col->note && col->width > 0); /* workbook columns come first */
            if (col->list >= WB_L_BASIS_OBS && col->list != WB_L_RATING && col->list != WB_L_SCHEME &&
                col->list != WB_L_TARGET_ID)
                assert_non_null(ds_list_words(col->list));
            /* a closed list the reader parses: its diagnostic, and every word the workbook's drop-down
             * offers is one it reads */
            if (col->words) {
                assert_int_equal(col->type, DS_ENUM);
                assert_non_null(col->words->code);
                assert_non_null(col->words->msg);
                assert_true(!col->words->warn_code || col->words->warn_msg);
                const char *const *offered = col->list ? ds_list_words(col->list) : NULL;
                for (size_t w = 0; offered && offered[w]; w++) {
                    int known = 0;
                    for (size_t v = 0; col->words->words[v]; v++)
                        known |= strcmp(offered[w], col->words->words[v]) == 0;
                    if (!known)
                        fail_msg("the workbook offers '%s' for %s of %s, which the reader does not take", offered[w],
                                 col->code, k[i].file);
                }
            }
        }
        if (i < nsheets)
            assert_non_null(k[i].sheet);
        else
            assert_true(k[i].flags & DS_KF_REGISTRY);
    }
}

/* Every column the reader reads from a sheet's file is offered by the workbook template: it has a label,
 * a note and a width, and its header (the code, the English label) names it and no other column, so
 * that `chiso template DATASET` carries every value of the dataset (a column without a label was left
 * out of the copy: terms' note_vi, targets' id, verdicts' target lost their values on the way). */
static void test_every_column_offered(void **state)
{
    (void)state;
    size_t nsheets;
    const wb_sheet *sh = chiso_wb_sheets(&nsheets);
    for (size_t i = 0; i < nsheets; i++) {
        size_t n = ds_kind_ncols(&sh[i]);
        if (chiso_wb_ncols(&sh[i]) != n)
            fail_msg("the template's sheet %s has %zu columns, its file %zu", sh[i].sheet, chiso_wb_ncols(&sh[i]), n);
        for (size_t c = 0; c < n; c++) {
            const ds_column *col = &sh[i].cols[c];
            if (!col->label || !*col->label)
                fail_msg("the column %s of %s has no workbook label", col->code, sh[i].file);
            if (!col->note || !*col->note)
                fail_msg("the column %s of %s has no workbook note", col->code, sh[i].file);
            if (!(col->width >= 8 && col->width <= 60))
                fail_msg("the column %s of %s is %g characters wide", col->code, sh[i].file, col->width);
            const char *by_code = chiso_wb_header_code(&sh[i], col->code);
            const char *by_label = chiso_wb_header_code(&sh[i], col->label);
            if (!by_code || strcmp(by_code, col->code) != 0 || !by_label || strcmp(by_label, col->code) != 0)
                fail_msg("the header '%s' or '%s' of %s names another column", col->code, col->label, sh[i].file);
        }
    }
    /* the registries have no sheet; the built-in indicators share the columns of indicators.csv */
    size_t nk;
    const ds_kind *k = ds_kinds(&nk);
    assert_true(nk > nsheets);
    for (size_t i = nsheets; i < nk; i++)
        assert_null(k[i].sheet);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_parser),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_every_column_offered),
        cmocka_unit_test(test_format_md),
        cmocka_unit_test(test_format_vi_md),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

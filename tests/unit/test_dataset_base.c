/* tests/unit/test_dataset_base.c — a load on a base (ingest/dataset_base.h: the files of the first kinds
 * read once, then one kind's file and those read after it at each load) gives what a full load gives.
 *
 * For the default dataset (with and without its illustrative targets), the template and every bad
 * dataset of tests/bad/, and for each file kind in turn: the base's diagnostics followed by those of the
 * load on it are the full load's diagnostics, one by one (severity, file, line, column, code, message);
 * the dataset is the same (every pooled string under the same id, the same number of rows of each kind,
 * the same cross-record diagnostics of chiso_dataset_check and the same normalised figures as CSV).
 * The fuzz_file_<kind> targets (tests/fuzz/fuzz_file.c) load this way. */
#include "testutil.h"

#include "chiso/common.h"
#include "chiso/ingest.h"
#include "ingest/dataset_base.h"
#include "ingest/dataset_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"indicators.csv", "units.csv",   "terms.csv",    "observations.csv",
                                    "targets.csv",    "illustrative-targets.csv", "verdicts.csv", "rules.csv"};
#define NK (sizeof kinds / sizeof kinds[0])

typedef struct files {
    const char *names[NK];
    const char *data[NK];
    size_t size[NK];
    char *own[NK];
    size_t n;
} files;

static void read_dir(files *f, const char *dir)
{
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < NK; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, kinds[i]);
        size_t len = 0;
        char *t = chiso_test_read_file(path, &len);
        if (!t)
            continue;
        f->own[f->n] = t;
        f->names[f->n] = kinds[i];
        f->data[f->n] = t;
        f->size[f->n] = len;
        f->n++;
    }
}

static void free_files(files *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->own[i]);
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void assert_same_diag(const chiso_diag *a, const chiso_diag *b, const char *what)
{
    if (a->severity != b->severity || !same_str(a->file, b->file) || a->line != b->line || a->col != b->col ||
        !same_str(a->code, b->code) || !same_str(a->msg, b->msg)) {
        print_error("%s: full load %s:%ld:%ld %s '%s', base + file %s:%ld:%ld %s '%s'\n", what, a->file, a->line,
                    a->col, a->code, a->msg, b->file, b->line, b->col, b->code, b->msg);
        fail();
    }
}

static void assert_same_list(const chiso_diags *full, size_t off, const chiso_diags *part, const char *what)
{
    for (size_t i = 0; i < chiso_diags_count(part); i++)
        assert_same_diag(chiso_diags_get(full, off + i), chiso_diags_get(part, i), what);
}

static char *normalized_csv(const chiso_dataset *ds)
{
    chiso_normalized *nm = NULL;
    chiso_error e;
    char *csv = NULL;
    if (chiso_normalize(ds, NULL, NULL, &nm, &e) == CHISO_OK)
        csv = chiso_normalized_to_csv(nm, ds);
    chiso_normalized_free(nm);
    return csv;
}

/* One dataset, each kind in turn as the file loaded on a base; returns the number of loads compared. */
static size_t compare_dataset(const char *dir, int illustrative)
{
    files f;
    read_dir(&f, dir);
    chiso_load_opts o;
    chiso_load_opts_default(&o);
    o.illustrative = illustrative;
    chiso_diags *fd = chiso_diags_new();
    chiso_dataset *full = NULL;
    chiso_error e;
    chiso_status fst = chiso_dataset_load_mem("ds", f.n, f.names, f.data, f.size, &o, fd, &full, &e);
    chiso_diags *fcheck = chiso_diags_new();
    char *fcsv = NULL;
    if (fst == CHISO_OK) {
        assert_int_equal(chiso_dataset_check(full, fcheck, &e), CHISO_OK);
        fcsv = normalized_csv(full);
    }
    size_t compared = 0;
    for (size_t k = 0; k < NK; k++) {
        char what[4200];
        snprintf(what, sizeof what, "%s%s, %s on a base", dir, illustrative ? " (illustrative)" : "", kinds[k]);
        chiso_diags *bd = chiso_diags_new(), *od = chiso_diags_new();
        ds_base *b = NULL;
        assert_int_equal(ds_base_new_mem("ds", f.n, f.names, f.data, f.size, &o, kinds[k], bd, &b, &e), CHISO_OK);
        chiso_dataset *ds = NULL;
        chiso_status st = ds_load_mem_on(b, f.n, f.names, f.data, f.size, od, &ds, &e);
        if (st != fst) {
            print_error("%s: status %d, full load %d\n", what, (int)st, (int)fst);
            fail();
        }
        /* the base's diagnostics, then those of the load on it: the full load's, in order */
        if (chiso_diags_count(bd) + chiso_diags_count(od) != chiso_diags_count(fd)) {
            print_error("%s: %zu + %zu diagnostics, full load %zu\n", what, chiso_diags_count(bd),
                        chiso_diags_count(od), chiso_diags_count(fd));
            fail();
        }
        assert_same_list(fd, 0, bd, what);
        assert_same_list(fd, chiso_diags_count(bd), od, what);
        if (st == CHISO_OK) {
            assert_int_equal(ds->pool.n, full->pool.n);
            for (size_t id = 1; id < full->pool.n; id++)
                assert_string_equal(ds->pool.strs[id], full->pool.strs[id]);
            assert_int_equal(ds->n_units, full->n_units);
            assert_int_equal(ds->n_terms, full->n_terms);
            assert_int_equal(ds->n_inds, full->n_inds);
            assert_int_equal(ds->n_obs, full->n_obs);
            assert_int_equal(ds->n_targets, full->n_targets);
            assert_int_equal(ds->n_verdicts, full->n_verdicts);
            assert_int_equal(ds->n_rules, full->n_rules);
            assert_int_equal(ds->n_ratings, full->n_ratings);
            assert_int_equal(ds->n_files, full->n_files);
            assert_int_equal(ds->has_units_file, full->has_units_file);
            chiso_diags *check = chiso_diags_new();
            assert_int_equal(chiso_dataset_check(ds, check, &e), CHISO_OK);
            assert_int_equal(chiso_diags_count(check), chiso_diags_count(fcheck));
            assert_same_list(fcheck, 0, check, what);
            chiso_diags_free(check);
            char *csv = normalized_csv(ds);
            assert_true(same_str(csv, fcsv));
            free(csv);
        }
        chiso_dataset_free(ds); /* before its base: it shares the base's strings */
        ds_base_free(b);
        chiso_diags_free(bd);
        chiso_diags_free(od);
        compared++;
    }
    free(fcsv);
    chiso_diags_free(fcheck);
    chiso_dataset_free(full);
    chiso_diags_free(fd);
    free_files(&f);
    return compared;
}

static void test_default_dataset(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/datasets/haiphong", chiso_test_source_dir());
    assert_int_equal(compare_dataset(dir, 0), NK);
    assert_int_equal(compare_dataset(dir, 1), NK);
    snprintf(dir, sizeof dir, "%s/datasets/template", chiso_test_source_dir());
    assert_int_equal(compare_dataset(dir, 0), NK);
}

static void test_bad_datasets(void **state)
{
    (void)state;
    char bad[4096];
    snprintf(bad, sizeof bad, "%s/tests/bad", chiso_test_source_dir());
    DIR *d = opendir(bad);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char dir[4400];
        snprintf(dir, sizeof dir, "%s/%s", bad, de->d_name);
        compare_dataset(dir, 1);
        n++;
    }
    closedir(d);
    assert_true(n >= 40); /* the bad datasets were found */
}

/* The base's own mistakes: no such kind, or a registry. */
static void test_base_arguments(void **state)
{
    (void)state;
    chiso_diags *d = chiso_diags_new();
    ds_base *b = NULL;
    chiso_error e;
    const char *names[] = {"terms.csv"}, *data[] = {"unit,code,start,end\n"};
    size_t size[] = {strlen(data[0])};
    assert_int_equal(ds_base_new_mem("ds", 1, names, data, size, NULL, "term.csv", d, &b, &e), CHISO_EINVAL);
    assert_null(b);
    assert_int_equal(ds_base_new_mem("ds", 1, names, data, size, NULL, "registry/indicators.csv", d, &b, &e),
                     CHISO_EINVAL);
    assert_int_equal(ds_load_mem_on(NULL, 1, names, data, size, d, NULL, &e), CHISO_EINVAL);
    ds_base_free(NULL);
    chiso_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_dataset),
        cmocka_unit_test(test_bad_datasets),
        cmocka_unit_test(test_base_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

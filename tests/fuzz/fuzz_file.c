/* Fuzz one file kind of a dataset on its own: the input is the file named by CHISO_FUZZ_FILE
 * ("units.csv", "terms.csv", …); every other file of the dataset is fixed and valid (the embedded
 * default dataset, its observations cut to the first lines so that a run stays fast). The dataset is
 * loaded, checked, normalised, compared and judged, as `chiso check` and `chiso attain` do.
 * tests/fuzz/CMakeLists.txt builds this file once per kind (fuzz_units, fuzz_terms, …). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chiso/analysis.h"
#include "chiso/ingest.h"
#include "ingest/embedded.h"

#ifndef CHISO_FUZZ_FILE
#error "define CHISO_FUZZ_FILE to the dataset file this target fuzzes"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fixed files: those of the default dataset (targets.csv holds its illustrative targets, so that
 * the attainment code has targets to judge). */
static const char *const names[] = {"units.csv",   "terms.csv",    "indicators.csv", "observations.csv",
                                    "targets.csv", "verdicts.csv", "rules.csv"};
#define NFILES (sizeof names / sizeof names[0])
#define OBS_LINES 80

static const char *fixed[NFILES];
static size_t fixed_size[NFILES];

static void init_fixed(void)
{
    for (size_t i = 0; i < NFILES; i++) {
        char path[64];
        const char *name = strcmp(names[i], "targets.csv") == 0 ? "illustrative-targets.csv" : names[i];
        strcpy(path, "haiphong/");
        strcat(path, name);
        const chiso_embedded_file *f = chiso_embedded_find(path);
        if (!f)
            abort(); /* the build lost the default dataset */
        fixed[i] = (const char *)f->data;
        fixed_size[i] = f->size;
        if (strcmp(names[i], "observations.csv") == 0) {
            size_t lines = 0, k = 0;
            while (k < f->size && lines < OBS_LINES)
                if (f->data[k++] == '\n')
                    lines++;
            fixed_size[i] = k;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        init_fixed();
        ready = 1;
    }
    const char *parts[NFILES];
    size_t sizes[NFILES];
    int found = 0;
    for (size_t i = 0; i < NFILES; i++) {
        if (strcmp(names[i], CHISO_FUZZ_FILE) == 0) {
            parts[i] = (const char *)data;
            sizes[i] = size;
            found = 1;
        } else {
            parts[i] = fixed[i];
            sizes[i] = fixed_size[i];
        }
    }
    if (!found)
        abort();
    chiso_set_lang(CHISO_LANG_EN, NULL);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error e;
    if (d && chiso_dataset_load_mem("fuzz", NFILES, names, parts, sizes, NULL, d, &ds, &e) == CHISO_OK) {
        chiso_dataset_check(ds, d, &e);
        /* every diagnostic names a place in a file of the dataset */
        for (size_t i = 0; i < chiso_diags_count(d); i++) {
            const chiso_diag *g = chiso_diags_get(d, i);
            if (!g || !g->msg || g->line < 0 || g->col < 0)
                abort();
        }
        chiso_normalized *nm = NULL;
        if (chiso_normalize(ds, NULL, NULL, &nm, &e) == CHISO_OK) {
            chiso_comparison *c = NULL;
            if (chiso_analysis_compare(ds, nm, NULL, &c, &e) == CHISO_OK)
                free(chiso_comparison_to_json(c));
            chiso_comparison_free(c);
            chiso_attainment *a = NULL;
            if (chiso_analysis_attain(ds, nm, NULL, &a, &e) == CHISO_OK)
                free(chiso_attainment_to_json(a));
            chiso_attainment_free(a);
            free(chiso_normalized_to_csv(nm, ds));
            free(chiso_normalized_to_json(nm, ds));
        }
        chiso_normalized_free(nm);
    }
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return 0;
}

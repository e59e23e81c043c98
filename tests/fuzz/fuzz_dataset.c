/* Fuzz the dataset reader: the input is split into the dataset's files at 0x00 bytes (units, terms,
 * indicators, observations, targets, verdicts, rules), then loaded, checked and normalised. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chiso/analysis.h"
#include "chiso/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *names[] = {"units.csv",   "terms.csv",    "indicators.csv", "observations.csv",
                                  "targets.csv", "verdicts.csv", "rules.csv",
                                    "sources.csv"};
    const char *parts[7];
    size_t sizes[7];
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= size && n < 7; i++) {
        if (i == size || data[i] == 0) {
            parts[n] = (const char *)data + start;
            sizes[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    chiso_set_lang(CHISO_LANG_EN, NULL);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error e;
    if (d && chiso_dataset_load_mem("fuzz", n, names, parts, sizes, NULL, d, &ds, &e) == CHISO_OK) {
        chiso_dataset_check(ds, d, &e);
        /* the writers read no outside data: one input in four (by its length) goes through them */
        int write = (size & 3) == 0;
        chiso_normalized *nm = NULL;
        if (chiso_normalize(ds, NULL, NULL, &nm, &e) == CHISO_OK) {
            chiso_comparison *c = NULL;
            if (chiso_analysis_compare(ds, nm, NULL, &c, &e) == CHISO_OK && write) {
                char *j = chiso_comparison_to_json(c);
                free(j);
            }
            chiso_comparison_free(c);
            chiso_attainment *a = NULL;
            if (chiso_analysis_attain(ds, nm, NULL, &a, &e) == CHISO_OK && write) {
                char *j = chiso_attainment_to_json(a);
                free(j);
            }
            chiso_attainment_free(a);
            if (write)
                free(chiso_normalized_to_csv(nm, ds));
        }
        chiso_normalized_free(nm);
    }
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return 0;
}

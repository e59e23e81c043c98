/* Fuzz the rules expression parser and evaluator: the input is one rule's left side; the right side
 * and the figures are fixed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chiso/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char terms[] = "unit,term,start,end\nu,I,2000,2004\n";
    static const char obs[] = "unit,indicator,period_start,period_end,value\n"
                              "u,base_orgs,2001,2001,59\nu,base_orgs_committees,2001,2001,35\n"
                              "u,base_orgs_cells,2001,2001,trên 20\n";
    /* the expression as one CSV field: quotes doubled */
    char *rules = malloc(2 * size + 64);
    if (!rules)
        return 0;
    size_t o = (size_t)sprintf(rules, "left,op,right\n\"");
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '"')
            rules[o++] = '"';
        rules[o++] = (char)data[i];
    }
    o += (size_t)sprintf(rules + o, "\",<=,base_orgs\n");
    const char *names[] = {"terms.csv", "observations.csv", "rules.csv"};
    const char *parts[] = {terms, obs, rules};
    size_t sizes[] = {sizeof terms - 1, sizeof obs - 1, o};
    chiso_set_lang(CHISO_LANG_EN, NULL);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error e;
    if (d && chiso_dataset_load_mem("fuzz", 3, names, parts, sizes, NULL, d, &ds, &e) == CHISO_OK)
        chiso_dataset_check(ds, d, &e);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    free(rules);
    return 0;
}

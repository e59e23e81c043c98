/* Fuzz the value reader: any text, both measures, default and odd settings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "chiso/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    chiso_set_lang(CHISO_LANG_EN, NULL);
    for (int m = 0; m < 2; m++) {
        chiso_value v;
        chiso_error e;
        if (chiso_value_parse(s, (chiso_measure)m, NULL, &v, &e) == CHISO_OK) {
            /* a success is a real interval inside the measure's range */
            if (!(v.iv.lo <= v.iv.hi) || isnan(v.point) || v.iv.lo < 0 || (m == 1 && v.iv.hi > 100))
                abort();
        }
    }
    double d;
    chiso_error e;
    chiso_number_parse(s, &d, &e);
    free(s);
    return 0;
}

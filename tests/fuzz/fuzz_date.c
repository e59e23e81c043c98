/* Fuzz the date reader and the span in years. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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
    chiso_date a, b;
    chiso_error e;
    if (chiso_date_parse(s, 0, &a, &e) == CHISO_OK && chiso_date_parse(s, 1, &b, &e) == CHISO_OK) {
        if (b.day < a.day)
            abort();
        int y, m, d;
        chiso_civil_from_days(a.day, &y, &m, &d);
        if (chiso_days_from_civil(y, m, d) != a.day)
            abort();
        if (chiso_span_years(a.day, b.day) <= 0)
            abort();
    }
    free(s);
    return 0;
}

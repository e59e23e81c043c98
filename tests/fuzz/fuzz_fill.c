/* Fuzz the template reader of chiso fill: the first byte chooses what the rest is — a Markdown
 * template, the word/document.xml of a DOCX (packed here with libzip), or a whole DOCX file — filled
 * from the default dataset. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chiso/ingest.h"
#include "chiso/report.h"
#include "report/ooxml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static chiso_dataset *g_ds;
static chiso_filler *g_f;

static int setup(void)
{
    if (g_f)
        return 0;
    chiso_set_lang(CHISO_LANG_EN, NULL);
    chiso_load_opts lo;
    chiso_load_opts_default(&lo);
    lo.illustrative = 1;
    chiso_diags *d = chiso_diags_new();
    chiso_error e;
    if (!d || chiso_dataset_load_default(&lo, d, &g_ds, &e) != CHISO_OK) {
        chiso_diags_free(d);
        return -1;
    }
    chiso_diags_free(d);
    chiso_fill_opts fo;
    chiso_fill_opts_default(&fo);
    fo.illustrative = 1;
    return chiso_filler_new(g_ds, &fo, &g_f, &e) == CHISO_OK ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || setup() != 0)
        return 0;
    int mode = data[0] % 3;
    data++;
    size--;
    void *out = NULL, *docx = NULL;
    size_t n = 0, dn = 0;
    chiso_error e;
    chiso_diags *d = chiso_diags_new();
    if (mode == 0) {
        chiso_fill_mem(g_f, "fuzz.md", data, size, &out, &n, d, &e);
    } else if (mode == 1) {
        ooxml_zip *z = ooxml_zip_new();
        if (z && ooxml_zip_add(z, "word/document.xml", data, size, 0, &e) == CHISO_OK &&
            ooxml_zip_finish(z, &docx, &dn, &e) == CHISO_OK)
            chiso_fill_mem(g_f, "fuzz.docx", docx, dn, &out, &n, d, &e);
        else if (z)
            ooxml_zip_free(z);
    } else {
        /* a whole file: made to start as a ZIP does */
        uint8_t *f = malloc(size + 4);
        if (f) {
            memcpy(f, "PK\x03\x04", 4);
            memcpy(f + 4, data, size);
            chiso_fill_mem(g_f, "fuzz.docx", f, size + 4, &out, &n, d, &e);
            free(f);
        }
    }
    free(out);
    free(docx);
    chiso_diags_free(d);
    return 0;
}

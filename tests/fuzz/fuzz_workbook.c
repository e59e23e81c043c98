/* Fuzz the workbook reader (ingest/xlsxread.c through chiso_dataset_load_xlsx_mem).
 *
 * An input that starts as a ZIP package ("PK") is read as the whole .xlsx file: libzip's handling of a
 * damaged package and everything after it. Any other input is split at 0x00 bytes into the XML parts
 * of a workbook (the observations sheet, the shared strings, the styles, the terms sheet, workbook.xml);
 * a part not given is a valid one, and the package is built around them (stored, not compressed), so
 * that the fuzzer reaches the XML handlers without having to forge CRCs. The dataset read is then
 * checked and normalised. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "chiso/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"xl/worksheets/sheet2.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                                    "xl/worksheets/sheet1.xml", "xl/workbook.xml"};
static const char *const defaults[] = {
    "<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c>"
    "<c t=\"s\"><v>3</v></c><c t=\"s\"><v>4</v></c></row><row r=\"2\"><c t=\"inlineStr\"><is><t>d</t></is></c>"
    "<c t=\"inlineStr\"><is><t>members</t></is></c><c s=\"1\"><v>43830</v></c><c s=\"1\"><v>43830</v></c>"
    "<c><v>1247</v></c></row></sheetData></worksheet>",
    "<sst><si><t>unit</t></si><si><t>indicator</t></si><si><t>period_start</t></si><si><t>period_end</t></si>"
    "<si><t>value</t></si></sst>",
    "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts><cellXfs><xf numFmtId=\"0\"/>"
    "<xf numFmtId=\"164\"/><xf numFmtId=\"10\"/></cellXfs></styleSheet>",
    "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>unit</t></is></c><c t=\"inlineStr\"><is><t>term</t></is></c>"
    "<c t=\"inlineStr\"><is><t>start</t></is></c><c t=\"inlineStr\"><is><t>end</t></is></c></row><row>"
    "<c t=\"inlineStr\"><is><t>d</t></is></c><c t=\"inlineStr\"><is><t>V</t></is></c><c><v>2015</v></c>"
    "<c><v>2020</v></c></row></sheetData></worksheet>",
    "<workbook xmlns:r=\"r\"><sheets><sheet name=\"terms\" r:id=\"rId1\"/><sheet name=\"observations\" "
    "r:id=\"rId2\"/></sheets></workbook>"};
static const char rels[] =
    "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Target=\"worksheets/sheet2.xml\"/></Relationships>";

/* The package around the parts, in a new buffer (NULL when libzip fails). */
static void *build(const char *const *parts, const size_t *sizes, size_t *out_size)
{
    zip_error_t ze;
    zip_error_init(&ze);
    void *buf = NULL;
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        goto done;
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!z)
        goto done;
    for (size_t i = 0; i < 6; i++) {
        const char *name = i < 5 ? names[i] : "xl/_rels/workbook.xml.rels";
        const char *text = i < 5 ? parts[i] : rels;
        size_t len = i < 5 ? sizes[i] : strlen(rels);
        zip_source_t *s = zip_source_buffer(z, text, len, 0);
        zip_int64_t idx = s ? zip_file_add(z, name, s, 0) : -1;
        if (idx < 0) {
            zip_source_free(s);
            zip_discard(z);
            goto done;
        }
        zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (zip_close(z) != 0) {
        zip_discard(z);
        goto done;
    }
    if (zip_source_open(src) == 0) {
        zip_source_seek(src, 0, SEEK_END);
        zip_int64_t n = zip_source_tell(src);
        zip_source_seek(src, 0, SEEK_SET);
        if (n > 0 && (buf = malloc((size_t)n)) && zip_source_read(src, buf, (zip_uint64_t)n) == n) {
            *out_size = (size_t)n;
        } else {
            free(buf);
            buf = NULL;
        }
        zip_source_close(src);
    }
done:
    if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chiso_set_lang(CHISO_LANG_EN, NULL);
    void *book = NULL;
    size_t book_size = 0;
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        book_size = size;
    } else {
        const char *parts[5];
        size_t sizes[5], n = 0, start = 0;
        for (size_t i = 0; i <= size && n < 5; i++)
            if (i == size || data[i] == 0) {
                parts[n] = (const char *)data + start;
                sizes[n] = i - start;
                n++;
                start = i + 1;
            }
        for (size_t i = 0; i < 5; i++)
            if (i >= n || sizes[i] == 0) {
                parts[i] = defaults[i];
                sizes[i] = strlen(defaults[i]);
            }
        if (!(book = build(parts, sizes, &book_size)))
            return 0;
    }
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error e;
    if (d && chiso_dataset_load_xlsx_mem("fuzz.xlsx", book ? book : (const void *)data, book_size, NULL, d, &ds,
                                         &e) == CHISO_OK) {
        chiso_dataset_check(ds, d, &e);
        chiso_normalized *nm = NULL;
        if (chiso_normalize(ds, NULL, NULL, &nm, &e) == CHISO_OK) {
            char *csv = chiso_normalized_to_csv(nm, ds);
            free(csv);
        }
        chiso_normalized_free(nm);
    }
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        char place[1024];
        chiso_place_format(g->file, g->line, g->col, place, sizeof place);
    }
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    free(book);
    return 0;
}

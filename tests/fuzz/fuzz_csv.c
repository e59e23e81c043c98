/* Fuzz the streaming CSV reader: the first byte picks the encoding and the chunk size, the rest is
 * the file; every row must come out with fields inside the limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_row(void *ctx, const chiso_csv_row *row)
{
    size_t *count = ctx;
    if (row->nfields > CHISO_CSV_MAX_FIELDS)
        abort();
    for (size_t i = 0; i < row->nfields; i++)
        if (row->fields[i] && strlen(row->fields[i]) > row->lens[i])
            abort();
    long line, col;
    if (row->nfields)
        chiso_csv_field_pos(row, row->nfields - 1, &line, &col);
    (*count)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *enc[] = {NULL, "cp1258", "tcvn", NULL};
    size_t chunk = (size_t)(data[0] >> 2) + 1;
    const char *e = enc[data[0] & 3];
    data++;
    size--;
    size_t count = 0;
    chiso_error err;
    chiso_csv_reader *r = chiso_csv_reader_new("fuzz.csv", e, on_row, &count, &err);
    if (!r)
        return 0;
    chiso_status st = CHISO_OK;
    for (size_t off = 0; off < size && st == CHISO_OK; off += chunk)
        st = chiso_csv_feed(r, data + off, size - off < chunk ? size - off : chunk, &err);
    if (st == CHISO_OK)
        chiso_csv_finish(r, &err);
    chiso_csv_reader_free(r);
    return 0;
}

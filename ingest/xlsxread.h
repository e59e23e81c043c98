/* ingest/xlsxread.h — reading the sheets of an Excel workbook (.xlsx) as rows of text (internal to the
 * library, used by the dataset reader, tests and fuzz targets).
 *
 * The package is opened with libzip, its XML parts are parsed with expat as a stream. Every cell comes
 * out as the text a person sees in it: a shared or inline string as written, a number in a form the
 * value reader takes without ambiguity (1247, 64.5, 1.2470 for 1.247), a number with a percent style as
 * "64.5%", a number with a date style as YYYY-MM-DD, a boolean as TRUE/FALSE, an error as Excel writes it
 * (#N/A). Rows come out through the CSV reader's callback (chiso_csv_row with cells = 1): line is the
 * row of the sheet, field i is the cell of column i + 1, so chiso_csv_field_pos gives row and column.
 *
 * Limits (datasets/FORMAT.md): the file at most CHISO_XLSX_MAX_FILE bytes, one part of it at most
 * CHISO_XLSX_MAX_PART bytes once decompressed and all parts read together CHISO_XLSX_MAX_TOTAL (counted as
 * they are decompressed, whatever the archive claims: a ZIP bomb stops there), a cell the same
 * CHISO_CSV_MAX_FIELD bytes as a CSV field, CHISO_CSV_MAX_FIELDS columns with values. The workbook is
 * only ever read. */
#ifndef CHISO_XLSXREAD_H
#define CHISO_XLSXREAD_H

#include <stddef.h>
#include "chiso/common.h"
#include "ingest/csvread.h"

#define CHISO_XLSX_MAX_FILE  (64u << 20)  /* bytes of the .xlsx file */
#define CHISO_XLSX_MAX_PART  (128u << 20) /* bytes of one XML part, decompressed */
#define CHISO_XLSX_MAX_TOTAL (512u << 20) /* bytes of all the parts read, decompressed */

typedef struct chiso_xlsx chiso_xlsx;

/* Open the workbook at path (read-only; a folder, a pipe or a device is refused) or held in memory
 * (data is copied). name is how messages call it. Reads the list of sheets, the shared strings and the
 * number styles. Returns CHISO_OK and *out, or CHISO_EIO (cannot be read; not a ZIP archive; a ZIP that
 * is not an Excel workbook; a part that is corrupt), CHISO_ELIMIT (beyond a limit), CHISO_EPARSE
 * (malformed XML in a part) or CHISO_ENOMEM, with err naming the file and the part. */
chiso_status chiso_xlsx_open(const char *path, const char *name, chiso_xlsx **out, chiso_error *err);
chiso_status chiso_xlsx_open_mem(const void *data, size_t size, const char *name, chiso_xlsx **out,
                                 chiso_error *err);
void chiso_xlsx_free(chiso_xlsx *x);

/* The sheets in workbook order, by name; the index of a name (compared without regard to case and
 * the spaces around it) or -1. */
size_t chiso_xlsx_sheet_count(const chiso_xlsx *x);
const char *chiso_xlsx_sheet_name(const chiso_xlsx *x, size_t i);
long chiso_xlsx_find_sheet(const chiso_xlsx *x, const char *name);

/* Read sheet i: empty rows are skipped; the first row with a value has index 0 (the header). name is
 * how messages call the sheet ("so-lieu.xlsx:observations!"). Returns CHISO_OK (also when cb stopped
 * the reading), or CHISO_EPARSE / CHISO_ELIMIT / CHISO_EIO / CHISO_ENOMEM with err naming the sheet and
 * the cell (line = row, col = column) where it happened. */
chiso_status chiso_xlsx_read_sheet(chiso_xlsx *x, size_t i, const char *name, chiso_csv_row_cb cb,
                                   void *ctx, chiso_error *err);

/* Tests only: lower the part and total limits (0 restores the default) so that a ZIP bomb can be built
 * small. Not thread-safe. */
void chiso_xlsx_set_limits(size_t part, size_t total);

/* Column letters of a 1-based column (1 → "A", 27 → "AA") into buf (at least 4 bytes). */
char *chiso_xlsx_col_name(long col, char *buf, size_t size);

#endif

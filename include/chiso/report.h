/*
 * chiso/report.h — tables and reports for planning documents.
 *
 * A chiso_table holds text cells (already formatted in the reader's language) with per-column
 * alignment, and writes itself as aligned text for a terminal, Markdown or CSV. The report writer
 * (chiso_report_write) produces report.md, report.html, report.xlsx, tables/ and charts/.
 */
#ifndef CHISO_REPORT_H
#define CHISO_REPORT_H

#include "chiso/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct chiso_table chiso_table;

typedef enum chiso_align { CHISO_ALIGN_LEFT = 0, CHISO_ALIGN_RIGHT = 1 } chiso_align;

/* A table of ncols columns with the given header cells (copied). NULL when out of memory. */
chiso_table *chiso_table_new(size_t ncols, const char *const *header);
void chiso_table_free(chiso_table *t);
void chiso_table_set_align(chiso_table *t, size_t col, chiso_align a);
/* Add a row of ncols cells (copied; NULL cells are empty). Returns CHISO_OK or CHISO_ENOMEM. */
chiso_status chiso_table_add_row(chiso_table *t, const char *const *cells);
size_t chiso_table_rows(const chiso_table *t);
size_t chiso_table_cols(const chiso_table *t);
const char *chiso_table_cell(const chiso_table *t, size_t row, size_t col); /* row 0 = first data row */
const char *chiso_table_header(const chiso_table *t, size_t col);

/* New strings the caller frees (NULL when out of memory). Text: columns padded to their width in
 * characters, at most max_width characters per cell (longer cells are wrapped on spaces). */
char *chiso_table_to_text(const chiso_table *t, size_t max_width);
char *chiso_table_to_markdown(const chiso_table *t);
char *chiso_table_to_csv(const chiso_table *t);

#ifdef __cplusplus
}
#endif
#endif

/* ingest/workbook.h — the sheets of a dataset workbook and their columns (internal): what `chiso
 * template` writes and what the dataset reader takes from an .xlsx. The columns are those of the schema
 * (ingest/schema.c), so that the headers, notes and drop-down lists the template offers are the ones the
 * reader knows. */
#ifndef CHISO_WORKBOOK_H
#define CHISO_WORKBOOK_H

#include <stddef.h>
#include "chiso/common.h"
#include "ingest/csvread.h"
#include "ingest/schema.h"

/* A sheet is a file kind of the schema (ingest/schema.h): its sheet, file, about and columns. */
typedef ds_kind wb_sheet;

/* The sheets in the order of the template (units, terms, indicators, observations, targets,
 * illustrative-targets, verdicts, rules). */
const wb_sheet *chiso_wb_sheets(size_t *n);
/* The sheet for a dataset file name ("observations.csv"), or NULL. */
const wb_sheet *chiso_wb_sheet_of_file(const char *file);
/* The columns a workbook sheet has: the first ones of its kind's table, those with a label (every
 * column of a kind with a sheet has one: test_schema checks it). */
size_t chiso_wb_ncols(const wb_sheet *sh);

/* The column code a header cell of sheet names: the code itself, its English label or its Vietnamese
 * label (case and spaces around ignored); NULL when none. */
const char *chiso_wb_header_code(const wb_sheet *sh, const char *header);

/* The values of a closed list (bases, operators, …), NULL-terminated; NULL for the lists whose values
 * come from the data (units, terms, indicators, ratings, schemes). */
const char *const *chiso_wb_list_values(wb_list l);

/* Names of the template's own sheets that hold no data (instructions, lists): the reader skips them. */
int chiso_wb_is_helper_sheet(const char *name);

/* A callback of chiso_wb_walk_rows: one row of file ("observations.csv"). */
typedef int (*chiso_wb_row_cb)(void *ctx, const char *file, const chiso_csv_row *row);
/* Every row of every file of the dataset at path, as written: a folder of CSV files (encoding as
 * chiso_load_opts), an .xlsx workbook, or NULL for the embedded default dataset. For each file of
 * chiso_wb_sheets() that is present, cb gets its rows in order, the header first (row->index 0), with
 * file = "observations.csv"; cb returns non-zero to stop. Returns CHISO_OK or the reader's failure with
 * err filled. (`chiso template DATASET` copies a dataset into a workbook through it.) */
chiso_status chiso_wb_walk_rows(const char *path, const char *encoding, chiso_wb_row_cb cb, void *ctx,
                                chiso_error *err);

#define CHISO_WB_GUIDE_SHEET "huong-dan"
#define CHISO_WB_LISTS_SHEET "danh-muc"

#endif

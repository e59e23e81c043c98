/* ingest/workbook.h — the sheets of a dataset workbook and their columns (internal): what `chiso
 * template` writes and what the dataset reader takes from an .xlsx. One table, so that the headers,
 * notes and drop-down lists the template offers are the ones the reader knows. */
#ifndef CHISO_WORKBOOK_H
#define CHISO_WORKBOOK_H

#include <stddef.h>
#include "chiso/common.h"

/* The drop-down list a column offers. */
typedef enum wb_list {
    WB_L_NONE = 0, WB_L_UNIT, WB_L_TERM, WB_L_INDICATOR, WB_L_BASIS_OBS, WB_L_BASIS_TARGET,
    WB_L_OP_TARGET, WB_L_OP_RULE, WB_L_RATING, WB_L_SCHEME, WB_L_SHARE_BASE, WB_L_VERDICT,
    WB_L_CATEGORY, WB_L_MEASURE, WB_L_KIND, WB_L_DIRECTION, WB_L_SEVERITY, WB_L_MISSING,
    WB_L_RELATIVE, WB_L_COUNT
} wb_list;

typedef struct wb_column {
    const char *code;   /* the CSV column name ("period_start") */
    const char *label;  /* header in English (msgid; its Vietnamese translation is the template's) */
    const char *note;   /* the cell comment of the header (msgid) */
    int required;
    wb_list list;
    double width;       /* column width in characters */
} wb_column;

typedef struct wb_sheet {
    const char *sheet;  /* sheet name = file name without ".csv" ("observations") */
    const char *file;   /* "observations.csv" */
    const char *about;  /* one line on what a row is (msgid), for the instructions sheet */
    const wb_column *cols;
} wb_sheet;

/* The sheets in the order of the template (units, terms, indicators, observations, targets,
 * illustrative-targets, verdicts, rules). */
const wb_sheet *chiso_wb_sheets(size_t *n);
/* The sheet for a dataset file name ("observations.csv"), or NULL. */
const wb_sheet *chiso_wb_sheet_of_file(const char *file);

/* The column code a header cell of sheet names: the code itself, its English label or its Vietnamese
 * label (case and spaces around ignored); NULL when none. */
const char *chiso_wb_header_code(const wb_sheet *sh, const char *header);

/* The values of a closed list (bases, operators, …), NULL-terminated; NULL for the lists whose values
 * come from the data (units, terms, indicators, ratings, schemes). */
const char *const *chiso_wb_list_values(wb_list l);

/* Names of the template's own sheets that hold no data (instructions, lists): the reader skips them. */
int chiso_wb_is_helper_sheet(const char *name);
/* Every row of every file of the dataset at path, as written: a folder of CSV files (encoding as
 * chiso_load_opts), an .xlsx workbook, or NULL for the embedded default dataset. For each file of
 * chiso_wb_sheets() that is present, cb gets its rows in order, the header first (row->index 0), with
 * file = "observations.csv"; cb returns non-zero to stop. Returns CHISO_OK or the reader's failure with
 * err filled. (`chiso template DATASET` copies a dataset into a workbook through it.) */
#include "ingest/csvread.h"
typedef int (*chiso_wb_row_cb)(void *ctx, const char *file, const chiso_csv_row *row);
chiso_status chiso_wb_walk_rows(const char *path, const char *encoding, chiso_wb_row_cb cb, void *ctx,
                                chiso_error *err);

#define CHISO_WB_GUIDE_SHEET "huong-dan"
#define CHISO_WB_LISTS_SHEET "danh-muc"

#endif

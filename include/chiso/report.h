/*
 * chiso/report.h — tables and reports for planning documents.
 *
 * A chiso_table holds text cells (already formatted in the reader's language) with per-column
 * alignment, and writes itself as aligned text for a terminal, Markdown or CSV. The report writer
 * (chiso_report_write) produces report.md, report.html, report.xlsx, tables/ and charts/.
 */
#ifndef CHISO_REPORT_H
#define CHISO_REPORT_H

#include <stdint.h>
#include "chiso/common.h"
#include "chiso/ingest.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct chiso_table chiso_table;

typedef enum chiso_align { CHISO_ALIGN_LEFT = 0, CHISO_ALIGN_RIGHT = 1 } chiso_align;

/* A table of ncols columns with the given header cells (copied). NULL when out of memory. */
CHISO_API chiso_table *chiso_table_new(size_t ncols, const char *const *header);
CHISO_API void chiso_table_free(chiso_table *t);
CHISO_API void chiso_table_set_align(chiso_table *t, size_t col, chiso_align a);
/* The alignment of a column (CHISO_ALIGN_LEFT for a column that does not exist). */
CHISO_API chiso_align chiso_table_get_align(const chiso_table *t, size_t col);
/* Add a row of ncols cells (copied; NULL cells are empty). Returns CHISO_OK or CHISO_ENOMEM. */
CHISO_API chiso_status chiso_table_add_row(chiso_table *t, const char *const *cells);
CHISO_API size_t chiso_table_rows(const chiso_table *t);
CHISO_API size_t chiso_table_cols(const chiso_table *t);
CHISO_API const char *chiso_table_cell(const chiso_table *t, size_t row, size_t col); /* row 0 = first data row */
CHISO_API const char *chiso_table_header(const chiso_table *t, size_t col);

/* Give a cell a number besides its text: spreadsheets get the number with a number format of
 * `decimals` digits (a per cent format when percent is set: v is then 64.5 for 64,5%), CSV gets it
 * written plainly. Returns CHISO_EINVAL for a cell that does not exist. */
CHISO_API chiso_status chiso_table_set_number(chiso_table *t, size_t row, size_t col, double v, int decimals,
                                              int percent);
/* 1 and the number when the cell has one. */
CHISO_API int chiso_table_number(const chiso_table *t, size_t row, size_t col, double *v, int *decimals,
                                 int *percent);

/* Where a column is written. Documents (text, Markdown, HTML, DOCX) show words; data (CSV, XLSX) holds
 * plain numbers that a spreadsheet can add up, so an interval "trên 4.000" there is two columns of
 * bounds. CHISO_COL_BOTH: everywhere (the default). CHISO_COL_DOC: documents only. CHISO_COL_DATA: data
 * only. CHISO_COL_DATA_NUMERIC: everywhere, but in data only the cells that have a number (the others
 * are left empty: their bounds are in CHISO_COL_DATA columns beside). */
typedef enum chiso_col_role {
    CHISO_COL_BOTH = 0, CHISO_COL_DOC, CHISO_COL_DATA, CHISO_COL_DATA_NUMERIC
} chiso_col_role;
/* Set, and read, where column col is written (CHISO_COL_BOTH for a new table). A column out of range
 * (or a NULL table) is ignored when set and reads as CHISO_COL_BOTH. */
CHISO_API void chiso_table_set_role(chiso_table *t, size_t col, chiso_col_role role);
CHISO_API chiso_col_role chiso_table_role(const chiso_table *t, size_t col);
/* 1 when column col is written in documents (for_data = 0) or in data files (for_data = 1). */
CHISO_API int chiso_table_col_shown(const chiso_table *t, size_t col, int for_data);
/* A new table of the document columns of t (cells, numbers, alignment), or NULL when every column is a
 * document column (use t itself), none is, or out of memory. The caller frees it. */
CHISO_API chiso_table *chiso_table_doc_view(const chiso_table *t);

/* New strings the caller frees (NULL when out of memory). Text: columns padded to their width in
 * characters, at most max_width characters per cell (longer cells are wrapped on spaces). */
CHISO_API char *chiso_table_to_text(const chiso_table *t, size_t max_width);
/* The same rows for a narrow terminal, one block per row: the first column's cell as its heading,
 * then "  header: cell" for every other column that has something (empty cells left out), each
 * wrapped on spaces to at most width characters (next lines indented by four); a blank line between
 * rows. New string the caller frees; NULL when t is NULL or out of memory. */
CHISO_API char *chiso_table_to_records(const chiso_table *t, size_t width);
CHISO_API char *chiso_table_to_markdown(const chiso_table *t); /* the document columns */
CHISO_API char *chiso_table_to_csv(const chiso_table *t);      /* the data columns */

/* ---- the report ------------------------------------------------------------------------------- */

struct chiso_dataset;

typedef struct chiso_report_opts {
    const char *formats;   /* comma-separated subset of "md,html,xlsx,csv"; NULL: all of them */
    int force;             /* kept for old callers; it changes nothing: a folder is replaced only when chiso
                              wrote it and it holds nothing else, whatever this says */
    int has_as_of;
    int32_t as_of;         /* the date the report is made for (default: the latest figure) */
    const char *units;     /* comma-separated unit codes the report is about; NULL: the top units (those
                              without a parent) */
    int depth;             /* levels of units below them that get their own section (default 1: their
                              direct members; 0: none; negative: every level) */
    /* called with the final path of every file written, after the folder is in place */
    void (*on_file)(void *ctx, const char *path);
    /* called while the report is made: step done of total */
    void (*on_progress)(void *ctx, size_t done, size_t total);
    void *ctx;
} chiso_report_opts;

/* Fill o with the defaults above (every field 0 or NULL but depth = 1). */
CHISO_API void chiso_report_opts_default(chiso_report_opts *o);

/* Write the report of dataset ds into folder dir: report.md, report.html, report.xlsx, tables/ (CSV),
 * charts/ (PNG and SVG) (as opts->formats asks). Everything is made in a temporary folder beside dir
 * and moved into place at the end, so a failed run leaves dir as it was; dir may end in '/'. The
 * folder is marked (.chiso-output lists its files), and an existing dir is replaced only when it is
 * such a folder holding nothing else. Returns CHISO_OK, CHISO_EINVAL (dir is a file, or exists, is not
 * empty and is not a folder chiso wrote, or holds a file chiso did not write; dir is the dataset's
 * folder, inside it or holds it; an unknown format; an unknown unit in opts->units), CHISO_EIO,
 * CHISO_ENOMEM. Charts that cannot be drawn are left out with a note in
 * the report. The language is the current one (chiso_set_lang). */
CHISO_API chiso_status chiso_report_write(const struct chiso_dataset *ds, const chiso_report_opts *opts,
                                          const char *dir, chiso_error *err);

/* ---- the plan for the next term (report/plan.c) ---- */

struct chiso_plan;

/* One row per indicator of a plan (chiso_analysis_plan), in the current language: the likely value with
 * its 80% and 95% intervals, the candidate targets with the probability of reaching each ("≥ 900: 85%"),
 * what it rests on, notes and (with_sources) the sources of the figures. NULL when out of memory; free
 * with chiso_table_free. */
CHISO_API chiso_table *chiso_plan_table(const struct chiso_dataset *ds, const struct chiso_plan *p,
                                        int with_sources);
/* The planned period in words ("term VII, 2025-08-01 to 2030-07-31 (5 years)"); new string, caller frees. */
CHISO_API char *chiso_plan_period_text(const struct chiso_plan *p);
/* The whole plan as text for a terminal: period, table, and how to read it; new string, caller frees. */
CHISO_API char *chiso_plan_text(const struct chiso_dataset *ds, const struct chiso_plan *p);

/* ---- the workbook for typing a dataset (chiso template) ---------------------------------------- */

/* Write to path an Excel workbook for office staff to type a dataset in: a sheet per file of a dataset
 * (units, terms, indicators, observations, targets, illustrative-targets, verdicts, rules) with
 * headers in the current language (Vietnamese labels, or the column codes in English) and a note on
 * each, every data column formatted as text, drop-down lists (units, terms, indicator codes, rating
 * schemes, bases, operators, verdicts, the rating labels of the scheme on the row) and a sheet of
 * instructions. ds gives the lists of indicators and rating labels (a dataset loaded from nothing gives
 * the built-in ones). With prefill, the rows of the dataset at `dataset` (a folder, an .xlsx, or NULL for
 * the embedded default) are copied as written (CSV files in encoding, NULL for UTF-8, as
 * chiso_load_opts), each on the row of its line in its CSV file. chiso reads
 * the workbook back with chiso_dataset_open. Written to a temporary file beside path and renamed into
 * place; a pipe or a device is refused (CHISO_EINVAL), as is a folder. Returns CHISO_OK, CHISO_EINVAL,
 * CHISO_EIO, CHISO_ENOMEM, or the reader's failure of the dataset copied. */
CHISO_API chiso_status chiso_template_write(const char *path, const char *dataset, int prefill,
                                            const char *encoding, const struct chiso_dataset *ds,
                                            chiso_error *err);

/* The basis of a target in words of the current language ("over the whole term", "on average each
 * year", "every year", "at the end of the term"): what a table shows instead of the code of
 * chiso_basis_name. A static string; "" for an unknown basis. */
CHISO_API const char *chiso_basis_words(chiso_basis b);
/* When target t is to be met, in words of the current language, judged on basis: the basis words
 * above for a target of the whole term; for a target of a year or span inside the term the period
 * ("in 2017", "at the end of 2018", "over 2016–2018", "on 2018-06-30"; Vietnamese "trong năm 2017",
 * "cuối năm 2018", …). A new string the caller frees; NULL when out of memory. */
CHISO_API char *chiso_target_when_words(const chiso_target_info *t, chiso_basis basis);

/* ---- filling a committee's own draft ---------------------------------------------------------- */

/* A filler answers placeholders ({{admitted.VI.value}}, docs/fill.md) from one dataset: the figures of
 * its terms, their changes, trends and targets, in the current language (chiso_set_lang). */
typedef struct chiso_filler chiso_filler;

typedef struct chiso_fill_opts {
    const char *unit;      /* the unit of placeholders without UNIT/ (code); NULL: the first top unit */
    int has_as_of;
    int32_t as_of;         /* the date the figures are judged at (default: the latest figure) */
    int illustrative;      /* the illustrative targets too (the dataset must have been loaded with them) */
} chiso_fill_opts;

/* Fill o with the defaults above (every field 0 or NULL). */
CHISO_API void chiso_fill_opts_default(chiso_fill_opts *o);
/* A filler for ds (which must outlive it). Returns CHISO_OK and *out (free with chiso_filler_free),
 * CHISO_ENOTFOUND (an unknown opts->unit), CHISO_ENOMEM, or the status of the analysis. */
CHISO_API chiso_status chiso_filler_new(const struct chiso_dataset *ds, const chiso_fill_opts *opts,
                                        chiso_filler **out, chiso_error *err);
CHISO_API void chiso_filler_free(chiso_filler *f);
/* The text of one placeholder name (what stands between {{ and }}): *out is a new string the caller
 * frees. CHISO_ENOTFOUND when the name cannot be filled (err says why and what to write instead). */
CHISO_API chiso_status chiso_filler_value(const chiso_filler *f, const char *name, char **out,
                                          chiso_error *err);
/* Fill a template held in memory: a DOCX (a ZIP, told by its first bytes) or text (Markdown). name
 * names it in messages. *out (the caller frees) and *out_n receive the filled document; a DOCX keeps
 * every part but the text parts byte for byte. When any placeholder cannot be filled nothing is
 * returned: CHISO_ENOTFOUND, err the first place (Markdown: line and column; DOCX: the part and
 * paragraph number), every place in diags when given. CHISO_EPARSE for a DOCX that cannot be read,
 * CHISO_ELIMIT for a template over 64 MB, CHISO_ENOMEM. */
CHISO_API chiso_status chiso_fill_mem(const chiso_filler *f, const char *name, const void *data, size_t n,
                                      void **out, size_t *out_n, chiso_diags *diags, chiso_error *err);
/* Fill the file in (opened read-only) into out, written atomically; nothing is written on any error.
 * CHISO_EINVAL when out is in itself; otherwise as chiso_fill_mem, or CHISO_EIO. */
CHISO_API chiso_status chiso_fill_file(const chiso_filler *f, const char *in, const char *out,
                                       chiso_diags *diags, chiso_error *err);

#ifdef __cplusplus
}
#endif
#endif

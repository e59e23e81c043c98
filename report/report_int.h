/* report/report_int.h — what the files of `chiso report` (report*.c) share (never installed).
 *
 *   report.c          the whole report: the units it is about, the analysis, the order of the sections,
 *                     the documents written and moved into place
 *   report_files.c    what a section writes: files of the report, tables (CSV and document), charts
 *   report_words.c    units, indicators and dates as the sections name them
 *   report_terms.c    the groups of indicators and each unit's term-over-term tables and sentences
 *   report_targets.c  the congress targets, what the reports themselves say, the next term's targets
 *   report_summary.c  the summary of the latest term, the data quality and the sources
 *   report_units.c    a report of many units: the ranking, the laggards, each unit's own file
 */
#ifndef CHISO_REPORT_INT_H
#define CHISO_REPORT_INT_H

#include "chiso/analysis.h"
#include "chiso/ingest.h"
#include "chiso/plots.h"
#include "report/doc.h"
#include "report/phrase.h"

/* ---- context ----------------------------------------------------------------------------------- */

typedef struct rctx {
    const chiso_dataset *ds;
    const chiso_report_opts *opts;
    chiso_normalized *norm;
    chiso_comparison *cmp;
    chiso_attainment *att;
    chiso_diags *diags;
    chiso_lang lang;
    char *tmp;             /* the folder being written */
    const char *dir;       /* the folder it becomes (named in errors) */
    chiso_status chart_io; /* a chart could not be written (a full disk): the report fails */
    chiso_error chart_err;
    int want_md, want_html, want_xlsx, want_csv, want_docx;
    doc d;
    char **files;          /* relative paths written */
    size_t n_files, cap_files;
    size_t step, steps;
    int charts_failed;
    int many;              /* more unit sections than a document can hold: summarise and rank */
    int no_charts;         /* a unit's own file of a many-unit report: tables, no charts */
    size_t *ulo, *uhi;     /* comparison rows of unit u lie in [ulo[u], uhi[u]) */
    chiso_table *combined[6]; /* many units: each group's rows of all the other units (data only) */
    chiso_error *err;
} rctx;

typedef struct cat_group {
    const char *title;
    const char *slug;
    int cats[3];
} cat_group;

/* report_files.c */
void progress(rctx *c);
int note_file(rctx *c, const char *rel);
chiso_status write_rel(rctx *c, const char *rel, const char *text);
void add_chart(rctx *c, const char *name, const char *title, chiso_chart_opts *co);
chiso_status emit_table(rctx *c, const char *name, const char *title, chiso_table *t);
chiso_status emit_long_table(rctx *c, const char *name, const char *title, chiso_table *t, size_t max);
void iv_numbers(chiso_table *t, size_t row, size_t col, chiso_interval iv, int dec, int pct);

/* report_words.c */
const char *ind_label(const chiso_dataset *ds, long ind);
const char *unit_label(const chiso_dataset *ds, long u);
const char *report_date(int32_t day, char *buf, size_t size);
char *who_str(const chiso_dataset *ds, const char *unit_code, const char *term_label);

/* report_terms.c: the groups of indicators, one section (and table) each */
extern const cat_group groups[6];
size_t category_section(rctx *c, long unit, const cat_group *g, chiso_status *st);

/* report_targets.c */
chiso_status attain_section(rctx *c);
chiso_status verdicts_section(rctx *c);
chiso_status plan_section(rctx *c, const char *unit);

/* report_summary.c */
void summary_section(rctx *c, long unit);
chiso_status quality_section(rctx *c);
chiso_status sources_section(rctx *c);

/* report_units.c */
chiso_status units_section(rctx *c, const unsigned char *sel);
chiso_status emit_combined(rctx *c);
chiso_status unit_file(rctx *c, size_t u);

#endif

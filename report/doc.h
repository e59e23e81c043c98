/* report/doc.h — a small document model (headings, paragraphs, tables, charts) written as Markdown,
 * HTML, XLSX and DOCX by the report writer (internal). */
#ifndef CHISO_REPORT_DOC_H
#define CHISO_REPORT_DOC_H

#include "chiso/report.h"
#include "ingest/util.h"

typedef enum block_kind { B_H1, B_H2, B_H3, B_P, B_NOTE, B_TABLE, B_CHART, B_ITEM } block_kind;

typedef struct block {
    block_kind kind;
    char *text;          /* headings, paragraphs, list items, table/chart titles */
    chiso_table *table;  /* B_TABLE (owned) */
    char *name;          /* B_TABLE: file/sheet name; B_CHART: file base name */
    char *svg;           /* B_CHART: the SVG text to inline in HTML (owned), or NULL */
    int has_png;
    int data_only;       /* B_TABLE: only in the workbook (and its CSV), not in the md or html documents */
    int doc_only;        /* B_TABLE: only in the documents (the head of a long table whose whole is data) */
} block;

typedef struct doc {
    block *blocks;
    size_t n, cap;
    int oom;
    const char *prefix;  /* prepended to the links to tables/ and charts/ ("../" for a file in units/) */
    int big;             /* a big workbook: written in constant memory (inline strings) */
} doc;

void doc_init(doc *d);
void doc_free(doc *d);
void doc_text(doc *d, block_kind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Takes ownership of the table. */
void doc_table(doc *d, const char *name, const char *title, chiso_table *t);
/* The same for a table of the workbook only (a long list the document summarises). */
void doc_table_data(doc *d, const char *name, const char *title, chiso_table *t);
/* Takes ownership of svg. */
void doc_chart(doc *d, const char *name, const char *title, char *svg, int has_png);

char *doc_to_markdown(const doc *d);
char *doc_to_html(const doc *d, const char *lang_code, const char *title);
/* Write the tables as sheets of an XLSX workbook at path. */
chiso_status doc_to_xlsx(const doc *d, const char *path, chiso_error *err);
/* The document as a Word file (report/docx.c): *data (the caller frees) and its size n. The charts'
 * PNGs are read from charts_dir/NAME.png; lang_code is "vi" or "en"; title goes to the properties. */
chiso_status doc_to_docx_bytes(const doc *d, const char *charts_dir, const char *lang_code, const char *title,
                               void **data, size_t *n, chiso_error *err);
/* The same written to path atomically (chiso_write_file_atomic). */
chiso_status doc_to_docx(const doc *d, const char *path, const char *charts_dir, const char *lang_code,
                         const char *title, chiso_error *err);

#endif

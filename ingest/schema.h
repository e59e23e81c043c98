/* ingest/schema.h — the file kinds of a dataset and their columns, as ONE table (internal; see
 * datasets/FORMAT.md). The dataset reader walks it (header, required columns, cleaning, parsing), the
 * workbook reader takes its labels from it and `chiso template` writes its sheets, notes and drop-down
 * lists from it. Adding a column is a row here and a field in the kind's row struct below; adding a file
 * kind is a row of ds_kinds (ingest/schema.c) and a check (ingest/ds_check*.c). */
#ifndef CHISO_SCHEMA_H
#define CHISO_SCHEMA_H

#include <stddef.h>
#include "chiso/common.h"

/* The drop-down list a workbook column offers. */
typedef enum wb_list {
    WB_L_NONE = 0, WB_L_UNIT, WB_L_TERM, WB_L_INDICATOR, WB_L_BASIS_OBS, WB_L_BASIS_TARGET,
    WB_L_OP_TARGET, WB_L_OP_RULE, WB_L_RATING, WB_L_SCHEME, WB_L_SHARE_BASE, WB_L_VERDICT,
    WB_L_CATEGORY, WB_L_MEASURE, WB_L_KIND, WB_L_DIRECTION, WB_L_SEVERITY, WB_L_MISSING,
    WB_L_RELATIVE, WB_L_YESNO, WB_L_TARGET_ID, WB_L_COUNT
} wb_list;

/* What a column holds: how the reader parses it before the kind's check sees the row. */
typedef enum ds_coltype {
    DS_TEXT,        /* free text (a name, a note, a source) */
    DS_KEY,         /* the code this row defines: letters, digits, '-', '_' or '.' (checked by the kind) */
    DS_UNIT,        /* the code of a unit */
    DS_TERM,        /* the code of a term of the row's unit */
    DS_INDICATOR,   /* the code of an indicator */
    DS_DATE_START,  /* a day, month or year, read as its first day */
    DS_DATE_END,    /* read as its last day */
    DS_PERIOD,      /* a year or span inside a term ("2022", "2021..2023") */
    DS_VALUE,       /* a figure as written ("trên 90%"), measured by the row's indicator */
    DS_NUMBER,      /* a plain number, a range a..b or a per cent */
    DS_ENUM,        /* one word of a closed list (words: the reader parses it; NULL: the kind's check, as
                     * for an operator or a base of relative_to) */
    DS_RATING,      /* a rating label of the crosswalk */
    DS_SCHEME,      /* a rating scheme code */
    DS_EXPR,        /* an expression over indicator codes (rules) */
    DS_SOURCE,      /* where a figure comes from: the file, */
    DS_LOCATOR,     /* the place in it, */
    DS_QUOTE        /* and the words (a row without them is warned about where the kind asks for it) */
} ds_coltype;

/* A closed list of words (DS_ENUM): what each word means and what the reader says of another one. */
typedef struct ds_enum {
    const char *const *words; /* NULL-terminated; case is ignored */
    const int *values;        /* the value of each word; NULL: its index */
    int if_empty;             /* the value of an empty cell; DS_ENUM_NOT_EMPTY: an empty cell is unknown ('') */
    const char *code;         /* the diagnostic of an unknown word, */
    const char *msg;          /* its message (msgid): %s the word as written, then msg_arg */
    const char *msg_arg;
    const char *warn_code;    /* non-NULL: a word typed without its Vietnamese accents is read, with this */
    const char *warn_msg;     /* warning (msgid: %s the word as written, %s as read) */
} ds_enum;
#define DS_ENUM_NOT_EMPTY (-1000)

typedef struct ds_column {
    const char *code;   /* the CSV column name ("period_start") */
    int required;       /* the header must have it */
    ds_coltype type;
    size_t field;       /* offsetof the column's text (const char *, NULL when empty) in its kind's row */
    const char *label;  /* workbook header in English (msgid; its Vietnamese translation is the
                         * template's); every column of a kind with a sheet has one (test_schema),
                         * so that `chiso template DATASET` carries every value the reader reads;
                         * NULL only in a registry's own table */
    const char *note;   /* the cell comment of the workbook header (msgid) */
    wb_list list;       /* the workbook's drop-down list (and, for a closed one, the words it takes) */
    double width;       /* workbook column width in characters */
    const ds_enum *words; /* DS_ENUM: its closed list */
} ds_column;

/* The columns of a workbook sheet are those of the file; the name is older. */
typedef ds_column wb_column;

/* The file kinds. */
typedef enum ds_kind_id {
    DS_K_REG_IND, DS_K_REG_RATINGS, DS_K_UNITS, DS_K_TERMS, DS_K_INDICATORS, DS_K_OBS, DS_K_TARGETS,
    DS_K_ILLUS, DS_K_VERDICTS, DS_K_RULES, DS_K_SOURCES
} ds_kind_id;

/* what a kind's rows are */
enum {
    DS_KF_REGISTRY = 1,      /* a built-in registry (datasets/registry/), always UTF-8, read once */
    DS_KF_REQUIRED = 2,      /* a dataset must have the file */
    DS_KF_ILLUSTRATIVE = 4,  /* read only on request (--illustrative) */
    DS_KF_SOURCES = 8        /* a row without source, locator and quote is warned about */
};

typedef struct ds_kind {
    ds_kind_id id;
    const char *file;        /* "observations.csv" (a registry: "registry/indicators.csv") */
    const char *sheet;       /* its workbook sheet ("observations"); NULL for a registry */
    const char *about;       /* one line on what a row is (msgid), for the template's instructions */
    const ds_column *cols;   /* ends with a column whose code is NULL */
    int flags;               /* DS_KF_* */
    int read_rank;           /* the order in which a dataset's files are read (registries first) */
} ds_kind;

/* Every kind, in the order of the template's sheets (the registries last). */
const ds_kind *ds_kinds(size_t *n);
/* The kind of id. */
const ds_kind *ds_kind_of(ds_kind_id id);
/* Number of columns of a kind's table. */
size_t ds_kind_ncols(const ds_kind *k);
/* The words of a closed list (bases, operators, …), NULL-terminated; NULL for the lists whose values
 * come from the data (units, terms, indicators, ratings, schemes). */
const char *const *ds_list_words(wb_list l);

/* ---- the rows of each kind, as the reader hands them to the kind's check ----------------------------
 * One field per column (named after it): the text, cleaned (NFC, trimmed), NULL when empty or absent. */

typedef struct ds_unit_row {
    const char *unit, *name, *parent, *source, *locator, *quote;
} ds_unit_row;

typedef struct ds_term_row {
    const char *unit, *term, *label, *start, *end, *source, *locator, *quote, *note, *note_vi;
} ds_term_row;

typedef struct ds_ind_row {
    const char *indicator, *category, *measure, *kind, *direction, *name_vi, *name_en, *irregular;
} ds_ind_row;

typedef struct ds_obs_row {
    const char *unit, *indicator, *period_start, *period_end, *value, *basis, *rating, *scheme, *part_of,
        *share_base, *source, *locator, *quote, *note;
} ds_obs_row;

typedef struct ds_target_row {
    const char *unit, *term, *indicator, *op, *value, *basis, *period, *relative_to, *rating, *source,
        *locator, *quote, *note, *id, *set_by;
} ds_target_row;

typedef struct ds_verdict_row {
    const char *unit, *term, *indicator, *period, *verdict, *ratio, *rating, *source, *locator, *quote,
        *target, *as_of;
} ds_verdict_row;

typedef struct ds_rule_row {
    const char *rule, *left, *op, *right, *severity, *missing;
} ds_rule_row;

typedef struct ds_rating_row {
    const char *scheme, *applies_to, *valid_from, *valid_to, *regulation, *label, *level, *role, *notes;
} ds_rating_row;

typedef struct ds_source_row {
    const char *source, *title, *short_title, *title_note, *publisher, *date, *address, *locator, *quote;
} ds_source_row;

/* The row of any kind. */
typedef union ds_row {
    ds_unit_row unit;
    ds_term_row term;
    ds_ind_row ind;
    ds_obs_row obs;
    ds_target_row target;
    ds_verdict_row verdict;
    ds_rule_row rule;
    ds_rating_row rating;
    ds_source_row src;
} ds_row;

#define DS_MAXCOLS 16

#endif

/* ingest/ds_read.h — the dataset reader's inner parts, shared by the files that read a dataset
 * (ingest/ds_read.c, ds_defs.c, ds_figures.c, crosswalk.c, ds_access.c, dataset.c; never installed).
 * Layers, bottom up: the schema (schema.c); lookups and views (ds_access.c) and rating labels
 * (crosswalk.c); the generic reader (ds_read.c); the kinds' checks (ds_defs.c, ds_figures.c); loading
 * (dataset.c), which hands each file to the reader with its kind's check. */
#ifndef CHISO_DS_READ_H
#define CHISO_DS_READ_H

#include <stddef.h>
#include "ingest/csvread.h"
#include "ingest/dataset_int.h"
#include "ingest/schema.h"
#include "ingest/workbook.h"
#include "ingest/xlsxread.h"

/* ---- the reader's state --------------------------------------------------------------------------
 * The file kinds and their columns are the table of ingest/schema.c; a column is found by the field of
 * its kind's row (AT), never by a position kept in step by hand. */

/* A column of the current row as the reader parsed it by its type (DS_DATE_*, DS_PERIOD, DS_ENUM with
 * words). A problem found is kept and reported when the kind's check takes the cell (ds_take), so that
 * diagnostics come in the order of the check's rules and a row the check gives up on early says no
 * more than before. */
typedef struct ds_cell {
    int bad;                 /* the text does not read */
    chiso_date date, end;    /* a date; a period: date..end */
    int word;                /* DS_ENUM: the value of the word (or of the empty cell) */
    const char *code;        /* the pending diagnostic, NULL when none */
    chiso_severity sev;
    long inner_col;
    size_t msg;              /* its message: offset in load_ctx.msgs */
} ds_cell;

struct load_ctx;
/* The check of a kind's rows: takes c->in (the row, column by column) and stores what holds. */
typedef void (*ds_check_fn)(struct load_ctx *c);

#define MAXCOLS DS_MAXCOLS

typedef struct load_ctx {
    chiso_dataset *ds;
    chiso_diags *diags;
    ds_kind_id kind;
    ds_check_fn check;       /* the kind's check (ingest/ds_defs.c, ingest/ds_figures.c) */
    const char *fname;
    uint32_t file_no;
    const ds_column *cols;   /* the kind's columns (ingest/schema.c) */
    ds_row in;               /* the current row, column by column (the text of each, NULL when empty) */
    ds_cell cell[MAXCOLS];   /* and parsed by type */
    chiso_buf msgs;          /* the messages of the cells' pending diagnostics */
    int map[MAXCOLS];        /* column → field index, -1 when absent */
    size_t header_fields;
    int header_ok;
    const chiso_csv_row *row;
    chiso_buf vals_buf;
    size_t vals_off[MAXCOLS];
    int has_val[MAXCOLS];
    const char *orig[MAXCOLS]; /* the field as written, when cleaning changed it (else NULL) */
    int unquoted[MAXCOLS];   /* cleaning took the apostrophe before formula-like text off */
    size_t orig_len[MAXCOLS];
    chiso_status fatal;      /* CHISO_ENOMEM stops everything */
    long last_unit, last_ind; /* lookups are frequent: remember the last hit */
    const wb_sheet *wb;      /* a sheet of a workbook: its headers may be the template's labels */
} load_ctx;

/* The column (index in c->cols) whose text is field `name` of row_type: AT(ds_obs_row, value). A
 * misspelt field does not compile. */
#define AT(row_type, name) ds_col_at(c, offsetof(row_type, name))

/* ---- reading files ----------------------------------------------------------------------------- */

/* A source of bytes: a file on disk or a buffer in memory. */
typedef struct source {
    const char *path;        /* on disk, or NULL */
    const char *data;        /* in memory */
    size_t size;
    int present;
    chiso_xlsx *book;        /* or a sheet of a workbook */
    size_t sheet;
    const char *display;     /* the name in messages when it is not DIR/FILE ("book.xlsx:units!") */
} source;

/* ---- ingest/ds_read.c: the generic reader and its helpers for the checks ---------------------------- */

/* Read one file of kind from src, each row through check. Problems go to diags; CHISO_ENOMEM, or
 * CHISO_EINVAL for an unknown encoding (err filled), stop the reading. */
chiso_status ds_read_file(chiso_dataset *ds, chiso_diags *diags, ds_kind_id kind, ds_check_fn check,
                          const char *display, const source *src, chiso_error *err);
/* The column whose text is the field at offset `field` of the kind's row; -1 when the kind has none. */
int ds_col_at(const load_ctx *c, size_t field);
/* The first column of that type, or -1. */
int ds_col_of_type(const load_ctx *c, ds_coltype type);
/* Value of column ci in the current row, cleaned and trimmed; NULL when absent or empty. */
const char *ds_val(load_ctx *c, int ci);
/* The pool id of s (CHISO_NOSTR for NULL); sets c->fatal when memory runs out. */
uint32_t ds_intern(load_ctx *c, const char *s);
/* A diagnostic at column ci of the current row (-1: the row; inner_col: 1-based character inside the
 * field, or 0). */
void ds_diag_at(load_ctx *c, chiso_severity sev, int ci, long inner_col, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* 1 when s is a code: letters, digits, '-', '_' or '.'. */
int ds_valid_code(const char *s);
/* The unit or indicator of that code (the last hit remembered), or -1. */
long ds_find_unit_cached(load_ctx *c, const char *code);
long ds_find_ind_cached(load_ctx *c, const char *code);
/* Take cell ci as parsed: report its pending diagnostic, if any; 0 when it does not read (also for an
 * empty date), 1 otherwise (ci < 0: 1). */
int ds_take(load_ctx *c, int ci);
/* Take a date cell (its first day, or its last for DS_DATE_END); 0 when empty or unreadable. */
int ds_get_date(load_ctx *c, int ci, chiso_date *out);
/* Take a period cell: "2022" or "2021..2023"; 0 when it does not read. */
int ds_get_period(load_ctx *c, int ci, chiso_date *ps, chiso_date *pe);
/* Take a closed-list cell: the value of its word in *out (that of an empty cell when empty). */
int ds_get_word(load_ctx *c, int ci, int *out);
/* The warning on a row that does not say where its figure comes from (columns of type DS_SOURCE,
 * DS_LOCATOR, DS_QUOTE), for the kinds that ask for it (DS_KF_SOURCES). */
void ds_warn_sources(load_ctx *c);

/* ---- ingest/ds_defs.c and ingest/ds_figures.c: the checks of each kind ----------------------------- */
void ds_check_units(load_ctx *c);
void ds_check_terms(load_ctx *c);
void ds_check_indicators(load_ctx *c);  /* the dataset's indicators and the built-in registry */
void ds_check_ratings(load_ctx *c);     /* registry/rating-schemes.csv */
void ds_check_rules(load_ctx *c);
void ds_check_obs(load_ctx *c);
void ds_check_targets(load_ctx *c);     /* targets and illustrative targets */
void ds_check_verdicts(load_ctx *c);
void ds_check_sources(load_ctx *c);     /* sources.csv (ingest/ds_sources.c) */
/* Once every file is read: the notes on sources named but not in sources.csv and rows of it never
 * named (nothing when the dataset has no sources.csv). */
void ds_check_source_use(const chiso_dataset *ds, chiso_diags *diags);

/* ---- ingest/crosswalk.c: rating labels ---------------------------------------------------------------
 * ds_crosswalk: chiso_crosswalk_lookup that also tells (*oom, may be NULL) when it could not look because
 * memory ran out. */
int ds_crosswalk(const chiso_dataset *ds, const char *label, int is_member, const char *scheme, int year,
                 int *level, int *at_or_above, const char **scheme_out, int *inexact, const char **notes,
                 int *oom);
/* 1 when the crosswalk has that scheme (*member: whether it rates members). */
int ds_scheme_exists(const chiso_dataset *ds, const char *scheme, int *member);
/* Whether indicator ind counts members (not organisations), and whether it is a rating indicator. */
int ds_indicator_is_member(const chiso_dataset *ds, long ind);
int ds_indicator_is_rating(const chiso_dataset *ds, long ind);

/* ---- ingest/ds_access.c: lookups by code ------------------------------------------------------------ */
long ds_ix_get(const ds_index *ix, uint64_t key);
/* Insert or replace; 0, or -1 when out of memory. */
int ds_ix_put(ds_index *ix, uint64_t key, long val);
void ds_ix_free(ds_index *ix);
/* The key of a term: its unit and the pool id of its code. */
uint64_t ds_term_key(long unit, uint32_t code);
/* The term of that code among the unit's own rows of terms.csv, or -1. */
long ds_find_own_term(const chiso_dataset *ds, long unit, const char *code);
/* Index the terms of every unit in time order (after loading); -1 when out of memory. */
int ds_index_unit_terms(chiso_dataset *ds);

#endif

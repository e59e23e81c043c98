/*
 * chiso/ingest.h — reading datasets: values as written, dates, the dataset, validation, normalisation.
 *
 * The dataset contract is datasets/FORMAT.md. Ownership: every handle returned by a _new/_load
 * function is freed by its _free (NULL is a no-op); strings inside views (const char *) belong to the
 * handle they came from and live as long as it.
 */
#ifndef CHISO_INGEST_H
#define CHISO_INGEST_H

#include <stdint.h>
#include "chiso/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- text as typed ------------------------------------------------------------------------------ */

/* Text as chiso reads every field: Unicode NFC (Vietnamese typed with combining accents, "Unicode tổ
 * hợp", becomes the precomposed letters), zero-width characters (U+200B, U+200C, U+200D, U+2060), a
 * stray byte-order mark (U+FEFF) and soft hyphens removed. Returns a new string (caller frees), or
 * NULL when out of memory or s is NULL. Invalid UTF-8 is returned unchanged. */
CHISO_API char *chiso_text_normalize(const char *s);

/* ---- values as written ------------------------------------------------------------------------- */

typedef enum chiso_measure { CHISO_MEASURE_COUNT = 0, CHISO_MEASURE_SHARE = 1 } chiso_measure;

typedef enum chiso_qualifier {
    CHISO_Q_EXACT = 0, /* 1.247 */
    CHISO_Q_ABOVE,     /* trên, hơn, over, more than, > : (v, max] */
    CHISO_Q_AT_LEAST,  /* từ … trở lên, trở lên, tối thiểu, ít nhất, at least, >= : [v, max] */
    CHISO_Q_BELOW,     /* dưới, under, less than, < : [0, v) */
    CHISO_Q_AT_MOST,   /* không quá, tối đa, at most, <= : [0, v] */
    CHISO_Q_NEARLY,    /* gần, nearly, almost : [v − δv, v) */
    CHISO_Q_ABOUT,     /* khoảng, xấp xỉ, about, ~ : [v − εv, v + εv] */
    CHISO_Q_RANGE,     /* từ a đến b, a - b, a..b : [a, b] */
    CHISO_Q_RATIO      /* 152/159 (a share) : [r, r], r = 152/159·100 */
} chiso_qualifier;

/* A figure as an interval. point is the number written (the midpoint for a range, the share for a
 * ratio). num/den hold a ratio's parts (0 otherwise). */
typedef struct chiso_value {
    chiso_interval iv;
    double point;
    chiso_qualifier q;
    unsigned char percent; /* a % sign was written */
    double num, den;
} chiso_value;

/* Settings of the value reader. */
typedef struct chiso_value_opts {
    double near;  /* δ of "gần v": [v − δ·v, v); default 0.10 */
    double about; /* ε of "khoảng v": [v − ε·v, v + ε·v]; default 0.05 */
} chiso_value_opts;

/* Fill o with the defaults (near and about as above); o must not be NULL. */
CHISO_API void chiso_value_opts_default(chiso_value_opts *o);
CHISO_API const char *chiso_qualifier_name(chiso_qualifier q); /* "exact", "above", … */

/* Read text (UTF-8) as a figure of the given measure. On failure returns CHISO_EPARSE (the text is not
 * a figure, or is ambiguous) or CHISO_EDOMAIN (a count that is negative or fractional, a share outside
 * [0, 100]); err->msg says what is wrong and how to write it, err->col is the 1-based character of the
 * text where the problem is (the caller adds the file, line and the field's column). opts may be NULL. */
CHISO_API chiso_status chiso_value_parse(const char *text, chiso_measure measure,
                                         const chiso_value_opts *opts, chiso_value *out, chiso_error *err);

/* Read a plain number in either style ("1.247", "64,5", "-3", "0.5") with no qualifier. Same rules as
 * chiso_value_parse for the separators; returns CHISO_EPARSE when it is not one number. */
CHISO_API chiso_status chiso_number_parse(const char *text, double *out, chiso_error *err);

/* ---- dates ------------------------------------------------------------------------------------- */

typedef enum chiso_date_prec { CHISO_DATE_YEAR = 1, CHISO_DATE_MONTH = 2, CHISO_DATE_DAY = 3 } chiso_date_prec;

/* A date as written and the day it stands for (days since 1970-01-01). */
typedef struct chiso_date {
    int32_t day;
    short year;
    signed char month, mday; /* 0 when not written */
    signed char prec;        /* chiso_date_prec */
} chiso_date;

/* Read YYYY, YYYY-MM or YYYY-MM-DD (years 1900–2199). as_end = 1 makes a bare year or month stand for
 * its last day, 0 for its first. Returns CHISO_OK or CHISO_EPARSE / CHISO_EDOMAIN with err->msg. */
CHISO_API chiso_status chiso_date_parse(const char *text, int as_end, chiso_date *out, chiso_error *err);

/* The day (since 1970-01-01) of a date as Excel's 1900 date system counts it: 1 is 1900-01-01, 61 is
 * 1900-03-01, 43466 is 2019-01-01 (the fraction, a time of day, is dropped). Day 60 is Excel's
 * 29 February 1900, which never was: CHISO_EDOMAIN, as for a serial below 1 or past 9999-12-31. */
CHISO_API chiso_status chiso_excel_serial_day(double serial, int32_t *day);

/* Days since 1970-01-01 of a calendar date (proleptic Gregorian); and back. */
CHISO_API int32_t chiso_days_from_civil(int y, int m, int d);
CHISO_API void chiso_civil_from_days(int32_t days, int *y, int *m, int *d);

/* Length in years of the inclusive span [start, end]: whole calendar years count exactly, whole months
 * as months/12, anything else as days/365.25. 0 when end < start. */
CHISO_API double chiso_span_years(int32_t start_day, int32_t end_day);

/* Write a day as YYYY-MM-DD into buf (11 bytes). */
CHISO_API char *chiso_date_format(int32_t day, char *buf, size_t size);
/* Write a day as a sentence of the current language writes it (chiso_set_lang): 03/08/2020 in
 * Vietnamese, 2020-08-03 in English. For text that reaches a reader; files and JSON keep
 * chiso_date_format. Returns buf (11 bytes are enough). */
CHISO_API char *chiso_date_words(int32_t day, char *buf, size_t size);

/* ---- the dataset ------------------------------------------------------------------------------- */

typedef enum chiso_kind { CHISO_KIND_FLOW = 0, CHISO_KIND_STOCK = 1, CHISO_KIND_RATE = 2 } chiso_kind;
typedef enum chiso_direction { CHISO_DIR_NONE = 0, CHISO_DIR_UP = 1, CHISO_DIR_DOWN = 2 } chiso_direction;
typedef enum chiso_basis {
    CHISO_BASIS_NONE = 0, /* not written */
    CHISO_BASIS_TOTAL,
    CHISO_BASIS_ANNUAL_MEAN,
    CHISO_BASIS_EACH_YEAR,
    CHISO_BASIS_POINT,
    CHISO_BASIS_END /* targets only: at the end of the term */
} chiso_basis;

/* The code of a basis or a kind as written in the files ("total", "flow", …): static strings, never
 * freed; "" for no basis, "?" when out of range. */
CHISO_API const char *chiso_basis_name(chiso_basis b);
CHISO_API const char *chiso_kind_name(chiso_kind k);

typedef enum chiso_category {
    CHISO_CAT_MEMBERSHIP = 0, CHISO_CAT_ORGANISATION, CHISO_CAT_RECRUITMENT, CHISO_CAT_DISCIPLINE,
    CHISO_CAT_INSPECTION, CHISO_CAT_CLASSIFICATION, CHISO_CAT_TRAINING, CHISO_CAT_OTHER
} chiso_category;
/* The code of a category as written in indicators.csv ("membership", …): a static string; "?" when out
 * of range. */
CHISO_API const char *chiso_category_name(chiso_category c);

typedef struct chiso_dataset chiso_dataset;

typedef struct chiso_load_opts {
    const char *encoding;   /* NULL or "utf-8": UTF-8 only; "cp1258", "tcvn" (TCVN3) via iconv */
    chiso_value_opts values;
    int illustrative;       /* 1: also read illustrative-targets.csv */
} chiso_load_opts;

/* Fill o with the defaults of reading a dataset (the value options' defaults included). */
CHISO_API void chiso_load_opts_default(chiso_load_opts *o);

/* Read the dataset in folder dir (see FORMAT.md). Problems in the data go to diags (which must not be
 * NULL) and do not stop the reading: every file is read to its end so that all problems are reported.
 * Returns CHISO_OK and *out when the dataset could be read, even if diags holds errors (the caller
 * decides: chiso check exits 1 when chiso_diags_errors(diags) > 0). Returns CHISO_EIO (a required file
 * is missing, dir is not a folder), CHISO_ENOMEM or CHISO_EINVAL with err filled and *out NULL.
 * Free with chiso_dataset_free. */
CHISO_API chiso_status chiso_dataset_load(const char *dir, const chiso_load_opts *opts, chiso_diags *diags,
                                          chiso_dataset **out, chiso_error *err);

/* The embedded default dataset (datasets/haiphong, compiled into the library). Its file names in
 * diagnostics are "datasets/haiphong/<file>". */
CHISO_API chiso_status chiso_dataset_load_default(const chiso_load_opts *opts, chiso_diags *diags,
                                                  chiso_dataset **out, chiso_error *err);

/* Read a dataset from memory: names[i] ("observations.csv", …) holds data[i] of size[i] bytes. dir
 * is used only to name files in diagnostics. Used by fuzzing and tests. */
CHISO_API chiso_status chiso_dataset_load_mem(const char *dir, size_t nfiles, const char *const *names,
                                              const char *const *data, const size_t *size,
                                              const chiso_load_opts *opts, chiso_diags *diags,
                                              chiso_dataset **out, chiso_error *err);

/* Read a dataset kept as an Excel workbook (.xlsx; `chiso template` writes one): one sheet per file of a
 * folder dataset, named as the file without ".csv" (units, terms, indicators, observations, targets,
 * illustrative-targets, verdicts, rules), each with its header row first. Headers are the CSV column
 * names or the template's labels (English or Vietnamese). A cell may hold text or a number: numbers are
 * read as the text they stand for (a percent style as "64.5%", a date style as YYYY-MM-DD). Other sheets
 * are skipped with a warning ("sheet.unknown"), except the template's instructions and lists.
 *
 * Problems are placed at the cell: the file of a diagnostic is "BOOK:SHEET!" (BOOK = path, or name for
 * the _mem form) with line = row and col = column (1 = A); chiso_place_format writes it
 * "so-lieu.xlsx:observations!E12". Records keep the same file and their row as line, so a figure's place
 * (chiso_obs_info file and line) is "so-lieu.xlsx:observations!A12".
 *
 * The workbook is opened read-only and whole into memory, within the limits of datasets/FORMAT.md (the
 * file, each part once decompressed, a cell). Returns as chiso_dataset_load; besides, CHISO_EIO when the
 * file cannot be read or is not an .xlsx workbook (not a ZIP package, an old .xls, an .ods, damaged),
 * CHISO_ELIMIT when it is beyond a limit (a ZIP bomb), CHISO_EPARSE when a part that every sheet needs is
 * not well-formed. A problem inside one sheet (malformed XML, a limit) is an error diagnostic at that
 * sheet, and the other sheets are still read. _mem reads size bytes at data (copied; the caller keeps
 * data), for a workbook that came from elsewhere (an upload). */
CHISO_API chiso_status chiso_dataset_load_xlsx(const char *path, const chiso_load_opts *opts,
                                               chiso_diags *diags, chiso_dataset **out, chiso_error *err);
CHISO_API chiso_status chiso_dataset_load_xlsx_mem(const char *name, const void *data, size_t size,
                                                   const chiso_load_opts *opts, chiso_diags *diags,
                                                   chiso_dataset **out, chiso_error *err);

/* Is path a workbook rather than a dataset folder: a file named *.xlsx, or a regular file that starts as
 * a ZIP package does? */
CHISO_API int chiso_path_is_workbook(const char *path);

/* Read the dataset at path, whatever its form: a folder of CSV files (chiso_dataset_load) or an .xlsx
 * workbook (chiso_dataset_load_xlsx). A single CSV file is refused with a message that says to give its
 * folder. Same returns and ownership as those. */
CHISO_API chiso_status chiso_dataset_open(const char *path, const chiso_load_opts *opts, chiso_diags *diags,
                                          chiso_dataset **out, chiso_error *err);

/* Free a dataset and everything it holds (the infos it handed out become invalid); NULL is a no-op. */
CHISO_API void chiso_dataset_free(chiso_dataset *ds);

/* Where the dataset came from ("datasets/haiphong", the folder or the workbook given). */
CHISO_API const char *chiso_dataset_dir(const chiso_dataset *ds);

/* ---- read-only views --------------------------------------------------------------------------- */

typedef struct chiso_unit_info {
    const char *code, *name; /* name falls back to code */
    long parent;             /* index of the parent unit, -1 at the top */
} chiso_unit_info;

typedef struct chiso_term_info {
    const char *unit, *code, *label; /* label falls back to code */
    long unit_index;
    chiso_date start, end;
    double years;                    /* chiso_span_years(start, end) */
    const char *note;                /* the note as written (English in the default dataset), or NULL */
    const char *note_vi;             /* terms.csv note_vi: the note in Vietnamese, or NULL */
} chiso_term_info;

typedef struct chiso_indicator_info {
    const char *code;
    chiso_category category;
    chiso_measure measure;
    chiso_kind kind;
    chiso_direction direction;
    const char *name_vi, *name_en;   /* fall back to code */
    int builtin;                     /* from the built-in registry and not redefined */
    int irregular;                   /* one-off counts (indicators.csv irregular=yes): never projected */
} chiso_indicator_info;

/* Flags of an observation. */
#define CHISO_OBS_AT_OR_ABOVE   0x01u /* rating label "… trở lên": share/count at or above level */
#define CHISO_OBS_INEXACT_XWALK 0x02u /* the crosswalk of its rating label is not exact (notes say why) */
#define CHISO_OBS_PART          0x04u /* a "trong đó" figure (part_of is set) */
#define CHISO_OBS_BASE_UNKNOWN  0x08u /* share_base unknown: the text does not say of what */
#define CHISO_OBS_SCHEME_GUESS  0x10u /* the scheme was inferred from the date */

typedef struct chiso_obs_info {
    long index;
    const char *unit, *indicator;
    long unit_index, indicator_index;
    chiso_date start, end;
    chiso_value value;
    chiso_basis basis;          /* after defaults */
    const char *rating, *scheme, *part_of; /* NULL when empty */
    int level;                  /* ordinal level 1..4 of the rating after the crosswalk, 0 if none */
    unsigned flags;             /* CHISO_OBS_* */
    int share_of_part;          /* share_base = part */
    const char *raw_value, *source, *locator, *quote, *note;
    const char *file;           /* "datasets/haiphong/observations.csv" */
    long line;                  /* line of the record in file */
} chiso_obs_info;

/* The membership a relative target is a per cent of (targets.csv `relative_to`). */
typedef enum chiso_rel_base {
    CHISO_REL_NONE = 0,
    CHISO_REL_TERM_START,     /* members_at_term_start: the first day of the term */
    CHISO_REL_YEAR_START,     /* members_at_year_start: 1 January of each year judged (of the period) */
    CHISO_REL_PREV_YEAR_END,  /* members_at_prev_year_end: 31 December of the year before */
    CHISO_REL_DATE            /* members_at:YYYY-MM-DD: one fixed day */
} chiso_rel_base;

typedef struct chiso_target_info {
    long index;
    const char *unit, *term, *indicator;
    long unit_index, term_index, indicator_index;
    chiso_cmp op;
    chiso_interval value;        /* [T, T], or [a, b] for between */
    chiso_basis basis;
    int has_period;
    chiso_date period_start, period_end;
    int relative_to_members;     /* any relative_to: the target is a per cent of the membership */
    const char *rating;          /* NULL when empty */
    int level, at_or_above;
    int illustrative;            /* from illustrative-targets.csv */
    const char *raw_value, *source, *locator, *quote, *note;
    const char *file;
    long line;
    /* added with the target ids and relative bases (old datasets leave them empty) */
    const char *id;              /* the target's id (`id`), unique in the dataset; NULL when empty */
    const char *set_by;          /* who set it ("tỉnh giao", "Nghị quyết Huyện ủy"); NULL when empty */
    chiso_rel_base relative_base;/* which membership (CHISO_REL_NONE when not relative) */
    int32_t relative_day;        /* CHISO_REL_DATE: the day */
} chiso_target_info;

/* CHISO_RV_NONE: the row gives only a progress ratio ("đạt 46,5% kế hoạch cả nhiệm kỳ"), no verdict. */
typedef enum chiso_reported_verdict {
    CHISO_RV_NONE = 0, CHISO_RV_MET, CHISO_RV_EXCEEDED, CHISO_RV_NOT_MET
} chiso_reported_verdict;

typedef struct chiso_verdict_info {
    long index;
    const char *unit, *term, *indicator, *rating;
    long unit_index, term_index, indicator_index;
    int has_period;
    chiso_date period_start, period_end;
    chiso_reported_verdict verdict;
    int has_ratio;
    chiso_value ratio;           /* per cent of the target, as written */
    const char *raw_verdict, *source, *locator, *quote;
    const char *file;
    long line;
    /* added with the target ids and progress ratios (old datasets leave them empty) */
    int ratio_decimals;          /* digits written after the decimal comma of the ratio (133 → 0) */
    const char *target_id;       /* `target`: the id of the target the row is about; NULL when empty */
    long target_index;           /* that target's index (chiso_dataset_target), or -1 */
    int has_as_of;               /* `as_of`: the day the report's figures run to (a progress ratio) */
    chiso_date as_of;
} chiso_verdict_info;

/* A document of the dataset's sources.csv (optional; see datasets/FORMAT.md). Strings are the dataset's
 * (valid while it lives); NULL when empty. */
typedef struct chiso_source_info {
    const char *id;          /* as the other files write it in their source column */
    const char *title;       /* as the document names itself, or a description (then title_quoted = 0) */
    const char *short_title; /* a few words for table cells, or NULL */
    const char *title_note;  /* why the title is not the document's own words, or NULL */
    const char *publisher, *date, *address;
    const char *locator, *quote; /* where the title stands in the document, and its words */
    int title_quoted;        /* 1: the title is quoted from the document; 0: described by the dataset */
    const char *file;        /* sources.csv as messages name it */
    long line;
} chiso_source_info;

/* One label of the rating registry (datasets/registry/rating-schemes.csv). */
typedef struct chiso_rating_info {
    const char *scheme;          /* "member-2018", "org-2023" … */
    const char *label;           /* the label, normalised (lower case, single spaces) */
    const char *regulation;      /* the regulation that set the scheme ("" when none) */
    int member;                  /* 1: a members' scheme, 0: organisations' */
    int from, to;                /* the years the scheme was in force */
    int level;                   /* 1..4 (4 the highest) */
    int at_or_above;             /* 1: the label means "level or better" (… trở lên) */
} chiso_rating_info;

/* How many units, terms, rating labels and indicators the dataset holds: the indices 0..n-1 of the
 * accessors below. */
CHISO_API size_t chiso_dataset_n_units(const chiso_dataset *ds);
CHISO_API size_t chiso_dataset_n_terms(const chiso_dataset *ds);
CHISO_API size_t chiso_dataset_n_ratings(const chiso_dataset *ds); /* labels of the rating registry */
CHISO_API size_t chiso_dataset_n_indicators(const chiso_dataset *ds);
CHISO_API size_t chiso_dataset_n_obs(const chiso_dataset *ds);
CHISO_API size_t chiso_dataset_n_targets(const chiso_dataset *ds);
CHISO_API size_t chiso_dataset_n_verdicts(const chiso_dataset *ds);
CHISO_API size_t chiso_dataset_n_sources(const chiso_dataset *ds);  /* rows of sources.csv (0 without it) */

/* Fill a view of element i (0-based, < the count). Returns CHISO_OK or CHISO_EINVAL. */
CHISO_API chiso_status chiso_dataset_unit(const chiso_dataset *ds, size_t i, chiso_unit_info *out);
CHISO_API chiso_status chiso_dataset_term(const chiso_dataset *ds, size_t i, chiso_term_info *out);
CHISO_API chiso_status chiso_dataset_rating(const chiso_dataset *ds, size_t i, chiso_rating_info *out);
CHISO_API chiso_status chiso_dataset_indicator(const chiso_dataset *ds, size_t i, chiso_indicator_info *out);
CHISO_API chiso_status chiso_dataset_obs(const chiso_dataset *ds, size_t i, chiso_obs_info *out);
CHISO_API chiso_status chiso_dataset_target(const chiso_dataset *ds, size_t i, chiso_target_info *out);
CHISO_API chiso_status chiso_dataset_verdict(const chiso_dataset *ds, size_t i, chiso_verdict_info *out);
CHISO_API chiso_status chiso_dataset_source(const chiso_dataset *ds, size_t i, chiso_source_info *out);
/* Index of the row of sources.csv for a source id (as figures write it), or -1 when it has none. */
CHISO_API long chiso_dataset_find_source(const chiso_dataset *ds, const char *id);

/* Index of a unit / indicator code, or -1. Terms: index of the term of that code among the terms unit
 * u follows (its own, or its nearest ancestor's: chiso_dataset_term_owner), or -1. */
CHISO_API long chiso_dataset_find_unit(const chiso_dataset *ds, const char *code);
CHISO_API long chiso_dataset_find_indicator(const chiso_dataset *ds, const char *code);
CHISO_API long chiso_dataset_find_term(const chiso_dataset *ds, long unit_index, const char *code);
/* The terms of unit u in time order: writes up to max indices into idx, returns how many there are.
 * Only the unit's own rows of terms.csv (see chiso_dataset_effective_terms). */
CHISO_API size_t chiso_dataset_unit_terms(const chiso_dataset *ds, long unit_index, long *idx, size_t max);

/* The unit whose terms unit u follows: u itself when it has terms of its own, else its nearest ancestor
 * that has some (a chi bộ without terms.csv rows lives by the terms of its đảng bộ), else -1. */
CHISO_API long chiso_dataset_term_owner(const chiso_dataset *ds, long unit_index);

/* The terms unit u follows (those of chiso_dataset_term_owner), as chiso_dataset_unit_terms. Figures,
 * targets and verdicts of a unit are placed in and resolved against these. */
CHISO_API size_t chiso_dataset_effective_terms(const chiso_dataset *ds, long unit_index, long *idx,
                                               size_t max);

/* Display name of an indicator in the language (name_vi or name_en). */
CHISO_API const char *chiso_indicator_name(const chiso_indicator_info *ind, chiso_lang lang);

/* ---- rating crosswalk -------------------------------------------------------------------------- */

/* Look up a rating label (any case, commas and extra spaces ignored, "… trở lên" / "or better"
 * removed and reported in *at_or_above) for organisations (is_member = 0) or members, in scheme
 * (NULL: the scheme in force in year). Fills *level (1..4), *scheme_out (static code of the registry,
 * may be NULL) and *inexact (the registry's notes say the mapping is not exact). Returns 1 when found. */
CHISO_API int chiso_crosswalk_lookup(const chiso_dataset *ds, const char *label, int is_member,
                                     const char *scheme, int year, int *level, int *at_or_above,
                                     const char **scheme_out, int *inexact, const char **notes);

/* ---- validation -------------------------------------------------------------------------------- */

/* Cross-record checks of a loaded dataset: overlapping terms, duplicates, conflicts, nested flows,
 * rules (with intervals), missing sources. Adds to diags. Returns CHISO_OK (even with data errors) or
 * CHISO_ENOMEM. */
CHISO_API chiso_status chiso_dataset_check(const chiso_dataset *ds, chiso_diags *diags, chiso_error *err);

/* ---- normalisation per term -------------------------------------------------------------------- */

/* Flags of a normalised row. */
#define CHISO_NORM_PARTIAL      0x001u /* the figures cover only part of the term */
#define CHISO_NORM_SPLIT        0x002u /* a figure straddling two terms was split by time */
#define CHISO_NORM_ASSIGNED     0x004u /* a non-flow figure straddling terms went to the term holding most of it */
#define CHISO_NORM_NESTED       0x008u /* nested figures were found; the widest counts */
#define CHISO_NORM_OVERLAP      0x010u /* figures partly overlap (warning) */
#define CHISO_NORM_INEXACT      0x020u /* an inexact figure (interval wider than a point) */
#define CHISO_NORM_XWALK        0x040u /* a rating crosswalk that is not exact */
#define CHISO_NORM_SUMMED       0x080u /* several disjoint figures were added up */
#define CHISO_NORM_AVERAGED     0x100u /* several figures were averaged (rates) */
#define CHISO_NORM_DERIVED      0x200u /* a share at or above a level derived from per-level figures */
#define CHISO_NORM_BASE_UNKNOWN 0x400u /* the base of a sub-share is unknown */

/* The projection rule: a flow covered in part is projected to the whole term (its total "at the same
 * pace") only when its figures cover at least CHISO_PROJECT_MIN_YEARS years and at least
 * CHISO_PROJECT_MIN_SHARE of the term; below that there is no pace to speak of (14 events in one day
 * are not 29 000 in a term). Indicators marked irregular (one-off counts) are never projected. */
#define CHISO_PROJECT_MIN_YEARS 1.0
#define CHISO_PROJECT_MIN_SHARE 0.2
/* 1 when coverage_years of a term of term_years supports a projection (the rule above). */
CHISO_API int chiso_projection_supported(double coverage_years, double term_years);

/* One row per unit, term, indicator, basis and rating level. */
typedef struct chiso_norm_row {
    const char *unit, *term, *indicator;
    long unit_index, term_index, indicator_index;
    chiso_basis basis;
    int level;               /* 0: not a rating row; k: the share/count at or above level k */
    const char *rating;      /* the label as written (single source), or NULL */
    const char *scheme;      /* scheme code, or NULL */
    double term_years;       /* length of the term */
    double coverage_years;   /* years the figures cover (inside the term) */
    int32_t cover_start, cover_end; /* span covered (days) */
    chiso_interval value;    /* the term value: total (flow), level (stock), share (rate) */
    double point;            /* the value's point figure */
    int has_annual;          /* flows: annual rate */
    chiso_interval annual;
    int has_projected;       /* flows covered in part: projected term total at the same pace */
    chiso_interval projected;
    int has_per100;          /* flows: per 100 members per year */
    chiso_interval per100;
    double per100_point;     /* from the point figures */
    int has_members;         /* mean membership over the covered span (interpolated) */
    chiso_interval members;
    double members_point;
    unsigned flags;          /* CHISO_NORM_* */
    const char *sources;     /* "000_….txt line 244; …" */
    size_t n_obs;
    const long *obs;         /* indices of the observations used */
} chiso_norm_row;

typedef struct chiso_normalized chiso_normalized;

typedef struct chiso_norm_opts {
    int has_as_of;
    int32_t as_of;           /* keep observations whose period_end <= as_of */
    double boundary_slack_days; /* a figure within this many days of a term's ends is inside; default 45 */
} chiso_norm_opts;

/* Fill o with the defaults of normalising (as noted beside each field). */
CHISO_API void chiso_norm_opts_default(chiso_norm_opts *o);

/* Normalise every unit, term and indicator. Problems (a nested part larger than its whole, partial
 * overlaps, figures outside every term) go to diags (may be NULL). Returns CHISO_OK and *out, or
 * CHISO_ENOMEM / CHISO_EINVAL. Free with chiso_normalized_free. The result refers to ds: free it first. */
CHISO_API chiso_status chiso_normalize(const chiso_dataset *ds, const chiso_norm_opts *opts,
                                       chiso_diags *diags, chiso_normalized **out, chiso_error *err);
CHISO_API void chiso_normalized_free(chiso_normalized *n);
CHISO_API size_t chiso_normalized_count(const chiso_normalized *n);
CHISO_API const chiso_norm_row *chiso_normalized_get(const chiso_normalized *n, size_t i);
/* The row for (unit, term, indicator, basis, level), or NULL. basis CHISO_BASIS_NONE matches any. */
CHISO_API const chiso_norm_row *chiso_normalized_find(const chiso_normalized *n, long unit, long term,
                                                      long indicator, chiso_basis basis, int level);

/* Membership of unit at a day, interpolated linearly between point figures of `members` (an
 * interval: the ends of the neighbouring figures are interpolated). Returns 0 when it cannot be
 * known (no figure before and after, or the day is outside them by more than a year). */
CHISO_API int chiso_members_at(const chiso_dataset *ds, long unit, int32_t day, chiso_interval *out);

/* Write the rows as CSV (columns of FORMAT.md) or JSON into a new string (caller frees). */
CHISO_API char *chiso_normalized_to_csv(const chiso_normalized *n, const chiso_dataset *ds);
CHISO_API char *chiso_normalized_to_json(const chiso_normalized *n, const chiso_dataset *ds);

/* The words of a norm flag set ("partial;split"), into buf. */
CHISO_API char *chiso_norm_flags_format(unsigned flags, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif /* CHISO_INGEST_H */

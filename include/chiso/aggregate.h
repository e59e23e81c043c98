/*
 * chiso/aggregate.h — record-level exports of the party-member registry (events.csv, one row per
 * member event) counted into observations of the dataset format (datasets/FORMAT.md, section
 * "events.csv").
 *
 * The count is one streaming pass: memory is bounded by units × periods × kinds of event (plus fixed
 * buffers), never by the number of rows. Rows that cannot be counted (unknown unit or event, bad date,
 * date after opts.until, date outside every term, bad rating label or form of discipline, missing
 * member id, wrong number of fields, a duplicate of the same member event) are counted per reason; the
 * first few locations of each reason go to a chiso_diags list as errors. Nothing is dropped silently.
 *
 * The counts run to opts.until_day (the day the export was taken) or, by default, to the latest event
 * counted; the term or year that holds that day is written as ending there (datasets/FORMAT.md).
 *
 * Ownership: the handle returned by chiso_aggregate_new is freed by chiso_aggregate_free (NULL is a
 * no-op). Strings passed in are copied. The diags list given to chiso_aggregate_new is borrowed: it
 * must outlive the handle. The library never prints and never ends the process.
 *
 * Threads: a handle is used by one thread at a time; chiso_aggregate_file may itself run a second
 * thread (opts.threads = 2) and returns only when it has ended.
 */
#ifndef CHISO_AGGREGATE_H
#define CHISO_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>
#include "chiso/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Periods of the output: calendar years, or the terms of terms.csv (a unit without terms of its own
 * uses the terms of its nearest ancestor that has some). */
typedef enum chiso_aggregate_by { CHISO_AGG_BY_YEAR = 0, CHISO_AGG_BY_TERM = 1 } chiso_aggregate_by;

/* Which CSV reader splits the export into fields. FAST reads records without quotes itself and hands
 * every record that holds a quote (or a stray carriage return, a blank-looking line …) to libcsv;
 * LIBCSV reads every record through the library's reference reader (ingest/csvread.c over libcsv).
 * Both give the same rows, the same counts and the same diagnostics. */
typedef enum chiso_aggregate_parser {
    CHISO_AGG_PARSER_FAST = 0,
    CHISO_AGG_PARSER_LIBCSV = 1
} chiso_aggregate_parser;

/* Why a row was not counted. The order is the order in which a row is checked: a row is rejected for
 * the first reason that applies. */
typedef enum chiso_aggregate_reason {
    CHISO_AGG_R_FIELDS = 0,  /* not as many fields as the header */
    CHISO_AGG_R_MEMBER,      /* the member id is empty */
    CHISO_AGG_R_UNIT,        /* the unit is empty or not in units.csv */
    CHISO_AGG_R_EVENT,       /* the event is empty or not one of the eight */
    CHISO_AGG_R_DATE,        /* the date is empty or not a day YYYY-MM-DD of 1900–2199 */
    CHISO_AGG_R_AFTER,       /* the date is after opts.until (the day the export was taken) */
    CHISO_AGG_R_TERM,        /* --by term: the date is outside every term of the unit */
    CHISO_AGG_R_RATING,      /* rated: empty or unknown label, a label of several levels, unknown scheme */
    CHISO_AGG_R_DISCIPLINE,  /* disciplined: empty or unknown form */
    CHISO_AGG_R_DUPLICATE,   /* the same member, event, date and detail again in the member's run */
    CHISO_AGG_N_REASONS
} chiso_aggregate_reason;

/* Kinds of event, in the order of chiso_aggregate_stats.events. */
typedef enum chiso_aggregate_event {
    CHISO_AGG_E_ADMITTED = 0,
    CHISO_AGG_E_CONFIRMED,
    CHISO_AGG_E_TRANSFERRED_IN,
    CHISO_AGG_E_TRANSFERRED_OUT,
    CHISO_AGG_E_REMOVED,
    CHISO_AGG_E_DIED,
    CHISO_AGG_E_DISCIPLINED,
    CHISO_AGG_E_RATED,
    CHISO_AGG_N_EVENTS
} chiso_aggregate_event;

/* The count of one export (opaque). */
typedef struct chiso_aggregate chiso_aggregate;

/* Progress of a run, handed to opts.progress. */
typedef struct chiso_aggregate_progress {
    uint64_t bytes_done;   /* bytes of the export read so far (all threads) */
    uint64_t bytes_total;  /* size of the file; 0 when unknown (chiso_aggregate_feed) */
    uint64_t rows;         /* records read so far (all threads) */
    double seconds;        /* since the run started */
    int finished;          /* 1 on the last call of a run */
} chiso_aggregate_progress;

typedef void (*chiso_aggregate_progress_fn)(void *ctx, const chiso_aggregate_progress *p);

/* Where chiso_aggregate_write sends the observations: return 0 when the bytes were taken, non-zero to
 * stop writing (chiso_aggregate_write then returns CHISO_EIO). */
typedef int (*chiso_aggregate_sink)(void *ctx, const char *data, size_t n);

typedef struct chiso_aggregate_opts {
    chiso_aggregate_by by;          /* default CHISO_AGG_BY_YEAR */
    chiso_aggregate_parser parser;  /* default CHISO_AGG_PARSER_FAST */
    int threads;                    /* chiso_aggregate_file: 1 or 2; 0 (default) = 2 when two CPUs are
                                       online and the file holds at least split_min_bytes */
    uint64_t split_min_bytes;       /* smallest file split across two threads (default 8 MiB) */
    int has_until;                  /* 1: until_day is the day the export was taken (rows dated after it
                                       are rejected); 0 (default): the export runs to its latest event */
    int32_t until_day;              /* chiso_days_from_civil */
    uint64_t split_at;              /* tests: where the second thread starts looking for a record
                                       boundary (0 = the middle of the file) */
    size_t read_size;               /* bytes read at a time (default 1 MiB; at least 1) */
    size_t keep_per_reason;         /* locations kept per rejection reason (default 5) */
    chiso_aggregate_progress_fn progress; /* NULL: none */
    void *progress_ctx;
    double progress_interval;       /* seconds between progress calls (default 0.25; 0 = every read) */
} chiso_aggregate_opts;

/* What a run did. */
typedef struct chiso_aggregate_stats {
    uint64_t bytes;                 /* bytes of the export read */
    uint64_t records;               /* data records (the header not included) */
    uint64_t counted;               /* records counted */
    uint64_t rejected;              /* records not counted (sum of by_reason) */
    uint64_t by_reason[CHISO_AGG_N_REASONS];
    uint64_t events[CHISO_AGG_N_EVENTS]; /* counted records per kind of event */
    uint64_t fast_records;          /* records split by the fast reader (the others went to libcsv) */
    uint64_t dup_unchecked;         /* records of member runs too long to hold (see FORMAT.md) */
    uint64_t rollup_gaps;           /* --by term: events that could not be put in a term of some
                                       ancestor (counted for their unit only; warnings say where) */
    int threads_used;               /* 1 or 2 */
    int has_end;                    /* 1 when end_day is set (a count with at least one counted row) */
    int32_t end_day;                /* the day the counts run to: opts.until_day, or the latest event
                                       counted; the period holding it ends there (a running term or year) */
    size_t units;                   /* units with rows in the output */
    size_t out_rows;                /* observations written by the last chiso_aggregate_write */
} chiso_aggregate_stats;

/* Fill o with the defaults listed above. o must not be NULL. */
CHISO_API void chiso_aggregate_opts_default(chiso_aggregate_opts *o);

/* A new count for one export. units_path: units.csv (required: the tree the counts roll up through);
 * terms_path: terms.csv (required for CHISO_AGG_BY_TERM, may be NULL for years); events_name: the
 * export's name as shown in diagnostics ("exports/events.csv"); its last path component is written
 * in the source column. opts may be NULL (defaults). diags (required, borrowed) receives the
 * problems of units.csv and terms.csv now, and the rejected rows and warnings when the count ends.
 * Returns CHISO_OK and *out; CHISO_EINVAL (a NULL argument, --by term without terms.csv, a bad
 * option), CHISO_EIO (a file cannot be read), CHISO_EDATA (units.csv or terms.csv has errors: they
 * are in diags) or CHISO_ENOMEM, with err filled and *out NULL. */
CHISO_API chiso_status chiso_aggregate_new(const char *units_path, const char *terms_path,
                                           const char *events_name, const chiso_aggregate_opts *opts,
                                           chiso_diags *diags, chiso_aggregate **out, chiso_error *err);

/* Free the handle and everything it holds. a may be NULL (no-op). */
CHISO_API void chiso_aggregate_free(chiso_aggregate *a);

/* Push len bytes of the export (any chunking: records, lines and UTF-8 sequences may be cut
 * anywhere). One thread; opts.threads is ignored. Returns CHISO_OK, or with err naming
 * FILE:LINE:COL: CHISO_EDATA (the header lacks a required column), CHISO_EPARSE (malformed
 * quoting), CHISO_EENCODING (not UTF-8), CHISO_ELIMIT (a field, record or line too long),
 * CHISO_ENOMEM, CHISO_EINVAL (the run has already finished). After an error every later call returns
 * the same error. Rejected rows are not errors: they are counted. */
CHISO_API chiso_status chiso_aggregate_feed(chiso_aggregate *a, const void *data, size_t len,
                                            chiso_error *err);

/* End of the pushed input: reads the last record, then adds the rejected rows' locations and the
 * warnings to diags. Returns CHISO_OK or an error as chiso_aggregate_feed (CHISO_EPARSE when the
 * export ends inside a quoted field, CHISO_EDATA when it has no header). */
CHISO_API chiso_status chiso_aggregate_finish(chiso_aggregate *a, chiso_error *err);

/* Count a whole file (instead of feed + finish): reads path in opts.read_size chunks, on two threads
 * when opts.threads says so (the file is cut at a record boundary between two members' runs; the
 * results are those of one thread). Calls opts.progress. Returns as chiso_aggregate_finish, or
 * CHISO_EIO when the file cannot be opened or read (not a regular file, a read error). */
CHISO_API chiso_status chiso_aggregate_file(chiso_aggregate *a, const char *path, chiso_error *err);

/* Write the observations (observations.csv columns of FORMAT.md, header first) to sink after a
 * successful finish or file. Rows: every unit of units.csv that has counted events in its subtree,
 * in the order of units.csv; per period the flows (zeros included), per rating year the counts and
 * shares per level and members_rated. Returns CHISO_OK, CHISO_EINVAL (the count has not finished
 * successfully), CHISO_EIO (the sink refused bytes) or CHISO_ENOMEM. */
CHISO_API chiso_status chiso_aggregate_write(chiso_aggregate *a, chiso_aggregate_sink sink, void *ctx,
                                             chiso_error *err);

/* chiso_aggregate_write into a file: written to "path.tmp<pid>" in the same folder, synced, then
 * renamed into place; on any failure the temporary file is removed and path is untouched. Returns as
 * chiso_aggregate_write, CHISO_EIO naming path when it cannot be created, written or renamed. */
CHISO_API chiso_status chiso_aggregate_write_file(chiso_aggregate *a, const char *path, chiso_error *err);

/* chiso_aggregate_write into a new NUL-terminated string (*out, freed by the caller with free;
 * *len its length, len may be NULL). For tests and small exports. */
CHISO_API chiso_status chiso_aggregate_write_string(chiso_aggregate *a, char **out, size_t *len,
                                                    chiso_error *err);

/* Copy the statistics of the run into *out (both must not be NULL). Valid at any time; complete
 * after finish/file (units and out_rows after write). */
CHISO_API void chiso_aggregate_get_stats(const chiso_aggregate *a, chiso_aggregate_stats *out);

/* Stable code of a rejection reason ("aggregate.unit", …; the diagnostics carry it), or NULL when r
 * is out of range. */
CHISO_API const char *chiso_aggregate_reason_code(chiso_aggregate_reason r);

/* Translated words for a rejection reason ("unknown unit"), or NULL when r is out of range. */
CHISO_API const char *chiso_aggregate_reason_text(chiso_aggregate_reason r);

/* The code of an event kind as written in events.csv ("admitted", …), or NULL when out of range. */
CHISO_API const char *chiso_aggregate_event_code(chiso_aggregate_event e);

#ifdef __cplusplus
}
#endif
#endif /* CHISO_AGGREGATE_H */

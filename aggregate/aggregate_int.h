/*
 * aggregate/aggregate_int.h — the export reader of `chiso aggregate` (aggregate/fastcsv.c), internal to the
 * library.
 *
 * fcsv reads CSV the way ingest/csvread.c does (same physical lines, same UTF-8 and limit checks,
 * same rows, same line numbers, same error messages), with one difference: a line that starts
 * between records and holds no quote, no carriage return except its last byte, no non-UTF-8 byte and
 * is not blank-looking is split by a fast path (SSE2 where the compiler offers it) instead of libcsv.
 * Every other line goes through libcsv exactly as csvread.c feeds it. tests/unit/test_aggregate.c
 * checks that both give the same result on every test file cut at many places.
 *
 * Input is written into the reader's own buffer (fcsv_space + fcsv_commit), so that the fast path
 * can read a few bytes past a line (the buffer keeps zeroed padding after its data).
 */
#ifndef CHISO_AGGREGATE_INT_H
#define CHISO_AGGREGATE_INT_H

#include <stddef.h>
#include <stdint.h>
#include "chiso/common.h"

/* One record. Fields are NOT NUL-terminated (use len); an empty field may have f[i] == NULL. */
typedef struct agg_row {
    size_t nfields;
    const char *const *f;
    const size_t *len;
    long line;            /* line the record starts on, counted from where the reader began (1-based) */
    const char *raw;      /* the record's bytes, for chiso_csv_field_pos */
    size_t raw_len;
    char delim;
    int clean_start;      /* the record starts at the start of a line read between records */
    uint64_t start_off;   /* offset of that line in the input (valid when clean_start) */
    int fast;             /* split by the fast path */
} agg_row;

/* Return 0 to go on, non-zero to stop reading (the rest is ignored). */
typedef int (*agg_row_fn)(void *ctx, const agg_row *row);

typedef struct fcsv fcsv;

/* A reader of the file called name. use_fast = 0 sends every line through libcsv. NULL on oom. */
fcsv *fcsv_new(const char *name, agg_row_fn cb, void *ctx, int use_fast);
void fcsv_free(fcsv *s);

/* Start in the middle of a file: at offset off (a line start), with the delimiter already known, no
 * byte-order mark and no header. Line numbers then count from 1 at off. */
chiso_status fcsv_start_mid(fcsv *s, char delim, uint64_t off, chiso_error *err);

/* Room for want more bytes at *dst (the caller writes up to want bytes there, then commits them). */
chiso_status fcsv_space(fcsv *s, size_t want, char **dst, chiso_error *err);

/* Take n bytes written at the space given and read every complete line (up to the stop offset). */
chiso_status fcsv_commit(fcsv *s, size_t n, chiso_error *err);

/* End of input: the last line without a newline, then the end of libcsv. */
chiso_status fcsv_finish(fcsv *s, chiso_error *err);

/* Stop before the line that starts at offset off (UINT64_MAX: never). fcsv_commit then returns with
 * fcsv_at_stop() = 1 when it got there; fcsv_resume goes on with the lines already in the buffer. */
void fcsv_set_stop(fcsv *s, uint64_t off);
int fcsv_at_stop(const fcsv *s);
chiso_status fcsv_resume(fcsv *s, chiso_error *err);

/* Between records: no record begun, libcsv idle. */
int fcsv_clean(const fcsv *s);
/* Lines completed so far; records delivered so far (a header included); the delimiter (0 before it
 * is known); whether a callback stopped the reader. */
long fcsv_lines(const fcsv *s);
long fcsv_rows(const fcsv *s);
char fcsv_delim(const fcsv *s);
int fcsv_stopped(const fcsv *s);
/* Input offset of the first byte not read yet (a line start). */
uint64_t fcsv_offset(const fcsv *s);

/* Tests: write the observations in blocks of block bytes (0: the default, 1 MiB). */
struct chiso_aggregate;
void chiso_aggregate_test_block(struct chiso_aggregate *a, size_t block);

#endif

/* ingest/csvcore.h — libcsv driven line by line, shared by the CSV reader (ingest/csvread.c) and the
 * export reader of `chiso aggregate` (aggregate/fastcsv.c), so that both cut records, number lines,
 * keep limits and word their errors alike (internal to the library).
 *
 * A reader embeds a chiso_csv_core and hands it its physical lines (each with its line end) one at a
 * time: the core checks each as UTF-8 (a NUL byte, or bytes of another encoding, are refused with the
 * encoding it looks like), drops the first line's byte-order mark and takes the delimiter from it (the
 * most frequent of , ; and tab outside quotes), starts a record on its first non-blank line, and gives
 * every complete record to the reader's emit function. libcsv's callbacks cannot stop a parse, so limits
 * crossed inside them are kept as pending and reported after the line, at the field where they were
 * crossed (FILE:LINE:COL). */
#ifndef CHISO_CSVCORE_H
#define CHISO_CSVCORE_H

#include "ingest/csvread.h"
#include "ingest/util.h"

#include <csv.h>

typedef struct chiso_csv_core chiso_csv_core;

/* Hand over a complete record: fields[i] is NULL for an empty unquoted field, else the NUL-terminated
 * text of c->lens[i] bytes (c->nfields of them; c->rec_line, c->rows, c->raw and c->delim describe the
 * record). Return non-zero to stop reading. */
typedef int (*chiso_csv_emit_fn)(chiso_csv_core *c, const char **fields);
/* A record starts on the line being handed over (c->rec_line is set); may be NULL. */
typedef void (*chiso_csv_begin_fn)(chiso_csv_core *c);

struct chiso_csv_core {
    char *name;               /* the file, as errors name it (owned) */
    chiso_csv_emit_fn emit;
    chiso_csv_begin_fn begin;
    struct csv_parser parser;
    int parser_ready;
    char delim;               /* 0 until the first line */
    chiso_buf raw;            /* the raw bytes of the current record */
    long line_no;             /* lines completed so far */
    long rec_line;            /* the line the current record started on */
    int in_record;
    int first_line;
    /* the fields of the current record */
    chiso_buf fieldbuf;
    size_t *offsets, *lens;
    unsigned char *isnull;
    size_t nfields, fcap;
    long rows;                /* records handed over (the header included) */
    int stopped;              /* emit asked to stop */
    /* a limit crossed inside a libcsv callback, reported after the line */
    chiso_status pending;
    char pending_msg[512];
    size_t pending_field;     /* the field where it was crossed (0-based) */
    chiso_status failed;      /* sticky: every later call returns it */
    chiso_error failed_err;
};

/* Set up c for the file called name (copied) with its emit and begin functions. Returns 0, or -1 when
 * out of memory (c is then left for chiso_csv_core_free). */
int chiso_csv_core_init(chiso_csv_core *c, const char *name, chiso_csv_emit_fn emit, chiso_csv_begin_fn begin);
/* Free what c holds (not c itself); a zeroed core is fine. */
void chiso_csv_core_free(chiso_csv_core *c);

/* Record a failure (sticky) with the message fmt at line:col of the file, copy it into *err when err is
 * not NULL, and return code. */
chiso_status chiso_csv_core_fail(chiso_csv_core *c, chiso_error *err, chiso_status code, long line, long col,
                                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Start libcsv with a known delimiter, for a reader that begins after the header line (the first line
 * is then not looked at for a byte-order mark or a delimiter). Returns CHISO_OK or CHISO_ENOMEM. */
chiso_status chiso_csv_core_start(chiso_csv_core *c, char delim, chiso_error *err);

/* One complete physical line s[0..n) (with its '\n', "\r\n" or '\r'; the last line of a file may have
 * none). Returns CHISO_OK, or CHISO_EENCODING, CHISO_EPARSE, CHISO_ELIMIT or CHISO_ENOMEM with err naming
 * FILE:LINE:COL. */
chiso_status chiso_csv_core_line(chiso_csv_core *c, const char *s, size_t n, chiso_error *err);

/* End of input: the last record, if libcsv still holds one. Returns CHISO_OK, or CHISO_EPARSE (the file
 * ends inside a quoted field) or a pending limit. */
chiso_status chiso_csv_core_finish(chiso_csv_core *c, chiso_error *err);

#endif

/* ingest/csvread.h — the streaming CSV reader over libcsv (internal to the library, used by tests
 * and fuzz targets). Input is pushed in chunks of any size; rows come out through a callback with the
 * line they start on. */
#ifndef CHISO_CSVREAD_H
#define CHISO_CSVREAD_H

#include <stddef.h>
#include "chiso/common.h"

#define CHISO_CSV_MAX_FIELD  65536u     /* bytes in one field */
#define CHISO_CSV_MAX_RECORD (1u << 20) /* bytes in one record (with quoted newlines) */
#define CHISO_CSV_MAX_FIELDS 512u       /* fields in one record */
#define CHISO_CSV_MAX_ROWS   2147483647L

/* One record. fields[i] is NULL for an empty unquoted field, else NUL-terminated text of lens[i]
 * bytes (quotes removed). The pointers live until the callback returns. */
typedef struct chiso_csv_row {
    size_t nfields;
    const char *const *fields;
    const size_t *lens;
    long line;          /* 1-based line where the record starts */
    long index;         /* 0 for the header, then 1, 2, … */
    const char *raw;    /* the record's bytes as read (UTF-8), for locating a field */
    size_t raw_len;
    char delim;
    int cells;          /* 1: a row of a workbook sheet (ingest/xlsxread.h): line is the sheet's row, field
                         * i is the cell of column i + 1, raw is NULL */
} chiso_csv_row;

/* Return 0 to go on, non-zero to stop reading (chiso_csv_feed then returns CHISO_OK and ignores the
 * rest). */
typedef int (*chiso_csv_row_cb)(void *ctx, const chiso_csv_row *row);

typedef struct chiso_csv_reader chiso_csv_reader;

/* A reader for the file called name (for messages). encoding: NULL/"utf-8", "cp1258" or "tcvn".
 * Returns NULL with err filled (unknown encoding, out of memory). */
chiso_csv_reader *chiso_csv_reader_new(const char *name, const char *encoding, chiso_csv_row_cb cb,
                                       void *ctx, chiso_error *err);
void chiso_csv_reader_free(chiso_csv_reader *r);

/* Push bytes. Returns CHISO_OK, or CHISO_EENCODING / CHISO_EPARSE / CHISO_ELIMIT / CHISO_ENOMEM with
 * err naming FILE:LINE:COL; after an error further calls return the same error. */
chiso_status chiso_csv_feed(chiso_csv_reader *r, const void *data, size_t len, chiso_error *err);
/* End of input: flushes the last record (a file need not end in a newline). */
chiso_status chiso_csv_finish(chiso_csv_reader *r, chiso_error *err);

/* Rows delivered so far (header included) and the delimiter detected (0 before the header). */
long chiso_csv_rows(const chiso_csv_reader *r);
char chiso_csv_delim(const chiso_csv_reader *r);

/* 1-based character column where field i of row starts, and the line it starts on (quoted newlines
 * move it). For a workbook row (cells = 1): the row and the column (A = 1) of the cell. */
void chiso_csv_field_pos(const chiso_csv_row *row, size_t i, long *line, long *col);

/* Read a whole file through a reader: opens it read-only, refuses a folder, reads in 64 KiB chunks. */
chiso_status chiso_csv_read_file(const char *path, const char *name, const char *encoding,
                                 chiso_csv_row_cb cb, void *ctx, chiso_error *err);

#endif

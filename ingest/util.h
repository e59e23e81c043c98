/* ingest/util.h — small helpers shared inside the library (never installed). */
#ifndef CHISO_UTIL_H
#define CHISO_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "chiso/common.h"

/* Translation of a message of the "chiso" catalogue; N_() marks a string for xgettext only. */
#define _(s) chiso_gettext(s)
#define N_(s) (s)

#define CHISO_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Grow *arr (of element size elt) so that it holds at least need elements; *cap is updated.
 * Returns 0 on success, -1 when out of memory (then *arr is untouched). */
int chiso_grow(void **arr, size_t *cap, size_t need, size_t elt);

/* strdup that returns NULL on NULL. */
char *chiso_strdup(const char *s);
char *chiso_strndup(const char *s, size_t n);

/* A growable string buffer. */
typedef struct chiso_buf {
    char *data;
    size_t len, cap;
    int oom; /* set once an allocation failed; later appends are ignored */
} chiso_buf;
void chiso_buf_init(chiso_buf *b);
void chiso_buf_free(chiso_buf *b);
void chiso_buf_reset(chiso_buf *b);
void chiso_buf_append(chiso_buf *b, const char *s, size_t n);
void chiso_buf_puts(chiso_buf *b, const char *s);
void chiso_buf_printf(chiso_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Take ownership of the contents (NUL-terminated, never NULL unless oom). */
char *chiso_buf_take(chiso_buf *b);

/* Case-insensitive comparison of UTF-8 text for ASCII and Vietnamese letters. */
int chiso_utf8_casecmp(const char *a, const char *b);
/* Lower-case a UTF-8 string (ASCII and Vietnamese letters) into a new string; NULL on oom. */
char *chiso_utf8_lower(const char *s);
/* Number of characters (code points) in the first n bytes of s. */
size_t chiso_utf8_chars(const char *s, size_t n);
/* Length of the valid UTF-8 prefix of s[0..n). */
size_t chiso_utf8_valid_prefix(const unsigned char *s, size_t n);

/* Trim ASCII space and tabs at both ends; returns a pointer into s and writes the new length. */
const char *chiso_trim(const char *s, size_t n, size_t *out_len);

/* FNV-1a hash. */
uint64_t chiso_hash(const void *data, size_t n, uint64_t seed);

/* Write data to path atomically: a temporary file in the same folder, fsync, rename. On failure the
 * temporary is removed and path is untouched. */
chiso_status chiso_write_file_atomic(const char *path, const void *data, size_t n, chiso_error *err);

#endif

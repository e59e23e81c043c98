/* ingest/text.h — one cleaning of every text field chiso reads, whatever the reader (CSV, workbook,
 * events export, command line): Unicode NFC through utf8proc, invisible characters removed, invisible
 * characters shown as U+XXXX in messages, and the accent-free fold of closed vocabularies. Internal
 * to the library (never installed). */
#ifndef CHISO_TEXT_H
#define CHISO_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "ingest/util.h"

/* What chiso_text_clean found and changed in a field. */
typedef struct chiso_text_note {
    int nfc;               /* the text was not in NFC (combining accents, "Unicode tổ hợp") */
    int invisible;         /* invisible characters removed (count) */
    uint32_t invisible_cp; /* the first of them (U+200B, U+200C, U+200D, U+2060, U+FEFF, U+00AD) */
    long invisible_col;    /* its 1-based character column in the text as written */
} chiso_text_note;

/* 1 when s[0..n) holds only ASCII bytes (then it is clean and in NFC as it is). */
int chiso_text_is_ascii(const char *s, size_t n);

/* Clean s[0..n) (valid UTF-8): zero-width characters (U+200B, U+200C, U+200D, U+2060), a stray
 * byte-order mark (U+FEFF) and soft hyphens (U+00AD) removed, then NFC. Returns 0 when s is already
 * clean (out untouched), 1 when the clean text was appended to out (NUL-terminated, not counting the
 * NUL), -1 when out of memory. note (may be NULL) says what changed. Pure ASCII costs one scan. */
int chiso_text_clean(const char *s, size_t n, chiso_buf *out, chiso_text_note *note);

/* The same into a new string (caller frees); NULL when out of memory. */
char *chiso_text_clean_dup(const char *s);

/* The 1-based character column in the text as written (orig, n bytes) of character k of its clean
 * form: a base letter and the combining marks NFC folds into it count once, removed characters not
 * at all. */
long chiso_text_orig_col(const char *orig, size_t n, long k);

/* A copy of s in which every invisible or control character (format characters such as U+200B and
 * U+FEFF, C0/C1 controls but tab and newline, line and paragraph separators) is written "U+200B",
 * so that a message never prints one raw. Returns NULL when out of memory; *changed (may be NULL) is
 * 1 when something was replaced. */
char *chiso_text_visible(const char *s, int *changed);

/* Vietnamese without accents: lower case, tone and vowel marks removed, đ → d (through utf8proc's
 * decomposition). New string; NULL on oom. "Trên 90%" → "tren 90%". */
char *chiso_text_unaccent(const char *s);

/* 1 when s has Vietnamese letters with marks (anything beyond ASCII that unaccents to ASCII). */
int chiso_text_has_accents(const char *s);

/* The reverse of the apostrophe chiso's tables put before formula-like text (chiso_text_needs_quote
 * in ingest/util.h; datasets/FORMAT.md "Text that starts with an apostrophe"): when s starts with
 * '\'' and the text after it is formula-like once its own leading apostrophes are set aside ("'=1+2",
 * "'@SUM(A1)", "'-cmd", "''=1+2"), exactly that one apostrophe is taken off, in place, and 1 is
 * returned (the length dropped by one); any other text is left as it is and 0 returned ("'abc",
 * "'-3.5", "'12" keep their apostrophe: chiso never wrote one there). A text written by chiso reads
 * back as it was before. */
int chiso_text_unquote(char *s);

#endif

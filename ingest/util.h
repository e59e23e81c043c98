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

/* Figures that all hold at once: the intersection of a and b (the larger lower end, the smaller upper
 * end, each end open when the figure giving it is open there; on a tie, open when either is), which is
 * empty (chiso_interval_empty) when they cannot both hold; and the hull of a and b (the smaller lower
 * end, the larger upper end; an end is open only when every figure reaching it is open there). */
chiso_interval chiso_interval_meet(chiso_interval a, chiso_interval b);
int chiso_interval_empty(chiso_interval a);
chiso_interval chiso_interval_hull(chiso_interval a, chiso_interval b);

/* The whole file at path, NUL-terminated (a new string the caller frees), its length in *len when len is
 * not NULL. NULL when it cannot be opened or read, or when out of memory. */
char *chiso_read_all(const char *path, size_t *len);

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
 * temporary is removed and path is untouched. A device, FIFO or socket (/dev/null, /dev/stdout on a
 * pipe) is written in place instead (it cannot be replaced); a symbolic link keeps pointing to the
 * file, which is replaced; a folder is refused. */
chiso_status chiso_write_file_atomic(const char *path, const void *data, size_t n, chiso_error *err);

/* chiso_members_at that also tells (*oom, may be NULL) when it could not know for want of memory,
 * so that a caller does not take "out of memory" for "no membership figure" (ingest/members.c). */
struct chiso_dataset;
int ds_members_at(const struct chiso_dataset *ds, long unit, int32_t day, chiso_interval *out, int *oom);

/* The membership of every unit, built in one pass over the figures, for callers that ask at many
 * (unit, day): ds_members_get answers as ds_members_at (interpolated between point figures of
 * "members"; 0 when unknown). NULL when out of memory; _free(NULL) is a no-op (ingest/members.c). */
typedef struct ds_members ds_members;
ds_members *ds_members_new(const struct chiso_dataset *ds);
int ds_members_get(const ds_members *m, long unit, int32_t day, chiso_interval *out);
void ds_members_free(ds_members *m);

/* 1 when a diagnostic could not be stored in d for want of memory: whoever filled the list must then
 * fail with CHISO_ENOMEM rather than return an incomplete list (ingest/diags.c). */
int chiso_diags_lost(const chiso_diags *d);

/* Open an input file read-only; refuse anything but a regular file (a folder, a FIFO — without blocking
 * on it —, a device). Returns the descriptor, or -1 with err filled (CHISO_EIO naming name). */
int chiso_open_regular(const char *path, const char *name, chiso_error *err);

/* The pieces of chiso_write_file_atomic for writers that stream (chiso aggregate, charts):
 * chiso_output_resolve says where path goes: *direct = 1 for a device, FIFO or socket (write it in
 * place), else *real (caller frees) is the regular file to replace (path, or what a link names); a
 * folder is refused. chiso_output_open_tmp creates "<real>.tmp<pid>" (O_EXCL) and opens it;
 * chiso_output_commit syncs and closes fd, renames tmp onto real when st is CHISO_OK, removes it
 * otherwise, frees tmp and returns the final status (errors name shown). */
chiso_status chiso_output_resolve(const char *path, char **real, int *direct, chiso_error *err);
chiso_status chiso_output_open_tmp(const char *real, char **tmp, int *fd, chiso_error *err);
chiso_status chiso_output_commit(int fd, char *tmp, const char *real, const char *shown, chiso_status st,
                                 chiso_error *err);

/* ---- where outputs may go (ingest/output.c) ----------------------------------------------------- */

/* The absolute form of path: links resolved in the part that exists, "." and ".." folded, no trailing
 * slash (the rest, not yet existing, taken as written). Caller frees; NULL when out of memory. */
char *chiso_path_resolve(const char *path);
/* 1 when the resolved path is dir or lies below it (both resolved). */
int chiso_path_within(const char *path, const char *dir);
/* Refuse (CHISO_EINVAL naming out) an output that resolves to one of the inputs (files or folders, n of
 * them; NULL entries skipped), lies inside an input folder, or is a folder that holds an input. The
 * files of an input folder that are links count as inputs too. "-", NULL, a device or a pipe pass. */
chiso_status chiso_output_guard(const char *out, const char *const *inputs, size_t n, chiso_error *err);
/* Remove what runs killed before they finished left beside path: files "<path>.tmp<pid>[.<n>]" and
 * folders "<path>.tmp-<pid>" / "<path>.old-<pid>" chiso marked, of processes that no longer exist
 * (kill(pid, 0) fails with ESRCH); a folder "<path>.old-<pid>" returns to path when path is missing.
 * What a live process owns, what another user owns, and folders chiso has not marked are left alone. */
void chiso_output_clean_stale(const char *path);
/* Remove a folder and everything below it, never following a link nor entering another file system. */
void chiso_rm_tree(const char *path);
/* The command line named in the marker of the folders chiso writes (the chiso command sets it). */
void chiso_output_set_command(const char *cmd);

/* A folder written whole, then put in place (chiso report). chiso_outdir_begin checks dir ("out/"
 * is out): refused (CHISO_EINVAL) when it meets an input (chiso_output_guard), is a file or a link,
 * or exists, is not empty and is not a folder chiso wrote holding only what chiso wrote (its marker
 * ".chiso-output" lists them); then cleans what killed runs left and makes the temporary folder
 * o->tmp, marked at once, to be filled by the caller. chiso_outdir_commit lists the files in the
 * marker and puts o->tmp in place of dir (an earlier output is kept until then). chiso_outdir_free
 * removes o->tmp unless committed and frees o (always call it). */
typedef struct chiso_outdir {
    char *dir;  /* the folder as given, without trailing slashes */
    char *tmp;  /* "<dir>.tmp-<pid>": where the files go */
    char *old;  /* "<dir>.old-<pid>": the earlier output while it is replaced */
    int exists; /* dir exists (and will be replaced) */
    int made;   /* tmp was created and not yet put in place */
} chiso_outdir;
chiso_status chiso_outdir_begin(chiso_outdir *o, const char *dir, const char *const *inputs, size_t n_inputs,
                                chiso_error *err);
chiso_status chiso_outdir_mark(chiso_outdir *o, chiso_error *err);
chiso_status chiso_outdir_commit(chiso_outdir *o, chiso_error *err);
void chiso_outdir_free(chiso_outdir *o);

/* Would a spreadsheet take this text for a formula (OWASP "CSV injection")? It starts with '=', '@',
 * a tab or a carriage return, or with '+' or '-' followed by anything but a number ("-3.5", "+12",
 * "-3,5%" are numbers). The table writers (CSV: chiso_csv_field*; XLSX: report/doc.c) write such
 * text with a leading apostrophe, so that it stays text (libxlsxwriter 1.1 has no quote-prefix
 * format). */
int chiso_text_is_formula(const char *s);
/* Does s get a leading apostrophe in a table (CSV, XLSX)? When it is formula-like once its leading
 * apostrophes are set aside: "=1+2" and also "'=1+2" (which then reads back as itself, since the
 * reader takes exactly one apostrophe off: chiso_text_unquote in ingest/text.h). */
int chiso_text_needs_quote(const char *s);
/* An interval in words of the current language, as documents write it (docs/style-vi.md §2):
 * "64,5%", "trên 90%", "từ 3 trở lên" ("at least 3"), "dưới 5", "không quá 5", "từ 90% đến 95%",
 * "chưa rõ" for [0; +inf). pct adds a % sign to every number; a share whose upper end is 100 is written
 * by its lower end alone ("trên 90%"). Appended to b (the report's rp_interval is this). */
void chiso_buf_interval_words(chiso_buf *b, chiso_interval iv, int decimals, int pct);
/* Append s to Markdown text, its markup made inert: '<' that could open a tag, '&' that could open an
 * entity, '[' that could open a link ("[x](…)", "[x][y]"), '\', a single '*' and a word-edge '_'
 * are escaped with a backslash, outside `code`;
 * "**" (bold) and '`' (code) are kept. With cell, also '|' and a newline (as <br>), for table cells. */
void chiso_md_text(chiso_buf *b, const char *s, int cell);

/* JSON and CSV values: a string (null when NULL), a number (null / empty when not finite; CSV: "inf"
 * for an unbounded end, shortest of six decimals), an interval {lo, hi, lo_open, hi_open}. */
void chiso_json_str(chiso_buf *b, const char *s);
void chiso_json_num(chiso_buf *b, double v);
void chiso_json_interval(chiso_buf *b, int has, chiso_interval iv);
void chiso_csv_field(chiso_buf *b, const char *s);
/* The same, quoted when s holds one of specials (which must include ',' '"' '\n' '\r') or, with
 * edge_spaces, starts or ends with a space (a reader trims those). */
void chiso_csv_field_quoting(chiso_buf *b, const char *s, const char *specials, int edge_spaces);
void chiso_csv_num(chiso_buf *b, double v);

#endif

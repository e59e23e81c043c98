/* report/fill_int.h — what the two halves of chiso fill share (internal to report/): fill.c makes the
 * filler and says what each placeholder means; fill_template.c reads the templates (Markdown, DOCX)
 * and finds their placeholders, Word's split runs included. */
#ifndef CHISO_REPORT_FILL_INT_H
#define CHISO_REPORT_FILL_INT_H

#include "chiso/report.h"
#include "ingest/util.h"

#include <stddef.h>

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
/* A template bigger than this is refused (a letter-sized draft is a few hundred kB; a DOCX part is
 * inflated in memory, so its inflated size is bounded too: a ZIP bomb stops here). */
#define FILL_MAX_BYTES (64u << 20)
#define FILL_MAX_PART (256u << 20)
#define FILL_MAX_NAME 256

typedef struct fill_ctx {
    const chiso_filler *f;
    const char *name;     /* the template, named in messages */
    chiso_diags *diags;
    size_t bad;           /* placeholders that cannot be filled */
    chiso_status oom;
    chiso_error first;    /* the first of them */
} fill_ctx;

/* Note a placeholder that cannot be filled (at line:col of a text, or in the DOCX part `where`). */
void fill_bad_place(fill_ctx *c, long line, long col, const char *where, const char *text, const char *why);
/* The value of the placeholder text[0..n) as a new string, or NULL (then noted with fill_bad_place). */
char *fill_value_at(fill_ctx *c, const char *text, size_t n, long line, long col, const char *where);
/* A text s[0..n) with its placeholders filled: a new string of *out_n bytes (NULL when out of memory). */
char *fill_text(fill_ctx *c, const char *s, size_t n, size_t *out_n);

#endif

/* report/ooxml.h — the pieces of an Office Open XML package (internal): a ZIP archive made in memory
 * with libzip, and XML parts written with libxml2's xmlTextWriter (which does the escaping). Used by
 * the DOCX writer (report/docx.c) and the template filler (report/fill.c). */
#ifndef CHISO_REPORT_OOXML_H
#define CHISO_REPORT_OOXML_H

#include <stddef.h>
#include <libxml/xmlwriter.h>
#include "chiso/common.h"

/* ---- the archive ------------------------------------------------------------------------------- */

typedef struct ooxml_zip ooxml_zip;

/* A new empty archive in memory; NULL when out of memory. */
ooxml_zip *ooxml_zip_new(void);
/* Free the archive (and anything added to it); NULL is a no-op. */
void ooxml_zip_free(ooxml_zip *z);
/* Add a part named name with n bytes of data (copied). deflate: compress it (XML), else store it (PNG,
 * already compressed). Every entry gets the time 1980-01-01 00:00, so the same report gives the same
 * bytes. Returns CHISO_OK, CHISO_ENOMEM or CHISO_EIO (err names the part). */
chiso_status ooxml_zip_add(ooxml_zip *z, const char *name, const void *data, size_t n, int deflate,
                           chiso_error *err);
/* Add entry index of an open source archive unchanged (its compressed bytes are copied as they are).
 * The source archive must stay open until ooxml_zip_finish. */
struct zip;
chiso_status ooxml_zip_copy(ooxml_zip *z, struct zip *src, unsigned long long index, chiso_error *err);
/* The status of a failed libzip call on za: CHISO_ENOMEM when libzip ran out of memory (or za is NULL),
 * else otherwise, with "what: libzip's words" naming name. */
chiso_status ooxml_zip_fail(struct zip *za, chiso_status otherwise, const char *name, const char *what,
                            chiso_error *err);
/* Close the archive and return its bytes (*data, the caller frees) and size. The archive is freed in
 * every case. */
chiso_status ooxml_zip_finish(ooxml_zip *z, void **data, size_t *n, chiso_error *err);

/* ---- XML writing ------------------------------------------------------------------------------- */

/* An XML writer into memory that remembers whether any call failed. */
typedef struct xw {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    int bad;
} xw;

int xw_open(xw *x);              /* 0, or -1 when out of memory */
void xw_close(xw *x);            /* frees everything (the text too, unless taken) */
void xw_start(xw *x, const char *name);
void xw_attr(xw *x, const char *name, const char *value);
void xw_attr_int(xw *x, const char *name, long long v);
void xw_end(xw *x);
/* Character data, escaped by libxml2; characters XML 1.0 cannot hold (C0 controls but tab, newline,
 * carriage return; invalid UTF-8 bytes) are replaced by U+FFFD so that the part stays well formed. */
void xw_text(xw *x, const char *s, size_t n);
/* A copy of s (the caller frees; NULL when out of memory) with the characters XML 1.0 cannot hold
 * replaced by U+FFFD, as xw_text does. */
char *ooxml_clean_text(const char *s);
/* <name val="value"/> with the w: prefix conventions of WordprocessingML: xw_val(x, "w:jc", "right"). */
void xw_val(xw *x, const char *name, const char *value);
/* End the document; returns the text (owned by x) and its length, or NULL when a call failed. */
const char *xw_finish(xw *x, size_t *n);

#endif

/* report/ooxml.c — an Office Open XML package in memory: libzip for the archive, libxml2's
 * xmlTextWriter for the parts. No ZIP, deflate or XML escaping of our own. */
#include "report/ooxml.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>
#include "ingest/util.h"

struct ooxml_zip {
    zip_source_t *src; /* the bytes of the archive (kept past zip_close) */
    zip_t *za;
};

ooxml_zip *ooxml_zip_new(void)
{
    ooxml_zip *z = calloc(1, sizeof *z);
    if (!z)
        return NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    z->src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (z->src) {
        z->za = zip_open_from_source(z->src, ZIP_CREATE | ZIP_TRUNCATE, &ze);
        if (z->za)
            zip_source_keep(z->src); /* zip_close would free it otherwise */
        else
            zip_source_free(z->src);
    }
    zip_error_fini(&ze);
    if (!z->za) {
        free(z);
        return NULL;
    }
    return z;
}

void ooxml_zip_free(ooxml_zip *z)
{
    if (!z)
        return;
    if (z->za)
        zip_discard(z->za);
    if (z->src)
        zip_source_free(z->src);
    free(z);
}

/* 1980-01-01 00:00 local time: the earliest time a ZIP entry can hold, as Excel and libxlsxwriter do.
 * Worked out once (mktime reads the time zone and allocates: not again in every run). */
static time_t epoch_1980;
static pthread_once_t epoch_once = PTHREAD_ONCE_INIT;

static void epoch_init(void)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 80;
    tm.tm_mon = 0;
    tm.tm_mday = 1;
    tm.tm_isdst = -1;
    epoch_1980 = mktime(&tm);
}

static time_t zip_epoch(void)
{
    pthread_once(&epoch_once, epoch_init);
    return epoch_1980;
}

chiso_status ooxml_zip_fail(struct zip *za, chiso_status otherwise, const char *name, const char *what,
                            chiso_error *err)
{
    zip_error_t *ze = za ? zip_get_error(za) : NULL;
    if (!za || (ze && zip_error_code_zip(ze) == ZIP_ER_MEMORY))
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    return chiso_error_set(err, otherwise, name, 0, 0, "%s: %s", what, zip_strerror(za));
}

chiso_status ooxml_zip_add(ooxml_zip *z, const char *name, const void *data, size_t n, int deflate,
                           chiso_error *err)
{
    void *copy = malloc(n ? n : 1);
    if (!copy)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    if (n)
        memcpy(copy, data, n);
    zip_source_t *s = zip_source_buffer(z->za, copy, n, 1);
    if (!s) {
        free(copy);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    zip_int64_t idx = zip_file_add(z->za, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
        zip_source_free(s);
        return ooxml_zip_fail(z->za, CHISO_EIO, name, _("cannot add a part to the archive"), err);
    }
    if (zip_set_file_compression(z->za, (zip_uint64_t)idx, deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0 ||
        zip_file_set_mtime(z->za, (zip_uint64_t)idx, zip_epoch(), 0) != 0)
        return ooxml_zip_fail(z->za, CHISO_EIO, name, _("cannot add a part to the archive"), err);
    return CHISO_OK;
}

chiso_status ooxml_zip_copy(ooxml_zip *z, struct zip *src, unsigned long long index, chiso_error *err)
{
    const char *name = zip_get_name(src, index, ZIP_FL_ENC_RAW);
    if (!name)
        return ooxml_zip_fail(src, CHISO_EPARSE, NULL, _("cannot read the archive"), err);
    /* the whole entry: libzip copies its compressed bytes as they are */
    zip_source_t *s = zip_source_zip(z->za, src, index, 0, 0, -1);
    if (!s)
        return ooxml_zip_fail(z->za, CHISO_EPARSE, name, _("cannot read the archive"), err);
    if (zip_file_add(z->za, name, s, ZIP_FL_ENC_RAW) < 0) {
        zip_source_free(s);
        return ooxml_zip_fail(z->za, CHISO_EIO, name, _("cannot add a part to the archive"), err);
    }
    return CHISO_OK;
}

chiso_status ooxml_zip_finish(ooxml_zip *z, void **data, size_t *n, chiso_error *err)
{
    *data = NULL;
    *n = 0;
    chiso_status st = CHISO_OK;
    if (zip_close(z->za) != 0) {
        /* a broken source entry shows here too (its bytes are read when the archive is written) */
        zip_error_t *ze = zip_get_error(z->za);
        int code = ze ? zip_error_code_zip(ze) : 0;
        st = code == ZIP_ER_MEMORY ? chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"))
             : code == ZIP_ER_WRITE || code == ZIP_ER_TMPOPEN || code == ZIP_ER_RENAME
                 ? chiso_error_set(err, CHISO_EIO, NULL, 0, 0, _("cannot write the archive: %s"), zip_strerror(z->za))
                 : chiso_error_set(err, CHISO_EPARSE, NULL, 0, 0, _("cannot read the archive: %s"), zip_strerror(z->za));
        ooxml_zip_free(z);
        return st;
    }
    z->za = NULL;
    zip_stat_t zs;
    void *buf = NULL;
    if (zip_source_open(z->src) != 0) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    zip_stat_init(&zs);
    if (zip_source_stat(z->src, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE)) {
        st = chiso_error_set(err, CHISO_EIO, NULL, 0, 0, "%s", _("cannot write the archive"));
        zip_source_close(z->src);
        goto done;
    }
    buf = malloc(zs.size ? zs.size : 1);
    if (!buf) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    } else if (zip_source_read(z->src, buf, zs.size) != (zip_int64_t)zs.size) {
        st = chiso_error_set(err, CHISO_EIO, NULL, 0, 0, "%s", _("cannot write the archive"));
        free(buf);
        buf = NULL;
    }
    zip_source_close(z->src);
    if (buf) {
        *data = buf;
        *n = (size_t)zs.size;
    }
done:
    ooxml_zip_free(z);
    return st;
}

/* ---- XML --------------------------------------------------------------------------------------- */

int xw_open(xw *x)
{
    memset(x, 0, sizeof *x);
    x->buf = xmlBufferCreate();
    if (!x->buf)
        return -1;
    x->w = xmlNewTextWriterMemory(x->buf, 0);
    if (!x->w) {
        xmlBufferFree(x->buf);
        x->buf = NULL;
        return -1;
    }
    if (xmlTextWriterStartDocument(x->w, NULL, "UTF-8", "yes") < 0)
        x->bad = 1;
    return 0;
}

void xw_close(xw *x)
{
    if (x->w)
        xmlFreeTextWriter(x->w);
    if (x->buf)
        xmlBufferFree(x->buf);
    memset(x, 0, sizeof *x);
}

void xw_start(xw *x, const char *name)
{
    if (xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
        x->bad = 1;
}

void xw_attr(xw *x, const char *name, const char *value)
{
    if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST(value ? value : "")) < 0)
        x->bad = 1;
}

void xw_attr_int(xw *x, const char *name, long long v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", v);
    xw_attr(x, name, b);
}

void xw_end(xw *x)
{
    if (xmlTextWriterEndElement(x->w) < 0)
        x->bad = 1;
}

void xw_val(xw *x, const char *name, const char *value)
{
    xw_start(x, name);
    xw_attr(x, "w:val", value);
    xw_end(x);
}

/* Length of the UTF-8 character at p (1..4) when it is one XML 1.0 can hold, else 0. */
static size_t xml_char(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (!k || k > n || chiso_utf8_valid_prefix(p, k) != k)
        return 0;
    unsigned long cp = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
    for (size_t i = 1; i < k; i++)
        cp = (cp << 6) | (p[i] & 0x3F);
    if (cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD)
        return 0;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF)
        return 0;
    return k;
}

static char *clean(const char *s, size_t n)
{
    chiso_buf b;
    chiso_buf_init(&b);
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    for (size_t i = 0; i < n;) {
        size_t k = xml_char(p + i, n - i);
        if (k) {
            chiso_buf_append(&b, (const char *)p + i, k);
            i += k;
        } else {
            chiso_buf_puts(&b, "\xEF\xBF\xBD");
            i++;
        }
    }
    return chiso_buf_take(&b);
}

char *ooxml_clean_text(const char *s)
{
    return clean(s, s ? strlen(s) : 0);
}

void xw_text(xw *x, const char *s, size_t n)
{
    char *t = clean(s, n);
    if (!t || xmlTextWriterWriteString(x->w, BAD_CAST t) < 0)
        x->bad = 1;
    free(t);
}

const char *xw_finish(xw *x, size_t *n)
{
    if (xmlTextWriterEndDocument(x->w) < 0 || xmlTextWriterFlush(x->w) < 0)
        x->bad = 1;
    if (x->bad)
        return NULL;
    *n = (size_t)xmlBufferLength(x->buf);
    return (const char *)xmlBufferContent(x->buf);
}

/*
 * ingest/text.c — the cleaning every text field goes through, whatever reader brought it (see
 * ingest/text.h). Unicode normalisation is utf8proc's (NFC, the form Vietnamese keyboards in
 * "Unicode dựng sẵn" write); combining accents ("Unicode tổ hợp", macOS file names) are composed.
 */
#include "ingest/text.h"
#include "chiso/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int chiso_text_is_ascii(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    /* eight bytes at a time: any high bit means non-ASCII */
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ULL)
            return 0;
    }
    for (; i < n; i++)
        if (p[i] & 0x80)
            return 0;
    return 1;
}


/* Characters removed from every field: they are invisible and mean nothing in a figure or a code. */
static int is_removed(int32_t cp)
{
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD;
}

/* Code points that are in NFC whatever surrounds them: precomposed Latin letters (every Vietnamese
 * letter), general punctuation, currency signs, arrows and mathematical operators. A text made of
 * ASCII and these is clean as it is, without a call to utf8proc (the common case: a quote in
 * Vietnamese, already precomposed). Combining marks, singletons such as U+2126 and scripts that
 * compose two starters (Hangul) are left to utf8proc. */
static int nfc_stable(int32_t cp)
{
    return (cp >= 0x80 && cp <= 0x2FF) || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2002 && cp <= 0x200A) ||
           (cp >= 0x2010 && cp <= 0x205F) || (cp >= 0x20A0 && cp <= 0x20CF) || (cp >= 0x2190 && cp <= 0x22FF);
}

/* 1 when s[0..n) is valid UTF-8 made of ASCII and nfc_stable code points only, none of them removed. */
static int quick_clean(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t k;
        if ((c & 0xE0) == 0xC0 && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
            cp = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
            k = 2;
        } else if ((c & 0xF0) == 0xE0 && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
            cp = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
            k = 3;
        } else {
            return 0;
        }
        if (!nfc_stable(cp) || is_removed(cp))
            return 0;
        i += k;
    }
    return 1;
}

int chiso_text_clean(const char *s, size_t n, chiso_buf *out, chiso_text_note *note)
{
    if (note)
        memset(note, 0, sizeof *note);
    if (chiso_text_is_ascii(s, n) || quick_clean(s, n))
        return 0;
    /* first pass: the removed characters */
    chiso_buf kept;
    chiso_buf_init(&kept);
    int removed = 0;
    long col = 0;
    size_t i = 0, copied = 0;
    while (i < n) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) { /* not UTF-8 (the readers check it first): leave the text as it is */
            chiso_buf_free(&kept);
            return 0;
        }
        col++;
        if (is_removed(cp)) {
            if (!removed && note) {
                note->invisible_cp = (uint32_t)cp;
                note->invisible_col = col;
            }
            removed++;
            chiso_buf_append(&kept, s + copied, i - copied);
            copied = i + (size_t)k;
        }
        i += (size_t)k;
    }
    const char *text = s;
    size_t len = n;
    if (removed) {
        chiso_buf_append(&kept, s + copied, n - copied);
        if (kept.oom) {
            chiso_buf_free(&kept);
            return -1;
        }
        text = kept.data ? kept.data : "";
        len = kept.len;
    }
    utf8proc_uint8_t *nfc = NULL;
    int changed_nfc = 0;
    if (!chiso_text_is_ascii(text, len)) {
        utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &nfc,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (m == UTF8PROC_ERROR_NOMEM) {
            chiso_buf_free(&kept);
            return -1;
        }
        if (m < 0) { /* cannot be normalised (invalid): keep it as it is */
            nfc = NULL;
        } else if ((size_t)m != len || memcmp(nfc, text, len) != 0) {
            changed_nfc = 1;
            text = (const char *)nfc;
            len = (size_t)m;
        }
    }
    int changed = removed || changed_nfc;
    if (changed) {
        chiso_buf_append(out, text, len);
        chiso_buf_append(out, "", 1);
        if (!out->oom)
            out->len--; /* the NUL is kept but not counted */
    }
    free(nfc);
    chiso_buf_free(&kept);
    if (changed && out->oom)
        return -1;
    if (note) {
        note->nfc = changed_nfc;
        note->invisible = removed;
    }
    return changed;
}

char *chiso_text_clean_dup(const char *s)
{
    chiso_buf b;
    chiso_buf_init(&b);
    int r = chiso_text_clean(s, strlen(s), &b, NULL);
    if (r < 0) {
        chiso_buf_free(&b);
        return NULL;
    }
    if (r == 0)
        return chiso_strdup(s);
    return chiso_buf_take(&b);
}

long chiso_text_orig_col(const char *orig, size_t n, long k)
{
    long units = 0, chars = 0;
    size_t i = 0;
    while (i < n) {
        int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)orig + i, (utf8proc_ssize_t)(n - i), &cp);
        if (len <= 0)
            break;
        chars++;
        if (!is_removed(cp) && (units == 0 || utf8proc_get_property(cp)->combining_class == 0)) {
            units++;
            if (units == k)
                return chars;
        }
        i += (size_t)len;
    }
    return chars + (k - units);
}

static int is_hidden(int32_t cp)
{
    if (cp == '\t' || cp == '\n')
        return 0;
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
        return 1;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_CF || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

char *chiso_text_visible(const char *s, int *changed)
{
    if (changed)
        *changed = 0;
    if (!s)
        return NULL;
    size_t n = strlen(s);
    chiso_buf b;
    chiso_buf_init(&b);
    size_t i = 0, copied = 0;
    while (i < n) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        if (is_hidden(cp)) {
            chiso_buf_append(&b, s + copied, i - copied);
            chiso_buf_printf(&b, "U+%04X", (unsigned)cp);
            copied = i + (size_t)k;
            if (changed)
                *changed = 1;
        }
        i += (size_t)k;
    }
    chiso_buf_append(&b, s + copied, n - copied);
    if (b.oom) {
        chiso_buf_free(&b);
        return NULL;
    }
    return chiso_buf_take(&b);
}

char *chiso_text_unaccent(const char *s)
{
    if (!s)
        return NULL;
    utf8proc_uint8_t *d = NULL;
    /* decompose, drop the marks, lower case */
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, 0, &d,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                          UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    if (m < 0) {
        if (m == UTF8PROC_ERROR_NOMEM)
            return NULL;
        return chiso_utf8_lower(s); /* not UTF-8: as it is, in lower case */
    }
    /* đ (U+0111) has no decomposition: it is its own letter, written d without accents */
    char *o = (char *)d;
    for (char *p = (char *)d; *p; p++) {
        if ((unsigned char)p[0] == 0xC4 && (unsigned char)p[1] == 0x91) {
            *o++ = 'd';
            p++;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return (char *)d;
}

int chiso_text_has_accents(const char *s)
{
    return s && !chiso_text_is_ascii(s, strlen(s));
}

char *chiso_text_normalize(const char *s)
{
    return s ? chiso_text_clean_dup(s) : NULL;
}

int chiso_text_unquote(char *s)
{
    if (!s || s[0] != '\'' || !chiso_text_needs_quote(s + 1))
        return 0;
    memmove(s, s + 1, strlen(s)); /* with its NUL */
    return 1;
}

/* ingest/diags.c — a list of diagnostics (errors, warnings, notes) found in data. */
#include "chiso/common.h"
#include "ingest/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chiso_diags {
    chiso_diag *items;
    size_t n, cap;
    size_t errors, warnings, dropped;
};

chiso_diags *chiso_diags_new(void)
{
    return calloc(1, sizeof(chiso_diags));
}

void chiso_diags_free(chiso_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free((char *)d->items[i].file);
        free((char *)d->items[i].code);
        free((char *)d->items[i].msg);
    }
    free(d->items);
    free(d);
}

chiso_status chiso_diags_vadd(chiso_diags *d, chiso_severity sev, const char *file, long line,
                              long col, const char *code, const char *fmt, va_list ap)
{
    if (!d)
        return CHISO_EINVAL;
    if (sev == CHISO_ERROR)
        d->errors++;
    else if (sev == CHISO_WARNING)
        d->warnings++;
    if (d->n >= CHISO_DIAGS_MAX) {
        d->dropped++;
        return CHISO_OK;
    }
    if (chiso_grow((void **)&d->items, &d->cap, d->n + 1, sizeof *d->items) != 0)
        return CHISO_ENOMEM;
    chiso_buf b;
    chiso_buf_init(&b);
    char small[512];
    va_list ap2;
    va_copy(ap2, ap);
    int len = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (len >= 0 && (size_t)len < sizeof small) {
        chiso_buf_append(&b, small, (size_t)len);
    } else if (len >= 0) {
        char *big = malloc((size_t)len + 1);
        if (big) {
            vsnprintf(big, (size_t)len + 1, fmt, ap);
            chiso_buf_append(&b, big, (size_t)len);
            free(big);
        } else {
            b.oom = 1;
        }
    }
    /* a problem of a whole record is placed at its first column, so every located diagnostic reads
     * FILE:LINE:COL */
    if (line > 0 && col <= 0)
        col = 1;
    chiso_diag *it = &d->items[d->n];
    it->severity = sev;
    it->file = chiso_strdup(file);
    it->line = line;
    it->col = col;
    it->code = chiso_strdup(code);
    it->msg = chiso_buf_take(&b);
    if ((file && !it->file) || (code && !it->code) || !it->msg) {
        free((char *)it->file);
        free((char *)it->code);
        free((char *)it->msg);
        return CHISO_ENOMEM;
    }
    d->n++;
    return CHISO_OK;
}

chiso_status chiso_diags_add(chiso_diags *d, chiso_severity sev, const char *file, long line, long col,
                             const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    chiso_status st = chiso_diags_vadd(d, sev, file, line, col, code, fmt, ap);
    va_end(ap);
    return st;
}

size_t chiso_diags_count(const chiso_diags *d)
{
    return d ? d->n : 0;
}

const chiso_diag *chiso_diags_get(const chiso_diags *d, size_t i)
{
    return d && i < d->n ? &d->items[i] : NULL;
}

size_t chiso_diags_errors(const chiso_diags *d)
{
    return d ? d->errors : 0;
}

size_t chiso_diags_warnings(const chiso_diags *d)
{
    return d ? d->warnings : 0;
}

size_t chiso_diags_dropped(const chiso_diags *d)
{
    return d ? d->dropped : 0;
}

size_t chiso_diags_find(const chiso_diags *d, const char *code)
{
    for (size_t i = 0; d && i < d->n; i++)
        if (d->items[i].code && code && strcmp(d->items[i].code, code) == 0)
            return i;
    return (size_t)-1;
}

/* Merge sort keeps equal places in their order (qsort is not stable). */
static int diag_cmp(const chiso_diag *a, const chiso_diag *b)
{
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return 0;
}

static void merge_sort(chiso_diag *a, chiso_diag *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(a, tmp, h);
    merge_sort(a + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = diag_cmp(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

void chiso_diags_sort(chiso_diags *d)
{
    if (!d || d->n < 2)
        return;
    chiso_diag *tmp = malloc(d->n * sizeof *tmp);
    if (!tmp)
        return; /* unsorted is still correct output */
    merge_sort(d->items, tmp, d->n);
    free(tmp);
}

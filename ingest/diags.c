/* ingest/diags.c — a list of diagnostics (errors, warnings, notes) found in data. */
#include "chiso/common.h"
#include "ingest/text.h"
#include "ingest/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chiso_diags {
    chiso_diag *items;
    size_t n, cap;
    size_t errors, warnings, dropped;
    int lost; /* a diagnostic could not be stored (out of memory): the list is incomplete */
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
    if (chiso_grow((void **)&d->items, &d->cap, d->n + 1, sizeof *d->items) != 0) {
        d->dropped++;
        d->lost = 1;
        return CHISO_ENOMEM;
    }
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
    /* an invisible character quoted from the data is shown as U+200B, never printed raw */
    if (!b.oom && b.data) {
        int changed = 0;
        char *vis = chiso_text_visible(b.data, &changed);
        if (!vis) {
            b.oom = 1;
        } else if (changed) {
            chiso_buf_reset(&b);
            chiso_buf_puts(&b, vis);
        }
        free(vis);
    }
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
        d->dropped++;
        d->lost = 1;
        return CHISO_ENOMEM;
    }
    d->n++;
    return CHISO_OK;
}

int chiso_diags_lost(const chiso_diags *d)
{
    return d && d->lost;
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

/* Without memory for the merge buffer: the same stable sort, merging in place by rotations
 * (libstdc++'s __merge_without_buffer), O(n log² n). */
static void reverse(chiso_diag *a, size_t n)
{
    for (size_t i = 0; i < n / 2; i++) {
        chiso_diag t = a[i];
        a[i] = a[n - 1 - i];
        a[n - 1 - i] = t;
    }
}

static void merge_in_place(chiso_diag *a, size_t h, size_t n)
{
    size_t len1 = h, len2 = n - h;
    if (len1 == 0 || len2 == 0)
        return;
    if (n == 2) {
        if (diag_cmp(&a[1], &a[0]) < 0)
            reverse(a, 2);
        return;
    }
    size_t cut1, cut2;
    if (len1 > len2) {
        cut1 = len1 / 2; /* the first of the right part not below a[cut1] */
        size_t lo = h, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (diag_cmp(&a[mid], &a[cut1]) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        cut2 = lo;
    } else {
        cut2 = h + len2 / 2; /* the first of the left part above a[cut2] */
        size_t lo = 0, hi = h;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (diag_cmp(&a[cut2], &a[mid]) < 0)
                hi = mid;
            else
                lo = mid + 1;
        }
        cut1 = lo;
    }
    /* rotate a[cut1, h) and a[h, cut2) */
    reverse(a + cut1, h - cut1);
    reverse(a + h, cut2 - h);
    reverse(a + cut1, cut2 - cut1);
    size_t mid = cut1 + (cut2 - h);
    merge_in_place(a, cut1, mid);
    merge_in_place(a + mid, h - cut1, n - mid);
}

static void sort_in_place(chiso_diag *a, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_in_place(a, h);
    sort_in_place(a + h, n - h);
    merge_in_place(a, h, n);
}

void chiso_diags_sort(chiso_diags *d)
{
    if (!d || d->n < 2)
        return;
    chiso_diag *tmp = malloc(d->n * sizeof *tmp);
    if (!tmp) {
        sort_in_place(d->items, d->n);
        return;
    }
    merge_sort(d->items, tmp, d->n);
    free(tmp);
}

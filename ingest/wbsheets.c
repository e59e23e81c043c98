/* ingest/wbsheets.c — the sheets of a dataset workbook, their headers, notes and lists (see
 * ingest/workbook.h and datasets/FORMAT.md): the kinds of ingest/schema.c that have a sheet. */
#include "ingest/workbook.h"
#include "ingest/embedded.h"
#include "ingest/util.h"
#include "ingest/xlsxread.h"
#include "chiso/ingest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The sheets of a workbook are the kinds of the schema that have one: they come first in its table. */
const wb_sheet *chiso_wb_sheets(size_t *n)
{
    size_t nk;
    const ds_kind *k = ds_kinds(&nk);
    *n = 0;
    while (*n < nk && k[*n].sheet)
        (*n)++;
    return k;
}

const wb_sheet *chiso_wb_sheet_of_file(const char *file)
{
    size_t n;
    const wb_sheet *sheets = chiso_wb_sheets(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(sheets[i].file, file) == 0)
            return &sheets[i];
    return NULL;
}

size_t chiso_wb_ncols(const wb_sheet *sh)
{
    size_t n = 0;
    while (sh->cols[n].code && sh->cols[n].label)
        n++;
    return n;
}

static int same_words(const char *a, const char *b)
{
    size_t na, nb;
    a = chiso_trim(a, strlen(a), &na);
    b = chiso_trim(b, strlen(b), &nb);
    char *x = chiso_strndup(a, na), *y = chiso_strndup(b, nb);
    int same = x && y && chiso_utf8_casecmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

const char *chiso_wb_header_code(const wb_sheet *sh, const char *header)
{
    if (!sh || !header)
        return NULL;
    for (const wb_column *c = sh->cols; c->code && c->label; c++)
        if (same_words(header, c->code) || same_words(header, c->label) ||
            same_words(header, chiso_gettext_lang(CHISO_LANG_VI, c->label)))
            return c->code;
    return NULL;
}

const char *const *chiso_wb_list_values(wb_list l)
{
    return ds_list_words(l);
}

int chiso_wb_is_helper_sheet(const char *name)
{
    return name && (same_words(name, CHISO_WB_GUIDE_SHEET) || same_words(name, CHISO_WB_LISTS_SHEET));
}

/* ---- every row of a dataset, as written ------------------------------------------------------- */

typedef struct walk_ctx {
    chiso_wb_row_cb cb;
    void *ctx;
    const char *file;
} walk_ctx;

static int walk_row(void *ctx, const chiso_csv_row *row)
{
    walk_ctx *w = ctx;
    return w->cb(w->ctx, w->file, row);
}

chiso_status chiso_wb_walk_rows(const char *path, const char *encoding, chiso_wb_row_cb cb, void *ctx,
                                chiso_error *err)
{
    chiso_status st = CHISO_OK;
    chiso_xlsx *book = NULL;
    if (path && chiso_path_is_workbook(path) && (st = chiso_xlsx_open(path, path, &book, err)) != CHISO_OK)
        return st;
    size_t nsheets;
    const wb_sheet *sheets = chiso_wb_sheets(&nsheets);
    for (size_t i = 0; i < nsheets && st == CHISO_OK; i++) {
        walk_ctx w = {cb, ctx, sheets[i].file};
        if (book) {
            long k = chiso_xlsx_find_sheet(book, sheets[i].sheet);
            if (k >= 0)
                st = chiso_xlsx_read_sheet(book, (size_t)k, sheets[i].sheet, walk_row, &w, err);
        } else if (!path) {
            char name[96];
            snprintf(name, sizeof name, "haiphong/%s", sheets[i].file);
            const chiso_embedded_file *f = chiso_embedded_find(name);
            if (!f)
                continue;
            chiso_csv_reader *r = chiso_csv_reader_new(name, NULL, walk_row, &w, err);
            if (!r)
                return err ? err->code : CHISO_ENOMEM;
            st = chiso_csv_feed(r, f->data, f->size, err);
            if (st == CHISO_OK)
                st = chiso_csv_finish(r, err);
            chiso_csv_reader_free(r);
        } else {
            size_t n = strlen(path) + strlen(sheets[i].file) + 2;
            char *file = malloc(n);
            if (!file)
                return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            snprintf(file, n, "%s/%s", path, sheets[i].file);
            struct stat sb;
            if (stat(file, &sb) == 0)
                st = chiso_csv_read_file(file, file, encoding, walk_row, &w, err);
            free(file);
        }
    }
    chiso_xlsx_free(book);
    return st;
}

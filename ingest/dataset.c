/*
 * ingest/dataset.c — loading a dataset (see datasets/FORMAT.md) into a chiso_dataset: from a folder of
 * CSV files, from files in memory, from a workbook or from the embedded default dataset, after the
 * built-in registries (read once per process). Each file is read by the generic reader
 * (ingest/ds_read.c) with its kind's check (below: the table from kinds to checks); the units' parents
 * are resolved and the terms of each unit indexed once all files are read.
 */
#include "ingest/dataset_base.h"
#include "ingest/ds_read.h"
#include "ingest/embedded.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void resolve_units(chiso_dataset *ds, chiso_diags *diags)
{
    for (size_t i = 0; i < ds->n_units; i++) {
        ds_unit *u = &ds->units[i];
        if (!u->parent_code)
            continue;
        u->parent = chiso_dataset_find_unit(ds, ds_str(ds, u->parent_code));
        if (u->parent < 0)
            chiso_diags_add(diags, CHISO_ERROR, ds_file(ds, u->file), u->line, 0, "unit.parent",
                            _("unit '%s' has an unknown parent '%s'"), ds_str(ds, u->code),
                            ds_str(ds, u->parent_code));
    }
    /* cycles: walking up more than n steps means a loop */
    for (size_t i = 0; i < ds->n_units; i++) {
        long p = ds->units[i].parent;
        size_t steps = 0;
        while (p >= 0 && steps <= ds->n_units) {
            p = ds->units[p].parent;
            steps++;
        }
        if (p >= 0) {
            chiso_diags_add(diags, CHISO_ERROR, ds_file(ds, ds->units[i].file), ds->units[i].line, 0,
                            "unit.cycle", _("unit '%s' is its own ancestor: the parents form a loop"),
                            ds_str(ds, ds->units[i].code));
            ds->units[i].parent = -1;
        }
    }
}

void chiso_load_opts_default(chiso_load_opts *o)
{
    memset(o, 0, sizeof *o);
    chiso_value_opts_default(&o->values);
}

static chiso_dataset *dataset_alloc(const char *dir, const chiso_load_opts *opts)
{
    chiso_dataset *ds = calloc(1, sizeof *ds);
    if (!ds)
        return NULL;
    chiso_strpool_init(&ds->pool);
    if (opts)
        ds->opts = *opts;
    else
        chiso_load_opts_default(&ds->opts);
    if (ds->opts.values.near <= 0 && ds->opts.values.about <= 0)
        chiso_value_opts_default(&ds->opts.values);
    ds->dir = chiso_strdup(dir);
    if (!ds->dir) {
        free(ds);
        return NULL;
    }
    return ds;
}

/* The kinds of ingest/schema.c in the order they are read (read_rank): indicators before the figures
 * that name them, units before terms, targets before the verdicts that bind to them. */
static size_t kinds_in_read_order(const ds_kind **out, size_t max)
{
    size_t nk, n = 0;
    const ds_kind *k = ds_kinds(&nk);
    for (int rank = -2; rank < (int)nk; rank++)
        for (size_t i = 0; i < nk; i++)
            if (k[i].read_rank == rank && n < max)
                out[n++] = &k[i];
    return n;
}

typedef source (*source_fn)(void *ctx, const char *name);

/* The check of each kind's rows. */
static ds_check_fn check_of(ds_kind_id kind)
{
    static const struct {
        ds_kind_id kind;
        ds_check_fn check;
    } checks[] = {{DS_K_REG_IND, ds_check_indicators}, {DS_K_REG_RATINGS, ds_check_ratings},
                  {DS_K_UNITS, ds_check_units},        {DS_K_TERMS, ds_check_terms},
                  {DS_K_INDICATORS, ds_check_indicators}, {DS_K_OBS, ds_check_obs},
                  {DS_K_TARGETS, ds_check_targets},    {DS_K_ILLUS, ds_check_targets},
                  {DS_K_VERDICTS, ds_check_verdicts},  {DS_K_RULES, ds_check_rules},
                  {DS_K_SOURCES, ds_check_sources}};
    for (size_t i = 0; i < CHISO_ARRAY_LEN(checks); i++)
        if (checks[i].kind == kind)
            return checks[i].check;
    return NULL;
}

/* ---- the built-in registries, read once ---------------------------------------------------------
 * registry/indicators.csv and registry/rating-schemes.csv are the same for every dataset. They are read
 * once per process into a base dataset that holds nothing else, and each new dataset starts as a copy of
 * it: the pool's strings in the same order (so every id is the same), the indicators with their index,
 * the rating crosswalk and the file names. A server or a fuzzer that loads thousands of datasets parses
 * them once. The base is built under a lock; if building it fails (no memory), the next load tries again. */
static pthread_mutex_t g_base_lock = PTHREAD_MUTEX_INITIALIZER;
static chiso_dataset *g_base;

static chiso_status read_registries(chiso_dataset *ds, chiso_diags *diags, chiso_error *err)
{
    const ds_kind *k[16];
    size_t nk = kinds_in_read_order(k, CHISO_ARRAY_LEN(k));
    for (size_t i = 0; i < nk; i++) {
        if (!(k[i]->flags & DS_KF_REGISTRY))
            continue;
        const chiso_embedded_file *f = chiso_embedded_find(k[i]->file);
        if (!f)
            return chiso_error_set(err, CHISO_EINTERNAL, NULL, 0, 0, _("the built-in %s is missing"),
                                   k[i]->file);
        char display[128];
        snprintf(display, sizeof display, "datasets/%s", k[i]->file);
        source s = {NULL, (const char *)f->data, f->size, 1};
        chiso_status st = ds_read_file(ds, diags, k[i]->id, check_of(k[i]->id), display, &s, err);
        if (st != CHISO_OK)
            return st;
    }
    return CHISO_OK;
}

static int dup_array(void *dst, const void *src, size_t n, size_t size, size_t *cap)
{
    void *p = NULL;
    if (n) {
        p = malloc(n * size);
        if (!p)
            return -1;
        memcpy(p, src, n * size);
    }
    *(void **)dst = p;
    *cap = n;
    return 0;
}

static int dup_index(ds_index *dst, const ds_index *src)
{
    if (dup_array(&dst->slots, src->slots, src->cap, sizeof *src->slots, &dst->cap) != 0)
        return -1;
    dst->n = src->n;
    return 0;
}

/* ds (fresh, empty) becomes a copy of b, a dataset read part way (the registries, or the files of the
 * first kinds; no rules, units' terms not yet indexed). The pool shares b's strings (same ids, nothing
 * hashed again: re-interning them was a quarter of each small load), so b must outlive ds; the rows
 * hold no pointers and are copied as they are. -1 when out of memory (ds is then freed by the caller). */
static int copy_base(chiso_dataset *ds, const chiso_dataset *b)
{
    if (b->n_rules || b->uterm_off)
        return -1; /* not a base: rules hold expression trees, the index is made at the end */
    if (chiso_strpool_share(&ds->pool, &b->pool) != 0 ||
        dup_array(&ds->units, b->units, b->n_units, sizeof *b->units, &ds->cap_units) != 0 ||
        dup_array(&ds->terms, b->terms, b->n_terms, sizeof *b->terms, &ds->cap_terms) != 0 ||
        dup_array(&ds->inds, b->inds, b->n_inds, sizeof *b->inds, &ds->cap_inds) != 0 ||
        dup_array(&ds->obs, b->obs, b->n_obs, sizeof *b->obs, &ds->cap_obs) != 0 ||
        dup_array(&ds->targets, b->targets, b->n_targets, sizeof *b->targets, &ds->cap_targets) != 0 ||
        dup_array(&ds->verdicts, b->verdicts, b->n_verdicts, sizeof *b->verdicts, &ds->cap_verdicts) != 0 ||
        dup_array(&ds->ratings, b->ratings, b->n_ratings, sizeof *b->ratings, &ds->cap_ratings) != 0 ||
        dup_array(&ds->files, b->files, b->n_files, sizeof *b->files, &ds->cap_files) != 0 ||
        dup_index(&ds->unit_ix, &b->unit_ix) != 0 || dup_index(&ds->ind_ix, &b->ind_ix) != 0 ||
        dup_index(&ds->term_ix, &b->term_ix) != 0)
        return -1;
    ds->n_units = b->n_units;
    ds->n_terms = b->n_terms;
    ds->n_inds = b->n_inds;
    ds->n_obs = b->n_obs;
    ds->n_targets = b->n_targets;
    ds->n_verdicts = b->n_verdicts;
    ds->n_ratings = b->n_ratings;
    ds->n_files = b->n_files;
    ds->has_units_file = b->has_units_file;
    return 0;
}

static chiso_status load_registries(chiso_dataset *ds, chiso_diags *diags, chiso_error *err)
{
    chiso_status st = CHISO_OK;
    pthread_mutex_lock(&g_base_lock);
    if (!g_base) {
        chiso_dataset *b = dataset_alloc("", NULL);
        chiso_diags *bd = chiso_diags_new();
        if (!b || !bd)
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        else
            st = read_registries(b, bd, err);
        /* the built-in files have no problems; if they had, every load reads them and says so */
        if (st == CHISO_OK && chiso_diags_count(bd) == 0 && !chiso_diags_lost(bd))
            g_base = b;
        else
            chiso_dataset_free(b);
        chiso_diags_free(bd);
        if (st != CHISO_OK) {
            pthread_mutex_unlock(&g_base_lock);
            return st;
        }
    }
    const chiso_dataset *base = g_base; /* once set, never changed nor freed */
    pthread_mutex_unlock(&g_base_lock);
    if (!base)
        return read_registries(ds, diags, err);
    if (copy_base(ds, base) != 0)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    return CHISO_OK;
}

/* Read the files of the kinds of read rank from..to-1 (registries apart) into ds; `finish`: then index
 * the units' terms (the end of a load). */
static chiso_status load_kinds(chiso_dataset *ds, const char *display_dir, source_fn get, void *ctx, int from,
                               int to, int finish, chiso_diags *diags, chiso_error *err)
{
    chiso_status st;
    const ds_kind *k[16];
    size_t nk = kinds_in_read_order(k, CHISO_ARRAY_LEN(k));
    for (size_t i = 0; i < nk; i++) {
        if ((k[i]->flags & DS_KF_REGISTRY) || ((k[i]->flags & DS_KF_ILLUSTRATIVE) && !ds->opts.illustrative) ||
            k[i]->read_rank < from || k[i]->read_rank >= to)
            continue;
        source s = get(ctx, k[i]->file);
        size_t n = strlen(display_dir) + strlen(k[i]->file) + 2;
        char *display = s.display ? chiso_strdup(s.display) : malloc(n);
        if (!display)
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        if (!s.display)
            snprintf(display, n, "%s%s%s", display_dir,
                     display_dir[0] && display_dir[strlen(display_dir) - 1] != '/' ? "/" : "",
                     k[i]->file);
        if (!s.present) {
            if ((k[i]->flags & DS_KF_REQUIRED) && s.display)
                chiso_diags_add(diags, CHISO_ERROR, display, 0, 0, "file.missing",
                                _("the workbook has no sheet '%.*s' (it is required: chiso template writes a "
                                  "workbook with every sheet)"),
                                (int)(strlen(k[i]->file) - 4), k[i]->file);
            else if ((k[i]->flags & DS_KF_REQUIRED))
                chiso_diags_add(diags, CHISO_ERROR, display, 0, 0, "file.missing",
                                _("the dataset has no %s (it is required: see datasets/FORMAT.md)"),
                                k[i]->file);
            free(display);
            continue;
        }
        if (k[i]->id == DS_K_UNITS)
            ds->has_units_file = 1;
        if (k[i]->id == DS_K_SOURCES)
            ds->has_sources_file = 1;
        st = ds_read_file(ds, diags, k[i]->id, check_of(k[i]->id), display, &s, err);
        free(display);
        if (st != CHISO_OK)
            return st;
        /* a workbook always has a units sheet (the template writes one): left with its header only, it
         * is as if there were no units.csv, and the units are those of the terms */
        if (k[i]->id == DS_K_UNITS && s.book && ds->n_units == 0)
            ds->has_units_file = 0;
        if (k[i]->id == DS_K_UNITS)
            resolve_units(ds, diags);
    }
    if (finish)
        ds_check_source_use(ds, diags); /* needs every kind read: the last load of a base does it */
    if ((finish && ds_index_unit_terms(ds) != 0) || chiso_diags_lost(diags))
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    return CHISO_OK;
}

static chiso_status load_common(chiso_dataset *ds, const char *display_dir, source_fn get, void *ctx,
                                chiso_diags *diags, chiso_error *err)
{
    chiso_status st;
    if ((st = load_registries(ds, diags, err)) != CHISO_OK)
        return st;
    return load_kinds(ds, display_dir, get, ctx, INT_MIN, INT_MAX, 1, diags, err);
}

typedef struct dir_ctx {
    const char *dir;
    char path[4096];
} dir_ctx;

static source dir_source(void *ctx, const char *name)
{
    dir_ctx *d = ctx;
    source s = {NULL, NULL, 0, 0};
    snprintf(d->path, sizeof d->path, "%s/%s", d->dir, name);
    struct stat sb;
    if (stat(d->path, &sb) == 0) {
        s.path = d->path;
        s.present = 1;
    } else if (errno != ENOENT || lstat(d->path, &sb) == 0) {
        /* it cannot be reached (or is a link to nothing): not missing, unreadable */
        s.path = d->path; /* let the reader report why it cannot be opened */
        s.present = 1;
    }
    return s;
}

chiso_status chiso_dataset_load(const char *dir, const chiso_load_opts *opts, chiso_diags *diags,
                                chiso_dataset **out, chiso_error *err)
{
    if (!dir || !diags || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("no dataset folder given"));
    *out = NULL;
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return chiso_error_set(err, CHISO_EIO, dir, 0, 0, _("cannot open the dataset folder: %s"),
                               strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return chiso_error_set(err, CHISO_EIO, dir, 0, 0, "%s",
                               _("not a folder: a dataset is a folder of CSV files (see datasets/FORMAT.md)"));
    chiso_dataset *ds = dataset_alloc(dir, opts);
    if (!ds)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    dir_ctx d = {dir, ""};
    /* display names: the folder as given, without a trailing slash */
    char display[4096];
    snprintf(display, sizeof display, "%s", dir);
    size_t n = strlen(display);
    while (n > 1 && display[n - 1] == '/')
        display[--n] = '\0';
    chiso_status st = load_common(ds, display, dir_source, &d, diags, err);
    if (st != CHISO_OK) {
        chiso_dataset_free(ds);
        return st;
    }
    *out = ds;
    return CHISO_OK;
}

typedef struct mem_ctx {
    size_t n;
    const char *const *names;
    const char *const *data;
    const size_t *size;
    const char *prefix; /* for embedded files: "haiphong/" */
} mem_ctx;

static source mem_source(void *ctx, const char *name)
{
    mem_ctx *m = ctx;
    source s = {NULL, NULL, 0, 0};
    if (m->prefix) {
        char path[256];
        snprintf(path, sizeof path, "%s%s", m->prefix, name);
        const chiso_embedded_file *f = chiso_embedded_find(path);
        if (f) {
            s.data = (const char *)f->data;
            s.size = f->size;
            s.present = 1;
        }
        return s;
    }
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->names[i], name) == 0) {
            s.data = m->data[i];
            s.size = m->size[i];
            s.present = 1;
        }
    return s;
}

chiso_status chiso_dataset_load_mem(const char *dir, size_t nfiles, const char *const *names,
                                    const char *const *data, const size_t *size,
                                    const chiso_load_opts *opts, chiso_diags *diags,
                                    chiso_dataset **out, chiso_error *err)
{
    if (!diags || !out || (nfiles && (!names || !data || !size)))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    chiso_dataset *ds = dataset_alloc(dir ? dir : "", opts);
    if (!ds)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    mem_ctx m = {nfiles, names, data, size, NULL};
    chiso_status st = load_common(ds, dir ? dir : "", mem_source, &m, diags, err);
    if (st != CHISO_OK) {
        chiso_dataset_free(ds);
        return st;
    }
    *out = ds;
    return CHISO_OK;
}

/* ---- bases: the files of the first kinds read once (ingest/dataset_base.h) ---------------------- */

struct ds_base {
    chiso_dataset *ds; /* the files read before kind rank `from` */
    int from;
};

chiso_status ds_base_new_mem(const char *dir, size_t nfiles, const char *const *names, const char *const *data,
                             const size_t *size, const chiso_load_opts *opts, const char *from_file,
                             chiso_diags *diags, ds_base **out, chiso_error *err)
{
    if (!diags || !out || !from_file || (nfiles && (!names || !data || !size)))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    size_t nk;
    const ds_kind *k = ds_kinds(&nk);
    int from = -1;
    for (size_t i = 0; i < nk; i++)
        if (!(k[i].flags & DS_KF_REGISTRY) && strcmp(k[i].file, from_file) == 0)
            from = k[i].read_rank;
    if (from < 0)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    ds_base *b = calloc(1, sizeof *b);
    chiso_dataset *ds = dataset_alloc(dir ? dir : "", opts);
    chiso_status st = CHISO_OK;
    if (!b || !ds)
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    mem_ctx m = {nfiles, names, data, size, NULL};
    if (st == CHISO_OK)
        st = load_registries(ds, diags, err);
    if (st == CHISO_OK)
        st = load_kinds(ds, dir ? dir : "", mem_source, &m, INT_MIN, from, 0, diags, err);
    if (st != CHISO_OK) {
        chiso_dataset_free(ds);
        free(b);
        return st;
    }
    b->ds = ds;
    b->from = from;
    *out = b;
    return CHISO_OK;
}

void ds_base_free(ds_base *b)
{
    if (!b)
        return;
    chiso_dataset_free(b->ds);
    free(b);
}

chiso_status ds_load_mem_on(const ds_base *base, size_t nfiles, const char *const *names,
                            const char *const *data, const size_t *size, chiso_diags *diags,
                            chiso_dataset **out, chiso_error *err)
{
    if (!base || !diags || !out || (nfiles && (!names || !data || !size)))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    chiso_dataset *ds = dataset_alloc(base->ds->dir, &base->ds->opts);
    if (!ds)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    mem_ctx m = {nfiles, names, data, size, NULL};
    chiso_status st = CHISO_OK;
    if (copy_base(ds, base->ds) != 0)
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    else
        st = load_kinds(ds, base->ds->dir, mem_source, &m, base->from, INT_MAX, 1, diags, err);
    if (st != CHISO_OK) {
        chiso_dataset_free(ds);
        return st;
    }
    *out = ds;
    return CHISO_OK;
}

chiso_status chiso_dataset_load_default(const chiso_load_opts *opts, chiso_diags *diags,
                                        chiso_dataset **out, chiso_error *err)
{
    if (!diags || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    chiso_dataset *ds = dataset_alloc("datasets/haiphong", opts);
    if (!ds)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    mem_ctx m = {0, NULL, NULL, NULL, "haiphong/"};
    chiso_status st = load_common(ds, "datasets/haiphong", mem_source, &m, diags, err);
    if (st != CHISO_OK) {
        chiso_dataset_free(ds);
        return st;
    }
    *out = ds;
    return CHISO_OK;
}

/* ---- workbooks -------------------------------------------------------------------------------- */

typedef struct book_ctx {
    chiso_xlsx *book;
    const char *name;        /* the workbook as messages call it */
    char display[4200];
} book_ctx;

static source book_source(void *ctx, const char *name)
{
    book_ctx *b = ctx;
    source s = {NULL, NULL, 0, 0};
    const wb_sheet *sh = chiso_wb_sheet_of_file(name);
    snprintf(b->display, sizeof b->display, "%s:%s!", b->name, sh ? sh->sheet : name);
    s.display = b->display;
    long i = sh ? chiso_xlsx_find_sheet(b->book, sh->sheet) : -1;
    if (i >= 0) {
        s.book = b->book;
        s.sheet = (size_t)i;
        s.present = 1;
    }
    return s;
}

static chiso_status load_book(chiso_xlsx *book, const char *name, const chiso_load_opts *opts,
                              chiso_diags *diags, chiso_dataset **out, chiso_error *err)
{
    chiso_dataset *ds = dataset_alloc(name, opts);
    if (!ds) {
        chiso_xlsx_free(book);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    book_ctx *b = malloc(sizeof *b);
    chiso_status st = CHISO_OK;
    if (!b) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    b->book = book;
    b->name = name;
    /* sheets that are none of the dataset's: a misspelt name would lose its rows without a word */
    size_t nsh;
    const wb_sheet *shs = chiso_wb_sheets(&nsh);
    for (size_t i = 0; i < chiso_xlsx_sheet_count(book); i++) {
        const char *sn = chiso_xlsx_sheet_name(book, i);
        int known = chiso_wb_is_helper_sheet(sn);
        for (size_t k = 0; k < nsh && !known; k++)
            known = chiso_xlsx_find_sheet(book, shs[k].sheet) == (long)i;
        if (!known)
            chiso_diags_add(diags, CHISO_WARNING, name, 0, 0, "sheet.unknown",
                            _("the sheet '%s' is not read: the sheets of a dataset are units, terms, "
                              "indicators, observations, targets, illustrative-targets, verdicts and rules"),
                            sn);
    }
    st = load_common(ds, name, book_source, b, diags, err);
done:
    free(b);
    chiso_xlsx_free(book);
    if (st != CHISO_OK) {
        chiso_dataset_free(ds);
        return st;
    }
    *out = ds;
    return CHISO_OK;
}

chiso_status chiso_dataset_load_xlsx(const char *path, const chiso_load_opts *opts, chiso_diags *diags,
                                     chiso_dataset **out, chiso_error *err)
{
    if (!path || !diags || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    chiso_xlsx *book = NULL;
    chiso_status st = chiso_xlsx_open(path, path, &book, err);
    if (st != CHISO_OK)
        return st;
    return load_book(book, path, opts, diags, out, err);
}

chiso_status chiso_dataset_load_xlsx_mem(const char *name, const void *data, size_t size,
                                         const chiso_load_opts *opts, chiso_diags *diags,
                                         chiso_dataset **out, chiso_error *err)
{
    if (!diags || !out || (!data && size))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    if (!name)
        name = "workbook.xlsx";
    chiso_xlsx *book = NULL;
    chiso_status st = chiso_xlsx_open_mem(data, size, name, &book, err);
    if (st != CHISO_OK)
        return st;
    return load_book(book, name, opts, diags, out, err);
}

chiso_status chiso_dataset_open(const char *path, const chiso_load_opts *opts, chiso_diags *diags,
                                chiso_dataset **out, chiso_error *err)
{
    if (path && chiso_path_is_workbook(path))
        return chiso_dataset_load_xlsx(path, opts, diags, out, err);
    if (path) {
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
            /* any other file: a workbook of another format, or one CSV file of a dataset */
            size_t n = strlen(path);
            if (n >= 4 && (chiso_utf8_casecmp(path + n - 4, ".xls") == 0 || chiso_utf8_casecmp(path + n - 4, ".ods") == 0))
                return chiso_dataset_load_xlsx(path, opts, diags, out, err); /* says what to do */
            if (out)
                *out = NULL;
            return chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s",
                                   _("not a folder: a dataset is a folder of CSV files (give the folder "
                                     "that holds this file) or an Excel workbook (.xlsx)"));
        }
    }
    return chiso_dataset_load(path, opts, diags, out, err);
}

void chiso_dataset_free(chiso_dataset *ds)
{
    if (!ds)
        return;
    for (size_t i = 0; i < ds->n_rules; i++) {
        ds_expr_free(ds->rules[i].left);
        ds_expr_free(ds->rules[i].right);
    }
    free(ds->rules);
    free(ds->units);
    free(ds->terms);
    free(ds->inds);
    free(ds->obs);
    free(ds->targets);
    free(ds->verdicts);
    free(ds->ratings);
    free(ds->sources);
    free(ds->files);
    free(ds->dir);
    ds_ix_free(&ds->unit_ix);
    ds_ix_free(&ds->ind_ix);
    ds_ix_free(&ds->term_ix);
    free(ds->uterm_off);
    free(ds->uterm_list);
    chiso_strpool_free(&ds->pool);
    free(ds);
}

/*
 * aggregate/aggregate.c — `chiso aggregate`: a record-level export of the party-member registry
 * (events.csv, one row per member event) counted per unit and period into observations of the dataset
 * format, rolled up through the unit tree (include/chiso/aggregate.h, datasets/FORMAT.md).
 *
 * One streaming pass. A worker reads records (aggregate/fastcsv.c, or the reference reader csvread.c),
 * checks each one and adds it to counters indexed by unit and period: with --by year one block of
 * units per calendar year that has events, with --by term one cell per unit and "segment" (the pieces
 * of time between the term boundaries of the unit and of every unit above it, so that each piece lies
 * inside one term of every one of them). Memory is units × periods × kinds of event, plus fixed tables.
 *
 * Duplicates (same member, event, date and detail) are found within a member's run: the consecutive
 * records with the same member id. Registry exports list a member's events together, so every
 * repetition is found there; a repetition separated by another member's records is not (FORMAT.md).
 *
 * Two threads: the second starts at the first line after the middle of the file (opts.split_at),
 * skips records up to the first one that starts a new member's run at the start of a line, and counts
 * from there (B'). The first counts from the start up to B' and then checks that its reader is between
 * records at B' and that the member there differs from its last one. Only then are the second thread's
 * counts used (its line numbers shifted); otherwise the first thread reads on to the end alone. Either
 * way the result is that of one thread.
 *
 * The work is split by what it does (aggregate/handle.h): scan.c reads, count.c counts, rollup.c
 * sums through the unit tree, write.c writes; this file holds the handle (options, units and terms read
 * through ingest/, the effective terms and their segments, the statistics).
 */
#include "chiso/aggregate.h"
#include "chiso/ingest.h"
#include "aggregate/aggregate_int.h"
#include "aggregate/handle.h"
#include "ingest/text.h"
#include "ingest/csvread.h"
#include "ingest/dataset_int.h"
#include "ingest/util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const reason_texts[CHISO_AGG_N_REASONS] = {
    N_("wrong number of fields"), N_("missing member id"), N_("unknown unit"), N_("unknown event"),
    N_("bad or empty date"), N_("date after --until"), N_("date outside every term"), N_("bad rating label"),
    N_("bad form of discipline"), N_("duplicate member event")};

const char *chiso_aggregate_reason_code(chiso_aggregate_reason r)
{
    return (unsigned)r < CHISO_AGG_N_REASONS ? agg_reason_codes[r] : NULL;
}

const char *chiso_aggregate_reason_text(chiso_aggregate_reason r)
{
    return (unsigned)r < CHISO_AGG_N_REASONS ? _(reason_texts[r]) : NULL;
}

const char *chiso_aggregate_event_code(chiso_aggregate_event e)
{
    return (unsigned)e < CHISO_AGG_N_EVENTS ? agg_event_codes[e] : NULL;
}

void chiso_aggregate_opts_default(chiso_aggregate_opts *o)
{
    memset(o, 0, sizeof *o);
    o->by = CHISO_AGG_BY_YEAR;
    o->parser = CHISO_AGG_PARSER_FAST;
    o->threads = 0;
    o->split_min_bytes = 8u << 20;
    o->read_size = 1u << 20;
    o->keep_per_reason = 5;
    o->progress_interval = 0.25;
}

static char *read_whole(const char *path, const char *name, size_t *len, chiso_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not block: refused below */
    if (fd < 0) {
        chiso_error_set(err, CHISO_EIO, name, 0, 0, _("cannot open the file: %s"), strerror(errno));
        return NULL;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        chiso_error_set(err, CHISO_EIO, name, 0, 0, "%s",
                        _("not a regular file (a folder?): give the CSV file itself"));
        return NULL;
    }
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        return NULL;
    }
    for (;;) {
        if (n + 1 >= cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                close(fd);
                chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            chiso_error_set(err, CHISO_EIO, name, 0, 0, _("cannot read the file: %s"), strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* ---- the handle ---------------------------------------------------------------------------------- */

int agg_term_at(const chiso_aggregate *a, size_t unit, int32_t day)
{
    int best = -1;
    int32_t best_start = 0;
    for (size_t k = 0; k < a->n_eterms[unit]; k++) {
        chiso_term_info t;
        if (chiso_dataset_term(a->ds, (size_t)a->eterms[unit][k], &t) != CHISO_OK)
            continue;
        if (t.start.day <= day && day <= t.end.day && (best < 0 || t.start.day >= best_start)) {
            best = (int)k;
            best_start = t.start.day;
        }
    }
    return best;
}

static int cmp_i32(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

static chiso_status build_units(chiso_aggregate *a, chiso_error *err)
{
    const chiso_dataset *ds = a->ds;
    size_t n = a->n_units;
    a->ucode = calloc(n, sizeof *a->ucode);
    a->ulen = calloc(n, sizeof *a->ulen);
    a->uhash = calloc(n, sizeof *a->uhash);
    a->parent = calloc(n, sizeof *a->parent);
    a->depth = calloc(n, sizeof *a->depth);
    a->order = calloc(n, sizeof *a->order);
    a->eowner = calloc(n, sizeof *a->eowner);
    a->eterms = calloc(n, sizeof *a->eterms);
    a->n_eterms = calloc(n, sizeof *a->n_eterms);
    size_t hcap = 16;
    while (hcap < 2 * n)
        hcap *= 2;
    a->uh = calloc(hcap, sizeof *a->uh);
    a->uh_mask = hcap - 1;
    if (!a->ucode || !a->ulen || !a->uhash || !a->parent || !a->depth || !a->order || !a->eowner ||
        !a->eterms || !a->n_eterms || !a->uh)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    int maxdepth = 0;
    for (size_t u = 0; u < n; u++) {
        chiso_unit_info ui;
        chiso_dataset_unit(ds, u, &ui);
        a->ucode[u] = ui.code;
        a->ulen[u] = strlen(ui.code);
        a->uhash[u] = khash(ui.code, a->ulen[u]);
        a->parent[u] = ui.parent;
        size_t i = (size_t)a->uhash[u] & a->uh_mask;
        while (a->uh[i])
            i = (i + 1) & a->uh_mask;
        a->uh[i] = (uint32_t)(u + 1);
    }
    for (size_t u = 0; u < n; u++) {
        int d = 0;
        for (long p = a->parent[u]; p >= 0 && (size_t)d <= n; p = a->parent[p])
            d++;
        a->depth[u] = d;
        if (d > maxdepth)
            maxdepth = d;
    }
    size_t k = 0;
    for (int d = maxdepth; d >= 0; d--)
        for (size_t u = 0; u < n; u++)
            if (a->depth[u] == d)
                a->order[k++] = u;
    /* effective terms */
    for (size_t u = 0; u < n; u++) {
        long owner = chiso_dataset_term_owner(ds, (long)u);
        a->eowner[u] = owner;
        if (owner < 0)
            continue;
        size_t nt = chiso_dataset_unit_terms(ds, owner, NULL, 0);
        a->eterms[u] = calloc(nt, sizeof **a->eterms);
        if (!a->eterms[u])
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        chiso_dataset_unit_terms(ds, owner, a->eterms[u], nt);
        a->n_eterms[u] = nt;
    }
    if (a->opts.by != CHISO_AGG_BY_TERM)
        return CHISO_OK;
    /* segments: pieces of time between the term boundaries of the unit and of every unit above it */
    a->segs = calloc(n, sizeof *a->segs);
    if (!a->segs)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    for (size_t u = 0; u < n; u++) {
        size_t nb = 0;
        for (long v = (long)u; v >= 0; v = a->parent[v])
            nb += 2 * a->n_eterms[v];
        if (!nb)
            continue;
        int32_t *b = malloc(nb * sizeof *b);
        if (!b)
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        size_t j = 0;
        for (long v = (long)u; v >= 0; v = a->parent[v])
            for (size_t t = 0; t < a->n_eterms[v]; t++) {
                chiso_term_info ti;
                chiso_dataset_term(ds, (size_t)a->eterms[v][t], &ti);
                b[j++] = ti.start.day;
                b[j++] = ti.end.day + 1;
            }
        qsort(b, nb, sizeof *b, cmp_i32);
        size_t m = 0;
        for (size_t i = 0; i < nb; i++)
            if (!m || b[i] != b[m - 1])
                b[m++] = b[i];
        useg *g = &a->segs[u];
        g->bounds = b;
        g->n = m - 1;
        g->own = malloc((g->n ? g->n : 1) * sizeof *g->own);
        if (!g->own)
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        for (size_t s = 0; s < g->n; s++)
            g->own[s] = agg_term_at(a, u, b[s]);
    }
    return CHISO_OK;
}

static void copy_diags(chiso_aggregate *a, const chiso_diags *from)
{
    for (size_t i = 0; i < chiso_diags_count(from); i++) {
        const chiso_diag *g = chiso_diags_get(from, i);
        const char *file = g->file;
        if (file && strcmp(file, "units.csv") == 0)
            file = a->units_name;
        else if (file && strcmp(file, "terms.csv") == 0)
            file = a->terms_name;
        chiso_diags_add(a->diags, g->severity, file, g->line, g->col, g->code, "%s", g->msg);
    }
}

chiso_status chiso_aggregate_new(const char *units_path, const char *terms_path, const char *events_name,
                                 const chiso_aggregate_opts *opts, chiso_diags *diags,
                                 chiso_aggregate **out, chiso_error *err)
{
    if (!out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    if (!units_path || !events_name || !diags)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s",
                               _("invalid arguments: units.csv, the export's name and a diagnostics list "
                                 "are required"));
    chiso_aggregate_opts o;
    if (opts)
        o = *opts;
    else
        chiso_aggregate_opts_default(&o);
    if ((unsigned)o.by > CHISO_AGG_BY_TERM || (unsigned)o.parser > CHISO_AGG_PARSER_LIBCSV ||
        o.threads < 0 || o.threads > 2 || o.keep_per_reason > KEEP_MAX || !(o.progress_interval >= 0))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid options"));
    if (o.has_until && (o.until_day < chiso_days_from_civil(1900, 1, 1) ||
                        o.until_day > chiso_days_from_civil(2199, 12, 31)))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s",
                               _("--until must be a day of the years 1900 to 2199"));
    if (o.by == CHISO_AGG_BY_TERM && !terms_path)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s",
                               _("counting by term needs the terms: give terms.csv (--terms)"));
    if (!o.read_size)
        o.read_size = 1u << 20;
    chiso_aggregate *a = calloc(1, sizeof *a);
    if (!a)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    a->opts = o;
    a->out_block = (size_t)1 << 20;
    if (o.has_until) {
        int uy, um, ud;
        chiso_civil_from_days(o.until_day, &uy, &um, &ud);
        a->until_packed = (uint32_t)(uy << 9 | um << 5 | ud);
        chiso_date_format(o.until_day, a->until_text, sizeof a->until_text);
    }
    a->diags = diags;
    a->events_name = chiso_strdup(events_name);
    const char *base = strrchr(events_name, '/');
    a->source = chiso_strdup(base && base[1] ? base + 1 : events_name);
    a->units_name = chiso_strdup(units_path);
    a->terms_name = chiso_strdup(terms_path ? terms_path : "terms.csv");
    chiso_status st = CHISO_OK;
    char *ubuf = NULL, *tbuf = NULL;
    chiso_diags *tmpd = NULL;
    if (!a->events_name || !a->source || !a->units_name || !a->terms_name) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto fail;
    }
    size_t ulen = 0, tlen = 0;
    if (!(ubuf = read_whole(units_path, units_path, &ulen, err))) {
        st = err ? err->code : CHISO_EIO;
        goto fail;
    }
    if (terms_path) {
        if (!(tbuf = read_whole(terms_path, terms_path, &tlen, err))) {
            st = err ? err->code : CHISO_EIO;
            goto fail;
        }
    }
    static const char no_terms[] = "unit,term,start,end\n";
    static const char no_obs[] = "unit,indicator,period_start,period_end,value\n";
    const char *names[] = {"units.csv", "terms.csv", "observations.csv"};
    const char *data[] = {ubuf, tbuf ? tbuf : no_terms, no_obs};
    size_t sizes[] = {ulen, tbuf ? tlen : sizeof no_terms - 1, sizeof no_obs - 1};
    if (!(tmpd = chiso_diags_new())) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto fail;
    }
    st = chiso_dataset_load_mem("", 3, names, data, sizes, NULL, tmpd, &a->ds, err);
    if (st != CHISO_OK)
        goto fail;
    if ((st = chiso_dataset_check(a->ds, tmpd, err)) != CHISO_OK)
        goto fail;
    copy_diags(a, tmpd);
    if (chiso_diags_errors(tmpd)) {
        if (terms_path)
            st = chiso_error_set(err, CHISO_EDATA, NULL, 0, 0,
                                 _("%s or %s has errors (listed with their places): correct them first"),
                                 a->units_name, a->terms_name);
        else
            st = chiso_error_set(err, CHISO_EDATA, NULL, 0, 0,
                                 _("%s has errors (listed with their places): correct them first"),
                                 a->units_name);
        goto fail;
    }
    a->n_units = chiso_dataset_n_units(a->ds);
    if (!a->n_units) {
        st = chiso_error_set(err, CHISO_EDATA, a->units_name, 0, 0, "%s",
                             _("units.csv lists no unit: the counts need the unit tree"));
        goto fail;
    }
    if ((st = build_units(a, err)) != CHISO_OK)
        goto fail;
    if (!(a->w1 = agg_worker_new(a, 0))) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto fail;
    }
    free(ubuf);
    free(tbuf);
    chiso_diags_free(tmpd);
    *out = a;
    return CHISO_OK;
fail:
    free(ubuf);
    free(tbuf);
    chiso_diags_free(tmpd);
    chiso_aggregate_free(a);
    return st;
}

void chiso_aggregate_free(chiso_aggregate *a)
{
    if (!a)
        return;
    agg_worker_free(a->w1);
    chiso_csv_reader_free(a->ref);
    for (size_t u = 0; u < a->n_units; u++) {
        if (a->eterms)
            free(a->eterms[u]);
        if (a->segs) {
            free(a->segs[u].bounds);
            free(a->segs[u].own);
        }
        if (a->tc)
            free(a->tc[u]);
    }
    free(a->eterms);
    free(a->segs);
    free(a->tc);
    free(a->n_eterms);
    free(a->eowner);
    free(a->ucode);
    free(a->ulen);
    free(a->uhash);
    free(a->parent);
    free(a->depth);
    free(a->order);
    free(a->uh);
    chiso_dataset_free(a->ds);
    free(a->events_name);
    free(a->source);
    free(a->units_name);
    free(a->terms_name);
    free(a);
}

void chiso_aggregate_get_stats(const chiso_aggregate *a, chiso_aggregate_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!a)
        return;
    const worker *w = a->w1;
    out->bytes = a->state == 2 ? a->bytes_fed : atomic_load_explicit(&((worker *)w)->bytes_done, memory_order_relaxed);
    out->records = w->records;
    out->counted = w->counted;
    for (int r = 0; r < CHISO_AGG_N_REASONS; r++) {
        out->by_reason[r] = w->by_reason[r];
        out->rejected += w->by_reason[r];
    }
    for (int e = 0; e < CHISO_AGG_N_EVENTS; e++)
        out->events[e] = w->events[e];
    out->fast_records = w->fast_records;
    out->dup_unchecked = w->dup_unchecked;
    out->rollup_gaps = a->rollup_gaps;
    out->threads_used = a->threads_used;
    out->has_end = a->has_end;
    out->end_day = a->end_day;
    out->units = a->out_units;
    out->out_rows = a->out_rows;
}

void chiso_aggregate_test_block(chiso_aggregate *a, size_t block)
{
    a->out_block = block ? block : (size_t)1 << 20;
}

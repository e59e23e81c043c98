/*
 * ingest/normalize.c — one comparable row per unit, term, indicator, basis and rating level.
 *
 * 1. Each figure is placed in the term(s) it covers: inside a term (allowing a slack of some days at
 *    the ends, since reports round periods to years), split by time across terms when it is a flow
 *    that straddles them, or given to the term holding most of it (with a warning) otherwise.
 * 2. Rating figures become "share (or count) at or above level k" items: a figure written "… trở lên"
 *    is one directly; figures of single categories of one period are added up level by level.
 * 3. The items of one group are combined: nested flow figures are never added (the widest counts and
 *    the parts are checked against it), disjoint ones are added, partly overlapping ones are a
 *    warning; rates and levels are averaged by years or take the latest level.
 * 4. Coverage, annual rate, projection at the same pace and the rate per 100 members per year follow.
 *
 * This file runs the steps in order and holds the result; the steps are in files of their own, listed
 * in normalize_int.h.
 */
#include "ingest/normalize_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void chiso_norm_opts_default(chiso_norm_opts *o)
{
    memset(o, 0, sizeof *o);
    o->boundary_slack_days = 45;
}

/* Rows in a stable order: unit, indicator, level, label, basis, term start. */
typedef struct row_key {
    chiso_norm_row row;
    int32_t term_start;
} row_key;

static int row_cmp(const void *a, const void *b)
{
    const row_key *x = a, *y = b;
    const chiso_norm_row *p = &x->row, *q = &y->row;
    if (p->unit_index != q->unit_index)
        return p->unit_index < q->unit_index ? -1 : 1;
    if (p->indicator_index != q->indicator_index)
        return p->indicator_index < q->indicator_index ? -1 : 1;
    if (p->level != q->level)
        return p->level > q->level ? -1 : 1;
    int rc = strcmp(p->rating && p->level == 0 ? p->rating : "", q->rating && q->level == 0 ? q->rating : "");
    if (rc)
        return rc;
    if (p->basis != q->basis)
        return p->basis < q->basis ? -1 : 1;
    return (x->term_start > y->term_start) - (x->term_start < y->term_start);
}

static int sort_rows(const chiso_dataset *ds, chiso_normalized *res)
{
    if (res->n < 2)
        return 0;
    row_key *keys = malloc(res->n * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t i = 0; i < res->n; i++) {
        keys[i].row = res->rows[i];
        keys[i].term_start = ds->terms[res->rows[i].term_index].start.day;
    }
    qsort(keys, res->n, sizeof *keys, row_cmp);
    for (size_t i = 0; i < res->n; i++)
        res->rows[i] = keys[i].row;
    free(keys);
    return 0;
}

chiso_status chiso_normalize(const chiso_dataset *ds, const chiso_norm_opts *opts, chiso_diags *diags,
                             chiso_normalized **out, chiso_error *err)
{
    if (!ds || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    chiso_norm_opts defaults;
    if (!opts) {
        chiso_norm_opts_default(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    chiso_diags *own_diags = NULL;
    if (!diags) {
        own_diags = chiso_diags_new();
        if (!own_diags)
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        diags = own_diags;
    }
    chiso_status st = CHISO_OK;
    nctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.opts = opts;
    c.diags = diags;
    chiso_normalized *res = calloc(1, sizeof *res);
    long *terms = NULL;
    mpoint **mps = NULL;
    size_t *nmps = NULL;
    if (!res)
        goto oom;
    terms = malloc((ds->n_terms ? ds->n_terms : 1) * sizeof *terms);
    mps = calloc(ds->n_units ? ds->n_units : 1, sizeof *mps);
    nmps = calloc(ds->n_units ? ds->n_units : 1, sizeof *nmps);
    if (!terms || !mps || !nmps)
        goto oom;
    /* terms of each unit, computed once per unit */
    long cur_unit = -1;
    size_t nt = 0;
    /* observations are mostly grouped by unit; recompute the term list when the unit changes */
    for (size_t i = 0; i < ds->n_obs && !c.oom; i++) {
        const ds_obs *o = &ds->obs[i];
        if (opts->has_as_of && o->end.day > opts->as_of)
            continue;
        if ((long)o->unit != cur_unit) {
            cur_unit = (long)o->unit;
            nt = chiso_dataset_effective_terms(ds, cur_unit, terms, ds->n_terms);
        }
        const ds_indicator *I = ind_of(ds, o->indicator);
        size_t before = c.n;
        place(&c, i, terms, nt);
        /* rating categories get a negative level until derive_levels sums them */
        for (size_t k = before; k < c.n; k++) {
            item *it = &c.items[k];
            if (strstr(ds_str(ds, I->code), "_rating_")) {
                if (o->flags & CHISO_OBS_PART) {
                    it->level = 0;
                    it->label = o->rating;
                } else if (o->flags & CHISO_OBS_AT_OR_ABOVE) {
                    it->level = o->level;
                } else {
                    it->level = -(int)o->level;
                }
            }
        }
    }
    if (c.oom)
        goto oom;
    derive_levels(&c);
    if (c.oom)
        goto oom;
    if (c.n > 1) /* c.items is NULL when no figure was placed */
        qsort(c.items, c.n, sizeof *c.items, item_key_cmp);
    if (all_member_points(ds, opts, mps, nmps) != 0)
        goto oom;
    size_t g = 0;
    while (g < c.n) {
        size_t h = g + 1;
        while (h < c.n && same_group(&c.items[g], &c.items[h]))
            h++;
        long u = c.items[g].unit;
        st = combine_group(&c, res, &c.items[g], h - g, mps[u], nmps[u]);
        if (st != CHISO_OK)
            goto oom;
        g = h;
    }
    if (sort_rows(ds, res) != 0)
        goto oom;
    for (size_t i = 0; i < res->n; i++)
        res->rows[i].obs = res->obs + (uintptr_t)res->rows[i].obs;
    if (chiso_diags_lost(diags)) /* a finding could not be stored: never an incomplete list */
        goto oom;
    *out = res;
    res = NULL;
    goto done;
oom:
    st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
done:
    chiso_normalized_free(res);
    if (mps)
        for (size_t u = 0; u < ds->n_units; u++)
            free(mps[u]);
    free(mps);
    free(nmps);
    free(terms);
    free(c.items);
    free(c.ol);
    chiso_diags_free(own_diags);
    return st;
}

void chiso_normalized_free(chiso_normalized *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n_strings; i++)
        free(n->strings[i]);
    free(n->strings);
    free(n->rows);
    free(n->obs);
    free(n);
}

size_t chiso_normalized_count(const chiso_normalized *n)
{
    return n ? n->n : 0;
}

const chiso_norm_row *chiso_normalized_get(const chiso_normalized *n, size_t i)
{
    return n && i < n->n ? &n->rows[i] : NULL;
}

const chiso_norm_row *chiso_normalized_find(const chiso_normalized *n, long unit, long term, long indicator,
                                            chiso_basis basis, int level)
{
    for (size_t i = 0; n && i < n->n; i++) {
        const chiso_norm_row *r = &n->rows[i];
        if (r->unit_index == unit && r->term_index == term && r->indicator_index == indicator &&
            r->level == level && (basis == CHISO_BASIS_NONE || r->basis == basis))
            return r;
    }
    return NULL;
}

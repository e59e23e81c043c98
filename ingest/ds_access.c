/*
 * ingest/ds_access.c — what a loaded dataset shows: lookups by code (hash maps over pool ids), the
 * views of public ingest.h (chiso_dataset_unit … chiso_dataset_verdict) and the terms of each unit in
 * time order.
 */
#include "ingest/ds_read.h"

#include <stdlib.h>
#include <string.h>

const char *ds_file(const chiso_dataset *ds, uint32_t f)
{
    return f < ds->n_files ? ds_str(ds, ds->files[f]) : "";
}

/* ---- lookups by code: hash maps over pool ids ----------------------------------------------------- */

static size_t ix_hash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k;
}

long ds_ix_get(const ds_index *ix, uint64_t key)
{
    if (!ix->cap || !key)
        return -1;
    for (size_t h = ix_hash(key) & (ix->cap - 1);; h = (h + 1) & (ix->cap - 1)) {
        if (ix->slots[h].key == key)
            return ix->slots[h].val;
        if (!ix->slots[h].key)
            return -1;
    }
}

/* Insert or replace; 0, or -1 when out of memory. */
int ds_ix_put(ds_index *ix, uint64_t key, long val)
{
    if ((ix->n + 1) * 2 > ix->cap) {
        size_t ncap = ix->cap ? ix->cap * 2 : 64;
        ds_slot *ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < ix->cap; i++) {
            if (!ix->slots[i].key)
                continue;
            size_t h = ix_hash(ix->slots[i].key) & (ncap - 1);
            while (ns[h].key)
                h = (h + 1) & (ncap - 1);
            ns[h] = ix->slots[i];
        }
        free(ix->slots);
        ix->slots = ns;
        ix->cap = ncap;
    }
    size_t h = ix_hash(key) & (ix->cap - 1);
    while (ix->slots[h].key && ix->slots[h].key != key)
        h = (h + 1) & (ix->cap - 1);
    if (!ix->slots[h].key)
        ix->n++;
    ix->slots[h].key = key;
    ix->slots[h].val = val;
    return 0;
}

void ds_ix_free(ds_index *ix)
{
    free(ix->slots);
    memset(ix, 0, sizeof *ix);
}

uint64_t ds_term_key(long unit, uint32_t code)
{
    return ((uint64_t)(uint32_t)(unit + 1) << 32) | code;
}

static uint32_t code_id(const chiso_dataset *ds, const char *code)
{
    return code ? chiso_strpool_find(&ds->pool, code, strlen(code)) : CHISO_NOSTR;
}

long chiso_dataset_find_unit(const chiso_dataset *ds, const char *code)
{
    return ds ? ds_ix_get(&ds->unit_ix, code_id(ds, code)) : -1;
}

long chiso_dataset_find_indicator(const chiso_dataset *ds, const char *code)
{
    return ds ? ds_ix_get(&ds->ind_ix, code_id(ds, code)) : -1;
}

/* The term of that code among the unit's own rows of terms.csv, or -1. */
long ds_find_own_term(const chiso_dataset *ds, long unit, const char *code)
{
    if (!ds || unit < 0)
        return -1;
    uint32_t id = code_id(ds, code);
    return id ? ds_ix_get(&ds->term_ix, ds_term_key(unit, id)) : -1;
}

long chiso_dataset_find_term(const chiso_dataset *ds, long unit, const char *code)
{
    return ds_find_own_term(ds, chiso_dataset_term_owner(ds, unit), code);
}

const char *chiso_dataset_dir(const chiso_dataset *ds)
{
    return ds ? ds->dir : NULL;
}

/* ---- views ------------------------------------------------------------------------------------- */

size_t chiso_dataset_n_units(const chiso_dataset *ds) { return ds ? ds->n_units : 0; }
size_t chiso_dataset_n_terms(const chiso_dataset *ds) { return ds ? ds->n_terms : 0; }
size_t chiso_dataset_n_ratings(const chiso_dataset *ds) { return ds ? ds->n_ratings : 0; }
size_t chiso_dataset_n_indicators(const chiso_dataset *ds) { return ds ? ds->n_inds : 0; }
size_t chiso_dataset_n_obs(const chiso_dataset *ds) { return ds ? ds->n_obs : 0; }
size_t chiso_dataset_n_targets(const chiso_dataset *ds) { return ds ? ds->n_targets : 0; }
size_t chiso_dataset_n_verdicts(const chiso_dataset *ds) { return ds ? ds->n_verdicts : 0; }

chiso_status chiso_dataset_unit(const chiso_dataset *ds, size_t i, chiso_unit_info *out)
{
    if (!ds || !out || i >= ds->n_units)
        return CHISO_EINVAL;
    const ds_unit *u = &ds->units[i];
    out->code = ds_str(ds, u->code);
    out->name = u->name ? ds_str(ds, u->name) : out->code;
    out->parent = u->parent;
    return CHISO_OK;
}

chiso_status chiso_dataset_rating(const chiso_dataset *ds, size_t i, chiso_rating_info *out)
{
    if (!ds || !out || i >= ds->n_ratings)
        return CHISO_EINVAL;
    const ds_rating *r = &ds->ratings[i];
    out->scheme = ds_str(ds, r->scheme);
    out->label = ds_str(ds, r->label_norm);
    out->regulation = r->regulation ? ds_str(ds, r->regulation) : "";
    out->member = r->member;
    out->from = r->from;
    out->to = r->to;
    out->level = r->level;
    out->at_or_above = r->at_or_above;
    return CHISO_OK;
}

chiso_status chiso_dataset_term(const chiso_dataset *ds, size_t i, chiso_term_info *out)
{
    if (!ds || !out || i >= ds->n_terms)
        return CHISO_EINVAL;
    const ds_term *t = &ds->terms[i];
    out->unit = ds_str(ds, ds->units[t->unit].code);
    out->unit_index = t->unit;
    out->code = ds_str(ds, t->code);
    out->label = t->label ? ds_str(ds, t->label) : out->code;
    out->start = t->start;
    out->end = t->end;
    out->years = chiso_span_years(t->start.day, t->end.day);
    out->note = ds_str(ds, t->note);
    out->note_vi = ds_str(ds, t->note_vi);
    return CHISO_OK;
}

chiso_status chiso_dataset_indicator(const chiso_dataset *ds, size_t i, chiso_indicator_info *out)
{
    if (!ds || !out || i >= ds->n_inds)
        return CHISO_EINVAL;
    const ds_indicator *d = &ds->inds[i];
    out->code = ds_str(ds, d->code);
    out->category = (chiso_category)d->category;
    out->measure = (chiso_measure)d->measure;
    out->kind = (chiso_kind)d->kind;
    out->direction = (chiso_direction)d->direction;
    out->name_vi = d->name_vi ? ds_str(ds, d->name_vi) : out->code;
    out->name_en = d->name_en ? ds_str(ds, d->name_en) : out->code;
    out->builtin = d->builtin;
    out->irregular = d->irregular;
    return CHISO_OK;
}

const char *chiso_indicator_name(const chiso_indicator_info *ind, chiso_lang lang)
{
    return lang == CHISO_LANG_EN ? ind->name_en : ind->name_vi;
}

chiso_status chiso_dataset_obs(const chiso_dataset *ds, size_t i, chiso_obs_info *out)
{
    if (!ds || !out || i >= ds->n_obs)
        return CHISO_EINVAL;
    const ds_obs *o = &ds->obs[i];
    memset(out, 0, sizeof *out);
    out->index = (long)i;
    out->unit_index = o->unit;
    out->indicator_index = o->indicator;
    out->unit = ds_str(ds, ds->units[o->unit].code);
    out->indicator = ds_str(ds, ds->inds[o->indicator].code);
    out->start = o->start;
    out->end = o->end;
    out->value.iv = (chiso_interval){o->lo, o->hi, o->lo_open, o->hi_open};
    out->value.point = o->point;
    out->value.q = (chiso_qualifier)o->q;
    out->value.percent = o->percent;
    out->value.num = o->num;
    out->value.den = o->den;
    out->basis = (chiso_basis)o->basis;
    out->rating = ds_str(ds, o->rating);
    out->scheme = ds_str(ds, o->scheme);
    out->part_of = ds_str(ds, o->part_of);
    out->level = o->level;
    out->flags = o->flags;
    out->share_of_part = o->share_of_part;
    out->raw_value = ds_str(ds, o->raw);
    out->source = ds_str(ds, o->source);
    out->locator = ds_str(ds, o->locator);
    out->quote = ds_str(ds, o->quote);
    out->note = ds_str(ds, o->note);
    out->file = ds_file(ds, o->file);
    out->line = (long)o->line;
    return CHISO_OK;
}

chiso_status chiso_dataset_target(const chiso_dataset *ds, size_t i, chiso_target_info *out)
{
    if (!ds || !out || i >= ds->n_targets)
        return CHISO_EINVAL;
    const ds_target *t = &ds->targets[i];
    memset(out, 0, sizeof *out);
    out->index = (long)i;
    out->unit_index = t->unit;
    out->term_index = t->term;
    out->indicator_index = t->indicator;
    out->unit = ds_str(ds, ds->units[t->unit].code);
    out->term = ds_str(ds, ds->terms[t->term].code);
    out->indicator = ds_str(ds, ds->inds[t->indicator].code);
    out->op = t->op;
    out->value = t->value;
    out->basis = t->basis;
    out->has_period = t->has_period;
    out->period_start = t->pstart;
    out->period_end = t->pend;
    out->relative_to_members = t->relative_to_members;
    out->rating = ds_str(ds, t->rating);
    out->level = t->level;
    out->at_or_above = t->at_or_above;
    out->illustrative = t->illustrative;
    out->raw_value = ds_str(ds, t->raw);
    out->source = ds_str(ds, t->source);
    out->locator = ds_str(ds, t->locator);
    out->quote = ds_str(ds, t->quote);
    out->note = ds_str(ds, t->note);
    out->file = ds_file(ds, t->file);
    out->line = t->line;
    out->id = ds_str(ds, t->id);
    out->set_by = ds_str(ds, t->set_by);
    out->relative_base = (chiso_rel_base)t->rel_base;
    out->relative_day = t->rel_day;
    return CHISO_OK;
}

chiso_status chiso_dataset_verdict(const chiso_dataset *ds, size_t i, chiso_verdict_info *out)
{
    if (!ds || !out || i >= ds->n_verdicts)
        return CHISO_EINVAL;
    const ds_verdict *v = &ds->verdicts[i];
    memset(out, 0, sizeof *out);
    out->index = (long)i;
    out->unit_index = v->unit;
    out->term_index = v->term;
    out->indicator_index = v->indicator;
    out->unit = ds_str(ds, ds->units[v->unit].code);
    out->term = ds_str(ds, ds->terms[v->term].code);
    out->indicator = ds_str(ds, ds->inds[v->indicator].code);
    out->rating = ds_str(ds, v->rating);
    out->has_period = v->has_period;
    out->period_start = v->pstart;
    out->period_end = v->pend;
    out->verdict = v->verdict;
    out->has_ratio = v->has_ratio;
    out->ratio = v->ratio;
    out->raw_verdict = ds_str(ds, v->raw);
    out->source = ds_str(ds, v->source);
    out->locator = ds_str(ds, v->locator);
    out->quote = ds_str(ds, v->quote);
    out->file = ds_file(ds, v->file);
    out->line = v->line;
    out->ratio_decimals = v->ratio_decimals;
    out->target_id = ds_str(ds, v->target_id);
    out->target_index = v->target;
    out->has_as_of = v->has_as_of;
    out->as_of = v->as_of;
    return CHISO_OK;
}

size_t chiso_dataset_unit_terms(const chiso_dataset *ds, long unit, long *idx, size_t max)
{
    if (ds && ds->uterm_off) {
        if (unit < 0 || (size_t)unit >= ds->n_units)
            return 0;
        size_t a = ds->uterm_off[unit], n = ds->uterm_off[unit + 1] - a;
        for (size_t k = 0; idx && k < n && k < max; k++)
            idx[k] = ds->uterm_list[a + k];
        return n;
    }
    size_t n = 0;
    for (size_t i = 0; ds && i < ds->n_terms; i++) {
        if (ds->terms[i].unit != unit)
            continue;
        /* insertion in time order */
        if (n < max) {
            size_t k = n;
            while (k > 0 && ds->terms[idx[k - 1]].start.day > ds->terms[i].start.day) {
                idx[k] = idx[k - 1];
                k--;
            }
            idx[k] = (long)i;
        }
        n++;
    }
    return n;
}

long chiso_dataset_term_owner(const chiso_dataset *ds, long unit)
{
    if (!ds || unit < 0 || (size_t)unit >= ds->n_units)
        return -1;
    /* parents form a tree (a cycle is cut when units.csv is read); the bound is for safety */
    for (size_t steps = 0; unit >= 0 && (size_t)unit < ds->n_units && steps <= ds->n_units; steps++) {
        if (chiso_dataset_unit_terms(ds, unit, NULL, 0) > 0)
            return unit;
        unit = ds->units[unit].parent;
    }
    return -1;
}

size_t chiso_dataset_effective_terms(const chiso_dataset *ds, long unit, long *idx, size_t max)
{
    long owner = chiso_dataset_term_owner(ds, unit);
    return owner < 0 ? 0 : chiso_dataset_unit_terms(ds, owner, idx, max);
}

/* The terms of every unit in time order, once (chiso_dataset_unit_terms is called per unit and per
 * figure): sorted by unit, start and position in terms.csv, so that terms with the same start keep
 * their order, as the scan above does. */
typedef struct uterm_key {
    long unit;
    int32_t start;
    long index;
} uterm_key;

static int uterm_cmp(const void *a, const void *b)
{
    const uterm_key *p = a, *q = b;
    if (p->unit != q->unit)
        return p->unit < q->unit ? -1 : 1;
    if (p->start != q->start)
        return p->start < q->start ? -1 : 1;
    return (p->index > q->index) - (p->index < q->index);
}

int ds_index_unit_terms(chiso_dataset *ds)
{
    size_t n = ds->n_terms ? ds->n_terms : 1;
    size_t *off = calloc(ds->n_units + 1, sizeof *off);
    long *list = malloc(n * sizeof *list);
    uterm_key *keys = malloc(n * sizeof *keys);
    if (!off || !list || !keys) {
        free(off);
        free(list);
        free(keys);
        return -1;
    }
    for (size_t i = 0; i < ds->n_terms; i++) {
        keys[i] = (uterm_key){ds->terms[i].unit, ds->terms[i].start.day, (long)i};
        off[ds->terms[i].unit + 1]++;
    }
    for (size_t u = 0; u < ds->n_units; u++)
        off[u + 1] += off[u];
    if (ds->n_terms > 1)
        qsort(keys, ds->n_terms, sizeof *keys, uterm_cmp);
    for (size_t i = 0; i < ds->n_terms; i++)
        list[i] = keys[i].index;
    free(keys);
    ds->uterm_off = off;
    ds->uterm_list = list;
    return 0;
}

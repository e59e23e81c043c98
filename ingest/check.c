/*
 * ingest/check.c — checks across records: overlapping terms, duplicates and conflicting figures,
 * rules with interval arithmetic, and the normalisation's own findings (nested parts larger than
 * their whole, partial overlaps). Everything is linear or n·log n in the number of figures.
 */
#include "ingest/dataset_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- terms ------------------------------------------------------------------------------------- */

/* The place of a record for a message: "FILE:LINE", or the cell of a workbook's row. */
static const char *place_of(const chiso_dataset *ds, uint32_t file, long line, char *buf, size_t size)
{
    return chiso_place_format(ds_file(ds, file), line, 0, buf, size);
}

static void check_terms(const chiso_dataset *ds, chiso_diags *d)
{
    long *idx = malloc((ds->n_terms ? ds->n_terms : 1) * sizeof *idx);
    if (!idx)
        return;
    for (size_t u = 0; u < ds->n_units; u++) {
        size_t n = chiso_dataset_unit_terms(ds, (long)u, idx, ds->n_terms);
        for (size_t k = 1; k < n; k++) {
            const ds_term *a = &ds->terms[idx[k - 1]], *b = &ds->terms[idx[k]];
            if (b->start.day > a->end.day)
                continue;
            /* consecutive terms may share the congress day or month */
            int ya, ma, da, yb, mb, db;
            chiso_civil_from_days(a->end.day, &ya, &ma, &da);
            chiso_civil_from_days(b->start.day, &yb, &mb, &db);
            int shared_day = b->start.day == a->end.day;
            int shared_month = ya == yb && ma == mb && (a->end.prec == CHISO_DATE_MONTH || b->start.prec == CHISO_DATE_MONTH);
            if (shared_day || shared_month)
                continue;
            chiso_diags_add(d, CHISO_ERROR, ds_file(ds, b->file), b->line, 0, "term.overlap",
                            _("term '%s' of unit '%s' starts before term '%s' (line %ld) ends: terms may "
                              "share only the congress day or month"),
                            ds_str(ds, b->code), ds_str(ds, ds->units[b->unit].code), ds_str(ds, a->code),
                            a->line);
        }
    }
    free(idx);
}

/* ---- duplicates and conflicts ------------------------------------------------------------------ */

static const chiso_dataset *g_ds_unused;

typedef struct okey {
    uint32_t unit, indicator, rating, part_of, raw;
    int32_t start, end;
    unsigned char basis;
    uint32_t index;
} okey;

static int okey_cmp(const void *a, const void *b)
{
    const okey *p = a, *q = b;
#define CMP(f) if (p->f != q->f) return p->f < q->f ? -1 : 1
    CMP(unit);
    CMP(indicator);
    CMP(basis);
    CMP(rating);
    CMP(part_of);
    CMP(start);
    CMP(end);
    CMP(raw);
    CMP(index);
#undef CMP
    return 0;
}

static int same_figure(const okey *p, const okey *q)
{
    return p->unit == q->unit && p->indicator == q->indicator && p->basis == q->basis && p->rating == q->rating &&
           p->part_of == q->part_of && p->start == q->start && p->end == q->end;
}

static chiso_status check_conflicts(const chiso_dataset *ds, chiso_diags *d)
{
    if (ds->n_obs < 2)
        return CHISO_OK;
    okey *keys = malloc(ds->n_obs * sizeof *keys);
    if (!keys)
        return CHISO_ENOMEM;
    for (size_t i = 0; i < ds->n_obs; i++) {
        const ds_obs *o = &ds->obs[i];
        keys[i] = (okey){o->unit, o->indicator, o->rating, o->part_of, o->raw, o->start.day, o->end.day, o->basis,
                         (uint32_t)i};
    }
    qsort(keys, ds->n_obs, sizeof *keys, okey_cmp);
    size_t g = 0;
    while (g < ds->n_obs) {
        size_t h = g + 1;
        while (h < ds->n_obs && same_figure(&keys[g], &keys[h]))
            h++;
        /* running intersection of the group; the figures that set its ends */
        const ds_obs *first = &ds->obs[keys[g].index];
        chiso_interval run = {first->lo, first->hi, first->lo_open, first->hi_open};
        uint32_t lo_from = keys[g].index, hi_from = keys[g].index;
        for (size_t k = g + 1; k < h; k++) {
            const ds_obs *o = &ds->obs[keys[k].index];
            chiso_interval v = {o->lo, o->hi, o->lo_open, o->hi_open};
            if (keys[k].raw == keys[k - 1].raw) {
                const ds_obs *p = &ds->obs[keys[k - 1].index];
                char place[1024];
                chiso_diags_add(d, CHISO_WARNING, ds_file(ds, o->file), (long)o->line, 0, "obs.duplicate",
                                _("the same figure as at %s (an exact duplicate)"),
                                place_of(ds, p->file, (long)p->line, place, sizeof place));
                continue;
            }
            if (!chiso_interval_intersects(run, v)) {
                /* name the figure whose bound excludes this one */
                uint32_t other = v.lo > run.hi || (v.lo == run.hi) ? hi_from : lo_from;
                const ds_obs *p = &ds->obs[other];
                char place[1024];
                chiso_diags_add(d, CHISO_ERROR, ds_file(ds, o->file), (long)o->line, 0, "obs.conflict",
                                _("'%s' conflicts with '%s' at %s: same unit, indicator, period, basis "
                                  "and rating, but both cannot be true"),
                                ds_str(ds, o->raw), ds_str(ds, p->raw),
                                place_of(ds, p->file, (long)p->line, place, sizeof place));
                continue;
            }
            if (v.lo > run.lo || (v.lo == run.lo && v.lo_open && !run.lo_open)) {
                run.lo = v.lo;
                run.lo_open = v.lo_open;
                lo_from = keys[k].index;
            }
            if (v.hi < run.hi || (v.hi == run.hi && v.hi_open && !run.hi_open)) {
                run.hi = v.hi;
                run.hi_open = v.hi_open;
                hi_from = keys[k].index;
            }
        }
        g = h;
    }
    free(keys);
    (void)g_ds_unused;
    return CHISO_OK;
}

/* ---- rules ------------------------------------------------------------------------------------- */

/* A set of figures of one unit, span and basis (the places a rule is evaluated). */
typedef struct place_key {
    uint32_t unit;
    int32_t start, end;
    unsigned char basis;
    uint32_t indicator;
    uint32_t index;
} place_key;

static int place_cmp(const void *a, const void *b)
{
    const place_key *p = a, *q = b;
#define CMP(f) if (p->f != q->f) return p->f < q->f ? -1 : 1
    CMP(unit);
    CMP(start);
    CMP(end);
    CMP(basis);
    CMP(indicator);
    CMP(index);
#undef CMP
    return 0;
}

typedef struct eval_ctx {
    const chiso_dataset *ds;
    const place_key *group;
    size_t n;
    int missing_mode;  /* 0 skip_if_any, 1 skip_if_all, 2 zero */
    int n_missing, n_present;
    long lines[16];
    size_t n_lines;
    const ds_obs *div_zero; /* the figure a division stopped at: it is 0 or may be 0 */
    int div_zero_any;       /* a division by an expression that may be 0 */
} eval_ctx;

/* The figure of indicator ind in the group (rating figures are not rule operands). */
static const ds_obs *find_in_group(eval_ctx *e, long ind)
{
    for (size_t i = 0; i < e->n; i++)
        if ((long)e->group[i].indicator == ind) {
            const ds_obs *o = &e->ds->obs[e->group[i].index];
            if (!o->rating)
                return o;
        }
    return NULL;
}

static int eval(eval_ctx *e, const ds_expr *x, chiso_interval *out)
{
    chiso_interval a, b;
    switch (x->kind) {
    case EXPR_NUM:
        *out = chiso_interval_point(x->num);
        return 1;
    case EXPR_VAR: {
        const ds_obs *o = find_in_group(e, x->indicator);
        if (!o) {
            e->n_missing++;
            *out = chiso_interval_point(0);
            return 1;
        }
        e->n_present++;
        if (e->n_lines < CHISO_ARRAY_LEN(e->lines))
            e->lines[e->n_lines++] = (long)o->line;
        *out = (chiso_interval){o->lo, o->hi, o->lo_open, o->hi_open};
        return 1;
    }
    case EXPR_NEG:
        if (!eval(e, x->a, &a))
            return 0;
        *out = chiso_interval_scale(a, -1);
        return 1;
    default:
        if (!eval(e, x->a, &a) || !eval(e, x->b, &b))
            return 0;
        if (x->kind == EXPR_ADD)
            *out = chiso_interval_add(a, b);
        else if (x->kind == EXPR_SUB)
            *out = chiso_interval_sub(a, b);
        else if (x->kind == EXPR_MUL)
            *out = chiso_interval_mul(a, b);
        else if (!chiso_interval_div(a, b, out)) {
            /* division by an interval holding 0: undecidable, and said so */
            e->div_zero_any = 1;
            if (x->b->kind == EXPR_VAR && !e->div_zero)
                e->div_zero = find_in_group(e, x->b->indicator);
            return 0;
        }
        return 1;
    }
}

static int expr_mentions(const ds_expr *x, long ind)
{
    if (!x)
        return 0;
    if (x->kind == EXPR_VAR)
        return x->indicator == ind;
    return expr_mentions(x->a, ind) || expr_mentions(x->b, ind);
}

static chiso_status check_rules(const chiso_dataset *ds, chiso_diags *d)
{
    if (ds->n_rules == 0 || ds->n_obs == 0)
        return CHISO_OK;
    place_key *keys = malloc(ds->n_obs * sizeof *keys);
    if (!keys)
        return CHISO_ENOMEM;
    for (size_t i = 0; i < ds->n_obs; i++) {
        const ds_obs *o = &ds->obs[i];
        keys[i] = (place_key){o->unit, o->start.day, o->end.day, o->basis, o->indicator, (uint32_t)i};
    }
    qsort(keys, ds->n_obs, sizeof *keys, place_cmp);
    size_t g = 0;
    while (g < ds->n_obs) {
        size_t h = g + 1;
        while (h < ds->n_obs && keys[h].unit == keys[g].unit && keys[h].start == keys[g].start &&
               keys[h].end == keys[g].end && keys[h].basis == keys[g].basis)
            h++;
        for (size_t r = 0; r < ds->n_rules; r++) {
            const ds_rule *rule = &ds->rules[r];
            /* only places where some operand is observed */
            int any = 0;
            for (size_t k = g; k < h && !any; k++)
                any = expr_mentions(rule->left, (long)keys[k].indicator) ||
                      expr_mentions(rule->right, (long)keys[k].indicator);
            if (!any)
                continue;
            eval_ctx e = {ds, keys + g, h - g, rule->missing, 0, 0, {0}, 0, NULL, 0};
            chiso_interval L, R;
            if (!eval(&e, rule->left, &L) || !eval(&e, rule->right, &R)) {
                if (e.div_zero_any && !(e.n_missing && (rule->missing == 0 || (rule->missing == 1 && e.n_present == 0)))) {
                    const ds_obs *z = e.div_zero ? e.div_zero : &ds->obs[keys[g].index];
                    if (e.div_zero)
                        chiso_diags_add(d, CHISO_WARNING, ds_file(ds, z->file), z->line, 0, "rule.div_zero",
                                        _("rule '%s' (%s:%ld) cannot be checked here: it divides by '%s', which "
                                          "is 0 or may be 0 ('%s')"),
                                        ds_str(ds, rule->name), ds_file(ds, rule->file), rule->line,
                                        ds_str(ds, ds->inds[z->indicator].code), ds_str(ds, z->raw));
                    else
                        chiso_diags_add(d, CHISO_WARNING, ds_file(ds, z->file), z->line, 0, "rule.div_zero",
                                        _("rule '%s' (%s:%ld) cannot be checked here: it divides by an "
                                          "expression that is 0 or may be 0"),
                                        ds_str(ds, rule->name), ds_file(ds, rule->file), rule->line);
                }
                continue;
            }
            if (e.n_missing && (rule->missing == 0 || (rule->missing == 1 && e.n_present == 0)))
                continue;
            chiso_truth t = chiso_interval_compare(L, rule->op, R);
            if (t == CHISO_TRUE)
                continue;
            const ds_obs *o = &ds->obs[keys[g].index];
            /* the first operand's line locates the problem; the others are named */
            long at = e.n_lines ? e.lines[0] : (long)o->line;
            char others[160] = "";
            size_t off = 0;
            for (size_t k = 1; k < e.n_lines && off < sizeof others - 16; k++)
                off += (size_t)snprintf(others + off, sizeof others - off, "%s%ld", k > 1 ? ", " : "", e.lines[k]);
            char lbuf[64], rbuf[64], rplace[1024];
            chiso_format_interval(L, 4, 0, CHISO_LANG_EN, lbuf, sizeof lbuf);
            chiso_format_interval(R, 4, 0, CHISO_LANG_EN, rbuf, sizeof rbuf);
            if (t == CHISO_FALSE)
                chiso_diags_add(d, rule->severity, ds_file(ds, o->file), at, 0, "rule.broken",
                                _("rule '%s' (%s) is broken: %s %s %s does not hold%s%s"),
                                ds_str(ds, rule->name), place_of(ds, rule->file, rule->line, rplace, sizeof rplace), lbuf,
                                chiso_cmp_symbol(rule->op), rbuf, others[0] ? _("; figures at lines ") : "",
                                others);
            else
                chiso_diags_add(d, CHISO_WARNING, ds_file(ds, o->file), at, 0, "rule.maybe",
                                _("rule '%s' (%s) may be broken: %s %s %s holds for some readings of "
                                  "the inexact figures only%s%s"),
                                ds_str(ds, rule->name), place_of(ds, rule->file, rule->line, rplace, sizeof rplace), lbuf,
                                chiso_cmp_symbol(rule->op), rbuf, others[0] ? _("; figures at lines ") : "",
                                others);
        }
        g = h;
    }
    free(keys);
    return CHISO_OK;
}

/* ---- targets and verdicts ---------------------------------------------------------------------- */

static void check_verdicts(const chiso_dataset *ds, chiso_diags *d)
{
    (void)ds;
    (void)d;
}

chiso_status chiso_dataset_check(const chiso_dataset *ds, chiso_diags *diags, chiso_error *err)
{
    if (!ds || !diags)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    check_terms(ds, diags);
    if (check_conflicts(ds, diags) != CHISO_OK || check_rules(ds, diags) != CHISO_OK ||
        ds_check_plausibility(ds, diags) != CHISO_OK)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    check_verdicts(ds, diags);
    chiso_normalized *n = NULL;
    chiso_status st = chiso_normalize(ds, NULL, diags, &n, err);
    chiso_normalized_free(n);
    if (st == CHISO_OK && chiso_diags_lost(diags)) /* never an incomplete list of problems */
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    return st;
}

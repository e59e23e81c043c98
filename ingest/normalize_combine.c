/*
 * ingest/normalize_combine.c — the items of one group (unit, indicator, term, basis, level) combined into one
 * normalised row: nested flows never added, disjoint ones added, overlaps warned of, rates and levels averaged
 * or the latest taken; then coverage, annual rate, projection at the same pace and the rate per 100 members a
 * year.
 */
#include "ingest/normalize_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- combining the items of a group ------------------------------------------------------------ */

int item_key_cmp(const void *a, const void *b)
{
    const item *p = a, *q = b;
    if (p->unit != q->unit)
        return p->unit < q->unit ? -1 : 1;
    if (p->indicator != q->indicator)
        return p->indicator < q->indicator ? -1 : 1;
    if (p->term != q->term)
        return p->term < q->term ? -1 : 1;
    if (p->basis != q->basis)
        return p->basis < q->basis ? -1 : 1;
    if (p->level != q->level)
        return p->level < q->level ? -1 : 1;
    if (p->label != q->label)
        return p->label < q->label ? -1 : 1;
    /* widest first, then by start */
    int32_t lp = p->end - p->start, lq = q->end - q->start;
    if (lp != lq)
        return lp > lq ? -1 : 1;
    if (p->start != q->start)
        return p->start < q->start ? -1 : 1;
    /* figures of the same span: by value, so that nothing depends on the order of the rows */
    if (p->v.lo != q->v.lo)
        return p->v.lo < q->v.lo ? -1 : 1;
    if (p->v.hi != q->v.hi)
        return p->v.hi < q->v.hi ? -1 : 1;
    if (p->v.lo_open != q->v.lo_open)
        return p->v.lo_open < q->v.lo_open ? -1 : 1;
    if (p->v.hi_open != q->v.hi_open)
        return p->v.hi_open < q->v.hi_open ? -1 : 1;
    if (p->point != q->point)
        return p->point < q->point ? -1 : 1;
    return 0;
}

int same_group(const item *p, const item *q)
{
    return p->unit == q->unit && p->indicator == q->indicator && p->term == q->term && p->basis == q->basis &&
           p->level == q->level && p->label == q->label;
}

static chiso_status add_row(chiso_normalized *out, const chiso_norm_row *row)
{
    if (chiso_grow((void **)&out->rows, &out->cap, out->n + 1, sizeof *out->rows) != 0)
        return CHISO_ENOMEM;
    out->rows[out->n++] = *row;
    return CHISO_OK;
}

/* "FILE:LINE", or the cell of a workbook's row (chiso_place_format); kept out of line so that its
 * buffer does not weigh on the frame of combine_group */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void put_place(chiso_buf *b, const char *file, long line)
{
    char place[1024];
    chiso_buf_puts(b, chiso_place_format(file, line, 0, place, sizeof place));
}

/* The diagnostics of a figure against another (wo), whose place is written as chiso_place_format does
 * (a workbook's cell); out of line, so that the place's buffer is not on combine_group's frame. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void diag_against(chiso_diags *d, const chiso_dataset *ds, const ds_obs *po, const ds_obs *wo, int overlap)
{
    char place[1024];
    chiso_place_format(ds_file(ds, wo->file), (long)wo->line, 0, place, sizeof place);
    if (overlap)
        chiso_diags_add(d, CHISO_WARNING, ds_file(ds, po->file), (long)po->line, 0, "norm.overlap",
                        _("this figure partly overlaps the period of the figure at %s: only that "
                          "one is used for the term"),
                        place);
    else
        chiso_diags_add(d, CHISO_ERROR, ds_file(ds, po->file), (long)po->line, 0, "norm.part_exceeds",
                        _("this figure (%s) covers part of the period of the figure at %s "
                          "(%s) but is larger than it"),
                        ds_str(ds, po->raw), place, ds_str(ds, wo->raw));
}

static char *own_string(chiso_normalized *out, char *s)
{
    if (!s)
        return NULL;
    if (chiso_grow((void **)&out->strings, &out->cap_strings, out->n_strings + 1, sizeof *out->strings) != 0) {
        free(s);
        return NULL;
    }
    out->strings[out->n_strings++] = s;
    return s;
}

int chiso_projection_supported(double coverage_years, double term_years)
{
    return coverage_years >= CHISO_PROJECT_MIN_YEARS - 1e-9 &&
           coverage_years >= CHISO_PROJECT_MIN_SHARE * term_years - 1e-9;
}

chiso_status combine_group(nctx *c, chiso_normalized *out, item *g, size_t n,
                           const mpoint *mp, size_t nmp)
{
    const chiso_dataset *ds = c->ds;
    const ds_indicator *I = ind_of(ds, g[0].indicator);
    const ds_term *T = &ds->terms[g[0].term];
    int is_flow = I->kind == CHISO_KIND_FLOW;
    chiso_norm_row row;
    memset(&row, 0, sizeof row);
    unsigned flags = 0;
    /* chosen items: disjoint, widest first */
    size_t *chosen = calloc(n ? n : 1, sizeof *chosen);
    long *used_obs = NULL;
    size_t n_used = 0, cap_used = 0;
    if (!chosen)
        return CHISO_ENOMEM;
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        const item *it = &g[i];
        int nested_in = -1, overlaps = -1;
        for (size_t k = 0; k < nc; k++) {
            const item *w = &g[chosen[k]];
            if (it->start >= w->start && it->end <= w->end) {
                nested_in = (int)k;
                break;
            }
            if (it->start <= w->end && it->end >= w->start)
                overlaps = (int)k;
        }
        if (it->basis == CHISO_BASIS_POINT) {
            /* levels: the latest counts (items are widest-first; all points have zero width) */
            if (nc == 0 || it->end > g[chosen[0]].end)
                chosen[0] = i, nc = 1;
            continue;
        }
        if (nested_in >= 0) {
            item *w = &g[chosen[nested_in]];
            flags |= CHISO_NORM_NESTED;
            /* a figure of the very same span is not a part: chiso_dataset_check reports it as a
             * duplicate or a conflict. Both hold, so the term takes their intersection (the hull when
             * they conflict): no result depends on which row came first */
            int same_span = it->start == w->start && it->end == w->end;
            if (same_span) {
                chiso_interval m = chiso_interval_meet(w->v, it->v), h = chiso_interval_hull(w->v, it->v);
                int empty = chiso_interval_empty(m);
                w->v = empty ? h : m;
                /* the point: the narrower figure's (items are sorted by value on a tie, so the same
                 * whatever the order of the rows) */
                if (!empty && (it->v.hi - it->v.lo < w->v.hi - w->v.lo || w->point < w->v.lo || w->point > w->v.hi))
                    w->point = it->point;
                if (!empty && (w->point < w->v.lo || w->point > w->v.hi))
                    w->point = isinf(w->v.hi) ? w->v.lo : (w->v.lo + w->v.hi) / 2;
                if (empty)
                    w->flags |= CHISO_NORM_INEXACT;
            }
            if (is_flow && it->basis == CHISO_BASIS_TOTAL && w->basis == CHISO_BASIS_TOTAL && !same_span) {
                /* the part is checked against the whole figure as reported, never against a term's
                 * estimated share of it (a split figure): a share is not a bound */
                const ds_obs *po = &ds->obs[c->ol[it->obs_off]];
                const ds_obs *wo = &ds->obs[c->ol[w->obs_off]];
                int inside = po->start.day >= wo->start.day && po->end.day <= wo->end.day;
                int part_bigger = inside && (po->lo > wo->hi || (po->lo == wo->hi && (po->lo_open || wo->hi_open) &&
                                                                 !isinf(wo->hi)));
                if (part_bigger) {
                    diag_against(c->diags, ds, po, wo, 0);
                }
            }
            continue;
        }
        if (overlaps >= 0) {
            const item *w = &g[chosen[overlaps]];
            const ds_obs *po = &ds->obs[c->ol[it->obs_off]];
            const ds_obs *wo = &ds->obs[c->ol[w->obs_off]];
            diag_against(c->diags, ds, po, wo, 1);
            flags |= CHISO_NORM_OVERLAP;
            continue;
        }
        chosen[nc++] = i;
    }
    /* value over the chosen items */
    chiso_interval total = chiso_interval_point(0), hull = g[chosen[0]].v;
    double pt = 0, years = 0;
    double wsum_lo = 0, wsum_hi = 0, wpt = 0;
    int32_t cs = g[chosen[0]].start, ce = g[chosen[0]].end;
    int hi_open_any = 0, lo_open_any = 0;
    for (size_t k = 0; k < nc; k++) {
        const item *it = &g[chosen[k]];
        flags |= it->flags;
        total = chiso_interval_add(total, it->v);
        pt += it->point;
        years += it->years;
        double w = it->years > 0 ? it->years : 1;
        wsum_lo += w * it->v.lo;
        wsum_hi += w * it->v.hi;
        wpt += w * it->point;
        hi_open_any |= it->v.hi_open;
        lo_open_any |= it->v.lo_open;
        if (it->v.lo < hull.lo || (it->v.lo == hull.lo && it->v.lo_open)) {
            hull.lo = it->v.lo;
            hull.lo_open = it->v.lo_open;
        }
        if (it->v.hi > hull.hi || (it->v.hi == hull.hi && it->v.hi_open)) {
            hull.hi = it->v.hi;
            hull.hi_open = it->v.hi_open;
        }
        cs = min32(cs, it->start);
        ce = max32(ce, it->end);
        for (size_t t = 0; t < it->obs_n; t++) {
            if (chiso_grow((void **)&used_obs, &cap_used, n_used + 1, sizeof *used_obs) != 0) {
                free(chosen);
                free(used_obs);
                return CHISO_ENOMEM;
            }
            used_obs[n_used++] = c->ol[it->obs_off + t];
        }
    }
    if (nc > 1)
        flags |= is_flow && g[0].basis == CHISO_BASIS_TOTAL ? CHISO_NORM_SUMMED : CHISO_NORM_AVERAGED;
    double wtot = 0;
    for (size_t k = 0; k < nc; k++)
        wtot += g[chosen[k]].years > 0 ? g[chosen[k]].years : 1;

    row.unit_index = g[0].unit;
    row.term_index = g[0].term;
    row.indicator_index = g[0].indicator;
    row.unit = ds_str(ds, ds->units[g[0].unit].code);
    row.term = ds_str(ds, T->code);
    row.indicator = ds_str(ds, I->code);
    row.basis = (chiso_basis)g[0].basis;
    row.level = g[0].level;
    row.term_years = days_years(T->start.day, T->end.day);
    row.cover_start = cs;
    row.cover_end = ce;
    row.scheme = ds_str(ds, g[chosen[0]].scheme);
    if (g[0].label)
        row.rating = ds_str(ds, g[0].label);
    else if (n_used == 1 && ds->obs[used_obs[0]].rating)
        row.rating = ds_str(ds, ds->obs[used_obs[0]].rating);

    if (g[0].basis == CHISO_BASIS_POINT) {
        row.value = hull;
        row.point = g[chosen[0]].point;
        row.coverage_years = days_years(T->start.day, min32(g[chosen[0]].end, T->end.day));
        row.cover_start = T->start.day;
    } else if (is_flow) {
        row.coverage_years = years;
        chiso_interval annual;
        if (g[0].basis == CHISO_BASIS_TOTAL) {
            row.value = total;
            row.point = pt;
            annual = years > 0 ? chiso_interval_scale(total, 1.0 / years) : total;
        } else {
            /* annual_mean: years-weighted mean; each_year: every year lies in the hull */
            if (g[0].basis == CHISO_BASIS_ANNUAL_MEAN)
                annual = (chiso_interval){wsum_lo / wtot, wsum_hi / wtot, (unsigned char)lo_open_any,
                                          (unsigned char)hi_open_any};
            else
                annual = hull;
            if (isinf(annual.hi))
                annual.hi_open = 1;
            row.value = chiso_interval_scale(annual, years > 0 ? years : 1);
            row.point = (wpt / wtot) * (years > 0 ? years : 1);
        }
        row.has_annual = 1;
        row.annual = annual;
        double per100_years = years;
        if (years > 0 && years < row.term_years - 0.25) {
            flags |= CHISO_NORM_PARTIAL;
            /* a whole-term total at the same pace only where the figures cover enough of the term to
             * have a pace, and never for one-off counts */
            if (!I->irregular && chiso_projection_supported(years, row.term_years)) {
                row.has_projected = 1;
                row.projected = chiso_interval_scale(annual, row.term_years);
            }
        }
        chiso_interval mem;
        double mem_pt;
        if (per100_years > 0 && members_mean(mp, nmp, cs, ce, &mem, &mem_pt) && mem.lo > 0) {
            row.has_members = 1;
            row.members = mem;
            row.members_point = mem_pt;
            chiso_interval per;
            if (chiso_interval_div(chiso_interval_scale(annual, 100.0), mem, &per)) {
                row.has_per100 = 1;
                row.per100 = per;
                double annual_pt = years > 0 ? row.point / years : row.point;
                row.per100_point = mem_pt > 0 ? annual_pt * 100.0 / mem_pt : NAN;
            }
        }
    } else {
        /* stocks and rates over spans: mean by years (annual_mean, total) or hull (each_year) */
        row.coverage_years = years;
        if (g[0].basis == CHISO_BASIS_EACH_YEAR)
            row.value = hull;
        else
            row.value = (chiso_interval){wsum_lo / wtot, wsum_hi / wtot, (unsigned char)lo_open_any,
                                         (unsigned char)hi_open_any};
        if (isinf(row.value.hi))
            row.value.hi_open = 1;
        row.point = wpt / wtot;
        if (years > 0 && years < row.term_years - 0.25)
            flags |= CHISO_NORM_PARTIAL;
    }
    if (!chiso_interval_is_point(row.value))
        flags |= CHISO_NORM_INEXACT;
    /* sources and crosswalk marks */
    chiso_buf src;
    chiso_buf_init(&src);
    for (size_t k = 0; k < n_used; k++) {
        const ds_obs *o = &ds->obs[used_obs[k]];
        if (o->flags & CHISO_OBS_INEXACT_XWALK)
            flags |= CHISO_NORM_XWALK;
        if (o->flags & CHISO_OBS_BASE_UNKNOWN)
            flags |= CHISO_NORM_BASE_UNKNOWN;
        if (k)
            chiso_buf_puts(&src, "; ");
        if (o->source) {
            chiso_buf_puts(&src, ds_str(ds, o->source));
            if (o->locator)
                chiso_buf_printf(&src, " %s", ds_str(ds, o->locator));
        } else {
            put_place(&src, ds_file(ds, o->file), (long)o->line);
        }
    }
    row.flags = flags;
    row.sources = own_string(out, chiso_buf_take(&src));
    /* obs list */
    size_t off = out->n_obs;
    chiso_status st = CHISO_OK;
    if (chiso_grow((void **)&out->obs, &out->cap_obs, out->n_obs + n_used, sizeof *out->obs) != 0) {
        st = CHISO_ENOMEM;
    } else {
        memcpy(out->obs + off, used_obs, n_used * sizeof *used_obs);
        out->n_obs += n_used;
        row.n_obs = n_used;
        row.obs = (const long *)(uintptr_t)off; /* fixed up to a pointer at the end */
        if (!row.sources)
            st = CHISO_ENOMEM;
        else
            st = add_row(out, &row);
    }
    free(chosen);
    free(used_obs);
    return st;
}

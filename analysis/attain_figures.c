/*
 * analysis/attain_figures.c — the figures a target is judged on: the figure of one year, the normalised
 * row of a target, the day of the membership a relative target is of, and the sources named in a reason.
 */
#include "analysis/attain_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The yearly figure of indicator ind (level for ratings) in calendar year y, from observations up to
 * as_of: a figure of that year alone, a level rated in that year, or an "each year" figure covering it.
 * All such figures hold at once, so they combine by intersecting their intervals, whatever the order
 * of the rows. Returns 0 (none), 1 (*out the intersection, *obs_index the narrowest figure's row), or 2
 * when they cannot all be true (*out the hull, the year is then not decided by them). */
int year_figure(const chiso_dataset *ds, long unit, long ind, int level, int y, int32_t as_of,
                chiso_interval *out, long *obs_index)
{
    int found = 0, conflict = 0;
    chiso_interval meet = {0}, hull = {0};
    int32_t ys = chiso_days_from_civil(y, 1, 1), ye = chiso_days_from_civil(y, 12, 31);
    for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
        chiso_obs_info o;
        chiso_dataset_obs(ds, i, &o);
        if (o.unit_index != unit || o.indicator_index != ind || o.end.day > as_of)
            continue;
        if (level && o.level != level)
            continue;
        if (level && !(o.flags & CHISO_OBS_AT_OR_ABOVE) && level != 4)
            continue;
        if (o.flags & CHISO_OBS_PART)
            continue;
        if (o.basis == CHISO_BASIS_POINT && o.end.day >= ys && o.end.day <= ye && (o.end.prec < 2 || o.end.month == 12))
            ; /* a level rated in that year */
        else if (o.start.day >= ys - 45 && o.end.day <= ye + 45 && o.end.day >= ye - 45 && o.basis != CHISO_BASIS_POINT)
            ; /* a figure of that year alone */
        else if (o.basis == CHISO_BASIS_EACH_YEAR && o.start.day <= ye && o.end.day >= ye - 31)
            ; /* "each year" over a span holding that year's December */
        else
            continue;
        chiso_interval v = o.value.iv;
        if (!found) {
            meet = hull = v;
            *obs_index = (long)i;
            found = 1;
            continue;
        }
        hull = chiso_interval_hull(hull, v);
        /* intersection; the row kept as the source is the one that narrows most */
        chiso_interval m = chiso_interval_meet(meet, v);
        if (chiso_interval_empty(m))
            conflict = 1;
        else if (m.hi - m.lo < meet.hi - meet.lo || (isinf(meet.hi) && !isinf(m.hi)))
            *obs_index = (long)i;
        meet = m;
    }
    if (!found)
        return 0;
    *out = conflict ? hull : meet;
    return conflict ? 2 : 1;
}

/* Does a figure of the normalised row cover calendar year y (its December, with the usual slack)? An
 * annual mean can speak for a year without a figure of its own only when it was measured over it. */
int row_covers_year(const chiso_dataset *ds, const chiso_norm_row *row, int y)
{
    int32_t ys = chiso_days_from_civil(y, 1, 1), ye = chiso_days_from_civil(y, 12, 31);
    for (size_t k = 0; k < row->n_obs; k++) {
        chiso_obs_info o;
        if (chiso_dataset_obs(ds, (size_t)row->obs[k], &o) != CHISO_OK)
            continue;
        if (o.start.day <= ys + 45 && o.end.day >= ye - 45)
            return 1;
    }
    return 0;
}

/* Append "file:line" of an observation to a sources buffer. */
void add_source(const chiso_dataset *ds, chiso_buf *b, long obs)
{
    chiso_obs_info o;
    if (obs < 0 || chiso_dataset_obs(ds, (size_t)obs, &o) != CHISO_OK)
        return;
    if (b->len)
        chiso_buf_puts(b, "; ");
    char place[1024];
    if (o.source)
        chiso_buf_printf(b, "%s %s", o.source, o.locator ? o.locator : "");
    else
        chiso_buf_puts(b, chiso_place_format(o.file, o.line, 0, place, sizeof place));
}

/* The normalised row of a target: the basis asked for first, then any. */
const chiso_norm_row *target_row(const chiso_normalized *norm, const chiso_target_info *t, chiso_basis want)
{
    const chiso_norm_row *r = NULL;
    if (want != CHISO_BASIS_NONE)
        r = chiso_normalized_find(norm, t->unit_index, t->term_index, t->indicator_index, want, t->level);
    if (!r)
        r = chiso_normalized_find(norm, t->unit_index, t->term_index, t->indicator_index, CHISO_BASIS_NONE, t->level);
    return r;
}

/* The day of the membership a relative target is of, for year y (each_year) or for the target's span
 * (y = 0: the first year of the period, or of the term). */
int32_t base_day(const chiso_target_info *t, const chiso_term_info *TI, int y)
{
    if (y == 0) {
        int m, d;
        chiso_civil_from_days(t->has_period ? t->period_start.day : TI->start.day, &y, &m, &d);
    }
    switch (t->relative_base) {
    case CHISO_REL_YEAR_START: return chiso_days_from_civil(y, 1, 1);
    case CHISO_REL_PREV_YEAR_END: return chiso_days_from_civil(y - 1, 12, 31);
    case CHISO_REL_DATE: return t->relative_day;
    default: return TI->start.day;
    }
}

/*
 * ingest/crosswalk.c — rating labels: the crosswalk of registry/rating-schemes.csv from a label as a
 * report writes it ("hoàn thành tốt nhiệm vụ trở lên") to a scheme and a level, and the year whose
 * rating a figure reports.
 */
#include "ingest/ds_read.h"

#include <stdlib.h>
#include <string.h>

int ds_rating_year(chiso_date end)
{
    /* ratings are made in December: a span ending before December reports the year before */
    if (end.prec >= CHISO_DATE_MONTH && end.month < 12)
        return end.year - 1;
    return end.year;
}

/* chiso_crosswalk_lookup that also tells (*oom, may be NULL) when it could not look because memory
 * ran out, so that the reader stops instead of calling the label unknown (ds_crosswalk_lookup). */
int ds_crosswalk(const chiso_dataset *ds, const char *label, int is_member, const char *scheme, int year,
                     int *level, int *at_or_above, const char **scheme_out, int *inexact, const char **notes,
                     int *oom)
{
    int aoa = 0;
    char *norm = ds_rating_normalize(label, &aoa);
    if (oom)
        *oom = !norm;
    if (!norm)
        return 0;
    int found = 0;
    /* first the scheme named or in force in year, then any scheme of the same kind */
    for (int pass = 0; pass < 2 && !found; pass++) {
        for (size_t i = 0; i < ds->n_ratings; i++) {
            const ds_rating *r = &ds->ratings[i];
            if (r->member != is_member)
                continue;
            if (strcmp(ds_str(ds, r->label_norm), norm) != 0)
                continue;
            if (pass == 0) {
                if (scheme && strcmp(ds_str(ds, r->scheme), scheme) != 0)
                    continue;
                if (!scheme && (year < r->from || year > r->to))
                    continue;
            } else if (scheme) {
                break; /* a named scheme must hold the label */
            }
            *level = r->level;
            *at_or_above = aoa || r->at_or_above;
            if (scheme_out)
                *scheme_out = ds_str(ds, r->scheme);
            if (inexact)
                *inexact = r->inexact || pass == 1;
            if (notes)
                *notes = ds_str(ds, r->notes);
            found = pass + 1;
            break;
        }
    }
    free(norm);
    return found;
}

int ds_crosswalk_lookup(const chiso_dataset *ds, const char *label, int is_member, const char *scheme, int year,
                        int *level, int *at_or_above, int *oom)
{
    int no_memory = 0;
    int found = ds_crosswalk(ds, label, is_member, scheme, year, level, at_or_above, NULL, NULL, NULL, &no_memory);
    if (!found && !no_memory) { /* a label of an export typed without accents */
        char *acc = ds_rating_accent(ds, label, is_member, &no_memory);
        if (acc)
            found = ds_crosswalk(ds, acc, is_member, scheme, year, level, at_or_above, NULL, NULL, NULL, &no_memory);
        free(acc);
    }
    if (oom)
        *oom = no_memory;
    return found;
}

int chiso_crosswalk_lookup(const chiso_dataset *ds, const char *label, int is_member, const char *scheme,
                           int year, int *level, int *at_or_above, const char **scheme_out,
                           int *inexact, const char **notes)
{
    return ds_crosswalk(ds, label, is_member, scheme, year, level, at_or_above, scheme_out, inexact, notes, NULL);
}

int ds_scheme_exists(const chiso_dataset *ds, const char *scheme, int *member)
{
    for (size_t i = 0; i < ds->n_ratings; i++)
        if (strcmp(ds_str(ds, ds->ratings[i].scheme), scheme) == 0) {
            *member = ds->ratings[i].member;
            return 1;
        }
    return 0;
}

int ds_indicator_is_member(const chiso_dataset *ds, long ind)
{
    return strstr(ds_str(ds, ds->inds[ind].code), "member") != NULL;
}

int ds_indicator_is_rating(const chiso_dataset *ds, long ind)
{
    const char *code = ds_str(ds, ds->inds[ind].code);
    return strstr(code, "_rating_") != NULL;
}

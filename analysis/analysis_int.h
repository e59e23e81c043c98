/* analysis/analysis_int.h — helpers shared by the files of analysis/ (never installed). */
#ifndef CHISO_ANALYSIS_INT_H
#define CHISO_ANALYSIS_INT_H

#include "chiso/analysis.h"
#include "ingest/util.h"

/* One term of a series: the normalised row chosen for it. */
typedef struct series_item {
    const chiso_norm_row *row;
    int32_t term_start, term_end;
} series_item;

/* A series: one unit, indicator, level (and part label) across terms, in time order. */
typedef struct series {
    long unit, indicator;
    int level;
    const char *label;  /* part label or NULL */
    series_item *items;
    size_t n;
} series;

/* All series of a normalisation matching sel (NULL: all). The caller frees with series_free_all. */
chiso_status series_build(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_select *sel,
                          series **out, size_t *n_out);
void series_free_all(series *s, size_t n);

/* The comparable value of a row: annual rate (flows), share (rates), level (stocks). */
chiso_value_kind value_kind_of(const chiso_dataset *ds, long indicator);
chiso_interval row_value(const chiso_dataset *ds, const chiso_norm_row *r, double *point);

/* The history of a unit's indicator for the predictive model (predict.c): the earlier terms (starting
 * before `before`) as periods (a term's yearly figures when it has two or more, else its total), and the
 * within-year profile from monthly or quarterly figures known by as_of. Free with pred_history_free. */
typedef struct pred_hist {
    chiso_pred_period *periods;
    size_t n;
    size_t terms, yearly;   /* earlier terms used, and how many of them by year */
    int inexact;            /* some figure used is inexact (read at its point) */
    size_t open_left_out;   /* open-ended figures left out */
    chiso_profile profile;
} pred_hist;

chiso_status pred_history(const chiso_dataset *ds, const chiso_normalized *norm, long unit, long ind, int level,
                          int32_t before, int32_t as_of, pred_hist *out);
void pred_history_free(pred_hist *h);

#endif

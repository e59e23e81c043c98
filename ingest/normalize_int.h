/* ingest/normalize_int.h — what the files of the normalisation share (never installed).
 *
 *   normalize.c          chiso_normalize: the steps in order, the rows sorted, the result's accessors
 *   normalize_place.c    1. figures placed in terms; 2. rating figures to "at or above" items
 *   normalize_combine.c  3. the items of a group combined into one row; 4. coverage, rate, projection
 *   members.c            the membership of a unit on a day, and its mean over a span (per 100 members)
 *   normalize_export.c   the rows as CSV and JSON, and their flags in words
 */
#ifndef CHISO_NORMALIZE_INT_H
#define CHISO_NORMALIZE_INT_H

#include "ingest/dataset_int.h"


/* A figure (or a part of one) placed in a term. */
typedef struct item {
    long unit, term, indicator;
    int basis, level;       /* level: at or above k; 0 for a "trong đó" part (label) */
    uint32_t label;         /* part_of items: their own rating label */
    int32_t start, end;     /* days, clipped to the term for split figures */
    double years;
    chiso_interval v;
    double point;
    unsigned flags;
    size_t obs_off, obs_n;  /* into the obs list */
    uint32_t scheme;
} item;

struct chiso_normalized {
    chiso_norm_row *rows;
    size_t n, cap;
    long *obs;              /* all obs lists */
    size_t n_obs, cap_obs;
    char **strings;         /* sources strings owned */
    size_t n_strings, cap_strings;
};

typedef struct nctx {
    const chiso_dataset *ds;
    const chiso_norm_opts *opts;
    chiso_diags *diags;
    item *items;
    size_t n, cap;
    long *ol;               /* obs lists of items */
    size_t nol, capol;
    int oom;
} nctx;

typedef struct mpoint {
    int32_t day;
    double lo, hi, pt;
    int lo_open;           /* "hơn 4.000": the membership is above the bound, not at it */
} mpoint;

static inline double days_years(int32_t a, int32_t b)
{
    return chiso_span_years(a, b);
}

static inline const ds_indicator *ind_of(const chiso_dataset *ds, long i)
{
    return &ds->inds[i];
}

static inline int32_t max32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t min32(int32_t a, int32_t b) { return a < b ? a : b; }

/* members.c */
int all_member_points(const chiso_dataset *ds, const chiso_norm_opts *opts, mpoint **mps, size_t *nmps);
int members_mean(const mpoint *p, size_t n, int32_t a, int32_t b, chiso_interval *out, double *point);

/* normalize_place.c */
void place(nctx *c, size_t oi, const long *terms, size_t nt);
void derive_levels(nctx *c);

/* normalize_combine.c */
int item_key_cmp(const void *a, const void *b);
int same_group(const item *p, const item *q);
chiso_status combine_group(nctx *c, chiso_normalized *out, item *g, size_t n, const mpoint *mp, size_t nmp);

#endif

/*
 * aggregate/handle.h — the state of a count (struct chiso_aggregate), its workers and its cells, shared
 * by the files of aggregate/ and internal to them (include/chiso/aggregate.h is the contract):
 *
 *   aggregate.c  the handle: options, units and terms, the effective terms, the statistics
 *   scan.c       reading the export: fed bytes, whole files on one or two threads (the split)
 *   count.c      the checks of a record and the counters of a worker (runs, details, ratings)
 *   rollup.c     the end of a run: the two threads merged, sums through the unit tree, diagnostics
 *   write.c      the observations written as a dataset's CSV
 *   fastcsv.c    the export's CSV reader (aggregate/aggregate_int.h)
 *
 * The data flows scan → count → rollup → write. Calls go one way: scan.c → aggregate.c (the handle)
 * → count.c; scan.c → rollup.c → aggregate.c; write.c uses the handle's state only (scripts/layers.sh).
 */
#ifndef CHISO_AGGREGATE_HANDLE_H
#define CHISO_AGGREGATE_HANDLE_H

#include "chiso/aggregate.h"
#include "chiso/ingest.h"
#include "aggregate/aggregate_int.h"
#include "ingest/csvread.h"
#include "ingest/util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define Y0 1900
#define NYEARS 300 /* 1900–2199, the years chiso_date_parse accepts */

/* counters of a cell */
enum {
    K_ADM, K_CONF, K_TIN, K_TOUT, K_REM, K_DIED, K_D_REP, K_D_WARN, K_D_DIS, K_D_EXP, K_RATED, NCNT
};

typedef struct fcell {
    uint32_t n[NCNT];
    uint32_t pad;
    uint64_t first, last; /* lines of the first and last event counted (0: none) */
} fcell;

/* one unit and calendar year: the flows (--by year), the members rated and the rating levels */
typedef struct ycell {
    uint32_t n[K_RATED];  /* the flows (--by year) */
    uint32_t lv[4];       /* members rated per level */
    uint32_t first, last; /* lines of the first and last event counted (0: none; saturated) */
} ycell;                  /* one cache line */

#define NDEC (NYEARS / 10) /* year cells come in chunks of ten years per unit */

static inline uint32_t yc_rated(const ycell *c)
{
    return c->lv[0] + c->lv[1] + c->lv[2] + c->lv[3];
}

static inline void yc_mark(ycell *c, uint64_t line)
{
    uint32_t l = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    if (!c->first)
        c->first = l;
    c->last = l;
}

static inline ycell *ychunk_new(void)
{
    ycell *c = aligned_alloc(64, 10 * sizeof(ycell));
    if (c)
        memset(c, 0, 10 * sizeof(ycell));
    return c;
}

/* a == b for n bytes, without a call for short keys */
static inline int bytes_eq(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    if (n >= 8) {
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            memcpy(&x, a + i, 8);
            memcpy(&y, b + i, 8);
            if (x != y)
                return 0;
        }
        memcpy(&x, a + n - 8, 8);
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        uint32_t p, q, r, t;
        memcpy(&p, a, 4);
        memcpy(&q, b, 4);
        memcpy(&r, a + n - 4, 4);
        memcpy(&t, b + n - 4, 4);
        return p == q && r == t;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* a rejected row kept for the diagnostics */
typedef struct kept {
    long line, col;
    long aux;            /* a line, a year, a field count, a unit index … */
    int sub;             /* which message of the reason */
    char v1[84], v2[48]; /* values shown in the message */
} kept;

#define RUN_SLOTS 1024u /* hash slots of a member's run */
#define RUN_MAX 512u    /* events held per run */
#define RUN_ARENA 16384u
#define DET_SLOTS 8192u
#define DET_MAX 4096u
#define DET_ARENA (256u * 1024u)
#define DET_EXT UINT32_MAX
#define SCH_MAX 63u
#define RC_SLOTS 4096u
#define KEEP_MAX 10000u

typedef struct run_ent {
    uint32_t gen;
    uint32_t date;   /* y << 9 | m << 5 | d */
    uint32_t detail; /* detail id, DET_EXT: bytes at ext */
    uint32_t ext_off, ext_len;
    int ev;
    long line;
} run_ent;

#define UNACC_MAX 8 /* forms of discipline without accents named in warnings */

typedef struct det_ent {
    uint64_t hash;
    uint32_t off, len;
    int form; /* discipline form 0..3, -1 none */
} det_ent;

typedef struct worker {
    chiso_aggregate *a;
    fcsv *sc;
    int skip;                  /* second thread before its first record of its own */
    int is_second;
    /* counters */
    ycell **ych;               /* per unit and decade: ten year cells (NULL until used) */
    fcell **tcells;            /* --by term: per unit, one cell per segment */
    /* the member's run */
    char *run;
    size_t run_len, run_cap;
    uint32_t run_gen, run_n, run_arena_used;
    run_ent *run_tab;
    char *run_arena;
    /* details (rating labels, forms) */
    uint32_t *det_slot;        /* id + 1, 0 = empty */
    det_ent *det;
    uint32_t n_det;
    char *det_arena;
    uint32_t det_arena_used;
    /* scheme column values: id 1..n (0 = empty); valid[id] */
    char *sch_text[SCH_MAX + 1];
    size_t sch_len[SCH_MAX + 1];
    int sch_valid[SCH_MAX + 1];
    uint32_t n_sch;
    /* rating cache: key → level (1..4) or -(sub + 1) */
    uint64_t *rc_key;
    signed char *rc_val;
    uint32_t rc_n;
    char *tmp;                 /* NUL-terminated copies */
    size_t tmp_cap;
    /* statistics */
    uint64_t records, counted, fast_records, dup_unchecked;
    uint32_t max_date;         /* the latest counted event, y << 9 | m << 5 | d (0: none) */
    uint64_t by_reason[CHISO_AGG_N_REASONS];
    uint64_t events[CHISO_AGG_N_EVENTS];
    kept *kept[CHISO_AGG_N_REASONS];
    size_t n_kept[CHISO_AGG_N_REASONS];
    /* the second thread's start */
    char *m1;                  /* member of the first record it saw */
    size_t m1_len;
    int have_m1;
    char *m2;                  /* member of its first own record */
    size_t m2_len;
    uint64_t split_off;        /* B' */
    long split_line;           /* its line, counted from the second thread's start */
    /* errors */
    chiso_status st;
    chiso_error err;
    struct split_ctl *ctl;     /* the second thread's link to the first */
    /* progress */
    _Atomic uint64_t bytes_done;
    _Atomic uint64_t rows_done;
    _Atomic int done;
    /* forms of discipline typed without accents: the first few distinct ones and where they are */
    struct {
        char text[64];
        long line, col;
    } unacc[UNACC_MAX];
    size_t n_unacc;
    /* a record whose text is not pure ASCII, cleaned (NFC, invisible characters out: ingest/text.h) */
    chiso_buf clean;
    const char **clean_f;
    size_t *clean_len, *clean_off, clean_cap;
} worker;

typedef struct useg {
    size_t n;                  /* segments */
    int32_t *bounds;           /* n + 1 day numbers */
    int *own;                  /* index into the unit's effective terms, or -1 */
} useg;


typedef struct split_ctl {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int state;                 /* 0 searching, 1 found (worker split_off), 2 none */
    atomic_int cancel;
} split_ctl;

struct chiso_aggregate {
    chiso_aggregate_opts opts;
    char *events_name, *source, *units_name, *terms_name;
    chiso_diags *diags;
    chiso_dataset *ds;
    size_t n_units;
    const char **ucode;
    size_t *ulen;
    uint64_t *uhash;
    long *parent;
    int *depth;
    size_t *order;             /* deepest units first */
    uint32_t *uh;              /* unit hash slots: index + 1, 0 = empty */
    size_t uh_mask;
    /* effective terms: those of the unit, or of its nearest ancestor that has some */
    long *eowner;
    long **eterms;
    size_t *n_eterms;
    useg *segs;                /* --by term */
    fcell **tc;                /* --by term, after the roll-up: per unit, one cell per effective term */
    /* the header */
    int header_done;
    size_t ncols;
    size_t col_member, col_unit, col_date, col_event, col_detail, col_scheme; /* SIZE_MAX: absent */
    /* the run */
    int state;                 /* 0 fresh, 1 reading, 2 finished, 3 failed */
    chiso_status failed;
    chiso_error failed_err;
    worker *w1;
    chiso_csv_reader *ref;     /* CHISO_AGG_PARSER_LIBCSV */
    uint64_t bytes_fed;
    int threads_used;
    uint64_t rollup_gaps;
    struct timespec t0;
    double last_progress;
    /* labels of the rating levels per year (the scheme in force) */
    unsigned char lvl_done[NYEARS];
    const char *lvl_label[NYEARS][4];
    const char *lvl_scheme[NYEARS];
    size_t out_rows, out_units;
    size_t out_block;          /* bytes per output block: 1 MiB (tests set others) */
    uint32_t until_packed;     /* opts.until_day as y << 9 | m << 5 | d (0: none) */
    char until_text[16];       /* YYYY-MM-DD */
    int has_end;               /* the counts run to end_day (set when the count ends) */
    int32_t end_day;
};

static inline uint64_t khash(const char *s, size_t n)
{
    uint64_t a = 0, b = 0, c = 0;
    if (n >= 8) {
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        if (n > 16)
            memcpy(&c, s + n / 2 - 4, 8);
    } else {
        for (size_t i = 0; i < n; i++)
            a = a << 8 | (unsigned char)s[i];
    }
    uint64_t h = a * 0x9E3779B97F4A7C15ULL;
    h ^= (b + 0x632BE59BD9B4E019ULL) * 0xC2B2AE3D27D4EB4FULL;
    h ^= c * 0x165667B19E3779F9ULL;
    h ^= (uint64_t)n;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return h;
}

/* the codes of the events and of the reasons a record is refused (count.c) */
extern const char *const agg_event_codes[CHISO_AGG_N_EVENTS];
extern const char *const agg_reason_codes[CHISO_AGG_N_REASONS];

/* count.c: a worker (second = 1: the second thread) with its reader; NULL on oom. */
worker *agg_worker_new(chiso_aggregate *a, int second);
void agg_worker_free(worker *w);
/* count.c: the second thread tells the first where it starts (state 1) or that it found no start (2). */
void agg_publish_split(worker *w, int state);
/* count.c: a record of the reference reader (csvread.c) counted by the worker ctx. */
int agg_ref_row(void *ctx, const chiso_csv_row *r);

/* aggregate.c: the effective term of unit that holds day (an index into a->eterms[unit]), or -1. */
int agg_term_at(const chiso_aggregate *a, size_t unit, int32_t day);

/* rollup.c: the second worker's counts added to the first's (its lines shifted by delta). */
chiso_status agg_merge_workers(chiso_aggregate *a, worker *w1, worker *w2, long delta, chiso_error *err);
/* rollup.c: the end of a count: roll-up, the end day, the diagnostics of refused records. */
chiso_status agg_finalize(chiso_aggregate *a, chiso_error *err);

#endif

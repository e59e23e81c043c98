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
 */
#define _GNU_SOURCE /* O_DIRECT */
#include "chiso/aggregate.h"
#include "chiso/ingest.h"
#include "aggregate/aggregate_int.h"
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

static ycell *ychunk_new(void)
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

static const char *const event_codes[CHISO_AGG_N_EVENTS] = {
    "admitted", "confirmed", "transferred_in", "transferred_out", "removed", "died", "disciplined", "rated"};

static const char *const reason_codes[CHISO_AGG_N_REASONS] = {
    "aggregate.fields", "aggregate.member", "aggregate.unit", "aggregate.event", "aggregate.date",
    "aggregate.after", "aggregate.term", "aggregate.rating", "aggregate.discipline", "aggregate.duplicate"};

static const char *const reason_texts[CHISO_AGG_N_REASONS] = {
    N_("wrong number of fields"), N_("missing member id"), N_("unknown unit"), N_("unknown event"),
    N_("bad or empty date"), N_("date after --until"), N_("date outside every term"), N_("bad rating label"),
    N_("bad form of discipline"), N_("duplicate member event")};

const char *chiso_aggregate_reason_code(chiso_aggregate_reason r)
{
    return (unsigned)r < CHISO_AGG_N_REASONS ? reason_codes[r] : NULL;
}

const char *chiso_aggregate_reason_text(chiso_aggregate_reason r)
{
    return (unsigned)r < CHISO_AGG_N_REASONS ? _(reason_texts[r]) : NULL;
}

const char *chiso_aggregate_event_code(chiso_aggregate_event e)
{
    return (unsigned)e < CHISO_AGG_N_EVENTS ? event_codes[e] : NULL;
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

/* ---- small helpers ------------------------------------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* A hash of a short key from its length and its first, middle and last eight bytes. */
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

static int ascii_eq_nocase(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n != k)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lit[i])
            return 0;
    }
    return 1;
}

/* Copy at most size-1 bytes of s[0..n) into buf, cut at a UTF-8 boundary, "…" when cut. */
static void copy_shown(char *buf, size_t size, const char *s, size_t n)
{
    if (!s)
        n = 0;
    if (n < size) {
        if (n)
            memcpy(buf, s, n);
        buf[n] = '\0';
        return;
    }
    size_t k = size - 4; /* room for "…" (3 bytes) and the NUL */
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    memcpy(buf, s, k);
    memcpy(buf + k, "\xE2\x80\xA6", 4);
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

/* ---- workers ------------------------------------------------------------------------------------- */

static int worker_row(void *ctx, const agg_row *row);

static void worker_free(worker *w)
{
    if (!w)
        return;
    fcsv_free(w->sc);
    if (w->ych) {
        for (size_t i = 0; i < w->a->n_units * NDEC; i++)
            free(w->ych[i]);
        free(w->ych);
    }
    if (w->tcells) {
        for (size_t u = 0; u < w->a->n_units; u++)
            free(w->tcells[u]);
        free(w->tcells);
    }
    chiso_buf_free(&w->clean);
    free(w->clean_f);
    free(w->clean_len);
    free(w->clean_off);
    free(w->run);
    free(w->run_tab);
    free(w->run_arena);
    free(w->det_slot);
    free(w->det);
    free(w->det_arena);
    for (size_t i = 0; i <= SCH_MAX; i++)
        free(w->sch_text[i]);
    free(w->rc_key);
    free(w->rc_val);
    free(w->tmp);
    for (size_t r = 0; r < CHISO_AGG_N_REASONS; r++)
        free(w->kept[r]);
    free(w->m1);
    free(w->m2);
    free(w);
}

static worker *worker_new(chiso_aggregate *a, int second)
{
    worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->a = a;
    w->is_second = second;
    w->skip = second;
    w->run_gen = 1;
    w->run_tab = calloc(RUN_SLOTS, sizeof *w->run_tab);
    w->run_arena = malloc(RUN_ARENA);
    w->det_slot = calloc(DET_SLOTS, sizeof *w->det_slot);
    w->det = calloc(DET_MAX + 1, sizeof *w->det);
    w->det_arena = malloc(DET_ARENA);
    w->rc_key = calloc(RC_SLOTS, sizeof *w->rc_key);
    w->rc_val = calloc(RC_SLOTS, sizeof *w->rc_val);
    w->tmp_cap = 256;
    w->tmp = malloc(w->tmp_cap);
    int ok = w->run_tab && w->run_arena && w->det_slot && w->det && w->det_arena && w->rc_key &&
             w->rc_val && w->tmp;
    for (size_t r = 0; r < CHISO_AGG_N_REASONS && ok; r++) {
        w->kept[r] = calloc(a->opts.keep_per_reason ? a->opts.keep_per_reason : 1, sizeof(kept));
        ok = w->kept[r] != NULL;
    }
    if (ok) {
        w->ych = calloc(a->n_units * NDEC, sizeof *w->ych);
        ok = w->ych != NULL;
    }
    if (ok && a->opts.by == CHISO_AGG_BY_TERM) {
        w->tcells = calloc(a->n_units ? a->n_units : 1, sizeof *w->tcells);
        ok = w->tcells != NULL;
    }
    if (ok && a->opts.parser == CHISO_AGG_PARSER_FAST) {
        w->sc = fcsv_new(a->events_name, worker_row, w, 1);
        ok = w->sc != NULL;
    }
    if (!ok) {
        worker_free(w);
        return NULL;
    }
    return w;
}

static int tmp_hold(worker *w, size_t n)
{
    if (n + 1 <= w->tmp_cap)
        return 1;
    size_t cap = w->tmp_cap;
    while (cap < n + 1)
        cap *= 2;
    char *nt = realloc(w->tmp, cap);
    if (!nt)
        return 0;
    w->tmp = nt;
    w->tmp_cap = cap;
    return 1;
}

/* A NUL-terminated copy of s[0..n) in w->tmp (NULL on oom). */
static const char *tmp_copy(worker *w, const char *s, size_t n)
{
    if (!tmp_hold(w, n)) {
        w->st = chiso_error_set(&w->err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        return NULL;
    }
    if (n)
        memcpy(w->tmp, s, n);
    w->tmp[n] = '\0';
    return w->tmp;
}

static void oom(worker *w)
{
    if (w->st == CHISO_OK)
        chiso_error_set(&w->err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    w->st = CHISO_ENOMEM;
}

/* ---- rejections ---------------------------------------------------------------------------------- */

static kept *reject(worker *w, const agg_row *row, chiso_aggregate_reason r, size_t field)
{
    w->by_reason[r]++;
    chiso_aggregate *a = w->a;
    if (w->n_kept[r] >= a->opts.keep_per_reason)
        return NULL;
    kept *k = &w->kept[r][w->n_kept[r]++];
    memset(k, 0, sizeof *k);
    k->line = row->line;
    k->col = 1;
    if (field != SIZE_MAX && row->raw) {
        chiso_csv_row cr;
        memset(&cr, 0, sizeof cr);
        cr.line = row->line;
        cr.raw = row->raw;
        cr.raw_len = row->raw_len;
        cr.delim = row->delim;
        chiso_csv_field_pos(&cr, field, &k->line, &k->col);
    }
    return k;
}

static inline const char *fld(const agg_row *row, size_t i, size_t *n)
{
    if (i < row->nfields && row->f[i]) {
        *n = row->len[i];
        return row->f[i];
    }
    *n = 0;
    return "";
}

/* ---- the header ---------------------------------------------------------------------------------- */

static int read_header(worker *w, const agg_row *row)
{
    chiso_aggregate *a = w->a;
    static const char *const names[] = {"member", "unit", "date", "event", "detail", "scheme"};
    size_t *cols[] = {&a->col_member, &a->col_unit, &a->col_date, &a->col_event, &a->col_detail,
                      &a->col_scheme};
    a->header_done = 1;
    a->ncols = row->nfields;
    for (size_t c = 0; c < CHISO_ARRAY_LEN(cols); c++)
        *cols[c] = SIZE_MAX;
    for (size_t i = 0; i < row->nfields; i++) {
        size_t n;
        const char *s = fld(row, i, &n);
        long line = row->line, col = 1;
        chiso_csv_row cr;
        memset(&cr, 0, sizeof cr);
        cr.line = row->line;
        cr.raw = row->raw;
        cr.raw_len = row->raw_len;
        cr.delim = row->delim;
        chiso_csv_field_pos(&cr, i, &line, &col);
        size_t c = 0;
        while (c < CHISO_ARRAY_LEN(names) && !ascii_eq_nocase(s, n, names[c]))
            c++;
        char shown[84];
        copy_shown(shown, sizeof shown, s, n);
        if (c == CHISO_ARRAY_LEN(names)) {
            chiso_diags_add(a->diags, CHISO_WARNING, a->events_name, line, col, "aggregate.column",
                            _("unknown column '%s' is ignored (events.csv has member, unit, date, event, "
                              "detail and scheme)"),
                            shown);
            continue;
        }
        if (*cols[c] != SIZE_MAX) {
            w->st = chiso_error_set(&w->err, CHISO_EDATA, a->events_name, line, col,
                                    _("column '%s' appears twice in the header"), names[c]);
            return 1;
        }
        *cols[c] = i;
    }
    for (size_t c = 0; c < 5; c++)
        if (*cols[c] == SIZE_MAX) {
            w->st = chiso_error_set(&w->err, CHISO_EDATA, a->events_name, row->line, 1,
                                    _("the header has no column '%s': events.csv needs the columns "
                                      "member, unit, date, event and detail (see datasets/FORMAT.md)"),
                                    names[c]);
            return 1;
        }
    return 0;
}

/* ---- the checks of a record ---------------------------------------------------------------------- */

static long unit_find(const chiso_aggregate *a, const char *s, size_t n)
{
    if (!n)
        return -1;
    uint64_t h = khash(s, n);
    for (size_t i = (size_t)h & a->uh_mask;; i = (i + 1) & a->uh_mask) {
        uint32_t id = a->uh[i];
        if (!id)
            return -1;
        size_t u = id - 1;
        if (a->uhash[u] == h && a->ulen[u] == n && bytes_eq(a->ucode[u], s, n))
            return (long)u;
    }
}

static int event_parse(const char *s, size_t n)
{
    static const unsigned char len[CHISO_AGG_N_EVENTS] = {8, 9, 14, 15, 7, 4, 11, 5}; /* of event_codes */
    for (int e = 0; e < CHISO_AGG_N_EVENTS; e++)
        if (n == len[e] && memcmp(s, event_codes[e], n) == 0)
            return e;
    for (int e = 0; e < CHISO_AGG_N_EVENTS; e++) /* any case */
        if (ascii_eq_nocase(s, n, event_codes[e]))
            return e;
    return -1;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

/* YYYY-MM-DD of 1900–2199, as chiso_date_parse reads a day. */
static inline int date_fast(const char *s, size_t n, int *y, int *m, int *d)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    unsigned v[8];
    static const unsigned char at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int i = 0; i < 8; i++) {
        v[i] = (unsigned)(unsigned char)s[at[i]] - '0';
        if (v[i] > 9)
            return 0;
    }
    *y = (int)(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3]);
    *m = (int)(v[4] * 10 + v[5]);
    *d = (int)(v[6] * 10 + v[7]);
    if (*y < 1900 || *y > 2199 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return 0;
    return 1;
}

static void new_run(worker *w, const char *m, size_t n)
{
    if (n > w->run_cap) {
        size_t cap = w->run_cap ? w->run_cap : 64;
        while (cap < n)
            cap *= 2;
        char *nr = realloc(w->run, cap);
        if (!nr) {
            oom(w);
            return;
        }
        w->run = nr;
        w->run_cap = cap;
    }
    if (n)
        memcpy(w->run, m, n);
    w->run_len = n;
    w->run_n = 0;
    w->run_arena_used = 0;
    if (++w->run_gen == 0) {
        memset(w->run_tab, 0, RUN_SLOTS * sizeof *w->run_tab);
        w->run_gen = 1;
    }
}

/* The form of discipline a detail names: 0 khiển trách, 1 cảnh cáo, 2 cách chức, 3 khai trừ, -1 none. */
static int discipline_form(worker *w, const char *s, size_t n, int *unaccented)
{
    *unaccented = 0;
    static const char *const forms[] = {"khiển trách", "cảnh cáo", "cách chức", "khai trừ",
                                        "reprimand",   "warning",  "dismissal", "expulsion"};
    if (!n)
        return -1;
    const char *t = tmp_copy(w, s, n);
    if (!t)
        return -1;
    char *low = ds_text_fold(t); /* any case, spaces and punctuation as rating labels are read */
    if (!low) {
        oom(w);
        return -1;
    }
    int form = -1;
    for (size_t i = 0; i < CHISO_ARRAY_LEN(forms); i++)
        if (strcmp(low, forms[i]) == 0) {
            form = (int)(i % 4);
            break;
        }
    /* typed without accents ("khien trach", "canh cao"): the same form */
    for (size_t i = 0; form < 0 && i < 4; i++)
        if (ds_vocab_unaccented(low, forms[i])) {
            form = (int)i;
            *unaccented = 1;
        }
    free(low);
    return form;
}

/* The id of a detail (0 for an empty one, DET_EXT when the table is full) and its form of discipline. */
static uint32_t det_intern(worker *w, const char *s, size_t n, int *form, int *unaccented)
{
    *unaccented = 0;
    if (!n) {
        *form = -1;
        return 0;
    }
    uint64_t h = khash(s, n);
    size_t slot = (size_t)h & (DET_SLOTS - 1);
    for (;; slot = (slot + 1) & (DET_SLOTS - 1)) {
        uint32_t id = w->det_slot[slot];
        if (!id)
            break;
        const det_ent *e = &w->det[id];
        if (e->hash == h && e->len == n && bytes_eq(w->det_arena + e->off, s, n)) {
            *form = e->form;
            return id;
        }
    }
    *form = discipline_form(w, s, n, unaccented);
    if (w->n_det >= DET_MAX || n > DET_ARENA - w->det_arena_used)
        return DET_EXT;
    uint32_t id = ++w->n_det;
    det_ent *e = &w->det[id];
    e->hash = h;
    e->off = w->det_arena_used;
    e->len = (uint32_t)n;
    e->form = *form;
    memcpy(w->det_arena + e->off, s, n);
    w->det_arena_used += (uint32_t)n;
    w->det_slot[slot] = id;
    return id;
}

static int scheme_known(const chiso_dataset *ds, const char *s)
{
    for (size_t i = 0; i < ds->n_ratings; i++)
        if (ds->ratings[i].member && strcmp(ds_str(ds, ds->ratings[i].scheme), s) == 0)
            return 1;
    return 0;
}

/* The id of a scheme column value (0: empty; UINT32_MAX: the table is full) and whether it is known. */
static uint32_t sch_intern(worker *w, const char *s, size_t n, int *valid)
{
    if (!n) {
        *valid = 1;
        return 0;
    }
    for (uint32_t i = 1; i <= w->n_sch; i++)
        if (w->sch_len[i] == n && memcmp(w->sch_text[i], s, n) == 0) {
            *valid = w->sch_valid[i];
            return i;
        }
    const char *t = tmp_copy(w, s, n);
    if (!t) {
        *valid = 0;
        return UINT32_MAX;
    }
    *valid = scheme_known(w->a->ds, t);
    if (w->n_sch >= SCH_MAX)
        return UINT32_MAX;
    char *copy = chiso_strndup(s, n);
    if (!copy) {
        oom(w);
        return UINT32_MAX;
    }
    uint32_t id = ++w->n_sch;
    w->sch_text[id] = copy;
    w->sch_len[id] = n;
    w->sch_valid[id] = *valid;
    return id;
}

/* Level 1..4 of a rating label, or 0 with *sub: 0 empty, 1 unknown, 2 several levels, 3 unknown scheme. */
static int rating_level(worker *w, uint32_t det, const char *label, size_t ln, uint32_t sch,
                        const char *scheme, size_t sl, int sch_valid, int year, int *sub)
{
    if (!ln) {
        *sub = 0;
        return 0;
    }
    if (!sch_valid) {
        *sub = 3;
        return 0;
    }
    uint64_t key = 0;
    size_t slot = 0;
    if (det != DET_EXT && sch != UINT32_MAX) {
        key = (uint64_t)det | (uint64_t)sch << 16 | (uint64_t)(year - Y0) << 24 | (uint64_t)1 << 40;
        uint64_t h = key * 0x9E3779B97F4A7C15ULL;
        slot = (size_t)(h >> 52) & (RC_SLOTS - 1);
        for (;; slot = (slot + 1) & (RC_SLOTS - 1)) {
            if (!w->rc_key[slot])
                break;
            if (w->rc_key[slot] == key) {
                int v = w->rc_val[slot];
                if (v > 0)
                    return v;
                *sub = -v - 1;
                return 0;
            }
        }
    }
    char schbuf[128];
    const char *sp = NULL;
    if (sl) {
        if (sl >= sizeof schbuf) {
            *sub = 3;
            return 0;
        }
        memcpy(schbuf, scheme, sl);
        schbuf[sl] = '\0';
        sp = schbuf;
    }
    const char *t = tmp_copy(w, label, ln);
    if (!t)
        return 0;
    int level = 0, aoa = 0, res, no_memory = 0;
    if (!ds_crosswalk_lookup(w->a->ds, t, 1, sp, year, &level, &aoa, &no_memory)) {
        if (no_memory) { /* not an unknown label: the count fails */
            oom(w);
            *sub = 0;
            return 0;
        }
        res = -(1 + 1);
    } else if (aoa || level < 1 || level > 4) {
        res = -(2 + 1);
    } else {
        res = level;
    }
    if (key && w->rc_n < RC_SLOTS * 3 / 4) {
        w->rc_key[slot] = key;
        w->rc_val[slot] = (signed char)res;
        w->rc_n++;
    }
    if (res > 0)
        return res;
    *sub = -res - 1;
    return 0;
}

/* Is this event already in the member's run? Adds it when not (while there is room). */
static int dup_seen(worker *w, int ev, uint32_t date, uint32_t det, const char *ds, size_t dl, long line,
                    long *first)
{
    uint64_t h = ((uint64_t)date * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)det * 0xC2B2AE3D27D4EB4FULL) ^
                 (uint64_t)ev;
    if (det == DET_EXT)
        h ^= khash(ds, dl);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    size_t slot = (size_t)(h >> 40) & (RUN_SLOTS - 1);
    for (;; slot = (slot + 1) & (RUN_SLOTS - 1)) {
        run_ent *e = &w->run_tab[slot];
        if (e->gen != w->run_gen)
            break;
        if (e->ev == ev && e->date == date && e->detail == det &&
            (det != DET_EXT || (e->ext_len == dl && memcmp(w->run_arena + e->ext_off, ds, dl) == 0))) {
            *first = e->line;
            return 1;
        }
    }
    if (w->run_n >= RUN_MAX || (det == DET_EXT && dl > RUN_ARENA - w->run_arena_used)) {
        w->dup_unchecked++;
        return 0;
    }
    run_ent *e = &w->run_tab[slot];
    e->gen = w->run_gen;
    e->date = date;
    e->detail = det;
    e->ev = ev;
    e->line = line;
    e->ext_off = e->ext_len = 0;
    if (det == DET_EXT) {
        e->ext_off = w->run_arena_used;
        e->ext_len = (uint32_t)dl;
        memcpy(w->run_arena + w->run_arena_used, ds, dl);
        w->run_arena_used += (uint32_t)dl;
    }
    w->run_n++;
    return 0;
}

static int seg_find(const useg *g, int32_t day)
{
    if (!g->n || day < g->bounds[0] || day >= g->bounds[g->n])
        return -1;
    size_t lo = 0, hi = g->n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (g->bounds[mid] <= day)
            lo = mid;
        else
            hi = mid;
    }
    return (int)lo;
}

static inline void cell_mark(uint64_t *first, uint64_t *last, uint64_t line)
{
    if (!*first)
        *first = line;
    *last = line;
}

static void count_row(worker *w, const agg_row *row)
{
    chiso_aggregate *a = w->a;
    w->records++;
    if (row->fast)
        w->fast_records++;
    size_t ml;
    const char *mem = fld(row, a->col_member, &ml);
    if (ml != w->run_len || !bytes_eq(mem, w->run, ml)) {
        new_run(w, mem, ml);
        if (w->st)
            return;
    }
    kept *k;
    if (row->nfields != a->ncols) {
        size_t at = row->nfields < a->ncols ? (row->nfields ? row->nfields - 1 : 0) : a->ncols;
        if ((k = reject(w, row, CHISO_AGG_R_FIELDS, at)))
            k->aux = (long)row->nfields;
        return;
    }
    if (!ml) {
        reject(w, row, CHISO_AGG_R_MEMBER, a->col_member);
        return;
    }
    size_t ul;
    const char *us = fld(row, a->col_unit, &ul);
    long u = unit_find(a, us, ul);
    if (u < 0) {
        if ((k = reject(w, row, CHISO_AGG_R_UNIT, a->col_unit))) {
            k->sub = ul ? 1 : 0;
            copy_shown(k->v1, sizeof k->v1, us, ul);
        }
        return;
    }
    size_t el;
    const char *es = fld(row, a->col_event, &el);
    int ev = event_parse(es, el);
    if (ev < 0) {
        if ((k = reject(w, row, CHISO_AGG_R_EVENT, a->col_event))) {
            k->sub = el ? 1 : 0;
            copy_shown(k->v1, sizeof k->v1, es, el);
        }
        return;
    }
    size_t dl;
    const char *dsx = fld(row, a->col_date, &dl);
    int y, m, d;
    if (!date_fast(dsx, dl, &y, &m, &d)) {
        chiso_date cd;
        chiso_error e;
        chiso_error_clear(&e);
        const char *t = dl ? tmp_copy(w, dsx, dl) : NULL;
        if (dl && !t)
            return;
        int st = t ? (int)chiso_date_parse(t, 0, &cd, &e) : (int)CHISO_EPARSE;
        if (st == CHISO_OK && cd.prec == CHISO_DATE_DAY) {
            y = cd.year;
            m = cd.month;
            d = cd.mday;
        } else {
            if ((k = reject(w, row, CHISO_AGG_R_DATE, a->col_date))) {
                k->sub = !dl ? 0 : st != CHISO_OK ? 1 : 2;
                copy_shown(k->v1, sizeof k->v1, dsx, dl);
                if (k->sub == 1 && e.col > 1)
                    k->col += e.col - 1;
            }
            return;
        }
    }
    uint32_t date = (uint32_t)(y << 9 | m << 5 | d);
    if (a->until_packed && date > a->until_packed) {
        if ((k = reject(w, row, CHISO_AGG_R_AFTER, a->col_date)))
            copy_shown(k->v1, sizeof k->v1, dsx, dl);
        return;
    }
    int yi = y - Y0;
    ycell **chunk = &w->ych[(size_t)u * NDEC + (size_t)yi / 10];
    if (*chunk)
        __builtin_prefetch(&(*chunk)[yi % 10], 1);
    int seg = 0;
    if (a->opts.by == CHISO_AGG_BY_TERM) {
        const useg *g = &a->segs[u];
        seg = seg_find(g, chiso_days_from_civil(y, m, d));
        if (seg < 0 || g->own[seg] < 0) {
            if ((k = reject(w, row, CHISO_AGG_R_TERM, a->col_date))) {
                k->sub = a->eowner[u] < 0 ? 1 : 0;
                k->aux = u;
                copy_shown(k->v1, sizeof k->v1, dsx, dl);
            }
            return;
        }
    }
    size_t xl;
    const char *xs = fld(row, a->col_detail, &xl);
    int form;
    int unaccented = 0;
    uint32_t det = det_intern(w, xs, xl, &form, &unaccented);
    if (unaccented && ev == CHISO_AGG_E_DISCIPLINED && w->n_unacc < UNACC_MAX && xl < sizeof w->unacc[0].text) {
        /* seen for the first time (later rows find it in the table): say where */
        memcpy(w->unacc[w->n_unacc].text, xs, xl);
        w->unacc[w->n_unacc].text[xl] = '\0';
        w->unacc[w->n_unacc].line = row->line;
        w->unacc[w->n_unacc].col = 1;
        if (row->raw) {
            chiso_csv_row cr;
            memset(&cr, 0, sizeof cr);
            cr.line = row->line;
            cr.raw = row->raw;
            cr.raw_len = row->raw_len;
            cr.delim = row->delim;
            chiso_csv_field_pos(&cr, a->col_detail, &w->unacc[w->n_unacc].line, &w->unacc[w->n_unacc].col);
        }
        w->n_unacc++;
    }
    if (w->st)
        return;
    int level = 0, kind;
    switch (ev) {
    case CHISO_AGG_E_RATED: {
        size_t sl = 0;
        const char *ss = a->col_scheme != SIZE_MAX ? fld(row, a->col_scheme, &sl) : "";
        int valid = 1, sub = 0;
        uint32_t sch = sch_intern(w, ss, sl, &valid);
        if (w->st)
            return;
        level = rating_level(w, det, xs, xl, sch, ss, sl, valid, y, &sub);
        if (w->st)
            return;
        if (!level) {
            if ((k = reject(w, row, CHISO_AGG_R_RATING, sub == 3 ? a->col_scheme : a->col_detail))) {
                k->sub = sub;
                k->aux = y;
                copy_shown(k->v1, sizeof k->v1, sub == 3 ? ss : xs, sub == 3 ? sl : xl);
                copy_shown(k->v2, sizeof k->v2, ss, sl);
            }
            return;
        }
        kind = K_RATED;
        break;
    }
    case CHISO_AGG_E_DISCIPLINED:
        if (form < 0) {
            if ((k = reject(w, row, CHISO_AGG_R_DISCIPLINE, a->col_detail))) {
                k->sub = xl ? 1 : 0;
                copy_shown(k->v1, sizeof k->v1, xs, xl);
            }
            return;
        }
        kind = K_D_REP + form;
        break;
    default:
        kind = ev; /* K_ADM … K_DIED follow the event order */
        break;
    }
    long first = 0;
    if (dup_seen(w, ev, date, det, xs, xl, row->line, &first)) {
        if ((k = reject(w, row, CHISO_AGG_R_DUPLICATE, a->col_member))) {
            k->sub = ev;
            k->aux = first;
            copy_shown(k->v1, sizeof k->v1, mem, ml);
            copy_shown(k->v2, sizeof k->v2, dsx, dl);
        }
        return;
    }
    uint64_t line = (uint64_t)row->line;
    if (!*chunk && !(*chunk = ychunk_new())) {
        oom(w);
        return;
    }
    ycell *yc = &(*chunk)[yi % 10];
    if (a->opts.by == CHISO_AGG_BY_TERM) {
        fcell *cells = w->tcells[u];
        if (!cells) {
            cells = w->tcells[u] = calloc(a->segs[u].n, sizeof *cells);
            if (!cells) {
                oom(w);
                return;
            }
        }
        fcell *c = &cells[seg];
        c->n[kind]++;
        cell_mark(&c->first, &c->last, line);
        if (level) {
            yc->lv[level - 1]++;
            yc_mark(yc, line);
        }
    } else {
        if (level)
            yc->lv[level - 1]++;
        else
            yc->n[kind]++;
        yc_mark(yc, line);
    }
    if (date > w->max_date)
        w->max_date = date;
    w->counted++;
    w->events[ev]++;
}

static void publish_split(worker *w, int state)
{
    split_ctl *ctl = w->ctl;
    if (!ctl)
        return;
    pthread_mutex_lock(&ctl->mu);
    if (ctl->state == 0)
        ctl->state = state;
    pthread_cond_broadcast(&ctl->cv);
    pthread_mutex_unlock(&ctl->mu);
}

/* The record with its non-ASCII fields cleaned as every text chiso reads (NFC: a code or a form of
 * discipline typed with combining accents is the same code; zero-width characters removed). Pure
 * ASCII records, nearly all of an export, cost one scan and are passed as they are. Returns row, the
 * cleaned copy in *tmp, or NULL when out of memory. */
static const agg_row *clean_row(worker *w, const agg_row *row, agg_row *tmp)
{
    /* the detail (a form of discipline, a rating label: long Vietnamese text in most rows) is left as
     * it is: its meaning is looked up once per distinct text, through ds_text_fold, which cleans */
    size_t skip = w->a->header_done ? w->a->col_detail : SIZE_MAX;
    size_t first = row->nfields;
    for (size_t i = 0; i < row->nfields && first == row->nfields; i++)
        if (i != skip && row->f[i] && !chiso_text_is_ascii(row->f[i], row->len[i]))
            first = i;
    if (first == row->nfields)
        return row;
    if (row->nfields > w->clean_cap) {
        size_t cap = row->nfields;
        const char **f = realloc(w->clean_f, cap * sizeof *f);
        if (f)
            w->clean_f = f;
        size_t *l = f ? realloc(w->clean_len, cap * sizeof *l) : NULL;
        if (l)
            w->clean_len = l;
        size_t *o = l ? realloc(w->clean_off, cap * sizeof *o) : NULL;
        if (o)
            w->clean_off = o;
        if (!f || !l || !o)
            return NULL;
        w->clean_cap = cap;
    }
    chiso_buf_reset(&w->clean);
    int changed = 0;
    for (size_t i = 0; i < row->nfields; i++) {
        w->clean_off[i] = SIZE_MAX;
        w->clean_f[i] = row->f[i];
        w->clean_len[i] = row->len[i];
        if (i < first || i == skip || !row->f[i])
            continue;
        size_t off = w->clean.len;
        int r = chiso_text_clean(row->f[i], row->len[i], &w->clean, NULL);
        if (r < 0 || w->clean.oom)
            return NULL;
        if (r > 0) {
            size_t m;
            const char *t = chiso_trim(w->clean.data + off, w->clean.len - off, &m);
            w->clean_off[i] = off + (size_t)(t - (w->clean.data + off));
            w->clean_len[i] = m;
            chiso_buf_append(&w->clean, "", 1);
            changed = 1;
        }
    }
    if (w->clean.oom)
        return NULL;
    if (!changed)
        return row;
    for (size_t i = 0; i < row->nfields; i++) /* the buffer may have moved while it grew */
        if (w->clean_off[i] != SIZE_MAX)
            w->clean_f[i] = w->clean.data + w->clean_off[i];
    *tmp = *row;
    tmp->f = w->clean_f;
    tmp->len = w->clean_len;
    return tmp;
}

static int worker_row(void *ctx, const agg_row *row)
{
    worker *w = ctx;
    chiso_aggregate *a = w->a;
    agg_row cleaned;
    row = clean_row(w, row, &cleaned);
    if (!row) {
        oom(w);
        return 1;
    }
    if (!a->header_done && !w->is_second)
        return read_header(w, row);
    if (w->skip) {
        size_t ml;
        const char *m = fld(row, a->col_member, &ml);
        if (!w->have_m1) {
            w->m1 = chiso_strndup(m, ml);
            if (!w->m1) {
                oom(w);
                return 1;
            }
            w->m1_len = ml;
            w->have_m1 = 1;
            return 0;
        }
        if (!row->clean_start || (ml == w->m1_len && memcmp(m, w->m1, ml) == 0))
            return 0;
        w->m2 = chiso_strndup(m, ml);
        if (!w->m2) {
            oom(w);
            return 1;
        }
        w->m2_len = ml;
        w->split_off = row->start_off;
        w->split_line = row->line;
        w->skip = 0;
        publish_split(w, 1);
    }
    count_row(w, row);
    return w->st != CHISO_OK;
}

static int ref_row(void *ctx, const chiso_csv_row *r)
{
    agg_row row = {r->nfields, r->fields, r->lens, r->line, r->raw, r->raw_len, r->delim, 0, 0, 0};
    return worker_row(ctx, &row);
}

/* ---- the handle ---------------------------------------------------------------------------------- */

static int term_at(const chiso_aggregate *a, size_t unit, int32_t day)
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
            g->own[s] = term_at(a, u, b[s]);
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
    if (!(a->w1 = worker_new(a, 0))) {
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
    worker_free(a->w1);
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

/* ---- progress ------------------------------------------------------------------------------------ */

static void report_progress(chiso_aggregate *a, worker *w2, uint64_t total, int finished)
{
    if (!a->opts.progress)
        return;
    double t = now_seconds();
    double t0 = (double)a->t0.tv_sec + (double)a->t0.tv_nsec * 1e-9;
    if (!finished && t - a->last_progress < a->opts.progress_interval)
        return;
    a->last_progress = t;
    chiso_aggregate_progress p;
    memset(&p, 0, sizeof p);
    p.bytes_done = atomic_load_explicit(&a->w1->bytes_done, memory_order_relaxed);
    p.rows = atomic_load_explicit(&a->w1->rows_done, memory_order_relaxed);
    if (w2) {
        p.bytes_done += atomic_load_explicit(&w2->bytes_done, memory_order_relaxed);
        p.rows += atomic_load_explicit(&w2->rows_done, memory_order_relaxed);
    }
    p.bytes_total = total;
    if (total && p.bytes_done > total)
        p.bytes_done = total;
    p.seconds = t - t0;
    p.finished = finished;
    a->opts.progress(a->opts.progress_ctx, &p);
}

static void start_clock(chiso_aggregate *a)
{
    clock_gettime(CLOCK_MONOTONIC, &a->t0);
    a->last_progress = (double)a->t0.tv_sec + (double)a->t0.tv_nsec * 1e-9;
}

/* ---- the end of a run ---------------------------------------------------------------------------- */

static void cell_add(fcell *d, const fcell *s, long delta)
{
    if (!s->first)
        return;
    for (int k = 0; k < NCNT; k++)
        d->n[k] += s->n[k];
    uint64_t f = (uint64_t)((long)s->first + delta), l = (uint64_t)((long)s->last + delta);
    if (!d->first || f < d->first)
        d->first = f;
    if (l > d->last)
        d->last = l;
}

static void ycell_add(ycell *d, const ycell *s, long delta)
{
    if (!s->first)
        return;
    for (int k = 0; k < K_RATED; k++)
        d->n[k] += s->n[k];
    for (int k = 0; k < 4; k++)
        d->lv[k] += s->lv[k];
    long f = (long)s->first + delta, l = (long)s->last + delta;
    uint32_t f32 = f > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)f;
    uint32_t l32 = l > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)l;
    if (!d->first || f32 < d->first)
        d->first = f32;
    if (l32 > d->last)
        d->last = l32;
}

/* Add the second worker's counts (lines shifted by delta) to the first. */
static chiso_status merge_workers(chiso_aggregate *a, worker *w1, worker *w2, long delta, chiso_error *err)
{
    for (size_t i = 0; i < a->n_units * NDEC; i++) {
        if (!w2->ych[i])
            continue;
        if (!w1->ych[i] && !(w1->ych[i] = ychunk_new()))
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        for (size_t k = 0; k < 10; k++)
            ycell_add(&w1->ych[i][k], &w2->ych[i][k], delta);
    }
    if (w2->tcells)
        for (size_t u = 0; u < a->n_units; u++) {
            if (!w2->tcells[u])
                continue;
            if (!w1->tcells[u] && !(w1->tcells[u] = calloc(a->segs[u].n, sizeof(fcell))))
                return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            for (size_t s = 0; s < a->segs[u].n; s++)
                cell_add(&w1->tcells[u][s], &w2->tcells[u][s], delta);
        }
    for (size_t i = 0; i < w2->n_unacc && w1->n_unacc < UNACC_MAX; i++) {
        int seen = 0;
        for (size_t k = 0; k < w1->n_unacc && !seen; k++)
            seen = strcmp(w1->unacc[k].text, w2->unacc[i].text) == 0;
        if (!seen) {
            w1->unacc[w1->n_unacc] = w2->unacc[i];
            w1->unacc[w1->n_unacc].line += delta;
            w1->n_unacc++;
        }
    }
    w1->records += w2->records;
    w1->counted += w2->counted;
    w1->fast_records += w2->fast_records;
    w1->dup_unchecked += w2->dup_unchecked;
    if (w2->max_date > w1->max_date)
        w1->max_date = w2->max_date;
    for (int e = 0; e < CHISO_AGG_N_EVENTS; e++)
        w1->events[e] += w2->events[e];
    for (int r = 0; r < CHISO_AGG_N_REASONS; r++) {
        w1->by_reason[r] += w2->by_reason[r];
        for (size_t i = 0; i < w2->n_kept[r] && w1->n_kept[r] < a->opts.keep_per_reason; i++) {
            kept k = w2->kept[r][i];
            k.line += delta;
            if (r == CHISO_AGG_R_DUPLICATE)
                k.aux += delta;
            w1->kept[r][w1->n_kept[r]++] = k;
        }
    }
    return CHISO_OK;
}

static void add_kept_diags(chiso_aggregate *a, const worker *w)
{
    static const char events_list[] =
        "admitted, confirmed, transferred_in, transferred_out, removed, died, disciplined, rated";
    for (int r = 0; r < CHISO_AGG_N_REASONS; r++)
        for (size_t i = 0; i < w->n_kept[r]; i++) {
            const kept *k = &w->kept[r][i];
            char msg[1024];
            switch (r) {
            case CHISO_AGG_R_FIELDS:
                snprintf(msg, sizeof msg,
                         _("the record has %ld fields but the header has %zu: quote a field that holds the "
                           "delimiter"),
                         k->aux, a->ncols);
                break;
            case CHISO_AGG_R_MEMBER:
                snprintf(msg, sizeof msg, "%s", _("the member id is empty: every row needs the member it is about"));
                break;
            case CHISO_AGG_R_UNIT:
                if (k->sub == 0)
                    snprintf(msg, sizeof msg, "%s", _("the unit is empty: every row needs its unit (a code of units.csv)"));
                else
                    snprintf(msg, sizeof msg, _("unknown unit '%s': add it to %s"), k->v1, a->units_name);
                break;
            case CHISO_AGG_R_EVENT:
                if (k->sub == 0)
                    snprintf(msg, sizeof msg, _("the event is empty: use %s"), events_list);
                else
                    snprintf(msg, sizeof msg, _("unknown event '%s': use %s"), k->v1, events_list);
                break;
            case CHISO_AGG_R_DATE:
                if (k->sub == 0) {
                    snprintf(msg, sizeof msg, "%s", _("the date is empty: an event needs its day as YYYY-MM-DD"));
                } else if (k->sub == 2) {
                    snprintf(msg, sizeof msg, _("'%s' is not a day: an event needs its date as YYYY-MM-DD"),
                             k->v1);
                } else {
                    chiso_date cd;
                    chiso_error e;
                    chiso_error_clear(&e);
                    chiso_date_parse(k->v1, 0, &cd, &e);
                    snprintf(msg, sizeof msg, "%s", e.msg[0] ? e.msg : _("cannot read the date"));
                }
                break;
            case CHISO_AGG_R_AFTER:
                snprintf(msg, sizeof msg,
                         _("the date %s is after the day the export was taken (--until %s): correct the date "
                           "or give the right --until"),
                         k->v1, a->until_text);
                break;
            case CHISO_AGG_R_TERM:
                if (k->sub == 1)
                    snprintf(msg, sizeof msg,
                             _("unit '%s' has no terms, nor has any unit above it, in %s: add its terms or "
                               "count --by year"),
                             a->ucode[k->aux], a->terms_name);
                else
                    snprintf(msg, sizeof msg,
                             _("the date %s is outside every term of unit '%s' in %s: add the term or correct "
                               "the date"),
                             k->v1, a->ucode[k->aux], a->terms_name);
                break;
            case CHISO_AGG_R_RATING:
                if (k->sub == 0)
                    snprintf(msg, sizeof msg, "%s",
                             _("the rating label is empty: a 'rated' row needs the label in detail"));
                else if (k->sub == 2)
                    snprintf(msg, sizeof msg,
                             _("the rating label '%s' covers several levels: a row of the export needs the "
                               "label of one level"),
                             k->v1);
                else if (k->sub == 3)
                    snprintf(msg, sizeof msg,
                             _("unknown rating scheme '%s' (see datasets/registry/rating-schemes.csv)"), k->v1);
                else if (k->v2[0])
                    snprintf(msg, sizeof msg,
                             _("unknown rating label '%s' in scheme %s (see "
                               "datasets/registry/rating-schemes.csv)"),
                             k->v1, k->v2);
                else
                    snprintf(msg, sizeof msg,
                             _("unknown rating label '%s' for members rated in %ld (see "
                               "datasets/registry/rating-schemes.csv)"),
                             k->v1, k->aux);
                break;
            case CHISO_AGG_R_DISCIPLINE:
                if (k->sub == 0)
                    snprintf(msg, sizeof msg, "%s",
                             _("the form of discipline is empty: write khiển trách, cảnh cáo, cách chức or "
                               "khai trừ in detail"));
                else
                    snprintf(msg, sizeof msg,
                             _("unknown form of discipline '%s': use khiển trách, cảnh cáo, cách chức or "
                               "khai trừ"),
                             k->v1);
                break;
            default:
                snprintf(msg, sizeof msg,
                         _("member '%s' has the same event '%s' on %s with the same detail at line %ld: "
                           "counted once"),
                         k->v1, event_codes[k->sub], k->v2, k->aux);
                break;
            }
            chiso_diags_add(a->diags, CHISO_ERROR, a->events_name, k->line, k->col, reason_codes[r], "%s", msg);
        }
}

/* Sums of the subtrees: years (and rating years) in place, terms into a->tc. */
static chiso_status roll_up(chiso_aggregate *a, chiso_error *err)
{
    worker *w = a->w1;
    size_t n = a->n_units;
    for (size_t i = 0; i < n; i++) {
        size_t u = a->order[i];
        long p = a->parent[u];
        if (p < 0)
            continue;
        for (size_t d = 0; d < NDEC; d++) {
            const ycell *src = w->ych[u * NDEC + d];
            if (!src)
                continue;
            ycell **dst = &w->ych[(size_t)p * NDEC + d];
            if (!*dst && !(*dst = ychunk_new()))
                return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            for (size_t k = 0; k < 10; k++)
                ycell_add(&(*dst)[k], &src[k], 0);
        }
    }
    if (a->opts.by != CHISO_AGG_BY_TERM)
        return CHISO_OK;
    a->tc = calloc(n, sizeof *a->tc);
    if (!a->tc)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    for (size_t u = 0; u < n; u++)
        if (a->n_eterms[u] && !(a->tc[u] = calloc(a->n_eterms[u], sizeof(fcell))))
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    size_t shown = 0;
    for (size_t u = 0; u < n; u++) {
        if (!w->tcells[u])
            continue;
        const useg *g = &a->segs[u];
        for (long A = (long)u; A >= 0; A = a->parent[A]) {
            uint64_t gap = 0;
            int32_t gap_from = 0, gap_to = 0;
            for (size_t s = 0; s < g->n; s++) {
                const fcell *c = &w->tcells[u][s];
                if (!c->first)
                    continue;
                int k = term_at(a, (size_t)A, g->bounds[s]);
                if (k >= 0) {
                    cell_add(&a->tc[A][k], c, 0);
                    continue;
                }
                for (int q = 0; q < NCNT; q++)
                    gap += c->n[q];
                if (!gap_from)
                    gap_from = g->bounds[s];
                gap_to = g->bounds[s + 1] - 1;
            }
            if (!gap)
                continue;
            a->rollup_gaps += gap;
            if (shown++ < 20) {
                char d1[16], d2[16];
                chiso_date_format(gap_from, d1, sizeof d1);
                chiso_date_format(gap_to, d2, sizeof d2);
                chiso_diags_add(a->diags, CHISO_WARNING, a->terms_name, 0, 0, "aggregate.rollup_gap",
                                _("%llu events of unit '%s' between %s and %s fall outside every term of '%s': "
                                  "they are counted for '%s' but not for '%s'"),
                                (unsigned long long)gap, a->ucode[u], d1, d2, a->ucode[A], a->ucode[u],
                                a->ucode[A]);
            }
        }
    }
    return CHISO_OK;
}

static chiso_status finalize(chiso_aggregate *a, chiso_error *err)
{
    worker *w = a->w1;
    if (!a->header_done)
        return chiso_error_set(err, CHISO_EDATA, a->events_name, 1, 1, "%s",
                               _("the file is empty: it needs at least its header line "
                                 "(member,unit,date,event,detail)"));
    chiso_status st = roll_up(a, err);
    if (st != CHISO_OK)
        return st;
    if (a->opts.has_until) {
        a->has_end = 1;
        a->end_day = a->opts.until_day;
    } else if (w->max_date) {
        a->has_end = 1;
        a->end_day = chiso_days_from_civil((int)(w->max_date >> 9), (int)(w->max_date >> 5 & 15),
                                           (int)(w->max_date & 31));
    }
    add_kept_diags(a, w);
    static const char *const accented[] = {"khiển trách", "cảnh cáo", "cách chức", "khai trừ"};
    for (size_t i = 0; i < w->n_unacc; i++)
        for (size_t f = 0; f < CHISO_ARRAY_LEN(accented); f++)
            if (ds_vocab_unaccented(w->unacc[i].text, accented[f])) {
                chiso_diags_add(a->diags, CHISO_WARNING, a->events_name, w->unacc[i].line, w->unacc[i].col,
                                "aggregate.unaccented",
                                _("the form of discipline '%s' is written without Vietnamese accents: read as '%s'"),
                                w->unacc[i].text, accented[f]);
                break;
            }
    if (w->dup_unchecked)
        chiso_diags_add(a->diags, CHISO_WARNING, a->events_name, 0, 0, "aggregate.dup_unchecked",
                        _("%llu rows belong to runs of more than %u events of one member: they were counted, "
                          "but not checked for duplicates against one another"),
                        (unsigned long long)w->dup_unchecked, RUN_MAX);
    return CHISO_OK;
}

static chiso_status run_failed(chiso_aggregate *a, chiso_status st, const chiso_error *e, chiso_error *err)
{
    a->state = 3;
    a->failed = st;
    if (e)
        a->failed_err = *e;
    else
        chiso_error_set(&a->failed_err, st, NULL, 0, 0, "%s", chiso_strerror(st));
    if (err)
        *err = a->failed_err;
    return st;
}

static chiso_status check_state(chiso_aggregate *a, chiso_error *err)
{
    if (a->state == 3) {
        if (err)
            *err = a->failed_err;
        return a->failed;
    }
    if (a->state == 2)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("the count has already finished"));
    return CHISO_OK;
}

chiso_status chiso_aggregate_feed(chiso_aggregate *a, const void *data, size_t len, chiso_error *err)
{
    if (!a || (!data && len))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    chiso_status st = check_state(a, err);
    if (st != CHISO_OK)
        return st;
    if (a->state == 0) {
        a->state = 1;
        start_clock(a);
    }
    worker *w = a->w1;
    chiso_error e;
    chiso_error_clear(&e);
    if (a->opts.parser == CHISO_AGG_PARSER_LIBCSV) {
        if (!a->ref && !(a->ref = chiso_csv_reader_new(a->events_name, NULL, ref_row, w, &e)))
            return run_failed(a, e.code ? e.code : CHISO_ENOMEM, &e, err);
        st = chiso_csv_feed(a->ref, data, len, &e);
    } else {
        char *dst;
        st = fcsv_space(w->sc, len, &dst, &e);
        if (st == CHISO_OK) {
            if (len)
                memcpy(dst, data, len);
            st = fcsv_commit(w->sc, len, &e);
        }
    }
    if (w->st != CHISO_OK)
        return run_failed(a, w->st, &w->err, err);
    if (st != CHISO_OK)
        return run_failed(a, st, &e, err);
    a->bytes_fed += len;
    atomic_store_explicit(&w->bytes_done, a->bytes_fed, memory_order_relaxed);
    atomic_store_explicit(&w->rows_done, w->records, memory_order_relaxed);
    report_progress(a, NULL, 0, 0);
    return CHISO_OK;
}

chiso_status chiso_aggregate_finish(chiso_aggregate *a, chiso_error *err)
{
    if (!a)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    chiso_status st = check_state(a, err);
    if (st != CHISO_OK)
        return st;
    if (a->state == 0)
        start_clock(a);
    a->state = 1;
    worker *w = a->w1;
    chiso_error e;
    chiso_error_clear(&e);
    if (a->opts.parser == CHISO_AGG_PARSER_LIBCSV) {
        if (!a->ref && !(a->ref = chiso_csv_reader_new(a->events_name, NULL, ref_row, w, &e)))
            return run_failed(a, e.code ? e.code : CHISO_ENOMEM, &e, err);
        st = chiso_csv_finish(a->ref, &e);
    } else {
        st = fcsv_finish(w->sc, &e);
    }
    if (w->st != CHISO_OK)
        return run_failed(a, w->st, &w->err, err);
    if (st != CHISO_OK)
        return run_failed(a, st, &e, err);
    a->threads_used = 1;
    if ((st = finalize(a, &e)) != CHISO_OK)
        return run_failed(a, st, &e, err);
    a->state = 2;
    atomic_store_explicit(&w->rows_done, w->records, memory_order_relaxed);
    report_progress(a, NULL, 0, 1);
    return CHISO_OK;
}

/* ---- whole files, on one or two threads ---------------------------------------------------------- */

/* pread until n bytes or the end of the file; -1 on error (errno set). */
static ssize_t pread_full(int fd, char *dst, size_t n, uint64_t off)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, dst + got, n - got, (off_t)(off + got));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* The first line start at or after at (0 when there is none). */
static uint64_t find_line_start(int fd, uint64_t size, uint64_t at)
{
    if (at == 0 || at >= size)
        return 0;
    char buf[65536];
    uint64_t off = at - 1;
    while (off < size) {
        ssize_t got = pread_full(fd, buf, sizeof buf, off);
        if (got <= 0)
            return 0;
        const char *nl = memchr(buf, '\n', (size_t)got);
        if (nl) {
            uint64_t b = off + (uint64_t)(nl - buf) + 1;
            return b < size ? b : 0;
        }
        off += (uint64_t)got;
    }
    return 0;
}

typedef struct second_arg {
    chiso_aggregate *a;
    worker *w;
    int fd;
    uint64_t start;
    char delim;
} second_arg;

static void *second_main(void *p)
{
    second_arg *s = p;
    worker *w = s->w;
    chiso_error e;
    chiso_error_clear(&e);
    chiso_status st = fcsv_start_mid(w->sc, s->delim, s->start, &e);
    uint64_t off = s->start;
    size_t rs = s->a->opts.read_size;
    while (st == CHISO_OK && !w->st && !atomic_load(&w->ctl->cancel)) {
        char *dst;
        if ((st = fcsv_space(w->sc, rs, &dst, &e)) != CHISO_OK)
            break;
        ssize_t got = pread_full(s->fd, dst, rs, off);
        if (got < 0) {
            st = chiso_error_set(&e, CHISO_EIO, s->a->events_name, 0, 0, _("cannot read the file: %s"),
                                 strerror(errno));
            break;
        }
        if (got == 0) {
            st = fcsv_finish(w->sc, &e);
            break;
        }
        off += (uint64_t)got;
        st = fcsv_commit(w->sc, (size_t)got, &e);
        if (!w->skip)
            atomic_store_explicit(&w->bytes_done, off - w->split_off, memory_order_relaxed);
        atomic_store_explicit(&w->rows_done, w->records, memory_order_relaxed);
        if (fcsv_stopped(w->sc))
            break;
    }
    if (w->st == CHISO_OK && st != CHISO_OK) {
        w->st = st;
        w->err = e;
    }
    if (w->skip)
        publish_split(w, 2);
    pthread_mutex_lock(&w->ctl->mu);
    atomic_store(&w->done, 1);
    pthread_cond_broadcast(&w->ctl->cv);
    pthread_mutex_unlock(&w->ctl->mu);
    return NULL;
}

static chiso_status ref_file(chiso_aggregate *a, int fd, uint64_t size, chiso_error *e)
{
    worker *w = a->w1;
    if (!(a->ref = chiso_csv_reader_new(a->events_name, NULL, ref_row, w, e)))
        return e->code ? e->code : CHISO_ENOMEM;
    char *buf = malloc(a->opts.read_size);
    if (!buf)
        return chiso_error_set(e, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    chiso_status st = CHISO_OK;
    uint64_t done = 0;
    for (;;) {
        ssize_t got = read(fd, buf, a->opts.read_size);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            st = chiso_error_set(e, CHISO_EIO, a->events_name, 0, 0, _("cannot read the file: %s"),
                                 strerror(errno));
            break;
        }
        if (got == 0) {
            st = chiso_csv_finish(a->ref, e);
            break;
        }
        done += (uint64_t)got;
        st = chiso_csv_feed(a->ref, buf, (size_t)got, e);
        atomic_store_explicit(&w->bytes_done, done, memory_order_relaxed);
        atomic_store_explicit(&w->rows_done, w->records, memory_order_relaxed);
        if (st != CHISO_OK || w->st != CHISO_OK)
            break;
        report_progress(a, NULL, size, 0);
    }
    free(buf);
    if (w->st != CHISO_OK) {
        *e = w->err;
        return w->st;
    }
    a->threads_used = 1;
    return st;
}

static chiso_status fast_file(chiso_aggregate *a, int fd, uint64_t size, chiso_error *e)
{
    worker *w1 = a->w1, *w2 = NULL;
    split_ctl ctl;
    pthread_t th;
    second_arg sarg;
    int started = 0;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int want2 = a->opts.threads == 2 || (a->opts.threads == 0 && cpus >= 2);
    if (size == 0 || size < a->opts.split_min_bytes)
        want2 = 0;
    enum { P_NONE, P_AT_B, P_HANDED, P_ALONE } phase = P_NONE;
    uint64_t off = 0, bprime = 0;
    size_t rs = a->opts.read_size;
    chiso_status st = CHISO_OK;
    int eof = 0;
    for (;;) {
        if (want2 && !started && a->header_done) {
            want2 = 0;
            uint64_t b = find_line_start(fd, size, a->opts.split_at ? a->opts.split_at : size / 2);
            if (b && b > fcsv_offset(w1->sc)) {
                w2 = worker_new(a, 1);
                if (!w2) {
                    st = chiso_error_set(e, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
                    break;
                }
                pthread_mutex_init(&ctl.mu, NULL);
                pthread_cond_init(&ctl.cv, NULL);
                ctl.state = 0;
                atomic_init(&ctl.cancel, 0);
                w2->ctl = &ctl;
                sarg.a = a;
                sarg.w = w2;
                sarg.fd = fd;
                sarg.start = b;
                sarg.delim = fcsv_delim(w1->sc);
                if (pthread_create(&th, NULL, second_main, &sarg) != 0) {
                    pthread_mutex_destroy(&ctl.mu);
                    pthread_cond_destroy(&ctl.cv);
                    worker_free(w2);
                    w2 = NULL;
                } else {
                    started = 1;
                    phase = P_AT_B;
                    fcsv_set_stop(w1->sc, b);
                    if ((st = fcsv_resume(w1->sc, e)) != CHISO_OK)
                        break;
                }
            }
        }
        if (w1->st != CHISO_OK || fcsv_stopped(w1->sc))
            break;
        if (fcsv_at_stop(w1->sc)) {
            if (phase == P_AT_B && !bprime) {
                pthread_mutex_lock(&ctl.mu);
                while (ctl.state == 0)
                    pthread_cond_wait(&ctl.cv, &ctl.mu);
                int found = ctl.state == 1;
                pthread_mutex_unlock(&ctl.mu);
                if (found) {
                    bprime = w2->split_off;
                    fcsv_set_stop(w1->sc, bprime);
                } else {
                    phase = P_ALONE;
                    fcsv_set_stop(w1->sc, UINT64_MAX);
                }
            } else if (phase == P_AT_B) {
                /* at B': between records, and a new member's run begins? */
                if (fcsv_clean(w1->sc) &&
                    !(w1->run_len == w2->m2_len && memcmp(w1->run, w2->m2, w1->run_len) == 0)) {
                    phase = P_HANDED;
                    atomic_store_explicit(&w1->bytes_done, bprime, memory_order_relaxed);
                    break;
                }
                atomic_store(&ctl.cancel, 1);
                phase = P_ALONE;
                fcsv_set_stop(w1->sc, UINT64_MAX);
            }
            if ((st = fcsv_resume(w1->sc, e)) != CHISO_OK)
                break;
            continue;
        }
        if (eof)
            break;
        char *dst;
        if ((st = fcsv_space(w1->sc, rs, &dst, e)) != CHISO_OK)
            break;
        ssize_t got = pread_full(fd, dst, rs, off);
        if (got < 0) {
            st = chiso_error_set(e, CHISO_EIO, a->events_name, 0, 0, _("cannot read the file: %s"),
                                 strerror(errno));
            break;
        }
        if (got == 0) {
            eof = 1;
            continue;
        }
        off += (uint64_t)got;
        st = fcsv_commit(w1->sc, (size_t)got, e);
        atomic_store_explicit(&w1->bytes_done, off, memory_order_relaxed);
        atomic_store_explicit(&w1->rows_done, w1->records, memory_order_relaxed);
        if (st != CHISO_OK)
            break;
        report_progress(a, w2, size, 0);
    }
    if (st == CHISO_OK && w1->st != CHISO_OK) {
        st = w1->st;
        *e = w1->err;
    }
    if (phase == P_HANDED && st == CHISO_OK) {
        long lines1 = fcsv_lines(w1->sc);
        pthread_mutex_lock(&ctl.mu);
        while (!atomic_load(&w2->done)) {
            if (!a->opts.progress) {
                pthread_cond_wait(&ctl.cv, &ctl.mu);
                continue;
            }
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 100 * 1000 * 1000;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&ctl.cv, &ctl.mu, &ts);
            pthread_mutex_unlock(&ctl.mu);
            report_progress(a, w2, size, 0);
            pthread_mutex_lock(&ctl.mu);
        }
        pthread_mutex_unlock(&ctl.mu);
        pthread_join(th, NULL);
        started = 0;
        long delta = lines1 + 1 - w2->split_line;
        if (w2->st != CHISO_OK) {
            st = w2->st;
            *e = w2->err;
            if (e->line > 0)
                e->line += delta;
        } else if (w1->records + w2->records >= (uint64_t)CHISO_CSV_MAX_ROWS) {
            st = chiso_error_set(e, CHISO_ELIMIT, a->events_name, 0, 0, "%s", _("the file has too many records"));
        } else {
            st = merge_workers(a, w1, w2, delta, e);
        }
        a->threads_used = 2;
    } else {
        if (started) {
            atomic_store(&ctl.cancel, 1);
            pthread_join(th, NULL);
            started = 0;
        }
        if (st == CHISO_OK)
            st = fcsv_finish(w1->sc, e);
        if (st == CHISO_OK && w1->st != CHISO_OK) {
            st = w1->st;
            *e = w1->err;
        }
        a->threads_used = 1;
    }
    if (w2) {
        pthread_mutex_destroy(&ctl.mu);
        pthread_cond_destroy(&ctl.cv);
        worker_free(w2);
    }
    return st;
}

chiso_status chiso_aggregate_file(chiso_aggregate *a, const char *path, chiso_error *err)
{
    if (!a || !path)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    chiso_status st = check_state(a, err);
    if (st != CHISO_OK)
        return st;
    if (a->state != 0)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s",
                               _("the count has already begun: use a new handle for each export"));
    chiso_error e;
    chiso_error_clear(&e);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not block: refused below */
    if (fd < 0) {
        chiso_error_set(&e, CHISO_EIO, a->events_name, 0, 0, _("cannot open the file: %s"), strerror(errno));
        return run_failed(a, CHISO_EIO, &e, err);
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        chiso_error_set(&e, CHISO_EIO, a->events_name, 0, 0, "%s",
                        _("not a regular file (a folder?): give the CSV file itself"));
        return run_failed(a, CHISO_EIO, &e, err);
    }
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    a->state = 1;
    start_clock(a);
    uint64_t size = (uint64_t)sb.st_size;
    st = a->opts.parser == CHISO_AGG_PARSER_LIBCSV ? ref_file(a, fd, size, &e) : fast_file(a, fd, size, &e);
    close(fd);
    if (st != CHISO_OK)
        return run_failed(a, st, &e, err);
    if ((st = finalize(a, &e)) != CHISO_OK)
        return run_failed(a, st, &e, err);
    a->state = 2;
    a->bytes_fed = size;
    atomic_store_explicit(&a->w1->bytes_done, size, memory_order_relaxed);
    atomic_store_explicit(&a->w1->rows_done, a->w1->records, memory_order_relaxed);
    report_progress(a, NULL, size, 1);
    return CHISO_OK;
}

/* ---- the observations ---------------------------------------------------------------------------- */

/* The output is formatted into blocks of a->out_block bytes (1 MiB) (rows run on across the cut). A full block is
 * handed to the sink, either at once or, for files, by a second thread while the next block is
 * formatted (at most WB_RING blocks in flight). WB_SLACK past the block's end lets a row be formatted
 * in place and cut afterwards; a longer row is formatted apart and copied in. */
#define WB_SLACK ((size_t)64 << 10)
#define WB_RING 4u

typedef struct wring {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *blk[WB_RING];
    size_t len[WB_RING];
    unsigned produced, consumed; /* blocks handed over, blocks written (or dropped after a failure) */
    int done;
} wring;

typedef struct wbuf {
    char *d;        /* the block being formatted: block + WB_SLACK bytes */
    size_t n;       /* bytes in it, always < block between rows */
    size_t block;   /* bytes handed over at a time */
    chiso_aggregate_sink sink;
    void *ctx;
    _Atomic int failed;
    int oom;
    int want_ring;  /* start the writing thread at the first full block */
    wring *ring;    /* NULL: blocks go to the sink on this thread */
} wbuf;

static void *wring_main(void *p)
{
    wbuf *b = p;
    wring *r = b->ring;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (r->consumed == r->produced && !r->done)
            pthread_cond_wait(&r->cv, &r->mu);
        if (r->consumed == r->produced)
            break;
        unsigned i = r->consumed % WB_RING;
        pthread_mutex_unlock(&r->mu);
        if (!atomic_load(&b->failed) && b->sink(b->ctx, r->blk[i], r->len[i]) != 0)
            atomic_store(&b->failed, 1);
        pthread_mutex_lock(&r->mu);
        r->consumed++;
        pthread_cond_broadcast(&r->cv);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static char *wblock_new(size_t block)
{
    size_t size = (block + WB_SLACK + 4095) / 4096 * 4096;
    return aligned_alloc(4096, size);
}

/* Start the writing thread (when it cannot start, blocks are written on this thread). */
static void wb_start_ring(wbuf *b)
{
    wring *r = calloc(1, sizeof *r);
    if (!r)
        return;
    r->blk[0] = b->d;
    for (unsigned i = 1; i < WB_RING; i++)
        if (!(r->blk[i] = wblock_new(b->block)))
            goto fail;
    if (pthread_mutex_init(&r->mu, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&r->cv, NULL) != 0) {
        pthread_mutex_destroy(&r->mu);
        goto fail;
    }
    b->ring = r;
    if (pthread_create(&r->th, NULL, wring_main, b) != 0) {
        pthread_cond_destroy(&r->cv);
        pthread_mutex_destroy(&r->mu);
        b->ring = NULL;
        goto fail;
    }
    return;
fail:
    for (unsigned i = 1; i < WB_RING; i++)
        free(r->blk[i]);
    free(r);
}

/* Hand over the first len bytes of the current block; the block to format into next is b->d. */
static void wb_hand_over(wbuf *b, size_t len)
{
    if (b->want_ring && len == b->block) {
        b->want_ring = 0;
        wb_start_ring(b);
    }
    wring *r = b->ring;
    if (!r) {
        if (len && !atomic_load(&b->failed) && b->sink(b->ctx, b->d, len) != 0)
            atomic_store(&b->failed, 1);
        return;
    }
    pthread_mutex_lock(&r->mu);
    r->len[r->produced % WB_RING] = len;
    r->produced++;
    pthread_cond_broadcast(&r->cv);
    while (r->produced - r->consumed >= WB_RING)
        pthread_cond_wait(&r->cv, &r->mu);
    b->d = r->blk[r->produced % WB_RING];
    pthread_mutex_unlock(&r->mu);
}

/* After a row: when the block is full, hand it over and carry the rest to the next one. */
static inline void wb_cut(wbuf *b)
{
    if (b->n < b->block)
        return;
    const char *old = b->d;
    size_t rest = b->n - b->block;
    wb_hand_over(b, b->block);
    if (rest)
        memmove(b->d, old + b->block, rest); /* a block in flight is never the next one */
    b->n = rest;
}

static void wb_put(wbuf *b, const char *s, size_t n)
{
    while (n) {
        size_t k = b->block - b->n < n ? b->block - b->n : n;
        memcpy(b->d + b->n, s, k);
        b->n += k;
        s += k;
        n -= k;
        wb_cut(b);
    }
}

/* The rest, then wait for the writing thread. */
static void wb_end(wbuf *b)
{
    wring *r = b->ring;
    wb_hand_over(b, b->n);
    b->n = 0;
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    r->done = 1;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->th, NULL);
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
    for (unsigned i = 0; i < WB_RING; i++)
        free(r->blk[i]);
    b->d = NULL;
    b->ring = NULL;
    free(r);
}

static inline char *put_bytes(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

#define PUT_LIT(p, lit) put_bytes((p), (lit), sizeof(lit) - 1)

static inline char *put_u64(char *p, uint64_t v)
{
    char t[24];
    size_t i = sizeof t;
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    memcpy(p, t + i, sizeof t - i);
    return p + (sizeof t - i);
}

/* Append s to a CSV field, quoted when it needs it: also for ';' and tab, which chiso's reader may take
 * for the delimiter, and for spaces at its ends, which it trims. */
static void esc_append(chiso_buf *d, const char *s)
{
    chiso_csv_field_quoting(d, s, ",\"\n\r;\t", 1);
}

/* The labels of the four levels in the member scheme in force in a year (or the nearest one). */
static void year_labels(chiso_aggregate *a, size_t yi)
{
    if (a->lvl_done[yi])
        return;
    a->lvl_done[yi] = 1;
    const chiso_dataset *ds = a->ds;
    int y = (int)yi + Y0;
    uint32_t scheme = 0;
    long best = -1;
    for (size_t i = 0; i < ds->n_ratings; i++) {
        const ds_rating *r = &ds->ratings[i];
        if (!r->member)
            continue;
        long dist = y < r->from ? r->from - y : y > r->to ? y - r->to : 0;
        if (best < 0 || dist < best) {
            best = dist;
            scheme = r->scheme;
        }
    }
    a->lvl_scheme[yi] = scheme ? ds_str(ds, scheme) : "";
    for (int l = 1; l <= 4; l++) {
        a->lvl_label[yi][l - 1] = NULL;
        for (int pass = 0; pass < 2 && !a->lvl_label[yi][l - 1]; pass++)
            for (size_t i = 0; i < ds->n_ratings; i++) {
                const ds_rating *r = &ds->ratings[i];
                if (r->member && !r->at_or_above && r->level == l && (pass || r->scheme == scheme)) {
                    a->lvl_label[yi][l - 1] = ds_str(ds, r->label_norm);
                    break;
                }
            }
        if (!a->lvl_label[yi][l - 1])
            a->lvl_label[yi][l - 1] = "";
    }
}

static const ycell *year_cell(const worker *w, size_t u, size_t y)
{
    const ycell *chunk = w->ych[u * NDEC + y / 10];
    return chunk ? &chunk[y % 10] : NULL;
}

typedef struct outctx {
    chiso_aggregate *a;
    wbuf *b;
    chiso_buf head;  /* "unit," */
    chiso_buf src;   /* ",,,source," (the empty part_of and share_base, then the source) */
    chiso_buf note;  /* ",note\n" */
    chiso_buf mid[NYEARS][4]; /* per rating year and level: ",point,label,scheme" (built once) */
    int oom;         /* a label could not be built for want of memory: CHISO_ENOMEM, not an I/O error */
} outctx;

/* The locator's start for the rows of one unit and period: "lines F-L (", "line F (" or "" (none). */
typedef struct locator {
    char s[64];
    size_t n;
} locator;

static void locator_set(locator *l, uint64_t first, uint64_t last)
{
    char *p = l->s;
    if (first) {
        if (first == last) {
            p = PUT_LIT(p, "line ");
            p = put_u64(p, first);
        } else {
            p = PUT_LIT(p, "lines ");
            p = put_u64(p, first);
            *p++ = '-';
            p = put_u64(p, last);
        }
        p = PUT_LIT(p, " (");
    }
    l->n = (size_t)(p - l->s);
}

/* unit,indicator,period,value,mid(basis,rating,scheme),,,source,locator,quote,note */
static char *format_row(char *p, const outctx *o, const char *ind, size_t ind_n, const char *period,
                        size_t period_n, uint64_t v, uint64_t den, const char *mid, size_t mid_n,
                        const locator *loc, const char *quote, size_t quote_n)
{
    p = put_bytes(p, o->head.data, o->head.len);
    p = put_bytes(p, ind, ind_n);
    *p++ = ',';
    p = put_bytes(p, period, period_n);
    *p++ = ',';
    p = put_u64(p, v);
    if (den) {
        *p++ = '/';
        p = put_u64(p, den);
    }
    p = put_bytes(p, mid, mid_n);
    p = put_bytes(p, o->src.data, o->src.len);
    if (!loc->n) {
        p = PUT_LIT(p, "no rows (0 counted)");
    } else {
        p = put_bytes(p, loc->s, loc->n);
        p = put_u64(p, v);
        if (den) {
            p = PUT_LIT(p, " of ");
            p = put_u64(p, den);
        }
        p = PUT_LIT(p, " counted)");
    }
    *p++ = ',';
    p = put_bytes(p, quote, quote_n);
    return put_bytes(p, o->note.data, o->note.len);
}

static void put_row(outctx *o, const char *ind, size_t ind_n, const char *period, size_t period_n, uint64_t v,
                    uint64_t den, const char *mid, size_t mid_n, const locator *loc, const char *quote,
                    size_t quote_n)
{
    wbuf *b = o->b;
    size_t need = o->head.len + ind_n + period_n + mid_n + o->src.len + loc->n + quote_n + o->note.len + 128;
    if (need <= WB_SLACK) { /* in place: b->n < b->block */
        char *p = format_row(b->d + b->n, o, ind, ind_n, period, period_n, v, den, mid, mid_n, loc, quote,
                             quote_n);
        b->n = (size_t)(p - b->d);
        wb_cut(b);
    } else { /* a very long unit code or file name */
        char *t = malloc(need);
        if (!t) {
            o->oom = 1;
            atomic_store(&b->failed, 1);
            return;
        }
        char *p = format_row(t, o, ind, ind_n, period, period_n, v, den, mid, mid_n, loc, quote, quote_n);
        wb_put(b, t, (size_t)(p - t));
        free(t);
    }
    o->a->out_rows++;
}

#define LIT(s) s, sizeof(s) - 1

/* "YYYY" of a year 1900–2199 */
static void put_year(char *p, int y)
{
    p[0] = (char)('0' + y / 1000);
    p[1] = (char)('0' + y / 100 % 10);
    p[2] = (char)('0' + y / 10 % 10);
    p[3] = (char)('0' + y % 10);
}

static void put_flows(outctx *o, const char *period, size_t period_n, const fcell *c, const ycell *yc)
{
    static const struct {
        const char *code;
        size_t code_n;
        int k;
        const char *quote;
        size_t quote_n;
    } flows[] = {
        {LIT("admitted"), K_ADM, LIT("event=admitted")},
        {LIT("confirmed"), K_CONF, LIT("event=confirmed")},
        {LIT("transferred_in"), K_TIN, LIT("event=transferred_in")},
        {LIT("transferred_out"), K_TOUT, LIT("event=transferred_out")},
        {LIT("removed"), K_REM, LIT("event=removed")},
        {LIT("died"), K_DIED, LIT("event=died")},
        {LIT("disciplined"), -1, LIT("event=disciplined")},
        {LIT("disciplined_reprimand"), K_D_REP, LIT("event=disciplined detail=khiển trách")},
        {LIT("disciplined_warning"), K_D_WARN, LIT("event=disciplined detail=cảnh cáo")},
        {LIT("disciplined_dismissal"), K_D_DIS, LIT("event=disciplined detail=cách chức")},
        {LIT("disciplined_expulsion"), K_D_EXP, LIT("event=disciplined detail=khai trừ")},
    };
    static const fcell zero;
    const uint32_t *n = yc ? yc->n : c ? c->n : zero.n; /* K_ADM … K_D_EXP */
    locator loc;
    locator_set(&loc, yc ? yc->first : c ? c->first : 0, yc ? yc->last : c ? c->last : 0);
    for (size_t i = 0; i < CHISO_ARRAY_LEN(flows); i++) {
        uint64_t v = 0;
        if (flows[i].k >= 0)
            v = n[flows[i].k];
        else
            for (int k = K_D_REP; k <= K_D_EXP; k++)
                v += n[k];
        put_row(o, flows[i].code, flows[i].code_n, period, period_n, v, 0, LIT(",total,,"), &loc,
                flows[i].quote, flows[i].quote_n);
    }
}

/* The rating rows of one year, at its 31 December or at cut (YYYY-MM-DD, the end of the counts) when
 * cut is not NULL. */
static void put_ratings(outctx *o, size_t yi, const ycell *r, const char *cut)
{
    static const char *const quotes[4] = {"event=rated level 1", "event=rated level 2",
                                          "event=rated level 3", "event=rated level 4"};
    char period[] = "YYYY-12-31,YYYY-12-31";
    if (cut) {
        memcpy(period, cut, 10);
        memcpy(period + 11, cut, 10);
    } else {
        put_year(period, (int)yi + Y0);
        put_year(period + 11, (int)yi + Y0);
    }
    size_t period_n = sizeof period - 1;
    chiso_buf *mid = o->mid[yi];
    if (!mid[0].data && !mid[0].oom) { /* the first unit rated that year */
        year_labels(o->a, yi);
        for (int l = 0; l < 4; l++) {
            chiso_buf_puts(&mid[l], ",point,");
            esc_append(&mid[l], o->a->lvl_label[yi][l]);
            chiso_buf_puts(&mid[l], ",");
            esc_append(&mid[l], o->a->lvl_scheme[yi]);
        }
    }
    for (int l = 0; l < 4; l++)
        if (mid[l].oom) {
            o->oom = 1;
            atomic_store(&o->b->failed, 1);
            return;
        }
    locator loc;
    locator_set(&loc, r->first, r->last);
    uint64_t total = (uint64_t)r->lv[0] + r->lv[1] + r->lv[2] + r->lv[3];
    for (int l = 4; l >= 1; l--)
        put_row(o, LIT("member_rating_count"), period, period_n, r->lv[l - 1], 0, mid[l - 1].data,
                mid[l - 1].len, &loc, quotes[l - 1], strlen(quotes[l - 1]));
    for (int l = 4; l >= 1; l--)
        put_row(o, LIT("member_rating_share"), period, period_n, r->lv[l - 1], total, mid[l - 1].data,
                mid[l - 1].len, &loc, quotes[l - 1], strlen(quotes[l - 1]));
    put_row(o, LIT("members_rated"), period, period_n, total, 0, LIT(",point,,"), &loc, LIT("event=rated"));
}

/* The note of the rows that follow: the terms a unit follows (owner, when not its own) and where the
 * counts end (cut: the period holds the end of the export). */
static void set_note(outctx *o, long owner, int cut)
{
    chiso_aggregate *a = o->a;
    chiso_buf_reset(&o->note);
    chiso_buf_puts(&o->note, ",");
    if (owner >= 0 || cut) {
        char note[600], day[16];
        size_t n = 0;
        note[0] = '\0';
        if (owner >= 0)
            n += (size_t)snprintf(note, sizeof note, "terms of unit %s (none of its own in terms.csv)",
                                  a->ucode[owner]);
        if (cut && n < sizeof note) {
            chiso_date_format(a->end_day, day, sizeof day);
            snprintf(note + n, sizeof note - n, "%scounted up to %s, %s", n ? "; " : "", day,
                     a->opts.has_until ? "the day the export was taken (--until)" : "the export's latest event");
        }
        esc_append(&o->note, note);
    }
    chiso_buf_puts(&o->note, "\n");
}

/* chiso_aggregate_write, with the blocks written by a second thread when ring is set. */
static chiso_status agg_write(chiso_aggregate *a, chiso_aggregate_sink sink, void *ctx, int ring,
                              chiso_error *err)
{
    if (!a || !sink)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    if (a->state != 2)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s",
                               _("the count has not finished: nothing to write"));
    wbuf b = {wblock_new(a->out_block), 0, a->out_block, sink, ctx, 0, 0, ring, NULL};
    outctx *o = calloc(1, sizeof *o);
    if (!b.d || !o) {
        free(b.d);
        free(o);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    worker *w = a->w1;
    a->out_rows = 0;
    a->out_units = 0;
    static const char header[] = "unit,indicator,period_start,period_end,value,basis,rating,scheme,part_of,"
                                 "share_base,source,locator,quote,note\n";
    wb_put(&b, header, sizeof header - 1);
    o->a = a;
    o->b = &b;
    chiso_buf_init(&o->head);
    chiso_buf_init(&o->src);
    chiso_buf_init(&o->note);
    chiso_buf_puts(&o->src, ",,,");
    esc_append(&o->src, a->source);
    chiso_buf_puts(&o->src, ",");
    int oom_hit = o->src.oom;
    /* the end of the counts: the period that holds it is cut there */
    int end_y = 0, end_m = 0, end_d = 0;
    char end_text[16] = "";
    if (a->has_end) {
        chiso_civil_from_days(a->end_day, &end_y, &end_m, &end_d);
        chiso_date_format(a->end_day, end_text, sizeof end_text);
    }
    int end_dec31 = end_m == 12 && end_d == 31;
    for (size_t u = 0; u < a->n_units && !atomic_load(&b.failed) && !oom_hit; u++) {
        chiso_buf_reset(&o->head);
        chiso_buf_puts(&o->head, a->ucode[u]);
        chiso_buf_puts(&o->head, ",");
        chiso_buf_reset(&o->note);
        chiso_buf_puts(&o->note, ",\n");
        int any = 0;
        if (a->opts.by == CHISO_AGG_BY_TERM) {
            size_t kmin = SIZE_MAX, kmax = 0;
            for (size_t k = 0; k < a->n_eterms[u]; k++)
                if (a->tc[u][k].first) {
                    if (kmin == SIZE_MAX)
                        kmin = k;
                    kmax = k;
                }
            long owner = a->eowner[u] >= 0 && (size_t)a->eowner[u] != u ? a->eowner[u] : -1;
            oom_hit = o->head.oom;
            for (size_t k = kmin; kmin != SIZE_MAX && k <= kmax && !oom_hit; k++) {
                chiso_term_info t;
                chiso_dataset_term(a->ds, (size_t)a->eterms[u][k], &t);
                int32_t end = t.end.day;
                int cut = a->has_end && end > a->end_day; /* the running term: counted up to the end */
                if (cut)
                    end = a->end_day;
                char period[48], d1[16], d2[16];
                chiso_date_format(t.start.day, d1, sizeof d1);
                chiso_date_format(end, d2, sizeof d2);
                int pn = snprintf(period, sizeof period, "%s,%s", d1, d2);
                set_note(o, owner, cut);
                oom_hit = o->note.oom;
                if (!oom_hit)
                    put_flows(o, period, (size_t)pn, &a->tc[u][k], NULL);
                any = 1;
            }
            for (size_t y = 0; y < NYEARS && !oom_hit; y++) {
                const ycell *yc = year_cell(w, u, y);
                if (yc && yc_rated(yc)) {
                    int cut = (int)y + Y0 == end_y && !end_dec31;
                    set_note(o, -1, cut);
                    oom_hit = o->note.oom;
                    if (!oom_hit)
                        put_ratings(o, y, yc, cut ? end_text : NULL);
                    any = 1;
                }
            }
        } else {
            oom_hit = o->head.oom || o->note.oom;
            size_t ymin = SIZE_MAX, ymax = 0;
            for (size_t y = 0; y < NYEARS; y++) {
                const ycell *yc = year_cell(w, u, y);
                if (yc && yc->first) {
                    if (ymin == SIZE_MAX)
                        ymin = y;
                    ymax = y;
                }
            }
            for (size_t y = ymin; ymin != SIZE_MAX && y <= ymax && !oom_hit; y++) {
                char period[] = "YYYY-01-01,YYYY-MM-DD";
                size_t pn;
                int cut = (int)y + Y0 == end_y && !end_dec31; /* the year the counts end in */
                if (cut) {
                    put_year(period, (int)y + Y0);
                    memcpy(period + 11, end_text, 10);
                    pn = sizeof period - 1;
                } else {
                    put_year(period, (int)y + Y0);
                    period[4] = ',';
                    put_year(period + 5, (int)y + Y0);
                    pn = 9;
                }
                if (cut) {
                    set_note(o, -1, 1);
                    oom_hit = o->note.oom;
                }
                const ycell *yc = year_cell(w, u, y);
                static const ycell zero;
                if (!oom_hit) {
                    put_flows(o, period, pn, NULL, yc ? yc : &zero);
                    if (yc && yc_rated(yc))
                        put_ratings(o, y, yc, cut ? end_text : NULL);
                }
                if (cut) {
                    set_note(o, -1, 0);
                    oom_hit = oom_hit || o->note.oom;
                }
                any = 1;
            }
        }
        a->out_units += (size_t)any;
    }
    if (!oom_hit && !o->oom)
        wb_end(&b);
    else {
        atomic_store(&b.failed, 1);
        wb_end(&b);
    }
    free(b.d);
    chiso_buf_free(&o->head);
    chiso_buf_free(&o->src);
    chiso_buf_free(&o->note);
    for (size_t y = 0; y < NYEARS; y++)
        for (int l = 0; l < 4; l++)
            chiso_buf_free(&o->mid[y][l]);
    int no_memory = oom_hit || o->oom;
    free(o);
    if (no_memory)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    if (atomic_load(&b.failed))
        return chiso_error_set(err, CHISO_EIO, NULL, 0, 0, "%s", _("the observations could not be written"));
    return CHISO_OK;
}

chiso_status chiso_aggregate_write(chiso_aggregate *a, chiso_aggregate_sink sink, void *ctx, chiso_error *err)
{
    return agg_write(a, sink, ctx, 0, err);
}

/* A file descriptor as a sink. With direct set (O_DIRECT: the blocks go from memory to the disk,
 * bypassing the page cache, and the final fsync has little left to do) every write must be whole
 * 4096-byte pages from an aligned buffer; the first write that is not (the last, short block), or
 * that the file system refuses, turns direct writing off for the rest. */
typedef struct fd_sink_ctx {
    int fd;
    int err;
    int direct;
} fd_sink_ctx;

static int fd_sink(void *ctx, const char *data, size_t n)
{
    fd_sink_ctx *c = ctx;
    if (c->direct && (n % 4096 || (uintptr_t)data % 4096)) {
        c->direct = 0;
#ifdef O_DIRECT
        int fl = fcntl(c->fd, F_GETFL);
        if (fl == -1 || fcntl(c->fd, F_SETFL, fl & ~O_DIRECT) == -1) {
            c->err = errno;
            return 1;
        }
#endif
    }
    while (n) {
        ssize_t w = write(c->fd, data, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
#ifdef O_DIRECT
            if (errno == EINVAL && c->direct) { /* the file system's alignment differs: write buffered */
                c->direct = 0;
                int fl = fcntl(c->fd, F_GETFL);
                if (fl != -1 && fcntl(c->fd, F_SETFL, fl & ~O_DIRECT) != -1)
                    continue;
            }
#endif
            c->err = errno;
            return 1;
        }
        data += w;
        n -= (size_t)w;
    }
    return 0;
}

chiso_status chiso_aggregate_write_file(chiso_aggregate *a, const char *path, chiso_error *err)
{
    if (!a || !path)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    if (a->state != 2)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s",
                               _("the count has not finished: nothing to write"));
    char *real = NULL, *tmp = NULL;
    int direct = 0;
    chiso_status st = chiso_output_resolve(path, &real, &direct, err);
    if (st != CHISO_OK)
        return st;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int ring = a->opts.threads == 2 || (a->opts.threads == 0 && cpus >= 2);
    fd_sink_ctx c = {-1, 0, 0};
    if (direct) {
        /* a device or a pipe (/dev/stdout): written in place, it cannot be replaced */
        c.fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (c.fd < 0)
            return chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot open the file: %s"), strerror(errno));
        st = agg_write(a, fd_sink, &c, ring, err);
        if (st == CHISO_EIO)
            st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot write the file: %s"),
                                 strerror(c.err ? c.err : EIO));
        if (close(c.fd) != 0 && st == CHISO_OK)
            st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot write the file: %s"), strerror(errno));
        return st;
    }
    st = chiso_output_open_tmp(real, &tmp, &c.fd, err);
    if (st == CHISO_OK) {
#ifdef O_DIRECT
        int fl = fcntl(c.fd, F_GETFL);
        c.direct = fl != -1 && fcntl(c.fd, F_SETFL, fl | O_DIRECT) != -1;
#endif
        st = agg_write(a, fd_sink, &c, ring, err);
        if (st == CHISO_EIO)
            st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot write the file: %s"),
                                 strerror(c.err ? c.err : EIO));
        st = chiso_output_commit(c.fd, tmp, real, path, st, err);
    }
    free(real);
    return st;
}

static int buf_sink(void *ctx, const char *data, size_t n)
{
    chiso_buf *b = ctx;
    chiso_buf_append(b, data, n);
    return b->oom;
}

chiso_status chiso_aggregate_write_string(chiso_aggregate *a, char **out, size_t *len, chiso_error *err)
{
    if (!a || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_status st = chiso_aggregate_write(a, buf_sink, &b, err);
    if (st == CHISO_EIO && b.oom)
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    if (st != CHISO_OK) {
        chiso_buf_free(&b);
        return st;
    }
    if (len)
        *len = b.len;
    *out = chiso_buf_take(&b);
    if (!*out)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    return CHISO_OK;
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

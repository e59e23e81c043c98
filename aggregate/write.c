#define _GNU_SOURCE /* O_DIRECT */
/*
 * aggregate/write.c — writing the observations of a count as a dataset's CSV (datasets/FORMAT.md),
 * in blocks handed to a sink, to a file (written under a temporary name, then renamed) or to a
 * string (aggregate/handle.h).
 */
#include "chiso/aggregate.h"
#include "chiso/ingest.h"
#include "aggregate/aggregate_int.h"
#include "aggregate/handle.h"
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

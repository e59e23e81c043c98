/*
 * aggregate/count.c — the counting of `chiso aggregate`: a worker checks each record of the export
 * (unit, event, date, term, rating label, form of discipline, duplicates within a member's run) and
 * adds it to its counters, by unit and year or by unit and segment of terms (aggregate/handle.h).
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

/* the codes of the events, and of the reasons a record is refused (aggregate/handle.h) */
const char *const agg_event_codes[CHISO_AGG_N_EVENTS] = {
    "admitted", "confirmed", "transferred_in", "transferred_out", "removed", "died", "disciplined", "rated"};

const char *const agg_reason_codes[CHISO_AGG_N_REASONS] = {
    "aggregate.fields", "aggregate.member", "aggregate.unit", "aggregate.event", "aggregate.date",
    "aggregate.after", "aggregate.term", "aggregate.rating", "aggregate.discipline", "aggregate.duplicate"};

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


/* ---- workers ------------------------------------------------------------------------------------- */

static int worker_row(void *ctx, const agg_row *row);

void agg_worker_free(worker *w)
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

worker *agg_worker_new(chiso_aggregate *a, int second)
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
        agg_worker_free(w);
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
    static const unsigned char len[CHISO_AGG_N_EVENTS] = {8, 9, 14, 15, 7, 4, 11, 5}; /* of agg_event_codes */
    for (int e = 0; e < CHISO_AGG_N_EVENTS; e++)
        if (n == len[e] && memcmp(s, agg_event_codes[e], n) == 0)
            return e;
    for (int e = 0; e < CHISO_AGG_N_EVENTS; e++) /* any case */
        if (ascii_eq_nocase(s, n, agg_event_codes[e]))
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

void agg_publish_split(worker *w, int state)
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
        agg_publish_split(w, 1);
    }
    count_row(w, row);
    return w->st != CHISO_OK;
}

int agg_ref_row(void *ctx, const chiso_csv_row *r)
{
    agg_row row = {r->nfields, r->fields, r->lens, r->line, r->raw, r->raw_len, r->delim, 0, 0, 0};
    return worker_row(ctx, &row);
}

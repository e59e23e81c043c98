/*
 * aggregate/rollup.c — the end of a count: the second thread's counters merged into the first's, the
 * sums through the unit tree (years in place, terms into effective terms), the end day and the
 * diagnostics of the records refused (aggregate/handle.h).
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
chiso_status agg_merge_workers(chiso_aggregate *a, worker *w1, worker *w2, long delta, chiso_error *err)
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
                         k->v1, agg_event_codes[k->sub], k->v2, k->aux);
                break;
            }
            chiso_diags_add(a->diags, CHISO_ERROR, a->events_name, k->line, k->col, agg_reason_codes[r], "%s", msg);
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
                int k = agg_term_at(a, (size_t)A, g->bounds[s]);
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

chiso_status agg_finalize(chiso_aggregate *a, chiso_error *err)
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

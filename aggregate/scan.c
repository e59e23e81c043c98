/*
 * aggregate/scan.c — reading the export: bytes fed by the caller, or a whole file read on one thread
 * or split on two (the second starts at a member's run after the middle; aggregate/aggregate.c tells
 * how the halves join), with progress reports (aggregate/handle.h).
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

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
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
        if (!a->ref && !(a->ref = chiso_csv_reader_new(a->events_name, NULL, agg_ref_row, w, &e)))
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
        if (!a->ref && !(a->ref = chiso_csv_reader_new(a->events_name, NULL, agg_ref_row, w, &e)))
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
    if ((st = agg_finalize(a, &e)) != CHISO_OK)
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
        agg_publish_split(w, 2);
    pthread_mutex_lock(&w->ctl->mu);
    atomic_store(&w->done, 1);
    pthread_cond_broadcast(&w->ctl->cv);
    pthread_mutex_unlock(&w->ctl->mu);
    return NULL;
}

static chiso_status ref_file(chiso_aggregate *a, int fd, uint64_t size, chiso_error *e)
{
    worker *w = a->w1;
    if (!(a->ref = chiso_csv_reader_new(a->events_name, NULL, agg_ref_row, w, e)))
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
                w2 = agg_worker_new(a, 1);
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
                    agg_worker_free(w2);
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
            st = agg_merge_workers(a, w1, w2, delta, e);
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
        agg_worker_free(w2);
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
    if ((st = agg_finalize(a, &e)) != CHISO_OK)
        return run_failed(a, st, &e, err);
    a->state = 2;
    a->bytes_fed = size;
    atomic_store_explicit(&a->w1->bytes_done, size, memory_order_relaxed);
    atomic_store_explicit(&a->w1->rows_done, a->w1->records, memory_order_relaxed);
    report_progress(a, NULL, size, 1);
    return CHISO_OK;
}

/* tests/unit/test_aggregate.c — `chiso aggregate` (include/chiso/aggregate.h): counts checked against
 * hand-counted exports (tests/data/aggregate/), the roll-up through the unit tree, the terms, every
 * reason a row is rejected, the duplicate rule and its bound, and the same results from the fast
 * reader and libcsv on every test file cut at many places and split across two threads at many
 * offsets (quotes, quoted newlines, CRLF, a byte-order mark, blank and space-only lines). */
#include "testutil.h"

#include "chiso/aggregate.h"
#include "aggregate/aggregate_int.h"
#include "chiso/common.h"
#include "chiso/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static char *data_path(const char *name)
{
    static char buf[8][1024];
    static int k;
    char *p = buf[k++ % 8];
    snprintf(p, 1024, "%s/tests/data/aggregate/%s", chiso_test_source_dir(), name);
    return p;
}

/* ---- running a count ----------------------------------------------------------------------------- */

typedef struct result {
    chiso_status st;
    chiso_error err;
    char *out;     /* observations, NULL when the count failed */
    char *diags;   /* "line:col:severity:code:msg" per diagnostic */
    chiso_aggregate_stats stats;
} result;

static void result_free(result *r)
{
    free(r->out);
    free(r->diags);
    memset(r, 0, sizeof *r);
}

static char *format_diags(const chiso_diags *d)
{
    size_t cap = 256, n = 0;
    char *s = malloc(cap);
    s[0] = '\0';
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        char line[2048];
        int k = snprintf(line, sizeof line, "%ld:%ld:%d:%s:%s\n", g->line, g->col, (int)g->severity,
                         g->code ? g->code : "", g->msg);
        while (n + (size_t)k + 1 > cap) {
            cap *= 2;
            s = realloc(s, cap);
        }
        memcpy(s + n, line, (size_t)k + 1);
        n += (size_t)k;
    }
    return s;
}

typedef struct how {
    chiso_aggregate_by by;
    chiso_aggregate_parser parser;
    int threads;
    size_t read_size;
    uint64_t split_at;
    size_t feed_chunk;  /* 0: chiso_aggregate_file; else push the bytes in chunks of this size */
    const char *units, *terms;
    const char *until;  /* --until YYYY-MM-DD, or NULL (the export runs to its latest event) */
} how;

static how how_default(void)
{
    how h;
    memset(&h, 0, sizeof h);
    h.by = CHISO_AGG_BY_YEAR;
    h.parser = CHISO_AGG_PARSER_FAST;
    h.threads = 1;
    h.units = data_path("units.csv");
    h.terms = data_path("terms.csv");
    return h;
}

static result run_count(const char *events, const how *h)
{
    result r;
    memset(&r, 0, sizeof r);
    chiso_aggregate_opts o;
    chiso_aggregate_opts_default(&o);
    o.by = h->by;
    o.parser = h->parser;
    o.threads = h->threads;
    if (h->read_size)
        o.read_size = h->read_size;
    o.split_at = h->split_at;
    if (h->threads == 2)
        o.split_min_bytes = 0;
    if (h->until) {
        chiso_date day;
        assert_int_equal(chiso_date_parse(h->until, 0, &day, &r.err), CHISO_OK);
        o.has_until = 1;
        o.until_day = day.day;
    }
    chiso_diags *d = chiso_diags_new();
    chiso_aggregate *a = NULL;
    chiso_error_clear(&r.err);
    r.st = chiso_aggregate_new(h->units, h->terms, events, &o, d, &a, &r.err);
    if (r.st == CHISO_OK) {
        if (!h->feed_chunk) {
            r.st = chiso_aggregate_file(a, events, &r.err);
        } else {
            size_t len = 0;
            char *bytes = chiso_test_read_file(events, &len);
            assert_non_null(bytes);
            for (size_t off = 0; off < len && r.st == CHISO_OK; off += h->feed_chunk) {
                size_t n = len - off < h->feed_chunk ? len - off : h->feed_chunk;
                r.st = chiso_aggregate_feed(a, bytes + off, n, &r.err);
            }
            if (r.st == CHISO_OK)
                r.st = chiso_aggregate_finish(a, &r.err);
            free(bytes);
        }
    }
    if (r.st == CHISO_OK)
        assert_int_equal(chiso_aggregate_write_string(a, &r.out, NULL, &r.err), CHISO_OK);
    chiso_aggregate_get_stats(a, &r.stats);
    r.diags = format_diags(d);
    if (getenv("AGG_TEST_DEBUG"))
        fprintf(stderr, "== %s\nstatus %d %s:%ld:%ld %s\n%s", events, r.st, r.err.file, r.err.line, r.err.col,
                r.err.msg, r.diags);
    chiso_aggregate_free(a);
    chiso_diags_free(d);
    return r;
}

static result run_simple(const char *name, chiso_aggregate_by by)
{
    how h = how_default();
    h.by = by;
    return run_count(data_path(name), &h);
}

/* ---- reading the observations -------------------------------------------------------------------- */

/* Field i (0-based) of a CSV line without quotes in the fields looked at. */
static int field(const char *line, int i, char *buf, size_t size)
{
    const char *p = line;
    for (int k = 0; k < i; k++) {
        p = strpbrk(p, ",\n");
        if (!p || *p == '\n')
            return 0;
        p++;
    }
    size_t n = strcspn(p, ",\n");
    if (n >= size)
        n = size - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return 1;
}

/* The value of the row (unit, indicator, period_start, rating or NULL), or NULL when there is none. */
static const char *value_of(const char *out, const char *unit, const char *ind, const char *start,
                            const char *rating)
{
    static char val[64];
    const char *line = out;
    while (line && *line) {
        char u[128], i[64], s[32], r[128];
        if (field(line, 0, u, sizeof u) && field(line, 1, i, sizeof i) && field(line, 2, s, sizeof s) &&
            field(line, 6, r, sizeof r) && strcmp(u, unit) == 0 && strcmp(i, ind) == 0 &&
            strcmp(s, start) == 0 && (!rating || strcmp(r, rating) == 0)) {
            field(line, 4, val, sizeof val);
            return val;
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return NULL;
}

static long count_of(const char *out, const char *unit, const char *ind, const char *start, const char *rating)
{
    const char *v = value_of(out, unit, ind, start, rating);
    return v ? strtol(v, NULL, 10) : -1;
}

static const char *full_row(const char *out, const char *unit, const char *ind, const char *start,
                            const char *rating)
{
    static char row[1024];
    const char *line = out;
    while (line && *line) {
        char u[128], i[64], s[32], r[128];
        if (field(line, 0, u, sizeof u) && field(line, 1, i, sizeof i) && field(line, 2, s, sizeof s) &&
            field(line, 6, r, sizeof r) && strcmp(u, unit) == 0 && strcmp(i, ind) == 0 &&
            strcmp(s, start) == 0 && (!rating || strcmp(r, rating) == 0)) {
            size_t n = strcspn(line, "\n");
            if (n >= sizeof row)
                n = sizeof row - 1;
            memcpy(row, line, n);
            row[n] = '\0';
            return row;
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return NULL;
}

#define L4 "hoàn thành xuất sắc nhiệm vụ"
#define L3 "hoàn thành tốt nhiệm vụ"
#define L2 "hoàn thành nhiệm vụ"
#define L1 "không hoàn thành nhiệm vụ"

/* ---- hand-counted exports ------------------------------------------------------------------------ */

/* basic.csv, taken on 31 December 2019 (--until): whole years */
static result run_basic(void)
{
    how h = how_default();
    h.until = "2019-12-31";
    return run_count(data_path("basic.csv"), &h);
}

static void test_counts_basic(void **state)
{
    (void)state;
    result r = run_basic();
    assert_int_equal(r.st, CHISO_OK);
    const char *o = r.out;
    assert_string_equal(r.diags, "");
    assert_int_equal(r.stats.records, 17);
    assert_int_equal(r.stats.counted, 17);
    assert_int_equal(r.stats.rejected, 0);
    assert_int_equal(r.stats.events[CHISO_AGG_E_RATED], 6);
    assert_int_equal(r.stats.events[CHISO_AGG_E_DISCIPLINED], 4);
    static const char header[] = "unit,indicator,period_start,period_end,value,basis,rating,scheme,part_of,"
                                 "share_base,source,locator,quote,note\n";
    assert_memory_equal(o, header, sizeof header - 1);
    /* cb-a1: M001 admitted 2018, confirmed 2019; M001 and M002 rated in 2018 and 2019 */
    assert_int_equal(count_of(o, "cb-a1", "admitted", "2018", NULL), 1);
    assert_int_equal(count_of(o, "cb-a1", "confirmed", "2018", NULL), 0);
    assert_int_equal(count_of(o, "cb-a1", "confirmed", "2019", NULL), 1);
    assert_int_equal(count_of(o, "cb-a1", "member_rating_count", "2018-12-31", L3), 1);
    assert_int_equal(count_of(o, "cb-a1", "member_rating_count", "2018-12-31", L2), 1);
    assert_int_equal(count_of(o, "cb-a1", "member_rating_count", "2018-12-31", L4), 0);
    assert_int_equal(count_of(o, "cb-a1", "member_rating_count", "2019-12-31", L4), 1);
    assert_int_equal(count_of(o, "cb-a1", "member_rating_count", "2019-12-31", L1), 1);
    assert_int_equal(count_of(o, "cb-a1", "members_rated", "2018-12-31", NULL), 2);
    assert_string_equal(value_of(o, "cb-a1", "member_rating_share", "2018-12-31", L3), "1/2");
    assert_string_equal(value_of(o, "cb-a1", "member_rating_share", "2019-12-31", L3), "0/2");
    assert_int_equal(count_of(o, "cb-a1", "disciplined", "2019", NULL), 1);
    assert_int_equal(count_of(o, "cb-a1", "disciplined_reprimand", "2019", NULL), 1);
    assert_int_equal(count_of(o, "cb-a1", "disciplined_warning", "2019", NULL), 0);
    assert_int_equal(count_of(o, "cb-a1", "died", "2018", NULL), 0); /* zeros are written */
    /* cb-a2 and cb-b1: a transfer */
    assert_int_equal(count_of(o, "cb-a2", "admitted", "2018", NULL), 1);
    assert_int_equal(count_of(o, "cb-a2", "transferred_out", "2019", NULL), 1);
    assert_int_equal(count_of(o, "cb-b1", "transferred_in", "2019", NULL), 1);
    assert_int_equal(count_of(o, "cb-b1", "disciplined", "2019", NULL), 2);
    assert_int_equal(count_of(o, "cb-b1", "disciplined_warning", "2019", NULL), 1);
    assert_int_equal(count_of(o, "cb-b1", "disciplined_expulsion", "2019", NULL), 1);
    assert_int_equal(count_of(o, "cb-b1", "removed", "2019", NULL), 1);
    assert_int_equal(count_of(o, "cb-b1", "member_rating_count", "2019-12-31", L3), 1);
    /* cb-x: one death in 2018 and nothing after: no 2019 rows */
    assert_int_equal(count_of(o, "cb-x", "died", "2018", NULL), 1);
    assert_null(value_of(o, "cb-x", "died", "2019", NULL));
    assert_null(value_of(o, "cb-x", "members_rated", "2018-12-31", NULL));
    /* the row in full: source, locator, quote */
    assert_string_equal(full_row(o, "cb-x", "died", "2018", NULL),
                        "cb-x,died,2018,2018,1,total,,,,,basic.csv,line 17 (1 counted),event=died,");
    assert_string_equal(full_row(o, "cb-a1", "member_rating_share", "2018-12-31", L3),
                        "cb-a1,member_rating_share,2018-12-31,2018-12-31,1/2,point," L3
                        ",member-2018,,,basic.csv,lines 2-6 (1 of 2 counted),event=rated level 3,");
    assert_string_equal(full_row(o, "cb-b1", "disciplined_warning", "2019", NULL),
                        "cb-b1,disciplined_warning,2019,2019,1,total,,,,,basic.csv,lines 12-16 (1 counted),"
                        "event=disciplined detail=cảnh cáo,");
    /* an own event of a đảng bộ cơ sở */
    assert_int_equal(count_of(o, "dbcs-b", "disciplined_dismissal", "2019", NULL), 1);
    result_free(&r);
}

/* Every parent = the sum of its children plus its own events, for every row of the output. */
static void test_rollup_tree(void **state)
{
    (void)state;
    result r = run_basic();
    assert_int_equal(r.st, CHISO_OK);
    const char *o = r.out;
    static const char *const inds[] = {"admitted", "confirmed", "transferred_in", "transferred_out", "removed",
                                       "died", "disciplined", "disciplined_reprimand", "disciplined_warning",
                                       "disciplined_dismissal", "disciplined_expulsion"};
    static const char *const years[] = {"2018", "2019"};
    for (size_t i = 0; i < ARRAY_LEN(inds); i++)
        for (size_t y = 0; y < ARRAY_LEN(years); y++) {
            long a1 = count_of(o, "cb-a1", inds[i], years[y], NULL), a2 = count_of(o, "cb-a2", inds[i], years[y], NULL);
            long b1 = count_of(o, "cb-b1", inds[i], years[y], NULL), x = count_of(o, "cb-x", inds[i], years[y], NULL);
            long da = count_of(o, "dbcs-a", inds[i], years[y], NULL), db = count_of(o, "dbcs-b", inds[i], years[y], NULL);
            long t = count_of(o, "tinh", inds[i], years[y], NULL);
            /* a unit without events in a year has no rows for it */
            a1 = a1 < 0 ? 0 : a1;
            a2 = a2 < 0 ? 0 : a2;
            b1 = b1 < 0 ? 0 : b1;
            x = x < 0 ? 0 : x;
            da = da < 0 ? 0 : da;
            db = db < 0 ? 0 : db;
            t = t < 0 ? 0 : t;
            long own_b = strcmp(inds[i], "disciplined_dismissal") == 0 || strcmp(inds[i], "disciplined") == 0
                             ? (strcmp(years[y], "2019") == 0)
                             : 0;
            assert_int_equal(da, a1 + a2);
            assert_int_equal(db, b1 + own_b);
            assert_int_equal(t, da + db + x);
        }
    /* ratings roll up too */
    assert_int_equal(count_of(o, "dbcs-a", "members_rated", "2018-12-31", NULL), 3);
    assert_int_equal(count_of(o, "tinh", "members_rated", "2019-12-31", NULL), 3);
    assert_int_equal(count_of(o, "tinh", "member_rating_count", "2018-12-31", L3), 2);
    assert_string_equal(value_of(o, "tinh", "member_rating_share", "2018-12-31", L3), "2/3");
    /* the root's totals are the events counted */
    long adm = count_of(o, "tinh", "admitted", "2018", NULL) + count_of(o, "tinh", "admitted", "2019", NULL);
    assert_int_equal(adm, (long)r.stats.events[CHISO_AGG_E_ADMITTED]);
    long dis = count_of(o, "tinh", "disciplined", "2018", NULL) + count_of(o, "tinh", "disciplined", "2019", NULL);
    assert_int_equal(dis, (long)r.stats.events[CHISO_AGG_E_DISCIPLINED]);
    assert_int_equal(r.stats.units, 7);
    result_free(&r);
}

static void write_file(const char *dir, const char *name, const char *text, char *path, size_t size)
{
    chiso_test_write(dir, name, text);
    snprintf(path, size, "%s/%s", dir, name);
}

static void test_terms(void **state)
{
    (void)state;
    char *dir = chiso_test_mkdtemp();
    char ev[1100];
    write_file(dir, "ev.csv",
               "member,unit,date,event,detail\n"
               "T1,cb-a1,2017-03-01,admitted,\n"      /* first day of cb-a1's first term */
               "T1,cb-a1,2020-05-10,confirmed,\n"     /* shared congress day: the later term */
               "T1,cb-a1,2020-05-09,disciplined,khiển trách\n"
               "T2,cb-a2,2020-06-01,admitted,\n"      /* cb-a2 has no terms: those of dbcs-a */
               "T2,cb-a2,2020-05-31,removed,\n"
               "T3,cb-a1,2016-01-01,admitted,\n"      /* before every term of cb-a1: rejected */
               "T4,dbcs-a,2015-07-01,admitted,\n"     /* in dbcs-a's term I, before every term of tinh */
               "T5,cb-x,2021-01-01,died,\n"           /* cb-x: the terms of tinh */
               "T6,cb-a1,2019-12-20,rated,hoàn thành tốt nhiệm vụ\n",
               ev, sizeof ev);
    how h = how_default();
    h.by = CHISO_AGG_BY_TERM;
    result r = run_count(ev, &h);
    assert_int_equal(r.st, CHISO_OK);
    const char *o = r.out;
    assert_int_equal(r.stats.by_reason[CHISO_AGG_R_TERM], 1);
    assert_int_equal(r.stats.counted, 8);
    assert_int_equal(count_of(o, "cb-a1", "admitted", "2017-03-01", NULL), 1);
    assert_int_equal(count_of(o, "cb-a1", "confirmed", "2017-03-01", NULL), 0);
    assert_int_equal(count_of(o, "cb-a1", "confirmed", "2020-05-10", NULL), 1);
    assert_int_equal(count_of(o, "cb-a1", "disciplined_reprimand", "2017-03-01", NULL), 1);
    /* dbcs-a: term I ends 2020-05-31, term II starts 2020-06-01 */
    assert_int_equal(count_of(o, "dbcs-a", "confirmed", "2015-06-01", NULL), 1);
    assert_int_equal(count_of(o, "dbcs-a", "admitted", "2015-06-01", NULL), 2); /* T1 and T4 */
    assert_int_equal(count_of(o, "dbcs-a", "admitted", "2020-06-01", NULL), 1);
    assert_int_equal(count_of(o, "dbcs-a", "removed", "2015-06-01", NULL), 1);
    assert_int_equal(count_of(o, "cb-a2", "admitted", "2020-06-01", NULL), 1);
    /* the export runs to its latest event (T5, 2021-01-01): the running term II ends there */
    assert_true(r.stats.has_end);
    assert_int_equal(r.stats.end_day, chiso_days_from_civil(2021, 1, 1));
    assert_non_null(strstr(full_row(o, "cb-a2", "admitted", "2020-06-01", NULL),
                           "2020-06-01,2021-01-01,1,total,"));
    assert_non_null(strstr(full_row(o, "cb-a2", "admitted", "2020-06-01", NULL),
                           ",\"terms of unit dbcs-a (none of its own in terms.csv); counted up to 2021-01-01, "
                           "the export's latest event\""));
    /* a term that ended before is whole, and its note says only whose terms they are */
    assert_non_null(strstr(full_row(o, "cb-a2", "removed", "2015-06-01", NULL),
                           "2015-06-01,2020-05-31,1,total,"));
    assert_non_null(strstr(full_row(o, "cb-a2", "removed", "2015-06-01", NULL),
                           ",terms of unit dbcs-a (none of its own in terms.csv)"));
    /* tinh: T4 falls before its first term: counted for dbcs-a only, with a warning */
    assert_int_equal(count_of(o, "tinh", "admitted", "2015-10-15", NULL), 2); /* T1, T2 */
    assert_int_equal(count_of(o, "tinh", "admitted", "2020-10-14", NULL), 0);
    assert_int_equal(count_of(o, "tinh", "died", "2020-10-14", NULL), 1);
    assert_int_equal(count_of(o, "cb-x", "died", "2020-10-14", NULL), 1);
    assert_int_equal((long)r.stats.rollup_gaps, 1);
    /* the span named is the piece of time between term boundaries that holds the event */
    assert_non_null(strstr(r.diags, "aggregate.rollup_gap:1 events of unit 'dbcs-a' between 2015-06-01 and "
                                    "2015-10-14 fall outside every term of 'tinh'"));
    assert_non_null(strstr(r.diags, "7:10:2:aggregate.term:the date 2016-01-01 is outside every term of unit "
                                    "'cb-a1'"));
    /* ratings stay per year with --by term */
    assert_int_equal(count_of(o, "cb-a1", "member_rating_count", "2019-12-31", L3), 1);
    result_free(&r);

    /* a unit with no terms anywhere above it */
    char units[1100], terms[1100];
    write_file(dir, "units.csv", "unit,name,parent\nroot,Gốc,\nleaf,Lá,root\nlone,Đơn lẻ,\n", units, sizeof units);
    write_file(dir, "terms.csv", "unit,term,start,end\nroot,I,2010-01-01,2014-12-31\n", terms, sizeof terms);
    write_file(dir, "ev2.csv", "member,unit,date,event,detail\nA,leaf,2012-05-05,admitted,\nB,lone,2012-05-05,admitted,\n",
               ev, sizeof ev);
    h.units = units;
    h.terms = terms;
    r = run_count(ev, &h);
    assert_int_equal(r.st, CHISO_OK);
    assert_int_equal(r.stats.counted, 1);
    assert_non_null(strstr(r.diags, "3:8:2:aggregate.term:unit 'lone' has no terms, nor has any unit above it"));
    assert_int_equal(count_of(r.out, "root", "admitted", "2010-01-01", NULL), 1);
    assert_int_equal(count_of(r.out, "leaf", "admitted", "2010-01-01", NULL), 1);
    result_free(&r);
    chiso_test_rmtree(dir);
    free(dir);
}

/* Where the counts end. basic.csv's latest event is M003's rating on 2019-12-20: by default the year
 * 2019 (and the running terms) end there. --until 2019-06-30 rejects the 7 rows dated after it and ends
 * 2019 on 30 June; --until 2019-12-31 gives whole years. */
static void test_until(void **state)
{
    (void)state;
    how h = how_default();
    result r = run_count(data_path("basic.csv"), &h);
    assert_int_equal(r.st, CHISO_OK);
    const char *o = r.out;
    assert_true(r.stats.has_end);
    assert_int_equal(r.stats.end_day, chiso_days_from_civil(2019, 12, 20));
    assert_int_equal(r.stats.counted, 17);
    assert_string_equal(full_row(o, "cb-a1", "confirmed", "2019-01-01", NULL),
                        "cb-a1,confirmed,2019-01-01,2019-12-20,1,total,,,,,basic.csv,lines 3-8 (1 counted),"
                        "event=confirmed,\"counted up to 2019-12-20, the export's latest event\"");
    assert_null(value_of(o, "cb-a1", "confirmed", "2019", NULL));
    assert_string_equal(full_row(o, "cb-x", "died", "2018", NULL),
                        "cb-x,died,2018,2018,1,total,,,,,basic.csv,line 17 (1 counted),event=died,");
    /* the ratings of 2019 are as of the end of the counts */
    assert_int_equal(count_of(o, "cb-a1", "members_rated", "2019-12-20", NULL), 2);
    assert_null(value_of(o, "cb-a1", "members_rated", "2019-12-31", NULL));
    assert_int_equal(count_of(o, "cb-a1", "members_rated", "2018-12-31", NULL), 2);
    result_free(&r);

    /* by term: every running term of the tree ends on 2019-12-20 */
    h.by = CHISO_AGG_BY_TERM;
    r = run_count(data_path("basic.csv"), &h);
    assert_int_equal(r.st, CHISO_OK);
    assert_non_null(strstr(full_row(r.out, "tinh", "admitted", "2015-10-15", NULL),
                           "tinh,admitted,2015-10-15,2019-12-20,2,total,"));
    assert_non_null(strstr(full_row(r.out, "cb-a1", "confirmed", "2017-03-01", NULL),
                           "cb-a1,confirmed,2017-03-01,2019-12-20,1,total,"));
    result_free(&r);

    /* --until 2019-06-30: rows after it are rejected, the year 2019 ends on 30 June */
    h.by = CHISO_AGG_BY_YEAR;
    h.until = "2019-06-30";
    r = run_count(data_path("basic.csv"), &h);
    assert_int_equal(r.st, CHISO_OK);
    o = r.out;
    assert_int_equal(r.stats.by_reason[CHISO_AGG_R_AFTER], 7);
    assert_int_equal(r.stats.counted, 10);
    assert_int_equal(r.stats.end_day, chiso_days_from_civil(2019, 6, 30));
    assert_non_null(strstr(r.diags, "5:12:2:aggregate.after:the date 2019-12-15 is after the day the export was "
                                    "taken (--until 2019-06-30)"));
    assert_non_null(strstr(r.diags, "14:12:2:aggregate.after:the date 2019-07-07"));
    assert_string_equal(full_row(o, "cb-a1", "disciplined", "2019-01-01", NULL),
                        "cb-a1,disciplined,2019-01-01,2019-06-30,1,total,,,,,basic.csv,lines 3-7 (1 counted),"
                        "event=disciplined,\"counted up to 2019-06-30, the day the export was taken (--until)\"");
    assert_int_equal(count_of(o, "cb-b1", "disciplined", "2019-01-01", NULL), 0);
    assert_int_equal(count_of(o, "cb-b1", "transferred_in", "2019-01-01", NULL), 1);
    assert_null(value_of(o, "cb-a1", "members_rated", "2019-06-30", NULL)); /* none rated by then */
    result_free(&r);

    /* --until 2019-12-31: whole years, no note */
    h.until = "2019-12-31";
    r = run_count(data_path("basic.csv"), &h);
    assert_int_equal(r.stats.counted, 17);
    assert_string_equal(full_row(r.out, "cb-a1", "confirmed", "2019", NULL),
                        "cb-a1,confirmed,2019,2019,1,total,,,,,basic.csv,lines 3-8 (1 counted),event=confirmed,");
    assert_int_equal(count_of(r.out, "cb-a1", "members_rated", "2019-12-31", NULL), 2);
    result_free(&r);

    /* a day outside the years chiso reads */
    chiso_aggregate_opts op;
    chiso_aggregate_opts_default(&op);
    op.has_until = 1;
    op.until_day = chiso_days_from_civil(1899, 12, 31);
    chiso_diags *d = chiso_diags_new();
    chiso_aggregate *a = NULL;
    chiso_error e;
    assert_int_equal(chiso_aggregate_new(data_path("units.csv"), NULL, "x.csv", &op, d, &a, &e), CHISO_EINVAL);
    assert_null(a);
    chiso_diags_free(d);
}

/* Events in any case; forms of discipline in any case, with extra spaces and punctuation, in
 * Vietnamese or English: five disciplined (2 reprimands, 2 warnings, 1 expulsion), 2 admitted. */
static void test_event_and_form_spelling(void **state)
{
    (void)state;
    char *dir = chiso_test_mkdtemp();
    char ev[1100];
    write_file(dir, "ev.csv",
               "member,unit,date,event,detail\n"
               "F1,cb-a1,2018-03-02,ADMITTED,\n"
               "F2,cb-a1,2018-03-02,Admitted,\n"
               "F3,cb-a1,2018-04-01,disciplined,\"  KHIỂN  TRÁCH. \"\n"
               "F4,cb-a1,2018-04-01,Disciplined,reprimand\n"
               "F5,cb-a1,2018-04-01,disciplined,cảnh   cáo\n"
               "F6,cb-a1,2018-04-01,disciplined,Warning\n"
               "F7,cb-a1,2018-04-01,disciplined,(khai trừ)\n",
               ev, sizeof ev);
    how h = how_default();
    h.until = "2018-12-31";
    result r = run_count(ev, &h);
    assert_int_equal(r.st, CHISO_OK);
    assert_int_equal(r.stats.rejected, 0);
    assert_int_equal(count_of(r.out, "cb-a1", "admitted", "2018", NULL), 2);
    assert_int_equal(count_of(r.out, "cb-a1", "disciplined", "2018", NULL), 5);
    assert_int_equal(count_of(r.out, "cb-a1", "disciplined_reprimand", "2018", NULL), 2);
    assert_int_equal(count_of(r.out, "cb-a1", "disciplined_warning", "2018", NULL), 2);
    assert_int_equal(count_of(r.out, "cb-a1", "disciplined_expulsion", "2018", NULL), 1);
    result_free(&r);
    chiso_test_rmtree(dir);
    free(dir);
}

/* ---- rejected rows ------------------------------------------------------------------------------- */

static void test_rejects(void **state)
{
    (void)state;
    result r = run_simple("rejects.csv", CHISO_AGG_BY_YEAR);
    assert_int_equal(r.st, CHISO_OK);
    assert_int_equal(r.stats.records, 20);
    assert_int_equal(r.stats.counted, 2);
    assert_int_equal(r.stats.rejected, 18);
    const uint64_t want[CHISO_AGG_N_REASONS] = {2, 1, 2, 2, 4, 0, 0, 4, 2, 1};
    for (int i = 0; i < CHISO_AGG_N_REASONS; i++)
        assert_int_equal(r.stats.by_reason[i], want[i]);
    static const char *const expect[] = {
        "3:23:2:aggregate.fields:the record has 4 fields but the header has 5",
        "21:33:2:aggregate.fields:the record has 6 fields but the header has 5",
        "4:1:2:aggregate.member:the member id is empty",
        "5:6:2:aggregate.unit:unknown unit 'cb-zz': add it to ",
        "6:6:2:aggregate.unit:the unit is empty",
        "7:23:2:aggregate.event:unknown event 'joined': use admitted, confirmed",
        "8:23:2:aggregate.event:the event is empty",
        "9:14:2:aggregate.date:cannot read '02/03/2018' as a date",
        "10:12:2:aggregate.date:'2018-03' is not a day",
        "11:12:2:aggregate.date:the date is empty",
        "12:20:2:aggregate.date:'2018-02-30' is not a day of the calendar",
        "13:29:2:aggregate.rating:unknown rating label 'rất tốt' for members rated in 2018",
        "14:29:2:aggregate.rating:the rating label is empty",
        "15:29:2:aggregate.rating:the rating label 'hoàn thành tốt nhiệm vụ trở lên' covers several levels",
        "16:29:2:aggregate.rating:the rating label 'đủ tư cách' covers several levels",
        "17:35:2:aggregate.discipline:unknown form of discipline 'phê bình'",
        "18:35:2:aggregate.discipline:the form of discipline is empty",
        ("20:1:2:aggregate.duplicate:member 'M017' has the same event 'admitted' on 2018-03-02 with the same "
         "detail at line 19: counted once"),
    };
    for (size_t i = 0; i < ARRAY_LEN(expect); i++) {
        if (!strstr(r.diags, expect[i]))
            print_error("missing diagnostic: %s\nin:\n%s", expect[i], r.diags);
        assert_non_null(strstr(r.diags, expect[i]));
    }
    /* the two rows counted (on 2018-03-02, the latest event: the year runs to it) */
    assert_int_equal(count_of(r.out, "cb-a1", "admitted", "2018-01-01", NULL), 2);
    result_free(&r);

    /* by term, the rating of 2005 falls outside every term of cb-a1 first */
    r = run_simple("rejects.csv", CHISO_AGG_BY_TERM);
    assert_int_equal(r.st, CHISO_OK);
    assert_int_equal(r.stats.by_reason[CHISO_AGG_R_TERM], 1);
    assert_int_equal(r.stats.by_reason[CHISO_AGG_R_RATING], 3);
    assert_non_null(strstr(r.diags, "16:12:2:aggregate.term:the date 2005-12-15 is outside every term"));
    result_free(&r);

    /* the scheme column; only the first few locations of a reason are kept */
    char *dir = chiso_test_mkdtemp();
    char ev[1100];
    write_file(dir, "ev.csv",
               "member,unit,date,event,detail,scheme\n"
               "S1,cb-a1,2018-12-15,rated,hoàn thành tốt nhiệm vụ,member-2077\n"
               "S2,cb-a1,2016-12-15,rated,hoàn thành tốt nhiệm vụ,member-2014\n"
               "S3,cb-a1,2016-12-15,rated,đủ tư cách hoàn thành nhiệm vụ,member-2014\n"
               "S4,cb-a1,2016-12-15,rated,đủ tư cách hoàn thành nhiệm vụ,\n"
               "S5,cb-a1,2010-12-15,rated,HTTNV,\n"
               "S6,cb-zz,2018-01-01,admitted,,\n"
               "S7,cb-zz,2018-01-01,admitted,,\n"
               "S8,cb-zz,2018-01-01,admitted,,\n"
               "S9,cb-zz,2018-01-01,admitted,,\n"
               "S10,cb-zz,2018-01-01,admitted,,\n"
               "S11,cb-zz,2018-01-01,admitted,,\n",
               ev, sizeof ev);
    how h = how_default();
    h.until = "2018-12-31"; /* whole years */
    r = run_count(ev, &h);
    assert_int_equal(r.st, CHISO_OK);
    assert_non_null(strstr(r.diags, "2:51:2:aggregate.rating:unknown rating scheme 'member-2077'"));
    assert_non_null(strstr(r.diags, "4:27:2:aggregate.rating:unknown rating label 'đủ tư cách hoàn thành nhiệm vụ' "
                                    "in scheme member-2014"));
    assert_int_equal(r.stats.by_reason[CHISO_AGG_R_RATING], 2);
    assert_int_equal(r.stats.by_reason[CHISO_AGG_R_UNIT], 6);
    assert_int_equal(count_of(r.out, "cb-a1", "member_rating_count", "2016-12-31", L3), 1);
    /* 'đủ tư cách hoàn thành nhiệm vụ' without a scheme in 2016: found in an older scheme (level 2);
     * an abbreviation of the 2010 labels is read by the crosswalk */
    assert_int_equal(count_of(r.out, "cb-a1", "member_rating_count", "2016-12-31", L2), 1);
    assert_int_equal(count_of(r.out, "cb-a1", "member_rating_count", "2010-12-31",
                              "đủ tư cách hoàn thành tốt nhiệm vụ"),
                     1);
    size_t shown = 0;
    for (const char *p = r.diags; (p = strstr(p, "aggregate.unit")); p++)
        shown++;
    assert_int_equal(shown, 5); /* keep_per_reason */
    result_free(&r);
    chiso_test_rmtree(dir);
    free(dir);
}

static void test_duplicates(void **state)
{
    (void)state;
    result r = run_simple("dups.csv", CHISO_AGG_BY_YEAR);
    assert_int_equal(r.st, CHISO_OK);
    assert_int_equal(r.stats.by_reason[CHISO_AGG_R_DUPLICATE], 4);
    assert_int_equal(r.stats.counted, 8);
    /* in M001's first run: line 3 repeats line 2, line 6 repeats line 4, line 8 repeats line 2 in
     * another unit (the unit is not part of the key) */
    assert_non_null(strstr(r.diags, "3:1:2:aggregate.duplicate:member 'M001' has the same event 'admitted' on "
                                    "2018-03-02 with the same detail at line 2"));
    assert_non_null(strstr(r.diags, "6:1:2:aggregate.duplicate:member 'M001' has the same event 'rated' on "
                                    "2018-12-15 with the same detail at line 4"));
    assert_non_null(strstr(r.diags, "8:1:2:aggregate.duplicate:"));
    assert_non_null(strstr(r.diags, "13:1:2:aggregate.duplicate:member 'M002' has the same event "
                                    "'disciplined' on 2019-06-01 with the same detail at line 11"));
    /* a different label on the same day is not a duplicate */
    assert_int_equal(count_of(r.out, "cb-a1", "member_rating_count", "2018-12-31", L4), 1);
    /* line 10 repeats line 2, but M002's rows stand between them: a new run, not detected (FORMAT.md);
     * so cb-a1 counts M001 (line 2), M002 (line 9) and M001 again (line 10) */
    assert_int_equal(count_of(r.out, "cb-a1", "admitted", "2018", NULL), 3);
    assert_null(strstr(r.diags, "10:1:2:aggregate.duplicate"));
    result_free(&r);

    /* a run longer than the table holds: the first 512 events are checked */
    char *dir = chiso_test_mkdtemp();
    size_t cap = 64 * 1024, n = 0;
    char *text = malloc(cap);
    n += (size_t)snprintf(text + n, cap - n, "member,unit,date,event,detail\n");
    for (int i = 0; i < 600; i++) {
        int y = 1994 + i / 12, m = 1 + i % 12;
        n += (size_t)snprintf(text + n, cap - n, "LONG,cb-a1,%04d-%02d-15,transferred_in,\n", y, m);
    }
    n += (size_t)snprintf(text + n, cap - n, "LONG,cb-a1,1994-01-15,transferred_in,\n"); /* event 1 */
    n += (size_t)snprintf(text + n, cap - n, "LONG,cb-a1,2037-07-15,transferred_in,\n"); /* event 523 */
    chiso_test_write(dir, "long.csv", text);
    free(text);
    char path[1100];
    snprintf(path, sizeof path, "%s/long.csv", dir);
    how h = how_default();
    r = run_count(path, &h);
    assert_int_equal(r.st, CHISO_OK);
    assert_int_equal(r.stats.by_reason[CHISO_AGG_R_DUPLICATE], 1);
    assert_non_null(strstr(r.diags, "602:1:2:aggregate.duplicate:"));
    assert_int_equal(r.stats.dup_unchecked, 600 - 512 + 1);
    assert_non_null(strstr(r.diags, "aggregate.dup_unchecked:89 rows belong to runs of more than 512 events"));
    result_free(&r);
    chiso_test_rmtree(dir);
    free(dir);
}

/* ---- the same result from every reader ----------------------------------------------------------- */

static void assert_same(const result *ref, const result *got, const char *what)
{
    int same = ref->st == got->st && ((!ref->out && !got->out) || (ref->out && got->out && strcmp(ref->out, got->out) == 0)) &&
               strcmp(ref->diags, got->diags) == 0 && ref->stats.records == got->stats.records &&
               ref->stats.counted == got->stats.counted && ref->stats.dup_unchecked == got->stats.dup_unchecked;
    for (int i = 0; i < CHISO_AGG_N_REASONS && same; i++)
        same = ref->stats.by_reason[i] == got->stats.by_reason[i];
    for (int i = 0; i < CHISO_AGG_N_EVENTS && same; i++)
        same = ref->stats.events[i] == got->stats.events[i];
    if (same && ref->st != CHISO_OK)
        same = ref->err.code == got->err.code && ref->err.line == got->err.line && ref->err.col == got->err.col &&
               strcmp(ref->err.msg, got->err.msg) == 0 && strcmp(ref->err.file, got->err.file) == 0;
    if (!same) {
        print_error("%s differs from libcsv\nstatus %d/%d, err '%s:%ld:%ld %s' / '%s:%ld:%ld %s'\ndiags:\n%s---\n%s",
                    what, ref->st, got->st, ref->err.file, ref->err.line, ref->err.col, ref->err.msg, got->err.file,
                    got->err.line, got->err.col, got->err.msg, ref->diags, got->diags);
        if (ref->out && got->out) {
            const char *a = ref->out, *b = got->out;
            while (*a && *a == *b) {
                a++;
                b++;
            }
            print_error("output differs at byte %ld: '%.80s' / '%.80s'\n", (long)(a - ref->out), a, b);
        }
    }
    assert_true(same);
}

static void check_all_ways(const char *path, chiso_aggregate_by by, int thorough)
{
    how h = how_default();
    h.by = by;
    h.parser = CHISO_AGG_PARSER_LIBCSV;
    result ref = run_count(path, &h);
    char what[1300];
    size_t len = 0;
    char *bytes = chiso_test_read_file(path, &len);
    free(bytes);
    /* libcsv pushed in chunks (the reference itself does not depend on chunking) */
    static const size_t lchunks[] = {1, 3, 64};
    for (size_t i = 0; i < ARRAY_LEN(lchunks); i++) {
        how l = h;
        l.feed_chunk = lchunks[i];
        result r = run_count(path, &l);
        snprintf(what, sizeof what, "%s: libcsv fed by %zu", path, lchunks[i]);
        assert_same(&ref, &r, what);
        result_free(&r);
    }
    /* the fast reader: read sizes, and chunks of every size up to 67 */
    static const size_t reads[] = {1, 2, 3, 7, 16, 17, 64, 4096, 1u << 20};
    for (size_t i = 0; i < ARRAY_LEN(reads); i++) {
        how f = h;
        f.parser = CHISO_AGG_PARSER_FAST;
        f.read_size = reads[i];
        result r = run_count(path, &f);
        snprintf(what, sizeof what, "%s: fast, read size %zu", path, reads[i]);
        assert_same(&ref, &r, what);
        result_free(&r);
    }
    for (size_t c = 1; c <= (thorough ? 67u : 9u); c++) {
        how f = h;
        f.parser = CHISO_AGG_PARSER_FAST;
        f.feed_chunk = c;
        result r = run_count(path, &f);
        snprintf(what, sizeof what, "%s: fast, fed by %zu", path, c);
        assert_same(&ref, &r, what);
        result_free(&r);
    }
    /* two threads, the second starting its search at every offset (every 5th when not thorough; about
     * 100 offsets on bigger files) */
    size_t step = len <= 2000 ? (thorough ? 1 : 5) : len / 100;
    for (size_t at = 1; at < len; at += step) {
        how f = h;
        f.parser = CHISO_AGG_PARSER_FAST;
        f.threads = 2;
        f.split_at = at;
        f.read_size = at % 2 ? 5 : 64;
        result r = run_count(path, &f);
        snprintf(what, sizeof what, "%s: two threads split at %zu", path, at);
        assert_same(&ref, &r, what);
        result_free(&r);
    }
    result_free(&ref);
}

static const char *const files[] = {"basic.csv", "quotes.csv", "crlf.csv",   "bom.csv",
                                    "semicolon.csv", "messy.csv", "rejects.csv", "dups.csv"};

static void test_fast_equals_libcsv_year(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(files); i++)
        check_all_ways(data_path(files[i]), CHISO_AGG_BY_YEAR, 1);
}

static void test_fast_equals_libcsv_term(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(files); i++)
        check_all_ways(data_path(files[i]), CHISO_AGG_BY_TERM, 0);
}

/* A bigger export made here: many members, quoted fields and quoted newlines, CRLF on some lines,
 * rejected rows and duplicates here and there. */
static char *synthetic(size_t members, int crlf_all)
{
    static const char *const units[] = {"cb-a1", "cb-a2", "cb-b1", "cb-x", "dbcs-b", "nowhere"};
    static const char *const labels[] = {L4, L3, L2, L1, "rất tốt"};
    static const char *const forms[] = {"khiển trách", "cảnh cáo", "cách chức", "khai trừ"};
    size_t cap = members * 700 + 100, n = 0;
    char *s = malloc(cap);
    uint64_t x = 88172645463325252ULL;
#define RND() (x ^= x << 13, x ^= x >> 7, x ^= x << 17, x)
    n += (size_t)snprintf(s + n, cap - n, "member,unit,date,event,detail%s", crlf_all ? "\r\n" : "\n");
    for (size_t m = 1; m <= members; m++) {
        const char *u = units[RND() % 6];
        int k = 2 + (int)(RND() % 6);
        for (int e = 0; e < k; e++) {
            int y = 2015 + (int)(RND() % 8), mo = 1 + (int)(RND() % 12), d = 1 + (int)(RND() % 28);
            const char *nl = crlf_all || RND() % 7 == 0 ? "\r\n" : "\n";
            switch (RND() % 6) {
            case 0:
                n += (size_t)snprintf(s + n, cap - n, "M%05zu,%s,%04d-%02d-%02d,admitted,%s", m, u, y, mo, d, nl);
                break;
            case 1:
                n += (size_t)snprintf(s + n, cap - n, "\"M%05zu\",%s,%04d-%02d-%02d,transferred_in,\"ghi chú,\n"
                                                      "dòng hai\"%s", m, u, y, mo, d, nl);
                break;
            case 2:
                n += (size_t)snprintf(s + n, cap - n, "M%05zu,%s,%04d-%02d-%02d,disciplined,%s%s", m, u, y, mo, d,
                                      forms[RND() % 4], nl);
                break;
            case 3:
                n += (size_t)snprintf(s + n, cap - n, "M%05zu,%s,%04d-12-%02d,rated,\"%s\"%s", m, u, y, d,
                                      labels[RND() % 5], nl);
                break;
            case 4:
                n += (size_t)snprintf(s + n, cap - n, "M%05zu,%s,%04d-12-15,rated,%s%s", m, u, y, labels[RND() % 4],
                                      nl);
                break;
            default:
                n += (size_t)snprintf(s + n, cap - n, "M%05zu , %s ,%04d-%02d-%02d, died ,%s%s", m, u, y, mo, d,
                                      RND() % 3 ? "" : ",", nl);
                break;
            }
        }
    }
#undef RND
    return s;
}

static void test_fast_equals_libcsv_synthetic(void **state)
{
    (void)state;
    char *dir = chiso_test_mkdtemp();
    for (int crlf = 0; crlf < 2; crlf++) {
        /* 120 members: about 25 KB, every kind of row many times over (size is the benchmark's job) */
        char *text = synthetic(120, crlf);
        chiso_test_write(dir, "syn.csv", text);
        free(text);
        char path[1100];
        snprintf(path, sizeof path, "%s/syn.csv", dir);
        check_all_ways(path, CHISO_AGG_BY_YEAR, 0);
        check_all_ways(path, CHISO_AGG_BY_TERM, 0);
    }
    chiso_test_rmtree(dir);
    free(dir);
}

/* Errors that stop the reading come out the same, at the same place, from every reader. */
static void test_errors_equal(void **state)
{
    (void)state;
    char *dir = chiso_test_mkdtemp();
    static const char *const bad[] = {
        "member,unit,date,event,detail\nM1,cb-a1,2018-01-01,admitted,\nM2,cb-a1,2018-01-01,admitted,bad\xff\n",
        "member,unit,date,event,detail\nM1,cb-a1,2018-01-01,admitted,kh\xec\n",
        "member,unit,date,event,detail\nM1,cb-a1,2018-01-01,admitted,\nM2,cb-a1,2018-01-01,admitted,a\"b\n",
        "member,unit,date,event,detail\nM1,cb-a1,2018-01-01,admitted,\"open\nM2,cb-a1,2018-01-01,admitted,\n",
        "member,unit,date,event,detail\nM1,cb-a1,2018-01-01,admitted,\"x\"y\n",
        "member,unit,date,event\nM1,cb-a1,2018-01-01,admitted\n",
        "member,unit,date,event,detail,Unit\nM1,cb-a1,2018-01-01,admitted,,\n",
        "",
        "\n\n",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        chiso_test_write(dir, "bad.csv", bad[i]);
        char path[1100];
        snprintf(path, sizeof path, "%s/bad.csv", dir);
        how h = how_default();
        h.parser = CHISO_AGG_PARSER_LIBCSV;
        result ref = run_count(path, &h);
        assert_int_not_equal(ref.st, CHISO_OK);
        for (size_t c = 1; c <= 13; c += 3) {
            how f = how_default();
            f.feed_chunk = c;
            result r = run_count(path, &f);
            assert_same(&ref, &r, "an error, fed");
            result_free(&r);
        }
        how f = how_default();
        f.read_size = 4;
        result r = run_count(path, &f);
        assert_same(&ref, &r, "an error, read");
        result_free(&r);
        size_t len = strlen(bad[i]);
        for (size_t at = 1; at < len; at++) {
            how t = how_default();
            t.threads = 2;
            t.split_at = at;
            t.read_size = 3;
            r = run_count(path, &t);
            assert_same(&ref, &r, "an error, two threads");
            result_free(&r);
        }
        result_free(&ref);
    }
    /* what the errors say */
    chiso_test_write(dir, "bad.csv", bad[0]);
    char path[1100];
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    how h = how_default();
    result r = run_count(path, &h);
    assert_int_equal(r.st, CHISO_EENCODING);
    assert_int_equal(r.err.line, 3);
    assert_int_equal(r.err.col, 33);
    assert_non_null(strstr(r.err.msg, "not UTF-8"));
    result_free(&r);
    chiso_test_write(dir, "bad.csv", bad[5]);
    r = run_count(path, &h);
    assert_int_equal(r.st, CHISO_EDATA);
    assert_int_equal(r.err.line, 1);
    assert_non_null(strstr(r.err.msg, "no column 'detail'"));
    result_free(&r);
    chiso_test_write(dir, "bad.csv", bad[6]);
    r = run_count(path, &h);
    assert_int_equal(r.st, CHISO_EDATA);
    assert_int_equal(r.err.col, 31);
    assert_non_null(strstr(r.err.msg, "column 'unit' appears twice"));
    result_free(&r);
    chiso_test_write(dir, "bad.csv", "");
    r = run_count(path, &h);
    assert_int_equal(r.st, CHISO_EDATA);
    assert_non_null(strstr(r.err.msg, "the file is empty"));
    result_free(&r);
    /* a line longer than a record may be */
    size_t big = (1u << 20) + 10;
    char *text = malloc(big + 100);
    strcpy(text, "member,unit,date,event,detail\nM1,cb-a1,2018-01-01,admitted,");
    size_t k = strlen(text);
    memset(text + k, 'x', big);
    strcpy(text + k + big, "\n");
    chiso_test_write(dir, "bad.csv", text);
    free(text);
    how l = how_default();
    l.parser = CHISO_AGG_PARSER_LIBCSV;
    result ref = run_count(path, &l);
    assert_int_equal(ref.st, CHISO_ELIMIT);
    assert_int_equal(ref.err.line, 2);
    r = run_count(path, &h);
    assert_same(&ref, &r, "a long line");
    result_free(&r);
    result_free(&ref);
    chiso_test_rmtree(dir);
    free(dir);
}

/* ---- the output is a dataset --------------------------------------------------------------------- */

static void assert_loads(const result *r, const char *terms_text)
{
    size_t ulen = 0;
    char *units = chiso_test_read_file(data_path("units.csv"), &ulen);
    const char *names[] = {"units.csv", "terms.csv", "observations.csv"};
    const char *data[] = {units, terms_text, r->out};
    size_t sizes[] = {ulen, strlen(terms_text), strlen(r->out)};
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error e;
    assert_int_equal(chiso_dataset_load_mem("agg", 3, names, data, sizes, NULL, d, &ds, &e), CHISO_OK);
    assert_int_equal(chiso_dataset_check(ds, d, &e), CHISO_OK);
    if (chiso_diags_errors(d)) {
        char *t = format_diags(d);
        print_error("%s", t);
        free(t);
    }
    assert_int_equal(chiso_diags_errors(d), 0);
    /* the only warnings: figures of units without terms of their own (chiso check does not use the
     * terms of an ancestor, as aggregate --by term does) */
    for (size_t i = 0; i < chiso_diags_count(d); i++)
        assert_string_equal(chiso_diags_get(d, i)->code, "norm.outside");
    assert_true(chiso_dataset_n_obs(ds) > 0);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    free(units);
}

static void test_output_is_a_dataset(void **state)
{
    (void)state;
    size_t tlen = 0;
    char *terms = chiso_test_read_file(data_path("terms.csv"), &tlen);
    result r = run_simple("basic.csv", CHISO_AGG_BY_YEAR);
    assert_int_equal(r.st, CHISO_OK);
    assert_loads(&r, terms);
    result_free(&r);
    r = run_simple("basic.csv", CHISO_AGG_BY_TERM);
    assert_int_equal(r.st, CHISO_OK);
    assert_loads(&r, terms);
    result_free(&r);
    free(terms);
}

static void test_write_file(void **state)
{
    (void)state;
    char *dir = chiso_test_mkdtemp();
    chiso_diags *d = chiso_diags_new();
    chiso_aggregate *a = NULL;
    chiso_error e;
    assert_int_equal(chiso_aggregate_new(data_path("units.csv"), NULL, "basic.csv", NULL, d, &a, &e), CHISO_OK);
    char path[1100];
    snprintf(path, sizeof path, "%s/obs.csv", dir);
    /* nothing to write before the count */
    assert_int_equal(chiso_aggregate_write_file(a, path, &e), CHISO_EINVAL);
    assert_int_equal(chiso_aggregate_file(a, data_path("basic.csv"), &e), CHISO_OK);
    /* a folder that does not exist: an error, no file */
    char bad[1200];
    snprintf(bad, sizeof bad, "%s/no/such/obs.csv", dir);
    assert_int_equal(chiso_aggregate_write_file(a, bad, &e), CHISO_EIO);
    assert_string_equal(e.file, bad);
    struct stat sb;
    assert_int_not_equal(stat(bad, &sb), 0);
    /* a file whose name is taken by a folder: the temporary is removed */
    char taken[1200];
    snprintf(taken, sizeof taken, "%s/taken", dir);
    assert_int_equal(mkdir(taken, 0755), 0);
    assert_int_equal(chiso_aggregate_write_file(a, taken, &e), CHISO_EIO);
    char tmp[1300];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", taken, (long)getpid());
    assert_int_not_equal(stat(tmp, &sb), 0);
    /* the file equals the string */
    assert_int_equal(chiso_aggregate_write_file(a, path, &e), CHISO_OK);
    char *s = NULL;
    size_t n = 0;
    assert_int_equal(chiso_aggregate_write_string(a, &s, &n, &e), CHISO_OK);
    size_t fn = 0;
    char *f = chiso_test_read_file(path, &fn);
    assert_int_equal(fn, n);
    assert_memory_equal(f, s, n);
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    assert_int_not_equal(stat(tmp, &sb), 0);
    free(f);
    free(s);
    /* a finished count takes no more input */
    assert_int_equal(chiso_aggregate_feed(a, "x", 1, &e), CHISO_EINVAL);
    assert_int_equal(chiso_aggregate_finish(a, &e), CHISO_EINVAL);
    assert_int_equal(chiso_aggregate_file(a, data_path("basic.csv"), &e), CHISO_EINVAL);
    chiso_aggregate_free(a);
    chiso_diags_free(d);
    chiso_test_rmtree(dir);
    free(dir);
}

/* Outputs of many blocks, written on this thread (threads = 1) and by the writing thread (threads = 2,
 * direct I/O where the file system allows it): the file equals the string, and both equal the output
 * made in one block (no cut at all), for the default 1 MiB blocks, small ones and ones of an odd size
 * (not whole pages: direct I/O is turned off at the first). One row is longer than the room left past a
 * block (a unit code of 65 400 bytes). */
static void test_write_file_large(void **state)
{
    (void)state;
    char *dir = chiso_test_mkdtemp();
    size_t nunits = 300, cap = 70000 + nunits * 64;
    char *units = malloc(cap);
    size_t n = (size_t)snprintf(units, cap, "unit,name,parent\nroot,Đảng bộ,\n");
    for (size_t u = 0; u < nunits; u++)
        n += (size_t)snprintf(units + n, cap - n, "cb-%03zu,Chi bộ %zu,root\n", u, u);
    char *longcode = malloc(65401);
    memset(longcode, 'x', 65400);
    longcode[65400] = '\0';
    size_t n_short = n;
    n += (size_t)snprintf(units + n, cap - n, "%s,Chi bộ dài,root\n", longcode);
    size_t ecap = nunits * 12 * 80 + 66000;
    char *ev = malloc(ecap);
    size_t m = (size_t)snprintf(ev, ecap, "member,unit,date,event,detail\n");
    for (size_t u = 0; u < nunits; u++)
        for (int y = 1995; y < 2025; y += 3)
            m += (size_t)snprintf(ev + m, ecap - m, "M%03zu-%d,cb-%03zu,%d-06-01,admitted,\n", u, y, u, y);
    size_t m_short = m;
    m += (size_t)snprintf(ev + m, ecap - m, "L1,%s,2020-12-10,rated,%s\n", longcode, L4);
    static const size_t blocks[] = {0, 65536, 4096 * 3 + 1, 1000};
    for (int with_long = 0; with_long < 2; with_long++) {
        char saved_u = units[n_short], saved_e = ev[m_short];
        if (!with_long) {
            units[n_short] = '\0';
            ev[m_short] = '\0';
        }
        chiso_test_write(dir, "units.csv", units);
        chiso_test_write(dir, "ev.csv", ev);
        units[n_short] = saved_u;
        ev[m_short] = saved_e;
        char up[1100], ep[1100], op[1100];
        snprintf(up, sizeof up, "%s/units.csv", dir);
        snprintf(ep, sizeof ep, "%s/ev.csv", dir);
        snprintf(op, sizeof op, "%s/obs.csv", dir);
        char *whole = NULL; /* written in one block */
        size_t whole_n = 0;
        for (int threads = 1; threads <= 2; threads++) {
            chiso_aggregate_opts o;
            chiso_aggregate_opts_default(&o);
            o.threads = threads;
            chiso_diags *d = chiso_diags_new();
            chiso_aggregate *a = NULL;
            chiso_error e;
            assert_int_equal(chiso_aggregate_new(up, NULL, "ev.csv", &o, d, &a, &e), CHISO_OK);
            assert_int_equal(chiso_aggregate_file(a, ep, &e), CHISO_OK);
            if (!whole) {
                chiso_aggregate_test_block(a, (size_t)64 << 20);
                assert_int_equal(chiso_aggregate_write_string(a, &whole, &whole_n, &e), CHISO_OK);
                assert_true(whole_n > 3 * ((size_t)1 << 20)); /* several default blocks */
                /* 300 units and the root × 28 years (1995–2022, zeros between) × 11 flows; the long
                 * unit's year 2020: 11 flows and 9 rating rows, and the root's 9 rating rows for 2020 */
                chiso_aggregate_stats st;
                chiso_aggregate_get_stats(a, &st);
                assert_int_equal(st.out_rows, (nunits + 1) * 28 * 11 + (with_long ? 11 + 9 + 9 : 0));
                assert_true(!with_long || strstr(whole, longcode));
            }
            for (size_t k = 0; k < ARRAY_LEN(blocks); k++) {
                chiso_aggregate_test_block(a, blocks[k]);
                assert_int_equal(chiso_aggregate_write_file(a, op, &e), CHISO_OK);
                char *s = NULL;
                size_t sn = 0, fn = 0;
                assert_int_equal(chiso_aggregate_write_string(a, &s, &sn, &e), CHISO_OK);
                char *f = chiso_test_read_file(op, &fn);
                assert_int_equal(sn, whole_n);
                assert_memory_equal(s, whole, whole_n);
                assert_int_equal(fn, whole_n);
                assert_memory_equal(f, whole, whole_n);
                free(f);
                free(s);
            }
            chiso_aggregate_free(a);
            chiso_diags_free(d);
        }
        free(whole);
    }
    free(longcode);
    free(units);
    free(ev);
    chiso_test_rmtree(dir);
    free(dir);
}

typedef struct prog_seen {
    int calls, finished;
    uint64_t last_bytes, total;
} prog_seen;

static void on_prog(void *ctx, const chiso_aggregate_progress *p)
{
    prog_seen *s = ctx;
    s->calls++;
    s->finished += p->finished;
    s->last_bytes = p->bytes_done;
    s->total = p->bytes_total;
}

static void test_api(void **state)
{
    (void)state;
    chiso_aggregate_free(NULL);
    chiso_aggregate_opts o;
    chiso_aggregate_opts_default(&o);
    assert_int_equal(o.by, CHISO_AGG_BY_YEAR);
    assert_int_equal(o.parser, CHISO_AGG_PARSER_FAST);
    assert_int_equal(o.keep_per_reason, 5);
    assert_string_equal(chiso_aggregate_reason_code(CHISO_AGG_R_DUPLICATE), "aggregate.duplicate");
    assert_string_equal(chiso_aggregate_reason_text(CHISO_AGG_R_UNIT), "unknown unit");
    assert_null(chiso_aggregate_reason_code(CHISO_AGG_N_REASONS));
    assert_null(chiso_aggregate_reason_text((chiso_aggregate_reason)-1));
    assert_string_equal(chiso_aggregate_event_code(CHISO_AGG_E_TRANSFERRED_OUT), "transferred_out");
    assert_null(chiso_aggregate_event_code(CHISO_AGG_N_EVENTS));
    chiso_diags *d = chiso_diags_new();
    chiso_aggregate *a = (chiso_aggregate *)1;
    chiso_error e;
    assert_int_equal(chiso_aggregate_new(NULL, NULL, "x", NULL, d, &a, &e), CHISO_EINVAL);
    assert_null(a);
    assert_int_equal(chiso_aggregate_new(data_path("units.csv"), NULL, "x", NULL, NULL, &a, &e), CHISO_EINVAL);
    o.by = CHISO_AGG_BY_TERM;
    assert_int_equal(chiso_aggregate_new(data_path("units.csv"), NULL, "x", &o, d, &a, &e), CHISO_EINVAL);
    assert_non_null(strstr(e.msg, "terms"));
    o.by = CHISO_AGG_BY_YEAR;
    o.threads = 3;
    assert_int_equal(chiso_aggregate_new(data_path("units.csv"), NULL, "x", &o, d, &a, &e), CHISO_EINVAL);
    o.threads = 1;
    assert_int_equal(chiso_aggregate_new(data_path("no-such-units.csv"), NULL, "x", &o, d, &a, &e), CHISO_EIO);
    assert_non_null(strstr(e.file, "no-such-units.csv"));
    /* units.csv with an unknown parent: the problem is in diags under its own name */
    char *dir = chiso_test_mkdtemp();
    char units[1100];
    write_file(dir, "u.csv", "unit,name,parent\na,A,\nb,B,zz\n", units, sizeof units);
    assert_int_equal(chiso_aggregate_new(units, NULL, "x", &o, d, &a, &e), CHISO_EDATA);
    assert_true(chiso_diags_errors(d) > 0);
    assert_int_not_equal(chiso_diags_find(d, "unit.parent"), (size_t)-1);
    assert_string_equal(chiso_diags_get(d, chiso_diags_find(d, "unit.parent"))->file, units);
    /* an export that cannot be opened, a folder */
    assert_int_equal(chiso_aggregate_new(data_path("units.csv"), NULL, "x", &o, d, &a, &e), CHISO_OK);
    assert_int_equal(chiso_aggregate_file(a, dir, &e), CHISO_EIO);
    assert_non_null(strstr(e.msg, "not a regular file"));
    chiso_aggregate_free(a);
    /* progress */
    prog_seen ps = {0, 0, 0, 0};
    o.progress = on_prog;
    o.progress_ctx = &ps;
    o.progress_interval = 0;
    o.read_size = 100;
    assert_int_equal(chiso_aggregate_new(data_path("units.csv"), NULL, "x", &o, d, &a, &e), CHISO_OK);
    assert_int_equal(chiso_aggregate_file(a, data_path("basic.csv"), &e), CHISO_OK);
    size_t len = 0;
    free(chiso_test_read_file(data_path("basic.csv"), &len));
    assert_true(ps.calls >= 3);
    assert_int_equal(ps.finished, 1);
    assert_int_equal(ps.total, len);
    assert_int_equal(ps.last_bytes, len);
    chiso_aggregate_stats s;
    chiso_aggregate_get_stats(a, &s);
    assert_int_equal(s.bytes, len);
    assert_int_equal(s.threads_used, 1);
    assert_int_equal(s.fast_records, 17);
    chiso_aggregate_free(a);
    chiso_test_rmtree(dir);
    free(dir);
    chiso_diags_free(d);
}

/* Two threads really split a file that is big enough, and agree with one thread. */
static void test_two_threads(void **state)
{
    (void)state;
    char *dir = chiso_test_mkdtemp();
    char *text = synthetic(3000, 0);
    chiso_test_write(dir, "syn.csv", text);
    free(text);
    char path[1100];
    snprintf(path, sizeof path, "%s/syn.csv", dir);
    how h = how_default();
    result one = run_count(path, &h);
    h.threads = 2;
    h.read_size = 4096;
    result two = run_count(path, &h);
    assert_int_equal(two.stats.threads_used, 2);
    size_t len = 0;
    free(chiso_test_read_file(path, &len));
    assert_int_equal(two.stats.bytes, len);
    assert_int_equal(one.stats.bytes, len);
    assert_same(&one, &two, "two threads");
    h.parser = CHISO_AGG_PARSER_LIBCSV;
    h.threads = 1;
    result ref = run_count(path, &h);
    assert_same(&ref, &two, "two threads against libcsv");
    result_free(&one);
    result_free(&two);
    result_free(&ref);
    chiso_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    chiso_set_lang(CHISO_LANG_EN, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_basic),
        cmocka_unit_test(test_rollup_tree),
        cmocka_unit_test(test_terms),
        cmocka_unit_test(test_until),
        cmocka_unit_test(test_event_and_form_spelling),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_fast_equals_libcsv_year),
        cmocka_unit_test(test_fast_equals_libcsv_term),
        cmocka_unit_test(test_fast_equals_libcsv_synthetic),
        cmocka_unit_test(test_errors_equal),
        cmocka_unit_test(test_output_is_a_dataset),
        cmocka_unit_test(test_write_file),
        cmocka_unit_test(test_write_file_large),
        cmocka_unit_test(test_api),
        cmocka_unit_test(test_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

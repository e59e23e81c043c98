/* cli/cmd_aggregate.c — `chiso aggregate`: a record-level export of member events counted per unit
 * and period into observations of the dataset format (include/chiso/aggregate.h). */
#include "cli/cli.h"
#include "chiso/aggregate.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct progress_state {
    int shown;
} progress_state;

/* One line on the terminal, rewritten in place: rows, MB/s, per cent and ETA. */
static void on_progress(void *ctx, const chiso_aggregate_progress *p)
{
    progress_state *ps = ctx;
    if (p->finished) {
        if (ps->shown)
            fputs("\r\033[K", stderr);
        ps->shown = 0;
        fflush(stderr);
        return;
    }
    double mb = (double)p->bytes_done / 1e6;
    double rate = p->seconds > 0 ? mb / p->seconds : 0;
    char rows[48];
    chiso_format_number((double)p->rows, 0, chiso_get_lang(), rows, sizeof rows);
    fprintf(stderr, "\r\033[K%s %s  %.0f MB/s", rows, _("rows"), rate);
    if (p->bytes_total) {
        double pct = 100.0 * (double)p->bytes_done / (double)p->bytes_total;
        fprintf(stderr, "  %.0f%%", pct);
        if (rate > 0) {
            double eta = ((double)(p->bytes_total - p->bytes_done) / 1e6) / rate;
            fprintf(stderr, "  %s %.0f s", _("ETA"), eta);
        }
    }
    fflush(stderr);
    ps->shown = 1;
}

static int stdout_sink(void *ctx, const char *data, size_t n)
{
    (void)ctx;
    return fwrite(data, 1, n, stdout) != n;
}

static void print_summary(const char *events, const char *out, const chiso_aggregate_stats *s, int until)
{
    chiso_lang lang = chiso_get_lang();
    char a[48], b[48], c[48];
    chiso_format_number((double)s->records, 0, lang, a, sizeof a);
    chiso_format_number((double)s->counted, 0, lang, b, sizeof b);
    chiso_format_number((double)s->rejected, 0, lang, c, sizeof c);
    fprintf(stderr, _("%s: %s rows read, %s counted, %s rejected and not counted"), events, a, b, c);
    fputc('\n', stderr);
    for (int r = 0; r < CHISO_AGG_N_REASONS; r++) {
        if (!s->by_reason[r])
            continue;
        chiso_format_number((double)s->by_reason[r], 0, lang, a, sizeof a);
        fprintf(stderr, "  %-28s %s\n", chiso_aggregate_reason_text((chiso_aggregate_reason)r), a);
    }
    chiso_format_number((double)s->out_rows, 0, lang, a, sizeof a);
    chiso_format_number((double)s->units, 0, lang, b, sizeof b);
    fprintf(stderr, _("observations: %s rows for %s units written to %s"), a, b,
            out && strcmp(out, "-") ? out : _("standard output"));
    fputc('\n', stderr);
    if (s->has_end) {
        char day[16];
        chiso_date_words(s->end_day, day, sizeof day); /* 20/12/2019 in Vietnamese */
        fprintf(stderr, until ? _("the counts run to %s, the day given by --until; the period that holds it "
                                  "ends there")
                              : _("the counts run to %s, the export's latest event; the period that holds it "
                                  "ends there (--until sets the day the export was taken)"),
                day);
        fputc('\n', stderr);
    }
}

int cmd_aggregate(int argc, char **argv)
{
    const char *events = NULL, *units = NULL, *terms = NULL, *out = NULL;
    int quiet = 0;
    chiso_aggregate_opts o;
    chiso_aggregate_opts_default(&o);
    const char *envp = getenv("CHISO_AGGREGATE_PARSER");
    if (envp && *envp) {
        if (strcmp(envp, "libcsv") == 0)
            o.parser = CHISO_AGG_PARSER_LIBCSV;
        else if (strcmp(envp, "fast") == 0)
            o.parser = CHISO_AGG_PARSER_FAST;
        else
            return cli_usage_error("aggregate", _("CHISO_AGGREGATE_PARSER is '%s': use fast or libcsv"), envp);
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return cli_help("aggregate");
        if (cli_opt(a, "--units", &v)) {
            if (!(units = cli_opt_value("aggregate", argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (cli_opt(a, "--terms", &v)) {
            if (!(terms = cli_opt_value("aggregate", argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (cli_opt(a, "--by", &v)) {
            if (!(v = cli_opt_value("aggregate", argc, argv, &i, v)))
                return EXIT_USAGE;
            if (strcmp(v, "year") == 0)
                o.by = CHISO_AGG_BY_YEAR;
            else if (strcmp(v, "term") == 0)
                o.by = CHISO_AGG_BY_TERM;
            else
                return cli_usage_error("aggregate", _("--by takes year or term, not '%s'"), v);
        } else if (strcmp(a, "-o") == 0 || cli_opt(a, "--output", &v)) {
            if (!(out = cli_opt_value("aggregate", argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (cli_opt(a, "--threads", &v)) {
            if (!(v = cli_opt_value("aggregate", argc, argv, &i, v)))
                return EXIT_USAGE;
            if (strcmp(v, "1") == 0)
                o.threads = 1;
            else if (strcmp(v, "2") == 0)
                o.threads = 2;
            else if (strcmp(v, "auto") == 0)
                o.threads = 0;
            else
                return cli_usage_error("aggregate", _("--threads takes 1, 2 or auto, not '%s'"), v);
        } else if (cli_opt(a, "--parser", &v)) {
            if (!(v = cli_opt_value("aggregate", argc, argv, &i, v)))
                return EXIT_USAGE;
            if (strcmp(v, "fast") == 0)
                o.parser = CHISO_AGG_PARSER_FAST;
            else if (strcmp(v, "libcsv") == 0)
                o.parser = CHISO_AGG_PARSER_LIBCSV;
            else
                return cli_usage_error("aggregate", _("--parser takes fast or libcsv, not '%s'"), v);
        } else if (cli_opt(a, "--until", &v)) {
            if (!(v = cli_opt_value("aggregate", argc, argv, &i, v)))
                return EXIT_USAGE;
            chiso_date day;
            chiso_error de;
            chiso_error_clear(&de);
            if (chiso_date_parse(v, 0, &day, &de) != CHISO_OK || day.prec != CHISO_DATE_DAY)
                return cli_usage_error("aggregate", _("--until takes a day YYYY-MM-DD, not '%s'"), v);
            o.has_until = 1;
            o.until_day = day.day;
        } else if (cli_opt(a, "--show", &v)) {
            if (!(v = cli_opt_value("aggregate", argc, argv, &i, v)))
                return EXIT_USAGE;
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || end == v || n < 0 || n > 10000)
                return cli_usage_error("aggregate", _("--show takes a number from 0 to 10000, not '%s'"), v);
            o.keep_per_reason = (size_t)n;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            return cli_unknown_option("aggregate", a);
        } else if (!events) {
            events = a;
        } else {
            return cli_usage_error("aggregate", _("only one export at a time ('%s')"), a);
        }
    }
    if (!events)
        return cli_usage_error("aggregate", "%s", _("give the export to count: chiso aggregate EVENTS.csv --units units.csv"));
    if (!units)
        return cli_usage_error("aggregate", "%s",
                               _("--units units.csv is required: the counts roll up through its unit tree"));
    if (o.by == CHISO_AGG_BY_TERM && !terms)
        return cli_usage_error("aggregate", "%s", _("--by term needs --terms terms.csv"));
    /* the inputs are files: one that is a folder is refused as such when it is read */
    const char *inputs[] = {events, units, terms};
    for (size_t k = 0; k < CHISO_ARRAY_LEN(inputs); k++) {
        struct stat sb;
        if (inputs[k] && stat(inputs[k], &sb) == 0 && S_ISDIR(sb.st_mode))
            inputs[k] = NULL;
    }
    if (cli_check_output(out, inputs, CHISO_ARRAY_LEN(inputs)) != EXIT_OK)
        return EXIT_USAGE;
    progress_state ps = {0};
    if (!quiet && isatty(2)) {
        o.progress = on_progress;
        o.progress_ctx = &ps;
    }
    chiso_diags *d = chiso_diags_new();
    if (!d) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("out of memory"));
        return EXIT_IO;
    }
    chiso_aggregate *agg = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    int rc = EXIT_OK;
    if (chiso_aggregate_new(units, terms, events, &o, d, &agg, &err) != CHISO_OK) {
        cli_print_diags(d, 1);
        rc = cli_fail(&err);
        goto done;
    }
    if (chiso_aggregate_file(agg, events, &err) != CHISO_OK) {
        on_progress(&ps, &(chiso_aggregate_progress){0, 0, 0, 0, 1});
        cli_print_diags(d, 1);
        rc = cli_fail(&err);
        fprintf(stderr, "%s\n", _("nothing was written"));
        goto done;
    }
    chiso_status st;
    if (!out || strcmp(out, "-") == 0)
        st = chiso_aggregate_write(agg, stdout_sink, NULL, &err);
    else
        st = chiso_aggregate_write_file(agg, out, &err);
    if (st != CHISO_OK) {
        cli_print_diags(d, 1);
        rc = cli_fail(&err);
        goto done;
    }
    cli_print_diags(d, 1);
    chiso_aggregate_stats s;
    chiso_aggregate_get_stats(agg, &s);
    print_summary(events, out, &s, o.has_until);
    rc = s.rejected ? EXIT_DATA : EXIT_OK;
done:
    chiso_aggregate_free(agg);
    chiso_diags_free(d);
    return rc;
}

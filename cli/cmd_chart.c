/* cli/cmd_chart.c — `chiso chart`: draw a chart of the dataset into a PNG, SVG or PDF file. */
#include "cli/cli.h"
#include "chiso/plots.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INDICATORS 16

typedef struct chart_args {
    cli_dataset_opts ds;
    chiso_chart_opts co;
    const char *out;
    const char *indicators[MAX_INDICATORS + 1];
    size_t n_ind;
    int has_kind;
} chart_args;

static int parse_int(const char *s, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return 0;
    *out = (int)v;
    return 1;
}

/* Returns -1 after a usage error (printed), 0 to go on, 1 when help was shown. */
static int parse(int argc, char **argv, chart_args *a)
{
    const char *cmd = "chart";
    memset(a, 0, sizeof *a);
    chiso_load_opts_default(&a->ds.load);
    chiso_chart_opts_default(&a->co);
    a->co.lang = chiso_get_lang();
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v = NULL;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            cli_help(cmd);
            return 1;
        }
        int r = cli_dataset_option(cmd, argc, argv, &i, &a->ds);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (cli_opt(arg, "--kind", &v)) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            if (!chiso_chart_kind_parse(v, &a->co.kind)) {
                cli_usage_error(cmd, _("unknown chart kind '%s': use compare, trend, attain, ratings or dashboard"), v);
                return -1;
            }
            a->has_kind = 1;
        } else if (cli_opt(arg, "--unit", &v)) {
            if (!(a->co.unit = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
        } else if (cli_opt(arg, "--indicator", &v)) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            if (a->n_ind >= MAX_INDICATORS) {
                cli_usage_error(cmd, _("at most %d indicators at a time"), MAX_INDICATORS);
                return -1;
            }
            a->indicators[a->n_ind++] = v;
        } else if (cli_opt(arg, "--rating", &v)) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            if (!parse_int(v, 1, 4, &a->co.level)) {
                cli_usage_error(cmd, _("--rating takes a level 1, 2, 3 or 4 (at or above that level), not '%s'"), v);
                return -1;
            }
        } else if (cli_opt(arg, "--per", &v)) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            if (!chiso_chart_per_parse(v, &a->co.per)) {
                cli_usage_error(cmd, _("--per takes term, year or 100members, not '%s'"), v);
                return -1;
            }
        } else if (cli_opt(arg, "--by", &v)) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            if (strcmp(v, "term") == 0)
                a->co.by = CHISO_BY_TERM;
            else if (strcmp(v, "year") == 0)
                a->co.by = CHISO_BY_YEAR;
            else {
                cli_usage_error(cmd, _("--by takes term or year, not '%s'"), v);
                return -1;
            }
        } else if (cli_opt(arg, "--size", &v)) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            char wbuf[32];
            const char *x = strchr(v, 'x');
            if (!x)
                x = strchr(v, 'X');
            size_t wl = x ? (size_t)(x - v) : 0;
            if (!x || wl == 0 || wl >= sizeof wbuf) {
                cli_usage_error(cmd, _("--size takes WIDTHxHEIGHT, for example 1200x750, not '%s'"), v);
                return -1;
            }
            memcpy(wbuf, v, wl);
            wbuf[wl] = '\0';
            if (!parse_int(wbuf, 200, 20000, &a->co.width) || !parse_int(x + 1, 150, 20000, &a->co.height)) {
                cli_usage_error(cmd, _("--size takes WIDTHxHEIGHT between 200x150 and 20000x20000, not '%s'"), v);
                return -1;
            }
        } else if (cli_opt(arg, "--dpi", &v)) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            if (!parse_int(v, 24, 2400, &a->co.dpi)) {
                cli_usage_error(cmd, _("--dpi takes a number from 24 to 2400, not '%s'"), v);
                return -1;
            }
        } else if (cli_opt(arg, "--title", &v)) {
            if (!(a->co.title = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
        } else if (strcmp(arg, "-o") == 0 || cli_opt(arg, "--output", &v)) {
            if (!(a->out = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
        } else if (arg[0] == '-' && arg[1]) {
            cli_unknown_option(cmd, arg);
            return -1;
        } else if (!a->ds.path) {
            a->ds.path = arg;
        } else {
            cli_usage_error(cmd, _("only one dataset folder at a time ('%s')"), arg);
            return -1;
        }
    }
    if (!a->has_kind) {
        cli_usage_error(cmd, "%s", _("give the kind of chart with --kind (compare, trend, attain, ratings, dashboard)"));
        return -1;
    }
    if (!a->out) {
        cli_usage_error(cmd, "%s", _("give the output file with -o FILE (.png, .svg or .pdf)"));
        return -1;
    }
    if (chiso_chart_format_of(a->out) < 0) {
        cli_usage_error(cmd, _("cannot tell the format of '%s': the file name must end in .png, .svg or .pdf"), a->out);
        return -1;
    }
    if (cli_check_output(a->out, &a->ds.path, 1) != EXIT_OK)
        return -1;
    a->indicators[a->n_ind] = NULL;
    a->co.indicators = a->n_ind ? a->indicators : NULL;
    a->co.illustrative = a->ds.load.illustrative;
    a->co.has_as_of = a->ds.has_as_of;
    a->co.as_of = a->ds.as_of.day;
    return 0;
}

int cmd_chart(int argc, char **argv)
{
    chart_args a;
    int p = parse(argc, argv, &a);
    if (p)
        return p < 0 ? EXIT_USAGE : EXIT_OK;
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_normalized *n = NULL;
    chiso_scene *scene = NULL;
    if (!d) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("out of memory"));
        return EXIT_IO;
    }
    int rc = cli_load(&a.ds, d, &ds);
    if (rc != EXIT_OK)
        goto done;
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    no.has_as_of = a.ds.has_as_of;
    no.as_of = a.ds.as_of.day;
    chiso_error err;
    chiso_error_clear(&err);
    if (!chiso_diags_errors(d) && chiso_normalize(ds, &no, d, &n, &err) != CHISO_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (chiso_diags_errors(d)) {
        cli_print_diags(d, 0);
        fprintf(stderr, "%s\n", _("the dataset has errors: 'chiso check' lists them; nothing was written"));
        rc = EXIT_DATA;
        goto done;
    }
    if (a.co.unit && chiso_dataset_find_unit(ds, a.co.unit) < 0) {
        fprintf(stderr, "chiso chart: %s: %s '%s'\n", _("error"), _("the dataset has no unit"), a.co.unit);
        cli_did_you_mean(cli_suggest_unit(ds, a.co.unit));
        fprintf(stderr, "%s\n", _("'chiso list units' shows the units of the dataset"));
        rc = EXIT_USAGE;
        goto done;
    }
    for (size_t i = 0; i < a.n_ind; i++)
        if (chiso_dataset_find_indicator(ds, a.indicators[i]) < 0) {
            fprintf(stderr, "chiso chart: %s: %s '%s'\n", _("error"), _("the dataset has no indicator"), a.indicators[i]);
            cli_did_you_mean(cli_suggest_indicator(ds, a.indicators[i]));
            fprintf(stderr, "%s\n", _("'chiso list indicators' shows the indicators of the dataset"));
            rc = EXIT_USAGE;
            goto done;
        }
    chiso_status st = chiso_chart_build(ds, n, &a.co, &scene, &err);
    if (st == CHISO_OK)
        st = chiso_scene_render(scene, a.out, a.co.width, a.co.height, a.co.dpi, &err);
    if (st != CHISO_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    rc = EXIT_OK;
done:
    chiso_scene_free(scene);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return rc;
}

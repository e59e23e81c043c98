/* cli/cmd_plan.c — `chiso plan`: the next term's likely values and candidate targets. */
#include "cli/cli.h"
#include "chiso/analysis.h"
#include "chiso/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INDICATORS 64

/* The table of a plan in the current language (also used by the report through chiso_plan_text). */
static char *plan_table(const chiso_dataset *ds, const chiso_plan *p)
{
    char *txt = chiso_plan_text(ds, p);
    return txt;
}

int cmd_plan(int argc, char **argv)
{
    const char *cmd = "plan";
    cli_dataset_opts dso;
    memset(&dso, 0, sizeof dso);
    chiso_load_opts_default(&dso.load);
    const char *unit = NULL, *term = NULL, *format = "table", *out = NULL;
    const char *inds[MAX_INDICATORS + 1];
    size_t n_ind = 0;
    int has_start = 0, has_end = 0;
    chiso_date start, end;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return cli_help(cmd);
        int r = cli_dataset_option(cmd, argc, argv, &i, &dso);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        if (cli_opt(a, "--unit", &v)) {
            if (!(unit = cli_opt_value(cmd, argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (cli_opt(a, "--term", &v)) {
            if (!(term = cli_opt_value(cmd, argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (cli_opt(a, "--start", &v) || cli_opt(a, "--end", &v)) {
            int is_start = strncmp(a, "--start", 7) == 0;
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return EXIT_USAGE;
            chiso_error e;
            if (chiso_date_parse(v, !is_start, is_start ? &start : &end, &e) != CHISO_OK)
                return cli_usage_error(cmd, "%s: %s", is_start ? "--start" : "--end", e.msg);
            *(is_start ? &has_start : &has_end) = 1;
        } else if (cli_opt(a, "--indicator", &v)) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return EXIT_USAGE;
            if (n_ind >= MAX_INDICATORS)
                return cli_usage_error(cmd, _("at most %d indicators at a time"), MAX_INDICATORS);
            inds[n_ind++] = v;
        } else if (cli_opt(a, "--format", &v)) {
            if (!(format = cli_opt_value(cmd, argc, argv, &i, v)))
                return EXIT_USAGE;
            if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
                return cli_usage_error(cmd, _("unknown format '%s': use table, csv or json"), format);
        } else if (strcmp(a, "-o") == 0 || cli_opt(a, "--output", &v)) {
            if (!(out = cli_opt_value(cmd, argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            return cli_unknown_option(cmd, a);
        } else if (!dso.path) {
            dso.path = a;
        } else {
            return cli_usage_error(cmd, _("only one dataset folder at a time ('%s')"), a);
        }
    }
    inds[n_ind] = NULL;
    if (cli_check_output(out, &dso.path, 1) != EXIT_OK)
        return EXIT_USAGE;
    if (!unit)
        return cli_usage_error(cmd, "%s", _("give the unit to plan for with --unit"));
    if (has_start != has_end)
        return cli_usage_error(cmd, "%s", _("give both --start and --end, or neither"));
    if (has_start && term)
        return cli_usage_error(cmd, "%s", _("give either --term or --start and --end, not both"));
    if (has_start && end.day < start.day)
        return cli_usage_error(cmd, "%s", _("--end is before --start"));

    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_normalized *n = NULL;
    chiso_plan *p = NULL;
    char *text = NULL;
    int rc;
    if (!d) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("out of memory"));
        return EXIT_IO;
    }
    if ((rc = cli_load(&dso, d, &ds)) != EXIT_OK)
        goto done;
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    no.has_as_of = dso.has_as_of;
    no.as_of = dso.as_of.day;
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
    if (chiso_dataset_find_unit(ds, unit) < 0) {
        fprintf(stderr, "chiso plan: %s: %s '%s'\n", _("error"), _("the dataset has no unit"), unit);
        cli_did_you_mean(cli_suggest_unit(ds, unit));
        fprintf(stderr, "%s\n", _("'chiso list units' shows the units of the dataset"));
        rc = EXIT_USAGE;
        goto done;
    }
    for (size_t i = 0; i < n_ind; i++)
        if (chiso_dataset_find_indicator(ds, inds[i]) < 0) {
            fprintf(stderr, "chiso plan: %s: %s '%s'\n", _("error"), _("the dataset has no indicator"), inds[i]);
            cli_did_you_mean(cli_suggest_indicator(ds, inds[i]));
            fprintf(stderr, "%s\n", _("'chiso list indicators' shows the indicators of the dataset"));
            rc = EXIT_USAGE;
            goto done;
        }
    chiso_plan_opts po;
    chiso_plan_opts_default(&po);
    po.unit = unit;
    po.indicators = n_ind ? inds : NULL;
    po.term = term;
    po.has_span = has_start;
    po.start = has_start ? start.day : 0;
    po.end = has_start ? end.day : 0;
    if (chiso_analysis_plan(ds, n, &po, &p, &err) != CHISO_OK) {
        rc = err.code == CHISO_ENOTFOUND || err.code == CHISO_EINVAL
                 ? (fprintf(stderr, "chiso plan: %s: %s\n", _("error"), err.msg), EXIT_USAGE)
                 : cli_fail(&err);
        goto done;
    }
    text = strcmp(format, "json") == 0 ? chiso_plan_to_json(p) : strcmp(format, "csv") == 0 ? chiso_plan_to_csv(p)
                                                                                             : plan_table(ds, p);
    rc = text ? cli_write_output(out, text) : EXIT_IO;
done:
    free(text);
    chiso_plan_free(p);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return rc;
}

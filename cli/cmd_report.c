/* cli/cmd_report.c — `chiso report`: the main job. */
#include "cli/cli.h"
#include "chiso/report.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_file(void *ctx, const char *path)
{
    (void)ctx;
    printf("%s\n", path);
}

static void on_progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    fprintf(stderr, "\r%s %zu/%zu", _("making the report"), done, total);
    if (done >= total)
        fprintf(stderr, "\r%*s\r", 40, "");
    fflush(stderr);
}

int cmd_report(int argc, char **argv)
{
    cli_dataset_opts o;
    memset(&o, 0, sizeof o);
    chiso_load_opts_default(&o.load);
    o.load.illustrative = 1;
    chiso_report_opts ro;
    chiso_report_opts_default(&ro);
    const char *out = "chiso-report";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int code, r = cli_common_option("report", argc, argv, &i, &o, &out, &code);
        if (r < 0)
            return code;
        if (r > 0)
            continue;
        if (cli_opt(a, "--format", &v)) {
            if (!(ro.formats = cli_opt_value("report", argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (strcmp(a, "--force") == 0) {
            ro.force = 1;
        } else if (cli_opt(a, "--unit", &v)) {
            if (!(ro.units = cli_opt_value("report", argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (cli_opt(a, "--depth", &v)) {
            if (!(v = cli_opt_value("report", argc, argv, &i, v)))
                return EXIT_USAGE;
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || end == v || n < -1 || n > 1000)
                return cli_usage_error("report", _("--depth takes a number of levels from 0 to 1000, or -1 "
                                                   "for all, not '%s'"),
                                       v);
            ro.depth = (int)n;
        } else if (a[0] == '-' && a[1]) {
            return cli_unknown_option("report", a);
        } else if (!o.path) {
            o.path = a;
        } else {
            return cli_usage_error("report", _("only one dataset folder at a time ('%s')"), a);
        }
    }
    if (cli_check_output(out, &o.path, 1) != EXIT_OK)
        return EXIT_USAGE;
    ro.has_as_of = o.has_as_of;
    ro.as_of = o.as_of.day;
    ro.on_file = on_file;
    if (isatty(STDERR_FILENO))
        ro.on_progress = on_progress;
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    if (!d) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("out of memory"));
        return EXIT_IO;
    }
    int rc = cli_load(&o, d, &ds);
    if (rc == EXIT_OK && chiso_diags_errors(d)) {
        cli_print_diags(d, 0);
        fprintf(stderr, "%s\n", _("the dataset has errors: 'chiso check' lists them; no report was written"));
        rc = EXIT_DATA;
    }
    /* every unit of --unit, with a suggestion for one mistyped */
    if (rc == EXIT_OK && ro.units) {
        char *list = chiso_strdup(ro.units), *save = NULL;
        for (char *tok = list ? strtok_r(list, ", ", &save) : NULL; tok && rc == EXIT_OK; tok = strtok_r(NULL, ", ", &save))
            if (chiso_dataset_find_unit(ds, tok) < 0) {
                fprintf(stderr, "chiso report: %s: ", _("error"));
                fprintf(stderr, _("unknown unit '%s': the report is about units of units.csv"), tok);
                fputc('\n', stderr);
                cli_did_you_mean(cli_suggest_unit(ds, tok));
                fprintf(stderr, "%s\n", _("'chiso list units' shows the units of the dataset"));
                rc = EXIT_USAGE;
            }
        free(list);
    }
    if (rc == EXIT_OK) {
        chiso_error err;
        chiso_error_clear(&err);
        if (chiso_report_write(ds, &ro, out, &err) != CHISO_OK)
            rc = cli_fail(&err);
        else
            printf("%s %s\n", _("report written to"), out);
    }
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return rc;
}

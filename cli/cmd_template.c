/* cli/cmd_template.c — `chiso template`: the Excel workbook office staff type a dataset in. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli/cli.h"
#include "chiso/report.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Does the output name one of the inputs (the workbook read, or a file of the folder read)? */
static int output_is_input(const char *out, const char *dataset)
{
    char ro[PATH_MAX], rd[PATH_MAX];
    if (!dataset || !realpath(out, ro) || !realpath(dataset, rd))
        return 0;
    if (strcmp(ro, rd) == 0)
        return 1;
    size_t n = strlen(rd);
    return strncmp(ro, rd, n) == 0 && ro[n] == '/';
}

int cmd_template(int argc, char **argv)
{
    cli_dataset_opts o;
    memset(&o, 0, sizeof o);
    chiso_load_opts_default(&o.load);
    o.load.illustrative = 1;
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return cli_help("template");
        int r = cli_dataset_option("template", argc, argv, &i, &o);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(a, "-o") == 0 || cli_opt(a, "--output", &v)) {
            if (!(out = cli_opt_value("template", argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("template", _("unknown option '%s'"), a);
        } else if (!o.path) {
            o.path = a;
        } else {
            return cli_usage_error("template", _("only one dataset folder at a time ('%s')"), a);
        }
    }
    if (!out)
        return cli_usage_error("template", "%s", _("give the workbook to write with -o, for example -o so-lieu.xlsx"));
    if (output_is_input(out, o.path))
        return cli_usage_error("template", _("the output '%s' is the dataset read, or inside it: give another name"), out);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    if (!d) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("out of memory"));
        return EXIT_IO;
    }
    int rc;
    if (o.path) {
        rc = cli_load(&o, d, &ds);
    } else {
        /* a blank workbook: only the built-in indicators and rating labels fill its lists */
        chiso_error err;
        chiso_error_clear(&err);
        rc = chiso_dataset_load_mem("", 0, NULL, NULL, NULL, &o.load, d, &ds, &err) == CHISO_OK ? EXIT_OK
                                                                                            : cli_fail(&err);
        chiso_diags_free(d);
        d = chiso_diags_new();
    }
    if (rc == EXIT_OK && o.path && chiso_diags_errors(d))
        fprintf(stderr, _("%s: the dataset has %zu errors; the workbook holds it as it is, so that they can be "
                          "corrected in it ('chiso check' lists them)"),
                o.path, chiso_diags_errors(d));
    if (rc == EXIT_OK && o.path && chiso_diags_errors(d))
        fprintf(stderr, "\n");
    if (rc == EXIT_OK) {
        chiso_error err;
        chiso_error_clear(&err);
        if (chiso_template_write(out, o.path, o.path != NULL, o.load.encoding, ds, &err) != CHISO_OK)
            rc = cli_fail(&err);
        else
            printf("%s %s\n", _("workbook written to"), out);
    }
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return rc;
}

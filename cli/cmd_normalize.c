/* cli/cmd_normalize.c — `chiso normalize`: one comparable row per unit, term and indicator. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_normalize(int argc, char **argv)
{
    cli_dataset_opts o;
    memset(&o, 0, sizeof o);
    chiso_load_opts_default(&o.load);
    const char *format = "csv", *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int code, r = cli_common_option("normalize", argc, argv, &i, &o, &out, &code);
        if (r < 0)
            return code;
        if (r > 0)
            continue;
        if (cli_opt(a, "--format", &v)) {
            if (!(format = cli_opt_value("normalize", argc, argv, &i, v)))
                return EXIT_USAGE;
            if (strcmp(format, "csv") && strcmp(format, "json"))
                return cli_usage_error("normalize", _("unknown format '%s': use csv or json"), format);
        } else if (a[0] == '-' && a[1]) {
            return cli_unknown_option("normalize", a);
        } else if (!o.path) {
            o.path = a;
        } else {
            return cli_usage_error("normalize", _("only one dataset folder at a time ('%s')"), a);
        }
    }
    if (cli_check_output(out, &o.path, 1) != EXIT_OK)
        return EXIT_USAGE;
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_normalized *n = NULL;
    char *text = NULL;
    if (!d) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("out of memory"));
        return EXIT_IO;
    }
    int rc = cli_load(&o, d, &ds);
    if (rc != EXIT_OK)
        goto done;
    if (chiso_diags_errors(d)) {
        cli_print_diags(d, 0);
        fprintf(stderr, "%s\n", _("the dataset has errors: 'chiso check' lists them; nothing was written"));
        rc = EXIT_DATA;
        goto done;
    }
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    no.has_as_of = o.has_as_of;
    no.as_of = o.as_of.day;
    chiso_error err;
    chiso_error_clear(&err);
    if (chiso_normalize(ds, &no, d, &n, &err) != CHISO_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (chiso_diags_errors(d)) {
        cli_print_diags(d, 0);
        fprintf(stderr, "%s\n", _("the dataset has errors: 'chiso check' lists them; nothing was written"));
        rc = EXIT_DATA;
        goto done;
    }
    text = strcmp(format, "json") == 0 ? chiso_normalized_to_json(n, ds) : chiso_normalized_to_csv(n, ds);
    if (!text) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("out of memory"));
        rc = EXIT_IO;
        goto done;
    }
    rc = cli_write_output(out, text);
done:
    free(text);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return rc;
}

/* cli/cmd_check.c — `chiso check`: every problem of a dataset, with its place. */
#include "cli/cli.h"

#include <string.h>

int cmd_check(int argc, char **argv)
{
    cli_dataset_opts o;
    memset(&o, 0, sizeof o);
    chiso_load_opts_default(&o.load);
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int code, r = cli_common_option("check", argc, argv, &i, &o, NULL, &code);
        if (r < 0)
            return code;
        if (r > 0)
            continue;
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            return cli_unknown_option("check", a);
        } else if (!o.path) {
            o.path = a;
        } else {
            return cli_usage_error("check", _("only one dataset folder can be checked at a time ('%s')"), a);
        }
    }
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    if (!d) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("out of memory"));
        return EXIT_IO;
    }
    int rc = cli_load(&o, d, &ds);
    if (rc == EXIT_OK) {
        chiso_error err;
        chiso_error_clear(&err);
        if (chiso_dataset_check(ds, d, &err) != CHISO_OK)
            rc = cli_fail(&err);
    }
    if (rc == EXIT_OK) {
        size_t errors = cli_print_diags(d, !quiet);
        fprintf(stderr, _("%s: %zu figures, %zu targets, %zu errors, %zu warnings"),
                chiso_dataset_dir(ds), chiso_dataset_n_obs(ds), chiso_dataset_n_targets(ds), errors,
                chiso_diags_warnings(d));
        fprintf(stderr, "\n");
        if (errors)
            rc = EXIT_DATA;
    }
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return rc;
}

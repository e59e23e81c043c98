/* cli/cmd_serve.c — `chiso serve`: the web page (serve/) started from the command. */
#include "cli/cli.h"
#include "serve/serve.h"

#include <string.h>

int cmd_serve(int argc, char **argv)
{
    const char *cmd = "serve";
    serve_opts o;
    memset(&o, 0, sizeof o);
    o.lang = chiso_get_lang();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return cli_help(cmd);
        if (cli_opt(a, "--listen", &v)) {
            if (!(o.listen = cli_opt_value(cmd, argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (cli_opt(a, "--data", &v)) {
            if (!(o.data_dir = cli_opt_value(cmd, argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (cli_opt(a, "--auth", &v)) {
            if (!(o.auth_file = cli_opt_value(cmd, argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (a[0] == '-') {
            return cli_unknown_option(cmd, a);
        } else {
            return cli_usage_error(cmd, _("unexpected argument '%s'"), a);
        }
    }
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = serve_run(&o, &err);
    if (st != CHISO_OK)
        return st == CHISO_EINVAL ? (cli_fail(&err), EXIT_USAGE) : cli_fail(&err);
    return EXIT_OK;
}

/* cli/common.c — option parsing, loading, diagnostics and output shared by the subcommands. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "chiso %s: %s: ", cmd, _("error"));
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    fprintf(stderr, _("'chiso %s --help' shows the options"), cmd);
    fprintf(stderr, "\n");
    return EXIT_USAGE;
}

int cli_exit_for(chiso_status st)
{
    switch (st) {
    case CHISO_OK: return EXIT_OK;
    case CHISO_EINVAL: return EXIT_USAGE;
    case CHISO_EDATA:
    case CHISO_ELIMIT: /* a field, record or expression beyond a limit: the data's fault */
    case CHISO_EPARSE:
    case CHISO_EENCODING:
    case CHISO_EDOMAIN:
    case CHISO_ENOTFOUND: return EXIT_DATA;
    default: return EXIT_IO;
    }
}

int cli_fail(const chiso_error *err)
{
    char buf[2048];
    chiso_error_format(err, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
    return cli_exit_for(err->code);
}

size_t cli_print_diags(chiso_diags *d, int show_warnings)
{
    chiso_diags_sort(d);
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        if (g->severity == CHISO_WARNING && !show_warnings)
            continue;
        const char *sev = g->severity == CHISO_ERROR ? _("error") : g->severity == CHISO_WARNING ? _("warning") : _("note");
        char place[1024];
        if (g->file && g->file[0])
            fprintf(stderr, "%s: %s: %s\n", chiso_place_format(g->file, g->line, g->col, place, sizeof place),
                    sev, g->msg);
        else
            fprintf(stderr, "chiso: %s: %s\n", sev, g->msg);
    }
    if (chiso_diags_dropped(d))
        fprintf(stderr, "chiso: %s: %zu %s\n", _("note"), chiso_diags_dropped(d), _("more problems were counted but not shown"));
    return chiso_diags_errors(d);
}

int cli_load(const cli_dataset_opts *o, chiso_diags *diags, chiso_dataset **ds)
{
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = o->path ? chiso_dataset_open(o->path, &o->load, diags, ds, &err)
                              : chiso_dataset_load_default(&o->load, diags, ds, &err);
    if (st != CHISO_OK)
        return cli_fail(&err);
    return EXIT_OK;
}

int cli_opt(const char *arg, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '\0') {
        *value = NULL;
        return 1;
    }
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    return 0;
}

const char *cli_opt_value(const char *cmd, int argc, char **argv, int *i, const char *inline_value)
{
    if (inline_value)
        return inline_value;
    if (*i + 1 >= argc) {
        cli_usage_error(cmd, _("option '%s' needs a value"), argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

static int parse_fraction(const char *cmd, const char *opt, const char *v, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (*end || !(x >= 0 && x < 1)) {
        cli_usage_error(cmd, _("%s takes a fraction between 0 and 1 (for example 0.10), not '%s'"), opt, v);
        return -1;
    }
    *out = x;
    return 1;
}

int cli_dataset_option(const char *cmd, int argc, char **argv, int *i, cli_dataset_opts *o)
{
    const char *v = NULL;
    const char *a = argv[*i];
    if (cli_opt(a, "--encoding", &v)) {
        if (!(v = cli_opt_value(cmd, argc, argv, i, v)))
            return -1;
        if (chiso_utf8_casecmp(v, "utf-8") && chiso_utf8_casecmp(v, "utf8") && chiso_utf8_casecmp(v, "cp1258") &&
            chiso_utf8_casecmp(v, "windows-1258") && chiso_utf8_casecmp(v, "tcvn") && chiso_utf8_casecmp(v, "tcvn3")) {
            cli_usage_error(cmd, _("unknown encoding '%s': use utf-8, cp1258 or tcvn"), v);
            return -1;
        }
        o->load.encoding = v;
        return 1;
    }
    if (cli_opt(a, "--near", &v)) {
        if (!(v = cli_opt_value(cmd, argc, argv, i, v)))
            return -1;
        return parse_fraction(cmd, "--near", v, &o->load.values.near);
    }
    if (cli_opt(a, "--about", &v)) {
        if (!(v = cli_opt_value(cmd, argc, argv, i, v)))
            return -1;
        return parse_fraction(cmd, "--about", v, &o->load.values.about);
    }
    if (cli_opt(a, "--as-of", &v)) {
        if (!(v = cli_opt_value(cmd, argc, argv, i, v)))
            return -1;
        chiso_error e;
        if (chiso_date_parse(v, 1, &o->as_of, &e) != CHISO_OK) {
            cli_usage_error(cmd, "--as-of: %s", e.msg);
            return -1;
        }
        o->has_as_of = 1;
        return 1;
    }
    if (strcmp(a, "--illustrative") == 0) {
        o->load.illustrative = 1;
        return 1;
    }
    return 0;
}

int cli_common_option(const char *cmd, int argc, char **argv, int *i, cli_dataset_opts *o, const char **out,
                      int *code)
{
    const char *a = argv[*i], *v = NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        *code = cli_help(cmd);
        return -1;
    }
    int r = cli_dataset_option(cmd, argc, argv, i, o);
    if (r != 0) {
        *code = EXIT_USAGE;
        return r;
    }
    if (out && (strcmp(a, "-o") == 0 || cli_opt(a, "--output", &v))) {
        if (!(*out = cli_opt_value(cmd, argc, argv, i, v))) {
            *code = EXIT_USAGE;
            return -1;
        }
        return 1;
    }
    return 0;
}

int cli_write_output(const char *path, const char *text)
{
    if (!path || strcmp(path, "-") == 0) {
        fputs(text, stdout);
        return EXIT_OK;
    }
    chiso_error err;
    chiso_error_clear(&err);
    if (chiso_write_file_atomic(path, text, strlen(text), &err) != CHISO_OK)
        return cli_fail(&err);
    return EXIT_OK;
}

int cli_check_output(const char *out, const char *const *inputs, size_t n)
{
    chiso_error err;
    chiso_error_clear(&err);
    if (chiso_output_guard(out, inputs, n, &err) != CHISO_OK)
        return cli_fail(&err);
    return EXIT_OK;
}

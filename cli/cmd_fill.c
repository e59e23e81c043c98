/* cli/cmd_fill.c — `chiso fill TEMPLATE -o OUT [DATASET]`: a committee's own draft with its figures
 * filled in (docs/fill.md). */
#include "cli/cli.h"
#include "chiso/report.h"

#include <stdlib.h>
#include <string.h>

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && chiso_utf8_casecmp(s + n - k, suffix) == 0;
}

int cmd_fill(int argc, char **argv)
{
    cli_dataset_opts o;
    memset(&o, 0, sizeof o);
    chiso_load_opts_default(&o.load);
    chiso_fill_opts fo;
    chiso_fill_opts_default(&fo);
    const char *tpl = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int code, r = cli_common_option("fill", argc, argv, &i, &o, &out, &code);
        if (r < 0)
            return code;
        if (r > 0)
            continue;
        if (cli_opt(a, "--unit", &v)) {
            if (!(fo.unit = cli_opt_value("fill", argc, argv, &i, v)))
                return EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("fill", _("unknown option '%s'"), a);
        } else if (!tpl) {
            tpl = a;
        } else if (!o.path) {
            o.path = a;
        } else {
            return cli_usage_error("fill", _("one template and one dataset folder at most ('%s')"), a);
        }
    }
    if (!tpl)
        return cli_usage_error("fill", "%s", _("name the template to fill: chiso fill TEMPLATE -o OUT [DATASET]"));
    if (!out)
        return cli_usage_error("fill", "%s", _("name the filled document with -o OUT (the template is never changed)"));
    if (ends_with(tpl, ".docx") != ends_with(out, ".docx"))
        return cli_usage_error("fill", _("the template '%s' and the output '%s' should be of the same kind (.docx "
                                         "or Markdown)"),
                               tpl, out);
    const char *inputs[] = {tpl, o.path};
    if (cli_check_output(out, inputs, o.path ? 2 : 1) != EXIT_OK)
        return EXIT_USAGE;
    fo.has_as_of = o.has_as_of;
    fo.as_of = o.as_of.day;
    fo.illustrative = o.load.illustrative;
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    if (!d) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("out of memory"));
        return EXIT_IO;
    }
    int rc = cli_load(&o, d, &ds);
    if (rc == EXIT_OK && chiso_diags_errors(d)) {
        cli_print_diags(d, 0);
        fprintf(stderr, "%s\n", _("the dataset has errors: 'chiso check' lists them; nothing was written"));
        rc = EXIT_DATA;
    }
    chiso_filler *f = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    if (rc == EXIT_OK && chiso_filler_new(ds, &fo, &f, &err) != CHISO_OK)
        rc = cli_fail(&err);
    if (rc == EXIT_OK) {
        chiso_diags *bad = chiso_diags_new();
        chiso_status st = chiso_fill_file(f, tpl, out, bad, &err);
        if (st == CHISO_OK) {
            printf("%s %s\n", _("filled document written to"), out);
        } else if (st == CHISO_ENOTFOUND && bad && chiso_diags_count(bad)) {
            cli_print_diags(bad, 1);
            fprintf(stderr, _("%zu placeholder(s) cannot be filled (docs/fill.md lists the names); nothing was "
                              "written\n"),
                    chiso_diags_errors(bad));
            rc = EXIT_DATA;
        } else {
            rc = cli_fail(&err);
        }
        chiso_diags_free(bad);
    }
    chiso_filler_free(f);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return rc;
}

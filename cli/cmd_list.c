/* cli/cmd_list.c — `chiso list`: the codes and names a dataset has, so that a user need not guess
 * "admitted" or "level 3". */
#include "cli/cli.h"
#include "chiso/report.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const what_names[] = {"units", "terms", "indicators", "ratings"};

/* Print table t with a title line; frees t. Returns 0, or -1 when out of memory. */
static int show(const char *title, chiso_table *t)
{
    char *txt = t ? chiso_table_to_text(t, 60) : NULL;
    chiso_table_free(t);
    if (!txt)
        return -1;
    printf("%s\n%s\n", title, txt);
    free(txt);
    return 0;
}

static int list_units(const chiso_dataset *ds)
{
    const char *hdr[] = {_("code"), _("name"), _("above it")};
    chiso_table *t = chiso_table_new(3, hdr);
    for (size_t i = 0; t && i < chiso_dataset_n_units(ds); i++) {
        chiso_unit_info U, P;
        chiso_dataset_unit(ds, i, &U);
        if (U.parent >= 0)
            chiso_dataset_unit(ds, (size_t)U.parent, &P);
        const char *cells[] = {U.code, U.name, U.parent >= 0 ? P.code : ""};
        chiso_table_add_row(t, cells);
    }
    return show(_("Units (--unit CODE):"), t);
}

/* A date as written: a year, a month or a day. */
static void date_text(chiso_date d, char *buf, size_t size)
{
    if (d.prec == CHISO_DATE_YEAR)
        snprintf(buf, size, "%d", d.year);
    else if (d.prec == CHISO_DATE_MONTH)
        snprintf(buf, size, "%d-%02d", d.year, d.month);
    else
        chiso_date_format(d.day, buf, size);
}

static int list_terms(const chiso_dataset *ds)
{
    chiso_lang lang = chiso_get_lang();
    const char *hdr[] = {_("unit"), _("code"), _("name"), _("from"), _("to"), _("years")};
    chiso_table *t = chiso_table_new(6, hdr);
    for (size_t i = 0; t && i < chiso_dataset_n_terms(ds); i++) {
        chiso_term_info T;
        chiso_dataset_term(ds, i, &T);
        char a[16], b[16], y[32];
        date_text(T.start, a, sizeof a);
        date_text(T.end, b, sizeof b);
        chiso_format_number(T.years, 1, lang, y, sizeof y);
        const char *cells[] = {T.unit, T.code, strcmp(T.label, T.code) ? T.label : "", a, b, y};
        chiso_table_add_row(t, cells);
    }
    chiso_table_set_align(t, 5, CHISO_ALIGN_RIGHT);
    return show(_("Terms (--term CODE):"), t);
}

static int list_indicators(const chiso_dataset *ds, int all)
{
    size_t ni = chiso_dataset_n_indicators(ds), no = chiso_dataset_n_obs(ds), nt = chiso_dataset_n_targets(ds);
    size_t *figs = calloc(ni ? ni : 1, sizeof *figs), *tgts = calloc(ni ? ni : 1, sizeof *tgts);
    if (!figs || !tgts) {
        free(figs);
        free(tgts);
        return -1;
    }
    for (size_t i = 0; i < no; i++) {
        chiso_obs_info o;
        chiso_dataset_obs(ds, i, &o);
        if (o.indicator_index >= 0 && (size_t)o.indicator_index < ni)
            figs[o.indicator_index]++;
    }
    for (size_t i = 0; i < nt; i++) {
        chiso_target_info T;
        chiso_dataset_target(ds, i, &T);
        if (T.indicator_index >= 0 && (size_t)T.indicator_index < ni)
            tgts[T.indicator_index]++;
    }
    const char *hdr[] = {_("code"), _("name"), _("figures"), _("targets")};
    chiso_table *t = chiso_table_new(4, hdr);
    size_t hidden = 0;
    for (size_t i = 0; t && i < ni; i++) {
        if (!all && !figs[i] && !tgts[i]) {
            hidden++;
            continue;
        }
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, i, &I);
        char f[32], g[32];
        snprintf(f, sizeof f, "%zu", figs[i]);
        snprintf(g, sizeof g, "%zu", tgts[i]);
        const char *cells[] = {I.code, chiso_indicator_name(&I, chiso_get_lang()), f, g};
        chiso_table_add_row(t, cells);
    }
    chiso_table_set_align(t, 2, CHISO_ALIGN_RIGHT);
    chiso_table_set_align(t, 3, CHISO_ALIGN_RIGHT);
    free(figs);
    free(tgts);
    int r = show(_("Indicators (--indicator CODE):"), t);
    if (r == 0 && hidden) {
        printf(_("%zu more indicators of the registry have no figure in this dataset: 'chiso list indicators --all' "
                 "shows them too"),
               hidden);
        printf("\n\n");
    }
    return r;
}

static int list_ratings(const chiso_dataset *ds)
{
    const char *hdr[] = {_("scheme"), _("for"), _("years"), _("level"), _("label")};
    chiso_table *t = chiso_table_new(5, hdr);
    for (size_t i = 0; t && i < chiso_dataset_n_ratings(ds); i++) {
        chiso_rating_info R;
        chiso_dataset_rating(ds, i, &R);
        char years[32], level[32];
        if (R.to >= 9999)
            snprintf(years, sizeof years, "%d–", R.from);
        else
            snprintf(years, sizeof years, "%d–%d", R.from, R.to);
        snprintf(level, sizeof level, "%d%s", R.level, R.at_or_above ? "+" : "");
        const char *cells[] = {R.scheme, R.member ? _("members") : _("organisations"), years, level, R.label};
        chiso_table_add_row(t, cells);
    }
    chiso_table_set_align(t, 3, CHISO_ALIGN_RIGHT);
    int r = show(_("Rating levels (--rating LEVEL: 4 is the highest; '+' means that level or better):"), t);
    return r;
}

int cmd_list(int argc, char **argv)
{
    cli_dataset_opts o;
    memset(&o, 0, sizeof o);
    chiso_load_opts_default(&o.load);
    const char *what = NULL;
    int all = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int code, r = cli_common_option("list", argc, argv, &i, &o, NULL, &code);
        if (r < 0)
            return code;
        if (r > 0)
            continue;
        if (strcmp(a, "--all") == 0) {
            all = 1;
            continue;
        }
        if (a[0] == '-' && a[1])
            return cli_unknown_option("list", a);
        int is_what = 0;
        for (size_t k = 0; k < CHISO_ARRAY_LEN(what_names); k++)
            is_what |= strcmp(a, what_names[k]) == 0;
        struct stat sb;
        /* "units" is always what to list (a dataset folder of that name is "./units") */
        if (is_what && !what) {
            what = a;
        } else if (!o.path && !what && stat(a, &sb) == 0) {
            o.path = a;
        } else if (!what) {
            const char *s = cli_suggest(a, what_names, CHISO_ARRAY_LEN(what_names));
            if (!o.path && !s)
                o.path = a; /* a dataset that does not exist: said when it is loaded */
            else {
                fprintf(stderr, "chiso list: %s: ", _("error"));
                fprintf(stderr, _("cannot list '%s': use units, terms, indicators or ratings"), a);
                fputc('\n', stderr);
                cli_did_you_mean(s);
                return EXIT_USAGE;
            }
        } else {
            return cli_usage_error("list", _("one list at a time ('%s')"), a);
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
        int r = 0;
        if (!what || strcmp(what, "units") == 0)
            r |= list_units(ds);
        if (!what || strcmp(what, "terms") == 0)
            r |= list_terms(ds);
        if (!what || strcmp(what, "indicators") == 0)
            r |= list_indicators(ds, all);
        if (!what || strcmp(what, "ratings") == 0)
            r |= list_ratings(ds);
        if (r) {
            fprintf(stderr, "chiso: %s: %s\n", _("error"), _("out of memory"));
            rc = EXIT_IO;
        }
        if (chiso_diags_errors(d))
            fprintf(stderr, "%s\n", _("the dataset has errors: 'chiso check' lists them"));
    }
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return rc;
}

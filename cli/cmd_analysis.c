/* cli/cmd_analysis.c — `chiso compare`, `chiso trend` and `chiso attain`. */
#include "cli/cli.h"
#include "chiso/analysis.h"
#include "chiso/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INDICATORS 64

typedef struct an_opts {
    cli_dataset_opts ds;
    const char *unit, *term, *format, *out;
    const char *indicators[MAX_INDICATORS + 1];
    size_t n_ind;
    int level;
    chiso_trend_by by;
    double on_track, at_risk;
} an_opts;

/* Options of the three commands; returns -1 (done: usage error printed), 0 ok, 1 help shown. */
/* A unit by its name for a reader (its code is for typing); the code when the unit is unknown. */
static const char *unit_name(const chiso_dataset *ds, const char *code)
{
    chiso_unit_info U = {code, code, -1};
    long ui = code ? chiso_dataset_find_unit(ds, code) : -1;
    if (ui >= 0)
        chiso_dataset_unit(ds, (size_t)ui, &U);
    return U.name ? U.name : code;
}

/* A term by its label ("Lâm thời (1994–1996)") for a reader; the code when it is not found. */
static const char *term_label(const chiso_dataset *ds, const char *unit, const char *code)
{
    long ui = unit ? chiso_dataset_find_unit(ds, unit) : -1;
    long ti = ui >= 0 && code ? chiso_dataset_find_term(ds, ui, code) : -1;
    chiso_term_info T;
    if (ti >= 0 && chiso_dataset_term(ds, (size_t)ti, &T) == CHISO_OK && T.label)
        return T.label;
    return code;
}

static int parse(const char *cmd, int argc, char **argv, an_opts *o, int allow_by, int allow_term)
{
    memset(o, 0, sizeof *o);
    chiso_load_opts_default(&o->ds.load);
    o->format = "table";
    o->on_track = 0.80;
    o->at_risk = 0.20;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_help(cmd);
            return 1;
        }
        int r = cli_dataset_option(cmd, argc, argv, &i, &o->ds);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (cli_opt(a, "--unit", &v)) {
            if (!(o->unit = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
        } else if (cli_opt(a, "--indicator", &v)) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            if (o->n_ind >= MAX_INDICATORS) {
                cli_usage_error(cmd, _("at most %d indicators at a time"), MAX_INDICATORS);
                return -1;
            }
            o->indicators[o->n_ind++] = v;
        } else if (cli_opt(a, "--format", &v)) {
            if (!(o->format = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            if (strcmp(o->format, "table") && strcmp(o->format, "csv") && strcmp(o->format, "json")) {
                cli_usage_error(cmd, _("unknown format '%s': use table, csv or json"), o->format);
                return -1;
            }
        } else if (strcmp(a, "-o") == 0 || cli_opt(a, "--output", &v)) {
            if (!(o->out = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
        } else if (cli_opt(a, "--rating", &v)) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            if (strlen(v) != 1 || v[0] < '1' || v[0] > '4') {
                cli_usage_error(cmd, _("--rating takes a level 1, 2, 3 or 4 (at or above that level), not '%s'"), v);
                return -1;
            }
            o->level = v[0] - '0';
        } else if (allow_by && cli_opt(a, "--by", &v)) {
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            if (strcmp(v, "term") == 0)
                o->by = CHISO_BY_TERM;
            else if (strcmp(v, "year") == 0)
                o->by = CHISO_BY_YEAR;
            else {
                cli_usage_error(cmd, _("--by takes term or year, not '%s'"), v);
                return -1;
            }
        } else if (allow_term && cli_opt(a, "--term", &v)) {
            if (!(o->term = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
        } else if (allow_term && (cli_opt(a, "--on-track", &v) || cli_opt(a, "--at-risk", &v))) {
            int on = strncmp(a, "--on-track", 10) == 0;
            if (!(v = cli_opt_value(cmd, argc, argv, &i, v)))
                return -1;
            char *end;
            double p = strtod(v, &end);
            if (*end || !(p > 0 && p < 1)) {
                cli_usage_error(cmd, _("%s takes a probability between 0 and 1, not '%s'"), on ? "--on-track" : "--at-risk", v);
                return -1;
            }
            if (on)
                o->on_track = p;
            else
                o->at_risk = p;
        } else if (a[0] == '-' && a[1]) {
            cli_unknown_option(cmd, a);
            return -1;
        } else if (!o->ds.path) {
            o->ds.path = a;
        } else {
            cli_usage_error(cmd, _("only one dataset folder at a time ('%s')"), a);
            return -1;
        }
    }
    if (cli_check_output(o->out, &o->ds.path, 1) != EXIT_OK)
        return -1;
    if (o->at_risk >= o->on_track) {
        cli_usage_error(cmd, "%s", _("--at-risk must be below --on-track"));
        return -1;
    }
    o->indicators[o->n_ind] = NULL;
    return 0;
}

/* Load, refuse a dataset with errors, normalise (as of --as-of). */
static int prepare(const an_opts *o, chiso_diags **d, chiso_dataset **ds, chiso_normalized **n)
{
    *d = chiso_diags_new();
    if (!*d) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("out of memory"));
        return EXIT_IO;
    }
    int rc = cli_load(&o->ds, *d, ds);
    if (rc != EXIT_OK)
        return rc;
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    no.has_as_of = o->ds.has_as_of;
    no.as_of = o->ds.as_of.day;
    chiso_error err;
    chiso_error_clear(&err);
    if (!chiso_diags_errors(*d) && chiso_normalize(*ds, &no, *d, n, &err) != CHISO_OK)
        return cli_fail(&err);
    if (chiso_diags_errors(*d)) {
        cli_print_diags(*d, 0);
        fprintf(stderr, "%s\n", _("the dataset has errors: 'chiso check' lists them; nothing was written"));
        return EXIT_DATA;
    }
    if (o->unit && chiso_dataset_find_unit(*ds, o->unit) < 0) {
        fprintf(stderr, "chiso: %s: %s '%s'\n", _("error"), _("the dataset has no unit"), o->unit);
        cli_did_you_mean(cli_suggest_unit(*ds, o->unit));
        fprintf(stderr, "%s\n", _("'chiso list units' shows the units of the dataset"));
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < o->n_ind; i++)
        if (chiso_dataset_find_indicator(*ds, o->indicators[i]) < 0) {
            fprintf(stderr, "chiso: %s: %s '%s'\n", _("error"), _("the dataset has no indicator"), o->indicators[i]);
            cli_did_you_mean(cli_suggest_indicator(*ds, o->indicators[i]));
            fprintf(stderr, "%s\n", _("'chiso list indicators' shows the indicators of the dataset"));
            return EXIT_USAGE;
        }
    return EXIT_OK;
}

static const char *ind_name(const chiso_dataset *ds, long ind, char *buf, size_t size, int level, const char *label)
{
    chiso_indicator_info I;
    chiso_dataset_indicator(ds, (size_t)ind, &I);
    const char *name = chiso_indicator_name(&I, chiso_get_lang());
    if (level)
        snprintf(buf, size, "%s — %s %d %s", name, _("level"), level, _("or better"));
    else if (label)
        snprintf(buf, size, "%s — %s", name, label);
    else
        snprintf(buf, size, "%s", name);
    return buf;
}

static char *compare_table(const chiso_dataset *ds, const chiso_comparison *c)
{
    chiso_lang lang = chiso_get_lang();
    chiso_buf b;
    chiso_buf_init(&b);
    const char *hdr[] = {_("term"), _("value"), _("years covered"), _("reported total"), _("whole term at that pace"),
                         _("change"), _("change %"), _("notes")};
    chiso_table *t = NULL;
    long cur_ind = -1, cur_unit = -1;
    int cur_level = -1;
    for (size_t i = 0; i <= chiso_comparison_count(c); i++) {
        const chiso_compare_row *r = chiso_comparison_get(c, i);
        if (!r || r->indicator_index != cur_ind || r->level != cur_level || r->unit_index != cur_unit) {
            if (t) {
                char *txt = chiso_table_to_text(t, 40);
                chiso_buf_puts(&b, txt ? txt : "");
                chiso_buf_puts(&b, "\n");
                free(txt);
                chiso_table_free(t);
                t = NULL;
            }
            if (!r)
                break;
            char name[512];
            chiso_buf_printf(&b, "%s · %s (%s)\n", unit_name(ds, r->unit),
                             ind_name(ds, r->indicator_index, name, sizeof name, r->level, r->rating),
                             r->kind == CHISO_VK_ANNUAL ? _("per year, over the years the figures cover")
                             : r->kind == CHISO_VK_SHARE ? _("per cent")
                                                         : _("level"));
            t = chiso_table_new(CHISO_ARRAY_LEN(hdr), hdr);
            if (!t)
                break;
            for (size_t k = 1; k < 7; k++)
                chiso_table_set_align(t, k, CHISO_ALIGN_RIGHT);
            cur_ind = r->indicator_index;
            cur_level = r->level;
            cur_unit = r->unit_index;
        }
        char value[96], years[64], total[64] = "", proj[64] = "", change[96] = "", rel[64] = "", notes[256] = "";
        int pct = r->kind == CHISO_VK_SHARE;
        chiso_format_interval(r->value, r->kind == CHISO_VK_ANNUAL ? 1 : 2, pct, lang, value, sizeof value);
        char a[32], bb[32];
        snprintf(years, sizeof years, "%s / %s", chiso_format_number(r->coverage_years, 1, lang, a, sizeof a),
                 chiso_format_number(r->term_years, 1, lang, bb, sizeof bb));
        if (r->kind == CHISO_VK_ANNUAL)
            chiso_format_interval(r->total, 0, 0, lang, total, sizeof total);
        if (r->has_projected)
            chiso_format_interval(r->projected, 0, 0, lang, proj, sizeof proj);
        if (r->has_prev) {
            chiso_format_interval(r->change, r->kind == CHISO_VK_ANNUAL ? 1 : 2, 0, lang, change, sizeof change);
            if (r->change.lo > 0 && chiso_interval_is_point(r->change)) {
                memmove(change + 1, change, strlen(change) + 1);
                change[0] = '+';
            }
        }
        if (r->has_rel) {
            chiso_interval pc = chiso_interval_scale(r->change_rel, 100);
            chiso_format_interval(pc, 1, 1, lang, rel, sizeof rel);
        }
        if (r->partial)
            snprintf(notes + strlen(notes), sizeof notes - strlen(notes), "%s", _("part of the term"));
        if (r->flags & CHISO_NORM_INEXACT)
            snprintf(notes + strlen(notes), sizeof notes - strlen(notes), "%s%s", notes[0] ? "; " : "", _("inexact figure"));
        if (r->flags & CHISO_NORM_XWALK)
            snprintf(notes + strlen(notes), sizeof notes - strlen(notes), "%s%s", notes[0] ? "; " : "", _("rating crosswalk"));
        if (r->has_prev && (r->rose == CHISO_UNKNOWN && r->fell == CHISO_UNKNOWN) && !chiso_interval_is_point(r->change))
            snprintf(notes + strlen(notes), sizeof notes - strlen(notes), "%s%s", notes[0] ? "; " : "",
                     _("direction of change unclear"));
        const char *cells[] = {r->term_label, value, years, total, proj, change, rel, notes};
        chiso_table_add_row(t, cells);
    }
    chiso_table_free(t);
    return chiso_buf_take(&b);
}

int cmd_compare(int argc, char **argv)
{
    an_opts o;
    int p = parse("compare", argc, argv, &o, 0, 1);
    if (p)
        return p < 0 ? EXIT_USAGE : EXIT_OK;
    chiso_diags *d = NULL;
    chiso_dataset *ds = NULL;
    chiso_normalized *n = NULL;
    chiso_comparison *c = NULL;
    char *text = NULL;
    int rc = prepare(&o, &d, &ds, &n);
    if (rc != EXIT_OK)
        goto done;
    chiso_select sel = {o.unit, o.n_ind ? o.indicators : NULL, o.term, o.level};
    chiso_error err;
    chiso_error_clear(&err);
    if (chiso_analysis_compare(ds, n, &sel, &c, &err) != CHISO_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    text = strcmp(o.format, "json") == 0  ? chiso_comparison_to_json(c)
           : strcmp(o.format, "csv") == 0 ? chiso_comparison_to_csv(c)
                                          : compare_table(ds, c);
    rc = text ? cli_write_output(o.out, text) : EXIT_IO;
done:
    free(text);
    chiso_comparison_free(c);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return rc;
}

/* A line "label value"; trend_text aligns the values of all of them (cli_align_labels). */
static void line(chiso_buf *b, const char *label, const char *value)
{
    chiso_buf_printf(b, "  %s\x1f%s\n", label, value);
}

static char *trend_text(const chiso_dataset *ds, const chiso_trend *t)
{
    chiso_lang lang = chiso_get_lang();
    chiso_buf b;
    chiso_buf_init(&b);
    char name[512], v1[64], v2[64], v3[64], buf[256];
    long ind = chiso_dataset_find_indicator(ds, t->indicator);
    chiso_buf_printf(&b, "%s · %s (%s)\n", unit_name(ds, t->unit), ind_name(ds, ind, name, sizeof name, t->level, NULL),
                     t->by == CHISO_BY_TERM ? _("by term") : _("by year"));
    const char *hdr[] = {t->by == CHISO_BY_TERM ? _("term") : _("year"), _("middle (year)"), _("value"), _("weight (years)")};
    chiso_table *tab = chiso_table_new(4, hdr);
    for (size_t i = 0; tab && i < t->n; i++) {
        snprintf(v1, sizeof v1, "%.2f", t->points[i].x); /* a year is not grouped in thousands */
        if (lang == CHISO_LANG_VI && strchr(v1, '.'))
            *strchr(v1, '.') = ',';
        chiso_format_interval(t->points[i].y, 2, t->kind == CHISO_VK_SHARE, lang, v2, sizeof v2);
        chiso_format_number(t->points[i].weight, 2, lang, v3, sizeof v3);
        const char *cells[] = {t->by == CHISO_BY_TERM ? term_label(ds, t->unit, t->points[i].label) : t->points[i].label,
                               v1, v2, v3};
        chiso_table_add_row(tab, cells);
    }
    for (size_t k = 1; tab && k < 4; k++)
        chiso_table_set_align(tab, k, CHISO_ALIGN_RIGHT);
    char *txt = chiso_table_to_text(tab, 40);
    chiso_buf_puts(&b, txt ? txt : "");
    free(txt);
    chiso_table_free(tab);
    chiso_buf_puts(&b, "\n");
    if (t->ols_status == CHISO_TREND_OK) {
        snprintf(buf, sizeof buf, "%s %s (95%%: %s … %s), R² %s, p %s",
                 chiso_format_number_trim(t->ols.slope, 3, lang, v1, sizeof v1), _("a year"),
                 chiso_format_number_trim(t->ols.ci95_lo, 3, lang, v2, sizeof v2),
                 chiso_format_number_trim(t->ols.ci95_hi, 3, lang, v3, sizeof v3),
                 chiso_format_number(t->ols.r2, 3, lang, name, sizeof name),
                 chiso_format_number(t->ols.p, 3, lang, name + 64, sizeof name - 64));
        line(&b, _("OLS slope"), buf);
        snprintf(buf, sizeof buf, "%s %s (95%%: %s … %s), p %s",
                 chiso_format_number_trim(t->wls.slope, 3, lang, v1, sizeof v1), _("a year"),
                 chiso_format_number_trim(t->wls.ci95_lo, 3, lang, v2, sizeof v2),
                 chiso_format_number_trim(t->wls.ci95_hi, 3, lang, v3, sizeof v3),
                 chiso_format_number(t->wls.p, 3, lang, name, sizeof name));
        line(&b, _("WLS slope (weights: years)"), buf);
        if (t->by == CHISO_BY_TERM) {
            line(&b, _("OLS slope per term"), chiso_format_number_trim(t->slope_per_term, 2, lang, v1, sizeof v1));
        }
    }
    if (t->mk_status == CHISO_TREND_OK) {
        snprintf(buf, sizeof buf, "S = %s, Var(S) = %s, z = %s, p = %s (%s), τb = %s",
                 chiso_format_number(t->mk.s, 0, lang, v1, sizeof v1),
                 chiso_format_number_trim(t->mk.var_s, 2, lang, v2, sizeof v2),
                 chiso_format_number(t->mk.z, 3, lang, v3, sizeof v3),
                 chiso_format_number(t->mk.p, 4, lang, name, sizeof name), t->mk.exact ? _("exact") : _("normal"),
                 chiso_format_number(t->mk.tau_b, 3, lang, name + 64, sizeof name - 64));
        line(&b, "Mann-Kendall", buf);
    }
    if (t->sen_status == CHISO_TREND_OK) {
        if (t->sen.ci_available)
            snprintf(buf, sizeof buf, "%s %s (95%%: %s … %s)", chiso_format_number_trim(t->sen.slope, 3, lang, v1, sizeof v1),
                     _("a year"), chiso_format_number_trim(t->sen.ci95_lo, 3, lang, v2, sizeof v2),
                     chiso_format_number_trim(t->sen.ci95_hi, 3, lang, v3, sizeof v3));
        else
            snprintf(buf, sizeof buf, "%s %s (%s)", chiso_format_number_trim(t->sen.slope, 3, lang, v1, sizeof v1), _("a year"),
                     _("too few points for its interval"));
        line(&b, _("Sen's slope"), buf);
    }
    if (t->has_cagr) {
        snprintf(buf, sizeof buf, "%s%%", chiso_format_number(t->cagr * 100, 1, lang, v1, sizeof v1));
        line(&b, _("growth a year (CAGR)"), buf);
    }
    if (t->has_poisson) {
        /* overdispersed counts: the quasi-Poisson interval (widened by √φ) is the one to quote */
        const chiso_poisson *P = &t->poisson;
        snprintf(buf, sizeof buf, "%s (95%%: %s … %s) %s", chiso_format_number(P->rate_ratio, 3, lang, v1, sizeof v1),
                 chiso_format_number(P->overdispersed ? P->qp_ci95_lo : P->ci95_lo, 3, lang, v2, sizeof v2),
                 chiso_format_number(P->overdispersed ? P->qp_ci95_hi : P->ci95_hi, 3, lang, v3, sizeof v3),
                 t->by == CHISO_BY_TERM ? _("per term") : _("per year"));
        line(&b, _("rate per member, ratio"), buf);
        snprintf(buf, sizeof buf, "%s%s", chiso_format_number(P->dispersion, 2, lang, v1, sizeof v1),
                 P->overdispersed ? _(" (more than Poisson: quasi-Poisson interval above)") : "");
        line(&b, _("dispersion (Pearson χ²/df)"), buf);
    }
    if (t->has_slope_range) {
        snprintf(buf, sizeof buf, "%s … %s %s", chiso_format_number_trim(t->slope_min, 3, lang, v1, sizeof v1),
                 chiso_format_number_trim(t->slope_max, 3, lang, v2, sizeof v2), _("a year"));
        line(&b, _("slope over the intervals"), buf);
    }
    chiso_buf_printf(&b, "\n%s\n", t->message);
    return cli_align_labels(chiso_buf_take(&b));
}

int cmd_trend(int argc, char **argv)
{
    an_opts o;
    int p = parse("trend", argc, argv, &o, 1, 0);
    if (p)
        return p < 0 ? EXIT_USAGE : EXIT_OK;
    if (!o.unit || o.n_ind != 1)
        return cli_usage_error("trend", "%s", _("give one --unit and one --indicator"));
    chiso_diags *d = NULL;
    chiso_dataset *ds = NULL;
    chiso_normalized *n = NULL;
    chiso_trend_result *t = NULL;
    char *text = NULL;
    int rc = prepare(&o, &d, &ds, &n);
    if (rc != EXIT_OK)
        goto done;
    chiso_select sel = {o.unit, o.indicators, NULL, o.level};
    chiso_error err;
    chiso_error_clear(&err);
    if (chiso_analysis_trend(ds, n, &sel, o.by, &t, &err) != CHISO_OK) {
        rc = err.code == CHISO_EINVAL ? (fprintf(stderr, "chiso trend: %s: %s\n", _("error"), err.msg), EXIT_USAGE) : cli_fail(&err);
        goto done;
    }
    text = strcmp(o.format, "json") == 0  ? chiso_trend_to_json(t)
           : strcmp(o.format, "csv") == 0 ? chiso_trend_to_csv(t)
                                          : trend_text(ds, chiso_trend_result_get(t));
    rc = text ? cli_write_output(o.out, text) : EXIT_IO;
done:
    free(text);
    chiso_trend_result_free(t);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return rc;
}

static char *attain_table(const chiso_dataset *ds, const chiso_attainment *a)
{
    chiso_lang lang = chiso_get_lang();
    chiso_buf b;
    chiso_buf_init(&b);
    if (chiso_attainment_count(a) == 0) { /* no targets: no table and no "as of" of no figure */
        chiso_buf_printf(&b, "%s\n", _("the dataset has no targets (targets.csv); --illustrative adds the illustrative ones"));
        return chiso_buf_take(&b);
    }
    char day[16];
    chiso_buf_printf(&b, "%s %s\n\n", _("as of"), chiso_date_words(chiso_attainment_as_of(a), day, sizeof day));
    const char *hdr[] = {_("unit · term"), _("target"), _("actual"), _("verdict / status"), _("P(met)"), _("reason")};
    chiso_table *t = chiso_table_new(6, hdr);
    if (!t) {
        free(chiso_buf_take(&b));
        return NULL;
    }
    /* the cells that hold names are grown as needed (Vietnamese names are long in UTF-8) */
    chiso_buf who, target, verdict;
    chiso_buf_init(&who);
    chiso_buf_init(&target);
    chiso_buf_init(&verdict);
    for (size_t i = 0; i < chiso_attainment_count(a); i++) {
        const chiso_attain_row *r = chiso_attainment_get(a, i);
        char actual[96] = "–", prob[32] = "", name[1024], tv[128], base[512];
        who.len = target.len = verdict.len = 0;
        /* a term by its label ("Nhiệm kỳ VI (2020–2025)"), as compare and trend write it, not its code */
        chiso_buf_printf(&who, "%s · %s", unit_name(ds, r->unit), r->term_label ? r->term_label : r->term);
        long ind = chiso_dataset_find_indicator(ds, r->indicator);
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)ind, &I);
        int pct = I.measure == CHISO_MEASURE_SHARE || r->target->relative_to_members;
        /* the target and the figure in words, as documents write them: "≥ 95%", "từ 60% đến 70%" (a range
         * is its words alone, never "∈ [60; 70]%"), "trên 80%" */
        chiso_buf w;
        chiso_buf_init(&w);
        if (r->op != CHISO_CMP_BETWEEN) {
            chiso_buf_puts(&w, chiso_cmp_symbol(r->op));
            chiso_buf_puts(&w, " ");
        }
        chiso_buf_interval_words(&w, r->target->value, 2, pct);
        snprintf(tv, sizeof tv, "%s", w.data && !w.oom ? w.data : "");
        target.oom |= w.oom;
        /* "cả nhiệm kỳ", or for a target of a year or span inside the term that period ("cuối năm 2018") */
        char *when = chiso_target_when_words(r->target, r->basis);
        chiso_buf_printf(&target, "%s%s%s %s%s%s (%s)%s%s%s", ind_name(ds, ind, name, sizeof name, 0, NULL),
                         r->target->rating ? " — " : "", r->target->rating ? r->target->rating : "",
                         "", tv, chiso_target_base_words(r->target, base, sizeof base),
                         when ? when : "", r->target->set_by ? " — " : "",
                         r->target->set_by ? r->target->set_by : "",
                         r->target->illustrative ? _(" [illustrative]") : "");
        free(when);
        if (r->has_actual) {
            /* a target in per cent of a membership judged as a count (a total): the figure is that count,
             * never "150%" */
            chiso_buf_reset(&w);
            chiso_buf_interval_words(&w, r->actual, 2, pct && !r->has_target_abs);
            snprintf(actual, sizeof actual, "%s", w.data && !w.oom ? w.data : "–");
            target.oom |= w.oom;
        }
        chiso_buf_free(&w);
        if (r->verdict != CHISO_VERDICT_NONE && r->status != CHISO_PROGRESS_NONE)
            chiso_buf_printf(&verdict, "%s / %s", chiso_verdict_words(r->verdict), chiso_progress_words(r->status));
        else if (r->verdict != CHISO_VERDICT_NONE)
            chiso_buf_puts(&verdict, chiso_verdict_words(r->verdict));
        else
            chiso_buf_puts(&verdict, chiso_progress_words(r->status));
        if (r->disagrees)
            chiso_buf_printf(&verdict, " %s", _("(the report disagrees)"));
        if (r->has_probability)
            chiso_format_number(r->probability, 2, lang, prob, sizeof prob);
        if (who.oom || target.oom || verdict.oom)
            break;
        const char *cells[] = {who.data, target.data, actual, verdict.data, prob, r->reason};
        chiso_table_add_row(t, cells);
    }
    int oom = who.oom || target.oom || verdict.oom;
    chiso_buf_free(&who);
    chiso_buf_free(&target);
    chiso_buf_free(&verdict);
    chiso_table_set_align(t, 2, CHISO_ALIGN_RIGHT);
    chiso_table_set_align(t, 4, CHISO_ALIGN_RIGHT);
    char *txt = oom ? NULL : chiso_table_to_text(t, 44);
    chiso_table_free(t);
    if (!txt) {
        free(chiso_buf_take(&b));
        return NULL;
    }
    chiso_buf_puts(&b, txt);
    free(txt);
    return chiso_buf_take(&b);
}

int cmd_attain(int argc, char **argv)
{
    an_opts o;
    int p = parse("attain", argc, argv, &o, 0, 1);
    if (p)
        return p < 0 ? EXIT_USAGE : EXIT_OK;
    chiso_diags *d = NULL;
    chiso_dataset *ds = NULL;
    chiso_normalized *n = NULL;
    chiso_attainment *a = NULL;
    char *text = NULL;
    int rc = prepare(&o, &d, &ds, &n);
    if (rc != EXIT_OK)
        goto done;
    if (o.term) {
        int found = 0;
        for (size_t i = 0; i < chiso_dataset_n_terms(ds); i++) {
            chiso_term_info T;
            chiso_dataset_term(ds, i, &T);
            found |= strcmp(T.code, o.term) == 0;
        }
        if (!found) {
            fprintf(stderr, "chiso attain: %s: %s '%s'\n", _("error"), _("the dataset has no term"), o.term);
            cli_did_you_mean(cli_suggest_term(ds, o.term));
            fprintf(stderr, "%s\n", _("'chiso list terms' shows the terms of the dataset"));
            rc = EXIT_USAGE;
            goto done;
        }
    }
    chiso_attain_opts ao;
    chiso_attain_opts_default(&ao);
    ao.has_as_of = o.ds.has_as_of;
    ao.as_of = o.ds.as_of.day;
    ao.term = o.term;
    ao.illustrative = o.ds.load.illustrative;
    ao.on_track = o.on_track;
    ao.at_risk = o.at_risk;
    chiso_error err;
    chiso_error_clear(&err);
    if (chiso_analysis_attain(ds, n, &ao, &a, &err) != CHISO_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    text = strcmp(o.format, "json") == 0  ? chiso_attainment_to_json(a)
           : strcmp(o.format, "csv") == 0 ? chiso_attainment_to_csv(a)
                                          : attain_table(ds, a);
    rc = text ? cli_write_output(o.out, text) : EXIT_IO;
done:
    free(text);
    chiso_attainment_free(a);
    chiso_normalized_free(n);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return rc;
}

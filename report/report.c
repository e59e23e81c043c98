/*
 * report/report.c — `chiso report`: everything a committee pastes into a congress report or a
 * planning document, from one dataset.
 *
 * The report is assembled as a small document (report/doc.h) and written as Markdown, HTML (charts
 * inlined as SVG) and XLSX, with every table also as CSV and every chart as PNG and SVG. It is made in
 * a temporary folder beside the target and moved into place at the end.
 *
 * This file makes the whole report; its sections and outputs are in files of their own, listed in
 * report_int.h.
 */
#define _XOPEN_SOURCE 700
#include "report/report_int.h"

#include <errno.h>
#include <dirent.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Above this many unit sections the main document summarises and ranks; each unit gets its own file. */
#define MANY_UNITS 12

void chiso_report_opts_default(chiso_report_opts *o)
{
    memset(o, 0, sizeof *o);
    o->depth = 1;
}

/* Which units get a section: opts->units (or the top units) and the units up to opts->depth levels
 * below them. sel[u] = 1 for those; *first is the first of the units asked for. Returns CHISO_OK,
 * CHISO_EINVAL naming an unknown unit, or CHISO_ENOMEM. */
static chiso_status select_units(const chiso_dataset *ds, const chiso_report_opts *opts, unsigned char *sel,
                                 long *first, chiso_error *err)
{
    size_t nu = chiso_dataset_n_units(ds);
    chiso_status st = CHISO_OK;
    unsigned char *root = calloc(nu ? nu : 1, 1);
    char *list = opts->units ? chiso_strdup(opts->units) : NULL;
    if (!root || (opts->units && !list)) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    *first = -1;
    if (list) {
        char *save = NULL;
        for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            while (*tok == ' ')
                tok++;
            size_t n = strlen(tok);
            while (n && tok[n - 1] == ' ')
                tok[--n] = '\0';
            if (!n)
                continue;
            long u = chiso_dataset_find_unit(ds, tok);
            if (u < 0) {
                st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                                     _("unknown unit '%s': the report is about units of units.csv"), tok);
                goto done;
            }
            root[u] = 1;
            if (*first < 0)
                *first = u;
        }
    } else {
        for (size_t u = 0; u < nu; u++) {
            chiso_unit_info U;
            chiso_dataset_unit(ds, u, &U);
            if (U.parent < 0) {
                root[u] = 1;
                if (*first < 0)
                    *first = (long)u;
            }
        }
    }
    if (*first < 0)
        *first = 0; /* no unit named (an empty list): the first unit */
    if (nu)
        root[*first] = 1;
    for (size_t u = 0; u < nu; u++) {
        long v = (long)u;
        for (size_t d = 0; v >= 0 && d <= nu && (opts->depth < 0 || d <= (size_t)opts->depth); d++) {
            if (root[v]) {
                sel[u] = 1;
                break;
            }
            chiso_unit_info V;
            chiso_dataset_unit(ds, (size_t)v, &V);
            v = V.parent;
        }
    }
done:
    free(root);
    free(list);
    return st;
}

/* 1 when unit u is one the report is about (named in opts->units, or a top unit): it keeps its section in
 * the main document of a many-unit report. */
static int is_root(const chiso_dataset *ds, const chiso_report_opts *opts, size_t u, long first)
{
    chiso_unit_info U;
    chiso_dataset_unit(ds, u, &U);
    if ((long)u == first)
        return 1;
    if (!opts->units)
        return U.parent < 0;
    size_t n = strlen(U.code);
    for (const char *p = opts->units; (p = strstr(p, U.code)) != NULL; p += n) {
        int start = p == opts->units || p[-1] == ',' || p[-1] == ' ';
        int end = p[n] == '\0' || p[n] == ',' || p[n] == ' ';
        if (start && end)
            return 1;
    }
    return 0;
}

/* ---- the whole report -------------------------------------------------------------------------- */

static int parse_formats(rctx *c, const char *formats)
{
    if (!formats) {
        c->want_md = c->want_html = c->want_xlsx = c->want_csv = c->want_docx = 1;
        return 1;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", formats);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (strcmp(tok, "md") == 0)
            c->want_md = 1;
        else if (strcmp(tok, "html") == 0)
            c->want_html = 1;
        else if (strcmp(tok, "xlsx") == 0)
            c->want_xlsx = 1;
        else if (strcmp(tok, "csv") == 0)
            c->want_csv = 1;
        else if (strcmp(tok, "docx") == 0)
            c->want_docx = 1;
        else
            return 0;
    }
    return c->want_md || c->want_html || c->want_xlsx || c->want_csv || c->want_docx;
}

chiso_status chiso_report_write(const chiso_dataset *ds, const chiso_report_opts *opts_in, const char *dir,
                                chiso_error *err)
{
    chiso_report_opts defaults;
    chiso_report_opts_default(&defaults);
    const chiso_report_opts *opts = opts_in ? opts_in : &defaults;
    if (!ds || !dir || !*dir)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    rctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.opts = opts;
    c.lang = chiso_get_lang();
    c.err = err;
    c.dir = dir;
    doc_init(&c.d);
    if (!parse_formats(&c, opts->formats))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                               _("unknown format in '%s': use a comma-separated list of md, html, xlsx, docx and csv"),
                               opts->formats);
    /* a report is about units: with none there is nothing to write (and no title to give it) */
    if (chiso_dataset_n_units(ds) == 0)
        return chiso_error_set(err, CHISO_EDATA, NULL, 0, 0, "%s",
                               _("the dataset has no units (units.csv, or the units sheet, is empty): add the "
                                 "units the figures are of, then make the report again"));
    /* never into the dataset, never over a folder chiso did not write (opts->force changes neither) */
    const char *inputs[] = {chiso_dataset_dir(ds)};
    chiso_outdir out;
    unsigned char *sel = NULL; /* the units with a section */
    chiso_status st = chiso_outdir_begin(&out, dir, inputs, 1, err);
    if (st != CHISO_OK)
        return st;
    c.tmp = out.tmp;
    c.dir = dir = out.dir;
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/tables", c.tmp);
    if (mkdir(sub, 0755) != 0) {
        st = chiso_error_set(err, CHISO_EIO, dir, 0, 0, _("cannot create the report folder: %s"), strerror(errno));
        goto done;
    }
    snprintf(sub, sizeof sub, "%s/charts", c.tmp);
    if (mkdir(sub, 0755) != 0) {
        st = chiso_error_set(err, CHISO_EIO, dir, 0, 0, _("cannot create the report folder: %s"), strerror(errno));
        goto done;
    }
    /* the analysis */
    c.diags = chiso_diags_new();
    if (!c.diags) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    if ((st = chiso_dataset_check(ds, c.diags, err)) != CHISO_OK)
        goto done;
    chiso_diags_sort(c.diags);
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    no.has_as_of = opts->has_as_of;
    no.as_of = opts->as_of;
    if ((st = chiso_normalize(ds, &no, NULL, &c.norm, err)) != CHISO_OK)
        goto done;
    if ((st = chiso_analysis_compare(ds, c.norm, NULL, &c.cmp, err)) != CHISO_OK)
        goto done;
    chiso_attain_opts ao;
    chiso_attain_opts_default(&ao);
    ao.has_as_of = opts->has_as_of;
    ao.as_of = opts->as_of;
    ao.illustrative = 1;
    if ((st = chiso_analysis_attain(ds, c.norm, &ao, &c.att, err)) != CHISO_OK)
        goto done;
    /* the units asked for and those below them, in the order of units.csv */
    size_t nu = chiso_dataset_n_units(ds), nsel = 0;
    sel = calloc(nu ? nu : 1, 1);
    if (!sel) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    long first = 0;
    if ((st = select_units(ds, opts, sel, &first, err)) != CHISO_OK)
        goto done;
    for (size_t u = 0; u < nu; u++)
        nsel += sel[u];
    c.steps = nsel * 6 + 7;
    chiso_unit_info top;
    if (chiso_dataset_unit(ds, (size_t)first, &top) != CHISO_OK) {
        st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
        goto done;
    }
    char day[16];
    doc_text(&c.d, B_H1, _("Figures of %s"), top.name);
    doc_text(&c.d, B_P, _("Dataset `%s`, as of %s; made by chiso %s. Figures are written as the sources write them; "
                          "inexact ones are intervals."),
             rp_dataset_name(ds), report_date(chiso_attainment_as_of(c.att), day, sizeof day), CHISO_VERSION);
    summary_section(&c, 0);
    if (chiso_attainment_count(c.att)) {
        chiso_chart_opts co;
        chiso_chart_opts_default(&co);
        co.kind = CHISO_CHART_DASHBOARD;
        co.unit = top.code;
        add_chart(&c, "dashboard", _("Key series"), &co);
    }
    if (nsel < nu)
        doc_text(&c.d, B_P,
                 _("This report has a section for %zu of the %zu units of the dataset: those it is about and "
                   "the units %d level(s) below them. 'chiso report --unit CODE' makes the report of another "
                   "unit, and --depth the number of levels below it (-1: all)."),
                 nsel, nu, opts->depth);
    /* many units: the main document has the units asked for and a ranking of all; the others get files */
    c.many = nsel > MANY_UNITS;
    c.d.big = c.many;
    if (c.many) {
        c.ulo = malloc(nu * sizeof *c.ulo);
        c.uhi = malloc(nu * sizeof *c.uhi);
        if (!c.ulo || !c.uhi) {
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            goto done;
        }
        for (size_t u = 0; u < nu; u++)
            c.ulo[u] = c.uhi[u] = 0;
        for (size_t i = chiso_comparison_count(c.cmp); i-- > 0;) {
            const chiso_compare_row *r = chiso_comparison_get(c.cmp, i);
            size_t u = (size_t)r->unit_index;
            if (c.uhi[u] == 0)
                c.uhi[u] = i + 1;
            c.ulo[u] = i;
        }
        snprintf(sub, sizeof sub, "%s/units", c.tmp);
        if (mkdir(sub, 0755) != 0) {
            st = chiso_error_set(err, CHISO_EIO, dir, 0, 0, _("cannot create the report folder: %s"), strerror(errno));
            goto done;
        }
        if ((st = units_section(&c, sel)) != CHISO_OK) {
            chiso_error_set(err, st, NULL, 0, 0, "%s", _("out of memory"));
            goto done;
        }
    }
    for (size_t u = 0; u < nu && st == CHISO_OK; u++) {
        if (!sel[u])
            continue;
        chiso_unit_info U;
        chiso_dataset_unit(ds, u, &U);
        if (c.many && !is_root(ds, opts, u, first)) {
            st = unit_file(&c, u);
            continue;
        }
        doc_text(&c.d, B_H2, "%s", U.name);
        size_t rows = 0;
        for (size_t g = 0; g < CHISO_ARRAY_LEN(groups) && st == CHISO_OK; g++) {
            rows += category_section(&c, (long)u, &groups[g], &st);
            progress(&c);
        }
        if (rows == 0)
            doc_text(&c.d, B_P, "%s", _("No figures for this unit."));
    }
    if (st == CHISO_OK && c.many)
        st = emit_combined(&c);
    if (st == CHISO_OK)
        st = attain_section(&c);
    if (st == CHISO_OK)
        st = verdicts_section(&c);
    if (st == CHISO_OK)
        st = plan_section(&c, top.code);
    if (st == CHISO_OK)
        st = quality_section(&c);
    if (st == CHISO_OK)
        st = sources_section(&c);
    if (st != CHISO_OK)
        goto done;
    if (c.chart_io) {
        if (err)
            *err = c.chart_err;
        st = c.chart_io;
        goto done;
    }
    if (c.d.oom) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    char title[512];
    snprintf(title, sizeof title, _("Figures of %s"), top.name);
    if (c.want_md) {
        char *md = doc_to_markdown(&c.d);
        st = md ? write_rel(&c, "report.md", md) : chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        free(md);
        if (st != CHISO_OK)
            goto done;
        progress(&c);
    }
    if (c.want_html) {
        char *html = doc_to_html(&c.d, c.lang == CHISO_LANG_VI ? "vi" : "en", title);
        st = html ? write_rel(&c, "report.html", html)
                  : chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        free(html);
        if (st != CHISO_OK)
            goto done;
        progress(&c);
    }
    if (c.want_xlsx) {
        char path[4096];
        snprintf(path, sizeof path, "%s/report.xlsx", c.tmp);
        if ((st = doc_to_xlsx(&c.d, path, err)) != CHISO_OK) {
            if (err && err->file[0])
                snprintf(err->file, sizeof err->file, "%s/report.xlsx", dir);
            goto done;
        }
        note_file(&c, "report.xlsx");
        progress(&c);
    }
    if (c.want_docx) {
        char path[4096];
        snprintf(path, sizeof path, "%s/report.docx", c.tmp);
        snprintf(sub, sizeof sub, "%s/charts", c.tmp);
        if ((st = doc_to_docx(&c.d, path, sub, c.lang == CHISO_LANG_VI ? "vi" : "en", title, err)) != CHISO_OK) {
            if (err && err->file[0])
                snprintf(err->file, sizeof err->file, "%s/report.docx", dir);
            goto done;
        }
        note_file(&c, "report.docx");
        progress(&c);
    }
    if (!c.want_csv) {
        /* tables/ is only for csv; charts stay (the md and html refer to them) */
        snprintf(sub, sizeof sub, "%s/tables", c.tmp);
        rmdir(sub);
    }
    /* into place, marked with the list of its files, so that a later run may replace it */
    if ((st = chiso_outdir_commit(&out, err)) != CHISO_OK)
        goto done;
    if (opts->on_file)
        for (size_t i = 0; i < c.n_files; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, c.files[i]);
            opts->on_file(opts->ctx, path);
        }
done:
    chiso_outdir_free(&out);
    for (size_t i = 0; i < c.n_files; i++)
        free(c.files[i]);
    free(c.files);
    free(sel);
    free(c.ulo);
    free(c.uhi);
    for (size_t g = 0; g < CHISO_ARRAY_LEN(c.combined); g++)
        chiso_table_free(c.combined[g]);
    doc_free(&c.d);
    chiso_attainment_free(c.att);
    chiso_comparison_free(c.cmp);
    chiso_normalized_free(c.norm);
    chiso_diags_free(c.diags);
    return st;
}

/*
 * serve/results.c — the results page of `chiso serve` (the report of a unit, made once per session, language
 * and unit) and its downloads (the report's files, all of them as a ZIP, the blank template workbook).
 */
#define _XOPEN_SOURCE 700
#include "serve/serve_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* Write the report of unit (NULL: the top units) in the current language into the session's folder
 * (once: kept for the downloads); returns the folder (caller frees) or NULL with err set. */
static char *make_report(const session *s, const chiso_dataset *ds, long unit, const char *formats,
                         chiso_lang lang, chiso_error *err)
{
    char *dir = malloc(strlen(s->dir) + 64);
    if (!dir)
        return NULL;
    sprintf(dir, "%s/report-%s-%ld-%s", s->dir, lang_code(lang), unit, formats[0] == 'h' && !formats[4] ? "h" : "all");
    char mark[8192];
    snprintf(mark, sizeof mark, "%s/report.html", dir);
    if (access(mark, R_OK) == 0)
        return dir;
    chiso_report_opts ro;
    chiso_report_opts_default(&ro);
    ro.formats = formats;
    chiso_unit_info ui;
    if (unit >= 0 && chiso_dataset_unit(ds, (size_t)unit, &ui) == CHISO_OK) {
        ro.units = ui.code;
        ro.depth = 0;
    }
    if (chiso_report_write(ds, &ro, dir, err) != CHISO_OK) {
        free(dir);
        return NULL;
    }
    return dir;
}

/* The body of report.html (between <body> and </body>); caller frees. */
static char *report_body(const char *dir)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *html = chiso_read_all(path, NULL);
    if (!html)
        return NULL;
    char *a = strstr(html, "<body>"), *z = a ? strstr(a, "</body>") : NULL;
    if (!a || !z) {
        free(html);
        return NULL;
    }
    a += 6;
    *z = 0;
    char *body = strdup(a);
    free(html);
    return body;
}

/* The report's verdict and status cells in colour: "<td>met</td>" (in the current language) gets a class,
 * so the colour is never the only sign (the word stays). Returns a new string; NULL when out of memory. */
static char *colour_verdicts(const char *body)
{
    /* the words of the report's assessment column (report/phrase.c, docs/style-vi.md), best to worst */
    const char *words[] = {_("met"),     _("likely to be met"), _("at risk"),       _("likely to be missed"),
                           _("not met"), _("indeterminate"),    _("no figures yet")};
    static const char *const cls[] = {"v-met", "v-met", "v-risk", "v-not", "v-not", "v-none", "v-none"};
    chiso_buf b;
    chiso_buf_init(&b);
    for (const char *p = body; *p;) {
        int hit = 0;
        if (strncmp(p, "<td>", 4) == 0) {
            for (size_t k = 0; k < sizeof words / sizeof *words && !hit; k++) {
                size_t n = strlen(words[k]);
                if (strncmp(p + 4, words[k], n) == 0 && strncmp(p + 4 + n, "</td>", 5) == 0) {
                    chiso_buf_printf(&b, "<td class=\"%s\">", cls[k]);
                    p += 4;
                    hit = 1;
                }
            }
        }
        if (!hit)
            chiso_buf_append(&b, p++, 1);
    }
    return chiso_buf_take(&b);
}

static long unit_param(const chiso_dataset *ds, const char *code)
{
    return code && *code ? chiso_dataset_find_unit(ds, code) : -1;
}

/* The results page; the library lock is held. */
char *results_page(const session *s, chiso_lang lang, const char *unit_code, unsigned *code)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    *code = MHD_HTTP_OK;
    page_start(&b, lang, _("Results"));
    chiso_status st = d ? session_load(s, d, &ds, &err) : CHISO_ENOMEM;
    if (st == CHISO_OK) {
        chiso_error e2;
        chiso_error_clear(&e2);
        chiso_dataset_check(ds, d, &e2);
    }
    if (st != CHISO_OK || chiso_diags_errors(d)) {
        chiso_buf_puts(&b, "<p class=\"bad\">");
        esc(&b, _("These figures have errors: see the check page first."));
        chiso_buf_puts(&b, "</p>\n<p><a href=\"/check?s=");
        url_part(&b, s->id);
        chiso_buf_printf(&b, "&amp;lang=%s\">", lang_code(lang));
        esc(&b, _("Check of the figures"));
        chiso_buf_puts(&b, "</a></p>\n");
        *code = MHD_HTTP_UNPROCESSABLE_CONTENT;
        goto done;
    }
    long unit = unit_param(ds, unit_code);
    if (unit_code && *unit_code && unit < 0) {
        chiso_buf_puts(&b, "<p class=\"bad\">");
        esc(&b, _("There is no such unit in these figures: choose one from the list."));
        chiso_buf_puts(&b, "</p>\n");
        *code = MHD_HTTP_NOT_FOUND;
    }
    chiso_unit_info ui;
    lang_switch(&b, lang, "/results", s->id, unit >= 0 && chiso_dataset_unit(ds, (size_t)unit, &ui) == CHISO_OK ? ui.code : NULL);
    /* the unit selector: a plain GET form; chiso.js submits it on change */
    chiso_buf_puts(&b, "<form method=\"get\" action=\"/results\" class=\"units\" id=\"unit-form\">\n"
                       "<input type=\"hidden\" name=\"s\" value=\"");
    esc(&b, s->id);
    chiso_buf_printf(&b, "\"><input type=\"hidden\" name=\"lang\" value=\"%s\">\n<label for=\"unit\">", lang_code(lang));
    esc(&b, _("Unit:"));
    chiso_buf_puts(&b, "</label> <select name=\"unit\" id=\"unit\">\n<option value=\"\">");
    esc(&b, _("the whole organisation (top units)"));
    chiso_buf_puts(&b, "</option>\n");
    for (size_t i = 0; i < chiso_dataset_n_units(ds); i++) {
        if (chiso_dataset_unit(ds, i, &ui) != CHISO_OK)
            continue;
        chiso_buf_puts(&b, "<option value=\"");
        esc(&b, ui.code);
        chiso_buf_printf(&b, "\"%s>", (long)i == unit ? " selected" : "");
        esc(&b, ui.name && *ui.name ? ui.name : ui.code);
        chiso_buf_puts(&b, "</option>\n");
    }
    chiso_buf_puts(&b, "</select> <button type=\"submit\" class=\"go\">");
    esc(&b, _("Show"));
    chiso_buf_puts(&b, "</button>\n</form>\n");
    /* downloads */
    chiso_buf_puts(&b, "<nav class=\"downloads\" id=\"downloads\">");
    esc(&b, _("Download the report:"));
    static const char *const kinds[] = {"docx", "xlsx", "html", "md", "zip"};
    static const char *const labels[] = {N_("Word (DOCX)"), N_("Excel (XLSX)"), N_("web page (HTML)"),
                                         N_("text (Markdown)"), N_("everything (ZIP)")};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        chiso_buf_printf(&b, " <a class=\"button\" id=\"dl-%s\" href=\"/download?s=", kinds[k]);
        url_part(&b, s->id);
        chiso_buf_printf(&b, "&amp;lang=%s&amp;what=%s", lang_code(lang), kinds[k]);
        if (unit >= 0 && chiso_dataset_unit(ds, (size_t)unit, &ui) == CHISO_OK) {
            chiso_buf_puts(&b, "&amp;unit=");
            url_part(&b, ui.code);
        }
        chiso_buf_puts(&b, "\">");
        esc(&b, _(labels[k]));
        chiso_buf_puts(&b, "</a>");
    }
    chiso_buf_puts(&b, "</nav>\n<form method=\"post\" action=\"/fill\" enctype=\"multipart/form-data\" class=\"fill\">\n");
    token_field(&b, lang);
    chiso_buf_puts(&b, "<input type=\"hidden\" name=\"s\" value=\"");
    esc(&b, s->id);
    chiso_buf_puts(&b, "\">");
    if (unit >= 0 && chiso_dataset_unit(ds, (size_t)unit, &ui) == CHISO_OK) {
        chiso_buf_puts(&b, "<input type=\"hidden\" name=\"unit\" value=\"");
        esc(&b, ui.code);
        chiso_buf_puts(&b, "\">");
    }
    chiso_buf_puts(&b, "\n<label for=\"draft\">");
    esc(&b, _("Fill your own draft (Word .docx or Markdown .md with {{placeholders}}):"));
    chiso_buf_puts(&b, "</label> <input type=\"file\" id=\"draft\" name=\"file\" accept=\".docx,.md,.txt\" required> "
                       "<button type=\"submit\" id=\"fill\">");
    esc(&b, _("Fill"));
    chiso_buf_puts(&b, "</button>\n</form>\n<article class=\"report\">\n");
    char *dir = make_report(s, ds, unit, "html", lang, &err);
    char *body = dir ? report_body(dir) : NULL;
    if (body) { /* the server's own folder is nobody's business: "so-lieu.xlsx", not /tmp/chiso-serve-…/ */
        size_t dl = strlen(s->dir);
        char *w = body;
        for (char *r = body; *r;) {
            if (strncmp(r, s->dir, dl) == 0 && r[dl] == '/')
                r += dl + 1;
            else
                *w++ = *r++;
        }
        *w = 0;
        char *coloured = colour_verdicts(body);
        chiso_buf_puts(&b, coloured ? coloured : body);
        free(coloured); /* written by the report writer, which escapes every dataset text */
    } else {
        chiso_buf_puts(&b, "<p class=\"bad\">");
        esc(&b, _("The report could not be made:"));
        chiso_buf_puts(&b, " ");
        esc(&b, err.msg);
        chiso_buf_puts(&b, "</p>\n");
        *code = MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
    free(body);
    free(dir);
    chiso_buf_puts(&b, "</article>\n");
done:
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return page_end(&b);
}

/* Add every file under dir (relative names) to the ZIP z. */
static int zip_add_tree(zip_t *z, const char *root, const char *rel)
{
    char path[8192];
    snprintf(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *dh = opendir(path);
    if (!dh)
        return -1;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096], full[8192 + 16];
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        if ((size_t)snprintf(full, sizeof full, "%.8000s/%s", root, sub) >= sizeof full) continue;
        struct stat st;
        if (lstat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = zip_add_tree(z, root, sub);
        } else if (S_ISREG(st.st_mode)) {
            zip_source_t *src = zip_source_file(z, full, 0, -1);
            if (!src || zip_file_add(z, sub, src, ZIP_FL_ENC_UTF_8) < 0) {
                zip_source_free(src);
                rc = -1;
            }
        }
    }
    closedir(dh);
    return rc;
}

/* A download; the library lock is held. On success the body, its length, type and name are set. */
int download(const session *s, chiso_lang lang, const char *unit_code, const char *what, char **body,
             size_t *len, const char **type, const char **name, char **errmsg)
{
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    int ok = 0;
    char *dir = NULL;
    if (!d || session_load(s, d, &ds, &err) != CHISO_OK || (chiso_dataset_check(ds, d, &err), chiso_diags_errors(d))) {
        *errmsg = strdup(_("These figures have errors: see the check page first."));
        goto done;
    }
    dir = make_report(s, ds, unit_param(ds, unit_code), "md,html,xlsx,csv,docx", lang, &err);
    if (!dir) {
        *errmsg = strdup(err.msg);
        goto done;
    }
    char path[8192];
    if (strcmp(what, "zip") == 0) {
        snprintf(path, sizeof path, "%s.zip", dir);
        if (access(path, R_OK) != 0) {
            char tmp[8192];
            snprintf(tmp, sizeof tmp, "%s.zip.tmp", dir);
            int ze = 0;
            zip_t *z = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &ze);
            if (!z || zip_add_tree(z, dir, "") != 0 || zip_close(z) != 0 || rename(tmp, path) != 0) {
                if (z)
                    zip_discard(z);
                unlink(tmp);
                *errmsg = strdup(_("The ZIP file could not be made."));
                goto done;
            }
        }
        *type = "application/zip";
        *name = "attachment; filename=\"chiso-report.zip\"";
    } else {
        static const char *const kinds[][4] = {
            {"xlsx", "report.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "attachment; filename=\"report.xlsx\""},
            {"html", "report.html", "text/html; charset=utf-8", "attachment; filename=\"report.html\""},
            {"md", "report.md", "text/markdown; charset=utf-8", "attachment; filename=\"report.md\""},
            {"docx", "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "attachment; filename=\"report.docx\""}};
        size_t k = 0;
        while (k < 4 && strcmp(kinds[k][0], what) != 0)
            k++;
        if (k == 4) {
            *errmsg = strdup(_("There is no such download."));
            goto done;
        }
        snprintf(path, sizeof path, "%s/%s", dir, kinds[k][1]);
        *type = kinds[k][2];
        *name = kinds[k][3];
    }
    *body = chiso_read_all(path, len);
    if (!*body) {
        *errmsg = strdup(_("The report could not be made."));
        goto done;
    }
    ok = 1;
done:
    free(dir);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return ok;
}

/* The blank template workbook in the current language; the library lock is held. */
char *template_book(size_t *len)
{
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/chiso-serve-XXXXXX", the_server.tmpdir);
    if (!mkdtemp(tmpl))
        return NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/mau-so-lieu.xlsx", tmpl);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    chiso_load_opts lo;
    chiso_load_opts_default(&lo);
    char *body = NULL;
    if (d && chiso_dataset_load_mem("", 0, NULL, NULL, NULL, &lo, d, &ds, &err) == CHISO_OK &&
        chiso_template_write(path, NULL, 0, NULL, ds, &err) == CHISO_OK)
        body = chiso_read_all(path, len);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    serve_rmtree(tmpl);
    return body;
}

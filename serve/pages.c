/*
 * serve/pages.c — the pages of `chiso serve` before the results: the page frame (and the pages that say what
 * went wrong, or that the server is busy), the start page, the check page, and the style sheet and script
 * served as files.
 */
#define _XOPEN_SOURCE 700
#include "serve/serve_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- page frame ------------------------------------------------------------------------------- */

const char *lang_code(chiso_lang l)
{
    return l == CHISO_LANG_EN ? "en" : "vi";
}

void page_start(chiso_buf *b, chiso_lang lang, const char *title)
{
    chiso_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
                     lang_code(lang));
    esc(b, title);
    chiso_buf_puts(b, " — chiso</title>\n<link rel=\"stylesheet\" href=\"/static/chiso.css\">\n"
                      "<script src=\"/static/chiso.js\" defer></script>\n</head>\n<body>\n<header><a class=\"home\" href=\"/?lang=");
    chiso_buf_puts(b, lang_code(lang));
    chiso_buf_puts(b, "\">chiso</a> <span class=\"tag\">");
    esc(b, _("figures of congress terms: check, compare, targets, planning"));
    chiso_buf_puts(b, "</span></header>\n<main>\n<h1>");
    esc(b, title);
    chiso_buf_puts(b, "</h1>\n");
}

char *page_end(chiso_buf *b)
{
    chiso_buf_puts(b, "</main>\n</body>\n</html>\n");
    return chiso_buf_take(b);
}

/* A page that says what went wrong and what to do, with a way back. */
char *message_page(chiso_lang lang, const char *title, const char *msg, const char *what_to_do)
{
    chiso_buf b;
    chiso_buf_init(&b);
    page_start(&b, lang, title);
    chiso_buf_puts(&b, "<p class=\"bad\">");
    esc(&b, msg);
    chiso_buf_puts(&b, "</p>\n");
    if (what_to_do) {
        chiso_buf_puts(&b, "<p>");
        esc(&b, what_to_do);
        chiso_buf_puts(&b, "</p>\n");
    }
    chiso_buf_printf(&b, "<p><a href=\"/?lang=%s\">", lang_code(lang));
    esc(&b, _("Back to the start page"));
    chiso_buf_puts(&b, "</a></p>\n");
    return page_end(&b);
}

/* Take the library for this request; 0 when it stayed busy for wait_limit seconds. */
int work_lock(chiso_lang lang)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += the_server.o.wait_limit;
    if (pthread_mutex_timedlock(&the_server.wmu, &ts) != 0)
        return 0;
    chiso_set_lang(lang, NULL);
    return 1;
}

enum MHD_Result send_busy(struct MHD_Connection *c, chiso_lang lang)
{
    const char *p = the_server.busy[lang == CHISO_LANG_EN];
    char *copy = strdup(p);
    return copy ? send_html(c, MHD_HTTP_SERVICE_UNAVAILABLE, copy) : MHD_NO;
}

enum MHD_Result fail_page(struct MHD_Connection *c, unsigned code, chiso_lang lang, const char *title,
                          const char *msg, const char *todo)
{
    if (!work_lock(lang))
        return send_busy(c, lang);
    char *html = message_page(lang, _(title), _(msg), todo ? _(todo) : NULL);
    pthread_mutex_unlock(&the_server.wmu);
    return html ? send_html(c, code, html) : MHD_NO;
}

/* ---- pages ------------------------------------------------------------------------------------ */

void token_field(chiso_buf *b, chiso_lang lang)
{
    chiso_buf_printf(b, "<input type=\"hidden\" name=\"token\" value=\"%s\">"
                        "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", the_server.token, lang_code(lang));
}

void lang_switch(chiso_buf *b, chiso_lang lang, const char *path, const char *sid, const char *unit)
{
    chiso_buf_puts(b, "<nav class=\"lang\">");
    for (int l = 0; l < 2; l++) {
        chiso_lang to = l ? CHISO_LANG_EN : CHISO_LANG_VI;
        if (to == lang) {
            chiso_buf_printf(b, "<strong>%s</strong> ", l ? "English" : "Tiếng Việt");
            continue;
        }
        chiso_buf_printf(b, "<a id=\"lang-%s\" href=\"%s?lang=%s", lang_code(to), path, lang_code(to));
        if (sid) {
            chiso_buf_puts(b, "&amp;s=");
            url_part(b, sid);
        }
        if (unit) {
            chiso_buf_puts(b, "&amp;unit=");
            url_part(b, unit);
        }
        chiso_buf_printf(b, "\">%s</a> ", l ? "English" : "Tiếng Việt");
    }
    chiso_buf_puts(b, "</nav>\n");
}

char *start_page(chiso_lang lang)
{
    chiso_buf b;
    chiso_buf_init(&b);
    page_start(&b, lang, _("Check and report the figures of a congress term"));
    lang_switch(&b, lang, "/", NULL, NULL);
    chiso_buf_puts(&b, "<section><h2>");
    esc(&b, _("1. Upload your figures"));
    chiso_buf_puts(&b, "</h2>\n<p>");
    esc(&b, _("An Excel workbook typed in chiso's template, or a ZIP file of the dataset's CSV files (units.csv, "
              "terms.csv, indicators.csv, observations.csv and, if you have them, targets.csv, verdicts.csv, "
              "rules.csv); at most 20 MB."));
    chiso_buf_printf(&b, " <a id=\"template\" href=\"/template?lang=%s\">", lang_code(lang));
    esc(&b, _("Download the blank template workbook"));
    chiso_buf_puts(&b, "</a></p>\n<form method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\">\n");
    token_field(&b, lang);
    chiso_buf_puts(&b, "<input type=\"file\" id=\"file\" name=\"file\" accept=\".zip,.xlsx\" required> <button type=\"submit\" id=\"send\">");
    esc(&b, _("Upload and check"));
    chiso_buf_puts(&b, "</button>\n</form>\n</section>\n<section><h2>");
    esc(&b, _("2. Or open a dataset that is already here"));
    chiso_buf_puts(&b, "</h2>\n<form method=\"post\" action=\"/open\" enctype=\"multipart/form-data\">\n");
    token_field(&b, lang);
    chiso_buf_puts(&b, "<button type=\"submit\" name=\"dataset\" value=\"\" id=\"open-default\">");
    esc(&b, _("Open the built-in dataset (Hải Phòng)"));
    chiso_buf_puts(&b, "</button>\n");
    for (size_t i = 0; i < the_server.n_datasets; i++) {
        chiso_buf_puts(&b, " <button type=\"submit\" name=\"dataset\" value=\"");
        esc(&b, the_server.datasets[i]);
        chiso_buf_puts(&b, "\">");
        esc(&b, the_server.datasets[i]);
        chiso_buf_puts(&b, "</button>\n");
    }
    chiso_buf_puts(&b, "</form>\n</section>\n<p class=\"note\">");
    esc(&b, _("Your files stay on this machine: each upload is kept in a folder of its own and deleted after "
              "30 minutes or when the server stops."));
    chiso_buf_puts(&b, "</p>\n");
    return page_end(&b);
}

/* The line `line` (1-based) of file path, as typed (at most 2000 bytes); NULL when not readable. */
static char *line_of(const char *path, long line)
{
    if (line <= 0 || !path)
        return NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    chiso_buf b;
    chiso_buf_init(&b);
    long cur = 1;
    int ch;
    while ((ch = fgetc(f)) != EOF) {
        if (ch == '\n') {
            if (cur == line)
                break;
            cur++;
            continue;
        }
        if (cur == line && ch != '\r' && b.len < 2000) {
            char c1 = (char)ch;
            chiso_buf_append(&b, &c1, 1);
        }
    }
    fclose(f);
    if (cur != line) {
        chiso_buf_free(&b);
        return NULL;
    }
    return chiso_buf_take(&b);
}

static const char *base_name(const char *p)
{
    const char *s = p ? strrchr(p, '/') : NULL;
    return s ? s + 1 : p ? p : "";
}

/* The check page; the library lock is held. */
char *check_page(const session *s, chiso_lang lang, unsigned *code)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    *code = MHD_HTTP_OK;
    page_start(&b, lang, _("Check of the figures"));
    lang_switch(&b, lang, "/check", s->id, NULL);
    chiso_buf_puts(&b, "<p>");
    esc(&b, session_title(s));
    chiso_buf_puts(&b, "</p>\n");
    chiso_status st = d ? session_load(s, d, &ds, &err) : CHISO_ENOMEM;
    if (st != CHISO_OK) {
        chiso_buf_puts(&b, "<p class=\"verdict bad\" id=\"usable\">");
        esc(&b, _("These figures cannot be used: the dataset cannot be read."));
        chiso_buf_puts(&b, "</p>\n<p>");
        char msg[2048];
        chiso_error_format(&err, msg, sizeof msg);
        esc(&b, base_name(msg) == msg ? msg : msg); /* the message names the file */
        chiso_buf_puts(&b, "</p>\n");
        *code = MHD_HTTP_UNPROCESSABLE_CONTENT;
    } else {
        chiso_error e2;
        chiso_error_clear(&e2);
        chiso_dataset_check(ds, d, &e2);
        chiso_diags_sort(d);
        size_t ne = chiso_diags_errors(d), nw = chiso_diags_warnings(d);
        chiso_buf_printf(&b, "<p class=\"count\" id=\"count\">");
        chiso_buf_printf(&b, _("%zu errors, %zu warnings"), ne, nw);
        chiso_buf_printf(&b, " · ");
        chiso_buf_printf(&b, _("%zu units, %zu terms, %zu figures, %zu targets"), chiso_dataset_n_units(ds),
                         chiso_dataset_n_terms(ds), chiso_dataset_n_obs(ds), chiso_dataset_n_targets(ds));
        chiso_buf_puts(&b, "</p>\n");
        if (ne) {
            chiso_buf_puts(&b, "<p class=\"verdict bad\" id=\"usable\">");
            esc(&b, _("These figures cannot be used yet: correct the errors below, then upload the files again."));
            *code = MHD_HTTP_UNPROCESSABLE_CONTENT;
        } else {
            chiso_buf_puts(&b, "<p class=\"verdict good\" id=\"usable\">");
            esc(&b, nw ? _("These figures can be used. Read the warnings below: they may change a result.")
                       : _("These figures can be used: no problem found."));
        }
        chiso_buf_puts(&b, "</p>\n");
        if (!ne) {
            chiso_buf_puts(&b, "<p><a class=\"button\" id=\"to-results\" href=\"/results?s=");
            url_part(&b, s->id);
            chiso_buf_printf(&b, "&amp;lang=%s\">", lang_code(lang));
            esc(&b, _("See the results"));
            chiso_buf_puts(&b, "</a></p>\n");
        }
        /* errors first, then warnings, then notes; grouped by file */
        for (int sev = CHISO_ERROR; sev >= CHISO_NOTE; sev--) {
            const char *last = NULL;
            int open = 0;
            for (size_t i = 0; i < chiso_diags_count(d); i++) {
                const chiso_diag *g1 = chiso_diags_get(d, i);
                if ((int)g1->severity != sev)
                    continue;
                const char *file = g1->file ? g1->file : "";
                if (!last || strcmp(last, file) != 0) {
                    if (open)
                        chiso_buf_puts(&b, "</ol>\n");
                    chiso_buf_printf(&b, "<h2 class=\"%s\">", sev == CHISO_ERROR ? "bad" : sev == CHISO_WARNING ? "warn" : "note");
                    esc(&b, sev == CHISO_ERROR ? _("Errors") : sev == CHISO_WARNING ? _("Warnings") : _("Notes"));
                    chiso_buf_puts(&b, " — ");
                    if (*file && file[strlen(file) - 1] == '!') {
                        const char *sheet = strrchr(file, ':');
                        char name[256];
                        snprintf(name, sizeof name, "%s", sheet ? sheet + 1 : file);
                        name[strlen(name) - 1] = 0;
                        chiso_buf e1;
                        chiso_buf_init(&e1);
                        esc(&e1, name);
                        char *en = chiso_buf_take(&e1);
                        chiso_buf_printf(&b, _("sheet %s"), en ? en : "");
                        free(en);
                    } else {
                        esc(&b, *file ? base_name(file) : _("the dataset as a whole"));
                    }
                    chiso_buf_puts(&b, "</h2>\n<ol class=\"diags\">\n");
                    open = 1;
                    last = file;
                }
                chiso_buf_printf(&b, "<li class=\"%s\">", sev == CHISO_ERROR ? "bad" : sev == CHISO_WARNING ? "warn" : "note");
                size_t flen = strlen(file);
                if (g1->line > 0 && flen && file[flen - 1] == '!') { /* a workbook: "sheet!E12" */
                    char place[512];
                    const char *sheet = strrchr(file, ':');
                    chiso_place_format(sheet ? sheet + 1 : file, g1->line, g1->col, place, sizeof place);
                    chiso_buf_puts(&b, "<span class=\"where\">");
                    chiso_buf_printf(&b, _("cell %s"), place);
                    chiso_buf_puts(&b, "</span> ");
                } else if (g1->line > 0) {
                    chiso_buf_puts(&b, "<span class=\"where\">");
                    chiso_buf_printf(&b, _("line %ld"), g1->line);
                    if (g1->col > 0) {
                        chiso_buf_puts(&b, ", ");
                        chiso_buf_printf(&b, _("column %ld"), g1->col);
                    }
                    chiso_buf_puts(&b, "</span> ");
                }
                chiso_buf_puts(&b, "<span class=\"msg\">");
                esc(&b, g1->msg);
                chiso_buf_puts(&b, "</span>");
                char *row = s->kind == S_DEFAULT ? NULL : line_of(g1->file, g1->line);
                if (row) {
                    chiso_buf_puts(&b, "<br><span class=\"label\">");
                    esc(&b, _("as typed:"));
                    chiso_buf_puts(&b, "</span> <code>");
                    esc(&b, row);
                    chiso_buf_puts(&b, "</code>");
                    free(row);
                }
                chiso_buf_puts(&b, "</li>\n");
            }
            if (open)
                chiso_buf_puts(&b, "</ol>\n");
        }
        if (chiso_diags_dropped(d)) {
            chiso_buf_puts(&b, "<p>");
            chiso_buf_printf(&b, _("%zu more problems are not shown."), chiso_diags_dropped(d));
            chiso_buf_puts(&b, "</p>\n");
        }
    }
    chiso_buf_printf(&b, "<p><a href=\"/?lang=%s\">", lang_code(lang));
    esc(&b, _("Back to the start page"));
    chiso_buf_puts(&b, "</a></p>\n");
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return page_end(&b);
}

/* ---- static files ----------------------------------------------------------------------------- */

const char CSS_TEXT[] =
    "body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;margin:0;color:#1a1a1a;background:#fafafa;line-height:1.45}\n"
    "header{background:#8b1a1a;color:#fff;padding:.5em 1.5em}header a.home{color:#fff;font-weight:bold;font-size:1.3em;text-decoration:none}\n"
    "header .tag{margin-left:1em;opacity:.9}\n"
    "main{max-width:1200px;margin:0 auto;padding:1em 1.5em;background:#fff}\n"
    "h1{font-size:1.6em;margin:.3em 0}h2{font-size:1.25em;margin:1.2em 0 .4em}\n"
    "section{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:1em 0}\n"
    "button,a.button{font-size:1em;padding:.4em .9em;border:1px solid #8b1a1a;border-radius:4px;background:#8b1a1a;color:#fff;text-decoration:none;cursor:pointer;display:inline-block;margin:.15em 0}\n"
    "[hidden]{display:none!important}\n"
    "nav.lang{float:right}nav.downloads{margin:.8em 0}\n"
    ".bad{color:#a40000}.warn{color:#8a5a00}.note{color:#555}.good{color:#1e6b1e}\n"
    "p.verdict{font-weight:bold;font-size:1.15em;padding:.5em .8em;border-radius:4px}\n"
    "p.verdict.bad{background:#fde8e8}p.verdict.good{background:#e6f4e6}\n"
    "p.count{font-size:1.1em}ol.diags li{margin:.35em 0}.where{font-weight:bold}code{background:#f2f2f2;padding:0 .25em;white-space:pre-wrap;word-break:break-all}\n"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.92em}th,td{border:1px solid #ccc;padding:.2em .45em;vertical-align:top}\n"
    "th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:bold;padding:.3em 0}\n"
    "figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{font-size:.9em;color:#444}\n"
    "blockquote{border-left:4px solid #ccc;margin:.5em 0;padding:.2em .8em;color:#333}\n"
    "td.v-met{background:#e6f4e6;color:#1e6b1e;font-weight:bold}td.v-not{background:#fde8e8;color:#a40000;font-weight:bold}\n"
    "td.v-risk{background:#fff3d6;color:#8a5a00;font-weight:bold}td.v-none{color:#555;font-style:italic}\n"
    "@media print{header,nav,form,.button{display:none}main{max-width:none;padding:0}section{border:none}figure,table{break-inside:avoid}}\n";

const char JS_TEXT[] =
    "// chiso serve: submit the unit selector when it changes (the page works without this file).\n"
    "document.addEventListener('DOMContentLoaded', function () {\n"
    "  var sel = document.getElementById('unit');\n"
    "  if (!sel) return;\n"
    "  var go = document.querySelector('#unit-form button.go');\n"
    "  if (go) go.hidden = true;\n"
    "  sel.addEventListener('change', function () { sel.form.submit(); });\n"
    "});\n";

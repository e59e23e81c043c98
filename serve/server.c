/* serve/server.c — `chiso serve`: a local web page over the same library the command uses.
 *
 * HTTP by libmicrohttpd (a thread pool; no hand-written server). Pages are rendered on the server and
 * work without JavaScript; /static/chiso.js only submits the unit selector when it changes, served
 * as a file so that the Content-Security-Policy can forbid inline script.
 *
 * Safety: loopback by default, another address only with --auth (HTTP Basic, compared in constant
 * time); a request body is limited (SERVE_MAX_UPLOAD); each upload or opened dataset has its own
 * mkdtemp folder under $TMPDIR, removed after session_ttl and at shutdown; --data is only read; no
 * shell is called. The library's language and GSL's handler are process-wide, so every page that
 * uses them is rendered under one lock; a request that cannot take it within wait_limit seconds gets
 * a "busy" page (503), not a hang. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "serve/serve.h"
#include "chiso/ingest.h"
#include "chiso/report.h"
#include "ingest/util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#define MAX_SESSIONS 128
#define MAX_UPLOADING 32
#define MAX_DATASETS 64

typedef enum { S_FREE = 0, S_UPLOAD, S_DEFAULT, S_DATA } skind;

typedef struct session {
    skind kind;
    char id[33];
    char *dir;          /* the session's own mkdtemp folder */
    char *data;         /* --data dataset name (S_DATA) */
    time_t created;
} session;

static struct {
    struct MHD_Daemon *d;
    serve_opts o;
    pthread_mutex_t smu;      /* sessions */
    pthread_mutex_t wmu;      /* the library: language, GSL, analyses */
    session s[MAX_SESSIONS];
    char token[33];           /* the form token */
    char *user, *pass;        /* --auth */
    char *datasets[MAX_DATASETS];
    size_t n_datasets;
    int uploading;
    char *busy[2];            /* the busy page, vi and en, made at start */
    const char *tmpdir;
} g;

/* ---- small helpers ---------------------------------------------------------------------------- */

static void random_hex(char *out, size_t nbytes)
{
    unsigned char b[32];
    size_t got = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t r = read(fd, b, nbytes);
        got = r > 0 ? (size_t)r : 0;
        close(fd);
    }
    for (size_t i = got; i < nbytes; i++) /* never reached on Linux; still something unpredictable-ish */
        b[i] = (unsigned char)(rand() ^ (int)time(NULL) ^ (int)i);
    for (size_t i = 0; i < nbytes; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
    out[2 * nbytes] = 0;
}

/* Constant-time comparison of two strings (the time depends only on their lengths' maximum). */
static int ct_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), n = la > lb ? la : lb;
    unsigned char diff = (unsigned char)(la != lb);
    for (size_t i = 0; i < n; i++) {
        unsigned char ca = i < la ? (unsigned char)a[i] : 0, cb = i < lb ? (unsigned char)b[i] : 0;
        diff |= (unsigned char)(ca ^ cb);
    }
    return diff == 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int serve_rmtree(const char *dir)
{
    if (!dir || !*dir)
        return -1;
    return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void esc(chiso_buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&': chiso_buf_puts(b, "&amp;"); break;
        case '<': chiso_buf_puts(b, "&lt;"); break;
        case '>': chiso_buf_puts(b, "&gt;"); break;
        case '"': chiso_buf_puts(b, "&quot;"); break;
        case '\'': chiso_buf_puts(b, "&#39;"); break;
        default: chiso_buf_append(b, p, 1);
        }
    }
}

/* A query value made safe for a URL (only what the pages put in links: ids, codes, language). */
static void url_part(chiso_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.')
            chiso_buf_append(b, (const char *)p, 1);
        else
            chiso_buf_printf(b, "%%%02X", *p);
    }
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    chiso_buf b;
    chiso_buf_init(&b);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        chiso_buf_append(&b, tmp, n);
    fclose(f);
    if (len)
        *len = b.len;
    return chiso_buf_take(&b);
}

/* ---- responses -------------------------------------------------------------------------------- */

static const char *CSP = "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
                         "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned code, const char *type, char *body,
                                size_t len, const char *disposition)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (disposition)
        MHD_add_response_header(r, "Content-Disposition", disposition);
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_html(struct MHD_Connection *c, unsigned code, char *html)
{
    return send_buf(c, code, "text/html; charset=utf-8", html, strlen(html), NULL);
}

static enum MHD_Result redirect(struct MHD_Connection *c, const char *to)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Location", to);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_SEE_OTHER, r);
    MHD_destroy_response(r);
    return ret;
}

/* ---- page frame ------------------------------------------------------------------------------- */

static const char *lang_code(chiso_lang l)
{
    return l == CHISO_LANG_EN ? "en" : "vi";
}

static void page_start(chiso_buf *b, chiso_lang lang, const char *title)
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

static char *page_end(chiso_buf *b)
{
    chiso_buf_puts(b, "</main>\n</body>\n</html>\n");
    return chiso_buf_take(b);
}

/* A page that says what went wrong and what to do, with a way back. */
static char *message_page(chiso_lang lang, const char *title, const char *msg, const char *what_to_do)
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
static int work_lock(chiso_lang lang)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += g.o.wait_limit;
    if (pthread_mutex_timedlock(&g.wmu, &ts) != 0)
        return 0;
    chiso_set_lang(lang, NULL);
    return 1;
}

static enum MHD_Result send_busy(struct MHD_Connection *c, chiso_lang lang)
{
    const char *p = g.busy[lang == CHISO_LANG_EN];
    char *copy = strdup(p);
    return copy ? send_html(c, MHD_HTTP_SERVICE_UNAVAILABLE, copy) : MHD_NO;
}

/* ---- sessions --------------------------------------------------------------------------------- */

/* A new session with its own folder; returns its index or -1 (full, or no folder). smu not held. */
static int session_new(skind kind, const char *data)
{
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/chiso-serve-XXXXXX", g.tmpdir);
    pthread_mutex_lock(&g.smu);
    int k = -1;
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (g.s[i].kind == S_FREE) {
            k = i;
            break;
        }
    if (k >= 0 && mkdtemp(tmpl)) {
        session *s = &g.s[k];
        s->kind = kind;
        random_hex(s->id, 16);
        s->dir = strdup(tmpl);
        s->data = data ? strdup(data) : NULL;
        s->created = time(NULL);
        if (!s->dir) {
            rmdir(tmpl);
            s->kind = S_FREE;
            k = -1;
        }
    } else {
        k = -1;
    }
    pthread_mutex_unlock(&g.smu);
    return k;
}

static void session_drop_locked(session *s)
{
    if (s->dir)
        serve_rmtree(s->dir);
    free(s->dir);
    free(s->data);
    memset(s, 0, sizeof *s);
}

/* Copy of the session named id (its strings duplicated: free with session_copy_free); 0 if none. */
static int session_get(const char *id, session *out)
{
    int found = 0;
    memset(out, 0, sizeof *out);
    if (!id)
        return 0;
    pthread_mutex_lock(&g.smu);
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (g.s[i].kind != S_FREE && ct_equal(g.s[i].id, id)) {
            *out = g.s[i];
            out->dir = strdup(g.s[i].dir);
            out->data = g.s[i].data ? strdup(g.s[i].data) : NULL;
            found = out->dir != NULL;
            break;
        }
    pthread_mutex_unlock(&g.smu);
    return found;
}

static void session_copy_free(session *s)
{
    free(s->dir);
    free(s->data);
}

static void sessions_expire(int all)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&g.smu);
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (g.s[i].kind != S_FREE && (all || now - g.s[i].created > (time_t)g.o.session_ttl))
            session_drop_locked(&g.s[i]);
    pthread_mutex_unlock(&g.smu);
}

/* Load the dataset of a session. The library lock is held. */
static chiso_status session_load(const session *s, chiso_diags *d, chiso_dataset **ds, chiso_error *err)
{
    chiso_load_opts lo;
    chiso_load_opts_default(&lo);
    if (s->kind == S_DEFAULT) {
        lo.illustrative = 1; /* its targets are illustrative (the report says so): they show the verdicts */
        return chiso_dataset_load_default(&lo, d, ds, err);
    }
    char path[8192];
    if (s->kind == S_DATA) {
        snprintf(path, sizeof path, "%s/%s", g.o.data_dir, s->data);
        return chiso_dataset_open(path, &lo, d, ds, err);
    }
    snprintf(path, sizeof path, "%s/so-lieu.xlsx", s->dir);
    if (access(path, F_OK) == 0)
        return chiso_dataset_load_xlsx(path, &lo, d, ds, err);
    snprintf(path, sizeof path, "%s/data", s->dir);
    return chiso_dataset_load(path, &lo, d, ds, err);
}

static const char *session_title(const session *s)
{
    return s->kind == S_DEFAULT ? _("the built-in dataset (Hải Phòng)") : s->kind == S_DATA ? s->data : _("your upload");
}

/* ---- pages ------------------------------------------------------------------------------------ */

static void token_field(chiso_buf *b, chiso_lang lang)
{
    chiso_buf_printf(b, "<input type=\"hidden\" name=\"token\" value=\"%s\">"
                        "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", g.token, lang_code(lang));
}

static void lang_switch(chiso_buf *b, chiso_lang lang, const char *path, const char *sid, const char *unit)
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

static char *start_page(chiso_lang lang)
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
    for (size_t i = 0; i < g.n_datasets; i++) {
        chiso_buf_puts(&b, " <button type=\"submit\" name=\"dataset\" value=\"");
        esc(&b, g.datasets[i]);
        chiso_buf_puts(&b, "\">");
        esc(&b, g.datasets[i]);
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
static char *check_page(const session *s, chiso_lang lang, unsigned *code)
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
    char *html = read_file(path, NULL);
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
static char *results_page(const session *s, chiso_lang lang, const char *unit_code, unsigned *code)
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
static int download(const session *s, chiso_lang lang, const char *unit_code, const char *what, char **body,
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
    *body = read_file(path, len);
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
static char *template_book(size_t *len)
{
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/chiso-serve-XXXXXX", g.tmpdir);
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
        body = read_file(path, len);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    serve_rmtree(tmpl);
    return body;
}

/* ---- static files ----------------------------------------------------------------------------- */

static const char CSS_TEXT[] =
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

static const char JS_TEXT[] =
    "// chiso serve: submit the unit selector when it changes (the page works without this file).\n"
    "document.addEventListener('DOMContentLoaded', function () {\n"
    "  var sel = document.getElementById('unit');\n"
    "  if (!sel) return;\n"
    "  var go = document.querySelector('#unit-form button.go');\n"
    "  if (go) go.hidden = true;\n"
    "  sel.addEventListener('change', function () { sel.form.submit(); });\n"
    "});\n";

/* ---- requests --------------------------------------------------------------------------------- */

typedef enum { R_GET = 0, R_UPLOAD, R_OPEN, R_FILL, R_BAD } rkind;

typedef struct req {
    rkind kind;
    struct MHD_PostProcessor *pp;
    int fd;                 /* the uploaded file, in the session's folder */
    int sid;                /* session index (upload) or -1 */
    uint64_t bytes;
    int too_big, counted, has_file, has_dataset;
    char token[80];
    char lang[8];
    char dataset[256];
    char fsid[40];          /* /fill: the session, the unit, and the template in memory */
    char unit[128];
    chiso_buf tpl;
} req;

static chiso_lang parse_lang(const char *v)
{
    return v && strcmp(v, "en") == 0 ? CHISO_LANG_EN : CHISO_LANG_VI;
}

static void copy_field(char *dst, size_t cap, const char *data, uint64_t off, size_t size)
{
    size_t have = strnlen(dst, cap);
    if (off != have || have + size >= cap)
        return;
    memcpy(dst + have, data, size);
    dst[have + size] = 0;
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                const char *ctype, const char *enc, const char *data, uint64_t off, size_t size)
{
    (void)kind;
    (void)filename;
    (void)ctype;
    (void)enc;
    req *r = cls;
    if (strcmp(key, "token") == 0)
        copy_field(r->token, sizeof r->token, data, off, size);
    else if (strcmp(key, "lang") == 0)
        copy_field(r->lang, sizeof r->lang, data, off, size);
    else if (strcmp(key, "dataset") == 0) {
        r->has_dataset = 1;
        copy_field(r->dataset, sizeof r->dataset, data, off, size);
    } else if (strcmp(key, "s") == 0) {
        copy_field(r->fsid, sizeof r->fsid, data, off, size);
    } else if (strcmp(key, "unit") == 0) {
        copy_field(r->unit, sizeof r->unit, data, off, size);
    } else if (strcmp(key, "file") == 0 && r->kind == R_FILL) {
        r->has_file = 1;
        chiso_buf_append(&r->tpl, data, size);
    } else if (strcmp(key, "file") == 0 && r->kind == R_UPLOAD && r->fd >= 0) {
        r->has_file = 1;
        if (size && write(r->fd, data, size) != (ssize_t)size)
            return MHD_NO;
    }
    return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls, enum MHD_RequestTerminationCode tc)
{
    (void)cls;
    (void)c;
    (void)tc;
    req *r = *req_cls;
    if (!r)
        return;
    if (r->pp)
        MHD_destroy_post_processor(r->pp);
    chiso_buf_free(&r->tpl);
    if (r->fd >= 0)
        close(r->fd);
    if (r->sid >= 0) { /* an upload that did not become a session: its folder goes */
        pthread_mutex_lock(&g.smu);
        session_drop_locked(&g.s[r->sid]);
        pthread_mutex_unlock(&g.smu);
    }
    if (r->counted) {
        pthread_mutex_lock(&g.smu);
        g.uploading--;
        pthread_mutex_unlock(&g.smu);
    }
    free(r);
    *req_cls = NULL;
}

static int token_ok(struct MHD_Connection *c, const req *r)
{
    /* a cross-site form is refused by its token, and by the browser's own word when it gives it */
    const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
    if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
        return 0;
    return r->token[0] && ct_equal(r->token, g.token);
}

static enum MHD_Result page_locked(struct MHD_Connection *c, chiso_lang lang, int which, const session *s,
                                   const char *unit)
{
    if (!work_lock(lang))
        return send_busy(c, lang);
    unsigned code = MHD_HTTP_OK;
    char *html = which == 0 ? start_page(lang) : which == 1 ? check_page(s, lang, &code)
                                                            : results_page(s, lang, unit, &code);
    pthread_mutex_unlock(&g.wmu);
    return html ? send_html(c, code, html) : MHD_NO;
}

static enum MHD_Result fail_page(struct MHD_Connection *c, unsigned code, chiso_lang lang, const char *title,
                                 const char *msg, const char *todo)
{
    if (!work_lock(lang))
        return send_busy(c, lang);
    char *html = message_page(lang, _(title), _(msg), todo ? _(todo) : NULL);
    pthread_mutex_unlock(&g.wmu);
    return html ? send_html(c, code, html) : MHD_NO;
}

static int auth_ok(struct MHD_Connection *c)
{
    if (!g.user)
        return 1;
    char *pass = NULL;
    char *user = MHD_basic_auth_get_username_password(c, &pass);
    int ok = user && pass && (ct_equal(user, g.user) & ct_equal(pass, g.pass));
    MHD_free(user);
    MHD_free(pass);
    return ok;
}

/* The upload is in; check it and make it a session. */
static enum MHD_Result finish_upload(struct MHD_Connection *c, req *r)
{
    chiso_lang lang = parse_lang(r->lang);
    if (!token_ok(c, r))
        return fail_page(c, MHD_HTTP_FORBIDDEN, lang, N_("The form has expired"),
                         N_("This form was not sent from this page (its security token is missing or wrong)."),
                         N_("Open the start page again and send the file from there."));
    if (r->too_big)
        return fail_page(c, MHD_HTTP_CONTENT_TOO_LARGE, lang, N_("The file is too large"),
                         N_("The file is larger than 20 MB."), N_("Upload only the workbook, or the dataset's CSV files in a ZIP file."));
    if (!r->has_file || r->bytes == 0)
        return fail_page(c, MHD_HTTP_BAD_REQUEST, lang, N_("No file"), N_("No file was chosen."),
                         N_("Choose the workbook or the ZIP file of your dataset, then press the button."));
    close(r->fd);
    r->fd = -1;
    session s;
    pthread_mutex_lock(&g.smu);
    s = g.s[r->sid];
    pthread_mutex_unlock(&g.smu);
    char up[8192], data[8192];
    snprintf(up, sizeof up, "%s/upload", s.dir);
    snprintf(data, sizeof data, "%s/data", s.dir);
    if (!work_lock(lang))
        return send_busy(c, lang);
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st;
    char head[8] = {0};
    FILE *f = fopen(up, "rb");
    size_t nh = f ? fread(head, 1, 4, f) : 0;
    if (f)
        fclose(f);
    if (nh < 4 || memcmp(head, "PK\3\4", 4) != 0) {
        st = chiso_error_set(&err, CHISO_EINVAL, NULL, 0, 0, "%s",
                             _("the file is neither an Excel workbook nor a ZIP of CSV files"));
    } else if (mkdir(data, 0700) != 0) {
        st = chiso_error_set(&err, CHISO_EIO, NULL, 0, 0, "%s", chiso_strerror(CHISO_EIO));
    } else {
        int ze = 0;
        zip_t *z = zip_open(up, ZIP_RDONLY, &ze);
        int is_wb = z && zip_name_locate(z, "xl/workbook.xml", 0) >= 0;
        if (z)
            zip_discard(z);
        if (is_wb) { /* read by the library's workbook reader on the check page */
            char book[8192];
            snprintf(book, sizeof book, "%s/so-lieu.xlsx", s.dir);
            st = rename(up, book) == 0 ? CHISO_OK
                                       : chiso_error_set(&err, CHISO_EIO, NULL, 0, 0, "%s", chiso_strerror(CHISO_EIO));
        } else {
            st = serve_unzip(up, data, &err);
        }
    }
    unlink(up);
    char *html = NULL;
    if (st != CHISO_OK)
        html = message_page(lang, _("The file cannot be used"), err.msg,
                            _("Upload the workbook typed in chiso's template, or a ZIP file of the dataset's CSV files (units.csv, terms.csv, indicators.csv, observations.csv, …)."));
    pthread_mutex_unlock(&g.wmu);
    if (st != CHISO_OK) /* the session folder is removed when the request completes */
        return html ? send_html(c, MHD_HTTP_UNPROCESSABLE_CONTENT, html) : MHD_NO;
    int sid = r->sid;
    r->sid = -1; /* it lives on as a session */
    char to[128];
    snprintf(to, sizeof to, "/check?s=%s&lang=%s", s.id, lang_code(lang));
    (void)sid;
    return redirect(c, to);
}

static enum MHD_Result finish_open(struct MHD_Connection *c, req *r)
{
    chiso_lang lang = parse_lang(r->lang);
    if (!token_ok(c, r))
        return fail_page(c, MHD_HTTP_FORBIDDEN, lang, N_("The form has expired"),
                         N_("This form was not sent from this page (its security token is missing or wrong)."),
                         N_("Open the start page again and send the file from there."));
    const char *name = r->dataset;
    int known = !*name;
    for (size_t i = 0; i < g.n_datasets && !known; i++)
        known = strcmp(g.datasets[i], name) == 0;
    if (!known)
        return fail_page(c, MHD_HTTP_NOT_FOUND, lang, N_("No such dataset"), N_("There is no dataset of that name here."), NULL);
    int k = session_new(*name ? S_DATA : S_DEFAULT, *name ? name : NULL);
    if (k < 0)
        return send_busy(c, lang);
    char to[128];
    pthread_mutex_lock(&g.smu);
    snprintf(to, sizeof to, "/check?s=%s&lang=%s", g.s[k].id, lang_code(lang));
    pthread_mutex_unlock(&g.smu);
    return redirect(c, to);
}

/* chiso fill on an uploaded draft (Markdown or DOCX): the filled document comes back as a download, or
 * a page with every placeholder that cannot be filled and why. */
static enum MHD_Result finish_fill(struct MHD_Connection *c, req *r)
{
    chiso_lang lang = parse_lang(r->lang);
    if (!token_ok(c, r))
        return fail_page(c, MHD_HTTP_FORBIDDEN, lang, N_("The form has expired"),
                         N_("This form was not sent from this page (its security token is missing or wrong)."),
                         N_("Open the start page again and send the file from there."));
    if (r->too_big)
        return fail_page(c, MHD_HTTP_CONTENT_TOO_LARGE, lang, N_("The file is too large"),
                         N_("The file is larger than 20 MB."), NULL);
    if (!r->has_file || r->tpl.len == 0)
        return fail_page(c, MHD_HTTP_BAD_REQUEST, lang, N_("No file"), N_("No file was chosen."),
                         N_("Choose your draft (Word .docx or Markdown .md), then press the button."));
    session s;
    if (!session_get(r->fsid, &s))
        return fail_page(c, MHD_HTTP_NOT_FOUND, lang, N_("These figures are no longer here"),
                         N_("Uploaded figures are kept for 30 minutes and deleted when the server stops."),
                         N_("Upload the file again."));
    if (!work_lock(lang)) {
        session_copy_free(&s);
        return send_busy(c, lang);
    }
    chiso_diags *d = chiso_diags_new(), *fd = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_filler *f = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    void *out = NULL;
    size_t out_n = 0;
    int is_docx = r->tpl.len >= 4 && memcmp(r->tpl.data, "PK\3\4", 4) == 0;
    chiso_status st = d && fd ? session_load(&s, d, &ds, &err) : CHISO_ENOMEM;
    if (st == CHISO_OK) {
        chiso_fill_opts fo;
        chiso_fill_opts_default(&fo);
        fo.unit = r->unit[0] ? r->unit : NULL;
        fo.illustrative = s.kind == S_DEFAULT;
        st = chiso_filler_new(ds, &fo, &f, &err);
    }
    if (st == CHISO_OK)
        st = chiso_fill_mem(f, is_docx ? "du-thao.docx" : "du-thao.md", r->tpl.data, r->tpl.len, &out, &out_n, fd, &err);
    char *html = NULL;
    if (st != CHISO_OK) {
        chiso_buf b;
        chiso_buf_init(&b);
        page_start(&b, lang, _("The draft cannot be filled"));
        chiso_buf_puts(&b, "<p class=\"bad\">");
        esc(&b, err.msg);
        chiso_buf_puts(&b, "</p>\n");
        if (fd && chiso_diags_count(fd) > 1) {
            chiso_buf_puts(&b, "<ol class=\"diags\">\n");
            for (size_t i = 0; i < chiso_diags_count(fd); i++) {
                const chiso_diag *g1 = chiso_diags_get(fd, i);
                char place[512];
                chiso_place_format(g1->file, g1->line, g1->col, place, sizeof place);
                chiso_buf_puts(&b, "<li><span class=\"where\">");
                esc(&b, place);
                chiso_buf_puts(&b, "</span> ");
                esc(&b, g1->msg);
                chiso_buf_puts(&b, "</li>\n");
            }
            chiso_buf_puts(&b, "</ol>\n");
        }
        chiso_buf_puts(&b, "<p>");
        esc(&b, _("Correct the placeholders in your draft (docs/fill.md lists them), then send it again."));
        chiso_buf_printf(&b, "</p>\n<p><a href=\"/results?s=");
        url_part(&b, s.id);
        chiso_buf_printf(&b, "&amp;lang=%s\">", lang_code(lang));
        esc(&b, _("Results"));
        chiso_buf_puts(&b, "</a></p>\n");
        html = page_end(&b);
    }
    chiso_filler_free(f);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    chiso_diags_free(fd);
    pthread_mutex_unlock(&g.wmu);
    session_copy_free(&s);
    if (st != CHISO_OK)
        return html ? send_html(c, MHD_HTTP_UNPROCESSABLE_CONTENT, html) : MHD_NO;
    return send_buf(c, MHD_HTTP_OK,
                    is_docx ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                            : "text/markdown; charset=utf-8",
                    out, out_n, is_docx ? "attachment; filename=\"du-thao-da-dien.docx\""
                                        : "attachment; filename=\"du-thao-da-dien.md\"");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *data, size_t *size, void **req_cls)
{
    (void)cls;
    (void)version;
    req *r = *req_cls;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        r->fd = -1;
        r->sid = -1;
        chiso_buf_init(&r->tpl);
        *req_cls = r;
        if (!auth_ok(c)) {
            static const char denied[] = "<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\"><title>chiso</title>"
                                         "<p>Cần mật khẩu. / A password is needed.</p></html>";
            struct MHD_Response *resp = MHD_create_response_from_buffer(sizeof denied - 1, (void *)denied,
                                                                        MHD_RESPMEM_PERSISTENT);
            if (!resp)
                return MHD_NO;
            MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
            MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
            MHD_add_response_header(resp, "X-Frame-Options", "DENY");
            enum MHD_Result ret = MHD_queue_basic_auth_fail_response(c, "chiso", resp);
            MHD_destroy_response(resp);
            r->kind = R_BAD;
            return ret;
        }
        if (strcmp(method, "POST") == 0) {
            const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            const char *ql = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
            chiso_lang lang = parse_lang(ql);
            r->kind = strcmp(url, "/upload") == 0 ? R_UPLOAD : strcmp(url, "/open") == 0 ? R_OPEN
                    : strcmp(url, "/fill") == 0 ? R_FILL : R_BAD;
            if (r->kind == R_BAD)
                return fail_page(c, MHD_HTTP_NOT_FOUND, lang, N_("Page not found"), N_("There is no such page."), NULL);
            if (cl && strtoull(cl, NULL, 10) > SERVE_MAX_UPLOAD) {
                r->kind = R_BAD;
                return fail_page(c, MHD_HTTP_CONTENT_TOO_LARGE, lang, N_("The file is too large"),
                                 N_("The file is larger than 20 MB."),
                                 N_("Upload only the workbook, or the dataset's CSV files in a ZIP file."));
            }
            if (r->kind == R_UPLOAD) {
                pthread_mutex_lock(&g.smu);
                int busy = g.uploading >= MAX_UPLOADING;
                if (!busy) {
                    g.uploading++;
                    r->counted = 1;
                }
                pthread_mutex_unlock(&g.smu);
                if (busy || (r->sid = session_new(S_UPLOAD, NULL)) < 0) {
                    r->kind = R_BAD;
                    return send_busy(c, lang);
                }
                char up[8192];
                pthread_mutex_lock(&g.smu);
                snprintf(up, sizeof up, "%s/upload", g.s[r->sid].dir);
                pthread_mutex_unlock(&g.smu);
                r->fd = open(up, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (r->fd < 0)
                    return MHD_NO;
            }
            r->pp = MHD_create_post_processor(c, 65536, on_field, r);
            if (!r->pp) {
                r->kind = R_BAD;
                return fail_page(c, MHD_HTTP_BAD_REQUEST, lang, N_("The form cannot be read"),
                                 N_("The browser sent the form in a form chiso does not read."), NULL);
            }
        }
        return MHD_YES;
    }
    if (r->kind == R_BAD) { /* a response is already queued */
        *size = 0;
        return MHD_YES;
    }
    if (strcmp(method, "POST") == 0) {
        if (*size) {
            r->bytes += *size;
            if (r->bytes > SERVE_MAX_UPLOAD)
                r->too_big = 1;
            else if (MHD_post_process(r->pp, data, *size) != MHD_YES)
                r->too_big = r->too_big; /* a malformed body: the checks below answer it */
            *size = 0;
            return MHD_YES;
        }
        return r->kind == R_UPLOAD ? finish_upload(c, r) : r->kind == R_FILL ? finish_fill(c, r) : finish_open(c, r);
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return fail_page(c, MHD_HTTP_METHOD_NOT_ALLOWED, CHISO_LANG_VI, N_("Page not found"), N_("There is no such page."), NULL);
    chiso_lang lang = parse_lang(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    if (strcmp(url, "/static/chiso.css") == 0) {
        char *b = strdup(CSS_TEXT);
        return b ? send_buf(c, MHD_HTTP_OK, "text/css; charset=utf-8", b, strlen(b), NULL) : MHD_NO;
    }
    if (strcmp(url, "/static/chiso.js") == 0) {
        char *b = strdup(JS_TEXT);
        return b ? send_buf(c, MHD_HTTP_OK, "text/javascript; charset=utf-8", b, strlen(b), NULL) : MHD_NO;
    }
    if (strcmp(url, "/") == 0)
        return page_locked(c, lang, 0, NULL, NULL);
    if (strcmp(url, "/template") == 0) {
        if (!work_lock(lang))
            return send_busy(c, lang);
        size_t len = 0;
        char *book = template_book(&len);
        pthread_mutex_unlock(&g.wmu);
        if (!book)
            return fail_page(c, MHD_HTTP_INTERNAL_SERVER_ERROR, lang, N_("The download cannot be made"),
                             N_("The template workbook could not be written."), NULL);
        return send_buf(c, MHD_HTTP_OK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", book, len,
                        "attachment; filename=\"mau-so-lieu.xlsx\"");
    }
    int is_check = strcmp(url, "/check") == 0, is_results = strcmp(url, "/results") == 0,
        is_dl = strcmp(url, "/download") == 0;
    if (!is_check && !is_results && !is_dl)
        return fail_page(c, MHD_HTTP_NOT_FOUND, lang, N_("Page not found"), N_("There is no such page."), NULL);
    session s;
    if (!session_get(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "s"), &s))
        return fail_page(c, MHD_HTTP_NOT_FOUND, lang, N_("These figures are no longer here"),
                         N_("Uploaded figures are kept for 30 minutes and deleted when the server stops."),
                         N_("Upload the file again."));
    const char *unit = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "unit");
    enum MHD_Result ret;
    if (is_dl) {
        const char *what = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "what");
        if (!work_lock(lang)) {
            session_copy_free(&s);
            return send_busy(c, lang);
        }
        char *body = NULL, *errmsg = NULL;
        size_t len = 0;
        const char *type = NULL, *disp = NULL;
        int ok = download(&s, lang, unit, what ? what : "", &body, &len, &type, &disp, &errmsg);
        char *html = ok ? NULL : message_page(lang, _("The download cannot be made"), errmsg ? errmsg : "", NULL);
        pthread_mutex_unlock(&g.wmu);
        free(errmsg);
        ret = ok ? send_buf(c, MHD_HTTP_OK, type, body, len, disp)
                 : html ? send_html(c, MHD_HTTP_UNPROCESSABLE_CONTENT, html) : MHD_NO;
    } else {
        ret = page_locked(c, lang, is_check ? 1 : 2, &s, unit);
    }
    session_copy_free(&s);
    return ret;
}

/* ---- start and stop --------------------------------------------------------------------------- */

static int is_loopback(const struct sockaddr_in *a)
{
    return (ntohl(a->sin_addr.s_addr) >> 24) == 127;
}

static chiso_status read_auth(const char *path, chiso_error *err)
{
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text)
        return chiso_error_set(err, CHISO_EINVAL, path, 0, 0, "%s", _("cannot read the password file"));
    char *nl = strpbrk(text, "\r\n");
    if (nl)
        *nl = 0;
    char *colon = strchr(text, ':');
    if (!colon || colon == text || !colon[1]) {
        free(text);
        return chiso_error_set(err, CHISO_EINVAL, path, 1, 0, "%s",
                               _("the password file must hold one line 'user:password'"));
    }
    *colon = 0;
    g.user = strdup(text);
    g.pass = strdup(colon + 1);
    free(text);
    return g.user && g.pass ? CHISO_OK : chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", chiso_strerror(CHISO_ENOMEM));
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static chiso_status list_datasets(const char *dir, chiso_error *err)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return chiso_error_set(err, CHISO_EINVAL, dir, 0, 0, "%s", _("cannot read the --data folder"));
    struct dirent *e;
    while ((e = readdir(dh)) && g.n_datasets < MAX_DATASETS) {
        const char *n = e->d_name;
        int ok = n[0] != '.' && strlen(n) < 128;
        for (const char *p = n; ok && *p; p++)
            ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
        char units[8192];
        snprintf(units, sizeof units, "%s/%s/units.csv", dir, n);
        if (ok && access(units, R_OK) == 0)
            g.datasets[g.n_datasets++] = strdup(n);
    }
    closedir(dh);
    qsort(g.datasets, g.n_datasets, sizeof *g.datasets, name_cmp);
    return CHISO_OK;
}

static int g_stop[2] = {-1, -1}; /* the stop pipe: SIGTERM and SIGINT write into it */

static void on_stop_signal(int sig)
{
    (void)sig;
    char c = 1;
    if (write(g_stop[1], &c, 1) < 0) { /* nothing to do: a byte is already waiting */
    }
}

chiso_status serve_run(const serve_opts *opts, chiso_error *err)
{
    chiso_status st = CHISO_OK;
    memset(&g, 0, sizeof g);
    g.o = *opts;
    const char *ttl = getenv("CHISO_SERVE_TTL"); /* seconds; the tests shorten the 30 minutes */
    if (!g.o.session_ttl && ttl && atoi(ttl) > 0)
        g.o.session_ttl = (unsigned)atoi(ttl);
    if (!g.o.session_ttl)
        g.o.session_ttl = 1800;
    if (!g.o.wait_limit)
        g.o.wait_limit = 30;
    g.tmpdir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    pthread_mutex_init(&g.smu, NULL);
    pthread_mutex_init(&g.wmu, NULL);
    random_hex(g.token, 16);

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    const char *listen = g.o.listen ? g.o.listen : "127.0.0.1:8080";
    const char *colon = strrchr(listen, ':');
    char host[64];
    char *end = NULL;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    size_t hl = colon ? (size_t)(colon - listen) : 0;
    if (!colon || hl == 0 || hl >= sizeof host || !end || *end || end == colon + 1 || port < 0 || port > 65535) {
        st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, _("--listen '%s': give ADDRESS:PORT, e.g. 127.0.0.1:8080"), listen);
        goto out;
    }
    memcpy(host, listen, hl);
    host[hl] = 0;
    if (strcmp(host, "localhost") == 0)
        strcpy(host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, _("--listen '%s': give ADDRESS:PORT, e.g. 127.0.0.1:8080"), listen);
        goto out;
    }
    addr.sin_port = htons((uint16_t)port);
    if (g.o.auth_file && (st = read_auth(g.o.auth_file, err)) != CHISO_OK)
        goto out;
    if (!is_loopback(&addr) && !g.user) {
        st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                             _("--listen %s is reachable from other machines: set a password with --auth FILE "
                               "(a line 'user:password'), or listen on 127.0.0.1"), listen);
        goto out;
    }
    if (g.o.data_dir && (st = list_datasets(g.o.data_dir, err)) != CHISO_OK)
        goto out;
    for (int l = 0; l < 2; l++) {
        chiso_lang lang = l ? CHISO_LANG_EN : CHISO_LANG_VI;
        chiso_set_lang(lang, NULL);
        g.busy[l] = message_page(lang, _("Busy"), _("chiso is busy with other people's figures right now."),
                                 _("Wait a minute, then reload this page."));
    }

    /* SIGTERM and SIGINT are taken by this thread only: the pool's threads start with them blocked; the
     * handler writes a byte into a pipe that the loop below polls (and expires old uploads meanwhile) */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    signal(SIGPIPE, SIG_IGN);
    if (pipe(g_stop) != 0) {
        st = chiso_error_set(err, CHISO_EIO, NULL, 0, 0, "%s", chiso_strerror(CHISO_EIO));
        goto out;
    }
    fcntl(g_stop[1], F_SETFL, O_NONBLOCK);
    struct sigaction sa, old_term, old_int;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGINT, &sa, &old_int);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    g.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, NULL,
                           MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&addr,
                           MHD_OPTION_THREAD_POOL_SIZE, (unsigned)4,
                           MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
                           MHD_OPTION_CONNECTION_LIMIT, (unsigned)128,
                           MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(is_loopback(&addr) ? 0 : 16),
                           MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                           MHD_OPTION_END);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!g.d) {
        st = chiso_error_set(err, CHISO_EIO, NULL, 0, 0, _("cannot listen on %s (is the port in use?)"), listen);
        goto restore;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(g.d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info ? info->port : (unsigned)port;
    chiso_set_lang(opts->lang, NULL);
    if (!is_loopback(&addr))
        fprintf(stderr, _("chiso serve: warning: listening on %s, reachable from other machines; the password "
                          "travels unencrypted (HTTP Basic): use it only on the office's own network\n"), host);
    printf(_("chiso serve: open http://%s:%u/ in a browser (Ctrl+C stops)\n"), host, bound);
    fflush(stdout);
    for (;;) {
        struct pollfd pfd = {g_stop[0], POLLIN, 0};
        int r = poll(&pfd, 1, g.o.session_ttl < 5 ? 1000 : 5000);
        if (r > 0)
            break;
        sessions_expire(0);
    }
    MHD_stop_daemon(g.d);
    sessions_expire(1);
    printf("%s\n", _("chiso serve: stopped; the temporary folders are removed"));
    fflush(stdout);
restore:
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGINT, &old_int, NULL);
    close(g_stop[0]);
    close(g_stop[1]);
out:
    sessions_expire(1);
    free(g.busy[0]);
    free(g.busy[1]);
    free(g.user);
    free(g.pass);
    for (size_t i = 0; i < g.n_datasets; i++)
        free(g.datasets[i]);
    pthread_mutex_destroy(&g.smu);
    pthread_mutex_destroy(&g.wmu);
    return st;
}

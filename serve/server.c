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
 * a "busy" page (503), not a hang.
 *
 * This file starts and stops the server and routes each request; the rest is in files of their own,
 * listed in serve_int.h. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "serve/serve_int.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static enum MHD_Result page_locked(struct MHD_Connection *c, chiso_lang lang, int which, const session *s,
                                   const char *unit)
{
    if (!work_lock(lang))
        return send_busy(c, lang);
    unsigned code = MHD_HTTP_OK;
    char *html = which == 0 ? start_page(lang) : which == 1 ? check_page(s, lang, &code)
                                                            : results_page(s, lang, unit, &code);
    pthread_mutex_unlock(&the_server.wmu);
    return html ? send_html(c, code, html) : MHD_NO;
}

static int auth_ok(struct MHD_Connection *c)
{
    if (!the_server.user)
        return 1;
    char *pass = NULL;
    char *user = MHD_basic_auth_get_username_password(c, &pass);
    int ok = user && pass && (ct_equal(user, the_server.user) & ct_equal(pass, the_server.pass));
    MHD_free(user);
    MHD_free(pass);
    return ok;
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
                pthread_mutex_lock(&the_server.smu);
                int busy = the_server.uploading >= MAX_UPLOADING;
                if (!busy) {
                    the_server.uploading++;
                    r->counted = 1;
                }
                pthread_mutex_unlock(&the_server.smu);
                if (busy || (r->sid = session_new(S_UPLOAD, NULL)) < 0) {
                    r->kind = R_BAD;
                    return send_busy(c, lang);
                }
                char up[8192];
                pthread_mutex_lock(&the_server.smu);
                snprintf(up, sizeof up, "%s/upload", the_server.s[r->sid].dir);
                pthread_mutex_unlock(&the_server.smu);
                r->fd = open(up, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (r->fd < 0)
                    return MHD_NO;
            }
            r->pp = MHD_create_post_processor(c, 65536, on_field, r);
            if (!r->pp) {
                r->kind = R_BAD;
                upload_refused(r);
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
        pthread_mutex_unlock(&the_server.wmu);
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
        pthread_mutex_unlock(&the_server.wmu);
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
    char *text = chiso_read_all(path, &len);
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
    the_server.user = strdup(text);
    the_server.pass = strdup(colon + 1);
    free(text);
    return the_server.user && the_server.pass ? CHISO_OK : chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", chiso_strerror(CHISO_ENOMEM));
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
    while ((e = readdir(dh)) && the_server.n_datasets < MAX_DATASETS) {
        const char *n = e->d_name;
        int ok = n[0] != '.' && strlen(n) < 128;
        for (const char *p = n; ok && *p; p++)
            ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
        char units[8192];
        snprintf(units, sizeof units, "%s/%s/units.csv", dir, n);
        if (ok && access(units, R_OK) == 0)
            the_server.datasets[the_server.n_datasets++] = strdup(n);
    }
    closedir(dh);
    qsort(the_server.datasets, the_server.n_datasets, sizeof *the_server.datasets, name_cmp);
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
    memset(&the_server, 0, sizeof the_server);
    the_server.o = *opts;
    const char *ttl = getenv("CHISO_SERVE_TTL"); /* seconds; the tests shorten the 30 minutes */
    if (!the_server.o.session_ttl && ttl && atoi(ttl) > 0)
        the_server.o.session_ttl = (unsigned)atoi(ttl);
    if (!the_server.o.session_ttl)
        the_server.o.session_ttl = 1800;
    if (!the_server.o.wait_limit)
        the_server.o.wait_limit = 30;
    the_server.tmpdir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    pthread_mutex_init(&the_server.smu, NULL);
    pthread_mutex_init(&the_server.wmu, NULL);
    random_hex(the_server.token, 16);

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    const char *listen = the_server.o.listen ? the_server.o.listen : "127.0.0.1:8080";
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
    if (the_server.o.auth_file && (st = read_auth(the_server.o.auth_file, err)) != CHISO_OK)
        goto out;
    if (!is_loopback(&addr) && !the_server.user) {
        st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                             _("--listen %s is reachable from other machines: set a password with --auth FILE "
                               "(a line 'user:password'), or listen on 127.0.0.1"), listen);
        goto out;
    }
    if (the_server.o.data_dir && (st = list_datasets(the_server.o.data_dir, err)) != CHISO_OK)
        goto out;
    for (int l = 0; l < 2; l++) {
        chiso_lang lang = l ? CHISO_LANG_EN : CHISO_LANG_VI;
        chiso_set_lang(lang, NULL);
        the_server.busy[l] = message_page(lang, _("Busy"), _("chiso is busy with other people's figures right now."),
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
    the_server.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, NULL,
                           MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&addr,
                           MHD_OPTION_THREAD_POOL_SIZE, (unsigned)4,
                           MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
                           MHD_OPTION_CONNECTION_LIMIT, (unsigned)128,
                           MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(is_loopback(&addr) ? 0 : 16),
                           MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                           MHD_OPTION_END);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!the_server.d) {
        st = chiso_error_set(err, CHISO_EIO, NULL, 0, 0, _("cannot listen on %s (is the port in use?)"), listen);
        goto restore;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(the_server.d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info ? info->port : (unsigned)port;
    chiso_set_lang(opts->lang, NULL);
    if (!is_loopback(&addr))
        fprintf(stderr, _("chiso serve: warning: listening on %s, reachable from other machines; the password "
                          "travels unencrypted (HTTP Basic): use it only on the office's own network\n"), host);
    printf(_("chiso serve: open http://%s:%u/ in a browser (Ctrl+C stops)\n"), host, bound);
    fflush(stdout);
    for (;;) {
        struct pollfd pfd = {g_stop[0], POLLIN, 0};
        int r = poll(&pfd, 1, the_server.o.session_ttl < 5 ? 1000 : 5000);
        if (r > 0)
            break;
        sessions_expire(0);
    }
    MHD_stop_daemon(the_server.d);
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
    free(the_server.busy[0]);
    free(the_server.busy[1]);
    free(the_server.user);
    free(the_server.pass);
    for (size_t i = 0; i < the_server.n_datasets; i++)
        free(the_server.datasets[i]);
    pthread_mutex_destroy(&the_server.smu);
    pthread_mutex_destroy(&the_server.wmu);
    return st;
}

/*
 * serve/upload.c — the forms posted to `chiso serve`: their fields as they arrive, an upload checked and
 * unpacked into its session (a workbook or a ZIP of CSV files), a dataset of --data opened, a draft filled;
 * and what is left of a request when it ends.
 */
#define _XOPEN_SOURCE 700
#include "serve/serve_int.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

chiso_lang parse_lang(const char *v)
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

enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
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

void on_completed(void *cls, struct MHD_Connection *c, void **req_cls, enum MHD_RequestTerminationCode tc)
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
        pthread_mutex_lock(&the_server.smu);
        session_drop_locked(&the_server.s[r->sid]);
        pthread_mutex_unlock(&the_server.smu);
    }
    if (r->counted) {
        pthread_mutex_lock(&the_server.smu);
        the_server.uploading--;
        pthread_mutex_unlock(&the_server.smu);
    }
    free(r);
    *req_cls = NULL;
}

void upload_refused(req *r)
{
    if (r->fd >= 0) {
        close(r->fd);
        r->fd = -1;
    }
    if (r->sid >= 0) {
        pthread_mutex_lock(&the_server.smu);
        session_drop_locked(&the_server.s[r->sid]);
        pthread_mutex_unlock(&the_server.smu);
        r->sid = -1;
    }
}

static int token_ok(struct MHD_Connection *c, const req *r)
{
    /* a cross-site form is refused by its token, and by the browser's own word when it gives it */
    const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
    if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
        return 0;
    return r->token[0] && ct_equal(r->token, the_server.token);
}

/* The upload is in; check it and make it a session. */
enum MHD_Result finish_upload(struct MHD_Connection *c, req *r)
{
    chiso_lang lang = parse_lang(r->lang);
    /* every refusal below removes the upload's folder before its page is queued (upload_refused) */
    if (!token_ok(c, r)) {
        upload_refused(r);
        return fail_page(c, MHD_HTTP_FORBIDDEN, lang, N_("The form has expired"),
                         N_("This form was not sent from this page (its security token is missing or wrong)."),
                         N_("Open the start page again and send the file from there."));
    }
    if (r->too_big) {
        upload_refused(r);
        return fail_page(c, MHD_HTTP_CONTENT_TOO_LARGE, lang, N_("The file is too large"),
                         N_("The file is larger than 20 MB."), N_("Upload only the workbook, or the dataset's CSV files in a ZIP file."));
    }
    if (!r->has_file || r->bytes == 0) {
        upload_refused(r);
        return fail_page(c, MHD_HTTP_BAD_REQUEST, lang, N_("No file"), N_("No file was chosen."),
                         N_("Choose the workbook or the ZIP file of your dataset, then press the button."));
    }
    close(r->fd);
    r->fd = -1;
    session s;
    pthread_mutex_lock(&the_server.smu);
    s = the_server.s[r->sid];
    pthread_mutex_unlock(&the_server.smu);
    char up[8192], data[8192];
    snprintf(up, sizeof up, "%s/upload", s.dir);
    snprintf(data, sizeof data, "%s/data", s.dir);
    if (!work_lock(lang)) {
        upload_refused(r);
        return send_busy(c, lang);
    }
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
    pthread_mutex_unlock(&the_server.wmu);
    if (st != CHISO_OK) {
        upload_refused(r);
        return html ? send_html(c, MHD_HTTP_UNPROCESSABLE_CONTENT, html) : MHD_NO;
    }
    int sid = r->sid;
    r->sid = -1; /* it lives on as a session */
    char to[128];
    snprintf(to, sizeof to, "/check?s=%s&lang=%s", s.id, lang_code(lang));
    (void)sid;
    return redirect(c, to);
}

enum MHD_Result finish_open(struct MHD_Connection *c, req *r)
{
    chiso_lang lang = parse_lang(r->lang);
    if (!token_ok(c, r))
        return fail_page(c, MHD_HTTP_FORBIDDEN, lang, N_("The form has expired"),
                         N_("This form was not sent from this page (its security token is missing or wrong)."),
                         N_("Open the start page again and send the file from there."));
    const char *name = r->dataset;
    int known = !*name;
    for (size_t i = 0; i < the_server.n_datasets && !known; i++)
        known = strcmp(the_server.datasets[i], name) == 0;
    if (!known)
        return fail_page(c, MHD_HTTP_NOT_FOUND, lang, N_("No such dataset"), N_("There is no dataset of that name here."), NULL);
    int k = session_new(*name ? S_DATA : S_DEFAULT, *name ? name : NULL);
    if (k < 0)
        return send_busy(c, lang);
    char to[128];
    pthread_mutex_lock(&the_server.smu);
    snprintf(to, sizeof to, "/check?s=%s&lang=%s", the_server.s[k].id, lang_code(lang));
    pthread_mutex_unlock(&the_server.smu);
    return redirect(c, to);
}

/* chiso fill on an uploaded draft (Markdown or DOCX): the filled document comes back as a download, or
 * a page with every placeholder that cannot be filled and why. */
enum MHD_Result finish_fill(struct MHD_Connection *c, req *r)
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
    pthread_mutex_unlock(&the_server.wmu);
    session_copy_free(&s);
    if (st != CHISO_OK)
        return html ? send_html(c, MHD_HTTP_UNPROCESSABLE_CONTENT, html) : MHD_NO;
    return send_buf(c, MHD_HTTP_OK,
                    is_docx ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                            : "text/markdown; charset=utf-8",
                    out, out_n, is_docx ? "attachment; filename=\"du-thao-da-dien.docx\""
                                        : "attachment; filename=\"du-thao-da-dien.md\"");
}

/*
 * serve/http.c — HTTP plumbing of `chiso serve`: responses with their security headers (a
 * Content-Security-Policy that forbids inline script), a redirect, HTML and URL escaping, and small helpers
 * (random ids, constant-time comparison, removing a folder).
 */
#define _XOPEN_SOURCE 700
#include "serve/serve_int.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- small helpers ---------------------------------------------------------------------------- */

void random_hex(char *out, size_t nbytes)
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
int ct_equal(const char *a, const char *b)
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

void esc(chiso_buf *b, const char *s)
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
void url_part(chiso_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.')
            chiso_buf_append(b, (const char *)p, 1);
        else
            chiso_buf_printf(b, "%%%02X", *p);
    }
}

/* ---- responses -------------------------------------------------------------------------------- */

static const char *CSP = "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
                         "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

enum MHD_Result send_buf(struct MHD_Connection *c, unsigned code, const char *type, char *body,
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

enum MHD_Result send_html(struct MHD_Connection *c, unsigned code, char *html)
{
    return send_buf(c, code, "text/html; charset=utf-8", html, strlen(html), NULL);
}

enum MHD_Result redirect(struct MHD_Connection *c, const char *to)
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

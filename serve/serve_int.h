/* serve/serve_int.h — what the files of `chiso serve` share (never installed).
 *
 *   server.c   start and stop, and the router: which page or form answers a request
 *   http.c     HTTP plumbing: responses with their security headers, escaping, small helpers
 *   session.c  sessions: an upload's or an opened dataset's own folder, found by its id, expired
 *   pages.c    the page frame, the start and check pages, the style sheet and script
 *   results.c  the results page (the report of a unit) and the downloads
 *   upload.c   the forms posted: their fields as they arrive, an upload checked and unpacked, a dataset
 *              opened, a draft filled
 *   unzip.c    a ZIP of CSV files checked and unpacked (serve.h)
 */
#ifndef CHISO_SERVE_INT_H
#define CHISO_SERVE_INT_H

#include "serve/serve.h"
#include "chiso/ingest.h"
#include "chiso/report.h"
#include "ingest/util.h"

#include <microhttpd.h>
#include <pthread.h>
#include <time.h>


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

/* The server's state: one server per process (serve_run). */
typedef struct serve_state {
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
} serve_state;
extern serve_state the_server;

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

/* http.c */
void random_hex(char *out, size_t nbytes);
int ct_equal(const char *a, const char *b);
void esc(chiso_buf *b, const char *s);
void url_part(chiso_buf *b, const char *s);
enum MHD_Result send_buf(struct MHD_Connection *c, unsigned code, const char *type, char *body, size_t len,
                         const char *disposition);
enum MHD_Result send_html(struct MHD_Connection *c, unsigned code, char *html);
enum MHD_Result redirect(struct MHD_Connection *c, const char *to);

/* session.c */
int session_new(skind kind, const char *data);
void session_drop_locked(session *s);
int session_get(const char *id, session *out);
void session_copy_free(session *s);
void sessions_expire(int all);
chiso_status session_load(const session *s, chiso_diags *d, chiso_dataset **ds, chiso_error *err);
const char *session_title(const session *s);

/* pages.c */
const char *lang_code(chiso_lang l);
void page_start(chiso_buf *b, chiso_lang lang, const char *title);
char *page_end(chiso_buf *b);
char *message_page(chiso_lang lang, const char *title, const char *msg, const char *what_to_do);
int work_lock(chiso_lang lang);
enum MHD_Result send_busy(struct MHD_Connection *c, chiso_lang lang);
enum MHD_Result fail_page(struct MHD_Connection *c, unsigned code, chiso_lang lang, const char *title,
                          const char *msg, const char *todo);
void token_field(chiso_buf *b, chiso_lang lang);
void lang_switch(chiso_buf *b, chiso_lang lang, const char *path, const char *sid, const char *unit);
char *start_page(chiso_lang lang);
char *check_page(const session *s, chiso_lang lang, unsigned *code);
extern const char CSS_TEXT[];
extern const char JS_TEXT[];

/* results.c */
char *results_page(const session *s, chiso_lang lang, const char *unit_code, unsigned *code);
int download(const session *s, chiso_lang lang, const char *unit_code, const char *what, char **body,
             size_t *len, const char **type, const char **name, char **errmsg);
char *template_book(size_t *len);

/* upload.c */
chiso_lang parse_lang(const char *v);
enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                         const char *ctype, const char *enc, const char *data, uint64_t off, size_t size);
void on_completed(void *cls, struct MHD_Connection *c, void **req_cls, enum MHD_RequestTerminationCode tc);
enum MHD_Result finish_upload(struct MHD_Connection *c, req *r);
/* A refused upload: its file is closed and its folder removed now, before the refusal is queued (a
 * client that has the answer never finds the folder still there). */
void upload_refused(req *r);
enum MHD_Result finish_open(struct MHD_Connection *c, req *r);
enum MHD_Result finish_fill(struct MHD_Connection *c, req *r);

#endif

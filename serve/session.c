/*
 * serve/session.c — the sessions of `chiso serve`: each upload or opened dataset has its own mkdtemp folder
 * and an unguessable id; a session is found by its id, loaded as a dataset, and expired after session_ttl
 * seconds.
 */
#define _XOPEN_SOURCE 700
#include "serve/serve_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The server's state (serve_int.h): set up by serve_run, its sessions kept here. */
serve_state the_server;

/* ---- sessions --------------------------------------------------------------------------------- */

/* A new session with its own folder; returns its index or -1 (full, or no folder). smu not held. */
int session_new(skind kind, const char *data)
{
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/chiso-serve-XXXXXX", the_server.tmpdir);
    pthread_mutex_lock(&the_server.smu);
    int k = -1;
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (the_server.s[i].kind == S_FREE) {
            k = i;
            break;
        }
    if (k >= 0 && mkdtemp(tmpl)) {
        session *s = &the_server.s[k];
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
    pthread_mutex_unlock(&the_server.smu);
    return k;
}

void session_drop_locked(session *s)
{
    if (s->dir)
        serve_rmtree(s->dir);
    free(s->dir);
    free(s->data);
    memset(s, 0, sizeof *s);
}

/* Copy of the session named id (its strings duplicated: free with session_copy_free); 0 if none. */
int session_get(const char *id, session *out)
{
    int found = 0;
    memset(out, 0, sizeof *out);
    if (!id)
        return 0;
    pthread_mutex_lock(&the_server.smu);
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (the_server.s[i].kind != S_FREE && ct_equal(the_server.s[i].id, id)) {
            *out = the_server.s[i];
            out->dir = strdup(the_server.s[i].dir);
            out->data = the_server.s[i].data ? strdup(the_server.s[i].data) : NULL;
            found = out->dir != NULL;
            break;
        }
    pthread_mutex_unlock(&the_server.smu);
    return found;
}

void session_copy_free(session *s)
{
    free(s->dir);
    free(s->data);
}

void sessions_expire(int all)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&the_server.smu);
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (the_server.s[i].kind != S_FREE && (all || now - the_server.s[i].created > (time_t)the_server.o.session_ttl))
            session_drop_locked(&the_server.s[i]);
    pthread_mutex_unlock(&the_server.smu);
}

/* Load the dataset of a session. The library lock is held. */
chiso_status session_load(const session *s, chiso_diags *d, chiso_dataset **ds, chiso_error *err)
{
    chiso_load_opts lo;
    chiso_load_opts_default(&lo);
    if (s->kind == S_DEFAULT) {
        lo.illustrative = 1; /* its targets are illustrative (the report says so): they show the verdicts */
        return chiso_dataset_load_default(&lo, d, ds, err);
    }
    char path[8192];
    if (s->kind == S_DATA) {
        snprintf(path, sizeof path, "%s/%s", the_server.o.data_dir, s->data);
        return chiso_dataset_open(path, &lo, d, ds, err);
    }
    snprintf(path, sizeof path, "%s/so-lieu.xlsx", s->dir);
    if (access(path, F_OK) == 0)
        return chiso_dataset_load_xlsx(path, &lo, d, ds, err);
    snprintf(path, sizeof path, "%s/data", s->dir);
    return chiso_dataset_load(path, &lo, d, ds, err);
}

const char *session_title(const session *s)
{
    return s->kind == S_DEFAULT ? _("the built-in dataset (Hải Phòng)") : s->kind == S_DATA ? s->data : _("your upload");
}

/*
 * ingest/output.c — where outputs may go, and folders chiso writes.
 *
 * Three rules keep a user's files safe (README "Outputs"):
 *   1. an output never resolves to an input, to a folder that holds one, or into a dataset folder
 *      (chiso_output_guard), whatever links, "..", "." or trailing slashes the path has;
 *   2. a folder is replaced only when chiso wrote it and it holds nothing else: chiso marks every
 *      folder it writes with MARKER, which lists the files it wrote (chiso_outdir_*);
 *   3. what a killed run left beside an output ("OUT.tmp123", "OUT.tmp-123", "OUT.old-123") is
 *      cleaned on the next run, but only when process 123 no longer exists
 *      (chiso_output_clean_stale).
 *
 * It also opens inputs read-only (chiso_open_regular) and writes outputs under a temporary name renamed
 * into place (chiso_write_file_atomic and its streaming pieces).
 */
#define _XOPEN_SOURCE 700
#include "ingest/util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define MARKER ".chiso-output"
#define MARKER_OLD ".chiso-report" /* written by chiso before 0.2: holds no list of files */
#define MARKER_HEAD "# chiso: this folder was written by chiso"

static char *command_line; /* what wrote the folder, named in the marker */

void chiso_output_set_command(const char *cmd)
{
    free(command_line);
    command_line = chiso_strdup(cmd);
}

/* ---- paths ------------------------------------------------------------------------------------- */

/* Append component c (length n) to the absolute path in b, folding "." and "..". */
static void push_component(chiso_buf *b, const char *c, size_t n)
{
    if (n == 0 || (n == 1 && c[0] == '.'))
        return;
    if (n == 2 && c[0] == '.' && c[1] == '.') {
        while (b->len > 1 && b->data[b->len - 1] != '/')
            b->len--;
        if (b->len > 1)
            b->len--; /* the slash, unless it is the root */
        b->data[b->len] = '\0';
        return;
    }
    if (b->len == 0 || b->data[b->len - 1] != '/')
        chiso_buf_append(b, "/", 1);
    chiso_buf_append(b, c, n);
}

char *chiso_path_resolve(const char *path)
{
    if (!path || !*path)
        return NULL;
    chiso_buf b;
    chiso_buf_init(&b);
    if (path[0] != '/') {
        char *cwd = getcwd(NULL, 0);
        if (!cwd)
            return NULL;
        chiso_buf_puts(&b, cwd);
        free(cwd);
    } else {
        chiso_buf_puts(&b, "/");
    }
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        push_component(&b, p, (size_t)(e - p));
        p = e;
        if (b.oom) {
            chiso_buf_free(&b);
            return NULL;
        }
        /* resolve links in what exists so far; the rest is taken as written */
        char *real = realpath(b.data, NULL);
        if (real) {
            chiso_buf_reset(&b);
            chiso_buf_puts(&b, real);
            free(real);
        }
    }
    if (b.len == 0)
        chiso_buf_puts(&b, "/");
    return chiso_buf_take(&b);
}

int chiso_path_within(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return path[0] == '/';
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* One input against the resolved output: an error when they meet. */
static chiso_status guard_one(const char *out, const char *shown, const char *in_real, const char *in_shown,
                              int is_dir, chiso_error *err)
{
    if (strcmp(out, in_real) == 0)
        return chiso_error_set(err, CHISO_EINVAL, shown, 0, 0,
                               _("the output would replace the input '%s': choose another place with -o"),
                               in_shown);
    struct stat sb;
    if (is_dir && chiso_path_within(out, in_real) && stat(out, &sb) == 0 && !S_ISDIR(sb.st_mode))
        return chiso_error_set(err, CHISO_EINVAL, shown, 0, 0,
                               _("the output would replace a file of the input folder '%s': choose a place "
                                 "outside it with -o"),
                               in_shown);
    if (is_dir && chiso_path_within(out, in_real))
        return chiso_error_set(err, CHISO_EINVAL, shown, 0, 0,
                               _("the output would go inside the input folder '%s': choose a place outside "
                                 "it with -o"),
                               in_shown);
    if (chiso_path_within(in_real, out))
        return chiso_error_set(err, CHISO_EINVAL, shown, 0, 0,
                               _("the output would take the place of a folder that holds the input '%s': "
                                 "choose another place with -o"),
                               in_shown);
    return CHISO_OK;
}

chiso_status chiso_output_guard(const char *out, const char *const *inputs, size_t n, chiso_error *err)
{
    if (!out || !*out || strcmp(out, "-") == 0)
        return CHISO_OK;
    struct stat sb;
    /* a device or a pipe is written in place, and is never an input */
    if (stat(out, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))
        return CHISO_OK;
    char *o = chiso_path_resolve(out);
    if (!o)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    chiso_status st = CHISO_OK;
    for (size_t i = 0; i < n && st == CHISO_OK; i++) {
        if (!inputs[i] || !*inputs[i])
            continue;
        char *r = chiso_path_resolve(inputs[i]);
        if (!r) {
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            break;
        }
        int is_dir = stat(r, &sb) == 0 && S_ISDIR(sb.st_mode);
        st = guard_one(o, out, r, inputs[i], is_dir, err);
        /* the files of an input folder may be links to files elsewhere: those are inputs too */
        DIR *d = st == CHISO_OK && is_dir ? opendir(r) : NULL;
        struct dirent *e;
        while (d && st == CHISO_OK && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *child = malloc(strlen(r) + strlen(e->d_name) + 2);
            if (!child) {
                st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
                break;
            }
            sprintf(child, "%s/%s", r, e->d_name);
            struct stat lb;
            char *cr = lstat(child, &lb) == 0 && S_ISLNK(lb.st_mode) ? realpath(child, NULL) : NULL;
            if (cr) {
                int cdir = stat(cr, &sb) == 0 && S_ISDIR(sb.st_mode);
                st = guard_one(o, out, cr, child, cdir, err);
            }
            free(cr);
            free(child);
        }
        if (d)
            closedir(d);
        free(r);
    }
    free(o);
    return st;
}

/* ---- what killed runs left ------------------------------------------------------------------------ */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void chiso_rm_tree(const char *path)
{
    /* FTW_PHYS: a link is removed, never followed; FTW_MOUNT: never into another file system */
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* The process id in name after prefix: digits (then, with dot_ok, ".digits"), nothing else. */
static long pid_after(const char *name, const char *prefix, int dot_ok)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0 || !isdigit((unsigned char)name[n]))
        return -1;
    char *end;
    long pid = strtol(name + n, &end, 10);
    if (*end == '.' && dot_ok && isdigit((unsigned char)end[1])) {
        end++;
        while (isdigit((unsigned char)*end))
            end++;
    }
    if (*end || pid <= 0 || pid > INT_MAX)
        return -1;
    return pid;
}

static int pid_gone(long pid)
{
    return pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

static int has_marker(const char *dir)
{
    char *m = malloc(strlen(dir) + sizeof MARKER + 2);
    if (!m)
        return 0;
    struct stat sb;
    sprintf(m, "%s/%s", dir, MARKER);
    int yes = lstat(m, &sb) == 0 && S_ISREG(sb.st_mode);
    free(m);
    return yes;
}

void chiso_output_clean_stale(const char *path)
{
    char *real = chiso_path_resolve(path);
    if (!real)
        return;
    char *slash = strrchr(real, '/');
    const char *base = slash + 1;
    char *parent = slash == real ? chiso_strdup("/") : chiso_strndup(real, (size_t)(slash - real));
    size_t bl = strlen(base);
    char *pre_f = malloc(bl + 8), *pre_t = malloc(bl + 8), *pre_o = malloc(bl + 8);
    DIR *d = parent && pre_f && pre_t && pre_o && *base ? opendir(parent) : NULL;
    if (d) {
        sprintf(pre_f, "%s.tmp", base);
        sprintf(pre_t, "%s.tmp-", base);
        sprintf(pre_o, "%s.old-", base);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            long pf = pid_after(e->d_name, pre_f, 1), pt = pid_after(e->d_name, pre_t, 0),
                 po = pid_after(e->d_name, pre_o, 0);
            if (pf < 0 && pt < 0 && po < 0)
                continue;
            char *p = malloc(strlen(parent) + strlen(e->d_name) + 2);
            if (!p)
                break;
            sprintf(p, "%s/%s", strcmp(parent, "/") ? parent : "", e->d_name);
            struct stat lb;
            if (lstat(p, &lb) == 0 && lb.st_uid == geteuid()) { /* never another user's */
                if (pf > 0 && S_ISREG(lb.st_mode) && pid_gone(pf)) {
                    unlink(p); /* a temporary file of a killed run */
                } else if ((pt > 0 || po > 0) && S_ISDIR(lb.st_mode) && pid_gone(pt > 0 ? pt : po)) {
                    struct stat sb;
                    if (!has_marker(p))
                        rmdir(p); /* only when empty: a folder chiso has not marked is left alone */
                    else if (po > 0 && lstat(real, &sb) != 0 && errno == ENOENT)
                        rename(p, real); /* killed between its two renames: the earlier output returns */
                    else
                        chiso_rm_tree(p);
                }
            }
            free(p);
        }
        closedir(d);
    }
    free(pre_f);
    free(pre_t);
    free(pre_o);
    free(parent);
    free(real);
}

/* ---- folders chiso writes -------------------------------------------------------------------------- */

/* The marker's list of files (one relative path a line after "files:"), NULL when it has none. */
static char *read_marker(const char *dir, int *old_kind)
{
    *old_kind = 0;
    char *m = malloc(strlen(dir) + sizeof MARKER + sizeof MARKER_OLD + 2);
    if (!m)
        return NULL;
    struct stat sb;
    sprintf(m, "%s/%s", dir, MARKER);
    if (lstat(m, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        sprintf(m, "%s/%s", dir, MARKER_OLD);
        if (lstat(m, &sb) == 0 && S_ISREG(sb.st_mode))
            *old_kind = 1;
        free(m);
        return NULL;
    }
    FILE *f = fopen(m, "rb");
    free(m);
    if (!f)
        return NULL;
    chiso_buf b;
    chiso_buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 24))
        chiso_buf_append(&b, chunk, n);
    fclose(f);
    char *text = chiso_buf_take(&b);
    if (text && strncmp(text, MARKER_HEAD, strlen(MARKER_HEAD)) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* Is rel one of the lines after "files:" in the marker text? */
static int listed(const char *marker, const char *rel)
{
    const char *p = strstr(marker, "\nfiles:\n");
    if (!p)
        return 0;
    p += 8;
    size_t n = strlen(rel);
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && memcmp(p, rel, n) == 0)
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* The first entry below dir (rel: its path so far) that the marker does not list; NULL when none.
 * Folders themselves need not be listed. A marker of before 0.2 lists nothing: then only the names a
 * report had are accepted at the top. */
static char *foreign_entry(const char *dir, const char *rel, const char *marker, int old_kind)
{
    DIR *d = opendir(dir);
    if (!d)
        return chiso_strdup(rel[0] ? rel : ".");
    char *found = NULL;
    struct dirent *e;
    static const char *old_names[] = {"report.md", "report.html", "report.xlsx", "report.docx", "tables", "charts",
                                      MARKER_OLD};
    while (!found && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!rel[0] && (strcmp(e->d_name, MARKER) == 0 || strcmp(e->d_name, MARKER_OLD) == 0))
            continue;
        size_t n = strlen(rel) + strlen(e->d_name) + 2;
        char *r = malloc(n), *p = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (!r || !p) {
            free(r);
            free(p);
            found = chiso_strdup(e->d_name);
            break;
        }
        snprintf(r, n, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        sprintf(p, "%s/%s", dir, e->d_name);
        struct stat lb;
        int is_dir = lstat(p, &lb) == 0 && S_ISDIR(lb.st_mode);
        if (old_kind) {
            int ok = 0;
            for (size_t k = 0; !rel[0] && k < CHISO_ARRAY_LEN(old_names); k++)
                ok |= strcmp(e->d_name, old_names[k]) == 0;
            if (rel[0])
                ok = !is_dir; /* files in tables/ and charts/ */
            if (!ok)
                found = chiso_strdup(r);
            else if (is_dir && !rel[0])
                found = foreign_entry(p, r, marker, old_kind);
        } else if (is_dir) {
            found = foreign_entry(p, r, marker, old_kind);
        } else if (!listed(marker, r)) {
            found = chiso_strdup(r);
        }
        free(r);
        free(p);
    }
    closedir(d);
    return found;
}

chiso_status chiso_outdir_begin(chiso_outdir *o, const char *dir, const char *const *inputs, size_t n_inputs,
                                chiso_error *err)
{
    memset(o, 0, sizeof *o);
    if (!dir || !*dir)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("no output folder given"));
    /* "out/" (what tab completion writes) is the folder out */
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    o->dir = chiso_strndup(dir, len);
    o->tmp = malloc(len + 32);
    o->old = malloc(len + 32);
    if (!o->dir || !o->tmp || !o->old) {
        chiso_outdir_free(o);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    chiso_status st = chiso_output_guard(o->dir, inputs, n_inputs, err);
    if (st != CHISO_OK) {
        chiso_outdir_free(o);
        return st;
    }
    chiso_output_clean_stale(o->dir);
    struct stat sb, lb;
    if (stat(o->dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode)) {
            st = chiso_error_set(err, CHISO_EINVAL, o->dir, 0, 0, "%s",
                                 _("this is a file, not a folder: the output is a folder of files; give the name "
                                   "of a new or empty folder with -o"));
            chiso_outdir_free(o);
            return st;
        }
        if (lstat(o->dir, &lb) == 0 && S_ISLNK(lb.st_mode)) {
            st = chiso_error_set(err, CHISO_EINVAL, o->dir, 0, 0, "%s",
                                 _("this is a link to a folder: give the folder itself with -o"));
            chiso_outdir_free(o);
            return st;
        }
        int old_kind = 0;
        char *marker = read_marker(o->dir, &old_kind);
        char *foreign = NULL;
        if (marker || old_kind) {
            foreign = foreign_entry(o->dir, "", marker, old_kind);
            if (foreign)
                st = chiso_error_set(err, CHISO_EINVAL, o->dir, 0, 0,
                                     _("the folder holds '%s', which chiso did not write, and chiso never removes "
                                       "what it did not write (--force does not change that): move it elsewhere "
                                       "or choose another folder with -o"),
                                     foreign);
        } else {
            foreign = foreign_entry(o->dir, "", "", 0);
            if (foreign)
                st = chiso_error_set(err, CHISO_EINVAL, o->dir, 0, 0,
                                     _("the folder exists, is not empty and was not written by chiso (it has no "
                                       "%s file); chiso never replaces such a folder, whatever the options "
                                       "(--force too): choose a new or empty folder with -o"),
                                     MARKER);
        }
        free(marker);
        free(foreign);
        if (st != CHISO_OK) {
            chiso_outdir_free(o);
            return st;
        }
        o->exists = 1;
    } else if (errno != ENOENT) {
        st = chiso_error_set(err, CHISO_EIO, o->dir, 0, 0, _("cannot use the folder: %s"), strerror(errno));
        chiso_outdir_free(o);
        return st;
    }
    snprintf(o->tmp, len + 32, "%s.tmp-%ld", o->dir, (long)getpid());
    snprintf(o->old, len + 32, "%s.old-%ld", o->dir, (long)getpid());
    /* ours (a pid is unique among live processes), left by an earlier process of the same id */
    if (has_marker(o->tmp))
        chiso_rm_tree(o->tmp);
    else
        rmdir(o->tmp);
    if (mkdir(o->tmp, 0755) != 0) {
        st = chiso_error_set(err, CHISO_EIO, o->dir, 0, 0, _("cannot create the folder: %s"), strerror(errno));
        chiso_outdir_free(o);
        return st;
    }
    o->made = 1;
    /* marked at once, so that a later run knows this temporary folder as chiso's */
    return chiso_outdir_mark(o, err);
}

/* Append every file below dir (rel: its path so far) to b, one a line. */
static void list_files(chiso_buf *b, const char *dir, const char *rel)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || (!rel[0] && strcmp(e->d_name, MARKER) == 0))
            continue;
        size_t n = strlen(rel) + strlen(e->d_name) + 2;
        char *r = malloc(n), *p = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (r && p) {
            snprintf(r, n, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
            sprintf(p, "%s/%s", dir, e->d_name);
            struct stat lb;
            if (lstat(p, &lb) == 0 && S_ISDIR(lb.st_mode))
                list_files(b, p, r);
            else if (!strchr(r, '\n'))
                chiso_buf_printf(b, "%s\n", r);
        } else {
            b->oom = 1;
        }
        free(r);
        free(p);
    }
    closedir(d);
}

chiso_status chiso_outdir_mark(chiso_outdir *o, chiso_error *err)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_printf(&b,
                     "%s and may be replaced by a later run of chiso;\n"
                     "# chiso refuses to replace it if it holds a file not listed below.\n"
                     "version: %s\ncommand: %s\nfiles:\n",
                     MARKER_HEAD, CHISO_VERSION, command_line ? command_line : "chiso");
    list_files(&b, o->tmp, "");
    char *text = chiso_buf_take(&b);
    if (!text)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    char *m = malloc(strlen(o->tmp) + sizeof MARKER + 2);
    chiso_status st;
    if (!m) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    } else {
        sprintf(m, "%s/%s", o->tmp, MARKER);
        st = chiso_write_file_atomic(m, text, strlen(text), err);
        if (st != CHISO_OK && err)
            snprintf(err->file, sizeof err->file, "%s/%s", o->dir, MARKER);
    }
    free(m);
    free(text);
    return st;
}

chiso_status chiso_outdir_commit(chiso_outdir *o, chiso_error *err)
{
    chiso_status st = chiso_outdir_mark(o, err);
    if (st != CHISO_OK)
        return st;
    if (o->exists && rename(o->dir, o->old) != 0)
        return chiso_error_set(err, CHISO_EIO, o->dir, 0, 0, _("cannot replace the earlier output: %s"),
                               strerror(errno));
    if (rename(o->tmp, o->dir) != 0) {
        st = chiso_error_set(err, CHISO_EIO, o->dir, 0, 0, _("cannot put the folder in place: %s"), strerror(errno));
        if (o->exists)
            rename(o->old, o->dir);
        return st;
    }
    o->made = 0;
    if (o->exists)
        chiso_rm_tree(o->old);
    return CHISO_OK;
}

void chiso_outdir_free(chiso_outdir *o)
{
    if (o->made && o->tmp)
        chiso_rm_tree(o->tmp);
    free(o->dir);
    free(o->tmp);
    free(o->old);
    memset(o, 0, sizeof *o);
}

/* ---- opening an input, writing a file atomically (ingest/util.h) ------------------------------- */

int chiso_open_regular(const char *path, const char *name, chiso_error *err)
{
    /* O_NONBLOCK: a FIFO with no writer would block open() for ever; it is refused just below */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        chiso_error_set(err, CHISO_EIO, name, 0, 0, _("cannot open the file: %s"), strerror(errno));
        return -1;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        chiso_error_set(err, CHISO_EIO, name, 0, 0, _("cannot open the file: %s"), strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        if (S_ISDIR(sb.st_mode))
            chiso_error_set(err, CHISO_EIO, name, 0, 0, "%s",
                            _("not a regular file (a folder?): give the CSV file itself"));
        else
            chiso_error_set(err, CHISO_EIO, name, 0, 0, "%s",
                            _("not a regular file (a pipe or a device): give the CSV file itself"));
        close(fd);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

chiso_status chiso_output_resolve(const char *path, char **real, int *direct, chiso_error *err)
{
    *real = NULL;
    *direct = 0;
    if (!path || !*path)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("no output file given"));
    struct stat sb, lb;
    size_t plen = strlen(path);
    if (path[plen - 1] == '/')
        return chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s",
                               _("this names a folder (it ends in '/'): give the name of the file to write"));
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s",
                                   _("this is a folder: give the name of the file to write"));
        if (!S_ISREG(sb.st_mode)) {
            *direct = 1; /* /dev/null, /dev/stdout on a pipe, a FIFO: never replaced by a file */
            return CHISO_OK;
        }
        if (lstat(path, &lb) == 0 && S_ISLNK(lb.st_mode)) {
            *real = realpath(path, NULL); /* replace the file the link names, keep the link */
            if (*real)
                return CHISO_OK;
        }
    }
    else if (errno == ENOENT && lstat(path, &lb) == 0 && S_ISLNK(lb.st_mode)) {
        /* a link to a file not yet written: write that file, keep the link */
        char target[4096];
        ssize_t n = readlink(path, target, sizeof target - 1);
        if (n > 0) {
            target[n] = '\0';
            const char *slash = strrchr(path, '/');
            size_t dl = target[0] == '/' || !slash ? 0 : (size_t)(slash - path) + 1;
            *real = malloc(dl + (size_t)n + 1);
            if (!*real)
                return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            memcpy(*real, path, dl);
            memcpy(*real + dl, target, (size_t)n + 1);
            return CHISO_OK;
        }
    }
    *real = chiso_strdup(path);
    if (!*real)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    return CHISO_OK;
}

static int write_all(int fd, const char *p, size_t left)
{
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (w == 0) {
            errno = ENOSPC;
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    return 0;
}

chiso_status chiso_output_open_tmp(const char *real, char **tmp_out, int *fd_out, chiso_error *err)
{
    size_t plen = strlen(real);
    char *tmp = malloc(plen + 48);
    *tmp_out = NULL;
    *fd_out = -1;
    if (!tmp)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    /* in the folder of the file, so that the rename cannot cross file systems; created anew (O_EXCL),
     * never through a link left there */
    snprintf(tmp, plen + 48, "%s.tmp%ld", real, (long)getpid());
    chiso_output_clean_stale(real);
    unlink(tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        chiso_status st = chiso_error_set(err, CHISO_EIO, real, 0, 0, _("cannot create the file: %s"),
                                          strerror(errno));
        free(tmp);
        return st;
    }
    *tmp_out = tmp;
    *fd_out = fd;
    return CHISO_OK;
}

chiso_status chiso_output_commit(int fd, char *tmp, const char *real, const char *shown, chiso_status st,
                                 chiso_error *err)
{
    if (st == CHISO_OK && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
        st = chiso_error_set(err, CHISO_EIO, shown, 0, 0, _("cannot write the file: %s"), strerror(errno));
    if (close(fd) != 0 && st == CHISO_OK)
        st = chiso_error_set(err, CHISO_EIO, shown, 0, 0, _("cannot write the file: %s"), strerror(errno));
    if (st == CHISO_OK && rename(tmp, real) != 0)
        st = chiso_error_set(err, CHISO_EIO, shown, 0, 0, _("cannot put the file in place: %s"),
                             strerror(errno));
    if (st != CHISO_OK)
        unlink(tmp);
    free(tmp);
    return st;
}

chiso_status chiso_write_file_atomic(const char *path, const void *data, size_t n, chiso_error *err)
{
    char *real = NULL, *tmp = NULL;
    int direct = 0, fd = -1;
    chiso_status st = chiso_output_resolve(path, &real, &direct, err);
    if (st != CHISO_OK)
        return st;
    if (direct) {
        /* a device or a pipe: written in place */
        fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
            return chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot open the file: %s"), strerror(errno));
        if (write_all(fd, data, n) != 0)
            st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot write the file: %s"), strerror(errno));
        if (close(fd) != 0 && st == CHISO_OK)
            st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot write the file: %s"), strerror(errno));
        return st;
    }
    st = chiso_output_open_tmp(real, &tmp, &fd, err);
    if (st == CHISO_OK) {
        if (write_all(fd, data, n) != 0)
            st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot write the file: %s"), strerror(errno));
        st = chiso_output_commit(fd, tmp, real, path, st, err);
    }
    free(real);
    return st;
}

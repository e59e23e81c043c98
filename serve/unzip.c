/* serve/unzip.c — the ZIP of CSV files an office uploads, checked before a byte is written.
 *
 * Read with libzip (no hand-written ZIP or deflate). The names, sizes and ratios in a ZIP's
 * directory are the sender's word: the names are checked, the sizes are counted again while the
 * entries are unpacked, and the unpacking stops at the limit whatever the header said. */
#include "serve/serve.h"
#include "ingest/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zip.h>

/* 1 when the entry's name is safe: not absolute, no "..", no backslash, no drive letter. */
static int name_safe(const char *n)
{
    if (!n || !*n || n[0] == '/' || strchr(n, '\\') || (n[0] && n[1] == ':'))
        return 0;
    const char *p = n;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.')
            return 0;
        if (!e)
            break;
        p = e + 1;
    }
    return 1;
}

/* The base name when it is a CSV file with a plain name; NULL otherwise. */
static const char *csv_base(const char *n)
{
    const char *b = strrchr(n, '/');
    b = b ? b + 1 : n;
    size_t len = strlen(b);
    if (len < 5 || len > 64 || b[0] == '.' || strcasecmp(b + len - 4, ".csv") != 0)
        return NULL;
    for (const char *p = b; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return NULL;
    return b;
}

static chiso_status unzip_archive(zip_t *z, const char *dir, chiso_error *err)
{
    chiso_status st = CHISO_OK;
    zip_int64_t n = zip_get_num_entries(z, 0);
    char **written = NULL;
    size_t n_written = 0;
    uint64_t total = 0;
    if (n < 0 || (uint64_t)n > SERVE_MAX_ENTRIES) {
        st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, _("the ZIP file holds more than %u files"),
                             SERVE_MAX_ENTRIES);
        goto done;
    }
    written = calloc((size_t)n + 1, sizeof *written);
    if (!written) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", chiso_strerror(CHISO_ENOMEM));
        goto done;
    }
    /* every name is checked before anything is written */
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t s;
        if (zip_stat_index(z, (zip_uint64_t)i, 0, &s) != 0 || !(s.valid & ZIP_STAT_NAME)) {
            st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("the ZIP file is damaged"));
            goto done;
        }
        if (!name_safe(s.name)) {
            st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                                 _("the ZIP file holds '%s', a path outside its folder: it is refused"), s.name);
            goto done;
        }
        if ((s.valid & ZIP_STAT_ENCRYPTION_METHOD) && s.encryption_method != ZIP_EM_NONE) {
            st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                                 _("'%s' in the ZIP file is protected by a password: save it without one"), s.name);
            goto done;
        }
        if (!csv_base(s.name))
            continue;
        if ((s.valid & ZIP_STAT_SIZE) && (s.valid & ZIP_STAT_COMP_SIZE) && s.size > 0 &&
            (s.comp_size == 0 || s.size / s.comp_size > SERVE_MAX_RATIO)) {
            st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                                 _("'%s' in the ZIP file unpacks to far more than it weighs (a ZIP bomb?): it is refused"),
                                 s.name);
            goto done;
        }
        if ((s.valid & ZIP_STAT_SIZE) && (total += s.size) > SERVE_MAX_UNZIPPED) {
            st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                                 _("the files in the ZIP file are larger than %u MB unpacked: it is refused"),
                                 SERVE_MAX_UNZIPPED / (1024u * 1024u));
            goto done;
        }
    }
    total = 0;
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        const char *base = name ? csv_base(name) : NULL;
        if (!base)
            continue;
        size_t plen = strlen(dir) + strlen(base) + 2;
        char *path = malloc(plen);
        if (!path) {
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", chiso_strerror(CHISO_ENOMEM));
            goto done;
        }
        snprintf(path, plen, "%s/%s", dir, base);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
            int dup = errno == EEXIST;
            free(path);
            st = chiso_error_set(err, dup ? CHISO_EINVAL : CHISO_EIO, NULL, 0, 0,
                                 dup ? _("the ZIP file holds '%s' twice: keep one") : _("cannot unpack '%s'"), base);
            goto done;
        }
        written[n_written++] = path;
        zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
        char buf[16384];
        zip_int64_t got = 0;
        int bad = !f;
        while (f && (got = zip_fread(f, buf, sizeof buf)) > 0) {
            total += (uint64_t)got;
            if (total > SERVE_MAX_UNZIPPED) {
                bad = 2;
                break;
            }
            if (write(fd, buf, (size_t)got) != (ssize_t)got) {
                bad = 3;
                break;
            }
        }
        if (got < 0)
            bad = 1;
        if (f)
            zip_fclose(f);
        if (close(fd) != 0 && !bad)
            bad = 3;
        if (bad) {
            st = bad == 2 ? chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                                            _("the files in the ZIP file are larger than %u MB unpacked: it is refused"),
                                            SERVE_MAX_UNZIPPED / (1024u * 1024u))
                 : bad == 3 ? chiso_error_set(err, CHISO_EIO, NULL, 0, 0, _("cannot unpack '%s'"), base)
                            : chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("the ZIP file is damaged"));
            goto done;
        }
    }
    if (n_written == 0)
        st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s",
                             _("the ZIP file holds no CSV file: put units.csv, terms.csv, indicators.csv and observations.csv in it"));
done:
    for (size_t k = 0; k < n_written; k++) {
        if (st != CHISO_OK)
            unlink(written[k]);
        free(written[k]);
    }
    free(written);
    return st;
}

chiso_status serve_unzip(const char *zip_path, const char *dir, chiso_error *err)
{
    int ze = 0;
    zip_t *z = zip_open(zip_path, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!z)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s",
                               _("the file is neither an Excel workbook nor a ZIP of CSV files"));
    chiso_status st = unzip_archive(z, dir, err);
    zip_discard(z);
    return st;
}

chiso_status serve_unzip_mem(const void *data, size_t size, const char *dir, chiso_error *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    zip_error_fini(&ze);
    if (!z) {
        if (src)
            zip_source_free(src);
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s",
                               _("the file is neither an Excel workbook nor a ZIP of CSV files"));
    }
    chiso_status st = unzip_archive(z, dir, err);
    zip_discard(z);
    return st;
}

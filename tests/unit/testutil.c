/* tests/unit/testutil.c — helpers for the cmocka unit tests. */
#define _GNU_SOURCE
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void chiso_test_assert_rel(double got, double want, double tol, const char *expr, const char *file,
                           int line)
{
    double scale = fabs(want) > 1 ? fabs(want) : 1;
    if (!(fabs(got - want) <= tol * scale)) {
        print_error("%s = %.17g, expected %.17g (tolerance %g)\n", expr, got, want, tol);
        _fail(file, line);
    }
}

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

const char *chiso_test_source_dir(void) { return env_or("CHISO_SOURCE_DIR", "."); }
const char *chiso_test_binary_dir(void) { return env_or("CHISO_BINARY_DIR", "build"); }
const char *chiso_test_shared_dir(void) { return env_or("CHISO_SHARED_DIR", "../shared"); }

char *chiso_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n < 2) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

char *chiso_test_mkdtemp(void)
{
    char tmpl[] = "/tmp/chiso-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

void chiso_test_rmtree(const char *path)
{
    if (!path || strncmp(path, "/tmp/chiso-test-", 16) != 0)
        return;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "warning: could not remove %s\n", path);
}

void chiso_test_write(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "cannot write %s\n", path);
        abort();
    }
    fputs(text, f);
    fclose(f);
}

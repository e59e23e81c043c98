/* tests/unit/testutil.h — helpers for the cmocka unit tests. */
#ifndef CHISO_TESTUTIL_H
#define CHISO_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* |got − want| <= tol·max(1, |want|): relative tolerance, absolute near zero. */
#define assert_rel(got, want, tol) chiso_test_assert_rel((got), (want), (tol), #got, __FILE__, __LINE__)
void chiso_test_assert_rel(double got, double want, double tol, const char *expr, const char *file,
                           int line);

/* The source tree, the build tree and ../shared (from the CTest environment, with fallbacks). */
const char *chiso_test_source_dir(void);
const char *chiso_test_binary_dir(void);
const char *chiso_test_shared_dir(void);

/* Read a whole file into a new NUL-terminated buffer (NULL when it cannot be read). */
char *chiso_test_read_file(const char *path, size_t *len);

/* A new empty temporary folder (removed by chiso_test_rmtree). */
char *chiso_test_mkdtemp(void);
void chiso_test_rmtree(const char *path);
/* Write text to dir/name. */
void chiso_test_write(const char *dir, const char *name, const char *text);

#endif

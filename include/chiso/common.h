/*
 * chiso/common.h — status codes, error records, diagnostics, intervals, languages and number style.
 *
 * Every layer of chiso includes this header. The library never prints and never ends the process: a
 * fallible function returns a chiso_status and, when it fails, fills a caller-owned chiso_error with a
 * message that names the place (FILE:LINE:COL where there is one) and what to do. Problems found in data
 * (many per run) go to a chiso_diags list instead, which the caller prints.
 */
#ifndef CHISO_COMMON_H
#define CHISO_COMMON_H

#include <stddef.h>
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CHISO_VERSION "0.1.0"

/* CHISO_API marks a function of the public API. The library is built with hidden visibility
 * (-fvisibility=hidden), so libchiso.so exports the functions these headers declare and nothing else:
 * its internal helpers cannot clash with a program's own names. Empty for compilers without
 * visibility attributes. */
#ifndef CHISO_API
#if defined(__GNUC__) || defined(__clang__)
#define CHISO_API __attribute__((visibility("default")))
#else
#define CHISO_API
#endif
#endif

/* Status codes. CHISO_OK is 0; every other value is a failure of the kind its comment names. */
typedef enum chiso_status {
    CHISO_OK = 0,
    CHISO_EINVAL,    /* an argument from the caller is invalid (NULL, unknown option, bad setting) */
    CHISO_ENOMEM,    /* memory could not be allocated */
    CHISO_EIO,       /* a file cannot be opened, read or written */
    CHISO_EPARSE,    /* text cannot be read as the expected form (a value, a date, an expression) */
    CHISO_EDATA,     /* the data has errors; the diagnostics list says which */
    CHISO_EDOMAIN,   /* a statistical precondition fails (n < 3, no spread in x, a non-finite value) */
    CHISO_ELIMIT,    /* a size limit is exceeded (field, record, nesting depth, count) */
    CHISO_EENCODING, /* text is not in the expected encoding */
    CHISO_ENOTFOUND, /* a unit, indicator, term or file that was asked for does not exist */
    CHISO_EPLOT,     /* the plotting library failed */
    CHISO_EINTERNAL  /* a bug in chiso: please report it */
} chiso_status;

/* Static English text for a status code (never NULL). */
CHISO_API const char *chiso_strerror(chiso_status code);

/* An error record, owned by the caller (usually on the stack). file is empty and line/col 0 when the
 * error has no place. msg is already translated into the current language. */
typedef struct chiso_error {
    chiso_status code;
    char file[512];
    long line;
    long col;
    char msg[1024];
} chiso_error;

/* Reset an error record to CHISO_OK with no place and no message. err may be NULL. */
CHISO_API void chiso_error_clear(chiso_error *err);

/* Fill err (may be NULL) and return code. file may be NULL. The message is printf-style. */
CHISO_API chiso_status chiso_error_set(chiso_error *err, chiso_status code, const char *file, long line,
                                       long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* A place as messages write it, into buf (returned): "FILE:LINE:COL", "FILE:LINE" or "FILE" (parts
 * without a value, 0 or less, are left out; file NULL or empty gives ""). A file name that ends in '!'
 * names a sheet of a workbook ("so-lieu.xlsx:observations!"): line is then the row and col the column
 * (1 = A), and the place is the cell, "so-lieu.xlsx:observations!E12" (a whole row: its cell in column A;
 * no row: the sheet name without the '!'). */
CHISO_API char *chiso_place_format(const char *file, long line, long col, char *buf, size_t size);

/* Format an error as "FILE:LINE:COL: error: message" (parts without a value are left out; the place as
 * chiso_place_format writes it) into buf. */
CHISO_API void chiso_error_format(const chiso_error *err, char *buf, size_t size);

/* ---- diagnostics ------------------------------------------------------------------------------- */

typedef enum chiso_severity { CHISO_NOTE = 0, CHISO_WARNING = 1, CHISO_ERROR = 2 } chiso_severity;

/* One diagnostic. Strings are owned by the list and live until it is freed. line/col are 1-based, 0
 * when unknown. code is a stable identifier for tools and tests ("value.ambiguous", "rule.broken");
 * msg is translated. */
typedef struct chiso_diag {
    chiso_severity severity;
    const char *file;
    long line;
    long col;
    const char *code;
    const char *msg;
} chiso_diag;

typedef struct chiso_diags chiso_diags;

/* New empty list; NULL when out of memory. Free with chiso_diags_free (NULL is a no-op). */
CHISO_API chiso_diags *chiso_diags_new(void);
CHISO_API void chiso_diags_free(chiso_diags *d);

/* Add a diagnostic. Returns CHISO_OK or CHISO_ENOMEM. After CHISO_DIAGS_MAX entries further ones are
 * only counted (chiso_diags_dropped). file and code may be NULL. */
#define CHISO_DIAGS_MAX 100000
CHISO_API chiso_status chiso_diags_add(chiso_diags *d, chiso_severity sev, const char *file, long line,
                                       long col, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
CHISO_API chiso_status chiso_diags_vadd(chiso_diags *d, chiso_severity sev, const char *file, long line,
                                        long col, const char *code, const char *fmt, va_list ap);

/* The diagnostics in the order they were added: how many, the i-th (owned by d). */
CHISO_API size_t chiso_diags_count(const chiso_diags *d);
CHISO_API const chiso_diag *chiso_diags_get(const chiso_diags *d, size_t i); /* NULL when out of range */
CHISO_API size_t chiso_diags_errors(const chiso_diags *d);                   /* number of CHISO_ERROR */
CHISO_API size_t chiso_diags_warnings(const chiso_diags *d);                 /* number of CHISO_WARNING */
CHISO_API size_t chiso_diags_dropped(const chiso_diags *d);                  /* beyond CHISO_DIAGS_MAX */
/* Index of the first diagnostic whose code equals code, or (size_t)-1. */
CHISO_API size_t chiso_diags_find(const chiso_diags *d, const char *code);
/* Sort by file, line, column (stable: equal places keep their order). */
CHISO_API void chiso_diags_sort(chiso_diags *d);

/* ---- intervals --------------------------------------------------------------------------------- */

/* A closed or half-open interval of the real line. An unbounded end is +-INFINITY (and open). */
typedef struct chiso_interval {
    double lo, hi;
    unsigned char lo_open, hi_open;
} chiso_interval;

/* Interval arithmetic: [v, v]; whether a is that one closed point; the sum, difference, product and
 * multiple of two intervals (each end open or closed as the ends it comes from). */
CHISO_API chiso_interval chiso_interval_point(double v);
CHISO_API int chiso_interval_is_point(chiso_interval a);
CHISO_API chiso_interval chiso_interval_add(chiso_interval a, chiso_interval b);
CHISO_API chiso_interval chiso_interval_sub(chiso_interval a, chiso_interval b);
CHISO_API chiso_interval chiso_interval_mul(chiso_interval a, chiso_interval b);
CHISO_API chiso_interval chiso_interval_scale(chiso_interval a, double k); /* k may be negative */
/* a / b; returns 0 and leaves *out untouched when b contains 0. */
CHISO_API int chiso_interval_div(chiso_interval a, chiso_interval b, chiso_interval *out);
/* 1 when a and b share at least one point (open ends respected). */
CHISO_API int chiso_interval_intersects(chiso_interval a, chiso_interval b);
/* 1 when a lies inside b. */
CHISO_API int chiso_interval_within(chiso_interval a, chiso_interval b);

/* Three-valued truth (Kleene): certainly false, unknown (possibly either), certainly true. */
typedef enum chiso_truth { CHISO_FALSE = 0, CHISO_UNKNOWN = 1, CHISO_TRUE = 2 } chiso_truth;

/* Comparison operators shared by targets and rules. */
typedef enum chiso_cmp {
    CHISO_CMP_GE, CHISO_CMP_GT, CHISO_CMP_LE, CHISO_CMP_LT, CHISO_CMP_EQ, CHISO_CMP_BETWEEN
} chiso_cmp;

/* Is "x op y" true for every x in a and y in b (CHISO_TRUE), for none (CHISO_FALSE), or for some
 * (CHISO_UNKNOWN)? For CHISO_CMP_BETWEEN, b is the range and the question is "x within b". */
CHISO_API chiso_truth chiso_interval_compare(chiso_interval a, chiso_cmp op, chiso_interval b);

/* Parse "==" "=" ">=" ">" "<=" "<" "between"; returns 0 when unknown. */
CHISO_API int chiso_cmp_parse(const char *s, chiso_cmp *out);
CHISO_API const char *chiso_cmp_symbol(chiso_cmp op);

/* ---- languages and number style --------------------------------------------------------------- */

typedef enum chiso_lang { CHISO_LANG_VI = 0, CHISO_LANG_EN = 1 } chiso_lang;

/* Select the language of messages. Call once before other calls; not thread-safe. localedir may be
 * NULL to keep the directory set before (or the build-time default). Returns CHISO_EINVAL for an
 * unknown language name in chiso_lang_parse. */
CHISO_API void chiso_set_lang(chiso_lang lang, const char *localedir);
CHISO_API chiso_lang chiso_get_lang(void);
CHISO_API chiso_status chiso_lang_parse(const char *name, chiso_lang *out);

/* Translate a message of chiso's catalogue (gettext domain "chiso"). */
CHISO_API const char *chiso_gettext(const char *msgid);
/* Translate into a given language, whatever the process language is (charts and reports may be made
 * in another language than the messages). Not thread-safe, like chiso_set_lang. */
CHISO_API const char *chiso_gettext_lang(chiso_lang lang, const char *msgid);

/* Write v with `decimals` digits after the decimal sign in the language's style: Vietnamese
 * "1.247" and "64,5", English "1,247" and "64.5". Non-finite values are written "–". buf receives
 * at most size bytes including the terminator. Returns buf. */
CHISO_API char *chiso_format_number(double v, int decimals, chiso_lang lang, char *buf, size_t size);
/* Like chiso_format_number but drops trailing zeros after the decimal sign (64,50 → 64,5). */
CHISO_API char *chiso_format_number_trim(double v, int max_decimals, chiso_lang lang, char *buf, size_t size);
/* An interval in words-and-numbers style: "1.247", "(90; 100]", "≥ 3", "> 90" (open upper bound
 * at +inf is written as "> lo" or "≥ lo"). pct adds a % sign. */
CHISO_API char *chiso_format_interval(chiso_interval iv, int max_decimals, int pct, chiso_lang lang,
                                      char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif /* CHISO_COMMON_H */

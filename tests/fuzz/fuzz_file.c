/* Fuzz one file kind of a dataset on its own: the input is the file named by CHISO_FUZZ_FILE
 * ("units.csv", "terms.csv", …); every other file of the dataset is fixed and valid (the embedded
 * default dataset, its observations cut to the first lines, its indicators to those the other files
 * name and its free text (quotes, notes) to a few bytes, so that an execution stays fast; the files of
 * the kinds read before the fuzzed one are read once, into a base). The dataset is loaded, checked,
 * normalised, compared and judged, as `chiso check` and `chiso attain` do.
 * tests/fuzz/CMakeLists.txt builds this file once per kind (fuzz_units, fuzz_terms, …). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chiso/analysis.h"
#include "chiso/ingest.h"
#include "ingest/dataset_base.h"
#include "ingest/embedded.h"

#ifndef CHISO_FUZZ_FILE
#error "define CHISO_FUZZ_FILE to the dataset file this target fuzzes"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fixed files: those of the default dataset (targets.csv holds its illustrative targets, so that
 * the attainment code has targets to judge). */
static const char *const names[] = {"units.csv",   "terms.csv",    "indicators.csv", "observations.csv",
                                    "targets.csv", "verdicts.csv", "rules.csv",
                                    "sources.csv"};
#define NFILES (sizeof names / sizeof names[0])
#define OBS_LINES 80

static const char *fixed[NFILES];
static size_t fixed_size[NFILES];

/* Does a line of the fixed files other than indicators.csv name the indicator `code`? */
static int code_used(const char *code, size_t len, size_t self)
{
    for (size_t i = 0; i < NFILES; i++) {
        if (i == self || !fixed[i])
            continue;
        const char *p = fixed[i], *end = fixed[i] + fixed_size[i];
        while (p + len <= end) {
            const char *q = memchr(p, code[0], (size_t)(end - p));
            if (!q || q + len > end)
                break;
            int left = q == fixed[i] || !(q[-1] == '_' || (q[-1] >= 'a' && q[-1] <= 'z') || (q[-1] >= '0' && q[-1] <= '9'));
            int right = q + len == end ||
                        !(q[len] == '_' || (q[len] >= 'a' && q[len] <= 'z') || (q[len] >= '0' && q[len] <= '9'));
            if (left && right && memcmp(q, code, len) == 0)
                return 1;
            p = q + 1;
        }
    }
    return 0;
}

/* Is the column `name` (of len bytes) one of free text, read but never referred to? */
static int is_text_column(const char *name, size_t len)
{
    static const char *const cols[] = {"quote", "note", "note_vi", "locator"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        if (strlen(cols[i]) == len && memcmp(cols[i], name, len) == 0)
            return 1;
    return 0;
}

/* Copy the CSV file src (n bytes) into dst, each field of a free-text column (quote, note, note_vi,
 * locator) cut to its first TEXT_KEEP bytes (at a character boundary): the quotes and notes of the
 * default dataset run to hundreds of bytes a line, and cleaning and pooling them took most of the time
 * each execution spent on the fixed files, always on the same text. Returns the bytes written. */
#define TEXT_KEEP 12
static size_t shorten_text(const char *src, size_t n, char *dst)
{
    size_t o = 0, col = 0;
    int text[64] = {0};
    int header = 1;
    size_t i = 0;
    while (i < n) {
        /* one field: from i to its end (a comma or a line end outside quotes) */
        size_t start = i;
        int quoted = src[i] == '"';
        if (quoted) {
            for (i++; i < n; i++)
                if (src[i] == '"') {
                    if (i + 1 < n && src[i + 1] == '"')
                        i++;
                    else {
                        i++;
                        break;
                    }
                }
        }
        while (i < n && src[i] != ',' && src[i] != '\n')
            i++;
        const char *f = src + start;
        size_t flen = i - start;
        if (header && col < 64)
            text[col] = is_text_column(f, flen);
        if (!header && col < 64 && text[col] && flen > TEXT_KEEP) {
            const char *body = quoted ? f + 1 : f;
            size_t k = TEXT_KEEP;
            while (k > 0 && ((unsigned char)body[k] & 0xC0) == 0x80)
                k--;
            size_t q = 0; /* what is kept needs no quotes: it stops at a quote, comma or line end */
            while (q < k && body[q] != '"' && body[q] != ',' && body[q] != '\n' && body[q] != '\r')
                q++;
            memcpy(dst + o, body, q);
            o += q;
        } else {
            memcpy(dst + o, f, flen);
            o += flen;
        }
        if (i < n) {
            dst[o++] = src[i];
            if (src[i] == '\n') {
                header = 0;
                col = 0;
            } else {
                col++;
            }
            i++;
        }
    }
    return o;
}

static void init_fixed(void)
{
    size_t ind = NFILES;
    for (size_t i = 0; i < NFILES; i++) {
        char path[64];
        const char *name = strcmp(names[i], "targets.csv") == 0 ? "illustrative-targets.csv" : names[i];
        strcpy(path, "haiphong/");
        strcat(path, name);
        const chiso_embedded_file *f = chiso_embedded_find(path);
        if (!f)
            abort(); /* the build lost the default dataset */
        fixed[i] = (const char *)f->data;
        fixed_size[i] = f->size;
        if (strcmp(names[i], "observations.csv") == 0) {
            size_t lines = 0, k = 0;
            while (k < f->size && lines < OBS_LINES)
                if (f->data[k++] == '\n')
                    lines++;
            fixed_size[i] = k;
        }
        if (strcmp(names[i], "indicators.csv") == 0)
            ind = i;
    }
    /* the free text of the fixed files, cut short */
    static char short_text[NFILES][1 << 16];
    for (size_t i = 0; i < NFILES; i++)
        if (strcmp(names[i], CHISO_FUZZ_FILE) != 0 && fixed_size[i] <= sizeof short_text[i]) {
            fixed_size[i] = shorten_text(fixed[i], fixed_size[i], short_text[i]);
            fixed[i] = short_text[i];
        }
    /* indicators.csv: the header and the indicators that the other fixed files name (the default
     * dataset defines about 120; a dozen are used by what is kept) */
    if (ind == NFILES || strcmp(CHISO_FUZZ_FILE, "indicators.csv") == 0)
        return;
    static char kept[1 << 16];
    size_t n = 0;
    const char *p = fixed[ind], *end = fixed[ind] + fixed_size[ind];
    for (int first = 1; p < end; first = 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *next = nl ? nl + 1 : end;
        const char *comma = memchr(p, ',', (size_t)(next - p));
        if ((first || (comma && code_used(p, (size_t)(comma - p), ind))) && n + (size_t)(next - p) <= sizeof kept) {
            memcpy(kept + n, p, (size_t)(next - p));
            n += (size_t)(next - p);
        }
        p = next;
    }
    fixed[ind] = kept;
    fixed_size[ind] = n;
}

/* The fixed files of the kinds read before the fuzzed one (ingest/dataset_base.h), read once: an
 * execution reads the fuzzed file and the files read after it (whose checks look up what it defines),
 * with the same dataset and diagnostics as a whole load (tests/unit/test_dataset_base.c). Reading all the
 * fixed files again was 53-72% of an execution. The base's own diagnostics are the same at each
 * execution and are not looked at. */
static ds_base *base;
/* The base stops before this file. A base cannot hold rules (copy_base refuses them), so sources.csv,
 * read after rules.csv, starts its loads at rules.csv. */
#define BASE_UPTO (strcmp(CHISO_FUZZ_FILE, "sources.csv") == 0 ? "rules.csv" : CHISO_FUZZ_FILE)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        init_fixed();
        chiso_set_lang(CHISO_LANG_EN, NULL);
        chiso_diags *bd = chiso_diags_new();
        chiso_error be;
        if (!bd || ds_base_new_mem("fuzz", NFILES, names, fixed, fixed_size, NULL, BASE_UPTO, bd, &base,
                                   &be) != CHISO_OK)
            abort();
        chiso_diags_free(bd);
        ready = 1;
    }
    const char *parts[NFILES];
    size_t sizes[NFILES];
    int found = 0;
    for (size_t i = 0; i < NFILES; i++) {
        if (strcmp(names[i], CHISO_FUZZ_FILE) == 0) {
            parts[i] = (const char *)data;
            sizes[i] = size;
            found = 1;
        } else {
            parts[i] = fixed[i];
            sizes[i] = fixed_size[i];
        }
    }
    if (!found)
        abort();
    chiso_set_lang(CHISO_LANG_EN, NULL);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error e;
    if (d && ds_load_mem_on(base, NFILES, names, parts, sizes, d, &ds, &e) == CHISO_OK) {
        chiso_dataset_check(ds, d, &e);
        /* every diagnostic names a place in a file of the dataset */
        for (size_t i = 0; i < chiso_diags_count(d); i++) {
            const chiso_diag *g = chiso_diags_get(d, i);
            if (!g || !g->msg || g->line < 0 || g->col < 0)
                abort();
        }
        /* The JSON and CSV writers took a third of each execution; they read no outside data, only what
         * the analysis made of it, so one input in four (by its length) goes through them. */
        int write = (size & 3) == 0;
        chiso_normalized *nm = NULL;
        if (chiso_normalize(ds, NULL, NULL, &nm, &e) == CHISO_OK) {
            chiso_comparison *c = NULL;
            if (chiso_analysis_compare(ds, nm, NULL, &c, &e) == CHISO_OK && write)
                free(chiso_comparison_to_json(c));
            chiso_comparison_free(c);
            chiso_attainment *a = NULL;
            if (chiso_analysis_attain(ds, nm, NULL, &a, &e) == CHISO_OK && write)
                free(chiso_attainment_to_json(a));
            chiso_attainment_free(a);
            if (write) {
                free(chiso_normalized_to_csv(nm, ds));
                free(chiso_normalized_to_json(nm, ds));
            }
        }
        chiso_normalized_free(nm);
    }
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return 0;
}

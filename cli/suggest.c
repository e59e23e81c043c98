/*
 * cli/suggest.c — "did you mean …?" for a mistyped command, option, unit or indicator, and the width
 * of text on a terminal.
 *
 * Words are compared folded by chiso_text_unaccent (utf8proc: NFD, marks stripped, case folded, 'đ'
 * taken as 'd'; the library reads unaccented vocabularies the same way), so that "ket nap", "Kết nạp" and
 * "kết nạp" are one word to the user and to chiso. The distance is Damerau–Levenshtein (optimal string
 * alignment: a swap of two neighbours counts one, the commonest slip of a typist) over code points.
 */
#include "cli/cli.h"
#include "ingest/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

char *cli_fold(const char *s)
{
    return chiso_text_unaccent(s ? s : ""); /* the fold the library reads unaccented words with */
}

/* Code points of s into a new array; *n their number. */
static int32_t *code_points(const char *s, size_t *n)
{
    size_t len = strlen(s);
    int32_t *cp = malloc((len + 1) * sizeof *cp);
    *n = 0;
    if (!cp)
        return NULL;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) {
            c = (unsigned char)s[i];
            k = 1;
        }
        cp[(*n)++] = c;
        i += (size_t)k;
    }
    return cp;
}

size_t cli_distance(const char *a, const char *b)
{
    size_t na, nb;
    int32_t *x = code_points(a, &na), *y = code_points(b, &nb);
    size_t *d = x && y ? malloc((na + 1) * (nb + 1) * sizeof *d) : NULL;
    size_t r = (size_t)-1;
    if (d) {
#define D(i, j) d[(i) * (nb + 1) + (j)]
        for (size_t i = 0; i <= na; i++)
            D(i, 0) = i;
        for (size_t j = 0; j <= nb; j++)
            D(0, j) = j;
        for (size_t i = 1; i <= na; i++)
            for (size_t j = 1; j <= nb; j++) {
                size_t cost = x[i - 1] != y[j - 1];
                size_t v = D(i - 1, j) + 1;
                if (D(i, j - 1) + 1 < v)
                    v = D(i, j - 1) + 1;
                if (D(i - 1, j - 1) + cost < v)
                    v = D(i - 1, j - 1) + cost;
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && D(i - 2, j - 2) + 1 < v)
                    v = D(i - 2, j - 2) + 1;
                D(i, j) = v;
            }
        r = D(na, nb);
#undef D
    }
    free(d);
    free(x);
    free(y);
    return r;
}

/* How close folded word w is to folded candidate c: 0 = not close; higher is closer. */
static size_t closeness(const char *w, const char *c)
{
    size_t lw = strlen(w), lc = strlen(c);
    if (!lw || !lc)
        return 0;
    if (strcmp(w, c) == 0)
        return 1000; /* the same word but for accents or case */
    size_t dist = cli_distance(w, c);
    size_t limit = lw <= 3 ? 1 : lw <= 6 ? 2 : 3;
    if (dist <= limit)
        return 500 - dist;
    /* the start of it ("admit" for "admitted"), three letters at least */
    if (lw >= 3 && lw < lc && strncmp(w, c, lw) == 0)
        return 100;
    return 0;
}

const char *cli_suggest(const char *word, const char *const *cands, size_t n)
{
    char *w = cli_fold(word);
    const char *best = NULL;
    size_t best_score = 0;
    for (size_t i = 0; w && i < n; i++) {
        if (!cands[i])
            continue;
        char *c = cli_fold(cands[i]);
        size_t s = c ? closeness(w, c) : 0;
        if (s > best_score) {
            best_score = s;
            best = cands[i];
        }
        free(c);
    }
    free(w);
    return best;
}

void cli_did_you_mean(const char *suggestion)
{
    if (suggestion) {
        fprintf(stderr, _("did you mean '%s'?"), suggestion);
        fputc('\n', stderr);
    }
}

/* The options a command's help names ("--unit", "-o"): words that start with '-' after a space, '[',
 * ',' or '|'. */
static size_t help_options(const char *cmd, const char **out, char *store, size_t store_size, size_t max)
{
    const char *text = cli_help_text(cmd);
    size_t n = 0, used = 0;
    for (const char *p = text; p && *p && n < max; p++) {
        if (*p != '-' || (p > text && !strchr(" [,|", p[-1])))
            continue;
        const char *e = p + 1;
        if (*e == '-')
            e++;
        if (!((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z')))
            continue;
        while ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') || (*e >= '0' && *e <= '9') || *e == '-')
            e++;
        size_t len = (size_t)(e - p);
        if (used + len + 1 > store_size)
            break;
        memcpy(store + used, p, len);
        store[used + len] = '\0';
        int dup = 0;
        for (size_t i = 0; i < n; i++)
            dup |= strcmp(out[i], store + used) == 0;
        if (!dup) {
            out[n++] = store + used;
            used += len + 1;
        }
        p = e - 1;
    }
    return n;
}

int cli_unknown_option(const char *cmd, const char *opt)
{
    fprintf(stderr, "chiso %s: %s: ", cmd, _("error"));
    fprintf(stderr, _("unknown option '%s'"), opt);
    fputc('\n', stderr);
    const char *opts[128];
    char store[4096];
    size_t n = help_options(cmd, opts, store, sizeof store, 128);
    /* "--unit=x": the name is what is compared */
    char *name = chiso_strdup(opt);
    if (name && strchr(name, '='))
        *strchr(name, '=') = '\0';
    const char *s = name ? cli_suggest(name, opts, n) : NULL;
    /* a single dash for a long option ("-unit"), a common slip */
    if (!s && name && name[0] == '-' && name[1] != '-' && strlen(name) > 2) {
        char *two = malloc(strlen(name) + 2);
        if (two) {
            sprintf(two, "-%s", name);
            s = cli_suggest(two, opts, n);
            free(two);
        }
    }
    free(name);
    cli_did_you_mean(s);
    fprintf(stderr, _("'chiso %s --help' shows the options"), cmd);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

/* The best code among n items (codes and names from get); a name that holds the folded word also
 * counts ("ket nap" finds the indicator named "Kết nạp đảng viên"). */
static const char *suggest_item(const char *word, size_t n,
                                void (*get)(const void *, size_t, const char **, const char **, const char **),
                                const void *ctx)
{
    char *w = cli_fold(word);
    const char *best = NULL;
    size_t best_score = 0;
    for (size_t i = 0; w && *w && i < n; i++) {
        const char *code = NULL, *names[2] = {NULL, NULL};
        get(ctx, i, &code, &names[0], &names[1]);
        char *c = cli_fold(code);
        size_t s = c ? closeness(w, c) : 0;
        for (int k = 0; k < 2; k++) {
            char *m = names[k] ? cli_fold(names[k]) : NULL;
            if (m) {
                size_t sm = closeness(w, m);
                if (sm > s)
                    s = sm;
                /* a name that holds the word: the more of the name it covers, the closer */
                size_t cover = strlen(w) >= 4 && strstr(m, w) ? 50 + 40 * strlen(w) / strlen(m) : 0;
                if (cover > s)
                    s = cover;
            }
            free(m);
        }
        if (s > best_score) {
            best_score = s;
            best = code;
        }
        free(c);
    }
    free(w);
    return best;
}

static void get_unit(const void *ctx, size_t i, const char **code, const char **name, const char **other)
{
    chiso_unit_info U;
    chiso_dataset_unit(ctx, i, &U);
    *code = U.code;
    *name = U.name;
    *other = NULL;
}

static void get_indicator(const void *ctx, size_t i, const char **code, const char **name, const char **other)
{
    chiso_indicator_info I;
    chiso_dataset_indicator(ctx, i, &I);
    *code = I.code;
    *name = I.name_vi;
    *other = I.name_en;
}

static void get_term(const void *ctx, size_t i, const char **code, const char **name, const char **other)
{
    chiso_term_info T;
    chiso_dataset_term(ctx, i, &T);
    *code = T.code;
    *name = T.label;
    *other = NULL;
}

const char *cli_suggest_term(const chiso_dataset *ds, const char *word)
{
    return suggest_item(word, chiso_dataset_n_terms(ds), get_term, ds);
}

const char *cli_suggest_unit(const chiso_dataset *ds, const char *word)
{
    return suggest_item(word, chiso_dataset_n_units(ds), get_unit, ds);
}

const char *cli_suggest_indicator(const chiso_dataset *ds, const char *word)
{
    return suggest_item(word, chiso_dataset_n_indicators(ds), get_indicator, ds);
}

size_t cli_display_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) {
            w++;
            i++;
            continue;
        }
        int cw = utf8proc_charwidth(c);
        w += cw > 0 ? (size_t)cw : 0;
        i += (size_t)k;
    }
    return w;
}

char *cli_align_labels(char *text)
{
    if (!text)
        return NULL;
    /* the widest label of the lines "label\x1fvalue" */
    size_t width = 0;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *sep = memchr(p, '\x1f', len);
        if (sep) {
            size_t w = cli_display_width(p, (size_t)(sep - p));
            if (w > width)
                width = w;
        }
        p += len + (e != NULL);
    }
    chiso_buf b;
    chiso_buf_init(&b);
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *sep = memchr(p, '\x1f', len);
        if (sep) {
            size_t w = cli_display_width(p, (size_t)(sep - p));
            chiso_buf_append(&b, p, (size_t)(sep - p));
            for (size_t k = w; k < width + 1; k++)
                chiso_buf_append(&b, " ", 1);
            chiso_buf_append(&b, sep + 1, len - (size_t)(sep - p) - 1);
        } else {
            chiso_buf_append(&b, p, len);
        }
        if (e)
            chiso_buf_append(&b, "\n", 1);
        p += len + (e != NULL);
    }
    free(text);
    return chiso_buf_take(&b);
}

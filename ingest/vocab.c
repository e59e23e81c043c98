/*
 * ingest/vocab.c — the fold of labels (ds_text_fold, ds_rating_normalize) and closed vocabularies
 * (verdicts, rating labels, forms of discipline) typed without Vietnamese accents. Both sides go through the one fold of labels (ds_text_fold: case, punctuation,
 * spaces) and then lose their accents (chiso_text_unaccent): "Khong dat" meets "không đạt". The
 * reader that calls these warns with the accented form, so the clerk sees what was understood.
 */
#include "ingest/dataset_int.h"
#include "ingest/text.h"

#include <stdlib.h>
#include <string.h>

char *ds_text_fold(const char *text)
{
    /* NFC and no invisible characters first (a label of an export reaches here as typed) */
    char *clean = chiso_text_clean_dup(text);
    char *low = clean ? chiso_utf8_lower(clean) : NULL;
    free(clean);
    if (!low)
        return NULL;
    /* punctuation to spaces, collapse spaces */
    char *o = low;
    int sp = 1;
    for (char *p = low; *p; p++) {
        char ch = *p;
        if (ch == ',' || ch == '.' || ch == ';' || ch == '"' || ch == '\'' || ch == '(' || ch == ')' ||
            ch == '\t')
            ch = ' ';
        if (ch == ' ') {
            if (!sp)
                *o++ = ' ';
            sp = 1;
        } else {
            *o++ = ch;
            sp = 0;
        }
    }
    if (o > low && o[-1] == ' ')
        o--;
    *o = '\0';
    return low;
}

char *ds_rating_normalize(const char *label, int *at_or_above)
{
    char *low = ds_text_fold(label);
    if (!low)
        return NULL;
    *at_or_above = 0;
    static const char *suffixes[] = {" trở lên", " or better", " or above", " or higher", " tro len"};
    for (size_t i = 0; i < CHISO_ARRAY_LEN(suffixes); i++) {
        size_t n = strlen(low), k = strlen(suffixes[i]);
        if (n > k && strcmp(low + n - k, suffixes[i]) == 0) {
            low[n - k] = '\0';
            *at_or_above = 1;
        }
    }
    /* "đạt …" and "xếp loại …" prefixes carry no meaning */
    static const char *prefixes[] = {"đạt ", "xếp loại ", "được xếp loại ", "rated ", "dat ", "xep loai ",
                                     "duoc xep loai "};
    for (size_t i = 0; i < CHISO_ARRAY_LEN(prefixes); i++) {
        size_t k = strlen(prefixes[i]);
        if (strncmp(low, prefixes[i], k) == 0)
            memmove(low, low + k, strlen(low + k) + 1);
    }
    /* abbreviations reports use */
    static const struct {
        const char *abbr, *full;
    } abbr[] = {{"tsvm", "trong sạch vững mạnh"},
                {"tsvm tiêu biểu", "trong sạch vững mạnh tiêu biểu"},
                {"tsvm xuất sắc", "trong sạch vững mạnh xuất sắc"},
                {"htxsnv", "hoàn thành xuất sắc nhiệm vụ"},
                {"httnv", "hoàn thành tốt nhiệm vụ"},
                {"htnv", "hoàn thành nhiệm vụ"},
                {"khtnv", "không hoàn thành nhiệm vụ"}};
    for (size_t i = 0; i < CHISO_ARRAY_LEN(abbr); i++)
        if (strcmp(low, abbr[i].abbr) == 0) {
            char *full = chiso_strdup(abbr[i].full);
            free(low);
            return full;
        }
    return low;
}

/* ds_text_fold, then without accents. NULL on oom. */
static char *fold_ascii(const char *s)
{
    char *f = ds_text_fold(s);
    if (!f)
        return NULL;
    char *a = chiso_text_unaccent(f);
    free(f);
    return a;
}

int ds_vocab_unaccented(const char *text, const char *word)
{
    if (!text || !word)
        return 0;
    char *a = fold_ascii(text), *b = fold_ascii(word);
    int eq = a && b && strcmp(a, b) == 0;
    free(a);
    free(b);
    return eq;
}

char *ds_rating_accent(const chiso_dataset *ds, const char *label, int is_member, int *oom)
{
    *oom = 0;
    int aoa = 0;
    char *norm = ds_rating_normalize(label, &aoa);
    char *want = norm ? chiso_text_unaccent(norm) : NULL;
    free(norm);
    if (!want) {
        *oom = 1;
        return NULL;
    }
    char *found = NULL;
    for (size_t i = 0; i < ds->n_ratings && !found && !*oom; i++) {
        const ds_rating *r = &ds->ratings[i];
        if (r->member != is_member)
            continue;
        char *have = chiso_text_unaccent(ds_str(ds, r->label_norm));
        if (!have) {
            *oom = 1;
            break;
        }
        if (strcmp(have, want) == 0) {
            chiso_buf b;
            chiso_buf_init(&b);
            chiso_buf_puts(&b, ds_str(ds, r->label_norm));
            if (aoa)
                chiso_buf_puts(&b, " trở lên");
            found = chiso_buf_take(&b);
            if (!found)
                *oom = 1;
        }
        free(have);
    }
    free(want);
    return found;
}

/*
 * ingest/vocab.c — closed vocabularies (verdicts, rating labels, forms of discipline) typed without
 * Vietnamese accents. Both sides go through the one fold of labels (ds_text_fold: case, punctuation,
 * spaces) and then lose their accents (chiso_text_unaccent): "Khong dat" meets "không đạt". The
 * reader that calls these warns with the accented form, so the clerk sees what was understood.
 */
#include "ingest/dataset_int.h"
#include "ingest/text.h"

#include <stdlib.h>
#include <string.h>

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

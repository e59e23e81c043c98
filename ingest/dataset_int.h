/* ingest/dataset_int.h — the dataset's inner layout, shared by the files of ingest/ (never installed). */
#ifndef CHISO_DATASET_INT_H
#define CHISO_DATASET_INT_H

#include "chiso/ingest.h"
#include "ingest/strpool.h"
#include "ingest/util.h"

typedef struct ds_unit {
    uint32_t code, name, parent_code;
    long parent;
    uint32_t file;
    long line;
} ds_unit;

typedef struct ds_term {
    long unit;
    uint32_t code, label, note, note_vi;
    chiso_date start, end;
    uint32_t file;
    long line;
} ds_term;

typedef struct ds_indicator {
    uint32_t code, name_vi, name_en;
    unsigned char category, measure, kind, direction, builtin, irregular;
    uint32_t file;
    long line;
} ds_indicator;

/* One figure, held compactly: strings are ids of the pool. */
typedef struct ds_obs {
    chiso_date start, end;
    double lo, hi, point, num, den;
    uint32_t unit, indicator;
    uint32_t rating, scheme, part_of, raw, source, locator, quote, note;
    uint32_t line;
    uint16_t file;
    unsigned char basis, q, lo_open, hi_open, percent, level, flags, share_of_part;
} ds_obs;

typedef struct ds_target {
    long unit, term, indicator;
    chiso_cmp op;
    chiso_interval value;
    chiso_basis basis;
    int has_period;
    chiso_date pstart, pend;
    int relative_to_members;
    uint32_t rating;
    int level, at_or_above, illustrative;
    uint32_t raw, source, locator, quote, note;
    uint32_t file;
    long line;
    uint32_t id, set_by;
    int rel_base;          /* chiso_rel_base */
    int32_t rel_day;
} ds_target;

typedef struct ds_verdict {
    long unit, term, indicator;
    uint32_t rating;
    int has_period;
    chiso_date pstart, pend;
    chiso_reported_verdict verdict;
    int has_ratio;
    chiso_value ratio;
    uint32_t raw, source, locator, quote;
    uint32_t file;
    long line;
    int ratio_decimals;
    uint32_t target_id;
    long target;           /* index in targets, or -1 */
    int has_as_of;
    chiso_date as_of;
} ds_verdict;

/* A crosswalk entry of registry/rating-schemes.csv. */
typedef struct ds_rating {
    uint32_t scheme, label_norm, notes, regulation;
    int member;            /* applies_to member (1) or org (0) */
    int from, to;          /* years */
    int level;
    int at_or_above;       /* role at_or_above */
    int inexact;           /* notes not empty */
} ds_rating;

/* A document of sources.csv. */
typedef struct ds_source {
    uint32_t id, title, short_title, title_note, publisher, date, address, locator, quote;
    uint32_t file;
    long line;
} ds_source;

/* Rules: expressions over indicator codes. */
typedef enum { EXPR_NUM, EXPR_VAR, EXPR_ADD, EXPR_SUB, EXPR_MUL, EXPR_DIV, EXPR_NEG } expr_kind;
typedef struct ds_expr {
    expr_kind kind;
    double num;
    long indicator;        /* EXPR_VAR */
    struct ds_expr *a, *b;
} ds_expr;

typedef struct ds_rule {
    uint32_t name;
    ds_expr *left, *right;
    chiso_cmp op;
    chiso_severity severity;
    int missing;           /* 0 skip_if_any, 1 skip_if_all, 2 zero */
    uint32_t file;
    long line;
} ds_rule;

/* A hash map from a 64-bit key (a pool id, or a unit and a pool id) to an index, for the lookups by
 * code that every record makes (open addressing; key 0 is an empty slot). */
typedef struct ds_slot {
    uint64_t key;
    long val;
} ds_slot;
typedef struct ds_index {
    ds_slot *slots;
    size_t cap, n;
} ds_index;

struct chiso_dataset {
    chiso_strpool pool;
    char *dir;
    chiso_load_opts opts;
    ds_unit *units;
    size_t n_units, cap_units;
    ds_term *terms;
    size_t n_terms, cap_terms;
    ds_indicator *inds;
    size_t n_inds, cap_inds;
    ds_obs *obs;
    size_t n_obs, cap_obs;
    ds_target *targets;
    size_t n_targets, cap_targets;
    ds_verdict *verdicts;
    size_t n_verdicts, cap_verdicts;
    ds_rating *ratings;
    size_t n_ratings, cap_ratings;
    ds_rule *rules;
    size_t n_rules, cap_rules;
    ds_source *sources;    /* sources.csv, in its order */
    size_t n_sources, cap_sources;
    int has_sources_file;
    uint32_t *files;       /* file name ids (index = file number) */
    size_t n_files, cap_files;
    int has_units_file;
    ds_index unit_ix, ind_ix, term_ix; /* code → index; terms by (unit, code) */
    size_t *uterm_off;     /* after loading: the terms of unit u in time order are */
    long *uterm_list;      /* uterm_list[uterm_off[u] .. uterm_off[u + 1]) */
};

/* The file name (for diagnostics) of file number f. */
const char *ds_file(const chiso_dataset *ds, uint32_t f);
/* The text of string id of the dataset's pool. */
static inline const char *ds_str(const chiso_dataset *ds, uint32_t id)
{
    return chiso_strpool_get(&ds->pool, id);
}

/* The fold of labels (ingest/vocab.c). Text in lower case, punctuation (, . ; " ' ( ) tab) as spaces, runs of spaces as one, none at the
 * ends: how labels and forms of discipline are compared. New string (free); NULL on oom. */
char *ds_text_fold(const char *text);
/* Normalised rating label: ds_text_fold, then abbreviations expanded and "trở lên" removed (reported
 * in *at_or_above). New string; NULL on oom. */
char *ds_rating_normalize(const char *label, int *at_or_above);

/* Closed vocabularies typed without Vietnamese accents (ingest/vocab.c). ds_vocab_unaccented: 1 when
 * text, folded (ds_text_fold) and stripped of its accents, equals word stripped of its accents while
 * the two differ as written. ds_rating_accent: the registry's accented label for a label typed without
 * accents ("hoan thanh tot nhiem vu tro len" → "hoàn thành tốt nhiệm vụ trở lên"), or NULL (then *oom
 * tells whether memory ran out). Caller frees. */
int ds_vocab_unaccented(const char *text, const char *word);
char *ds_rating_accent(const chiso_dataset *ds, const char *label, int is_member, int *oom);

/* chiso_crosswalk_lookup that sets *oom when it could not look for want of memory (then it returns 0:
 * the label is not unknown, the reading must stop). */
int ds_crosswalk_lookup(const chiso_dataset *ds, const char *label, int is_member, const char *scheme, int year,
                        int *level, int *at_or_above, int *oom);

/* Rules (ingest/rules.c). An indicator code in the expression is looked up by find (its index, or
 * -1 when unknown) with ctx: the parser knows no dataset, so rules.c stays below dataset.c. */
typedef long (*ds_code_find)(void *ctx, const char *code);
chiso_status ds_expr_parse(ds_code_find find, void *ctx, const char *text, ds_expr **out, long *err_col,
                           char *msg, size_t msg_size);
void ds_expr_free(ds_expr *e);

/* chiso_value_parse that also tells (in *ambiguous, may be NULL) whether a failure is the ambiguity of
 * "1,000" for a count, so that the diagnostic code does not depend on the language of the message. */
chiso_status ds_value_parse(const char *text, chiso_measure measure, const chiso_value_opts *opts,
                            chiso_value *out, chiso_error *err, int *ambiguous);

/* ds_value_parse that also gives (in *accented, may be NULL; caller frees) the text with the keywords
 * it read without Vietnamese accents written with them ("tren 90%" → "trên 90%"), NULL when every
 * keyword had its accents. A space between groups of three digits ("1 247") reads as a thousands
 * separator. */
chiso_status ds_value_parse_ex(const char *text, chiso_measure measure, const chiso_value_opts *opts,
                               chiso_value *out, chiso_error *err, int *ambiguous, char **accented);

/* Figures far from their unit's own history or from their sibling units' (ingest/plausibility.c):
 * warnings in d. CHISO_ENOMEM when memory ran out. */
chiso_status ds_check_plausibility(const chiso_dataset *ds, chiso_diags *d);

/* The year whose December rating a figure ending on day `end` reports. */
int ds_rating_year(chiso_date end);

#endif

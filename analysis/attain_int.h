/* analysis/attain_int.h — what the files of the attainment judgement (attain*.c) share (never installed).
 *
 *   attain.c           the judgement of every target of a dataset (chiso_analysis_attain) and its result
 *   attain_judge.c     the verdict of one target by its basis: a count, a period, each year, a level
 *   attain_figures.c   the figures a target is judged on: a year's figure, the normalised row, sources
 *   attain_project.c   the projection of a running target by the predictive model (predict.c)
 *   attain_reported.c  what the report itself said of a target (verdicts.csv), beside the verdict
 *   attain_words.c     numbers, targets and spans as the reasons write them
 *   attain_export.c    the result as JSON and CSV
 */
#ifndef CHISO_ATTAIN_INT_H
#define CHISO_ATTAIN_INT_H

#include "analysis/analysis_int.h"


struct chiso_attainment {
    chiso_attain_row *rows;
    size_t n;
    chiso_target_info *targets;
    chiso_verdict_info *verdicts;
    size_t n_verdicts;
    char **strings;
    size_t n_strings, cap_strings;
    int32_t as_of;
};

/* What the projection of a running target asks of the model (attain_project.c). */
typedef struct rest_query {
    double count;        /* events seen (a whole number >= 0) */
    double years_seen;   /* > 0 */
    double years_ahead;  /* > 0: the rest of the span (a total), or 1 (one year of an each_year target) */
    int n_years;         /* 0: a total; k >= 1: k years to come, each must land in [need_lo, need_hi] */
    double need_lo, need_hi; /* the count still to come must lie in [need_lo, need_hi] (whole numbers;
                                need_hi may be INFINITY) */
    /* whose history the model learns from, and the span (set by model_of) */
    long unit, indicator;
    int level;
    int32_t span_start, span_end, seen_end;
} rest_query;

/* ---- targets as one meaning per operator ----------------------------------------------------------
 *
 * A range "từ 90 đến 100" on an indicator with a direction: the end on the worse side is the requirement
 * and the other the aim, reached or passed ("vượt"). Up: met from 90, exceeded above 100. Down: met up to
 * 100, exceeded below 90. No direction: met inside [90, 100]. Every path judges the effective operator. */
typedef struct eff_target {
    chiso_cmp op;
    chiso_interval T;
    int has_aim;
    double aim;
} eff_target;

typedef struct judge_ctx {
    const chiso_dataset *ds;
    const chiso_normalized *norm;
    const chiso_attain_opts *opts;
    int32_t as_of;
    chiso_attainment *res;
    chiso_buf reason, sources;
    chiso_buf model;         /* the model's words, added at the end of the reason */
    /* the target being judged */
    int rel;                 /* relative to a membership */
    double rel_pct;          /* its per cent */
    chiso_interval rel_M;    /* the membership it is of */
    int pct_target;          /* the target is written in per cent */
} judge_ctx;

/* attain_words.c */
const char *fmt_iv(chiso_interval iv, int dec, int pct, char *buf, size_t size);
int fmt_oom_take(void); /* 1 when a fmt_iv ran out of memory since the last call (then cleared) */
const char *fmt_cmp(chiso_cmp op, chiso_interval T, int dec, int pct, char *buf, size_t size);
const char *fmt_num(double v, int dec, char *buf, size_t size);
const char *fmt_target(const judge_ctx *c, chiso_cmp op, chiso_interval T, char *buf, size_t size);
const char *years_words(const char *list, char *buf, size_t size);
const char *span_words(const chiso_target_info *t, char *buf, size_t size);

/* attain_figures.c */
int year_figure(const chiso_dataset *ds, long unit, long ind, int level, int y, int32_t as_of,
                chiso_interval *out, long *obs_index);
int row_covers_year(const chiso_dataset *ds, const chiso_norm_row *row, int y);
void add_source(const chiso_dataset *ds, chiso_buf *b, long obs);
const chiso_norm_row *target_row(const chiso_normalized *norm, const chiso_target_info *t, chiso_basis want);
int32_t base_day(const chiso_target_info *t, const chiso_term_info *TI, int y);

/* attain_project.c */
void need_range(chiso_cmp op, double T, double v, double *lo, double *hi);
void model_of(const judge_ctx *c, const chiso_target_info *t, rest_query *q);
int project(judge_ctx *c, chiso_attain_row *r, const rest_query *q, int total);

/* attain_reported.c */
void narrow_by_progress(judge_ctx *c, const chiso_target_info *t, eff_target E, chiso_interval *v, double *pt,
                        int32_t fig_end);
void match_reported(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r);

/* attain_judge.c: each adds its words to c->reason and its sources to c->sources */
void judge_count(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, eff_target E,
                 chiso_interval v, double v_point, double e_years, double L, int partial);
void judge_total(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, eff_target E,
                 const chiso_norm_row *row);
void judge_period(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, eff_target E);
void judge_each_year(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, chiso_interval T,
                     chiso_interval M0, int relative);
void judge_level(judge_ctx *c, const chiso_target_info *t, chiso_attain_row *r, chiso_interval T,
                 chiso_interval M0, int relative);

#endif

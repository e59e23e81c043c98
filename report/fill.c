/* report/fill.c — `chiso fill`: a committee's own draft (Markdown or DOCX) with placeholders that name
 * figures, filled from a dataset. The placeholder language is documented in docs/fill.md.
 *
 *   {{ [UNIT/]INDICATOR[:LEVEL].TERM.FIELD[.WHICH] }}   a figure of a term, or of a target
 *   {{ [UNIT/]INDICATOR[:LEVEL].trend[.FIELD] }}        the trend over the terms
 *   {{ [UNIT/]INDICATOR[:LEVEL].next.PLAN }}            the next term as chiso plan predicts it
 *   {{ [UNIT/]INDICATOR.name }}, {{ [UNIT/]unit }}, {{ as_of }}
 *
 * A DOCX is read with libzip and its document parts (document.xml, headers, footers, notes) parsed with
 * libxml2 (a DOM: they are small); Word cuts text into runs wherever it likes, so the placeholders are
 * looked for in the text of a whole paragraph and the runs rewritten, the value going into the run
 * where the placeholder starts (its formatting kept). Every other part is copied unchanged. Nothing is
 * written when any placeholder cannot be filled: every one of them is listed with its place. */
#include "chiso/report.h"
#include "chiso/analysis.h"
#include "chiso/ingest.h"
#include "report/ooxml.h"
#include "report/fill_int.h"
#include "ingest/util.h"

#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

/* The plans that plan fields asked for, kept for the filler's life: a template names the same series
 * several times ({{admitted.next.plan}}, .plan_range, .plan_levels), and each plan integrates the
 * predictive distribution of every candidate target (about 10 ms). Behind a lock, since a const filler
 * may be shared by threads; past PLAN_MEMO_MAX series a plan is made and freed for each field. */
#define PLAN_MEMO_MAX 64
typedef struct {
    long unit, ind;
    char *term; /* "next" or a term code */
    chiso_plan *plan;
} plan_memo;
typedef struct {
    pthread_mutex_t mu;
    size_t n;
    plan_memo m[PLAN_MEMO_MAX];
} plan_memos;

struct chiso_filler {
    const chiso_dataset *ds;
    chiso_normalized *norm;
    chiso_comparison *cmp;
    chiso_attainment *att;
    long unit;       /* the default unit */
    chiso_lang lang;
    plan_memos *plans;
};

void chiso_fill_opts_default(chiso_fill_opts *o)
{
    memset(o, 0, sizeof *o);
}

void chiso_filler_free(chiso_filler *f)
{
    if (!f)
        return;
    chiso_attainment_free(f->att);
    chiso_comparison_free(f->cmp);
    chiso_normalized_free(f->norm);
    if (f->plans) {
        for (size_t i = 0; i < f->plans->n; i++) {
            free(f->plans->m[i].term);
            chiso_plan_free(f->plans->m[i].plan);
        }
        pthread_mutex_destroy(&f->plans->mu);
        free(f->plans);
    }
    free(f);
}

chiso_status chiso_filler_new(const chiso_dataset *ds, const chiso_fill_opts *opts, chiso_filler **out,
                              chiso_error *err)
{
    *out = NULL;
    chiso_fill_opts defaults;
    chiso_fill_opts_default(&defaults);
    if (!opts)
        opts = &defaults;
    if (!ds)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    chiso_filler *f = calloc(1, sizeof *f);
    if (!f)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    f->ds = ds;
    f->lang = chiso_get_lang();
    chiso_status st = CHISO_OK;
    f->unit = -1;
    if (!(f->plans = calloc(1, sizeof *f->plans)) || pthread_mutex_init(&f->plans->mu, NULL) != 0) {
        free(f->plans);
        free(f);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    if (opts->unit) {
        f->unit = chiso_dataset_find_unit(ds, opts->unit);
        if (f->unit < 0) {
            st = chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, _("unknown unit '%s'"), opts->unit);
            goto done;
        }
    } else {
        for (size_t u = 0; u < chiso_dataset_n_units(ds) && f->unit < 0; u++) {
            chiso_unit_info U;
            chiso_dataset_unit(ds, u, &U);
            if (U.parent < 0)
                f->unit = (long)u;
        }
        if (f->unit < 0) {
            st = chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, "%s", _("the dataset has no units"));
            goto done;
        }
    }
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    no.has_as_of = opts->has_as_of;
    no.as_of = opts->as_of;
    if ((st = chiso_normalize(ds, &no, NULL, &f->norm, err)) != CHISO_OK)
        goto done;
    if ((st = chiso_analysis_compare(ds, f->norm, NULL, &f->cmp, err)) != CHISO_OK)
        goto done;
    chiso_attain_opts ao;
    chiso_attain_opts_default(&ao);
    ao.has_as_of = opts->has_as_of;
    ao.as_of = opts->as_of;
    ao.illustrative = opts->illustrative;
    if ((st = chiso_analysis_attain(ds, f->norm, &ao, &f->att, err)) != CHISO_OK)
        goto done;
done:
    if (st != CHISO_OK)
        chiso_filler_free(f);
    else
        *out = f;
    return st;
}

/* ---- words ------------------------------------------------------------------------------------- */

static int vi(const chiso_filler *f)
{
    return f->lang == CHISO_LANG_VI;
}

/* A non-negative magnitude in words: "26,1%", "trên 18%", "từ 2 đến 3 điểm phần trăm". */
static void magnitude(const chiso_filler *f, chiso_interval iv, const char *unit, chiso_buf *b)
{
    char lo[64], hi[64];
    chiso_format_number_trim(iv.lo, 1, f->lang, lo, sizeof lo);
    chiso_format_number_trim(iv.hi, 1, f->lang, hi, sizeof hi);
    if (strcmp(lo, hi) == 0 || chiso_interval_is_point(iv))
        chiso_buf_printf(b, "%s%s", lo, unit);
    else if (isinf(iv.hi))
        chiso_buf_printf(b, iv.lo_open ? _("more than %s%s") : _("at least %s%s"), lo, unit);
    else
        chiso_buf_printf(b, _("from %s%s to %s%s"), lo, unit, hi, unit);
}

static chiso_interval scale(chiso_interval iv, double k)
{
    chiso_interval r = iv;
    if (k < 0) {
        r.lo = iv.hi * k;
        r.hi = iv.lo * k;
        r.lo_open = iv.hi_open;
        r.hi_open = iv.lo_open;
    } else {
        r.lo = iv.lo * k;
        r.hi = iv.hi * k;
    }
    if (r.lo == 0)
        r.lo = 0; /* no "-0" */
    return r;
}

/* "giảm 26,1% so với nhiệm kỳ trước (tính bình quân mỗi năm)" */
static int change_phrase(const chiso_filler *f, const chiso_compare_row *r, chiso_buf *b, char *why, size_t whysz)
{
    if (!r->has_prev) {
        snprintf(why, whysz, "%s", _("there is no earlier term to compare with"));
        return -1;
    }
    int share = r->kind == CHISO_VK_SHARE;
    if (r->rose != CHISO_TRUE && r->fell != CHISO_TRUE) {
        if (chiso_interval_is_point(r->value) && r->has_prev && r->change.lo == 0 && r->change.hi == 0)
            chiso_buf_puts(b, _("unchanged from the previous term"));
        else
            chiso_buf_puts(b, _("cannot be told to have risen or fallen from the previous term (the figures are "
                                "inexact and overlap)"));
    } else {
        int up = r->rose == CHISO_TRUE;
        chiso_buf_puts(b, up ? _("up ") : _("down "));
        if (share)
            magnitude(f, scale(r->change, up ? 1 : -1), _(" percentage points"), b);
        else if (r->has_rel)
            magnitude(f, scale(r->change_rel, up ? 100 : -100), "%", b);
        else
            magnitude(f, scale(r->change, up ? 1 : -1), "", b);
        chiso_buf_puts(b, _(" on the previous term"));
    }
    if (r->kind == CHISO_VK_ANNUAL)
        chiso_buf_puts(b, _(" (per year)"));
    return 0;
}

static const char *kind_noun(chiso_value_kind k)
{
    return k == CHISO_VK_ANNUAL ? _("a flow (events over a term)")
           : k == CHISO_VK_SHARE ? _("a share (per cent)")
                                 : _("a level (a number at a date)");
}

/* Levenshtein distance of two short ASCII names (longer ones: a large number). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 1000;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static const char *const FIELDS[] = {"value", "annual", "projected", "previous", "change", "years", "term_years",
                                     "label", "target", "actual", "ratio", "verdict", "status", "probability",
                                     "reason", "plan", "plan_range", "plan_range95", "plan_levels"};

/* The field nearest to s (at most 2 edits away), or NULL. */
static const char *near_field(const char *s)
{
    const char *best = NULL;
    size_t bd = 3;
    for (size_t i = 0; i < CHISO_ARRAY_LEN(FIELDS); i++) {
        size_t d = distance(s, FIELDS[i]);
        if (d < bd) {
            bd = d;
            best = FIELDS[i];
        }
    }
    return best;
}

/* The indicator code nearest to s (at most 2 edits away), or NULL. */
static const char *near_indicator(const chiso_dataset *ds, const char *s)
{
    const char *best = NULL;
    size_t bd = 3;
    for (size_t i = 0; i < chiso_dataset_n_indicators(ds); i++) {
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, i, &I);
        size_t d = distance(s, I.code);
        if (d < bd) {
            bd = d;
            best = I.code;
        }
    }
    return best;
}

/* ---- the series -------------------------------------------------------------------------------- */

/* The rows of one series (unit, indicator, level) in time order: first index and count. Returns 0, or
 * -1 with why filled (no such series; several and none chosen). */
static int find_series(const chiso_filler *f, long unit, long ind, int level, int has_level, size_t *first,
                       size_t *count, char *why, size_t whysz)
{
    size_t n = chiso_comparison_count(f->cmp);
    int levels[16];
    size_t nlevels = 0;
    int want = has_level ? level : -1;
    if (!has_level) {
        /* the plain series when there is one, else the only one */
        for (size_t i = 0; i < n; i++) {
            const chiso_compare_row *r = chiso_comparison_get(f->cmp, i);
            if (r->unit_index != unit || r->indicator_index != ind || r->rating)
                continue;
            size_t k;
            for (k = 0; k < nlevels; k++)
                if (levels[k] == r->level)
                    break;
            if (k == nlevels && nlevels < CHISO_ARRAY_LEN(levels))
                levels[nlevels++] = r->level;
        }
        for (size_t k = 0; k < nlevels; k++)
            if (levels[k] == 0)
                want = 0;
        if (want < 0 && nlevels == 1)
            want = levels[0];
        if (want < 0 && nlevels > 1) {
            chiso_indicator_info I;
            chiso_dataset_indicator(f->ds, (size_t)ind, &I);
            chiso_buf b;
            chiso_buf_init(&b);
            for (size_t k = 0; k < nlevels; k++)
                chiso_buf_printf(&b, "%s%s:%d", k ? ", " : "", I.code, levels[k]);
            char *list = chiso_buf_take(&b);
            snprintf(why, whysz, _("'%s' has a series for each rating level: name one (%s)"), I.code,
                     list ? list : "");
            free(list);
            return -1;
        }
    }
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        const chiso_compare_row *r = chiso_comparison_get(f->cmp, i);
        if (r->unit_index == unit && r->indicator_index == ind && !r->rating && r->level == want) {
            if (!*count)
                *first = i;
            ++*count;
        }
    }
    if (!*count) {
        chiso_indicator_info I;
        chiso_dataset_indicator(f->ds, (size_t)ind, &I);
        chiso_unit_info U;
        chiso_dataset_unit(f->ds, (size_t)unit, &U);
        if (has_level)
            snprintf(why, whysz, _("the dataset has no figures of '%s' at level %d for unit '%s'"), I.code, level,
                     U.code);
        else
            snprintf(why, whysz, _("the dataset has no figures of '%s' for unit '%s'"), I.code, U.code);
        return -1;
    }
    return 0;
}

/* ---- one placeholder --------------------------------------------------------------------------- */

/* A figure in words, as a clerk writes it and as the report does (docs/style-vi.md): "641", "trên 70%"
 * (a share up to 100% is written by its lower end), "từ 3 trở lên", "không quá 5", "từ 90% đến 95%". */
static void fmt_value(const chiso_filler *f, chiso_interval iv, int dec, int pct, chiso_buf *b)
{
    char x[64], y[64];
    const char *ps = pct ? "%" : "";
    int lo_inf = isinf(iv.lo) && iv.lo < 0, hi_inf = isinf(iv.hi) && iv.hi > 0;
    int hi_cap = pct && iv.hi == 100 && !iv.hi_open;
    chiso_format_number_trim(iv.lo, dec, f->lang, x, sizeof x);
    chiso_format_number_trim(iv.hi, dec, f->lang, y, sizeof y);
    if (isnan(iv.lo) || isnan(iv.hi))
        chiso_buf_puts(b, "–");
    else if (chiso_interval_is_point(iv))
        chiso_buf_printf(b, "%s%s", x, ps);
    else if ((lo_inf || (iv.lo == 0 && !iv.lo_open)) && hi_inf)
        chiso_buf_puts(b, _("not known"));
    else if (hi_inf || hi_cap)
        chiso_buf_printf(b, iv.lo_open ? _("more than %s%s") : _("at least %s%s"), x, ps);
    else if (lo_inf || (iv.lo == 0 && !iv.lo_open && !pct))
        chiso_buf_printf(b, iv.hi_open ? _("less than %s%s") : _("no more than %s%s"), y, ps);
    else if (iv.lo_open || iv.hi_open)
        chiso_buf_printf(b, iv.lo_open ? (iv.hi_open ? _("more than %s%s and less than %s%s") : _("more than %s%s up to %s%s"))
                                       : _("from %s%s to less than %s%s"),
                         x, ps, y, ps);
    else
        chiso_buf_printf(b, _("from %s%s to %s%s"), x, ps, y, ps);
}

static const char *cmp_sign(chiso_cmp op)
{
    switch (op) {
    case CHISO_CMP_GE: return "≥ ";
    case CHISO_CMP_GT: return "> ";
    case CHISO_CMP_LE: return "≤ ";
    case CHISO_CMP_LT: return "< ";
    case CHISO_CMP_EQ: return "= ";
    default: return "";
    }
}

/* A probability as a reader wants it: whole per cent, never a flat 0% or 100% (as chiso plan writes it). */
static void fmt_prob(const chiso_filler *f, double p, chiso_buf *b)
{
    char a[32];
    if (!isfinite(p))
        chiso_buf_puts(b, "–");
    else if (p < 0.01)
        chiso_buf_puts(b, "< 1%");
    else if (p > 0.99)
        chiso_buf_puts(b, "> 99%");
    else
        chiso_buf_printf(b, "%s%%", chiso_format_number(round(p * 100), 0, f->lang, a, sizeof a));
}

static int target_field(const chiso_filler *f, const chiso_attain_row *a, const char *field, chiso_buf *b,
                        char *why, size_t whysz)
{
    chiso_indicator_info I;
    chiso_dataset_indicator(f->ds, (size_t)a->target->indicator_index, &I);
    int pct = I.measure == CHISO_MEASURE_SHARE || a->target->relative_to_members;
    if (strcmp(field, "target") == 0) {
        if (a->target->op == CHISO_CMP_BETWEEN) {
            char lo[64], hi[64];
            chiso_format_number_trim(a->target->value.lo, 2, f->lang, lo, sizeof lo);
            chiso_format_number_trim(a->target->value.hi, 2, f->lang, hi, sizeof hi);
            chiso_buf_printf(b, _("from %s%s to %s%s"), lo, pct ? "%" : "", hi, pct ? "%" : "");
        } else {
            char v[64];
            chiso_format_number_trim(a->target->value.lo, 2, f->lang, v, sizeof v);
            chiso_buf_printf(b, "%s%s%s", cmp_sign(a->target->op), v, pct ? "%" : "");
        }
    } else if (strcmp(field, "actual") == 0) {
        if (!a->has_actual) {
            snprintf(why, whysz, "%s", _("the target has no figure to judge yet"));
            return -1;
        }
        fmt_value(f, a->actual, I.measure == CHISO_MEASURE_SHARE ? 1 : 0, I.measure == CHISO_MEASURE_SHARE, b);
    } else if (strcmp(field, "ratio") == 0) {
        if (!a->has_ratio) {
            snprintf(why, whysz, "%s", _("the ratio to the target cannot be computed (no figure, or a target of 0)"));
            return -1;
        }
        magnitude(f, scale(a->ratio, 100), "%", b);
    } else if (strcmp(field, "verdict") == 0 || strcmp(field, "status") == 0) {
        int running = a->verdict == CHISO_VERDICT_NONE;
        const char *w = running ? chiso_progress_words(a->status) : chiso_verdict_words(a->verdict);
        chiso_buf_puts(b, w ? w : "");
        int ratio = a->has_ratio && a->verdict != CHISO_VERDICT_NO_DATA && a->status != CHISO_PROGRESS_NO_DATA;
        int ill = a->target->illustrative && strcmp(field, "verdict") == 0;
        if (ratio || ill)
            chiso_buf_puts(b, " (");
        if (ratio && running) {
            chiso_buf_puts(b, _("so far "));
            magnitude(f, scale(a->ratio, 100), "%", b);
            chiso_buf_puts(b, _(" of the target for the whole term"));
        } else if (ratio) {
            magnitude(f, scale(a->ratio, 100), "%", b);
            chiso_buf_puts(b, _(" of the target"));
        }
        if (ill)
            chiso_buf_printf(b, "%s%s", ratio ? "; " : "", _("illustrative target"));
        if (ratio || ill)
            chiso_buf_puts(b, ")");
        return 0;
    } else if (strcmp(field, "probability") == 0) {
        if (!a->has_probability) {
            snprintf(why, whysz, "%s", _("no probability: the term is over, or the figures do not allow a projection"));
            return -1;
        }
        fmt_prob(f, a->probability, b);
    } else if (strcmp(field, "reason") == 0) {
        chiso_buf_puts(b, a->reason ? a->reason : "");
    } else {
        return 1; /* not a target field */
    }
    if (a->target->illustrative && strcmp(field, "target") == 0)
        chiso_buf_puts(b, _(" (illustrative target)"));
    return 0;
}

/* The plan of one series (po names it): the one made for an earlier field, or a new one, kept when
 * there is room (*owned = 0) or for the caller to free (*owned = 1). */
static chiso_status plan_get(const chiso_filler *f, long unit, long ind, const char *term,
                             const chiso_plan_opts *po, chiso_plan **out, int *owned, chiso_error *err)
{
    plan_memos *pm = f->plans;
    pthread_mutex_lock(&pm->mu);
    for (size_t i = 0; i < pm->n; i++)
        if (pm->m[i].unit == unit && pm->m[i].ind == ind && strcmp(pm->m[i].term, term) == 0) {
            *out = pm->m[i].plan;
            *owned = 0;
            pthread_mutex_unlock(&pm->mu);
            return CHISO_OK;
        }
    chiso_status st = chiso_analysis_plan(f->ds, f->norm, po, out, err);
    *owned = 1;
    char *t = st == CHISO_OK && pm->n < PLAN_MEMO_MAX ? chiso_strdup(term) : NULL;
    if (t) {
        pm->m[pm->n++] = (plan_memo){unit, ind, t, *out};
        *owned = 0;
    }
    pthread_mutex_unlock(&pm->mu);
    return st;
}

/* The plan fields (chiso plan): the next term's likely value of a series, its 80% and 95% ranges, and
 * the candidate targets with the probability of reaching each. term: "next" (the five years after the
 * unit's latest term) or a term code of terms.csv. */
static int plan_field(const chiso_filler *f, long unit, long ind, int level, int has_level, const char *term,
                      const char *field, chiso_buf *b, char *why, size_t whysz)
{
    static const char *const names[] = {"plan", "plan_range", "plan_range95", "plan_levels"};
    size_t which = CHISO_ARRAY_LEN(names);
    for (size_t i = 0; i < CHISO_ARRAY_LEN(names); i++)
        if (strcmp(field, names[i]) == 0)
            which = i;
    if (which == CHISO_ARRAY_LEN(names)) {
        snprintf(why, whysz, _("unknown plan field '%s': use plan, plan_range, plan_range95 or plan_levels"), field);
        return -1;
    }
    chiso_unit_info U;
    chiso_dataset_unit(f->ds, (size_t)unit, &U);
    chiso_indicator_info I;
    chiso_dataset_indicator(f->ds, (size_t)ind, &I);
    chiso_plan_opts po;
    chiso_plan_opts_default(&po);
    po.unit = U.code;
    const char *inds[] = {I.code, NULL};
    po.indicators = inds;
    po.term = strcmp(term, "next") == 0 ? NULL : term;
    chiso_plan *plan = NULL;
    int owned = 0;
    chiso_error e;
    chiso_error_clear(&e);
    if (plan_get(f, unit, ind, term, &po, &plan, &owned, &e) != CHISO_OK) {
        snprintf(why, whysz, "%s", e.msg);
        return e.code == CHISO_ENOMEM ? -2 : -1;
    }
    const chiso_plan_row *r = NULL;
    size_t nr = 0;
    for (size_t i = 0; i < chiso_plan_count(plan); i++) {
        const chiso_plan_row *x = chiso_plan_get(plan, i);
        if (strcmp(x->indicator, I.code) == 0 && (has_level ? x->level == level : 1) && x->has_prediction) {
            r = x;
            nr++;
        }
    }
    int rc = 0;
    if (!r) {
        snprintf(why, whysz, _("no plan figure of '%s': its history is too short to predict the next term "
                               "(chiso plan says which series it can predict)"),
                 I.code);
        rc = -1;
    } else if (nr > 1 && !has_level) {
        snprintf(why, whysz, _("'%s' is planned for each rating level: name one (INDICATOR:LEVEL)"), I.code);
        rc = -1;
    } else {
        int pct = r->kind == CHISO_VK_SHARE, dec = pct ? 1 : 0;
        const char *ps = pct ? "%" : "";
        char x[64], y[64];
        if (which == 0) {
            chiso_buf_printf(b, "%s%s", chiso_format_number_trim(r->mean, dec, f->lang, x, sizeof x), ps);
        } else if (which == 1 || which == 2) {
            chiso_format_number_trim(which == 1 ? r->lo80 : r->lo95, dec, f->lang, x, sizeof x);
            chiso_format_number_trim(which == 1 ? r->hi80 : r->hi95, dec, f->lang, y, sizeof y);
            chiso_buf_printf(b, _("from %s%s to %s%s"), x, ps, y, ps);
        } else if (!r->n_levels) {
            snprintf(why, whysz, _("chiso plan proposes no candidate target for '%s'"), I.code);
            rc = -1;
        } else {
            for (size_t k = 0; k < r->n_levels && k < CHISO_PLAN_MAX_LEVELS; k++) {
                chiso_buf_printf(b, "%s%s%s%s: ", k ? "; " : "", cmp_sign(r->levels[k].op),
                                 chiso_format_number_trim(r->levels[k].level, 1, f->lang, x, sizeof x), ps);
                fmt_prob(f, r->levels[k].probability, b);
            }
        }
    }
    if (owned)
        chiso_plan_free(plan);
    return rc;
}

static int is_target_field(const char *s)
{
    static const char *const names[] = {"target", "actual", "ratio", "verdict", "status", "probability", "reason"};
    for (size_t i = 0; i < CHISO_ARRAY_LEN(names); i++)
        if (strcmp(s, names[i]) == 0)
            return 1;
    return 0;
}

/* The targets of (unit, term, indicator, level); which: NULL, a basis name or a 1-based number. */
static int find_target(const chiso_filler *f, long unit, const char *term, long ind, int level,
                       const char *which, const chiso_attain_row **out, char *why, size_t whysz)
{
    const chiso_attain_row *hits[32];
    size_t nh = 0;
    for (size_t i = 0; i < chiso_attainment_count(f->att); i++) {
        const chiso_attain_row *a = chiso_attainment_get(f->att, i);
        if (a->target->unit_index == unit && a->target->indicator_index == ind && strcmp(a->term, term) == 0 &&
            (level < 0 || a->target->level == level) && nh < CHISO_ARRAY_LEN(hits))
            hits[nh++] = a;
    }
    chiso_indicator_info I;
    chiso_dataset_indicator(f->ds, (size_t)ind, &I);
    if (!nh) {
        snprintf(why, whysz, _("no target of '%s' for term '%s' (targets.csv; illustrative ones only with --illustrative)"),
                 I.code, term);
        return -1;
    }
    if (which) {
        char *end;
        long k = strtol(which, &end, 10);
        if (!*end && end != which) {
            if (k < 1 || (size_t)k > nh) {
                snprintf(why, whysz, _("there are %zu targets of '%s' for term '%s', not %ld"), nh, I.code, term, k);
                return -1;
            }
            *out = hits[k - 1];
            return 0;
        }
        size_t found = 0;
        for (size_t i = 0; i < nh; i++)
            if (strcmp(chiso_basis_name(hits[i]->target->basis), which) == 0) {
                *out = hits[i];
                found++;
            }
        if (found == 1)
            return 0;
        if (!found) {
            snprintf(why, whysz, _("no target of '%s' for term '%s' is counted as '%s'"), I.code, term, which);
            return -1;
        }
    } else if (nh == 1) {
        *out = hits[0];
        return 0;
    }
    chiso_buf b;
    chiso_buf_init(&b);
    for (size_t i = 0; i < nh; i++)
        chiso_buf_printf(&b, "%s.%s | .%zu", i ? "; " : "", chiso_basis_name(hits[i]->target->basis), i + 1);
    char *list = chiso_buf_take(&b);
    snprintf(why, whysz, _("there are %zu targets of '%s' for term '%s': end the name with which one (%s)"), nh, I.code,
             term, list ? list : "");
    free(list);
    return -1;
}

static int trend_field(const chiso_filler *f, long unit, long ind, int level, const char *field, chiso_buf *b,
                       char *why, size_t whysz)
{
    chiso_unit_info U;
    chiso_dataset_unit(f->ds, (size_t)unit, &U);
    chiso_indicator_info I;
    chiso_dataset_indicator(f->ds, (size_t)ind, &I);
    chiso_select sel;
    memset(&sel, 0, sizeof sel);
    sel.unit = U.code;
    const char *inds[] = {I.code, NULL};
    sel.indicators = inds;
    sel.level = level;
    chiso_trend_result *tr = NULL;
    chiso_error e;
    chiso_error_clear(&e);
    if (chiso_analysis_trend(f->ds, f->norm, &sel, CHISO_BY_TERM, &tr, &e) != CHISO_OK) {
        snprintf(why, whysz, "%s", e.msg);
        return e.code == CHISO_ENOMEM ? -2 : -1;
    }
    const chiso_trend *t = chiso_trend_result_get(tr);
    int rc = 0;
    if (!field) {
        chiso_buf_puts(b, t->message ? t->message : "");
    } else if (strcmp(field, "slope") == 0) {
        if (t->sen_status != CHISO_TREND_OK) {
            snprintf(why, whysz, "%s", t->message ? t->message : _("too few terms to test a trend"));
            rc = -1;
        } else {
            char s[64];
            chiso_format_number_trim(t->sen.slope, 2, f->lang, s, sizeof s);
            chiso_buf_puts(b, s);
        }
    } else if (strcmp(field, "p") == 0) {
        if (t->mk_status != CHISO_TREND_OK) {
            snprintf(why, whysz, "%s", t->message ? t->message : _("too few terms to test a trend"));
            rc = -1;
        } else {
            char s[64];
            chiso_format_number(t->mk.p, 3, f->lang, s, sizeof s);
            chiso_buf_puts(b, s);
        }
    } else {
        snprintf(why, whysz, _("unknown trend field '%s': use trend, trend.slope or trend.p"), field);
        rc = -1;
    }
    chiso_trend_result_free(tr);
    return rc;
}

/* Split s at the dots into at most max parts (copies into buf); returns the number of parts. */
static size_t split_dots(char *s, char **parts, size_t max)
{
    size_t n = 0;
    char *p = s;
    while (n < max) {
        parts[n++] = p;
        char *dot = strchr(p, '.');
        if (!dot)
            break;
        *dot = '\0';
        p = dot + 1;
    }
    return n;
}

/* Resolve name; 0 with the text in b, -1 with why filled (an unknown or unfillable placeholder), -2
 * out of memory. */
static int resolve(const chiso_filler *f, const char *name_in, chiso_buf *b, char *why, size_t whysz)
{
    /* the name without the spaces around it */
    size_t len;
    const char *nm = chiso_trim(name_in, strlen(name_in), &len);
    if (len == 0) {
        snprintf(why, whysz, "%s", _("empty placeholder: write a name between {{ and }}, see docs/fill.md"));
        return -1;
    }
    if (len > FILL_MAX_NAME) {
        snprintf(why, whysz, _("placeholder name longer than %d characters"), FILL_MAX_NAME);
        return -1;
    }
    char name[FILL_MAX_NAME + 1];
    memcpy(name, nm, len);
    name[len] = '\0';
    char *rest = name;
    long unit = f->unit;
    char *slash = strchr(name, '/');
    if (slash) {
        *slash = '\0';
        unit = chiso_dataset_find_unit(f->ds, name);
        if (unit < 0) {
            snprintf(why, whysz, _("unknown unit '%s' (units.csv)"), name);
            return -1;
        }
        rest = slash + 1;
    }
    chiso_unit_info U;
    chiso_dataset_unit(f->ds, (size_t)unit, &U);
    if (strcmp(rest, "unit") == 0) {
        chiso_buf_puts(b, U.name);
        return 0;
    }
    if (strcmp(rest, "lbrace") == 0 && !slash) { /* a literal {{ */
        chiso_buf_puts(b, "{{");
        return 0;
    }
    if (strcmp(rest, "as_of") == 0 && !slash) {
        int32_t d = chiso_attainment_as_of(f->att);
        char iso[16];
        chiso_date_format(d, iso, sizeof iso);
        if (vi(f) && strlen(iso) == 10) /* 31/12/2024 */
            chiso_buf_printf(b, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
        else
            chiso_buf_puts(b, iso);
        return 0;
    }
    char *parts[5];
    size_t np = split_dots(rest, parts, 5);
    /* INDICATOR[:LEVEL] */
    int level = 0, has_level = 0;
    char *colon = strchr(parts[0], ':');
    if (colon) {
        *colon = '\0';
        char *end;
        long k = strtol(colon + 1, &end, 10);
        if (*end || end == colon + 1 || k < 1 || k > 9) {
            snprintf(why, whysz, _("'%s' is not a rating level: write INDICATOR:LEVEL with a level from 1 to 9"),
                     colon + 1);
            return -1;
        }
        level = (int)k;
        has_level = 1;
    }
    long ind = chiso_dataset_find_indicator(f->ds, parts[0]);
    if (ind < 0) {
        const char *near = near_indicator(f->ds, parts[0]);
        if (near)
            snprintf(why, whysz, _("unknown indicator '%s': did you mean '%s'?"), parts[0], near);
        else
            snprintf(why, whysz,
                     _("unknown indicator or name '%s': see docs/fill.md for the names a placeholder takes"), parts[0]);
        return -1;
    }
    chiso_indicator_info I;
    chiso_dataset_indicator(f->ds, (size_t)ind, &I);
    if (np == 1) {
        snprintf(why, whysz, _("'%s' names an indicator but not what of it: add .TERM.value, .trend or .name"), I.code);
        return -1;
    }
    if (np == 2 && strcmp(parts[1], "name") == 0) {
        chiso_buf_puts(b, chiso_indicator_name(&I, f->lang));
        return 0;
    }
    if (strcmp(parts[1], "trend") == 0) {
        if (np > 3) {
            snprintf(why, whysz, "%s", _("a trend takes one field at most: trend, trend.slope or trend.p"));
            return -1;
        }
        size_t first, count;
        if (find_series(f, unit, ind, level, has_level, &first, &count, why, whysz) != 0)
            return -1;
        level = chiso_comparison_get(f->cmp, first)->level;
        return trend_field(f, unit, ind, level, np == 3 ? parts[2] : NULL, b, why, whysz);
    }
    if (np < 3) {
        snprintf(why, whysz, _("'%s.%s' needs a field: value, annual, change, verdict, … (docs/fill.md)"), I.code,
                 parts[1]);
        return -1;
    }
    const char *field = parts[2];
    if (strncmp(field, "plan", 4) == 0) {
        if (np > 3) {
            snprintf(why, whysz, _("'%s' takes no further part (only a target's fields do)"), field);
            return -1;
        }
        if (strcmp(parts[1], "next") != 0 && chiso_dataset_find_term(f->ds, unit, parts[1]) < 0) {
            snprintf(why, whysz, _("unknown term '%s' of unit '%s' (terms.csv; or next, for the five years after "
                                   "the latest term)"),
                     parts[1], U.code);
            return -1;
        }
        return plan_field(f, unit, ind, level, has_level, parts[1], field, b, why, whysz);
    }
    /* the term: a code of the unit's terms, latest or previous */
    const char *term = parts[1];
    size_t first = 0, count = 0;
    int series_ok = find_series(f, unit, ind, level, has_level, &first, &count, why, whysz) == 0;
    const chiso_compare_row *row = NULL;
    if (series_ok) {
        level = chiso_comparison_get(f->cmp, first)->level;
        if (strcmp(term, "latest") == 0 || strcmp(term, "previous") == 0) {
            size_t back = term[0] == 'p' ? 1 : 0;
            if (back >= count) {
                snprintf(why, whysz, _("'%s' has figures for one term only: there is no previous term"), I.code);
                return -1;
            }
            row = chiso_comparison_get(f->cmp, first + count - 1 - back);
            term = row->term;
        } else {
            for (size_t i = 0; i < count; i++) {
                const chiso_compare_row *r = chiso_comparison_get(f->cmp, first + i);
                if (strcmp(r->term, term) == 0)
                    row = r;
            }
        }
    }
    if (strcmp(term, "next") == 0) {
        const char *near = near_field(field);
        if (near && strncmp(near, "plan", 4) == 0)
            snprintf(why, whysz, _("unknown field '%s': did you mean '%s'?"), field, near);
        else
            snprintf(why, whysz, "%s", _("'next' takes the plan fields only: plan, plan_range, plan_range95, plan_levels"));
        return -1;
    }
    if (chiso_dataset_find_term(f->ds, unit, term) < 0) {
        snprintf(why, whysz, _("unknown term '%s' of unit '%s' (terms.csv; or latest, previous)"), term, U.code);
        return -1;
    }
    if (is_target_field(field)) {
        if (np > 4) {
            snprintf(why, whysz, "%s", _("too many parts: INDICATOR.TERM.FIELD.WHICH at most"));
            return -1;
        }
        const chiso_attain_row *a = NULL;
        if (find_target(f, unit, term, ind, has_level ? level : -1, np == 4 ? parts[3] : NULL, &a, why, whysz) != 0)
            return -1;
        return target_field(f, a, field, b, why, whysz) == 0 ? 0 : -1;
    }
    if (np > 3) {
        snprintf(why, whysz, _("'%s' takes no further part (only a target's fields do)"), field);
        return -1;
    }
    if (!series_ok)
        return -1;
    if (!row) {
        snprintf(why, whysz, _("no figure of '%s' for term '%s' of unit '%s'"), I.code, term, U.code);
        return -1;
    }
    int share = row->kind == CHISO_VK_SHARE, flow = row->kind == CHISO_VK_ANNUAL;
    if (strcmp(field, "value") == 0) {
        /* as the sources write it: a flow's total, a share, a level */
        if (flow)
            fmt_value(f, row->total, 0, 0, b);
        else
            fmt_value(f, row->value, share ? 1 : row->kind == CHISO_VK_LEVEL && row->value.lo != floor(row->value.lo) ? 1 : 0,
                      share, b);
    } else if (strcmp(field, "annual") == 0) {
        if (!flow) {
            snprintf(why, whysz, _("'annual' is for flows; '%s' is %s: use value"), I.code, kind_noun(row->kind));
            return -1;
        }
        fmt_value(f, row->value, 1, 0, b);
    } else if (strcmp(field, "projected") == 0) {
        if (!row->has_projected) {
            snprintf(why, whysz, _("no projection of '%s' for term '%s': only a flow of a term covered in part is "
                                   "projected to the whole term"),
                     I.code, term);
            return -1;
        }
        fmt_value(f, row->projected, 0, 0, b);
    } else if (strcmp(field, "previous") == 0) {
        if (!row->has_prev || row == chiso_comparison_get(f->cmp, first)) {
            snprintf(why, whysz, "%s", _("there is no earlier term to compare with"));
            return -1;
        }
        const chiso_compare_row *p = row - 1;
        fmt_value(f, p->value, flow || share ? 1 : 0, share, b);
    } else if (strcmp(field, "change") == 0) {
        if (change_phrase(f, row, b, why, whysz) != 0)
            return -1;
    } else if (strcmp(field, "years") == 0) {
        char y[32];
        chiso_buf_puts(b, chiso_format_number(row->coverage_years, 1, f->lang, y, sizeof y));
    } else if (strcmp(field, "term_years") == 0) {
        char y[32];
        chiso_buf_puts(b, chiso_format_number(row->term_years, 1, f->lang, y, sizeof y));
    } else if (strcmp(field, "label") == 0) {
        chiso_buf_puts(b, row->term_label);
    } else {
        const char *near = near_field(field);
        if (near)
            snprintf(why, whysz, _("unknown field '%s': did you mean '%s'?"), field, near);
        else
            snprintf(why, whysz,
                     _("unknown field '%s': a term has value, annual, projected, previous, change, years, "
                       "term_years, label; a target has target, actual, ratio, verdict, status, probability, "
                       "reason; a plan has plan, plan_range, plan_range95, plan_levels"),
                     field);
        return -1;
    }
    return 0;
}

chiso_status chiso_filler_value(const chiso_filler *f, const char *name, char **out, chiso_error *err)
{
    *out = NULL;
    if (!f || !name)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    chiso_buf b;
    chiso_buf_init(&b);
    char why[1024] = "";
    int rc = resolve(f, name, &b, why, sizeof why);
    if (rc != 0) {
        chiso_buf_free(&b);
        if (rc == -2)
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        return chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, "{{%s}}: %s", name, why);
    }
    *out = chiso_buf_take(&b);
    return *out ? CHISO_OK : chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
}

/* ---- the places of placeholders ---------------------------------------------------------------- */


void fill_bad_place(fill_ctx *c, long line, long col, const char *where, const char *text, const char *why)
{
    char msg[1400];
    if (where)
        snprintf(msg, sizeof msg, "%s: {{%s}}: %s", where, text, why);
    else
        snprintf(msg, sizeof msg, "{{%s}}: %s", text, why);
    if (!c->bad)
        chiso_error_set(&c->first, CHISO_ENOTFOUND, c->name, line, col, "%s", msg);
    c->bad++;
    if (c->diags && chiso_diags_add(c->diags, CHISO_ERROR, c->name, line, col, "fill-placeholder", "%s", msg) ==
                        CHISO_ENOMEM)
        c->oom = CHISO_ENOMEM;
}

/* The value of the placeholder text[0..n) found at a place; NULL when it cannot be filled (noted). */
char *fill_value_at(fill_ctx *c, const char *text, size_t n, long line, long col, const char *where)
{
    char *name = malloc(n + 1);
    if (!name) {
        c->oom = CHISO_ENOMEM;
        return NULL;
    }
    memcpy(name, text, n);
    name[n] = '\0';
    chiso_buf b;
    chiso_buf_init(&b);
    char why[1024] = "";
    int rc = resolve(c->f, name, &b, why, sizeof why);
    char *v = NULL;
    if (rc == 0) {
        v = chiso_buf_take(&b);
        if (!v)
            c->oom = CHISO_ENOMEM;
    } else {
        chiso_buf_free(&b);
        if (rc == -2)
            c->oom = CHISO_ENOMEM;
        else
            fill_bad_place(c, line, col, where, name, why);
    }
    free(name);
    return v;
}

/* Markdown (or any text): {{…}} on one line. */
char *fill_text(fill_ctx *c, const char *s, size_t n, size_t *out_n)
{
    chiso_buf b;
    chiso_buf_init(&b);
    long line = 1;
    const char *line_start = s;
    size_t i = 0;
    while (i < n) {
        if (s[i] == '{' && i + 1 < n && s[i + 1] == '{') {
            long col = (long)chiso_utf8_chars(line_start, (size_t)(s + i - line_start)) + 1;
            size_t j = i + 2;
            while (j + 1 < n && !(s[j] == '}' && s[j + 1] == '}') && s[j] != '\n')
                j++;
            if (j + 1 >= n || s[j] == '\n') {
                char shown[48];
                size_t k = j - i - 2 < 40 ? j - i - 2 : 40;
                k = chiso_utf8_valid_prefix((const unsigned char *)s + i + 2, k);
                snprintf(shown, sizeof shown, "%.*s", (int)k, s + i + 2);
                fill_bad_place(c, line, col, NULL, shown, _("the placeholder is not closed with }} on the same line"));
                chiso_buf_append(&b, s + i, 2);
                i += 2;
                continue;
            }
            char *v = fill_value_at(c, s + i + 2, j - i - 2, line, col, NULL);
            if (v)
                chiso_buf_puts(&b, v);
            free(v);
            i = j + 2;
            continue;
        }
        if (s[i] == '\n') {
            line++;
            line_start = s + i + 1;
        }
        chiso_buf_append(&b, s + i, 1);
        i++;
    }
    *out_n = b.len;
    char *r = chiso_buf_take(&b);
    if (!r)
        c->oom = CHISO_ENOMEM;
    return r;
}

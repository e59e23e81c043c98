/*
 * analysis/plan.c — planning the next term: for every indicator of a unit with enough history, the
 * predictive distribution of its value over the planned period and candidate targets with the
 * probability of reaching each (docs/methods.md, "Planning the next term").
 *
 * Counts of events use the gamma–Poisson model of predict.c with the prior learnt from the unit's
 * earlier terms (the running term counts with the years it covers); shares use a beta fitted to the
 * values of earlier terms (yearly values where the dataset has them per year).
 */
#include "analysis/analysis_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chiso_plan {
    chiso_plan_row *rows;
    size_t n, cap;
    size_t n_skipped;
    char **strings;
    size_t n_strings, cap_strings;
    int32_t start, end;
    double years;
    const char *term;
    char *period_label;
    const chiso_normalized *norm;
};

void chiso_plan_opts_default(chiso_plan_opts *o)
{
    memset(o, 0, sizeof *o);
}

static const char *keep(chiso_plan *p, char *s)
{
    if (!s)
        return NULL;
    if (chiso_grow((void **)&p->strings, &p->cap_strings, p->n_strings + 1, sizeof *p->strings) != 0) {
        free(s);
        return NULL;
    }
    p->strings[p->n_strings++] = s;
    return s;
}

/* A round step for candidate levels: 1, 2, 2.5 or 5 times a power of ten, at least raw. */
static double nice_step(double raw)
{
    if (!(raw > 1))
        return 1;
    double e = pow(10, floor(log10(raw)));
    const double m[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < 5; i++)
        if (m[i] * e >= raw)
            return m[i] * e == 2.5 ? 2 : m[i] * e; /* whole counts: no step of 2.5 */
    return 10 * e;
}

/* Candidate levels between lo and hi on a round grid: 3 to 5 of them. */
static size_t candidates(double lo, double hi, double min_step, double *out, size_t max)
{
    double span = hi - lo;
    double step = nice_step(span / 4);
    if (step < min_step)
        step = min_step;
    size_t n = 0;
    for (double L = ceil(lo / step) * step; L <= hi + 1e-9 && n < max; L += step)
        out[n++] = L;
    if (n == 0)
        out[n++] = round(lo / step) * step;
    return n;
}

static chiso_status add_row(chiso_plan *p, const chiso_plan_row *r)
{
    if (chiso_grow((void **)&p->rows, &p->cap, p->n + 1, sizeof *p->rows) != 0)
        return CHISO_ENOMEM;
    p->rows[p->n++] = *r;
    return CHISO_OK;
}

/* The counts of one series: history periods from the terms before the planned period. */
static int plan_count(chiso_plan *P, const chiso_dataset *ds, const series *S, const chiso_pred_opts *mo,
                      chiso_plan_row *r, chiso_buf *hist, chiso_buf *note, chiso_buf *src)
{
    size_t nh = 0;
    int inexact = 0, open = 0;
    for (size_t k = 0; k < S->n; k++) {
        const chiso_norm_row *row = S->items[k].row;
        if (S->items[k].term_start >= P->start - 45 || row->basis != CHISO_BASIS_TOTAL || !(row->coverage_years > 0))
            continue;
        if (!isfinite(row->value.lo) || !isfinite(row->value.hi)) {
            open = 1; /* "trên 300": a bound, not a count */
            continue;
        }
        inexact |= row->value.lo != row->value.hi;
        nh++;
        if (row->sources && *row->sources)
            chiso_buf_printf(src, "%s%s", src->len ? "; " : "", row->sources);
        char a[32], b[32];
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)row->term_index, &T);
        if (hist->len)
            chiso_buf_puts(hist, "; ");
        /* a term by its years, not its code ("lt" reads as nothing): "1996–2000: 712 trong 4,84 năm" */
        chiso_buf_printf(hist, _("%d–%d: %s in %s years"), T.start.year, T.end.year,
                         chiso_format_number(row->point, 0, chiso_get_lang(), a, sizeof a),
                         chiso_format_number_trim(row->coverage_years, 2, chiso_get_lang(), b, sizeof b));
    }
    /* the periods themselves: the terms' yearly figures where there are, and profile-weighted years */
    pred_hist ph;
    if (pred_history(ds, P->norm, S->unit, S->indicator, S->level, P->start, P->end, &ph) != CHISO_OK) {
        pred_history_free(&ph);
        return -1; /* out of memory */
    }
    (void)nh;
    chiso_pred_model m;
    chiso_error err;
    chiso_status fst = chiso_predict_fit(ph.periods, ph.n, mo, &m, &err);
    int yearly = ph.yearly > 0;
    pred_history_free(&ph);
    if (fst == CHISO_ENOMEM)
        return -1;
    if (fst != CHISO_OK || !m.has_history)
        return 0;
    r->kind = CHISO_VK_ANNUAL;
    r->model = "gamma-poisson";
    r->history_terms = m.history_periods;
    r->history_years = m.history_years;
    r->dispersion = m.dispersion;
    r->rate_cv = 1 / sqrt(m.shape);
    double f = P->years;
    r->mean = chiso_predict_rest_mean(&m, f);
    r->lo80 = chiso_predict_rest_quantile(&m, f, 0.10);
    r->hi80 = chiso_predict_rest_quantile(&m, f, 0.90);
    r->lo95 = chiso_predict_rest_quantile(&m, f, 0.025);
    r->hi95 = chiso_predict_rest_quantile(&m, f, 0.975);
    double q15 = chiso_predict_rest_quantile(&m, f, 0.15), q85 = chiso_predict_rest_quantile(&m, f, 0.85);
    double lv[CHISO_PLAN_MAX_LEVELS];
    size_t nl = candidates(q15, q85, 1, lv, CHISO_PLAN_MAX_LEVELS);
    chiso_cmp op = r->direction < 0 ? CHISO_CMP_LE : CHISO_CMP_GE;
    size_t kept = 0;
    for (size_t i = 0; i < nl; i++) {
        if (op == CHISO_CMP_GE && lv[i] <= 0)
            continue; /* "at least 0" is no target */
        r->levels[kept].op = op;
        r->levels[kept].level = lv[i];
        r->levels[kept].probability = chiso_predict_prob_total(&m, 0, f, op, lv[i], lv[i]);
        kept++;
    }
    r->n_levels = kept;
    r->has_prediction = isfinite(r->mean) && isfinite(r->lo95) && isfinite(r->hi95);
    if (yearly)
        chiso_buf_puts(note, _("the spread within a term is learnt from the yearly figures"));
    if (inexact)
        chiso_buf_printf(note, "%s%s", note->len ? "; " : "", _("inexact figures are read at the number written"));
    if (open)
        chiso_buf_printf(note, "%s%s", note->len ? "; " : "", _("open-ended figures (\"trên 300\") are left out"));
    return r->has_prediction;
}

/* The shares of one series: the value of each earlier term. */
static int plan_share(chiso_plan *P, const chiso_dataset *ds, const series *S, chiso_plan_row *r, chiso_buf *hist,
                      chiso_buf *note, chiso_buf *src)
{
    double v[64];
    size_t n = 0;
    int inexact = 0;
    for (size_t k = 0; k < S->n && n < 64; k++) {
        const chiso_norm_row *row = S->items[k].row;
        if (S->items[k].term_start >= P->start - 45)
            continue;
        double pt;
        chiso_interval iv = row_value(ds, row, &pt);
        if (!(pt >= 0 && pt <= 100))
            continue;
        inexact |= iv.lo != iv.hi;
        v[n++] = pt;
        if (row->sources && *row->sources)
            chiso_buf_printf(src, "%s%s", src->len ? "; " : "", row->sources);
        char a[32];
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)row->term_index, &T);
        if (hist->len)
            chiso_buf_puts(hist, "; ");
        chiso_buf_printf(hist, "%d–%d: %s", T.start.year, T.end.year,
                         chiso_format_interval(iv, 1, 1, chiso_get_lang(), a, sizeof a));
    }
    chiso_share_model m;
    chiso_error err;
    if (chiso_predict_share_fit(v, n, &m, &err) != CHISO_OK)
        return 0;
    r->kind = CHISO_VK_SHARE;
    r->model = "beta";
    r->history_terms = n;
    r->history_years = NAN;
    r->mean = m.mean;
    r->lo80 = chiso_predict_share_quantile(&m, 0.10);
    r->hi80 = chiso_predict_share_quantile(&m, 0.90);
    r->lo95 = chiso_predict_share_quantile(&m, 0.025);
    r->hi95 = chiso_predict_share_quantile(&m, 0.975);
    /* candidate levels: the levels resolutions use, inside the 95% interval, at most
     * CHISO_PLAN_MAX_LEVELS of them nearest the mean (100% is left out: a beta never reaches it) */
    static const double common[] = {50, 60, 65, 70, 75, 80, 85, 90, 92, 95, 97, 98, 99};
    size_t first = 0, nl = 0;
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        if (common[i] >= r->lo95 && common[i] <= r->hi95) {
            if (nl == 0)
                first = i;
            nl++;
        }
    while (nl > CHISO_PLAN_MAX_LEVELS) { /* drop the end farther from the mean */
        if (fabs(common[first] - m.mean) > fabs(common[first + nl - 1] - m.mean))
            first++;
        nl--;
    }
    chiso_cmp op = r->direction < 0 ? CHISO_CMP_LE : CHISO_CMP_GE;
    for (size_t i = 0; i < nl; i++) {
        r->levels[i].op = op;
        r->levels[i].level = common[first + i];
        r->levels[i].probability = chiso_predict_share_prob(&m, op, common[first + i], common[first + i]);
    }
    r->n_levels = nl;
    r->has_prediction = 1;
    chiso_buf_puts(note, _("the probability is for one year's share; the model is a beta fitted to the values of "
                           "earlier terms"));
    if (inexact)
        chiso_buf_printf(note, "; %s", _("inexact figures are read at the number written (\"trên 90%\" as 90%)"));
    return 1;
}

chiso_status chiso_analysis_plan(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_plan_opts *opts,
                                 chiso_plan **out, chiso_error *err)
{
    if (!ds || !norm || !opts || !out || !opts->unit)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments: a unit is required"));
    *out = NULL;
    chiso_stats_init();
    long u = chiso_dataset_find_unit(ds, opts->unit);
    if (u < 0)
        return chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, "%s '%s'", _("the dataset has no unit"), opts->unit);
    chiso_plan *P = calloc(1, sizeof *P);
    if (!P)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    /* the planned period: a term of terms.csv, a span, or the five years after the latest term */
    if (opts->term) {
        long t = chiso_dataset_find_term(ds, u, opts->term);
        if (t < 0) {
            chiso_plan_free(P);
            return chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, _("unit '%s' has no term '%s' in terms.csv"),
                                   opts->unit, opts->term);
        }
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)t, &T);
        P->start = T.start.day;
        P->end = T.end.day;
        P->term = T.code;
    } else if (opts->has_span) {
        if (opts->end < opts->start) {
            chiso_plan_free(P);
            return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("the period to plan ends before it starts"));
        }
        P->start = opts->start;
        P->end = opts->end;
    } else {
        long owner = chiso_dataset_term_owner(ds, u);
        long idx[256];
        size_t nt = owner >= 0 ? chiso_dataset_unit_terms(ds, owner, idx, 256) : 0;
        if (nt == 0) {
            chiso_plan_free(P);
            return chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0,
                                   _("unit '%s' has no terms: give the period to plan with --start and --end"), opts->unit);
        }
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)idx[(nt < 256 ? nt : 256) - 1], &T);
        int y, m, d;
        chiso_civil_from_days(T.end.day, &y, &m, &d);
        P->start = T.end.day;
        P->end = chiso_days_from_civil(y + 5, m, d) - 1;
    }
    P->years = chiso_span_years(P->start, P->end);
    P->norm = norm;
    chiso_pred_opts mo;
    if (opts->model)
        mo = *opts->model;
    else
        chiso_pred_opts_default(&mo);
    chiso_select sel = {opts->unit, opts->indicators, NULL, 0};
    series *S = NULL;
    size_t ns = 0;
    chiso_status st = series_build(ds, norm, &sel, &S, &ns);
    if (st != CHISO_OK) {
        chiso_plan_free(P);
        return chiso_error_set(err, st, NULL, 0, 0, "%s", st == CHISO_ENOMEM ? _("out of memory") : _("no such series"));
    }
    int oom = 0;
    for (size_t i = 0; i < ns && !oom; i++) {
        if (S[i].label) /* a "trong đó" part is planned with its whole */
            continue;
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)S[i].indicator, &I);
        chiso_value_kind kind = value_kind_of(ds, S[i].indicator);
        if (kind == CHISO_VK_LEVEL)
            continue;
        chiso_plan_row r;
        memset(&r, 0, sizeof r);
        r.unit = opts->unit;
        r.indicator = I.code;
        r.level = S[i].level;
        r.direction = I.direction == CHISO_DIR_UP ? 1 : I.direction == CHISO_DIR_DOWN ? -1 : 0;
        for (size_t k = 0; k < S[i].n; k++)
            if (S[i].items[k].row->rating)
                r.rating = S[i].items[k].row->rating; /* the latest label of the level */
        chiso_buf hist, note, src;
        chiso_buf_init(&hist);
        chiso_buf_init(&note);
        chiso_buf_init(&src);
        int ok = kind == CHISO_VK_ANNUAL && I.measure == CHISO_MEASURE_COUNT
                     ? plan_count(P, ds, &S[i], &mo, &r, &hist, &note, &src)
                 : kind == CHISO_VK_SHARE ? plan_share(P, ds, &S[i], &r, &hist, &note, &src)
                                          : 0;
        char *h = chiso_buf_take(&hist), *nt = chiso_buf_take(&note), *sr = chiso_buf_take(&src);
        if (ok < 0) {
            free(h);
            free(nt);
            free(sr);
            oom = 1;
            break;
        }
        if (!ok) {
            free(h);
            free(nt);
            free(sr);
            P->n_skipped++;
            continue;
        }
        r.history = keep(P, h);
        r.note = keep(P, nt);
        r.sources = keep(P, sr);
        if (!r.history || !r.note || !r.sources || add_row(P, &r) != CHISO_OK)
            oom = 1;
    }
    series_free_all(S, ns);
    if (oom) {
        chiso_plan_free(P);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    *out = P;
    return CHISO_OK;
}

void chiso_plan_free(chiso_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_strings; i++)
        free(p->strings[i]);
    free(p->strings);
    free(p->rows);
    free(p->period_label);
    free(p);
}

size_t chiso_plan_count(const chiso_plan *p)
{
    return p ? p->n : 0;
}

const chiso_plan_row *chiso_plan_get(const chiso_plan *p, size_t i)
{
    return p && i < p->n ? &p->rows[i] : NULL;
}

size_t chiso_plan_skipped(const chiso_plan *p)
{
    return p ? p->n_skipped : 0;
}

void chiso_plan_period(const chiso_plan *p, int32_t *start, int32_t *end, double *years, const char **term)
{
    if (start)
        *start = p ? p->start : 0;
    if (end)
        *end = p ? p->end : 0;
    if (years)
        *years = p ? p->years : NAN;
    if (term)
        *term = p ? p->term : NULL;
}

static const char *op_text(chiso_cmp op)
{
    return op == CHISO_CMP_LE ? "<=" : op == CHISO_CMP_LT ? "<" : op == CHISO_CMP_GT ? ">" : ">=";
}

char *chiso_plan_to_json(const chiso_plan *p)
{
    chiso_buf b;
    chiso_buf_init(&b);
    char d1[16], d2[16];
    chiso_buf_printf(&b, "{\"period\": {\"start\": \"%s\", \"end\": \"%s\", \"years\": ",
                     chiso_date_format(p ? p->start : 0, d1, sizeof d1), chiso_date_format(p ? p->end : 0, d2, sizeof d2));
    chiso_json_num(&b, p ? p->years : NAN);
    chiso_buf_puts(&b, ", \"term\": ");
    chiso_json_str(&b, p ? p->term : NULL);
    chiso_buf_printf(&b, "}, \"skipped\": %zu, \"indicators\": [", p ? p->n_skipped : 0);
    for (size_t i = 0; p && i < p->n; i++) {
        const chiso_plan_row *r = &p->rows[i];
        chiso_buf_puts(&b, i ? ",\n  {\"unit\": " : "\n  {\"unit\": ");
        chiso_json_str(&b, r->unit);
        chiso_buf_puts(&b, ", \"indicator\": ");
        chiso_json_str(&b, r->indicator);
        chiso_buf_printf(&b, ", \"level\": %d, \"rating\": ", r->level);
        chiso_json_str(&b, r->rating);
        chiso_buf_puts(&b, ", \"kind\": ");
        chiso_json_str(&b, r->kind == CHISO_VK_SHARE ? "share_of_a_year" : "count_over_period");
        chiso_buf_puts(&b, ", \"model\": ");
        chiso_json_str(&b, r->model);
        chiso_buf_printf(&b, ", \"history_terms\": %zu, \"history_years\": ", r->history_terms);
        chiso_json_num(&b, r->history_years);
        chiso_buf_puts(&b, ", \"history\": ");
        chiso_json_str(&b, r->history);
        const struct {
            const char *k;
            double v;
        } nums[] = {{"mean", r->mean},   {"lo80", r->lo80}, {"hi80", r->hi80},           {"lo95", r->lo95},
                    {"hi95", r->hi95}, {"dispersion", r->kind == CHISO_VK_SHARE ? NAN : r->dispersion},
                    {"rate_cv", r->kind == CHISO_VK_SHARE ? NAN : r->rate_cv}};
        for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
            chiso_buf_printf(&b, ", \"%s\": ", nums[k].k);
            chiso_json_num(&b, nums[k].v);
        }
        chiso_buf_puts(&b, ", \"candidates\": [");
        for (size_t k = 0; k < r->n_levels; k++) {
            chiso_buf_printf(&b, "%s{\"op\": \"%s\", \"level\": ", k ? ", " : "", op_text(r->levels[k].op));
            chiso_json_num(&b, r->levels[k].level);
            chiso_buf_puts(&b, ", \"probability\": ");
            chiso_json_num(&b, r->levels[k].probability);
            chiso_buf_puts(&b, "}");
        }
        chiso_buf_puts(&b, "], \"note\": ");
        chiso_json_str(&b, r->note && *r->note ? r->note : NULL);
        chiso_buf_puts(&b, ", \"sources\": ");
        chiso_json_str(&b, r->sources);
        chiso_buf_puts(&b, "}");
    }
    chiso_buf_puts(&b, "\n]}\n");
    return chiso_buf_take(&b);
}

char *chiso_plan_to_csv(const chiso_plan *p)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "unit,indicator,level,rating,kind,model,period_start,period_end,history_terms,mean,lo80,hi80,lo95,"
                       "hi95,op,level_candidate,probability,note,sources\n");
    char d1[16], d2[16];
    for (size_t i = 0; p && i < p->n; i++) {
        const chiso_plan_row *r = &p->rows[i];
        for (size_t k = 0; k < r->n_levels; k++) {
            chiso_csv_field(&b, r->unit);
            chiso_buf_puts(&b, ",");
            chiso_csv_field(&b, r->indicator);
            chiso_buf_printf(&b, ",%d,", r->level);
            chiso_csv_field(&b, r->rating);
            chiso_buf_printf(&b, ",%s,%s,%s,%s,%zu,", r->kind == CHISO_VK_SHARE ? "share_of_a_year" : "count_over_period",
                             r->model, chiso_date_format(p->start, d1, sizeof d1), chiso_date_format(p->end, d2, sizeof d2),
                             r->history_terms);
            const double nums[] = {r->mean, r->lo80, r->hi80, r->lo95, r->hi95};
            for (size_t j = 0; j < 5; j++) {
                chiso_csv_num(&b, nums[j]);
                chiso_buf_puts(&b, ",");
            }
            chiso_buf_printf(&b, "%s,", op_text(r->levels[k].op));
            chiso_csv_num(&b, r->levels[k].level);
            chiso_buf_puts(&b, ",");
            chiso_csv_num(&b, r->levels[k].probability);
            chiso_buf_puts(&b, ",");
            chiso_csv_field(&b, r->note);
            chiso_buf_puts(&b, ",");
            chiso_csv_field(&b, r->sources);
            chiso_buf_puts(&b, "\n");
        }
    }
    return chiso_buf_take(&b);
}

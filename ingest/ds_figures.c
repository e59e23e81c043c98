/*
 * ingest/ds_figures.c — the checks of the rows that hold figures: observations, targets (and
 * illustrative targets) and the verdicts reports give. Each takes the row the generic reader
 * (ingest/ds_read.c) made of a record, resolves its unit, term and indicator, reads its value and rating
 * label, checks what holds across its columns, and stores it.
 */
#include "ingest/ds_read.h"
#include "ingest/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Look up a rating label for indicator ind; reports problems. */
static int ds_rating_of(load_ctx *c, int ci, long ind, const char *scheme, int year, int *level, int *aoa,
                     const char **scheme_out, int *inexact)
{
    const char *label = ds_val(c, ci);
    int member = ds_indicator_is_member(c->ds, ind), oom = 0;
    if (!ds_crosswalk(c->ds, label, member, scheme, year, level, aoa, scheme_out, inexact, NULL, &oom)) {
        if (oom) {
            c->fatal = CHISO_ENOMEM;
            return 0;
        }
        /* the label typed without accents: read as the registry's label, with a warning */
        char *acc = ds_rating_accent(c->ds, label, member, &oom);
        int found = acc && ds_crosswalk(c->ds, acc, member, scheme, year, level, aoa, scheme_out, inexact, NULL, &oom);
        if (found)
            ds_diag_at(c, CHISO_WARNING, ci, 0, "rating.unaccented",
                    _("the rating label '%s' is written without Vietnamese accents: read as '%s'"), label, acc);
        free(acc);
        if (oom) {
            c->fatal = CHISO_ENOMEM;
            return 0;
        }
        if (found)
            return 1;
        if (scheme)
            ds_diag_at(c, CHISO_ERROR, ci, 0, "rating.unknown",
                    _("unknown rating label '%s' in scheme %s (see datasets/registry/rating-schemes.csv)"),
                    label, scheme);
        else
            ds_diag_at(c, CHISO_ERROR, ci, 0, "rating.unknown",
                    _("unknown rating label '%s' for %s rated in %d (see "
                      "datasets/registry/rating-schemes.csv)"),
                    label, member ? _("members") : _("organisations"), year);
        return 0;
    }
    return 1;
}

/* Habits of a figure that reads but may not say what its writer meant: keywords without accents
 * ("tren 90%"), and a share typed as a fraction ("0,93") where the quote says "93%" (a cell formatted
 * as a percentage in Excel holds 0,93). */
static void ds_value_habits(load_ctx *c, const char *raw, const char *accented, const ds_indicator *I,
                            const chiso_value *v)
{
    const ds_obs_row *in = &c->in.obs;
    if (accented)
        ds_diag_at(c, CHISO_WARNING, AT(ds_obs_row, value), 0, "value.unaccented",
                _("'%s' is written without Vietnamese accents: read as '%s'"), raw, accented);
    const char *quote = in->quote;
    if (I->measure != CHISO_MEASURE_SHARE || !quote || v->percent || v->q == CHISO_Q_RATIO || v->point <= 0 ||
        v->point >= 1)
        return;
    /* look for the same share times 100 followed by '%' in the quote */
    for (const char *p = quote; *p; p++) {
        if (!(*p >= '0' && *p <= '9') || (p > quote && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == ',' || p[-1] == '.')))
            continue;
        size_t k = strspn(p, "0123456789,.");
        char num[32];
        if (k >= sizeof num)
            continue;
        memcpy(num, p, k);
        num[k] = '\0';
        const char *after = p + k;
        while (*after == ' ')
            after++;
        if (*after != '%')
            continue;
        double q;
        chiso_error e;
        if (chiso_number_parse(num, &q, &e) == CHISO_OK && fabs(q - 100.0 * v->point) < 0.05) {
            ds_diag_at(c, CHISO_WARNING, AT(ds_obs_row, value), 0, "value.fraction",
                    _("the share '%s' looks like a fraction, and the quote says %s%%: a cell formatted as a "
                      "percentage in Excel holds the fraction; write %s%% (it is read as %s%% now)"),
                    raw, num, num, raw);
            return;
        }
    }
}

void ds_check_obs(load_ctx *c)
{
    const ds_obs_row *in = &c->in.obs;
    chiso_dataset *ds = c->ds;
    ds_obs o;
    memset(&o, 0, sizeof o);
    int ok = 1;
    const char *ucode = in->unit, *icode = in->indicator;
    long u = -1, ind = -1;
    if (!ucode) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, unit), 0, "unit.missing", "%s", _("the unit is empty"));
        ok = 0;
    } else if ((u = ds_find_unit_cached(c, ucode)) < 0) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, unit), 0, "unit.unknown", _("unknown unit '%s': add it to %s"), ucode,
                ds->has_units_file ? "units.csv" : "terms.csv");
        ok = 0;
    }
    if (!icode) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, indicator), 0, "indicator.missing", "%s", _("the indicator is empty"));
        ok = 0;
    } else if ((ind = ds_find_ind_cached(c, icode)) < 0) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, indicator), 0, "indicator.unknown",
                _("unknown indicator '%s': use a code of the registry or add it to indicators.csv"), icode);
        ok = 0;
    }
    int dates = ds_get_date(c, AT(ds_obs_row, period_start), &o.start);
    dates &= ds_get_date(c, AT(ds_obs_row, period_end), &o.end);
    if (dates && o.end.day < o.start.day) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, period_end), 0, "period.order",
                _("period_end (%s) is before period_start (%s)"), in->period_end, in->period_start);
        dates = 0;
    }
    ok &= dates;
    if (ind < 0) {
        /* still read the value as a count to report its own problems */
        if (!in->value)
            ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, value), 0, "value.missing", "%s", _("the value is empty"));
        return;
    }
    const ds_indicator *I = &ds->inds[ind];
    chiso_value v;
    const char *raw = in->value;
    if (!raw) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, value), 0, "value.missing", "%s",
                _("the value is empty: leave the figure out rather than write an empty value"));
        ok = 0;
    } else {
        chiso_error e;
        chiso_error_clear(&e);
        int ambiguous = 0;
        char *accented = NULL;
        if (ds_value_parse_ex(raw, (chiso_measure)I->measure, &ds->opts.values, &v, &e, &ambiguous, &accented) !=
            CHISO_OK) {
            if (e.code == CHISO_ENOMEM) { /* not the figure's fault: the reading stops */
                c->fatal = CHISO_ENOMEM;
                return;
            }
            const char *code = e.code == CHISO_EDOMAIN ? "value.domain" : "value.parse";
            if (ambiguous)
                code = "value.ambiguous";
            ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, value), e.col, code, "%s", e.msg);
            ok = 0;
        } else {
            ds_value_habits(c, raw, accented, I, &v);
        }
        free(accented);
    }
    chiso_basis basis = CHISO_BASIS_NONE;
    int word;
    if (!ds_get_word(c, AT(ds_obs_row, basis), &word))
        ok = 0;
    else if ((basis = (chiso_basis)word) == CHISO_BASIS_NONE) {
        if (I->kind == CHISO_KIND_FLOW)
            basis = CHISO_BASIS_TOTAL;
        else if (I->kind == CHISO_KIND_STOCK)
            basis = CHISO_BASIS_POINT;
        else {
            ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, basis), 0, "basis.required",
                    _("the basis is required for a share ('%s'): total, annual_mean, each_year or point"),
                    icode);
            ok = 0;
        }
    } else if (basis == CHISO_BASIS_END) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, basis), 0, "basis.unknown", "%s",
                _("basis 'end' is for targets; a figure at a date is 'point'"));
        ok = 0;
    } else if (I->kind == CHISO_KIND_FLOW && basis == CHISO_BASIS_POINT) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, basis), 0, "basis.kind",
                _("'%s' counts events over time (a flow): its basis is total, annual_mean or each_year, "
                  "not point"),
                icode);
        ok = 0;
    } else if (I->kind == CHISO_KIND_STOCK && basis == CHISO_BASIS_TOTAL) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, basis), 0, "basis.kind",
                _("'%s' is a level at a moment (a stock): its basis is point, annual_mean or each_year, "
                  "not total"),
                icode);
        ok = 0;
    }
    /* ratings */
    const char *scheme = in->scheme;
    int member_scheme = 0;
    if (scheme && !ds_scheme_exists(ds, scheme, &member_scheme)) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, scheme), 0, "scheme.unknown",
                _("unknown rating scheme '%s' (see datasets/registry/rating-schemes.csv)"), scheme);
        ok = 0;
        scheme = NULL;
    }
    int level = 0, aoa = 0, inexact = 0;
    const char *scheme_used = NULL;
    if (in->rating) {
        if (!ds_indicator_is_rating(ds, ind)) {
            ds_diag_at(c, CHISO_WARNING, AT(ds_obs_row, rating), 0, "rating.ignored",
                    _("'%s' is not a rating indicator: its rating label is ignored"), icode);
        } else if (dates && !ds_rating_of(c, AT(ds_obs_row, rating), ind, scheme, ds_rating_year(o.end), &level, &aoa,
                                       &scheme_used, &inexact)) {
            ok = 0;
        }
    } else if (ds_indicator_is_rating(ds, ind)) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, rating), 0, "rating.missing",
                _("'%s' needs the rating label the figure is about"), icode);
        ok = 0;
    }
    if (in->part_of && dates && ds_indicator_is_rating(ds, ind)) {
        int l2, a2, i2;
        if (!ds_rating_of(c, AT(ds_obs_row, part_of), ind, scheme, ds_rating_year(o.end), &l2, &a2, NULL, &i2))
            ok = 0;
    }
    if (in->share_base) {
        int b;
        if (!ds_get_word(c, AT(ds_obs_row, share_base), &b)) {
            ok = 0;
        } else if (!in->part_of && b != 0) {
            ds_diag_at(c, CHISO_ERROR, AT(ds_obs_row, share_base), 0, "share_base.no_part", "%s",
                    _("share_base 'part' or 'unknown' needs part_of: the group the share is part of"));
            ok = 0;
        } else {
            o.share_of_part = b == 1;
            if (b == 2)
                o.flags |= CHISO_OBS_BASE_UNKNOWN;
        }
    }
    ds_warn_sources(c);
    if (!ok || c->fatal)
        return;
    if (chiso_grow((void **)&ds->obs, &ds->cap_obs, ds->n_obs + 1, sizeof *ds->obs)) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    o.lo = v.iv.lo;
    o.hi = v.iv.hi;
    o.lo_open = v.iv.lo_open;
    o.hi_open = v.iv.hi_open;
    o.point = v.point;
    o.q = (unsigned char)v.q;
    o.percent = v.percent;
    o.num = v.num;
    o.den = v.den;
    o.unit = (uint32_t)u;
    o.indicator = (uint32_t)ind;
    o.basis = (unsigned char)basis;
    o.level = (unsigned char)level;
    if (aoa)
        o.flags |= CHISO_OBS_AT_OR_ABOVE;
    if (inexact)
        o.flags |= CHISO_OBS_INEXACT_XWALK;
    if (in->part_of)
        o.flags |= CHISO_OBS_PART;
    if (in->rating && !scheme)
        o.flags |= CHISO_OBS_SCHEME_GUESS;
    o.rating = ds_intern(c, in->rating);
    o.scheme = ds_intern(c, scheme ? scheme : scheme_used);
    o.part_of = ds_intern(c, in->part_of);
    o.raw = ds_intern(c, raw);
    o.source = ds_intern(c, in->source);
    o.locator = ds_intern(c, in->locator);
    o.quote = ds_intern(c, in->quote);
    o.note = ds_intern(c, in->note);
    o.line = (uint32_t)c->row->line;
    o.file = (uint16_t)c->file_no;
    ds->obs[ds->n_obs++] = o;
}

/* The unit, term and indicator of a target or verdict row (its columns of type DS_UNIT, DS_TERM and
 * DS_INDICATOR); reports what is unknown and returns 1 when all three are known. */
static int resolve_unit_term_indicator(load_ctx *c, long *unit, long *term, long *ind)
{
    const int C_UNIT = ds_col_of_type(c, DS_UNIT), C_TERM = ds_col_of_type(c, DS_TERM), C_IND = ds_col_of_type(c, DS_INDICATOR);
    chiso_dataset *ds = c->ds;
    int ok = 1;
    const char *ucode = ds_val(c, C_UNIT), *tcode = ds_val(c, C_TERM), *icode = ds_val(c, C_IND);
    *term = -1;
    *unit = ucode ? chiso_dataset_find_unit(ds, ucode) : -1;
    if (*unit < 0) {
        ds_diag_at(c, CHISO_ERROR, C_UNIT, 0, "unit.unknown", _("unknown unit '%s'"), ucode ? ucode : "");
        ok = 0;
    } else {
        *term = tcode ? chiso_dataset_find_term(ds, *unit, tcode) : -1; /* among the terms it follows */
        if (*term < 0) {
            ds_diag_at(c, CHISO_ERROR, C_TERM, 0, "term.unknown", _("unit '%s' has no term '%s' in terms.csv"),
                    ucode, tcode ? tcode : "");
            ok = 0;
        }
    }
    *ind = icode ? chiso_dataset_find_indicator(ds, icode) : -1;
    if (*ind < 0) {
        ds_diag_at(c, CHISO_ERROR, C_IND, 0, "indicator.unknown", _("unknown indicator '%s'"), icode ? icode : "");
        ok = 0;
    }
    return ok;
}

void ds_check_targets(load_ctx *c)
{
    const ds_target_row *in = &c->in.target;
    chiso_dataset *ds = c->ds;
    ds_target t;
    memset(&t, 0, sizeof t);
    t.illustrative = c->kind == DS_K_ILLUS;
    const char *icode = in->indicator;
    int ok = resolve_unit_term_indicator(c, &t.unit, &t.term, &t.indicator);
    const char *op = in->op;
    if (!op || !chiso_cmp_parse(op, &t.op)) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_target_row, op), 0, "target.op", _("unknown operator '%s': use >=, >, <=, <, = or between"),
                op ? op : "");
        ok = 0;
    }
    const char *v = in->value;
    chiso_error e;
    chiso_error_clear(&e);
    if (!v) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_target_row, value), 0, "value.missing", "%s", _("the target value is empty"));
        ok = 0;
    } else if (strlen(v) >= 128) {
        /* a number is short: text that does not fit is refused, never cut to a number that reads */
        ds_diag_at(c, CHISO_ERROR, AT(ds_target_row, value), 0, "target.value", _("a target value is one plain number, not '%.40s…'"), v);
        ok = 0;
    } else if (ok && t.op == CHISO_CMP_BETWEEN) {
        const char *sep = strstr(v, "..");
        double a, b;
        char left[128];
        snprintf(left, sizeof left, "%.*s", sep ? (int)(sep - v) : 0, v);
        if (!sep || chiso_number_parse(left, &a, &e) != CHISO_OK || chiso_number_parse(sep + 2, &b, &e) != CHISO_OK ||
            b < a) {
            ds_diag_at(c, CHISO_ERROR, AT(ds_target_row, value), 0, "target.value",
                    _("a 'between' target is written a..b with a <= b, not '%s'"), v);
            ok = 0;
        } else {
            t.value = (chiso_interval){a, b, 0, 0};
        }
    } else if (ok) {
        double a;
        char tmp[128];
        snprintf(tmp, sizeof tmp, "%s", v);
        size_t n = strlen(tmp);
        while (n && (tmp[n - 1] == '%' || tmp[n - 1] == ' '))
            tmp[--n] = '\0';
        if (chiso_number_parse(tmp, &a, &e) != CHISO_OK) {
            ds_diag_at(c, CHISO_ERROR, AT(ds_target_row, value), e.col, "target.value",
                    _("a target value is one plain number ('3', '95', '1.000'): %s"), e.msg);
            ok = 0;
        } else {
            t.value = chiso_interval_point(a);
        }
    }
    int basis;
    if (!ds_get_word(c, AT(ds_target_row, basis), &basis))
        ok = 0;
    else if ((t.basis = (chiso_basis)basis) == CHISO_BASIS_NONE || t.basis == CHISO_BASIS_POINT) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_target_row, basis), 0, "basis.unknown", "%s",
                _("a target's basis is total, each_year, annual_mean or end"));
        ok = 0;
    }
    if (in->period) {
        if (!ds_get_period(c, AT(ds_target_row, period), &t.pstart, &t.pend))
            ok = 0;
        else
            t.has_period = 1;
    }
    const char *rel = in->relative_to;
    if (rel) {
        static const struct {
            const char *name;
            chiso_rel_base base;
        } bases[] = {{"members_at_term_start", CHISO_REL_TERM_START},
                     {"members_at_year_start", CHISO_REL_YEAR_START},
                     {"members_at_prev_year_end", CHISO_REL_PREV_YEAR_END}};
        for (size_t i = 0; i < CHISO_ARRAY_LEN(bases); i++)
            if (strcmp(rel, bases[i].name) == 0)
                t.rel_base = (int)bases[i].base;
        if (!t.rel_base && strncmp(rel, "members_at:", 11) == 0) {
            chiso_date d;
            chiso_error_clear(&e);
            if (chiso_date_parse(rel + 11, 0, &d, &e) == CHISO_OK && d.prec == 3) {
                t.rel_base = CHISO_REL_DATE;
                t.rel_day = d.day;
            }
        }
        if (!t.rel_base) {
            ds_diag_at(c, CHISO_ERROR, AT(ds_target_row, relative_to), 0, "target.relative_to",
                    _("unknown relative_to '%s': leave it empty or write members_at_term_start, members_at_year_start, "
                      "members_at_prev_year_end or members_at:YYYY-MM-DD"),
                    rel);
            ok = 0;
        } else {
            t.relative_to_members = 1;
        }
    }
    const char *tid = in->id;
    if (tid) {
        if (!ds_valid_code(tid)) {
            ds_diag_at(c, CHISO_ERROR, AT(ds_target_row, id), 0, "target.id",
                    _("a target id is letters, digits, '_', '-' and '.', not '%s'"), tid);
            ok = 0;
        } else {
            for (size_t i = 0; i < ds->n_targets; i++) {
                const char *other = ds_str(ds, ds->targets[i].id);
                if (other && strcmp(other, tid) == 0) {
                    ds_diag_at(c, CHISO_ERROR, AT(ds_target_row, id), 0, "target.id_duplicate",
                            _("the target id '%s' is already used by %s:%ld"), tid, ds_file(ds, ds->targets[i].file),
                            ds->targets[i].line);
                    ok = 0;
                    break;
                }
            }
        }
    }
    if (ok && in->rating) {
        if (!ds_indicator_is_rating(ds, t.indicator)) {
            ds_diag_at(c, CHISO_WARNING, AT(ds_target_row, rating), 0, "rating.ignored",
                    _("'%s' is not a rating indicator: its rating label is ignored"), icode);
        } else {
            const ds_term *term = &ds->terms[t.term];
            if (!ds_rating_of(c, AT(ds_target_row, rating), t.indicator, NULL, ds_rating_year(term->end), &t.level, &t.at_or_above,
                           NULL, NULL))
                ok = 0;
        }
    } else if (ok && ds_indicator_is_rating(ds, t.indicator)) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_target_row, rating), 0, "rating.missing",
                _("a target on '%s' needs the rating label it is about"), icode);
        ok = 0;
    }
    if (ok && t.has_period) {
        const ds_term *term = &ds->terms[t.term];
        if (t.pstart.day < term->start.day - 366 || t.pend.day > term->end.day + 366) {
            ds_diag_at(c, CHISO_ERROR, AT(ds_target_row, period), 0, "target.period",
                    _("the period '%s' lies outside term '%s'"), in->period, in->term);
            ok = 0;
        }
    }
    ds_warn_sources(c);
    if (!ok || c->fatal)
        return;
    t.raw = ds_intern(c, v);
    t.rating = ds_intern(c, in->rating);
    t.source = ds_intern(c, in->source);
    t.locator = ds_intern(c, in->locator);
    t.quote = ds_intern(c, in->quote);
    t.note = ds_intern(c, in->note);
    t.id = ds_intern(c, tid);
    t.set_by = ds_intern(c, in->set_by);
    t.file = c->file_no;
    t.line = c->row->line;
    if (chiso_grow((void **)&ds->targets, &ds->cap_targets, ds->n_targets + 1, sizeof *ds->targets)) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->targets[ds->n_targets++] = t;
}

void ds_check_verdicts(load_ctx *c)
{
    const ds_verdict_row *in = &c->in.verdict;
    chiso_dataset *ds = c->ds;
    ds_verdict v;
    memset(&v, 0, sizeof v);
    int ok = resolve_unit_term_indicator(c, &v.unit, &v.term, &v.indicator);
    const char *word = in->verdict;
    /* the words of a verdict, with or without accents (ingest/schema.c): unknown or empty is said below */
    int said;
    ds_get_word(c, AT(ds_verdict_row, verdict), &said);
    v.verdict = said < 0 ? CHISO_RV_NONE : (chiso_reported_verdict)said;
    if (v.verdict == CHISO_RV_NONE && (word || !in->ratio)) {
        /* an empty verdict is a progress ratio ("đạt 46,5% kế hoạch"): then the ratio is required */
        if (!word)
            ds_diag_at(c, CHISO_ERROR, AT(ds_verdict_row, verdict), 0, "verdict.empty", "%s",
                    _("the row gives neither a verdict nor a ratio: write đạt, vượt or không đạt, or the ratio "
                      "in per cent of the target"));
        ok = 0;
    }
    if (in->ratio && strlen(in->ratio) >= 128) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_verdict_row, ratio), 0, "verdict.ratio", _("the ratio is a per cent of the target ('102,91'), not '%.40s…'"),
                in->ratio);
        ok = 0;
    } else if (in->ratio) {
        char tmp[128];
        snprintf(tmp, sizeof tmp, "%s", in->ratio);
        size_t n = strlen(tmp);
        while (n && (tmp[n - 1] == '%' || tmp[n - 1] == ' '))
            tmp[--n] = '\0';
        double r;
        chiso_error e;
        chiso_error_clear(&e);
        if (chiso_number_parse(tmp, &r, &e) != CHISO_OK || r < 0) {
            ds_diag_at(c, CHISO_ERROR, AT(ds_verdict_row, ratio), e.col, "verdict.ratio",
                    _("the ratio is a per cent of the target ('102,91'): %s"), e.msg);
            ok = 0;
        } else {
            v.has_ratio = 1;
            /* the digits written after the decimal comma (or point): the precision of the ratio */
            const char *dp = strpbrk(tmp, ",.");
            v.ratio_decimals = dp ? (int)strspn(dp + 1, "0123456789") : 0;
            v.ratio.iv = chiso_interval_point(r);
            v.ratio.point = r;
            v.ratio.percent = 1;
        }
    }
    if (in->period) {
        if (!ds_get_period(c, AT(ds_verdict_row, period), &v.pstart, &v.pend))
            ok = 0;
        else
            v.has_period = 1;
    }
    if (in->as_of) {
        if (!ds_get_date(c, AT(ds_verdict_row, as_of), &v.as_of))
            ok = 0;
        else
            v.has_as_of = 1;
    }
    v.target = -1;
    const char *tid = in->target;
    if (tid && ok) {
        for (size_t i = 0; i < ds->n_targets && v.target < 0; i++) {
            const char *id = ds_str(ds, ds->targets[i].id);
            if (id && strcmp(id, tid) == 0)
                v.target = (long)i;
        }
        if (v.target < 0) {
            /* the illustrative targets are read only on request: an id among them is then unknown here */
            ds_diag_at(c, ds->opts.illustrative ? CHISO_ERROR : CHISO_WARNING, AT(ds_verdict_row, target), 0, "verdict.target",
                    ds->opts.illustrative ? _("no target has the id '%s' (the column id of targets.csv)")
                                          : _("no target has the id '%s' (the column id of targets.csv); if it is "
                                              "an illustrative target, the row is used only with --illustrative"),
                    tid);
            if (ds->opts.illustrative)
                ok = 0;
        } else {
            const ds_target *t = &ds->targets[v.target];
            if (t->unit != v.unit || t->term != v.term || t->indicator != v.indicator) {
                ds_diag_at(c, CHISO_ERROR, AT(ds_verdict_row, target), 0, "verdict.target",
                        _("the target '%s' (%s:%ld) is about another unit, term or indicator than this row"), tid,
                        ds_file(ds, t->file), t->line);
                ok = 0;
            }
        }
    }
    if (!tid && ok) {
        /* a row without an id that could be about several targets binds to none of them (docs/methods.md) */
        size_t same = 0;
        const char *vr = in->rating;
        for (size_t i = 0; i < ds->n_targets; i++) {
            const ds_target *t = &ds->targets[i];
            const char *tr = ds_str(ds, t->rating);
            if (t->illustrative || t->unit != v.unit || t->term != v.term || t->indicator != v.indicator ||
                t->has_period != v.has_period ||
                (v.has_period && (t->pstart.day != v.pstart.day || t->pend.day != v.pend.day)) ||
                !((!tr && !vr) || (tr && vr && chiso_utf8_casecmp(tr, vr) == 0)))
                continue;
            same++;
        }
        if (same > 1)
            ds_diag_at(c, CHISO_WARNING, AT(ds_verdict_row, target), 0, "verdict.ambiguous",
                    _("this row could be about %zu targets of the same unit, term, indicator and period: give the "
                      "id of the one it is about in the column target (it is bound to none)"),
                    same);
    }
    ds_warn_sources(c);
    if (!ok || c->fatal)
        return;
    v.target_id = ds_intern(c, tid);
    v.rating = ds_intern(c, in->rating);
    v.raw = ds_intern(c, word);
    v.source = ds_intern(c, in->source);
    v.locator = ds_intern(c, in->locator);
    v.quote = ds_intern(c, in->quote);
    v.file = c->file_no;
    v.line = c->row->line;
    if (chiso_grow((void **)&ds->verdicts, &ds->cap_verdicts, ds->n_verdicts + 1, sizeof *ds->verdicts)) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->verdicts[ds->n_verdicts++] = v;
}


/*
 * report/report_units.c — a report of many units: the units ranked by their targets, which unit lags
 * on which target, the tables of all units as sheets, and each unit's own file.
 */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- many units -------------------------------------------------------------------------------- */

/* The latest term of unit u that has targets, or -1. */
static long latest_target_term(rctx *c, long u, const long *term_of_unit)
{
    (void)c;
    return term_of_unit[u];
}

typedef struct unit_rank {
    long unit;
    size_t n[RP_ST_COUNT], total;
} unit_rank;

static int rank_cmp(const void *a, const void *b)
{
    const unit_rank *x = a, *y = b;
    /* most targets already missed first, then the likely misses, then those at risk */
    static const int order[] = {RP_ST_NOT_MET, RP_ST_OFF_TRACK, RP_ST_AT_RISK};
    for (size_t k = 0; k < 3; k++)
        if (x->n[order[k]] != y->n[order[k]])
            return x->n[order[k]] > y->n[order[k]] ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

typedef struct lag_row {
    size_t att;   /* index of the attainment row */
    int status;
    long unit;
} lag_row;

static int lag_cmp(const void *a, const void *b)
{
    const lag_row *x = a, *y = b;
    static const int sev[RP_ST_COUNT] = {[RP_ST_NOT_MET] = 0, [RP_ST_OFF_TRACK] = 1, [RP_ST_AT_RISK] = 2};
    if (sev[x->status] != sev[y->status])
        return sev[x->status] < sev[y->status] ? -1 : 1;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return x->att < y->att ? -1 : x->att > y->att;
}

/* "Units compared": which units lag on which targets (their latest term with targets), ranked, and the key
 * figures of every unit (a sheet). */
chiso_status units_section(rctx *c, const unsigned char *sel)
{
    const chiso_dataset *ds = c->ds;
    size_t nu = chiso_dataset_n_units(ds), na = chiso_attainment_count(c->att);
    chiso_status st = CHISO_OK;
    long *tterm = malloc((nu ? nu : 1) * sizeof *tterm);
    int32_t *tstart = malloc((nu ? nu : 1) * sizeof *tstart);
    unit_rank *rk = calloc(nu ? nu : 1, sizeof *rk);
    lag_row *lag = malloc((na ? na : 1) * sizeof *lag);
    size_t nlag = 0, nrk = 0;
    if (!tterm || !tstart || !rk || !lag) {
        st = CHISO_ENOMEM;
        goto done;
    }
    for (size_t u = 0; u < nu; u++) {
        tterm[u] = -1;
        tstart[u] = INT32_MIN;
    }
    for (size_t i = 0; i < na; i++) {
        const chiso_attain_row *r = chiso_attainment_get(c->att, i);
        long u = r->target->unit_index;
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)r->target->term_index, &T);
        if (u >= 0 && (size_t)u < nu && T.start.day > tstart[u]) {
            tstart[u] = T.start.day;
            tterm[u] = r->target->term_index;
        }
    }
    for (size_t i = 0; i < na; i++) {
        const chiso_attain_row *r = chiso_attainment_get(c->att, i);
        long u = r->target->unit_index;
        if (u < 0 || (size_t)u >= nu || !sel[u] || r->target->term_index != latest_target_term(c, u, tterm))
            continue;
        int k = rp_status(r);
        rk[u].unit = u;
        rk[u].n[k]++;
        rk[u].total++;
        if (k == RP_ST_NOT_MET || k == RP_ST_OFF_TRACK || k == RP_ST_AT_RISK)
            lag[nlag++] = (lag_row){i, k, u};
    }
    for (size_t u = 0; u < nu; u++)
        if (rk[u].total)
            rk[nrk++] = rk[u];
    doc_text(&c->d, B_H2, "%s", _("Units compared"));
    if (nrk == 0) {
        doc_text(&c->d, B_P, "%s", _("No unit of this report has targets, so none can be ranked by them."));
    } else {
        qsort(rk, nrk, sizeof *rk, rank_cmp);
        qsort(lag, nlag, sizeof *lag, lag_cmp);
        doc_text(&c->d, B_P,
                 _("%zu units have targets in their latest term; %zu targets are not met or may not be met. The units "
                   "are ranked by the targets already missed, then those likely to be missed, then those at risk."),
                 nrk, nlag);
        const char *hdr[] = {_("unit"),
                             _("targets"),
                             rp_status_words(RP_ST_MET),
                             rp_status_words(RP_ST_ON_TRACK),
                             rp_status_words(RP_ST_AT_RISK),
                             rp_status_words(RP_ST_OFF_TRACK),
                             rp_status_words(RP_ST_NOT_MET),
                             rp_status_words(RP_ST_INDETERMINATE),
                             rp_status_words(RP_ST_NO_DATA)};
        chiso_table *t = chiso_table_new(CHISO_ARRAY_LEN(hdr), hdr);
        if (!t) {
            st = CHISO_ENOMEM;
            goto done;
        }
        for (size_t k = 1; k < CHISO_ARRAY_LEN(hdr); k++)
            chiso_table_set_align(t, k, CHISO_ALIGN_RIGHT);
        static const int cols[] = {RP_ST_MET,     RP_ST_ON_TRACK,      RP_ST_AT_RISK, RP_ST_OFF_TRACK,
                                   RP_ST_NOT_MET, RP_ST_INDETERMINATE, RP_ST_NO_DATA};
        for (size_t i = 0; i < nrk && st == CHISO_OK; i++) {
            char num[8][24];
            const char *cells[9];
            cells[0] = unit_label(ds, rk[i].unit);
            snprintf(num[0], sizeof num[0], "%zu", rk[i].total);
            cells[1] = num[0];
            for (size_t k = 0; k < 7; k++) {
                snprintf(num[k + 1], sizeof num[k + 1], "%zu", rk[i].n[cols[k]]);
                cells[k + 2] = num[k + 1];
            }
            if (chiso_table_add_row(t, cells) != CHISO_OK) {
                st = CHISO_ENOMEM;
                break;
            }
            chiso_table_set_number(t, i, 1, (double)rk[i].total, 0, 0);
            for (size_t k = 0; k < 7; k++)
                chiso_table_set_number(t, i, k + 2, (double)rk[i].n[cols[k]], 0, 0);
        }
        if (st != CHISO_OK) {
            chiso_table_free(t);
            goto done;
        }
        if ((st = emit_long_table(c, "units-ranked", _("Units ranked by their targets"), t, 20)) != CHISO_OK)
            goto done;
        /* which unit lags on which target */
        const char *lh[] = {_("unit · term"),         _("indicator"),          _("target"),    _("actual"),
                            _("actual: lower bound"), _("actual: upper bound"), _("assessment")};
        chiso_table *l = chiso_table_new(CHISO_ARRAY_LEN(lh), lh);
        if (!l) {
            st = CHISO_ENOMEM;
            goto done;
        }
        chiso_table_set_align(l, 3, CHISO_ALIGN_RIGHT);
        chiso_table_set_role(l, 3, CHISO_COL_DATA_NUMERIC);
        chiso_table_set_role(l, 4, CHISO_COL_DATA);
        chiso_table_set_role(l, 5, CHISO_COL_DATA);
        for (size_t i = 0; i < nlag && st == CHISO_OK; i++) {
            const chiso_attain_row *r = chiso_attainment_get(c->att, lag[i].att);
            chiso_indicator_info I;
            chiso_dataset_indicator(ds, (size_t)r->target->indicator_index, &I);
            int pct = I.measure == CHISO_MEASURE_SHARE || r->target->relative_to_members;
            char *who = who_str(ds, r->unit, r->term_label);
            char *tv = rp_interval_str(r->target->value, 2, pct);
            char *act = r->has_actual ? rp_interval_str(r->actual, pct ? 2 : 0, pct) : chiso_strdup("–");
            chiso_buf target;
            chiso_buf_init(&target);
            chiso_buf_printf(&target, "%s %s ", chiso_cmp_symbol(r->op), tv ? tv : "");
            rp_target_when(&target, r->target, r->basis);
            const char *cells[] = {who, chiso_indicator_name(&I, c->lang), target.data, act, "", "",
                                   rp_status_words(lag[i].status)};
            if (!who || !tv || !act || chiso_table_add_row(l, cells) != CHISO_OK)
                st = CHISO_ENOMEM;
            else if (r->has_actual)
                iv_numbers(l, chiso_table_rows(l) - 1, 3, r->actual, pct ? 2 : 0, pct);
            free(who);
            free(tv);
            free(act);
            chiso_buf_free(&target);
        }
        if (st != CHISO_OK) {
            chiso_table_free(l);
            goto done;
        }
        if (nlag && (st = emit_long_table(c, "units-lagging", _("Which units lag on which targets"), l, 30)) != CHISO_OK)
            goto done;
        if (!nlag)
            chiso_table_free(l);
    }
    doc_text(&c->d, B_P, "%s",
             _("Each unit's figures, term by term, are in its own file in units/ (Markdown) with its tables in tables/; "
               "charts are drawn for the units the report is about."));
done:
    free(tterm);
    free(tstart);
    free(rk);
    free(lag);
    return st;
}

/* Append the rows of a unit's table of group g to the group's table of all units (a sheet of the
 * workbook and tables/units-SLUG.csv: per-unit detail a spreadsheet can filter), with the unit's name
 * first. */
static chiso_status combine_rows(rctx *c, size_t g, const char *unit_name, const chiso_table *t)
{
    size_t nc = chiso_table_cols(t);
    const char **cells = calloc(nc + 1, sizeof *cells);
    if (!cells)
        return CHISO_ENOMEM;
    chiso_status st = CHISO_OK;
    if (!c->combined[g]) {
        cells[0] = _("unit");
        for (size_t k = 0; k < nc; k++)
            cells[k + 1] = chiso_table_header(t, k);
        c->combined[g] = chiso_table_new(nc + 1, cells);
        if (!c->combined[g]) {
            free(cells);
            return CHISO_ENOMEM;
        }
        for (size_t k = 0; k < nc; k++)
            chiso_table_set_role(c->combined[g], k + 1, chiso_table_role(t, k));
    }
    chiso_table *all = c->combined[g];
    for (size_t r = 0; r < chiso_table_rows(t) && st == CHISO_OK; r++) {
        cells[0] = unit_name;
        for (size_t k = 0; k < nc; k++)
            cells[k + 1] = chiso_table_cell(t, r, k);
        if ((st = chiso_table_add_row(all, cells)) != CHISO_OK)
            break;
        size_t row = chiso_table_rows(all) - 1;
        for (size_t k = 0; k < nc; k++) {
            double v;
            int dec, pct;
            if (chiso_table_number(t, r, k, &v, &dec, &pct))
                chiso_table_set_number(all, row, k + 1, v, dec, pct);
        }
    }
    free(cells);
    return st;
}

/* The tables of all units, one per group: sheets and CSV files only (the main document ranks). */
chiso_status emit_combined(rctx *c)
{
    chiso_status st = CHISO_OK;
    for (size_t g = 0; g < CHISO_ARRAY_LEN(groups); g++) {
        chiso_table *t = c->combined[g];
        c->combined[g] = NULL;
        if (!t || st != CHISO_OK) {
            chiso_table_free(t);
            continue;
        }
        chiso_buf name, title;
        chiso_buf_init(&name);
        chiso_buf_init(&title);
        chiso_buf_printf(&name, "units-%s", groups[g].slug);
        chiso_buf_printf(&title, _("%s — the other units"), _(groups[g].title));
        if (!name.data || !title.data) {
            chiso_table_free(t);
            st = CHISO_ENOMEM;
        } else if ((st = emit_table(c, name.data, title.data, t)) == CHISO_OK && !c->d.oom) {
            c->d.blocks[c->d.n - 1].data_only = 1;
        }
        chiso_buf_free(&name);
        chiso_buf_free(&title);
    }
    return st;
}

/* A unit's own file (units/CODE.md) with its term-over-term tables: the detail a many-unit report keeps out
 * of its main document. */
chiso_status unit_file(rctx *c, size_t u)
{
    chiso_unit_info U;
    chiso_dataset_unit(c->ds, u, &U);
    doc main = c->d;
    doc_init(&c->d);
    c->d.prefix = "../";
    c->no_charts = 1;
    chiso_status st = CHISO_OK;
    doc_text(&c->d, B_H1, "%s", U.name);
    size_t rows = 0;
    for (size_t g = 0; g < CHISO_ARRAY_LEN(groups) && st == CHISO_OK; g++) {
        size_t before = c->d.n;
        rows += category_section(c, (long)u, &groups[g], &st);
        for (size_t k = before; k < c->d.n && st == CHISO_OK; k++)
            if (c->d.blocks[k].kind == B_TABLE && c->d.blocks[k].table)
                st = combine_rows(c, g, U.name, c->d.blocks[k].table);
        progress(c);
    }
    if (rows == 0)
        doc_text(&c->d, B_P, "%s", _("No figures for this unit."));
    if (st == CHISO_OK && c->want_md) {
        char *md = c->d.oom ? NULL : doc_to_markdown(&c->d);
        chiso_buf rel;
        chiso_buf_init(&rel);
        chiso_buf_printf(&rel, "units/%s.md", U.code);
        st = md && rel.data ? write_rel(c, rel.data, md) : CHISO_ENOMEM;
        free(md);
        chiso_buf_free(&rel);
    }
    doc_free(&c->d);
    c->d = main;
    c->no_charts = 0;
    return st;
}

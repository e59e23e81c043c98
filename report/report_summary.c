/*
 * report/report_summary.c — the summary of the latest term, the data quality (chiso check) and the
 * sources of the figures.
 */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- summary, quality, sources ----------------------------------------------------------------- */

void summary_section(rctx *c, long unit)
{
    const chiso_dataset *ds = c->ds;
    /* the latest term with figures */
    long term = -1;
    int32_t start = INT32_MIN;
    for (size_t i = 0; i < chiso_comparison_count(c->cmp); i++) {
        const chiso_compare_row *r = chiso_comparison_get(c->cmp, i);
        if (r->unit_index != unit)
            continue;
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)r->term_index, &T);
        if (T.start.day > start) {
            start = T.start.day;
            term = r->term_index;
        }
    }
    if (term < 0)
        return;
    chiso_term_info T;
    chiso_dataset_term(ds, (size_t)term, &T);
    doc_text(&c->d, B_H2, _("Summary: %s"), T.label);
    static const char *key[] = {"members", "base_orgs", "admitted", "confirmed", "disciplined", "inspected_orgs",
                                "supervised_orgs", "org_rating_share", "member_rating_share"};
    for (size_t k = 0; k < CHISO_ARRAY_LEN(key); k++) {
        long ind = chiso_dataset_find_indicator(ds, key[k]);
        for (size_t i = 0; ind >= 0 && i < chiso_comparison_count(c->cmp); i++) {
            const chiso_compare_row *r = chiso_comparison_get(c->cmp, i);
            if (r->unit_index != unit || r->term_index != term || r->indicator_index != ind)
                continue;
            char y1[32], y2[32], d1[16], d2[16];
            chiso_buf name;
            chiso_buf_init(&name);
            rp_series_name(&name, ds, r);
            int pct = r->kind == CHISO_VK_SHARE;
            char *v = rp_interval_str(r->value, r->kind == CHISO_VK_LEVEL ? 0 : 1, pct);
            char *tot = rp_interval_str(r->total, 0, 0);
            if (r->kind == CHISO_VK_ANNUAL && rp_flow_has_pace(ds, r))
                doc_text(&c->d, B_ITEM, _("%s: %s from %s to %s (%s of %s years), %s a year"), name.data ? name.data : "",
                         tot ? tot : "", report_date(r->norm->cover_start, d1, sizeof d1),
                         report_date(r->norm->cover_end, d2, sizeof d2),
                         chiso_format_number(r->coverage_years, 1, c->lang, y1, sizeof y1),
                         chiso_format_number(r->term_years, 1, c->lang, y2, sizeof y2), v ? v : "");
            else if (r->kind == CHISO_VK_ANNUAL)
                doc_text(&c->d, B_ITEM, _("%s: %s from %s to %s"), name.data ? name.data : "", tot ? tot : "",
                         report_date(r->norm->cover_start, d1, sizeof d1),
                         report_date(r->norm->cover_end, d2, sizeof d2));
            else
                doc_text(&c->d, B_ITEM, "%s: %s", name.data ? name.data : "", v ? v : "");
            chiso_buf_free(&name);
            free(v);
            free(tot);
        }
    }
    size_t counts[RP_ST_COUNT] = {0}, total = 0;
    for (size_t i = 0; i < chiso_attainment_count(c->att); i++) {
        const chiso_attain_row *r = chiso_attainment_get(c->att, i);
        if (r->target->term_index == term && !r->target->illustrative) {
            counts[rp_status(r)]++;
            total++;
        }
    }
    if (total) {
        /* best to worst; a target that already failed is "not met", never counted as behind */
        chiso_buf b;
        chiso_buf_init(&b);
        for (int k = 0; k < RP_ST_COUNT; k++)
            if (counts[k])
                chiso_buf_printf(&b, "%s%zu %s", b.len ? ", " : "", counts[k], rp_status_words(k));
        doc_text(&c->d, B_P, _("Targets of the term from the sources: %s."), b.data ? b.data : "");
        chiso_buf_free(&b);
    }
}

chiso_status quality_section(rctx *c)
{
    doc_text(&c->d, B_H2, "%s", _("Data quality"));
    size_t n = chiso_diags_count(c->diags);
    if (n == 0) {
        doc_text(&c->d, B_P, "%s", _("chiso check found no problems in the dataset."));
        return CHISO_OK;
    }
    doc_text(&c->d, B_P, _("chiso check found %zu errors and %zu warnings:"), chiso_diags_errors(c->diags),
             chiso_diags_warnings(c->diags));
    const char *hdr[] = {_("place"), _("kind"), _("finding")};
    chiso_table *t = chiso_table_new(3, hdr);
    if (!t)
        return CHISO_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const chiso_diag *g = chiso_diags_get(c->diags, i);
        chiso_buf place;
        chiso_buf_init(&place);
        rp_place(&place, c->ds, g->file, g->line);
        const char *cells[] = {place.data,
                               g->severity == CHISO_ERROR     ? _("error")
                               : g->severity == CHISO_WARNING ? _("warning")
                                                              : _("note"),
                               g->msg};
        chiso_status ast = chiso_table_add_row(t, cells);
        chiso_buf_free(&place);
        if (ast != CHISO_OK) {
            chiso_table_free(t);
            return CHISO_ENOMEM;
        }
    }
    return emit_long_table(c, "data-quality", _("Data quality"), t, 50);
}

chiso_status sources_section(rctx *c)
{
    const chiso_dataset *ds = c->ds;
    doc_text(&c->d, B_H2, "%s", _("Sources"));
    doc_text(&c->d, B_P, "%s",
             _("Every figure of every table names its source document and the line it stands on; the quote of each "
               "figure is in the dataset's observations.csv."));
    /* the id for a machine (CSV, sheet), the document as a clerk cites it (sources.csv), the count */
    const char *hdr[] = {_("source"), _("source document"), _("figures")};
    chiso_table *t = chiso_table_new(3, hdr);
    if (!t)
        return CHISO_ENOMEM;
    chiso_table_set_role(t, 0, CHISO_COL_DATA);
    /* distinct sources, counted (few: a linear scan is fine) */
    const char *names[64];
    size_t counts[64], nn = 0, none = 0;
    for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
        chiso_obs_info o;
        chiso_dataset_obs(ds, i, &o);
        if (!o.source) {
            none++;
            continue;
        }
        size_t k;
        for (k = 0; k < nn; k++)
            if (strcmp(names[k], o.source) == 0)
                break;
        if (k == nn && nn < 64) {
            names[nn] = o.source;
            counts[nn++] = 0;
        }
        if (k < 64)
            counts[k]++;
    }
    for (size_t k = 0; k < nn; k++) {
        char n[32];
        snprintf(n, sizeof n, "%zu", counts[k]);
        chiso_buf cite;
        chiso_buf_init(&cite);
        chiso_source_info si;
        long sx = chiso_dataset_find_source(ds, names[k]);
        if (sx >= 0 && chiso_dataset_source(ds, (size_t)sx, &si) == CHISO_OK && si.title) {
            /* title (bracketed when the dataset describes it), issuer, date, address */
            rp_source_name(&cite, &si, 0);
            if (!si.title_quoted)
                chiso_buf_printf(&cite, " %s", _("(a description: the document has no title line)"));
            if (si.publisher)
                chiso_buf_printf(&cite, "; %s", si.publisher);
            if (si.date)
                chiso_buf_printf(&cite, ", %s", si.date);
            if (si.address)
                chiso_buf_printf(&cite, "; %s", si.address);
        } else {
            chiso_buf_puts(&cite, names[k]);
        }
        const char *cells[] = {names[k], cite.data ? cite.data : names[k], n};
        chiso_status ast = chiso_table_add_row(t, cells);
        chiso_buf_free(&cite);
        if (ast != CHISO_OK) {
            chiso_table_free(t);
            return CHISO_ENOMEM;
        }
        chiso_table_set_number(t, k, 2, (double)counts[k], 0, 0);
    }
    if (none) {
        char n[32];
        snprintf(n, sizeof n, "%zu", none);
        const char *cells[] = {"", _("(no source given)"), n};
        chiso_table_add_row(t, cells);
    }
    chiso_status st = emit_table(c, "sources", _("Sources"), t);
    if (st != CHISO_OK)
        return st;
    /* terms with nominal dates */
    for (size_t i = 0; i < chiso_dataset_n_terms(ds); i++) {
        chiso_term_info T;
        chiso_dataset_term(ds, i, &T);
        const char *note = c->lang == CHISO_LANG_VI ? T.note_vi : T.note;
        if (note) {
            long u = chiso_dataset_find_unit(ds, T.unit);
            doc_text(&c->d, B_ITEM, "%s · %s: %s", u >= 0 ? unit_label(ds, u) : T.unit, T.label, note);
        }
    }
    doc_text(&c->d, B_P, "%s",
             _("Flows (admissions, discipline, inspections) are compared per year over the years their figures "
               "cover, so a term reported only in part compares fairly; its total at the same pace is shown beside "
               "it when the figures cover at least a year and a fifth of the term, and never for one-off counts. "
               "Inexact figures are written as the sources write them (\"trên 90%\": above 90 and at most 100); "
               "in the CSV files and the workbook they are two columns, the lower and the upper bound."));
    return CHISO_OK;
}

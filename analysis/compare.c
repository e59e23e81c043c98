/* analysis/compare.c — term-over-term comparison: comparable values and their changes as intervals.
 *
 * Flows are compared by their annual rate over the years the figures cover, so a term reported only in
 * part compares fairly with a full one; the reported total and the total projected at the same pace
 * are kept beside it and the row is flagged partial. */
#include "analysis/analysis_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct chiso_comparison {
    chiso_compare_row *rows;
    size_t n, cap;
};

static int valid_selection(const chiso_dataset *ds, const chiso_select *sel, chiso_error *err)
{
    if (!sel)
        return 1;
    if (sel->unit && chiso_dataset_find_unit(ds, sel->unit) < 0) {
        chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, _("the dataset has no unit '%s'"), sel->unit);
        return 0;
    }
    for (const char *const *p = sel->indicators; p && *p; p++)
        if (chiso_dataset_find_indicator(ds, *p) < 0) {
            chiso_error_set(err, CHISO_ENOTFOUND, NULL, 0, 0, _("the dataset has no indicator '%s'"), *p);
            return 0;
        }
    return 1;
}

chiso_status chiso_analysis_compare(const chiso_dataset *ds, const chiso_normalized *norm,
                                    const chiso_select *sel, chiso_comparison **out, chiso_error *err)
{
    if (!ds || !norm || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    if (!valid_selection(ds, sel, err))
        return CHISO_ENOTFOUND;
    series *ss = NULL;
    size_t ns = 0;
    chiso_comparison *c = calloc(1, sizeof *c);
    if (!c || series_build(ds, norm, sel, &ss, &ns) != CHISO_OK) {
        free(c);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    for (size_t s = 0; s < ns; s++) {
        const series *S = &ss[s];
        chiso_value_kind kind = value_kind_of(ds, S->indicator);
        for (size_t k = 0; k < S->n; k++) {
            const chiso_norm_row *r = S->items[k].row;
            if (sel && sel->term && strcmp(sel->term, r->term) != 0)
                continue;
            if (chiso_grow((void **)&c->rows, &c->cap, c->n + 1, sizeof *c->rows) != 0) {
                series_free_all(ss, ns);
                chiso_comparison_free(c);
                return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            }
            chiso_compare_row *row = &c->rows[c->n++];
            memset(row, 0, sizeof *row);
            chiso_term_info T;
            chiso_dataset_term(ds, (size_t)r->term_index, &T);
            row->unit = r->unit;
            row->indicator = r->indicator;
            row->term = r->term;
            row->term_label = T.label;
            row->unit_index = r->unit_index;
            row->indicator_index = r->indicator_index;
            row->term_index = r->term_index;
            row->level = r->level;
            row->rating = r->level == 0 ? r->rating : NULL;
            row->basis = r->basis;
            row->kind = kind;
            row->value = row_value(ds, r, &row->point);
            row->total = r->value;
            row->total_point = r->point;
            row->coverage_years = r->coverage_years;
            row->term_years = r->term_years;
            row->partial = (r->flags & CHISO_NORM_PARTIAL) != 0;
            row->has_projected = r->has_projected;
            row->projected = r->projected;
            row->projected_point = r->has_projected && r->coverage_years > 0
                                       ? r->point / r->coverage_years * r->term_years
                                       : NAN;
            row->flags = r->flags;
            row->norm = r;
            row->rose = row->fell = CHISO_UNKNOWN;
            if (k > 0) {
                const chiso_norm_row *p = S->items[k - 1].row;
                double pp;
                chiso_interval pv = row_value(ds, p, &pp);
                row->has_prev = 1;
                row->prev_term = p->term;
                row->change = chiso_interval_sub(row->value, pv);
                row->change_point = row->point - pp;
                chiso_interval ratio;
                if (pv.lo > 0 && chiso_interval_div(row->value, pv, &ratio)) {
                    row->has_rel = 1;
                    row->change_rel = chiso_interval_sub(ratio, chiso_interval_point(1));
                    row->change_rel_point = pp != 0 ? row->point / pp - 1 : NAN;
                }
                row->rose = chiso_interval_compare(row->value, CHISO_CMP_GT, pv);
                row->fell = chiso_interval_compare(row->value, CHISO_CMP_LT, pv);
            }
        }
    }
    series_free_all(ss, ns);
    *out = c;
    return CHISO_OK;
}

void chiso_comparison_free(chiso_comparison *c)
{
    if (!c)
        return;
    free(c->rows);
    free(c);
}

size_t chiso_comparison_count(const chiso_comparison *c)
{
    return c ? c->n : 0;
}

const chiso_compare_row *chiso_comparison_get(const chiso_comparison *c, size_t i)
{
    return c && i < c->n ? &c->rows[i] : NULL;
}

static const char *kind_name(chiso_value_kind k)
{
    return k == CHISO_VK_ANNUAL ? "annual_rate" : k == CHISO_VK_SHARE ? "share" : "level";
}

static const char *truth_name(chiso_truth t)
{
    return t == CHISO_TRUE ? "true" : t == CHISO_FALSE ? "false" : "null";
}

char *chiso_comparison_to_json(const chiso_comparison *c)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "{\"rows\": [");
    for (size_t i = 0; c && i < c->n; i++) {
        const chiso_compare_row *r = &c->rows[i];
        char flags[256];
        chiso_buf_puts(&b, i ? ",\n  {\"unit\": " : "\n  {\"unit\": ");
        chiso_json_str(&b, r->unit);
        chiso_buf_puts(&b, ", \"indicator\": ");
        chiso_json_str(&b, r->indicator);
        chiso_buf_puts(&b, ", \"level\": ");
        if (r->level)
            chiso_buf_printf(&b, "%d", r->level);
        else
            chiso_buf_puts(&b, "null");
        chiso_buf_puts(&b, ", \"rating\": ");
        chiso_json_str(&b, r->rating);
        chiso_buf_puts(&b, ", \"term\": ");
        chiso_json_str(&b, r->term);
        chiso_buf_puts(&b, ", \"term_label\": ");
        chiso_json_str(&b, r->term_label);
        chiso_buf_puts(&b, ", \"basis\": ");
        chiso_json_str(&b, chiso_basis_name(r->basis));
        chiso_buf_printf(&b, ", \"kind\": \"%s\", \"value\": ", kind_name(r->kind));
        chiso_json_interval(&b, 1, r->value);
        chiso_buf_puts(&b, ", \"point\": ");
        chiso_json_num(&b, r->point);
        chiso_buf_puts(&b, ", \"total\": ");
        chiso_json_interval(&b, r->kind == CHISO_VK_ANNUAL, r->total);
        chiso_buf_puts(&b, ", \"coverage_years\": ");
        chiso_json_num(&b, r->coverage_years);
        chiso_buf_puts(&b, ", \"term_years\": ");
        chiso_json_num(&b, r->term_years);
        chiso_buf_printf(&b, ", \"partial\": %s, \"projected\": ", r->partial ? "true" : "false");
        chiso_json_interval(&b, r->has_projected, r->projected);
        chiso_buf_puts(&b, ", \"previous_term\": ");
        chiso_json_str(&b, r->has_prev ? r->prev_term : NULL);
        chiso_buf_puts(&b, ", \"change\": ");
        chiso_json_interval(&b, r->has_prev, r->change);
        chiso_buf_puts(&b, ", \"change_point\": ");
        chiso_json_num(&b, r->has_prev ? r->change_point : NAN);
        chiso_buf_puts(&b, ", \"change_rel\": ");
        chiso_json_interval(&b, r->has_rel, r->change_rel);
        chiso_buf_puts(&b, ", \"change_rel_point\": ");
        chiso_json_num(&b, r->has_rel ? r->change_rel_point : NAN);
        chiso_buf_printf(&b, ", \"rose\": %s, \"fell\": %s, \"flags\": ", r->has_prev ? truth_name(r->rose) : "null",
                         r->has_prev ? truth_name(r->fell) : "null");
        chiso_json_str(&b, chiso_norm_flags_format(r->flags, flags, sizeof flags));
        chiso_buf_puts(&b, ", \"sources\": ");
        chiso_json_str(&b, r->norm->sources);
        chiso_buf_puts(&b, "}");
    }
    chiso_buf_puts(&b, "\n]}\n");
    return chiso_buf_take(&b);
}

char *chiso_comparison_to_csv(const chiso_comparison *c)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "unit,indicator,level,rating,term,basis,kind,value_lo,value_hi,value,total_lo,total_hi,"
                       "coverage_years,term_years,partial,projected_lo,projected_hi,previous_term,change_lo,"
                       "change_hi,change,change_rel_lo,change_rel_hi,change_rel,flags,sources\n");
    for (size_t i = 0; c && i < c->n; i++) {
        const chiso_compare_row *r = &c->rows[i];
        char flags[256];
        chiso_csv_field(&b, r->unit);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->indicator);
        chiso_buf_puts(&b, ",");
        if (r->level)
            chiso_buf_printf(&b, "%d", r->level);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->rating);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->term);
        chiso_buf_printf(&b, ",%s,%s,", chiso_basis_name(r->basis), kind_name(r->kind));
        chiso_csv_num(&b, r->value.lo);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->value.hi);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->point);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->kind == CHISO_VK_ANNUAL ? r->total.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->kind == CHISO_VK_ANNUAL ? r->total.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->coverage_years);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->term_years);
        chiso_buf_printf(&b, ",%d,", r->partial);
        chiso_csv_num(&b, r->has_projected ? r->projected.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_projected ? r->projected.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->has_prev ? r->prev_term : NULL);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_prev ? r->change.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_prev ? r->change.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_prev ? r->change_point : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_rel ? r->change_rel.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_rel ? r->change_rel.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_rel ? r->change_rel_point : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, chiso_norm_flags_format(r->flags, flags, sizeof flags));
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->norm->sources);
        chiso_buf_puts(&b, "\n");
    }
    return chiso_buf_take(&b);
}

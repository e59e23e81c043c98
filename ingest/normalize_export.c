/*
 * ingest/normalize_export.c — the normalised rows as CSV and JSON, and their flags in words.
 */
#include "ingest/normalize_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *chiso_norm_flags_format(unsigned flags, char *buf, size_t size)
{
    static const struct {
        unsigned f;
        const char *name;
    } names[] = {{CHISO_NORM_PARTIAL, "partial"},   {CHISO_NORM_SPLIT, "split"},
                 {CHISO_NORM_ASSIGNED, "assigned"}, {CHISO_NORM_NESTED, "nested"},
                 {CHISO_NORM_OVERLAP, "overlap"},   {CHISO_NORM_INEXACT, "inexact"},
                 {CHISO_NORM_XWALK, "crosswalk"},   {CHISO_NORM_SUMMED, "summed"},
                 {CHISO_NORM_AVERAGED, "averaged"}, {CHISO_NORM_DERIVED, "derived"},
                 {CHISO_NORM_BASE_UNKNOWN, "base_unknown"}};
    size_t o = 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; i < CHISO_ARRAY_LEN(names); i++)
        if (flags & names[i].f) {
            int w = snprintf(buf + o, size > o ? size - o : 0, "%s%s", o ? ";" : "", names[i].name);
            if (w > 0)
                o += (size_t)w;
        }
    return buf;
}

/* ---- output ------------------------------------------------------------------------------------ */

char *chiso_normalized_to_csv(const chiso_normalized *n, const chiso_dataset *ds)
{
    (void)ds;
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "unit,term,indicator,basis,term_years,coverage_years,value_lo,value_hi,value,annual_lo,"
                       "annual_hi,projected_lo,projected_hi,per100_lo,per100_hi,flags,sources,rating,level,"
                       "scheme,value_lo_open,value_hi_open\n");
    for (size_t i = 0; n && i < n->n; i++) {
        const chiso_norm_row *r = &n->rows[i];
        char flags[256];
        chiso_csv_field(&b, r->unit);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->term);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->indicator);
        chiso_buf_printf(&b, ",%s,", chiso_basis_name(r->basis));
        chiso_csv_num(&b, r->term_years);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->coverage_years);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->value.lo);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->value.hi);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->point);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_annual ? r->annual.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_annual ? r->annual.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_projected ? r->projected.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_projected ? r->projected.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_per100 ? r->per100.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_per100 ? r->per100.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, chiso_norm_flags_format(r->flags, flags, sizeof flags));
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->sources);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->rating);
        chiso_buf_puts(&b, ",");
        if (r->level)
            chiso_buf_printf(&b, "%d", r->level);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->scheme);
        chiso_buf_printf(&b, ",%d,%d\n", r->value.lo_open, r->value.hi_open);
    }
    return chiso_buf_take(&b);
}

char *chiso_normalized_to_json(const chiso_normalized *n, const chiso_dataset *ds)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "{\"rows\": [");
    for (size_t i = 0; n && i < n->n; i++) {
        const chiso_norm_row *r = &n->rows[i];
        char flags[256];
        chiso_buf_puts(&b, i ? ",\n  {" : "\n  {");
        chiso_buf_puts(&b, "\"unit\": ");
        chiso_json_str(&b, r->unit);
        chiso_buf_puts(&b, ", \"term\": ");
        chiso_json_str(&b, r->term);
        chiso_buf_puts(&b, ", \"indicator\": ");
        chiso_json_str(&b, r->indicator);
        chiso_buf_puts(&b, ", \"basis\": ");
        chiso_json_str(&b, chiso_basis_name(r->basis));
        chiso_buf_puts(&b, ", \"rating\": ");
        chiso_json_str(&b, r->rating);
        chiso_buf_puts(&b, ", \"level\": ");
        if (r->level)
            chiso_buf_printf(&b, "%d", r->level);
        else
            chiso_buf_puts(&b, "null");
        chiso_buf_puts(&b, ", \"term_years\": ");
        chiso_json_num(&b, r->term_years);
        chiso_buf_puts(&b, ", \"coverage_years\": ");
        chiso_json_num(&b, r->coverage_years);
        chiso_buf_puts(&b, ", \"value\": ");
        chiso_json_interval(&b, 1, r->value);
        chiso_buf_puts(&b, ", \"point\": ");
        chiso_json_num(&b, r->point);
        chiso_buf_puts(&b, ", \"annual\": ");
        chiso_json_interval(&b, r->has_annual, r->annual);
        chiso_buf_puts(&b, ", \"projected\": ");
        chiso_json_interval(&b, r->has_projected, r->projected);
        chiso_buf_puts(&b, ", \"per100\": ");
        chiso_json_interval(&b, r->has_per100, r->per100);
        chiso_buf_puts(&b, ", \"flags\": ");
        chiso_json_str(&b, chiso_norm_flags_format(r->flags, flags, sizeof flags));
        chiso_buf_puts(&b, ", \"sources\": [");
        for (size_t k = 0; k < r->n_obs; k++) {
            chiso_obs_info o;
            chiso_dataset_obs(ds, (size_t)r->obs[k], &o);
            chiso_buf_puts(&b, k ? ", {" : "{");
            chiso_buf_puts(&b, "\"file\": ");
            chiso_json_str(&b, o.file);
            chiso_buf_printf(&b, ", \"line\": %ld, \"source\": ", o.line);
            chiso_json_str(&b, o.source);
            chiso_buf_puts(&b, ", \"locator\": ");
            chiso_json_str(&b, o.locator);
            chiso_buf_puts(&b, ", \"quote\": ");
            chiso_json_str(&b, o.quote);
            chiso_buf_puts(&b, "}");
        }
        chiso_buf_puts(&b, "]}");
    }
    chiso_buf_puts(&b, "\n]}\n");
    return chiso_buf_take(&b);
}

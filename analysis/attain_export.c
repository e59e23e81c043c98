/* analysis/attain_export.c — the result of chiso_analysis_attain as JSON and as CSV. */
#include "analysis/attain_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *rv_name(chiso_reported_verdict v)
{
    switch (v) {
    case CHISO_RV_MET: return "MET";
    case CHISO_RV_EXCEEDED: return "EXCEEDED";
    case CHISO_RV_NOT_MET: return "NOT_MET";
    default: return NULL;
    }
}

char *chiso_attainment_to_json(const chiso_attainment *a)
{
    chiso_buf b;
    chiso_buf_init(&b);
    char day[16];
    chiso_buf_printf(&b, "{\"as_of\": \"%s\", \"targets\": [", chiso_date_format(a ? a->as_of : 0, day, sizeof day));
    for (size_t i = 0; a && i < a->n; i++) {
        const chiso_attain_row *r = &a->rows[i];
        chiso_buf_puts(&b, i ? ",\n  {\"unit\": " : "\n  {\"unit\": ");
        chiso_json_str(&b, r->unit);
        chiso_buf_puts(&b, ", \"term\": ");
        chiso_json_str(&b, r->term);
        chiso_buf_puts(&b, ", \"indicator\": ");
        chiso_json_str(&b, r->indicator);
        chiso_buf_puts(&b, ", \"op\": ");
        chiso_json_str(&b, r->op == CHISO_CMP_BETWEEN ? "between" : r->op == CHISO_CMP_GE ? ">=" : r->op == CHISO_CMP_GT ? ">"
                                                           : r->op == CHISO_CMP_LE ? "<=" : r->op == CHISO_CMP_LT ? "<" : "=");
        chiso_buf_puts(&b, ", \"target\": ");
        if (chiso_interval_is_point(r->target->value))
            chiso_json_num(&b, r->target->value.lo);
        else {
            chiso_buf_puts(&b, "[");
            chiso_json_num(&b, r->target->value.lo);
            chiso_buf_puts(&b, ", ");
            chiso_json_num(&b, r->target->value.hi);
            chiso_buf_puts(&b, "]");
        }
        chiso_buf_puts(&b, ", \"target_abs\": ");
        chiso_json_interval(&b, r->has_target_abs, r->target_value);
        chiso_buf_puts(&b, ", \"basis\": ");
        chiso_json_str(&b, chiso_basis_name(r->basis));
        chiso_buf_puts(&b, ", \"period\": ");
        if (r->target->has_period) {
            char s1[16], s2[16];
            chiso_buf_printf(&b, "[\"%s\", \"%s\"]", chiso_date_format(r->target->period_start.day, s1, sizeof s1),
                             chiso_date_format(r->target->period_end.day, s2, sizeof s2));
        } else {
            chiso_buf_puts(&b, "null");
        }
        chiso_buf_puts(&b, ", \"relative_to\": ");
        {
            const chiso_target_info *T = r->target;
            char rel[40] = "", dd[16];
            if (T->relative_base == CHISO_REL_YEAR_START)
                snprintf(rel, sizeof rel, "members_at_year_start");
            else if (T->relative_base == CHISO_REL_PREV_YEAR_END)
                snprintf(rel, sizeof rel, "members_at_prev_year_end");
            else if (T->relative_base == CHISO_REL_DATE)
                snprintf(rel, sizeof rel, "members_at:%s", chiso_date_format(T->relative_day, dd, sizeof dd));
            else if (T->relative_to_members)
                snprintf(rel, sizeof rel, "members_at_term_start");
            chiso_json_str(&b, rel[0] ? rel : NULL);
        }
        chiso_buf_puts(&b, ", \"id\": ");
        chiso_json_str(&b, r->target->id);
        chiso_buf_puts(&b, ", \"set_by\": ");
        chiso_json_str(&b, r->target->set_by);
        chiso_buf_puts(&b, ", \"rating\": ");
        chiso_json_str(&b, r->target->rating);
        chiso_buf_printf(&b, ", \"illustrative\": %s", r->target->illustrative ? "true" : "false");
        chiso_buf_puts(&b, ", \"actual\": ");
        if (r->has_actual) {
            chiso_buf_puts(&b, "{\"lo\": ");
            chiso_json_num(&b, r->actual.lo);
            chiso_buf_puts(&b, ", \"hi\": ");
            chiso_json_num(&b, r->actual.hi);
            chiso_buf_printf(&b, ", \"lo_open\": %s, \"hi_open\": %s, \"value\": ", r->actual.lo_open ? "true" : "false",
                             r->actual.hi_open ? "true" : "false");
            chiso_json_num(&b, r->actual_point);
            chiso_buf_puts(&b, "}");
        } else {
            chiso_buf_puts(&b, "null");
        }
        chiso_buf_puts(&b, ", \"ratio\": ");
        if (r->has_ratio) {
            chiso_buf_puts(&b, "{\"lo\": ");
            chiso_json_num(&b, r->ratio.lo);
            chiso_buf_puts(&b, ", \"hi\": ");
            chiso_json_num(&b, r->ratio.hi);
            chiso_buf_puts(&b, "}");
        } else {
            chiso_buf_puts(&b, "null");
        }
        chiso_buf_puts(&b, ", \"gap\": ");
        chiso_json_interval(&b, r->has_gap, r->gap);
        chiso_buf_puts(&b, ", \"verdict\": ");
        chiso_json_str(&b, chiso_verdict_name(r->verdict));
        chiso_buf_puts(&b, ", \"status\": ");
        chiso_json_str(&b, chiso_progress_name(r->status));
        chiso_buf_puts(&b, ", \"probability\": ");
        chiso_json_num(&b, r->has_probability ? r->probability : NAN);
        chiso_buf_puts(&b, ", \"to_date\": ");
        if (r->has_to_date) {
            chiso_buf_puts(&b, "{\"elapsed_years\": ");
            chiso_json_num(&b, r->elapsed_years);
            chiso_buf_puts(&b, ", \"pro_rata_target\": ");
            chiso_json_num(&b, r->pro_rata_target);
            chiso_buf_puts(&b, ", \"pace\": ");
            chiso_json_num(&b, r->pace);
            chiso_buf_puts(&b, "}");
        } else {
            chiso_buf_puts(&b, "null");
        }
        chiso_buf_puts(&b, ", \"projected\": ");
        if (r->has_projection) {
            chiso_buf_puts(&b, "{\"value\": ");
            chiso_json_num(&b, r->proj_value);
            chiso_buf_puts(&b, ", \"lo80\": ");
            chiso_json_num(&b, r->proj_lo80);
            chiso_buf_puts(&b, ", \"hi80\": ");
            chiso_json_num(&b, r->proj_hi80);
            chiso_buf_puts(&b, ", \"lo95\": ");
            chiso_json_num(&b, r->proj_lo95);
            chiso_buf_puts(&b, ", \"hi95\": ");
            chiso_json_num(&b, r->proj_hi95);
            chiso_buf_puts(&b, "}");
        } else {
            chiso_buf_puts(&b, "null");
        }
        if (r->basis == CHISO_BASIS_EACH_YEAR)
            chiso_buf_printf(&b, ", \"years\": {\"total\": %d, \"met\": %d, \"not_met\": %d, \"indeterminate\": %d, "
                                 "\"missing\": %d}",
                             r->years_total, r->years_met, r->years_not_met, r->years_unknown, r->years_missing);
        chiso_buf_puts(&b, ", \"reported_verdict\": ");
        chiso_json_str(&b, r->has_reported ? rv_name(r->reported->verdict) : NULL);
        chiso_buf_puts(&b, ", \"reported_ratio\": ");
        chiso_json_num(&b, r->has_reported && r->reported->has_ratio ? r->reported->ratio.point : NAN);
        chiso_buf_printf(&b, ", \"disagrees\": %s, \"reason\": ", r->disagrees ? "true" : "false");
        chiso_json_str(&b, r->reason);
        chiso_buf_puts(&b, ", \"sources\": ");
        chiso_json_str(&b, r->sources);
        chiso_buf_puts(&b, ", \"target_source\": ");
        chiso_json_str(&b, r->target->source);
        chiso_buf_puts(&b, "}");
    }
    chiso_buf_puts(&b, "\n]}\n");
    return chiso_buf_take(&b);
}

char *chiso_attainment_to_csv(const chiso_attainment *a)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_puts(&b, "unit,term,indicator,rating,op,target,basis,illustrative,actual_lo,actual_hi,actual,ratio_lo,"
                       "ratio_hi,verdict,status,probability,projected,projected_lo95,projected_hi95,reported_verdict,"
                       "disagrees,reason,sources\n");
    for (size_t i = 0; a && i < a->n; i++) {
        const chiso_attain_row *r = &a->rows[i];
        chiso_csv_field(&b, r->unit);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->term);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->indicator);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->target->rating);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->op == CHISO_CMP_BETWEEN ? "between" : r->op == CHISO_CMP_GE ? ">=" : r->op == CHISO_CMP_GT ? ">"
                                                            : r->op == CHISO_CMP_LE ? "<=" : r->op == CHISO_CMP_LT ? "<" : "=");
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->target->raw_value);
        chiso_buf_printf(&b, ",%s,%d,", chiso_basis_name(r->basis), r->target->illustrative);
        chiso_csv_num(&b, r->has_actual ? r->actual.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_actual ? r->actual.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_actual ? r->actual_point : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_ratio ? r->ratio.lo : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_ratio ? r->ratio.hi : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, chiso_verdict_name(r->verdict));
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, chiso_progress_name(r->status));
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_probability ? r->probability : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_projection ? r->proj_value : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_projection ? r->proj_lo95 : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_num(&b, r->has_projection ? r->proj_hi95 : NAN);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->has_reported ? rv_name(r->reported->verdict) : NULL);
        chiso_buf_printf(&b, ",%d,", r->disagrees);
        chiso_csv_field(&b, r->reason);
        chiso_buf_puts(&b, ",");
        chiso_csv_field(&b, r->sources);
        chiso_buf_puts(&b, "\n");
    }
    return chiso_buf_take(&b);
}

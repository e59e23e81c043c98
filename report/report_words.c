/*
 * report/report_words.c — units, indicators and dates as the sections of the report name them.
 */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ind_label(const chiso_dataset *ds, long ind)
{
    chiso_indicator_info I;
    chiso_dataset_indicator(ds, (size_t)ind, &I);
    return chiso_indicator_name(&I, chiso_get_lang());
}

const char *unit_label(const chiso_dataset *ds, long u)
{
    chiso_unit_info U;
    if (u < 0 || chiso_dataset_unit(ds, (size_t)u, &U) != CHISO_OK)
        return "";
    return U.name && *U.name ? U.name : U.code;
}

/* A date in the language's style (rp_date) into a buffer of 16 bytes: a date is never longer. */
const char *report_date(int32_t day, char *buf, size_t size)
{
    char *s = rp_date_str(day);
    snprintf(buf, size, "%s", s ? s : "");
    free(s);
    return buf;
}

/* "Đảng bộ Khối … · Nhiệm kỳ VI (2020–2025)": a unit by its name, never its code. */
char *who_str(const chiso_dataset *ds, const char *unit_code, const char *term_label)
{
    chiso_buf b;
    chiso_buf_init(&b);
    long u = chiso_dataset_find_unit(ds, unit_code);
    chiso_buf_printf(&b, "%s · %s", u >= 0 ? unit_label(ds, u) : unit_code, term_label);
    return chiso_buf_take(&b);
}

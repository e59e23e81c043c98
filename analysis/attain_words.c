/*
 * analysis/attain_words.c — numbers, targets and spans as the reasons of verdicts write them, in the
 * current language.
 */
#include "analysis/attain_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Numbers in words for reasons, in the current language. */
const char *fmt_iv(chiso_interval iv, int dec, int pct, char *buf, size_t size)
{
    return chiso_format_interval(iv, dec, pct, chiso_get_lang(), buf, size);
}

const char *fmt_num(double v, int dec, char *buf, size_t size)
{
    return chiso_format_number_trim(v, dec, chiso_get_lang(), buf, size);
}

/* The target as a reason writes it: "≥ 640", "≥ [90; 100]"; a target in per cent of a membership only
 * known as a bound is written as the per cent of it ("≥ 16% of > 4.000 members"), never as a bound of a
 * bound. */
const char *fmt_target(const judge_ctx *c, chiso_cmp op, chiso_interval T, char *buf, size_t size)
{
    char x[64], y[64];
    if (c->rel && !chiso_interval_is_point(T) && isfinite(c->rel_pct)) {
        snprintf(buf, size, _("%s %s%% of %s members"), chiso_cmp_symbol(op), fmt_num(c->rel_pct, 2, x, sizeof x),
                 fmt_iv(c->rel_M, 0, 0, y, sizeof y));
        return buf;
    }
    snprintf(buf, size, "%s %s", chiso_cmp_symbol(op), fmt_iv(T, 1, c->pct_target, x, sizeof x));
    return buf;
}

/* What the span judged is called in reasons: "2018", "2021–2023" or "the term". */
const char *span_words(const chiso_target_info *t, char *buf, size_t size)
{
    if (!t->has_period) {
        snprintf(buf, size, "%s", _("the term"));
        return buf;
    }
    char d1[16], d2[16];
    int y0, m0, dd0, y1, m1, dd1;
    chiso_civil_from_days(t->period_start.day, &y0, &m0, &dd0);
    chiso_civil_from_days(t->period_end.day, &y1, &m1, &dd1);
    if (m0 == 1 && dd0 == 1 && m1 == 12 && dd1 == 31) {
        if (y0 == y1)
            snprintf(buf, size, _("the year %d"), y0);
        else
            snprintf(buf, size, _("the years %d–%d"), y0, y1);
    } else {
        snprintf(buf, size, "%s – %s", chiso_date_words(t->period_start.day, d1, sizeof d1),
                 chiso_date_words(t->period_end.day, d2, sizeof d2));
    }
    return buf;
}

/*
 * analysis/attain_words.c — numbers, targets and spans as the reasons of verdicts write them, in the
 * current language.
 */
#include "analysis/attain_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A figure in words for reasons, in the current language, as documents write it (docs/style-vi.md §2):
 * "96,15%", "trên 80%", "từ 90% đến 95%", never "(80; 100]"; pct adds the per-cent sign to every number.
 * Cut to size (a reason never holds an interval longer than a few numbers). */
static _Thread_local int words_oom; /* a fmt_iv ran out of memory since the last fmt_oom_take */

int fmt_oom_take(void)
{
    int o = words_oom;
    words_oom = 0;
    return o;
}

const char *fmt_iv(chiso_interval iv, int dec, int pct, char *buf, size_t size)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_interval_words(&b, iv, dec, pct);
    if (!b.data || b.oom)
        words_oom = 1; /* the row fails (fmt_oom_take), never a reason with a figure missing */
    snprintf(buf, size, "%s", b.data && !b.oom ? b.data : "–");
    chiso_buf_free(&b);
    return buf;
}

/* A target with its operator: "≥ 95%", "≤ 2"; a range is its words alone ("từ 60% đến 70%"), never
 * "∈ [60; 70]". */
const char *fmt_cmp(chiso_cmp op, chiso_interval T, int dec, int pct, char *buf, size_t size)
{
    char x[96];
    fmt_iv(T, dec, pct, x, sizeof x);
    if (op == CHISO_CMP_BETWEEN)
        snprintf(buf, size, "%s", x);
    else
        snprintf(buf, size, "%s %s", chiso_cmp_symbol(op), x);
    return buf;
}

const char *fmt_num(double v, int dec, char *buf, size_t size)
{
    return chiso_format_number_trim(v, dec, chiso_get_lang(), buf, size);
}

/* The target as a reason writes it: "≥ 640", "≥ 95%", "từ 60% đến 70%"; a target in per cent of a membership only
 * known as a bound is written as the per cent of it ("≥ 16% of > 4.000 members"), never as a bound of a
 * bound. */
const char *fmt_target(const judge_ctx *c, chiso_cmp op, chiso_interval T, char *buf, size_t size)
{
    if (c->rel && !chiso_interval_is_point(T) && isfinite(c->rel_pct)) {
        char x[64], y[64];
        snprintf(buf, size, _("%s %s%% of %s members"), chiso_cmp_symbol(op), fmt_num(c->rel_pct, 2, x, sizeof x),
                 fmt_iv(c->rel_M, 0, 0, y, sizeof y));
        return buf;
    }
    return fmt_cmp(op, T, 1, c->pct_target, buf, size);
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

/* A list of years "2019, 2020, 2021" as a sentence says it: "năm 2019", "các năm 2019 và 2020", "các
 * năm 2019, 2020 và 2021" (English "the year 2019", "the years 2019, 2020 and 2021"): one place for
 * every list of years of a reason, never "các năm 2019" nor a comma before "và". */
const char *years_words(const char *list, char *buf, size_t size)
{
    size_t n = 1;
    for (const char *p = list; (p = strstr(p, ", ")) != NULL; p += 2)
        n++;
    const char *last = NULL;
    for (const char *p = list; (p = strstr(p, ", ")) != NULL; p += 2)
        last = p;
    if (n == 1 || !last) {
        snprintf(buf, size, _("the year %s"), list);
        return buf;
    }
    char joined[320];
    snprintf(joined, sizeof joined, "%.*s%s%s", (int)(last - list), list, _(" and "), last + 2);
    snprintf(buf, size, _("the years %s"), joined);
    return buf;
}

/* report/plan.c — a plan for the next term in words and tables (used by `chiso plan` and the report). */
#include "chiso/analysis.h"
#include "chiso/report.h"
#include "ingest/util.h"
#include "report/phrase.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A probability as a reader wants it: whole per cent, never a flat 0% or 100%. */
static const char *fmt_prob(double p, chiso_lang lang, char *buf, size_t size)
{
    char a[32];
    if (!isfinite(p))
        snprintf(buf, size, "–");
    else if (p < 0.01)
        snprintf(buf, size, "< 1%%");
    else if (p > 0.99)
        snprintf(buf, size, "> 99%%");
    else
        snprintf(buf, size, "%s%%", chiso_format_number(round(p * 100), 0, lang, a, sizeof a));
    return buf;
}

static const char *op_symbol(chiso_cmp op)
{
    return op == CHISO_CMP_LE ? "≤" : op == CHISO_CMP_LT ? "<" : op == CHISO_CMP_GT ? ">" : "≥";
}

chiso_table *chiso_plan_table(const struct chiso_dataset *ds, const struct chiso_plan *p, int with_sources)
{
    chiso_lang lang = chiso_get_lang();
    const char *hdr[] = {_("indicator"),
                         /* xgettext:no-c-format */
                         _("likely value (80% interval)"),
                         /* xgettext:no-c-format */
                         _("95% interval"), _("candidate target: probability of reaching it"), _("based on"),
                         _("notes"), _("source of the figures")};
    chiso_table *t = chiso_table_new(CHISO_ARRAY_LEN(hdr) - (with_sources ? 0 : 1), hdr);
    if (!t)
        return NULL;
    chiso_table_set_align(t, 1, CHISO_ALIGN_RIGHT);
    chiso_table_set_align(t, 2, CHISO_ALIGN_RIGHT);
    for (size_t i = 0; i < chiso_plan_count(p); i++) {
        const chiso_plan_row *r = chiso_plan_get(p, i);
        chiso_indicator_info I;
        chiso_dataset_indicator(ds, (size_t)chiso_dataset_find_indicator(ds, r->indicator), &I);
        int pct = r->kind == CHISO_VK_SHARE;
        chiso_buf name, cand, based;
        chiso_buf_init(&name);
        chiso_buf_init(&cand);
        chiso_buf_init(&based);
        chiso_buf_puts(&name, chiso_indicator_name(&I, lang));
        if (r->rating)
            chiso_buf_printf(&name, " — %s", r->rating);
        chiso_buf_printf(&name, " (%s)", pct ? _("share in a year") : _("total over the period"));
        char a[32], b[32], c[32], v80[128], v95[96], pr[32];
        int dec = pct ? 1 : 0;
        snprintf(v80, sizeof v80, "%s%s (%s – %s%s)", chiso_format_number_trim(r->mean, dec, lang, a, sizeof a),
                 pct ? "%" : "", chiso_format_number_trim(r->lo80, dec, lang, b, sizeof b),
                 chiso_format_number_trim(r->hi80, dec, lang, c, sizeof c), pct ? "%" : "");
        snprintf(v95, sizeof v95, "%s – %s%s", chiso_format_number_trim(r->lo95, dec, lang, b, sizeof b),
                 chiso_format_number_trim(r->hi95, dec, lang, c, sizeof c), pct ? "%" : "");
        for (size_t k = 0; k < r->n_levels; k++)
            chiso_buf_printf(&cand, "%s%s %s%s: %s", cand.len ? "; " : "", op_symbol(r->levels[k].op),
                             chiso_format_number_trim(r->levels[k].level, 1, lang, a, sizeof a), pct ? "%" : "",
                             fmt_prob(r->levels[k].probability, lang, pr, sizeof pr));
        if (pct)
            chiso_buf_printf(&based, _("%zu earlier terms (%s); beta model"), r->history_terms, r->history);
        else
            chiso_buf_printf(&based, _("%zu earlier terms, %s years (%s); gamma–Poisson model"), r->history_terms,
                             chiso_format_number_trim(r->history_years, 1, lang, a, sizeof a), r->history);
        chiso_buf src; /* "dòng 130–132" in Vietnamese (report/phrase.c) */
        chiso_buf_init(&src);
        rp_locator(&src, r->sources ? r->sources : "");
        char *n1 = chiso_buf_take(&name), *n2 = chiso_buf_take(&cand), *n3 = chiso_buf_take(&based);
        char *n4 = chiso_buf_take(&src);
        const char *cells[] = {n1 ? n1 : "", v80, v95, n2 ? n2 : "", n3 ? n3 : "", r->note ? r->note : "",
                               n4 ? n4 : ""};
        chiso_status st = n1 && n2 && n3 ? chiso_table_add_row(t, cells) : CHISO_ENOMEM;
        free(n1);
        free(n2);
        free(n3);
        free(n4);
        if (st != CHISO_OK) {
            chiso_table_free(t);
            return NULL;
        }
    }
    return t;
}

/* The period in words: "nhiệm kỳ VII, 2025-08-01 – 2030-07-31 (5 năm)". */
char *chiso_plan_period_text(const struct chiso_plan *p)
{
    int32_t s, e;
    double y;
    const char *term;
    chiso_plan_period(p, &s, &e, &y, &term);
    char d1[16], d2[16], a[32];
    chiso_buf b;
    chiso_buf_init(&b);
    if (term)
        chiso_buf_printf(&b, _("term %s, "), term);
    char *s1 = rp_date_str(s), *s2 = rp_date_str(e); /* 31/08/2025 in Vietnamese */
    (void)d1;
    (void)d2;
    chiso_buf_printf(&b, _("%s to %s (%s years)"), s1 ? s1 : "", s2 ? s2 : "",
                     chiso_format_number_trim(y, 2, chiso_get_lang(), a, sizeof a));
    free(s1);
    free(s2);
    return chiso_buf_take(&b);
}

char *chiso_plan_text(const struct chiso_dataset *ds, const struct chiso_plan *p)
{
    /* one block per indicator, wrapped to 80 characters: the five columns of the table are far wider
     * than a terminal (the report has its own table, chiso_plan_table) */
    enum { WIDTH = 80 };
    chiso_buf b;
    chiso_buf_init(&b);
    char *period = chiso_plan_period_text(p);
    chiso_buf lead;
    chiso_buf_init(&lead);
    chiso_buf_printf(&lead, "%s: ", _("Planned period"));
    rp_wrap(&b, lead.data ? lead.data : "", period ? period : "", WIDTH, 2);
    chiso_buf_free(&lead);
    chiso_buf_puts(&b, "\n");
    free(period);
    chiso_table *t = chiso_plan_table(ds, p, 0);
    char *txt = t ? chiso_table_to_records(t, WIDTH) : NULL;
    chiso_table_free(t);
    if (txt && chiso_plan_count(p))
        chiso_buf_puts(&b, txt);
    free(txt);
    if (!chiso_plan_count(p))
        rp_wrap(&b, "",
                _("no indicator of this unit has enough history to plan from (for counts at least "
                  "two earlier terms with figures, or three years of one; for shares three "
                  "earlier terms)"),
                WIDTH, 0);
    chiso_buf_puts(&b, "\n");
    rp_wrap(&b, "",
            _("Counts: the total over the planned period from a gamma–Poisson (negative binomial) model "
              "learnt from the unit's earlier terms. Shares: one year's share from a beta fitted to "
              "the earlier terms' values. A probability is that of reaching the candidate target "
              "if the coming term is like the earlier ones; see docs/methods.md."),
            WIDTH, 0);
    if (chiso_plan_skipped(p)) {
        chiso_buf sk;
        chiso_buf_init(&sk);
        chiso_buf_printf(&sk, _("%zu other series of the unit have too little history and are left out.\n"),
                         chiso_plan_skipped(p));
        if (sk.len && sk.data[sk.len - 1] == '\n')
            sk.data[--sk.len] = '\0';
        rp_wrap(&b, "", sk.data ? sk.data : "", WIDTH, 0);
        chiso_buf_free(&sk);
    }
    return chiso_buf_take(&b);
}

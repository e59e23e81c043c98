/* report/phrase.c — the report's words (see report/phrase.h and docs/style-vi.md). */
#include "report/phrase.h"
#include "chiso/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rp_interval(chiso_buf *b, chiso_interval iv, int decimals, int pct)
{
    chiso_buf_interval_words(b, iv, decimals, pct);
}

char *rp_interval_str(chiso_interval iv, int decimals, int pct)
{
    chiso_buf b;
    chiso_buf_init(&b);
    rp_interval(&b, iv, decimals, pct);
    return chiso_buf_take(&b);
}

int rp_interval_pair(chiso_interval x, chiso_interval y, int decimals, int pct, char **a, char **b)
{
    for (int d = decimals;; d++) {
        *a = rp_interval_str(x, d, pct);
        *b = rp_interval_str(y, d, pct);
        if (!*a || !*b || strcmp(*a, *b) != 0 || d >= 4)
            return *a && *b && strcmp(*a, *b) == 0;
        free(*a);
        free(*b);
    }
}

/* ---- sources by their titles ------------------------------------------------------------------- */

void rp_source_name(chiso_buf *b, const chiso_source_info *s, int short_title)
{
    const char *t = short_title && s->short_title ? s->short_title : s->title;
    if (!t) {
        chiso_buf_puts(b, s->id ? s->id : "");
        return;
    }
    chiso_buf_printf(b, s->title_quoted ? "%s" : "[%s]", t);
}

int rp_source_titles(chiso_buf *b, const chiso_dataset *ds, const char *text, int short_title)
{
    size_t ns = chiso_dataset_n_sources(ds);
    if (!text || !ns)
        return 0;
    chiso_buf out;
    chiso_buf_init(&out);
    int any = 0;
    for (const char *p = text; *p;) {
        size_t best = 0;
        chiso_source_info s, hit;
        for (size_t i = 0; i < ns; i++)
            if (chiso_dataset_source(ds, i, &s) == CHISO_OK && s.title && s.id) {
                size_t l = strlen(s.id);
                if (l > best && strncmp(p, s.id, l) == 0) {
                    best = l;
                    hit = s;
                }
            }
        if (!best) {
            chiso_buf_append(&out, p, 1);
            p++;
            continue;
        }
        rp_source_name(&out, &hit, short_title);
        p += best;
        if (*p == ' ' && p[1] && p[1] != ';' && p[1] != '(' && p[1] != '-')
            chiso_buf_puts(&out, ",");
        any = 1;
    }
    if (any) {
        chiso_buf_puts(b, out.data ? out.data : "");
    }
    chiso_buf_free(&out);
    return any;
}

/* ---- locators ---------------------------------------------------------------------------------- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static void locator_one(chiso_buf *b, const char *text, size_t len);

void rp_locator(chiso_buf *b, const char *text)
{
    /* "a; a; b" → "a; b": a figure summed from several rows of one line names the line once */
    const char *p = text ? text : "";
    int first = 1;
    while (*p) {
        const char *e = strstr(p, "; ");
        size_t len = e ? (size_t)(e - p) : strlen(p);
        int seen = 0;
        for (const char *q = text; q < p;) {
            const char *f = strstr(q, "; ");
            size_t l = f ? (size_t)(f - q) : strlen(q);
            if (l == len && strncmp(q, p, len) == 0) {
                seen = 1;
                break;
            }
            if (!f)
                break;
            q = f + 2;
        }
        if (!seen) {
            if (!first)
                chiso_buf_puts(b, "; ");
            locator_one(b, p, len);
            first = 0;
        }
        p += len;
        if (*p)
            p += 2;
    }
}

static void locator_one(chiso_buf *b, const char *text, size_t len)
{
    chiso_buf one;
    chiso_buf_init(&one);
    chiso_buf_append(&one, text, len);
    text = one.data ? one.data : "";
    const char *p = text;
    while (*p) {
        int at_word = p == text || p[-1] == ' ' || p[-1] == ';' || p[-1] == ',' || p[-1] == '(';
        size_t kw = 0;
        if (at_word && strncmp(p, "lines ", 6) == 0 && is_digit(p[6]))
            kw = 6;
        else if (at_word && strncmp(p, "line ", 5) == 0 && is_digit(p[5]))
            kw = 5;
        /* an ISO date in a sentence of the analysis ("ngày 2020-08-03") as the language writes it */
        if (!kw && chiso_get_lang() == CHISO_LANG_VI && (p == text || !is_digit(p[-1])) && is_digit(p[0]) &&
            is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) && p[4] == '-' && is_digit(p[5]) && is_digit(p[6]) &&
            p[7] == '-' && is_digit(p[8]) && is_digit(p[9]) && !is_digit(p[10])) {
            chiso_buf_printf(b, "%.2s/%.2s/%.4s", p + 8, p + 5, p);
            p += 10;
            continue;
        }
        if (!kw) {
            chiso_buf_append(b, p, 1);
            p++;
            continue;
        }
        const char *q = p + kw, *n1 = q;
        while (is_digit(*q))
            q++;
        size_t l1 = (size_t)(q - n1);
        const char *n2 = NULL;
        size_t l2 = 0;
        /* a range: "130-132", "130 - 132", "130–132" */
        const char *r = q;
        while (*r == ' ')
            r++;
        size_t dash = *r == '-' ? 1 : strncmp(r, "–", strlen("–")) == 0 ? strlen("–") : 0;
        if (dash) {
            r += dash;
            while (*r == ' ')
                r++;
            if (is_digit(*r)) {
                n2 = r;
                while (is_digit(*r))
                    r++;
                l2 = (size_t)(r - n2);
                q = r;
            }
        }
        chiso_buf_puts(b, n2 ? _("lines") : _("line"));
        chiso_buf_puts(b, " ");
        chiso_buf_append(b, n1, l1);
        if (n2) {
            chiso_buf_puts(b, "–");
            chiso_buf_append(b, n2, l2);
        }
        p = q;
    }
    chiso_buf_free(&one);
}

/* ---- ratings and series ------------------------------------------------------------------------ */

const char *rp_level_name(const chiso_dataset *ds, const char *scheme, int member, int year, int level)
{
    const char *best = NULL;
    size_t n = chiso_dataset_n_ratings(ds);
    for (size_t i = 0; i < n; i++) {
        chiso_rating_info R;
        if (chiso_dataset_rating(ds, i, &R) != CHISO_OK || R.level != level || R.at_or_above)
            continue;
        if (scheme ? strcmp(R.scheme, scheme) != 0 : (R.member != member || year < R.from || year > R.to))
            continue;
        /* a scheme may list a subset beside its level ("… tiêu biểu"): the level is the shortest label */
        if (!best || strlen(R.label) < strlen(best))
            best = R.label;
    }
    return best;
}

static int member_indicator(const char *code)
{
    return code && strncmp(code, "member", 6) == 0;
}

void rp_series_name(chiso_buf *b, const chiso_dataset *ds, const chiso_compare_row *r)
{
    chiso_indicator_info I;
    chiso_dataset_indicator(ds, (size_t)r->indicator_index, &I);
    chiso_buf_puts(b, chiso_indicator_name(&I, chiso_get_lang()));
    if (r->level) {
        chiso_term_info T;
        chiso_dataset_term(ds, (size_t)r->term_index, &T);
        int year = 0;
        char d[16];
        chiso_date_format(r->norm ? r->norm->cover_end : T.end.day, d, sizeof d);
        year = atoi(d);
        const char *name = rp_level_name(ds, r->norm ? r->norm->scheme : NULL, member_indicator(I.code), year,
                                         r->level);
        if (name)
            chiso_buf_printf(b, _(" (%s or better)"), name);
        else
            chiso_buf_printf(b, _(" (level %d or better)"), r->level);
    } else if (r->rating) {
        chiso_buf_printf(b, " (%s)", r->rating);
    }
}

int rp_flow_has_pace(const chiso_dataset *ds, const chiso_compare_row *r)
{
    chiso_indicator_info I;
    chiso_dataset_indicator(ds, (size_t)r->indicator_index, &I);
    if (r->kind != CHISO_VK_ANNUAL)
        return 1;
    if (I.irregular)
        return 0;
    return !r->partial || chiso_projection_supported(r->coverage_years, r->term_years);
}

/* ---- sentences --------------------------------------------------------------------------------- */

static int row_decimals(const chiso_compare_row *r) { return r->kind == CHISO_VK_LEVEL ? 0 : 1; }

void rp_change_sentence(chiso_buf *b, const chiso_dataset *ds, const chiso_compare_row *prev,
                        const chiso_compare_row *last)
{
    chiso_buf name;
    chiso_buf_init(&name);
    rp_series_name(&name, ds, last);
    const char *nm = name.data ? name.data : "";
    int pct = last->kind == CHISO_VK_SHARE, dec = row_decimals(last);
    chiso_indicator_info I;
    chiso_dataset_indicator(ds, (size_t)last->indicator_index, &I);
    if (last->kind == CHISO_VK_ANNUAL && I.irregular) {
        chiso_buf_printf(b, _("%s: one-off counts, reported as they happened (%s and %s); they are not compared per "
                              "year."),
                         nm, prev->term_label, last->term_label);
        chiso_buf_free(&name);
        return;
    }
    if (!rp_flow_has_pace(ds, prev) || !rp_flow_has_pace(ds, last)) {
        const chiso_compare_row *s = !rp_flow_has_pace(ds, last) ? last : prev;
        char y[32];
        chiso_buf_printf(b, _("%s: the figures of %s cover only %s years, too little to compare per year."), nm,
                         s->term_label, chiso_format_number(s->coverage_years, 1, chiso_get_lang(), y, sizeof y));
        chiso_buf_free(&name);
        return;
    }
    const char *per = last->kind == CHISO_VK_ANNUAL ? _(" a year") : "";
    char *a = NULL, *v = NULL;
    int same = rp_interval_pair(prev->value, last->value, dec, pct, &a, &v);
    int pa = chiso_interval_is_point(prev->value), pb = chiso_interval_is_point(last->value);
    if (!a || !v) {
        /* out of memory: the buffer records it */
    } else if ((last->rose == CHISO_TRUE || last->fell == CHISO_TRUE) && !same) {
        chiso_buf_printf(b, last->rose == CHISO_TRUE ? _("%s rose from %s%s in %s to %s%s in %s.")
                                                     : _("%s fell from %s%s in %s to %s%s in %s."),
                         nm, a, per, prev->term_label, v, per, last->term_label);
    } else if (last->rose == CHISO_TRUE || last->fell == CHISO_TRUE || (pa && pb)) {
        /* equal, or equal to four decimals: the figure as usual */
        char *e = rp_interval_str(last->value, dec, pct);
        chiso_buf_printf(b, _("%s did not change: %s%s in both %s and %s."), nm, e ? e : "", per, prev->term_label,
                         last->term_label);
        free(e);
    } else if (!pa && !pb) {
        chiso_buf_printf(b, _("%s: %s in %s and %s in %s are both approximate figures whose ranges overlap, so whether "
                              "it rose or fell cannot be told."),
                         nm, a, prev->term_label, v, last->term_label);
    } else {
        const chiso_compare_row *ix = pa ? last : prev, *ex = pa ? prev : last;
        chiso_buf_printf(b, _("%s: the figure %s of %s is approximate and may equal the %s of %s, so whether it rose or "
                              "fell cannot be told."),
                         nm, pa ? v : a, ix->term_label, pa ? a : v, ex->term_label);
    }
    free(a);
    free(v);
    if (last->partial && last->kind == CHISO_VK_ANNUAL) {
        char y1[32], y2[32];
        chiso_buf_printf(b, _(" %s is reported for %s of its %s years only, so the terms are compared per year."),
                         last->term_label, chiso_format_number(last->coverage_years, 1, chiso_get_lang(), y1, sizeof y1),
                         chiso_format_number(last->term_years, 1, chiso_get_lang(), y2, sizeof y2));
    }
    if (last->flags & CHISO_NORM_XWALK)
        chiso_buf_puts(b, _(" The rating scheme changed between terms: levels are compared after the crosswalk."));
    chiso_buf_free(&name);
}

/* ---- targets ----------------------------------------------------------------------------------- */

const char *rp_basis_words(chiso_basis b)
{
    switch (b) {
    case CHISO_BASIS_TOTAL: return _("over the whole term");
    case CHISO_BASIS_ANNUAL_MEAN: return _("on average each year");
    case CHISO_BASIS_EACH_YEAR: return _("every year");
    case CHISO_BASIS_POINT: return _("at a date");
    case CHISO_BASIS_END: return _("at the end of the term");
    default: return "";
    }
}

const char *chiso_basis_words(chiso_basis b)
{
    return rp_basis_words(b);
}

void rp_target_when(chiso_buf *b, const chiso_target_info *t, chiso_basis basis)
{
    if (!t || !t->has_period) {
        chiso_buf_puts(b, rp_basis_words(basis));
        return;
    }
    int y1 = t->period_start.year, y2 = t->period_end.year;
    int whole = t->period_start.day == chiso_days_from_civil(y1, 1, 1) &&
                t->period_end.day == chiso_days_from_civil(y2, 12, 31);
    int at_end = basis == CHISO_BASIS_END || basis == CHISO_BASIS_POINT;
    char d1[32], d2[32];
    chiso_date_words(t->period_start.day, d1, sizeof d1);
    chiso_date_words(t->period_end.day, d2, sizeof d2);
    if (at_end) {
        /* a level at the end of a year of the plan (or of a span): that year, or that day */
        if (whole)
            chiso_buf_printf(b, _("at the end of %d"), y2);
        else
            chiso_buf_printf(b, _("on %s"), d2);
    } else if (whole && y1 == y2) {
        chiso_buf_printf(b, _("in %d"), y1); /* a total, mean or each year of one year: that year's */
    } else if (whole && basis == CHISO_BASIS_TOTAL) {
        chiso_buf_printf(b, _("over %d–%d"), y1, y2);
    } else if (whole) {
        chiso_buf_printf(b, _("%s, %d–%d"), rp_basis_words(basis), y1, y2);
    } else if (basis == CHISO_BASIS_TOTAL) {
        chiso_buf_printf(b, _("from %s to %s"), d1, d2);
    } else {
        chiso_buf_printf(b, _("%s, from %s to %s"), rp_basis_words(basis), d1, d2);
    }
}

char *chiso_target_when_words(const chiso_target_info *t, chiso_basis basis)
{
    chiso_buf b;
    chiso_buf_init(&b);
    rp_target_when(&b, t, basis);
    return chiso_buf_take(&b);
}

int rp_status(const chiso_attain_row *r)
{
    if (r->verdict == CHISO_VERDICT_MET || r->status == CHISO_PROGRESS_ACHIEVED)
        return RP_ST_MET;
    if (r->verdict == CHISO_VERDICT_NOT_MET)
        return RP_ST_NOT_MET; /* also a running term whose target already failed: not merely behind */
    if (r->verdict == CHISO_VERDICT_INDETERMINATE)
        return RP_ST_INDETERMINATE;
    switch (r->status) {
    case CHISO_PROGRESS_ON_TRACK: return RP_ST_ON_TRACK;
    case CHISO_PROGRESS_AT_RISK: return RP_ST_AT_RISK;
    case CHISO_PROGRESS_OFF_TRACK: return RP_ST_OFF_TRACK;
    default: return RP_ST_NO_DATA;
    }
}

const char *rp_status_words(int s)
{
    switch (s) {
    case RP_ST_MET: return _("met");
    case RP_ST_ON_TRACK: return _("likely to be met");
    case RP_ST_AT_RISK: return _("at risk");
    case RP_ST_OFF_TRACK: return _("likely to be missed");
    case RP_ST_NOT_MET: return _("not met");
    case RP_ST_INDETERMINATE: return _("indeterminate");
    default: return _("no figures yet");
    }
}

/* ---- dates ----------------------------------------------------------------------------------- */

void rp_date(chiso_buf *b, int32_t day)
{
    char iso[16];
    chiso_date_format(day, iso, sizeof iso);
    if (chiso_get_lang() == CHISO_LANG_VI && strlen(iso) == 10) /* 31/12/2024, as Vietnamese documents write */
        chiso_buf_printf(b, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
    else
        chiso_buf_puts(b, iso);
}

char *rp_date_str(int32_t day)
{
    chiso_buf b;
    chiso_buf_init(&b);
    rp_date(&b, day);
    return chiso_buf_take(&b);
}

/* ---- paths ------------------------------------------------------------------------------------- */

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

const char *rp_dataset_file(const chiso_dataset *ds, const char *path)
{
    if (!path)
        return "";
    const char *dir = chiso_dataset_dir(ds);
    size_t n = dir ? strlen(dir) : 0;
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (n && strncmp(path, dir, n) == 0 && path[n] == '/')
        return path + n + 1;
    return base_name(path);
}

void rp_place(chiso_buf *b, const chiso_dataset *ds, const char *file, long line)
{
    const char *f = rp_dataset_file(ds, file);
    size_t n = strlen(f);
    if (n && f[n - 1] == '!') { /* a sheet of a workbook: "so-lieu.xlsx:targets!A5" */
        char tmp[64];
        chiso_buf_append(b, f, n);
        if (line > 0) {
            snprintf(tmp, sizeof tmp, "A%ld", line);
            chiso_buf_puts(b, tmp);
        }
    } else if (line > 0) {
        chiso_buf_printf(b, "%s %s %ld", f, _("line"), line); /* as the sources read: "x.csv dòng 4" */
    } else {
        chiso_buf_puts(b, f);
    }
}

/* A file of targets in the reader's words (by its name within the dataset), NULL for another file.
 * Its name in English, words in Vietnamese (no English word in a Vietnamese document). */
static const char *target_file_words(const char *f)
{
    if (strcmp(f, "illustrative-targets.csv") == 0)
        /* TRANSLATORS: the dataset's file of illustrative targets; English keeps the file's name,
         * Vietnamese names it in words ("bảng chỉ tiêu minh họa") */
        return _("illustrative-targets.csv");
    if (strcmp(f, "targets.csv") == 0)
        /* TRANSLATORS: the dataset's file of congress targets; English keeps the file's name,
         * Vietnamese names it in words ("bảng chỉ tiêu") */
        return _("targets.csv");
    return NULL;
}

const char *rp_target_file_words(const chiso_dataset *ds, const char *file)
{
    const char *f = rp_dataset_file(ds, file);
    const char *w = target_file_words(f);
    return w ? w : f;
}

void rp_target_place(chiso_buf *b, const chiso_dataset *ds, const char *file, long line)
{
    const char *w = target_file_words(rp_dataset_file(ds, file));
    if (w && line > 0) {
        /* TRANSLATORS: where a target is written: its file (in words) and row; the words already
         * say it is a target ("bảng chỉ tiêu minh họa, dòng 5") */
        chiso_buf_printf(b, _("target: %s line %ld"), w, line);
        return;
    }
    chiso_buf_printf(b, "%s ", _("target:"));
    if (w)
        chiso_buf_puts(b, w);
    else
        rp_place(b, ds, file, line);
}

const char *rp_dataset_name(const chiso_dataset *ds)
{
    const char *dir = chiso_dataset_dir(ds);
    if (!dir || !*dir)
        return "";
    const char *end = dir + strlen(dir);
    while (end > dir + 1 && end[-1] == '/')
        end--;
    const char *s = end;
    while (s > dir && s[-1] != '/')
        s--;
    /* the name without trailing slashes: a static copy would be a fixed buffer; callers print %.*s */
    return s;
}

/* ingest/wbsheets.c — the sheets of a dataset workbook, their headers, notes and lists (see
 * ingest/workbook.h and datasets/FORMAT.md). */
#include "ingest/workbook.h"
#include "ingest/embedded.h"
#include "ingest/util.h"
#include "ingest/xlsxread.h"
#include "chiso/ingest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* notes shared by several sheets */
#define NOTE_UNIT N_("Code of the unit (đảng bộ, chi bộ) as in the sheet units: pick it from the list.")
#define NOTE_TERM N_("Code of the congress term as in the sheet terms (I, VI, 2020-2025…): pick it from the list.")
#define NOTE_IND N_("Code of the indicator: a built-in one (members, admitted, disciplined…) or one of the sheet indicators. Pick it from the list.")
#define NOTE_SOURCE N_("The document the figure comes from (its file name or title).")
#define NOTE_LOCATOR N_("The place in the document: page or lines (line 1337, lines 1337-1339, page 12).")
#define NOTE_QUOTE N_("The words of the document that give the figure, copied exactly.")
#define NOTE_NOTE N_("Free text for the reader: how an unclear sentence was read.")
#define NOTE_RATING N_("For a classification figure: the rating label of the scheme (trong sạch vững mạnh, hoàn thành tốt nhiệm vụ…). The list follows the scheme column; \"… trở lên\" means that level or better.")
#define NOTE_PERIOD N_("Optional: one year or span inside the term (2022, 2021..2023).")

static const wb_column c_units[] = {
    {"unit", N_("Unit code"), N_("Short code of the unit: letters, digits, - _ . (dbk-hp, cb-bdv). Other sheets use it."), 1, WB_L_NONE, 14},
    {"name", N_("Unit name"), N_("Full name of the unit (Đảng bộ Khối các cơ quan thành phố…)."), 0, WB_L_NONE, 40},
    {"parent", N_("Parent unit"), N_("Code of the unit it belongs to; empty at the top. Pick it from the list."), 0, WB_L_UNIT, 14},
    {"source", N_("Source"), NOTE_SOURCE, 0, WB_L_NONE, 24},
    {"locator", N_("Place in the source"), NOTE_LOCATOR, 0, WB_L_NONE, 14},
    {"quote", N_("Quote"), NOTE_QUOTE, 0, WB_L_NONE, 40},
    {NULL, NULL, NULL, 0, WB_L_NONE, 0}};

static const wb_column c_terms[] = {
    {"unit", N_("Unit code"), NOTE_UNIT, 1, WB_L_UNIT, 14},
    {"term", N_("Term code"), N_("Short code of the term used in the other sheets (I, VI, 2020-2025)."), 1, WB_L_NONE, 12},
    {"label", N_("Term name"), N_("Words shown in tables (Nhiệm kỳ VI (2020–2025))."), 0, WB_L_NONE, 28},
    {"start", N_("Start"), N_("First day of the term: YYYY, YYYY-MM or YYYY-MM-DD (2020-08-20). Terms of one unit must not overlap."), 1, WB_L_NONE, 12},
    {"end", N_("End"), N_("Last day of the term: YYYY, YYYY-MM or YYYY-MM-DD. For a running term, its planned end (say so in the note)."), 1, WB_L_NONE, 12},
    {"source", N_("Source"), NOTE_SOURCE, 0, WB_L_NONE, 24},
    {"locator", N_("Place in the source"), NOTE_LOCATOR, 0, WB_L_NONE, 14},
    {"quote", N_("Quote"), NOTE_QUOTE, 0, WB_L_NONE, 40},
    {"note", N_("Note"), NOTE_NOTE, 0, WB_L_NONE, 30},
    {NULL, NULL, NULL, 0, WB_L_NONE, 0}};

static const wb_column c_inds[] = {
    {"indicator", N_("Indicator code"), N_("Short code of a new indicator (letters, digits, _). The built-in ones need no row here."), 1, WB_L_NONE, 22},
    {"category", N_("Group"), N_("membership, organisation, recruitment, discipline, inspection, classification, training or other."), 1, WB_L_CATEGORY, 14},
    {"measure", N_("Measure"), N_("count (a whole number) or share (per cent, 0–100)."), 1, WB_L_MEASURE, 10},
    {"kind", N_("Kind"), N_("flow (adds up over time: admitted), stock (a level at a moment: members) or rate (a share)."), 1, WB_L_KIND, 10},
    {"direction", N_("Better when"), N_("up (more is better), down (less is better) or none."), 0, WB_L_DIRECTION, 10},
    {"name_vi", N_("Name in Vietnamese"), N_("Name shown in Vietnamese tables and charts."), 0, WB_L_NONE, 36},
    {"name_en", N_("Name in English"), N_("Name shown in English tables and charts."), 0, WB_L_NONE, 30},
    {NULL, NULL, NULL, 0, WB_L_NONE, 0}};

static const wb_column c_obs[] = {
    {"unit", N_("Unit code"), NOTE_UNIT, 1, WB_L_UNIT, 12},
    {"indicator", N_("Indicator code"), NOTE_IND, 1, WB_L_INDICATOR, 22},
    {"period_start", N_("From"), N_("First day the figure covers: YYYY, YYYY-MM or YYYY-MM-DD. For a level at a date, the same as To."), 1, WB_L_NONE, 12},
    {"period_end", N_("To"), N_("Last day the figure covers: YYYY, YYYY-MM or YYYY-MM-DD. A bare year means its whole year."), 1, WB_L_NONE, 12},
    {"value", N_("Figure"), N_("The figure as the document writes it: 1.247, 64,5%, trên 90%, từ 90 đến 100, 152/159. A count is a whole number; a share is a per cent."), 1, WB_L_NONE, 14},
    {"basis", N_("Basis"), N_("total (sum over the period), annual_mean (bình quân hằng năm), each_year (true of every year) or point (level at the end date). Empty: total for a flow, point for a level."), 0, WB_L_BASIS_OBS, 12},
    {"rating", N_("Rating"), NOTE_RATING, 0, WB_L_RATING, 28},
    {"scheme", N_("Rating scheme"), N_("The rating scheme (org-2018, member-2023…); empty: the one in force at the end date."), 0, WB_L_SCHEME, 14},
    {"part_of", N_("Part of"), N_("For a \"trong đó\" figure: the rating label of the group it is part of."), 0, WB_L_RATING, 22},
    {"share_base", N_("Share of"), N_("For a share with Part of: total (of all, the default), part (of the group) or unknown."), 0, WB_L_SHARE_BASE, 10},
    {"source", N_("Source"), NOTE_SOURCE, 0, WB_L_NONE, 24},
    {"locator", N_("Place in the source"), NOTE_LOCATOR, 0, WB_L_NONE, 14},
    {"quote", N_("Quote"), NOTE_QUOTE, 0, WB_L_NONE, 40},
    {"note", N_("Note"), NOTE_NOTE, 0, WB_L_NONE, 30},
    {NULL, NULL, NULL, 0, WB_L_NONE, 0}};

static const wb_column c_targets[] = {
    {"unit", N_("Unit code"), NOTE_UNIT, 1, WB_L_UNIT, 12},
    {"term", N_("Term code"), NOTE_TERM, 1, WB_L_TERM, 10},
    {"indicator", N_("Indicator code"), NOTE_IND, 1, WB_L_INDICATOR, 22},
    {"op", N_("Comparison"), N_(">= (at least), >, <= (at most), <, = or between (then the target is a..b)."), 1, WB_L_OP_TARGET, 10},
    {"value", N_("Target"), N_("The target as a plain number (3, 95) or a range (90..100)."), 1, WB_L_NONE, 10},
    {"basis", N_("Basis"), N_("total (over the term), each_year (every year of the term), annual_mean or end (at the end of the term)."), 1, WB_L_BASIS_TARGET, 12},
    {"period", N_("Period"), NOTE_PERIOD, 0, WB_L_NONE, 12},
    {"relative_to", N_("Per cent of"), N_("Empty, or members_at_term_start: the target is a per cent of the members at the start of the term."), 0, WB_L_RELATIVE, 22},
    {"rating", N_("Rating"), NOTE_RATING, 0, WB_L_RATING, 28},
    {"source", N_("Source"), NOTE_SOURCE, 0, WB_L_NONE, 24},
    {"locator", N_("Place in the source"), NOTE_LOCATOR, 0, WB_L_NONE, 14},
    {"quote", N_("Quote"), NOTE_QUOTE, 0, WB_L_NONE, 40},
    {"note", N_("Note"), NOTE_NOTE, 0, WB_L_NONE, 30},
    {NULL, NULL, NULL, 0, WB_L_NONE, 0}};

static const wb_column c_verdicts[] = {
    {"unit", N_("Unit code"), NOTE_UNIT, 1, WB_L_UNIT, 12},
    {"term", N_("Term code"), NOTE_TERM, 1, WB_L_TERM, 10},
    {"indicator", N_("Indicator code"), NOTE_IND, 1, WB_L_INDICATOR, 22},
    {"period", N_("Period"), NOTE_PERIOD, 0, WB_L_NONE, 14},
    {"verdict", N_("Verdict"), N_("What the report says of the target: đạt, vượt or không đạt."), 1, WB_L_VERDICT, 12},
    {"ratio", N_("Per cent of target"), N_("The attainment the report gives, in per cent (đạt 102,91% chỉ tiêu → 102,91)."), 0, WB_L_NONE, 12},
    {"rating", N_("Rating"), NOTE_RATING, 0, WB_L_RATING, 28},
    {"source", N_("Source"), NOTE_SOURCE, 0, WB_L_NONE, 24},
    {"locator", N_("Place in the source"), NOTE_LOCATOR, 0, WB_L_NONE, 14},
    {"quote", N_("Quote"), NOTE_QUOTE, 0, WB_L_NONE, 40},
    {NULL, NULL, NULL, 0, WB_L_NONE, 0}};

static const wb_column c_rules[] = {
    {"rule", N_("Rule name"), N_("A name shown in the messages."), 0, WB_L_NONE, 22},
    {"left", N_("Left side"), N_("An expression over indicator codes: + - * / and parentheses (base_orgs_committees + base_orgs_cells)."), 1, WB_L_NONE, 30},
    {"op", N_("Comparison"), N_("==, <=, >=, < or >."), 1, WB_L_OP_RULE, 10},
    {"right", N_("Right side"), N_("An expression over indicator codes, like the left side."), 1, WB_L_NONE, 30},
    {"severity", N_("Severity"), N_("error (the default) or warning."), 0, WB_L_SEVERITY, 10},
    {"missing", N_("When a figure is missing"), N_("skip_if_any (the default), skip_if_all or zero (a missing figure counts as 0)."), 0, WB_L_MISSING, 14},
    {NULL, NULL, NULL, 0, WB_L_NONE, 0}};

static const wb_sheet sheets[] = {
    {"units", "units.csv", N_("the organisation tree: one row per unit"), c_units},
    {"terms", "terms.csv", N_("congress terms: one row per term of a unit (required)"), c_terms},
    {"indicators", "indicators.csv", N_("indicators of your own, besides the built-in ones"), c_inds},
    {"observations", "observations.csv", N_("the figures: one row per figure as the document writes it (required)"), c_obs},
    {"targets", "targets.csv", N_("congress targets (chỉ tiêu Nghị quyết Đại hội)"), c_targets},
    {"illustrative-targets", "illustrative-targets.csv", N_("targets that are only examples (the report labels them illustrative)"), c_targets},
    {"verdicts", "verdicts.csv", N_("what a report itself says of a target"), c_verdicts},
    {"rules", "rules.csv", N_("arithmetic the figures must satisfy"), c_rules},
};

const wb_sheet *chiso_wb_sheets(size_t *n)
{
    *n = CHISO_ARRAY_LEN(sheets);
    return sheets;
}

const wb_sheet *chiso_wb_sheet_of_file(const char *file)
{
    for (size_t i = 0; i < CHISO_ARRAY_LEN(sheets); i++)
        if (strcmp(sheets[i].file, file) == 0)
            return &sheets[i];
    return NULL;
}

static int same_words(const char *a, const char *b)
{
    size_t na, nb;
    a = chiso_trim(a, strlen(a), &na);
    b = chiso_trim(b, strlen(b), &nb);
    char *x = chiso_strndup(a, na), *y = chiso_strndup(b, nb);
    int same = x && y && chiso_utf8_casecmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

const char *chiso_wb_header_code(const wb_sheet *sh, const char *header)
{
    if (!sh || !header)
        return NULL;
    for (const wb_column *c = sh->cols; c->code; c++)
        if (same_words(header, c->code) || same_words(header, c->label) ||
            same_words(header, chiso_gettext_lang(CHISO_LANG_VI, c->label)))
            return c->code;
    return NULL;
}

const char *const *chiso_wb_list_values(wb_list l)
{
    static const char *const basis_obs[] = {"total", "annual_mean", "each_year", "point", NULL};
    static const char *const basis_target[] = {"total", "each_year", "annual_mean", "end", NULL};
    static const char *const op_target[] = {">=", ">", "<=", "<", "=", "between", NULL};
    static const char *const op_rule[] = {"==", "<=", ">=", "<", ">", NULL};
    static const char *const share_base[] = {"total", "part", "unknown", NULL};
    static const char *const verdict[] = {"đạt", "vượt", "không đạt", NULL};
    static const char *const category[] = {"membership", "organisation", "recruitment", "discipline",
                                           "inspection", "classification", "training", "other", NULL};
    static const char *const measure[] = {"count", "share", NULL};
    static const char *const kind[] = {"flow", "stock", "rate", NULL};
    static const char *const direction[] = {"up", "down", "none", NULL};
    static const char *const severity[] = {"error", "warning", NULL};
    static const char *const missing[] = {"skip_if_any", "skip_if_all", "zero", NULL};
    static const char *const relative[] = {"members_at_term_start", NULL};
    switch (l) {
    case WB_L_BASIS_OBS: return basis_obs;
    case WB_L_BASIS_TARGET: return basis_target;
    case WB_L_OP_TARGET: return op_target;
    case WB_L_OP_RULE: return op_rule;
    case WB_L_SHARE_BASE: return share_base;
    case WB_L_VERDICT: return verdict;
    case WB_L_CATEGORY: return category;
    case WB_L_MEASURE: return measure;
    case WB_L_KIND: return kind;
    case WB_L_DIRECTION: return direction;
    case WB_L_SEVERITY: return severity;
    case WB_L_MISSING: return missing;
    case WB_L_RELATIVE: return relative;
    default: return NULL;
    }
}

int chiso_wb_is_helper_sheet(const char *name)
{
    return name && (same_words(name, CHISO_WB_GUIDE_SHEET) || same_words(name, CHISO_WB_LISTS_SHEET));
}

/* ---- every row of a dataset, as written ------------------------------------------------------- */

typedef struct walk_ctx {
    chiso_wb_row_cb cb;
    void *ctx;
    const char *file;
} walk_ctx;

static int walk_row(void *ctx, const chiso_csv_row *row)
{
    walk_ctx *w = ctx;
    return w->cb(w->ctx, w->file, row);
}

chiso_status chiso_wb_walk_rows(const char *path, const char *encoding, chiso_wb_row_cb cb, void *ctx,
                                chiso_error *err)
{
    chiso_status st = CHISO_OK;
    chiso_xlsx *book = NULL;
    if (path && chiso_path_is_workbook(path) && (st = chiso_xlsx_open(path, path, &book, err)) != CHISO_OK)
        return st;
    for (size_t i = 0; i < CHISO_ARRAY_LEN(sheets) && st == CHISO_OK; i++) {
        walk_ctx w = {cb, ctx, sheets[i].file};
        if (book) {
            long k = chiso_xlsx_find_sheet(book, sheets[i].sheet);
            if (k >= 0)
                st = chiso_xlsx_read_sheet(book, (size_t)k, sheets[i].sheet, walk_row, &w, err);
        } else if (!path) {
            char name[96];
            snprintf(name, sizeof name, "haiphong/%s", sheets[i].file);
            const chiso_embedded_file *f = chiso_embedded_find(name);
            if (!f)
                continue;
            chiso_csv_reader *r = chiso_csv_reader_new(name, NULL, walk_row, &w, err);
            if (!r)
                return err ? err->code : CHISO_ENOMEM;
            st = chiso_csv_feed(r, f->data, f->size, err);
            if (st == CHISO_OK)
                st = chiso_csv_finish(r, err);
            chiso_csv_reader_free(r);
        } else {
            size_t n = strlen(path) + strlen(sheets[i].file) + 2;
            char *file = malloc(n);
            if (!file)
                return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            snprintf(file, n, "%s/%s", path, sheets[i].file);
            struct stat sb;
            if (stat(file, &sb) == 0)
                st = chiso_csv_read_file(file, file, encoding, walk_row, &w, err);
            free(file);
        }
    }
    chiso_xlsx_free(book);
    return st;
}

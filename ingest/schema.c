/*
 * ingest/schema.c — the file kinds of a dataset and their columns: the one table that the dataset
 * reader walks (ingest/ds_read.c), whose labels the workbook reader accepts as headers and from which
 * `chiso template` writes its sheets (report/template.c). datasets/FORMAT.md documents every column;
 * test_schema checks that the two say the same.
 *
 * A table per kind, in the order of the file's columns; every column of a kind with a sheet has a
 * workbook label and note, so that a dataset copied into a workbook keeps every value. Each column names the field of its kind's row (ingest/schema.h) the reader
 * fills with its text.
 */
#include "chiso/ingest.h"
#include "ingest/schema.h"
#include "ingest/util.h"

#include <stddef.h>

/* ---- closed lists: the words a column takes and what the reader says of another --------------------- */

static const char *const w_category[] = {"membership", "organisation", "recruitment", "discipline",
                                         "inspection", "classification", "training", "other", NULL};
static const ds_enum e_category = {
    w_category, NULL, DS_ENUM_NOT_EMPTY, "indicator.category",
    N_("unknown category '%s': use membership, organisation, recruitment, discipline, "
       "inspection, classification, training or other"),
    NULL, NULL, NULL};
static const char *const w_measure[] = {"count", "share", NULL};
static const ds_enum e_measure = {w_measure, NULL, DS_ENUM_NOT_EMPTY, "indicator.measure",
                                  N_("unknown measure '%s': use count or share"), NULL, NULL, NULL};
static const char *const w_kind[] = {"flow", "stock", "rate", NULL};
static const ds_enum e_kind = {w_kind, NULL, DS_ENUM_NOT_EMPTY, "indicator.kind",
                               N_("unknown kind '%s': use flow, stock or rate"), NULL, NULL, NULL};
static const char *const w_direction[] = {"none", "up", "down", NULL};
static const ds_enum e_direction = {w_direction, NULL, 0, "indicator.direction",
                                    N_("unknown direction '%s': use up, down or none"), NULL, NULL, NULL};
/* irregular: one-off counts (an anniversary's awards) that no pace can project; empty = no */
static const char *const w_yesno[] = {"no", "yes", "không", "có", "0", "1", NULL};
static const int v_yesno[] = {0, 1, 0, 1, 0, 1};
static const ds_enum e_irregular = {w_yesno, v_yesno, 0, "indicator.irregular",
                                    N_("unknown value '%s' in the irregular column: use yes or no (empty: no)"), NULL,
                                    NULL, NULL};
static const char *const w_basis[] = {"total", "annual_mean", "each_year", "point", "end", NULL};
static const int v_basis[] = {CHISO_BASIS_TOTAL, CHISO_BASIS_ANNUAL_MEAN, CHISO_BASIS_EACH_YEAR, CHISO_BASIS_POINT,
                              CHISO_BASIS_END};
static const ds_enum e_basis_obs = {w_basis, v_basis, CHISO_BASIS_NONE, "basis.unknown",
                                    N_("unknown basis '%s': use total, annual_mean, each_year, point%s"), "", NULL,
                                    NULL};
static const ds_enum e_basis_target = {w_basis, v_basis, CHISO_BASIS_NONE, "basis.unknown",
                                       N_("unknown basis '%s': use total, annual_mean, each_year, point%s"), " or end",
                                       NULL, NULL};
static const char *const w_share_base[] = {"total", "part", "unknown", NULL};
static const ds_enum e_share_base = {w_share_base, NULL, 0, "share_base.unknown",
                                     N_("unknown share_base '%s': use total, part or unknown"), NULL, NULL, NULL};
static const char *const w_verdict[] = {"đạt", "met", "hoàn thành", "vượt", "exceeded", "vượt chỉ tiêu",
                                        "không đạt", "chưa đạt", "not met", "không hoàn thành", NULL};
static const int v_verdict[] = {CHISO_RV_MET,      CHISO_RV_MET,     CHISO_RV_MET,     CHISO_RV_EXCEEDED,
                                CHISO_RV_EXCEEDED, CHISO_RV_EXCEEDED, CHISO_RV_NOT_MET, CHISO_RV_NOT_MET,
                                CHISO_RV_NOT_MET,  CHISO_RV_NOT_MET};
static const ds_enum e_verdict = {
    w_verdict, v_verdict, CHISO_RV_NONE, "verdict.unknown",
    N_("unknown verdict '%s': use đạt, vượt or không đạt (met, exceeded, not met)"), NULL, "verdict.unaccented",
    N_("the verdict '%s' is written without Vietnamese accents: read as '%s'")};
static const char *const w_missing[] = {"skip_if_any", "skip_if_all", "zero", NULL};
static const ds_enum e_missing = {w_missing, NULL, 0, "rule.missing",
                                  N_("unknown missing strategy '%s': use skip_if_any, skip_if_all or zero"), NULL,
                                  NULL, NULL};

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

#define F(name) offsetof(ds_unit_row, name)
static const ds_column cols_units[] = {
    {"unit", 1, DS_KEY, F(unit), N_("Unit code"),
     N_("Short code of the unit: letters, digits, - _ . (dbk-hp, cb-bdv). Other sheets use it."), WB_L_NONE, 14, NULL},
    {"name", 0, DS_TEXT, F(name), N_("Unit name"),
     N_("Full name of the unit (Đảng bộ Khối các cơ quan thành phố…)."), WB_L_NONE, 40, NULL},
    {"parent", 0, DS_UNIT, F(parent), N_("Parent unit"),
     N_("Code of the unit it belongs to; empty at the top. Pick it from the list."), WB_L_UNIT, 14, NULL},
    {"source", 0, DS_SOURCE, F(source), N_("Source"),
     NOTE_SOURCE, WB_L_NONE, 24, NULL},
    {"locator", 0, DS_LOCATOR, F(locator), N_("Place in the source"),
     NOTE_LOCATOR, WB_L_NONE, 14, NULL},
    {"quote", 0, DS_QUOTE, F(quote), N_("Quote"),
     NOTE_QUOTE, WB_L_NONE, 40, NULL},
    {NULL, 0, DS_TEXT, 0, NULL, NULL, WB_L_NONE, 0, NULL}};
#undef F

#define F(name) offsetof(ds_term_row, name)
static const ds_column cols_terms[] = {
    {"unit", 1, DS_UNIT, F(unit), N_("Unit code"),
     NOTE_UNIT, WB_L_UNIT, 14, NULL},
    {"term", 1, DS_KEY, F(term), N_("Term code"),
     N_("Short code of the term used in the other sheets (I, VI, 2020-2025)."), WB_L_NONE, 12, NULL},
    {"label", 0, DS_TEXT, F(label), N_("Term name"),
     N_("Words shown in tables (Nhiệm kỳ VI (2020–2025))."), WB_L_NONE, 28, NULL},
    {"start", 1, DS_DATE_START, F(start), N_("Start"),
     N_("First day of the term: YYYY, YYYY-MM or YYYY-MM-DD (2020-08-20). Terms of one unit must not overlap."), WB_L_NONE, 12, NULL},
    {"end", 1, DS_DATE_END, F(end), N_("End"),
     N_("Last day of the term: YYYY, YYYY-MM or YYYY-MM-DD. For a running term, its planned end (say so in the note)."), WB_L_NONE, 12, NULL},
    {"source", 0, DS_SOURCE, F(source), N_("Source"),
     NOTE_SOURCE, WB_L_NONE, 24, NULL},
    {"locator", 0, DS_LOCATOR, F(locator), N_("Place in the source"),
     NOTE_LOCATOR, WB_L_NONE, 14, NULL},
    {"quote", 0, DS_QUOTE, F(quote), N_("Quote"),
     NOTE_QUOTE, WB_L_NONE, 40, NULL},
    {"note", 0, DS_TEXT, F(note), N_("Note"),
     NOTE_NOTE, WB_L_NONE, 30, NULL},
    {"note_vi", 0, DS_TEXT, F(note_vi), N_("Note in Vietnamese"),
     N_("The same note in Vietnamese: a Vietnamese report shows this one, an English report the column Note (a note in one language only is not shown in the other)."), WB_L_NONE, 30, NULL},
    {NULL, 0, DS_TEXT, 0, NULL, NULL, WB_L_NONE, 0, NULL}};
#undef F

#define F(name) offsetof(ds_ind_row, name)
static const ds_column cols_inds[] = {
    {"indicator", 1, DS_KEY, F(indicator), N_("Indicator code"),
     N_("Short code of a new indicator (letters, digits, _). The built-in ones need no row here."), WB_L_NONE, 22, NULL},
    {"category", 1, DS_ENUM, F(category), N_("Group"),
     N_("membership, organisation, recruitment, discipline, inspection, classification, training or other."), WB_L_CATEGORY, 14, &e_category},
    {"measure", 1, DS_ENUM, F(measure), N_("Measure"),
     N_("count (a whole number) or share (per cent, 0–100)."), WB_L_MEASURE, 10, &e_measure},
    {"kind", 1, DS_ENUM, F(kind), N_("Kind"),
     N_("flow (adds up over time: admitted), stock (a level at a moment: members) or rate (a share)."), WB_L_KIND, 10, &e_kind},
    {"direction", 0, DS_ENUM, F(direction), N_("Better when"),
     N_("up (more is better), down (less is better) or none."), WB_L_DIRECTION, 10, &e_direction},
    {"name_vi", 0, DS_TEXT, F(name_vi), N_("Name in Vietnamese"),
     N_("Name shown in Vietnamese tables and charts."), WB_L_NONE, 36, NULL},
    {"name_en", 0, DS_TEXT, F(name_en), N_("Name in English"),
     N_("Name shown in English tables and charts."), WB_L_NONE, 30, NULL},
    {"irregular", 0, DS_ENUM, F(irregular), N_("One-off"),
     N_("yes (có) for counts that come in one-off rounds, not at a pace (the awards of an anniversary): such a figure is never projected to the whole term nor compared per year. Empty or no (không): a regular flow."), WB_L_YESNO, 10, &e_irregular},
    {NULL, 0, DS_TEXT, 0, NULL, NULL, WB_L_NONE, 0, NULL}};
#undef F

#define F(name) offsetof(ds_obs_row, name)
static const ds_column cols_obs[] = {
    {"unit", 1, DS_UNIT, F(unit), N_("Unit code"),
     NOTE_UNIT, WB_L_UNIT, 12, NULL},
    {"indicator", 1, DS_INDICATOR, F(indicator), N_("Indicator code"),
     NOTE_IND, WB_L_INDICATOR, 22, NULL},
    {"period_start", 1, DS_DATE_START, F(period_start), N_("From"),
     N_("First day the figure covers: YYYY, YYYY-MM or YYYY-MM-DD. For a level at a date, the same as To."), WB_L_NONE, 12, NULL},
    {"period_end", 1, DS_DATE_END, F(period_end), N_("To"),
     N_("Last day the figure covers: YYYY, YYYY-MM or YYYY-MM-DD. A bare year means its whole year."), WB_L_NONE, 12, NULL},
    {"value", 1, DS_VALUE, F(value), N_("Figure"),
     N_("The figure as the document writes it: 1.247, 64,5%, trên 90%, từ 90 đến 100, 152/159. A count is a whole number; a share is a per cent."), WB_L_NONE, 14, NULL},
    {"basis", 0, DS_ENUM, F(basis), N_("Basis"),
     N_("total (sum over the period), annual_mean (bình quân hằng năm), each_year (true of every year) or point (level at the end date). Empty: total for a flow, point for a level."), WB_L_BASIS_OBS, 12, &e_basis_obs},
    {"rating", 0, DS_RATING, F(rating), N_("Rating"),
     NOTE_RATING, WB_L_RATING, 28, NULL},
    {"scheme", 0, DS_SCHEME, F(scheme), N_("Rating scheme"),
     N_("The rating scheme (org-2018, member-2023…); empty: the one in force at the end date."), WB_L_SCHEME, 14, NULL},
    {"part_of", 0, DS_RATING, F(part_of), N_("Part of"),
     N_("For a \"trong đó\" figure: the rating label of the group it is part of."), WB_L_RATING, 22, NULL},
    {"share_base", 0, DS_ENUM, F(share_base), N_("Share of"),
     N_("For a share with Part of: total (of all, the default), part (of the group) or unknown."), WB_L_SHARE_BASE, 10, &e_share_base},
    {"source", 0, DS_SOURCE, F(source), N_("Source"),
     NOTE_SOURCE, WB_L_NONE, 24, NULL},
    {"locator", 0, DS_LOCATOR, F(locator), N_("Place in the source"),
     NOTE_LOCATOR, WB_L_NONE, 14, NULL},
    {"quote", 0, DS_QUOTE, F(quote), N_("Quote"),
     NOTE_QUOTE, WB_L_NONE, 40, NULL},
    {"note", 0, DS_TEXT, F(note), N_("Note"),
     NOTE_NOTE, WB_L_NONE, 30, NULL},
    {NULL, 0, DS_TEXT, 0, NULL, NULL, WB_L_NONE, 0, NULL}};
#undef F

#define F(name) offsetof(ds_target_row, name)
static const ds_column cols_targets[] = {
    {"unit", 1, DS_UNIT, F(unit), N_("Unit code"),
     NOTE_UNIT, WB_L_UNIT, 12, NULL},
    {"term", 1, DS_TERM, F(term), N_("Term code"),
     NOTE_TERM, WB_L_TERM, 10, NULL},
    {"indicator", 1, DS_INDICATOR, F(indicator), N_("Indicator code"),
     NOTE_IND, WB_L_INDICATOR, 22, NULL},
    {"op", 1, DS_ENUM, F(op), N_("Comparison"),
     N_(">= (at least), >, <= (at most), <, = or between (then the target is a..b)."), WB_L_OP_TARGET, 10, NULL},
    {"value", 1, DS_NUMBER, F(value), N_("Target"),
     N_("The target as a plain number (3, 95) or a range (90..100)."), WB_L_NONE, 10, NULL},
    {"basis", 1, DS_ENUM, F(basis), N_("Basis"),
     N_("total (over the term), each_year (every year of the term), annual_mean or end (at the end of the term)."), WB_L_BASIS_TARGET, 12, &e_basis_target},
    {"period", 0, DS_PERIOD, F(period), N_("Period"),
     NOTE_PERIOD, WB_L_NONE, 12, NULL},
    {"relative_to", 0, DS_ENUM, F(relative_to), N_("Per cent of"),
     N_("Empty, or members_at_term_start: the target is a per cent of the members at the start of the term."), WB_L_RELATIVE, 22, NULL},
    {"rating", 0, DS_RATING, F(rating), N_("Rating"),
     NOTE_RATING, WB_L_RATING, 28, NULL},
    {"source", 0, DS_SOURCE, F(source), N_("Source"),
     NOTE_SOURCE, WB_L_NONE, 24, NULL},
    {"locator", 0, DS_LOCATOR, F(locator), N_("Place in the source"),
     NOTE_LOCATOR, WB_L_NONE, 14, NULL},
    {"quote", 0, DS_QUOTE, F(quote), N_("Quote"),
     NOTE_QUOTE, WB_L_NONE, 40, NULL},
    {"note", 0, DS_TEXT, F(note), N_("Note"),
     NOTE_NOTE, WB_L_NONE, 30, NULL},
    {"id", 0, DS_KEY, F(id), N_("Target id"),
     N_("Optional: a short name for the target, unique in the dataset (letters, digits, - _ .). The sheet verdicts links a verdict or a ratio to it."), WB_L_NONE, 14, NULL},
    {"set_by", 0, DS_TEXT, F(set_by), N_("Set by"),
     N_("Optional: who set the target, as the report writes it (chỉ tiêu tỉnh giao, Nghị quyết Huyện ủy)."), WB_L_NONE, 24, NULL},
    {NULL, 0, DS_TEXT, 0, NULL, NULL, WB_L_NONE, 0, NULL}};
#undef F

/* verdict was a required column of old datasets; a row may now leave it empty when it gives a ratio */
#define F(name) offsetof(ds_verdict_row, name)
static const ds_column cols_verdicts[] = {
    {"unit", 1, DS_UNIT, F(unit), N_("Unit code"),
     NOTE_UNIT, WB_L_UNIT, 12, NULL},
    {"term", 1, DS_TERM, F(term), N_("Term code"),
     NOTE_TERM, WB_L_TERM, 10, NULL},
    {"indicator", 1, DS_INDICATOR, F(indicator), N_("Indicator code"),
     NOTE_IND, WB_L_INDICATOR, 22, NULL},
    {"period", 0, DS_PERIOD, F(period), N_("Period"),
     NOTE_PERIOD, WB_L_NONE, 14, NULL},
    {"verdict", 0, DS_ENUM, F(verdict), N_("Verdict"),
     N_("What the report says of the target: đạt, vượt or không đạt."), WB_L_VERDICT, 12, &e_verdict},
    {"ratio", 0, DS_NUMBER, F(ratio), N_("Per cent of target"),
     N_("The attainment the report gives, in per cent (đạt 102,91% chỉ tiêu → 102,91)."), WB_L_NONE, 12, NULL},
    {"rating", 0, DS_RATING, F(rating), N_("Rating"),
     NOTE_RATING, WB_L_RATING, 28, NULL},
    {"source", 0, DS_SOURCE, F(source), N_("Source"),
     NOTE_SOURCE, WB_L_NONE, 24, NULL},
    {"locator", 0, DS_LOCATOR, F(locator), N_("Place in the source"),
     NOTE_LOCATOR, WB_L_NONE, 14, NULL},
    {"quote", 0, DS_QUOTE, F(quote), N_("Quote"),
     NOTE_QUOTE, WB_L_NONE, 40, NULL},
    {"target", 0, DS_KEY, F(target), N_("Target id"),
     N_("Optional: the Target id of the target in the sheet targets (same unit, term and indicator) that the verdict or ratio is said of. Pick it from the list."), WB_L_TARGET_ID, 14, NULL},
    {"as_of", 0, DS_DATE_END, F(as_of), N_("Figures as of"),
     N_("Optional: the day the report's figures run to (2023-06-30), for a ratio of a target still running: YYYY, YYYY-MM or YYYY-MM-DD."), WB_L_NONE, 12, NULL},
    {NULL, 0, DS_TEXT, 0, NULL, NULL, WB_L_NONE, 0, NULL}};
#undef F

#define F(name) offsetof(ds_rule_row, name)
static const ds_column cols_rules[] = {
    {"rule", 0, DS_TEXT, F(rule), N_("Rule name"),
     N_("A name shown in the messages."), WB_L_NONE, 22, NULL},
    {"left", 1, DS_EXPR, F(left), N_("Left side"),
     N_("An expression over indicator codes: + - * / and parentheses (base_orgs_committees + base_orgs_cells)."), WB_L_NONE, 30, NULL},
    {"op", 1, DS_ENUM, F(op), N_("Comparison"),
     N_("==, <=, >=, < or >."), WB_L_OP_RULE, 10, NULL},
    {"right", 1, DS_EXPR, F(right), N_("Right side"),
     N_("An expression over indicator codes, like the left side."), WB_L_NONE, 30, NULL},
    {"severity", 0, DS_ENUM, F(severity), N_("Severity"),
     N_("error (the default) or warning."), WB_L_SEVERITY, 10, NULL},
    {"missing", 0, DS_ENUM, F(missing), N_("When a figure is missing"),
     N_("skip_if_any (the default), skip_if_all or zero (a missing figure counts as 0)."), WB_L_MISSING, 14, &e_missing},
    {NULL, 0, DS_TEXT, 0, NULL, NULL, WB_L_NONE, 0, NULL}};
#undef F

#define F(name) offsetof(ds_rating_row, name)
static const ds_column cols_ratings[] = {
    {"scheme", 1, DS_KEY, F(scheme), NULL, NULL, WB_L_NONE, 0, NULL},
    {"applies_to", 1, DS_ENUM, F(applies_to), NULL, NULL, WB_L_NONE, 0, NULL},
    {"valid_from", 1, DS_NUMBER, F(valid_from), NULL, NULL, WB_L_NONE, 0, NULL},
    {"valid_to", 1, DS_NUMBER, F(valid_to), NULL, NULL, WB_L_NONE, 0, NULL},
    {"regulation", 0, DS_TEXT, F(regulation), NULL, NULL, WB_L_NONE, 0, NULL},
    {"label", 1, DS_TEXT, F(label), NULL, NULL, WB_L_NONE, 0, NULL},
    {"level", 1, DS_NUMBER, F(level), NULL, NULL, WB_L_NONE, 0, NULL},
    {"role", 0, DS_ENUM, F(role), NULL, NULL, WB_L_NONE, 0, NULL},
    {"notes", 0, DS_TEXT, F(notes), NULL, NULL, WB_L_NONE, 0, NULL},
    {NULL, 0, DS_TEXT, 0, NULL, NULL, WB_L_NONE, 0, NULL}};
#undef F

/* sources.csv: the documents the other files name in their source column (optional) */
#define F(name) offsetof(ds_source_row, name)
static const ds_column cols_sources[] = {
    {"source", 1, DS_TEXT, F(source), N_("Source"),
     N_("The source exactly as the other sheets write it in their Source column (a file name or a web address)."), WB_L_NONE, 24, NULL},
    {"title", 1, DS_TEXT, F(title), N_("Title"),
     N_("The title as the document names itself, copied exactly (with Place and Quote below). A document without a title line: a short description, and say so in Title note."), WB_L_NONE, 50, NULL},
    {"short_title", 0, DS_TEXT, F(short_title), N_("Short title"),
     N_("Optional: a few words shown in table cells instead of the whole title (Báo cáo sơ kết 03 năm thực hiện Kết luận 01-KL/TW)."), WB_L_NONE, 28, NULL},
    {"title_note", 0, DS_TEXT, F(title_note), N_("Title note"),
     N_("When the title is not the document's own words: why, and what the document is."), WB_L_NONE, 30, NULL},
    {"publisher", 0, DS_TEXT, F(publisher), N_("Issued by"),
     N_("Optional: the body that issued or published the document."), WB_L_NONE, 28, NULL},
    {"date", 0, DS_TEXT, F(date), N_("Date"),
     N_("Optional: the date of the document as known (2024, 03/2024, 2024-03-11)."), WB_L_NONE, 12, NULL},
    {"address", 0, DS_TEXT, F(address), N_("Web address"),
     N_("Optional: where the document can be read (https://…)."), WB_L_NONE, 30, NULL},
    {"locator", 0, DS_LOCATOR, F(locator), N_("Place in the source"),
     N_("The place of the title in the document (lines 3-7)."), WB_L_NONE, 14, NULL},
    {"quote", 0, DS_QUOTE, F(quote), N_("Quote"),
     N_("The title's words as the document writes them, copied exactly; empty when the title is a description."), WB_L_NONE, 40, NULL},
    {NULL, 0, DS_TEXT, 0, NULL, NULL, WB_L_NONE, 0, NULL}};
#undef F

/* The kinds in the order of the template's sheets, then the built-in registries. */
static const ds_kind kinds[] = {
    {DS_K_UNITS, "units.csv", "units", N_("the organisation tree: one row per unit"), cols_units, 0, 1},
    {DS_K_TERMS, "terms.csv", "terms", N_("congress terms: one row per term of a unit (required)"), cols_terms,
     DS_KF_REQUIRED, 2},
    {DS_K_INDICATORS, "indicators.csv", "indicators", N_("indicators of your own, besides the built-in ones"),
     cols_inds, 0, 0},
    {DS_K_OBS, "observations.csv", "observations",
     N_("the figures: one row per figure as the document writes it (required)"), cols_obs,
     DS_KF_REQUIRED | DS_KF_SOURCES, 3},
    {DS_K_TARGETS, "targets.csv", "targets", N_("congress targets (chỉ tiêu Nghị quyết Đại hội)"), cols_targets,
     DS_KF_SOURCES, 4},
    {DS_K_ILLUS, "illustrative-targets.csv", "illustrative-targets",
     N_("targets that are only examples (the report labels them illustrative)"), cols_targets, DS_KF_ILLUSTRATIVE,
     5},
    {DS_K_VERDICTS, "verdicts.csv", "verdicts", N_("what a report itself says of a target"), cols_verdicts,
     DS_KF_SOURCES, 6},
    {DS_K_RULES, "rules.csv", "rules", N_("arithmetic the figures must satisfy"), cols_rules, 0, 7},
    {DS_K_SOURCES, "sources.csv", "sources",
     N_("the source documents: one row per document named in a Source column, with its title"), cols_sources, 0, 8},
    {DS_K_REG_IND, "registry/indicators.csv", NULL, NULL, cols_inds, DS_KF_REGISTRY, -2},
    {DS_K_REG_RATINGS, "registry/rating-schemes.csv", NULL, NULL, cols_ratings, DS_KF_REGISTRY, -1},
};

const ds_kind *ds_kinds(size_t *n)
{
    *n = CHISO_ARRAY_LEN(kinds);
    return kinds;
}

const ds_kind *ds_kind_of(ds_kind_id id)
{
    for (size_t i = 0; i < CHISO_ARRAY_LEN(kinds); i++)
        if (kinds[i].id == id)
            return &kinds[i];
    return NULL;
}

size_t ds_kind_ncols(const ds_kind *k)
{
    size_t n = 0;
    while (k->cols[n].code)
        n++;
    return n;
}

const char *const *ds_list_words(wb_list l)
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
    static const char *const yesno[] = {"có", "không", "yes", "no", NULL};
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
    case WB_L_YESNO: return yesno;
    default: return NULL;
    }
}


/* ---- the names of the public enums: the words of their lists above ------------------------------ */

const char *chiso_basis_name(chiso_basis b)
{
    return b == CHISO_BASIS_NONE ? "" : (unsigned)b - 1 < CHISO_ARRAY_LEN(w_basis) - 1 ? w_basis[b - 1] : "?";
}

const char *chiso_kind_name(chiso_kind k)
{
    return (unsigned)k < CHISO_ARRAY_LEN(w_kind) - 1 ? w_kind[k] : "?";
}

const char *chiso_category_name(chiso_category c)
{
    return (unsigned)c < CHISO_ARRAY_LEN(w_category) - 1 ? w_category[c] : "?";
}

/* report/phrase.h — the report's words (internal to report/): intervals as a clerk writes them,
 * changes between terms, verdicts and statuses, locators, series names. Every function writes in the
 * current language (chiso_get_lang) through the catalogue, appends to a chiso_buf (no fixed-size
 * buffer: Vietnamese is longer in UTF-8) and may be called from any writer of report/ (md, html,
 * xlsx, docx, fill). The rules they follow are written down in docs/style-vi.md. */
#ifndef CHISO_REPORT_PHRASE_H
#define CHISO_REPORT_PHRASE_H

#include "chiso/analysis.h"
#include "chiso/ingest.h"
#include "ingest/util.h"

/* An interval in words: "64,5%", "trên 90%", "từ 90% đến 95%", "dưới 5", "không quá 5", "từ 3 trở
 * lên"; "chưa rõ" for [0; +inf). pct adds a % sign to every number. Shares whose upper end is 100 are
 * written by their lower end alone ("trên 90%"). */
void rp_interval(chiso_buf *b, chiso_interval iv, int decimals, int pct);
/* The same as a new string (NULL when out of memory). */
char *rp_interval_str(chiso_interval iv, int decimals, int pct);

/* Two intervals written with enough decimals (from `decimals` up to 4) that they read differently
 * when they differ; *a and *b are new strings. Returns 1 when they still read the same. */
int rp_interval_pair(chiso_interval x, chiso_interval y, int decimals, int pct, char **a, char **b);

/* A locator or a list of sources in the reader's words: "000_x.txt lines 130-132; … line 4" becomes
 * "000_x.txt dòng 130–132; … dòng 4" in Vietnamese (ranges with an en dash in both languages); an
 * ISO date 2020-08-03 in the text becomes 03/08/2020 in Vietnamese. Repeated parts are named once. */
void rp_locator(chiso_buf *b, const char *text);
/* text with every source id that the dataset's sources.csv titles replaced by that title (its short title
 * when short is set; a title the dataset describes rather than quotes in square brackets), and a comma
 * before what follows it ("004_….txt dòng 12" → "Báo cáo sơ kết …, dòng 12"). Returns 1 when it replaced
 * anything (b then holds the new text), 0 otherwise (b untouched). */
int rp_source_titles(chiso_buf *b, const chiso_dataset *ds, const char *text, int short_title);
/* The words a report names source i of sources.csv by: its title (bracketed when described), or short title. */
void rp_source_name(chiso_buf *b, const chiso_source_info *s, int short_title);

/* The name of a rating level k in the scheme in force: "hoàn thành tốt nhiệm vụ". scheme may be NULL
 * (then the scheme of `year` for organisations or members). NULL when the registry has no such level. */
const char *rp_level_name(const chiso_dataset *ds, const char *scheme, int member, int year, int level);

/* A series' name: the indicator, and for ratings "(hoàn thành tốt nhiệm vụ trở lên)" or the rating. */
void rp_series_name(chiso_buf *b, const chiso_dataset *ds, const chiso_compare_row *r);

/* The sentence saying how series row `last` compares with `prev` (its term before), chosen from the
 * interval logic: rose/fell with the two figures, "không đổi" when equal, "cannot be told" naming the
 * inexact figure(s); never "from X to X". The partial-term note only for flows compared per year. */
void rp_change_sentence(chiso_buf *b, const chiso_dataset *ds, const chiso_compare_row *prev,
                        const chiso_compare_row *last);

/* 1 when a flow row of a term covered in part may be shown per year and projected: enough coverage
 * (chiso_projection_supported) and not an irregular indicator. */
int rp_flow_has_pace(const chiso_dataset *ds, const chiso_compare_row *r);

/* The words of a target's basis: "mỗi năm", "cả nhiệm kỳ", "bình quân hằng năm", "cuối nhiệm kỳ". */
const char *rp_basis_words(chiso_basis b);

/* When a target is to be met, in words: its basis ("cả nhiệm kỳ", "cuối nhiệm kỳ") for a target of the
 * term; for a target of a year or span inside the term (a plan target) the period itself: "trong năm
 * 2017", "cuối năm 2018", "trong các năm 2016–2018", "hằng năm, 2016–2018", "ngày 30/06/2018",
 * "từ 01/07/2016 đến 30/06/2018" — never "cuối nhiệm kỳ" for the end of a year inside the term. */
void rp_target_when(chiso_buf *b, const chiso_target_info *t, chiso_basis basis);

/* One status for an attainment row, ordered best to worst (docs/style-vi.md):
 * 0 đã đạt, 1 có khả năng đạt, 2 có nguy cơ không đạt, 3 khó đạt, 4 không đạt (already failed, or a
 * finished term not met), 5 chưa xác định được, 6 chưa có số liệu. */
enum { RP_ST_MET, RP_ST_ON_TRACK, RP_ST_AT_RISK, RP_ST_OFF_TRACK, RP_ST_NOT_MET, RP_ST_INDETERMINATE,
       RP_ST_NO_DATA, RP_ST_COUNT };
int rp_status(const chiso_attain_row *r);
const char *rp_status_words(int status);

/* Append lead, then s wrapped on spaces into lines of at most width characters (the lead counts on
 * the first line; the next lines start with indent spaces), each line ended by a newline. A word
 * longer than a line is cut. For the terminal, where a table is too wide (chiso_table_to_records). */
void rp_wrap(chiso_buf *b, const char *lead, const char *s, size_t width, size_t indent);

/* A date as the language writes it: "31/12/2024" in Vietnamese, "2024-12-31" in English. */
void rp_date(chiso_buf *b, int32_t day);
char *rp_date_str(int32_t day); /* a new string, NULL when out of memory */

/* A dataset file named relative to its dataset: "illustrative-targets.csv" for
 * "/home/…/datasets/haiphong/illustrative-targets.csv" (the path of the user's machine never goes
 * into a shared document). Returns a pointer into path. */
const char *rp_dataset_file(const chiso_dataset *ds, const char *path);
/* A place in a dataset file, named within the dataset: "illustrative-targets.csv, dòng 4", or for a
 * workbook its sheet and cell "so-lieu.xlsx:targets!A4" (chiso_place_format's form, without the folder). */
void rp_place(chiso_buf *b, const chiso_dataset *ds, const char *file, long line);
/* Where a target is written, for the source column of the targets' table. In Vietnamese the
 * dataset's target files are named in words, "bảng chỉ tiêu minh họa, dòng 5" (illustrative-targets.csv)
 * and "bảng chỉ tiêu, dòng 5" (targets.csv), so that no English word reaches the reader; in English,
 * and for any other file, "target: illustrative-targets.csv line 5". A workbook keeps its sheet and
 * cell ("chỉ tiêu: so-lieu.xlsx:targets!A5"), the names the reader sees in it. */
void rp_target_place(chiso_buf *b, const chiso_dataset *ds, const char *file, long line);
/* The dataset's file of targets in the reader's words: "bảng chỉ tiêu minh họa" for
 * illustrative-targets.csv in Vietnamese, the file's name within the dataset in English. */
const char *rp_target_file_words(const chiso_dataset *ds, const char *file);
/* The dataset's own name: the last component of its folder ("haiphong"). */
const char *rp_dataset_name(const chiso_dataset *ds);

#endif

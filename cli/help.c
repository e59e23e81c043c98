/* cli/help.c — `chiso <command> --help`. Each text is one translatable message. */
#include "cli/cli.h"

#include <string.h>

static const struct {
    const char *cmd;
    const char *text;
} helps[] = {
    {"check", N_("usage: chiso check [DATASET] [options]\n"
                 "\n"
                 "Read a dataset folder (see datasets/FORMAT.md) and report every problem with its place,\n"
                 "FILE:LINE:COL, as a compiler does. Without DATASET the built-in default dataset is checked.\n"
                 "\n"
                 "options:\n"
                 "  --encoding E     the files are in E: utf-8 (default), cp1258 or tcvn (TCVN3)\n"
                 "  --near D         width of 'gần v' as a fraction of v (default 0.10)\n"
                 "  --about E        half-width of 'khoảng v' as a fraction of v (default 0.05)\n"
                 "  --illustrative   also check illustrative-targets.csv\n"
                 "  -q, --quiet      show errors only, not warnings\n"
                 "  --lang vi|en     language of the messages (Vietnamese by default)\n"
                 "\n"
                 "exit codes: 0 no errors (warnings allowed), 1 the data has errors, 2 usage error,\n"
                 "3 I/O error\n")},
    {"normalize", N_("usage: chiso normalize [DATASET] [options]\n"
                     "\n"
                     "One row per unit, term, indicator, basis and rating level: the term value as an\n"
                     "interval, the years the figures cover, the annual rate and the projection at the same\n"
                     "pace for flows covered in part, the rate per 100 members per year, and the flags that\n"
                     "say how the row was made (partial, split, nested, inexact, crosswalk …).\n"
                     "\n"
                     "options:\n"
                     "  --format csv|json   output format (default csv)\n"
                     "  -o FILE             write to FILE (atomically) instead of standard output\n"
                     "  --as-of DATE        keep only figures whose period ends on or before DATE\n"
                     "  --unit U            only unit U\n"
                     "  --indicator I       only indicator I (may be repeated)\n"
                     "  --encoding, --near, --about, --lang   as for chiso check\n")},
    {"compare", N_("usage: chiso compare [DATASET] [--unit U] [--indicator I ...] [options]\n"
                   "\n"
                   "For each indicator and term: the normalised value as an interval (annual rate for\n"
                   "flows, share for rates, level for stocks), the change from the previous term in\n"
                   "absolute and relative terms, and a flag for terms covered only in part (with the\n"
                   "projected value beside the reported one).\n"
                   "\n"
                   "options:\n"
                   "  --format table|csv|json   output format (default table)\n"
                   "  -o FILE                   write to FILE instead of standard output\n"
                   "  --as-of DATE              keep only figures known by DATE\n")},
    /* xgettext:no-c-format */
    {"trend", N_("usage: chiso trend [DATASET] --unit U --indicator I [--by term|year] [options]\n"
                 "\n"
                 "OLS and WLS with 95% t intervals, Mann-Kendall (exact for n <= 10) with Kendall's tau-b,\n"
                 "Sen's slope with its 95% interval, the compound annual growth rate, and for counts of\n"
                 "events with membership known a Poisson rate trend (rate ratio per term or year).\n"
                 "\n"
                 "options:\n"
                 "  --by term|year            one point per term (default) or per year\n"
                 "  --rating LEVEL            for rating indicators: the level k of 'at or above k'\n"
                 "  --format table|csv|json   output format (default table)\n"
                 "  -o FILE                   write to FILE instead of standard output\n")},
    /* xgettext:no-c-format */
    {"plan", N_("usage: chiso plan [DATASET] --unit U [--term T | --start DATE --end DATE] [options]\n"
                "\n"
                "For every indicator of unit U with enough history (two earlier terms for counts, three\n"
                "for shares): the likely value over the planned period with 80% and 95% intervals, and\n"
                "candidate targets with the probability of reaching each (\"≥ 1.000: 62%\"). Counts use a\n"
                "gamma-Poisson (negative binomial) model learnt from the unit's earlier terms; shares a\n"
                "beta fitted to the earlier terms' values (the probability is for one year).\n"
                "\n"
                "options:\n"
                "  --term T                  plan term T of terms.csv\n"
                "  --start DATE --end DATE   plan this period instead (default: the five years after\n"
                "                            the unit's latest term)\n"
                "  --indicator I             only indicator I (may be repeated)\n"
                "  --as-of DATE              use only figures known by DATE\n"
                "  --format table|csv|json   output format (default table)\n"
                "  -o FILE                   write to FILE instead of standard output\n")},
    /* xgettext:no-c-format */
    {"attain", N_("usage: chiso attain [DATASET] [--term T] [--as-of DATE] [options]\n"
                  "\n"
                  "For every target of targets.csv: the verdict MET / NOT_MET / INDETERMINATE / NO_DATA of\n"
                  "a finished term with the reason in words, or for a running term the value to date, the\n"
                  "pace, the projected end-of-term value with 80% and 95% intervals, the probability of\n"
                  "meeting the target and a status ACHIEVED / ON_TRACK / AT_RISK / OFF_TRACK / NO_DATA.\n"
                  "\n"
                  "options:\n"
                  "  --term T                  only term T\n"
                  "  --as-of DATE              judge as of DATE (default: all figures)\n"
                  "  --illustrative            also judge the illustrative targets\n"
                  "  --on-track P              probability for ON_TRACK (default 0.8)\n"
                  "  --at-risk P               probability for AT_RISK (default 0.2)\n"
                  "  --format table|csv|json   output format (default table)\n"
                  "  -o FILE                   write to FILE instead of standard output\n")},
    {"chart", N_("usage: chiso chart [DATASET] --kind K [--unit U] [--indicator I ...] -o FILE [options]\n"
                 "\n"
                 "Draw a chart of the dataset. The format follows the extension of FILE: .png, .svg or\n"
                 ".pdf. Labels are in the language of --lang (Vietnamese by default).\n"
                 "\n"
                 "kinds:\n"
                 "  compare     a bar per term (grouped when several indicators are measured alike)\n"
                 "  trend       the figures, the fitted line with its 95% band, slopes and Mann-Kendall\n"
                 "  attain      one row per congress target: actual, target, projection, verdict\n"
                 "  ratings     rating levels per term, 100% stacked, after the crosswalk of schemes\n"
                 "  dashboard   the key series of one unit on one page\n"
                 "\n"
                 "options:\n"
                 "  --unit U                     the unit (default: the first)\n"
                 "  --indicator I                an indicator (repeat for grouped bars)\n"
                 "  --rating N                   rating level N or better (compare, trend)\n"
                 "  --per term|year|100members   flows as term totals, annual rates (default) or per\n"
                 "                               100 members a year\n"
                 "  --by term|year               trend and ratings by term (default) or by year\n"
                 "  --size WxH                   size in pixels (PNG, SVG) or points (PDF); default\n"
                 "                               1200x750, A4 for PDF\n"
                 "  --dpi N                      resolution of PNG output (default 96)\n"
                 "  --as-of DATE                 only figures up to DATE\n"
                 "  --illustrative               also the illustrative targets (attain)\n"
                 "  --title TEXT                 a title of your own\n"
                 "  -o FILE                      the chart file (required)\n"
                 "\n"
                 "exit codes: 0 drawn, 1 nothing to draw or the data has errors, 2 usage error,\n"
                 "3 the file cannot be written or plplot failed (no file is left behind)\n")},
    {"report", N_("usage: chiso report [DATASET] [-o DIR] [--as-of DATE] [--format md,html,xlsx,csv]\n"
                  "                    [--unit CODE[,CODE...]] [--depth N]\n"
                  "\n"
                  "Write everything for a congress report or a planning document into DIR (default\n"
                  "./chiso-report/): report.md, report.html, report.xlsx, tables/*.csv and charts/.\n"
                  "Without DATASET the built-in default dataset is used.\n"
                  "\n"
                  "options:\n"
                  "  -o DIR          the output folder: a new or empty one, or one chiso wrote (it is\n"
                  "                  marked .chiso-output) holding nothing else; chiso never replaces a\n"
                  "                  folder of yours, nor writes into the dataset\n"
                  "  --force         accepted for old scripts; it changes none of the above\n"
                  "  --format LIST   which outputs, comma-separated (default md,html,xlsx,csv)\n"
                  "  --as-of DATE    the date the report is made for\n"
                  "  --unit LIST     the units the report is about, comma-separated codes of units.csv\n"
                  "                  (default: the top units)\n"
                  "  --depth N       levels of units below them that get their own section (default 1;\n"
                  "                  0: none; -1: all)\n")},
    {"aggregate", N_("usage: chiso aggregate EVENTS.csv --units units.csv [--terms terms.csv] [--by year|term]\n"
                     "                       [-o observations.csv] [options]\n"
                     "\n"
                     "Count a record-level export of the party-member registry (one row per member event,\n"
                     "columns member,unit,date,event,detail and optionally scheme; see datasets/FORMAT.md)\n"
                     "per unit and period, rolled up through the unit tree of units.csv, and write\n"
                     "observations in the dataset format: admissions, confirmations, transfers, removals,\n"
                     "deaths, discipline by form and in total, and per rating year the members rated with\n"
                     "the count and share of each level. Every unit and every ancestor gets rows.\n"
                     "\n"
                     "Rows that cannot be counted (unknown unit or event, bad date, date outside every term,\n"
                     "bad rating label or form of discipline, missing member id, wrong number of fields, the\n"
                     "same member event twice in the member's run) are counted per reason; the first few are\n"
                     "shown as FILE:LINE:COL errors. The observations of all other rows are still written,\n"
                     "and the exit code is then 1.\n"
                     "\n"
                     "options:\n"
                     "  --units FILE          units.csv: the unit tree (required)\n"
                     "  --terms FILE          terms.csv: the terms (required with --by term)\n"
                     "  --by year|term        periods: calendar years (default) or terms; a unit without\n"
                     "                        terms of its own uses those of its nearest ancestor\n"
                     "  --until YYYY-MM-DD    the day the export was taken: the running term or year ends\n"
                     "                        there and later rows are rejected (default: the day of the\n"
                     "                        latest event in the export)\n"
                     "  -o, --output FILE     write to FILE (atomically); standard output when absent or -\n"
                     "  --threads 1|2|auto    read on one or two threads (default auto: two when two CPUs\n"
                     "                        are online and the file holds at least 8 MiB)\n"
                     "  --parser fast|libcsv  the CSV reader; libcsv reads every record with the reference\n"
                     "                        reader (or set CHISO_AGGREGATE_PARSER=libcsv)\n"
                     "  --show N              rejected rows shown per reason (default 5)\n"
                     "  -q, --quiet           no progress line (it is shown only on a terminal anyway)\n"
                     "\n"
                     "exit codes: 0 every row counted, 1 rows were rejected (the observations are written)\n"
                     "or units.csv, terms.csv or the export has errors, 2 usage error, 3 I/O error\n")},
    {"list", N_("usage: chiso list [DATASET] [units|terms|indicators|ratings] [--all]\n"
                "\n"
                "Show the codes a dataset has, to give to --unit, --term, --indicator and --rating: its\n"
                "units (code, name, the unit above), terms (unit, code, name, dates), indicators (code,\n"
                "name, figures and targets in the dataset) and rating levels (scheme, members or\n"
                "organisations, years in force, level 1-4, label). Without a list name, all four. Without\n"
                "DATASET the built-in default dataset is used.\n"
                "\n"
                "options:\n"
                "  --all            also the indicators of the registry without a figure in the dataset\n"
                "  --encoding E     the files are in E: utf-8 (default), cp1258 or tcvn (TCVN3)\n"
                "  --illustrative   also read illustrative-targets.csv\n")},
    {"help", N_("usage: chiso help [COMMAND]\n"
                "\n"
                "Without COMMAND: the commands of chiso. With it: what 'chiso COMMAND --help' shows.\n")},
};

const char *cli_help_text(const char *cmd)
{
    for (size_t i = 0; i < CHISO_ARRAY_LEN(helps); i++)
        if (strcmp(helps[i].cmd, cmd) == 0)
            return helps[i].text;
    return NULL;
}

int cli_help(const char *cmd)
{
    for (size_t i = 0; i < CHISO_ARRAY_LEN(helps); i++)
        if (strcmp(helps[i].cmd, cmd) == 0) {
            fputs(_(helps[i].text), stdout);
            return EXIT_OK;
        }
    printf("chiso %s\n", cmd);
    return EXIT_OK;
}

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
                 "kinds: compare, trend, attain, ratings, dashboard. The format follows the extension of\n"
                 "FILE: .png, .svg or .pdf.\n"
                 "\n"
                 "options:\n"
                 "  --per term|year|100members   flows as term totals, annual rates or per 100 members\n"
                 "  --size WxH                   size in pixels (PNG, SVG) or points (PDF)\n"
                 "  --dpi N                      resolution of PNG output\n"
                 "  --lang vi|en                 language of the labels (Vietnamese by default)\n")},
    {"report", N_("usage: chiso report [DATASET] [-o DIR] [--as-of DATE] [--format md,html,xlsx,csv]\n"
                  "\n"
                  "Write everything for a congress report or a planning document into DIR (default\n"
                  "./chiso-report/): report.md, report.html, report.xlsx, tables/*.csv and charts/.\n"
                  "Without DATASET the built-in default dataset is used.\n"
                  "\n"
                  "options:\n"
                  "  -o DIR          the output folder; an existing folder must be empty or hold an\n"
                  "                  earlier chiso report\n"
                  "  --force         write into a non-empty folder anyway\n"
                  "  --format LIST   which outputs, comma-separated (default md,html,xlsx,csv)\n"
                  "  --as-of DATE    the date the report is made for\n")},
    {"aggregate", N_("usage: chiso aggregate EVENTS.csv --units units.csv --terms terms.csv [--by year|term]\n"
                     "                       -o observations.csv\n"
                     "\n"
                     "Count a record-level export (one row per member event) per unit and period, rolled up\n"
                     "through the unit tree, and write observations in the dataset format.\n")},
    {"help", N_("usage: chiso help [COMMAND]\n")},
};

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

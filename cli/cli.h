/* cli/cli.h — what the subcommands of the chiso command share (never installed). */
#ifndef CHISO_CLI_H
#define CHISO_CLI_H

#include <stdio.h>
#include "chiso/common.h"
#include "chiso/ingest.h"
#include "ingest/util.h"

/* Exit codes (documented in README.md and chiso.1). */
enum {
    EXIT_OK = 0,       /* success */
    EXIT_DATA = 1,     /* the data has errors */
    EXIT_USAGE = 2,    /* wrong arguments */
    EXIT_IO = 3        /* a file cannot be read or written, or an internal error */
};

typedef struct cli_cmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;   /* one line, translated when shown */
} cli_cmd;

/* Options every command that reads a dataset takes. */
typedef struct cli_dataset_opts {
    const char *path;      /* NULL: the embedded default dataset */
    chiso_load_opts load;
    int has_as_of;
    chiso_date as_of;
} cli_dataset_opts;

/* Print a usage error ("chiso CMD: message" + hint) and return EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Print an error record compiler-style and return the exit code that fits its status. */
int cli_fail(const chiso_error *err);
/* The exit code for a status. */
int cli_exit_for(chiso_status st);

/* Print diagnostics to stderr compiler-style (sorted); returns the number of errors. */
size_t cli_print_diags(chiso_diags *d, int show_warnings);

/* Load the dataset (path or the embedded default). Prints load errors. On success returns EXIT_OK and
 * *ds; data errors are left in diags for the caller. */
int cli_load(const cli_dataset_opts *o, chiso_diags *diags, chiso_dataset **ds);

/* Parse the shared options (--encoding, --near, --about, --as-of, --illustrative): returns 1 when
 * argv[*i] was one of them (advancing *i past its value), 0 when not, -1 on a bad value (printed). */
int cli_dataset_option(const char *cmd, int argc, char **argv, int *i, cli_dataset_opts *o);

/* The options every command that reads a dataset takes first: --help (-h), the shared dataset options
 * (cli_dataset_option) and, when out is not NULL, -o/--output FILE (into *out). Returns 1 when argv[*i]
 * was one of them (*i moved past its value), 0 when not, and -1 when the command ends here with the
 * exit code *code: EXIT_OK after the help, EXIT_USAGE after a usage error (printed). */
int cli_common_option(const char *cmd, int argc, char **argv, int *i, cli_dataset_opts *o, const char **out,
                      int *code);

/* Write text to path atomically, or to stdout when path is NULL or "-". Returns an exit code. */
int cli_write_output(const char *path, const char *text);

/* Refuse an output (-o) that resolves to an input, lies in an input folder or holds an input
 * (chiso_output_guard): prints the error and returns EXIT_USAGE; EXIT_OK when out may be written. */
int cli_check_output(const char *out, const char *const *inputs, size_t n);

/* Is argv[i] "--name" or "--name=value"? Sets *value (NULL when none given inline). */
int cli_opt(const char *arg, const char *name, const char **value);
/* Value of an option given as "--name value" or "--name=value"; NULL (and a usage error printed)
 * when it is missing. */
const char *cli_opt_value(const char *cmd, int argc, char **argv, int *i, const char *inline_value);

/* Help text of a command: prints usage to stdout and returns EXIT_OK. */
int cli_help(const char *cmd);

/* The English help text of a command (untranslated; NULL when there is none). */
const char *cli_help_text(const char *cmd);

/* ---- did you mean …? (cli/suggest.c) ---- */
/* s folded for comparison: accents and marks stripped, case folded, 'đ' as 'd'. Caller frees. */
char *cli_fold(const char *s);
/* Damerau–Levenshtein distance (adjacent swaps count one) between two UTF-8 strings, in code points. */
size_t cli_distance(const char *a, const char *b);
/* The candidate closest to word (folded: accents and case do not count), or NULL when none is close
 * enough: the same folded word, an edit distance of 1 (words of 1–3 letters), 2 (4–6) or 3, or a
 * start of 3 letters or more. */
const char *cli_suggest(const char *word, const char *const *cands, size_t n);
/* Print "did you mean 'S'?" to stderr when s is not NULL. */
void cli_did_you_mean(const char *s);
/* Print "unknown option" with the closest option of the command's help, and return EXIT_USAGE. */
int cli_unknown_option(const char *cmd, const char *opt);
/* The code of the unit or indicator of ds closest to word (by code, or by name: "ket nap"), or NULL. */
const char *cli_suggest_unit(const chiso_dataset *ds, const char *word);
const char *cli_suggest_indicator(const chiso_dataset *ds, const char *word);
/* The code of the term of ds closest to word (by code or label: "nhiem ky VI" finds VI), or NULL. */
const char *cli_suggest_term(const chiso_dataset *ds, const char *word);
/* Columns the first n bytes of UTF-8 text take on a terminal (utf8proc_charwidth: marks take none). */
size_t cli_display_width(const char *s, size_t n);
/* Lines "label\x1fvalue" of text padded so that the values start in one column, by display width
 * (Vietnamese labels are longer in bytes than in columns). Takes and frees text; returns a new string. */
char *cli_align_labels(char *text);

extern const cli_cmd cli_commands[];
extern const size_t cli_n_commands;

/* The subcommands. */
int cmd_template(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_normalize(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_attain(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_chart(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_fill(int argc, char **argv);
int cmd_aggregate(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif

/*
 * cli/main.c — the chiso command: a table of subcommands over the library (after git's git.c).
 *
 *   chiso [--lang vi|en] <command> [options]
 *
 * Exit codes: 0 success, 1 the data has errors, 2 usage error, 3 I/O or internal error.
 */
#include "cli/cli.h"
#include "chiso/stats.h"

#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmd_help(int argc, char **argv);

const cli_cmd cli_commands[] = {
    {"template", cmd_template, N_("write an Excel workbook to type a dataset in (drop-down lists, notes)")},
    {"check", cmd_check, N_("check a dataset and report every problem with its place")},
    {"list", cmd_list, N_("the codes and names of units, terms, indicators and rating levels")},
    {"normalize", cmd_normalize, N_("one comparable figure per unit, term and indicator")},
    {"aggregate", cmd_aggregate, N_("turn a record-level export of events into observations")},
    {"compare", cmd_compare, N_("term-over-term comparison with changes as intervals")},
    {"trend", cmd_trend, N_("trend of one indicator: OLS/WLS, Mann-Kendall, Sen's slope, rate ratio")},
    {"attain", cmd_attain, N_("were the congress targets met, or will they be")},
    {"plan", cmd_plan, N_("the next term: likely values and candidate targets with their probabilities")},
    {"chart", cmd_chart, N_("draw a chart (PNG, SVG or PDF)")},
    {"report", cmd_report, N_("write the whole report for planning documents (the main job)")},
    {"fill", cmd_fill, N_("fill a committee's own draft (Markdown or Word) with the figures it names")},
    {"serve", cmd_serve, N_("a web page for the office: upload, check, results and downloads")},
    {"help", cmd_help, N_("show help for chiso or for one command")},
};
const size_t cli_n_commands = CHISO_ARRAY_LEN(cli_commands);

static void print_overview(FILE *f)
{
    fprintf(f, "%s\n\n", _("chiso — figures of party congress terms made comparable and checkable"));
    fprintf(f, "%s\n", _("usage: chiso [--lang vi|en] <command> [options]"));
    fprintf(f, "       chiso --version\n\n%s\n", _("commands:"));
    for (size_t i = 0; i < cli_n_commands; i++)
        fprintf(f, "  %-10s %s\n", cli_commands[i].name, _(cli_commands[i].summary));
    fprintf(f, "\n%s\n", _("'chiso <command> --help' describes a command. Without a DATASET folder, commands "
                           "use the built-in default dataset (datasets/haiphong)."));
    fprintf(f, "%s\n", _("exit codes: 0 success, 1 the data has errors, 2 usage error, 3 I/O or internal "
                         "error"));
}

/* The closest command name to word, or NULL. */
static const char *suggest_command(const char *word)
{
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < cli_n_commands && n < CHISO_ARRAY_LEN(names); i++)
        names[n++] = cli_commands[i].name;
    return cli_suggest(word, names, n);
}

static int cmd_help(int argc, char **argv)
{
    if (argc >= 2) {
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
            return cli_help("help");
        for (size_t i = 0; i < cli_n_commands; i++)
            if (strcmp(argv[1], cli_commands[i].name) == 0)
                return cli_help(argv[1]);
        fprintf(stderr, "chiso help: %s: ", _("error"));
        fprintf(stderr, _("unknown command '%s'"), argv[1]);
        fputc('\n', stderr);
        cli_did_you_mean(suggest_command(argv[1]));
        fprintf(stderr, "%s\n", _("'chiso help' lists the commands"));
        return EXIT_USAGE;
    }
    print_overview(stdout);
    return EXIT_OK;
}

/* The message catalogue next to the program: <exe>/locale (build tree), <exe>/../share/locale
 * (installed), or the directory chosen at build time. */
static const char *find_localedir(char *buf, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *dir = dirname(exe);
        const char *cands[] = {"%s/locale", "%s/../share/locale"};
        for (size_t i = 0; i < CHISO_ARRAY_LEN(cands); i++) {
            char mo[PATH_MAX + 64];
            snprintf(buf, size, cands[i], dir);
            snprintf(mo, sizeof mo, "%s/vi/LC_MESSAGES/chiso.mo", buf);
            struct stat sb;
            if (stat(mo, &sb) == 0)
                return buf;
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    /* beyond a file size limit (ulimit -f) write() must fail with EFBIG, so that the output is
     * refused with a message and its temporary file removed, rather than the process killed */
    signal(SIGXFSZ, SIG_IGN);
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C"); /* numbers are read and written by chiso itself */
    chiso_stats_init();

    /* the command line, named in the marker of a folder chiso writes */
    {
        chiso_buf cmdline;
        chiso_buf_init(&cmdline);
        chiso_buf_puts(&cmdline, "chiso");
        for (int i = 1; i < argc; i++) {
            int plain = argv[i][0] && !strpbrk(argv[i], " \t\n'\"\\$`*?[]();&|<>");
            chiso_buf_puts(&cmdline, " ");
            if (plain) {
                chiso_buf_puts(&cmdline, argv[i]);
                continue;
            }
            chiso_buf_puts(&cmdline, "'");
            for (const char *p = argv[i]; *p; p++)
                chiso_buf_puts(&cmdline, *p == '\'' ? "'\\''" : *p == '\n' ? " " : (char[]){*p, 0});
            chiso_buf_puts(&cmdline, "'");
        }
        char *text = chiso_buf_take(&cmdline);
        chiso_output_set_command(text);
        free(text);
    }
    /* --lang may come anywhere; CHISO_LANG sets the default; Vietnamese otherwise */
    chiso_lang lang = CHISO_LANG_VI;
    const char *env = getenv("CHISO_LANG");
    int bad_lang = 0;
    const char *bad_value = NULL;
    if (env && *env && chiso_lang_parse(env, &lang) != CHISO_OK) {
        bad_lang = 1;
        bad_value = env;
    }
    int w = 1;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--") == 0) {
            for (; i < argc; i++)
                argv[w++] = argv[i];
            break;
        }
        if (cli_opt(argv[i], "--lang", &v)) {
            if (!v) {
                if (i + 1 >= argc) {
                    bad_lang = 1;
                    bad_value = "";
                    continue;
                }
                v = argv[++i];
            }
            if (chiso_lang_parse(v, &lang) != CHISO_OK) {
                bad_lang = 1;
                bad_value = v;
            }
            continue;
        }
        argv[w++] = argv[i];
    }
    argc = w;
    argv[argc] = NULL;
    /* codes and names typed with combining accents or a pasted zero-width space read as in the data
     * (NFC); an argument that names an existing file as written is left as it is (file names are bytes) */
    for (int i = 1; i < argc; i++) {
        struct stat st_arg;
        if (stat(argv[i], &st_arg) == 0)
            continue;
        char *norm = chiso_text_normalize(argv[i]);
        if (norm && strcmp(norm, argv[i]) != 0)
            argv[i] = norm; /* lives as long as the process */
        else
            free(norm);
    }
    char dirbuf[PATH_MAX];
    chiso_set_lang(lang, find_localedir(dirbuf, sizeof dirbuf));
    if (bad_lang && !*bad_value) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("--lang needs a language: --lang vi or --lang en"));
        return EXIT_USAGE;
    }
    if (bad_lang) {
        fprintf(stderr, "chiso: %s: %s '%s': %s\n", _("error"), _("unknown language"), bad_value, _("use --lang vi or --lang en"));
        return EXIT_USAGE;
    }
    if (argc < 2) {
        print_overview(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("chiso %s\n", CHISO_VERSION);
        return EXIT_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        print_overview(stdout);
        return EXIT_OK;
    }
    int rc = -1;
    for (size_t i = 0; i < cli_n_commands; i++)
        if (strcmp(name, cli_commands[i].name) == 0) {
            rc = cli_commands[i].fn(argc - 1, argv + 1);
            break;
        }
    if (rc < 0) {
        fprintf(stderr, "chiso: %s: %s '%s'\n", _("error"), _("unknown command"), name);
        cli_did_you_mean(name[0] == '-' ? NULL : suggest_command(name));
        fprintf(stderr, "%s\n", _("'chiso help' lists the commands"));
        return EXIT_USAGE;
    }
    /* like git: a write error on stdout is an error too */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "chiso: %s: %s\n", _("error"), _("cannot write to standard output"));
        return EXIT_IO;
    }
    return rc;
}

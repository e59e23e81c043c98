/* notebooks-c/nb_common.h — the few lines every notebook shares: open the default dataset, check a
 * number, make the output folder. Only the public API (include/chiso/) is used. */
#ifndef NB_COMMON_H
#define NB_COMMON_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chiso/analysis.h"
#include "chiso/ingest.h"
#include "chiso/plots.h"
#include "chiso/stats.h"

static int nb_failures = 0;

/* Check a key number; a notebook that disagrees with its own text fails (exit 1). */
static void nb_check(const char *what, double got, double want, double tol)
{
    int ok = fabs(got - want) <= tol * (fabs(want) > 1 ? fabs(want) : 1);
    printf("<!-- check %s: %.10g (expected %.10g) %s -->\n", what, got, want, ok ? "ok" : "FAILED");
    if (!ok) {
        fprintf(stderr, "notebook check failed: %s = %.10g, expected %.10g\n", what, got, want);
        nb_failures++;
    }
}

/* Load the built-in default dataset and normalise it (optionally as of a day); exits on failure,
 * which in a notebook is the honest thing to do. */
static void nb_open(chiso_dataset **ds, chiso_normalized **n, int illustrative, int32_t as_of)
{
    chiso_stats_init();
    chiso_set_lang(CHISO_LANG_EN, NULL);
    chiso_diags *d = chiso_diags_new();
    chiso_load_opts lo;
    chiso_load_opts_default(&lo);
    lo.illustrative = illustrative;
    chiso_error err;
    if (!d || chiso_dataset_load_default(&lo, d, ds, &err) != CHISO_OK || chiso_diags_errors(d)) {
        fprintf(stderr, "cannot load the default dataset: %s\n", err.msg);
        exit(2);
    }
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    if (as_of) {
        no.has_as_of = 1;
        no.as_of = as_of;
    }
    if (chiso_normalize(*ds, &no, d, n, &err) != CHISO_OK) {
        fprintf(stderr, "cannot normalise: %s\n", err.msg);
        exit(2);
    }
    chiso_diags_free(d);
}

/* The output folder (argv[1], default ./notebooks-out), created if needed. */
static const char *nb_outdir(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "notebooks-out";
    mkdir(dir, 0755);
    return dir;
}

/* Draw a chart; a chart that cannot be drawn is reported but is not a failure of the numbers. */
static void nb_chart(const chiso_dataset *ds, const chiso_normalized *n, chiso_chart_opts *co, const char *dir,
                     const char *name, const char *caption)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    chiso_error err;
    if (chiso_chart_render(ds, n, co, path, &err) == CHISO_OK)
        printf("\n![%s](%s)\n\n", caption, name);
    else
        printf("\n*(chart not drawn: %s)*\n\n", err.msg);
}

#endif

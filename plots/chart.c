/* plots/chart.c — the table of chart kinds and the entry points chiso_chart_build and
 * chiso_chart_render. Each kind is a row: its name on the command line and its builder (build_*.c).
 * The builders sit below this file and use only the shared helpers (build_common.c) and the scene
 * (scene.c); adding a kind is a row here, a builder and a value of chiso_chart_kind. */
#include "plots/plots_int.h"

#include <stdlib.h>
#include <string.h>

typedef chiso_status (*chart_builder)(const chiso_dataset *ds, const chiso_normalized *norm,
                                      const chiso_chart_opts *o, chiso_scene *s, chiso_error *err);

typedef struct chart_kind {
    chiso_chart_kind kind;
    const char *name;      /* as typed after `chiso chart` (--kind) */
    chart_builder build;
} chart_kind;

static const chart_kind kinds[] = {
    {CHISO_CHART_COMPARE, "compare", pl_build_compare},
    {CHISO_CHART_TREND, "trend", pl_build_trend},
    {CHISO_CHART_ATTAIN, "attain", pl_build_attain},
    {CHISO_CHART_RATINGS, "ratings", pl_build_ratings},
    {CHISO_CHART_DASHBOARD, "dashboard", pl_build_dashboard},
};

static const chart_kind *kind_of(chiso_chart_kind k)
{
    for (size_t i = 0; i < CHISO_ARRAY_LEN(kinds); i++)
        if (kinds[i].kind == k)
            return &kinds[i];
    return NULL;
}

int chiso_chart_kind_parse(const char *name, chiso_chart_kind *out)
{
    for (size_t i = 0; name && i < CHISO_ARRAY_LEN(kinds); i++)
        if (strcmp(name, kinds[i].name) == 0) {
            *out = kinds[i].kind;
            return 1;
        }
    return 0;
}

const char *chiso_chart_kind_name(chiso_chart_kind k)
{
    const chart_kind *c = kind_of(k);
    return c ? c->name : "?";
}

chiso_status chiso_chart_build(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_chart_opts *opts,
                               chiso_scene **out, chiso_error *err)
{
    if (out)
        *out = NULL;
    if (!ds || !norm || !opts || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    if (opts->level < 0 || opts->level > 4)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, _("a rating level is 1 to 4, not %d"), opts->level);
    chiso_stats_init();
    chiso_scene *s = pl_scene_new(opts->kind, opts->lang);
    if (!s)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    chiso_status st;
    const chart_kind *k = kind_of(opts->kind);
    if (k)
        st = k->build(ds, norm, opts, s, err);
    else
        st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, _("unknown chart kind %d"), (int)opts->kind);
    if (st == CHISO_OK && s->arena.oom)
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    if (st == CHISO_OK && opts->title)
        s->title = pl_strdup(&s->arena, opts->title);
    if (st != CHISO_OK) {
        chiso_scene_free(s);
        return st;
    }
    *out = s;
    return CHISO_OK;
}

chiso_status chiso_chart_render(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_chart_opts *opts,
                                const char *path, chiso_error *err)
{
    if (!opts || !path)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    if (chiso_chart_format_of(path) < 0)
        return chiso_error_set(err, CHISO_EINVAL, path, 0, 0, "%s",
                               _("unknown chart format: the file name must end in .png, .svg or .pdf"));
    chiso_scene *s = NULL;
    chiso_status st = chiso_chart_build(ds, norm, opts, &s, err);
    if (st == CHISO_OK)
        st = chiso_scene_render(s, path, opts->width, opts->height, opts->dpi, err);
    chiso_scene_free(s);
    return st;
}

/*
 * plots/plots_int.h — what the files of plots/ share (never installed).
 *
 * Three steps: the builders (build_*.c) turn analysis results into a scene of primitives in data
 * coordinates; the layout (layout.c) places the scene on a page of a given size in design units (pixels
 * at 96 dpi, origin at the top left, y down) and returns a display list of rectangles, lines, polygons
 * and texts, measured with the metrics of the chart font (text.c) so that no text overlaps another; the
 * renderer (render.c) draws a display list with plplot's cairo drivers. Only render.c calls plplot.
 *
 * Memory: a scene and a display list each own one arena; everything inside them (strings, arrays) comes
 * from it and is freed with it.
 */
#ifndef CHISO_PLOTS_INT_H
#define CHISO_PLOTS_INT_H

#include "chiso/plots.h"
#include "ingest/util.h"

#include <stdint.h>

/* ---- arena ------------------------------------------------------------------------------------- */

typedef struct pl_block pl_block;

typedef struct pl_arena {
    pl_block *head;
    int oom; /* an allocation failed: the owner reports CHISO_ENOMEM */
} pl_arena;

void *pl_alloc(pl_arena *a, size_t n);           /* zeroed, aligned for double; NULL on oom */
char *pl_strdup(pl_arena *a, const char *s);     /* NULL for NULL */
char *pl_printf(pl_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void pl_arena_free(pl_arena *a);

/* ---- fonts, colours, words --------------------------------------------------------------------- */

/* The fontconfig families the charts are drawn with (fonts-noto-core, then fonts-dejavu-core for the
 * symbols Noto Sans lacks: ≥ ≤ → ≈ ∈ −). text.c measures with the metrics of the first. */
#define PL_FONT_FAMILIES "Noto Sans,DejaVu Sans"

/* Width in design units of UTF-8 text at font size em (design units), regular or bold. */
double pl_text_width(const char *s, double em, int bold);
/* Line height and the offsets of the ink above and below a line's reference point, per em. */
#define PL_LINE_HEIGHT 1.36
/* Break text into at most max_lines lines no wider than max_w (at spaces; a word longer than a line is
 * cut between characters). When the text does not fit, the last line ends with "…". Lines are new
 * strings of the arena; returns the number of lines (0 for empty text or on oom). */
int pl_wrap(pl_arena *a, const char *text, double em, int bold, double max_w, int max_lines,
            const char **lines);
/* The text, shortened with "…" at the end to fit max_w (a new string of the arena, or s itself). */
const char *pl_ellipsize(pl_arena *a, const char *s, double em, int bold, double max_w);

/* Palette: Okabe–Ito (0..7) and two greys. */
enum {
    PL_BLACK = 0, PL_ORANGE = 1, PL_SKY = 2, PL_GREEN = 3, PL_YELLOW = 4, PL_BLUE = 5, PL_VERMILLION = 6,
    PL_PURPLE = 7, PL_GREY = 8, PL_DARKGREY = 9
};
#define PL_PALETTE_SIZE 10
/* Series colours in the order they are used. */
int pl_series_color(size_t i);
/* Colour of a rating level 1..4. */
int pl_level_color(int level);
/* Mix rgb with white: t = 1 keeps the colour, 0 gives white. */
uint32_t pl_tint(uint32_t rgb, double t);

/* A chart's words in language lang: English msgids (marked for xgettext with N_()); Vietnamese from the
 * "chiso" catalogue when it has the string, otherwise from a table built into plots/i18n.c. */
const char *pl_tr(chiso_lang lang, const char *msgid);
/* Verdict and status words in lang (the analysis layer's words follow the process language). */
const char *pl_verdict_words(chiso_lang lang, chiso_verdict v);
const char *pl_progress_words(chiso_lang lang, chiso_progress p);

/* ---- scenes ------------------------------------------------------------------------------------ */

/* A panel: its data ranges and axes. */
typedef struct pl_panel {
    double xmin, xmax, ymin, ymax;
    const char *xlabel, *ylabel, *title;
    int horizontal;  /* attain rows: values along x, one row */
    int xcat;        /* categorical x: its ticks are CHISO_PRIM_TICK primitives */
    int xyears;      /* numeric x in years: ticks written without grouping */
    int pct;         /* values are per cent */
    int decimals;    /* most decimals of a value label (ticks follow their step) */
} pl_panel;

struct chiso_scene {
    pl_arena arena;
    chiso_chart_kind kind;
    chiso_lang lang;
    const char *title, *subtitle, *source;
    pl_panel *panels;
    int n_panels, cap_panels;
    chiso_prim *prims;
    size_t n_prims, cap_prims;
    int grid_cols, grid_rows; /* dashboard */
    int rows_hint;            /* attain: rows, for the default height */
};

chiso_scene *pl_scene_new(chiso_chart_kind kind, chiso_lang lang);
/* Add a panel / a primitive (copied; its strings and arrays must already be in the scene's arena).
 * Return the index, or -1 on oom (the arena's oom flag is set). */
int pl_scene_panel(chiso_scene *s, const pl_panel *p);
long pl_scene_add(chiso_scene *s, const chiso_prim *p);
/* Shorthands. */
long pl_add_bar(chiso_scene *s, int panel, chiso_prim_style st, int color, double x0, double x1, double y0,
                double y1, const char *role, const char *key, const char *text);
long pl_add_text(chiso_scene *s, int panel, double x, double y, const char *role, const char *key,
                 const char *text, int color);
long pl_add_legend(chiso_scene *s, chiso_prim_kind swatch, chiso_prim_style st, int color, const char *text);

/* Shared builder helpers (build_common.c). */
typedef struct pl_sources {
    const char **names;
    size_t n, cap;
} pl_sources;
/* Add the source files of the observations behind a normalised row (once each). */
void pl_sources_add_row(chiso_scene *s, pl_sources *src, const chiso_dataset *ds, const chiso_norm_row *r);
void pl_sources_add(chiso_scene *s, pl_sources *src, const char *name);
/* "Nguồn: a.txt, b.txt" / "Source: …" into the scene (NULL sources: nothing). */
void pl_sources_finish(chiso_scene *s, pl_sources *src);

/* The unit asked for (opts->unit, or the first); -1 with err set (CHISO_ENOTFOUND) when unknown. */
long pl_unit_of(const chiso_dataset *ds, const chiso_chart_opts *o, chiso_unit_info *U, chiso_error *err);
/* A number in the language's style with a % for shares; intervals written for readers ("> 90%"). */
const char *pl_fmt_value(chiso_scene *s, chiso_interval iv, double point, int decimals, int pct);
const char *pl_fmt_num(chiso_scene *s, double v, int decimals);
/* Decimals that suit values of this size (0 for ≥ 100, 1 below). */
int pl_decimals_for(double v, int pct);
/* A nice upper end for an axis from 0 that holds v (with room above). */
double pl_nice_max(double v);
/* The days-since-epoch date in the language's style (31/12/2024, 2024-12-31). */
const char *pl_fmt_date(chiso_scene *s, int32_t day);
/* An indicator's name (and level) in the chart's language. */
/* A term's short name for a crowded axis: its code when it is a number or years, else its label's words. */
const char *pl_term_short(chiso_scene *s, const chiso_term_info *T);
const char *pl_series_name(chiso_scene *s, const chiso_dataset *ds, long ind, int level, const char *part);
/* The term's label (falls back to its code). */
const char *pl_term_label(const chiso_dataset *ds, long unit, const char *code);
/* The terms unit follows, in time order: a new array (free) of *n term indices; NULL on oom. */
long *pl_unit_terms(const chiso_dataset *ds, long unit, size_t *n);
/* The indicators with rows for unit in norm, best first (most terms), flows first when tied. Writes up to
 * max indices; returns how many. category < 0: any. */
size_t pl_rank_series(const chiso_dataset *ds, const chiso_normalized *norm, long unit, int category,
                      int want_rating, long *inds, int *levels, size_t max);

/* Builders. */
chiso_status pl_build_compare(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_chart_opts *o,
                              chiso_scene *s, chiso_error *err);
chiso_status pl_build_trend(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_chart_opts *o,
                            chiso_scene *s, chiso_error *err);
chiso_status pl_build_attain(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_chart_opts *o,
                             chiso_scene *s, chiso_error *err);
chiso_status pl_build_ratings(const chiso_dataset *ds, const chiso_normalized *norm, const chiso_chart_opts *o,
                              chiso_scene *s, chiso_error *err);
chiso_status pl_build_dashboard(const chiso_dataset *ds, const chiso_normalized *norm,
                                const chiso_chart_opts *o, chiso_scene *s, chiso_error *err);
/* The bars of one compare-like series into panel p (used by compare and dashboard). */
typedef struct pl_bar_opts {
    int panel;
    chiso_chart_per per;
    size_t group, n_groups; /* grouped bars: this series' place among n_groups */
    int color;
    int compact;            /* small multiples: shorter labels */
} pl_bar_opts;

/* What bars showed (pl_bars_emit's *used). */
#define PL_USED_PARTIAL   0x01u
#define PL_USED_PROJECTED 0x02u
#define PL_USED_INEXACT   0x04u
#define PL_USED_MISSING   0x08u
#define PL_USED_OPEN      0x10u

/* The largest finite value bars of these rows reach (0 when none). */
double pl_bars_max(const chiso_compare_row *const *rows, size_t n, chiso_chart_per per);
/* Bars of one series: rows[i] at x[i]; ymax clips open-ended intervals. */
void pl_bars_emit(chiso_scene *s, const chiso_dataset *ds, const chiso_compare_row *const *rows, size_t n,
                  const double *x, const pl_bar_opts *bo, double ymax, pl_sources *src, unsigned *used);
/* A y-axis label for values of this kind under per. */
const char *pl_value_label(chiso_lang lang, chiso_value_kind kind, chiso_chart_per per, int compact);
/* A nice tick step for a range, for about `target` ticks. */
double pl_nice_step(double range, int target);

/* ---- layout: the display list ------------------------------------------------------------------ */

typedef enum pl_op_kind { PL_OP_RECT = 0, PL_OP_HATCH, PL_OP_LINE, PL_OP_POLY, PL_OP_TEXT } pl_op_kind;

/* One drawing operation in page coordinates (design units, y down). */
typedef struct pl_op {
    pl_op_kind kind;
    uint32_t rgb;
    double width;              /* lines, hatching */
    int dashed;
    double x0, y0, x1, y1;     /* RECT, HATCH; a TEXT's box */
    size_t n;                  /* LINE, POLY */
    const double *xs, *ys;
    const char *text;          /* TEXT: one line */
    double tx, ty;             /* TEXT: reference point (ty is the middle of the line) */
    double size;               /* TEXT: em in design units */
    int bold, vertical;        /* TEXT: bold; rotated 90° counter-clockwise */
    double just;               /* TEXT: 0 left, 0.5 centre, 1 right */
    const char *role;          /* the primitive it draws, or "title", "axis", "tick", … */
} pl_op;

typedef struct pl_display {
    pl_arena arena;
    double w, h;
    pl_op *ops;
    size_t n, cap;
    size_t dropped;            /* optional labels left out for want of room */
} pl_display;

/* Lay a scene out on a page of w × h design units. Returns CHISO_OK, CHISO_EDOMAIN (a value that is not
 * finite, an empty range), CHISO_EINVAL (page too small) or CHISO_ENOMEM. Free with pl_display_free. */
chiso_status pl_layout(const chiso_scene *s, double w, double h, pl_display *out, chiso_error *err);
void pl_display_free(pl_display *d);
/* Index of the first pair of text boxes that overlap (by more than tol design units), or -1. */
long pl_display_overlap(const pl_display *d, double tol, size_t *other);

/* Default page size (design units at 96 dpi) of a scene for a format (0 png, 1 svg, 2 pdf). */
void pl_default_size(const chiso_scene *s, int format, int *w, int *h);

/* Output units per design unit: PNG dpi/96, SVG 1, PDF 0.75 (points). */
double pl_format_scale(int format, int dpi);

#endif

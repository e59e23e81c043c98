/*
 * chiso/plots.h — charts of term comparisons, trends, attainment and ratings, drawn with plplot's
 * cairo drivers (PNG, SVG, PDF by the file's extension).
 *
 * Two steps, so that what a chart shows can be tested without plplot: chiso_chart_build turns the
 * analysis results into a scene (bars, hatched parts, whiskers, target markers, lines, bands, texts in
 * data coordinates), and chiso_scene_render draws a scene into a file (written to a temporary name
 * in the same folder and renamed into place). plplot is called only after the scene has been
 * validated (finite values, non-empty ranges); its error text is captured and returned as
 * CHISO_EPLOT. A fatal plplot error can still end the process (plplot's plexit always calls exit).
 *
 * Every render uses a stream of its own (plmkstrm … plend1) and leaves the caller's current stream as it
 * was, so charts can be drawn many times in one process; plplot is not thread-safe, and neither is this.
 * Text is set in Noto Sans (fonts-noto-core) with DejaVu Sans (fonts-dejavu-core) for the symbols Noto
 * Sans lacks: the renderer names them to the cairo driver (PLPLOT_FREETYPE_SANS_FAMILY, set only around
 * plinit) and measures text with Noto Sans' metrics so that labels are wrapped or shortened, never
 * overlapped. docs/charts.md describes the kinds and their rules.
 */
#ifndef CHISO_PLOTS_H
#define CHISO_PLOTS_H

#include "chiso/analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum chiso_chart_kind {
    CHISO_CHART_COMPARE = 0, /* a bar per term; partial terms solid + hatched projection; whiskers */
    CHISO_CHART_TREND,       /* points with interval bars, fitted line and 95% band, caption */
    CHISO_CHART_ATTAIN,      /* one row per target: bullet chart with verdict/status */
    CHISO_CHART_RATINGS,     /* 100% stacked bars of rating levels per term after the crosswalk */
    CHISO_CHART_DASHBOARD    /* small multiples of the key series of one unit */
} chiso_chart_kind;

typedef enum chiso_chart_per {
    CHISO_PER_YEAR = 0,      /* flows as annual rates (default) */
    CHISO_PER_TERM,          /* flows as term totals (partial terms: reported + projected rest) */
    CHISO_PER_100MEMBERS     /* flows per 100 members per year */
} chiso_chart_per;

typedef struct chiso_chart_opts {
    chiso_chart_kind kind;
    const char *unit;                 /* NULL: the first unit */
    const char *const *indicators;    /* NULL-terminated; NULL: the kind's default */
    int level;                        /* rating level for rating indicators (trend, compare) */
    chiso_chart_per per;
    chiso_trend_by by;                /* trend charts */
    int width, height;                /* pixels (PNG/SVG) or points (PDF); 0: defaults */
    int dpi;                          /* PNG; 0: 96 */
    chiso_lang lang;                  /* labels and number style (chiso_get_lang() by default) */
    int has_as_of;
    int32_t as_of;
    int illustrative;                 /* attain charts: include illustrative targets */
    const char *title;                /* NULL: made from the data */
} chiso_chart_opts;

/* Fill o with the defaults (as noted beside each field). */
CHISO_API void chiso_chart_opts_default(chiso_chart_opts *o);

/* Output format from a file name: 0 png, 1 svg, 2 pdf; -1 for anything else. */
CHISO_API int chiso_chart_format_of(const char *path);

/* Names used by the command: "compare" "trend" "attain" "ratings" "dashboard"; "term" "year"
 * "100members". Return 0 when unknown. */
CHISO_API int chiso_chart_kind_parse(const char *name, chiso_chart_kind *out);
CHISO_API int chiso_chart_per_parse(const char *name, chiso_chart_per *out);
CHISO_API const char *chiso_chart_kind_name(chiso_chart_kind k);

/* The palette (Okabe–Ito black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish
 * purple, then a light and a dark grey) as 0xRRGGBB; prim.color indexes it. */
#define CHISO_PALETTE_SIZE 10
CHISO_API unsigned chiso_palette_rgb(int color);

/* ---- scenes ------------------------------------------------------------------------------------ */

typedef enum chiso_prim_kind {
    CHISO_PRIM_BAR = 0,   /* x0..x1 × y0..y1 */
    CHISO_PRIM_WHISKER,   /* vertical (or horizontal) interval line with caps: x0, y0..y1 */
    CHISO_PRIM_MARKER,    /* a target or data marker at (x0, y0) */
    CHISO_PRIM_LINE,      /* polyline through (xs[i], ys[i]) */
    CHISO_PRIM_BAND,      /* filled band between ys_lo and ys_hi along xs */
    CHISO_PRIM_TEXT,      /* text at (x0, y0); roles say where the page puts it (see below) */
    CHISO_PRIM_TICK,      /* a category label on the x axis at x0 (rows of a horizontal chart: y0) */
    CHISO_PRIM_LEGEND     /* a legend entry: text, with a swatch of style and color (x0 = the kind of
                             primitive it stands for) */
} chiso_prim_kind;

typedef enum chiso_prim_style {
    CHISO_STYLE_SOLID = 0,
    CHISO_STYLE_HATCHED,  /* projected part of a partial term */
    CHISO_STYLE_FADED,    /* the range of an inexact figure */
    CHISO_STYLE_DASHED
} chiso_prim_style;

/* One drawing primitive, in data coordinates of its panel. Strings are owned by the scene.
 *
 * Roles of the builders: bars "value" (a figure as reported: height = annual rate, term total, share,
 * level), "projected" (the rest of a partial term at the same pace: y0 = reported, y1 = projected),
 * "interval" (faded range and whisker of an inexact figure: y0/y1 = the interval's ends, an open end
 * beyond the axis is clipped and flagged), "actual", "projected80", "projected95" (attain rows),
 * "level1".."level4", "levels", "uncertain", "not-stated" (ratings); markers "point", "target",
 * "projected", "pro-rata"; lines "fit" (OLS), "scheme-change"; bands "band95"; texts "caption",
 * "note", "source" (under the plot), "coverage" (under a bar), "scheme-note" (above the plot),
 * "verdict" (right of an attain row), "point-label"; ticks "term", "row". panel -1: the page. */
typedef struct chiso_prim {
    chiso_prim_kind kind;
    chiso_prim_style style;
    int panel;                 /* small multiples: panel index; 0 otherwise */
    int color;                 /* index into the palette (Okabe–Ito) */
    int horizontal;            /* bars/whiskers along x (attain) */
    double x0, x1, y0, y1;
    size_t n;                  /* LINE / BAND points */
    const double *xs, *ys, *ys_hi;
    const char *text;          /* TEXT, or the label of a bar/marker */
    const char *role;          /* what it shows, for tests: "value", "projected", "interval", "target",
                                  "fit", "band95", "point", "level4", "caption", "source", … */
    const char *key;           /* term code, target index or level it belongs to */
    unsigned flags;            /* CHISO_PRIM_* below */
} chiso_prim;

#define CHISO_PRIM_OPEN_LO 0x1u   /* the interval is open-ended below the drawn end (clipped) */
#define CHISO_PRIM_OPEN_HI 0x2u   /* the interval goes on above the drawn end (clipped at the axis) */
#define CHISO_PRIM_BOLD    0x4u   /* texts: bold */

typedef struct chiso_scene chiso_scene;

/* Build the scene of a chart from a dataset and its normalisation (made with the same as-of).
 * Returns CHISO_OK, CHISO_ENOTFOUND (no such unit/indicator/series), CHISO_EDOMAIN (nothing to draw:
 * the message says why), CHISO_ENOMEM. Free with chiso_scene_free. */
CHISO_API chiso_status chiso_chart_build(const chiso_dataset *ds, const chiso_normalized *norm,
                                         const chiso_chart_opts *opts, chiso_scene **out, chiso_error *err);
CHISO_API void chiso_scene_free(chiso_scene *s);
CHISO_API size_t chiso_scene_count(const chiso_scene *s);
CHISO_API const chiso_prim *chiso_scene_get(const chiso_scene *s, size_t i);
CHISO_API const char *chiso_scene_title(const chiso_scene *s);
CHISO_API const char *chiso_scene_subtitle(const chiso_scene *s);  /* unit and what the values are */
CHISO_API const char *chiso_scene_source(const chiso_scene *s);    /* "Nguồn: …" / "Source: …", or NULL */
CHISO_API chiso_chart_kind chiso_scene_kind(const chiso_scene *s);
/* Number of panels and the axis ranges and labels of panel p. */
CHISO_API int chiso_scene_panels(const chiso_scene *s);
CHISO_API void chiso_scene_axes(const chiso_scene *s, int panel, double *xmin, double *xmax, double *ymin,
                                double *ymax, const char **xlabel, const char **ylabel);

/* Draw a scene into path (format from the extension). width/height 0: the defaults (1200 × 750 px for
 * PNG and SVG, taller for many attain rows; A4 landscape, 842 × 595 pt, for PDF). dpi (PNG only; 0: 96)
 * scales text and lines: the same pixel size at 192 dpi draws them twice as large. The file is written
 * to a temporary name in the same folder and renamed into place; on failure nothing is left behind.
 * Returns CHISO_OK, CHISO_EINVAL (unknown extension, bad size), CHISO_EIO (cannot write), CHISO_EPLOT
 * (plplot or its cairo driver failed; err->msg holds plplot's words), CHISO_EDOMAIN, CHISO_ENOMEM. */
CHISO_API chiso_status chiso_scene_render(const chiso_scene *s, const char *path, int width, int height,
                                          int dpi, chiso_error *err);

/* Build and render in one call. */
CHISO_API chiso_status chiso_chart_render(const chiso_dataset *ds, const chiso_normalized *norm,
                                          const chiso_chart_opts *opts, const char *path, chiso_error *err);

#ifdef __cplusplus
}
#endif
#endif /* CHISO_PLOTS_H */

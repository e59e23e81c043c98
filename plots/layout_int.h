/* plots/layout_int.h — what the files of the page layout share (never installed).
 *
 *   layout.c         the page: title and subtitle, legend, panels, caption and source line (pl_layout)
 *   layout_marks.c   the display list: shapes, bars, whiskers and texts placed so that none overlaps another
 *   layout_vchart.c  a vertical chart in a box: axes, ticks, bars, lines, bands and their labels
 *   layout_attain.c  the rows of the targets chart: one row a target, its bar, interval and marks
 */
#ifndef CHISO_LAYOUT_INT_H
#define CHISO_LAYOUT_INT_H

#include "plots/plots_int.h"


/* sizes (design units) */
#define MARGIN 22.0
#define F_TITLE 21.0
#define F_SUB 14.5
#define F_LEGEND 13.0
#define F_AXIS 13.0
#define F_TICK 12.5
#define F_VALUE 12.5
#define F_SMALL 11.5
#define F_CAPTION 13.0
#define F_SOURCE 11.5
#define LH PL_LINE_HEIGHT
#define PL_PI 3.14159265358979323846

#define C_TEXT 0x222222u
#define C_TEXT2 0x555555u
#define C_AXIS 0x333333u
#define C_GRID 0xE4E4E4u
#define C_STRIPE 0xF4F4F4u

typedef struct box {
    double x0, y0, x1, y1;
} box;

typedef struct lctx {
    const chiso_scene *s;
    pl_display *d;
    double k; /* font scale (small multiples) */
} lctx;

typedef struct vsizes {
    double tick, value, small, axis;
} vsizes;

/* layout_marks.c */
void rect(lctx *c, double x0, double y0, double x1, double y1, uint32_t rgb, const char *role);
void hatch(lctx *c, double x0, double y0, double x1, double y1, uint32_t rgb, const char *role);
void polyline(lctx *c, size_t n, const double *xs, const double *ys, uint32_t rgb, double width, int dashed,
              int fill, const char *role);
void line(lctx *c, double x0, double y0, double x1, double y1, uint32_t rgb, double width, int dashed,
          const char *role);
double line_h(double size);
pl_op *text_at(lctx *c, const char *t, double x, double ytop, double size, int bold, uint32_t rgb, double just,
               int vertical, const char *role);
int try_text(lctx *c, const char *t, double x, double ytop, double size, int bold, uint32_t rgb, double just,
             int vertical, const char *role);
int try_text_bg(lctx *c, const char *t, double x, double ytop, double size, int bold, uint32_t rgb, double just);
double text_para(lctx *c, const char *t, double x, double ytop, double max_w, int max_lines, double size, int bold,
                 uint32_t rgb, double just, const char *role);
int count_lines(lctx *c, const char *t, double size, int bold, double max_w, int max_lines);
uint32_t rgb_of(int color);
uint32_t text_rgb(int color);
int dark(uint32_t rgb);
void draw_bar(lctx *c, const chiso_prim *p, double x0, double y0, double x1, double y1);
void draw_whisker(lctx *c, const chiso_prim *p, double x, double ya, double yb, double cap, int horizontal);
void circle(lctx *c, double x, double y, double r, uint32_t col, const char *role);

/* layout_vchart.c */
void vchart(lctx *c, int panel, box b, const vsizes *z);

/* layout_attain.c */
void attain_rows(lctx *c, box b);

#endif

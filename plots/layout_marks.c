/*
 * plots/layout_marks.c — the display list of a laid-out page: rectangles, hatching, lines, bars, whiskers and
 * circles, and texts measured and placed so that no text overlaps another (an optional one that would is moved
 * or left out).
 */
#include "plots/layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- display list ------------------------------------------------------------------------------ */

static pl_op *op_new(lctx *c, pl_op_kind kind, uint32_t rgb, const char *role)
{
    pl_display *d = c->d;
    if (chiso_grow((void **)&d->ops, &d->cap, d->n + 1, sizeof *d->ops) != 0) {
        d->arena.oom = 1;
        return NULL;
    }
    pl_op *o = &d->ops[d->n++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->rgb = rgb;
    o->role = role;
    o->width = 1;
    return o;
}

void rect(lctx *c, double x0, double y0, double x1, double y1, uint32_t rgb, const char *role)
{
    if (x1 < x0) {
        double t = x0;
        x0 = x1;
        x1 = t;
    }
    if (y1 < y0) {
        double t = y0;
        y0 = y1;
        y1 = t;
    }
    pl_op *o = op_new(c, PL_OP_RECT, rgb, role);
    if (o) {
        o->x0 = x0;
        o->y0 = y0;
        o->x1 = x1;
        o->y1 = y1;
    }
}

void hatch(lctx *c, double x0, double y0, double x1, double y1, uint32_t rgb, const char *role)
{
    pl_op *o = op_new(c, PL_OP_HATCH, rgb, role);
    if (o) {
        o->x0 = fmin(x0, x1);
        o->y0 = fmin(y0, y1);
        o->x1 = fmax(x0, x1);
        o->y1 = fmax(y0, y1);
        o->width = 1.3;
    }
}

void polyline(lctx *c, size_t n, const double *xs, const double *ys, uint32_t rgb, double width, int dashed,
              int fill, const char *role)
{
    pl_op *o = op_new(c, fill ? PL_OP_POLY : PL_OP_LINE, rgb, role);
    if (!o)
        return;
    double *x = pl_alloc(&c->d->arena, n * sizeof *x), *y = pl_alloc(&c->d->arena, n * sizeof *y);
    if (!x || !y) {
        c->d->n--;
        return;
    }
    memcpy(x, xs, n * sizeof *x);
    memcpy(y, ys, n * sizeof *y);
    o->n = n;
    o->xs = x;
    o->ys = y;
    o->width = width;
    o->dashed = dashed;
}

void line(lctx *c, double x0, double y0, double x1, double y1, uint32_t rgb, double width, int dashed,
          const char *role)
{
    double xs[2] = {x0, x1}, ys[2] = {y0, y1};
    polyline(c, 2, xs, ys, rgb, width, dashed, 0, role);
}

double line_h(double size)
{
    return size * LH;
}

static int overlaps(box a, box b)
{
    return a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5;
}

/* Does a text box fit the page and miss every text placed so far? */
static int free_box(lctx *c, box b)
{
    if (b.x0 < 1 || b.y0 < 1 || b.x1 > c->d->w - 1 || b.y1 > c->d->h - 1)
        return 0;
    for (size_t i = 0; i < c->d->n; i++) {
        const pl_op *o = &c->d->ops[i];
        if (o->kind == PL_OP_TEXT && overlaps(b, (box){o->x0, o->y0, o->x1, o->y1}))
            return 0;
    }
    return 1;
}

static box text_box(const char *t, double x, double ytop, double size, int bold, double just, int vertical)
{
    double w = pl_text_width(t, size, bold), h = line_h(size);
    if (vertical) /* x is the middle of the line, ytop the lower end of the text for just 0 */
        return (box){x - h / 2, ytop - w * (1 - just), x + h / 2, ytop + w * just};
    return (box){x - just * w, ytop, x - just * w + w, ytop + h};
}

/* One line of text; ytop is the top of its line box (for vertical text: see text_box). */
pl_op *text_at(lctx *c, const char *t, double x, double ytop, double size, int bold, uint32_t rgb, double just,
               int vertical, const char *role)
{
    if (!t || !*t)
        return NULL;
    pl_op *o = op_new(c, PL_OP_TEXT, rgb, role);
    if (!o)
        return NULL;
    box b = text_box(t, x, ytop, size, bold, just, vertical);
    o->text = t;
    o->size = size;
    o->bold = bold;
    o->just = just;
    o->vertical = vertical;
    o->x0 = b.x0;
    o->y0 = b.y0;
    o->x1 = b.x1;
    o->y1 = b.y1;
    if (vertical) { /* the reference point is on the text's axis */
        o->tx = x;
        o->ty = ytop;
    } else {
        o->tx = x;
        o->ty = ytop + line_h(size) / 2;
    }
    return o;
}

/* An optional label: placed only where it overlaps no text; returns 1 when placed. */
int try_text(lctx *c, const char *t, double x, double ytop, double size, int bold, uint32_t rgb, double just,
             int vertical, const char *role)
{
    box b = text_box(t, x, ytop, size, bold, just, vertical);
    if (!free_box(c, b))
        return 0;
    text_at(c, t, x, ytop, size, bold, rgb, just, vertical, role);
    return 1;
}

/* The same on a white box, for a label over lines (a whisker, hatching). */
int try_text_bg(lctx *c, const char *t, double x, double ytop, double size, int bold, uint32_t rgb, double just)
{
    box b = text_box(t, x, ytop, size, bold, just, 0);
    if (!free_box(c, b))
        return 0;
    rect(c, b.x0 - 3, b.y0 + 1, b.x1 + 3, b.y1 - 1, 0xFFFFFFu, "label-bg");
    text_at(c, t, x, ytop, size, bold, rgb, just, 0, "value-label");
    return 1;
}

/* Wrapped text from ytop; returns the height used. */
double text_para(lctx *c, const char *t, double x, double ytop, double max_w, int max_lines, double size, int bold,
                 uint32_t rgb, double just, const char *role)
{
    const char *lines[8];
    if (max_lines > 8)
        max_lines = 8;
    int n = pl_wrap(&c->d->arena, t, size, bold, max_w, max_lines, lines);
    for (int i = 0; i < n; i++)
        text_at(c, lines[i], x, ytop + i * line_h(size), size, bold, rgb, just, 0, role);
    return n * line_h(size);
}

int count_lines(lctx *c, const char *t, double size, int bold, double max_w, int max_lines)
{
    const char *lines[8];
    return pl_wrap(&c->d->arena, t, size, bold, max_w, max_lines > 8 ? 8 : max_lines, lines);
}

uint32_t rgb_of(int color)
{
    return chiso_palette_rgb(color);
}

uint32_t text_rgb(int color)
{
    if (color == PL_GREY)
        return 0x777777u;
    if (color == PL_YELLOW)
        return 0x8A7F00u;
    if (color == PL_BLACK)
        return C_TEXT;
    return rgb_of(color);
}

int dark(uint32_t rgb)
{
    double r = ((rgb >> 16) & 0xFF) / 255.0, g = ((rgb >> 8) & 0xFF) / 255.0, b = (rgb & 0xFF) / 255.0;
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45;
}

static void arrow(lctx *c, double x, double y, double dx, double dy, uint32_t col)
{
    /* a small filled triangle pointing (dx, dy) with its tip at (x, y) */
    double xs[3] = {x, x - dx * 8 - dy * 5, x - dx * 8 + dy * 5}, ys[3] = {y, y - dy * 8 + dx * 5, y - dy * 8 - dx * 5};
    polyline(c, 3, xs, ys, col, 1, 0, 1, "interval");
}

void draw_bar(lctx *c, const chiso_prim *p, double x0, double y0, double x1, double y1)
{
    uint32_t col = rgb_of(p->color);
    switch (p->style) {
    case CHISO_STYLE_HATCHED:
        rect(c, x0, y0, x1, y1, pl_tint(col, 0.22), p->role);
        hatch(c, x0, y0, x1, y1, col, p->role);
        {
            double xs[5] = {x0, x1, x1, x0, x0}, ys[5] = {y0, y0, y1, y1, y0};
            polyline(c, 5, xs, ys, col, 1, 0, 0, p->role);
        }
        break;
    case CHISO_STYLE_FADED: rect(c, x0, y0, x1, y1, pl_tint(col, p->color == PL_GREY ? 0.55 : 0.3), p->role); break;
    default: rect(c, x0, y0, x1, y1, col, p->role);
    }
}

void draw_whisker(lctx *c, const chiso_prim *p, double x, double ya, double yb, double cap, int horizontal)
{
    uint32_t col = rgb_of(p->color);
    if (p->color == PL_SKY || p->color == PL_YELLOW || p->color == PL_GREY)
        col = pl_tint(col, 1.0) & 0x7F7F7Fu;
    /* ya: the low end (y0), yb: the high end (y1) in page coordinates */
    if (!horizontal) {
        line(c, x, ya, x, yb, col, 1.8, 0, "interval");
        if (p->flags & CHISO_PRIM_OPEN_LO)
            arrow(c, x, ya, 0, 1, col);
        else
            line(c, x - cap, ya, x + cap, ya, col, 1.8, 0, "interval");
        if (p->flags & CHISO_PRIM_OPEN_HI)
            arrow(c, x, yb, 0, -1, col);
        else
            line(c, x - cap, yb, x + cap, yb, col, 1.8, 0, "interval");
    } else {
        /* here x is the row's middle and ya/yb are the x ends; the faded range shows the span, so
           only the ends are marked and the middle is left for the label */
        line(c, ya, x - cap, ya, x + cap, col, 1.8, 0, "interval");
        if (p->flags & CHISO_PRIM_OPEN_HI) {
            line(c, yb - 10, x, yb, x, col, 1.8, 0, "interval");
            arrow(c, yb, x, 1, 0, col);
        } else {
            line(c, yb, x - cap, yb, x + cap, col, 1.8, 0, "interval");
        }
    }
}

void circle(lctx *c, double x, double y, double r, uint32_t col, const char *role)
{
    double xs[24], ys[24];
    for (int i = 0; i < 24; i++) {
        xs[i] = x + r * cos(2 * PL_PI * i / 24);
        ys[i] = y + r * sin(2 * PL_PI * i / 24);
    }
    polyline(c, 24, xs, ys, 0xFFFFFFu, 1, 0, 1, role);
    for (int i = 0; i < 24; i++) {
        xs[i] = x + (r - 1.2) * cos(2 * PL_PI * i / 24);
        ys[i] = y + (r - 1.2) * sin(2 * PL_PI * i / 24);
    }
    polyline(c, 24, xs, ys, col, 1, 0, 1, role);
}

/* plots/layout.c — placing a scene on a page: titles, legend, axes, bars, labels, captions and the source
 * line, in design units (pixels at 96 dpi, y down). Texts are measured with the chart font's metrics
 * (text.c); long ones are wrapped or shortened, optional labels that would overlap another text are moved
 * or left out (counted in pl_display.dropped), so that no text overlaps another at any size the page
 * allows. No plplot here: the display list is drawn by render.c and checked by the tests. */
#include "plots/plots_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static void rect(lctx *c, double x0, double y0, double x1, double y1, uint32_t rgb, const char *role)
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

static void hatch(lctx *c, double x0, double y0, double x1, double y1, uint32_t rgb, const char *role)
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

static void polyline(lctx *c, size_t n, const double *xs, const double *ys, uint32_t rgb, double width, int dashed,
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

static void line(lctx *c, double x0, double y0, double x1, double y1, uint32_t rgb, double width, int dashed,
                 const char *role)
{
    double xs[2] = {x0, x1}, ys[2] = {y0, y1};
    polyline(c, 2, xs, ys, rgb, width, dashed, 0, role);
}

static double line_h(double size)
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
static pl_op *text_at(lctx *c, const char *t, double x, double ytop, double size, int bold, uint32_t rgb, double just,
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
static int try_text(lctx *c, const char *t, double x, double ytop, double size, int bold, uint32_t rgb, double just,
                    int vertical, const char *role)
{
    box b = text_box(t, x, ytop, size, bold, just, vertical);
    if (!free_box(c, b))
        return 0;
    text_at(c, t, x, ytop, size, bold, rgb, just, vertical, role);
    return 1;
}

/* The same on a white box, for a label over lines (a whisker, hatching). */
static int try_text_bg(lctx *c, const char *t, double x, double ytop, double size, int bold, uint32_t rgb, double just)
{
    box b = text_box(t, x, ytop, size, bold, just, 0);
    if (!free_box(c, b))
        return 0;
    rect(c, b.x0 - 3, b.y0 + 1, b.x1 + 3, b.y1 - 1, 0xFFFFFFu, "label-bg");
    text_at(c, t, x, ytop, size, bold, rgb, just, 0, "value-label");
    return 1;
}

/* Wrapped text from ytop; returns the height used. */
static double para(lctx *c, const char *t, double x, double ytop, double max_w, int max_lines, double size, int bold,
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

static int count_lines(lctx *c, const char *t, double size, int bold, double max_w, int max_lines)
{
    const char *lines[8];
    return pl_wrap(&c->d->arena, t, size, bold, max_w, max_lines > 8 ? 8 : max_lines, lines);
}

static uint32_t rgb_of(int color)
{
    return chiso_palette_rgb(color);
}

static uint32_t text_rgb(int color)
{
    if (color == PL_GREY)
        return 0x777777u;
    if (color == PL_YELLOW)
        return 0x8A7F00u;
    if (color == PL_BLACK)
        return C_TEXT;
    return rgb_of(color);
}

static int dark(uint32_t rgb)
{
    double r = ((rgb >> 16) & 0xFF) / 255.0, g = ((rgb >> 8) & 0xFF) / 255.0, b = (rgb & 0xFF) / 255.0;
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45;
}

/* ---- ticks ------------------------------------------------------------------------------------- */

typedef struct ticks {
    double v[32];
    const char *label[32];
    int n;
} ticks;

static void make_ticks(lctx *c, double lo, double hi, int target, int years, int pct, ticks *t)
{
    t->n = 0;
    double step = pl_nice_step(hi - lo, target);
    if (years) { /* whole years: 1, 2, 5, 10, 20, 50 … */
        static const double ys[] = {1, 2, 5, 10, 20, 50, 100, 200, 500};
        double raw = step;
        for (size_t i = 0; i < CHISO_ARRAY_LEN(ys); i++)
            if (ys[i] >= raw - 1e-9) {
                step = ys[i];
                break;
            }
    }
    int dec = 0;
    while (dec < 4 && fabs(step * pow(10, dec) - round(step * pow(10, dec))) > 1e-6)
        dec++;
    double first = ceil(lo / step - 1e-9) * step;
    for (double v = first; v <= hi + step * 1e-6 && t->n < 32; v += step) {
        double vv = fabs(v) < step * 1e-9 ? 0 : v;
        t->v[t->n] = vv;
        if (years)
            t->label[t->n] = pl_printf(&c->d->arena, "%d", (int)lround(vv));
        else {
            char buf[64];
            chiso_format_number(vv, dec, c->s->lang, buf, sizeof buf);
            t->label[t->n] = pl_printf(&c->d->arena, "%s%s", buf, pct ? "%" : "");
        }
        t->n++;
    }
}

/* ---- legend swatches --------------------------------------------------------------------------- */

static void swatch(lctx *c, const chiso_prim *p, double x, double y, double w, double h)
{
    uint32_t col = rgb_of(p->color);
    chiso_prim_kind k = (chiso_prim_kind)(int)p->x0;
    if (k == CHISO_PRIM_BAR || k == CHISO_PRIM_BAND) {
        if (p->style == CHISO_STYLE_HATCHED) {
            rect(c, x, y, x + w, y + h, pl_tint(col, 0.22), "legend");
            hatch(c, x, y, x + w, y + h, col, "legend");
        } else if (p->style == CHISO_STYLE_FADED) {
            rect(c, x, y, x + w, y + h, pl_tint(col, p->color == PL_GREY ? 0.55 : 0.3), "legend");
        } else {
            rect(c, x, y, x + w, y + h, col, "legend");
        }
    } else if (k == CHISO_PRIM_WHISKER) {
        rect(c, x, y, x + w, y + h, pl_tint(col, 0.3), "legend");
        line(c, x + 2, y + h / 2, x + w - 2, y + h / 2, col, 1.6, 0, "legend");
        line(c, x + 2, y + 1, x + 2, y + h - 1, col, 1.6, 0, "legend");
        line(c, x + w - 2, y + 1, x + w - 2, y + h - 1, col, 1.6, 0, "legend");
    } else if (k == CHISO_PRIM_LINE) {
        line(c, x, y + h / 2, x + w, y + h / 2, col, 2.2, p->style == CHISO_STYLE_DASHED, "legend");
    } else if (k == CHISO_PRIM_MARKER) {
        if (c->s->kind == CHISO_CHART_ATTAIN)
            line(c, x + w / 2, y - 1, x + w / 2, y + h + 1, col, p->style == CHISO_STYLE_DASHED ? 1.5 : 3,
                 p->style == CHISO_STYLE_DASHED, "legend");
        else {
            double xs[20], ys[20];
            for (int i = 0; i < 20; i++) {
                xs[i] = x + w / 2 + 4.5 * cos(2 * PL_PI * i / 20);
                ys[i] = y + h / 2 + 4.5 * sin(2 * PL_PI * i / 20);
            }
            polyline(c, 20, xs, ys, col, 1, 0, 1, "legend");
            line(c, x + w / 2, y - 2, x + w / 2, y + h + 2, col, 1.4, 0, "legend");
        }
    }
}

/* The legend in rows from y across [x0, x1]; returns the height used. */
static double legend(lctx *c, double x0, double x1, double y)
{
    const chiso_scene *s = c->s;
    double sw = 24, gap = 7, item_gap = 22, rowh = line_h(F_LEGEND) + 4;
    double x = x0, yy = y;
    int any = 0;
    for (size_t i = 0; i < s->n_prims; i++) {
        const chiso_prim *p = &s->prims[i];
        if (p->kind != CHISO_PRIM_LEGEND || !p->text)
            continue;
        int has_swatch = (int)p->x0 != CHISO_PRIM_TEXT;
        double lead = has_swatch ? sw + gap : 0;
        const char *t = pl_ellipsize(&c->d->arena, p->text, F_LEGEND, 0, x1 - x0 - lead);
        double w = lead + pl_text_width(t, F_LEGEND, 0);
        if (x > x0 && x + w > x1) {
            x = x0;
            yy += rowh;
        }
        if (has_swatch)
            swatch(c, p, x, yy + (rowh - 4 - 12) / 2, sw, 12);
        text_at(c, t, x + lead, yy, F_LEGEND, 0, C_TEXT, 0, 0, "legend");
        x += w + item_gap;
        any = 1;
    }
    return any ? yy + rowh - y : 0;
}

/* ---- a vertical chart in a box ----------------------------------------------------------------- */

typedef struct vsizes {
    double tick, value, small, axis;
} vsizes;

typedef struct vmap {
    box plot;
    double xmin, xmax, ymin, ymax;
} vmap;

static double VX(const vmap *m, double x)
{
    return m->plot.x0 + (x - m->xmin) / (m->xmax - m->xmin) * (m->plot.x1 - m->plot.x0);
}

static double VY(const vmap *m, double y)
{
    return m->plot.y1 - (y - m->ymin) / (m->ymax - m->ymin) * (m->plot.y1 - m->plot.y0);
}

/* The width a category label at x may take: its slot, less where the page or the y labels end. */
static double tick_room(const vmap *m, box b, double x, double slot)
{
    double px = VX(m, x);
    double room = fmin(slot, fmin(2 * (px - (m->plot.x0 - 4)), 2 * (b.x1 - px)));
    return room > 24 ? room : 24;
}

/* A category label, broken before " (" when wrap_all. */
static const char *tick_text(pl_arena *A, const char *t, int wrap_all)
{
    const char *paren = wrap_all && t ? strstr(t, " (") : NULL;
    if (!paren || paren == t)
        return t;
    char *out = pl_strdup(A, t);
    if (out)
        out[paren - t] = '\n';
    return out ? out : t;
}

static int has_role(const chiso_scene *s, int panel, chiso_prim_kind kind, const char *role)
{
    for (size_t i = 0; i < s->n_prims; i++)
        if (s->prims[i].panel == panel && s->prims[i].kind == kind && s->prims[i].role &&
            strcmp(s->prims[i].role, role) == 0)
            return 1;
    return 0;
}

static void arrow(lctx *c, double x, double y, double dx, double dy, uint32_t col)
{
    /* a small filled triangle pointing (dx, dy) with its tip at (x, y) */
    double xs[3] = {x, x - dx * 8 - dy * 5, x - dx * 8 + dy * 5}, ys[3] = {y, y - dy * 8 + dx * 5, y - dy * 8 - dx * 5};
    polyline(c, 3, xs, ys, col, 1, 0, 1, "interval");
}

static void draw_bar(lctx *c, const chiso_prim *p, double x0, double y0, double x1, double y1)
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

static void draw_whisker(lctx *c, const chiso_prim *p, double x, double ya, double yb, double cap, int horizontal)
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

static void circle(lctx *c, double x, double y, double r, uint32_t col, const char *role)
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

/* Lay out panel `panel` as a vertical chart in box b. */
static void vchart(lctx *c, int panel, box b, const vsizes *z)
{
    const chiso_scene *s = c->s;
    const pl_panel *P = &s->panels[panel];
    pl_arena *A = &c->d->arena;
    vmap m = {{0}, P->xmin, P->xmax, P->ymin, P->ymax};
    /* y ticks and the label column */
    ticks yt;
    make_ticks(c, P->ymin, P->ymax, b.y1 - b.y0 > 300 ? 5 : 4, 0, P->pct, &yt);
    double tw = 0;
    for (int i = 0; i < yt.n; i++)
        tw = fmax(tw, pl_text_width(yt.label[i], z->tick, 0));
    double left = b.x0 + (P->ylabel ? line_h(z->axis) + 6 : 0) + tw + 8;
    m.plot.x0 = left;
    m.plot.x1 = b.x1 - 8;
    /* room above the plot for labels over the bars (two lines: a value and a projection) */
    int two = has_role(s, panel, CHISO_PRIM_BAR, "projected");
    int notes = has_role(s, panel, CHISO_PRIM_TEXT, "scheme-note");
    double head = line_h(z->value) * (two ? 2 : 1) + 6 + (notes ? line_h(z->small) * 2 + 4 : 0);
    if (s->kind == CHISO_CHART_RATINGS && !notes)
        head = 8;
    m.plot.y0 = b.y0 + head;
    /* x tick labels: wrapped to the space of a category */
    double slot = 0;
    size_t n_ticks = 0;
    double min_gap = INFINITY, prevx = NAN;
    for (size_t i = 0; i < s->n_prims; i++) {
        const chiso_prim *p = &s->prims[i];
        if (p->kind != CHISO_PRIM_TICK || p->panel != panel)
            continue;
        n_ticks++;
        if (isfinite(prevx) && fabs(p->x0 - prevx) < min_gap)
            min_gap = fabs(p->x0 - prevx);
        prevx = p->x0;
    }
    double pw = m.plot.x1 - m.plot.x0;
    if (n_ticks)
        slot = (isfinite(min_gap) ? min_gap : (P->xmax - P->xmin)) / (P->xmax - P->xmin) * pw - 16;
    /* when one label must wrap, every label breaks before its "(years)", so that they read alike */
    int wrap_all = 0;
    for (size_t i = 0; i < s->n_prims; i++) {
        const chiso_prim *p = &s->prims[i];
        if (p->kind == CHISO_PRIM_TICK && p->panel == panel &&
            pl_text_width(p->text, z->tick, 0) > tick_room(&m, b, p->x0, slot))
            wrap_all = 1;
    }
    int tick_lines = 0;
    for (size_t i = 0; i < s->n_prims; i++) {
        const chiso_prim *p = &s->prims[i];
        if (p->kind == CHISO_PRIM_TICK && p->panel == panel) {
            int nl = count_lines(c, tick_text(A, p->text, wrap_all), z->tick, 0, tick_room(&m, b, p->x0, slot), 3);
            if (nl > tick_lines)
                tick_lines = nl;
        }
    }
    ticks xt = {0};
    if (!n_ticks && P->xyears) {
        /* a year's figures sit at its middle: so does its label */
        make_ticks(c, P->xmin - 0.5, P->xmax - 0.5, (int)fmax(2, pw / 90), 1, 0, &xt);
        for (int i = 0; i < xt.n; i++)
            xt.v[i] += 0.5;
        tick_lines = 1;
    }
    int cov = has_role(s, panel, CHISO_PRIM_TEXT, "coverage");
    double below = 5 + (cov ? line_h(z->small) + 2 : 0) + tick_lines * line_h(z->tick) + (P->xlabel ? line_h(z->axis) + 4 : 0);
    m.plot.y1 = b.y1 - below;
    if (m.plot.y1 - m.plot.y0 < 20) /* a tiny page: keep a sliver of a plot */
        m.plot.y1 = m.plot.y0 + 20;
    /* grid and y labels */
    for (int i = 0; i < yt.n; i++) {
        double y = VY(&m, yt.v[i]);
        if (yt.v[i] != P->ymin || P->ymin != 0)
            line(c, m.plot.x0, y, m.plot.x1, y, C_GRID, 1, 0, "grid");
        text_at(c, yt.label[i], m.plot.x0 - 6, y - line_h(z->tick) / 2, z->tick, 0, C_TEXT2, 1, 0, "tick");
    }
    if (P->ylabel) {
        const char *yl = pl_ellipsize(A, P->ylabel, z->axis, 0, m.plot.y1 - m.plot.y0);
        text_at(c, yl, b.x0 + line_h(z->axis) / 2, (m.plot.y0 + m.plot.y1) / 2, z->axis, 0, C_TEXT2, 0.5, 1, "axis-label");
    }
    /* bands, bars, lines, whiskers, markers */
    double bar_px = 0;
    for (int pass = 0; pass < 5; pass++) {
        for (size_t i = 0; i < s->n_prims; i++) {
            const chiso_prim *p = &s->prims[i];
            if (p->panel != panel)
                continue;
            if (pass == 0 && p->kind == CHISO_PRIM_BAND && p->n >= 2) {
                size_t n = p->n;
                double *xs = pl_alloc(A, 2 * n * sizeof *xs), *ys = pl_alloc(A, 2 * n * sizeof *ys);
                if (!xs || !ys)
                    continue;
                for (size_t k = 0; k < n; k++) {
                    xs[k] = VX(&m, p->xs[k]);
                    ys[k] = VY(&m, p->ys_hi[k]);
                    xs[2 * n - 1 - k] = VX(&m, p->xs[k]);
                    ys[2 * n - 1 - k] = VY(&m, p->ys[k]);
                }
                polyline(c, 2 * n, xs, ys, pl_tint(rgb_of(p->color), 0.16), 1, 0, 1, p->role);
            } else if (pass == 1 && p->kind == CHISO_PRIM_BAR) {
                double x0 = VX(&m, p->x0), x1 = VX(&m, p->x1);
                bar_px = x1 - x0;
                draw_bar(c, p, x0, VY(&m, p->y1), x1, VY(&m, p->y0));
            } else if (pass == 2 && p->kind == CHISO_PRIM_LINE && p->n >= 2) {
                double *xs = pl_alloc(A, p->n * sizeof *xs), *ys = pl_alloc(A, p->n * sizeof *ys);
                if (!xs || !ys)
                    continue;
                for (size_t k = 0; k < p->n; k++) {
                    xs[k] = VX(&m, p->xs[k]);
                    ys[k] = VY(&m, p->ys[k]);
                }
                int scheme = p->role && strcmp(p->role, "scheme-change") == 0;
                if (scheme) {
                    ys[0] = m.plot.y1;
                    ys[p->n - 1] = m.plot.y0 - (notes ? line_h(z->small) * 2 + 2 : 0);
                }
                polyline(c, p->n, xs, ys, rgb_of(p->color), scheme ? 1.2 : 2.4, p->style == CHISO_STYLE_DASHED, 0,
                         p->role);
            } else if (pass == 3 && p->kind == CHISO_PRIM_WHISKER) {
                double cap = fmin(bar_px > 0 ? bar_px * 0.28 : 6, 9);
                draw_whisker(c, p, VX(&m, p->x0), VY(&m, p->y0), VY(&m, p->y1), fmax(cap, 4), 0);
            } else if (pass == 4 && p->kind == CHISO_PRIM_MARKER) {
                circle(c, VX(&m, p->x0), VY(&m, p->y0), 5, rgb_of(p->color), p->role);
            }
        }
    }
    /* the axis line at zero (or the bottom) */
    double y_base = VY(&m, P->ymin <= 0 && P->ymax >= 0 ? 0 : P->ymin);
    line(c, m.plot.x0, y_base, m.plot.x1, y_base, C_AXIS, 1.2, 0, "axis");
    /* x tick labels, coverage under the bars */
    double ty = m.plot.y1 + 5;
    double cov_y = ty;
    if (cov)
        ty += line_h(z->small) + 2;
    for (size_t i = 0; i < s->n_prims; i++) {
        const chiso_prim *p = &s->prims[i];
        if (p->kind != CHISO_PRIM_TICK || p->panel != panel)
            continue;
        double x = VX(&m, p->x0);
        line(c, x, m.plot.y1, x, m.plot.y1 + 4, C_AXIS, 1, 0, "axis");
        para(c, tick_text(A, p->text, wrap_all), x, ty, tick_room(&m, b, p->x0, slot), 3, z->tick, 0, C_TEXT, 0.5,
             "tick");
    }
    for (int i = 0; i < xt.n; i++) {
        double x = VX(&m, xt.v[i]);
        if (x < m.plot.x0 - 0.5 || x > m.plot.x1 + 0.5)
            continue;
        line(c, x, m.plot.y1, x, m.plot.y1 + 4, C_AXIS, 1, 0, "axis");
        try_text(c, xt.label[i], x, ty, z->tick, 0, C_TEXT, 0.5, 0, "tick");
    }
    if (P->xlabel)
        text_at(c, pl_ellipsize(A, P->xlabel, z->axis, 0, pw), (m.plot.x0 + m.plot.x1) / 2,
                ty + tick_lines * line_h(z->tick) + 2, z->axis, 0, C_TEXT2, 0.5, 0, "axis-label");
    /* coverage: identical notes of one category are written once, at its middle */
    for (size_t i = 0; i < s->n_prims; i++) {
        const chiso_prim *p = &s->prims[i];
        if (p->kind != CHISO_PRIM_TEXT || p->panel != panel || !p->role || !p->text)
            continue;
        if (strcmp(p->role, "coverage") == 0) {
            int first = 1, all_same = 1;
            double xa = p->x0, xb = p->x0;
            for (size_t j = 0; j < s->n_prims; j++) {
                const chiso_prim *q = &s->prims[j];
                if (q == p || q->kind != CHISO_PRIM_TEXT || q->panel != panel || !q->role ||
                    strcmp(q->role, "coverage") != 0 || lround(q->x0) != lround(p->x0))
                    continue;
                if (j < i)
                    first = 0;
                all_same &= strcmp(q->text, p->text) == 0;
                xa = fmin(xa, q->x0);
                xb = fmax(xb, q->x0);
            }
            if (all_same && !first)
                continue;
            double x = all_same ? VX(&m, (xa + xb) / 2) : VX(&m, p->x0);
            double size = z->small;
            const char *t = p->text;
            double room = all_same ? slot : fmax(bar_px, 10);
            while (pl_text_width(t, size, 0) > room + 4 && size > z->small * 0.8)
                size -= 0.5;
            if (!try_text(c, t, x, cov_y, size, 0, C_TEXT2, 0.5, 0, "coverage"))
                c->d->dropped++;
        } else if (strcmp(p->role, "missing") == 0) {
            if (!try_text(c, p->text, VX(&m, p->x0), y_base - line_h(z->value) - 2, z->value, 0, C_TEXT2, 0.5, 0,
                          "missing"))
                c->d->dropped++;
        }
    }
    /* labels of bars and points */
    for (size_t i = 0; i < s->n_prims; i++) {
        const chiso_prim *p = &s->prims[i];
        if (p->panel != panel || !p->text || !p->role)
            continue;
        if (p->kind == CHISO_PRIM_BAR && s->kind == CHISO_CHART_RATINGS) {
            /* inside its segment, when it fits */
            double x0 = VX(&m, p->x0), x1 = VX(&m, p->x1), ya = VY(&m, p->y1), yb = VY(&m, p->y0);
            double size = z->value, w = pl_text_width(p->text, size, 0), h = line_h(size);
            if (yb - ya < h + 1 || w > x1 - x0 - 4) {
                c->d->dropped++;
                continue;
            }
            uint32_t col = rgb_of(p->color);
            int hatched = p->style == CHISO_STYLE_HATCHED;
            if (hatched)
                rect(c, (x0 + x1) / 2 - w / 2 - 3, (ya + yb) / 2 - h / 2, (x0 + x1) / 2 + w / 2 + 3, (ya + yb) / 2 + h / 2,
                     0xFFFFFFu, "label-bg");
            if (!try_text(c, p->text, (x0 + x1) / 2, (ya + yb) / 2 - h / 2, size, 0,
                          !hatched && dark(col) ? 0xFFFFFFu : C_TEXT, 0.5, 0, "value-label"))
                c->d->dropped++;
            continue;
        }
        if (p->kind == CHISO_PRIM_BAR) {
            int projected = strcmp(p->role, "projected") == 0;
            double x0 = VX(&m, p->x0), x1 = VX(&m, p->x1), xc = (x0 + x1) / 2;
            double top = VY(&m, p->y1);
            /* a stacked projection above this bar? then the value goes inside the solid part */
            const chiso_prim *above = NULL;
            for (size_t j = 0; j < s->n_prims && !projected; j++) {
                const chiso_prim *q = &s->prims[j];
                if (q->panel == panel && q->kind == CHISO_PRIM_BAR && q->role && strcmp(q->role, "projected") == 0 &&
                    fabs(q->x0 - p->x0) < 1e-9 && q->key && p->key && strcmp(q->key, p->key) == 0)
                    above = q;
            }
            double room = (x1 - x0) / 0.88 - 2;
            double size = projected ? z->small : z->value;
            uint32_t col = projected ? C_TEXT2 : C_TEXT;
            double w = pl_text_width(p->text, size, 0), h = line_h(size);
            while (w > room && size > z->small * 0.85) {
                size -= 0.5;
                w = pl_text_width(p->text, size, 0);
                h = line_h(size);
            }
            int placed = 0;
            if (above) {
                double yb = VY(&m, p->y0);
                if (yb - top >= h + 4 && w <= x1 - x0 - 2)
                    placed = try_text(c, p->text, xc, top + 2, size, 0, dark(rgb_of(p->color)) ? 0xFFFFFFu : C_TEXT, 0.5,
                                      0, "value-label");
                if (!placed) {
                    /* above the projection, under its own label */
                    double ptop = VY(&m, above->y1);
                    placed = try_text(c, p->text, xc, ptop - h - 2, size, 0, col, 0.5, 0, "value-label");
                }
            } else {
                double lift = 0;
                if (projected) {
                    /* above the value label that sits on top of this projection */
                    lift = 0;
                    for (size_t j = 0; j < s->n_prims; j++) {
                        const chiso_prim *q = &s->prims[j];
                        if (q->panel == panel && q->kind == CHISO_PRIM_BAR && q->role && strcmp(q->role, "value") == 0 &&
                            fabs(q->x0 - p->x0) < 1e-9 && q->key && p->key && strcmp(q->key, p->key) == 0) {
                            double qs = z->value, qh = line_h(qs), qtop = VY(&m, q->y1), qb = VY(&m, q->y0);
                            double qw = pl_text_width(q->text, qs, 0);
                            if (!(qb - qtop >= qh + 4 && qw <= x1 - x0 - 2))
                                lift = qh;
                        }
                    }
                }
                if (p->flags & CHISO_PRIM_OPEN_HI) {
                    /* under the arrow, inside the faded range */
                    double yb = VY(&m, p->y0);
                    if (yb - top >= h + 16 && w <= room)
                        placed = try_text_bg(c, p->text, xc, top + 12, size, 0, col, 0.5);
                    top -= 9;
                }
                if (!placed)
                    placed = w <= room && try_text(c, p->text, xc, top - h - 2 - lift, size, 0, col, 0.5, 0, "value-label");
                if (!placed) /* standing on its end above the bar */
                    placed = try_text(c, p->text, xc, top - 3 - lift, size, 0, col, 0, 1, "value-label");
            }
            if (!placed)
                c->d->dropped++;
        } else if (p->kind == CHISO_PRIM_MARKER && strcmp(p->role, "point") == 0) {
            double x = VX(&m, p->x0), y = VY(&m, p->y0), size = z->value, h = line_h(size);
            int placed = try_text(c, p->text, x + 8, y - h / 2, size, 0, C_TEXT, 0, 0, "point-label") ||
                         try_text(c, p->text, x, y - h - 7, size, 0, C_TEXT, 0.5, 0, "point-label") ||
                         try_text(c, p->text, x - 8, y - h / 2, size, 0, C_TEXT, 1, 0, "point-label") ||
                         try_text(c, p->text, x, y + 7, size, 0, C_TEXT, 0.5, 0, "point-label");
            if (!placed)
                c->d->dropped++;
        } else if (p->kind == CHISO_PRIM_TEXT && strcmp(p->role, "scheme-note") == 0) {
            double x = VX(&m, p->x0) + 4, size = z->small, h = line_h(size);
            const char *t = pl_ellipsize(A, p->text, size, 0, b.x1 - x);
            if (!try_text(c, t, x, m.plot.y0 - 2 * h - 4, size, 0, C_TEXT2, 0, 0, "scheme-note") &&
                !try_text(c, t, x, m.plot.y0 - h - 2, size, 0, C_TEXT2, 0, 0, "scheme-note"))
                c->d->dropped++;
        }
    }
}

/* ---- attain rows ------------------------------------------------------------------------------- */

static void attain_rows(lctx *c, box b)
{
    const chiso_scene *s = c->s;
    pl_arena *A = &c->d->arena;
    int n = s->n_panels;
    if (n <= 0)
        return;
    double row_h = (b.y1 - b.y0) / n;
    double W = b.x1 - b.x0;
    double lw = W * 0.36, vw = W * 0.15;
    double px0 = b.x0 + lw + 16, px1 = b.x1 - vw - 16;
    double fs = F_TICK, fn = F_SMALL, fv = F_SMALL;
    for (int r = 0; r < n; r++) {
        const pl_panel *P = &s->panels[r];
        double ya = b.y0 + r * row_h, yb = ya + row_h;
        if (r % 2 == 0)
            rect(c, b.x0 - 6, ya, b.x1 + 6, yb, C_STRIPE, "stripe");
        double bh = fmin(row_h * 0.5, 30), yc = ya + row_h * 0.42;
        /* data y in [-0.5, 0.5] maps to [yc + bh, yc - bh] */
#define AX(v) (px0 + ((v) - P->xmin) / (P->xmax - P->xmin) * (px1 - px0))
#define AY(v) (yc - (v) * 2 * bh)
        /* the label column */
        const chiso_prim *tick = NULL, *note = NULL, *verdict = NULL;
        for (size_t i = 0; i < s->n_prims; i++) {
            const chiso_prim *p = &s->prims[i];
            if (p->panel != r || !p->role)
                continue;
            if (p->kind == CHISO_PRIM_TICK)
                tick = p;
            else if (p->kind == CHISO_PRIM_TEXT && strcmp(p->role, "row-note") == 0)
                note = p;
            else if (p->kind == CHISO_PRIM_TEXT && strcmp(p->role, "verdict") == 0)
                verdict = p;
        }
        /* the label in up to three lines, in a smaller size if it needs more room than the row has */
        int max_lines = 1, nl = 0;
        for (fs = F_TICK; tick && fs >= F_SMALL - 1.5; fs -= 0.5) {
            max_lines = (int)floor((row_h - 4 - (note ? line_h(fn) : 0)) / line_h(fs));
            max_lines = max_lines > 3 ? 3 : max_lines < 1 ? 1 : max_lines;
            nl = count_lines(c, tick->text, fs, 0, lw, 4);
            if (nl <= max_lines)
                break;
        }
        if (fs < F_SMALL - 1.5)
            fs = F_SMALL - 1.5;
        if (nl > max_lines)
            nl = max_lines;
        double block = nl * line_h(fs) + (note ? line_h(fn) : 0);
        double ly = ya + (row_h - block) / 2;
        if (tick)
            ly += para(c, tick->text, b.x0, ly, lw, max_lines, fs, 0, C_TEXT, 0, "row");
        if (note)
            text_at(c, pl_ellipsize(A, note->text, fn, 0, lw), b.x0, ly, fn, 0, C_TEXT2, 0, 0, "row-note");
        /* the bars and markers */
        double axis_y = AY(-0.5);
        line(c, px0, yc - bh, px0, yc + bh, C_AXIS, 1, 0, "axis");
        for (int pass = 0; pass < 3; pass++)
            for (size_t i = 0; i < s->n_prims; i++) {
                const chiso_prim *p = &s->prims[i];
                if (p->panel != r)
                    continue;
                if (pass == 0 && p->kind == CHISO_PRIM_BAR)
                    draw_bar(c, p, AX(p->x0), AY(p->y1), AX(p->x1), AY(p->y0));
                else if (pass == 1 && p->kind == CHISO_PRIM_WHISKER)
                    draw_whisker(c, p, yc, AX(p->x0), AX(p->x1), bh * 0.35, 1);
                else if (pass == 2 && p->kind == CHISO_PRIM_MARKER) {
                    double x = AX(p->x0);
                    uint32_t col = rgb_of(p->color);
                    if (p->role && strcmp(p->role, "projected") == 0) {
                        double xs[4] = {x, x + 6, x, x - 6}, ys[4] = {yc - 6, yc, yc + 6, yc};
                        polyline(c, 4, xs, ys, col, 1, 0, 1, p->role);
                    } else {
                        int dashed = p->style == CHISO_STYLE_DASHED;
                        line(c, x, AY(p->y1), x, AY(p->y0), col, dashed ? 1.5 : 3.2, dashed, p->role);
                    }
                }
            }
        (void)axis_y;
        /* the verdict first: it must be there; then the labels, each where it meets no other text */
        if (verdict && verdict->text) {
            const char *lines[4];
            int vn = pl_wrap(A, verdict->text, F_VALUE, 1, vw, 3, lines);
            double vy = ya + (row_h - vn * line_h(F_VALUE)) / 2;
            for (int k = 0; k < vn; k++)
                text_at(c, lines[k], b.x1 - vw, vy + k * line_h(F_VALUE), k ? F_SMALL : F_VALUE, k == 0,
                        k ? C_TEXT2 : text_rgb(verdict->color), 0, 0, "verdict");
        }
        double mx[8];
        int nm = 0;
        for (size_t i = 0; i < s->n_prims && nm < 8; i++)
            if (s->prims[i].panel == r && s->prims[i].kind == CHISO_PRIM_MARKER)
                mx[nm++] = AX(s->prims[i].x0);
        for (size_t i = 0; i < s->n_prims; i++) {
            const chiso_prim *p = &s->prims[i];
            if (p->panel != r || !p->text || !p->role)
                continue;
            double h = line_h(fv);
            if (p->kind == CHISO_PRIM_BAR && strcmp(p->role, "actual") == 0) {
                double xa = AX(p->x0), xe = AX(p->x1), w = pl_text_width(p->text, F_VALUE, 1), ty = yc - line_h(F_VALUE) / 2;
                int open = (p->flags & CHISO_PRIM_OPEN_HI) != 0, solid = p->style == CHISO_STYLE_SOLID;
                /* candidates: inside a range; right of the bar's end or of a marker past it; inside a solid
                   bar; left of the bar. The first that crosses no marker wins, then the first that fits. */
                double cand_x[12], cand_j[12];
                uint32_t cand_c[12];
                int nc = 0;
                if (!solid && xe - xa >= w + 10) {
                    cand_x[nc] = (xa + xe) / 2;
                    cand_j[nc] = 0.5;
                    cand_c[nc++] = C_TEXT;
                }
                cand_x[nc] = xe + (open ? 13 : 5);
                cand_j[nc] = 0;
                cand_c[nc++] = C_TEXT;
                for (int k = 0; k < nm && nc < 10; k++)
                    if (mx[k] > xe) {
                        cand_x[nc] = mx[k] + 5;
                        cand_j[nc] = 0;
                        cand_c[nc++] = C_TEXT;
                    }
                if (solid && xe - xa >= w + 8) {
                    cand_x[nc] = xe - 4;
                    cand_j[nc] = 1;
                    cand_c[nc++] = dark(rgb_of(p->color)) ? 0xFFFFFFu : C_TEXT;
                }
                if (nc < 12) {
                    cand_x[nc] = xa - 5;
                    cand_j[nc] = 1;
                    cand_c[nc++] = C_TEXT;
                }
                int placed = 0;
                for (int pass = 0; pass < 2 && !placed; pass++)
                    for (int k = 0; k < nc && !placed; k++) {
                        double bx0 = cand_x[k] - cand_j[k] * w, bx1 = bx0 + w;
                        if (bx0 < px0 - 2 || bx1 > px1 + 4)
                            continue;
                        int crossed = 0;
                        for (int q = 0; q < nm; q++)
                            crossed |= mx[q] > bx0 - 3 && mx[q] < bx1 + 3;
                        if (pass == 0 && crossed)
                            continue;
                        placed = try_text(c, p->text, cand_x[k], ty, F_VALUE, 1, cand_c[k], cand_j[k], 0, "value-label");
                    }
                if (!placed)
                    c->d->dropped++;
            } else if (p->kind == CHISO_PRIM_MARKER) {
                double x = AX(p->x0), y = yc + bh + 1, w = pl_text_width(p->text, fv, 0);
                if (y + h > yb)
                    y = yb - h;
                double just = x + w / 2 > px1 ? 1 : x - w / 2 < px0 ? 0 : 0.5;
                if (!try_text(c, p->text, x, y, fv, 0, strcmp(p->role, "target") == 0 ? C_TEXT : rgb_of(p->color), just,
                              0, "marker-label"))
                    c->d->dropped++;
            }
        }
#undef AX
#undef AY
    }
}

/* ---- the page ---------------------------------------------------------------------------------- */

static double header(lctx *c)
{
    const chiso_scene *s = c->s;
    double W = c->d->w, y = MARGIN - 4;
    if (s->title)
        y += para(c, s->title, MARGIN, y, W - 2 * MARGIN, 2, F_TITLE, 1, C_TEXT, 0, "title");
    if (s->subtitle)
        y += para(c, s->subtitle, MARGIN, y, W - 2 * MARGIN, 2, F_SUB, 0, C_TEXT2, 0, "subtitle") + 4;
    y += 4;
    y += legend(c, MARGIN, W - MARGIN, y);
    return y + 6;
}

static double footer(lctx *c)
{
    const chiso_scene *s = c->s;
    double W = c->d->w, yb = c->d->h - MARGIN + 6;
    if (s->source) {
        yb -= line_h(F_SOURCE);
        text_at(c, pl_ellipsize(&c->d->arena, s->source, F_SOURCE, 0, W - 2 * MARGIN), MARGIN, yb, F_SOURCE, 0,
                0x666666u, 0, 0, "source");
        text_at(c, "chiso " CHISO_VERSION, W - MARGIN, yb, F_SOURCE, 0, 0x999999u, 1, 0, "source");
        /* the two must not meet: shorten the source line to leave room */
        pl_op *src = &c->d->ops[c->d->n - 2], *ver = &c->d->ops[c->d->n - 1];
        if (src->kind == PL_OP_TEXT && ver->kind == PL_OP_TEXT && src->x1 > ver->x0 - 12) {
            const char *t = pl_ellipsize(&c->d->arena, s->source, F_SOURCE, 0, ver->x0 - 12 - MARGIN);
            src->text = t;
            src->x1 = src->x0 + pl_text_width(t, F_SOURCE, 0);
        }
    }
    /* captions, last first, upwards */
    double total = 0;
    int nlines[16];
    size_t nc = 0;
    const chiso_prim *caps[16];
    for (size_t i = 0; i < s->n_prims && nc < 16; i++) {
        const chiso_prim *p = &s->prims[i];
        if (p->kind == CHISO_PRIM_TEXT && p->panel < 0 && p->role &&
            (strcmp(p->role, "caption") == 0 || strcmp(p->role, "note") == 0) && p->text) {
            caps[nc] = p;
            nlines[nc] = count_lines(c, p->text, F_CAPTION, 0, W - 2 * MARGIN, 3);
            total += nlines[nc] * line_h(F_CAPTION);
            nc++;
        }
    }
    if (nc) {
        yb -= total + 6;
        double y = yb;
        for (size_t i = 0; i < nc; i++)
            y += para(c, caps[i]->text, MARGIN, y, W - 2 * MARGIN, 3, F_CAPTION, 0, C_TEXT, 0, "caption");
    }
    return yb - 14;
}

void pl_display_free(pl_display *d)
{
    if (!d)
        return;
    free(d->ops);
    pl_arena_free(&d->arena);
    memset(d, 0, sizeof *d);
}

static int finite_prim(const chiso_prim *p)
{
    if (p->kind == CHISO_PRIM_TEXT || p->kind == CHISO_PRIM_TICK || p->kind == CHISO_PRIM_LEGEND)
        return isfinite(p->x0) && isfinite(p->y0);
    if (p->kind == CHISO_PRIM_LINE || p->kind == CHISO_PRIM_BAND) {
        if (!p->xs || !p->ys || (p->kind == CHISO_PRIM_BAND && !p->ys_hi))
            return 0;
        for (size_t k = 0; k < p->n; k++)
            if (!isfinite(p->xs[k]) || !isfinite(p->ys[k]) || (p->ys_hi && !isfinite(p->ys_hi[k])))
                return 0;
        return 1;
    }
    return isfinite(p->x0) && isfinite(p->x1) && isfinite(p->y0) && isfinite(p->y1);
}

chiso_status pl_layout(const chiso_scene *s, double w, double h, pl_display *out, chiso_error *err)
{
    memset(out, 0, sizeof *out);
    if (!s)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    if (!(w >= 200 && h >= 150 && w <= 20000 && h <= 20000))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                               _("a chart needs a page of at least 200 × 150 units at 96 dpi (not %.0f × %.0f)"), w, h);
    /* validate the scene before anything is drawn */
    if (s->n_panels <= 0)
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, "%s", _("the chart has nothing to draw"));
    for (int i = 0; i < s->n_panels; i++) {
        const pl_panel *P = &s->panels[i];
        if (!isfinite(P->xmin) || !isfinite(P->xmax) || !isfinite(P->ymin) || !isfinite(P->ymax) ||
            !(P->xmax > P->xmin) || !(P->ymax > P->ymin))
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                                   _("panel %d has an empty or non-finite range: nothing can be drawn"), i);
    }
    for (size_t i = 0; i < s->n_prims; i++) {
        const chiso_prim *p = &s->prims[i];
        if (!finite_prim(p))
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0,
                                   _("a value of the chart is not finite (%s %s): it cannot be drawn"),
                                   p->role ? p->role : "?", p->key ? p->key : "");
        if (p->panel >= s->n_panels)
            return chiso_error_set(err, CHISO_EINTERNAL, NULL, 0, 0, "primitive %zu names panel %d of %d", i, p->panel,
                                   s->n_panels);
    }
    out->w = w;
    out->h = h;
    lctx c = {s, out, 1};
    double top = header(&c);
    double bottom = footer(&c);
    if (bottom - top < 40) {
        pl_display_free(out);
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0,
                               _("the page is too small for this chart's titles and notes (%.0f × %.0f)"), w, h);
    }
    box area = {MARGIN, top, w - MARGIN, bottom};
    if (s->kind == CHISO_CHART_ATTAIN) {
        attain_rows(&c, area);
    } else if (s->kind == CHISO_CHART_DASHBOARD && s->n_panels > 0) {
        int cols = s->grid_cols > 0 ? s->grid_cols : 1, rows = s->grid_rows > 0 ? s->grid_rows : s->n_panels;
        double gx = 28, gy = 16;
        double cw = (area.x1 - area.x0 - gx * (cols - 1)) / cols, ch = (area.y1 - area.y0 - gy * (rows - 1)) / rows;
        vsizes z = {F_SMALL, F_SMALL, F_SMALL - 1, F_SMALL};
        for (int p = 0; p < s->n_panels; p++) {
            double x0 = area.x0 + (p % cols) * (cw + gx), y0 = area.y0 + (p / cols) * (ch + gy);
            double th = 0;
            if (s->panels[p].title)
                th = para(&c, s->panels[p].title, x0, y0, cw, 2, F_AXIS, 1, C_TEXT, 0, "panel-title") + 2;
            vchart(&c, p, (box){x0, y0 + th, x0 + cw, y0 + ch}, &z);
        }
    } else {
        vsizes z = {F_TICK, F_VALUE, F_SMALL, F_AXIS};
        vchart(&c, 0, area, &z);
    }
    if (out->arena.oom) {
        pl_display_free(out);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    /* every coordinate must be finite before plplot sees it */
    for (size_t i = 0; i < out->n; i++) {
        const pl_op *o = &out->ops[i];
        int ok = isfinite(o->x0) && isfinite(o->y0) && isfinite(o->x1) && isfinite(o->y1) && isfinite(o->tx) &&
                 isfinite(o->ty);
        for (size_t k = 0; ok && k < o->n; k++)
            ok = isfinite(o->xs[k]) && isfinite(o->ys[k]);
        if (!ok) {
            pl_display_free(out);
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 0, "%s",
                                   _("the chart's layout has a coordinate that is not finite"));
        }
    }
    return CHISO_OK;
}

long pl_display_overlap(const pl_display *d, double tol, size_t *other)
{
    for (size_t i = 0; i < d->n; i++) {
        const pl_op *a = &d->ops[i];
        if (a->kind != PL_OP_TEXT)
            continue;
        for (size_t j = i + 1; j < d->n; j++) {
            const pl_op *b = &d->ops[j];
            if (b->kind != PL_OP_TEXT)
                continue;
            if (a->x0 < b->x1 - tol && b->x0 < a->x1 - tol && a->y0 < b->y1 - tol && b->y0 < a->y1 - tol) {
                if (other)
                    *other = j;
                return (long)i;
            }
        }
    }
    return -1;
}

void pl_default_size(const chiso_scene *s, int format, int *w, int *h)
{
    if (format == 2) {
        *w = 842; /* A4 landscape, points */
        *h = 595;
        if (s && s->kind == CHISO_CHART_ATTAIN && s->rows_hint > 10) {
            *w = 595; /* many targets: A4 portrait */
            *h = 842;
        }
        return;
    }
    *w = 1200;
    *h = 750;
    if (s && s->kind == CHISO_CHART_ATTAIN && s->rows_hint > 0) {
        int need = 210 + 52 * s->rows_hint;
        if (need > *h)
            *h = need;
    }
}

double pl_format_scale(int format, int dpi)
{
    if (format == 0)
        return (dpi > 0 ? dpi : 96) / 96.0;
    if (format == 2)
        return 0.75;
    return 1.0;
}

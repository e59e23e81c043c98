/*
 * plots/layout_vchart.c — a vertical chart laid out in a box: ticks at round values, axes, bars, lines, bands,
 * whiskers and their value labels.
 */
#include "plots/layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- a vertical chart in a box ----------------------------------------------------------------- */

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

/* Lay out panel `panel` as a vertical chart in box b. */
void vchart(lctx *c, int panel, box b, const vsizes *z)
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
        text_para(c, tick_text(A, p->text, wrap_all), x, ty, tick_room(&m, b, p->x0, slot), 3, z->tick, 0, C_TEXT, 0.5,
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

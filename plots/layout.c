/* plots/layout.c — placing a scene on a page: titles, legend, axes, bars, labels, captions and the source
 * line, in design units (pixels at 96 dpi, y down). Texts are measured with the chart font's metrics
 * (text.c); long ones are wrapped or shortened, optional labels that would overlap another text are moved
 * or left out (counted in pl_display.dropped), so that no text overlaps another at any size the page
 * allows. No plplot here: the display list is drawn by render.c and checked by the tests.
 *
 * This file lays out the page; the display list, the vertical charts and the rows of the targets chart are
 * in files of their own, listed in layout_int.h. */
#include "plots/layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- the page ---------------------------------------------------------------------------------- */

static double header(lctx *c)
{
    const chiso_scene *s = c->s;
    double W = c->d->w, y = MARGIN - 4;
    if (s->title)
        y += text_para(c, s->title, MARGIN, y, W - 2 * MARGIN, 2, F_TITLE, 1, C_TEXT, 0, "title");
    if (s->subtitle)
        y += text_para(c, s->subtitle, MARGIN, y, W - 2 * MARGIN, 2, F_SUB, 0, C_TEXT2, 0, "subtitle") + 4;
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
            y += text_para(c, caps[i]->text, MARGIN, y, W - 2 * MARGIN, 3, F_CAPTION, 0, C_TEXT, 0, "caption");
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
                th = text_para(&c, s->panels[p].title, x0, y0, cw, 2, F_AXIS, 1, C_TEXT, 0, "panel-title") + 2;
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

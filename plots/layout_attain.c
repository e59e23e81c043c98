/*
 * plots/layout_attain.c — the rows of the targets chart: one row a target, with its label, its bar against the
 * target, the interval of the figure and the marks of the verdict.
 */
#include "plots/layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- attain rows ------------------------------------------------------------------------------- */

void attain_rows(lctx *c, box b)
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
            ly += text_para(c, tick->text, b.x0, ly, lw, max_lines, fs, 0, C_TEXT, 0, "row");
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

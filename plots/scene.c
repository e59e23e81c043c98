/* plots/scene.c — scenes: the arena, primitives and panels, accessors, options and names. */
#include "plots/plots_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena ------------------------------------------------------------------------------------- */

struct pl_block {
    pl_block *next;
    size_t used, cap;
    double data[]; /* aligned for any value we store */
};

#define PL_BLOCK_MIN 16384

void *pl_alloc(pl_arena *a, size_t n)
{
    if (a->oom)
        return NULL;
    n = (n + 15) & ~(size_t)15;
    pl_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > PL_BLOCK_MIN ? n : PL_BLOCK_MIN;
        b = malloc(sizeof *b + cap);
        if (!b) {
            a->oom = 1;
            return NULL;
        }
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *pl_strdup(pl_arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = pl_alloc(a, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *pl_printf(pl_arena *a, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    if ((size_t)n < sizeof small)
        return pl_strdup(a, small);
    char *p = pl_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void pl_arena_free(pl_arena *a)
{
    pl_block *b = a->head;
    while (b) {
        pl_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->oom = 0;
}

/* ---- scenes ------------------------------------------------------------------------------------ */

chiso_scene *pl_scene_new(chiso_chart_kind kind, chiso_lang lang)
{
    chiso_scene *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->kind = kind;
    s->lang = lang;
    return s;
}

void chiso_scene_free(chiso_scene *s)
{
    if (!s)
        return;
    free(s->panels);
    free(s->prims);
    pl_arena_free(&s->arena);
    free(s);
}

int pl_scene_panel(chiso_scene *s, const pl_panel *p)
{
    size_t cap = (size_t)s->cap_panels;
    if (chiso_grow((void **)&s->panels, &cap, (size_t)s->n_panels + 1, sizeof *s->panels) != 0) {
        s->arena.oom = 1;
        return -1;
    }
    s->cap_panels = (int)cap;
    s->panels[s->n_panels] = *p;
    return s->n_panels++;
}

long pl_scene_add(chiso_scene *s, const chiso_prim *p)
{
    if (chiso_grow((void **)&s->prims, &s->cap_prims, s->n_prims + 1, sizeof *s->prims) != 0) {
        s->arena.oom = 1;
        return -1;
    }
    s->prims[s->n_prims] = *p;
    return (long)s->n_prims++;
}

long pl_add_bar(chiso_scene *s, int panel, chiso_prim_style st, int color, double x0, double x1, double y0,
                double y1, const char *role, const char *key, const char *text)
{
    chiso_prim p = {0};
    p.kind = CHISO_PRIM_BAR;
    p.style = st;
    p.panel = panel;
    p.color = color;
    p.x0 = x0;
    p.x1 = x1;
    p.y0 = y0;
    p.y1 = y1;
    p.role = role;
    p.key = key;
    p.text = text;
    return pl_scene_add(s, &p);
}

long pl_add_text(chiso_scene *s, int panel, double x, double y, const char *role, const char *key,
                 const char *text, int color)
{
    chiso_prim p = {0};
    p.kind = CHISO_PRIM_TEXT;
    p.panel = panel;
    p.color = color;
    p.x0 = x;
    p.y0 = y;
    p.role = role;
    p.key = key;
    p.text = text;
    return pl_scene_add(s, &p);
}

long pl_add_legend(chiso_scene *s, chiso_prim_kind swatch, chiso_prim_style st, int color, const char *text)
{
    chiso_prim p = {0};
    p.kind = CHISO_PRIM_LEGEND;
    p.style = st;
    p.panel = -1;
    p.color = color;
    p.x0 = (double)swatch;
    p.role = "legend";
    p.text = text;
    return pl_scene_add(s, &p);
}

size_t chiso_scene_count(const chiso_scene *s)
{
    return s ? s->n_prims : 0;
}

const chiso_prim *chiso_scene_get(const chiso_scene *s, size_t i)
{
    return s && i < s->n_prims ? &s->prims[i] : NULL;
}

const char *chiso_scene_title(const chiso_scene *s)
{
    return s ? s->title : NULL;
}

const char *chiso_scene_subtitle(const chiso_scene *s)
{
    return s ? s->subtitle : NULL;
}

const char *chiso_scene_source(const chiso_scene *s)
{
    return s ? s->source : NULL;
}

chiso_chart_kind chiso_scene_kind(const chiso_scene *s)
{
    return s ? s->kind : CHISO_CHART_COMPARE;
}

int chiso_scene_panels(const chiso_scene *s)
{
    return s ? s->n_panels : 0;
}

void chiso_scene_axes(const chiso_scene *s, int panel, double *xmin, double *xmax, double *ymin, double *ymax,
                      const char **xlabel, const char **ylabel)
{
    const pl_panel *p = s && panel >= 0 && panel < s->n_panels ? &s->panels[panel] : NULL;
    if (xmin)
        *xmin = p ? p->xmin : NAN;
    if (xmax)
        *xmax = p ? p->xmax : NAN;
    if (ymin)
        *ymin = p ? p->ymin : NAN;
    if (ymax)
        *ymax = p ? p->ymax : NAN;
    if (xlabel)
        *xlabel = p ? p->xlabel : NULL;
    if (ylabel)
        *ylabel = p ? p->ylabel : NULL;
}

/* ---- options and names ------------------------------------------------------------------------- */

void chiso_chart_opts_default(chiso_chart_opts *o)
{
    memset(o, 0, sizeof *o);
    o->kind = CHISO_CHART_COMPARE;
    o->per = CHISO_PER_YEAR;
    o->by = CHISO_BY_TERM;
    o->lang = chiso_get_lang();
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n <= m)
        return 0;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return 0;
    }
    return s[n - m - 1] != '/';
}

int chiso_chart_format_of(const char *path)
{
    if (!path)
        return -1;
    if (ends_with(path, ".png"))
        return 0;
    if (ends_with(path, ".svg"))
        return 1;
    if (ends_with(path, ".pdf"))
        return 2;
    return -1;
}

int chiso_chart_per_parse(const char *name, chiso_chart_per *out)
{
    if (!name)
        return 0;
    if (strcmp(name, "year") == 0)
        *out = CHISO_PER_YEAR;
    else if (strcmp(name, "term") == 0)
        *out = CHISO_PER_TERM;
    else if (strcmp(name, "100members") == 0)
        *out = CHISO_PER_100MEMBERS;
    else
        return 0;
    return 1;
}

/* ---- colours ----------------------------------------------------------------------------------- */

static const unsigned palette[PL_PALETTE_SIZE] = {
    0x000000, /* black */
    0xE69F00, /* orange */
    0x56B4E9, /* sky blue */
    0x009E73, /* bluish green */
    0xF0E442, /* yellow */
    0x0072B2, /* blue */
    0xD55E00, /* vermillion */
    0xCC79A7, /* reddish purple */
    0xBDBDBD, /* light grey: not stated, no data */
    0x5A5A5A  /* dark grey: undecided */
};

unsigned chiso_palette_rgb(int color)
{
    return color >= 0 && color < PL_PALETTE_SIZE ? palette[color] : 0x000000;
}

int pl_series_color(size_t i)
{
    static const int order[] = {PL_BLUE, PL_ORANGE, PL_GREEN, PL_VERMILLION, PL_PURPLE, PL_SKY, PL_BLACK};
    return order[i % CHISO_ARRAY_LEN(order)];
}

int pl_level_color(int level)
{
    switch (level) {
    case 4: return PL_GREEN;
    case 3: return PL_SKY;
    case 2: return PL_ORANGE;
    case 1: return PL_VERMILLION;
    default: return PL_GREY;
    }
}

uint32_t pl_tint(uint32_t rgb, double t)
{
    unsigned r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
    r = (unsigned)lround(255 - (255 - (double)r) * t);
    g = (unsigned)lround(255 - (255 - (double)g) * t);
    b = (unsigned)lround(255 - (255 - (double)b) * t);
    return (r << 16) | (g << 8) | b;
}

/* report/table.c — a table of text cells written as aligned text, Markdown or CSV. */
#include "chiso/report.h"
#include "ingest/util.h"
#include "report/phrase.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cell_num {
    double v;
    signed char decimals; /* -1: the cell has no number */
    unsigned char percent;
} cell_num;

struct chiso_table {
    size_t ncols, nrows, cap, ncap;
    char **cells;      /* (nrows + 1) × ncols, row 0 = header */
    cell_num *nums;    /* parallel to cells */
    chiso_align *align;
    unsigned char *role; /* chiso_col_role per column */
};

chiso_table *chiso_table_new(size_t ncols, const char *const *header)
{
    if (ncols == 0)
        return NULL;
    chiso_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = ncols;
    t->align = calloc(ncols, sizeof *t->align);
    t->role = calloc(ncols, 1);
    if (!t->align || !t->role || chiso_table_add_row(t, header) != CHISO_OK) {
        chiso_table_free(t);
        return NULL;
    }
    t->nrows = 0; /* the header is row 0 of the storage */
    return t;
}

void chiso_table_free(chiso_table *t)
{
    if (!t)
        return;
    size_t stored = t->cells ? (t->nrows + 1) * t->ncols : 0;
    for (size_t i = 0; i < stored; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->nums);
    free(t->align);
    free(t->role);
    free(t);
}

void chiso_table_set_align(chiso_table *t, size_t col, chiso_align a)
{
    if (t && col < t->ncols)
        t->align[col] = a;
}

chiso_align chiso_table_get_align(const chiso_table *t, size_t col)
{
    return t && col < t->ncols ? t->align[col] : CHISO_ALIGN_LEFT;
}

void chiso_table_set_role(chiso_table *t, size_t col, chiso_col_role role)
{
    if (t && col < t->ncols)
        t->role[col] = (unsigned char)role;
}

chiso_col_role chiso_table_role(const chiso_table *t, size_t col)
{
    return t && col < t->ncols ? (chiso_col_role)t->role[col] : CHISO_COL_BOTH;
}

int chiso_table_col_shown(const chiso_table *t, size_t col, int for_data)
{
    chiso_col_role r = chiso_table_role(t, col);
    return for_data ? r != CHISO_COL_DOC : r != CHISO_COL_DATA;
}

chiso_table *chiso_table_doc_view(const chiso_table *t)
{
    if (!t)
        return NULL;
    size_t n = 0;
    for (size_t c = 0; c < t->ncols; c++)
        n += chiso_table_col_shown(t, c, 0);
    if (n == 0 || n == t->ncols)
        return NULL;
    const char **cells = calloc(n, sizeof *cells);
    size_t *map = calloc(n, sizeof *map);
    chiso_table *v = NULL;
    if (!cells || !map)
        goto done;
    for (size_t c = 0, k = 0; c < t->ncols; c++)
        if (chiso_table_col_shown(t, c, 0))
            map[k++] = c;
    for (size_t k = 0; k < n; k++)
        cells[k] = t->cells[map[k]];
    v = chiso_table_new(n, cells);
    for (size_t k = 0; v && k < n; k++)
        v->align[k] = t->align[map[k]];
    for (size_t r = 0; v && r < t->nrows; r++) {
        for (size_t k = 0; k < n; k++)
            cells[k] = t->cells[(r + 1) * t->ncols + map[k]];
        if (chiso_table_add_row(v, cells) != CHISO_OK) {
            chiso_table_free(v);
            v = NULL;
            break;
        }
        for (size_t k = 0; k < n; k++)
            v->nums[(r + 1) * n + k] = t->nums[(r + 1) * t->ncols + map[k]];
    }
done:
    free(cells);
    free(map);
    return v;
}

chiso_status chiso_table_add_row(chiso_table *t, const char *const *cells)
{
    size_t stored = t->cells ? (t->nrows + 1) * t->ncols : 0;
    if (chiso_grow((void **)&t->cells, &t->cap, stored + t->ncols, sizeof *t->cells) != 0 ||
        chiso_grow((void **)&t->nums, &t->ncap, stored + t->ncols, sizeof *t->nums) != 0)
        return CHISO_ENOMEM;
    for (size_t c = 0; c < t->ncols; c++)
        t->nums[stored + c].decimals = -1;
    for (size_t c = 0; c < t->ncols; c++) {
        t->cells[stored + c] = chiso_strdup(cells && cells[c] ? cells[c] : "");
        if (!t->cells[stored + c]) {
            for (size_t k = 0; k < c; k++)
                free(t->cells[stored + k]);
            return CHISO_ENOMEM;
        }
    }
    if (stored)
        t->nrows++;
    return CHISO_OK;
}

size_t chiso_table_rows(const chiso_table *t) { return t ? t->nrows : 0; }
size_t chiso_table_cols(const chiso_table *t) { return t ? t->ncols : 0; }

const char *chiso_table_cell(const chiso_table *t, size_t row, size_t col)
{
    return t && row < t->nrows && col < t->ncols ? t->cells[(row + 1) * t->ncols + col] : NULL;
}

const char *chiso_table_header(const chiso_table *t, size_t col)
{
    return t && col < t->ncols ? t->cells[col] : NULL;
}

chiso_status chiso_table_set_number(chiso_table *t, size_t row, size_t col, double v, int decimals, int percent)
{
    if (!t || row >= t->nrows || col >= t->ncols)
        return CHISO_EINVAL;
    cell_num *n = &t->nums[(row + 1) * t->ncols + col];
    n->v = v;
    n->decimals = (signed char)(decimals < 0 ? 0 : decimals > 10 ? 10 : decimals);
    n->percent = (unsigned char)(percent != 0);
    return CHISO_OK;
}

int chiso_table_number(const chiso_table *t, size_t row, size_t col, double *v, int *decimals, int *percent)
{
    if (!t || row >= t->nrows || col >= t->ncols)
        return 0;
    const cell_num *n = &t->nums[(row + 1) * t->ncols + col];
    if (n->decimals < 0)
        return 0;
    *v = n->v;
    if (decimals)
        *decimals = n->decimals;
    if (percent)
        *percent = n->percent;
    return 1;
}

static size_t width(const char *s)
{
    return chiso_utf8_chars(s, strlen(s));
}

/* The piece of s (from *pos) that fits in w characters, breaking at a space when it can. */
static size_t take_line(const char *s, size_t *pos, size_t w, char *out, size_t out_size)
{
    const char *p = s + *pos;
    size_t n = strlen(p), chars = 0, i = 0, last_space = 0;
    while (i < n && chars < w) {
        if (p[i] == ' ')
            last_space = i;
        i++;
        while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    if (i < n && last_space > 0)
        i = last_space;
    size_t len = i < out_size - 1 ? i : out_size - 1;
    memcpy(out, p, len);
    out[len] = '\0';
    *pos += i;
    while (s[*pos] == ' ')
        (*pos)++;
    return width(out);
}

/* 1 when a column after c is shown in documents. */
static int later_doc_col(const chiso_table *t, size_t c)
{
    for (size_t k = c + 1; k < t->ncols; k++)
        if (chiso_table_col_shown(t, k, 0))
            return 1;
    return 0;
}

char *chiso_table_to_text(const chiso_table *t, size_t max_width)
{
    if (!t)
        return NULL;
    if (max_width < 8)
        max_width = 8;
    size_t *w = calloc(t->ncols, sizeof *w);
    if (!w)
        return NULL;
    for (size_t r = 0; r <= t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            if (!chiso_table_col_shown(t, c, 0))
                continue;
            size_t cw = width(t->cells[r * t->ncols + c]);
            if (cw > max_width)
                cw = max_width;
            if (cw > w[c])
                w[c] = cw;
        }
    chiso_buf b;
    chiso_buf_init(&b);
    size_t *pos = calloc(t->ncols, sizeof *pos);
    char *piece = malloc(4 * max_width + 8);
    if (!pos || !piece) {
        free(w);
        free(pos);
        free(piece);
        return NULL;
    }
    for (size_t r = 0; r <= t->nrows; r++) {
        memset(pos, 0, t->ncols * sizeof *pos);
        int more = 1;
        while (more) {
            more = 0;
            for (size_t c = 0; c < t->ncols; c++) {
                if (!chiso_table_col_shown(t, c, 0))
                    continue;
                const char *cell = t->cells[r * t->ncols + c];
                size_t pw = take_line(cell, &pos[c], max_width, piece, 4 * max_width + 8);
                if (cell[pos[c]])
                    more = 1;
                size_t pad = w[c] > pw ? w[c] - pw : 0;
                if (t->align[c] == CHISO_ALIGN_RIGHT)
                    for (size_t k = 0; k < pad; k++)
                        chiso_buf_append(&b, " ", 1);
                chiso_buf_puts(&b, piece);
                if (later_doc_col(t, c)) {
                    if (t->align[c] == CHISO_ALIGN_LEFT)
                        for (size_t k = 0; k < pad; k++)
                            chiso_buf_append(&b, " ", 1);
                    chiso_buf_puts(&b, "  ");
                }
            }
            /* no trailing spaces */
            while (b.len && b.data[b.len - 1] == ' ')
                b.data[--b.len] = '\0';
            chiso_buf_puts(&b, "\n");
        }
        if (r == 0) {
            size_t total = 0;
            for (size_t c = 0; c < t->ncols; c++)
                if (chiso_table_col_shown(t, c, 0))
                    total += w[c] + (later_doc_col(t, c) ? 2 : 0);
            for (size_t k = 0; k < total; k++)
                chiso_buf_puts(&b, "─");
            chiso_buf_puts(&b, "\n");
        }
    }
    free(w);
    free(pos);
    free(piece);
    return chiso_buf_take(&b);
}

/* Is the space at s[i] a good place to end a line? Not right after a sign or a colon ("≥ 1.000",
 * "≤ 70: 86%", "712 / 4,84") nor right before a slash or a dash. */
static int good_break(const char *s, size_t i)
{
    static const char *const after[] = {"≥", "≤", "<", ">", "=", "/", "–", ":", "~"};
    for (size_t k = 0; k < CHISO_ARRAY_LEN(after); k++) {
        size_t n = strlen(after[k]);
        if (i >= n && memcmp(s + i - n, after[k], n) == 0)
            return 0;
    }
    return !(s[i + 1] == '/' || strncmp(s + i + 1, "–", strlen("–")) == 0);
}

/* The length in bytes of the next line of s[pos..] in at most room characters: up to the last space
 * after a ';' if it is past three quarters of the line, else the last good space, else any space, else
 * room characters cut. */
static size_t wrap_line(const char *s, size_t pos, size_t room)
{
    const char *p = s + pos;
    size_t n = strlen(p), chars = 0, i = 0, semi = 0, good = 0, any = 0;
    while (i < n && chars < room) {
        if (p[i] == ' ' && i > 0) {
            any = i;
            if (good_break(s, pos + i))
                good = i;
            if (p[i - 1] == ';' && chars >= room * 3 / 4)
                semi = i;
        }
        i++;
        while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    if (i >= n)
        return n;
    if (p[i] == ' ' && good_break(s, pos + i) && !semi)
        return i; /* the line ends exactly at a good space */
    return semi ? semi : good ? good : any ? any : i;
}

void rp_wrap(chiso_buf *b, const char *lead, const char *s, size_t cols, size_t indent)
{
    if (!s)
        s = "";
    if (!lead)
        lead = "";
    if (cols < indent + 16)
        cols = indent + 16;
    chiso_buf_puts(b, lead);
    size_t used = width(lead), pos = 0;
    while (s[pos] == ' ')
        pos++;
    if (!s[pos])
        chiso_buf_puts(b, "\n");
    while (s[pos]) {
        size_t room = used < cols ? cols - used : 1;
        if (room < 8 && used > indent) { /* a long lead: the text starts on the next line */
            chiso_buf_puts(b, "\n");
            for (size_t k = 0; k < indent; k++)
                chiso_buf_append(b, " ", 1);
            used = indent;
            continue;
        }
        size_t len = wrap_line(s, pos, room);
        chiso_buf_append(b, s + pos, len);
        chiso_buf_puts(b, "\n");
        pos += len;
        while (s[pos] == ' ')
            pos++;
        if (s[pos]) {
            for (size_t k = 0; k < indent; k++)
                chiso_buf_append(b, " ", 1);
            used = indent;
        }
    }
}

char *chiso_table_to_records(const chiso_table *t, size_t width)
{
    if (!t)
        return NULL;
    chiso_buf b, lead;
    chiso_buf_init(&b);
    chiso_buf_init(&lead);
    for (size_t r = 1; r <= t->nrows; r++) {
        int first = 1;
        if (r > 1)
            chiso_buf_puts(&b, "\n");
        for (size_t c = 0; c < t->ncols; c++) {
            if (!chiso_table_col_shown(t, c, 0))
                continue;
            const char *cell = t->cells[r * t->ncols + c];
            if (first) {
                rp_wrap(&b, "", cell, width, 0);
                first = 0;
                continue;
            }
            if (!cell[0])
                continue;
            lead.len = 0;
            chiso_buf_printf(&lead, "  %s: ", t->cells[c]);
            rp_wrap(&b, lead.data ? lead.data : "", cell, width, 4);
        }
    }
    int oom = lead.oom;
    chiso_buf_free(&lead);
    if (oom)
        b.oom = 1;
    return chiso_buf_take(&b);
}

static void md_cell(chiso_buf *b, const char *s)
{
    chiso_md_text(b, s, 1); /* '|', newlines and markup in names made inert */
}

char *chiso_table_to_markdown(const chiso_table *t)
{
    if (!t)
        return NULL;
    chiso_buf b;
    chiso_buf_init(&b);
    for (size_t r = 0; r <= t->nrows; r++) {
        chiso_buf_puts(&b, "|");
        for (size_t c = 0; c < t->ncols; c++) {
            if (!chiso_table_col_shown(t, c, 0))
                continue;
            chiso_buf_puts(&b, " ");
            md_cell(&b, t->cells[r * t->ncols + c]);
            chiso_buf_puts(&b, " |");
        }
        chiso_buf_puts(&b, "\n");
        if (r == 0) {
            chiso_buf_puts(&b, "|");
            for (size_t c = 0; c < t->ncols; c++)
                if (chiso_table_col_shown(t, c, 0))
                    chiso_buf_puts(&b, t->align[c] == CHISO_ALIGN_RIGHT ? "---:|" : "---|");
            chiso_buf_puts(&b, "\n");
        }
    }
    return chiso_buf_take(&b);
}

char *chiso_table_to_csv(const chiso_table *t)
{
    if (!t)
        return NULL;
    chiso_buf b;
    chiso_buf_init(&b);
    for (size_t r = 0; r <= t->nrows; r++) {
        int first = 1;
        for (size_t c = 0; c < t->ncols; c++) {
            if (!chiso_table_col_shown(t, c, 1))
                continue;
            const char *s = t->cells[r * t->ncols + c];
            const cell_num *num = &t->nums[r * t->ncols + c];
            if (!first)
                chiso_buf_puts(&b, ",");
            first = 0;
            if (r > 0 && t->role[c] == CHISO_COL_DATA_NUMERIC && !(num->decimals >= 0 && isfinite(num->v)))
                continue; /* words: in data only the bounds beside say what the figure is */
            if (num->decimals >= 0 && isfinite(num->v)) {
                /* numbers plainly: 1247 and 64.5 */
                char tmp[64];
                snprintf(tmp, sizeof tmp, "%.*f", num->decimals + 2, num->v);
                char *e = tmp + strlen(tmp) - 1;
                while (e > tmp && *e == '0')
                    *e-- = '\0';
                if (*e == '.')
                    *e = '\0';
                chiso_buf_puts(&b, tmp);
            } else {
                chiso_csv_field(&b, s); /* quoted when needed; text a spreadsheet would run, made inert */
            }
        }
        chiso_buf_puts(&b, "\n");
    }
    return chiso_buf_take(&b);
}

/* report/doc.c — the document model written as Markdown, self-contained HTML and an XLSX workbook. */
#include "report/doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

void doc_init(doc *d)
{
    memset(d, 0, sizeof *d);
}

void doc_free(doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->blocks[i].text);
        free(d->blocks[i].name);
        free(d->blocks[i].svg);
        chiso_table_free(d->blocks[i].table);
    }
    free(d->blocks);
    memset(d, 0, sizeof *d);
}

static block *push(doc *d, block_kind kind)
{
    if (chiso_grow((void **)&d->blocks, &d->cap, d->n + 1, sizeof *d->blocks) != 0) {
        d->oom = 1;
        return NULL;
    }
    block *b = &d->blocks[d->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

void doc_text(doc *d, block_kind kind, const char *fmt, ...)
{
    block *b = push(d, kind);
    if (!b)
        return;
    chiso_buf buf;
    chiso_buf_init(&buf);
    va_list ap;
    va_start(ap, fmt);
    char tmp[4096];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    chiso_buf_puts(&buf, tmp);
    b->text = chiso_buf_take(&buf);
    if (!b->text)
        d->oom = 1;
}

void doc_table(doc *d, const char *name, const char *title, chiso_table *t)
{
    block *b = push(d, B_TABLE);
    if (!b) {
        chiso_table_free(t);
        return;
    }
    b->table = t;
    b->name = chiso_strdup(name);
    b->text = chiso_strdup(title);
    if (!b->name || !b->text)
        d->oom = 1;
}

void doc_table_data(doc *d, const char *name, const char *title, chiso_table *t)
{
    doc_table(d, name, title, t);
    if (!d->oom && d->n && d->blocks[d->n - 1].table == t)
        d->blocks[d->n - 1].data_only = 1;
}

void doc_chart(doc *d, const char *name, const char *title, char *svg, int has_png)
{
    block *b = push(d, B_CHART);
    if (!b) {
        free(svg);
        return;
    }
    b->name = chiso_strdup(name);
    b->text = chiso_strdup(title);
    b->svg = svg;
    b->has_png = has_png;
    if (!b->name || !b->text)
        d->oom = 1;
}

/* Text of a block in Markdown: markup that names and sources bring is made inert (as doc_to_html
 * escapes it), the report's own **bold** and `code` kept; a line that would open a heading, a quote
 * or a list is escaped at its start. */
static void md_block(chiso_buf *b, const char *prefix, const char *text, const char *suffix)
{
    chiso_buf_puts(b, prefix);
    const char *t = text ? text : "";
    if (strchr("#>+-=", t[0]) && t[0])
        chiso_buf_puts(b, "\\");
    chiso_md_text(b, t, 0);
    chiso_buf_puts(b, suffix);
}

char *doc_to_markdown(const doc *d)
{
    chiso_buf b;
    chiso_buf_init(&b);
    for (size_t i = 0; i < d->n; i++) {
        const block *k = &d->blocks[i];
        switch (k->kind) {
        case B_H1: md_block(&b, "# ", k->text, "\n\n"); break;
        case B_H2: md_block(&b, "## ", k->text, "\n\n"); break;
        case B_H3: md_block(&b, "### ", k->text, "\n\n"); break;
        case B_P: md_block(&b, "", k->text, "\n\n"); break;
        case B_NOTE: md_block(&b, "> ", k->text, "\n\n"); break;
        case B_ITEM:
            md_block(&b, "- ", k->text, "\n");
            if (i + 1 >= d->n || d->blocks[i + 1].kind != B_ITEM)
                chiso_buf_puts(&b, "\n");
            break;
        case B_TABLE: {
            if (k->data_only)
                break;
            char *md = chiso_table_to_markdown(k->table);
            if (k->text && *k->text) {
                md_block(&b, "**", k->text, "**");
                chiso_buf_printf(&b, " (`%stables/%s.csv`)\n\n", d->prefix ? d->prefix : "", k->name);
            }
            chiso_buf_puts(&b, md ? md : "");
            chiso_buf_puts(&b, "\n");
            free(md);
            break;
        }
        case B_CHART:
            if (k->has_png) {
                md_block(&b, "![", k->text, "");
                chiso_buf_printf(&b, "](%scharts/%s.png)\n\n", d->prefix ? d->prefix : "", k->name);
            }
            break;
        }
    }
    return chiso_buf_take(&b);
}

static void html_escape(chiso_buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&': chiso_buf_puts(b, "&amp;"); break;
        case '<': chiso_buf_puts(b, "&lt;"); break;
        case '>': chiso_buf_puts(b, "&gt;"); break;
        case '"': chiso_buf_puts(b, "&quot;"); break;
        default: chiso_buf_append(b, p, 1);
        }
    }
}

/* Markdown's **bold** and `code` in paragraphs, the little the report uses. */
static void html_inline(chiso_buf *b, const char *s)
{
    int bold = 0, code = 0;
    for (const char *p = s ? s : ""; *p; p++) {
        if (p[0] == '*' && p[1] == '*') {
            chiso_buf_puts(b, bold ? "</strong>" : "<strong>");
            bold = !bold;
            p++;
        } else if (*p == '`') {
            chiso_buf_puts(b, code ? "</code>" : "<code>");
            code = !code;
        } else {
            char one[2] = {*p, 0};
            html_escape(b, one);
        }
    }
    if (bold)
        chiso_buf_puts(b, "</strong>");
    if (code)
        chiso_buf_puts(b, "</code>");
}

static const char *CSS =
    "body{font-family:'Noto Sans','DejaVu Sans',sans-serif;font-size:10.5pt;line-height:1.45;color:#222;"
    "max-width:1100px;margin:2em auto;padding:0 1.5em}"
    "h1{font-size:1.7em;border-bottom:2px solid #0072B2;padding-bottom:.2em}"
    "h2{font-size:1.35em;margin-top:1.8em;border-bottom:1px solid #ccc}h3{font-size:1.1em;margin-top:1.4em}"
    "table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:9pt;width:100%}"
    "th,td{border:1px solid #bbb;padding:3px 6px;vertical-align:top}th{background:#eef3f8;text-align:left}"
    "td.num{text-align:right;white-space:nowrap}caption{text-align:left;font-weight:bold;padding:.3em 0}"
    "figure{margin:1em 0;page-break-inside:avoid}figure svg{width:100%;height:auto}"
    "figcaption{font-size:9pt;color:#555}blockquote{border-left:4px solid #E69F00;margin:.8em 0;padding:.2em .8em;"
    "background:#fff8ea}code{font-family:'DejaVu Sans Mono',monospace;font-size:.9em}"
    "@page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none}h2{page-break-before:auto}"
    "tr{page-break-inside:avoid}}";

char *doc_to_html(const doc *d, const char *lang_code, const char *title)
{
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>", lang_code);
    html_escape(&b, title);
    chiso_buf_printf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n", CSS);
    int in_list = 0;
    for (size_t i = 0; i < d->n; i++) {
        const block *k = &d->blocks[i];
        if (k->kind != B_ITEM && in_list) {
            chiso_buf_puts(&b, "</ul>\n");
            in_list = 0;
        }
        switch (k->kind) {
        case B_H1:
        case B_H2:
        case B_H3: {
            int level = k->kind == B_H1 ? 1 : k->kind == B_H2 ? 2 : 3;
            chiso_buf_printf(&b, "<h%d>", level);
            html_inline(&b, k->text);
            chiso_buf_printf(&b, "</h%d>\n", level);
            break;
        }
        case B_P:
            chiso_buf_puts(&b, "<p>");
            html_inline(&b, k->text);
            chiso_buf_puts(&b, "</p>\n");
            break;
        case B_NOTE:
            chiso_buf_puts(&b, "<blockquote>");
            html_inline(&b, k->text);
            chiso_buf_puts(&b, "</blockquote>\n");
            break;
        case B_ITEM:
            if (!in_list) {
                chiso_buf_puts(&b, "<ul>\n");
                in_list = 1;
            }
            chiso_buf_puts(&b, "<li>");
            html_inline(&b, k->text);
            chiso_buf_puts(&b, "</li>\n");
            break;
        case B_TABLE: {
            const chiso_table *t = k->table;
            if (k->data_only)
                break;
            chiso_buf_puts(&b, "<table>\n");
            if (k->text && *k->text) {
                chiso_buf_puts(&b, "<caption>");
                html_escape(&b, k->text);
                chiso_buf_puts(&b, "</caption>\n");
            }
            chiso_buf_puts(&b, "<thead><tr>");
            for (size_t c = 0; c < chiso_table_cols(t); c++) {
                if (!chiso_table_col_shown(t, c, 0))
                    continue;
                chiso_buf_puts(&b, "<th>");
                html_escape(&b, chiso_table_header(t, c));
                chiso_buf_puts(&b, "</th>");
            }
            chiso_buf_puts(&b, "</tr></thead>\n<tbody>\n");
            for (size_t r = 0; r < chiso_table_rows(t); r++) {
                chiso_buf_puts(&b, "<tr>");
                for (size_t c = 0; c < chiso_table_cols(t); c++) {
                    if (!chiso_table_col_shown(t, c, 0))
                        continue;
                    double v;
                    int num = chiso_table_number(t, r, c, &v, NULL, NULL);
                    chiso_buf_puts(&b, num ? "<td class=\"num\">" : "<td>");
                    html_escape(&b, chiso_table_cell(t, r, c));
                    chiso_buf_puts(&b, "</td>");
                }
                chiso_buf_puts(&b, "</tr>\n");
            }
            chiso_buf_puts(&b, "</tbody>\n</table>\n");
            break;
        }
        case B_CHART:
            if (k->svg) {
                chiso_buf_puts(&b, "<figure>\n");
                /* the SVG without its XML declaration and DOCTYPE, its ids made unique in the page
                 * (cairo names its glyphs glyph0-1, … in every file: inlined side by side they clash) */
                const char *svg = strstr(k->svg, "<svg");
                char prefix[32];
                snprintf(prefix, sizeof prefix, "c%zu-", i);
                for (const char *p = svg ? svg : ""; *p;) {
                    static const char *const refs[] = {"id=\"", "href=\"#", "url(#"};
                    size_t hit = 0, len = 0;
                    for (size_t r = 0; r < 3; r++) {
                        len = strlen(refs[r]);
                        if (strncmp(p, refs[r], len) == 0) {
                            hit = r + 1;
                            break;
                        }
                    }
                    if (hit) {
                        chiso_buf_append(&b, p, len);
                        chiso_buf_puts(&b, prefix);
                        p += len;
                    } else {
                        chiso_buf_append(&b, p, 1);
                        p++;
                    }
                }
                chiso_buf_puts(&b, "\n<figcaption>");
                html_escape(&b, k->text);
                chiso_buf_puts(&b, "</figcaption>\n</figure>\n");
            }
            break;
        }
    }
    if (in_list)
        chiso_buf_puts(&b, "</ul>\n");
    chiso_buf_puts(&b, "</body>\n</html>\n");
    return chiso_buf_take(&b);
}

/* A sheet name: at most 31 characters, none of []:*?/\, unique in the workbook. */
static void sheet_name(const char *name, size_t index, char *out, size_t size)
{
    char base[32];
    size_t o = 0;
    for (const char *p = name; *p && o < 26; p++)
        base[o++] = strchr("[]:*?/\\", *p) ? '-' : *p;
    base[o] = '\0';
    snprintf(out, size, "%zu %s", index, base);
}

/* A text cell; text a spreadsheet would run as a formula gets a leading apostrophe, as in the CSV
 * tables (libxlsxwriter 1.1 has no quote-prefix format), so that it stays text when a user edits it. */
static void write_text_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (!chiso_text_needs_quote(s)) {
        worksheet_write_string(ws, r, c, s, f);
        return;
    }
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_printf(&b, "'%s", s);
    char *q = chiso_buf_take(&b);
    worksheet_write_string(ws, r, c, q ? q : "'", f);
    free(q);
}

chiso_status doc_to_xlsx(const doc *d, const char *path, chiso_error *err)
{
    size_t plen = strlen(path) + 32;
    char *tmp = malloc(plen);
    if (!tmp)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    snprintf(tmp, plen, "%s.tmp%ld", path, (long)getpid());
    /* a big workbook (a report of many units) in constant memory: rows are written in order and each goes
     * to a temporary file as it is done (strings then stand in their cells, not in a shared table) */
    lxw_workbook_options wo = {.constant_memory = d->big ? LXW_TRUE : LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(tmp, &wo);
    chiso_status st = CHISO_OK;
    if (!wb) {
        st = chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s", _("cannot create the workbook"));
        goto done;
    }
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_bg_color(bold, 0xEEF3F8);
    format_set_text_wrap(bold);
    lxw_format *wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    lxw_format *numfmt[2][4];
    static const char *codes[2][4] = {{"0", "#,##0.0", "#,##0.00", "#,##0.000"}, {"0\"%\"", "0.0\"%\"", "0.00\"%\"", "0.000\"%\""}};
    for (int p = 0; p < 2; p++)
        for (int k = 0; k < 4; k++) {
            numfmt[p][k] = workbook_add_format(wb);
            format_set_num_format(numfmt[p][k], p == 0 && k == 0 ? "#,##0" : codes[p][k]);
            format_set_align(numfmt[p][k], LXW_ALIGN_VERTICAL_TOP);
        }
    size_t sheets = 0;
    for (size_t i = 0; i < d->n; i++) {
        const block *k = &d->blocks[i];
        if (k->kind != B_TABLE || k->doc_only)
            continue;
        char name[40];
        sheet_name(k->name, ++sheets, name, sizeof name);
        lxw_worksheet *ws = workbook_add_worksheet(wb, name);
        if (!ws) {
            st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot add the sheet '%s'"), name);
            break;
        }
        const chiso_table *t = k->table;
        size_t nc = chiso_table_cols(t);
        /* data columns only, packed left: xc[c] is the sheet column of table column c */
        size_t *xc = malloc((nc ? nc : 1) * sizeof *xc);
        if (!xc) {
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            break;
        }
        for (size_t c = 0, next = 0; c < nc; c++)
            xc[c] = chiso_table_col_shown(t, c, 1) ? next++ : (size_t)-1;
        for (size_t c = 0; c < nc; c++) {
            if (xc[c] == (size_t)-1)
                continue;
            worksheet_write_string(ws, 0, (lxw_col_t)xc[c], chiso_table_header(t, c), bold);
            /* a width that fits the longer of the header and the cells, within reason */
            size_t w = chiso_utf8_chars(chiso_table_header(t, c), strlen(chiso_table_header(t, c)));
            for (size_t r = 0; r < chiso_table_rows(t); r++) {
                size_t cw = chiso_utf8_chars(chiso_table_cell(t, r, c), strlen(chiso_table_cell(t, r, c)));
                if (cw > w)
                    w = cw;
            }
            worksheet_set_column(ws, (lxw_col_t)xc[c], (lxw_col_t)xc[c], w < 8 ? 8 : w > 60 ? 60 : (double)w + 1,
                                 NULL);
        }
        for (size_t r = 0; r < chiso_table_rows(t); r++)
            for (size_t c = 0; c < nc; c++) {
                double v;
                int dec, pct;
                if (xc[c] == (size_t)-1)
                    continue;
                if (chiso_table_number(t, r, c, &v, &dec, &pct))
                    worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)xc[c], v,
                                           numfmt[pct ? 1 : 0][dec > 3 ? 3 : dec]);
                else if (chiso_table_role(t, c) != CHISO_COL_DATA_NUMERIC)
                    write_text_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)xc[c], chiso_table_cell(t, r, c), wrap);
            }
        free(xc);
        worksheet_freeze_panes(ws, 1, 0);
    }
    lxw_error xe = workbook_close(wb);
    if (st == CHISO_OK && xe != LXW_NO_ERROR)
        st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot write the workbook: %s"), lxw_strerror(xe));
    if (st == CHISO_OK && rename(tmp, path) != 0)
        st = chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s", _("cannot put the workbook in place"));
done:
    if (st != CHISO_OK)
        unlink(tmp);
    free(tmp);
    return st;
}

/* report/docx.c — the document model written as a Word document (report.docx).
 *
 * The package is made with libzip (archive, deflate) and its XML parts with libxml2's xmlTextWriter
 * (escaping), both well-kept Debian libraries: no ZIP, deflate or XML escaping of our own. The parts
 * follow ECMA-376 (WordprocessingML): styles.xml holds real Word styles (Heading 1–3, Caption, the table
 * style), so that Word's navigation pane, table of contents and style changes work on the report. The
 * page is A4 with the margins of Vietnamese administrative documents (Decree 30/2020/NĐ-CP: top and
 * bottom 20 mm, left 30 mm, right 15–20 mm) and Times New Roman 13 pt. */
#include "report/doc.h"
#include "report/ooxml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_WP "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_PIC "http://schemas.openxmlformats.org/drawingml/2006/picture"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_BASE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

/* A4 in twentieths of a point, and the margins (20 mm = 1134, 30 mm = 1701). */
enum { PAGE_W = 11906, PAGE_H = 16838, MARGIN_TOP = 1134, MARGIN_BOTTOM = 1134, MARGIN_LEFT = 1701,
       MARGIN_RIGHT = 1134, TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT,
       /* a landscape page for the wide tables: 20 mm all round */
       LAND_MARGIN = 1134, LAND_TEXT_W = PAGE_H - 2 * LAND_MARGIN };
/* A table with this many columns or more goes on landscape pages of its own. */
#define WIDE_TABLE 8
/* Table text is 9.5 pt: an average Vietnamese letter of a serif font is a little over half an em wide (108 twips),
 * and a cell has 2 × 70 twips of margin. A word longer than MAX_WORD characters may break. */
#define CHAR_TWIPS 108.0
#define CELL_PAD 170.0
#define MAX_WORD 14
#define WIDTH_ROWS 200
/* EMU per twip (914 400 per inch, 1 440 twips per inch). */
#define EMU_PER_TWIP 635LL

typedef struct picture {
    char *rel_id;   /* rIdN */
    char *part;     /* media/imageN.png */
    unsigned char *png;
    size_t png_n;
    unsigned width, height; /* pixels */
} picture;

/* ---- small parts ------------------------------------------------------------------------------- */

static chiso_status add_part(ooxml_zip *z, const char *name, xw *x, chiso_error *err)
{
    size_t n = 0;
    const char *text = xw_finish(x, &n);
    chiso_status st = text ? ooxml_zip_add(z, name, text, n, 1, err)
                           : chiso_error_set(err, CHISO_ENOMEM, name, 0, 0, "%s", _("cannot write the XML part"));
    xw_close(x);
    return st;
}

static chiso_status content_types(ooxml_zip *z, chiso_error *err)
{
    xw x;
    if (xw_open(&x) != 0)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    xw_start(&x, "Types");
    xw_attr(&x, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
    static const char *const defaults[][2] = {
        {"rels", "application/vnd.openxmlformats-package.relationships+xml"},
        {"xml", "application/xml"},
        {"png", "image/png"},
    };
    for (size_t i = 0; i < CHISO_ARRAY_LEN(defaults); i++) {
        xw_start(&x, "Default");
        xw_attr(&x, "Extension", defaults[i][0]);
        xw_attr(&x, "ContentType", defaults[i][1]);
        xw_end(&x);
    }
    static const char *const overrides[][2] = {
        {"/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
        {"/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"},
        {"/word/numbering.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"},
        {"/word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"},
        {"/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"},
    };
    for (size_t i = 0; i < CHISO_ARRAY_LEN(overrides); i++) {
        xw_start(&x, "Override");
        xw_attr(&x, "PartName", overrides[i][0]);
        xw_attr(&x, "ContentType", overrides[i][1]);
        xw_end(&x);
    }
    xw_end(&x);
    return add_part(z, "[Content_Types].xml", &x, err);
}

static void rel(xw *x, const char *id, const char *type, const char *target)
{
    xw_start(x, "Relationship");
    xw_attr(x, "Id", id);
    xw_attr(x, "Type", type);
    xw_attr(x, "Target", target);
    xw_end(x);
}

static chiso_status root_rels(ooxml_zip *z, chiso_error *err)
{
    xw x;
    if (xw_open(&x) != 0)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    xw_start(&x, "Relationships");
    xw_attr(&x, "xmlns", NS_PKG_REL);
    rel(&x, "rId1", REL_BASE "officeDocument", "word/document.xml");
    rel(&x, "rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "docProps/core.xml");
    xw_end(&x);
    return add_part(z, "_rels/.rels", &x, err);
}

static chiso_status document_rels(ooxml_zip *z, const picture *pics, size_t npics, chiso_error *err)
{
    xw x;
    if (xw_open(&x) != 0)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    xw_start(&x, "Relationships");
    xw_attr(&x, "xmlns", NS_PKG_REL);
    rel(&x, "rIdStyles", REL_BASE "styles", "styles.xml");
    rel(&x, "rIdNumbering", REL_BASE "numbering", "numbering.xml");
    rel(&x, "rIdFooter1", REL_BASE "footer", "footer1.xml");
    for (size_t i = 0; i < npics; i++)
        rel(&x, pics[i].rel_id, REL_BASE "image", pics[i].part);
    xw_end(&x);
    return add_part(z, "word/_rels/document.xml.rels", &x, err);
}

static chiso_status core_props(ooxml_zip *z, const char *title, const char *lang_tag, chiso_error *err)
{
    xw x;
    if (xw_open(&x) != 0)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    xw_start(&x, "cp:coreProperties");
    xw_attr(&x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    xw_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    xw_start(&x, "dc:title");
    xw_text(&x, title, strlen(title));
    xw_end(&x);
    xw_start(&x, "dc:creator");
    xw_text(&x, "chiso " CHISO_VERSION, strlen("chiso " CHISO_VERSION));
    xw_end(&x);
    xw_start(&x, "dc:language");
    xw_text(&x, lang_tag, strlen(lang_tag));
    xw_end(&x);
    xw_end(&x);
    return add_part(z, "docProps/core.xml", &x, err);
}

/* ---- styles ------------------------------------------------------------------------------------ */

static void fonts(xw *x, const char *font)
{
    xw_start(x, "w:rFonts");
    xw_attr(x, "w:ascii", font);
    xw_attr(x, "w:hAnsi", font);
    xw_attr(x, "w:cs", font);
    xw_attr(x, "w:eastAsia", font);
    xw_end(x);
}

static void size_half_points(xw *x, int hp)
{
    char b[16];
    snprintf(b, sizeof b, "%d", hp);
    xw_val(x, "w:sz", b);
    xw_val(x, "w:szCs", b);
}

static void spacing(xw *x, int before, int after)
{
    xw_start(x, "w:spacing");
    xw_attr_int(x, "w:before", before);
    xw_attr_int(x, "w:after", after);
    xw_end(x);
}

/* A paragraph style. */
static void pstyle(xw *x, const char *id, const char *name, const char *based, int outline, int size_hp, int bold,
                   int italic, int before, int after, int keep_next)
{
    xw_start(x, "w:style");
    xw_attr(x, "w:type", "paragraph");
    xw_attr(x, "w:styleId", id);
    xw_val(x, "w:name", name);
    if (based)
        xw_val(x, "w:basedOn", based);
    xw_val(x, "w:next", "Normal");
    xw_start(x, "w:qFormat");
    xw_end(x);
    xw_start(x, "w:pPr");
    if (keep_next) {
        xw_start(x, "w:keepNext");
        xw_end(x);
    }
    spacing(x, before, after);
    if (outline >= 0) {
        char b[8];
        snprintf(b, sizeof b, "%d", outline);
        xw_val(x, "w:outlineLvl", b);
    }
    xw_end(x);
    xw_start(x, "w:rPr");
    if (bold) {
        xw_start(x, "w:b");
        xw_end(x);
        xw_start(x, "w:bCs");
        xw_end(x);
    }
    if (italic) {
        xw_start(x, "w:i");
        xw_end(x);
    }
    if (size_hp)
        size_half_points(x, size_hp);
    xw_end(x);
    xw_end(x);
}

static chiso_status styles(ooxml_zip *z, const char *lang_tag, chiso_error *err)
{
    xw x;
    if (xw_open(&x) != 0)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    xw_start(&x, "w:styles");
    xw_attr(&x, "xmlns:w", NS_W);
    /* defaults: Times New Roman 13 pt (LibreOffice and Word substitute a metric-compatible font with
     * Vietnamese letters when it is missing), the language for spelling and hyphenation */
    xw_start(&x, "w:docDefaults");
    xw_start(&x, "w:rPrDefault");
    xw_start(&x, "w:rPr");
    fonts(&x, "Times New Roman");
    size_half_points(&x, 26);
    xw_start(&x, "w:lang");
    xw_attr(&x, "w:val", lang_tag);
    xw_attr(&x, "w:eastAsia", lang_tag);
    xw_attr(&x, "w:bidi", "ar-SA");
    xw_end(&x);
    xw_end(&x);
    xw_end(&x);
    xw_start(&x, "w:pPrDefault");
    xw_start(&x, "w:pPr");
    xw_start(&x, "w:spacing");
    xw_attr(&x, "w:after", "120");
    xw_attr(&x, "w:line", "264");
    xw_attr(&x, "w:lineRule", "auto");
    xw_end(&x);
    xw_end(&x);
    xw_end(&x);
    xw_end(&x);
    /* Normal, justified as official documents are */
    xw_start(&x, "w:style");
    xw_attr(&x, "w:type", "paragraph");
    xw_attr(&x, "w:default", "1");
    xw_attr(&x, "w:styleId", "Normal");
    xw_val(&x, "w:name", "Normal");
    xw_start(&x, "w:qFormat");
    xw_end(&x);
    xw_start(&x, "w:pPr");
    xw_val(&x, "w:jc", "both");
    xw_end(&x);
    xw_end(&x);
    pstyle(&x, "Heading1", "heading 1", "Normal", 0, 32, 1, 0, 240, 180, 1);
    pstyle(&x, "Heading2", "heading 2", "Normal", 1, 28, 1, 0, 360, 120, 1);
    pstyle(&x, "Heading3", "heading 3", "Normal", 2, 26, 1, 1, 240, 120, 1);
    pstyle(&x, "Caption", "caption", "Normal", -1, 22, 1, 0, 60, 120, 0);
    pstyle(&x, "Figure", "Figure", "Normal", -1, 0, 0, 0, 120, 0, 1);
    pstyle(&x, "Note", "Note", "Normal", -1, 24, 0, 1, 60, 120, 0);
    pstyle(&x, "ListBullet", "List Bullet", "Normal", -1, 0, 0, 0, 0, 60, 0);
    pstyle(&x, "TableText", "Table Text", "Normal", -1, 19, 0, 0, 0, 0, 0);
    pstyle(&x, "Footer", "footer", "Normal", -1, 20, 0, 0, 0, 0, 0);
    /* the table style: a grid of thin lines, the header row shaded */
    xw_start(&x, "w:style");
    xw_attr(&x, "w:type", "table");
    xw_attr(&x, "w:styleId", "TableGrid");
    xw_val(&x, "w:name", "Table Grid");
    xw_start(&x, "w:tblPr");
    xw_start(&x, "w:tblBorders");
    static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"};
    for (size_t i = 0; i < CHISO_ARRAY_LEN(sides); i++) {
        xw_start(&x, sides[i]);
        xw_attr(&x, "w:val", "single");
        xw_attr(&x, "w:sz", "4");
        xw_attr(&x, "w:space", "0");
        xw_attr(&x, "w:color", "808080");
        xw_end(&x);
    }
    xw_end(&x);
    xw_start(&x, "w:tblCellMar");
    xw_start(&x, "w:left");
    xw_attr(&x, "w:w", "70");
    xw_attr(&x, "w:type", "dxa");
    xw_end(&x);
    xw_start(&x, "w:right");
    xw_attr(&x, "w:w", "70");
    xw_attr(&x, "w:type", "dxa");
    xw_end(&x);
    xw_end(&x);
    xw_end(&x);
    xw_end(&x);
    xw_end(&x);
    return add_part(z, "word/styles.xml", &x, err);
}

/* A bullet list (numId 1) for the report's list items. */
static chiso_status numbering(ooxml_zip *z, chiso_error *err)
{
    xw x;
    if (xw_open(&x) != 0)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    xw_start(&x, "w:numbering");
    xw_attr(&x, "xmlns:w", NS_W);
    xw_start(&x, "w:abstractNum");
    xw_attr(&x, "w:abstractNumId", "0");
    xw_start(&x, "w:lvl");
    xw_attr(&x, "w:ilvl", "0");
    xw_val(&x, "w:start", "1");
    xw_val(&x, "w:numFmt", "bullet");
    xw_val(&x, "w:lvlText", "\xE2\x80\x93"); /* an en dash, as Vietnamese documents list */
    xw_val(&x, "w:lvlJc", "left");
    xw_start(&x, "w:pPr");
    xw_start(&x, "w:ind");
    xw_attr(&x, "w:left", "567");
    xw_attr(&x, "w:hanging", "283");
    xw_end(&x);
    xw_end(&x);
    xw_end(&x);
    xw_end(&x);
    xw_start(&x, "w:num");
    xw_attr(&x, "w:numId", "1");
    xw_val(&x, "w:abstractNumId", "0");
    xw_end(&x);
    xw_end(&x);
    return add_part(z, "word/numbering.xml", &x, err);
}

/* The footer: the page number, centred. */
static chiso_status footer(ooxml_zip *z, chiso_error *err)
{
    xw x;
    if (xw_open(&x) != 0)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    xw_start(&x, "w:ftr");
    xw_attr(&x, "xmlns:w", NS_W);
    xw_start(&x, "w:p");
    xw_start(&x, "w:pPr");
    xw_val(&x, "w:pStyle", "Footer");
    xw_val(&x, "w:jc", "center");
    xw_end(&x);
    xw_start(&x, "w:fldSimple");
    xw_attr(&x, "w:instr", " PAGE ");
    xw_start(&x, "w:r");
    xw_start(&x, "w:t");
    xw_text(&x, "1", 1);
    xw_end(&x);
    xw_end(&x);
    xw_end(&x);
    xw_end(&x);
    xw_end(&x);
    return add_part(z, "word/footer1.xml", &x, err);
}

/* ---- the body ---------------------------------------------------------------------------------- */

typedef struct body {
    xw x;
    int landscape;   /* the current section is landscape (a wide table) */
    const picture *pics;
    size_t npics, next_pic;
    unsigned tables, figures, drawing_id;
} body;

static void run(xw *x, const char *s, size_t n, int bold, int code)
{
    if (!n)
        return;
    xw_start(x, "w:r");
    if (bold || code) {
        xw_start(x, "w:rPr");
        if (code)
            fonts(x, "Courier New");
        if (bold) {
            xw_start(x, "w:b");
            xw_end(x);
        }
        xw_end(x);
    }
    /* a line break inside the text becomes w:br */
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != '\n')
            j++;
        if (j > i) {
            xw_start(x, "w:t");
            xw_attr(x, "xml:space", "preserve");
            xw_text(x, s + i, j - i);
            xw_end(x);
        }
        if (j < n) {
            xw_start(x, "w:br");
            xw_end(x);
        }
        i = j + 1;
    }
    xw_end(x);
}

/* The text of a paragraph as runs: Markdown's **bold** and `code`, the little the report uses. */
static void runs(xw *x, const char *s)
{
    int bold = 0, code = 0;
    const char *p = s ? s : "", *start = p;
    for (; *p; p++) {
        if ((p[0] == '*' && p[1] == '*' && !code) || (*p == '`')) {
            run(x, start, (size_t)(p - start), bold, code);
            if (*p == '`') {
                code = !code;
            } else {
                bold = !bold;
                p++;
            }
            start = p + 1;
        }
    }
    run(x, start, (size_t)(p - start), bold, code);
}

static void para(xw *x, const char *style, const char *text, int list)
{
    xw_start(x, "w:p");
    if (style || list) {
        xw_start(x, "w:pPr");
        if (style)
            xw_val(x, "w:pStyle", style);
        if (list) {
            xw_start(x, "w:numPr");
            xw_val(x, "w:ilvl", "0");
            xw_val(x, "w:numId", "1");
            xw_end(x);
        }
        xw_end(x);
    }
    runs(x, text);
    xw_end(x);
}

/* "Bảng 3. title" / "Hình 2. title": lead_fmt is the translated "Table %u. " or "Figure %u. " (a msgid
 * of its own: "Figure" alone means a data figure elsewhere in the catalogue). */
static void caption(xw *x, const char *lead_fmt, unsigned n, const char *title, int keep_next)
{
    xw_start(x, "w:p");
    xw_start(x, "w:pPr");
    xw_val(x, "w:pStyle", "Caption");
    if (keep_next) {
        xw_start(x, "w:keepNext");
        xw_end(x);
    } else {
        xw_val(x, "w:jc", "center");
    }
    xw_end(x);
    chiso_buf lead = {0};
    chiso_buf_printf(&lead, lead_fmt, n);
    if (lead.data)
        run(x, lead.data, lead.len, 0, 0);
    chiso_buf_free(&lead);
    xw_start(x, "w:r");
    xw_start(x, "w:rPr");
    xw_start(x, "w:b");
    xw_attr(x, "w:val", "0");
    xw_end(x);
    xw_end(x);
    xw_start(x, "w:t");
    xw_attr(x, "xml:space", "preserve");
    xw_text(x, title, strlen(title));
    xw_end(x);
    xw_end(x);
    xw_end(x);
}

static void cell(xw *x, const char *text, long width, int right, int header)
{
    xw_start(x, "w:tc");
    xw_start(x, "w:tcPr");
    xw_start(x, "w:tcW");
    xw_attr_int(x, "w:w", width);
    xw_attr(x, "w:type", "dxa");
    xw_end(x);
    if (header) {
        xw_start(x, "w:shd");
        xw_attr(x, "w:val", "clear");
        xw_attr(x, "w:color", "auto");
        xw_attr(x, "w:fill", "E7EEF6");
        xw_end(x);
    }
    xw_end(x);
    /* every cell holds a paragraph, even an empty one (ECMA-376 §17.4.66) */
    xw_start(x, "w:p");
    xw_start(x, "w:pPr");
    xw_val(x, "w:pStyle", "TableText");
    xw_val(x, "w:jc", right ? "right" : "left");
    xw_end(x);
    if (text && *text) {
        xw_start(x, "w:r");
        if (header) {
            xw_start(x, "w:rPr");
            xw_start(x, "w:b");
            xw_end(x);
            xw_end(x);
        }
        xw_start(x, "w:t");
        xw_attr(x, "xml:space", "preserve");
        xw_text(x, text, strlen(text));
        xw_end(x);
        xw_end(x);
    }
    xw_end(x);
    xw_end(x);
}

/* Length in characters of the longest word of s (what a column cannot be narrower than). */
static size_t longest_word(const char *s)
{
    size_t best = 0;
    while (s && *s) {
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        size_t w = chiso_utf8_chars(s, (size_t)(e - s));
        if (w > best)
            best = w;
        s = *e ? e + 1 : e;
    }
    return best;
}

/* Lines the first nr rows (and the header) take with columns w characters wide, each cell of len[]
 * characters wrapping at the width (a little more where words do not fill a line). */
static double table_lines(const size_t *len, size_t nr, size_t nc, const double *w)
{
    double lines = 0;
    for (size_t r = 0; r <= nr; r++) {
        double row = 1;
        for (size_t c = 0; c < nc; c++) {
            double l = (double)len[r * nc + c] / (w[c] * 0.9);
            double n = l <= 1 ? 1 : (double)(long)l + 1;
            if (n > row)
                row = n;
        }
        lines += row;
    }
    return lines;
}

static void table(body *b, const block *k)
{
    xw *x = &b->x;
    const chiso_table *t = k->table;
    size_t nc = chiso_table_cols(t), nr = chiso_table_rows(t);
    if (!nc)
        return;
    if (k->text && *k->text)
        caption(x, _("Table %u. "), ++b->tables, k->text, 1);
    /* column widths, in characters: every column at least as wide as its longest word (up to MAX_WORD:
     * a file name may break, a number never does), then the rest of the line given a character at a
     * time to the column where it saves the most lines over the table (cells wrap on spaces; the
     * first WIDTH_ROWS rows are enough to judge) */
    size_t nr_used = nr < WIDTH_ROWS ? nr : WIDTH_ROWS;
    size_t *len = calloc((nr_used + 1) * nc, sizeof *len);
    double *w = calloc(nc, sizeof *w);
    size_t *maxlen = calloc(nc, sizeof *maxlen);
    int *right = calloc(nc, sizeof *right);
    long *width = calloc(nc, sizeof *width);
    if (!len || !w || !maxlen || !right || !width) {
        x->bad = 1;
        goto done;
    }
    long text_w = b->landscape ? LAND_TEXT_W : TEXT_W;
    double avail = (text_w - (double)nc * CELL_PAD) / CHAR_TWIPS, sum = 0;
    for (size_t c = 0; c < nc; c++) {
        const char *h = chiso_table_header(t, c);
        /* the header is bold: its letters are wider */
        size_t word = (longest_word(h) * 6 + 4) / 5;
        len[c] = (chiso_utf8_chars(h, strlen(h)) * 6 + 4) / 5;
        right[c] = chiso_table_get_align(t, c) == CHISO_ALIGN_RIGHT;
        for (size_t r = 0; r < nr; r++) {
            double v;
            if (chiso_table_number(t, r, c, &v, NULL, NULL))
                right[c] = 1;
            if (r >= nr_used)
                continue;
            const char *s = chiso_table_cell(t, r, c);
            size_t lw = longest_word(s);
            len[(r + 1) * nc + c] = chiso_utf8_chars(s, strlen(s));
            if (lw > word)
                word = lw;
        }
        for (size_t r = 0; r <= nr_used; r++)
            if (len[r * nc + c] > maxlen[c])
                maxlen[c] = len[r * nc + c];
        w[c] = (double)(word < MAX_WORD ? word : MAX_WORD);
        if (w[c] < 2)
            w[c] = 2;
        sum += w[c];
    }
    if (sum >= avail) {
        for (size_t c = 0; c < nc; c++)
            w[c] *= avail / sum;
    } else {
        double step = avail / 120 > 1 ? avail / 120 : 1;
        while (sum + step <= avail) {
            size_t best = nc;
            double best_lines = table_lines(len, nr_used, nc, w);
            for (size_t c = 0; c < nc; c++) {
                if (w[c] >= (double)maxlen[c])
                    continue;
                w[c] += step;
                double l = table_lines(len, nr_used, nc, w);
                w[c] -= step;
                if (l < best_lines) {
                    best_lines = l;
                    best = c;
                }
            }
            if (best == nc)
                break; /* no column wraps any more */
            w[best] += step;
            sum += step;
        }
        for (size_t c = 0; c < nc; c++) /* what is left, in proportion */
            w[c] *= avail / sum;
    }
    long total = 0;
    for (size_t c = 0; c < nc; c++) {
        width[c] = (long)(w[c] * CHAR_TWIPS + CELL_PAD);
        total += width[c];
    }
    width[nc - 1] += text_w - total;
    xw_start(x, "w:tbl");
    xw_start(x, "w:tblPr");
    xw_val(x, "w:tblStyle", "TableGrid");
    xw_start(x, "w:tblW");
    xw_attr_int(x, "w:w", text_w);
    xw_attr(x, "w:type", "dxa");
    xw_end(x);
    xw_start(x, "w:tblLayout");
    xw_attr(x, "w:type", "fixed");
    xw_end(x);
    xw_start(x, "w:tblLook");
    xw_attr(x, "w:val", "04A0");
    xw_attr(x, "w:firstRow", "1");
    xw_attr(x, "w:lastRow", "0");
    xw_attr(x, "w:firstColumn", "1");
    xw_attr(x, "w:lastColumn", "0");
    xw_attr(x, "w:noHBand", "0");
    xw_attr(x, "w:noVBand", "1");
    xw_end(x);
    xw_end(x);
    xw_start(x, "w:tblGrid");
    for (size_t c = 0; c < nc; c++) {
        xw_start(x, "w:gridCol");
        xw_attr_int(x, "w:w", width[c]);
        xw_end(x);
    }
    xw_end(x);
    for (size_t r = 0; r <= nr; r++) {
        xw_start(x, "w:tr");
        xw_start(x, "w:trPr");
        xw_start(x, "w:cantSplit");
        xw_end(x);
        if (r == 0) {
            xw_start(x, "w:tblHeader"); /* repeated on every page the table runs to */
            xw_end(x);
        }
        xw_end(x);
        for (size_t c = 0; c < nc; c++)
            cell(x, r == 0 ? chiso_table_header(t, c) : chiso_table_cell(t, r - 1, c), width[c], right[c], r == 0);
        xw_end(x);
    }
    xw_end(x);
    /* a little space after the table (and two tables never touch, which would merge them) */
    xw_start(x, "w:p");
    xw_start(x, "w:pPr");
    spacing(x, 0, 60);
    xw_end(x);
    xw_end(x);
done:
    free(len);
    free(w);
    free(maxlen);
    free(right);
    free(width);
}

static void drawing(body *b, const block *k)
{
    if (!k->has_png || b->next_pic >= b->npics)
        return;
    xw *x = &b->x;
    const picture *p = &b->pics[b->next_pic++];
    long long cx = TEXT_W * EMU_PER_TWIP;
    long long cy = p->width ? cx * p->height / p->width : cx * 5 / 8;
    unsigned id = ++b->drawing_id;
    char name[64];
    snprintf(name, sizeof name, "Picture %u", id);
    xw_start(x, "w:p");
    xw_start(x, "w:pPr");
    xw_val(x, "w:pStyle", "Figure");
    xw_val(x, "w:jc", "center");
    xw_end(x);
    xw_start(x, "w:r");
    xw_start(x, "w:drawing");
    xw_start(x, "wp:inline");
    xw_attr(x, "distT", "0");
    xw_attr(x, "distB", "0");
    xw_attr(x, "distL", "0");
    xw_attr(x, "distR", "0");
    xw_start(x, "wp:extent");
    xw_attr_int(x, "cx", cx);
    xw_attr_int(x, "cy", cy);
    xw_end(x);
    xw_start(x, "wp:effectExtent");
    xw_attr(x, "l", "0");
    xw_attr(x, "t", "0");
    xw_attr(x, "r", "0");
    xw_attr(x, "b", "0");
    xw_end(x);
    xw_start(x, "wp:docPr");
    xw_attr_int(x, "id", id);
    xw_attr(x, "name", name);
    xw_attr(x, "descr", k->text); /* the alternative text */
    xw_end(x);
    xw_start(x, "wp:cNvGraphicFramePr");
    xw_start(x, "a:graphicFrameLocks");
    xw_attr(x, "xmlns:a", NS_A);
    xw_attr(x, "noChangeAspect", "1");
    xw_end(x);
    xw_end(x);
    xw_start(x, "a:graphic");
    xw_attr(x, "xmlns:a", NS_A);
    xw_start(x, "a:graphicData");
    xw_attr(x, "uri", NS_PIC);
    xw_start(x, "pic:pic");
    xw_attr(x, "xmlns:pic", NS_PIC);
    xw_start(x, "pic:nvPicPr");
    xw_start(x, "pic:cNvPr");
    xw_attr_int(x, "id", id);
    xw_attr(x, "name", p->part + 6); /* after "media/" */
    xw_end(x);
    xw_start(x, "pic:cNvPicPr");
    xw_end(x);
    xw_end(x);
    xw_start(x, "pic:blipFill");
    xw_start(x, "a:blip");
    xw_attr(x, "r:embed", p->rel_id);
    xw_end(x);
    xw_start(x, "a:stretch");
    xw_start(x, "a:fillRect");
    xw_end(x);
    xw_end(x);
    xw_end(x);
    xw_start(x, "pic:spPr");
    xw_start(x, "a:xfrm");
    xw_start(x, "a:off");
    xw_attr(x, "x", "0");
    xw_attr(x, "y", "0");
    xw_end(x);
    xw_start(x, "a:ext");
    xw_attr_int(x, "cx", cx);
    xw_attr_int(x, "cy", cy);
    xw_end(x);
    xw_end(x);
    xw_start(x, "a:prstGeom");
    xw_attr(x, "prst", "rect");
    xw_start(x, "a:avLst");
    xw_end(x);
    xw_end(x);
    xw_end(x);
    xw_end(x); /* pic:pic */
    xw_end(x); /* a:graphicData */
    xw_end(x); /* a:graphic */
    xw_end(x); /* wp:inline */
    xw_end(x); /* w:drawing */
    xw_end(x); /* w:r */
    xw_end(x); /* w:p */
    caption(x, _("Figure %u. "), ++b->figures, k->text, 0);
}

static void section(xw *x, int landscape)
{
    xw_start(x, "w:sectPr");
    xw_start(x, "w:footerReference");
    xw_attr(x, "w:type", "default");
    xw_attr(x, "r:id", "rIdFooter1");
    xw_end(x);
    xw_start(x, "w:pgSz");
    xw_attr_int(x, "w:w", landscape ? PAGE_H : PAGE_W);
    xw_attr_int(x, "w:h", landscape ? PAGE_W : PAGE_H);
    if (landscape)
        xw_attr(x, "w:orient", "landscape");
    xw_end(x);
    xw_start(x, "w:pgMar");
    xw_attr_int(x, "w:top", landscape ? LAND_MARGIN : MARGIN_TOP);
    xw_attr_int(x, "w:right", landscape ? LAND_MARGIN : MARGIN_RIGHT);
    xw_attr_int(x, "w:bottom", landscape ? LAND_MARGIN : MARGIN_BOTTOM);
    xw_attr_int(x, "w:left", landscape ? LAND_MARGIN : MARGIN_LEFT);
    xw_attr(x, "w:header", "567");
    xw_attr(x, "w:footer", "567");
    xw_attr(x, "w:gutter", "0");
    xw_end(x);
    xw_end(x);
}

/* End the current section with a paragraph that holds its properties; the next one has the other
 * orientation (and starts on a new page). */
static void end_section(body *b)
{
    xw_start(&b->x, "w:p");
    xw_start(&b->x, "w:pPr");
    section(&b->x, b->landscape);
    xw_end(&b->x);
    xw_end(&b->x);
    b->landscape = !b->landscape;
}

/* The columns a table shows in documents. */
static size_t table_columns(const chiso_table *t)
{
    return t ? chiso_table_cols(t) : 0;
}

static chiso_status document(ooxml_zip *z, const doc *d, const picture *pics, size_t npics, chiso_error *err)
{
    body b;
    memset(&b, 0, sizeof b);
    b.pics = pics;
    b.npics = npics;
    if (xw_open(&b.x) != 0)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    xw *x = &b.x;
    xw_start(x, "w:document");
    xw_attr(x, "xmlns:w", NS_W);
    xw_attr(x, "xmlns:r", NS_R);
    xw_attr(x, "xmlns:wp", NS_WP);
    xw_start(x, "w:body");
    for (size_t i = 0; i < d->n && !x->bad; i++) {
        const block *k = &d->blocks[i];
        /* a wide table gets landscape pages of its own; headings and charts go back to portrait */
        int wide = k->kind == B_TABLE && table_columns(k->table) >= WIDE_TABLE;
        int back = k->kind == B_H1 || k->kind == B_H2 || k->kind == B_H3 || k->kind == B_CHART ||
                   (k->kind == B_TABLE && !wide);
        if ((wide && !b.landscape) || (back && b.landscape))
            end_section(&b);
        switch (k->kind) {
        case B_H1: para(x, "Heading1", k->text, 0); break;
        case B_H2: para(x, "Heading2", k->text, 0); break;
        case B_H3: para(x, "Heading3", k->text, 0); break;
        case B_P: para(x, NULL, k->text, 0); break;
        case B_NOTE: para(x, "Note", k->text, 0); break;
        case B_ITEM: para(x, "ListBullet", k->text, 1); break;
        case B_TABLE: {
            /* the document's columns only (bounds and other data columns are for the CSV and the workbook) */
            if (k->data_only)
                break;
            block view = *k;
            chiso_table *shown = chiso_table_doc_view(k->table);
            if (shown)
                view.table = shown;
            table(&b, &view);
            chiso_table_free(shown);
            break;
        }
        case B_CHART: drawing(&b, k); break;
        }
    }
    section(x, b.landscape);
    xw_end(x);
    xw_end(x);
    return add_part(z, "word/document.xml", x, err);
}

/* ---- the package ------------------------------------------------------------------------------- */

/* The PNG's size from its IHDR chunk; 0 when the bytes are not a PNG. */
static int png_size(const unsigned char *p, size_t n, unsigned *w, unsigned *h)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (n < 24 || memcmp(p, sig, 8) != 0 || memcmp(p + 12, "IHDR", 4) != 0)
        return 0;
    *w = (unsigned)p[16] << 24 | (unsigned)p[17] << 16 | (unsigned)p[18] << 8 | p[19];
    *h = (unsigned)p[20] << 24 | (unsigned)p[21] << 16 | (unsigned)p[22] << 8 | p[23];
    return *w > 0 && *h > 0;
}

chiso_status doc_to_docx_bytes(const doc *d, const char *charts_dir, const char *lang_code, const char *title,
                               void **data, size_t *n, chiso_error *err)
{
    *data = NULL;
    *n = 0;
    const char *lang_tag = strcmp(lang_code, "vi") == 0 ? "vi-VN" : "en-GB";
    chiso_status st = CHISO_OK;
    picture *pics = NULL;
    size_t npics = 0;
    for (size_t i = 0; i < d->n; i++)
        npics += d->blocks[i].kind == B_CHART && d->blocks[i].has_png;
    pics = calloc(npics ? npics : 1, sizeof *pics);
    ooxml_zip *z = ooxml_zip_new();
    if (!pics || !z) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    /* the charts, read as they were drawn */
    size_t np = 0;
    for (size_t i = 0; i < d->n && np < npics; i++) {
        const block *k = &d->blocks[i];
        if (k->kind != B_CHART || !k->has_png)
            continue;
        picture *p = &pics[np++];
        size_t plen = strlen(charts_dir) + strlen(k->name) + 16;
        char *path = malloc(plen);
        p->rel_id = malloc(48);
        p->part = malloc(48);
        if (!path || !p->rel_id || !p->part) {
            free(path);
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            goto done;
        }
        snprintf(path, plen, "%s/%s.png", charts_dir, k->name);
        snprintf(p->rel_id, 48, "rIdImage%zu", np);
        snprintf(p->part, 48, "media/image%zu.png", np);
        p->png = (unsigned char *)chiso_read_all(path, &p->png_n);
        if (!p->png || !png_size(p->png, p->png_n, &p->width, &p->height)) {
            st = chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s", _("cannot read the chart's image"));
            free(path);
            goto done;
        }
        free(path);
    }
    if ((st = content_types(z, err)) != CHISO_OK || (st = root_rels(z, err)) != CHISO_OK ||
        (st = core_props(z, title, lang_tag, err)) != CHISO_OK || (st = document(z, d, pics, np, err)) != CHISO_OK ||
        (st = styles(z, lang_tag, err)) != CHISO_OK || (st = numbering(z, err)) != CHISO_OK ||
        (st = footer(z, err)) != CHISO_OK || (st = document_rels(z, pics, np, err)) != CHISO_OK)
        goto done;
    for (size_t i = 0; i < np; i++) {
        char part[64];
        snprintf(part, sizeof part, "word/%s", pics[i].part);
        if ((st = ooxml_zip_add(z, part, pics[i].png, pics[i].png_n, 0, err)) != CHISO_OK)
            goto done;
    }
    st = ooxml_zip_finish(z, data, n, err);
    z = NULL;
done:
    ooxml_zip_free(z);
    for (size_t i = 0; pics && i < npics; i++) {
        free(pics[i].rel_id);
        free(pics[i].part);
        free(pics[i].png);
    }
    free(pics);
    return st;
}

chiso_status doc_to_docx(const doc *d, const char *path, const char *charts_dir, const char *lang_code,
                         const char *title, chiso_error *err)
{
    void *data = NULL;
    size_t n = 0;
    chiso_status st = doc_to_docx_bytes(d, charts_dir, lang_code, title, &data, &n, err);
    if (st == CHISO_OK)
        st = chiso_write_file_atomic(path, data, n, err);
    free(data);
    return st;
}

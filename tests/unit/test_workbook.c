/* tests/unit/test_workbook.c — a dataset kept as an Excel workbook (ingest/xlsxread.c, `chiso template`).
 *
 * - cells that hold numbers and cells that hold text read the same figure: 1247 and "1.247"; a share
 *   64.5 as a number, 0.645 with a percent style, "trên 90%" as text (typed with a combining accent: the
 *   cells pass through the same NFC cleaning as CSV fields); 93.125 stays 93.125 (not 93125);
 *   a date style gives the day, in the 1900 and the 1904 systems;
 * - the template's Vietnamese headers are read; inline strings, rich text (phonetic runs left out),
 *   namespace prefixes, booleans and error cells (#N/A) are read as Excel shows them;
 * - problems are placed at the sheet and cell (book.xlsx:observations!E3);
 * - what is not a workbook, or a damaged one, is refused with a message that says so; a ZIP bomb stops
 *   at the limit; a DOCTYPE is refused;
 * - the default dataset written by chiso_template_write reads back figure by figure, each on the row of
 *   its CSV line. */
#include "testutil.h"

#include "chiso/common.h"
#include "chiso/ingest.h"
#include "chiso/report.h"
#include "ingest/xlsxread.h"

#include <xlsxwriter.h>
#include <zip.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmpdir;

static int setup(void **state)
{
    (void)state;
    chiso_set_lang(CHISO_LANG_EN, NULL);
    tmpdir = chiso_test_mkdtemp();
    return tmpdir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    chiso_test_rmtree(tmpdir);
    free(tmpdir);
    return 0;
}

static char *path_in(const char *name)
{
    size_t n = strlen(tmpdir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", tmpdir, name);
    return p;
}

/* A ZIP package of the given parts (name, text) written with libzip. */
static void make_zip(const char *path, size_t n, const char *const *names, const char *const *texts,
                     const size_t *sizes)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        size_t len = sizes ? sizes[i] : strlen(texts[i]);
        zip_source_t *s = zip_source_buffer(z, texts[i], len, 0);
        assert_non_null(s);
        assert_true(zip_file_add(z, names[i], s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
}

static const chiso_diag *find_diag(const chiso_diags *d, const char *code, const char *file_end, long line)
{
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        size_t fl = g->file ? strlen(g->file) : 0, el = file_end ? strlen(file_end) : 0;
        if (g->code && strcmp(g->code, code) == 0 && (!file_end || (fl >= el && strcmp(g->file + fl - el, file_end) == 0)) &&
            (line < 0 || g->line == line))
            return g;
    }
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        print_error("  %s:%ld:%ld [%s] %s\n", g->file, g->line, g->col, g->code, g->msg);
    }
    print_error("no diagnostic %s at %s row %ld\n", code, file_end ? file_end : "?", line);
    fail();
    return NULL;
}

/* The observation on a sheet row. */
static chiso_obs_info obs_on_row(const chiso_dataset *ds, long row)
{
    chiso_obs_info o;
    for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
        assert_int_equal(chiso_dataset_obs(ds, i, &o), CHISO_OK);
        if (o.line == row)
            return o;
    }
    print_error("no figure on row %ld\n", row);
    fail();
    return o;
}

/* ---- numbers and text --------------------------------------------------------------------------- */

static void write_terms_sheet(lxw_workbook *wb)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "terms");
    const char *h[] = {"unit", "term", "start", "end"};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, h[c], NULL);
    worksheet_write_string(ws, 1, 0, "dbk", NULL);
    worksheet_write_string(ws, 1, 1, "V", NULL);
    worksheet_write_number(ws, 1, 2, 2015, NULL); /* a year typed as a number */
    worksheet_write_string(ws, 1, 3, "2020-08", NULL);
}

static void test_numbers_and_text(void **state)
{
    (void)state;
    char *path = path_in("numbers.xlsx");
    lxw_workbook *wb = workbook_new(path);
    assert_non_null(wb);
    lxw_format *pct = workbook_add_format(wb);
    format_set_num_format(pct, "0.0%");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    write_terms_sheet(wb);
    lxw_worksheet *ind = workbook_add_worksheet(wb, "indicators");
    const char *ih[] = {"indicator", "category", "measure", "kind"};
    const char *iv[] = {"dvk_share", "organisation", "share", "rate"};
    for (int c = 0; c < 4; c++) {
        worksheet_write_string(ind, 0, (lxw_col_t)c, ih[c], NULL);
        worksheet_write_string(ind, 1, (lxw_col_t)c, iv[c], NULL);
    }
    /* the template's Vietnamese headers */
    lxw_worksheet *ws = workbook_add_worksheet(wb, "observations");
    const char *h[] = {"Mã đơn vị", "Mã chỉ số", "Từ ngày", "Đến ngày", "Số liệu", "Cách tính"};
    for (int c = 0; c < 6; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, h[c], NULL);
    /* row 2: 1247 as a number; row 3: "1.247" as text */
    for (int r = 1; r <= 2; r++) {
        worksheet_write_string(ws, (lxw_row_t)r, 0, "dbk", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 1, "members", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 2, r == 1 ? "2016" : "2017", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 3, r == 1 ? "2016" : "2017", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 5, "point", NULL);
    }
    worksheet_write_number(ws, 1, 4, 1247, NULL);
    worksheet_write_string(ws, 2, 4, "1.247", NULL);
    /* shares: 64.5 as a number, 0.645 with a percent style, "trên 90%" as text, 93.125 */
    const char *years[] = {"2016", "2017", "2018", "2019"};
    for (int r = 3; r <= 6; r++) {
        worksheet_write_string(ws, (lxw_row_t)r, 0, "dbk", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 1, "dvk_share", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 2, years[r - 3], NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 3, years[r - 3], NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 5, "point", NULL);
    }
    worksheet_write_number(ws, 3, 4, 64.5, NULL);
    worksheet_write_number(ws, 4, 4, 0.645, pct);
    worksheet_write_string(ws, 5, 4, "tre\xcc\x82n 90%", NULL); /* "trên" typed as e + combining circumflex */
    worksheet_write_number(ws, 6, 4, 93.125, NULL);
    /* row 8: a date typed into Excel (a serial number with a date style) as the end */
    worksheet_write_string(ws, 7, 0, "dbk", NULL);
    worksheet_write_string(ws, 7, 1, "members", NULL);
    lxw_datetime dt = {2019, 12, 31, 0, 0, 0};
    worksheet_write_datetime(ws, 7, 2, &dt, date);
    worksheet_write_datetime(ws, 7, 3, &dt, date);
    worksheet_write_number(ws, 7, 4, 1301, NULL);
    worksheet_write_string(ws, 7, 5, "point", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error e;
    chiso_error_clear(&e);
    assert_int_equal(chiso_dataset_open(path, NULL, d, &ds, &e), CHISO_OK);
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        const chiso_diag *g = chiso_diags_get(d, i);
        if (g->severity == CHISO_ERROR)
            print_error("  %s:%ld:%ld [%s] %s\n", g->file, g->line, g->col, g->code, g->msg);
    }
    assert_int_equal(chiso_diags_errors(d), 0);
    assert_int_equal(chiso_dataset_n_obs(ds), 7);
    chiso_term_info t;
    assert_int_equal(chiso_dataset_term(ds, 0, &t), CHISO_OK);
    assert_int_equal(t.start.day, chiso_days_from_civil(2015, 1, 1)); /* the number 2015 is the year */
    assert_int_equal(t.end.day, chiso_days_from_civil(2020, 8, 31));  /* "2020-08" stays a month */

    chiso_obs_info o = obs_on_row(ds, 2);
    assert_rel(o.value.point, 1247, 0);
    assert_string_equal(o.raw_value, "1247");
    size_t n = strlen(path);
    assert_true(strncmp(o.file, path, n) == 0);
    assert_string_equal(o.file + n, ":observations!");
    o = obs_on_row(ds, 3);
    assert_rel(o.value.point, 1247, 0);
    o = obs_on_row(ds, 4);
    assert_rel(o.value.point, 64.5, 1e-12);
    o = obs_on_row(ds, 5);
    assert_rel(o.value.point, 64.5, 1e-12);
    assert_true(o.value.percent);
    o = obs_on_row(ds, 6);
    assert_int_equal(o.value.q, CHISO_Q_ABOVE);
    assert_rel(o.value.iv.lo, 90, 0);
    assert_true(o.value.iv.lo_open);
    assert_rel(o.value.iv.hi, 100, 0);
    o = obs_on_row(ds, 7);
    assert_rel(o.value.point, 93.125, 1e-12); /* not 93125 */
    o = obs_on_row(ds, 8);
    assert_int_equal(o.end.day, chiso_days_from_civil(2019, 12, 31));
    assert_int_equal(o.end.prec, CHISO_DATE_DAY);
    assert_rel(o.value.point, 1301, 0);
    /* a figure's place is the cell of its row in column A */
    char place[256];
    assert_string_equal(chiso_place_format(o.file, o.line, 0, place, sizeof place) + n, ":observations!A8");
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    free(path);
}

/* ---- diagnostics at the cell -------------------------------------------------------------------- */

static void test_cell_diagnostics(void **state)
{
    (void)state;
    char *path = path_in("bad.xlsx");
    lxw_workbook *wb = workbook_new(path);
    write_terms_sheet(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "observations");
    const char *h[] = {"unit", "indicator", "period_start", "period_end", "value"};
    for (int c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, h[c], NULL);
    const char *rows[][5] = {{"dbk", "members", "2016", "2016", "1247"},
                             {"dbk", "members", "2017", "2017", "1,000"},   /* E3: ambiguous */
                             {"nowhere", "members", "2018", "2018", "12"},  /* A4: unknown unit */
                             {"dbk", "members", "2019", "2019", "#N/A"}};   /* E5: Excel's error */
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 5; c++)
            worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, rows[r][c], NULL);
    worksheet_write_string(ws, 4, 7, "stray", NULL); /* H5: right of the last header */
    /* a sheet with a misspelt name is not read, and says so */
    workbook_add_worksheet(wb, "observation");
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error e;
    chiso_error_clear(&e);
    assert_int_equal(chiso_dataset_load_xlsx(path, NULL, d, &ds, &e), CHISO_OK);
    assert_int_equal(chiso_dataset_n_obs(ds), 1);
    char place[512];
    size_t n = strlen(path);
    const chiso_diag *g = find_diag(d, "value.ambiguous", "observations!", 3);
    assert_int_equal(g->severity, CHISO_ERROR);
    assert_string_equal(chiso_place_format(g->file, g->line, g->col, place, sizeof place) + n, ":observations!E3");
    g = find_diag(d, "unit.unknown", "observations!", 4);
    assert_string_equal(chiso_place_format(g->file, g->line, g->col, place, sizeof place) + n, ":observations!A4");
    /* #N/A is an error at E5 (whatever the message says) */
    int na = 0;
    for (size_t i = 0; i < chiso_diags_count(d); i++) {
        g = chiso_diags_get(d, i);
        if (g->severity == CHISO_ERROR && g->line == 5 && g->col == 5 && strstr(g->file, "observations!"))
            na = 1;
    }
    assert_true(na);
    g = find_diag(d, "row.extra_cell", "observations!", 5);
    assert_int_equal(g->col, 8);
    g = find_diag(d, "sheet.unknown", NULL, -1);
    assert_non_null(strstr(g->msg, "'observation'"));
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    free(path);
}

/* ---- hand-made packages: what other programs write ---------------------------------------------- */

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char *book_xml(int date1904)
{
    return date1904 ? "<?xml version=\"1.0\"?><x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                      "<x:workbookPr date1904=\"1\"/><x:sheets><x:sheet name=\"terms\" sheetId=\"1\" r:id=\"rId1\"/>"
                      "<x:sheet name=\"observations\" sheetId=\"2\" r:id=\"rId2\"/></x:sheets></x:workbook>"
                    : "<?xml version=\"1.0\"?><workbook " NS "><sheets><sheet name=\"terms\" sheetId=\"1\" r:id=\"rId1\"/>"
                      "<sheet name=\"observations\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
}

static const char rels_xml[] =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/a.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/b.xml\"/>"
    "</Relationships>";

static const char terms_xml[] =
    "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>unit</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>term</t></is></c>"
    "<c r=\"C1\" t=\"inlineStr\"><is><t>start</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>end</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>dbk</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>V</t></is></c>"
    "<c r=\"C2\" t=\"inlineStr\"><is><t>2015</t></is></c><c r=\"D2\" t=\"inlineStr\"><is><t>2020</t></is></c></row>"
    "</sheetData></worksheet>";

static void test_other_writers(void **state)
{
    (void)state;
    char *path = path_in("other.xlsx");
    /* shared strings with rich text and a phonetic run; a 1904 workbook with a custom date format; rows
     * and cells without r=; a row of empty styled cells; a boolean (unused column) */
    const char *sst = "<?xml version=\"1.0\"?><sst " NS "><si><t>unit</t></si><si><t>indicator</t></si>"
                      "<si><t>period_start</t></si><si><t>period_end</t></si><si><t>value</t></si>"
                      "<si><r><t>db</t></r><r><rPr><b/></rPr><t>k</t></r><rPh sb=\"0\" eb=\"1\"><t>XX</t></rPh></si>"
                      "<si><t xml:space=\"preserve\">members</t></si><si><t>note</t></si></sst>";
    const char *styles = "<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"1\"><numFmt numFmtId=\"164\" "
                         "formatCode=\"dd/mm/yyyy;@\"/></numFmts><cellXfs count=\"2\"><xf numFmtId=\"0\"/>"
                         "<xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>";
    /* 1904 system: 2019-12-31 is serial 42368 (43830 − 1462) */
    const char *obs = "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
                      "<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c>"
                      "<c t=\"s\"><v>4</v></c><c t=\"s\"><v>7</v></c></row>"
                      "<row r=\"3\"><c r=\"A3\" s=\"1\"/><c r=\"B3\" s=\"1\"/></row>"
                      "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>5</v></c><c r=\"B4\" t=\"s\"><v>6</v></c>"
                      "<c r=\"C4\" s=\"1\"><v>42368</v></c><c r=\"D4\" s=\"1\"><v>42368.5</v></c>"
                      "<c r=\"E4\" t=\"str\"><f>1000+247</f><v>1247</v></c><c r=\"F4\" t=\"b\"><v>1</v></c></row>"
                      "</sheetData></worksheet>";
    const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
                           "xl/styles.xml", "xl/worksheets/a.xml", "xl/worksheets/b.xml"};
    const char *texts[] = {book_xml(1), rels_xml, sst, styles, terms_xml, obs};
    make_zip(path, 6, names, texts, NULL);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error e;
    chiso_error_clear(&e);
    assert_int_equal(chiso_dataset_open(path, NULL, d, &ds, &e), CHISO_OK);
    assert_int_equal(chiso_diags_errors(d), 0);
    assert_int_equal(chiso_dataset_n_obs(ds), 1);
    chiso_obs_info o = obs_on_row(ds, 4);
    assert_string_equal(o.unit, "dbk"); /* rich text joined, phonetic run left out */
    assert_int_equal(o.start.day, chiso_days_from_civil(2019, 12, 31));
    assert_int_equal(o.end.day, chiso_days_from_civil(2019, 12, 31));
    assert_rel(o.value.point, 1247, 0); /* a formula's cached value */
    assert_string_equal(o.note, "TRUE");
    chiso_dataset_free(ds);
    chiso_diags_free(d);

    /* the same in the 1900 system: 43830 is 2019-12-31 */
    const char *obs1900 = "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
                          "<row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c>"
                          "<c t=\"s\"><v>4</v></c></row>"
                          "<row r=\"2\"><c t=\"s\"><v>5</v></c><c t=\"s\"><v>6</v></c>"
                          "<c s=\"1\"><v>43830</v></c><c s=\"1\"><v>43830</v></c><c><v>1.247E3</v></c></row>"
                          "</sheetData></worksheet>";
    const char *texts2[] = {book_xml(0), rels_xml, sst, styles, terms_xml, obs1900};
    make_zip(path, 6, names, texts2, NULL);
    d = chiso_diags_new();
    assert_int_equal(chiso_dataset_open(path, NULL, d, &ds, &e), CHISO_OK);
    assert_int_equal(chiso_diags_errors(d), 0);
    o = obs_on_row(ds, 2);
    assert_int_equal(o.end.day, chiso_days_from_civil(2019, 12, 31));
    assert_rel(o.value.point, 1247, 0);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    free(path);
}

/* ---- what is not a workbook -------------------------------------------------------------------- */

static chiso_status load_status(const char *path, chiso_error *e)
{
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error_clear(e);
    chiso_status st = chiso_dataset_open(path, NULL, d, &ds, e);
    assert_true(st != CHISO_OK || ds);
    if (st != CHISO_OK)
        assert_null(ds);
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    return st;
}

static void test_not_a_workbook(void **state)
{
    (void)state;
    chiso_error e;
    char *path = path_in("text.xlsx");
    chiso_test_write(tmpdir, "text.xlsx", "unit,term,start,end\n");
    assert_int_equal(load_status(path, &e), CHISO_EIO);
    assert_non_null(strstr(e.msg, "not a ZIP package"));
    assert_int_equal(e.line, 0);
    free(path);
    /* an old .xls (an OLE compound file) */
    path = path_in("old.xls");
    chiso_test_write(tmpdir, "old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an old workbook");
    assert_int_equal(load_status(path, &e), CHISO_EIO);
    assert_non_null(strstr(e.msg, "97-2003"));
    free(path);
    /* a ZIP that is no workbook (an .ods, a .docx) */
    path = path_in("other.xlsx");
    const char *names[] = {"content.xml"};
    const char *texts[] = {"<office:document-content/>"};
    make_zip(path, 1, names, texts, NULL);
    assert_int_equal(load_status(path, &e), CHISO_EIO);
    assert_non_null(strstr(e.msg, "xl/workbook.xml"));
    /* a workbook cut short (a copy that stopped half-way) */
    size_t len = 0;
    char *full = NULL;
    {
        char *good = path_in("good.xlsx");
        const char *gn[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/a.xml",
                            "xl/worksheets/b.xml"};
        const char *gt[] = {book_xml(0), rels_xml, terms_xml, terms_xml};
        make_zip(good, 4, gn, gt, NULL);
        full = chiso_test_read_file(good, &len);
        assert_non_null(full);
        assert_int_equal(load_status(good, &e), CHISO_OK);
        free(good);
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(full, 1, len / 2, f);
    fclose(f);
    assert_int_equal(load_status(path, &e), CHISO_EIO);
    assert_non_null(strstr(e.msg, "damaged"));
    /* every cut of the file is refused or read, never a crash */
    for (size_t cut = 0; cut < len; cut += 37) {
        chiso_diags *d = chiso_diags_new();
        chiso_dataset *ds = NULL;
        chiso_status st = chiso_dataset_load_xlsx_mem("cut.xlsx", full, cut, NULL, d, &ds, &e);
        assert_true(st == CHISO_EIO || st == CHISO_EPARSE || st == CHISO_OK);
        chiso_dataset_free(ds);
        chiso_diags_free(d);
    }
    free(full);
    free(path);
}

/* ---- a ZIP bomb and a DOCTYPE -------------------------------------------------------------------- */

static void test_bomb_and_doctype(void **state)
{
    (void)state;
    chiso_xlsx_set_limits(1u << 20, 2u << 20);
    char *path = path_in("bomb.xlsx");
    /* a sheet of 3 MiB of blanks: a few KiB once compressed */
    size_t big = 3u << 20;
    char *sheet = malloc(big + 200);
    assert_non_null(sheet);
    int k = snprintf(sheet, 200, "<worksheet " NS "><sheetData>");
    memset(sheet + k, ' ', big);
    strcpy(sheet + k + big, "</sheetData></worksheet>");
    const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/a.xml",
                           "xl/worksheets/b.xml"};
    const char *texts[] = {book_xml(0), rels_xml, terms_xml, sheet};
    make_zip(path, 4, names, texts, NULL);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    chiso_error e;
    chiso_error_clear(&e);
    assert_int_equal(chiso_dataset_open(path, NULL, d, &ds, &e), CHISO_OK);
    const chiso_diag *g = find_diag(d, "file.limit", "observations!", -1);
    assert_non_null(strstr(g->msg, "ZIP bomb"));
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    /* shared strings that blow up: the workbook is refused */
    const char *names2[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"};
    const char *texts2[] = {book_xml(0), rels_xml, sheet};
    make_zip(path, 3, names2, texts2, NULL);
    assert_int_equal(load_status(path, &e), CHISO_ELIMIT);
    assert_non_null(strstr(e.msg, "xl/sharedStrings.xml"));
    free(sheet);
    chiso_xlsx_set_limits(0, 0);

    /* entities: refused before any is expanded */
    const char *laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
                         "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><worksheet " NS
                         "><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>";
    const char *texts3[] = {book_xml(0), rels_xml, terms_xml, laughs};
    make_zip(path, 4, names, texts3, NULL);
    d = chiso_diags_new();
    assert_int_equal(chiso_dataset_open(path, NULL, d, &ds, &e), CHISO_OK);
    g = find_diag(d, "file.parse", "observations!", -1);
    assert_non_null(strstr(g->msg, "DOCTYPE"));
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    free(path);
}

/* ---- the template, written and read back -------------------------------------------------------- */

static void test_template_round_trip(void **state)
{
    (void)state;
    chiso_diags *d0 = chiso_diags_new();
    chiso_dataset *def = NULL;
    chiso_error e;
    chiso_error_clear(&e);
    chiso_load_opts lo;
    chiso_load_opts_default(&lo);
    lo.illustrative = 1;
    assert_int_equal(chiso_dataset_load_default(&lo, d0, &def, &e), CHISO_OK);
    char *path = path_in("default.xlsx");
    if (chiso_template_write(path, NULL, 1, NULL, def, &e) != CHISO_OK)
        print_error("%s: %s\n", e.file, e.msg);
    assert_int_equal(e.code, CHISO_OK);
    chiso_diags *d = chiso_diags_new();
    chiso_dataset *ds = NULL;
    assert_int_equal(chiso_dataset_open(path, &lo, d, &ds, &e), CHISO_OK);
    assert_int_equal(chiso_diags_errors(d), chiso_diags_errors(d0));
    assert_int_equal(chiso_diags_warnings(d), chiso_diags_warnings(d0));
    assert_int_equal(chiso_dataset_n_obs(ds), chiso_dataset_n_obs(def));
    assert_int_equal(chiso_dataset_n_targets(ds), chiso_dataset_n_targets(def));
    assert_int_equal(chiso_dataset_n_verdicts(ds), chiso_dataset_n_verdicts(def));
    assert_int_equal(chiso_dataset_n_units(ds), chiso_dataset_n_units(def));
    assert_int_equal(chiso_dataset_n_terms(ds), chiso_dataset_n_terms(def));
    assert_int_equal(chiso_dataset_n_indicators(ds), chiso_dataset_n_indicators(def));
    assert_true(chiso_dataset_n_obs(ds) > 200);
    for (size_t i = 0; i < chiso_dataset_n_obs(ds); i++) {
        chiso_obs_info a, b;
        assert_int_equal(chiso_dataset_obs(def, i, &a), CHISO_OK);
        assert_int_equal(chiso_dataset_obs(ds, i, &b), CHISO_OK);
        assert_string_equal(a.raw_value, b.raw_value);
        assert_string_equal(a.unit, b.unit);
        assert_string_equal(a.indicator, b.indicator);
        assert_int_equal(a.start.day, b.start.day);
        assert_int_equal(a.end.day, b.end.day);
        assert_int_equal(a.end.prec, b.end.prec);
        assert_true(a.value.iv.lo == b.value.iv.lo && a.value.iv.hi == b.value.iv.hi);
        assert_string_equal(a.quote ? a.quote : "", b.quote ? b.quote : "");
        assert_string_equal(a.note ? a.note : "", b.note ? b.note : "");
        assert_int_equal(a.line, b.line); /* the row of a record is its CSV line */
    }
    chiso_dataset_free(ds);
    chiso_diags_free(d);
    /* a folder, a pipe or a device as the output is refused, the file is left as it was */
    chiso_status st = chiso_template_write(tmpdir, NULL, 0, NULL, def, &e);
    assert_true(st != CHISO_OK);
    assert_int_equal(st, e.code);
    assert_int_equal(chiso_template_write("/dev/null", NULL, 0, NULL, def, &e), CHISO_EINVAL);
    chiso_dataset_free(def);
    chiso_diags_free(d0);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_and_text),
        cmocka_unit_test(test_cell_diagnostics),
        cmocka_unit_test(test_other_writers),
        cmocka_unit_test(test_not_a_workbook),
        cmocka_unit_test(test_bomb_and_doctype),
        cmocka_unit_test(test_template_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

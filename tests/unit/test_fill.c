/* tests/unit/test_fill.c — chiso fill: placeholder values on the default dataset (figures from the
 * seeds: 641 admitted in term VI over 3.4 covered years, 854 in term V over 3.36), their words in both
 * languages, errors with their places, Markdown templates, and DOCX templates whose placeholders are
 * cut across runs (built here with libzip; every other part must come out byte for byte). */
#include "testutil.h"
#include "chiso/analysis.h"
#include "chiso/ingest.h"
#include "chiso/report.h"
#include "report/ooxml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

static chiso_dataset *g_ds;
static chiso_filler *g_f;

static int setup(void **state)
{
    (void)state;
    chiso_set_lang(CHISO_LANG_EN, NULL);
    chiso_diags *d = chiso_diags_new();
    chiso_load_opts lo;
    chiso_load_opts_default(&lo);
    lo.illustrative = 1;
    chiso_error err;
    chiso_error_clear(&err);
    if (chiso_dataset_load_default(&lo, d, &g_ds, &err) != CHISO_OK || chiso_diags_errors(d)) {
        chiso_diags_free(d);
        return -1;
    }
    chiso_diags_free(d);
    chiso_fill_opts fo;
    chiso_fill_opts_default(&fo);
    fo.illustrative = 1;
    return chiso_filler_new(g_ds, &fo, &g_f, &err) == CHISO_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    chiso_filler_free(g_f);
    chiso_dataset_free(g_ds);
    chiso_set_lang(CHISO_LANG_EN, NULL);
    return 0;
}

static void expect(const chiso_filler *f, const char *name, const char *want)
{
    char *v = NULL;
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = chiso_filler_value(f, name, &v, &err);
    if (st != CHISO_OK)
        print_error("{{%s}}: %s\n", name, err.msg);
    assert_int_equal(st, CHISO_OK);
    if (strcmp(v, want) != 0)
        print_error("{{%s}} = '%s', want '%s'\n", name, v, want);
    assert_string_equal(v, want);
    free(v);
}

/* The error of a name that cannot be filled: the status, and a piece of the message. */
static void refused(const chiso_filler *f, const char *name, const char *piece)
{
    char *v = (char *)1;
    chiso_error err;
    chiso_error_clear(&err);
    assert_int_equal(chiso_filler_value(f, name, &v, &err), CHISO_ENOTFOUND);
    assert_null(v);
    if (!strstr(err.msg, piece))
        print_error("{{%s}}: '%s' lacks '%s'\n", name, err.msg, piece);
    assert_non_null(strstr(err.msg, piece));
}

static void test_values_en(void **state)
{
    (void)state;
    expect(g_f, "admitted.VI.value", "641");           /* seeds, lines 1892-1894 */
    expect(g_f, " admitted.VI.value ", "641");
    expect(g_f, "admitted.V.value", "854");            /* lines 1337-1339 */
    expect(g_f, "admitted.IV.value", "1,247");
    expect(g_f, "admitted.latest.value", "641");
    expect(g_f, "admitted.previous.value", "854");
    expect(g_f, "admitted.VI.label", "Nhiệm kỳ VI (2020–2025)");
    /* 641 over 2020-08-03..2023-12-31 = 3.41 years → 187.9 a year; 854 / 3.36 = 254.2; 187.9 / 254.2 − 1 = −26.1% */
    expect(g_f, "admitted.VI.annual", "187.9");
    expect(g_f, "admitted.VI.previous", "254.2");
    expect(g_f, "admitted.VI.years", "3.4");
    expect(g_f, "admitted.VI.change", "down 26.1% on the previous term (per year)");
    /* 187.9 a year over the 5.08 years of the term */
    expect(g_f, "admitted.VI.projected", "954");
    expect(g_f, "unit", "Đảng bộ Khối các cơ quan thành phố Hải Phòng");
    expect(g_f, "cb-bdv/unit", "Chi bộ cơ quan Ban Dân vận Thành ủy");
    expect(g_f, "as_of", "2024-12-31");
    expect(g_f, "lbrace", "{{");
    expect(g_f, "admitted.name", "Members admitted");
    /* targets (illustrative): inspected organisations ≥ 250 over term VI, 285 so far → 114%, met */
    expect(g_f, "inspected_orgs.VI.target", "≥ 250 (illustrative target)");
    expect(g_f, "inspected_orgs.VI.actual", "285");
    expect(g_f, "inspected_orgs.VI.ratio", "114%");
    expect(g_f, "inspected_orgs.VI.verdict", "met (114% of the target; illustrative target)");
    /* admitted ≥ 1000 over the term: 641 so far = 64.1%, behind the pace */
    expect(g_f, "admitted.VI.ratio.total", "64.1%");
    /* the status in the library's words (docs/style-vi.md): at risk, P(met) about 0.3 from the unit's
     * own earlier terms (docs/methods.md, "Predictive model for counts") */
    char want[256];
    snprintf(want, sizeof want, "%s (so far 64.1%% of the target for the whole term; illustrative target)",
             chiso_progress_words(CHISO_PROGRESS_AT_RISK));
    expect(g_f, "admitted.VI.verdict.total", want);
    expect(g_f, "admitted.VI.verdict.2", want);
    /* a rating share at level 4 and above, term V: the source says "trên 70%" */
    expect(g_f, "org_rating_share:4.V.value", "more than 70%");
    expect(g_f, "members.I.value", "more than 3,000"); /* "trên 3.000" in the source */
}

static void test_values_vi(void **state)
{
    (void)state;
    chiso_set_lang(CHISO_LANG_VI, NULL);
    chiso_filler *f = NULL;
    chiso_error err;
    chiso_fill_opts fo;
    chiso_fill_opts_default(&fo);
    fo.illustrative = 1;
    assert_int_equal(chiso_filler_new(g_ds, &fo, &f, &err), CHISO_OK);
    expect(f, "admitted.VI.value", "641");
    expect(f, "admitted.IV.value", "1.247");
    expect(f, "admitted.VI.annual", "187,9");
    expect(f, "admitted.VI.change", "giảm 26,1% so với nhiệm kỳ trước (tính bình quân mỗi năm)");
    expect(f, "inspected_orgs.VI.change", "tăng 46,9% so với nhiệm kỳ trước (tính bình quân mỗi năm)");
    expect(f, "inspected_orgs.VI.verdict", "đạt (114% chỉ tiêu; chỉ tiêu minh họa)");
    expect(f, "as_of", "31/12/2024");
    expect(f, "org_rating_share:4.V.value", "trên 70%");
    expect(f, "members.I.value", "trên 3.000");
    chiso_filler_free(f);
    chiso_set_lang(CHISO_LANG_EN, NULL);
}

static void test_other_unit(void **state)
{
    (void)state;
    chiso_filler *f = NULL;
    chiso_error err;
    chiso_fill_opts fo;
    chiso_fill_opts_default(&fo);
    fo.unit = "cb-bdv";
    assert_int_equal(chiso_filler_new(g_ds, &fo, &f, &err), CHISO_OK);
    expect(f, "unit", "Chi bộ cơ quan Ban Dân vận Thành ủy");
    expect(f, "dbk-hp/admitted.VI.value", "641");
    /* the review of the cell: 100% of its members rated "hoàn thành tốt nhiệm vụ" or better */
    expect(f, "member_rating_share:3.2020-2025.value", "100%");
    refused(f, "admitted.2020-2025.value", "no figures of 'admitted' for unit 'cb-bdv'");
    chiso_filler_free(f);
    fo.unit = "nowhere";
    assert_int_equal(chiso_filler_new(g_ds, &fo, &f, &err), CHISO_ENOTFOUND);
    assert_null(f);
}

static void test_refused(void **state)
{
    (void)state;
    refused(g_f, "admitted.VI.vlaue", "did you mean 'value'");
    refused(g_f, "admited.VI.value", "did you mean 'admitted'");
    refused(g_f, "zzz.VI.value", "unknown indicator or name 'zzz'");
    refused(g_f, "nowhere/admitted.VI.value", "unknown unit 'nowhere'");
    refused(g_f, "admitted.IX.value", "unknown term 'IX'");
    refused(g_f, "admitted.lt.change", "no earlier term");
    refused(g_f, "admitted.VI.verdict", "there are 2 targets of 'admitted'");
    refused(g_f, "admitted.VI.verdict.9", "not 9");
    refused(g_f, "admitted.VI.verdict.annual_mean", "counted as 'annual_mean'");
    refused(g_f, "confirmed.VI.verdict", "no target of 'confirmed'");
    refused(g_f, "org_rating_share:4.V.annual", "'annual' is for flows");
    refused(g_f, "admitted.IV.projected", "no projection");
    refused(g_f, "admitted.next.plan.x", "takes no further part");
    refused(g_f, "admitted.next.plan_x", "unknown plan field");
    refused(g_f, "admitted.IX.plan", "unknown term 'IX'");
    refused(g_f, "admitted.next.plna", "did you mean 'plan'");
    refused(g_f, "admitted", "add .TERM.value");
    refused(g_f, "admitted.VI", "needs a field");
    refused(g_f, "admitted.trend.x", "unknown trend field");
    refused(g_f, "admitted:x.VI.value", "not a rating level");
    refused(g_f, "", "empty placeholder");
    refused(g_f, "admitted.VI.value.total", "takes no further part");
}

static void test_trend(void **state)
{
    (void)state;
    char *v = NULL;
    chiso_error err;
    assert_int_equal(chiso_filler_value(g_f, "admitted.trend", &v, &err), CHISO_OK);
    /* the same sentence chiso trend gives */
    chiso_select sel;
    memset(&sel, 0, sizeof sel);
    sel.unit = "dbk-hp";
    const char *inds[] = {"admitted", NULL};
    sel.indicators = inds;
    chiso_normalized *norm = NULL;
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    assert_int_equal(chiso_normalize(g_ds, &no, NULL, &norm, &err), CHISO_OK);
    chiso_trend_result *tr = NULL;
    assert_int_equal(chiso_analysis_trend(g_ds, norm, &sel, CHISO_BY_TERM, &tr, &err), CHISO_OK);
    assert_string_equal(v, chiso_trend_result_get(tr)->message);
    free(v);
    /* Sen's slope of the seven yearly rates per term midpoint (docs/methods.md; R trend::sens.slope) */
    assert_int_equal(chiso_filler_value(g_f, "admitted.trend.slope", &v, &err), CHISO_OK);
    char want[32];
    snprintf(want, sizeof want, "%.2f", chiso_trend_result_get(tr)->sen.slope);
    assert_string_equal(v, want);
    free(v);
    chiso_trend_result_free(tr);
    chiso_normalized_free(norm);
}

/* The plan fields give what chiso plan gives for the five years after the latest term. */
static void test_plan(void **state)
{
    (void)state;
    chiso_normalized *norm = NULL;
    chiso_norm_opts no;
    chiso_norm_opts_default(&no);
    chiso_error err;
    assert_int_equal(chiso_normalize(g_ds, &no, NULL, &norm, &err), CHISO_OK);
    chiso_plan_opts po;
    chiso_plan_opts_default(&po);
    po.unit = "dbk-hp";
    chiso_plan *plan = NULL;
    assert_int_equal(chiso_analysis_plan(g_ds, norm, &po, &plan, &err), CHISO_OK);
    const chiso_plan_row *r = NULL;
    for (size_t i = 0; i < chiso_plan_count(plan); i++)
        if (strcmp(chiso_plan_get(plan, i)->indicator, "admitted") == 0)
            r = chiso_plan_get(plan, i);
    assert_non_null(r);
    char want[128], a[32], b[32];
    expect(g_f, "admitted.next.plan", chiso_format_number(r->mean, 0, CHISO_LANG_EN, a, sizeof a));
    snprintf(want, sizeof want, "from %s to %s", chiso_format_number(r->lo80, 0, CHISO_LANG_EN, a, sizeof a),
             chiso_format_number(r->hi80, 0, CHISO_LANG_EN, b, sizeof b));
    expect(g_f, "admitted.next.plan_range", want);
    snprintf(want, sizeof want, "from %s to %s", chiso_format_number(r->lo95, 0, CHISO_LANG_EN, a, sizeof a),
             chiso_format_number(r->hi95, 0, CHISO_LANG_EN, b, sizeof b));
    expect(g_f, "admitted.next.plan_range95", want);
    refused(g_f, "admitted.next.value", "'next' takes the plan fields only");
    char *v = NULL;
    assert_int_equal(chiso_filler_value(g_f, "admitted.next.plan_levels", &v, &err), CHISO_OK);
    snprintf(want, sizeof want, "≥ %.0f: %.0f%%", r->levels[0].level, r->levels[0].probability * 100);
    assert_memory_equal(v, want, strlen(want));
    free(v);
    /* discipline should fall: its candidate targets are upper bounds */
    assert_int_equal(chiso_filler_value(g_f, "disciplined.next.plan_levels", &v, &err), CHISO_OK);
    assert_memory_equal(v, "≤ ", strlen("≤ "));
    free(v);
    /* the filler keeps the plan of each series it made: asked again after another series, the same */
    expect(g_f, "admitted.next.plan", chiso_format_number(r->mean, 0, CHISO_LANG_EN, a, sizeof a));
    chiso_plan_free(plan);
    chiso_normalized_free(norm);
}

static void test_markdown(void **state)
{
    (void)state;
    const char *tpl = "# {{unit}}\n\nKết nạp {{admitted.VI.value}} ({{admitted.VI.change}}); {{lbrace}} }}\n";
    void *out = NULL;
    size_t n = 0;
    chiso_error err;
    assert_int_equal(chiso_fill_mem(g_f, "t.md", tpl, strlen(tpl), &out, &n, NULL, &err), CHISO_OK);
    const char *want = "# Đảng bộ Khối các cơ quan thành phố Hải Phòng\n\nKết nạp 641 (down 26.1% on the previous "
                       "term (per year)); {{ }}\n";
    assert_int_equal(n, strlen(want));
    assert_memory_equal(out, want, n);
    free(out);
    /* errors: every place, by line and column in characters; nothing returned */
    const char *bad = "ok {{admitted.VI.value}}\nế {{admitted.VI.vlaue}} {{x.y.z}}\n{{unclosed\n";
    chiso_diags *d = chiso_diags_new();
    out = (void *)1;
    assert_int_equal(chiso_fill_mem(g_f, "t.md", bad, strlen(bad), &out, &n, d, &err), CHISO_ENOTFOUND);
    assert_null(out);
    assert_int_equal(n, 0);
    assert_int_equal(chiso_diags_errors(d), 3);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 3);
    assert_string_equal(err.file, "t.md");
    assert_non_null(strstr(err.msg, "and 2 more"));
    const chiso_diag *g = chiso_diags_get(d, 1);
    assert_int_equal(g->line, 2);
    assert_int_equal(g->col, 25);
    g = chiso_diags_get(d, 2);
    assert_int_equal(g->line, 3);
    assert_int_equal(g->col, 1);
    assert_non_null(strstr(g->msg, "not closed"));
    chiso_diags_free(d);
    /* an empty template is an empty document */
    assert_int_equal(chiso_fill_mem(g_f, "e.md", "", 0, &out, &n, NULL, &err), CHISO_OK);
    assert_int_equal(n, 0);
    free(out);
}

/* ---- DOCX -------------------------------------------------------------------------------------- */

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
static const unsigned char MEDIA[] = {0x89, 'P', 'N', 'G', 0, 1, 2, 3, 0xff, 0xfe, '{', '{', 'x', '}', '}'};

static void *make_docx(const char *document_xml, const char *header_xml, size_t *n)
{
    ooxml_zip *z = ooxml_zip_new();
    assert_non_null(z);
    chiso_error err;
    const char *ct = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
    assert_int_equal(ooxml_zip_add(z, "[Content_Types].xml", ct, strlen(ct), 1, &err), CHISO_OK);
    assert_int_equal(ooxml_zip_add(z, "word/document.xml", document_xml, strlen(document_xml), 1, &err), CHISO_OK);
    if (header_xml)
        assert_int_equal(ooxml_zip_add(z, "word/header1.xml", header_xml, strlen(header_xml), 1, &err), CHISO_OK);
    assert_int_equal(ooxml_zip_add(z, "word/media/image1.png", MEDIA, sizeof MEDIA, 0, &err), CHISO_OK);
    /* a part with a placeholder that is not a text part: left alone */
    const char *st = "<w:styles " W_NS "><w:t>{{nothing}}</w:t></w:styles>";
    assert_int_equal(ooxml_zip_add(z, "word/styles.xml", st, strlen(st), 1, &err), CHISO_OK);
    void *data = NULL;
    assert_int_equal(ooxml_zip_finish(z, &data, n, &err), CHISO_OK);
    return data;
}

static char *entry(const void *docx, size_t n, const char *name, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(docx, n, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    assert_non_null(za);
    zip_stat_t zs;
    assert_int_equal(zip_stat(za, name, 0, &zs), 0);
    char *buf = malloc(zs.size + 1);
    zip_file_t *zf = zip_fopen(za, name, 0);
    assert_non_null(zf);
    assert_int_equal(zip_fread(zf, buf, zs.size), (zip_int64_t)zs.size);
    buf[zs.size] = '\0';
    zip_fclose(zf);
    zip_discard(za);
    zip_error_fini(&ze);
    *len = (size_t)zs.size;
    return buf;
}

/* The texts of the w:t elements of document.xml, joined with '|', and a check that it parses. */
static char *runs_text(const char *xml)
{
    xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), "d.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    char *out = calloc(1, strlen(xml) + 1);
    xmlNode *stack[64];
    int sp = 0;
    stack[sp++] = xmlDocGetRootElement(doc);
    /* depth-first, in document order */
    while (sp) {
        xmlNode *n = stack[--sp];
        for (; n; n = n->next) {
            if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "t") == 0) {
                xmlChar *s = xmlNodeGetContent(n);
                strcat(out, (const char *)s);
                strcat(out, "|");
                xmlFree(s);
            }
            if (n->type == XML_ELEMENT_NODE && n->children) {
                if (n->next)
                    stack[sp++] = n->next;
                n = n->children;
                stack[sp++] = n;
                break;
            }
        }
    }
    xmlFreeDoc(doc);
    return out;
}

static void test_docx_split_runs(void **state)
{
    (void)state;
    /* placeholders cut across runs as Word cuts them, one in a bold run, one inside a hyperlink, two
     * in one run, and a text box whose paragraph is a paragraph of its own */
    const char *doc =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        "<w:document " W_NS "><w:body>"
        "<w:p><w:r><w:t>Kết nạp </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{{admit</w:t></w:r>"
        "<w:r><w:rPr><w:i/></w:rPr><w:t>ted.VI.</w:t></w:r><w:r><w:t>value}} đảng viên, </w:t></w:r>"
        "<w:hyperlink><w:r><w:t>{{admitted.VI.change</w:t></w:r></w:hyperlink><w:r><w:t>}}.</w:t></w:r></w:p>"
        "<w:p><w:r><w:t xml:space=\"preserve\">{{unit}} &amp; {{cb-bdv/unit}} </w:t></w:r>"
        "<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>{{admitted.V.value}}</w:t></w:r></w:p></w:txbxContent>"
        "</w:drawing></w:r><w:r><w:delText>{{deleted}}</w:delText></w:r></w:p>"
        "</w:body></w:document>";
    const char *hdr = "<w:hdr " W_NS "><w:p><w:r><w:t>{{as_</w:t></w:r><w:r><w:t>of}}</w:t></w:r></w:p></w:hdr>";
    size_t n;
    void *docx = make_docx(doc, hdr, &n);
    void *out = NULL;
    size_t on = 0;
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = chiso_fill_mem(g_f, "t.docx", docx, n, &out, &on, NULL, &err);
    if (st != CHISO_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(st, CHISO_OK);
    size_t len;
    char *xml = entry(out, on, "word/document.xml", &len);
    char *runs = runs_text(xml);
    assert_string_equal(runs, "Kết nạp |641|| đảng viên, |down 26.1% on the previous term (per year)|.|"
                              "Đảng bộ Khối các cơ quan thành phố Hải Phòng & Chi bộ cơ quan Ban Dân vận Thành ủy |854|");
    /* the value is in the bold run where the placeholder began */
    assert_non_null(strstr(xml, "<w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">641</w:t>"));
    /* tracked deletions are not text */
    assert_non_null(strstr(xml, "<w:delText>{{deleted}}</w:delText>"));
    free(runs);
    free(xml);
    xml = entry(out, on, "word/header1.xml", &len);
    assert_non_null(strstr(xml, ">2024-12-31<"));
    free(xml);
    /* every other part byte for byte */
    size_t l1, l2;
    char *a = entry(docx, n, "word/media/image1.png", &l1), *b = entry(out, on, "word/media/image1.png", &l2);
    assert_int_equal(l1, sizeof MEDIA);
    assert_int_equal(l2, sizeof MEDIA);
    assert_memory_equal(b, MEDIA, sizeof MEDIA);
    free(a);
    free(b);
    a = entry(docx, n, "word/styles.xml", &l1);
    b = entry(out, on, "word/styles.xml", &l2);
    assert_int_equal(l1, l2);
    assert_memory_equal(a, b, l1);
    free(a);
    free(b);
    free(out);
    free(docx);
}

static void test_docx_errors(void **state)
{
    (void)state;
    const char *doc = "<w:document " W_NS "><w:body><w:p><w:r><w:t>Đoạn một {{unit}}</w:t></w:r></w:p>"
                      "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{admitted.VI.va</w:t></w:r><w:r><w:t>leu}}</w:t></w:r>"
                      "</w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>{{never closed</w:t></w:r></w:p></w:body></w:document>";
    size_t n;
    void *docx = make_docx(doc, NULL, &n);
    void *out = (void *)1;
    size_t on = 1;
    chiso_error err;
    chiso_diags *d = chiso_diags_new();
    assert_int_equal(chiso_fill_mem(g_f, "t.docx", docx, n, &out, &on, d, &err), CHISO_ENOTFOUND);
    assert_null(out);
    assert_int_equal(on, 0);
    assert_int_equal(chiso_diags_errors(d), 2);
    assert_non_null(strstr(err.msg, "word/document.xml, paragraph 2"));
    assert_non_null(strstr(err.msg, "{{admitted.VI.valeu}}"));
    assert_non_null(strstr(err.msg, "did you mean 'value'"));
    assert_non_null(strstr(chiso_diags_get(d, 1)->msg, "paragraph 3"));
    assert_non_null(strstr(chiso_diags_get(d, 1)->msg, "not closed"));
    chiso_diags_free(d);
    free(docx);
    /* not a Word document */
    const char *junk = "PK\x03\x04 this is not a zip";
    assert_int_equal(chiso_fill_mem(g_f, "j.docx", junk, strlen(junk), &out, &on, NULL, &err), CHISO_EPARSE);
    assert_null(out);
    /* a document.xml that is not XML, and one with a DTD (entity tricks) */
    docx = make_docx("<w:document " W_NS "><w:body><w:p>", NULL, &n);
    assert_int_equal(chiso_fill_mem(g_f, "x.docx", docx, n, &out, &on, NULL, &err), CHISO_EPARSE);
    assert_non_null(strstr(err.msg, "word/document.xml"));
    free(docx);
    docx = make_docx("<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                     "<w:document " W_NS "><w:body><w:p><w:r><w:t>&b;&b;&b;</w:t></w:r></w:p></w:body></w:document>",
                     NULL, &n);
    assert_int_equal(chiso_fill_mem(g_f, "e.docx", docx, n, &out, &on, NULL, &err), CHISO_EPARSE);
    assert_non_null(strstr(err.msg, "DTD"));
    free(docx);
    /* a ZIP without word/document.xml (an .odt, an .xlsx) */
    ooxml_zip *z = ooxml_zip_new();
    assert_int_equal(ooxml_zip_add(z, "content.xml", "<a/>", 4, 1, &err), CHISO_OK);
    assert_int_equal(ooxml_zip_finish(z, &docx, &n, &err), CHISO_OK);
    assert_int_equal(chiso_fill_mem(g_f, "o.odt", docx, n, &out, &on, NULL, &err), CHISO_EPARSE);
    assert_non_null(strstr(err.msg, "word/document.xml"));
    free(docx);
}

static void test_fill_file(void **state)
{
    (void)state;
    char *dir = chiso_test_mkdtemp();
    chiso_test_write(dir, "t.md", "{{admitted.VI.value}}\n");
    char in[512], out[512];
    snprintf(in, sizeof in, "%s/t.md", dir);
    snprintf(out, sizeof out, "%s/o.md", dir);
    chiso_error err;
    assert_int_equal(chiso_fill_file(g_f, in, out, NULL, &err), CHISO_OK);
    size_t n;
    char *text = chiso_test_read_file(out, &n);
    assert_string_equal(text, "641\n");
    free(text);
    /* never onto the template, and nothing written on an error */
    assert_int_equal(chiso_fill_file(g_f, in, in, NULL, &err), CHISO_EINVAL);
    text = chiso_test_read_file(in, &n);
    assert_string_equal(text, "{{admitted.VI.value}}\n");
    free(text);
    chiso_test_write(dir, "b.md", "{{nope}}\n");
    snprintf(in, sizeof in, "%s/b.md", dir);
    snprintf(out, sizeof out, "%s/b-out.md", dir);
    assert_int_equal(chiso_fill_file(g_f, in, out, NULL, &err), CHISO_ENOTFOUND);
    assert_null(chiso_test_read_file(out, &n));
    chiso_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_en),   cmocka_unit_test(test_values_vi),       cmocka_unit_test(test_other_unit),
        cmocka_unit_test(test_refused),     cmocka_unit_test(test_trend),           cmocka_unit_test(test_plan),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_docx_split_runs), cmocka_unit_test(test_docx_errors), cmocka_unit_test(test_fill_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* report/fill_template.c — the templates chiso fill reads: a Markdown text (its placeholders filled by
 * fill_text) or a DOCX, whose text parts (document, headers, footers, notes) are parsed with libxml2,
 * the placeholders found across the runs Word splits them into and filled in the run where each starts,
 * and the package repacked with libzip; and the entry points chiso_fill_mem and chiso_fill_file. */
#include "report/fill_int.h"
#include "report/ooxml.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

/* ---- DOCX -------------------------------------------------------------------------------------- */

static int is_w(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && strcmp((const char *)n->ns->href, NS_W) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

typedef struct tnode {
    xmlNode *node;
    char *text;      /* the current text (owned) */
    size_t start;    /* offset in the paragraph's text, as it was read */
    size_t len;      /* length as it was read */
    int changed;
} tnode;

typedef struct para_text {
    tnode *t;
    size_t n, cap;
} para_text;

/* The w:t of paragraph p, not those of a paragraph inside it (a text box). */
static int collect_t(xmlNode *n, para_text *pt, size_t *pos)
{
    for (xmlNode *k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(k, "p"))
            continue;
        if (is_w(k, "t")) {
            if (chiso_grow((void **)&pt->t, &pt->cap, pt->n + 1, sizeof *pt->t) != 0)
                return -1;
            /* its text children only (a Word document has no entity references to expand) */
            chiso_buf b;
            chiso_buf_init(&b);
            for (xmlNode *x = k->children; x; x = x->next)
                if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) && x->content)
                    chiso_buf_puts(&b, (const char *)x->content);
            tnode *t = &pt->t[pt->n++];
            memset(t, 0, sizeof *t);
            t->node = k;
            t->text = chiso_buf_take(&b);
            if (!t->text)
                return -1;
            t->start = *pos;
            t->len = strlen(t->text);
            *pos += t->len;
        } else if (collect_t(k, pt, pos) != 0) {
            return -1;
        }
    }
    return 0;
}

static size_t node_at(const para_text *pt, size_t off)
{
    for (size_t i = 0; i < pt->n; i++)
        if (off >= pt->t[i].start && off < pt->t[i].start + pt->t[i].len)
            return i;
    return pt->n;
}

/* Replace [s, e) of the paragraph's text (as read) by v: the value goes into the w:t where the
 * placeholder starts (so into that run, with its formatting); the text of later w:t up to the end of
 * the placeholder is removed. */
static int replace_span(para_text *pt, size_t s, size_t e, const char *v)
{
    size_t i = node_at(pt, s), j = node_at(pt, e - 1);
    if (i >= pt->n || j >= pt->n)
        return 0;
    tnode *a = &pt->t[i];
    chiso_buf b;
    chiso_buf_init(&b);
    chiso_buf_append(&b, a->text, s - a->start);
    chiso_buf_puts(&b, v);
    if (i == j)
        chiso_buf_puts(&b, a->text + (e - a->start));
    char *nt = chiso_buf_take(&b);
    if (!nt)
        return -1;
    free(a->text);
    a->text = nt;
    a->changed = 1;
    for (size_t k = i + 1; k <= j && j != i; k++) {
        tnode *t = &pt->t[k];
        const char *keep = k == j ? t->text + (e - t->start) : "";
        char *kt = chiso_strdup(keep);
        if (!kt)
            return -1;
        free(t->text);
        t->text = kt;
        t->changed = 1;
    }
    return 0;
}

static int set_text(xmlNode *node, const char *text)
{
    char *clean = ooxml_clean_text(text);
    if (!clean)
        return -1;
    while (node->children) {
        xmlNode *k = node->children;
        xmlUnlinkNode(k);
        xmlFreeNode(k);
    }
    xmlNode *t = xmlNewText(BAD_CAST clean);
    free(clean);
    if (!t || !xmlAddChild(node, t)) {
        xmlFreeNode(t);
        return -1;
    }
    /* keep the spaces at the ends of the new text */
    xmlNs *xml = xmlSearchNs(node->doc, node, BAD_CAST "xml");
    if (!xml || !xmlSetNsProp(node, xml, BAD_CAST "space", BAD_CAST "preserve"))
        return -1;
    return 0;
}

static int fill_paragraph(fill_ctx *c, xmlNode *p, long number, const char *part)
{
    para_text pt;
    memset(&pt, 0, sizeof pt);
    size_t pos = 0;
    int rc = 0;
    char *all = NULL;
    if (collect_t(p, &pt, &pos) != 0) {
        rc = -1;
        goto done;
    }
    chiso_buf b;
    chiso_buf_init(&b);
    for (size_t i = 0; i < pt.n; i++)
        chiso_buf_puts(&b, pt.t[i].text);
    all = chiso_buf_take(&b);
    if (!all) {
        rc = -1;
        goto done;
    }
    if (!strstr(all, "{{"))
        goto done;
    /* the placeholders, left to right; then replaced right to left so that the offsets stay true */
    size_t *spans = NULL, ns = 0, cap = 0;
    char **vals = NULL;
    size_t vcap = 0;
    /* the place: the part, the paragraph's number and how it begins (a clerk finds it with Ctrl+F) */
    char where[256];
    size_t n = strlen(all), lead = chiso_utf8_valid_prefix((const unsigned char *)all, n < 40 ? n : 40);
    snprintf(where, sizeof where, _("%s, paragraph %ld (\"%.*s%s\")"), part, number, (int)lead, all, lead < n ? "…" : "");
    for (size_t i = 0; i + 1 < n;) {
        if (!(all[i] == '{' && all[i + 1] == '{')) {
            i++;
            continue;
        }
        char *close = strstr(all + i + 2, "}}");
        if (!close) {
            char shown[48];
            size_t k = strlen(all + i + 2) < 40 ? strlen(all + i + 2) : 40;
            k = chiso_utf8_valid_prefix((const unsigned char *)all + i + 2, k);
            snprintf(shown, sizeof shown, "%.*s", (int)k, all + i + 2);
            fill_bad_place(c, 0, 0, where, shown, _("the placeholder is not closed with }} in the same paragraph"));
            break;
        }
        size_t e = (size_t)(close - all) + 2;
        char *v = fill_value_at(c, all + i + 2, e - i - 4, 0, 0, where);
        if (v) {
            if (chiso_grow((void **)&spans, &cap, 2 * ns + 2, sizeof *spans) != 0 ||
                chiso_grow((void **)&vals, &vcap, ns + 1, sizeof *vals) != 0) {
                free(v);
                rc = -1;
                break;
            }
            spans[2 * ns] = i;
            spans[2 * ns + 1] = e;
            vals[ns++] = v;
        }
        i = e;
    }
    for (size_t k = ns; k-- > 0 && rc == 0;)
        if (replace_span(&pt, spans[2 * k], spans[2 * k + 1], vals[k]) != 0)
            rc = -1;
    for (size_t k = 0; k < ns; k++)
        free(vals[k]);
    free(vals);
    free(spans);
    if (rc == 0 && !c->bad)
        for (size_t i = 0; i < pt.n; i++)
            if (pt.t[i].changed && set_text(pt.t[i].node, pt.t[i].text) != 0)
                rc = -1;
done:
    for (size_t i = 0; i < pt.n; i++)
        free(pt.t[i].text);
    free(pt.t);
    free(all);
    if (rc != 0)
        c->oom = CHISO_ENOMEM;
    return rc;
}

static void walk(fill_ctx *c, xmlNode *n, long *number, const char *part, int depth)
{
    for (xmlNode *k = n; k && !c->oom; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(k, "p")) {
            ++*number;
            fill_paragraph(c, k, *number, part);
        }
        if (depth < 256) /* libxml2 already refuses deeper documents; this keeps the stack bounded */
            walk(c, k->children, number, part, depth + 1);
    }
}

static int is_text_part(const char *name)
{
    if (strcmp(name, "word/document.xml") == 0 || strcmp(name, "word/footnotes.xml") == 0 ||
        strcmp(name, "word/endnotes.xml") == 0)
        return 1;
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".xml") == 0 &&
           (strncmp(name, "word/header", 11) == 0 || strncmp(name, "word/footer", 11) == 0) && !strchr(name + 5, '/');
}

static chiso_status read_entry(zip_t *za, zip_uint64_t i, const char *tname, char **data, size_t *n, chiso_error *err)
{
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (zip_stat_index(za, i, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE))
        return ooxml_zip_fail(za, CHISO_EPARSE, tname, _("not a Word document"), err);
    if (zs.size > FILL_MAX_PART)
        return chiso_error_set(err, CHISO_ELIMIT, tname, 0, 0, _("the part %s is larger than %u MB"), zs.name,
                               FILL_MAX_PART >> 20);
    char *buf = malloc(zs.size + 1);
    if (!buf)
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    zip_file_t *zf = zip_fopen_index(za, i, 0);
    zip_int64_t got = zf ? zip_fread(zf, buf, zs.size) : -1;
    int oom = zf ? zip_error_code_zip(zip_file_get_error(zf)) == ZIP_ER_MEMORY
                 : zip_error_code_zip(zip_get_error(za)) == ZIP_ER_MEMORY;
    if (zf)
        zip_fclose(zf);
    if (got < 0 || (zip_uint64_t)got != zs.size) {
        free(buf);
        if (oom)
            return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        return chiso_error_set(err, CHISO_EPARSE, tname, 0, 0, _("not a Word document: the part %s cannot be read"),
                               zs.name);
    }
    buf[zs.size] = '\0';
    *data = buf;
    *n = (size_t)zs.size;
    return CHISO_OK;
}

static chiso_status fill_docx_once(fill_ctx *c, const void *data, size_t n, void **out, size_t *out_n,
                                   chiso_error *err);

/* libzip and libxml2 report some allocation failures as a malformed file: a file that fails to be read
 * is read a second time, and only a second failure is the file's fault. */
static chiso_status fill_docx(fill_ctx *c, const void *data, size_t n, void **out, size_t *out_n, chiso_error *err)
{
    chiso_status st = fill_docx_once(c, data, n, out, out_n, err);
    if (st == CHISO_EPARSE && !c->bad && !c->oom)
        st = fill_docx_once(c, data, n, out, out_n, err);
    return st;
}

static chiso_status fill_docx_once(fill_ctx *c, const void *data, size_t n, void **out, size_t *out_n,
                                   chiso_error *err)
{
    chiso_status st = CHISO_OK;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    ooxml_zip *z = NULL;
    if (!za) {
        if (!src || zip_error_code_zip(&ze) == ZIP_ER_MEMORY)
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        else
            st = chiso_error_set(err, CHISO_EPARSE, c->name, 0, 0, _("not a Word document: %s"), zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        return st;
    }
    zip_error_fini(&ze);
    z = ooxml_zip_new();
    if (!z) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    zip_int64_t ne = zip_get_num_entries(za, 0);
    int has_document = 0;
    for (zip_int64_t i = 0; i < ne && st == CHISO_OK; i++) {
        const char *ename = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (!ename) {
            st = ooxml_zip_fail(za, CHISO_EPARSE, c->name, _("not a Word document"), err);
            break;
        }
        if (!is_text_part(ename)) {
            st = ooxml_zip_copy(z, za, (zip_uint64_t)i, err);
            continue;
        }
        has_document |= strcmp(ename, "word/document.xml") == 0;
        char *xml = NULL;
        size_t xn = 0;
        if ((st = read_entry(za, (zip_uint64_t)i, c->name, &xml, &xn, err)) != CHISO_OK)
            break;
        if (xn > INT_MAX) {
            free(xml);
            st = chiso_error_set(err, CHISO_ELIMIT, c->name, 0, 0, _("the part %s is too large"), ename);
            break;
        }
        /* no network, no entity expansion, no DTD loading, no messages on stderr */
        xmlDoc *doc = xmlReadMemory(xml, (int)xn, ename, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        free(xml);
        if (!doc) {
            const xmlError *xe = xmlGetLastError();
            if (xe && xe->code == XML_ERR_NO_MEMORY) {
                st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
                break;
            }
            st = chiso_error_set(err, CHISO_EPARSE, c->name, 0, 0, _("not a Word document: %s line %d: %s"), ename,
                                 xe ? xe->line : 0, xe && xe->message ? xe->message : "");
            /* the message ends with a newline */
            size_t ml = strlen(err ? err->msg : "");
            if (err && ml && err->msg[ml - 1] == '\n')
                err->msg[ml - 1] = '\0';
            break;
        }
        if (doc->intSubset || doc->extSubset) {
            /* Word never writes a DTD; one could only bring entity tricks (a billion laughs) */
            xmlFreeDoc(doc);
            st = chiso_error_set(err, CHISO_EPARSE, c->name, 0, 0, _("not a Word document: %s has a DTD"), ename);
            break;
        }
        long number = 0;
        walk(c, xmlDocGetRootElement(doc), &number, ename, 0);
        xmlChar *mem = NULL;
        int mlen = 0;
        if (!c->oom && !c->bad) {
            xmlDocDumpMemoryEnc(doc, &mem, &mlen, "UTF-8");
            if (!mem)
                c->oom = CHISO_ENOMEM;
            else
                st = ooxml_zip_add(z, ename, mem, (size_t)mlen, 1, err);
        }
        xmlFree(mem);
        xmlFreeDoc(doc);
        if (c->oom)
            break;
    }
    if (st == CHISO_OK && !c->oom && !has_document)
        st = chiso_error_set(err, CHISO_EPARSE, c->name, 0, 0, "%s", _("not a Word document: it has no word/document.xml"));
    if (st == CHISO_OK && !c->oom && !c->bad) {
        st = ooxml_zip_finish(z, out, out_n, err);
        z = NULL;
    }
done:
    ooxml_zip_free(z);
    zip_discard(za);
    return st;
}

chiso_status chiso_fill_mem(const chiso_filler *f, const char *name, const void *data, size_t n, void **out,
                            size_t *out_n, chiso_diags *diags, chiso_error *err)
{
    *out = NULL;
    *out_n = 0;
    if (!f || (!data && n))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    if (n > FILL_MAX_BYTES)
        return chiso_error_set(err, CHISO_ELIMIT, name, 0, 0, _("the template is larger than %u MB"),
                               FILL_MAX_BYTES >> 20);
    fill_ctx c;
    memset(&c, 0, sizeof c);
    c.f = f;
    c.name = name ? name : "template";
    c.diags = diags;
    chiso_error_clear(&c.first);
    chiso_status st = CHISO_OK;
    const unsigned char *p = data;
    if (n >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4) {
        st = fill_docx(&c, data, n, out, out_n, err);
    } else {
        size_t on = 0;
        char *text = fill_text(&c, (const char *)(n ? data : ""), n, &on);
        if (text && !c.bad && !c.oom) {
            *out = text;
            *out_n = on;
        } else {
            free(text);
        }
    }
    if (st == CHISO_OK && c.oom)
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    if (st == CHISO_OK && c.bad) {
        if (err) {
            *err = c.first;
            if (c.bad > 1) {
                size_t l = strlen(err->msg);
                snprintf(err->msg + l, sizeof err->msg - l, _(" (and %zu more placeholders that cannot be filled)"),
                         c.bad - 1);
            }
        }
        st = CHISO_ENOTFOUND;
    }
    if (st != CHISO_OK) {
        free(*out);
        *out = NULL;
        *out_n = 0;
    }
    return st;
}

/* Is path the same file as the open descriptor fd? */
static int same_file(const char *path, int fd)
{
    struct stat a, b;
    return stat(path, &a) == 0 && fstat(fd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

chiso_status chiso_fill_file(const chiso_filler *f, const char *in, const char *out, chiso_diags *diags,
                             chiso_error *err)
{
    if (!f || !in || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    int fd = chiso_open_regular(in, in, err);
    if (fd < 0)
        return err ? err->code : CHISO_EIO;
    chiso_status st = CHISO_OK;
    chiso_buf b;
    chiso_buf_init(&b);
    void *res = NULL;
    size_t rn = 0;
    if (same_file(out, fd)) {
        st = chiso_error_set(err, CHISO_EINVAL, out, 0, 0, "%s",
                             _("the output is the template itself: write the filled document to another file"));
        goto done;
    }
    char tmp[65536];
    ssize_t k;
    while ((k = read(fd, tmp, sizeof tmp)) > 0) {
        if (b.len + (size_t)k > FILL_MAX_BYTES) {
            st = chiso_error_set(err, CHISO_ELIMIT, in, 0, 0, _("the template is larger than %u MB"),
                                 FILL_MAX_BYTES >> 20);
            goto done;
        }
        chiso_buf_append(&b, tmp, (size_t)k);
    }
    if (k < 0) {
        st = chiso_error_set(err, CHISO_EIO, in, 0, 0, "%s", _("cannot read the template"));
        goto done;
    }
    if (b.oom) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    if ((st = chiso_fill_mem(f, in, b.data, b.len, &res, &rn, diags, err)) != CHISO_OK)
        goto done;
    st = chiso_write_file_atomic(out, res, rn, err);
done:
    close(fd);
    chiso_buf_free(&b);
    free(res);
    return st;
}

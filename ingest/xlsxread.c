/*
 * ingest/xlsxread.c — the sheets of an Excel workbook (.xlsx) as rows of text.
 *
 * An .xlsx file is a ZIP package of XML parts (ECMA-376 / ISO 29500, SpreadsheetML). libzip opens the
 * package (from a copy in memory, so the file is only ever read); expat parses each part as a stream,
 * chunk by chunk as libzip inflates it, so that a sheet is never held whole in memory and the size of
 * what is decompressed is counted as it comes (a ZIP bomb is stopped at the limit, whatever sizes the
 * archive declares). A part with a DOCTYPE is refused: Excel never writes one, and entities are where
 * XML attacks live.
 *
 * Parts read: xl/workbook.xml (sheet names, the 1904 date system), xl/_rels/workbook.xml.rels (where each
 * sheet's part is), xl/sharedStrings.xml (the text of string cells), xl/styles.xml (which cell styles
 * show a date or a percentage) and the sheets themselves. Element names are compared without their
 * namespace prefix (some writers use "x:row").
 *
 * This file reads the package and its shared parts; a sheet is read by xlsxsheet.c (xlsx_int.h).
 */
#include "ingest/xlsx_int.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static size_t limit_part = CHISO_XLSX_MAX_PART, limit_total = CHISO_XLSX_MAX_TOTAL;

void chiso_xlsx_set_limits(size_t part, size_t total)
{
    limit_part = part ? part : CHISO_XLSX_MAX_PART;
    limit_total = total ? total : CHISO_XLSX_MAX_TOTAL;
}

/* ---- small helpers ------------------------------------------------------------------------------ */

const char *lname(const char *n)
{
    const char *c = strrchr(n, ':');
    return c ? c + 1 : n;
}

const char *attr(const char **atts, const char *local)
{
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (strcmp(lname(atts[i]), local) == 0)
            return atts[i + 1];
    return NULL;
}

char *chiso_xlsx_col_name(long col, char *buf, size_t size)
{
    char tmp[8];
    size_t n = 0;
    if (col < 1)
        col = 1;
    while (col > 0 && n < sizeof tmp) {
        long r = (col - 1) % 26;
        tmp[n++] = (char)('A' + r);
        col = (col - 1) / 26;
    }
    size_t o = 0;
    while (n && o + 1 < size)
        buf[o++] = tmp[--n];
    if (size)
        buf[o] = '\0';
    return buf;
}


int parse_long(const char *s, long max, long *out)
{
    if (!s || !*s)
        return 0;
    long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (*p - '0');
        if (v > max)
            return 0;
    }
    *out = v;
    return 1;
}

/* ---- reading one XML part through expat --------------------------------------------------------- */

void pstop(pstate *ps)
{
    ps->halted = 1;
    XML_StopParser(ps->p, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    pstate *ps = ud;
    ps->st = CHISO_EPARSE;
    pstop(ps);
}

/* Parse part (a name inside the package). Returns CHISO_ENOTFOUND without a message when it is not
 * there, else CHISO_OK or a failure with err filled (file: shown, which names the sheet or the book). */
chiso_status parse_part(chiso_xlsx *x, const char *part, const char *shown, pstate *ps,
                        XML_StartElementHandler start, XML_EndElementHandler end,
                        XML_CharacterDataHandler chars, chiso_error *err)
{
    zip_int64_t idx = zip_name_locate(x->zip, part, 0);
    if (idx < 0)
        return CHISO_ENOTFOUND;
    zip_file_t *zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!zf)
        return chiso_error_set(err, CHISO_EIO, shown, 0, 0,
                               _("the part %s of the workbook cannot be opened: the file is damaged or "
                                 "encrypted (open it in Excel and save it again)"),
                               part);
    XML_Parser p = XML_ParserCreate("UTF-8");
    char *buf = malloc(65536);
    chiso_status st = CHISO_OK;
    if (!p || !buf) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    ps->p = p;
    ps->st = CHISO_OK;
    ps->err = err;
    ps->halted = 0;
    XML_SetUserData(p, ps);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, chars);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    size_t part_bytes = 0;
    for (;;) {
        zip_int64_t got = zip_fread(zf, buf, 65536);
        if (got < 0) {
            st = chiso_error_set(err, CHISO_EIO, shown, 0, 0,
                                 _("the part %s of the workbook cannot be read: the file is damaged "
                                   "(open it in Excel and save it again)"),
                                 part);
            goto done;
        }
        part_bytes += (size_t)got;
        x->total += (size_t)got;
        if (part_bytes > limit_part || x->total > limit_total) {
            st = chiso_error_set(err, CHISO_ELIMIT, shown, 0, 0,
                                 _("the part %s of the workbook is larger than %u MiB once decompressed "
                                   "(the whole workbook at most %u MiB): it is refused as a possible ZIP "
                                   "bomb; split the data into smaller workbooks or use CSV files"),
                                 part, (unsigned)(limit_part >> 20), (unsigned)(limit_total >> 20));
            goto done;
        }
        enum XML_Status xs = XML_Parse(p, buf, (int)got, got == 0);
        if (ps->st != CHISO_OK) {
            st = ps->st;
            if (st == CHISO_EPARSE && !err->msg[0]) /* the DOCTYPE handler */
                chiso_error_set(err, CHISO_EPARSE, shown, 0, 0,
                                _("the part %s of the workbook declares a DOCTYPE, which a workbook "
                                  "never has: it is refused"),
                                part);
            goto done;
        }
        if (ps->halted) /* the caller had what it wanted */
            break;
        if (xs != XML_STATUS_OK) {
            st = chiso_error_set(err, CHISO_EPARSE, shown, 0, 0,
                                 _("the part %s of the workbook is not well-formed XML (line %lu, "
                                   "column %lu of the part): the file is damaged"),
                                 part, (unsigned long)XML_GetCurrentLineNumber(p),
                                 (unsigned long)XML_GetCurrentColumnNumber(p) + 1);
            goto done;
        }
        if (got == 0)
            break;
    }
done:
    if (p)
        XML_ParserFree(p);
    free(buf);
    zip_fclose(zf);
    return st;
}

static void cap_add(capture *c, const char *s, int len)
{
    if (!c->on || len <= 0)
        return;
    if (c->b.len + (size_t)len > CHISO_CSV_MAX_FIELD) {
        c->over = 1;
        return;
    }
    chiso_buf_append(&c->b, s, (size_t)len);
}

/* ---- the workbook: sheets and the date system --------------------------------------------------- */

typedef struct book_ctx {
    pstate ps;
    chiso_xlsx *x;
} book_ctx;

static int add_sheet(chiso_xlsx *x, const char *name, const char *rid)
{
    if (chiso_grow((void **)&x->sheet_names, &x->cap_sheets, x->n_sheets + 1, sizeof(char *)) != 0)
        return -1;
    size_t cap = x->cap_sheets;
    char **r = realloc(x->sheet_rids, cap * sizeof(char *));
    if (!r)
        return -1;
    x->sheet_rids = r;
    char **pp = realloc(x->sheet_parts, cap * sizeof(char *));
    if (!pp)
        return -1;
    x->sheet_parts = pp;
    x->sheet_names[x->n_sheets] = chiso_strdup(name);
    x->sheet_rids[x->n_sheets] = chiso_strdup(rid ? rid : "");
    x->sheet_parts[x->n_sheets] = NULL;
    x->n_sheets++;
    return x->sheet_names[x->n_sheets - 1] && x->sheet_rids[x->n_sheets - 1] ? 0 : -1;
}

static void XMLCALL book_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    book_ctx *b = ud;
    const char *n = lname(el);
    if (strcmp(n, "sheet") == 0) {
        const char *name = attr(atts, "name");
        if (!name)
            return;
        if (b->x->n_sheets >= 4096 || add_sheet(b->x, name, attr(atts, "id")) != 0) {
            b->ps.st = b->x->n_sheets >= 4096 ? CHISO_ELIMIT : CHISO_ENOMEM;
            pstop(&b->ps);
        }
    } else if (strcmp(n, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        b->x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    }
}

static void XMLCALL no_end(void *ud, const XML_Char *el)
{
    (void)ud, (void)el;
}

static void XMLCALL no_chars(void *ud, const XML_Char *s, int len)
{
    (void)ud, (void)s, (void)len;
}

static void XMLCALL rels_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    book_ctx *b = ud;
    if (strcmp(lname(el), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (!id || !target)
        return;
    for (size_t i = 0; i < b->x->n_sheets; i++) {
        if (strcmp(b->x->sheet_rids[i], id) != 0 || b->x->sheet_parts[i])
            continue;
        /* a target is relative to xl/, or absolute from the package root */
        size_t n = strlen(target) + 4;
        char *part = malloc(n);
        if (!part) {
            b->ps.st = CHISO_ENOMEM;
            pstop(&b->ps);
            return;
        }
        if (target[0] == '/')
            snprintf(part, n, "%s", target + 1);
        else
            snprintf(part, n, "xl/%s", target);
        b->x->sheet_parts[i] = part;
    }
}

/* ---- shared strings ---------------------------------------------------------------------------- */

typedef struct ss_ctx {
    pstate ps;
    capture cap; /* must follow ps, as in sheet_ctx (cap_chars) */
    chiso_xlsx *x;
    int in_si, in_rph;
} ss_ctx;

static void XMLCALL ss_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    (void)atts;
    ss_ctx *s = ud;
    const char *n = lname(el);
    if (strcmp(n, "si") == 0) {
        s->in_si = 1;
        s->in_rph = 0;
        chiso_buf_reset(&s->cap.b);
        s->cap.over = 0;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 1; /* phonetic runs (furigana) are not part of the text */
    } else if (strcmp(n, "t") == 0 && s->in_si && !s->in_rph) {
        s->cap.on = 1;
    }
}

static void XMLCALL ss_end(void *ud, const XML_Char *el)
{
    ss_ctx *s = ud;
    const char *n = lname(el);
    chiso_xlsx *x = s->x;
    if (strcmp(n, "t") == 0) {
        s->cap.on = 0;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(n, "si") == 0 && s->in_si) {
        s->in_si = 0;
        if (chiso_grow((void **)&x->ss_off, &x->cap_ss, x->n_ss + 1, sizeof *x->ss_off) != 0 ||
            chiso_grow((void **)&x->ss_long, &x->cap_ss_long, x->n_ss + 1, 1) != 0) {
            s->ps.st = CHISO_ENOMEM;
            pstop(&s->ps);
            return;
        }
        x->ss_off[x->n_ss] = x->ss.len;
        x->ss_long[x->n_ss] = (unsigned char)s->cap.over;
        chiso_buf_append(&x->ss, s->cap.over ? "" : (s->cap.b.data ? s->cap.b.data : ""),
                         s->cap.over ? 0 : s->cap.b.len);
        chiso_buf_append(&x->ss, "", 1);
        if (x->ss.oom || s->cap.b.oom) {
            s->ps.st = CHISO_ENOMEM;
            pstop(&s->ps);
            return;
        }
        x->n_ss++;
    }
}

void XMLCALL cap_chars(void *ud, const XML_Char *str, int len)
{
    /* ss_ctx and sheet_ctx both hold their capture right after what they share: see below */
    ss_ctx *s = ud;
    cap_add(&s->cap, str, len);
}

/* ---- styles: which cell styles show dates and percentages --------------------------------------- */

typedef struct numfmt {
    long id;
    unsigned char kind;
} numfmt;

typedef struct st_ctx {
    pstate ps;
    chiso_xlsx *x;
    int in_xfs;
    numfmt *fmts;
    size_t n_fmts, cap_fmts;
} st_ctx;

/* The kind of a number format code: a date when it shows days, months or years (outside quoted text,
 * escapes and [colour] / [$-locale] brackets), a percentage when it has a % sign. */
static unsigned char fmt_kind(const char *code)
{
    int date = 0, pct = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            p++;
            while (*p && *p != '"')
                p++;
            if (!*p)
                break;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (!p[1])
                break;
            p++;
        } else if (*p == '[') {
            while (*p && *p != ']')
                p++;
            if (!*p)
                break;
        } else if (strchr("dDmMyY", *p)) {
            date = 1;
        } else if (*p == '%') {
            pct = 1;
        }
    }
    return date ? XF_DATE : pct ? XF_PERCENT : XF_OTHER;
}

static unsigned char builtin_kind(long id)
{
    if (id == 9 || id == 10)
        return XF_PERCENT;
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) ||
        (id >= 50 && id <= 58))
        return XF_DATE;
    return XF_OTHER;
}

static void XMLCALL st_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    st_ctx *s = ud;
    const char *n = lname(el);
    long id;
    if (strcmp(n, "numFmt") == 0) {
        const char *code = attr(atts, "formatCode");
        if (!code || !parse_long(attr(atts, "numFmtId"), 1000000, &id))
            return;
        if (chiso_grow((void **)&s->fmts, &s->cap_fmts, s->n_fmts + 1, sizeof *s->fmts) != 0) {
            s->ps.st = CHISO_ENOMEM;
            pstop(&s->ps);
            return;
        }
        s->fmts[s->n_fmts].id = id;
        s->fmts[s->n_fmts].kind = fmt_kind(code);
        s->n_fmts++;
    } else if (strcmp(n, "cellXfs") == 0) {
        s->in_xfs = 1;
    } else if (strcmp(n, "xf") == 0 && s->in_xfs) {
        chiso_xlsx *x = s->x;
        if (x->n_xf >= 65536)
            return;
        if (chiso_grow((void **)&x->xf, &x->cap_xf, x->n_xf + 1, 1) != 0) {
            s->ps.st = CHISO_ENOMEM;
            pstop(&s->ps);
            return;
        }
        unsigned char kind = XF_OTHER;
        if (parse_long(attr(atts, "numFmtId"), 1000000, &id)) {
            kind = builtin_kind(id);
            for (size_t i = 0; i < s->n_fmts; i++)
                if (s->fmts[i].id == id)
                    kind = s->fmts[i].kind;
        }
        x->xf[x->n_xf++] = kind;
    }
}

static void XMLCALL st_end(void *ud, const XML_Char *el)
{
    st_ctx *s = ud;
    if (strcmp(lname(el), "cellXfs") == 0)
        s->in_xfs = 0;
}

/* ---- opening ----------------------------------------------------------------------------------- */

void chiso_xlsx_free(chiso_xlsx *x)
{
    if (!x)
        return;
    if (x->zip)
        zip_discard(x->zip);
    for (size_t i = 0; i < x->n_sheets; i++) {
        free(x->sheet_names[i]);
        free(x->sheet_rids[i]);
        free(x->sheet_parts[i]);
    }
    free(x->sheet_names);
    free(x->sheet_rids);
    free(x->sheet_parts);
    chiso_buf_free(&x->ss);
    free(x->ss_off);
    free(x->ss_long);
    free(x->xf);
    free(x->data);
    free(x->name);
    free(x);
}

static chiso_status open_parts(chiso_xlsx *x, chiso_error *err)
{
    const char *name = x->name;
    if (x->size < 4 || memcmp(x->data, "PK\x03\x04", 4) != 0) {
        if (x->size >= 8 && memcmp(x->data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
            return chiso_error_set(err, CHISO_EIO, name, 0, 0, "%s",
                                   _("this is an old Excel 97-2003 workbook (.xls) or an encrypted one: "
                                     "open it in Excel or LibreOffice and save it as .xlsx without a "
                                     "password"));
        return chiso_error_set(err, CHISO_EIO, name, 0, 0, "%s",
                               _("not an Excel workbook (.xlsx): the file is not a ZIP package; a dataset "
                                 "is a folder of CSV files or an .xlsx workbook"));
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(x->data, x->size, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    x->zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!x->zip) {
        zip_source_free(src);
        zip_error_fini(&ze);
        return chiso_error_set(err, CHISO_EIO, name, 0, 0, "%s",
                               _("the workbook is damaged: its ZIP package cannot be opened (was it cut "
                                 "short while copying? open it in Excel and save it again)"));
    }
    zip_error_fini(&ze);
    if (zip_get_num_entries(x->zip, 0) > 100000)
        return chiso_error_set(err, CHISO_ELIMIT, name, 0, 0, "%s",
                               _("the workbook holds more than 100 000 parts: it is refused"));
    book_ctx b;
    memset(&b, 0, sizeof b);
    b.x = x;
    chiso_status st = parse_part(x, "xl/workbook.xml", name, &b.ps, book_start, no_end, no_chars, err);
    if (st == CHISO_ENOTFOUND)
        return chiso_error_set(err, CHISO_EIO, name, 0, 0, "%s",
                               _("not an Excel workbook (.xlsx): the ZIP package has no xl/workbook.xml "
                                 "(an OpenDocument .ods or a Word file? save it from Excel or LibreOffice "
                                 "as .xlsx)"));
    if (st != CHISO_OK)
        return st == CHISO_ENOMEM ? chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"))
               : st == CHISO_ELIMIT && !err->msg[0]
                   ? chiso_error_set(err, CHISO_ELIMIT, name, 0, 0, "%s", _("the workbook has more than 4 096 sheets"))
                   : st;
    st = parse_part(x, "xl/_rels/workbook.xml.rels", name, &b.ps, rels_start, no_end, no_chars, err);
    if (st != CHISO_OK && st != CHISO_ENOTFOUND)
        return st == CHISO_ENOMEM ? chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory")) : st;
    /* a sheet whose relationship is missing: the usual name of its part */
    for (size_t i = 0; i < x->n_sheets; i++)
        if (!x->sheet_parts[i]) {
            char part[64];
            snprintf(part, sizeof part, "xl/worksheets/sheet%zu.xml", i + 1);
            if (!(x->sheet_parts[i] = chiso_strdup(part)))
                return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        }
    ss_ctx s;
    memset(&s, 0, sizeof s);
    s.x = x;
    chiso_buf_init(&s.cap.b);
    st = parse_part(x, "xl/sharedStrings.xml", name, &s.ps, ss_start, ss_end, cap_chars, err);
    chiso_buf_free(&s.cap.b);
    if (st != CHISO_OK && st != CHISO_ENOTFOUND)
        return st == CHISO_ENOMEM ? chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory")) : st;
    st_ctx t;
    memset(&t, 0, sizeof t);
    t.x = x;
    st = parse_part(x, "xl/styles.xml", name, &t.ps, st_start, st_end, no_chars, err);
    free(t.fmts);
    if (st != CHISO_OK && st != CHISO_ENOTFOUND)
        return st == CHISO_ENOMEM ? chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory")) : st;
    return CHISO_OK;
}

static chiso_status xlsx_new(const char *name, chiso_xlsx **out, chiso_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out || !((*out)->name = chiso_strdup(name ? name : ""))) {
        free(*out);
        *out = NULL;
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    chiso_buf_init(&(*out)->ss);
    return CHISO_OK;
}

static chiso_status finish_open(chiso_xlsx *x, chiso_xlsx **out, chiso_error *err)
{
    chiso_status st = open_parts(x, err);
    if (st != CHISO_OK) {
        chiso_xlsx_free(x);
        return st;
    }
    *out = x;
    return CHISO_OK;
}

chiso_status chiso_xlsx_open_mem(const void *data, size_t size, const char *name, chiso_xlsx **out,
                                 chiso_error *err)
{
    chiso_error local;
    if (!err)
        err = &local;
    chiso_error_clear(err);
    if (!out || (!data && size))
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    if (size > CHISO_XLSX_MAX_FILE)
        return chiso_error_set(err, CHISO_ELIMIT, name, 0, 0,
                               _("the workbook is larger than %u MiB: split it, or use CSV files"),
                               CHISO_XLSX_MAX_FILE >> 20);
    chiso_xlsx *x;
    chiso_status st = xlsx_new(name, &x, err);
    if (st != CHISO_OK)
        return st;
    x->data = malloc(size ? size : 1);
    if (!x->data) {
        chiso_xlsx_free(x);
        return chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
    }
    if (size)
        memcpy(x->data, data, size);
    x->size = size;
    return finish_open(x, out, err);
}

chiso_status chiso_xlsx_open(const char *path, const char *name, chiso_xlsx **out, chiso_error *err)
{
    chiso_error local;
    if (!err)
        err = &local;
    chiso_error_clear(err);
    if (!path || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    *out = NULL;
    if (!name)
        name = path;
    int fd = chiso_open_regular(path, name, err);
    if (fd < 0)
        return err ? err->code : CHISO_EIO;
    struct stat sb;
    chiso_status st = CHISO_OK;
    chiso_xlsx *x = NULL;
    if (fstat(fd, &sb) != 0) {
        st = chiso_error_set(err, CHISO_EIO, name, 0, 0, _("cannot read the file: %s"), strerror(errno));
        goto fail;
    }
    if ((unsigned long long)sb.st_size > CHISO_XLSX_MAX_FILE) {
        st = chiso_error_set(err, CHISO_ELIMIT, name, 0, 0,
                             _("the workbook is larger than %u MiB: split it, or use CSV files"),
                             CHISO_XLSX_MAX_FILE >> 20);
        goto fail;
    }
    if ((st = xlsx_new(name, &x, err)) != CHISO_OK)
        goto fail;
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    x->data = malloc(cap);
    if (!x->data) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto fail;
    }
    for (;;) {
        if (n == cap) { /* the file grew while it was read: no more than the limit */
            st = chiso_error_set(err, CHISO_ELIMIT, name, 0, 0,
                                 _("the workbook is larger than %u MiB: split it, or use CSV files"),
                                 CHISO_XLSX_MAX_FILE >> 20);
            goto fail;
        }
        ssize_t got = read(fd, x->data + n, cap - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            st = chiso_error_set(err, CHISO_EIO, name, 0, 0, _("cannot read the file: %s"), strerror(errno));
            goto fail;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    fd = -1;
    x->size = n;
    return finish_open(x, out, err);
fail:
    if (fd >= 0)
        close(fd);
    chiso_xlsx_free(x);
    return st;
}

size_t chiso_xlsx_sheet_count(const chiso_xlsx *x)
{
    return x ? x->n_sheets : 0;
}

const char *chiso_xlsx_sheet_name(const chiso_xlsx *x, size_t i)
{
    return x && i < x->n_sheets ? x->sheet_names[i] : NULL;
}

long chiso_xlsx_find_sheet(const chiso_xlsx *x, const char *name)
{
    if (!x || !name)
        return -1;
    size_t nl;
    const char *n = chiso_trim(name, strlen(name), &nl);
    for (size_t i = 0; i < x->n_sheets; i++) {
        size_t sl;
        const char *s = chiso_trim(x->sheet_names[i], strlen(x->sheet_names[i]), &sl);
        if (sl != nl)
            continue;
        char *a = chiso_strndup(s, sl), *b = chiso_strndup(n, nl);
        int same = a && b && chiso_utf8_casecmp(a, b) == 0;
        free(a);
        free(b);
        if (same)
            return (long)i;
    }
    return -1;
}

/* ---- is a path a workbook (chiso/ingest.h) ------------------------------------------------------ */

int chiso_path_is_workbook(const char *path)
{
    if (!path)
        return 0;
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return 0;
    size_t n = strlen(path);
    if (n >= 5 && chiso_utf8_casecmp(path + n - 5, ".xlsx") == 0)
        return 1;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 0;
    /* a regular file of another name: a workbook when it starts as a ZIP package does */
    FILE *f = fopen(path, "rb");
    unsigned char magic[4] = {0};
    size_t got = f ? fread(magic, 1, 4, f) : 0;
    if (f)
        fclose(f);
    return got == 4 && memcmp(magic, "PK\x03\x04", 4) == 0;
}

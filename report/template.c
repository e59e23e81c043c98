/*
 * report/template.c — `chiso template`: a workbook for typing a dataset in Excel (libxlsxwriter).
 *
 * One sheet per file of a dataset (ingest/workbook.h holds the sheets, headers and notes that the reader
 * knows too), a first sheet of instructions and a last one of lists ("danh-muc") that the drop-downs
 * take their values from. Every data column is formatted as text, so that Excel keeps what is typed as
 * written (2020-08 stays a month, 1.247 stays 1247 whatever the locale). Drop-downs (data validation):
 * units and terms from their own sheets (a unit added there is offered at once), indicator codes, rating
 * schemes and the closed vocabularies from danh-muc, and rating labels from the scheme chosen on the row
 * (a named range per scheme, through INDIRECT). Codes that the lists may not hold yet (a new indicator)
 * are a warning, closed vocabularies (basis, operators) a stop.
 *
 * With a dataset, its rows are copied as written, each record on the row whose number is its line in
 * the CSV file, so that a figure's place reads the same in both ("observations.csv:244" and
 * "observations!A244").
 */
#include "chiso/report.h"
#include "chiso/ingest.h"
#include "ingest/util.h"
#include "ingest/workbook.h"

#include <xlsxwriter.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TPL_MIN_ROWS 2000   /* rows the drop-downs cover at least */
#define TPL_SPARE_ROWS 1000 /* and beyond the last row of data */

typedef struct tpl_sheet {
    const wb_sheet *sh;
    lxw_worksheet *ws;
    int map[64];        /* field of the source's header → column of the template, -1 */
    size_t nmap;
    size_t nextra;      /* columns of the source that the schema does not know, carried right of its own */
    long last_row;      /* 0-based, the last row written */
} tpl_sheet;

typedef struct tpl_ctx {
    lxw_workbook *wb;
    tpl_sheet sheets[16];
    size_t n;
    lxw_format *text, *num;
    lxw_error xe;
    chiso_status st;    /* a row that a sheet cannot hold */
    chiso_error *err;
} tpl_ctx;

static size_t ncols(const wb_sheet *sh)
{
    return chiso_wb_ncols(sh);
}

static int col_of(const wb_sheet *sh, const char *code)
{
    for (int i = 0; i < (int)ncols(sh); i++)
        if (strcmp(sh->cols[i].code, code) == 0)
            return i;
    return -1;
}

static int all_digits(const char *s, size_t n)
{
    if (n == 0 || n > 15 || (n > 1 && s[0] == '0'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* A row of the dataset being copied. */
static int copy_row(void *ctx, const char *file, const chiso_csv_row *row)
{
    tpl_ctx *t = ctx;
    tpl_sheet *ts = NULL;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->sheets[i].sh->file, file) == 0)
            ts = &t->sheets[i];
    if (!ts)
        return 0;
    if (row->index == 0) {
        ts->nmap = row->nfields < CHISO_ARRAY_LEN(ts->map) ? row->nfields : CHISO_ARRAY_LEN(ts->map);
        for (size_t f = 0; f < ts->nmap; f++) {
            ts->map[f] = -1;
            if (!row->fields[f])
                continue;
            size_t n;
            const char *h = chiso_trim(row->fields[f], row->lens[f], &n);
            char *hh = chiso_strndup(h, n);
            const char *code = hh ? chiso_wb_header_code(ts->sh, hh) : NULL;
            free(hh);
            if (code)
                ts->map[f] = col_of(ts->sh, code);
            for (size_t g = 0; g < f && ts->map[f] >= 0; g++)
                if (ts->map[g] == ts->map[f])
                    ts->map[f] = -1; /* a column twice: the second is carried as below */
            /* a column chiso does not read (or a second one of a name) is carried as written, under its
             * own header, so that nothing of the file is lost and the workbook warns of it (or refuses
             * it) as the file did */
            if (ts->map[f] < 0 && n > 0) {
                ts->map[f] = (int)(ncols(ts->sh) + ts->nextra++);
                lxw_error e = worksheet_write_string(ts->ws, 0, (lxw_col_t)ts->map[f], row->fields[f], t->text);
                if (e != LXW_NO_ERROR) {
                    t->xe = e;
                    return 1;
                }
            }
        }
        return 0;
    }
    if (row->line < 2)
        return 0;
    if (row->line > 1048576) {
        t->st = chiso_error_set(t->err, CHISO_ELIMIT, file, row->line, 0, "%s",
                                _("a sheet holds 1 048 576 rows and this record is beyond them: split the "
                                  "file, or keep the dataset as CSV files"));
        return 1;
    }
    lxw_row_t r = (lxw_row_t)(row->line - 1);
    for (size_t f = 0; f < row->nfields && f < ts->nmap; f++) {
        if (ts->map[f] < 0 || !row->fields[f] || !row->lens[f])
            continue;
        /* a carried column (right of the schema's) has no code */
        const char *code = (size_t)ts->map[f] < ncols(ts->sh) ? ts->sh->cols[ts->map[f]].code : "";
        lxw_error e;
        /* a whole number in the value column is stored as a number, as Excel would type it */
        if (strcmp(code, "value") == 0 && all_digits(row->fields[f], row->lens[f]))
            e = worksheet_write_number(ts->ws, r, (lxw_col_t)ts->map[f], strtod(row->fields[f], NULL), t->num);
        else
            e = worksheet_write_string(ts->ws, r, (lxw_col_t)ts->map[f], row->fields[f], t->text);
        if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
            long line, col;
            chiso_csv_field_pos(row, f, &line, &col);
            t->st = chiso_error_set(t->err, CHISO_ELIMIT, file, line, col, "%s",
                                    _("the field is longer than the 32 767 characters an Excel cell holds"));
            return 1;
        }
        if (e != LXW_NO_ERROR) {
            t->xe = e;
            return 1;
        }
    }
    if ((long)r > ts->last_row)
        ts->last_row = (long)r;
    return 0;
}

/* Column letters (0-based column). */
static const char *letters(int col, char *buf)
{
    lxw_col_to_name(buf, (lxw_col_t)col, 0);
    return buf;
}

/* "r_org_2018": the defined name of a scheme's labels (letters, digits and _ only). */
static void scheme_name(const char *scheme, char *out, size_t size)
{
    size_t o = 0;
    if (size < 4)
        return;
    out[o++] = 'r';
    out[o++] = '_';
    for (const char *p = scheme; *p && o + 1 < size; p++)
        out[o++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ? *p : '_';
    out[o] = '\0';
}

static int in_list(char **list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* The lists sheet: indicators, schemes, every label, the closed lists, each scheme's labels. Sets the
 * formula of each list into formulas[] (owned by the caller's buffer). */
static chiso_status write_lists(tpl_ctx *t, lxw_worksheet *ws, const chiso_dataset *ds, lxw_format *hdr,
                                char formulas[WB_L_COUNT][96])
{
    const char *sheet = CHISO_WB_LISTS_SHEET;
    char cl[8];
    int col = 0;
    /* indicators and their names */
    worksheet_write_string(ws, 0, 0, _("Indicator code"), hdr);
    worksheet_write_string(ws, 0, 1, _("Name"), hdr);
    size_t ni = chiso_dataset_n_indicators(ds);
    for (size_t i = 0; i < ni; i++) {
        chiso_indicator_info ind;
        if (chiso_dataset_indicator(ds, i, &ind) != CHISO_OK)
            continue;
        worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, ind.code, t->text);
        worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, chiso_indicator_name(&ind, chiso_get_lang()), t->text);
    }
    snprintf(formulas[WB_L_INDICATOR], 96, "='%s'!$A$2:$A$%zu", sheet, ni + 1);
    worksheet_set_column(ws, 0, 0, 26, NULL);
    worksheet_set_column(ws, 1, 1, 40, NULL);
    /* schemes, and every label */
    size_t nr = chiso_dataset_n_ratings(ds);
    char **schemes = calloc(nr + 1, sizeof *schemes), **labels = calloc(nr + 1, sizeof *labels);
    size_t ns = 0, nl = 0;
    if (!schemes || !labels) {
        free(schemes);
        free(labels);
        return CHISO_ENOMEM;
    }
    for (size_t i = 0; i < nr; i++) {
        chiso_rating_info ri;
        if (chiso_dataset_rating(ds, i, &ri) != CHISO_OK)
            continue;
        if (!in_list(schemes, ns, ri.scheme))
            schemes[ns++] = (char *)ri.scheme;
        if (!in_list(labels, nl, ri.label))
            labels[nl++] = (char *)ri.label;
    }
    worksheet_write_string(ws, 0, 2, _("Rating scheme"), hdr);
    for (size_t i = 0; i < ns; i++)
        worksheet_write_string(ws, (lxw_row_t)(i + 1), 2, schemes[i], t->text);
    snprintf(formulas[WB_L_SCHEME], 96, "='%s'!$C$2:$C$%zu", sheet, ns + 1);
    worksheet_write_string(ws, 0, 3, _("Rating"), hdr);
    for (size_t i = 0; i < nl; i++)
        worksheet_write_string(ws, (lxw_row_t)(i + 1), 3, labels[i], t->text);
    char def[160];
    snprintf(def, sizeof def, "='%s'!$D$2:$D$%zu", sheet, nl + 1);
    workbook_define_name(t->wb, "r_all", def);
    worksheet_set_column(ws, 2, 2, 14, NULL);
    worksheet_set_column(ws, 3, 3, 34, NULL);
    col = 4;
    /* the closed lists */
    for (int l = 1; l < WB_L_COUNT; l++) {
        const char *const *vals = chiso_wb_list_values((wb_list)l);
        if (!vals)
            continue;
        static const char *const names[WB_L_COUNT] = {
            [WB_L_BASIS_OBS] = "basis", [WB_L_BASIS_TARGET] = "basis (targets)", [WB_L_OP_TARGET] = "op",
            [WB_L_OP_RULE] = "op (rules)", [WB_L_SHARE_BASE] = "share_base", [WB_L_VERDICT] = "verdict",
            [WB_L_CATEGORY] = "category", [WB_L_MEASURE] = "measure", [WB_L_KIND] = "kind",
            [WB_L_DIRECTION] = "direction", [WB_L_SEVERITY] = "severity", [WB_L_MISSING] = "missing",
            [WB_L_RELATIVE] = "relative_to", [WB_L_YESNO] = "irregular"};
        worksheet_write_string(ws, 0, (lxw_col_t)col, names[l] ? names[l] : "", hdr);
        size_t k = 0;
        for (; vals[k]; k++)
            worksheet_write_string(ws, (lxw_row_t)(k + 1), (lxw_col_t)col, vals[k], t->text);
        snprintf(formulas[l], 96, "='%s'!$%s$2:$%s$%zu", sheet, letters(col, cl), cl, k + 1);
        worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, 16, NULL);
        col++;
    }
    /* each scheme's labels, under a name the rating drop-down finds through INDIRECT */
    for (size_t s = 0; s < ns; s++) {
        worksheet_write_string(ws, 0, (lxw_col_t)col, schemes[s], hdr);
        size_t k = 0;
        for (size_t i = 0; i < nr; i++) {
            chiso_rating_info ri;
            if (chiso_dataset_rating(ds, i, &ri) != CHISO_OK || strcmp(ri.scheme, schemes[s]) != 0)
                continue;
            worksheet_write_string(ws, (lxw_row_t)(++k), (lxw_col_t)col, ri.label, t->text);
        }
        char name[64];
        scheme_name(schemes[s], name, sizeof name);
        snprintf(def, sizeof def, "='%s'!$%s$2:$%s$%zu", sheet, letters(col, cl), cl, k ? k + 1 : 2);
        workbook_define_name(t->wb, name, def);
        worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, 30, NULL);
        col++;
    }
    free(schemes);
    free(labels);
    worksheet_freeze_panes(ws, 1, 0);
    return CHISO_OK;
}

static void validate(lxw_worksheet *ws, long last, int col, const char *formula, int stop)
{
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    dv.value_formula = (char *)formula;
    dv.ignore_blank = LXW_VALIDATION_ON;
    dv.error_type = stop ? LXW_VALIDATION_ERROR_TYPE_STOP : LXW_VALIDATION_ERROR_TYPE_WARNING;
    dv.error_title = (char *)_("Not in the list");
    dv.error_message = (char *)(stop ? _("Pick a value from the drop-down list (the header's note says what each means).")
                                     : _("This value is not in the list. Keep it only if it is new (a unit, term or indicator you add); chiso check will tell if it is unknown."));
    worksheet_data_validation_range(ws, 1, (lxw_col_t)col, (lxw_row_t)last, (lxw_col_t)col, &dv);
}

/* A row of the guide: wrapped text in column B, the row as high as its lines (neither Excel nor
 * LibreOffice grows a row that a file gives no height). */
static void guide_row(lxw_worksheet *ws, lxw_row_t r, const char *a, const char *b, lxw_format *wrap)
{
    size_t chars = chiso_utf8_chars(b, strlen(b));
    worksheet_write_string(ws, r, 0, a, wrap);
    worksheet_write_string(ws, r, 1, b, wrap);
    if (chars > 70)
        worksheet_set_row(ws, r, 15.0 * (double)((chars + 69) / 70), NULL);
}

static void write_guide(lxw_worksheet *ws, lxw_format *title, lxw_format *wrap, lxw_format *hdr, int prefilled)
{
    worksheet_set_column(ws, 0, 0, 20, NULL);
    worksheet_set_column(ws, 1, 1, 90, NULL);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_write_string(ws, 0, 0, _("chiso dataset workbook"), title);
    static const char *const lines[] = {
        N_("Each sheet holds one kind of record. Row 1 is the header: leave it as it is. Point at a header to read its note."),
        N_("Type each figure as the document writes it (1.247, 64,5%, trên 90%, từ 90 đến 100), with its source, the place in it and the words it comes from."),
        N_("Codes come from drop-down lists: units from the sheet units, terms from the sheet terms, indicators, schemes and rating labels from the sheet danh-muc. The rating list follows the scheme chosen on the row."),
        N_("Dates: YYYY, YYYY-MM or YYYY-MM-DD. The columns are formatted as text, so that Excel keeps 2020-08 as written."),
        N_("Check the workbook with: chiso check so-lieu.xlsx. Every problem is named by its sheet and cell (observations!E12)."),
        N_("Make the report with: chiso report so-lieu.xlsx -o bao-cao"),
    };
    lxw_row_t r = 2;
    for (size_t i = 0; i < CHISO_ARRAY_LEN(lines); i++, r++) {
        char num[8];
        snprintf(num, sizeof num, "%zu.", i + 1);
        guide_row(ws, r, num, _(lines[i]), wrap);
    }
    if (prefilled) {
        guide_row(ws, r++, "", _("The sheets hold the figures of the dataset it was made from, each record on the row of its line in the CSV file."), wrap);
    }
    r++;
    worksheet_write_string(ws, r, 0, _("Sheet"), hdr);
    worksheet_write_string(ws, r++, 1, _("What one row is"), hdr);
    size_t n;
    const wb_sheet *shs = chiso_wb_sheets(&n);
    for (size_t i = 0; i < n; i++, r++) {
        guide_row(ws, r, shs[i].sheet, _(shs[i].about), wrap);
    }
    guide_row(ws, r, CHISO_WB_LISTS_SHEET, _("the values the drop-down lists offer (not read as data)"), wrap);
}

chiso_status chiso_template_write(const char *path, const char *dataset, int prefill, const char *encoding,
                                  const struct chiso_dataset *ds, chiso_error *err)
{
    if (!path || !ds)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
    char *real = NULL, *tmp = NULL;
    int direct = 0, fd = -1;
    chiso_status st = chiso_output_resolve(path, &real, &direct, err);
    if (st != CHISO_OK)
        return st;
    if (direct) {
        free(real);
        return chiso_error_set(err, CHISO_EINVAL, path, 0, 0, "%s",
                               _("a workbook cannot be written to a pipe or a device: give a file name ending in .xlsx"));
    }
    if ((st = chiso_output_open_tmp(real, &tmp, &fd, err)) != CHISO_OK) {
        free(real);
        return st;
    }
    close(fd);
    fd = -1;
    tpl_ctx t;
    memset(&t, 0, sizeof t);
    lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    t.wb = workbook_new_opt(tmp, &wo);
    if (!t.wb) {
        st = chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s", _("cannot create the workbook"));
        goto done;
    }
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = (char *)_("chiso dataset workbook");
    props.comments = (char *)"chiso " CHISO_VERSION;
    workbook_set_properties(t.wb, &props);
    lxw_format *hdr = workbook_add_format(t.wb);
    format_set_bold(hdr);
    format_set_bg_color(hdr, 0xDDEBF7);
    format_set_text_wrap(hdr);
    format_set_align(hdr, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(hdr, LXW_BORDER_THIN);
    format_set_num_format(hdr, "@");
    lxw_format *hdr_req = workbook_add_format(t.wb);
    format_set_bold(hdr_req);
    format_set_bg_color(hdr_req, 0xFCE4D6);
    format_set_text_wrap(hdr_req);
    format_set_align(hdr_req, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(hdr_req, LXW_BORDER_THIN);
    format_set_num_format(hdr_req, "@");
    t.text = workbook_add_format(t.wb);
    format_set_num_format(t.text, "@");
    t.num = workbook_add_format(t.wb);
    format_set_num_format(t.num, "General");
    lxw_format *title = workbook_add_format(t.wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format *wrap = workbook_add_format(t.wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

    lxw_worksheet *guide = workbook_add_worksheet(t.wb, CHISO_WB_GUIDE_SHEET);
    size_t n;
    const wb_sheet *shs = chiso_wb_sheets(&n);
    for (size_t i = 0; i < n && i < CHISO_ARRAY_LEN(t.sheets); i++) {
        t.sheets[i].sh = &shs[i];
        t.sheets[i].ws = workbook_add_worksheet(t.wb, shs[i].sheet);
        if (!t.sheets[i].ws) {
            st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot add the sheet '%s'"), shs[i].sheet);
            goto close;
        }
        t.n++;
    }
    lxw_worksheet *lists = workbook_add_worksheet(t.wb, CHISO_WB_LISTS_SHEET);
    if (!guide || !lists) {
        st = chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s", _("cannot create the workbook"));
        goto close;
    }
    write_guide(guide, title, wrap, hdr, prefill);
    /* the dataset's rows, as written */
    if (prefill) {
        t.err = err;
        st = chiso_wb_walk_rows(dataset, encoding, copy_row, &t, err);
        if (st == CHISO_OK && t.st != CHISO_OK)
            st = t.st;
        if (st == CHISO_OK && t.xe != LXW_NO_ERROR)
            st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot write the workbook: %s"), lxw_strerror(t.xe));
        if (st != CHISO_OK)
            goto close;
    }
    char formulas[WB_L_COUNT][96];
    memset(formulas, 0, sizeof formulas);
    if (write_lists(&t, lists, ds, hdr, formulas) != CHISO_OK) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto close;
    }
    /* units and terms come from their own sheets, so that what is added there is offered at once */
    char cl[8];
    const wb_sheet *su = chiso_wb_sheet_of_file("units.csv"), *stm = chiso_wb_sheet_of_file("terms.csv");
    snprintf(formulas[WB_L_UNIT], 96, "='%s'!$%s$2:$%s$5000", su->sheet, letters(col_of(su, "unit"), cl), cl);
    snprintf(formulas[WB_L_TERM], 96, "='%s'!$%s$2:$%s$5000", stm->sheet, letters(col_of(stm, "term"), cl), cl);
    /* a verdict's target from the ids of the sheet targets */
    const wb_sheet *stg = chiso_wb_sheet_of_file("targets.csv");
    snprintf(formulas[WB_L_TARGET_ID], 96, "='%s'!$%s$2:$%s$5000", stg->sheet, letters(col_of(stg, "id"), cl), cl);
    lxw_comment_options co;
    memset(&co, 0, sizeof co);
    co.author = (char *)"chiso";
    co.width = 320;
    co.height = 110;
    for (size_t i = 0; i < t.n; i++) {
        tpl_sheet *ts = &t.sheets[i];
        const wb_sheet *sh = ts->sh;
        size_t nc = ncols(sh);
        long last = ts->last_row + TPL_SPARE_ROWS;
        if (last < TPL_MIN_ROWS)
            last = TPL_MIN_ROWS;
        int scheme_col = col_of(sh, "scheme");
        worksheet_set_comments_author(ts->ws, "chiso");
        for (size_t c = 0; c < nc; c++) {
            const wb_column *col = &sh->cols[c];
            /* Vietnamese headers in a Vietnamese template; the codes in an English one */
            const char *label = chiso_get_lang() == CHISO_LANG_VI ? _(col->label) : col->code;
            worksheet_write_string(ts->ws, 0, (lxw_col_t)c, label, col->required ? hdr_req : hdr);
            char *note = NULL;
            chiso_buf b;
            chiso_buf_init(&b);
            chiso_buf_printf(&b, "%s%s%s\n[%s]", col->required ? _("Required.") : "", col->required ? " " : "",
                             _(col->note), col->code);
            note = chiso_buf_take(&b);
            if (note)
                worksheet_write_comment_opt(ts->ws, 0, (lxw_col_t)c, note, &co);
            free(note);
            worksheet_set_column(ts->ws, (lxw_col_t)c, (lxw_col_t)c, col->width, t.text);
            if (col->list == WB_L_NONE)
                continue;
            if (col->list == WB_L_RATING) {
                char f[200];
                if (scheme_col >= 0) {
                    char sl[8];
                    letters(scheme_col, sl);
                    snprintf(f, sizeof f, "=INDIRECT(IF($%s2=\"\",\"r_all\",\"r_\"&SUBSTITUTE($%s2,\"-\",\"_\")))", sl, sl);
                } else {
                    snprintf(f, sizeof f, "=r_all");
                }
                validate(ts->ws, last, (int)c, f, 0);
                continue;
            }
            int stop = col->list != WB_L_UNIT && col->list != WB_L_TERM && col->list != WB_L_INDICATOR &&
                       col->list != WB_L_SCHEME && col->list != WB_L_VERDICT && col->list != WB_L_TARGET_ID &&
                       col->list != WB_L_YESNO;
            if (formulas[col->list][0])
                validate(ts->ws, last, (int)c, formulas[col->list], stop);
        }
        worksheet_set_row(ts->ws, 0, 32, NULL);
        worksheet_set_landscape(ts->ws);
        worksheet_set_paper(ts->ws, 9);
        worksheet_repeat_rows(ts->ws, 0, 0);
        worksheet_freeze_panes(ts->ws, 1, 0);
        worksheet_autofilter(ts->ws, 0, 0, (lxw_row_t)(ts->last_row > 0 ? ts->last_row : 1),
                             (lxw_col_t)(nc + ts->nextra - 1));
    }
    worksheet_activate(guide);
close:;
    lxw_error xe = workbook_close(t.wb);
    if (st == CHISO_OK && xe != LXW_NO_ERROR)
        st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot write the workbook: %s"), lxw_strerror(xe));
done:
    /* synced, then renamed into place (or removed on failure) */
    fd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (st == CHISO_OK)
            st = chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s", _("cannot write the workbook"));
        unlink(tmp);
        free(tmp);
    } else {
        st = chiso_output_commit(fd, tmp, real, path, st, err);
    }
    free(real);
    return st;
}

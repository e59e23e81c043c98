/*
 * ingest/ds_defs.c — the checks of the rows that define things: units, terms, indicators (the
 * dataset's and the built-in registry's), the rating crosswalk and the rules. Each takes the row the
 * generic reader (ingest/ds_read.c) made of a record, checks what is particular to its kind and stores it.
 */
#include "ingest/ds_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the rows of each file --------------------------------------------------------------------- */

void ds_check_ratings(load_ctx *c)
{
    const ds_rating_row *in = &c->in.rating;
    chiso_dataset *ds = c->ds;
    if (chiso_grow((void **)&ds->ratings, &ds->cap_ratings, ds->n_ratings + 1, sizeof *ds->ratings)) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds_rating r;
    memset(&r, 0, sizeof r);
    const char *applies = in->applies_to, *label = in->label, *scheme = in->scheme;
    if (!scheme || !label || !applies) {
        ds_diag_at(c, CHISO_ERROR, -1, 0, "rating.row", "%s", _("scheme, applies_to and label are required"));
        return;
    }
    r.member = strcmp(applies, "member") == 0;
    r.from = in->valid_from ? atoi(in->valid_from) : 0;
    r.to = in->valid_to ? atoi(in->valid_to) : 9999;
    r.level = in->level ? atoi(in->level) : 0;
    if (r.level < 1 || r.level > 4) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_rating_row, level), 0, "rating.level", "%s", _("level must be 1, 2, 3 or 4"));
        return;
    }
    r.at_or_above = in->role && strcmp(in->role, "at_or_above") == 0;
    r.inexact = in->notes != NULL;
    int aoa;
    char *norm = ds_rating_normalize(label, &aoa);
    if (!norm) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    r.label_norm = ds_intern(c, norm);
    free(norm);
    r.scheme = ds_intern(c, scheme);
    r.notes = ds_intern(c, in->notes);
    r.regulation = ds_intern(c, in->regulation);
    ds->ratings[ds->n_ratings++] = r;
}

void ds_check_indicators(load_ctx *c)
{
    const ds_ind_row *in = &c->in.ind;
    chiso_dataset *ds = c->ds;
    const char *code = in->indicator;
    if (!ds_valid_code(code)) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_ind_row, indicator), 0, "indicator.code",
                _("indicator code '%s' must be letters, digits, '-', '_' or '.'"), code ? code : "");
        return;
    }
    ds_indicator ind;
    memset(&ind, 0, sizeof ind);
    /* the closed lists, read by the reader (ingest/schema.c): their problems in the order of the columns */
    int cat, measure, kind, dir, irregular;
    int ok = ds_get_word(c, AT(ds_ind_row, category), &cat);
    ok &= ds_get_word(c, AT(ds_ind_row, measure), &measure);
    ok &= ds_get_word(c, AT(ds_ind_row, kind), &kind);
    ok &= ds_get_word(c, AT(ds_ind_row, direction), &dir);
    ok &= ds_get_word(c, AT(ds_ind_row, irregular), &irregular);
    if (ok && kind == CHISO_KIND_RATE && measure != CHISO_MEASURE_SHARE) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_ind_row, kind), 0, "indicator.kind", "%s", _("a rate must be measured as a share"));
        ok = 0;
    }
    if (ok && measure == CHISO_MEASURE_SHARE && kind != CHISO_KIND_RATE) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_ind_row, kind), 0, "indicator.kind", "%s", _("a share must be of kind rate"));
        ok = 0;
    }
    if (!ok)
        return;
    ind.code = ds_intern(c, code);
    ind.category = (unsigned char)cat;
    ind.measure = (unsigned char)measure;
    ind.kind = (unsigned char)kind;
    ind.direction = (unsigned char)dir;
    ind.irregular = (unsigned char)(irregular & 1);
    ind.name_vi = ds_intern(c, in->name_vi);
    ind.name_en = ds_intern(c, in->name_en);
    ind.builtin = c->kind == DS_K_REG_IND;
    ind.file = c->file_no;
    ind.line = c->row->line;
    long prev = chiso_dataset_find_indicator(ds, code);
    if (prev >= 0) {
        if (ds->inds[prev].builtin && c->kind == DS_K_INDICATORS)
            ds_diag_at(c, CHISO_WARNING, AT(ds_ind_row, indicator), 0, "indicator.redefined",
                    _("'%s' redefines a built-in indicator; this dataset's definition is used"), code);
        else
            ds_diag_at(c, CHISO_ERROR, AT(ds_ind_row, indicator), 0, "indicator.duplicate",
                    _("indicator '%s' is defined twice (first at line %ld)"), code, ds->inds[prev].line);
        if (!(ds->inds[prev].builtin && c->kind == DS_K_INDICATORS))
            return;
        ds->inds[prev] = ind;
        return;
    }
    if (chiso_grow((void **)&ds->inds, &ds->cap_inds, ds->n_inds + 1, sizeof *ds->inds) ||
        !ind.code || ds_ix_put(&ds->ind_ix, ind.code, (long)ds->n_inds) != 0) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->inds[ds->n_inds++] = ind;
}

void ds_check_units(load_ctx *c)
{
    const ds_unit_row *in = &c->in.unit;
    chiso_dataset *ds = c->ds;
    const char *code = in->unit;
    if (!ds_valid_code(code)) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_unit_row, unit), 0, "unit.code",
                _("unit code '%s' must be letters, digits, '-', '_' or '.'"), code ? code : "");
        return;
    }
    long prev = chiso_dataset_find_unit(ds, code);
    if (prev >= 0) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_unit_row, unit), 0, "unit.duplicate", _("unit '%s' is listed twice (first at line %ld)"),
                code, ds->units[prev].line);
        return;
    }
    if (chiso_grow((void **)&ds->units, &ds->cap_units, ds->n_units + 1, sizeof *ds->units)) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds_unit u;
    memset(&u, 0, sizeof u);
    u.code = ds_intern(c, code);
    u.name = ds_intern(c, in->name);
    u.parent_code = ds_intern(c, in->parent);
    u.parent = -1;
    u.file = c->file_no;
    u.line = c->row->line;
    if (!u.code || ds_ix_put(&ds->unit_ix, u.code, (long)ds->n_units) != 0) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->units[ds->n_units++] = u;
}

void ds_check_terms(load_ctx *c)
{
    const ds_term_row *in = &c->in.term;
    chiso_dataset *ds = c->ds;
    const char *ucode = in->unit, *tcode = in->term;
    if (!ucode || !tcode) {
        ds_diag_at(c, CHISO_ERROR, ucode ? AT(ds_term_row, term) : AT(ds_term_row, unit), 0, "term.missing", "%s",
                _("unit and term are required"));
        return;
    }
    long u = chiso_dataset_find_unit(ds, ucode);
    if (u < 0) {
        if (ds->has_units_file) {
            ds_diag_at(c, CHISO_ERROR, AT(ds_term_row, unit), 0, "unit.unknown", _("unknown unit '%s': add it to units.csv"),
                    ucode);
            return;
        }
        if (!ds_valid_code(ucode)) {
            ds_diag_at(c, CHISO_ERROR, AT(ds_term_row, unit), 0, "unit.code",
                    _("unit code '%s' must be letters, digits, '-', '_' or '.'"), ucode);
            return;
        }
        if (chiso_grow((void **)&ds->units, &ds->cap_units, ds->n_units + 1, sizeof *ds->units)) {
            c->fatal = CHISO_ENOMEM;
            return;
        }
        ds_unit nu;
        memset(&nu, 0, sizeof nu);
        nu.code = ds_intern(c, ucode);
        nu.parent = -1;
        nu.file = c->file_no;
        nu.line = c->row->line;
        u = (long)ds->n_units;
        if (!nu.code || ds_ix_put(&ds->unit_ix, nu.code, u) != 0) {
            c->fatal = CHISO_ENOMEM;
            return;
        }
        ds->units[ds->n_units++] = nu;
    }
    if (ds_find_own_term(ds, u, tcode) >= 0) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_term_row, term), 0, "term.duplicate", _("term '%s' of unit '%s' is listed twice"), tcode,
                ucode);
        return;
    }
    ds_term t;
    memset(&t, 0, sizeof t);
    int ok = ds_get_date(c, AT(ds_term_row, start), &t.start);
    ok &= ds_get_date(c, AT(ds_term_row, end), &t.end);
    if (!ok)
        return;
    if (t.end.day < t.start.day) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_term_row, end), 0, "term.order", _("the term ends (%s) before it starts (%s)"),
                in->end, in->start);
        return;
    }
    if (t.end.day == t.start.day) { /* a term of one day is a date typed twice */
        ds_diag_at(c, CHISO_ERROR, AT(ds_term_row, end), 0, "term.empty",
                _("the term starts and ends on the same day (%s): its end is the next congress"), in->end);
        return;
    }
    t.unit = u;
    t.code = ds_intern(c, tcode);
    t.label = ds_intern(c, in->label);
    t.note = ds_intern(c, in->note);
    t.note_vi = ds_intern(c, in->note_vi);
    t.file = c->file_no;
    t.line = c->row->line;
    if (chiso_grow((void **)&ds->terms, &ds->cap_terms, ds->n_terms + 1, sizeof *ds->terms) || !t.code ||
        ds_ix_put(&ds->term_ix, ds_term_key(u, t.code), (long)ds->n_terms) != 0) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->terms[ds->n_terms++] = t;
}

/* the indicator codes of a rule (ingest/rules.c) */
static long find_indicator(void *ds, const char *code)
{
    return chiso_dataset_find_indicator(ds, code);
}

void ds_check_rules(load_ctx *c)
{
    const ds_rule_row *in = &c->in.rule;
    chiso_dataset *ds = c->ds;
    ds_rule r;
    memset(&r, 0, sizeof r);
    int ok = 1;
    char msg[512];
    long ecol = 0;
    chiso_status pst;
    if (in->left && (pst = ds_expr_parse(find_indicator, ds, in->left, &r.left, &ecol, msg, sizeof msg)) != CHISO_OK) {
        if (pst == CHISO_ENOMEM) {
            c->fatal = CHISO_ENOMEM;
            return;
        }
        ds_diag_at(c, CHISO_ERROR, AT(ds_rule_row, left), ecol, "rule.parse", "%s", msg);
        ok = 0;
    }
    if (in->right && (pst = ds_expr_parse(find_indicator, ds, in->right, &r.right, &ecol, msg, sizeof msg)) != CHISO_OK) {
        if (pst == CHISO_ENOMEM) {
            ds_expr_free(r.left);
            c->fatal = CHISO_ENOMEM;
            return;
        }
        ds_diag_at(c, CHISO_ERROR, AT(ds_rule_row, right), ecol, "rule.parse", "%s", msg);
        ok = 0;
    }
    if (!in->left || !in->right) {
        ds_diag_at(c, CHISO_ERROR, in->left ? AT(ds_rule_row, right) : AT(ds_rule_row, left), 0, "rule.empty", "%s",
                _("both sides of a rule are required"));
        ok = 0;
    }
    const char *op = in->op;
    if (!op || !chiso_cmp_parse(op, &r.op) || r.op == CHISO_CMP_BETWEEN) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_rule_row, op), 0, "rule.op", _("unknown operator '%s': use ==, <=, >=, < or >"),
                op ? op : "");
        ok = 0;
    }
    r.severity = CHISO_ERROR;
    if (in->severity) {
        if (strcmp(in->severity, "warning") == 0)
            r.severity = CHISO_WARNING;
        else if (strcmp(in->severity, "error") != 0) {
            ds_diag_at(c, CHISO_ERROR, AT(ds_rule_row, severity), 0, "rule.severity", _("unknown severity '%s': use error or warning"),
                    in->severity);
            ok = 0;
        }
    }
    if (!ds_get_word(c, AT(ds_rule_row, missing), &r.missing))
        ok = 0;
    if (!ok || c->fatal) {
        ds_expr_free(r.left);
        ds_expr_free(r.right);
        return;
    }
    char name[64];
    snprintf(name, sizeof name, "rule %ld", c->row->line);
    r.name = ds_intern(c, in->rule ? in->rule : name);
    r.file = c->file_no;
    r.line = c->row->line;
    if (chiso_grow((void **)&ds->rules, &ds->cap_rules, ds->n_rules + 1, sizeof *ds->rules)) {
        ds_expr_free(r.left);
        ds_expr_free(r.right);
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->rules[ds->n_rules++] = r;
}

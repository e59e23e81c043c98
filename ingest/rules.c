/* ingest/rules.c — the expressions of rules.csv: + - * / over indicator codes, numbers, parentheses.
 * A recursive-descent parser with a depth limit, so that no input can exhaust the stack. */
#include "ingest/dataset_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPR_MAX_DEPTH 64    /* parentheses and unary minus signs inside one another */
#define EXPR_MAX_TERMS 1000  /* numbers and indicator codes */

typedef struct parser {
    ds_code_find find;
    void *find_ctx;
    const char *s;
    size_t i, n;
    int depth;
    long err_col;
    char *msg;
    size_t msg_size;
    int failed, oom;
    size_t terms;
} parser;

static void perr(parser *p, size_t at, const char *fmt, const char *arg)
{
    if (p->failed)
        return;
    p->failed = 1;
    p->err_col = (long)chiso_utf8_chars(p->s, at) + 1;
    snprintf(p->msg, p->msg_size, fmt, arg);
}

static void skip(parser *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t'))
        p->i++;
}

static ds_expr *node(parser *p, expr_kind k, ds_expr *a, ds_expr *b)
{
    ds_expr *e = calloc(1, sizeof *e);
    if (!e) {
        p->oom = p->failed = 1;
        ds_expr_free(a);
        ds_expr_free(b);
        return NULL;
    }
    e->kind = k;
    e->a = a;
    e->b = b;
    e->indicator = -1;
    return e;
}

static ds_expr *parse_sum(parser *p);

static ds_expr *parse_factor(parser *p)
{
    skip(p);
    if (p->i >= p->n) {
        perr(p, p->i, "%s", _("the expression ends too early: a number, an indicator or '(' is missing"));
        return NULL;
    }
    ds_expr *e = NULL;
    char ch = p->s[p->i];
    /* each level of parentheses or unary minus is one level of recursion: bound them */
    int nests = ch == '-' || ch == '(';
    if (nests && ++p->depth > EXPR_MAX_DEPTH) {
        perr(p, p->i, _("the expression is nested too deeply (more than %s levels)"), "64");
        return NULL;
    }
    /* long chains (a + a + … + a) make big trees too: bound the number of terms */
    if (!nests && ++p->terms > EXPR_MAX_TERMS) {
        perr(p, p->i, _("the expression is too long (more than %s terms)"), "1000");
        return NULL;
    }
    if (ch == '-') {
        p->i++;
        ds_expr *a = parse_factor(p);
        e = a ? node(p, EXPR_NEG, a, NULL) : NULL;
    } else if (ch == '(') {
        size_t open = p->i;
        p->i++;
        e = parse_sum(p);
        skip(p);
        if (e && (p->i >= p->n || p->s[p->i] != ')')) {
            perr(p, open, "%s", _("a '(' is not closed"));
            ds_expr_free(e);
            e = NULL;
        } else if (e) {
            p->i++;
        }
    } else if ((ch >= '0' && ch <= '9') || ch == '.') {
        size_t start = p->i;
        while (p->i < p->n && ((p->s[p->i] >= '0' && p->s[p->i] <= '9') || p->s[p->i] == '.' || p->s[p->i] == ','))
            p->i++;
        char tok[64];
        snprintf(tok, sizeof tok, "%.*s", (int)(p->i - start), p->s + start);
        double v;
        chiso_error err;
        if (p->i - start >= sizeof tok) { /* never cut a number to one that reads */
            perr(p, start, _("the number '%s…' is too long"), tok);
            return NULL;
        }
        if (chiso_number_parse(tok, &v, &err) != CHISO_OK) {
            perr(p, start, _("cannot read the number '%s'"), tok);
        } else {
            e = node(p, EXPR_NUM, NULL, NULL);
            if (e)
                e->num = v;
        }
    } else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_') {
        size_t start = p->i;
        while (p->i < p->n && ((p->s[p->i] >= 'a' && p->s[p->i] <= 'z') || (p->s[p->i] >= 'A' && p->s[p->i] <= 'Z') ||
                               (p->s[p->i] >= '0' && p->s[p->i] <= '9') || p->s[p->i] == '_' || p->s[p->i] == '.'))
            p->i++;
        char tok[256];
        snprintf(tok, sizeof tok, "%.*s", (int)(p->i - start), p->s + start);
        long ind = p->i - start >= sizeof tok ? -1 : p->find(p->find_ctx, tok);
        if (ind < 0) {
            perr(p, start, _("unknown indicator '%s' in the rule"), tok);
        } else {
            e = node(p, EXPR_VAR, NULL, NULL);
            if (e)
                e->indicator = ind;
        }
    } else {
        char tok[8];
        size_t k = 1;
        while (p->i + k < p->n && ((unsigned char)p->s[p->i + k] & 0xC0) == 0x80 && k < 4)
            k++;
        snprintf(tok, sizeof tok, "%.*s", (int)k, p->s + p->i);
        perr(p, p->i, _("unexpected '%s' in the expression: use + - * / ( ), numbers and indicator codes"), tok);
    }
    if (nests)
        p->depth--;
    return e;
}

static ds_expr *parse_product(parser *p)
{
    ds_expr *a = parse_factor(p);
    while (a && !p->failed) {
        skip(p);
        if (p->i < p->n && (p->s[p->i] == '*' || p->s[p->i] == '/')) {
            expr_kind k = p->s[p->i] == '*' ? EXPR_MUL : EXPR_DIV;
            p->i++;
            skip(p);
            size_t b_at = p->i;
            ds_expr *b = parse_factor(p);
            if (!b) {
                ds_expr_free(a);
                return NULL;
            }
            if (k == EXPR_DIV && b->kind == EXPR_NUM && b->num == 0) {
                perr(p, b_at, "%s", _("the rule divides by zero"));
                ds_expr_free(a);
                ds_expr_free(b);
                return NULL;
            }
            a = node(p, k, a, b);
        } else {
            break;
        }
    }
    return a;
}

static ds_expr *parse_sum(parser *p)
{
    ds_expr *a = parse_product(p);
    while (a && !p->failed) {
        skip(p);
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) {
            expr_kind k = p->s[p->i] == '+' ? EXPR_ADD : EXPR_SUB;
            p->i++;
            ds_expr *b = parse_product(p);
            if (!b) {
                ds_expr_free(a);
                return NULL;
            }
            a = node(p, k, a, b);
        } else {
            break;
        }
    }
    return a;
}

chiso_status ds_expr_parse(ds_code_find find, void *ctx, const char *text, ds_expr **out, long *err_col,
                           char *msg, size_t msg_size)
{
    parser p = {find, ctx, text, 0, strlen(text), 0, 0, msg, msg_size, 0, 0, 0};
    msg[0] = '\0';
    *out = NULL;
    ds_expr *e = parse_sum(&p);
    if (e && !p.failed) {
        skip(&p);
        if (p.i < p.n) {
            if (p.s[p.i] == ')')
                perr(&p, p.i, "%s", _("a ')' has no matching '('"));
            else
                perr(&p, p.i, _("unexpected '%s' in the expression"), p.s + p.i);
        }
    }
    if (p.failed || !e) {
        ds_expr_free(e);
        *err_col = p.err_col;
        if (p.oom)
            snprintf(msg, msg_size, "%s", _("out of memory"));
        return p.oom ? CHISO_ENOMEM : CHISO_EPARSE;
    }
    *out = e;
    return CHISO_OK;
}

void ds_expr_free(ds_expr *e)
{
    if (!e)
        return;
    ds_expr_free(e->a);
    ds_expr_free(e->b);
    free(e);
}

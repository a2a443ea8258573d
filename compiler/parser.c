/* compiler/parser.c — hand-written recursive-descent parser for Python 3.11
 * (minus `match` and `except*`), producing the AST of compiler/ast.h.
 *
 * Structure follows CPython's Grammar/python.gram rule names (star_expressions,
 * disjunction, primary, atom ...), so the two can be read side by side. The
 * parser is deterministic with a little backtracking (parenthesized `with`,
 * "did you forget a comma?" probes). Errors: the first one raised wins; the
 * messages and locations of CPython's `invalid_*` rules are reproduced for
 * the common mistakes. Recursion is bounded by MAX_DEPTH so hostile input
 * cannot overflow the C stack. */
#include "compiler/parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_DEPTH 1000 /* nested sub-expressions; brackets alone stop at 200 in the lexer */
#define TOK_BLOCK 1024
#define MAX_CHAIN 5000 /* operands of one left-associative operator chain */

typedef struct parser {
    mn_lexer lx;
    mn_syntax_error lex_err; /* the tokenizer's error, copied into *err when reached */
    mn_token **blocks;      /* TOK_BLOCK tokens each */
    int nblocks, ntoks;
    int pos;
    int lexer_failed;       /* the last token in toks is MN_TOK_ERROR */
    const char *src;        /* whole source: positions are relative to it */
    size_t len;
    mn_ast_arena *arena;
    mn_syntax_error *err;
    int depth;
    int oom;
    int fstring;            /* parsing an f-string replacement field */
} parser;

/* ---- tokens ----------------------------------------------------------- */

/* Token i, lexing on demand. Tokens live in fixed blocks so pointers to
 * them stay valid while more are read. Past the end (or after a tokenizer
 * error) the last token is returned again. */
static mn_token *tok_slot(parser *p, int i) { return &p->blocks[i / TOK_BLOCK][i % TOK_BLOCK]; }
static mn_token *tok_at(parser *p, int i) {
    while (i >= p->ntoks) {
        if (p->ntoks && (p->lexer_failed || tok_slot(p, p->ntoks - 1)->type == MN_TOK_ENDMARKER))
            return tok_slot(p, p->ntoks - 1);
        if (p->ntoks == p->nblocks * TOK_BLOCK) {
            mn_token **nb = realloc(p->blocks, (size_t)(p->nblocks + 1) * sizeof *nb);
            mn_token *blk = nb ? malloc(TOK_BLOCK * sizeof *blk) : NULL;
            if (nb) p->blocks = nb;
            if (!blk) { /* out of memory: end the input with an error token */
                p->oom = 1;
                p->lexer_failed = 1;
                p->lex_err.kind = MN_ERR_SYNTAX;
                snprintf(p->lex_err.msg, sizeof p->lex_err.msg, "out of memory");
                if (!p->ntoks) { static mn_token dummy; dummy.type = MN_TOK_ERROR; return &dummy; }
                tok_slot(p, p->ntoks - 1)->type = MN_TOK_ERROR;
                continue;
            }
            p->blocks[p->nblocks++] = blk;
        }
        mn_token *t = tok_slot(p, p->ntoks++);
        if (mn_lexer_next(&p->lx, t) == MN_TOK_ERROR) p->lexer_failed = 1;
    }
    return tok_slot(p, i);
}
static void free_tokens(parser *p) {
    for (int b = 0; b < p->nblocks; b++) free(p->blocks[b]);
    free(p->blocks);
}
static mn_token *cur(parser *p) { return tok_at(p, p->pos); }
static mn_token *peek(parser *p, int k) { return tok_at(p, p->pos + k); }
static int at(parser *p, mn_token_type t) { return cur(p)->type == t; }
static mn_token *prev(parser *p) { return tok_at(p, p->pos > 0 ? p->pos - 1 : 0); }
static mn_token *advance(parser *p) {
    mn_token *t = cur(p);
    if (t->type != MN_TOK_ERROR && t->type != MN_TOK_ENDMARKER) p->pos++;
    return t;
}
static int accept(parser *p, mn_token_type t) {
    if (!at(p, t)) return 0;
    advance(p);
    return 1;
}
static int is_name(parser *p, const char *s) {
    mn_token *t = cur(p);
    return t->type == MN_TOK_NAME && t->len == strlen(s) && memcmp(t->start, s, t->len) == 0;
}

/* ---- errors ----------------------------------------------------------- */

static void verror(parser *p, mn_syntax_error_kind kind, int l, int c, int el, int ec,
                   const char *fmt, va_list ap) {
    char msg[256];
    vsnprintf(msg, sizeof msg, fmt, ap);
    mn_syntax_error_set(p->err, p->src, p->len, kind, l, c, el, ec, "%s", msg);
}
static void *error_range(parser *p, int l, int c, int el, int ec, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void *error_range(parser *p, int l, int c, int el, int ec, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verror(p, MN_ERR_SYNTAX, l, c, el, ec, fmt, ap);
    va_end(ap);
    return NULL;
}
/* True when t exists only because the input stopped: ENDMARKER, or one of
 * the DEDENTs synthesized before it (a block the user hasn't closed yet). */
static int at_end_of_input(parser *p, mn_token *t)
{
    if (t->type == MN_TOK_ENDMARKER)
        return 1;
    if (t->type != MN_TOK_DEDENT || peek(p, 0) != t)
        return 0;
    int k = 0;
    while (peek(p, k)->type == MN_TOK_DEDENT)
        k++;
    return peek(p, k)->type == MN_TOK_ENDMARKER;
}

static void *error_at_tok(parser *p, mn_token *t, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void *error_at_tok(parser *p, mn_token *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verror(p, MN_ERR_SYNTAX, t->lineno, t->col_offset, t->end_lineno, t->end_col_offset, fmt, ap);
    va_end(ap);
    /* An error found only at the end of the input means the statement
     * isn't finished (`try:` block without its except yet, a decorator
     * without its def): the REPL asks for more, as CPython's interactive
     * tokenizer does. An error at an earlier token is a real error. */
    if (at_end_of_input(p, t))
        p->err->incomplete = 1;
    return NULL;
}
static void *error_at_expr(parser *p, const mn_ast_expr *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void *error_at_expr(parser *p, const mn_ast_expr *e, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verror(p, MN_ERR_SYNTAX, e->pos.lineno, e->pos.col_offset, e->pos.end_lineno, e->pos.end_col_offset, fmt, ap);
    va_end(ap);
    return NULL;
}

/* The current token is unexpected. Like CPython: a tokenizer error wins;
 * INDENT means "unexpected indent"; otherwise "invalid syntax", unless the
 * rest of the source holds a tokenizer error (which is reported instead). */
static void *fail(parser *p) {
    if (p->err->kind != MN_ERR_NONE) return NULL;
    mn_token *t = cur(p);
    if (t->type == MN_TOK_ERROR) { *p->err = p->lex_err; return NULL; }
    if (t->type == MN_TOK_INDENT || t->type == MN_TOK_DEDENT) {
        mn_syntax_error_set(p->err, p->src, p->len, MN_ERR_INDENTATION, t->lineno,
                            t->type == MN_TOK_INDENT ? t->col_offset : 0, 0, 0,
                            t->type == MN_TOK_INDENT ? "unexpected indent" : "unexpected unindent");
        p->err->end_offset = -1;
        return NULL;
    }
    error_at_tok(p, t, "invalid syntax");
    return NULL;
}

/* After the parser failed, CPython (_PyPegen_tokenize_full_source_to_check_
 * for_errors) lets the tokenizer have the last word:
 *  - a tokenizer error the parser itself ran into is reported at once;
 *  - otherwise the rest of the source is tokenized, and an error found there
 *    replaces the parser's, except that an unclosed bracket at EOF only wins
 *    when the parser had read past the line where that bracket was opened. */
static void prefer_lexer_error(parser *p) {
    if (p->fstring || p->oom || !p->ntoks) return;
    if (p->err->kind == MN_ERR_INDENTATION) return; /* unexpected indent/unindent */
    mn_token *last = tok_slot(p, p->ntoks - 1); /* the furthest token read */
    if (last->type == MN_TOK_ERROR) { *p->err = p->lex_err; return; }
    int err_line = last->lineno;
    mn_token *u;
    int i = p->ntoks - 1;
    do u = tok_at(p, ++i);
    while (u->type != MN_TOK_ERROR && u->type != MN_TOK_ENDMARKER);
    if (u->type != MN_TOK_ERROR) return;
    if (!p->lx.eof_in_paren || err_line > p->lex_err.lineno) *p->err = p->lex_err;
}
static int expect(parser *p, mn_token_type t) {
    if (accept(p, t)) return 1;
    fail(p);
    return 0;
}
static int failed(parser *p) { return p->err->kind != MN_ERR_NONE; }

/* Speculation: remember the position, roll back and forget the error. */
static void rollback(parser *p, int pos) {
    p->pos = pos;
    memset(p->err, 0, sizeof *p->err);
}

static int enter(parser *p) {
    if (++p->depth > MAX_DEPTH) {
        mn_token *t = cur(p);
        error_at_tok(p, t, "too many nested parentheses");
        return 0;
    }
    return 1;
}
/* return v after leaving one level (v is evaluated first) */
static void *leave_(parser *p, void *v) {
    p->depth--;
    return v;
}
#define LEAVE(p, v) return leave_((p), (v))

/* ---- allocation helpers ----------------------------------------------- */

static void *alloc(parser *p, size_t n) {
    void *r = mn_ast_arena_alloc(p->arena, n);
    if (!r && !failed(p)) { p->oom = 1; error_range(p, 1, 0, 0, 0, "out of memory"); }
    return r;
}

/* Growable vector of pointers in the arena (old buffers are simply dropped:
 * at most 2x waste, and nothing can leak on an error path). */
typedef struct { int len, cap; void **items; } vec;
static int vpush(parser *p, vec *v, void *x) {
    if (v->len == v->cap) {
        int cap = v->cap ? v->cap * 2 : 4;
        void **n = alloc(p, (size_t)cap * sizeof *n);
        if (!n) return 0;
        if (v->len) memcpy(n, v->items, (size_t)v->len * sizeof *n);
        v->items = n;
        v->cap = cap;
    }
    v->items[v->len++] = x;
    return 1;
}
/* every mn_ast_*_seq is {int len; T **items;} */
#define SEQ(type, v) ((type){(v).len, (void *)(v).items})

/* The source span of e including any parentheses around it: parents take
 * their positions from tokens, so `(a) + b` starts at the '('. */
static mn_ast_pos span(const mn_ast_expr *e) { return e->parenthesized ? e->outer : e->pos; }

static mn_ast_pos pos_from(mn_token *s, mn_token *e) {
    mn_ast_pos r = {s->lineno, s->col_offset, e->end_lineno, e->end_col_offset};
    return r;
}
static mn_ast_pos pos_tok_to_expr(mn_token *s, mn_ast_expr *e) {
    mn_ast_pos q = span(e);
    mn_ast_pos r = {s->lineno, s->col_offset, q.end_lineno, q.end_col_offset};
    return r;
}
static mn_ast_pos pos_join(mn_ast_pos a, mn_ast_pos b) {
    mn_ast_pos r = {a.lineno, a.col_offset, b.end_lineno, b.end_col_offset};
    return r;
}
/* from token s to the last consumed token */
static mn_ast_pos pos_here(parser *p, mn_token *s) { return pos_from(s, prev(p)); }

static mn_ast_expr *new_expr(parser *p, mn_ast_expr_kind k, mn_ast_pos pos) {
    mn_ast_expr *e = alloc(p, sizeof *e);
    if (e) { e->kind = k; e->pos = pos; }
    return e;
}
static mn_ast_stmt *new_stmt(parser *p, mn_ast_stmt_kind k, mn_ast_pos pos) {
    mn_ast_stmt *s = alloc(p, sizeof *s);
    if (s) { s->kind = k; s->pos = pos; }
    return s;
}

/* NAME token -> identifier (NFKC-normalised like CPython) */
static const char *ident(parser *p, mn_token *t) {
    if (!t->nonascii) return mn_ast_arena_strdup(p->arena, t->start, t->len);
    utf8proc_uint8_t *norm = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)t->start, (utf8proc_ssize_t)t->len, &norm,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    if (n < 0) return mn_ast_arena_strdup(p->arena, t->start, t->len);
    const char *r = mn_ast_arena_strdup(p->arena, (const char *)norm, (size_t)n);
    free(norm);
    return r;
}

static mn_ast_expr *name_expr(parser *p, mn_token *t, mn_ast_expr_context ctx) {
    mn_ast_expr *e = new_expr(p, MN_AST_NAME, pos_from(t, t));
    if (!e) return NULL;
    e->v.name.id = ident(p, t);
    e->v.name.ctx = ctx;
    return e;
}

/* ---- forward declarations --------------------------------------------- */

static mn_ast_expr *expression(parser *p);
static mn_ast_expr *named_expression(parser *p);
static mn_ast_expr *star_expressions(parser *p);
static mn_ast_expr *star_named_expression(parser *p);
static mn_ast_expr *disjunction(parser *p);
static mn_ast_expr *bitwise_or(parser *p);
static mn_ast_expr *yield_expr(parser *p);
static mn_ast_expr *primary(parser *p);
static mn_ast_expr *atom(parser *p);
static mn_ast_arguments *parameters(parser *p, int lambda);
static mn_ast_stmt_seq block(parser *p, mn_token *kw, const char *what, int *ok);
static mn_ast_expr *strings(parser *p);
static int statement(parser *p, vec *out);

/* ---- targets ---------------------------------------------------------- */

/* Set the context of an assignment/del target. Returns the first node that
 * cannot be a target, or NULL when all is well. */
static mn_ast_expr *set_context(mn_ast_expr *e, mn_ast_expr_context ctx) {
    switch (e->kind) {
    case MN_AST_NAME: e->v.name.ctx = ctx; return NULL;
    case MN_AST_ATTRIBUTE: e->v.attribute.ctx = ctx; return NULL;
    case MN_AST_SUBSCRIPT: e->v.subscript.ctx = ctx; return NULL;
    case MN_AST_STARRED:
        if (ctx == MN_AST_DEL) return e;
        e->v.starred.ctx = ctx;
        return set_context(e->v.starred.value, ctx);
    case MN_AST_LIST: case MN_AST_TUPLE:
        e->v.list.ctx = ctx;
        for (int i = 0; i < e->v.list.elts.len; i++) {
            mn_ast_expr *bad = set_context(e->v.list.elts.items[i], ctx);
            if (bad) return bad;
        }
        return NULL;
    default:
        return e;
    }
}

/* Store context or "cannot assign to X". */
static int store_target(parser *p, mn_ast_expr *e) {
    mn_ast_expr *bad = set_context(e, MN_AST_STORE);
    if (!bad) return 1;
    error_at_expr(p, bad, "cannot assign to %s", mn_ast_expr_name(bad));
    return 0;
}

/* "bitwise_or"-level expression: what CPython's invalid_named_expression
 * rule can see on either side of a stray '='. */
static int is_bitwise_or_level(const mn_ast_expr *e) {
    if (e->parenthesized) return 1;
    switch (e->kind) {
    case MN_AST_BOOL_OP: case MN_AST_COMPARE: case MN_AST_IF_EXP: case MN_AST_LAMBDA:
    case MN_AST_NAMED_EXPR: case MN_AST_STARRED: case MN_AST_YIELD: case MN_AST_YIELD_FROM:
        return 0;
    case MN_AST_UNARY_OP: return e->v.unary_op.op != MN_AST_NOT;
    case MN_AST_TUPLE: return 0;
    default: return 1;
    }
}
static int is_keyword_const(const mn_ast_expr *e) {
    return e->kind == MN_AST_CONSTANT &&
           (e->v.constant.value.kind == MN_CONST_TRUE || e->v.constant.value.kind == MN_CONST_FALSE ||
            e->v.constant.value.kind == MN_CONST_NONE);
}

/* `X = Y` where '=' cannot be an assignment (if x = 1:, [x = 1], ...) */
static void *stray_equal(parser *p, mn_ast_expr *x) {
    mn_token *eq = cur(p);
    if (x->kind == MN_AST_NAME && !x->parenthesized) {
        int save = p->pos;
        advance(p);
        mn_ast_expr *y = bitwise_or(p);
        if (y && !at(p, MN_TOK_EQUAL) && !at(p, MN_TOK_COLONEQUAL)) {
            p->err->kind = MN_ERR_NONE;
            return error_range(p, x->pos.lineno, x->pos.col_offset, y->pos.end_lineno, y->pos.end_col_offset,
                               "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        }
        rollback(p, save);
    } else if (is_bitwise_or_level(x) && x->kind != MN_AST_LIST && x->kind != MN_AST_TUPLE &&
               x->kind != MN_AST_GENERATOR_EXP && !is_keyword_const(x)) {
        return error_at_expr(p, x, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                             mn_ast_expr_name(x));
    }
    (void)eq;
    return fail(p);
}

/* ---- "Perhaps you forgot a comma?" ------------------------------------ */

static int can_start_expression(mn_token_type t) {
    switch (t) {
    case MN_TOK_NAME: case MN_TOK_NUMBER: case MN_TOK_STRING: case MN_TOK_LPAR: case MN_TOK_LSQB:
    case MN_TOK_LBRACE: case MN_TOK_MINUS: case MN_TOK_PLUS: case MN_TOK_TILDE: case MN_TOK_NOT:
    case MN_TOK_LAMBDA: case MN_TOK_AWAIT: case MN_TOK_NONE: case MN_TOK_TRUE: case MN_TOK_FALSE:
    case MN_TOK_ELLIPSIS:
        return 1;
    default:
        return 0;
    }
}

/* After element `a` inside brackets the next token starts another
 * expression: CPython suggests a missing comma. */
static void *missing_comma(parser *p, mn_ast_expr *a) {
    if (!failed(p) && a && cur(p)->level > 0 && can_start_expression(cur(p)->type) &&
        a->kind != MN_AST_IF_EXP && a->kind != MN_AST_LAMBDA && a->kind != MN_AST_STARRED &&
        !(a->kind == MN_AST_NAME && !a->parenthesized && at(p, MN_TOK_STRING) && 0)) {
        int save = p->pos;
        mn_ast_expr *b = expression(p);
        if (b) {
            return error_range(p, a->pos.lineno, a->pos.col_offset, b->pos.end_lineno, b->pos.end_col_offset,
                               "invalid syntax. Perhaps you forgot a comma?");
        }
        if (p->lexer_failed && tok_slot(p, p->ntoks - 1)->type == MN_TOK_ERROR && p->err->kind != MN_ERR_NONE &&
            strcmp(p->err->msg, p->lex_err.msg) == 0)
            return NULL;
        rollback(p, save);
    }
    return fail(p);
}

/* ---- atoms and primaries ---------------------------------------------- */

static mn_ast_expr *make_const(parser *p, mn_token *t, mn_ast_const_kind k) {
    mn_ast_expr *e = new_expr(p, MN_AST_CONSTANT, pos_from(t, t));
    if (e) e->v.constant.value.kind = k;
    return e;
}

static mn_ast_expr *number(parser *p, mn_token *t) {
    mn_ast_expr *e = make_const(p, t, MN_CONST_INT);
    char *buf = alloc(p, t->len + 1);
    if (!e || !buf) return NULL;
    size_t n = 0;
    for (size_t i = 0; i < t->len; i++)
        if (t->start[i] != '_') buf[n++] = t->start[i];
    buf[n] = 0;
    mn_ast_constant *c = &e->v.constant.value;
    char last = buf[n - 1];
    if (n > 1 && buf[0] == '0' && (buf[1] | 0x20) != '.' && strchr("xXoObB", buf[1])) {
        int r = buf[1] | 0x20;
        c->int_base = r == 'x' ? 16 : r == 'o' ? 8 : 2;
        for (char *q = buf + 2; *q; q++) *q = (char)(*q >= 'A' && *q <= 'F' ? *q | 0x20 : *q);
        c->int_digits = buf + 2;
    } else if (last == 'j' || last == 'J') {
        buf[n - 1] = 0;
        c->kind = MN_CONST_COMPLEX;
        c->number = strtod(buf, NULL);
    } else if (strpbrk(buf, ".eE")) {
        c->kind = MN_CONST_FLOAT;
        c->number = strtod(buf, NULL);
    } else {
        char *q = buf;
        while (q[0] == '0' && q[1]) q++;
        c->int_base = 10;
        c->int_digits = q;
    }
    return e;
}

static mn_ast_expr *comprehension_tail(parser *p, mn_ast_comprehension_seq *out);

/* '(' ... ')': group, tuple, generator expression or yield */
static mn_ast_expr *paren_atom(parser *p) {
    mn_token *open = advance(p);
    if (accept(p, MN_TOK_RPAR)) {
        mn_ast_expr *e = new_expr(p, MN_AST_TUPLE, pos_here(p, open));
        if (e) e->v.list.ctx = MN_AST_LOAD;
        return e;
    }
    if (at(p, MN_TOK_YIELD)) {
        mn_ast_expr *y = yield_expr(p);
        if (!y || !expect(p, MN_TOK_RPAR)) return NULL;
        y->parenthesized = 1;
        y->outer = pos_here(p, open);
        return y;
    }
    mn_ast_expr *first = star_named_expression(p);
    if (!first) return NULL;
    if (at(p, MN_TOK_FOR) || (at(p, MN_TOK_ASYNC) && peek(p, 1)->type == MN_TOK_FOR)) {
        mn_ast_comprehension_seq gens;
        if (first->kind == MN_AST_STARRED)
            return error_at_expr(p, first, "iterable unpacking cannot be used in comprehension");
        if (!comprehension_tail(p, &gens)) return NULL;
        if (!at(p, MN_TOK_RPAR)) return missing_comma(p, NULL);
        advance(p);
        mn_ast_expr *g = new_expr(p, MN_AST_GENERATOR_EXP, pos_here(p, open));
        if (!g) return NULL;
        g->v.comp.elt = first;
        g->v.comp.generators = gens;
        return g;
    }
    if (accept(p, MN_TOK_RPAR)) {
        if (first->kind == MN_AST_STARRED)
            return error_at_expr(p, first, "cannot use starred expression here");
        first->parenthesized = 1;
        first->outer = pos_here(p, open);
        return first;
    }
    vec elts = {0};
    if (!vpush(p, &elts, first)) return NULL;
    while (accept(p, MN_TOK_COMMA)) {
        if (at(p, MN_TOK_RPAR)) break;
        mn_ast_expr *e = star_named_expression(p);
        if (!e || !vpush(p, &elts, e)) return NULL;
    }
    if (!at(p, MN_TOK_RPAR)) {
        if (elts.len == 1 && prev(p)->type != MN_TOK_COMMA) return missing_comma(p, first);
        return missing_comma(p, elts.items[elts.len - 1]);
    }
    advance(p);
    mn_ast_expr *t = new_expr(p, MN_AST_TUPLE, pos_here(p, open));
    if (!t) return NULL;
    t->v.list.elts = SEQ(mn_ast_expr_seq, elts);
    t->v.list.ctx = MN_AST_LOAD;
    t->parenthesized = 1;
    t->outer = t->pos;
    return t;
}

static mn_ast_expr *list_atom(parser *p) {
    mn_token *open = advance(p);
    vec elts = {0};
    if (!at(p, MN_TOK_RSQB)) {
        mn_ast_expr *first = star_named_expression(p);
        if (!first) return NULL;
        if (at(p, MN_TOK_FOR) || (at(p, MN_TOK_ASYNC) && peek(p, 1)->type == MN_TOK_FOR)) {
            mn_ast_comprehension_seq gens;
            if (first->kind == MN_AST_STARRED)
                return error_at_expr(p, first, "iterable unpacking cannot be used in comprehension");
            if (!comprehension_tail(p, &gens)) return NULL;
            if (!at(p, MN_TOK_RSQB)) return missing_comma(p, NULL);
            advance(p);
            mn_ast_expr *g = new_expr(p, MN_AST_LIST_COMP, pos_here(p, open));
            if (!g) return NULL;
            g->v.comp.elt = first;
            g->v.comp.generators = gens;
            return g;
        }
        if (!vpush(p, &elts, first)) return NULL;
        while (accept(p, MN_TOK_COMMA)) {
            if (at(p, MN_TOK_RSQB)) break;
            mn_ast_expr *e = star_named_expression(p);
            if (!e || !vpush(p, &elts, e)) return NULL;
        }
        if (!at(p, MN_TOK_RSQB)) {
            if (at(p, MN_TOK_FOR) && elts.len > 1)
                return error_range(p, first->pos.lineno, first->pos.col_offset,
                                   ((mn_ast_expr *)elts.items[elts.len - 1])->pos.end_lineno,
                                   ((mn_ast_expr *)elts.items[elts.len - 1])->pos.end_col_offset,
                                   "did you forget parentheses around the comprehension target?");
            return missing_comma(p, elts.items[elts.len - 1]);
        }
    }
    advance(p);
    mn_ast_expr *l = new_expr(p, MN_AST_LIST, pos_here(p, open));
    if (!l) return NULL;
    l->v.list.elts = SEQ(mn_ast_expr_seq, elts);
    l->v.list.ctx = MN_AST_LOAD;
    return l;
}

/* '{' ... '}': dict, set, and their comprehensions */
static mn_ast_expr *brace_atom(parser *p) {
    mn_token *open = advance(p);
    vec keys = {0}, values = {0};
    if (accept(p, MN_TOK_RBRACE)) return new_expr(p, MN_AST_DICT, pos_here(p, open));
    mn_ast_expr *k = NULL, *v;
    if (accept(p, MN_TOK_DOUBLESTAR)) {
        v = bitwise_or(p);
        if (!v) return NULL;
    } else {
        k = star_named_expression(p);
        if (!k) return NULL;
        if (k->kind == MN_AST_STARRED || !accept(p, MN_TOK_COLON)) {
            /* a set */
            vec elts = {0};
            if (at(p, MN_TOK_FOR) || (at(p, MN_TOK_ASYNC) && peek(p, 1)->type == MN_TOK_FOR)) {
                mn_ast_comprehension_seq gens;
                if (k->kind == MN_AST_STARRED)
                    return error_at_expr(p, k, "iterable unpacking cannot be used in comprehension");
                if (!comprehension_tail(p, &gens)) return NULL;
                if (!at(p, MN_TOK_RBRACE)) return missing_comma(p, NULL);
                advance(p);
                mn_ast_expr *g = new_expr(p, MN_AST_SET_COMP, pos_here(p, open));
                if (!g) return NULL;
                g->v.comp.elt = k;
                g->v.comp.generators = gens;
                return g;
            }
            if (!vpush(p, &elts, k)) return NULL;
            while (accept(p, MN_TOK_COMMA)) {
                if (at(p, MN_TOK_RBRACE)) break;
                mn_ast_expr *e = star_named_expression(p);
                if (!e || !vpush(p, &elts, e)) return NULL;
            }
            if (!at(p, MN_TOK_RBRACE)) return missing_comma(p, elts.items[elts.len - 1]);
            advance(p);
            mn_ast_expr *s = new_expr(p, MN_AST_SET, pos_here(p, open));
            if (s) s->v.set.elts = SEQ(mn_ast_expr_seq, elts);
            return s;
        }
        v = expression(p);
        if (!v) return NULL;
        if (at(p, MN_TOK_FOR) || (at(p, MN_TOK_ASYNC) && peek(p, 1)->type == MN_TOK_FOR)) {
            mn_ast_comprehension_seq gens;
            if (!comprehension_tail(p, &gens)) return NULL;
            if (!at(p, MN_TOK_RBRACE)) return missing_comma(p, NULL);
            advance(p);
            mn_ast_expr *g = new_expr(p, MN_AST_DICT_COMP, pos_here(p, open));
            if (!g) return NULL;
            g->v.dict_comp.key = k;
            g->v.dict_comp.value = v;
            g->v.dict_comp.generators = gens;
            return g;
        }
    }
    if (!vpush(p, &keys, k) || !vpush(p, &values, v)) return NULL;
    while (accept(p, MN_TOK_COMMA)) {
        if (at(p, MN_TOK_RBRACE)) break;
        if (accept(p, MN_TOK_DOUBLESTAR)) {
            k = NULL;
            if (!(v = bitwise_or(p))) return NULL;
        } else {
            if (!(k = expression(p))) return NULL;
            if (!at(p, MN_TOK_COLON)) {
                if (at(p, MN_TOK_COMMA) || at(p, MN_TOK_RBRACE))
                    return error_at_expr(p, k, "':' expected after dictionary key");
                return missing_comma(p, k);
            }
            advance(p);
            if (!(v = expression(p))) return NULL;
        }
        if (!vpush(p, &keys, k) || !vpush(p, &values, v)) return NULL;
    }
    if (!at(p, MN_TOK_RBRACE)) return missing_comma(p, values.items[values.len - 1]);
    advance(p);
    mn_ast_expr *d = new_expr(p, MN_AST_DICT, pos_here(p, open));
    if (!d) return NULL;
    d->v.dict.keys = SEQ(mn_ast_expr_seq, keys);
    d->v.dict.values = SEQ(mn_ast_expr_seq, values);
    return d;
}

static mn_ast_expr *atom(parser *p) {
    mn_token *t = cur(p);
    mn_ast_expr *r;
    switch (t->type) {
    case MN_TOK_NAME: advance(p); return name_expr(p, t, MN_AST_LOAD);
    case MN_TOK_TRUE: advance(p); return make_const(p, t, MN_CONST_TRUE);
    case MN_TOK_FALSE: advance(p); return make_const(p, t, MN_CONST_FALSE);
    case MN_TOK_NONE: advance(p); return make_const(p, t, MN_CONST_NONE);
    case MN_TOK_ELLIPSIS: advance(p); return make_const(p, t, MN_CONST_ELLIPSIS);
    case MN_TOK_NUMBER: advance(p); return number(p, t);
    case MN_TOK_STRING: return strings(p);
    case MN_TOK_LPAR: case MN_TOK_LSQB: case MN_TOK_LBRACE:
        if (!enter(p)) return NULL;
        r = t->type == MN_TOK_LPAR ? paren_atom(p) : t->type == MN_TOK_LSQB ? list_atom(p) : brace_atom(p);
        LEAVE(p, r);
    default:
        return fail(p);
    }
}

/* slice: [expression] ':' [expression] [':' [expression]] | named_expression */
static mn_ast_expr *slice(parser *p) {
    mn_token *start = cur(p);
    mn_ast_expr *lower = NULL, *upper = NULL, *step = NULL;
    if (!at(p, MN_TOK_COLON)) {
        if (at(p, MN_TOK_STAR)) return star_named_expression(p);
        lower = named_expression(p);
        if (!lower) return NULL;
        if (!at(p, MN_TOK_COLON)) return lower;
        if (lower->kind == MN_AST_NAMED_EXPR && !lower->parenthesized) return fail(p);
    }
    advance(p);
    if (!at(p, MN_TOK_COLON) && !at(p, MN_TOK_COMMA) && !at(p, MN_TOK_RSQB)) {
        if (!(upper = expression(p))) return NULL;
    }
    if (accept(p, MN_TOK_COLON)) {
        if (!at(p, MN_TOK_COMMA) && !at(p, MN_TOK_RSQB)) {
            if (!(step = expression(p))) return NULL;
        }
    }
    mn_ast_expr *s = new_expr(p, MN_AST_SLICE, pos_here(p, start));
    if (!s) return NULL;
    s->v.slice.lower = lower;
    s->v.slice.upper = upper;
    s->v.slice.step = step;
    return s;
}

static mn_ast_expr *subscript_tail(parser *p, mn_ast_expr *value) {
    mn_token *open = advance(p);
    if (!enter(p)) return NULL;
    mn_ast_expr *first = slice(p);
    if (!first) LEAVE(p, NULL);
    mn_ast_expr *idx = first;
    if (at(p, MN_TOK_COMMA) || first->kind == MN_AST_STARRED) {
        vec elts = {0};
        if (!vpush(p, &elts, first)) LEAVE(p, NULL);
        while (accept(p, MN_TOK_COMMA)) {
            if (at(p, MN_TOK_RSQB)) break;
            mn_ast_expr *e = slice(p);
            if (!e || !vpush(p, &elts, e)) LEAVE(p, NULL);
        }
        idx = new_expr(p, MN_AST_TUPLE, pos_join(span(first), prev(p)->type == MN_TOK_COMMA
                                                                 ? pos_from(prev(p), prev(p))
                                                                 : span(elts.items[elts.len - 1])));
        if (!idx) LEAVE(p, NULL);
        idx->v.list.elts = SEQ(mn_ast_expr_seq, elts);
        idx->v.list.ctx = MN_AST_LOAD;
    }
    if (!at(p, MN_TOK_RSQB)) LEAVE(p, missing_comma(p, idx->kind == MN_AST_TUPLE ? NULL : idx));
    advance(p);
    (void)open;
    mn_ast_expr *s = new_expr(p, MN_AST_SUBSCRIPT, pos_join(span(value), pos_from(prev(p), prev(p))));
    if (!s) LEAVE(p, NULL);
    s->v.subscript.value = value;
    s->v.subscript.slice = idx;
    s->v.subscript.ctx = MN_AST_LOAD;
    LEAVE(p, s);
}

/* '(' arguments ')' after a callee */
static mn_ast_expr *call_tail(parser *p, mn_ast_expr *func) {
    mn_token *open = advance(p);
    vec args = {0}, kws = {0};
    int seen_kw = 0, seen_dstar = 0;
    if (!enter(p)) return NULL;
    while (!at(p, MN_TOK_RPAR)) {
        mn_token *s = cur(p);
        if (accept(p, MN_TOK_DOUBLESTAR)) {
            mn_ast_expr *v = expression(p);
            if (!v) LEAVE(p, NULL);
            mn_ast_keyword *k = alloc(p, sizeof *k);
            if (!k) LEAVE(p, NULL);
            k->pos = pos_tok_to_expr(s, v);
            k->value = v;
            if (!vpush(p, &kws, k)) LEAVE(p, NULL);
            seen_dstar = 1;
        } else if (accept(p, MN_TOK_STAR)) {
            mn_ast_expr *v = expression(p);
            if (!v) LEAVE(p, NULL);
            if (seen_dstar) LEAVE(p, error_range(p, s->lineno, s->col_offset, v->pos.end_lineno, v->pos.end_col_offset,
                                                 "iterable argument unpacking follows keyword argument unpacking"));
            mn_ast_expr *st = new_expr(p, MN_AST_STARRED, pos_tok_to_expr(s, v));
            if (!st) LEAVE(p, NULL);
            st->v.starred.value = v;
            st->v.starred.ctx = MN_AST_LOAD;
            if (!vpush(p, &args, st)) LEAVE(p, NULL);
        } else if (s->type == MN_TOK_NAME && peek(p, 1)->type == MN_TOK_EQUAL) {
            advance(p);
            advance(p);
            mn_ast_expr *v = expression(p);
            if (!v) LEAVE(p, NULL);
            mn_ast_keyword *k = alloc(p, sizeof *k);
            if (!k) LEAVE(p, NULL);
            k->pos = pos_tok_to_expr(s, v);
            k->arg = ident(p, s);
            k->value = v;
            if (!vpush(p, &kws, k)) LEAVE(p, NULL);
            seen_kw = 1;
        } else {
            mn_ast_expr *e;
            if (s->type == MN_TOK_NAME && peek(p, 1)->type == MN_TOK_COLONEQUAL) {
                e = named_expression(p);
            } else {
                e = expression(p);
            }
            if (!e) LEAVE(p, NULL);
            if (at(p, MN_TOK_EQUAL)) {
                mn_token *eq = advance(p);
                if (is_keyword_const(e))
                    LEAVE(p, error_at_expr(p, e, "cannot assign to %s", mn_ast_expr_name(e)));
                mn_ast_expr *v = expression(p);
                (void)eq;
                if (!v) { p->err->kind = MN_ERR_NONE; v = e; }
                LEAVE(p, error_range(p, e->pos.lineno, e->pos.col_offset, v->pos.end_lineno, v->pos.end_col_offset,
                                     "expression cannot contain assignment, perhaps you meant \"==\"?"));
            }
            if (at(p, MN_TOK_FOR) || (at(p, MN_TOK_ASYNC) && peek(p, 1)->type == MN_TOK_FOR)) {
                mn_ast_comprehension_seq gens;
                if (!comprehension_tail(p, &gens)) LEAVE(p, NULL);
                if (args.len || kws.len || !at(p, MN_TOK_RPAR)) {
                    mn_token *last = prev(p);
                    LEAVE(p, error_range(p, e->pos.lineno, e->pos.col_offset, last->end_lineno, last->end_col_offset,
                                         "Generator expression must be parenthesized"));
                }
                advance(p);
                mn_ast_expr *g = new_expr(p, MN_AST_GENERATOR_EXP, pos_here(p, open));
                if (!g) LEAVE(p, NULL);
                g->v.comp.elt = e;
                g->v.comp.generators = gens;
                if (!vpush(p, &args, g)) LEAVE(p, NULL);
                goto done;
            }
            if (seen_kw || seen_dstar)
                LEAVE(p, error_at_tok(p, cur(p), seen_dstar ? "positional argument follows keyword argument unpacking"
                                                        : "positional argument follows keyword argument"));
            if (!vpush(p, &args, e)) LEAVE(p, NULL);
        }
        if (!accept(p, MN_TOK_COMMA)) {
            if (at(p, MN_TOK_RPAR)) break;
            mn_ast_expr *last = NULL;
            if (args.len && !kws.len) last = args.items[args.len - 1];
            else if (kws.len) last = ((mn_ast_keyword *)kws.items[kws.len - 1])->value;
            if (at(p, MN_TOK_FOR) && args.len > 0 && last == args.items[args.len - 1] && last->kind == MN_AST_STARRED)
                LEAVE(p, fail(p));
            LEAVE(p, missing_comma(p, last));
        }
        if (at(p, MN_TOK_FOR) || at(p, MN_TOK_ASYNC)) {
            /* f(a, b for b in c) */
            mn_ast_expr *last = args.len ? args.items[args.len - 1] : NULL;
            if (last) {
                mn_ast_comprehension_seq gens;
                if (comprehension_tail(p, &gens)) {
                    mn_token *lt = prev(p);
                    LEAVE(p, error_range(p, last->pos.lineno, last->pos.col_offset, lt->end_lineno, lt->end_col_offset,
                                         "Generator expression must be parenthesized"));
                }
                LEAVE(p, NULL);
            }
        }
    }
    advance(p);
done:;
    mn_ast_expr *c = new_expr(p, MN_AST_CALL, pos_join(span(func), pos_from(prev(p), prev(p))));
    if (!c) LEAVE(p, NULL);
    c->v.call.func = func;
    c->v.call.args = SEQ(mn_ast_expr_seq, args);
    c->v.call.keywords = SEQ(mn_ast_keyword_seq, kws);
    LEAVE(p, c);
}

static mn_ast_expr *primary(parser *p) {
    mn_ast_expr *e = atom(p);
    while (e) {
        if (at(p, MN_TOK_DOT)) {
            advance(p);
            mn_token *n = cur(p);
            if (n->type != MN_TOK_NAME) return fail(p);
            advance(p);
            mn_ast_expr *a = new_expr(p, MN_AST_ATTRIBUTE, pos_join(span(e), pos_from(n, n)));
            if (!a) return NULL;
            a->v.attribute.value = e;
            a->v.attribute.attr = ident(p, n);
            a->v.attribute.ctx = MN_AST_LOAD;
            e = a;
        } else if (at(p, MN_TOK_LPAR)) {
            e = call_tail(p, e);
        } else if (at(p, MN_TOK_LSQB)) {
            e = subscript_tail(p, e);
        } else {
            break;
        }
    }
    return e;
}

/* ---- operators -------------------------------------------------------- */

static mn_ast_expr *factor(parser *p);

static mn_ast_expr *binop(parser *p, mn_ast_expr *l, mn_ast_operator op, mn_ast_expr *r) {
    mn_ast_expr *e = new_expr(p, MN_AST_BIN_OP, pos_join(span(l), span(r)));
    if (!e) return NULL;
    e->v.bin_op.left = l;
    e->v.bin_op.op = op;
    e->v.bin_op.right = r;
    return e;
}

/* power: await_primary ['**' factor] — right-associative via factor */
static mn_ast_expr *power(parser *p) {
    mn_token *t = cur(p);
    mn_ast_expr *e;
    if (t->type == MN_TOK_AWAIT) {
        advance(p);
        if (!enter(p)) return NULL;
        mn_ast_expr *v = primary(p);
        p->depth--;
        if (!v) return NULL;
        e = new_expr(p, MN_AST_AWAIT, pos_tok_to_expr(t, v));
        if (!e) return NULL;
        e->v.await.value = v;
    } else {
        e = primary(p);
    }
    if (!e || !at(p, MN_TOK_DOUBLESTAR)) return e;
    advance(p);
    if (!enter(p)) return NULL;
    mn_ast_expr *r = factor(p);
    p->depth--;
    return r ? binop(p, e, MN_AST_POW, r) : NULL;
}

static mn_ast_expr *factor(parser *p) {
    mn_token *t = cur(p);
    mn_ast_unaryop op;
    switch (t->type) {
    case MN_TOK_PLUS: op = MN_AST_UADD; break;
    case MN_TOK_MINUS: op = MN_AST_USUB; break;
    case MN_TOK_TILDE: op = MN_AST_INVERT; break;
    default: return power(p);
    }
    advance(p);
    if (!enter(p)) return NULL;
    mn_ast_expr *v = factor(p);
    p->depth--;
    if (!v) return NULL;
    mn_ast_expr *e = new_expr(p, MN_AST_UNARY_OP, pos_tok_to_expr(t, v));
    if (!e) return NULL;
    e->v.unary_op.op = op;
    e->v.unary_op.operand = v;
    return e;
}

/* Binary levels, loosest first: '|', '^', '&', shifts, '+ -', '* / // % @' */
static mn_ast_operator binop_at_level(mn_token_type t, int level) {
    switch (level) {
    case 0: return t == MN_TOK_VBAR ? MN_AST_BITOR : 0;
    case 1: return t == MN_TOK_CIRCUMFLEX ? MN_AST_BITXOR : 0;
    case 2: return t == MN_TOK_AMPER ? MN_AST_BITAND : 0;
    case 3: return t == MN_TOK_LEFTSHIFT ? MN_AST_LSHIFT : t == MN_TOK_RIGHTSHIFT ? MN_AST_RSHIFT : 0;
    case 4: return t == MN_TOK_PLUS ? MN_AST_ADD : t == MN_TOK_MINUS ? MN_AST_SUB : 0;
    default:
        switch (t) {
        case MN_TOK_STAR: return MN_AST_MULT;
        case MN_TOK_SLASH: return MN_AST_DIV;
        case MN_TOK_DOUBLESLASH: return MN_AST_FLOORDIV;
        case MN_TOK_PERCENT: return MN_AST_MOD;
        case MN_TOK_AT: return MN_AST_MATMULT;
        default: return 0;
        }
    }
}

static mn_ast_expr *binary_level(parser *p, int level) {
    mn_ast_expr *l = level == 5 ? factor(p) : binary_level(p, level + 1);
    mn_ast_operator op;
    int chain = 0;
    while (l && (op = binop_at_level(cur(p)->type, level)) != 0) {
        /* a left-leaning chain is as deep as a nested one for whoever walks
         * the tree recursively (dump, compiler): bound it too */
        if (++chain > MAX_CHAIN) return error_at_tok(p, cur(p), "expression too complex");
        advance(p);
        mn_ast_expr *r = level == 5 ? factor(p) : binary_level(p, level + 1);
        if (!r) return NULL;
        l = binop(p, l, op, r);
    }
    return l;
}
static mn_ast_expr *bitwise_or(parser *p) { return binary_level(p, 0); }

static int compare_op(parser *p, mn_ast_cmpop *op) {
    switch (cur(p)->type) {
    case MN_TOK_EQEQUAL: *op = MN_AST_EQ; break;
    case MN_TOK_NOTEQUAL: *op = MN_AST_NOTEQ; break;
    case MN_TOK_LESS: *op = MN_AST_LT; break;
    case MN_TOK_LESSEQUAL: *op = MN_AST_LTE; break;
    case MN_TOK_GREATER: *op = MN_AST_GT; break;
    case MN_TOK_GREATEREQUAL: *op = MN_AST_GTE; break;
    case MN_TOK_IN: *op = MN_AST_IN; break;
    case MN_TOK_NOT:
        if (peek(p, 1)->type != MN_TOK_IN) return 0;
        advance(p);
        *op = MN_AST_NOTIN;
        break;
    case MN_TOK_IS:
        if (peek(p, 1)->type == MN_TOK_NOT) { advance(p); *op = MN_AST_ISNOT; }
        else *op = MN_AST_IS;
        break;
    default: return 0;
    }
    advance(p);
    return 1;
}

static mn_ast_expr *comparison(parser *p) {
    mn_ast_expr *l = bitwise_or(p);
    if (!l) return NULL;
    vec ops = {0}, cmps = {0};
    mn_ast_cmpop op;
    while (compare_op(p, &op)) {
        mn_ast_expr *r = bitwise_or(p);
        if (!r || !vpush(p, &ops, (void *)(size_t)op) || !vpush(p, &cmps, r)) return NULL;
    }
    if (!cmps.len) return l;
    mn_ast_expr *e = new_expr(p, MN_AST_COMPARE, pos_join(span(l), span(cmps.items[cmps.len - 1])));
    mn_ast_cmpop *opv = alloc(p, sizeof(mn_ast_cmpop) * (size_t)ops.len);
    if (!e || !opv) return NULL;
    for (int i = 0; i < ops.len; i++) opv[i] = (mn_ast_cmpop)(size_t)ops.items[i];
    e->v.compare.left = l;
    e->v.compare.ops.len = ops.len;
    e->v.compare.ops.items = opv;
    e->v.compare.comparators = SEQ(mn_ast_expr_seq, cmps);
    return e;
}

static mn_ast_expr *inversion(parser *p) {
    mn_token *t = cur(p);
    if (t->type != MN_TOK_NOT) return comparison(p);
    advance(p);
    if (!enter(p)) return NULL;
    mn_ast_expr *v = inversion(p);
    p->depth--;
    if (!v) return NULL;
    mn_ast_expr *e = new_expr(p, MN_AST_UNARY_OP, pos_tok_to_expr(t, v));
    if (!e) return NULL;
    e->v.unary_op.op = MN_AST_NOT;
    e->v.unary_op.operand = v;
    return e;
}

static mn_ast_expr *boolop(parser *p, mn_token_type tt, mn_ast_boolop op, mn_ast_expr *(*sub)(parser *)) {
    mn_ast_expr *first = sub(p);
    if (!first || !at(p, tt)) return first;
    vec vals = {0};
    if (!vpush(p, &vals, first)) return NULL;
    while (accept(p, tt)) {
        mn_ast_expr *e = sub(p);
        if (!e || !vpush(p, &vals, e)) return NULL;
    }
    mn_ast_expr *e = new_expr(p, MN_AST_BOOL_OP, pos_join(span(first), span(vals.items[vals.len - 1])));
    if (!e) return NULL;
    e->v.bool_op.op = op;
    e->v.bool_op.values = SEQ(mn_ast_expr_seq, vals);
    return e;
}
static mn_ast_expr *conjunction(parser *p) { return boolop(p, MN_TOK_AND, MN_AST_AND, inversion); }
static mn_ast_expr *disjunction(parser *p) { return boolop(p, MN_TOK_OR, MN_AST_OR, conjunction); }

static mn_ast_expr *lambdef(parser *p) {
    mn_token *t = advance(p);
    mn_ast_arguments *args = parameters(p, 1);
    if (!args || !expect(p, MN_TOK_COLON)) return NULL;
    mn_ast_expr *body = expression(p);
    if (!body) return NULL;
    mn_ast_expr *e = new_expr(p, MN_AST_LAMBDA, pos_tok_to_expr(t, body));
    if (!e) return NULL;
    e->v.lambda.args = args;
    e->v.lambda.body = body;
    return e;
}

/* expression: disjunction ['if' disjunction 'else' expression] | lambdef */
static mn_ast_expr *expression(parser *p) {
    if (!enter(p)) return NULL;
    if (at(p, MN_TOK_LAMBDA)) LEAVE(p, lambdef(p));
    mn_ast_expr *body = disjunction(p);
    if (!body || !at(p, MN_TOK_IF)) LEAVE(p, body);
    advance(p);
    mn_ast_expr *test = disjunction(p);
    if (!test) LEAVE(p, NULL);
    if (!accept(p, MN_TOK_ELSE))
        LEAVE(p, error_range(p, body->pos.lineno, body->pos.col_offset, test->pos.end_lineno,
                             test->pos.end_col_offset, "expected 'else' after 'if' expression"));
    mn_ast_expr *orelse = expression(p);
    if (!orelse) LEAVE(p, NULL);
    mn_ast_expr *e = new_expr(p, MN_AST_IF_EXP, pos_join(span(body), span(orelse)));
    if (!e) LEAVE(p, NULL);
    e->v.if_exp.test = test;
    e->v.if_exp.body = body;
    e->v.if_exp.orelse = orelse;
    LEAVE(p, e);
}

/* named_expression: NAME ':=' expression | expression !':=' */
static mn_ast_expr *named_expression(parser *p) {
    mn_token *t = cur(p);
    if (t->type == MN_TOK_NAME && peek(p, 1)->type == MN_TOK_COLONEQUAL) {
        advance(p);
        advance(p);
        mn_ast_expr *v = expression(p);
        if (!v) return NULL;
        mn_ast_expr *target = name_expr(p, t, MN_AST_STORE);
        mn_ast_expr *e = new_expr(p, MN_AST_NAMED_EXPR, pos_tok_to_expr(t, v));
        if (!e || !target) return NULL;
        e->v.named_expr.target = target;
        e->v.named_expr.value = v;
        return e;
    }
    mn_ast_expr *e = expression(p);
    if (!e) return NULL;
    if (at(p, MN_TOK_COLONEQUAL))
        return error_at_expr(p, e, "cannot use assignment expressions with %s", mn_ast_expr_name(e));
    if (at(p, MN_TOK_EQUAL)) return stray_equal(p, e);
    return e;
}

static mn_ast_expr *starred(parser *p) {
    mn_token *t = advance(p);
    mn_ast_expr *v = bitwise_or(p);
    if (!v) return NULL;
    mn_ast_expr *e = new_expr(p, MN_AST_STARRED, pos_tok_to_expr(t, v));
    if (!e) return NULL;
    e->v.starred.value = v;
    e->v.starred.ctx = MN_AST_LOAD;
    return e;
}

static mn_ast_expr *star_named_expression(parser *p) {
    return at(p, MN_TOK_STAR) ? starred(p) : named_expression(p);
}
static mn_ast_expr *star_expression(parser *p) {
    return at(p, MN_TOK_STAR) ? starred(p) : expression(p);
}

/* a, b, *c  -> Tuple (a trailing comma is included in the position) */
static mn_ast_expr *tuple_of(parser *p, mn_ast_expr *first, mn_ast_expr *(*elem)(parser *),
                             int (*stop)(parser *)) {
    if (!at(p, MN_TOK_COMMA)) return first;
    vec elts = {0};
    if (!vpush(p, &elts, first)) return NULL;
    while (accept(p, MN_TOK_COMMA)) {
        if (stop(p)) break;
        mn_ast_expr *e = elem(p);
        if (!e || !vpush(p, &elts, e)) return NULL;
    }
    mn_ast_expr *t = new_expr(p, MN_AST_TUPLE, pos_join(span(first), pos_from(prev(p), prev(p))));
    if (!t) return NULL;
    t->v.list.elts = SEQ(mn_ast_expr_seq, elts);
    t->v.list.ctx = MN_AST_LOAD;
    return t;
}

static int ends_expr_list(parser *p) {
    return !can_start_expression(cur(p)->type) && !at(p, MN_TOK_STAR);
}

static mn_ast_expr *star_expressions(parser *p) {
    mn_ast_expr *first = star_expression(p);
    return first ? tuple_of(p, first, star_expression, ends_expr_list) : NULL;
}

static mn_ast_expr *yield_expr(parser *p) {
    mn_token *t = advance(p);
    mn_ast_expr *e;
    if (accept(p, MN_TOK_FROM)) {
        mn_ast_expr *v = expression(p);
        if (!v) return NULL;
        e = new_expr(p, MN_AST_YIELD_FROM, pos_tok_to_expr(t, v));
        if (e) e->v.yield_from.value = v;
        return e;
    }
    mn_ast_expr *v = NULL;
    if (!ends_expr_list(p) && !(v = star_expressions(p))) return NULL;
    e = new_expr(p, MN_AST_YIELD, v ? pos_tok_to_expr(t, v) : pos_from(t, t));
    if (e) e->v.yield.value = v;
    return e;
}

static mn_ast_expr *yield_or_star_expressions(parser *p) {
    return at(p, MN_TOK_YIELD) ? yield_expr(p) : star_expressions(p);
}

/* target lists of `for` and comprehensions: star_targets, stopping at 'in' */
static mn_ast_expr *star_target_elem(parser *p) {
    return at(p, MN_TOK_STAR) ? starred(p) : bitwise_or(p);
}
static int ends_target_list(parser *p) { return at(p, MN_TOK_IN) || ends_expr_list(p); }
static mn_ast_expr *star_targets(parser *p) {
    mn_ast_expr *first = star_target_elem(p);
    if (!first) return NULL;
    mn_ast_expr *t = tuple_of(p, first, star_target_elem, ends_target_list);
    if (t && !store_target(p, t)) return NULL;
    return t;
}

/* ('async'? 'for' star_targets 'in' disjunction ('if' disjunction)*)+ */
static mn_ast_expr *comprehension_tail(parser *p, mn_ast_comprehension_seq *out) {
    vec gens = {0};
    while (at(p, MN_TOK_FOR) || (at(p, MN_TOK_ASYNC) && peek(p, 1)->type == MN_TOK_FOR)) {
        mn_ast_comprehension *c = alloc(p, sizeof *c);
        if (!c) return NULL;
        if (accept(p, MN_TOK_ASYNC)) c->is_async = 1;
        advance(p);
        if (!(c->target = star_targets(p))) return NULL;
        if (!expect(p, MN_TOK_IN)) return NULL;
        if (!(c->iter = disjunction(p))) return NULL;
        vec ifs = {0};
        while (accept(p, MN_TOK_IF)) {
            mn_ast_expr *e = disjunction(p);
            if (!e || !vpush(p, &ifs, e)) return NULL;
        }
        c->ifs = SEQ(mn_ast_expr_seq, ifs);
        if (!vpush(p, &gens, c)) return NULL;
    }
    *out = SEQ(mn_ast_comprehension_seq, gens);
    return (mn_ast_expr *)out; /* any non-NULL */
}

/* ---- parameters (def and lambda) -------------------------------------- */

static mn_ast_arg *param(parser *p, int lambda) {
    mn_token *n = cur(p);
    if (n->type != MN_TOK_NAME) return fail(p);
    advance(p);
    mn_ast_arg *a = alloc(p, sizeof *a);
    if (!a) return NULL;
    a->arg = ident(p, n);
    a->pos = pos_from(n, n);
    if (!lambda && accept(p, MN_TOK_COLON)) {
        mn_ast_expr *ann = at(p, MN_TOK_STAR) ? starred(p) : expression(p);
        if (!ann) return NULL;
        a->annotation = ann;
        a->pos = pos_tok_to_expr(n, ann);
    }
    return a;
}

static mn_ast_arguments *parameters(parser *p, int lambda) {
    mn_token_type end = lambda ? MN_TOK_COLON : MN_TOK_RPAR;
    mn_ast_arguments *a = alloc(p, sizeof *a);
    if (!a) return NULL;
    vec posonly = {0}, args = {0}, kwonly = {0}, kwdefaults = {0}, defaults = {0};
    int seen_star = 0, seen_slash = 0, need_kwonly = 0;
    mn_token *star_tok = NULL;
    while (!at(p, end)) {
        mn_token *t = cur(p);
        if (a->kwarg) return error_at_tok(p, t, "arguments cannot follow var-keyword argument");
        if (accept(p, MN_TOK_SLASH)) {
            if (seen_slash) return error_at_tok(p, t, "/ may appear only once");
            if (seen_star) return error_at_tok(p, t, "/ must be ahead of *");
            if (!args.len) return error_at_tok(p, t, "at least one argument must precede /");
            seen_slash = 1;
            posonly = args;
            args = (vec){0};
        } else if (accept(p, MN_TOK_STAR)) {
            if (seen_star) return error_at_tok(p, t, "* argument may appear only once");
            seen_star = 1;
            star_tok = t;
            if (at(p, MN_TOK_COMMA) || at(p, end)) {
                need_kwonly = 1;
            } else {
                if (!(a->vararg = param(p, lambda))) return NULL;
                if (at(p, MN_TOK_EQUAL))
                    return error_at_tok(p, cur(p), "var-positional argument cannot have default value");
            }
        } else if (accept(p, MN_TOK_DOUBLESTAR)) {
            if (!(a->kwarg = param(p, lambda))) return NULL;
            if (at(p, MN_TOK_EQUAL))
                return error_at_tok(p, cur(p), "var-keyword argument cannot have default value");
        } else {
            mn_ast_arg *x = param(p, lambda);
            if (!x) return NULL;
            mn_ast_expr *def = NULL;
            if (accept(p, MN_TOK_EQUAL) && !(def = expression(p))) return NULL;
            if (seen_star) {
                need_kwonly = 0;
                if (!vpush(p, &kwonly, x) || !vpush(p, &kwdefaults, def)) return NULL;
            } else {
                if (def) {
                    if (!vpush(p, &defaults, def)) return NULL;
                } else if (defaults.len) {
                    return error_range(p, x->pos.lineno, x->pos.col_offset, x->pos.end_lineno, x->pos.end_col_offset,
                                       "non-default argument follows default argument");
                }
                if (!vpush(p, &args, x)) return NULL;
            }
        }
        if (!accept(p, MN_TOK_COMMA)) break;
    }
    if (need_kwonly) {
        if (at(p, end) && star_tok)
            return error_at_tok(p, star_tok, "named arguments must follow bare *");
    }
    if (!at(p, end)) {
        if (!lambda && at(p, MN_TOK_NEWLINE)) return fail(p);
        return fail(p);
    }
    a->posonlyargs = SEQ(mn_ast_arg_seq, posonly);
    a->args = SEQ(mn_ast_arg_seq, args);
    a->kwonlyargs = SEQ(mn_ast_arg_seq, kwonly);
    a->kw_defaults = SEQ(mn_ast_expr_seq, kwdefaults);
    a->defaults = SEQ(mn_ast_expr_seq, defaults);
    return a;
}

/* ---- strings and f-strings -------------------------------------------- */

typedef struct { char *buf; size_t len, cap; } strbuf;

static int sb_put(parser *p, strbuf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *nb = alloc(p, cap);
        if (!nb) return 0;
        if (b->len) memcpy(nb, b->buf, b->len);
        b->buf = nb;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = 0;
    return 1;
}

/* UTF-8 encode, allowing lone surrogates (as CPython's str can hold them). */
static int sb_put_cp(parser *p, strbuf *b, unsigned cp) {
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return sb_put(p, b, u, n);
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decode the escape starting at s[i] == '\\' (s = literal body, n = its
 * length); appends to b and returns the index after it, or -1 on error. */
static long decode_escape(parser *p, mn_token *t, const char *s, size_t n, size_t i, int bytes, strbuf *b) {
    size_t start = i++;
    if (i >= n) return sb_put(p, b, "\\", 1) ? (long)i : -1;
    char c = s[i++];
    unsigned v;
    switch (c) {
    case '\n': return (long)i;
    case '\\': return sb_put(p, b, "\\", 1) ? (long)i : -1;
    case '\'': return sb_put(p, b, "'", 1) ? (long)i : -1;
    case '"': return sb_put(p, b, "\"", 1) ? (long)i : -1;
    case 'a': return sb_put(p, b, "\a", 1) ? (long)i : -1;
    case 'b': return sb_put(p, b, "\b", 1) ? (long)i : -1;
    case 'f': return sb_put(p, b, "\f", 1) ? (long)i : -1;
    case 'n': return sb_put(p, b, "\n", 1) ? (long)i : -1;
    case 'r': return sb_put(p, b, "\r", 1) ? (long)i : -1;
    case 't': return sb_put(p, b, "\t", 1) ? (long)i : -1;
    case 'v': return sb_put(p, b, "\v", 1) ? (long)i : -1;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        v = (unsigned)(c - '0');
        for (int k = 0; k < 2 && i < n && s[i] >= '0' && s[i] <= '7'; k++) v = v * 8 + (unsigned)(s[i++] - '0');
        if (bytes) { char ch = (char)(v & 0xFF); return sb_put(p, b, &ch, 1) ? (long)i : -1; }
        return sb_put_cp(p, b, v) ? (long)i : -1;
    case 'x': case 'u': case 'U': {
        if (bytes && c != 'x') break;
        int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        v = 0;
        for (int k = 0; k < digits; k++) {
            int h = i < n ? hexval((unsigned char)s[i]) : -1;
            if (h < 0) {
                if (bytes)
                    error_range(p, t->end_lineno, t->end_col_offset, 0, 0,
                                "(value error) invalid \\x escape at position %zu", start);
                else
                    error_range(p, t->end_lineno, t->end_col_offset, 0, 0,
                                "(unicode error) 'unicodeescape' codec can't decode bytes in position %zu-%zu: truncated \\%s escape",
                                start, i - 1, c == 'x' ? "xXX" : c == 'u' ? "uXXXX" : "UXXXXXXXX");
                return -1;
            }
            v = v * 16 + (unsigned)h;
            i++;
        }
        if (bytes) { char ch = (char)v; return sb_put(p, b, &ch, 1) ? (long)i : -1; }
        if (v > 0x10FFFF) {
            error_range(p, t->end_lineno, t->end_col_offset, 0, 0,
                        "(unicode error) 'unicodeescape' codec can't decode bytes in position %zu-%zu: illegal Unicode character",
                        start, i - 1);
            return -1;
        }
        return sb_put_cp(p, b, v) ? (long)i : -1;
    }
    case 'N': {
        if (bytes) break;
        /* utf8proc has no character-name table: \N{...} is not supported */
        size_t e = i;
        if (e < n && s[e] == '{') {
            while (e < n && s[e] != '}') e++;
        }
        error_range(p, t->end_lineno, t->end_col_offset, 0, 0,
                    "(unicode error) 'unicodeescape' codec can't decode bytes in position %zu-%zu: %s",
                    start, e < n ? e : n - 1, e < n && s[i] == '{' ? "unknown Unicode character name" : "malformed \\N character escape");
        return -1;
    }
    default:
        break;
    }
    /* unknown escape: kept verbatim (CPython warns) */
    return sb_put(p, b, s + start, i - start) ? (long)i : -1;
}

/* Append literal text s[0..n) with escapes (unless raw) to b. `fmt`: treat
 * "{{" / "}}" as escaped braces (f-string literal parts). */
static int decode_literal(parser *p, mn_token *t, const char *s, size_t n, int raw, int bytes, strbuf *b) {
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && (raw || s[j] != '\\')) j++;
        if (j > i && !sb_put(p, b, s + i, j - i)) return 0;
        if (j >= n) break;
        long r = decode_escape(p, t, s, n, j, bytes, b);
        if (r < 0) return 0;
        i = (size_t)r;
    }
    return 1;
}

typedef struct {
    vec parts;          /* Constant / FormattedValue, for the JoinedStr */
    strbuf lit;         /* pending literal text */
    int has_lit;
} fparts;

static int flush_literal(parser *p, fparts *f, mn_ast_pos pos) {
    if (!f->has_lit || f->lit.len == 0) { f->has_lit = 0; f->lit.len = 0; return 1; }
    mn_ast_expr *c = new_expr(p, MN_AST_CONSTANT, pos);
    if (!c) return 0;
    c->v.constant.value.kind = MN_CONST_STR;
    c->v.constant.value.data = mn_ast_arena_strdup(p->arena, f->lit.buf, f->lit.len);
    c->v.constant.value.len = f->lit.len;
    f->lit = (strbuf){0};
    f->has_lit = 0;
    return vpush(p, &f->parts, c);
}

static void *fstring_error(parser *p, mn_token *t, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void *fstring_error(parser *p, mn_token *t, const char *fmt, ...) {
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return error_range(p, t->end_lineno, t->end_col_offset, 0, 0, "%s", msg);
}

/* Position (line, line start) of byte offset `off` of the source. */
static void locate(parser *p, mn_token *t, size_t off, int *lineno, size_t *line_start) {
    int l = t->lineno;
    size_t ls = (size_t)(t->start - p->src) - (size_t)t->col_offset;
    for (size_t k = (size_t)(t->start - p->src); k < off; k++)
        if (p->src[k] == '\n') { l++; ls = k + 1; }
    *lineno = l;
    *line_start = ls;
}

static mn_ast_expr *parse_fstring_expr(parser *p, mn_token *t, size_t start, size_t end);

/* Parse f-string body text s[*i..n) into f->parts, stopping at an unmatched
 * '}' when `spec` (format spec of depth `spec`). */
static int fstring_body(parser *p, mn_token *t, size_t *pi, int raw, int spec, fparts *f, mn_ast_pos pos) {
    const char *s = t->body;
    size_t n = t->body_len, i = *pi;
    while (i < n) {
        char c = s[i];
        if (c == '{' && i + 1 < n && s[i + 1] == '{' && !spec) {
            if (!sb_put(p, &f->lit, "{", 1)) return 0;
            f->has_lit = 1;
            i += 2;
            continue;
        }
        if (c == '}') {
            if (spec) break;
            if (i + 1 < n && s[i + 1] == '}') {
                if (!sb_put(p, &f->lit, "}", 1)) return 0;
                f->has_lit = 1;
                i += 2;
                continue;
            }
            fstring_error(p, t, "f-string: single '}' is not allowed");
            return 0;
        }
        if (c != '{') {
            size_t j = i;
            while (j < n && s[j] != '{' && s[j] != '}') {
                if (s[j] == '\\' && !raw && j + 1 < n) {
                    /* \N{...} consumes its braces */
                    if (s[j + 1] == 'N' && j + 2 < n && s[j + 2] == '{') {
                        j += 3;
                        while (j < n && s[j] != '}') j++;
                        if (j < n) j++;
                        continue;
                    }
                    j += 2;
                    continue;
                }
                j++;
            }
            if (!decode_literal(p, t, s + i, j - i, raw, 0, &f->lit)) return 0;
            f->has_lit = 1;
            i = j;
            continue;
        }
        /* replacement field */
        if (spec >= 2) { fstring_error(p, t, "f-string: expressions nested too deeply"); return 0; }
        i++;
        size_t es = i;
        int depth = 0;
        char parens[MN_MAX_PAREN_LEVEL]; /* open brackets, for CPython's messages */
        char quote = 0;
        size_t ee = 0;
        for (; i < n; i++) {
            char d = s[i];
            if (d == '\\') { fstring_error(p, t, "f-string expression part cannot include a backslash"); return 0; }
            if (quote) {
                if (d == quote) quote = 0;
                continue;
            }
            if (d == '\'' || d == '"') { quote = d; continue; }
            if (d == '#') { fstring_error(p, t, "f-string expression part cannot include '#'"); return 0; }
            if (d == '(' || d == '[' || d == '{') {
                if (depth >= MN_MAX_PAREN_LEVEL) { fstring_error(p, t, "f-string: too many nested parenthesis"); return 0; }
                parens[depth++] = d;
                continue;
            }
            if (d == ')' || d == ']' || (d == '}' && depth > 0)) {
                if (!depth) { fstring_error(p, t, "f-string: unmatched '%c'", d); return 0; }
                char o = parens[--depth];
                if ((o == '(' && d != ')') || (o == '[' && d != ']') || (o == '{' && d != '}')) {
                    fstring_error(p, t, "f-string: closing parenthesis '%c' does not match opening parenthesis '%c'", d, o);
                    return 0;
                }
                continue;
            }
            if (depth > 0) continue;
            if (d == '}' || d == ':') break;
            if (d == '!' && i + 1 < n && s[i + 1] == '=') { i++; continue; }
            if (d == '!') break;
            if (d == '=' && i + 1 < n && s[i + 1] == '=') { i++; continue; }
            if (d == '=' && i > es && strchr("=!<>", s[i - 1])) continue;
            if (d == '=') break;
        }
        if (quote) { fstring_error(p, t, "f-string: unterminated string"); return 0; }
        if (depth) { fstring_error(p, t, "f-string: unmatched '%c'", parens[depth - 1]); return 0; }
        if (i >= n) { fstring_error(p, t, "f-string: expecting '}'"); return 0; }
        ee = i;
        int blank = 1;
        for (size_t k = es; k < ee; k++)
            if (s[k] != ' ' && s[k] != '\t' && s[k] != '\n' && s[k] != '\r' && s[k] != '\f') blank = 0;
        if (blank) {
            if (s[i] == '!' || s[i] == ':' || s[i] == '=')
                fstring_error(p, t, "f-string: expression required before '%c'", s[i]);
            else
                fstring_error(p, t, "f-string: empty expression not allowed");
            return 0;
        }
        mn_ast_expr *value = parse_fstring_expr(p, t, (size_t)(s - p->src) + es, (size_t)(s - p->src) + ee);
        if (!value) return 0;
        int conversion = -1, selfdoc = 0;
        mn_ast_expr *format_spec = NULL;
        if (s[i] == '=') {
            i++;
            while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) i++;
            if (!sb_put(p, &f->lit, s + es, i - es)) return 0;
            f->has_lit = 1;
            selfdoc = 1;
        }
        if (i < n && s[i] == '!') {
            i++;
            if (i >= n) { fstring_error(p, t, "f-string: expecting '}'"); return 0; }
            char cv = s[i];
            if (cv == '}' || cv == ':') { fstring_error(p, t, "f-string: invalid conversion character: expected 's', 'r', or 'a'"); return 0; }
            if (cv != 's' && cv != 'r' && cv != 'a') {
                fstring_error(p, t, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
                return 0;
            }
            conversion = cv;
            i++;
        }
        if (i < n && s[i] == ':') {
            i++;
            fparts sub = {0};
            if (!fstring_body(p, t, &i, raw, spec + 1, &sub, pos)) return 0;
            if (!flush_literal(p, &sub, pos)) return 0;
            format_spec = new_expr(p, MN_AST_JOINED_STR, pos);
            if (!format_spec) return 0;
            format_spec->v.joined_str.values = SEQ(mn_ast_expr_seq, sub.parts);
        }
        if (i >= n || s[i] != '}') { fstring_error(p, t, "f-string: expecting '}'"); return 0; }
        i++;
        if (selfdoc && conversion == -1 && !format_spec) conversion = 'r';
        if (!flush_literal(p, f, pos)) return 0;
        mn_ast_expr *fv = new_expr(p, MN_AST_FORMATTED_VALUE, pos);
        if (!fv) return 0;
        fv->v.formatted_value.value = value;
        fv->v.formatted_value.conversion = conversion;
        fv->v.formatted_value.format_spec = format_spec;
        if (!vpush(p, &f->parts, fv)) return 0;
    }
    *pi = i;
    return 1;
}

/* One or more adjacent STRING tokens -> Constant or JoinedStr. */
static mn_ast_expr *strings(parser *p) {
    mn_token *first = cur(p);
    int bytes = first->str_flags & MN_STR_BYTES, any_f = 0;
    int n = 0;
    while (peek(p, n)->type == MN_TOK_STRING) {
        mn_token *t = peek(p, n);
        if (!!(t->str_flags & MN_STR_BYTES) != !!bytes) {
            p->pos += n + 1;
            while (at(p, MN_TOK_STRING)) advance(p);
            return error_at_tok(p, cur(p), "cannot mix bytes and nonbytes literals");
        }
        if (t->str_flags & MN_STR_FSTRING) any_f = 1;
        n++;
    }
    mn_token *last = peek(p, n - 1);
    mn_ast_pos pos = pos_from(first, last);
    fparts f = {0};
    for (int k = 0; k < n; k++) {
        mn_token *t = peek(p, k);
        int raw = t->str_flags & MN_STR_RAW;
        if (bytes) {
            for (size_t i = 0; i < t->body_len; i++)
                if ((unsigned char)t->body[i] >= 0x80)
                    return error_range(p, t->lineno, t->col_offset, t->end_lineno, t->end_col_offset,
                                       "bytes can only contain ASCII literal characters");
        }
        if (t->str_flags & MN_STR_FSTRING) {
            size_t i = 0;
            if (!enter(p)) return NULL;
            int ok = fstring_body(p, t, &i, raw, 0, &f, pos);
            p->depth--;
            if (!ok) return NULL;
        } else {
            if (!decode_literal(p, t, t->body, t->body_len, raw, bytes, &f.lit)) return NULL;
            f.has_lit = 1;
        }
    }
    p->pos += n;
    if (!any_f) {
        mn_ast_expr *c = new_expr(p, MN_AST_CONSTANT, pos);
        if (!c) return NULL;
        c->v.constant.value.kind = bytes ? MN_CONST_BYTES : MN_CONST_STR;
        c->v.constant.value.data = mn_ast_arena_strdup(p->arena, f.lit.buf ? f.lit.buf : "", f.lit.len);
        c->v.constant.value.len = f.lit.len;
        if (first->str_flags & MN_STR_UNICODE) c->v.constant.kind = "u";
        return c;
    }
    if (!flush_literal(p, &f, pos)) return NULL;
    mn_ast_expr *j = new_expr(p, MN_AST_JOINED_STR, pos);
    if (j) j->v.joined_str.values = SEQ(mn_ast_expr_seq, f.parts);
    return j;
}

/* ---- statements ------------------------------------------------------- */

static mn_ast_stmt *simple_stmt(parser *p);
static mn_ast_stmt *compound_stmt(parser *p);

static int is_compound_start(parser *p) {
    switch (cur(p)->type) {
    case MN_TOK_IF: case MN_TOK_WHILE: case MN_TOK_FOR: case MN_TOK_TRY: case MN_TOK_WITH:
    case MN_TOK_DEF: case MN_TOK_CLASS: case MN_TOK_AT:
        return 1;
    case MN_TOK_ASYNC: {
        mn_token_type n = peek(p, 1)->type;
        return n == MN_TOK_DEF || n == MN_TOK_FOR || n == MN_TOK_WITH;
    }
    default:
        return 0;
    }
}

/* simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE */
static int simple_stmts(parser *p, vec *out) {
    for (;;) {
        mn_ast_stmt *s = simple_stmt(p);
        if (!s || !vpush(p, out, s)) return 0;
        if (accept(p, MN_TOK_SEMI)) {
            if (at(p, MN_TOK_NEWLINE)) break;
            continue;
        }
        break;
    }
    if (!accept(p, MN_TOK_NEWLINE)) { fail(p); return 0; }
    return 1;
}

static int statement(parser *p, vec *out) {
    if (at(p, MN_TOK_ASYNC) && !is_compound_start(p)) {
        advance(p);
        fail(p);
        return 0;
    }
    if (is_compound_start(p)) {
        mn_ast_stmt *s = compound_stmt(p);
        return s && vpush(p, out, s);
    }
    return simple_stmts(p, out);
}

static const char *dotted_name(parser *p) {
    strbuf b = {0};
    mn_token *t = cur(p);
    if (t->type != MN_TOK_NAME) return fail(p);
    for (;;) {
        t = advance(p);
        const char *id = ident(p, t);
        if (!id || !sb_put(p, &b, id, strlen(id))) return NULL;
        if (!(at(p, MN_TOK_DOT) && peek(p, 1)->type == MN_TOK_NAME)) break;
        advance(p);
        if (!sb_put(p, &b, ".", 1)) return NULL;
    }
    if (at(p, MN_TOK_DOT)) { advance(p); return fail(p); }
    return b.buf;
}

static mn_ast_alias *alias_(parser *p, int dotted) {
    mn_token *s = cur(p);
    mn_ast_alias *a = alloc(p, sizeof *a);
    if (!a) return NULL;
    if (dotted) {
        if (!(a->name = dotted_name(p))) return NULL;
    } else {
        if (s->type != MN_TOK_NAME) return fail(p);
        a->name = ident(p, advance(p));
    }
    if (accept(p, MN_TOK_AS)) {
        if (!at(p, MN_TOK_NAME)) return fail(p);
        a->asname = ident(p, advance(p));
    }
    a->pos = pos_here(p, s);
    return a;
}

static mn_ast_stmt *import_stmt(parser *p) {
    mn_token *s = cur(p);
    vec names = {0};
    if (accept(p, MN_TOK_IMPORT)) {
        do {
            mn_ast_alias *a = alias_(p, 1);
            if (!a || !vpush(p, &names, a)) return NULL;
        } while (accept(p, MN_TOK_COMMA));
        mn_ast_stmt *st = new_stmt(p, MN_AST_IMPORT, pos_here(p, s));
        if (st) st->v.import.names = SEQ(mn_ast_alias_seq, names);
        return st;
    }
    advance(p); /* from */
    int level = 0;
    for (;;) {
        if (accept(p, MN_TOK_DOT)) level++;
        else if (accept(p, MN_TOK_ELLIPSIS)) level += 3;
        else break;
    }
    const char *module = NULL;
    if (!at(p, MN_TOK_IMPORT) || level == 0) {
        if (!(module = dotted_name(p))) return NULL;
    }
    if (!expect(p, MN_TOK_IMPORT)) return NULL;
    if (at(p, MN_TOK_STAR)) {
        mn_token *st = advance(p);
        mn_ast_alias *a = alloc(p, sizeof *a);
        if (!a) return NULL;
        a->name = "*";
        a->pos = pos_from(st, st);
        if (!vpush(p, &names, a)) return NULL;
    } else if (accept(p, MN_TOK_LPAR)) {
        do {
            if (at(p, MN_TOK_RPAR) && names.len) break;
            mn_ast_alias *a = alias_(p, 0);
            if (!a || !vpush(p, &names, a)) return NULL;
        } while (accept(p, MN_TOK_COMMA));
        if (!expect(p, MN_TOK_RPAR)) return NULL;
    } else {
        for (;;) {
            mn_ast_alias *a = alias_(p, 0);
            if (!a || !vpush(p, &names, a)) return NULL;
            if (!accept(p, MN_TOK_COMMA)) break;
            if (at(p, MN_TOK_NEWLINE) || at(p, MN_TOK_SEMI))
                return error_at_tok(p, cur(p), "trailing comma not allowed without surrounding parentheses");
        }
    }
    mn_ast_stmt *st = new_stmt(p, MN_AST_IMPORT_FROM, pos_here(p, s));
    if (!st) return NULL;
    st->v.import_from.module = module;
    st->v.import_from.names = SEQ(mn_ast_alias_seq, names);
    st->v.import_from.level = level;
    return st;
}

static mn_ast_operator augassign_op(mn_token_type t) {
    switch (t) {
    case MN_TOK_PLUSEQUAL: return MN_AST_ADD;
    case MN_TOK_MINEQUAL: return MN_AST_SUB;
    case MN_TOK_STAREQUAL: return MN_AST_MULT;
    case MN_TOK_ATEQUAL: return MN_AST_MATMULT;
    case MN_TOK_SLASHEQUAL: return MN_AST_DIV;
    case MN_TOK_PERCENTEQUAL: return MN_AST_MOD;
    case MN_TOK_AMPEREQUAL: return MN_AST_BITAND;
    case MN_TOK_VBAREQUAL: return MN_AST_BITOR;
    case MN_TOK_CIRCUMFLEXEQUAL: return MN_AST_BITXOR;
    case MN_TOK_LEFTSHIFTEQUAL: return MN_AST_LSHIFT;
    case MN_TOK_RIGHTSHIFTEQUAL: return MN_AST_RSHIFT;
    case MN_TOK_DOUBLESTAREQUAL: return MN_AST_POW;
    case MN_TOK_DOUBLESLASHEQUAL: return MN_AST_FLOORDIV;
    default: return 0;
    }
}

/* Validate the targets of `t0 = t1 = ... = value` (see CPython's
 * invalid_assignment / invalid_named_expression rules). */
/* The leftmost bitwise_or operand of e, or NULL if e starts otherwise. */
static mn_ast_expr *leading_operand(mn_ast_expr *e) {
    while (e && !is_bitwise_or_level(e)) {
        switch (e->kind) {
        case MN_AST_TUPLE: e = e->v.list.elts.len ? e->v.list.elts.items[0] : NULL; break;
        case MN_AST_IF_EXP: e = e->v.if_exp.body; break;
        case MN_AST_COMPARE: e = e->v.compare.left; break;
        case MN_AST_BOOL_OP: e = e->v.bool_op.values.items[0]; break;
        default: return NULL;
        }
    }
    return e;
}

static int assign_targets(parser *p, vec *targets, mn_ast_expr *value) {
    mn_ast_expr *t0 = targets->items[0];
    if (targets->len >= 2 && t0->kind == MN_AST_NAME && !t0->parenthesized) {
        mn_ast_expr *t1 = targets->items[1];
        mn_ast_expr *lead = is_bitwise_or_level(t1) ? NULL : leading_operand(t1);
        int t1_bad = set_context(t1, MN_AST_STORE) != NULL;
        if (lead && t1_bad) {
            error_range(p, t0->pos.lineno, t0->pos.col_offset, lead->pos.end_lineno, lead->pos.end_col_offset,
                        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
            return 0;
        }
    }
    for (int k = 0; k < targets->len; k++) {
        mn_ast_expr *t = targets->items[k];
        mn_ast_expr *bad = set_context(t, MN_AST_STORE);
        if (!bad) continue;
        if ((t->kind == MN_AST_YIELD || t->kind == MN_AST_YIELD_FROM) && !t->parenthesized) {
            error_at_expr(p, t, "assignment to yield expression not possible");
            return 0;
        }
        mn_ast_expr *x = t, *v = value;
        if (x->kind == MN_AST_TUPLE && !x->parenthesized && x->v.list.elts.len)
            x = x->v.list.elts.items[x->v.list.elts.len - 1];
        if (v->kind == MN_AST_TUPLE && !v->parenthesized && v->v.list.elts.len) v = v->v.list.elts.items[0];
        if (k == 0 && targets->len == 1 && is_bitwise_or_level(v) && is_bitwise_or_level(x) &&
            x->kind != MN_AST_LIST && x->kind != MN_AST_TUPLE && x->kind != MN_AST_GENERATOR_EXP &&
            !is_keyword_const(x)) {
            if (x->kind == MN_AST_NAME && !x->parenthesized)
                error_range(p, x->pos.lineno, x->pos.col_offset, v->pos.end_lineno, v->pos.end_col_offset,
                            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
            else
                error_at_expr(p, x, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                              mn_ast_expr_name(x));
            return 0;
        }
        error_at_expr(p, bad, "cannot assign to %s", mn_ast_expr_name(bad));
        return 0;
    }
    return 1;
}

static mn_ast_stmt *expr_or_assign(parser *p) {
    mn_token *s = cur(p);
    mn_ast_expr *e = yield_or_star_expressions(p);
    if (!e) return NULL;
    if (at(p, MN_TOK_COLON)) {
        mn_token *colon = cur(p);
        if (e->kind == MN_AST_TUPLE || e->kind == MN_AST_LIST)
            return error_at_expr(p, e->kind == MN_AST_TUPLE && !e->parenthesized ? e->v.list.elts.items[0] : e,
                                 "only single target (not %s) can be annotated",
                                 e->kind == MN_AST_TUPLE ? "tuple" : "list");
        if (e->kind != MN_AST_NAME && e->kind != MN_AST_ATTRIBUTE && e->kind != MN_AST_SUBSCRIPT)
            return error_at_expr(p, e, "illegal target for annotation");
        advance(p);
        (void)colon;
        set_context(e, MN_AST_STORE);
        mn_ast_expr *ann = expression(p), *value = NULL;
        if (!ann) return NULL;
        if (accept(p, MN_TOK_EQUAL) && !(value = yield_or_star_expressions(p))) return NULL;
        mn_ast_stmt *st = new_stmt(p, MN_AST_ANN_ASSIGN, pos_here(p, s));
        if (!st) return NULL;
        st->v.ann_assign.target = e;
        st->v.ann_assign.annotation = ann;
        st->v.ann_assign.value = value;
        st->v.ann_assign.simple = e->kind == MN_AST_NAME && !e->parenthesized;
        return st;
    }
    mn_ast_operator aug = augassign_op(cur(p)->type);
    if (aug) {
        if (e->kind != MN_AST_NAME && e->kind != MN_AST_ATTRIBUTE && e->kind != MN_AST_SUBSCRIPT)
            return error_at_expr(p, e, "'%s' is an illegal expression for augmented assignment",
                                 mn_ast_expr_name(e));
        advance(p);
        set_context(e, MN_AST_STORE);
        mn_ast_expr *value = yield_or_star_expressions(p);
        if (!value) return NULL;
        mn_ast_stmt *st = new_stmt(p, MN_AST_AUG_ASSIGN, pos_here(p, s));
        if (!st) return NULL;
        st->v.aug_assign.target = e;
        st->v.aug_assign.op = aug;
        st->v.aug_assign.value = value;
        return st;
    }
    if (at(p, MN_TOK_EQUAL)) {
        vec targets = {0};
        while (accept(p, MN_TOK_EQUAL)) {
            if (!vpush(p, &targets, e)) return NULL;
            if (!(e = yield_or_star_expressions(p))) return NULL;
        }
        if (!assign_targets(p, &targets, e)) return NULL;
        mn_ast_stmt *st = new_stmt(p, MN_AST_ASSIGN, pos_here(p, s));
        if (!st) return NULL;
        st->v.assign.targets = SEQ(mn_ast_expr_seq, targets);
        st->v.assign.value = e;
        return st;
    }
    mn_ast_stmt *st = new_stmt(p, MN_AST_EXPR, span(e));
    if (st) st->v.expr_stmt.value = e;
    return st;
}

static mn_ast_stmt *simple_stmt(parser *p) {
    mn_token *s = cur(p);
    mn_ast_stmt *st;
    switch (s->type) {
    case MN_TOK_PASS: advance(p); return new_stmt(p, MN_AST_PASS, pos_from(s, s));
    case MN_TOK_BREAK: advance(p); return new_stmt(p, MN_AST_BREAK, pos_from(s, s));
    case MN_TOK_CONTINUE: advance(p); return new_stmt(p, MN_AST_CONTINUE, pos_from(s, s));
    case MN_TOK_RETURN: {
        advance(p);
        mn_ast_expr *v = NULL;
        if (!ends_expr_list(p) && !(v = star_expressions(p))) return NULL;
        st = new_stmt(p, MN_AST_RETURN, pos_here(p, s));
        if (st) st->v.return_.value = v;
        return st;
    }
    case MN_TOK_RAISE: {
        advance(p);
        mn_ast_expr *exc = NULL, *cause = NULL;
        if (!ends_expr_list(p)) {
            if (!(exc = expression(p))) return NULL;
            if (accept(p, MN_TOK_FROM) && !(cause = expression(p))) return NULL;
        }
        st = new_stmt(p, MN_AST_RAISE, pos_here(p, s));
        if (st) { st->v.raise.exc = exc; st->v.raise.cause = cause; }
        return st;
    }
    case MN_TOK_GLOBAL: case MN_TOK_NONLOCAL: {
        advance(p);
        vec names = {0};
        do {
            if (!at(p, MN_TOK_NAME)) return fail(p);
            if (!vpush(p, &names, (void *)ident(p, advance(p)))) return NULL;
        } while (accept(p, MN_TOK_COMMA));
        st = new_stmt(p, s->type == MN_TOK_GLOBAL ? MN_AST_GLOBAL : MN_AST_NONLOCAL, pos_here(p, s));
        if (st) st->v.global.names = SEQ(mn_ast_identifier_seq, names);
        return st;
    }
    case MN_TOK_DEL: {
        advance(p);
        vec targets = {0};
        do {
            if (at(p, MN_TOK_NEWLINE) || at(p, MN_TOK_SEMI)) {
                if (targets.len) break;
                return fail(p);
            }
            mn_ast_expr *t = star_target_elem(p);
            if (!t) return NULL;
            mn_ast_expr *bad = set_context(t, MN_AST_DEL);
            if (bad) return error_at_expr(p, bad, "cannot delete %s", mn_ast_expr_name(bad));
            if (!vpush(p, &targets, t)) return NULL;
        } while (accept(p, MN_TOK_COMMA));
        if (!at(p, MN_TOK_NEWLINE) && !at(p, MN_TOK_SEMI)) return fail(p);
        st = new_stmt(p, MN_AST_DELETE, pos_here(p, s));
        if (st) st->v.delete_.targets = SEQ(mn_ast_expr_seq, targets);
        return st;
    }
    case MN_TOK_ASSERT: {
        advance(p);
        mn_ast_expr *test = expression(p), *msg = NULL;
        if (!test) return NULL;
        if (accept(p, MN_TOK_COMMA) && !(msg = expression(p))) return NULL;
        st = new_stmt(p, MN_AST_ASSERT, pos_here(p, s));
        if (st) { st->v.assert_.test = test; st->v.assert_.msg = msg; }
        return st;
    }
    case MN_TOK_IMPORT: case MN_TOK_FROM:
        return import_stmt(p);
    case MN_TOK_INDENT: case MN_TOK_DEDENT: case MN_TOK_ERROR:
        return fail(p);
    default: {
        st = expr_or_assign(p);
        if (st && !at(p, MN_TOK_NEWLINE) && !at(p, MN_TOK_SEMI)) {
            /* `print "x"` and friends */
            if (st->kind == MN_AST_EXPR && st->v.expr_stmt.value->kind == MN_AST_NAME &&
                can_start_expression(cur(p)->type) && cur(p)->type != MN_TOK_LPAR) {
                const char *id = st->v.expr_stmt.value->v.name.id;
                if (strcmp(id, "print") == 0 || strcmp(id, "exec") == 0) {
                    int save = p->pos;
                    mn_ast_expr *arg = star_expressions(p);
                    if (arg) {
                        return error_range(p, s->lineno, s->col_offset, arg->pos.end_lineno, arg->pos.end_col_offset,
                                           "Missing parentheses in call to '%s'. Did you mean %s(...)?", id, id);
                    }
                    rollback(p, save);
                }
            }
            if (st->kind == MN_AST_EXPR && (is_name(p, "match") || is_name(p, "case")) && 0) return NULL;
            return fail(p);
        }
        return st;
    }
    }
}

/* ---- compound statements ---------------------------------------------- */

static mn_ast_pos stmt_end(mn_ast_pos start, mn_ast_stmt_seq body) {
    return pos_join(start, body.items[body.len - 1]->pos);
}

/* The ':' of a block header: "expected ':'" when the line just ends. */
static int expect_colon(parser *p) {
    if (accept(p, MN_TOK_COLON)) return 1;
    if (at(p, MN_TOK_NEWLINE)) error_at_tok(p, cur(p), "expected ':'");
    else fail(p);
    return 0;
}

/* block: NEWLINE INDENT statements DEDENT | simple_stmts */
static mn_ast_stmt_seq block(parser *p, mn_token *kw, const char *what, int *ok) {
    mn_ast_stmt_seq none = {0, NULL};
    vec body = {0};
    *ok = 0;
    if (!accept(p, MN_TOK_NEWLINE)) {
        if (!simple_stmts(p, &body)) return none;
        *ok = 1;
        return SEQ(mn_ast_stmt_seq, body);
    }
    if (!at(p, MN_TOK_INDENT)) {
        if (at(p, MN_TOK_ERROR)) { fail(p); return none; }
        int k = 0;
        while (peek(p, k)->type == MN_TOK_DEDENT) k++;
        mn_token *t = peek(p, k);
        int eof = t->type == MN_TOK_ENDMARKER;
        if (eof) t = prev(p);
        mn_syntax_error_set(p->err, p->src, p->len, MN_ERR_INDENTATION, t->lineno, t->col_offset, t->end_lineno,
                            t->end_col_offset, "expected an indented block after %s on line %d", what, kw->lineno);
        if (eof) p->err->incomplete = 1;
        return none;
    }
    advance(p);
    while (!at(p, MN_TOK_DEDENT)) {
        if (at(p, MN_TOK_ENDMARKER)) break;
        if (!statement(p, &body)) return none;
    }
    accept(p, MN_TOK_DEDENT);
    *ok = 1;
    return SEQ(mn_ast_stmt_seq, body);
}

static mn_ast_stmt *if_stmt(parser *p, int elif) {
    mn_token *kw = advance(p);
    int ok;
    mn_ast_expr *test = named_expression(p);
    if (!test || !expect_colon(p)) return NULL;
    mn_ast_stmt_seq body = block(p, kw, elif ? "'elif' statement" : "'if' statement", &ok);
    if (!ok) return NULL;
    mn_ast_stmt *st = new_stmt(p, MN_AST_IF, stmt_end(pos_from(kw, kw), body));
    if (!st) return NULL;
    st->v.if_.test = test;
    st->v.if_.body = body;
    if (at(p, MN_TOK_ELIF)) {
        mn_ast_stmt *e = if_stmt(p, 1);
        if (!e) return NULL;
        mn_ast_stmt **one = alloc(p, sizeof *one);
        if (!one) return NULL;
        one[0] = e;
        st->v.if_.orelse = (mn_ast_stmt_seq){1, one};
        st->pos = pos_join(st->pos, e->pos);
    } else if (at(p, MN_TOK_ELSE)) {
        mn_token *ek = advance(p);
        if (!expect_colon(p)) return NULL;
        st->v.if_.orelse = block(p, ek, "'else' statement", &ok);
        if (!ok) return NULL;
        st->pos = stmt_end(st->pos, st->v.if_.orelse);
    }
    return st;
}

/* optional `else:` block of while/for/try */
static int else_block(parser *p, mn_ast_stmt *st, mn_ast_stmt_seq *orelse) {
    if (!at(p, MN_TOK_ELSE)) return 1;
    mn_token *ek = advance(p);
    int ok;
    if (!expect_colon(p)) return 0;
    *orelse = block(p, ek, "'else' statement", &ok);
    if (ok) st->pos = stmt_end(st->pos, *orelse);
    return ok;
}

static mn_ast_stmt *while_stmt(parser *p) {
    mn_token *kw = advance(p);
    int ok;
    mn_ast_expr *test = named_expression(p);
    if (!test || !expect_colon(p)) return NULL;
    mn_ast_stmt_seq body = block(p, kw, "'while' statement", &ok);
    if (!ok) return NULL;
    mn_ast_stmt *st = new_stmt(p, MN_AST_WHILE, stmt_end(pos_from(kw, kw), body));
    if (!st) return NULL;
    st->v.while_.test = test;
    st->v.while_.body = body;
    return else_block(p, st, &st->v.while_.orelse) ? st : NULL;
}

static mn_ast_stmt *for_stmt(parser *p, mn_token *start) {
    mn_token *kw = advance(p);
    int ok;
    mn_ast_expr *target = star_targets(p);
    if (!target) return NULL;
    if (!expect(p, MN_TOK_IN)) return NULL;
    mn_ast_expr *iter = star_expressions(p);
    if (!iter || !expect_colon(p)) return NULL;
    mn_ast_stmt_seq body = block(p, kw, "'for' statement", &ok);
    if (!ok) return NULL;
    mn_ast_stmt *st = new_stmt(p, start->type == MN_TOK_ASYNC ? MN_AST_ASYNC_FOR : MN_AST_FOR,
                               stmt_end(pos_from(start, start), body));
    if (!st) return NULL;
    st->v.for_.target = target;
    st->v.for_.iter = iter;
    st->v.for_.body = body;
    return else_block(p, st, &st->v.for_.orelse) ? st : NULL;
}

/* with_item: expression ['as' star_target] */
static mn_ast_withitem *with_item(parser *p) {
    mn_ast_withitem *w = alloc(p, sizeof *w);
    if (!w || !(w->context_expr = expression(p))) return NULL;
    if (accept(p, MN_TOK_AS)) {
        mn_ast_expr *t = star_target_elem(p);
        if (!t) return NULL;
        if (!at(p, MN_TOK_COMMA) && !at(p, MN_TOK_RPAR) && !at(p, MN_TOK_COLON)) return fail(p);
        if (!store_target(p, t)) return NULL;
        w->optional_vars = t;
    }
    return w;
}

static mn_ast_stmt *with_stmt(parser *p, mn_token *start) {
    mn_token *kw = advance(p);
    vec items = {0};
    int ok, done = 0;
    if (at(p, MN_TOK_LPAR)) {
        /* try the parenthesized form `with (a as b, c):` first */
        int save = p->pos;
        advance(p);
        for (;;) {
            mn_ast_withitem *w = with_item(p);
            if (!w || !vpush(p, &items, w)) break;
            if (!accept(p, MN_TOK_COMMA)) break;
            if (at(p, MN_TOK_RPAR)) break;
        }
        if (!failed(p) && accept(p, MN_TOK_RPAR) && at(p, MN_TOK_COLON)) done = 1;
        else {
            if (p->lexer_failed && failed(p) && p->err->kind == p->lex_err.kind &&
                strcmp(p->err->msg, p->lex_err.msg) == 0)
                return NULL;
            rollback(p, save);
            items = (vec){0};
        }
    }
    if (!done) {
        do {
            mn_ast_withitem *w = with_item(p);
            if (!w || !vpush(p, &items, w)) return NULL;
        } while (accept(p, MN_TOK_COMMA));
    }
    if (!expect_colon(p)) return NULL;
    mn_ast_stmt_seq body = block(p, kw, "'with' statement", &ok);
    if (!ok) return NULL;
    mn_ast_stmt *st = new_stmt(p, start->type == MN_TOK_ASYNC ? MN_AST_ASYNC_WITH : MN_AST_WITH,
                               stmt_end(pos_from(start, start), body));
    if (!st) return NULL;
    st->v.with.items = SEQ(mn_ast_withitem_seq, items);
    st->v.with.body = body;
    return st;
}

static mn_ast_stmt *try_stmt(parser *p) {
    mn_token *kw = advance(p);
    int ok;
    if (!expect_colon(p)) return NULL;
    mn_ast_stmt_seq body = block(p, kw, "'try' statement", &ok);
    if (!ok) return NULL;
    mn_ast_stmt *st = new_stmt(p, MN_AST_TRY, stmt_end(pos_from(kw, kw), body));
    if (!st) return NULL;
    st->v.try_.body = body;
    vec handlers = {0};
    while (at(p, MN_TOK_EXCEPT)) {
        mn_token *ek = advance(p);
        if (at(p, MN_TOK_STAR))
            return error_at_tok(p, cur(p), "except* is not supported yet");
        mn_ast_excepthandler *h = alloc(p, sizeof *h);
        if (!h) return NULL;
        if (!at(p, MN_TOK_COLON)) {
            mn_ast_expr *type = expression(p);
            if (!type) return NULL;
            if (accept(p, MN_TOK_COMMA)) {
                mn_ast_expr *t2 = star_expressions(p);
                (void)t2;
                if (failed(p)) return NULL;
                return error_range(p, type->pos.lineno, type->pos.col_offset, prev(p)->end_lineno,
                                   prev(p)->end_col_offset, "multiple exception types must be parenthesized");
            }
            h->type = type;
            if (accept(p, MN_TOK_AS)) {
                if (!at(p, MN_TOK_NAME)) return fail(p);
                h->name = ident(p, advance(p));
            }
        }
        if (!expect_colon(p)) return NULL;
        h->body = block(p, ek, "'except' statement", &ok);
        if (!ok) return NULL;
        h->pos = stmt_end(pos_from(ek, ek), h->body);
        if (!h->type && at(p, MN_TOK_EXCEPT) && 0) return NULL;
        if (!vpush(p, &handlers, h)) return NULL;
        st->pos = h->pos.end_lineno ? pos_join(st->pos, h->pos) : st->pos;
    }
    st->v.try_.handlers = SEQ(mn_ast_excepthandler_seq, handlers);
    if (handlers.len && !else_block(p, st, &st->v.try_.orelse)) return NULL;
    if (at(p, MN_TOK_FINALLY)) {
        mn_token *fk = advance(p);
        if (!expect_colon(p)) return NULL;
        st->v.try_.finalbody = block(p, fk, "'finally' statement", &ok);
        if (!ok) return NULL;
        st->pos = stmt_end(st->pos, st->v.try_.finalbody);
    } else if (!handlers.len) {
        /* at EOF CPython points after the last line */
        mn_token *t = cur(p);
        int k = 0;
        while (peek(p, k)->type == MN_TOK_DEDENT) k++;
        int at_eof = peek(p, k)->type == MN_TOK_ENDMARKER;
        if (at_eof) {
            int i = p->pos - 1;
            while (i > 0 && tok_at(p, i)->type == MN_TOK_DEDENT) i--;
            t = tok_at(p, i);
        } else {
            t = peek(p, k);
        }
        error_at_tok(p, t, "expected 'except' or 'finally' block");
        if (at_eof)
            p->err->incomplete = 1;   /* the REPL waits for the except clause */
        return NULL;
    }
    return st;
}

static mn_ast_stmt *funcdef(parser *p, mn_token *start, vec *decorators) {
    mn_token *kw = advance(p); /* def */
    int ok;
    if (!at(p, MN_TOK_NAME)) return fail(p);
    const char *name = ident(p, advance(p));
    if (!expect(p, MN_TOK_LPAR)) return NULL;
    mn_ast_arguments *args = parameters(p, 0);
    if (!args || !expect(p, MN_TOK_RPAR)) return NULL;
    mn_ast_expr *returns = NULL;
    if (accept(p, MN_TOK_RARROW) && !(returns = expression(p))) return NULL;
    if (!expect_colon(p)) return NULL;
    mn_ast_stmt_seq body = block(p, kw, "function definition", &ok);
    if (!ok) return NULL;
    mn_ast_stmt *st = new_stmt(p, start->type == MN_TOK_ASYNC ? MN_AST_ASYNC_FUNCTION_DEF : MN_AST_FUNCTION_DEF,
                               stmt_end(pos_from(start, start), body));
    if (!st) return NULL;
    st->v.function_def.name = name;
    st->v.function_def.args = args;
    st->v.function_def.body = body;
    st->v.function_def.decorator_list = SEQ(mn_ast_expr_seq, *decorators);
    st->v.function_def.returns = returns;
    return st;
}

static mn_ast_stmt *classdef(parser *p, vec *decorators) {
    mn_token *kw = advance(p);
    int ok;
    if (!at(p, MN_TOK_NAME)) return fail(p);
    const char *name = ident(p, advance(p));
    mn_ast_expr_seq bases = {0, NULL};
    mn_ast_keyword_seq keywords = {0, NULL};
    if (at(p, MN_TOK_LPAR)) {
        mn_ast_expr fake = {0};
        fake.pos = pos_from(kw, kw);
        mn_ast_expr *c = call_tail(p, &fake);
        if (!c) return NULL;
        bases = c->v.call.args;
        keywords = c->v.call.keywords;
    }
    if (!expect_colon(p)) return NULL;
    mn_ast_stmt_seq body = block(p, kw, "class definition", &ok);
    if (!ok) return NULL;
    mn_ast_stmt *st = new_stmt(p, MN_AST_CLASS_DEF, stmt_end(pos_from(kw, kw), body));
    if (!st) return NULL;
    st->v.class_def.name = name;
    st->v.class_def.bases = bases;
    st->v.class_def.keywords = keywords;
    st->v.class_def.body = body;
    st->v.class_def.decorator_list = SEQ(mn_ast_expr_seq, *decorators);
    return st;
}

static mn_ast_stmt *compound_stmt(parser *p) {
    vec decorators = {0};
    while (at(p, MN_TOK_AT)) {
        advance(p);
        mn_ast_expr *d = named_expression(p);
        if (!d || !vpush(p, &decorators, d)) return NULL;
        if (!expect(p, MN_TOK_NEWLINE)) return NULL;
    }
    mn_token *start = cur(p);
    if (decorators.len) {
        if (at(p, MN_TOK_DEF) || (at(p, MN_TOK_ASYNC) && peek(p, 1)->type == MN_TOK_DEF)) {
            if (at(p, MN_TOK_ASYNC)) advance(p);
            return funcdef(p, start, &decorators);
        }
        if (at(p, MN_TOK_CLASS)) return classdef(p, &decorators);
        return fail(p);
    }
    switch (start->type) {
    case MN_TOK_IF: return if_stmt(p, 0);
    case MN_TOK_WHILE: return while_stmt(p);
    case MN_TOK_FOR: return for_stmt(p, start);
    case MN_TOK_WITH: return with_stmt(p, start);
    case MN_TOK_TRY: return try_stmt(p);
    case MN_TOK_DEF: return funcdef(p, start, &decorators);
    case MN_TOK_CLASS: return classdef(p, &decorators);
    case MN_TOK_ASYNC:
        advance(p);
        if (at(p, MN_TOK_DEF)) return funcdef(p, start, &decorators);
        if (at(p, MN_TOK_FOR)) return for_stmt(p, start);
        return with_stmt(p, start);
    default: return fail(p);
    }
}

/* ---- f-string sub-parser ---------------------------------------------- */

static void parser_init(parser *p, const char *src, size_t len, mn_ast_arena *arena, mn_syntax_error *err) {
    memset(p, 0, sizeof *p);
    p->src = src;
    p->len = len;
    p->arena = arena;
    p->err = err;
}

/* Parse src[start..end) (inside a replacement field of token t) as
 * `yield_expr | star_expressions`, with real source positions. */
static mn_ast_expr *parse_fstring_expr(parser *p, mn_token *t, size_t start, size_t end) {
    parser sub;
    parser_init(&sub, p->src, p->len, p->arena, p->err);
    sub.depth = p->depth;
    sub.fstring = 1;
    int lineno;
    size_t ls;
    locate(p, t, start, &lineno, &ls);
    mn_lexer_init_sub(&sub.lx, p->src, start, end, lineno, ls, &sub.lex_err);
    mn_ast_expr *e = yield_or_star_expressions(&sub);
    if (e && !at(&sub, MN_TOK_ENDMARKER)) e = missing_comma(&sub, e);
    free_tokens(&sub);
    /* CPython 3.11 parses the field as "(expr)", where a lone *x is invalid */
    if (e && e->kind == MN_AST_STARRED)
        e = error_at_expr(p, e, "cannot use starred expression here");
    /* ... and a bare tuple spans the braces */
    if (e && e->kind == MN_AST_TUPLE && !e->parenthesized) {
        int l2;
        size_t ls2;
        locate(p, t, end, &l2, &ls2);
        e->pos.lineno = lineno;
        e->pos.col_offset = (int)(start - ls) - 1;
        e->pos.end_lineno = l2;
        e->pos.end_col_offset = (int)(end - ls2) + 1;
    }
    if (!e && failed(p) && p->err->lineno >= lineno && strncmp(p->err->msg, "f-string", 8) != 0) {
        /* ... and reports errors relative to that string (line 1 = the field) */
        int c0 = mn_char_offset(p->src, p->len, lineno, (int)(start - ls));
        if (p->err->lineno == lineno) p->err->offset -= c0 - 1;
        if (p->err->end_lineno == lineno) p->err->end_offset -= c0 - 1;
        p->err->end_lineno -= lineno - 1;
        p->err->lineno -= lineno - 1;
    }
    if (!e && failed(p) && strncmp(p->err->msg, "f-string", 8) != 0) {
        char msg[sizeof p->err->msg];
        memcpy(msg, p->err->msg, sizeof msg);
        msg[sizeof msg - 11] = 0;
        snprintf(p->err->msg, sizeof p->err->msg, "f-string: %.240s", msg);
    }
    return e;
}

/* ---- entry points ----------------------------------------------------- */

static int check_utf8(const char *src, size_t len, mn_syntax_error *err) {
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)src + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0) {
            int line = 1;
            for (size_t k = 0; k < i; k++) line += src[k] == '\n';
            unsigned char c = (unsigned char)src[i];
            mn_syntax_error_set(err, src, len, MN_ERR_SYNTAX, line, 0, 0, 0,
                                "(unicode error) 'utf-8' codec can't decode byte 0x%02x in position %zu: %s", c, i,
                                (c >= 0x80 && c < 0xC2) || c > 0xF4 ? "invalid start byte" : "invalid continuation byte");
            return 0;
        }
        i += (size_t)n;
    }
    return 1;
}

mn_ast_mod *mn_parse(const char *src, size_t len, const char *filename, mn_parse_mode mode,
                     mn_ast_arena *arena, mn_syntax_error *err) {
    (void)filename;
    memset(err, 0, sizeof *err);
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) { src += 3; len -= 3; }
    if (memchr(src, 0, len)) { /* CPython checks this before tokenizing */
        err->kind = MN_ERR_SYNTAX;
        snprintf(err->msg, sizeof err->msg, "source code string cannot contain null bytes");
        return NULL;
    }
    if (!check_utf8(src, len, err)) return NULL;
    parser p;
    parser_init(&p, src, len, arena, err);
    mn_lexer_init(&p.lx, src, len, &p.lex_err);
    mn_ast_mod *mod = alloc(&p, sizeof *mod);
    vec body = {0};
    if (!mod) goto out;
    if (mode == MN_PARSE_EVAL) {
        mod->kind = MN_AST_EXPRESSION;
        while (accept(&p, MN_TOK_NEWLINE)) {}
        mod->expr_body = star_expressions(&p);
        if (!mod->expr_body) goto fail_;
        while (accept(&p, MN_TOK_NEWLINE)) {}
        if (!at(&p, MN_TOK_ENDMARKER)) { fail(&p); goto fail_; }
    } else if (mode == MN_PARSE_SINGLE) {
        mod->kind = MN_AST_INTERACTIVE;
        if (!at(&p, MN_TOK_ENDMARKER) && !at(&p, MN_TOK_NEWLINE)) {
            if (!statement(&p, &body)) goto fail_;
            mn_token *nl = prev(&p);
            while (at(&p, MN_TOK_NEWLINE) || at(&p, MN_TOK_DEDENT)) advance(&p);
            if (!at(&p, MN_TOK_ENDMARKER)) {
                if (at(&p, MN_TOK_ERROR)) { fail(&p); goto fail_; }
                error_at_tok(&p, nl, "multiple statements found while compiling a single statement");
                goto fail_;
            }
        }
        mod->body = SEQ(mn_ast_stmt_seq, body);
    } else {
        mod->kind = MN_AST_MODULE;
        while (!at(&p, MN_TOK_ENDMARKER)) {
            if (!statement(&p, &body)) goto fail_;
        }
        mod->body = SEQ(mn_ast_stmt_seq, body);
    }
    if (p.oom) goto fail_;
    goto out;
fail_:
    mod = NULL;
    if (err->kind == MN_ERR_NONE) fail(&p);
    prefer_lexer_error(&p);
    if (err->kind == MN_ERR_NONE) { err->kind = MN_ERR_SYNTAX; snprintf(err->msg, sizeof err->msg, "invalid syntax"); }
out:
    free_tokens(&p);
    return mod;
}

const char *mn_source_line(const char *src, size_t len, int lineno, size_t *line_len) {
    if (lineno < 1) return NULL;
    size_t i = 0;
    for (int l = 1; l < lineno; l++) {
        const char *nl = memchr(src + i, '\n', len - i);
        if (!nl) return NULL;
        i = (size_t)(nl - src) + 1;
    }
    if (i > len || (i == len && lineno > 1)) return NULL;
    const char *nl = memchr(src + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - src) : len;
    if (e > i && src[e - 1] == '\r') e--;
    if (line_len) *line_len = e - i;
    return src + i;
}

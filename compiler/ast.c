/* compiler/ast.c — the AST arena, operator names, CPython's expression
 * names for messages, and mn_ast_dump (Python's ast.dump format, used as the
 * test oracle and for debugging). */
#include "compiler/ast.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- arena ------------------------------------------------------------ */

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    _Alignas(max_align_t) unsigned char data[];
} chunk;

struct mn_ast_arena { chunk *head; };

mn_ast_arena *mn_ast_arena_new(void) { return calloc(1, sizeof(mn_ast_arena)); }

void mn_ast_arena_free(mn_ast_arena *a) {
    if (!a) return;
    for (chunk *c = a->head, *n; c; c = n) { n = c->next; free(c); }
    free(a);
}

void *mn_ast_arena_alloc(mn_ast_arena *a, size_t size) {
    const size_t align = _Alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0) size = align;
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > 60000 ? size : 64 * 1024 - sizeof(chunk);
        c = malloc(sizeof(chunk) + cap);
        if (!c) return NULL;
        c->size = cap;
        c->used = 0;
        if (a->head && size > 60000) { /* keep filling the current chunk */
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *mn_ast_arena_strdup(mn_ast_arena *a, const char *s, size_t len) {
    char *p = mn_ast_arena_alloc(a, len + 1);
    if (p) { memcpy(p, s, len); p[len] = 0; }
    return p;
}

/* ---- names ------------------------------------------------------------ */

static const char *const operator_names[] = {
    "?",
#define MN_OPN_(c, py, s) #py,
    MN_AST_OPERATOR_LIST(MN_OPN_)
#undef MN_OPN_
};

const char *mn_ast_operator_name(mn_ast_operator op) {
    return (unsigned)op < sizeof operator_names / sizeof *operator_names ? operator_names[op] : "?";
}

const char *mn_ast_cmpop_name(mn_ast_cmpop op) {
    static const char *const n[] = {"?", "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn"};
    return (unsigned)op < sizeof n / sizeof *n ? n[op] : "?";
}

const char *mn_ast_expr_name(const mn_ast_expr *e) {
    switch (e->kind) {
    case MN_AST_ATTRIBUTE: return "attribute";
    case MN_AST_SUBSCRIPT: return "subscript";
    case MN_AST_STARRED: return "starred";
    case MN_AST_NAME: return "name";
    case MN_AST_LIST: return "list";
    case MN_AST_TUPLE: return "tuple";
    case MN_AST_LAMBDA: return "lambda";
    case MN_AST_CALL: return "function call";
    case MN_AST_BOOL_OP: case MN_AST_BIN_OP: case MN_AST_UNARY_OP: return "expression";
    case MN_AST_GENERATOR_EXP: return "generator expression";
    case MN_AST_YIELD: case MN_AST_YIELD_FROM: return "yield expression";
    case MN_AST_AWAIT: return "await expression";
    case MN_AST_LIST_COMP: return "list comprehension";
    case MN_AST_SET_COMP: return "set comprehension";
    case MN_AST_DICT_COMP: return "dict comprehension";
    case MN_AST_DICT: return "dict literal";
    case MN_AST_SET: return "set display";
    case MN_AST_JOINED_STR: case MN_AST_FORMATTED_VALUE: return "f-string expression";
    case MN_AST_CONSTANT:
        switch (e->v.constant.value.kind) {
        case MN_CONST_NONE: return "None";
        case MN_CONST_TRUE: return "True";
        case MN_CONST_FALSE: return "False";
        case MN_CONST_ELLIPSIS: return "ellipsis";
        default: return "literal";
        }
    case MN_AST_COMPARE: return "comparison";
    case MN_AST_IF_EXP: return "conditional expression";
    case MN_AST_NAMED_EXPR: return "named expression";
    case MN_AST_SLICE: return "slice";
    default: return "expression";
    }
}

/* ---- output buffer ---------------------------------------------------- */

typedef struct { char *buf; size_t len, cap; int oom; } sbuf;

static void put(sbuf *b, const char *s, size_t n) {
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *nb = realloc(b->buf, cap);
        if (!nb) { b->oom = 1; return; }
        b->buf = nb;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = 0;
}
static void puts_(sbuf *b, const char *s) { put(b, s, strlen(s)); }
static void putf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(sbuf *b, const char *fmt, ...) {
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(b, tmp, (size_t)(n < (int)sizeof tmp ? n : (int)sizeof tmp - 1));
}

/* ---- reprs ------------------------------------------------------------ */

/* Decode one code point of our (WTF-8: surrogates allowed) strings. */
static size_t decode_cp(const unsigned char *s, size_t n, int32_t *cp) {
    unsigned c = s[0];
    if (c < 0x80 || n < 2) { *cp = (int32_t)c; return 1; }
    if (c < 0xE0) { *cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F)); return 2; }
    if (c < 0xF0 || n < 4) {
        if (n < 3) { *cp = (int32_t)c; return 1; }
        *cp = (int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F));
        return 3;
    }
    *cp = (int32_t)(((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F));
    return 4;
}

static int uni_printable(int32_t cp) {
    if (cp == ' ') return 1;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO: case UTF8PROC_CATEGORY_CN: case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_ZS:
        return 0;
    default:
        return 1;
    }
}

/* Python's repr() of a str or bytes object. */
static void repr_string(sbuf *b, const char *data, size_t len, int bytes) {
    const unsigned char *s = (const unsigned char *)data;
    int has_sq = memchr(data, '\'', len) != NULL, has_dq = memchr(data, '"', len) != NULL;
    char q = has_sq && !has_dq ? '"' : '\'';
    if (bytes) put(b, "b", 1);
    put(b, &q, 1);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = bytes ? (cp = s[i], 1) : decode_cp(s + i, len - i, &cp);
        if (cp == q || cp == '\\') { put(b, "\\", 1); put(b, (const char *)s + i, 1); }
        else if (cp == '\n') puts_(b, "\\n");
        else if (cp == '\r') puts_(b, "\\r");
        else if (cp == '\t') puts_(b, "\\t");
        else if (cp < 0x20 || cp == 0x7F || (bytes && cp >= 0x80)) putf(b, "\\x%02x", (unsigned)cp);
        else if (cp < 0x80 || uni_printable(cp)) put(b, (const char *)s + i, n);
        else if (cp < 0x100) putf(b, "\\x%02x", (unsigned)cp);
        else if (cp < 0x10000) putf(b, "\\u%04x", (unsigned)cp);
        else putf(b, "\\U%08x", (unsigned)cp);
        i += n;
    }
    put(b, &q, 1);
}

/* Python's float repr: shortest round-trip digits, exponent form outside
 * 1e-4 <= |x| < 1e16. `complex_part` drops the ".0" (as in repr(1j)). */
static void repr_float(sbuf *b, double x, int complex_part) {
    if (isinf(x)) { puts_(b, x > 0 ? "inf" : "-inf"); return; }
    if (isnan(x)) { puts_(b, "nan"); return; }
    char tmp[64];
    int prec;
    for (prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, x);
        if (strtod(tmp, NULL) == x) break;
    }
    /* tmp = [-]d[.ddd]e[+-]XX */
    char digits[32];
    int nd = 0, neg = 0;
    const char *p = tmp;
    if (*p == '-') { neg = 1; p++; }
    for (; *p && *p != 'e'; p++)
        if (*p != '.') digits[nd++] = *p;
    int exp = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = 0;
    if (neg) put(b, "-", 1);
    if (exp >= -4 && exp < 16) {
        if (exp >= 0) {
            for (int i = 0; i <= exp; i++) put(b, i < nd ? &digits[i] : "0", 1);
            if (nd > exp + 1) { put(b, ".", 1); put(b, digits + exp + 1, (size_t)(nd - exp - 1)); }
            else if (!complex_part) puts_(b, ".0");
        } else {
            puts_(b, "0.");
            for (int i = 0; i < -exp - 1; i++) put(b, "0", 1);
            put(b, digits, (size_t)nd);
        }
    } else {
        put(b, digits, 1);
        if (nd > 1) { put(b, ".", 1); put(b, digits + 1, (size_t)(nd - 1)); }
        putf(b, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    }
}

/* Digits in another base -> decimal text (schoolbook, fine for literals). */
static void repr_int(sbuf *b, const char *digits, int base) {
    while (digits[0] == '0' && digits[1]) digits++;
    if (base == 10) { puts_(b, digits); return; }
    size_t n = strlen(digits), cap = n * 2 + 2, nd = 1;
    unsigned char *dec = calloc(cap, 1); /* little-endian decimal digits */
    if (!dec) { b->oom = 1; return; }
    for (size_t i = 0; i < n; i++) {
        int c = digits[i], v = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        unsigned carry = (unsigned)v;
        for (size_t k = 0; k < nd; k++) {
            unsigned t = dec[k] * (unsigned)base + carry;
            dec[k] = (unsigned char)(t % 10);
            carry = t / 10;
        }
        while (carry && nd < cap) { dec[nd++] = (unsigned char)(carry % 10); carry /= 10; }
    }
    while (nd > 1 && dec[nd - 1] == 0) nd--;
    for (size_t k = nd; k-- > 0;) { char c = (char)('0' + dec[k]); put(b, &c, 1); }
    free(dec);
}

static void repr_constant(sbuf *b, const mn_ast_constant *c) {
    switch (c->kind) {
    case MN_CONST_NONE: puts_(b, "None"); break;
    case MN_CONST_TRUE: puts_(b, "True"); break;
    case MN_CONST_FALSE: puts_(b, "False"); break;
    case MN_CONST_ELLIPSIS: puts_(b, "Ellipsis"); break;
    case MN_CONST_INT: repr_int(b, c->int_digits, c->int_base); break;
    case MN_CONST_FLOAT: repr_float(b, c->number, 0); break;
    case MN_CONST_COMPLEX:
        /* repr(1e16j) is '1e+16j'; only infinities/nan get no parentheses either */
        repr_float(b, c->number, 1);
        put(b, "j", 1);
        break;
    case MN_CONST_STR: repr_string(b, c->data, c->len, 0); break;
    case MN_CONST_BYTES: repr_string(b, c->data, c->len, 1); break;
    }
}

/* ---- dump ------------------------------------------------------------- */

static void dump_expr(sbuf *b, const mn_ast_expr *e);
static void dump_stmt(sbuf *b, const mn_ast_stmt *s);

/* ast.dump(..., include_attributes=True): positions after the fields */
static _Thread_local int with_attributes;
static void attrs(sbuf *b, int nfields, const mn_ast_pos *p) {
    if (!with_attributes) return;
    putf(b, "%slineno=%d, col_offset=%d, end_lineno=%d, end_col_offset=%d", nfields ? ", " : "",
         p->lineno, p->col_offset, p->end_lineno, p->end_col_offset);
}

/* Field printer: `sep` tracks whether a ", " is needed. */
typedef struct { sbuf *b; int n; } fields;
static void field(fields *f, const char *name) {
    if (f->n++) puts_(f->b, ", ");
    puts_(f->b, name);
    put(f->b, "=", 1);
}
static void f_expr(fields *f, const char *name, const mn_ast_expr *e) {
    if (!e) return; /* optional and absent: ast.dump omits it */
    field(f, name);
    dump_expr(f->b, e);
}
static void f_ident(fields *f, const char *name, const char *id) {
    if (!id) return;
    field(f, name);
    repr_string(f->b, id, strlen(id), 0);
}
static void f_int(fields *f, const char *name, int v) { field(f, name); putf(f->b, "%d", v); }
static void f_raw(fields *f, const char *name, const char *text) { field(f, name); puts_(f->b, text); }

static void seq_expr(sbuf *b, const mn_ast_expr_seq *s) {
    put(b, "[", 1);
    for (int i = 0; i < s->len; i++) {
        if (i) puts_(b, ", ");
        if (s->items[i]) dump_expr(b, s->items[i]);
        else puts_(b, "None");
    }
    put(b, "]", 1);
}
static void f_exprs(fields *f, const char *name, const mn_ast_expr_seq *s) { field(f, name); seq_expr(f->b, s); }
static void f_stmts(fields *f, const char *name, const mn_ast_stmt_seq *s) {
    field(f, name);
    put(f->b, "[", 1);
    for (int i = 0; i < s->len; i++) {
        if (i) puts_(f->b, ", ");
        dump_stmt(f->b, s->items[i]);
    }
    put(f->b, "]", 1);
}
static const char *ctx_name(mn_ast_expr_context c) {
    return c == MN_AST_STORE ? "Store()" : c == MN_AST_DEL ? "Del()" : "Load()";
}

static void dump_arg(sbuf *b, const mn_ast_arg *a) {
    fields f = {b, 0};
    puts_(b, "arg(");
    f_ident(&f, "arg", a->arg);
    f_expr(&f, "annotation", a->annotation);
    attrs(b, f.n, &a->pos);
    put(b, ")", 1);
}
static void f_args(fields *f, const char *name, const mn_ast_arg_seq *s) {
    field(f, name);
    put(f->b, "[", 1);
    for (int i = 0; i < s->len; i++) {
        if (i) puts_(f->b, ", ");
        dump_arg(f->b, s->items[i]);
    }
    put(f->b, "]", 1);
}
static void dump_arguments(sbuf *b, const mn_ast_arguments *a) {
    fields f = {b, 0};
    puts_(b, "arguments(");
    f_args(&f, "posonlyargs", &a->posonlyargs);
    f_args(&f, "args", &a->args);
    if (a->vararg) { field(&f, "vararg"); dump_arg(b, a->vararg); }
    f_args(&f, "kwonlyargs", &a->kwonlyargs);
    f_exprs(&f, "kw_defaults", &a->kw_defaults);
    if (a->kwarg) { field(&f, "kwarg"); dump_arg(b, a->kwarg); }
    f_exprs(&f, "defaults", &a->defaults);
    put(b, ")", 1);
}
static void f_keywords(fields *f, const char *name, const mn_ast_keyword_seq *s) {
    field(f, name);
    put(f->b, "[", 1);
    for (int i = 0; i < s->len; i++) {
        if (i) puts_(f->b, ", ");
        fields g = {f->b, 0};
        puts_(f->b, "keyword(");
        f_ident(&g, "arg", s->items[i]->arg);
        f_expr(&g, "value", s->items[i]->value);
        attrs(f->b, g.n, &s->items[i]->pos);
        put(f->b, ")", 1);
    }
    put(f->b, "]", 1);
}
static void f_generators(fields *f, const mn_ast_comprehension_seq *s) {
    field(f, "generators");
    put(f->b, "[", 1);
    for (int i = 0; i < s->len; i++) {
        if (i) puts_(f->b, ", ");
        fields g = {f->b, 0};
        puts_(f->b, "comprehension(");
        f_expr(&g, "target", s->items[i]->target);
        f_expr(&g, "iter", s->items[i]->iter);
        f_exprs(&g, "ifs", &s->items[i]->ifs);
        f_int(&g, "is_async", s->items[i]->is_async);
        put(f->b, ")", 1);
    }
    put(f->b, "]", 1);
}
static void f_aliases(fields *f, const mn_ast_alias_seq *s) {
    field(f, "names");
    put(f->b, "[", 1);
    for (int i = 0; i < s->len; i++) {
        if (i) puts_(f->b, ", ");
        fields g = {f->b, 0};
        puts_(f->b, "alias(");
        f_ident(&g, "name", s->items[i]->name);
        f_ident(&g, "asname", s->items[i]->asname);
        attrs(f->b, g.n, &s->items[i]->pos);
        put(f->b, ")", 1);
    }
    put(f->b, "]", 1);
}

static void dump_expr(sbuf *b, const mn_ast_expr *e) {
    static const char *const names[] = {
        "?",
#define MN_EN_(c, py) #py,
        MN_AST_EXPR_LIST(MN_EN_)
#undef MN_EN_
    };
    static const char *const unops[] = {"?", "Invert()", "Not()", "UAdd()", "USub()"};
    char tmp[32];
    fields f = {b, 0};
    puts_(b, names[e->kind]);
    put(b, "(", 1);
    switch (e->kind) {
    case MN_AST_BOOL_OP:
        f_raw(&f, "op", e->v.bool_op.op == MN_AST_AND ? "And()" : "Or()");
        f_exprs(&f, "values", &e->v.bool_op.values);
        break;
    case MN_AST_NAMED_EXPR:
        f_expr(&f, "target", e->v.named_expr.target);
        f_expr(&f, "value", e->v.named_expr.value);
        break;
    case MN_AST_BIN_OP:
        f_expr(&f, "left", e->v.bin_op.left);
        snprintf(tmp, sizeof tmp, "%s()", mn_ast_operator_name(e->v.bin_op.op));
        f_raw(&f, "op", tmp);
        f_expr(&f, "right", e->v.bin_op.right);
        break;
    case MN_AST_UNARY_OP:
        f_raw(&f, "op", unops[e->v.unary_op.op]);
        f_expr(&f, "operand", e->v.unary_op.operand);
        break;
    case MN_AST_LAMBDA:
        field(&f, "args");
        dump_arguments(b, e->v.lambda.args);
        f_expr(&f, "body", e->v.lambda.body);
        break;
    case MN_AST_IF_EXP:
        f_expr(&f, "test", e->v.if_exp.test);
        f_expr(&f, "body", e->v.if_exp.body);
        f_expr(&f, "orelse", e->v.if_exp.orelse);
        break;
    case MN_AST_DICT:
        f_exprs(&f, "keys", &e->v.dict.keys);
        f_exprs(&f, "values", &e->v.dict.values);
        break;
    case MN_AST_SET: f_exprs(&f, "elts", &e->v.set.elts); break;
    case MN_AST_LIST_COMP: case MN_AST_SET_COMP: case MN_AST_GENERATOR_EXP:
        f_expr(&f, "elt", e->v.comp.elt);
        f_generators(&f, &e->v.comp.generators);
        break;
    case MN_AST_DICT_COMP:
        f_expr(&f, "key", e->v.dict_comp.key);
        f_expr(&f, "value", e->v.dict_comp.value);
        f_generators(&f, &e->v.dict_comp.generators);
        break;
    case MN_AST_AWAIT: case MN_AST_YIELD: case MN_AST_YIELD_FROM:
        f_expr(&f, "value", e->v.yield.value);
        break;
    case MN_AST_COMPARE:
        f_expr(&f, "left", e->v.compare.left);
        field(&f, "ops");
        put(b, "[", 1);
        for (int i = 0; i < e->v.compare.ops.len; i++) {
            if (i) puts_(b, ", ");
            puts_(b, mn_ast_cmpop_name(e->v.compare.ops.items[i]));
            puts_(b, "()");
        }
        put(b, "]", 1);
        f_exprs(&f, "comparators", &e->v.compare.comparators);
        break;
    case MN_AST_CALL:
        f_expr(&f, "func", e->v.call.func);
        f_exprs(&f, "args", &e->v.call.args);
        f_keywords(&f, "keywords", &e->v.call.keywords);
        break;
    case MN_AST_FORMATTED_VALUE:
        f_expr(&f, "value", e->v.formatted_value.value);
        f_int(&f, "conversion", e->v.formatted_value.conversion);
        f_expr(&f, "format_spec", e->v.formatted_value.format_spec);
        break;
    case MN_AST_JOINED_STR: f_exprs(&f, "values", &e->v.joined_str.values); break;
    case MN_AST_CONSTANT:
        field(&f, "value");
        repr_constant(b, &e->v.constant.value);
        f_ident(&f, "kind", e->v.constant.kind);
        break;
    case MN_AST_ATTRIBUTE:
        f_expr(&f, "value", e->v.attribute.value);
        f_ident(&f, "attr", e->v.attribute.attr);
        f_raw(&f, "ctx", ctx_name(e->v.attribute.ctx));
        break;
    case MN_AST_SUBSCRIPT:
        f_expr(&f, "value", e->v.subscript.value);
        f_expr(&f, "slice", e->v.subscript.slice);
        f_raw(&f, "ctx", ctx_name(e->v.subscript.ctx));
        break;
    case MN_AST_STARRED:
        f_expr(&f, "value", e->v.starred.value);
        f_raw(&f, "ctx", ctx_name(e->v.starred.ctx));
        break;
    case MN_AST_NAME:
        f_ident(&f, "id", e->v.name.id);
        f_raw(&f, "ctx", ctx_name(e->v.name.ctx));
        break;
    case MN_AST_LIST: case MN_AST_TUPLE:
        f_exprs(&f, "elts", &e->v.list.elts);
        f_raw(&f, "ctx", ctx_name(e->v.list.ctx));
        break;
    case MN_AST_SLICE:
        f_expr(&f, "lower", e->v.slice.lower);
        f_expr(&f, "upper", e->v.slice.upper);
        f_expr(&f, "step", e->v.slice.step);
        break;
    default: break;
    }
    attrs(b, f.n, &e->pos);
    put(b, ")", 1);
}

static void dump_stmt(sbuf *b, const mn_ast_stmt *s) {
    static const char *const names[] = {
        "?",
#define MN_SN_(c, py) #py,
        MN_AST_STMT_LIST(MN_SN_)
#undef MN_SN_
    };
    char tmp[32];
    fields f = {b, 0};
    puts_(b, names[s->kind]);
    put(b, "(", 1);
    switch (s->kind) {
    case MN_AST_FUNCTION_DEF: case MN_AST_ASYNC_FUNCTION_DEF:
        f_ident(&f, "name", s->v.function_def.name);
        field(&f, "args");
        dump_arguments(b, s->v.function_def.args);
        f_stmts(&f, "body", &s->v.function_def.body);
        f_exprs(&f, "decorator_list", &s->v.function_def.decorator_list);
        f_expr(&f, "returns", s->v.function_def.returns);
        break;
    case MN_AST_CLASS_DEF:
        f_ident(&f, "name", s->v.class_def.name);
        f_exprs(&f, "bases", &s->v.class_def.bases);
        f_keywords(&f, "keywords", &s->v.class_def.keywords);
        f_stmts(&f, "body", &s->v.class_def.body);
        f_exprs(&f, "decorator_list", &s->v.class_def.decorator_list);
        break;
    case MN_AST_RETURN: f_expr(&f, "value", s->v.return_.value); break;
    case MN_AST_DELETE: f_exprs(&f, "targets", &s->v.delete_.targets); break;
    case MN_AST_ASSIGN:
        f_exprs(&f, "targets", &s->v.assign.targets);
        f_expr(&f, "value", s->v.assign.value);
        break;
    case MN_AST_AUG_ASSIGN:
        f_expr(&f, "target", s->v.aug_assign.target);
        snprintf(tmp, sizeof tmp, "%s()", mn_ast_operator_name(s->v.aug_assign.op));
        f_raw(&f, "op", tmp);
        f_expr(&f, "value", s->v.aug_assign.value);
        break;
    case MN_AST_ANN_ASSIGN:
        f_expr(&f, "target", s->v.ann_assign.target);
        f_expr(&f, "annotation", s->v.ann_assign.annotation);
        f_expr(&f, "value", s->v.ann_assign.value);
        f_int(&f, "simple", s->v.ann_assign.simple);
        break;
    case MN_AST_FOR: case MN_AST_ASYNC_FOR:
        f_expr(&f, "target", s->v.for_.target);
        f_expr(&f, "iter", s->v.for_.iter);
        f_stmts(&f, "body", &s->v.for_.body);
        f_stmts(&f, "orelse", &s->v.for_.orelse);
        break;
    case MN_AST_WHILE: case MN_AST_IF:
        f_expr(&f, "test", s->v.if_.test);
        f_stmts(&f, "body", &s->v.if_.body);
        f_stmts(&f, "orelse", &s->v.if_.orelse);
        break;
    case MN_AST_WITH: case MN_AST_ASYNC_WITH:
        field(&f, "items");
        put(b, "[", 1);
        for (int i = 0; i < s->v.with.items.len; i++) {
            if (i) puts_(b, ", ");
            fields g = {b, 0};
            puts_(b, "withitem(");
            f_expr(&g, "context_expr", s->v.with.items.items[i]->context_expr);
            f_expr(&g, "optional_vars", s->v.with.items.items[i]->optional_vars);
            put(b, ")", 1);
        }
        put(b, "]", 1);
        f_stmts(&f, "body", &s->v.with.body);
        break;
    case MN_AST_RAISE:
        f_expr(&f, "exc", s->v.raise.exc);
        f_expr(&f, "cause", s->v.raise.cause);
        break;
    case MN_AST_TRY:
        f_stmts(&f, "body", &s->v.try_.body);
        field(&f, "handlers");
        put(b, "[", 1);
        for (int i = 0; i < s->v.try_.handlers.len; i++) {
            const mn_ast_excepthandler *h = s->v.try_.handlers.items[i];
            fields g = {b, 0};
            if (i) puts_(b, ", ");
            puts_(b, "ExceptHandler(");
            f_expr(&g, "type", h->type);
            f_ident(&g, "name", h->name);
            f_stmts(&g, "body", &h->body);
            attrs(b, g.n, &h->pos);
            put(b, ")", 1);
        }
        put(b, "]", 1);
        f_stmts(&f, "orelse", &s->v.try_.orelse);
        f_stmts(&f, "finalbody", &s->v.try_.finalbody);
        break;
    case MN_AST_ASSERT:
        f_expr(&f, "test", s->v.assert_.test);
        f_expr(&f, "msg", s->v.assert_.msg);
        break;
    case MN_AST_IMPORT: f_aliases(&f, &s->v.import.names); break;
    case MN_AST_IMPORT_FROM:
        f_ident(&f, "module", s->v.import_from.module);
        f_aliases(&f, &s->v.import_from.names);
        f_int(&f, "level", s->v.import_from.level);
        break;
    case MN_AST_GLOBAL: case MN_AST_NONLOCAL:
        field(&f, "names");
        put(b, "[", 1);
        for (int i = 0; i < s->v.global.names.len; i++) {
            if (i) puts_(b, ", ");
            repr_string(b, s->v.global.names.items[i], strlen(s->v.global.names.items[i]), 0);
        }
        put(b, "]", 1);
        break;
    case MN_AST_EXPR: f_expr(&f, "value", s->v.expr_stmt.value); break;
    default: break;
    }
    attrs(b, f.n, &s->pos);
    put(b, ")", 1);
}

static int finish_dump(sbuf *b, char **out) {
    if (b->oom || !b->buf) { free(b->buf); *out = NULL; return -1; }
    *out = b->buf;
    return 0;
}

int mn_ast_dump_expr(const mn_ast_expr *e, char **out) {
    sbuf b = {0};
    dump_expr(&b, e);
    return finish_dump(&b, out);
}

int mn_ast_dump(const mn_ast_mod *mod, char **out) { return mn_ast_dump_ex(mod, 0, out); }

int mn_ast_dump_ex(const mn_ast_mod *mod, int include_attributes, char **out) {
    sbuf b = {0};
    with_attributes = include_attributes;
    fields f = {&b, 0};
    switch (mod->kind) {
    case MN_AST_MODULE:
        puts_(&b, "Module(");
        f_stmts(&f, "body", &mod->body);
        f_raw(&f, "type_ignores", "[]");
        break;
    case MN_AST_INTERACTIVE:
        puts_(&b, "Interactive(");
        f_stmts(&f, "body", &mod->body);
        break;
    case MN_AST_EXPRESSION:
        puts_(&b, "Expression(");
        f_expr(&f, "body", mod->expr_body);
        break;
    }
    put(&b, ")", 1);
    return finish_dump(&b, out);
}

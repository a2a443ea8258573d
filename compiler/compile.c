/* compiler/compile.c — the bytecode compiler's infrastructure and public
 * entry points (mn_compile_source / mn_compile_ast): compilation units (one
 * per code object being built), instruction emission with labels,
 * constant/name tables, the frame-block stack used to unwind for
 * return/break/continue, SyntaxError reporting, and the assembler.
 *
 * The assembler (mn_c_assemble) follows CPython 3.11's pipeline:
 *   1. resolve labels; walk the control flow graph from the entry with the
 *      value-stack depth and the stack of active exception handlers
 *      (pushed by the SETUP_* pseudo-instructions, popped by POP_BLOCK).
 *      Instructions the walk never reaches are dead code and dropped;
 *   2. artificial instructions (no line) inherit the position of the
 *      instruction before them in the same straight-line run;
 *   3. pseudo-instructions go away; each real instruction's innermost
 *      handler becomes an exception-table entry (start, end, handler,
 *      depth = stack depth at the handler - 1 - lasti, lasti);
 *   4. cell/free variable arguments become localsplus indices; the code
 *      object is built.
 * Code generation is in compile_expr.c and compile_stmt.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/compile_internal.h"

#define MAX_COMPILE_DEPTH 2000

/* ------------------------------------------------------------- errors */

static int c_error_v(mn_compiler *c, mn_code_pos p, const char *fmt, va_list ap)
{
    if (mn_err_occurred())
        return -1;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    mn_syntax_error err = {0};
    int lineno = p.lineno > 0 ? p.lineno : 1;
    mn_syntax_error_set(&err, c->src, c->srclen, MN_ERR_SYNTAX, lineno, p.col < 0 ? 0 : p.col,
                        p.end_lineno > 0 ? p.end_lineno : lineno, p.end_col < 0 ? 0 : p.end_col,
                        "%s", msg);
    /* Build SyntaxError(msg, (filename, lineno, offset, text, end_lineno, end_offset)) */
    size_t linelen = 0;
    const char *line = c->src ? mn_source_line(c->src, c->srclen, err.lineno, &linelen) : NULL;
    mn_object *text;
    if (line) {
        char *buf = malloc(linelen + 2);
        if (!buf)
            return -1;
        memcpy(buf, line, linelen);
        buf[linelen] = '\n';
        buf[linelen + 1] = 0;
        text = mn_str_from_utf8(buf, (mn_ssize)linelen + 1);
        free(buf);
        if (!text) {
            mn_err_clear();
            text = mn_new_ref(mn_none);
        }
    } else {
        text = mn_new_ref(mn_none);
    }
    mn_object *m = mn_str_from_cstr(err.msg);
    mn_object *ln = mn_int_from_ssize(err.lineno), *off = mn_int_from_ssize(err.offset);
    mn_object *eln = mn_int_from_ssize(err.end_lineno), *eoff = mn_int_from_ssize(err.end_offset);
    mn_object *loc = (ln && off && eln && eoff) ? mn_tuple_pack(6, c->filename, ln, off, text, eln, eoff) : NULL;
    mn_object *args = (m && loc) ? mn_tuple_pack(2, m, loc) : NULL;
    if (args)
        mn_err_set_object(&mn_exc_SyntaxError, args);
    MN_XDECREF(m); MN_XDECREF(ln); MN_XDECREF(off); MN_XDECREF(eln); MN_XDECREF(eoff);
    MN_XDECREF(loc); MN_XDECREF(args); MN_DECREF(text);
    return -1;
}

int mn_c_error(mn_compiler *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = c_error_v(c, c->u->loc, fmt, ap);
    va_end(ap);
    return r;
}

int mn_c_error_at(mn_compiler *c, mn_ast_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mn_code_pos p = {pos.lineno, pos.end_lineno, pos.col_offset, pos.end_col_offset};
    int r = c_error_v(c, p, fmt, ap);
    va_end(ap);
    return r;
}

int mn_c_enter(mn_compiler *c)
{
    if (++c->depth > MAX_COMPILE_DEPTH) {
        c->depth--;
        if (!mn_err_occurred())
            mn_err_set_string(&mn_exc_RecursionError, "maximum recursion depth exceeded during compilation");
        return -1;
    }
    return 0;
}

void mn_c_leave(mn_compiler *c)
{
    c->depth--;
}

/* ------------------------------------------------------------ emission */

static int grow_array(void **p, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return 0;
    int ncap = *cap ? *cap * 2 : 64;
    while (ncap < need)
        ncap *= 2;
    void *q = realloc(*p, (size_t)ncap * elem);
    if (!q) {
        mn_err_no_memory();
        return -1;
    }
    *p = q;
    *cap = ncap;
    return 0;
}

static int emit(mn_compiler *c, int op, int arg, int target)
{
    mn_cunit *u = c->u;
    if (grow_array((void **)&u->instrs, &u->cap_instrs, u->ninstrs + 1, sizeof(mn_cinstr)) < 0)
        return -1;
    if (arg < 0 || arg > MN_MAX_OPARG) {
        mn_err_set_string(&mn_exc_SystemError, "compiler: oparg out of range");
        return -1;
    }
    u->instrs[u->ninstrs++] = (mn_cinstr){op, arg, target, u->loc};
    return 0;
}

int mn_c_emit(mn_compiler *c, int op, int arg)
{
    return emit(c, op, arg, -1);
}

int mn_c_emit_jump(mn_compiler *c, int op, int label)
{
    return emit(c, op, 0, label);
}

int mn_c_new_label(mn_compiler *c)
{
    mn_cunit *u = c->u;
    if (grow_array((void **)&u->labels, &u->cap_labels, u->nlabels + 1, sizeof(int)) < 0)
        return -1;
    u->labels[u->nlabels] = -1;
    return u->nlabels++;
}

int mn_c_place_label(mn_compiler *c, int label)
{
    c->u->labels[label] = c->u->ninstrs;
    return 0;
}

/* Constants are deduplicated by (type, value): 1, 1.0 and True differ, and
 * so do 0.0 and -0.0. Tuples/frozensets key on their items' keys. */
static mn_object *const_key(mn_object *o)
{
    if (MN_TUPLE_CHECK_EXACT(o)) {
        mn_ssize n = MN_TUPLE_SIZE(o);
        mn_object *t = mn_tuple_new(n);
        if (!t)
            return NULL;
        for (mn_ssize i = 0; i < n; i++) {
            mn_object *k = const_key(MN_TUPLE_GET(o, i));
            if (!k) {
                MN_DECREF(t);
                return NULL;
            }
            MN_TUPLE_SET(t, i, k);
        }
        mn_object *r = mn_tuple_pack(2, MN_OBJ(MN_TYPE(o)), t);
        MN_DECREF(t);
        return r;
    }
    if (MN_TYPE(o) == &mn_frozenset_type) {
        mn_object *fs = mn_frozenset_new(NULL), *items = mn_list_new(0);
        if (!fs || !items) {
            MN_XDECREF(fs); MN_XDECREF(items);
            return NULL;
        }
        mn_ssize pos = 0;
        mn_object *key;
        mn_hash h;
        while (mn_set_next(o, &pos, &key, &h)) {
            mn_object *k = const_key(key);
            if (!k || mn_list_append(items, k) < 0) {
                MN_XDECREF(k); MN_DECREF(fs); MN_DECREF(items);
                return NULL;
            }
            MN_DECREF(k);
        }
        MN_DECREF(fs);
        mn_object *set = mn_frozenset_new(items);
        MN_DECREF(items);
        if (!set)
            return NULL;
        mn_object *r = mn_tuple_pack(2, MN_OBJ(MN_TYPE(o)), set);
        MN_DECREF(set);
        return r;
    }
    if (MN_TYPE(o) == &mn_code_type || MN_TYPE(o) == &mn_float_type) {
        /* code: by identity; float: by value and sign of zero */
        mn_object *extra;
        if (MN_TYPE(o) == &mn_code_type) {
            extra = mn_int_from_ssize((mn_ssize)(intptr_t)o);
        } else {
            double d = mn_float_as_double(o);
            extra = mn_int_from_ssize(d == 0.0 && signbit(d) ? 1 : 0);
        }
        if (!extra)
            return NULL;
        mn_object *r = mn_tuple_pack(3, MN_OBJ(MN_TYPE(o)), o, extra);
        MN_DECREF(extra);
        return r;
    }
    return mn_tuple_pack(2, MN_OBJ(MN_TYPE(o)), o);
}

int mn_c_add_const(mn_compiler *c, mn_object *o)
{
    mn_cunit *u = c->u;
    mn_object *key = const_key(o);
    if (!key)
        return -1;
    mn_object *idx = mn_dict_get_item(u->const_index, key);
    if (idx) {
        MN_DECREF(key);
        return (int)mn_int_as_ssize(idx);
    }
    if (mn_err_occurred()) {
        MN_DECREF(key);
        return -1;
    }
    mn_ssize n = mn_object_length(u->consts);
    mn_object *v = mn_int_from_ssize(n);
    int r = (v && mn_dict_set_item(u->const_index, key, v) == 0 && mn_list_append(u->consts, o) == 0) ? (int)n : -1;
    MN_XDECREF(v);
    MN_DECREF(key);
    return r;
}

int mn_c_emit_const(mn_compiler *c, mn_object *o)
{
    int i = mn_c_add_const(c, o);
    return i < 0 ? -1 : mn_c_emit(c, MN_OP_LOAD_CONST, i);
}

int mn_c_emit_const_new(mn_compiler *c, mn_object *o)
{
    if (!o)
        return -1;
    int r = mn_c_emit_const(c, o);
    MN_DECREF(o);
    return r;
}

int mn_c_add_name(mn_compiler *c, mn_object *dict, const char *name)
{
    (void)c;
    mn_object *s = mn_str_intern_cstr(name);
    if (!s)
        return -1;
    mn_object *idx = mn_dict_get_item(dict, s);
    if (idx) {
        MN_DECREF(s);
        return (int)mn_int_as_ssize(idx);
    }
    mn_ssize count = mn_object_length(dict);
    mn_object *v = mn_int_from_ssize(count);
    int r = (v && mn_dict_set_item(dict, s, v) == 0) ? (int)count : -1;
    MN_XDECREF(v);
    MN_DECREF(s);
    return r;
}

const char *mn_c_mangle(mn_compiler *c, const char *name)
{
    const char *m = mn_symtable_mangle(c->st, c->u->private_name, name);
    if (!m)
        mn_err_no_memory();
    return m;
}

int mn_c_emit_name(mn_compiler *c, int op, const char *name)
{
    const char *m = mn_c_mangle(c, name);
    if (!m)
        return -1;
    int i = mn_c_add_name(c, c->u->names, m);
    return i < 0 ? -1 : mn_c_emit(c, op, i);
}

/* ------------------------------------------------------------- fblocks */

int mn_c_push_fblock(mn_compiler *c, mn_fblock_type t, int block, int exit, const void *datum)
{
    if (c->u->nfblocks >= MN_MAX_BLOCKS)
        return mn_c_error(c, "too many statically nested blocks");
    c->u->fblocks[c->u->nfblocks++] = (mn_fblock){t, block, exit, datum};
    return 0;
}

void mn_c_pop_fblock(mn_compiler *c)
{
    c->u->nfblocks--;
}

/* ---------------------------------------------------------------- units */

static int dict_from_names(mn_object *dict, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        mn_object *s = mn_str_intern_cstr(names[i]);
        mn_object *v = mn_int_from_ssize(i);
        int r = (s && v) ? mn_dict_set_item(dict, s, v) : -1;
        MN_XDECREF(s);
        MN_XDECREF(v);
        if (r < 0)
            return -1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Names of `ste` with the given scope (or flag), sorted like CPython's
 * dictbytype, into dict with indices starting at `offset`. */
static int dict_by_scope(mn_object *dict, mn_ste *ste, mn_scope scope, int flag, int offset)
{
    const char **names = malloc(sizeof(char *) * (size_t)(ste->nsymbols + 1));
    if (!names) {
        mn_err_no_memory();
        return -1;
    }
    int n = 0;
    for (int i = 0; i < ste->nsymbols; i++)
        if (ste->symbols[i].scope == scope || (flag && (ste->symbols[i].flags & flag)))
            names[n++] = ste->symbols[i].name;
    qsort(names, (size_t)n, sizeof(char *), cmp_str);
    int r = 0;
    for (int i = 0; i < n && r == 0; i++) {
        mn_object *s = mn_str_intern_cstr(names[i]);
        mn_object *v = mn_int_from_ssize(offset + i);
        r = (s && v) ? mn_dict_set_item(dict, s, v) : -1;
        MN_XDECREF(s);
        MN_XDECREF(v);
    }
    free(names);
    return r;
}

static void unit_free(mn_cunit *u)
{
    MN_XDECREF(u->name);
    MN_XDECREF(u->qualname);
    MN_XDECREF(u->consts);
    MN_XDECREF(u->const_index);
    MN_XDECREF(u->names);
    MN_XDECREF(u->varnames);
    MN_XDECREF(u->cellvars);
    MN_XDECREF(u->freevars);
    free(u->instrs);
    free(u->labels);
    free(u);
}

static mn_object *make_qualname(mn_compiler *c, mn_cunit *u)
{
    mn_cunit *parent = u->parent;
    if (!parent || parent->scope_type == SCOPE_MODULE)
        return mn_new_ref(u->name);
    /* A function declared global in the enclosing scope keeps its plain name. */
    if (u->scope_type == SCOPE_FUNCTION || u->scope_type == SCOPE_ASYNC_FUNCTION ||
        u->scope_type == SCOPE_CLASS) {
        const char *m = mn_symtable_mangle(c->st, parent->private_name, mn_str_as_utf8(u->name));
        if (m && mn_ste_scope(parent->ste, m) == MN_SCOPE_GLOBAL_EXPLICIT)
            return mn_new_ref(u->name);
    }
    if (parent->scope_type == SCOPE_FUNCTION || parent->scope_type == SCOPE_ASYNC_FUNCTION ||
        parent->scope_type == SCOPE_LAMBDA)
        return mn_str_from_format("%U.<locals>.%U", parent->qualname, u->name);
    return mn_str_from_format("%U.%U", parent->qualname, u->name);
}

int mn_c_enter_scope(mn_compiler *c, const char *name, mn_scope_type type, const void *key, int lineno)
{
    mn_cunit *u = calloc(1, sizeof *u);
    if (!u) {
        mn_err_no_memory();
        return -1;
    }
    u->parent = c->u;
    u->scope_type = type;
    u->firstlineno = lineno;
    u->ste = c->u ? mn_ste_child(c->u->ste, key) : c->st->top;
    if (!u->ste) {
        free(u);
        mn_err_set_string(&mn_exc_SystemError, "compiler: unknown scope");
        return -1;
    }
    u->private_name = c->u ? c->u->private_name : NULL;
    u->name = mn_str_intern_cstr(name);
    u->consts = mn_list_new(0);
    u->const_index = mn_dict_new();
    u->names = mn_dict_new();
    u->varnames = mn_dict_new();
    u->cellvars = mn_dict_new();
    u->freevars = mn_dict_new();
    c->u = u;
    if (!u->name || !u->consts || !u->const_index || !u->names || !u->varnames ||
        !u->cellvars || !u->freevars)
        goto fail;
    if (dict_from_names(u->varnames, u->ste->params, u->ste->nparams) < 0)
        goto fail;
    if (dict_by_scope(u->cellvars, u->ste, MN_SCOPE_CELL, 0, 0) < 0)
        goto fail;
    if (u->ste->needs_class_closure) {
        /* The implicit __class__ cell of a class body. */
        if (mn_c_add_name(c, u->cellvars, "__class__") < 0)
            goto fail;
    }
    if (dict_by_scope(u->freevars, u->ste, MN_SCOPE_FREE, MN_DEF_FREE_CLASS,
                      (int)mn_object_length(u->cellvars)) < 0)
        goto fail;
    if (type != SCOPE_MODULE) {
        u->qualname = make_qualname(c, u);
        if (!u->qualname)
            goto fail;
    }
    /* RESUME: CPython gives it line 0 in modules, the first line elsewhere. */
    if (type == SCOPE_MODULE)
        u->loc = (mn_code_pos){0, 1, 0, 0};
    else
        u->loc = (mn_code_pos){lineno, lineno, 0, 0};
    if (mn_c_emit(c, MN_OP_RESUME, 0) < 0)
        goto fail;
    return 0;
fail:
    c->u = u->parent;
    unit_free(u);
    return -1;
}

void mn_c_exit_scope(mn_compiler *c)
{
    mn_cunit *u = c->u;
    c->u = u->parent;
    unit_free(u);
}

/* ------------------------------------------------------------- assembler */

static int is_pseudo(int op) { return op >= MN_PSEUDO_SETUP_FINALLY; }
static int is_setup(int op) { return op >= MN_PSEUDO_SETUP_FINALLY && op <= MN_PSEUDO_SETUP_WITH; }
static int is_terminator(int op)
{
    return op == MN_OP_JUMP || op == MN_OP_RETURN_VALUE || op == MN_OP_RAISE_VARARGS ||
           op == MN_OP_RERAISE;
}

/* Value-stack effect of an instruction; `jump` selects the branch taken. */
static int stack_effect(int op, int arg, int jump)
{
    switch (op) {
    case MN_OP_NOP: case MN_OP_SWAP: case MN_OP_DELETE_FAST: case MN_OP_DELETE_NAME:
    case MN_OP_DELETE_GLOBAL: case MN_OP_MAKE_CELL: case MN_OP_COPY_FREE_VARS:
    case MN_OP_DELETE_DEREF: case MN_OP_LOAD_ATTR: case MN_OP_UNARY_POSITIVE:
    case MN_OP_UNARY_NEGATIVE: case MN_OP_UNARY_NOT: case MN_OP_UNARY_INVERT:
    case MN_OP_LIST_TO_TUPLE: case MN_OP_JUMP: case MN_OP_GET_ITER: case MN_OP_KW_NAMES:
    case MN_OP_SETUP_ANNOTATIONS: case MN_OP_CHECK_EXC_MATCH: case MN_OP_RESUME:
    case MN_OP_YIELD_VALUE: case MN_OP_GET_YIELD_FROM_ITER: case MN_OP_GET_AWAITABLE:
    case MN_OP_GET_AITER: case MN_OP_ASYNC_GEN_WRAP: case MN_PSEUDO_POP_BLOCK:
        return 0;
    case MN_OP_POP_TOP: case MN_OP_STORE_FAST: case MN_OP_STORE_NAME: case MN_OP_STORE_GLOBAL:
    case MN_OP_STORE_DEREF: case MN_OP_DELETE_ATTR: case MN_OP_BINARY_OP: case MN_OP_COMPARE_OP:
    case MN_OP_IS_OP: case MN_OP_CONTAINS_OP: case MN_OP_BINARY_SUBSCR: case MN_OP_LIST_APPEND:
    case MN_OP_SET_ADD: case MN_OP_LIST_EXTEND: case MN_OP_SET_UPDATE: case MN_OP_DICT_UPDATE:
    case MN_OP_DICT_MERGE: case MN_OP_POP_JUMP_IF_FALSE: case MN_OP_POP_JUMP_IF_TRUE:
    case MN_OP_POP_JUMP_IF_NONE: case MN_OP_POP_JUMP_IF_NOT_NONE: case MN_OP_RETURN_VALUE:
    case MN_OP_PRINT_EXPR: case MN_OP_RERAISE: case MN_OP_POP_EXCEPT: case MN_OP_IMPORT_NAME:
    case MN_OP_IMPORT_STAR:
        return -1;
    case MN_OP_PUSH_NULL: case MN_OP_COPY: case MN_OP_LOAD_CONST: case MN_OP_LOAD_FAST:
    case MN_OP_LOAD_NAME: case MN_OP_LOAD_CLOSURE: case MN_OP_LOAD_DEREF:
    case MN_OP_LOAD_CLASSDEREF: case MN_OP_LOAD_METHOD: case MN_OP_LOAD_BUILD_CLASS:
    case MN_OP_LOAD_LOCALS: case MN_OP_PUSH_EXC_INFO: case MN_OP_LOAD_ASSERTION_ERROR:
    case MN_OP_BEFORE_WITH: case MN_OP_WITH_EXCEPT_START: case MN_OP_IMPORT_FROM:
    case MN_OP_GET_ANEXT: case MN_OP_BEFORE_ASYNC_WITH:
        return 1;
    /* the generator's first resume pushes the sent value (None); POP_TOP follows */
    case MN_OP_RETURN_GENERATOR: return 1;
    case MN_OP_LOAD_GLOBAL: return 1 + (arg & 1);
    case MN_OP_STORE_ATTR: case MN_OP_MAP_ADD: case MN_OP_DELETE_SUBSCR: case MN_OP_END_ASYNC_FOR:
        return -2;
    case MN_OP_STORE_SUBSCR: return -3;
    case MN_OP_BUILD_SLICE: case MN_OP_BUILD_TUPLE: case MN_OP_BUILD_LIST: case MN_OP_BUILD_SET:
    case MN_OP_BUILD_STRING:
        return 1 - arg;
    case MN_OP_BUILD_MAP: return 1 - 2 * arg;
    case MN_OP_BUILD_CONST_KEY_MAP: return -arg;
    case MN_OP_FORMAT_VALUE: return (arg & 4) ? -1 : 0;
    case MN_OP_UNPACK_SEQUENCE: return arg - 1;
    case MN_OP_UNPACK_EX: return (arg & 0xff) + (arg >> 8);
    case MN_OP_JUMP_IF_FALSE_OR_POP: case MN_OP_JUMP_IF_TRUE_OR_POP: return jump ? 0 : -1;
    case MN_OP_FOR_ITER: return jump ? -1 : 1;
    case MN_OP_CALL: return -arg - 1;
    case MN_OP_CALL_FUNCTION_EX: return -2 - (arg & 1);
    case MN_OP_MAKE_FUNCTION:
        return -((arg & 1) != 0) - ((arg & 2) != 0) - ((arg & 4) != 0) - ((arg & 8) != 0);
    case MN_OP_RAISE_VARARGS: return -arg;
    case MN_OP_SEND: return jump ? -1 : 0;
    case MN_PSEUDO_SETUP_FINALLY: return jump ? 1 : 0;
    case MN_PSEUDO_SETUP_CLEANUP: return jump ? 2 : 0;
    case MN_PSEUDO_SETUP_WITH: return jump ? 1 : 0;
    }
    return 0;
}

/* An entry of the stack of active handlers (immutable, shared). */
typedef struct hnode {
    int handler;                /* instruction index */
    int lasti;
    struct hnode *next;
} hnode;

typedef struct {
    hnode **nodes;
    int n, cap;
} hpool;

static hnode *hpush(hpool *p, hnode *top, int handler, int lasti)
{
    if (grow_array((void **)&p->nodes, &p->cap, p->n + 1, sizeof(hnode *)) < 0)
        return NULL;
    hnode *h = malloc(sizeof *h);
    if (!h) {
        mn_err_no_memory();
        return NULL;
    }
    *h = (hnode){handler, lasti, top};
    p->nodes[p->n++] = h;
    return h;
}

/* Free-variable indices start after the cells (offset = number of cells),
 * as in CPython's compiler, so they are shifted back here. */
static mn_object *tuple_from_dict_keys(mn_object *dict, mn_ssize offset)
{
    mn_ssize n = mn_object_length(dict);
    mn_object *t = mn_tuple_new(n);
    if (!t)
        return NULL;
    mn_ssize pos = 0;
    mn_object *k, *v;
    while (mn_dict_next(dict, &pos, &k, &v))
        MN_TUPLE_SET(t, mn_int_as_ssize(v) - offset, mn_new_ref(k));
    return t;
}

/* Instruction positions of the labels; jumps' targets as indices. */
mn_object *mn_c_assemble(mn_compiler *c, int add_none_return)
{
    mn_cunit *u = c->u;
    /* The implicit `return None` at the end (artificial: inherits a line). */
    if (u->ninstrs == 0 || !is_terminator(u->instrs[u->ninstrs - 1].op) ||
        1 /* a label may point past the end */) {
        int need = 1;
        if (u->ninstrs > 0 && is_terminator(u->instrs[u->ninstrs - 1].op)) {
            need = 0;
            for (int l = 0; l < u->nlabels; l++)
                if (u->labels[l] == u->ninstrs)
                    need = 1;
        }
        if (need) {
            UNSET_LOC(c);
            if (add_none_return && mn_c_emit_const(c, mn_none) < 0)
                return NULL;
            if (mn_c_emit(c, MN_OP_RETURN_VALUE, 0) < 0)
                return NULL;
        }
    }
    int n = u->ninstrs;
    mn_cinstr *in = u->instrs;
    /* resolve labels */
    for (int i = 0; i < n; i++)
        if (in[i].target >= 0) {
            int t = u->labels[in[i].target];
            if (t < 0 || t >= n) {
                mn_err_set_string(&mn_exc_SystemError, "compiler: unplaced label");
                return NULL;
            }
            in[i].target = t;
        }
    int *depth = malloc(sizeof(int) * (size_t)n);
    hnode **hstack = malloc(sizeof(hnode *) * (size_t)n);
    int *work = malloc(sizeof(int) * (size_t)(n + 1));
    int *newidx = malloc(sizeof(int) * (size_t)(n + 1));
    int *preds = calloc((size_t)n + 1, sizeof(int));
    int *jpred = malloc(sizeof(int) * (size_t)(n + 1));
    hpool pool = {0};
    mn_instr *code = NULL;
    mn_code_pos *positions = NULL;
    mn_exc_entry *exc = NULL;
    uint8_t *kinds = NULL;
    mn_object *result = NULL, *consts = NULL, *names = NULL, *lpnames = NULL;
    if (!depth || !hstack || !work || !newidx || !preds || !jpred) {
        mn_err_no_memory();
        goto done;
    }
    for (int i = 0; i < n; i++) {
        depth[i] = -1;
        hstack[i] = NULL;
        jpred[i] = -1;
    }
    /* 1. flow walk: stack depth, handler stack, reachability */
    int nwork = 0, maxdepth = 0;
    depth[0] = 0;
    work[nwork++] = 0;
    while (nwork > 0) {
        int i = work[--nwork];
        int d = depth[i];
        hnode *h = hstack[i];
        for (;;) {
            mn_cinstr *x = &in[i];
            if (x->target >= 0) {
                int t = x->target;
                int td = d + stack_effect(x->op, x->arg, 1);
                hnode *th = h;
                if (td > maxdepth)
                    maxdepth = td;
                if (depth[t] < 0) {
                    depth[t] = td;
                    hstack[t] = th;
                    work[nwork++] = t;
                }
                preds[t]++;
                jpred[t] = i;
            }
            int nd = d + stack_effect(x->op, x->arg, 0);
            if (nd > maxdepth)
                maxdepth = nd;
            if (nd < 0) {
                mn_err_set_string(&mn_exc_SystemError, "compiler: negative stack depth");
                goto done;
            }
            hnode *nh = h;
            if (is_setup(x->op)) {
                nh = hpush(&pool, h, x->target, x->op != MN_PSEUDO_SETUP_FINALLY);
                if (!nh)
                    goto done;
            } else if (x->op == MN_PSEUDO_POP_BLOCK) {
                nh = h ? h->next : NULL;
            }
            if (is_terminator(x->op) || i + 1 >= n)
                break;
            preds[i + 1]++;
            if (depth[i + 1] >= 0)
                break;
            i++;
            depth[i] = d = nd;
            hstack[i] = h = nh;
        }
    }
    /* 2. positions of artificial instructions */
    for (int i = 0; i < n; i++) {
        if (depth[i] < 0 || in[i].pos.lineno >= 0)
            continue;
        if (i > 0 && depth[i - 1] >= 0 && !is_terminator(in[i - 1].op) && preds[i] == 1)
            in[i].pos = in[i - 1].pos;
        else if (preds[i] == 1 && jpred[i] >= 0)
            in[i].pos = in[jpred[i]].pos;
        else if (i > 0 && depth[i - 1] >= 0 && !is_terminator(in[i - 1].op) &&
                 in[i - 1].pos.lineno >= 0 && jpred[i] < 0)
            in[i].pos = in[i - 1].pos;
    }
    /* 3. keep reachable real instructions; drop NOPs whose line is already
     * marked by a neighbour (CPython keeps a NOP only to carry a line). */
    int m = 0;
    int last_line = -2;
    for (int i = 0; i < n; i++) {
        newidx[i] = m;
        if (depth[i] < 0 || is_pseudo(in[i].op))
            continue;
        if (in[i].op == MN_OP_NOP) {
            int line = in[i].pos.lineno;
            int next_line = -3;
            for (int j = i + 1; j < n; j++)
                if (depth[j] >= 0 && !is_pseudo(in[j].op)) {
                    next_line = in[j].pos.lineno;
                    break;
                }
            if (line < 0 || line == last_line || line == next_line)
                continue;
        }
        last_line = in[i].pos.lineno;
        m++;
    }
    newidx[n] = m;
    code = mn_mem_alloc(sizeof(mn_instr) * (size_t)(m ? m : 1));
    positions = mn_mem_alloc(sizeof(mn_code_pos) * (size_t)(m ? m : 1));
    exc = mn_mem_alloc(sizeof(mn_exc_entry) * (size_t)(m ? m : 1));
    if (!code || !positions || !exc) {
        mn_err_no_memory();
        goto done;
    }
    int ncells = (int)mn_object_length(u->cellvars);
    int nfree = (int)mn_object_length(u->freevars);
    int nvar = (int)mn_object_length(u->varnames);
    /* cell index -> localsplus: cells that are arguments share their slot */
    int *cellfix = malloc(sizeof(int) * (size_t)(ncells + nfree + 1));
    if (!cellfix) {
        mn_err_no_memory();
        goto done;
    }
    mn_object *cellnames = tuple_from_dict_keys(u->cellvars, 0);
    mn_object *freenames = tuple_from_dict_keys(u->freevars, ncells);
    mn_object *varnames_t = tuple_from_dict_keys(u->varnames, 0);
    int nlp = nvar;
    if (cellnames && freenames && varnames_t) {
        for (int k = 0; k < ncells; k++) {
            mn_object *cn = MN_TUPLE_GET(cellnames, k);
            mn_object *vi = mn_dict_get_item(u->varnames, cn);
            cellfix[k] = vi ? (int)mn_int_as_ssize(vi) : nlp++;
        }
        for (int k = 0; k < nfree; k++)
            cellfix[ncells + k] = nlp++;
        lpnames = mn_tuple_new(nlp);
        kinds = mn_mem_alloc((size_t)(nlp ? nlp : 1));
    }
    if (!lpnames || !kinds) {
        MN_XDECREF(cellnames); MN_XDECREF(freenames); MN_XDECREF(varnames_t);
        free(cellfix);
        if (!mn_err_occurred())
            mn_err_no_memory();
        goto done;
    }
    for (int k = 0; k < nvar; k++) {
        MN_TUPLE_SET(lpnames, k, mn_new_ref(MN_TUPLE_GET(varnames_t, k)));
        kinds[k] = MN_LOCAL_PLAIN | (k < u->argcount + u->kwonlyargcount +
                                     u->ste->varargs + u->ste->varkeywords ? MN_LOCAL_ARG : 0);
    }
    for (int k = 0; k < ncells; k++) {
        int slot = cellfix[k];
        if (slot < nvar) {
            kinds[slot] |= MN_LOCAL_CELL;
        } else {
            MN_TUPLE_SET(lpnames, slot, mn_new_ref(MN_TUPLE_GET(cellnames, k)));
            kinds[slot] = MN_LOCAL_CELL;
        }
    }
    for (int k = 0; k < nfree; k++) {
        MN_TUPLE_SET(lpnames, cellfix[ncells + k], mn_new_ref(MN_TUPLE_GET(freenames, k)));
        kinds[cellfix[ncells + k]] = MN_LOCAL_FREE;
    }
    MN_DECREF(cellnames); MN_DECREF(freenames); MN_DECREF(varnames_t);
    /* 4. prefix: COPY_FREE_VARS, MAKE_CELLs, RETURN_GENERATOR/POP_TOP */
    int flags = 0;
    mn_ste *ste = u->ste;
    if (ste->type == MN_BLOCK_FUNCTION) {
        flags |= MN_CO_OPTIMIZED | MN_CO_NEWLOCALS;
        if (ste->nested)
            flags |= MN_CO_NESTED;
        if (ste->generator && ste->coroutine)
            flags |= MN_CO_ASYNC_GENERATOR;
        else if (ste->generator)
            flags |= MN_CO_GENERATOR;
        else if (ste->coroutine)
            flags |= MN_CO_COROUTINE;
        if (ste->varargs)
            flags |= MN_CO_VARARGS;
        if (ste->varkeywords)
            flags |= MN_CO_VARKEYWORDS;
    }
    int is_gen = (flags & (MN_CO_GENERATOR | MN_CO_COROUTINE | MN_CO_ASYNC_GENERATOR)) != 0;
    int prefix = (nfree ? 1 : 0) + ncells + (is_gen ? 2 : 0);
    if (prefix) {
        mn_instr *c2 = mn_mem_realloc(code, sizeof(mn_instr) * (size_t)(m + prefix));
        mn_code_pos *p2 = mn_mem_realloc(positions, sizeof(mn_code_pos) * (size_t)(m + prefix));
        mn_exc_entry *e2 = mn_mem_realloc(exc, sizeof(mn_exc_entry) * (size_t)(m + prefix));
        if (c2) code = c2;
        if (p2) positions = p2;
        if (e2) exc = e2;
        if (!c2 || !p2 || !e2) {
            free(cellfix);
            mn_err_no_memory();
            goto done;
        }
    }
    int k = 0;
    mn_code_pos ppos = {u->firstlineno, u->firstlineno, 0, 0};
    if (u->scope_type == SCOPE_MODULE)
        ppos = (mn_code_pos){0, 1, 0, 0};
    if (nfree) {
        positions[k] = ppos;
        code[k++] = MN_INSTR(MN_OP_COPY_FREE_VARS, nfree);
    }
    for (int j = 0; j < ncells; j++) {
        positions[k] = ppos;
        code[k++] = MN_INSTR(MN_OP_MAKE_CELL, cellfix[j]);
    }
    if (is_gen) {
        positions[k] = ppos;
        code[k++] = MN_INSTR(MN_OP_RETURN_GENERATOR, 0);
        positions[k] = ppos;
        code[k++] = MN_INSTR(MN_OP_POP_TOP, 0);
    }
    /* 5. emit, with jump targets and deref args fixed up */
    int nexc = 0;
    for (int i = 0; i < n; i++) {
        if (newidx[i] == newidx[i + 1])
            continue;   /* dropped */
        mn_cinstr *x = &in[i];
        int arg = x->arg;
        if (x->target >= 0)
            arg = newidx[x->target] + prefix;
        switch (x->op) {
        case MN_OP_LOAD_CLOSURE: case MN_OP_LOAD_DEREF: case MN_OP_LOAD_CLASSDEREF:
        case MN_OP_STORE_DEREF: case MN_OP_DELETE_DEREF:
            arg = cellfix[arg];
            break;
        }
        int at = newidx[i] + prefix;
        code[at] = MN_INSTR(x->op, arg);
        positions[at] = x->pos;
        /* exception table: innermost handler of this instruction */
        hnode *h = hstack[i];
        if (h) {
            int hidx = newidx[h->handler] + prefix;
            int hdepth = depth[h->handler] - 1 - h->lasti;
            if (nexc > 0 && exc[nexc - 1].end == at && exc[nexc - 1].handler == hidx &&
                exc[nexc - 1].depth == hdepth && exc[nexc - 1].lasti == h->lasti)
                exc[nexc - 1].end = at + 1;
            else
                exc[nexc++] = (mn_exc_entry){at, at + 1, hidx, hdepth, h->lasti};
        }
    }
    free(cellfix);
    consts = mn_tuple_from_iterable(u->consts);
    names = tuple_from_dict_keys(u->names, 0);
    if (!consts || !names)
        goto done;
    {
        const char *fname = NULL;
        (void)fname;
        mn_code *co = mn_code_new(code, m + prefix, positions, exc, nexc, consts, names, lpnames,
                                  kinds, u->argcount, u->posonlyargcount, u->kwonlyargcount,
                                  maxdepth + (is_gen ? 1 : 0), flags, u->firstlineno, u->name,
                                  u->qualname ? u->qualname : u->name, c->filename);
        code = NULL;
        positions = NULL;
        exc = NULL;
        kinds = NULL;
        result = MN_OBJ(co);
    }
done:
    for (int i = 0; i < pool.n; i++)
        free(pool.nodes[i]);
    free(pool.nodes);
    free(depth);
    free(hstack);
    free(work);
    free(newidx);
    free(preds);
    free(jpred);
    mn_mem_free(code);
    mn_mem_free(positions);
    mn_mem_free(exc);
    mn_mem_free(kinds);
    MN_XDECREF(consts);
    MN_XDECREF(names);
    MN_XDECREF(lpnames);
    return result;
}

/* ---------------------------------------------------------- entry points */

static mn_object *compile_mod(mn_compiler *c, mn_ast_mod *mod)
{
    if (mn_c_enter_scope(c, "<module>", SCOPE_MODULE, mod, 1) < 0)
        return NULL;
    int r = 0;
    int add_none = 1;
    switch (mod->kind) {
    case MN_AST_MODULE:
        r = mn_c_body(c, mod->body, 1);
        break;
    case MN_AST_INTERACTIVE:
        c->interactive = 1;
        r = mn_c_visit_stmts(c, mod->body);
        break;
    case MN_AST_EXPRESSION:
        r = mn_c_visit_expr(c, mod->expr_body);
        add_none = 0;
        break;
    }
    mn_object *co = r < 0 ? NULL : mn_c_assemble(c, add_none);
    mn_c_exit_scope(c);
    return co;
}

mn_object *mn_compile_ast(struct mn_ast_mod *mod_, const char *filename, mn_compile_mode mode,
                          const char *src, mn_ssize len)
{
    mn_ast_mod *mod = (mn_ast_mod *)mod_;
    mn_compiler c = {0};
    c.src = src;
    c.srclen = (size_t)len;
    c.mode = mode;
    c.filename = mn_str_from_cstr(filename);
    if (!c.filename)
        return NULL;
    mn_syntax_error err = {0};
    int recursion = 0;
    c.st = mn_symtable_build(mod, src, (size_t)len, &err, &recursion);
    if (!c.st) {
        if (recursion) {
            mn_err_set_string(&mn_exc_RecursionError, "maximum recursion depth exceeded during compilation");
        } else {
            /* Report the symtable's located error as a SyntaxError. */
            mn_cunit dummy = {0};
            c.u = &dummy;
            mn_code_pos p = {err.lineno, err.end_lineno, -1, -1};
            (void)p;
            mn_compiler *cp = &c;
            size_t linelen = 0;
            const char *line = src ? mn_source_line(src, (size_t)len, err.lineno, &linelen) : NULL;
            mn_object *text = NULL;
            if (line)
                text = mn_str_from_format("%.*s\n", (int)linelen, line);
            if (!text) {
                mn_err_clear();
                text = mn_new_ref(mn_none);
            }
            mn_object *m = mn_str_from_cstr(err.msg);
            mn_object *ln = mn_int_from_ssize(err.lineno), *off = mn_int_from_ssize(err.offset);
            mn_object *eln = mn_int_from_ssize(err.end_lineno), *eoff = mn_int_from_ssize(err.end_offset);
            mn_object *loc = (ln && off && eln && eoff) ? mn_tuple_pack(6, cp->filename, ln, off, text, eln, eoff) : NULL;
            mn_object *args = (m && loc) ? mn_tuple_pack(2, m, loc) : NULL;
            if (args)
                mn_err_set_object(&mn_exc_SyntaxError, args);
            MN_XDECREF(m); MN_XDECREF(ln); MN_XDECREF(off); MN_XDECREF(eln); MN_XDECREF(eoff);
            MN_XDECREF(loc); MN_XDECREF(args); MN_DECREF(text);
        }
        MN_DECREF(c.filename);
        return NULL;
    }
    mn_object *co = compile_mod(&c, mod);
    while (c.u)
        mn_c_exit_scope(&c);
    mn_symtable_free(c.st);
    MN_DECREF(c.filename);
    return co;
}

mn_object *mn_compile_source(const char *src, mn_ssize len, const char *filename,
                             mn_compile_mode mode, int *incomplete)
{
    if (incomplete)
        *incomplete = 0;
    mn_ast_arena *arena = mn_ast_arena_new();
    if (!arena)
        return mn_err_no_memory();
    mn_syntax_error err = {0};
    mn_parse_mode pm = mode == MN_COMPILE_EVAL ? MN_PARSE_EVAL :
                       mode == MN_COMPILE_SINGLE ? MN_PARSE_SINGLE : MN_PARSE_FILE;
    mn_ast_mod *mod = mn_parse(src, (size_t)len, filename, pm, arena, &err);
    if (!mod) {
        if (incomplete)
            *incomplete = err.incomplete;
        mn_type *t = err.kind == MN_ERR_INDENTATION ? &mn_exc_IndentationError :
                     err.kind == MN_ERR_TAB ? &mn_exc_TabError : &mn_exc_SyntaxError;
        size_t linelen = 0;
        const char *line = mn_source_line(src, (size_t)len, err.lineno, &linelen);
        mn_object *text = line ? mn_str_from_format("%.*s\n", (int)linelen, line) : NULL;
        if (!text) {
            mn_err_clear();
            text = mn_new_ref(mn_none);
        }
        mn_object *fn = mn_str_from_cstr(filename);
        mn_object *m = mn_str_from_cstr(err.msg);
        mn_object *ln = mn_int_from_ssize(err.lineno), *off = mn_int_from_ssize(err.offset);
        mn_object *eln = mn_int_from_ssize(err.end_lineno), *eoff = mn_int_from_ssize(err.end_offset);
        mn_object *loc = (fn && ln && off && eln && eoff) ? mn_tuple_pack(6, fn, ln, off, text, eln, eoff) : NULL;
        mn_object *args = (m && loc) ? mn_tuple_pack(2, m, loc) : NULL;
        if (args)
            mn_err_set_object(t, args);
        MN_XDECREF(fn); MN_XDECREF(m); MN_XDECREF(ln); MN_XDECREF(off); MN_XDECREF(eln);
        MN_XDECREF(eoff); MN_XDECREF(loc); MN_XDECREF(args); MN_DECREF(text);
        mn_ast_arena_free(arena);
        return NULL;
    }
    mn_object *co = mn_compile_ast((struct mn_ast_mod *)mod, filename, mode, src, len);
    mn_ast_arena_free(arena);
    return co;
}

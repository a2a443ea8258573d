/* compiler/compile_expr.c — code generation for expressions (CPython
 * 3.11's compiler_visit_expr and helpers), including constant folding (the
 * AST optimizer's fold_* rules: never fold what raises or what would be
 * huge), calls, comprehensions (nested code objects taking `.0`), f-strings,
 * displays with starred items, yield/await and name resolution
 * (LOAD_FAST / LOAD_DEREF / LOAD_GLOBAL / LOAD_NAME by the symbol table).
 */
#include <math.h>
#include <string.h>
#include "compiler/compile_internal.h"

#define EMIT(op, arg) do { if (mn_c_emit(c, (op), (arg)) < 0) return -1; } while (0)
#define EMIT_JUMP(op, l) do { if (mn_c_emit_jump(c, (op), (l)) < 0) return -1; } while (0)
#define VISIT(e) do { if (mn_c_visit_expr(c, (e)) < 0) return -1; } while (0)
#define NEW_LABEL(l) int l = mn_c_new_label(c); if (l < 0) return -1
#define PLACE(l) mn_c_place_label(c, (l))

/* --------------------------------------------------------- constants */

mn_object *mn_c_constant_value(mn_compiler *c, const mn_ast_constant *k, int *err)
{
    (void)c;
    mn_object *o = NULL;
    switch (k->kind) {
    case MN_CONST_NONE: return mn_new_ref(mn_none);
    case MN_CONST_TRUE: return mn_new_ref(mn_true);
    case MN_CONST_FALSE: return mn_new_ref(mn_false);
    case MN_CONST_ELLIPSIS: return mn_new_ref(mn_ellipsis);
    case MN_CONST_INT:
        o = mn_int_from_string(k->int_digits, (mn_ssize)strlen(k->int_digits), k->int_base);
        break;
    case MN_CONST_FLOAT: o = mn_float_from_double(k->number); break;
    case MN_CONST_STR:
        o = mn_str_from_utf8(k->data, (mn_ssize)k->len);
        if (o) {
            /* identifier-like constants are interned, as CPython does */
            int ident = k->len > 0;
            for (size_t i = 0; i < k->len && ident; i++) {
                char ch = k->data[i];
                ident = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                        (ch >= '0' && ch <= '9') || ch == '_';
            }
            if (ident)
                o = mn_str_intern(o);
        }
        break;
    case MN_CONST_BYTES: o = mn_bytes_from_data(k->data, (mn_ssize)k->len); break;
    case MN_CONST_COMPLEX:
        mn_err_set_string(&mn_exc_SyntaxError, "complex literals are not supported");
        break;
    }
    if (!o)
        *err = 1;
    return o;
}

#define MAX_INT_SIZE 128
#define MAX_COLLECTION_SIZE 256
#define MAX_STR_SIZE 4096

static int is_int(mn_object *o) { return MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_INT_SUBCLASS); }
static mn_ssize seq_size(mn_object *o)
{
    if (MN_TUPLE_CHECK(o)) return MN_TUPLE_SIZE(o);
    if (MN_STR_CHECK(o)) return MN_STR_NBYTES(o);
    if (MN_BYTES_CHECK(o)) return MN_BYTES_SIZE(o);
    if (MN_TYPE(o) == &mn_frozenset_type) return mn_object_length(o);
    return -1;
}

/* The size guards of CPython's ast_opt.c (safe_multiply/power/lshift/mod). */
static int fold_allowed(mn_ast_operator op, mn_object *v, mn_object *w)
{
    if (op == MN_AST_MULT) {
        if (is_int(v) && is_int(w)) {
            if (mn_int_sign(v) && mn_int_sign(w) &&
                mn_int_bit_length(v) + mn_int_bit_length(w) > MAX_INT_SIZE)
                return 0;
            return 1;
        }
        mn_object *seq = is_int(v) ? w : v, *num = is_int(v) ? v : w;
        if (is_int(num) && seq_size(seq) >= 0) {
            int64_t n;
            if (mn_int_to_i64(num, &n) < 0) {
                mn_err_clear();
                return 0;
            }
            mn_ssize size = seq_size(seq);
            mn_ssize limit = (MN_TUPLE_CHECK(seq) || MN_TYPE(seq) == &mn_frozenset_type) ? MAX_COLLECTION_SIZE : MAX_STR_SIZE;
            if (n > 0 && size > 0 && (n > limit || size > limit / n))
                return 0;
        }
        return 1;
    }
    if (op == MN_AST_POW) {
        if (is_int(v) && is_int(w) && mn_int_sign(v) && mn_int_sign(w) > 0) {
            int64_t wb;
            if (mn_int_to_i64(w, &wb) < 0) {
                mn_err_clear();
                return 0;
            }
            mn_ssize vbits = mn_int_bit_length(v);
            if (vbits > MAX_INT_SIZE / wb)
                return 0;
        }
        return 1;
    }
    if (op == MN_AST_LSHIFT) {
        if (is_int(v) && is_int(w) && mn_int_sign(v) && mn_int_sign(w)) {
            int64_t wb;
            if (mn_int_to_i64(w, &wb) < 0) {
                mn_err_clear();
                return 0;
            }
            mn_ssize vbits = mn_int_bit_length(v);
            if (wb < 0 || wb > MAX_INT_SIZE || vbits > MAX_INT_SIZE - wb)
                return 0;
        }
        return 1;
    }
    if (op == MN_AST_MOD) {
        /* never fold str/bytes % formatting */
        return !(MN_STR_CHECK(v) || MN_BYTES_CHECK(v));
    }
    return 1;
}

static int binop_of(mn_ast_operator op)
{
    switch (op) {
    case MN_AST_ADD: return MN_BINOP_ADD;
    case MN_AST_SUB: return MN_BINOP_SUBTRACT;
    case MN_AST_MULT: return MN_BINOP_MULTIPLY;
    case MN_AST_MATMULT: return MN_BINOP_MATRIX_MULTIPLY;
    case MN_AST_DIV: return MN_BINOP_TRUE_DIVIDE;
    case MN_AST_MOD: return MN_BINOP_REMAINDER;
    case MN_AST_POW: return MN_BINOP_POWER;
    case MN_AST_LSHIFT: return MN_BINOP_LSHIFT;
    case MN_AST_RSHIFT: return MN_BINOP_RSHIFT;
    case MN_AST_BITOR: return MN_BINOP_OR;
    case MN_AST_BITXOR: return MN_BINOP_XOR;
    case MN_AST_BITAND: return MN_BINOP_AND;
    case MN_AST_FLOORDIV: return MN_BINOP_FLOOR_DIVIDE;
    default: return MN_BINOP_ADD;
    }
}

/* A failed fold is not an error: the operation stays in the code and
 * raises at run time (1/0). Only MemoryError-like failures propagate. */
static mn_object *fold_failed(void)
{
    mn_err_clear();
    return NULL;
}

mn_object *mn_c_fold(mn_compiler *c, mn_ast_expr *e, int *err)
{
    switch (e->kind) {
    case MN_AST_CONSTANT:
        return mn_c_constant_value(c, &e->v.constant.value, err);
    case MN_AST_NAME:
        if (e->v.name.ctx == MN_AST_LOAD && strcmp(e->v.name.id, "__debug__") == 0)
            return mn_new_ref(mn_true);
        return NULL;
    case MN_AST_UNARY_OP: {
        mn_ast_expr *a = e->v.unary_op.operand;
        if (a->kind != MN_AST_CONSTANT && a->kind != MN_AST_UNARY_OP && a->kind != MN_AST_BIN_OP &&
            a->kind != MN_AST_TUPLE)
            return NULL;
        mn_object *v = mn_c_fold(c, a, err);
        if (!v)
            return NULL;
        mn_object *r = NULL;
        switch (e->v.unary_op.op) {
        case MN_AST_INVERT: r = mn_number_invert(v); break;
        case MN_AST_UADD: r = mn_number_positive(v); break;
        case MN_AST_USUB: r = mn_number_negative(v); break;
        case MN_AST_NOT: {
            int t = mn_object_is_true(v);
            r = t < 0 ? NULL : mn_new_ref(t ? mn_false : mn_true);
            break;
        }
        }
        MN_DECREF(v);
        return r ? r : fold_failed();
    }
    case MN_AST_BIN_OP: {
        mn_object *v = mn_c_fold(c, e->v.bin_op.left, err);
        if (!v)
            return NULL;
        mn_object *w = mn_c_fold(c, e->v.bin_op.right, err);
        if (!w) {
            MN_DECREF(v);
            return NULL;
        }
        mn_object *r = NULL;
        if (fold_allowed(e->v.bin_op.op, v, w)) {
            if (e->v.bin_op.op == MN_AST_POW)
                r = mn_number_power(v, w, mn_none);
            else
                r = mn_number_binop(v, w, binop_of(e->v.bin_op.op));
            if (!r)
                mn_err_clear();
            /* results too large to keep as constants stay unfolded */
            if (r && seq_size(r) > (MN_STR_CHECK(r) || MN_BYTES_CHECK(r) ? MAX_STR_SIZE : MAX_COLLECTION_SIZE))
                MN_CLEAR(r);
        }
        MN_DECREF(v);
        MN_DECREF(w);
        return r;
    }
    case MN_AST_TUPLE: {
        if (e->v.list.ctx != MN_AST_LOAD)
            return NULL;
        int n = e->v.list.elts.len;
        for (int i = 0; i < n; i++)
            if (e->v.list.elts.items[i]->kind == MN_AST_STARRED)
                return NULL;
        mn_object *t = mn_tuple_new(n);
        if (!t) {
            *err = 1;
            return NULL;
        }
        for (int i = 0; i < n; i++) {
            mn_object *v = mn_c_fold(c, e->v.list.elts.items[i], err);
            if (!v) {
                MN_DECREF(t);
                return NULL;
            }
            MN_TUPLE_SET(t, i, v);
        }
        return t;
    }
    case MN_AST_SUBSCRIPT: {
        if (e->v.subscript.ctx != MN_AST_LOAD || e->v.subscript.slice->kind == MN_AST_SLICE)
            return NULL;
        mn_object *v = mn_c_fold(c, e->v.subscript.value, err);
        if (!v)
            return NULL;
        mn_object *k = mn_c_fold(c, e->v.subscript.slice, err);
        if (!k) {
            MN_DECREF(v);
            return NULL;
        }
        mn_object *r = mn_object_getitem(v, k);
        MN_DECREF(v);
        MN_DECREF(k);
        return r ? r : fold_failed();
    }
    default:
        return NULL;
    }
}

/* Tries to emit e as one LOAD_CONST. 1: done, 0: not constant, -1 error. */
static int try_const(mn_compiler *c, mn_ast_expr *e)
{
    int err = 0;
    mn_object *v = mn_c_fold(c, e, &err);
    if (!v) {
        if (err) {
            if (mn_err_matches(&mn_exc_ValueError)) {
                /* int literal over the str->int digit limit: SyntaxError */
                mn_object *exc = mn_err_fetch();
                mn_object *msg = mn_object_str(exc);
                MN_DECREF(exc);
                if (!msg)
                    return -1;
                mn_c_error(c, "%s - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.",
                           mn_str_as_utf8(msg));
                MN_DECREF(msg);
            }
            return -1;
        }
        return mn_err_occurred() ? -1 : 0;
    }
    return mn_c_emit_const_new(c, v) < 0 ? -1 : 1;
}

/* ------------------------------------------------------------- names */

int mn_c_nameop(mn_compiler *c, const char *name, mn_ast_expr_context ctx)
{
    mn_cunit *u = c->u;
    if (strcmp(name, "__debug__") == 0 && ctx != MN_AST_LOAD)
        return mn_c_error(c, ctx == MN_AST_STORE ? "cannot assign to __debug__" : "cannot delete __debug__");
    const char *m = mn_c_mangle(c, name);
    if (!m)
        return -1;
    mn_scope scope = mn_ste_scope(u->ste, m);
    int is_func = u->ste->type == MN_BLOCK_FUNCTION;
    enum { OP_NAME, OP_FAST, OP_GLOBAL, OP_DEREF } optype = OP_NAME;
    mn_object *dict = u->names;
    int deref_offset = 0;
    switch (scope) {
    case MN_SCOPE_FREE:
        dict = u->freevars;
        optype = OP_DEREF;
        break;
    case MN_SCOPE_CELL:
        dict = u->cellvars;
        optype = OP_DEREF;
        break;
    case MN_SCOPE_LOCAL:
        if (is_func)
            optype = OP_FAST;
        break;
    case MN_SCOPE_GLOBAL_IMPLICIT:
        if (is_func)
            optype = OP_GLOBAL;
        break;
    case MN_SCOPE_GLOBAL_EXPLICIT:
        optype = OP_GLOBAL;
        break;
    default:
        break;
    }
    /* A class-body local that methods capture is both a local and free. */
    if (optype == OP_NAME && u->ste->type == MN_BLOCK_CLASS && scope == MN_SCOPE_LOCAL) {
        mn_symbol *sym = mn_ste_lookup(u->ste, m);
        (void)sym;
    }
    int op = 0;
    switch (optype) {
    case OP_DEREF:
        op = ctx == MN_AST_LOAD ? (u->ste->type == MN_BLOCK_CLASS ? MN_OP_LOAD_CLASSDEREF : MN_OP_LOAD_DEREF)
           : ctx == MN_AST_STORE ? MN_OP_STORE_DEREF : MN_OP_DELETE_DEREF;
        break;
    case OP_FAST: {
        op = ctx == MN_AST_LOAD ? MN_OP_LOAD_FAST : ctx == MN_AST_STORE ? MN_OP_STORE_FAST : MN_OP_DELETE_FAST;
        int i = mn_c_add_name(c, u->varnames, m);
        return i < 0 ? -1 : mn_c_emit(c, op, i);
    }
    case OP_GLOBAL:
        op = ctx == MN_AST_LOAD ? MN_OP_LOAD_GLOBAL : ctx == MN_AST_STORE ? MN_OP_STORE_GLOBAL : MN_OP_DELETE_GLOBAL;
        break;
    case OP_NAME:
        op = ctx == MN_AST_LOAD ? MN_OP_LOAD_NAME : ctx == MN_AST_STORE ? MN_OP_STORE_NAME : MN_OP_DELETE_NAME;
        break;
    }
    (void)deref_offset;
    int i = mn_c_add_name(c, dict, m);
    if (i < 0)
        return -1;
    if (op == MN_OP_LOAD_GLOBAL)
        i <<= 1;
    return mn_c_emit(c, op, i);
}

/* ----------------------------------------------------- helpers */

static int is_const_expr(mn_compiler *c, mn_ast_expr *e)
{
    if (e->kind != MN_AST_CONSTANT)
        return 0;
    (void)c;
    return 1;
}

static int all_const(mn_compiler *c, mn_ast_expr_seq elts, int begin, int end)
{
    for (int i = begin; i < end; i++)
        if (!elts.items[i] || !is_const_expr(c, elts.items[i]))
            return 0;
    return 1;
}

static mn_object *const_tuple(mn_compiler *c, mn_ast_expr_seq elts, int begin, int end)
{
    mn_object *t = mn_tuple_new(end - begin);
    if (!t)
        return NULL;
    for (int i = begin; i < end; i++) {
        int err = 0;
        mn_object *v = mn_c_fold(c, elts.items[i], &err);
        if (!v) {
            MN_DECREF(t);
            if (!mn_err_occurred())
                mn_err_set_string(&mn_exc_SystemError, "compiler: constant expected");
            return NULL;
        }
        MN_TUPLE_SET(t, i - begin, v);
    }
    return t;
}

/* CPython's starunpack_helper: lists, tuples, sets and call arguments. */
static int starunpack(mn_compiler *c, mn_ast_expr_seq elts, int pushed, int build, int add,
                      int extend, int tuple)
{
    int n = elts.len;
    if (n > 2 && all_const(c, elts, 0, n)) {
        mn_object *folded = const_tuple(c, elts, 0, n);
        if (!folded)
            return -1;
        if (tuple && !pushed)
            return mn_c_emit_const_new(c, folded);
        if (add == MN_OP_SET_ADD) {
            mn_object *fs = mn_frozenset_new(folded);
            MN_DECREF(folded);
            if (!fs)
                return -1;
            folded = fs;
        }
        EMIT(build, pushed);
        if (mn_c_emit_const_new(c, folded) < 0)
            return -1;
        EMIT(extend, 1);
        if (tuple)
            EMIT(MN_OP_LIST_TO_TUPLE, 0);
        return 0;
    }
    int big = n + pushed > MN_STACK_USE_GUIDELINE, seen_star = 0;
    for (int i = 0; i < n; i++)
        if (elts.items[i]->kind == MN_AST_STARRED)
            seen_star = 1;
    if (!seen_star && !big) {
        for (int i = 0; i < n; i++)
            VISIT(elts.items[i]);
        EMIT(tuple ? MN_OP_BUILD_TUPLE : build, n + pushed);
        return 0;
    }
    int built = 0;
    if (big) {
        EMIT(build, pushed);
        built = 1;
    }
    for (int i = 0; i < n; i++) {
        mn_ast_expr *elt = elts.items[i];
        if (elt->kind == MN_AST_STARRED) {
            if (!built) {
                EMIT(build, i + pushed);
                built = 1;
            }
            VISIT(elt->v.starred.value);
            EMIT(extend, 1);
        } else {
            VISIT(elt);
            if (built)
                EMIT(add, 1);
        }
    }
    if (tuple)
        EMIT(MN_OP_LIST_TO_TUPLE, 0);
    return 0;
}

static int unpack_helper(mn_compiler *c, mn_ast_expr_seq elts)
{
    int n = elts.len, seen_star = 0;
    for (int i = 0; i < n; i++) {
        mn_ast_expr *elt = elts.items[i];
        if (elt->kind == MN_AST_STARRED && !seen_star) {
            if (i >= (1 << 8) || n - i - 1 >= (MN_MAX_OPARG >> 8))
                return mn_c_error(c, "too many expressions in star-unpacking assignment");
            EMIT(MN_OP_UNPACK_EX, i + ((n - i - 1) << 8));
            seen_star = 1;
        } else if (elt->kind == MN_AST_STARRED) {
            return mn_c_error(c, "multiple starred expressions in assignment");
        }
    }
    if (!seen_star)
        EMIT(MN_OP_UNPACK_SEQUENCE, n);
    return 0;
}

static int assignment_helper(mn_compiler *c, mn_ast_expr_seq elts)
{
    if (unpack_helper(c, elts) < 0)
        return -1;
    for (int i = 0; i < elts.len; i++) {
        mn_ast_expr *elt = elts.items[i];
        VISIT(elt->kind == MN_AST_STARRED ? elt->v.starred.value : elt);
    }
    return 0;
}

static int compare_op(mn_compiler *c, mn_ast_cmpop op)
{
    switch (op) {
    case MN_AST_EQ: EMIT(MN_OP_COMPARE_OP, MN_EQ); break;
    case MN_AST_NOTEQ: EMIT(MN_OP_COMPARE_OP, MN_NE); break;
    case MN_AST_LT: EMIT(MN_OP_COMPARE_OP, MN_LT); break;
    case MN_AST_LTE: EMIT(MN_OP_COMPARE_OP, MN_LE); break;
    case MN_AST_GT: EMIT(MN_OP_COMPARE_OP, MN_GT); break;
    case MN_AST_GTE: EMIT(MN_OP_COMPARE_OP, MN_GE); break;
    case MN_AST_IS: EMIT(MN_OP_IS_OP, 0); break;
    case MN_AST_ISNOT: EMIT(MN_OP_IS_OP, 1); break;
    case MN_AST_IN: EMIT(MN_OP_CONTAINS_OP, 0); break;
    case MN_AST_NOTIN: EMIT(MN_OP_CONTAINS_OP, 1); break;
    }
    return 0;
}

/* fold_iter: a list being iterated / tested with `in` becomes a tuple, a
 * constant set a frozenset. */
int mn_c_visit_iter(mn_compiler *c, mn_ast_expr *e)
{
    if (e->kind == MN_AST_LIST) {
        int r = try_const(c, e);   /* never constant: lists don't fold */
        (void)r;
        if (all_const(c, e->v.list.elts, 0, e->v.list.elts.len)) {
            mn_object *t = const_tuple(c, e->v.list.elts, 0, e->v.list.elts.len);
            return mn_c_emit_const_new(c, t);
        }
        mn_code_pos saved = c->u->loc;
        SET_LOC(c, e);
        int rr = starunpack(c, e->v.list.elts, 0, MN_OP_BUILD_LIST, MN_OP_LIST_APPEND, MN_OP_LIST_EXTEND, 1);
        c->u->loc = saved;
        return rr;
    }
    if (e->kind == MN_AST_SET && e->v.set.elts.len > 0 && all_const(c, e->v.set.elts, 0, e->v.set.elts.len)) {
        mn_object *t = const_tuple(c, e->v.set.elts, 0, e->v.set.elts.len);
        if (!t)
            return -1;
        mn_object *fs = mn_frozenset_new(t);
        MN_DECREF(t);
        return mn_c_emit_const_new(c, fs);
    }
    return mn_c_visit_expr(c, e);
}

static int compare(mn_compiler *c, mn_ast_expr *e)
{
    int n = e->v.compare.ops.len - 1;
    VISIT(e->v.compare.left);
    mn_ast_expr_seq cmp = e->v.compare.comparators;
    mn_ast_cmpop last = e->v.compare.ops.items[n];
    if (n == 0) {
        if (last == MN_AST_IN || last == MN_AST_NOTIN) {
            if (mn_c_visit_iter(c, cmp.items[0]) < 0)
                return -1;
        } else {
            VISIT(cmp.items[0]);
        }
        return compare_op(c, last);
    }
    NEW_LABEL(cleanup);
    for (int i = 0; i < n; i++) {
        VISIT(cmp.items[i]);
        EMIT(MN_OP_SWAP, 2);
        EMIT(MN_OP_COPY, 2);
        if (compare_op(c, e->v.compare.ops.items[i]) < 0)
            return -1;
        EMIT_JUMP(MN_OP_JUMP_IF_FALSE_OR_POP, cleanup);
    }
    if (last == MN_AST_IN || last == MN_AST_NOTIN) {
        if (mn_c_visit_iter(c, cmp.items[n]) < 0)
            return -1;
    } else {
        VISIT(cmp.items[n]);
    }
    if (compare_op(c, last) < 0)
        return -1;
    NEW_LABEL(end);
    UNSET_LOC(c);
    EMIT_JUMP(MN_OP_JUMP, end);
    SET_LOC(c, e);
    PLACE(cleanup);
    EMIT(MN_OP_SWAP, 2);
    EMIT(MN_OP_POP_TOP, 0);
    PLACE(end);
    return 0;
}

int mn_c_jump_if(mn_compiler *c, mn_ast_expr *e, int label, int cond)
{
    if (mn_c_enter(c) < 0)
        return -1;
    int r = 0;
    switch (e->kind) {
    case MN_AST_UNARY_OP:
        if (e->v.unary_op.op == MN_AST_NOT) {
            r = mn_c_jump_if(c, e->v.unary_op.operand, label, !cond);
            goto out;
        }
        break;
    case MN_AST_BOOL_OP: {
        mn_ast_expr_seq s = e->v.bool_op.values;
        int n = s.len - 1;
        int cond2 = e->v.bool_op.op == MN_AST_OR;
        int next2 = label;
        if (!cond2 != !cond) {
            next2 = mn_c_new_label(c);
            if (next2 < 0) { r = -1; goto out; }
        }
        for (int i = 0; i < n && r == 0; i++)
            r = mn_c_jump_if(c, s.items[i], next2, cond2);
        if (r == 0)
            r = mn_c_jump_if(c, s.items[n], label, cond);
        if (next2 != label)
            PLACE(next2);
        goto out;
    }
    case MN_AST_IF_EXP: {
        int end = mn_c_new_label(c), next2 = mn_c_new_label(c);
        if (end < 0 || next2 < 0 || mn_c_jump_if(c, e->v.if_exp.test, next2, 0) < 0 ||
            mn_c_jump_if(c, e->v.if_exp.body, label, cond) < 0 || mn_c_emit_jump(c, MN_OP_JUMP, end) < 0) {
            r = -1;
            goto out;
        }
        PLACE(next2);
        r = mn_c_jump_if(c, e->v.if_exp.orelse, label, cond);
        PLACE(end);
        goto out;
    }
    case MN_AST_COMPARE: {
        int n = e->v.compare.ops.len - 1;
        if (n > 0) {
            int cleanup = mn_c_new_label(c), end = mn_c_new_label(c);
            r = (cleanup < 0 || end < 0) ? -1 : mn_c_visit_expr(c, e->v.compare.left);
            mn_code_pos saved = c->u->loc;
            SET_LOC(c, e);
            for (int i = 0; i < n && r == 0; i++) {
                r = mn_c_visit_expr(c, e->v.compare.comparators.items[i]);
                if (r == 0) r = mn_c_emit(c, MN_OP_SWAP, 2);
                if (r == 0) r = mn_c_emit(c, MN_OP_COPY, 2);
                if (r == 0) r = compare_op(c, e->v.compare.ops.items[i]);
                if (r == 0) r = mn_c_emit_jump(c, MN_OP_POP_JUMP_IF_FALSE, cleanup);
            }
            if (r == 0) r = mn_c_visit_expr(c, e->v.compare.comparators.items[n]);
            if (r == 0) r = compare_op(c, e->v.compare.ops.items[n]);
            c->u->loc = saved;
            if (r == 0) r = mn_c_emit_jump(c, cond ? MN_OP_POP_JUMP_IF_TRUE : MN_OP_POP_JUMP_IF_FALSE, label);
            if (r == 0) r = mn_c_emit_jump(c, MN_OP_JUMP, end);
            PLACE(cleanup);
            if (r == 0) r = mn_c_emit(c, MN_OP_POP_TOP, 0);
            if (r == 0 && !cond) r = mn_c_emit_jump(c, MN_OP_JUMP, label);
            PLACE(end);
            goto out;
        }
        break;
    }
    default:
        break;
    }
    {
        /* constant conditions need no test */
        int err = 0;
        mn_object *v = (e->kind == MN_AST_CONSTANT || e->kind == MN_AST_NAME) ? mn_c_fold(c, e, &err) : NULL;
        if (v) {
            int t = mn_object_is_true(v);
            MN_DECREF(v);
            if (t == cond)
                r = mn_c_emit_jump(c, MN_OP_JUMP, label);
            goto out;
        }
        if (err) { r = -1; goto out; }
    }
    r = mn_c_visit_expr(c, e);
    if (r == 0)
        r = mn_c_emit_jump(c, cond ? MN_OP_POP_JUMP_IF_TRUE : MN_OP_POP_JUMP_IF_FALSE, label);
out:
    mn_c_leave(c);
    return r;
}

/* ------------------------------------------------------ calls */

static int validate_keywords(mn_compiler *c, mn_ast_keyword_seq kws)
{
    for (int i = 0; i < kws.len; i++) {
        if (!kws.items[i]->arg)
            continue;
        for (int j = i + 1; j < kws.len; j++)
            if (kws.items[j]->arg && strcmp(kws.items[i]->arg, kws.items[j]->arg) == 0)
                return mn_c_error_at(c, kws.items[j]->pos, "keyword argument repeated: %s", kws.items[i]->arg);
    }
    return 0;
}

static int subkwargs(mn_compiler *c, mn_ast_keyword_seq kws, int begin, int end)
{
    int n = end - begin;
    int big = n * 2 > MN_STACK_USE_GUIDELINE;
    if (n > 1 && !big) {
        mn_object *keys = mn_tuple_new(n);
        if (!keys)
            return -1;
        for (int i = begin; i < end; i++) {
            mn_object *k = mn_str_intern_cstr(kws.items[i]->arg);
            if (!k) {
                MN_DECREF(keys);
                return -1;
            }
            MN_TUPLE_SET(keys, i - begin, k);
            if (mn_c_visit_expr(c, kws.items[i]->value) < 0) {
                MN_DECREF(keys);
                return -1;
            }
        }
        if (mn_c_emit_const_new(c, keys) < 0)
            return -1;
        EMIT(MN_OP_BUILD_CONST_KEY_MAP, n);
        return 0;
    }
    if (big)
        EMIT(MN_OP_BUILD_MAP, 0);
    for (int i = begin; i < end; i++) {
        if (mn_c_emit_const_new(c, mn_str_intern_cstr(kws.items[i]->arg)) < 0)
            return -1;
        VISIT(kws.items[i]->value);
        if (big)
            EMIT(MN_OP_MAP_ADD, 1);
    }
    if (!big)
        EMIT(MN_OP_BUILD_MAP, n);
    return 0;
}

int mn_c_call_helper(mn_compiler *c, int n, mn_ast_expr_seq args, mn_ast_keyword_seq kws)
{
    if (validate_keywords(c, kws) < 0)
        return -1;
    int nelts = args.len, nkw = kws.len;
    int ex = nelts + nkw * 2 > MN_STACK_USE_GUIDELINE;
    for (int i = 0; i < nelts && !ex; i++)
        if (args.items[i]->kind == MN_AST_STARRED)
            ex = 1;
    for (int i = 0; i < nkw && !ex; i++)
        if (!kws.items[i]->arg)
            ex = 1;
    if (!ex) {
        for (int i = 0; i < nelts; i++)
            VISIT(args.items[i]);
        if (nkw) {
            mn_object *names = mn_tuple_new(nkw);
            if (!names)
                return -1;
            for (int i = 0; i < nkw; i++) {
                mn_object *k = mn_str_intern_cstr(kws.items[i]->arg);
                if (!k) {
                    MN_DECREF(names);
                    return -1;
                }
                MN_TUPLE_SET(names, i, k);
                if (mn_c_visit_expr(c, kws.items[i]->value) < 0) {
                    MN_DECREF(names);
                    return -1;
                }
            }
            int idx = mn_c_add_const(c, names);
            MN_DECREF(names);
            if (idx < 0)
                return -1;
            EMIT(MN_OP_KW_NAMES, idx);
        }
        EMIT(MN_OP_CALL, n + nelts + nkw);
        return 0;
    }
    if (n == 0 && nelts == 1 && args.items[0]->kind == MN_AST_STARRED) {
        VISIT(args.items[0]->v.starred.value);
    } else if (starunpack(c, args, n, MN_OP_BUILD_LIST, MN_OP_LIST_APPEND, MN_OP_LIST_EXTEND, 1) < 0) {
        return -1;
    }
    if (nkw) {
        int have_dict = 0, nseen = 0;
        for (int i = 0; i < nkw; i++) {
            if (!kws.items[i]->arg) {
                if (nseen) {
                    if (subkwargs(c, kws, i - nseen, i) < 0)
                        return -1;
                    if (have_dict)
                        EMIT(MN_OP_DICT_MERGE, 1);
                    have_dict = 1;
                    nseen = 0;
                }
                if (!have_dict) {
                    EMIT(MN_OP_BUILD_MAP, 0);
                    have_dict = 1;
                }
                VISIT(kws.items[i]->value);
                EMIT(MN_OP_DICT_MERGE, 1);
            } else {
                nseen++;
            }
        }
        if (nseen) {
            if (subkwargs(c, kws, nkw - nseen, nkw) < 0)
                return -1;
            if (have_dict)
                EMIT(MN_OP_DICT_MERGE, 1);
        }
    }
    EMIT(MN_OP_CALL_FUNCTION_EX, nkw > 0);
    return 0;
}

/* For multi-line `obj.\nattr`, CPython points at the attribute's line. */
static void update_loc_to_match_attr(mn_compiler *c, mn_ast_expr *meth)
{
    if (meth->pos.lineno != meth->pos.end_lineno) {
        c->u->loc.lineno = meth->pos.end_lineno;
        c->u->loc.col = meth->pos.end_col_offset - (int)strlen(meth->v.attribute.attr) - 1;
    }
}

static int is_global_name_call(mn_compiler *c, mn_ast_expr *f)
{
    if (f->kind != MN_AST_NAME)
        return 0;
    const char *m = mn_symtable_mangle(c->st, c->u->private_name, f->v.name.id);
    if (!m)
        return 0;
    mn_scope s = mn_ste_scope(c->u->ste, m);
    return s == MN_SCOPE_GLOBAL_EXPLICIT || (s == MN_SCOPE_GLOBAL_IMPLICIT && c->u->ste->type == MN_BLOCK_FUNCTION);
}

static int call(mn_compiler *c, mn_ast_expr *e)
{
    mn_ast_expr *f = e->v.call.func;
    mn_ast_expr_seq args = e->v.call.args;
    mn_ast_keyword_seq kws = e->v.call.keywords;
    /* obj.meth(...) without star-args and with few arguments: LOAD_METHOD */
    if (f->kind == MN_AST_ATTRIBUTE && f->v.attribute.ctx == MN_AST_LOAD && args.len < MN_STACK_USE_GUIDELINE &&
        kws.len < MN_STACK_USE_GUIDELINE) {
        int simple = 1;
        for (int i = 0; i < args.len; i++)
            if (args.items[i]->kind == MN_AST_STARRED)
                simple = 0;
        for (int i = 0; i < kws.len; i++)
            if (!kws.items[i]->arg)
                simple = 0;
        if (simple) {
            if (validate_keywords(c, kws) < 0)
                return -1;
            VISIT(f->v.attribute.value);
            SET_LOC(c, f);
            update_loc_to_match_attr(c, f);
            if (mn_c_emit_name(c, MN_OP_LOAD_METHOD, f->v.attribute.attr) < 0)
                return -1;
            for (int i = 0; i < args.len; i++)
                VISIT(args.items[i]);
            if (kws.len) {
                mn_object *names = mn_tuple_new(kws.len);
                if (!names)
                    return -1;
                for (int i = 0; i < kws.len; i++) {
                    mn_object *k = mn_str_intern_cstr(kws.items[i]->arg);
                    if (!k) {
                        MN_DECREF(names);
                        return -1;
                    }
                    MN_TUPLE_SET(names, i, k);
                    if (mn_c_visit_expr(c, kws.items[i]->value) < 0) {
                        MN_DECREF(names);
                        return -1;
                    }
                }
                SET_LOC(c, e);
                update_loc_to_match_attr(c, f);
                int idx = mn_c_add_const(c, names);
                MN_DECREF(names);
                if (idx < 0)
                    return -1;
                EMIT(MN_OP_KW_NAMES, idx);
            }
            SET_LOC(c, e);
            update_loc_to_match_attr(c, f);
            EMIT(MN_OP_CALL, args.len + kws.len);
            return 0;
        }
    }
    if (is_global_name_call(c, f)) {
        /* LOAD_GLOBAL with the push-NULL bit replaces PUSH_NULL + LOAD_GLOBAL */
        SET_LOC(c, f);
        const char *m = mn_c_mangle(c, f->v.name.id);
        if (!m)
            return -1;
        int i = mn_c_add_name(c, c->u->names, m);
        if (i < 0)
            return -1;
        EMIT(MN_OP_LOAD_GLOBAL, (i << 1) | 1);
    } else {
        SET_LOC(c, f);
        EMIT(MN_OP_PUSH_NULL, 0);
        VISIT(f);
    }
    SET_LOC(c, e);
    return mn_c_call_helper(c, 0, args, kws);
}

/* ----------------------------------------------------- yield / await */

int mn_c_add_yield_from(mn_compiler *c, int await)
{
    NEW_LABEL(start);
    NEW_LABEL(exit);
    PLACE(start);
    EMIT_JUMP(MN_OP_SEND, exit);
    EMIT(MN_OP_YIELD_VALUE, 0);
    EMIT(MN_OP_RESUME, await ? 3 : 2);
    EMIT_JUMP(MN_OP_JUMP, start);
    PLACE(exit);
    return 0;
}

static int emit_yield(mn_compiler *c)
{
    if (c->u->ste->generator && c->u->ste->coroutine)
        EMIT(MN_OP_ASYNC_GEN_WRAP, 0);
    EMIT(MN_OP_YIELD_VALUE, 0);
    EMIT(MN_OP_RESUME, 1);
    return 0;
}

/* ------------------------------------------------------- closures */

int mn_c_make_closure(mn_compiler *c, mn_object *co_obj, int flags, mn_object *qualname)
{
    (void)qualname;
    mn_code *co = (mn_code *)co_obj;
    if (co->nfreevars) {
        mn_object *fv = co->freevars;
        for (mn_ssize i = 0; i < MN_TUPLE_SIZE(fv); i++) {
            mn_object *name = MN_TUPLE_GET(fv, i);
            const char *s = mn_str_as_utf8(name);
            int cell;
            if (c->u->scope_type == SCOPE_CLASS && strcmp(s, "__class__") == 0)
                cell = 1;
            else
                cell = mn_ste_scope(c->u->ste, s) == MN_SCOPE_CELL;
            mn_object *idx = mn_dict_get_item(cell ? c->u->cellvars : c->u->freevars, name);
            if (!idx) {
                if (!mn_err_occurred())
                    mn_err_format(&mn_exc_SystemError, "compiler: no closure cell for %U", name);
                return -1;
            }
            int arg = (int)mn_int_as_ssize(idx);
            EMIT(MN_OP_LOAD_CLOSURE, arg);
        }
        flags |= 8;
        EMIT(MN_OP_BUILD_TUPLE, co->nfreevars);
    }
    if (mn_c_emit_const(c, co_obj) < 0)
        return -1;
    EMIT(MN_OP_MAKE_FUNCTION, flags);
    return 0;
}

/* ----------------------------------------------------- comprehensions */

static int comprehension_generator(mn_compiler *c, mn_ast_comprehension_seq gens, int gen_index,
                                   int depth, mn_ast_expr *elt, mn_ast_expr *val, int kind);

static int comp_body_end(mn_compiler *c, mn_ast_comprehension_seq gens, int gen_index, int depth,
                         mn_ast_expr *elt, mn_ast_expr *val, int kind)
{
    if (gen_index < gens.len)
        return comprehension_generator(c, gens, gen_index, depth, elt, val, kind);
    switch (kind) {
    case MN_AST_GENERATOR_EXP:
        VISIT(elt);
        if (emit_yield(c) < 0)
            return -1;
        EMIT(MN_OP_POP_TOP, 0);
        break;
    case MN_AST_LIST_COMP:
        VISIT(elt);
        EMIT(MN_OP_LIST_APPEND, depth + 1);
        break;
    case MN_AST_SET_COMP:
        VISIT(elt);
        EMIT(MN_OP_SET_ADD, depth + 1);
        break;
    case MN_AST_DICT_COMP:
        VISIT(elt);
        VISIT(val);
        EMIT(MN_OP_MAP_ADD, depth + 1);
        break;
    }
    return 0;
}

static int comprehension_generator(mn_compiler *c, mn_ast_comprehension_seq gens, int gen_index,
                                   int depth, mn_ast_expr *elt, mn_ast_expr *val, int kind)
{
    mn_ast_comprehension *gen = gens.items[gen_index];
    if (gen->is_async) {
        NEW_LABEL(start);
        NEW_LABEL(except);
        NEW_LABEL(if_cleanup);
        if (gen_index == 0) {
            c->u->argcount = 1;
            EMIT(MN_OP_LOAD_FAST, 0);
        } else {
            VISIT(gen->iter);
            EMIT(MN_OP_GET_AITER, 0);
        }
        PLACE(start);
        if (mn_c_push_fblock(c, FB_ASYNC_COMPREHENSION_GENERATOR, start, -1, NULL) < 0)
            return -1;
        EMIT_JUMP(MN_PSEUDO_SETUP_FINALLY, except);
        EMIT(MN_OP_GET_ANEXT, 0);
        if (mn_c_emit_const(c, mn_none) < 0 || mn_c_add_yield_from(c, 1) < 0)
            return -1;
        EMIT(MN_PSEUDO_POP_BLOCK, 0);
        VISIT(gen->target);
        for (int i = 0; i < gen->ifs.len; i++)
            if (mn_c_jump_if(c, gen->ifs.items[i], if_cleanup, 0) < 0)
                return -1;
        depth++;
        if (comp_body_end(c, gens, gen_index + 1, depth, elt, val, kind) < 0)
            return -1;
        PLACE(if_cleanup);
        EMIT_JUMP(MN_OP_JUMP, start);
        mn_c_pop_fblock(c);
        PLACE(except);
        EMIT(MN_OP_END_ASYNC_FOR, 0);
        return 0;
    }
    NEW_LABEL(start);
    NEW_LABEL(if_cleanup);
    NEW_LABEL(anchor);
    if (gen_index == 0) {
        c->u->argcount = 1;
        EMIT(MN_OP_LOAD_FAST, 0);
    } else {
        if (mn_c_visit_iter(c, gen->iter) < 0)
            return -1;
        EMIT(MN_OP_GET_ITER, 0);
    }
    depth++;
    PLACE(start);
    EMIT_JUMP(MN_OP_FOR_ITER, anchor);
    VISIT(gen->target);
    for (int i = 0; i < gen->ifs.len; i++)
        if (mn_c_jump_if(c, gen->ifs.items[i], if_cleanup, 0) < 0)
            return -1;
    if (comp_body_end(c, gens, gen_index + 1, depth, elt, val, kind) < 0)
        return -1;
    PLACE(if_cleanup);
    EMIT_JUMP(MN_OP_JUMP, start);
    PLACE(anchor);
    return 0;
}

static int comprehension(mn_compiler *c, mn_ast_expr *e)
{
    static const char *const names[] = {"<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"};
    int kind = e->kind;
    mn_ast_comprehension_seq gens = kind == MN_AST_DICT_COMP ? e->v.dict_comp.generators : e->v.comp.generators;
    mn_ast_expr *elt = kind == MN_AST_DICT_COMP ? e->v.dict_comp.key : e->v.comp.elt;
    mn_ast_expr *val = kind == MN_AST_DICT_COMP ? e->v.dict_comp.value : NULL;
    const char *name = names[kind == MN_AST_LIST_COMP ? 0 : kind == MN_AST_SET_COMP ? 1 : kind == MN_AST_DICT_COMP ? 2 : 3];
    mn_scope_type outer = c->u->scope_type;
    if (mn_c_enter_scope(c, name, SCOPE_COMPREHENSION, e, e->pos.lineno) < 0)
        return -1;
    SET_LOC(c, e);
    int is_async = c->u->ste->coroutine;
    mn_object *co = NULL;
    if (is_async && kind != MN_AST_GENERATOR_EXP && outer != SCOPE_ASYNC_FUNCTION && outer != SCOPE_COMPREHENSION) {
        mn_c_error(c, "asynchronous comprehension outside of an asynchronous function");
        goto fail;
    }
    if (kind != MN_AST_GENERATOR_EXP) {
        int op = kind == MN_AST_LIST_COMP ? MN_OP_BUILD_LIST : kind == MN_AST_SET_COMP ? MN_OP_BUILD_SET : MN_OP_BUILD_MAP;
        if (mn_c_emit(c, op, 0) < 0)
            goto fail;
    }
    if (comprehension_generator(c, gens, 0, 0, elt, val, kind) < 0)
        goto fail;
    if (kind != MN_AST_GENERATOR_EXP && mn_c_emit(c, MN_OP_RETURN_VALUE, 0) < 0)
        goto fail;
    co = mn_c_assemble(c, 1);
    if (!co)
        goto fail;
    mn_c_exit_scope(c);
    int r = mn_c_make_closure(c, co, 0, NULL);
    MN_DECREF(co);
    if (r < 0)
        return -1;
    if (mn_c_visit_iter(c, gens.items[0]->iter) < 0)
        return -1;
    SET_LOC(c, e);
    EMIT(gens.items[0]->is_async ? MN_OP_GET_AITER : MN_OP_GET_ITER, 0);
    EMIT(MN_OP_CALL, 0);
    if (is_async && kind != MN_AST_GENERATOR_EXP) {
        EMIT(MN_OP_GET_AWAITABLE, 0);
        if (mn_c_emit_const(c, mn_none) < 0 || mn_c_add_yield_from(c, 1) < 0)
            return -1;
    }
    return 0;
fail:
    mn_c_exit_scope(c);
    return -1;
}

/* ------------------------------------------------------------ lambda */

static int default_arguments(mn_compiler *c, mn_ast_arguments *a)
{
    int flags = 0;
    if (a->defaults.len) {
        if (starunpack(c, a->defaults, 0, MN_OP_BUILD_LIST, MN_OP_LIST_APPEND, MN_OP_LIST_EXTEND, 1) < 0)
            return -1;
        /* CPython folds a tuple of constant defaults into one constant */
        flags |= 1;
    }
    int nkw = 0;
    for (int i = 0; i < a->kwonlyargs.len; i++) {
        mn_ast_expr *d = a->kw_defaults.items[i];
        if (!d)
            continue;
        const char *m = mn_c_mangle(c, a->kwonlyargs.items[i]->arg);
        if (!m || mn_c_emit_const_new(c, mn_str_intern_cstr(m)) < 0)
            return -1;
        VISIT(d);
        nkw++;
    }
    if (nkw) {
        EMIT(MN_OP_BUILD_MAP, nkw);
        flags |= 2;
    }
    return flags;
}

int mn_c_default_arguments(mn_compiler *c, mn_ast_arguments *a);
int mn_c_default_arguments(mn_compiler *c, mn_ast_arguments *a)
{
    return default_arguments(c, a);
}

static int lambda(mn_compiler *c, mn_ast_expr *e)
{
    mn_ast_arguments *a = e->v.lambda.args;
    int flags = default_arguments(c, a);
    if (flags < 0)
        return -1;
    if (mn_c_enter_scope(c, "<lambda>", SCOPE_LAMBDA, e, e->pos.lineno) < 0)
        return -1;
    /* None first, so a lambda never has a docstring */
    if (mn_c_add_const(c, mn_none) < 0)
        goto fail;
    c->u->argcount = a->posonlyargs.len + a->args.len;
    c->u->posonlyargcount = a->posonlyargs.len;
    c->u->kwonlyargcount = a->kwonlyargs.len;
    SET_LOC(c, e->v.lambda.body);
    if (mn_c_visit_expr(c, e->v.lambda.body) < 0)
        goto fail;
    mn_object *co;
    if (c->u->ste->generator) {
        co = mn_c_assemble(c, 0);
    } else {
        if (mn_c_emit(c, MN_OP_RETURN_VALUE, 0) < 0)
            goto fail;
        co = mn_c_assemble(c, 1);
    }
    if (!co)
        goto fail;
    mn_object *qn = mn_new_ref(c->u->qualname);
    mn_c_exit_scope(c);
    int r = mn_c_make_closure(c, co, flags, qn);
    MN_DECREF(co);
    MN_DECREF(qn);
    return r;
fail:
    mn_c_exit_scope(c);
    return -1;
}

/* ----------------------------------------------------------- others */

static int dict_subdict(mn_compiler *c, mn_ast_expr *e, int begin, int end)
{
    int n = end - begin;
    mn_ast_expr_seq keys = e->v.dict.keys, values = e->v.dict.values;
    if (n > 1 && all_const(c, keys, begin, end)) {
        for (int i = begin; i < end; i++)
            VISIT(values.items[i]);
        mn_object *t = const_tuple(c, keys, begin, end);
        if (mn_c_emit_const_new(c, t) < 0)
            return -1;
        EMIT(MN_OP_BUILD_CONST_KEY_MAP, n);
        return 0;
    }
    int big = n * 2 > MN_STACK_USE_GUIDELINE;
    if (big)
        EMIT(MN_OP_BUILD_MAP, 0);
    for (int i = begin; i < end; i++) {
        VISIT(keys.items[i]);
        VISIT(values.items[i]);
        if (big)
            EMIT(MN_OP_MAP_ADD, 1);
    }
    if (!big)
        EMIT(MN_OP_BUILD_MAP, n);
    return 0;
}

static int dict(mn_compiler *c, mn_ast_expr *e)
{
    int n = e->v.dict.values.len, have_dict = 0, elements = 0;
    for (int i = 0; i < n; i++) {
        if (!e->v.dict.keys.items[i]) {
            if (elements) {
                if (dict_subdict(c, e, i - elements, i) < 0)
                    return -1;
                if (have_dict)
                    EMIT(MN_OP_DICT_UPDATE, 1);
                have_dict = 1;
                elements = 0;
            }
            if (!have_dict) {
                EMIT(MN_OP_BUILD_MAP, 0);
                have_dict = 1;
            }
            VISIT(e->v.dict.values.items[i]);
            EMIT(MN_OP_DICT_UPDATE, 1);
        } else if (elements * 2 > MN_STACK_USE_GUIDELINE) {
            if (dict_subdict(c, e, i - elements, i + 1) < 0)
                return -1;
            if (have_dict)
                EMIT(MN_OP_DICT_UPDATE, 1);
            have_dict = 1;
            elements = 0;
        } else {
            elements++;
        }
    }
    if (elements) {
        if (dict_subdict(c, e, n - elements, n) < 0)
            return -1;
        if (have_dict)
            EMIT(MN_OP_DICT_UPDATE, 1);
        have_dict = 1;
    }
    if (!have_dict)
        EMIT(MN_OP_BUILD_MAP, 0);
    return 0;
}

static int slice_part(mn_compiler *c, mn_ast_expr *e)
{
    if (e)
        return mn_c_visit_expr(c, e);
    return mn_c_emit_const(c, mn_none);
}

static int visit_expr1(mn_compiler *c, mn_ast_expr *e)
{
    switch (e->kind) {
    case MN_AST_NAMED_EXPR:
        VISIT(e->v.named_expr.value);
        EMIT(MN_OP_COPY, 1);
        VISIT(e->v.named_expr.target);
        return 0;
    case MN_AST_BOOL_OP: {
        int op = e->v.bool_op.op == MN_AST_AND ? MN_OP_JUMP_IF_FALSE_OR_POP : MN_OP_JUMP_IF_TRUE_OR_POP;
        NEW_LABEL(end);
        int n = e->v.bool_op.values.len - 1;
        for (int i = 0; i < n; i++) {
            VISIT(e->v.bool_op.values.items[i]);
            EMIT_JUMP(op, end);
        }
        VISIT(e->v.bool_op.values.items[n]);
        PLACE(end);
        return 0;
    }
    case MN_AST_BIN_OP: {
        int r = try_const(c, e);
        if (r != 0)
            return r < 0 ? -1 : 0;
        VISIT(e->v.bin_op.left);
        VISIT(e->v.bin_op.right);
        EMIT(MN_OP_BINARY_OP, binop_of(e->v.bin_op.op));
        return 0;
    }
    case MN_AST_UNARY_OP: {
        int r = try_const(c, e);
        if (r != 0)
            return r < 0 ? -1 : 0;
        mn_ast_expr *a = e->v.unary_op.operand;
        /* not (a is b) -> a is not b; not (a in b) -> a not in b */
        if (e->v.unary_op.op == MN_AST_NOT && a->kind == MN_AST_COMPARE && a->v.compare.ops.len == 1) {
            mn_ast_cmpop op = a->v.compare.ops.items[0];
            if (op == MN_AST_IS || op == MN_AST_ISNOT || op == MN_AST_IN || op == MN_AST_NOTIN) {
                VISIT(a->v.compare.left);
                if (op == MN_AST_IN || op == MN_AST_NOTIN) {
                    if (mn_c_visit_iter(c, a->v.compare.comparators.items[0]) < 0)
                        return -1;
                } else {
                    VISIT(a->v.compare.comparators.items[0]);
                }
                SET_LOC(c, e);
                int inv = op == MN_AST_IS ? MN_AST_ISNOT : op == MN_AST_ISNOT ? MN_AST_IS :
                          op == MN_AST_IN ? MN_AST_NOTIN : MN_AST_IN;
                return compare_op(c, (mn_ast_cmpop)inv);
            }
        }
        VISIT(a);
        static const int ops[] = {0, MN_OP_UNARY_INVERT, MN_OP_UNARY_NOT, MN_OP_UNARY_POSITIVE, MN_OP_UNARY_NEGATIVE};
        EMIT(ops[e->v.unary_op.op], 0);
        return 0;
    }
    case MN_AST_LAMBDA: return lambda(c, e);
    case MN_AST_IF_EXP: {
        NEW_LABEL(end);
        NEW_LABEL(next);
        if (mn_c_jump_if(c, e->v.if_exp.test, next, 0) < 0)
            return -1;
        VISIT(e->v.if_exp.body);
        EMIT_JUMP(MN_OP_JUMP, end);
        PLACE(next);
        VISIT(e->v.if_exp.orelse);
        PLACE(end);
        return 0;
    }
    case MN_AST_DICT: return dict(c, e);
    case MN_AST_SET:
        return starunpack(c, e->v.set.elts, 0, MN_OP_BUILD_SET, MN_OP_SET_ADD, MN_OP_SET_UPDATE, 0);
    case MN_AST_GENERATOR_EXP: case MN_AST_LIST_COMP: case MN_AST_SET_COMP: case MN_AST_DICT_COMP:
        return comprehension(c, e);
    case MN_AST_YIELD:
        if (c->u->ste->type != MN_BLOCK_FUNCTION)
            return mn_c_error(c, "'yield' outside function");
        if (e->v.yield.value)
            VISIT(e->v.yield.value);
        else if (mn_c_emit_const(c, mn_none) < 0)
            return -1;
        return emit_yield(c);
    case MN_AST_YIELD_FROM:
        if (c->u->ste->type != MN_BLOCK_FUNCTION)
            return mn_c_error(c, "'yield' outside function");
        if (c->u->scope_type == SCOPE_ASYNC_FUNCTION)
            return mn_c_error(c, "'yield from' inside async function");
        VISIT(e->v.yield_from.value);
        EMIT(MN_OP_GET_YIELD_FROM_ITER, 0);
        if (mn_c_emit_const(c, mn_none) < 0)
            return -1;
        return mn_c_add_yield_from(c, 0);
    case MN_AST_AWAIT:
        if (c->u->ste->type != MN_BLOCK_FUNCTION)
            return mn_c_error(c, "'await' outside function");
        if (c->u->scope_type != SCOPE_ASYNC_FUNCTION && c->u->scope_type != SCOPE_COMPREHENSION)
            return mn_c_error(c, "'await' outside async function");
        VISIT(e->v.await.value);
        EMIT(MN_OP_GET_AWAITABLE, 0);
        if (mn_c_emit_const(c, mn_none) < 0)
            return -1;
        return mn_c_add_yield_from(c, 1);
    case MN_AST_COMPARE: return compare(c, e);
    case MN_AST_CALL: return call(c, e);
    case MN_AST_FORMATTED_VALUE: {
        VISIT(e->v.formatted_value.value);
        int conv = e->v.formatted_value.conversion;
        int oparg = conv == 's' ? 1 : conv == 'r' ? 2 : conv == 'a' ? 3 : 0;
        if (e->v.formatted_value.format_spec) {
            VISIT(e->v.formatted_value.format_spec);
            oparg |= 4;
        }
        EMIT(MN_OP_FORMAT_VALUE, oparg);
        return 0;
    }
    case MN_AST_JOINED_STR: {
        int n = e->v.joined_str.values.len;
        if (n > MN_STACK_USE_GUIDELINE) {
            if (mn_c_emit_const_new(c, mn_str_from_cstr("")) < 0 ||
                mn_c_emit_name(c, MN_OP_LOAD_METHOD, "join") < 0)
                return -1;
            EMIT(MN_OP_BUILD_LIST, 0);
            for (int i = 0; i < n; i++) {
                VISIT(e->v.joined_str.values.items[i]);
                EMIT(MN_OP_LIST_APPEND, 1);
            }
            EMIT(MN_OP_CALL, 1);
            return 0;
        }
        for (int i = 0; i < n; i++)
            VISIT(e->v.joined_str.values.items[i]);
        if (n != 1)
            EMIT(MN_OP_BUILD_STRING, n);
        return 0;
    }
    case MN_AST_CONSTANT: {
        int r = try_const(c, e);
        return r < 0 ? -1 : 0;
    }
    case MN_AST_ATTRIBUTE:
        if (e->v.attribute.ctx == MN_AST_LOAD) {
            VISIT(e->v.attribute.value);
            SET_LOC(c, e);
            update_loc_to_match_attr(c, e);
            return mn_c_emit_name(c, MN_OP_LOAD_ATTR, e->v.attribute.attr);
        }
        VISIT(e->v.attribute.value);
        SET_LOC(c, e);
        update_loc_to_match_attr(c, e);
        return mn_c_emit_name(c, e->v.attribute.ctx == MN_AST_STORE ? MN_OP_STORE_ATTR : MN_OP_DELETE_ATTR,
                              e->v.attribute.attr);
    case MN_AST_SUBSCRIPT:
        if (e->v.subscript.ctx == MN_AST_LOAD) {
            int r = try_const(c, e);
            if (r != 0)
                return r < 0 ? -1 : 0;
        }
        VISIT(e->v.subscript.value);
        VISIT(e->v.subscript.slice);
        EMIT(e->v.subscript.ctx == MN_AST_LOAD ? MN_OP_BINARY_SUBSCR :
             e->v.subscript.ctx == MN_AST_STORE ? MN_OP_STORE_SUBSCR : MN_OP_DELETE_SUBSCR, 0);
        return 0;
    case MN_AST_STARRED:
        if (e->v.starred.ctx == MN_AST_STORE)
            return mn_c_error(c, "starred assignment target must be in a list or tuple");
        return mn_c_error(c, "can't use starred expression here");
    case MN_AST_SLICE: {
        int n = 2;
        if (slice_part(c, e->v.slice.lower) < 0 || slice_part(c, e->v.slice.upper) < 0)
            return -1;
        if (e->v.slice.step) {
            VISIT(e->v.slice.step);
            n = 3;
        }
        EMIT(MN_OP_BUILD_SLICE, n);
        return 0;
    }
    case MN_AST_NAME:
        return mn_c_nameop(c, e->v.name.id, e->v.name.ctx);
    case MN_AST_LIST:
    case MN_AST_TUPLE: {
        int tuple = e->kind == MN_AST_TUPLE;
        if (e->v.list.ctx == MN_AST_STORE)
            return assignment_helper(c, e->v.list.elts);
        if (e->v.list.ctx == MN_AST_DEL) {
            for (int i = 0; i < e->v.list.elts.len; i++)
                VISIT(e->v.list.elts.items[i]);
            return 0;
        }
        if (tuple) {
            int r = try_const(c, e);
            if (r != 0)
                return r < 0 ? -1 : 0;
        }
        return starunpack(c, e->v.list.elts, 0, MN_OP_BUILD_LIST, MN_OP_LIST_APPEND, MN_OP_LIST_EXTEND, tuple);
    }
    default:
        return mn_c_error(c, "unsupported expression");
    }
}

int mn_c_visit_expr(mn_compiler *c, mn_ast_expr *e)
{
    if (mn_c_enter(c) < 0)
        return -1;
    mn_code_pos saved = c->u->loc;
    SET_LOC(c, e);
    int r = visit_expr1(c, e);
    if (c->u)
        c->u->loc = saved;
    mn_c_leave(c);
    return r;
}

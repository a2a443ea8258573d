/* compiler/compile_stmt.c — code generation for statements (CPython 3.11's
 * compiler_visit_stmt and friends): assignments, control flow with the
 * frame-block stack (return/break/continue run the enclosing finally and
 * __exit__ code inline), try/except/finally and with using the exception
 * table's SETUP_* pseudo-instructions, def/class/lambda bodies, imports.
 *
 * Function annotations (MAKE_FUNCTION flag 4) are passed, as in CPython
 * 3.11, as a flat tuple (name1, value1, name2, value2, ...).
 */
#include <string.h>
#include "compiler/compile_internal.h"

#define EMIT(op, arg) do { if (mn_c_emit(c, (op), (arg)) < 0) return -1; } while (0)
#define EMIT_JUMP(op, l) do { if (mn_c_emit_jump(c, (op), (l)) < 0) return -1; } while (0)
#define VISIT(e) do { if (mn_c_visit_expr(c, (e)) < 0) return -1; } while (0)
#define VISIT_STMTS(s) do { if (mn_c_visit_stmts(c, (s)) < 0) return -1; } while (0)
#define NEW_LABEL(l) int l = mn_c_new_label(c); if (l < 0) return -1
#define PLACE(l) mn_c_place_label(c, (l))

int mn_c_default_arguments(mn_compiler *c, mn_ast_arguments *a);

int mn_c_visit_stmts(mn_compiler *c, mn_ast_stmt_seq seq)
{
    for (int i = 0; i < seq.len; i++)
        if (mn_c_visit_stmt(c, seq.items[i]) < 0)
            return -1;
    return 0;
}

/* The docstring of a body: its first statement if it is a string constant. */
static mn_ast_expr *get_docstring(mn_ast_stmt_seq body)
{
    if (body.len == 0)
        return NULL;
    mn_ast_stmt *s = body.items[0];
    if (s->kind != MN_AST_EXPR)
        return NULL;
    mn_ast_expr *e = s->v.expr_stmt.value;
    if (e->kind != MN_AST_CONSTANT || e->v.constant.value.kind != MN_CONST_STR)
        return NULL;
    return e;
}

int mn_c_function_body_docstring(mn_ast_stmt_seq body)
{
    return get_docstring(body) != NULL;
}

/* Does the body contain an annotated assignment (module/class level)? */
static int find_ann(mn_ast_stmt_seq stmts)
{
    for (int i = 0; i < stmts.len; i++) {
        mn_ast_stmt *s = stmts.items[i];
        switch (s->kind) {
        case MN_AST_ANN_ASSIGN: return 1;
        case MN_AST_FOR: case MN_AST_ASYNC_FOR:
            if (find_ann(s->v.for_.body) || find_ann(s->v.for_.orelse)) return 1;
            break;
        case MN_AST_WHILE: case MN_AST_IF:
            if (find_ann(s->v.while_.body) || find_ann(s->v.while_.orelse)) return 1;
            break;
        case MN_AST_WITH: case MN_AST_ASYNC_WITH:
            if (find_ann(s->v.with.body)) return 1;
            break;
        case MN_AST_TRY:
            for (int j = 0; j < s->v.try_.handlers.len; j++)
                if (find_ann(s->v.try_.handlers.items[j]->body)) return 1;
            if (find_ann(s->v.try_.body) || find_ann(s->v.try_.orelse) || find_ann(s->v.try_.finalbody)) return 1;
            break;
        default: break;
        }
    }
    return 0;
}

int mn_c_body(mn_compiler *c, mn_ast_stmt_seq body, int is_module)
{
    (void)is_module;
    int i = 0;
    if (find_ann(body)) {
        if (body.len)
            SET_LOC(c, body.items[0]);
        EMIT(MN_OP_SETUP_ANNOTATIONS, 0);
    }
    mn_ast_expr *doc = get_docstring(body);
    if (doc) {
        SET_LOC(c, body.items[0]);
        VISIT(doc);
        if (mn_c_nameop(c, "__doc__", MN_AST_STORE) < 0)
            return -1;
        i = 1;
    }
    for (; i < body.len; i++)
        if (mn_c_visit_stmt(c, body.items[i]) < 0)
            return -1;
    return 0;
}

/* ---------------------------------------------------------- unwinding */

static int call_exit_with_nones(mn_compiler *c)
{
    for (int i = 0; i < 3; i++)
        if (mn_c_emit_const(c, mn_none) < 0)
            return -1;
    EMIT(MN_OP_CALL, 2);
    return 0;
}

int mn_c_unwind_fblock(mn_compiler *c, mn_fblock *fb, int preserve_tos)
{
    switch (fb->type) {
    case FB_WHILE_LOOP: case FB_EXCEPTION_HANDLER: case FB_ASYNC_COMPREHENSION_GENERATOR:
        return 0;
    case FB_FOR_LOOP:
        if (preserve_tos)
            EMIT(MN_OP_SWAP, 2);
        EMIT(MN_OP_POP_TOP, 0);
        return 0;
    case FB_TRY_EXCEPT:
        EMIT(MN_PSEUDO_POP_BLOCK, 0);
        return 0;
    case FB_FINALLY_TRY: {
        EMIT(MN_PSEUDO_POP_BLOCK, 0);
        if (preserve_tos && mn_c_push_fblock(c, FB_POP_VALUE, -1, -1, NULL) < 0)
            return -1;
        /* the finally body is compiled again, inline */
        const mn_ast_stmt_seq *body = fb->datum;
        VISIT_STMTS(*body);
        if (preserve_tos)
            mn_c_pop_fblock(c);
        UNSET_LOC(c);
        return 0;
    }
    case FB_FINALLY_END:
        if (preserve_tos)
            EMIT(MN_OP_SWAP, 2);
        EMIT(MN_OP_POP_TOP, 0);
        if (preserve_tos)
            EMIT(MN_OP_SWAP, 2);
        EMIT(MN_PSEUDO_POP_BLOCK, 0);
        EMIT(MN_OP_POP_EXCEPT, 0);
        return 0;
    case FB_WITH: case FB_ASYNC_WITH: {
        const mn_ast_stmt *s = fb->datum;
        SET_LOC(c, s);
        EMIT(MN_PSEUDO_POP_BLOCK, 0);
        if (preserve_tos)
            EMIT(MN_OP_SWAP, 2);
        if (call_exit_with_nones(c) < 0)
            return -1;
        if (fb->type == FB_ASYNC_WITH) {
            EMIT(MN_OP_GET_AWAITABLE, 2);
            if (mn_c_emit_const(c, mn_none) < 0 || mn_c_add_yield_from(c, 1) < 0)
                return -1;
        }
        EMIT(MN_OP_POP_TOP, 0);
        UNSET_LOC(c);
        return 0;
    }
    case FB_HANDLER_CLEANUP:
        if (fb->datum)
            EMIT(MN_PSEUDO_POP_BLOCK, 0);
        if (preserve_tos)
            EMIT(MN_OP_SWAP, 2);
        EMIT(MN_PSEUDO_POP_BLOCK, 0);
        EMIT(MN_OP_POP_EXCEPT, 0);
        if (fb->datum) {
            if (mn_c_emit_const(c, mn_none) < 0 ||
                mn_c_nameop(c, fb->datum, MN_AST_STORE) < 0 || mn_c_nameop(c, fb->datum, MN_AST_DEL) < 0)
                return -1;
        }
        return 0;
    case FB_POP_VALUE:
        if (preserve_tos)
            EMIT(MN_OP_SWAP, 2);
        EMIT(MN_OP_POP_TOP, 0);
        return 0;
    }
    return 0;
}

/* Unwinds every block (return) or up to the innermost loop (break/continue). */
static int unwind_fblock_stack(mn_compiler *c, int preserve_tos, mn_fblock **loop)
{
    mn_cunit *u = c->u;
    if (u->nfblocks == 0)
        return 0;
    mn_fblock *top = &u->fblocks[u->nfblocks - 1];
    if (loop && (top->type == FB_WHILE_LOOP || top->type == FB_FOR_LOOP)) {
        *loop = top;
        return 0;
    }
    mn_fblock copy = *top;
    u->nfblocks--;
    int r = mn_c_unwind_fblock(c, &copy, preserve_tos);
    if (r == 0)
        r = unwind_fblock_stack(c, preserve_tos, loop);
    u->fblocks[u->nfblocks++] = copy;
    return r;
}

/* --------------------------------------------------------- functions */

static int visit_argannotation(mn_compiler *c, const char *id, mn_ast_expr *ann, int *n)
{
    if (!ann)
        return 0;
    const char *m = mn_c_mangle(c, id);
    if (!m || mn_c_emit_const_new(c, mn_str_intern_cstr(m)) < 0)
        return -1;
    VISIT(ann);
    *n += 2;
    return 0;
}

static int visit_annotations(mn_compiler *c, mn_ast_arguments *a, mn_ast_expr *returns)
{
    int n = 0;
    for (int i = 0; i < a->args.len; i++)
        if (visit_argannotation(c, a->args.items[i]->arg, a->args.items[i]->annotation, &n) < 0)
            return -1;
    for (int i = 0; i < a->posonlyargs.len; i++)
        if (visit_argannotation(c, a->posonlyargs.items[i]->arg, a->posonlyargs.items[i]->annotation, &n) < 0)
            return -1;
    if (a->vararg && visit_argannotation(c, a->vararg->arg, a->vararg->annotation, &n) < 0)
        return -1;
    for (int i = 0; i < a->kwonlyargs.len; i++)
        if (visit_argannotation(c, a->kwonlyargs.items[i]->arg, a->kwonlyargs.items[i]->annotation, &n) < 0)
            return -1;
    if (a->kwarg && visit_argannotation(c, a->kwarg->arg, a->kwarg->annotation, &n) < 0)
        return -1;
    if (visit_argannotation(c, "return", returns, &n) < 0)
        return -1;
    if (n) {
        EMIT(MN_OP_BUILD_TUPLE, n);
        return 1;
    }
    return 0;
}

static int function_def(mn_compiler *c, mn_ast_stmt *s)
{
    int is_async = s->kind == MN_AST_ASYNC_FUNCTION_DEF;
    mn_ast_arguments *a = s->v.function_def.args;
    mn_ast_expr_seq decos = s->v.function_def.decorator_list;
    for (int i = 0; i < decos.len; i++)
        VISIT(decos.items[i]);
    int firstlineno = decos.len ? decos.items[0]->pos.lineno : s->pos.lineno;
    int flags = mn_c_default_arguments(c, a);
    if (flags < 0)
        return -1;
    int ann = visit_annotations(c, a, s->v.function_def.returns);
    if (ann < 0)
        return -1;
    if (ann)
        flags |= 4;
    if (mn_c_enter_scope(c, s->v.function_def.name, is_async ? SCOPE_ASYNC_FUNCTION : SCOPE_FUNCTION,
                         s, firstlineno) < 0)
        return -1;
    mn_ast_expr *doc = get_docstring(s->v.function_def.body);
    mn_object *co = NULL;
    if (doc) {
        int err = 0;
        mn_object *d = mn_c_constant_value(c, &doc->v.constant.value, &err);
        if (!d || mn_c_add_const(c, d) < 0) {
            MN_XDECREF(d);
            goto fail;
        }
        MN_DECREF(d);
    } else if (mn_c_add_const(c, mn_none) < 0) {
        goto fail;
    }
    c->u->argcount = a->posonlyargs.len + a->args.len;
    c->u->posonlyargcount = a->posonlyargs.len;
    c->u->kwonlyargcount = a->kwonlyargs.len;
    for (int i = doc ? 1 : 0; i < s->v.function_def.body.len; i++)
        if (mn_c_visit_stmt(c, s->v.function_def.body.items[i]) < 0)
            goto fail;
    co = mn_c_assemble(c, 1);
    if (!co)
        goto fail;
    mn_c_exit_scope(c);
    int r = mn_c_make_closure(c, co, flags, NULL);
    MN_DECREF(co);
    if (r < 0)
        return -1;
    SET_LOC(c, s);
    for (int i = 0; i < decos.len; i++)
        EMIT(MN_OP_CALL, 0);
    return mn_c_nameop(c, s->v.function_def.name, MN_AST_STORE);
fail:
    mn_c_exit_scope(c);
    return -1;
}

static int class_def(mn_compiler *c, mn_ast_stmt *s)
{
    mn_ast_expr_seq decos = s->v.class_def.decorator_list;
    for (int i = 0; i < decos.len; i++)
        VISIT(decos.items[i]);
    int firstlineno = decos.len ? decos.items[0]->pos.lineno : s->pos.lineno;
    if (mn_c_enter_scope(c, s->v.class_def.name, SCOPE_CLASS, s, firstlineno) < 0)
        return -1;
    c->u->private_name = s->v.class_def.name;
    SET_LOC(c, s);
    mn_object *co = NULL;
    if (mn_c_nameop(c, "__name__", MN_AST_LOAD) < 0 || mn_c_nameop(c, "__module__", MN_AST_STORE) < 0 ||
        mn_c_emit_const(c, c->u->qualname) < 0 || mn_c_nameop(c, "__qualname__", MN_AST_STORE) < 0)
        goto fail;
    if (mn_c_body(c, s->v.class_def.body, 0) < 0)
        goto fail;
    UNSET_LOC(c);
    if (c->u->ste->needs_class_closure) {
        mn_object *idx = mn_dict_get_item_str(c->u->cellvars, "__class__");
        if (!idx)
            goto fail;
        if (mn_c_emit(c, MN_OP_LOAD_CLOSURE, (int)mn_int_as_ssize(idx)) < 0 ||
            mn_c_emit(c, MN_OP_COPY, 1) < 0 || mn_c_nameop(c, "__classcell__", MN_AST_STORE) < 0)
            goto fail;
    } else if (mn_c_emit_const(c, mn_none) < 0) {
        goto fail;
    }
    if (mn_c_emit(c, MN_OP_RETURN_VALUE, 0) < 0)
        goto fail;
    co = mn_c_assemble(c, 1);
    if (!co)
        goto fail;
    mn_c_exit_scope(c);
    SET_LOC(c, s);
    if (mn_c_emit(c, MN_OP_PUSH_NULL, 0) < 0 || mn_c_emit(c, MN_OP_LOAD_BUILD_CLASS, 0) < 0 ||
        mn_c_make_closure(c, co, 0, NULL) < 0) {
        MN_DECREF(co);
        return -1;
    }
    MN_DECREF(co);
    if (mn_c_emit_const_new(c, mn_str_intern_cstr(s->v.class_def.name)) < 0)
        return -1;
    if (mn_c_call_helper(c, 2, s->v.class_def.bases, s->v.class_def.keywords) < 0)
        return -1;
    SET_LOC(c, s);
    for (int i = 0; i < decos.len; i++)
        EMIT(MN_OP_CALL, 0);
    return mn_c_nameop(c, s->v.class_def.name, MN_AST_STORE);
fail:
    mn_c_exit_scope(c);
    return -1;
}

/* ------------------------------------------------------ control flow */

static int if_stmt(mn_compiler *c, mn_ast_stmt *s)
{
    NEW_LABEL(end);
    int next = end;
    if (s->v.if_.orelse.len) {
        next = mn_c_new_label(c);
        if (next < 0)
            return -1;
    }
    if (mn_c_jump_if(c, s->v.if_.test, next, 0) < 0)
        return -1;
    VISIT_STMTS(s->v.if_.body);
    if (s->v.if_.orelse.len) {
        UNSET_LOC(c);
        EMIT_JUMP(MN_OP_JUMP, end);
        PLACE(next);
        VISIT_STMTS(s->v.if_.orelse);
    }
    PLACE(end);
    return 0;
}

static int for_stmt(mn_compiler *c, mn_ast_stmt *s)
{
    NEW_LABEL(start);
    NEW_LABEL(cleanup);
    NEW_LABEL(end);
    if (mn_c_push_fblock(c, FB_FOR_LOOP, start, end, NULL) < 0)
        return -1;
    if (mn_c_visit_iter(c, s->v.for_.iter) < 0)
        return -1;
    EMIT(MN_OP_GET_ITER, 0);
    PLACE(start);
    EMIT_JUMP(MN_OP_FOR_ITER, cleanup);
    VISIT(s->v.for_.target);
    VISIT_STMTS(s->v.for_.body);
    UNSET_LOC(c);
    EMIT_JUMP(MN_OP_JUMP, start);
    PLACE(cleanup);
    mn_c_pop_fblock(c);
    VISIT_STMTS(s->v.for_.orelse);
    PLACE(end);
    return 0;
}

static int async_for_stmt(mn_compiler *c, mn_ast_stmt *s)
{
    if (c->u->scope_type != SCOPE_ASYNC_FUNCTION)
        return mn_c_error(c, "'async for' outside async function");
    NEW_LABEL(start);
    NEW_LABEL(except);
    NEW_LABEL(end);
    VISIT(s->v.for_.iter);
    EMIT(MN_OP_GET_AITER, 0);
    PLACE(start);
    if (mn_c_push_fblock(c, FB_FOR_LOOP, start, end, NULL) < 0)
        return -1;
    EMIT_JUMP(MN_PSEUDO_SETUP_FINALLY, except);
    EMIT(MN_OP_GET_ANEXT, 0);
    if (mn_c_emit_const(c, mn_none) < 0 || mn_c_add_yield_from(c, 1) < 0)
        return -1;
    EMIT(MN_PSEUDO_POP_BLOCK, 0);
    VISIT(s->v.for_.target);
    VISIT_STMTS(s->v.for_.body);
    UNSET_LOC(c);
    EMIT_JUMP(MN_OP_JUMP, start);
    mn_c_pop_fblock(c);
    PLACE(except);
    SET_LOC(c, s->v.for_.iter);
    EMIT(MN_OP_END_ASYNC_FOR, 0);
    VISIT_STMTS(s->v.for_.orelse);
    PLACE(end);
    return 0;
}

static int while_stmt(mn_compiler *c, mn_ast_stmt *s)
{
    NEW_LABEL(loop);
    NEW_LABEL(body);
    NEW_LABEL(anchor);
    NEW_LABEL(end);
    PLACE(loop);
    if (mn_c_push_fblock(c, FB_WHILE_LOOP, loop, end, NULL) < 0)
        return -1;
    if (mn_c_jump_if(c, s->v.while_.test, anchor, 0) < 0)
        return -1;
    PLACE(body);
    VISIT_STMTS(s->v.while_.body);
    SET_LOC(c, s);
    if (mn_c_jump_if(c, s->v.while_.test, body, 1) < 0)
        return -1;
    mn_c_pop_fblock(c);
    PLACE(anchor);
    VISIT_STMTS(s->v.while_.orelse);
    PLACE(end);
    return 0;
}

static int return_stmt(mn_compiler *c, mn_ast_stmt *s)
{
    mn_ast_expr *v = s->v.return_.value;
    int preserve_tos = v && v->kind != MN_AST_CONSTANT;
    if (c->u->ste->type != MN_BLOCK_FUNCTION)
        return mn_c_error(c, "'return' outside function");
    if (v && c->u->ste->coroutine && c->u->ste->generator)
        return mn_c_error(c, "'return' with value in async generator");
    if (preserve_tos) {
        VISIT(v);
    } else if (v) {
        SET_LOC(c, v);
        EMIT(MN_OP_NOP, 0);
    }
    if (!v || v->pos.lineno != s->pos.lineno) {
        SET_LOC(c, s);
        EMIT(MN_OP_NOP, 0);
    }
    if (unwind_fblock_stack(c, preserve_tos, NULL) < 0)
        return -1;
    if (!v) {
        if (mn_c_emit_const(c, mn_none) < 0)
            return -1;
    } else if (!preserve_tos) {
        VISIT(v);
    }
    EMIT(MN_OP_RETURN_VALUE, 0);
    return 0;
}

static int break_continue(mn_compiler *c, int is_break)
{
    mn_fblock *loop = NULL;
    EMIT(MN_OP_NOP, 0);
    if (unwind_fblock_stack(c, 0, &loop) < 0)
        return -1;
    if (!loop)
        return mn_c_error(c, is_break ? "'break' outside loop" : "'continue' not properly in loop");
    if (is_break) {
        if (mn_c_unwind_fblock(c, loop, 0) < 0)
            return -1;
        EMIT_JUMP(MN_OP_JUMP, loop->exit);
    } else {
        EMIT_JUMP(MN_OP_JUMP, loop->block);
    }
    return 0;
}

/* ---------------------------------------------------------------- try */

static int pop_except_and_reraise(mn_compiler *c)
{
    EMIT(MN_OP_COPY, 3);
    EMIT(MN_OP_POP_EXCEPT, 0);
    EMIT(MN_OP_RERAISE, 1);
    return 0;
}

static int try_except(mn_compiler *c, mn_ast_stmt *s)
{
    NEW_LABEL(except);
    NEW_LABEL(end);
    NEW_LABEL(cleanup);
    EMIT_JUMP(MN_PSEUDO_SETUP_FINALLY, except);
    if (mn_c_push_fblock(c, FB_TRY_EXCEPT, -1, -1, NULL) < 0)
        return -1;
    VISIT_STMTS(s->v.try_.body);
    mn_c_pop_fblock(c);
    UNSET_LOC(c);
    EMIT(MN_PSEUDO_POP_BLOCK, 0);
    if (s->v.try_.orelse.len)
        VISIT_STMTS(s->v.try_.orelse);
    UNSET_LOC(c);
    EMIT_JUMP(MN_OP_JUMP, end);
    int n = s->v.try_.handlers.len;
    PLACE(except);
    UNSET_LOC(c);
    EMIT_JUMP(MN_PSEUDO_SETUP_CLEANUP, cleanup);
    EMIT(MN_OP_PUSH_EXC_INFO, 0);
    if (mn_c_push_fblock(c, FB_EXCEPTION_HANDLER, -1, -1, NULL) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        mn_ast_excepthandler *h = s->v.try_.handlers.items[i];
        c->u->loc = (mn_code_pos){h->pos.lineno, h->pos.end_lineno, h->pos.col_offset, h->pos.end_col_offset};
        if (!h->type && i < n - 1)
            return mn_c_error(c, "default 'except:' must be last");
        NEW_LABEL(next);
        if (h->type) {
            VISIT(h->type);
            EMIT(MN_OP_CHECK_EXC_MATCH, 0);
            EMIT_JUMP(MN_OP_POP_JUMP_IF_FALSE, next);
        }
        if (h->name) {
            NEW_LABEL(cleanup_end);
            if (mn_c_nameop(c, h->name, MN_AST_STORE) < 0)
                return -1;
            EMIT_JUMP(MN_PSEUDO_SETUP_CLEANUP, cleanup_end);
            if (mn_c_push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, h->name) < 0)
                return -1;
            VISIT_STMTS(h->body);
            mn_c_pop_fblock(c);
            UNSET_LOC(c);
            EMIT(MN_PSEUDO_POP_BLOCK, 0);
            EMIT(MN_PSEUDO_POP_BLOCK, 0);
            EMIT(MN_OP_POP_EXCEPT, 0);
            if (mn_c_emit_const(c, mn_none) < 0 || mn_c_nameop(c, h->name, MN_AST_STORE) < 0 ||
                mn_c_nameop(c, h->name, MN_AST_DEL) < 0)
                return -1;
            EMIT_JUMP(MN_OP_JUMP, end);
            PLACE(cleanup_end);
            UNSET_LOC(c);
            if (mn_c_emit_const(c, mn_none) < 0 || mn_c_nameop(c, h->name, MN_AST_STORE) < 0 ||
                mn_c_nameop(c, h->name, MN_AST_DEL) < 0)
                return -1;
            EMIT(MN_OP_RERAISE, 1);
        } else {
            EMIT(MN_OP_POP_TOP, 0);
            if (mn_c_push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, NULL) < 0)
                return -1;
            VISIT_STMTS(h->body);
            mn_c_pop_fblock(c);
            UNSET_LOC(c);
            EMIT(MN_PSEUDO_POP_BLOCK, 0);
            EMIT(MN_OP_POP_EXCEPT, 0);
            EMIT_JUMP(MN_OP_JUMP, end);
        }
        PLACE(next);
    }
    UNSET_LOC(c);
    mn_c_pop_fblock(c);
    EMIT(MN_OP_RERAISE, 0);
    PLACE(cleanup);
    if (pop_except_and_reraise(c) < 0)
        return -1;
    PLACE(end);
    return 0;
}

static int try_finally(mn_compiler *c, mn_ast_stmt *s)
{
    NEW_LABEL(end);
    NEW_LABEL(exit);
    NEW_LABEL(cleanup);
    EMIT_JUMP(MN_PSEUDO_SETUP_FINALLY, end);
    if (mn_c_push_fblock(c, FB_FINALLY_TRY, -1, end, &s->v.try_.finalbody) < 0)
        return -1;
    if (s->v.try_.handlers.len) {
        if (try_except(c, s) < 0)
            return -1;
    } else {
        VISIT_STMTS(s->v.try_.body);
    }
    UNSET_LOC(c);
    EMIT(MN_PSEUDO_POP_BLOCK, 0);
    mn_c_pop_fblock(c);
    VISIT_STMTS(s->v.try_.finalbody);
    UNSET_LOC(c);
    EMIT_JUMP(MN_OP_JUMP, exit);
    PLACE(end);
    UNSET_LOC(c);
    EMIT_JUMP(MN_PSEUDO_SETUP_CLEANUP, cleanup);
    EMIT(MN_OP_PUSH_EXC_INFO, 0);
    if (mn_c_push_fblock(c, FB_FINALLY_END, -1, -1, NULL) < 0)
        return -1;
    VISIT_STMTS(s->v.try_.finalbody);
    mn_c_pop_fblock(c);
    UNSET_LOC(c);
    EMIT(MN_OP_RERAISE, 0);
    PLACE(cleanup);
    if (pop_except_and_reraise(c) < 0)
        return -1;
    PLACE(exit);
    return 0;
}

/* --------------------------------------------------------------- with */

static int with_except_finish(mn_compiler *c, int cleanup)
{
    NEW_LABEL(exit);
    EMIT_JUMP(MN_OP_POP_JUMP_IF_TRUE, exit);
    EMIT(MN_OP_RERAISE, 2);
    PLACE(cleanup);
    if (pop_except_and_reraise(c) < 0)
        return -1;
    PLACE(exit);
    EMIT(MN_OP_POP_TOP, 0);
    EMIT(MN_PSEUDO_POP_BLOCK, 0);
    EMIT(MN_OP_POP_EXCEPT, 0);
    EMIT(MN_OP_POP_TOP, 0);
    EMIT(MN_OP_POP_TOP, 0);
    return 0;
}

static int with_stmt(mn_compiler *c, mn_ast_stmt *s, int pos)
{
    int is_async = s->kind == MN_AST_ASYNC_WITH;
    if (is_async && c->u->scope_type != SCOPE_ASYNC_FUNCTION)
        return mn_c_error(c, "'async with' outside async function");
    mn_ast_withitem *item = s->v.with.items.items[pos];
    NEW_LABEL(final);
    NEW_LABEL(exit);
    NEW_LABEL(cleanup);
    VISIT(item->context_expr);
    if (is_async) {
        EMIT(MN_OP_BEFORE_ASYNC_WITH, 0);
        EMIT(MN_OP_GET_AWAITABLE, 1);
        if (mn_c_emit_const(c, mn_none) < 0 || mn_c_add_yield_from(c, 1) < 0)
            return -1;
    } else {
        EMIT(MN_OP_BEFORE_WITH, 0);
    }
    EMIT_JUMP(MN_PSEUDO_SETUP_WITH, final);
    if (mn_c_push_fblock(c, is_async ? FB_ASYNC_WITH : FB_WITH, -1, final, s) < 0)
        return -1;
    if (item->optional_vars)
        VISIT(item->optional_vars);
    else
        EMIT(MN_OP_POP_TOP, 0);
    if (pos + 1 == s->v.with.items.len)
        VISIT_STMTS(s->v.with.body);
    else if (with_stmt(c, s, pos + 1) < 0)
        return -1;
    UNSET_LOC(c);
    EMIT(MN_PSEUDO_POP_BLOCK, 0);
    mn_c_pop_fblock(c);
    SET_LOC(c, s);
    if (call_exit_with_nones(c) < 0)
        return -1;
    if (is_async) {
        EMIT(MN_OP_GET_AWAITABLE, 2);
        if (mn_c_emit_const(c, mn_none) < 0 || mn_c_add_yield_from(c, 1) < 0)
            return -1;
    }
    EMIT(MN_OP_POP_TOP, 0);
    EMIT_JUMP(MN_OP_JUMP, exit);
    PLACE(final);
    EMIT_JUMP(MN_PSEUDO_SETUP_CLEANUP, cleanup);
    EMIT(MN_OP_PUSH_EXC_INFO, 0);
    EMIT(MN_OP_WITH_EXCEPT_START, 0);
    if (is_async) {
        EMIT(MN_OP_GET_AWAITABLE, 2);
        if (mn_c_emit_const(c, mn_none) < 0 || mn_c_add_yield_from(c, 1) < 0)
            return -1;
    }
    if (with_except_finish(c, cleanup) < 0)
        return -1;
    PLACE(exit);
    return 0;
}

/* ------------------------------------------------------- assignments */

static int check_ann_expr(mn_compiler *c, mn_ast_expr *e)
{
    VISIT(e);
    EMIT(MN_OP_POP_TOP, 0);
    return 0;
}

static int ann_assign(mn_compiler *c, mn_ast_stmt *s)
{
    mn_ast_expr *t = s->v.ann_assign.target;
    if (s->v.ann_assign.value) {
        VISIT(s->v.ann_assign.value);
        VISIT(t);
    }
    int module_or_class = c->u->scope_type == SCOPE_MODULE || c->u->scope_type == SCOPE_CLASS;
    switch (t->kind) {
    case MN_AST_NAME:
        if (strcmp(t->v.name.id, "__debug__") == 0)
            return mn_c_error(c, "cannot assign to __debug__");
        /* only module and class level annotations are evaluated and stored */
        if (s->v.ann_assign.simple && module_or_class) {
            VISIT(s->v.ann_assign.annotation);
            if (mn_c_nameop(c, "__annotations__", MN_AST_LOAD) < 0)
                return -1;
            const char *m = mn_c_mangle(c, t->v.name.id);
            if (!m || mn_c_emit_const_new(c, mn_str_intern_cstr(m)) < 0)
                return -1;
            EMIT(MN_OP_STORE_SUBSCR, 0);
        }
        break;
    case MN_AST_ATTRIBUTE:
        if (!s->v.ann_assign.value && check_ann_expr(c, t->v.attribute.value) < 0)
            return -1;
        break;
    case MN_AST_SUBSCRIPT:
        if (!s->v.ann_assign.value) {
            if (check_ann_expr(c, t->v.subscript.value) < 0)
                return -1;
            mn_ast_expr *sl = t->v.subscript.slice;
            if (sl->kind == MN_AST_SLICE) {
                if (sl->v.slice.lower && check_ann_expr(c, sl->v.slice.lower) < 0) return -1;
                if (sl->v.slice.upper && check_ann_expr(c, sl->v.slice.upper) < 0) return -1;
                if (sl->v.slice.step && check_ann_expr(c, sl->v.slice.step) < 0) return -1;
            } else if (check_ann_expr(c, sl) < 0) {
                return -1;
            }
        }
        break;
    default:
        return mn_c_error(c, "invalid node type for annotated assignment");
    }
    /* non-simple targets at module/class level: annotation evaluated */
    if (!s->v.ann_assign.simple && module_or_class)
        return check_ann_expr(c, s->v.ann_assign.annotation);
    return 0;
}

static int aug_assign(mn_compiler *c, mn_ast_stmt *s)
{
    mn_ast_expr *e = s->v.aug_assign.target;
    mn_code_pos stmt_loc = c->u->loc;
    SET_LOC(c, e);
    switch (e->kind) {
    case MN_AST_ATTRIBUTE:
        VISIT(e->v.attribute.value);
        EMIT(MN_OP_COPY, 1);
        if (mn_c_emit_name(c, MN_OP_LOAD_ATTR, e->v.attribute.attr) < 0)
            return -1;
        break;
    case MN_AST_SUBSCRIPT:
        VISIT(e->v.subscript.value);
        VISIT(e->v.subscript.slice);
        EMIT(MN_OP_COPY, 2);
        EMIT(MN_OP_COPY, 2);
        EMIT(MN_OP_BINARY_SUBSCR, 0);
        break;
    case MN_AST_NAME:
        if (mn_c_nameop(c, e->v.name.id, MN_AST_LOAD) < 0)
            return -1;
        break;
    default:
        return mn_c_error(c, "invalid node type for augmented assignment");
    }
    c->u->loc = stmt_loc;
    VISIT(s->v.aug_assign.value);
    static const int ops[] = {0, MN_BINOP_ADD, MN_BINOP_SUBTRACT, MN_BINOP_MULTIPLY, MN_BINOP_MATRIX_MULTIPLY,
                              MN_BINOP_TRUE_DIVIDE, MN_BINOP_REMAINDER, MN_BINOP_POWER, MN_BINOP_LSHIFT,
                              MN_BINOP_RSHIFT, MN_BINOP_OR, MN_BINOP_XOR, MN_BINOP_AND, MN_BINOP_FLOOR_DIVIDE};
    EMIT(MN_OP_BINARY_OP, ops[s->v.aug_assign.op] + MN_BINOP_INPLACE);
    SET_LOC(c, e);
    switch (e->kind) {
    case MN_AST_ATTRIBUTE:
        EMIT(MN_OP_SWAP, 2);
        return mn_c_emit_name(c, MN_OP_STORE_ATTR, e->v.attribute.attr);
    case MN_AST_SUBSCRIPT:
        EMIT(MN_OP_SWAP, 3);
        EMIT(MN_OP_SWAP, 2);
        EMIT(MN_OP_STORE_SUBSCR, 0);
        return 0;
    default:
        return mn_c_nameop(c, e->v.name.id, MN_AST_STORE);
    }
}

/* --------------------------------------------------------------- import */

static int import_as(mn_compiler *c, const char *name, const char *asname)
{
    const char *dot = strchr(name, '.');
    if (dot) {
        while (1) {
            const char *start = dot + 1;
            dot = strchr(start, '.');
            size_t n = dot ? (size_t)(dot - start) : strlen(start);
            char buf[512];
            if (n >= sizeof buf)
                n = sizeof buf - 1;
            memcpy(buf, start, n);
            buf[n] = 0;
            int i = mn_c_add_name(c, c->u->names, buf);
            if (i < 0)
                return -1;
            EMIT(MN_OP_IMPORT_FROM, i);
            if (!dot)
                break;
            EMIT(MN_OP_SWAP, 2);
            EMIT(MN_OP_POP_TOP, 0);
        }
        if (mn_c_nameop(c, asname, MN_AST_STORE) < 0)
            return -1;
        EMIT(MN_OP_POP_TOP, 0);
        return 0;
    }
    return mn_c_nameop(c, asname, MN_AST_STORE);
}

static int import_stmt(mn_compiler *c, mn_ast_stmt *s)
{
    for (int k = 0; k < s->v.import.names.len; k++) {
        mn_ast_alias *a = s->v.import.names.items[k];
        if (mn_c_emit_const_new(c, mn_int_from_ssize(0)) < 0 || mn_c_emit_const(c, mn_none) < 0)
            return -1;
        int i = mn_c_add_name(c, c->u->names, a->name);
        if (i < 0)
            return -1;
        EMIT(MN_OP_IMPORT_NAME, i);
        if (a->asname) {
            if (import_as(c, a->name, a->asname) < 0)
                return -1;
        } else {
            char buf[512];
            const char *dot = strchr(a->name, '.');
            size_t n = dot ? (size_t)(dot - a->name) : strlen(a->name);
            if (n >= sizeof buf)
                n = sizeof buf - 1;
            memcpy(buf, a->name, n);
            buf[n] = 0;
            if (mn_c_nameop(c, buf, MN_AST_STORE) < 0)
                return -1;
        }
    }
    return 0;
}

static int import_from(mn_compiler *c, mn_ast_stmt *s)
{
    int n = s->v.import_from.names.len;
    if (mn_c_emit_const_new(c, mn_int_from_ssize(s->v.import_from.level)) < 0)
        return -1;
    mn_object *names = mn_tuple_new(n);
    if (!names)
        return -1;
    for (int i = 0; i < n; i++) {
        mn_object *k = mn_str_intern_cstr(s->v.import_from.names.items[i]->name);
        if (!k) {
            MN_DECREF(names);
            return -1;
        }
        MN_TUPLE_SET(names, i, k);
    }
    if (mn_c_emit_const_new(c, names) < 0)
        return -1;
    int idx = mn_c_add_name(c, c->u->names, s->v.import_from.module ? s->v.import_from.module : "");
    if (idx < 0)
        return -1;
    EMIT(MN_OP_IMPORT_NAME, idx);
    for (int i = 0; i < n; i++) {
        mn_ast_alias *a = s->v.import_from.names.items[i];
        if (i == 0 && a->name[0] == '*') {
            EMIT(MN_OP_IMPORT_STAR, 0);
            return 0;
        }
        int k = mn_c_add_name(c, c->u->names, a->name);
        if (k < 0)
            return -1;
        EMIT(MN_OP_IMPORT_FROM, k);
        if (mn_c_nameop(c, a->asname ? a->asname : a->name, MN_AST_STORE) < 0)
            return -1;
    }
    EMIT(MN_OP_POP_TOP, 0);
    return 0;
}

/* ------------------------------------------------------------ dispatch */

static int visit_stmt1(mn_compiler *c, mn_ast_stmt *s)
{
    switch (s->kind) {
    case MN_AST_FUNCTION_DEF:
    case MN_AST_ASYNC_FUNCTION_DEF:
        return function_def(c, s);
    case MN_AST_CLASS_DEF:
        return class_def(c, s);
    case MN_AST_RETURN:
        return return_stmt(c, s);
    case MN_AST_DELETE:
        for (int i = 0; i < s->v.delete_.targets.len; i++)
            VISIT(s->v.delete_.targets.items[i]);
        return 0;
    case MN_AST_ASSIGN: {
        int n = s->v.assign.targets.len;
        VISIT(s->v.assign.value);
        for (int i = 0; i < n; i++) {
            if (i < n - 1)
                EMIT(MN_OP_COPY, 1);
            VISIT(s->v.assign.targets.items[i]);
        }
        return 0;
    }
    case MN_AST_AUG_ASSIGN:
        return aug_assign(c, s);
    case MN_AST_ANN_ASSIGN:
        return ann_assign(c, s);
    case MN_AST_FOR:
        return for_stmt(c, s);
    case MN_AST_ASYNC_FOR:
        return async_for_stmt(c, s);
    case MN_AST_WHILE:
        return while_stmt(c, s);
    case MN_AST_IF:
        return if_stmt(c, s);
    case MN_AST_WITH:
    case MN_AST_ASYNC_WITH:
        return with_stmt(c, s, 0);
    case MN_AST_RAISE: {
        int n = 0;
        if (s->v.raise.exc) {
            VISIT(s->v.raise.exc);
            n++;
            if (s->v.raise.cause) {
                VISIT(s->v.raise.cause);
                n++;
            }
        }
        EMIT(MN_OP_RAISE_VARARGS, n);
        return 0;
    }
    case MN_AST_TRY:
        if (s->v.try_.finalbody.len)
            return try_finally(c, s);
        return try_except(c, s);
    case MN_AST_ASSERT: {
        NEW_LABEL(end);
        if (mn_c_jump_if(c, s->v.assert_.test, end, 1) < 0)
            return -1;
        EMIT(MN_OP_LOAD_ASSERTION_ERROR, 0);
        if (s->v.assert_.msg) {
            VISIT(s->v.assert_.msg);
            EMIT(MN_OP_CALL, 0);
        }
        EMIT(MN_OP_RAISE_VARARGS, 1);
        PLACE(end);
        return 0;
    }
    case MN_AST_IMPORT:
        return import_stmt(c, s);
    case MN_AST_IMPORT_FROM:
        return import_from(c, s);
    case MN_AST_GLOBAL:
    case MN_AST_NONLOCAL:
        return 0;
    case MN_AST_EXPR: {
        mn_ast_expr *v = s->v.expr_stmt.value;
        if (c->interactive && c->u->scope_type == SCOPE_MODULE) {
            VISIT(v);
            EMIT(MN_OP_PRINT_EXPR, 0);
            return 0;
        }
        if (v->kind == MN_AST_CONSTANT) {
            EMIT(MN_OP_NOP, 0);
            return 0;
        }
        VISIT(v);
        UNSET_LOC(c);
        EMIT(MN_OP_POP_TOP, 0);
        return 0;
    }
    case MN_AST_PASS:
        EMIT(MN_OP_NOP, 0);
        return 0;
    case MN_AST_BREAK:
        return break_continue(c, 1);
    case MN_AST_CONTINUE:
        return break_continue(c, 0);
    default:
        return mn_c_error(c, "unsupported statement");
    }
}

int mn_c_visit_stmt(mn_compiler *c, mn_ast_stmt *s)
{
    if (mn_c_enter(c) < 0)
        return -1;
    SET_LOC(c, s);
    int r = visit_stmt1(c, s);
    mn_c_leave(c);
    return r;
}

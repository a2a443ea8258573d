/* compiler/symtable.c — the symbol table pass, following CPython 3.11's
 * Python/symtable.c: a first walk records, per scope, how each name is used
 * (assigned, parameter, declared global/nonlocal, read); a second pass
 * (analyze_block) decides each name's scope top-down with the sets of names
 * bound in enclosing functions, and turns locals captured by inner scopes
 * into cells.
 *
 * Rules worth knowing (all CPython's):
 *   - a name assigned anywhere in a function is local to it;
 *   - class scopes are not visible from the functions nested in them (their
 *     bindings are not passed down), except the implicit `__class__` cell
 *     that methods using `super` or `__class__` need;
 *   - comprehensions are functions: their iteration variables are local,
 *     their first iterable is evaluated (and so walked) in the enclosing
 *     scope, and a walrus inside binds in the nearest enclosing function
 *     (or module) scope.
 */
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdio.h>
#include "compiler/symtable.h"

#define MAX_DEPTH 1000   /* nested AST nodes walked before RecursionError */

/* --------------------------------------------------------------- helpers */

static void *grow(void *p, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return p;
    int ncap = *cap ? *cap * 2 : 8;
    while (ncap < need)
        ncap *= 2;
    void *q = realloc(p, (size_t)ncap * elem);
    if (!q)
        return NULL;
    *cap = ncap;
    return q;
}

static int st_error(mn_symtable *st, int lineno, int col, int end_lineno, int end_col,
                    const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mn_syntax_error_set(st->err, st->src, st->srclen, MN_ERR_SYNTAX, lineno, col,
                        end_lineno, end_col, "%s", msg);
    return -1;
}
#define ERR_AT(pos, ...) st_error(st, (pos).lineno, (pos).col_offset, (pos).end_lineno, (pos).end_col_offset, __VA_ARGS__)

const char *mn_symtable_mangle(mn_symtable *st, const char *private_name, const char *name)
{
    if (!private_name || name[0] != '_' || name[1] != '_')
        return name;
    size_t n = strlen(name);
    if ((n >= 4 && name[n - 1] == '_' && name[n - 2] == '_') || strchr(name, '.'))
        return name;
    while (*private_name == '_')
        private_name++;
    if (!*private_name)
        return name;
    size_t pn = strlen(private_name);
    char *s = malloc(pn + n + 2);
    char **strings = grow(st->strings, &st->cap_strings, st->nstrings + 1, sizeof(char *));
    if (!s || !strings) {
        free(s);
        if (strings)
            st->strings = strings;
        return NULL;
    }
    st->strings = strings;
    s[0] = '_';
    memcpy(s + 1, private_name, pn);
    memcpy(s + 1 + pn, name, n + 1);
    st->strings[st->nstrings++] = s;
    return s;
}

mn_symbol *mn_ste_lookup(mn_ste *ste, const char *name)
{
    for (int i = 0; i < ste->nsymbols; i++)
        if (strcmp(ste->symbols[i].name, name) == 0)
            return &ste->symbols[i];
    return NULL;
}

mn_scope mn_ste_scope(mn_ste *ste, const char *name)
{
    mn_symbol *s = mn_ste_lookup(ste, name);
    return s ? s->scope : MN_SCOPE_NONE;
}

mn_ste *mn_ste_child(mn_ste *ste, const void *key)
{
    for (int i = 0; i < ste->nchildren; i++)
        if (ste->children[i]->key == key)
            return ste->children[i];
    return NULL;
}

static void ste_free(mn_ste *ste)
{
    if (!ste)
        return;
    for (int i = 0; i < ste->nchildren; i++)
        ste_free(ste->children[i]);
    free(ste->children);
    free(ste->symbols);
    free(ste->params);
    free(ste);
}

void mn_symtable_free(mn_symtable *st)
{
    if (!st)
        return;
    ste_free(st->top);
    for (int i = 0; i < st->nstrings; i++)
        free(st->strings[i]);
    free(st->strings);
    free(st);
}

static int oom(mn_symtable *st)
{
    mn_syntax_error_set(st->err, st->src, st->srclen, MN_ERR_SYNTAX, 1, 0, 1, 0, "out of memory");
    return -1;
}

/* Records flags for `name` in scope `ste` (mangled already). */
static int add_def_in(mn_symtable *st, mn_ste *ste, const char *name, int flag, mn_ast_pos pos)
{
    mn_symbol *sym = mn_ste_lookup(ste, name);
    if (sym) {
        if ((flag & MN_DEF_PARAM) && (sym->flags & MN_DEF_PARAM))
            return ERR_AT(pos, "duplicate argument '%s' in function definition", name);
        /* errors about directives point at the first one (CPython's ste_directives) */
        if ((flag & (MN_DEF_GLOBAL | MN_DEF_NONLOCAL)) && !(sym->flags & (MN_DEF_GLOBAL | MN_DEF_NONLOCAL)))
            sym->dpos = pos;
        sym->flags |= flag;
    } else {
        mn_symbol *syms = grow(ste->symbols, &ste->cap_symbols, ste->nsymbols + 1, sizeof(mn_symbol));
        if (!syms)
            return oom(st);
        ste->symbols = syms;
        ste->symbols[ste->nsymbols++] = (mn_symbol){name, flag, MN_SCOPE_NONE, pos};
    }
    if (flag & MN_DEF_PARAM) {
        const char **ps = grow(ste->params, &ste->cap_params, ste->nparams + 1, sizeof(char *));
        if (!ps)
            return oom(st);
        ste->params = ps;
        ste->params[ste->nparams++] = name;
    }
    return 0;
}

static int add_def(mn_symtable *st, const char *name, int flag, mn_ast_pos pos)
{
    const char *m = mn_symtable_mangle(st, st->private_name, name);
    if (!m)
        return oom(st);
    if (st->cur->comp_iter_target && (flag & MN_DEF_LOCAL))
        flag |= MN_DEF_COMP_ITER;
    return add_def_in(st, st->cur, m, flag, pos);
}

static int enter_block(mn_symtable *st, const char *name, mn_block_type type, const void *key, mn_ast_pos pos)
{
    mn_ste *ste = calloc(1, sizeof *ste);
    if (!ste)
        return oom(st);
    ste->type = type;
    ste->name = name;
    ste->key = key;
    ste->parent = st->cur;
    ste->lineno = pos.lineno;
    ste->col_offset = pos.col_offset;
    if (st->cur) {
        if (st->cur->nested || st->cur->type == MN_BLOCK_FUNCTION)
            ste->nested = 1;
        mn_ste **ch = grow(st->cur->children, &st->cur->cap_children, st->cur->nchildren + 1, sizeof(mn_ste *));
        if (!ch) {
            free(ste);
            return oom(st);
        }
        st->cur->children = ch;
        st->cur->children[st->cur->nchildren++] = ste;
    } else {
        st->top = ste;
    }
    st->cur = ste;
    return 0;
}

static void exit_block(mn_symtable *st)
{
    st->cur = st->cur->parent;
}

/* -------------------------------------------------------------- the walk */

static int visit_expr(mn_symtable *st, mn_ast_expr *e);
static int visit_stmt(mn_symtable *st, mn_ast_stmt *s);

static int visit_exprs(mn_symtable *st, mn_ast_expr_seq seq)
{
    for (int i = 0; i < seq.len; i++)
        if (seq.items[i] && visit_expr(st, seq.items[i]) < 0)
            return -1;
    return 0;
}

static int visit_stmts(mn_symtable *st, mn_ast_stmt_seq seq)
{
    for (int i = 0; i < seq.len; i++)
        if (visit_stmt(st, seq.items[i]) < 0)
            return -1;
    return 0;
}

static int visit_params(mn_symtable *st, mn_ast_arg_seq args)
{
    for (int i = 0; i < args.len; i++)
        if (add_def(st, args.items[i]->arg, MN_DEF_PARAM, args.items[i]->pos) < 0)
            return -1;
    return 0;
}

static int visit_arguments(mn_symtable *st, mn_ast_arguments *a)
{
    if (visit_params(st, a->posonlyargs) < 0 || visit_params(st, a->args) < 0 ||
        visit_params(st, a->kwonlyargs) < 0)
        return -1;
    if (a->vararg) {
        if (add_def(st, a->vararg->arg, MN_DEF_PARAM, a->vararg->pos) < 0)
            return -1;
        st->cur->varargs = 1;
    }
    if (a->kwarg) {
        if (add_def(st, a->kwarg->arg, MN_DEF_PARAM, a->kwarg->pos) < 0)
            return -1;
        st->cur->varkeywords = 1;
    }
    return 0;
}

/* Annotations are evaluated in the scope containing the def. */
static int visit_annotations(mn_symtable *st, mn_ast_arguments *a, mn_ast_expr *returns)
{
    mn_ast_arg_seq seqs[3] = {a->posonlyargs, a->args, a->kwonlyargs};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < seqs[k].len; i++)
            if (seqs[k].items[i]->annotation && visit_expr(st, seqs[k].items[i]->annotation) < 0)
                return -1;
    if (a->vararg && a->vararg->annotation && visit_expr(st, a->vararg->annotation) < 0)
        return -1;
    if (a->kwarg && a->kwarg->annotation && visit_expr(st, a->kwarg->annotation) < 0)
        return -1;
    if (returns && visit_expr(st, returns) < 0)
        return -1;
    return 0;
}

/* A walrus inside a comprehension binds in the enclosing function/module. */
static int extend_namedexpr_scope(mn_symtable *st, mn_ast_expr *target)
{
    const char *name = target->v.name.id;
    for (mn_ste *ste = st->cur; ste; ste = ste->parent) {
        if (ste->comprehension) {
            mn_symbol *sym = mn_ste_lookup(ste, name);
            if (sym && (sym->flags & MN_DEF_COMP_ITER))
                return ERR_AT(target->pos, "assignment expression cannot rebind comprehension iteration variable '%s'", name);
            continue;
        }
        if (ste->type == MN_BLOCK_FUNCTION) {
            if (add_def(st, name, MN_DEF_NONLOCAL, target->pos) < 0)
                return -1;
            return add_def_in(st, ste, name, MN_DEF_LOCAL, target->pos);
        }
        if (ste->type == MN_BLOCK_MODULE) {
            if (add_def(st, name, MN_DEF_GLOBAL, target->pos) < 0)
                return -1;
            return add_def_in(st, ste, name, MN_DEF_GLOBAL, target->pos);
        }
        if (ste->type == MN_BLOCK_CLASS)
            return ERR_AT(target->pos, "assignment expression within a comprehension cannot be used in a class body");
    }
    return 0;
}

static int visit_comprehension(mn_symtable *st, mn_ast_expr *e, const char *scope_name,
                               mn_ast_comprehension_seq gens, mn_ast_expr *elt, mn_ast_expr *value)
{
    int is_generator = e->kind == MN_AST_GENERATOR_EXP;
    mn_ast_comprehension *outermost = gens.items[0];
    /* The outermost iterable is evaluated in the enclosing scope. */
    if (visit_expr(st, outermost->iter) < 0)
        return -1;
    if (enter_block(st, scope_name, MN_BLOCK_FUNCTION, e, e->pos) < 0)
        return -1;
    mn_ste *comp = st->cur;
    comp->comprehension = 1;
    comp->comp_kind = e->kind;
    if (outermost->is_async)
        comp->coroutine = 1;
    if (is_generator)
        comp->generator = 1;
    if (add_def(st, ".0", MN_DEF_PARAM, e->pos) < 0)
        return -1;
    comp->comp_iter_target = 1;
    if (visit_expr(st, outermost->target) < 0)
        return -1;
    comp->comp_iter_target = 0;
    if (visit_exprs(st, outermost->ifs) < 0)
        return -1;
    for (int i = 1; i < gens.len; i++) {
        mn_ast_comprehension *g = gens.items[i];
        comp->comp_iter_target = 1;
        if (visit_expr(st, g->target) < 0)
            return -1;
        comp->comp_iter_target = 0;
        if (visit_expr(st, g->iter) < 0 || visit_exprs(st, g->ifs) < 0)
            return -1;
        if (g->is_async)
            comp->coroutine = 1;
    }
    if (value && visit_expr(st, value) < 0)
        return -1;
    if (visit_expr(st, elt) < 0)
        return -1;
    if (comp->generator && !is_generator) {
        static const char *const kinds[] = {"list comprehension", "set comprehension", "dict comprehension"};
        int k = e->kind == MN_AST_LIST_COMP ? 0 : e->kind == MN_AST_SET_COMP ? 1 : 2;
        return ERR_AT(e->pos, "'yield' inside %s", kinds[k]);
    }
    exit_block(st);
    return 0;
}

static int visit_expr(mn_symtable *st, mn_ast_expr *e)
{
    if (++st->depth > MAX_DEPTH) {
        st->recursion_error = 1;
        return -1;
    }
    int r = 0;
    switch (e->kind) {
    case MN_AST_NAMED_EXPR:
        if (st->cur->comprehension) {
            if (extend_namedexpr_scope(st, e->v.named_expr.target) < 0)
                return -1;
        }
        r = visit_expr(st, e->v.named_expr.value);
        if (r == 0)
            r = visit_expr(st, e->v.named_expr.target);
        break;
    case MN_AST_BOOL_OP: r = visit_exprs(st, e->v.bool_op.values); break;
    case MN_AST_BIN_OP:
        r = visit_expr(st, e->v.bin_op.left);
        if (r == 0) r = visit_expr(st, e->v.bin_op.right);
        break;
    case MN_AST_UNARY_OP: r = visit_expr(st, e->v.unary_op.operand); break;
    case MN_AST_LAMBDA: {
        mn_ast_arguments *a = e->v.lambda.args;
        if (visit_exprs(st, a->defaults) < 0 || visit_exprs(st, a->kw_defaults) < 0)
            return -1;
        if (enter_block(st, "lambda", MN_BLOCK_FUNCTION, e, e->pos) < 0)
            return -1;
        if (visit_arguments(st, a) < 0 || visit_expr(st, e->v.lambda.body) < 0)
            return -1;
        exit_block(st);
        break;
    }
    case MN_AST_IF_EXP:
        r = visit_expr(st, e->v.if_exp.test);
        if (r == 0) r = visit_expr(st, e->v.if_exp.body);
        if (r == 0) r = visit_expr(st, e->v.if_exp.orelse);
        break;
    case MN_AST_DICT:
        r = visit_exprs(st, e->v.dict.keys);
        if (r == 0) r = visit_exprs(st, e->v.dict.values);
        break;
    case MN_AST_SET: r = visit_exprs(st, e->v.set.elts); break;
    case MN_AST_GENERATOR_EXP:
        r = visit_comprehension(st, e, "genexpr", e->v.comp.generators, e->v.comp.elt, NULL);
        break;
    case MN_AST_LIST_COMP:
        r = visit_comprehension(st, e, "listcomp", e->v.comp.generators, e->v.comp.elt, NULL);
        break;
    case MN_AST_SET_COMP:
        r = visit_comprehension(st, e, "setcomp", e->v.comp.generators, e->v.comp.elt, NULL);
        break;
    case MN_AST_DICT_COMP:
        r = visit_comprehension(st, e, "dictcomp", e->v.dict_comp.generators, e->v.dict_comp.key,
                                e->v.dict_comp.value);
        break;
    case MN_AST_YIELD:
    case MN_AST_YIELD_FROM:
        if (e->kind == MN_AST_YIELD ? e->v.yield.value != NULL : 1)
            r = visit_expr(st, e->kind == MN_AST_YIELD ? e->v.yield.value : e->v.yield_from.value);
        st->cur->generator = 1;
        break;
    case MN_AST_AWAIT:
        r = visit_expr(st, e->v.await.value);
        if (st->cur->comprehension)
            st->cur->coroutine = 1;
        break;
    case MN_AST_COMPARE:
        r = visit_expr(st, e->v.compare.left);
        if (r == 0) r = visit_exprs(st, e->v.compare.comparators);
        break;
    case MN_AST_CALL:
        r = visit_expr(st, e->v.call.func);
        if (r == 0) r = visit_exprs(st, e->v.call.args);
        for (int i = 0; r == 0 && i < e->v.call.keywords.len; i++)
            r = visit_expr(st, e->v.call.keywords.items[i]->value);
        break;
    case MN_AST_FORMATTED_VALUE:
        r = visit_expr(st, e->v.formatted_value.value);
        if (r == 0 && e->v.formatted_value.format_spec)
            r = visit_expr(st, e->v.formatted_value.format_spec);
        break;
    case MN_AST_JOINED_STR: r = visit_exprs(st, e->v.joined_str.values); break;
    case MN_AST_CONSTANT: break;
    case MN_AST_ATTRIBUTE: r = visit_expr(st, e->v.attribute.value); break;
    case MN_AST_SUBSCRIPT:
        r = visit_expr(st, e->v.subscript.value);
        if (r == 0) r = visit_expr(st, e->v.subscript.slice);
        break;
    case MN_AST_STARRED: r = visit_expr(st, e->v.starred.value); break;
    case MN_AST_SLICE:
        if (e->v.slice.lower) r = visit_expr(st, e->v.slice.lower);
        if (r == 0 && e->v.slice.upper) r = visit_expr(st, e->v.slice.upper);
        if (r == 0 && e->v.slice.step) r = visit_expr(st, e->v.slice.step);
        break;
    case MN_AST_NAME:
        r = add_def(st, e->v.name.id, e->v.name.ctx == MN_AST_LOAD ? MN_DEF_USE : MN_DEF_LOCAL, e->pos);
        /* Zero-argument super() needs the __class__ cell. */
        if (r == 0 && e->v.name.ctx == MN_AST_LOAD && st->cur->type == MN_BLOCK_FUNCTION &&
            strcmp(e->v.name.id, "super") == 0)
            r = add_def(st, "__class__", MN_DEF_USE, e->pos);
        break;
    case MN_AST_LIST:
    case MN_AST_TUPLE: r = visit_exprs(st, e->v.list.elts); break;
    default: break;
    }
    st->depth--;
    return r;
}

static int visit_global_nonlocal(mn_symtable *st, mn_ast_stmt *s)
{
    int is_global = s->kind == MN_AST_GLOBAL;
    const char *what = is_global ? "global" : "nonlocal";
    if (!is_global && st->cur->type == MN_BLOCK_MODULE)
        return ERR_AT(s->pos, "nonlocal declaration not allowed at module level");
    for (int i = 0; i < s->v.global.names.len; i++) {
        const char *name = mn_symtable_mangle(st, st->private_name, s->v.global.names.items[i]);
        if (!name)
            return oom(st);
        mn_symbol *sym = mn_ste_lookup(st->cur, name);
        int cur = sym ? sym->flags : 0;
        if (cur & (MN_DEF_PARAM | MN_DEF_LOCAL | MN_DEF_USE | MN_DEF_ANNOT)) {
            const char *fmt;
            if (cur & MN_DEF_PARAM) fmt = "name '%s' is parameter and %s";
            else if (cur & MN_DEF_USE) fmt = "name '%s' is used prior to %s declaration";
            else if (cur & MN_DEF_ANNOT) fmt = "annotated name '%s' can't be %s";
            else fmt = "name '%s' is assigned to before %s declaration";
            return ERR_AT(s->pos, fmt, name, what);
        }
        if (add_def_in(st, st->cur, name, is_global ? MN_DEF_GLOBAL : MN_DEF_NONLOCAL, s->pos) < 0)
            return -1;
    }
    return 0;
}

static int visit_stmt(mn_symtable *st, mn_ast_stmt *s)
{
    if (++st->depth > MAX_DEPTH) {
        st->recursion_error = 1;
        return -1;
    }
    int r = 0;
    switch (s->kind) {
    case MN_AST_FUNCTION_DEF:
    case MN_AST_ASYNC_FUNCTION_DEF: {
        mn_ast_arguments *a = s->v.function_def.args;
        if (add_def(st, s->v.function_def.name, MN_DEF_LOCAL, s->pos) < 0 ||
            visit_exprs(st, a->defaults) < 0 || visit_exprs(st, a->kw_defaults) < 0 ||
            visit_annotations(st, a, s->v.function_def.returns) < 0 ||
            visit_exprs(st, s->v.function_def.decorator_list) < 0)
            return -1;
        if (enter_block(st, s->v.function_def.name, MN_BLOCK_FUNCTION, s, s->pos) < 0)
            return -1;
        if (s->kind == MN_AST_ASYNC_FUNCTION_DEF)
            st->cur->coroutine = 1;
        if (visit_arguments(st, a) < 0 || visit_stmts(st, s->v.function_def.body) < 0)
            return -1;
        exit_block(st);
        break;
    }
    case MN_AST_CLASS_DEF: {
        if (add_def(st, s->v.class_def.name, MN_DEF_LOCAL, s->pos) < 0 ||
            visit_exprs(st, s->v.class_def.bases) < 0)
            return -1;
        for (int i = 0; i < s->v.class_def.keywords.len; i++)
            if (visit_expr(st, s->v.class_def.keywords.items[i]->value) < 0)
                return -1;
        if (visit_exprs(st, s->v.class_def.decorator_list) < 0)
            return -1;
        if (enter_block(st, s->v.class_def.name, MN_BLOCK_CLASS, s, s->pos) < 0)
            return -1;
        const char *saved = st->private_name;
        st->private_name = s->v.class_def.name;
        r = visit_stmts(st, s->v.class_def.body);
        st->private_name = saved;
        if (r < 0)
            return -1;
        exit_block(st);
        break;
    }
    case MN_AST_RETURN:
        if (s->v.return_.value) r = visit_expr(st, s->v.return_.value);
        break;
    case MN_AST_DELETE: r = visit_exprs(st, s->v.delete_.targets); break;
    case MN_AST_ASSIGN:
        r = visit_exprs(st, s->v.assign.targets);
        if (r == 0) r = visit_expr(st, s->v.assign.value);
        break;
    case MN_AST_AUG_ASSIGN:
        r = visit_expr(st, s->v.aug_assign.target);
        if (r == 0) r = visit_expr(st, s->v.aug_assign.value);
        break;
    case MN_AST_ANN_ASSIGN: {
        mn_ast_expr *t = s->v.ann_assign.target;
        if (t->kind == MN_AST_NAME) {
            const char *name = mn_symtable_mangle(st, st->private_name, t->v.name.id);
            if (!name)
                return oom(st);
            mn_symbol *sym = mn_ste_lookup(st->cur, name);
            int cur = sym ? sym->flags : 0;
            if ((cur & (MN_DEF_GLOBAL | MN_DEF_NONLOCAL)) && s->v.ann_assign.simple)
                return ERR_AT(s->pos, "annotated name '%s' can't be %s", name,
                              (cur & MN_DEF_GLOBAL) ? "global" : "nonlocal");
            if (s->v.ann_assign.simple)
                r = add_def_in(st, st->cur, name, MN_DEF_ANNOT | MN_DEF_LOCAL, t->pos);
            else if (s->v.ann_assign.value)
                r = add_def_in(st, st->cur, name, MN_DEF_LOCAL, t->pos);
        } else {
            r = visit_expr(st, t);
        }
        if (r == 0) r = visit_expr(st, s->v.ann_assign.annotation);
        if (r == 0 && s->v.ann_assign.value) r = visit_expr(st, s->v.ann_assign.value);
        break;
    }
    case MN_AST_FOR:
    case MN_AST_ASYNC_FOR:
        r = visit_expr(st, s->v.for_.target);
        if (r == 0) r = visit_expr(st, s->v.for_.iter);
        if (r == 0) r = visit_stmts(st, s->v.for_.body);
        if (r == 0) r = visit_stmts(st, s->v.for_.orelse);
        break;
    case MN_AST_WHILE:
    case MN_AST_IF:
        r = visit_expr(st, s->v.while_.test);
        if (r == 0) r = visit_stmts(st, s->v.while_.body);
        if (r == 0) r = visit_stmts(st, s->v.while_.orelse);
        break;
    case MN_AST_WITH:
    case MN_AST_ASYNC_WITH:
        for (int i = 0; r == 0 && i < s->v.with.items.len; i++) {
            r = visit_expr(st, s->v.with.items.items[i]->context_expr);
            if (r == 0 && s->v.with.items.items[i]->optional_vars)
                r = visit_expr(st, s->v.with.items.items[i]->optional_vars);
        }
        if (r == 0) r = visit_stmts(st, s->v.with.body);
        break;
    case MN_AST_RAISE:
        if (s->v.raise.exc) r = visit_expr(st, s->v.raise.exc);
        if (r == 0 && s->v.raise.cause) r = visit_expr(st, s->v.raise.cause);
        break;
    case MN_AST_TRY:
        r = visit_stmts(st, s->v.try_.body);
        if (r == 0) r = visit_stmts(st, s->v.try_.orelse);
        for (int i = 0; r == 0 && i < s->v.try_.handlers.len; i++) {
            mn_ast_excepthandler *h = s->v.try_.handlers.items[i];
            if (h->type) r = visit_expr(st, h->type);
            if (r == 0 && h->name) r = add_def(st, h->name, MN_DEF_LOCAL, h->pos);
            if (r == 0) r = visit_stmts(st, h->body);
        }
        if (r == 0) r = visit_stmts(st, s->v.try_.finalbody);
        break;
    case MN_AST_ASSERT:
        r = visit_expr(st, s->v.assert_.test);
        if (r == 0 && s->v.assert_.msg) r = visit_expr(st, s->v.assert_.msg);
        break;
    case MN_AST_IMPORT:
    case MN_AST_IMPORT_FROM: {
        mn_ast_alias_seq names = s->kind == MN_AST_IMPORT ? s->v.import.names : s->v.import_from.names;
        for (int i = 0; r == 0 && i < names.len; i++) {
            mn_ast_alias *a = names.items[i];
            if (strcmp(a->name, "*") == 0) {
                if (st->cur->type != MN_BLOCK_MODULE)
                    return ERR_AT(a->pos, "import * only allowed at module level");
                continue;
            }
            /* `import a.b` binds `a` */
            const char *store = a->asname;
            char buf[256];
            if (!store) {
                const char *dot = strchr(a->name, '.');
                if (dot) {
                    size_t n = (size_t)(dot - a->name);
                    if (n >= sizeof buf) n = sizeof buf - 1;
                    memcpy(buf, a->name, n);
                    buf[n] = 0;
                    /* keep a stable copy */
                    char *copy = malloc(n + 1);
                    char **strings = grow(st->strings, &st->cap_strings, st->nstrings + 1, sizeof(char *));
                    if (!copy || !strings) { free(copy); if (strings) st->strings = strings; return oom(st); }
                    st->strings = strings;
                    memcpy(copy, buf, n + 1);
                    st->strings[st->nstrings++] = copy;
                    store = copy;
                } else {
                    store = a->name;
                }
            }
            r = add_def(st, store, MN_DEF_IMPORT, a->pos);
        }
        break;
    }
    case MN_AST_GLOBAL:
    case MN_AST_NONLOCAL:
        r = visit_global_nonlocal(st, s);
        break;
    case MN_AST_EXPR: r = visit_expr(st, s->v.expr_stmt.value); break;
    default: break;
    }
    st->depth--;
    return r;
}

/* ------------------------------------------------------------ analysis */

/* A small set of names (linear; scopes are small). */
typedef struct { const char **items; int len, cap; } nameset;

static int set_has(const nameset *s, const char *n)
{
    if (!s)
        return 0;
    for (int i = 0; i < s->len; i++)
        if (strcmp(s->items[i], n) == 0)
            return 1;
    return 0;
}
static int set_add(nameset *s, const char *n)
{
    if (set_has(s, n))
        return 0;
    const char **items = grow(s->items, &s->cap, s->len + 1, sizeof(char *));
    if (!items)
        return -1;
    s->items = items;
    s->items[s->len++] = n;
    return 0;
}
static void set_discard(nameset *s, const char *n)
{
    for (int i = 0; i < s->len; i++)
        if (strcmp(s->items[i], n) == 0) {
            s->items[i] = s->items[--s->len];
            return;
        }
}
static int set_update(nameset *s, const nameset *o)
{
    if (!o)
        return 0;
    for (int i = 0; i < o->len; i++)
        if (set_add(s, o->items[i]) < 0)
            return -1;
    return 0;
}

static int analyze_name(mn_symtable *st, mn_ste *ste, mn_symbol *sym, nameset *bound,
                        nameset *local, nameset *free, nameset *global)
{
    int flags = sym->flags;
    const char *name = sym->name;
    mn_ast_pos pos = sym->dpos;
    if (flags & MN_DEF_GLOBAL) {
        if (flags & MN_DEF_NONLOCAL)
            return ERR_AT(pos, "name '%s' is nonlocal and global", name);
        sym->scope = MN_SCOPE_GLOBAL_EXPLICIT;
        if (set_add(global, name) < 0)
            return oom(st);
        if (bound)
            set_discard(bound, name);
        return 0;
    }
    if (flags & MN_DEF_NONLOCAL) {
        if (!bound || !set_has(bound, name))
            return ERR_AT(pos, "no binding for nonlocal '%s' found", name);
        sym->scope = MN_SCOPE_FREE;
        ste->has_free = 1;
        return set_add(free, name) < 0 ? oom(st) : 0;
    }
    if (flags & MN_DEF_BOUND) {
        sym->scope = MN_SCOPE_LOCAL;
        if (set_add(local, name) < 0)
            return oom(st);
        set_discard(global, name);
        return 0;
    }
    if (bound && set_has(bound, name)) {
        sym->scope = MN_SCOPE_FREE;
        ste->has_free = 1;
        return set_add(free, name) < 0 ? oom(st) : 0;
    }
    if (global && set_has(global, name)) {
        sym->scope = MN_SCOPE_GLOBAL_IMPLICIT;
        return 0;
    }
    if (ste->nested)
        ste->has_free = 1;
    sym->scope = MN_SCOPE_GLOBAL_IMPLICIT;
    return 0;
}

static int analyze_block(mn_symtable *st, mn_ste *ste, nameset *bound, nameset *free, nameset *global);

/* A child gets copies of the sets so siblings don't see each other. */
static int analyze_child(mn_symtable *st, mn_ste *child, nameset *bound, nameset *global, nameset *child_free)
{
    nameset b = {0}, f = {0}, g = {0};
    int r = -1;
    if (set_update(&b, bound) < 0 || set_update(&g, global) < 0)
        goto done;
    if (analyze_block(st, child, &b, &f, &g) < 0)
        goto done;
    if (set_update(child_free, &f) < 0)
        goto done;
    r = 0;
done:
    if (r < 0 && st->err->kind == MN_ERR_NONE)
        oom(st);
    free(b.items);
    free(f.items);
    free(g.items);
    return r;
}

static int analyze_block(mn_symtable *st, mn_ste *ste, nameset *bound, nameset *free_out, nameset *global)
{
    nameset local = {0}, newbound = {0}, newfree = {0}, newglobal = {0}, allfree = {0};
    int r = -1;
    if (ste->type == MN_BLOCK_CLASS) {
        if (set_update(&newglobal, global) < 0 || (bound && set_update(&newbound, bound) < 0))
            goto oom;
    }
    for (int i = 0; i < ste->nsymbols; i++)
        if (analyze_name(st, ste, &ste->symbols[i], bound, &local, free_out, global) < 0)
            goto done;
    if (ste->type != MN_BLOCK_CLASS) {
        if (ste->type == MN_BLOCK_FUNCTION && set_update(&newbound, &local) < 0)
            goto oom;
        if (bound && set_update(&newbound, bound) < 0)
            goto oom;
        if (set_update(&newglobal, global) < 0)
            goto oom;
    } else if (set_add(&newbound, "__class__") < 0) {
        goto oom;
    }
    for (int i = 0; i < ste->nchildren; i++) {
        mn_ste *c = ste->children[i];
        if (analyze_child(st, c, &newbound, &newglobal, &allfree) < 0)
            goto done;
        if (c->has_free || c->child_free)
            ste->child_free = 1;
    }
    if (set_update(&newfree, &allfree) < 0)
        goto oom;
    if (ste->type == MN_BLOCK_FUNCTION) {
        /* Locals that children capture become cells. */
        for (int i = 0; i < ste->nsymbols; i++) {
            mn_symbol *s = &ste->symbols[i];
            if (s->scope == MN_SCOPE_LOCAL && set_has(&newfree, s->name)) {
                s->scope = MN_SCOPE_CELL;
                set_discard(&newfree, s->name);
            }
        }
    } else if (ste->type == MN_BLOCK_CLASS && set_has(&newfree, "__class__")) {
        set_discard(&newfree, "__class__");
        ste->needs_class_closure = 1;
    }
    /* Free names of children not resolved here pass through this scope. */
    for (int i = 0; i < newfree.len; i++) {
        const char *name = newfree.items[i];
        mn_symbol *s = mn_ste_lookup(ste, name);
        if (s) {
            if (ste->type == MN_BLOCK_CLASS && (s->flags & (MN_DEF_BOUND | MN_DEF_GLOBAL)))
                s->flags |= MN_DEF_FREE_CLASS;
            continue;
        }
        if (bound && !set_has(bound, name))
            continue;
        mn_ast_pos pos = {ste->lineno, 0, ste->lineno, 0};
        if (add_def_in(st, ste, name, 0, pos) < 0)
            goto done;
        ste->symbols[ste->nsymbols - 1].scope = MN_SCOPE_FREE;
    }
    if (set_update(free_out, &newfree) < 0)
        goto oom;
    r = 0;
    goto done;
oom:
    oom(st);
done:
    free(local.items);
    free(newbound.items);
    free(newfree.items);
    free(newglobal.items);
    free(allfree.items);
    return r;
}

mn_symtable *mn_symtable_build(const mn_ast_mod *mod, const char *src, size_t len,
                               mn_syntax_error *err, int *recursion_error)
{
    mn_symtable *st = calloc(1, sizeof *st);
    *recursion_error = 0;
    if (!st) {
        mn_syntax_error_set(err, src, len, MN_ERR_SYNTAX, 1, 0, 1, 0, "out of memory");
        return NULL;
    }
    st->src = src;
    st->srclen = len;
    st->err = err;
    mn_ast_pos pos = {1, 0, 1, 0};
    int r = enter_block(st, "top", MN_BLOCK_MODULE, mod, pos);
    if (r == 0) {
        if (mod->kind == MN_AST_EXPRESSION)
            r = visit_expr(st, mod->expr_body);
        else
            r = visit_stmts(st, mod->body);
    }
    if (r == 0) {
        nameset global = {0}, free_ = {0};
        r = analyze_block(st, st->top, NULL, &free_, &global);
        free(global.items);
        free(free_.items);
    }
    if (r < 0) {
        *recursion_error = st->recursion_error;
        mn_symtable_free(st);
        return NULL;
    }
    return st;
}

/* compiler/symtable.h — the symbol table pass (CPython's Python/symtable.c):
 * one entry per scope (module, class, function/lambda, comprehension), each
 * name classified as local / global (explicit or implicit) / free / cell.
 *
 * The compiler builds the table for the whole module first, then walks the
 * AST again and looks up each scope's entry by its AST node.
 */
#ifndef MN_SYMTABLE_H
#define MN_SYMTABLE_H

#include "compiler/ast.h"
#include "compiler/lexer.h"

/* Flags recorded while walking (CPython's DEF_*). */
enum {
    MN_DEF_GLOBAL = 1, MN_DEF_LOCAL = 2, MN_DEF_PARAM = 4, MN_DEF_NONLOCAL = 8,
    MN_DEF_USE = 16, MN_DEF_FREE = 32, MN_DEF_FREE_CLASS = 64, MN_DEF_IMPORT = 128,
    MN_DEF_ANNOT = 256, MN_DEF_COMP_ITER = 512,
    MN_DEF_BOUND = MN_DEF_LOCAL | MN_DEF_PARAM | MN_DEF_IMPORT,
};
/* Scopes decided by the analysis (CPython's LOCAL..CELL). */
typedef enum {
    MN_SCOPE_NONE = 0, MN_SCOPE_LOCAL = 1, MN_SCOPE_GLOBAL_EXPLICIT, MN_SCOPE_GLOBAL_IMPLICIT,
    MN_SCOPE_FREE, MN_SCOPE_CELL
} mn_scope;

typedef enum { MN_BLOCK_MODULE, MN_BLOCK_CLASS, MN_BLOCK_FUNCTION } mn_block_type;

typedef struct mn_symbol {
    const char *name;
    int flags;
    mn_scope scope;
    mn_ast_pos dpos;            /* where its global/nonlocal declaration is */
} mn_symbol;

typedef struct mn_ste {
    mn_block_type type;
    const char *name;           /* "top", class/function name, "<lambda>", "<listcomp>" */
    const void *key;            /* the AST node that opened the scope */
    struct mn_ste *parent;
    struct mn_ste **children;
    int nchildren, cap_children;
    mn_symbol *symbols;         /* in order of first mention */
    int nsymbols, cap_symbols;
    const char **params;        /* parameter names in order (co_varnames start) */
    int nparams, cap_params;
    int lineno, col_offset;
    unsigned nested : 1;        /* inside a function (free vars possible) */
    unsigned generator : 1, coroutine : 1, comprehension : 1;
    unsigned varargs : 1, varkeywords : 1;
    unsigned has_free : 1, child_free : 1;
    unsigned needs_class_closure : 1;  /* class whose methods use __class__/super */
    unsigned comp_iter_target : 1;     /* walking a comprehension target */
    int comp_kind;              /* for comprehensions: MN_AST_LIST_COMP ... */
} mn_ste;

typedef struct mn_symtable {
    mn_ste *top;
    mn_ste *cur;
    const char *src;
    size_t srclen;
    mn_syntax_error *err;
    int depth;                  /* recursion guard */
    int recursion_error;        /* error was "maximum recursion depth exceeded" */
    const char *private_name;   /* enclosing class name, for __name mangling */
    char **strings;             /* mangled names we allocated */
    int nstrings, cap_strings;
} mn_symtable;

/* Builds the table for a module (or an expression for eval mode). Returns
 * NULL with *err set on a SyntaxError (or st->recursion_error). */
mn_symtable *mn_symtable_build(const mn_ast_mod *mod, const char *src, size_t len,
                               mn_syntax_error *err, int *recursion_error);
void mn_symtable_free(mn_symtable *st);
/* The child scope of `ste` opened by AST node `key`, or NULL. */
mn_ste *mn_ste_child(mn_ste *ste, const void *key);
/* The symbol for `name` in `ste`, or NULL. */
mn_symbol *mn_ste_lookup(mn_ste *ste, const char *name);
/* Scope of `name` in `ste` (MN_SCOPE_NONE when never mentioned). */
mn_scope mn_ste_scope(mn_ste *ste, const char *name);
/* Private name mangling: `__x` inside class `C` becomes `_C__x` (not
 * dunders, not dotted names). Returns `name` itself or a string owned by
 * st (NULL only when out of memory). */
const char *mn_symtable_mangle(mn_symtable *st, const char *private_name, const char *name);

#endif /* MN_SYMTABLE_H */

/* compiler/compile_internal.h — shared state of the bytecode compiler
 * (compile.c: units, emission, assembler; compile_expr.c / compile_stmt.c:
 * code generation). Not a public header.
 *
 * Code is emitted as a flat list of instructions per code unit. Jumps name a
 * *label* (resolved to an instruction index at assembly). Exception handling
 * uses CPython 3.11's pseudo-instructions SETUP_FINALLY / SETUP_CLEANUP /
 * SETUP_WITH / POP_BLOCK while emitting; the assembler turns them into the
 * exception table and drops them.
 */
#ifndef MN_COMPILE_INTERNAL_H
#define MN_COMPILE_INTERNAL_H

#include "compiler/compiler.h"
#include "compiler/ast.h"
#include "compiler/parser.h"
#include "compiler/symtable.h"
#include "runtime/runtime.h"

/* Pseudo opcodes (never reach a code object). */
enum {
    MN_PSEUDO_SETUP_FINALLY = 240,  /* handler: exc pushed (depth+1) */
    MN_PSEUDO_SETUP_CLEANUP,        /* handler: lasti, exc pushed (depth+2) */
    MN_PSEUDO_SETUP_WITH,           /* like SETUP_CLEANUP, for with (depth+1 incl. lasti) */
    MN_PSEUDO_POP_BLOCK,
};

#define MN_MAX_BLOCKS 20          /* CPython's CO_MAXBLOCKS */
#define MN_STACK_USE_GUIDELINE 30

typedef struct mn_cinstr {
    int op, arg;
    int target;                   /* label for jumps/SETUP_*, else -1 */
    mn_code_pos pos;
} mn_cinstr;

typedef enum {
    FB_WHILE_LOOP, FB_FOR_LOOP, FB_TRY_EXCEPT, FB_FINALLY_TRY, FB_FINALLY_END,
    FB_WITH, FB_ASYNC_WITH, FB_HANDLER_CLEANUP, FB_POP_VALUE, FB_EXCEPTION_HANDLER,
    FB_ASYNC_COMPREHENSION_GENERATOR,
} mn_fblock_type;

typedef struct mn_fblock {
    mn_fblock_type type;
    int block;                    /* label: loop start (continue) */
    int exit;                     /* label: loop end (break) */
    const void *datum;            /* finally body / with stmt / handler name */
} mn_fblock;

typedef enum {
    SCOPE_MODULE, SCOPE_CLASS, SCOPE_FUNCTION, SCOPE_ASYNC_FUNCTION, SCOPE_LAMBDA,
    SCOPE_COMPREHENSION
} mn_scope_type;

typedef struct mn_cunit {
    mn_ste *ste;
    mn_scope_type scope_type;
    mn_object *name, *qualname;
    mn_object *consts;            /* list */
    mn_object *const_index;       /* dict: const key -> index */
    mn_object *names;             /* dict: str -> index */
    mn_object *varnames;          /* dict: str -> index */
    mn_object *cellvars;          /* dict: str -> index */
    mn_object *freevars;          /* dict: str -> index */
    mn_cinstr *instrs;
    int ninstrs, cap_instrs;
    int *labels;                  /* label -> instruction index (-1: unplaced) */
    int nlabels, cap_labels;
    mn_fblock fblocks[MN_MAX_BLOCKS];
    int nfblocks;
    int argcount, posonlyargcount, kwonlyargcount;
    int firstlineno;
    mn_code_pos loc;              /* position given to emitted instructions */
    const char *private_name;     /* class name for mangling */
    int in_inlined_comp;
    struct mn_cunit *parent;
} mn_cunit;

typedef struct mn_compiler {
    mn_cunit *u;
    mn_symtable *st;
    mn_object *filename;
    const char *src;
    size_t srclen;
    int interactive;
    int nestlevel;
    int depth;                    /* recursion guard */
    mn_compile_mode mode;
} mn_compiler;

/* compile.c */
int  mn_c_emit(mn_compiler *c, int op, int arg);
int  mn_c_emit_jump(mn_compiler *c, int op, int label);
int  mn_c_new_label(mn_compiler *c);
int  mn_c_place_label(mn_compiler *c, int label);
int  mn_c_add_const(mn_compiler *c, mn_object *o);          /* borrowed; index or -1 */
int  mn_c_emit_const(mn_compiler *c, mn_object *o);         /* LOAD_CONST, borrowed */
int  mn_c_emit_const_new(mn_compiler *c, mn_object *o);     /* LOAD_CONST, steals */
int  mn_c_add_name(mn_compiler *c, mn_object *dict, const char *name);
int  mn_c_emit_name(mn_compiler *c, int op, const char *name);  /* co_names op, mangled */
int  mn_c_error(mn_compiler *c, const char *fmt, ...);
int  mn_c_error_at(mn_compiler *c, mn_ast_pos pos, const char *fmt, ...);
int  mn_c_push_fblock(mn_compiler *c, mn_fblock_type t, int block, int exit, const void *datum);
void mn_c_pop_fblock(mn_compiler *c);
int  mn_c_enter_scope(mn_compiler *c, const char *name, mn_scope_type type, const void *key, int lineno);
void mn_c_exit_scope(mn_compiler *c);
mn_object *mn_c_assemble(mn_compiler *c, int add_none_return);
const char *mn_c_mangle(mn_compiler *c, const char *name);
int  mn_c_enter(mn_compiler *c);     /* recursion guard */
void mn_c_leave(mn_compiler *c);

/* compile_expr.c */
int  mn_c_visit_expr(mn_compiler *c, mn_ast_expr *e);
int  mn_c_nameop(mn_compiler *c, const char *name, mn_ast_expr_context ctx);
int  mn_c_jump_if(mn_compiler *c, mn_ast_expr *e, int label, int cond);
int  mn_c_make_closure(mn_compiler *c, mn_object *co, int flags, mn_object *qualname);
int  mn_c_call_helper(mn_compiler *c, int n, mn_ast_expr_seq args, mn_ast_keyword_seq keywords);
int  mn_c_add_yield_from(mn_compiler *c, int await);
/* The folded constant value of e (new ref), or NULL (no error) when e is not
 * constant after folding. *err set on a real error (e.g. out of memory). */
mn_object *mn_c_fold(mn_compiler *c, mn_ast_expr *e, int *err);
mn_object *mn_c_constant_value(mn_compiler *c, const mn_ast_constant *k, int *err);
int  mn_c_visit_iter(mn_compiler *c, mn_ast_expr *e);  /* lists as tuples (fold_iter) */

/* compile_stmt.c */
int  mn_c_visit_stmt(mn_compiler *c, mn_ast_stmt *s);
int  mn_c_visit_stmts(mn_compiler *c, mn_ast_stmt_seq seq);
int  mn_c_body(mn_compiler *c, mn_ast_stmt_seq body, int is_module);
int  mn_c_unwind_fblock(mn_compiler *c, mn_fblock *fb, int preserve_tos);
int  mn_c_function_body_docstring(mn_ast_stmt_seq body);

#define SET_LOC(c, node) ((c)->u->loc = (mn_code_pos){(node)->pos.lineno, (node)->pos.end_lineno, \
                                                      (node)->pos.col_offset, (node)->pos.end_col_offset})
#define UNSET_LOC(c) ((c)->u->loc.lineno = -1)

#endif /* MN_COMPILE_INTERNAL_H */

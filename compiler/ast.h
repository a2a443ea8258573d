/* compiler/ast.h — the abstract syntax tree produced by the parser.
 *
 * The node set and field names mirror CPython 3.11's `ast` module
 * (Parser/Python.asdl) exactly, so https://docs.python.org/3.11/library/ast.html
 * documents every field. Conventions:
 *   - a node is a struct with a `kind` tag and a union `v` holding one struct
 *     per kind, named after the Python class in snake_case (Expr ->
 *     v.expr_stmt, BinOp -> v.bin_op ...); the fields inside carry the
 *     Python names (left, op, right, ...).
 *   - optional fields (`expr?` in the ASDL) are NULL when absent.
 *   - sequences (`expr*`) are {len, items}; items[i] is never NULL except in
 *     Dict.keys (NULL for a `**mapping` entry) and arguments.kw_defaults
 *     (NULL for a keyword-only argument without default).
 *   - every stmt/expr/arg/keyword/alias/excepthandler has lineno, col_offset,
 *     end_lineno, end_col_offset as CPython computes them (1-based lines,
 *     0-based UTF-8 *byte* columns).
 *   - all memory (nodes, sequences, identifiers, constant payloads) lives in
 *     an mn_ast_arena and is released at once by mn_ast_arena_free.
 *
 * What the parser leaves to the compiler (CPython reports them from its
 * symtable/compiler, not the parser): 'return' / 'yield' / 'await' outside a
 * function, 'break' / 'continue' outside a loop, duplicate argument names,
 * 'nonlocal' at module level, names declared global after use, `*` import
 * inside a function. The parser accepts those.
 * Not supported yet: `match` statements and `except*` (SyntaxError). */
#ifndef MN_AST_H
#define MN_AST_H

#include <stddef.h>

/* ---- arena ------------------------------------------------------------ */

typedef struct mn_ast_arena mn_ast_arena;
mn_ast_arena *mn_ast_arena_new(void);
void mn_ast_arena_free(mn_ast_arena *arena);
/* zeroed, max-aligned memory; NULL only when out of memory */
void *mn_ast_arena_alloc(mn_ast_arena *arena, size_t size);
/* copy of s[0..len) with a NUL appended */
char *mn_ast_arena_strdup(mn_ast_arena *arena, const char *s, size_t len);

/* ---- enums ------------------------------------------------------------ */

typedef enum { MN_AST_LOAD = 1, MN_AST_STORE, MN_AST_DEL } mn_ast_expr_context;
typedef enum { MN_AST_AND = 1, MN_AST_OR } mn_ast_boolop;
#define MN_AST_OPERATOR_LIST(X) \
    X(ADD, Add, "+") X(SUB, Sub, "-") X(MULT, Mult, "*") X(MATMULT, MatMult, "@") \
    X(DIV, Div, "/") X(MOD, Mod, "%") X(POW, Pow, "**") X(LSHIFT, LShift, "<<") \
    X(RSHIFT, RShift, ">>") X(BITOR, BitOr, "|") X(BITXOR, BitXor, "^") \
    X(BITAND, BitAnd, "&") X(FLOORDIV, FloorDiv, "//")
typedef enum {
    MN_AST_OPERATOR_NONE_ = 0,
#define MN_AST_OP_ENUM_(c, py, s) MN_AST_##c,
    MN_AST_OPERATOR_LIST(MN_AST_OP_ENUM_)
#undef MN_AST_OP_ENUM_
} mn_ast_operator;
typedef enum { MN_AST_INVERT = 1, MN_AST_NOT, MN_AST_UADD, MN_AST_USUB } mn_ast_unaryop;
typedef enum {
    MN_AST_EQ = 1, MN_AST_NOTEQ, MN_AST_LT, MN_AST_LTE, MN_AST_GT, MN_AST_GTE,
    MN_AST_IS, MN_AST_ISNOT, MN_AST_IN, MN_AST_NOTIN
} mn_ast_cmpop;

/* Python class names, for dumps and messages: "Add", "Eq", "Load", ... */
const char *mn_ast_operator_name(mn_ast_operator op);
const char *mn_ast_cmpop_name(mn_ast_cmpop op);

/* ---- sequences -------------------------------------------------------- */

typedef struct mn_ast_expr mn_ast_expr;
typedef struct mn_ast_stmt mn_ast_stmt;
typedef struct mn_ast_arg mn_ast_arg;
typedef struct mn_ast_keyword mn_ast_keyword;
typedef struct mn_ast_alias mn_ast_alias;
typedef struct mn_ast_withitem mn_ast_withitem;
typedef struct mn_ast_comprehension mn_ast_comprehension;
typedef struct mn_ast_excepthandler mn_ast_excepthandler;
typedef struct mn_ast_arguments mn_ast_arguments;

/* All pointer sequences share this layout (the parser builds them
 * generically); the typedefs document what they hold. */
typedef struct { int len; mn_ast_expr **items; } mn_ast_expr_seq;
typedef struct { int len; mn_ast_stmt **items; } mn_ast_stmt_seq;
typedef struct { int len; mn_ast_arg **items; } mn_ast_arg_seq;
typedef struct { int len; mn_ast_keyword **items; } mn_ast_keyword_seq;
typedef struct { int len; mn_ast_alias **items; } mn_ast_alias_seq;
typedef struct { int len; mn_ast_withitem **items; } mn_ast_withitem_seq;
typedef struct { int len; mn_ast_comprehension **items; } mn_ast_comprehension_seq;
typedef struct { int len; mn_ast_excepthandler **items; } mn_ast_excepthandler_seq;
typedef struct { int len; const char **items; } mn_ast_identifier_seq;
typedef struct { int len; mn_ast_cmpop *items; } mn_ast_cmpop_seq;

/* Source position of a node (see the header comment). */
typedef struct { int lineno, col_offset, end_lineno, end_col_offset; } mn_ast_pos;

/* ---- constants -------------------------------------------------------- */

typedef enum {
    MN_CONST_NONE = 1, MN_CONST_TRUE, MN_CONST_FALSE, MN_CONST_ELLIPSIS,
    MN_CONST_INT,     /* int_digits/int_base: ASCII digits, no '_' or prefix */
    MN_CONST_FLOAT,   /* number */
    MN_CONST_COMPLEX, /* number = the imaginary part (1.5j -> 1.5) */
    MN_CONST_STR,     /* data/len: UTF-8, may contain NUL; NUL-terminated */
    MN_CONST_BYTES,   /* data/len: raw bytes; NUL-terminated */
} mn_ast_const_kind;

typedef struct {
    mn_ast_const_kind kind;
    const char *int_digits; /* e.g. "ff" for 0xFF, base 16; lowercase hex */
    int int_base;           /* 2, 8, 10 or 16 */
    double number;
    const char *data;
    size_t len;
} mn_ast_constant;

/* ---- expressions ------------------------------------------------------ */

#define MN_AST_EXPR_LIST(X) \
    X(BOOL_OP, BoolOp) X(NAMED_EXPR, NamedExpr) X(BIN_OP, BinOp) X(UNARY_OP, UnaryOp) \
    X(LAMBDA, Lambda) X(IF_EXP, IfExp) X(DICT, Dict) X(SET, Set) X(LIST_COMP, ListComp) \
    X(SET_COMP, SetComp) X(DICT_COMP, DictComp) X(GENERATOR_EXP, GeneratorExp) \
    X(AWAIT, Await) X(YIELD, Yield) X(YIELD_FROM, YieldFrom) X(COMPARE, Compare) \
    X(CALL, Call) X(FORMATTED_VALUE, FormattedValue) X(JOINED_STR, JoinedStr) \
    X(CONSTANT, Constant) X(ATTRIBUTE, Attribute) X(SUBSCRIPT, Subscript) \
    X(STARRED, Starred) X(NAME, Name) X(LIST, List) X(TUPLE, Tuple) X(SLICE, Slice)

typedef enum {
    MN_AST_EXPR_NONE_ = 0,
#define MN_AST_EK_(c, py) MN_AST_##c,
    MN_AST_EXPR_LIST(MN_AST_EK_)
#undef MN_AST_EK_
} mn_ast_expr_kind;

struct mn_ast_expr {
    mn_ast_expr_kind kind;
    mn_ast_pos pos;
    /* parser bookkeeping, not part of Python's AST: the node was written in
     * parentheses (matters for annotations' `simple` and error messages) */
    int parenthesized;
    mn_ast_pos outer; /* span including the outermost parentheses */
    union {
        struct { mn_ast_boolop op; mn_ast_expr_seq values; } bool_op;
        struct { mn_ast_expr *target, *value; } named_expr;
        struct { mn_ast_expr *left; mn_ast_operator op; mn_ast_expr *right; } bin_op;
        struct { mn_ast_unaryop op; mn_ast_expr *operand; } unary_op;
        struct { mn_ast_arguments *args; mn_ast_expr *body; } lambda;
        struct { mn_ast_expr *test, *body, *orelse; } if_exp;
        struct { mn_ast_expr_seq keys, values; } dict;
        struct { mn_ast_expr_seq elts; } set;
        /* ListComp, SetComp, GeneratorExp */
        struct { mn_ast_expr *elt; mn_ast_comprehension_seq generators; } comp;
        struct { mn_ast_expr *key, *value; mn_ast_comprehension_seq generators; } dict_comp;
        struct { mn_ast_expr *value; } await;       /* value != NULL */
        struct { mn_ast_expr *value; } yield;       /* value may be NULL */
        struct { mn_ast_expr *value; } yield_from;
        struct { mn_ast_expr *left; mn_ast_cmpop_seq ops; mn_ast_expr_seq comparators; } compare;
        struct { mn_ast_expr *func; mn_ast_expr_seq args; mn_ast_keyword_seq keywords; } call;
        /* conversion: -1 none, 's' 115, 'r' 114, 'a' 97; format_spec is a
         * JoinedStr or NULL */
        struct { mn_ast_expr *value; int conversion; mn_ast_expr *format_spec; } formatted_value;
        struct { mn_ast_expr_seq values; } joined_str; /* Constant(str) / FormattedValue */
        struct { mn_ast_constant value; const char *kind; /* "u" or NULL */ } constant;
        struct { mn_ast_expr *value; const char *attr; mn_ast_expr_context ctx; } attribute;
        struct { mn_ast_expr *value, *slice; mn_ast_expr_context ctx; } subscript;
        struct { mn_ast_expr *value; mn_ast_expr_context ctx; } starred;
        struct { const char *id; mn_ast_expr_context ctx; } name; /* id is NFKC-normalised */
        struct { mn_ast_expr_seq elts; mn_ast_expr_context ctx; } list; /* List and Tuple */
        struct { mn_ast_expr *lower, *upper, *step; } slice;
    } v;
};

/* ---- statements ------------------------------------------------------- */

#define MN_AST_STMT_LIST(X) \
    X(FUNCTION_DEF, FunctionDef) X(ASYNC_FUNCTION_DEF, AsyncFunctionDef) \
    X(CLASS_DEF, ClassDef) X(RETURN, Return) X(DELETE, Delete) X(ASSIGN, Assign) \
    X(AUG_ASSIGN, AugAssign) X(ANN_ASSIGN, AnnAssign) X(FOR, For) X(ASYNC_FOR, AsyncFor) \
    X(WHILE, While) X(IF, If) X(WITH, With) X(ASYNC_WITH, AsyncWith) X(RAISE, Raise) \
    X(TRY, Try) X(ASSERT, Assert) X(IMPORT, Import) X(IMPORT_FROM, ImportFrom) \
    X(GLOBAL, Global) X(NONLOCAL, Nonlocal) X(EXPR, Expr) X(PASS, Pass) \
    X(BREAK, Break) X(CONTINUE, Continue)

typedef enum {
    MN_AST_STMT_NONE_ = 0,
#define MN_AST_SK_(c, py) MN_AST_##c,
    MN_AST_STMT_LIST(MN_AST_SK_)
#undef MN_AST_SK_
} mn_ast_stmt_kind;

struct mn_ast_stmt {
    mn_ast_stmt_kind kind;
    mn_ast_pos pos;
    union {
        /* FunctionDef and AsyncFunctionDef; returns may be NULL */
        struct {
            const char *name; mn_ast_arguments *args; mn_ast_stmt_seq body;
            mn_ast_expr_seq decorator_list; mn_ast_expr *returns;
        } function_def;
        struct {
            const char *name; mn_ast_expr_seq bases; mn_ast_keyword_seq keywords;
            mn_ast_stmt_seq body; mn_ast_expr_seq decorator_list;
        } class_def;
        struct { mn_ast_expr *value; } return_;            /* value may be NULL */
        struct { mn_ast_expr_seq targets; } delete_;       /* ctx Del */
        struct { mn_ast_expr_seq targets; mn_ast_expr *value; } assign; /* a = b = value */
        struct { mn_ast_expr *target; mn_ast_operator op; mn_ast_expr *value; } aug_assign;
        /* simple = 1 for a plain unparenthesized Name target; value may be NULL */
        struct { mn_ast_expr *target, *annotation, *value; int simple; } ann_assign;
        /* For and AsyncFor */
        struct { mn_ast_expr *target, *iter; mn_ast_stmt_seq body, orelse; } for_;
        struct { mn_ast_expr *test; mn_ast_stmt_seq body, orelse; } while_;
        struct { mn_ast_expr *test; mn_ast_stmt_seq body, orelse; } if_; /* elif = nested If in orelse */
        /* With and AsyncWith */
        struct { mn_ast_withitem_seq items; mn_ast_stmt_seq body; } with;
        struct { mn_ast_expr *exc, *cause; } raise;        /* both may be NULL */
        struct {
            mn_ast_stmt_seq body; mn_ast_excepthandler_seq handlers;
            mn_ast_stmt_seq orelse, finalbody;
        } try_;
        struct { mn_ast_expr *test, *msg; } assert_;       /* msg may be NULL */
        struct { mn_ast_alias_seq names; } import;
        /* module NULL for `from . import x`; level = number of leading dots */
        struct { const char *module; mn_ast_alias_seq names; int level; } import_from;
        struct { mn_ast_identifier_seq names; } global;    /* Global and Nonlocal */
        struct { mn_ast_expr *value; } expr_stmt;          /* Expr */
    } v;
};

/* ---- other nodes ------------------------------------------------------ */

struct mn_ast_comprehension {
    mn_ast_expr *target, *iter;   /* target has ctx Store */
    mn_ast_expr_seq ifs;
    int is_async;
};

/* ExceptHandler; type and name may be NULL */
struct mn_ast_excepthandler {
    mn_ast_pos pos;
    mn_ast_expr *type;
    const char *name;
    mn_ast_stmt_seq body;
};

/* vararg/kwarg may be NULL; kw_defaults has one entry (maybe NULL) per
 * kwonlyarg; defaults belong to the *last* len(defaults) of
 * posonlyargs + args. */
struct mn_ast_arguments {
    mn_ast_arg_seq posonlyargs, args;
    mn_ast_arg *vararg;
    mn_ast_arg_seq kwonlyargs;
    mn_ast_expr_seq kw_defaults;
    mn_ast_arg *kwarg;
    mn_ast_expr_seq defaults;
};

struct mn_ast_arg { mn_ast_pos pos; const char *arg; mn_ast_expr *annotation; };
/* arg NULL for `**mapping` */
struct mn_ast_keyword { mn_ast_pos pos; const char *arg; mn_ast_expr *value; };
/* name may be dotted ("a.b") or "*"; asname may be NULL */
struct mn_ast_alias { mn_ast_pos pos; const char *name; const char *asname; };
struct mn_ast_withitem { mn_ast_expr *context_expr, *optional_vars; };

/* ---- modules ---------------------------------------------------------- */

typedef enum { MN_AST_MODULE = 1, MN_AST_INTERACTIVE, MN_AST_EXPRESSION } mn_ast_mod_kind;

typedef struct {
    mn_ast_mod_kind kind;
    mn_ast_stmt_seq body;   /* Module, Interactive */
    mn_ast_expr *expr_body; /* Expression */
} mn_ast_mod;

/* ---- utilities -------------------------------------------------------- */

/* Python's ast.dump(tree) text (default arguments). *out is malloc'd; the
 * caller frees it. Returns 0, or -1 when out of memory. */
int mn_ast_dump(const mn_ast_mod *mod, char **out);
/* include_attributes != 0: like ast.dump(tree, include_attributes=True) */
int mn_ast_dump_ex(const mn_ast_mod *mod, int include_attributes, char **out);
int mn_ast_dump_expr(const mn_ast_expr *e, char **out);

/* CPython's human name of an expression for messages: "literal",
 * "function call", "attribute" ... (_PyPegen_get_expr_name). */
const char *mn_ast_expr_name(const mn_ast_expr *e);

#endif

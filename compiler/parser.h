/* compiler/parser.h — public entry points of the front end: source text ->
 * AST (compiler/ast.h), with CPython 3.11-compatible syntax errors.
 *
 * Usage:
 *     mn_ast_arena *arena = mn_ast_arena_new();
 *     mn_syntax_error err;
 *     mn_ast_mod *mod = mn_parse(src, len, "f.py", MN_PARSE_FILE, arena, &err);
 *     if (!mod) report(err.kind, err.msg, err.lineno, err.offset);
 *     ... walk mod ...
 *     mn_ast_arena_free(arena);
 */
#ifndef MN_PARSER_H
#define MN_PARSER_H

#include <stddef.h>
#include "compiler/ast.h"
#include "compiler/lexer.h"

typedef enum {
    MN_PARSE_FILE = 1, /* 'exec': a module -> Module */
    MN_PARSE_EVAL,     /* 'eval': one expression -> Expression */
    MN_PARSE_SINGLE,   /* 'single' (REPL): one statement, maybe compound -> Interactive */
} mn_parse_mode;

/* Parse src[0..len) (UTF-8; a leading BOM is skipped, a `#!` line or coding
 * cookie is just a comment). Returns the tree, allocated in `arena`, or NULL
 * with *err filled (err->kind != MN_ERR_NONE). Never crashes, hangs or leaks
 * on any input: nesting is bounded (200 brackets, 100 indentation levels,
 * 1000 nested sub-expressions). `filename` is only informational. */
mn_ast_mod *mn_parse(const char *src, size_t len, const char *filename,
                     mn_parse_mode mode, mn_ast_arena *arena, mn_syntax_error *err);

/* Find line `lineno` (1-based) of src: returns a pointer to its first byte
 * and stores its length without the line break in *line_len; NULL when the
 * line does not exist. For tracebacks and error carets. */
const char *mn_source_line(const char *src, size_t len, int lineno, size_t *line_len);

#endif

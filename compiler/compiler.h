/* compiler/compiler.h — the public header of the front end: source text in,
 * code object (or SyntaxError) out, plus the disassembler.
 *
 *   parse (lexer.c, parser.c -> ast.h) -> symbol table (symtable.c)
 *     -> bytecode (compile.c, with constant folding) -> mn_code (code.c)
 */
#ifndef MN_COMPILER_H
#define MN_COMPILER_H

#include "runtime/object.h"
#include "compiler/code.h"

typedef enum { MN_COMPILE_EXEC, MN_COMPILE_EVAL, MN_COMPILE_SINGLE } mn_compile_mode;

/* Compiles UTF-8 source. On error returns NULL with SyntaxError (or
 * IndentationError/TabError, with filename, lineno, offset, text,
 * end_lineno, end_offset set as CPython does) as the current exception.
 * `incomplete` (may be NULL) is set to 1 when the error only means "the
 * input ended early" (the REPL then asks for a continuation line). */
mn_object *mn_compile_source(const char *src, mn_ssize len, const char *filename,
                             mn_compile_mode mode, int *incomplete);
/* Compiles an AST (compiler/ast.h) that the caller parsed. */
struct mn_ast_mod;
mn_object *mn_compile_ast(struct mn_ast_mod *mod, const char *filename, mn_compile_mode mode,
                          const char *src, mn_ssize len);

/* Writes a readable disassembly of `code` and every code object nested in
 * its constants, in the spirit of CPython's dis.dis: offset, line, opcode
 * name, argument and its meaning, jump targets and the exception table. */
int mn_dis_code(mn_object *code, FILE *out);
/* Same into a str (for the dis module). */
mn_object *mn_dis_code_to_str(mn_object *code);

#endif /* MN_COMPILER_H */

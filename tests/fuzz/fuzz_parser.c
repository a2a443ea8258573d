/* tests/fuzz/fuzz_parser.c — libFuzzer entry point for the lexer/parser.
 * Build: clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. \
 *        tests/fuzz/fuzz_parser.c compiler/lexer.c compiler/ast.c compiler/parser.c -lutf8proc
 * Every input must either parse (and dump) or produce a SyntaxError;
 * sanitizers catch crashes and leaks. The first byte picks the parse mode. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "compiler/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    mn_parse_mode mode = (mn_parse_mode)(1 + data[0] % 3);
    mn_ast_arena *arena = mn_ast_arena_new();
    if (!arena) return 0;
    mn_syntax_error err;
    mn_ast_mod *mod = mn_parse((const char *)data + 1, size - 1, "<fuzz>", mode, arena, &err);
    if (mod) {
        char *out = NULL;
        if (mn_ast_dump(mod, &out) == 0) free(out);
    } else if (err.kind == MN_ERR_NONE) {
        abort(); /* a failure must always be reported */
    }
    mn_ast_arena_free(arena);
    return 0;
}

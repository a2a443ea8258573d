/* compiler/lexer.h — the tokenizer: UTF-8 source text -> mn_token stream,
 * plus the syntax-error record shared by the lexer and the parser.
 *
 * The lexer is pulled one token at a time by the parser (compiler/parser.c),
 * so a tokenizer error is reported only when the parser reaches it, as in
 * CPython. It keeps CPython's indentation stack (INDENT/DEDENT, TabError),
 * the bracket stack (implicit line joining, "'(' was never closed") and
 * validates identifiers with utf8proc. It never allocates. */
#ifndef MN_LEXER_H
#define MN_LEXER_H

#include <stddef.h>
#include "compiler/token.h"

#define MN_MAX_PAREN_LEVEL 200 /* CPython's MAXLEVEL */
#define MN_MAX_INDENT 100      /* CPython's MAXINDENT */

typedef enum {
    MN_ERR_NONE = 0,
    MN_ERR_SYNTAX,      /* SyntaxError */
    MN_ERR_INDENTATION, /* IndentationError */
    MN_ERR_TAB,         /* TabError */
} mn_syntax_error_kind;

/* A reported syntax error. Lines are 1-based; offsets are 1-based *character*
 * (code point) columns like CPython's SyntaxError.offset / end_offset. */
typedef struct {
    mn_syntax_error_kind kind;
    char msg[256];
    int lineno, offset, end_lineno, end_offset;
    /* Set when the only problem is that the input ended too early (unclosed
     * bracket, unterminated triple-quoted string, block header without body,
     * trailing backslash): the REPL should read another line. */
    int incomplete;
} mn_syntax_error;

typedef struct {
    const char *src;   /* whole source (for line/column computations) */
    size_t len;        /* end of the region being tokenized */
    size_t pos;
    int lineno;
    size_t line_start; /* offset of the current line's first byte */
    /* indentation: columns with tabs to 8 (indstack) and tabs as 1 (altstack) */
    int indstack[MN_MAX_INDENT + 1], altstack[MN_MAX_INDENT + 1];
    int indent;        /* index of the top of the stacks */
    int pending;       /* >0: INDENTs to emit, <0: DEDENTs to emit */
    int at_bol;        /* at the beginning of a logical line */
    int level;         /* bracket depth */
    char paren[MN_MAX_PAREN_LEVEL];
    int paren_line[MN_MAX_PAREN_LEVEL], paren_col[MN_MAX_PAREN_LEVEL];
    int eof_newline;   /* NEWLINE already emitted at EOF */
    int done;
    int sub;           /* tokenizing an f-string expression: no NEWLINE/INDENT */
    int last_significant; /* type of the last token emitted */
    int eof_in_paren;  /* the error is "'(' was never closed" (raised only when reached) */
    mn_syntax_error *err;
} mn_lexer;

/* Start tokenizing src[0..len). The caller must have validated the UTF-8
 * (mn_parse does). */
void mn_lexer_init(mn_lexer *lx, const char *src, size_t len, mn_syntax_error *err);

/* Tokenize src[start..end) as the expression part of an f-string replacement
 * field that begins at (lineno, col). Newlines are insignificant there. */
void mn_lexer_init_sub(mn_lexer *lx, const char *src, size_t start, size_t end,
                       int lineno, size_t line_start, mn_syntax_error *err);

/* Produce the next token; returns its type. MN_TOK_ERROR means *err is set. */
mn_token_type mn_lexer_next(mn_lexer *lx, mn_token *tok);

/* Fill err (if not already set) with a located error. col and end_col are
 * 0-based byte columns in the given lines; they are converted to CPython's
 * 1-based character offsets. end_lineno <= 0 means "same as start". */
void mn_syntax_error_set(mn_syntax_error *err, const char *src, size_t len,
                         mn_syntax_error_kind kind, int lineno, int col,
                         int end_lineno, int end_col, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

/* Number of code points in the first `bytes` bytes of line `lineno`. */
int mn_char_offset(const char *src, size_t len, int lineno, int bytes);

#endif

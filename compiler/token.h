/* compiler/token.h — token kinds produced by the lexer (compiler/lexer.c).
 *
 * Keywords get their own kinds so the parser can test them cheaply; the soft
 * keywords of 3.10+ ('match', 'case', '_') stay plain NAME tokens. */
#ifndef MN_TOKEN_H
#define MN_TOKEN_H

/* X-macro: kind, spelling (used in error messages and by the operator table). */
#define MN_TOKEN_LIST(X) \
    X(ENDMARKER, "") X(NAME, "") X(NUMBER, "") X(STRING, "") \
    X(NEWLINE, "") X(INDENT, "") X(DEDENT, "") X(ERROR, "") \
    /* operators and delimiters; longer spellings first for the lexer */ \
    X(DOUBLESTAREQUAL, "**=") X(DOUBLESLASHEQUAL, "//=") \
    X(LEFTSHIFTEQUAL, "<<=") X(RIGHTSHIFTEQUAL, ">>=") X(ELLIPSIS, "...") \
    X(RARROW, "->") X(COLONEQUAL, ":=") X(NOTEQUAL, "!=") X(EQEQUAL, "==") \
    X(LESSEQUAL, "<=") X(GREATEREQUAL, ">=") X(DOUBLESTAR, "**") \
    X(DOUBLESLASH, "//") X(LEFTSHIFT, "<<") X(RIGHTSHIFT, ">>") \
    X(PLUSEQUAL, "+=") X(MINEQUAL, "-=") X(STAREQUAL, "*=") \
    X(SLASHEQUAL, "/=") X(PERCENTEQUAL, "%=") X(AMPEREQUAL, "&=") \
    X(VBAREQUAL, "|=") X(CIRCUMFLEXEQUAL, "^=") X(ATEQUAL, "@=") \
    X(LPAR, "(") X(RPAR, ")") X(LSQB, "[") X(RSQB, "]") X(LBRACE, "{") \
    X(RBRACE, "}") X(COLON, ":") X(COMMA, ",") X(SEMI, ";") X(PLUS, "+") \
    X(MINUS, "-") X(STAR, "*") X(SLASH, "/") X(VBAR, "|") X(AMPER, "&") \
    X(LESS, "<") X(GREATER, ">") X(EQUAL, "=") X(DOT, ".") X(PERCENT, "%") \
    X(TILDE, "~") X(CIRCUMFLEX, "^") X(AT, "@") \
    /* keywords */ \
    X(FALSE, "False") X(NONE, "None") X(TRUE, "True") X(AND, "and") \
    X(AS, "as") X(ASSERT, "assert") X(ASYNC, "async") X(AWAIT, "await") \
    X(BREAK, "break") X(CLASS, "class") X(CONTINUE, "continue") \
    X(DEF, "def") X(DEL, "del") X(ELIF, "elif") X(ELSE, "else") \
    X(EXCEPT, "except") X(FINALLY, "finally") X(FOR, "for") \
    X(FROM, "from") X(GLOBAL, "global") X(IF, "if") X(IMPORT, "import") \
    X(IN, "in") X(IS, "is") X(LAMBDA, "lambda") X(NONLOCAL, "nonlocal") \
    X(NOT, "not") X(OR, "or") X(PASS, "pass") X(RAISE, "raise") \
    X(RETURN, "return") X(TRY, "try") X(WHILE, "while") X(WITH, "with") \
    X(YIELD, "yield")

typedef enum {
#define MN_TOK_ENUM_(name, spelling) MN_TOK_##name,
    MN_TOKEN_LIST(MN_TOK_ENUM_)
#undef MN_TOK_ENUM_
    MN_TOK__COUNT
} mn_token_type;

#define MN_TOK_FIRST_OP MN_TOK_DOUBLESTAREQUAL
#define MN_TOK_LAST_OP MN_TOK_AT
#define MN_TOK_FIRST_KEYWORD MN_TOK_FALSE
#define MN_TOK_LAST_KEYWORD MN_TOK_YIELD

/* String-token prefix flags (STRING tokens only). */
#define MN_STR_RAW 1
#define MN_STR_BYTES 2
#define MN_STR_FSTRING 4
#define MN_STR_UNICODE 8 /* the u'' prefix: recorded as Constant.kind == 'u' */

/* One token. Positions follow CPython: lines are 1-based, columns are 0-based
 * UTF-8 byte offsets within the line. */
typedef struct {
    mn_token_type type;
    const char *start; /* the token's text in the source (not NUL-terminated) */
    size_t len;
    int lineno, col_offset, end_lineno, end_col_offset;
    int level;         /* bracket nesting depth before this token */
    /* STRING: prefix flags, the body between the quotes, quote length (1/3) */
    int str_flags;
    const char *body;
    size_t body_len;
    int quote_len;
    int nonascii;      /* NAME contains non-ASCII (needs NFKC) */
} mn_token;

/* The spelling of a token kind ("(" or "while"), "" for NAME etc. */
const char *mn_token_spelling(mn_token_type type);

#endif

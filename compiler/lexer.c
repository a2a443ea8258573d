/* compiler/lexer.c — the tokenizer (see lexer.h). Mirrors CPython 3.11's
 * Parser/tokenizer.c closely enough that error messages and positions agree
 * for the common cases. */
#include "compiler/lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

static const char *const spellings[] = {
#define MN_TOK_SPELL_(name, spelling) spelling,
    MN_TOKEN_LIST(MN_TOK_SPELL_)
#undef MN_TOK_SPELL_
};

const char *mn_token_spelling(mn_token_type type) {
    return (unsigned)type < MN_TOK__COUNT ? spellings[type] : "";
}

/* ---- error helpers ---------------------------------------------------- */

static size_t find_line(const char *src, size_t len, int lineno) {
    size_t p = 0;
    for (int l = 1; l < lineno && p < len; p++)
        if (src[p] == '\n') l++;
    return p;
}

int mn_char_offset(const char *src, size_t len, int lineno, int bytes) {
    size_t p = find_line(src, len, lineno);
    int n = 0;
    for (int i = 0; i < bytes && p + i < len; i++)
        if (((unsigned char)src[p + i] & 0xC0) != 0x80) n++;
    return n;
}

void mn_syntax_error_set(mn_syntax_error *err, const char *src, size_t len,
                         mn_syntax_error_kind kind, int lineno, int col,
                         int end_lineno, int end_col, const char *fmt, ...) {
    if (err->kind != MN_ERR_NONE) return; /* the first error wins */
    err->kind = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    if (end_lineno <= 0) { end_lineno = lineno; end_col = col; }
    err->lineno = lineno;
    err->offset = (col < 0 ? 0 : mn_char_offset(src, len, lineno, col)) + 1;
    err->end_lineno = end_lineno;
    err->end_offset = (end_col < 0 ? 0 : mn_char_offset(src, len, end_lineno, end_col)) + 1;
    err->incomplete = 0;
}

/* Error at byte position `at` of the current line (0-based col). */
static mn_token_type lex_error_at(mn_lexer *lx, int lineno, int col, const char *msg) {
    mn_syntax_error_set(lx->err, lx->src, lx->len, MN_ERR_SYNTAX, lineno, col, 0, 0, "%s", msg);
    lx->done = 1;
    return MN_TOK_ERROR;
}

/* Error "at the current position" like CPython's syntaxerror(): the offset
 * is the number of characters before the cursor (no +1). */
static mn_token_type lex_error_here(mn_lexer *lx, const char *msg) {
    int col = (int)(lx->pos - lx->line_start);
    return lex_error_at(lx, lx->lineno, col - 1 < 0 ? -1 : col - 1, msg);
}

/* ---- init ------------------------------------------------------------- */

void mn_lexer_init(mn_lexer *lx, const char *src, size_t len, mn_syntax_error *err) {
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->len = len;
    lx->lineno = 1;
    lx->at_bol = 1;
    lx->err = err;
    lx->last_significant = MN_TOK_NEWLINE;
}

void mn_lexer_init_sub(mn_lexer *lx, const char *src, size_t start, size_t end,
                       int lineno, size_t line_start, mn_syntax_error *err) {
    mn_lexer_init(lx, src, end, err);
    lx->pos = start;
    lx->lineno = lineno;
    lx->line_start = line_start;
    lx->at_bol = 0;
    lx->sub = 1;
}

/* ---- character classes ------------------------------------------------ */

static int peekc(mn_lexer *lx, size_t ahead) {
    return lx->pos + ahead < lx->len ? (unsigned char)lx->src[lx->pos + ahead] : -1;
}

static int is_id_start_ascii(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_potential_id_char(int c) {
    return is_id_start_ascii(c) || is_digit(c) || c >= 128;
}

/* Python's XID_Start / XID_Continue, approximated by general categories. */
static int uni_id_start(utf8proc_int32_t cp) {
    if (cp == '_') return 1;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_NL:
        return 1;
    default:
        return cp == 0x2118 || cp == 0x212E || cp == 0x309B || cp == 0x309C; /* Other_ID_Start */
    }
}
static int uni_id_continue(utf8proc_int32_t cp) {
    if (uni_id_start(cp)) return 1;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_PC:
        return 1;
    default:
        return cp == 0xB7 || cp == 0x387 || (cp >= 0x1369 && cp <= 0x1371) || cp == 0x19DA;
    }
}

/* ---- indentation ------------------------------------------------------ */

/* At the start of a line outside brackets: measure indentation, skip blank
 * and comment-only lines, and queue INDENT/DEDENT tokens. Returns 0 or -1. */
static int handle_indentation(mn_lexer *lx) {
    for (;;) {
        int col = 0, altcol = 0;
        size_t p = lx->pos;
        while (p < lx->len) {
            char c = lx->src[p];
            if (c == ' ') { col++; altcol++; }
            else if (c == '\t') { col = (col / 8 + 1) * 8; altcol++; }
            else if (c == '\f') { col = altcol = 0; }
            else break;
            p++;
        }
        lx->pos = p;
        int c = peekc(lx, 0);
        if (c == '#' || c == '\n' || c == '\r' || (c == '\\' && 0)) {
            /* blank or comment-only line: no tokens, no indentation change */
            while (p < lx->len && lx->src[p] != '\n') p++;
            if (p >= lx->len) { lx->pos = p; return 0; }
            lx->pos = p + 1;
            lx->lineno++;
            lx->line_start = lx->pos;
            continue;
        }
        if (c < 0) return 0; /* EOF: dedents come with ENDMARKER */
        int top = lx->indent;
        if (col == lx->indstack[top]) {
            if (altcol != lx->altstack[top]) goto tab_error;
        } else if (col > lx->indstack[top]) {
            if (top + 1 >= MN_MAX_INDENT) {
                mn_syntax_error_set(lx->err, lx->src, lx->len, MN_ERR_INDENTATION,
                                    lx->lineno, 0, 0, 0, "too many levels of indentation");
                lx->err->end_offset = 0; /* CPython gives no end here */
                lx->done = 1;
                return -1;
            }
            if (altcol <= lx->altstack[top]) goto tab_error;
            lx->indent++;
            lx->indstack[lx->indent] = col;
            lx->altstack[lx->indent] = altcol;
            lx->pending = 1;
        } else {
            while (lx->indent > 0 && col < lx->indstack[lx->indent]) {
                lx->indent--;
                lx->pending--;
            }
            if (col != lx->indstack[lx->indent]) {
                /* CPython's tokenizer reports this at the end of the line
                 * (offset = bytes of the line + 1, no end). */
                size_t eol = lx->pos;
                while (eol < lx->len && lx->src[eol] != '\n') eol++;
                mn_syntax_error_set(lx->err, lx->src, lx->len, MN_ERR_INDENTATION, lx->lineno,
                                    (int)(eol - lx->line_start), 0, 0,
                                    "unindent does not match any outer indentation level");
                lx->err->offset = (int)(eol - lx->line_start) + 1; /* bytes, as CPython */
                lx->err->end_offset = -1;
                lx->done = 1;
                return -1;
            }
            if (altcol != lx->altstack[lx->indent]) goto tab_error;
        }
        return 0;
    tab_error:
        mn_syntax_error_set(lx->err, lx->src, lx->len, MN_ERR_TAB, lx->lineno, 0, 0, 0,
                            "inconsistent use of tabs and spaces in indentation");
        lx->err->end_offset = 0;
        lx->done = 1;
        return -1;
    }
}

/* ---- numbers ---------------------------------------------------------- */

/* After a number: a letter glued to it is an error, except for the keywords
 * CPython still tolerates there (1if x else y). */
static int number_end_ok(mn_lexer *lx, const char *kind) {
    int c = peekc(lx, 0);
    if (!is_potential_id_char(c)) return 1;
    static const char *const kws[] = {"and", "else", "for", "if", "in", "is", "not", "or"};
    for (size_t i = 0; i < sizeof kws / sizeof *kws; i++) {
        size_t n = strlen(kws[i]);
        if (lx->pos + n <= lx->len && memcmp(lx->src + lx->pos, kws[i], n) == 0) return 1;
    }
    char msg[64];
    snprintf(msg, sizeof msg, "invalid %s literal", kind);
    lex_error_here(lx, msg);
    return 0;
}

/* digits ('_'? digits)*; returns 0 on a bad underscore */
static int decimal_tail(mn_lexer *lx) {
    for (;;) {
        while (is_digit(peekc(lx, 0))) lx->pos++;
        if (peekc(lx, 0) != '_') return 1;
        lx->pos++;
        if (!is_digit(peekc(lx, 0))) {
            lex_error_here(lx, "invalid decimal literal");
            /* CPython reports at the character after '_' */
                        return 0;
        }
    }
}

static int is_radix_digit(int c, int base) {
    if (base == 16) return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    return c >= '0' && c < '0' + base;
}

static mn_token_type lex_number(mn_lexer *lx) {
    int c = peekc(lx, 0);
    if (c == '0' && (peekc(lx, 1) == 'x' || peekc(lx, 1) == 'X' || peekc(lx, 1) == 'o' ||
                     peekc(lx, 1) == 'O' || peekc(lx, 1) == 'b' || peekc(lx, 1) == 'B')) {
        int r = peekc(lx, 1) | 0x20;
        int base = r == 'x' ? 16 : r == 'o' ? 8 : 2;
        const char *kind = base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary";
        char msg[80];
        lx->pos += 2;
        int any = 0;
        for (;;) {
            if (peekc(lx, 0) == '_') lx->pos++;
            int d = peekc(lx, 0);
            if (!is_radix_digit(d, base)) {
                if (base != 16 && is_digit(d)) {
                    lx->pos++;
                    snprintf(msg, sizeof msg, "invalid digit '%c' in %s literal", d, kind);
                    lex_error_here(lx, msg);
                                        return MN_TOK_ERROR;
                }
                if (!any || lx->src[lx->pos - 1] == '_') {
                    snprintf(msg, sizeof msg, "invalid %s literal", kind);
                    lex_error_here(lx, msg);
                                        return MN_TOK_ERROR;
                }
                break;
            }
            while (is_radix_digit(peekc(lx, 0), base)) lx->pos++;
            any = 1;
        }
        return number_end_ok(lx, kind) ? MN_TOK_NUMBER : MN_TOK_ERROR;
    }
    size_t start = lx->pos;
    int is_float = 0;
    if (c == '.') {
        is_float = 1;
    } else if (c == '0') {
        /* only zeros allowed, unless it turns out to be a float/imaginary */
        int nonzero = 0;
        size_t zeros_end;
        for (;;) {
            while (peekc(lx, 0) == '0') lx->pos++;
            if (peekc(lx, 0) == '_') {
                lx->pos++;
                if (!is_digit(peekc(lx, 0))) {
                    lex_error_here(lx, "invalid decimal literal");
                                        return MN_TOK_ERROR;
                }
                continue;
            }
            break;
        }
        zeros_end = lx->pos;
        if (is_digit(peekc(lx, 0))) {
            nonzero = 1;
            if (!decimal_tail(lx)) return MN_TOK_ERROR;
        }
        int d = peekc(lx, 0);
        if (d == '.' || d == 'e' || d == 'E' || d == 'j' || d == 'J') {
            /* float / imaginary: handled below */
        } else if (nonzero) {
            int col = (int)(start - lx->line_start);
            mn_syntax_error_set(lx->err, lx->src, lx->len, MN_ERR_SYNTAX, lx->lineno, col,
                                lx->lineno, (int)(zeros_end - lx->line_start),
                                "leading zeros in decimal integer literals are not permitted; "
                                "use an 0o prefix for octal integers");
            lx->done = 1;
            return MN_TOK_ERROR;
        } else {
            return number_end_ok(lx, "decimal") ? MN_TOK_NUMBER : MN_TOK_ERROR;
        }
    } else {
        if (!decimal_tail(lx)) return MN_TOK_ERROR;
    }
    if (peekc(lx, 0) == '.') {
        is_float = 1;
        lx->pos++;
        if (is_digit(peekc(lx, 0)) && !decimal_tail(lx)) return MN_TOK_ERROR;
    }
    int e = peekc(lx, 0);
    if (e == 'e' || e == 'E') {
        size_t save = lx->pos;
        lx->pos++;
        if (peekc(lx, 0) == '+' || peekc(lx, 0) == '-') {
            lx->pos++;
            /* a sign must be followed by digits: reported just after it */
            if (!is_digit(peekc(lx, 0))) {
                lex_error_here(lx, "invalid decimal literal");
                return MN_TOK_ERROR;
            }
        }
        if (!is_digit(peekc(lx, 0))) {
            lx->pos = save;
            /* "1e" / "1e+": CPython reports at the start of the number */
            if (!number_end_ok(lx, "decimal")) {
                lx->err->offset = lx->err->end_offset = (int)(save - lx->line_start);
                return MN_TOK_ERROR;
            }
            return MN_TOK_NUMBER;
        }
        if (!decimal_tail(lx)) return MN_TOK_ERROR;
        is_float = 1;
    }
    if (peekc(lx, 0) == 'j' || peekc(lx, 0) == 'J') lx->pos++;
    (void)is_float;
    return number_end_ok(lx, "decimal") ? MN_TOK_NUMBER : MN_TOK_ERROR;
}

/* ---- strings ---------------------------------------------------------- */

/* Is text[0..n) a valid string prefix? Fills flags. */
static int string_prefix(const char *s, size_t n, int *flags) {
    int f = 0;
    if (n > 2) return 0;
    for (size_t i = 0; i < n; i++) {
        int c = s[i] | 0x20, bit;
        if (c == 'r') bit = MN_STR_RAW;
        else if (c == 'b') bit = MN_STR_BYTES;
        else if (c == 'f') bit = MN_STR_FSTRING;
        else if (c == 'u') bit = MN_STR_UNICODE;
        else return 0;
        if (f & bit) return 0;
        f |= bit;
    }
    if ((f & MN_STR_UNICODE) && n != 1) return 0;
    if ((f & MN_STR_BYTES) && (f & MN_STR_FSTRING)) return 0;
    *flags = f;
    return 1;
}

/* lx->pos is at the opening quote. */
static mn_token_type lex_string(mn_lexer *lx, mn_token *tok, int flags) {
    char q = lx->src[lx->pos];
    int start_line = lx->lineno;
    int start_col = (int)(tok->start - lx->src - lx->line_start);
    int triple = peekc(lx, 1) == q && peekc(lx, 2) == q;
    int qlen = triple ? 3 : 1;
    lx->pos += qlen;
    tok->body = lx->src + lx->pos;
    for (;;) {
        int c = peekc(lx, 0);
        if (c < 0 || (c == '\n' && !triple)) {
            char msg[96];
            /* a final '\n' ends the last line rather than starting a new one */
            int at_line = lx->lineno;
            if (c < 0 && lx->pos > 0 && lx->src[lx->pos - 1] == '\n') at_line--;
            snprintf(msg, sizeof msg, "unterminated %sstring literal (detected at line %d)",
                     triple ? "triple-quoted " : "", at_line);
            lex_error_at(lx, start_line, start_col, msg);
            /* only an open triple-quoted string can be continued */
            if (triple) lx->err->incomplete = 1;
            return MN_TOK_ERROR;
        }
        if (c == q && (!triple || (peekc(lx, 1) == q && peekc(lx, 2) == q))) break;
        if (c == '\\') {
            lx->pos++;
            c = peekc(lx, 0);
            if (c < 0) continue;
        }
        if (c == '\n') { lx->lineno++; lx->line_start = lx->pos + 1; }
        lx->pos++;
    }
    tok->body_len = (size_t)(lx->src + lx->pos - tok->body);
    lx->pos += qlen;
    tok->quote_len = qlen;
    tok->str_flags = flags;
    return MN_TOK_STRING;
}

/* ---- main entry ------------------------------------------------------- */

static mn_token_type finish(mn_lexer *lx, mn_token *tok, mn_token_type type) {
    tok->type = type;
    tok->len = (size_t)(lx->src + lx->pos - tok->start);
    tok->end_lineno = lx->lineno;
    tok->end_col_offset = (int)(lx->pos - lx->line_start);
    if (type != MN_TOK_ERROR) lx->last_significant = type;
    return type;
}

static mn_token_type lex_name(mn_lexer *lx, mn_token *tok) {
    size_t start = lx->pos;
    int nonascii = 0;
    while (is_potential_id_char(peekc(lx, 0))) {
        if (peekc(lx, 0) >= 128) nonascii = 1;
        lx->pos++;
    }
    int c = peekc(lx, 0), flags;
    if ((c == '"' || c == '\'') && string_prefix(lx->src + start, lx->pos - start, &flags))
        return finish(lx, tok, lex_string(lx, tok, flags));
    if (nonascii) {
        /* validate the identifier code point by code point */
        size_t p = start;
        int first = 1;
        while (p < lx->pos) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)lx->src + p,
                                                  (utf8proc_ssize_t)(lx->pos - p), &cp);
            if (n <= 0) { n = 1; cp = 0xFFFD; }
            if (!(first ? uni_id_start(cp) : uni_id_continue(cp))) {
                /* "invalid character" for a symbol; CPython reports the char */
                char msg[64], buf[8];
                int blen = (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf);
                if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CO ||
                    utf8proc_category(cp) == UTF8PROC_CATEGORY_CN ||
                    utf8proc_category(cp) == UTF8PROC_CATEGORY_CC ||
                    utf8proc_category(cp) == UTF8PROC_CATEGORY_CS)
                    snprintf(msg, sizeof msg, "invalid non-printable character U+%04X", (unsigned)cp);
                else
                    snprintf(msg, sizeof msg, "invalid character '%.*s' (U+%04X)", blen, buf,
                             (unsigned)cp);
                return lex_error_at(lx, lx->lineno, (int)(p - lx->line_start), msg);
            }
            first = 0;
            p += (size_t)n;
        }
    }
    tok->nonascii = nonascii;
    finish(lx, tok, MN_TOK_NAME);
    if (!nonascii) {
        for (int k = MN_TOK_FIRST_KEYWORD; k <= MN_TOK_LAST_KEYWORD; k++) {
            const char *s = spellings[k];
            if (strlen(s) == tok->len && memcmp(s, tok->start, tok->len) == 0) {
                tok->type = (mn_token_type)k;
                lx->last_significant = k;
                break;
            }
        }
    }
    return tok->type;
}

static mn_token_type next_token(mn_lexer *lx, mn_token *tok);

mn_token_type mn_lexer_next(mn_lexer *lx, mn_token *tok) {
    memset(tok, 0, sizeof *tok);
    mn_token_type t = next_token(lx, tok);
    tok->type = t;
    if (lx->sub) tok->level++; /* an f-string field is parsed as if in parentheses */
    return t;
}

static mn_token_type next_token(mn_lexer *lx, mn_token *tok) {
    if (lx->done) {
        tok->type = MN_TOK_ERROR;
        if (lx->err->kind == MN_ERR_NONE) { /* defensive: never error-free ERROR */
            tok->type = MN_TOK_ENDMARKER;
        }
        return tok->type;
    }
again:
    if (lx->at_bol && !lx->sub && lx->level == 0 && lx->pending == 0) {
        lx->at_bol = 0;
        if (handle_indentation(lx) < 0) return tok->type = MN_TOK_ERROR;
    }
    tok->level = lx->level;
    tok->lineno = tok->end_lineno = lx->lineno;
    tok->start = lx->src + lx->pos;
    tok->col_offset = (int)(lx->pos - lx->line_start);
    if (lx->pending > 0) {
        lx->pending--;
        /* CPython reports "unexpected indent" at the indentation's width */
        tok->col_offset = (int)(lx->pos - lx->line_start) - 1;
        return finish(lx, tok, MN_TOK_INDENT);
    }
    if (lx->pending < 0) {
        lx->pending++;
        tok->col_offset = -1;
        return finish(lx, tok, MN_TOK_DEDENT);
    }
    /* skip spaces and comments */
    for (;;) {
        int c = peekc(lx, 0);
        if (c == ' ' || c == '\t' || c == '\f' || c == '\r') { lx->pos++; continue; }
        if (c == '#') {
            while (peekc(lx, 0) >= 0 && peekc(lx, 0) != '\n') lx->pos++;
            continue;
        }
        if (c == '\\') {
            int d = peekc(lx, 1);
            if (d == '\r' && peekc(lx, 2) == '\n') { lx->pos++; d = '\n'; }
            if (d == '\n') {
                lx->pos += 2;
                lx->lineno++;
                lx->line_start = lx->pos;
                if (peekc(lx, 0) < 0 && !lx->sub) {
                    lex_error_at(lx, lx->lineno, 0, "unexpected EOF while parsing");
                    lx->err->incomplete = 1;
                    return tok->type = MN_TOK_ERROR;
                }
                continue;
            }
            if (d < 0) {
                lx->pos++;
                lex_error_at(lx, lx->lineno, (int)(lx->pos - lx->line_start),
                             "unexpected EOF while parsing");
                lx->err->end_offset = -1;
                lx->err->incomplete = 1;
                return tok->type = MN_TOK_ERROR;
            }
            lx->pos++;
            lex_error_at(lx, lx->lineno, (int)(lx->pos - lx->line_start),
                         "unexpected character after line continuation character");
            lx->err->end_offset = 0;
            return tok->type = MN_TOK_ERROR;
        }
        break;
    }
    tok->lineno = lx->lineno;
    tok->start = lx->src + lx->pos;
    tok->col_offset = (int)(lx->pos - lx->line_start);
    int c = peekc(lx, 0);
    if (c < 0) {
        if (lx->sub) return finish(lx, tok, MN_TOK_ENDMARKER);
        if (lx->level > 0) {
            int l = lx->level - 1;
            char msg[64];
            snprintf(msg, sizeof msg, "'%c' was never closed", lx->paren[l]);
            lex_error_at(lx, lx->paren_line[l], lx->paren_col[l], msg);
            lx->err->end_offset = 0; /* CPython: end -1 + 1 */
            lx->err->incomplete = 1;
            lx->eof_in_paren = 1;
            return tok->type = MN_TOK_ERROR;
        }
        /* a last line without '\n' still ends with NEWLINE */
        if (!lx->eof_newline && lx->last_significant != MN_TOK_NEWLINE &&
            lx->last_significant != MN_TOK_INDENT && lx->last_significant != MN_TOK_DEDENT) {
            lx->eof_newline = 1;
            finish(lx, tok, MN_TOK_NEWLINE);
            tok->end_col_offset = tok->col_offset + 1;
            return MN_TOK_NEWLINE;
        }
        if (lx->indent > 0) {
            lx->indent--;
            tok->col_offset = 0;
            return finish(lx, tok, MN_TOK_DEDENT);
        }
        /* ENDMARKER sits at the start of the line after the last one */
        if (lx->pos > lx->line_start) { tok->lineno++; }
        tok->col_offset = 0;
        finish(lx, tok, MN_TOK_ENDMARKER);
        tok->end_lineno = tok->lineno;
        tok->end_col_offset = 0;
        return MN_TOK_ENDMARKER;
    }
    if (c == '\n') {
        lx->pos++;
        int blank = lx->level > 0 || lx->sub;
        if (!blank) {
            finish(lx, tok, MN_TOK_NEWLINE);
            tok->end_lineno = lx->lineno;
            tok->end_col_offset = tok->col_offset + 1;
        }
        lx->lineno++;
        lx->line_start = lx->pos;
        if (blank) goto again;
        lx->at_bol = 1;
        return MN_TOK_NEWLINE;
    }
    if (is_potential_id_char(c) && !is_digit(c)) return lex_name(lx, tok);
    if (is_digit(c) || (c == '.' && is_digit(peekc(lx, 1))))
        return finish(lx, tok, lex_number(lx));
    if (c == '"' || c == '\'') return finish(lx, tok, lex_string(lx, tok, 0));
    /* operators: the table in token.h is ordered longest first */
    for (int k = MN_TOK_FIRST_OP; k <= MN_TOK_LAST_OP; k++) {
        const char *s = spellings[k];
        size_t n = strlen(s);
        if (lx->pos + n > lx->len || memcmp(lx->src + lx->pos, s, n) != 0) continue;
        if (c == '(' || c == '[' || c == '{') {
            if (lx->level >= MN_MAX_PAREN_LEVEL)
                return lex_error_at(lx, lx->lineno, tok->col_offset, "too many nested parentheses");
            lx->paren[lx->level] = (char)c;
            lx->paren_line[lx->level] = lx->lineno;
            lx->paren_col[lx->level] = tok->col_offset;
            lx->level++;
        } else if (c == ')' || c == ']' || c == '}') {
            char msg[120];
            if (lx->level == 0) {
                snprintf(msg, sizeof msg, "unmatched '%c'", c);
                return lex_error_at(lx, lx->lineno, tok->col_offset, msg);
            }
            char open = lx->paren[lx->level - 1];
            if ((open == '(' && c != ')') || (open == '[' && c != ']') || (open == '{' && c != '}')) {
                if (lx->paren_line[lx->level - 1] != lx->lineno)
                    snprintf(msg, sizeof msg,
                             "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d",
                             c, open, lx->paren_line[lx->level - 1]);
                else
                    snprintf(msg, sizeof msg,
                             "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open);
                return lex_error_at(lx, lx->lineno, tok->col_offset, msg);
            }
            lx->level--;
        }
        lx->pos += n;
        return finish(lx, tok, (mn_token_type)k);
    }
    if (c == 0) return lex_error_at(lx, lx->lineno, tok->col_offset, "source code cannot contain null bytes");
    if (c < 32 || c == 127) {
        char msg[64];
        snprintf(msg, sizeof msg, "invalid non-printable character U+%04X", (unsigned)c);
        return lex_error_at(lx, lx->lineno, tok->col_offset, msg);
    }
    /* '$', '?', '`', a lone '!': CPython's parser says "invalid syntax" */
    return lex_error_at(lx, lx->lineno, tok->col_offset, "invalid syntax");
}

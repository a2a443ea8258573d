/* runtime/numfmt.h — number <-> text conversions with CPython 3.11 semantics.
 *
 * Owns: shortest round-trip float repr, PyOS_double_to_string-style
 * formatting, the format-spec mini-language (format(), f-strings,
 * str.format) for int/float/str, float(str) parsing, round(), and the
 * numeric conversions of the printf-style '%' operator.
 *
 * Independent of the object model: plain C in, plain C out.
 *
 * Memory: every `char **out` result and every `char **errmsg` message is
 * malloc'd, NUL-terminated, and owned by the caller, who releases it with
 * free().  On error *out is left NULL; on success *errmsg is left NULL.
 * MN_NUMFMT_MEMORY_ERROR comes with *errmsg == NULL (raise MemoryError).
 *
 * Errors: functions return an mn_numfmt_status naming the Python exception
 * type the caller raises, with the CPython message in *errmsg.
 */
#ifndef MN_RUNTIME_NUMFMT_H
#define MN_RUNTIME_NUMFMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef enum mn_numfmt_status {
    MN_NUMFMT_OK = 0,
    MN_NUMFMT_VALUE_ERROR,    /* raise ValueError(*errmsg) */
    MN_NUMFMT_OVERFLOW_ERROR, /* raise OverflowError(*errmsg) */
    MN_NUMFMT_MEMORY_ERROR    /* raise MemoryError(); *errmsg is NULL */
} mn_numfmt_status;

/* ---- float -> string (PyOS_double_to_string) ------------------------- */

#define MN_DTSF_SIGN      0x01 /* always add the sign */
#define MN_DTSF_ADD_DOT_0 0x02 /* "1" -> "1.0" when no exponent is used */
#define MN_DTSF_ALT       0x04 /* '#': keep trailing '.' and zeros in 'g' */
#define MN_DTSF_NO_NEG_0  0x08 /* 'z': a result that rounds to -0 prints as 0 */

#define MN_DTST_FINITE   0
#define MN_DTST_INFINITE 1
#define MN_DTST_NAN      2

/* Big enough for any repr(float) including the NUL ("-1.7976931348623157e+308"). */
#define MN_FLOAT_REPR_BUFSIZE 32

/* repr(float) == str(float): shortest round-trip digits, Python layout.
 * Writes into buf (>= MN_FLOAT_REPR_BUFSIZE bytes), returns the length.
 * Never allocates. */
size_t mn_float_repr_buf(double x, char *buf);

/* Same, malloc'd (caller frees); NULL on out of memory. */
char *mn_double_repr(double x);

/* format_code: 'e' 'E' 'f' 'F' 'g' 'G' or 'r' (repr digits; precision must
 * be 0).  flags: MN_DTSF_*.  *type (may be NULL) gets MN_DTST_*.
 * Returns a malloc'd string the caller frees, or NULL on bad arguments /
 * out of memory. */
char *mn_double_to_string(double x, char format_code, int precision,
                          int flags, int *type);

/* ---- format-spec mini-language --------------------------------------- */

/* What is being formatted: decides the default type and alignment and
 * which presentation types are known. */
typedef enum mn_format_kind {
    MN_FORMAT_INT,   /* default type 'd', default align '>' */
    MN_FORMAT_FLOAT, /* default type none,  default align '>' */
    MN_FORMAT_STR    /* default type 's', default align '<' */
} mn_format_kind;

typedef struct mn_format_spec {
    uint32_t fill;        /* fill code point, ' ' by default */
    char fill_utf8[5];    /* its UTF-8 encoding, NUL-terminated */
    uint8_t fill_len;     /* bytes in fill_utf8 */
    char align;           /* '<' '>' '=' '^' (defaults resolved) */
    char sign;            /* 0, '+', '-', ' ' */
    bool no_neg_0;        /* 'z' */
    bool alternate;       /* '#' */
    long long width;      /* -1 when absent */
    char thousands;       /* 0, ',' or '_' */
    long long precision;  /* -1 when absent */
    uint32_t type;        /* presentation type code point, 0 = none (float) */
} mn_format_spec;

/* Parses the UTF-8 spec [[fill]align][sign][z][#][0][width][,|_][.prec][type]
 * for an object of `kind` whose Python type name is `type_name` (used in
 * messages, e.g. "bool").  Also rejects presentation types unknown for the
 * kind and invalid grouping/type pairs, as CPython does before formatting.
 * An empty spec parses fine, but note CPython formats with str(obj) when
 * the spec is empty (matters for bool and subclasses): check len == 0
 * first.  Returns MN_NUMFMT_OK or MN_NUMFMT_VALUE_ERROR (+ *errmsg). */
mn_numfmt_status mn_format_spec_parse(const char *spec, size_t len,
                                      mn_format_kind kind,
                                      const char *type_name,
                                      mn_format_spec *out, char **errmsg);

/* True when an int spec's type asks for float formatting (e E f F g G %):
 * convert the int to double (OverflowError "int too large to convert to
 * float" is the caller's) and call mn_format_double. */
bool mn_format_spec_is_float_type(const mn_format_spec *spec);

/* int, types b o d x X n (and the default).  `digits` is the magnitude in
 * the spec's base (2/8/10/16), no sign, no prefix, case irrelevant (upper-
 * cased for 'X'); n >= 1. */
mn_numfmt_status mn_format_int_digits(const mn_format_spec *spec,
                                      int negative, const char *digits,
                                      size_t n, char **out, size_t *out_len,
                                      char **errmsg);

/* int, type 'c'.  `value` is the int clamped to long long; pass
 * `fits_long` false when it does not fit a C long (CPython then raises
 * OverflowError "Python int too large to convert to C long" after the
 * sign/alternate checks). */
mn_numfmt_status mn_format_int_char(const mn_format_spec *spec,
                                    long long value, bool fits_long,
                                    char **out, size_t *out_len,
                                    char **errmsg);

/* float, types e E f F g G n % and none. */
mn_numfmt_status mn_format_double(const mn_format_spec *spec, double x,
                                  char **out, size_t *out_len,
                                  char **errmsg);

/* str, type 's' (or none).  Width/precision count code points. */
mn_numfmt_status mn_format_string(const mn_format_spec *spec,
                                  const char *utf8, size_t nbytes,
                                  char **out, size_t *out_len,
                                  char **errmsg);

/* ---- float(str) -------------------------------------------------------- */

/* Python's float() grammar on ASCII/UTF-8 text: surrounding whitespace,
 * sign, digits with single '_' between digits, '.', exponent,
 * inf/infinity/nan (any case).  Returns true and sets *out on success;
 * false otherwise (caller raises ValueError: could not convert string to
 * float: <repr of the argument>).  Overflow gives +-inf, underflow 0 —
 * as CPython.  Non-ASCII decimal digits must be translated by the caller. */
bool mn_parse_double(const char *s, size_t len, double *out);

/* ---- round() ----------------------------------------------------------- */

/* round(x, ndigits): correctly rounded, half-even on the exact binary
 * value.  ndigits is clipped by the caller to long long (CPython clips to
 * Py_ssize_t).  Returns MN_NUMFMT_OK, MN_NUMFMT_OVERFLOW_ERROR ("rounded
 * value too large to represent") or MN_NUMFMT_MEMORY_ERROR.  errmsg may be
 * NULL if the caller does not want the message. */
mn_numfmt_status mn_double_round(double x, long long ndigits, double *out,
                                 char **errmsg);

/* round(x) with no ndigits: the integral double (half-even) the caller
 * converts to int.  inf -> OVERFLOW_ERROR "cannot convert float infinity
 * to integer"; nan -> VALUE_ERROR "cannot convert float NaN to integer". */
mn_numfmt_status mn_double_round_to_integral(double x, double *out,
                                             char **errmsg);

/* ---- printf-style '%' conversions -------------------------------------- */

#define MN_PF_LJUST 0x01 /* '-' */
#define MN_PF_SIGN  0x02 /* '+' */
#define MN_PF_BLANK 0x04 /* ' ' */
#define MN_PF_ALT   0x08 /* '#' */
#define MN_PF_ZERO  0x10 /* '0' */

/* '%e' '%E' '%f' '%F' '%g' '%G'.  width/prec: -1 when absent.
 * Returns a malloc'd string (caller frees) or NULL on bad conv / OOM. */
char *mn_format_printf_double(char conv, int flags, int width, int prec,
                              double x);

/* '%d' '%i' '%u' '%o' '%x' '%X' given the magnitude digits in the base.
 * Returns a malloc'd string (caller frees) or NULL on bad conv / OOM. */
char *mn_format_printf_int(char conv, int flags, int width, int prec,
                           int negative, const char *digits, size_t n);

#endif /* MN_RUNTIME_NUMFMT_H */

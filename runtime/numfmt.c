/* runtime/numfmt.c — number <-> text conversions with CPython 3.11 semantics.
 *
 * Owns everything declared in runtime/numfmt.h.  The structure follows
 * CPython closely (Python/pystrtod.c format_float_short,
 * Python/formatter_unicode.c, Objects/unicodeobject.c's '%' code,
 * Objects/floatobject.c double_round) so outputs match byte for byte.
 *
 * Where CPython calls David Gay's _Py_dg_dtoa we use glibc's printf, which
 * is correctly rounded (round-half-even on the exact binary value) for any
 * precision: mode 2 (n significant digits) is "%.*e", mode 3 (n places) is
 * "%.*f", and mode 0 (shortest round-trip) searches the digit count with
 * strtod as the judge.  Internal snprintf/strtod pairs run in the same
 * locale, and digit extraction skips whatever decimal point the locale
 * prints, so a non-C LC_NUMERIC cannot change results.
 *
 * Deviations from CPython, on purpose: format-spec widths/precisions accept
 * ASCII digits only (CPython also takes other Unicode decimal digits); a
 * width above MN__MAX_WIDTH gives MemoryError at once instead of trying to
 * allocate it.
 */
#include "runtime/numfmt.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Widths beyond this are refused with MemoryError (CPython would try and
 * usually fail to allocate them; a loop over them would also hang us). */
#define MN__MAX_WIDTH ((long long)1 << 30)

/* ------------------------------------------------------------------ */
/* small helpers                                                        */

static char *dup_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* malloc'd printf; NULL on OOM. */
static char *dup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = malloc((size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* Sets *errmsg (if wanted) and returns status; a failed message
 * allocation degrades to MemoryError. */
static mn_numfmt_status fail(char **errmsg, mn_numfmt_status st,
                             char *msg)
{
    if (!msg)
        return MN_NUMFMT_MEMORY_ERROR;
    if (errmsg)
        *errmsg = msg;
    else
        free(msg);
    return st;
}

#define FAIL(st, ...) fail(errmsg, (st), dup_printf(__VA_ARGS__))

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int utf8_encode(uint32_t cp, char *out)
{
    /* Lone surrogates are encoded like any other code point (WTF-8),
     * since Python str may hold them. */
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes one code point at s[0..n); invalid bytes decode as themselves
 * (one byte each) so nothing can run past the end. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t need;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        need = 1;
        v = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        need = 2;
        v = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        need = 3;
        v = c & 0x07;
    } else {
        *cp = c;
        return 1;
    }
    if (need >= n) {
        *cp = c;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = c;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return need + 1;
}

/* ------------------------------------------------------------------ */
/* digit generation: a stand-in for _Py_dg_dtoa                          */

typedef struct {
    char sbuf[48];
    char *digits; /* sbuf or malloc'd; no trailing zeros (except "0") */
    long long len;
    long long decpt; /* value = 0.digits * 10**decpt */
    int sign;
    char special; /* 0, 'i' (inf) or 'n' (nan) */
} dtoa_t;

static void dtoa_free(dtoa_t *r)
{
    if (r->digits && r->digits != r->sbuf)
        free(r->digits);
    r->digits = NULL;
}

/* snprintf(fmt, prec, x) into sbuf or a malloc'd buffer. */
static char *print_prec(char *sbuf, size_t size, const char *fmt, int prec,
                        double x, int *outlen)
{
    int n = snprintf(sbuf, size, fmt, prec, x);
    if (n < 0)
        return NULL;
    *outlen = n;
    if ((size_t)n < size)
        return sbuf;
    char *p = malloc((size_t)n + 1);
    if (!p)
        return NULL;
    snprintf(p, (size_t)n + 1, fmt, prec, x);
    return p;
}

/* From "%e" output: digits (skipping the decimal point, whatever the
 * locale prints) into dig, returns count; *exp10 = printed exponent. */
static long long split_e(const char *s, char *dig, int *exp10)
{
    long long n = 0;
    const char *p = s;
    while (*p && *p != 'e') {
        if (is_digit(*p))
            dig[n++] = *p;
        p++;
    }
    *exp10 = *p ? atoi(p + 1) : 0;
    return n;
}

/* Shortest digit string that strtod maps back to a (a > 0, finite);
 * among equally short ones the closest, like dtoa mode 0. */
static long long shortest_digits(double a, char *dig, long long *decpt)
{
    char tmp[64];
    /* For normal doubles any <= 15 significant digit string that
     * round-trips is the correctly rounded 15-digit one with zeros
     * stripped, so start at 15; subnormals have less precision. */
    int start = a >= DBL_MIN ? 15 : 1;
    for (int p = start; p <= 17; p++) {
        int e;
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, a);
        long long n = split_e(tmp, dig, &e);
        if (strtod(tmp, NULL) == a) {
            *decpt = e + 1;
            goto strip;
        }
        /* Near powers of two the round-trip interval is lopsided: the
         * nearest p-digit string can miss while its neighbour on the wide
         * side hits. */
        if (p >= 16 || start == 1) {
            unsigned long long m = 0;
            for (long long i = 0; i < n; i++)
                m = m * 10 + (unsigned)(dig[i] - '0');
            for (int d = -1; d <= 1; d += 2) {
                unsigned long long m2 = m + (unsigned long long)(long long)d;
                char t2[64];
                int k = snprintf(t2, sizeof t2, "%llu", m2);
                if (k != p)
                    continue;
                snprintf(t2 + k, sizeof t2 - (size_t)k, "e%d", e - (p - 1));
                if (strtod(t2, NULL) == a) {
                    memcpy(dig, t2, (size_t)p);
                    *decpt = e + 1;
                    n = p;
                    goto strip;
                }
            }
        }
        continue;
    strip:
        while (n > 1 && dig[n - 1] == '0')
            n--;
        return n;
    }
    /* unreachable: 17 digits always round-trip */
    int e;
    snprintf(tmp, sizeof tmp, "%.16e", a);
    long long n = split_e(tmp, dig, &e);
    *decpt = e + 1;
    return n;
}

/* mode 0: shortest; mode 2: max(1, ndigits) significant digits;
 * mode 3: ndigits (>= 0) places after the point.  Returns 0 or -1 (OOM). */
static int dtoa(double d, int mode, int ndigits, dtoa_t *r)
{
    r->digits = r->sbuf;
    r->sign = signbit(d) ? 1 : 0;
    r->special = 0;
    if (isnan(d)) {
        r->special = 'n';
        r->len = 0;
        r->decpt = 0;
        return 0;
    }
    if (isinf(d)) {
        r->special = 'i';
        r->len = 0;
        r->decpt = 0;
        return 0;
    }
    double a = fabs(d);
    if (a == 0.0) {
        r->sbuf[0] = '0';
        r->len = 1;
        r->decpt = 1;
        return 0;
    }
    if (mode == 0) {
        r->len = shortest_digits(a, r->sbuf, &r->decpt);
        return 0;
    }
    char tmp[80];
    int n;
    if (mode == 2) {
        if (ndigits < 1)
            ndigits = 1;
        char *s = print_prec(tmp, sizeof tmp, "%.*e", ndigits - 1, a, &n);
        if (!s)
            return -1;
        if ((size_t)n + 1 > sizeof r->sbuf) {
            r->digits = malloc((size_t)n + 1);
            if (!r->digits) {
                if (s != tmp)
                    free(s);
                return -1;
            }
        }
        int e;
        long long len = split_e(s, r->digits, &e);
        if (s != tmp)
            free(s);
        while (len > 1 && r->digits[len - 1] == '0')
            len--;
        r->len = len;
        r->decpt = e + 1;
        return 0;
    }
    /* mode 3 */
    char *s = print_prec(tmp, sizeof tmp, "%.*f", ndigits, a, &n);
    if (!s)
        return -1;
    if ((size_t)n + 1 > sizeof r->sbuf) {
        r->digits = malloc((size_t)n + 1);
        if (!r->digits) {
            if (s != tmp)
                free(s);
            return -1;
        }
    }
    long long len = 0, intlen = 0;
    int seen_point = 0;
    for (const char *p = s; *p; p++) {
        if (is_digit(*p)) {
            r->digits[len++] = *p;
            if (!seen_point)
                intlen++;
        } else {
            seen_point = 1;
        }
    }
    if (s != tmp)
        free(s);
    long long lead = 0;
    while (lead < len && r->digits[lead] == '0')
        lead++;
    if (lead == len) {
        /* rounded to zero: dtoa gives "" with decpt = -ndigits */
        r->len = 0;
        r->decpt = -(long long)ndigits;
        return 0;
    }
    memmove(r->digits, r->digits + lead, (size_t)(len - lead));
    len -= lead;
    while (len > 1 && r->digits[len - 1] == '0')
        len--;
    r->len = len;
    r->decpt = intlen - lead;
    return 0;
}

/* ------------------------------------------------------------------ */
/* PyOS_double_to_string                                                 */

/* Port of CPython's format_float_short.  Writes into dst when it is big
 * enough (dstsize), else mallocs; returns the buffer or NULL (OOM). */
static char *format_float_short(double d, char format_code, int mode,
                                int precision, int always_add_sign,
                                int add_dot_0_if_integer,
                                int use_alt_formatting, int no_negative_zero,
                                int upper, int *type, char *dst,
                                size_t dstsize)
{
    dtoa_t r;
    char *buf = NULL, *p;
    if (dtoa(d, mode, precision, &r) < 0)
        return NULL;

    if (r.special) {
        if (r.special == 'n')
            r.sign = 0; /* the sign of a nan is never shown */
        buf = dstsize >= 5 ? dst : malloc(5);
        if (!buf)
            goto out;
        p = buf;
        if (r.sign)
            *p++ = '-';
        else if (always_add_sign)
            *p++ = '+';
        memcpy(p, r.special == 'i' ? (upper ? "INF" : "inf")
                                   : (upper ? "NAN" : "nan"), 3);
        p += 3;
        *p = '\0';
        if (type)
            *type = r.special == 'i' ? MN_DTST_INFINITE : MN_DTST_NAN;
        goto out;
    }
    if (type)
        *type = MN_DTST_FINITE;

    long long decpt = r.decpt, digits_len = r.len;
    long long vdigits_start, vdigits_end = digits_len;
    int use_exp = 0, exp = 0;

    if (no_negative_zero && r.sign &&
        (digits_len == 0 || (digits_len == 1 && r.digits[0] == '0')))
        r.sign = 0;

    switch (format_code) {
    case 'e':
        use_exp = 1;
        vdigits_end = precision;
        break;
    case 'f':
        vdigits_end = decpt + precision;
        break;
    case 'g':
        if (decpt <= -4 ||
            decpt > (add_dot_0_if_integer ? precision - 1 : precision))
            use_exp = 1;
        if (use_alt_formatting)
            vdigits_end = precision;
        break;
    case 'r':
        /* exponent from 1e16 up, as CPython */
        if (decpt <= -4 || decpt > 16)
            use_exp = 1;
        break;
    default:
        goto out;
    }
    if (use_exp) {
        exp = (int)(decpt - 1);
        decpt = 1;
    }
    vdigits_start = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && add_dot_0_if_integer)
        vdigits_end = vdigits_end > decpt ? vdigits_end : decpt + 1;
    else
        vdigits_end = vdigits_end > decpt ? vdigits_end : decpt;

    size_t bufsize = 3 + (size_t)(vdigits_end - vdigits_start) +
                     (use_exp ? 8 : 0);
    buf = bufsize <= dstsize ? dst : malloc(bufsize);
    if (!buf)
        goto out;
    p = buf;
    if (r.sign)
        *p++ = '-';
    else if (always_add_sign)
        *p++ = '+';

    /* exactly one of the next three blocks emits the decimal point */
    if (decpt <= 0) {
        memset(p, '0', (size_t)(decpt - vdigits_start));
        p += decpt - vdigits_start;
        *p++ = '.';
        memset(p, '0', (size_t)(0 - decpt));
        p += 0 - decpt;
    } else {
        memset(p, '0', (size_t)(0 - vdigits_start));
        p += 0 - vdigits_start;
    }
    if (0 < decpt && decpt <= digits_len) {
        memcpy(p, r.digits, (size_t)decpt);
        p += decpt;
        *p++ = '.';
        memcpy(p, r.digits + decpt, (size_t)(digits_len - decpt));
        p += digits_len - decpt;
    } else {
        memcpy(p, r.digits, (size_t)digits_len);
        p += digits_len;
    }
    if (digits_len < decpt) {
        memset(p, '0', (size_t)(decpt - digits_len));
        p += decpt - digits_len;
        *p++ = '.';
        memset(p, '0', (size_t)(vdigits_end - decpt));
        p += vdigits_end - decpt;
    } else {
        memset(p, '0', (size_t)(vdigits_end - digits_len));
        p += vdigits_end - digits_len;
    }
    if (p[-1] == '.' && !use_alt_formatting)
        p--;
    if (use_exp) {
        *p++ = upper ? 'E' : 'e';
        p += sprintf(p, "%+.02d", exp);
    }
    *p = '\0';
out:
    dtoa_free(&r);
    return buf;
}

/* Shared by mn_double_to_string and the repr fast path. */
static char *double_to_string(double x, char format_code, int precision,
                              int flags, int *type, char *dst,
                              size_t dstsize)
{
    int mode, upper = 0;
    switch (format_code) {
    case 'E':
        upper = 1;
        format_code = 'e';
        /* fall through */
    case 'e':
        mode = 2;
        if (precision < 0 || precision == INT_MAX)
            return NULL;
        precision++;
        break;
    case 'F':
        upper = 1;
        format_code = 'f';
        /* fall through */
    case 'f':
        mode = 3;
        if (precision < 0)
            return NULL;
        break;
    case 'G':
        upper = 1;
        format_code = 'g';
        /* fall through */
    case 'g':
        mode = 2;
        if (precision < 0)
            return NULL;
        if (precision == 0) /* 'g' with 0 digits means 1 */
            precision = 1;
        break;
    case 'r':
        mode = 0;
        if (precision != 0)
            return NULL;
        break;
    default:
        return NULL;
    }
    return format_float_short(x, format_code, mode, precision,
                              flags & MN_DTSF_SIGN, flags & MN_DTSF_ADD_DOT_0,
                              flags & MN_DTSF_ALT, flags & MN_DTSF_NO_NEG_0,
                              upper, type, dst, dstsize);
}

char *mn_double_to_string(double x, char format_code, int precision,
                          int flags, int *type)
{
    return double_to_string(x, format_code, precision, flags, type, NULL, 0);
}

size_t mn_float_repr_buf(double x, char *buf)
{
    /* repr never needs more than 25 bytes, so this cannot allocate */
    char *s = double_to_string(x, 'r', 0, MN_DTSF_ADD_DOT_0, NULL, buf,
                               MN_FLOAT_REPR_BUFSIZE);
    if (s != buf) { /* cannot happen; stay safe anyway */
        if (s) {
            snprintf(buf, MN_FLOAT_REPR_BUFSIZE, "%s", s);
            free(s);
        } else {
            buf[0] = '\0';
        }
    }
    return strlen(buf);
}

char *mn_double_repr(double x)
{
    char tmp[MN_FLOAT_REPR_BUFSIZE];
    size_t n = mn_float_repr_buf(x, tmp);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, tmp, n + 1);
    return p;
}

/* ------------------------------------------------------------------ */
/* format-spec parsing (formatter_unicode.c parse_internal_render_...)  */

static int is_align(uint32_t c)
{
    return c == '<' || c == '>' || c == '=' || c == '^';
}

static int is_sign(uint32_t c) { return c == ' ' || c == '+' || c == '-'; }

/* CPython's get_integer: ASCII digits from cps[*pos]; returns digits
 * consumed or -1 when the value would exceed PTRDIFF_MAX. */
static long long get_integer(const uint32_t *cps, size_t *pos, size_t end,
                             long long *result)
{
    long long acc = 0, n = 0;
    while (*pos < end && is_digit((int)cps[*pos])) {
        int dv = (int)cps[*pos] - '0';
        if (acc > (PTRDIFF_MAX - dv) / 10)
            return -1;
        acc = acc * 10 + dv;
        ++*pos;
        ++n;
    }
    *result = acc;
    return n;
}

/* "'%c'" for printable ASCII codes, "'\x%x'" otherwise, as CPython. */
static void code_repr(uint32_t c, char *buf, size_t size)
{
    if (c > 32 && c < 128)
        snprintf(buf, size, "'%c'", (char)c);
    else
        snprintf(buf, size, "'\\x%x'", (unsigned)c);
}

static int type_known(mn_format_kind kind, uint32_t t)
{
    switch (kind) {
    case MN_FORMAT_INT:
        return t && strchr("bcdoxXneEfFgG%", (int)t) && t < 128;
    case MN_FORMAT_FLOAT:
        return t == 0 || (t < 128 && strchr("eEfFgGn%", (int)t));
    case MN_FORMAT_STR:
        return t == 's';
    }
    return 0;
}

mn_numfmt_status mn_format_spec_parse(const char *spec, size_t len,
                                      mn_format_kind kind,
                                      const char *type_name,
                                      mn_format_spec *out, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    char default_align = kind == MN_FORMAT_STR ? '<' : '>';
    uint32_t default_type = kind == MN_FORMAT_INT   ? 'd'
                            : kind == MN_FORMAT_STR ? 's'
                                                    : 0;
    if (!type_name)
        type_name = "?";

    /* decode once; the grammar is in code points */
    uint32_t small[64];
    uint32_t *cps = len <= 64 ? small : malloc(len * sizeof *cps);
    if (!cps)
        return MN_NUMFMT_MEMORY_ERROR;
    size_t end = 0;
    for (size_t i = 0; i < len;) {
        i += utf8_decode((const unsigned char *)spec + i, len - i, &cps[end]);
        end++;
    }

    mn_numfmt_status st = MN_NUMFMT_OK;
    size_t pos = 0;
    int align_specified = 0, fill_specified = 0;
    memset(out, 0, sizeof *out);
    out->fill = ' ';
    out->align = default_align;
    out->width = -1;
    out->precision = -1;
    out->type = default_type;

    if (end - pos >= 2 && is_align(cps[pos + 1])) {
        out->align = (char)cps[pos + 1];
        out->fill = cps[pos];
        fill_specified = align_specified = 1;
        pos += 2;
    } else if (end - pos >= 1 && is_align(cps[pos])) {
        out->align = (char)cps[pos];
        align_specified = 1;
        pos++;
    }
    if (end - pos >= 1 && is_sign(cps[pos]))
        out->sign = (char)cps[pos++];
    if (end - pos >= 1 && cps[pos] == 'z') {
        out->no_neg_0 = true;
        pos++;
    }
    if (end - pos >= 1 && cps[pos] == '#') {
        out->alternate = true;
        pos++;
    }
    /* '0' before the width: zero fill, '=' alignment for numbers */
    if (!fill_specified && end - pos >= 1 && cps[pos] == '0') {
        out->fill = '0';
        if (!align_specified && default_align == '>')
            out->align = '=';
        pos++;
    }
    long long consumed = get_integer(cps, &pos, end, &out->width);
    if (consumed < 0) {
        st = FAIL(MN_NUMFMT_VALUE_ERROR,
                  "Too many decimal digits in format string");
        goto done;
    }
    if (consumed == 0)
        out->width = -1;
    if (end - pos && cps[pos] == ',') {
        out->thousands = ',';
        pos++;
    }
    if (end - pos && cps[pos] == '_') {
        if (out->thousands) {
            st = FAIL(MN_NUMFMT_VALUE_ERROR,
                      "Cannot specify both ',' and '_'.");
            goto done;
        }
        out->thousands = '_';
        pos++;
    }
    if (end - pos && cps[pos] == ',' && out->thousands == '_') {
        st = FAIL(MN_NUMFMT_VALUE_ERROR, "Cannot specify both ',' and '_'.");
        goto done;
    }
    if (end - pos && cps[pos] == '.') {
        pos++;
        consumed = get_integer(cps, &pos, end, &out->precision);
        if (consumed < 0) {
            st = FAIL(MN_NUMFMT_VALUE_ERROR,
                      "Too many decimal digits in format string");
            goto done;
        }
        if (consumed == 0) {
            st = FAIL(MN_NUMFMT_VALUE_ERROR,
                      "Format specifier missing precision");
            goto done;
        }
    }
    if (end - pos > 1) {
        st = FAIL(MN_NUMFMT_VALUE_ERROR,
                  "Invalid format specifier '%.*s' for object of type "
                  "'%.200s'",
                  (int)len, spec, type_name);
        goto done;
    }
    if (end - pos == 1)
        out->type = cps[pos++];

    char code[16];
    if (out->thousands) {
        uint32_t t = out->type;
        if (t == 0 || (t < 128 && strchr("defgEG%F", (int)t))) {
            /* allowed (PEP 378) */
        } else if (t < 128 && strchr("boxX", (int)t) && out->thousands == '_') {
            /* allowed every four digits (PEP 515) */
        } else {
            code_repr(t, code, sizeof code);
            st = FAIL(MN_NUMFMT_VALUE_ERROR, "Cannot specify '%c' with %s.",
                      out->thousands, code);
            goto done;
        }
    }
    if (!type_known(kind, out->type)) {
        code_repr(out->type, code, sizeof code);
        st = FAIL(MN_NUMFMT_VALUE_ERROR,
                  "Unknown format code %s for object of type '%.200s'", code,
                  type_name);
        goto done;
    }
    out->fill_len = (uint8_t)utf8_encode(out->fill, out->fill_utf8);
    out->fill_utf8[out->fill_len] = '\0';
done:
    if (cps != small)
        free(cps);
    return st;
}

bool mn_format_spec_is_float_type(const mn_format_spec *spec)
{
    uint32_t t = spec->type;
    return t && t < 128 && strchr("eEfFgG%", (int)t);
}

/* ------------------------------------------------------------------ */
/* number layout: calc_number_widths + fill_number                       */

/* CPython's _PyUnicode_InsertThousandsGrouping specialised to one-char
 * separators: counts (dst NULL) or writes right-to-left ending at
 * dst + total.  group == 0 means no grouping (zero padding only). */
static long long group_digits(char *dst, long long total, const char *digits,
                              long long n_digits, long long min_width,
                              int group, char sep)
{
    long long count = 0, remaining = n_digits, bpos = total, dpos = n_digits;
    long long len, n_zeros, n_chars;
    int use_sep = 0, broken = 0;
    if (min_width < 0)
        min_width = 0;
#define MN__MAX(a, b) ((a) > (b) ? (a) : (b))
#define MN__MIN(a, b) ((a) < (b) ? (a) : (b))
#define MN__EMIT()                                                          \
    do {                                                                    \
        n_zeros = MN__MAX(0, len - remaining);                              \
        n_chars = MN__MAX(0, MN__MIN(remaining, len));                      \
        count += (use_sep ? 1 : 0) + n_zeros + n_chars;                     \
        if (dst) {                                                          \
            if (use_sep)                                                    \
                dst[--bpos] = sep;                                          \
            bpos -= n_chars;                                                \
            dpos -= n_chars;                                                \
            memcpy(dst + bpos, digits + dpos, (size_t)n_chars);             \
            bpos -= n_zeros;                                                \
            memset(dst + bpos, '0', (size_t)n_zeros);                       \
        }                                                                   \
    } while (0)
    if (group > 0) {
        for (;;) {
            len = MN__MIN(group, MN__MAX(MN__MAX(remaining, min_width), 1));
            MN__EMIT();
            use_sep = 1;
            remaining -= n_chars;
            min_width -= len;
            if (remaining <= 0 && min_width <= 0) {
                broken = 1;
                break;
            }
            min_width -= 1;
        }
    }
    if (!broken) {
        len = MN__MAX(MN__MAX(remaining, min_width), 1);
        MN__EMIT();
    }
#undef MN__EMIT
    return count;
}

typedef struct {
    char sign;             /* sign of the number: '-' or 0 */
    const char *prefix;    /* "0x" etc. */
    long long n_prefix;
    const char *digits;    /* integer-part digits */
    long long n_digits;
    int has_decimal;
    const char *remainder; /* after the point; or e.g. "inf", a 'c' char */
    long long n_remainder; /* bytes */
    long long remainder_chars;
    int group;             /* 0, 3 or 4 */
    char sep;
    int upper;             /* 'X': upper-case prefix and digits */
} number_t;

static mn_numfmt_status layout_number(const mn_format_spec *spec,
                                      const number_t *nb, char **out,
                                      size_t *out_len)
{
    char sign = 0;
    long long n_sign = 0;
    switch (spec->sign) {
    case '+':
        n_sign = 1;
        sign = nb->sign == '-' ? '-' : '+';
        break;
    case ' ':
        n_sign = 1;
        sign = nb->sign == '-' ? '-' : ' ';
        break;
    default:
        if (nb->sign == '-') {
            n_sign = 1;
            sign = '-';
        }
    }
    if (spec->width > MN__MAX_WIDTH)
        return MN_NUMFMT_MEMORY_ERROR;
    long long n_non_digit = n_sign + nb->n_prefix + (nb->has_decimal ? 1 : 0) +
                            nb->remainder_chars;
    long long min_width = 0;
    if (spec->fill == '0' && spec->align == '=')
        min_width = spec->width - n_non_digit;
    long long n_grouped = 0;
    if (nb->n_digits)
        n_grouped = group_digits(NULL, 0, nb->digits, nb->n_digits, min_width,
                                 nb->group, nb->sep);
    long long n_padding = spec->width - (n_non_digit + n_grouped);
    long long lpad = 0, spad = 0, rpad = 0;
    if (n_padding > 0) {
        switch (spec->align) {
        case '<':
            rpad = n_padding;
            break;
        case '^':
            lpad = n_padding / 2;
            rpad = n_padding - lpad;
            break;
        case '=':
            spad = n_padding;
            break;
        default:
            lpad = n_padding;
            break;
        }
    }
    size_t fl = spec->fill_len ? spec->fill_len : 1;
    const char *fu = spec->fill_len ? spec->fill_utf8 : " ";
    size_t total = (size_t)(lpad + spad + rpad) * fl + (size_t)n_sign +
                   (size_t)nb->n_prefix + (size_t)n_grouped +
                   (nb->has_decimal ? 1 : 0) + (size_t)nb->n_remainder;
    char *buf = malloc(total + 1), *p = buf;
    if (!buf)
        return MN_NUMFMT_MEMORY_ERROR;
    for (long long i = 0; i < lpad; i++, p += fl)
        memcpy(p, fu, fl);
    if (n_sign)
        *p++ = sign;
    for (long long i = 0; i < nb->n_prefix; i++)
        *p++ = nb->upper ? (char)(nb->prefix[i] == 'x' ? 'X' : nb->prefix[i])
                         : nb->prefix[i];
    for (long long i = 0; i < spad; i++, p += fl)
        memcpy(p, fu, fl);
    if (nb->n_digits) {
        group_digits(p, n_grouped, nb->digits, nb->n_digits, min_width,
                     nb->group, nb->sep);
        if (nb->upper)
            for (long long i = 0; i < n_grouped; i++)
                if (p[i] >= 'a' && p[i] <= 'z')
                    p[i] = (char)(p[i] - 'a' + 'A');
        p += n_grouped;
    }
    if (nb->has_decimal)
        *p++ = '.';
    memcpy(p, nb->remainder, (size_t)nb->n_remainder);
    p += nb->n_remainder;
    for (long long i = 0; i < rpad; i++, p += fl)
        memcpy(p, fu, fl);
    *p = '\0';
    *out = buf;
    if (out_len)
        *out_len = (size_t)(p - buf);
    return MN_NUMFMT_OK;
}

static int grouping_for(const mn_format_spec *spec, char *sep)
{
    *sep = spec->thousands;
    if (spec->type == 'n' || !spec->thousands)
        return 0; /* 'n' uses the C locale: no grouping */
    if (spec->thousands == '_' && spec->type < 128 &&
        strchr("boxX", (int)spec->type) && spec->type)
        return 4;
    return 3;
}

static void init_out(char **out, size_t *out_len, char **errmsg)
{
    *out = NULL;
    if (out_len)
        *out_len = 0;
    if (errmsg)
        *errmsg = NULL;
}

static mn_numfmt_status int_common_checks(const mn_format_spec *spec,
                                          char **errmsg)
{
    if (spec->precision != -1)
        return FAIL(MN_NUMFMT_VALUE_ERROR,
                    "Precision not allowed in integer format specifier");
    if (spec->no_neg_0)
        return FAIL(MN_NUMFMT_VALUE_ERROR,
                    "Negative zero coercion (z) not allowed in integer "
                    "format specifier");
    return MN_NUMFMT_OK;
}

mn_numfmt_status mn_format_int_digits(const mn_format_spec *spec,
                                      int negative, const char *digits,
                                      size_t n, char **out, size_t *out_len,
                                      char **errmsg)
{
    init_out(out, out_len, errmsg);
    mn_numfmt_status st = int_common_checks(spec, errmsg);
    if (st)
        return st;
    uint32_t t = spec->type;
    if (!(t && t < 128 && strchr("bdoxXn", (int)t)))
        return FAIL(MN_NUMFMT_VALUE_ERROR,
                    "internal: mn_format_int_digits cannot format type %u",
                    (unsigned)t);
    number_t nb = {0};
    nb.sign = negative ? '-' : 0;
    if (spec->alternate && t != 'd' && t != 'n') {
        nb.prefix = t == 'b' ? "0b" : t == 'o' ? "0o" : "0x";
        nb.n_prefix = 2;
    }
    nb.digits = digits;
    nb.n_digits = (long long)n;
    nb.remainder = "";
    nb.group = grouping_for(spec, &nb.sep);
    nb.upper = t == 'X';
    return layout_number(spec, &nb, out, out_len);
}

mn_numfmt_status mn_format_int_char(const mn_format_spec *spec,
                                    long long value, bool fits_long,
                                    char **out, size_t *out_len,
                                    char **errmsg)
{
    init_out(out, out_len, errmsg);
    mn_numfmt_status st = int_common_checks(spec, errmsg);
    if (st)
        return st;
    if (spec->sign)
        return FAIL(MN_NUMFMT_VALUE_ERROR,
                    "Sign not allowed with integer format specifier 'c'");
    if (spec->alternate)
        return FAIL(MN_NUMFMT_VALUE_ERROR,
                    "Alternate form (#) not allowed with integer format "
                    "specifier 'c'");
    if (!fits_long)
        return FAIL(MN_NUMFMT_OVERFLOW_ERROR,
                    "Python int too large to convert to C long");
    if (value < 0 || value > 0x10ffff)
        return FAIL(MN_NUMFMT_OVERFLOW_ERROR,
                    "%%c arg not in range(0x110000)");
    char ch[5];
    int k = utf8_encode((uint32_t)value, ch);
    number_t nb = {0};
    /* like CPython: the character is "remainder", never grouped */
    nb.remainder = ch;
    nb.n_remainder = k;
    nb.remainder_chars = 1;
    return layout_number(spec, &nb, out, out_len);
}

mn_numfmt_status mn_format_double(const mn_format_spec *spec, double x,
                                  char **out, size_t *out_len,
                                  char **errmsg)
{
    init_out(out, out_len, errmsg);
    uint32_t type = spec->type;
    int flags = 0, default_precision = 6, add_pct = 0;
    if (!(type == 0 || (type < 128 && strchr("eEfFgGn%", (int)type))))
        return FAIL(MN_NUMFMT_VALUE_ERROR,
                    "internal: mn_format_double cannot format type %u",
                    (unsigned)type);
    if (spec->precision > INT_MAX)
        return FAIL(MN_NUMFMT_VALUE_ERROR, "precision too big");
    int precision = (int)spec->precision;
    if (spec->alternate)
        flags |= MN_DTSF_ALT;
    if (spec->no_neg_0)
        flags |= MN_DTSF_NO_NEG_0;
    if (type == 0) {
        /* no type: repr without precision, else 'g' keeping one decimal */
        flags |= MN_DTSF_ADD_DOT_0;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n')
        type = 'g';
    if (type == '%') {
        type = 'f';
        x *= 100;
        add_pct = 1;
    }
    if (precision < 0)
        precision = default_precision;
    else if (type == 'r')
        type = 'g';
    if (type == 'e' || type == 'E') {
        if (precision == INT_MAX)
            return MN_NUMFMT_MEMORY_ERROR;
    }
    char *buf = mn_double_to_string(x, (char)type, precision, flags, NULL);
    if (!buf)
        return MN_NUMFMT_MEMORY_ERROR;
    size_t n = strlen(buf);
    if (add_pct) {
        char *b2 = realloc(buf, n + 2);
        if (!b2) {
            free(buf);
            return MN_NUMFMT_MEMORY_ERROR;
        }
        buf = b2;
        buf[n++] = '%';
        buf[n] = '\0';
    }
    number_t nb = {0};
    const char *s = buf;
    if (*s == '-') {
        nb.sign = '-';
        s++;
    }
    const char *q = s;
    while (is_digit(*q))
        q++;
    nb.digits = s;
    nb.n_digits = q - s;
    if (*q == '.') {
        nb.has_decimal = 1;
        q++;
    }
    nb.remainder = q;
    nb.n_remainder = nb.remainder_chars = (long long)(buf + n - q);
    nb.group = grouping_for(spec, &nb.sep);
    mn_numfmt_status st = layout_number(spec, &nb, out, out_len);
    free(buf);
    return st;
}

static int utf8_is_lead(unsigned char c) { return (c & 0xC0) != 0x80; }

mn_numfmt_status mn_format_string(const mn_format_spec *spec,
                                  const char *utf8, size_t nbytes,
                                  char **out, size_t *out_len,
                                  char **errmsg)
{
    init_out(out, out_len, errmsg);
    if (spec->sign == ' ')
        return FAIL(MN_NUMFMT_VALUE_ERROR,
                    "Space not allowed in string format specifier");
    if (spec->sign)
        return FAIL(MN_NUMFMT_VALUE_ERROR,
                    "Sign not allowed in string format specifier");
    if (spec->no_neg_0)
        return FAIL(MN_NUMFMT_VALUE_ERROR,
                    "Negative zero coercion (z) not allowed in string "
                    "format specifier");
    if (spec->alternate)
        return FAIL(MN_NUMFMT_VALUE_ERROR,
                    "Alternate form (#) not allowed in string format "
                    "specifier");
    if (spec->align == '=')
        return FAIL(MN_NUMFMT_VALUE_ERROR,
                    "'=' alignment not allowed in string format specifier");
    if (spec->width > MN__MAX_WIDTH)
        return MN_NUMFMT_MEMORY_ERROR;
    /* count code points, truncating at the precision */
    long long len = 0;
    size_t used = nbytes;
    for (size_t i = 0; i < nbytes; i++) {
        if (utf8_is_lead((unsigned char)utf8[i])) {
            if (spec->precision >= 0 && len == spec->precision) {
                used = i;
                break;
            }
            len++;
        }
    }
    long long total = spec->width > len ? spec->width : len;
    long long lpad = 0;
    if (spec->align == '>')
        lpad = total - len;
    else if (spec->align == '^')
        lpad = (total - len) / 2;
    long long rpad = total - len - lpad;
    size_t fl = spec->fill_len ? spec->fill_len : 1;
    const char *fu = spec->fill_len ? spec->fill_utf8 : " ";
    size_t size = (size_t)(lpad + rpad) * fl + used;
    char *buf = malloc(size + 1), *p = buf;
    if (!buf)
        return MN_NUMFMT_MEMORY_ERROR;
    for (long long i = 0; i < lpad; i++, p += fl)
        memcpy(p, fu, fl);
    memcpy(p, utf8, used);
    p += used;
    for (long long i = 0; i < rpad; i++, p += fl)
        memcpy(p, fu, fl);
    *p = '\0';
    *out = buf;
    if (out_len)
        *out_len = size;
    return MN_NUMFMT_OK;
}

/* ------------------------------------------------------------------ */
/* float(str)                                                            */

static int is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* Strips Unicode whitespace CPython's str.isspace() knows, encoded as UTF-8
 * (U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F,
 * U+205F, U+3000); returns its byte length at s (0 if none). */
static size_t uspace_at(const unsigned char *s, size_t n)
{
    if (n && is_space(s[0]))
        return 1;
    uint32_t cp;
    if (!n || s[0] < 0x80)
        return 0;
    size_t k = utf8_decode(s, n, &cp);
    if (k == 1)
        return 0;
    if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
        (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000)
        return k;
    return 0;
}

static size_t uspace_before(const unsigned char *s, size_t n)
{
    /* try each possible start of the last code point */
    for (size_t k = 1; k <= 3 && k <= n; k++)
        if (uspace_at(s + n - k, k) == k)
            return k;
    return 0;
}

static int ieq(const char *s, size_t n, const char *word)
{
    size_t m = strlen(word);
    if (n != m)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return 0;
    }
    return 1;
}

bool mn_parse_double(const char *s0, size_t len, double *out)
{
    const unsigned char *s = (const unsigned char *)s0;
    size_t k;
    while ((k = uspace_at(s, len)) != 0) {
        s += k;
        len -= k;
    }
    while ((k = uspace_before(s, len)) != 0)
        len -= k;
    if (len == 0)
        return false;
    /* underscores: only between digits (checked like CPython, before
     * everything else, then dropped) */
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '_') {
            if (i == 0 || !is_digit(s[i - 1]) || i + 1 == len ||
                !is_digit(s[i + 1]))
                return false;
        } else if (s[i] == '\0') {
            return false;
        }
    }
    size_t i = 0;
    int neg = 0;
    if (s[i] == '+' || s[i] == '-') {
        neg = s[i] == '-';
        i++;
    }
    const char *rest = (const char *)s + i;
    size_t rlen = len - i;
    if (ieq(rest, rlen, "inf") || ieq(rest, rlen, "infinity")) {
        *out = neg ? -HUGE_VAL : HUGE_VAL;
        return true;
    }
    if (ieq(rest, rlen, "nan")) {
        *out = neg ? -NAN : NAN;
        return true;
    }
    /* digits[.digits][(e|E)[sign]digits]; rebuilt as "DIGITSeEXP" with no
     * decimal point so strtod's locale cannot matter */
    char sbuf[128];
    char *buf = len + 32 <= sizeof sbuf ? sbuf : malloc(len + 32);
    if (!buf)
        return false;
    size_t b = 0;
    long long ndig = 0, frac = 0;
    int ok = 0;
    if (neg)
        buf[b++] = '-';
    for (; i < len && (is_digit(s[i]) || s[i] == '_'); i++)
        if (s[i] != '_') {
            buf[b++] = (char)s[i];
            ndig++;
        }
    if (i < len && s[i] == '.') {
        i++;
        for (; i < len && (is_digit(s[i]) || s[i] == '_'); i++)
            if (s[i] != '_') {
                buf[b++] = (char)s[i];
                ndig++;
                frac++;
            }
    }
    if (ndig == 0)
        goto done;
    long long exp = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            eneg = s[i] == '-';
            i++;
        }
        if (i >= len || !is_digit(s[i]))
            goto done;
        for (; i < len && (is_digit(s[i]) || s[i] == '_'); i++)
            if (s[i] != '_' && exp < 1000000000LL) /* saturate */
                exp = exp * 10 + (s[i] - '0');
        if (eneg)
            exp = -exp;
    }
    if (i != len)
        goto done;
    snprintf(buf + b, 32, "e%lld", exp - frac);
    *out = strtod(buf, NULL);
    ok = 1;
done:
    if (buf != sbuf)
        free(buf);
    return ok;
}

/* ------------------------------------------------------------------ */
/* round()                                                               */

mn_numfmt_status mn_double_round(double x, long long ndigits, double *out,
                                 char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    /* CPython's NDIGITS_MAX / NDIGITS_MIN: beyond them the answer is x
     * itself or a signed zero */
    const long long ndigits_max = (long long)((DBL_MANT_DIG - DBL_MIN_EXP) *
                                              0.30103);
    const long long ndigits_min = -(long long)((DBL_MAX_EXP + 1) * 0.30103);
    if (!isfinite(x) || ndigits > ndigits_max) {
        *out = x;
        return MN_NUMFMT_OK;
    }
    if (ndigits < ndigits_min) {
        *out = 0.0 * x;
        return MN_NUMFMT_OK;
    }
    double r;
    if (ndigits >= 0) {
        /* "%.*f" is exactly CPython's dtoa mode 3 rounding */
        char tmp[400];
        int n;
        char *s = print_prec(tmp, sizeof tmp, "%.*f", (int)ndigits, x, &n);
        if (!s)
            return MN_NUMFMT_MEMORY_ERROR;
        r = strtod(s, NULL);
        if (s != tmp)
            free(s);
    } else {
        /* round the exact integer part half-even at 10**k */
        int k = (int)-ndigits;
        double a = fabs(x), ip = trunc(a);
        int frac_nonzero = a != ip;
        char digs[400];
        int n = snprintf(digs, sizeof digs, "%.0f", ip);
        if (n < 0 || n >= (int)sizeof digs)
            return MN_NUMFMT_MEMORY_ERROR;
        int keep = n - k; /* digits left of the rounding position */
        int up;
        char head[400];
        int hn = 0;
        if (keep <= 0) {
            /* |x| < 10**k: compare with half of 10**k */
            up = keep == 0 && (digs[0] > '5' ||
                               (digs[0] == '5' &&
                                (frac_nonzero ||
                                 strspn(digs + 1, "0") != (size_t)(n - 1))));
            head[hn++] = up ? '1' : '0';
        } else {
            const char *tail = digs + keep;
            int rest_nonzero = frac_nonzero ||
                               strspn(tail + 1, "0") != (size_t)(k - 1);
            int last_odd = (digs[keep - 1] - '0') & 1;
            up = tail[0] > '5' ||
                 (tail[0] == '5' && (rest_nonzero || last_odd));
            memcpy(head, digs, (size_t)keep);
            hn = keep;
            if (up) {
                int j = hn - 1;
                while (j >= 0 && head[j] == '9')
                    head[j--] = '0';
                if (j >= 0) {
                    head[j]++;
                } else {
                    memmove(head + 1, head, (size_t)hn);
                    head[0] = '1';
                    hn++;
                }
            }
        }
        snprintf(head + hn, sizeof head - (size_t)hn, "e%d", k);
        errno = 0;
        r = strtod(head, NULL);
        if (signbit(x))
            r = -r;
    }
    if (isinf(r))
        return fail(errmsg, MN_NUMFMT_OVERFLOW_ERROR,
                    dup_printf("rounded value too large to represent"));
    *out = r;
    return MN_NUMFMT_OK;
}

mn_numfmt_status mn_double_round_to_integral(double x, double *out,
                                             char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    if (isinf(x))
        return fail(errmsg, MN_NUMFMT_OVERFLOW_ERROR,
                    dup_printf("cannot convert float infinity to integer"));
    if (isnan(x))
        return fail(errmsg, MN_NUMFMT_VALUE_ERROR,
                    dup_printf("cannot convert float NaN to integer"));
    double r = round(x);
    if (fabs(x - r) == 0.5)
        r = 2.0 * round(x / 2.0); /* halfway: to even */
    *out = r;
    return MN_NUMFMT_OK;
}

/* ------------------------------------------------------------------ */
/* printf-style '%'                                                      */

/* Port of unicode_format_arg_output for numbers (arg->sign set); str is
 * ASCII.  Returns a malloc'd result or NULL. */
static char *printf_output(const char *str, char conv, int flags, int width)
{
    size_t len = strlen(str);
    const char *pb = str;
    char fill = (flags & MN_PF_ZERO) ? '0' : ' ';
    char signchar = 0;
    int sign = 1;
    if (*pb == '-' || *pb == '+') {
        signchar = *pb++;
        len--;
    } else if (flags & MN_PF_SIGN) {
        signchar = '+';
    } else if (flags & MN_PF_BLANK) {
        signchar = ' ';
    } else {
        sign = 0;
    }
    long long w = width;
    if (w < (long long)len)
        w = (long long)len;
    size_t cap = (size_t)w + 2;
    char *buf = malloc(cap + 1), *p = buf;
    if (!buf)
        return NULL;
    int alt_prefix = (flags & MN_PF_ALT) &&
                     (conv == 'x' || conv == 'X' || conv == 'o');
    if (sign) {
        if (fill != ' ')
            *p++ = signchar;
        if (w > (long long)len)
            w--;
    }
    if (alt_prefix) {
        if (fill != ' ') {
            *p++ = pb[0];
            *p++ = pb[1];
            pb += 2;
        }
        w -= 2;
        if (w < 0)
            w = 0;
        len -= 2;
    }
    if (w > (long long)len && !(flags & MN_PF_LJUST)) {
        memset(p, fill, (size_t)(w - (long long)len));
        p += w - (long long)len;
        w = (long long)len;
    }
    if (fill == ' ') {
        if (sign)
            *p++ = signchar;
        if (alt_prefix) {
            *p++ = pb[0];
            *p++ = pb[1];
            pb += 2;
        }
    }
    memcpy(p, pb, len);
    p += len;
    if (w > (long long)len) {
        memset(p, ' ', (size_t)(w - (long long)len));
        p += w - (long long)len;
    }
    *p = '\0';
    return buf;
}

char *mn_format_printf_double(char conv, int flags, int width, int prec,
                              double x)
{
    if (!conv || !strchr("eEfFgG", conv))
        return NULL;
    char *s = mn_double_to_string(x, conv, prec < 0 ? 6 : prec,
                                  (flags & MN_PF_ALT) ? MN_DTSF_ALT : 0, NULL);
    if (!s)
        return NULL;
    char *r = printf_output(s, conv, flags, width);
    free(s);
    return r;
}

char *mn_format_printf_int(char conv, int flags, int width, int prec,
                           int negative, const char *digits, size_t n)
{
    if (!conv || !strchr("diuoxX", conv) || n == 0)
        return NULL;
    int has_prefix = (flags & MN_PF_ALT) &&
                     (conv == 'o' || conv == 'x' || conv == 'X');
    size_t zeros = prec > 0 && (size_t)prec > n ? (size_t)prec - n : 0;
    char *s = malloc(n + zeros + 4), *p = s;
    if (!s)
        return NULL;
    if (negative)
        *p++ = '-';
    if (has_prefix) {
        *p++ = '0';
        *p++ = conv == 'o' ? 'o' : conv;
    }
    memset(p, '0', zeros);
    p += zeros;
    for (size_t i = 0; i < n; i++) {
        char c = digits[i];
        if (conv == 'X' && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        else if (conv != 'X' && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        *p++ = c;
    }
    *p = '\0';
    char *r = printf_output(s, conv, flags, width);
    free(s);
    return r;
}

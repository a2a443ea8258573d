/* runtime/float.c — the float type: a C double with Python semantics.
 *
 * Owns: mn_float_type, float arithmetic (// and % take the sign of the
 * divisor, ** follows CPython's float_pow special cases), exact comparison
 * with ints (no rounding through double), CPython's numeric hash so that
 * hash(2.0) == hash(2), float() parsing and the float methods (hex,
 * fromhex, as_integer_ratio, round...). Text formatting (shortest repr,
 * format specs, correctly rounded round()) comes from runtime/numfmt.
 *
 * Deliberate difference from CPython: mini has no complex type, so a
 * negative float raised to a non-integral power raises ValueError instead
 * of returning a complex number.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/numfmt.h"

/* ------------------------------------------------------------ basics */

mn_object *mn_float_from_double(double v)
{
    mn_float *f = (mn_float *)mn_type_generic_alloc(&mn_float_type, 0);
    if (!f)
        return NULL;
    f->value = v;
    return MN_OBJ(f);
}

static void float_dealloc(mn_object *o) { mn_object_free(o); }

double mn_float_as_double(mn_object *o)
{
    if (MN_FLOAT_CHECK(o))
        return MN_FLOAT_VALUE(o);
    if (MN_INT_CHECK(o))
        return mn_int_as_double(o);
    mn_object *f = mn_number_float(o);   /* __float__, then __index__ */
    if (!f)
        return -1.0;
    double v = MN_FLOAT_VALUE(f);
    MN_DECREF(f);
    return v;
}

/* Operand conversion for the binary slots: 1 converted, 0 not a number we
 * handle (NotImplemented), -1 error (int too large for a float). */
static int to_double(mn_object *o, double *out)
{
    if (MN_FLOAT_CHECK(o)) {
        *out = MN_FLOAT_VALUE(o);
        return 1;
    }
    if (MN_INT_CHECK(o)) {
        *out = mn_int_as_double(o);
        return *out == -1.0 && mn_err_occurred() ? -1 : 1;
    }
    return 0;
}

#define CONVERT_BINOP(a, b, x, y) \
    do { \
        int ca_ = to_double(a, &x); \
        if (ca_ <= 0) { if (ca_ < 0) return NULL; MN_RETURN_NOT_IMPLEMENTED; } \
        int cb_ = to_double(b, &y); \
        if (cb_ <= 0) { if (cb_ < 0) return NULL; MN_RETURN_NOT_IMPLEMENTED; } \
    } while (0)

/* -------------------------------------------------------------- repr */

mn_object *mn_float_repr(mn_object *o)
{
    double x = MN_FLOAT_VALUE(o);
    char buf[MN_FLOAT_REPR_BUFSIZE];
    size_t n = mn_float_repr_buf(x, buf);
    return mn_str_from_utf8_unchecked(buf, (mn_ssize)n);
}

/* --------------------------------------------------------- comparison */

/* Compares a finite or infinite double with an int exactly: -1, 0, 1, or
 * 2 for "unordered" (NaN); -3 on error. Like CPython's float_richcompare
 * it never rounds the int to a double when that could lose bits. */
static int compare_double_int(double x, mn_object *w)
{
    if (isnan(x))
        return 2;
    if (isinf(x))
        return x > 0 ? 1 : -1;
    int64_t v;
    const int64_t exact = (int64_t)1 << DBL_MANT_DIG;
    if (mn_int_to_i64(w, &v) && v >= -exact && v <= exact) {
        double y = (double)v;
        return (x > y) - (x < y);
    }
    /* Split x = fi + frac with fi = floor(x) an int, 0 <= frac < 1:
     * fi > w => x > w;  fi < w => fi + 1 <= w so x < w;  else frac decides. */
    double fl = floor(x);
    mn_object *fi = mn_int_from_double(fl);
    if (!fi)
        return -3;
    int c = mn_int_compare(fi, w);
    MN_DECREF(fi);
    if (c != 0)
        return c;
    return x - fl > 0 ? 1 : 0;
}

static mn_object *float_richcompare(mn_object *a, mn_object *b, int op)
{
    if (!MN_FLOAT_CHECK(a))
        MN_RETURN_NOT_IMPLEMENTED;
    double x = MN_FLOAT_VALUE(a);
    int c;
    if (MN_FLOAT_CHECK(b)) {
        double y = MN_FLOAT_VALUE(b);
        c = (isnan(x) || isnan(y)) ? 2 : (x > y) - (x < y);
    } else if (MN_INT_CHECK(b)) {
        c = compare_double_int(x, b);
        if (c == -3)
            return NULL;
    } else {
        MN_RETURN_NOT_IMPLEMENTED;
    }
    int r;
    if (c == 2)
        r = op == MN_NE;    /* NaN: unordered, only != holds */
    else switch (op) {
    case MN_LT: r = c < 0; break;
    case MN_LE: r = c <= 0; break;
    case MN_EQ: r = c == 0; break;
    case MN_NE: r = c != 0; break;
    case MN_GT: r = c > 0; break;
    default:    r = c >= 0; break;
    }
    MN_RETURN_BOOL(r);
}

/* --------------------------------------------------------------- hash */

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)
#define HASH_INF 314159

/* CPython's _Py_HashDouble: the exact rational value m * 2**e reduced
 * modulo 2**61 - 1, so an integral float hashes like the equal int. NaN
 * has no value to hash: 0 here; the type slot uses the object's address
 * as CPython 3.10+ does. */
mn_hash mn_float_hash_double(double v)
{
    if (!isfinite(v))
        return isinf(v) ? (v > 0 ? HASH_INF : -HASH_INF) : 0;
    int e, sign = 1;
    double m = frexp(v, &e);
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m) {   /* 28 bits of mantissa at a time */
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0;   /* 2**28 */
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS)
            x -= HASH_MODULUS;
    }
    /* multiply by 2**e, which is a rotation modulo 2**61 - 1 */
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    mn_hash h = (mn_hash)x * sign;
    return h == -1 ? -2 : h;
}

static mn_hash float_hash(mn_object *o)
{
    double v = MN_FLOAT_VALUE(o);
    if (isnan(v)) {   /* _Py_HashPointer: address rotated by 4 bits */
        uintptr_t y = (uintptr_t)o;
        y = (y >> 4) | (y << (8 * sizeof(void *) - 4));
        mn_hash h = (mn_hash)y;
        return h == -1 ? -2 : h;
    }
    return mn_float_hash_double(v);
}

/* --------------------------------------------------------- arithmetic */

static mn_object *float_add(mn_object *a, mn_object *b)
{
    double x, y;
    CONVERT_BINOP(a, b, x, y);
    return mn_float_from_double(x + y);
}

static mn_object *float_sub(mn_object *a, mn_object *b)
{
    double x, y;
    CONVERT_BINOP(a, b, x, y);
    return mn_float_from_double(x - y);
}

static mn_object *float_mul(mn_object *a, mn_object *b)
{
    double x, y;
    CONVERT_BINOP(a, b, x, y);
    return mn_float_from_double(x * y);
}

static mn_object *float_div(mn_object *a, mn_object *b)
{
    double x, y;
    CONVERT_BINOP(a, b, x, y);
    if (y == 0.0) {
        mn_err_set_string(&mn_exc_ZeroDivisionError, "float division by zero");
        return NULL;
    }
    return mn_float_from_double(x / y);
}

/* CPython's float_divmod: fmod gives the remainder with the sign of x;
 * move it to the sign of y, then derive the floor quotient from the exact
 * difference (vx - mod) / wx, rounded to the nearest integer. */
static void float_divmod_values(double vx, double wx, double *floordiv, double *mod)
{
    double m = fmod(vx, wx);
    double div = (vx - m) / wx;
    if (m) {
        if ((wx < 0) != (m < 0)) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = copysign(0.0, wx);
    }
    double fd;
    if (div) {
        fd = floor(div);
        if (div - fd > 0.5)
            fd += 1.0;
    } else {
        fd = copysign(0.0, vx / wx);
    }
    *floordiv = fd;
    *mod = m;
}

static mn_object *float_floordiv(mn_object *a, mn_object *b)
{
    double x, y, q, r;
    CONVERT_BINOP(a, b, x, y);
    if (y == 0.0) {
        mn_err_set_string(&mn_exc_ZeroDivisionError, "float floor division by zero");
        return NULL;
    }
    float_divmod_values(x, y, &q, &r);
    return mn_float_from_double(q);
}

static mn_object *float_mod(mn_object *a, mn_object *b)
{
    double x, y;
    CONVERT_BINOP(a, b, x, y);
    if (y == 0.0) {
        mn_err_set_string(&mn_exc_ZeroDivisionError, "float modulo");
        return NULL;
    }
    double m = fmod(x, y);
    if (m) {
        if ((y < 0) != (m < 0))
            m += y;
    } else {
        m = copysign(0.0, y);
    }
    return mn_float_from_double(m);
}

static mn_object *float_divmod(mn_object *a, mn_object *b)
{
    double x, y, q, r;
    CONVERT_BINOP(a, b, x, y);
    if (y == 0.0) {
        mn_err_set_string(&mn_exc_ZeroDivisionError, "float divmod()");
        return NULL;
    }
    float_divmod_values(x, y, &q, &r);
    mn_object *fq = mn_float_from_double(q), *fr = mn_float_from_double(r), *t = NULL;
    if (fq && fr)
        t = mn_tuple_pack(2, fq, fr);
    MN_XDECREF(fq);
    MN_XDECREF(fr);
    return t;
}

static int is_odd_integer(double x) { return fmod(fabs(x), 2.0) == 1.0; }

/* OverflowError(34, 'Numerical result out of range'), as CPython raises
 * from errno ERANGE. */
static void raise_range_error(void)
{
    mn_object *code = mn_int_from_i64(ERANGE);
    mn_object *msg = mn_str_from_cstr(strerror(ERANGE));
    mn_object *args = code && msg ? mn_tuple_pack(2, code, msg) : NULL;
    if (args)
        mn_err_set_object(&mn_exc_OverflowError, args);
    MN_XDECREF(code);
    MN_XDECREF(msg);
    MN_XDECREF(args);
}

/* CPython's float_pow, special cases in C99 Annex F order. */
static mn_object *float_pow(mn_object *a, mn_object *b, mn_object *m)
{
    if (m && m != mn_none) {
        mn_err_set_string(&mn_exc_TypeError,
                          "pow() 3rd argument not allowed unless all arguments are integers");
        return NULL;
    }
    double iv, iw;
    CONVERT_BINOP(a, b, iv, iw);
    if (iw == 0)
        return mn_float_from_double(1.0);
    if (isnan(iv))
        return mn_float_from_double(iv);
    if (isnan(iw))
        return mn_float_from_double(iv == 1.0 ? 1.0 : iw);
    if (isinf(iw)) {
        iv = fabs(iv);
        if (iv == 1.0)
            return mn_float_from_double(1.0);
        if ((iw > 0.0) == (iv > 1.0))
            return mn_float_from_double(fabs(iw));
        return mn_float_from_double(0.0);
    }
    if (isinf(iv)) {
        int odd = is_odd_integer(iw);
        if (iw > 0.0)
            return mn_float_from_double(odd ? iv : fabs(iv));
        return mn_float_from_double(odd ? copysign(0.0, iv) : 0.0);
    }
    if (iv == 0.0) {
        if (iw < 0.0) {
            mn_err_set_string(&mn_exc_ZeroDivisionError,
                              "0.0 cannot be raised to a negative power");
            return NULL;
        }
        return mn_float_from_double(is_odd_integer(iw) ? iv : 0.0);
    }
    int negate = 0;
    if (iv < 0.0) {
        if (iw != floor(iw)) {
            /* CPython returns a complex here; mini has no complex type. */
            mn_err_set_string(&mn_exc_ValueError,
                              "negative number cannot be raised to a fractional power");
            return NULL;
        }
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0)
        return mn_float_from_double(negate ? -1.0 : 1.0);
    errno = 0;
    double ix = pow(iv, iw);
    if (negate)
        ix = -ix;
    if (isinf(ix)) {
        raise_range_error();
        return NULL;
    }
    return mn_float_from_double(ix);   /* underflow to 0 is not an error */
}

static mn_object *float_pow2(mn_object *a, mn_object *b) { return float_pow(a, b, NULL); }

static mn_object *float_neg(mn_object *a) { return mn_float_from_double(-MN_FLOAT_VALUE(a)); }
static mn_object *float_abs(mn_object *a) { return mn_float_from_double(fabs(MN_FLOAT_VALUE(a))); }
static int float_bool(mn_object *a) { return MN_FLOAT_VALUE(a) != 0.0; }

/* An exact float with the same value (subclasses -> float). */
static mn_object *float_exact(mn_object *a)
{
    if (MN_FLOAT_CHECK_EXACT(a))
        return mn_new_ref(a);
    return mn_float_from_double(MN_FLOAT_VALUE(a));
}

static mn_object *float_trunc(mn_object *a) { return mn_int_from_double(MN_FLOAT_VALUE(a)); }

/* ------------------------------------------------------------ parsing */

/* float(text): CPython's grammar through numfmt's mn_parse_double. `orig`
 * is the str/bytes object named in the error message. */
static mn_object *float_from_text(const char *s, mn_ssize len, mn_object *orig)
{
    double v;
    int ok;
    ok = mn_parse_double(s, (size_t)len, &v);
    if (!ok) {
        mn_err_format(&mn_exc_ValueError, "could not convert string to float: %R", orig);
        return NULL;
    }
    return mn_float_from_double(v);
}

mn_object *mn_float_from_string(mn_object *s)
{
    if (MN_STR_CHECK(s))
        return float_from_text(MN_STR_DATA(s), MN_STR_NBYTES(s), s);
    const char *data;
    mn_ssize n;
    if (mn_bytes_view(s, &data, &n) < 0)
        return NULL;
    return float_from_text(data, n, s);
}

static mn_object *float_new(mn_type *type, mn_object *const *args, mn_ssize nargs,
                            mn_object *kwnames)
{
    if (mn_args_no_keywords("float", kwnames) < 0)
        return NULL;
    if (nargs > 1) {
        mn_err_format(&mn_exc_TypeError, "float expected at most 1 argument, got %zd", nargs);
        return NULL;
    }
    mn_object *v;
    if (nargs == 0) {
        v = mn_float_from_double(0.0);
    } else {
        mn_object *x = args[0];
        if (MN_FLOAT_CHECK_EXACT(x))
            v = mn_new_ref(x);
        else if (MN_STR_CHECK(x) || MN_BYTES_CHECK(x) || MN_BYTEARRAY_CHECK(x))
            v = mn_float_from_string(x);
        else if (MN_INT_CHECK(x)) {
            double d = mn_int_as_double(x);
            v = d == -1.0 && mn_err_occurred() ? NULL : mn_float_from_double(d);
        } else
            v = mn_number_float(x);   /* __float__ / __index__ / TypeError */
    }
    if (!v || type == &mn_float_type)
        return v;
    mn_float *r = (mn_float *)mn_type_generic_alloc(type, 0);
    if (r)
        r->value = MN_FLOAT_VALUE(v);
    MN_DECREF(v);
    return MN_OBJ(r);
}

/* ------------------------------------------------------------ methods */

#define NOARGS_SIG(fn) \
    static mn_object *fn(MN_UNUSED mn_object *self, MN_UNUSED mn_object *const *args, \
                         MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)

NOARGS_SIG(float_is_integer)
{
    double x = MN_FLOAT_VALUE(self);
    MN_RETURN_BOOL(isfinite(x) && floor(x) == x);
}

NOARGS_SIG(float_as_integer_ratio)
{
    double x = MN_FLOAT_VALUE(self);
    if (isinf(x)) {
        mn_err_set_string(&mn_exc_OverflowError, "cannot convert Infinity to integer ratio");
        return NULL;
    }
    if (isnan(x)) {
        mn_err_set_string(&mn_exc_ValueError, "cannot convert NaN to integer ratio");
        return NULL;
    }
    /* Scale the mantissa until it is integral: x = part * 2**exp exactly. */
    int exp;
    double part = frexp(x, &exp);
    for (int i = 0; i < 300 && part != floor(part); i++) {
        part *= 2.0;
        exp--;
    }
    mn_object *num = mn_int_from_double(part), *den = mn_int_from_i64(1);
    mn_object *sh = mn_int_from_i64(exp > 0 ? exp : -exp), *t = NULL;
    if (num && den && sh) {
        if (exp > 0)
            MN_SETREF(num, mn_number_binop(num, sh, MN_BINOP_LSHIFT));
        else
            MN_SETREF(den, mn_number_binop(den, sh, MN_BINOP_LSHIFT));
        if (num && den)
            t = mn_tuple_pack(2, num, den);
    }
    MN_XDECREF(num);
    MN_XDECREF(den);
    MN_XDECREF(sh);
    return t;
}

NOARGS_SIG(float_hex)
{
    double x = MN_FLOAT_VALUE(self);
    if (isnan(x) || isinf(x))
        return mn_float_repr(self);
    if (x == 0.0)
        return mn_str_from_cstr(copysign(1.0, x) == -1.0 ? "-0x0.0p+0" : "0x0.0p+0");
    /* 1 leading hex digit (0 for subnormals), 13 after the point = 53 bits. */
    int e;
    double m = frexp(fabs(x), &e);
    int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
    m = ldexp(m, shift);
    e -= shift;
    char buf[64];
    const char *hexd = "0123456789abcdef";
    int si = 0;
    buf[si++] = hexd[(int)m];
    m -= (int)m;
    buf[si++] = '.';
    for (int i = 0; i < (DBL_MANT_DIG - 1) / 4; i++) {
        m *= 16.0;
        buf[si++] = hexd[(int)m];
        m -= (int)m;
    }
    buf[si] = '\0';
    return mn_str_from_format("%s0x%sp%c%d", x < 0 ? "-" : "", buf, e < 0 ? '-' : '+',
                              e < 0 ? -e : e);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int ci_prefix(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((p[i] | 0x20) != word[i])
            return 0;
    return 1;
}

/* float.fromhex: [ws] [sign] (inf|infinity|nan | [0x] hex[.hex] [p exp]) [ws].
 * Keeps the first 60 significant bits plus a sticky bit and rounds half-
 * even to 53 bits (fewer for subnormals) by hand, so the result is
 * correctly rounded. */
static double parse_hex_float(const char *s, const char *end, int *status)
{
    const char *p = s;
    *status = 0;
    while (p < end && (*p == ' ' || (*p >= '\t' && *p <= '\r')))
        p++;
    int neg = 0;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    double result;
    if (ci_prefix(p, end, "infinity") || ci_prefix(p, end, "inf")) {
        p += ci_prefix(p, end, "infinity") ? 8 : 3;
        result = INFINITY;
    } else if (ci_prefix(p, end, "nan")) {
        p += 3;
        result = NAN;
    } else {
        if (end - p >= 2 && p[0] == '0' && (p[1] | 0x20) == 'x')
            p += 2;
        uint64_t mant = 0;
        int nbits = 0, sticky = 0, any = 0, seen_point = 0;
        int64_t exp2 = 0;   /* value = mant * 2**exp2 (before the p-exponent) */
        for (; p < end; p++) {
            if (*p == '.' && !seen_point) {
                seen_point = 1;
                continue;
            }
            int v = hex_value(*p);
            if (v < 0)
                break;
            any = 1;
            if (nbits < 60) {
                mant = (mant << 4) | (uint64_t)v;
                if (mant)
                    nbits = 64 - __builtin_clzll(mant);
                if (seen_point)
                    exp2 -= 4;
            } else {
                sticky |= v != 0;
                if (!seen_point)
                    exp2 += 4;
            }
        }
        if (!any) {
            *status = -1;
            return 0;
        }
        if (p < end && (*p | 0x20) == 'p') {
            p++;
            int eneg = 0;
            if (p < end && (*p == '+' || *p == '-'))
                eneg = *p++ == '-';
            if (p >= end || *p < '0' || *p > '9') {
                *status = -1;
                return 0;
            }
            int64_t e = 0;
            for (; p < end && *p >= '0' && *p <= '9'; p++)
                if (e < ((int64_t)1 << 40))
                    e = e * 10 + (*p - '0');
            exp2 += eneg ? -e : e;
        }
        if (mant == 0) {
            result = 0.0;
        } else {
            int64_t top = nbits - 1 + exp2;
            if (top > DBL_MAX_EXP) {
                *status = 1;
                return 0;
            }
            int64_t lsb = top - (DBL_MANT_DIG - 1);
            if (lsb < DBL_MIN_EXP - DBL_MANT_DIG)
                lsb = DBL_MIN_EXP - DBL_MANT_DIG;
            int64_t extra = lsb - exp2;
            if (extra > 0) {
                if (extra > 62) {
                    mant = 0;   /* everything below half the last place */
                } else {
                    uint64_t low = mant & (((uint64_t)1 << extra) - 1);
                    uint64_t half = (uint64_t)1 << (extra - 1);
                    mant >>= extra;
                    if (low > half || (low == half && (sticky || (mant & 1))))
                        mant++;
                }
                exp2 = lsb;
            }
            result = ldexp((double)mant, (int)exp2);
            if (isinf(result)) {
                *status = 1;
                return 0;
            }
        }
    }
    while (p < end && (*p == ' ' || (*p >= '\t' && *p <= '\r')))
        p++;
    if (p != end) {
        *status = -1;
        return 0;
    }
    return neg ? -result : result;
}

static mn_object *float_fromhex(mn_object *cls, mn_object *const *args, mn_ssize nargs,
                                MN_UNUSED mn_object *kw)
{
    (void)nargs;
    mn_object *s = args[0];
    if (!MN_STR_CHECK(s)) {
        mn_err_format(&mn_exc_TypeError, "fromhex() argument must be str, not %T", s);
        return NULL;
    }
    int status;
    double v = parse_hex_float(MN_STR_DATA(s), MN_STR_DATA(s) + MN_STR_NBYTES(s), &status);
    if (status < 0) {
        mn_err_set_string(&mn_exc_ValueError, "invalid hexadecimal floating-point string");
        return NULL;
    }
    if (status > 0) {
        mn_err_set_string(&mn_exc_OverflowError,
                          "hexadecimal value too large to represent as a float");
        return NULL;
    }
    mn_object *r = mn_float_from_double(v);
    if (r && (mn_type *)cls != &mn_float_type)
        MN_SETREF(r, mn_object_call1(cls, r));
    return r;
}

NOARGS_SIG(float_conjugate) { return float_exact(self); }
NOARGS_SIG(float_trunc_method) { return float_trunc(self); }
NOARGS_SIG(float_floor_method) { return mn_int_from_double(floor(MN_FLOAT_VALUE(self))); }
NOARGS_SIG(float_ceil_method) { return mn_int_from_double(ceil(MN_FLOAT_VALUE(self))); }
NOARGS_SIG(float_sizeof) { return mn_int_from_ssize((mn_ssize)sizeof(mn_float)); }

NOARGS_SIG(float_getnewargs)
{
    mn_object *f = float_exact(self);
    if (!f)
        return NULL;
    mn_object *t = mn_tuple_pack(1, f);
    MN_DECREF(f);
    return t;
}

static mn_object *raise_numfmt(mn_numfmt_status st, char *err)
{
    if (st == MN_NUMFMT_MEMORY_ERROR)
        mn_err_no_memory();
    else
        mn_err_set_string(st == MN_NUMFMT_OVERFLOW_ERROR ? &mn_exc_OverflowError
                                                         : &mn_exc_ValueError,
                          err ? err : "numeric formatting error");
    free(err);
    return NULL;
}

/* round(x) -> int (half-even); round(x, n) -> float, correctly rounded. */
static mn_object *float_round(mn_object *self, mn_object *const *args, mn_ssize nargs,
                              mn_object *kwnames)
{
    static const char *const params[] = { "ndigits", NULL };
    mn_object *a[1];
    if (mn_args_bind("__round__", args, nargs, kwnames, params, 0, a) < 0)
        return NULL;
    double x = MN_FLOAT_VALUE(self);
    char *err = NULL;
    double r;
    mn_numfmt_status st;
    if (!a[0] || a[0] == mn_none) {
        st = mn_double_round_to_integral(x, &r, &err);
        if (st != MN_NUMFMT_OK)
            return raise_numfmt(st, err);
        return mn_int_from_double(r);
    }
    mn_ssize nd = mn_number_as_ssize(a[0], NULL);   /* clamps like CPython */
    if (nd == -1 && mn_err_occurred())
        return NULL;
    st = mn_double_round(x, (long long)nd, &r, &err);
    if (st != MN_NUMFMT_OK)
        return raise_numfmt(st, err);
    return mn_float_from_double(r);
}

static mn_object *float_format(mn_object *self, mn_object *const *args, mn_ssize nargs,
                               MN_UNUSED mn_object *kw)
{
    (void)nargs;
    mn_object *spec = args[0];
    if (!MN_STR_CHECK(spec)) {
        mn_err_format(&mn_exc_TypeError, "__format__() argument must be str, not %T", spec);
        return NULL;
    }
    if (MN_STR_NBYTES(spec) == 0)
        return mn_object_str(self);
    mn_format_spec fs;
    char *err = NULL, *out = NULL;
    size_t out_len = 0;
    mn_numfmt_status st = mn_format_spec_parse(MN_STR_DATA(spec), (size_t)MN_STR_NBYTES(spec),
                                               MN_FORMAT_FLOAT, MN_TYPE_NAME(self), &fs, &err);
    if (st == MN_NUMFMT_OK)
        st = mn_format_double(&fs, MN_FLOAT_VALUE(self), &out, &out_len, &err);
    if (st != MN_NUMFMT_OK) {
        free(out);
        return raise_numfmt(st, err);
    }
    mn_object *r = mn_str_from_utf8(out, (mn_ssize)out_len);
    free(out);
    return r;
}

static mn_object *float_getformat(MN_UNUSED mn_object *cls, mn_object *const *args,
                                  MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    mn_object *s = args[0];
    if (!MN_STR_CHECK(s)) {
        mn_err_format(&mn_exc_TypeError, "__getformat__() argument must be str, not %T", s);
        return NULL;
    }
    if (!mn_str_equal_cstr(s, "double") && !mn_str_equal_cstr(s, "float")) {
        mn_err_set_string(&mn_exc_ValueError,
                          "__getformat__() argument 1 must be 'double' or 'float'");
        return NULL;
    }
    return mn_str_from_cstr("IEEE, little-endian");
}

/* divmod() has no binop number; the builtin finds these methods. */
static mn_object *float_divmod_method(mn_object *self, mn_object *const *args,
                                      MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    return float_divmod(self, args[0]);
}
static mn_object *float_rdivmod_method(mn_object *self, mn_object *const *args,
                                       MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    return float_divmod(args[0], self);
}

static mn_method_def float_methods[] = {
    { "is_integer", float_is_integer, MN_METH_NOARGS, "Return True if the float is an integer." },
    { "as_integer_ratio", float_as_integer_ratio, MN_METH_NOARGS, "Return integer ratio." },
    { "hex", float_hex, MN_METH_NOARGS, "Return a hexadecimal representation of a floating-point number." },
    { "fromhex", float_fromhex, MN_METH_O | MN_METH_CLASS, "Create a floating-point number from a hexadecimal string." },
    { "conjugate", float_conjugate, MN_METH_NOARGS, "Return self, the complex conjugate of any float." },
    { "__trunc__", float_trunc_method, MN_METH_NOARGS, "Return the Integral closest to x between 0 and x." },
    { "__floor__", float_floor_method, MN_METH_NOARGS, "Return the floor as an Integral." },
    { "__ceil__", float_ceil_method, MN_METH_NOARGS, "Return the ceiling as an Integral." },
    { "__round__", float_round, MN_METH_VARARGS, "Return the Integral closest to x, rounding half toward even." },
    { "__format__", float_format, MN_METH_O, "Formats the float according to format_spec." },
    { "__getformat__", float_getformat, MN_METH_O | MN_METH_CLASS, NULL },
    { "__getnewargs__", float_getnewargs, MN_METH_NOARGS, NULL },
    { "__divmod__", float_divmod_method, MN_METH_O, "Return divmod(self, value)." },
    { "__rdivmod__", float_rdivmod_method, MN_METH_O, "Return divmod(value, self)." },
    { "__sizeof__", float_sizeof, MN_METH_NOARGS, "Returns size in memory, in bytes." },
    { NULL, NULL, 0, NULL }
};

static mn_object *float_get_real(mn_object *self, MN_UNUSED void *c) { return float_exact(self); }
static mn_object *float_get_imag(MN_UNUSED mn_object *self, MN_UNUSED void *c)
{
    return mn_float_from_double(0.0);
}

static mn_getset_def float_getset[] = {
    { "real", float_get_real, NULL, "the real part of a complex number", NULL },
    { "imag", float_get_imag, NULL, "the imaginary part of a complex number", NULL },
    { NULL, NULL, NULL, NULL, NULL }
};

static mn_number_methods float_as_number = {
    .binop = {
        [MN_BINOP_ADD] = float_add,
        [MN_BINOP_SUBTRACT] = float_sub,
        [MN_BINOP_MULTIPLY] = float_mul,
        [MN_BINOP_TRUE_DIVIDE] = float_div,
        [MN_BINOP_FLOOR_DIVIDE] = float_floordiv,
        [MN_BINOP_REMAINDER] = float_mod,
        [MN_BINOP_POWER] = float_pow2,
    },
    .power_mod = float_pow,
    .negative = float_neg,
    .positive = float_exact,
    .absolute = float_abs,
    .bool_ = float_bool,
    .int_ = float_trunc,
    .float_ = float_exact,
};

mn_type mn_float_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "float",
    .basicsize = sizeof(mn_float),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_IMMUTABLETYPE,
    .doc = "Convert a string or number to a floating point number, if possible.",
    .dealloc = float_dealloc,
    .new_ = float_new,
    .repr = mn_float_repr,
    .hash = float_hash,
    .richcompare = float_richcompare,
    .as_number = &float_as_number,
    .methods = float_methods,
    .getset = float_getset,
};

int mn_float_init_types(void)
{
    return mn_type_ready(&mn_float_type);
}

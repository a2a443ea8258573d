/* runtime/int.c — the int type (arbitrary precision) and bool.
 *
 * Owns: mn_int_type, mn_bool_type, the True/False singletons, the small-int
 * cache (-5..256), int <-> text conversion (with CPython 3.11's 4300-digit
 * limit), CPython's numeric hash, and every int operator and method.
 *
 * Representation (see int.h): values that fit in int64_t live inline in
 * `small`; bigger ones use 30-bit digits. Every operator first tries a
 * fast path on two small values (one machine operation plus an overflow
 * check with __builtin_*_overflow) and otherwise works on magnitudes
 * through runtime/bigint.c. Results are always canonicalised, so "fits in
 * int64" <=> "is small" holds for every int object.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/bigint.h"
#include "runtime/numfmt.h"

mn_ssize mn_int_max_str_digits = MN_INT_DEFAULT_MAX_STR_DIGITS;

/* ------------------------------------------------------------ allocation */

#define SMALL_NEG 5
#define SMALL_POS 257
static mn_object *small_ints[SMALL_NEG + SMALL_POS];

static mn_int *int_alloc(mn_ssize ndigits)
{
    return (mn_int *)mn_type_generic_alloc(&mn_int_type, ndigits);
}

static mn_object *small_new(int64_t v)
{
    if (v >= -SMALL_NEG && v < SMALL_POS && small_ints[v + SMALL_NEG])
        return mn_new_ref(small_ints[v + SMALL_NEG]);
    mn_int *r = int_alloc(0);
    if (!r)
        return NULL;
    r->ndigits = 0;
    r->small = v;
    return MN_OBJ(r);
}

mn_object *mn_int_from_i64(int64_t v) { return small_new(v); }
mn_object *mn_int_from_ssize(mn_ssize v) { return small_new((int64_t)v); }

/* A read-only view of an int's magnitude as digits, whatever its storage:
 * small values are spread into `buf`. Never copy a mag (d may point into
 * its own buf). */
typedef struct mag {
    const mn_digit *d;
    mn_ssize n;
    int neg;
    mn_digit buf[3];
} mag;

static void mag_of(mn_object *o, mag *m)
{
    mn_int *v = (mn_int *)o;
    if (v->ndigits == 0) {
        int64_t x = v->small;
        uint64_t u = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
        m->neg = x < 0;
        m->n = 0;
        while (u) {
            m->buf[m->n++] = (mn_digit)(u & MN_DIGIT_MASK);
            u >>= MN_DIGIT_BITS;
        }
        m->d = m->buf;
    } else {
        m->d = v->digit;
        m->n = v->ndigits;
        m->neg = v->negative;
    }
}

/* The int with magnitude d[0..n) and the given sign, canonicalised. */
static mn_object *int_from_mag(const mn_digit *d, mn_ssize n, int neg)
{
    n = mn_big_norm(d, n);
    if (n <= 3 && (n < 3 || d[2] < 16)) {          /* < 2**64 */
        uint64_t u = 0;
        for (mn_ssize i = n - 1; i >= 0; i--)
            u = (u << MN_DIGIT_BITS) | d[i];
        if (u <= (uint64_t)INT64_MAX)
            return small_new(neg ? -(int64_t)u : (int64_t)u);
        if (neg && u == (uint64_t)1 << 63)
            return small_new(INT64_MIN);
    }
    mn_int *r = int_alloc(n);
    if (!r)
        return NULL;
    r->ndigits = n;
    r->small = 0;
    r->negative = neg;
    memcpy(r->digit, d, sizeof(mn_digit) * (size_t)n);
    return MN_OBJ(r);
}

/* Wraps a temporary digit buffer into an int and frees the buffer. */
static mn_object *int_from_tmp(mn_digit *d, mn_ssize n, int neg)
{
    mn_object *r = int_from_mag(d, n, neg);
    mn_mem_free(d);
    return r;
}

static mn_digit *tmp_digits(mn_ssize n)
{
    mn_digit *d = mn_mem_alloc(sizeof(mn_digit) * (size_t)(n > 0 ? n : 1));
    if (!d)
        mn_err_no_memory();
    return d;
}

mn_object *mn_int_from_u64(uint64_t v)
{
    if (v <= (uint64_t)INT64_MAX)
        return small_new((int64_t)v);
    mn_digit d[3] = { (mn_digit)(v & MN_DIGIT_MASK), (mn_digit)((v >> 30) & MN_DIGIT_MASK),
                      (mn_digit)(v >> 60) };
    return int_from_mag(d, 3, 0);
}

mn_object *mn_bool_from_long(long v) { MN_RETURN_BOOL(v != 0); }

/* An exact int with the same value (int(True) == 1, subclasses -> int). */
static mn_object *int_exact(mn_object *o)
{
    if (MN_INT_CHECK_EXACT(o))
        return mn_new_ref(o);
    mag m;
    mag_of(o, &m);
    return int_from_mag(m.d, m.n, m.neg);
}

mn_object *mn_int_from_double(double d)
{
    if (isinf(d)) {
        mn_err_set_string(&mn_exc_OverflowError, "cannot convert float infinity to integer");
        return NULL;
    }
    if (isnan(d)) {
        mn_err_set_string(&mn_exc_ValueError, "cannot convert float NaN to integer");
        return NULL;
    }
    d = trunc(d);
    if (d > -9223372036854775808.0 && d < 9223372036854775808.0)
        return small_new((int64_t)d);
    /* |d| >= 2**63: peel off 30 bits at a time, exactly (frexp/ldexp). */
    int neg = d < 0, e;
    double frac = frexp(fabs(d), &e);     /* |d| = frac * 2**e, 0.5 <= frac < 1 */
    mn_ssize n = (e - 1) / MN_DIGIT_BITS + 1;
    mn_digit *dg = tmp_digits(n);
    if (!dg)
        return NULL;
    frac = ldexp(frac, (e - 1) % MN_DIGIT_BITS + 1);
    for (mn_ssize i = n - 1; i >= 0; i--) {
        mn_digit bits = (mn_digit)frac;
        dg[i] = bits;
        frac = ldexp(frac - bits, MN_DIGIT_BITS);
    }
    return int_from_tmp(dg, n, neg);
}

/* ------------------------------------------------------- C conversions */

int mn_int_to_i64(mn_object *o, int64_t *out)
{
    if (MN_INT_IS_SMALL(o)) {
        *out = MN_INT_SMALL_VALUE(o);
        return 1;
    }
    return 0;   /* canonical: big never fits */
}

int64_t mn_int_as_i64(mn_object *o)
{
    if (MN_INT_IS_SMALL(o))
        return MN_INT_SMALL_VALUE(o);
    mn_err_set_string(&mn_exc_OverflowError, "Python int too large to convert to C long");
    return -1;
}

mn_ssize mn_int_as_ssize(mn_object *o)
{
    if (MN_INT_IS_SMALL(o) && MN_INT_SMALL_VALUE(o) >= MN_SSIZE_MIN &&
        MN_INT_SMALL_VALUE(o) <= MN_SSIZE_MAX)
        return (mn_ssize)MN_INT_SMALL_VALUE(o);
    mn_err_set_string(&mn_exc_OverflowError, "Python int too large to convert to C ssize_t");
    return -1;
}

int mn_int_sign(mn_object *o)
{
    if (MN_INT_IS_SMALL(o)) {
        int64_t v = MN_INT_SMALL_VALUE(o);
        return (v > 0) - (v < 0);
    }
    return ((mn_int *)o)->negative ? -1 : 1;
}

mn_ssize mn_int_bit_length(mn_object *o)
{
    mag m;
    mag_of(o, &m);
    return (mn_ssize)mn_big_bit_length(m.d, m.n);
}

/* floor(|m| / 2**shift) when that is < 2**64; *sticky says whether any
 * bit below `shift` was set (the information rounding needs). */
static uint64_t mag_top_bits(const mag *m, int64_t shift, int *sticky)
{
    uint64_t r = 0;
    *sticky = 0;
    for (mn_ssize i = m->n - 1; i >= 0; i--) {
        int64_t base = (int64_t)i * MN_DIGIT_BITS;
        mn_digit d = m->d[i];
        if (base + MN_DIGIT_BITS <= shift)
            *sticky |= d != 0;
        else if (base >= shift) {
            if (base - shift < 64)
                r |= (uint64_t)d << (base - shift);
        } else {
            int k = (int)(shift - base);
            r |= d >> k;
            *sticky |= (d & (((mn_digit)1 << k) - 1)) != 0;
        }
    }
    return r;
}

/* Correctly rounded (half-even) conversion; *overflow set when |x| rounds
 * beyond DBL_MAX. */
static double mag_to_double(const mag *m, int *overflow)
{
    *overflow = 0;
    int64_t bits = mn_big_bit_length(m->d, m->n);
    double r;
    if (bits <= 64) {
        int sticky;
        r = (double)mag_top_bits(m, 0, &sticky);   /* C rounds half-even */
    } else {
        if (bits > DBL_MAX_EXP) {
            *overflow = 1;
            return 0.0;
        }
        /* Keep 55 bits and fold everything below into a sticky bit: the
         * hardware conversion then rounds exactly as the full value would. */
        int sticky;
        int64_t shift = bits - 55;
        uint64_t top = mag_top_bits(m, shift, &sticky) | (uint64_t)sticky;
        r = ldexp((double)top, (int)shift);
        if (isinf(r)) {
            *overflow = 1;
            return 0.0;
        }
    }
    return m->neg ? -r : r;
}

double mn_int_as_double(mn_object *o)
{
    if (MN_INT_IS_SMALL(o))
        return (double)MN_INT_SMALL_VALUE(o);
    mag m;
    int overflow;
    mag_of(o, &m);
    double r = mag_to_double(&m, &overflow);
    if (overflow) {
        mn_err_set_string(&mn_exc_OverflowError, "int too large to convert to float");
        return -1.0;
    }
    return r;
}

/* ------------------------------------------------------------ comparison */

int mn_int_compare(mn_object *a, mn_object *b)
{
    if (MN_INT_IS_SMALL(a) && MN_INT_IS_SMALL(b)) {
        int64_t x = MN_INT_SMALL_VALUE(a), y = MN_INT_SMALL_VALUE(b);
        return (x > y) - (x < y);
    }
    mag ma, mb;
    mag_of(a, &ma);
    mag_of(b, &mb);
    int sa = ma.n == 0 ? 0 : ma.neg ? -1 : 1;
    int sb = mb.n == 0 ? 0 : mb.neg ? -1 : 1;
    if (sa != sb)
        return sa < sb ? -1 : 1;
    int c = mn_big_cmp(ma.d, ma.n, mb.d, mb.n);
    return sa < 0 ? -c : c;
}

static int cmp_result(int c, int op)
{
    switch (op) {
    case MN_LT: return c < 0;
    case MN_LE: return c <= 0;
    case MN_EQ: return c == 0;
    case MN_NE: return c != 0;
    case MN_GT: return c > 0;
    default:    return c >= 0;
    }
}

static mn_object *int_richcompare(mn_object *a, mn_object *b, int op)
{
    /* int vs float is float's job (its slot runs reflected), as in CPython. */
    if (!MN_INT_CHECK(a) || !MN_INT_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    MN_RETURN_BOOL(cmp_result(mn_int_compare(a, b), op));
}

/* ------------------------------------------------------------------ hash */

/* CPython's numeric hash: the value modulo the Mersenne prime 2**61 - 1,
 * with the sign kept, and -1 (the error marker) mapped to -2. */
#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)

mn_hash mn_int_hash(mn_object *o)
{
    uint64_t x;
    int neg;
    if (MN_INT_IS_SMALL(o)) {
        int64_t v = MN_INT_SMALL_VALUE(o);
        neg = v < 0;
        x = (neg ? 0 - (uint64_t)v : (uint64_t)v) % HASH_MODULUS;
    } else {
        mn_int *v = (mn_int *)o;
        neg = v->negative;
        x = 0;
        /* x*2**30 + digit (mod 2**61-1): multiplying by 2**30 is a 30-bit
         * rotation within 61 bits, because 2**61 == 1 (mod 2**61-1). */
        for (mn_ssize i = v->ndigits - 1; i >= 0; i--) {
            x = ((x << MN_DIGIT_BITS) & HASH_MODULUS) | (x >> (HASH_BITS - MN_DIGIT_BITS));
            x += v->digit[i];
            if (x >= HASH_MODULUS)
                x -= HASH_MODULUS;
        }
    }
    mn_hash h = neg ? -(mn_hash)x : (mn_hash)x;
    return h == -1 ? -2 : h;
}

/* ------------------------------------------------------------ arithmetic */

#define CHECK_BINOP(a, b) \
    do { if (!MN_INT_CHECK(a) || !MN_INT_CHECK(b)) MN_RETURN_NOT_IMPLEMENTED; } while (0)
#define BOTH_SMALL(a, b) (MN_INT_IS_SMALL(a) && MN_INT_IS_SMALL(b))

/* a + b where b's sign is given separately (so subtraction can flip it). */
static mn_object *mag_add(const mag *a, const mag *b, int bneg)
{
    if (b->n == 0)
        return int_from_mag(a->d, a->n, a->neg);
    if (a->n == 0)
        return int_from_mag(b->d, b->n, bneg);
    if (a->neg == bneg) {
        mn_ssize n = (a->n > b->n ? a->n : b->n) + 1;
        mn_digit *r = tmp_digits(n);
        if (!r)
            return NULL;
        n = mn_big_add(r, a->d, a->n, b->d, b->n);
        return int_from_tmp(r, n, a->neg);
    }
    int c = mn_big_cmp(a->d, a->n, b->d, b->n);
    if (c == 0)
        return small_new(0);
    const mag *big = c > 0 ? a : b, *lit = c > 0 ? b : a;
    mn_digit *r = tmp_digits(big->n);
    if (!r)
        return NULL;
    mn_ssize n = mn_big_sub(r, big->d, big->n, lit->d, lit->n);
    return int_from_tmp(r, n, c > 0 ? a->neg : bneg);
}

static mn_object *int_add(mn_object *a, mn_object *b)
{
    CHECK_BINOP(a, b);
    int64_t r;
    if (BOTH_SMALL(a, b) &&
        !__builtin_add_overflow(MN_INT_SMALL_VALUE(a), MN_INT_SMALL_VALUE(b), &r))
        return small_new(r);
    mag ma, mb;
    mag_of(a, &ma);
    mag_of(b, &mb);
    return mag_add(&ma, &mb, mb.neg);
}

static mn_object *int_sub(mn_object *a, mn_object *b)
{
    CHECK_BINOP(a, b);
    int64_t r;
    if (BOTH_SMALL(a, b) &&
        !__builtin_sub_overflow(MN_INT_SMALL_VALUE(a), MN_INT_SMALL_VALUE(b), &r))
        return small_new(r);
    mag ma, mb;
    mag_of(a, &ma);
    mag_of(b, &mb);
    return mag_add(&ma, &mb, !mb.neg);
}

static mn_object *int_mul(mn_object *a, mn_object *b)
{
    CHECK_BINOP(a, b);
    int64_t r;
    if (BOTH_SMALL(a, b) &&
        !__builtin_mul_overflow(MN_INT_SMALL_VALUE(a), MN_INT_SMALL_VALUE(b), &r))
        return small_new(r);
    mag ma, mb;
    mag_of(a, &ma);
    mag_of(b, &mb);
    if (ma.n == 0 || mb.n == 0)
        return small_new(0);
    mn_digit *d = tmp_digits(ma.n + mb.n);
    if (!d)
        return NULL;
    if (mn_big_mul(d, ma.d, ma.n, mb.d, mb.n) < 0) {
        mn_mem_free(d);
        return mn_err_no_memory();
    }
    return int_from_tmp(d, ma.n + mb.n, ma.neg ^ mb.neg);
}

/* Truncating division of magnitudes; q gets sign a^b, r the sign of a. */
static int mag_divmod_trunc(const mag *a, const mag *b, mn_object **q, mn_object **r)
{
    if (mn_big_cmp(a->d, a->n, b->d, b->n) < 0) {
        *q = small_new(0);
        *r = int_from_mag(a->d, a->n, a->neg);
    } else {
        mn_digit *qd = tmp_digits(a->n - b->n + 1), *rd = tmp_digits(b->n);
        if (!qd || !rd || mn_big_divrem(qd, rd, a->d, a->n, b->d, b->n) < 0) {
            mn_mem_free(qd);
            mn_mem_free(rd);
            if (!mn_err_occurred())
                mn_err_no_memory();
            return -1;
        }
        *q = int_from_tmp(qd, a->n - b->n + 1, a->neg ^ b->neg);
        *r = int_from_tmp(rd, b->n, a->neg);
    }
    if (!*q || !*r) {
        MN_XDECREF(*q);
        MN_XDECREF(*r);
        return -1;
    }
    return 0;
}

/* Floor division and modulo (Python semantics: the remainder has the sign
 * of the divisor). Raises ZeroDivisionError with `zmsg`. */
static int int_divmod_impl(mn_object *a, mn_object *b, mn_object **q, mn_object **r,
                           const char *zmsg)
{
    if (mn_int_sign(b) == 0) {
        mn_err_set_string(&mn_exc_ZeroDivisionError, zmsg);
        return -1;
    }
    if (BOTH_SMALL(a, b)) {
        int64_t x = MN_INT_SMALL_VALUE(a), y = MN_INT_SMALL_VALUE(b);
        if (!(x == INT64_MIN && y == -1)) {       /* the one overflowing case */
            int64_t qq = x / y, rr = x % y;
            if (rr != 0 && ((rr < 0) != (y < 0))) {   /* C truncates; Python floors */
                qq--;
                rr += y;
            }
            *q = small_new(qq);
            if (!*q)
                return -1;
            *r = small_new(rr);
            if (!*r) {
                MN_DECREF(*q);
                return -1;
            }
            return 0;
        }
    }
    mag ma, mb;
    mag_of(a, &ma);
    mag_of(b, &mb);
    if (mag_divmod_trunc(&ma, &mb, q, r) < 0)
        return -1;
    if (mn_int_sign(*r) != 0 && ma.neg != mb.neg) {
        /* Truncation rounded towards zero: step down once. */
        mn_object *one = small_new(1);
        mn_object *q2 = int_sub(*q, one);
        mn_object *r2 = int_add(*r, b);
        MN_DECREF(one);
        MN_DECREF(*q);
        MN_DECREF(*r);
        *q = q2;
        *r = r2;
        if (!q2 || !r2) {
            MN_XDECREF(q2);
            MN_XDECREF(r2);
            return -1;
        }
    }
    return 0;
}

int mn_int_divmod(mn_object *a, mn_object *b, mn_object **q, mn_object **r)
{
    return int_divmod_impl(a, b, q, r, "integer division or modulo by zero");
}

static mn_object *int_floordiv(mn_object *a, mn_object *b)
{
    CHECK_BINOP(a, b);
    mn_object *q, *r;
    if (int_divmod_impl(a, b, &q, &r, "integer division or modulo by zero") < 0)
        return NULL;
    MN_DECREF(r);
    return q;
}

static mn_object *int_mod(mn_object *a, mn_object *b)
{
    CHECK_BINOP(a, b);
    mn_object *q, *r;
    if (int_divmod_impl(a, b, &q, &r, "integer modulo by zero") < 0)
        return NULL;
    MN_DECREF(q);
    return r;
}

static mn_object *int_divmod_method(mn_object *a, mn_object *b)
{
    CHECK_BINOP(a, b);
    mn_object *q, *r;
    if (int_divmod_impl(a, b, &q, &r, "integer division or modulo by zero") < 0)
        return NULL;
    mn_object *t = mn_tuple_pack(2, q, r);
    MN_DECREF(q);
    MN_DECREF(r);
    return t;
}

static mn_object *int_neg(mn_object *a)
{
    if (MN_INT_IS_SMALL(a) && MN_INT_SMALL_VALUE(a) != INT64_MIN)
        return small_new(-MN_INT_SMALL_VALUE(a));
    mag m;
    mag_of(a, &m);
    return int_from_mag(m.d, m.n, !m.neg);
}

static mn_object *int_abs(mn_object *a)
{
    if (mn_int_sign(a) < 0)
        return int_neg(a);
    return int_exact(a);
}

static mn_object *int_pos(mn_object *a) { return int_exact(a); }

/* ~x == -x - 1 */
static mn_object *int_invert(mn_object *a)
{
    if (MN_INT_IS_SMALL(a))
        return small_new(~MN_INT_SMALL_VALUE(a));
    mn_object *one = small_new(1);
    mn_object *t = int_add(a, one);
    MN_DECREF(one);
    if (!t)
        return NULL;
    mn_object *r = int_neg(t);
    MN_DECREF(t);
    return r;
}

static int int_bool(mn_object *a) { return mn_int_sign(a) != 0; }

/* True division, correctly rounded (the approach of CPython's
 * long_true_divide): scale a/b so the integer quotient carries 2-3 bits
 * beyond the 53 the double keeps, divide exactly, round half-even by hand
 * using the remainder as a sticky bit, then scale back with ldexp. */
static mn_object *int_lshift_by(mn_object *a, int64_t s);
static mn_object *int_true_div(mn_object *a, mn_object *b)
{
    CHECK_BINOP(a, b);
    if (mn_int_sign(b) == 0) {
        mn_err_set_string(&mn_exc_ZeroDivisionError, "division by zero");
        return NULL;
    }
    const int64_t exact = (int64_t)1 << DBL_MANT_DIG;
    if (BOTH_SMALL(a, b)) {
        int64_t x = MN_INT_SMALL_VALUE(a), y = MN_INT_SMALL_VALUE(b);
        if (x >= -exact && x <= exact && y >= -exact && y <= exact)
            return mn_float_from_double((double)x / (double)y);   /* both exact */
    }
    mag ma, mb;
    mag_of(a, &ma);
    mag_of(b, &mb);
    int neg = ma.neg ^ mb.neg;
    if (ma.n == 0)
        return mn_float_from_double(neg ? -0.0 : 0.0);
    int64_t diff = mn_big_bit_length(ma.d, ma.n) - mn_big_bit_length(mb.d, mb.n);
    /* a/b lies in [2**(diff-1), 2**(diff+1)). */
    if (diff > DBL_MAX_EXP)
        goto overflow;
    if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 3)    /* below half the smallest subnormal */
        return mn_float_from_double(neg ? -0.0 : 0.0);
    int64_t shift = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;
    mn_object *x = int_from_mag(ma.d, ma.n, 0), *y = int_from_mag(mb.d, mb.n, 0);
    if (x && y) {
        if (shift < 0)
            MN_SETREF(x, int_lshift_by(x, -shift));
        else
            MN_SETREF(y, int_lshift_by(y, shift));
    }
    mn_object *q = NULL, *r = NULL;
    if (!x || !y || int_divmod_impl(x, y, &q, &r, "division by zero") < 0) {
        MN_XDECREF(x);
        MN_XDECREF(y);
        return NULL;
    }
    MN_DECREF(x);
    MN_DECREF(y);
    int inexact = mn_int_sign(r) != 0;
    uint64_t qv = (uint64_t)MN_INT_SMALL_VALUE(q);    /* < 2**57: always small */
    MN_DECREF(q);
    MN_DECREF(r);
    int qbits = 64 - __builtin_clzll(qv);
    int64_t top_exp = qbits - 1 + shift;               /* exponent of q's top bit */
    int64_t lsb = top_exp - (DBL_MANT_DIG - 1);        /* exponent of the last kept bit */
    if (lsb < DBL_MIN_EXP - DBL_MANT_DIG)              /* subnormal: fewer bits */
        lsb = DBL_MIN_EXP - DBL_MANT_DIG;
    int extra = (int)(lsb - shift);                    /* bits to drop, >= 2 */
    uint64_t low = qv & (((uint64_t)1 << extra) - 1), half = (uint64_t)1 << (extra - 1);
    qv >>= extra;
    if (low > half || (low == half && (inexact || (qv & 1))))
        qv++;
    double res = ldexp((double)qv, (int)lsb);
    if (isinf(res))
        goto overflow;
    return mn_float_from_double(neg ? -res : res);
overflow:
    mn_err_set_string(&mn_exc_OverflowError, "integer division result too large for a float");
    return NULL;
}

/* ---------------------------------------------------------------- shifts */

/* Too large a shift would need more memory than exists; CPython says
 * MemoryError for those too. */
#define MAX_SHIFT_BITS ((int64_t)1 << 40)

static mn_object *int_lshift_by(mn_object *a, int64_t s)
{
    if (mn_int_sign(a) == 0)
        return small_new(0);
    if (MN_INT_IS_SMALL(a) && s < 63) {
        int64_t v = MN_INT_SMALL_VALUE(a);
        int64_t r = (int64_t)((uint64_t)v << s);
        if ((r >> s) == v)          /* no significant bit was lost */
            return small_new(r);
    }
    if (s > MAX_SHIFT_BITS)
        return mn_err_no_memory();
    mag m;
    mag_of(a, &m);
    mn_ssize ds = (mn_ssize)(s / MN_DIGIT_BITS);
    int bs = (int)(s % MN_DIGIT_BITS);
    mn_digit *r = tmp_digits(m.n + ds + 1);
    if (!r)
        return NULL;
    memset(r, 0, sizeof(mn_digit) * (size_t)ds);
    r[m.n + ds] = mn_big_lshift(r + ds, m.d, m.n, bs);
    return int_from_tmp(r, m.n + ds + 1, m.neg);
}

/* Arithmetic (floor) right shift: for negative a, a >> s == ~(~a >> s). */
static mn_object *int_rshift_by(mn_object *a, int64_t s)
{
    if (MN_INT_IS_SMALL(a)) {
        int64_t v = MN_INT_SMALL_VALUE(a);
        return small_new(s >= 63 ? (v < 0 ? -1 : 0) : v >> s);
    }
    if (((mn_int *)a)->negative) {
        mn_object *t = int_invert(a);   /* ~a >= 0 */
        if (!t)
            return NULL;
        mn_object *u = int_rshift_by(t, s);
        MN_DECREF(t);
        if (!u)
            return NULL;
        mn_object *r = int_invert(u);
        MN_DECREF(u);
        return r;
    }
    mag m;
    mag_of(a, &m);
    int64_t ds = s / MN_DIGIT_BITS;
    if (ds >= m.n)
        return small_new(0);
    mn_digit *r = tmp_digits(m.n - (mn_ssize)ds);
    if (!r)
        return NULL;
    mn_big_rshift(r, m.d + ds, m.n - (mn_ssize)ds, (int)(s % MN_DIGIT_BITS));
    return int_from_tmp(r, m.n - (mn_ssize)ds, 0);
}

/* The shift count as int64 (>= 0); *huge set when it doesn't fit. */
static int shift_count(mn_object *b, int64_t *s, int *huge)
{
    if (mn_int_sign(b) < 0) {
        mn_err_set_string(&mn_exc_ValueError, "negative shift count");
        return -1;
    }
    *huge = !mn_int_to_i64(b, s);
    return 0;
}

static mn_object *int_lshift(mn_object *a, mn_object *b)
{
    CHECK_BINOP(a, b);
    int64_t s;
    int huge;
    if (shift_count(b, &s, &huge) < 0)
        return NULL;
    if (huge) {
        if (mn_int_sign(a) == 0)
            return small_new(0);
        mn_err_set_string(&mn_exc_OverflowError, "too many digits in integer");
        return NULL;
    }
    return int_lshift_by(a, s);
}

static mn_object *int_rshift(mn_object *a, mn_object *b)
{
    CHECK_BINOP(a, b);
    int64_t s;
    int huge;
    if (shift_count(b, &s, &huge) < 0)
        return NULL;
    if (huge)
        return small_new(mn_int_sign(a) < 0 ? -1 : 0);
    return int_rshift_by(a, s);
}

/* --------------------------------------------------------------- bitwise */

enum { BIT_AND, BIT_OR, BIT_XOR, BIT_ANDNOT };

/* Bitwise op on two non-negative magnitudes (ANDNOT: a & ~b). */
static mn_object *mag_bitop(const mag *a, const mag *b, int op)
{
    mn_ssize n = op == BIT_AND ? (a->n < b->n ? a->n : b->n)
               : op == BIT_ANDNOT ? a->n : (a->n > b->n ? a->n : b->n);
    mn_digit *r = tmp_digits(n);
    if (!r)
        return NULL;
    for (mn_ssize i = 0; i < n; i++) {
        mn_digit x = i < a->n ? a->d[i] : 0, y = i < b->n ? b->d[i] : 0;
        r[i] = op == BIT_AND ? x & y : op == BIT_OR ? x | y : op == BIT_XOR ? x ^ y
             : x & ~y & MN_DIGIT_MASK;
    }
    return int_from_tmp(r, n, 0);
}

/* Python ints behave as infinite two's complement. A negative x equals
 * ~X with X = -x - 1 >= 0, so De Morgan's laws turn every case into an
 * operation on non-negative magnitudes:
 *   ~X & Y = Y & ~X      ~X & ~Y = ~(X | Y)
 *   ~X | Y = ~(X & ~Y)   ~X | ~Y = ~(X & Y)
 *   ~X ^ Y = ~(X ^ Y)    ~X ^ ~Y = X ^ Y                                 */
static mn_object *int_bitwise(mn_object *a, mn_object *b, int op)
{
    if (BOTH_SMALL(a, b)) {
        int64_t x = MN_INT_SMALL_VALUE(a), y = MN_INT_SMALL_VALUE(b);
        return small_new(op == BIT_AND ? x & y : op == BIT_OR ? x | y : x ^ y);
    }
    int na = mn_int_sign(a) < 0, nb = mn_int_sign(b) < 0;
    mn_object *A = na ? int_invert(a) : mn_new_ref(a);
    mn_object *B = nb ? int_invert(b) : mn_new_ref(b);
    mn_object *r = NULL;
    int invert = 0;
    if (A && B) {
        mag ma, mb;
        mag_of(A, &ma);
        mag_of(B, &mb);
        if (op == BIT_AND) {
            if (na && nb) { r = mag_bitop(&ma, &mb, BIT_OR); invert = 1; }
            else if (na) r = mag_bitop(&mb, &ma, BIT_ANDNOT);
            else if (nb) r = mag_bitop(&ma, &mb, BIT_ANDNOT);
            else r = mag_bitop(&ma, &mb, BIT_AND);
        } else if (op == BIT_OR) {
            if (na && nb) { r = mag_bitop(&ma, &mb, BIT_AND); invert = 1; }
            else if (na) { r = mag_bitop(&ma, &mb, BIT_ANDNOT); invert = 1; }
            else if (nb) { r = mag_bitop(&mb, &ma, BIT_ANDNOT); invert = 1; }
            else r = mag_bitop(&ma, &mb, BIT_OR);
        } else {
            r = mag_bitop(&ma, &mb, BIT_XOR);
            invert = na != nb;
        }
    }
    MN_XDECREF(A);
    MN_XDECREF(B);
    if (r && invert)
        MN_SETREF(r, int_invert(r));
    return r;
}

static mn_object *int_and(mn_object *a, mn_object *b) { CHECK_BINOP(a, b); return int_bitwise(a, b, BIT_AND); }
static mn_object *int_or(mn_object *a, mn_object *b)  { CHECK_BINOP(a, b); return int_bitwise(a, b, BIT_OR); }
static mn_object *int_xor(mn_object *a, mn_object *b) { CHECK_BINOP(a, b); return int_bitwise(a, b, BIT_XOR); }

/* ----------------------------------------------------------------- power */

static mn_object *int_mod_positive(mn_object *a, mn_object *m)
{
    mn_object *q, *r;
    if (int_divmod_impl(a, m, &q, &r, "integer modulo by zero") < 0)
        return NULL;
    MN_DECREF(q);
    return r;
}

/* Inverse of a modulo n (n > 1) by the extended Euclidean algorithm. */
static mn_object *int_invmod(mn_object *a, mn_object *n)
{
    mn_object *x0 = small_new(1), *x1 = small_new(0);
    mn_object *u = int_mod_positive(a, n), *v = mn_new_ref(n);
    while (u && x0 && x1 && mn_int_sign(v) != 0) {
        mn_object *q, *r;
        if (mn_int_divmod(u, v, &q, &r) < 0)
            goto fail;
        MN_SETREF(u, v);
        v = r;
        mn_object *t = int_mul(q, x1);
        MN_DECREF(q);
        if (!t)
            goto fail;
        mn_object *x2 = int_sub(x0, t);
        MN_DECREF(t);
        if (!x2)
            goto fail;
        MN_SETREF(x0, x1);
        x1 = x2;
    }
    if (!u || !x0 || !x1)
        goto fail;
    if (!(MN_INT_IS_SMALL(u) && MN_INT_SMALL_VALUE(u) == 1)) {
        mn_err_set_string(&mn_exc_ValueError, "base is not invertible for the given modulus");
        goto fail;
    }
    mn_object *res = int_mod_positive(x0, n);
    MN_DECREF(u); MN_DECREF(v); MN_DECREF(x0); MN_DECREF(x1);
    return res;
fail:
    MN_XDECREF(u); MN_XDECREF(v); MN_XDECREF(x0); MN_XDECREF(x1);
    return NULL;
}

/* base ** exp for exp >= 0 (mod m when m is not NULL; base already reduced),
 * by left-to-right binary exponentiation. */
static mn_object *int_pow_loop(mn_object *base, mn_object *exp, mn_object *m)
{
    mn_object *result = small_new(1);
    int64_t nbits = mn_int_bit_length(exp);
    mag me;
    mag_of(exp, &me);
    for (int64_t i = nbits - 1; i >= 0 && result; i--) {
        MN_SETREF(result, int_mul(result, result));
        if (result && ((me.d[i / MN_DIGIT_BITS] >> (i % MN_DIGIT_BITS)) & 1))
            MN_SETREF(result, int_mul(result, base));
        if (result && m)
            MN_SETREF(result, int_mod_positive(result, m));
    }
    return result;
}

static mn_object *int_pow(mn_object *a, mn_object *b, mn_object *m)
{
    if (!MN_INT_CHECK(a) || !MN_INT_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    if (m == NULL || m == mn_none) {
        if (mn_int_sign(b) < 0)   /* int ** negative int is a float, as CPython */
            return mn_float_type.as_number->binop[MN_BINOP_POWER](a, b);
        if (BOTH_SMALL(a, b)) {
            /* Square-and-multiply on int64 while nothing overflows. */
            int64_t base = MN_INT_SMALL_VALUE(a), e = MN_INT_SMALL_VALUE(b), r = 1;
            int ok = 1;
            while (e > 0 && ok) {
                if (e & 1)
                    ok = !__builtin_mul_overflow(r, base, &r);
                e >>= 1;
                if (e && ok)
                    ok = !__builtin_mul_overflow(base, base, &base);
            }
            if (ok)
                return small_new(r);
        }
        if (MN_INT_IS_SMALL(a) && MN_INT_SMALL_VALUE(a) >= -1 && MN_INT_SMALL_VALUE(a) <= 1) {
            int64_t v = MN_INT_SMALL_VALUE(a);
            mag mb;
            mag_of(b, &mb);
            int odd = mb.n && (mb.d[0] & 1);
            return small_new(v == -1 ? (odd ? -1 : 1) : (mb.n == 0 ? 1 : v));
        }
        /* Refuse results that could never fit in memory. */
        double bits = (double)mn_int_bit_length(a) * mn_int_as_double(b);
        if (!MN_INT_IS_SMALL(b) || bits > 1e12)
            return mn_err_no_memory();
        return int_pow_loop(a, b, NULL);
    }
    if (!MN_INT_CHECK(m))
        MN_RETURN_NOT_IMPLEMENTED;
    if (mn_int_sign(m) == 0) {
        mn_err_set_string(&mn_exc_ValueError, "pow() 3rd argument cannot be 0");
        return NULL;
    }
    int mneg = mn_int_sign(m) < 0;
    mn_object *mod = int_abs(m);
    if (!mod)
        return NULL;
    mn_object *base = NULL, *exp = NULL, *result = NULL;
    if (mn_int_sign(b) < 0) {   /* 3.8+: pow(a, -e, m) == pow(inverse(a), e, m) */
        base = int_invmod(a, mod);
        exp = int_neg(b);
    } else {
        base = int_mod_positive(a, mod);
        exp = mn_new_ref(b);
    }
    if (base && exp) {
        if (MN_INT_IS_SMALL(mod) && MN_INT_SMALL_VALUE(mod) == 1)
            result = small_new(0);
        else
            result = int_pow_loop(base, exp, mod);
    }
    if (result && mneg && mn_int_sign(result) != 0)
        MN_SETREF(result, int_sub(result, mod));
    MN_XDECREF(base);
    MN_XDECREF(exp);
    MN_DECREF(mod);
    return result;
}

static mn_object *int_pow2(mn_object *a, mn_object *b) { return int_pow(a, b, NULL); }

/* ---------------------------------------------------- text conversions */

static void raise_str_limit(mn_ssize ndigits)
{
    if (ndigits < 0)
        mn_err_format(&mn_exc_ValueError,
                      "Exceeds the limit (%zd digits) for integer string conversion; "
                      "use sys.set_int_max_str_digits() to increase the limit",
                      mn_int_max_str_digits);
    else
        mn_err_format(&mn_exc_ValueError,
                      "Exceeds the limit (%zd digits) for integer string conversion: "
                      "value has %zd digits; use sys.set_int_max_str_digits() to "
                      "increase the limit", mn_int_max_str_digits, ndigits);
}

static const char HEXDIGITS[] = "0123456789abcdef";

char *mn_int_magnitude_digits(mn_object *o, int base, mn_ssize *len)
{
    mag m;
    mag_of(o, &m);
    if (base == 10) {
        int64_t bits = mn_big_bit_length(m.d, m.n);
        /* A quick refusal before the (quadratic) conversion: a b-bit
         * number has at least (b-1)*log10(2) digits. */
        if (mn_int_max_str_digits > 0 &&
            (double)(bits - 1) * 0.30102999566398120 > (double)mn_int_max_str_digits + 1) {
            raise_str_limit(-1);
            return NULL;
        }
        char *s = mn_big_to_decimal(m.d, m.n, len);
        if (!s) {
            mn_err_no_memory();
            return NULL;
        }
        if (mn_int_max_str_digits > 0 && *len > mn_int_max_str_digits) {
            free(s);
            raise_str_limit(-1);
            return NULL;
        }
        return s;
    }
    int shift = base == 2 ? 1 : base == 8 ? 3 : 4;
    int64_t bits = mn_big_bit_length(m.d, m.n);
    mn_ssize n = bits == 0 ? 1 : (mn_ssize)((bits + shift - 1) / shift);
    char *s = malloc((size_t)n + 1);
    if (!s) {
        mn_err_no_memory();
        return NULL;
    }
    for (mn_ssize i = 0; i < n; i++) {   /* i-th value from the right */
        int64_t bit = (int64_t)i * shift;
        unsigned v = 0;
        for (int k = 0; k < shift; k++) {
            int64_t bb = bit + k, di = bb / MN_DIGIT_BITS;
            if (di < m.n)
                v |= ((m.d[di] >> (bb % MN_DIGIT_BITS)) & 1u) << k;
        }
        s[n - 1 - i] = HEXDIGITS[v];
    }
    s[n] = '\0';
    *len = n;
    return s;
}

mn_object *mn_int_to_decimal_string(mn_object *o)
{
    char buf[32];
    if (MN_INT_IS_SMALL(o)) {
        int n = snprintf(buf, sizeof buf, "%lld", (long long)MN_INT_SMALL_VALUE(o));
        return mn_str_from_utf8_unchecked(buf, n);
    }
    mn_ssize len;
    char *s = mn_int_magnitude_digits(o, 10, &len);
    if (!s)
        return NULL;
    mn_object *r;
    if (((mn_int *)o)->negative) {
        r = mn_str_new_raw(len + 1);
        if (r) {
            MN_STR_DATA(r)[0] = '-';
            memcpy(MN_STR_DATA(r) + 1, s, (size_t)len);
            mn_str_finish(r);
        }
    } else {
        r = mn_str_from_utf8_unchecked(s, len);
    }
    free(s);
    return r;
}

static mn_object *int_repr(mn_object *o) { return mn_int_to_decimal_string(o); }

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

/* Raises "invalid literal for int() with base B: <repr>", with the repr
 * cut to 200 characters as CPython's %.200R does. */
static void raise_bad_literal(const char *s, mn_ssize len, int base, mn_object *orig)
{
    mn_object *o = orig ? mn_new_ref(orig) : mn_str_from_utf8(s, len);
    if (!o)
        return;
    mn_object *rep = mn_object_repr(o);
    MN_DECREF(o);
    if (!rep)
        return;
    if (MN_STR_LENGTH(rep) > 200)
        MN_SETREF(rep, mn_str_substring(rep, 0, 200));
    if (rep)
        mn_err_format(&mn_exc_ValueError, "invalid literal for int() with base %d: %U", base, rep);
    MN_XDECREF(rep);
}

/* PyLong_FromString's grammar: whitespace, sign, optional 0x/0o/0b prefix
 * (base 0 or the matching base), digits with single underscores between
 * them (one may follow the prefix), whitespace. Base 0 rejects leading
 * zeros of a non-zero decimal ("010"). */
static mn_object *parse_int(const char *s, mn_ssize len, int base, mn_object *orig)
{
    const char *p = s, *end = s + len;
    int neg = 0, base0 = base == 0;
    while (p < end && is_space(*p))
        p++;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    char x = end - p >= 2 && p[0] == '0' ? (char)(p[1] | 0x20) : 0;
    if (base == 0)
        base = x == 'x' ? 16 : x == 'o' ? 8 : x == 'b' ? 2 : 10;
    int prefixed = (base == 16 && x == 'x') || (base == 8 && x == 'o') || (base == 2 && x == 'b');
    if (prefixed)
        p += 2;
    unsigned char *vals = mn_mem_alloc((size_t)(end - p) + 1);
    if (!vals)
        return mn_err_no_memory();
    mn_ssize nvals = 0;
    int underscore_ok = prefixed, last_underscore = 0, nonzero = 0;
    for (; p < end; p++) {
        if (*p == '_') {
            if (!underscore_ok)
                goto bad;
            underscore_ok = 0;
            last_underscore = 1;
            continue;
        }
        int v = digit_value(*p);
        if (v >= base)
            break;
        vals[nvals++] = (unsigned char)v;
        nonzero |= v != 0;
        underscore_ok = 1;
        last_underscore = 0;
    }
    if (last_underscore || nvals == 0)
        goto bad;
    if (base0 && !prefixed && vals[0] == 0 && nonzero)
        goto bad;
    while (p < end && is_space(*p))
        p++;
    if (p != end)
        goto bad;
    if ((base & (base - 1)) != 0 && mn_int_max_str_digits > 0 &&
        nvals > mn_int_max_str_digits) {
        mn_mem_free(vals);
        raise_str_limit(nvals);
        return NULL;
    }
    mn_digit *d;
    mn_ssize n = mn_big_from_digit_values(vals, nvals, base, &d);
    mn_mem_free(vals);
    if (n < 0)
        return mn_err_no_memory();
    return int_from_tmp(d, n, neg);
bad:
    mn_mem_free(vals);
    raise_bad_literal(s, len, base0 ? 0 : base, orig);
    return NULL;
}

mn_object *mn_int_from_string(const char *s, mn_ssize len, int base)
{
    if (base != 0 && (base < 2 || base > 36)) {
        mn_err_set_string(&mn_exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
        return NULL;
    }
    return parse_int(s, len, base, NULL);
}

/* int(x, base) for str, bytes or bytearray x. */
static mn_object *int_from_text_object(mn_object *x, int base)
{
    if (base != 0 && (base < 2 || base > 36)) {
        mn_err_set_string(&mn_exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
        return NULL;
    }
    if (MN_STR_CHECK(x))
        return parse_int(MN_STR_DATA(x), MN_STR_NBYTES(x), base, x);
    const char *data;
    mn_ssize n;
    if (mn_bytes_view(x, &data, &n) < 0)
        return NULL;
    return parse_int(data, n, base, x);
}

/* ----------------------------------------------------------- constructor */

/* An instance of an int subclass holding the value of the int v. */
static mn_object *int_subtype_new(mn_type *type, mn_object *v)
{
    mag m;
    mag_of(v, &m);
    mn_ssize n = MN_INT_IS_SMALL(v) ? 0 : m.n;
    mn_int *r = (mn_int *)mn_type_generic_alloc(type, n);
    if (!r)
        return NULL;
    r->ndigits = n;
    if (n) {
        r->negative = m.neg;
        memcpy(r->digit, m.d, sizeof(mn_digit) * (size_t)n);
    } else {
        r->small = MN_INT_SMALL_VALUE(v);
    }
    return MN_OBJ(r);
}

static mn_object *int_new(mn_type *type, mn_object *const *args, mn_ssize nargs,
                          mn_object *kwnames)
{
    static const char *const params[] = { "", "base", NULL };
    mn_object *a[2];
    if (kwnames) {
        /* CPython: "'x' is an invalid keyword argument for int()" */
        for (mn_ssize i = 0; i < MN_TUPLE_SIZE(kwnames); i++) {
            mn_object *k = MN_TUPLE_GET(kwnames, i);
            if (!mn_str_equal_cstr(k, "base")) {
                mn_err_format(&mn_exc_TypeError, "%U is an invalid keyword argument for int()", k);
                return NULL;
            }
        }
    }
    if (nargs > 2) {
        mn_err_format(&mn_exc_TypeError, "int() takes at most 2 arguments (%zd given)", nargs);
        return NULL;
    }
    if (mn_args_bind("int", args, nargs, kwnames, params, 0, a) < 0)
        return NULL;
    mn_object *x = a[0], *v;
    if (a[1]) {
        if (!x) {
            mn_err_set_string(&mn_exc_TypeError, "int() missing string argument");
            return NULL;
        }
        mn_ssize base = mn_number_as_ssize(a[1], NULL);
        if (base == -1 && mn_err_occurred())
            return NULL;
        if (!MN_STR_CHECK(x) && !MN_BYTES_CHECK(x) && !MN_BYTEARRAY_CHECK(x)) {
            mn_err_set_string(&mn_exc_TypeError, "int() can't convert non-string with explicit base");
            return NULL;
        }
        v = int_from_text_object(x, base < -1 || base > 37 ? -1 : (int)base);
    } else if (!x) {
        v = small_new(0);
    } else if (MN_INT_CHECK(x)) {
        v = int_exact(x);
    } else if (MN_FLOAT_CHECK_EXACT(x)) {
        v = mn_int_from_double(MN_FLOAT_VALUE(x));
    } else if (MN_STR_CHECK(x) || MN_BYTES_CHECK(x) || MN_BYTEARRAY_CHECK(x)) {
        v = int_from_text_object(x, 10);
    } else {
        /* __int__, __index__, __trunc__: the generic protocol. */
        v = mn_number_long(x);
    }
    if (!v || type == &mn_int_type)
        return v;
    mn_object *r = int_subtype_new(type, v);
    MN_DECREF(v);
    return r;
}

static void int_dealloc(mn_object *o)
{
    mn_object_free(o);
}

/* --------------------------------------------------------------- methods */

static mn_object *int_bit_length(mn_object *self, MN_UNUSED mn_object *const *args,
                                 MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    return mn_int_from_i64(mn_int_bit_length(self));
}

static mn_object *int_bit_count(mn_object *self, MN_UNUSED mn_object *const *args,
                                MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    mag m;
    mag_of(self, &m);
    int64_t c = 0;
    for (mn_ssize i = 0; i < m.n; i++)
        c += __builtin_popcount(m.d[i]);
    return mn_int_from_i64(c);
}

static mn_object *int_self_exact(mn_object *self, MN_UNUSED mn_object *const *args,
                                 MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    return int_exact(self);
}

static mn_object *int_as_integer_ratio(mn_object *self, MN_UNUSED mn_object *const *args,
                                       MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    mn_object *n = int_exact(self);
    if (!n)
        return NULL;
    mn_object *one = small_new(1);
    mn_object *t = mn_tuple_pack(2, n, one);
    MN_DECREF(n);
    MN_DECREF(one);
    return t;
}

static mn_object *int_getnewargs(mn_object *self, MN_UNUSED mn_object *const *args,
                                 MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    mn_object *n = int_exact(self);
    if (!n)
        return NULL;
    mn_object *t = mn_tuple_pack(1, n);
    MN_DECREF(n);
    return t;
}

static mn_object *int_sizeof(mn_object *self, MN_UNUSED mn_object *const *args,
                             MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    mn_ssize n = MN_INT_IS_SMALL(self) ? 0 : ((mn_int *)self)->ndigits;
    return mn_int_from_ssize((mn_ssize)sizeof(mn_int) + n * (mn_ssize)sizeof(mn_digit));
}

/* round(i, ndigits): for ndigits < 0, round to a multiple of 10**-ndigits
 * with ties to even (CPython's _PyLong_DivmodNear). */
static mn_object *int_round(mn_object *self, mn_object *const *args, mn_ssize nargs,
                            mn_object *kwnames)
{
    static const char *const params[] = { "ndigits", NULL };
    mn_object *a[1];
    if (mn_args_bind("__round__", args, nargs, kwnames, params, 0, a) < 0)
        return NULL;
    if (!a[0])
        return int_exact(self);
    mn_object *nd = mn_number_index(a[0]);
    if (!nd)
        return NULL;
    if (mn_int_sign(nd) >= 0) {
        MN_DECREF(nd);
        return int_exact(self);
    }
    mn_object *ten = small_new(10), *e = int_neg(nd), *pow10 = NULL, *q = NULL, *r = NULL;
    MN_DECREF(nd);
    mn_object *res = NULL;
    if (ten && e && mn_int_bit_length(e) < 40 &&
        mn_int_as_double(e) > 1.0 + (double)mn_int_bit_length(self) * 0.302) {
        res = small_new(0);   /* 10**-n exceeds 2*|self|: rounds to 0 */
        goto done;
    }
    if (!ten || !e || !(pow10 = int_pow(ten, e, NULL)))
        goto done;
    if (mn_int_divmod(self, pow10, &q, &r) < 0)
        goto done;
    /* r in [0, pow10): round up when 2r > pow10, or 2r == pow10 and q odd */
    mn_object *two_r = int_lshift_by(r, 1);
    if (!two_r)
        goto done;
    int c = mn_int_compare(two_r, pow10);
    MN_DECREF(two_r);
    mn_object *qodd = small_new(1), *t = qodd ? int_and(q, qodd) : NULL;
    int odd = t && mn_int_sign(t) != 0;
    MN_XDECREF(qodd);
    MN_XDECREF(t);
    res = int_sub(self, r);
    if (res && (c > 0 || (c == 0 && odd)))
        MN_SETREF(res, int_add(res, pow10));
done:
    MN_XDECREF(ten); MN_XDECREF(e); MN_XDECREF(pow10); MN_XDECREF(q); MN_XDECREF(r);
    return res;
}

/* byteorder argument: 1 little, 0 big, -1 error. */
static int parse_byteorder(mn_object *o)
{
    if (!o)
        return 0;
    if (!MN_STR_CHECK(o)) {
        mn_err_format(&mn_exc_TypeError, "to_bytes() argument 'byteorder' must be str, not %T", o);
        return -1;
    }
    if (mn_str_equal_cstr(o, "little"))
        return 1;
    if (mn_str_equal_cstr(o, "big"))
        return 0;
    mn_err_set_string(&mn_exc_ValueError, "byteorder must be either 'little' or 'big'");
    return -1;
}

static mn_object *int_to_bytes(mn_object *self, mn_object *const *args, mn_ssize nargs,
                               mn_object *kwnames)
{
    static const char *const params[] = { "length", "byteorder", "*", "signed", NULL };
    mn_object *a[3];
    if (mn_args_bind("to_bytes", args, nargs, kwnames, params, 0, a) < 0)
        return NULL;
    mn_ssize length = 1;
    if (a[0]) {
        length = mn_number_as_ssize(a[0], (mn_object *)&mn_exc_OverflowError);
        if (length == -1 && mn_err_occurred())
            return NULL;
        if (length < 0) {
            mn_err_set_string(&mn_exc_ValueError, "length argument must be non-negative");
            return NULL;
        }
    }
    int little = parse_byteorder(a[1]);
    if (little < 0)
        return NULL;
    int is_signed = 0;
    if (a[2] && (is_signed = mn_object_is_true(a[2])) < 0)
        return NULL;
    int sign = mn_int_sign(self);
    if (sign < 0 && !is_signed) {
        mn_err_set_string(&mn_exc_OverflowError, "can't convert negative int to unsigned");
        return NULL;
    }
    /* Bits needed: unsigned b; signed non-negative b+1; signed negative
     * bit_length(~x)+1 (e.g. -128 fits in one byte). */
    mn_object *mag_obj = sign < 0 ? int_invert(self) : int_exact(self);
    if (!mag_obj)
        return NULL;
    int64_t need = mn_int_bit_length(mag_obj) + (is_signed ? 1 : 0);
    if (need > (int64_t)length * 8) {
        MN_DECREF(mag_obj);
        mn_err_set_string(&mn_exc_OverflowError, "int too big to convert");
        return NULL;
    }
    mn_object *out = mn_bytes_new_raw(length);
    if (!out) {
        MN_DECREF(mag_obj);
        return NULL;
    }
    unsigned char *bytes = (unsigned char *)MN_BYTES_DATA(out);
    mag m;
    mag_of(mag_obj, &m);
    /* Byte i (little-endian) of |x| or of ~x; negative values store the
     * complement, since x == ~(~x). */
    for (mn_ssize i = 0; i < length; i++) {
        unsigned v = 0;
        for (int k = 0; k < 8; k++) {
            int64_t bb = (int64_t)i * 8 + k, di = bb / MN_DIGIT_BITS;
            if (di < m.n)
                v |= ((m.d[di] >> (bb % MN_DIGIT_BITS)) & 1u) << k;
        }
        if (sign < 0)
            v = ~v & 0xff;
        bytes[little ? i : length - 1 - i] = (unsigned char)v;
    }
    MN_DECREF(mag_obj);
    return out;
}

static mn_object *int_from_bytes(mn_object *cls, mn_object *const *args, mn_ssize nargs,
                                 mn_object *kwnames)
{
    static const char *const params[] = { "bytes", "byteorder", "*", "signed", NULL };
    mn_object *a[3];
    if (mn_args_bind("from_bytes", args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    int little = parse_byteorder(a[1]);
    if (little < 0)
        return NULL;
    int is_signed = 0;
    if (a[2] && (is_signed = mn_object_is_true(a[2])) < 0)
        return NULL;
    mn_object *b;
    if (MN_BYTES_CHECK(a[0]) || MN_BYTEARRAY_CHECK(a[0]))
        b = mn_new_ref(a[0]);
    else if (!(b = mn_object_call1(MN_OBJ(&mn_bytes_type), a[0])))   /* bytes(iterable) */
        return NULL;
    const char *data;
    mn_ssize n;
    if (mn_bytes_view(b, &data, &n) < 0) {
        MN_DECREF(b);
        return NULL;
    }
    /* Most significant byte first for mn_big_from_digit_values. */
    unsigned char *vals = mn_mem_alloc((size_t)n + 1);
    if (!vals) {
        MN_DECREF(b);
        return mn_err_no_memory();
    }
    for (mn_ssize i = 0; i < n; i++)
        vals[i] = (unsigned char)data[little ? n - 1 - i : i];
    MN_DECREF(b);
    int negative = is_signed && n > 0 && (vals[0] & 0x80);
    mn_digit *d;
    mn_ssize nd = mn_big_from_digit_values(vals, n, 256, &d);
    mn_mem_free(vals);
    if (nd < 0)
        return mn_err_no_memory();
    mn_object *v = int_from_tmp(d, nd, 0);
    if (v && negative) {   /* two's complement: subtract 2**(8n) */
        mn_object *one = small_new(1), *p = int_lshift_by(one, (int64_t)n * 8);
        MN_DECREF(one);
        if (p)
            MN_SETREF(v, int_sub(v, p));
        else
            MN_CLEAR(v);
        MN_XDECREF(p);
    }
    if (v && (mn_type *)cls != &mn_int_type)
        MN_SETREF(v, mn_object_call1(cls, v));
    return v;
}

mn_object *mn_int_format(mn_object *o, mn_object *spec)
{
    if (!MN_STR_CHECK(spec)) {
        mn_err_format(&mn_exc_TypeError, "__format__() argument must be str, not %T", spec);
        return NULL;
    }
    if (MN_STR_NBYTES(spec) == 0)
        return mn_object_str(o);
    mn_format_spec fs;
    char *err = NULL, *out = NULL;
    size_t out_len = 0;
    mn_numfmt_status st = mn_format_spec_parse(MN_STR_DATA(spec), (size_t)MN_STR_NBYTES(spec),
                                               MN_FORMAT_INT, MN_TYPE_NAME(o), &fs, &err);
    if (st == MN_NUMFMT_OK) {
        if (mn_format_spec_is_float_type(&fs)) {
            double d = mn_int_as_double(o);
            if (d == -1.0 && mn_err_occurred())
                return NULL;
            st = mn_format_double(&fs, d, &out, &out_len, &err);
        } else if (fs.type == 'c') {
            int64_t v;
            int fits = mn_int_to_i64(o, &v);
            if (!fits)
                v = mn_int_sign(o) < 0 ? INT64_MIN : INT64_MAX;
            st = mn_format_int_char(&fs, (long long)v, fits && v >= LONG_MIN && v <= LONG_MAX,
                                    &out, &out_len, &err);
        } else {
            int base = fs.type == 'b' ? 2 : fs.type == 'o' ? 8
                     : (fs.type == 'x' || fs.type == 'X') ? 16 : 10;
            mn_ssize n;
            char *digits = mn_int_magnitude_digits(o, base, &n);
            if (!digits)
                return NULL;
            st = mn_format_int_digits(&fs, mn_int_sign(o) < 0, digits, (size_t)n,
                                      &out, &out_len, &err);
            free(digits);
        }
    }
    if (st != MN_NUMFMT_OK) {
        if (st == MN_NUMFMT_MEMORY_ERROR)
            mn_err_no_memory();
        else
            mn_err_set_string(st == MN_NUMFMT_OVERFLOW_ERROR ? &mn_exc_OverflowError
                                                             : &mn_exc_ValueError,
                              err ? err : "format error");
        free(err);
        free(out);
        return NULL;
    }
    mn_object *r = mn_str_from_utf8(out, (mn_ssize)out_len);
    free(out);
    return r;
}

static mn_object *int_format_method(mn_object *self, mn_object *const *args, mn_ssize nargs,
                                    MN_UNUSED mn_object *kw)
{
    (void)nargs;
    return mn_int_format(self, args[0]);
}

/* divmod() has no binop number; the builtin finds these methods. */
static mn_object *int_divmod_m(mn_object *self, mn_object *const *args,
                               MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    return int_divmod_method(self, args[0]);
}
static mn_object *int_rdivmod_m(mn_object *self, mn_object *const *args,
                                MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    return int_divmod_method(args[0], self);
}

static mn_object *int_get_zero(MN_UNUSED mn_object *self, MN_UNUSED void *c) { return small_new(0); }
static mn_object *int_get_one(MN_UNUSED mn_object *self, MN_UNUSED void *c) { return small_new(1); }
static mn_object *int_get_self(mn_object *self, MN_UNUSED void *c) { return int_exact(self); }

static mn_method_def int_methods[] = {
    { "bit_length", int_bit_length, MN_METH_NOARGS, "Number of bits necessary to represent self in binary." },
    { "bit_count", int_bit_count, MN_METH_NOARGS, "Number of ones in the binary representation of abs(self)." },
    { "to_bytes", int_to_bytes, MN_METH_VARARGS, "Return an array of bytes representing an integer." },
    { "from_bytes", int_from_bytes, MN_METH_VARARGS | MN_METH_CLASS, "Return the integer represented by the given array of bytes." },
    { "as_integer_ratio", int_as_integer_ratio, MN_METH_NOARGS, "Return integer ratio." },
    { "conjugate", int_self_exact, MN_METH_NOARGS, "Returns self, the complex conjugate of any int." },
    { "__trunc__", int_self_exact, MN_METH_NOARGS, "Truncating an Integral returns itself." },
    { "__floor__", int_self_exact, MN_METH_NOARGS, "Flooring an Integral returns itself." },
    { "__ceil__", int_self_exact, MN_METH_NOARGS, "Ceiling of an Integral returns itself." },
    { "__round__", int_round, MN_METH_VARARGS, "Rounding an Integral returns itself." },
    { "__getnewargs__", int_getnewargs, MN_METH_NOARGS, NULL },
    { "__format__", int_format_method, MN_METH_O, "Convert to a string according to format_spec." },
    { "__divmod__", int_divmod_m, MN_METH_O, "Return divmod(self, value)." },
    { "__rdivmod__", int_rdivmod_m, MN_METH_O, "Return divmod(value, self)." },
    { "__sizeof__", int_sizeof, MN_METH_NOARGS, "Returns size in memory, in bytes." },
    { NULL, NULL, 0, NULL }
};

static mn_getset_def int_getset[] = {
    { "real", int_get_self, NULL, "the real part of a complex number", NULL },
    { "imag", int_get_zero, NULL, "the imaginary part of a complex number", NULL },
    { "numerator", int_get_self, NULL, "the numerator of a rational number in lowest terms", NULL },
    { "denominator", int_get_one, NULL, "the denominator of a rational number in lowest terms", NULL },
    { NULL, NULL, NULL, NULL, NULL }
};

static mn_object *int_int(mn_object *o) { return int_exact(o); }
static mn_object *int_float(mn_object *o)
{
    double d = mn_int_as_double(o);
    if (d == -1.0 && mn_err_occurred())
        return NULL;
    return mn_float_from_double(d);
}

static mn_number_methods int_as_number = {
    .binop = {
        [MN_BINOP_ADD] = int_add,
        [MN_BINOP_SUBTRACT] = int_sub,
        [MN_BINOP_MULTIPLY] = int_mul,
        [MN_BINOP_FLOOR_DIVIDE] = int_floordiv,
        [MN_BINOP_REMAINDER] = int_mod,
        [MN_BINOP_TRUE_DIVIDE] = int_true_div,
        [MN_BINOP_POWER] = int_pow2,
        [MN_BINOP_LSHIFT] = int_lshift,
        [MN_BINOP_RSHIFT] = int_rshift,
        [MN_BINOP_AND] = int_and,
        [MN_BINOP_OR] = int_or,
        [MN_BINOP_XOR] = int_xor,
    },
    .power_mod = int_pow,
    .negative = int_neg,
    .positive = int_pos,
    .absolute = int_abs,
    .invert = int_invert,
    .bool_ = int_bool,
    .int_ = int_int,
    .float_ = int_float,
    .index = int_int,
};


static mn_hash int_hash_slot(mn_object *o) { return mn_int_hash(o); }

mn_type mn_int_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "int",
    .basicsize = sizeof(mn_int),
    .itemsize = sizeof(mn_digit),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_INT_SUBCLASS | MN_TPFLAGS_IMMUTABLETYPE,
    .doc = "int([x]) -> integer\nint(x, base=10) -> integer",
    .dealloc = int_dealloc,
    .new_ = int_new,
    .repr = int_repr,
    .hash = int_hash_slot,
    .richcompare = int_richcompare,
    .as_number = &int_as_number,
    .methods = int_methods,
    .getset = int_getset,
};

/* ------------------------------------------------------------------ bool */

mn_int mn_true_struct = { .ob_base = MN_OBJECT_INIT(&mn_bool_type), .ndigits = 0, .small = 1 };
mn_int mn_false_struct = { .ob_base = MN_OBJECT_INIT(&mn_bool_type), .ndigits = 0, .small = 0 };

static mn_object *bool_repr(mn_object *o)
{
    return mn_str_from_cstr(o == mn_true ? "True" : "False");
}

static mn_object *bool_new(MN_UNUSED mn_type *type, mn_object *const *args, mn_ssize nargs,
                           mn_object *kwnames)
{
    if (mn_args_no_keywords("bool", kwnames) < 0)
        return NULL;
    if (nargs > 1) {
        mn_err_format(&mn_exc_TypeError, "bool expected at most 1 argument, got %zd", nargs);
        return NULL;
    }
    if (nargs == 0)
        MN_RETURN_FALSE;
    int t = mn_object_is_true(args[0]);
    if (t < 0)
        return NULL;
    MN_RETURN_BOOL(t);
}

/* & | ^ of two bools stay bools; anything else is int arithmetic. */
static mn_object *bool_and(mn_object *a, mn_object *b)
{
    if (MN_BOOL_CHECK(a) && MN_BOOL_CHECK(b))
        MN_RETURN_BOOL(a == mn_true && b == mn_true);
    return int_and(a, b);
}
static mn_object *bool_or(mn_object *a, mn_object *b)
{
    if (MN_BOOL_CHECK(a) && MN_BOOL_CHECK(b))
        MN_RETURN_BOOL(a == mn_true || b == mn_true);
    return int_or(a, b);
}
static mn_object *bool_xor(mn_object *a, mn_object *b)
{
    if (MN_BOOL_CHECK(a) && MN_BOOL_CHECK(b))
        MN_RETURN_BOOL((a == mn_true) != (b == mn_true));
    return int_xor(a, b);
}

static mn_number_methods bool_as_number;   /* int's, with & | ^ replaced (init) */

mn_type mn_bool_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "bool",
    .basicsize = sizeof(mn_int),
    .itemsize = sizeof(mn_digit),
    .flags = MN_TPFLAGS_INT_SUBCLASS | MN_TPFLAGS_IMMUTABLETYPE,   /* not subclassable */
    .doc = "bool(x) -> bool",
    .dealloc = int_dealloc,
    .new_ = bool_new,
    .repr = bool_repr,
    .hash = int_hash_slot,
    .richcompare = int_richcompare,
    .as_number = &bool_as_number,
    .base = &mn_int_type,
};

/* ----------------------------------------------------------- start/stop */

int mn_int_init_types(void)
{
    bool_as_number = int_as_number;
    bool_as_number.binop[MN_BINOP_AND] = bool_and;
    bool_as_number.binop[MN_BINOP_OR] = bool_or;
    bool_as_number.binop[MN_BINOP_XOR] = bool_xor;
    if (mn_type_ready(&mn_int_type) < 0 || mn_type_ready(&mn_bool_type) < 0)
        return -1;
    for (int64_t v = -SMALL_NEG; v < SMALL_POS; v++) {
        if (small_ints[v + SMALL_NEG])
            continue;
        mn_int *r = int_alloc(0);
        if (!r)
            return -1;
        r->small = v;
        small_ints[v + SMALL_NEG] = MN_OBJ(r);
    }
    return 0;
}

void mn_int_fini(void)
{
    for (int i = 0; i < SMALL_NEG + SMALL_POS; i++)
        MN_CLEAR(small_ints[i]);
}

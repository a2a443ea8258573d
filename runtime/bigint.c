/* runtime/bigint.c — digit-array arithmetic behind int (see bigint.h).
 * Owns: add/sub/mul (schoolbook + Karatsuba), division (Knuth D), shifts,
 * and the radix conversions used by int <-> str. */
#include <stdlib.h>
#include <string.h>
#include "runtime/bigint.h"
#include "runtime/obmalloc.h"

typedef uint64_t twodigits;
typedef int64_t stwodigits;

/* Below this many digits in the smaller operand schoolbook multiplication
 * beats Karatsuba (CPython uses the same value). */
#define KARATSUBA_CUTOFF 70

mn_ssize mn_big_norm(const mn_digit *a, mn_ssize n)
{
    while (n > 0 && a[n - 1] == 0)
        n--;
    return n;
}

int mn_big_cmp(const mn_digit *a, mn_ssize na, const mn_digit *b, mn_ssize nb)
{
    if (na != nb)
        return na < nb ? -1 : 1;
    for (mn_ssize i = na - 1; i >= 0; i--)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

mn_ssize mn_big_add(mn_digit *r, const mn_digit *a, mn_ssize na,
                    const mn_digit *b, mn_ssize nb)
{
    if (na < nb) {
        const mn_digit *t = a; a = b; b = t;
        mn_ssize tn = na; na = nb; nb = tn;
    }
    mn_digit carry = 0;
    mn_ssize i = 0;
    for (; i < nb; i++) {
        carry += a[i] + b[i];
        r[i] = carry & MN_DIGIT_MASK;
        carry >>= MN_DIGIT_BITS;
    }
    for (; i < na; i++) {
        carry += a[i];
        r[i] = carry & MN_DIGIT_MASK;
        carry >>= MN_DIGIT_BITS;
    }
    r[i] = carry;
    return mn_big_norm(r, na + 1);
}

mn_ssize mn_big_sub(mn_digit *r, const mn_digit *a, mn_ssize na,
                    const mn_digit *b, mn_ssize nb)
{
    /* The borrow trick: unsigned wrap-around leaves the borrow in bit 30+. */
    mn_digit borrow = 0;
    mn_ssize i = 0;
    for (; i < nb; i++) {
        borrow = a[i] - b[i] - borrow;
        r[i] = borrow & MN_DIGIT_MASK;
        borrow = (borrow >> MN_DIGIT_BITS) & 1;
    }
    for (; i < na; i++) {
        borrow = a[i] - borrow;
        r[i] = borrow & MN_DIGIT_MASK;
        borrow = (borrow >> MN_DIGIT_BITS) & 1;
    }
    return mn_big_norm(r, na);
}

/* x += y in place, carrying through x (the sum must fit in nx digits). */
static void v_iadd(mn_digit *x, mn_ssize nx, const mn_digit *y, mn_ssize ny)
{
    mn_digit carry = 0;
    mn_ssize i = 0;
    for (; i < ny; i++) {
        carry += x[i] + y[i];
        x[i] = carry & MN_DIGIT_MASK;
        carry >>= MN_DIGIT_BITS;
    }
    for (; carry && i < nx; i++) {
        carry += x[i];
        x[i] = carry & MN_DIGIT_MASK;
        carry >>= MN_DIGIT_BITS;
    }
}

/* x -= y in place (x >= y). */
static void v_isub(mn_digit *x, mn_ssize nx, const mn_digit *y, mn_ssize ny)
{
    mn_digit borrow = 0;
    mn_ssize i = 0;
    for (; i < ny; i++) {
        borrow = x[i] - y[i] - borrow;
        x[i] = borrow & MN_DIGIT_MASK;
        borrow = (borrow >> MN_DIGIT_BITS) & 1;
    }
    for (; borrow && i < nx; i++) {
        borrow = x[i] - borrow;
        x[i] = borrow & MN_DIGIT_MASK;
        borrow = (borrow >> MN_DIGIT_BITS) & 1;
    }
}

/* Schoolbook: r (na + nb digits, zeroed) = a * b. */
static void school_mul(mn_digit *r, const mn_digit *a, mn_ssize na,
                       const mn_digit *b, mn_ssize nb)
{
    for (mn_ssize i = 0; i < na; i++) {
        twodigits f = a[i], carry = 0;
        if (f == 0)
            continue;
        mn_digit *p = r + i;
        for (mn_ssize j = 0; j < nb; j++) {
            carry += p[j] + f * b[j];
            p[j] = (mn_digit)(carry & MN_DIGIT_MASK);
            carry >>= MN_DIGIT_BITS;
        }
        p[nb] = (mn_digit)carry;   /* untouched by earlier rows */
    }
}

static int k_mul(mn_digit *r, const mn_digit *a, mn_ssize na,
                 const mn_digit *b, mn_ssize nb);

/* a much shorter than b: multiply a by na-sized slices of b, so each
 * product is balanced enough for Karatsuba to pay off. */
static int lopsided_mul(mn_digit *r, const mn_digit *a, mn_ssize na,
                        const mn_digit *b, mn_ssize nb)
{
    mn_digit *tmp = mn_mem_alloc(sizeof(mn_digit) * (size_t)(2 * na));
    if (!tmp)
        return -1;
    for (mn_ssize off = 0; off < nb; off += na) {
        mn_ssize chunk = nb - off < na ? nb - off : na;
        if (k_mul(tmp, a, na, b + off, chunk) < 0) {
            mn_mem_free(tmp);
            return -1;
        }
        v_iadd(r + off, na + nb - off, tmp, na + chunk);
    }
    mn_mem_free(tmp);
    return 0;
}

/* Karatsuba: with a = ah*B^s + al and b = bh*B^s + bl,
 *   a*b = ah*bh*B^2s + ((ah+al)(bh+bl) - ah*bh - al*bl)*B^s + al*bl
 * i.e. three half-size products instead of four. r: na + nb digits. */
static int k_mul(mn_digit *r, const mn_digit *a, mn_ssize na,
                 const mn_digit *b, mn_ssize nb)
{
    if (na > nb) {
        const mn_digit *t = a; a = b; b = t;
        mn_ssize tn = na; na = nb; nb = tn;
    }
    memset(r, 0, sizeof(mn_digit) * (size_t)(na + nb));
    if (na < KARATSUBA_CUTOFF) {
        school_mul(r, a, na, b, nb);
        return 0;
    }
    if (2 * na <= nb)
        return lopsided_mul(r, a, na, b, nb);

    mn_ssize s = nb >> 1;              /* na > s since 2*na > nb */
    mn_ssize nal = mn_big_norm(a, s), nah = na - s;
    mn_ssize nbl = mn_big_norm(b, s), nbh = nb - s;
    /* al*bl goes to r[0..2s), ah*bh to r[2s..na+nb): disjoint regions. */
    if (nal && nbl && k_mul(r, a, nal, b, nbl) < 0)
        return -1;
    if (k_mul(r + 2 * s, a + s, nah, b + s, nbh) < 0)
        return -1;

    mn_ssize nsa = (nah > nal ? nah : nal) + 1, nsb = (nbh > nbl ? nbh : nbl) + 1;
    mn_digit *buf = mn_mem_alloc(sizeof(mn_digit) * (size_t)(2 * (nsa + nsb)));
    if (!buf)
        return -1;
    mn_digit *sa = buf, *sb = buf + nsa, *prod = buf + nsa + nsb;
    nsa = mn_big_add(sa, a, nal, a + s, nah);
    nsb = mn_big_add(sb, b, nbl, b + s, nbh);
    mn_ssize nprod = nsa + nsb;
    if (k_mul(prod, sa, nsa, sb, nsb) < 0) {
        mn_mem_free(buf);
        return -1;
    }
    v_isub(prod, nprod, r + 2 * s, mn_big_norm(r + 2 * s, nah + nbh));
    v_isub(prod, nprod, r, mn_big_norm(r, 2 * s));
    nprod = mn_big_norm(prod, nprod);
    v_iadd(r + s, na + nb - s, prod, nprod);
    mn_mem_free(buf);
    return 0;
}

int mn_big_mul(mn_digit *r, const mn_digit *a, mn_ssize na,
               const mn_digit *b, mn_ssize nb)
{
    if (na == 0 || nb == 0) {
        memset(r, 0, sizeof(mn_digit) * (size_t)(na + nb));
        return 0;
    }
    return k_mul(r, a, na, b, nb);
}

mn_digit mn_big_divrem1(mn_digit *q, const mn_digit *a, mn_ssize n, mn_digit d)
{
    twodigits rem = 0;
    for (mn_ssize i = n - 1; i >= 0; i--) {
        rem = (rem << MN_DIGIT_BITS) | a[i];
        mn_digit hi = (mn_digit)(rem / d);
        rem -= (twodigits)hi * d;
        q[i] = hi;
    }
    return (mn_digit)rem;
}

mn_digit mn_big_lshift(mn_digit *r, const mn_digit *a, mn_ssize n, int bits)
{
    twodigits carry = 0;
    for (mn_ssize i = 0; i < n; i++) {
        twodigits acc = ((twodigits)a[i] << bits) | carry;
        r[i] = (mn_digit)(acc & MN_DIGIT_MASK);
        carry = acc >> MN_DIGIT_BITS;
    }
    return (mn_digit)carry;
}

mn_digit mn_big_rshift(mn_digit *r, const mn_digit *a, mn_ssize n, int bits)
{
    mn_digit carry = 0, mask = ((mn_digit)1 << bits) - 1;
    for (mn_ssize i = n - 1; i >= 0; i--) {
        twodigits acc = ((twodigits)carry << MN_DIGIT_BITS) | a[i];
        carry = a[i] & mask;
        r[i] = (mn_digit)(acc >> bits);
    }
    return carry;
}

static int digit_bits(mn_digit d)
{
    return d ? 32 - __builtin_clz(d) : 0;
}

int64_t mn_big_bit_length(const mn_digit *a, mn_ssize n)
{
    if (n == 0)
        return 0;
    return (int64_t)(n - 1) * MN_DIGIT_BITS + digit_bits(a[n - 1]);
}

/* Knuth's algorithm D (TAOCP 4.3.1), following CPython's x_divrem: scale
 * both operands so the divisor's top digit has its high bit set, then
 * estimate each quotient digit from the top two digits (off by at most 2,
 * corrected by the while loop and the rare add-back). */
int mn_big_divrem(mn_digit *q, mn_digit *rem, const mn_digit *a, mn_ssize na,
                  const mn_digit *b, mn_ssize nb)
{
    if (nb == 1) {
        rem[0] = mn_big_divrem1(q, a, na, b[0]);
        return 0;
    }
    mn_digit *v = mn_mem_alloc(sizeof(mn_digit) * (size_t)(nb + na + 1));
    if (!v)
        return -1;
    mn_digit *u = v + nb;
    int d = MN_DIGIT_BITS - digit_bits(b[nb - 1]);
    mn_big_lshift(v, b, nb, d);
    u[na] = mn_big_lshift(u, a, na, d);
    mn_digit wm1 = v[nb - 1], wm2 = v[nb - 2];
    for (mn_ssize j = na - nb; j >= 0; j--) {
        mn_digit vtop = u[j + nb];
        twodigits vv = ((twodigits)vtop << MN_DIGIT_BITS) | u[j + nb - 1];
        twodigits qh = vv / wm1, rh = vv - qh * wm1;
        while ((twodigits)wm2 * qh > ((rh << MN_DIGIT_BITS) | u[j + nb - 2])) {
            qh--;
            rh += wm1;
            if (rh >= MN_DIGIT_BASE)
                break;
        }
        /* u[j..j+nb] -= qh * v */
        stwodigits zhi = 0;
        for (mn_ssize i = 0; i < nb; i++) {
            stwodigits z = (stwodigits)u[j + i] + zhi - (stwodigits)(qh * v[i]);
            u[j + i] = (mn_digit)z & MN_DIGIT_MASK;
            zhi = z >> MN_DIGIT_BITS;   /* arithmetic shift (gcc/clang) */
        }
        if ((stwodigits)vtop + zhi < 0) {   /* estimate was one too big */
            mn_digit carry = 0;
            for (mn_ssize i = 0; i < nb; i++) {
                carry += u[j + i] + v[i];
                u[j + i] = carry & MN_DIGIT_MASK;
                carry >>= MN_DIGIT_BITS;
            }
            qh--;
        }
        u[j + nb] = 0;
        q[j] = (mn_digit)qh;
    }
    mn_big_rshift(rem, u, nb, d);
    mn_mem_free(v);
    return 0;
}

/* ---------------------------------------------------------- radix work */

#define DEC_BASE 1000000000u   /* 10**9: nine decimal digits per chunk */
#define DEC_DIGITS 9

/* Quadratic base conversion, as CPython 3.11's long_to_decimal_string:
 * fold in one binary digit at a time, most significant first, into an
 * array of base-10**9 chunks. 10**5000 (554 digits) takes well under a
 * millisecond; the cost grows with the square of the size. */
char *mn_big_to_decimal(const mn_digit *a, mn_ssize n, mn_ssize *len)
{
    mn_ssize cap = 1 + n + n / 2;   /* 30 bits < 1.5 * log2(10**9) bits */
    uint32_t *out = mn_mem_alloc(sizeof(uint32_t) * (size_t)cap);
    if (!out)
        return NULL;
    mn_ssize size = 0;
    for (mn_ssize i = n - 1; i >= 0; i--) {
        mn_digit hi = a[i];
        for (mn_ssize j = 0; j < size; j++) {
            twodigits z = ((twodigits)out[j] << MN_DIGIT_BITS) | hi;
            hi = (mn_digit)(z / DEC_BASE);
            out[j] = (uint32_t)(z - (twodigits)hi * DEC_BASE);
        }
        while (hi) {
            out[size++] = hi % DEC_BASE;
            hi /= DEC_BASE;
        }
    }
    if (size == 0)
        out[size++] = 0;
    /* Top chunk without leading zeros, then 9 digits per chunk. */
    char top[16];
    int ntop = 0;
    for (uint32_t t = out[size - 1]; ; t /= 10) {
        top[ntop++] = (char)('0' + t % 10);
        if (t < 10)
            break;
    }
    mn_ssize total = ntop + (size - 1) * DEC_DIGITS;
    char *s = malloc((size_t)total + 1);   /* plain malloc: handed to callers who free() */
    if (!s) {
        mn_mem_free(out);
        return NULL;
    }
    char *p = s;
    for (int k = ntop - 1; k >= 0; k--)
        *p++ = top[k];
    for (mn_ssize j = size - 2; j >= 0; j--) {
        uint32_t c = out[j];
        for (int k = DEC_DIGITS - 1; k >= 0; k--) {
            p[k] = (char)('0' + c % 10);
            c /= 10;
        }
        p += DEC_DIGITS;
    }
    *p = '\0';
    mn_mem_free(out);
    *len = total;
    return s;
}

mn_ssize mn_big_from_digit_values(const unsigned char *vals, mn_ssize nvals,
                                  int base, mn_digit **out)
{
    int bits_per = 1;
    while ((1 << bits_per) < base)
        bits_per++;
    mn_ssize cap = (mn_ssize)((nvals * bits_per) / MN_DIGIT_BITS + 2);
    mn_digit *z = mn_mem_alloc(sizeof(mn_digit) * (size_t)cap);
    if (!z)
        return -1;
    mn_ssize size = 0;
    if ((base & (base - 1)) == 0) {
        /* Power-of-two base: pack bits, least significant value first. */
        twodigits acc = 0;
        int nbits = 0;
        for (mn_ssize i = nvals - 1; i >= 0; i--) {
            acc |= (twodigits)vals[i] << nbits;
            nbits += bits_per;
            if (nbits >= MN_DIGIT_BITS) {
                z[size++] = (mn_digit)(acc & MN_DIGIT_MASK);
                acc >>= MN_DIGIT_BITS;
                nbits -= MN_DIGIT_BITS;
            }
        }
        if (nbits)
            z[size++] = (mn_digit)acc;
    } else {
        /* Other bases: take k values at a time, where base**k < 2**30, and
         * compute z = z * base**k + chunk (CPython's quadratic method). */
        int k = 0;
        twodigits mult = 1;
        while (mult * (twodigits)base < MN_DIGIT_BASE) {
            mult *= (twodigits)base;
            k++;
        }
        for (mn_ssize i = 0; i < nvals; ) {
            twodigits chunk = 0, m = 1;
            for (int c = 0; c < k && i < nvals; c++, i++) {
                chunk = chunk * (twodigits)base + vals[i];
                m *= (twodigits)base;
            }
            twodigits carry = chunk;
            for (mn_ssize j = 0; j < size; j++) {
                carry += (twodigits)z[j] * m;
                z[j] = (mn_digit)(carry & MN_DIGIT_MASK);
                carry >>= MN_DIGIT_BITS;
            }
            while (carry) {
                z[size++] = (mn_digit)(carry & MN_DIGIT_MASK);
                carry >>= MN_DIGIT_BITS;
            }
        }
    }
    *out = z;
    return mn_big_norm(z, size);
}

/* runtime/bigint.h — magnitude arithmetic on arrays of 30-bit digits.
 *
 * Private to runtime/int.c: these functions know nothing about objects,
 * signs or reference counts. A magnitude is (digits, n), least significant
 * digit first; "normalized" means no leading zero digits (0 has n == 0).
 * Output buffers are provided by the caller with the documented sizes;
 * temporaries come from mn_mem_alloc (a NULL return means out of memory).
 *
 * The algorithms are CPython's (Objects/longobject.c): schoolbook addition,
 * Knuth's algorithm D for division, Karatsuba multiplication for large
 * operands, and base-10**9 conversion for decimal text.
 */
#ifndef MN_BIGINT_H
#define MN_BIGINT_H

#include <stdint.h>
#include <stddef.h>
#include "runtime/int.h"

#define MN_DIGIT_BASE ((uint64_t)1 << MN_DIGIT_BITS)

/* Length without leading zeros. */
mn_ssize mn_big_norm(const mn_digit *a, mn_ssize n);
/* -1, 0, 1 comparing two normalized magnitudes. */
int mn_big_cmp(const mn_digit *a, mn_ssize na, const mn_digit *b, mn_ssize nb);
/* r = a + b; r has max(na, nb) + 1 digits and may alias a or b.
 * Returns the normalized length. */
mn_ssize mn_big_add(mn_digit *r, const mn_digit *a, mn_ssize na,
                    const mn_digit *b, mn_ssize nb);
/* r = a - b, requires a >= b; r has na digits, may alias a or b. */
mn_ssize mn_big_sub(mn_digit *r, const mn_digit *a, mn_ssize na,
                    const mn_digit *b, mn_ssize nb);
/* r = a * b; r has na + nb digits (need not be zeroed, must not alias).
 * Karatsuba above a threshold. Returns 0, or -1 when out of memory. */
int mn_big_mul(mn_digit *r, const mn_digit *a, mn_ssize na,
               const mn_digit *b, mn_ssize nb);
/* q = a / d (q has n digits, may alias a); returns a % d. 0 < d < BASE. */
mn_digit mn_big_divrem1(mn_digit *q, const mn_digit *a, mn_ssize n, mn_digit d);
/* q = a / b, rem = a % b for normalized a, b with na >= nb >= 1.
 * q has na - nb + 1 digits, rem has nb digits. 0, or -1 when out of memory. */
int mn_big_divrem(mn_digit *q, mn_digit *rem, const mn_digit *a, mn_ssize na,
                  const mn_digit *b, mn_ssize nb);
/* r = a << bits (0 <= bits < 30) over n digits; returns the carry digit. */
mn_digit mn_big_lshift(mn_digit *r, const mn_digit *a, mn_ssize n, int bits);
/* r = a >> bits (0 <= bits < 30) over n digits; returns the bits shifted out. */
mn_digit mn_big_rshift(mn_digit *r, const mn_digit *a, mn_ssize n, int bits);
/* Bit length of a normalized magnitude. */
int64_t mn_big_bit_length(const mn_digit *a, mn_ssize n);

/* Decimal text of a magnitude (no sign), malloc'd (release with free())
 * and NUL-terminated; *len gets its length. NULL when out of memory. */
char *mn_big_to_decimal(const mn_digit *a, mn_ssize n, mn_ssize *len);
/* Magnitude from digit values (each < base, most significant first) in a
 * base 2..36. *out is mn_mem_alloc'ed; returns the normalized length, or -1
 * when out of memory. */
mn_ssize mn_big_from_digit_values(const unsigned char *vals, mn_ssize nvals,
                                  int base, mn_digit **out);

#endif /* MN_BIGINT_H */

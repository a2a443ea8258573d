/* runtime/int.h — the int type (arbitrary precision) and bool.
 *
 * Representation: values that fit in int64_t are stored inline in `small`
 * (ndigits == 0) so the common case costs one machine operation plus an
 * overflow check; larger magnitudes use 30-bit digits like CPython
 * (`ndigits` > 0 digits, least significant first, sign in `negative`).
 * The representation is canonical: a value fits in int64 <=> it is small.
 * Integers -5..256 are cached singletons, as in CPython.
 *
 * hash(int) follows CPython exactly (value reduced modulo 2**61 - 1), so
 * hash(1) == hash(1.0) == hash(True) and dict keys mix numeric types.
 */
#ifndef MN_INT_H
#define MN_INT_H

#include "runtime/object.h"

typedef uint32_t mn_digit;        /* holds MN_DIGIT_BITS bits */
#define MN_DIGIT_BITS 30
#define MN_DIGIT_MASK ((mn_digit)((1u << MN_DIGIT_BITS) - 1))

typedef struct mn_int {
    mn_object ob_base;
    mn_ssize ndigits;     /* 0: small value in `small`; else digit count */
    int64_t small;
    int negative;         /* sign of a big value */
    mn_digit digit[];     /* ndigits digits, little-endian */
} mn_int;

extern mn_type mn_int_type, mn_bool_type;
/* The two bools are statically allocated ints (small = 1 / 0). */
extern mn_int mn_true_struct, mn_false_struct;
#define mn_true  MN_OBJ(&mn_true_struct)
#define mn_false MN_OBJ(&mn_false_struct)
#define MN_RETURN_TRUE  return mn_new_ref(mn_true)
#define MN_RETURN_FALSE return mn_new_ref(mn_false)
#define MN_RETURN_BOOL(c) return mn_new_ref((c) ? mn_true : mn_false)
#define MN_INT_CHECK(o) MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_INT_SUBCLASS)
#define MN_INT_CHECK_EXACT(o) (MN_TYPE(o) == &mn_int_type)
#define MN_BOOL_CHECK(o) (MN_TYPE(o) == &mn_bool_type)
#define MN_INT_IS_SMALL(o) (((mn_int *)(o))->ndigits == 0)
#define MN_INT_SMALL_VALUE(o) (((mn_int *)(o))->small)

/* --- core API --- */
mn_object *mn_int_from_i64(int64_t v);
mn_object *mn_int_from_u64(uint64_t v);
mn_object *mn_int_from_ssize(mn_ssize v);
mn_object *mn_int_from_double(double d);          /* int(3.7); OverflowError/ValueError on inf/nan */
/* Parses int(text, base): base 0 autodetects prefixes; underscores allowed
 * between digits; surrounding whitespace ignored. ValueError on bad text,
 * also when the decimal digit count exceeds sys.get_int_max_str_digits(). */
mn_object *mn_int_from_string(const char *s, mn_ssize len, int base);
/* Converts to C; on overflow raises OverflowError and returns -1. */
int64_t    mn_int_as_i64(mn_object *o);
mn_ssize   mn_int_as_ssize(mn_object *o);
/* 1 if it fits, storing it; 0 if not (no exception). */
int        mn_int_to_i64(mn_object *o, int64_t *out);
double     mn_int_as_double(mn_object *o);        /* OverflowError if too large */
int        mn_int_sign(mn_object *o);             /* -1, 0, 1 */
mn_object *mn_int_to_decimal_string(mn_object *o);   /* str(int), honours the digit limit */
/* Magnitude in base 2, 8, 10 or 16 as ASCII digits (no sign, no prefix);
 * malloc'd, caller frees; used by format() and %-formatting. */
char      *mn_int_magnitude_digits(mn_object *o, int base, mn_ssize *len);
mn_ssize   mn_int_bit_length(mn_object *o);
int        mn_int_compare(mn_object *a, mn_object *b);   /* both int: -1/0/1 */
mn_hash    mn_int_hash(mn_object *o);
mn_object *mn_bool_from_long(long v);
/* sys.get_int_max_str_digits() / set; 0 means unlimited. */
extern mn_ssize mn_int_max_str_digits;
/* format(i, spec) (int.__format__), via runtime/numfmt. */
mn_object *mn_int_format(mn_object *o, mn_object *spec);
/* divmod(a, b) for two ints with floor semantics: *q and *r are new
 * references; -1 with ZeroDivisionError when b == 0. */
int        mn_int_divmod(mn_object *a, mn_object *b, mn_object **q, mn_object **r);
/* CPython's default for sys.set_int_max_str_digits(). */
#define MN_INT_DEFAULT_MAX_STR_DIGITS 4300
/* The smallest value sys.set_int_max_str_digits() accepts besides 0. */
#define MN_INT_MAX_STR_DIGITS_THRESHOLD 640

int  mn_int_init_types(void);
void mn_int_fini(void);

#endif /* MN_INT_H */

/* runtime/float.h — the float type: a C double with Python semantics
 * (shortest round-trip repr, floor division and modulo with the sign of the
 * divisor, CPython's numeric hash so hash(2.0) == hash(2)). */
#ifndef MN_FLOAT_H
#define MN_FLOAT_H

#include "runtime/object.h"

typedef struct mn_float {
    mn_object ob_base;
    double value;
} mn_float;

extern mn_type mn_float_type;
#define MN_FLOAT_CHECK(o) MN_TYPE_CHECK(o, &mn_float_type)
#define MN_FLOAT_CHECK_EXACT(o) (MN_TYPE(o) == &mn_float_type)
#define MN_FLOAT_VALUE(o) (((mn_float *)(o))->value)

mn_object *mn_float_from_double(double v);
/* float(o) as a C double: float, int, or __float__/__index__; -1.0 with an
 * exception set on error (check mn_err_occurred). */
double     mn_float_as_double(mn_object *o);
mn_object *mn_float_from_string(mn_object *s);   /* float("1e5") */
mn_hash    mn_float_hash_double(double v);       /* CPython's numeric hash */
/* repr(float) as a str object (runtime/numfmt.h has the char * mn_double_repr). */
mn_object *mn_float_repr(mn_object *o);

int mn_float_init_types(void);

#endif /* MN_FLOAT_H */

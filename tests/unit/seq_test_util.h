/* tests/unit/seq_test_util.h — helpers shared by the list/tuple/range unit
 * tests: building ints and lists, repr-to-C-string, calling methods with
 * keyword arguments, and checking the pending exception. */
#ifndef MN_SEQ_TEST_UTIL_H
#define MN_SEQ_TEST_UTIL_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <string.h>
#include "runtime/runtime.h"

static void seq_setup(void) { cr_assert_eq(mn_runtime_init(), 0); }
static void seq_teardown(void) { mn_runtime_fini(); }

/* A new int. */
static inline mn_object *I(int64_t v)
{
    mn_object *o = mn_int_from_i64(v);
    cr_assert_not_null(o);
    return o;
}

/* A new list of n ints. */
static inline mn_object *int_list(int n, ...)
{
    va_list ap;
    mn_object *l = mn_list_new(0);
    cr_assert_not_null(l);
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        mn_object *v = I(va_arg(ap, int));
        cr_assert_eq(mn_list_append(l, v), 0);
        MN_DECREF(v);
    }
    va_end(ap);
    return l;
}

/* repr(o) compared with an expected C string; consumes nothing. */
static inline void assert_repr(mn_object *o, const char *expected)
{
    cr_assert_not_null(o, "expected %s, got an exception", expected);
    mn_object *r = mn_object_repr(o);
    cr_assert_not_null(r);
    cr_assert_str_eq(mn_str_as_utf8(r), expected);
    MN_DECREF(r);
}

/* Like assert_repr, then releases o (for results of calls). */
static inline void assert_repr_steal(mn_object *o, const char *expected)
{
    assert_repr(o, expected);
    MN_DECREF(o);
}

/* The pending exception is of `type` with str() == msg; clears it. */
static inline void assert_error(mn_type *type, const char *msg)
{
    mn_object *exc = mn_err_occurred();
    cr_assert_not_null(exc, "expected %s: %s", type->name, msg);
    cr_assert(mn_err_matches(type), "expected %s, got %s", type->name, MN_TYPE_NAME(exc));
    exc = mn_err_fetch();
    mn_object *s = mn_object_str(exc);
    cr_assert_not_null(s);
    cr_assert_str_eq(mn_str_as_utf8(s), msg);
    MN_DECREF(s);
    MN_DECREF(exc);
}

/* obj.name(*args, **{kwname: kwval}) (kwname may be NULL). */
static inline mn_object *call_kw(mn_object *obj, const char *name, mn_object *const *args,
                                 mn_ssize nargs, const char *kw1, mn_object *v1,
                                 const char *kw2, mn_object *v2)
{
    mn_object *meth = mn_object_getattr_str(obj, name);
    cr_assert_not_null(meth);
    mn_object *all[8];
    mn_ssize n = 0;
    for (; n < nargs; n++)
        all[n] = args[n];
    mn_object *kwnames = NULL;
    if (kw1) {
        mn_object *k1 = mn_str_from_cstr(kw1), *k2 = kw2 ? mn_str_from_cstr(kw2) : NULL;
        kwnames = kw2 ? mn_tuple_pack(2, k1, k2) : mn_tuple_pack(1, k1);
        MN_DECREF(k1);
        MN_XDECREF(k2);
        all[n] = v1;
        if (kw2)
            all[n + 1] = v2;
    }
    mn_object *r = mn_object_call(meth, all, nargs, kwnames);
    MN_XDECREF(kwnames);
    MN_DECREF(meth);
    return r;
}

/* A callable made from a C function taking one argument. */
static inline mn_object *c_callable(mn_method_def *def)
{
    mn_object *f = mn_cfunction_new(def, NULL, NULL);
    cr_assert_not_null(f);
    return f;
}

#endif /* MN_SEQ_TEST_UTIL_H */

/* tests/unit/test_weakref.c — weak references (runtime/weakref.c): the
 * shared basic ref, callbacks on refcount death (newest first), clearing
 * by the cycle collector (CPython's handle_weakrefs rules) and errors.
 * Referents are sets and modules (runtime types with a weaklistoffset);
 * callbacks are a list's bound `append`, so the log holds the weakrefs. */
#include <criterion/criterion.h>
#include "runtime/runtime.h"

static void setup(void) { cr_assert_eq(mn_runtime_init(), 0); }
static void teardown(void) { mn_runtime_fini(); }
TestSuite(weakref, .init = setup, .fini = teardown);

Test(weakref, ref_call_and_refcount_death)
{
    mn_object *s = mn_set_new(NULL);
    mn_object *r = mn_weakref_new_ref(s, NULL);
    cr_assert_not_null(r);
    cr_assert_eq(mn_weakref_get_object(r), s);          /* r() is s */
    mn_object *r2 = mn_weakref_new_ref(s, mn_none);
    cr_assert_eq(r2, r);                                 /* weakref.ref(s) is weakref.ref(s) */
    cr_assert_eq(mn_weakref_count(s), 1);               /* getweakrefcount(s) == 1 */
    MN_DECREF(r2);
    MN_DECREF(s);
    cr_assert_eq(mn_weakref_get_object(r), mn_none);    /* r() is None */
    MN_DECREF(r);
}

Test(weakref, callbacks_newest_first)
{
    mn_object *log = mn_list_new(0);
    mn_object *append = mn_object_getattr_str(log, "append");
    mn_object *s = mn_set_new(NULL);
    mn_object *r1 = mn_weakref_new_ref(s, append);
    mn_object *r2 = mn_weakref_new_ref(s, append);
    cr_assert_neq(r1, r2);
    cr_assert_eq(mn_weakref_count(s), 2);
    MN_DECREF(s);
    cr_assert_eq(MN_LIST_SIZE(log), 2);                 /* callbacks ran: [r2, r1] */
    cr_assert_eq(MN_LIST_GET(log, 0), r2);
    cr_assert_eq(MN_LIST_GET(log, 1), r1);
    MN_DECREF(r1);
    MN_DECREF(r2);
    MN_DECREF(append);
    MN_DECREF(log);
}

Test(weakref, collector_clears_and_calls_external_callbacks)
{
    mn_object *log = mn_list_new(0);
    mn_object *append = mn_object_getattr_str(log, "append");
    mn_object *m = mn_module_new("m");
    cr_assert_eq(mn_object_setattr_str(m, "self", m), 0);   /* m.self = m: a cycle */
    mn_object *r = mn_weakref_new_ref(m, append);
    /* a weakref stored inside the cycle: garbage too, its callback never runs */
    mn_object *inner = mn_weakref_new_ref(m, append);
    cr_assert_eq(mn_object_setattr_str(m, "w", inner), 0);
    MN_DECREF(inner);
    MN_DECREF(m);
    cr_assert_eq(MN_LIST_SIZE(log), 0);                 /* reference counting can't free it */
    cr_assert_geq(mn_gc_collect(2), 2);
    cr_assert_eq(MN_LIST_SIZE(log), 1);
    cr_assert_eq(MN_LIST_GET(log, 0), r);
    cr_assert_eq(mn_weakref_get_object(r), mn_none);
    MN_DECREF(r);
    MN_DECREF(append);
    MN_DECREF(log);
}

Test(weakref, unsupported_types_and_proxy_errors)
{
    mn_object *one = mn_int_from_ssize(1);
    cr_assert_null(mn_weakref_new_ref(one, NULL));
    /* weakref.ref(1) -> TypeError: cannot create weak reference to 'int' object */
    cr_assert(mn_err_matches(&mn_exc_TypeError));
    mn_object *exc = mn_err_fetch();
    mn_object *msg = mn_object_str(exc);
    cr_assert_str_eq(mn_str_as_utf8(msg), "cannot create weak reference to 'int' object");
    MN_DECREF(msg);
    MN_DECREF(exc);
    MN_DECREF(one);
    mn_object *s = mn_set_new(NULL);
    mn_object *p = mn_weakref_new_proxy(s, NULL);
    cr_assert_eq(mn_object_length(p), 0);               /* len(proxy(set())) == 0 */
    MN_DECREF(s);
    cr_assert_eq(mn_object_length(p), -1);
    /* ReferenceError: weakly-referenced object no longer exists */
    cr_assert(mn_err_matches(&mn_exc_ReferenceError));
    mn_err_clear();
    MN_DECREF(p);
}

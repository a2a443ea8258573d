/* tests/unit/test_set.c — set, frozenset and the set iterator.
 * Expected values come from CPython 3.11; the Python expression that
 * produces each one is written next to it. Iteration order (and so repr)
 * depends on the exact table algorithm, so int-element reprs compared here
 * check that mini places keys exactly as CPython does. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <string.h>

#include "runtime/runtime.h"

static void setup(void) { cr_assert_eq(mn_runtime_init(), 0); }
static void teardown(void) { mn_runtime_fini(); }

TestSuite(set, .init = setup, .fini = teardown);

static mn_object *I(mn_ssize v) { return mn_int_from_ssize(v); }

static const char *pending_error(void)
{
    static char buf[256];
    mn_object *exc = mn_err_occurred();
    if (exc == NULL)
        return "no exception";
    mn_object *s = mn_object_str(exc);
    snprintf(buf, sizeof buf, "%s: %s", MN_TYPE_NAME(exc), s ? mn_str_as_utf8(s) : "?");
    MN_XDECREF(s);
    return buf;
}

static void check_repr(mn_object *o, const char *expected)
{
    cr_assert_not_null(o, "expected an object for %s, got %s", expected, pending_error());
    mn_object *r = mn_object_repr(o);
    cr_assert_not_null(r);
    cr_assert_str_eq(mn_str_as_utf8(r), expected);
    MN_DECREF(r);
}
static void check_repr_steal(mn_object *o, const char *expected)
{
    check_repr(o, expected);
    MN_DECREF(o);
}

static void check_error(mn_type *type, const char *msg)
{
    mn_object *exc = mn_err_occurred();
    cr_assert_not_null(exc, "expected %s", msg);
    cr_assert(mn_err_matches(type), "wrong exception (%s), expected %s: %s",
              pending_error(), type->name, msg);
    mn_object *s = mn_object_str(exc);
    cr_assert_str_eq(mn_str_as_utf8(s), msg);
    MN_DECREF(s);
    mn_err_clear();
}

static mn_object *call(mn_object *obj, const char *name, int n, ...)
{
    mn_object *args[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        args[i] = va_arg(ap, mn_object *);
    va_end(ap);
    return mn_object_call_method(obj, name, args, n);
}

/* A list of ints (terminated by the sentinel 0x7fff). */
#define END 0x7fff
static mn_object *L(int first, ...)
{
    mn_object *l = mn_list_new(0);
    va_list ap;
    va_start(ap, first);
    for (int v = first; v != END; v = va_arg(ap, int)) {
        mn_object *o = I(v);
        mn_list_append(l, o);
        MN_DECREF(o);
    }
    va_end(ap);
    return l;
}

/* set([...]) built by adding in order */
static mn_object *SET(mn_object *list_stolen)
{
    mn_object *s = mn_set_new(list_stolen);
    MN_DECREF(list_stolen);
    return s;
}
static mn_object *FSET(mn_object *list_stolen)
{
    mn_object *s = mn_frozenset_new(list_stolen);
    MN_DECREF(list_stolen);
    return s;
}

Test(set, repr_and_table_order)
{
    check_repr_steal(mn_set_new(NULL), "set()");                        /* set() */
    check_repr_steal(mn_frozenset_new(NULL), "frozenset()");            /* frozenset() */
    check_repr_steal(FSET(L(1, END)), "frozenset({1})");
    /* set([1, 9, 17, 33, 8, 16]) -> {1, 33, 8, 9, 16, 17}: 33 collides with 1
     * and lands in the next slot (linear probing). (A *literal* {1, 9, ...}
     * differs: CPython compiles it via a frozenset constant.) */
    check_repr_steal(SET(L(1, 9, 17, 33, 8, 16, END)), "{1, 33, 8, 9, 16, 17}");
    /* set(range(20, 0, -1)) */
    check_repr_steal(SET(L(20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, END)),
                     "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}");
    /* set([-1, -2, 100, 1000, 7, 15, 23]) */
    check_repr_steal(SET(L(-1, -2, 100, 1000, 7, 15, 23, END)), "{100, 7, 1000, 15, -2, 23, -1}");
    /* s = set([1, 9]); s.discard(1); s.add(17) -> {17, 9}: the dummy slot is reused */
    mn_object *s = SET(L(1, 9, END)), *one = I(1), *seventeen = I(17);
    cr_assert_eq(mn_set_discard(s, one), 1);
    cr_assert_eq(mn_set_discard(s, one), 0);
    cr_assert_eq(mn_set_add(s, seventeen), 0);
    check_repr(s, "{17, 9}");
    MN_DECREF(s); MN_DECREF(one); MN_DECREF(seventeen);
}

Test(set, algebra_matches_cpython_order)
{
    /* a = set([1, 2, 3, 9, 17, 25]); b = set([3, 17, 33, 41, 5]) */
    mn_object *a = SET(L(1, 2, 3, 9, 17, 25, END)), *b = SET(L(3, 17, 33, 41, 5, END));
    check_repr_steal(mn_number_binop(a, b, MN_BINOP_OR), "{1, 2, 3, 33, 5, 9, 41, 17, 25}");   /* a | b */
    check_repr_steal(mn_number_binop(a, b, MN_BINOP_AND), "{17, 3}");                          /* a & b */
    check_repr_steal(mn_number_binop(a, b, MN_BINOP_SUBTRACT), "{1, 2, 9, 25}");               /* a - b */
    check_repr_steal(mn_number_binop(a, b, MN_BINOP_XOR), "{33, 1, 2, 5, 41, 9, 25}");         /* a ^ b */
    check_repr_steal(mn_number_binop(b, a, MN_BINOP_XOR), "{1, 2, 5, 9, 25, 33, 41}");         /* b ^ a */
    check_repr_steal(mn_number_binop(b, a, MN_BINOP_SUBTRACT), "{33, 5, 41}");                 /* b - a */
    /* set([1, 2]).union([5, 13], [21]) */
    mn_object *s12 = SET(L(1, 2, END)), *l1 = L(5, 13, END), *l2 = L(21, END);
    check_repr_steal(call(s12, "union", 2, l1, l2), "{1, 2, 5, 13, 21}");
    mn_object *l3 = L(17, 1, 99, END), *l4 = L(1, END), *l5 = L(2, END), *l6 = L(41, 1, 9, END);
    check_repr_steal(call(a, "intersection", 1, l3), "{17, 1}");               /* a.intersection([17, 1, 99]) */
    check_repr_steal(call(a, "difference", 2, l4, l5), "{3, 17, 9, 25}");       /* a.difference([1], [2]) */
    check_repr_steal(call(a, "symmetric_difference", 1, l6), "{2, 3, 41, 17, 25}");
    check_repr_steal(call(a, "intersection", 0), "{1, 2, 3, 17, 9, 25}");        /* a.intersection() is a copy */
    /* in-place forms */
    mn_object *c = call(a, "copy", 0);
    check_repr_steal(call(c, "intersection_update", 2, b, l3), "None");        /* c &= b; c &= [17, 1, 99] */
    check_repr(c, "{17}");
    check_repr_steal(call(c, "update", 2, l1, l2), "None");
    check_repr(c, "{17, 13, 21, 5}");                                            /* {17}; update([5, 13], [21]) */
    check_repr_steal(call(c, "difference_update", 1, l1), "None");
    check_repr(c, "{17, 21}");
    check_repr_steal(call(c, "symmetric_difference_update", 1, l6), "None");
    check_repr(c, "{17, 1, 21, 41, 9}");                                         /* {17, 21} ^= [41, 1, 9] */
    mn_object *r = mn_number_binop(c, b, MN_BINOP_INPLACE + MN_BINOP_OR);
    cr_assert_eq(r, c);                                                          /* |= is in place */
    MN_DECREF(r);
    check_repr(c, "{1, 33, 3, 5, 41, 9, 17, 21}");
    r = mn_number_binop(c, b, MN_BINOP_INPLACE + MN_BINOP_SUBTRACT);
    MN_DECREF(r);
    check_repr(c, "{1, 9, 21}");
    /* sets only for operators: {1} | [1] */
    cr_assert_null(mn_number_binop(a, l4, MN_BINOP_OR));
    check_error(&mn_exc_TypeError, "unsupported operand type(s) for |: 'set' and 'list'");
    cr_assert_null(mn_number_binop(a, l4, MN_BINOP_INPLACE + MN_BINOP_AND));
    check_error(&mn_exc_TypeError, "unsupported operand type(s) for &=: 'set' and 'list'");
    MN_DECREF(c);
    MN_DECREF(l1); MN_DECREF(l2); MN_DECREF(l3); MN_DECREF(l4); MN_DECREF(l5); MN_DECREF(l6);
    MN_DECREF(s12); MN_DECREF(a); MN_DECREF(b);
}

Test(set, result_types_follow_left_operand)
{
    mn_object *f = FSET(L(1, 2, END)), *s = SET(L(3, END));
    check_repr_steal(mn_number_binop(f, s, MN_BINOP_OR), "frozenset({1, 2, 3})");   /* frozenset({1,2}) | {3} */
    check_repr_steal(mn_number_binop(s, f, MN_BINOP_OR), "{1, 2, 3}");              /* {3} | frozenset({1,2}) */
    check_repr_steal(call(f, "union", 1, s), "frozenset({1, 2, 3})");
    /* frozenset.copy() of an exact frozenset is the same object;
     * frozenset(fs) too */
    mn_object *c = call(f, "copy", 0);
    cr_assert_eq(c, f);
    MN_DECREF(c);
    c = mn_object_call(MN_OBJ(&mn_frozenset_type), &f, 1, NULL);
    cr_assert_eq(c, f);
    MN_DECREF(c);
    /* frozenset |= set rebinds to a new frozenset (no in-place slot) */
    mn_object *r = mn_number_binop(f, s, MN_BINOP_INPLACE + MN_BINOP_OR);
    cr_assert_neq(r, f);
    check_repr_steal(r, "frozenset({1, 2, 3})");
    check_repr(f, "frozenset({1, 2})");
    MN_DECREF(f); MN_DECREF(s);
}

Test(set, comparisons_are_subset_tests)
{
    mn_object *s12 = SET(L(1, 2, END)), *s123 = SET(L(1, 2, 3, END)), *s1 = SET(L(1, END));
    mn_object *s3 = SET(L(3, END)), *f21 = FSET(L(2, 1, END));
    cr_assert_eq(mn_object_richcompare_bool(s12, s123, MN_LT), 1);   /* {1,2} < {1,2,3} */
    cr_assert_eq(mn_object_richcompare_bool(s12, s12, MN_LE), 1);
    cr_assert_eq(mn_object_richcompare_bool(s12, s12, MN_LT), 0);
    cr_assert_eq(mn_object_richcompare_bool(s12, s1, MN_GT), 1);     /* {1,2} > {1} */
    cr_assert_eq(mn_object_richcompare_bool(s12, s3, MN_GE), 0);     /* {1,2} >= {3} */
    cr_assert_eq(mn_object_richcompare_bool(s12, f21, MN_EQ), 1);    /* {1,2} == frozenset({2,1}) */
    cr_assert_eq(mn_object_richcompare_bool(s1, s3, MN_NE), 1);
    mn_object *l = L(1, END);
    cr_assert_null(mn_object_richcompare(s1, l, MN_LT));
    check_error(&mn_exc_TypeError, "'<' not supported between instances of 'set' and 'list'");
    cr_assert_eq(mn_object_richcompare_bool(s1, l, MN_EQ), 0);      /* {1} == [1] is False */
    mn_object *l123 = L(1, 2, 3, END), *l3 = L(3, END), *l2 = L(2, END);
    check_repr_steal(call(s12, "issubset", 1, l123), "True");       /* {1,2}.issubset([1,2,3]) */
    check_repr_steal(call(s12, "issuperset", 1, l), "True");
    check_repr_steal(call(s12, "isdisjoint", 1, l3), "True");
    check_repr_steal(call(s12, "isdisjoint", 1, l2), "False");
    check_repr_steal(call(s12, "issubset", 1, s1), "False");
    MN_DECREF(l); MN_DECREF(l123); MN_DECREF(l3); MN_DECREF(l2);
    MN_DECREF(s12); MN_DECREF(s123); MN_DECREF(s1); MN_DECREF(s3); MN_DECREF(f21);
}

Test(set, methods_and_errors)
{
    mn_object *s = mn_set_new(NULL), *one = I(1), *l = mn_list_new(0);
    cr_assert_null(call(s, "pop", 0));
    check_error(&mn_exc_KeyError, "'pop from an empty set'");       /* set().pop() */
    cr_assert_null(call(s, "remove", 1, one));
    check_error(&mn_exc_KeyError, "1");                              /* set().remove(1) */
    cr_assert_null(call(s, "remove", 1, l));
    check_error(&mn_exc_TypeError, "unhashable type: 'list'");
    cr_assert_null(call(s, "discard", 1, l));
    check_error(&mn_exc_TypeError, "unhashable type: 'list'");
    cr_assert_null(call(s, "add", 1, l));
    check_error(&mn_exc_TypeError, "unhashable type: 'list'");
    cr_assert_eq(mn_sequence_contains(s, l), -1);
    check_error(&mn_exc_TypeError, "unhashable type: 'list'");       /* [] in {1} */
    cr_assert_null(call(s, "update", 1, one));
    check_error(&mn_exc_TypeError, "'int' object is not iterable");
    cr_assert_null(call(s, "issubset", 1, one));
    check_error(&mn_exc_TypeError, "'int' object is not iterable");
    cr_assert_eq(mn_object_hash(s), -1);
    check_error(&mn_exc_TypeError, "unhashable type: 'set'");        /* hash(set()) */
    mn_object *st = MN_OBJ(&mn_set_type);
    mn_object *args[2] = {one, one};
    cr_assert_null(mn_object_call(st, args, 1, NULL));
    check_error(&mn_exc_TypeError, "'int' object is not iterable");  /* set(1) */
    cr_assert_null(mn_object_call(st, args, 2, NULL));
    check_error(&mn_exc_TypeError, "set expected at most 1 argument, got 2");
    cr_assert_null(mn_object_call(MN_OBJ(&mn_frozenset_type), args, 2, NULL));
    check_error(&mn_exc_TypeError, "frozenset expected at most 1 argument, got 2");
    mn_object *bad = mn_list_new(0);
    mn_list_append(bad, l);
    cr_assert_null(mn_set_new(bad));
    check_error(&mn_exc_TypeError, "unhashable type: 'list'");       /* set([[]]) */
    MN_DECREF(bad);

    check_repr_steal(call(s, "add", 1, one), "None");
    check_repr_steal(call(s, "add", 1, one), "None");
    cr_assert_eq(mn_object_length(s), 1);
    check_repr_steal(call(s, "pop", 0), "1");
    mn_object *f = SET(L(5, 6, 7, END));
    check_repr_steal(call(f, "pop", 0), "5");                         /* {5, 6, 7}.pop() */
    check_repr_steal(call(f, "pop", 0), "6");
    check_repr_steal(call(f, "clear", 0), "None");
    check_repr(f, "set()");
    MN_DECREF(f);
    MN_DECREF(s); MN_DECREF(one); MN_DECREF(l);
}

Test(set, set_key_looked_up_as_frozenset)
{
    /* s = {frozenset({1}), 2}; {1} in s; s.remove({1}) -> {2} */
    mn_object *inner = FSET(L(1, END)), *two = I(2), *s = mn_set_new(NULL);
    mn_set_add(s, inner);
    mn_set_add(s, two);
    mn_object *probe = SET(L(1, END));
    cr_assert_eq(mn_sequence_contains(s, probe), 1);
    check_repr_steal(call(s, "remove", 1, probe), "None");
    check_repr(s, "{2}");
    cr_assert_eq(mn_sequence_contains(s, probe), 0);
    MN_DECREF(inner); MN_DECREF(two); MN_DECREF(s); MN_DECREF(probe);
}

Test(set, frozenset_hash_matches_cpython)
{
    mn_object *f;
    f = FSET(L(1, 2, 3, END));
    cr_assert_eq(mn_object_hash(f), (mn_hash)-272375401224217160LL);   /* hash(frozenset({1,2,3})) */
    MN_DECREF(f);
    f = mn_frozenset_new(NULL);
    cr_assert_eq(mn_object_hash(f), (mn_hash)133146708735736LL);       /* hash(frozenset()) */
    MN_DECREF(f);
    f = FSET(L(-1, END));
    cr_assert_eq(mn_object_hash(f), (mn_hash)6776983852052281967LL);   /* hash(frozenset({-1})) */
    MN_DECREF(f);
    mn_object *l = mn_list_new(0);
    for (int i = 0; i < 100; i++) {
        mn_object *o = I(i);
        mn_list_append(l, o);
        MN_DECREF(o);
    }
    f = mn_frozenset_new(l);
    cr_assert_eq(mn_object_hash(f), (mn_hash)4411996150312757951LL);   /* hash(frozenset(range(100))) */
    MN_DECREF(f);
    /* s = set(range(100)); [s.discard(i) for i in range(0, 100, 3)];
     * hash(frozenset(s)) — built from a set with dummies */
    mn_object *s = mn_set_new(l);
    for (int i = 0; i < 100; i += 3) {
        mn_object *o = I(i);
        mn_set_discard(s, o);
        MN_DECREF(o);
    }
    f = mn_frozenset_new(s);
    cr_assert_eq(mn_object_hash(f), (mn_hash)6682476200374500006LL);
    MN_DECREF(f);
    MN_DECREF(s);
    MN_DECREF(l);
    /* hash(frozenset({frozenset({1})})) */
    mn_object *inner = FSET(L(1, END)), *outer = mn_frozenset_new(NULL);
    mn_set_add(outer, inner);
    cr_assert_eq(mn_object_hash(outer), (mn_hash)5515263749738256364LL);
    MN_DECREF(inner);
    MN_DECREF(outer);
    /* frozenset({1}) == {1} and equal frozensets hash equal */
    mn_object *a = FSET(L(3, 1, 2, END)), *b = FSET(L(1, 2, 3, END));
    cr_assert_eq(mn_object_hash(a), mn_object_hash(b));
    MN_DECREF(a); MN_DECREF(b);
}

Test(set, iteration_and_mutation)
{
    mn_object *s = SET(L(1, 2, 3, END));
    mn_object *it = mn_object_get_iter(s);
    check_repr_steal(call(it, "__length_hint__", 0), "3");
    mn_object *x = mn_iter_next(it);
    check_repr_steal(x, "1");
    mn_object *nine = I(9);
    mn_set_add(s, nine);
    cr_assert_null(mn_iter_next(it));
    check_error(&mn_exc_RuntimeError, "Set changed size during iteration");
    cr_assert_null(mn_iter_next(it));   /* sticky */
    check_error(&mn_exc_RuntimeError, "Set changed size during iteration");
    MN_DECREF(it);
    /* the public iteration helper */
    mn_ssize pos = 0, n = 0;
    mn_object *k;
    mn_hash h;
    while (mn_set_next(s, &pos, &k, &h)) {
        cr_assert_eq(h, mn_object_hash(k));
        n++;
    }
    cr_assert_eq(n, 4);
    MN_DECREF(nine);
    MN_DECREF(s);
}

/* [s.__sizeof__() for sets of 0..59 ints built by add]:
 *   s = set(); o = []
 *   for i in range(60): o.append(s.__sizeof__()); s.add(i)
 * mn_set has CPython's exact layout (200 bytes with the 8-entry
 * smalltable), and the same resize rule, so the values match exactly. */
Test(set, sizeof_matches_cpython)
{
    mn_object *s = mn_set_new(NULL);
    for (int i = 0; i < 60; i++) {
        mn_ssize expected = i < 5 ? 200 : i < 19 ? 712 : 2248;
        mn_object *m = call(s, "__sizeof__", 0);
        cr_assert_eq(MN_INT_SMALL_VALUE(m), expected, "len %d: %lld vs %zd", i,
                     (long long)MN_INT_SMALL_VALUE(m), expected);
        MN_DECREF(m);
        mn_object *o = I(i);
        mn_set_add(s, o);
        MN_DECREF(o);
    }
    MN_DECREF(s);
}

Test(set, large_add_discard)
{
    enum { N = 50000 };
    mn_object *s = mn_set_new(NULL);
    for (int i = 0; i < N; i++) {
        mn_object *o = I(i * 7);
        cr_assert_eq(mn_set_add(s, o), 0);
        MN_DECREF(o);
    }
    for (int i = 0; i < N; i += 2) {
        mn_object *o = I(i * 7);
        cr_assert_eq(mn_set_discard(s, o), 1);
        MN_DECREF(o);
    }
    cr_assert_eq(MN_SET_SIZE(s), N / 2);
    for (int i = 0; i < N; i++) {
        mn_object *o = I(i * 7);
        cr_assert_eq(mn_set_contains(s, o), i % 2);
        MN_DECREF(o);
    }
    MN_DECREF(s);
}

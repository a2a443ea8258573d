/* tests/unit/test_tuple.c — unit tests for runtime/tuple.c. Expected
 * values come from CPython 3.11 (64-bit); the Python expression is in the
 * comment next to each. */
#include "tests/unit/seq_test_util.h"

TestSuite(tuple, .init = seq_setup, .fini = seq_teardown);

static mn_object *int_tuple2(int64_t a, int64_t b)
{
    mn_object *x = I(a), *y = I(b);
    mn_object *t = mn_tuple_pack(2, x, y);
    MN_DECREF(x);
    MN_DECREF(y);
    return t;
}

Test(tuple, hash_matches_cpython)
{
    mn_object *t = int_tuple2(1, 2);
    cr_assert_eq(mn_object_hash(t), (mn_hash)-3550055125485641917LL);   /* hash((1, 2)) */
    mn_object *e = mn_tuple_new(0);
    cr_assert_eq(mn_object_hash(e), (mn_hash)5740354900026072187LL);    /* hash(()) */
    mn_object *m1 = I(-1);
    mn_object *t1 = mn_tuple_pack(1, m1);
    cr_assert_eq(mn_object_hash(t1), (mn_hash)8078679518589016365LL);   /* hash((-1,)) */
    mn_object *t23 = int_tuple2(2, 3), *one = I(1);
    mn_object *nested = mn_tuple_pack(2, one, t23);
    cr_assert_eq(mn_object_hash(nested), (mn_hash)7267574591690527098LL); /* hash((1, (2, 3))) */
    mn_object *nested2 = mn_tuple_pack(3, one, t23, e);
    cr_assert_eq(mn_object_hash(nested2), (mn_hash)190248630909402296LL); /* hash((1, (2, 3), ())) */
    mn_object *tf = mn_tuple_pack(2, mn_true, mn_false);
    cr_assert_eq(mn_object_hash(tf), (mn_hash)-5164621852614943976LL);  /* hash((True, False)) */
    mn_object *te = mn_tuple_pack(1, e);
    cr_assert_eq(mn_object_hash(te), (mn_hash)-5486347211504344842LL);  /* hash(((),)) */
    mn_object *l = mn_list_new(0);
    mn_object *tl = mn_tuple_pack(1, l);
    cr_assert_eq(mn_object_hash(tl), -1);                                /* hash(([],)) */
    assert_error(&mn_exc_TypeError, "unhashable type: 'list'");
    MN_DECREF(tl);
    MN_DECREF(l);
    MN_DECREF(te);
    MN_DECREF(tf);
    MN_DECREF(nested2);
    MN_DECREF(nested);
    MN_DECREF(one);
    MN_DECREF(t23);
    MN_DECREF(t1);
    MN_DECREF(m1);
    MN_DECREF(e);
    MN_DECREF(t);
}

Test(tuple, empty_singleton_and_identity)
{
    mn_object *a = mn_tuple_new(0), *b = mn_tuple_new(0);
    cr_assert_eq(a, b);                           /* () is () */
    mn_object *tt = (mn_object *)&mn_tuple_type;
    mn_object *c = mn_object_call(tt, NULL, 0, NULL);   /* tuple() is () */
    cr_assert_eq(c, a);
    mn_object *t = int_tuple2(1, 2);
    mn_object *d = mn_object_call(tt, &t, 1, NULL);     /* tuple(t) is t */
    cr_assert_eq(d, t);
    mn_object *full = mn_slice_new(NULL, NULL, NULL);
    mn_object *s = mn_object_getitem(t, full);          /* t[:] is t */
    cr_assert_eq(s, t);
    mn_object *l = int_list(3, 4, 5, 6);
    assert_repr_steal(mn_object_call(tt, &l, 1, NULL), "(4, 5, 6)");   /* tuple([4, 5, 6]) */
    mn_object *it = mn_object_get_iter(l);
    assert_repr_steal(mn_object_call(tt, &it, 1, NULL), "(4, 5, 6)");  /* tuple(iter([4, 5, 6])) */
    mn_object *two[2] = {l, l};
    cr_assert_null(mn_object_call(tt, two, 2, NULL));
    assert_error(&mn_exc_TypeError, "tuple expected at most 1 argument, got 2");
    MN_DECREF(it);
    MN_DECREF(l);
    MN_DECREF(full);
    MN_DECREF(s);
    MN_DECREF(d);
    MN_DECREF(t);
    MN_DECREF(c);
    MN_DECREF(a);
    MN_DECREF(b);
}

Test(tuple, repr)
{
    mn_object *e = mn_tuple_new(0);
    assert_repr(e, "()");
    mn_object *one = I(1);
    mn_object *t1 = mn_tuple_pack(1, one);
    assert_repr(t1, "(1,)");                          /* (1,) */
    mn_object *t3 = mn_tuple_pack(3, one, t1, e);
    assert_repr(t3, "(1, (1,), ())");                 /* (1, (1,), ()) */
    mn_object *l = mn_list_new(0);
    mn_object *tl = mn_tuple_pack(1, l);
    mn_list_append(l, tl);
    assert_repr(tl, "([(...)],)");                    /* t = ([],); t[0].append(t); t */
    MN_DECREF(mn_object_call_method(l, "clear", NULL, 0));
    MN_DECREF(tl);
    MN_DECREF(l);
    MN_DECREF(t3);
    MN_DECREF(t1);
    MN_DECREF(one);
    MN_DECREF(e);
}

Test(tuple, sequence_operations)
{
    mn_object *a = int_tuple2(1, 2), *b = int_tuple2(3, 1);
    assert_repr_steal(mn_number_binop(a, b, MN_BINOP_ADD), "(1, 2, 3, 1)");     /* (1, 2) + (3, 1) */
    mn_object *l = mn_list_new(0);
    cr_assert_null(mn_number_binop(a, l, MN_BINOP_ADD));                       /* (1, 2) + [] */
    assert_error(&mn_exc_TypeError, "can only concatenate tuple (not \"list\") to tuple");
    mn_object *three = I(3), *zero = I(0);
    assert_repr_steal(mn_number_binop(a, three, MN_BINOP_MULTIPLY), "(1, 2, 1, 2, 1, 2)");
    assert_repr_steal(mn_number_binop(three, a, MN_BINOP_MULTIPLY), "(1, 2, 1, 2, 1, 2)");
    assert_repr_steal(mn_number_binop(a, zero, MN_BINOP_MULTIPLY), "()");
    mn_object *f = mn_float_from_double(2.0);
    cr_assert_null(mn_number_binop(a, f, MN_BINOP_MULTIPLY));                  /* (1, 2) * 2.0 */
    assert_error(&mn_exc_TypeError, "can't multiply sequence by non-int of type 'float'");
    /* indexing and slicing */
    mn_object *m1 = I(-1), *five = I(5);
    assert_repr_steal(mn_object_getitem(a, m1), "2");                           /* (1, 2)[-1] */
    cr_assert_null(mn_object_getitem(a, five));
    assert_error(&mn_exc_IndexError, "tuple index out of range");
    mn_object *s = mn_str_from_cstr("a");
    cr_assert_null(mn_object_getitem(a, s));
    assert_error(&mn_exc_TypeError, "tuple indices must be integers or slices, not str");
    mn_object *rev = mn_slice_new(NULL, NULL, m1);
    mn_object *cat = mn_number_binop(a, b, MN_BINOP_ADD);
    assert_repr_steal(mn_object_getitem(cat, rev), "(1, 3, 2, 1)");            /* (1, 2, 3, 1)[::-1] */
    /* in, index, count */
    mn_object *one = I(1);
    cr_assert_eq(mn_sequence_contains(cat, one), 1);
    cr_assert_eq(mn_sequence_contains(cat, five), 0);
    assert_repr_steal(mn_object_call_method(cat, "count", &one, 1), "2");       /* .count(1) */
    mn_object *args[2] = {one, one};
    assert_repr_steal(mn_object_call_method(cat, "index", args, 2), "3");       /* .index(1, 1) */
    cr_assert_null(mn_object_call_method(cat, "index", &five, 1));
    assert_error(&mn_exc_ValueError, "tuple.index(x): x not in tuple");
    assert_repr_steal(mn_object_call_method(cat, "__getnewargs__", NULL, 0), "((1, 2, 3, 1),)");
    assert_repr_steal(mn_object_call_method(cat, "__sizeof__", NULL, 0), "56"); /* (1,2,3,1).__sizeof__() */
    /* comparisons */
    cr_assert_eq(mn_object_richcompare_bool(a, b, MN_LT), 1);                 /* (1, 2) < (3, 1) */
    cr_assert_eq(mn_object_richcompare_bool(a, cat, MN_LT), 1);               /* (1, 2) < (1, 2, 3, 1) */
    cr_assert_eq(mn_object_richcompare_bool(cat, a, MN_EQ), 0);
    mn_object *a2 = int_tuple2(1, 2);
    cr_assert_eq(mn_object_richcompare_bool(a, a2, MN_EQ), 1);
    cr_assert_eq(mn_object_richcompare_bool(a, a2, MN_GE), 1);
    /* iteration */
    mn_object *it = mn_object_get_iter(cat);
    assert_repr_steal(mn_object_call_method(it, "__length_hint__", NULL, 0), "4");
    assert_repr_steal(mn_list_from_iterable(it), "[1, 2, 3, 1]");
    cr_assert_null(mn_iter_next(it));
    MN_DECREF(it);
    MN_DECREF(a2);
    MN_DECREF(one);
    MN_DECREF(cat);
    MN_DECREF(rev);
    MN_DECREF(s);
    MN_DECREF(m1);
    MN_DECREF(five);
    MN_DECREF(f);
    MN_DECREF(three);
    MN_DECREF(zero);
    MN_DECREF(l);
    MN_DECREF(a);
    MN_DECREF(b);
}

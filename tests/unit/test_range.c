/* tests/unit/test_range.c — unit tests for runtime/range.c (range, its
 * iterators, slice and the slice-index helpers). Expected values come from
 * CPython 3.11; the Python expression is in the comment next to each. */
#include "tests/unit/seq_test_util.h"

TestSuite(range, .init = seq_setup, .fini = seq_teardown);

static mn_object *pow10(int e)
{
    mn_object *ten = I(10), *ex = I(e);
    mn_object *r = mn_number_binop(ten, ex, MN_BINOP_POWER);
    MN_DECREF(ten);
    MN_DECREF(ex);
    cr_assert_not_null(r);
    return r;
}

/* range(*args) through the type's constructor. */
static mn_object *call_range(int n, mn_object *a, mn_object *b, mn_object *c)
{
    mn_object *args[3] = {a, b, c};
    return mn_object_call((mn_object *)&mn_range_type, args, n, NULL);
}

static mn_object *rng3(int64_t a, int64_t b, int64_t c)
{
    mn_object *x = I(a), *y = I(b), *z = I(c);
    mn_object *r = call_range(3, x, y, z);
    MN_DECREF(x);
    MN_DECREF(y);
    MN_DECREF(z);
    cr_assert_not_null(r);
    return r;
}

static mn_object *slice3(int64_t a, int64_t b, int64_t c, int none_mask)
{
    mn_object *x = (none_mask & 1) ? NULL : I(a), *y = (none_mask & 2) ? NULL : I(b),
              *z = (none_mask & 4) ? NULL : I(c);
    mn_object *s = mn_slice_new(x, y, z);
    MN_XDECREF(x);
    MN_XDECREF(y);
    MN_XDECREF(z);
    return s;
}

Test(range, construction_and_repr)
{
    mn_object *ten = I(10);
    mn_object *r = call_range(1, ten, NULL, NULL);
    assert_repr(r, "range(0, 10)");                        /* range(10) */
    cr_assert_eq(mn_object_length(r), 10);
    MN_DECREF(r);
    r = rng3(0, 10, 2);
    assert_repr(r, "range(0, 10, 2)");                     /* range(0, 10, 2) */
    cr_assert_eq(mn_object_length(r), 5);
    assert_repr_steal(mn_object_getattr_str(r, "step"), "2");
    assert_repr_steal(mn_object_getattr_str(r, "start"), "0");
    assert_repr_steal(mn_object_getattr_str(r, "stop"), "10");
    MN_DECREF(r);
    r = rng3(-10, 10, 3);
    cr_assert_eq(mn_object_length(r), 7);                  /* len(range(-10, 10, 3)) */
    MN_DECREF(r);
    r = rng3(10, 0, -3);
    cr_assert_eq(mn_object_length(r), 4);                  /* len(range(10, 0, -3)) */
    MN_DECREF(r);
    r = rng3(0, 10, -1);
    cr_assert_eq(mn_object_length(r), 0);
    cr_assert_eq(mn_object_is_true(r), 0);                 /* bool(range(0, 10, -1)) */
    MN_DECREF(r);

    /* errors */
    mn_object *zero = I(0);
    cr_assert_null(call_range(3, zero, ten, zero));
    assert_error(&mn_exc_ValueError, "range() arg 3 must not be zero");
    cr_assert_null(call_range(0, NULL, NULL, NULL));
    assert_error(&mn_exc_TypeError, "range expected at least 1 argument, got 0");
    mn_object *four[4] = {zero, zero, zero, zero};
    cr_assert_null(mn_object_call((mn_object *)&mn_range_type, four, 4, NULL));
    assert_error(&mn_exc_TypeError, "range expected at most 3 arguments, got 4");
    mn_object *f = mn_float_from_double(1.5);
    cr_assert_null(call_range(1, f, NULL, NULL));          /* range(1.5) */
    assert_error(&mn_exc_TypeError, "'float' object cannot be interpreted as an integer");
    MN_DECREF(f);
    MN_DECREF(zero);
    MN_DECREF(ten);
}

Test(range, big_values)
{
    mn_object *big = pow10(20);
    mn_object *r = call_range(1, big, NULL, NULL);         /* range(10**20) is fine */
    cr_assert_not_null(r);
    cr_assert_eq(mn_object_length(r), -1);                 /* len(range(10**20)) */
    assert_error(&mn_exc_OverflowError, "Python int too large to convert to C ssize_t");
    cr_assert_eq(mn_object_is_true(r), 1);
    mn_object *m1 = I(-1);
    assert_repr_steal(mn_object_getitem(r, m1), "99999999999999999999");   /* range(10**20)[-1] */
    mn_object *e19 = pow10(19);
    mn_object *s = mn_slice_new(e19, NULL, NULL);
    /* range(10**20)[10**19:] */
    assert_repr_steal(mn_object_getitem(r, s), "range(10000000000000000000, 100000000000000000000)");
    cr_assert_eq(mn_sequence_contains(r, e19), 1);         /* 10**19 in range(10**20) */
    cr_assert_eq(mn_sequence_contains(r, big), 0);         /* 10**20 in range(10**20) */
    assert_repr_steal(mn_object_call_method(r, "index", &e19, 1), "10000000000000000000");
    MN_DECREF(s);
    MN_DECREF(r);

    /* 3*10**19 in range(0, 10**20, 3); index -> 10**19 */
    mn_object *zero = I(0), *three = I(3);
    r = call_range(3, zero, big, three);
    mn_object *x = mn_number_binop(three, e19, MN_BINOP_MULTIPLY);
    cr_assert_eq(mn_sequence_contains(r, x), 1);
    assert_repr_steal(mn_object_call_method(r, "index", &x, 1), "10000000000000000000");
    mn_object *x1 = mn_number_binop(x, m1, MN_BINOP_ADD);
    cr_assert_eq(mn_sequence_contains(r, x1), 0);
    MN_DECREF(x1);
    MN_DECREF(x);
    MN_DECREF(r);

    /* list(range(2**63 - 3, 2**63 + 2)): crosses the int64 boundary */
    mn_object *two = I(2), *e63 = I(63);
    mn_object *p63 = mn_number_binop(two, e63, MN_BINOP_POWER);
    mn_object *m3 = I(-3);
    mn_object *lo = mn_number_binop(p63, m3, MN_BINOP_ADD), *hi = mn_number_binop(p63, two, MN_BINOP_ADD);
    r = call_range(2, lo, hi, NULL);
    mn_object *it = mn_object_get_iter(r);
    cr_assert_str_eq(MN_TYPE_NAME(it), "longrange_iterator");
    assert_repr_steal(mn_list_from_iterable(it),
                      "[9223372036854775805, 9223372036854775806, 9223372036854775807, "
                      "9223372036854775808, 9223372036854775809]");
    MN_DECREF(it);
    /* list(reversed(range(2**63 - 3, 2**63 + 2)))[:2] */
    it = mn_object_call_method(r, "__reversed__", NULL, 0);
    assert_repr_steal(mn_iter_next(it), "9223372036854775809");
    assert_repr_steal(mn_iter_next(it), "9223372036854775808");
    MN_DECREF(it);
    MN_DECREF(r);
    MN_DECREF(lo);
    MN_DECREF(hi);
    MN_DECREF(m3);
    MN_DECREF(p63);
    MN_DECREF(e63);
    MN_DECREF(two);
    MN_DECREF(zero);
    MN_DECREF(three);
    MN_DECREF(e19);
    MN_DECREF(m1);
    MN_DECREF(big);
}

Test(range, indexing_and_slicing)
{
    mn_object *r = rng3(0, 10, 2);
    mn_object *s = slice3(1, 4, 0, 4);
    assert_repr_steal(mn_object_getitem(r, s), "range(2, 8, 2)");     /* range(0, 10, 2)[1:4] */
    MN_DECREF(s);
    s = slice3(0, 0, -1, 3);
    assert_repr_steal(mn_object_getitem(r, s), "range(8, -2, -2)");   /* range(0, 10, 2)[::-1] */
    MN_DECREF(s);
    MN_DECREF(r);
    r = rng3(0, 10, 1);
    s = slice3(0, 0, -3, 3);
    assert_repr_steal(mn_object_getitem(r, s), "range(9, -1, -3)");   /* range(10)[::-3] */
    MN_DECREF(s);
    s = slice3(0, 0, 0, 3);
    cr_assert_null(mn_object_getitem(r, s));                          /* range(10)[::0] */
    assert_error(&mn_exc_ValueError, "slice step cannot be zero");
    MN_DECREF(s);
    mn_object *m1 = I(-1), *k10 = I(10), *m11 = I(-11);
    assert_repr_steal(mn_object_getitem(r, m1), "9");                 /* range(10)[-1] */
    cr_assert_null(mn_object_getitem(r, k10));
    assert_error(&mn_exc_IndexError, "range object index out of range");
    cr_assert_null(mn_object_getitem(r, m11));
    assert_error(&mn_exc_IndexError, "range object index out of range");
    mn_object *str = mn_str_from_cstr("a");
    cr_assert_null(mn_object_getitem(r, str));
    assert_error(&mn_exc_TypeError, "range indices must be integers or slices, not str");
    MN_DECREF(str);
    MN_DECREF(r);
    r = rng3(5, 0, -2);
    s = slice3(1, 0, 0, 6);
    assert_repr_steal(mn_object_getitem(r, s), "range(3, -1, -2)");   /* range(5, 0, -2)[1:] */
    MN_DECREF(s);
    MN_DECREF(r);
    MN_DECREF(m1);
    MN_DECREF(k10);
    MN_DECREF(m11);
}

Test(range, contains_index_count_equality)
{
    mn_object *r = rng3(-5, 5, 1);
    mn_object *three = I(3), *five = I(5);
    assert_repr_steal(mn_object_call_method(r, "index", &three, 1), "8");   /* range(-5, 5).index(3) */
    cr_assert_null(mn_object_call_method(r, "index", &five, 1));
    assert_error(&mn_exc_ValueError, "5 is not in range");
    MN_DECREF(r);
    r = rng3(0, 3, 1);
    mn_object *one = I(1), *f1 = mn_float_from_double(1.0), *f2 = mn_float_from_double(2.0);
    assert_repr_steal(mn_object_call_method(r, "count", &one, 1), "1");     /* range(3).count(1) */
    assert_repr_steal(mn_object_call_method(r, "count", &f1, 1), "1");      /* range(3).count(1.0) */
    cr_assert_eq(mn_sequence_contains(r, f2), 1);                          /* 2.0 in range(3) */
    mn_object *t = mn_true;
    assert_repr_steal(mn_object_call_method(r, "index", &t, 1), "1");      /* range(3).index(True) */
    assert_repr_steal(mn_object_call_method(r, "index", &f2, 1), "2");      /* range(3).index(2.0) */
    mn_object *f5 = mn_float_from_double(5.0);
    cr_assert_null(mn_object_call_method(r, "index", &f5, 1));
    assert_error(&mn_exc_ValueError, "sequence.index(x): x not in sequence");
    MN_DECREF(f5);
    MN_DECREF(r);
    r = rng3(1, 10, 3);
    cr_assert_eq(mn_sequence_contains(r, three), 0);                       /* 3 in range(1, 10, 3) */
    mn_object *seven = I(7);
    cr_assert_eq(mn_sequence_contains(r, seven), 1);
    /* list(reversed(range(1, 10, 3))) */
    mn_object *it = mn_object_call_method(r, "__reversed__", NULL, 0);
    cr_assert_str_eq(MN_TYPE_NAME(it), "range_iterator");
    assert_repr_steal(mn_list_from_iterable(it), "[7, 4, 1]");
    MN_DECREF(it);
    it = mn_object_get_iter(r);
    assert_repr_steal(mn_object_call_method(it, "__length_hint__", NULL, 0), "3");
    assert_repr_steal(mn_list_from_iterable(it), "[1, 4, 7]");
    MN_DECREF(it);
    MN_DECREF(seven);

    /* range(0) == range(2, 2); range(0, 3, 2) == range(0, 4, 2);
     * range(1, 2, 5) == range(1, 3, 7); range(0, 3) != range(0, 3, 2) */
    mn_object *a = rng3(0, 0, 1), *b = rng3(2, 2, 1), *c = rng3(0, 3, 2), *d = rng3(0, 4, 2);
    mn_object *e = rng3(1, 2, 5), *g = rng3(1, 3, 7), *h = rng3(0, 3, 1);
    cr_assert_eq(mn_object_richcompare_bool(a, b, MN_EQ), 1);
    cr_assert_eq(mn_object_richcompare_bool(c, d, MN_EQ), 1);
    cr_assert_eq(mn_object_richcompare_bool(e, g, MN_EQ), 1);
    cr_assert_eq(mn_object_richcompare_bool(h, c, MN_NE), 1);
    /* equal ranges hash equal */
    cr_assert_eq(mn_object_hash(a), mn_object_hash(b));
    cr_assert_eq(mn_object_hash(c), mn_object_hash(d));
    cr_assert_eq(mn_object_hash(e), mn_object_hash(g));
    cr_assert_null(mn_object_richcompare(a, b, MN_LT));                    /* range(0) < range(2, 2) */
    assert_error(&mn_exc_TypeError, "'<' not supported between instances of 'range' and 'range'");
    MN_DECREF(a);
    MN_DECREF(b);
    MN_DECREF(c);
    MN_DECREF(d);
    MN_DECREF(e);
    MN_DECREF(g);
    MN_DECREF(h);
    MN_DECREF(r);
    MN_DECREF(one);
    MN_DECREF(f1);
    MN_DECREF(f2);
    MN_DECREF(three);
    MN_DECREF(five);
}

Test(range, slice_object)
{
    mn_object *st = mn_object_call((mn_object *)&mn_slice_type, NULL, 0, NULL);
    cr_assert_null(st);
    assert_error(&mn_exc_TypeError, "slice expected at least 1 argument, got 0");
    mn_object *one = I(1), *two = I(2);
    mn_object *s = mn_object_call((mn_object *)&mn_slice_type, &one, 1, NULL);   /* slice(1) */
    assert_repr(s, "slice(None, 1, None)");
    mn_object *args[2] = {one, two};
    mn_object *s2 = mn_object_call((mn_object *)&mn_slice_type, args, 2, NULL);  /* slice(1, 2) */
    assert_repr(s2, "slice(1, 2, None)");
    assert_repr_steal(mn_object_getattr_str(s2, "start"), "1");
    assert_repr_steal(mn_object_getattr_str(s2, "step"), "None");
    cr_assert_eq(mn_object_hash(s2), -1);                                        /* hash(slice(1, 2)) */
    assert_error(&mn_exc_TypeError, "unhashable type: 'slice'");
    mn_object *s2b = mn_slice_new(one, two, NULL);
    mn_object *s3 = mn_slice_new(one, two, two);
    cr_assert_eq(mn_object_richcompare_bool(s2b, s3, MN_NE), 1);  /* slice(1, 2) != slice(1, 2, 2) */
    MN_DECREF(s3);
    cr_assert_eq(mn_object_richcompare_bool(s2, s2b, MN_EQ), 1); /* slice(1, 2) == slice(1, 2) */

    /* slice(1, None, -1).indices(10) -> (1, -1, -1) */
    mn_object *m1 = I(-1), *ten = I(10), *five = I(5), *seven = I(7);
    mn_object *a = mn_slice_new(one, NULL, m1);
    assert_repr_steal(mn_object_call_method(a, "indices", &ten, 1), "(1, -1, -1)");
    MN_DECREF(a);
    a = mn_slice_new(NULL, NULL, m1);   /* slice(None, None, -1).indices(5) */
    assert_repr_steal(mn_object_call_method(a, "indices", &five, 1), "(4, -1, -1)");
    cr_assert_null(mn_object_call_method(a, "indices", &m1, 1));
    assert_error(&mn_exc_ValueError, "length should not be negative");
    MN_DECREF(a);
    mn_object *m100 = I(-100), *big = pow10(30);
    a = mn_slice_new(m100, big, NULL);  /* slice(-100, 10**30).indices(7) */
    assert_repr_steal(mn_object_call_method(a, "indices", &seven, 1), "(0, 7, 1)");
    MN_DECREF(a);
    mn_object *z = I(0);
    a = mn_slice_new(one, two, z);      /* slice(1, 2, 0).indices(5) */
    cr_assert_null(mn_object_call_method(a, "indices", &five, 1));
    assert_error(&mn_exc_ValueError, "slice step cannot be zero");
    MN_DECREF(a);

    /* mn_slice_indices: [1][-100:10**30] style clamping */
    mn_ssize start, stop, step;
    a = mn_slice_new(m100, big, NULL);
    cr_assert_eq(mn_slice_indices(a, 7, &start, &stop, &step), 7);
    cr_assert(start == 0 && stop == 7 && step == 1);
    MN_DECREF(a);
    a = mn_slice_new(NULL, NULL, m1);
    cr_assert_eq(mn_slice_indices(a, 5, &start, &stop, &step), 5);
    cr_assert(start == 4 && stop == -1 && step == -1);
    MN_DECREF(a);
    mn_object *f = mn_float_from_double(1.5);
    a = mn_slice_new(f, NULL, NULL);
    cr_assert_eq(mn_slice_indices(a, 5, &start, &stop, &step), -1);
    assert_error(&mn_exc_TypeError, "slice indices must be integers or None or have an __index__ method");
    MN_DECREF(a);
    MN_DECREF(f);
    MN_DECREF(z);
    MN_DECREF(m100);
    MN_DECREF(big);
    MN_DECREF(m1);
    MN_DECREF(ten);
    MN_DECREF(five);
    MN_DECREF(seven);
    MN_DECREF(s2b);
    MN_DECREF(s2);
    MN_DECREF(s);
    MN_DECREF(one);
    MN_DECREF(two);
}

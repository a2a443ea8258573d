/* tests/unit/test_list.c — unit tests for runtime/list.c and listsort.c.
 * Expected values come from CPython 3.11; the Python expression is in the
 * comment next to each. */
#include "tests/unit/seq_test_util.h"

TestSuite(list, .init = seq_setup, .fini = seq_teardown);

#define ALLOCATED(l) (((mn_list *)(l))->allocated)

/* The capacity sequence CPython 3.11's list_resize produces for appends. */
static mn_ssize formula_next(mn_ssize allocated, mn_ssize size)
{
    mn_ssize newsize = size + 1;
    if (allocated >= newsize && newsize >= (allocated >> 1))
        return allocated;
    size_t na = ((size_t)newsize + ((size_t)newsize >> 3) + 6) & ~(size_t)3;
    if (newsize - size > (mn_ssize)(na - (size_t)newsize))
        na = ((size_t)newsize + 3) & ~(size_t)3;
    return (mn_ssize)na;
}

Test(list, million_appends_follow_cpython_growth)
{
    mn_object *l = mn_list_new(0);
    /* python3: sizes seen via (sys.getsizeof(l) - 56) // 8 while appending:
     * [0, 4, 8, 16, 24, 32, 40, 52, 64, 76, 92, 108, 128, 148, 172, 200] */
    static const mn_ssize observed[] = {0, 4, 8, 16, 24, 32, 40, 52, 64, 76,
                                        92, 108, 128, 148, 172, 200};
    size_t nobs = sizeof observed / sizeof observed[0];
    mn_ssize distinct = 0, expected = 0, last = -1;
    size_t k = 0;
    for (mn_ssize i = 0; i < 1000000; i++) {
        if (ALLOCATED(l) != last) {
            last = ALLOCATED(l);
            distinct++;
            cr_assert_eq(last, expected, "append #%zd: allocated %zd, formula %zd", i, last, expected);
            if (k < nobs)
                cr_assert_eq(last, observed[k++]);
        }
        expected = formula_next(expected, i);
        cr_assert_eq(mn_list_append(l, mn_none), 0);
    }
    cr_assert_eq(MN_LIST_SIZE(l), 1000000);
    cr_assert_eq(k, nobs);
    /* python3: len of the set of capacities seen over 10**6 appends == 87 */
    cr_assert_eq(distinct, 87);
    /* list.__sizeof__ reports 40 + 8 * allocated (CPython: [].__sizeof__() == 40) */
    mn_object *sz = mn_object_call_method(l, "__sizeof__", NULL, 0);
    cr_assert_eq(mn_int_as_ssize(sz), 40 + 8 * ALLOCATED(l));
    MN_DECREF(sz);
    MN_DECREF(l);
}

Test(list, shrink_and_preallocation)
{
    /* l = list(range(10)); (sys.getsizeof(l) - 56) // 8 -> 10 */
    mn_object *k10 = I(10);
    mn_object *r = mn_range_new(NULL, k10, NULL);
    MN_DECREF(k10);
    mn_object *l = mn_list_from_iterable(r);
    cr_assert_eq(ALLOCATED(l), 10);
    /* 9 x l.pop() -> 4 */
    for (int i = 0; i < 9; i++)
        MN_DECREF(mn_object_call_method(l, "pop", NULL, 0));
    cr_assert_eq(ALLOCATED(l), 4);
    MN_DECREF(l);
    /* list((1, 2, 3)) -> 4 (exact preallocation rounded up to even) */
    mn_object *t = mn_tuple_pack(3, mn_none, mn_none, mn_none);
    l = mn_list_from_iterable(t);
    cr_assert_eq(ALLOCATED(l), 4);
    MN_DECREF(l);
    MN_DECREF(t);
    /* l = list(range(100)); del l[10:] -> 16 */
    mn_object *h = I(100);
    mn_object *r100 = mn_range_new(NULL, h, NULL);
    MN_DECREF(h);
    l = mn_list_from_iterable(r100);
    mn_object *ten = I(10);
    mn_object *sl = mn_slice_new(ten, NULL, NULL);
    cr_assert_eq(mn_object_delitem(l, sl), 0);
    cr_assert_eq(MN_LIST_SIZE(l), 10);
    cr_assert_eq(ALLOCATED(l), 16);
    /* [None] * 5 -> allocated 5 */
    mn_object *one = mn_list_new(0);
    mn_list_append(one, mn_none);
    mn_object *five = I(5);
    mn_object *rep = mn_number_binop(one, five, MN_BINOP_MULTIPLY);
    cr_assert_eq(ALLOCATED(rep), 5);
    assert_repr(rep, "[None, None, None, None, None]");
    MN_DECREF(rep);
    /* 5 * [None] works too */
    rep = mn_number_binop(five, one, MN_BINOP_MULTIPLY);
    cr_assert_eq(MN_LIST_SIZE(rep), 5);
    MN_DECREF(rep);
    MN_DECREF(five);
    MN_DECREF(one);
    MN_DECREF(sl);
    MN_DECREF(ten);
    MN_DECREF(l);
    MN_DECREF(r100);
    MN_DECREF(r);
}

/* list extended by an iterator: the length hint sizes the list. */
Test(list, extend_with_length_hint)
{
    /* python3: g = lambda l: (sys.getsizeof(l) - 56) // 8
     * n:                          1  3  5  7  9   17   100
     * l = []; l.extend(iter(L))   2  4  6  8  10  18   100
     * l = [0]; l.extend(iter(L))  8  8  12 8  12  20   104 */
    static const int ns[] = {1, 3, 5, 7, 9, 17, 100};
    static const mn_ssize empty_cap[] = {2, 4, 6, 8, 10, 18, 100};
    static const mn_ssize one_cap[] = {8, 8, 12, 8, 12, 20, 104};
    for (int k = 0; k < 7; k++) {
        mn_object *src = mn_list_new(0);
        for (int i = 0; i < ns[k]; i++)
            mn_list_append(src, mn_none);
        mn_object *l = mn_list_new(0), *it = mn_object_get_iter(src);
        cr_assert_eq(mn_list_extend(l, it), 0);
        cr_assert_eq(ALLOCATED(l), empty_cap[k], "n=%d: %zd", ns[k], ALLOCATED(l));
        MN_DECREF(it);
        MN_DECREF(l);
        l = mn_list_new(1);
        MN_LIST_SET(l, 0, mn_new_ref(mn_none));
        it = mn_object_get_iter(src);
        cr_assert_eq(mn_list_extend(l, it), 0);
        cr_assert_eq(ALLOCATED(l), one_cap[k], "n=%d: %zd", ns[k], ALLOCATED(l));
        cr_assert_eq(MN_LIST_SIZE(l), ns[k] + 1);
        MN_DECREF(it);
        MN_DECREF(l);
        /* list(iter(L)) is sized like [] + extend */
        it = mn_object_get_iter(src);
        l = mn_list_from_iterable(it);
        cr_assert_eq(ALLOCATED(l), empty_cap[k]);
        MN_DECREF(it);
        MN_DECREF(l);
        MN_DECREF(src);
    }
}

Test(list, basic_methods)
{
    mn_object *l = int_list(3, 1, 2, 3);
    assert_repr(l, "[1, 2, 3]");
    mn_object *a[2];
    a[0] = I(0);
    a[1] = I(9);
    MN_DECREF(mn_object_call_method(l, "insert", a, 2));   /* l.insert(0, 9) */
    assert_repr(l, "[9, 1, 2, 3]");
    MN_DECREF(a[0]);
    a[0] = I(-100);
    MN_DECREF(mn_object_call_method(l, "insert", a, 2));   /* l.insert(-100, 9) */
    assert_repr(l, "[9, 9, 1, 2, 3]");
    MN_DECREF(a[0]);
    a[0] = I(100);
    MN_DECREF(mn_object_call_method(l, "insert", a, 2));   /* l.insert(100, 9) */
    assert_repr(l, "[9, 9, 1, 2, 3, 9]");
    assert_repr_steal(mn_object_call_method(l, "count", &a[1], 1), "3");
    assert_repr_steal(mn_object_call_method(l, "index", &a[1], 1), "0");
    MN_DECREF(mn_object_call_method(l, "remove", &a[1], 1));
    assert_repr(l, "[9, 1, 2, 3, 9]");
    /* l.index(9, 1) -> 4 */
    MN_DECREF(a[0]);
    mn_object *st = I(1);
    mn_object *args2[2] = {a[1], st};
    assert_repr_steal(mn_object_call_method(l, "index", args2, 2), "4");
    /* l.pop() -> 9; l.pop(0) -> 9; l.pop(-2) -> 2 */
    assert_repr_steal(mn_object_call_method(l, "pop", NULL, 0), "9");
    mn_object *z = I(0), *m2 = I(-2);
    assert_repr_steal(mn_object_call_method(l, "pop", &z, 1), "9");
    assert_repr_steal(mn_object_call_method(l, "pop", &m2, 1), "2");
    assert_repr(l, "[1, 3]");
    MN_DECREF(mn_object_call_method(l, "reverse", NULL, 0));
    assert_repr(l, "[3, 1]");
    mn_object *c = mn_object_call_method(l, "copy", NULL, 0);
    cr_assert_neq(c, l);
    assert_repr(c, "[3, 1]");
    MN_DECREF(mn_object_call_method(l, "clear", NULL, 0));
    assert_repr(l, "[]");
    cr_assert_eq(ALLOCATED(l), 0);
    /* c.extend((7, 8)); c.extend(range(2)) */
    mn_object *t = mn_tuple_pack(2, a[1], st);
    MN_DECREF(mn_object_call_method(c, "extend", &t, 1));
    mn_object *two = I(2);
    mn_object *rg = mn_range_new(NULL, two, NULL);
    MN_DECREF(mn_object_call_method(c, "extend", &rg, 1));
    assert_repr(c, "[3, 1, 9, 1, 0, 1]");
    /* c.extend(c) doubles it */
    MN_DECREF(mn_object_call_method(c, "extend", &c, 1));
    cr_assert_eq(MN_LIST_SIZE(c), 12);
    MN_DECREF(rg);
    MN_DECREF(two);
    MN_DECREF(t);
    MN_DECREF(c);
    MN_DECREF(z);
    MN_DECREF(m2);
    MN_DECREF(st);
    MN_DECREF(a[1]);
    MN_DECREF(l);
}

Test(list, method_errors)
{
    mn_object *l = mn_list_new(0);
    mn_object *five = I(5);
    cr_assert_null(mn_object_call_method(l, "pop", NULL, 0));
    assert_error(&mn_exc_IndexError, "pop from empty list");          /* [].pop() */
    cr_assert_null(mn_object_call_method(l, "remove", &five, 1));
    assert_error(&mn_exc_ValueError, "list.remove(x): x not in list"); /* [].remove(5) */
    cr_assert_null(mn_object_call_method(l, "index", &five, 1));
    assert_error(&mn_exc_ValueError, "5 is not in list");              /* [].index(5) */
    mn_list_append(l, five);
    cr_assert_null(mn_object_call_method(l, "pop", &five, 1));
    assert_error(&mn_exc_IndexError, "pop index out of range");        /* [5].pop(5) */
    cr_assert_null(mn_object_call_method(l, "insert", &five, 1));
    assert_error(&mn_exc_TypeError, "insert expected 2 arguments, got 1");
    mn_object *args[2] = {five, mn_none};
    cr_assert_null(mn_object_call_method(l, "index", args, 2));        /* [5].index(5, None) */
    assert_error(&mn_exc_TypeError, "slice indices must be integers or have an __index__ method");
    cr_assert_null(mn_object_call_method(l, "sort", &five, 1));        /* [5].sort(5) */
    assert_error(&mn_exc_TypeError, "sort() takes no positional arguments");
    cr_assert_null(call_kw(l, "sort", NULL, 0, "reverse", mn_none, NULL, NULL));
    assert_error(&mn_exc_TypeError, "'NoneType' object cannot be interpreted as an integer");
    cr_assert_eq(mn_object_hash(l), -1);                                 /* hash([]) */
    assert_error(&mn_exc_TypeError, "unhashable type: 'list'");
    MN_DECREF(five);
    MN_DECREF(l);
}

Test(list, indexing)
{
    mn_object *l = int_list(4, 10, 20, 30, 40);
    mn_object *m1 = I(-1), *k4 = I(4), *m5 = I(-5);
    assert_repr_steal(mn_object_getitem(l, m1), "40");                  /* l[-1] */
    cr_assert_null(mn_object_getitem(l, k4));                           /* l[4] */
    assert_error(&mn_exc_IndexError, "list index out of range");
    cr_assert_null(mn_object_getitem(l, m5));
    assert_error(&mn_exc_IndexError, "list index out of range");
    mn_object *s = mn_str_from_cstr("a");
    cr_assert_null(mn_object_getitem(l, s));                            /* l["a"] */
    assert_error(&mn_exc_TypeError, "list indices must be integers or slices, not str");
    cr_assert_eq(mn_object_setitem(l, m1, s), 0);                       /* l[-1] = "a" */
    assert_repr(l, "[10, 20, 30, 'a']");
    cr_assert_eq(mn_object_setitem(l, k4, s), -1);                      /* l[4] = "a" */
    assert_error(&mn_exc_IndexError, "list assignment index out of range");
    cr_assert_eq(mn_object_delitem(l, k4), -1);                         /* del l[4] */
    assert_error(&mn_exc_IndexError, "list assignment index out of range");
    cr_assert_eq(mn_object_delitem(l, m1), 0);                          /* del l[-1] */
    assert_repr(l, "[10, 20, 30]");
    cr_assert_eq(mn_sequence_contains(l, m1), 0);                       /* -1 in l */
    mn_object *twenty = I(20);
    cr_assert_eq(mn_sequence_contains(l, twenty), 1);                   /* 20 in l */
    MN_DECREF(twenty);
    MN_DECREF(s);
    MN_DECREF(m1);
    MN_DECREF(k4);
    MN_DECREF(m5);
    MN_DECREF(l);
}

/* l[start:stop:step] from C ints (INT64_MIN stands for None). */
#define NONE_IDX INT64_MIN
static mn_object *mkslice(int64_t a, int64_t b, int64_t c)
{
    mn_object *oa = a == NONE_IDX ? NULL : I(a), *ob = b == NONE_IDX ? NULL : I(b),
              *oc = c == NONE_IDX ? NULL : I(c);
    mn_object *s = mn_slice_new(oa, ob, oc);
    MN_XDECREF(oa);
    MN_XDECREF(ob);
    MN_XDECREF(oc);
    return s;
}

static void check_get(mn_object *l, int64_t a, int64_t b, int64_t c, const char *expected)
{
    mn_object *s = mkslice(a, b, c);
    assert_repr_steal(mn_object_getitem(l, s), expected);
    MN_DECREF(s);
}

static void check_set(int64_t a, int64_t b, int64_t c, mn_object *value, const char *expected)
{
    mn_object *l = int_list(6, 0, 1, 2, 3, 4, 5);
    mn_object *s = mkslice(a, b, c);
    if (value)
        cr_assert_eq(mn_object_setitem(l, s, value), 0);
    else
        cr_assert_eq(mn_object_delitem(l, s), 0);
    assert_repr(l, expected);
    MN_DECREF(s);
    MN_DECREF(l);
}

Test(list, slicing)
{
    mn_object *l = int_list(6, 0, 1, 2, 3, 4, 5);
    check_get(l, 1, 4, NONE_IDX, "[1, 2, 3]");          /* l[1:4] */
    check_get(l, NONE_IDX, NONE_IDX, -1, "[5, 4, 3, 2, 1, 0]");   /* l[::-1] */
    check_get(l, NONE_IDX, NONE_IDX, 2, "[0, 2, 4]");    /* l[::2] */
    check_get(l, -2, NONE_IDX, NONE_IDX, "[4, 5]");      /* l[-2:] */
    check_get(l, 4, 1, -2, "[4, 2]");                    /* l[4:1:-2] */
    check_get(l, 10, 20, NONE_IDX, "[]");                /* l[10:20] */
    check_get(l, -100, 100, 3, "[0, 3]");                /* l[-100:100:3] */
    mn_object *s = mkslice(NONE_IDX, NONE_IDX, 0);
    cr_assert_null(mn_object_getitem(l, s));             /* l[::0] */
    assert_error(&mn_exc_ValueError, "slice step cannot be zero");
    MN_DECREF(s);
    mn_object *str = mn_str_from_cstr("a");
    s = mn_slice_new(str, NULL, NULL);
    cr_assert_null(mn_object_getitem(l, s));             /* l["a":] */
    assert_error(&mn_exc_TypeError, "slice indices must be integers or None or have an __index__ method");
    MN_DECREF(s);

    mn_object *ab = int_list(2, 7, 8), *empty = mn_list_new(0);
    mn_object *t3 = mn_tuple_pack(3, mn_none, mn_none, mn_none);
    check_set(1, 3, NONE_IDX, ab, "[0, 7, 8, 3, 4, 5]");            /* l[1:3] = [7, 8] */
    check_set(1, 2, NONE_IDX, ab, "[0, 7, 8, 2, 3, 4, 5]");         /* l[1:2] = [7, 8] */
    check_set(1, 5, NONE_IDX, ab, "[0, 7, 8, 5]");                  /* l[1:5] = [7, 8] */
    check_set(0, 0, NONE_IDX, t3, "[None, None, None, 0, 1, 2, 3, 4, 5]");  /* l[:0] = (None,)*3 */
    check_set(4, 1, NONE_IDX, ab, "[0, 1, 2, 3, 7, 8, 4, 5]");      /* l[4:1] = [7, 8] */
    check_set(NONE_IDX, NONE_IDX, NONE_IDX, empty, "[]");           /* l[:] = [] */
    check_set(NONE_IDX, NONE_IDX, 3, ab, "[7, 1, 2, 8, 4, 5]");     /* l[::3] = [7, 8] */
    check_set(NONE_IDX, NONE_IDX, -2, t3, "[0, None, 2, None, 4, None]"); /* l[::-2] = (None,)*3 */
    check_set(1, 3, NONE_IDX, NULL, "[0, 3, 4, 5]");                /* del l[1:3] */
    check_set(NONE_IDX, NONE_IDX, 2, NULL, "[1, 3, 5]");            /* del l[::2] */
    check_set(NONE_IDX, NONE_IDX, -2, NULL, "[0, 2, 4]");           /* del l[::-2] */
    check_set(1, NONE_IDX, 3, NULL, "[0, 2, 3, 5]");                /* del l[1::3] */
    check_set(5, 0, -1, NULL, "[0]");                               /* del l[5:0:-1] */
    check_set(NONE_IDX, NONE_IDX, 10, NULL, "[1, 2, 3, 4, 5]");     /* del l[::10] */

    /* l[::2] = [1, 2, 3] with len(l) == 4 */
    mn_object *l4 = int_list(4, 1, 2, 3, 4), *l3 = int_list(3, 1, 2, 3);
    s = mkslice(NONE_IDX, NONE_IDX, 2);
    cr_assert_eq(mn_object_setitem(l4, s, l3), -1);
    assert_error(&mn_exc_ValueError, "attempt to assign sequence of size 3 to extended slice of size 2");
    mn_object *one = I(1);
    cr_assert_eq(mn_object_setitem(l4, s, one), -1);                /* l[::2] = 1 */
    assert_error(&mn_exc_TypeError, "must assign iterable to extended slice");
    MN_DECREF(s);
    s = mkslice(0, 1, NONE_IDX);
    cr_assert_eq(mn_object_setitem(l4, s, one), -1);                /* l[0:1] = 1 */
    assert_error(&mn_exc_TypeError, "can only assign an iterable");
    /* l4[0:1] = l4 -> [1, 2, 3, 4, 2, 3, 4] */
    cr_assert_eq(mn_object_setitem(l4, s, l4), 0);
    assert_repr(l4, "[1, 2, 3, 4, 2, 3, 4]");
    MN_DECREF(s);
    /* l4[::-1] = l4 -> reversed */
    s = mkslice(NONE_IDX, NONE_IDX, -1);
    cr_assert_eq(mn_object_setitem(l4, s, l4), 0);
    assert_repr(l4, "[4, 3, 2, 4, 3, 2, 1]");
    MN_DECREF(s);
    MN_DECREF(one);
    MN_DECREF(l4);
    MN_DECREF(l3);
    MN_DECREF(ab);
    MN_DECREF(empty);
    MN_DECREF(t3);
    MN_DECREF(str);
    MN_DECREF(l);
}

Test(list, operators)
{
    mn_object *a = int_list(2, 1, 2), *b = int_list(1, 3);
    assert_repr_steal(mn_number_binop(a, b, MN_BINOP_ADD), "[1, 2, 3]");      /* [1, 2] + [3] */
    mn_object *t = mn_tuple_pack(1, mn_none);
    cr_assert_null(mn_number_binop(a, t, MN_BINOP_ADD));                     /* [1, 2] + (None,) */
    assert_error(&mn_exc_TypeError, "can only concatenate list (not \"tuple\") to list");
    mn_object *f = mn_float_from_double(2.0);
    cr_assert_null(mn_number_binop(a, f, MN_BINOP_MULTIPLY));                /* [1, 2] * 2.0 */
    assert_error(&mn_exc_TypeError, "can't multiply sequence by non-int of type 'float'");
    cr_assert_null(mn_number_binop(f, a, MN_BINOP_MULTIPLY));                /* 2.0 * [1, 2] */
    assert_error(&mn_exc_TypeError, "can't multiply sequence by non-int of type 'float'");
    mn_object *zero = I(0), *m3 = I(-3), *two = I(2);
    assert_repr_steal(mn_number_binop(a, zero, MN_BINOP_MULTIPLY), "[]");     /* [1, 2] * 0 */
    assert_repr_steal(mn_number_binop(m3, a, MN_BINOP_MULTIPLY), "[]");       /* -3 * [1, 2] */
    assert_repr_steal(mn_number_binop(two, a, MN_BINOP_MULTIPLY), "[1, 2, 1, 2]");
    /* a += (None,) keeps identity; a *= 2 */
    mn_object *r = mn_number_binop(a, t, MN_BINOP_ADD + MN_BINOP_INPLACE);
    cr_assert_eq(r, a);
    MN_DECREF(r);
    r = mn_number_binop(a, two, MN_BINOP_MULTIPLY + MN_BINOP_INPLACE);
    cr_assert_eq(r, a);
    MN_DECREF(r);
    assert_repr(a, "[1, 2, None, 1, 2, None]");
    r = mn_number_binop(a, zero, MN_BINOP_MULTIPLY + MN_BINOP_INPLACE);   /* a *= 0 */
    assert_repr_steal(r, "[]");
    mn_object *hundred = I(100);
    mn_object *big = mn_number_binop(two, hundred, MN_BINOP_POWER);        /* [2] * 2**100 */
    MN_DECREF(hundred);
    MN_DECREF(mn_object_call_method(a, "append", &two, 1));
    cr_assert_null(mn_number_binop(a, big, MN_BINOP_MULTIPLY));
    assert_error(&mn_exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    MN_DECREF(big);
    MN_DECREF(zero);
    MN_DECREF(m3);
    MN_DECREF(two);
    MN_DECREF(f);
    MN_DECREF(t);
    MN_DECREF(a);
    MN_DECREF(b);
}

static int cmp(mn_object *a, mn_object *b, int op)
{
    int r = mn_object_richcompare_bool(a, b, op);
    cr_assert_geq(r, 0);
    return r;
}

Test(list, comparisons)
{
    mn_object *a = int_list(3, 1, 2, 3), *b = int_list(2, 1, 2), *c = int_list(3, 1, 3, 0);
    cr_assert(cmp(b, a, MN_LT));         /* [1, 2] < [1, 2, 3] */
    cr_assert(cmp(a, c, MN_LT));         /* [1, 2, 3] < [1, 3, 0] */
    cr_assert(!cmp(a, b, MN_EQ));
    cr_assert(cmp(a, b, MN_NE));
    cr_assert(cmp(c, a, MN_GE));
    mn_object *a2 = int_list(3, 1, 2, 3);
    cr_assert(cmp(a, a2, MN_EQ));
    cr_assert(cmp(a, a2, MN_LE));
    mn_object *one = I(1);
    cr_assert_null(mn_object_richcompare(a, one, MN_LT));   /* [1, 2, 3] < 1 */
    assert_error(&mn_exc_TypeError, "'<' not supported between instances of 'list' and 'int'");
    MN_DECREF(one);
    MN_DECREF(a);
    MN_DECREF(a2);
    MN_DECREF(b);
    MN_DECREF(c);
}

Test(list, repr_self_reference_and_iteration)
{
    mn_object *l = int_list(1, 1);
    mn_list_append(l, l);
    assert_repr(l, "[1, [...]]");   /* l = [1]; l.append(l); repr(l) */
    /* Break the cycle by hand (the collector does it in real programs). */
    MN_DECREF(mn_object_call_method(l, "clear", NULL, 0));
    MN_DECREF(l);

    l = int_list(3, 1, 2, 3);
    mn_object *it = mn_object_get_iter(l);
    assert_repr_steal(mn_object_call_method(it, "__length_hint__", NULL, 0), "3");
    assert_repr_steal(mn_iter_next(it), "1");
    mn_object *four = I(4);
    mn_list_append(l, four);   /* iterators see appends */
    assert_repr_steal(mn_iter_next(it), "2");
    assert_repr_steal(mn_iter_next(it), "3");
    assert_repr_steal(mn_iter_next(it), "4");
    cr_assert_null(mn_iter_next(it));
    cr_assert_null(mn_err_occurred());
    MN_DECREF(it);
    it = mn_object_call_method(l, "__reversed__", NULL, 0);   /* list(reversed(l)) */
    cr_assert_str_eq(MN_TYPE_NAME(it), "list_reverseiterator");
    mn_object *rl = mn_list_from_iterable(it);
    assert_repr_steal(rl, "[4, 3, 2, 1]");
    MN_DECREF(it);
    MN_DECREF(four);
    MN_DECREF(l);
}

/* ---------------------------------------------------------------- sort */

static uint64_t rng_state = 0x243F6A8885A308D3ull;
static uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void check_sorted_against_qsort(int n, int64_t modulo, int big)
{
    int64_t *ref = malloc(sizeof(int64_t) * (size_t)n);
    mn_object *l = mn_list_new(0);
    for (int i = 0; i < n; i++) {
        ref[i] = (int64_t)(rng() % (uint64_t)modulo) - modulo / 2;
        mn_object *v = I(ref[i]);
        if (big) {   /* push values outside int64 to take the generic path */
            mn_object *shift = I(70);
            mn_object *t = mn_number_binop(v, shift, MN_BINOP_LSHIFT);
            MN_DECREF(shift);
            MN_DECREF(v);
            v = t;
        }
        mn_list_append(l, v);
        MN_DECREF(v);
    }
    qsort(ref, (size_t)n, sizeof(int64_t), cmp_i64);
    cr_assert_eq(mn_list_sort(l, NULL, 0), 0);
    mn_object *shift = I(70);
    for (int i = 0; i < n; i++) {
        mn_object *v = MN_LIST_GET(l, i);
        mn_object *t = big ? mn_number_binop(v, shift, MN_BINOP_RSHIFT) : mn_new_ref(v);
        cr_assert_eq(mn_int_as_i64(t), ref[i], "index %d", i);
        MN_DECREF(t);
    }
    MN_DECREF(shift);
    MN_DECREF(l);
    free(ref);
}

Test(list, sort_100000_random_ints)
{
    check_sorted_against_qsort(100000, 1000000007, 0);
    check_sorted_against_qsort(100000, 100, 0);       /* many duplicates */
    check_sorted_against_qsort(20000, 1000003, 1);    /* big ints: generic compare */
}

Test(list, sort_natural_runs)
{
    /* ascending, descending and sawtooth inputs */
    for (int shape = 0; shape < 3; shape++) {
        mn_object *l = mn_list_new(0);
        for (int i = 0; i < 5000; i++) {
            int v = shape == 0 ? i : shape == 1 ? 5000 - i : (i % 100) * 7 - i / 100;
            mn_object *o = I(v);
            mn_list_append(l, o);
            MN_DECREF(o);
        }
        cr_assert_eq(mn_list_sort(l, NULL, 0), 0);
        for (int i = 1; i < 5000; i++)
            cr_assert_leq(mn_int_as_i64(MN_LIST_GET(l, i - 1)), mn_int_as_i64(MN_LIST_GET(l, i)));
        MN_DECREF(l);
    }
}

/* key=lambda t: t[0] */
static mn_object *first_item(mn_object *self MN_UNUSED, mn_object *const *args,
                             mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return mn_new_ref(MN_TUPLE_GET(args[0], 0));
}
static mn_method_def first_item_def = {"first", first_item, MN_METH_O, NULL};

static int key_calls;
static mn_object *counting_key(mn_object *self MN_UNUSED, mn_object *const *args,
                               mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    key_calls++;
    return mn_new_ref(MN_TUPLE_GET(args[0], 0));
}
static mn_method_def counting_key_def = {"counting", counting_key, MN_METH_O, NULL};

/* Builds [(k, i) for i, k in enumerate(keys)] */
static mn_object *pairs(int n, const int *keys)
{
    mn_object *l = mn_list_new(0);
    for (int i = 0; i < n; i++) {
        mn_object *k = I(keys[i]), *v = I(i);
        mn_object *t = mn_tuple_pack(2, k, v);
        mn_list_append(l, t);
        MN_DECREF(t);
        MN_DECREF(k);
        MN_DECREF(v);
    }
    return l;
}

Test(list, sort_stability_key_reverse)
{
    static const int keys[] = {2, 1, 2, 0, 1, 2, 0};
    mn_object *key = c_callable(&first_item_def);
    /* sorted(pairs, key=lambda t: t[0]) */
    mn_object *l = pairs(7, keys);
    assert_repr_steal(call_kw(l, "sort", NULL, 0, "key", key, NULL, NULL), "None");
    assert_repr(l, "[(0, 3), (0, 6), (1, 1), (1, 4), (2, 0), (2, 2), (2, 5)]");
    MN_DECREF(l);
    /* sorted(pairs, key=lambda t: t[0], reverse=True) */
    l = pairs(7, keys);
    assert_repr_steal(call_kw(l, "sort", NULL, 0, "key", key, "reverse", mn_true), "None");
    assert_repr(l, "[(2, 0), (2, 2), (2, 5), (1, 1), (1, 4), (0, 3), (0, 6)]");
    MN_DECREF(l);
    /* Long input (merges, not just insertion sort): stability with
     * key=t[0] for keys i % 7, checked against the second element. */
    int *many = malloc(sizeof(int) * 3000);
    for (int i = 0; i < 3000; i++)
        many[i] = (int)(rng() % 7);
    key_calls = 0;
    mn_object *ck = c_callable(&counting_key_def);
    l = pairs(3000, many);
    cr_assert_eq(mn_list_sort(l, ck, 1), 0);
    cr_assert_eq(key_calls, 3000);   /* key computed once per item */
    for (int i = 1; i < 3000; i++) {
        mn_object *p = MN_LIST_GET(l, i - 1), *q = MN_LIST_GET(l, i);
        int64_t kp = mn_int_as_i64(MN_TUPLE_GET(p, 0)), kq = mn_int_as_i64(MN_TUPLE_GET(q, 0));
        cr_assert_geq(kp, kq);
        if (kp == kq)
            cr_assert_lt(mn_int_as_i64(MN_TUPLE_GET(p, 1)), mn_int_as_i64(MN_TUPLE_GET(q, 1)));
    }
    MN_DECREF(l);
    MN_DECREF(ck);
    free(many);
    MN_DECREF(key);
}

static mn_object *victim;
static mn_object *mutating_key(mn_object *self MN_UNUSED, mn_object *const *args,
                               mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_list_append(victim, args[0]);   /* the list looks empty during the sort */
    return mn_new_ref(args[0]);
}
static mn_method_def mutating_key_def = {"mut", mutating_key, MN_METH_O, NULL};

Test(list, sort_errors)
{
    /* x = [3, 1, 2]; x.sort(key=lambda v: x.append(1) or v) */
    victim = int_list(3, 3, 1, 2);
    mn_object *key = c_callable(&mutating_key_def);
    cr_assert_eq(mn_list_sort(victim, key, 0), -1);
    assert_error(&mn_exc_ValueError, "list modified during sort");
    cr_assert_eq(MN_LIST_SIZE(victim), 3);
    MN_DECREF(key);
    MN_DECREF(victim);
    /* [3, (1,), 2].sort() -> TypeError, list keeps its items */
    mn_object *l = int_list(2, 3, 2);
    mn_object *one = I(1);
    mn_object *t = mn_tuple_pack(1, one);
    mn_list_insert(l, 1, t);
    cr_assert_eq(mn_list_sort(l, NULL, 0), -1);
    cr_assert(mn_err_matches(&mn_exc_TypeError));
    mn_err_clear();
    cr_assert_eq(MN_LIST_SIZE(l), 3);
    MN_DECREF(t);
    MN_DECREF(one);
    MN_DECREF(l);
}

Test(list, constructor)
{
    mn_object *lt = (mn_object *)&mn_list_type;
    mn_object *t = mn_tuple_pack(2, mn_none, mn_true);
    assert_repr_steal(mn_object_call(lt, &t, 1, NULL), "[None, True]");       /* list((None, True)) */
    assert_repr_steal(mn_object_call(lt, NULL, 0, NULL), "[]");                /* list() */
    mn_object *two[2] = {t, t};
    cr_assert_null(mn_object_call(lt, two, 2, NULL));                          /* list(t, t) */
    assert_error(&mn_exc_TypeError, "list expected at most 1 argument, got 2");
    mn_object *one = I(1);
    cr_assert_null(mn_object_call(lt, &one, 1, NULL));                         /* list(1) */
    assert_error(&mn_exc_TypeError, "'int' object is not iterable");
    MN_DECREF(one);
    MN_DECREF(t);
}

/* tests/unit/test_dict.c — the dict type, its views and iterators.
 * Expected values come from CPython 3.11; the Python expression that
 * produces each one is written next to it. */
#include <criterion/criterion.h>
#include <string.h>

#include "runtime/runtime.h"

static void setup(void) { cr_assert_eq(mn_runtime_init(), 0); }
static void teardown(void) { mn_runtime_fini(); }

TestSuite(dict, .init = setup, .fini = teardown);

/* ---------------------------------------------------------------- helpers */

static mn_object *I(mn_ssize v) { return mn_int_from_ssize(v); }
static mn_object *S(const char *s) { return mn_str_from_cstr(s); }

/* Asserts repr(o) == expected; consumes o when `steal`. */
/* Describes the pending exception (for failure messages). */
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

/* Asserts the current exception is `type` with str(exc) == msg; clears it. */
static void check_error(mn_type *type, const char *msg)
{
    mn_object *exc = mn_err_occurred();
    cr_assert_not_null(exc, "expected %s", msg);
    cr_assert(mn_err_matches(type), "wrong exception (%s), expected %s: %s",
              pending_error(), type->name, msg);
    mn_object *s = mn_object_str(exc);
    cr_assert_not_null(s);
    cr_assert_str_eq(mn_str_as_utf8(s), msg);
    MN_DECREF(s);
    mn_err_clear();
}

/* obj.name(*args) with borrowed args; returns a new reference or NULL. */
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

/* d[k] = v with ints, dropping our temporaries. */
static void set_ii(mn_object *d, mn_ssize k, mn_ssize v)
{
    mn_object *ko = I(k), *vo = I(v);
    cr_assert_eq(mn_dict_set_item(d, ko, vo), 0);
    MN_DECREF(ko);
    MN_DECREF(vo);
}

static mn_object *dict_from_pairs(int n, const mn_ssize *kv)
{
    mn_object *d = mn_dict_new();
    for (int i = 0; i < n; i++)
        set_ii(d, kv[2 * i], kv[2 * i + 1]);
    return d;
}

/* ----------------------------------------------------------- basic API */

Test(dict, set_get_del_contains)
{
    mn_object *d = mn_dict_new();
    check_repr(d, "{}");                                   /* repr({}) */
    mn_object *k = S("a"), *v = I(1);
    cr_assert_eq(mn_dict_set_item(d, k, v), 0);
    cr_assert_eq(mn_dict_get_item(d, k), v);
    cr_assert_eq(mn_dict_get_item_str(d, "a"), v);
    cr_assert_eq(mn_dict_contains(d, k), 1);
    cr_assert_eq(MN_DICT_SIZE(d), 1);
    check_repr(d, "{'a': 1}");                              /* repr({'a': 1}) */
    cr_assert_eq(mn_dict_set_item_str(d, "b", v), 0);
    check_repr(d, "{'a': 1, 'b': 1}");
    cr_assert_eq(mn_dict_del_item_str(d, "a"), 0);
    cr_assert_null(mn_dict_get_item(d, k));
    cr_assert_null(mn_err_occurred());
    cr_assert_eq(mn_dict_del_item(d, k), -1);
    check_error(&mn_exc_KeyError, "'a'");                  /* del {}['a'] -> KeyError: 'a' */
    check_repr(d, "{'b': 1}");
    /* Overwriting keeps the position and the original key object. */
    set_ii(d, 5, 50);
    mn_object *b = S("b"), *two = I(2);
    cr_assert_eq(mn_dict_set_item(d, b, two), 0);
    check_repr(d, "{'b': 2, 5: 50}");
    int found;
    mn_object *p = mn_dict_pop_item(d, b, &found);
    cr_assert(found);
    cr_assert_eq(p, two);
    MN_DECREF(p);
    p = mn_dict_pop_item(d, b, &found);
    cr_assert(!found && p == NULL && !mn_err_occurred());
    /* 1 == 1.0 == True are the same key (same hash, equal). */
    mn_object *t = mn_true;
    cr_assert_eq(mn_dict_set_item(d, t, t), 0);
    set_ii(d, 1, 100);
    check_repr(d, "{5: 50, True: 100}");                   /* d={5:50}; d[True]=True; d[1]=100 */
    mn_dict_clear(d);
    check_repr(d, "{}");
    cr_assert_eq(MN_DICT_SIZE(d), 0);
    MN_DECREF(k); MN_DECREF(v); MN_DECREF(b); MN_DECREF(two);
    MN_DECREF(d);
}

Test(dict, unhashable_key)
{
    mn_object *d = mn_dict_new(), *l = mn_list_new(0), *one = I(1);
    cr_assert_eq(mn_dict_set_item(d, l, one), -1);
    check_error(&mn_exc_TypeError, "unhashable type: 'list'");   /* {}[[]] = 1 */
    cr_assert_null(mn_dict_get_item(d, l));
    check_error(&mn_exc_TypeError, "unhashable type: 'list'");
    cr_assert_eq(mn_object_hash(d), -1);
    check_error(&mn_exc_TypeError, "unhashable type: 'dict'");   /* hash({}) */
    MN_DECREF(d); MN_DECREF(l); MN_DECREF(one);
}

Test(dict, next_iterates_in_insertion_order)
{
    mn_ssize kv[] = {3, 30, 1, 10, 2, 20};
    mn_object *d = dict_from_pairs(3, kv);
    mn_ssize pos = 0, i = 0;
    mn_object *k, *v;
    while (mn_dict_next(d, &pos, &k, &v)) {
        cr_assert_eq(MN_INT_SMALL_VALUE(k), kv[2 * i]);
        cr_assert_eq(MN_INT_SMALL_VALUE(v), kv[2 * i + 1]);
        i++;
    }
    cr_assert_eq(i, 3);
    check_repr_steal(mn_dict_keys_list(d), "[3, 1, 2]");
    check_repr_steal(mn_dict_values_list(d), "[30, 10, 20]");
    check_repr_steal(mn_dict_items_list(d), "[(3, 30), (1, 10), (2, 20)]");
    MN_DECREF(d);
}

/* 100,000 inserts, deletes and re-inserts, checked against a reference
 * array of (key, alive) in insertion order. */
Test(dict, hundred_thousand_ops_keep_order_and_size)
{
    enum { N = 100000 };
    mn_ssize *order = malloc(sizeof(mn_ssize) * 3 * N);   /* key per insertion */
    char *alive = calloc(3 * N, 1);                        /* per insertion slot */
    mn_ssize *slot_of = malloc(sizeof(mn_ssize) * N);      /* key -> its live slot, -1 */
    mn_ssize nslots = 0, live = 0;
    for (mn_ssize k = 0; k < N; k++)
        slot_of[k] = -1;
    mn_object *d = mn_dict_new();
    uint64_t rng = 12345;
    for (mn_ssize step = 0; step < N; step++) {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        mn_ssize k = (mn_ssize)((rng >> 33) % N);
        mn_object *ko = I(k);
        if (slot_of[k] >= 0 && (rng & 1)) {
            /* delete a present key */
            cr_assert_eq(mn_dict_del_item(d, ko), 0);
            alive[slot_of[k]] = 0;
            slot_of[k] = -1;
            live--;
        } else if (slot_of[k] < 0) {
            /* (re-)insert: goes to the end */
            set_ii(d, k, step);
            order[nslots] = k;
            alive[nslots] = 1;
            slot_of[k] = nslots++;
            live++;
        } else {
            /* overwrite: position unchanged */
            set_ii(d, k, -k);
        }
        MN_DECREF(ko);
    }
    cr_assert_eq(MN_DICT_SIZE(d), live);
    cr_assert_eq(mn_object_length(d), live);
    mn_ssize pos = 0, j = 0;
    mn_object *k, *v;
    while (mn_dict_next(d, &pos, &k, &v)) {
        while (!alive[j])
            j++;
        cr_assert_eq(MN_INT_SMALL_VALUE(k), order[j], "order differs at slot %zd", j);
        j++;
    }
    while (j < nslots && !alive[j])
        j++;
    cr_assert_eq(j, nslots);
    /* Every live key is found, every deleted one is not. */
    for (mn_ssize key = 0; key < N; key++) {
        mn_object *ko = I(key);
        cr_assert_eq(mn_dict_contains(d, ko), slot_of[key] >= 0);
        MN_DECREF(ko);
    }
    /* Deleting everything leaves an empty dict that still works. */
    for (mn_ssize key = 0; key < N; key++) {
        if (slot_of[key] >= 0) {
            mn_object *ko = I(key);
            cr_assert_eq(mn_dict_del_item(d, ko), 0);
            MN_DECREF(ko);
        }
    }
    cr_assert_eq(MN_DICT_SIZE(d), 0);
    check_repr(d, "{}");
    set_ii(d, 7, 7);
    check_repr(d, "{7: 7}");
    MN_DECREF(d);
    free(order);
    free(alive);
    free(slot_of);
}

/* ---------------------------------------------- keys that all collide */

typedef struct collider {
    mn_object ob_base;
    long field;
} collider;

static mn_hash collider_hash(mn_object *self MN_UNUSED) { return 42; }

static mn_object *collider_richcompare(mn_object *a, mn_object *b, int op)
{
    if (MN_TYPE(a) != MN_TYPE(b) || (op != MN_EQ && op != MN_NE))
        MN_RETURN_NOT_IMPLEMENTED;
    int eq = a == b || ((collider *)a)->field == ((collider *)b)->field;
    MN_RETURN_BOOL((op == MN_EQ) == eq);
}

static void collider_dealloc(mn_object *self) { mn_object_free(self); }

static mn_type collider_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "collider",
    .basicsize = sizeof(collider),
    .dealloc = collider_dealloc,
    .hash = collider_hash,
    .richcompare = collider_richcompare,
};

static mn_object *C(long field)
{
    collider *c = (collider *)mn_type_generic_alloc(&collider_type, 0);
    c->field = field;
    return MN_OBJ(c);
}

Test(dict, all_keys_collide)
{
    cr_assert_eq(mn_type_ready(&collider_type), 0);
    enum { N = 300 };
    mn_object *d = mn_dict_new();
    for (long i = 0; i < N; i++) {
        mn_object *k = C(i), *v = I(i);
        cr_assert_eq(mn_dict_set_item(d, k, v), 0);
        MN_DECREF(k);
        MN_DECREF(v);
    }
    cr_assert_eq(MN_DICT_SIZE(d), N);
    /* Lookup with equal-but-not-identical keys. */
    for (long i = 0; i < N; i++) {
        mn_object *k = C(i);
        mn_object *v = mn_dict_get_item(d, k);
        cr_assert_not_null(v);
        cr_assert_eq(MN_INT_SMALL_VALUE(v), i);
        MN_DECREF(k);
    }
    /* Delete the even ones; the odd ones must still be reachable past the
     * DUMMY slots on the shared probe chain. */
    for (long i = 0; i < N; i += 2) {
        mn_object *k = C(i);
        cr_assert_eq(mn_dict_del_item(d, k), 0);
        MN_DECREF(k);
    }
    cr_assert_eq(MN_DICT_SIZE(d), N / 2);
    for (long i = 0; i < N; i++) {
        mn_object *k = C(i);
        cr_assert_eq(mn_dict_contains(d, k), i % 2);
        MN_DECREF(k);
    }
    /* Re-insert an even key: appended at the end. */
    mn_object *k = C(0), *v = I(-1);
    cr_assert_eq(mn_dict_set_item(d, k, v), 0);
    mn_ssize pos = 0;
    mn_object *kk, *vv, *last = NULL;
    while (mn_dict_next(d, &pos, &kk, &vv))
        last = kk;
    cr_assert_eq(last, k);
    cr_assert_eq(MN_DICT_SIZE(d), N / 2 + 1);
    MN_DECREF(k);
    MN_DECREF(v);
    MN_DECREF(d);
}

/* -------------------------------------------------------- table growth */

/* [d.__sizeof__() - 48 for dicts of 0..100 int keys built by insertion]
 *   d = {}; out = []
 *   for i in range(101): out.append(d.__sizeof__() - 48); d[i] = i
 * CPython's __sizeof__ is sizeof(PyDictObject) == 48 plus the keys block.
 * The keys block has the same layout in mini (32-byte header, index slots
 * of the same width, 24-byte entries for non-str keys), so that part must
 * match exactly; mini's object header is sizeof(mn_dict) == 40 because it
 * has no split-table `ma_values` pointer, hence the comparison subtracts
 * each implementation's own header size. */
static const mn_ssize py_keys_sizes[101] = {
    0, 160, 160, 160, 160, 160, 288, 288, 288, 288, 288, 568, 568, 568, 568, 568,
    568, 568, 568, 568, 568, 568, 1104, 1104, 1104, 1104, 1104, 1104, 1104, 1104,
    1104, 1104, 1104, 1104, 1104, 1104, 1104, 1104, 1104, 1104, 1104, 1104, 1104,
    2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200,
    2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200,
    2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200, 2200,
    2200, 2200, 2200, 2200, 4624, 4624, 4624, 4624, 4624, 4624, 4624, 4624, 4624,
    4624, 4624, 4624, 4624, 4624, 4624,
};

Test(dict, sizeof_matches_cpython_growth)
{
    mn_object *d = mn_dict_new();
    for (mn_ssize i = 0; i <= 100; i++) {
        mn_ssize sz = mn_dict_sizeof(d);
        cr_assert_eq(sz - (mn_ssize)sizeof(mn_dict), py_keys_sizes[i],
                     "len %zd: keys block %zd, CPython %zd", i,
                     sz - (mn_ssize)sizeof(mn_dict), py_keys_sizes[i]);
        /* __sizeof__ through the method table agrees */
        mn_object *m = call(d, "__sizeof__", 0);
        cr_assert_eq(MN_INT_SMALL_VALUE(m), sz);
        MN_DECREF(m);
        set_ii(d, i, i);
    }
    /* clear() goes back to the shared empty table: {}.__sizeof__() == 48 */
    mn_dict_clear(d);
    cr_assert_eq(mn_dict_sizeof(d), (mn_ssize)sizeof(mn_dict));
    MN_DECREF(d);
}

Test(dict, copy_and_presized)
{
    mn_ssize kv[] = {1, 2, 3, 4};
    mn_object *d = dict_from_pairs(2, kv);
    mn_object *c = mn_dict_copy(d);
    check_repr(c, "{1: 2, 3: 4}");
    set_ii(c, 5, 6);
    check_repr(d, "{1: 2, 3: 4}");      /* the copy is independent */
    MN_DECREF(c);
    mn_object *p = mn_dict_new_presized(100);
    /* d = dict.fromkeys(range(100)) is presized the same way in CPython */
    mn_ssize before = mn_dict_sizeof(p);
    for (int i = 0; i < 100; i++)
        set_ii(p, i, i);
    cr_assert_eq(mn_dict_sizeof(p), before);   /* no resize happened */
    MN_DECREF(p);
    MN_DECREF(d);
}

/* ------------------------------------------------------------- methods */

Test(dict, methods_get_setdefault_pop_popitem)
{
    mn_ssize kv[] = {1, 10, 2, 20};
    mn_object *d = dict_from_pairs(2, kv);
    mn_object *one = I(1), *nine = I(9), *dflt = S("x");
    check_repr_steal(call(d, "get", 1, one), "10");            /* d.get(1) */
    check_repr_steal(call(d, "get", 1, nine), "None");         /* d.get(9) */
    check_repr_steal(call(d, "get", 2, nine, dflt), "'x'");    /* d.get(9, 'x') */
    cr_assert_null(call(d, "get", 0));
    check_error(&mn_exc_TypeError, "get expected at least 1 argument, got 0");
    cr_assert_null(call(d, "get", 3, one, one, one));
    check_error(&mn_exc_TypeError, "get expected at most 2 arguments, got 3");

    check_repr_steal(call(d, "setdefault", 2, one, dflt), "10");
    check_repr_steal(call(d, "setdefault", 2, nine, dflt), "'x'");
    check_repr_steal(call(d, "setdefault", 1, dflt), "None");
    check_repr(d, "{1: 10, 2: 20, 9: 'x', 'x': None}");
    cr_assert_null(call(d, "setdefault", 0));
    check_error(&mn_exc_TypeError, "setdefault expected at least 1 argument, got 0");

    check_repr_steal(call(d, "pop", 1, nine), "'x'");
    check_repr_steal(call(d, "pop", 2, nine, one), "1");       /* d.pop(9, 1) */
    cr_assert_null(call(d, "pop", 1, nine));
    check_error(&mn_exc_KeyError, "9");                        /* d.pop(9) */
    mn_object *tup = mn_tuple_pack(2, one, nine);
    cr_assert_null(call(d, "pop", 1, tup));
    check_error(&mn_exc_KeyError, "(1, 9)");                   /* {}.pop((1, 9)) */
    cr_assert_null(mn_object_getitem(d, tup));
    check_error(&mn_exc_KeyError, "(1, 9)");                   /* {}[(1, 9)] */
    cr_assert_null(call(d, "pop", 0));
    check_error(&mn_exc_TypeError, "pop expected at least 1 argument, got 0");

    /* popitem is LIFO */
    check_repr_steal(call(d, "popitem", 0), "('x', None)");
    check_repr_steal(call(d, "popitem", 0), "(2, 20)");
    set_ii(d, 3, 30);   /* reuses the popped entry slot */
    check_repr(d, "{1: 10, 3: 30}");
    check_repr_steal(call(d, "popitem", 0), "(3, 30)");
    check_repr_steal(call(d, "popitem", 0), "(1, 10)");
    cr_assert_null(call(d, "popitem", 0));
    check_error(&mn_exc_KeyError, "'popitem(): dictionary is empty'");

    MN_DECREF(tup); MN_DECREF(one); MN_DECREF(nine); MN_DECREF(dflt);
    MN_DECREF(d);
}

Test(dict, update_forms_and_errors)
{
    mn_object *d = mn_dict_new();
    mn_ssize kv[] = {1, 1, 2, 2};
    mn_object *src = dict_from_pairs(2, kv);
    check_repr_steal(call(d, "update", 1, src), "None");
    check_repr(d, "{1: 1, 2: 2}");
    /* iterable of pairs: d.update([(2, 'b'), [3, 'c']]) */
    mn_object *two = I(2), *three = I(3), *b = S("b"), *c = S("c");
    mn_object *p1 = mn_tuple_pack(2, two, b);
    mn_object *p2 = mn_list_new(0);
    mn_list_append(p2, three);
    mn_list_append(p2, c);
    mn_object *seq = mn_list_new(0);
    mn_list_append(seq, p1);
    mn_list_append(seq, p2);
    check_repr_steal(call(d, "update", 1, seq), "None");
    check_repr(d, "{1: 1, 2: 'b', 3: 'c'}");
    /* keyword arguments: d.update(z=0) */
    mn_object *kwn = mn_tuple_pack(1, S("z"));
    MN_DECREF(MN_TUPLE_GET(kwn, 0));
    mn_object *zero = I(0);
    mn_object *upd = mn_object_getattr_str(d, "update");
    mn_object *args[1] = {zero};
    check_repr_steal(mn_object_call(upd, args, 0, kwn), "None");
    check_repr(d, "{1: 1, 2: 'b', 3: 'c', 'z': 0}");
    MN_DECREF(upd);
    /* errors */
    mn_object *bad = mn_list_new(0);
    mn_list_append(bad, two);
    cr_assert_null(call(d, "update", 1, bad));
    check_error(&mn_exc_TypeError, "cannot convert dictionary update sequence element #0 to a sequence");
    mn_object *triple = mn_tuple_pack(3, two, two, two);
    mn_object *bad2 = mn_list_new(0);
    mn_list_append(bad2, triple);
    cr_assert_null(call(d, "update", 1, bad2));
    check_error(&mn_exc_ValueError, "dictionary update sequence element #0 has length 3; 2 is required");
    cr_assert_null(call(d, "update", 1, two));
    check_error(&mn_exc_TypeError, "'int' object is not iterable");
    cr_assert_null(call(d, "update", 2, two, two));
    check_error(&mn_exc_TypeError, "update expected at most 1 argument, got 2");
    MN_DECREF(bad); MN_DECREF(bad2); MN_DECREF(triple);
    MN_DECREF(kwn); MN_DECREF(zero);
    MN_DECREF(p1); MN_DECREF(p2); MN_DECREF(seq);
    MN_DECREF(two); MN_DECREF(three); MN_DECREF(b); MN_DECREF(c);
    MN_DECREF(src);
    MN_DECREF(d);
}

Test(dict, constructor_fromkeys_copy_clear)
{
    mn_object *dt = MN_OBJ(&mn_dict_type);
    check_repr_steal(mn_object_call(dt, NULL, 0, NULL), "{}");       /* dict() */
    mn_ssize kv[] = {1, 2};
    mn_object *src = dict_from_pairs(1, kv);
    mn_object *a = I(5);
    mn_object *kwn = mn_tuple_pack(1, S("k"));
    MN_DECREF(MN_TUPLE_GET(kwn, 0));
    mn_object *args[2] = {src, a};
    check_repr_steal(mn_object_call(dt, args, 1, kwn), "{1: 2, 'k': 5}");   /* dict({1: 2}, k=5) */
    cr_assert_null(mn_object_call(dt, args, 2, NULL));
    check_error(&mn_exc_TypeError, "dict expected at most 1 argument, got 2");
    cr_assert_null(mn_object_call(dt, &a, 1, NULL));
    check_error(&mn_exc_TypeError, "'int' object is not iterable");       /* dict(5) */

    /* dict.fromkeys([3, 1], 0) and dict.fromkeys(range(3)) */
    mn_object *l = mn_list_new(0), *three = I(3), *one = I(1), *zero = I(0);
    mn_list_append(l, three);
    mn_list_append(l, one);
    check_repr_steal(call(dt, "fromkeys", 2, l, zero), "{3: 0, 1: 0}");
    check_repr_steal(call(dt, "fromkeys", 1, src), "{1: None}");
    cr_assert_null(call(dt, "fromkeys", 0));
    check_error(&mn_exc_TypeError, "fromkeys expected at least 1 argument, got 0");
    cr_assert_null(call(dt, "fromkeys", 1, one));
    check_error(&mn_exc_TypeError, "'int' object is not iterable");

    mn_object *c = call(src, "copy", 0);
    check_repr(c, "{1: 2}");
    check_repr_steal(call(c, "clear", 0), "None");
    check_repr(c, "{}");
    check_repr(src, "{1: 2}");
    MN_DECREF(c);
    MN_DECREF(l); MN_DECREF(three); MN_DECREF(one); MN_DECREF(zero);
    MN_DECREF(kwn); MN_DECREF(a); MN_DECREF(src);
}

Test(dict, compare_and_or)
{
    mn_ssize kv1[] = {1, 2, 3, 4}, kv2[] = {3, 4, 1, 2}, kv3[] = {1, 2, 3, 5};
    mn_object *a = dict_from_pairs(2, kv1), *b = dict_from_pairs(2, kv2), *c = dict_from_pairs(2, kv3);
    cr_assert_eq(mn_object_richcompare_bool(a, b, MN_EQ), 1);   /* {1:2,3:4} == {3:4,1:2} */
    cr_assert_eq(mn_object_richcompare_bool(a, c, MN_EQ), 0);
    cr_assert_eq(mn_object_richcompare_bool(a, c, MN_NE), 1);
    cr_assert_null(mn_object_richcompare(a, b, MN_LT));
    check_error(&mn_exc_TypeError, "'<' not supported between instances of 'dict' and 'dict'");
    /* {1:2,3:4} | {1:2,3:5} == {1: 2, 3: 5} */
    check_repr_steal(mn_number_binop(a, c, MN_BINOP_OR), "{1: 2, 3: 5}");
    mn_object *one = I(1);
    cr_assert_null(mn_number_binop(a, one, MN_BINOP_OR));
    check_error(&mn_exc_TypeError, "unsupported operand type(s) for |: 'dict' and 'int'");
    mn_object *r = mn_number_binop(a, c, MN_BINOP_INPLACE + MN_BINOP_OR);
    cr_assert_eq(r, a);                         /* |= is in place */
    MN_DECREF(r);
    check_repr(a, "{1: 2, 3: 5}");
    MN_DECREF(one);
    MN_DECREF(a); MN_DECREF(b); MN_DECREF(c);
}

Test(dict, self_referencing_repr)
{
    mn_object *d = mn_dict_new(), *k = S("me");
    mn_dict_set_item(d, k, d);
    check_repr(d, "{'me': {...}}");   /* d = {}; d['me'] = d; repr(d) */
    mn_dict_clear(d);                 /* break the cycle */
    MN_DECREF(k);
    MN_DECREF(d);
}

/* ----------------------------------------------------------- iteration */

Test(dict, mutation_during_iteration)
{
    mn_ssize kv[] = {0, 0, 1, 1};
    mn_object *d = dict_from_pairs(2, kv);
    mn_object *it = mn_object_get_iter(d);
    mn_object *k = mn_iter_next(it);
    cr_assert_not_null(k);
    MN_DECREF(k);
    set_ii(d, 5, 5);
    cr_assert_null(mn_iter_next(it));
    check_error(&mn_exc_RuntimeError, "dictionary changed size during iteration");
    cr_assert_null(mn_iter_next(it));   /* the error is sticky */
    check_error(&mn_exc_RuntimeError, "dictionary changed size during iteration");
    MN_DECREF(it);

    /* d = {0: 0}; for k in d: del d[k]; d[k + 1] = 1
     *   -> RuntimeError: dictionary keys changed during iteration */
    mn_object *e = mn_dict_new();
    set_ii(e, 0, 0);
    it = mn_object_get_iter(e);
    k = mn_iter_next(it);
    cr_assert_eq(mn_dict_del_item(e, k), 0);
    set_ii(e, 1, 1);
    MN_DECREF(k);
    cr_assert_null(mn_iter_next(it));
    check_error(&mn_exc_RuntimeError, "dictionary keys changed during iteration");
    MN_DECREF(it);

    /* values() and items() iterators check too */
    mn_object *items = call(d, "items", 0);
    it = mn_object_get_iter(items);
    mn_object *one = I(1);
    mn_dict_del_item(d, one);
    cr_assert_null(mn_iter_next(it));
    check_error(&mn_exc_RuntimeError, "dictionary changed size during iteration");
    MN_DECREF(it); MN_DECREF(items); MN_DECREF(one);
    MN_DECREF(e);
    MN_DECREF(d);
}

Test(dict, reversed_and_length_hint)
{
    mn_ssize kv[] = {1, 10, 2, 20, 3, 30};
    mn_object *d = dict_from_pairs(3, kv);
    mn_object *r = call(d, "__reversed__", 0);
    check_repr_steal(mn_list_from_iterable(r), "[3, 2, 1]");   /* list(reversed(d)) */
    MN_DECREF(r);
    mn_object *vals = call(d, "values", 0);
    r = call(vals, "__reversed__", 0);
    check_repr_steal(call(r, "__length_hint__", 0), "3");
    check_repr_steal(mn_list_from_iterable(r), "[30, 20, 10]");
    MN_DECREF(r);
    mn_object *items = call(d, "items", 0);
    r = call(items, "__reversed__", 0);
    check_repr_steal(mn_list_from_iterable(r), "[(3, 30), (2, 20), (1, 10)]");
    MN_DECREF(r);
    mn_object *it = mn_object_get_iter(d);
    check_repr_steal(call(it, "__length_hint__", 0), "3");
    MN_DECREF(it);
    MN_DECREF(vals); MN_DECREF(items);
    MN_DECREF(d);
}

/* --------------------------------------------------------------- views */

Test(dict, views_basic)
{
    mn_ssize kv[] = {1, 10, 2, 20};
    mn_object *d = dict_from_pairs(2, kv);
    mn_object *keys = call(d, "keys", 0), *vals = call(d, "values", 0), *items = call(d, "items", 0);
    check_repr(keys, "dict_keys([1, 2])");
    check_repr(vals, "dict_values([10, 20])");
    check_repr(items, "dict_items([(1, 10), (2, 20)])");
    cr_assert_eq(mn_object_length(keys), 2);
    set_ii(d, 3, 30);                        /* views are live */
    cr_assert_eq(mn_object_length(items), 3);
    check_repr(keys, "dict_keys([1, 2, 3])");
    mn_object *two = I(2), *twenty = I(20), *nine = I(9);
    cr_assert_eq(mn_sequence_contains(keys, two), 1);
    cr_assert_eq(mn_sequence_contains(vals, twenty), 1);
    mn_object *pair = mn_tuple_pack(2, two, twenty), *badpair = mn_tuple_pack(2, two, nine);
    cr_assert_eq(mn_sequence_contains(items, pair), 1);      /* (2, 20) in d.items() */
    cr_assert_eq(mn_sequence_contains(items, badpair), 0);
    cr_assert_eq(mn_sequence_contains(items, two), 0);       /* 2 in d.items() */
    /* d.keys() == {1, 2, 3}; d.keys() == d.keys(); d.values() == d.values() is False */
    mn_object *s = mn_set_new(keys);
    cr_assert_eq(mn_object_richcompare_bool(keys, s, MN_EQ), 1);
    cr_assert_eq(mn_object_richcompare_bool(s, keys, MN_EQ), 1);
    mn_object *vals2 = call(d, "values", 0);
    cr_assert_eq(mn_object_richcompare_bool(vals, vals2, MN_EQ), 0);
    mn_object *one = I(1);
    mn_set_discard(s, one);
    cr_assert_eq(mn_object_richcompare_bool(s, keys, MN_LT), 1);   /* {2, 3} < d.keys() */
    cr_assert_eq(mn_object_richcompare_bool(keys, s, MN_GT), 1);
    cr_assert_eq(mn_object_richcompare_bool(keys, s, MN_LE), 0);
    cr_assert_null(mn_object_richcompare(keys, one, MN_LT));
    check_error(&mn_exc_TypeError, "'<' not supported between instances of 'dict_keys' and 'int'");
    cr_assert_eq(mn_object_hash(keys), -1);
    check_error(&mn_exc_TypeError, "unhashable type: 'dict_keys'");
    MN_DECREF(vals2); MN_DECREF(s); MN_DECREF(one);
    MN_DECREF(pair); MN_DECREF(badpair); MN_DECREF(two); MN_DECREF(twenty); MN_DECREF(nine);
    MN_DECREF(keys); MN_DECREF(vals); MN_DECREF(items);
    MN_DECREF(d);
}

Test(dict, view_set_operations)
{
    mn_ssize kv[] = {1, 10, 2, 20, 3, 30};
    mn_object *d = dict_from_pairs(3, kv);
    mn_object *keys = call(d, "keys", 0), *items = call(d, "items", 0);
    mn_object *l = mn_list_new(0), *two = I(2), *five = I(5), *twenty = I(20);
    mn_list_append(l, two);
    mn_list_append(l, five);
    check_repr_steal(mn_number_binop(keys, l, MN_BINOP_AND), "{2}");          /* d.keys() & [2, 5] */
    check_repr_steal(mn_number_binop(keys, l, MN_BINOP_OR), "{1, 2, 3, 5}");  /* d.keys() | [2, 5] */
    check_repr_steal(mn_number_binop(keys, l, MN_BINOP_SUBTRACT), "{1, 3}");  /* d.keys() - [2, 5] */
    check_repr_steal(mn_number_binop(keys, l, MN_BINOP_XOR), "{1, 3, 5}");    /* d.keys() ^ [2, 5] */
    check_repr_steal(mn_number_binop(l, keys, MN_BINOP_SUBTRACT), "{5}");     /* [2, 5] - d.keys() */
    check_repr_steal(mn_number_binop(l, keys, MN_BINOP_AND), "{2}");          /* [2, 5] & d.keys() */
    mn_object *pair = mn_tuple_pack(2, two, twenty);
    mn_object *pl = mn_list_new(0);
    mn_list_append(pl, pair);
    check_repr_steal(mn_number_binop(items, pl, MN_BINOP_AND), "{(2, 20)}");  /* d.items() & [(2, 20)] */
    check_repr_steal(call(keys, "isdisjoint", 1, l), "False");                 /* d.keys().isdisjoint([2, 5]) */
    mn_object *l2 = mn_list_new(0);
    mn_list_append(l2, five);
    check_repr_steal(call(keys, "isdisjoint", 1, l2), "True");
    cr_assert_null(mn_number_binop(keys, five, MN_BINOP_OR));
    check_error(&mn_exc_TypeError, "'int' object is not iterable");           /* d.keys() | 5 */
    MN_DECREF(l2); MN_DECREF(pl); MN_DECREF(pair);
    MN_DECREF(l); MN_DECREF(two); MN_DECREF(five); MN_DECREF(twenty);
    MN_DECREF(keys); MN_DECREF(items);
    MN_DECREF(d);
}

/* ------------------------------------------------ subclass __missing__ */

static mn_object *missing_impl(mn_object *self MN_UNUSED, mn_object *const *args,
                               mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    /* __missing__(self, key) -> key * 2 */
    return mn_number_binop(args[0], args[0], MN_BINOP_ADD);
}

static mn_method_def mydict_methods[] = {
    {"__missing__", missing_impl, MN_METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static mn_type mydict_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "mydict",
    .basicsize = sizeof(mn_dict),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_DICT_SUBCLASS,
    .base = &mn_dict_type,
    .methods = mydict_methods,
};

Test(dict, subclass_missing)
{
    cr_assert_eq(mn_type_ready(&mydict_type), 0);
    /* dict.__new__(mydict): a static test type doesn't inherit new_ */
    mn_object *d = mn_dict_type.new_(&mydict_type, NULL, 0, NULL);
    cr_assert_not_null(d, "%s", pending_error());
    mn_object *k = I(21);
    check_repr_steal(mn_object_getitem(d, k), "42");   /* d[21] -> __missing__(21) */
    cr_assert_eq(MN_DICT_SIZE(d), 0);
    /* a plain dict raises KeyError */
    mn_object *p = mn_dict_new();
    cr_assert_null(mn_object_getitem(p, k));
    check_error(&mn_exc_KeyError, "21");
    MN_DECREF(p);
    MN_DECREF(k);
    MN_DECREF(d);
}

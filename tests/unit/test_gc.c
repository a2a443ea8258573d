/* tests/unit/test_gc.c — the cycle collector (runtime/gc.c) and the gc
 * module (stdlib/gcmodule.c), on the built-in containers.
 *
 * Each cycle test checks three things: collect() returns the number of
 * objects in the cycle (CPython: `l = []; l.append(l); del l;
 * gc.collect()` -> 1), the objects are really freed (obmalloc's block count
 * returns to what it was), and reachable objects are left alone. Expected
 * values of the gc module come from CPython 3.11 (expression next to each).
 */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

#include "runtime/runtime.h"

static mn_object *gcmod;

static void setup(void)
{
    cr_assert_eq(mn_runtime_init(), 0);
    gcmod = mn_module_from_def(&mn_gc_module_def);
    cr_assert_not_null(gcmod);
}

static void teardown(void)
{
    MN_CLEAR(gcmod);
    mn_runtime_fini();
}

TestSuite(gc, .init = setup, .fini = teardown);

/* ------------------------------------------------------------ helpers */

static const char *pending_error(void)
{
    static char buf[256];
    mn_object *exc = mn_err_occurred();
    if (!exc)
        return "no exception";
    mn_object *s = mn_object_str(exc);
    snprintf(buf, sizeof buf, "%s: %s", MN_TYPE_NAME(exc), s ? mn_str_as_utf8(s) : "?");
    MN_XDECREF(s);
    return buf;
}

/* gc.<name>(*args) */
static mn_object *gc_call(const char *name, mn_ssize n, mn_object *const *args)
{
    return mn_object_call_method(gcmod, name, args, n);
}

static mn_object *gc_call0(const char *name) { return gc_call(name, 0, NULL); }

static void check_repr_steal(mn_object *o, const char *expected)
{
    cr_assert_not_null(o, "expected %s, got %s", expected, pending_error());
    mn_object *r = mn_object_repr(o);
    cr_assert_not_null(r);
    cr_assert_str_eq(mn_str_as_utf8(r), expected);
    MN_DECREF(r);
    MN_DECREF(o);
}

static void check_error(mn_object *res, mn_type *type, const char *msg)
{
    cr_assert_null(res, "expected %s", msg);
    mn_object *exc = mn_err_occurred();
    cr_assert_not_null(exc);
    cr_assert(MN_TYPE(exc) == type, "wrong exception %s", pending_error());
    cr_assert_str_eq(pending_error() + strlen(type->name) + 2, msg);
    mn_err_clear();
}

static mn_ssize py_int(mn_object *o)
{
    cr_assert_not_null(o, "%s", pending_error());
    mn_ssize v = mn_int_as_ssize(o);
    MN_DECREF(o);
    return v;
}

/* gc.collect(generation) through the module. */
static mn_ssize py_collect(int generation)
{
    mn_object *g = mn_int_from_ssize(generation);
    mn_object *r = gc_call("collect", 1, &g);
    MN_DECREF(g);
    return py_int(r);
}

static int list_contains_identity(mn_object *list, mn_object *o)
{
    for (mn_ssize i = 0; i < MN_LIST_SIZE(list); i++)
        if (MN_LIST_GET(list, i) == o)
            return 1;
    return 0;
}

static int in_generation(mn_object *o, int generation)
{
    mn_object *objs = mn_gc_get_objects(generation);
    cr_assert_not_null(objs);
    int r = list_contains_identity(objs, o);
    MN_DECREF(objs);
    return r;
}

/* Builds some garbage and returns how many objects its cycle holds. */
typedef mn_ssize (*garbage_builder)(void);

/* Runs build once to warm caches (interned strings, small ints), then
 * again measuring: collect() must find exactly the cycle and give back
 * every block it used. */
static void check_cycle_freed(garbage_builder build)
{
    mn_gc_collect(2);
    build();
    cr_assert_gt(mn_gc_collect(2), 0);
    size_t before = mn_mem_allocated_blocks();
    mn_ssize n = build();
    cr_assert_gt(mn_mem_allocated_blocks(), before);
    cr_assert_eq(mn_gc_collect(2), n);
    cr_assert_eq(mn_mem_allocated_blocks(), before);
    cr_assert_eq(mn_gc_collect(2), 0);
}

/* ------------------------------------------------------ cycles freed */

static mn_ssize build_self_list(void)
{
    /* l = []; l.append(l); del l */
    mn_object *l = mn_list_new(0);
    mn_list_append(l, l);
    MN_DECREF(l);
    return 1;
}

static mn_ssize build_two_lists(void)
{
    /* a = []; b = [a]; a.append(b) */
    mn_object *a = mn_list_new(0), *b = mn_list_new(0);
    mn_list_append(a, b);
    mn_list_append(b, a);
    MN_DECREF(a);
    MN_DECREF(b);
    return 2;
}

static mn_ssize build_dict_cycle(void)
{
    /* d = {}; d['self'] = d; d['x'] = [d, 1.5] -> dict + list */
    mn_object *d = mn_dict_new();
    mn_object *l = mn_list_new(0);
    mn_object *f = mn_float_from_double(1.5);
    mn_dict_set_item_str(d, "self", d);
    mn_list_append(l, d);
    mn_list_append(l, f);
    mn_dict_set_item_str(d, "x", l);
    MN_DECREF(f);
    MN_DECREF(l);
    MN_DECREF(d);
    return 2;
}

static mn_ssize build_tuple_list(void)
{
    /* l = []; t = (l, 'a'); l.append(t) */
    mn_object *l = mn_list_new(0);
    mn_object *s = mn_str_from_cstr("a");
    mn_object *t = mn_tuple_pack(2, l, s);
    mn_list_append(l, t);
    MN_DECREF(s);
    MN_DECREF(t);
    MN_DECREF(l);
    return 2;
}

static mn_ssize build_set_frozenset_module(void)
{
    /* Only hashable objects can sit in sets, and the only hashable built-in
     * containers that can point back at a mutable one are modules (hashed
     * by identity). m = module('m'); fs = frozenset({m}); s = {fs};
     * m.__dict__['s'] = s; m.__dict__['l'] = [s]
     * -> set, frozenset, module, module dict, list: 5 objects. */
    mn_object *m = mn_module_new("m");
    mn_object *inner = mn_set_new(NULL);
    mn_set_add(inner, m);
    mn_object *fs = mn_frozenset_new(inner);
    mn_object *s = mn_set_new(NULL);
    mn_set_add(s, fs);
    mn_object *l = mn_list_new(0);
    mn_list_append(l, s);
    mn_module_add_object(m, "s", s);
    mn_module_add_object(m, "l", l);
    MN_DECREF(inner);   /* not in the cycle: freed by refcounting */
    MN_DECREF(fs);
    MN_DECREF(s);
    MN_DECREF(l);
    MN_DECREF(m);
    return 5;
}

Test(gc, self_referencing_list_is_freed) { check_cycle_freed(build_self_list); }
Test(gc, two_list_cycle_is_freed) { check_cycle_freed(build_two_lists); }
Test(gc, dict_cycle_is_freed) { check_cycle_freed(build_dict_cycle); }
Test(gc, tuple_list_cycle_is_freed) { check_cycle_freed(build_tuple_list); }
Test(gc, set_frozenset_module_cycle_is_freed) { check_cycle_freed(build_set_frozenset_module); }

Test(gc, collect_through_module_returns_count)
{
    mn_gc_collect(2);
    build_two_lists();
    build_self_list();
    /* gc.collect() -> 3 */
    cr_assert_eq(py_int(gc_call0("collect")), 3);
    cr_assert_eq(py_int(gc_call0("collect")), 0);
}

Test(gc, long_chain_back_to_front)
{
    /* l0 <- l1 <- ... <- l9999, and l0 points at l9999: allocation order
     * puts every list before the one referring to it, so move_unreachable
     * first declares them all tentatively unreachable and then moves them
     * back one by one from the externally held head. */
    enum { N = 10000 };
    mn_gc_collect(2);
    size_t before = mn_mem_allocated_blocks();
    mn_object *first = mn_list_new(0), *prev = first;
    mn_incref(first);
    for (int i = 1; i < N; i++) {
        mn_object *l = mn_list_new(0);
        mn_list_append(l, prev);
        MN_DECREF(prev);
        prev = l;
    }
    mn_list_append(first, prev);   /* close the cycle */
    mn_object *head = prev;        /* our reference: the cycle is reachable */
    MN_DECREF(first);
    cr_assert_eq(mn_gc_collect(2), 0);
    cr_assert_eq(MN_LIST_SIZE(head), 1);
    cr_assert_eq(MN_LIST_SIZE(first), 1);
    MN_DECREF(head);
    cr_assert_eq(mn_gc_collect(2), N);
    cr_assert_eq(mn_mem_allocated_blocks(), before);
}

Test(gc, reachable_objects_survive)
{
    mn_gc_collect(2);
    mn_object *a = mn_list_new(0), *b = mn_list_new(0), *outer = mn_list_new(0);
    mn_list_append(a, b);
    mn_list_append(b, a);
    mn_list_append(outer, a);   /* outer -> a <-> b */
    MN_DECREF(a);
    MN_DECREF(b);
    cr_assert_eq(mn_gc_collect(2), 0);
    cr_assert_eq(mn_gc_collect(0), 0);
    mn_object *ra = MN_LIST_GET(outer, 0);
    cr_assert_eq(MN_LIST_SIZE(ra), 1);
    cr_assert_eq(MN_LIST_SIZE(MN_LIST_GET(ra, 0)), 1);
    cr_assert(MN_LIST_GET(MN_LIST_GET(ra, 0), 0) == ra);
    MN_DECREF(outer);           /* outer freed by refcounting; a, b remain */
    cr_assert_eq(mn_gc_collect(2), 2);
}

Test(gc, disable_leaves_cycles_until_collect)
{
    mn_gc_collect(2);
    mn_object *r = gc_call0("disable");
    cr_assert_not_null(r);
    MN_DECREF(r);
    check_repr_steal(gc_call0("isenabled"), "False");
    mn_gc_stats st0, st1;
    mn_gc_get_stats(&st0);
    for (int i = 0; i < 2000; i++)
        build_two_lists();
    mn_gc_get_stats(&st1);
    cr_assert_eq(st1.generations[0].collections, st0.generations[0].collections);
    int count[3];
    mn_gc_get_count(count);
    cr_assert_geq(count[0], 4000);
    cr_assert_eq(mn_gc_collect(2), 4000);
    r = gc_call0("enable");
    MN_DECREF(r);
    check_repr_steal(gc_call0("isenabled"), "True");
}

/* ---------------------------------------- thresholds, counts, stats */

Test(gc, thresholds)
{
    check_repr_steal(gc_call0("get_threshold"), "(700, 10, 10)");   /* gc.get_threshold() */
    mn_object *a[4] = { mn_int_from_ssize(100), mn_int_from_ssize(5), mn_int_from_ssize(6),
                        mn_int_from_ssize(7) };
    check_repr_steal(gc_call("set_threshold", 1, a), "None");
    check_repr_steal(gc_call0("get_threshold"), "(100, 10, 10)");
    check_repr_steal(gc_call("set_threshold", 3, a + 1), "None");
    check_repr_steal(gc_call0("get_threshold"), "(5, 6, 7)");
    /* gc.set_threshold() */
    check_error(gc_call0("set_threshold"), &mn_exc_TypeError,
                "set_threshold() takes at least 1 argument (0 given)");
    check_error(gc_call("set_threshold", 4, a), &mn_exc_TypeError,
                "set_threshold() takes at most 3 arguments (4 given)");
    mn_object *s = mn_str_from_cstr("a");
    check_error(gc_call("set_threshold", 1, &s), &mn_exc_TypeError,
                "'str' object cannot be interpreted as an integer");
    mn_object *big = mn_int_from_i64((int64_t)1 << 40);   /* gc.set_threshold(2**40) */
    check_error(gc_call("set_threshold", 1, &big), &mn_exc_OverflowError,
                "signed integer is greater than maximum");
    MN_DECREF(big);
    MN_DECREF(s);
    for (int i = 0; i < 4; i++)
        MN_DECREF(a[i]);
}

Test(gc, counts)
{
    mn_gc_collect(2);
    int c[3];
    mn_gc_get_count(c);
    cr_assert(c[0] == 0 && c[1] == 0 && c[2] == 0);
    mn_object *l = mn_list_new(0);
    mn_gc_get_count(c);
    cr_assert_eq(c[0], 1);              /* allocations - deallocations */
    MN_DECREF(l);
    mn_gc_get_count(c);
    cr_assert_eq(c[0], 0);
    mn_gc_collect(0);                   /* a young collection counts for gen 1 */
    mn_gc_get_count(c);
    cr_assert(c[0] == 0 && c[1] == 1 && c[2] == 0);
    mn_gc_collect(1);
    mn_gc_get_count(c);
    cr_assert(c[0] == 0 && c[1] == 0 && c[2] == 1);
    check_repr_steal(gc_call0("get_count"), "(0, 0, 1)");
}

Test(gc, automatic_collection_by_threshold)
{
    mn_gc_collect(2);
    int t[3] = { 10, 10, 10 };
    mn_gc_set_threshold(t);
    mn_gc_stats st0, st1;
    mn_gc_get_stats(&st0);
    for (int i = 0; i < 6; i++)
        build_two_lists();              /* 12 allocations > 10 */
    mn_gc_get_stats(&st1);
    cr_assert_eq(st1.generations[0].collections, st0.generations[0].collections + 1);
    cr_assert_eq(st1.generations[0].collected, st0.generations[0].collected + 10);
    int c[3];
    mn_gc_get_count(c);
    cr_assert_eq(c[1], 1);
}

Test(gc, older_generations_collected_every_tenth)
{
    mn_gc_collect(2);
    int t[3] = { 10, 2, 2 };
    mn_gc_set_threshold(t);
    mn_gc_stats st0, st1;
    mn_gc_get_stats(&st0);
    for (int i = 0; i < 500; i++)
        build_two_lists();
    mn_gc_get_stats(&st1);
    mn_ssize young = st1.generations[0].collections - st0.generations[0].collections;
    mn_ssize mid = st1.generations[1].collections - st0.generations[1].collections;
    cr_assert_gt(young, 50);
    cr_assert_gt(mid, 10);
    cr_assert_lt(mid, young);
}

Test(gc, get_stats_format)
{
    mn_gc_stats st0;
    mn_gc_get_stats(&st0);
    build_self_list();
    mn_gc_collect(1);
    mn_gc_stats st1;
    mn_gc_get_stats(&st1);
    cr_assert_eq(st1.generations[1].collections, st0.generations[1].collections + 1);
    cr_assert_eq(st1.generations[1].collected, st0.generations[1].collected + 1);
    cr_assert_geq(st1.longest_pause, 0.0);
    cr_assert_geq(st1.total_pause, st1.longest_pause);
    mn_object *s = gc_call0("get_stats");
    cr_assert_not_null(s);
    cr_assert_eq(MN_LIST_SIZE(s), 3);
    /* gc.get_stats()[2] on a fresh interpreter */
    mn_object *d = MN_LIST_GET(s, 1);
    mn_object *v = mn_dict_get_item_str(d, "collections");
    cr_assert_eq(mn_int_as_ssize(v), st1.generations[1].collections);
    v = mn_dict_get_item_str(d, "collected");
    cr_assert_eq(mn_int_as_ssize(v), st1.generations[1].collected);
    check_repr_steal(mn_dict_keys_list(d), "['collections', 'collected', 'uncollectable']");
    MN_DECREF(s);
}

Test(gc, print_stats)
{
    build_self_list();
    mn_gc_collect(2);
    FILE *f = tmpfile();
    mn_gc_print_stats(f);
    rewind(f);
    char buf[2048];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    cr_assert(strstr(buf, "gc statistics:") != NULL);
    cr_assert(strstr(buf, "longest") != NULL);
}

/* ------------------------------------------------------ introspection */

Test(gc, get_referrers_and_referents)
{
    /* x = 'needle'; a = [x]; b = {'k': a} */
    mn_object *x = mn_str_from_cstr("needle");
    mn_object *a = mn_list_new(0);
    mn_list_append(a, x);
    mn_object *b = mn_dict_new();
    mn_dict_set_item_str(b, "k", a);
    mn_object *r = gc_call("get_referrers", 1, &a);   /* gc.get_referrers(a) == [b] */
    cr_assert_not_null(r, "%s", pending_error());
    cr_assert(list_contains_identity(r, b));
    cr_assert(!list_contains_identity(r, a));
    MN_DECREF(r);
    r = gc_call("get_referrers", 1, &x);
    cr_assert(list_contains_identity(r, a));
    cr_assert(!list_contains_identity(r, b));
    MN_DECREF(r);
    /* gc.get_referents({'k': ['needle']}) == [['needle']]: str keys are not visited */
    check_repr_steal(gc_call("get_referents", 1, &b), "[['needle']]");
    mn_object *two[2] = { a, b };
    r = gc_call("get_referents", 2, two);
    cr_assert_eq(MN_LIST_SIZE(r), 2);   /* len(gc.get_referents(a, b)) == 2 */
    MN_DECREF(r);
    /* gc.get_referents(1, 'x') == [] : not containers */
    mn_object *one = mn_int_from_ssize(1);
    mn_object *atoms[2] = { one, x };
    check_repr_steal(gc_call("get_referents", 2, atoms), "[]");
    MN_DECREF(one);
    MN_DECREF(b);
    MN_DECREF(a);
    MN_DECREF(x);
}

Test(gc, get_objects_and_generations)
{
    mn_gc_collect(2);
    mn_object *l = mn_list_new(0);
    cr_assert(in_generation(l, 0));
    cr_assert(in_generation(l, -1));
    cr_assert(!in_generation(l, 1));
    mn_gc_collect(0);                 /* survivors are promoted */
    cr_assert(!in_generation(l, 0));
    cr_assert(in_generation(l, 1));
    mn_gc_collect(1);
    cr_assert(in_generation(l, 2));
    mn_gc_collect(2);
    cr_assert(in_generation(l, 2));
    /* the result list doesn't contain itself */
    mn_object *objs = mn_gc_get_objects(-1);
    cr_assert(!list_contains_identity(objs, objs));
    MN_DECREF(objs);
    mn_object *g = mn_int_from_ssize(3);
    check_error(gc_call("get_objects", 1, &g), &mn_exc_ValueError,
                "generation parameter must be less than the number of available generations (3)");
    MN_DECREF(g);
    g = mn_int_from_ssize(-2);
    check_error(gc_call("get_objects", 1, &g), &mn_exc_ValueError, "generation parameter cannot be negative");
    MN_DECREF(g);
    mn_object *none = mn_none;
    mn_object *r = gc_call("get_objects", 1, &none);
    cr_assert(list_contains_identity(r, l));
    MN_DECREF(r);
    MN_DECREF(l);
}

Test(gc, atomic_tuples_untracked_by_collection)
{
    /* t = tuple([1, 'a']); gc.is_tracked(t) -> True; gc.collect();
     * gc.is_tracked(t) -> False */
    mn_object *one = mn_int_from_ssize(1), *s = mn_str_from_cstr("a");
    mn_object *t = mn_tuple_pack(2, one, s);
    mn_object *outer = mn_tuple_pack(2, t, one);        /* ((1, 'a'), 1) */
    mn_object *l = mn_list_new(0);
    mn_object *with_list = mn_tuple_pack(1, l);          /* ([],) */
    check_repr_steal(gc_call("is_tracked", 1, &t), "True");
    cr_assert(mn_gc_is_tracked(outer));
    mn_gc_collect(2);
    check_repr_steal(gc_call("is_tracked", 1, &t), "False");
    cr_assert(!mn_gc_is_tracked(outer));   /* inner untracked first: younger */
    cr_assert(mn_gc_is_tracked(with_list));
    cr_assert(mn_gc_may_be_tracked(l));
    cr_assert(!mn_gc_may_be_tracked(t));
    /* gc.is_tracked(1) -> False; gc.is_tracked([]) -> True */
    check_repr_steal(gc_call("is_tracked", 1, &one), "False");
    check_repr_steal(gc_call("is_tracked", 1, &l), "True");
    check_error(gc_call0("is_tracked"), &mn_exc_TypeError, "gc.is_tracked() takes exactly one argument (0 given)");
    MN_DECREF(with_list);
    MN_DECREF(l);
    MN_DECREF(outer);
    MN_DECREF(t);
    MN_DECREF(s);
    MN_DECREF(one);
}

Test(gc, maybe_track_retracks_containers)
{
    mn_object *d = mn_dict_new();
    mn_gc_untrack(d);
    mn_object *one = mn_int_from_ssize(1);
    mn_gc_maybe_track(d, one);
    cr_assert(!mn_gc_is_tracked(d));
    mn_object *l = mn_list_new(0);
    mn_gc_maybe_track(d, l);
    cr_assert(mn_gc_is_tracked(d));
    MN_DECREF(l);
    MN_DECREF(one);
    MN_DECREF(d);
}

Test(gc, freeze_and_unfreeze)
{
    mn_gc_collect(2);
    build_two_lists();
    check_repr_steal(gc_call0("freeze"), "None");
    cr_assert_gt(py_int(gc_call0("get_freeze_count")), 2);
    cr_assert_eq(mn_gc_collect(2), 0);     /* frozen garbage is not looked at */
    check_repr_steal(gc_call0("get_count"), "(0, 0, 0)");
    check_repr_steal(gc_call0("unfreeze"), "None");
    cr_assert_eq(py_int(gc_call0("get_freeze_count")), 0);
    cr_assert_eq(mn_gc_collect(2), 2);
}

/* ------------------------------------------- debug flags and callbacks */

Test(gc, debug_flags_and_saveall)
{
    /* gc.DEBUG_STATS, DEBUG_COLLECTABLE, ... -> 1 2 4 32 38 */
    mn_object *d = mn_module_get_dict(gcmod);
    cr_assert_eq(mn_int_as_ssize(mn_dict_get_item_str(d, "DEBUG_STATS")), 1);
    cr_assert_eq(mn_int_as_ssize(mn_dict_get_item_str(d, "DEBUG_COLLECTABLE")), 2);
    cr_assert_eq(mn_int_as_ssize(mn_dict_get_item_str(d, "DEBUG_UNCOLLECTABLE")), 4);
    cr_assert_eq(mn_int_as_ssize(mn_dict_get_item_str(d, "DEBUG_SAVEALL")), 32);
    cr_assert_eq(mn_int_as_ssize(mn_dict_get_item_str(d, "DEBUG_LEAK")), 38);
    mn_object *garbage = mn_dict_get_item_str(d, "garbage");
    cr_assert(garbage == mn_gc_garbage());

    mn_gc_collect(2);
    mn_object *flag = mn_int_from_ssize(MN_GC_DEBUG_SAVEALL);
    check_repr_steal(gc_call("set_debug", 1, &flag), "None");
    MN_DECREF(flag);
    cr_assert_eq(py_int(gc_call0("get_debug")), 32);
    build_two_lists();
    cr_assert_eq(mn_gc_collect(2), 2);
    cr_assert_eq(MN_LIST_SIZE(garbage), 2);   /* len(gc.garbage) -> 2 */
    cr_assert(MN_LIST_CHECK(MN_LIST_GET(garbage, 0)));
    cr_assert(MN_LIST_GET(MN_LIST_GET(garbage, 0), 0) == MN_LIST_GET(garbage, 1));
    mn_gc_set_debug(0);
    mn_object *r = mn_object_call_method(garbage, "clear", NULL, 0);
    MN_DECREF(r);
    cr_assert_eq(mn_gc_collect(2), 2);        /* now really freed */
}

/* Runs fn with stderr captured into buf. */
static void capture_stderr(void (*fn)(void), char *buf, size_t size)
{
    fflush(stderr);
    int saved = dup(2);
    FILE *tmp = tmpfile();
    dup2(fileno(tmp), 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(buf, 1, size - 1, tmp);
    buf[n] = 0;
    fclose(tmp);
}

static void collect_one_list_with_stats(void)
{
    mn_gc_set_debug(MN_GC_DEBUG_STATS | MN_GC_DEBUG_COLLECTABLE);
    build_self_list();
    mn_gc_collect(2);
    mn_gc_set_debug(0);
}

Test(gc, debug_stats_report)
{
    mn_gc_collect(2);
    char buf[4096];
    capture_stderr(collect_one_list_with_stats, buf, sizeof buf);
    /* CPython: gc.set_debug(gc.DEBUG_STATS); gc.collect() */
    cr_assert(strncmp(buf, "gc: collecting generation 2...\ngc: objects in each generation: 1 0 ", 67) == 0,
              "got %s", buf);
    cr_assert(strstr(buf, "\ngc: objects in permanent generation: 0\n") != NULL, "got %s", buf);
    cr_assert(strstr(buf, "\ngc: collectable <list 0x") != NULL, "got %s", buf);
    cr_assert(strstr(buf, "\ngc: done, 1 unreachable, 0 uncollectable, ") != NULL, "got %s", buf);
    cr_assert(strstr(buf, "s elapsed\n") != NULL, "got %s", buf);
}

static mn_object *callback_log;

static mn_object *record_callback(mn_object *self MN_UNUSED, mn_object *const *args, mn_ssize nargs,
                                  mn_object *kwnames MN_UNUSED)
{
    cr_assert_eq(nargs, 2);
    mn_object *t = mn_tuple_pack(2, args[0], args[1]);
    mn_object *r = mn_object_repr(t);   /* freeze the info dict's contents now */
    mn_list_append(callback_log, r);
    MN_DECREF(r);
    MN_DECREF(t);
    MN_RETURN_NONE;
}

static mn_method_def record_def = {"record", record_callback, MN_METH_VARARGS, NULL};

Test(gc, callbacks_called_with_phases)
{
    mn_gc_collect(2);
    callback_log = mn_list_new(0);
    mn_object *cb = mn_cfunction_new(&record_def, NULL, NULL);
    cr_assert_not_null(cb, "%s", pending_error());
    mn_object *callbacks = mn_dict_get_item_str(mn_module_get_dict(gcmod), "callbacks");
    cr_assert(callbacks == mn_gc_callbacks());
    mn_list_append(callbacks, cb);
    build_two_lists();
    cr_assert_eq(py_collect(1), 2);
    /* gc.callbacks.append(lambda p, i: print((p, i))); gc.collect(1) */
    check_repr_steal(MN_NEW_REF(callback_log),
                     "[\"('start', {'generation': 1, 'collected': 0, 'uncollectable': 0})\", "
                     "\"('stop', {'generation': 1, 'collected': 2, 'uncollectable': 0})\"]");
    mn_object *r = mn_object_call_method(callbacks, "clear", NULL, 0);
    MN_DECREF(r);
    MN_DECREF(cb);
    MN_CLEAR(callback_log);
}

/* ------------------------------------------------------------- module */

Test(gc, module_argument_errors)
{
    mn_object *three = mn_int_from_ssize(3), *neg = mn_int_from_ssize(-1);
    mn_object *s = mn_str_from_cstr("x");
    check_error(gc_call("collect", 1, &three), &mn_exc_ValueError, "invalid generation");   /* gc.collect(3) */
    check_error(gc_call("collect", 1, &neg), &mn_exc_ValueError, "invalid generation");
    check_error(gc_call("collect", 1, &s), &mn_exc_TypeError, "'str' object cannot be interpreted as an integer");
    mn_object *two[2] = { three, three };
    check_error(gc_call("collect", 2, two), &mn_exc_TypeError, "collect() takes at most 1 argument (2 given)");
    check_error(gc_call("enable", 1, &s), &mn_exc_TypeError, "gc.enable() takes no arguments (1 given)");
    check_error(gc_call("get_stats", 1, &s), &mn_exc_TypeError, "gc.get_stats() takes no arguments (1 given)");
    check_error(gc_call0("set_debug"), &mn_exc_TypeError, "gc.set_debug() takes exactly one argument (0 given)");
    check_error(gc_call("set_debug", 1, &s), &mn_exc_TypeError, "'str' object cannot be interpreted as an integer");
    mn_object *huge = mn_int_from_string("1180591620717411303424", 22, 10);   /* 2**70 */
    cr_assert_not_null(huge, "%s", pending_error());
    check_error(gc_call("collect", 1, &huge), &mn_exc_OverflowError, "Python int too large to convert to C int");
    MN_DECREF(huge);
    /* collect(generation=0) works by keyword */
    mn_object *zero = mn_int_from_ssize(0);
    mn_object *kw = mn_tuple_pack(1, mn_str_from_cstr("generation"));
    MN_DECREF(MN_TUPLE_GET(kw, 0));
    mn_object *f = mn_object_getattr_str(gcmod, "collect");
    cr_assert_eq(py_int(mn_object_call(f, &zero, 0, kw)), 0);
    MN_DECREF(f);
    MN_DECREF(kw);
    MN_DECREF(zero);
    MN_DECREF(s);
    MN_DECREF(neg);
    MN_DECREF(three);
}

Test(gc, module_itself_is_a_freed_cycle)
{
    /* A module holds its functions, which hold the module: only the
     * collector frees a dropped module. */
    mn_gc_collect(2);
    mn_object *m = mn_module_from_def(&mn_gc_module_def);
    MN_DECREF(m);
    /* module + dict + 18 builtin functions */
    cr_assert_eq(mn_gc_collect(2), 20);
}

/* ----------------------------------------- PEP 442 finalizers */

typedef struct phoenix {
    mn_object ob_base;
    mn_object *ref;          /* usually itself: a one-object cycle */
} phoenix;

static int finalize_calls, dealloc_calls;
static int resurrect;        /* finalizer stores the object in `saved` */
static int break_cycle;      /* finalizer drops the self reference */
static int raise_in_finalize;
static int nested_collect_result = -1;
static mn_object *saved;

static int phoenix_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(((phoenix *)self)->ref);
    return 0;
}

static int phoenix_clear(mn_object *self)
{
    MN_CLEAR(((phoenix *)self)->ref);
    return 0;
}

static void phoenix_finalize(mn_object *self)
{
    finalize_calls++;
    nested_collect_result = (int)mn_gc_collect(2);   /* re-entrancy: must do nothing */
    mn_object *junk = mn_list_new(0);               /* finalizers may allocate */
    MN_DECREF(junk);
    if (resurrect)
        saved = MN_NEW_REF(self);
    if (break_cycle)
        MN_CLEAR(((phoenix *)self)->ref);
    if (raise_in_finalize)
        mn_err_set_string(&mn_exc_RuntimeError, "finalizer failed");
}

static void phoenix_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    dealloc_calls++;
    MN_CLEAR(((phoenix *)self)->ref);
    mn_object_free(self);
}

static mn_type phoenix_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "phoenix",
    .basicsize = sizeof(phoenix),
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = phoenix_dealloc,
    .traverse = phoenix_traverse,
    .clear = phoenix_clear,
    .finalize = phoenix_finalize,
};

static mn_object *new_phoenix_cycle(void)
{
    cr_assert_eq(mn_type_ready(&phoenix_type), 0);
    phoenix *p = (phoenix *)mn_type_generic_alloc(&phoenix_type, 0);
    p->ref = MN_NEW_REF(p);
    mn_gc_track(MN_OBJ(p));
    return MN_OBJ(p);
}

Test(gc, finalizer_resurrects_once)
{
    mn_gc_collect(2);
    mn_object *p = new_phoenix_cycle();
    resurrect = 1;
    check_repr_steal(gc_call("is_finalized", 1, &p), "False");
    MN_DECREF(p);
    /* Found unreachable and finalized, but resurrected: CPython >= 3.9
     * counts only what is still unreachable after the finalizers, so 0
     * (python3: a self-cycle whose __del__ saves itself -> gc.collect() 0). */
    cr_assert_eq(mn_gc_collect(2), 0);
    cr_assert_eq(finalize_calls, 1);
    cr_assert_eq(nested_collect_result, 0);
    cr_assert_eq(dealloc_calls, 0);         /* ... but resurrected */
    cr_assert(saved == p);
    cr_assert(((phoenix *)p)->ref == p);    /* not cleared */
    check_repr_steal(gc_call("is_finalized", 1, &p), "True");
    cr_assert(mn_gc_is_tracked(p));
    cr_assert(in_generation(p, 2));
    resurrect = 0;
    MN_CLEAR(saved);                        /* back to an unreachable cycle */
    cr_assert_eq(mn_gc_collect(2), 1);
    cr_assert_eq(finalize_calls, 1);        /* PEP 442: never finalized twice */
    cr_assert_eq(dealloc_calls, 1);
}

Test(gc, finalizer_then_freed_in_same_collection)
{
    cr_assert_eq(mn_type_ready(&phoenix_type), 0);   /* its dict is not garbage */
    mn_gc_collect(2);
    size_t before = mn_mem_allocated_blocks();
    mn_object *p = new_phoenix_cycle();
    MN_DECREF(p);
    cr_assert_eq(mn_gc_collect(2), 1);
    cr_assert_eq(finalize_calls, 1);
    cr_assert_eq(dealloc_calls, 1);
    cr_assert_eq(mn_mem_allocated_blocks(), before);
}

Test(gc, finalizer_breaking_its_cycle)
{
    mn_gc_collect(2);
    break_cycle = 1;
    mn_object *p = new_phoenix_cycle();
    mn_object *l = mn_list_new(0);          /* a list in the cycle too: l <-> p */
    mn_list_append(l, p);
    MN_SETREF(((phoenix *)p)->ref, MN_NEW_REF(l));
    MN_DECREF(l);
    MN_DECREF(p);
    /* The finalizer's decref frees both by refcount, so nothing is left for
     * the collector to clear and nothing counts (python3 gives 0 for the
     * same program with a __del__ that breaks its cycle). */
    cr_assert_eq(mn_gc_collect(2), 0);
    cr_assert_eq(finalize_calls, 1);
    cr_assert_eq(dealloc_calls, 1);
    break_cycle = 0;
}

/* ------------------------------------------------- bounded memory */

Test(gc, million_cycles_bounded_memory, .timeout = 120)
{
    mn_gc_collect(2);
    mn_gc_stats st0, st1;
    mn_gc_get_stats(&st0);
    size_t base = mn_mem_allocated_blocks(), peak = base;
    for (int i = 0; i < 1000000; i++) {
        build_two_lists();
        if (i % 997 == 0) {
            size_t b = mn_mem_allocated_blocks();
            if (b > peak)
                peak = b;
        }
    }
    mn_gc_get_stats(&st1);
    /* Without the collector this would hold 2M lists (4M blocks, >100 MB);
     * with it, a few thousand blocks at most are ever live. */
    cr_assert_lt(peak - base, 50000, "peak %zu blocks above baseline", peak - base);
    mn_ssize found = 0;
    for (int g = 0; g < 3; g++)
        found += st1.generations[g].collected - st0.generations[g].collected;
    cr_assert_gt(found, 1990000);
    cr_assert_gt(st1.generations[0].collections - st0.generations[0].collections, 2000);
#if !MN_MEM_FRONT_DOOR_IS_MALLOC
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    cr_assert_lt(ru.ru_maxrss, 100 * 1024, "maxrss %ld KiB", ru.ru_maxrss);
#endif
    mn_gc_collect(2);
    cr_assert_eq(mn_mem_allocated_blocks(), base);
}

/* ------------------------------------------------- randomized graphs */

Test(gc, young_cycle_held_by_old_object_survives)
{
    mn_gc_collect(2);
    mn_object *old = mn_list_new(0);
    mn_gc_collect(0);                       /* old is now in generation 1 */
    cr_assert(in_generation(old, 1));
    mn_object *young = mn_list_new(0);
    mn_list_append(young, young);
    mn_list_append(old, young);
    MN_DECREF(young);
    cr_assert_eq(mn_gc_collect(0), 0);      /* the reference from outside the set counts */
    cr_assert_eq(MN_LIST_SIZE(young), 1);
    cr_assert(in_generation(young, 1));
    MN_DECREF(old);                         /* frees old; young's cycle remains */
    cr_assert_eq(mn_gc_collect(2), 1);
}

static unsigned long rng_state = 12345;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)(rng_state >> 33) % n;
}

Test(gc, random_graphs_match_reachability)
{
    enum { N = 400, ROUNDS = 20 };
    for (int round = 0; round < ROUNDS; round++) {
        mn_gc_collect(2);
        size_t before = mn_mem_allocated_blocks();
        mn_object *node[N];
        int held[N], reach[N], edges[N][4], nedges[N];
        for (int i = 0; i < N; i++) {
            /* a mix of lists and dicts; some tuples wrap a list */
            node[i] = (i % 3 == 2) ? mn_dict_new() : mn_list_new(0);
            held[i] = rnd(25) == 0;
            reach[i] = 0;
            nedges[i] = (int)rnd(4);
            if (round % 4 == 1 && i == N / 2)
                mn_gc_collect(0);           /* split the nodes across generations */
        }
        for (int i = 0; i < N; i++) {
            for (int e = 0; e < nedges[i]; e++) {
                int j = (int)rnd(N);
                edges[i][e] = j;
                if (MN_LIST_CHECK(node[i])) {
                    mn_list_append(node[i], node[j]);
                } else {
                    mn_object *k = mn_int_from_ssize(e);
                    mn_object *t = mn_tuple_pack(1, node[j]);   /* tuple in between */
                    mn_dict_set_item(node[i], k, t);
                    MN_DECREF(t);
                    MN_DECREF(k);
                }
            }
        }
        /* expected reachability: depth-first from the held nodes */
        int stack[N * 5], sp = 0;
        for (int i = 0; i < N; i++)
            if (held[i]) {
                reach[i] = 1;
                stack[sp++] = i;
            }
        while (sp) {
            int i = stack[--sp];
            for (int e = 0; e < nedges[i]; e++) {
                int j = edges[i][e];
                if (!reach[j]) {
                    reach[j] = 1;
                    stack[sp++] = j;
                }
            }
        }
        /* Reference counting alone frees unreachable nodes no cycle keeps
         * alive (simulate it: repeatedly drop nodes nothing refers to); the
         * collector finds the rest. */
        int refs[N], freed[N];
        for (int i = 0; i < N; i++) {
            refs[i] = held[i];
            freed[i] = 0;
        }
        for (int i = 0; i < N; i++)
            for (int e = 0; e < nedges[i]; e++)
                refs[edges[i][e]]++;
        for (int changed = 1; changed;) {
            changed = 0;
            for (int i = 0; i < N; i++) {
                if (!freed[i] && refs[i] == 0) {
                    freed[i] = changed = 1;
                    for (int e = 0; e < nedges[i]; e++)
                        refs[edges[i][e]]--;
                }
            }
        }
        mn_ssize expected = 0;
        for (int i = 0; i < N; i++) {
            if (!reach[i] && !freed[i])
                /* dicts' tuples too; an empty dict is never tracked (CPython) */
                expected += MN_LIST_CHECK(node[i]) ? 1 : nedges[i] ? 1 + nedges[i] : 0;
            if (!held[i])
                MN_DECREF(node[i]);
        }
        mn_ssize found = mn_gc_collect(round % 2 ? 2 : 1) + (round % 2 ? 0 : mn_gc_collect(2));
        cr_assert_eq(found, expected, "round %d", round);
        for (int i = 0; i < N; i++) {
            if (!reach[i])
                continue;
            mn_ssize sz = MN_LIST_CHECK(node[i]) ? MN_LIST_SIZE(node[i]) : mn_object_length(node[i]);
            cr_assert_eq(sz, nedges[i], "node %d was cleared while reachable", i);
        }
        for (int i = 0; i < N; i++)
            if (held[i])
                MN_DECREF(node[i]);
        mn_gc_collect(2);
        cr_assert_eq(mn_mem_allocated_blocks(), before, "round %d", round);
    }
}

/* ------------------------------------------ automatic collection rules */

Test(gc, no_automatic_collection_with_pending_exception_or_zero_threshold)
{
    mn_gc_collect(2);
    int t[3] = { 5, 10, 10 };
    mn_gc_set_threshold(t);
    mn_gc_stats st0, st1;
    mn_gc_get_stats(&st0);
    mn_err_set_string(&mn_exc_ValueError, "pending");
    for (int i = 0; i < 10; i++)
        build_two_lists();
    mn_gc_get_stats(&st1);
    cr_assert_eq(st1.generations[0].collections, st0.generations[0].collections);
    mn_err_clear();
    /* gc.set_threshold(0) disables automatic collection */
    t[0] = 0;
    mn_gc_set_threshold(t);
    for (int i = 0; i < 10; i++)
        build_two_lists();
    mn_gc_get_stats(&st1);
    cr_assert_eq(st1.generations[0].collections, st0.generations[0].collections);
    cr_assert_eq(mn_gc_collect(2), 40);
}

Test(gc, full_collection_waits_for_enough_long_lived_objects)
{
    /* After a full collection leaves many long-lived objects, a full
     * collection is only done once the objects promoted since are >= 25% of
     * them (CPython's long_lived_pending rule). */
    mn_object *keep = mn_list_new(0);
    for (int i = 0; i < 4000; i++) {
        mn_object *l = mn_list_new(0);
        mn_list_append(keep, l);
        MN_DECREF(l);
    }
    mn_gc_collect(2);                      /* long_lived_total >= 4001 */
    int t[3] = { 10, 1, 1 };
    mn_gc_set_threshold(t);
    mn_gc_stats st0, st1;
    mn_gc_get_stats(&st0);
    for (int i = 0; i < 200; i++)
        build_two_lists();                 /* garbage only: nothing survives */
    mn_gc_get_stats(&st1);
    cr_assert_gt(st1.generations[1].collections, st0.generations[1].collections + 5);
    cr_assert_eq(st1.generations[2].collections, st0.generations[2].collections);
    /* now promote plenty of survivors: full collections resume */
    for (int i = 0; i < 3000; i++) {
        mn_object *l = mn_list_new(0);
        mn_list_append(keep, l);
        MN_DECREF(l);
    }
    mn_gc_get_stats(&st1);
    cr_assert_gt(st1.generations[2].collections, st0.generations[2].collections);
    MN_DECREF(keep);
}

/* ------------------------------------------------ errors are reported */

static mn_object *raising_callback(mn_object *self MN_UNUSED, mn_object *const *args MN_UNUSED,
                                   mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_err_set_string(&mn_exc_RuntimeError, "boom");
    return NULL;
}

static mn_method_def raising_def = {"raiser", raising_callback, MN_METH_VARARGS, NULL};
static mn_ssize raising_result;

static void collect_with_raising_callback(void)
{
    mn_object *cb = mn_cfunction_new(&raising_def, NULL, NULL);
    mn_list_append(mn_gc_callbacks(), cb);
    MN_DECREF(cb);
    build_self_list();
    raising_result = mn_gc_collect(2);
    mn_object *r = mn_object_call_method(mn_gc_callbacks(), "clear", NULL, 0);
    MN_DECREF(r);
}

Test(gc, callback_errors_are_unraisable)
{
    mn_gc_collect(2);
    char buf[4096];
    capture_stderr(collect_with_raising_callback, buf, sizeof buf);
    cr_assert_eq(raising_result, 1);
    cr_assert_null(mn_err_occurred());
    cr_assert(strstr(buf, "Exception ignored on calling GC callback") != NULL, "got %s", buf);
    cr_assert(strstr(buf, "RuntimeError: boom") != NULL, "got %s", buf);
}

static mn_ssize raising_finalizer_result;

static void collect_raising_phoenix(void)
{
    raise_in_finalize = 1;
    mn_object *p = new_phoenix_cycle();
    MN_DECREF(p);
    raising_finalizer_result = mn_gc_collect(2);
    raise_in_finalize = 0;
}

Test(gc, finalizer_errors_are_unraisable)
{
    mn_gc_collect(2);
    char buf[4096];
    capture_stderr(collect_raising_phoenix, buf, sizeof buf);
    cr_assert_eq(raising_finalizer_result, 1);
    cr_assert_eq(dealloc_calls, 1);            /* still collected */
    cr_assert_null(mn_err_occurred());
    cr_assert(strncmp(buf, "Exception ignored in: <phoenix object at 0x", 43) == 0, "got %s", buf);
    cr_assert(strstr(buf, "RuntimeError: finalizer failed\n") != NULL, "got %s", buf);
}

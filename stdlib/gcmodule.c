/* stdlib/gcmodule.c — the `gc` module: Python's window onto the cycle
 * collector in runtime/gc.c.
 *
 * Owns: the module definition mn_gc_module_def (collect, enable/disable,
 * thresholds and counts, get_objects/get_referrers/get_referents,
 * is_tracked/is_finalized, freeze, get_stats, set_debug/get_debug) and its
 * attributes garbage, callbacks and DEBUG_*. Argument handling and error
 * messages follow CPython 3.11's gcmodule.c; the work is all in gc.c.
 */
#include <limits.h>
#include "runtime/runtime.h"

/* CPython's gc functions are METH_NOARGS/METH_O with the module name in
 * their arity errors ("gc.enable() takes no arguments (1 given)"). */
static int check_arity(const char *name, mn_ssize nargs, mn_object *kwnames, mn_ssize want)
{
    if (kwnames && MN_TUPLE_SIZE(kwnames) > 0) {
        mn_err_format(&mn_exc_TypeError, "gc.%s() takes no keyword arguments", name);
        return -1;
    }
    if (nargs != want) {
        if (want == 0)
            mn_err_format(&mn_exc_TypeError, "gc.%s() takes no arguments (%zd given)", name, nargs);
        else
            mn_err_format(&mn_exc_TypeError, "gc.%s() takes exactly one argument (%zd given)", name, nargs);
        return -1;
    }
    return 0;
}

#define NOARGS(name) do { if (check_arity(name, nargs, kwnames, 0) < 0) return NULL; } while (0)
#define ONEARG(name) do { if (check_arity(name, nargs, kwnames, 1) < 0) return NULL; } while (0)

/* An argument converted to a C int, as CPython's clinic "int" converter
 * (`ps` picks PyArg_ParseTuple's "i" overflow messages instead). */
static int as_c_int(mn_object *o, int *out, int parse_tuple_style)
{
    mn_ssize v = mn_number_as_ssize(o, NULL);   /* NULL: clamp, we check the range */
    if (v == -1 && mn_err_occurred())
        return -1;
    if (v > INT_MAX || v < INT_MIN) {
        if (!parse_tuple_style)
            mn_err_set_string(&mn_exc_OverflowError, "Python int too large to convert to C int");
        else if (v > INT_MAX)
            mn_err_set_string(&mn_exc_OverflowError, "signed integer is greater than maximum");
        else
            mn_err_set_string(&mn_exc_OverflowError, "signed integer is less than minimum");
        return -1;
    }
    *out = (int)v;
    return 0;
}

static mn_object *int_triple(const int v[MN_GC_NUM_GENERATIONS])
{
    mn_object *a = mn_int_from_ssize(v[0]), *b = mn_int_from_ssize(v[1]), *c = mn_int_from_ssize(v[2]);
    mn_object *t = (a && b && c) ? mn_tuple_pack(3, a, b, c) : NULL;
    MN_XDECREF(a);
    MN_XDECREF(b);
    MN_XDECREF(c);
    return t;
}

static mn_object *gc_enable(mn_object *m MN_UNUSED, mn_object *const *args MN_UNUSED, mn_ssize nargs,
                            mn_object *kwnames)
{
    NOARGS("enable");
    mn_gc_enable();
    MN_RETURN_NONE;
}

static mn_object *gc_disable(mn_object *m MN_UNUSED, mn_object *const *args MN_UNUSED, mn_ssize nargs,
                             mn_object *kwnames)
{
    NOARGS("disable");
    mn_gc_disable();
    MN_RETURN_NONE;
}

static mn_object *gc_isenabled(mn_object *m MN_UNUSED, mn_object *const *args MN_UNUSED, mn_ssize nargs,
                               mn_object *kwnames)
{
    NOARGS("isenabled");
    MN_RETURN_BOOL(mn_gc_is_enabled());
}

static mn_object *gc_collect(mn_object *m MN_UNUSED, mn_object *const *args, mn_ssize nargs,
                             mn_object *kwnames)
{
    static const char *const params[] = {"generation", NULL};
    mn_object *a[1];
    if (mn_args_bind("collect", args, nargs, kwnames, params, 0, a) < 0)
        return NULL;
    int generation = MN_GC_NUM_GENERATIONS - 1;
    if (a[0] && as_c_int(a[0], &generation, 0) < 0)
        return NULL;
    if (generation < 0 || generation >= MN_GC_NUM_GENERATIONS) {
        mn_err_set_string(&mn_exc_ValueError, "invalid generation");
        return NULL;
    }
    return mn_int_from_ssize(mn_gc_collect(generation));
}

static mn_object *gc_get_count(mn_object *m MN_UNUSED, mn_object *const *args MN_UNUSED, mn_ssize nargs,
                               mn_object *kwnames)
{
    NOARGS("get_count");
    int v[MN_GC_NUM_GENERATIONS];
    mn_gc_get_count(v);
    return int_triple(v);
}

static mn_object *gc_get_threshold(mn_object *m MN_UNUSED, mn_object *const *args MN_UNUSED,
                                   mn_ssize nargs, mn_object *kwnames)
{
    NOARGS("get_threshold");
    int v[MN_GC_NUM_GENERATIONS];
    mn_gc_get_threshold(v);
    return int_triple(v);
}

/* set_threshold(threshold0[, threshold1[, threshold2]]): omitted ones keep
 * their value. */
static mn_object *gc_set_threshold(mn_object *m MN_UNUSED, mn_object *const *args, mn_ssize nargs,
                                   mn_object *kwnames)
{
    if (kwnames && MN_TUPLE_SIZE(kwnames) > 0) {
        mn_err_set_string(&mn_exc_TypeError, "set_threshold() takes no keyword arguments");
        return NULL;
    }
    if (nargs < 1 || nargs > MN_GC_NUM_GENERATIONS) {
        if (nargs < 1)
            mn_err_format(&mn_exc_TypeError, "set_threshold() takes at least 1 argument (%zd given)", nargs);
        else
            mn_err_format(&mn_exc_TypeError, "set_threshold() takes at most 3 arguments (%zd given)", nargs);
        return NULL;
    }
    int v[MN_GC_NUM_GENERATIONS];
    mn_gc_get_threshold(v);
    for (mn_ssize i = 0; i < nargs; i++)
        if (as_c_int(args[i], &v[i], 1) < 0)
            return NULL;
    mn_gc_set_threshold(v);
    MN_RETURN_NONE;
}

static mn_object *gc_get_objects(mn_object *m MN_UNUSED, mn_object *const *args, mn_ssize nargs,
                                 mn_object *kwnames)
{
    static const char *const params[] = {"generation", NULL};
    mn_object *a[1];
    if (mn_args_bind("get_objects", args, nargs, kwnames, params, 0, a) < 0)
        return NULL;
    int generation = -1;     /* None: every generation (and so does -1, as in CPython) */
    if (a[0] && a[0] != mn_none && as_c_int(a[0], &generation, 0) < 0)
        return NULL;
    if (generation >= MN_GC_NUM_GENERATIONS) {
        mn_err_format(&mn_exc_ValueError,
                      "generation parameter must be less than the number of available generations (%d)",
                      MN_GC_NUM_GENERATIONS);
        return NULL;
    }
    if (generation < -1) {
        mn_err_set_string(&mn_exc_ValueError, "generation parameter cannot be negative");
        return NULL;
    }
    return mn_gc_get_objects(generation);
}

static mn_object *gc_get_referrers(mn_object *m MN_UNUSED, mn_object *const *args, mn_ssize nargs,
                                   mn_object *kwnames)
{
    if (mn_args_no_keywords("get_referrers", kwnames) < 0)
        return NULL;
    return mn_gc_get_referrers(args, nargs);
}

static mn_object *gc_get_referents(mn_object *m MN_UNUSED, mn_object *const *args, mn_ssize nargs,
                                   mn_object *kwnames)
{
    if (mn_args_no_keywords("get_referents", kwnames) < 0)
        return NULL;
    return mn_gc_get_referents(args, nargs);
}

static mn_object *gc_is_tracked(mn_object *m MN_UNUSED, mn_object *const *args, mn_ssize nargs,
                                mn_object *kwnames)
{
    ONEARG("is_tracked");
    MN_RETURN_BOOL(mn_gc_is_tracked(args[0]));
}

static mn_object *gc_is_finalized(mn_object *m MN_UNUSED, mn_object *const *args, mn_ssize nargs,
                                  mn_object *kwnames)
{
    ONEARG("is_finalized");
    MN_RETURN_BOOL(mn_gc_is_finalized(args[0]));
}

static mn_object *gc_freeze(mn_object *m MN_UNUSED, mn_object *const *args MN_UNUSED, mn_ssize nargs,
                            mn_object *kwnames)
{
    NOARGS("freeze");
    mn_gc_freeze();
    MN_RETURN_NONE;
}

static mn_object *gc_unfreeze(mn_object *m MN_UNUSED, mn_object *const *args MN_UNUSED, mn_ssize nargs,
                              mn_object *kwnames)
{
    NOARGS("unfreeze");
    mn_gc_unfreeze();
    MN_RETURN_NONE;
}

static mn_object *gc_get_freeze_count(mn_object *m MN_UNUSED, mn_object *const *args MN_UNUSED,
                                      mn_ssize nargs, mn_object *kwnames)
{
    NOARGS("get_freeze_count");
    return mn_int_from_ssize(mn_gc_get_freeze_count());
}

/* [{'collections': n, 'collected': n, 'uncollectable': n}, ...] per generation. */
static mn_object *gc_get_stats(mn_object *m MN_UNUSED, mn_object *const *args MN_UNUSED, mn_ssize nargs,
                               mn_object *kwnames)
{
    NOARGS("get_stats");
    mn_gc_stats st;
    mn_gc_get_stats(&st);   /* a copy: building the result may itself collect */
    mn_object *result = mn_list_new(0);
    if (!result)
        return NULL;
    for (int i = 0; i < MN_GC_NUM_GENERATIONS; i++) {
        mn_gc_gen_stats *s = &st.generations[i];
        mn_object *d = mn_dict_new();
        mn_object *a = mn_int_from_ssize(s->collections);
        mn_object *b = mn_int_from_ssize(s->collected);
        mn_object *c = mn_int_from_ssize(s->uncollectable);
        int ok = d && a && b && c &&
                 mn_dict_set_item_str(d, "collections", a) == 0 &&
                 mn_dict_set_item_str(d, "collected", b) == 0 &&
                 mn_dict_set_item_str(d, "uncollectable", c) == 0 &&
                 mn_list_append(result, d) == 0;
        MN_XDECREF(a);
        MN_XDECREF(b);
        MN_XDECREF(c);
        MN_XDECREF(d);
        if (!ok) {
            MN_DECREF(result);
            return NULL;
        }
    }
    return result;
}

static mn_object *gc_set_debug(mn_object *m MN_UNUSED, mn_object *const *args, mn_ssize nargs,
                               mn_object *kwnames)
{
    ONEARG("set_debug");
    int flags;
    if (as_c_int(args[0], &flags, 0) < 0)
        return NULL;
    mn_gc_set_debug(flags);
    MN_RETURN_NONE;
}

static mn_object *gc_get_debug(mn_object *m MN_UNUSED, mn_object *const *args MN_UNUSED, mn_ssize nargs,
                               mn_object *kwnames)
{
    NOARGS("get_debug");
    return mn_int_from_ssize(mn_gc_get_debug());
}

static mn_method_def gc_methods[] = {
    {"enable", gc_enable, MN_METH_VARARGS, "Enable automatic garbage collection."},
    {"disable", gc_disable, MN_METH_VARARGS, "Disable automatic garbage collection."},
    {"isenabled", gc_isenabled, MN_METH_VARARGS, "Returns true if automatic garbage collection is enabled."},
    {"collect", gc_collect, MN_METH_VARARGS,
     "Run the garbage collector.\n\nWith no arguments, run a full collection.  The optional argument\n"
     "may be an integer specifying which generation to collect.  A ValueError\n"
     "is raised if the generation number is invalid.\n\nThe number of unreachable objects is returned."},
    {"get_count", gc_get_count, MN_METH_VARARGS, "Return a three-tuple of the current collection counts."},
    {"get_threshold", gc_get_threshold, MN_METH_VARARGS, "Return the current collection thresholds."},
    {"set_threshold", gc_set_threshold, MN_METH_VARARGS,
     "set_threshold(threshold0, [threshold1, threshold2]) -> None\n\n"
     "Sets the collection thresholds.  Setting threshold0 to zero disables\ncollection.\n"},
    {"get_objects", gc_get_objects, MN_METH_VARARGS,
     "Return a list of objects tracked by the collector (excluding the list returned)."},
    {"get_referrers", gc_get_referrers, MN_METH_VARARGS,
     "get_referrers(*objs) -> list\nReturn the list of objects that directly refer to any of objs."},
    {"get_referents", gc_get_referents, MN_METH_VARARGS,
     "get_referents(*objs) -> list\nReturn the list of objects that are directly referred to by objs."},
    {"is_tracked", gc_is_tracked, MN_METH_VARARGS,
     "Returns true if the object is tracked by the garbage collector."},
    {"is_finalized", gc_is_finalized, MN_METH_VARARGS,
     "Returns true if the object has been already finalized by the GC."},
    {"freeze", gc_freeze, MN_METH_VARARGS,
     "Freeze all current tracked objects and ignore them for future collections."},
    {"unfreeze", gc_unfreeze, MN_METH_VARARGS,
     "Unfreeze all objects in the permanent generation.\n\nPut all objects in the permanent generation "
     "back into oldest generation."},
    {"get_freeze_count", gc_get_freeze_count, MN_METH_VARARGS,
     "Return the number of objects in the permanent generation."},
    {"get_stats", gc_get_stats, MN_METH_VARARGS,
     "Return a list of dictionaries containing per-generation statistics."},
    {"set_debug", gc_set_debug, MN_METH_VARARGS, "Set the garbage collection debugging flags."},
    {"get_debug", gc_get_debug, MN_METH_VARARGS, "Get the garbage collection debugging flags."},
    {NULL, NULL, 0, NULL},
};

static int gc_module_init(mn_object *m)
{
    mn_object *garbage = mn_gc_garbage(), *callbacks = mn_gc_callbacks();
    if (!garbage || !callbacks ||
        mn_module_add_object(m, "garbage", garbage) < 0 ||
        mn_module_add_object(m, "callbacks", callbacks) < 0 ||
        mn_module_add_int(m, "DEBUG_STATS", MN_GC_DEBUG_STATS) < 0 ||
        mn_module_add_int(m, "DEBUG_COLLECTABLE", MN_GC_DEBUG_COLLECTABLE) < 0 ||
        mn_module_add_int(m, "DEBUG_UNCOLLECTABLE", MN_GC_DEBUG_UNCOLLECTABLE) < 0 ||
        mn_module_add_int(m, "DEBUG_SAVEALL", MN_GC_DEBUG_SAVEALL) < 0 ||
        mn_module_add_int(m, "DEBUG_LEAK", MN_GC_DEBUG_LEAK) < 0)
        return -1;
    return 0;
}

const mn_module_def mn_gc_module_def = {
    .name = "gc",
    .doc = "This module provides access to the garbage collector for reference cycles.\n\n"
           "enable() -- Enable automatic garbage collection.\n"
           "disable() -- Disable automatic garbage collection.\n"
           "isenabled() -- Returns true if automatic collection is enabled.\n"
           "collect() -- Do a full collection right now.\n"
           "get_count() -- Return the current collection counts.\n"
           "get_stats() -- Return list of dictionaries containing per-generation stats.\n"
           "set_debug() -- Set debugging flags.\n"
           "get_debug() -- Get debugging flags.\n"
           "set_threshold() -- Set the collection thresholds.\n"
           "get_threshold() -- Return the current the collection thresholds.\n"
           "get_objects() -- Return a list of all objects tracked by the collector.\n"
           "is_tracked() -- Returns true if a given object is tracked.\n"
           "is_finalized() -- Returns true if a given object has been already finalized.\n"
           "get_referrers() -- Return the list of objects that refer to an object.\n"
           "get_referents() -- Return the list of objects that an object refers to.\n"
           "freeze() -- Freeze all tracked objects and ignore them for future collections.\n"
           "unfreeze() -- Unfreeze all objects in the permanent generation.\n"
           "get_freeze_count() -- Return the number of objects in the permanent generation.\n",
    .methods = gc_methods,
    .init = gc_module_init,
};

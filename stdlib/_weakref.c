/* stdlib/_weakref.c — the `_weakref` module: the C half of `weakref`
 * (CPython's Modules/_weakref.c). The types and the weakref lists live in
 * runtime/weakref.c; stdlib/weakref.mini builds WeakValueDictionary,
 * WeakKeyDictionary, WeakSet and finalize on top of this.
 *
 * Owns: ref/ReferenceType, proxy, ProxyType, CallableProxyType,
 * getweakrefcount, getweakrefs, _remove_dead_weakref.
 */
#include "runtime/runtime.h"

static mn_object *wr_getweakrefcount(MN_UNUSED mn_object *m, mn_object *const *args,
                                     MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    return mn_int_from_ssize(mn_weakref_count(args[0]));
}

static mn_object *wr_getweakrefs(MN_UNUSED mn_object *m, mn_object *const *args,
                                 MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    return mn_weakref_list(args[0]);
}

static mn_object *wr_proxy(MN_UNUSED mn_object *m, mn_object *const *args, mn_ssize nargs,
                           mn_object *kwnames)
{
    if (mn_args_no_keywords("proxy", kwnames) < 0 || mn_args_count("proxy", nargs, 1, 2) < 0)
        return NULL;
    return mn_weakref_new_proxy(args[0], nargs > 1 ? args[1] : NULL);
}

/* _remove_dead_weakref(dict, key): del dict[key] if its value is a dead
 * weakref (WeakValueDictionary's callback; atomic in C). */
static mn_object *wr_remove_dead_weakref(MN_UNUSED mn_object *m, mn_object *const *args,
                                         mn_ssize nargs, mn_object *kwnames)
{
    if (mn_args_no_keywords("_remove_dead_weakref", kwnames) < 0 ||
        mn_args_count("_remove_dead_weakref", nargs, 2, 2) < 0)
        return NULL;
    mn_object *d = args[0], *key = args[1];
    if (!MN_DICT_CHECK(d)) {
        mn_err_format(&mn_exc_TypeError, "_remove_dead_weakref() argument 1 must be dict, not %s",
                      mn_type_name(MN_TYPE(d)));
        return NULL;
    }
    mn_object *v = mn_dict_get_item(d, key);
    if (!v) {
        if (mn_err_occurred())
            return NULL;
        return MN_NEW_REF(mn_none);
    }
    if (mn_weakref_any_check(v) && mn_weakref_get_object(v) == mn_none &&
        mn_dict_del_item(d, key) < 0) {
        if (!mn_err_matches(&mn_exc_KeyError))
            return NULL;
        mn_err_clear();
    }
    return MN_NEW_REF(mn_none);
}

/* Exit functions registered by weakref.finalize (mini has no atexit
 * module): called newest first by mn_weakref_run_atexit at shut-down. */
static mn_object *exit_funcs;

static mn_object *wr_atexit_register(MN_UNUSED mn_object *m, mn_object *const *args,
                                     MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    if (!exit_funcs && !(exit_funcs = mn_list_new(0)))
        return NULL;
    if (mn_list_append(exit_funcs, args[0]) < 0)
        return NULL;
    return MN_NEW_REF(mn_none);
}

void mn_weakref_run_atexit(void)
{
    mn_object *funcs = exit_funcs;
    exit_funcs = NULL;
    if (!funcs)
        return;
    mn_object *exc = mn_err_fetch();
    for (mn_ssize i = MN_LIST_SIZE(funcs) - 1; i >= 0; i--) {
        mn_object *r = mn_object_call0(MN_LIST_GET(funcs, i));
        if (!r)
            mn_gc_write_unraisable("in atexit callback", MN_LIST_GET(funcs, i));
        MN_XDECREF(r);
    }
    MN_DECREF(funcs);
    mn_err_restore(exc);
}

static mn_method_def weakref_methods[] = {
    {"_atexit_register", wr_atexit_register, MN_METH_O,
     "Register a function called at interpreter exit (weakref.finalize)."},
    {"getweakrefcount", wr_getweakrefcount, MN_METH_O,
     "Return the number of weak references to 'object'."},
    {"getweakrefs", wr_getweakrefs, MN_METH_O,
     "Return a list of all weak reference objects pointing to 'object'."},
    {"proxy", wr_proxy, MN_METH_VARARGS,
     "Create a proxy object that weakly references 'object'."},
    {"_remove_dead_weakref", wr_remove_dead_weakref, MN_METH_VARARGS,
     "Atomically remove key from dict if it points to a dead weakref."},
    {NULL, NULL, 0, NULL},
};

static int weakref_module_init(mn_object *m)
{
    if (mn_weakref_init_types() < 0 ||
        mn_module_add_object(m, "ref", MN_OBJ(&mn_weakref_type)) < 0 ||
        mn_module_add_object(m, "ReferenceType", MN_OBJ(&mn_weakref_type)) < 0 ||
        mn_module_add_object(m, "ProxyType", MN_OBJ(&mn_weakproxy_type)) < 0 ||
        mn_module_add_object(m, "CallableProxyType", MN_OBJ(&mn_weakcallableproxy_type)) < 0)
        return -1;
    return 0;
}

const mn_module_def mn__weakref_module_def = {
    .name = "_weakref",
    .doc = "Weak-reference support module.",
    .methods = weakref_methods,
    .init = weakref_module_init,
};

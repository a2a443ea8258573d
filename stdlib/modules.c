/* stdlib/modules.c — the table of built-in C modules and the start-up and
 * shut-down of the standard library (see modules.h for the call order).
 *
 * To add a built-in module written in C: define its mn_module_def in its
 * own file, declare it in modules.h, add one line to the table below.
 * `builtins` and `sys` are created at start-up; every other module is
 * created on first import.
 */
#include <string.h>
#include "stdlib/modules.h"
#include "vm/vm.h"
#include "vm/import.h"
#include "runtime/weakref.h"

const mn_builtin_module mn_builtin_modules[] = {
    { "builtins", &mn_builtins_module_def },
    { "sys", &mn_sys_module_def },
    { "math", &mn_math_module_def },
    { "time", &mn_time_module_def },
    { "gc", &mn_gc_module_def },
    { "_weakref", &mn__weakref_module_def },
    { NULL, NULL }
};

const mn_module_def *mn_builtin_module_find(const char *name)
{
    for (const mn_builtin_module *m = mn_builtin_modules; m->name; m++)
        if (!strcmp(m->name, name))
            return m->def;
    return NULL;
}

static mn_object *builtins_module;

mn_object *mn_stdlib_builtins_module(void)
{
    return builtins_module;
}

/* The builtins module shares its namespace with mn_vm_builtins(): the dict
 * the VM's LOAD_GLOBAL falls back to IS builtins.__dict__, so assigning
 * builtins.x = 1 is seen by every module, as in CPython. */
static int create_builtins(void)
{
    if (mn_builtins_init_types() < 0 || mn_io_init_types() < 0)
        return -1;
    mn_object *m = mn_module_from_def(&mn_builtins_module_def);
    if (!m)
        return -1;
    mn_object *vmdict = mn_vm_builtins();
    if (!vmdict || mn_dict_update(vmdict, mn_module_get_dict(m)) < 0) {
        MN_DECREF(m);
        return -1;
    }
    mn_module *mod = (mn_module *)m;
    MN_SETREF(mod->dict, MN_NEW_REF(vmdict));
    builtins_module = m;
    return 0;
}

int mn_stdlib_init(int argc, char **argv)
{
    if (builtins_module)
        return 0;
    if (create_builtins() < 0 || mn_generic_alias_install() < 0)
        return -1;
    mn_object *sys = mn_sys_create(argc, argv);
    if (!sys)
        return -1;
    mn_object *mods = mn_sys_modules();
    int r = mn_dict_set_item_str(mods, "sys", sys) < 0 || mn_dict_set_item_str(mods, "builtins", builtins_module) < 0;
    MN_DECREF(sys);
    return r ? -1 : 0;
}

void mn_stdlib_fini(void)
{
    if (!builtins_module)
        return;
    mn_weakref_run_atexit();   /* weakref.finalize's atexit behaviour */
    mn_sys_flush_std();
    mn_err_clear();
    /* Empty sys.modules, then sys's own dict: modules hold their globals,
     * which hold functions, which hold the globals... the cycle collector
     * in mn_vm_fini reclaims what remains. */
    mn_object *mods = mn_sys_modules();
    if (mods)
        MN_INCREF(mods);
    /* As CPython's finalize_modules: modules leave sys.modules (we keep
     * only weak references to them) and a collection runs while their
     * globals are intact, so __del__ methods and gc callbacks of
     * module-level objects still see their globals. Modules and their
     * globals form cycles (functions hold __globals__), so this frees most
     * of them while sys.stdout still exists. Then the dicts of modules that
     * are still alive are cleared (names with one leading underscore first,
     * as CPython's _PyModule_Clear) and a last collection frees the rest. */
    mn_gc_collect(MN_GC_NUM_GENERATIONS - 1);   /* CPython: one ordinary collection first */
    mn_err_clear();
    mn_object *alive = mn_list_new(0);
    if (mods) {
        mn_ssize pos = 0;
        mn_object *k, *v;
        while (alive && mn_dict_next(mods, &pos, &k, &v)) {
            if (!MN_MODULE_CHECK(v))
                continue;
            mn_object *wr = mn_weakref_new_ref(v, NULL);
            if (!wr || mn_list_append(alive, wr) < 0)
                mn_err_clear();
            MN_XDECREF(wr);
        }
        mn_dict_clear(mods);
        MN_DECREF(mods);
    }
    mn_gc_collect_no_callbacks();
    mn_sys_flush_std();
    mn_err_clear();
    for (mn_ssize i = 0; alive && i < MN_LIST_SIZE(alive); i++) {
        mn_object *m = mn_weakref_get_object(MN_LIST_GET(alive, i));   /* borrowed, or None */
        if (m && MN_MODULE_CHECK(m) && m != builtins_module)
            mn_gc_clear_module_dict(mn_module_get_dict(m));
    }
    MN_XDECREF(alive);
    mn_gc_collect_no_callbacks();
    mn_sys_flush_std();
    mn_err_clear();
    mn_object *sysd = mn_vm_sys_dict;   /* takes over the strong reference */
    mn_vm_sys_dict = NULL;
    if (sysd) {
        mn_dict_clear(sysd);
        MN_DECREF(sysd);
    }
    /* the builtins dict itself belongs to the VM (cleared in mn_vm_fini) */
    MN_CLEAR(builtins_module);
}

int mn_stdlib_as_i64(mn_object *o, int64_t *out)
{
    mn_object *i = mn_number_index(o);
    if (!i)
        return -1;
    int fits = mn_int_to_i64(i, out);
    MN_DECREF(i);
    if (!fits) {
        mn_err_set_string(&mn_exc_OverflowError, "Python int too large to convert to C long");
        return -1;
    }
    return 0;
}

/* runtime/module.c — module objects.
 *
 * Owns: the `module` type (a namespace dict plus a name), creating modules
 * for built-in C module definitions (mn_module_def: a method table turned
 * into builtin functions bound to the module, then an init hook), and
 * attribute access that reads/writes the namespace, with CPython's
 * module-level __getattr__ (PEP 562) and its error messages.
 */
#include <string.h>
#include "runtime/runtime.h"

static mn_object *module_alloc(mn_object *name)
{
    mn_module *m = (mn_module *)mn_type_generic_alloc(&mn_module_type, 0);
    if (!m)
        return NULL;
    m->name = MN_NEW_REF(name);
    m->dict = mn_dict_new();
    if (!m->dict || mn_dict_set_item_str(m->dict, "__name__", name) < 0 ||
        mn_dict_set_item_str(m->dict, "__doc__", mn_none) < 0 ||
        mn_dict_set_item_str(m->dict, "__package__", mn_none) < 0 ||
        mn_dict_set_item_str(m->dict, "__loader__", mn_none) < 0 ||
        mn_dict_set_item_str(m->dict, "__spec__", mn_none) < 0) {
        MN_DECREF(m);
        return NULL;
    }
    mn_gc_track(MN_OBJ(m));
    return MN_OBJ(m);
}

mn_object *mn_module_new(const char *name)
{
    mn_object *n = mn_str_from_cstr(name);
    if (!n)
        return NULL;
    mn_object *m = module_alloc(n);
    MN_DECREF(n);
    return m;
}

mn_object *mn_module_from_def(const mn_module_def *def)
{
    mn_object *m = mn_module_new(def->name);
    if (!m)
        return NULL;
    ((mn_module *)m)->def = def;
    if (def->doc) {
        mn_object *d = mn_str_from_cstr(def->doc);
        if (!d || mn_module_add_object(m, "__doc__", d) < 0) {
            MN_XDECREF(d);
            MN_DECREF(m);
            return NULL;
        }
        MN_DECREF(d);
    }
    for (const mn_method_def *md = def->methods; md && md->name; md++) {
        mn_object *f = mn_cfunction_new(md, m, ((mn_module *)m)->name);
        if (!f || mn_module_add_object(m, md->name, f) < 0) {
            MN_XDECREF(f);
            MN_DECREF(m);
            return NULL;
        }
        MN_DECREF(f);
    }
    if (def->init && def->init(m) < 0) {
        MN_DECREF(m);
        return NULL;
    }
    return m;
}

mn_object *mn_module_get_dict(mn_object *m)
{
    return ((mn_module *)m)->dict;
}

int mn_module_add_object(mn_object *m, const char *name, mn_object *value)
{
    return mn_dict_set_item_str(((mn_module *)m)->dict, name, value);
}

int mn_module_add_int(mn_object *m, const char *name, int64_t value)
{
    mn_object *v = mn_int_from_i64(value);
    if (!v)
        return -1;
    int r = mn_module_add_object(m, name, v);
    MN_DECREF(v);
    return r;
}

int mn_module_add_str(mn_object *m, const char *name, const char *value)
{
    mn_object *v = mn_str_from_cstr(value);
    if (!v)
        return -1;
    int r = mn_module_add_object(m, name, v);
    MN_DECREF(v);
    return r;
}

static mn_object *module_getattro(mn_object *self, mn_object *name)
{
    mn_object *r = mn_object_generic_getattr(self, name);
    if (r || !mn_err_matches(&mn_exc_AttributeError))
        return r;
    mn_err_clear();
    mn_module *m = (mn_module *)self;
    /* PEP 562: a module-level __getattr__ handles missing names. */
    mn_object *hook = mn_dict_get_item_str(m->dict, "__getattr__");
    if (hook) {
        MN_INCREF(hook);
        r = mn_object_call1(hook, name);
        MN_DECREF(hook);
        return r;
    }
    mn_object *mname = mn_dict_get_item_str(m->dict, "__name__");
    if (mname && MN_STR_CHECK(mname))
        mn_err_format(&mn_exc_AttributeError, "module '%U' has no attribute '%U'", mname, name);
    else
        mn_err_format(&mn_exc_AttributeError, "module has no attribute '%U'", name);
    return NULL;
}

static mn_object *module_repr(mn_object *self)
{
    mn_module *m = (mn_module *)self;
    mn_object *file = mn_dict_get_item_str(m->dict, "__file__");
    if (file && MN_STR_CHECK(file))
        return mn_str_from_format("<module %R from %R>", m->name, file);
    if (m->def)
        return mn_str_from_format("<module %R (built-in)>", m->name);
    return mn_str_from_format("<module %R>", m->name);
}

static int module_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    mn_module *m = (mn_module *)self;
    MN_VISIT(m->dict);
    MN_VISIT(m->name);
    return 0;
}

static int module_clear(mn_object *self)
{
    mn_module *m = (mn_module *)self;
    MN_CLEAR(m->dict);
    return 0;
}

static void module_dealloc(mn_object *self)
{
    mn_module *m = (mn_module *)self;
    mn_gc_untrack(self);
    mn_weakref_clear_refs(self);
    MN_CLEAR(m->dict);
    MN_CLEAR(m->name);
    mn_object_free(self);
}

static mn_object *module_new(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const params[] = { "name", "doc", NULL };
    mn_object *a[2];
    if (mn_args_bind("module", args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    if (!MN_STR_CHECK(a[0])) {
        mn_err_format(&mn_exc_TypeError, "module.__init__() argument 'name' must be str, not %s",
                      MN_TYPE_NAME(a[0]));
        return NULL;
    }
    (void)type;
    mn_object *m = module_alloc(a[0]);
    if (m && a[1] && mn_module_add_object(m, "__doc__", a[1]) < 0)
        MN_CLEAR(m);
    return m;
}

static mn_object *module_dir(mn_object *self, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n,
                             MN_UNUSED mn_object *k)
{
    return mn_dict_keys_list(((mn_module *)self)->dict);
}

static mn_method_def module_methods[] = {
    { "__dir__", module_dir, MN_METH_NOARGS, NULL },
    { NULL, NULL, 0, NULL },
};

static mn_member_def module_members[] = {
    { "__dict__", MN_T_OBJECT, offsetof(mn_module, dict), MN_MEMBER_READONLY, NULL },
    { NULL, 0, 0, 0, NULL },
};

mn_type mn_module_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "module",
    .basicsize = sizeof(mn_module),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC,
    .doc = "Create a module object.",
    .dealloc = module_dealloc,
    .traverse = module_traverse,
    .clear = module_clear,
    .repr = module_repr,
    .getattro = module_getattro,
    .setattro = mn_object_generic_setattr,
    .new_ = module_new,
    .methods = module_methods,
    .members = module_members,
    .dictoffset = offsetof(mn_module, dict),
    .weaklistoffset = offsetof(mn_module, weakreflist),
};

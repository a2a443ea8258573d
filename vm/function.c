/* vm/function.c — the callable objects of the VM: functions (and CPython's
 * argument-binding rules with their exact TypeError messages), cells,
 * bound methods, staticmethod, classmethod and property.
 *
 * Calling a function: the function type's call slot (mn_function_call in
 * eval.c) pushes a frame on the thread's frame stack and binds the
 * vectorcall arguments straight into its localsplus slots
 * (mn_function_bind_args below); the eval loop's CALL does the same without
 * going through the slot, so a mini->mini call never allocates.
 */
#include <string.h>
#include "vm/frame.h"

/* getattr(o, name) with AttributeError turned into 0 (mn_object_lookup_attr
 * with a C string name). */
int mn_vm_lookup_attr_str(mn_object *o, const char *name, mn_object **result)
{
    *result = mn_object_getattr_str(o, name);
    if (*result)
        return 1;
    if (mn_err_matches(&mn_exc_AttributeError)) {
        mn_err_clear();
        return 0;
    }
    return -1;
}
#define lookup_attr_str mn_vm_lookup_attr_str

/* ================================================================ function */

mn_object *mn_function_new(mn_object *code, mn_object *globals, mn_object *qualname)
{
    mn_code *co = (mn_code *)code;
    mn_function *f = (mn_function *)mn_type_generic_alloc(&mn_function_type, 0);
    if (!f)
        return NULL;
    f->code = MN_NEW_REF(code);
    f->globals = MN_NEW_REF(globals);
    /* __builtins__: globals['__builtins__'] (a module or dict) if present,
     * else the interpreter's builtins dict. */
    mn_object *b = mn_dict_get_item_str(globals, "__builtins__");
    if (b && MN_MODULE_CHECK(b))
        b = mn_module_get_dict(b);
    if (!b || !MN_DICT_CHECK(b)) {
        mn_err_clear();
        b = mn_vm_builtins();
    }
    f->builtins = MN_NEW_REF(b);
    f->name = MN_NEW_REF(co->name);
    f->qualname = MN_NEW_REF(qualname ? qualname : co->qualname);
    f->doc = MN_NEW_REF(co->docstring ? co->docstring : mn_none);
    mn_object *mod = mn_dict_get_item_str(globals, "__name__");
    if (mod)
        f->module = MN_NEW_REF(mod);
    else
        mn_err_clear();
    mn_gc_track(MN_OBJ(f));
    return MN_OBJ(f);
}

static int function_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    mn_function *f = (mn_function *)self;
    MN_VISIT(f->code); MN_VISIT(f->globals); MN_VISIT(f->builtins);
    MN_VISIT(f->name); MN_VISIT(f->qualname); MN_VISIT(f->defaults);
    MN_VISIT(f->kwdefaults); MN_VISIT(f->closure); MN_VISIT(f->doc);
    MN_VISIT(f->dict); MN_VISIT(f->module); MN_VISIT(f->annotations);
    return 0;
}

static int function_clear(mn_object *self)
{
    mn_function *f = (mn_function *)self;
    MN_CLEAR(f->globals); MN_CLEAR(f->builtins);
    MN_CLEAR(f->defaults); MN_CLEAR(f->kwdefaults); MN_CLEAR(f->closure);
    MN_CLEAR(f->doc); MN_CLEAR(f->dict); MN_CLEAR(f->module); MN_CLEAR(f->annotations);
    return 0;
}

static void function_dealloc(mn_object *self)
{
    mn_function *f = (mn_function *)self;
    mn_gc_untrack(self);
    mn_weakref_clear_refs(self);
    function_clear(self);
    MN_CLEAR(f->code); MN_CLEAR(f->name); MN_CLEAR(f->qualname);
    mn_object_free(self);
}

static mn_object *function_repr(mn_object *self)
{
    return mn_str_from_format("<function %U at %p>", ((mn_function *)self)->qualname, (void *)self);
}

static mn_object *function_descr_get(mn_object *self, mn_object *obj, MN_UNUSED mn_object *type)
{
    if (!obj || obj == mn_none)
        return MN_NEW_REF(self);
    return mn_method_new(self, obj);
}

#define FN(o) ((mn_function *)(o))

static mn_object *fn_get_code(mn_object *s, MN_UNUSED void *c) { return MN_NEW_REF(FN(s)->code); }
static int fn_set_code(mn_object *s, mn_object *v, MN_UNUSED void *c)
{
    if (!v || !MN_CODE_CHECK(v)) {
        mn_err_set_string(&mn_exc_TypeError, "__code__ must be set to a code object");
        return -1;
    }
    mn_ssize nfree = FN(s)->closure ? MN_TUPLE_SIZE(FN(s)->closure) : 0;
    if (((mn_code *)v)->nfreevars != nfree) {
        mn_err_format(&mn_exc_ValueError, "%U() requires a code object with %zd free vars, not %d",
                      FN(s)->name, nfree, ((mn_code *)v)->nfreevars);
        return -1;
    }
    MN_INCREF(v);
    MN_SETREF(FN(s)->code, v);
    return 0;
}
static mn_object *or_none(mn_object *o) { return MN_NEW_REF(o ? o : mn_none); }
static mn_object *fn_get_defaults(mn_object *s, MN_UNUSED void *c) { return or_none(FN(s)->defaults); }
static int fn_set_defaults(mn_object *s, mn_object *v, MN_UNUSED void *c)
{
    if (v == mn_none)
        v = NULL;
    if (v && !MN_TUPLE_CHECK(v)) {
        mn_err_set_string(&mn_exc_TypeError, "__defaults__ must be set to a tuple object");
        return -1;
    }
    MN_XINCREF(v);
    MN_SETREF(FN(s)->defaults, v);
    return 0;
}
static mn_object *fn_get_kwdefaults(mn_object *s, MN_UNUSED void *c) { return or_none(FN(s)->kwdefaults); }
static int fn_set_kwdefaults(mn_object *s, mn_object *v, MN_UNUSED void *c)
{
    if (v == mn_none)
        v = NULL;
    if (v && !MN_DICT_CHECK(v)) {
        mn_err_set_string(&mn_exc_TypeError, "__kwdefaults__ must be set to a dict object");
        return -1;
    }
    MN_XINCREF(v);
    MN_SETREF(FN(s)->kwdefaults, v);
    return 0;
}
static mn_object *fn_get_annotations(mn_object *s, MN_UNUSED void *c)
{
    if (!FN(s)->annotations && !(FN(s)->annotations = mn_dict_new()))
        return NULL;
    if (MN_TUPLE_CHECK(FN(s)->annotations)) {
        /* MAKE_FUNCTION's flag 4 hands a flat (name, value, ...) tuple. */
        mn_object *t = FN(s)->annotations, *d = mn_dict_new();
        if (!d)
            return NULL;
        for (mn_ssize i = 0; i + 1 < MN_TUPLE_SIZE(t); i += 2)
            if (mn_dict_set_item(d, MN_TUPLE_GET(t, i), MN_TUPLE_GET(t, i + 1)) < 0) {
                MN_DECREF(d);
                return NULL;
            }
        MN_SETREF(FN(s)->annotations, d);
    }
    return MN_NEW_REF(FN(s)->annotations);
}
static int fn_set_annotations(mn_object *s, mn_object *v, MN_UNUSED void *c)
{
    if (v == mn_none)
        v = NULL;
    if (v && !MN_DICT_CHECK(v)) {
        mn_err_set_string(&mn_exc_TypeError, "__annotations__ must be set to a dict object");
        return -1;
    }
    MN_XINCREF(v);
    MN_SETREF(FN(s)->annotations, v);
    return 0;
}
static mn_object *fn_get_dict(mn_object *s, MN_UNUSED void *c)
{
    if (!FN(s)->dict && !(FN(s)->dict = mn_dict_new()))
        return NULL;
    return MN_NEW_REF(FN(s)->dict);
}
static int fn_set_dict(mn_object *s, mn_object *v, MN_UNUSED void *c)
{
    if (!v) {
        mn_err_set_string(&mn_exc_TypeError, "cannot delete __dict__");
        return -1;
    }
    if (!MN_DICT_CHECK(v)) {
        mn_err_format(&mn_exc_TypeError, "__dict__ must be set to a dictionary, not a '%s'", MN_TYPE_NAME(v));
        return -1;
    }
    MN_INCREF(v);
    MN_SETREF(FN(s)->dict, v);
    return 0;
}
static int set_str_attr(mn_object **slot, mn_object *v, const char *what)
{
    if (!v || !MN_STR_CHECK(v)) {
        mn_err_format(&mn_exc_TypeError, "%s must be set to a string object", what);
        return -1;
    }
    MN_INCREF(v);
    MN_SETREF(*slot, v);
    return 0;
}
static mn_object *fn_get_name(mn_object *s, MN_UNUSED void *c) { return MN_NEW_REF(FN(s)->name); }
static int fn_set_name(mn_object *s, mn_object *v, MN_UNUSED void *c) { return set_str_attr(&FN(s)->name, v, "__name__"); }
static mn_object *fn_get_qualname(mn_object *s, MN_UNUSED void *c) { return MN_NEW_REF(FN(s)->qualname); }
static int fn_set_qualname(mn_object *s, mn_object *v, MN_UNUSED void *c) { return set_str_attr(&FN(s)->qualname, v, "__qualname__"); }
static mn_object *fn_get_doc(mn_object *s, MN_UNUSED void *c) { return or_none(FN(s)->doc); }
static int fn_set_doc(mn_object *s, mn_object *v, MN_UNUSED void *c)
{
    MN_XINCREF(v);
    MN_SETREF(FN(s)->doc, v);
    return 0;
}
static mn_object *fn_get_module(mn_object *s, MN_UNUSED void *c) { return or_none(FN(s)->module); }
static int fn_set_module(mn_object *s, mn_object *v, MN_UNUSED void *c)
{
    MN_XINCREF(v);
    MN_SETREF(FN(s)->module, v);
    return 0;
}
static mn_object *fn_get_globals(mn_object *s, MN_UNUSED void *c) { return MN_NEW_REF(FN(s)->globals); }
static mn_object *fn_get_builtins(mn_object *s, MN_UNUSED void *c) { return MN_NEW_REF(FN(s)->builtins); }
static mn_object *fn_get_closure(mn_object *s, MN_UNUSED void *c) { return or_none(FN(s)->closure); }

static mn_getset_def function_getset[] = {
    { "__code__", fn_get_code, fn_set_code, NULL, NULL },
    { "__defaults__", fn_get_defaults, fn_set_defaults, NULL, NULL },
    { "__kwdefaults__", fn_get_kwdefaults, fn_set_kwdefaults, NULL, NULL },
    { "__annotations__", fn_get_annotations, fn_set_annotations, NULL, NULL },
    { "__dict__", fn_get_dict, fn_set_dict, NULL, NULL },
    { "__name__", fn_get_name, fn_set_name, NULL, NULL },
    { "__qualname__", fn_get_qualname, fn_set_qualname, NULL, NULL },
    { "__doc__", fn_get_doc, fn_set_doc, NULL, NULL },
    { "__module__", fn_get_module, fn_set_module, NULL, NULL },
    { "__globals__", fn_get_globals, NULL, NULL, NULL },
    { "__builtins__", fn_get_builtins, NULL, NULL, NULL },
    { "__closure__", fn_get_closure, NULL, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

mn_type mn_function_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "function",
    .basicsize = sizeof(mn_function),
    .flags = MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_METHOD_DESCRIPTOR,
    .dealloc = function_dealloc,
    .traverse = function_traverse,
    .clear = function_clear,
    .repr = function_repr,
    .call = mn_function_call,
    .descr_get = function_descr_get,
    .getattro = mn_object_generic_getattr,
    .setattro = mn_object_generic_setattr,
    .getset = function_getset,
    .dictoffset = offsetof(mn_function, dict),
    .weaklistoffset = offsetof(mn_function, weakreflist),
};

/* ---------------------------------------------------- argument binding */

/* "'a'", "'a' and 'b'", "'a', 'b', and 'c'" (CPython's format_missing). */
static mn_object *join_names(mn_object **names, int n)
{
    mn_str_builder sb;
    mn_sb_init(&sb);
    for (int i = 0; i < n; i++) {
        if (i > 0)
            mn_sb_append_cstr(&sb, n == 2 ? " and " : (i == n - 1 ? ", and " : ", "));
        if (mn_sb_append_repr(&sb, names[i]) < 0) {
            mn_sb_discard(&sb);
            return NULL;
        }
    }
    return mn_sb_finish(&sb);
}

static void missing_arguments(mn_function *fn, mn_frame *f, int start, int end, int kwonly, mn_object *defaults_dict)
{
    mn_code *co = (mn_code *)fn->code;
    mn_object *names[64];
    int n = 0;
    for (int i = start; i < end; i++) {
        if (f->localsplus[i])
            continue;
        mn_object *name = MN_TUPLE_GET(co->localsplusnames, i);
        if (kwonly && defaults_dict && mn_dict_get_item(defaults_dict, name))
            continue;
        if (n < 64)
            names[n++] = name;
    }
    mn_object *s = join_names(names, n);
    if (!s)
        return;
    mn_err_format(&mn_exc_TypeError, "%U() missing %d required %s argument%s: %U", fn->qualname, n,
                  kwonly ? "keyword-only" : "positional", n == 1 ? "" : "s", s);
    MN_DECREF(s);
}

static void too_many_positional(mn_function *fn, mn_frame *f, mn_ssize given)
{
    mn_code *co = (mn_code *)fn->code;
    int kwonly_given = 0;
    for (int i = co->argcount; i < co->argcount + co->kwonlyargcount; i++)
        if (f->localsplus[i])
            kwonly_given++;
    mn_ssize defcount = fn->defaults ? MN_TUPLE_SIZE(fn->defaults) : 0;
    char sig[64], kwsig[96] = "";
    int plural;
    if (defcount) {
        plural = 1;
        snprintf(sig, sizeof sig, "from %d to %d", co->argcount - (int)defcount, co->argcount);
    } else {
        plural = co->argcount != 1;
        snprintf(sig, sizeof sig, "%d", co->argcount);
    }
    if (kwonly_given)
        snprintf(kwsig, sizeof kwsig, " positional argument%s (and %d keyword-only argument%s)",
                 given != 1 ? "s" : "", kwonly_given, kwonly_given != 1 ? "s" : "");
    mn_err_format(&mn_exc_TypeError, "%U() takes %s positional argument%s but %zd%s %s given",
                  fn->qualname, sig, plural ? "s" : "", given, kwsig,
                  given == 1 && !kwonly_given ? "was" : "were");
}

static int posonly_passed_as_keyword(mn_function *fn, mn_object *kwnames)
{
    mn_code *co = (mn_code *)fn->code;
    mn_object *names[64];
    int n = 0;
    for (int k = 0; k < co->posonlyargcount; k++) {
        mn_object *pn = MN_TUPLE_GET(co->localsplusnames, k);
        for (mn_ssize j = 0; j < MN_TUPLE_SIZE(kwnames); j++) {
            mn_object *kn = MN_TUPLE_GET(kwnames, j);
            if (kn == pn || mn_str_equal(kn, pn)) {
                if (n < 64)
                    names[n++] = pn;
                break;
            }
        }
    }
    if (!n)
        return 0;
    mn_str_builder sb;
    mn_sb_init(&sb);
    for (int i = 0; i < n; i++) {
        if (i)
            mn_sb_append_cstr(&sb, ", ");
        mn_sb_append_str(&sb, names[i]);
    }
    mn_object *s = mn_sb_finish(&sb);
    if (!s)
        return -1;
    mn_err_format(&mn_exc_TypeError, "%U() got some positional-only arguments passed as keyword arguments: '%U'",
                  fn->qualname, s);
    MN_DECREF(s);
    return 1;
}

int mn_function_bind_args(mn_function *fn, mn_frame *f, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_code *co = (mn_code *)fn->code;
    mn_object **lp = f->localsplus;
    int argcount = co->argcount;
    int total = argcount + co->kwonlyargcount;
    mn_object *kwdict = NULL;

    /* Fast path: exactly the positional parameters, nothing else. */
    if (!kwnames && nargs == argcount && !(co->flags & (MN_CO_VARARGS | MN_CO_VARKEYWORDS)) && !co->kwonlyargcount) {
        for (int i = 0; i < argcount; i++)
            lp[i] = MN_NEW_REF(args[i]);
        return 0;
    }
    if (co->flags & MN_CO_VARKEYWORDS) {
        kwdict = mn_dict_new();
        if (!kwdict)
            return -1;
        lp[total + ((co->flags & MN_CO_VARARGS) ? 1 : 0)] = kwdict;
    }
    mn_ssize n = nargs < argcount ? nargs : argcount;
    for (mn_ssize i = 0; i < n; i++)
        lp[i] = MN_NEW_REF(args[i]);
    if (co->flags & MN_CO_VARARGS) {
        mn_object *u = nargs > n ? mn_tuple_from_array(args + n, nargs - n) : mn_tuple_new(0);
        if (!u)
            return -1;
        lp[total] = u;
    }
    if (kwnames) {
        mn_ssize nkw = MN_TUPLE_SIZE(kwnames);
        for (mn_ssize j = 0; j < nkw; j++) {
            mn_object *key = MN_TUPLE_GET(kwnames, j), *value = args[nargs + j];
            if (!MN_STR_CHECK(key)) {
                mn_err_format(&mn_exc_TypeError, "%U() keywords must be strings", fn->qualname);
                return -1;
            }
            int idx = -1;
            for (int i = co->posonlyargcount; i < total; i++)
                if (MN_TUPLE_GET(co->localsplusnames, i) == key) {
                    idx = i;
                    break;
                }
            if (idx < 0)
                for (int i = co->posonlyargcount; i < total; i++)
                    if (mn_str_equal(MN_TUPLE_GET(co->localsplusnames, i), key)) {
                        idx = i;
                        break;
                    }
            if (idx < 0) {
                if (!kwdict) {
                    if (co->posonlyargcount && posonly_passed_as_keyword(fn, kwnames))
                        return -1;
                    mn_err_format(&mn_exc_TypeError, "%U() got an unexpected keyword argument '%S'",
                                  fn->qualname, key);
                    return -1;
                }
                if (mn_dict_set_item(kwdict, key, value) < 0)
                    return -1;
                continue;
            }
            if (lp[idx]) {
                mn_err_format(&mn_exc_TypeError, "%U() got multiple values for argument '%S'", fn->qualname, key);
                return -1;
            }
            lp[idx] = MN_NEW_REF(value);
        }
    }
    if (nargs > argcount && !(co->flags & MN_CO_VARARGS)) {
        too_many_positional(fn, f, nargs);
        return -1;
    }
    if (nargs < argcount) {
        mn_ssize ndef = fn->defaults ? MN_TUPLE_SIZE(fn->defaults) : 0;
        int m = argcount - (int)ndef;
        for (int i = (int)nargs; i < m; i++)
            if (!lp[i]) {
                missing_arguments(fn, f, (int)nargs, m, 0, NULL);
                return -1;
            }
        for (int i = m > nargs ? m : (int)nargs; i < argcount; i++)
            if (!lp[i])
                lp[i] = MN_NEW_REF(MN_TUPLE_GET(fn->defaults, i - m));
    }
    if (co->kwonlyargcount) {
        int missing = 0;
        for (int i = argcount; i < total; i++) {
            if (lp[i])
                continue;
            mn_object *name = MN_TUPLE_GET(co->localsplusnames, i);
            mn_object *d = fn->kwdefaults ? mn_dict_get_item(fn->kwdefaults, name) : NULL;
            if (d)
                lp[i] = MN_NEW_REF(d);
            else
                missing++;
        }
        if (missing) {
            missing_arguments(fn, f, argcount, total, 1, fn->kwdefaults);
            return -1;
        }
    }
    return 0;
}

/* ==================================================================== cell */

mn_object *mn_cell_new(mn_object *ref)
{
    mn_cell *c = (mn_cell *)mn_type_generic_alloc(&mn_cell_type, 0);
    if (!c)
        return NULL;
    MN_XINCREF(ref);
    c->ref = ref;
    mn_gc_track(MN_OBJ(c));
    return MN_OBJ(c);
}

static int cell_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(((mn_cell *)self)->ref);
    return 0;
}

static int cell_clear(mn_object *self)
{
    MN_CLEAR(((mn_cell *)self)->ref);
    return 0;
}

static void cell_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    cell_clear(self);
    mn_object_free(self);
}

static mn_object *cell_repr(mn_object *self)
{
    mn_object *r = ((mn_cell *)self)->ref;
    if (!r)
        return mn_str_from_format("<cell at %p: empty>", (void *)self);
    return mn_str_from_format("<cell at %p: %s object at %p>", (void *)self, MN_TYPE_NAME(r), (void *)r);
}

static mn_object *cell_richcompare(mn_object *a, mn_object *b, int op)
{
    if (MN_TYPE(b) != &mn_cell_type)
        MN_RETURN_NOT_IMPLEMENTED;
    mn_object *x = ((mn_cell *)a)->ref, *y = ((mn_cell *)b)->ref;
    if (x && y)
        return mn_object_richcompare(x, y, op);
    /* Empty cells sort before full ones. */
    int c = (x != NULL) - (y != NULL);
    int r;
    switch (op) {
    case MN_LT: r = c < 0; break;
    case MN_LE: r = c <= 0; break;
    case MN_EQ: r = c == 0; break;
    case MN_NE: r = c != 0; break;
    case MN_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    MN_RETURN_BOOL(r);
}

static mn_object *cell_get_contents(mn_object *self, MN_UNUSED void *c)
{
    mn_object *r = ((mn_cell *)self)->ref;
    if (!r) {
        mn_err_set_string(&mn_exc_ValueError, "Cell is empty");
        return NULL;
    }
    return MN_NEW_REF(r);
}

static int cell_set_contents(mn_object *self, mn_object *v, MN_UNUSED void *c)
{
    MN_XINCREF(v);
    MN_SETREF(((mn_cell *)self)->ref, v);
    return 0;
}

static mn_getset_def cell_getset[] = {
    { "cell_contents", cell_get_contents, cell_set_contents, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

mn_type mn_cell_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "cell",
    .basicsize = sizeof(mn_cell),
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = cell_dealloc,
    .traverse = cell_traverse,
    .clear = cell_clear,
    .repr = cell_repr,
    .hash = mn_object_hash_not_implemented,
    .richcompare = cell_richcompare,
    .getattro = mn_object_generic_getattr,
    .getset = cell_getset,
};

/* ============================================================ bound method */

mn_object *mn_method_new(mn_object *func, mn_object *self)
{
    mn_method *m = (mn_method *)mn_type_generic_alloc(&mn_method_type, 0);
    if (!m)
        return NULL;
    m->func = MN_NEW_REF(func);
    m->self = MN_NEW_REF(self);
    mn_gc_track(MN_OBJ(m));
    return MN_OBJ(m);
}

static int method_traverse(mn_object *s, mn_visitproc visit, void *arg)
{
    MN_VISIT(((mn_method *)s)->func);
    MN_VISIT(((mn_method *)s)->self);
    return 0;
}

static int method_clear(mn_object *s)
{
    MN_CLEAR(((mn_method *)s)->func);
    MN_CLEAR(((mn_method *)s)->self);
    return 0;
}

static void method_dealloc(mn_object *s)
{
    mn_gc_untrack(s);
    mn_weakref_clear_refs(s);
    method_clear(s);
    mn_object_free(s);
}

/* Calls func(self, *args): prepends self in a stack buffer when small. */
mn_object *mn_call_prepend(mn_object *func, mn_object *self, mn_object *const *args, mn_ssize nargs,
                           mn_object *kwnames)
{
    mn_ssize total = nargs + (kwnames ? MN_TUPLE_SIZE(kwnames) : 0);
    mn_object *small[8], **vec = small;
    if (total + 1 > 8) {
        vec = mn_mem_alloc(sizeof(mn_object *) * (size_t)(total + 1));
        if (!vec)
            return mn_err_no_memory();
    }
    vec[0] = self;
    if (total)
        memcpy(vec + 1, args, sizeof(mn_object *) * (size_t)total);
    mn_object *r = mn_object_call(func, vec, nargs + 1, kwnames);
    if (vec != small)
        mn_mem_free(vec);
    return r;
}

static mn_object *method_call(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_method *m = (mn_method *)s;
    return mn_call_prepend(m->func, m->self, args, nargs, kwnames);
}

static mn_object *method_repr(mn_object *s)
{
    mn_method *m = (mn_method *)s;
    mn_object *name = NULL;
    if (lookup_attr_str(m->func, "__qualname__", &name) < 0)
        return NULL;
    if (!name && lookup_attr_str(m->func, "__name__", &name) < 0)
        return NULL;
    mn_object *r;
    if (name && MN_STR_CHECK(name))
        r = mn_str_from_format("<bound method %U of %R>", name, m->self);
    else
        r = mn_str_from_format("<bound method ? of %R>", m->self);
    MN_XDECREF(name);
    return r;
}

static mn_object *method_richcompare(mn_object *a, mn_object *b, int op)
{
    if ((op != MN_EQ && op != MN_NE) || MN_TYPE(b) != &mn_method_type)
        MN_RETURN_NOT_IMPLEMENTED;
    mn_method *x = (mn_method *)a, *y = (mn_method *)b;
    int eq = x->self == y->self;
    if (eq) {
        eq = mn_object_richcompare_bool(x->func, y->func, MN_EQ);
        if (eq < 0)
            return NULL;
    }
    MN_RETURN_BOOL(op == MN_EQ ? eq : !eq);
}

static mn_hash method_hash(mn_object *s)
{
    mn_method *m = (mn_method *)s;
    mn_hash y = mn_object_hash(m->func);
    if (y == -1)
        return -1;
    mn_hash x = (mn_hash)((uintptr_t)m->self >> 4 | (uintptr_t)m->self << (8 * sizeof(void *) - 4));
    x ^= y;
    return x == -1 ? -2 : x;
}

/* Attributes: the method type's own first, then the function's. */
static mn_object *method_getattro(mn_object *s, mn_object *name)
{
    mn_object *descr = mn_type_lookup(MN_TYPE(s), name);
    if (descr) {
        mn_descrgetfunc get = MN_TYPE(descr)->descr_get;
        if (get)
            return get(descr, s, MN_OBJ(MN_TYPE(s)));
        return MN_NEW_REF(descr);
    }
    return mn_object_getattr(((mn_method *)s)->func, name);
}

static mn_object *method_descr_get_self(mn_object *s, mn_object *obj, MN_UNUSED mn_object *type)
{
    (void)obj;
    return MN_NEW_REF(s);
}

static mn_object *method_get_doc(mn_object *s, MN_UNUSED void *c)
{
    return mn_object_getattr_str(((mn_method *)s)->func, "__doc__");
}

static mn_member_def method_members[] = {
    { "__func__", MN_T_OBJECT, offsetof(mn_method, func), MN_MEMBER_READONLY, NULL },
    { "__self__", MN_T_OBJECT, offsetof(mn_method, self), MN_MEMBER_READONLY, NULL },
    { NULL, 0, 0, 0, NULL },
};

static mn_getset_def method_getset[] = {
    { "__doc__", method_get_doc, NULL, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

/* types.MethodType(func, instance): bind a callable by hand. */
static mn_object *method_new(MN_UNUSED mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (kwnames && MN_TUPLE_SIZE(kwnames) > 0) {
        mn_err_set_string(&mn_exc_TypeError, "method() takes no keyword arguments");
        return NULL;
    }
    if (nargs != 2) {
        mn_err_format(&mn_exc_TypeError, "method expected 2 arguments, got %zd", nargs);
        return NULL;
    }
    if (!mn_callable_check(args[0])) {
        mn_err_set_string(&mn_exc_TypeError, "first argument must be callable");
        return NULL;
    }
    if (args[1] == mn_none) {
        mn_err_set_string(&mn_exc_TypeError, "instance must not be None");
        return NULL;
    }
    return mn_method_new(args[0], args[1]);
}

mn_type mn_method_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "method",
    .basicsize = sizeof(mn_method),
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = method_dealloc,
    .traverse = method_traverse,
    .clear = method_clear,
    .repr = method_repr,
    .hash = method_hash,
    .richcompare = method_richcompare,
    .call = method_call,
    .new_ = method_new,
    .getattro = method_getattro,
    .setattro = mn_object_generic_setattr,
    .descr_get = method_descr_get_self,
    .members = method_members,
    .getset = method_getset,
    .weaklistoffset = offsetof(mn_method, weakreflist),
};

/* ================================================ staticmethod, classmethod */

/* Both wrap one callable and carry a __dict__ (for functools.wraps-style
 * attribute copying). */
typedef struct mn_wrapper_descr {
    mn_object ob_base;
    mn_object *callable;
    mn_object *dict;
} mn_wrapper_descr;

static int wd_traverse(mn_object *s, mn_visitproc visit, void *arg)
{
    MN_VISIT(((mn_wrapper_descr *)s)->callable);
    MN_VISIT(((mn_wrapper_descr *)s)->dict);
    return 0;
}

static int wd_clear(mn_object *s)
{
    MN_CLEAR(((mn_wrapper_descr *)s)->callable);
    MN_CLEAR(((mn_wrapper_descr *)s)->dict);
    return 0;
}

static void wd_dealloc(mn_object *s)
{
    mn_gc_untrack(s);
    wd_clear(s);
    mn_object_free(s);
}

static int wd_init(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    const char *name = MN_TYPE(s) == &mn_staticmethod_type ? "staticmethod" : "classmethod";
    if (mn_args_no_keywords(name, kwnames) < 0 || mn_args_count(name, nargs, 1, 1) < 0)
        return -1;
    MN_INCREF(args[0]);
    MN_SETREF(((mn_wrapper_descr *)s)->callable, args[0]);
    /* Copy __doc__/__name__/... like functools.update_wrapper (3.10+). */
    static const char *const attrs[] = { "__module__", "__name__", "__qualname__", "__doc__", NULL };
    for (int i = 0; attrs[i]; i++) {
        mn_object *v;
        int r = lookup_attr_str(args[0], attrs[i], &v);
        if (r < 0)
            return -1;
        if (r) {
            mn_wrapper_descr *w = (mn_wrapper_descr *)s;
            if (!w->dict && !(w->dict = mn_dict_new())) {
                MN_DECREF(v);
                return -1;
            }
            r = mn_dict_set_item_str(w->dict, attrs[i], v);
            MN_DECREF(v);
            if (r < 0)
                return -1;
        }
    }
    return 0;
}

static mn_object *wd_new(mn_type *type, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs,
                         MN_UNUSED mn_object *kwnames)
{
    mn_object *o = mn_type_generic_alloc(type, 0);
    if (o)
        mn_gc_track(o);
    return o;
}

static mn_object *sm_get(mn_object *s, MN_UNUSED mn_object *obj, MN_UNUSED mn_object *type)
{
    mn_object *c = ((mn_wrapper_descr *)s)->callable;
    if (!c) {
        mn_err_set_string(&mn_exc_RuntimeError, "uninitialized staticmethod object");
        return NULL;
    }
    return MN_NEW_REF(c);
}

static mn_object *sm_call(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    return mn_object_call(((mn_wrapper_descr *)s)->callable, args, nargs, kwnames);
}

static mn_object *cm_get(mn_object *s, mn_object *obj, mn_object *type)
{
    mn_object *c = ((mn_wrapper_descr *)s)->callable;
    if (!c) {
        mn_err_set_string(&mn_exc_RuntimeError, "uninitialized classmethod object");
        return NULL;
    }
    if (!type)
        type = MN_OBJ(MN_TYPE(obj));
    /* 3.9-3.12: a wrapped descriptor is bound to the class (chaining). */
    if (MN_TYPE(c)->descr_get && MN_TYPE(c) != &mn_function_type)
        return MN_TYPE(c)->descr_get(c, type, type);
    return mn_method_new(c, type);
}

static mn_object *wd_repr(mn_object *s)
{
    return mn_str_from_format("<%s(%R)>", MN_TYPE_NAME(s), ((mn_wrapper_descr *)s)->callable);
}

static mn_object *wd_get_isabstract(mn_object *s, MN_UNUSED void *c)
{
    mn_object *v;
    int r = lookup_attr_str(((mn_wrapper_descr *)s)->callable, "__isabstractmethod__", &v);
    if (r < 0)
        return NULL;
    if (!r)
        MN_RETURN_FALSE;
    int t = mn_object_is_true(v);
    MN_DECREF(v);
    if (t < 0)
        return NULL;
    MN_RETURN_BOOL(t);
}

static mn_object *wd_get_dict(mn_object *s, MN_UNUSED void *c)
{
    mn_wrapper_descr *w = (mn_wrapper_descr *)s;
    if (!w->dict && !(w->dict = mn_dict_new()))
        return NULL;
    return MN_NEW_REF(w->dict);
}

static mn_member_def wd_members[] = {
    { "__func__", MN_T_OBJECT, offsetof(mn_wrapper_descr, callable), MN_MEMBER_READONLY, NULL },
    { "__wrapped__", MN_T_OBJECT, offsetof(mn_wrapper_descr, callable), MN_MEMBER_READONLY, NULL },
    { NULL, 0, 0, 0, NULL },
};

static mn_getset_def wd_getset[] = {
    { "__isabstractmethod__", wd_get_isabstract, NULL, NULL, NULL },
    { "__dict__", wd_get_dict, NULL, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

mn_type mn_staticmethod_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "staticmethod",
    .basicsize = sizeof(mn_wrapper_descr),
    .flags = MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_BASETYPE,
    .dealloc = wd_dealloc, .traverse = wd_traverse, .clear = wd_clear,
    .new_ = wd_new, .init = wd_init, .repr = wd_repr,
    .descr_get = sm_get, .call = sm_call,
    .getattro = mn_object_generic_getattr, .setattro = mn_object_generic_setattr,
    .members = wd_members, .getset = wd_getset,
    .dictoffset = offsetof(mn_wrapper_descr, dict),
};

mn_type mn_classmethod_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "classmethod",
    .basicsize = sizeof(mn_wrapper_descr),
    .flags = MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_BASETYPE,
    .dealloc = wd_dealloc, .traverse = wd_traverse, .clear = wd_clear,
    .new_ = wd_new, .init = wd_init, .repr = wd_repr,
    .descr_get = cm_get,
    .getattro = mn_object_generic_getattr, .setattro = mn_object_generic_setattr,
    .members = wd_members, .getset = wd_getset,
    .dictoffset = offsetof(mn_wrapper_descr, dict),
};

/* ================================================================ property */

typedef struct mn_property {
    mn_object ob_base;
    mn_object *fget, *fset, *fdel, *doc, *name;
    int getter_doc;           /* __doc__ was taken from fget */
} mn_property;

static int prop_traverse(mn_object *s, mn_visitproc visit, void *arg)
{
    mn_property *p = (mn_property *)s;
    MN_VISIT(p->fget); MN_VISIT(p->fset); MN_VISIT(p->fdel); MN_VISIT(p->doc); MN_VISIT(p->name);
    return 0;
}

static int prop_clear(mn_object *s)
{
    mn_property *p = (mn_property *)s;
    MN_CLEAR(p->fget); MN_CLEAR(p->fset); MN_CLEAR(p->fdel); MN_CLEAR(p->doc); MN_CLEAR(p->name);
    return 0;
}

static void prop_dealloc(mn_object *s)
{
    mn_gc_untrack(s);
    prop_clear(s);
    mn_object_free(s);
}

static mn_object *none_to_null(mn_object *o) { return o == mn_none ? NULL : o; }

static int prop_init(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const params[] = { "fget", "fset", "fdel", "doc", NULL };
    mn_object *a[4];
    if (mn_args_bind("property", args, nargs, kwnames, params, 0, a) < 0)
        return -1;
    mn_property *p = (mn_property *)s;
    for (int i = 0; i < 4; i++)
        a[i] = a[i] ? none_to_null(a[i]) : NULL;
    MN_XINCREF(a[0]); MN_SETREF(p->fget, a[0]);
    MN_XINCREF(a[1]); MN_SETREF(p->fset, a[1]);
    MN_XINCREF(a[2]); MN_SETREF(p->fdel, a[2]);
    MN_XINCREF(a[3]); MN_SETREF(p->doc, a[3]);
    p->getter_doc = 0;
    if (!p->doc && p->fget) {
        mn_object *d;
        int r = lookup_attr_str(p->fget, "__doc__", &d);
        if (r < 0)
            return -1;
        if (r && d != mn_none) {
            p->doc = d;
            p->getter_doc = 1;
        } else if (r) {
            MN_DECREF(d);
        }
    }
    return 0;
}

static mn_object *prop_error(mn_object *s, mn_object *obj, const char *what)
{
    mn_property *p = (mn_property *)s;
    mn_object *qn = mn_type_get_qualname(MN_TYPE(obj));
    if (!qn)
        return NULL;
    if (p->name)
        mn_err_format(&mn_exc_AttributeError, "property %R of %R object has no %s", p->name, qn, what);
    else
        mn_err_format(&mn_exc_AttributeError, "property of %R object has no %s", qn, what);
    MN_DECREF(qn);
    return NULL;
}

static mn_object *prop_get(mn_object *s, mn_object *obj, MN_UNUSED mn_object *type)
{
    mn_property *p = (mn_property *)s;
    if (!obj || obj == mn_none)
        return MN_NEW_REF(s);
    if (!p->fget)
        return prop_error(s, obj, "getter");
    return mn_object_call1(p->fget, obj);
}

static int prop_set(mn_object *s, mn_object *obj, mn_object *value)
{
    mn_property *p = (mn_property *)s;
    mn_object *f = value ? p->fset : p->fdel;
    if (!f) {
        prop_error(s, obj, value ? "setter" : "deleter");
        return -1;
    }
    mn_object *r = value ? mn_object_call2(f, obj, value) : mn_object_call1(f, obj);
    if (!r)
        return -1;
    MN_DECREF(r);
    return 0;
}

/* property.getter/setter/deleter: a copy with one accessor replaced. */
static mn_object *prop_copy(mn_object *s, mn_object *get, mn_object *set, mn_object *del)
{
    mn_property *p = (mn_property *)s;
    mn_object *doc = p->getter_doc && get ? mn_none : (p->doc ? p->doc : mn_none);
    mn_object *args[4] = { get ? get : mn_none, set ? set : mn_none, del ? del : mn_none, doc };
    mn_object *n = mn_object_call(MN_OBJ(MN_TYPE(s)), args, 4, NULL);
    if (n && MN_TYPE_CHECK(n, &mn_property_type)) {
        MN_XINCREF(p->name);
        MN_SETREF(((mn_property *)n)->name, p->name);
    }
    return n;
}

static mn_object *prop_getter(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    mn_property *p = (mn_property *)s;
    return prop_copy(s, a[0], p->fset, p->fdel);
}
static mn_object *prop_setter(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    mn_property *p = (mn_property *)s;
    return prop_copy(s, p->fget, a[0], p->fdel);
}
static mn_object *prop_deleter(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    mn_property *p = (mn_property *)s;
    return prop_copy(s, p->fget, p->fset, a[0]);
}
static mn_object *prop_set_name(mn_object *s, mn_object *const *a, mn_ssize n, mn_object *k)
{
    if (mn_args_no_keywords("__set_name__", k) < 0 || mn_args_count("__set_name__", n, 2, 2) < 0)
        return NULL;
    MN_INCREF(a[1]);
    MN_SETREF(((mn_property *)s)->name, a[1]);
    MN_RETURN_NONE;
}

static mn_method_def prop_methods[] = {
    { "getter", prop_getter, MN_METH_O, "Descriptor to obtain a copy of the property with a different getter." },
    { "setter", prop_setter, MN_METH_O, "Descriptor to obtain a copy of the property with a different setter." },
    { "deleter", prop_deleter, MN_METH_O, "Descriptor to obtain a copy of the property with a different deleter." },
    { "__set_name__", prop_set_name, MN_METH_VARARGS, "Method to set name of a property." },
    { NULL, NULL, 0, NULL },
};

static mn_object *prop_get_doc(mn_object *s, MN_UNUSED void *c) { return or_none(((mn_property *)s)->doc); }
static int prop_set_doc(mn_object *s, mn_object *v, MN_UNUSED void *c)
{
    MN_XINCREF(v);
    MN_SETREF(((mn_property *)s)->doc, v);
    return 0;
}
static mn_object *prop_get_isabstract(mn_object *s, MN_UNUSED void *c)
{
    mn_property *p = (mn_property *)s;
    mn_object *fs[3] = { p->fget, p->fset, p->fdel };
    for (int i = 0; i < 3; i++) {
        if (!fs[i])
            continue;
        mn_object *v;
        int r = lookup_attr_str(fs[i], "__isabstractmethod__", &v);
        if (r < 0)
            return NULL;
        if (r) {
            int t = mn_object_is_true(v);
            MN_DECREF(v);
            if (t < 0)
                return NULL;
            if (t)
                MN_RETURN_TRUE;
        }
    }
    MN_RETURN_FALSE;
}

static mn_member_def prop_members[] = {
    { "fget", MN_T_OBJECT, offsetof(mn_property, fget), MN_MEMBER_READONLY, NULL },
    { "fset", MN_T_OBJECT, offsetof(mn_property, fset), MN_MEMBER_READONLY, NULL },
    { "fdel", MN_T_OBJECT, offsetof(mn_property, fdel), MN_MEMBER_READONLY, NULL },
    { NULL, 0, 0, 0, NULL },
};

static mn_getset_def prop_getset[] = {
    { "__doc__", prop_get_doc, prop_set_doc, NULL, NULL },
    { "__isabstractmethod__", prop_get_isabstract, NULL, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

mn_type mn_property_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "property",
    .basicsize = sizeof(mn_property),
    .flags = MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_BASETYPE,
    .dealloc = prop_dealloc, .traverse = prop_traverse, .clear = prop_clear,
    .new_ = wd_new, .init = prop_init,
    .descr_get = prop_get, .descr_set = prop_set,
    .getattro = mn_object_generic_getattr,
    .methods = prop_methods, .members = prop_members, .getset = prop_getset,
};

int mn_function_init_types(void)
{
    mn_type *types[] = { &mn_function_type, &mn_cell_type, &mn_method_type, &mn_staticmethod_type,
                         &mn_classmethod_type, &mn_property_type };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (mn_type_ready(types[i]) < 0)
            return -1;
    return 0;
}

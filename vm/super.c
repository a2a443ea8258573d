/* vm/super.c — the super type: super(type, obj) and the zero-argument
 * form, which reads the calling frame's first argument and its __class__
 * cell (created by the compiler for methods that use super or __class__).
 * Attribute lookup walks obj's MRO starting *after* `type` and binds what
 * it finds to obj (or to the class, for classmethods and __new__).
 */
#include <string.h>
#include "vm/frame.h"

typedef struct mn_super {
    mn_object ob_base;
    mn_object *type;      /* __thisclass__ (a type) */
    mn_object *obj;       /* __self__ (instance or class) or NULL */
    mn_object *obj_type;  /* __self_class__ (a type) or NULL */
} mn_super;

static int super_traverse(mn_object *s, mn_visitproc visit, void *arg)
{
    mn_super *su = (mn_super *)s;
    MN_VISIT(su->type);
    MN_VISIT(su->obj);
    MN_VISIT(su->obj_type);
    return 0;
}

static int super_clear(mn_object *s)
{
    mn_super *su = (mn_super *)s;
    MN_CLEAR(su->type);
    MN_CLEAR(su->obj);
    MN_CLEAR(su->obj_type);
    return 0;
}

static void super_dealloc(mn_object *s)
{
    mn_gc_untrack(s);
    super_clear(s);
    mn_object_free(s);
}

/* The type to search from for obj: type(obj) or obj itself (a class). */
static mn_type *supercheck(mn_type *type, mn_object *obj)
{
    if (MN_TYPE_HAS_FLAG(MN_TYPE(obj), MN_TPFLAGS_TYPE_SUBCLASS) && mn_type_is_subtype((mn_type *)obj, type)) {
        MN_INCREF(obj);
        return (mn_type *)obj;
    }
    if (mn_type_is_subtype(MN_TYPE(obj), type)) {
        MN_INCREF(MN_TYPE(obj));
        return MN_TYPE(obj);
    }
    /* Objects lying about their class (__class__ property). */
    mn_object *cls;
    if (mn_vm_lookup_attr_str(obj, "__class__", &cls) > 0) {
        if (MN_TYPE_HAS_FLAG(MN_TYPE(cls), MN_TPFLAGS_TYPE_SUBCLASS) && (mn_type *)cls != MN_TYPE(obj) &&
            mn_type_is_subtype((mn_type *)cls, type))
            return (mn_type *)cls;
        MN_DECREF(cls);
    }
    mn_err_clear();
    mn_err_set_string(&mn_exc_TypeError, "super(type, obj): obj must be an instance or subtype of type");
    return NULL;
}

int mn_vm_lookup_attr_str(mn_object *o, const char *name, mn_object **result);

/* super() without arguments: from the calling frame. */
static int super_zero_args(mn_type **type_out, mn_object **obj_out)
{
    mn_thread_state *ts = mn_tstate;
    mn_frame *f = ts ? ts->frame : NULL;
    if (!f || !f->code) {
        mn_err_set_string(&mn_exc_RuntimeError, "super(): no current frame");
        return -1;
    }
    mn_code *co = f->code;
    if (co->argcount == 0) {
        mn_err_set_string(&mn_exc_RuntimeError, "super(): no arguments");
        return -1;
    }
    mn_object *first = f->localsplus[0];
    if (first && (co->localspluskinds[0] & MN_LOCAL_CELL) && MN_TYPE(first) == &mn_cell_type)
        first = ((mn_cell *)first)->ref;
    if (!first) {
        mn_err_set_string(&mn_exc_RuntimeError, "super(): arg[0] deleted");
        return -1;
    }
    for (int i = co->nlocalsplus - co->nfreevars; i < co->nlocalsplus; i++) {
        mn_object *name = MN_TUPLE_GET(co->localsplusnames, i);
        if (!mn_str_equal_cstr(name, "__class__"))
            continue;
        mn_object *cell = f->localsplus[i];
        if (!cell || MN_TYPE(cell) != &mn_cell_type) {
            mn_err_set_string(&mn_exc_RuntimeError, "super(): bad __class__ cell");
            return -1;
        }
        mn_object *t = ((mn_cell *)cell)->ref;
        if (!t) {
            mn_err_set_string(&mn_exc_RuntimeError, "super(): empty __class__ cell");
            return -1;
        }
        if (!MN_TYPE_HAS_FLAG(MN_TYPE(t), MN_TPFLAGS_TYPE_SUBCLASS)) {
            mn_err_format(&mn_exc_RuntimeError, "super(): __class__ is not a type (%s)", MN_TYPE_NAME(t));
            return -1;
        }
        *type_out = (mn_type *)t;
        *obj_out = first;
        return 0;
    }
    mn_err_set_string(&mn_exc_RuntimeError, "super(): __class__ cell not found");
    return -1;
}

static int super_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (mn_args_no_keywords("super", kwnames) < 0 || mn_args_count("super", nargs, 0, 2) < 0)
        return -1;
    mn_type *type;
    mn_object *obj = NULL;
    if (nargs == 0) {
        if (super_zero_args(&type, &obj) < 0)
            return -1;
    } else {
        if (!MN_TYPE_HAS_FLAG(MN_TYPE(args[0]), MN_TPFLAGS_TYPE_SUBCLASS)) {
            mn_err_format(&mn_exc_TypeError, "super() argument 1 must be a type, not %s", MN_TYPE_NAME(args[0]));
            return -1;
        }
        type = (mn_type *)args[0];
        obj = nargs > 1 ? args[1] : NULL;
        if (obj == mn_none)
            obj = NULL;
    }
    mn_type *obj_type = NULL;
    if (obj && !(obj_type = supercheck(type, obj)))
        return -1;
    mn_super *su = (mn_super *)self;
    MN_INCREF(type);
    MN_SETREF(su->type, MN_OBJ(type));
    MN_XINCREF(obj);
    MN_SETREF(su->obj, obj);
    MN_SETREF(su->obj_type, MN_OBJ(obj_type));
    return 0;
}

static mn_object *super_new(mn_type *type, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs,
                            MN_UNUSED mn_object *kwnames)
{
    mn_object *o = mn_type_generic_alloc(type, 0);
    if (o)
        mn_gc_track(o);
    return o;
}

static mn_object *super_getattro(mn_object *self, mn_object *name)
{
    mn_super *su = (mn_super *)self;
    mn_type *start = (mn_type *)su->obj_type;
    if (!start || mn_str_equal_cstr(name, "__class__"))
        return mn_object_generic_getattr(self, name);
    mn_object *mro = start->mro;
    if (!mro)
        return mn_object_generic_getattr(self, name);
    mn_ssize n = MN_TUPLE_SIZE(mro), i = 0;
    for (; i + 1 < n; i++)
        if (MN_TUPLE_GET(mro, i) == su->type)
            break;
    i++;
    MN_INCREF(mro);
    for (; i < n; i++) {
        mn_type *t = (mn_type *)MN_TUPLE_GET(mro, i);
        if (!t->dict)
            continue;
        mn_object *res = mn_dict_get_item(t->dict, name);
        if (res) {
            MN_INCREF(res);
            MN_DECREF(mro);
            mn_descrgetfunc get = MN_TYPE(res)->descr_get;
            if (get) {
                mn_object *r = get(res, su->obj == MN_OBJ(start) ? NULL : su->obj, MN_OBJ(start));
                MN_DECREF(res);
                return r;
            }
            return res;
        }
        if (mn_err_occurred()) {
            MN_DECREF(mro);
            return NULL;
        }
    }
    MN_DECREF(mro);
    return mn_object_generic_getattr(self, name);
}

static mn_object *super_descr_get(mn_object *self, mn_object *obj, MN_UNUSED mn_object *type)
{
    mn_super *su = (mn_super *)self;
    if (!obj || obj == mn_none || su->obj)
        return MN_NEW_REF(self);
    mn_object *args[2] = { su->type, obj };
    return mn_object_call(MN_OBJ(MN_TYPE(self)), args, 2, NULL);
}

static mn_object *super_repr(mn_object *self)
{
    mn_super *su = (mn_super *)self;
    mn_object *tn = mn_type_get_name((mn_type *)su->type);
    if (!tn)
        return NULL;
    mn_object *r;
    if (su->obj_type) {
        mn_object *on = mn_type_get_name((mn_type *)su->obj_type);
        r = on ? mn_str_from_format("<super: <class '%U'>, <%U object>>", tn, on) : NULL;
        MN_XDECREF(on);
    } else {
        r = mn_str_from_format("<super: <class '%U'>, NULL>", tn);
    }
    MN_DECREF(tn);
    return r;
}

static mn_member_def super_members[] = {
    { "__thisclass__", MN_T_OBJECT, offsetof(mn_super, type), MN_MEMBER_READONLY, "the class invoking super()" },
    { "__self__", MN_T_OBJECT, offsetof(mn_super, obj), MN_MEMBER_READONLY, "the instance invoking super(); may be None" },
    { "__self_class__", MN_T_OBJECT, offsetof(mn_super, obj_type), MN_MEMBER_READONLY, "the type of the instance invoking super(); may be None" },
    { NULL, 0, 0, 0, NULL },
};

mn_type mn_super_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "super",
    .basicsize = sizeof(mn_super),
    .flags = MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_BASETYPE,
    .dealloc = super_dealloc,
    .traverse = super_traverse,
    .clear = super_clear,
    .new_ = super_new,
    .init = super_init,
    .repr = super_repr,
    .getattro = super_getattro,
    .descr_get = super_descr_get,
    .members = super_members,
};

int mn_super_init_types(void)
{
    return mn_type_ready(&mn_super_type);
}

/* runtime/heaptype.c — classes: type.__new__(metatype, name, bases, ns).
 *
 * Owns mn_type_new_heap (CPython's type_new): the most-derived metaclass
 * rule, choosing the "best base" whose instance layout the class extends,
 * __slots__ (member descriptors over extra pointer cells), the instance
 * layout (slots, then __dict__, then the weakref list, after the base's
 * fields; for variable-size bases such as int/str/tuple the __dict__ goes
 * after the items), the namespace fix-ups (__module__, __qualname__,
 * __doc__, implicit staticmethod/classmethod, __hash__ = None next to
 * __eq__, __classcell__), the MRO (a metaclass may override mro()), then
 * slot selection (slots.c), __set_name__ and __init_subclass__.
 *
 * Also the lifecycle of heap types and of their instances: the type object
 * is a GC container (mn_heaptype_*), and instances get subtype_dealloc /
 * subtype_traverse / subtype_clear, which handle what the class added (the
 * __dict__ and __slots__ cells), run __del__ (PEP 442: once, resurrection
 * allowed), and delegate the rest to the built-in base's own slots.
 */
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/slots.h"

#define PTR_SIZE ((mn_ssize)sizeof(mn_object *))

/* staticmethod/classmethod are VM types; weak so the runtime links alone. */
extern mn_type mn_staticmethod_type __attribute__((weak));
extern mn_type mn_classmethod_type __attribute__((weak));
mn_object *mn_vm_globals(void) __attribute__((weak));

/* ------------------------------------------------------- subclass list */

/* type->subclasses is a dict {address as int: address as int}: a weak set
 * of the direct subclasses, kept exact by removing an entry when the
 * subclass is cleared or deallocated. */
static mn_object *addr_key(mn_type *t)
{
    return mn_int_from_i64((int64_t)(intptr_t)t);
}

static int add_subclass(mn_type *base, mn_type *sub)
{
    if (!base->subclasses && !(base->subclasses = mn_dict_new()))
        return -1;
    mn_object *k = addr_key(sub);
    if (!k)
        return -1;
    int r = mn_dict_set_item(base->subclasses, k, k);
    MN_DECREF(k);
    return r;
}

static void remove_subclasses(mn_type *sub)
{
    mn_heap_type *ht = MN_HEAP_TYPE(sub);
    if (!ht->nsub_of)
        return;
    mn_object *saved = mn_err_fetch();
    mn_object *k = addr_key(sub);
    for (mn_ssize i = 0; k && i < ht->nsub_of; i++) {
        mn_type *b = ht->sub_of[i];
        if (b->subclasses && mn_dict_del_item(b->subclasses, k) < 0)
            mn_err_clear();
        MN_DECREF(b);
    }
    MN_XDECREF(k);
    mn_mem_free(ht->sub_of);
    ht->sub_of = NULL;
    ht->nsub_of = 0;
    mn_err_clear();
    mn_err_restore(saved);
}

mn_object *mn_type_subclasses(mn_type *type)
{
    mn_object *list = mn_list_new(0);
    if (!list || !type->subclasses)
        return list;
    mn_ssize pos = 0;
    mn_object *k, *v;
    while (mn_dict_next(type->subclasses, &pos, &k, &v)) {
        int64_t addr;
        mn_int_to_i64(k, &addr);
        if (mn_list_append(list, (mn_object *)(intptr_t)addr) < 0) {
            MN_DECREF(list);
            return NULL;
        }
    }
    return list;
}

/* ------------------------------------------------ instances: lifecycle */

static void subtype_dealloc(mn_object *self);

/* The first type along the base chain whose dealloc is not ours. */
static mn_type *static_base_of(mn_type *t)
{
    while (t && t->dealloc == subtype_dealloc)
        t = t->base;
    return t;
}

mn_object **mn_heaptype_var_dict_ptr(mn_object *o)
{
    mn_type *t = MN_TYPE(o);
    mn_type *b = static_base_of(t);
    /* Number of items of the variable-size part, per built-in layout. */
    mn_ssize n;
    if (MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_INT_SUBCLASS))
        n = ((mn_int *)o)->ndigits;
    else if (MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_STR_SUBCLASS))
        n = ((mn_str *)o)->nbytes + 1;
    else
        n = MN_SIZE(o);
    mn_ssize end = b->basicsize + n * b->itemsize;
    end = (end + PTR_SIZE - 1) / PTR_SIZE * PTR_SIZE;
    return (mn_object **)((char *)o + end);
}

/* Clears the __slots__ cells that heap type t (not its bases) added. */
static void clear_slots(mn_type *t, mn_object *self)
{
    mn_heap_type *ht = MN_HEAP_TYPE(t);
    for (mn_ssize i = 0; i < ht->nslots; i++) {
        mn_object **cell = (mn_object **)((char *)self + ht->slots_offset + i * PTR_SIZE);
        MN_CLEAR(*cell);
    }
}

static int subtype_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    mn_type *type = MN_TYPE(self);
    mn_type *t = type;
    for (; t && t->traverse == subtype_traverse; t = t->base) {
        mn_heap_type *ht = MN_HEAP_TYPE(t);
        for (mn_ssize i = 0; i < ht->nslots; i++)
            MN_VISIT(*(mn_object **)((char *)self + ht->slots_offset + i * PTR_SIZE));
    }
    mn_type *sb = static_base_of(type);
    if (type->dictoffset && sb->dictoffset != type->dictoffset) {
        mn_object **dp = mn_object_dict_ptr(self);
        if (dp)
            MN_VISIT(*dp);
    }
    /* Instances keep their class alive. */
    MN_VISIT(type);
    if (t && t->traverse && MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HAVE_GC))
        return t->traverse(self, visit, arg);
    return 0;
}

static int subtype_clear(mn_object *self)
{
    mn_type *type = MN_TYPE(self);
    mn_type *t = type;
    for (; t && t->clear == subtype_clear; t = t->base)
        clear_slots(t, self);
    mn_type *sb = static_base_of(type);
    if (type->dictoffset && sb->dictoffset != type->dictoffset) {
        mn_object **dp = mn_object_dict_ptr(self);
        if (dp)
            MN_CLEAR(*dp);
    }
    if (t && t->clear && MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HAVE_GC))
        return t->clear(self);
    return 0;
}

/* CPython's subtype_dealloc, simplified: finalizer, then what the heap
 * types added, then the built-in base's dealloc, then the class. */
static void subtype_dealloc(mn_object *self)
{
    mn_type *type = MN_TYPE(self);
    int gc = MN_OBJECT_IS_GC(self);
    if (gc)
        mn_gc_untrack(self);
    if (type->finalize && !(gc && (MN_GC_HEAD(self)->flags & MN_GC_FINALIZED))) {
        /* __del__ runs with a temporary reference; if it stored self
         * somewhere the object is resurrected and must not be freed. */
        self->refcnt = 1;
        type->finalize(self);
        if (gc)
            MN_GC_HEAD(self)->flags |= MN_GC_FINALIZED;
        if (--self->refcnt != 0) {
            if (gc)
                mn_gc_track(self);
            return;
        }
    }
    mn_weakref_clear_refs(self);
    for (mn_type *t = type; t && t->dealloc == subtype_dealloc; t = t->base)
        clear_slots(t, self);
    mn_type *base = static_base_of(type);
    if (type->dictoffset && base->dictoffset != type->dictoffset) {
        mn_object **dp = mn_object_dict_ptr(self);
        if (dp)
            MN_CLEAR(*dp);
    }
    /* object's and BaseException's deallocs already release a heap type
     * (they are written for heap instances too); the others don't. */
    mn_destructor basedealloc = base->dealloc;
    MN_INCREF(type);
    basedealloc(self);
    if (basedealloc == mn_object_type.dealloc || basedealloc == mn_exc_BaseException.dealloc)
        MN_DECREF(type);   /* the extra reference taken above */
    else {
        MN_DECREF(type);
        MN_DECREF(type);
    }
}

/* __dict__ and __weakref__ of instances. */
static mn_object *subtype_get_dict(mn_object *self, MN_UNUSED void *c)
{
    mn_object **dp = mn_object_dict_ptr(self);
    if (!dp) {
        mn_err_set_string(&mn_exc_AttributeError, "This object has no __dict__");
        return NULL;
    }
    if (!*dp && !(*dp = mn_dict_new()))
        return NULL;
    return MN_NEW_REF(*dp);
}

static int subtype_set_dict(mn_object *self, mn_object *value, MN_UNUSED void *c)
{
    mn_object **dp = mn_object_dict_ptr(self);
    if (!dp) {
        mn_err_set_string(&mn_exc_AttributeError, "This object has no __dict__");
        return -1;
    }
    if (!value) {
        MN_CLEAR(*dp);
        return 0;
    }
    if (!MN_DICT_CHECK(value)) {
        mn_err_format(&mn_exc_TypeError, "__dict__ must be set to a dictionary, not a '%s'", MN_TYPE_NAME(value));
        return -1;
    }
    MN_INCREF(value);
    MN_SETREF(*dp, value);
    return 0;
}

static mn_object *subtype_get_weakref(mn_object *self, MN_UNUSED void *c)
{
    mn_ssize off = MN_TYPE(self)->weaklistoffset;
    mn_object *w = off > 0 ? *(mn_object **)((char *)self + off) : NULL;
    return MN_NEW_REF(w ? w : mn_none);
}

static mn_getset_def subtype_getset_dict = { "__dict__", subtype_get_dict, subtype_set_dict,
                                             "dictionary for instance variables (if defined)", NULL };
static mn_getset_def subtype_getset_weakref = { "__weakref__", subtype_get_weakref, NULL,
                                                "list of weak references to the object (if defined)", NULL };

/* ------------------------------------------------- the type object */

void mn_heaptype_dealloc(mn_object *self)
{
    mn_type *t = (mn_type *)self;
    mn_gc_untrack(self);
    mn_weakref_clear_refs(self);
    remove_subclasses(t);
    MN_CLEAR(t->dict);
    MN_CLEAR(t->mro);
    MN_CLEAR(t->bases);
    MN_CLEAR(t->base);
    MN_CLEAR(t->subclasses);
    MN_CLEAR(t->ht_name);
    MN_CLEAR(t->ht_qualname);
    MN_CLEAR(t->ht_slots);
    mn_mem_free(MN_HEAP_TYPE(t)->members);
    mn_object_free(self);
}

int mn_heaptype_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    mn_type *t = (mn_type *)self;
    if (!MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HEAPTYPE))
        return 0;
    MN_VISIT(t->dict);
    MN_VISIT(t->mro);
    MN_VISIT(t->bases);
    MN_VISIT(t->base);
    MN_VISIT(t->ht_slots);
    for (mn_ssize i = 0; i < MN_HEAP_TYPE(t)->nsub_of; i++)
        MN_VISIT(MN_HEAP_TYPE(t)->sub_of[i]);
    return 0;
}

/* Breaks the cycles a class is part of (its MRO contains itself; its
 * methods' globals often reference it) but keeps base/bases, which its
 * remaining instances' dealloc still walks — as CPython's type_clear. */
int mn_heaptype_clear(mn_object *self)
{
    mn_type *t = (mn_type *)self;
    if (!MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HEAPTYPE))
        return 0;
    mn_type_modified(t);
    if (t->dict)
        mn_dict_clear(t->dict);
    MN_CLEAR(t->mro);
    return 0;
}

/* ------------------------------------------------------ type.__new__ */

static mn_object *new_descr(mn_type *dtype, mn_type *objtype, const void *def)
{
    mn_getset_descr *d = (mn_getset_descr *)mn_type_generic_alloc(dtype, 0);
    if (!d)
        return NULL;
    d->def = def;
    d->objtype = objtype;
    return MN_OBJ(d);
}

static mn_type *solid_base(mn_type *t)
{
    mn_type *base = t->base ? solid_base(t->base) : &mn_object_type;
    int extra;
    if (MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HEAPTYPE))
        extra = MN_HEAP_TYPE(t)->nslots > 0;
    else
        extra = t->basicsize != base->basicsize || t->itemsize != base->itemsize;
    return extra ? t : base;
}

static mn_type *best_base(mn_object *bases)
{
    mn_type *winner = NULL, *base = NULL;
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(bases); i++) {
        mn_object *b = MN_TUPLE_GET(bases, i);
        if (!MN_TYPE_HAS_FLAG(MN_TYPE(b), MN_TPFLAGS_TYPE_SUBCLASS)) {
            mn_err_set_string(&mn_exc_TypeError, "bases must be types");
            return NULL;
        }
        mn_type *bt = (mn_type *)b;
        if (!MN_TYPE_HAS_FLAG(bt, MN_TPFLAGS_BASETYPE)) {
            mn_err_format(&mn_exc_TypeError, "type '%s' is not an acceptable base type", mn_type_name(bt));
            return NULL;
        }
        mn_type *cand = solid_base(bt);
        if (!winner) {
            winner = cand;
            base = bt;
        } else if (mn_type_is_subtype(winner, cand)) {
            ;
        } else if (mn_type_is_subtype(cand, winner)) {
            winner = cand;
            base = bt;
        } else {
            mn_err_set_string(&mn_exc_TypeError, "multiple bases have instance lay-out conflict");
            return NULL;
        }
    }
    return base;
}

/* _Py_Mangle for slot names: __x in class _A becomes _A__x. */
static mn_object *mangle(mn_object *cls_name, mn_object *name)
{
    const char *s = MN_STR_DATA(name);
    mn_ssize n = MN_STR_NBYTES(name);
    if (n < 2 || s[0] != '_' || s[1] != '_' || (n >= 4 && s[n - 1] == '_' && s[n - 2] == '_') ||
        strchr(s, '.'))
        return MN_NEW_REF(name);
    const char *c = MN_STR_DATA(cls_name);
    while (*c == '_')
        c++;
    if (!*c)
        return MN_NEW_REF(name);
    return mn_str_from_format("_%s%s", c, s);
}

static int is_function(mn_object *o)
{
    return strcmp(MN_TYPE(o)->name, "function") == 0;
}

/* ns[name] = wrapper(ns[name]) when it is a plain function. */
static int wrap_implicit(mn_object *ns, const char *name, mn_type *wrapper)
{
    mn_object *f = mn_dict_get_item_str(ns, name);
    if (!f || !is_function(f) || !wrapper)
        return 0;
    mn_object *w = mn_object_call1(MN_OBJ(wrapper), f);
    if (!w)
        return -1;
    int r = mn_dict_set_item_str(ns, name, w);
    MN_DECREF(w);
    return r;
}

/* CPython's _PyType_CalculateMetaclass. */
static mn_type *calculate_metaclass(mn_type *metatype, mn_object *bases)
{
    mn_type *winner = metatype;
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(bases); i++) {
        mn_type *tmp = MN_TYPE(MN_TUPLE_GET(bases, i));
        if (mn_type_is_subtype(winner, tmp))
            continue;
        if (mn_type_is_subtype(tmp, winner)) {
            winner = tmp;
            continue;
        }
        mn_err_set_string(&mn_exc_TypeError, "metaclass conflict: the metaclass of a derived class must be a "
                                             "(non-strict) subclass of the metaclasses of all its bases");
        return NULL;
    }
    return winner;
}

/* Parses __slots__ into a sorted tuple of mangled names; sets *add_dict /
 * *add_weak for the "__dict__" / "__weakref__" entries. */
static mn_object *parse_slots(mn_object *slots, mn_object *name, mn_object *ns, mn_type *base, int *add_dict,
                              int *add_weak)
{
    mn_object *items = MN_STR_CHECK(slots) ? mn_tuple_pack(1, slots) : mn_tuple_from_iterable(slots);
    if (!items)
        return NULL;
    mn_object *names = mn_list_new(0);
    if (!names)
        goto fail;
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(items); i++) {
        mn_object *s = MN_TUPLE_GET(items, i);
        if (!MN_STR_CHECK(s)) {
            mn_err_format(&mn_exc_TypeError, "__slots__ items must be strings, not '%s'", MN_TYPE_NAME(s));
            goto fail;
        }
        if (!mn_str_is_identifier(s)) {
            mn_err_set_string(&mn_exc_TypeError, "__slots__ must be identifiers");
            goto fail;
        }
        if (mn_str_equal_cstr(s, "__dict__")) {
            if (base->dictoffset || *add_dict) {
                mn_err_set_string(&mn_exc_TypeError, "__dict__ slot disallowed: we already got one");
                goto fail;
            }
            *add_dict = 1;
            continue;
        }
        if (mn_str_equal_cstr(s, "__weakref__")) {
            if (base->weaklistoffset || base->itemsize || *add_weak) {
                mn_err_set_string(&mn_exc_TypeError,
                                  "__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0");
                goto fail;
            }
            *add_weak = 1;
            continue;
        }
        mn_object *m = mangle(name, s);
        if (!m)
            goto fail;
        if (mn_dict_get_item(ns, m)) {
            mn_err_format(&mn_exc_ValueError, "%R in __slots__ conflicts with class variable", s);
            MN_DECREF(m);
            goto fail;
        }
        int r = mn_list_append(names, m);
        MN_DECREF(m);
        if (r < 0)
            goto fail;
    }
    if (MN_LIST_SIZE(names) > 0 && base->itemsize) {
        mn_err_format(&mn_exc_TypeError, "nonempty __slots__ not supported for subtype of '%s'",
                      mn_type_name(base));
        goto fail;
    }
    if (mn_list_sort(names, NULL, 0) < 0)
        goto fail;
    mn_object *t = mn_list_as_tuple(names);
    MN_DECREF(names);
    MN_DECREF(items);
    return t;
fail:
    MN_XDECREF(names);
    MN_DECREF(items);
    return NULL;
}

/* Calls value.__set_name__(type, name) for each attribute that has it. */
static int set_names(mn_type *type)
{
    mn_object *copy = mn_dict_copy(type->dict);
    if (!copy)
        return -1;
    mn_ssize pos = 0;
    mn_object *k, *v;
    int r = 0;
    while (r == 0 && mn_dict_next(copy, &pos, &k, &v)) {
        mn_object *f = mn_type_lookup_str(MN_TYPE(v), "__set_name__");
        if (!f)
            continue;
        mn_object *args[2] = { MN_OBJ(type), k };
        mn_object *res = mn_object_call_method(v, "__set_name__", args, 2);
        if (!res) {
            mn_object *cause = mn_err_fetch();
            mn_err_format(&mn_exc_RuntimeError, "Error calling __set_name__ on '%s' instance %R in '%s'",
                          MN_TYPE_NAME(v), k, mn_type_name(type));
            mn_object *exc = mn_err_fetch();
            if (exc && cause) {
                mn_exception_set_cause(exc, cause);
                mn_exception_set_context(exc, MN_NEW_REF(cause));
            } else
                MN_XDECREF(cause);
            mn_err_restore(exc);
            r = -1;
        }
        MN_XDECREF(res);
    }
    MN_DECREF(copy);
    return r;
}

/* super(type, type).__init_subclass__(**kwargs) */
static int init_subclass(mn_type *type, mn_object *kwargs)
{
    mn_object *mro = type->mro;
    mn_object *f = NULL;
    for (mn_ssize i = 1; mro && i < MN_TUPLE_SIZE(mro) && !f; i++) {
        mn_type *t = (mn_type *)MN_TUPLE_GET(mro, i);
        f = t->dict ? mn_dict_get_item_str(t->dict, "__init_subclass__") : NULL;
    }
    if (!f)
        return 0;
    MN_INCREF(f);
    mn_object *bound = MN_TYPE(f)->descr_get ? MN_TYPE(f)->descr_get(f, NULL, MN_OBJ(type)) : MN_NEW_REF(f);
    MN_DECREF(f);
    if (!bound)
        return -1;
    mn_object *r = mn_object_call_tuple_dict(bound, NULL, kwargs);
    MN_DECREF(bound);
    if (!r)
        return -1;
    MN_DECREF(r);
    return 0;
}

/* type.mro() overridden by a metaclass is called to build __mro__. */
static mn_object *compute_mro(mn_type *type)
{
    mn_type *meta = MN_TYPE(type);
    if (meta == &mn_type_type || mn_type_lookup_str(meta, "mro") == mn_type_lookup_str(&mn_type_type, "mro"))
        return mn_type_compute_mro(type);
    /* mro() may look at __mro__: give it the default meanwhile. */
    type->mro = mn_type_compute_mro(type);
    if (!type->mro)
        return NULL;
    mn_object *l = mn_object_call_method(MN_OBJ(type), "mro", NULL, 0);
    MN_CLEAR(type->mro);
    if (!l)
        return NULL;
    mn_object *t = mn_tuple_from_iterable(l);
    MN_DECREF(l);
    if (!t)
        return NULL;
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(t); i++) {
        mn_object *c = MN_TUPLE_GET(t, i);
        if (!MN_TYPE_HAS_FLAG(MN_TYPE(c), MN_TPFLAGS_TYPE_SUBCLASS)) {
            mn_err_format(&mn_exc_TypeError, "mro() returned a non-class ('%s')", MN_TYPE_NAME(c));
            MN_DECREF(t);
            return NULL;
        }
    }
    return t;
}

typedef struct { mn_object ob_base; mn_object *ref; } cell_layout;   /* vm's mn_cell */

mn_object *mn_type_new_heap(mn_type *metatype, mn_object *name, mn_object *bases, mn_object *dict,
                            mn_object *kwargs)
{
    if (!MN_STR_CHECK(name)) {
        mn_err_format(&mn_exc_TypeError, "type.__new__() argument 1 must be str, not %s", MN_TYPE_NAME(name));
        return NULL;
    }
    if (!MN_TUPLE_CHECK(bases)) {
        mn_err_format(&mn_exc_TypeError, "type.__new__() argument 2 must be tuple, not %s", MN_TYPE_NAME(bases));
        return NULL;
    }
    if (!MN_DICT_CHECK(dict)) {
        mn_err_format(&mn_exc_TypeError, "type.__new__() argument 3 must be dict, not %s", MN_TYPE_NAME(dict));
        return NULL;
    }
    mn_type *winner = calculate_metaclass(metatype, bases);
    if (!winner)
        return NULL;
    if (winner != metatype && winner->new_ != mn_type_type.new_) {
        /* A more derived metaclass with its own __new__ takes over. */
        mn_object *args[3] = { name, bases, dict };
        mn_object *kwn = NULL;
        mn_object *stack[64];
        mn_ssize nkw = kwargs ? MN_DICT_SIZE(kwargs) : 0;
        if (nkw > 60) {
            mn_err_set_string(&mn_exc_TypeError, "too many class keywords");
            return NULL;
        }
        memcpy(stack, args, sizeof args);
        if (nkw) {
            if (!(kwn = mn_tuple_new(nkw)))
                return NULL;
            mn_ssize pos = 0, i = 0;
            mn_object *k, *v;
            while (mn_dict_next(kwargs, &pos, &k, &v)) {
                MN_TUPLE_SET(kwn, i, MN_NEW_REF(k));
                stack[3 + i++] = v;
            }
        }
        mn_object *r = winner->new_(winner, stack, 3, kwn);
        MN_XDECREF(kwn);
        return r;
    }
    metatype = winner;

    mn_object *ns = NULL, *slots_tuple = NULL, *qualname = NULL;
    mn_heap_type *ht = NULL;
    mn_type *type = NULL;
    if (MN_TUPLE_SIZE(bases) == 0)
        bases = mn_tuple_pack(1, MN_OBJ(&mn_object_type));
    else
        MN_INCREF(bases);
    if (!bases)
        return NULL;
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(bases); i++)
        for (mn_ssize j = i + 1; j < MN_TUPLE_SIZE(bases); j++)
            if (MN_TUPLE_GET(bases, i) == MN_TUPLE_GET(bases, j)) {
                mn_object *b = MN_TUPLE_GET(bases, i);
                mn_err_format(&mn_exc_TypeError, "duplicate base class %s",
                              MN_TYPE_HAS_FLAG(MN_TYPE(b), MN_TPFLAGS_TYPE_SUBCLASS) ? mn_type_name((mn_type *)b)
                                                                                  : MN_TYPE_NAME(b));
                goto fail;
            }
    mn_type *base = best_base(bases);
    if (!base)
        goto fail;
    if (!(ns = mn_dict_copy(dict)))
        goto fail;

    /* __module__: from the namespace, else the caller's globals. */
    if (!mn_dict_get_item_str(ns, "__module__") && mn_vm_globals) {
        mn_object *g = mn_vm_globals();
        if (g) {
            mn_object *m = MN_DICT_CHECK(g) ? mn_dict_get_item_str(g, "__name__") : NULL;
            if (m && mn_dict_set_item_str(ns, "__module__", m) < 0) {
                MN_DECREF(g);
                goto fail;
            }
            MN_DECREF(g);
        } else {
            mn_err_clear();
        }
    }
    qualname = mn_dict_get_item_str(ns, "__qualname__");
    if (qualname) {
        if (!MN_STR_CHECK(qualname)) {
            mn_err_format(&mn_exc_TypeError, "type __qualname__ must be a str, not %s", MN_TYPE_NAME(qualname));
            qualname = NULL;
            goto fail;
        }
        MN_INCREF(qualname);
        if (mn_dict_del_item_str(ns, "__qualname__") < 0)
            goto fail;
    } else {
        qualname = MN_NEW_REF(name);
    }
    if (!mn_dict_get_item_str(ns, "__doc__") && mn_dict_set_item_str(ns, "__doc__", mn_none) < 0)
        goto fail;
    if (wrap_implicit(ns, "__new__", &mn_staticmethod_type ? &mn_staticmethod_type : NULL) < 0 ||
        wrap_implicit(ns, "__init_subclass__", &mn_classmethod_type ? &mn_classmethod_type : NULL) < 0 ||
        wrap_implicit(ns, "__class_getitem__", &mn_classmethod_type ? &mn_classmethod_type : NULL) < 0)
        goto fail;
    /* Defining __eq__ without __hash__ makes instances unhashable. */
    if (mn_dict_get_item_str(ns, "__eq__") && !mn_dict_get_item_str(ns, "__hash__") &&
        mn_dict_set_item_str(ns, "__hash__", mn_none) < 0)
        goto fail;

    /* Instance layout. */
    int is_meta = MN_TYPE_HAS_FLAG(base, MN_TPFLAGS_TYPE_SUBCLASS);
    int add_dict = 0, add_weak = 0;
    mn_object *slots = mn_dict_get_item_str(ns, "__slots__");
    if (slots) {
        if (!(slots_tuple = parse_slots(slots, name, ns, base, &add_dict, &add_weak)))
            goto fail;
    } else if (!is_meta) {
        add_dict = base->dictoffset == 0;
        add_weak = base->weaklistoffset == 0 && base->itemsize == 0;
    }
    mn_ssize nslots = slots_tuple ? MN_TUPLE_SIZE(slots_tuple) : 0;

    ht = (mn_heap_type *)mn_type_generic_alloc(metatype, 0);
    if (!ht)
        goto fail;
    type = &ht->type;
    type->flags = MN_TPFLAGS_HEAPTYPE | MN_TPFLAGS_BASETYPE;
    type->ht_name = MN_NEW_REF(name);
    type->name = mn_str_as_utf8(name);
    type->ht_qualname = qualname;
    qualname = NULL;
    type->ht_slots = slots_tuple;
    slots_tuple = NULL;
    type->base = (mn_type *)MN_NEW_REF(base);
    type->bases = bases;
    bases = NULL;
    type->dict = ns;
    ns = NULL;
    type->as_number = &ht->as_number;
    mn_ssize size = base->basicsize;
    ht->slots_offset = size;
    ht->nslots = nslots;
    size += nslots * PTR_SIZE;
    if (add_dict) {
        if (base->itemsize) {
            ht->var_dict = 1;
            type->dictoffset = -1;
            size += 2 * PTR_SIZE;   /* the pointer + alignment slack after the items */
        } else {
            type->dictoffset = size;
            size += PTR_SIZE;
        }
    }
    if (add_weak) {
        type->weaklistoffset = size;
        size += PTR_SIZE;
    }
    type->basicsize = size;
    type->itemsize = base->itemsize;
    if (MN_TYPE_HAS_FLAG(base, MN_TPFLAGS_HAVE_GC) || nslots > 0 || add_dict)
        type->flags |= MN_TPFLAGS_HAVE_GC;
    type->dealloc = subtype_dealloc;
    if (MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_HAVE_GC)) {
        type->traverse = subtype_traverse;
        type->clear = subtype_clear;
    }

    /* Descriptors for __slots__, __dict__ and __weakref__. */
    if (nslots) {
        ht->members = mn_mem_alloc(sizeof(mn_member_def) * (size_t)(nslots + 1));
        if (!ht->members) {
            mn_err_no_memory();
            goto fail;
        }
        memset(ht->members, 0, sizeof(mn_member_def) * (size_t)(nslots + 1));
        for (mn_ssize i = 0; i < nslots; i++) {
            mn_member_def *m = &ht->members[i];
            m->name = mn_str_as_utf8(MN_TUPLE_GET(type->ht_slots, i));
            m->kind = MN_T_OBJECT_EX;
            m->offset = ht->slots_offset + i * PTR_SIZE;
            mn_object *d = new_descr(&mn_member_descr_type, type, m);
            if (!d || mn_dict_set_item(type->dict, MN_TUPLE_GET(type->ht_slots, i), d) < 0) {
                MN_XDECREF(d);
                goto fail;
            }
            MN_DECREF(d);
        }
    }
    if (add_dict && !mn_dict_get_item_str(type->dict, "__dict__")) {
        mn_object *d = new_descr(&mn_getset_descr_type, type, &subtype_getset_dict);
        if (!d || mn_dict_set_item_str(type->dict, "__dict__", d) < 0) {
            MN_XDECREF(d);
            goto fail;
        }
        MN_DECREF(d);
    }
    if (add_weak && !mn_dict_get_item_str(type->dict, "__weakref__")) {
        mn_object *d = new_descr(&mn_getset_descr_type, type, &subtype_getset_weakref);
        if (!d || mn_dict_set_item_str(type->dict, "__weakref__", d) < 0) {
            MN_XDECREF(d);
            goto fail;
        }
        MN_DECREF(d);
    }

    /* __classcell__: the cell the compiler made for super() / __class__. */
    mn_object *cell = mn_dict_get_item_str(type->dict, "__classcell__");
    if (cell) {
        if (strcmp(MN_TYPE(cell)->name, "cell") != 0) {
            mn_err_format(&mn_exc_TypeError, "__classcell__ must be a nonlocal cell, not %R", MN_OBJ(MN_TYPE(cell)));
            goto fail;
        }
        MN_INCREF(type);
        MN_SETREF(((cell_layout *)cell)->ref, MN_OBJ(type));
        if (mn_dict_del_item_str(type->dict, "__classcell__") < 0)
            goto fail;
    }

    if (!(type->mro = compute_mro(type)))
        goto fail;
    if (mn_type_ready(type) < 0)
        goto fail;
    /* new_ is not inherited by mn_type_ready: it comes with the slots. */
    mn_slots_fixup_all(type);
    ht->sub_of = mn_mem_alloc(sizeof(mn_type *) * (size_t)MN_TUPLE_SIZE(type->bases));
    if (!ht->sub_of) {
        mn_err_no_memory();
        goto fail;
    }
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(type->bases); i++) {
        mn_type *b = (mn_type *)MN_TUPLE_GET(type->bases, i);
        if (add_subclass(b, type) < 0)
            goto fail;
        ht->sub_of[ht->nsub_of++] = (mn_type *)MN_NEW_REF(b);
    }
    mn_gc_track(MN_OBJ(type));

    if (set_names(type) < 0 || init_subclass(type, kwargs) < 0) {
        MN_DECREF(type);
        return NULL;
    }
    return MN_OBJ(type);

fail:
    MN_XDECREF(bases);
    MN_XDECREF(ns);
    MN_XDECREF(slots_tuple);
    MN_XDECREF(qualname);
    if (type) {
        /* Not tracked yet: a plain dealloc releases what was filled in. */
        MN_DECREF(type);
    }
    return NULL;
}

/* ------------------------------------------------------------ mappingproxy */

/* type.__dict__ returns a read-only view of the class namespace (CPython's
 * mappingproxy): writes must go through setattr so the type can update
 * its slots and attribute caches. */
typedef struct mn_mappingproxy {
    mn_object ob_base;
    mn_object *mapping;
} mn_mappingproxy;

static int mappingproxy_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(((mn_mappingproxy *)self)->mapping);
    return 0;
}

static int mappingproxy_clear(mn_object *self)
{
    MN_CLEAR(((mn_mappingproxy *)self)->mapping);
    return 0;
}

static void mappingproxy_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    mappingproxy_clear(self);
    mn_object_free(self);
}

mn_object *mn_mappingproxy_new(mn_object *mapping)
{
    mn_mappingproxy *mp = (mn_mappingproxy *)mn_type_generic_alloc(&mn_mappingproxy_type, 0);
    if (!mp)
        return NULL;
    mp->mapping = MN_NEW_REF(mapping);
    mn_gc_track(MN_OBJ(mp));
    return MN_OBJ(mp);
}

#define MP_MAPPING(o) (((mn_mappingproxy *)(o))->mapping)

static mn_object *mappingproxy_new(MN_UNUSED mn_type *t, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const params[] = { "mapping", NULL };
    mn_object *mapping;
    if (mn_args_bind("mappingproxy", args, nargs, kwnames, params, 1, &mapping) < 0)
        return NULL;
    if (!MN_TYPE(mapping)->getitem || MN_TYPE_HAS_FLAG(MN_TYPE(mapping), MN_TPFLAGS_LIST_SUBCLASS) ||
        MN_TYPE_HAS_FLAG(MN_TYPE(mapping), MN_TPFLAGS_TUPLE_SUBCLASS)) {
        mn_err_format(&mn_exc_TypeError, "mappingproxy() argument must be a mapping, not %s", MN_TYPE_NAME(mapping));
        return NULL;
    }
    return mn_mappingproxy_new(mapping);
}

static mn_object *mappingproxy_getitem(mn_object *self, mn_object *key)
{
    return mn_object_getitem(MP_MAPPING(self), key);
}

static mn_ssize mappingproxy_length(mn_object *self)
{
    return mn_object_length(MP_MAPPING(self));
}

static int mappingproxy_contains(mn_object *self, mn_object *key)
{
    return mn_sequence_contains(MP_MAPPING(self), key);
}

static mn_object *mappingproxy_iter(mn_object *self)
{
    return mn_object_get_iter(MP_MAPPING(self));
}

static mn_object *mappingproxy_repr(mn_object *self)
{
    return mn_str_from_format("mappingproxy(%R)", MP_MAPPING(self));
}

static mn_object *mappingproxy_str(mn_object *self)
{
    return mn_object_str(MP_MAPPING(self));
}

static mn_object *mappingproxy_richcompare(mn_object *self, mn_object *other, int op)
{
    return mn_object_richcompare(MP_MAPPING(self), other, op);
}

/* keys()/values()/items()/copy()/get() forward to the wrapped mapping. */
#define MP_FORWARD(fname, pyname)                                                                      \
    static mn_object *fname(mn_object *self, mn_object *const *args, mn_ssize nargs,                 \
                            MN_UNUSED mn_object *kwnames)                                              \
    {                                                                                                  \
        return mn_object_call_method(MP_MAPPING(self), pyname, args, nargs);                          \
    }
MP_FORWARD(mappingproxy_keys, "keys")
MP_FORWARD(mappingproxy_values, "values")
MP_FORWARD(mappingproxy_items, "items")
MP_FORWARD(mappingproxy_copy, "copy")

static mn_object *mappingproxy_get(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (mn_args_no_keywords("get", kwnames) < 0 || mn_args_count("get", nargs, 1, 2) < 0)
        return NULL;
    return mn_object_call_method(MP_MAPPING(self), "get", args, nargs);
}

static mn_method_def mappingproxy_methods[] = {
    { "keys", mappingproxy_keys, MN_METH_NOARGS, "D.keys() -> a set-like object providing a view on D's keys" },
    { "values", mappingproxy_values, MN_METH_NOARGS, "D.values() -> an object providing a view on D's values" },
    { "items", mappingproxy_items, MN_METH_NOARGS, "D.items() -> a set-like object providing a view on D's items" },
    { "copy", mappingproxy_copy, MN_METH_NOARGS, "D.copy() -> a shallow copy of D" },
    { "get", mappingproxy_get, MN_METH_VARARGS, "Return the value for key if key is in the mapping, else default." },
    { NULL, NULL, 0, NULL },
};

mn_type mn_mappingproxy_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "mappingproxy",
    .basicsize = sizeof(mn_mappingproxy),
    .flags = MN_TPFLAGS_HAVE_GC,
    .doc = "Read-only proxy of a mapping.",
    .dealloc = mappingproxy_dealloc,
    .traverse = mappingproxy_traverse,
    .clear = mappingproxy_clear,
    .new_ = mappingproxy_new,
    .repr = mappingproxy_repr,
    .str = mappingproxy_str,
    .richcompare = mappingproxy_richcompare,
    .getattro = mn_object_generic_getattr,
    .iter = mappingproxy_iter,
    .length = mappingproxy_length,
    .getitem = mappingproxy_getitem,
    .contains = mappingproxy_contains,
    .methods = mappingproxy_methods,
};

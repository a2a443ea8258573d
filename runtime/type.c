/* runtime/type.c — type objects and the descriptors built from C tables.
 *
 * Owns: `type` and `object` themselves; mn_type_ready (slot inheritance,
 * the MRO by C3 linearisation, building a static type's __dict__ from its
 * method/member/getset tables); attribute lookup along the MRO; the C-level
 * callables (builtin functions/methods) and descriptors (method, classmethod,
 * member, getset); and mn_args_bind, the single argument-binding routine all
 * C functions use. Heap types (the class statement) build on this in the
 * classes issue.
 */
#include <string.h>
#include <stdlib.h>
#include "runtime/runtime.h"
#include "runtime/slots.h"

/* Static types readied so far, so mn_type_fini_all can drop their dicts. */
static mn_type **ready_types;
static mn_ssize n_ready, cap_ready;

static unsigned int next_version_tag = 1;

/* ------------------------------------------------------------ lookup */

/* The type attribute cache (CPython's method cache): 4096 entries keyed by
 * (type version tag, interned name). A hit skips the walk over every dict
 * of the MRO; misses (NULL) are cached too, which is what makes instance
 * attribute access cheap (generic getattr looks at the type first). Entries
 * borrow name and value: a name is interned (alive until shut-down) and any
 * change to a type's dict gives it — and its subclasses — a new version tag
 * (mn_type_modified), so a stale entry can never match again. */
#define MCACHE_BITS 12
typedef struct mcache_entry {
    unsigned int version;
    mn_object *name;
    mn_object *value;   /* NULL: "not found" */
} mcache_entry;
static mcache_entry mcache[1 << MCACHE_BITS];

static mn_object *lookup_uncached(mn_type *type, mn_object *name)
{
    mn_object *mro = type->mro;
    if (!mro)
        return type->dict ? mn_dict_get_item(type->dict, name) : NULL;
    mn_ssize n = MN_TUPLE_SIZE(mro);
    for (mn_ssize i = 0; i < n; i++) {
        mn_type *t = (mn_type *)MN_TUPLE_GET(mro, i);
        if (!t->dict)
            continue;
        /* str keys hash and compare without raising, so a miss is just
         * NULL; never touch the error indicator here (callers may be in
         * the middle of building an exception). */
        mn_object *r = mn_dict_get_item(t->dict, name);
        if (r)
            return r;
    }
    return NULL;
}

mn_object *mn_type_lookup(mn_type *type, mn_object *name)
{
    if (type->version_tag == 0 || !MN_STR_CHECK_EXACT(name) || !((mn_str *)name)->interned)
        return lookup_uncached(type, name);
    size_t h = ((size_t)type->version_tag * 2654435761u ^ ((uintptr_t)name >> 4)) & ((1u << MCACHE_BITS) - 1);
    mcache_entry *e = &mcache[h];
    if (e->version == type->version_tag && e->name == name)
        return e->value;
    mn_object *r = lookup_uncached(type, name);
    e->version = type->version_tag;
    e->name = name;
    e->value = r;
    return r;
}

static void mcache_clear(void)
{
    memset(mcache, 0, sizeof mcache);
}

mn_object *mn_type_lookup_str(mn_type *type, const char *name)
{
    mn_object *n = mn_str_intern_cstr(name);
    if (!n) {
        mn_err_clear();
        return NULL;
    }
    mn_object *r = mn_type_lookup(type, n);
    MN_DECREF(n);
    return r;
}

void mn_type_modified(mn_type *type)
{
    type->version_tag = next_version_tag++;
    /* Subclasses inherit through the MRO: their caches are stale too. */
    if (type->subclasses && MN_DICT_SIZE(type->subclasses) > 0) {
        mn_object *subs = mn_type_subclasses(type);
        for (mn_ssize i = 0; subs && i < MN_LIST_SIZE(subs); i++)
            mn_type_modified((mn_type *)MN_LIST_GET(subs, i));
        if (!subs)
            mn_err_clear();
        MN_XDECREF(subs);
    }
}

/* --------------------------------------------------------------- MRO */

/* C3: merge the MROs of the bases and the list of bases, taking each time
 * the first head that appears in no other list's tail. */
static int tail_contains(mn_object *list, mn_ssize start, mn_object *x)
{
    mn_ssize n = MN_LIST_SIZE(list);
    for (mn_ssize i = start + 1; i < n; i++)
        if (MN_LIST_GET(list, i) == x)
            return 1;
    return 0;
}

mn_object *mn_type_compute_mro(mn_type *type)
{
    mn_object *bases = type->bases;
    mn_ssize nb = bases ? MN_TUPLE_SIZE(bases) : 0;
    mn_object *result = mn_list_new(0);
    if (!result)
        return NULL;
    if (mn_list_append(result, MN_OBJ(type)) < 0)
        goto fail;
    if (nb == 1) {
        /* Single inheritance: type + base's MRO. */
        mn_type *b = (mn_type *)MN_TUPLE_GET(bases, 0);
        for (mn_ssize i = 0; i < MN_TUPLE_SIZE(b->mro); i++)
            if (mn_list_append(result, MN_TUPLE_GET(b->mro, i)) < 0)
                goto fail;
    } else if (nb > 1) {
        /* seqs: the MRO of each base, then the list of bases; heads[i] is
         * the index of the current head of seqs[i]. */
        mn_object **seqs = calloc((size_t)nb + 1, sizeof(*seqs));
        mn_ssize *heads = calloc((size_t)nb + 1, sizeof(*heads));
        if (!seqs || !heads) {
            free(seqs);
            free(heads);
            mn_err_no_memory();
            goto fail;
        }
        int ok = 1;
        for (mn_ssize i = 0; i < nb && ok; i++) {
            seqs[i] = mn_list_from_iterable(((mn_type *)MN_TUPLE_GET(bases, i))->mro);
            ok = seqs[i] != NULL;
        }
        if (ok)
            ok = (seqs[nb] = mn_list_from_iterable(bases)) != NULL;
        while (ok) {
            mn_object *cand = NULL;
            int empty = 1;
            for (mn_ssize i = 0; i <= nb; i++) {
                if (heads[i] >= MN_LIST_SIZE(seqs[i]))
                    continue;
                empty = 0;
                mn_object *h = MN_LIST_GET(seqs[i], heads[i]);
                int in_tail = 0;
                for (mn_ssize j = 0; j <= nb && !in_tail; j++)
                    if (heads[j] < MN_LIST_SIZE(seqs[j]) && tail_contains(seqs[j], heads[j], h))
                        in_tail = 1;
                if (!in_tail) {
                    cand = h;
                    break;
                }
            }
            if (empty)
                break;
            if (!cand) {
                /* Name the bases in conflict, as CPython does. */
                mn_str_builder sb;
                mn_sb_init(&sb);
                int first = 1;
                for (mn_ssize i = 0; i <= nb; i++) {
                    if (heads[i] >= MN_LIST_SIZE(seqs[i]))
                        continue;
                    mn_type *h = (mn_type *)MN_LIST_GET(seqs[i], heads[i]);
                    int dup = 0;   /* each blocked head is named once */
                    for (mn_ssize j = 0; j < i && !dup; j++)
                        dup = heads[j] < MN_LIST_SIZE(seqs[j]) && MN_LIST_GET(seqs[j], heads[j]) == MN_OBJ(h);
                    if (dup)
                        continue;
                    if (!first)
                        mn_sb_append_cstr(&sb, ", ");
                    first = 0;
                    mn_sb_append_cstr(&sb, mn_type_name(h));
                }
                mn_object *names = mn_sb_finish(&sb);
                if (names) {
                    mn_err_format(&mn_exc_TypeError,
                                  "Cannot create a consistent method resolution\norder (MRO) for bases %U",
                                  names);
                    MN_DECREF(names);
                }
                ok = 0;
                break;
            }
            if (mn_list_append(result, cand) < 0) {
                ok = 0;
                break;
            }
            for (mn_ssize i = 0; i <= nb; i++)
                if (heads[i] < MN_LIST_SIZE(seqs[i]) && MN_LIST_GET(seqs[i], heads[i]) == cand)
                    heads[i]++;
        }
        for (mn_ssize i = 0; i <= nb; i++)
            MN_XDECREF(seqs[i]);
        free(seqs);
        free(heads);
        if (!ok)
            goto fail;
    }
    mn_object *t = mn_list_as_tuple(result);
    MN_DECREF(result);
    return t;
fail:
    MN_DECREF(result);
    return NULL;
}

/* --------------------------------------------------------- mn_type_ready */

static int add_to_dict(mn_type *type, const char *name, mn_object *value)
{
    if (!value)
        return -1;
    mn_object *key = mn_str_intern_cstr(name);
    int r = key ? mn_dict_set_item(type->dict, key, value) : -1;
    MN_XDECREF(key);
    MN_DECREF(value);
    return r;
}

static mn_object *descr_new(mn_type *dtype, mn_type *objtype, const void *def)
{
    /* method, member and getset descriptors share one layout. */
    mn_method_descr *d = (mn_method_descr *)mn_type_generic_alloc(dtype, 0);
    if (!d)
        return NULL;
    d->def = def;
    d->objtype = objtype;
    return MN_OBJ(d);
}

/* Adds one method descriptor built from a static def to a ready type
 * (for methods one module attaches to another's type). */
int mn_type_add_method(mn_type *type, const mn_method_def *m)
{
    mn_object *v;
    if (m->flags & MN_METH_STATIC)
        v = mn_cfunction_new(m, NULL, NULL);
    else if (m->flags & MN_METH_CLASS)
        v = descr_new(&mn_classmethod_descr_type, type, m);
    else
        v = descr_new(&mn_method_descr_type, type, m);
    int r = add_to_dict(type, m->name, v);
    mn_type_modified(type);
    return r;
}

static int add_tables(mn_type *type)
{
    for (const mn_method_def *m = type->methods; m && m->name; m++) {
        mn_object *v;
        if (m->flags & MN_METH_STATIC)
            v = mn_cfunction_new(m, NULL, NULL);
        else if (m->flags & MN_METH_CLASS)
            v = descr_new(&mn_classmethod_descr_type, type, m);
        else
            v = descr_new(&mn_method_descr_type, type, m);
        if (add_to_dict(type, m->name, v) < 0)
            return -1;
    }
    for (const mn_member_def *m = type->members; m && m->name; m++)
        if (add_to_dict(type, m->name, descr_new(&mn_member_descr_type, type, m)) < 0)
            return -1;
    for (const mn_getset_def *g = type->getset; g && g->name; g++)
        if (add_to_dict(type, g->name, descr_new(&mn_getset_descr_type, type, g)) < 0)
            return -1;
    return 0;
}

#define INHERIT(slot) do { if (!type->slot) type->slot = base->slot; } while (0)

static void inherit_slots(mn_type *type, mn_type *base)
{
    INHERIT(repr);
    INHERIT(str);
    INHERIT(getattro);
    INHERIT(setattro);
    /* hash and richcompare are inherited together: a type that defines
     * equality without hash must not silently get its base's hash. */
    if (!type->richcompare && !type->hash) {
        type->richcompare = base->richcompare;
        type->hash = base->hash;
    }
    INHERIT(call);
    INHERIT(iter);
    INHERIT(iternext);
    INHERIT(length);
    INHERIT(getitem);
    INHERIT(setitem);
    INHERIT(contains);
    INHERIT(descr_get);
    INHERIT(descr_set);
    INHERIT(init);
    INHERIT(finalize);
    INHERIT(dealloc);
    if (!type->traverse && MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_HAVE_GC) == MN_TYPE_HAS_FLAG(base, MN_TPFLAGS_HAVE_GC)) {
        type->traverse = base->traverse;
        type->clear = base->clear;
    }
    if (!type->as_number)
        type->as_number = base->as_number;
    else if (base->as_number && type->as_number != base->as_number) {
        mn_number_methods *t = type->as_number, *b = base->as_number;
        for (int i = 0; i < MN_BINOP_COUNT; i++) {
            if (!t->binop[i])
                t->binop[i] = b->binop[i];
            if (!t->inplace[i])
                t->inplace[i] = b->inplace[i];
        }
#define NB_INHERIT(s) do { if (!t->s) t->s = b->s; } while (0)
        NB_INHERIT(power_mod); NB_INHERIT(negative); NB_INHERIT(positive);
        NB_INHERIT(absolute); NB_INHERIT(invert); NB_INHERIT(bool_);
        NB_INHERIT(int_); NB_INHERIT(float_); NB_INHERIT(index);
#undef NB_INHERIT
    }
    if (!type->basicsize)
        type->basicsize = base->basicsize;
    if (!type->itemsize)
        type->itemsize = base->itemsize;
    if (!type->dictoffset)
        type->dictoffset = base->dictoffset;
    if (!type->weaklistoffset)
        type->weaklistoffset = base->weaklistoffset;
    type->flags |= base->flags & (MN_TPFLAGS_INT_SUBCLASS | MN_TPFLAGS_LIST_SUBCLASS |
                                  MN_TPFLAGS_TUPLE_SUBCLASS | MN_TPFLAGS_BYTES_SUBCLASS |
                                  MN_TPFLAGS_STR_SUBCLASS | MN_TPFLAGS_DICT_SUBCLASS |
                                  MN_TPFLAGS_BASE_EXC_SUBCLASS | MN_TPFLAGS_TYPE_SUBCLASS);
}
#undef INHERIT

int mn_type_ready(mn_type *type)
{
    if (MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_READY))
        return 0;
    if (MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_READYING))
        return 0;   /* a type whose readying needs itself (type, object) */
    type->flags |= MN_TPFLAGS_READYING;
    if (!type->base && type != &mn_object_type)
        type->base = &mn_object_type;
    mn_type *base = type->base;
    if (base && mn_type_ready(base) < 0)
        return -1;
    if (!MN_TYPE(type))
        MN_TYPE(type) = base ? MN_TYPE(base) : &mn_type_type;
    if (!type->bases) {
        type->bases = base ? mn_tuple_pack(1, MN_OBJ(base)) : mn_tuple_new(0);
        if (!type->bases)
            return -1;
    }
    if (!type->dict && !(type->dict = mn_dict_new()))
        return -1;
    if (add_tables(type) < 0 || mn_slots_add_wrappers(type) < 0)
        return -1;
    if (type->doc && !mn_dict_get_item_str(type->dict, "__doc__")) {
        if (add_to_dict(type, "__doc__", mn_str_from_cstr(type->doc)) < 0)
            return -1;
    }
    if (base)
        inherit_slots(type, base);
    if (!type->mro && !(type->mro = mn_type_compute_mro(type)))
        return -1;
    if (!MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_HEAPTYPE)) {
        if (n_ready == cap_ready) {
            cap_ready = cap_ready ? cap_ready * 2 : 64;
            ready_types = realloc(ready_types, (size_t)cap_ready * sizeof(*ready_types));
            if (!ready_types)
                return (mn_err_no_memory(), -1);
        }
        ready_types[n_ready++] = type;
        type->flags |= MN_TPFLAGS_IMMUTABLETYPE;
    }
    mn_type_modified(type);
    type->flags = (type->flags & ~(unsigned long)MN_TPFLAGS_READYING) | MN_TPFLAGS_READY;
    return 0;
}

/* Releases what mn_type_ready allocated for static types (at exit, so leak
 * checkers see a clean heap). */
void mn_type_fini_all(void)
{
    /* Clear the dicts first: they may hold objects whose dealloc still looks
     * at other types' fields. */
    for (mn_ssize i = n_ready - 1; i >= 0; i--) {
        mn_type *t = ready_types[i];
        if (t->dict)
            mn_dict_clear(t->dict);
    }
    for (mn_ssize i = n_ready - 1; i >= 0; i--) {
        mn_type *t = ready_types[i];
        MN_CLEAR(t->dict);
        MN_CLEAR(t->mro);
        MN_CLEAR(t->bases);
        MN_CLEAR(t->subclasses);
        t->flags &= ~(unsigned long)MN_TPFLAGS_READY;
    }
    mn_slots_fini();
    mcache_clear();
    free(ready_types);
    ready_types = NULL;
    n_ready = cap_ready = 0;
}

/* ------------------------------------------------------ type's own slots */

mn_object *mn_type_get_name(mn_type *type)
{
    if (MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_HEAPTYPE) && type->ht_name)
        return MN_NEW_REF(type->ht_name);
    return mn_str_from_cstr(mn_type_name(type));
}

mn_object *mn_type_get_qualname(mn_type *type)
{
    if (MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_HEAPTYPE) && type->ht_qualname)
        return MN_NEW_REF(type->ht_qualname);
    return mn_type_get_name(type);
}

static mn_object *type_module(mn_type *type)
{
    if (MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_HEAPTYPE)) {
        mn_object *m = type->dict ? mn_dict_get_item_str(type->dict, "__module__") : NULL;
        if (m)
            return MN_NEW_REF(m);
        return mn_str_from_cstr("builtins");
    }
    const char *dot = strrchr(type->name, '.');
    if (dot)
        return mn_str_from_utf8(type->name, dot - type->name);
    return mn_str_from_cstr("builtins");
}

static mn_object *type_repr(mn_object *self)
{
    mn_type *t = (mn_type *)self;
    mn_object *mod = type_module(t);
    mn_object *qual = mn_type_get_qualname(t);
    mn_object *r = NULL;
    if (mod && qual) {
        if (mn_str_equal_cstr(mod, "builtins"))
            r = mn_str_from_format("<class '%U'>", qual);
        else
            r = mn_str_from_format("<class '%U.%U'>", mod, qual);
    }
    MN_XDECREF(mod);
    MN_XDECREF(qual);
    return r;
}

static mn_object *type_call(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_type *type = (mn_type *)self;
    /* type(x) is special: it returns x's type. */
    if (type == &mn_type_type && nargs == 1 && (!kwnames || MN_TUPLE_SIZE(kwnames) == 0))
        return MN_NEW_REF(MN_TYPE(args[0]));
    if (!type->new_) {
        mn_err_format(&mn_exc_TypeError, "cannot create '%s' instances", type->name);
        return NULL;
    }
    mn_object *obj = type->new_(type, args, nargs, kwnames);
    if (!obj)
        return NULL;
    /* __init__ runs only when __new__ returned an instance of the type. */
    if (!mn_type_is_subtype(MN_TYPE(obj), type))
        return obj;
    mn_type *t = MN_TYPE(obj);
    if (t->init && t->init(obj, args, nargs, kwnames) < 0) {
        MN_DECREF(obj);
        return NULL;
    }
    return obj;
}

static mn_object *type_getattro(mn_object *self, mn_object *name)
{
    mn_type *type = (mn_type *)self;
    mn_type *meta = MN_TYPE(self);
    mn_object *meta_attr = mn_type_lookup(meta, name);
    mn_descrgetfunc meta_get = NULL;
    if (meta_attr) {
        MN_INCREF(meta_attr);
        meta_get = MN_TYPE(meta_attr)->descr_get;
        if (meta_get && MN_TYPE(meta_attr)->descr_set) {
            mn_object *r = meta_get(meta_attr, self, MN_OBJ(meta));
            MN_DECREF(meta_attr);
            return r;
        }
    }
    mn_object *attr = mn_type_lookup(type, name);
    if (attr) {
        MN_INCREF(attr);
        MN_XDECREF(meta_attr);
        mn_descrgetfunc get = MN_TYPE(attr)->descr_get;
        if (get) {
            mn_object *r = get(attr, NULL, self);
            MN_DECREF(attr);
            return r;
        }
        return attr;
    }
    if (meta_get) {
        mn_object *r = meta_get(meta_attr, self, MN_OBJ(meta));
        MN_DECREF(meta_attr);
        return r;
    }
    if (meta_attr)
        return meta_attr;
    mn_err_format(&mn_exc_AttributeError, "type object '%s' has no attribute '%U'", mn_type_name(type), name);
    return NULL;
}

static int type_setattro(mn_object *self, mn_object *name, mn_object *value)
{
    mn_type *type = (mn_type *)self;
    if (!MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_HEAPTYPE) || MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_IMMUTABLETYPE)) {
        mn_err_format(&mn_exc_TypeError, "cannot set '%U' attribute of immutable type '%s'",
                      name, mn_type_name(type));
        return -1;
    }
    /* Data descriptors on the metatype (e.g. __name__) take precedence. */
    mn_object *meta_attr = mn_type_lookup(MN_TYPE(self), name);
    if (meta_attr && MN_TYPE(meta_attr)->descr_set)
        return MN_TYPE(meta_attr)->descr_set(meta_attr, self, value);
    /* Assigning __abstractmethods__ (abc.ABCMeta does) sets or clears the
     * abstract flag that object.__new__ checks, like CPython's
     * type_set_abstractmethods. */
    if (mn_str_equal_cstr(name, "__abstractmethods__")) {
        int abstract = 0;
        if (value && (abstract = mn_object_is_true(value)) < 0)
            return -1;
        if (abstract)
            type->flags |= MN_TPFLAGS_ABSTRACT;
        else
            type->flags &= ~MN_TPFLAGS_ABSTRACT;
    }
    int r;
    if (value)
        r = mn_dict_set_item(type->dict, name, value);
    else {
        r = mn_dict_del_item(type->dict, name);
        if (r < 0 && mn_err_matches(&mn_exc_KeyError)) {
            mn_err_clear();
            mn_err_format(&mn_exc_AttributeError, "type object '%s' has no attribute '%U'",
                          mn_type_name(type), name);
        }
    }
    mn_type_modified(type);
    if (r == 0)
        mn_slots_update(type, name);   /* A.__add__ = f re-selects the slot */
    return r;
}

static mn_object *type_get_name(mn_object *self, MN_UNUSED void *c) { return mn_type_get_name((mn_type *)self); }
static mn_object *type_get_qualname(mn_object *self, MN_UNUSED void *c) { return mn_type_get_qualname((mn_type *)self); }
static mn_object *type_get_module(mn_object *self, MN_UNUSED void *c) { return type_module((mn_type *)self); }
static mn_object *type_get_mro(mn_object *self, MN_UNUSED void *c)
{
    mn_type *t = (mn_type *)self;
    return t->mro ? MN_NEW_REF(t->mro) : mn_tuple_new(0);
}
static mn_object *type_get_bases(mn_object *self, MN_UNUSED void *c)
{
    mn_type *t = (mn_type *)self;
    return t->bases ? MN_NEW_REF(t->bases) : mn_tuple_new(0);
}
static mn_object *type_get_base(mn_object *self, MN_UNUSED void *c)
{
    mn_type *t = (mn_type *)self;
    return t->base ? MN_NEW_REF(t->base) : MN_NEW_REF(mn_none);
}
static mn_object *type_get_dict(mn_object *self, MN_UNUSED void *c)
{
    /* A read-only view: writes must go through setattr so slots and
     * attribute caches stay in step with the namespace. */
    mn_type *t = (mn_type *)self;
    if (!t->dict)
        return mn_dict_new();
    return mn_mappingproxy_new(t->dict);
}

/* Setters of type attributes that live in the type object, not its dict.
 * type_setattro already refused static (immutable) types. */
static int type_check_set(mn_object *self, mn_object *value, const char *attr)
{
    if (!MN_TYPE_HAS_FLAG((mn_type *)self, MN_TPFLAGS_HEAPTYPE)) {
        mn_err_format(&mn_exc_TypeError, "cannot set '%s' attribute of immutable type '%s'", attr,
                      mn_type_name((mn_type *)self));
        return -1;
    }
    if (!value) {
        mn_err_format(&mn_exc_TypeError, "cannot delete '%s' attribute of immutable type '%s'", attr,
                      mn_type_name((mn_type *)self));
        return -1;
    }
    return 0;
}
static int type_set_name(mn_object *self, mn_object *value, MN_UNUSED void *c)
{
    mn_type *t = (mn_type *)self;
    if (type_check_set(self, value, "__name__") < 0)
        return -1;
    if (!MN_STR_CHECK(value)) {
        mn_err_format(&mn_exc_TypeError, "can only assign string to %s.__name__, not '%s'", mn_type_name(t),
                      MN_TYPE_NAME(value));
        return -1;
    }
    if (strlen(mn_str_as_utf8(value)) != (size_t)MN_STR_NBYTES(value)) {
        mn_err_set_string(&mn_exc_ValueError, "type name must not contain null characters");
        return -1;
    }
    MN_INCREF(value);
    MN_SETREF(t->ht_name, value);
    return 0;
}
static int type_set_qualname(mn_object *self, mn_object *value, MN_UNUSED void *c)
{
    mn_type *t = (mn_type *)self;
    if (type_check_set(self, value, "__qualname__") < 0)
        return -1;
    if (!MN_STR_CHECK(value)) {
        mn_err_format(&mn_exc_TypeError, "can only assign string to %s.__qualname__, not '%s'", mn_type_name(t),
                      MN_TYPE_NAME(value));
        return -1;
    }
    MN_INCREF(value);
    MN_SETREF(t->ht_qualname, value);
    return 0;
}
static int type_set_module(mn_object *self, mn_object *value, MN_UNUSED void *c)
{
    if (type_check_set(self, value, "__module__") < 0)
        return -1;
    return mn_dict_set_item_str(((mn_type *)self)->dict, "__module__", value);
}
static int type_set_doc(mn_object *self, mn_object *value, MN_UNUSED void *c)
{
    if (type_check_set(self, value, "__doc__") < 0)
        return -1;
    return mn_dict_set_item_str(((mn_type *)self)->dict, "__doc__", value);
}
static int type_set_bases(mn_object *self, mn_object *value, MN_UNUSED void *c)
{
    mn_type *t = (mn_type *)self;
    if (type_check_set(self, value, "__bases__") < 0)
        return -1;
    if (!MN_TUPLE_CHECK(value)) {
        mn_err_format(&mn_exc_TypeError, "can only assign tuple to %s.__bases__, not %s", mn_type_name(t),
                      MN_TYPE_NAME(value));
        return -1;
    }
    if (MN_TUPLE_SIZE(value) == 0) {
        mn_err_format(&mn_exc_TypeError, "can only assign non-empty tuple to %s.__bases__, not ()", mn_type_name(t));
        return -1;
    }
    mn_err_set_string(&mn_exc_TypeError, "__bases__ assignment is not supported by mini");
    return -1;
}
static mn_object *type_get_doc(mn_object *self, MN_UNUSED void *c)
{
    mn_type *t = (mn_type *)self;
    mn_object *d = t->dict ? mn_dict_get_item_str(t->dict, "__doc__") : NULL;
    if (d) {
        if (MN_TYPE(d)->descr_get)
            return MN_TYPE(d)->descr_get(d, NULL, self);
        return MN_NEW_REF(d);
    }
    if (t->doc)
        return mn_str_from_cstr(t->doc);
    MN_RETURN_NONE;
}

static mn_object *type_mro_method(mn_object *self, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n,
                                  MN_UNUSED mn_object *k)
{
    mn_object *t = mn_type_compute_mro((mn_type *)self);
    if (!t)
        return NULL;
    mn_object *l = mn_list_from_iterable(t);
    MN_DECREF(t);
    return l;
}

static mn_object *type_new(mn_type *meta, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (nargs == 1 && (!kwnames || MN_TUPLE_SIZE(kwnames) == 0))
        return MN_NEW_REF(MN_TYPE(args[0]));
    if (nargs != 3) {
        mn_err_set_string(&mn_exc_TypeError, "type() takes 1 or 3 arguments");
        return NULL;
    }
    /* Class keywords (metaclass=... is consumed by __build_class__) go
     * to __init_subclass__ as a dict. */
    mn_object *kwargs = NULL;
    mn_ssize nkw = kwnames ? MN_TUPLE_SIZE(kwnames) : 0;
    if (nkw) {
        if (!(kwargs = mn_dict_new()))
            return NULL;
        for (mn_ssize i = 0; i < nkw; i++)
            if (mn_dict_set_item(kwargs, MN_TUPLE_GET(kwnames, i), args[nargs + i]) < 0) {
                MN_DECREF(kwargs);
                return NULL;
            }
    }
    mn_object *r = mn_type_new_heap(meta, args[0], args[1], args[2], kwargs);
    MN_XDECREF(kwargs);
    return r;
}

static int type_init(MN_UNUSED mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs,
                     MN_UNUSED mn_object *kwnames)
{
    return 0;
}

static int type_is_gc(mn_object *self)
{
    return MN_TYPE_HAS_FLAG((mn_type *)self, MN_TPFLAGS_HEAPTYPE);
}

static mn_getset_def type_getset[] = {
    { "__name__", type_get_name, type_set_name, NULL, NULL },
    { "__qualname__", type_get_qualname, type_set_qualname, NULL, NULL },
    { "__module__", type_get_module, type_set_module, NULL, NULL },
    { "__mro__", type_get_mro, NULL, NULL, NULL },
    { "__bases__", type_get_bases, type_set_bases, NULL, NULL },
    { "__base__", type_get_base, NULL, NULL, NULL },
    { "__dict__", type_get_dict, NULL, NULL, NULL },
    { "__doc__", type_get_doc, type_set_doc, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

static mn_object *type_subclasses_method(mn_object *self, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n,
                                         MN_UNUSED mn_object *k)
{
    return mn_type_subclasses((mn_type *)self);
}

/* type.__prepare__(name, bases, **kwds): the default class namespace. */
static mn_object *type_prepare(MN_UNUSED mn_object *self, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n,
                               MN_UNUSED mn_object *k)
{
    return mn_dict_new();
}

/* dir(C): the names along C's own MRO (not its metaclass's). */
static mn_object *type_dir(mn_object *self, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n,
                           MN_UNUSED mn_object *k)
{
    mn_object *names = mn_dict_new();
    if (!names)
        return NULL;
    mn_object *mro = ((mn_type *)self)->mro;
    for (mn_ssize i = 0; mro && i < MN_TUPLE_SIZE(mro); i++) {
        mn_type *t = (mn_type *)MN_TUPLE_GET(mro, i);
        if (t->dict && mn_dict_merge(names, t->dict, 1) < 0) {
            MN_DECREF(names);
            return NULL;
        }
    }
    mn_object *l = mn_dict_keys_list(names);
    MN_DECREF(names);
    return l;
}

static mn_method_def type_methods[] = {
    { "__dir__", type_dir, MN_METH_NOARGS, "Specialized __dir__ implementation for types." },
    { "__prepare__", type_prepare, MN_METH_CLASS,
      "__prepare__() -> dict\nused to create the namespace for the class statement" },
    { "mro", type_mro_method, MN_METH_NOARGS, "Return a type's method resolution order." },
    { "__subclasses__", type_subclasses_method, MN_METH_NOARGS, "Return a list of immediate subclasses." },
    { NULL, NULL, 0, NULL },
};

/* int | None: the PEP 604 union (runtime/union.c). */
static mn_number_methods type_as_number = { .binop[MN_BINOP_OR] = mn_union_or };

mn_type mn_type_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "type",
    .as_number = &type_as_number,
    .basicsize = sizeof(mn_heap_type),   /* classes are heap types (heaptype.c) */
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_TYPE_SUBCLASS,
    .doc = "type(object) -> the object's type\ntype(name, bases, dict, **kwds) -> a new type",
    .is_gc = type_is_gc,
    .dealloc = mn_heaptype_dealloc,
    .weaklistoffset = offsetof(mn_type, weaklist),
    .traverse = mn_heaptype_traverse,
    .clear = mn_heaptype_clear,
    .repr = type_repr,
    .call = type_call,
    .getattro = type_getattro,
    .setattro = type_setattro,
    .new_ = type_new,
    .init = type_init,
    .methods = type_methods,
    .getset = type_getset,
    .base = &mn_object_type,
};

/* ------------------------------------------------------------ object */

static mn_object *object_repr(mn_object *self)
{
    mn_type *t = MN_TYPE(self);
    mn_object *mod = type_module(t);
    mn_object *qual = mn_type_get_qualname(t);
    mn_object *r = NULL;
    if (mod && qual) {
        if (mn_str_equal_cstr(mod, "builtins"))
            r = mn_str_from_format("<%U object at %p>", qual, (void *)self);
        else
            r = mn_str_from_format("<%U.%U object at %p>", mod, qual, (void *)self);
    }
    MN_XDECREF(mod);
    MN_XDECREF(qual);
    return r;
}

/* object.__str__ is repr(self): every type inherits it, so str() of a class
 * that only defines __repr__ uses that, and `(5).__str__` exists. */
static mn_object *object_str(mn_object *self)
{
    return mn_object_repr(self);
}

/* CPython's _Py_HashPointer: rotate the address so the always-zero low
 * alignment bits don't make every hash a multiple of 16. */
static mn_hash object_hash(mn_object *self)
{
    uintptr_t y = (uintptr_t)self;
    y = (y >> 4) | (y << (8 * sizeof(void *) - 4));
    mn_hash h = (mn_hash)y;
    return h == -1 ? -2 : h;
}

static mn_object *object_richcompare(mn_object *self, mn_object *other, int op)
{
    switch (op) {
    case MN_EQ:
        if (self == other)
            MN_RETURN_TRUE;
        MN_RETURN_NOT_IMPLEMENTED;
    case MN_NE: {
        /* By default != is the inverse of ==, whatever == is. */
        if (!MN_TYPE(self)->richcompare)
            MN_RETURN_NOT_IMPLEMENTED;
        mn_object *r = MN_TYPE(self)->richcompare(self, other, MN_EQ);
        if (r && r != mn_not_implemented) {
            int t = mn_object_is_true(r);
            MN_DECREF(r);
            if (t < 0)
                return NULL;
            MN_RETURN_BOOL(!t);
        }
        return r;
    }
    default:
        MN_RETURN_NOT_IMPLEMENTED;
    }
}

static int excess_args(mn_ssize nargs, mn_object *kwnames)
{
    return nargs > 0 || (kwnames && MN_TUPLE_SIZE(kwnames) > 0);
}

static int object_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames);

/* "Can't instantiate abstract class S with abstract methods a, b": the
 * names come sorted from the class's __abstractmethods__ (CPython 3.11). */
static mn_object *abstract_instantiation_error(mn_type *type)
{
    mn_object *am = type->dict ? mn_dict_get_item_str(type->dict, "__abstractmethods__") : NULL;
    mn_object *sorted = am ? mn_list_from_iterable(am) : NULL;
    if (!sorted) {
        if (!mn_err_occurred())
            mn_err_format(&mn_exc_TypeError, "Can't instantiate abstract class %s", mn_type_name(type));
        return NULL;
    }
    mn_object *sep = NULL, *joined = NULL;
    if (mn_list_sort(sorted, NULL, 0) == 0 && (sep = mn_str_from_cstr(", ")) != NULL
        && (joined = mn_str_join(sep, sorted)) != NULL)
        mn_err_format(&mn_exc_TypeError, "Can't instantiate abstract class %s with abstract method%s %U",
                      mn_type_name(type), MN_LIST_SIZE(sorted) > 1 ? "s" : "", joined);
    MN_XDECREF(sep);
    MN_XDECREF(joined);
    MN_DECREF(sorted);
    return NULL;
}

static mn_object *object_new(mn_type *type, MN_UNUSED mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (excess_args(nargs, kwnames)) {
        if (type->new_ != object_new) {
            mn_err_set_string(&mn_exc_TypeError, "object.__new__() takes exactly one argument (the type to instantiate)");
            return NULL;
        }
        if (type->init == object_init) {
            mn_err_format(&mn_exc_TypeError, "%s() takes no arguments", mn_type_name(type));
            return NULL;
        }
    }
    if (MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_ABSTRACT))
        return abstract_instantiation_error(type);
    mn_object *o = mn_type_generic_alloc(type, 0);
    if (o && MN_OBJECT_IS_GC(o))
        mn_gc_track(o);
    return o;
}

static int object_init(mn_object *self, MN_UNUSED mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_type *type = MN_TYPE(self);
    if (excess_args(nargs, kwnames)) {
        if (type->init != object_init) {
            mn_err_set_string(&mn_exc_TypeError,
                              "object.__init__() takes exactly one argument (the instance to initialize)");
            return -1;
        }
        if (type->new_ == object_new) {
            mn_err_format(&mn_exc_TypeError, "%s() takes no arguments", mn_type_name(type));
            return -1;
        }
    }
    return 0;
}

static void object_dealloc(mn_object *self)
{
    mn_type *t = MN_TYPE(self);
    mn_object_free(self);
    if (MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HEAPTYPE))
        MN_DECREF(t);
}

static mn_object *object_format(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs,
                                MN_UNUSED mn_object *kw)
{
    mn_object *spec = args[0];
    if (!MN_STR_CHECK(spec)) {
        mn_err_format(&mn_exc_TypeError, "format() argument 2 must be str, not %s", MN_TYPE_NAME(spec));
        return NULL;
    }
    if (MN_STR_NBYTES(spec) > 0) {
        mn_err_format(&mn_exc_TypeError, "unsupported format string passed to %s.__format__", MN_TYPE_NAME(self));
        return NULL;
    }
    return mn_object_str(self);
}

static mn_object *object_sizeof(mn_object *self, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n,
                                MN_UNUSED mn_object *k)
{
    mn_type *t = MN_TYPE(self);
    mn_ssize size = t->basicsize;
    if (t->itemsize)
        size += t->itemsize * MN_SIZE(self);
    return mn_int_from_ssize(size);
}

static mn_object *object_init_subclass(MN_UNUSED mn_object *self, MN_UNUSED mn_object *const *a,
                                       MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    MN_RETURN_NONE;
}

static mn_object *object_get_class(mn_object *self, MN_UNUSED void *c)
{
    return MN_NEW_REF(MN_TYPE(self));
}

static mn_object *object_dir(mn_object *self, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n,
                             MN_UNUSED mn_object *k)
{
    /* Instance dict keys plus every attribute along the class's MRO. */
    mn_object *names = mn_dict_new();
    if (!names)
        return NULL;
    mn_object **dp = mn_object_dict_ptr(self);
    if (dp && *dp && mn_dict_merge(names, *dp, 1) < 0)
        goto fail;
    mn_object *mro = MN_TYPE(self)->mro;
    for (mn_ssize i = 0; mro && i < MN_TUPLE_SIZE(mro); i++) {
        mn_type *t = (mn_type *)MN_TUPLE_GET(mro, i);
        if (t->dict && mn_dict_merge(names, t->dict, 1) < 0)
            goto fail;
    }
    mn_object *l = mn_dict_keys_list(names);
    MN_DECREF(names);
    return l;
fail:
    MN_DECREF(names);
    return NULL;
}

/* object.__getstate__(): the instance dict when it has entries, else None
 * (__slots__ values are not collected here). */
static mn_object *object_getstate(mn_object *self, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n,
                                  MN_UNUSED mn_object *k)
{
    mn_object **dp = mn_object_dict_ptr(self);
    if (dp && *dp && mn_object_length(*dp) > 0)
        return MN_NEW_REF(*dp);
    MN_RETURN_NONE;
}

static mn_object *object_new_wrapper(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                     mn_object *kwnames)
{
    /* object.__new__(cls, ...) as a static method. */
    if (nargs < 1) {
        mn_err_set_string(&mn_exc_TypeError, "object.__new__(): not enough arguments");
        return NULL;
    }
    if (!MN_TYPE_HAS_FLAG(MN_TYPE(args[0]), MN_TPFLAGS_TYPE_SUBCLASS)) {
        mn_err_format(&mn_exc_TypeError, "object.__new__(X): X is not a type object (%s)", MN_TYPE_NAME(args[0]));
        return NULL;
    }
    mn_type *t = (mn_type *)args[0];
    /* Call object's own new slot, not t->new_: for a class defining
     * __new__ that is slot_tp_new, and super().__new__(cls) would recurse.
     * The nearest built-in base must itself use object_new (object.__new__(list)
     * would build a list without its fields). */
    mn_type *staticbase = t;
    while (staticbase && MN_TYPE_HAS_FLAG(staticbase, MN_TPFLAGS_HEAPTYPE))
        staticbase = staticbase->base;
    if (!staticbase || staticbase->new_ != object_new) {
        mn_err_format(&mn_exc_TypeError, "object.__new__(%s) is not safe, use %s.__new__()", mn_type_name(t),
                      staticbase ? mn_type_name(staticbase) : mn_type_name(t));
        return NULL;
    }
    return object_new(t, args + 1, nargs - 1, kwnames);
}

/* object.__subclasshook__(): "no opinion", so abc falls back to the MRO,
 * the registry and the subclasses. */
static mn_object *object_subclasshook(MN_UNUSED mn_object *cls, MN_UNUSED mn_object *const *a,
                                      MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    MN_RETURN_NOT_IMPLEMENTED;
}

static mn_method_def object_methods[] = {
    { "__format__", object_format, MN_METH_O, "Default object formatter." },
    { "__sizeof__", object_sizeof, MN_METH_NOARGS, "Size of object in memory, in bytes." },
    { "__dir__", object_dir, MN_METH_NOARGS, "Default dir() implementation." },
    { "__getstate__", object_getstate, MN_METH_NOARGS, "Helper for pickle." },
    { "__init_subclass__", object_init_subclass, MN_METH_CLASS | MN_METH_NOARGS,
      "This method is called when a class is subclassed." },
    { "__new__", object_new_wrapper, MN_METH_STATIC, "Create and return a new object." },
    { "__subclasshook__", object_subclasshook, MN_METH_CLASS | MN_METH_VARARGS,
      "Abstract classes can override this to customize issubclass()." },
    { NULL, NULL, 0, NULL },
};

/* obj.__class__ = C: only between heap types with the same instance layout
 * (CPython's object_set_class / compatible_for_assignment). */
static int object_set_class(mn_object *self, mn_object *value, MN_UNUSED void *c)
{
    if (!value) {
        mn_err_set_string(&mn_exc_TypeError, "can't delete __class__ attribute");
        return -1;
    }
    if (!MN_TYPE_HAS_FLAG(MN_TYPE(value), MN_TPFLAGS_TYPE_SUBCLASS)) {
        mn_err_format(&mn_exc_TypeError, "__class__ must be set to a class, not '%s' object", MN_TYPE_NAME(value));
        return -1;
    }
    mn_type *oldto = MN_TYPE(self), *newto = (mn_type *)value;
    if (!MN_TYPE_HAS_FLAG(oldto, MN_TPFLAGS_HEAPTYPE) || !MN_TYPE_HAS_FLAG(newto, MN_TPFLAGS_HEAPTYPE)) {
        mn_err_set_string(&mn_exc_TypeError,
                          "__class__ assignment only supported for mutable types or ModuleType subclasses");
        return -1;
    }
    mn_type *ob = oldto, *nb = newto;
    while (ob->base && ob->basicsize == ob->base->basicsize && ob->dictoffset == ob->base->dictoffset &&
           MN_TYPE_HAS_FLAG(ob, MN_TPFLAGS_HEAPTYPE))
        ob = ob->base;
    while (nb->base && nb->basicsize == nb->base->basicsize && nb->dictoffset == nb->base->dictoffset &&
           MN_TYPE_HAS_FLAG(nb, MN_TPFLAGS_HEAPTYPE))
        nb = nb->base;
    if (oldto->basicsize != newto->basicsize || oldto->itemsize != newto->itemsize ||
        oldto->dictoffset != newto->dictoffset || (ob != nb && (ob->base != nb->base || ob->basicsize != nb->basicsize))) {
        mn_err_format(&mn_exc_TypeError, "__class__ assignment: '%s' object layout differs from '%s'",
                      mn_type_name(newto), mn_type_name(oldto));
        return -1;
    }
    MN_INCREF(newto);
    MN_TYPE(self) = newto;
    MN_DECREF(oldto);
    return 0;
}

static mn_getset_def object_getset[] = {
    { "__class__", object_get_class, object_set_class, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

mn_type mn_object_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "object",
    .basicsize = sizeof(mn_object),
    .flags = MN_TPFLAGS_BASETYPE,
    .doc = "The base class of the class hierarchy.",
    .dealloc = object_dealloc,
    .repr = object_repr,
    .str = object_str,
    .hash = object_hash,
    .richcompare = object_richcompare,
    .getattro = mn_object_generic_getattr,
    .setattro = mn_object_generic_setattr,
    .init = object_init,
    .new_ = object_new,
    .methods = object_methods,
    .getset = object_getset,
};

/* -------------------------------------------------- argument binding */

static int count_params(const char *const *params, int *npos_only, int *nkw_start)
{
    int n = 0;
    *npos_only = 0;
    *nkw_start = -1;
    for (int i = 0; params[i]; i++) {
        if (strcmp(params[i], "/") == 0)
            *npos_only = n;
        else if (strcmp(params[i], "*") == 0)
            *nkw_start = n;
        else
            n++;
    }
    if (*nkw_start < 0)
        *nkw_start = n;
    return n;
}

static const char *param_name(const char *const *params, int index)
{
    int n = 0;
    for (int i = 0; params[i]; i++) {
        if (strcmp(params[i], "/") == 0 || strcmp(params[i], "*") == 0)
            continue;
        if (n++ == index)
            return params[i];
    }
    return "?";
}

int mn_args_bind(const char *fname, mn_object *const *args, mn_ssize nargs, mn_object *kwnames,
                 const char *const *params, int nrequired, mn_object **out)
{
    int npos_only, nkw_start;
    int n = count_params(params, &npos_only, &nkw_start);
    for (int i = 0; i < n; i++)
        out[i] = NULL;
    mn_ssize nkw = kwnames ? MN_TUPLE_SIZE(kwnames) : 0;
    /* As CPython's _PyArg_UnpackKeywords: first count every argument ("keyword"
     * when all of them were), then the positional ones. */
    if (nargs + nkw > n) {
        mn_err_format(&mn_exc_TypeError, "%s() takes at most %d %sargument%s (%zd given)", fname, n,
                      nargs == 0 ? "keyword " : "", n == 1 ? "" : "s", nargs + nkw);
        return -1;
    }
    if (nargs > nkw_start) {
        if (nkw_start == 0)
            mn_err_format(&mn_exc_TypeError, "%s() takes no positional arguments", fname);
        else
            mn_err_format(&mn_exc_TypeError, "%s() takes %s %d positional argument%s (%zd given)", fname,
                          nrequired < nkw_start ? "at most" : "exactly", nkw_start,
                          nkw_start == 1 ? "" : "s", nargs);
        return -1;
    }
    for (mn_ssize i = 0; i < nargs; i++)
        out[i] = args[i];
    for (mn_ssize k = 0; k < nkw; k++) {
        mn_object *key = MN_TUPLE_GET(kwnames, k);
        int found = -1;
        for (int i = npos_only; i < n; i++) {
            if (mn_str_equal_cstr(key, param_name(params, i))) {
                found = i;
                break;
            }
        }
        if (found < 0) {
            for (int i = 0; i < npos_only; i++)
                if (mn_str_equal_cstr(key, param_name(params, i))) {
                    mn_err_format(&mn_exc_TypeError,
                                  "%s() got some positional-only arguments passed as keyword arguments: '%U'",
                                  fname, key);
                    return -1;
                }
            mn_err_format(&mn_exc_TypeError, "%s() got an unexpected keyword argument '%U'", fname, key);
            return -1;
        }
        if (out[found]) {
            mn_err_format(&mn_exc_TypeError, "argument for %s() given by name ('%U') and position (%d)",
                          fname, key, found + 1);
            return -1;
        }
        out[found] = args[nargs + k];
    }
    for (int i = 0; i < nrequired; i++) {
        if (!out[i]) {
            if (i < nkw_start && i >= nargs && nkw == 0 && npos_only >= i + 1)
                mn_err_format(&mn_exc_TypeError, "%s() takes at least %d positional argument%s (%zd given)",
                              fname, nrequired, nrequired == 1 ? "" : "s", nargs);
            else
                mn_err_format(&mn_exc_TypeError, "%s() missing required argument '%s' (pos %d)", fname,
                              param_name(params, i), i + 1);
            return -1;
        }
    }
    return 0;
}

int mn_args_no_keywords(const char *fname, mn_object *kwnames)
{
    if (kwnames && MN_TUPLE_SIZE(kwnames) > 0) {
        mn_err_format(&mn_exc_TypeError, "%s() takes no keyword arguments", fname);
        return -1;
    }
    return 0;
}

int mn_args_count(const char *fname, mn_ssize nargs, mn_ssize min, mn_ssize max)
{
    if (nargs >= min && (max < 0 || nargs <= max))
        return 0;
    if (min == max)
        mn_err_format(&mn_exc_TypeError, "%s expected %zd argument%s, got %zd", fname, min, min == 1 ? "" : "s", nargs);
    else if (nargs < min)
        mn_err_format(&mn_exc_TypeError, "%s expected at least %zd argument%s, got %zd", fname, min,
                      min == 1 ? "" : "s", nargs);
    else
        mn_err_format(&mn_exc_TypeError, "%s expected at most %zd argument%s, got %zd", fname, max,
                      max == 1 ? "" : "s", nargs);
    return -1;
}

/* ------------------------------------------- builtin functions/methods */

/* "str.upper" for methods, "len" for module functions: the name CPython
 * uses in argument-count errors. */
static void method_display_name(const mn_method_def *def, mn_object *self, char *buf, size_t n)
{
    if (!self || MN_MODULE_CHECK(self))
        snprintf(buf, n, "%s", def->name);
    else if ((def->flags & MN_METH_CLASS) && MN_TYPE_HAS_FLAG(MN_TYPE(self), MN_TPFLAGS_TYPE_SUBCLASS))
        snprintf(buf, n, "%s.%s", mn_type_name((mn_type *)self), def->name);
    else
        snprintf(buf, n, "%s.%s", MN_TYPE_NAME(self), def->name);
}

mn_object *mn_method_def_call(const mn_method_def *def, mn_object *self, mn_object *const *args, mn_ssize nargs,
                              mn_object *kwnames)
{
    if (def->flags & (MN_METH_NOARGS | MN_METH_O)) {
        int has_kw = kwnames && MN_TUPLE_SIZE(kwnames) > 0;
        int bad_count = ((def->flags & MN_METH_NOARGS) && nargs != 0) || ((def->flags & MN_METH_O) && nargs != 1);
        if (has_kw || bad_count) {
            char name[200];
            method_display_name(def, self, name, sizeof name);
            if (has_kw)
                mn_err_format(&mn_exc_TypeError, "%s() takes no keyword arguments", name);
            else if (def->flags & MN_METH_NOARGS)
                mn_err_format(&mn_exc_TypeError, "%s() takes no arguments (%zd given)", name, nargs);
            else
                mn_err_format(&mn_exc_TypeError, "%s() takes exactly one argument (%zd given)", name, nargs);
            return NULL;
        }
    }
    return def->fn(self, args, nargs, kwnames);
}

mn_object *mn_cfunction_new(const mn_method_def *def, mn_object *self, mn_object *module)
{
    mn_cfunction *f = (mn_cfunction *)mn_type_generic_alloc(&mn_cfunction_type, 0);
    if (!f)
        return NULL;
    f->def = def;
    f->self = self ? MN_NEW_REF(self) : NULL;
    f->module = module ? MN_NEW_REF(module) : NULL;
    mn_gc_track(MN_OBJ(f));
    return MN_OBJ(f);
}

static mn_object *cfunction_call(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_cfunction *f = (mn_cfunction *)self;
    return mn_method_def_call(f->def, f->self, args, nargs, kwnames);
}

static void cfunction_dealloc(mn_object *self)
{
    mn_cfunction *f = (mn_cfunction *)self;
    mn_gc_untrack(self);
    MN_XDECREF(f->self);
    MN_XDECREF(f->module);
    mn_object_free(self);
}

static int cfunction_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    mn_cfunction *f = (mn_cfunction *)self;
    MN_VISIT(f->self);
    MN_VISIT(f->module);
    return 0;
}

static int cfunction_clear(mn_object *self)
{
    mn_cfunction *f = (mn_cfunction *)self;
    MN_CLEAR(f->self);
    MN_CLEAR(f->module);
    return 0;
}

static mn_object *cfunction_repr(mn_object *self)
{
    mn_cfunction *f = (mn_cfunction *)self;
    if (!f->self || strcmp(MN_TYPE(f->self)->name, "module") == 0)
        return mn_str_from_format("<built-in function %s>", f->def->name);
    return mn_str_from_format("<built-in method %s of %s object at %p>", f->def->name, MN_TYPE_NAME(f->self),
                              (void *)f->self);
}

static mn_object *cfunction_get_name(mn_object *self, MN_UNUSED void *c)
{
    return mn_str_from_cstr(((mn_cfunction *)self)->def->name);
}

static mn_object *cfunction_get_self(mn_object *self, MN_UNUSED void *c)
{
    mn_cfunction *f = (mn_cfunction *)self;
    return MN_NEW_REF(f->self ? f->self : mn_none);
}

static mn_object *cfunction_get_module(mn_object *self, MN_UNUSED void *c)
{
    mn_cfunction *f = (mn_cfunction *)self;
    if (f->module)
        return MN_NEW_REF(f->module);
    MN_RETURN_NONE;
}

static mn_object *descr_get_doc(mn_object *self, MN_UNUSED void *c)
{
    /* method/member/getset descriptors and cfunctions all start with def. */
    const char *doc;
    if (MN_TYPE(self) == &mn_cfunction_type)
        doc = ((mn_cfunction *)self)->def->doc;
    else if (MN_TYPE(self) == &mn_member_descr_type)
        doc = ((mn_member_descr *)self)->def->doc;
    else if (MN_TYPE(self) == &mn_getset_descr_type)
        doc = ((mn_getset_descr *)self)->def->doc;
    else
        doc = ((mn_method_descr *)self)->def->doc;
    if (doc)
        return mn_str_from_cstr(doc);
    MN_RETURN_NONE;
}

static mn_getset_def cfunction_getset[] = {
    { "__name__", cfunction_get_name, NULL, NULL, NULL },
    { "__qualname__", cfunction_get_name, NULL, NULL, NULL },
    { "__self__", cfunction_get_self, NULL, NULL, NULL },
    { "__module__", cfunction_get_module, NULL, NULL, NULL },
    { "__doc__", descr_get_doc, NULL, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

mn_type mn_cfunction_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "builtin_function_or_method",
    .basicsize = sizeof(mn_cfunction),
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = cfunction_dealloc,
    .traverse = cfunction_traverse,
    .clear = cfunction_clear,
    .repr = cfunction_repr,
    .call = cfunction_call,
    .getset = cfunction_getset,
};

/* Method descriptors (str.upper as found in str's __dict__). */

static void descr_dealloc(mn_object *self)
{
    mn_object_free(self);
}

static int descr_check(mn_method_descr *d, mn_object *obj)
{
    if (!MN_TYPE_CHECK(obj, d->objtype)) {
        mn_err_format(&mn_exc_TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                      d->def->name, mn_type_name(d->objtype), MN_TYPE_NAME(obj));
        return -1;
    }
    return 0;
}

static mn_object *method_descr_get(mn_object *self, mn_object *obj, MN_UNUSED mn_object *type)
{
    mn_method_descr *d = (mn_method_descr *)self;
    if (!obj)
        return MN_NEW_REF(self);
    if (descr_check(d, obj) < 0)
        return NULL;
    return mn_cfunction_new(d->def, obj, NULL);
}

static mn_object *method_descr_call(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_method_descr *d = (mn_method_descr *)self;
    if (nargs < 1) {
        mn_err_format(&mn_exc_TypeError, "unbound method %s.%s() needs an argument", mn_type_name(d->objtype),
                      d->def->name);
        return NULL;
    }
    if (descr_check(d, args[0]) < 0)
        return NULL;
    return mn_method_def_call(d->def, args[0], args + 1, nargs - 1, kwnames);
}

static mn_object *method_descr_repr(mn_object *self)
{
    mn_method_descr *d = (mn_method_descr *)self;
    return mn_str_from_format("<method '%s' of '%s' objects>", d->def->name, mn_type_name(d->objtype));
}

static mn_object *descr_get_name(mn_object *self, MN_UNUSED void *c)
{
    /* def->name is the first field of all three def structs. */
    return mn_str_from_cstr(*(const char *const *)((mn_method_descr *)self)->def);
}

static mn_object *descr_get_objclass(mn_object *self, MN_UNUSED void *c)
{
    return MN_NEW_REF(((mn_method_descr *)self)->objtype);
}

static mn_getset_def descr_getset[] = {
    { "__name__", descr_get_name, NULL, NULL, NULL },
    { "__qualname__", descr_get_name, NULL, NULL, NULL },
    { "__objclass__", descr_get_objclass, NULL, NULL, NULL },
    { "__doc__", descr_get_doc, NULL, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

mn_type mn_method_descr_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "method_descriptor",
    .basicsize = sizeof(mn_method_descr),
    .flags = MN_TPFLAGS_METHOD_DESCRIPTOR,
    .dealloc = descr_dealloc,
    .repr = method_descr_repr,
    .call = method_descr_call,
    .descr_get = method_descr_get,
    .getset = descr_getset,
};

static mn_object *classmethod_descr_get(mn_object *self, mn_object *obj, mn_object *type)
{
    mn_method_descr *d = (mn_method_descr *)self;
    if (!type)
        type = MN_OBJ(MN_TYPE(obj));
    return mn_cfunction_new(d->def, type, NULL);
}

static mn_object *classmethod_descr_call(mn_object *self, mn_object *const *args, mn_ssize nargs,
                                         mn_object *kwnames)
{
    mn_method_descr *d = (mn_method_descr *)self;
    if (nargs < 1 || !MN_TYPE_HAS_FLAG(MN_TYPE(args[0]), MN_TPFLAGS_TYPE_SUBCLASS)) {
        mn_err_format(&mn_exc_TypeError, "descriptor '%s' of '%s' object needs a type", d->def->name,
                      mn_type_name(d->objtype));
        return NULL;
    }
    return mn_method_def_call(d->def, args[0], args + 1, nargs - 1, kwnames);
}

mn_type mn_classmethod_descr_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "classmethod_descriptor",
    .basicsize = sizeof(mn_method_descr),
    .dealloc = descr_dealloc,
    .repr = method_descr_repr,   /* same text as CPython's for both kinds */
    .call = classmethod_descr_call,
    .descr_get = classmethod_descr_get,
    .getset = descr_getset,
};

/* Member descriptors: a C struct field as an attribute. */

static mn_object *member_get(mn_object *self, mn_object *obj, MN_UNUSED mn_object *type)
{
    mn_member_descr *d = (mn_member_descr *)self;
    if (!obj)
        return MN_NEW_REF(self);
    if (descr_check((mn_method_descr *)d, obj) < 0)
        return NULL;
    char *addr = (char *)obj + d->def->offset;
    switch (d->def->kind) {
    case MN_T_OBJECT:
    case MN_T_OBJECT_EX: {
        mn_object *v = *(mn_object **)addr;
        if (v)
            return MN_NEW_REF(v);
        if (d->def->kind == MN_T_OBJECT)
            MN_RETURN_NONE;
        mn_err_format(&mn_exc_AttributeError, "'%s' object has no attribute '%s'", MN_TYPE_NAME(obj),
                      d->def->name);
        return NULL;
    }
    case MN_T_SSIZE: return mn_int_from_ssize(*(mn_ssize *)addr);
    case MN_T_INT: return mn_int_from_i64(*(int *)addr);
    case MN_T_BOOL: return mn_bool_from_long(*(char *)addr);
    case MN_T_DOUBLE: return mn_float_from_double(*(double *)addr);
    }
    mn_err_bad_internal_call("member_get");
    return NULL;
}

static int member_set(mn_object *self, mn_object *obj, mn_object *value)
{
    mn_member_descr *d = (mn_member_descr *)self;
    if (descr_check((mn_method_descr *)d, obj) < 0)
        return -1;
    if (d->def->flags & MN_MEMBER_READONLY) {
        mn_err_set_string(&mn_exc_AttributeError, "readonly attribute");
        return -1;
    }
    char *addr = (char *)obj + d->def->offset;
    switch (d->def->kind) {
    case MN_T_OBJECT:
    case MN_T_OBJECT_EX: {
        mn_object **slot = (mn_object **)addr;
        if (!value && d->def->kind == MN_T_OBJECT_EX && !*slot) {
            /* CPython 3.11 says just the slot name here. */
            mn_err_set_string(&mn_exc_AttributeError, d->def->name);
            return -1;
        }
        MN_XINCREF(value);
        MN_SETREF(*slot, value);
        return 0;
    }
    case MN_T_BOOL:
        if (!value || !MN_BOOL_CHECK(value)) {
            mn_err_set_string(&mn_exc_TypeError, "attribute value type must be bool");
            return -1;
        }
        *(char *)addr = value == mn_true;
        return 0;
    default: {
        if (!value) {
            mn_err_set_string(&mn_exc_TypeError, "can't delete numeric/char attribute");
            return -1;
        }
        if (d->def->kind == MN_T_DOUBLE) {
            double v = mn_float_as_double(value);
            if (v == -1.0 && mn_err_occurred())
                return -1;
            *(double *)addr = v;
            return 0;
        }
        mn_ssize v = mn_number_as_ssize(value, MN_OBJ(&mn_exc_OverflowError));
        if (v == -1 && mn_err_occurred())
            return -1;
        if (d->def->kind == MN_T_INT)
            *(int *)addr = (int)v;
        else
            *(mn_ssize *)addr = v;
        return 0;
    }
    }
}

static mn_object *member_repr(mn_object *self)
{
    mn_member_descr *d = (mn_member_descr *)self;
    return mn_str_from_format("<member '%s' of '%s' objects>", d->def->name, mn_type_name(d->objtype));
}

mn_type mn_member_descr_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "member_descriptor",
    .basicsize = sizeof(mn_member_descr),
    .dealloc = descr_dealloc,
    .repr = member_repr,
    .descr_get = member_get,
    .descr_set = member_set,
    .getset = descr_getset,
};

/* Getset descriptors: computed attributes defined in C. */

static mn_object *getset_get(mn_object *self, mn_object *obj, MN_UNUSED mn_object *type)
{
    mn_getset_descr *d = (mn_getset_descr *)self;
    if (!obj)
        return MN_NEW_REF(self);
    if (descr_check((mn_method_descr *)d, obj) < 0)
        return NULL;
    if (!d->def->get) {
        mn_err_format(&mn_exc_AttributeError, "attribute '%s' of '%s' objects is not readable", d->def->name,
                      mn_type_name(d->objtype));
        return NULL;
    }
    return d->def->get(obj, d->def->closure);
}

static int getset_set(mn_object *self, mn_object *obj, mn_object *value)
{
    mn_getset_descr *d = (mn_getset_descr *)self;
    if (descr_check((mn_method_descr *)d, obj) < 0)
        return -1;
    if (!d->def->set) {
        mn_err_format(&mn_exc_AttributeError, "attribute '%s' of '%s' objects is not writable", d->def->name,
                      mn_type_name(d->objtype));
        return -1;
    }
    return d->def->set(obj, value, d->def->closure);
}

static mn_object *getset_repr(mn_object *self)
{
    mn_getset_descr *d = (mn_getset_descr *)self;
    return mn_str_from_format("<attribute '%s' of '%s' objects>", d->def->name, mn_type_name(d->objtype));
}

mn_type mn_getset_descr_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "getset_descriptor",
    .basicsize = sizeof(mn_getset_descr),
    .dealloc = descr_dealloc,
    .repr = getset_repr,
    .descr_get = getset_get,
    .descr_set = getset_set,
    .getset = descr_getset,
};

int mn_type_init_descr_types(void)
{
    mn_type *types[] = { &mn_cfunction_type, &mn_method_descr_type, &mn_classmethod_descr_type,
                         &mn_member_descr_type, &mn_getset_descr_type };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (mn_type_ready(types[i]) < 0)
            return -1;
    /* Slot wrappers (int.__add__) for every type readied so far; types
     * readied from now on get them from mn_type_ready. */
    if (mn_slots_init_types() < 0)
        return -1;
    for (mn_ssize i = 0; i < n_ready; i++)
        if (mn_slots_add_wrappers(ready_types[i]) < 0)
            return -1;
    return 0;
}

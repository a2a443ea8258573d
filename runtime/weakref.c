/* runtime/weakref.c — weak references: weakref.ref, proxy and callable
 * proxy (CPython's Objects/weakrefobject.c).
 *
 * Owns: the three weakref types, the per-object weakref lists, and
 * mn_weakref_clear_refs(), which every dealloc of a type with a
 * weaklistoffset calls.
 *
 * The list. An object that supports weak references has, at its type's
 * weaklistoffset, a pointer to the first mn_weakref pointing at it. The
 * weakrefs form a doubly linked list through wr_prev/wr_next. As in
 * CPython, the "basic" ref (plain weakref.ref, no callback) is first and
 * shared: ref(o) is ref(o). Then the basic proxy, then every weakref with
 * a callback, newest first — so callbacks run newest first.
 *
 * Death. The referent does not own its weakrefs and they do not own it:
 * when the referent's refcount drops to zero its dealloc calls
 * mn_weakref_clear_refs(), which sets each weakref's wr_object to None
 * (the ref is "dead": calling it returns None) and then calls the
 * callbacks with the weakref as argument. The cycle collector does the
 * same for garbage in gc.c's handle_weakrefs, *before* breaking cycles,
 * so no callback can see an object whose tp_clear already ran.
 */
#include <stddef.h>
#include "runtime/runtime.h"
#include "runtime/weakref.h"

/* ------------------------------------------------------------- the list */

mn_weakref **mn_weakref_list_ptr(mn_object *o)
{
    mn_ssize off = MN_TYPE(o)->weaklistoffset;
    if (off <= 0)
        return NULL;
    return (mn_weakref **)((char *)o + off);
}

int mn_weakref_any_check(mn_object *o)
{
    return MN_WEAKREF_CHECK(o) || MN_WEAKPROXY_CHECK(o);
}

static int is_proxy_type(mn_type *t)
{
    return t == &mn_weakproxy_type || t == &mn_weakcallableproxy_type;
}

/* The shared weakref.ref and proxy without callbacks, if the object has
 * them (they are always at the head of the list). */
static void get_basic_refs(mn_weakref *head, mn_weakref **refp, mn_weakref **proxyp)
{
    *refp = *proxyp = NULL;
    if (head && !head->wr_callback) {
        if (MN_IS_TYPE(head, &mn_weakref_type)) {
            *refp = head;
            head = head->wr_next;
        }
        if (head && !head->wr_callback && is_proxy_type(MN_TYPE(head)))
            *proxyp = head;
    }
}

static void insert_head(mn_weakref *wr, mn_weakref **list)
{
    mn_weakref *next = *list;
    wr->wr_prev = NULL;
    wr->wr_next = next;
    if (next)
        next->wr_prev = wr;
    *list = wr;
}

static void insert_after(mn_weakref *wr, mn_weakref *prev)
{
    wr->wr_prev = prev;
    wr->wr_next = prev->wr_next;
    if (prev->wr_next)
        prev->wr_next->wr_prev = wr;
    prev->wr_next = wr;
}

/* Unlinks wr from its referent's list and makes it dead. */
static void unlink_ref(mn_weakref *wr)
{
    if (wr->wr_object == mn_none)
        return;
    mn_weakref **list = mn_weakref_list_ptr(wr->wr_object);
    if (*list == wr)
        *list = wr->wr_next;
    wr->wr_object = mn_none;
    if (wr->wr_prev)
        wr->wr_prev->wr_next = wr->wr_next;
    if (wr->wr_next)
        wr->wr_next->wr_prev = wr->wr_prev;
    wr->wr_prev = wr->wr_next = NULL;
}

void mn_weakref_clear_ref(mn_weakref *wr)
{
    unlink_ref(wr);
}

/* Dead, and the callback dropped (CPython's clear_weakref). */
static void clear_weakref(mn_weakref *wr)
{
    unlink_ref(wr);
    MN_CLEAR(wr->wr_callback);
}

mn_ssize mn_weakref_count(mn_object *o)
{
    mn_weakref **list = mn_weakref_list_ptr(o);
    mn_ssize n = 0;
    for (mn_weakref *wr = list ? *list : NULL; wr; wr = wr->wr_next)
        n++;
    return n;
}

mn_object *mn_weakref_list(mn_object *o)
{
    mn_object *result = mn_list_new(0);
    mn_weakref **list = mn_weakref_list_ptr(o);
    for (mn_weakref *wr = list ? *list : NULL; result && wr; wr = wr->wr_next)
        if (mn_list_append(result, MN_OBJ(wr)) < 0)
            MN_CLEAR(result);
    return result;
}

static void call_callback(mn_weakref *wr, mn_object *callback)
{
    mn_object *r = mn_object_call1(callback, MN_OBJ(wr));
    if (!r)
        mn_gc_write_unraisable("in", callback);
    MN_XDECREF(r);
}

void mn_weakref_clear_refs(mn_object *o)
{
    mn_weakref **list = mn_weakref_list_ptr(o);
    if (!list || !*list)
        return;
    /* Callbacks run arbitrary code: keep whatever exception is in flight
     * (the object may be dying during unwinding). */
    mn_object *exc = mn_err_fetch();
    mn_ssize count = mn_weakref_count(o);
    /* First make every weakref dead, remembering the callbacks, then call
     * them: a callback must never find a live weakref to a dying object. */
    mn_object *small[16], **pairs = small;
    if (count * 2 > 16) {
        pairs = mn_mem_alloc(sizeof(mn_object *) * (size_t)count * 2);
        if (!pairs) {
            /* No memory for the list: clear without calling callbacks. */
            mn_err_clear();
            while (*list)
                clear_weakref(*list);
            mn_err_restore(exc);
            return;
        }
    }
    mn_ssize n = 0;
    while (*list) {
        mn_weakref *wr = *list;
        mn_object *cb = wr->wr_callback;
        wr->wr_callback = NULL;
        unlink_ref(wr);
        if (cb && MN_REFCNT(wr) > 0) {
            pairs[n++] = MN_NEW_REF(wr);
            pairs[n++] = cb;     /* the reference the weakref held */
        } else {
            MN_XDECREF(cb);
        }
    }
    for (mn_ssize i = 0; i < n; i += 2) {
        call_callback((mn_weakref *)pairs[i], pairs[i + 1]);
        MN_DECREF(pairs[i + 1]);
        MN_DECREF(pairs[i]);
    }
    if (pairs != small)
        mn_mem_free(pairs);
    mn_err_restore(exc);
}

/* ------------------------------------------------------ creating refs */

static int ensure_ready(void)
{
    if (MN_TYPE_HAS_FLAG(&mn_weakref_type, MN_TPFLAGS_READY))
        return 0;
    return mn_weakref_init_types();
}

static mn_weakref **list_or_error(mn_object *ob)
{
    mn_weakref **list = mn_weakref_list_ptr(ob);
    if (!list)
        mn_err_format(&mn_exc_TypeError, "cannot create weak reference to '%s' object",
                      mn_type_name(MN_TYPE(ob)));
    return list;
}

static mn_weakref *alloc_ref(mn_type *type, mn_object *ob, mn_object *callback)
{
    mn_weakref *wr = (mn_weakref *)mn_type_generic_alloc(type, 0);
    if (!wr)
        return NULL;
    wr->wr_object = ob;
    wr->wr_callback = callback ? MN_NEW_REF(callback) : NULL;
    wr->hash = -1;
    mn_gc_track(MN_OBJ(wr));
    return wr;
}

static mn_object *new_ref_of_type(mn_type *type, mn_object *ob, mn_object *callback)
{
    if (ensure_ready() < 0)
        return NULL;
    if (callback == mn_none)
        callback = NULL;
    mn_weakref **list = list_or_error(ob);
    if (!list)
        return NULL;
    mn_weakref *ref, *proxy;
    get_basic_refs(*list, &ref, &proxy);
    int basic = !callback && type == &mn_weakref_type;
    if (basic && ref)
        return MN_NEW_REF(ref);    /* ref(o) is ref(o) */
    mn_weakref *wr = alloc_ref(type, ob, callback);
    if (!wr)
        return NULL;
    /* The allocation may have run a collection: re-read the list. */
    get_basic_refs(*list, &ref, &proxy);
    if (basic) {
        insert_head(wr, list);
    } else {
        mn_weakref *prev = proxy ? proxy : ref;
        if (prev)
            insert_after(wr, prev);
        else
            insert_head(wr, list);
    }
    return MN_OBJ(wr);
}

mn_object *mn_weakref_new_ref(mn_object *ob, mn_object *callback)
{
    return new_ref_of_type(&mn_weakref_type, ob, callback);
}

mn_object *mn_weakref_new_proxy(mn_object *ob, mn_object *callback)
{
    if (ensure_ready() < 0)
        return NULL;
    if (callback == mn_none)
        callback = NULL;
    mn_weakref **list = list_or_error(ob);
    if (!list)
        return NULL;
    mn_weakref *ref, *proxy;
    get_basic_refs(*list, &ref, &proxy);
    if (!callback && proxy)
        return MN_NEW_REF(proxy);
    mn_type *type = mn_callable_check(ob) ? &mn_weakcallableproxy_type : &mn_weakproxy_type;
    mn_weakref *wr = alloc_ref(type, ob, callback);
    if (!wr)
        return NULL;
    get_basic_refs(*list, &ref, &proxy);
    mn_weakref *prev = callback ? (proxy ? proxy : ref) : ref;
    if (prev)
        insert_after(wr, prev);
    else
        insert_head(wr, list);
    return MN_OBJ(wr);
}

mn_object *mn_weakref_get_object(mn_object *wr)
{
    return ((mn_weakref *)wr)->wr_object;
}

/* ------------------------------------------------- shared type slots */

static int weakref_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(((mn_weakref *)self)->wr_callback);
    return 0;
}

static int weakref_clear(mn_object *self)
{
    clear_weakref((mn_weakref *)self);
    return 0;
}

static void weakref_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    clear_weakref((mn_weakref *)self);
    mn_object_free(self);
}

/* ------------------------------------------------------- weakref.ref */

static mn_object *weakref_new(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (kwnames && MN_TUPLE_SIZE(kwnames) > 0 && type == &mn_weakref_type) {
        mn_err_set_string(&mn_exc_TypeError, "ref() takes no keyword arguments");
        return NULL;
    }
    if (nargs < 1 || nargs > 2) {
        if (nargs < 1)
            mn_err_format(&mn_exc_TypeError, "__new__ expected at least 1 argument, got %zd", nargs);
        else if (type == &mn_weakref_type)
            mn_err_format(&mn_exc_TypeError, "__new__ expected at most 2 arguments, got %zd", nargs);
        else
            goto ok;   /* a subclass's __new__ may take more (KeyedRef) */
        return NULL;
    }
ok:
    return new_ref_of_type(type, args[0], nargs > 1 ? args[1] : NULL);
}

static int weakref_init(MN_UNUSED mn_object *self, MN_UNUSED mn_object *const *args,
                        MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kwnames)
{
    return 0;   /* all done in __new__ */
}

static mn_object *weakref_call(mn_object *self, MN_UNUSED mn_object *const *args, mn_ssize nargs,
                               mn_object *kwnames)
{
    if (nargs || (kwnames && MN_TUPLE_SIZE(kwnames))) {
        mn_err_format(&mn_exc_TypeError, "weakref() takes exactly 0 positional arguments (%zd given)",
                      nargs);
        return NULL;
    }
    return MN_NEW_REF(((mn_weakref *)self)->wr_object);
}

static mn_hash weakref_hash(mn_object *self)
{
    mn_weakref *wr = (mn_weakref *)self;
    if (wr->hash != -1)
        return wr->hash;
    if (wr->wr_object == mn_none) {
        mn_err_set_string(&mn_exc_TypeError, "weak object has gone away");
        return -1;
    }
    mn_object *ob = MN_NEW_REF(wr->wr_object);
    wr->hash = mn_object_hash(ob);
    MN_DECREF(ob);
    return wr->hash;
}

/* Live weakrefs compare like their referents; dead ones by identity. */
static mn_object *weakref_richcompare(mn_object *a, mn_object *b, int op)
{
    if ((op != MN_EQ && op != MN_NE) || !MN_WEAKREF_CHECK(a) || !MN_WEAKREF_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    mn_object *oa = ((mn_weakref *)a)->wr_object, *ob = ((mn_weakref *)b)->wr_object;
    if (oa == mn_none || ob == mn_none) {
        int res = (a == b) == (op == MN_EQ);
        return MN_NEW_REF(res ? mn_true : mn_false);
    }
    MN_INCREF(oa);
    MN_INCREF(ob);
    mn_object *r = mn_object_richcompare(oa, ob, op);
    MN_DECREF(oa);
    MN_DECREF(ob);
    return r;
}

static mn_object *weakref_repr(mn_object *self)
{
    mn_object *ob = ((mn_weakref *)self)->wr_object;
    if (ob == mn_none)
        return mn_str_from_format("<weakref at %p; dead>", (void *)self);
    /* Functions, classes and modules also show their __name__ (looked up
     * on the type, as CPython's _PyObject_LookupSpecial). */
    MN_INCREF(ob);
    mn_object *r = NULL, *name = NULL;
    if (mn_type_lookup_str(MN_TYPE(ob), "__name__")) {
        name = mn_object_getattr_str(ob, "__name__");
        if (!name)
            mn_err_clear();
    }
    if (name && MN_STR_CHECK(name))
        r = mn_str_from_format("<weakref at %p; to '%s' at %p (%U)>", (void *)self,
                               mn_type_name(MN_TYPE(ob)), (void *)ob, name);
    else
        r = mn_str_from_format("<weakref at %p; to '%s' at %p>", (void *)self,
                               mn_type_name(MN_TYPE(ob)), (void *)ob);
    MN_XDECREF(name);
    MN_DECREF(ob);
    return r;
}

static mn_object *weakref_get_callback(mn_object *self, MN_UNUSED void *c)
{
    mn_object *cb = ((mn_weakref *)self)->wr_callback;
    return MN_NEW_REF(cb ? cb : mn_none);
}

/* An explicit __call__ so that a subclass's super().__call__() reaches
 * this one rather than the subclass's call slot. */
static mn_object *weakref_call_method(mn_object *self, MN_UNUSED mn_object *const *args,
                                      MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kwnames)
{
    return MN_NEW_REF(((mn_weakref *)self)->wr_object);
}

static mn_method_def weakref_methods[] = {
    {"__call__", weakref_call_method, MN_METH_NOARGS, "Call self as a function."},
    {NULL, NULL, 0, NULL},
};

static mn_getset_def weakref_getset[] = {
    {"__callback__", weakref_get_callback, NULL, "the callback called when the referent dies", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

mn_type mn_weakref_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "weakref.ReferenceType",
    .basicsize = sizeof(mn_weakref),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC,
    .doc = "ref(object[, callback]) -> weak reference to object",
    .dealloc = weakref_dealloc,
    .traverse = weakref_traverse,
    .clear = weakref_clear,
    .new_ = weakref_new,
    .init = weakref_init,
    .repr = weakref_repr,
    .hash = weakref_hash,
    .richcompare = weakref_richcompare,
    .call = weakref_call,
    .getset = weakref_getset,
    .methods = weakref_methods,
};

/* ------------------------------------------------------------- proxies */

/* The referent of a proxy (a new reference), or NULL with ReferenceError. */
static mn_object *proxy_target(mn_object *p)
{
    mn_object *ob = ((mn_weakref *)p)->wr_object;
    if (ob == mn_none) {
        mn_err_set_string(&mn_exc_ReferenceError, "weakly-referenced object no longer exists");
        return NULL;
    }
    return MN_NEW_REF(ob);
}

/* Operands of an operator: a proxy stands for its referent. */
static mn_object *unwrap(mn_object *o)
{
    return MN_WEAKPROXY_CHECK(o) ? proxy_target(o) : MN_NEW_REF(o);
}

static mn_object *proxy_getattr(mn_object *self, mn_object *name)
{
    mn_object *ob = proxy_target(self);
    if (!ob)
        return NULL;
    mn_object *r = mn_object_getattr(ob, name);
    MN_DECREF(ob);
    return r;
}

static int proxy_setattr(mn_object *self, mn_object *name, mn_object *value)
{
    mn_object *ob = proxy_target(self);
    if (!ob)
        return -1;
    int r = value ? mn_object_setattr(ob, name, value) : mn_object_delattr(ob, name);
    MN_DECREF(ob);
    return r;
}

static mn_object *proxy_repr(mn_object *self)
{
    mn_object *ob = ((mn_weakref *)self)->wr_object;
    return mn_str_from_format("<weakproxy at %p to %s at %p>", (void *)self,
                              mn_type_name(MN_TYPE(ob)), (void *)ob);
}

/* One-operand forwarding: proxy_<name>(self) -> <fn>(referent). */
#define PROXY_UNARY(name, fn)                               \
    static mn_object *name(mn_object *self)                 \
    {                                                       \
        mn_object *ob = proxy_target(self);                 \
        if (!ob)                                            \
            return NULL;                                    \
        mn_object *r = fn(ob);                              \
        MN_DECREF(ob);                                      \
        return r;                                           \
    }
PROXY_UNARY(proxy_str, mn_object_str)
PROXY_UNARY(proxy_iter, mn_object_get_iter)
PROXY_UNARY(proxy_neg, mn_number_negative)
PROXY_UNARY(proxy_pos, mn_number_positive)
PROXY_UNARY(proxy_abs, mn_number_absolute)
PROXY_UNARY(proxy_invert, mn_number_invert)
PROXY_UNARY(proxy_int, mn_number_long)
PROXY_UNARY(proxy_float, mn_number_float)
PROXY_UNARY(proxy_index, mn_number_index)

static mn_object *proxy_iternext(mn_object *self)
{
    mn_object *ob = proxy_target(self);
    if (!ob)
        return NULL;
    mn_object *r = NULL;
    if (!MN_TYPE(ob)->iternext)
        mn_err_format(&mn_exc_TypeError, "Weakref proxy referenced a non-iterator '%s' object",
                      mn_type_name(MN_TYPE(ob)));
    else
        r = mn_iter_next(ob);
    MN_DECREF(ob);
    return r;
}

static mn_object *proxy_richcompare(mn_object *a, mn_object *b, int op)
{
    mn_object *ua = unwrap(a);
    if (!ua)
        return NULL;
    mn_object *ub = unwrap(b);
    if (!ub) {
        MN_DECREF(ua);
        return NULL;
    }
    mn_object *r = mn_object_richcompare(ua, ub, op);
    MN_DECREF(ua);
    MN_DECREF(ub);
    return r;
}

/* Proxies are unhashable (their referent may die); the message uses the
 * full type name, as CPython's tp_name. */
static mn_hash proxy_hash(mn_object *self)
{
    mn_err_format(&mn_exc_TypeError, "unhashable type: '%s'", MN_TYPE(self)->name);
    return -1;
}

static mn_object *proxy_call(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_object *ob = proxy_target(self);
    if (!ob)
        return NULL;
    mn_object *r = mn_object_call(ob, args, nargs, kwnames);
    MN_DECREF(ob);
    return r;
}

static mn_ssize proxy_length(mn_object *self)
{
    mn_object *ob = proxy_target(self);
    if (!ob)
        return -1;
    mn_ssize r = mn_object_length(ob);
    MN_DECREF(ob);
    return r;
}

static mn_object *proxy_getitem(mn_object *self, mn_object *key)
{
    mn_object *ob = proxy_target(self);
    if (!ob)
        return NULL;
    mn_object *r = mn_object_getitem(ob, key);
    MN_DECREF(ob);
    return r;
}

static int proxy_setitem(mn_object *self, mn_object *key, mn_object *value)
{
    mn_object *ob = proxy_target(self);
    if (!ob)
        return -1;
    int r = value ? mn_object_setitem(ob, key, value) : mn_object_delitem(ob, key);
    MN_DECREF(ob);
    return r;
}

static int proxy_contains(mn_object *self, mn_object *item)
{
    mn_object *ob = proxy_target(self);
    if (!ob)
        return -1;
    int r = mn_sequence_contains(ob, item);
    MN_DECREF(ob);
    return r;
}

static int proxy_bool(mn_object *self)
{
    mn_object *ob = proxy_target(self);
    if (!ob)
        return -1;
    int r = mn_object_is_true(ob);
    MN_DECREF(ob);
    return r;
}

static mn_object *proxy_binop(mn_object *a, mn_object *b, int op)
{
    mn_object *ua = unwrap(a);
    if (!ua)
        return NULL;
    mn_object *ub = unwrap(b);
    if (!ub) {
        MN_DECREF(ua);
        return NULL;
    }
    mn_object *r = mn_number_binop(ua, ub, op);
    MN_DECREF(ua);
    MN_DECREF(ub);
    return r;
}

static mn_object *proxy_power_mod(mn_object *a, mn_object *b, mn_object *m)
{
    mn_object *ua = unwrap(a), *ub = ua ? unwrap(b) : NULL, *um = ub ? unwrap(m) : NULL;
    mn_object *r = um ? mn_number_power(ua, ub, um) : NULL;
    MN_XDECREF(ua);
    MN_XDECREF(ub);
    MN_XDECREF(um);
    return r;
}

/* In-place operators on a proxy act on the referent (x += 1 where x is a
 * proxy to a list extends the list), and the proxy stays the name's value
 * only if the referent was mutated in place — as CPython does. */
#define PROXY_BINOP(op)                                                            \
    static mn_object *proxy_binop_##op(mn_object *a, mn_object *b) { return proxy_binop(a, b, op); } \
    static mn_object *proxy_inplace_##op(mn_object *a, mn_object *b) { return proxy_binop(a, b, op + MN_BINOP_INPLACE); }
PROXY_BINOP(0) PROXY_BINOP(1) PROXY_BINOP(2) PROXY_BINOP(3) PROXY_BINOP(4)
PROXY_BINOP(5) PROXY_BINOP(6) PROXY_BINOP(7) PROXY_BINOP(8) PROXY_BINOP(9)
PROXY_BINOP(10) PROXY_BINOP(11) PROXY_BINOP(12)

static mn_number_methods proxy_as_number = {
    .binop = { proxy_binop_0, proxy_binop_1, proxy_binop_2, proxy_binop_3, proxy_binop_4,
               proxy_binop_5, proxy_binop_6, proxy_binop_7, proxy_binop_8, proxy_binop_9,
               proxy_binop_10, proxy_binop_11, proxy_binop_12 },
    .inplace = { proxy_inplace_0, proxy_inplace_1, proxy_inplace_2, proxy_inplace_3, proxy_inplace_4,
                 proxy_inplace_5, proxy_inplace_6, proxy_inplace_7, proxy_inplace_8, proxy_inplace_9,
                 proxy_inplace_10, proxy_inplace_11, proxy_inplace_12 },
    .power_mod = proxy_power_mod,
    .negative = proxy_neg, .positive = proxy_pos, .absolute = proxy_abs, .invert = proxy_invert,
    .bool_ = proxy_bool,
    .int_ = proxy_int, .float_ = proxy_float, .index = proxy_index,
};

#define PROXY_TYPE_COMMON                                   \
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),        \
    .basicsize = sizeof(mn_weakref),                        \
    .flags = MN_TPFLAGS_HAVE_GC,                            \
    .dealloc = weakref_dealloc,                             \
    .traverse = weakref_traverse,                           \
    .clear = weakref_clear,                                 \
    .repr = proxy_repr,                                     \
    .str = proxy_str,                                       \
    .hash = proxy_hash,                                     \
    .richcompare = proxy_richcompare,                       \
    .getattro = proxy_getattr,                              \
    .setattro = proxy_setattr,                              \
    .iter = proxy_iter,                                     \
    .iternext = proxy_iternext,                             \
    .length = proxy_length,                                 \
    .getitem = proxy_getitem,                               \
    .setitem = proxy_setitem,                               \
    .contains = proxy_contains,                             \
    .as_number = &proxy_as_number

mn_type mn_weakproxy_type = {
    PROXY_TYPE_COMMON,
    .name = "weakref.ProxyType",
};

mn_type mn_weakcallableproxy_type = {
    PROXY_TYPE_COMMON,
    .name = "weakref.CallableProxyType",
    .call = proxy_call,
};

int mn_weakref_init_types(void)
{
    if (mn_type_ready(&mn_weakref_type) < 0 || mn_type_ready(&mn_weakproxy_type) < 0 ||
        mn_type_ready(&mn_weakcallableproxy_type) < 0)
        return -1;
    return 0;
}

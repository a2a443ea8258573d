/* runtime/slots.c — dunder methods <-> C type slots (CPython's slotdefs).
 *
 * Owns the slot table (which dunder names feed which C slot), the generic
 * slot functions that heap types get when they define a dunder in Python
 * (slot_* below: they look the dunder up on type(self) and call it), the
 * algorithm that picks each slot of a class from its MRO (update_one_slot),
 * and the wrapper_descriptor / method-wrapper types through which the C
 * slots of built-in types appear as dunder methods (int.__add__).
 *
 * Binary operators follow CPython's SLOT1BINFULL exactly: one C slot
 * (binop[ADD]) serves both __add__ and __radd__; the generic function is
 * called with (left, right) whichever operand's type owns it, and decides
 * which dunder to call, trying the right operand's reflected method first
 * when its type is a subclass that overrides it.
 */
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/slots.h"

/* ---------------------------------------------------------- slot ids */

enum slot_id {
    S_REPR, S_STR, S_HASH, S_RICHCMP, S_GETATTRO, S_SETATTRO, S_DESCR_GET, S_DESCR_SET,
    S_CALL, S_ITER, S_ITERNEXT, S_LENGTH, S_GETITEM, S_SETITEM, S_CONTAINS, S_INIT, S_NEW,
    S_FINALIZE, S_NB_POWMOD, S_NB_NEG, S_NB_POS, S_NB_ABS, S_NB_INV, S_NB_BOOL, S_NB_INT,
    S_NB_FLOAT, S_NB_INDEX,
    S_BINOP,                                   /* + mn_binop */
    S_INPLACE = S_BINOP + MN_BINOP_COUNT,      /* + mn_binop */
    S_COUNT = S_INPLACE + MN_BINOP_COUNT
};

/* How a wrapper descriptor calls the C slot it wraps. */
enum wrapper_kind {
    K_NONE,          /* no wrapper (the name only feeds the slot) */
    K_UNARY, K_BINARY, K_RBINARY, K_POW, K_RPOW, K_INQUIRY, K_LEN, K_HASH, K_RICHCMP,
    K_GETATTR, K_SETATTR, K_DELATTR, K_DESCR_GET, K_DESCR_SET, K_DESCR_DELETE, K_CALL,
    K_NEXT, K_SETITEM, K_DELITEM, K_CONTAINS, K_INIT, K_DEL
};

typedef struct slotdef {
    const char *name;
    int id;
    int kind;
    int op;              /* comparison operator for K_RICHCMP */
    mn_object *iname;    /* interned name, created at init */
} slotdef;

#define BINOP_DEFS(i, n) \
    { "__" n "__", S_BINOP + (i), K_BINARY, 0, NULL }, \
    { "__r" n "__", S_BINOP + (i), K_RBINARY, 0, NULL }, \
    { "__i" n "__", S_INPLACE + (i), K_BINARY, 0, NULL }

static slotdef slotdefs[] = {
    { "__repr__", S_REPR, K_UNARY, 0, NULL },
    { "__str__", S_STR, K_UNARY, 0, NULL },
    { "__hash__", S_HASH, K_HASH, 0, NULL },
    { "__lt__", S_RICHCMP, K_RICHCMP, MN_LT, NULL },
    { "__le__", S_RICHCMP, K_RICHCMP, MN_LE, NULL },
    { "__eq__", S_RICHCMP, K_RICHCMP, MN_EQ, NULL },
    { "__ne__", S_RICHCMP, K_RICHCMP, MN_NE, NULL },
    { "__gt__", S_RICHCMP, K_RICHCMP, MN_GT, NULL },
    { "__ge__", S_RICHCMP, K_RICHCMP, MN_GE, NULL },
    { "__getattribute__", S_GETATTRO, K_GETATTR, 0, NULL },
    { "__getattr__", S_GETATTRO, K_NONE, 0, NULL },
    { "__setattr__", S_SETATTRO, K_SETATTR, 0, NULL },
    { "__delattr__", S_SETATTRO, K_DELATTR, 0, NULL },
    { "__get__", S_DESCR_GET, K_DESCR_GET, 0, NULL },
    { "__set__", S_DESCR_SET, K_DESCR_SET, 0, NULL },
    { "__delete__", S_DESCR_SET, K_DESCR_DELETE, 0, NULL },
    { "__call__", S_CALL, K_CALL, 0, NULL },
    { "__iter__", S_ITER, K_UNARY, 0, NULL },
    { "__next__", S_ITERNEXT, K_NEXT, 0, NULL },
    { "__len__", S_LENGTH, K_LEN, 0, NULL },
    { "__getitem__", S_GETITEM, K_BINARY, 0, NULL },
    { "__setitem__", S_SETITEM, K_SETITEM, 0, NULL },
    { "__delitem__", S_SETITEM, K_DELITEM, 0, NULL },
    { "__contains__", S_CONTAINS, K_CONTAINS, 0, NULL },
    { "__init__", S_INIT, K_INIT, 0, NULL },
    { "__new__", S_NEW, K_NONE, 0, NULL },
    { "__del__", S_FINALIZE, K_DEL, 0, NULL },
    { "__neg__", S_NB_NEG, K_UNARY, 0, NULL },
    { "__pos__", S_NB_POS, K_UNARY, 0, NULL },
    { "__abs__", S_NB_ABS, K_UNARY, 0, NULL },
    { "__invert__", S_NB_INV, K_UNARY, 0, NULL },
    { "__bool__", S_NB_BOOL, K_INQUIRY, 0, NULL },
    { "__int__", S_NB_INT, K_UNARY, 0, NULL },
    { "__float__", S_NB_FLOAT, K_UNARY, 0, NULL },
    { "__index__", S_NB_INDEX, K_UNARY, 0, NULL },
    BINOP_DEFS(MN_BINOP_ADD, "add"),
    BINOP_DEFS(MN_BINOP_AND, "and"),
    BINOP_DEFS(MN_BINOP_FLOOR_DIVIDE, "floordiv"),
    BINOP_DEFS(MN_BINOP_LSHIFT, "lshift"),
    BINOP_DEFS(MN_BINOP_MATRIX_MULTIPLY, "matmul"),
    BINOP_DEFS(MN_BINOP_MULTIPLY, "mul"),
    BINOP_DEFS(MN_BINOP_REMAINDER, "mod"),
    BINOP_DEFS(MN_BINOP_OR, "or"),
    { "__pow__", S_BINOP + MN_BINOP_POWER, K_POW, 0, NULL },
    { "__rpow__", S_BINOP + MN_BINOP_POWER, K_RPOW, 0, NULL },
    { "__ipow__", S_INPLACE + MN_BINOP_POWER, K_BINARY, 0, NULL },
    { "__pow__", S_NB_POWMOD, K_NONE, 0, NULL },
    BINOP_DEFS(MN_BINOP_RSHIFT, "rshift"),
    BINOP_DEFS(MN_BINOP_SUBTRACT, "sub"),
    BINOP_DEFS(MN_BINOP_TRUE_DIVIDE, "truediv"),
    BINOP_DEFS(MN_BINOP_XOR, "xor"),
};
#define N_SLOTDEFS ((int)(sizeof slotdefs / sizeof slotdefs[0]))

/* The dunder names of each binop, for the generic binary slot. */
static slotdef *binop_def[MN_BINOP_COUNT], *rbinop_def[MN_BINOP_COUNT], *ibinop_def[MN_BINOP_COUNT];
static slotdef *richcmp_def[6];

static slotdef *find_def(const char *name, int id)
{
    for (int i = 0; i < N_SLOTDEFS; i++)
        if (slotdefs[i].id == id && strcmp(slotdefs[i].name, name) == 0)
            return &slotdefs[i];
    return NULL;
}

static mn_object *iname_of(const char *name)
{
    for (int i = 0; i < N_SLOTDEFS; i++)
        if (strcmp(slotdefs[i].name, name) == 0)
            return slotdefs[i].iname;
    return NULL;
}

/* ------------------------------------------------ slot field access */

typedef void (*anyfunc)(void);
#define AF(f) ((anyfunc)(f))

static anyfunc slot_get(mn_type *t, int id)
{
    mn_number_methods *nb = t->as_number;
    if (id >= S_BINOP && id < S_INPLACE)
        return nb ? AF(nb->binop[id - S_BINOP]) : NULL;
    if (id >= S_INPLACE)
        return nb ? AF(nb->inplace[id - S_INPLACE]) : NULL;
    switch (id) {
    case S_REPR: return AF(t->repr);
    case S_STR: return AF(t->str);
    case S_HASH: return AF(t->hash);
    case S_RICHCMP: return AF(t->richcompare);
    case S_GETATTRO: return AF(t->getattro);
    case S_SETATTRO: return AF(t->setattro);
    case S_DESCR_GET: return AF(t->descr_get);
    case S_DESCR_SET: return AF(t->descr_set);
    case S_CALL: return AF(t->call);
    case S_ITER: return AF(t->iter);
    case S_ITERNEXT: return AF(t->iternext);
    case S_LENGTH: return AF(t->length);
    case S_GETITEM: return AF(t->getitem);
    case S_SETITEM: return AF(t->setitem);
    case S_CONTAINS: return AF(t->contains);
    case S_INIT: return AF(t->init);
    case S_NEW: return AF(t->new_);
    case S_FINALIZE: return AF(t->finalize);
    }
    if (!nb)
        return NULL;
    switch (id) {
    case S_NB_POWMOD: return AF(nb->power_mod);
    case S_NB_NEG: return AF(nb->negative);
    case S_NB_POS: return AF(nb->positive);
    case S_NB_ABS: return AF(nb->absolute);
    case S_NB_INV: return AF(nb->invert);
    case S_NB_BOOL: return AF(nb->bool_);
    case S_NB_INT: return AF(nb->int_);
    case S_NB_FLOAT: return AF(nb->float_);
    case S_NB_INDEX: return AF(nb->index);
    }
    return NULL;
}

/* Only called on heap types, whose as_number is their own table. */
static void slot_set(mn_type *t, int id, anyfunc f)
{
    mn_number_methods *nb = t->as_number;
    if (id >= S_BINOP && id < S_INPLACE) {
        nb->binop[id - S_BINOP] = (mn_binaryfunc)f;
        return;
    }
    if (id >= S_INPLACE) {
        nb->inplace[id - S_INPLACE] = (mn_binaryfunc)f;
        return;
    }
    switch (id) {
    case S_REPR: t->repr = (mn_unaryfunc)f; break;
    case S_STR: t->str = (mn_unaryfunc)f; break;
    case S_HASH: t->hash = (mn_hashfunc)f; break;
    case S_RICHCMP: t->richcompare = (mn_richcmpfunc)f; break;
    case S_GETATTRO: t->getattro = (mn_getattrofunc)f; break;
    case S_SETATTRO: t->setattro = (mn_setattrofunc)f; break;
    case S_DESCR_GET: t->descr_get = (mn_descrgetfunc)f; break;
    case S_DESCR_SET: t->descr_set = (mn_descrsetfunc)f; break;
    case S_CALL: t->call = (mn_callfunc)f; break;
    case S_ITER: t->iter = (mn_unaryfunc)f; break;
    case S_ITERNEXT: t->iternext = (mn_unaryfunc)f; break;
    case S_LENGTH: t->length = (mn_lenfunc)f; break;
    case S_GETITEM: t->getitem = (mn_binaryfunc)f; break;
    case S_SETITEM: t->setitem = (mn_objobjargproc)f; break;
    case S_CONTAINS: t->contains = (mn_objobjproc)f; break;
    case S_INIT: t->init = (mn_initfunc)f; break;
    case S_NEW: t->new_ = (mn_newfunc)f; break;
    case S_FINALIZE: t->finalize = (mn_destructor)f; break;
    case S_NB_POWMOD: nb->power_mod = (mn_ternaryfunc)f; break;
    case S_NB_NEG: nb->negative = (mn_unaryfunc)f; break;
    case S_NB_POS: nb->positive = (mn_unaryfunc)f; break;
    case S_NB_ABS: nb->absolute = (mn_unaryfunc)f; break;
    case S_NB_INV: nb->invert = (mn_unaryfunc)f; break;
    case S_NB_BOOL: nb->bool_ = (mn_inquiry)f; break;
    case S_NB_INT: nb->int_ = (mn_unaryfunc)f; break;
    case S_NB_FLOAT: nb->float_ = (mn_unaryfunc)f; break;
    case S_NB_INDEX: nb->index = (mn_unaryfunc)f; break;
    }
}

/* ------------------------------------------------ calling dunders */

/* Functions, method descriptors and slot wrappers can be called unbound
 * with self prepended, which saves creating a bound method per call. */
static int is_method_descriptor(mn_object *d)
{
    mn_type *t = MN_TYPE(d);
    return t == &mn_method_descr_type || t == &mn_wrapper_descr_type || strcmp(t->name, "function") == 0;
}

/* Calls type(self).<name>(self, *args). *found is set to 0 (and NULL is
 * returned with no exception) when the type has no such attribute. */
static mn_object *call_special(mn_object *self, mn_object *name, mn_object *const *args, mn_ssize nargs,
                               int *found)
{
    mn_object *descr = mn_type_lookup(MN_TYPE(self), name);
    if (!descr) {
        *found = 0;
        return NULL;
    }
    *found = 1;
    MN_INCREF(descr);
    mn_object *res;
    if (is_method_descriptor(descr)) {
        mn_object *stack[4];
        stack[0] = self;
        for (mn_ssize i = 0; i < nargs; i++)
            stack[i + 1] = args[i];
        res = mn_object_call(descr, stack, nargs + 1, NULL);
    } else if (MN_TYPE(descr)->descr_get) {
        mn_object *bound = MN_TYPE(descr)->descr_get(descr, self, MN_OBJ(MN_TYPE(self)));
        res = bound ? mn_object_call(bound, args, nargs, NULL) : NULL;
        MN_XDECREF(bound);
    } else {
        res = mn_object_call(descr, args, nargs, NULL);
    }
    MN_DECREF(descr);
    return res;
}

/* call_special for a dunder that must exist (the slot was set because of it). */
static mn_object *call_method(mn_object *self, mn_object *name, mn_object *const *args, mn_ssize nargs)
{
    int found;
    mn_object *r = call_special(self, name, args, nargs, &found);
    if (!found)   /* CPython's lookup_method: the message is the bare name */
        mn_err_set_object(&mn_exc_AttributeError, name);
    return r;
}

/* call_special returning NotImplemented when the dunder is absent
 * (CPython's vectorcall_maybe). */
static mn_object *call_maybe(mn_object *self, mn_object *name, mn_object *const *args, mn_ssize nargs)
{
    int found;
    mn_object *r = call_special(self, name, args, nargs, &found);
    if (!found)
        MN_RETURN_NOT_IMPLEMENTED;
    return r;
}

#define NAME(s) (iname_of(s))

/* ------------------------------------------- generic slot functions */

static mn_object *slot_repr(mn_object *self) { return call_method(self, NAME("__repr__"), NULL, 0); }
static mn_object *slot_str(mn_object *self) { return call_method(self, NAME("__str__"), NULL, 0); }

static mn_hash slot_hash(mn_object *self)
{
    mn_object *r = call_method(self, NAME("__hash__"), NULL, 0);
    if (!r)
        return -1;
    if (!MN_INT_CHECK(r)) {
        mn_err_set_string(&mn_exc_TypeError, "__hash__ method should return an integer");
        MN_DECREF(r);
        return -1;
    }
    /* As CPython's slot_tp_hash: a result that fits in a C ssize is used
     * as is (-1 becomes -2); only larger ints are reduced the way int's own
     * hash does.  So a __hash__ returning hash(t) gives hash(t) back. */
    mn_hash h = (mn_hash)mn_int_as_ssize(r);
    if (h == -1 && mn_err_occurred()) {
        mn_err_clear();
        h = mn_object_hash(r);
    } else if (h == -1) {
        h = -2;
    }
    MN_DECREF(r);
    return h;
}

static mn_object *slot_richcompare(mn_object *self, mn_object *other, int op)
{
    return call_maybe(self, richcmp_def[op]->iname, &other, 1);
}

/* __getattribute__ and the __getattr__ fallback (CPython's
 * slot_tp_getattr_hook): __getattr__ runs only after AttributeError. */
static mn_object *slot_getattro(mn_object *self, mn_object *name)
{
    mn_type *t = MN_TYPE(self);
    mn_object *getattribute = mn_type_lookup(t, NAME("__getattribute__"));
    mn_object *res;
    if (getattribute && MN_TYPE(getattribute) == &mn_wrapper_descr_type &&
        mn_type_lookup(&mn_object_type, NAME("__getattribute__")) == getattribute)
        res = mn_object_generic_getattr(self, name);   /* object's: skip the call */
    else
        res = call_method(self, NAME("__getattribute__"), &name, 1);
    if (res || !mn_err_matches(&mn_exc_AttributeError))
        return res;
    mn_object *getattr = mn_type_lookup(t, NAME("__getattr__"));
    if (!getattr)
        return NULL;
    mn_err_clear();
    return call_method(self, NAME("__getattr__"), &name, 1);
}

static int slot_setattro(mn_object *self, mn_object *name, mn_object *value)
{
    mn_object *r;
    if (value) {
        mn_object *args[2] = { name, value };
        r = call_method(self, NAME("__setattr__"), args, 2);
    } else {
        r = call_method(self, NAME("__delattr__"), &name, 1);
    }
    if (!r)
        return -1;
    MN_DECREF(r);
    return 0;
}

static mn_object *slot_descr_get(mn_object *self, mn_object *obj, mn_object *type)
{
    mn_object *args[2] = { obj ? obj : mn_none, type ? type : mn_none };
    return call_method(self, NAME("__get__"), args, 2);
}

static int slot_descr_set(mn_object *self, mn_object *obj, mn_object *value)
{
    mn_object *r;
    if (value) {
        mn_object *args[2] = { obj, value };
        r = call_method(self, NAME("__set__"), args, 2);
    } else {
        r = call_method(self, NAME("__delete__"), &obj, 1);
    }
    if (!r)
        return -1;
    MN_DECREF(r);
    return 0;
}

/* __call__ may take keywords, so this binds and calls with the full
 * vectorcall convention. */
static mn_object *slot_call(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_object *m = mn_object_getattr(self, NAME("__call__"));
    if (!m)
        return NULL;
    mn_object *r = mn_object_call(m, args, nargs, kwnames);
    MN_DECREF(m);
    return r;
}

static mn_object *slot_iter(mn_object *self)
{
    mn_object *f = mn_type_lookup(MN_TYPE(self), NAME("__iter__"));
    if (f == mn_none) {
        mn_err_format(&mn_exc_TypeError, "'%s' object is not iterable", MN_TYPE_NAME(self));
        return NULL;
    }
    return call_method(self, NAME("__iter__"), NULL, 0);
}

/* A raised StopIteration means "exhausted": NULL with no exception. */
static mn_object *slot_iternext(mn_object *self)
{
    mn_object *r = call_method(self, NAME("__next__"), NULL, 0);
    if (!r && mn_err_matches(&mn_exc_StopIteration))
        mn_err_clear();
    return r;
}

static mn_ssize slot_length(mn_object *self)
{
    mn_object *r = call_method(self, NAME("__len__"), NULL, 0);
    if (!r)
        return -1;
    mn_object *i = mn_number_index(r);
    MN_DECREF(r);
    if (!i)
        return -1;
    if (mn_int_sign(i) < 0) {
        MN_DECREF(i);
        mn_err_set_string(&mn_exc_ValueError, "__len__() should return >= 0");
        return -1;
    }
    mn_ssize n = mn_number_as_ssize(i, MN_OBJ(&mn_exc_OverflowError));
    MN_DECREF(i);
    return n;
}

static mn_object *slot_getitem(mn_object *self, mn_object *key)
{
    return call_method(self, NAME("__getitem__"), &key, 1);
}

static int slot_setitem(mn_object *self, mn_object *key, mn_object *value)
{
    mn_object *r;
    if (value) {
        mn_object *args[2] = { key, value };
        r = call_method(self, NAME("__setitem__"), args, 2);
    } else {
        r = call_method(self, NAME("__delitem__"), &key, 1);
    }
    if (!r)
        return -1;
    MN_DECREF(r);
    return 0;
}

static int slot_contains(mn_object *self, mn_object *value)
{
    mn_object *f = mn_type_lookup(MN_TYPE(self), NAME("__contains__"));
    if (f == mn_none) {
        mn_err_format(&mn_exc_TypeError, "'%s' object is not a container", MN_TYPE_NAME(self));
        return -1;
    }
    if (!f) {
        /* Fall back to iteration, as the generic protocol does. */
        mn_object *it = mn_object_get_iter(self);
        if (!it)
            return -1;
        mn_object *x;
        int found = 0;
        while ((x = mn_iter_next(it)) != NULL) {
            int eq = mn_object_richcompare_bool(x, value, MN_EQ);
            MN_DECREF(x);
            if (eq != 0) {
                found = eq;
                break;
            }
        }
        MN_DECREF(it);
        return (found == 0 && mn_err_occurred()) ? -1 : found;
    }
    mn_object *r = call_method(self, NAME("__contains__"), &value, 1);
    if (!r)
        return -1;
    int t = mn_object_is_true(r);
    MN_DECREF(r);
    return t;
}

static int slot_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_object *m = mn_object_getattr_str(MN_OBJ(MN_TYPE(self)), "__init__");
    if (!m)
        return -1;
    /* Unbound function: prepend self (kwnames keep their values after). */
    mn_ssize nkw = kwnames ? MN_TUPLE_SIZE(kwnames) : 0;
    mn_object **stack = mn_mem_alloc(sizeof(mn_object *) * (size_t)(nargs + nkw + 1));
    if (!stack) {
        MN_DECREF(m);
        mn_err_no_memory();
        return -1;
    }
    stack[0] = self;
    for (mn_ssize i = 0; i < nargs + nkw; i++)
        stack[i + 1] = args[i];
    mn_object *r;
    if (is_method_descriptor(m))
        r = mn_object_call(m, stack, nargs + 1, kwnames);
    else {
        /* A non-function __init__ (e.g. a callable instance): bind it. */
        MN_DECREF(m);
        m = mn_object_getattr_str(self, "__init__");
        r = m ? mn_object_call(m, args, nargs, kwnames) : NULL;
    }
    mn_mem_free(stack);
    MN_XDECREF(m);
    if (!r)
        return -1;
    if (r != mn_none) {
        mn_err_format(&mn_exc_TypeError, "__init__() should return None, not '%s'", MN_TYPE_NAME(r));
        MN_DECREF(r);
        return -1;
    }
    MN_DECREF(r);
    return 0;
}

/* __new__ is a staticmethod: cls.__new__(cls, *args). */
static mn_object *slot_new(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_object *f = mn_object_getattr_str(MN_OBJ(type), "__new__");
    if (!f)
        return NULL;
    mn_ssize nkw = kwnames ? MN_TUPLE_SIZE(kwnames) : 0;
    mn_object **stack = mn_mem_alloc(sizeof(mn_object *) * (size_t)(nargs + nkw + 1));
    if (!stack) {
        MN_DECREF(f);
        return mn_err_no_memory();
    }
    stack[0] = MN_OBJ(type);
    for (mn_ssize i = 0; i < nargs + nkw; i++)
        stack[i + 1] = args[i];
    mn_object *r = mn_object_call(f, stack, nargs + 1, kwnames);
    mn_mem_free(stack);
    MN_DECREF(f);
    return r;
}

void mn_slots_write_unraisable(mn_object *where)
{
    mn_object *exc = mn_err_fetch();
    if (!exc)
        return;
    fprintf(stderr, "Exception ignored in: ");
    mn_object *r = where ? mn_object_repr(where) : NULL;
    if (r)
        fprintf(stderr, "%s\n", mn_str_as_utf8(r));
    else {
        mn_err_clear();
        fprintf(stderr, "<object repr() failed>\n");
    }
    MN_XDECREF(r);
    /* The VM's printing hook shows the traceback; else just the message. */
    mn_err_restore(exc);
    mn_err_print();
}

/* __del__ (PEP 442 finalizer): errors are reported, never raised. */
static void slot_finalize(mn_object *self)
{
    mn_object *saved = mn_err_fetch();
    mn_object *del = mn_type_lookup(MN_TYPE(self), NAME("__del__"));
    if (del) {
        MN_INCREF(del);
        mn_object *r = mn_object_call1(del, self);
        if (!r)
            mn_slots_write_unraisable(del);
        MN_XDECREF(r);
        MN_DECREF(del);
    }
    mn_err_restore(saved);
}

#define UNARY_SLOT(fn, dunder) \
    static mn_object *fn(mn_object *self) { return call_method(self, NAME(dunder), NULL, 0); }
UNARY_SLOT(slot_neg, "__neg__")
UNARY_SLOT(slot_pos, "__pos__")
UNARY_SLOT(slot_abs, "__abs__")
UNARY_SLOT(slot_invert, "__invert__")
UNARY_SLOT(slot_int, "__int__")
UNARY_SLOT(slot_float, "__float__")
UNARY_SLOT(slot_index, "__index__")

/* __bool__, falling back to __len__; the result must be a bool. */
static int slot_bool(mn_object *self)
{
    int found;
    mn_object *r = call_special(self, NAME("__bool__"), NULL, 0, &found);
    const char *what = "__bool__";
    if (!found) {
        r = call_special(self, NAME("__len__"), NULL, 0, &found);
        what = "__len__";
        if (!found)
            return 1;
        if (!r)
            return -1;
        int t = mn_object_is_true(r);
        MN_DECREF(r);
        return t;
    }
    if (!r)
        return -1;
    if (!MN_BOOL_CHECK(r)) {
        mn_err_format(&mn_exc_TypeError, "%s should return bool, returned %s", what, MN_TYPE_NAME(r));
        MN_DECREF(r);
        return -1;
    }
    int t = r == mn_true;
    MN_DECREF(r);
    return t;
}

/* ------------------------------------------------ binary operators */

static mn_binaryfunc slot_binops[MN_BINOP_COUNT];

/* Is name overridden between the two operands' types? (CPython's
 * method_is_overloaded: the reflected method of the subclass is tried
 * first only if it differs from the base's.) */
static int method_is_overloaded(mn_object *left, mn_object *right, mn_object *name)
{
    mn_object *a = mn_type_lookup(MN_TYPE(right), name);
    if (!a)
        return 0;
    mn_object *b = mn_type_lookup(MN_TYPE(left), name);
    if (!b)
        return 1;
    return a != b;
}

/* CPython's SLOT1BINFULL. */
static mn_object *slot_binop_full(mn_object *self, mn_object *other, int op)
{
    mn_binaryfunc me = slot_binops[op];
    mn_number_methods *snb = MN_TYPE(self)->as_number, *onb = MN_TYPE(other)->as_number;
    int do_other = MN_TYPE(self) != MN_TYPE(other) && onb && onb->binop[op] == me;
    mn_object *rname = rbinop_def[op]->iname, *name = binop_def[op]->iname;
    if (snb && snb->binop[op] == me) {
        mn_object *r;
        if (do_other && mn_type_is_subtype(MN_TYPE(other), MN_TYPE(self)) &&
            method_is_overloaded(self, other, rname)) {
            r = call_maybe(other, rname, &self, 1);
            if (r != mn_not_implemented)
                return r;
            MN_DECREF(r);
            do_other = 0;
        }
        r = call_maybe(self, name, &other, 1);
        if (r != mn_not_implemented || MN_TYPE(other) == MN_TYPE(self))
            return r;
        MN_DECREF(r);
    }
    if (do_other)
        return call_maybe(other, rname, &self, 1);
    MN_RETURN_NOT_IMPLEMENTED;
}

#define BINSLOT(i) \
    static mn_object *slot_binop_##i(mn_object *a, mn_object *b) { return slot_binop_full(a, b, i); } \
    static mn_object *slot_inplace_##i(mn_object *a, mn_object *b) { return call_maybe(a, ibinop_def[i]->iname, &b, 1); }
BINSLOT(0) BINSLOT(1) BINSLOT(2) BINSLOT(3) BINSLOT(4) BINSLOT(5) BINSLOT(6)
BINSLOT(7) BINSLOT(8) BINSLOT(9) BINSLOT(10) BINSLOT(11) BINSLOT(12)
static mn_binaryfunc slot_binops[MN_BINOP_COUNT] = {
    slot_binop_0, slot_binop_1, slot_binop_2, slot_binop_3, slot_binop_4, slot_binop_5, slot_binop_6,
    slot_binop_7, slot_binop_8, slot_binop_9, slot_binop_10, slot_binop_11, slot_binop_12,
};
static mn_binaryfunc slot_inplaces[MN_BINOP_COUNT] = {
    slot_inplace_0, slot_inplace_1, slot_inplace_2, slot_inplace_3, slot_inplace_4, slot_inplace_5,
    slot_inplace_6, slot_inplace_7, slot_inplace_8, slot_inplace_9, slot_inplace_10, slot_inplace_11,
    slot_inplace_12,
};

/* pow(a, b, m): only the left operand's __pow__ is tried (as CPython). */
static mn_object *slot_power_mod(mn_object *self, mn_object *other, mn_object *mod)
{
    if (!mod || mod == mn_none)
        return slot_binop_full(self, other, MN_BINOP_POWER);
    if (MN_TYPE(self)->as_number && MN_TYPE(self)->as_number->power_mod == slot_power_mod) {
        mn_object *args[2] = { other, mod };
        return call_maybe(self, NAME("__pow__"), args, 2);
    }
    MN_RETURN_NOT_IMPLEMENTED;
}

static anyfunc generic_slot(int id)
{
    if (id >= S_BINOP && id < S_INPLACE)
        return AF(slot_binops[id - S_BINOP]);
    if (id >= S_INPLACE)
        return AF(slot_inplaces[id - S_INPLACE]);
    switch (id) {
    case S_REPR: return AF(slot_repr);
    case S_STR: return AF(slot_str);
    case S_HASH: return AF(slot_hash);
    case S_RICHCMP: return AF(slot_richcompare);
    case S_GETATTRO: return AF(slot_getattro);
    case S_SETATTRO: return AF(slot_setattro);
    case S_DESCR_GET: return AF(slot_descr_get);
    case S_DESCR_SET: return AF(slot_descr_set);
    case S_CALL: return AF(slot_call);
    case S_ITER: return AF(slot_iter);
    case S_ITERNEXT: return AF(slot_iternext);
    case S_LENGTH: return AF(slot_length);
    case S_GETITEM: return AF(slot_getitem);
    case S_SETITEM: return AF(slot_setitem);
    case S_CONTAINS: return AF(slot_contains);
    case S_INIT: return AF(slot_init);
    case S_NEW: return AF(slot_new);
    case S_FINALIZE: return AF(slot_finalize);
    case S_NB_POWMOD: return AF(slot_power_mod);
    case S_NB_NEG: return AF(slot_neg);
    case S_NB_POS: return AF(slot_pos);
    case S_NB_ABS: return AF(slot_abs);
    case S_NB_INV: return AF(slot_invert);
    case S_NB_BOOL: return AF(slot_bool);
    case S_NB_INT: return AF(slot_int);
    case S_NB_FLOAT: return AF(slot_float);
    case S_NB_INDEX: return AF(slot_index);
    }
    return NULL;
}

/* ------------------------------------------- choosing a heap type's slots */

/* Looks name up along type's MRO; *owner receives the class whose dict
 * holds it. Borrowed. */
static mn_object *lookup_owner(mn_type *type, mn_object *name, mn_type **owner)
{
    mn_object *mro = type->mro;
    for (mn_ssize i = 0; mro && i < MN_TUPLE_SIZE(mro); i++) {
        mn_type *t = (mn_type *)MN_TUPLE_GET(mro, i);
        mn_object *v = t->dict ? mn_dict_get_item(t->dict, name) : NULL;
        if (v) {
            *owner = t;
            return v;
        }
    }
    return NULL;
}

/* CPython's update_one_slot: a dunder defined in a class (a heap type)
 * selects the generic slot function; dunders that all come from built-in
 * types select that built-in C function directly; none found: NULL. */
static void update_one_slot(mn_type *type, int id)
{
    anyfunc specific = NULL;
    int generic = 0, found_any = 0;
    for (int i = 0; i < N_SLOTDEFS; i++) {
        slotdef *sd = &slotdefs[i];
        if (sd->id != id)
            continue;
        mn_type *owner = NULL;
        mn_object *v = lookup_owner(type, sd->iname, &owner);
        if (!v)
            continue;
        found_any = 1;
        if (id == S_HASH && v == mn_none) {
            specific = AF(mn_object_hash_not_implemented);
            continue;
        }
        if (MN_TYPE_HAS_FLAG(owner, MN_TPFLAGS_HEAPTYPE)) {
            generic = 1;
            continue;
        }
        anyfunc f = slot_get(owner, id);
        if (!f || (specific && specific != f))
            generic = 1;
        else
            specific = f;
    }
    anyfunc chosen = !found_any ? NULL : generic ? generic_slot(id) : specific;
    if (id == S_GETATTRO && !chosen)
        chosen = AF(mn_object_generic_getattr);
    if (id == S_SETATTRO && !chosen)
        chosen = AF(mn_object_generic_setattr);
    slot_set(type, id, chosen);
}

void mn_slots_fixup_all(mn_type *type)
{
    for (int id = 0; id < S_COUNT; id++)
        update_one_slot(type, id);
}

static void update_subclasses(mn_type *type, int id)
{
    if (!MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_HEAPTYPE))
        return;
    update_one_slot(type, id);
    mn_type_modified(type);
    mn_object *subs = mn_type_subclasses(type);
    if (!subs) {
        mn_err_clear();
        return;
    }
    for (mn_ssize i = 0; i < MN_LIST_SIZE(subs); i++)
        update_subclasses((mn_type *)MN_LIST_GET(subs, i), id);
    MN_DECREF(subs);
}

void mn_slots_update(mn_type *type, mn_object *name)
{
    if (!MN_STR_CHECK(name) || MN_STR_NBYTES(name) < 5)
        return;
    const char *s = MN_STR_DATA(name);
    if (s[0] != '_' || s[1] != '_')
        return;
    for (int i = 0; i < N_SLOTDEFS; i++)
        if (strcmp(slotdefs[i].name, s) == 0)
            update_subclasses(type, slotdefs[i].id);
}

/* ================================================ C -> Python wrappers */

typedef struct mn_wrapper_descr {
    mn_object ob_base;
    const slotdef *sd;
    mn_type *objtype;      /* the static type whose slot this wraps */
    anyfunc fn;
} mn_wrapper_descr;

typedef struct mn_method_wrapper {
    mn_object ob_base;
    mn_wrapper_descr *descr;
    mn_object *self;
} mn_method_wrapper;

static int check_nargs(const slotdef *sd, mn_ssize nargs, mn_ssize n, mn_object *kwnames)
{
    if (kwnames && MN_TUPLE_SIZE(kwnames) > 0) {
        mn_err_format(&mn_exc_TypeError, "wrapper %s() takes no keyword arguments", sd->name);
        return -1;
    }
    if (nargs != n) {
        mn_err_format(&mn_exc_TypeError, "expected %zd argument%s, got %zd", n, n == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

static mn_object *int_result(int r)
{
    if (r < 0)
        return NULL;
    MN_RETURN_NONE;
}

/* Calls the wrapped C slot with self and the Python-level arguments. */
static mn_object *wrapper_call_slot(mn_wrapper_descr *d, mn_object *self, mn_object *const *args,
                                    mn_ssize nargs, mn_object *kwnames)
{
    const slotdef *sd = d->sd;
    anyfunc fn = d->fn;
    switch (sd->kind) {
    case K_UNARY:
        if (check_nargs(sd, nargs, 0, kwnames) < 0) return NULL;
        return ((mn_unaryfunc)fn)(self);
    case K_BINARY:
        if (check_nargs(sd, nargs, 1, kwnames) < 0) return NULL;
        return ((mn_binaryfunc)fn)(self, args[0]);
    case K_RBINARY:
        if (check_nargs(sd, nargs, 1, kwnames) < 0) return NULL;
        return ((mn_binaryfunc)fn)(args[0], self);
    case K_POW:
    case K_RPOW: {
        if (kwnames && MN_TUPLE_SIZE(kwnames) > 0) return check_nargs(sd, 0, 1, kwnames) < 0 ? NULL : NULL;
        if (nargs < 1 || nargs > 2) {
            mn_err_format(&mn_exc_TypeError, "expected 1 or 2 arguments, got %zd", nargs);
            return NULL;
        }
        mn_object *mod = nargs == 2 ? args[1] : mn_none;
        if (mod == mn_none)
            return sd->kind == K_POW ? ((mn_binaryfunc)fn)(self, args[0]) : ((mn_binaryfunc)fn)(args[0], self);
        mn_ternaryfunc pm = d->objtype->as_number ? d->objtype->as_number->power_mod : NULL;
        if (!pm || sd->kind == K_RPOW)   /* three-argument pow() doesn't try __rpow__ */
            MN_RETURN_NOT_IMPLEMENTED;
        return pm(self, args[0], mod);
    }
    case K_INQUIRY: {
        if (check_nargs(sd, nargs, 0, kwnames) < 0) return NULL;
        int r = ((mn_inquiry)fn)(self);
        if (r < 0) return NULL;
        return MN_NEW_REF(r ? mn_true : mn_false);
    }
    case K_LEN: {
        if (check_nargs(sd, nargs, 0, kwnames) < 0) return NULL;
        mn_ssize n = ((mn_lenfunc)fn)(self);
        return n < 0 ? NULL : mn_int_from_ssize(n);
    }
    case K_HASH: {
        if (check_nargs(sd, nargs, 0, kwnames) < 0) return NULL;
        mn_hash h = ((mn_hashfunc)fn)(self);
        return h == -1 ? NULL : mn_int_from_ssize(h);
    }
    case K_RICHCMP:
        if (check_nargs(sd, nargs, 1, kwnames) < 0) return NULL;
        return ((mn_richcmpfunc)fn)(self, args[0], sd->op);
    case K_GETATTR:
        if (check_nargs(sd, nargs, 1, kwnames) < 0) return NULL;
        if (!MN_STR_CHECK(args[0])) {
            mn_err_format(&mn_exc_TypeError, "attribute name must be string, not '%s'", MN_TYPE_NAME(args[0]));
            return NULL;
        }
        return ((mn_getattrofunc)fn)(self, args[0]);
    case K_SETATTR:
        if (check_nargs(sd, nargs, 2, kwnames) < 0) return NULL;
        return int_result(((mn_setattrofunc)fn)(self, args[0], args[1]));
    case K_DELATTR:
        if (check_nargs(sd, nargs, 1, kwnames) < 0) return NULL;
        return int_result(((mn_setattrofunc)fn)(self, args[0], NULL));
    case K_DESCR_GET: {
        if (kwnames && MN_TUPLE_SIZE(kwnames) > 0) return check_nargs(sd, 0, 1, kwnames) < 0 ? NULL : NULL;
        if (nargs < 1 || nargs > 2) {
            mn_err_format(&mn_exc_TypeError, "expected 1 or 2 arguments, got %zd", nargs);
            return NULL;
        }
        mn_object *obj = args[0] == mn_none ? NULL : args[0];
        mn_object *type = nargs == 2 && args[1] != mn_none ? args[1] : NULL;
        if (!obj && !type) {
            mn_err_set_string(&mn_exc_TypeError, "__get__(None, None) is invalid");
            return NULL;
        }
        return ((mn_descrgetfunc)fn)(self, obj, type);
    }
    case K_DESCR_SET:
        if (check_nargs(sd, nargs, 2, kwnames) < 0) return NULL;
        return int_result(((mn_descrsetfunc)fn)(self, args[0], args[1]));
    case K_DESCR_DELETE:
        if (check_nargs(sd, nargs, 1, kwnames) < 0) return NULL;
        return int_result(((mn_descrsetfunc)fn)(self, args[0], NULL));
    case K_CALL:
        /* The wrapped type's own call slot: type.__call__(cls) from a
         * metaclass's __call__ must not re-enter the metaclass's slot. */
    {
        if (mn_enter_recursive_call(" in __call__") < 0)
            return NULL;
        mn_object *r = ((mn_callfunc)fn)(self, args, nargs, kwnames);
        mn_leave_recursive_call();
        return r;
    }
    case K_NEXT: {
        if (check_nargs(sd, nargs, 0, kwnames) < 0) return NULL;
        mn_object *r = ((mn_unaryfunc)fn)(self);
        if (!r && !mn_err_occurred())
            mn_err_set_none(&mn_exc_StopIteration);
        return r;
    }
    case K_SETITEM:
        if (check_nargs(sd, nargs, 2, kwnames) < 0) return NULL;
        return int_result(((mn_objobjargproc)fn)(self, args[0], args[1]));
    case K_DELITEM:
        if (check_nargs(sd, nargs, 1, kwnames) < 0) return NULL;
        return int_result(((mn_objobjargproc)fn)(self, args[0], NULL));
    case K_CONTAINS: {
        if (check_nargs(sd, nargs, 1, kwnames) < 0) return NULL;
        int r = ((mn_objobjproc)fn)(self, args[0]);
        if (r < 0) return NULL;
        return MN_NEW_REF(r ? mn_true : mn_false);
    }
    case K_INIT:
        return int_result(((mn_initfunc)fn)(self, args, nargs, kwnames));
    case K_DEL:
        if (check_nargs(sd, nargs, 0, kwnames) < 0) return NULL;
        ((mn_destructor)fn)(self);
        if (mn_err_occurred()) return NULL;
        MN_RETURN_NONE;
    }
    mn_err_bad_internal_call("wrapper_call_slot");
    return NULL;
}

static int wrapper_check_self(mn_wrapper_descr *d, mn_object *self)
{
    if (!MN_TYPE_CHECK(self, d->objtype)) {
        mn_err_format(&mn_exc_TypeError, "descriptor '%s' requires a '%s' object but received a '%s'",
                      d->sd->name, mn_type_name(d->objtype), MN_TYPE_NAME(self));
        return -1;
    }
    return 0;
}

static mn_object *wrapper_descr_call(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_wrapper_descr *d = (mn_wrapper_descr *)self;
    if (nargs < 1) {
        mn_err_format(&mn_exc_TypeError, "descriptor '%s' of '%s' object needs an argument", d->sd->name,
                      mn_type_name(d->objtype));
        return NULL;
    }
    if (wrapper_check_self(d, args[0]) < 0)
        return NULL;
    return wrapper_call_slot(d, args[0], args + 1, nargs - 1, kwnames);
}

static mn_object *wrapper_descr_get(mn_object *self, mn_object *obj, MN_UNUSED mn_object *type)
{
    mn_wrapper_descr *d = (mn_wrapper_descr *)self;
    if (!obj)
        return MN_NEW_REF(self);
    if (wrapper_check_self(d, obj) < 0)
        return NULL;
    mn_method_wrapper *w = (mn_method_wrapper *)mn_type_generic_alloc(&mn_method_wrapper_type, 0);
    if (!w)
        return NULL;
    w->descr = (mn_wrapper_descr *)MN_NEW_REF(self);
    w->self = MN_NEW_REF(obj);
    mn_gc_track(MN_OBJ(w));
    return MN_OBJ(w);
}

static mn_object *wrapper_descr_repr(mn_object *self)
{
    mn_wrapper_descr *d = (mn_wrapper_descr *)self;
    return mn_str_from_format("<slot wrapper '%s' of '%s' objects>", d->sd->name, mn_type_name(d->objtype));
}

static void wrapper_descr_dealloc(mn_object *self)
{
    mn_object_free(self);
}

static mn_object *wd_get_name(mn_object *self, MN_UNUSED void *c)
{
    return mn_str_from_cstr(((mn_wrapper_descr *)self)->sd->name);
}

static mn_object *wd_get_qualname(mn_object *self, MN_UNUSED void *c)
{
    mn_wrapper_descr *d = (mn_wrapper_descr *)self;
    return mn_str_from_format("%s.%s", mn_type_name(d->objtype), d->sd->name);
}

static mn_object *wd_get_objclass(mn_object *self, MN_UNUSED void *c)
{
    return MN_NEW_REF(((mn_wrapper_descr *)self)->objtype);
}

static mn_object *get_none(MN_UNUSED mn_object *self, MN_UNUSED void *c)
{
    MN_RETURN_NONE;
}

static mn_getset_def wrapper_descr_getset[] = {
    { "__name__", wd_get_name, NULL, NULL, NULL },
    { "__qualname__", wd_get_qualname, NULL, NULL, NULL },
    { "__objclass__", wd_get_objclass, NULL, NULL, NULL },
    { "__doc__", get_none, NULL, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

mn_type mn_wrapper_descr_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "wrapper_descriptor",
    .basicsize = sizeof(mn_wrapper_descr),
    .dealloc = wrapper_descr_dealloc,
    .repr = wrapper_descr_repr,
    .call = wrapper_descr_call,
    .descr_get = wrapper_descr_get,
    .getset = wrapper_descr_getset,
};

/* method-wrapper: a slot wrapper bound to an instance (1 .__add__). */

static mn_object *method_wrapper_call(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_method_wrapper *w = (mn_method_wrapper *)self;
    return wrapper_call_slot(w->descr, w->self, args, nargs, kwnames);
}

static mn_object *method_wrapper_repr(mn_object *self)
{
    mn_method_wrapper *w = (mn_method_wrapper *)self;
    return mn_str_from_format("<method-wrapper '%s' of %s object at %p>", w->descr->sd->name,
                              MN_TYPE_NAME(w->self), (void *)w->self);
}

static int method_wrapper_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    mn_method_wrapper *w = (mn_method_wrapper *)self;
    MN_VISIT(w->descr);
    MN_VISIT(w->self);
    return 0;
}

static int method_wrapper_clear(mn_object *self)
{
    mn_method_wrapper *w = (mn_method_wrapper *)self;
    MN_CLEAR(w->descr);
    MN_CLEAR(w->self);
    return 0;
}

static void method_wrapper_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    method_wrapper_clear(self);
    mn_object_free(self);
}

static mn_object *method_wrapper_richcompare(mn_object *a, mn_object *b, int op)
{
    if ((op != MN_EQ && op != MN_NE) || MN_TYPE(b) != &mn_method_wrapper_type)
        MN_RETURN_NOT_IMPLEMENTED;
    mn_method_wrapper *x = (mn_method_wrapper *)a, *y = (mn_method_wrapper *)b;
    int eq = x->descr == y->descr && x->self == y->self;
    return MN_NEW_REF((eq == (op == MN_EQ)) ? mn_true : mn_false);
}

static mn_object *mw_get_name(mn_object *self, MN_UNUSED void *c)
{
    return mn_str_from_cstr(((mn_method_wrapper *)self)->descr->sd->name);
}

static mn_object *mw_get_self(mn_object *self, MN_UNUSED void *c)
{
    return MN_NEW_REF(((mn_method_wrapper *)self)->self);
}

static mn_object *mw_get_qualname(mn_object *self, MN_UNUSED void *c)
{
    return wd_get_qualname(MN_OBJ(((mn_method_wrapper *)self)->descr), NULL);
}

static mn_object *mw_get_objclass(mn_object *self, MN_UNUSED void *c)
{
    return MN_NEW_REF(((mn_method_wrapper *)self)->descr->objtype);
}

static mn_getset_def method_wrapper_getset[] = {
    { "__name__", mw_get_name, NULL, NULL, NULL },
    { "__qualname__", mw_get_qualname, NULL, NULL, NULL },
    { "__self__", mw_get_self, NULL, NULL, NULL },
    { "__objclass__", mw_get_objclass, NULL, NULL, NULL },
    { "__doc__", get_none, NULL, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

mn_type mn_method_wrapper_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "method-wrapper",
    .basicsize = sizeof(mn_method_wrapper),
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = method_wrapper_dealloc,
    .traverse = method_wrapper_traverse,
    .clear = method_wrapper_clear,
    .repr = method_wrapper_repr,
    .richcompare = method_wrapper_richcompare,
    .call = method_wrapper_call,
    .getset = method_wrapper_getset,
};

/* ---------------------------------------------- T.__new__ for built-ins */

/* int.__new__(cls, ...): a builtin method bound to the type that defines
 * the C new slot (CPython's tp_new_wrapper). */
static mn_object *tp_new_wrapper(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_type *type = (mn_type *)self;
    const char *tn = mn_type_name(type);
    if (nargs < 1) {
        mn_err_format(&mn_exc_TypeError, "%s.__new__(): not enough arguments", tn);
        return NULL;
    }
    mn_object *arg0 = args[0];
    if (!MN_TYPE_HAS_FLAG(MN_TYPE(arg0), MN_TPFLAGS_TYPE_SUBCLASS)) {
        mn_err_format(&mn_exc_TypeError, "%s.__new__(X): X is not a type object (%s)", tn, MN_TYPE_NAME(arg0));
        return NULL;
    }
    mn_type *sub = (mn_type *)arg0;
    if (!mn_type_is_subtype(sub, type)) {
        mn_err_format(&mn_exc_TypeError, "%s.__new__(%s): %s is not a subtype of %s", tn, mn_type_name(sub),
                      mn_type_name(sub), tn);
        return NULL;
    }
    /* The most-derived built-in base of sub must use this very new slot:
     * object.__new__(list) would build a list without its fields. */
    mn_type *staticbase = sub;
    while (staticbase && MN_TYPE_HAS_FLAG(staticbase, MN_TPFLAGS_HEAPTYPE))
        staticbase = staticbase->base;
    if (staticbase && staticbase->new_ != type->new_) {
        mn_err_format(&mn_exc_TypeError, "%s.__new__(%s) is not safe, use %s.__new__()", tn, mn_type_name(sub),
                      mn_type_name(staticbase));
        return NULL;
    }
    return type->new_(sub, args + 1, nargs - 1, kwnames);
}

static const mn_method_def tp_new_def = { "__new__", tp_new_wrapper, MN_METH_VARARGS,
                                          "Create and return a new object." };

/* -------------------------------------------------------- add_wrappers */

static int is_concat_only(mn_type *t)
{
    /* list + x is sequence concatenation: CPython has no list.__radd__. */
    return t == &mn_list_type || t == &mn_tuple_type || t == &mn_str_type || t == &mn_bytes_type ||
           t == &mn_bytearray_type;
}

int mn_slots_add_wrappers(mn_type *type)
{
    if (MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_HEAPTYPE) || !slotdefs[0].iname)
        return 0;
    mn_type *base = type->base;
    for (int i = 0; i < N_SLOTDEFS; i++) {
        slotdef *sd = &slotdefs[i];
        if (sd->kind == K_NONE)
            continue;
        anyfunc f = slot_get(type, sd->id);
        if (!f)
            continue;
        /* Only slots the type defines itself (with as_number shared with the
         * base, an equal pointer means inherited). */
        if (base && slot_get(base, sd->id) == f && type != &mn_object_type)
            continue;
        if (sd->kind == K_RBINARY && sd->id == S_BINOP + MN_BINOP_ADD && is_concat_only(type))
            continue;
        if (mn_dict_get_item(type->dict, sd->iname))
            continue;
        mn_object *v;
        if (sd->id == S_HASH && f == AF(mn_object_hash_not_implemented))
            v = MN_NEW_REF(mn_none);
        else {
            mn_wrapper_descr *d = (mn_wrapper_descr *)mn_type_generic_alloc(&mn_wrapper_descr_type, 0);
            if (!d)
                return -1;
            d->sd = sd;
            d->objtype = type;
            d->fn = f;
            v = MN_OBJ(d);
        }
        int r = mn_dict_set_item(type->dict, sd->iname, v);
        MN_DECREF(v);
        if (r < 0)
            return -1;
    }
    /* A type with equality but no hash is unhashable: __hash__ = None. */
    if (type->richcompare && !type->hash && (!base || base->richcompare != type->richcompare) &&
        !mn_dict_get_item(type->dict, NAME("__hash__"))) {
        if (mn_dict_set_item(type->dict, NAME("__hash__"), mn_none) < 0)
            return -1;
    }
    if (type->new_ && (!base || base->new_ != type->new_) && !mn_dict_get_item(type->dict, NAME("__new__"))) {
        mn_object *f = mn_cfunction_new(&tp_new_def, MN_OBJ(type), NULL);
        if (!f)
            return -1;
        int r = mn_dict_set_item(type->dict, NAME("__new__"), f);
        MN_DECREF(f);
        if (r < 0)
            return -1;
    }
    return 0;
}

int mn_slots_init_types(void)
{
    for (int i = 0; i < N_SLOTDEFS; i++) {
        if (!slotdefs[i].iname && !(slotdefs[i].iname = mn_str_intern_cstr(slotdefs[i].name)))
            return -1;
        slotdef *sd = &slotdefs[i];
        if (sd->id >= S_BINOP && sd->id < S_INPLACE) {
            if (sd->kind == K_BINARY || sd->kind == K_POW)
                binop_def[sd->id - S_BINOP] = sd;
            else
                rbinop_def[sd->id - S_BINOP] = sd;
        } else if (sd->id >= S_INPLACE) {
            ibinop_def[sd->id - S_INPLACE] = sd;
        } else if (sd->id == S_RICHCMP) {
            richcmp_def[sd->op] = sd;
        }
    }
    (void)find_def;
    if (mn_type_ready(&mn_wrapper_descr_type) < 0 || mn_type_ready(&mn_method_wrapper_type) < 0 ||
        mn_type_ready(&mn_mappingproxy_type) < 0)
        return -1;
    return 0;
}

/* Drops the interned names (the str module frees its intern table next). */
void mn_slots_fini(void)
{
    for (int i = 0; i < N_SLOTDEFS; i++)
        MN_CLEAR(slotdefs[i].iname);
}

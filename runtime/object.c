/* runtime/object.c — the generic object protocols.
 *
 * Owns: allocation of instances (mn_type_generic_alloc), deallocation
 * dispatch, and the functions the VM and library code call to use *any*
 * object — repr/str/hash, rich comparison with CPython's reflection rules,
 * truth, attribute access, calls, iteration (including the old __getitem__
 * sequence protocol), subscripting, the number protocol with CPython's
 * binary-operator dispatch, isinstance/issubclass, the recursion guards, and
 * runtime start-up/shut-down.
 */
#include <string.h>
#include <stdlib.h>
#include "runtime/runtime.h"
#include "runtime/slots.h"

/* types.GenericAlias(origin, args), from stdlib/genericalias.c. */
mn_object *mn_generic_alias_new(mn_object *origin, mn_object *args);

#ifdef MN_DEBUG_REFS
mn_ssize mn_ref_total;
mn_ssize mn_live_objects;
#endif

int mn_recursion_limit = 1000;
_Thread_local int mn_recursion_depth;
static _Thread_local int c_recursion_depth;

/* ------------------------------------------------------------ allocation */

void mn_dealloc(mn_object *o)
{
#ifdef MN_DEBUG_REFS
    mn_live_objects--;
#endif
    MN_TYPE(o)->dealloc(o);
}

mn_object *mn_type_generic_alloc(mn_type *type, mn_ssize nitems)
{
    size_t size = (size_t)type->basicsize + (size_t)(nitems > 0 ? nitems : 0) * (size_t)type->itemsize;
    int gc = MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_HAVE_GC);
    size_t total = size + (gc ? sizeof(mn_gc_head) : 0);
    char *mem = mn_mem_alloc(total);
    if (!mem)
        return mn_err_no_memory();
    memset(mem, 0, total);
    mn_object *o;
    if (gc) {
        o = MN_GC_OBJECT(mem);
        mn_gc_note_alloc();
    } else {
        o = (mn_object *)mem;
    }
    o->refcnt = 1;
    o->type = type;
    MN_REF_TOTAL_INC();
#ifdef MN_DEBUG_REFS
    mn_live_objects++;
#endif
    if (type->itemsize)
        MN_SIZE(o) = nitems;
    if (MN_TYPE_HAS_FLAG(type, MN_TPFLAGS_HEAPTYPE))
        MN_INCREF(type);   /* instances of classes keep their class alive */
    return o;
}

void mn_object_free(mn_object *o)
{
    if (MN_OBJECT_IS_GC(o)) {
        mn_gc_head *g = MN_GC_HEAD(o);
        if (g->next)
            mn_gc_untrack(o);
        mn_gc_note_free();
        mn_mem_free(g);
    } else {
        mn_mem_free(o);
    }
}

/* --------------------------------------------------- recursion guards */

int mn_enter_recursive_call(const char *where)
{
    /* While the RecursionError itself is being built (which calls code
     * again), allow 50 extra levels, as CPython does. */
    static _Thread_local int overflowed;
    int limit = mn_recursion_limit + (overflowed ? 50 : 0);
    int c_limit = MN_C_RECURSION_CAP + (overflowed ? 50 : 0);
    ++mn_recursion_depth;
    ++c_recursion_depth;
    if (mn_recursion_depth > limit || c_recursion_depth > c_limit) {
        mn_recursion_depth--;
        c_recursion_depth--;
        if (overflowed) {
            mn_err_no_memory();   /* can't even build the error: give up the cheap way */
            return -1;
        }
        overflowed = 1;
        mn_err_format(&mn_exc_RecursionError, "maximum recursion depth exceeded%s", where ? where : "");
        overflowed = 0;
        return -1;
    }
    return 0;
}

void mn_leave_recursive_call(void)
{
    mn_recursion_depth--;
    c_recursion_depth--;
}

/* Objects whose repr is in progress on this thread (a small stack: nesting
 * depth is bounded by the recursion guard). */
static _Thread_local mn_object **repr_stack;
static _Thread_local mn_ssize repr_len, repr_cap;

int mn_repr_enter(mn_object *o)
{
    for (mn_ssize i = 0; i < repr_len; i++)
        if (repr_stack[i] == o)
            return 1;
    if (repr_len == repr_cap) {
        mn_ssize ncap = repr_cap ? repr_cap * 2 : 16;
        mn_object **n = realloc(repr_stack, (size_t)ncap * sizeof(*n));
        if (!n) {
            mn_err_no_memory();
            return -1;
        }
        repr_stack = n;
        repr_cap = ncap;
    }
    repr_stack[repr_len++] = o;
    return 0;
}

void mn_repr_leave(mn_object *o)
{
    for (mn_ssize i = repr_len - 1; i >= 0; i--) {
        if (repr_stack[i] == o) {
            memmove(&repr_stack[i], &repr_stack[i + 1], (size_t)(repr_len - i - 1) * sizeof(*repr_stack));
            repr_len--;
            break;
        }
    }
    if (repr_len == 0) {
        free(repr_stack);
        repr_stack = NULL;
        repr_cap = 0;
    }
}

/* ------------------------------------------------------------ trashcan */

#define TRASHCAN_LIMIT 50
static _Thread_local int trash_depth;
static _Thread_local mn_gc_head *trash_list;   /* parked objects, chained through gc_head.prev */

int mn_trashcan_begin(mn_object *o)
{
    if (trash_depth >= TRASHCAN_LIMIT && MN_OBJECT_IS_GC(o)) {
        /* The object is untracked, so its GC links are free to reuse. */
        mn_gc_head *g = MN_GC_HEAD(o);
        g->prev = trash_list;
        trash_list = g;
        return 1;
    }
    trash_depth++;
    return 0;
}

void mn_trashcan_end(void)
{
    if (--trash_depth > 0)
        return;
    while (trash_list) {
        mn_gc_head *g = trash_list;
        trash_list = g->prev;
        g->prev = NULL;
        mn_object *o = MN_GC_OBJECT(g);
        MN_TYPE(o)->dealloc(o);
    }
}

/* --------------------------------------------------------- repr / str */

const char *mn_type_name(mn_type *t)
{
    if (MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HEAPTYPE) && t->ht_name)
        return mn_str_as_utf8(t->ht_name);
    /* Static types may be named "module.name": __name__ is the last part. */
    const char *dot = strrchr(t->name, '.');
    return dot ? dot + 1 : t->name;
}

static mn_object *check_str_result(mn_object *res, const char *what)
{
    if (res && !MN_STR_CHECK(res)) {
        mn_err_format(&mn_exc_TypeError, "%s returned non-string (type %s)", what, MN_TYPE_NAME(res));
        MN_DECREF(res);
        return NULL;
    }
    return res;
}

mn_object *mn_object_repr(mn_object *o)
{
    if (!MN_TYPE(o)->repr)
        return mn_str_from_format("<%s object at %p>", MN_TYPE_NAME(o), (void *)o);
    if (mn_enter_recursive_call(" while getting the repr of an object") < 0)
        return NULL;
    mn_object *res = MN_TYPE(o)->repr(o);
    mn_leave_recursive_call();
    return check_str_result(res, "__repr__");
}

mn_object *mn_object_str(mn_object *o)
{
    if (MN_STR_CHECK_EXACT(o))
        return MN_NEW_REF(o);
    if (!MN_TYPE(o)->str)
        return mn_object_repr(o);
    if (mn_enter_recursive_call(" while getting the str of an object") < 0)
        return NULL;
    mn_object *res = MN_TYPE(o)->str(o);
    mn_leave_recursive_call();
    return check_str_result(res, "__str__");
}

mn_object *mn_object_ascii(mn_object *o)
{
    mn_object *r = mn_object_repr(o);
    if (!r || ((mn_str *)r)->ascii)
        return r;
    /* Escape every non-ASCII code point as \xhh, \uhhhh or \Uhhhhhhhh. */
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_ssize n = MN_STR_LENGTH(r);
    for (mn_ssize i = 0; i < n; i++) {
        int32_t c = mn_str_char_at(r, i);
        char buf[16];
        if (c < 0x80)
            mn_sb_append_char(&sb, (char)c);
        else {
            if (c < 0x100)
                snprintf(buf, sizeof buf, "\\x%02x", c);
            else if (c < 0x10000)
                snprintf(buf, sizeof buf, "\\u%04x", c);
            else
                snprintf(buf, sizeof buf, "\\U%08x", c);
            mn_sb_append_cstr(&sb, buf);
        }
    }
    MN_DECREF(r);
    return mn_sb_finish(&sb);
}

mn_object *mn_object_format(mn_object *o, mn_object *spec)
{
    mn_object *empty = NULL;
    if (!spec) {
        spec = empty = mn_str_from_cstr("");
        if (!spec)
            return NULL;
    }
    /* Fast path: format(s, '') of an exact str is s itself. */
    if (MN_STR_CHECK_EXACT(o) && MN_STR_NBYTES(spec) == 0) {
        MN_XDECREF(empty);
        return MN_NEW_REF(o);
    }
    /* __format__ is looked up on the type, as every special method is:
     * format(int) must use type.__format__, not int's own (unbound) one. */
    mn_object *res = NULL;
    mn_object *meth = mn_type_lookup_str(MN_TYPE(o), "__format__");
    if (!meth) {
        mn_err_format(&mn_exc_TypeError, "Type %s doesn't define __format__", MN_TYPE_NAME(o));
    } else {
        mn_descrgetfunc get = MN_TYPE(meth)->descr_get;
        mn_object *bound = get ? get(meth, o, MN_OBJ(MN_TYPE(o))) : MN_NEW_REF(meth);
        if (bound) {
            res = mn_object_call1(bound, spec);
            MN_DECREF(bound);
        }
    }
    MN_XDECREF(empty);
    if (res && !MN_STR_CHECK(res)) {
        mn_err_format(&mn_exc_TypeError, "__format__ must return a str, not %s", MN_TYPE_NAME(res));
        MN_DECREF(res);
        return NULL;
    }
    return res;
}

/* ---------------------------------------------------------------- hash */

mn_hash mn_object_hash_not_implemented(mn_object *o)
{
    mn_err_format(&mn_exc_TypeError, "unhashable type: '%s'", MN_TYPE_NAME(o));
    return -1;
}

mn_hash mn_object_hash(mn_object *o)
{
    mn_hashfunc h = MN_TYPE(o)->hash;
    if (!h)
        return mn_object_hash_not_implemented(o);
    return h(o);
}

/* ---------------------------------------------------------- comparison */

static const int swapped_op[] = { MN_GT, MN_GE, MN_EQ, MN_NE, MN_LT, MN_LE };
static const char *const op_symbol[] = { "<", "<=", "==", "!=", ">", ">=" };

mn_object *mn_object_richcompare(mn_object *v, mn_object *w, int op)
{
    mn_richcmpfunc f;
    mn_object *res;
    int checked_reverse = 0;
    if (mn_enter_recursive_call(" in comparison") < 0)
        return NULL;
    /* A subclass of the left operand's type gets the first try, so it can
     * override the base class's comparison. */
    if (MN_TYPE(v) != MN_TYPE(w) && mn_type_is_subtype(MN_TYPE(w), MN_TYPE(v)) &&
        (f = MN_TYPE(w)->richcompare) != NULL) {
        checked_reverse = 1;
        res = f(w, v, swapped_op[op]);
        if (res != mn_not_implemented)
            goto done;
        MN_DECREF(res);
    }
    if ((f = MN_TYPE(v)->richcompare) != NULL) {
        res = f(v, w, op);
        if (res != mn_not_implemented)
            goto done;
        MN_DECREF(res);
    }
    if (!checked_reverse && (f = MN_TYPE(w)->richcompare) != NULL) {
        res = f(w, v, swapped_op[op]);
        if (res != mn_not_implemented)
            goto done;
        MN_DECREF(res);
    }
    /* Neither side knows: == and != fall back to identity. */
    switch (op) {
    case MN_EQ: res = mn_new_ref(v == w ? mn_true : mn_false); break;
    case MN_NE: res = mn_new_ref(v != w ? mn_true : mn_false); break;
    default:
        mn_err_format(&mn_exc_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                      op_symbol[op], MN_TYPE_NAME(v), MN_TYPE_NAME(w));
        res = NULL;
    }
done:
    mn_leave_recursive_call();
    return res;
}

int mn_object_richcompare_bool(mn_object *v, mn_object *w, int op)
{
    /* Identity implies equality (this is what makes nan in [nan] true). */
    if (v == w) {
        if (op == MN_EQ)
            return 1;
        if (op == MN_NE)
            return 0;
    }
    mn_object *res = mn_object_richcompare(v, w, op);
    if (!res)
        return -1;
    int ok = (res == mn_true) ? 1 : (res == mn_false) ? 0 : mn_object_is_true(res);
    MN_DECREF(res);
    return ok;
}

/* --------------------------------------------------------------- truth */

int mn_object_is_true(mn_object *o)
{
    if (o == mn_true)
        return 1;
    if (o == mn_false || o == mn_none)
        return 0;
    mn_type *t = MN_TYPE(o);
    if (t->as_number && t->as_number->bool_)
        return t->as_number->bool_(o);
    if (t->length) {
        mn_ssize n = t->length(o);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

int mn_object_not(mn_object *o)
{
    int r = mn_object_is_true(o);
    return r < 0 ? r : !r;
}

/* ---------------------------------------------------------- attributes */

static int check_attr_name(mn_object *name)
{
    if (!MN_STR_CHECK(name)) {
        mn_err_format(&mn_exc_TypeError, "attribute name must be string, not '%s'", MN_TYPE_NAME(name));
        return -1;
    }
    return 0;
}

mn_object *mn_object_getattr(mn_object *o, mn_object *name)
{
    if (check_attr_name(name) < 0)
        return NULL;
    mn_getattrofunc f = MN_TYPE(o)->getattro;
    if (f)
        return f(o, name);
    mn_err_format(&mn_exc_AttributeError, "'%s' object has no attribute '%U'", MN_TYPE_NAME(o), name);
    return NULL;
}

mn_object *mn_object_getattr_str(mn_object *o, const char *name)
{
    mn_object *n = mn_str_intern_cstr(name);
    if (!n)
        return NULL;
    mn_object *r = mn_object_getattr(o, n);
    MN_DECREF(n);
    return r;
}

int mn_object_lookup_attr(mn_object *o, mn_object *name, mn_object **result)
{
    *result = mn_object_getattr(o, name);
    if (*result)
        return 1;
    if (mn_err_matches(&mn_exc_AttributeError)) {
        mn_err_clear();
        return 0;
    }
    return -1;
}

int mn_object_hasattr_str(mn_object *o, const char *name)
{
    mn_object *r = mn_object_getattr_str(o, name);
    if (r) {
        MN_DECREF(r);
        return 1;
    }
    mn_err_clear();
    return 0;
}

int mn_object_setattr(mn_object *o, mn_object *name, mn_object *value)
{
    if (check_attr_name(name) < 0)
        return -1;
    mn_setattrofunc f = MN_TYPE(o)->setattro;
    if (f)
        return f(o, name, value);
    if (MN_TYPE(o)->getattro)
        mn_err_format(&mn_exc_AttributeError, "'%s' object has no attribute '%U'", MN_TYPE_NAME(o), name);
    else
        mn_err_format(&mn_exc_TypeError, "'%s' object has no attributes (%s .%U)",
                      MN_TYPE_NAME(o), value ? "assign to" : "del", name);
    return -1;
}

int mn_object_setattr_str(mn_object *o, const char *name, mn_object *value)
{
    mn_object *n = mn_str_intern_cstr(name);
    if (!n)
        return -1;
    int r = mn_object_setattr(o, n, value);
    MN_DECREF(n);
    return r;
}

int mn_object_delattr(mn_object *o, mn_object *name)
{
    return mn_object_setattr(o, name, NULL);
}

mn_object **mn_object_dict_ptr(mn_object *o)
{
    mn_ssize off = MN_TYPE(o)->dictoffset;
    if (off < 0)   /* classes derived from int/str/tuple: after the items */
        return mn_heaptype_var_dict_ptr(o);
    if (off == 0)
        return NULL;
    return (mn_object **)((char *)o + off);
}

static void no_attribute_error(mn_object *o, mn_object *name)
{
    mn_err_format(&mn_exc_AttributeError, "'%s' object has no attribute '%U'", MN_TYPE_NAME(o), name);
    mn_object *exc = mn_err_fetch();
    if (exc && MN_TYPE_CHECK(exc, &mn_exc_AttributeError)) {
        /* 3.11 tracebacks use .name and .obj for "Did you mean" hints. */
        if (mn_object_setattr_str(exc, "name", name) < 0 || mn_object_setattr_str(exc, "obj", o) < 0)
            mn_err_clear();
    }
    mn_err_restore(exc);
}

/* CPython's PyObject_GenericGetAttr: data descriptors on the type win over
 * the instance __dict__, which wins over non-data descriptors and plain
 * class attributes. */
mn_object *mn_object_generic_getattr(mn_object *o, mn_object *name)
{
    mn_type *type = MN_TYPE(o);
    mn_object *res = NULL;
    mn_object *descr = mn_type_lookup(type, name);
    mn_descrgetfunc get = NULL;
    if (descr) {
        MN_INCREF(descr);
        get = MN_TYPE(descr)->descr_get;
        if (get && MN_TYPE(descr)->descr_set) {
            res = get(descr, o, MN_OBJ(type));
            MN_DECREF(descr);
            return res;
        }
    }
    mn_object **dictptr = mn_object_dict_ptr(o);
    if (dictptr && *dictptr) {
        mn_object *d = *dictptr;
        MN_INCREF(d);
        res = mn_dict_get_item(d, name);
        if (res) {
            MN_INCREF(res);
            MN_DECREF(d);
            MN_XDECREF(descr);
            return res;
        }
        MN_DECREF(d);
        if (mn_err_occurred()) {
            MN_XDECREF(descr);
            return NULL;
        }
    }
    if (get) {
        res = get(descr, o, MN_OBJ(type));
        MN_DECREF(descr);
        return res;
    }
    if (descr)
        return descr;
    no_attribute_error(o, name);
    return NULL;
}

int mn_object_generic_setattr(mn_object *o, mn_object *name, mn_object *value)
{
    mn_type *type = MN_TYPE(o);
    mn_object *descr = mn_type_lookup(type, name);
    if (descr && MN_TYPE(descr)->descr_set) {
        MN_INCREF(descr);
        int r = MN_TYPE(descr)->descr_set(descr, o, value);
        MN_DECREF(descr);
        return r;
    }
    mn_object **dictptr = mn_object_dict_ptr(o);
    if (!dictptr) {
        if (descr)
            mn_err_format(&mn_exc_AttributeError, "'%s' object attribute '%U' is read-only",
                          MN_TYPE_NAME(o), name);
        else
            no_attribute_error(o, name);
        return -1;
    }
    if (!*dictptr) {
        if (!value) {
            no_attribute_error(o, name);
            return -1;
        }
        if (!(*dictptr = mn_dict_new()))
            return -1;
    }
    mn_object *d = *dictptr;
    MN_INCREF(d);
    int r;
    if (value)
        r = mn_dict_set_item(d, name, value);
    else {
        r = mn_dict_del_item(d, name);
        if (r < 0 && mn_err_matches(&mn_exc_KeyError)) {
            mn_err_clear();
            no_attribute_error(o, name);
        }
    }
    MN_DECREF(d);
    return r;
}

/* --------------------------------------------------------------- calls */

int mn_callable_check(mn_object *o)
{
    return MN_TYPE(o)->call != NULL;
}

mn_object *mn_object_call(mn_object *callable, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_callfunc f = MN_TYPE(callable)->call;
    if (!f) {
        mn_err_format(&mn_exc_TypeError, "'%s' object is not callable", MN_TYPE_NAME(callable));
        return NULL;
    }
    if (mn_enter_recursive_call(" while calling a Python object") < 0)
        return NULL;
    mn_object *res = f(callable, args, nargs, kwnames);
    mn_leave_recursive_call();
    if (!res && !mn_err_occurred())
        mn_err_format(&mn_exc_SystemError, "%R returned NULL without setting an exception", callable);
    return res;
}

mn_object *mn_object_call0(mn_object *callable)
{
    return mn_object_call(callable, NULL, 0, NULL);
}

mn_object *mn_object_call1(mn_object *callable, mn_object *arg)
{
    return mn_object_call(callable, &arg, 1, NULL);
}

mn_object *mn_object_call2(mn_object *callable, mn_object *a, mn_object *b)
{
    mn_object *args[2] = { a, b };
    return mn_object_call(callable, args, 2, NULL);
}

mn_object *mn_object_call_tuple_dict(mn_object *callable, mn_object *args, mn_object *kwargs)
{
    mn_ssize npos = args ? MN_TUPLE_SIZE(args) : 0;
    mn_ssize nkw = kwargs ? MN_DICT_SIZE(kwargs) : 0;
    if (nkw == 0)
        return mn_object_call(callable, npos ? MN_TUPLE_ITEMS(args) : NULL, npos, NULL);
    mn_object **vec = mn_mem_alloc(sizeof(mn_object *) * (size_t)(npos + nkw));
    mn_object *kwnames = mn_tuple_new(nkw);
    if (!vec || !kwnames) {
        mn_mem_free(vec);
        MN_XDECREF(kwnames);
        return mn_err_no_memory();
    }
    for (mn_ssize i = 0; i < npos; i++)
        vec[i] = MN_TUPLE_GET(args, i);
    mn_ssize pos = 0, i = 0;
    mn_object *k, *v;
    while (mn_dict_next(kwargs, &pos, &k, &v)) {
        if (!MN_STR_CHECK(k)) {
            mn_err_set_string(&mn_exc_TypeError, "keywords must be strings");
            mn_mem_free(vec);
            MN_DECREF(kwnames);
            return NULL;
        }
        MN_INCREF(k);
        MN_TUPLE_SET(kwnames, i, k);
        vec[npos + i] = v;
        i++;
    }
    mn_object *res = mn_object_call(callable, vec, npos, kwnames);
    mn_mem_free(vec);
    MN_DECREF(kwnames);
    return res;
}

mn_object *mn_object_call_method(mn_object *obj, const char *name, mn_object *const *args, mn_ssize nargs)
{
    mn_object *m = mn_object_getattr_str(obj, name);
    if (!m)
        return NULL;
    mn_object *r = mn_object_call(m, args, nargs, NULL);
    MN_DECREF(m);
    return r;
}

/* ---------------------------------------------------------- iteration */

/* The old sequence protocol: iter(x) of an object that has __getitem__ but
 * no __iter__ calls x[0], x[1], ... until IndexError or StopIteration. */
typedef struct {
    mn_object ob_base;
    mn_ssize index;
    mn_object *seq;   /* NULL once exhausted */
} seqiter;

static mn_object *seqiter_next(mn_object *self)
{
    seqiter *it = (seqiter *)self;
    if (!it->seq)
        return NULL;
    mn_object *i = mn_int_from_ssize(it->index);
    if (!i)
        return NULL;
    mn_object *r = mn_object_getitem(it->seq, i);
    MN_DECREF(i);
    if (r) {
        it->index++;
        return r;
    }
    if (mn_err_matches(&mn_exc_IndexError) || mn_err_matches(&mn_exc_StopIteration)) {
        mn_err_clear();
        MN_CLEAR(it->seq);
    }
    return NULL;
}

static mn_object *self_iter(mn_object *self)
{
    return MN_NEW_REF(self);
}

static int seqiter_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(((seqiter *)self)->seq);
    return 0;
}

static int seqiter_clear(mn_object *self)
{
    MN_CLEAR(((seqiter *)self)->seq);
    return 0;
}

static void seqiter_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    MN_XDECREF(((seqiter *)self)->seq);
    mn_object_free(self);
}

mn_type mn_seqiter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "iterator",
    .basicsize = sizeof(seqiter),
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = seqiter_dealloc,
    .traverse = seqiter_traverse,
    .clear = seqiter_clear,
    .iter = self_iter,
    .iternext = seqiter_next,
};

mn_object *mn_object_get_iter(mn_object *o)
{
    mn_type *t = MN_TYPE(o);
    if (t->iter) {
        mn_object *it = t->iter(o);
        if (it && !MN_TYPE(it)->iternext) {
            mn_err_format(&mn_exc_TypeError, "iter() returned non-iterator of type '%s'", MN_TYPE_NAME(it));
            MN_DECREF(it);
            return NULL;
        }
        return it;
    }
    if (t->getitem && !MN_DICT_CHECK(o)) {
        seqiter *it = (seqiter *)mn_type_generic_alloc(&mn_seqiter_type, 0);
        if (!it)
            return NULL;
        it->seq = MN_NEW_REF(o);
        mn_gc_track(MN_OBJ(it));
        return MN_OBJ(it);
    }
    mn_err_format(&mn_exc_TypeError, "'%s' object is not iterable", MN_TYPE_NAME(o));
    return NULL;
}

mn_object *mn_iter_next(mn_object *iter)
{
    mn_unaryfunc f = MN_TYPE(iter)->iternext;
    if (!f) {
        mn_err_format(&mn_exc_TypeError, "'%s' object is not an iterator", MN_TYPE_NAME(iter));
        return NULL;
    }
    return f(iter);
}

/* ---------------------------------------------------------- containers */

mn_ssize mn_object_length(mn_object *o)
{
    mn_lenfunc f = MN_TYPE(o)->length;
    if (!f) {
        mn_err_format(&mn_exc_TypeError, "object of type '%s' has no len()", MN_TYPE_NAME(o));
        return -1;
    }
    return f(o);
}

/* CPython's PyObject_LengthHint: len(o) if it has one, else
 * o.__length_hint__() (iterators), else dflt. -1 on error. */
mn_ssize mn_object_length_hint(mn_object *o, mn_ssize dflt)
{
    if (MN_TYPE(o)->length) {
        mn_ssize n = MN_TYPE(o)->length(o);
        if (n >= 0)
            return n;
        if (!mn_err_matches(&mn_exc_TypeError))
            return -1;
        mn_err_clear();
    }
    if (!mn_type_lookup_str(MN_TYPE(o), "__length_hint__"))
        return dflt;
    mn_object *res = mn_object_call_method(o, "__length_hint__", NULL, 0);
    if (!res) {
        if (!mn_err_matches(&mn_exc_TypeError))
            return -1;
        mn_err_clear();
        return dflt;
    }
    if (res == mn_not_implemented) {
        MN_DECREF(res);
        return dflt;
    }
    if (!MN_INT_CHECK(res)) {
        mn_err_format(&mn_exc_TypeError, "__length_hint__ must be an integer, not %.100s", MN_TYPE_NAME(res));
        MN_DECREF(res);
        return -1;
    }
    mn_ssize n = mn_int_as_ssize(res);
    MN_DECREF(res);
    if (n == -1 && mn_err_occurred())
        return -1;
    if (n < 0) {
        mn_err_set_string(&mn_exc_ValueError, "__length_hint__() should return >= 0");
        return -1;
    }
    return n;
}

mn_object *mn_object_getitem(mn_object *o, mn_object *key)
{
    mn_binaryfunc f = MN_TYPE(o)->getitem;
    if (f)
        return f(o, key);
    if (MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_TYPE_SUBCLASS)) {
        /* Generic alias syntax: list[int] calls __class_getitem__.
         * type[int] is special-cased as in CPython: a __class_getitem__ in
         * type's dict would make every class subscriptable. */
        if (o == MN_OBJ(&mn_type_type))
            return mn_generic_alias_new(o, key);
        mn_object *m = mn_object_getattr_str(o, "__class_getitem__");
        if (m) {
            mn_object *r = mn_object_call1(m, key);
            MN_DECREF(m);
            return r;
        }
        mn_err_clear();
        mn_err_format(&mn_exc_TypeError, "type '%s' is not subscriptable", mn_type_name((mn_type *)o));
        return NULL;
    }
    mn_err_format(&mn_exc_TypeError, "'%s' object is not subscriptable", MN_TYPE_NAME(o));
    return NULL;
}

int mn_object_setitem(mn_object *o, mn_object *key, mn_object *value)
{
    mn_objobjargproc f = MN_TYPE(o)->setitem;
    if (f)
        return f(o, key, value);
    mn_err_format(&mn_exc_TypeError, "'%s' object does not support item assignment", MN_TYPE_NAME(o));
    return -1;
}

int mn_object_delitem(mn_object *o, mn_object *key)
{
    mn_objobjargproc f = MN_TYPE(o)->setitem;
    if (f)
        return f(o, key, NULL);
    mn_err_format(&mn_exc_TypeError, "'%s' object doesn't support item deletion", MN_TYPE_NAME(o));
    return -1;
}

mn_ssize mn_sequence_check_index(mn_ssize i, mn_ssize length, const char *msg)
{
    if (i < 0)
        i += length;
    if (i < 0 || i >= length) {
        mn_err_set_string(&mn_exc_IndexError, msg);
        return -1;
    }
    return i;
}

int mn_sequence_contains(mn_object *seq, mn_object *item)
{
    mn_objobjproc f = MN_TYPE(seq)->contains;
    if (f)
        return f(seq, item);
    /* Fall back to iteration, as CPython's PySequence_Contains does. */
    if (!MN_TYPE(seq)->iter && !MN_TYPE(seq)->getitem) {
        mn_err_format(&mn_exc_TypeError, "argument of type '%s' is not iterable", MN_TYPE_NAME(seq));
        return -1;
    }
    mn_object *it = mn_object_get_iter(seq);
    if (!it)
        return -1;
    mn_object *x;
    int found = 0;
    while ((x = mn_iter_next(it)) != NULL) {
        int eq = mn_object_richcompare_bool(x, item, MN_EQ);
        MN_DECREF(x);
        if (eq != 0) {
            found = eq;
            break;
        }
    }
    MN_DECREF(it);
    if (found == 0 && mn_err_occurred())
        return -1;
    return found;
}

/* ---------------------------------------------------------- numbers */

static const char *const binop_symbols[] = {
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^",
    "+=", "&=", "//=", "<<=", "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
};

const char *mn_binop_symbol(int op)
{
    return (op >= 0 && op < 2 * MN_BINOP_COUNT) ? binop_symbols[op] : "?";
}

static mn_binaryfunc binop_slot(mn_type *t, int op)
{
    return t->as_number ? t->as_number->binop[op] : NULL;
}

/* CPython's binary_op1: try the left operand's slot, then the right's —
 * but if the right operand's type is a subclass of the left's with its own
 * implementation, it goes first (so subclasses can override operators). */
static mn_object *binary_op1(mn_object *v, mn_object *w, int op)
{
    mn_binaryfunc slotv = binop_slot(MN_TYPE(v), op);
    mn_binaryfunc slotw = NULL;
    mn_object *x;
    if (MN_TYPE(w) != MN_TYPE(v)) {
        slotw = binop_slot(MN_TYPE(w), op);
        if (slotw == slotv)
            slotw = NULL;
    }
    if (slotv) {
        if (slotw && mn_type_is_subtype(MN_TYPE(w), MN_TYPE(v))) {
            x = slotw(v, w);
            if (x != mn_not_implemented)
                return x;
            MN_DECREF(x);
            slotw = NULL;
        }
        x = slotv(v, w);
        if (x != mn_not_implemented)
            return x;
        MN_DECREF(x);
    }
    if (slotw) {
        x = slotw(v, w);
        if (x != mn_not_implemented)
            return x;
        MN_DECREF(x);
    }
    MN_RETURN_NOT_IMPLEMENTED;
}

static int is_concat_sequence(mn_object *o)
{
    return MN_LIST_CHECK(o) || MN_TUPLE_CHECK(o) || MN_STR_CHECK(o) || MN_BYTES_CHECK(o) ||
           MN_BYTEARRAY_CHECK(o);
}

/* The TypeError for an operator no operand supports, with CPython's
 * special wording for sequences. */
static void binop_type_error(mn_object *v, mn_object *w, int op)
{
    int base = op % MN_BINOP_COUNT;
    if (base == MN_BINOP_ADD && is_concat_sequence(v)) {
        if (MN_BYTES_CHECK(v) || MN_BYTEARRAY_CHECK(v))
            mn_err_format(&mn_exc_TypeError, "can't concat %s to %s", MN_TYPE_NAME(w), MN_TYPE_NAME(v));
        else
            mn_err_format(&mn_exc_TypeError, "can only concatenate %s (not \"%s\") to %s",
                          MN_TYPE_NAME(v), MN_TYPE_NAME(w), MN_TYPE_NAME(v));
        return;
    }
    if (base == MN_BINOP_MULTIPLY && (is_concat_sequence(v) || is_concat_sequence(w))) {
        mn_object *other = is_concat_sequence(v) ? w : v;
        mn_err_format(&mn_exc_TypeError, "can't multiply sequence by non-int of type '%s'", MN_TYPE_NAME(other));
        return;
    }
    if (base == MN_BINOP_POWER && op < MN_BINOP_INPLACE)
        mn_err_format(&mn_exc_TypeError, "unsupported operand type(s) for ** or pow(): '%s' and '%s'",
                      MN_TYPE_NAME(v), MN_TYPE_NAME(w));
    else
        mn_err_format(&mn_exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                      mn_binop_symbol(op), MN_TYPE_NAME(v), MN_TYPE_NAME(w));
}

mn_object *mn_number_binop(mn_object *v, mn_object *w, int op)
{
    mn_object *x;
    if (op >= MN_BINOP_INPLACE) {
        int base = op - MN_BINOP_INPLACE;
        mn_number_methods *nm = MN_TYPE(v)->as_number;
        if (nm && nm->inplace[base]) {
            x = nm->inplace[base](v, w);
            if (x != mn_not_implemented)
                return x;
            MN_DECREF(x);
        }
        x = binary_op1(v, w, base);
    } else {
        x = binary_op1(v, w, op);
    }
    if (x != mn_not_implemented)
        return x;
    MN_DECREF(x);
    binop_type_error(v, w, op);
    return NULL;
}

mn_object *mn_number_power(mn_object *a, mn_object *b, mn_object *mod)
{
    if (!mod || mod == mn_none)
        return mn_number_binop(a, b, MN_BINOP_POWER);
    mn_ternaryfunc f = MN_TYPE(a)->as_number ? MN_TYPE(a)->as_number->power_mod : NULL;
    if (f) {
        mn_object *r = f(a, b, mod);
        if (r != mn_not_implemented)
            return r;
        MN_DECREF(r);
    }
    if (MN_TYPE(b) != MN_TYPE(a) && MN_TYPE(b)->as_number && MN_TYPE(b)->as_number->power_mod) {
        mn_object *r = MN_TYPE(b)->as_number->power_mod(a, b, mod);
        if (r != mn_not_implemented)
            return r;
        MN_DECREF(r);
    }
    mn_err_format(&mn_exc_TypeError, "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                  MN_TYPE_NAME(a), MN_TYPE_NAME(b), MN_TYPE_NAME(mod));
    return NULL;
}

#define UNARY_OP(fname, slot, sym) \
    mn_object *fname(mn_object *o) \
    { \
        mn_number_methods *nm = MN_TYPE(o)->as_number; \
        if (nm && nm->slot) \
            return nm->slot(o); \
        mn_err_format(&mn_exc_TypeError, "bad operand type for " sym ": '%s'", MN_TYPE_NAME(o)); \
        return NULL; \
    }
UNARY_OP(mn_number_negative, negative, "unary -")
UNARY_OP(mn_number_positive, positive, "unary +")
UNARY_OP(mn_number_absolute, absolute, "abs()")
UNARY_OP(mn_number_invert, invert, "unary ~")

int mn_index_check(mn_object *o)
{
    return MN_INT_CHECK(o) || (MN_TYPE(o)->as_number && MN_TYPE(o)->as_number->index);
}

mn_object *mn_number_index(mn_object *o)
{
    if (MN_INT_CHECK(o))
        return MN_NEW_REF(o);
    mn_number_methods *nm = MN_TYPE(o)->as_number;
    if (!nm || !nm->index) {
        mn_err_format(&mn_exc_TypeError, "'%s' object cannot be interpreted as an integer", MN_TYPE_NAME(o));
        return NULL;
    }
    mn_object *r = nm->index(o);
    if (r && !MN_INT_CHECK(r)) {
        mn_err_format(&mn_exc_TypeError, "__index__ returned non-int (type %s)", MN_TYPE_NAME(r));
        MN_DECREF(r);
        return NULL;
    }
    return r;
}

mn_ssize mn_number_as_ssize(mn_object *o, mn_object *overflow_exc)
{
    mn_object *i = mn_number_index(o);
    if (!i)
        return -1;
    int64_t v;
    mn_ssize r;
    if (mn_int_to_i64(i, &v))
        r = (mn_ssize)v;
    else if (!overflow_exc)
        r = mn_int_sign(i) < 0 ? MN_SSIZE_MIN : MN_SSIZE_MAX;
    else {
        mn_err_format((mn_type *)overflow_exc, "cannot fit '%s' into an index-sized integer", MN_TYPE_NAME(o));
        r = -1;
    }
    MN_DECREF(i);
    return r;
}

mn_object *mn_number_long(mn_object *o)
{
    if (MN_INT_CHECK_EXACT(o))
        return MN_NEW_REF(o);
    mn_number_methods *nm = MN_TYPE(o)->as_number;
    if (nm && nm->int_) {
        mn_object *r = nm->int_(o);
        if (r && !MN_INT_CHECK(r)) {
            mn_err_format(&mn_exc_TypeError, "__int__ returned non-int (type %s)", MN_TYPE_NAME(r));
            MN_DECREF(r);
            return NULL;
        }
        return r;
    }
    if (nm && nm->index)
        return mn_number_index(o);
    if (MN_INT_CHECK(o))
        return MN_NEW_REF(o);
    mn_object *trunc = mn_type_lookup_str(MN_TYPE(o), "__trunc__");
    if (trunc) {
        mn_object *r = mn_object_call_method(o, "__trunc__", NULL, 0);
        if (r && !MN_INT_CHECK(r)) {
            mn_object *i = mn_number_index(r);
            MN_DECREF(r);
            return i;
        }
        return r;
    }
    if (MN_STR_CHECK(o))
        return mn_int_from_string(MN_STR_DATA(o), MN_STR_NBYTES(o), 10);
    if (MN_BYTES_CHECK(o) || MN_BYTEARRAY_CHECK(o)) {
        const char *d;
        mn_ssize n;
        mn_bytes_view(o, &d, &n);
        return mn_int_from_string(d, n, 10);
    }
    mn_err_format(&mn_exc_TypeError,
                  "int() argument must be a string, a bytes-like object or a real number, not '%s'",
                  MN_TYPE_NAME(o));
    return NULL;
}

mn_object *mn_number_float(mn_object *o)
{
    if (MN_FLOAT_CHECK_EXACT(o))
        return MN_NEW_REF(o);
    mn_number_methods *nm = MN_TYPE(o)->as_number;
    if (nm && nm->float_) {
        mn_object *r = nm->float_(o);
        if (r && !MN_FLOAT_CHECK(r)) {
            mn_err_format(&mn_exc_TypeError, "%s.__float__ returned non-float (type %s)",
                          MN_TYPE_NAME(o), MN_TYPE_NAME(r));
            MN_DECREF(r);
            return NULL;
        }
        return r;
    }
    if (nm && nm->index) {
        mn_object *i = mn_number_index(o);
        if (!i)
            return NULL;
        double d = mn_int_as_double(i);
        MN_DECREF(i);
        if (d == -1.0 && mn_err_occurred())
            return NULL;
        return mn_float_from_double(d);
    }
    if (MN_FLOAT_CHECK(o))
        return mn_float_from_double(MN_FLOAT_VALUE(o));
    if (MN_STR_CHECK(o))
        return mn_float_from_string(o);
    mn_err_format(&mn_exc_TypeError, "float() argument must be a string or a real number, not '%s'",
                  MN_TYPE_NAME(o));
    return NULL;
}

/* -------------------------------------------------------- type checks */

int mn_type_is_subtype(mn_type *a, mn_type *b)
{
    if (a == b)
        return 1;
    mn_object *mro = a->mro;
    if (mro) {
        mn_ssize n = MN_TUPLE_SIZE(mro);
        for (mn_ssize i = 0; i < n; i++)
            if (MN_TUPLE_GET(mro, i) == MN_OBJ(b))
                return 1;
        return 0;
    }
    /* Not readied yet: walk the base chain. */
    for (mn_type *t = a->base; t; t = t->base)
        if (t == b)
            return 1;
    return b == &mn_object_type;
}

static int check_class(mn_object *cls, const char *fn)
{
    if (MN_TYPE_HAS_FLAG(MN_TYPE(cls), MN_TPFLAGS_TYPE_SUBCLASS))
        return 1;
    if (MN_TUPLE_CHECK(cls))
        return 1;
    mn_err_format(&mn_exc_TypeError, "%s() arg 2 must be a type, a tuple of types, or a union", fn);
    return 0;
}

/* Calls cls.__instancecheck__/__subclasscheck__ when type(cls) overrides it
 * (metaclasses like ABCMeta); -2 when there's no override. */
static int call_check_hook(mn_object *cls, const char *hook, mn_object *arg)
{
    if (MN_TYPE(cls) == &mn_type_type)
        return -2;
    mn_object *m = mn_type_lookup_str(MN_TYPE(cls), hook);
    if (!m || m == mn_type_lookup_str(&mn_type_type, hook))
        return -2;
    mn_object *args[1] = { arg };
    mn_object *r = mn_object_call_method(cls, hook, args, 1);
    if (!r)
        return -1;
    int ok = mn_object_is_true(r);
    MN_DECREF(r);
    return ok;
}

int mn_object_isinstance(mn_object *inst, mn_object *cls)
{
    if (MN_TYPE(inst) == (mn_type *)cls)
        return 1;
    if (MN_TUPLE_CHECK(cls)) {
        mn_ssize n = MN_TUPLE_SIZE(cls);
        for (mn_ssize i = 0; i < n; i++) {
            int r = mn_object_isinstance(inst, MN_TUPLE_GET(cls, i));
            if (r != 0)
                return r;
        }
        return 0;
    }
    int r = call_check_hook(cls, "__instancecheck__", inst);
    if (r != -2)
        return r;
    if (!check_class(cls, "isinstance"))
        return -1;
    return mn_type_is_subtype(MN_TYPE(inst), (mn_type *)cls);
}

int mn_object_issubclass(mn_object *derived, mn_object *cls)
{
    if (MN_TUPLE_CHECK(cls)) {
        mn_ssize n = MN_TUPLE_SIZE(cls);
        for (mn_ssize i = 0; i < n; i++) {
            int r = mn_object_issubclass(derived, MN_TUPLE_GET(cls, i));
            if (r != 0)
                return r;
        }
        return 0;
    }
    int r = call_check_hook(cls, "__subclasscheck__", derived);
    if (r != -2)
        return r;
    if (!MN_TYPE_HAS_FLAG(MN_TYPE(derived), MN_TPFLAGS_TYPE_SUBCLASS)) {
        mn_err_set_string(&mn_exc_TypeError, "issubclass() arg 1 must be a class");
        return -1;
    }
    if (!check_class(cls, "issubclass"))
        return -1;
    return mn_type_is_subtype((mn_type *)derived, (mn_type *)cls);
}

/* ------------------------------------------------------ start/shut-down */

extern int mn_singletons_init(void);
extern mn_type mn_seqiter_type;

int mn_runtime_init(void)
{
    static int done;
    if (done)
        return 0;
    done = 1;
    if (mn_gc_init() < 0 ||
        mn_type_ready(&mn_object_type) < 0 || mn_type_ready(&mn_type_type) < 0 ||
        mn_str_init_types() < 0 || mn_dict_init_types() < 0 || mn_int_init_types() < 0 ||
        mn_float_init_types() < 0 || mn_tuple_init_types() < 0 || mn_list_init_types() < 0 ||
        mn_set_init_types() < 0 || mn_bytes_init_types() < 0 || mn_range_init_types() < 0 ||
        mn_singletons_init() < 0 || mn_type_ready(&mn_seqiter_type) < 0 ||
        mn_type_ready(&mn_module_type) < 0 || mn_type_ready(&mn_union_type) < 0 ||
        mn_type_init_descr_types() < 0 || mn_exceptions_init() < 0)
        return -1;
    return 0;
}

void mn_runtime_fini(void)
{
    mn_exceptions_fini();
    mn_type_fini_all();
    mn_gc_fini();
    mn_int_fini();
    mn_tuple_fini();
    mn_str_fini();
#ifdef MN_DEBUG_REFS
    /* The debug build's leak report, like CPython's "[N refs, M blocks]":
     * after shut-down both numbers should be (close to) zero; what remains
     * are statically allocated objects' references and real leaks. */
    if (getenv("MINI_SHOWREFS") || mn_live_objects > 0)
        fprintf(stderr, "[%zd refs, %zd live objects]\n", mn_ref_total, mn_live_objects);
#endif
}

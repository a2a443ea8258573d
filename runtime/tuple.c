/* runtime/tuple.c — the tuple type and its iterator.
 *
 * Owns: mn_tuple_type, mn_tuple_iter_type, the empty-tuple singleton and the
 * tuple hash. A tuple is one allocation: the header followed by `size`
 * item pointers (itemsize = sizeof(mn_object *)), exactly like CPython's
 * PyTupleObject. Tuples are immutable once published, so slicing an exact
 * tuple with [:] or tuple(t) can hand back the same object.
 *
 * The hash is CPython 3.11's tuplehash, a simplified xxHash (XXH64 round
 * applied to each item hash), so hash((1, 2)) == -3550055125485641917 as in
 * CPython on 64-bit machines.
 */
#include <stdarg.h>
#include <string.h>
#include "runtime/runtime.h"

/* The one empty tuple; every tuple() / mn_tuple_new(0) returns it. */
static mn_object *empty_tuple;

/* --------------------------------------------------------- construction */

static mn_object *tuple_alloc(mn_ssize n)
{
    if (n < 0) {
        mn_err_bad_internal_call("mn_tuple_new");
        return NULL;
    }
    if ((size_t)n > (size_t)MN_SSIZE_MAX / sizeof(mn_object *) - 64)
        return mn_err_no_memory();
    mn_object *t = mn_type_generic_alloc(&mn_tuple_type, n);
    if (t == NULL)
        return NULL;
    MN_SIZE(t) = n;
    return t;
}

mn_object *mn_tuple_new(mn_ssize n)
{
    if (n == 0) {
        if (empty_tuple == NULL) {
            /* Created on first use; it holds no references, so the
             * collector never needs to see it (not tracked). */
            empty_tuple = tuple_alloc(0);
            if (empty_tuple == NULL)
                return NULL;
        }
        return mn_new_ref(empty_tuple);
    }
    mn_object *t = tuple_alloc(n);
    if (t == NULL)
        return NULL;
    /* Items are NULL (zeroed) and traverse skips NULL, so tracking right
     * away is safe even before the caller fills the tuple in. */
    mn_gc_track(t);
    return t;
}

mn_object *mn_tuple_from_array(mn_object *const *items, mn_ssize n)
{
    mn_object *t = mn_tuple_new(n);
    if (t == NULL)
        return NULL;
    for (mn_ssize i = 0; i < n; i++)
        MN_TUPLE_SET(t, i, mn_new_ref(items[i]));
    return t;
}

mn_object *mn_tuple_pack(mn_ssize n, ...)
{
    va_list ap;
    mn_object *t = mn_tuple_new(n);
    if (t == NULL)
        return NULL;
    va_start(ap, n);
    for (mn_ssize i = 0; i < n; i++)
        MN_TUPLE_SET(t, i, mn_new_ref(va_arg(ap, mn_object *)));
    va_end(ap);
    return t;
}

mn_object *mn_tuple_slice(mn_object *t, mn_ssize lo, mn_ssize hi)
{
    mn_ssize n = MN_TUPLE_SIZE(t);
    if (lo < 0)
        lo = 0;
    if (hi > n)
        hi = n;
    if (hi < lo)
        hi = lo;
    /* An exact tuple is immutable: the whole slice is the tuple itself. */
    if (lo == 0 && hi == n && MN_TUPLE_CHECK_EXACT(t))
        return mn_new_ref(t);
    return mn_tuple_from_array(MN_TUPLE_ITEMS(t) + lo, hi - lo);
}

mn_object *mn_tuple_from_iterable(mn_object *iterable)
{
    if (MN_TUPLE_CHECK_EXACT(iterable))
        return mn_new_ref(iterable);
    if (MN_LIST_CHECK(iterable))
        return mn_list_as_tuple(iterable);
    /* Generic iterables: collect into a list (which grows with the
     * amortised formula), then copy into a tuple of the exact size. */
    mn_object *list = mn_list_from_iterable(iterable);
    if (list == NULL)
        return NULL;
    mn_object *t = mn_list_as_tuple(list);
    MN_DECREF(list);
    return t;
}

/* ------------------------------------------------------------ lifecycle */

static void tuple_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    if (mn_trashcan_begin(self))
        return;
    for (mn_ssize i = MN_TUPLE_SIZE(self); --i >= 0; )
        MN_XDECREF(MN_TUPLE_GET(self, i));
    mn_object_free(self);
    mn_trashcan_end();
}

static int tuple_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    for (mn_ssize i = MN_TUPLE_SIZE(self); --i >= 0; )
        MN_VISIT(MN_TUPLE_GET(self, i));
    return 0;
}

/* Tuples are immutable, but the collector still needs a way to break a
 * cycle running through one (t = ([],); t[0].append(t)). */
static int tuple_clear(mn_object *self)
{
    for (mn_ssize i = MN_TUPLE_SIZE(self); --i >= 0; )
        MN_CLEAR(MN_TUPLE_ITEMS(self)[i]);
    return 0;
}

void mn_tuple_fini(void)
{
    MN_CLEAR(empty_tuple);
}

/* ---------------------------------------------------------------- repr */

static mn_object *tuple_repr(mn_object *self)
{
    mn_ssize n = MN_TUPLE_SIZE(self);
    if (n == 0)
        return mn_str_from_cstr("()");
    int r = mn_repr_enter(self);
    if (r != 0)
        return r > 0 ? mn_str_from_cstr("(...)") : NULL;
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_sb_append_char(&sb, '(');
    for (mn_ssize i = 0; i < n; i++) {
        if (i > 0)
            mn_sb_append(&sb, ", ", 2);
        if (mn_sb_append_repr(&sb, MN_TUPLE_GET(self, i)) < 0) {
            mn_sb_discard(&sb);
            mn_repr_leave(self);
            return NULL;
        }
    }
    /* A 1-tuple needs the trailing comma to read back as a tuple. */
    if (n == 1)
        mn_sb_append_char(&sb, ',');
    mn_sb_append_char(&sb, ')');
    mn_repr_leave(self);
    return mn_sb_finish(&sb);
}

/* ---------------------------------------------------------------- hash */

#define XXPRIME_1 ((uint64_t)11400714785074694791ULL)
#define XXPRIME_2 ((uint64_t)14029467366897019727ULL)
#define XXPRIME_5 ((uint64_t)2870177450012600261ULL)
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))   /* rotate left 31 bits */

static mn_hash tuple_hash(mn_object *self)
{
    mn_ssize n = MN_TUPLE_SIZE(self);
    uint64_t acc = XXPRIME_5;
    for (mn_ssize i = 0; i < n; i++) {
        mn_hash h = mn_object_hash(MN_TUPLE_GET(self, i));
        if (h == -1)
            return -1;
        uint64_t lane = (uint64_t)h;
        acc += lane * XXPRIME_2;
        acc = XXROTATE(acc);
        acc *= XXPRIME_1;
    }
    /* Mix in the length so (x,) and (x, y) differ even for unlucky items. */
    acc += (uint64_t)n ^ (XXPRIME_5 ^ 3527539UL);
    if (acc == (uint64_t)-1)
        return 1546275796;   /* -1 means "error" for hash slots */
    return (mn_hash)acc;
}

/* ---------------------------------------------------------- comparison */

static mn_object *tuple_richcompare(mn_object *v, mn_object *w, int op)
{
    if (!MN_TUPLE_CHECK(v) || !MN_TUPLE_CHECK(w))
        MN_RETURN_NOT_IMPLEMENTED;
    mn_ssize vlen = MN_TUPLE_SIZE(v), wlen = MN_TUPLE_SIZE(w);
    mn_ssize i;
    /* Find the first index where the items differ. */
    for (i = 0; i < vlen && i < wlen; i++) {
        int k = mn_object_richcompare_bool(MN_TUPLE_GET(v, i), MN_TUPLE_GET(w, i), MN_EQ);
        if (k < 0)
            return NULL;
        if (!k)
            break;
    }
    if (i >= vlen || i >= wlen) {
        /* No more items to compare: compare sizes. */
        int c;
        switch (op) {
        case MN_LT: c = vlen < wlen; break;
        case MN_LE: c = vlen <= wlen; break;
        case MN_EQ: c = vlen == wlen; break;
        case MN_NE: c = vlen != wlen; break;
        case MN_GT: c = vlen > wlen; break;
        default:    c = vlen >= wlen; break;
        }
        MN_RETURN_BOOL(c);
    }
    if (op == MN_EQ)
        MN_RETURN_FALSE;
    if (op == MN_NE)
        MN_RETURN_TRUE;
    return mn_object_richcompare(MN_TUPLE_GET(v, i), MN_TUPLE_GET(w, i), op);
}

/* ----------------------------------------------------- sequence slots */

static mn_ssize tuple_length(mn_object *self)
{
    return MN_TUPLE_SIZE(self);
}

static int tuple_contains(mn_object *self, mn_object *el)
{
    int cmp = 0;
    for (mn_ssize i = 0; cmp == 0 && i < MN_TUPLE_SIZE(self); i++)
        cmp = mn_object_richcompare_bool(MN_TUPLE_GET(self, i), el, MN_EQ);
    return cmp;
}

static mn_object *tuple_subscript(mn_object *self, mn_object *key)
{
    if (mn_index_check(key)) {
        mn_ssize i = mn_number_as_ssize(key, MN_OBJ(&mn_exc_IndexError));
        if (i == -1 && mn_err_occurred())
            return NULL;
        if ((i = mn_sequence_check_index(i, MN_TUPLE_SIZE(self), "tuple index out of range")) < 0)
            return NULL;
        return mn_new_ref(MN_TUPLE_GET(self, i));
    }
    if (MN_SLICE_CHECK(key)) {
        mn_ssize start, stop, step;
        mn_ssize n = mn_slice_indices(key, MN_TUPLE_SIZE(self), &start, &stop, &step);
        if (n < 0)
            return NULL;
        if (step == 1)
            return mn_tuple_slice(self, start, start + n);
        mn_object *r = mn_tuple_new(n);
        if (r == NULL)
            return NULL;
        for (mn_ssize i = 0, cur = start; i < n; i++, cur += step)
            MN_TUPLE_SET(r, i, mn_new_ref(MN_TUPLE_GET(self, cur)));
        return r;
    }
    mn_err_format(&mn_exc_TypeError, "tuple indices must be integers or slices, not %.200s",
                  MN_TYPE_NAME(key));
    return NULL;
}

/* tuple + tuple; other combinations are NotImplemented so that
 * mn_number_binop can try the other operand and word the TypeError. */
static mn_object *tuple_concat(mn_object *a, mn_object *b)
{
    if (!MN_TUPLE_CHECK(a) || !MN_TUPLE_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    mn_ssize na = MN_TUPLE_SIZE(a), nb = MN_TUPLE_SIZE(b);
    if (nb == 0 && MN_TUPLE_CHECK_EXACT(a))
        return mn_new_ref(a);
    if (na == 0 && MN_TUPLE_CHECK_EXACT(b))
        return mn_new_ref(b);
    if (na > MN_SSIZE_MAX - nb)
        return mn_err_no_memory();
    mn_object *r = mn_tuple_new(na + nb);
    if (r == NULL)
        return NULL;
    for (mn_ssize i = 0; i < na; i++)
        MN_TUPLE_SET(r, i, mn_new_ref(MN_TUPLE_GET(a, i)));
    for (mn_ssize i = 0; i < nb; i++)
        MN_TUPLE_SET(r, na + i, mn_new_ref(MN_TUPLE_GET(b, i)));
    return r;
}

static mn_object *tuple_repeat_n(mn_object *t, mn_ssize n)
{
    mn_ssize size = MN_TUPLE_SIZE(t);
    if (n <= 0 || size == 0)
        return mn_tuple_new(0);
    if (n == 1 && MN_TUPLE_CHECK_EXACT(t))
        return mn_new_ref(t);
    if (size > MN_SSIZE_MAX / n)
        return mn_err_no_memory();
    mn_object *r = mn_tuple_new(size * n);
    if (r == NULL)
        return NULL;
    mn_object **dst = MN_TUPLE_ITEMS(r);
    for (mn_ssize k = 0; k < n; k++)
        for (mn_ssize i = 0; i < size; i++)
            *dst++ = mn_new_ref(MN_TUPLE_GET(t, i));
    return r;
}

static mn_object *tuple_repeat(mn_object *a, mn_object *b)
{
    mn_object *seq = a, *count = b;
    if (!MN_TUPLE_CHECK(a)) {
        seq = b;
        count = a;
    }
    if (!mn_index_check(count))
        MN_RETURN_NOT_IMPLEMENTED;   /* mn_number_binop raises the TypeError */
    mn_ssize n = mn_number_as_ssize(count, MN_OBJ(&mn_exc_OverflowError));
    if (n == -1 && mn_err_occurred())
        return NULL;
    return tuple_repeat_n(seq, n);
}

/* ------------------------------------------------------------- methods */

/* Start/stop arguments of index(): ints or __index__ objects, clamped to
 * the ssize range (CPython's _PyEval_SliceIndexNotNone). */
static mn_object *tuple_index(mn_object *self, mn_object *const *args, mn_ssize nargs,
                              mn_object *kwnames)
{
    mn_ssize start = 0, stop = MN_SSIZE_MAX;
    if (mn_args_no_keywords("index", kwnames) < 0 || mn_args_count("index", nargs, 1, 3) < 0)
        return NULL;
    if (nargs > 1 && mn_slice_index_not_none(args[1], &start) < 0)
        return NULL;
    if (nargs > 2 && mn_slice_index_not_none(args[2], &stop) < 0)
        return NULL;
    mn_ssize n = MN_TUPLE_SIZE(self);
    if (start < 0) {
        start += n;
        if (start < 0)
            start = 0;
    }
    if (stop < 0)
        stop += n;
    else if (stop > n)
        stop = n;
    for (mn_ssize i = start; i < stop; i++) {
        int cmp = mn_object_richcompare_bool(MN_TUPLE_GET(self, i), args[0], MN_EQ);
        if (cmp > 0)
            return mn_int_from_ssize(i);
        if (cmp < 0)
            return NULL;
    }
    mn_err_set_string(&mn_exc_ValueError, "tuple.index(x): x not in tuple");
    return NULL;
}

static mn_object *tuple_count(mn_object *self, mn_object *const *args, mn_ssize nargs MN_UNUSED,
                              mn_object *kwnames MN_UNUSED)
{
    mn_ssize count = 0;
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(self); i++) {
        int cmp = mn_object_richcompare_bool(MN_TUPLE_GET(self, i), args[0], MN_EQ);
        if (cmp < 0)
            return NULL;
        count += cmp;
    }
    return mn_int_from_ssize(count);
}

static mn_object *tuple_getnewargs(mn_object *self, mn_object *const *args MN_UNUSED,
                                   mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_object *copy = mn_tuple_from_array(MN_TUPLE_ITEMS(self), MN_TUPLE_SIZE(self));
    if (copy == NULL)
        return NULL;
    mn_object *r = mn_tuple_pack(1, copy);
    MN_DECREF(copy);
    return r;
}

static mn_object *tuple_sizeof(mn_object *self, mn_object *const *args MN_UNUSED,
                               mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return mn_int_from_ssize(MN_TYPE(self)->basicsize +
                             MN_TUPLE_SIZE(self) * (mn_ssize)sizeof(mn_object *));
}

static mn_object *tuple_iter(mn_object *self);

static mn_object *tuple_new(mn_type *type, mn_object *const *args, mn_ssize nargs,
                            mn_object *kwnames)
{
    if (type == &mn_tuple_type && mn_args_no_keywords("tuple", kwnames) < 0)
        return NULL;
    if (nargs > 1) {
        mn_err_format(&mn_exc_TypeError, "tuple expected at most 1 argument, got %zd", nargs);
        return NULL;
    }
    mn_object *t = nargs ? mn_tuple_from_iterable(args[0]) : mn_tuple_new(0);
    if (t == NULL || type == &mn_tuple_type)
        return t;
    /* A subclass instance: same layout, items copied over. */
    mn_ssize n = MN_TUPLE_SIZE(t);
    mn_object *r = mn_type_generic_alloc(type, n);
    if (r == NULL) {
        MN_DECREF(t);
        return NULL;
    }
    MN_SIZE(r) = n;
    for (mn_ssize i = 0; i < n; i++)
        MN_TUPLE_SET(r, i, mn_new_ref(MN_TUPLE_GET(t, i)));
    MN_DECREF(t);
    mn_gc_track(r);
    return r;
}

static mn_method_def tuple_methods[] = {
    {"index", tuple_index, MN_METH_VARARGS,
     "Return first index of value.\n\nRaises ValueError if the value is not present."},
    {"count", tuple_count, MN_METH_O, "Return number of occurrences of value."},
    {"__getnewargs__", tuple_getnewargs, MN_METH_NOARGS, NULL},
    {"__sizeof__", tuple_sizeof, MN_METH_NOARGS, "Size of object in memory, in bytes."},
    {NULL, NULL, 0, NULL}
};

static mn_number_methods tuple_as_number = {
    .binop[MN_BINOP_ADD] = tuple_concat,
    .binop[MN_BINOP_MULTIPLY] = tuple_repeat,
};

mn_type mn_tuple_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "tuple",
    .basicsize = sizeof(mn_tuple),
    .itemsize = sizeof(mn_object *),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_TUPLE_SUBCLASS |
             MN_TPFLAGS_IMMUTABLETYPE,
    .doc = "Built-in immutable sequence.\n\n"
           "If no argument is given, the constructor returns an empty tuple.\n"
           "If iterable is specified the tuple is initialized from iterable's items.\n\n"
           "If the argument is a tuple, the return value is the same object.",
    .dealloc = tuple_dealloc,
    .traverse = tuple_traverse,
    .clear = tuple_clear,
    .new_ = tuple_new,
    .repr = tuple_repr,
    .hash = tuple_hash,
    .richcompare = tuple_richcompare,
    .iter = tuple_iter,
    .length = tuple_length,
    .getitem = tuple_subscript,
    .contains = tuple_contains,
    .as_number = &tuple_as_number,
    .methods = tuple_methods,
};

/* ------------------------------------------------------------ iterator */

typedef struct tuple_iter_object {
    mn_object ob_base;
    mn_ssize index;
    mn_object *seq;    /* NULL once exhausted, so the tuple can go early */
} tuple_iter_object;

static mn_object *tuple_iter(mn_object *self)
{
    tuple_iter_object *it = (tuple_iter_object *)mn_type_generic_alloc(&mn_tuple_iter_type, 0);
    if (it == NULL)
        return NULL;
    it->index = 0;
    it->seq = mn_new_ref(self);
    mn_gc_track(MN_OBJ(it));
    return MN_OBJ(it);
}

static void tuple_iter_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    MN_XDECREF(((tuple_iter_object *)self)->seq);
    mn_object_free(self);
}

static int tuple_iter_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(((tuple_iter_object *)self)->seq);
    return 0;
}

static int tuple_iter_clear(mn_object *self)
{
    MN_CLEAR(((tuple_iter_object *)self)->seq);
    return 0;
}

static mn_object *tuple_iter_next(mn_object *self)
{
    tuple_iter_object *it = (tuple_iter_object *)self;
    if (it->seq == NULL)
        return NULL;
    if (it->index < MN_TUPLE_SIZE(it->seq))
        return mn_new_ref(MN_TUPLE_GET(it->seq, it->index++));
    MN_CLEAR(it->seq);
    return NULL;
}

static mn_object *iter_self(mn_object *self)
{
    return mn_new_ref(self);
}

static mn_object *tuple_iter_length_hint(mn_object *self, mn_object *const *args MN_UNUSED,
                                         mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    tuple_iter_object *it = (tuple_iter_object *)self;
    mn_ssize n = it->seq ? MN_TUPLE_SIZE(it->seq) - it->index : 0;
    return mn_int_from_ssize(n < 0 ? 0 : n);
}

static mn_method_def tuple_iter_methods[] = {
    {"__length_hint__", tuple_iter_length_hint, MN_METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL}
};

mn_type mn_tuple_iter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "tuple_iterator",
    .basicsize = sizeof(tuple_iter_object),
    .flags = MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_IMMUTABLETYPE,
    .dealloc = tuple_iter_dealloc,
    .traverse = tuple_iter_traverse,
    .clear = tuple_iter_clear,
    .iter = iter_self,
    .iternext = tuple_iter_next,
    .methods = tuple_iter_methods,
};

int mn_tuple_init_types(void)
{
    if (mn_type_ready(&mn_tuple_type) < 0 || mn_type_ready(&mn_tuple_iter_type) < 0)
        return -1;
    /* Create the singleton now so the first tuple() doesn't allocate. */
    mn_object *e = mn_tuple_new(0);
    if (e == NULL)
        return -1;
    MN_DECREF(e);
    return 0;
}

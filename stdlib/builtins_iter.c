/* stdlib/builtins_iter.c — the lazy iterator types of builtins: enumerate,
 * zip (strict=), map, filter, reversed and callable_iterator (iter(f, s)).
 *
 * Each holds references to other iterators, so each is a GC container with
 * traverse and clear, like CPython's (bltinmodule.c, enumobject.c,
 * iterobject.c).
 */
#include "stdlib/modules.h"

/* ------------------------------------------------ shared lifecycle code */

/* Every iterator here is a GC object whose fields (after the header) are
 * object pointers; `nfields` of them. The generic dealloc/traverse/clear
 * below walk them, which keeps each type's code about what it computes. */
#define FIELDS(o) ((mn_object **)((char *)(o) + sizeof(mn_object)))

static int nfields_of(mn_type *t)
{
    /* a heap subclass (class E(enumerate)) adds its own fields: count the
     * static base's only; the subclass machinery handles the rest */
    while (MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HEAPTYPE) && t->base)
        t = t->base;
    return (int)((t->basicsize - (mn_ssize)sizeof(mn_object)) / (mn_ssize)sizeof(mn_object *));
}

static int iter_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    int n = nfields_of(MN_TYPE(self));
    for (int i = 0; i < n; i++)
        MN_VISIT(FIELDS(self)[i]);
    return 0;
}

static int iter_clear(mn_object *self)
{
    int n = nfields_of(MN_TYPE(self));
    for (int i = 0; i < n; i++)
        MN_CLEAR(FIELDS(self)[i]);
    return 0;
}

static void iter_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    iter_clear(self);
    mn_object_free(self);
}

static mn_object *iter_self(mn_object *self) { return MN_NEW_REF(self); }

/* ------------------------------------------------------------ enumerate */

typedef struct {
    mn_object ob_base;
    mn_object *it;
    mn_object *index;     /* next index, an int */
} enumerate_obj;

static mn_object *enumerate_new(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const params[] = { "iterable", "start", NULL };
    mn_object *a[2];
    if (mn_args_bind("enumerate", args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    mn_object *start;
    if (a[1]) {
        start = mn_number_index(a[1]);
        if (!start)
            return NULL;
    } else
        start = mn_int_from_i64(0);
    mn_object *it = mn_object_get_iter(a[0]);
    if (!it) {
        MN_DECREF(start);
        return NULL;
    }
    enumerate_obj *e = (enumerate_obj *)mn_type_generic_alloc(type, 0);
    if (!e) {
        MN_DECREF(it);
        MN_DECREF(start);
        return NULL;
    }
    e->it = it;
    e->index = start;
    mn_gc_track(MN_OBJ(e));
    return MN_OBJ(e);
}

static mn_object *enumerate_next(mn_object *self)
{
    enumerate_obj *e = (enumerate_obj *)self;
    mn_object *x = mn_iter_next(e->it);
    if (!x)
        return NULL;
    mn_object *one = mn_int_from_i64(1);
    mn_object *next = one ? mn_number_binop(e->index, one, MN_BINOP_ADD) : NULL;
    MN_XDECREF(one);
    if (!next) {
        MN_DECREF(x);
        return NULL;
    }
    mn_object *t = mn_tuple_pack(2, e->index, x);
    MN_DECREF(x);
    MN_SETREF(e->index, next);
    return t;
}

mn_type mn_enumerate_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "enumerate",
    .basicsize = sizeof(enumerate_obj),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC,
    .doc = "Return an enumerate object.",
    .dealloc = iter_dealloc, .traverse = iter_traverse, .clear = iter_clear,
    .new_ = enumerate_new, .iter = iter_self, .iternext = enumerate_next,
};

/* ------------------------------------------------------------------ zip */

typedef struct {
    mn_object ob_base;
    mn_object *iters;     /* tuple of iterators */
    mn_object *strict;    /* True/False */
} zip_obj;

static mn_object *zip_new(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    int strict = 0;
    mn_ssize nkw = kwnames ? MN_TUPLE_SIZE(kwnames) : 0;
    for (mn_ssize i = 0; i < nkw; i++) {
        mn_object *k = MN_TUPLE_GET(kwnames, i);
        if (!mn_str_equal_cstr(k, "strict")) {
            mn_err_format(&mn_exc_TypeError, "zip() got an unexpected keyword argument '%U'", k);
            return NULL;
        }
        strict = mn_object_is_true(args[nargs + i]);
        if (strict < 0)
            return NULL;
    }
    mn_object *iters = mn_tuple_new(nargs);
    if (!iters)
        return NULL;
    for (mn_ssize i = 0; i < nargs; i++) {
        mn_object *it = mn_object_get_iter(args[i]);
        if (!it) {
            MN_DECREF(iters);
            return NULL;
        }
        MN_TUPLE_SET(iters, i, it);
    }
    zip_obj *z = (zip_obj *)mn_type_generic_alloc(type, 0);
    if (!z) {
        MN_DECREF(iters);
        return NULL;
    }
    z->iters = iters;
    z->strict = MN_NEW_REF(strict ? mn_true : mn_false);
    mn_gc_track(MN_OBJ(z));
    return MN_OBJ(z);
}

static mn_object *zip_next(mn_object *self)
{
    zip_obj *z = (zip_obj *)self;
    mn_ssize n = MN_TUPLE_SIZE(z->iters);
    if (n == 0)
        return NULL;
    mn_object *res = mn_tuple_new(n);
    if (!res)
        return NULL;
    for (mn_ssize i = 0; i < n; i++) {
        mn_object *x = mn_iter_next(MN_TUPLE_GET(z->iters, i));
        if (x) {
            MN_TUPLE_SET(res, i, x);
            continue;
        }
        /* an iterator ran out: fill the rest so the tuple can be freed */
        for (mn_ssize j = i; j < n; j++)
            MN_TUPLE_SET(res, j, MN_NEW_REF(mn_none));
        MN_DECREF(res);
        if (mn_err_occurred() || z->strict != mn_true)
            return NULL;
        /* strict: every other iterator must be exhausted too */
        if (i > 0) {
            mn_err_format(&mn_exc_ValueError, "zip() argument %zd is shorter than argument%s%zd", i + 1,
                          i == 1 ? " " : "s 1-", i);
            return NULL;
        }
        for (mn_ssize j = 1; j < n; j++) {
            mn_object *y = mn_iter_next(MN_TUPLE_GET(z->iters, j));
            if (y) {
                MN_DECREF(y);
                mn_err_format(&mn_exc_ValueError, "zip() argument %zd is longer than argument%s%zd", j + 1,
                              j == 1 ? " " : "s 1-", j);
                return NULL;
            }
            if (mn_err_occurred())
                return NULL;
        }
        return NULL;
    }
    return res;
}

mn_type mn_zip_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "zip",
    .basicsize = sizeof(zip_obj),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC,
    .doc = "zip(*iterables, strict=False) --> Yield tuples until an input is exhausted.",
    .dealloc = iter_dealloc, .traverse = iter_traverse, .clear = iter_clear,
    .new_ = zip_new, .iter = iter_self, .iternext = zip_next,
};

/* ------------------------------------------------------------------ map */

typedef struct {
    mn_object ob_base;
    mn_object *func;
    mn_object *iters;     /* tuple */
} map_obj;

static mn_object *map_new(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (kwnames && MN_TUPLE_SIZE(kwnames)) {
        mn_err_set_string(&mn_exc_TypeError, "map() takes no keyword arguments");
        return NULL;
    }
    if (nargs < 2) {
        mn_err_set_string(&mn_exc_TypeError, "map() must have at least two arguments.");
        return NULL;
    }
    mn_object *iters = mn_tuple_new(nargs - 1);
    if (!iters)
        return NULL;
    for (mn_ssize i = 1; i < nargs; i++) {
        mn_object *it = mn_object_get_iter(args[i]);
        if (!it) {
            MN_DECREF(iters);
            return NULL;
        }
        MN_TUPLE_SET(iters, i - 1, it);
    }
    map_obj *m = (map_obj *)mn_type_generic_alloc(type, 0);
    if (!m) {
        MN_DECREF(iters);
        return NULL;
    }
    m->func = MN_NEW_REF(args[0]);
    m->iters = iters;
    mn_gc_track(MN_OBJ(m));
    return MN_OBJ(m);
}

static mn_object *map_next(mn_object *self)
{
    map_obj *m = (map_obj *)self;
    mn_ssize n = MN_TUPLE_SIZE(m->iters);
    mn_object *small[8], **argv = small;
    if (n > 8) {
        argv = mn_mem_alloc((size_t)n * sizeof(mn_object *));
        if (!argv)
            return mn_err_no_memory();
    }
    mn_object *res = NULL;
    mn_ssize got = 0;
    for (; got < n; got++) {
        argv[got] = mn_iter_next(MN_TUPLE_GET(m->iters, got));
        if (!argv[got])
            break;
    }
    if (got == n)
        res = mn_object_call(m->func, argv, n, NULL);
    for (mn_ssize i = 0; i < got; i++)
        MN_DECREF(argv[i]);
    if (argv != small)
        mn_mem_free(argv);
    return res;
}

mn_type mn_map_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "map",
    .basicsize = sizeof(map_obj),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC,
    .doc = "map(func, *iterables) --> map object",
    .dealloc = iter_dealloc, .traverse = iter_traverse, .clear = iter_clear,
    .new_ = map_new, .iter = iter_self, .iternext = map_next,
};

/* --------------------------------------------------------------- filter */

typedef struct {
    mn_object ob_base;
    mn_object *func;      /* None: keep true items */
    mn_object *it;
} filter_obj;

static mn_object *filter_new(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (mn_args_no_keywords("filter", kwnames) < 0 || mn_args_count("filter", nargs, 2, 2) < 0)
        return NULL;
    mn_object *it = mn_object_get_iter(args[1]);
    if (!it)
        return NULL;
    filter_obj *f = (filter_obj *)mn_type_generic_alloc(type, 0);
    if (!f) {
        MN_DECREF(it);
        return NULL;
    }
    f->func = MN_NEW_REF(args[0]);
    f->it = it;
    mn_gc_track(MN_OBJ(f));
    return MN_OBJ(f);
}

static mn_object *filter_next(mn_object *self)
{
    filter_obj *f = (filter_obj *)self;
    for (;;) {
        mn_object *x = mn_iter_next(f->it);
        if (!x)
            return NULL;
        int ok;
        if (f->func == mn_none || f->func == MN_OBJ(&mn_bool_type))
            ok = mn_object_is_true(x);
        else {
            mn_object *r = mn_object_call1(f->func, x);
            ok = r ? mn_object_is_true(r) : -1;
            MN_XDECREF(r);
        }
        if (ok > 0)
            return x;
        MN_DECREF(x);
        if (ok < 0)
            return NULL;
    }
}

mn_type mn_filter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "filter",
    .basicsize = sizeof(filter_obj),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC,
    .doc = "filter(function or None, iterable) --> filter object",
    .dealloc = iter_dealloc, .traverse = iter_traverse, .clear = iter_clear,
    .new_ = filter_new, .iter = iter_self, .iternext = filter_next,
};

/* ------------------------------------------------------------- reversed */

typedef struct {
    mn_object ob_base;
    mn_object *seq;       /* NULL once exhausted */
    mn_object *index;     /* next index (int), counts down */
} reversed_obj;

mn_object *mn_builtin_reversed(mn_object *seq)
{
    /* __reversed__ wins (list, dict, range have one) */
    mn_object *d = mn_type_lookup_str(MN_TYPE(seq), "__reversed__");
    if (d == mn_none) {
        mn_err_format(&mn_exc_TypeError, "'%s' object is not reversible", MN_TYPE_NAME(seq));
        return NULL;
    }
    if (d)
        return mn_object_call_method(seq, "__reversed__", NULL, 0);
    /* the sequence protocol: __len__ and __getitem__, and not a dict */
    if (!MN_TYPE(seq)->getitem || !MN_TYPE(seq)->length || MN_DICT_CHECK(seq)) {
        mn_err_format(&mn_exc_TypeError, "'%s' object is not reversible", MN_TYPE_NAME(seq));
        return NULL;
    }
    mn_ssize n = mn_object_length(seq);
    if (n < 0)
        return NULL;
    reversed_obj *r = (reversed_obj *)mn_type_generic_alloc(&mn_reversed_type, 0);
    if (!r)
        return NULL;
    r->seq = MN_NEW_REF(seq);
    r->index = mn_int_from_ssize(n - 1);
    if (!r->index) {
        MN_DECREF(r);
        return NULL;
    }
    mn_gc_track(MN_OBJ(r));
    return MN_OBJ(r);
}

static mn_object *reversed_new(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    (void)type;
    if (mn_args_no_keywords("reversed", kwnames) < 0 || mn_args_count("reversed", nargs, 1, 1) < 0)
        return NULL;
    return mn_builtin_reversed(args[0]);
}

static mn_object *reversed_next(mn_object *self)
{
    reversed_obj *r = (reversed_obj *)self;
    if (!r->seq)
        return NULL;
    if (mn_int_sign(r->index) < 0) {
        MN_CLEAR(r->seq);
        return NULL;
    }
    mn_object *x = mn_object_getitem(r->seq, r->index);
    if (!x) {
        if (mn_err_matches(&mn_exc_IndexError) || mn_err_matches(&mn_exc_StopIteration)) {
            mn_err_clear();
            MN_CLEAR(r->seq);
        }
        return NULL;
    }
    mn_object *one = mn_int_from_i64(1);
    mn_object *ni = one ? mn_number_binop(r->index, one, MN_BINOP_SUBTRACT) : NULL;
    MN_XDECREF(one);
    if (!ni) {
        MN_DECREF(x);
        return NULL;
    }
    MN_SETREF(r->index, ni);
    return x;
}

static mn_object *reversed_length_hint(mn_object *self, MN_UNUSED mn_object *unused)
{
    reversed_obj *r = (reversed_obj *)self;
    if (!r->seq)
        return mn_int_from_i64(0);
    mn_ssize n = mn_object_length(r->seq);
    if (n < 0)
        return NULL;
    mn_ssize i = mn_int_as_ssize(r->index) + 1;
    return mn_int_from_ssize(i > n ? 0 : i);
}

/* METH_O / METH_NOARGS entry points: the calling convention passes the
 * argument array; these unpack it for the one-argument helpers above. */
static mn_object *reversed_length_hint_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return reversed_length_hint(self, NULL); }

static mn_method_def reversed_methods[] = {
    { "__length_hint__", reversed_length_hint_n, MN_METH_NOARGS, "Private method returning an estimate of len(list(it))." },
    { NULL, NULL, 0, NULL }
};

mn_type mn_reversed_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "reversed",
    .basicsize = sizeof(reversed_obj),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC,
    .doc = "Return a reverse iterator over the values of the given sequence.",
    .dealloc = iter_dealloc, .traverse = iter_traverse, .clear = iter_clear,
    .new_ = reversed_new, .iter = iter_self, .iternext = reversed_next,
    .methods = reversed_methods,
};

/* ------------------------------------------------- callable_iterator */

typedef struct {
    mn_object ob_base;
    mn_object *callable;  /* NULL once exhausted */
    mn_object *sentinel;
} calliter_obj;

mn_object *mn_callable_iter_new(mn_object *callable, mn_object *sentinel)
{
    calliter_obj *c = (calliter_obj *)mn_type_generic_alloc(&mn_callable_iter_type, 0);
    if (!c)
        return NULL;
    c->callable = MN_NEW_REF(callable);
    c->sentinel = MN_NEW_REF(sentinel);
    mn_gc_track(MN_OBJ(c));
    return MN_OBJ(c);
}

static mn_object *calliter_next(mn_object *self)
{
    calliter_obj *c = (calliter_obj *)self;
    if (!c->callable)
        return NULL;
    mn_object *r = mn_object_call0(c->callable);
    if (!r) {
        if (mn_err_matches(&mn_exc_StopIteration)) {
            mn_err_clear();
            MN_CLEAR(c->callable);
            MN_CLEAR(c->sentinel);
        }
        return NULL;
    }
    int eq = mn_object_richcompare_bool(r, c->sentinel, MN_EQ);
    if (eq == 0)
        return r;
    MN_DECREF(r);
    if (eq > 0) {
        MN_CLEAR(c->callable);
        MN_CLEAR(c->sentinel);
    }
    return NULL;
}

mn_type mn_callable_iter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "callable_iterator",
    .basicsize = sizeof(calliter_obj),
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = iter_dealloc, .traverse = iter_traverse, .clear = iter_clear,
    .iter = iter_self, .iternext = calliter_next,
};

int mn_builtins_init_types(void)
{
    mn_type *types[] = { &mn_enumerate_type, &mn_zip_type, &mn_map_type, &mn_filter_type,
                         &mn_reversed_type, &mn_callable_iter_type };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (mn_type_ready(types[i]) < 0)
            return -1;
    return 0;
}

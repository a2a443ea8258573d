/* runtime/range.c — range, its iterators, and slice.
 *
 * Owns: mn_range_type, mn_range_iter_type, mn_longrange_iter_type,
 * mn_slice_type, and the slice-index helpers every sequence uses
 * (mn_slice_indices, mn_slice_unpack, mn_slice_adjust_indices,
 * mn_slice_index).
 *
 * range stores start/stop/step and its precomputed length as int objects,
 * so `range(10**20)` works and len/contains/index/slicing are O(1)
 * arithmetic rather than iteration (CPython's rangeobject.c design).
 * Iteration has two iterator types, as in CPython: range_iterator counts
 * with C int64 when every value fits, longrange_iterator uses int objects.
 *
 * slice objects hold arbitrary objects (None when a part is absent); they
 * are unhashable in 3.11.
 */
#include <string.h>
#include "runtime/runtime.h"

/* ------------------------------------------------------ int arithmetic */

static mn_object *int_add(mn_object *a, mn_object *b) { return mn_number_binop(a, b, MN_BINOP_ADD); }
static mn_object *int_sub(mn_object *a, mn_object *b) { return mn_number_binop(a, b, MN_BINOP_SUBTRACT); }
static mn_object *int_mul(mn_object *a, mn_object *b) { return mn_number_binop(a, b, MN_BINOP_MULTIPLY); }
static mn_object *int_floordiv(mn_object *a, mn_object *b) { return mn_number_binop(a, b, MN_BINOP_FLOOR_DIVIDE); }

static int int_is_zero(mn_object *o) { return mn_int_sign(o) == 0; }

/* ================================================================ slice */

mn_object *mn_slice_new(mn_object *start, mn_object *stop, mn_object *step)
{
    mn_slice *s = (mn_slice *)mn_type_generic_alloc(&mn_slice_type, 0);
    if (s == NULL)
        return NULL;
    s->start = mn_new_ref(start ? start : mn_none);
    s->stop = mn_new_ref(stop ? stop : mn_none);
    s->step = mn_new_ref(step ? step : mn_none);
    mn_gc_track(MN_OBJ(s));
    return MN_OBJ(s);
}

int mn_slice_index(mn_object *v, mn_ssize *out)
{
    if (v == mn_none)
        return 0;
    if (!mn_index_check(v)) {
        mn_err_set_string(&mn_exc_TypeError,
                          "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    /* Huge values clamp: [1, 2][:10**100] is fine. */
    mn_ssize x = mn_number_as_ssize(v, NULL);
    if (x == -1 && mn_err_occurred())
        return -1;
    *out = x;
    return 0;
}

int mn_slice_index_not_none(mn_object *v, mn_ssize *out)
{
    if (!mn_index_check(v)) {
        mn_err_set_string(&mn_exc_TypeError,
                          "slice indices must be integers or have an __index__ method");
        return -1;
    }
    mn_ssize x = mn_number_as_ssize(v, NULL);
    if (x == -1 && mn_err_occurred())
        return -1;
    *out = x;
    return 0;
}

int mn_slice_unpack(mn_object *slice, mn_ssize *start, mn_ssize *stop, mn_ssize *step)
{
    mn_slice *r = (mn_slice *)slice;
    if (r->step == mn_none) {
        *step = 1;
    }
    else {
        if (mn_slice_index(r->step, step) < 0)
            return -1;
        if (*step == 0) {
            mn_err_set_string(&mn_exc_ValueError, "slice step cannot be zero");
            return -1;
        }
        /* Keeps -step representable in the adjustment below. */
        if (*step < -MN_SSIZE_MAX)
            *step = -MN_SSIZE_MAX;
    }
    if (r->start == mn_none)
        *start = *step < 0 ? MN_SSIZE_MAX : 0;
    else if (mn_slice_index(r->start, start) < 0)
        return -1;
    if (r->stop == mn_none)
        *stop = *step < 0 ? MN_SSIZE_MIN : MN_SSIZE_MAX;
    else if (mn_slice_index(r->stop, stop) < 0)
        return -1;
    return 0;
}

mn_ssize mn_slice_adjust_indices(mn_ssize length, mn_ssize *start, mn_ssize *stop, mn_ssize step)
{
    /* Negative indices count from the end; then clip into the sequence.
     * With a negative step the "before the first item" position is -1. */
    if (*start < 0) {
        *start += length;
        if (*start < 0)
            *start = (step < 0) ? -1 : 0;
    }
    else if (*start >= length) {
        *start = (step < 0) ? length - 1 : length;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0)
            *stop = (step < 0) ? -1 : 0;
    }
    else if (*stop >= length) {
        *stop = (step < 0) ? length - 1 : length;
    }
    if (step < 0) {
        if (*stop < *start)
            return (*start - *stop - 1) / (-step) + 1;
    }
    else if (*start < *stop) {
        return (*stop - *start - 1) / step + 1;
    }
    return 0;
}

mn_ssize mn_slice_indices(mn_object *slice, mn_ssize length,
                          mn_ssize *start, mn_ssize *stop, mn_ssize *step)
{
    if (mn_slice_unpack(slice, start, stop, step) < 0)
        return -1;
    return mn_slice_adjust_indices(length, start, stop, *step);
}

/* The arbitrary-precision version (CPython's _PySlice_GetLongIndices),
 * for slice.indices() and range slicing: new references in *start, *stop,
 * *step; length is a non-negative int. */
static int slice_long_indices(mn_slice *self, mn_object *length,
                              mn_object **start_out, mn_object **stop_out, mn_object **step_out)
{
    mn_object *step = NULL, *lower = NULL, *upper = NULL;
    int step_is_negative;

    if (self->step == mn_none) {
        step = mn_int_from_i64(1);
        if (step == NULL)
            return -1;
        step_is_negative = 0;
    }
    else {
        if (!mn_index_check(self->step)) {
            mn_err_set_string(&mn_exc_TypeError,
                              "slice indices must be integers or None or have an __index__ method");
            return -1;
        }
        step = mn_number_index(self->step);
        if (step == NULL)
            return -1;
        int sign = mn_int_sign(step);
        if (sign == 0) {
            mn_err_set_string(&mn_exc_ValueError, "slice step cannot be zero");
            goto error;
        }
        step_is_negative = sign < 0;
    }
    /* Valid positions are [lower, upper]: [0, len] going forward,
     * [-1, len - 1] going backward. */
    if (step_is_negative) {
        lower = mn_int_from_i64(-1);
        upper = lower ? int_add(lower, length) : NULL;
    }
    else {
        lower = mn_int_from_i64(0);
        upper = lower ? mn_new_ref(length) : NULL;
    }
    if (upper == NULL)
        goto error;

    mn_object *parts[2] = {self->start, self->stop};
    mn_object *results[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        mn_object *v;
        if (parts[k] == mn_none) {
            /* start defaults to the far end in the step's direction's
             * opposite; stop to the far end in its direction. */
            int use_upper = (k == 0) ? step_is_negative : !step_is_negative;
            v = mn_new_ref(use_upper ? upper : lower);
        }
        else {
            if (!mn_index_check(parts[k])) {
                mn_err_set_string(&mn_exc_TypeError,
                                  "slice indices must be integers or None or have an __index__ method");
                goto error_results;
            }
            v = mn_number_index(parts[k]);
            if (v == NULL)
                goto error_results;
            if (mn_int_sign(v) < 0) {
                MN_SETREF(v, int_add(v, length));
                if (v == NULL)
                    goto error_results;
                if (mn_int_compare(v, lower) < 0)
                    MN_SETREF(v, mn_new_ref(lower));
            }
            else if (mn_int_compare(v, upper) > 0) {
                MN_SETREF(v, mn_new_ref(upper));
            }
        }
        results[k] = v;
        continue;
    error_results:
        MN_XDECREF(results[0]);
        goto error;
    }
    MN_DECREF(lower);
    MN_DECREF(upper);
    *start_out = results[0];
    *stop_out = results[1];
    *step_out = step;
    return 0;
error:
    MN_XDECREF(step);
    MN_XDECREF(lower);
    MN_XDECREF(upper);
    return -1;
}

static mn_object *slice_indices_meth(mn_object *self, mn_object *const *args,
                                     mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_object *length = mn_number_index(args[0]);
    if (length == NULL)
        return NULL;
    if (mn_int_sign(length) < 0) {
        mn_err_set_string(&mn_exc_ValueError, "length should not be negative");
        MN_DECREF(length);
        return NULL;
    }
    mn_object *start, *stop, *step;
    int r = slice_long_indices((mn_slice *)self, length, &start, &stop, &step);
    MN_DECREF(length);
    if (r < 0)
        return NULL;
    mn_object *t = mn_tuple_pack(3, start, stop, step);
    MN_DECREF(start);
    MN_DECREF(stop);
    MN_DECREF(step);
    return t;
}

static mn_object *slice_reduce(mn_object *self, mn_object *const *args MN_UNUSED,
                               mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_slice *s = (mn_slice *)self;
    mn_object *a = mn_tuple_pack(3, s->start, s->stop, s->step);
    if (a == NULL)
        return NULL;
    mn_object *r = mn_tuple_pack(2, MN_OBJ(MN_TYPE(self)), a);
    MN_DECREF(a);
    return r;
}

static mn_object *slice_new(mn_type *type MN_UNUSED, mn_object *const *args, mn_ssize nargs,
                            mn_object *kwnames)
{
    if (mn_args_no_keywords("slice", kwnames) < 0)
        return NULL;
    if (nargs < 1) {
        mn_err_format(&mn_exc_TypeError, "slice expected at least 1 argument, got %zd", nargs);
        return NULL;
    }
    if (nargs > 3) {
        mn_err_format(&mn_exc_TypeError, "slice expected at most 3 arguments, got %zd", nargs);
        return NULL;
    }
    if (nargs == 1)   /* slice(stop) */
        return mn_slice_new(NULL, args[0], NULL);
    return mn_slice_new(args[0], args[1], nargs == 3 ? args[2] : NULL);
}

static void slice_dealloc(mn_object *self)
{
    mn_slice *s = (mn_slice *)self;
    mn_gc_untrack(self);
    MN_XDECREF(s->start);
    MN_XDECREF(s->stop);
    MN_XDECREF(s->step);
    mn_object_free(self);
}

static int slice_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    mn_slice *s = (mn_slice *)self;
    MN_VISIT(s->start);
    MN_VISIT(s->stop);
    MN_VISIT(s->step);
    return 0;
}

static int slice_clear(mn_object *self)
{
    mn_slice *s = (mn_slice *)self;
    MN_CLEAR(s->start);
    MN_CLEAR(s->stop);
    MN_CLEAR(s->step);
    return 0;
}

static mn_object *slice_repr(mn_object *self)
{
    mn_slice *s = (mn_slice *)self;
    return mn_str_from_format("slice(%R, %R, %R)",
                              s->start ? s->start : mn_none,
                              s->stop ? s->stop : mn_none,
                              s->step ? s->step : mn_none);
}

/* Slices compare like the tuples (start, stop, step). */
static mn_object *slice_richcompare(mn_object *v, mn_object *w, int op)
{
    if (!MN_SLICE_CHECK(v) || !MN_SLICE_CHECK(w))
        MN_RETURN_NOT_IMPLEMENTED;
    if (v == w)
        MN_RETURN_BOOL(op == MN_EQ || op == MN_LE || op == MN_GE);
    mn_slice *a = (mn_slice *)v, *b = (mn_slice *)w;
    mn_object *ta = mn_tuple_pack(3, a->start, a->stop, a->step);
    if (ta == NULL)
        return NULL;
    mn_object *tb = mn_tuple_pack(3, b->start, b->stop, b->step);
    if (tb == NULL) {
        MN_DECREF(ta);
        return NULL;
    }
    mn_object *res = mn_object_richcompare(ta, tb, op);
    MN_DECREF(ta);
    MN_DECREF(tb);
    return res;
}

static mn_method_def slice_methods[] = {
    {"indices", slice_indices_meth, MN_METH_O,
     "S.indices(len) -> (start, stop, stride)\n\n"
     "Assuming a sequence of length len, calculate the start and stop\n"
     "indices, and the stride length of the extended slice described by\n"
     "S. Out of bounds indices are clipped in a manner consistent with the\n"
     "handling of normal slices."},
    {"__reduce__", slice_reduce, MN_METH_NOARGS, "Return state information for pickling."},
    {NULL, NULL, 0, NULL}
};

static mn_member_def slice_members[] = {
    {"start", MN_T_OBJECT, offsetof(mn_slice, start), MN_MEMBER_READONLY, NULL},
    {"stop", MN_T_OBJECT, offsetof(mn_slice, stop), MN_MEMBER_READONLY, NULL},
    {"step", MN_T_OBJECT, offsetof(mn_slice, step), MN_MEMBER_READONLY, NULL},
    {NULL, 0, 0, 0, NULL}
};

mn_type mn_slice_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "slice",
    .basicsize = sizeof(mn_slice),
    .flags = MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_IMMUTABLETYPE,
    .doc = "slice(stop)\nslice(start, stop[, step])\n\n"
           "Create a slice object.  This is used for extended slicing (e.g. a[0:10:2]).",
    .dealloc = slice_dealloc,
    .traverse = slice_traverse,
    .clear = slice_clear,
    .new_ = slice_new,
    .repr = slice_repr,
    .hash = mn_object_hash_not_implemented,
    .richcompare = slice_richcompare,
    .methods = slice_methods,
    .members = slice_members,
};

/* ================================================================ range */

/* len(range(lo, hi, step)) as an int object:
 *   step > 0 and lo < hi:  (hi - lo - 1) // step + 1
 *   step < 0 and lo > hi:  (lo - hi - 1) // -step + 1
 *   otherwise 0 */
static mn_object *compute_range_length(mn_object *start, mn_object *stop, mn_object *step)
{
    int64_t lo, hi, st;
    if (mn_int_to_i64(start, &lo) && mn_int_to_i64(stop, &hi) && mn_int_to_i64(step, &st)) {
        /* Fast path in unsigned arithmetic: the difference of two int64
         * always fits in uint64. */
        uint64_t n = 0;
        if (st > 0 && lo < hi)
            n = ((uint64_t)hi - (uint64_t)lo - 1) / (uint64_t)st + 1;
        else if (st < 0 && lo > hi)
            n = ((uint64_t)lo - (uint64_t)hi - 1) / (0 - (uint64_t)st) + 1;
        return mn_int_from_u64(n);
    }
    mn_object *lo_o, *hi_o, *step_o;
    if (mn_int_sign(step) > 0) {
        lo_o = start; hi_o = stop; step_o = mn_new_ref(step);
    }
    else {
        lo_o = stop; hi_o = start; step_o = mn_number_negative(step);
        if (step_o == NULL)
            return NULL;
    }
    if (mn_int_compare(lo_o, hi_o) >= 0) {
        MN_DECREF(step_o);
        return mn_int_from_i64(0);
    }
    mn_object *one = mn_int_from_i64(1);
    mn_object *diff = int_sub(hi_o, lo_o);
    mn_object *t = NULL, *q = NULL, *res = NULL;
    if (one && diff && (t = int_sub(diff, one)) && (q = int_floordiv(t, step_o)))
        res = int_add(q, one);
    MN_XDECREF(one);
    MN_XDECREF(diff);
    MN_XDECREF(t);
    MN_XDECREF(q);
    MN_DECREF(step_o);
    return res;
}

/* Builds a range from int objects (steals none; step must be non-zero). */
static mn_object *make_range(mn_type *type, mn_object *start, mn_object *stop, mn_object *step)
{
    mn_object *length = compute_range_length(start, stop, step);
    if (length == NULL)
        return NULL;
    mn_range *r = (mn_range *)mn_type_generic_alloc(type, 0);
    if (r == NULL) {
        MN_DECREF(length);
        return NULL;
    }
    r->start = mn_new_ref(start);
    r->stop = mn_new_ref(stop);
    r->step = mn_new_ref(step);
    r->length = length;
    return MN_OBJ(r);
}

mn_object *mn_range_new(mn_object *start, mn_object *stop, mn_object *step)
{
    if (step != NULL && mn_int_sign(step) == 0) {
        mn_err_set_string(&mn_exc_ValueError, "range() arg 3 must not be zero");
        return NULL;
    }
    mn_object *zero = NULL, *one = NULL, *res;
    if (start == NULL)
        start = zero = mn_int_from_i64(0);
    if (step == NULL)
        step = one = mn_int_from_i64(1);
    res = (start && step) ? make_range(&mn_range_type, start, stop, step) : NULL;
    MN_XDECREF(zero);
    MN_XDECREF(one);
    return res;
}

/* range(stop) / range(start, stop[, step]); arguments go through
 * operator.index(), so range(1.5) raises TypeError. */
static mn_object *range_new_slot(mn_type *type, mn_object *const *args, mn_ssize nargs,
                                 mn_object *kwnames)
{
    if (mn_args_no_keywords("range", kwnames) < 0)
        return NULL;
    if (nargs < 1) {
        mn_err_format(&mn_exc_TypeError, "range expected at least 1 argument, got %zd", nargs);
        return NULL;
    }
    if (nargs > 3) {
        mn_err_format(&mn_exc_TypeError, "range expected at most 3 arguments, got %zd", nargs);
        return NULL;
    }
    mn_object *v[3] = {NULL, NULL, NULL};
    mn_object *res = NULL;
    for (mn_ssize i = 0; i < nargs; i++) {
        v[i] = mn_number_index(args[i]);
        if (v[i] == NULL)
            goto done;
    }
    mn_object *start, *stop, *step;
    if (nargs == 1) {
        v[1] = v[0];
        v[0] = mn_int_from_i64(0);
        v[2] = mn_int_from_i64(1);
        if (v[0] == NULL || v[2] == NULL)
            goto done;
    }
    else if (nargs == 2) {
        v[2] = mn_int_from_i64(1);
        if (v[2] == NULL)
            goto done;
    }
    start = v[0];
    stop = v[1];
    step = v[2];
    if (int_is_zero(step)) {
        mn_err_set_string(&mn_exc_ValueError, "range() arg 3 must not be zero");
        goto done;
    }
    res = make_range(type, start, stop, step);
done:
    for (int i = 0; i < 3; i++)
        MN_XDECREF(v[i]);
    return res;
}

static void range_dealloc(mn_object *self)
{
    mn_range *r = (mn_range *)self;
    MN_DECREF(r->start);
    MN_DECREF(r->stop);
    MN_DECREF(r->step);
    MN_DECREF(r->length);
    mn_object_free(self);
}

static mn_object *range_repr(mn_object *self)
{
    mn_range *r = (mn_range *)self;
    int64_t st;
    if (mn_int_to_i64(r->step, &st) && st == 1)
        return mn_str_from_format("range(%R, %R)", r->start, r->stop);
    return mn_str_from_format("range(%R, %R, %R)", r->start, r->stop, r->step);
}

static mn_ssize range_length(mn_object *self)
{
    int64_t n;
    if (!mn_int_to_i64(((mn_range *)self)->length, &n) || n > MN_SSIZE_MAX) {
        mn_err_set_string(&mn_exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return (mn_ssize)n;
}

static int range_bool(mn_object *self)
{
    return !int_is_zero(((mn_range *)self)->length);
}

/* start + i * step for an int object i (no bounds check). */
static mn_object *compute_item(mn_range *r, mn_object *i)
{
    int64_t a, b, c, prod, sum;
    if (mn_int_to_i64(r->start, &a) && mn_int_to_i64(i, &b) && mn_int_to_i64(r->step, &c) &&
        !__builtin_mul_overflow(b, c, &prod) && !__builtin_add_overflow(a, prod, &sum))
        return mn_int_from_i64(sum);
    mn_object *p = int_mul(i, r->step);
    if (p == NULL)
        return NULL;
    mn_object *res = int_add(r->start, p);
    MN_DECREF(p);
    return res;
}

/* r[i] with i an int object: negative indices count from the end. */
static mn_object *compute_range_item(mn_range *r, mn_object *arg)
{
    mn_object *i = mn_new_ref(arg);
    if (mn_int_sign(i) < 0) {
        MN_SETREF(i, int_add(i, r->length));
        if (i == NULL)
            return NULL;
    }
    if (mn_int_sign(i) < 0 || mn_int_compare(i, r->length) >= 0) {
        mn_err_set_string(&mn_exc_IndexError, "range object index out of range");
        MN_DECREF(i);
        return NULL;
    }
    mn_object *res = compute_item(r, i);
    MN_DECREF(i);
    return res;
}

/* range(0, 10, 2)[1:4] == range(2, 8, 2): slicing maps the slice's
 * positions through start + i * step. */
static mn_object *compute_slice(mn_range *r, mn_object *slice)
{
    mn_object *start, *stop, *step;
    if (slice_long_indices((mn_slice *)slice, r->length, &start, &stop, &step) < 0)
        return NULL;
    mn_object *substart = NULL, *substop = NULL, *substep = NULL, *res = NULL;
    if ((substart = compute_item(r, start)) && (substop = compute_item(r, stop)) &&
        (substep = int_mul(step, r->step)))
        res = make_range(&mn_range_type, substart, substop, substep);
    MN_XDECREF(substart);
    MN_XDECREF(substop);
    MN_XDECREF(substep);
    MN_DECREF(start);
    MN_DECREF(stop);
    MN_DECREF(step);
    return res;
}

static mn_object *range_subscript(mn_object *self, mn_object *key)
{
    mn_range *r = (mn_range *)self;
    if (mn_index_check(key)) {
        mn_object *i = mn_number_index(key);
        if (i == NULL)
            return NULL;
        mn_object *res = compute_range_item(r, i);
        MN_DECREF(i);
        return res;
    }
    if (MN_SLICE_CHECK(key))
        return compute_slice(r, key);
    mn_err_format(&mn_exc_TypeError, "range indices must be integers or slices, not %.200s",
                  MN_TYPE_NAME(key));
    return NULL;
}

/* O(1) membership for ints: in bounds and on the step grid. */
static int range_contains_long(mn_range *r, mn_object *ob)
{
    int in_bounds;
    if (mn_int_sign(r->step) > 0)
        in_bounds = mn_int_compare(r->start, ob) <= 0 && mn_int_compare(ob, r->stop) < 0;
    else
        in_bounds = mn_int_compare(ob, r->start) <= 0 && mn_int_compare(r->stop, ob) < 0;
    if (!in_bounds)
        return 0;
    mn_object *diff = int_sub(ob, r->start);
    if (diff == NULL)
        return -1;
    mn_object *rem = mn_number_binop(diff, r->step, MN_BINOP_REMAINDER);
    MN_DECREF(diff);
    if (rem == NULL)
        return -1;
    int res = int_is_zero(rem);
    MN_DECREF(rem);
    return res;
}

#define IS_PLAIN_INT(o) (MN_INT_CHECK_EXACT(o) || MN_BOOL_CHECK(o))

enum { SEARCH_CONTAINS, SEARCH_COUNT, SEARCH_INDEX };

/* Non-int values (3.0 in range(5), a custom __eq__...) fall back to
 * comparing item by item, like CPython's _PySequence_IterSearch. */
static mn_ssize iter_search(mn_object *seq, mn_object *value, int mode)
{
    mn_object *it = mn_object_get_iter(seq);
    if (it == NULL)
        return -1;
    mn_ssize n = 0, count = 0;
    for (;;) {
        mn_object *item = mn_iter_next(it);
        if (item == NULL) {
            if (mn_err_occurred()) {
                MN_DECREF(it);
                return -1;
            }
            break;
        }
        int cmp = mn_object_richcompare_bool(item, value, MN_EQ);
        MN_DECREF(item);
        if (cmp < 0) {
            MN_DECREF(it);
            return -1;
        }
        if (cmp > 0) {
            if (mode == SEARCH_CONTAINS) {
                MN_DECREF(it);
                return 1;
            }
            if (mode == SEARCH_INDEX) {
                MN_DECREF(it);
                return n;
            }
            count++;
        }
        n++;
    }
    MN_DECREF(it);
    if (mode == SEARCH_INDEX) {
        mn_err_set_string(&mn_exc_ValueError, "sequence.index(x): x not in sequence");
        return -1;
    }
    return count;
}

static int range_contains(mn_object *self, mn_object *ob)
{
    if (IS_PLAIN_INT(ob))
        return range_contains_long((mn_range *)self, ob);
    return (int)iter_search(self, ob, SEARCH_CONTAINS);
}

static mn_object *range_count(mn_object *self, mn_object *const *args,
                              mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    if (IS_PLAIN_INT(args[0])) {
        int r = range_contains_long((mn_range *)self, args[0]);
        if (r < 0)
            return NULL;
        return mn_int_from_i64(r);
    }
    mn_ssize c = iter_search(self, args[0], SEARCH_COUNT);
    return c < 0 ? NULL : mn_int_from_ssize(c);
}

static mn_object *range_index(mn_object *self, mn_object *const *args,
                              mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_range *r = (mn_range *)self;
    mn_object *ob = args[0];
    if (!IS_PLAIN_INT(ob)) {
        mn_ssize i = iter_search(self, ob, SEARCH_INDEX);
        return i < 0 ? NULL : mn_int_from_ssize(i);
    }
    int contains = range_contains_long(r, ob);
    if (contains < 0)
        return NULL;
    if (!contains) {
        mn_err_format(&mn_exc_ValueError, "%R is not in range", ob);
        return NULL;
    }
    /* (ob - start) // step */
    mn_object *diff = int_sub(ob, r->start);
    if (diff == NULL)
        return NULL;
    mn_object *res = int_floordiv(diff, r->step);
    MN_DECREF(diff);
    return res;
}

/* Ranges are equal when they produce the same sequence:
 * range(0) == range(2, 2) and range(0, 3, 2) == range(0, 4, 2). */
static int range_equals(mn_range *a, mn_range *b)
{
    if (a == b)
        return 1;
    if (mn_int_compare(a->length, b->length) != 0)
        return 0;
    if (int_is_zero(a->length))
        return 1;
    if (mn_int_compare(a->start, b->start) != 0)
        return 0;
    int64_t n;
    if (mn_int_to_i64(a->length, &n) && n == 1)
        return 1;
    return mn_int_compare(a->step, b->step) == 0;
}

static mn_object *range_richcompare(mn_object *v, mn_object *w, int op)
{
    if (!MN_IS_TYPE(v, &mn_range_type) || !MN_IS_TYPE(w, &mn_range_type))
        MN_RETURN_NOT_IMPLEMENTED;
    if (op != MN_EQ && op != MN_NE)
        MN_RETURN_NOT_IMPLEMENTED;
    int eq = range_equals((mn_range *)v, (mn_range *)w);
    MN_RETURN_BOOL(op == MN_EQ ? eq : !eq);
}

/* Consistent with ==: hash((len, start, step)) with the parts that don't
 * matter replaced by None, as CPython does. */
static mn_hash range_hash(mn_object *self)
{
    mn_range *r = (mn_range *)self;
    mn_object *second = mn_none, *third = mn_none;
    if (!int_is_zero(r->length)) {
        second = r->start;
        int64_t n;
        if (!(mn_int_to_i64(r->length, &n) && n == 1))
            third = r->step;
    }
    mn_object *t = mn_tuple_pack(3, r->length, second, third);
    if (t == NULL)
        return -1;
    mn_hash h = mn_object_hash(t);
    MN_DECREF(t);
    return h;
}

static mn_object *range_reduce(mn_object *self, mn_object *const *args MN_UNUSED,
                               mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_range *r = (mn_range *)self;
    mn_object *a = mn_tuple_pack(3, r->start, r->stop, r->step);
    if (a == NULL)
        return NULL;
    mn_object *res = mn_tuple_pack(2, MN_OBJ(MN_TYPE(self)), a);
    MN_DECREF(a);
    return res;
}

/* ------------------------------------------------------------ iterators */

typedef struct range_iter_object {      /* every value fits in int64 */
    mn_object ob_base;
    int64_t start, step, len;           /* next value, step, values left */
} range_iter_object;

typedef struct longrange_iter_object {  /* the general case */
    mn_object ob_base;
    mn_object *start, *step, *len;      /* ints */
} longrange_iter_object;

extern mn_type mn_longrange_iter_type;

/* An iterator yielding len values start, start+step, ...; the fast kind if
 * all of them fit in int64 (`fits` says the caller checked the values'
 * bounds, i.e. the range's start and stop fit). */
static mn_object *make_range_iter(mn_object *start, mn_object *step, mn_object *len, int fits)
{
    int64_t s, st, n;
    if (fits && mn_int_to_i64(start, &s) && mn_int_to_i64(step, &st) && mn_int_to_i64(len, &n)) {
        range_iter_object *it = (range_iter_object *)mn_type_generic_alloc(&mn_range_iter_type, 0);
        if (it == NULL)
            return NULL;
        it->start = s;
        it->step = st;
        it->len = n;
        return MN_OBJ(it);
    }
    longrange_iter_object *it =
        (longrange_iter_object *)mn_type_generic_alloc(&mn_longrange_iter_type, 0);
    if (it == NULL)
        return NULL;
    it->start = mn_new_ref(start);
    it->step = mn_new_ref(step);
    it->len = mn_new_ref(len);
    return MN_OBJ(it);
}

static int range_bounds_fit(mn_range *r)
{
    int64_t dummy;
    return mn_int_to_i64(r->start, &dummy) && mn_int_to_i64(r->stop, &dummy);
}

static mn_object *range_iter(mn_object *self)
{
    mn_range *r = (mn_range *)self;
    return make_range_iter(r->start, r->step, r->length, range_bounds_fit(r));
}

/* reversed(range(a, b, s)): from the last value down, step -s. */
static mn_object *range_reversed(mn_object *self, mn_object *const *args MN_UNUSED,
                                 mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_range *r = (mn_range *)self;
    mn_object *one = mn_int_from_i64(1);
    mn_object *last_index = NULL, *last = NULL, *neg_step = NULL, *res = NULL;
    if (one && (last_index = int_sub(r->length, one)) && (last = compute_item(r, last_index)) &&
        (neg_step = mn_number_negative(r->step)))
        res = make_range_iter(last, neg_step, r->length, range_bounds_fit(r));
    MN_XDECREF(one);
    MN_XDECREF(last_index);
    MN_XDECREF(last);
    MN_XDECREF(neg_step);
    return res;
}

static mn_object *iter_self(mn_object *self)
{
    return mn_new_ref(self);
}

static mn_object *range_iter_next(mn_object *self)
{
    range_iter_object *it = (range_iter_object *)self;
    if (it->len <= 0)
        return NULL;
    int64_t v = it->start;
    /* Unsigned so the step past the last value can't be signed overflow. */
    it->start = (int64_t)((uint64_t)it->start + (uint64_t)it->step);
    it->len--;
    return mn_int_from_i64(v);
}

static mn_object *range_iter_length_hint(mn_object *self, mn_object *const *args MN_UNUSED,
                                         mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return mn_int_from_i64(((range_iter_object *)self)->len);
}

static mn_object *longrange_iter_next(mn_object *self)
{
    longrange_iter_object *it = (longrange_iter_object *)self;
    if (mn_int_sign(it->len) <= 0)
        return NULL;
    mn_object *one = mn_int_from_i64(1);
    if (one == NULL)
        return NULL;
    mn_object *new_len = int_sub(it->len, one);
    MN_DECREF(one);
    if (new_len == NULL)
        return NULL;
    mn_object *new_start = int_add(it->start, it->step);
    if (new_start == NULL) {
        MN_DECREF(new_len);
        return NULL;
    }
    mn_object *result = it->start;   /* the reference moves to the caller */
    it->start = new_start;
    MN_SETREF(it->len, new_len);
    return result;
}

static mn_object *longrange_iter_length_hint(mn_object *self, mn_object *const *args MN_UNUSED,
                                             mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return mn_new_ref(((longrange_iter_object *)self)->len);
}

static void longrange_iter_dealloc(mn_object *self)
{
    longrange_iter_object *it = (longrange_iter_object *)self;
    MN_DECREF(it->start);
    MN_DECREF(it->step);
    MN_DECREF(it->len);
    mn_object_free(self);
}

static void plain_dealloc(mn_object *self)
{
    mn_object_free(self);
}

static mn_method_def range_iter_methods[] = {
    {"__length_hint__", range_iter_length_hint, MN_METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL}
};

static mn_method_def longrange_iter_methods[] = {
    {"__length_hint__", longrange_iter_length_hint, MN_METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL}
};

mn_type mn_range_iter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "range_iterator",
    .basicsize = sizeof(range_iter_object),
    .flags = MN_TPFLAGS_IMMUTABLETYPE,
    .dealloc = plain_dealloc,
    .iter = iter_self,
    .iternext = range_iter_next,
    .methods = range_iter_methods,
};

mn_type mn_longrange_iter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "longrange_iterator",
    .basicsize = sizeof(longrange_iter_object),
    .flags = MN_TPFLAGS_IMMUTABLETYPE,
    .dealloc = longrange_iter_dealloc,
    .iter = iter_self,
    .iternext = longrange_iter_next,
    .methods = longrange_iter_methods,
};

/* ---------------------------------------------------- the range type */

static mn_object *range_sizeof(mn_object *self, mn_object *const *args MN_UNUSED,
                               mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return mn_int_from_ssize(MN_TYPE(self)->basicsize);
}

static mn_method_def range_methods[] = {
    {"count", range_count, MN_METH_O, "rangeobject.count(value) -> integer -- return number of occurrences of value"},
    {"index", range_index, MN_METH_O,
     "rangeobject.index(value) -> integer -- return index of value.\n"
     "Raise ValueError if the value is not present."},
    {"__reversed__", range_reversed, MN_METH_NOARGS, "Return a reverse iterator."},
    {"__reduce__", range_reduce, MN_METH_NOARGS, NULL},
    {"__sizeof__", range_sizeof, MN_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static mn_member_def range_members[] = {
    {"start", MN_T_OBJECT, offsetof(mn_range, start), MN_MEMBER_READONLY, NULL},
    {"stop", MN_T_OBJECT, offsetof(mn_range, stop), MN_MEMBER_READONLY, NULL},
    {"step", MN_T_OBJECT, offsetof(mn_range, step), MN_MEMBER_READONLY, NULL},
    {NULL, 0, 0, 0, NULL}
};

static mn_number_methods range_as_number = {
    .bool_ = range_bool,
};

mn_type mn_range_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "range",
    .basicsize = sizeof(mn_range),
    .flags = MN_TPFLAGS_IMMUTABLETYPE,
    .doc = "range(stop) -> range object\n"
           "range(start, stop[, step]) -> range object\n\n"
           "Return an object that produces a sequence of integers from start (inclusive)\n"
           "to stop (exclusive) by step.",
    .dealloc = range_dealloc,
    .new_ = range_new_slot,
    .repr = range_repr,
    .hash = range_hash,
    .richcompare = range_richcompare,
    .iter = range_iter,
    .length = range_length,
    .getitem = range_subscript,
    .contains = range_contains,
    .as_number = &range_as_number,
    .methods = range_methods,
    .members = range_members,
};

int mn_range_init_types(void)
{
    if (mn_type_ready(&mn_range_type) < 0 || mn_type_ready(&mn_range_iter_type) < 0 ||
        mn_type_ready(&mn_longrange_iter_type) < 0 || mn_type_ready(&mn_slice_type) < 0)
        return -1;
    return 0;
}

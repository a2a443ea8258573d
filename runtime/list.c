/* runtime/list.c — the list type and its forward/reverse iterators.
 *
 * Owns: mn_list_type, mn_list_iter_type, mn_list_reviter_type and
 * list_resize, the over-allocation policy. (sort() lives in listsort.c.)
 *
 * A list is a header plus a separately allocated array of `allocated`
 * item pointers of which the first `size` are in use, like CPython's
 * PyListObject. Growth follows CPython 3.11's list_resize exactly, so the
 * capacities a learner sees through sys.getsizeof() / __sizeof__ while
 * appending are CPython's: 0, 4, 8, 16, 24, 32, 40, 52, 64, 76, ...
 */
#include <string.h>
#include "runtime/runtime.h"

/* ----------------------------------------------------------- capacity */

/* Sets the size to newsize, reallocating when needed:
 *  - if the current capacity suffices and the list wouldn't be less than
 *    half full, only the size changes (amortised O(1) append and pop);
 *  - otherwise the capacity becomes newsize + newsize/8 + 6 rounded down
 *    to a multiple of 4 (about 12.5% headroom), except that a big jump
 *    (extend by many items) gets no headroom beyond rounding up to 4,
 *    since it is not a sign of repeated appends.
 * Items beyond the old size are left for the caller to fill. */
static int list_resize(mn_list *self, mn_ssize newsize)
{
    mn_ssize allocated = self->allocated;
    if (allocated >= newsize && newsize >= (allocated >> 1)) {
        MN_SIZE(self) = newsize;
        return 0;
    }
    size_t new_allocated = ((size_t)newsize + ((size_t)newsize >> 3) + 6) & ~(size_t)3;
    if (newsize - MN_SIZE(self) > (mn_ssize)(new_allocated - (size_t)newsize))
        new_allocated = ((size_t)newsize + 3) & ~(size_t)3;
    if (newsize == 0)
        new_allocated = 0;
    mn_object **items;
    if (new_allocated == 0) {
        mn_mem_free(self->items);
        items = NULL;
    }
    else {
        if (new_allocated > (size_t)MN_SSIZE_MAX / sizeof(mn_object *)) {
            mn_err_no_memory();
            return -1;
        }
        items = mn_mem_realloc(self->items, new_allocated * sizeof(mn_object *));
        if (items == NULL) {
            mn_err_no_memory();
            return -1;
        }
    }
    self->items = items;
    MN_SIZE(self) = newsize;
    self->allocated = (mn_ssize)new_allocated;
    return 0;
}

int mn_list_resize(mn_object *list, mn_ssize newsize)
{
    return list_resize((mn_list *)list, newsize);
}

/* Gives an empty list exactly room for `size` items, rounded up to even
 * (CPython 3.11's list_preallocate_exact, used when the final length is
 * known: list(tuple), [] + extend(list)). */
static int list_preallocate_exact(mn_list *self, mn_ssize size)
{
    size = (size + 1) & ~(mn_ssize)1;
    if ((size_t)size > (size_t)MN_SSIZE_MAX / sizeof(mn_object *)) {
        mn_err_no_memory();
        return -1;
    }
    mn_object **items = mn_mem_alloc((size_t)size * sizeof(mn_object *));
    if (items == NULL) {
        mn_err_no_memory();
        return -1;
    }
    self->items = items;
    self->allocated = size;
    return 0;
}

/* --------------------------------------------------------- construction */

/* A new, tracked list with room for exactly `size` items (size may be 0). */
static mn_list *list_new_prealloc(mn_ssize size)
{
    mn_list *op = (mn_list *)mn_type_generic_alloc(&mn_list_type, 0);
    if (op == NULL)
        return NULL;
    if (size > 0) {
        if ((size_t)size > (size_t)MN_SSIZE_MAX / sizeof(mn_object *)) {
            MN_DECREF(op);
            return mn_err_no_memory();
        }
        op->items = mn_mem_alloc((size_t)size * sizeof(mn_object *));
        if (op->items == NULL) {
            MN_DECREF(op);
            return mn_err_no_memory();
        }
        memset(op->items, 0, (size_t)size * sizeof(mn_object *));
        op->allocated = size;
    }
    mn_gc_track(MN_OBJ(op));
    return op;
}

mn_object *mn_list_new(mn_ssize n)
{
    if (n < 0) {
        mn_err_bad_internal_call("mn_list_new");
        return NULL;
    }
    mn_list *op = list_new_prealloc(n);
    if (op == NULL)
        return NULL;
    MN_SIZE(op) = n;   /* n NULL items for the caller to fill */
    return MN_OBJ(op);
}

mn_object *mn_list_slice(mn_object *list, mn_ssize lo, mn_ssize hi)
{
    mn_ssize n = MN_LIST_SIZE(list);
    if (lo < 0)
        lo = 0;
    else if (lo > n)
        lo = n;
    if (hi < lo)
        hi = lo;
    else if (hi > n)
        hi = n;
    mn_list *np = list_new_prealloc(hi - lo);
    if (np == NULL)
        return NULL;
    for (mn_ssize i = lo; i < hi; i++)
        np->items[i - lo] = mn_new_ref(MN_LIST_GET(list, i));
    MN_SIZE(np) = hi - lo;
    return MN_OBJ(np);
}

mn_object *mn_list_as_tuple(mn_object *list)
{
    return mn_tuple_from_array(MN_LIST_ITEMS(list), MN_LIST_SIZE(list));
}

/* ------------------------------------------------------------ mutation */

int mn_list_append(mn_object *list, mn_object *item)
{
    mn_list *self = (mn_list *)list;
    mn_ssize n = MN_SIZE(self);
    if (n < self->allocated) {   /* fast path: room left */
        self->items[n] = mn_new_ref(item);
        MN_SIZE(self) = n + 1;
        return 0;
    }
    if (list_resize(self, n + 1) < 0)
        return -1;
    self->items[n] = mn_new_ref(item);
    return 0;
}

int mn_list_insert(mn_object *list, mn_ssize where, mn_object *item)
{
    mn_list *self = (mn_list *)list;
    mn_ssize n = MN_SIZE(self);
    if (list_resize(self, n + 1) < 0)
        return -1;
    /* Out-of-range positions clamp, as list.insert does. */
    if (where < 0) {
        where += n;
        if (where < 0)
            where = 0;
    }
    if (where > n)
        where = n;
    memmove(&self->items[where + 1], &self->items[where],
            (size_t)(n - where) * sizeof(mn_object *));
    self->items[where] = mn_new_ref(item);
    return 0;
}

/* Empties the list. Items are released only after the list is consistent
 * again, because a released item's __del__ may look at the list. */
static int list_clear_items(mn_list *a)
{
    mn_object **items = a->items;
    mn_ssize i = MN_SIZE(a);
    if (items == NULL)
        return 0;
    a->items = NULL;
    MN_SIZE(a) = 0;
    a->allocated = 0;   /* also tells a running sort() it was mutated */
    while (--i >= 0)
        MN_XDECREF(items[i]);
    mn_mem_free(items);
    return 0;
}

/* Turns any iterable into something with an item array: a list or tuple
 * gets a new reference, anything else is collected into a new list.
 * `msg` replaces the TypeError of a non-iterable (CPython's
 * PySequence_Fast). */
static mn_object *sequence_fast(mn_object *v, const char *msg)
{
    if (MN_LIST_CHECK_EXACT(v) || MN_TUPLE_CHECK_EXACT(v))
        return mn_new_ref(v);
    mn_object *it = mn_object_get_iter(v);
    if (it == NULL) {
        if (msg && mn_err_matches(&mn_exc_TypeError))
            mn_err_set_string(&mn_exc_TypeError, msg);
        return NULL;
    }
    mn_object *res = mn_list_from_iterable(it);
    MN_DECREF(it);
    return res;
}

#define FAST_SIZE(s)  (MN_LIST_CHECK(s) ? MN_LIST_SIZE(s) : MN_TUPLE_SIZE(s))
#define FAST_ITEMS(s) (MN_LIST_CHECK(s) ? MN_LIST_ITEMS(s) : MN_TUPLE_ITEMS(s))

int mn_list_extend(mn_object *list, mn_object *iterable)
{
    mn_list *self = (mn_list *)list;
    if (MN_LIST_CHECK_EXACT(iterable) || MN_TUPLE_CHECK_EXACT(iterable) || iterable == list) {
        /* Known length: one resize, then copy (a snapshot when a list is
         * extended by itself). */
        mn_object *seq = sequence_fast(iterable, NULL);
        if (seq == NULL)
            return -1;
        mn_ssize n = FAST_SIZE(seq);
        if (n == 0) {
            MN_DECREF(seq);
            return 0;
        }
        mn_ssize m = MN_SIZE(self);
        if (self->items == NULL) {
            if (list_preallocate_exact(self, n) < 0) {
                MN_DECREF(seq);
                return -1;
            }
            MN_SIZE(self) = n;
        }
        else if (list_resize(self, m + n) < 0) {
            MN_DECREF(seq);
            return -1;
        }
        mn_object **src = FAST_ITEMS(seq);
        for (mn_ssize i = 0; i < n; i++)
            self->items[m + i] = mn_new_ref(src[i]);
        MN_DECREF(seq);
        return 0;
    }

    mn_object *it = mn_object_get_iter(iterable);
    if (it == NULL)
        return -1;
    mn_unaryfunc iternext = MN_TYPE(it)->iternext;
    /* Guess the final size from __len__/__length_hint__ (8 if unknown). */
    mn_ssize n = mn_object_length_hint(iterable, 8);
    if (n < 0) {
        MN_DECREF(it);
        return -1;
    }
    mn_ssize m = MN_SIZE(self);
    if (m > MN_SSIZE_MAX - n) {
        /* m + n overflows: the hint lied, or we'll run out of memory in
         * the loop anyway. */
    }
    else if (self->items == NULL) {
        /* A fresh list: trust the hint exactly (list(iter([1, 2, 3]))
         * gets room for 4 items, like CPython). */
        if (n > 0 && list_preallocate_exact(self, n) < 0)
            goto error;
    }
    else {
        if (list_resize(self, m + n) < 0)
            goto error;
        MN_SIZE(self) = m;   /* the room is reserved, the list stays sane */
    }
    for (;;) {
        mn_object *item = iternext ? iternext(it) : mn_iter_next(it);
        if (item == NULL) {
            if (mn_err_occurred()) {
                if (!mn_err_matches(&mn_exc_StopIteration))
                    goto error;
                mn_err_clear();
            }
            break;
        }
        if (MN_SIZE(self) < self->allocated) {
            self->items[MN_SIZE(self)] = item;   /* steals the reference */
            MN_SIZE(self)++;
        }
        else {
            int r = mn_list_append(list, item);
            MN_DECREF(item);
            if (r < 0)
                goto error;
        }
    }
    /* Give back the room if the guess was too large. */
    if (MN_SIZE(self) < self->allocated && list_resize(self, MN_SIZE(self)) < 0)
        goto error;
    MN_DECREF(it);
    return 0;
error:
    MN_DECREF(it);
    return -1;
}

mn_object *mn_list_from_iterable(mn_object *iterable)
{
    mn_list *self = list_new_prealloc(0);
    if (self == NULL)
        return NULL;
    /* When the length is known up front (a __len__), allocate exactly. */
    if (MN_TYPE(iterable)->length != NULL && !MN_LIST_CHECK_EXACT(iterable) &&
        !MN_TUPLE_CHECK_EXACT(iterable)) {
        mn_ssize n = mn_object_length(iterable);
        if (n < 0) {
            MN_DECREF(self);
            return NULL;
        }
        if (n > 0 && list_preallocate_exact(self, n) < 0) {
            MN_DECREF(self);
            return NULL;
        }
    }
    if (mn_list_extend(MN_OBJ(self), iterable) < 0) {
        MN_DECREF(self);
        return NULL;
    }
    return MN_OBJ(self);
}

int mn_list_reverse(mn_object *list)
{
    mn_object **lo = MN_LIST_ITEMS(list);
    if (MN_LIST_SIZE(list) < 2)
        return 0;
    mn_object **hi = lo + MN_LIST_SIZE(list) - 1;
    while (lo < hi) {
        mn_object *t = *lo;
        *lo++ = *hi;
        *hi-- = t;
    }
    return 0;
}

/* a[ilow:ihigh] = v (v NULL deletes), CPython's list_ass_slice: the
 * replaced items are copied aside and released only once the list is
 * consistent again. */
static int list_ass_slice(mn_list *a, mn_ssize ilow, mn_ssize ihigh, mn_object *v)
{
    mn_object *v_fast = NULL;
    mn_object **vitem = NULL;
    mn_object *recycle_on_stack[8];
    mn_object **recycle = recycle_on_stack;
    mn_ssize n = 0;
    int result = -1;

    if (v != NULL) {
        if (v == MN_OBJ(a)) {   /* a[i:j] = a: assign a copy */
            v = mn_list_slice(v, 0, MN_SIZE(a));
            if (v == NULL)
                return -1;
            result = list_ass_slice(a, ilow, ihigh, v);
            MN_DECREF(v);
            return result;
        }
        v_fast = sequence_fast(v, "can only assign an iterable");
        if (v_fast == NULL)
            return -1;
        n = FAST_SIZE(v_fast);
        vitem = FAST_ITEMS(v_fast);
    }
    if (ilow < 0)
        ilow = 0;
    else if (ilow > MN_SIZE(a))
        ilow = MN_SIZE(a);
    if (ihigh < ilow)
        ihigh = ilow;
    else if (ihigh > MN_SIZE(a))
        ihigh = MN_SIZE(a);

    mn_ssize norig = ihigh - ilow;
    mn_ssize d = n - norig;
    if (MN_SIZE(a) + d == 0) {
        MN_XDECREF(v_fast);
        return list_clear_items(a);
    }
    mn_object **item = a->items;
    size_t s = (size_t)norig * sizeof(mn_object *);
    if (s) {
        if (norig > 8) {
            recycle = mn_mem_alloc(s);
            if (recycle == NULL) {
                mn_err_no_memory();
                goto done;
            }
        }
        memcpy(recycle, &item[ilow], s);
    }
    if (d < 0) {   /* shrink: slide the tail left, then resize */
        size_t tail = (size_t)(MN_SIZE(a) - ihigh) * sizeof(mn_object *);
        memmove(&item[ihigh + d], &item[ihigh], tail);
        if (list_resize(a, MN_SIZE(a) + d) < 0) {
            memmove(&item[ihigh], &item[ihigh + d], tail);
            memcpy(&item[ilow], recycle, s);
            goto done;
        }
        item = a->items;
    }
    else if (d > 0) {   /* grow: resize, then slide the tail right */
        mn_ssize k = MN_SIZE(a);
        if (list_resize(a, k + d) < 0)
            goto done;
        item = a->items;
        memmove(&item[ihigh + d], &item[ihigh], (size_t)(k - ihigh) * sizeof(mn_object *));
    }
    for (mn_ssize k = 0; k < n; k++, ilow++)
        item[ilow] = mn_new_ref(vitem[k]);
    for (mn_ssize k = norig - 1; k >= 0; --k)
        MN_XDECREF(recycle[k]);
    result = 0;
done:
    if (recycle != recycle_on_stack)
        mn_mem_free(recycle);
    MN_XDECREF(v_fast);
    return result;
}

/* ----------------------------------------------------------- lifecycle */

static void list_dealloc(mn_object *self)
{
    mn_list *op = (mn_list *)self;
    mn_gc_untrack(self);
    if (mn_trashcan_begin(self))
        return;
    if (op->items != NULL) {
        for (mn_ssize i = MN_SIZE(op); --i >= 0; )
            MN_XDECREF(op->items[i]);
        mn_mem_free(op->items);
    }
    mn_object_free(self);
    mn_trashcan_end();
}

static int list_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    for (mn_ssize i = MN_SIZE(self); --i >= 0; )
        MN_VISIT(MN_LIST_GET(self, i));
    return 0;
}

static int list_gc_clear(mn_object *self)
{
    return list_clear_items((mn_list *)self);
}

/* --------------------------------------------------------------- repr */

static mn_object *list_repr(mn_object *self)
{
    if (MN_SIZE(self) == 0)
        return mn_str_from_cstr("[]");
    int r = mn_repr_enter(self);
    if (r != 0)
        return r > 0 ? mn_str_from_cstr("[...]") : NULL;
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_sb_append_char(&sb, '[');
    /* The size is re-read on every step: an item's __repr__ may shrink
     * the list. */
    for (mn_ssize i = 0; i < MN_SIZE(self); i++) {
        if (i > 0)
            mn_sb_append(&sb, ", ", 2);
        mn_object *item = mn_new_ref(MN_LIST_GET(self, i));
        int ok = mn_sb_append_repr(&sb, item);
        MN_DECREF(item);
        if (ok < 0) {
            mn_sb_discard(&sb);
            mn_repr_leave(self);
            return NULL;
        }
    }
    mn_sb_append_char(&sb, ']');
    mn_repr_leave(self);
    return mn_sb_finish(&sb);
}

/* ---------------------------------------------------------- comparison */

static mn_object *list_richcompare(mn_object *v, mn_object *w, int op)
{
    if (!MN_LIST_CHECK(v) || !MN_LIST_CHECK(w))
        MN_RETURN_NOT_IMPLEMENTED;
    /* Lists of different lengths can't be equal: no item compared. */
    if (MN_SIZE(v) != MN_SIZE(w) && (op == MN_EQ || op == MN_NE))
        MN_RETURN_BOOL(op == MN_NE);
    mn_ssize i;
    /* Search for the first index where items differ. Sizes are re-read each
     * time because __eq__ may mutate either list. */
    for (i = 0; i < MN_SIZE(v) && i < MN_SIZE(w); i++) {
        mn_object *vi = mn_new_ref(MN_LIST_GET(v, i));
        mn_object *wi = mn_new_ref(MN_LIST_GET(w, i));
        int k = mn_object_richcompare_bool(vi, wi, MN_EQ);
        MN_DECREF(vi);
        MN_DECREF(wi);
        if (k < 0)
            return NULL;
        if (!k)
            break;
    }
    mn_ssize vs = MN_SIZE(v), ws = MN_SIZE(w);
    if (i >= vs || i >= ws) {
        int c;
        switch (op) {
        case MN_LT: c = vs < ws; break;
        case MN_LE: c = vs <= ws; break;
        case MN_EQ: c = vs == ws; break;
        case MN_NE: c = vs != ws; break;
        case MN_GT: c = vs > ws; break;
        default:    c = vs >= ws; break;
        }
        MN_RETURN_BOOL(c);
    }
    if (op == MN_EQ)
        MN_RETURN_FALSE;
    if (op == MN_NE)
        MN_RETURN_TRUE;
    mn_object *vi = mn_new_ref(MN_LIST_GET(v, i));
    mn_object *wi = mn_new_ref(MN_LIST_GET(w, i));
    mn_object *res = mn_object_richcompare(vi, wi, op);
    MN_DECREF(vi);
    MN_DECREF(wi);
    return res;
}

/* ----------------------------------------------------- sequence slots */

static mn_ssize list_length(mn_object *self)
{
    return MN_SIZE(self);
}

static int list_contains(mn_object *self, mn_object *el)
{
    int cmp = 0;
    for (mn_ssize i = 0; cmp == 0 && i < MN_SIZE(self); i++) {
        mn_object *item = mn_new_ref(MN_LIST_GET(self, i));
        cmp = mn_object_richcompare_bool(item, el, MN_EQ);
        MN_DECREF(item);
    }
    return cmp;
}

static mn_object *list_subscript(mn_object *self, mn_object *key)
{
    if (mn_index_check(key)) {
        mn_ssize i = mn_number_as_ssize(key, MN_OBJ(&mn_exc_IndexError));
        if (i == -1 && mn_err_occurred())
            return NULL;
        if ((i = mn_sequence_check_index(i, MN_SIZE(self), "list index out of range")) < 0)
            return NULL;
        return mn_new_ref(MN_LIST_GET(self, i));
    }
    if (MN_SLICE_CHECK(key)) {
        mn_ssize start, stop, step;
        mn_ssize n = mn_slice_indices(key, MN_SIZE(self), &start, &stop, &step);
        if (n < 0)
            return NULL;
        if (step == 1)
            return mn_list_slice(self, start, stop);
        mn_list *r = list_new_prealloc(n);
        if (r == NULL)
            return NULL;
        for (mn_ssize i = 0, cur = start; i < n; i++, cur += step)
            r->items[i] = mn_new_ref(MN_LIST_GET(self, cur));
        MN_SIZE(r) = n;
        return MN_OBJ(r);
    }
    mn_err_format(&mn_exc_TypeError, "list indices must be integers or slices, not %.200s",
                  MN_TYPE_NAME(key));
    return NULL;
}

/* del a[start:stop:step] for |step| > 1: compact the survivors in place. */
static int list_del_extended(mn_list *self, mn_ssize start, mn_ssize step, mn_ssize slicelength)
{
    if (slicelength <= 0)
        return 0;
    if (step < 0) {   /* walk the same items from left to right */
        start = start + step * (slicelength - 1);
        step = -step;
    }
    mn_object **garbage = mn_mem_alloc((size_t)slicelength * sizeof(mn_object *));
    if (garbage == NULL) {
        mn_err_no_memory();
        return -1;
    }
    mn_ssize cur = start, i;
    for (i = 0; i < slicelength; i++, cur += step) {
        mn_ssize lim = step - 1;
        garbage[i] = self->items[cur];
        if (cur + step >= MN_SIZE(self))
            lim = MN_SIZE(self) - cur - 1;
        memmove(&self->items[cur - i], &self->items[cur + 1], (size_t)lim * sizeof(mn_object *));
    }
    cur = start + slicelength * step;
    if (cur < MN_SIZE(self))
        memmove(&self->items[cur - slicelength], &self->items[cur],
                (size_t)(MN_SIZE(self) - cur) * sizeof(mn_object *));
    MN_SIZE(self) -= slicelength;
    int res = list_resize(self, MN_SIZE(self));
    for (i = 0; i < slicelength; i++)
        MN_DECREF(garbage[i]);
    mn_mem_free(garbage);
    return res;
}

static int list_ass_subscript(mn_object *obj, mn_object *key, mn_object *value)
{
    mn_list *self = (mn_list *)obj;
    if (mn_index_check(key)) {
        mn_ssize i = mn_number_as_ssize(key, MN_OBJ(&mn_exc_IndexError));
        if (i == -1 && mn_err_occurred())
            return -1;
        if ((i = mn_sequence_check_index(i, MN_SIZE(self), "list assignment index out of range")) < 0)
            return -1;
        if (value == NULL)
            return list_ass_slice(self, i, i + 1, NULL);
        MN_SETREF(self->items[i], mn_new_ref(value));
        return 0;
    }
    if (!MN_SLICE_CHECK(key)) {
        mn_err_format(&mn_exc_TypeError, "list indices must be integers or slices, not %.200s",
                      MN_TYPE_NAME(key));
        return -1;
    }
    mn_ssize start, stop, step;
    if (mn_slice_unpack(key, &start, &stop, &step) < 0)
        return -1;
    mn_ssize slicelength = mn_slice_adjust_indices(MN_SIZE(self), &start, &stop, step);
    if (step == 1)
        return list_ass_slice(self, start, stop, value);
    if (value == NULL)
        return list_del_extended(self, start, step, slicelength);

    /* Extended slice assignment: the sizes must match exactly. */
    mn_object *seq = (value == obj) ? mn_list_slice(value, 0, MN_SIZE(self))
                                    : sequence_fast(value, "must assign iterable to extended slice");
    if (seq == NULL)
        return -1;
    if (FAST_SIZE(seq) != slicelength) {
        mn_err_format(&mn_exc_ValueError,
                      "attempt to assign sequence of size %zd to extended slice of size %zd",
                      FAST_SIZE(seq), slicelength);
        MN_DECREF(seq);
        return -1;
    }
    if (slicelength == 0) {
        MN_DECREF(seq);
        return 0;
    }
    mn_object **garbage = mn_mem_alloc((size_t)slicelength * sizeof(mn_object *));
    if (garbage == NULL) {
        MN_DECREF(seq);
        mn_err_no_memory();
        return -1;
    }
    mn_object **src = FAST_ITEMS(seq);
    for (mn_ssize cur = start, i = 0; i < slicelength; cur += step, i++) {
        garbage[i] = self->items[cur];
        self->items[cur] = mn_new_ref(src[i]);
    }
    for (mn_ssize i = 0; i < slicelength; i++)
        MN_DECREF(garbage[i]);
    mn_mem_free(garbage);
    MN_DECREF(seq);
    return 0;
}

/* ------------------------------------------------------ number slots */

/* list + list. Anything else is NotImplemented: a user type's __radd__
 * then gets its chance, and mn_number_binop words the TypeError the way
 * CPython does ('can only concatenate list (not "tuple") to list'). */
static mn_object *list_concat(mn_object *a, mn_object *b)
{
    if (!MN_LIST_CHECK(a) || !MN_LIST_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    mn_ssize na = MN_SIZE(a), nb = MN_SIZE(b);
    if (na > MN_SSIZE_MAX - nb)
        return mn_err_no_memory();
    mn_list *np = list_new_prealloc(na + nb);
    if (np == NULL)
        return NULL;
    for (mn_ssize i = 0; i < na; i++)
        np->items[i] = mn_new_ref(MN_LIST_GET(a, i));
    for (mn_ssize i = 0; i < nb; i++)
        np->items[na + i] = mn_new_ref(MN_LIST_GET(b, i));
    MN_SIZE(np) = na + nb;
    return MN_OBJ(np);
}

static mn_object *list_inplace_concat(mn_object *a, mn_object *b)
{
    if (!MN_LIST_CHECK(a))
        MN_RETURN_NOT_IMPLEMENTED;
    /* += accepts any iterable, unlike + */
    if (mn_list_extend(a, b) < 0)
        return NULL;
    return mn_new_ref(a);
}

/* Finds which operand is the list and which the count. A non-int count
 * is NotImplemented (the other operand may know better; otherwise
 * mn_number_binop raises "can't multiply sequence by non-int of type ..").
 * 1 ok, 0 not mine, -1 error. */
static int repeat_operands(mn_object *a, mn_object *b, mn_object **seq, mn_ssize *n)
{
    mn_object *count = b;
    *seq = a;
    if (!MN_LIST_CHECK(a)) {
        *seq = b;
        count = a;
    }
    if (!mn_index_check(count))
        return 0;
    *n = mn_number_as_ssize(count, MN_OBJ(&mn_exc_OverflowError));
    if (*n == -1 && mn_err_occurred())
        return -1;
    return 1;
}

static mn_object *list_repeat(mn_object *a, mn_object *b)
{
    mn_object *seq;
    mn_ssize n;
    int r = repeat_operands(a, b, &seq, &n);
    if (r <= 0) {
        if (r == 0)
            MN_RETURN_NOT_IMPLEMENTED;
        return NULL;
    }
    mn_ssize size = MN_SIZE(seq);
    if (n <= 0 || size == 0)
        return MN_OBJ(list_new_prealloc(0));
    if (size > MN_SSIZE_MAX / n)
        return mn_err_no_memory();
    mn_list *np = list_new_prealloc(size * n);
    if (np == NULL)
        return NULL;
    mn_object **dst = np->items;
    for (mn_ssize k = 0; k < n; k++)
        for (mn_ssize i = 0; i < size; i++)
            *dst++ = mn_new_ref(MN_LIST_GET(seq, i));
    MN_SIZE(np) = size * n;
    return MN_OBJ(np);
}

static mn_object *list_inplace_repeat(mn_object *a, mn_object *b)
{
    if (!MN_LIST_CHECK(a) || !mn_index_check(b))
        MN_RETURN_NOT_IMPLEMENTED;   /* the binop fallback raises the message */
    mn_list *self = (mn_list *)a;
    mn_ssize n = mn_number_as_ssize(b, MN_OBJ(&mn_exc_OverflowError));
    if (n == -1 && mn_err_occurred())
        return NULL;
    mn_ssize size = MN_SIZE(self);
    if (size == 0 || n == 1)
        return mn_new_ref(a);
    if (n < 1) {
        list_clear_items(self);
        return mn_new_ref(a);
    }
    if (size > MN_SSIZE_MAX / n)
        return mn_err_no_memory();
    if (list_resize(self, size * n) < 0)
        return NULL;
    mn_object **p = self->items + size;
    for (mn_ssize k = 1; k < n; k++)
        for (mn_ssize j = 0; j < size; j++)
            *p++ = mn_new_ref(self->items[j]);
    return mn_new_ref(a);
}

static int list_bool(mn_object *self)
{
    return MN_SIZE(self) != 0;
}

/* ------------------------------------------------------------ methods */

static mn_object *list_append_meth(mn_object *self, mn_object *const *args,
                                   mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    if (mn_list_append(self, args[0]) < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *list_extend_meth(mn_object *self, mn_object *const *args,
                                   mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    if (mn_list_extend(self, args[0]) < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *list_insert_meth(mn_object *self, mn_object *const *args, mn_ssize nargs,
                                   mn_object *kwnames)
{
    if (mn_args_no_keywords("insert", kwnames) < 0)
        return NULL;
    if (nargs != 2) {
        mn_err_format(&mn_exc_TypeError, "insert expected 2 arguments, got %zd", nargs);
        return NULL;
    }
    mn_ssize where = mn_number_as_ssize(args[0], MN_OBJ(&mn_exc_OverflowError));
    if (where == -1 && mn_err_occurred())
        return NULL;
    if (mn_list_insert(self, where, args[1]) < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *list_pop(mn_object *obj, mn_object *const *args, mn_ssize nargs,
                           mn_object *kwnames)
{
    mn_list *self = (mn_list *)obj;
    mn_ssize i = -1;
    if (mn_args_no_keywords("pop", kwnames) < 0 || mn_args_count("pop", nargs, 0, 1) < 0)
        return NULL;
    if (nargs == 1) {
        i = mn_number_as_ssize(args[0], MN_OBJ(&mn_exc_OverflowError));
        if (i == -1 && mn_err_occurred())
            return NULL;
    }
    if (MN_SIZE(self) == 0) {
        mn_err_set_string(&mn_exc_IndexError, "pop from empty list");
        return NULL;
    }
    if (i < 0)
        i += MN_SIZE(self);
    if (i < 0 || i >= MN_SIZE(self)) {
        mn_err_set_string(&mn_exc_IndexError, "pop index out of range");
        return NULL;
    }
    mn_object *v = self->items[i];
    if (i == MN_SIZE(self) - 1) {
        /* Popping the last item: a resize that may shrink the array. */
        if (list_resize(self, MN_SIZE(self) - 1) < 0)
            return NULL;
        return v;   /* the list's reference passes to the caller */
    }
    MN_INCREF(v);
    if (list_ass_slice(self, i, i + 1, NULL) < 0) {
        MN_DECREF(v);
        return NULL;
    }
    return v;
}

static mn_object *list_remove(mn_object *self, mn_object *const *args,
                              mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    for (mn_ssize i = 0; i < MN_SIZE(self); i++) {
        mn_object *item = mn_new_ref(MN_LIST_GET(self, i));
        int cmp = mn_object_richcompare_bool(item, args[0], MN_EQ);
        MN_DECREF(item);
        if (cmp > 0) {
            if (list_ass_slice((mn_list *)self, i, i + 1, NULL) < 0)
                return NULL;
            MN_RETURN_NONE;
        }
        if (cmp < 0)
            return NULL;
    }
    mn_err_set_string(&mn_exc_ValueError, "list.remove(x): x not in list");
    return NULL;
}

static mn_object *list_index(mn_object *self, mn_object *const *args, mn_ssize nargs,
                             mn_object *kwnames)
{
    mn_ssize start = 0, stop = MN_SSIZE_MAX;
    if (mn_args_no_keywords("index", kwnames) < 0 || mn_args_count("index", nargs, 1, 3) < 0)
        return NULL;
    if (nargs > 1 && mn_slice_index_not_none(args[1], &start) < 0)
        return NULL;
    if (nargs > 2 && mn_slice_index_not_none(args[2], &stop) < 0)
        return NULL;
    if (start < 0) {
        start += MN_SIZE(self);
        if (start < 0)
            start = 0;
    }
    if (stop < 0) {
        stop += MN_SIZE(self);
        if (stop < 0)
            stop = 0;
    }
    for (mn_ssize i = start; i < stop && i < MN_SIZE(self); i++) {
        mn_object *item = mn_new_ref(MN_LIST_GET(self, i));
        int cmp = mn_object_richcompare_bool(item, args[0], MN_EQ);
        MN_DECREF(item);
        if (cmp > 0)
            return mn_int_from_ssize(i);
        if (cmp < 0)
            return NULL;
    }
    mn_err_format(&mn_exc_ValueError, "%R is not in list", args[0]);
    return NULL;
}

static mn_object *list_count(mn_object *self, mn_object *const *args,
                             mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_ssize count = 0;
    for (mn_ssize i = 0; i < MN_SIZE(self); i++) {
        mn_object *item = MN_LIST_GET(self, i);
        if (item == args[0]) {   /* identity implies equality: skip the call */
            count++;
            continue;
        }
        MN_INCREF(item);
        int cmp = mn_object_richcompare_bool(item, args[0], MN_EQ);
        MN_DECREF(item);
        if (cmp < 0)
            return NULL;
        count += cmp;
    }
    return mn_int_from_ssize(count);
}

static mn_object *list_reverse_meth(mn_object *self, mn_object *const *args MN_UNUSED,
                                    mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_list_reverse(self);
    MN_RETURN_NONE;
}

static mn_object *list_copy(mn_object *self, mn_object *const *args MN_UNUSED,
                            mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return mn_list_slice(self, 0, MN_SIZE(self));
}

static mn_object *list_clear_meth(mn_object *self, mn_object *const *args MN_UNUSED,
                                  mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    list_clear_items((mn_list *)self);
    MN_RETURN_NONE;
}

static mn_object *list_sort_meth(mn_object *self, mn_object *const *args, mn_ssize nargs,
                                 mn_object *kwnames)
{
    static const char *const params[] = {"*", "key", "reverse", NULL};
    mn_object *a[2];
    if (nargs > 0) {
        mn_err_set_string(&mn_exc_TypeError, "sort() takes no positional arguments");
        return NULL;
    }
    if (mn_args_bind("sort", args, nargs, kwnames, params, 0, a) < 0)
        return NULL;
    int reverse = 0;
    if (a[1] != NULL) {
        /* reverse= takes an int (CPython's bool(accept={int})). */
        if (!mn_index_check(a[1])) {
            mn_err_format(&mn_exc_TypeError, "'%.200s' object cannot be interpreted as an integer",
                          MN_TYPE_NAME(a[1]));
            return NULL;
        }
        int t = mn_object_is_true(a[1]);
        if (t < 0)
            return NULL;
        reverse = t;
    }
    mn_object *key = (a[0] == mn_none) ? NULL : a[0];
    if (mn_list_sort(self, key, reverse) < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *list_sizeof(mn_object *self, mn_object *const *args MN_UNUSED,
                              mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    /* The capacity counts, not the length: this is what makes list
     * over-allocation visible through sys.getsizeof(). */
    mn_ssize allocated = ((mn_list *)self)->allocated;
    return mn_int_from_ssize(MN_TYPE(self)->basicsize +
                             (allocated > 0 ? allocated : 0) * (mn_ssize)sizeof(mn_object *));
}

static mn_object *list_reversed(mn_object *self, mn_object *const *args,
                                mn_ssize nargs, mn_object *kwnames);

/* ------------------------------------------------------- construction */

static mn_object *list_new(mn_type *type, mn_object *const *args MN_UNUSED,
                           mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    /* The items are filled by __init__ (list(x) == list.__init__(list(), x)). */
    mn_object *op = mn_type_generic_alloc(type, 0);
    if (op == NULL)
        return NULL;
    mn_gc_track(op);
    return op;
}

static int list_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (MN_TYPE(self) == &mn_list_type && mn_args_no_keywords("list", kwnames) < 0)
        return -1;
    if (nargs > 1) {
        mn_err_format(&mn_exc_TypeError, "list expected at most 1 argument, got %zd", nargs);
        return -1;
    }
    /* __init__ may be called again on a live list: start from empty. */
    list_clear_items((mn_list *)self);
    if (nargs == 1) {
        mn_object *iterable = args[0];
        mn_list *lst = (mn_list *)self;
        if (MN_TYPE(iterable)->length != NULL && !MN_LIST_CHECK_EXACT(iterable) &&
            !MN_TUPLE_CHECK_EXACT(iterable)) {
            mn_ssize n = mn_object_length(iterable);
            if (n < 0)
                return -1;
            if (n > 0 && lst->items == NULL && list_preallocate_exact(lst, n) < 0)
                return -1;
        }
        if (mn_list_extend(self, iterable) < 0)
            return -1;
    }
    return 0;
}

static mn_object *list_iter(mn_object *self);

static mn_method_def list_methods[] = {
    {"append", list_append_meth, MN_METH_O, "Append object to the end of the list."},
    {"extend", list_extend_meth, MN_METH_O, "Extend list by appending elements from the iterable."},
    {"insert", list_insert_meth, MN_METH_VARARGS, "Insert object before index."},
    {"pop", list_pop, MN_METH_VARARGS,
     "Remove and return item at index (default last).\n\n"
     "Raises IndexError if list is empty or index is out of range."},
    {"remove", list_remove, MN_METH_O,
     "Remove first occurrence of value.\n\nRaises ValueError if the value is not present."},
    {"index", list_index, MN_METH_VARARGS,
     "Return first index of value.\n\nRaises ValueError if the value is not present."},
    {"count", list_count, MN_METH_O, "Return number of occurrences of value."},
    {"reverse", list_reverse_meth, MN_METH_NOARGS, "Reverse *IN PLACE*."},
    {"copy", list_copy, MN_METH_NOARGS, "Return a shallow copy of the list."},
    {"clear", list_clear_meth, MN_METH_NOARGS, "Remove all items from list."},
    {"sort", list_sort_meth, MN_METH_VARARGS,
     "Sort the list in ascending order and return None.\n\n"
     "The sort is in-place (i.e. the list itself is modified) and stable (i.e. the\n"
     "order of two equal elements is maintained)."},
    {"__reversed__", list_reversed, MN_METH_NOARGS, "Return a reverse iterator over the list."},
    {"__sizeof__", list_sizeof, MN_METH_NOARGS, "Return the size of the list in memory, in bytes."},
    {NULL, NULL, 0, NULL}
};

static mn_number_methods list_as_number = {
    .binop[MN_BINOP_ADD] = list_concat,
    .binop[MN_BINOP_MULTIPLY] = list_repeat,
    .inplace[MN_BINOP_ADD] = list_inplace_concat,
    .inplace[MN_BINOP_MULTIPLY] = list_inplace_repeat,
    .bool_ = list_bool,
};

mn_type mn_list_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "list",
    .basicsize = sizeof(mn_list),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_LIST_SUBCLASS |
             MN_TPFLAGS_IMMUTABLETYPE,
    .doc = "Built-in mutable sequence.\n\n"
           "If no argument is given, the constructor creates a new empty list.\n"
           "The argument must be an iterable if specified.",
    .dealloc = list_dealloc,
    .traverse = list_traverse,
    .clear = list_gc_clear,
    .new_ = list_new,
    .init = list_init,
    .repr = list_repr,
    .hash = mn_object_hash_not_implemented,
    .richcompare = list_richcompare,
    .iter = list_iter,
    .length = list_length,
    .getitem = list_subscript,
    .setitem = list_ass_subscript,
    .contains = list_contains,
    .as_number = &list_as_number,
    .methods = list_methods,
};

/* ---------------------------------------------------------- iterators */

typedef struct list_iter_object {
    mn_object ob_base;
    mn_ssize index;
    mn_object *seq;   /* NULL once exhausted */
} list_iter_object;

static mn_object *new_list_iter(mn_type *type, mn_object *seq, mn_ssize index)
{
    list_iter_object *it = (list_iter_object *)mn_type_generic_alloc(type, 0);
    if (it == NULL)
        return NULL;
    it->index = index;
    it->seq = mn_new_ref(seq);
    mn_gc_track(MN_OBJ(it));
    return MN_OBJ(it);
}

static mn_object *list_iter(mn_object *self)
{
    return new_list_iter(&mn_list_iter_type, self, 0);
}

static mn_object *list_reversed(mn_object *self, mn_object *const *args MN_UNUSED,
                                mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return new_list_iter(&mn_list_reviter_type, self, MN_SIZE(self) - 1);
}

static void list_iter_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    MN_XDECREF(((list_iter_object *)self)->seq);
    mn_object_free(self);
}

static int list_iter_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(((list_iter_object *)self)->seq);
    return 0;
}

static int list_iter_clear(mn_object *self)
{
    MN_CLEAR(((list_iter_object *)self)->seq);
    return 0;
}

static mn_object *iter_self(mn_object *self)
{
    return mn_new_ref(self);
}

/* The list may change while iterated: the index is checked against the
 * current size on every step (never a stale pointer). */
static mn_object *list_iter_next(mn_object *self)
{
    list_iter_object *it = (list_iter_object *)self;
    if (it->seq == NULL)
        return NULL;
    if (it->index < MN_SIZE(it->seq))
        return mn_new_ref(MN_LIST_GET(it->seq, it->index++));
    MN_CLEAR(it->seq);
    return NULL;
}

static mn_object *list_reviter_next(mn_object *self)
{
    list_iter_object *it = (list_iter_object *)self;
    if (it->seq == NULL)
        return NULL;
    if (it->index >= 0 && it->index < MN_SIZE(it->seq))
        return mn_new_ref(MN_LIST_GET(it->seq, it->index--));
    it->index = -1;
    MN_CLEAR(it->seq);
    return NULL;
}

static mn_object *list_iter_length_hint(mn_object *self, mn_object *const *args MN_UNUSED,
                                        mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    list_iter_object *it = (list_iter_object *)self;
    mn_ssize n = it->seq ? MN_SIZE(it->seq) - it->index : 0;
    return mn_int_from_ssize(n < 0 ? 0 : n);
}

static mn_object *list_reviter_length_hint(mn_object *self, mn_object *const *args MN_UNUSED,
                                           mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    list_iter_object *it = (list_iter_object *)self;
    mn_ssize n = 0;
    if (it->seq && it->index < MN_SIZE(it->seq))
        n = it->index + 1;
    return mn_int_from_ssize(n < 0 ? 0 : n);
}

static mn_method_def list_iter_methods[] = {
    {"__length_hint__", list_iter_length_hint, MN_METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL}
};

static mn_method_def list_reviter_methods[] = {
    {"__length_hint__", list_reviter_length_hint, MN_METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL}
};

mn_type mn_list_iter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "list_iterator",
    .basicsize = sizeof(list_iter_object),
    .flags = MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_IMMUTABLETYPE,
    .dealloc = list_iter_dealloc,
    .traverse = list_iter_traverse,
    .clear = list_iter_clear,
    .iter = iter_self,
    .iternext = list_iter_next,
    .methods = list_iter_methods,
};

mn_type mn_list_reviter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "list_reverseiterator",
    .basicsize = sizeof(list_iter_object),
    .flags = MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_IMMUTABLETYPE,
    .dealloc = list_iter_dealloc,
    .traverse = list_iter_traverse,
    .clear = list_iter_clear,
    .iter = iter_self,
    .iternext = list_reviter_next,
    .methods = list_reviter_methods,
};

int mn_list_init_types(void)
{
    if (mn_type_ready(&mn_list_type) < 0 || mn_type_ready(&mn_list_iter_type) < 0 ||
        mn_type_ready(&mn_list_reviter_type) < 0)
        return -1;
    return 0;
}

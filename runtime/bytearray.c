/* runtime/bytearray.c — the bytearray type: a mutable byte string.
 *
 * The bytes live in a separate buffer (`data`, `allocated` bytes) that is
 * over-allocated like CPython's PyByteArray_Resize does, so appends are
 * amortised O(1) and sys.getsizeof() shows the capacity. Whenever the
 * buffer exists it holds a NUL after the last byte. An empty, never-grown
 * bytearray points at a shared static "" instead of owning a buffer
 * (CPython keeps ob_bytes NULL there; we avoid NULL so memcpy/memchr on an
 * empty view are always well-defined).
 *
 * The read-only methods (find, split, decode...) are shared with bytes and
 * live in runtime/bytes.c.
 */
#include <string.h>

#include "runtime/runtime.h"
#include "runtime/bytes.h"

static char empty_buf[1];   /* data of a bytearray with allocated == 0 */

int mn_bytearray_resize(mn_object *o, mn_ssize size)
{
    mn_bytearray *ba = (mn_bytearray *)o;
    mn_ssize alloc = ba->allocated;
    if (size == MN_SIZE(ba))
        return 0;
    if (size < 0 || size > MN_SSIZE_MAX - (MN_SSIZE_MAX >> 3) - 16) {
        mn_err_no_memory();
        return -1;
    }
    if (size + 1 <= alloc) {
        /* Big enough already: shrink the buffer only for a major downsize. */
        if (size >= alloc / 2) {
            MN_SIZE(ba) = size;
            ba->data[size] = '\0';
            return 0;
        }
        alloc = size + 1;
    } else if (size <= alloc + (alloc >> 3)) {
        /* Moderate growth: over-allocate like list_resize() does. */
        alloc = size + (size >> 3) + (size < 9 ? 3 : 6);
    } else {
        /* Major growth (e.g. the first fill): allocate exactly. */
        alloc = size + 1;
    }
    char *nd;
    if (ba->allocated == 0) {
        nd = mn_mem_alloc((size_t)alloc);
        if (nd != NULL && MN_SIZE(ba) > 0)
            memcpy(nd, ba->data, (size_t)MN_SIZE(ba));
    } else {
        nd = mn_mem_realloc(ba->data, (size_t)alloc);
    }
    if (nd == NULL) {
        mn_err_no_memory();
        return -1;
    }
    ba->data = nd;
    ba->allocated = alloc;
    MN_SIZE(ba) = size;
    nd[size] = '\0';
    return 0;
}

static mn_object *bytearray_alloc(mn_type *type)
{
    mn_bytearray *ba = (mn_bytearray *)mn_type_generic_alloc(type, 0);
    if (ba == NULL)
        return NULL;
    MN_SIZE(ba) = 0;
    ba->allocated = 0;
    ba->data = empty_buf;
    ba->exports = 0;
    return MN_OBJ(ba);
}

mn_object *mn_bytearray_from_data(const char *data, mn_ssize n)
{
    mn_object *ba = bytearray_alloc(&mn_bytearray_type);
    if (ba == NULL)
        return NULL;
    if (n > 0) {
        if (mn_bytearray_resize(ba, n) < 0) {
            MN_DECREF(ba);
            return NULL;
        }
        memcpy(MN_BYTEARRAY_DATA(ba), data, (size_t)n);
    }
    return ba;
}

/* Replaces self[lo:hi] with bytes[0:needed] (CPython's
 * bytearray_setslice_linear). `bytes` must not point into self. */
static int setslice_linear(mn_object *self, mn_ssize lo, mn_ssize hi,
                           const char *bytes, mn_ssize needed)
{
    mn_ssize size = MN_SIZE(self);
    mn_ssize growth = needed - (hi - lo);
    if (growth < 0) {
        char *d = MN_BYTEARRAY_DATA(self);
        memmove(d + lo + needed, d + hi, (size_t)(size - hi));
        if (mn_bytearray_resize(self, size + growth) < 0)
            return -1;
    } else if (growth > 0) {
        if (size > MN_SSIZE_MAX - growth) {
            mn_err_no_memory();
            return -1;
        }
        if (mn_bytearray_resize(self, size + growth) < 0)
            return -1;
        char *d = MN_BYTEARRAY_DATA(self);
        memmove(d + lo + needed, d + hi, (size_t)(size - hi));
    }
    if (needed > 0)
        memcpy(MN_BYTEARRAY_DATA(self) + lo, bytes, (size_t)needed);
    return 0;
}

/* Collects an iterable of ints into a fresh bytearray (values checked). */
static mn_object *bytearray_from_iterable(mn_object *iterable)
{
    mn_object *ba = bytearray_alloc(&mn_bytearray_type);
    if (ba == NULL)
        return NULL;
    mn_object *it = mn_object_get_iter(iterable);
    if (it == NULL) {
        MN_DECREF(ba);
        return NULL;
    }
    mn_object *item;
    while ((item = mn_iter_next(it)) != NULL) {
        int v;
        int r = mn_bytes_byte_value(item, &v, "byte must be in range(0, 256)");
        MN_DECREF(item);
        if (r < 0 || mn_bytearray_resize(ba, MN_SIZE(ba) + 1) < 0)
            goto fail;
        MN_BYTEARRAY_DATA(ba)[MN_SIZE(ba) - 1] = (char)v;
    }
    if (mn_err_occurred())
        goto fail;
    MN_DECREF(it);
    return ba;
fail:
    MN_DECREF(it);
    MN_DECREF(ba);
    return NULL;
}

/* A private bytearray copy of an assignable value: bytes-like, or an
 * iterable of ints (what bytearray slice assignment and extend accept). */
static mn_object *bytearray_copy_of(mn_object *o)
{
    const char *p;
    mn_ssize n;
    if (mn_bytes_view_opt(o, &p, &n))
        return mn_bytearray_from_data(p, n);
    return bytearray_from_iterable(o);
}

/* ------------------------------------------------------------ slots */

static mn_object *bytearray_new(mn_type *type, mn_object *const *args MN_UNUSED,
                                mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return bytearray_alloc(type);
}

/* bytearray.__init__(source=b'', encoding=..., errors=...); re-running it
 * on an existing object starts from empty, as in CPython. */
static int bytearray_init(mn_object *self, mn_object *const *args, mn_ssize nargs,
                          mn_object *kwnames)
{
    static const char *const params[] = {"source", "encoding", "errors", NULL};
    mn_object *a[3];
    if (mn_args_bind("bytearray", args, nargs, kwnames, params, 0, a) < 0)
        return -1;
    mn_object *src = a[0], *enc = a[1], *errs = a[2];
    static const char *const names[] = {"encoding", "errors"};
    for (int k = 1; k < 3; k++) {
        if (a[k] != NULL && !MN_STR_CHECK(a[k])) {
            mn_err_format(&mn_exc_TypeError, "bytearray() argument '%s' must be str, not %s",
                          names[k - 1], MN_TYPE_NAME(a[k]));
            return -1;
        }
    }
    if (MN_SIZE(self) != 0 && mn_bytearray_resize(self, 0) < 0)
        return -1;
    if (src == NULL) {
        if (enc != NULL || errs != NULL) {
            mn_err_set_string(&mn_exc_TypeError, enc ? "encoding without a string argument"
                                                     : "errors without a string argument");
            return -1;
        }
        return 0;
    }
    if (MN_STR_CHECK(src)) {
        if (enc == NULL) {
            mn_err_set_string(&mn_exc_TypeError, "string argument without an encoding");
            return -1;
        }
        mn_object *encoded = mn_bytes_encode_str(src, enc, errs);
        if (encoded == NULL)
            return -1;
        const char *p;
        mn_ssize n;
        int r = mn_bytes_view(encoded, &p, &n);
        if (r == 0)
            r = setslice_linear(self, 0, 0, p, n);
        MN_DECREF(encoded);
        return r;
    }
    if (enc != NULL || errs != NULL) {
        mn_err_set_string(&mn_exc_TypeError, enc ? "encoding without a string argument"
                                                 : "errors without a string argument");
        return -1;
    }
    /* An int-like argument: that many zero bytes. */
    if (mn_index_check(src)) {
        mn_ssize n = mn_number_as_ssize(src, MN_OBJ(&mn_exc_OverflowError));
        if (n == -1 && mn_err_occurred()) {
            if (!mn_err_matches(&mn_exc_TypeError))
                return -1;
            mn_err_clear();
        } else {
            if (n < 0) {
                mn_err_set_string(&mn_exc_ValueError, "negative count");
                return -1;
            }
            if (mn_bytearray_resize(self, n) < 0)
                return -1;
            memset(MN_BYTEARRAY_DATA(self), 0, (size_t)n);
            return 0;
        }
    }
    const char *p;
    mn_ssize n;
    if (mn_bytes_view_opt(src, &p, &n)) {
        if (src == self)
            return 0;   /* it was just emptied: bytearray(self) -> empty */
        return setslice_linear(self, 0, 0, p, n);
    }
    if (MN_TYPE(src)->iter == NULL && mn_type_lookup_str(MN_TYPE(src), "__getitem__") == NULL) {
        mn_err_format(&mn_exc_TypeError, "cannot convert '%s' object to bytearray",
                      MN_TYPE_NAME(src));
        return -1;
    }
    if (MN_LIST_CHECK_EXACT(src) || MN_TUPLE_CHECK_EXACT(src)) {
        /* Known length: one exact allocation (CPython's fast path). */
        mn_object *tmp = bytearray_from_iterable(src);
        if (tmp == NULL)
            return -1;
        int r = setslice_linear(self, 0, 0, MN_BYTEARRAY_DATA(tmp), MN_SIZE(tmp));
        MN_DECREF(tmp);
        return r;
    }
    /* General iterable: append one by one, growing as appends do. */
    mn_object *it = mn_object_get_iter(src);
    if (it == NULL)
        return -1;
    mn_object *item;
    while ((item = mn_iter_next(it)) != NULL) {
        int v;
        int r = mn_bytes_byte_value(item, &v, "byte must be in range(0, 256)");
        MN_DECREF(item);
        if (r < 0 || mn_bytearray_resize(self, MN_SIZE(self) + 1) < 0) {
            MN_DECREF(it);
            return -1;
        }
        MN_BYTEARRAY_DATA(self)[MN_SIZE(self) - 1] = (char)v;
    }
    MN_DECREF(it);
    return mn_err_occurred() ? -1 : 0;
}

static void bytearray_dealloc(mn_object *o)
{
    mn_bytearray *ba = (mn_bytearray *)o;
    if (ba->allocated > 0)
        mn_mem_free(ba->data);
    mn_object_free(o);
}

static mn_ssize bytearray_length(mn_object *o)
{
    return MN_SIZE(o);
}

/* Deletes self[start::step] (slicelen items; step may be negative). */
static int delete_extended(mn_object *self, mn_ssize start, mn_ssize step, mn_ssize slicelen)
{
    if (slicelen <= 0)
        return 0;
    if (step < 0) {   /* walk the same positions left to right */
        start += step * (slicelen - 1);
        step = -step;
    }
    char *d = MN_BYTEARRAY_DATA(self);
    mn_ssize size = MN_SIZE(self), w = start, next = start, k = 0;
    for (mn_ssize r = start; r < size; r++) {
        if (k < slicelen && r == next) {
            k++;
            next += step;
            continue;
        }
        d[w++] = d[r];
    }
    return mn_bytearray_resize(self, w);
}

/* self[key] = value, del self[key] (value NULL). */
static int bytearray_ass_subscript(mn_object *self, mn_object *key, mn_object *value)
{
    mn_ssize start, stop, step, slicelen;
    if (mn_index_check(key)) {
        mn_ssize i = mn_number_as_ssize(key, MN_OBJ(&mn_exc_IndexError));
        if (i == -1 && mn_err_occurred())
            return -1;
        int v = -1;
        /* Convert the value before the bounds check: its __index__ could
         * resize us (CPython gh-91153). */
        if (value != NULL && mn_bytes_byte_value(value, &v, "byte must be in range(0, 256)") < 0)
            return -1;
        if ((i = mn_sequence_check_index(i, MN_SIZE(self), "bytearray index out of range")) < 0)
            return -1;
        if (value != NULL) {
            MN_BYTEARRAY_DATA(self)[i] = (char)v;
            return 0;
        }
        return setslice_linear(self, i, i + 1, NULL, 0);
    }
    if (!MN_SLICE_CHECK(key)) {
        mn_err_format(&mn_exc_TypeError, "bytearray indices must be integers or slices, not %s",
                      MN_TYPE_NAME(key));
        return -1;
    }
    if (value == NULL) {
        slicelen = mn_slice_indices(key, MN_SIZE(self), &start, &stop, &step);
        if (slicelen < 0)
            return -1;
        if (step == 1)
            return setslice_linear(self, start, start + slicelen, NULL, 0);
        return delete_extended(self, start, step, slicelen);
    }
    /* The new contents: a private copy unless it is another bytearray
     * (then no user code can run between here and the copy below). */
    mn_object *src;
    if (MN_BYTEARRAY_CHECK(value) && value != self) {
        src = MN_NEW_REF(value);
    } else {
        if (mn_index_check(value) || MN_STR_CHECK(value) ||
            MN_TYPE(value) == &mn_float_type) {
            mn_err_set_string(&mn_exc_TypeError,
                "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
            return -1;
        }
        if ((src = bytearray_copy_of(value)) == NULL)
            return -1;
    }
    int r = -1;
    slicelen = mn_slice_indices(key, MN_SIZE(self), &start, &stop, &step);
    if (slicelen < 0)
        goto done;
    mn_ssize needed = MN_SIZE(src);
    const char *bytes = MN_BYTEARRAY_DATA(src);
    /* Make sure b[5:2] = ... inserts before 5, not before 2. */
    if ((step < 0 && start < stop) || (step > 0 && start > stop))
        stop = start;
    if (step == 1) {
        r = setslice_linear(self, start, stop, bytes, needed);
    } else if (needed == 0) {
        r = delete_extended(self, start, step, slicelen);
    } else if (needed != slicelen) {
        mn_err_format(&mn_exc_ValueError,
                      "attempt to assign bytes of size %zd to extended slice of size %zd",
                      needed, slicelen);
    } else {
        char *d = MN_BYTEARRAY_DATA(self);
        for (mn_ssize i = 0, cur = start; i < slicelen; i++, cur += step)
            d[cur] = bytes[i];
        r = 0;
    }
done:
    MN_DECREF(src);
    return r;
}

mn_object *mn_bytearray_repeat(mn_object *ba, mn_ssize times)
{
    mn_ssize n = MN_SIZE(ba);
    if (times < 0)
        times = 0;
    if (n && times > MN_SSIZE_MAX / 2 / n)
        return mn_err_no_memory();
    mn_object *r = mn_bytearray_from_data("", 0);
    if (r == NULL)
        return NULL;
    if (n * times > 0) {
        if (mn_bytearray_resize(r, n * times) < 0) {
            MN_DECREF(r);
            return NULL;
        }
        char *d = MN_BYTEARRAY_DATA(r);
        for (mn_ssize i = 0; i < times; i++)
            memcpy(d + i * n, MN_BYTEARRAY_DATA(ba), (size_t)n);
    }
    return r;
}

/* a += b: only bytes-like right operands (CPython's bytearray_iconcat). */
static mn_object *bytearray_iconcat(mn_object *a, mn_object *b)
{
    const char *p;
    mn_ssize n;
    if (!MN_BYTEARRAY_CHECK(a))
        MN_RETURN_NOT_IMPLEMENTED;
    if (!mn_bytes_view_opt(b, &p, &n)) {
        mn_err_format(&mn_exc_TypeError, "can't concat %s to %s", MN_TYPE_NAME(b), MN_TYPE_NAME(a));
        return NULL;
    }
    mn_ssize size = MN_SIZE(a);
    if (n > MN_SSIZE_MAX - size)
        return mn_err_no_memory();
    if (a == b && n > 0) {
        /* CPython exports b's buffer while resizing a, so `ba += ba` fails
         * there; we keep the same observable behaviour. */
        mn_err_set_string(&mn_exc_BufferError, "Existing exports of data: object cannot be re-sized");
        return NULL;
    } else {
        if (mn_bytearray_resize(a, size + n) < 0)
            return NULL;
        memcpy(MN_BYTEARRAY_DATA(a) + size, p, (size_t)n);
    }
    return MN_NEW_REF(a);
}

/* a *= n, repeating in place. */
static mn_object *bytearray_irepeat(mn_object *a, mn_object *b)
{
    if (!MN_BYTEARRAY_CHECK(a))
        MN_RETURN_NOT_IMPLEMENTED;
    mn_object *seq;
    mn_ssize times;
    int r = mn_bytes_repeat_operands(a, b, &seq, &times);
    if (r < 0)
        return NULL;
    if (r > 0)
        MN_RETURN_NOT_IMPLEMENTED;
    mn_ssize n = MN_SIZE(a);
    if (n && times > MN_SSIZE_MAX / 2 / n)
        return mn_err_no_memory();
    if (mn_bytearray_resize(a, n * times) < 0)
        return NULL;
    char *d = MN_BYTEARRAY_DATA(a);
    for (mn_ssize i = 1; i < times; i++)
        memcpy(d + i * n, d, (size_t)n);
    return MN_NEW_REF(a);
}

/* ---------------------------------------------------------- methods */

static mn_object *ba_append(mn_object *self, mn_object *const *args, mn_ssize nargs MN_UNUSED,
                            mn_object *kw MN_UNUSED)
{
    int v;
    if (mn_bytes_byte_value(args[0], &v, "byte must be in range(0, 256)") < 0)
        return NULL;
    if (mn_bytearray_resize(self, MN_SIZE(self) + 1) < 0)
        return NULL;
    MN_BYTEARRAY_DATA(self)[MN_SIZE(self) - 1] = (char)v;
    MN_RETURN_NONE;
}

static mn_object *ba_extend(mn_object *self, mn_object *const *args, mn_ssize nargs MN_UNUSED,
                            mn_object *kw MN_UNUSED)
{
    mn_object *x = args[0];
    if (!mn_bytes_view_opt(x, &(const char *){0}, &(mn_ssize){0}) &&
        MN_TYPE(x)->iter == NULL && mn_type_lookup_str(MN_TYPE(x), "__getitem__") == NULL) {
        mn_err_format(&mn_exc_TypeError, "can't extend bytearray with %s", MN_TYPE_NAME(x));
        return NULL;
    }
    /* Gather into a separate buffer first (the iterable may be self). */
    mn_object *tmp = bytearray_copy_of(x);
    if (tmp == NULL)
        return NULL;
    mn_ssize n = MN_SIZE(self);
    int r = setslice_linear(self, n, n, MN_BYTEARRAY_DATA(tmp), MN_SIZE(tmp));
    MN_DECREF(tmp);
    if (r < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *ba_insert(mn_object *self, mn_object *const *args, mn_ssize nargs,
                            mn_object *kw)
{
    if (mn_args_no_keywords("insert", kw) < 0 || mn_args_count("insert", nargs, 2, 2) < 0)
        return NULL;
    mn_ssize where = mn_number_as_ssize(args[0], MN_OBJ(&mn_exc_OverflowError));
    if (where == -1 && mn_err_occurred())
        return NULL;
    int v;
    if (mn_bytes_byte_value(args[1], &v, "byte must be in range(0, 256)") < 0)
        return NULL;
    mn_ssize n = MN_SIZE(self);
    if (where < 0) {
        where += n;
        if (where < 0)
            where = 0;
    }
    if (where > n)
        where = n;
    char c = (char)v;
    if (setslice_linear(self, where, where, &c, 1) < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *ba_pop(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("pop", kw) < 0 || mn_args_count("pop", nargs, 0, 1) < 0)
        return NULL;
    mn_ssize i = -1;
    if (nargs == 1) {
        i = mn_number_as_ssize(args[0], MN_OBJ(&mn_exc_OverflowError));
        if (i == -1 && mn_err_occurred())
            return NULL;
    }
    mn_ssize n = MN_SIZE(self);
    if (n == 0) {
        mn_err_set_string(&mn_exc_IndexError, "pop from empty bytearray");
        return NULL;
    }
    if (i < 0)
        i += n;
    if (i < 0 || i >= n) {
        mn_err_set_string(&mn_exc_IndexError, "pop index out of range");
        return NULL;
    }
    unsigned char c = (unsigned char)MN_BYTEARRAY_DATA(self)[i];
    if (setslice_linear(self, i, i + 1, NULL, 0) < 0)
        return NULL;
    return mn_int_from_i64(c);
}

static mn_object *ba_remove(mn_object *self, mn_object *const *args, mn_ssize nargs MN_UNUSED,
                            mn_object *kw MN_UNUSED)
{
    int v;
    if (mn_bytes_byte_value(args[0], &v, "byte must be in range(0, 256)") < 0)
        return NULL;
    const char *d = MN_BYTEARRAY_DATA(self);
    const char *q = MN_SIZE(self) ? memchr(d, v, (size_t)MN_SIZE(self)) : NULL;
    if (q == NULL) {
        mn_err_set_string(&mn_exc_ValueError, "value not found in bytearray");
        return NULL;
    }
    if (setslice_linear(self, q - d, q - d + 1, NULL, 0) < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *ba_reverse(mn_object *self, mn_object *const *args MN_UNUSED,
                             mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    char *d = MN_BYTEARRAY_DATA(self);
    for (mn_ssize i = 0, j = MN_SIZE(self) - 1; i < j; i++, j--) {
        char t = d[i];
        d[i] = d[j];
        d[j] = t;
    }
    MN_RETURN_NONE;
}

static mn_object *ba_clear(mn_object *self, mn_object *const *args MN_UNUSED,
                           mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    if (mn_bytearray_resize(self, 0) < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *ba_copy(mn_object *self, mn_object *const *args MN_UNUSED,
                          mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return mn_bytearray_from_data(MN_BYTEARRAY_DATA(self), MN_SIZE(self));
}

static mn_object *ba_alloc(mn_object *self, mn_object *const *args MN_UNUSED,
                           mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return mn_int_from_ssize(((mn_bytearray *)self)->allocated);
}

/* The object plus its buffer's capacity, as sys.getsizeof shows. */
static mn_object *ba_sizeof(mn_object *self, mn_object *const *args MN_UNUSED,
                            mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return mn_int_from_ssize(MN_TYPE(self)->basicsize + ((mn_bytearray *)self)->allocated);
}

/* Pickling support: (type, (latin-1 text, 'latin-1'), __dict__ or None). */
static mn_object *ba_reduce(mn_object *self, mn_object *const *args MN_UNUSED,
                            mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    mn_object *text = mn_bytes_decode(MN_BYTEARRAY_DATA(self), MN_SIZE(self), "latin-1", "strict");
    mn_object *enc = mn_str_from_cstr("latin-1");
    mn_object *state = NULL, *inner = NULL, *r = NULL;
    mn_object **dictp = mn_object_dict_ptr(self);
    state = (dictp && *dictp) ? *dictp : mn_none;
    if (text && enc)
        inner = mn_tuple_pack(2, text, enc);
    if (inner)
        r = mn_tuple_pack(3, MN_OBJ(MN_TYPE(self)), inner, state);
    MN_XDECREF(text);
    MN_XDECREF(enc);
    MN_XDECREF(inner);
    return r;
}

static mn_method_def bytearray_methods[] = {
    {"append", ba_append, MN_METH_O, "Append a single item to the end of the bytearray."},
    {"extend", ba_extend, MN_METH_O, "Append all the items from the iterator or sequence to the end of the bytearray."},
    {"insert", ba_insert, 0, "Insert a single item into the bytearray before the given index."},
    {"pop", ba_pop, 0, "Remove and return a single item from B."},
    {"remove", ba_remove, MN_METH_O, "Remove the first occurrence of a value in the bytearray."},
    {"reverse", ba_reverse, MN_METH_NOARGS, "Reverse the order of the values in B in place."},
    {"clear", ba_clear, MN_METH_NOARGS, "Remove all items from the bytearray."},
    {"copy", ba_copy, MN_METH_NOARGS, "Return a copy of B."},
    {"__alloc__", ba_alloc, MN_METH_NOARGS, "B.__alloc__() -> int\n\nReturn the number of bytes actually allocated."},
    {"__sizeof__", ba_sizeof, MN_METH_NOARGS, "Returns the size of the bytearray object in memory, in bytes."},
    {"__reduce__", ba_reduce, MN_METH_NOARGS, "Return state information for pickling."},
    MN_BYTES_SHARED_METHODS
    {NULL, NULL, 0, NULL},
};

static mn_number_methods bytearray_as_number = {
    .binop = {
        [MN_BINOP_ADD] = mn_bytes_add_slot,
        [MN_BINOP_MULTIPLY] = mn_bytes_mul_slot,
        [MN_BINOP_REMAINDER] = mn_bytes_mod_slot,
    },
    .inplace = {
        [MN_BINOP_ADD] = bytearray_iconcat,
        [MN_BINOP_MULTIPLY] = bytearray_irepeat,
    },
};

mn_type mn_bytearray_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "bytearray",
    .basicsize = sizeof(mn_bytearray),
    .flags = MN_TPFLAGS_BASETYPE,
    .doc = "bytearray(iterable_of_ints) -> bytearray\n"
           "bytearray(string, encoding[, errors]) -> bytearray\n"
           "bytearray(bytes_or_buffer) -> mutable copy of bytes_or_buffer\n"
           "bytearray(int) -> bytes array of size given by the parameter initialized with null bytes\n"
           "bytearray() -> empty bytes array",
    .dealloc = bytearray_dealloc,
    .new_ = bytearray_new,
    .init = bytearray_init,
    .repr = mn_bytearray_repr,
    .hash = mn_object_hash_not_implemented,
    .richcompare = mn_bytes_richcompare,
    .iter = mn_bytes_iter_new,
    .length = bytearray_length,
    .getitem = mn_bytes_subscript,
    .setitem = bytearray_ass_subscript,
    .contains = mn_bytes_contains,
    .as_number = &bytearray_as_number,
    .methods = bytearray_methods,
};

/* runtime/bytes.c — the bytes type (immutable byte strings), its iterator,
 * and the method implementations shared with bytearray (runtime/bytearray.c).
 *
 * Layout (runtime/bytes.h): the bytes live inline after the header, one
 * allocation per object, NUL-terminated so C code can treat short byte
 * strings as C strings. The hash is cached (-1 = not computed yet) because
 * bytes are immutable; bytearray has no hash at all.
 *
 * Shared methods: CPython keeps the algorithms common to bytes and bytearray
 * in Objects/bytes_methods.c and lets each type wrap them. We do the same in
 * a lighter way: every shared method takes `self` of either type, reads it
 * through bytes_view(), and builds its result with mn_bytes_new_like(),
 * which returns a bytes for a bytes receiver and a bytearray for a
 * bytearray receiver (subclasses get the base type, as in CPython).
 */
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#include "runtime/runtime.h"
#include "runtime/bytes.h"

/* ------------------------------------------------------------ helpers */

/* Python's notion of ASCII whitespace for bytes (Py_ISSPACE). */
static inline int b_isspace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
static inline int b_islower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static inline int b_isupper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline int b_isalpha(unsigned char c) { return b_islower(c) || b_isupper(c); }
static inline int b_isdigit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline int b_isalnum(unsigned char c) { return b_isalpha(c) || b_isdigit(c); }
static inline unsigned char b_lower(unsigned char c) { return b_isupper(c) ? c + 32 : c; }
static inline unsigned char b_upper(unsigned char c) { return b_islower(c) ? c - 32 : c; }

/* (data, size) of a bytes or bytearray; 0 (no exception) for anything
 * else. This is our stand-in for the buffer protocol. */
int mn_bytes_view_opt(mn_object *o, const char **data, mn_ssize *n)
{
    if (MN_BYTES_CHECK(o)) {
        *data = MN_BYTES_DATA(o);
        *n = MN_SIZE(o);
        return 1;
    }
    if (MN_BYTEARRAY_CHECK(o)) {
        *data = MN_BYTEARRAY_DATA(o);
        *n = MN_SIZE(o);
        return 1;
    }
    *data = "";
    *n = 0;
    return 0;
}

int mn_bytes_view(mn_object *o, const char **data, mn_ssize *n)
{
    if (mn_bytes_view_opt(o, data, n))
        return 0;
    mn_err_format(&mn_exc_TypeError, "a bytes-like object is required, not '%s'",
                  MN_TYPE_NAME(o));
    return -1;
}

/* A growable scratch buffer for methods that build their result
 * incrementally (replace, translate, join, hex...). */
typedef struct bbuf {
    char *p;
    mn_ssize len, cap;
} bbuf;

static int bbuf_reserve(bbuf *b, mn_ssize extra)
{
    if (extra > MN_SSIZE_MAX - b->len) {
        mn_err_no_memory();
        return -1;
    }
    mn_ssize need = b->len + extra;
    if (need <= b->cap)
        return 0;
    mn_ssize cap = b->cap ? b->cap : 32;
    while (cap < need)
        cap = cap > MN_SSIZE_MAX / 2 ? need : cap * 2;
    char *np = mn_mem_realloc(b->p, (size_t)cap);
    if (np == NULL) {
        mn_err_no_memory();
        return -1;
    }
    b->p = np;
    b->cap = cap;
    return 0;
}

static int bbuf_add(bbuf *b, const char *s, mn_ssize n)
{
    if (bbuf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->p + b->len, s, (size_t)n);
    b->len += n;
    return 0;
}

static int bbuf_addc(bbuf *b, char c)
{
    if (b->len >= b->cap && bbuf_reserve(b, 1) < 0)
        return -1;
    b->p[b->len++] = c;
    return 0;
}

static void bbuf_free(bbuf *b)
{
    mn_mem_free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* Turns the buffer into a bytes/bytearray like `self`; frees the buffer. */
static mn_object *bbuf_finish_like(bbuf *b, mn_object *self)
{
    mn_object *r = mn_bytes_new_like(self, b->p ? b->p : "", b->len);
    bbuf_free(b);
    return r;
}

/* ----------------------------------------------------- construction */

/* Allocates a bytes (or subclass) of n bytes; contents uninitialised except
 * the trailing NUL. basicsize already counts the NUL byte, itemsize is 1. */
static mn_object *bytes_alloc(mn_type *type, mn_ssize n)
{
    if (n < 0 || n > MN_SSIZE_MAX - (mn_ssize)sizeof(mn_bytes) - 64) {
        mn_err_set_string(&mn_exc_OverflowError, "byte string is too large");
        return NULL;
    }
    mn_bytes *b = (mn_bytes *)mn_type_generic_alloc(type, n);
    if (b == NULL)
        return NULL;
    MN_SIZE(b) = n;
    b->hash = -1;
    b->data[n] = '\0';
    return MN_OBJ(b);
}

mn_object *mn_bytes_new_raw(mn_ssize n)
{
    return bytes_alloc(&mn_bytes_type, n);
}

mn_object *mn_bytes_from_data(const char *data, mn_ssize n)
{
    mn_object *b = bytes_alloc(&mn_bytes_type, n);
    if (b != NULL && n > 0)
        memcpy(MN_BYTES_DATA(b), data, (size_t)n);
    return b;
}

mn_object *mn_bytes_new_like(mn_object *self, const char *data, mn_ssize n)
{
    if (MN_BYTEARRAY_CHECK(self))
        return mn_bytearray_from_data(data, n);
    return mn_bytes_from_data(data, n);
}

/* Result for a method that may leave the receiver unchanged: an exact
 * bytes is immutable, so CPython hands back the same object. */
static mn_object *same_or_copy(mn_object *self, const char *data, mn_ssize n)
{
    if (MN_IS_TYPE(self, &mn_bytes_type))
        return MN_NEW_REF(self);
    return mn_bytes_new_like(self, data, n);
}

/* Reads one byte value (0..255) from an int-like object: CPython's
 * _getbytevalue. `msg` is the range error message. */
int mn_bytes_byte_value(mn_object *o, int *out, const char *range_msg)
{
    mn_ssize v = mn_number_as_ssize(o, NULL);
    if (v == -1 && mn_err_occurred())
        return -1;
    if (v < 0 || v > 255) {
        mn_err_set_string(&mn_exc_ValueError, range_msg);
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* Appends the byte values of an iterable of ints to a buffer. */
static int bbuf_add_iterable(bbuf *b, mn_object *iterable, const char *range_msg)
{
    mn_object *it = mn_object_get_iter(iterable);
    if (it == NULL)
        return -1;
    mn_object *item;
    while ((item = mn_iter_next(it)) != NULL) {
        int v;
        int r = mn_bytes_byte_value(item, &v, range_msg);
        MN_DECREF(item);
        if (r < 0 || bbuf_addc(b, (char)v) < 0) {
            MN_DECREF(it);
            return -1;
        }
    }
    MN_DECREF(it);
    return mn_err_occurred() ? -1 : 0;
}

/* bytes(x) for a single argument that is not a str or a count: buffer
 * copy or iterable of ints (PyBytes_FromObject). */
static mn_object *bytes_from_object(mn_object *x)
{
    const char *p;
    mn_ssize n;
    if (MN_IS_TYPE(x, &mn_bytes_type))
        return MN_NEW_REF(x);
    if (mn_bytes_view_opt(x, &p, &n))
        return mn_bytes_from_data(p, n);
    if (MN_STR_CHECK(x)) {
        mn_err_format(&mn_exc_TypeError, "cannot convert '%s' object to bytes", MN_TYPE_NAME(x));
        return NULL;
    }
    /* Only iterables from here on; anything else gets CPython's message. */
    if (MN_TYPE(x)->iter == NULL && mn_type_lookup_str(MN_TYPE(x), "__getitem__") == NULL) {
        mn_err_format(&mn_exc_TypeError, "cannot convert '%s' object to bytes", MN_TYPE_NAME(x));
        return NULL;
    }
    bbuf b = {0};
    if (bbuf_add_iterable(&b, x, "bytes must be in range(0, 256)") < 0) {
        bbuf_free(&b);
        return NULL;
    }
    mn_object *r = mn_bytes_from_data(b.p ? b.p : "", b.len);
    bbuf_free(&b);
    return r;
}

/* str.encode(encoding[, errors]) through the str type's method, so every
 * codec lives in one place (runtime/str.c). */
mn_object *mn_bytes_encode_str(mn_object *s, mn_object *encoding, mn_object *errors)
{
    mn_object *args[2] = {encoding, errors};
    return mn_object_call_method(s, "encode", args, errors ? 2 : 1);
}

/* bytes(source=b'', encoding=..., errors=...) */
mn_object *mn_bytes_from_object_args(mn_object *x, mn_object *encoding, mn_object *errors)
{
    if (x == NULL) {
        if (encoding != NULL || errors != NULL) {
            mn_err_set_string(&mn_exc_TypeError,
                              encoding ? "encoding without a string argument"
                                       : "errors without a string argument");
            return NULL;
        }
        return mn_bytes_from_data("", 0);
    }
    if (encoding != NULL || errors != NULL) {
        if (!MN_STR_CHECK(x)) {
            mn_err_set_string(&mn_exc_TypeError,
                              encoding ? "encoding without a string argument"
                                       : "errors without a string argument");
            return NULL;
        }
        if (encoding == NULL) {
            mn_err_set_string(&mn_exc_TypeError, "string argument without an encoding");
            return NULL;
        }
        mn_object *r = mn_bytes_encode_str(x, encoding, errors);
        if (r != NULL && !MN_BYTES_CHECK(r)) {
            mn_err_format(&mn_exc_TypeError, "encoder did not return a bytes object (type=%s)",
                          MN_TYPE_NAME(r));
            MN_DECREF(r);
            return NULL;
        }
        return r;
    }
    /* The __bytes__ protocol comes first (CPython's bytes_new order). */
    mn_object *meth = mn_type_lookup_str(MN_TYPE(x), "__bytes__");
    if (meth != NULL && !MN_IS_TYPE(x, &mn_bytes_type)) {
        mn_object *r = mn_object_call_method(x, "__bytes__", NULL, 0);
        if (r == NULL)
            return NULL;
        if (!MN_BYTES_CHECK(r)) {
            mn_err_format(&mn_exc_TypeError, "__bytes__ returned non-bytes (type %s)",
                          MN_TYPE_NAME(r));
            MN_DECREF(r);
            return NULL;
        }
        return r;
    }
    if (MN_STR_CHECK(x)) {
        mn_err_set_string(&mn_exc_TypeError, "string argument without an encoding");
        return NULL;
    }
    /* An int-like argument is a count of zero bytes. */
    if (mn_index_check(x)) {
        mn_ssize n = mn_number_as_ssize(x, MN_OBJ(&mn_exc_OverflowError));
        if (n == -1 && mn_err_occurred()) {
            if (!mn_err_matches(&mn_exc_TypeError))
                return NULL;
            mn_err_clear();   /* not really an integer: try it as an iterable */
        } else {
            if (n < 0) {
                mn_err_set_string(&mn_exc_ValueError, "negative count");
                return NULL;
            }
            mn_object *r = mn_bytes_new_raw(n);
            if (r != NULL)
                memset(MN_BYTES_DATA(r), 0, (size_t)n);
            return r;
        }
    }
    return bytes_from_object(x);
}

static mn_object *bytes_new(mn_type *type, mn_object *const *args, mn_ssize nargs,
                            mn_object *kwnames)
{
    static const char *const params[] = {"source", "encoding", "errors", NULL};
    mn_object *a[3];
    if (mn_args_bind("bytes", args, nargs, kwnames, params, 0, a) < 0)
        return NULL;
    if (a[1] != NULL && !MN_STR_CHECK(a[1])) {
        mn_err_format(&mn_exc_TypeError, "bytes() argument 'encoding' must be str, not %s",
                      MN_TYPE_NAME(a[1]));
        return NULL;
    }
    if (a[2] != NULL && !MN_STR_CHECK(a[2])) {
        mn_err_format(&mn_exc_TypeError, "bytes() argument 'errors' must be str, not %s",
                      MN_TYPE_NAME(a[2]));
        return NULL;
    }
    mn_object *r = mn_bytes_from_object_args(a[0], a[1], a[2]);
    if (r == NULL || type == &mn_bytes_type)
        return r;
    /* A subclass: copy the plain bytes into an instance of `type`. */
    mn_object *sub = bytes_alloc(type, MN_SIZE(r));
    if (sub != NULL)
        memcpy(MN_BYTES_DATA(sub), MN_BYTES_DATA(r), (size_t)MN_SIZE(r));
    MN_DECREF(r);
    return sub;
}

/* ------------------------------------------------------------- repr */

/* The b'...' text of a byte range, CPython's quote choice: single quotes
 * unless the data contains ' and no ", then double quotes. */
static int repr_into(mn_str_builder *sb, const char *data, mn_ssize n)
{
    int quote = '\'';
    if (memchr(data, '\'', (size_t)n) && !memchr(data, '"', (size_t)n))
        quote = '"';
    static const char hex[] = "0123456789abcdef";
    mn_sb_append_char(sb, 'b');
    mn_sb_append_char(sb, (char)quote);
    for (mn_ssize i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == quote || c == '\\') {
            mn_sb_append_char(sb, '\\');
            mn_sb_append_char(sb, (char)c);
        } else if (c == '\t') {
            mn_sb_append_cstr(sb, "\\t");
        } else if (c == '\n') {
            mn_sb_append_cstr(sb, "\\n");
        } else if (c == '\r') {
            mn_sb_append_cstr(sb, "\\r");
        } else if (c < ' ' || c >= 0x7f) {
            char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            mn_sb_append(sb, esc, 4);
        } else {
            mn_sb_append_char(sb, (char)c);
        }
    }
    mn_sb_append_char(sb, (char)quote);
    return sb->failed ? -1 : 0;
}

mn_object *mn_bytes_repr(mn_object *b)
{
    const char *p;
    mn_ssize n;
    if (mn_bytes_view(b, &p, &n) < 0)
        return NULL;
    mn_str_builder sb;
    mn_sb_init(&sb);
    if (repr_into(&sb, p, n) < 0) {
        mn_sb_discard(&sb);
        return NULL;
    }
    return mn_sb_finish(&sb);
}

/* bytearray(b'...'); subclasses show their own name (CPython 3.11). */
mn_object *mn_bytearray_repr(mn_object *b)
{
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_sb_append_cstr(&sb, MN_TYPE_NAME(b));
    mn_sb_append_char(&sb, '(');
    if (repr_into(&sb, MN_BYTEARRAY_DATA(b), MN_SIZE(b)) < 0) {
        mn_sb_discard(&sb);
        return NULL;
    }
    mn_sb_append_char(&sb, ')');
    return mn_sb_finish(&sb);
}

/* ------------------------------------------------------ bytes slots */

static void bytes_dealloc(mn_object *o)
{
    mn_object_free(o);
}

static mn_hash bytes_hash(mn_object *o)
{
    mn_bytes *b = (mn_bytes *)o;
    if (b->hash == -1)
        b->hash = mn_hash_bytes(b->data, MN_SIZE(b));
    return b->hash;
}

/* Lexicographic comparison of two byte strings (shared with bytearray):
 * memcmp over the common prefix, then the shorter one is smaller. */
mn_object *mn_bytes_richcompare(mn_object *a, mn_object *b, int op)
{
    const char *pa, *pb;
    mn_ssize na, nb;
    if (!mn_bytes_view_opt(a, &pa, &na) || !mn_bytes_view_opt(b, &pb, &nb))
        MN_RETURN_NOT_IMPLEMENTED;
    if ((op == MN_EQ || op == MN_NE) && na != nb)
        MN_RETURN_BOOL(op == MN_NE);
    mn_ssize m = na < nb ? na : nb;
    int c = m ? memcmp(pa, pb, (size_t)m) : 0;
    if (c == 0)
        c = na < nb ? -1 : na > nb ? 1 : 0;
    int r;
    switch (op) {
    case MN_LT: r = c < 0; break;
    case MN_LE: r = c <= 0; break;
    case MN_EQ: r = c == 0; break;
    case MN_NE: r = c != 0; break;
    case MN_GT: r = c > 0; break;
    default:    r = c >= 0; break;
    }
    MN_RETURN_BOOL(r);
}

static mn_ssize bytes_length(mn_object *o)
{
    return MN_SIZE(o);
}

/* o[key] for bytes and bytearray: an int for an index, a new object of the
 * base type for a slice. */
mn_object *mn_bytes_subscript(mn_object *self, mn_object *key)
{
    const char *p;
    mn_ssize n;
    mn_bytes_view_opt(self, &p, &n);
    int is_ba = MN_BYTEARRAY_CHECK(self);
    if (mn_index_check(key)) {
        mn_ssize i = mn_number_as_ssize(key, MN_OBJ(&mn_exc_IndexError));
        if (i == -1 && mn_err_occurred())
            return NULL;
        if ((i = mn_sequence_check_index(i, n, is_ba ? "bytearray index out of range" : "index out of range")) < 0)
            return NULL;
        return mn_int_from_i64((unsigned char)p[i]);
    }
    if (MN_SLICE_CHECK(key)) {
        mn_ssize start, stop, step;
        mn_ssize len = mn_slice_indices(key, n, &start, &stop, &step);
        if (len < 0)
            return NULL;
        /* mn_slice_indices may have run __index__ code that resized a
         * bytearray: re-read the view. */
        mn_bytes_view_opt(self, &p, &n);
        if (step == 1) {
            if (start == 0 && len == n)
                return same_or_copy(self, p, n);
            return mn_bytes_new_like(self, p + start, len);
        }
        /* Extended slice: gather the selected bytes, then build the
         * result of the receiver's base type. */
        bbuf b = {0};
        if (bbuf_reserve(&b, len) < 0)
            return NULL;
        for (mn_ssize k = 0, cur = start; k < len; k++, cur += step)
            b.p[k] = p[cur];
        b.len = len;
        return bbuf_finish_like(&b, self);
    }
    mn_err_format(&mn_exc_TypeError, "%s indices must be integers or slices, not %s",
                  is_ba ? "bytearray" : "byte", MN_TYPE_NAME(key));
    return NULL;
}

/* Naive-but-fast substring search (memchr for the first byte, then memcmp).
 * Returns the offset or -1. */
static mn_ssize find_sub(const char *h, mn_ssize hn, const char *s, mn_ssize sn)
{
    if (sn == 0)
        return 0;
    if (sn > hn)
        return -1;
    if (sn == 1) {
        const char *q = memchr(h, s[0], (size_t)hn);
        return q ? q - h : -1;
    }
    const char *end = h + hn - sn;
    const char *q = h;
    while (q <= end) {
        q = memchr(q, s[0], (size_t)(end - q + 1));
        if (q == NULL)
            return -1;
        if (memcmp(q + 1, s + 1, (size_t)(sn - 1)) == 0)
            return q - h;
        q++;
    }
    return -1;
}

static mn_ssize rfind_sub(const char *h, mn_ssize hn, const char *s, mn_ssize sn)
{
    if (sn > hn)
        return -1;
    for (mn_ssize i = hn - sn; i >= 0; i--)
        if (memcmp(h + i, s, (size_t)sn) == 0)
            return i;
    return -1;
}

/* `x in b`: an int (one byte value) or a bytes-like substring. */
int mn_bytes_contains(mn_object *self, mn_object *x)
{
    const char *p, *s;
    mn_ssize n, sn;
    if (mn_index_check(x)) {
        int v;
        if (mn_bytes_byte_value(x, &v, "byte must be in range(0, 256)") < 0)
            return -1;
        mn_bytes_view_opt(self, &p, &n);
        return n > 0 && memchr(p, v, (size_t)n) != NULL;
    }
    if (mn_bytes_view(x, &s, &sn) < 0)
        return -1;
    mn_bytes_view_opt(self, &p, &n);
    return find_sub(p, n, s, sn) >= 0;
}

/* Heap types (user classes) may define __radd__/__rmul__: give them their
 * turn instead of raising the sequence error ourselves. */
static int defers_binop(mn_object *o, int op)
{
    mn_type *t = MN_TYPE(o);
    return MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HEAPTYPE) && t->as_number != NULL &&
           t->as_number->binop[op] != NULL;
}

/* a + b: the left operand decides the result type (bytes + bytearray is a
 * bytes; bytearray + bytes is a bytearray). */
mn_object *mn_bytes_add_slot(mn_object *a, mn_object *b)
{
    const char *pa, *pb;
    mn_ssize na, nb;
    if (!mn_bytes_view_opt(a, &pa, &na))
        MN_RETURN_NOT_IMPLEMENTED;
    if (!mn_bytes_view_opt(b, &pb, &nb)) {
        if (defers_binop(b, MN_BINOP_ADD))
            MN_RETURN_NOT_IMPLEMENTED;
        mn_err_format(&mn_exc_TypeError, "can't concat %s to %s", MN_TYPE_NAME(b),
                      MN_BYTEARRAY_CHECK(a) ? "bytearray" : "bytes");
        return NULL;
    }
    if (na > MN_SSIZE_MAX - nb)
        return mn_err_no_memory();
    if (MN_BYTEARRAY_CHECK(a)) {
        mn_object *r = mn_bytearray_from_data(pa, na);
        if (r == NULL)
            return NULL;
        if (mn_bytearray_resize(r, na + nb) < 0) {
            MN_DECREF(r);
            return NULL;
        }
        memcpy(MN_BYTEARRAY_DATA(r) + na, pb, (size_t)nb);
        return r;
    }
    if (nb == 0 && MN_IS_TYPE(a, &mn_bytes_type))
        return MN_NEW_REF(a);
    if (na == 0 && MN_IS_TYPE(b, &mn_bytes_type))
        return MN_NEW_REF(b);
    mn_object *r = mn_bytes_new_raw(na + nb);
    if (r == NULL)
        return NULL;
    memcpy(MN_BYTES_DATA(r), pa, (size_t)na);
    memcpy(MN_BYTES_DATA(r) + na, pb, (size_t)nb);
    return r;
}

/* Repeats data n times into dst (doubling copies: O(log n) memcpy calls). */
static void repeat_into(char *dst, const char *src, mn_ssize n, mn_ssize times)
{
    mn_ssize total = n * times;
    if (total == 0)
        return;
    if (n == 1) {
        memset(dst, src[0], (size_t)total);
        return;
    }
    memcpy(dst, src, (size_t)n);
    mn_ssize done = n;
    while (done < total) {
        mn_ssize chunk = done <= total - done ? done : total - done;
        memcpy(dst + done, dst, (size_t)chunk);
        done += chunk;
    }
}

/* Resolves `seq * count` / `count * seq`; 0 with seq and count set, 1 if
 * the combination isn't ours (return NotImplemented), -1 on error. */
int mn_bytes_repeat_operands(mn_object *a, mn_object *b, mn_object **seq, mn_ssize *count)
{
    const char *p;
    mn_ssize n;
    mn_object *other;
    if (mn_bytes_view_opt(a, &p, &n)) {
        *seq = a;
        other = b;
    } else {
        *seq = b;
        other = a;
    }
    if (!mn_index_check(other)) {
        if (defers_binop(other, MN_BINOP_MULTIPLY))
            return 1;
        mn_err_format(&mn_exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                      MN_TYPE_NAME(other));
        return -1;
    }
    *count = mn_number_as_ssize(other, MN_OBJ(&mn_exc_OverflowError));
    if (*count == -1 && mn_err_occurred())
        return -1;
    if (*count < 0)
        *count = 0;
    return 0;
}

mn_object *mn_bytes_mul_slot(mn_object *a, mn_object *b)
{
    mn_object *seq;
    mn_ssize times;
    int r = mn_bytes_repeat_operands(a, b, &seq, &times);
    if (r < 0)
        return NULL;
    if (r > 0)
        MN_RETURN_NOT_IMPLEMENTED;
    mn_ssize n = MN_SIZE(seq);
    if (MN_BYTEARRAY_CHECK(seq)) {
        /* bytearray shares this slot: its repetition is a bytearray. */
        return mn_bytearray_repeat(seq, times);
    }
    if (n && times > (MN_SSIZE_MAX - (mn_ssize)sizeof(mn_bytes) - 64) / n) {
        mn_err_set_string(&mn_exc_OverflowError, "repeated bytes are too long");
        return NULL;
    }
    if (times == 1 && MN_IS_TYPE(seq, &mn_bytes_type))
        return MN_NEW_REF(seq);
    mn_object *res = mn_bytes_new_raw(n * times);
    if (res == NULL)
        return NULL;
    repeat_into(MN_BYTES_DATA(res), MN_BYTES_DATA(seq), n, times);
    return res;
}

mn_object *mn_bytes_repeat_data(mn_object *like, const char *p, mn_ssize n, mn_ssize times)
{
    if (n && times > (MN_SSIZE_MAX - (mn_ssize)sizeof(mn_bytes) - 64) / n)
        return mn_err_no_memory();
    bbuf b = {0};
    if (bbuf_reserve(&b, n * times) < 0)
        return NULL;
    repeat_into(b.p, p, n, times);
    b.len = n * times;
    return bbuf_finish_like(&b, like);
}

/* ----------------------------------------------------------- iterator */

typedef struct bytes_iter {
    mn_object ob_base;
    mn_ssize index;
    mn_object *seq;      /* NULL once exhausted */
} bytes_iter;

static mn_object *iter_new(mn_type *type, mn_object *seq)
{
    bytes_iter *it = (bytes_iter *)mn_type_generic_alloc(type, 0);
    if (it == NULL)
        return NULL;
    it->index = 0;
    it->seq = MN_NEW_REF(seq);
    mn_gc_track(MN_OBJ(it));
    return MN_OBJ(it);
}

mn_object *mn_bytes_iter_new(mn_object *seq)
{
    return iter_new(MN_BYTEARRAY_CHECK(seq) ? &mn_bytearray_iter_type : &mn_bytes_iter_type, seq);
}

static void iter_dealloc(mn_object *o)
{
    mn_gc_untrack(o);
    MN_XDECREF(((bytes_iter *)o)->seq);
    mn_object_free(o);
}

static int iter_traverse(mn_object *o, mn_visitproc visit, void *arg)
{
    MN_VISIT(((bytes_iter *)o)->seq);
    return 0;
}

static int iter_clear(mn_object *o)
{
    MN_CLEAR(((bytes_iter *)o)->seq);
    return 0;
}

static mn_object *iter_next(mn_object *o)
{
    bytes_iter *it = (bytes_iter *)o;
    const char *p;
    mn_ssize n;
    if (it->seq == NULL)
        return NULL;
    /* A bytearray may have shrunk since the last step: re-read its size. */
    mn_bytes_view_opt(it->seq, &p, &n);
    if (it->index < n)
        return mn_int_from_i64((unsigned char)p[it->index++]);
    MN_CLEAR(it->seq);
    return NULL;
}

static mn_object *iter_self(mn_object *o)
{
    return MN_NEW_REF(o);
}

static mn_object *iter_length_hint(mn_object *o, mn_object *const *args MN_UNUSED,
                                   mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    bytes_iter *it = (bytes_iter *)o;
    mn_ssize left = 0;
    if (it->seq != NULL && MN_SIZE(it->seq) > it->index)
        left = MN_SIZE(it->seq) - it->index;
    return mn_int_from_ssize(left);
}

static mn_method_def iter_methods[] = {
    {"__length_hint__", iter_length_hint, MN_METH_NOARGS, "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};

mn_type mn_bytes_iter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "bytes_iterator",
    .basicsize = sizeof(bytes_iter),
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = iter_dealloc,
    .traverse = iter_traverse,
    .clear = iter_clear,
    .iter = iter_self,
    .iternext = iter_next,
    .methods = iter_methods,
};

mn_type mn_bytearray_iter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "bytearray_iterator",
    .basicsize = sizeof(bytes_iter),
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = iter_dealloc,
    .traverse = iter_traverse,
    .clear = iter_clear,
    .iter = iter_self,
    .iternext = iter_next,
    .methods = iter_methods,
};

/* ========================================================================
 * Methods shared by bytes and bytearray. Each reads self through
 * mn_bytes_view_opt() *after* its arguments are converted (converting may
 * run __index__ code that resizes a bytearray) and builds its result with
 * mn_bytes_new_like().
 * ====================================================================== */

#define SELF_VIEW(p, n) mn_bytes_view_opt(self, &(p), &(n))

/* A start/end argument of find() & co.: None or an index (clamped). */
static int slice_index(mn_object *o, mn_ssize *out)
{
    if (o == NULL || o == mn_none)
        return 0;
    if (!mn_index_check(o)) {
        mn_err_set_string(&mn_exc_TypeError,
                          "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    mn_ssize v = mn_number_as_ssize(o, NULL);
    if (v == -1 && mn_err_occurred())
        return -1;
    *out = v;
    return 0;
}

/* CPython's ADJUST_INDICES: negative indices count from the end. */
static void adjust_indices(mn_ssize *start, mn_ssize *end, mn_ssize len)
{
    if (*end > len)
        *end = len;
    else if (*end < 0) {
        *end += len;
        if (*end < 0)
            *end = 0;
    }
    if (*start < 0) {
        *start += len;
        if (*start < 0)
            *start = 0;
    }
}

/* The `sub` argument of find/count/index: an int (one byte) or bytes-like.
 * Fills s and sn, using `tmp` as storage for the single byte. */
static int sub_arg(mn_object *o, const char **s, mn_ssize *sn, char *tmp)
{
    if (mn_bytes_view_opt(o, s, sn))
        return 0;
    if (mn_index_check(o)) {
        int v;
        if (mn_bytes_byte_value(o, &v, "byte must be in range(0, 256)") < 0)
            return -1;
        *tmp = (char)v;
        *s = tmp;
        *sn = 1;
        return 0;
    }
    mn_err_format(&mn_exc_TypeError, "argument should be integer or bytes-like object, not '%s'",
                  MN_TYPE_NAME(o));
    return -1;
}

/* Arity check of the find family, which CPython parses with
 * PyArg_ParseTuple("O|OO:find") and so words its errors differently from
 * the other methods. */
static int finds_arity(const char *fname, mn_ssize nargs, mn_object *kwnames)
{
    if (mn_args_no_keywords(fname, kwnames) < 0)
        return -1;
    if (nargs < 1 || nargs > 3) {
        mn_err_format(&mn_exc_TypeError, "%s() takes at %s %d argument%s (%zd given)", fname,
                      nargs < 1 ? "least" : "most", nargs < 1 ? 1 : 3, nargs < 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

enum { FIND, RFIND, COUNT };

/* find/rfind/count core: returns the index (or count), -1 when not found,
 * -2 on error. `sub_copy` keeps a bytearray argument alive and stable. */
static mn_ssize find_common(mn_object *self, const char *fname, mn_object *const *args,
                            mn_ssize nargs, mn_object *kwnames, int mode)
{
    if (finds_arity(fname, nargs, kwnames) < 0)
        return -2;
    const char *s;
    mn_ssize sn;
    char tmp;
    mn_ssize start = 0, end = MN_SSIZE_MAX;
    if (sub_arg(args[0], &s, &sn, &tmp) < 0 ||
        (nargs > 1 && slice_index(args[1], &start) < 0) ||
        (nargs > 2 && slice_index(args[2], &end) < 0))
        return -2;
    /* Re-read the sub view too: converting start/end may have run code. */
    if (s != &tmp)
        mn_bytes_view_opt(args[0], &s, &sn);
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    adjust_indices(&start, &end, n);
    if (end - start < sn)
        return mode == COUNT ? 0 : -1;
    if (mode == COUNT) {
        if (sn == 0)
            return end - start + 1;
        mn_ssize count = 0, i = start;
        for (;;) {
            mn_ssize k = find_sub(p + i, end - i, s, sn);
            if (k < 0)
                break;
            count++;
            i += k + sn;
        }
        return count;
    }
    mn_ssize k = mode == FIND ? find_sub(p + start, end - start, s, sn)
                              : rfind_sub(p + start, end - start, s, sn);
    return k < 0 ? -1 : start + k;
}

mn_object *mn_bytes_m_find(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize r = find_common(self, "find", args, nargs, kw, FIND);
    return r == -2 ? NULL : mn_int_from_ssize(r);
}

mn_object *mn_bytes_m_rfind(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize r = find_common(self, "rfind", args, nargs, kw, RFIND);
    return r == -2 ? NULL : mn_int_from_ssize(r);
}

mn_object *mn_bytes_m_count(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize r = find_common(self, "count", args, nargs, kw, COUNT);
    return r == -2 ? NULL : mn_int_from_ssize(r);
}

mn_object *mn_bytes_m_index(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize r = find_common(self, "index", args, nargs, kw, FIND);
    if (r == -2)
        return NULL;
    if (r == -1) {
        mn_err_set_string(&mn_exc_ValueError, "subsection not found");
        return NULL;
    }
    return mn_int_from_ssize(r);
}

mn_object *mn_bytes_m_rindex(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize r = find_common(self, "rindex", args, nargs, kw, RFIND);
    if (r == -2)
        return NULL;
    if (r == -1) {
        mn_err_set_string(&mn_exc_ValueError, "subsection not found");
        return NULL;
    }
    return mn_int_from_ssize(r);
}

/* Appends a new bytes/bytearray slice of self to a list. */
static int list_add_slice(mn_object *list, mn_object *self, const char *p, mn_ssize lo, mn_ssize hi)
{
    mn_object *piece = mn_bytes_new_like(self, p + lo, hi - lo);
    if (piece == NULL)
        return -1;
    int r = mn_list_append(list, piece);
    MN_DECREF(piece);
    return r;
}

/* Parses (sep=None, maxsplit=-1) for split and rsplit. Returns 0, -1 error;
 * *sep NULL means "split on runs of whitespace". */
static int split_args(const char *fname, mn_object *const *args, mn_ssize nargs,
                      mn_object *kwnames, mn_object **sep, mn_ssize *maxsplit)
{
    static const char *const params[] = {"sep", "maxsplit", NULL};
    mn_object *a[2];
    if (mn_args_bind(fname, args, nargs, kwnames, params, 0, a) < 0)
        return -1;
    *maxsplit = -1;
    if (a[1] != NULL) {
        *maxsplit = mn_number_as_ssize(a[1], MN_OBJ(&mn_exc_OverflowError));
        if (*maxsplit == -1 && mn_err_occurred())
            return -1;
    }
    if (*maxsplit < 0)
        *maxsplit = MN_SSIZE_MAX;
    *sep = (a[0] == NULL || a[0] == mn_none) ? NULL : a[0];
    if (*sep != NULL) {
        const char *s;
        mn_ssize sn;
        if (mn_bytes_view(*sep, &s, &sn) < 0)
            return -1;
        if (sn == 0) {
            mn_err_set_string(&mn_exc_ValueError, "empty separator");
            return -1;
        }
    }
    return 0;
}

mn_object *mn_bytes_m_split(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_object *sepobj;
    mn_ssize maxcount;
    if (split_args("split", args, nargs, kw, &sepobj, &maxcount) < 0)
        return NULL;
    const char *p, *s = NULL;
    mn_ssize n, sn = 0;
    SELF_VIEW(p, n);
    if (sepobj != NULL)
        mn_bytes_view_opt(sepobj, &s, &sn);
    mn_object *list = mn_list_new(0);
    if (list == NULL)
        return NULL;
    mn_ssize i = 0, j;
    if (sepobj == NULL) {
        /* CPython's split_whitespace: runs of whitespace separate fields
         * and leading/trailing whitespace yields no empty fields. */
        while (maxcount-- > 0) {
            while (i < n && b_isspace((unsigned char)p[i]))
                i++;
            if (i == n)
                break;
            j = i++;
            while (i < n && !b_isspace((unsigned char)p[i]))
                i++;
            if (list_add_slice(list, self, p, j, i) < 0)
                goto fail;
        }
        if (i < n) {
            while (i < n && b_isspace((unsigned char)p[i]))
                i++;
            if (i != n && list_add_slice(list, self, p, i, n) < 0)
                goto fail;
        }
        return list;
    }
    while (maxcount-- > 0) {
        mn_ssize k = find_sub(p + i, n - i, s, sn);
        if (k < 0)
            break;
        if (list_add_slice(list, self, p, i, i + k) < 0)
            goto fail;
        i += k + sn;
    }
    if (list_add_slice(list, self, p, i, n) < 0)
        goto fail;
    return list;
fail:
    MN_DECREF(list);
    return NULL;
}

mn_object *mn_bytes_m_rsplit(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_object *sepobj;
    mn_ssize maxcount;
    if (split_args("rsplit", args, nargs, kw, &sepobj, &maxcount) < 0)
        return NULL;
    const char *p, *s = NULL;
    mn_ssize n, sn = 0;
    SELF_VIEW(p, n);
    if (sepobj != NULL)
        mn_bytes_view_opt(sepobj, &s, &sn);
    mn_object *list = mn_list_new(0);
    if (list == NULL)
        return NULL;
    if (sepobj == NULL) {
        mn_ssize i = n - 1, j;
        while (maxcount-- > 0) {
            while (i >= 0 && b_isspace((unsigned char)p[i]))
                i--;
            if (i < 0)
                break;
            j = i--;
            while (i >= 0 && !b_isspace((unsigned char)p[i]))
                i--;
            if (list_add_slice(list, self, p, i + 1, j + 1) < 0)
                goto fail;
        }
        if (i >= 0) {
            while (i >= 0 && b_isspace((unsigned char)p[i]))
                i--;
            if (i >= 0 && list_add_slice(list, self, p, 0, i + 1) < 0)
                goto fail;
        }
    } else {
        mn_ssize j = n;
        while (maxcount-- > 0) {
            mn_ssize k = rfind_sub(p, j, s, sn);
            if (k < 0)
                break;
            if (list_add_slice(list, self, p, k + sn, j) < 0)
                goto fail;
            j = k;
        }
        if (list_add_slice(list, self, p, 0, j) < 0)
            goto fail;
    }
    /* Fields were collected right to left. */
    if (mn_list_reverse(list) < 0)
        goto fail;
    return list;
fail:
    MN_DECREF(list);
    return NULL;
}

mn_object *mn_bytes_m_splitlines(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    static const char *const params[] = {"keepends", NULL};
    mn_object *a[1];
    if (mn_args_bind("splitlines", args, nargs, kw, params, 0, a) < 0)
        return NULL;
    int keepends = 0;
    if (a[0] != NULL) {
        if (MN_TYPE(a[0]) == &mn_float_type) {
            mn_err_set_string(&mn_exc_TypeError, "'float' object cannot be interpreted as an integer");
            return NULL;
        }
        keepends = mn_object_is_true(a[0]);
        if (keepends < 0)
            return NULL;
    }
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    mn_object *list = mn_list_new(0);
    if (list == NULL)
        return NULL;
    mn_ssize i = 0;
    while (i < n) {
        mn_ssize j = i;
        while (i < n && p[i] != '\n' && p[i] != '\r')
            i++;
        mn_ssize eol = i;
        if (i < n) {   /* \r\n counts as one line break */
            i += (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
            if (keepends)
                eol = i;
        }
        if (list_add_slice(list, self, p, j, eol) < 0) {
            MN_DECREF(list);
            return NULL;
        }
    }
    return list;
}

/* strip family: `which` 1 = left, 2 = right, 3 = both. */
static mn_object *do_strip(mn_object *self, mn_object *const *args, mn_ssize nargs,
                           mn_object *kw, const char *fname, int which)
{
    if (mn_args_no_keywords(fname, kw) < 0 || mn_args_count(fname, nargs, 0, 1) < 0)
        return NULL;
    const char *chars = NULL;
    mn_ssize nchars = 0;
    if (nargs == 1 && args[0] != mn_none && mn_bytes_view(args[0], &chars, &nchars) < 0)
        return NULL;
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    mn_ssize i = 0, j = n;
#define STRIP_THIS(c) (chars ? (nchars > 0 && memchr(chars, (c), (size_t)nchars) != NULL) \
                             : b_isspace((unsigned char)(c)))
    if (which & 1)
        while (i < j && STRIP_THIS(p[i]))
            i++;
    if (which & 2)
        while (j > i && STRIP_THIS(p[j - 1]))
            j--;
#undef STRIP_THIS
    if (i == 0 && j == n)
        return same_or_copy(self, p, n);
    return mn_bytes_new_like(self, p + i, j - i);
}

mn_object *mn_bytes_m_strip(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    return do_strip(self, args, nargs, kw, "strip", 3);
}
mn_object *mn_bytes_m_lstrip(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    return do_strip(self, args, nargs, kw, "lstrip", 1);
}
mn_object *mn_bytes_m_rstrip(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    return do_strip(self, args, nargs, kw, "rstrip", 2);
}

/* startswith/endswith core for one candidate (CPython's tailmatch). */
static int tailmatch(const char *p, mn_ssize n, const char *s, mn_ssize sn,
                     mn_ssize start, mn_ssize end, int at_end)
{
    adjust_indices(&start, &end, n);
    end -= sn;
    if (end < start)
        return 0;
    if (sn == 0)
        return 1;
    return memcmp(p + (at_end ? end : start), s, (size_t)sn) == 0;
}

static mn_object *do_startswith(mn_object *self, mn_object *const *args, mn_ssize nargs,
                                mn_object *kw, const char *fname, int at_end)
{
    if (finds_arity(fname, nargs, kw) < 0)
        return NULL;
    mn_ssize start = 0, end = MN_SSIZE_MAX;
    if ((nargs > 1 && slice_index(args[1], &start) < 0) ||
        (nargs > 2 && slice_index(args[2], &end) < 0))
        return NULL;
    const char *p, *s;
    mn_ssize n, sn;
    SELF_VIEW(p, n);
    mn_object *x = args[0];
    if (MN_TUPLE_CHECK(x)) {
        for (mn_ssize k = 0; k < MN_TUPLE_SIZE(x); k++) {
            if (mn_bytes_view(MN_TUPLE_GET(x, k), &s, &sn) < 0)
                return NULL;
            if (tailmatch(p, n, s, sn, start, end, at_end))
                MN_RETURN_TRUE;
        }
        MN_RETURN_FALSE;
    }
    if (!mn_bytes_view_opt(x, &s, &sn)) {
        mn_err_format(&mn_exc_TypeError, "%s first arg must be bytes or a tuple of bytes, not %s",
                      fname, MN_TYPE_NAME(x));
        return NULL;
    }
    MN_RETURN_BOOL(tailmatch(p, n, s, sn, start, end, at_end));
}

mn_object *mn_bytes_m_startswith(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    return do_startswith(self, args, nargs, kw, "startswith", 0);
}
mn_object *mn_bytes_m_endswith(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    return do_startswith(self, args, nargs, kw, "endswith", 1);
}

/* partition (dir 0) / rpartition (dir 1). */
static mn_object *do_partition(mn_object *self, mn_object *sep, int rev)
{
    const char *p, *s;
    mn_ssize n, sn;
    if (mn_bytes_view(sep, &s, &sn) < 0)
        return NULL;
    if (sn == 0) {
        mn_err_set_string(&mn_exc_ValueError, "empty separator");
        return NULL;
    }
    SELF_VIEW(p, n);
    mn_ssize k = rev ? rfind_sub(p, n, s, sn) : find_sub(p, n, s, sn);
    mn_object *parts[3];
    if (k < 0) {
        mn_object *whole = same_or_copy(self, p, n);
        mn_object *e1 = mn_bytes_new_like(self, "", 0);
        mn_object *e2 = mn_bytes_new_like(self, "", 0);
        if (rev) {
            parts[0] = e1; parts[1] = e2; parts[2] = whole;
        } else {
            parts[0] = whole; parts[1] = e1; parts[2] = e2;
        }
    } else {
        parts[0] = mn_bytes_new_like(self, p, k);
        parts[1] = MN_IS_TYPE(sep, &mn_bytes_type) && !MN_BYTEARRAY_CHECK(self)
                       ? MN_NEW_REF(sep) : mn_bytes_new_like(self, s, sn);
        parts[2] = mn_bytes_new_like(self, p + k + sn, n - k - sn);
    }
    mn_object *t = NULL;
    if (parts[0] && parts[1] && parts[2])
        t = mn_tuple_from_array(parts, 3);
    for (int i = 0; i < 3; i++)
        MN_XDECREF(parts[i]);
    return t;
}

mn_object *mn_bytes_m_partition(mn_object *self, mn_object *const *args, mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return do_partition(self, args[0], 0);
}
mn_object *mn_bytes_m_rpartition(mn_object *self, mn_object *const *args, mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return do_partition(self, args[0], 1);
}

mn_object *mn_bytes_m_replace(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("replace", kw) < 0 || mn_args_count("replace", nargs, 2, 3) < 0)
        return NULL;
    mn_ssize count = -1;
    if (nargs == 3) {
        count = mn_number_as_ssize(args[2], MN_OBJ(&mn_exc_OverflowError));
        if (count == -1 && mn_err_occurred())
            return NULL;
    }
    if (count < 0)
        count = MN_SSIZE_MAX;
    const char *p, *o, *w;
    mn_ssize n, on, wn;
    if (mn_bytes_view(args[0], &o, &on) < 0 || mn_bytes_view(args[1], &w, &wn) < 0)
        return NULL;
    SELF_VIEW(p, n);
    bbuf b = {0};
    mn_ssize done = 0;
    if (on == 0) {
        /* Empty pattern: insert `new` before every byte and at the end. */
        for (mn_ssize i = 0; i <= n; i++) {
            if (done < count) {
                if (bbuf_add(&b, w, wn) < 0)
                    goto fail;
                done++;
            }
            if (i < n && bbuf_addc(&b, p[i]) < 0)
                goto fail;
        }
    } else {
        mn_ssize i = 0;
        while (done < count) {
            mn_ssize k = find_sub(p + i, n - i, o, on);
            if (k < 0)
                break;
            if (bbuf_add(&b, p + i, k) < 0 || bbuf_add(&b, w, wn) < 0)
                goto fail;
            i += k + on;
            done++;
        }
        if (done == 0) {
            bbuf_free(&b);
            return same_or_copy(self, p, n);
        }
        if (bbuf_add(&b, p + i, n - i) < 0)
            goto fail;
    }
    return bbuf_finish_like(&b, self);
fail:
    bbuf_free(&b);
    return NULL;
}

/* sep.join(iterable): the items are collected first so that no user code
 * runs while we hold raw pointers into them. */
static mn_object *bytes_join(mn_object *self, mn_object *iterable)
{
    mn_object *seq;
    if (MN_LIST_CHECK_EXACT(iterable) || MN_TUPLE_CHECK_EXACT(iterable))
        seq = MN_NEW_REF(iterable);
    else if ((seq = mn_list_from_iterable(iterable)) == NULL)
        return NULL;
    mn_ssize count = MN_SIZE(seq);
    mn_object *const *items = MN_LIST_CHECK_EXACT(seq) ? MN_LIST_ITEMS(seq) : MN_TUPLE_ITEMS(seq);
    const char *sp, *ip;
    mn_ssize sn, in;
    SELF_VIEW(sp, sn);
    bbuf b = {0};
    for (mn_ssize i = 0; i < count; i++) {
        if (!mn_bytes_view_opt(items[i], &ip, &in)) {
            mn_err_format(&mn_exc_TypeError,
                          "sequence item %zd: expected a bytes-like object, %s found",
                          i, MN_TYPE_NAME(items[i]));
            goto fail;
        }
        if ((i > 0 && bbuf_add(&b, sp, sn) < 0) || bbuf_add(&b, ip, in) < 0)
            goto fail;
    }
    MN_DECREF(seq);
    return bbuf_finish_like(&b, self);
fail:
    bbuf_free(&b);
    MN_DECREF(seq);
    return NULL;
}

mn_object *mn_bytes_m_join(mn_object *self, mn_object *const *args, mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return bytes_join(self, args[0]);
}

/* The fill-byte argument of center/ljust/rjust. */
static int fill_arg(const char *fname, mn_object *const *args, mn_ssize nargs,
                    mn_object *kw, mn_ssize *width, char *fill)
{
    if (mn_args_no_keywords(fname, kw) < 0 || mn_args_count(fname, nargs, 1, 2) < 0)
        return -1;
    *width = mn_number_as_ssize(args[0], MN_OBJ(&mn_exc_OverflowError));
    if (*width == -1 && mn_err_occurred())
        return -1;
    *fill = ' ';
    if (nargs == 2) {
        const char *f;
        mn_ssize fn;
        if (!mn_bytes_view_opt(args[1], &f, &fn) || fn != 1) {
            mn_err_format(&mn_exc_TypeError,
                          "%s() argument 2 must be a byte string of length 1, not %s",
                          fname, MN_TYPE_NAME(args[1]));
            return -1;
        }
        *fill = f[0];
    }
    return 0;
}

static mn_object *pad(mn_object *self, mn_ssize left, mn_ssize right, char fill)
{
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    if (left < 0)
        left = 0;
    if (right < 0)
        right = 0;
    if (left == 0 && right == 0)
        return same_or_copy(self, p, n);
    bbuf b = {0};
    if (bbuf_reserve(&b, left + n + right) < 0)
        return NULL;
    memset(b.p, fill, (size_t)left);
    if (n)
        memcpy(b.p + left, p, (size_t)n);
    memset(b.p + left + n, fill, (size_t)right);
    b.len = left + n + right;
    return bbuf_finish_like(&b, self);
}

mn_object *mn_bytes_m_center(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize width;
    char fill;
    if (fill_arg("center", args, nargs, kw, &width, &fill) < 0)
        return NULL;
    mn_ssize marg = width - MN_SIZE(self);
    if (marg <= 0)
        return pad(self, 0, 0, fill);
    /* CPython's rounding: the odd byte goes left when width is odd. */
    mn_ssize left = marg / 2 + (marg & width & 1);
    return pad(self, left, marg - left, fill);
}

mn_object *mn_bytes_m_ljust(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize width;
    char fill;
    if (fill_arg("ljust", args, nargs, kw, &width, &fill) < 0)
        return NULL;
    return pad(self, 0, width - MN_SIZE(self), fill);
}

mn_object *mn_bytes_m_rjust(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize width;
    char fill;
    if (fill_arg("rjust", args, nargs, kw, &width, &fill) < 0)
        return NULL;
    return pad(self, width - MN_SIZE(self), 0, fill);
}

mn_object *mn_bytes_m_zfill(mn_object *self, mn_object *const *args, mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    mn_ssize width = mn_number_as_ssize(args[0], MN_OBJ(&mn_exc_OverflowError));
    if (width == -1 && mn_err_occurred())
        return NULL;
    mn_ssize fill = width - MN_SIZE(self);
    mn_object *r = pad(self, fill, 0, '0');
    if (r == NULL || fill <= 0)
        return r;
    /* A leading sign moves in front of the zeros. */
    char *d = MN_BYTEARRAY_CHECK(r) ? MN_BYTEARRAY_DATA(r) : MN_BYTES_DATA(r);
    if (d[fill] == '+' || d[fill] == '-') {
        d[0] = d[fill];
        d[fill] = '0';
    }
    return r;
}

mn_object *mn_bytes_m_expandtabs(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    static const char *const params[] = {"tabsize", NULL};
    mn_object *a[1];
    if (mn_args_bind("expandtabs", args, nargs, kw, params, 0, a) < 0)
        return NULL;
    mn_ssize tabsize = 8;
    if (a[0] != NULL) {
        tabsize = mn_number_as_ssize(a[0], MN_OBJ(&mn_exc_OverflowError));
        if (tabsize == -1 && mn_err_occurred())
            return NULL;
    }
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    bbuf b = {0};
    mn_ssize col = 0;
    for (mn_ssize i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\t') {
            if (tabsize > 0) {
                mn_ssize incr = tabsize - (col % tabsize);
                if (bbuf_reserve(&b, incr) < 0)
                    goto fail;
                memset(b.p + b.len, ' ', (size_t)incr);
                b.len += incr;
                col += incr;
            }
        } else {
            if (bbuf_addc(&b, c) < 0)
                goto fail;
            col++;
            if (c == '\n' || c == '\r')
                col = 0;
        }
    }
    return bbuf_finish_like(&b, self);
fail:
    bbuf_free(&b);
    return NULL;
}

/* Case mapping (ASCII only, as CPython's bytes methods). */
enum { C_LOWER, C_UPPER, C_SWAP, C_TITLE, C_CAPITALIZE };

static mn_object *case_map(mn_object *self, int mode)
{
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    bbuf b = {0};
    if (bbuf_reserve(&b, n) < 0)
        return NULL;
    int prev_cased = 0;
    for (mn_ssize i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        switch (mode) {
        case C_LOWER: c = b_lower(c); break;
        case C_UPPER: c = b_upper(c); break;
        case C_SWAP: c = b_islower(c) ? b_upper(c) : b_lower(c); break;
        case C_CAPITALIZE: c = i == 0 ? b_upper(c) : b_lower(c); break;
        case C_TITLE:
            /* Upper-case the first letter of each run of cased letters. */
            if (b_islower(c)) {
                if (!prev_cased)
                    c = b_upper(c);
                prev_cased = 1;
            } else if (b_isupper(c)) {
                if (prev_cased)
                    c = b_lower(c);
                prev_cased = 1;
            } else {
                prev_cased = 0;
            }
            break;
        }
        b.p[i] = (char)c;
    }
    b.len = n;
    return bbuf_finish_like(&b, self);
}

#define CASE_METHOD(name, mode) \
    mn_object *mn_bytes_m_##name(mn_object *self, mn_object *const *args MN_UNUSED, \
                                 mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED) \
    { return case_map(self, mode); }
CASE_METHOD(lower, C_LOWER)
CASE_METHOD(upper, C_UPPER)
CASE_METHOD(swapcase, C_SWAP)
CASE_METHOD(title, C_TITLE)
CASE_METHOD(capitalize, C_CAPITALIZE)

/* is*() predicates: true when non-empty and every byte satisfies it. */
#define PRED_METHOD(name, pred) \
    mn_object *mn_bytes_m_##name(mn_object *self, mn_object *const *args MN_UNUSED, \
                                 mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED) \
    { \
        const char *p; mn_ssize n; SELF_VIEW(p, n); \
        if (n == 0) MN_RETURN_FALSE; \
        for (mn_ssize i = 0; i < n; i++) \
            if (!pred((unsigned char)p[i])) MN_RETURN_FALSE; \
        MN_RETURN_TRUE; \
    }
PRED_METHOD(isalpha, b_isalpha)
PRED_METHOD(isdigit, b_isdigit)
PRED_METHOD(isalnum, b_isalnum)
PRED_METHOD(isspace, b_isspace)

mn_object *mn_bytes_m_isascii(mn_object *self, mn_object *const *args MN_UNUSED,
                              mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    for (mn_ssize i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80)
            MN_RETURN_FALSE;
    MN_RETURN_TRUE;
}

/* isupper/islower: at least one cased byte and none of the other case. */
static mn_object *is_case(mn_object *self, int want_upper)
{
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    int cased = 0;
    for (mn_ssize i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (want_upper ? b_islower(c) : b_isupper(c))
            MN_RETURN_FALSE;
        if (b_isalpha(c))
            cased = 1;
    }
    MN_RETURN_BOOL(cased);
}

mn_object *mn_bytes_m_isupper(mn_object *self, mn_object *const *args MN_UNUSED,
                              mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return is_case(self, 1);
}
mn_object *mn_bytes_m_islower(mn_object *self, mn_object *const *args MN_UNUSED,
                              mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return is_case(self, 0);
}

mn_object *mn_bytes_m_istitle(mn_object *self, mn_object *const *args MN_UNUSED,
                              mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    int cased = 0, prev_cased = 0;
    for (mn_ssize i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (b_isupper(c)) {
            if (prev_cased)
                MN_RETURN_FALSE;
            prev_cased = cased = 1;
        } else if (b_islower(c)) {
            if (!prev_cased)
                MN_RETURN_FALSE;
            prev_cased = cased = 1;
        } else {
            prev_cased = 0;
        }
    }
    MN_RETURN_BOOL(cased);
}

static mn_object *remove_affix(mn_object *self, mn_object *affix, int suffix)
{
    const char *p, *a;
    mn_ssize n, an;
    if (mn_bytes_view(affix, &a, &an) < 0)
        return NULL;
    SELF_VIEW(p, n);
    if (an > 0 && an <= n && memcmp(suffix ? p + n - an : p, a, (size_t)an) == 0)
        return mn_bytes_new_like(self, suffix ? p : p + an, n - an);
    return same_or_copy(self, p, n);
}

mn_object *mn_bytes_m_removeprefix(mn_object *self, mn_object *const *args, mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return remove_affix(self, args[0], 0);
}
mn_object *mn_bytes_m_removesuffix(mn_object *self, mn_object *const *args, mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return remove_affix(self, args[0], 1);
}

mn_object *mn_bytes_m_translate(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    static const char *const params[] = {"table", "/", "delete", NULL};
    mn_object *a[2];
    if (mn_args_bind("translate", args, nargs, kw, params, 1, a) < 0)
        return NULL;
    const char *table = NULL, *del = NULL;
    mn_ssize tn = 0, dn = 0;
    if (a[0] != mn_none) {
        if (mn_bytes_view(a[0], &table, &tn) < 0)
            return NULL;
        if (tn != 256) {
            mn_err_set_string(&mn_exc_ValueError, "translation table must be 256 characters long");
            return NULL;
        }
    }
    if (a[1] != NULL && mn_bytes_view(a[1], &del, &dn) < 0)
        return NULL;
    char deleted[256] = {0};
    for (mn_ssize i = 0; i < dn; i++)
        deleted[(unsigned char)del[i]] = 1;
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    bbuf b = {0};
    if (bbuf_reserve(&b, n) < 0)
        return NULL;
    int changed = 0;
    for (mn_ssize i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (deleted[c]) {
            changed = 1;
            continue;
        }
        char out = table ? table[c] : (char)c;
        changed |= out != (char)c;
        b.p[b.len++] = out;
    }
    if (!changed) {
        bbuf_free(&b);
        return same_or_copy(self, p, n);
    }
    return bbuf_finish_like(&b, self);
}

/* bytes.maketrans(frm, to) (static method): a 256-byte table. */
mn_object *mn_bytes_m_maketrans(mn_object *self MN_UNUSED, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("maketrans", kw) < 0 || mn_args_count("maketrans", nargs, 2, 2) < 0)
        return NULL;
    const char *f, *t;
    mn_ssize fn, tn;
    if (mn_bytes_view(args[0], &f, &fn) < 0 || mn_bytes_view(args[1], &t, &tn) < 0)
        return NULL;
    if (fn != tn) {
        mn_err_set_string(&mn_exc_ValueError, "maketrans arguments must have same length");
        return NULL;
    }
    mn_object *r = mn_bytes_new_raw(256);
    if (r == NULL)
        return NULL;
    for (int i = 0; i < 256; i++)
        MN_BYTES_DATA(r)[i] = (char)i;
    for (mn_ssize i = 0; i < fn; i++)
        MN_BYTES_DATA(r)[(unsigned char)f[i]] = t[i];
    return r;
}

/* hex(sep=<none>, bytes_per_sep=1): with a positive bytes_per_sep the
 * groups are counted from the right, with a negative one from the left. */
mn_object *mn_bytes_m_hex(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    static const char *const params[] = {"sep", "bytes_per_sep", NULL};
    mn_object *a[2];
    if (mn_args_bind("hex", args, nargs, kw, params, 0, a) < 0)
        return NULL;
    char sep = 0;
    mn_ssize group = 1;
    if (a[1] != NULL) {
        group = mn_number_as_ssize(a[1], NULL);
        if (group == -1 && mn_err_occurred())
            return NULL;
        if (group > INT_MAX || group < INT_MIN) {
            mn_err_set_string(&mn_exc_OverflowError, "Python int too large to convert to C int");
            return NULL;
        }
    }
    if (a[0] != NULL) {
        const char *s;
        mn_ssize sn;
        if (MN_STR_CHECK(a[0])) {
            if (MN_STR_LENGTH(a[0]) != 1) {
                mn_err_set_string(&mn_exc_ValueError, "sep must be length 1.");
                return NULL;
            }
            s = MN_STR_DATA(a[0]);
            if ((unsigned char)s[0] >= 0x80) {
                mn_err_set_string(&mn_exc_ValueError, "sep must be ASCII.");
                return NULL;
            }
            sep = s[0];
        } else if (mn_bytes_view_opt(a[0], &s, &sn)) {
            if (sn != 1) {
                mn_err_set_string(&mn_exc_ValueError, "sep must be length 1.");
                return NULL;
            }
            if ((unsigned char)s[0] >= 0x80) {
                mn_err_set_string(&mn_exc_ValueError, "sep must be ASCII.");
                return NULL;
            }
            sep = s[0];
        } else {
            mn_err_format(&mn_exc_TypeError, "object of type '%s' has no len()", MN_TYPE_NAME(a[0]));
            return NULL;
        }
    }
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    static const char hex[] = "0123456789abcdef";
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_ssize g = group < 0 ? -group : group;
    for (mn_ssize i = 0; i < n; i++) {
        if (sep && g > 0 && i > 0 && (group > 0 ? (n - i) % g == 0 : i % g == 0))
            mn_sb_append_char(&sb, sep);
        unsigned char c = (unsigned char)p[i];
        mn_sb_append_char(&sb, hex[c >> 4]);
        mn_sb_append_char(&sb, hex[c & 15]);
    }
    return mn_sb_finish(&sb);
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* bytes.fromhex(string) / bytearray.fromhex(string) (class method). */
mn_object *mn_bytes_m_fromhex(mn_object *type, mn_object *const *args, mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    mn_object *s = args[0];
    if (!MN_STR_CHECK(s)) {
        mn_err_format(&mn_exc_TypeError, "fromhex() argument must be str, not %s", MN_TYPE_NAME(s));
        return NULL;
    }
    const char *p = MN_STR_DATA(s);
    mn_ssize n = MN_STR_NBYTES(s);
    bbuf b = {0};
    /* Every character before an error is ASCII, so byte offsets equal
     * code point positions in the error message. */
    mn_ssize i = 0;
    while (i < n) {
        if (b_isspace((unsigned char)p[i])) {
            i++;
            continue;
        }
        int hi = hexval((unsigned char)p[i]);
        if (hi < 0)
            goto bad;
        i++;
        int lo = i < n ? hexval((unsigned char)p[i]) : -1;
        if (lo < 0)
            goto bad;
        i++;
        if (bbuf_addc(&b, (char)(hi * 16 + lo)) < 0) {
            bbuf_free(&b);
            return NULL;
        }
    }
    mn_object *r;
    if ((mn_type *)type == &mn_bytearray_type) {
        r = mn_bytearray_from_data(b.p ? b.p : "", b.len);
    } else {
        r = mn_bytes_from_data(b.p ? b.p : "", b.len);
        if (r != NULL && (mn_type *)type != &mn_bytes_type)
            MN_SETREF(r, mn_object_call1(type, r));   /* a subclass: cls(b) */
    }
    bbuf_free(&b);
    return r;
bad:
    bbuf_free(&b);
    mn_err_format(&mn_exc_ValueError, "non-hexadecimal number found in fromhex() arg at position %zd", i);
    return NULL;
}

/* ------------------------------------------------------------ decode */

/* Canonical codec name for the encodings bytes.decode supports natively,
 * or NULL. Python normalises case, '-', '_' and spaces the same way. */
static const char *codec_name(const char *enc)
{
    char norm[32];
    size_t k = 0;
    for (; enc[k] && k < sizeof norm - 1; k++) {
        char c = enc[k];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c == '_' || c == ' ')
            c = '-';
        norm[k] = c;
    }
    if (enc[k])
        return NULL;
    norm[k] = '\0';
    static const char *const utf8[] = {"utf-8", "utf8", "u8", "utf", "cp65001", NULL};
    static const char *const ascii[] = {"ascii", "us-ascii", "646", "us", NULL};
    static const char *const latin1[] = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "8859",
                                         "cp819", "l1", "latin", "iso-ir-100", NULL};
    for (int i = 0; utf8[i]; i++)
        if (strcmp(norm, utf8[i]) == 0)
            return "utf-8";
    for (int i = 0; ascii[i]; i++)
        if (strcmp(norm, ascii[i]) == 0)
            return "ascii";
    for (int i = 0; latin1[i]; i++)
        if (strcmp(norm, latin1[i]) == 0)
            return "latin-1";
    return NULL;
}

/* Raises UnicodeDecodeError(encoding, data, start, end, reason). */
static void raise_decode_error(const char *encoding, const char *data, mn_ssize n,
                               mn_ssize start, mn_ssize end, const char *reason)
{
    mn_object *a[5] = {
        mn_str_from_cstr(encoding), mn_bytes_from_data(data, n),
        mn_int_from_ssize(start), mn_int_from_ssize(end), mn_str_from_cstr(reason),
    };
    if (a[0] && a[1] && a[2] && a[3] && a[4]) {
        mn_object *exc = mn_exception_new(&mn_exc_UnicodeDecodeError, a, 5);
        if (exc != NULL) {
            mn_err_set_exception(exc);
            MN_DECREF(exc);
        }
    }
    for (int i = 0; i < 5; i++)
        MN_XDECREF(a[i]);
}

/* Length of the invalid UTF-8 sequence at p[0..n) (0 if it is valid), and
 * its reason — CPython's rule: the maximal valid prefix of a sequence is
 * one error, so b'\xe2\x82A' is one U+FFFD followed by 'A'. */
static mn_ssize utf8_error_at(const unsigned char *p, mn_ssize n, mn_ssize *seqlen,
                              const char **reason)
{
    unsigned char c = p[0];
    if (c < 0x80) {
        *seqlen = 1;
        return 0;
    }
    int need;
    unsigned char lo = 0x80, hi = 0xbf;   /* range of the second byte */
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c == 0xe0) { need = 2; lo = 0xa0; }
    else if (c == 0xed) { need = 2; hi = 0x9f; }
    else if (c >= 0xe1 && c <= 0xef) need = 2;
    else if (c == 0xf0) { need = 3; lo = 0x90; }
    else if (c == 0xf4) { need = 3; hi = 0x8f; }
    else if (c >= 0xf1 && c <= 0xf3) need = 3;
    else {
        *reason = "invalid start byte";
        return 1;
    }
    for (int k = 1; k <= need; k++) {
        if (k >= n) {
            *reason = "unexpected end of data";
            return n;
        }
        unsigned char lo_k = k == 1 ? lo : 0x80, hi_k = k == 1 ? hi : 0xbf;
        if (p[k] < lo_k || p[k] > hi_k) {
            *reason = "invalid continuation byte";
            return k;
        }
    }
    *seqlen = need + 1;
    return 0;
}

enum { H_STRICT, H_REPLACE, H_IGNORE, H_BACKSLASH, H_UNKNOWN };

static int error_handler(const char *errors)
{
    if (strcmp(errors, "strict") == 0) return H_STRICT;
    if (strcmp(errors, "replace") == 0) return H_REPLACE;
    if (strcmp(errors, "ignore") == 0) return H_IGNORE;
    if (strcmp(errors, "backslashreplace") == 0) return H_BACKSLASH;
    return H_UNKNOWN;
}

/* Decodes data with a supported codec; NULL with LookupError for others. */
mn_object *mn_bytes_decode(const char *data, mn_ssize n, const char *encoding, const char *errors)
{
    const char *codec = codec_name(encoding);
    if (codec == NULL) {
        mn_err_format(&mn_exc_LookupError, "unknown encoding: %s", encoding);
        return NULL;
    }
    int handler = error_handler(errors);
    if (strcmp(codec, "utf-8") == 0 && handler == H_STRICT)
        return mn_str_from_utf8(data, n);   /* the str type validates */
    const unsigned char *p = (const unsigned char *)data;
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_ssize i = 0;
    while (i < n) {
        mn_ssize bad, len = 1;
        const char *reason = "ordinal not in range(128)";
        if (codec[0] == 'l') {                 /* latin-1: every byte decodes */
            mn_sb_append_codepoint(&sb, p[i++]);
            continue;
        }
        if (codec[0] == 'a')
            bad = p[i] >= 0x80;
        else
            bad = utf8_error_at(p + i, n - i, &len, &reason);
        if (!bad) {
            mn_sb_append(&sb, data + i, len);
            i += len;
            continue;
        }
        switch (handler) {
        case H_REPLACE:
            mn_sb_append_codepoint(&sb, 0xfffd);
            break;
        case H_IGNORE:
            break;
        case H_BACKSLASH:
            for (mn_ssize k = 0; k < bad; k++) {
                char esc[5];
                snprintf(esc, sizeof esc, "\\x%02x", p[i + k]);
                mn_sb_append(&sb, esc, 4);
            }
            break;
        case H_UNKNOWN:
            mn_sb_discard(&sb);
            mn_err_format(&mn_exc_LookupError, "unknown error handler name '%s'", errors);
            return NULL;
        default:
            mn_sb_discard(&sb);
            raise_decode_error(codec, data, n, i, i + bad, reason);
            return NULL;
        }
        i += bad;
    }
    return mn_sb_finish(&sb);
}

mn_object *mn_bytes_m_decode(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    static const char *const params[] = {"encoding", "errors", NULL};
    mn_object *a[2];
    if (mn_args_bind("decode", args, nargs, kw, params, 0, a) < 0)
        return NULL;
    static const char *const names[] = {"encoding", "errors"};
    for (int k = 0; k < 2; k++) {
        if (a[k] != NULL && !MN_STR_CHECK(a[k])) {
            mn_err_format(&mn_exc_TypeError, "decode() argument '%s' must be str, not %s",
                          names[k], MN_TYPE_NAME(a[k]));
            return NULL;
        }
    }
    const char *p;
    mn_ssize n;
    SELF_VIEW(p, n);
    return mn_bytes_decode(p, n, a[0] ? MN_STR_DATA(a[0]) : "utf-8",
                           a[1] ? MN_STR_DATA(a[1]) : "strict");
}


/* ------------------------------------------------- the bytes type */

static mn_object *bytes_getnewargs(mn_object *self, mn_object *const *args MN_UNUSED,
                                   mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    mn_object *copy = mn_bytes_from_data(MN_BYTES_DATA(self), MN_SIZE(self));
    if (copy == NULL)
        return NULL;
    mn_object *t = mn_tuple_pack(1, copy);
    MN_DECREF(copy);
    return t;
}

/* bytes.__bytes__: a plain bytes copy of self (self itself if exact). */
static mn_object *bytes_bytes(mn_object *self, mn_object *const *args MN_UNUSED,
                              mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    if (MN_IS_TYPE(self, &mn_bytes_type))
        return MN_NEW_REF(self);
    return mn_bytes_from_data(MN_BYTES_DATA(self), MN_SIZE(self));
}

/* Real allocated size: header + data + NUL. */
static mn_object *bytes_sizeof(mn_object *self, mn_object *const *args MN_UNUSED,
                               mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return mn_int_from_ssize(MN_TYPE(self)->basicsize + MN_SIZE(self));
}

static mn_method_def bytes_methods[] = {
    {"__getnewargs__", bytes_getnewargs, MN_METH_NOARGS, NULL},
    {"__bytes__", bytes_bytes, MN_METH_NOARGS, "Convert this value to exact type bytes."},
    {"__sizeof__", bytes_sizeof, MN_METH_NOARGS, "Return the size of the bytes in memory, in bytes."},
    MN_BYTES_SHARED_METHODS
    {NULL, NULL, 0, NULL},
};

static mn_number_methods bytes_as_number = {
    .binop = {
        [MN_BINOP_ADD] = mn_bytes_add_slot,
        [MN_BINOP_MULTIPLY] = mn_bytes_mul_slot,
        [MN_BINOP_REMAINDER] = mn_bytes_mod_slot,
    },
};

mn_type mn_bytes_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "bytes",
    .basicsize = sizeof(mn_bytes) + 1,   /* + the trailing NUL */
    .itemsize = 1,
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_BYTES_SUBCLASS,
    .doc = "bytes(iterable_of_ints) -> bytes\n"
           "bytes(string, encoding[, errors]) -> bytes\n"
           "bytes(bytes_or_buffer) -> immutable copy of bytes_or_buffer\n"
           "bytes(int) -> bytes object of size given by the parameter initialized with null bytes\n"
           "bytes() -> empty bytes object",
    .dealloc = bytes_dealloc,
    .new_ = bytes_new,
    .repr = mn_bytes_repr,
    .hash = bytes_hash,
    .richcompare = mn_bytes_richcompare,
    .iter = mn_bytes_iter_new,
    .length = bytes_length,
    .getitem = mn_bytes_subscript,
    .contains = mn_bytes_contains,
    .as_number = &bytes_as_number,
    .methods = bytes_methods,
};

int mn_bytes_init_types(void)
{
    if (mn_type_ready(&mn_bytes_type) < 0 || mn_type_ready(&mn_bytearray_type) < 0 ||
        mn_type_ready(&mn_bytes_iter_type) < 0 || mn_type_ready(&mn_bytearray_iter_type) < 0)
        return -1;
    return 0;
}

/* ------------------------------------------------ %-formatting (PEP 461) */

mn_object *mn_bytes_mod_slot(mn_object *a, mn_object *b)
{
    if (!MN_BYTES_CHECK(a) && !MN_BYTEARRAY_CHECK(a))
        MN_RETURN_NOT_IMPLEMENTED;
    return mn_bytes_format(a, b);
}

/* Pads `body` (n bytes) to `width` with spaces per the '-' flag. */
static int fmt_pad_add(bbuf *out, const char *body, mn_ssize n, mn_ssize width, int left)
{
    mn_ssize fill = width > n ? width - n : 0;
    if (bbuf_reserve(out, n + fill) < 0)
        return -1;
    if (!left) {
        memset(out->p + out->len, ' ', (size_t)fill);
        out->len += fill;
    }
    bbuf_add(out, body, n);
    if (left) {
        memset(out->p + out->len, ' ', (size_t)fill);
        out->len += fill;
    }
    return 0;
}

/* %d %i %u %x %X %o with CPython's flag semantics. */
static int fmt_int(bbuf *out, mn_object *v, char conv, int flags_minus, int flags_plus,
                   int flags_space, int flags_alt, int flags_zero, mn_ssize width, mn_ssize prec)
{
    mn_object *num;
    if (conv == 'd' || conv == 'i' || conv == 'u') {
        if (MN_INT_CHECK(v)) {
            num = MN_NEW_REF(v);
        } else if (MN_TYPE(v) == &mn_float_type ||
                   (MN_TYPE(v)->as_number && (MN_TYPE(v)->as_number->int_ || MN_TYPE(v)->as_number->index))) {
            num = mn_number_long(v);
        } else {
            mn_err_format(&mn_exc_TypeError, "%%%c format: a real number is required, not %s",
                          conv, MN_TYPE_NAME(v));
            return -1;
        }
    } else {
        if (!mn_index_check(v)) {
            mn_err_format(&mn_exc_TypeError, "%%%c format: an integer is required, not %s",
                          conv, MN_TYPE_NAME(v));
            return -1;
        }
        num = mn_number_index(v);
    }
    if (num == NULL)
        return -1;
    int base = (conv == 'x' || conv == 'X') ? 16 : conv == 'o' ? 8 : 10;
    mn_ssize dn;
    char *digits = mn_int_magnitude_digits(num, base, &dn);
    int neg = mn_int_sign(num) < 0;
    MN_DECREF(num);
    if (digits == NULL)
        return -1;
    if (conv == 'X')
        for (mn_ssize k = 0; k < dn; k++)
            if (digits[k] >= 'a' && digits[k] <= 'f')
                digits[k] -= 32;
    char prefix[4];
    int pn = 0;
    if (neg) prefix[pn++] = '-';
    else if (flags_plus) prefix[pn++] = '+';
    else if (flags_space) prefix[pn++] = ' ';
    if (flags_alt && base != 10) {
        prefix[pn++] = '0';
        prefix[pn++] = conv == 'o' ? 'o' : conv;
    }
    mn_ssize zeros = prec > dn ? prec - dn : 0;
    mn_ssize body = pn + zeros + dn;
    if (flags_zero && !flags_minus && width > body) {
        zeros += width - body;
        body = width;
    }
    mn_ssize fill = width > body ? width - body : 0;
    int r = -1;
    if (bbuf_reserve(out, body + fill) == 0) {
        if (!flags_minus) { memset(out->p + out->len, ' ', (size_t)fill); out->len += fill; }
        bbuf_add(out, prefix, pn);
        memset(out->p + out->len, '0', (size_t)zeros);
        out->len += zeros;
        bbuf_add(out, digits, dn);
        if (flags_minus) { memset(out->p + out->len, ' ', (size_t)fill); out->len += fill; }
        r = 0;
    }
    free(digits);
    return r;
}

/* bytes % args: PEP 461's printf-style formatting. */
mn_object *mn_bytes_format(mn_object *fmtobj, mn_object *args)
{
    const char *f;
    mn_ssize fn;
    if (mn_bytes_view(fmtobj, &f, &fn) < 0)
        return NULL;
    mn_ssize arglen = -1, argidx = -2;   /* a lone argument: CPython's encoding */
    if (MN_TUPLE_CHECK(args)) {
        arglen = MN_TUPLE_SIZE(args);
        argidx = 0;
    }
    mn_object *dict = NULL;
    if (MN_TYPE(args)->getitem != NULL && !MN_TUPLE_CHECK(args) && !MN_BYTES_CHECK(args) &&
        !MN_STR_CHECK(args))
        dict = args;
    bbuf out = {0};
    mn_object *keyval = NULL;   /* the argument fetched by %(key)s */
    mn_ssize i = 0;
#define NEXT_ARG() (argidx < arglen ? (argidx++, arglen < 0 ? args : MN_TUPLE_GET(args, argidx - 1)) : NULL)
    while (i < fn) {
        if (f[i] != '%') {
            const char *q = memchr(f + i, '%', (size_t)(fn - i));
            mn_ssize stop = q ? q - f : fn;
            if (bbuf_add(&out, f + i, stop - i) < 0)
                goto fail;
            i = stop;
            continue;
        }
        i++;
        if (i < fn && f[i] == '%') {
            if (bbuf_addc(&out, '%') < 0)
                goto fail;
            i++;
            continue;
        }
        mn_object *v = NULL;
        MN_CLEAR(keyval);
        if (i < fn && f[i] == '(') {
            if (dict == NULL) {
                mn_err_set_string(&mn_exc_TypeError, "format requires a mapping");
                goto fail;
            }
            mn_ssize depth = 1, kstart = ++i;
            while (i < fn && depth > 0) {
                if (f[i] == ')') depth--;
                else if (f[i] == '(') depth++;
                i++;
            }
            if (depth > 0) {
                mn_err_set_string(&mn_exc_ValueError, "incomplete format key");
                goto fail;
            }
            mn_object *key = mn_bytes_from_data(f + kstart, i - 1 - kstart);
            if (key == NULL)
                goto fail;
            keyval = mn_object_getitem(dict, key);
            MN_DECREF(key);
            if (keyval == NULL)
                goto fail;
            v = keyval;
            arglen = -1;
            argidx = -2;
        }
        int minus = 0, plus = 0, space = 0, alt = 0, zero = 0;
        for (; i < fn; i++) {
            if (f[i] == '-') minus = 1;
            else if (f[i] == '+') plus = 1;
            else if (f[i] == ' ') space = 1;
            else if (f[i] == '#') alt = 1;
            else if (f[i] == '0') zero = 1;
            else break;
        }
        mn_ssize width = -1, prec = -1;
        for (int part = 0; part < 2; part++) {
            mn_ssize *dst = part ? &prec : &width;
            if (part) {
                if (i >= fn || f[i] != '.')
                    break;
                i++;
                prec = 0;
            }
            if (i < fn && f[i] == '*') {
                i++;
                mn_object *w = NEXT_ARG();
                if (w == NULL) {
                    mn_err_set_string(&mn_exc_TypeError, "not enough arguments for format string");
                    goto fail;
                }
                if (!MN_INT_CHECK(w)) {
                    mn_err_set_string(&mn_exc_TypeError, "* wants int");
                    goto fail;
                }
                *dst = mn_int_as_ssize(w);
                if (*dst == -1 && mn_err_occurred())
                    goto fail;
                if (!part && *dst < 0) {
                    minus = 1;
                    *dst = -*dst;
                }
                if (part && *dst < 0)
                    *dst = 0;
            } else {
                while (i < fn && f[i] >= '0' && f[i] <= '9') {
                    mn_ssize d = f[i++] - '0';
                    if (*dst > (MN_SSIZE_MAX - d) / 10) {
                        mn_err_set_string(&mn_exc_ValueError, part ? "precision too big" : "width too big");
                        goto fail;
                    }
                    *dst = (*dst < 0 ? 0 : *dst) * 10 + d;
                }
            }
        }
        while (i < fn && (f[i] == 'h' || f[i] == 'l' || f[i] == 'L'))
            i++;
        if (i >= fn) {
            mn_err_set_string(&mn_exc_ValueError, "incomplete format");
            goto fail;
        }
        char conv = f[i++];
        /* CPython fetches the argument before looking at the conversion. */
        if (v == NULL && (v = NEXT_ARG()) == NULL) {
            mn_err_set_string(&mn_exc_TypeError, "not enough arguments for format string");
            goto fail;
        }
        switch (conv) {
        case '%':   /* "%5%": a literal percent */
            if (bbuf_addc(&out, '%') < 0)
                goto fail;
            break;
        case 's': case 'b': {
            const char *p;
            mn_ssize n;
            mn_object *tmp = NULL;
            if (!mn_bytes_view_opt(v, &p, &n)) {
                if (mn_type_lookup_str(MN_TYPE(v), "__bytes__") == NULL) {
                    mn_err_format(&mn_exc_TypeError,
                                  "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'",
                                  MN_TYPE_NAME(v));
                    goto fail;
                }
                if ((tmp = mn_bytes_from_object_args(v, NULL, NULL)) == NULL)
                    goto fail;
                mn_bytes_view_opt(tmp, &p, &n);
            }
            if (prec >= 0 && prec < n)
                n = prec;
            int r = fmt_pad_add(&out, p, n, width, minus);
            MN_XDECREF(tmp);
            if (r < 0)
                goto fail;
            break;
        }
        case 'r': case 'a': {
            mn_object *text = mn_object_ascii(v);
            if (text == NULL)
                goto fail;
            mn_ssize n = MN_STR_NBYTES(text);
            if (prec >= 0 && prec < n)
                n = prec;
            int r = fmt_pad_add(&out, MN_STR_DATA(text), n, width, minus);
            MN_DECREF(text);
            if (r < 0)
                goto fail;
            break;
        }
        case 'c': {
            const char *p;
            mn_ssize n;
            char c;
            if (mn_bytes_view_opt(v, &p, &n) && n == 1) {
                c = p[0];
            } else if (MN_INT_CHECK(v)) {
                mn_ssize x = mn_number_as_ssize(v, NULL);
                if (x == -1 && mn_err_occurred())
                    goto fail;
                if (x < 0 || x > 255) {
                    mn_err_set_string(&mn_exc_OverflowError, "%c arg not in range(256)");
                    goto fail;
                }
                c = (char)x;
            } else {
                mn_err_set_string(&mn_exc_TypeError,
                                  "%c requires an integer in range(256) or a single byte");
                goto fail;
            }
            if (fmt_pad_add(&out, &c, 1, width, minus) < 0)
                goto fail;
            break;
        }
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
            if (fmt_int(&out, v, conv, minus, plus, space, alt, zero, width, prec) < 0)
                goto fail;
            break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
            mn_object *fl;
            if (MN_TYPE(v) == &mn_float_type)
                fl = MN_NEW_REF(v);
            else if (MN_INT_CHECK(v) || (MN_TYPE(v)->as_number && MN_TYPE(v)->as_number->float_))
                fl = mn_number_float(v);
            else {
                mn_err_format(&mn_exc_TypeError, "float argument required, not %s", MN_TYPE_NAME(v));
                goto fail;
            }
            if (fl == NULL)
                goto fail;
            /* Delegate to format(): "%-+08.3f" is the spec "<+08.3f". */
            char spec[64];
            int k = 0;
            if (minus) spec[k++] = '<';
            if (plus) spec[k++] = '+';
            else if (space) spec[k++] = ' ';
            if (alt) spec[k++] = '#';
            if (zero && !minus) spec[k++] = '0';
            k += snprintf(spec + k, sizeof spec - (size_t)k, width >= 0 ? "%zd" : "", width);
            k += snprintf(spec + k, sizeof spec - (size_t)k, ".%zd%c", prec >= 0 ? prec : 6, conv);
            mn_object *specobj = mn_str_from_cstr(spec);
            mn_object *text = specobj ? mn_object_format(fl, specobj) : NULL;
            MN_XDECREF(specobj);
            MN_DECREF(fl);
            if (text == NULL)
                goto fail;
            int r = bbuf_add(&out, MN_STR_DATA(text), MN_STR_NBYTES(text));
            MN_DECREF(text);
            if (r < 0)
                goto fail;
            break;
        }
        default:
            mn_err_format(&mn_exc_ValueError, "unsupported format character '%c' (0x%x) at index %zd",
                          conv, (unsigned char)conv, i - 1);
            goto fail;
        }
    }
#undef NEXT_ARG
    MN_XDECREF(keyval);
    if (argidx < arglen && dict == NULL) {
        mn_err_set_string(&mn_exc_TypeError, "not all arguments converted during bytes formatting");
        bbuf_free(&out);
        return NULL;
    }
    return bbuf_finish_like(&out, fmtobj);
fail:
    MN_XDECREF(keyval);
    bbuf_free(&out);
    return NULL;
}

/* runtime/bytes.h — bytes (immutable) and bytearray (mutable, over-
 * allocating) byte strings. Indexing yields ints; both have the
 * str-like method set (find, split, strip, replace, join, hex, decode...). */
#ifndef MN_BYTES_H
#define MN_BYTES_H

#include "runtime/object.h"

typedef struct mn_bytes {
    mn_var_object ob_base;   /* size: number of bytes */
    mn_hash hash;
    char data[];             /* size + 1 bytes, NUL-terminated */
} mn_bytes;

typedef struct mn_bytearray {
    mn_var_object ob_base;   /* size: number of bytes */
    mn_ssize allocated;
    char *data;
    mn_ssize exports;        /* reserved (buffer protocol) */
} mn_bytearray;

extern mn_type mn_bytes_type, mn_bytearray_type, mn_bytes_iter_type, mn_bytearray_iter_type;
#define MN_BYTES_CHECK(o) MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_BYTES_SUBCLASS)
#define MN_BYTEARRAY_CHECK(o) MN_TYPE_CHECK(o, &mn_bytearray_type)
#define MN_BYTES_DATA(o) (((mn_bytes *)(o))->data)
#define MN_BYTES_SIZE(o) MN_SIZE(o)
#define MN_BYTEARRAY_DATA(o) (((mn_bytearray *)(o))->data)

mn_object *mn_bytes_from_data(const char *data, mn_ssize n);
mn_object *mn_bytes_new_raw(mn_ssize n);           /* uninitialised contents */
mn_object *mn_bytearray_from_data(const char *data, mn_ssize n);
mn_object *mn_bytes_repr(mn_object *b);            /* b'...' */
/* Gets a (data, size) view of bytes or bytearray; -1 + TypeError otherwise. */
int        mn_bytes_view(mn_object *o, const char **data, mn_ssize *n);

/* bytearray(b'...') (subclasses show their own name). */
mn_object *mn_bytearray_repr(mn_object *b);
/* Resizes a bytearray with CPython's over-allocation policy (grows by
 * ~1/8 when the request is moderate, exactly when it is large; gives
 * memory back when shrinking below half). Contents up to min(old, new)
 * are kept; new bytes are uninitialised. */
int        mn_bytearray_resize(mn_object *ba, mn_ssize size);
mn_object *mn_bytearray_repeat(mn_object *ba, mn_ssize times);   /* new bytearray */

/* Like mn_bytes_view but returns 0 (no exception) for non-bytes-like
 * objects and 1 on success. */
int        mn_bytes_view_opt(mn_object *o, const char **data, mn_ssize *n);
/* The bytes hash (deterministic: mini has no hash randomisation). */
/* bytes(source, encoding, errors) with any of them NULL (not given). */
mn_object *mn_bytes_from_object_args(mn_object *source, mn_object *encoding, mn_object *errors);
/* Decodes with 'utf-8', 'ascii' or 'latin-1' (and aliases) and the error
 * handlers strict/replace/ignore/backslashreplace. */
mn_object *mn_bytes_decode(const char *data, mn_ssize n, const char *encoding, const char *errors);
/* bytes % args (PEP 461). */
mn_object *mn_bytes_format(mn_object *fmt, mn_object *args);
mn_object *mn_bytes_iter_new(mn_object *seq);

/* --- internal: shared by bytes.c and bytearray.c -------------------------
 * The method implementations both types share (CPython's bytes_methods.c).
 * Each accepts a bytes or a bytearray `self` and returns a result of the
 * same base type. */
mn_object *mn_bytes_new_like(mn_object *self, const char *data, mn_ssize n);
int        mn_bytes_byte_value(mn_object *o, int *out, const char *range_msg);
mn_object *mn_bytes_richcompare(mn_object *a, mn_object *b, int op);
mn_object *mn_bytes_subscript(mn_object *self, mn_object *key);
int        mn_bytes_contains(mn_object *self, mn_object *x);
mn_object *mn_bytes_add_slot(mn_object *a, mn_object *b);
mn_object *mn_bytes_mul_slot(mn_object *a, mn_object *b);
mn_object *mn_bytes_mod_slot(mn_object *a, mn_object *b);
int        mn_bytes_repeat_operands(mn_object *a, mn_object *b, mn_object **seq, mn_ssize *count);
mn_object *mn_bytes_encode_str(mn_object *s, mn_object *encoding, mn_object *errors);

#define MN_BYTES_METHOD_LIST(X) \
    X(capitalize, MN_METH_NOARGS) X(center, 0) X(count, 0) X(decode, 0) \
    X(endswith, 0) X(expandtabs, 0) X(find, 0) X(hex, 0) X(index, 0) \
    X(isalnum, MN_METH_NOARGS) X(isalpha, MN_METH_NOARGS) X(isascii, MN_METH_NOARGS) \
    X(isdigit, MN_METH_NOARGS) X(islower, MN_METH_NOARGS) X(isspace, MN_METH_NOARGS) \
    X(istitle, MN_METH_NOARGS) X(isupper, MN_METH_NOARGS) X(join, MN_METH_O) \
    X(ljust, 0) X(lower, MN_METH_NOARGS) X(lstrip, 0) X(partition, MN_METH_O) \
    X(removeprefix, MN_METH_O) X(removesuffix, MN_METH_O) X(replace, 0) \
    X(rfind, 0) X(rindex, 0) X(rjust, 0) X(rpartition, MN_METH_O) X(rsplit, 0) \
    X(rstrip, 0) X(split, 0) X(splitlines, 0) X(startswith, 0) X(strip, 0) \
    X(swapcase, MN_METH_NOARGS) X(title, MN_METH_NOARGS) X(translate, 0) \
    X(upper, MN_METH_NOARGS) X(zfill, MN_METH_O) \
    X(fromhex, MN_METH_O | MN_METH_CLASS) X(maketrans, MN_METH_STATIC)

#define MN_BYTES_DECLARE_METHOD(name, flags) \
    mn_object *mn_bytes_m_##name(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames);
MN_BYTES_METHOD_LIST(MN_BYTES_DECLARE_METHOD)
#undef MN_BYTES_DECLARE_METHOD
/* Method-table entries for the shared methods: `MN_BYTES_SHARED_METHODS`
 * inside a type's mn_method_def array. */
#define MN_BYTES_METHOD_ENTRY(name, flags) {#name, mn_bytes_m_##name, flags, NULL},
#define MN_BYTES_SHARED_METHODS MN_BYTES_METHOD_LIST(MN_BYTES_METHOD_ENTRY)

int mn_bytes_init_types(void);

#endif /* MN_BYTES_H */

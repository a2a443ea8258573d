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

int mn_bytes_init_types(void);

#endif /* MN_BYTES_H */

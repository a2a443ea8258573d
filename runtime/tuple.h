/* runtime/tuple.h — the tuple type: an immutable array of references,
 * allocated in one block (items inline). The empty tuple is a singleton.
 * hash combines item hashes with CPython's xxHash-based algorithm, so equal
 * tuples hash equal (and (1, 2) hashes as in CPython). */
#ifndef MN_TUPLE_H
#define MN_TUPLE_H

#include "runtime/object.h"

typedef struct mn_tuple {
    mn_var_object ob_base;   /* size: number of items */
    mn_object *items[];
} mn_tuple;

extern mn_type mn_tuple_type, mn_tuple_iter_type;
#define MN_TUPLE_CHECK(o) MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_TUPLE_SUBCLASS)
#define MN_TUPLE_CHECK_EXACT(o) (MN_TYPE(o) == &mn_tuple_type)
#define MN_TUPLE_SIZE(o) MN_SIZE(o)
#define MN_TUPLE_ITEMS(o) (((mn_tuple *)(o))->items)
#define MN_TUPLE_GET(o, i) (((mn_tuple *)(o))->items[i])      /* borrowed */
#define MN_TUPLE_SET(o, i, v) (((mn_tuple *)(o))->items[i] = (v))  /* steals v; fresh tuples only */

/* New tuple of n NULL items (fill with MN_TUPLE_SET before anyone sees it). */
mn_object *mn_tuple_new(mn_ssize n);
mn_object *mn_tuple_pack(mn_ssize n, ...);                 /* borrowed args */
mn_object *mn_tuple_from_array(mn_object *const *items, mn_ssize n);  /* borrowed items */
mn_object *mn_tuple_from_iterable(mn_object *iterable);    /* tuple(x) */
mn_object *mn_tuple_slice(mn_object *t, mn_ssize lo, mn_ssize hi);

int mn_tuple_init_types(void);
void mn_tuple_fini(void);

#endif /* MN_TUPLE_H */

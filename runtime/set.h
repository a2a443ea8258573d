/* runtime/set.h — set and frozenset: an open-addressing hash table of keys
 * (CPython's set layout: linear probing in small runs, then perturbation),
 * resized to keep the fill at most 3/5. frozenset is hashable with
 * CPython's order-independent hash. */
#ifndef MN_SET_H
#define MN_SET_H

#include "runtime/object.h"

typedef struct mn_set_entry {
    mn_object *key;      /* NULL: empty; mn_set_dummy: deleted */
    mn_hash hash;
} mn_set_entry;

typedef struct mn_set {
    mn_object ob_base;
    mn_ssize fill;        /* active + dummy */
    mn_ssize used;        /* active */
    mn_ssize mask;        /* table size - 1 */
    mn_set_entry *table;
    mn_hash hash;         /* frozenset only; -1 until computed */
    mn_ssize finger;      /* pop() search start */
    mn_set_entry smalltable[8];
    mn_object *weakreflist;
} mn_set;

extern mn_type mn_set_type, mn_frozenset_type, mn_set_iter_type;
/* The placeholder key of deleted entries (never visible to mini code). */
extern mn_object mn_set_dummy_struct;
#define mn_set_dummy (&mn_set_dummy_struct)
#define MN_ANYSET_CHECK(o) (MN_TYPE_CHECK(o, &mn_set_type) || MN_TYPE_CHECK(o, &mn_frozenset_type))
#define MN_SET_SIZE(o) (((mn_set *)(o))->used)

mn_object *mn_set_new(mn_object *iterable);        /* iterable may be NULL */
mn_object *mn_frozenset_new(mn_object *iterable);
int        mn_set_add(mn_object *set, mn_object *key);
int        mn_set_discard(mn_object *set, mn_object *key);   /* 1 removed, 0 absent, -1 */
int        mn_set_contains(mn_object *set, mn_object *key);
/* Iteration over entries: borrowed key and its hash. */
int        mn_set_next(mn_object *set, mn_ssize *pos, mn_object **key, mn_hash *hash);

int mn_set_init_types(void);

#endif /* MN_SET_H */

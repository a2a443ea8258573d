/* runtime/dict.h — the dict type, CPython's compact insertion-ordered hash
 * table.
 *
 * A dict points to an mn_dict_keys block holding (1) an index table of
 * 2**k slots whose width (1, 2, 4 or 8 bytes) grows with the table, and (2)
 * a dense array of entries {hash, key, value} in insertion order. Lookup
 * probes the index table with CPython's perturbation recurrence
 *   i = (i*5 + perturb + 1) & mask; perturb >>= 5
 * Slots are EMPTY (-1), DUMMY (-2, a deleted entry) or an entry index. The
 * table grows when entries reach 2/3 of the slots; deletion leaves a DUMMY
 * and a NULL-key entry that the next resize squeezes out. Each mutation
 * bumps `version`, which iterators use to raise "dictionary changed size
 * during iteration" and the VM uses for global-lookup caches.
 */
#ifndef MN_DICT_H
#define MN_DICT_H

#include "runtime/object.h"

typedef struct mn_dict_entry {
    mn_hash hash;
    mn_object *key;      /* NULL: deleted entry */
    mn_object *value;
} mn_dict_entry;

typedef struct mn_dict_keys {
    mn_ssize size;        /* number of index slots, a power of 2 */
    mn_ssize usable;      /* entries still free before a resize (CPython's
                             dk_usable; capacity is 2/3 of size) */
    mn_ssize nentries;    /* entries used so far, deleted ones included */
    uint8_t index_bytes;  /* width of one index slot: 1, 2, 4 or 8 */
    /* size * index_bytes, then the entries array. Aligned so the header is
     * exactly 32 bytes like CPython's PyDictKeysObject and 8-byte indices
     * are naturally aligned. */
    _Alignas(8) char indices[];

} mn_dict_keys;

typedef struct mn_dict {
    mn_object ob_base;
    mn_ssize used;        /* number of live items */
    uint64_t version;     /* bumped on every change */
    mn_dict_keys *keys;
} mn_dict;

extern mn_type mn_dict_type, mn_dict_keys_type, mn_dict_values_type,
               mn_dict_items_type, mn_dict_keyiter_type, mn_dict_valueiter_type,
               mn_dict_itemiter_type, mn_dict_revkeyiter_type,
               mn_dict_revvalueiter_type, mn_dict_revitemiter_type;
#define MN_DICT_CHECK(o) MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_DICT_SUBCLASS)
#define MN_DICT_CHECK_EXACT(o) (MN_TYPE(o) == &mn_dict_type)
#define MN_DICT_SIZE(o) (((mn_dict *)(o))->used)

/* --- core API --- */
mn_object *mn_dict_new(void);
/* Borrowed result, NULL if missing (no exception) — but NULL with an
 * exception set if hashing or comparing raised: check mn_err_occurred(). */
mn_object *mn_dict_get_item(mn_object *d, mn_object *key);
mn_object *mn_dict_get_item_str(mn_object *d, const char *key);
/* With a precomputed hash. */
mn_object *mn_dict_get_item_hash(mn_object *d, mn_object *key, mn_hash hash);
int        mn_dict_set_item(mn_object *d, mn_object *key, mn_object *value);  /* borrows both */
int        mn_dict_set_item_str(mn_object *d, const char *key, mn_object *value);
/* Deletes key: KeyError if missing. */
int        mn_dict_del_item(mn_object *d, mn_object *key);
int        mn_dict_del_item_str(mn_object *d, const char *key);
/* Removes and returns key's value (new ref), or NULL: *found says whether
 * it was there (no KeyError raised). */
mn_object *mn_dict_pop_item(mn_object *d, mn_object *key, int *found);
int        mn_dict_contains(mn_object *d, mn_object *key);   /* 1/0/-1 */
void       mn_dict_clear(mn_object *d);
/* Iterates live entries: `mn_ssize pos = 0; while (mn_dict_next(d, &pos, &k, &v))`
 * with borrowed k and v. */
int        mn_dict_next(mn_object *d, mn_ssize *pos, mn_object **key, mn_object **value);
mn_object *mn_dict_copy(mn_object *d);
int        mn_dict_update(mn_object *d, mn_object *other);   /* dict.update(other) */
/* override: 1 replaces existing keys, 0 keeps them, 2 raises KeyError(key)
 * on a duplicate (used for f(**a, **b)). */
int        mn_dict_merge(mn_object *d, mn_object *other, int override);
mn_object *mn_dict_keys_list(mn_object *d);
mn_object *mn_dict_values_list(mn_object *d);
mn_object *mn_dict_items_list(mn_object *d);
/* Like mn_dict_next, also giving the stored hash of the key. */
int        mn_dict_next_hash(mn_object *d, mn_ssize *pos, mn_object **key,
                             mn_object **value, mn_hash *hash);
/* Lookup/containment with a precomputed hash: 1/0/-1. */
int        mn_dict_contains_hash(mn_object *d, mn_object *key, mn_hash hash);
/* An empty dict whose table already fits n items without resizing. */
mn_object *mn_dict_new_presized(mn_ssize n);
/* dict.update(iterable_of_pairs): override=0 keeps existing keys. */
int        mn_dict_merge_from_seq2(mn_object *d, mn_object *seq2, int override);
/* sys.getsizeof helper: bytes used by the dict and its keys block. */
mn_ssize   mn_dict_sizeof(mn_object *d);

int mn_dict_init_types(void);

#endif /* MN_DICT_H */

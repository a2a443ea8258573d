/* runtime/dict.c — the dict type, its views (dict_keys, dict_values,
 * dict_items) and their forward and reverse iterators.
 *
 * This is CPython 3.11's "compact dict" (Objects/dictobject.c), without
 * split tables and without the str-only entry layout:
 *
 *   mn_dict ──> mn_dict_keys: [size, usable, nentries, index_bytes]
 *                             [index table: size slots of 1/2/4/8 bytes]
 *                             [entries: usable x {hash, key, value}]
 *
 * Entries are appended in insertion order, which is why dicts iterate in
 * insertion order. The index table maps a hash to an entry number; a slot
 * holds EMPTY (-1), DUMMY (-2: the entry was deleted, keep probing) or the
 * entry number. Probing follows CPython's perturbation recurrence, so every
 * key, even one with a poor hash, eventually visits every slot.
 *
 * When `usable` runs out the table is rebuilt with room for used*3
 * (GROWTH_RATE), rounded up to a power of two; deleted entries are squeezed
 * out then. An empty dict shares one static, read-only keys block (size 1,
 * usable 0) so `{}` costs no table at all, exactly as CPython's
 * Py_EMPTY_KEYS; the first insertion allocates the 8-slot table.
 *
 * sys.getsizeof: __sizeof__ reports basicsize + the keys block (not counted
 * while the shared empty block is in use). The keys block has CPython's
 * exact layout for dicts with non-str keys (32-byte header, same index
 * widths, 24-byte entries), so its size equals CPython's at every growth
 * point. The object header differs: mini's mn_dict is 40 bytes (CPython's
 * PyDictObject is 48 because of the ma_values pointer for split tables,
 * which mini does not implement), and CPython stores str-only dicts with
 * 16-byte entries where mini always uses 24.
 */
#include <string.h>

#include "runtime/dict.h"
#include "runtime/error.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/obmalloc.h"
#include "runtime/set.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/type.h"

#define DKIX_EMPTY (-1)
#define DKIX_DUMMY (-2)
#define DKIX_ERROR (-3)

#define PERTURB_SHIFT 5
#define LOG_MINSIZE 3                       /* 8 slots */
#define USABLE_FRACTION(n) (((n) << 1) / 3) /* 2/3 load */
#define GROWTH_RATE(d) ((d)->used * 3)

typedef mn_dict_keys keys_t;

/* The shared empty keys block: one EMPTY index slot, no usable entries. */
static struct {
    mn_dict_keys k;
    int64_t index[1];
} empty_keys_storage = { { 1, 0, 0, 1 }, { -1 } };
#define EMPTY_KEYS (&empty_keys_storage.k)

/* Versions come from one global counter, so two dicts never share a
 * version and a cache keyed on it cannot be fooled by a different dict. */
static uint64_t global_version = 0;
#define BUMP_VERSION(mp) ((mp)->version = ++global_version)

/* ------------------------------------------------------------ keys block */

static inline mn_dict_entry *dk_entries(keys_t *k)
{
    return (mn_dict_entry *)(k->indices + k->size * k->index_bytes);
}

static inline mn_ssize dk_get_index(const keys_t *k, mn_ssize i)
{
    switch (k->index_bytes) {
    case 1: return ((const int8_t *)k->indices)[i];
    case 2: return ((const int16_t *)k->indices)[i];
    case 4: return ((const int32_t *)k->indices)[i];
    default: return (mn_ssize)((const int64_t *)k->indices)[i];
    }
}

static inline void dk_set_index(keys_t *k, mn_ssize i, mn_ssize ix)
{
    switch (k->index_bytes) {
    case 1: ((int8_t *)k->indices)[i] = (int8_t)ix; break;
    case 2: ((int16_t *)k->indices)[i] = (int16_t)ix; break;
    case 4: ((int32_t *)k->indices)[i] = (int32_t)ix; break;
    default: ((int64_t *)k->indices)[i] = (int64_t)ix; break;
    }
}

/* Index width for a table of 2**log2 slots: entry numbers must fit in a
 * signed slot (CPython's DK_IXSIZE). */
static int index_bytes_for(int log2)
{
    return log2 < 8 ? 1 : log2 < 16 ? 2 : log2 < 32 ? 4 : 8;
}

static mn_ssize keys_block_size(const keys_t *k)
{
    return (mn_ssize)sizeof(keys_t) + k->size * k->index_bytes
         + USABLE_FRACTION(k->size) * (mn_ssize)sizeof(mn_dict_entry);
}

/* A fresh keys block of 2**log2 slots, all EMPTY, no entries. */
static keys_t *new_keys(int log2)
{
    mn_ssize size = (mn_ssize)1 << log2;
    int ixb = index_bytes_for(log2);
    mn_ssize usable = USABLE_FRACTION(size);
    size_t nbytes = sizeof(keys_t) + (size_t)(size * ixb)
                  + (size_t)usable * sizeof(mn_dict_entry);
    keys_t *k = mn_mem_alloc(nbytes);
    if (k == NULL) {
        mn_err_no_memory();
        return NULL;
    }
    k->size = size;
    k->usable = usable;
    k->nentries = 0;
    k->index_bytes = (uint8_t)ixb;
    memset(k->indices, 0xff, (size_t)(size * ixb));   /* all EMPTY (-1) */
    memset(dk_entries(k), 0, (size_t)usable * sizeof(mn_dict_entry));
    return k;
}

static void free_keys(keys_t *k)
{
    if (k != EMPTY_KEYS)
        mn_mem_free(k);
}

/* Smallest log2 with 2**log2 >= minsize, at least 8 slots. */
static int calculate_log2_keysize(mn_ssize minsize)
{
    int log2 = LOG_MINSIZE;
    while (((mn_ssize)1 << log2) < minsize)
        log2++;
    return log2;
}

/* Table size able to hold n entries without resizing (CPython's
 * estimate_log2_keysize). */
static int estimate_log2_keysize(mn_ssize n)
{
    return calculate_log2_keysize((n * 3 + 1) / 2);
}

/* First EMPTY or DUMMY slot on the probe sequence of `hash` (insertion of a
 * key known to be absent). */
static mn_ssize find_empty_slot(keys_t *k, mn_hash hash)
{
    size_t mask = (size_t)k->size - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    while (dk_get_index(k, (mn_ssize)i) >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return (mn_ssize)i;
}

/* The index slot that points at entry `ix` (for deletion). */
static mn_ssize lookup_index_slot(keys_t *k, mn_hash hash, mn_ssize ix)
{
    size_t mask = (size_t)k->size - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    for (;;) {
        mn_ssize v = dk_get_index(k, (mn_ssize)i);
        if (v == ix)
            return (mn_ssize)i;
        if (v == DKIX_EMPTY)
            return -1;   /* cannot happen for a live entry */
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Rebuilds the table with 2**log2 slots, compacting away deleted entries.
 * Entries keep their relative (insertion) order. */
static int dict_resize(mn_dict *mp, int log2)
{
    keys_t *oldk = mp->keys;
    keys_t *newk = new_keys(log2);
    if (newk == NULL)
        return -1;
    mn_ssize n = mp->used;
    mn_dict_entry *oldep = dk_entries(oldk), *newep = dk_entries(newk);
    if (oldk->nentries == n) {
        memcpy(newep, oldep, (size_t)n * sizeof(mn_dict_entry));
    } else {
        mn_dict_entry *dst = newep;
        for (mn_ssize i = 0; i < oldk->nentries; i++)
            if (oldep[i].key != NULL)
                *dst++ = oldep[i];
    }
    for (mn_ssize ix = 0; ix < n; ix++)
        dk_set_index(newk, find_empty_slot(newk, newep[ix].hash), ix);
    newk->usable -= n;
    newk->nentries = n;
    mp->keys = newk;
    free_keys(oldk);
    return 0;
}

static int insertion_resize(mn_dict *mp)
{
    return dict_resize(mp, calculate_log2_keysize(GROWTH_RATE(mp)));
}

/* ---------------------------------------------------------------- lookup */

static inline mn_object *ep_value_of(keys_t *k, mn_ssize ix)
{
    return dk_entries(k)[ix].value;
}

static inline mn_hash key_hash(mn_object *key)
{
    if (MN_STR_CHECK_EXACT(key)) {
        mn_hash h = ((mn_str *)key)->hash;
        if (h != -1)
            return h;
    }
    return mn_object_hash(key);
}

/* Finds `key`: returns its entry number (and *value, borrowed), DKIX_EMPTY
 * if absent (*value NULL) or DKIX_ERROR if a comparison raised.
 * Comparison order is CPython's: identity, then equal hashes and __eq__.
 * __eq__ is arbitrary code: if it mutated this dict (table replaced or the
 * entry changed), the probe sequence we were following is meaningless, so
 * the lookup starts over. */
static mn_ssize dict_lookup(mn_dict *mp, mn_object *key, mn_hash hash, mn_object **value)
{
restart:;
    keys_t *dk = mp->keys;
    size_t mask = (size_t)dk->size - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    for (;;) {
        mn_ssize ix = dk_get_index(dk, (mn_ssize)i);
        if (ix >= 0) {
            mn_dict_entry *ep = &dk_entries(dk)[ix];
            if (ep->key == key)
                goto found;
            if (ep->hash == hash) {
                mn_object *startkey = ep->key;
                int cmp;
                if (MN_STR_CHECK_EXACT(startkey) && MN_STR_CHECK_EXACT(key)) {
                    cmp = mn_str_equal(startkey, key);   /* can't run user code */
                } else {
                    MN_INCREF(startkey);
                    cmp = mn_object_richcompare_bool(startkey, key, MN_EQ);
                    MN_DECREF(startkey);
                    if (cmp < 0) {
                        *value = NULL;
                        return DKIX_ERROR;
                    }
                    if (dk != mp->keys || ep->key != startkey)
                        goto restart;
                }
                if (cmp > 0)
                    goto found;
            }
        } else if (ix == DKIX_EMPTY) {
            *value = NULL;
            return DKIX_EMPTY;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
        continue;
    found:
        *value = ep_value_of(dk, ix);
        return ix;
    }
}

/* Appends a new entry for a key known to be absent. Steals key and value. */
static int insert_new(mn_dict *mp, mn_object *key, mn_hash hash, mn_object *value)
{
    mn_gc_dict_maybe_track(MN_OBJ(mp), key, value);
    if (mp->keys->usable <= 0 && insertion_resize(mp) < 0) {
        MN_DECREF(key);
        MN_DECREF(value);
        return -1;
    }
    keys_t *k = mp->keys;
    mn_ssize slot = find_empty_slot(k, hash);
    mn_dict_entry *ep = &dk_entries(k)[k->nentries];
    dk_set_index(k, slot, k->nentries);
    ep->key = key;
    ep->hash = hash;
    ep->value = value;
    k->usable--;
    k->nentries++;
    mp->used++;
    BUMP_VERSION(mp);
    return 0;
}

/* d[key] = value with a known hash. Steals key and value (CPython's
 * insertdict): taking the references first keeps them alive through the
 * __eq__ calls of the lookup. */
static int insertdict(mn_dict *mp, mn_object *key, mn_hash hash, mn_object *value)
{
    mn_object *old;
    mn_ssize ix = dict_lookup(mp, key, hash, &old);
    if (ix == DKIX_ERROR) {
        MN_DECREF(key);
        MN_DECREF(value);
        return -1;
    }
    if (ix == DKIX_EMPTY)
        return insert_new(mp, key, hash, value);
    /* Existing key: replace the value, keep the original key object. */
    mn_gc_dict_maybe_track(MN_OBJ(mp), key, value);
    dk_entries(mp->keys)[ix].value = value;
    BUMP_VERSION(mp);
    MN_DECREF(old);
    MN_DECREF(key);
    return 0;
}

/* Removes entry ix (found by a lookup of `hash`); returns the old key and
 * value through the out-parameters (references handed to the caller). */
static void delitem_entry(mn_dict *mp, mn_hash hash, mn_ssize ix,
                          mn_object **oldkey, mn_object **oldvalue)
{
    keys_t *k = mp->keys;
    mn_ssize slot = lookup_index_slot(k, hash, ix);
    dk_set_index(k, slot, DKIX_DUMMY);
    mn_dict_entry *ep = &dk_entries(k)[ix];
    *oldkey = ep->key;
    *oldvalue = ep->value;
    ep->key = NULL;
    ep->value = NULL;
    mp->used--;
    BUMP_VERSION(mp);
}

static void set_key_error(mn_object *key)
{
    /* KeyError((key,)) so a tuple key isn't taken as the args tuple. */
    mn_object *tup = mn_tuple_pack(1, key);
    if (tup == NULL)
        return;
    mn_err_set_object(&mn_exc_KeyError, tup);
    MN_DECREF(tup);
}

/* ------------------------------------------------------------ public API */

static mn_dict *dict_alloc(mn_type *type)
{
    mn_dict *mp = (mn_dict *)mn_type_generic_alloc(type, 0);
    if (mp == NULL)
        return NULL;
    mp->used = 0;
    mp->keys = EMPTY_KEYS;
    BUMP_VERSION(mp);
    return mp;
}

mn_object *mn_dict_new(void)
{
    mn_dict *mp = dict_alloc(&mn_dict_type);
    if (mp == NULL)
        return NULL;
    return MN_OBJ(mp);   /* untracked until a container is stored (gc.c) */
}

mn_object *mn_dict_new_presized(mn_ssize n)
{
    mn_dict *mp = (mn_dict *)mn_dict_new();
    if (mp == NULL)
        return NULL;
    if (n > USABLE_FRACTION((mn_ssize)1 << LOG_MINSIZE) &&
        dict_resize(mp, estimate_log2_keysize(n)) < 0) {
        MN_DECREF(mp);
        return NULL;
    }
    return MN_OBJ(mp);
}

static int check_dict(mn_object *d, const char *where)
{
    if (d == NULL || !MN_DICT_CHECK(d)) {
        mn_err_bad_internal_call(where);
        return -1;
    }
    return 0;
}

mn_object *mn_dict_get_item_hash(mn_object *d, mn_object *key, mn_hash hash)
{
    mn_object *value;
    if (check_dict(d, "mn_dict_get_item") < 0)
        return NULL;
    dict_lookup((mn_dict *)d, key, hash, &value);
    return value;
}

mn_object *mn_dict_get_item(mn_object *d, mn_object *key)
{
    mn_hash hash = key_hash(key);
    if (hash == -1)
        return NULL;
    return mn_dict_get_item_hash(d, key, hash);
}

mn_object *mn_dict_get_item_str(mn_object *d, const char *key)
{
    mn_object *k = mn_str_from_cstr(key);
    if (k == NULL)
        return NULL;
    mn_object *v = mn_dict_get_item(d, k);
    MN_DECREF(k);
    return v;   /* borrowed: the dict still holds it */
}

int mn_dict_set_item(mn_object *d, mn_object *key, mn_object *value)
{
    if (check_dict(d, "mn_dict_set_item") < 0)
        return -1;
    mn_hash hash = key_hash(key);
    if (hash == -1)
        return -1;
    MN_INCREF(key);
    MN_INCREF(value);
    return insertdict((mn_dict *)d, key, hash, value);
}

int mn_dict_set_item_str(mn_object *d, const char *key, mn_object *value)
{
    mn_object *k = mn_str_intern_cstr(key);   /* names are interned */
    if (k == NULL)
        return -1;
    int r = mn_dict_set_item(d, k, value);
    MN_DECREF(k);
    return r;
}

/* Deletes key; 1 deleted, 0 absent (no exception), -1 error. */
static int dict_del_common(mn_dict *mp, mn_object *key, mn_object **valueout)
{
    mn_hash hash = key_hash(key);
    if (hash == -1)
        return -1;
    mn_object *value;
    mn_ssize ix = dict_lookup(mp, key, hash, &value);
    if (ix == DKIX_ERROR)
        return -1;
    if (ix == DKIX_EMPTY)
        return 0;
    mn_object *oldkey, *oldvalue;
    delitem_entry(mp, hash, ix, &oldkey, &oldvalue);
    MN_DECREF(oldkey);
    if (valueout)
        *valueout = oldvalue;
    else
        MN_DECREF(oldvalue);
    return 1;
}

int mn_dict_del_item(mn_object *d, mn_object *key)
{
    if (check_dict(d, "mn_dict_del_item") < 0)
        return -1;
    int r = dict_del_common((mn_dict *)d, key, NULL);
    if (r == 0) {
        set_key_error(key);
        return -1;
    }
    return r < 0 ? -1 : 0;
}

int mn_dict_del_item_str(mn_object *d, const char *key)
{
    mn_object *k = mn_str_from_cstr(key);
    if (k == NULL)
        return -1;
    int r = mn_dict_del_item(d, k);
    MN_DECREF(k);
    return r;
}

mn_object *mn_dict_pop_item(mn_object *d, mn_object *key, int *found)
{
    *found = 0;
    if (check_dict(d, "mn_dict_pop_item") < 0)
        return NULL;
    mn_object *value = NULL;
    int r = dict_del_common((mn_dict *)d, key, &value);
    if (r <= 0)
        return NULL;
    *found = 1;
    return value;
}

int mn_dict_contains_hash(mn_object *d, mn_object *key, mn_hash hash)
{
    mn_object *value;
    mn_ssize ix = dict_lookup((mn_dict *)d, key, hash, &value);
    if (ix == DKIX_ERROR)
        return -1;
    return ix != DKIX_EMPTY;
}

int mn_dict_contains(mn_object *d, mn_object *key)
{
    mn_hash hash = key_hash(key);
    if (hash == -1)
        return -1;
    return mn_dict_contains_hash(d, key, hash);
}

/* Empties the dict. The table is detached first (the dict then uses the
 * shared empty block) and only then are the references dropped, so a
 * __del__ running during the decrefs sees a consistent, empty dict. */
void mn_dict_clear(mn_object *d)
{
    mn_dict *mp = (mn_dict *)d;
    keys_t *oldk = mp->keys;
    if (oldk == EMPTY_KEYS)
        return;
    mp->keys = EMPTY_KEYS;
    mp->used = 0;
    BUMP_VERSION(mp);
    mn_dict_entry *ep = dk_entries(oldk);
    for (mn_ssize i = 0; i < oldk->nentries; i++) {
        if (ep[i].key != NULL) {
            MN_DECREF(ep[i].key);
            MN_DECREF(ep[i].value);
        }
    }
    free_keys(oldk);
}

int mn_dict_next_hash(mn_object *d, mn_ssize *pos, mn_object **key,
                      mn_object **value, mn_hash *hash)
{
    mn_dict *mp = (mn_dict *)d;
    keys_t *k = mp->keys;
    mn_ssize i = *pos;
    if (i < 0)
        return 0;
    mn_dict_entry *ep = dk_entries(k);
    while (i < k->nentries && ep[i].key == NULL)
        i++;
    if (i >= k->nentries)
        return 0;
    *pos = i + 1;
    if (key) *key = ep[i].key;
    if (value) *value = ep[i].value;
    if (hash) *hash = ep[i].hash;
    return 1;
}

int mn_dict_next(mn_object *d, mn_ssize *pos, mn_object **key, mn_object **value)
{
    return mn_dict_next_hash(d, pos, key, value, NULL);
}

/* Duplicates a keys block, taking a reference to every key and value. */
static keys_t *clone_keys(keys_t *k)
{
    size_t nbytes = (size_t)keys_block_size(k);
    keys_t *nk = mn_mem_alloc(nbytes);
    if (nk == NULL) {
        mn_err_no_memory();
        return NULL;
    }
    memcpy(nk, k, nbytes);
    mn_dict_entry *ep = dk_entries(nk);
    for (mn_ssize i = 0; i < nk->nentries; i++) {
        if (ep[i].key != NULL) {
            MN_INCREF(ep[i].key);
            MN_INCREF(ep[i].value);
        }
    }
    return nk;
}

static mn_object *dict_iter(mn_object *d);

mn_object *mn_dict_copy(mn_object *d)
{
    if (check_dict(d, "mn_dict_copy") < 0)
        return NULL;
    mn_dict *mp = (mn_dict *)d;
    if (mp->used == 0)
        return mn_dict_new();
    /* Fast path (CPython's): clone the table when the source has few
     * deleted entries and its type doesn't override iteration. */
    if (MN_TYPE(d)->iter == dict_iter &&
        mp->used >= (mp->keys->nentries * 2) / 3) {
        keys_t *k = clone_keys(mp->keys);
        if (k == NULL)
            return NULL;
        mn_dict *res = dict_alloc(&mn_dict_type);
        if (res == NULL) {
            mn_dict_entry *ep = dk_entries(k);
            for (mn_ssize i = 0; i < k->nentries; i++)
                if (ep[i].key) { MN_DECREF(ep[i].key); MN_DECREF(ep[i].value); }
            free_keys(k);
            return NULL;
        }
        res->keys = k;
        res->used = mp->used;
        if (MN_GC_IS_TRACKED(MN_OBJ(mp)))
            mn_gc_track(MN_OBJ(res));
        return MN_OBJ(res);
    }
    mn_object *copy = mn_dict_new();
    if (copy == NULL)
        return NULL;
    if (mn_dict_merge(copy, d, 1) < 0) {
        MN_DECREF(copy);
        return NULL;
    }
    return copy;
}

/* dict_merge for a source that is a real dict (iterating its entries). */
static int merge_from_dict(mn_dict *mp, mn_dict *other, int override)
{
    if (other == mp || other->used == 0)
        return 0;
    if (mp->used == 0) {
        override = 1;   /* nothing to collide with */
        keys_t *ok = other->keys;
        /* A clean, freshly grown source: clone its table as is. */
        if (other->used == ok->nentries &&
            (ok->size == ((mn_ssize)1 << LOG_MINSIZE) ||
             USABLE_FRACTION(ok->size / 2) < other->used)) {
            keys_t *k = clone_keys(ok);
            if (k == NULL)
                return -1;
            keys_t *oldk = mp->keys;
            mp->keys = k;
            mp->used = other->used;
            BUMP_VERSION(mp);
            free_keys(oldk);   /* was empty: holds no references */
            /* The clone holds whatever the source held: if the source is
             * tracked (may contain containers), so must the copy be, or a
             * cycle through it would never be collected. */
            if (MN_GC_IS_TRACKED(other))
                mn_gc_track(MN_OBJ(mp));
            return 0;
        }
    }
    /* One big resize up front rather than several while inserting. */
    if (USABLE_FRACTION(mp->keys->size) < other->used &&
        dict_resize(mp, estimate_log2_keysize(mp->used + other->used)) < 0)
        return -1;
    keys_t *ok = other->keys;
    mn_ssize n = ok->nentries;
    for (mn_ssize i = 0; i < n; i++) {
        mn_dict_entry *ep = &dk_entries(other->keys)[i];
        mn_object *key = ep->key, *value = ep->value;
        if (key == NULL)
            continue;
        mn_hash hash = ep->hash;
        MN_INCREF(key);
        MN_INCREF(value);
        int err;
        if (override == 1) {
            err = insertdict(mp, key, hash, value);
        } else {
            int has = mn_dict_contains_hash(MN_OBJ(mp), key, hash);
            if (has < 0) {
                err = -1;
            } else if (has) {
                if (override == 2)
                    set_key_error(key);
                err = override == 2 ? -1 : 0;
            } else {
                MN_INCREF(key);
                MN_INCREF(value);
                err = insert_new(mp, key, hash, value);
            }
            MN_DECREF(key);
            MN_DECREF(value);
        }
        if (err < 0)
            return -1;
        if (n != other->keys->nentries) {
            mn_err_set_string(&mn_exc_RuntimeError, "dict mutated during update");
            return -1;
        }
    }
    return 0;
}

int mn_dict_merge(mn_object *d, mn_object *other, int override)
{
    if (check_dict(d, "mn_dict_merge") < 0 || other == NULL) {
        if (!mn_err_occurred())
            mn_err_bad_internal_call("mn_dict_merge");
        return -1;
    }
    if (MN_DICT_CHECK(other) && MN_TYPE(other)->iter == dict_iter)
        return merge_from_dict((mn_dict *)d, (mn_dict *)other, override);
    /* A generic mapping: for k in other.keys(): d[k] = other[k] */
    mn_object *keys = mn_object_call_method(other, "keys", NULL, 0);
    if (keys == NULL)
        return -1;
    mn_object *it = mn_object_get_iter(keys);
    MN_DECREF(keys);
    if (it == NULL)
        return -1;
    mn_object *key;
    while ((key = mn_iter_next(it)) != NULL) {
        if (override != 1) {
            int has = mn_dict_contains(d, key);
            if (has != 0) {
                if (has > 0 && override == 2)
                    set_key_error(key);
                if (has < 0 || override == 2) {
                    MN_DECREF(key);
                    MN_DECREF(it);
                    return -1;
                }
                MN_DECREF(key);
                continue;
            }
        }
        mn_object *value = mn_object_getitem(other, key);
        if (value == NULL) {
            MN_DECREF(key);
            MN_DECREF(it);
            return -1;
        }
        int r = mn_dict_set_item(d, key, value);
        MN_DECREF(key);
        MN_DECREF(value);
        if (r < 0) {
            MN_DECREF(it);
            return -1;
        }
    }
    MN_DECREF(it);
    return mn_err_occurred() ? -1 : 0;
}

int mn_dict_merge_from_seq2(mn_object *d, mn_object *seq2, int override)
{
    mn_object *it = mn_object_get_iter(seq2);
    if (it == NULL)
        return -1;
    mn_object *item;
    mn_ssize i = 0;
    for (; (item = mn_iter_next(it)) != NULL; i++) {
        mn_object *fast;
        if (MN_TUPLE_CHECK(item) || MN_LIST_CHECK(item)) {
            fast = MN_NEW_REF(item);
        } else {
            fast = mn_list_from_iterable(item);
            if (fast == NULL) {
                if (mn_err_matches(&mn_exc_TypeError))
                    mn_err_format(&mn_exc_TypeError,
                        "cannot convert dictionary update sequence element #%zd to a sequence", i);
                MN_DECREF(item);
                MN_DECREF(it);
                return -1;
            }
        }
        MN_DECREF(item);
        mn_ssize n = MN_SIZE(fast);
        if (n != 2) {
            mn_err_format(&mn_exc_ValueError,
                "dictionary update sequence element #%zd has length %zd; 2 is required", i, n);
            MN_DECREF(fast);
            MN_DECREF(it);
            return -1;
        }
        mn_object **items = MN_TUPLE_CHECK(fast) ? MN_TUPLE_ITEMS(fast) : MN_LIST_ITEMS(fast);
        mn_object *key = items[0], *value = items[1];
        MN_INCREF(key);
        MN_INCREF(value);
        int r = 0;
        if (override) {
            r = mn_dict_set_item(d, key, value);
        } else {
            r = mn_dict_contains(d, key);
            if (r == 0)
                r = mn_dict_set_item(d, key, value);
        }
        MN_DECREF(key);
        MN_DECREF(value);
        MN_DECREF(fast);
        if (r < 0) {
            MN_DECREF(it);
            return -1;
        }
    }
    MN_DECREF(it);
    return mn_err_occurred() ? -1 : 0;
}

/* dict.update(arg): a dict, anything with keys(), or an iterable of pairs. */
static int dict_update_arg(mn_object *d, mn_object *arg)
{
    if (MN_DICT_CHECK_EXACT(arg))
        return mn_dict_merge(d, arg, 1);
    mn_object *keys_attr;
    mn_object *name = mn_str_intern_cstr("keys");
    if (name == NULL)
        return -1;
    int r = mn_object_lookup_attr(arg, name, &keys_attr);
    MN_DECREF(name);
    if (r < 0)
        return -1;
    if (r > 0) {
        MN_DECREF(keys_attr);
        return mn_dict_merge(d, arg, 1);
    }
    return mn_dict_merge_from_seq2(d, arg, 1);
}

int mn_dict_update(mn_object *d, mn_object *other)
{
    return dict_update_arg(d, other);
}

static mn_object *list_of(mn_object *d, int what)   /* 0 keys, 1 values, 2 items */
{
    mn_dict *mp = (mn_dict *)d;
    mn_object *list = mn_list_new(mp->used);
    if (list == NULL)
        return NULL;
    mn_ssize pos = 0, j = 0;
    mn_object *k, *v;
    while (mn_dict_next(d, &pos, &k, &v)) {
        mn_object *o;
        if (what == 0)
            o = MN_NEW_REF(k);
        else if (what == 1)
            o = MN_NEW_REF(v);
        else if ((o = mn_tuple_pack(2, k, v)) == NULL) {
            MN_DECREF(list);
            return NULL;
        }
        MN_LIST_SET(list, j, o);
        j++;
    }
    return list;
}

mn_object *mn_dict_keys_list(mn_object *d) { return list_of(d, 0); }
mn_object *mn_dict_values_list(mn_object *d) { return list_of(d, 1); }
mn_object *mn_dict_items_list(mn_object *d) { return list_of(d, 2); }

mn_ssize mn_dict_sizeof(mn_object *d)
{
    mn_dict *mp = (mn_dict *)d;
    mn_ssize res = MN_TYPE(d)->basicsize;
    if (mp->keys != EMPTY_KEYS)
        res += keys_block_size(mp->keys);
    return res;
}

/* ------------------------------------------------------------- the type */

static void dict_dealloc(mn_object *self)
{
    mn_dict *mp = (mn_dict *)self;
    mn_gc_untrack(self);
    if (mn_trashcan_begin(self))
        return;
    keys_t *k = mp->keys;
    mp->keys = EMPTY_KEYS;
    mn_dict_entry *ep = dk_entries(k);
    for (mn_ssize i = 0; i < k->nentries; i++) {
        MN_XDECREF(ep[i].key);
        MN_XDECREF(ep[i].value);
    }
    free_keys(k);
    mn_object_free(self);
    mn_trashcan_end();
}

static int dict_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    keys_t *k = ((mn_dict *)self)->keys;
    mn_dict_entry *ep = dk_entries(k);
    for (mn_ssize i = 0; i < k->nentries; i++) {
        if (!ep[i].value)
            continue;
        MN_VISIT(ep[i].value);
        if (!MN_STR_CHECK_EXACT(ep[i].key))   /* a str key can't be in a cycle (CPython) */
            MN_VISIT(ep[i].key);
    }
    return 0;
}

static int dict_tp_clear(mn_object *self)
{
    mn_dict_clear(self);
    return 0;
}

/* {k: v, ...}; "{...}" for a dict that contains itself. Keys and values are
 * held while repr'd because their __repr__ may mutate the dict. */
static mn_object *dict_repr(mn_object *self)
{
    mn_dict *mp = (mn_dict *)self;
    int st = mn_repr_enter(self);
    if (st != 0)
        return st > 0 ? mn_str_from_cstr("{...}") : NULL;
    if (mp->used == 0) {
        mn_repr_leave(self);
        return mn_str_from_cstr("{}");
    }
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_sb_append_char(&sb, '{');
    mn_ssize pos = 0;
    mn_object *k, *v;
    int first = 1;
    while (mn_dict_next(self, &pos, &k, &v)) {
        if (!first)
            mn_sb_append(&sb, ", ", 2);
        first = 0;
        MN_INCREF(k);
        MN_INCREF(v);
        int r = mn_sb_append_repr(&sb, k);
        if (r == 0) {
            mn_sb_append(&sb, ": ", 2);
            r = mn_sb_append_repr(&sb, v);
        }
        MN_DECREF(k);
        MN_DECREF(v);
        if (r < 0) {
            mn_sb_discard(&sb);
            mn_repr_leave(self);
            return NULL;
        }
    }
    mn_sb_append_char(&sb, '}');
    mn_repr_leave(self);
    return mn_sb_finish(&sb);
}

/* a == b for two dicts: same size and every key of a maps to an equal
 * value in b. */
static int dict_equal(mn_dict *a, mn_dict *b)
{
    if (a->used != b->used)
        return 0;
    for (mn_ssize i = 0; i < a->keys->nentries; i++) {
        mn_dict_entry *ep = &dk_entries(a->keys)[i];
        mn_object *aval = ep->value;
        if (aval == NULL)
            continue;
        mn_object *key = ep->key;
        mn_hash hash = ep->hash;
        MN_INCREF(aval);
        MN_INCREF(key);
        mn_object *bval;
        mn_ssize ix = dict_lookup(b, key, hash, &bval);
        MN_DECREF(key);
        if (ix == DKIX_ERROR) {
            MN_DECREF(aval);
            return -1;
        }
        if (bval == NULL) {
            MN_DECREF(aval);
            return 0;
        }
        MN_INCREF(bval);
        int cmp = mn_object_richcompare_bool(aval, bval, MN_EQ);
        MN_DECREF(aval);
        MN_DECREF(bval);
        if (cmp <= 0)
            return cmp;
    }
    return 1;
}

static mn_object *dict_richcompare(mn_object *v, mn_object *w, int op)
{
    if (!MN_DICT_CHECK(v) || !MN_DICT_CHECK(w) || (op != MN_EQ && op != MN_NE))
        MN_RETURN_NOT_IMPLEMENTED;
    int cmp = dict_equal((mn_dict *)v, (mn_dict *)w);
    if (cmp < 0)
        return NULL;
    MN_RETURN_BOOL((op == MN_EQ) == (cmp > 0));
}

static mn_ssize dict_length(mn_object *self)
{
    return ((mn_dict *)self)->used;
}

/* d[key]: KeyError, or the subclass's __missing__(key). */
static mn_object *dict_subscript(mn_object *self, mn_object *key)
{
    mn_hash hash = key_hash(key);
    if (hash == -1)
        return NULL;
    mn_object *value;
    mn_ssize ix = dict_lookup((mn_dict *)self, key, hash, &value);
    if (ix == DKIX_ERROR)
        return NULL;
    if (ix == DKIX_EMPTY || value == NULL) {
        if (!MN_DICT_CHECK_EXACT(self)) {
            /* Special-method lookup: on the type, bound like a method. */
            mn_object *missing = mn_type_lookup_str(MN_TYPE(self), "__missing__");
            if (missing != NULL) {
                mn_object *bound;
                if (MN_TYPE(missing)->descr_get)
                    bound = MN_TYPE(missing)->descr_get(missing, self, MN_OBJ(MN_TYPE(self)));
                else
                    bound = MN_NEW_REF(missing);
                if (bound == NULL)
                    return NULL;
                mn_object *res = mn_object_call1(bound, key);
                MN_DECREF(bound);
                return res;
            }
        }
        set_key_error(key);
        return NULL;
    }
    return MN_NEW_REF(value);
}

static int dict_ass_sub(mn_object *self, mn_object *key, mn_object *value)
{
    if (value == NULL)
        return mn_dict_del_item(self, key);
    return mn_dict_set_item(self, key, value);
}

static int dict_sq_contains(mn_object *self, mn_object *key)
{
    return mn_dict_contains(self, key);
}

static mn_object *dict_new(mn_type *type, mn_object *const *args MN_UNUSED,
                           mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_dict *mp = dict_alloc(type);
    if (mp == NULL)
        return NULL;
    if (type != &mn_dict_type)
        mn_gc_track(MN_OBJ(mp));   /* exact dicts start untracked (gc.c) */
    return MN_OBJ(mp);
}

/* Shared by dict(...) and d.update(...): one optional positional argument
 * plus keyword arguments. */
static int update_common(mn_object *self, mn_object *const *args, mn_ssize nargs,
                         mn_object *kwnames, const char *fname)
{
    if (nargs > 1) {
        mn_err_format(&mn_exc_TypeError, "%s expected at most 1 argument, got %zd",
                      fname, nargs);
        return -1;
    }
    if (nargs == 1 && dict_update_arg(self, args[0]) < 0)
        return -1;
    if (kwnames != NULL) {
        mn_ssize nk = MN_TUPLE_SIZE(kwnames);
        for (mn_ssize i = 0; i < nk; i++)
            if (mn_dict_set_item(self, MN_TUPLE_GET(kwnames, i), args[nargs + i]) < 0)
                return -1;
    }
    return 0;
}

static int dict_init(mn_object *self, mn_object *const *args, mn_ssize nargs,
                     mn_object *kwnames)
{
    return update_common(self, args, nargs, kwnames, "dict");
}

/* ---------------------------------------------------------------- methods */

static mn_object *dict_get(mn_object *self, mn_object *const *args, mn_ssize nargs,
                           mn_object *kwnames)
{
    if (mn_args_no_keywords("dict.get", kwnames) < 0 || mn_args_count("get", nargs, 1, 2) < 0)
        return NULL;
    mn_object *v = mn_dict_get_item(self, args[0]);
    if (v == NULL) {
        if (mn_err_occurred())
            return NULL;
        v = nargs > 1 ? args[1] : mn_none;
    }
    return MN_NEW_REF(v);
}

static mn_object *dict_setdefault(mn_object *self, mn_object *const *args, mn_ssize nargs,
                                  mn_object *kwnames)
{
    if (mn_args_no_keywords("dict.setdefault", kwnames) < 0 ||
        mn_args_count("setdefault", nargs, 1, 2) < 0)
        return NULL;
    mn_object *key = args[0], *dflt = nargs > 1 ? args[1] : mn_none;
    mn_hash hash = key_hash(key);
    if (hash == -1)
        return NULL;
    mn_object *v;
    mn_ssize ix = dict_lookup((mn_dict *)self, key, hash, &v);
    if (ix == DKIX_ERROR)
        return NULL;
    if (ix >= 0)
        return MN_NEW_REF(v);
    MN_INCREF(key);
    MN_INCREF(dflt);
    if (insert_new((mn_dict *)self, key, hash, dflt) < 0)
        return NULL;
    return MN_NEW_REF(dflt);
}

static mn_object *dict_pop(mn_object *self, mn_object *const *args, mn_ssize nargs,
                           mn_object *kwnames)
{
    if (mn_args_no_keywords("dict.pop", kwnames) < 0 || mn_args_count("pop", nargs, 1, 2) < 0)
        return NULL;
    int found;
    mn_object *v = mn_dict_pop_item(self, args[0], &found);
    if (found)
        return v;
    if (mn_err_occurred())
        return NULL;
    if (nargs > 1)
        return MN_NEW_REF(args[1]);
    set_key_error(args[0]);
    return NULL;
}

/* LIFO: removes the last entry. Like CPython, nentries shrinks so the slot
 * is reused by the next insertion. */
static mn_object *dict_popitem(mn_object *self, mn_object *const *args MN_UNUSED,
                               mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_dict *mp = (mn_dict *)self;
    if (mp->used == 0) {
        mn_err_set_string(&mn_exc_KeyError, "popitem(): dictionary is empty");
        return NULL;
    }
    /* Allocate the result before touching the dict. */
    mn_object *res = mn_tuple_new(2);
    if (res == NULL)
        return NULL;
    keys_t *k = mp->keys;
    mn_dict_entry *ep = dk_entries(k);
    mn_ssize i = k->nentries - 1;
    while (i >= 0 && ep[i].key == NULL)
        i--;
    mn_object *key, *value;
    delitem_entry(mp, ep[i].hash, i, &key, &value);
    k->nentries = i;
    MN_TUPLE_SET(res, 0, key);
    MN_TUPLE_SET(res, 1, value);
    return res;
}

static mn_object *dict_meth_update(mn_object *self, mn_object *const *args, mn_ssize nargs,
                                   mn_object *kwnames)
{
    if (update_common(self, args, nargs, kwnames, "update") < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *dict_meth_copy(mn_object *self, mn_object *const *args MN_UNUSED,
                                 mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return mn_dict_copy(self);
}

static mn_object *dict_meth_clear(mn_object *self, mn_object *const *args MN_UNUSED,
                                  mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_dict_clear(self);
    MN_RETURN_NONE;
}

/* dict.fromkeys(iterable, value=None), a classmethod: self is the class. */
static mn_object *dict_fromkeys(mn_object *cls, mn_object *const *args, mn_ssize nargs,
                                mn_object *kwnames)
{
    if (mn_args_no_keywords("fromkeys", kwnames) < 0 ||
        mn_args_count("fromkeys", nargs, 1, 2) < 0)
        return NULL;
    mn_object *iterable = args[0], *value = nargs > 1 ? args[1] : mn_none;
    mn_object *d = mn_object_call0(cls);
    if (d == NULL)
        return NULL;
    if (MN_DICT_CHECK_EXACT(d)) {
        mn_dict *mp = (mn_dict *)d;
        /* Presize from a dict or set source, as CPython does. */
        if (MN_DICT_CHECK_EXACT(iterable) ||
            MN_IS_TYPE(iterable, &mn_set_type) || MN_IS_TYPE(iterable, &mn_frozenset_type)) {
            mn_ssize n = MN_DICT_CHECK_EXACT(iterable) ? MN_DICT_SIZE(iterable)
                                                       : MN_SET_SIZE(iterable);
            if (dict_resize(mp, estimate_log2_keysize(n)) < 0)
                goto fail;
            mn_ssize pos = 0;
            mn_object *key;
            mn_hash hash;
            int more;
            while ((more = MN_DICT_CHECK_EXACT(iterable)
                               ? mn_dict_next_hash(iterable, &pos, &key, NULL, &hash)
                               : mn_set_next(iterable, &pos, &key, &hash))) {
                MN_INCREF(key);
                MN_INCREF(value);
                if (insertdict(mp, key, hash, value) < 0)
                    goto fail;
            }
            return d;
        }
    }
    mn_object *it = mn_object_get_iter(iterable);
    if (it == NULL)
        goto fail;
    mn_object *key;
    while ((key = mn_iter_next(it)) != NULL) {
        int r = MN_DICT_CHECK_EXACT(d) ? mn_dict_set_item(d, key, value)
                                       : mn_object_setitem(d, key, value);
        MN_DECREF(key);
        if (r < 0) {
            MN_DECREF(it);
            goto fail;
        }
    }
    MN_DECREF(it);
    if (mn_err_occurred())
        goto fail;
    return d;
fail:
    MN_DECREF(d);
    return NULL;
}

static mn_object *dict_meth_contains(mn_object *self, mn_object *const *args,
                                     mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    int r = mn_dict_contains(self, args[0]);
    if (r < 0)
        return NULL;
    MN_RETURN_BOOL(r);
}

static mn_object *dict_meth_getitem(mn_object *self, mn_object *const *args,
                                    mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return dict_subscript(self, args[0]);
}

static mn_object *dict_meth_sizeof(mn_object *self, mn_object *const *args MN_UNUSED,
                                   mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return mn_int_from_ssize(mn_dict_sizeof(self));
}

static mn_object *view_new(mn_object *dict, mn_type *type);
static mn_object *reviter_new(mn_dict *d, mn_type *type);

static mn_object *dict_keys_meth(mn_object *self, mn_object *const *a MN_UNUSED,
                                 mn_ssize n MN_UNUSED, mn_object *k MN_UNUSED)
{
    return view_new(self, &mn_dict_keys_type);
}
static mn_object *dict_values_meth(mn_object *self, mn_object *const *a MN_UNUSED,
                                   mn_ssize n MN_UNUSED, mn_object *k MN_UNUSED)
{
    return view_new(self, &mn_dict_values_type);
}
static mn_object *dict_items_meth(mn_object *self, mn_object *const *a MN_UNUSED,
                                  mn_ssize n MN_UNUSED, mn_object *k MN_UNUSED)
{
    return view_new(self, &mn_dict_items_type);
}
static mn_object *dict_reversed(mn_object *self, mn_object *const *a MN_UNUSED,
                                mn_ssize n MN_UNUSED, mn_object *k MN_UNUSED)
{
    return reviter_new((mn_dict *)self, &mn_dict_revkeyiter_type);
}

/* d | other and d |= other (PEP 584). */
static mn_object *dict_or(mn_object *a, mn_object *b)
{
    if (!MN_DICT_CHECK(a) || !MN_DICT_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    mn_object *res = mn_dict_copy(a);
    if (res == NULL)
        return NULL;
    if (dict_update_arg(res, b) < 0) {
        MN_DECREF(res);
        return NULL;
    }
    return res;
}

static mn_object *dict_ior(mn_object *a, mn_object *b)
{
    if (!MN_DICT_CHECK(a))
        MN_RETURN_NOT_IMPLEMENTED;
    if (dict_update_arg(a, b) < 0)
        return NULL;
    return MN_NEW_REF(a);
}

static mn_number_methods dict_as_number = {
    .binop = { [MN_BINOP_OR] = dict_or },
    .inplace = { [MN_BINOP_OR] = dict_ior },
};

static mn_method_def dict_methods[] = {
    {"__contains__", dict_meth_contains, MN_METH_O, "True if the dictionary has the specified key, else False."},
    {"__getitem__", dict_meth_getitem, MN_METH_O, "x.__getitem__(y) <==> x[y]"},
    {"__sizeof__", dict_meth_sizeof, MN_METH_NOARGS, "D.__sizeof__() -> size of D in memory, in bytes"},
    {"get", dict_get, MN_METH_VARARGS, "Return the value for key if key is in the dictionary, else default."},
    {"setdefault", dict_setdefault, MN_METH_VARARGS, "Insert key with a value of default if key is not in the dictionary."},
    {"pop", dict_pop, MN_METH_VARARGS, "D.pop(k[,d]) -> v, remove specified key and return the corresponding value."},
    {"popitem", dict_popitem, MN_METH_NOARGS, "Remove and return a (key, value) pair as a 2-tuple (LIFO order)."},
    {"keys", dict_keys_meth, MN_METH_NOARGS, "D.keys() -> a set-like object providing a view on D's keys"},
    {"items", dict_items_meth, MN_METH_NOARGS, "D.items() -> a set-like object providing a view on D's items"},
    {"values", dict_values_meth, MN_METH_NOARGS, "D.values() -> an object providing a view on D's values"},
    {"update", dict_meth_update, MN_METH_VARARGS, "D.update([E, ]**F) -> None.  Update D from dict/iterable E and F."},
    {"fromkeys", dict_fromkeys, MN_METH_CLASS, "Create a new dictionary with keys from iterable and values set to value."},
    {"clear", dict_meth_clear, MN_METH_NOARGS, "D.clear() -> None.  Remove all items from D."},
    {"copy", dict_meth_copy, MN_METH_NOARGS, "D.copy() -> a shallow copy of D"},
    {"__reversed__", dict_reversed, MN_METH_NOARGS, "Return a reverse iterator over the dict keys."},
    {NULL, NULL, 0, NULL}
};

mn_type mn_dict_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "dict",
    .basicsize = sizeof(mn_dict),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_DICT_SUBCLASS,
    .doc = "dict() -> new empty dictionary",
    .dealloc = dict_dealloc,
    .traverse = dict_traverse,
    .clear = dict_tp_clear,
    .new_ = dict_new,
    .init = dict_init,
    .repr = dict_repr,
    .hash = mn_object_hash_not_implemented,
    .richcompare = dict_richcompare,
    .iter = dict_iter,
    .length = dict_length,
    .getitem = dict_subscript,
    .setitem = dict_ass_sub,
    .contains = dict_sq_contains,
    .as_number = &dict_as_number,
    .methods = dict_methods,
};

/* -------------------------------------------------------------- iterators
 * One struct for the six iterator types (keys/values/items, forward and
 * reversed). `used` is the dict's size when iteration began: a different
 * size means the dict was mutated ("changed size during iteration"); `len`
 * counts the items still expected, so finding one more than that means the
 * keys were replaced behind our back ("keys changed during iteration"). */
typedef struct dictiter {
    mn_object ob_base;
    mn_dict *dict;     /* NULL once exhausted */
    mn_ssize used;
    mn_ssize pos;      /* next entry index (reversed: counts down) */
    mn_ssize len;
} dictiter;

static mn_object *iter_new(mn_dict *d, mn_type *type, int reversed)
{
    dictiter *di = (dictiter *)mn_type_generic_alloc(type, 0);
    if (di == NULL)
        return NULL;
    MN_INCREF(d);
    di->dict = d;
    di->used = d->used;
    di->len = d->used;
    di->pos = reversed ? d->keys->nentries - 1 : 0;
    mn_gc_track(MN_OBJ(di));
    return MN_OBJ(di);
}

static mn_object *dict_iter(mn_object *d)
{
    return iter_new((mn_dict *)d, &mn_dict_keyiter_type, 0);
}

static mn_object *reviter_new(mn_dict *d, mn_type *type)
{
    return iter_new(d, type, 1);
}

static void dictiter_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    MN_XDECREF(((dictiter *)self)->dict);
    mn_object_free(self);
}

static int dictiter_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(((dictiter *)self)->dict);
    return 0;
}

static int dictiter_clear(mn_object *self)
{
    MN_CLEAR(((dictiter *)self)->dict);
    return 0;
}

enum { KIND_KEYS, KIND_VALUES, KIND_ITEMS };

static mn_object *make_result(mn_dict_entry *ep, int kind)
{
    if (kind == KIND_KEYS)
        return MN_NEW_REF(ep->key);
    if (kind == KIND_VALUES)
        return MN_NEW_REF(ep->value);
    return mn_tuple_pack(2, ep->key, ep->value);
}

static mn_object *dictiter_next_common(mn_object *self, int kind, int reversed)
{
    dictiter *di = (dictiter *)self;
    mn_dict *d = di->dict;
    if (d == NULL)
        return NULL;
    if (di->used != d->used) {
        mn_err_set_string(&mn_exc_RuntimeError, "dictionary changed size during iteration");
        di->used = -1;   /* make the error sticky */
        return NULL;
    }
    keys_t *k = d->keys;
    mn_dict_entry *ep = dk_entries(k);
    mn_ssize i = di->pos;
    if (reversed) {
        while (i >= 0 && (i >= k->nentries || ep[i].key == NULL))
            i--;
        if (i < 0)
            goto exhausted;
    } else {
        while (i < k->nentries && ep[i].key == NULL)
            i++;
        if (i >= k->nentries)
            goto exhausted;
    }
    if (di->len == 0) {
        /* An entry we didn't expect: same size, different keys. */
        mn_err_set_string(&mn_exc_RuntimeError, "dictionary keys changed during iteration");
        goto exhausted;
    }
    di->pos = reversed ? i - 1 : i + 1;
    di->len--;
    return make_result(&ep[i], kind);
exhausted:
    di->dict = NULL;
    MN_DECREF(d);
    return NULL;
}

static mn_object *keyiter_next(mn_object *s) { return dictiter_next_common(s, KIND_KEYS, 0); }
static mn_object *valueiter_next(mn_object *s) { return dictiter_next_common(s, KIND_VALUES, 0); }
static mn_object *itemiter_next(mn_object *s) { return dictiter_next_common(s, KIND_ITEMS, 0); }
static mn_object *revkeyiter_next(mn_object *s) { return dictiter_next_common(s, KIND_KEYS, 1); }
static mn_object *revvalueiter_next(mn_object *s) { return dictiter_next_common(s, KIND_VALUES, 1); }
static mn_object *revitemiter_next(mn_object *s) { return dictiter_next_common(s, KIND_ITEMS, 1); }

static mn_object *self_iter(mn_object *self)
{
    return MN_NEW_REF(self);
}

static mn_object *dictiter_length_hint(mn_object *self, mn_object *const *a MN_UNUSED,
                                       mn_ssize n MN_UNUSED, mn_object *k MN_UNUSED)
{
    dictiter *di = (dictiter *)self;
    mn_ssize len = 0;
    if (di->dict != NULL && di->used == di->dict->used)
        len = di->len;
    return mn_int_from_ssize(len);
}

static mn_method_def dictiter_methods[] = {
    {"__length_hint__", dictiter_length_hint, MN_METH_NOARGS, "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL}
};

#define DICTITER_TYPE(cname, pyname, nextfn) \
    mn_type cname = { \
        .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0), \
        .name = pyname, \
        .basicsize = sizeof(dictiter), \
        .flags = MN_TPFLAGS_HAVE_GC, \
        .dealloc = dictiter_dealloc, \
        .traverse = dictiter_traverse, \
        .clear = dictiter_clear, \
        .iter = self_iter, \
        .iternext = nextfn, \
        .methods = dictiter_methods, \
    };

DICTITER_TYPE(mn_dict_keyiter_type, "dict_keyiterator", keyiter_next)
DICTITER_TYPE(mn_dict_valueiter_type, "dict_valueiterator", valueiter_next)
DICTITER_TYPE(mn_dict_itemiter_type, "dict_itemiterator", itemiter_next)
DICTITER_TYPE(mn_dict_revkeyiter_type, "dict_reversekeyiterator", revkeyiter_next)
DICTITER_TYPE(mn_dict_revvalueiter_type, "dict_reversevalueiterator", revvalueiter_next)
DICTITER_TYPE(mn_dict_revitemiter_type, "dict_reverseitemiterator", revitemiter_next)

/* ------------------------------------------------------------------ views
 * d.keys(), d.values(), d.items(): live views onto the dict. keys and items
 * views are set-like (comparisons as subset tests, & | ^ - with any
 * iterable giving a set, isdisjoint). */
typedef struct dictview {
    mn_object ob_base;
    mn_dict *dict;
} dictview;

#define IS_KEYS_VIEW(o) MN_TYPE_CHECK(o, &mn_dict_keys_type)
#define IS_ITEMS_VIEW(o) MN_TYPE_CHECK(o, &mn_dict_items_type)
#define IS_SET_VIEW(o) (IS_KEYS_VIEW(o) || IS_ITEMS_VIEW(o))

static mn_object *view_new(mn_object *dict, mn_type *type)
{
    dictview *dv = (dictview *)mn_type_generic_alloc(type, 0);
    if (dv == NULL)
        return NULL;
    MN_INCREF(dict);
    dv->dict = (mn_dict *)dict;
    mn_gc_track(MN_OBJ(dv));
    return MN_OBJ(dv);
}

static void view_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    MN_XDECREF(((dictview *)self)->dict);
    mn_object_free(self);
}

static int view_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(((dictview *)self)->dict);
    return 0;
}

static int view_clear(mn_object *self)
{
    MN_CLEAR(((dictview *)self)->dict);
    return 0;
}

static mn_ssize view_len(mn_object *self)
{
    dictview *dv = (dictview *)self;
    return dv->dict ? dv->dict->used : 0;
}

static mn_object *keys_iter(mn_object *self) { return iter_new(((dictview *)self)->dict, &mn_dict_keyiter_type, 0); }
static mn_object *values_iter(mn_object *self) { return iter_new(((dictview *)self)->dict, &mn_dict_valueiter_type, 0); }
static mn_object *items_iter(mn_object *self) { return iter_new(((dictview *)self)->dict, &mn_dict_itemiter_type, 0); }

static mn_object *view_reversed(mn_object *self, mn_object *const *a MN_UNUSED,
                                mn_ssize n MN_UNUSED, mn_object *k MN_UNUSED)
{
    mn_type *t = IS_KEYS_VIEW(self) ? &mn_dict_revkeyiter_type
               : IS_ITEMS_VIEW(self) ? &mn_dict_revitemiter_type
               : &mn_dict_revvalueiter_type;
    return reviter_new(((dictview *)self)->dict, t);
}

/* dict_keys([1, 2]) — "..." when the view is reached again while being
 * repr'd (a dict containing its own keys view). */
static mn_object *view_repr(mn_object *self)
{
    int st = mn_repr_enter(self);
    if (st != 0)
        return st > 0 ? mn_str_from_cstr("...") : NULL;
    mn_object *list = mn_list_from_iterable(self);
    mn_object *res = NULL;
    if (list != NULL) {
        res = mn_str_from_format("%s(%R)", MN_TYPE_NAME(self), list);
        MN_DECREF(list);
    }
    mn_repr_leave(self);
    return res;
}

static int keys_contains(mn_object *self, mn_object *key)
{
    dictview *dv = (dictview *)self;
    if (dv->dict == NULL)
        return 0;
    return mn_dict_contains(MN_OBJ(dv->dict), key);
}

/* (k, v) in d.items(): d has k and d[k] == v. */
static int items_contains(mn_object *self, mn_object *obj)
{
    dictview *dv = (dictview *)self;
    if (dv->dict == NULL)
        return 0;
    if (!MN_TUPLE_CHECK(obj) || MN_TUPLE_SIZE(obj) != 2)
        return 0;
    mn_object *key = MN_TUPLE_GET(obj, 0), *value = MN_TUPLE_GET(obj, 1);
    mn_object *found = mn_dict_get_item(MN_OBJ(dv->dict), key);
    if (found == NULL)
        return mn_err_occurred() ? -1 : 0;
    MN_INCREF(found);
    int r = mn_object_richcompare_bool(found, value, MN_EQ);
    MN_DECREF(found);
    return r;
}

/* Every item of `self` is in `other`. */
static int all_contained_in(mn_object *self, mn_object *other)
{
    mn_object *it = mn_object_get_iter(self);
    if (it == NULL)
        return -1;
    int ok = 1;
    mn_object *item;
    while ((item = mn_iter_next(it)) != NULL) {
        ok = mn_sequence_contains(other, item);
        MN_DECREF(item);
        if (ok <= 0)
            break;
    }
    MN_DECREF(it);
    if (ok > 0 && mn_err_occurred())
        return -1;
    return ok;
}

static mn_object *view_richcompare(mn_object *self, mn_object *other, int op)
{
    if (!IS_SET_VIEW(self) || !(MN_ANYSET_CHECK(other) || IS_SET_VIEW(other)))
        MN_RETURN_NOT_IMPLEMENTED;
    mn_ssize len_self = mn_object_length(self);
    if (len_self < 0)
        return NULL;
    mn_ssize len_other = mn_object_length(other);
    if (len_other < 0)
        return NULL;
    int ok = 0;
    switch (op) {
    case MN_NE:
    case MN_EQ:
        if (len_self == len_other)
            ok = all_contained_in(self, other);
        if (op == MN_NE && ok >= 0)
            ok = !ok;
        break;
    case MN_LT:
        if (len_self < len_other)
            ok = all_contained_in(self, other);
        break;
    case MN_LE:
        if (len_self <= len_other)
            ok = all_contained_in(self, other);
        break;
    case MN_GT:
        if (len_self > len_other)
            ok = all_contained_in(other, self);
        break;
    case MN_GE:
        if (len_self >= len_other)
            ok = all_contained_in(other, self);
        break;
    }
    if (ok < 0)
        return NULL;
    MN_RETURN_BOOL(ok);
}

/* set(view) — for a keys view built straight from the dict (presized). */
static mn_object *view_to_set(mn_object *self)
{
    mn_object *src = self;
    if (IS_KEYS_VIEW(self))
        src = MN_OBJ(((dictview *)self)->dict);
    return mn_set_new(src);
}

static mn_object *set_method_with(mn_object *set, const char *name, mn_object *arg)
{
    mn_object *r = mn_object_call_method(set, name, &arg, 1);
    if (r == NULL) {
        MN_DECREF(set);
        return NULL;
    }
    MN_DECREF(r);
    return set;
}

static mn_object *views_sub(mn_object *a, mn_object *b)
{
    mn_object *res = view_to_set(a);
    return res ? set_method_with(res, "difference_update", b) : NULL;
}

static mn_object *views_or(mn_object *a, mn_object *b)
{
    mn_object *res = view_to_set(a);
    return res ? set_method_with(res, "update", b) : NULL;
}

static mn_object *views_xor(mn_object *a, mn_object *b)
{
    mn_object *res = view_to_set(a);
    return res ? set_method_with(res, "symmetric_difference_update", b) : NULL;
}

/* view & other (CPython's _PyDictView_Intersect): iterate the smaller
 * side, test membership in the view. */
static mn_object *views_and(mn_object *self, mn_object *other)
{
    if (!IS_SET_VIEW(self)) {   /* `x & view` arrives with the view second */
        mn_object *t = self;
        self = other;
        other = t;
    }
    mn_ssize len_self = view_len(self);
    if (MN_IS_TYPE(other, &mn_set_type)) {
        mn_ssize len_other = mn_object_length(other);
        if (len_other < 0)
            return NULL;
        if (len_self <= len_other)
            return mn_object_call_method(other, "intersection", &self, 1);
    }
    if (IS_SET_VIEW(other) && view_len(other) > len_self) {
        mn_object *t = self;
        self = other;
        other = t;
    }
    mn_object *result = mn_set_new(NULL);
    if (result == NULL)
        return NULL;
    mn_object *it = mn_object_get_iter(other);
    if (it == NULL) {
        MN_DECREF(result);
        return NULL;
    }
    int (*contains)(mn_object *, mn_object *) = IS_KEYS_VIEW(self) ? keys_contains : items_contains;
    mn_object *key;
    while ((key = mn_iter_next(it)) != NULL) {
        int rv = contains(self, key);
        if (rv > 0)
            rv = mn_set_add(result, key);
        MN_DECREF(key);
        if (rv < 0) {
            MN_DECREF(it);
            MN_DECREF(result);
            return NULL;
        }
    }
    MN_DECREF(it);
    if (mn_err_occurred()) {
        MN_DECREF(result);
        return NULL;
    }
    return result;
}

static mn_object *view_isdisjoint(mn_object *self, mn_object *const *args,
                                  mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    mn_object *other = args[0];
    if (self == other)
        MN_RETURN_BOOL(view_len(self) == 0);
    mn_object *it = mn_object_get_iter(other);
    if (it == NULL)
        return NULL;
    int (*contains)(mn_object *, mn_object *) = IS_KEYS_VIEW(self) ? keys_contains : items_contains;
    mn_object *item;
    int found = 0;
    while ((item = mn_iter_next(it)) != NULL) {
        found = contains(self, item);
        MN_DECREF(item);
        if (found != 0)
            break;
    }
    MN_DECREF(it);
    if (found < 0 || (found == 0 && mn_err_occurred()))
        return NULL;
    MN_RETURN_BOOL(!found);
}

static mn_number_methods setview_as_number = {
    .binop = {
        [MN_BINOP_SUBTRACT] = views_sub,
        [MN_BINOP_AND] = views_and,
        [MN_BINOP_OR] = views_or,
        [MN_BINOP_XOR] = views_xor,
    },
};

static mn_method_def setview_methods[] = {
    {"isdisjoint", view_isdisjoint, MN_METH_O, "Return True if the view and the given iterable have a null intersection."},
    {"__reversed__", view_reversed, MN_METH_NOARGS, "Return a reverse iterator over the dict keys."},
    {NULL, NULL, 0, NULL}
};

static mn_method_def values_methods[] = {
    {"__reversed__", view_reversed, MN_METH_NOARGS, "Return a reverse iterator over the dict values."},
    {NULL, NULL, 0, NULL}
};

#define VIEW_TYPE_COMMON(pyname) \
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0), \
    .name = pyname, \
    .basicsize = sizeof(dictview), \
    .flags = MN_TPFLAGS_HAVE_GC, \
    .dealloc = view_dealloc, \
    .traverse = view_traverse, \
    .clear = view_clear, \
    .repr = view_repr, \
    .length = view_len

mn_type mn_dict_keys_type = {
    VIEW_TYPE_COMMON("dict_keys"),
    .hash = mn_object_hash_not_implemented,
    .richcompare = view_richcompare,
    .iter = keys_iter,
    .contains = keys_contains,
    .as_number = &setview_as_number,
    .methods = setview_methods,
};

mn_type mn_dict_items_type = {
    VIEW_TYPE_COMMON("dict_items"),
    .hash = mn_object_hash_not_implemented,
    .richcompare = view_richcompare,
    .iter = items_iter,
    .contains = items_contains,
    .as_number = &setview_as_number,
    .methods = setview_methods,
};

mn_type mn_dict_values_type = {
    VIEW_TYPE_COMMON("dict_values"),
    .iter = values_iter,
    .methods = values_methods,
};

int mn_dict_init_types(void)
{
    mn_type *types[] = {
        &mn_dict_type, &mn_dict_keys_type, &mn_dict_values_type, &mn_dict_items_type,
        &mn_dict_keyiter_type, &mn_dict_valueiter_type, &mn_dict_itemiter_type,
        &mn_dict_revkeyiter_type, &mn_dict_revvalueiter_type, &mn_dict_revitemiter_type,
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (mn_type_ready(types[i]) < 0)
            return -1;
    return 0;
}

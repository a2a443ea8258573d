/* runtime/set.c — set, frozenset and the set iterator.
 *
 * CPython 3.11's set table (Objects/setobject.c): an open-addressing array
 * of {key, hash} entries, 8 of them inline in the object (smalltable).
 * A probe first scans LINEAR_PROBES neighbouring entries (cheap: same cache
 * line) and only then jumps with the perturbation recurrence
 *   perturb >>= 5; i = (i*5 + 1 + perturb) & mask
 * Deleted entries become `dummy` (hash -1) so probe chains stay intact; the
 * table grows (used*4, or used*2 past 50000) once active+dummy entries fill
 * 3/5 of it. Following the same algorithms step by step matters for more
 * than speed: the iteration order of a set — what repr() prints — is its
 * table order, and it matches CPython's only if every insertion, resize
 * and set operation places keys exactly as CPython does.
 *
 * frozenset hashes with CPython's order-independent algorithm (xor of
 * shuffled entry hashes), so hash(frozenset({1, 2, 3})) equals python3's.
 */
#include <string.h>

#include "runtime/set.h"
#include "runtime/dict.h"
#include "runtime/error.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/obmalloc.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/type.h"
#include "runtime/weakref.h"

#define MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

/* The placeholder left by a deletion. Never visible to mini code. */
mn_object mn_set_dummy_struct = MN_OBJECT_INIT(&mn_object_type);
#define dummy mn_set_dummy

typedef mn_set_entry entry_t;

static inline mn_hash key_hash(mn_object *key)
{
    if (MN_STR_CHECK_EXACT(key)) {
        mn_hash h = ((mn_str *)key)->hash;
        if (h != -1)
            return h;
    }
    return mn_object_hash(key);
}

/* ----------------------------------------------------------------- table */

/* The entry holding `key`, or the empty entry ending its probe chain;
 * NULL if __eq__ raised. Restarts if __eq__ mutated the set. */
static entry_t *set_lookkey(mn_set *so, mn_object *key, mn_hash hash)
{
restart:;
    size_t mask = (size_t)so->mask;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    for (;;) {
        entry_t *entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                return entry;
            if (entry->hash == hash) {
                mn_object *startkey = entry->key;
                if (startkey == key)
                    return entry;
                if (MN_STR_CHECK_EXACT(startkey) && MN_STR_CHECK_EXACT(key) &&
                    mn_str_equal(startkey, key))
                    return entry;
                entry_t *table = so->table;
                MN_INCREF(startkey);
                int cmp = mn_object_richcompare_bool(startkey, key, MN_EQ);
                MN_DECREF(startkey);
                if (cmp < 0)
                    return NULL;
                if (table != so->table || entry->key != startkey)
                    goto restart;
                if (cmp > 0)
                    return entry;
                mask = (size_t)so->mask;
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

static int set_table_resize(mn_set *so, mn_ssize minused);

/* Adds key (borrowed) with its hash. The first dummy on the probe chain is
 * reused when the key turns out to be absent. */
static int set_add_entry(mn_set *so, mn_object *key, mn_hash hash)
{
    /* Hold the key: __eq__ below could otherwise free it. */
    MN_INCREF(key);
restart:;
    size_t mask = (size_t)so->mask;
    size_t i = (size_t)hash & mask;
    size_t perturb = (size_t)hash;
    entry_t *freeslot = NULL;
    entry_t *entry;
    for (;;) {
        entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                goto found_unused_or_dummy;
            if (entry->hash == hash) {
                mn_object *startkey = entry->key;
                if (startkey == key)
                    goto found_active;
                if (MN_STR_CHECK_EXACT(startkey) && MN_STR_CHECK_EXACT(key) &&
                    mn_str_equal(startkey, key))
                    goto found_active;
                entry_t *table = so->table;
                MN_INCREF(startkey);
                int cmp = mn_object_richcompare_bool(startkey, key, MN_EQ);
                MN_DECREF(startkey);
                if (cmp > 0)
                    goto found_active;
                if (cmp < 0) {
                    MN_DECREF(key);
                    return -1;
                }
                if (table != so->table || entry->key != startkey)
                    goto restart;
                mask = (size_t)so->mask;
            } else if (entry->hash == -1 && freeslot == NULL) {
                freeslot = entry;   /* a dummy */
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot != NULL) {
        so->used++;
        freeslot->key = key;
        freeslot->hash = hash;
        return 0;
    }
    so->fill++;
    so->used++;
    entry->key = key;
    entry->hash = hash;
    if ((size_t)so->fill * 5 < mask * 3)
        return 0;
    return set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
found_active:
    MN_DECREF(key);
    return 0;
}

/* Insertion into a table known to hold no dummies and not this key. */
static void set_insert_clean(entry_t *table, size_t mask, mn_object *key, mn_hash hash)
{
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    entry_t *entry;
    for (;;) {
        entry = &table[i];
        if (entry->key == NULL)
            goto found_null;
        if (i + LINEAR_PROBES <= mask) {
            for (size_t j = 0; j < LINEAR_PROBES; j++) {
                entry++;
                if (entry->key == NULL)
                    goto found_null;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_null:
    entry->key = key;
    entry->hash = hash;
}

/* Rebuilds the table with the smallest power of 2 > minused slots (at
 * least 8), dropping dummies. Refcount-neutral. */
static int set_table_resize(mn_set *so, mn_ssize minused)
{
    entry_t small_copy[MINSIZE];
    entry_t *oldtable = so->table, *newtable;
    mn_ssize oldmask = so->mask;
    int oldtable_malloced = oldtable != so->smalltable;
    size_t newsize = MINSIZE;
    while (newsize <= (size_t)minused)
        newsize <<= 1;

    if (newsize == MINSIZE) {
        newtable = so->smalltable;
        if (newtable == oldtable) {
            if (so->fill == so->used)
                return 0;   /* no dummies: nothing to do */
            /* Rebuild in place to purge dummies: work from a copy. */
            memcpy(small_copy, oldtable, sizeof small_copy);
            oldtable = small_copy;
        }
    } else {
        newtable = mn_mem_alloc(newsize * sizeof(entry_t));
        if (newtable == NULL) {
            mn_err_no_memory();
            return -1;
        }
    }
    memset(newtable, 0, newsize * sizeof(entry_t));
    so->mask = (mn_ssize)newsize - 1;
    so->table = newtable;
    size_t newmask = newsize - 1;
    so->fill = so->used;
    for (entry_t *e = oldtable; e <= oldtable + oldmask; e++)
        if (e->key != NULL && e->key != dummy)
            set_insert_clean(newtable, newmask, e->key, e->hash);
    if (oldtable_malloced)
        mn_mem_free(oldtable);
    return 0;
}

static int set_contains_entry(mn_set *so, mn_object *key, mn_hash hash)
{
    entry_t *e = set_lookkey(so, key, hash);
    if (e == NULL)
        return -1;
    return e->key != NULL;
}

enum { DISCARD_NOTFOUND = 0, DISCARD_FOUND = 1 };

static int set_discard_entry(mn_set *so, mn_object *key, mn_hash hash)
{
    entry_t *e = set_lookkey(so, key, hash);
    if (e == NULL)
        return -1;
    if (e->key == NULL)
        return DISCARD_NOTFOUND;
    mn_object *old = e->key;
    e->key = dummy;
    e->hash = -1;
    so->used--;
    MN_DECREF(old);
    return DISCARD_FOUND;
}

static int set_add_key(mn_set *so, mn_object *key)
{
    mn_hash hash = key_hash(key);
    if (hash == -1)
        return -1;
    return set_add_entry(so, key, hash);
}

static int set_contains_key(mn_set *so, mn_object *key)
{
    mn_hash hash = key_hash(key);
    if (hash == -1)
        return -1;
    return set_contains_entry(so, key, hash);
}

static int set_discard_key(mn_set *so, mn_object *key)
{
    mn_hash hash = key_hash(key);
    if (hash == -1)
        return -1;
    return set_discard_entry(so, key, hash);
}

/* Next active entry at or after *pos. */
static int set_next_entry(mn_set *so, mn_ssize *pos, entry_t **out)
{
    mn_ssize i = *pos;
    entry_t *e = &so->table[i];
    while (i <= so->mask && (e->key == NULL || e->key == dummy)) {
        i++;
        e++;
    }
    *pos = i + 1;
    if (i > so->mask)
        return 0;
    *out = e;
    return 1;
}

static void set_empty_to_minsize(mn_set *so)
{
    memset(so->smalltable, 0, sizeof so->smalltable);
    so->fill = 0;
    so->used = 0;
    so->mask = MINSIZE - 1;
    so->table = so->smalltable;
    so->hash = -1;
}

/* Empties the set. The table is detached before the keys are released, so
 * a __del__ triggered by a decref sees an empty, consistent set. */
static void set_clear_internal(mn_set *so)
{
    entry_t small_copy[MINSIZE];
    entry_t *table = so->table;
    mn_ssize used = so->used;
    int malloced = table != so->smalltable;
    if (malloced) {
        set_empty_to_minsize(so);
    } else if (so->fill > 0) {
        memcpy(small_copy, table, sizeof small_copy);
        table = small_copy;
        set_empty_to_minsize(so);
    }
    for (entry_t *e = table; used > 0; e++) {
        if (e->key != NULL && e->key != dummy) {
            used--;
            MN_DECREF(e->key);
        }
    }
    if (malloced)
        mn_mem_free(table);
}

/* so |= other for a set `other`: one resize up front, then the cheapest
 * copy the two tables allow. */
static int set_merge(mn_set *so, mn_set *other)
{
    if (other == so || other->used == 0)
        return 0;
    if ((so->fill + other->used) * 5 >= so->mask * 3 &&
        set_table_resize(so, (so->used + other->used) * 2) < 0)
        return -1;
    entry_t *so_e = so->table, *other_e = other->table;
    /* Same size, we're empty, they have no dummies: copy slot for slot. */
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
        for (mn_ssize i = 0; i <= other->mask; i++, so_e++, other_e++) {
            if (other_e->key != NULL) {
                MN_INCREF(other_e->key);
                so_e->key = other_e->key;
                so_e->hash = other_e->hash;
            }
        }
        so->fill = other->fill;
        so->used = other->used;
        return 0;
    }
    /* We're empty: no duplicates possible, insert without comparing. */
    if (so->fill == 0) {
        so->fill = other->used;
        so->used = other->used;
        for (mn_ssize i = other->mask + 1; i > 0; i--, other_e++) {
            mn_object *key = other_e->key;
            if (key != NULL && key != dummy) {
                MN_INCREF(key);
                set_insert_clean(so->table, (size_t)so->mask, key, other_e->hash);
            }
        }
        return 0;
    }
    for (mn_ssize i = 0; i <= other->mask; i++) {
        other_e = &other->table[i];
        mn_object *key = other_e->key;
        if (key != NULL && key != dummy && set_add_entry(so, key, other_e->hash) < 0)
            return -1;
    }
    return 0;
}

static int set_update_internal(mn_set *so, mn_object *other)
{
    if (MN_ANYSET_CHECK(other))
        return set_merge(so, (mn_set *)other);
    if (MN_DICT_CHECK_EXACT(other)) {
        mn_ssize dictsize = MN_DICT_SIZE(other);
        if ((so->fill + dictsize) * 5 >= so->mask * 3 &&
            set_table_resize(so, (so->used + dictsize) * 2) < 0)
            return -1;
        mn_ssize pos = 0;
        mn_object *key;
        mn_hash hash;
        while (mn_dict_next_hash(other, &pos, &key, NULL, &hash))
            if (set_add_entry(so, key, hash) < 0)
                return -1;
        return 0;
    }
    mn_object *it = mn_object_get_iter(other);
    if (it == NULL)
        return -1;
    mn_object *key;
    while ((key = mn_iter_next(it)) != NULL) {
        int r = set_add_key(so, key);
        MN_DECREF(key);
        if (r < 0) {
            MN_DECREF(it);
            return -1;
        }
    }
    MN_DECREF(it);
    return mn_err_occurred() ? -1 : 0;
}

/* ---------------------------------------------------------- construction */

static mn_object *make_new_set(mn_type *type, mn_object *iterable)
{
    mn_set *so = (mn_set *)mn_type_generic_alloc(type, 0);
    if (so == NULL)
        return NULL;
    so->fill = 0;
    so->used = 0;
    so->mask = MINSIZE - 1;
    so->table = so->smalltable;
    so->hash = -1;
    so->finger = 0;
    so->weakreflist = NULL;
    mn_gc_track(MN_OBJ(so));
    if (iterable != NULL && set_update_internal(so, iterable) < 0) {
        MN_DECREF(so);
        return NULL;
    }
    return MN_OBJ(so);
}

/* Results of set operations on subclasses are plain sets/frozensets. */
static mn_object *make_new_set_basetype(mn_type *type, mn_object *iterable)
{
    if (type != &mn_set_type && type != &mn_frozenset_type)
        type = mn_type_is_subtype(type, &mn_set_type) ? &mn_set_type : &mn_frozenset_type;
    return make_new_set(type, iterable);
}

mn_object *mn_set_new(mn_object *iterable)
{
    return make_new_set(&mn_set_type, iterable);
}

mn_object *mn_frozenset_new(mn_object *iterable)
{
    return make_new_set(&mn_frozenset_type, iterable);
}

int mn_set_add(mn_object *set, mn_object *key)
{
    if (!MN_ANYSET_CHECK(set)) {
        mn_err_bad_internal_call("mn_set_add");
        return -1;
    }
    return set_add_key((mn_set *)set, key);
}

int mn_set_discard(mn_object *set, mn_object *key)
{
    return set_discard_key((mn_set *)set, key);
}

int mn_set_contains(mn_object *set, mn_object *key)
{
    return set_contains_key((mn_set *)set, key);
}

int mn_set_next(mn_object *set, mn_ssize *pos, mn_object **key, mn_hash *hash)
{
    entry_t *e;
    if (!set_next_entry((mn_set *)set, pos, &e))
        return 0;
    if (key) *key = e->key;
    if (hash) *hash = e->hash;
    return 1;
}

static mn_object *set_copy(mn_set *so)
{
    return make_new_set_basetype(MN_TYPE(so), MN_OBJ(so));
}

/* ------------------------------------------------------------ algorithms */

static mn_object *set_intersection(mn_set *so, mn_object *other)
{
    if (MN_OBJ(so) == other)
        return set_copy(so);
    mn_set *result = (mn_set *)make_new_set_basetype(MN_TYPE(so), NULL);
    if (result == NULL)
        return NULL;
    if (MN_ANYSET_CHECK(other)) {
        /* Walk the smaller set, probe the larger. */
        mn_set *small = (mn_set *)other, *big = so;
        if (small->used > big->used) {
            small = so;
            big = (mn_set *)other;
        }
        mn_ssize pos = 0;
        entry_t *e;
        while (set_next_entry(small, &pos, &e)) {
            mn_object *key = e->key;
            mn_hash hash = e->hash;
            MN_INCREF(key);
            int rv = set_contains_entry(big, key, hash);
            if (rv > 0)
                rv = set_add_entry(result, key, hash);
            MN_DECREF(key);
            if (rv < 0)
                goto error;
        }
        return MN_OBJ(result);
    }
    mn_object *it = mn_object_get_iter(other);
    if (it == NULL)
        goto error;
    mn_object *key;
    while ((key = mn_iter_next(it)) != NULL) {
        mn_hash hash = key_hash(key);
        int rv = hash == -1 ? -1 : set_contains_entry(so, key, hash);
        if (rv > 0)
            rv = set_add_entry(result, key, hash);
        MN_DECREF(key);
        if (rv < 0) {
            MN_DECREF(it);
            goto error;
        }
    }
    MN_DECREF(it);
    if (mn_err_occurred())
        goto error;
    return MN_OBJ(result);
error:
    MN_DECREF(result);
    return NULL;
}

/* Exchanges the contents of two sets (intersection_update builds the
 * result in a temporary and swaps it in). */
static void set_swap_bodies(mn_set *a, mn_set *b)
{
    mn_ssize t;
    t = a->fill; a->fill = b->fill; b->fill = t;
    t = a->used; a->used = b->used; b->used = t;
    t = a->mask; a->mask = b->mask; b->mask = t;
    entry_t *u = a->table == a->smalltable ? b->smalltable : a->table;
    a->table = b->table == b->smalltable ? a->smalltable : b->table;
    b->table = u;
    if (a->table == a->smalltable || b->table == b->smalltable) {
        entry_t tab[MINSIZE];
        memcpy(tab, a->smalltable, sizeof tab);
        memcpy(a->smalltable, b->smalltable, sizeof tab);
        memcpy(b->smalltable, tab, sizeof tab);
    }
    if (mn_type_is_subtype(MN_TYPE(a), &mn_frozenset_type) &&
        mn_type_is_subtype(MN_TYPE(b), &mn_frozenset_type)) {
        mn_hash h = a->hash; a->hash = b->hash; b->hash = h;
    } else {
        a->hash = -1;
        b->hash = -1;
    }
}

static int set_intersection_update(mn_set *so, mn_object *other)
{
    mn_object *tmp = set_intersection(so, other);
    if (tmp == NULL)
        return -1;
    set_swap_bodies(so, (mn_set *)tmp);
    MN_DECREF(tmp);
    return 0;
}

static int set_difference_update_internal(mn_set *so, mn_object *other)
{
    if (MN_OBJ(so) == other) {
        set_clear_internal(so);
        return 0;
    }
    if (MN_ANYSET_CHECK(other)) {
        mn_ssize pos = 0;
        entry_t *e;
        while (set_next_entry((mn_set *)other, &pos, &e)) {
            mn_object *key = e->key;
            MN_INCREF(key);
            int r = set_discard_entry(so, key, e->hash);
            MN_DECREF(key);
            if (r < 0)
                return -1;
        }
    } else {
        mn_object *it = mn_object_get_iter(other);
        if (it == NULL)
            return -1;
        mn_object *key;
        while ((key = mn_iter_next(it)) != NULL) {
            int r = set_discard_key(so, key);
            MN_DECREF(key);
            if (r < 0) {
                MN_DECREF(it);
                return -1;
            }
        }
        MN_DECREF(it);
        if (mn_err_occurred())
            return -1;
    }
    /* More than 1/4 dummies: rebuild to squeeze them out. */
    if ((size_t)(so->fill - so->used) <= (size_t)so->mask / 4)
        return 0;
    return set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
}

static mn_object *set_copy_and_difference(mn_set *so, mn_object *other)
{
    mn_object *result = set_copy(so);
    if (result == NULL)
        return NULL;
    if (set_difference_update_internal((mn_set *)result, other) < 0) {
        MN_DECREF(result);
        return NULL;
    }
    return result;
}

static mn_object *set_difference(mn_set *so, mn_object *other)
{
    mn_ssize other_size;
    if (MN_ANYSET_CHECK(other))
        other_size = MN_SET_SIZE(other);
    else if (MN_DICT_CHECK_EXACT(other))
        other_size = MN_DICT_SIZE(other);
    else
        return set_copy_and_difference(so, other);
    /* If so is much bigger, copying it and removing other's keys wins. */
    if ((so->used >> 2) > other_size)
        return set_copy_and_difference(so, other);
    mn_set *result = (mn_set *)make_new_set_basetype(MN_TYPE(so), NULL);
    if (result == NULL)
        return NULL;
    mn_ssize pos = 0;
    entry_t *e;
    while (set_next_entry(so, &pos, &e)) {
        mn_object *key = e->key;
        mn_hash hash = e->hash;
        MN_INCREF(key);
        int rv = MN_DICT_CHECK_EXACT(other) ? mn_dict_contains_hash(other, key, hash)
                                            : set_contains_entry((mn_set *)other, key, hash);
        if (rv == 0)
            rv = set_add_entry(result, key, hash);
        MN_DECREF(key);
        if (rv < 0) {
            MN_DECREF(result);
            return NULL;
        }
    }
    return MN_OBJ(result);
}

static int set_symmetric_difference_update(mn_set *so, mn_object *other)
{
    if (MN_OBJ(so) == other) {
        set_clear_internal(so);
        return 0;
    }
    if (MN_DICT_CHECK_EXACT(other)) {
        mn_ssize pos = 0;
        mn_object *key;
        mn_hash hash;
        while (mn_dict_next_hash(other, &pos, &key, NULL, &hash)) {
            MN_INCREF(key);
            int rv = set_discard_entry(so, key, hash);
            if (rv == DISCARD_NOTFOUND)
                rv = set_add_entry(so, key, hash);
            MN_DECREF(key);
            if (rv < 0)
                return -1;
        }
        return 0;
    }
    mn_set *otherset;
    if (MN_ANYSET_CHECK(other)) {
        otherset = (mn_set *)MN_NEW_REF(other);
    } else {
        otherset = (mn_set *)make_new_set_basetype(MN_TYPE(so), other);
        if (otherset == NULL)
            return -1;
    }
    mn_ssize pos = 0;
    entry_t *e;
    while (set_next_entry(otherset, &pos, &e)) {
        mn_object *key = e->key;
        mn_hash hash = e->hash;
        MN_INCREF(key);
        int rv = set_discard_entry(so, key, hash);
        if (rv == DISCARD_NOTFOUND)
            rv = set_add_entry(so, key, hash);
        MN_DECREF(key);
        if (rv < 0) {
            MN_DECREF(otherset);
            return -1;
        }
    }
    MN_DECREF(otherset);
    return 0;
}

static mn_object *set_symmetric_difference(mn_set *so, mn_object *other)
{
    /* CPython builds set(other) and folds so into it. */
    mn_object *otherset = make_new_set_basetype(MN_TYPE(so), other);
    if (otherset == NULL)
        return NULL;
    if (set_symmetric_difference_update((mn_set *)otherset, MN_OBJ(so)) < 0) {
        MN_DECREF(otherset);
        return NULL;
    }
    return otherset;
}

static int set_issubset_internal(mn_set *so, mn_object *other)
{
    if (!MN_ANYSET_CHECK(other)) {
        mn_object *tmp = set_intersection(so, other);
        if (tmp == NULL)
            return -1;
        int r = MN_SET_SIZE(tmp) == so->used;
        MN_DECREF(tmp);
        return r;
    }
    if (so->used > MN_SET_SIZE(other))
        return 0;
    mn_ssize pos = 0;
    entry_t *e;
    while (set_next_entry(so, &pos, &e)) {
        mn_object *key = e->key;
        MN_INCREF(key);
        int rv = set_contains_entry((mn_set *)other, key, e->hash);
        MN_DECREF(key);
        if (rv <= 0)
            return rv;
    }
    return 1;
}

static int set_issuperset_internal(mn_set *so, mn_object *other)
{
    if (MN_ANYSET_CHECK(other))
        return set_issubset_internal((mn_set *)other, MN_OBJ(so));
    mn_object *it = mn_object_get_iter(other);
    if (it == NULL)
        return -1;
    mn_object *key;
    while ((key = mn_iter_next(it)) != NULL) {
        int rv = set_contains_key(so, key);
        MN_DECREF(key);
        if (rv <= 0) {
            MN_DECREF(it);
            return rv;
        }
    }
    MN_DECREF(it);
    return mn_err_occurred() ? -1 : 1;
}

static int set_isdisjoint_internal(mn_set *so, mn_object *other)
{
    if (MN_OBJ(so) == other)
        return so->used == 0;
    if (MN_IS_TYPE(other, &mn_set_type) || MN_IS_TYPE(other, &mn_frozenset_type)) {
        mn_set *small = (mn_set *)other, *big = so;
        if (small->used > big->used) {
            small = so;
            big = (mn_set *)other;
        }
        mn_ssize pos = 0;
        entry_t *e;
        while (set_next_entry(small, &pos, &e)) {
            mn_object *key = e->key;
            MN_INCREF(key);
            int rv = set_contains_entry(big, key, e->hash);
            MN_DECREF(key);
            if (rv != 0)
                return rv < 0 ? -1 : 0;
        }
        return 1;
    }
    mn_object *it = mn_object_get_iter(other);
    if (it == NULL)
        return -1;
    mn_object *key;
    while ((key = mn_iter_next(it)) != NULL) {
        int rv = set_contains_key(so, key);
        MN_DECREF(key);
        if (rv != 0) {
            MN_DECREF(it);
            return rv < 0 ? -1 : 0;
        }
    }
    MN_DECREF(it);
    return mn_err_occurred() ? -1 : 1;
}

/* ---------------------------------------------------------- type slots */

static void set_dealloc(mn_object *self)
{
    mn_set *so = (mn_set *)self;
    mn_gc_untrack(self);
    mn_weakref_clear_refs(self);
    if (mn_trashcan_begin(self))
        return;
    mn_ssize used = so->used;
    for (entry_t *e = so->table; used > 0; e++) {
        if (e->key != NULL && e->key != dummy) {
            used--;
            MN_DECREF(e->key);
        }
    }
    if (so->table != so->smalltable)
        mn_mem_free(so->table);
    mn_object_free(self);
    mn_trashcan_end();
}

static int set_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    mn_ssize pos = 0;
    entry_t *e;
    while (set_next_entry((mn_set *)self, &pos, &e))
        MN_VISIT(e->key);
    return 0;
}

static int set_tp_clear(mn_object *self)
{
    set_clear_internal((mn_set *)self);
    return 0;
}

/* {1, 2} for set, frozenset({1, 2}) / MySet({1, 2}) otherwise; set() when
 * empty and set(...) when the set is reached again while being repr'd. */
static mn_object *set_repr(mn_object *self)
{
    mn_set *so = (mn_set *)self;
    const char *name = MN_TYPE_NAME(self);
    if (so->used == 0)
        return mn_str_from_format("%s()", name);
    int st = mn_repr_enter(self);
    if (st != 0)
        return st > 0 ? mn_str_from_format("%s(...)", name) : NULL;
    /* Snapshot the keys: a key's __repr__ may mutate the set. */
    mn_object *keys = mn_list_from_iterable(self);
    if (keys == NULL) {
        mn_repr_leave(self);
        return NULL;
    }
    mn_str_builder sb;
    mn_sb_init(&sb);
    int exact = MN_IS_TYPE(self, &mn_set_type);
    if (!exact) {
        mn_sb_append_cstr(&sb, name);
        mn_sb_append_char(&sb, '(');
    }
    mn_sb_append_char(&sb, '{');
    for (mn_ssize i = 0; i < MN_LIST_SIZE(keys); i++) {
        if (i > 0)
            mn_sb_append(&sb, ", ", 2);
        if (mn_sb_append_repr(&sb, MN_LIST_GET(keys, i)) < 0) {
            mn_sb_discard(&sb);
            MN_DECREF(keys);
            mn_repr_leave(self);
            return NULL;
        }
    }
    mn_sb_append_char(&sb, '}');
    if (!exact)
        mn_sb_append_char(&sb, ')');
    MN_DECREF(keys);
    mn_repr_leave(self);
    return mn_sb_finish(&sb);
}

static mn_ssize set_len(mn_object *self)
{
    return ((mn_set *)self)->used;
}

/* `key in s`. An unhashable set key is retried as a frozenset, so
 * {1} in {frozenset({1})} is True (CPython's rule). */
static int set_sq_contains(mn_object *self, mn_object *key)
{
    int rv = set_contains_key((mn_set *)self, key);
    if (rv < 0) {
        if (!MN_TYPE_CHECK(key, &mn_set_type) || !mn_err_matches(&mn_exc_TypeError))
            return -1;
        mn_err_clear();
        mn_object *tmp = make_new_set(&mn_frozenset_type, key);
        if (tmp == NULL)
            return -1;
        rv = set_contains_key((mn_set *)self, tmp);
        MN_DECREF(tmp);
    }
    return rv;
}

/* discard with the same frozenset retry; 1/0/-1 */
static int set_discard_retry(mn_set *so, mn_object *key)
{
    int rv = set_discard_key(so, key);
    if (rv < 0) {
        if (!MN_TYPE_CHECK(key, &mn_set_type) || !mn_err_matches(&mn_exc_TypeError))
            return -1;
        mn_err_clear();
        mn_object *tmp = make_new_set(&mn_frozenset_type, key);
        if (tmp == NULL)
            return -1;
        rv = set_discard_key(so, tmp);
        MN_DECREF(tmp);
    }
    return rv;
}

static uint64_t shuffle_bits(uint64_t h)
{
    return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL;
}

/* CPython's frozenset hash: xor of shuffled entry hashes (order does not
 * matter), corrected for the empty and dummy slots that were xor'ed in too,
 * then mixed with the size and dispersed. */
static mn_hash frozenset_hash(mn_object *self)
{
    mn_set *so = (mn_set *)self;
    if (so->hash != -1)
        return so->hash;
    uint64_t hash = 0;
    for (entry_t *e = so->table; e <= &so->table[so->mask]; e++)
        hash ^= shuffle_bits((uint64_t)e->hash);
    if ((so->mask + 1 - so->fill) & 1)        /* odd number of empty slots */
        hash ^= shuffle_bits(0);
    if ((so->fill - so->used) & 1)            /* odd number of dummies */
        hash ^= shuffle_bits((uint64_t)-1);
    hash ^= ((uint64_t)so->used + 1) * 1927868237UL;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069U + 907133923UL;
    if (hash == (uint64_t)-1)
        hash = 590923713UL;
    so->hash = (mn_hash)hash;
    return so->hash;
}

static mn_object *set_richcompare(mn_object *self, mn_object *w, int op)
{
    mn_set *v = (mn_set *)self;
    if (!MN_ANYSET_CHECK(self) || !MN_ANYSET_CHECK(w))
        MN_RETURN_NOT_IMPLEMENTED;
    mn_ssize lv = v->used, lw = MN_SET_SIZE(w);
    int r;
    switch (op) {
    case MN_EQ:
    case MN_NE:
        if (lv != lw)
            r = 0;
        else if (v->hash != -1 && ((mn_set *)w)->hash != -1 && v->hash != ((mn_set *)w)->hash)
            r = 0;   /* both frozensets with known, different hashes */
        else
            r = set_issubset_internal(v, w);
        if (r >= 0 && op == MN_NE)
            r = !r;
        break;
    case MN_LE: r = set_issubset_internal(v, w); break;
    case MN_GE: r = set_issuperset_internal(v, w); break;
    case MN_LT: r = lv < lw ? set_issubset_internal(v, w) : 0; break;
    case MN_GT: r = lv > lw ? set_issuperset_internal(v, w) : 0; break;
    default: MN_RETURN_NOT_IMPLEMENTED;
    }
    if (r < 0)
        return NULL;
    MN_RETURN_BOOL(r);
}

/* Binary operators: sets only on both sides (a list gives TypeError). */
static mn_object *set_or(mn_object *a, mn_object *b)
{
    if (!MN_ANYSET_CHECK(a) || !MN_ANYSET_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    mn_object *result = set_copy((mn_set *)a);
    if (result == NULL || a == b)
        return result;
    if (set_update_internal((mn_set *)result, b) < 0) {
        MN_DECREF(result);
        return NULL;
    }
    return result;
}

static mn_object *set_and(mn_object *a, mn_object *b)
{
    if (!MN_ANYSET_CHECK(a) || !MN_ANYSET_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    return set_intersection((mn_set *)a, b);
}

static mn_object *set_sub(mn_object *a, mn_object *b)
{
    if (!MN_ANYSET_CHECK(a) || !MN_ANYSET_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    return set_difference((mn_set *)a, b);
}

static mn_object *set_xor(mn_object *a, mn_object *b)
{
    if (!MN_ANYSET_CHECK(a) || !MN_ANYSET_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    return set_symmetric_difference((mn_set *)a, b);
}

static mn_object *set_ior(mn_object *a, mn_object *b)
{
    if (!MN_ANYSET_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    if (set_update_internal((mn_set *)a, b) < 0)
        return NULL;
    return MN_NEW_REF(a);
}

static mn_object *set_iand(mn_object *a, mn_object *b)
{
    if (!MN_ANYSET_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    if (set_intersection_update((mn_set *)a, b) < 0)
        return NULL;
    return MN_NEW_REF(a);
}

static mn_object *set_isub(mn_object *a, mn_object *b)
{
    if (!MN_ANYSET_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    if (set_difference_update_internal((mn_set *)a, b) < 0)
        return NULL;
    return MN_NEW_REF(a);
}

static mn_object *set_ixor(mn_object *a, mn_object *b)
{
    if (!MN_ANYSET_CHECK(b))
        MN_RETURN_NOT_IMPLEMENTED;
    if (set_symmetric_difference_update((mn_set *)a, b) < 0)
        return NULL;
    return MN_NEW_REF(a);
}

static mn_number_methods set_as_number = {
    .binop = {
        [MN_BINOP_OR] = set_or, [MN_BINOP_AND] = set_and,
        [MN_BINOP_SUBTRACT] = set_sub, [MN_BINOP_XOR] = set_xor,
    },
    .inplace = {
        [MN_BINOP_OR] = set_ior, [MN_BINOP_AND] = set_iand,
        [MN_BINOP_SUBTRACT] = set_isub, [MN_BINOP_XOR] = set_ixor,
    },
};

/* frozenset: no in-place forms, so `fs |= x` rebinds to a new frozenset. */
static mn_number_methods frozenset_as_number = {
    .binop = {
        [MN_BINOP_OR] = set_or, [MN_BINOP_AND] = set_and,
        [MN_BINOP_SUBTRACT] = set_sub, [MN_BINOP_XOR] = set_xor,
    },
};

static mn_object *set_iter(mn_object *self);

static mn_object *set_tp_new(mn_type *type, mn_object *const *args MN_UNUSED,
                             mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)
{
    return make_new_set(type, NULL);
}

/* set.__init__(iterable=()): also re-initialises an existing set. */
static int set_init(mn_object *self, mn_object *const *args, mn_ssize nargs,
                    mn_object *kwnames)
{
    mn_set *so = (mn_set *)self;
    if (mn_args_no_keywords("set", kwnames) < 0 ||
        mn_args_count(MN_TYPE_NAME(self), nargs, 0, 1) < 0)
        return -1;
    if (so->fill)
        set_clear_internal(so);
    so->hash = -1;
    if (nargs == 0)
        return 0;
    return set_update_internal(so, args[0]);
}

static mn_object *frozenset_tp_new(mn_type *type, mn_object *const *args, mn_ssize nargs,
                                   mn_object *kwnames)
{
    if (type == &mn_frozenset_type && mn_args_no_keywords("frozenset", kwnames) < 0)
        return NULL;
    if (mn_args_count(mn_type_name(type), nargs, 0, 1) < 0)
        return NULL;
    mn_object *iterable = nargs ? args[0] : NULL;
    /* frozenset(fs) of an exact frozenset is fs itself: it's immutable. */
    if (type == &mn_frozenset_type && iterable != NULL && MN_IS_TYPE(iterable, &mn_frozenset_type))
        return MN_NEW_REF(iterable);
    return make_new_set(type, iterable);
}

/* --------------------------------------------------------------- methods */

#define METH(name) static mn_object *name(mn_object *self, mn_object *const *args MN_UNUSED, \
                                          mn_ssize nargs MN_UNUSED, mn_object *kwnames MN_UNUSED)

METH(set_meth_add)
{
    if (set_add_key((mn_set *)self, args[0]) < 0)
        return NULL;
    MN_RETURN_NONE;
}

METH(set_meth_clear)
{
    set_clear_internal((mn_set *)self);
    MN_RETURN_NONE;
}

METH(set_meth_contains)
{
    int r = set_sq_contains(self, args[0]);
    if (r < 0)
        return NULL;
    MN_RETURN_BOOL(r);
}

METH(set_meth_copy)
{
    return set_copy((mn_set *)self);
}

METH(frozenset_meth_copy)
{
    if (MN_IS_TYPE(self, &mn_frozenset_type))
        return MN_NEW_REF(self);
    return set_copy((mn_set *)self);
}

METH(set_meth_discard)
{
    if (set_discard_retry((mn_set *)self, args[0]) < 0)
        return NULL;
    MN_RETURN_NONE;
}

METH(set_meth_remove)
{
    int r = set_discard_retry((mn_set *)self, args[0]);
    if (r < 0)
        return NULL;
    if (r == DISCARD_NOTFOUND) {
        mn_object *tup = mn_tuple_pack(1, args[0]);   /* KeyError((key,)) */
        if (tup != NULL) {
            mn_err_set_object(&mn_exc_KeyError, tup);
            MN_DECREF(tup);
        }
        return NULL;
    }
    MN_RETURN_NONE;
}

/* Removes an arbitrary element: scans from `finger`, where the last pop
 * stopped, so repeated pops don't rescan the same empty prefix. */
METH(set_meth_pop)
{
    mn_set *so = (mn_set *)self;
    if (so->used == 0) {
        mn_err_set_string(&mn_exc_KeyError, "pop from an empty set");
        return NULL;
    }
    entry_t *entry = so->table + (so->finger & so->mask);
    entry_t *limit = so->table + so->mask;
    while (entry->key == NULL || entry->key == dummy) {
        entry++;
        if (entry > limit)
            entry = so->table;
    }
    mn_object *key = entry->key;
    entry->key = dummy;
    entry->hash = -1;
    so->used--;
    so->finger = entry - so->table + 1;
    return key;
}

static int no_kw(const char *name, mn_object *kwnames)
{
    return mn_args_no_keywords(name, kwnames);
}

METH(set_meth_update)
{
    if (no_kw("set.update", kwnames) < 0)
        return NULL;
    for (mn_ssize i = 0; i < nargs; i++)
        if (set_update_internal((mn_set *)self, args[i]) < 0)
            return NULL;
    MN_RETURN_NONE;
}

METH(set_meth_union)
{
    if (no_kw("set.union", kwnames) < 0)
        return NULL;
    mn_object *result = set_copy((mn_set *)self);
    if (result == NULL)
        return NULL;
    for (mn_ssize i = 0; i < nargs; i++) {
        if (args[i] == self)
            continue;
        if (set_update_internal((mn_set *)result, args[i]) < 0) {
            MN_DECREF(result);
            return NULL;
        }
    }
    return result;
}

static mn_object *intersection_multi(mn_object *self, mn_object *const *args, mn_ssize nargs)
{
    if (nargs == 0)
        return set_copy((mn_set *)self);
    mn_object *result = MN_NEW_REF(self);
    for (mn_ssize i = 0; i < nargs; i++) {
        mn_object *next = set_intersection((mn_set *)result, args[i]);
        MN_DECREF(result);
        if (next == NULL)
            return NULL;
        result = next;
    }
    return result;
}

METH(set_meth_intersection)
{
    if (no_kw("set.intersection", kwnames) < 0)
        return NULL;
    return intersection_multi(self, args, nargs);
}

METH(set_meth_intersection_update)
{
    if (no_kw("set.intersection_update", kwnames) < 0)
        return NULL;
    mn_object *tmp = intersection_multi(self, args, nargs);
    if (tmp == NULL)
        return NULL;
    set_swap_bodies((mn_set *)self, (mn_set *)tmp);
    MN_DECREF(tmp);
    MN_RETURN_NONE;
}

METH(set_meth_difference)
{
    if (no_kw("set.difference", kwnames) < 0)
        return NULL;
    if (nargs == 0)
        return set_copy((mn_set *)self);
    mn_object *result = set_difference((mn_set *)self, args[0]);
    if (result == NULL)
        return NULL;
    for (mn_ssize i = 1; i < nargs; i++) {
        if (set_difference_update_internal((mn_set *)result, args[i]) < 0) {
            MN_DECREF(result);
            return NULL;
        }
    }
    return result;
}

METH(set_meth_difference_update)
{
    if (no_kw("set.difference_update", kwnames) < 0)
        return NULL;
    for (mn_ssize i = 0; i < nargs; i++)
        if (set_difference_update_internal((mn_set *)self, args[i]) < 0)
            return NULL;
    MN_RETURN_NONE;
}

METH(set_meth_symmetric_difference)
{
    return set_symmetric_difference((mn_set *)self, args[0]);
}

METH(set_meth_symmetric_difference_update)
{
    if (set_symmetric_difference_update((mn_set *)self, args[0]) < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *bool_result(int r)
{
    if (r < 0)
        return NULL;
    MN_RETURN_BOOL(r);
}

METH(set_meth_issubset) { return bool_result(set_issubset_internal((mn_set *)self, args[0])); }
METH(set_meth_issuperset) { return bool_result(set_issuperset_internal((mn_set *)self, args[0])); }
METH(set_meth_isdisjoint) { return bool_result(set_isdisjoint_internal((mn_set *)self, args[0])); }

METH(set_meth_sizeof)
{
    mn_set *so = (mn_set *)self;
    mn_ssize res = MN_TYPE(self)->basicsize;
    if (so->table != so->smalltable)
        res += (so->mask + 1) * (mn_ssize)sizeof(entry_t);
    return mn_int_from_ssize(res);
}

static mn_method_def set_methods[] = {
    {"add", set_meth_add, MN_METH_O, "Add an element to a set."},
    {"clear", set_meth_clear, MN_METH_NOARGS, "Remove all elements from this set."},
    {"__contains__", set_meth_contains, MN_METH_O, "x.__contains__(y) <==> y in x."},
    {"copy", set_meth_copy, MN_METH_NOARGS, "Return a shallow copy of a set."},
    {"discard", set_meth_discard, MN_METH_O, "Remove an element from a set if it is a member."},
    {"difference", set_meth_difference, MN_METH_VARARGS, "Return the difference of two or more sets as a new set."},
    {"difference_update", set_meth_difference_update, MN_METH_VARARGS, "Remove all elements of another set from this set."},
    {"intersection", set_meth_intersection, MN_METH_VARARGS, "Return the intersection of two sets as a new set."},
    {"intersection_update", set_meth_intersection_update, MN_METH_VARARGS, "Update a set with the intersection of itself and another."},
    {"isdisjoint", set_meth_isdisjoint, MN_METH_O, "Return True if two sets have a null intersection."},
    {"issubset", set_meth_issubset, MN_METH_O, "Report whether another set contains this set."},
    {"issuperset", set_meth_issuperset, MN_METH_O, "Report whether this set contains another set."},
    {"pop", set_meth_pop, MN_METH_NOARGS, "Remove and return an arbitrary set element."},
    {"remove", set_meth_remove, MN_METH_O, "Remove an element from a set; it must be a member."},
    {"__sizeof__", set_meth_sizeof, MN_METH_NOARGS, "S.__sizeof__() -> size of S in memory, in bytes"},
    {"symmetric_difference", set_meth_symmetric_difference, MN_METH_O, "Return the symmetric difference of two sets as a new set."},
    {"symmetric_difference_update", set_meth_symmetric_difference_update, MN_METH_O, "Update a set with the symmetric difference of itself and another."},
    {"union", set_meth_union, MN_METH_VARARGS, "Return the union of sets as a new set."},
    {"update", set_meth_update, MN_METH_VARARGS, "Update a set with the union of itself and others."},
    {NULL, NULL, 0, NULL}
};

static mn_method_def frozenset_methods[] = {
    {"__contains__", set_meth_contains, MN_METH_O, "x.__contains__(y) <==> y in x."},
    {"copy", frozenset_meth_copy, MN_METH_NOARGS, "Return a shallow copy of a set."},
    {"difference", set_meth_difference, MN_METH_VARARGS, "Return the difference of two or more sets as a new set."},
    {"intersection", set_meth_intersection, MN_METH_VARARGS, "Return the intersection of two sets as a new set."},
    {"isdisjoint", set_meth_isdisjoint, MN_METH_O, "Return True if two sets have a null intersection."},
    {"issubset", set_meth_issubset, MN_METH_O, "Report whether another set contains this set."},
    {"issuperset", set_meth_issuperset, MN_METH_O, "Report whether this set contains another set."},
    {"__sizeof__", set_meth_sizeof, MN_METH_NOARGS, "S.__sizeof__() -> size of S in memory, in bytes"},
    {"symmetric_difference", set_meth_symmetric_difference, MN_METH_O, "Return the symmetric difference of two sets as a new set."},
    {"union", set_meth_union, MN_METH_VARARGS, "Return the union of sets as a new set."},
    {NULL, NULL, 0, NULL}
};

mn_type mn_set_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "set",
    .basicsize = sizeof(mn_set),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC,
    .doc = "set() -> new empty set object\nset(iterable) -> new set object",
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_tp_clear,
    .new_ = set_tp_new,
    .init = set_init,
    .repr = set_repr,
    .hash = mn_object_hash_not_implemented,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .length = set_len,
    .contains = set_sq_contains,
    .as_number = &set_as_number,
    .methods = set_methods,
    .weaklistoffset = offsetof(mn_set, weakreflist),
};

mn_type mn_frozenset_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "frozenset",
    .basicsize = sizeof(mn_set),
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC,
    .doc = "frozenset() -> empty frozenset object\nfrozenset(iterable) -> frozenset object",
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_tp_clear,
    .new_ = frozenset_tp_new,
    .repr = set_repr,
    .hash = frozenset_hash,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .length = set_len,
    .contains = set_sq_contains,
    .as_number = &frozenset_as_number,
    .methods = frozenset_methods,
    .weaklistoffset = offsetof(mn_set, weakreflist),
};

/* -------------------------------------------------------------- iterator */

typedef struct setiter {
    mn_object ob_base;
    mn_set *set;       /* NULL once exhausted */
    mn_ssize used;     /* size at start: a change is an error */
    mn_ssize pos;
    mn_ssize len;
} setiter;

static mn_object *set_iter(mn_object *self)
{
    setiter *si = (setiter *)mn_type_generic_alloc(&mn_set_iter_type, 0);
    if (si == NULL)
        return NULL;
    mn_set *so = (mn_set *)self;
    MN_INCREF(so);
    si->set = so;
    si->used = so->used;
    si->pos = 0;
    si->len = so->used;
    mn_gc_track(MN_OBJ(si));
    return MN_OBJ(si);
}

static mn_object *setiter_next(mn_object *self)
{
    setiter *si = (setiter *)self;
    mn_set *so = si->set;
    if (so == NULL)
        return NULL;
    if (si->used != so->used) {
        mn_err_set_string(&mn_exc_RuntimeError, "Set changed size during iteration");
        si->used = -1;   /* make this state sticky */
        return NULL;
    }
    entry_t *e;
    mn_ssize pos = si->pos;
    if (pos > so->mask || !set_next_entry(so, &pos, &e)) {
        si->set = NULL;
        MN_DECREF(so);
        return NULL;
    }
    si->pos = pos;
    si->len--;
    return MN_NEW_REF(e->key);
}

static void setiter_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    MN_XDECREF(((setiter *)self)->set);
    mn_object_free(self);
}

static int setiter_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(((setiter *)self)->set);
    return 0;
}

static int setiter_clear(mn_object *self)
{
    MN_CLEAR(((setiter *)self)->set);
    return 0;
}

static mn_object *setiter_self(mn_object *self)
{
    return MN_NEW_REF(self);
}

METH(setiter_length_hint)
{
    setiter *si = (setiter *)self;
    mn_ssize len = 0;
    if (si->set != NULL && si->used == si->set->used)
        len = si->len;
    return mn_int_from_ssize(len);
}

static mn_method_def setiter_methods[] = {
    {"__length_hint__", setiter_length_hint, MN_METH_NOARGS, "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL}
};

mn_type mn_set_iter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "set_iterator",
    .basicsize = sizeof(setiter),
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = setiter_dealloc,
    .traverse = setiter_traverse,
    .clear = setiter_clear,
    .iter = setiter_self,
    .iternext = setiter_next,
    .methods = setiter_methods,
};

int mn_set_init_types(void)
{
    if (mn_type_ready(&mn_set_type) < 0 || mn_type_ready(&mn_frozenset_type) < 0 ||
        mn_type_ready(&mn_set_iter_type) < 0)
        return -1;
    return 0;
}

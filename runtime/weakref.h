/* runtime/weakref.h — weak references (CPython's weakrefobject.h).
 *
 * A weak reference points at an object without owning it. Objects whose
 * type has a weaklistoffset keep, at that offset, the head of a doubly
 * linked list of the weakrefs pointing at them; when the object dies its
 * dealloc calls mn_weakref_clear_refs(), which empties the list and calls
 * the callbacks. The cycle collector clears weakrefs to garbage itself
 * (gc.c's handle_weakrefs) before any tp_clear runs.
 */
#ifndef MN_WEAKREF_H
#define MN_WEAKREF_H

#include "runtime/object.h"

typedef struct mn_weakref {
    mn_object ob_base;
    mn_object *wr_object;        /* borrowed; mn_none once the referent died */
    mn_object *wr_callback;      /* owned, or NULL */
    mn_hash hash;                /* cached hash of the referent, -1: not yet */
    struct mn_weakref *wr_prev;  /* the referent's weakref list */
    struct mn_weakref *wr_next;
} mn_weakref;

extern mn_type mn_weakref_type;            /* weakref.ref (subclassable) */
extern mn_type mn_weakproxy_type;          /* weakref.ProxyType */
extern mn_type mn_weakcallableproxy_type;  /* weakref.CallableProxyType */

#define MN_WEAKREF_CHECK(o) mn_type_is_subtype(MN_TYPE(o), &mn_weakref_type)
#define MN_WEAKPROXY_CHECK(o) (MN_IS_TYPE(o, &mn_weakproxy_type) || \
                               MN_IS_TYPE(o, &mn_weakcallableproxy_type))
/* Any of the three kinds (ref, proxy, callable proxy). */
int mn_weakref_any_check(mn_object *o);

int mn_weakref_init_types(void);

/* weakref.ref(ob, callback) / weakref.proxy(ob, callback); callback may be
 * NULL or None. New reference, or NULL with TypeError "cannot create weak
 * reference to 'int' object". */
mn_object *mn_weakref_new_ref(mn_object *ob, mn_object *callback);
mn_object *mn_weakref_new_proxy(mn_object *ob, mn_object *callback);
/* The referent (borrowed), or mn_none when it has died. */
mn_object *mn_weakref_get_object(mn_object *wr);

/* The address of o's weakref list head, or NULL when o's type does not
 * support weak references. */
mn_weakref **mn_weakref_list_ptr(mn_object *o);
mn_ssize mn_weakref_count(mn_object *o);       /* weakref.getweakrefcount */
mn_object *mn_weakref_list(mn_object *o);      /* weakref.getweakrefs (new list) */

/* Called from the dealloc of every type with a weaklistoffset (CPython's
 * PyObject_ClearWeakRefs): clears each weakref to o and calls the
 * callbacks, newest first. Cheap when there are none. Keeps a pending
 * exception. */
void mn_weakref_clear_refs(mn_object *o);
/* For the collector: detaches one weakref from its referent (wr_object =
 * None) without calling or dropping its callback. */
void mn_weakref_clear_ref(mn_weakref *wr);

/* The _weakref module (stdlib/_weakref.c). mn_weakref_run_atexit calls
 * the exit functions weakref.finalize registered (mn_stdlib_fini). */
void mn_weakref_run_atexit(void);
struct mn_module_def;
extern const struct mn_module_def mn__weakref_module_def;

#endif /* MN_WEAKREF_H */

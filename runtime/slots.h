/* runtime/slots.h — heap types (classes) and the bridge between dunder
 * methods and C type slots, CPython's "slotdefs" in both directions.
 *
 *  Python -> C: a class whose namespace defines __add__, __eq__, __len__...
 *  gets a generic C slot function (slot_* in slots.c) in the matching type
 *  slot; the function looks the dunder up on the instance's type and calls
 *  it. When the dunder found along the MRO is the wrapper of a built-in
 *  type's slot, the built-in C function is used directly instead.
 *
 *  C -> Python: every static type's own C slots are exposed in its __dict__
 *  as "wrapper_descriptor" objects (int.__add__, list.__len__,
 *  object.__init__), which bind to "method-wrapper" objects.
 *
 * The class statement itself (type.__new__) lives in heaptype.c.
 */
#ifndef MN_SLOTS_H
#define MN_SLOTS_H

#include "runtime/object.h"

/* A type created at run time. The number-methods table lives inside the
 * type object (as in CPython's PyHeapTypeObject), so every class can fill
 * its own; `members` are the member descriptors' definitions of __slots__. */
typedef struct mn_heap_type {
    mn_type type;
    mn_number_methods as_number;
    mn_member_def *members;     /* nslots entries + sentinel (mn_mem_alloc), or NULL */
    mn_ssize nslots;            /* number of __slots__ storage cells this type adds */
    mn_ssize slots_offset;      /* where those cells start in the instance */
    mn_ssize var_dict;          /* 1: variable-size base; the __dict__ follows the items */
    /* The bases this class registered with as a subclass: strong refs in a
     * C array, visited but never cleared by the GC (a tuple could be
     * cleared first), so the registration can always be undone. */
    mn_type **sub_of;
    mn_ssize nsub_of;
} mn_heap_type;

#define MN_HEAP_TYPE(t) ((mn_heap_type *)(t))

/* Adds wrapper descriptors for a static type's own slots to its dict
 * (called by mn_type_ready before slot inheritance). */
int  mn_slots_add_wrappers(mn_type *type);
/* Recomputes every C slot of a heap type from the dunders found along its
 * MRO (after creation, and after __bases__ changes). */
void mn_slots_fixup_all(mn_type *type);
/* Called by type's setattro after `cls.name = value` / `del cls.name`:
 * recomputes the slots named by `name` in cls and its subclasses. */
void mn_slots_update(mn_type *type, mn_object *name);
/* Readies the wrapper_descriptor / method-wrapper types. */
int  mn_slots_init_types(void);
void mn_slots_fini(void);

/* Heap types' own slots (installed on `type` by type.c). */
void mn_heaptype_dealloc(mn_object *self);
int  mn_heaptype_traverse(mn_object *self, mn_visitproc visit, void *arg);
int  mn_heaptype_clear(mn_object *self);
/* type.__dict__: a read-only view of a mapping (defined in heaptype.c). */
extern mn_type mn_mappingproxy_type;
mn_object *mn_mappingproxy_new(mn_object *mapping);
/* type.__subclasses__() */
mn_object *mn_type_subclasses(mn_type *type);
/* Address of the __dict__ slot of an instance of a class derived from a
 * variable-size built-in (int, str, tuple, bytes), whose dictoffset is -1. */
mn_object **mn_heaptype_var_dict_ptr(mn_object *o);

/* Reports an exception that can't be raised (from __del__) on stderr as
 * CPython does ("Exception ignored in: ..."), then clears it. */
void mn_slots_write_unraisable(mn_object *where);

extern mn_type mn_wrapper_descr_type, mn_method_wrapper_type;

#endif /* MN_SLOTS_H */

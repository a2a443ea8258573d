/* runtime/list.h — the list type: a resizable array of references that
 * over-allocates with CPython's growth formula
 *   new_allocated = (newsize + (newsize >> 3) + 6) & ~3
 * so appends are amortised O(1) and sys.getsizeof shows the capacity.
 * sort() is a stable merge sort (timsort) honouring key= and reverse=. */
#ifndef MN_LIST_H
#define MN_LIST_H

#include "runtime/object.h"

typedef struct mn_list {
    mn_var_object ob_base;   /* size: number of items */
    mn_object **items;
    mn_ssize allocated;      /* capacity of items */
} mn_list;

extern mn_type mn_list_type, mn_list_iter_type, mn_list_reviter_type;
#define MN_LIST_CHECK(o) MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_LIST_SUBCLASS)
#define MN_LIST_CHECK_EXACT(o) (MN_TYPE(o) == &mn_list_type)
#define MN_LIST_SIZE(o) MN_SIZE(o)
#define MN_LIST_ITEMS(o) (((mn_list *)(o))->items)
#define MN_LIST_GET(o, i) (((mn_list *)(o))->items[i])        /* borrowed */
#define MN_LIST_SET(o, i, v) (((mn_list *)(o))->items[i] = (v)) /* steals v; old item must be NULL */

mn_object *mn_list_new(mn_ssize n);      /* n NULL items: fill with MN_LIST_SET */
int        mn_list_append(mn_object *list, mn_object *item);   /* borrowed item */
int        mn_list_insert(mn_object *list, mn_ssize index, mn_object *item);
int        mn_list_extend(mn_object *list, mn_object *iterable);
mn_object *mn_list_from_iterable(mn_object *iterable);        /* list(x) */
mn_object *mn_list_as_tuple(mn_object *list);
int        mn_list_sort(mn_object *list, mn_object *key, int reverse);
int        mn_list_reverse(mn_object *list);
mn_object *mn_list_slice(mn_object *list, mn_ssize lo, mn_ssize hi);
/* Resizes to newsize, following the growth formula (items beyond the old
 * size are left uninitialised for the caller to fill). */
int        mn_list_resize(mn_object *list, mn_ssize newsize);

int mn_list_init_types(void);

#endif /* MN_LIST_H */

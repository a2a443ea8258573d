/* runtime/range.h — range (a lazy arithmetic sequence with O(1) len,
 * contains, index and slicing; arbitrary-precision bounds) and slice. */
#ifndef MN_RANGE_H
#define MN_RANGE_H

#include "runtime/object.h"

typedef struct mn_range {
    mn_object ob_base;
    mn_object *start, *stop, *step, *length;   /* ints */
} mn_range;

typedef struct mn_slice {
    mn_object ob_base;
    mn_object *start, *stop, *step;            /* any objects, None if absent */
} mn_slice;

extern mn_type mn_range_type, mn_range_iter_type, mn_slice_type;
#define MN_SLICE_CHECK(o) (MN_TYPE(o) == &mn_slice_type)

mn_object *mn_range_new(mn_object *start, mn_object *stop, mn_object *step);
mn_object *mn_slice_new(mn_object *start, mn_object *stop, mn_object *step); /* NULL = None */
/* Resolves a slice against a sequence length, like CPython's
 * PySlice_Unpack + PySlice_AdjustIndices: fills start/stop/step and returns
 * the slice length, or -1 with an exception (e.g. step zero). */
mn_ssize   mn_slice_indices(mn_object *slice, mn_ssize length,
                            mn_ssize *start, mn_ssize *stop, mn_ssize *step);

int mn_range_init_types(void);

#endif /* MN_RANGE_H */

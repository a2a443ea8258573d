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

extern mn_type mn_range_type, mn_range_iter_type, mn_longrange_iter_type, mn_slice_type;
#define MN_SLICE_CHECK(o) (MN_TYPE(o) == &mn_slice_type)

mn_object *mn_range_new(mn_object *start, mn_object *stop, mn_object *step);
mn_object *mn_slice_new(mn_object *start, mn_object *stop, mn_object *step); /* NULL = None */
/* Resolves a slice against a sequence length, like CPython's
 * PySlice_Unpack + PySlice_AdjustIndices: fills start/stop/step and returns
 * the slice length, or -1 with an exception (e.g. step zero). */
mn_ssize   mn_slice_indices(mn_object *slice, mn_ssize length,
                            mn_ssize *start, mn_ssize *stop, mn_ssize *step);

/* The two halves of mn_slice_indices, for callers that need them apart
 * (CPython's PySlice_Unpack and PySlice_AdjustIndices). Unpack converts
 * the slice fields to C integers (None -> defaults, clamped to the ssize
 * range); adjust clips them to a sequence of `length` items and returns
 * the number of items selected. */
int        mn_slice_unpack(mn_object *slice, mn_ssize *start, mn_ssize *stop, mn_ssize *step);
mn_ssize   mn_slice_adjust_indices(mn_ssize length, mn_ssize *start, mn_ssize *stop, mn_ssize step);
/* Converts an index argument (int or __index__ object, clamped to the
 * ssize range) like CPython's _PyEval_SliceIndex: None leaves *out
 * unchanged; anything else raises "slice indices must be integers or None
 * or have an __index__ method". The _not_none variant rejects None too
 * (used by list.index/tuple.index start and stop). 0 ok, -1 error. */
int        mn_slice_index(mn_object *v, mn_ssize *out);
int        mn_slice_index_not_none(mn_object *v, mn_ssize *out);

int mn_range_init_types(void);

#endif /* MN_RANGE_H */

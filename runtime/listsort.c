/* runtime/listsort.c — list.sort(): a stable natural merge sort.
 *
 * Owns: mn_list_sort.
 *
 * The algorithm is a simplified timsort:
 *  1. Scan the list for natural runs: maximal non-descending stretches, or
 *     strictly descending ones which are reversed in place (strictly, so
 *     equal items never swap and the sort stays stable).
 *  2. A run shorter than `minrun` (32..64, chosen like timsort so the run
 *     count is a power of two or slightly less) is extended with binary
 *     insertion sort.
 *  3. Runs are kept on a stack and merged while timsort's invariants fail
 *     (|A| > |B| + |C| and |B| > |C| for the top three runs), so merges
 *     stay balanced and the whole sort is O(n log n), O(n) on sorted input.
 * Merging copies the left run into a temporary buffer and merges forward,
 * taking from the right run only when it is strictly smaller: that is
 * what makes the sort stable. (CPython adds "galloping" to this; we don't.)
 *
 * As in CPython:
 *  - key= is called exactly once per item; keys and values move together;
 *  - reverse=True reverses the list, sorts, and reverses again, so equal
 *    items keep their original order;
 *  - while sorting, the list looks empty (size 0, items NULL, allocated -1)
 *    so comparisons that mutate it can't crash us; afterwards a changed
 *    list raises ValueError("list modified during sort");
 *  - if a comparison raises, every item is still in the list exactly once
 *    (in some order) and the exception propagates.
 * Comparisons are `mn_object_richcompare_bool(a, b, MN_LT)`, with a fast
 * path when every key is a small exact int.
 */
#include <string.h>
#include "runtime/runtime.h"

typedef struct sort_state {
    mn_object **keys;     /* what is compared */
    mn_object **values;   /* what is moved along with it (== keys without key=) */
    mn_object **tmp_keys, **tmp_values;   /* merge buffers (n each: a left run can be
                                             almost the whole list) */
    /* a < b ? 1 : 0, -1 on error */
    int (*lt)(mn_object *a, mn_object *b);
} sort_state;

static int generic_lt(mn_object *a, mn_object *b)
{
    return mn_object_richcompare_bool(a, b, MN_LT);
}

/* All keys are exact ints stored inline: compare machine integers. */
static int small_int_lt(mn_object *a, mn_object *b)
{
    return MN_INT_SMALL_VALUE(a) < MN_INT_SMALL_VALUE(b);
}

static void swap_items(sort_state *s, mn_ssize i, mn_ssize j)
{
    mn_object *t = s->keys[i];
    s->keys[i] = s->keys[j];
    s->keys[j] = t;
    if (s->values != s->keys) {
        t = s->values[i];
        s->values[i] = s->values[j];
        s->values[j] = t;
    }
}

static void reverse_range(sort_state *s, mn_ssize lo, mn_ssize hi)   /* [lo, hi) */
{
    for (hi--; lo < hi; lo++, hi--)
        swap_items(s, lo, hi);
}

/* Sorts [lo, hi) given that [lo, start) is already sorted: binary search
 * for each new item's place (after any equal items: stable), then shift. */
static int binary_insertion_sort(sort_state *s, mn_ssize lo, mn_ssize hi, mn_ssize start)
{
    for (; start < hi; start++) {
        mn_object *pivot = s->keys[start];
        mn_object *pivot_value = s->values[start];
        mn_ssize l = lo, r = start;
        while (l < r) {
            mn_ssize mid = l + ((r - l) >> 1);
            int k = s->lt(pivot, s->keys[mid]);
            if (k < 0)
                return -1;
            if (k)
                r = mid;
            else
                l = mid + 1;
        }
        memmove(&s->keys[l + 1], &s->keys[l], (size_t)(start - l) * sizeof(mn_object *));
        s->keys[l] = pivot;
        if (s->values != s->keys) {
            memmove(&s->values[l + 1], &s->values[l], (size_t)(start - l) * sizeof(mn_object *));
            s->values[l] = pivot_value;
        }
    }
    return 0;
}

/* Length of the run starting at lo (at least 2 items unless at the end);
 * a strictly descending run is reversed in place. -1 on error. */
static mn_ssize count_run(sort_state *s, mn_ssize lo, mn_ssize hi)
{
    if (lo + 1 >= hi)
        return hi - lo;
    mn_ssize n = 2;
    int k = s->lt(s->keys[lo + 1], s->keys[lo]);
    if (k < 0)
        return -1;
    if (k) {   /* strictly descending */
        for (; lo + n < hi; n++) {
            k = s->lt(s->keys[lo + n], s->keys[lo + n - 1]);
            if (k < 0)
                return -1;
            if (!k)
                break;
        }
        reverse_range(s, lo, lo + n);
    }
    else {     /* non-descending */
        for (; lo + n < hi; n++) {
            k = s->lt(s->keys[lo + n], s->keys[lo + n - 1]);
            if (k < 0)
                return -1;
            if (k)
                break;
        }
    }
    return n;
}

/* Timsort's minrun: take the six most significant bits of n, add one if
 * any remaining bit is set; n / minrun is then close to a power of two. */
static mn_ssize compute_minrun(mn_ssize n)
{
    mn_ssize r = 0;
    while (n >= 64) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

/* Merges the adjacent sorted runs [lo, mid) and [mid, hi). The left run
 * goes to the buffer; on a comparison error its remaining items are copied
 * back into the gap, so nothing is lost or duplicated. */
static int merge_runs(sort_state *s, mn_ssize lo, mn_ssize mid, mn_ssize hi)
{
    mn_ssize na = mid - lo;
    int has_values = s->values != s->keys;
    memcpy(s->tmp_keys, &s->keys[lo], (size_t)na * sizeof(mn_object *));
    if (has_values)
        memcpy(s->tmp_values, &s->values[lo], (size_t)na * sizeof(mn_object *));
    mn_ssize a = 0, b = mid, dest = lo;
    int result = 0;
    while (a < na && b < hi) {
        int k = s->lt(s->keys[b], s->tmp_keys[a]);
        if (k < 0) {
            result = -1;
            break;
        }
        if (k) {   /* right strictly smaller: take it */
            s->keys[dest] = s->keys[b];
            if (has_values)
                s->values[dest] = s->values[b];
            b++;
        }
        else {     /* ties go to the left run: stability */
            s->keys[dest] = s->tmp_keys[a];
            if (has_values)
                s->values[dest] = s->tmp_values[a];
            a++;
        }
        dest++;
    }
    /* The rest of the right run is already in place; the rest of the left
     * run fills exactly the gap before it. */
    memcpy(&s->keys[dest], &s->tmp_keys[a], (size_t)(na - a) * sizeof(mn_object *));
    if (has_values)
        memcpy(&s->values[dest], &s->tmp_values[a], (size_t)(na - a) * sizeof(mn_object *));
    return result;
}

typedef struct run { mn_ssize start, len; } run;

/* Merges runs i and i+1 of the stack. */
static int merge_at(sort_state *s, run *stack, mn_ssize *nruns, mn_ssize i)
{
    mn_ssize lo = stack[i].start, mid = lo + stack[i].len, hi = mid + stack[i + 1].len;
    if (merge_runs(s, lo, mid, hi) < 0)
        return -1;
    stack[i].len += stack[i + 1].len;
    if (i + 2 < *nruns)
        stack[i + 1] = stack[i + 2];
    (*nruns)--;
    return 0;
}

/* Restores timsort's invariants on the run stack. */
static int merge_collapse(sort_state *s, run *stack, mn_ssize *nruns)
{
    while (*nruns > 1) {
        mn_ssize n = *nruns - 2;
        if ((n > 0 && stack[n - 1].len <= stack[n].len + stack[n + 1].len) ||
            (n > 1 && stack[n - 2].len <= stack[n - 1].len + stack[n].len)) {
            if (stack[n - 1].len < stack[n + 1].len)
                n--;
        }
        else if (stack[n].len > stack[n + 1].len) {
            break;
        }
        if (merge_at(s, stack, nruns, n) < 0)
            return -1;
    }
    return 0;
}

static int sort_slice(sort_state *s, mn_ssize n)
{
    if (n < 2)
        return 0;
    mn_ssize minrun = compute_minrun(n);
    /* Invariants keep run lengths growing at least like Fibonacci numbers,
     * so 90 entries cover any array that fits in memory. */
    run stack[90];
    mn_ssize nruns = 0;
    mn_ssize lo = 0;
    while (lo < n) {
        mn_ssize len = count_run(s, lo, n);
        if (len < 0)
            return -1;
        if (len < minrun) {
            mn_ssize force = n - lo < minrun ? n - lo : minrun;
            if (binary_insertion_sort(s, lo, lo + force, lo + len) < 0)
                return -1;
            len = force;
        }
        stack[nruns].start = lo;
        stack[nruns].len = len;
        nruns++;
        if (merge_collapse(s, stack, &nruns) < 0)
            return -1;
        lo += len;
    }
    while (nruns > 1) {   /* force the final merges */
        mn_ssize i = nruns - 2;
        if (i > 0 && stack[i - 1].len < stack[i + 1].len)
            i--;
        if (merge_at(s, stack, &nruns, i) < 0)
            return -1;
    }
    return 0;
}

static void reverse_array(mn_object **lo, mn_ssize n)
{
    for (mn_object **hi = lo + n - 1; lo < hi; lo++, hi--) {
        mn_object *t = *lo;
        *lo = *hi;
        *hi = t;
    }
}

int mn_list_sort(mn_object *list, mn_object *key, int reverse)
{
    mn_list *self = (mn_list *)list;
    int result = -1;
    mn_object **keys = NULL;
    mn_ssize nkeys = 0;
    sort_state s = {0};

    /* Empty the list while sorting (see the file comment). */
    mn_ssize saved_size = MN_SIZE(self);
    mn_object **saved_items = self->items;
    mn_ssize saved_allocated = self->allocated;
    MN_SIZE(self) = 0;
    self->items = NULL;
    self->allocated = -1;

    if (key != NULL && key != mn_none) {
        keys = mn_mem_alloc((size_t)(saved_size > 0 ? saved_size : 1) * sizeof(mn_object *));
        if (keys == NULL) {
            mn_err_no_memory();
            goto restore;
        }
        for (; nkeys < saved_size; nkeys++) {
            keys[nkeys] = mn_object_call1(key, saved_items[nkeys]);
            if (keys[nkeys] == NULL)
                goto restore;
        }
        s.keys = keys;
        s.values = saved_items;
    }
    else {
        s.keys = s.values = saved_items;
    }

    /* Pre-scan: a homogeneous list of small ints compares natively. */
    s.lt = generic_lt;
    if (saved_size > 1) {
        mn_ssize i;
        for (i = 0; i < saved_size; i++)
            if (!MN_INT_CHECK_EXACT(s.keys[i]) || !MN_INT_IS_SMALL(s.keys[i]))
                break;
        if (i == saved_size)
            s.lt = small_int_lt;
    }

    /* Reversing before and after keeps equal items in order. */
    if (reverse && saved_size > 1) {
        if (keys)
            reverse_array(keys, saved_size);
        reverse_array(saved_items, saved_size);
    }
    mn_ssize half = saved_size > 0 ? saved_size : 1;
    s.tmp_keys = mn_mem_alloc((size_t)half * sizeof(mn_object *) * 2);
    if (s.tmp_keys == NULL) {
        mn_err_no_memory();
        goto reverse_back;
    }
    s.tmp_values = s.tmp_keys + half;
    result = sort_slice(&s, saved_size);
    mn_mem_free(s.tmp_keys);
reverse_back:
    if (reverse && saved_size > 1)
        reverse_array(saved_items, saved_size);

restore:
    for (mn_ssize i = 0; i < nkeys; i++)
        MN_DECREF(keys[i]);
    mn_mem_free(keys);
    {
        /* Put the sorted items back; whatever was put into the list during
         * the sort is dropped. */
        mn_object **final_items = self->items;
        mn_ssize final_size = MN_SIZE(self);
        int mutated = self->allocated != -1;
        MN_SIZE(self) = saved_size;
        self->items = saved_items;
        self->allocated = saved_allocated;
        if (mutated && result == 0) {
            mn_err_set_string(&mn_exc_ValueError, "list modified during sort");
            result = -1;
        }
        if (final_items != NULL) {
            while (--final_size >= 0)
                MN_XDECREF(final_items[final_size]);
            mn_mem_free(final_items);
        }
    }
    return result;
}

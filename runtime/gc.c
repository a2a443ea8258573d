/* runtime/gc.c — GC headers, tracking and the generation lists.
 *
 * Owns: the three generation lists that tracked containers live on, the
 * allocation counters that will trigger automatic collections, and the
 * thresholds (700, 10, 10 as in CPython). Tracking/untracking is O(1) list
 * surgery on the mn_gc_head in front of each container.
 *
 * The collection itself (refcount copying, subtracting internal references
 * via tp_traverse, moving the unreachable, PEP 442 finalizers, weakref
 * clearing, tp_clear) is the cycle-collector issue's work and lands here;
 * until then mn_gc_collect finds nothing and reference counting alone
 * frees memory.
 */
#include "runtime/runtime.h"

#define NUM_GENERATIONS 3

typedef struct gc_generation {
    mn_gc_head head;    /* sentinel of a circular doubly-linked list */
    int threshold;
    int count;          /* gen 0: allocations - deallocations; older: collections of the younger */
} gc_generation;

static gc_generation generations[NUM_GENERATIONS] = {
    { { NULL, NULL, 0, 0 }, 700, 0 },
    { { NULL, NULL, 0, 0 }, 10, 0 },
    { { NULL, NULL, 0, 0 }, 10, 0 },
};

/* All link reads and writes go through MN_GC_LINK (see gc.h). */
#define NEXT(h) MN_GC_LINK((h)->next)
#define PREV(h) MN_GC_LINK((h)->prev)
#define SET_NEXT(h, v) ((h)->next = MN_GC_LINK(v))
#define SET_PREV(h, v) ((h)->prev = MN_GC_LINK(v))

static void list_init(mn_gc_head *h)
{
    SET_NEXT(h, h);
    SET_PREV(h, h);
}

static void list_append(mn_gc_head *node, mn_gc_head *list)
{
    mn_gc_head *last = PREV(list);
    SET_PREV(node, last);
    SET_NEXT(node, list);
    SET_NEXT(last, node);
    SET_PREV(list, node);
}

static void list_remove(mn_gc_head *node)
{
    SET_NEXT(PREV(node), NEXT(node));
    SET_PREV(NEXT(node), PREV(node));
    node->next = node->prev = NULL;
}

int mn_gc_init(void)
{
    for (int i = 0; i < NUM_GENERATIONS; i++)
        list_init(&generations[i].head);
    return 0;
}

void mn_gc_fini(void)
{
    /* Objects still tracked at exit stay where they are: the process is
     * ending and reference counting has freed everything it could. */
}

void mn_gc_track(mn_object *o)
{
    mn_gc_head *g = MN_GC_HEAD(o);
    if (g->next)
        return;
    if (!generations[0].head.next)
        mn_gc_init();
    list_append(g, &generations[0].head);
}

void mn_gc_untrack(mn_object *o)
{
    mn_gc_head *g = MN_GC_HEAD(o);
    if (g->next)
        list_remove(g);
}

void mn_gc_note_alloc(void)
{
    generations[0].count++;
}

void mn_gc_note_free(void)
{
    if (generations[0].count > 0)
        generations[0].count--;
}

mn_ssize mn_gc_collect(int generation)
{
    (void)generation;
    generations[0].count = 0;
    return 0;
}

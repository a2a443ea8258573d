/* runtime/gc.c — the generational cycle collector (CPython's gcmodule.c).
 *
 * Owns: the three generation lists that tracked containers live on (plus
 * the "permanent" generation of gc.freeze()), tracking/untracking, the
 * allocation counter and thresholds (700, 10, 10) that trigger automatic
 * collections, the collection algorithm itself, gc.garbage/gc.callbacks,
 * DEBUG_* reporting and statistics.
 *
 * Reference counting frees everything except cycles. A collection of
 * generations 0..g finds the cycles among them in four steps, exactly as
 * CPython does:
 *   1. update_refs:  gc_refs = refcount for every object in the set;
 *   2. subtract_refs: traverse each object and decrement gc_refs of every
 *      referent inside the set. What remains > 0 is referenced from outside
 *      the set (a variable, a C global, an older object): reachable roots;
 *   3. move_unreachable: everything a root reaches is reachable too; the
 *      rest moves to the "unreachable" list;
 *   4. PEP 442 finalizers run (each object's at most once), reachability is
 *      recomputed (a finalizer may have resurrected objects), and the
 *      still-unreachable objects get their `clear` slot called: that drops
 *      the references inside the cycle and reference counting frees it.
 * Reachable survivors move to the next older generation.
 *
 * Every list link goes through MN_GC_LINK (see gc.h) so LeakSanitizer does
 * not see "is on a GC list" as a reference.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "runtime/runtime.h"
#include "runtime/weakref.h"

#define NUM_GENERATIONS MN_GC_NUM_GENERATIONS

/* Dicts holding only atomic keys and values can't be part of a cycle, and
 * CPython untracks them during full collections. That is safe because
 * dict.c re-tracks a dict when a container is inserted
 * (mn_gc_dict_maybe_track); build with -DMN_GC_UNTRACK_DICTS=0 to keep
 * every dict tracked. */
#ifndef MN_GC_UNTRACK_DICTS
#define MN_GC_UNTRACK_DICTS 1
#endif

typedef struct gc_generation {
    mn_gc_head head;    /* sentinel of a circular doubly-linked list */
    int threshold;
    int count;          /* gen 0: allocations - deallocations; older: collections of the younger */
} gc_generation;

/* Building with -DMN_GC_STRESS collects generation 0 on every other GC
 * allocation: slow, but it shakes out containers that are tracked before
 * they are fully initialised and traverse slots that miss references. */
#ifdef MN_GC_STRESS
#define GEN0_THRESHOLD 1
#else
#define GEN0_THRESHOLD 700
#endif

static gc_generation generations[NUM_GENERATIONS] = {
    { { NULL, NULL, 0, 0 }, GEN0_THRESHOLD, 0 },
    { { NULL, NULL, 0, 0 }, 10, 0 },
    { { NULL, NULL, 0, 0 }, 10, 0 },
};
static gc_generation permanent_generation;   /* gc.freeze() */

static struct {
    int enabled;
    int collecting;            /* re-entrancy guard */
    int debug;                 /* MN_GC_DEBUG_* */
    mn_object *garbage;        /* gc.garbage */
    mn_object *callbacks;      /* gc.callbacks */
    /* A full collection is skipped while the objects that survived young
     * collections since the last full one are fewer than 25% of those the
     * last full collection left: keeps full collections amortised linear
     * when a program builds a big structure (CPython issue #4074). */
    mn_ssize long_lived_total;
    mn_ssize long_lived_pending;
    mn_gc_stats stats;
    /* MINI_GCSTRESS=N (read by mn_gc_init): a young collection every N GC
     * allocations, on top of the normal ones. Shakes out containers that
     * are tracked before they are fully initialised, traverse slots that
     * miss references and refcount errors (`make gcstress`). */
    long stress_every;
    long stress_countdown;
} gcstate = { .enabled = 1 };

#define GEN_HEAD(i) (&generations[i].head)

/* All link reads and writes go through MN_GC_LINK (see gc.h). */
#define NEXT(h) MN_GC_LINK((h)->next)
#define PREV(h) MN_GC_LINK((h)->prev)
#define SET_NEXT(h, v) ((h)->next = MN_GC_LINK(v))
#define SET_PREV(h, v) ((h)->prev = MN_GC_LINK(v))

/* ------------------------------------------------------------ list ops */

static void list_init(mn_gc_head *h)
{
    SET_NEXT(h, h);
    SET_PREV(h, h);
}

static int list_is_empty(mn_gc_head *h)
{
    return NEXT(h) == h;
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

/* Moves node from whatever list it is on to the end of `list`. */
static void list_move(mn_gc_head *node, mn_gc_head *list)
{
    SET_NEXT(PREV(node), NEXT(node));
    SET_PREV(NEXT(node), PREV(node));
    list_append(node, list);
}

/* Appends all of `from` to `to`; `from` is left empty. */
static void list_merge(mn_gc_head *from, mn_gc_head *to)
{
    if (list_is_empty(from))
        return;
    mn_gc_head *tail = PREV(to);
    mn_gc_head *first = NEXT(from), *last = PREV(from);
    SET_NEXT(tail, first);
    SET_PREV(first, tail);
    SET_NEXT(last, to);
    SET_PREV(to, last);
    list_init(from);
}

static mn_ssize list_size(mn_gc_head *list)
{
    mn_ssize n = 0;
    for (mn_gc_head *g = NEXT(list); g != list; g = NEXT(g))
        n++;
    return n;
}

static void list_clear_flags(mn_gc_head *list, uintptr_t flags)
{
    for (mn_gc_head *g = NEXT(list); g != list; g = NEXT(g))
        g->flags &= ~flags;
}

/* --------------------------------------------------- tracking, counting */

int mn_gc_init(void)
{
    if (generations[0].head.next)
        return 0;    /* already initialised: lists may hold objects */
    for (int i = 0; i < NUM_GENERATIONS; i++)
        list_init(GEN_HEAD(i));
    list_init(&permanent_generation.head);
    const char *stress = getenv("MINI_GCSTRESS");
    if (stress && atol(stress) > 0)
        gcstate.stress_every = gcstate.stress_countdown = atol(stress);
    return 0;
}

void mn_gc_track(mn_object *o)
{
    mn_gc_head *g = MN_GC_HEAD(o);
    if (g->next)
        return;
    if (!generations[0].head.next)
        mn_gc_init();
    list_append(g, GEN_HEAD(0));
}

void mn_gc_untrack(mn_object *o)
{
    mn_gc_head *g = MN_GC_HEAD(o);
    if (g->next)
        list_remove(g);
}

static mn_ssize collect_generations(void);

static mn_ssize collect_main(int generation, mn_ssize *n_collected, mn_ssize *n_uncollectable);

/* A stress-mode collection is invisible to the program: no gc.callbacks,
 * and the generation counts (gc.get_count()) are left as they were. */
static void stress_collect(void)
{
    int saved[NUM_GENERATIONS];
    mn_ssize c, u;
    for (int i = 0; i < NUM_GENERATIONS; i++)
        saved[i] = generations[i].count;
    static unsigned long n;
    gcstate.collecting = 1;
    /* Mostly young collections; every 1000th a full one, so the older
     * generations are exercised too. */
    collect_main(++n % 1000 == 0 ? NUM_GENERATIONS - 1 : 0, &c, &u);
    gcstate.collecting = 0;
    for (int i = 0; i < NUM_GENERATIONS; i++)
        generations[i].count = saved[i];
}

void mn_gc_note_alloc(void)
{
    if (gcstate.stress_every && --gcstate.stress_countdown <= 0) {
        gcstate.stress_countdown = gcstate.stress_every;
        if (gcstate.enabled && !gcstate.collecting && generations[0].head.next && !mn_err_occurred())
            stress_collect();
    }
    generations[0].count++;
    /* The object being allocated is not tracked yet, so the collector can't
     * see it half-built. Like CPython, never collect while an exception is
     * pending: finalizers and callbacks would clobber it. */
    if (generations[0].count > generations[0].threshold && gcstate.enabled &&
        generations[0].threshold && !gcstate.collecting && generations[0].head.next &&
        !mn_err_occurred()) {
        gcstate.collecting = 1;
        collect_generations();
        gcstate.collecting = 0;
    }
}

void mn_gc_note_free(void)
{
    if (generations[0].count > 0)
        generations[0].count--;
}

int mn_gc_may_be_tracked(mn_object *o)
{
    if (!MN_OBJECT_IS_GC(o))
        return 0;
    if (MN_IS_TYPE(o, &mn_tuple_type))
        return MN_GC_IS_TRACKED(o);
    return 1;
}

void mn_gc_maybe_track(mn_object *container, mn_object *value)
{
    if (!MN_GC_IS_TRACKED(container) && mn_gc_may_be_tracked(value))
        mn_gc_track(container);
}

void mn_gc_dict_maybe_track(mn_object *d, mn_object *key, mn_object *value)
{
    if (!MN_GC_IS_TRACKED(d) && (mn_gc_may_be_tracked(key) || mn_gc_may_be_tracked(value)))
        mn_gc_track(d);
}

/* ----------------------------------------------------- error reporting */

/* CPython's PyErr_WriteUnraisable, minimal: errors raised where nobody can
 * catch them (finalizers, callbacks, clear) are printed and dropped, as
 * "Exception ignored <where>: <repr of obj>" then the exception. */
void mn_gc_write_unraisable(const char *where, mn_object *obj)
{
    if (!mn_err_occurred())
        return;
    mn_object *exc = mn_err_fetch();
    mn_object *r = obj ? mn_object_repr(obj) : NULL;
    if (obj && !r)
        mn_err_clear();
    if (r)
        fprintf(stderr, "Exception ignored %s: %s\n", where, mn_str_as_utf8(r));
    else
        fprintf(stderr, "Exception ignored %s\n", where);
    MN_XDECREF(r);
    mn_err_restore(exc);
    mn_err_print();
}

#define write_unraisable mn_gc_write_unraisable

/* ---------------------------------------------- the collection algorithm */

/* Step 1: gc_refs = refcount, and mark the set being collected. */
static void update_refs(mn_gc_head *containers)
{
    for (mn_gc_head *g = NEXT(containers); g != containers; g = NEXT(g)) {
        g->refs = MN_REFCNT(MN_GC_OBJECT(g));
        g->flags |= MN_GC_COLLECTING;
    }
}

static int visit_decref(mn_object *op, void *arg)
{
    (void)arg;
    if (MN_OBJECT_IS_GC(op)) {
        mn_gc_head *g = MN_GC_HEAD(op);
        /* Only references between members of the set are subtracted: an
         * object outside it is not COLLECTING. */
        if (g->flags & MN_GC_COLLECTING)
            g->refs--;
    }
    return 0;
}

static void traverse(mn_object *op, mn_visitproc visit, void *arg)
{
    mn_traverseproc t = MN_TYPE(op)->traverse;
    if (t)
        t(op, visit, arg);
}

/* Step 2: subtract the references internal to the set. */
static void subtract_refs(mn_gc_head *containers)
{
    for (mn_gc_head *g = NEXT(containers); g != containers; g = NEXT(g))
        traverse(MN_GC_OBJECT(g), visit_decref, NULL);
}

/* A reachable object references op: op is reachable too. */
static int visit_reachable(mn_object *op, void *arg)
{
    mn_gc_head *reachable = arg;
    if (!MN_OBJECT_IS_GC(op))
        return 0;
    mn_gc_head *g = MN_GC_HEAD(op);
    if (!(g->flags & MN_GC_COLLECTING))
        return 0;   /* outside the set, or already known reachable */
    if (g->flags & MN_GC_UNREACHABLE) {
        /* Tentatively declared unreachable earlier in the scan: move it back
         * to the end of the reachable list, where the scan will get to it
         * (and traverse it) later. */
        list_move(g, reachable);
        g->flags &= ~(uintptr_t)MN_GC_UNREACHABLE;
        g->refs = 1;
    } else if (g->refs <= 0) {
        /* Not scanned yet: when the scan gets there it is a root. */
        g->refs = 1;
    }
    return 0;
}

/* Step 3 (CPython's move_unreachable): one pass over `young`. An object
 * with gc_refs > 0 is reachable: traverse it, marking what it reaches. An
 * object with gc_refs == 0 is *tentatively* unreachable and moves to
 * `unreachable`; if a later reachable object refers to it, visit_reachable
 * moves it back. At the end, `young` holds exactly the reachable objects
 * (COLLECTING cleared) and `unreachable` the rest (COLLECTING kept). */
static void move_unreachable(mn_gc_head *young, mn_gc_head *unreachable)
{
    mn_gc_head *g = NEXT(young);
    while (g != young) {
        if (g->refs > 0) {
            traverse(MN_GC_OBJECT(g), visit_reachable, young);
            g->flags &= ~(uintptr_t)MN_GC_COLLECTING;
            g = NEXT(g);
        } else {
            mn_gc_head *next = NEXT(g);
            list_move(g, unreachable);
            g->flags |= MN_GC_UNREACHABLE;
            g = next;
        }
    }
    list_clear_flags(unreachable, MN_GC_UNREACHABLE);
}

/* Steps 1-3: splits `base` into reachable (left in base) and unreachable. */
static void deduce_unreachable(mn_gc_head *base, mn_gc_head *unreachable)
{
    update_refs(base);
    subtract_refs(base);
    move_unreachable(base, unreachable);
}

/* A tuple whose items can never be part of a cycle (ints, strs, untracked
 * tuples...) need not be tracked: CPython's _PyTuple_MaybeUntrack. Tuples
 * can't change, so this is permanent. */
static void tuple_maybe_untrack(mn_object *t)
{
    mn_ssize n = MN_TUPLE_SIZE(t);
    for (mn_ssize i = 0; i < n; i++) {
        mn_object *item = MN_TUPLE_GET(t, i);
        /* NULL: still being filled in; keep tracking it. */
        if (!item || mn_gc_may_be_tracked(item))
            return;
    }
    mn_gc_untrack(t);
}

static void untrack_tuples(mn_gc_head *list)
{
    mn_gc_head *g = NEXT(list);
    while (g != list) {
        mn_gc_head *next = NEXT(g);
        mn_object *op = MN_GC_OBJECT(g);
        if (MN_IS_TYPE(op, &mn_tuple_type))
            tuple_maybe_untrack(op);
        g = next;
    }
}

#if MN_GC_UNTRACK_DICTS
static void dict_maybe_untrack(mn_object *d)
{
    mn_ssize pos = 0;
    mn_object *k, *v;
    while (mn_dict_next(d, &pos, &k, &v))
        if (mn_gc_may_be_tracked(k) || mn_gc_may_be_tracked(v))
            return;
    mn_gc_untrack(d);
}
#endif

/* Done only in full collections (CPython issue #14775: doing it on every
 * young collection made building big dicts quadratic). */
static void untrack_dicts(mn_gc_head *list)
{
#if MN_GC_UNTRACK_DICTS
    mn_gc_head *g = NEXT(list);
    while (g != list) {
        mn_gc_head *next = NEXT(g);
        mn_object *op = MN_GC_OBJECT(g);
        if (MN_IS_TYPE(op, &mn_dict_type))
            dict_maybe_untrack(op);
        g = next;
    }
#else
    (void)list;
#endif
}

/* CPython's handle_weakrefs. Weak references to unreachable objects are
 * cleared before any finalizer or clear slot runs, so no callback (and no
 * later weakref() call) can reach a half-destroyed object. Callbacks are
 * called only for weakrefs that are not garbage themselves: a weakref in
 * the unreachable set is part of the trash, and calling its callback could
 * resurrect objects whose clear slot ran — so, like CPython, it is not
 * called. Returns how many of the weakrefs whose callback ran were freed
 * (they count as collected). */
static mn_ssize handle_weakrefs(mn_gc_head *unreachable, mn_gc_head *old)
{
    mn_gc_head wrcb_to_call;
    mn_ssize num_freed = 0;
    list_init(&wrcb_to_call);
    for (mn_gc_head *g = NEXT(unreachable); g != unreachable; g = NEXT(g)) {
        mn_object *op = MN_GC_OBJECT(g);
        /* A garbage weakref is made dead now, so its callback can't run
         * during delete_garbage when its referent is cleared. */
        if (mn_weakref_any_check(op))
            mn_weakref_clear_ref((mn_weakref *)op);
        mn_weakref **list = mn_weakref_list_ptr(op);
        if (!list)
            continue;
        while (*list) {
            mn_weakref *wr = *list;
            mn_weakref_clear_ref(wr);    /* keeps wr_callback */
            if (!wr->wr_callback)
                continue;
            mn_gc_head *wg = MN_GC_HEAD(wr);
            if (!wg->next || (wg->flags & MN_GC_COLLECTING))
                continue;   /* the weakref is garbage too (or not tracked) */
            /* Keep it alive across the callbacks; park it on our list. */
            MN_INCREF(wr);
            list_move(wg, &wrcb_to_call);
        }
    }
    while (!list_is_empty(&wrcb_to_call)) {
        mn_gc_head *g = NEXT(&wrcb_to_call);
        mn_object *op = MN_GC_OBJECT(g);
        mn_weakref *wr = (mn_weakref *)op;
        mn_object *cb = wr->wr_callback;
        mn_object *r = mn_object_call1(cb, op);
        if (!r)
            write_unraisable("in", cb);
        MN_XDECREF(r);
        MN_DECREF(op);
        if (NEXT(&wrcb_to_call) == g)
            list_move(g, old);   /* still alive */
        else
            num_freed++;
    }
    return num_freed;
}

/* PEP 442: call each unreachable object's finalize slot, at most once in
 * its lifetime (MN_GC_FINALIZED). A finalizer may do anything: resurrect
 * its object, free others in the set (they untrack themselves), allocate. */
static void finalize_garbage(mn_gc_head *collectable)
{
    mn_gc_head seen;
    list_init(&seen);
    while (!list_is_empty(collectable)) {
        mn_gc_head *g = NEXT(collectable);
        mn_object *op = MN_GC_OBJECT(g);
        list_move(g, &seen);
        mn_destructor finalize = MN_TYPE(op)->finalize;
        if (!(g->flags & MN_GC_FINALIZED) && finalize) {
            g->flags |= MN_GC_FINALIZED;
            MN_INCREF(op);
            finalize(op);
            write_unraisable("in", op);
            MN_DECREF(op);
        }
    }
    list_merge(&seen, collectable);
}

/* After finalizers ran, some "unreachable" objects may be referenced from
 * outside again. Recompute reachability inside the set: the resurrected
 * ones (and all they reach) go to the old generation, the rest to
 * still_unreachable. */
static void handle_resurrected_objects(mn_gc_head *unreachable, mn_gc_head *still_unreachable,
                                       mn_gc_head *old)
{
    list_clear_flags(unreachable, MN_GC_COLLECTING);
    deduce_unreachable(unreachable, still_unreachable);
    list_merge(unreachable, old);
}

/* Breaks the cycles: `clear` drops each object's references, and reference
 * counting frees whatever that leaves without owners — usually the whole
 * cycle. With DEBUG_SAVEALL the objects go to gc.garbage instead. */
static void delete_garbage(mn_gc_head *collectable, mn_gc_head *old)
{
    while (!list_is_empty(collectable)) {
        mn_gc_head *g = NEXT(collectable);
        mn_object *op = MN_GC_OBJECT(g);
        if (gcstate.debug & MN_GC_DEBUG_SAVEALL) {
            mn_object *garbage = mn_gc_garbage();
            if (!garbage || mn_list_append(garbage, op) < 0)
                mn_err_clear();
            g->flags &= ~(uintptr_t)MN_GC_COLLECTING;
            list_move(g, old);
        } else {
            mn_inquiry clear = MN_TYPE(op)->clear;
            if (clear) {
                MN_INCREF(op);
                (void)clear(op);
                write_unraisable("in tp_clear of", MN_OBJ(MN_TYPE(op)));
                MN_DECREF(op);
            }
        }
        if (NEXT(collectable) == g) {
            /* Still alive (something outside still owns it, or its type
             * has no clear): keep it; it may die later. */
            g->flags &= ~(uintptr_t)MN_GC_COLLECTING;
            list_move(g, old);
        }
    }
}

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void show_generation_sizes(void)
{
    fprintf(stderr, "gc: objects in each generation:");
    for (int i = 0; i < NUM_GENERATIONS; i++)
        fprintf(stderr, " %zd", list_size(GEN_HEAD(i)));
    fprintf(stderr, "\ngc: objects in permanent generation: %zd\n",
            list_size(&permanent_generation.head));
}

/* One collection of generations 0..generation (CPython's gc_collect_main).
 * Sets the collected and uncollectable counts and returns their sum. */
static mn_ssize collect_main(int generation, mn_ssize *n_collected, mn_ssize *n_uncollectable)
{
    mn_ssize m = 0;   /* objects collected */
    mn_ssize n = 0;   /* objects that can't be collected */
    mn_gc_head unreachable, final_unreachable;
    double t0 = monotonic_seconds();

    if (gcstate.debug & MN_GC_DEBUG_STATS) {
        fprintf(stderr, "gc: collecting generation %d...\n", generation);
        show_generation_sizes();
    }

    /* Update the counters: this generation's collection counts towards the
     * next older one's threshold; it and the younger ones start afresh. */
    if (generation + 1 < NUM_GENERATIONS)
        generations[generation + 1].count++;
    for (int i = 0; i <= generation; i++)
        generations[i].count = 0;

    /* Merge the younger generations into the one being collected. */
    for (int i = 0; i < generation; i++)
        list_merge(GEN_HEAD(i), GEN_HEAD(generation));
    mn_gc_head *young = GEN_HEAD(generation);
    mn_gc_head *old = generation < NUM_GENERATIONS - 1 ? GEN_HEAD(generation + 1) : young;

    list_init(&unreachable);
    deduce_unreachable(young, &unreachable);
    untrack_tuples(young);

    /* The survivors move to the next generation. */
    if (young != old) {
        if (generation == NUM_GENERATIONS - 2)
            gcstate.long_lived_pending += list_size(young);
        list_merge(young, old);
    } else {
        untrack_dicts(young);
        gcstate.long_lived_pending = 0;
        gcstate.long_lived_total = list_size(young);
    }

    /* With DEBUG_COLLECTABLE, show what was found. There are no legacy
     * (tp_del) finalizers in mini, so nothing is uncollectable. */
    if (gcstate.debug & MN_GC_DEBUG_COLLECTABLE) {
        for (mn_gc_head *g = NEXT(&unreachable); g != &unreachable; g = NEXT(g)) {
            mn_object *op = MN_GC_OBJECT(g);
            fprintf(stderr, "gc: collectable <%s %p>\n", MN_TYPE_NAME(op), (void *)op);
        }
    }

    /* Weakrefs first, then finalizers, then recheck reachability. Only what
     * is still unreachable after the finalizers counts as collected: an
     * object a __del__ resurrected is not garbage (CPython >= 3.9). */
    m += handle_weakrefs(&unreachable, old);
    finalize_garbage(&unreachable);
    list_init(&final_unreachable);
    handle_resurrected_objects(&unreachable, &final_unreachable, old);
    m += list_size(&final_unreachable);

    delete_garbage(&final_unreachable, old);

    double elapsed = monotonic_seconds() - t0;
    if (gcstate.debug & MN_GC_DEBUG_STATS)
        fprintf(stderr, "gc: done, %zd unreachable, %zd uncollectable, %.4fs elapsed\n",
                n + m, n, elapsed);

    mn_gc_gen_stats *st = &gcstate.stats.generations[generation];
    st->collections++;
    st->collected += m;
    st->uncollectable += n;
    gcstate.stats.total_pause += elapsed;
    if (elapsed > gcstate.stats.longest_pause)
        gcstate.stats.longest_pause = elapsed;

    write_unraisable("in garbage collection", NULL);
    *n_collected = m;
    *n_uncollectable = n;
    return n + m;
}

/* Calls every gc.callbacks entry with (phase, info). */
static void invoke_callbacks(const char *phase, int generation, mn_ssize collected,
                             mn_ssize uncollectable)
{
    if (!gcstate.callbacks || MN_LIST_SIZE(gcstate.callbacks) == 0)
        return;
    mn_object *info = mn_dict_new();
    mn_object *phase_s = mn_str_from_cstr(phase);
    mn_object *g = mn_int_from_ssize(generation);
    mn_object *c = mn_int_from_ssize(collected);
    mn_object *u = mn_int_from_ssize(uncollectable);
    if (!info || !phase_s || !g || !c || !u ||
        mn_dict_set_item_str(info, "generation", g) < 0 ||
        mn_dict_set_item_str(info, "collected", c) < 0 ||
        mn_dict_set_item_str(info, "uncollectable", u) < 0) {
        write_unraisable("in garbage collection callback", NULL);
    } else {
        /* Re-read the size each time: a callback may edit the list. */
        for (mn_ssize i = 0; i < MN_LIST_SIZE(gcstate.callbacks); i++) {
            mn_object *cb = MN_LIST_GET(gcstate.callbacks, i);
            MN_INCREF(cb);
            mn_object *r = mn_object_call2(cb, phase_s, info);
            if (!r)
                write_unraisable("on calling GC callback", cb);
            MN_XDECREF(r);
            MN_DECREF(cb);
        }
    }
    MN_XDECREF(info);
    MN_XDECREF(phase_s);
    MN_XDECREF(g);
    MN_XDECREF(c);
    MN_XDECREF(u);
}

static mn_ssize collect_with_callback(int generation)
{
    mn_ssize collected, uncollectable;
    invoke_callbacks("start", generation, 0, 0);
    mn_ssize result = collect_main(generation, &collected, &uncollectable);
    invoke_callbacks("stop", generation, collected, uncollectable);
    return result;
}

/* Automatic collection: the oldest generation whose count exceeds its
 * threshold is collected (with all younger ones). */
static mn_ssize collect_generations(void)
{
    for (int i = NUM_GENERATIONS - 1; i >= 0; i--) {
        if (generations[i].count > generations[i].threshold) {
            if (i == NUM_GENERATIONS - 1 &&
                gcstate.long_lived_pending < gcstate.long_lived_total / 4)
                continue;
            return collect_with_callback(i);
        }
    }
    return 0;
}

/* A full collection without gc.callbacks, for interpreter shut-down (as
 * CPython's _PyGC_CollectNoFail): by then globals are being torn down and
 * callbacks would only fail. */
mn_ssize mn_gc_collect_no_callbacks(void)
{
    if (gcstate.collecting || !generations[0].head.next)
        return 0;
    mn_ssize collected, uncollectable;
    gcstate.collecting = 1;
    mn_ssize n = collect_main(NUM_GENERATIONS - 1, &collected, &uncollectable);
    gcstate.collecting = 0;
    return n;
}

mn_ssize mn_gc_collect(int generation)
{
    if (generation < 0 || generation >= NUM_GENERATIONS || gcstate.collecting)
        return 0;
    if (!generations[0].head.next)
        mn_gc_init();
    gcstate.collecting = 1;
    mn_ssize n = collect_with_callback(generation);
    gcstate.collecting = 0;
    return n;
}

void mn_gc_fini(void)
{
    if (!generations[0].head.next || gcstate.collecting)
        return;
    /* Free every cycle still around, including frozen ones and those kept
     * in gc.garbage, so that at exit only real leaks remain tracked. */
    gcstate.debug = 0;
    MN_CLEAR(gcstate.callbacks);
    MN_CLEAR(gcstate.garbage);
    mn_gc_unfreeze();
    mn_gc_collect(NUM_GENERATIONS - 1);
}

/* ------------------------------------------------------------- controls */

void mn_gc_enable(void) { gcstate.enabled = 1; }
void mn_gc_disable(void) { gcstate.enabled = 0; }
int  mn_gc_is_enabled(void) { return gcstate.enabled; }
void mn_gc_set_debug(int flags) { gcstate.debug = flags; }
int  mn_gc_get_debug(void) { return gcstate.debug; }

void mn_gc_get_count(int out[NUM_GENERATIONS])
{
    for (int i = 0; i < NUM_GENERATIONS; i++)
        out[i] = generations[i].count;
}

void mn_gc_get_threshold(int out[NUM_GENERATIONS])
{
    for (int i = 0; i < NUM_GENERATIONS; i++)
        out[i] = generations[i].threshold;
}

void mn_gc_set_threshold(const int thresholds[NUM_GENERATIONS])
{
    for (int i = 0; i < NUM_GENERATIONS; i++)
        generations[i].threshold = thresholds[i];
}

void mn_gc_freeze(void)
{
    if (!generations[0].head.next)
        mn_gc_init();
    for (int i = 0; i < NUM_GENERATIONS; i++) {
        list_merge(GEN_HEAD(i), &permanent_generation.head);
        generations[0].count = 0;   /* only gen 0's, as CPython */
    }
}

void mn_gc_unfreeze(void)
{
    if (!generations[0].head.next)
        mn_gc_init();
    list_merge(&permanent_generation.head, GEN_HEAD(NUM_GENERATIONS - 1));
}

mn_ssize mn_gc_get_freeze_count(void)
{
    if (!generations[0].head.next)
        return 0;
    return list_size(&permanent_generation.head);
}

int mn_gc_is_tracked(mn_object *o)
{
    return MN_OBJECT_IS_GC(o) && MN_GC_IS_TRACKED(o);
}

int mn_gc_is_finalized(mn_object *o)
{
    return MN_OBJECT_IS_GC(o) && (MN_GC_HEAD(o)->flags & MN_GC_FINALIZED) != 0;
}

mn_object *mn_gc_garbage(void)
{
    if (!gcstate.garbage)
        gcstate.garbage = mn_list_new(0);
    return gcstate.garbage;
}

mn_object *mn_gc_callbacks(void)
{
    if (!gcstate.callbacks)
        gcstate.callbacks = mn_list_new(0);
    return gcstate.callbacks;
}

/* ------------------------------------------------------- introspection */

static int append_list(mn_gc_head *list, mn_object *result)
{
    for (mn_gc_head *g = NEXT(list); g != list; g = NEXT(g)) {
        mn_object *op = MN_GC_OBJECT(g);
        if (op == result)
            continue;    /* the answer doesn't list itself */
        if (mn_list_append(result, op) < 0)
            return -1;
    }
    return 0;
}

mn_object *mn_gc_get_objects(int generation)
{
    if (!generations[0].head.next)
        mn_gc_init();
    mn_object *result = mn_list_new(0);
    if (!result)
        return NULL;
    for (int i = 0; i < NUM_GENERATIONS; i++) {
        if (generation != -1 && i != generation)
            continue;
        if (append_list(GEN_HEAD(i), result) < 0) {
            MN_DECREF(result);
            return NULL;
        }
    }
    return result;
}

typedef struct { mn_object *const *objs; mn_ssize n; } objs_arg;

static int visit_referrer(mn_object *op, void *arg)
{
    objs_arg *a = arg;
    for (mn_ssize i = 0; i < a->n; i++)
        if (a->objs[i] == op)
            return 1;   /* stop the traversal: this one refers to an obj */
    return 0;
}

mn_object *mn_gc_get_referrers(mn_object *const *objs, mn_ssize n)
{
    if (!generations[0].head.next)
        mn_gc_init();
    mn_object *result = mn_list_new(0);
    if (!result)
        return NULL;
    objs_arg a = { objs, n };
    for (int i = 0; i < NUM_GENERATIONS; i++) {
        mn_gc_head *list = GEN_HEAD(i);
        for (mn_gc_head *g = NEXT(list); g != list; g = NEXT(g)) {
            mn_object *op = MN_GC_OBJECT(g);
            mn_traverseproc t = MN_TYPE(op)->traverse;
            if (op == result || !t)
                continue;
            if (t(op, visit_referrer, &a) && mn_list_append(result, op) < 0) {
                MN_DECREF(result);
                return NULL;
            }
        }
    }
    return result;
}

static int visit_referent(mn_object *op, void *arg)
{
    return mn_list_append(arg, op) < 0 ? -1 : 0;
}

mn_object *mn_gc_get_referents(mn_object *const *objs, mn_ssize n)
{
    mn_object *result = mn_list_new(0);
    if (!result)
        return NULL;
    for (mn_ssize i = 0; i < n; i++) {
        mn_object *op = objs[i];
        mn_traverseproc t = MN_TYPE(op)->traverse;
        if (!MN_OBJECT_IS_GC(op) || !t)
            continue;
        if (t(op, visit_referent, result)) {
            MN_DECREF(result);
            return NULL;
        }
    }
    return result;
}

/* ------------------------------------------------------------ shut-down */

/* CPython's _PyModule_ClearDict: at exit a module's globals are set to
 * None, first the names starting with a single underscore, then all the
 * others but __builtins__, in insertion order — so the __del__ methods of
 * global objects run in a predictable order, while sys.stdout exists. */
static void clear_names(mn_object *d, mn_object *keys, int underscore_pass)
{
    for (mn_ssize i = 0; i < MN_LIST_SIZE(keys); i++) {
        mn_object *k = MN_LIST_GET(keys, i);
        if (!MN_STR_CHECK(k))
            continue;
        const char *s = mn_str_as_utf8(k);
        int single = s[0] == '_' && s[1] != '_';
        if (underscore_pass ? !single : (single || !strcmp(s, "__builtins__")))
            continue;
        mn_object *v = mn_dict_get_item(d, k);
        if (!v || v == mn_none)
            continue;
        if (mn_dict_set_item(d, k, mn_none) < 0)
            write_unraisable("while clearing module globals", NULL);
        write_unraisable("in module shut-down", NULL);
    }
}

void mn_gc_clear_module_dict(mn_object *d)
{
    if (!d || !MN_DICT_CHECK(d))
        return;
    MN_INCREF(d);
    mn_object *keys = mn_list_new(0);
    mn_ssize pos = 0;
    mn_object *k, *v;
    while (keys && mn_dict_next(d, &pos, &k, &v))
        if (mn_list_append(keys, k) < 0)
            MN_CLEAR(keys);
    if (keys) {
        clear_names(d, keys, 1);
        clear_names(d, keys, 0);
        MN_DECREF(keys);
    }
    mn_err_clear();
    MN_DECREF(d);
}

/* ----------------------------------------------------------- statistics */

void mn_gc_get_stats(mn_gc_stats *out)
{
    *out = gcstate.stats;
}

void mn_gc_print_stats(FILE *f)
{
    mn_ssize total_coll = 0, total_found = 0;
    fprintf(f, "gc statistics:\n");
    fprintf(f, "  generation  threshold  collections  collected  uncollectable\n");
    for (int i = 0; i < NUM_GENERATIONS; i++) {
        mn_gc_gen_stats *s = &gcstate.stats.generations[i];
        fprintf(f, "  %10d  %9d  %11zd  %9zd  %13zd\n", i, generations[i].threshold,
                s->collections, s->collected, s->uncollectable);
        total_coll += s->collections;
        total_found += s->collected;
    }
    fprintf(f, "  total: %zd collections, %zd objects collected\n", total_coll, total_found);
    fprintf(f, "  pause: total %.6fs, longest %.6fs, mean %.6fs\n",
            gcstate.stats.total_pause, gcstate.stats.longest_pause,
            total_coll ? gcstate.stats.total_pause / (double)total_coll : 0.0);
}

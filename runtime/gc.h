/* runtime/gc.h — GC headers and the generation lists of the cycle collector.
 *
 * Objects of types with MN_TPFLAGS_HAVE_GC are allocated with an mn_gc_head
 * in front of the mn_object (like CPython's PyGC_Head). While tracked, the
 * head links the object into one of three generation lists. The collector
 * (CPython's algorithm: copy refcounts into gc_refs, subtract references
 * found by tp_traverse, what stays > 0 is reachable from outside) lives in
 * gc.c; this header is what container types need.
 */
#ifndef MN_GC_H
#define MN_GC_H

#include "runtime/object.h"

typedef struct mn_gc_head {
    struct mn_gc_head *next;   /* generation list links (through MN_GC_LINK); NULL: untracked */
    struct mn_gc_head *prev;
    mn_ssize refs;             /* scratch copy of the refcount during a collection */
    uintptr_t flags;           /* MN_GC_FINALIZED, MN_GC_COLLECTING ... */
} mn_gc_head;

enum { MN_GC_FINALIZED = 1, MN_GC_COLLECTING = 2, MN_GC_UNREACHABLE = 4 };

/* Under AddressSanitizer the generation-list links are stored XOR-ed with a
 * constant, so LeakSanitizer does not count "is on a GC list" as a
 * reference: a leaked container is then reported like any other leak.
 * NULL stays NULL so "is tracked" checks need no decoding. */
#if defined(__SANITIZE_ADDRESS__)
#define MN_GC_HIDE_LINKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MN_GC_HIDE_LINKS 1
#endif
#endif
#ifdef MN_GC_HIDE_LINKS
#define MN_GC_LINK(p) ((mn_gc_head *)((p) ? ((uintptr_t)(p) ^ (uintptr_t)0xA5A5000000000000ULL) : 0))
#else
#define MN_GC_LINK(p) (p)
#endif

#define MN_GC_HEAD(o)   ((mn_gc_head *)(o) - 1)
#define MN_GC_OBJECT(g) ((mn_object *)((mn_gc_head *)(g) + 1))
#define MN_GC_IS_TRACKED(o) (MN_GC_HEAD(o)->next != NULL)
#define MN_OBJECT_IS_GC(o) (MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_HAVE_GC) && \
                            (MN_TYPE(o)->is_gc == NULL || MN_TYPE(o)->is_gc(MN_OBJ(o))))

/* Starts tracking a fully initialised container (idempotent). */
void mn_gc_track(mn_object *o);
/* Stops tracking; call first thing in a container's dealloc (idempotent). */
void mn_gc_untrack(mn_object *o);
/* Allocation counting that triggers automatic collections. */
void mn_gc_note_alloc(void);
void mn_gc_note_free(void);

/* Visits one field in a traverse slot: MN_VISIT(self->field). */
#define MN_VISIT(op) do { if (op) { int vret_ = visit(MN_OBJ(op), arg); if (vret_) return vret_; } } while (0)

/* Runs a collection of generations 0..gen (gen 0..2); returns the number of
 * unreachable objects found (gc.collect()'s result). Returns 0 without doing
 * anything when a collection is already running (a finalizer or callback
 * asked for one). Never fails: errors inside finalizers/callbacks are
 * reported as "Exception ignored" on stderr. */
mn_ssize mn_gc_collect(int generation);
/* Full collection that calls no gc.callbacks (interpreter shut-down). */
mn_ssize mn_gc_collect_no_callbacks(void);
/* Idempotent. mn_gc_fini collects everything once (cycles are freed at exit,
 * so LeakSanitizer reports only real leaks) and drops gc.garbage/callbacks. */
int mn_gc_init(void);
void mn_gc_fini(void);

#define MN_GC_NUM_GENERATIONS 3

/* gc.DEBUG_* flags (CPython's values). */
enum {
    MN_GC_DEBUG_STATS         = 1 << 0,  /* per-collection report on stderr */
    MN_GC_DEBUG_COLLECTABLE   = 1 << 1,  /* print each collectable object */
    MN_GC_DEBUG_UNCOLLECTABLE = 1 << 2,  /* print each uncollectable object */
    MN_GC_DEBUG_SAVEALL       = 1 << 5,  /* keep garbage in gc.garbage instead of freeing */
    MN_GC_DEBUG_LEAK = MN_GC_DEBUG_COLLECTABLE | MN_GC_DEBUG_UNCOLLECTABLE | MN_GC_DEBUG_SAVEALL,
};

/* Controls (the gc module is a thin layer over these). */
void mn_gc_enable(void);
void mn_gc_disable(void);
int  mn_gc_is_enabled(void);
void mn_gc_set_debug(int flags);
int  mn_gc_get_debug(void);
void mn_gc_get_count(int out[MN_GC_NUM_GENERATIONS]);
void mn_gc_get_threshold(int out[MN_GC_NUM_GENERATIONS]);
void mn_gc_set_threshold(const int thresholds[MN_GC_NUM_GENERATIONS]);
/* gc.freeze(): move every tracked object to the permanent generation, which
 * is never collected; unfreeze() moves them back into the oldest one. */
void     mn_gc_freeze(void);
void     mn_gc_unfreeze(void);
mn_ssize mn_gc_get_freeze_count(void);

/* gc.get_objects(generation): new list of the tracked objects of one
 * generation, or of all three when generation is -1. */
mn_object *mn_gc_get_objects(int generation);
/* gc.get_referrers(*objs): tracked objects whose traverse visits one of objs. */
mn_object *mn_gc_get_referrers(mn_object *const *objs, mn_ssize n);
/* gc.get_referents(*objs): what the traverse slots of objs visit. */
mn_object *mn_gc_get_referents(mn_object *const *objs, mn_ssize n);
int mn_gc_is_tracked(mn_object *o);     /* gc.is_tracked */
int mn_gc_is_finalized(mn_object *o);   /* gc.is_finalized */

/* CPython's _PyObject_GC_MAY_BE_TRACKED: could o ever be part of a cycle?
 * False for non-containers and for tuples the collector has untracked. */
int mn_gc_may_be_tracked(mn_object *o);
/* Re-tracks an untracked container when `value` (being stored into it) may
 * be tracked: the counterpart of the collector untracking dicts that hold
 * only atomic keys/values (CPython's MAINTAIN_TRACKING). dict.c must call
 * it with the key and the value on every insertion before dict untracking
 * (MN_GC_UNTRACK_DICTS in gc.c) may be switched on. */
void mn_gc_maybe_track(mn_object *container, mn_object *value);
/* dict.c's MAINTAIN_TRACKING: exact dicts start untracked and are tracked
 * once a key or value that may be tracked is stored. */
void mn_gc_dict_maybe_track(mn_object *d, mn_object *key, mn_object *value);

/* gc.garbage and gc.callbacks: the collector's own lists (borrowed; created
 * on first use; NULL with MemoryError if that fails). */
mn_object *mn_gc_garbage(void);
mn_object *mn_gc_callbacks(void);

/* CPython's PyErr_WriteUnraisable, minimal: the pending exception (if any)
 * is printed as "Exception ignored <where>: <repr(obj)>" and a traceback,
 * then cleared. For errors nobody can catch (finalizers, callbacks). */
void mn_gc_write_unraisable(const char *where, mn_object *obj);

/* At exit: sets a module's globals to None in CPython's order (names with
 * one leading underscore first, then the rest but __builtins__). */
void mn_gc_clear_module_dict(mn_object *d);

/* Statistics, per generation as gc.get_stats() reports them, plus pause
 * times measured with the monotonic clock. */
typedef struct mn_gc_gen_stats {
    mn_ssize collections;    /* collections of this generation */
    mn_ssize collected;      /* unreachable objects found by them */
    mn_ssize uncollectable;  /* always 0 until legacy finalizers exist */
} mn_gc_gen_stats;
typedef struct mn_gc_stats {
    mn_gc_gen_stats generations[MN_GC_NUM_GENERATIONS];
    double total_pause;      /* seconds spent collecting */
    double longest_pause;    /* longest single collection, seconds */
} mn_gc_stats;
void mn_gc_get_stats(mn_gc_stats *out);
/* Human-readable summary (the -X gcstats report). */
void mn_gc_print_stats(FILE *f);

/* The `gc` module (stdlib/gcmodule.c). */
struct mn_module_def;
extern const struct mn_module_def mn_gc_module_def;

#endif /* MN_GC_H */

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

/* Runs a collection of generations 0..gen; returns the number of unreachable
 * objects found, -1 on error. */
mn_ssize mn_gc_collect(int generation);
int mn_gc_init(void);
void mn_gc_fini(void);

#endif /* MN_GC_H */

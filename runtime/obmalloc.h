/* runtime/obmalloc.h — mini's small-object allocator (CPython's obmalloc).
 *
 * Owns: every allocation the runtime makes for objects and their buffers.
 *
 *   Requests of 1..512 bytes come from the arena allocator:
 *     arena  256 KiB obtained with mmap, holding 64 pools;
 *     pool   4 KiB, serving blocks of exactly one size class;
 *     block  the memory handed out; size classes are 16-byte steps
 *            (16, 32, ..., 512 -> 32 classes), so a request of n bytes
 *            uses class (n-1)/16 and every block is 16-byte aligned.
 *   Requests of 0 or > 512 bytes go to the C library's malloc.
 *   Arenas whose pools all become free are returned to the OS (munmap),
 *   except for a reserve of wholly free "spare" arenas: half the high-water
 *   number of arenas, at least 1 (like CPython >= 3.9) and at most 64
 *   (16 MiB). Without it a program that builds and drops a big structure in
 *   a loop would munmap, re-mmap and page-fault the same memory each time.
 *
 * Two families, never mixed:
 *   mn_mem_*        the front door the runtime uses.  In a normal build it is
 *                   the arena allocator.  Under AddressSanitizer (or with
 *                   -DMN_MEM_USE_MALLOC, e.g. for valgrind) it passes straight
 *                   to malloc/realloc/free so the sanitizer sees every object:
 *                   leaks, use-after-free, overflows.
 *   mn_obmalloc_*   always the arena allocator, in every build (unit tests).
 *   Memory from either family is released by the same family's free.
 *
 * Block counting: mn_mem_allocated_blocks() counts arena blocks in use *plus*
 * blocks currently handed out by the malloc path of these functions (CPython's
 * sys.getallocatedblocks() counts only arena blocks; we count both so leak
 * checks also see big objects).  mn_mem_stats separates the two.
 *
 * Debug aid: built with -DMN_DEBUG_MEM, fresh blocks are filled with 0xCD and
 * freed arena blocks with 0xDD (past the free-list link), as CPython's debug
 * allocator does, and frees of pointers that are not block starts abort.
 *
 * Thread safety: none inside.  The interpreter holds the GIL around every
 * allocation and free, exactly as CPython does for pymalloc.
 */
#ifndef MN_OBMALLOC_H
#define MN_OBMALLOC_H

#include <stddef.h>
#include <stdio.h>

/* MN_MEM_FRONT_DOOR_IS_MALLOC is 1 when mn_mem_* passes straight to libc:
 * AddressSanitizer builds (gcc or clang) and -DMN_MEM_USE_MALLOC. */
#if defined(__SANITIZE_ADDRESS__) || defined(MN_MEM_USE_MALLOC)
#define MN_MEM_FRONT_DOOR_IS_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MN_MEM_FRONT_DOOR_IS_MALLOC 1
#endif
#endif
#ifndef MN_MEM_FRONT_DOOR_IS_MALLOC
#define MN_MEM_FRONT_DOOR_IS_MALLOC 0
#endif

#define MN_MEM_ALIGNMENT        16      /* block alignment = size-class step */
#define MN_MEM_SMALL_THRESHOLD  512     /* largest request served by arenas */
#define MN_MEM_NUM_CLASSES      (MN_MEM_SMALL_THRESHOLD / MN_MEM_ALIGNMENT)
#define MN_MEM_POOL_SIZE        (4 * 1024)
#define MN_MEM_ARENA_SIZE       (256 * 1024)
#define MN_MEM_POOLS_PER_ARENA  (MN_MEM_ARENA_SIZE / MN_MEM_POOL_SIZE)

/* Front door: what the rest of mini calls. */
void *mn_mem_alloc(size_t n);            /* NULL on out-of-memory; n == 0 ok */
void *mn_mem_realloc(void *p, size_t n); /* p == NULL acts as alloc; on NULL
                                            return p is still valid */
void  mn_mem_free(void *p);              /* NULL ok */

/* The arena allocator itself, in every build. Same contracts as above. */
void *mn_obmalloc_alloc(size_t n);
void *mn_obmalloc_realloc(void *p, size_t n);
void  mn_obmalloc_free(void *p);

/* Size class of a request of n bytes (1..512), and a class's block size. */
unsigned mn_mem_size_class(size_t n);
size_t   mn_mem_class_size(unsigned size_class);

typedef struct mn_mem_stats {
    /* arenas */
    size_t arenas_allocated_total;  /* mmapped since start */
    size_t arenas_reclaimed_total;  /* munmapped since start */
    size_t arenas_live;             /* currently mapped */
    size_t arenas_highwater;        /* most ever mapped at once */
    size_t arenas_spare;            /* wholly free arenas kept mapped in reserve */
    size_t arenas_spare_limit;      /* the reserve's current size limit */
    /* pools in live arenas */
    size_t pools_used;              /* serving a size class (>= 1 block used) */
    size_t pools_free;              /* empty, usable by any class (includes
                                       pools never carved yet) */
    /* blocks */
    size_t blocks_in_use;           /* arena blocks handed out */
    size_t bytes_in_use;            /* those blocks x their class size */
    size_t bytes_available;         /* free blocks inside used pools */
    size_t malloc_blocks;           /* blocks out via the malloc path (0 or
                                       > 512 bytes, or arena mmap failure) */
    size_t class_pools[MN_MEM_NUM_CLASSES];
    size_t class_blocks_used[MN_MEM_NUM_CLASSES];
    size_t class_blocks_free[MN_MEM_NUM_CLASSES]; /* avail in class's pools */
} mn_mem_stats;

void   mn_mem_get_stats(mn_mem_stats *out);
size_t mn_mem_allocated_blocks(void);    /* arena blocks + malloc-path blocks */
void   mn_mem_print_stats(FILE *f);      /* sys._debugmallocstats() table */

/* Walks all arenas and lists and checks the allocator's invariants (pool
 * counts, usedpools membership, usable_arenas sorted, nfp2lasta).  Returns 0
 * when sound, else a nonzero code naming the first broken invariant.  For
 * tests and debugging; O(pools). */
int    mn_mem_check_consistency(void);

#endif /* MN_OBMALLOC_H */

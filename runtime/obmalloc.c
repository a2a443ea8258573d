/* runtime/obmalloc.c — the small-object allocator, after CPython's
 * Objects/obmalloc.c.  Owns arenas, pools, size classes, the usable-arena
 * ordering, the radix tree that recognises arena memory, and statistics.
 * Overview and contracts: runtime/obmalloc.h.
 *
 * Structure, from the top down:
 *
 *   arena   256 KiB from mmap, aligned to its own size.  Described by an
 *           `struct arena` in the `arenas` table (never inside the arena).
 *           Pools are carved lazily from `pool_address`; pools that were used
 *           and became empty sit on the arena's `freepools` list.
 *   pool    4 KiB, starts with a `struct pool_header`.  Serves one size
 *           class.  Blocks are carved lazily too (`nextoffset`); freed
 *           blocks form a singly-linked list through their first word.
 *   block   what the caller gets; 16..512 bytes, 16-byte aligned.
 *
 *   usedpools[c]   pools of class c that have at least one free block and at
 *                  least one used block.  A pool that fills up leaves the
 *                  list; when one of its blocks is freed it comes back at the
 *                  front; when its last block is freed it goes to its arena's
 *                  freepools and can later serve any class.
 *   usable_arenas  arenas with at least one free pool, sorted by nfreepools
 *                  ascending: new pools come from the most-used arena so
 *                  lightly-used arenas drain and can be unmapped.
 *                  nfp2lasta[n] points at the last arena in that list with n
 *                  free pools, which lets a free move its arena to the right
 *                  place in O(1) (CPython 3.8+).
 *
 * Telling arena memory from malloc memory on free.  CPython's classic
 * address_in_range() reads the arena index from the would-be pool header of
 * *any* pointer, i.e. it may read bytes of a malloc block it does not own;
 * it must be exempted from sanitizers and valgrind.  We use the radix tree
 * CPython 3.10 added instead: because arenas are aligned to ARENA_SIZE, the
 * address bits above the arena offset name exactly one arena slot, and a
 * three-level tree over those bits records which slots are ours.  A lookup
 * is three dependent loads and never touches memory we do not own, so it is
 * clean under AddressSanitizer — which matters because these functions are
 * unit-tested in sanitizer builds too.
 */
#include "runtime/obmalloc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ALIGNMENT_SHIFT 4
#define POOL_SIZE       MN_MEM_POOL_SIZE
#define ARENA_SIZE      MN_MEM_ARENA_SIZE
#define ARENA_BITS      18                       /* log2(ARENA_SIZE) */
#define NUM_CLASSES     MN_MEM_NUM_CLASSES
#define SMALL_THRESHOLD MN_MEM_SMALL_THRESHOLD

_Static_assert((1u << ARENA_BITS) == ARENA_SIZE, "ARENA_BITS mismatch");
_Static_assert((1u << ALIGNMENT_SHIFT) == MN_MEM_ALIGNMENT, "alignment");
_Static_assert(ARENA_SIZE % POOL_SIZE == 0, "arena holds whole pools");

#define INDEX2SIZE(i)  (((size_t)(i) + 1) << ALIGNMENT_SHIFT)
#define SIZE2INDEX(n)  ((unsigned)(((n) - 1) >> ALIGNMENT_SHIFT))

/* ------------------------------------------------------------------ */
/* Pools                                                               */

typedef uint8_t block;

struct pool_header {
    uint32_t count;                 /* blocks in use */
    uint32_t szidx;                 /* size class */
    block *freeblock;               /* head of the freed-block list */
    struct pool_header *nextpool;   /* usedpools[szidx] links, or the  */
    struct pool_header *prevpool;   /* arena's freepools link (next only) */
    uint32_t arenaindex;            /* index into `arenas` */
    uint32_t nextoffset;            /* first never-used byte offset */
    uint32_t maxnextoffset;         /* last offset a whole block fits at */
};

/* Blocks start after the header, rounded up so they stay 16-aligned. */
#define POOL_OVERHEAD \
    ((sizeof(struct pool_header) + MN_MEM_ALIGNMENT - 1) & ~(size_t)(MN_MEM_ALIGNMENT - 1))
#define POOL_ADDR(p)   ((struct pool_header *)((uintptr_t)(p) & ~(uintptr_t)(POOL_SIZE - 1)))
#define BLOCKS_PER_POOL(i) ((POOL_SIZE - POOL_OVERHEAD) / INDEX2SIZE(i))

_Static_assert(POOL_SIZE - sizeof(struct pool_header) >= 2 * SMALL_THRESHOLD,
               "a pool must hold at least two of the largest blocks");

/* Pools of each class with room; NULL-terminated doubly-linked lists. */
static struct pool_header *usedpools[NUM_CLASSES];

/* ------------------------------------------------------------------ */
/* Arenas                                                              */

struct arena {
    uintptr_t address;          /* base of the mapping; 0 = slot unused */
    block *pool_address;        /* next pool never carved yet */
    unsigned nfreepools;        /* free pools: on freepools + never carved */
    unsigned ntotalpools;
    struct pool_header *freepools;   /* emptied pools, singly linked */
    struct arena *nextarena;    /* usable_arenas list, or unused list */
    struct arena *prevarena;
    int spare;                  /* wholly free, kept mapped in reserve */
};

static struct arena *arenas;            /* table, grown by doubling */
static unsigned maxarenas;
static struct arena *unused_arena_objects;   /* slots with address == 0 */
static struct arena *usable_arenas;          /* sorted, see top comment */
static struct arena *nfp2lasta[MN_MEM_POOLS_PER_ARENA + 1];

static size_t narenas_allocated_total, narenas_reclaimed_total;
static size_t narenas_live, narenas_highwater;
/* Wholly free arenas kept mapped. A program that builds and drops a large
 * structure in a loop would otherwise munmap and re-mmap (and page-fault in)
 * the same arenas every iteration. The reserve is half the high-water mark,
 * at most MAX_SPARE_ARENAS (16 MiB) and at least one arena (CPython >= 3.9
 * keeps one); past it, empty arenas go back to the OS. */
#define MAX_SPARE_ARENAS 64
static size_t nspare_arenas;

static size_t spare_limit(void)
{
    size_t lim = narenas_highwater / 2;
    if (lim > MAX_SPARE_ARENAS)
        lim = MAX_SPARE_ARENAS;
    return lim ? lim : 1;
}
static size_t arena_blocks_in_use;   /* sum of pool counts */
static size_t raw_blocks_in_use;     /* malloc-path blocks */

/* ------------------------------------------------------------------ */
/* Radix tree: arena-sized address slot -> "this is one of our arenas". */

#if UINTPTR_MAX > 0xFFFFFFFFu
#define ADDRESS_BITS 48     /* user-space addresses on x86-64 and arm64 */
#else
#define ADDRESS_BITS 32
#endif
#define KEY_BITS   (ADDRESS_BITS - ARENA_BITS)
#define LEAF_BITS  (KEY_BITS / 3)
#define MID_BITS   (KEY_BITS / 3)
#define TOP_BITS   (KEY_BITS - LEAF_BITS - MID_BITS)

struct radix_leaf { uint8_t ours[1u << LEAF_BITS]; };
struct radix_mid  { struct radix_leaf *leaf[1u << MID_BITS]; };
/* Interior nodes are calloc'd on demand and never freed (as in CPython):
 * their number is bounded by the address space ever used for arenas. */
static struct radix_mid *radix_top[1u << TOP_BITS];

#define KEY_TOP(k)  ((k) >> (LEAF_BITS + MID_BITS))
#define KEY_MID(k)  (((k) >> LEAF_BITS) & ((1u << MID_BITS) - 1))
#define KEY_LEAF(k) ((k) & ((1u << LEAF_BITS) - 1))

static bool address_in_range(const void *p)
{
    uintptr_t a = (uintptr_t)p;
#if ADDRESS_BITS < 64 && UINTPTR_MAX > 0xFFFFFFFFu
    if (a >> ADDRESS_BITS)
        return false;
#endif
    uintptr_t k = a >> ARENA_BITS;
    struct radix_mid *mid = radix_top[KEY_TOP(k)];
    if (mid == NULL)
        return false;
    struct radix_leaf *leaf = mid->leaf[KEY_MID(k)];
    return leaf != NULL && leaf->ours[KEY_LEAF(k)];
}

/* Marks (or unmarks) an arena's slot; false if a node cannot be allocated. */
static bool radix_set(uintptr_t base, bool ours)
{
#if ADDRESS_BITS < 64 && UINTPTR_MAX > 0xFFFFFFFFu
    if (base >> ADDRESS_BITS)
        return false;
#endif
    uintptr_t k = base >> ARENA_BITS;
    struct radix_mid **midp = &radix_top[KEY_TOP(k)];
    if (*midp == NULL && (*midp = calloc(1, sizeof **midp)) == NULL)
        return false;
    struct radix_leaf **leafp = &(*midp)->leaf[KEY_MID(k)];
    if (*leafp == NULL && (*leafp = calloc(1, sizeof **leafp)) == NULL)
        return false;
    (*leafp)->ours[KEY_LEAF(k)] = ours;
    return true;
}

/* ------------------------------------------------------------------ */
/* Getting arenas from and back to the OS                             */

/* An ARENA_SIZE mapping aligned to ARENA_SIZE.  mmap only promises page
 * alignment, so when the first try is misaligned map twice the size and
 * trim the ends. */
static void *arena_map(void)
{
    void *p = mmap(NULL, ARENA_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (((uintptr_t)p & (ARENA_SIZE - 1)) == 0)
        return p;
    munmap(p, ARENA_SIZE);
    p = mmap(NULL, 2 * ARENA_SIZE, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    uintptr_t raw = (uintptr_t)p;
    uintptr_t base = (raw + ARENA_SIZE - 1) & ~(uintptr_t)(ARENA_SIZE - 1);
    if (base > raw)
        munmap(p, base - raw);
    if (raw + 2 * ARENA_SIZE > base + ARENA_SIZE)
        munmap((void *)(base + ARENA_SIZE), raw + 2 * ARENA_SIZE - (base + ARENA_SIZE));
    return (void *)base;
}

/* A fresh arena in an unused slot, or NULL.  Only called when usable_arenas
 * is empty, so no live pointer into `arenas` exists while it reallocs
 * (pools refer to their arena by index, not by pointer). */
static struct arena *new_arena(void)
{
    if (unused_arena_objects == NULL) {
        unsigned n = maxarenas ? maxarenas * 2 : 16;
        if (n <= maxarenas || n > UINT32_MAX / 2)
            return NULL;
        struct arena *t = realloc(arenas, n * sizeof *t);
        if (t == NULL)
            return NULL;
        arenas = t;
        for (unsigned i = maxarenas; i < n; i++) {
            arenas[i].address = 0;
            arenas[i].nextarena = i + 1 < n ? &arenas[i + 1] : NULL;
        }
        unused_arena_objects = &arenas[maxarenas];
        maxarenas = n;
    }
    void *mem = arena_map();
    if (mem == NULL)
        return NULL;
    if (!radix_set((uintptr_t)mem, true)) {
        munmap(mem, ARENA_SIZE);
        return NULL;
    }
    struct arena *ao = unused_arena_objects;
    unused_arena_objects = ao->nextarena;
    ao->address = (uintptr_t)mem;
    ao->spare = 0;
    ao->pool_address = mem;
    ao->nfreepools = ao->ntotalpools = MN_MEM_POOLS_PER_ARENA;
    ao->freepools = NULL;
    ao->nextarena = ao->prevarena = NULL;
    narenas_allocated_total++;
    if (++narenas_live > narenas_highwater)
        narenas_highwater = narenas_live;
    return ao;
}

static void release_arena(struct arena *ao)
{
    radix_set(ao->address, false);   /* node exists: cannot fail */
    munmap((void *)ao->address, ARENA_SIZE);
    ao->address = 0;
    ao->nextarena = unused_arena_objects;
    unused_arena_objects = ao;
    narenas_live--;
    narenas_reclaimed_total++;
}

/* ------------------------------------------------------------------ */
/* Allocation                                                          */

static void usedpool_push(struct pool_header *pool)
{
    struct pool_header **head = &usedpools[pool->szidx];
    pool->prevpool = NULL;
    pool->nextpool = *head;
    if (*head)
        (*head)->prevpool = pool;
    *head = pool;
}

static void usedpool_unlink(struct pool_header *pool)
{
    if (pool->prevpool)
        pool->prevpool->nextpool = pool->nextpool;
    else
        usedpools[pool->szidx] = pool->nextpool;
    if (pool->nextpool)
        pool->nextpool->prevpool = pool->prevpool;
}

/* Takes an empty pool from the head of usable_arenas (the most-used arena
 * with room), keeping the list sorted, and sets it up for class `cls`.
 * Returns its first block, or NULL if no arena can be had. */
static block *allocate_from_new_pool(unsigned cls)
{
    if (usable_arenas == NULL) {
        usable_arenas = new_arena();
        if (usable_arenas == NULL)
            return NULL;
        nfp2lasta[usable_arenas->nfreepools] = usable_arenas;
    }
    struct arena *ao = usable_arenas;
    if (ao->spare) {
        ao->spare = 0;
        nspare_arenas--;
    }

    /* ao, the head, goes from nf to nf-1 free pools.  Nothing precedes it,
     * so if it was the last arena with nf it was the only one; and it is
     * now the only (hence last) arena with nf-1. */
    if (nfp2lasta[ao->nfreepools] == ao)
        nfp2lasta[ao->nfreepools] = NULL;
    if (ao->nfreepools > 1)
        nfp2lasta[ao->nfreepools - 1] = ao;

    struct pool_header *pool = ao->freepools;
    if (pool != NULL) {
        ao->freepools = pool->nextpool;
    } else {
        /* Carve the next never-used pool. */
        pool = (struct pool_header *)ao->pool_address;
        pool->arenaindex = (uint32_t)(ao - arenas);
        ao->pool_address += POOL_SIZE;
    }
    if (--ao->nfreepools == 0) {
        /* Full arenas leave the usable list until a pool frees up. */
        usable_arenas = ao->nextarena;
        if (usable_arenas)
            usable_arenas->prevarena = NULL;
        ao->nextarena = ao->prevarena = NULL;
    }

    /* Initialise for this class.  CPython skips this when the pool served
     * the same class before; re-initialising is O(1) anyway because blocks
     * are carved lazily. */
    size_t size = INDEX2SIZE(cls);
    pool->szidx = cls;
    pool->count = 1;
    block *bp = (block *)pool + POOL_OVERHEAD;
    pool->freeblock = bp + size;
    *(block **)pool->freeblock = NULL;
    pool->nextoffset = (uint32_t)(POOL_OVERHEAD + 2 * size);
    pool->maxnextoffset = (uint32_t)(POOL_SIZE - size);
    usedpool_push(pool);
    return bp;
}

static void *pymalloc_alloc(size_t n)
{
    unsigned cls = SIZE2INDEX(n);
    struct pool_header *pool = usedpools[cls];
    block *bp;
    if (pool != NULL) {
        /* Fast path: pop the pool's free list. */
        pool->count++;
        bp = pool->freeblock;
        if ((pool->freeblock = *(block **)bp) == NULL) {
            /* List empty: carve the next never-used block, or the pool is
             * now full and leaves usedpools. */
            if (pool->nextoffset <= pool->maxnextoffset) {
                pool->freeblock = (block *)pool + pool->nextoffset;
                pool->nextoffset += (uint32_t)INDEX2SIZE(cls);
                *(block **)pool->freeblock = NULL;
            } else {
                usedpool_unlink(pool);
            }
        }
    } else {
        bp = allocate_from_new_pool(cls);
        if (bp == NULL)
            return NULL;
    }
    arena_blocks_in_use++;
#ifdef MN_DEBUG_MEM
    memset(bp, 0xCD, INDEX2SIZE(cls));
#endif
    return bp;
}

/* ------------------------------------------------------------------ */
/* Free                                                                */

/* The pool just became empty: move it to its arena's freepools and move the
 * arena to its new place in usable_arenas (or unmap it). */
static void insert_to_freepool(struct pool_header *pool)
{
    usedpool_unlink(pool);
    struct arena *ao = &arenas[pool->arenaindex];
    pool->nextpool = ao->freepools;
    ao->freepools = pool;

    unsigned nf = ao->nfreepools;
    struct arena *lastnf = nfp2lasta[nf];
    /* If ao was the last arena with nf free pools, its predecessor (if it
     * also has nf) becomes the last. */
    if (lastnf == ao) {
        struct arena *p = ao->prevarena;
        nfp2lasta[nf] = (p != NULL && p->nfreepools == nf) ? p : NULL;
    }
    ao->nfreepools = ++nf;

    /* Wholly free: give it back, unless the reserve of spare arenas (see
     * spare_limit) has room. The last usable arena is always kept. */
    if (nf == ao->ntotalpools && ao->nextarena != NULL && nspare_arenas >= spare_limit()) {
        if (ao->prevarena)
            ao->prevarena->nextarena = ao->nextarena;
        else
            usable_arenas = ao->nextarena;
        ao->nextarena->prevarena = ao->prevarena;
        release_arena(ao);
        return;
    }
    if (nf == ao->ntotalpools && !ao->spare) {
        ao->spare = 1;
        nspare_arenas++;
    }

    if (nf == 1) {
        /* Was full, so not listed: it has the fewest free pools -> head. */
        ao->nextarena = usable_arenas;
        ao->prevarena = NULL;
        if (usable_arenas)
            usable_arenas->prevarena = ao;
        usable_arenas = ao;
        if (nfp2lasta[1] == NULL)
            nfp2lasta[1] = ao;
        return;
    }

    if (nfp2lasta[nf] == NULL)
        nfp2lasta[nf] = ao;
    if (ao == lastnf)   /* was last of its group: order still holds */
        return;

    /* Move ao to just after lastnf, the old last arena with nf-1 pools,
     * i.e. in front of the arenas that have nf or more free pools. */
    if (ao->prevarena)
        ao->prevarena->nextarena = ao->nextarena;
    else
        usable_arenas = ao->nextarena;
    ao->nextarena->prevarena = ao->prevarena;
    ao->prevarena = lastnf;
    ao->nextarena = lastnf->nextarena;
    if (ao->nextarena)
        ao->nextarena->prevarena = ao;
    lastnf->nextarena = ao;
}

/* Frees p if it is arena memory; false means "not ours, use free()". */
static bool pymalloc_free(void *p)
{
    if (!address_in_range(p))
        return false;
    struct pool_header *pool = POOL_ADDR(p);
#ifdef MN_DEBUG_MEM
    {
        size_t off = (size_t)((block *)p - (block *)pool);
        if (pool->count == 0 || off < POOL_OVERHEAD || off >= pool->nextoffset ||
            (off - POOL_OVERHEAD) % INDEX2SIZE(pool->szidx) != 0) {
            fprintf(stderr, "mn_obmalloc_free: %p is not a live block\n", p);
            abort();
        }
        memset(p, 0xDD, INDEX2SIZE(pool->szidx));
    }
#endif
    block *lastfree = pool->freeblock;
    *(block **)p = lastfree;
    pool->freeblock = p;
    pool->count--;
    arena_blocks_in_use--;
    if (lastfree == NULL) {
        /* Pool was full: it has room again.  (It cannot be empty now: a
         * pool holds at least two blocks.) */
        usedpool_push(pool);
        return true;
    }
    if (pool->count == 0)
        insert_to_freepool(pool);
    return true;
}

/* ------------------------------------------------------------------ */
/* The malloc path                                                     */

static void *raw_alloc(size_t n)
{
    void *p = malloc(n ? n : 1);   /* never NULL for 0 bytes, like CPython */
    if (p != NULL) {
        raw_blocks_in_use++;
#ifdef MN_DEBUG_MEM
        memset(p, 0xCD, n);
#endif
    }
    return p;
}

static void raw_free(void *p)
{
    raw_blocks_in_use--;
    free(p);
}

/* ------------------------------------------------------------------ */
/* The arena allocator's public face                                   */

void *mn_obmalloc_alloc(size_t n)
{
    if (n - 1 < SMALL_THRESHOLD) {   /* 1..512; n == 0 wraps to SIZE_MAX */
        void *p = pymalloc_alloc(n);
        if (p != NULL)
            return p;
        /* No arena to be had: fall back to malloc, as CPython does. */
    }
    return raw_alloc(n);
}

void mn_obmalloc_free(void *p)
{
    if (p == NULL)
        return;
    if (!pymalloc_free(p))
        raw_free(p);
}

void *mn_obmalloc_realloc(void *p, size_t n)
{
    if (p == NULL)
        return mn_obmalloc_alloc(n);
    if (!address_in_range(p)) {
        /* malloc memory stays with malloc, even when shrinking below 512:
         * we do not know its old size, realloc does (CPython does the same). */
        void *q = realloc(p, n ? n : 1);
        return q;
    }
    size_t old = INDEX2SIZE(POOL_ADDR(p)->szidx);
    /* Shrinking by less than a quarter (or staying in the class): keep the
     * block; not worth the copy. */
    if (n > 0 && n <= old && 4 * n > 3 * old)
        return p;
    void *q = mn_obmalloc_alloc(n);
    if (q == NULL)
        return NULL;
    memcpy(q, p, n < old ? n : old);
    pymalloc_free(p);
    return q;
}

/* ------------------------------------------------------------------ */
/* The front door                                                      */

#if MN_MEM_FRONT_DOOR_IS_MALLOC
/* Straight to libc so ASan/LSan track every object.  Arena pointers are
 * still accepted by free/realloc, for robustness. */
void *mn_mem_alloc(size_t n) { return raw_alloc(n); }

void *mn_mem_realloc(void *p, size_t n)
{
    if (p == NULL)
        return raw_alloc(n);
    if (address_in_range(p))
        return mn_obmalloc_realloc(p, n);
    return realloc(p, n ? n : 1);
}

void mn_mem_free(void *p) { mn_obmalloc_free(p); }
#else
void *mn_mem_alloc(size_t n) { return mn_obmalloc_alloc(n); }
void *mn_mem_realloc(void *p, size_t n) { return mn_obmalloc_realloc(p, n); }
void mn_mem_free(void *p) { mn_obmalloc_free(p); }
#endif

/* ------------------------------------------------------------------ */
/* Introspection                                                       */

unsigned mn_mem_size_class(size_t n)
{
    return n == 0 ? 0 : SIZE2INDEX(n);
}

size_t mn_mem_class_size(unsigned size_class)
{
    return INDEX2SIZE(size_class);
}

size_t mn_mem_allocated_blocks(void)
{
    return arena_blocks_in_use + raw_blocks_in_use;
}

/* Walks every carved pool of every live arena, as CPython's
 * _PyObject_DebugMallocStats does; counters are not trusted, they are
 * re-derived (the unit tests compare the two). */
void mn_mem_get_stats(mn_mem_stats *out)
{
    memset(out, 0, sizeof *out);
    out->arenas_allocated_total = narenas_allocated_total;
    out->arenas_reclaimed_total = narenas_reclaimed_total;
    out->arenas_live = narenas_live;
    out->arenas_spare = nspare_arenas;
    out->arenas_spare_limit = spare_limit();
    out->arenas_highwater = narenas_highwater;
    out->malloc_blocks = raw_blocks_in_use;
    for (unsigned i = 0; i < maxarenas; i++) {
        struct arena *ao = &arenas[i];
        if (ao->address == 0)
            continue;
        out->pools_free += ao->nfreepools;
        for (block *b = (block *)ao->address; b < ao->pool_address; b += POOL_SIZE) {
            struct pool_header *pool = (struct pool_header *)b;
            if (pool->count == 0)
                continue;   /* on the arena's freepools list */
            unsigned c = pool->szidx;
            out->pools_used++;
            out->class_pools[c]++;
            out->class_blocks_used[c] += pool->count;
            out->class_blocks_free[c] += BLOCKS_PER_POOL(c) - pool->count;
        }
    }
    for (unsigned c = 0; c < NUM_CLASSES; c++) {
        out->blocks_in_use += out->class_blocks_used[c];
        out->bytes_in_use += out->class_blocks_used[c] * INDEX2SIZE(c);
        out->bytes_available += out->class_blocks_free[c] * INDEX2SIZE(c);
    }
}

/* "1,234,567"-style, like CPython's printone(). */
static void print_line(FILE *f, const char *label, size_t value)
{
    char digits[32], out[48];
    int n = snprintf(digits, sizeof digits, "%zu", value);
    int j = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    out[j] = '\0';
    fprintf(f, "%-35s= %21s\n", label, out);
}

void mn_mem_print_stats(FILE *f)
{
    mn_mem_stats s;
    mn_mem_get_stats(&s);
    char buf[64];

    fprintf(f, "Small block threshold = %d, in %d size classes.\n\n",
            SMALL_THRESHOLD, NUM_CLASSES);
    fprintf(f, "class   size   num pools   blocks in use  avail blocks\n"
               "-----   ----   ---------   -------------  ------------\n");
    size_t quantization = 0;
    for (unsigned c = 0; c < NUM_CLASSES; c++) {
        if (s.class_pools[c] == 0)
            continue;
        fprintf(f, "%5u %6zu %11zu %15zu %13zu\n", c, INDEX2SIZE(c),
                s.class_pools[c], s.class_blocks_used[c], s.class_blocks_free[c]);
        /* Tail of each pool too short for one more block. */
        quantization += s.class_pools[c] *
            ((POOL_SIZE - POOL_OVERHEAD) % INDEX2SIZE(c));
    }
    fputc('\n', f);
    print_line(f, "# arenas allocated total", s.arenas_allocated_total);
    print_line(f, "# arenas reclaimed", s.arenas_reclaimed_total);
    print_line(f, "# arenas highwater mark", s.arenas_highwater);
    print_line(f, "# arenas allocated current", s.arenas_live);
    snprintf(buf, sizeof buf, "%zu arenas * %d bytes/arena", s.arenas_live, ARENA_SIZE);
    print_line(f, buf, s.arenas_live * ARENA_SIZE);
    fputc('\n', f);
    size_t headers = s.pools_used * POOL_OVERHEAD;
    print_line(f, "# bytes in allocated blocks", s.bytes_in_use);
    print_line(f, "# bytes in available blocks", s.bytes_available);
    snprintf(buf, sizeof buf, "%zu unused pools * %d bytes", s.pools_free, POOL_SIZE);
    print_line(f, buf, s.pools_free * POOL_SIZE);
    print_line(f, "# bytes lost to pool headers", headers);
    print_line(f, "# bytes lost to quantization", quantization);
    print_line(f, "Total", s.bytes_in_use + s.bytes_available +
               s.pools_free * POOL_SIZE + headers + quantization);
    fputc('\n', f);
    print_line(f, "# blocks from malloc (0 or >512 B)", s.malloc_blocks);
}

/* ------------------------------------------------------------------ */
/* Invariant checker                                                   */

int mn_mem_check_consistency(void)
{
    size_t listed[NUM_CLASSES] = {0}, with_room[NUM_CLASSES] = {0};
    size_t blocks = 0, live = 0, usable = 0;

    /* usedpools: class matches, not empty, not full, links agree. */
    for (unsigned c = 0; c < NUM_CLASSES; c++) {
        struct pool_header *prev = NULL;
        for (struct pool_header *p = usedpools[c]; p; prev = p, p = p->nextpool) {
            if (!address_in_range(p) || p->szidx != c || p->prevpool != prev)
                return 1;
            if (p->count == 0 || p->freeblock == NULL)
                return 2;
            listed[c]++;
        }
    }
    /* Arenas: free-pool accounting, per-pool counts. */
    for (unsigned i = 0; i < maxarenas; i++) {
        struct arena *ao = &arenas[i];
        if (ao->address == 0)
            continue;
        live++;
        if (!address_in_range((void *)ao->address))
            return 3;
        unsigned nfree = (unsigned)((ao->address + ARENA_SIZE -
                                     (uintptr_t)ao->pool_address) / POOL_SIZE);
        for (struct pool_header *p = ao->freepools; p; p = p->nextpool) {
            if (p->count != 0 || POOL_ADDR(p) != p || p->arenaindex != i)
                return 4;
            nfree++;
        }
        if (nfree != ao->nfreepools)
            return 5;
        for (block *b = (block *)ao->address; b < ao->pool_address; b += POOL_SIZE) {
            struct pool_header *p = (struct pool_header *)b;
            if (p->arenaindex != i)
                return 6;
            if (p->count == 0)
                continue;
            if (p->szidx >= NUM_CLASSES || p->count > BLOCKS_PER_POOL(p->szidx))
                return 7;
            blocks += p->count;
            with_room[p->szidx] += p->freeblock != NULL;
        }
    }
    if (live != narenas_live || blocks != arena_blocks_in_use)
        return 8;
    for (unsigned c = 0; c < NUM_CLASSES; c++)
        if (listed[c] != with_room[c])
            return 9;
    /* usable_arenas: exactly the arenas with free pools, sorted ascending;
     * nfp2lasta[n] is the last one with n free pools. */
    struct arena *prev = NULL;
    for (struct arena *ao = usable_arenas; ao; prev = ao, ao = ao->nextarena) {
        if (ao->address == 0 || ao->prevarena != prev || ao->nfreepools == 0)
            return 10;
        if (prev && prev->nfreepools > ao->nfreepools)
            return 11;
        bool last = ao->nextarena == NULL || ao->nextarena->nfreepools != ao->nfreepools;
        if ((nfp2lasta[ao->nfreepools] == ao) != last)
            return 12;
        usable++;
    }
    size_t want_usable = 0;
    for (unsigned i = 0; i < maxarenas; i++)
        want_usable += arenas[i].address != 0 && arenas[i].nfreepools > 0;
    if (usable != want_usable)
        return 13;
    for (unsigned n = 0; n <= MN_MEM_POOLS_PER_ARENA; n++) {
        struct arena *ao = nfp2lasta[n];
        if (ao && (ao->address == 0 || ao->nfreepools != n))
            return 14;
    }
    return 0;
}

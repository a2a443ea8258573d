/* tests/unit/test_obmalloc.c — unit tests for runtime/obmalloc.
 *
 * Uses the mn_obmalloc_* names so arenas are exercised even in sanitizer
 * builds (where mn_mem_* is plain malloc).  Criterion runs each test in a
 * fresh process, so most tests can assume an allocator with no arenas; the
 * ones that depend on it assert that first.
 */
#include "runtime/obmalloc.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BLOCKS_PER_POOL_512 7   /* (4096 - 48) / 512 */
#define BLOCKS_PER_ARENA_512 (BLOCKS_PER_POOL_512 * MN_MEM_POOLS_PER_ARENA)

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng(void)
{
    uint64_t x = rng_state;   /* xorshift64: deterministic, no libc state */
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static uintptr_t arena_of(const void *p)
{
    return (uintptr_t)p & ~(uintptr_t)(MN_MEM_ARENA_SIZE - 1);
}

static uintptr_t pool_of(const void *p)
{
    return (uintptr_t)p & ~(uintptr_t)(MN_MEM_POOL_SIZE - 1);
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed * 31u + i);
}

static int check(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(seed * 31u + i))
            return 0;
    return 1;
}

/* Stats re-derived by walking the arenas agree with the counters and with
 * what the test knows is live. */
static void assert_consistent(size_t live_small, size_t live_big)
{
    mn_mem_stats s;
    mn_mem_get_stats(&s);
    cr_assert_eq(s.blocks_in_use, live_small);
    cr_assert_eq(s.malloc_blocks, live_big);
    cr_assert_eq(mn_mem_allocated_blocks(), live_small + live_big);
    cr_assert_eq(s.pools_used + s.pools_free, s.arenas_live * MN_MEM_POOLS_PER_ARENA);
    cr_assert_eq(s.arenas_live, s.arenas_allocated_total - s.arenas_reclaimed_total);
    cr_assert_geq(s.arenas_highwater, s.arenas_live);
    size_t pools = 0, used = 0, bytes = 0;
    for (unsigned c = 0; c < MN_MEM_NUM_CLASSES; c++) {
        size_t per_pool = (MN_MEM_POOL_SIZE - 48) / mn_mem_class_size(c);
        cr_assert_eq(s.class_blocks_used[c] + s.class_blocks_free[c],
                     s.class_pools[c] * per_pool, "class %u", c);
        pools += s.class_pools[c];
        used += s.class_blocks_used[c];
        bytes += s.class_blocks_used[c] * mn_mem_class_size(c);
    }
    cr_assert_eq(pools, s.pools_used);
    cr_assert_eq(used, s.blocks_in_use);
    cr_assert_eq(bytes, s.bytes_in_use);
    cr_assert_eq(mn_mem_check_consistency(), 0, "allocator invariants broken");
}

Test(obmalloc, size_class_rounding_1_to_512)
{
    for (size_t n = 1; n <= MN_MEM_SMALL_THRESHOLD; n++) {
        unsigned c = mn_mem_size_class(n);
        cr_assert_eq(c, (n - 1) / 16, "n=%zu", n);
        cr_assert_geq(mn_mem_class_size(c), n);
        cr_assert_lt(mn_mem_class_size(c), n + 16);

        /* The block really lands in that class. */
        mn_mem_stats before, after;
        mn_mem_get_stats(&before);
        void *p = mn_obmalloc_alloc(n);
        mn_mem_get_stats(&after);
        cr_assert_not_null(p);
        cr_assert_eq(after.class_blocks_used[c], before.class_blocks_used[c] + 1, "n=%zu", n);
        cr_assert_eq(after.malloc_blocks, before.malloc_blocks);
        memset(p, 0xAB, n);
        mn_obmalloc_free(p);
    }
    cr_assert_eq(mn_mem_class_size(0), 16);
    cr_assert_eq(mn_mem_class_size(31), 512);
    assert_consistent(0, 0);
}

Test(obmalloc, blocks_are_16_byte_aligned)
{
    enum { N = 4096 };
    void **v = malloc(N * sizeof *v);
    for (int i = 0; i < N; i++) {
        v[i] = mn_obmalloc_alloc((size_t)(i % 600) + 1);
        cr_assert_not_null(v[i]);
        cr_assert_eq((uintptr_t)v[i] % MN_MEM_ALIGNMENT, 0, "size %d", i % 600 + 1);
    }
    for (int i = 0; i < N; i++)
        mn_obmalloc_free(v[i]);
    free(v);
    assert_consistent(0, 0);
}

Test(obmalloc, mixed_sizes_do_not_overlap)
{
    enum { N = 30000 };
    unsigned char **v = malloc(N * sizeof *v);
    size_t *sz = malloc(N * sizeof *sz);
    for (int i = 0; i < N; i++) {
        sz[i] = (i % 50 == 0) ? 513 + rng() % 4000 : 1 + rng() % 512;
        v[i] = mn_obmalloc_alloc(sz[i]);
        cr_assert_not_null(v[i]);
        fill(v[i], sz[i], (unsigned)i);
    }
    for (int i = 0; i < N; i++)
        cr_assert(check(v[i], sz[i], (unsigned)i), "block %d corrupted", i);
    /* Free every other one, reallocate with new sizes, check everything. */
    for (int i = 0; i < N; i += 2)
        mn_obmalloc_free(v[i]);
    for (int i = 0; i < N; i += 2) {
        sz[i] = 1 + rng() % 512;
        v[i] = mn_obmalloc_alloc(sz[i]);
        fill(v[i], sz[i], (unsigned)i + 7);
    }
    for (int i = 0; i < N; i++)
        cr_assert(check(v[i], sz[i], (unsigned)(i % 2 ? i : i + 7)), "block %d corrupted", i);
    for (int i = 0; i < N; i++)
        mn_obmalloc_free(v[i]);
    free(v);
    free(sz);
    assert_consistent(0, 0);
}

Test(obmalloc, freed_block_is_reused)
{
    void *keep = mn_obmalloc_alloc(40);    /* keeps the pool alive */
    void *p = mn_obmalloc_alloc(40);
    mn_obmalloc_free(p);
    void *q = mn_obmalloc_alloc(33);       /* same class (48) */
    cr_assert_eq(q, p, "the free list is LIFO: the freed block comes back");
    mn_obmalloc_free(q);
    mn_obmalloc_free(keep);
    assert_consistent(0, 0);
}

Test(obmalloc, full_pool_leaves_and_rejoins)
{
    /* Fill a pool of class 512 exactly, then one more goes to a new pool. */
    void *b[BLOCKS_PER_POOL_512 + 1];
    for (int i = 0; i <= BLOCKS_PER_POOL_512; i++)
        b[i] = mn_obmalloc_alloc(512);
    for (int i = 1; i < BLOCKS_PER_POOL_512; i++)
        cr_assert_eq(pool_of(b[i]), pool_of(b[0]));
    cr_assert_neq(pool_of(b[BLOCKS_PER_POOL_512]), pool_of(b[0]));
    /* Freeing in the full pool brings it back: the next block comes from it. */
    mn_obmalloc_free(b[3]);
    void *again = mn_obmalloc_alloc(500);
    cr_assert_eq(again, b[3]);
    b[3] = again;
    for (int i = 0; i <= BLOCKS_PER_POOL_512; i++)
        mn_obmalloc_free(b[i]);
    assert_consistent(0, 0);
}

Test(obmalloc, empty_pool_serves_another_class)
{
    mn_mem_stats s;
    mn_mem_get_stats(&s);
    cr_assert_eq(s.arenas_live, 0, "test assumes a fresh allocator");
    void *keep = mn_obmalloc_alloc(16);        /* first pool of the arena */
    void *p = mn_obmalloc_alloc(100);          /* second pool, class 6 */
    uintptr_t pool = pool_of(p);
    mn_obmalloc_free(p);                       /* pool empty -> freepools */
    mn_mem_get_stats(&s);
    cr_assert_eq(s.class_pools[mn_mem_size_class(100)], 0);
    cr_assert_eq(s.pools_used, 1);
    void *q = mn_obmalloc_alloc(300);          /* another class entirely */
    cr_assert_eq(pool_of(q), pool, "emptied pool reused for class 18");
    mn_mem_get_stats(&s);
    cr_assert_eq(s.class_pools[mn_mem_size_class(300)], 1);
    mn_obmalloc_free(q);
    mn_obmalloc_free(keep);
    assert_consistent(0, 0);
}

/* Is the page at a still mapped?  mincore fails with ENOMEM if not. */
static int is_mapped(uintptr_t a)
{
    unsigned char vec;
    return !(mincore((void *)a, (size_t)sysconf(_SC_PAGESIZE), &vec) != 0 && errno == ENOMEM);
}

Test(obmalloc, empty_arenas_are_returned_to_the_os)
{
    enum { N = 4 * BLOCKS_PER_ARENA_512 };   /* 4 arenas' worth, > 256 KiB */
    mn_mem_stats s0, s1, s2;
    mn_mem_get_stats(&s0);
    cr_assert_eq(s0.arenas_live, 0, "test assumes a fresh allocator");
    void **v = malloc(N * sizeof *v);
    for (int i = 0; i < N; i++)
        v[i] = mn_obmalloc_alloc(512);
    mn_mem_get_stats(&s1);
    cr_assert_eq(s1.arenas_live, 4);
    cr_assert_eq(s1.arenas_allocated_total, 4);
    cr_assert_eq(s1.arenas_highwater, 4);
    cr_assert_eq(s1.pools_free, 0);
    uintptr_t bases[4];
    int nb = 0;
    for (int i = 0; i < N; i++) {
        int seen = 0;
        for (int j = 0; j < nb; j++)
            seen |= bases[j] == arena_of(v[i]);
        if (!seen) {
            cr_assert_lt(nb, 4);
            bases[nb++] = arena_of(v[i]);
        }
    }
    cr_assert_eq(nb, 4);
    for (int i = 0; i < N; i++)
        mn_obmalloc_free(v[i]);
    free(v);
    mn_mem_get_stats(&s2);
    /* Everything not kept as a spare went back: highwater 4 -> a reserve of
     * 2 spares (+1 if the last usable arena empties after the reserve is
     * full, which is always kept). */
    cr_assert_eq(s2.arenas_highwater, 4);
    cr_assert_eq(s2.arenas_spare_limit, 2);
    cr_assert_eq(s2.arenas_spare, s2.arenas_live, "only spare arenas remain");
    cr_assert(s2.arenas_live >= 2 && s2.arenas_live <= 3);
    cr_assert_eq(s2.arenas_reclaimed_total, 4 - s2.arenas_live);
    int unmapped = 0;
    for (int j = 0; j < nb; j++)
        unmapped += !is_mapped(bases[j]);
    cr_assert_eq((size_t)unmapped, s2.arenas_reclaimed_total, "munmap really happened");
    cr_assert_geq(unmapped, 1);
    assert_consistent(0, 0);

    /* Churn: the reserve arena is reused, no new mmap. */
    void *p = mn_obmalloc_alloc(8);
    mn_obmalloc_free(p);
    mn_mem_get_stats(&s2);
    cr_assert_eq(s2.arenas_allocated_total, 4);
}

Test(obmalloc, arena_with_live_block_is_kept_and_reclaimed_later)
{
    enum { N = 2 * BLOCKS_PER_ARENA_512 };
    void **v = malloc(N * sizeof *v);
    for (int i = 0; i < N; i++)
        v[i] = mn_obmalloc_alloc(512);
    void *survivor = v[0];
    for (int i = 1; i < N; i++)
        mn_obmalloc_free(v[i]);
    free(v);
    mn_mem_stats s;
    mn_mem_get_stats(&s);
    /* highwater 2 -> one spare: the emptied arena is kept as the spare, the
     * survivor's arena stays because it isn't empty. */
    cr_assert_eq(s.arenas_live, 2, "the survivor's arena and one spare");
    cr_assert_eq(s.arenas_spare, 1);
    cr_assert(is_mapped(arena_of(survivor)));
    mn_obmalloc_free(survivor);
    mn_mem_get_stats(&s);
    /* Now both are empty; the reserve is full, so one goes back (or both
     * stay if the survivor's was the last usable arena). */
    cr_assert_eq(s.arenas_spare, s.arenas_live);
    cr_assert_geq(s.arenas_reclaimed_total, s.arenas_live == 1 ? 1 : 0);
    assert_consistent(0, 0);
}

Test(obmalloc, new_pools_come_from_the_most_used_arena)
{
    enum { N = 2 * BLOCKS_PER_ARENA_512 };
    void **v = malloc(N * sizeof *v);
    for (int i = 0; i < N; i++)
        v[i] = mn_obmalloc_alloc(512);
    uintptr_t a = arena_of(v[0]), b = arena_of(v[N - 1]);
    cr_assert_neq(a, b);
    /* Arena b: free all but one block (63 free pools).
     * Arena a: free the blocks of 2 pools (2 free pools). */
    int freed_a = 0;
    for (int i = 0; i < N; i++) {
        if (arena_of(v[i]) == b && i != N - 1) {
            mn_obmalloc_free(v[i]);
            v[i] = NULL;
        } else if (arena_of(v[i]) == a && freed_a < 2 * BLOCKS_PER_POOL_512) {
            mn_obmalloc_free(v[i]);
            v[i] = NULL;
            freed_a++;
        }
    }
    void *x = mn_obmalloc_alloc(64);
    void *y = mn_obmalloc_alloc(200);
    cr_assert_eq(arena_of(x), a, "most-used arena preferred");
    cr_assert_eq(arena_of(y), a);
    /* a is now full again; the next new pool has to come from b. */
    void *z = mn_obmalloc_alloc(128);
    cr_assert_eq(arena_of(z), b);
    mn_obmalloc_free(x);
    mn_obmalloc_free(y);
    mn_obmalloc_free(z);
    for (int i = 0; i < N; i++)
        mn_obmalloc_free(v[i]);
    free(v);
    assert_consistent(0, 0);
}

Test(obmalloc, zero_and_large_requests_use_malloc)
{
    mn_mem_stats s0, s1;
    mn_mem_get_stats(&s0);
    void *z = mn_obmalloc_alloc(0);
    void *l = mn_obmalloc_alloc(513);
    void *h = mn_obmalloc_alloc(1 << 20);
    cr_assert_not_null(z);
    cr_assert_not_null(l);
    cr_assert_not_null(h);
    memset(l, 1, 513);
    memset(h, 2, 1 << 20);
    mn_mem_get_stats(&s1);
    cr_assert_eq(s1.blocks_in_use, s0.blocks_in_use);
    cr_assert_eq(s1.malloc_blocks, s0.malloc_blocks + 3);
    cr_assert_eq(s1.arenas_live, s0.arenas_live);
    cr_assert_eq(mn_mem_allocated_blocks(), s0.blocks_in_use + s0.malloc_blocks + 3);
    mn_obmalloc_free(z);
    mn_obmalloc_free(l);
    mn_obmalloc_free(h);
    mn_obmalloc_free(NULL);
    assert_consistent(0, 0);
}

Test(obmalloc, realloc_moves_between_worlds_and_keeps_content)
{
    static const size_t steps[] = {10, 16, 17, 100, 512, 513, 5000, 100000,
                                   700, 300, 40, 8, 1};
    unsigned char *p = mn_obmalloc_realloc(NULL, 1);   /* NULL acts as alloc */
    cr_assert_not_null(p);
    size_t cur = 1;
    fill(p, cur, 5);
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        size_t n = steps[i];
        unsigned char *q = mn_obmalloc_realloc(p, n);
        cr_assert_not_null(q);
        size_t keep = cur < n ? cur : n;
        cr_assert(check(q, keep, 5), "content lost going %zu -> %zu", cur, n);
        fill(q, n, 5);
        p = q;
        cur = n;
        assert_consistent(cur <= 512 && i < 5 ? 1 : 0, cur <= 512 && i < 5 ? 0 : 1);
    }
    mn_obmalloc_free(p);
    assert_consistent(0, 0);
}

Test(obmalloc, realloc_within_arenas)
{
    unsigned char *p = mn_obmalloc_alloc(512);
    fill(p, 512, 9);
    /* Shrinking a little keeps the block. */
    cr_assert_eq(mn_obmalloc_realloc(p, 400), p);
    cr_assert_eq(mn_obmalloc_realloc(p, 512), p);
    /* Shrinking a lot moves to a smaller class. */
    unsigned char *q = mn_obmalloc_realloc(p, 60);
    cr_assert_neq(q, p);
    cr_assert(check(q, 60, 9));
    mn_mem_stats s;
    mn_mem_get_stats(&s);
    cr_assert_eq(s.class_blocks_used[mn_mem_size_class(60)], 1);
    cr_assert_eq(s.class_blocks_used[31], 0);
    /* realloc to 0 gives a valid (malloc) pointer, like CPython. */
    void *z = mn_obmalloc_realloc(q, 0);
    cr_assert_not_null(z);
    assert_consistent(0, 1);
    mn_obmalloc_free(z);
    assert_consistent(0, 0);
}

Test(obmalloc, stats_track_live_allocations)
{
    enum { N = 5000 };
    void *v[N];
    size_t small = 0, big = 0;
    for (int i = 0; i < N; i++) {
        size_t n = (i % 10 == 0) ? 1000 : (size_t)(i % 512) + 1;
        v[i] = mn_obmalloc_alloc(n);
        if (n <= 512)
            small++;
        else
            big++;
    }
    assert_consistent(small, big);
    for (int i = 0; i < N; i += 3) {
        if (i % 10 == 0)
            big--;
        else
            small--;
        mn_obmalloc_free(v[i]);
        v[i] = NULL;
    }
    assert_consistent(small, big);
    for (int i = 0; i < N; i++)
        mn_obmalloc_free(v[i]);
    assert_consistent(0, 0);
}

Test(obmalloc, million_random_operations)
{
    enum { SLOTS = 20000, OPS = 1000000 };
    unsigned char **slot = calloc(SLOTS, sizeof *slot);
    size_t *size = calloc(SLOTS, sizeof *size);
    char *big = calloc(SLOTS, 1);           /* block lives in malloc memory */
    size_t nsmall = 0, nbig = 0;
    for (long op = 0; op < OPS; op++) {
        uint64_t r = rng();
        size_t i = (size_t)(r % SLOTS);
        unsigned char *p = slot[i];
        if (p) {
            size_t n = size[i];
            cr_assert(p[0] == (unsigned char)i && p[n - 1] == (unsigned char)(i >> 3),
                      "slot %zu corrupted", i);
            if ((r >> 40) % 8 == 0) {          /* sometimes realloc */
                size_t m = 2 + (r >> 20) % 700;    /* >= 2: two markers */
                p = mn_obmalloc_realloc(p, m);
                cr_assert_not_null(p);
                cr_assert(p[0] == (unsigned char)i);
                /* Arena blocks move to malloc above 512; malloc blocks stay. */
                if (!big[i] && m > 512) {
                    big[i] = 1;
                    nsmall--;
                    nbig++;
                }
                p[m - 1] = (unsigned char)(i >> 3);
                slot[i] = p;
                size[i] = m;
            } else {
                mn_obmalloc_free(p);
                slot[i] = NULL;
                if (big[i])
                    nbig--;
                else
                    nsmall--;
            }
        } else {
            size_t n = (r >> 32) % 64 == 0 ? 513 + (r >> 16) % 2000 : 2 + (r >> 16) % 511;
            p = mn_obmalloc_alloc(n);
            cr_assert_not_null(p);
            p[0] = (unsigned char)i;
            p[n - 1] = (unsigned char)(i >> 3);
            slot[i] = p;
            size[i] = n;
            big[i] = n > 512;
            if (big[i])
                nbig++;
            else
                nsmall++;
        }
        if (op % 50000 == 0)
            assert_consistent(nsmall, nbig);
    }
    assert_consistent(nsmall, nbig);
    /* Free in a scattered order so arenas drain unevenly. */
    for (size_t k = 0; k < SLOTS; k++) {
        size_t i = (k * 7919) % SLOTS;
        mn_obmalloc_free(slot[i]);
        if (k % 1000 == 0)
            cr_assert_eq(mn_mem_check_consistency(), 0);
    }
    free(slot);
    free(size);
    free(big);
    assert_consistent(0, 0);
    mn_mem_stats s;
    mn_mem_get_stats(&s);
    cr_assert_eq(s.arenas_spare, s.arenas_live, "only spare arenas remain");
    cr_assert_leq(s.arenas_live, s.arenas_spare_limit + 1, "everything beyond the reserve returned");
}

Test(obmalloc, print_stats_has_the_headings)
{
    void *a = mn_obmalloc_alloc(24), *b = mn_obmalloc_alloc(500), *c = mn_obmalloc_alloc(4000);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    mn_mem_print_stats(f);
    fclose(f);
    const char *want[] = {
        "Small block threshold = 512, in 32 size classes.",
        "class   size   num pools   blocks in use  avail blocks",
        "-----   ----   ---------   -------------  ------------",
        "    1     32           1               1           125",
        "   31    512           1               1             6",
        "# arenas allocated total",
        "# arenas reclaimed",
        "# arenas highwater mark",
        "# arenas allocated current",
        "1 arenas * 262144 bytes/arena      =               262,144",
        "# bytes in allocated blocks        =                   544",
        "# bytes in available blocks",
        "unused pools * 4096 bytes",
        "# bytes lost to pool headers",
        "# bytes lost to quantization",
        "Total                              =               262,144",
        "# blocks from malloc",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert(strstr(buf, want[i]), "missing \"%s\" in:\n%s", want[i], buf);
    free(buf);
    mn_obmalloc_free(a);
    mn_obmalloc_free(b);
    mn_obmalloc_free(c);
}

Test(obmalloc, front_door_works)
{
    size_t before = mn_mem_allocated_blocks();
    char *p = mn_mem_alloc(20);
    char *q = mn_mem_alloc(0);
    cr_assert_not_null(p);
    cr_assert_not_null(q);
    mn_mem_stats s;
    mn_mem_get_stats(&s);
#if MN_MEM_FRONT_DOOR_IS_MALLOC
    cr_assert_eq(s.malloc_blocks, 2, "sanitizer build: front door is malloc");
    cr_assert_eq(s.blocks_in_use, 0);
#else
    cr_assert_eq(s.malloc_blocks, 1, "normal build: only the 0-byte block");
    cr_assert_eq(s.blocks_in_use, 1);
#endif
    strcpy(p, "hello, arenas");
    p = mn_mem_realloc(p, 2000);
    cr_assert_str_eq(p, "hello, arenas");
    p = mn_mem_realloc(p, 30);
    cr_assert_str_eq(p, "hello, arenas");
    cr_assert_eq(mn_mem_allocated_blocks(), before + 2);
    mn_mem_free(p);
    mn_mem_free(q);
    mn_mem_free(NULL);
    cr_assert_eq(mn_mem_allocated_blocks(), before);
}

#ifdef MN_DEBUG_MEM
Test(obmalloc, debug_fill_patterns)
{
    unsigned char *keep = mn_obmalloc_alloc(64);
    unsigned char *p = mn_obmalloc_alloc(64);
    for (int i = 0; i < 64; i++)
        cr_assert_eq(p[i], 0xCD);
    mn_obmalloc_free(p);
    /* The first word is the free-list link; the rest is 0xDD. */
    for (int i = (int)sizeof(void *); i < 64; i++)
        cr_assert_eq(p[i], 0xDD);
    mn_obmalloc_free(keep);
}
#endif

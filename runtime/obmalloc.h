/* runtime/obmalloc.h — PLACEHOLDER until the obmalloc branch lands: the
 * allocator front door. (Replaced by the real arena allocator.) */
#ifndef MN_OBMALLOC_H
#define MN_OBMALLOC_H
#include <stddef.h>
void *mn_mem_alloc(size_t n);
void *mn_mem_realloc(void *p, size_t n);
void  mn_mem_free(void *p);
#endif

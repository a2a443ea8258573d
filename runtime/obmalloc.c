/* runtime/obmalloc.c — PLACEHOLDER until the obmalloc branch lands. */
#include <stdlib.h>
#include "runtime/obmalloc.h"
void *mn_mem_alloc(size_t n) { return malloc(n ? n : 1); }
void *mn_mem_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }
void  mn_mem_free(void *p) { free(p); }

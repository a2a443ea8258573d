/* compiler/code.h — code objects: what the compiler produces for each
 * module, function, class body, lambda and comprehension, and what the VM
 * executes. Field names follow CPython's co_* attributes, which mini code
 * can read (f.__code__.co_varnames ...).
 *
 * Locals layout ("localsplus", as in CPython 3.11): the frame holds
 * co_varnames (arguments first, then other locals), then co_cellvars that
 * aren't arguments, then co_freevars. LOAD_FAST/LOAD_DEREF arguments index
 * this combined array; co_localsplus_kinds says what each slot is.
 */
#ifndef MN_CODE_H
#define MN_CODE_H

#include "runtime/object.h"
#include "compiler/opcode.h"

/* Code flags, CPython's values. */
enum {
    MN_CO_OPTIMIZED = 0x1, MN_CO_NEWLOCALS = 0x2, MN_CO_VARARGS = 0x4,
    MN_CO_VARKEYWORDS = 0x8, MN_CO_NESTED = 0x10, MN_CO_GENERATOR = 0x20,
    MN_CO_NOFREE = 0x40, MN_CO_COROUTINE = 0x80, MN_CO_ITERABLE_COROUTINE = 0x100,
    MN_CO_ASYNC_GENERATOR = 0x200,
};

/* Kinds of a localsplus slot (bit set). */
enum { MN_LOCAL_PLAIN = 0x20, MN_LOCAL_CELL = 0x40, MN_LOCAL_FREE = 0x80, MN_LOCAL_ARG = 0x08 };

/* Source position of one instruction (lines 1-based, columns 0-based
 * UTF-8 byte offsets like CPython's co_positions(); -1 when unknown). */
typedef struct mn_code_pos {
    int lineno, end_lineno;
    int col, end_col;
} mn_code_pos;

/* One exception-table entry: an exception raised by an instruction in
 * [start, end) pops the value stack down to `depth` items, pushes the
 * raising instruction's index if `lasti`, pushes the exception and jumps
 * to `handler`. Entries are sorted by start; innermost entries win because
 * ranges don't overlap (the compiler splits them as CPython's does). */
typedef struct mn_exc_entry {
    int start, end, handler, depth, lasti;
} mn_exc_entry;

typedef struct mn_code {
    mn_object ob_base;
    mn_instr *code;            /* co_code: ninstrs 32-bit instructions */
    int ninstrs;
    mn_code_pos *positions;    /* one per instruction */
    mn_exc_entry *exctable;
    int nexc;
    mn_object *consts;         /* tuple */
    mn_object *names;          /* tuple of str: globals/attributes/imports */
    mn_object *localsplusnames;/* tuple of str: varnames + cells + frees */
    uint8_t *localspluskinds;  /* MN_LOCAL_* per localsplus slot */
    mn_object *varnames;       /* tuple (derived views for introspection) */
    mn_object *cellvars;
    mn_object *freevars;
    int argcount, posonlyargcount, kwonlyargcount;
    int nlocalsplus, nlocals, ncellvars, nfreevars;
    int stacksize;
    int flags;
    int firstlineno;
    mn_object *name, *qualname, *filename;   /* str */
    mn_object *docstring;      /* str or NULL: first constant of a function body */
    void *cache;               /* VM-owned inline caches, one slot per instruction */
    void (*cache_free)(void *);
    mn_object *weakreflist;
} mn_code;

extern mn_type mn_code_type;
#define MN_CODE_CHECK(o) (MN_TYPE(o) == &mn_code_type)

/* Builds a code object; takes over (frees with mn_mem_free) the code,
 * positions, exctable and localspluskinds arrays, borrows the objects. */
mn_code *mn_code_new(mn_instr *code, int ninstrs, mn_code_pos *positions,
                     mn_exc_entry *exctable, int nexc, mn_object *consts,
                     mn_object *names, mn_object *localsplusnames, uint8_t *localspluskinds,
                     int argcount, int posonlyargcount, int kwonlyargcount,
                     int stacksize, int flags, int firstlineno,
                     mn_object *name, mn_object *qualname, mn_object *filename);
/* Line number of instruction index i (or -1). */
int mn_code_line(mn_code *co, int i);

int mn_code_init_types(void);

#endif /* MN_CODE_H */

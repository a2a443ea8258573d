/* vm/frame.h — VM-internal layout of execution frames, the per-thread frame
 * stack and the thread state (CPython 3.11's _PyInterpreterFrame,
 * _PyStackChunk and PyThreadState, simplified).
 *
 * An mn_frame is a plain C record, not an object: code + namespaces + the
 * instruction index + localsplus (co_nlocalsplus slots: arguments, locals,
 * cells, free vars) followed by the value stack (co_stacksize slots). Frames
 * of ordinary calls are bump-allocated from per-thread chunks
 * (mn_frame_push/mn_frame_pop) so a call costs no malloc. A generator's
 * frame lives inside the generator object (copied there by
 * RETURN_GENERATOR). A frame whose frame *object* outlives it is copied
 * into that object when it dies ("detached"), as CPython's take_ownership.
 */
#ifndef MN_FRAME_H
#define MN_FRAME_H

#include "vm/vm.h"

enum {
    MN_FRAME_OWNED_BY_THREAD = 0,     /* on the per-thread chunk stack */
    MN_FRAME_OWNED_BY_GENERATOR = 1,  /* inside an mn_gen */
    MN_FRAME_OWNED_BY_FRAME_OBJECT = 2,/* detached copy inside an mn_frame_object */
};

/* Generator/coroutine frame states (CPython's FRAME_CREATED ...). */
enum {
    MN_FRAME_CREATED = 0, MN_FRAME_SUSPENDED = 1, MN_FRAME_EXECUTING = 2,
    MN_FRAME_COMPLETED = 3, MN_FRAME_CLEARED = 4,
};

typedef struct mn_frame {
    mn_code *code;            /* strong */
    mn_object *func;          /* strong, or NULL (module/exec code) */
    mn_object *globals;       /* strong */
    mn_object *builtins;      /* strong */
    mn_object *locals;        /* strong or NULL (optimised function frames) */
    struct mn_frame *previous;/* the caller (valid while executing) */
    mn_object *frame_obj;     /* materialised frame object (strong) or NULL */
    int lasti;                /* index of the current/last instruction */
    int stacktop;             /* value stack depth while suspended */
    uint8_t owner;
    uint8_t state;            /* MN_FRAME_* state (generators) */
    uint8_t is_entry;         /* returning leaves this C call of the eval loop */
    mn_object *localsplus[];  /* nlocalsplus locals, then the value stack */
} mn_frame;

/* Bytes an mn_frame needs for code `co`. */
static inline size_t mn_frame_size(mn_code *co)
{
    return sizeof(mn_frame) + sizeof(mn_object *) * (size_t)(co->nlocalsplus + co->stacksize);
}

/* The handled-exception stack: one item per thread plus one per running
 * generator, chained through previous_item (CPython's _PyErr_StackItem). */
typedef struct mn_exc_stack_item {
    mn_object *exc_value;     /* strong or NULL */
    struct mn_exc_stack_item *previous_item;
} mn_exc_stack_item;

typedef struct mn_stack_chunk {
    struct mn_stack_chunk *previous;
    size_t size;              /* bytes of data[] */
    size_t top;               /* bytes used */
    _Alignas(16) char data[];
} mn_stack_chunk;

typedef struct mn_thread_state {
    mn_frame *frame;          /* the running Python frame (innermost) */
    mn_exc_stack_item *exc_info;   /* top of the handled-exception stack */
    mn_exc_stack_item exc_state;   /* the thread's base item */
    mn_stack_chunk *chunk;    /* current chunk of the frame stack */
    mn_stack_chunk *spare;    /* one cached empty chunk (avoids thrashing) */
    volatile int eval_breaker;/* set asynchronously: GIL drop / signals */
    int c_entries;            /* nested C-level entries into the eval loop */
} mn_thread_state;

extern _Thread_local mn_thread_state *mn_tstate;
mn_thread_state *mn_thread_state_get(void);   /* creates on first use */

/* Allocates an uninitialised frame for `co` on the thread's frame stack. */
mn_frame *mn_frame_push(mn_thread_state *ts, mn_code *co);
/* Frees the top frame (its references must already be released). */
void mn_frame_pop(mn_thread_state *ts, mn_frame *f);
/* Drops every reference a frame holds (locals, stack up to stacktop, code,
 * func, namespaces); detaches its frame object if any. The frame memory
 * itself is not freed. */
void mn_frame_clear(mn_frame *f);
/* Initialises the header of a new frame (takes new references). */
void mn_frame_init(mn_frame *f, mn_code *co, mn_object *func, mn_object *globals,
                   mn_object *builtins, mn_object *locals);

/* Frame object: the Python-visible view of an mn_frame. */
typedef struct mn_frame_object {
    mn_var_object ob_base;    /* size: bytes reserved in owned_data */
    mn_frame *frame;          /* live frame, or &owned when detached */
    mn_object *back;          /* f_back captured when detached */
    mn_object *trace;         /* f_trace */
    mn_object *locals_snapshot;
    int lineno_override;
    _Alignas(16) char owned_data[];   /* the detached mn_frame, if any */
} mn_frame_object;

/* Frame object for f (new reference), creating it on first use. */
mn_object *mn_frame_get_object(mn_frame *f);
/* Moves a dying frame into its frame object (called by mn_frame_clear). */
void mn_frame_detach(mn_frame *f);
/* The line f is executing. */
int mn_frame_lineno(mn_frame *f);
/* f_locals as a dict (snapshot for function frames). */
mn_object *mn_frame_locals_dict(mn_frame *f);

/* Runs `f` (a frame already pushed/initialised) until it returns, or a
 * generator frame until it yields. `throwflag` set: an exception is
 * already current and must be raised at the frame's current instruction. */
mn_object *mn_eval_frame(mn_thread_state *ts, mn_frame *f, int throwflag);
/* Calls function `func` with vectorcall arguments (the function type's
 * call slot). */
mn_object *mn_function_call(mn_object *func, mn_object *const *args, mn_ssize nargs, mn_object *kwnames);
/* Binds arguments into f->localsplus per the code's signature; returns -1
 * with TypeError set. Steals nothing: references are taken. */
int mn_function_bind_args(mn_function *fn, mn_frame *f, mn_object *const *args,
                          mn_ssize nargs, mn_object *kwnames);

/* Generators (generator.c). */
typedef struct mn_gen {
    mn_var_object ob_base;    /* size: bytes of frame_data */
    mn_object *name, *qualname;
    mn_object *weakreflist;
    mn_object *yieldfrom_hint;    /* unused; gi_yieldfrom reads the frame */
    mn_exc_stack_item exc_state;  /* the generator's handled exception */
    char running_async;
    _Alignas(16) char frame_data[];/* the mn_frame */
} mn_gen;
#define MN_GEN_FRAME(g) ((mn_frame *)((mn_gen *)(g))->frame_data)
/* RETURN_GENERATOR: moves `f` (on the thread stack) into a new generator. */
mn_object *mn_gen_from_frame(mn_frame *f);
/* gen.send(value) / next(gen); *is_return tells a `return` (value is the
 * return value) from a yield. NULL with exception on error. */
mn_object *mn_gen_send_ex(mn_object *gen, mn_object *value, int *is_return);
int mn_gen_init_types(void);

/* Exceptions */
mn_object *mn_traceback_new(mn_object *next, mn_frame *f, int lasti);
/* Adds f to exc's traceback (called as exc unwinds through f). */
int mn_traceback_add(mn_object *exc, mn_frame *f);
int mn_traceback_init_types(void);
int mn_frame_init_types(void);
int mn_function_init_types(void);
int mn_super_init_types(void);
extern mn_type mn_super_type;

/* Per-instruction inline cache (code->cache). */
typedef union mn_inline_cache {
    struct { uint64_t globals_ver, builtins_ver; mn_object *value; } global;
    struct { mn_type *type; unsigned int version; mn_object *descr; } attr;
} mn_inline_cache;

#endif /* MN_FRAME_H */

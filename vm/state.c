/* vm/state.c — per-thread VM state: the thread state record, the chunked
 * frame stack that ordinary calls allocate frames from, the stack of handled
 * exceptions (sys.exc_info()), and VM start-up/shut-down.
 *
 * The frame stack is a linked list of large chunks; a frame is carved from
 * the top of the current chunk by bumping `top` and freed by lowering it,
 * exactly like a C stack but on the heap, so Python recursion depth is
 * limited by sys.setrecursionlimit and not by the C stack.
 */
#include <stdlib.h>
#include <string.h>
#include "vm/frame.h"

_Thread_local mn_thread_state *mn_tstate;

#define MN_CHUNK_SIZE (256 * 1024)

static mn_object *handled_exception_hook(void)
{
    return mn_vm_handled_exception();
}

mn_thread_state *mn_thread_state_get(void)
{
    if (mn_tstate)
        return mn_tstate;
    mn_thread_state *ts = calloc(1, sizeof *ts);
    if (!ts) {
        fprintf(stderr, "mini: cannot allocate thread state\n");
        abort();
    }
    ts->exc_info = &ts->exc_state;
    mn_tstate = ts;
    mn_err_handled_hook = handled_exception_hook;
    return ts;
}

static void free_thread_state(void)
{
    mn_thread_state *ts = mn_tstate;
    if (!ts)
        return;
    MN_CLEAR(ts->exc_state.exc_value);
    mn_stack_chunk *c = ts->chunk;
    while (c) {
        mn_stack_chunk *p = c->previous;
        free(c);
        c = p;
    }
    free(ts->spare);
    free(ts);
    mn_tstate = NULL;
}

mn_frame *mn_frame_push(mn_thread_state *ts, mn_code *co)
{
    size_t size = (mn_frame_size(co) + 15) & ~(size_t)15;
    mn_stack_chunk *c = ts->chunk;
    if (!c || c->top + size > c->size) {
        mn_stack_chunk *n;
        if (ts->spare && ts->spare->size >= size) {
            n = ts->spare;
            ts->spare = NULL;
        } else {
            size_t want = size > MN_CHUNK_SIZE - sizeof(mn_stack_chunk) ? size : MN_CHUNK_SIZE - sizeof(mn_stack_chunk);
            n = malloc(sizeof(mn_stack_chunk) + want);
            if (!n) {
                mn_err_no_memory();
                return NULL;
            }
            n->size = want;
        }
        n->top = 0;
        n->previous = c;
        ts->chunk = c = n;
    }
    mn_frame *f = (mn_frame *)(c->data + c->top);
    c->top += size;
    return f;
}

void mn_frame_pop(mn_thread_state *ts, mn_frame *f)
{
    mn_stack_chunk *c = ts->chunk;
    c->top = (size_t)((char *)f - c->data);
    if (c->top == 0 && c->previous) {
        /* Chunk now empty: keep it as the spare and return to the previous. */
        ts->chunk = c->previous;
        free(ts->spare);
        ts->spare = c;
    }
}

/* ------------------------------------------------ handled exceptions */

mn_object *mn_vm_handled_exception(void)
{
    mn_thread_state *ts = mn_tstate;
    if (!ts)
        return NULL;
    for (mn_exc_stack_item *it = ts->exc_info; it; it = it->previous_item)
        if (it->exc_value && it->exc_value != mn_none)
            return it->exc_value;
    return NULL;
}

/* ------------------------------------------------ builtins, start-up */

static mn_object *builtins_dict;

mn_object *mn_vm_builtins(void)
{
    if (!builtins_dict)
        builtins_dict = mn_dict_new();
    return builtins_dict;
}

static void print_exception_hook(mn_object *exc)
{
    fflush(stdout);
    mn_traceback_print(exc, stderr);
}

/* Readies the VM's types and thread state (idempotent). */
int mn_vm_init_types(void)
{
    static int done;
    if (done)
        return 0;
    if (mn_runtime_init() < 0)
        return -1;
    done = 1;
    mn_thread_state_get();
    mn_err_print_hook = print_exception_hook;
    if (mn_code_init_types() < 0 || mn_function_init_types() < 0 || mn_frame_init_types() < 0 ||
        mn_traceback_init_types() < 0 || mn_gen_init_types() < 0 || mn_super_init_types() < 0)
        return -1;
    if (!mn_vm_builtins())
        return -1;
    return 0;
}

int (*mn_vm_modules_init_hook)(int argc, char **argv);

int mn_vm_init(int argc, char **argv)
{
    if (mn_vm_init_types() < 0)
        return -1;
    if (mn_vm_modules_init_hook)
        return mn_vm_modules_init_hook(argc, argv);
    return 0;
}

void mn_vm_fini(void)
{
    if (builtins_dict) {
        mn_dict_clear(builtins_dict);
        MN_CLEAR(builtins_dict);
    }
    mn_gc_collect_no_callbacks();
    free_thread_state();
}

void mn_vm_set_eval_breaker(void)
{
    if (mn_tstate)
        mn_tstate->eval_breaker = 1;
}

/* vm/vm.h — the public header of the virtual machine: thread state and the
 * per-thread frame stack, function/cell/method objects, frame objects and
 * tracebacks, and the entry points that run code.
 *
 * Execution model: one eval loop (eval.c) runs frames that live on a
 * per-thread frame stack (a contiguous chunked stack of mn_frame records
 * holding localsplus + value stack), so a mini-to-mini call pushes a frame
 * and continues in the same C loop instead of recursing in C. Frame
 * *objects* (f_back, f_code, f_lineno, f_locals, f_globals, f_trace) are
 * materialised on demand for tracebacks, tracing and introspection.
 */
#ifndef MN_VM_H
#define MN_VM_H

#include "runtime/runtime.h"
#include "compiler/code.h"

/* ------------------------------------------------------ objects */

typedef struct mn_function {
    mn_object ob_base;
    mn_object *code;          /* mn_code */
    mn_object *globals;       /* dict */
    mn_object *builtins;      /* dict */
    mn_object *name, *qualname;
    mn_object *defaults;      /* tuple or NULL */
    mn_object *kwdefaults;    /* dict or NULL */
    mn_object *closure;       /* tuple of cells or NULL */
    mn_object *doc;
    mn_object *dict;          /* function attributes */
    mn_object *module;
    mn_object *annotations;
    mn_object *weakreflist;
} mn_function;

typedef struct mn_cell {
    mn_object ob_base;
    mn_object *ref;           /* NULL: empty */
} mn_cell;

typedef struct mn_method {    /* a function bound to an instance */
    mn_object ob_base;
    mn_object *func;
    mn_object *self;
    mn_object *weakreflist;
} mn_method;

extern mn_type mn_function_type, mn_cell_type, mn_method_type,
               mn_frame_type, mn_traceback_type,
               mn_staticmethod_type, mn_classmethod_type, mn_property_type,
               mn_generator_type, mn_super_type;

mn_object *mn_function_new(mn_object *code, mn_object *globals, mn_object *qualname);
mn_object *mn_cell_new(mn_object *ref);
mn_object *mn_method_new(mn_object *func, mn_object *self);

/* ------------------------------------------------------ running code */

/* Runs a module-level or exec/eval code object with the given namespaces
 * (locals may be NULL: same as globals). Returns the result (None for exec
 * code) or NULL with an exception set. */
mn_object *mn_eval_code(mn_object *code, mn_object *globals, mn_object *locals);
/* The builtins namespace (a dict), created at start-up. */
mn_object *mn_vm_builtins(void);
/* The exception currently being handled on this thread (sys.exc_info()[1])
 * or NULL; borrowed. */
mn_object *mn_vm_handled_exception(void);
/* Frame object of the running Python frame (new ref) or NULL. depth 0 is
 * the caller of the current C function (sys._getframe(0)). */
mn_object *mn_vm_get_frame(int depth);
/* globals()/locals() of the running frame (new refs). */
mn_object *mn_vm_globals(void);
mn_object *mn_vm_locals(void);

/* Prints `exc` with its traceback (and its __cause__/__context__ chain)
 * to `out` exactly in CPython 3.11's format:
 *   Traceback (most recent call last):
 *     File "x.mini", line 3, in f
 *       return 1 / 0
 *              ~~^~~
 *   ZeroDivisionError: division by zero
 */
void mn_traceback_print(mn_object *exc, FILE *out);
/* Adds a traceback entry for the running frame at instruction `lasti` to the
 * current exception (used by the eval loop as an exception unwinds). */
int mn_traceback_add_here(void);

/* ------------------------------------------------------ VM extensions */

/* Readies the VM's own types and the thread state (idempotent; also called
 * by mn_eval_code). Does not create builtin modules. */
int mn_vm_init_types(void);
/* Called by mn_vm_init after the VM is ready: the stdlib engineer's hook
 * that creates builtins/sys/... (fills mn_vm_builtins()). */
extern int (*mn_vm_modules_init_hook)(int argc, char **argv);
/* The sys module's dict once it exists (PRINT_EXPR uses sys.displayhook,
 * IMPORT_FROM consults sys.modules). Set by the sys module; a strong
 * reference (it keeps sys and every module in sys.modules alive). */
extern mn_object *mn_vm_sys_dict;
/* Called when the eval breaker flag is set (GIL drop requests, pending
 * signals); returns -1 with an exception set to raise it in the frame. */
extern int (*mn_eval_breaker_hook)(void);
/* Requests a call of mn_eval_breaker_hook from the running thread's loop. */
void mn_vm_set_eval_breaker(void);
/* Calls func(self, *args) without building a bound method. */
mn_object *mn_call_prepend(mn_object *func, mn_object *self, mn_object *const *args, mn_ssize nargs,
                           mn_object *kwnames);
/* getattr(o, name) with AttributeError mapped to 0: 1 found, 0 absent, -1 error. */
int mn_vm_lookup_attr_str(mn_object *o, const char *name, mn_object **result);

/* Start-up and shut-down of the whole interpreter (runtime + VM + builtin
 * modules). argv becomes sys.argv. */
int  mn_vm_init(int argc, char **argv);
void mn_vm_fini(void);

#endif /* MN_VM_H */

/* stdlib/modules.h — the built-in C modules of mini and their start-up.
 *
 * Owns: the ONE table of built-in C modules (name -> mn_module_def) that the
 * import system consults before sys.path (a later module such as gc, _thread
 * or _socket adds one line to the table in modules.c), the module defs of
 * builtins/sys/math/time, and interpreter start-up/shut-down of the stdlib.
 *
 * Start-up order (who calls what):
 *   mn_vm_init(argc, argv)                      vm/state.c
 *     mn_vm_init_types()                        runtime + VM types, thread state
 *     mn_stdlib_init(argc, argv)                this file (through
 *                                               mn_vm_modules_init_hook, or
 *                                               called directly by mn_vm_init)
 *       1. the builtins module: its dict IS mn_vm_builtins()
 *       2. sys (sys.modules, argv, path, stdout/stderr/stdin ...); sets
 *          mn_vm_sys_dict for the VM
 *       3. sys.modules['builtins'], sys.modules['sys']
 *   ... run code (mn_import_run_main, the REPL, ...)
 *   mn_stdlib_fini()        flushes sys.stdout/stderr, empties sys.modules
 *   mn_vm_fini()
 *
 * A program embedding mini that doesn't change vm/state.c installs the hook
 * before mn_vm_init:  mn_vm_modules_init_hook = mn_stdlib_init;
 */
#ifndef MN_STDLIB_MODULES_H
#define MN_STDLIB_MODULES_H

#include "runtime/runtime.h"

/* The built-in module table, terminated by a {NULL, NULL} entry. */
typedef struct mn_builtin_module {
    const char *name;
    const mn_module_def *def;
} mn_builtin_module;
extern const mn_builtin_module mn_builtin_modules[];
/* The def of a built-in module by name, or NULL. */
const mn_module_def *mn_builtin_module_find(const char *name);

extern const mn_module_def mn_builtins_module_def, mn_sys_module_def,
                           mn_math_module_def, mn_time_module_def, mn_gc_module_def;

/* See the start-up order above. 0 on success, -1 with an exception set. */
/* PEP 585 (stdlib/genericalias.c): list[int] is types.GenericAlias(list,
 * int); install puts __class_getitem__ on the built-in containers. */
mn_object *mn_generic_alias_new(mn_object *origin, mn_object *args);
int mn_generic_alias_install(void);

int  mn_stdlib_init(int argc, char **argv);
void mn_stdlib_fini(void);

/* The builtins module object (borrowed) once mn_stdlib_init has run. */
mn_object *mn_stdlib_builtins_module(void);
/* sys.modules (borrowed; NULL before start-up). */
mn_object *mn_sys_modules(void);
/* sys.<name> (borrowed; NULL if absent, no exception set). */
mn_object *mn_sys_get(const char *name);
/* Creates the sys module (called once by mn_stdlib_init). New reference. */
mn_object *mn_sys_create(int argc, char **argv);
/* For the CLI, when code run by mn_import_run_main & co. returned -1:
 * takes the current exception; SystemExit -> its exit status (printing a
 * non-int code to stderr), anything else -> sys.excepthook(...) prints the
 * traceback and the status is 1. Flushes sys.stdout/stderr. */
int mn_stdlib_handle_exception(void);
/* Flushes sys.stdout and sys.stderr (at exit, before printing a traceback). */
void mn_sys_flush_std(void);

/* builtins helpers other subsystems use (stdlib/builtins*.c). */
int mn_builtins_init_types(void);       /* enumerate, zip, map, ... */
/* The iterator types of builtins (builtins_iter.c). */
extern mn_type mn_enumerate_type, mn_zip_type, mn_map_type, mn_filter_type,
               mn_reversed_type, mn_callable_iter_type;
/* reversed(o), iter(callable, sentinel) from C. */
mn_object *mn_builtin_reversed(mn_object *seq);
mn_object *mn_callable_iter_new(mn_object *callable, mn_object *sentinel);

/* operator.index(o) as an int64: 0, or -1 with TypeError/OverflowError. */
int mn_stdlib_as_i64(mn_object *o, int64_t *out);

/* The file object (stdlib/io.c). */
extern mn_type mn_file_type;
int mn_io_init_types(void);
/* open(file, mode, buffering, encoding, errors, newline, closefd) */
mn_object *mn_io_open(mn_object *const *args, mn_ssize nargs, mn_object *kwnames);
/* A text file object over an existing fd (sys.stdout...); closefd=0. */
mn_object *mn_file_from_fd(int fd, const char *name, const char *mode);
int mn_file_flush_obj(mn_object *f);

#endif /* MN_STDLIB_MODULES_H */

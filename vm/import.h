/* vm/import.h — the import system: `import a.b.c`, `from . import x`,
 * `__import__`, running a script or a module as __main__.
 *
 * Search order for a top-level name: sys.modules, then the table of built-in
 * C modules (stdlib/modules.c), then each directory of sys.path, where
 * NAME/__init__.mini (a package) wins over NAME.mini. Submodules are looked
 * for in their package's __path__ only. See import.c for the details.
 */
#ifndef MN_IMPORT_H
#define MN_IMPORT_H

#include "runtime/object.h"

/* __import__(name, globals, locals, fromlist, level): what IMPORT_NAME does.
 * globals may be NULL (level must then be 0), fromlist NULL/None/empty means
 * `import a.b` (the top package is returned). New reference. */
mn_object *mn_import_module_level(mn_object *name, mn_object *globals, mn_object *fromlist, int level);
/* importlib.import_module(name) for an absolute dotted name: returns the
 * module named `name` itself (not its top package). New reference. */
mn_object *mn_import_module(const char *name);
/* 1 while the body of `module` is running (circular import diagnostics:
 * "cannot import name 'x' from partially initialized module 'm' (most likely
 * due to a circular import)"), else 0. */
int mn_import_is_initializing(mn_object *module);

/* Runs the file at `path` as the module __main__ (sys.path[0] becomes the
 * script's directory). 0 on success; -1 with the exception set (a
 * SystemExit included: see mn_stdlib_handle_exception in stdlib/modules.h). */
int mn_import_run_main(const char *path);
/* mini -m NAME: finds NAME like import does and runs it as __main__
 * (sys.path[0] becomes the current directory; a package runs its
 * __main__.mini). 0 / -1 as above. */
int mn_import_run_module_as_main(const char *name);
/* Runs source text as __main__ (mini -c CODE); filename "<string>". */
int mn_import_run_string_as_main(const char *src);
/* The __main__ module, created on first use and registered in sys.modules
 * (the REPL runs in its dict). Borrowed. */
mn_object *mn_import_main_module(void);

#endif /* MN_IMPORT_H */

/* vm/repl.h — the interactive prompt (REPL) and the small pieces of the
 * command line that library code needs to see (-X options, the exit
 * status rules for SystemExit). The `mini` entry point itself is vm/main.c.
 */
#ifndef MN_REPL_H
#define MN_REPL_H

#include <stdio.h>
#include "runtime/object.h"

/* The version line printed by `mini --version` and the REPL banner. */
#define MN_VERSION_STRING "mini 0.1 (Python 3.11 compatible)"

/* Runs the interactive loop reading from stdin with `globals` (the
 * __main__ module's dict, borrowed) as the namespace. Uses GNU readline
 * when stdin is a terminal (line editing, history in ~/.mini_history or
 * $MINI_HISTFILE, tab completion). `banner` prints the start-up banner.
 * Returns the process exit status: 0 at end of input, or the status a
 * SystemExit raised at the prompt asks for. */
int mn_repl_run(mn_object *globals, int banner);

/* Handles an uncaught exception the way CPython's pythonrun.c does and
 * returns the exit status: SystemExit -> its code (None: 0, int: that int,
 * anything else printed to stderr: 1); any other exception -> traceback
 * on stderr, 1. Steals `exc`. *is_interrupt is set for KeyboardInterrupt
 * (the caller then re-raises SIGINT, as CPython does, to exit with 130). */
int mn_main_handle_exception(mn_object *exc, int *is_interrupt);

/* Flushes sys.stdout/sys.stderr (when the stdlib provides them) and C's
 * stdio. */
void mn_main_flush(void);

/* -X options: `-X name` or `-X name=value`. mn_xoption_get returns the
 * value ("" for a bare name) or NULL when the option wasn't given. */
void        mn_xoption_add(const char *opt);
const char *mn_xoption_get(const char *name);
int         mn_xoption_count(void);
const char *mn_xoption_at(int i);        /* "name" or "name=value" */

/* Installs the SIGINT handler that turns Ctrl-C into KeyboardInterrupt in
 * the running frame (through the VM's eval breaker). Idempotent. */
void mn_main_install_sigint(void);

#endif /* MN_REPL_H */

/* vm/repl.c — the interactive prompt, plus the exit-status rules and the
 * -X option store that vm/main.c uses (they live here, inside libmini.a,
 * so library code such as the sys module can read the -X options).
 *
 * How a line becomes a statement (what CPython's interactive loop and its
 * `codeop` module do):
 *   - lines accumulate in a buffer; after each one the buffer is compiled
 *     in MN_COMPILE_SINGLE mode, so an expression statement ends in
 *     PRINT_EXPR (repr echoed, None not shown, `_` bound);
 *   - a compile error that only means "the input ended early" (an open
 *     bracket, a trailing backslash, an unterminated triple-quoted string,
 *     a block header with no body) asks for a continuation line (`... `);
 *   - a compound statement (if/for/while/def/class/with/try/@decorator/
 *     async/match) keeps asking for lines until an empty one, even when
 *     what was typed so far already compiles — that is why CPython needs
 *     a blank line after `for x in y: print(x)`;
 *   - any other error prints its traceback and the session goes on.
 *
 * Line editing: GNU readline in its "callback" mode, driven by select(),
 * so that Ctrl-C (our SIGINT handler interrupts select with EINTR) can
 * throw the half-typed input away and print KeyboardInterrupt — the same
 * technique as CPython's Modules/readline.c. History is read from
 * ~/.mini_history ($MINI_HISTFILE overrides) at start and the new lines are
 * appended at exit. Tab completes keywords, globals, builtins and, after a
 * dot, attributes (found with dir()), like CPython's rlcompleter.
 *
 * When stdin is not a terminal (e.g. `mini -i file < input`) lines are read
 * with plain stdio and the prompts go to stderr, as CPython does.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>

#include "vm/repl.h"
#include "vm/vm.h"
#include "compiler/compiler.h"
#include "runtime/runtime.h"

#if defined(__has_include)
#if __has_include("stdlib/modules.h")
#include "stdlib/modules.h"
#define MN_HAVE_STDLIB_MODULES 1
#endif
#endif

/* ------------------------------------------------------------ -X options */

#define MN_MAX_XOPTIONS 64
static const char *xoptions[MN_MAX_XOPTIONS];
static int n_xoptions;

void mn_xoption_add(const char *opt)
{
    if (n_xoptions < MN_MAX_XOPTIONS)
        xoptions[n_xoptions++] = opt;
}

const char *mn_xoption_get(const char *name)
{
    size_t n = strlen(name);
    /* Later options win, as in CPython's sys._xoptions dict. */
    for (int i = n_xoptions - 1; i >= 0; i--) {
        const char *o = xoptions[i];
        if (strncmp(o, name, n) == 0 && (o[n] == '\0' || o[n] == '='))
            return o[n] ? o + n + 1 : "";
    }
    return NULL;
}

int mn_xoption_count(void) { return n_xoptions; }
const char *mn_xoption_at(int i) { return i >= 0 && i < n_xoptions ? xoptions[i] : NULL; }

/* ------------------------------------------------------------ SIGINT */

static volatile sig_atomic_t sigint_pending;
static int (*previous_breaker_hook)(void);

static void on_sigint(int sig)
{
    (void)sig;
    sigint_pending = 1;
    mn_vm_set_eval_breaker();
}

/* Runs at the next eval-breaker check of the running frame: raises the
 * KeyboardInterrupt there, so `try: ... except KeyboardInterrupt` works. */
static int sigint_breaker_hook(void)
{
    if (sigint_pending) {
        sigint_pending = 0;
        mn_err_set_none(&mn_exc_KeyboardInterrupt);
        return -1;
    }
    return previous_breaker_hook ? previous_breaker_hook() : 0;
}

void mn_main_install_sigint(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    /* Chain to a hook someone else (threads: GIL drop requests) installed. */
    if (mn_eval_breaker_hook != sigint_breaker_hook) {
        previous_breaker_hook = mn_eval_breaker_hook;
        mn_eval_breaker_hook = sigint_breaker_hook;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;          /* no SA_RESTART: select() must see EINTR */
    sigaction(SIGINT, &sa, NULL);
}

/* ------------------------------------------------------------ exit status */

void mn_main_flush(void)
{
#ifdef MN_HAVE_STDLIB_MODULES
    if (mn_sys_modules())
        mn_sys_flush_std();
#endif
    fflush(stdout);
    fflush(stderr);
}

int mn_main_handle_exception(mn_object *exc, int *is_interrupt)
{
    if (is_interrupt)
        *is_interrupt = 0;
    if (!exc)
        return 1;
    mn_main_flush();
#ifdef MN_HAVE_STDLIB_MODULES
    if (mn_sys_modules() && mn_err_exception_matches(exc, (mn_object *)&mn_exc_SystemExit)) {
        mn_err_restore(exc);
        return mn_stdlib_handle_exception();
    }
#endif
    if (mn_err_exception_matches(exc, (mn_object *)&mn_exc_SystemExit)) {
        /* pythonrun.c's _Py_HandleSystemExit: code None -> 0, int -> it,
         * anything else is printed (str()) to stderr and the status is 1. */
        int status = 0;
        mn_object *code = NULL;
        mn_object *name = mn_str_from_cstr("code");
        if (name) {
            code = mn_object_getattr(exc, name);
            MN_DECREF(name);
        }
        if (!code) {
            mn_err_clear();
        } else if (code == mn_none) {
            status = 0;
        } else if (MN_INT_CHECK(code)) {
            int64_t v = mn_int_as_i64(code);
            if (v == -1 && mn_err_occurred()) {
                mn_err_clear();
                v = -1;
            }
            status = (int)v;
        } else {
            mn_object *s = mn_object_str(code);
            if (s) {
                fprintf(stderr, "%s\n", mn_str_as_utf8(s));
                MN_DECREF(s);
            } else {
                mn_err_clear();
            }
            status = 1;
        }
        MN_XDECREF(code);
        MN_DECREF(exc);
        fflush(stderr);
        return status;
    }
    if (is_interrupt && mn_err_exception_matches(exc, (mn_object *)&mn_exc_KeyboardInterrupt))
        *is_interrupt = 1;
#ifdef MN_HAVE_STDLIB_MODULES
    if (mn_sys_modules()) {
        /* sys.excepthook prints it (CPython's PyErr_Print). */
        mn_err_restore(exc);
        mn_stdlib_handle_exception();
        return 1;
    }
#endif
    mn_traceback_print(exc, stderr);
    fflush(stderr);
    MN_DECREF(exc);
    return 1;
}

/* ------------------------------------------------------------ completion */

static mn_object *repl_globals;     /* borrowed while the REPL runs */

static const char *const repl_keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break",
    "class", "continue", "def", "del", "elif", "else", "except", "finally",
    "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    NULL
};

static char **matches;              /* the candidates of the current word */
static size_t n_matches, cap_matches;

static void matches_reset(void)
{
    for (size_t i = 0; i < n_matches; i++)
        free(matches[i]);
    n_matches = 0;
}

static void matches_add(const char *prefix, mn_ssize plen, const char *name, const char *text)
{
    size_t tlen = strlen(text);
    if (strncmp(name, text, tlen) != 0)
        return;
    /* Hide _private names unless the user typed the underscore. */
    if (name[0] == '_' && text[0] != '_')
        return;
    for (size_t i = 0; i < n_matches; i++)
        if (strcmp(matches[i] + plen, name) == 0)
            return;
    if (n_matches == cap_matches) {
        cap_matches = cap_matches ? cap_matches * 2 : 64;
        char **m = realloc(matches, cap_matches * sizeof *m);
        if (!m)
            return;
        matches = m;
    }
    size_t nlen = strlen(name);
    char *s = malloc((size_t)plen + nlen + 1);
    if (!s)
        return;
    memcpy(s, prefix, (size_t)plen);
    memcpy(s + plen, name, nlen + 1);
    matches[n_matches++] = s;
}

/* Adds the str keys of dict-like `names` (a dict or a list of str). */
static void matches_add_names(mn_object *names, const char *prefix, mn_ssize plen,
                              const char *text)
{
    mn_object *it = mn_object_get_iter(names);
    if (!it) {
        mn_err_clear();
        return;
    }
    mn_object *k;
    while ((k = mn_iter_next(it))) {
        if (MN_STR_CHECK(k))
            matches_add(prefix, plen, mn_str_as_utf8(k), text);
        MN_DECREF(k);
    }
    mn_err_clear();
    MN_DECREF(it);
}

/* Looks up a dotted expression "a.b.c" (names only, never calls anything
 * but getattr — like rlcompleter, which does evaluate the prefix). */
static mn_object *lookup_dotted(const char *expr, size_t len)
{
    const char *dot = memchr(expr, '.', len);
    size_t first = dot ? (size_t)(dot - expr) : len;
    mn_object *name = mn_str_from_utf8(expr, (mn_ssize)first);
    if (!name) {
        mn_err_clear();
        return NULL;
    }
    mn_object *o = repl_globals ? mn_dict_get_item(repl_globals, name) : NULL;
    if (!o)
        o = mn_dict_get_item(mn_vm_builtins(), name);
    MN_DECREF(name);
    mn_err_clear();
    if (!o)
        return NULL;
    MN_INCREF(o);
    while (dot) {
        const char *start = dot + 1;
        dot = memchr(start, '.', len - (size_t)(start - expr));
        size_t n = dot ? (size_t)(dot - start) : len - (size_t)(start - expr);
        name = mn_str_from_utf8(start, (mn_ssize)n);
        mn_object *next = name ? mn_object_getattr(o, name) : NULL;
        MN_XDECREF(name);
        MN_DECREF(o);
        if (!next) {
            mn_err_clear();
            return NULL;
        }
        o = next;
    }
    return o;
}

static char *completion_generator(const char *text, int state)
{
    static size_t next;
    if (state == 0) {
        matches_reset();
        next = 0;
        const char *dot = strrchr(text, '.');
        if (dot) {
            mn_object *o = lookup_dotted(text, (size_t)(dot - text));
            mn_object *dir = o ? mn_dict_get_item_str(mn_vm_builtins(), "dir") : NULL;
            mn_object *names = dir ? mn_object_call1(dir, o) : NULL;
            if (names)
                matches_add_names(names, text, (mn_ssize)(dot + 1 - text), dot + 1);
            mn_err_clear();
            MN_XDECREF(names);
            MN_XDECREF(o);
        } else {
            for (int i = 0; repl_keywords[i]; i++)
                matches_add("", 0, repl_keywords[i], text);
            if (repl_globals)
                matches_add_names(repl_globals, "", 0, text);
            matches_add_names(mn_vm_builtins(), "", 0, text);
        }
    }
    if (next < n_matches) {
        char *s = matches[next];
        matches[next++] = NULL;  /* readline frees what we return */
        return s;
    }
    return NULL;
}

static char **repl_complete(const char *text, int start, int end)
{
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1;    /* never fall back to file names */
    rl_completion_append_character = '\0';  /* no space after a name (like CPython) */
    if (text[0] == '\0') {
        /* Tab at the start of a word inserts a tab: indentation, as in
         * CPython's REPL. */
        rl_insert_text("\t");
        return NULL;
    }
    return rl_completion_matches(text, completion_generator);
}

/* ------------------------------------------------------------ reading lines */

static int use_readline;
static char *history_path;
static int history_added;
static char *rl_line;
static int rl_line_ready;

static void on_rl_line(char *line)
{
    rl_line = line;             /* NULL at end of input (Ctrl-D) */
    rl_line_ready = 1;
    rl_callback_handler_remove();
}

enum { MN_READ_OK, MN_READ_EOF, MN_READ_INTERRUPT };

/* Reads one line (without its newline) into *out (malloc'ed). */
static int read_line(const char *prompt, char **out)
{
    *out = NULL;
    if (!use_readline) {
        fputs(prompt, stderr);
        fflush(stderr);
        size_t cap = 0;
        char *line = NULL;
        errno = 0;
        ssize_t n = getline(&line, &cap, stdin);
        if (n < 0) {
            free(line);
            if (errno == EINTR || sigint_pending) {
                sigint_pending = 0;
                clearerr(stdin);
                return MN_READ_INTERRUPT;
            }
            return MN_READ_EOF;
        }
        if (n > 0 && line[n - 1] == '\n')
            line[n - 1] = '\0';
        *out = line;
        return MN_READ_OK;
    }
    sigint_pending = 0;
    rl_line_ready = 0;
    rl_line = NULL;
    /* SIGINT stays blocked except inside pselect(), so a Ctrl-C can't slip
     * in between the flag test and the wait (and be lost). */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &old);
    rl_callback_handler_install(prompt, on_rl_line);
    int result = MN_READ_OK;
    while (!rl_line_ready) {
        if (sigint_pending) {
            sigint_pending = 0;
            /* Forget the half-typed line, as CPython's readline does. */
            rl_free_line_state();
            rl_callback_sigcleanup();
            rl_cleanup_after_signal();
            rl_callback_handler_remove();
            result = MN_READ_INTERRUPT;
            break;
        }
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fileno(rl_instream), &fds);
        int r = pselect(fileno(rl_instream) + 1, &fds, NULL, NULL, NULL, &old);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            rl_callback_handler_remove();
            result = MN_READ_EOF;
            break;
        }
        rl_callback_read_char();
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (result != MN_READ_OK)
        return result;
    if (!rl_line)
        return MN_READ_EOF;
    if (rl_line[0]) {
        add_history(rl_line);
        history_added++;
    }
    *out = rl_line;
    return MN_READ_OK;
}

static void history_start(void)
{
    const char *p = getenv("MINI_HISTFILE");
    if (p && *p) {
        history_path = strdup(p);
    } else {
        const char *home = getenv("HOME");
        if (!home)
            return;
        size_t n = strlen(home) + sizeof "/.mini_history";
        history_path = malloc(n);
        if (history_path)
            snprintf(history_path, n, "%s/.mini_history", home);
    }
    if (history_path)
        read_history(history_path);   /* a missing file is fine */
}

static void history_finish(void)
{
    if (!history_path)
        return;
    if (history_added > 0) {
        /* append_history() does not create the file; write_history() does. */
        if (access(history_path, F_OK) == 0)
            append_history(history_added, history_path);
        else
            write_history(history_path);
        history_truncate_file(history_path, 1000);
    }
    free(history_path);
    history_path = NULL;
}

/* ------------------------------------------------------------ the loop */

/* sys.ps1 / sys.ps2 when set (as str()), else the defaults. */
static char *prompt_string(const char *which, const char *dflt)
{
    mn_object *v = mn_vm_sys_dict ? mn_dict_get_item_str(mn_vm_sys_dict, which) : NULL;
    if (v) {
        mn_object *s = mn_object_str(v);
        if (s) {
            char *r = strdup(mn_str_as_utf8(s));
            MN_DECREF(s);
            return r;
        }
        mn_err_clear();
    }
    return strdup(dflt);
}

/* Does the first statement of the buffer start a compound statement (one
 * that CPython's REPL ends only at an empty line)? */
static int starts_compound(const char *buf)
{
    static const char *const heads[] = {
        "if", "for", "while", "def", "class", "with", "try", "async", NULL
    };
    while (*buf == ' ' || *buf == '\t' || *buf == '\f')
        buf++;
    if (*buf == '@')
        return 1;
    size_t n = 0;
    while (buf[n] == '_' || (buf[n] >= 'a' && buf[n] <= 'z') || (buf[n] >= 'A' && buf[n] <= 'Z') ||
           (buf[n] >= '0' && buf[n] <= '9'))
        n++;
    for (int i = 0; heads[i]; i++)
        if (strlen(heads[i]) == n && strncmp(buf, heads[i], n) == 0)
            return 1;
    if ((n == 5 && strncmp(buf, "match", 5) == 0)) {
        /* soft keyword: `match x:` but not `match = 1` */
        const char *eol = strchr(buf, '\n');
        size_t len = eol ? (size_t)(eol - buf) : strlen(buf);
        while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
            len--;
        return len > 0 && buf[len - 1] == ':';
    }
    return 0;
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\f' && *s != '\r')
            return *s == '#' ? 1 : 0;
    return 1;
}

/* The buffer of the statement being typed. */
typedef struct {
    char *data;
    size_t len, cap;
} line_buf;

static int buf_append(line_buf *b, const char *line)
{
    size_t n = strlen(line);
    if (b->len + n + 2 > b->cap) {
        size_t cap = (b->len + n + 2) * 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, line, n);
    b->len += n;
    b->data[b->len++] = '\n';
    b->data[b->len] = '\0';
    return 0;
}

static void print_banner(void)
{
    fprintf(stderr, "%s on linux\n", MN_VERSION_STRING);
    /* Only promise help() & co. when the builtins really have them. */
    if (mn_dict_get_item_str(mn_vm_builtins(), "help"))
        fprintf(stderr, "Type \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n");
    else
        fprintf(stderr, "Type Ctrl-D to exit.\n");
    mn_err_clear();
}

/* Runs one complete statement. Returns 1 when SystemExit was raised (the
 * exit status in *status), else 0: the session goes on. */
static int run_statement(mn_object *code, mn_object *globals, int *status)
{
    mn_object *r = mn_eval_code(code, globals, globals);
    if (r) {
        MN_DECREF(r);
        mn_main_flush();
        return 0;
    }
    mn_object *exc = mn_err_fetch();
    if (exc && mn_err_exception_matches(exc, (mn_object *)&mn_exc_SystemExit)) {
        *status = mn_main_handle_exception(exc, NULL);
        return 1;
    }
    mn_main_handle_exception(exc, NULL);
    return 0;
}

int mn_repl_run(mn_object *globals, int banner)
{
    repl_globals = globals;
    use_readline = isatty(STDIN_FILENO);
    mn_main_install_sigint();
    /* CPython sets sys.ps1/ps2 in interactive mode. */
    if (mn_vm_sys_dict) {
        if (!mn_dict_get_item_str(mn_vm_sys_dict, "ps1")) {
            mn_object *s = mn_str_from_cstr(">>> ");
            if (s)
                mn_dict_set_item_str(mn_vm_sys_dict, "ps1", s);
            MN_XDECREF(s);
        }
        if (!mn_dict_get_item_str(mn_vm_sys_dict, "ps2")) {
            mn_object *s = mn_str_from_cstr("... ");
            if (s)
                mn_dict_set_item_str(mn_vm_sys_dict, "ps2", s);
            MN_XDECREF(s);
        }
        mn_err_clear();
    }
    if (use_readline) {
        rl_readline_name = "mini";
        rl_catch_signals = 0;          /* our handler, not readline's */
        rl_attempted_completion_function = repl_complete;
        rl_basic_word_break_characters = " \t\n`~!@#$%^&*()-=+[{]}\\|;:'\",<>/?";
        rl_completer_word_break_characters = rl_basic_word_break_characters;
        history_start();
    }
    if (banner)
        print_banner();

    int status = 0;
    line_buf buf = {0};
    for (;;) {
        int continuation = buf.len > 0;
        char *prompt = prompt_string(continuation ? "ps2" : "ps1", continuation ? "... " : ">>> ");
        char *line;
        int r = read_line(prompt ? prompt : ">>> ", &line);
        free(prompt);
        if (r == MN_READ_INTERRUPT) {
            /* Ctrl-C: drop the statement being typed. */
            fprintf(stderr, "\nKeyboardInterrupt\n");
            fflush(stderr);
            buf.len = 0;
            continue;
        }
        if (r == MN_READ_EOF) {
            fputc('\n', use_readline ? stdout : stderr);
            status = 0;
            break;
        }
        if (!continuation && is_blank(line)) {
            free(line);
            continue;
        }
        int blank = is_blank(line);
        int ok = buf_append(&buf, line) == 0;
        free(line);
        if (!ok)
            break;

        int incomplete = 0;
        mn_object *code = mn_compile_source(buf.data, (mn_ssize)buf.len, "<stdin>",
                                            MN_COMPILE_SINGLE, &incomplete);
        if (!code) {
            if (incomplete && !blank) {
                mn_err_clear();
                continue;               /* ask for more: "... " */
            }
            mn_main_handle_exception(mn_err_fetch(), NULL);
            buf.len = 0;
            continue;
        }
        if (starts_compound(buf.data) && !blank) {
            MN_DECREF(code);            /* a block ends at an empty line */
            continue;
        }
        buf.len = 0;
        int leave = run_statement(code, globals, &status);
        MN_DECREF(code);
        if (leave)
            break;
    }
    free(buf.data);
    matches_reset();
    free(matches);
    matches = NULL;
    cap_matches = 0;
    if (use_readline)
        history_finish();
    repl_globals = NULL;
    return status;
}

/* vm/main.c — the `mini` command line (what CPython's Modules/main.c does).
 *
 *   mini FILE [arg ...]       run a script (sys.argv = [FILE, arg ...])
 *   mini -c CODE [arg ...]    run a string (sys.argv = ['-c', arg ...])
 *   mini -m MODULE [arg ...]  run a module as __main__
 *   mini -i FILE              run FILE, then start the REPL in its namespace
 *   mini --dis FILE           print the bytecode of FILE (mn_dis_code)
 *   mini -                    run stdin as a script
 *   mini                      the REPL when stdin is a terminal, else stdin
 *   mini -X name[=value]      implementation options (sys._xoptions)
 *   mini -V / --version, -h / --help, `--` ends the options
 *
 * Exit status, as CPython: 0 on success; 1 for an uncaught exception
 * (traceback on stderr); SystemExit's code (None -> 0, int -> it, other
 * -> printed on stderr, 1); 2 for a usage error or a script that can't be
 * opened; an uncaught KeyboardInterrupt prints its traceback and then
 * re-raises SIGINT with the default action, so the shell sees 130.
 *
 * `mini --version` prints "mini 0.1 (Python 3.11 compatible)".
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vm/vm.h"
#include "vm/repl.h"
#include "compiler/compiler.h"
#include "runtime/runtime.h"

#if defined(__has_include)
#if __has_include("stdlib/modules.h")
#include "stdlib/modules.h"
#define MN_HAVE_STDLIB 1
#endif
#if __has_include("vm/import.h")
#include "vm/import.h"
#define MN_HAVE_IMPORT 1
#endif
#endif

static const char *progname = "mini";

static void usage_line(FILE *f)
{
    fprintf(f, "usage: %s [option] ... [-c cmd | -m mod | file | -] [arg] ...\n", progname);
}

static void print_help(void)
{
    usage_line(stdout);
    fputs("Options:\n"
          "-c cmd : program passed in as string (terminates option list)\n"
          "-h     : print this help message and exit (also -? or --help)\n"
          "-i     : inspect interactively after running script\n"
          "-m mod : run library module as a script (terminates option list)\n"
          "-V     : print the version number and exit (also --version)\n"
          "-X opt : set implementation-specific option (sys._xoptions)\n"
          "--dis  : print the bytecode of the script instead of running it\n"
          "--     : end of options\n"
          "file   : program read from script file\n"
          "-      : program read from stdin (default; interactive mode if a tty)\n"
          "arg ...: arguments passed to program in sys.argv[1:]\n"
          "\n"
          "Environment:\n"
          "MINI_HISTFILE : REPL history file (default ~/.mini_history)\n",
          stdout);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    usage_line(stderr);
    fprintf(stderr, "Try `%s -h' for more information.\n", progname);
    return 2;
}

/* Reads a whole file (or stdin when f is given) into a NUL-terminated
 * malloc'ed buffer. */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (;;) {
        if (n + 1 >= cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                return NULL;
            }
            buf = b;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        if (r == 0)
            break;
        n += r;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* "x.mini": can't open -> CPython's message, with the absolute path. */
static int cant_open(const char *path, int err)
{
    char abs[4096];
    if (path[0] != '/' && getcwd(abs, sizeof abs - strlen(path) - 2)) {
        strcat(abs, "/");
        strcat(abs, path);
    } else {
        snprintf(abs, sizeof abs, "%s", path);
    }
    fprintf(stderr, "%s: can't open file '%s': [Errno %d] %s\n", progname, abs, err, strerror(err));
    return 2;
}

/* The __main__ module's dict (borrowed): the import system's __main__
 * (registered in sys.modules) when it is linked in, else our own. */
static mn_object *main_module;
static int mn_main_gcstats;   /* -X gcstats: collector statistics at exit */

static mn_object *main_globals(void)
{
#ifdef MN_HAVE_IMPORT
    mn_object *m = mn_import_main_module();
    return m ? mn_module_get_dict(m) : NULL;
#else
    if (!main_module) {
        main_module = mn_module_new("__main__");
        if (!main_module)
            return NULL;
        mn_object *d = mn_module_get_dict(main_module);
        if (!mn_dict_get_item_str(d, "__builtins__"))
            mn_dict_set_item_str(d, "__builtins__", mn_vm_builtins());
    }
    return mn_module_get_dict(main_module);
#endif
}

/* Compiles and runs `src` as the __main__ module. 0 or -1 (exception set). */
static int run_source(const char *src, size_t len, const char *filename)
{
    mn_object *g = main_globals();
    if (!g)
        return -1;
    if (strcmp(filename, "<string>") != 0 && strcmp(filename, "<stdin>") != 0) {
        mn_object *f = mn_str_from_cstr(filename);
        if (!f || mn_dict_set_item_str(g, "__file__", f) < 0) {
            MN_XDECREF(f);
            return -1;
        }
        MN_DECREF(f);
    }
    mn_object *code = mn_compile_source(src, (mn_ssize)len, filename, MN_COMPILE_EXEC, NULL);
    if (!code)
        return -1;
    mn_object *r = mn_eval_code(code, g, g);
    MN_DECREF(code);
    if (!r)
        return -1;
    MN_DECREF(r);
    return 0;
}

/* Runs a script file. Returns 0, -1 (exception set) or 2 (can't open). */
static int run_file(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: can't find '__main__' module in '%s'\n", progname, path);
        return 2;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return cant_open(path, errno);
    size_t len;
    char *src = read_all(f, &len);
    fclose(f);
    if (!src) {
        mn_err_no_memory();
        return -1;
    }
    /* A `#!/usr/bin/env mini` first line is a comment to the lexer. */
#ifdef MN_HAVE_IMPORT
    free(src);
    return mn_import_run_main(path) < 0 ? -1 : 0;
#else
    int r = run_source(src, len, path);
    free(src);
    return r;
#endif
}

static int run_module(const char *name)
{
#ifdef MN_HAVE_IMPORT
    return mn_import_run_module_as_main(name) < 0 ? -1 : 0;
#else
    fprintf(stderr, "%s: No module named %s\n", progname, name);
    return 2;
#endif
}

static int dis_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cant_open(path, errno);
    size_t len;
    char *src = read_all(f, &len);
    fclose(f);
    if (!src) {
        mn_err_no_memory();
        return -1;
    }
    mn_object *code = mn_compile_source(src, (mn_ssize)len, path, MN_COMPILE_EXEC, NULL);
    free(src);
    if (!code)
        return -1;
    int r = mn_dis_code(code, stdout);
    MN_DECREF(code);
    fflush(stdout);
    return r < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    const char *command = NULL, *module = NULL, *file = NULL;
    int inspect = 0, dis = 0, i = 1;
    if (argc > 0 && argv[0] && argv[0][0])
        progname = argv[0];

    /* Options end at the first non-option (the script), at -c/-m (which take
     * the rest as arguments), at `-` and after `--`. */
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0)
            break;
        if (a[1] == '-') {
            if (strcmp(a, "--help") == 0) {
                print_help();
                return 0;
            }
            if (strcmp(a, "--version") == 0) {
                printf("%s\n", MN_VERSION_STRING);
                return 0;
            }
            if (strcmp(a, "--dis") == 0) {
                dis = 1;
                continue;
            }
            return usage_error("unknown option %s", a);
        }
        /* A group of one-letter flags: -i, -iV, -ic CODE, -cCODE ... */
        int done = 0;
        for (const char *p = a + 1; *p && !done; p++) {
            switch (*p) {
            case 'i':
                inspect = 1;
                break;
            case 'h':
            case '?':
                print_help();
                return 0;
            case 'V':
                printf("%s\n", MN_VERSION_STRING);
                return 0;
            case 'c':
            case 'm':
            case 'X': {
                const char *val = p[1] ? p + 1 : (i + 1 < argc ? argv[++i] : NULL);
                if (!val) {
                    char opt[2] = {*p, 0};
                    return usage_error("Argument expected for the -%s option", opt);
                }
                if (*p == 'c')
                    command = val;
                else if (*p == 'm')
                    module = val;
                else {
                    mn_xoption_add(val);
                    mn_main_gcstats |= !strcmp(val, "gcstats");   /* -X gcstats (gc.c) */
                }
                done = 1;
                break;
            }
            default: {
                char opt[3] = {'-', *p, 0};
                return usage_error("Unknown option: %s", opt);
            }
            }
        }
        if (command || module) {
            i++;
            break;
        }
    }
    if (!command && !module && i < argc)
        file = argv[i++];
    if (dis && !file && !command)
        return usage_error("%s", "--dis needs a file (or -c CODE)");

    /* sys.argv: the script name (or -c / -m / '' / '-') then the rest. */
    int rest = argc - i;
    char **sargv = calloc((size_t)rest + 2, sizeof *sargv);
    if (!sargv)
        return 1;
    sargv[0] = command ? "-c" : module ? "-m" : file ? (char *)file : "";
    for (int k = 0; k < rest; k++)
        sargv[k + 1] = argv[i + k];

#ifdef MN_HAVE_STDLIB
    if (!mn_vm_modules_init_hook)
        mn_vm_modules_init_hook = mn_stdlib_init;
#endif
    if (mn_vm_init(rest + 1, sargv) < 0) {
        fprintf(stderr, "%s: fatal error during start-up\n", progname);
        mn_object *exc = mn_err_fetch();
        if (exc) {
            mn_traceback_print(exc, stderr);
            MN_DECREF(exc);
        }
        return 1;
    }
    mn_main_install_sigint();

    int status = 0, r = 0;
    if (dis) {
        if (file) {
            r = dis_file(file);
        } else {
            mn_object *code = mn_compile_source(command, (mn_ssize)strlen(command), "<string>",
                                                MN_COMPILE_EXEC, NULL);
            r = code ? mn_dis_code(code, stdout) : -1;
            MN_XDECREF(code);
        }
    } else if (command) {
#ifdef MN_HAVE_IMPORT
        r = mn_import_run_string_as_main(command);
#else
        r = run_source(command, strlen(command), "<string>");
#endif
    } else if (module) {
        r = run_module(module);
    } else if (file && strcmp(file, "-") != 0) {
        r = run_file(file);
    } else if (!file && isatty(STDIN_FILENO)) {
        mn_object *g = main_globals();
        r = g ? 0 : -1;
        if (g) {
            status = mn_repl_run(g, 1);
            inspect = 0;
        }
    } else {
        size_t len;
        char *src = read_all(stdin, &len);
        r = src ? run_source(src, len, "<stdin>") : -1;
        free(src);
    }

    int interrupted = 0;
    if (r == 2) {
        status = 2;
    } else if (r < 0) {
        mn_object *exc = mn_err_fetch();
        int is_exit = exc && mn_err_exception_matches(exc, (mn_object *)&mn_exc_SystemExit);
        status = mn_main_handle_exception(exc, &interrupted);
        /* -i: after a failing script, still go interactive; after
         * SystemExit we leave (CPython would stay: a documented gap). */
        if (is_exit)
            inspect = 0;
    }
    if (inspect && !interrupted && status != 2) {
        mn_object *g = main_globals();
        if (g)
            status = mn_repl_run(g, 0);
    }
    mn_main_flush();
#ifdef MN_HAVE_STDLIB
    mn_stdlib_fini();
#endif
    MN_CLEAR(main_module);
    mn_vm_fini();
    if (mn_main_gcstats)
        mn_gc_print_stats(stderr);
    free(sargv);
    if (interrupted) {
        /* Exit "killed by SIGINT" so the shell sees 130 (CPython 3.8+). */
        signal(SIGINT, SIG_DFL);
        kill(getpid(), SIGINT);
    }
    return status & 0xff;
}

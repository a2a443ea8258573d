/* tests/unit/test_stdlib_import.c — end to end: scripts run as __main__
 * through mn_import_run_main, importing packages from a temp directory
 * (relative imports, circular imports, failing modules), reading/writing
 * files and printing into a redirected sys.stdout. Expected outputs are what
 * python3 prints for the same files (named .py there). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "vm/vm.h"
#include "vm/import.h"
#include "stdlib/modules.h"

static char dir[64];

static void put(const char *rel, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    FILE *f = fopen(p, "w");
    cr_assert(f, "%s", p);
    fputs(text, f);
    fclose(f);
}

static void setup(void)
{
    strcpy(dir, "/tmp/mini_imp_XXXXXX");
    cr_assert(mkdtemp(dir));
    char p[128];
    snprintf(p, sizeof p, "%s/pkg", dir);
    mkdir(p, 0755);
    cr_assert_eq(chdir(dir), 0);   /* relative file names land in the temp dir */
    mn_vm_modules_init_hook = mn_stdlib_init;
    cr_assert_eq(mn_vm_init(0, NULL), 0);
}

static void teardown(void)
{
    mn_stdlib_fini();
    mn_vm_fini();
    mn_runtime_fini();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(stdlib_e2e, .init = setup, .fini = teardown);

/* Runs main.mini with sys.stdout redirected to out.txt; returns its text. */
static char *run_main(const char *src)
{
    char prologue[512];
    snprintf(prologue, sizeof prologue, "import sys\nsys.stdout = open('%s/out.txt', 'w')\n", dir);
    size_t n = strlen(prologue) + strlen(src) + 64;
    char *all = malloc(n);
    snprintf(all, n, "%s%s\nsys.stdout.close()\n", prologue, src);
    put("main.mini", all);
    free(all);
    char p[256];
    snprintf(p, sizeof p, "%s/main.mini", dir);
    int r = mn_import_run_main(p);
    if (r < 0) {
        mn_object *exc = mn_err_fetch();
        mn_object *s = mn_object_str(exc);
        cr_log_error("%s: %s", MN_TYPE_NAME(exc), s ? mn_str_as_utf8(s) : "?");
        MN_XDECREF(s);
        MN_DECREF(exc);
        return NULL;
    }
    snprintf(p, sizeof p, "%s/out.txt", dir);
    FILE *f = fopen(p, "r");
    cr_assert(f);
    static char buf[4096];
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    buf[got] = 0;
    fclose(f);
    return buf;
}

Test(stdlib_e2e, package_and_relative_imports)
{
    put("pkg/__init__.mini", "from . import helper\nfrom .helper import VALUE as V\n");
    put("pkg/helper.mini", "VALUE = 42\n__all__ = ['VALUE']\n_hidden = 1\n");
    char *out = run_main("import pkg\nprint(pkg.V, pkg.helper.VALUE, pkg.__package__, pkg.helper.__package__)\n"
                         "from pkg.helper import *\nprint(VALUE, '_hidden' in dir())\n"
                         "import pkg.helper as h\nprint(h.__name__, h is pkg.helper, sys.modules['pkg'] is pkg)\n");
    cr_assert(out);
    cr_expect_str_eq(out, "42 42 pkg pkg\n42 False\npkg.helper True True\n");
}

Test(stdlib_e2e, import_errors)
{
    put("bad.mini", "X = 1\nraise ValueError('boom')\n");
    char *out = run_main("try:\n    import nosuch\nexcept ModuleNotFoundError as e:\n    print(e, e.name)\n"
                         "try:\n    import bad\nexcept ValueError as e:\n    print('VE', e, 'bad' in sys.modules)\n"
                         "try:\n    from math import nosuch\nexcept ImportError as e:\n    print(e)\n"
                         "try:\n    import math.x\nexcept ImportError as e:\n    print(e)\n");
    cr_assert(out);
    cr_expect_str_eq(out, "No module named 'nosuch' nosuch\nVE boom False\n"
                          "cannot import name 'nosuch' from 'math' (unknown location)\n"
                          "No module named 'math.x'; 'math' is not a package\n");
}

Test(stdlib_e2e, circular_import)
{
    put("a.mini", "import b\nA = 1\n");
    put("b.mini", "import a\nB = 2\ndef f():\n    return a.A\n");
    char *out = run_main("import a, b\nprint(b.f(), b.B)\n");
    cr_assert(out);
    cr_expect_str_eq(out, "1 2\n");
}

Test(stdlib_e2e, files)
{
    char *out = run_main("with open('t.txt', 'w') as f:\n    n = f.write('a\\nb\\r\\nc\\rd')\n"
                         "print(n, f.closed)\nf = open('t.txt')\nprint(repr(f.readline()), repr(f.readline()), f.tell())\n"
                         "print(f.readlines())\nf.close()\nprint(open('t.txt', 'rb').read())\n"
                         "print(list(open('t.txt')))\n");
    cr_assert(out);
    cr_expect_str_eq(out, "8 True\n'a\\n' 'b\\n' 5\n['c\\n', 'd']\nb'a\\nb\\r\\nc\\rd'\n['a\\n', 'b\\n', 'c\\n', 'd']\n");
}

Test(stdlib_e2e, print_options_and_builtins)
{
    char *out = run_main("print(1, 2, sep=', ', end=';\\n')\nprint()\nprint('x', flush=True)\n"
                         "print(sorted({3: 1, 1: 2}), list(map(lambda x: x * 2, range(3))))\n"
                         "print(eval('a + 1', {'a': 1}), globals()['__name__'])\n"
                         "exec('z = 7')\nprint(z)\n");
    cr_assert(out);
    cr_expect_str_eq(out, "1, 2;\n\nx\n[1, 3] [0, 2, 4]\n2 __main__\n7\n");
}

Test(stdlib_e2e, system_exit_status)
{
    put("main.mini", "import sys\nsys.exit(3)\n");
    char p[256];
    snprintf(p, sizeof p, "%s/main.mini", dir);
    cr_assert_eq(mn_import_run_main(p), -1);
    cr_expect_eq(mn_stdlib_handle_exception(), 3);
}

/* tests/unit/test_builtins.c — the builtins module and math, checked against
 * CPython 3.11: a generated table of expressions (stdlib_cases.inc, made by
 * gen_stdlib_cases.py, each line holding the Python expression and CPython's
 * repr of its value or its "Exception: message"), plus direct C calls of the
 * builtin functions. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>
#include <unistd.h>
#include "vm/vm.h"
#include "vm/import.h"
#include "stdlib/modules.h"
#include "compiler/compiler.h"

static void setup(void)
{
    mn_vm_modules_init_hook = mn_stdlib_init;
    cr_assert_eq(mn_vm_init(0, NULL), 0);
}

static void teardown(void)
{
    mn_stdlib_fini();
    mn_vm_fini();
    mn_runtime_fini();
}

/* repr of the value, or "ExcType: message"; malloc'ed */
static char *outcome(mn_object *v)
{
    mn_object *s;
    if (v) {
        s = mn_object_repr(v);
        MN_DECREF(v);
    } else {
        mn_object *exc = mn_err_fetch();
        cr_assert(exc, "NULL without an exception");
        mn_object *msg = mn_object_str(exc);
        s = mn_str_from_format("%s: %U", MN_TYPE_NAME(exc), msg);
        MN_XDECREF(msg);
        MN_DECREF(exc);
    }
    cr_assert(s);
    char *r = strdup(mn_str_as_utf8(s));
    MN_DECREF(s);
    return r;
}

static char *eval_outcome(const char *expr)
{
    mn_object *g = mn_dict_new();
    mn_object *math = mn_import_module("math");
    cr_assert(math);
    mn_dict_set_item_str(g, "math", math);
    mn_dict_set_item_str(g, "__builtins__", mn_stdlib_builtins_module());
    MN_DECREF(math);
    mn_object *code = mn_compile_source(expr, (mn_ssize)strlen(expr), "<test>", MN_COMPILE_EVAL, NULL);
    mn_object *v = code ? mn_eval_code(code, g, g) : NULL;
    MN_XDECREF(code);
    char *r = outcome(v);
    mn_dict_clear(g);
    MN_DECREF(g);
    return r;
}

typedef struct { const char *expr, *expected; } eval_case;
static eval_case cases[] = {
#include "stdlib_cases.inc"
};

/* The parameters are indices: the worker processes Criterion starts may map
 * the binary at another address, so pointers can't be passed. */
#define NCASES (sizeof cases / sizeof cases[0])
ParameterizedTestParameters(builtins_table, cpython)
{
    static int idx[NCASES];
    for (size_t i = 0; i < NCASES; i++)
        idx[i] = (int)i;
    return cr_make_param_array(int, idx, NCASES);
}

ParameterizedTest(int *i, builtins_table, cpython, .init = setup, .fini = teardown)
{
    const eval_case *c = &cases[*i];
    if (getenv("MN_TEST_TRACE")) fprintf(stderr, "CASE %s\n", c->expr);
    char *got = eval_outcome(c->expr);
    cr_expect_str_eq(got, c->expected, "%s\n got:  %s\n want: %s", c->expr, got, c->expected);
    free(got);
}

/* ---------------------------------------------------- direct C calls */

TestSuite(builtins_c, .init = setup, .fini = teardown);

static mn_object *builtin(const char *name)
{
    mn_object *f = mn_dict_get_item_str(mn_vm_builtins(), name);
    cr_assert(f, "no builtin %s", name);
    return f;
}

static void expect_repr(mn_object *v, const char *want)
{
    char *got = outcome(v);
    cr_expect_str_eq(got, want);
    free(got);
}

/* a kwnames tuple; mn_str_intern_cstr returns a new reference */
static mn_object *names(int n, const char *a, const char *b, const char *c)
{
    const char *v[3] = { a, b, c };
    mn_object *t = mn_tuple_new(n);
    for (int i = 0; i < n; i++)
        MN_TUPLE_SET(t, i, mn_str_intern_cstr(v[i]));
    return t;
}

static mn_object *ints(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    mn_object *l = mn_list_new(0);
    for (int i = 0; i < n; i++) {
        mn_object *v = mn_int_from_i64(va_arg(ap, int));
        mn_list_append(l, v);
        MN_DECREF(v);
    }
    va_end(ap);
    return l;
}

Test(builtins_c, len_sorted_min_max)
{
    mn_object *l = ints(4, 3, 1, 4, 1);
    expect_repr(mn_object_call1(builtin("len"), l), "4");          /* len([3,1,4,1]) */
    expect_repr(mn_object_call1(builtin("sorted"), l), "[1, 1, 3, 4]");
    expect_repr(mn_object_call1(builtin("min"), l), "1");
    expect_repr(mn_object_call1(builtin("max"), l), "4");
    /* sorted(l, reverse=True) */
    mn_object *kw = names(1, "reverse", NULL, NULL);
    mn_object *args[2] = { l, mn_true };
    expect_repr(mn_object_call(builtin("sorted"), args, 1, kw), "[4, 3, 1, 1]");
    MN_DECREF(kw);
    /* max(l, key=abs) with the abs builtin */
    kw = names(1, "key", NULL, NULL);
    args[1] = builtin("abs");
    expect_repr(mn_object_call(builtin("max"), args, 1, kw), "4");
    MN_DECREF(kw);
    /* min() with no arguments: "min expected at least 1 argument, got 0" */
    expect_repr(mn_object_call(builtin("min"), NULL, 0, NULL),
                "TypeError: min expected at least 1 argument, got 0");
    MN_DECREF(l);
}

Test(builtins_c, sum_and_enumerate)
{
    mn_object *l = ints(3, 1, 2, 3);
    expect_repr(mn_object_call1(builtin("sum"), l), "6");
    mn_object *e = mn_object_call1(builtin("enumerate"), l);
    mn_object *el = mn_list_from_iterable(e);
    expect_repr(el, "[(0, 1), (1, 2), (2, 3)]");
    MN_DECREF(e);
    mn_object *z = mn_object_call2(builtin("zip"), l, l);
    expect_repr(mn_list_from_iterable(z), "[(1, 1), (2, 2), (3, 3)]");
    MN_DECREF(z);
    MN_DECREF(l);
}

Test(builtins_c, ord_chr_errors)
{
    mn_object *s = mn_str_from_cstr("ab");
    /* ord('ab') */
    expect_repr(mn_object_call1(builtin("ord"), s), "TypeError: ord() expected a character, but string of length 2 found");
    MN_DECREF(s);
    mn_object *i = mn_int_from_i64(0x110000);
    expect_repr(mn_object_call1(builtin("chr"), i), "ValueError: chr() arg not in range(0x110000)");
    MN_DECREF(i);
}

Test(builtins_c, print_to_file_object)
{
    char path[] = "/tmp/mini_print_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    mn_object *name = mn_str_from_cstr(path), *mode = mn_str_from_cstr("w");
    mn_object *oargs[2] = { name, mode };
    mn_object *f = mn_io_open(oargs, 2, NULL);
    cr_assert(f);
    /* print(1, 'x', sep='-', end='!\n', file=f) */
    mn_object *one = mn_int_from_i64(1), *x = mn_str_from_cstr("x"), *sep = mn_str_from_cstr("-"),
              *end = mn_str_from_cstr("!\n");
    mn_object *kw = names(3, "sep", "end", "file");
    mn_object *args[5] = { one, x, sep, end, f };
    expect_repr(mn_object_call(builtin("print"), args, 2, kw), "None");
    expect_repr(mn_object_call_method(f, "close", NULL, 0), "None");
    FILE *in = fopen(path, "r");
    char buf[64] = { 0 };
    cr_assert(fgets(buf, sizeof buf, in));
    fclose(in);
    cr_expect_str_eq(buf, "1-x!\n");
    unlink(path);
    MN_DECREF(kw);
    MN_DECREF(one); MN_DECREF(x); MN_DECREF(sep); MN_DECREF(end);
    MN_DECREF(f); MN_DECREF(name); MN_DECREF(mode);
}

Test(builtins_c, open_missing_file)
{
    mn_object *name = mn_str_from_cstr("/nonexistent/x");
    mn_object *args[1] = { name };
    expect_repr(mn_io_open(args, 1, NULL), "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/x'");
    MN_DECREF(name);
}

Test(builtins_c, sys_basics)
{
    mn_object *sys = mn_import_module("sys");
    cr_assert(sys);
    expect_repr(mn_object_getattr_str(sys, "platform"), "'linux'");
    expect_repr(mn_object_getattr_str(sys, "byteorder"), "'little'");
    expect_repr(mn_object_getattr_str(sys, "maxsize"), "9223372036854775807");
    mn_object *impl = mn_object_getattr_str(sys, "implementation");
    expect_repr(mn_object_getattr_str(impl, "name"), "'mini'");
    MN_DECREF(impl);
    mn_object *zero = mn_int_from_i64(0);
    expect_repr(mn_object_call_method(sys, "setrecursionlimit", &zero, 1),
                "ValueError: recursion limit must be greater or equal than 1");
    mn_object *five = mn_int_from_i64(5);
    expect_repr(mn_object_call_method(sys, "set_int_max_str_digits", &five, 1),
                "ValueError: maxdigits must be 0 or larger than 640");
    expect_repr(mn_object_call_method(sys, "exit", &five, 1), "SystemExit: 5");
    expect_repr(mn_object_call_method(sys, "exc_info", NULL, 0), "(None, None, None)");
    MN_DECREF(zero);
    MN_DECREF(five);
    /* builtins and sys are registered in sys.modules */
    mn_object *mods = mn_sys_modules();
    cr_expect(mn_dict_get_item_str(mods, "builtins") == mn_stdlib_builtins_module());
    cr_expect(mn_dict_get_item_str(mods, "sys") == sys);
    MN_DECREF(sys);
}

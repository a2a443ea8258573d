/* tests/unit/test_vm_src.c — the VM on compiled source (mn_compile_source +
 * mn_eval_code): calls, closures, generators (send/throw/close/yield from),
 * try/finally/return interplay, exception chaining, recursion, and the
 * exact traceback text (compared with python3's stderr for the same file,
 * /tmp/mn_vm_tb.py). A few builtins the programs need are registered here
 * because the builtins module belongs to another subsystem. */
#include <criterion/criterion.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include "vm/vm.h"
#include "compiler/compiler.h"

static mn_object *b_list(MN_UNUSED mn_object *s, mn_object *const *a, mn_ssize n, MN_UNUSED mn_object *k)
{
    return n ? mn_list_from_iterable(a[0]) : mn_list_new(0);
}
static mn_object *b_next(MN_UNUSED mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    mn_object *r = mn_iter_next(a[0]);
    if (!r && !mn_err_occurred())
        mn_err_set_none(&mn_exc_StopIteration);
    return r;
}
static mn_object *b_range(MN_UNUSED mn_object *s, mn_object *const *a, mn_ssize n, MN_UNUSED mn_object *k)
{
    return n == 1 ? mn_range_new(NULL, a[0], NULL) : mn_range_new(a[0], a[1], n > 2 ? a[2] : NULL);
}
static mn_object *b_sum(MN_UNUSED mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    mn_object *it = mn_object_get_iter(a[0]), *x;
    if (!it)
        return NULL;
    mn_object *acc = mn_int_from_i64(0);
    while (acc && (x = mn_iter_next(it))) {
        MN_SETREF(acc, mn_number_binop(acc, x, MN_BINOP_ADD));
        MN_DECREF(x);
    }
    MN_DECREF(it);
    if (mn_err_occurred())
        MN_CLEAR(acc);
    return acc;
}
static mn_object *b_repr(MN_UNUSED mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    return mn_object_repr(a[0]);
}
static mn_object *b_getframe(MN_UNUSED mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n,
                             MN_UNUSED mn_object *k)
{
    return mn_vm_get_frame(0);
}
static mn_method_def defs[] = {
    { "_getframe", b_getframe, 0, NULL },
    { "list", b_list, 0, NULL }, { "next", b_next, 0, NULL }, { "range", b_range, 0, NULL },
    { "sum", b_sum, 0, NULL }, { "repr", b_repr, 0, NULL }, { NULL, NULL, 0, NULL },
};

static void setup(void)
{
    cr_assert_eq(mn_vm_init_types(), 0);
    mn_object *b = mn_vm_builtins();
    for (int i = 0; defs[i].name; i++) {
        mn_object *f = mn_cfunction_new(&defs[i], NULL, NULL);
        mn_dict_set_item_str(b, defs[i].name, f);
        MN_DECREF(f);
    }
    mn_dict_set_item_str(b, "property", MN_OBJ(&mn_property_type));
    mn_dict_set_item_str(b, "super", MN_OBJ(&mn_super_type));
    mn_dict_set_item_str(b, "bool", MN_OBJ(&mn_bool_type));
    mn_dict_set_item_str(b, "int", MN_OBJ(&mn_int_type));
#define E(name, base) mn_dict_set_item_str(b, #name, MN_OBJ(&mn_exc_##name));
    MN_FOR_EACH_EXCEPTION(E)
#undef E
}
static void teardown(void) { mn_err_clear(); mn_vm_fini(); mn_runtime_fini(); }
TestSuite(vm_src, .init = setup, .fini = teardown);

/* The expected tracebacks name "/tmp/mn_vm_tb.py"; the file actually
 * written has the process id in its name so concurrent test runs don't
 * overwrite each other's source, and check_tb maps it back. */
#define TB_FILE_SHOWN "/tmp/mn_vm_tb.py"
static char tb_file[64];
static const char *tb_path(void)
{
    if (!tb_file[0])
        snprintf(tb_file, sizeof tb_file, "/tmp/mn_vm_tb_%ld.py", (long)getpid());
    return tb_file;
}
#define TB_FILE tb_path()

/* Runs `src` (written to TB_FILE so tracebacks can show source lines) and
 * returns repr(result) where `result` is a global the program sets, or
 * "Type: message" of the uncaught exception. Caller frees. */
static char *run(const char *src, char **tb_text)
{
    FILE *fp = fopen(TB_FILE, "w");
    fputs(src, fp);
    fclose(fp);
    mn_object *code = mn_compile_source(src, (mn_ssize)strlen(src), TB_FILE, MN_COMPILE_EXEC, NULL);
    cr_assert_not_null(code, "compile failed");
    mn_object *g = mn_dict_new();
    mn_object *name = mn_str_from_cstr("__main__");
    mn_dict_set_item_str(g, "__name__", name);
    MN_DECREF(name);
    mn_object *r = mn_eval_code(code, g, NULL);
    char *out;
    if (!r) {
        mn_object *exc = mn_err_fetch();
        if (tb_text) {
            size_t len;
            FILE *ms = open_memstream(tb_text, &len);
            mn_traceback_print(exc, ms);
            fclose(ms);
        }
        mn_object *s = mn_object_str(exc);
        size_t n = strlen(MN_TYPE_NAME(exc)) + (size_t)MN_STR_NBYTES(s) + 4;
        out = malloc(n);
        snprintf(out, n, "%s: %s", MN_TYPE_NAME(exc), mn_str_as_utf8(s));
        MN_DECREF(s);
        MN_DECREF(exc);
    } else {
        MN_DECREF(r);
        mn_object *res = mn_dict_get_item_str(g, "result");
        mn_object *s = res ? mn_object_repr(res) : mn_str_from_cstr("<no result>");
        out = strdup(mn_str_as_utf8(s));
        MN_DECREF(s);
    }
    MN_DECREF(code);
    mn_dict_clear(g);
    MN_DECREF(g);
    return out;
}

static void check(const char *src, const char *expected)
{
    char *got = run(src, NULL);
    cr_assert_str_eq(got, expected, "program:\n%s\ngot: %s", src, got);
    free(got);
}

static void check_tb(const char *src, const char *expected)
{
    char *tb = NULL;
    free(run(src, &tb));
    remove(TB_FILE);
    cr_assert_not_null(tb);
    /* Replace every occurrence of the real file name by the shown one. */
    size_t flen = strlen(TB_FILE), slen = strlen(TB_FILE_SHOWN);
    for (char *p = strstr(tb, TB_FILE); p; p = strstr(p + slen, TB_FILE)) {
        memcpy(p, TB_FILE_SHOWN, slen);
        memmove(p + slen, p + flen, strlen(p + flen) + 1);
    }
    cr_assert_str_eq(tb, expected, "program:\n%s", src);
    free(tb);
}

Test(vm_src, calls_and_closures)
{
    check("def kw(a, b=2, *args, c, d=4, **kw):\n    return (a, b, args, c, d, kw)\n"
          "result = [kw(1, c=3), kw(1, 2, 3, 4, c=5, e=6), kw(*[1, 2], **{'c': 9})]\n",
          /* python3: same program */
          "[(1, 2, (), 3, 4, {}), (1, 2, (3, 4), 5, 4, {'e': 6}), (1, 2, (), 9, 4, {})]");
    check("def outer():\n    a = 1\n    def inner():\n        nonlocal a\n        a += 1\n        return a\n    return inner\n"
          "f = outer()\nresult = (f(), f(), f.__closure__[0].cell_contents)\n", "(2, 3, 3)");
    check("def fib(n):\n    return n if n < 2 else fib(n-1) + fib(n-2)\nresult = fib(20)\n", "6765");
    check("lam = lambda x, y=3: x + y\nresult = (lam(1), lam.__name__, lam.__defaults__)\n", "(4, '<lambda>', (3,))");
    check("def f(): pass\nf(1)\n", "TypeError: f() takes 0 positional arguments but 1 was given");
    check("def f(**k): pass\nf(**1)\n", "TypeError: __main__.f() argument after ** must be a mapping, not int");
    check("def f(*a): pass\nf(*1)\n", "TypeError: __main__.f() argument after * must be an iterable, not int");
    check("def f(**k): pass\nf(**{'a': 1}, a=2)\n", "TypeError: __main__.f() got multiple values for keyword argument 'a'");
    check("def f():\n    return x\n    x = 1\nf()\n",
          "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value");
    check("def f():\n    def g():\n        return x\n    r = g()\n    x = 1\nf()\n",
          "NameError: cannot access free variable 'x' where it is not associated with a value in enclosing scope");
}

Test(vm_src, exceptions_and_finally)
{
    check("def fr():\n    try:\n        return 1\n    finally:\n        result.append('fin')\nresult = []\nresult.append(fr())\n",
          "['fin', 1]");
    check("def f():\n    for i in range(3):\n        try:\n            return i\n        finally:\n            if i == 0:\n                continue\nresult = f()\n",
          "1");
    check("try:\n    raise ValueError('a') from KeyError('b')\nexcept ValueError as e:\n    result = (repr(e.__cause__), e.__suppress_context__)\n",
          "(\"KeyError('b')\", True)");
    check("try:\n    try:\n        1/0\n    except ZeroDivisionError:\n        {}['k']\nexcept KeyError as e:\n    result = repr(e.__context__)\n",
          "\"ZeroDivisionError('division by zero')\"");
    check("raise\n", "RuntimeError: No active exception to reraise");
    check("try:\n    1/0\nexcept 42:\n    pass\n",
          "TypeError: catching classes that do not inherit from BaseException is not allowed");
    check("with 1:\n    pass\n", "TypeError: 'int' object does not support the context manager protocol");
    check("a, *b, c = [1]\n", "ValueError: not enough values to unpack (expected at least 2, got 1)");
    check("x, y = [1, 2, 3]\n", "ValueError: too many values to unpack (expected 2)");
    check("try:\n    raise KeyError\nexcept KeyError as e:\n    result = repr(e)\n", "'KeyError()'");
}

Test(vm_src, generators)
{
    check("def gen(n):\n    for i in range(n):\n        x = yield i\n        if x: out.append(x)\n    return 'done'\n"
          "out = []\ng = gen(3)\nout += [next(g), g.send('hi'), next(g)]\n"
          "try:\n    next(g)\nexcept StopIteration as e:\n    out.append(e.value)\nresult = out\n",
          "['hi', 0, 1, 2, 'done']");
    check("result = sum(x * x for x in range(10))\n", "285");
    check("def inner():\n    yield 1\n    yield 2\n    return 'r'\n"
          "def deleg():\n    r = yield from inner()\n    yield r\nresult = list(deleg())\n",
          "[1, 2, 'r']");
    check("def g2():\n    yield 1\n    raise StopIteration\ntry:\n    list(g2())\nexcept RuntimeError as e:\n"
          "    result = (e.args[0], repr(e.__cause__))\n",
          "('generator raised StopIteration', 'StopIteration()')");
    check("log = []\ndef gg():\n    try:\n        yield 1\n    finally:\n        log.append('closing')\n"
          "it = gg()\nnext(it)\nit.close()\nresult = log\n", "['closing']");
    check("def gg():\n    try:\n        yield 1\n    except KeyError:\n        yield 'caught'\n"
          "it = gg()\nnext(it)\nresult = it.throw(KeyError)\n", "'caught'");
    check("def inner():\n    try:\n        yield 1\n    except KeyError:\n        return 'inner caught'\n"
          "def outer():\n    r = yield from inner()\n    yield r\nit = outer()\nnext(it)\nresult = it.throw(KeyError)\n",
          "'inner caught'");
    check("def g():\n    yield 1\nit = g()\nresult = (it.gi_running, it.gi_frame is not None, it.gi_code.co_name)\n",
          "(False, True, 'g')");
    check("def g():\n    try:\n        yield 1\n    except GeneratorExit:\n        yield 2\nit = g()\nnext(it)\nit.close()\n",
          "RuntimeError: generator ignored GeneratorExit");
    check("def g():\n    next(it)\n    yield 1\nit = g()\nnext(it)\n", "ValueError: generator already executing");
}

Test(vm_src, deep_recursion)
{
    int old = mn_recursion_limit;
    mn_recursion_limit = 100100;
    /* sys.setrecursionlimit(100100); r(100000) */
    check("def r(n):\n    return 0 if n == 0 else r(n - 1) + 1\nresult = r(100000)\n", "100000");
    mn_recursion_limit = old;
    check("def r(n):\n    return r(n)\nr(1)\n", "RecursionError: maximum recursion depth exceeded");
    cr_assert_eq(mn_recursion_depth, 0);
}

Test(vm_src, traceback_text)
{
    /* Expected texts: python3 /tmp/mn_vm_tb.py 2>&1 on the same source. */
    check_tb("def f(a, b):\n    return a[b] + 1\nf({},   \"k\")\n",
             "Traceback (most recent call last):\n  File \"/tmp/mn_vm_tb.py\", line 3, in <module>\n    f({},   \"k\")\n"
             "  File \"/tmp/mn_vm_tb.py\", line 2, in f\n    return a[b] + 1\n           ~^^^\nKeyError: 'k'\n");
    check_tb("def r(n):\n    return r(n)\nr(1)\n",
             "Traceback (most recent call last):\n  File \"/tmp/mn_vm_tb.py\", line 3, in <module>\n    r(1)\n"
             "  File \"/tmp/mn_vm_tb.py\", line 2, in r\n    return r(n)\n           ^^^^\n"
             "  File \"/tmp/mn_vm_tb.py\", line 2, in r\n    return r(n)\n           ^^^^\n"
             "  File \"/tmp/mn_vm_tb.py\", line 2, in r\n    return r(n)\n           ^^^^\n"
             "  [Previous line repeated 996 more times]\nRecursionError: maximum recursion depth exceeded\n");
    check_tb("val = 5\nrepr(valu)\n",
             "Traceback (most recent call last):\n  File \"/tmp/mn_vm_tb.py\", line 2, in <module>\n    repr(valu)\n"
             "         ^^^^\nNameError: name 'valu' is not defined. Did you mean: 'val'?\n");
    check_tb("x = 1\ny = x + (2 * \"a\") - 3\n",
             "Traceback (most recent call last):\n  File \"/tmp/mn_vm_tb.py\", line 2, in <module>\n"
             "    y = x + (2 * \"a\") - 3\n        ~~^~~~~~~~~~~\n"
             "TypeError: unsupported operand type(s) for +: 'int' and 'str'\n");
    check_tb("def f():\n    raise KeyError(\"k\")\ntry:\n    f()\nexcept KeyError as e:\n    raise ValueError(\"v\") from e\n",
             "Traceback (most recent call last):\n  File \"/tmp/mn_vm_tb.py\", line 4, in <module>\n    f()\n"
             "  File \"/tmp/mn_vm_tb.py\", line 2, in f\n    raise KeyError(\"k\")\nKeyError: 'k'\n\n"
             "The above exception was the direct cause of the following exception:\n\n"
             "Traceback (most recent call last):\n  File \"/tmp/mn_vm_tb.py\", line 6, in <module>\n"
             "    raise ValueError(\"v\") from e\nValueError: v\n");
    check_tb("try:\n    {}[\"a\"]\nexcept KeyError:\n    None.foo\n",
             "Traceback (most recent call last):\n  File \"/tmp/mn_vm_tb.py\", line 2, in <module>\n    {}[\"a\"]\n"
             "    ~~^^^^^\nKeyError: 'a'\n\nDuring handling of the above exception, another exception occurred:\n\n"
             "Traceback (most recent call last):\n  File \"/tmp/mn_vm_tb.py\", line 4, in <module>\n    None.foo\n"
             "AttributeError: 'NoneType' object has no attribute 'foo'\n");
    check_tb("def f(s):\n    return s.uppr()\nf('x')\n",
             "Traceback (most recent call last):\n  File \"/tmp/mn_vm_tb.py\", line 3, in <module>\n    f('x')\n"
             "  File \"/tmp/mn_vm_tb.py\", line 2, in f\n    return s.uppr()\n           ^^^^^^\n"
             "AttributeError: 'str' object has no attribute 'uppr'. Did you mean: 'upper'?\n");
}

Test(vm_src, frames_and_super)
{
    /* (No local holds the frame object: frame -> locals -> frame would be a
     * cycle, and the cycle collector isn't there yet.) */
    check("def f():\n    x = 1\n"
          "    return (_getframe().f_code.co_name, _getframe().f_lineno, _getframe().f_locals['x'],\n"
          "            _getframe().f_back.f_code.co_name, repr(_getframe())[:12])\nresult = f()\n",
          "('f', 3, 1, '<module>', '<frame at 0x')");
    /* A frame object kept after its frame returned keeps its locals. */
    check("def f():\n    y = [1]\n    return _getframe()\nfr = f()\nresult = (fr.f_locals, fr.f_back.f_code.co_name)\n",
          "({'y': [1]}, '<module>')");
    check("result = _getframe().f_globals is globals_check\n", "NameError: name 'globals_check' is not defined");
    /* super(bool, True).bit_length() -> int.bit_length(True) */
    check("result = (super(bool, True).bit_length(), repr(super(int, 5)))\n", "(1, \"<super: <class 'int'>, <int object>>\")");
    check("super(bool, 5)\n", "TypeError: super(type, obj): obj must be an instance or subtype of type");
    check("def f():\n    super()\nf()\n", "RuntimeError: super(): no arguments");
    check("def f(x):\n    super()\nf(1)\n", "RuntimeError: super(): __class__ cell not found");
}

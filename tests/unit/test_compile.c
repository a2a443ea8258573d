/* tests/unit/test_compile.c — the bytecode compiler: symbol tables, compile
 * errors (messages and locations from python3 3.11), disassembly of small
 * snippets, constant folding, positions and exception tables. Expected
 * values come from CPython 3.11 (the Python that produced each is in the
 * comment next to it). */
#include <criterion/criterion.h>
#include <string.h>
#include "compiler/compiler.h"
#include "runtime/runtime.h"

static void setup(void) { mn_runtime_init(); mn_code_init_types(); }
static void teardown(void) { mn_runtime_fini(); }
TestSuite(compile, .init = setup, .fini = teardown);

static mn_object *comp(const char *src)
{
    return mn_compile_source(src, (mn_ssize)strlen(src), "x.py", MN_COMPILE_EXEC, NULL);
}

/* Disassembly of src as a malloc'd C string. */
static char *dis(const char *src)
{
    mn_object *co = comp(src);
    cr_assert(co != NULL, "compile failed: %s", src);
    mn_object *s = mn_dis_code_to_str(co);
    cr_assert(s != NULL);
    char *r = strdup(mn_str_as_utf8(s));
    MN_DECREF(s);
    MN_DECREF(co);
    return r;
}

/* Checks that the opcodes appear in this order in the disassembly. */
static void expect_seq(const char *src, const char *const *ops)
{
    char *d = dis(src);
    const char *p = d;
    for (int i = 0; ops[i]; i++) {
        const char *q = strstr(p, ops[i]);
        cr_assert(q != NULL, "missing '%s' after position %ld in:\n%s", ops[i], (long)(p - d), d);
        p = q + strlen(ops[i]);
    }
    free(d);
}

static void expect_error(const char *src, const char *type, const char *msg, int lineno, int offset)
{
    mn_object *co = comp(src);
    cr_assert(co == NULL, "expected %s for %s", type, src);
    mn_object *e = mn_err_fetch();
    cr_assert_str_eq(MN_TYPE_NAME(e), type);
    mn_object *s = mn_object_str(e);
    cr_assert(s);
    cr_assert_str_eq(mn_str_as_utf8(s), msg);
    MN_DECREF(s);
    if (lineno) {
        mn_object *ln = mn_object_getattr_str(e, "lineno");
        mn_object *off = mn_object_getattr_str(e, "offset");
        cr_assert(ln && off);
        cr_assert_eq(mn_int_as_ssize(ln), lineno, "lineno of %s", src);
        cr_assert_eq(mn_int_as_ssize(off), offset, "offset of %s", src);
        MN_DECREF(ln);
        MN_DECREF(off);
    }
    MN_DECREF(e);
}

Test(compile, binary_add)
{
    /* dis.dis('a + b'): LOAD_NAME 0 (a), LOAD_NAME 1 (b), BINARY_OP 0 (+) */
    expect_seq("a + b", (const char *const[]){"LOAD_NAME                0 (a)", "LOAD_NAME                1 (b)",
                                               "BINARY_OP                0 (+)", "POP_TOP", "RETURN_VALUE", NULL});
}

Test(compile, chained_compare_evaluates_middle_once)
{
    expect_seq("x = a < b < c", (const char *const[]){"LOAD_NAME", "LOAD_NAME", "SWAP                     2",
                                                      "COPY                     2", "COMPARE_OP               0 (<)",
                                                      "JUMP_IF_FALSE_OR_POP", "COMPARE_OP", NULL});
}

Test(compile, constant_folding)
{
    /* compile('x = 2 ** 10', ...).co_consts == (1024, None) */
    expect_seq("x = 2 ** 10", (const char *const[]){"LOAD_CONST               0 (1024)", NULL});
    /* 1/0 stays an operation */
    expect_seq("x = 1 / 0", (const char *const[]){"LOAD_CONST", "LOAD_CONST", "BINARY_OP               11 (/)", NULL});
    /* 2 ** 200 has more than 128 bits: not folded */
    expect_seq("x = 2 ** 200", (const char *const[]){"BINARY_OP                8 (**)", NULL});
    /* "a" * 5000 too long */
    expect_seq("x = 'a' * 5000", (const char *const[]){"BINARY_OP                5 (*)", NULL});
    /* tuples of constants: one LOAD_CONST ((1, 2, (3, 'a'))) */
    expect_seq("x = (1, 2, (3, 'a'))", (const char *const[]){"LOAD_CONST               0 ((1, 2, (3, 'a')))", NULL});
    /* -5 and not */
    expect_seq("x = -5", (const char *const[]){"LOAD_CONST               0 (-5)", NULL});
    /* x in [1,2,3] -> tuple constant; in {1,2} -> frozenset */
    expect_seq("x in [1, 2, 3]", (const char *const[]){"LOAD_CONST               0 ((1, 2, 3))", "CONTAINS_OP", NULL});
    expect_seq("x in {1, 2}", (const char *const[]){"LOAD_CONST               0 (frozenset({1, 2}))", "CONTAINS_OP", NULL});
}

Test(compile, constants_distinct_by_type)
{
    /* compile('a = 1; b = 1.0; c = True; d = 1', '', 'exec').co_consts == (1, 1.0, True, None) */
    mn_object *co = comp("a = 1; b = 1.0; c = True; d = 1");
    cr_assert(co);
    mn_object *r = mn_object_repr(((mn_code *)co)->consts);
    cr_assert_str_eq(mn_str_as_utf8(r), "(1, 1.0, True, None)");
    MN_DECREF(r);
    MN_DECREF(co);
}

Test(compile, calls)
{
    expect_seq("def f():\n  g(1, k=2)\n", (const char *const[]){"LOAD_GLOBAL              1 (NULL + g)", "LOAD_CONST",
                                                                "LOAD_CONST", "KW_NAMES", "CALL                     2", NULL});
    expect_seq("o.m(1)", (const char *const[]){"LOAD_NAME", "LOAD_METHOD              1 (m)", "CALL                     1", NULL});
    expect_seq("f(*a, **k)", (const char *const[]){"PUSH_NULL", "LOAD_NAME", "LOAD_NAME", "BUILD_MAP                0",
                                                   "DICT_MERGE", "CALL_FUNCTION_EX         1", NULL});
}

Test(compile, try_except_table)
{
    char *d = dis("try:\n  f()\nexcept E as e:\n  g()\n");
    cr_assert(strstr(d, "PUSH_EXC_INFO"));
    cr_assert(strstr(d, "CHECK_EXC_MATCH"));
    cr_assert(strstr(d, "ExceptionTable:"));
    cr_assert(strstr(d, "lasti"));
    cr_assert(strstr(d, "DELETE_NAME"));   /* e is deleted after the handler */
    free(d);
}

Test(compile, closures_and_cells)
{
    mn_object *co = comp("def f(n):\n  y = 1\n  def g():\n    return n + y\n  return g\n");
    cr_assert(co);
    mn_code *f = (mn_code *)MN_TUPLE_GET(((mn_code *)co)->consts, 0);
    cr_assert(MN_CODE_CHECK(f));
    mn_object *r = mn_object_repr(f->cellvars);
    /* f.__code__.co_cellvars == ('n', 'y') */
    cr_assert_str_eq(mn_str_as_utf8(r), "('n', 'y')");
    MN_DECREF(r);
    mn_code *g = NULL;
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(f->consts); i++)
        if (MN_CODE_CHECK(MN_TUPLE_GET(f->consts, i)))
            g = (mn_code *)MN_TUPLE_GET(f->consts, i);
    cr_assert(g);
    r = mn_object_repr(g->freevars);
    cr_assert_str_eq(mn_str_as_utf8(r), "('n', 'y')");
    MN_DECREF(r);
    r = mn_object_repr(g->qualname);
    cr_assert_str_eq(mn_str_as_utf8(r), "'f.<locals>.g'");
    MN_DECREF(r);
    MN_DECREF(co);
}

Test(compile, class_cell_for_super)
{
    char *d = dis("class C:\n  def m(self):\n    return super().m()\n");
    cr_assert(strstr(d, "MAKE_CELL                0 (__class__)"), "%s", d);
    cr_assert(strstr(d, "__classcell__"));
    cr_assert(strstr(d, "COPY_FREE_VARS"));
    free(d);
}

Test(compile, generator_flags)
{
    mn_object *co = comp("def g():\n  yield 1\nasync def c():\n  await x\n");
    cr_assert(co);
    mn_code *g = (mn_code *)MN_TUPLE_GET(((mn_code *)co)->consts, 0);
    /* g.__code__.co_flags & 0x20 (CO_GENERATOR) */
    cr_assert(g->flags & MN_CO_GENERATOR);
    cr_assert(MN_INSTR_OP(g->code[0]) == MN_OP_RETURN_GENERATOR);
    MN_DECREF(co);
}

Test(compile, positions)
{
    /* list(compile('x = a.b + f(c)', 'x', 'exec').co_positions()) */
    mn_object *co = comp("x = a.b + f(c)");
    cr_assert(co);
    mn_object *p = mn_object_call_method(co, "co_positions", NULL, 0);
    cr_assert(p);
    mn_object *r = mn_object_repr(p);
    /* CPython (without its CACHE entries): RESUME (0,1,0,0), LOAD_NAME a (1,1,4,5),
     * LOAD_ATTR (1,1,4,7), PUSH_NULL (1,1,10,11), LOAD_NAME f (1,1,10,11),
     * LOAD_NAME c (1,1,12,13), CALL (1,1,10,14), BINARY_OP (1,1,4,14),
     * STORE_NAME x (1,1,0,1) */
    cr_assert_str_eq(mn_str_as_utf8(r),
                     "[(0, 1, 0, 0), (1, 1, 4, 5), (1, 1, 4, 7), (1, 1, 10, 11), (1, 1, 10, 11), "
                     "(1, 1, 12, 13), (1, 1, 10, 14), (1, 1, 4, 14), (1, 1, 0, 1), (1, 1, 0, 1), (1, 1, 0, 1)]");
    MN_DECREF(r);
    MN_DECREF(p);
    MN_DECREF(co);
}

Test(compile, errors)
{
    expect_error("return 1", "SyntaxError", "'return' outside function (x.py, line 1)", 1, 1);
    expect_error("break", "SyntaxError", "'break' outside loop (x.py, line 1)", 1, 1);
    expect_error("continue", "SyntaxError", "'continue' not properly in loop (x.py, line 1)", 1, 1);
    expect_error("yield 1", "SyntaxError", "'yield' outside function (x.py, line 1)", 1, 1);
    expect_error("def f():\n  nonlocal x", "SyntaxError", "no binding for nonlocal 'x' found (x.py, line 2)", 2, 3);
    expect_error("def f():\n  x=1\n  global x", "SyntaxError",
                 "name 'x' is assigned to before global declaration (x.py, line 3)", 3, 3);
    expect_error("def f():\n  print(x)\n  global x", "SyntaxError",
                 "name 'x' is used prior to global declaration (x.py, line 3)", 3, 3);
    expect_error("def f(a, a): pass", "SyntaxError", "duplicate argument 'a' in function definition (x.py, line 1)", 1, 10);
    expect_error("nonlocal x", "SyntaxError", "nonlocal declaration not allowed at module level (x.py, line 1)", 1, 1);
    expect_error("def f():\n  from x import *", "SyntaxError", "import * only allowed at module level (x.py, line 2)", 2, 17);
    expect_error("a, *b, *c = d", "SyntaxError", "multiple starred expressions in assignment (x.py, line 1)", 1, 1);
    expect_error("f(x=1, x=2)", "SyntaxError", "keyword argument repeated: x (x.py, line 1)", 1, 8);
}

Test(compile, deep_nesting_does_not_crash)
{
    /* 100 nested ifs: parser/compiler limits give an exception, never a crash */
    char src[20000];
    int n = 0;
    for (int i = 0; i < 100; i++) {
        for (int j = 0; j < i; j++)
            src[n++] = ' ';
        n += sprintf(src + n, "if x:\n");
    }
    for (int j = 0; j < 100; j++)
        src[n++] = ' ';
    n += sprintf(src + n, "pass\n");
    src[n] = 0;
    mn_object *co = comp(src);
    if (co)
        MN_DECREF(co);
    else
        mn_err_clear();
    /* 25 nested for loops: too many statically nested blocks */
    n = 0;
    for (int i = 0; i < 25; i++) {
        for (int j = 0; j < i; j++)
            src[n++] = ' ';
        n += sprintf(src + n, "for x in y:\n");
    }
    for (int j = 0; j < 25; j++)
        src[n++] = ' ';
    n += sprintf(src + n, "pass\n");
    src[n] = 0;
    expect_error(src, "SyntaxError", "too many statically nested blocks (x.py, line 21)", 0, 0);
}

Test(compile, eval_mode)
{
    mn_object *co = mn_compile_source("1 + x", 5, "<string>", MN_COMPILE_EVAL, NULL);
    cr_assert(co);
    mn_object *s = mn_dis_code_to_str(co);
    cr_assert(s);
    char *d = strdup(mn_str_as_utf8(s));
    MN_DECREF(s);
    cr_assert(strstr(d, "RETURN_VALUE"));
    cr_assert(!strstr(d, "None"));
    free(d);
    MN_DECREF(co);
}

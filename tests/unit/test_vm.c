/* tests/unit/test_vm.c — the virtual machine with hand-assembled code
 * objects: arithmetic fast paths, calls and every argument-binding
 * TypeError, closures, the recursion limit and 100000-deep recursion,
 * exception-table unwinding, generators, function/method/property objects.
 * Expected strings come from CPython 3.11 (the Python source that produces
 * each is in the comment next to it). */
#include <criterion/criterion.h>
#include <string.h>
#include <stdarg.h>
#include "vm/vm.h"
#include "vm/frame.h"

static void setup(void) { cr_assert_eq(mn_vm_init_types(), 0); }
static void teardown(void) { mn_err_clear(); mn_vm_fini(); mn_runtime_fini(); }
TestSuite(vm, .init = setup, .fini = teardown);

#define I(op, arg) MN_INSTR(MN_OP_##op, (arg))

/* Tuple of interned strs from a comma-separated list ("" -> ()). */
static mn_object *strs(const char *csv)
{
    mn_object *l = mn_list_new(0);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", csv);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        mn_object *s = mn_str_intern_cstr(tok);
        mn_list_append(l, s);
        MN_DECREF(s);
    }
    mn_object *t = mn_list_as_tuple(l);
    MN_DECREF(l);
    return t;
}

typedef struct {
    const char *name, *names, *locals;   /* co_names, localsplus names */
    const char *kinds;                   /* per local: 'a' arg, 'l' local, 'c' cell, 'f' free */
    int argcount, posonly, kwonly, flags, stacksize;
    mn_exc_entry *exc;
    int nexc;
} code_spec;

/* Builds a code object; consts is a tuple (stolen). */
static mn_object *mkcode(const mn_instr *ins, int n, mn_object *consts, code_spec s)
{
    mn_instr *code = mn_mem_alloc(sizeof(mn_instr) * (size_t)n);
    memcpy(code, ins, sizeof(mn_instr) * (size_t)n);
    mn_code_pos *pos = mn_mem_alloc(sizeof(mn_code_pos) * (size_t)n);
    for (int i = 0; i < n; i++)
        pos[i] = (mn_code_pos){ i + 1, i + 1, -1, -1 };
    mn_object *names = strs(s.names ? s.names : "");
    mn_object *lp = strs(s.locals ? s.locals : "");
    int nl = (int)MN_TUPLE_SIZE(lp);
    uint8_t *kinds = mn_mem_alloc((size_t)nl + 1);
    for (int i = 0; i < nl; i++) {
        char k = s.kinds ? s.kinds[i] : 'l';
        kinds[i] = k == 'a' ? (MN_LOCAL_ARG | MN_LOCAL_PLAIN) : k == 'c' ? MN_LOCAL_CELL
                 : k == 'f' ? MN_LOCAL_FREE : MN_LOCAL_PLAIN;
    }
    mn_exc_entry *exc = NULL;
    if (s.nexc) {
        exc = mn_mem_alloc(sizeof(mn_exc_entry) * (size_t)s.nexc);
        memcpy(exc, s.exc, sizeof(mn_exc_entry) * (size_t)s.nexc);
    }
    mn_object *name = mn_str_from_cstr(s.name ? s.name : "f");
    mn_object *file = mn_str_from_cstr("<test>");
    mn_code *co = mn_code_new(code, n, pos, exc, s.nexc, consts, names, lp, kinds, s.argcount, s.posonly,
                              s.kwonly, s.stacksize ? s.stacksize : 8, s.flags | MN_CO_OPTIMIZED | MN_CO_NEWLOCALS,
                              1, name, NULL, file);
    MN_DECREF(consts); MN_DECREF(names); MN_DECREF(lp); MN_DECREF(name); MN_DECREF(file);
    return MN_OBJ(co);
}

static mn_object *ints(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    mn_object *t = mn_tuple_new(n);
    for (int i = 0; i < n; i++)
        MN_TUPLE_SET(t, i, mn_int_from_i64(va_arg(ap, int)));
    va_end(ap);
    return t;
}

static void assert_repr(mn_object *o, const char *expected)
{
    if (!o) {
        mn_object *e = mn_err_fetch();
        mn_object *s = e ? mn_object_str(e) : NULL;
        cr_assert_fail("expected %s, got error %s: %s", expected, e ? MN_TYPE_NAME(e) : "?",
                       s ? mn_str_as_utf8(s) : "?");
    }
    mn_object *r = mn_object_repr(o);
    cr_assert_not_null(r);
    cr_assert_str_eq(mn_str_as_utf8(r), expected);
    MN_DECREF(r);
    MN_DECREF(o);
}

static void assert_error(mn_object *res, const char *expected)
{
    cr_assert_null(res, "expected an error (%s)", expected);
    mn_object *exc = mn_err_fetch();
    cr_assert_not_null(exc, "expected an exception");
    mn_object *s = mn_object_str(exc);
    char buf[512];
    snprintf(buf, sizeof buf, "%s: %s", MN_TYPE_NAME(exc), mn_str_as_utf8(s));
    MN_DECREF(s);
    MN_DECREF(exc);
    cr_assert_str_eq(buf, expected);
}

static mn_object *run_module(mn_object *code)
{
    mn_object *g = mn_dict_new();
    mn_object *r = mn_eval_code(code, g, NULL);
    MN_DECREF(g);
    MN_DECREF(code);
    return r;
}

Test(vm, arithmetic_fast_paths)
{
    /* 2 + 3 * 4 - 20 // 3 -> 8 */
    mn_instr c[] = { I(LOAD_CONST, 0), I(LOAD_CONST, 1), I(LOAD_CONST, 2), I(BINARY_OP, MN_BINOP_MULTIPLY),
                     I(BINARY_OP, MN_BINOP_ADD), I(LOAD_CONST, 3), I(LOAD_CONST, 4),
                     I(BINARY_OP, MN_BINOP_FLOOR_DIVIDE), I(BINARY_OP, MN_BINOP_SUBTRACT), I(RETURN_VALUE, 0) };
    assert_repr(run_module(mkcode(c, 10, ints(5, 2, 3, 4, 20, 3), (code_spec){ 0 })), "8");
    /* -7 // 2, -7 % 2 -> (-4, 1) */
    mn_instr d[] = { I(LOAD_CONST, 0), I(LOAD_CONST, 1), I(BINARY_OP, MN_BINOP_FLOOR_DIVIDE), I(LOAD_CONST, 0),
                     I(LOAD_CONST, 1), I(BINARY_OP, MN_BINOP_REMAINDER), I(BUILD_TUPLE, 2), I(RETURN_VALUE, 0) };
    assert_repr(run_module(mkcode(d, 8, ints(2, -7, 2), (code_spec){ 0 })), "(-4, 1)");
    /* 2**62 + 2**62 overflows int64 -> 9223372036854775808 */
    mn_object *k = mn_tuple_new(1);
    MN_TUPLE_SET(k, 0, mn_int_from_i64((int64_t)1 << 62));
    mn_instr e[] = { I(LOAD_CONST, 0), I(LOAD_CONST, 0), I(BINARY_OP, MN_BINOP_ADD), I(RETURN_VALUE, 0) };
    assert_repr(run_module(mkcode(e, 4, k, (code_spec){ 0 })), "9223372036854775808");
    /* 1.5 * 2 < 3.5 -> True */
    mn_object *fc = mn_tuple_new(3);
    MN_TUPLE_SET(fc, 0, mn_float_from_double(1.5));
    MN_TUPLE_SET(fc, 1, mn_int_from_i64(2));
    MN_TUPLE_SET(fc, 2, mn_float_from_double(3.5));
    mn_instr f[] = { I(LOAD_CONST, 0), I(LOAD_CONST, 1), I(BINARY_OP, MN_BINOP_MULTIPLY), I(LOAD_CONST, 2),
                     I(COMPARE_OP, MN_LT), I(RETURN_VALUE, 0) };
    assert_repr(run_module(mkcode(f, 6, fc, (code_spec){ 0 })), "True");
    /* 1 / 0 -> ZeroDivisionError: division by zero */
    mn_instr z[] = { I(LOAD_CONST, 0), I(LOAD_CONST, 1), I(BINARY_OP, MN_BINOP_TRUE_DIVIDE), I(RETURN_VALUE, 0) };
    assert_error(run_module(mkcode(z, 4, ints(2, 1, 0), (code_spec){ 0 })), "ZeroDivisionError: division by zero");
}

Test(vm, names_and_errors)
{
    /* x = 5; return x + y  with y missing -> NameError: name 'y' is not defined */
    mn_instr c[] = { I(LOAD_CONST, 0), I(STORE_NAME, 0), I(LOAD_NAME, 0), I(LOAD_NAME, 1), I(BINARY_OP, 0),
                     I(RETURN_VALUE, 0) };
    assert_error(run_module(mkcode(c, 6, ints(1, 5), (code_spec){ .names = "x,y" })),
                 "NameError: name 'y' is not defined");
    /* def f(): return x; x = 1  -> UnboundLocalError (3.11 message) */
    mn_instr d[] = { I(LOAD_FAST, 0), I(RETURN_VALUE, 0) };
    mn_object *code = mkcode(d, 2, mn_tuple_new(0), (code_spec){ .locals = "x" });
    mn_object *g = mn_dict_new();
    mn_object *fn = mn_function_new(code, g, NULL);
    assert_error(mn_object_call0(fn),
                 "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value");
    MN_DECREF(fn); MN_DECREF(code); MN_DECREF(g);
    /* a, b, c = (1, 2) -> ValueError: not enough values to unpack (expected 3, got 2) */
    mn_instr u[] = { I(LOAD_CONST, 0), I(UNPACK_SEQUENCE, 3), I(RETURN_VALUE, 0) };
    mn_object *cs = mn_tuple_new(1);
    MN_TUPLE_SET(cs, 0, ints(2, 1, 2));
    assert_error(run_module(mkcode(u, 3, cs, (code_spec){ 0 })),
                 "ValueError: not enough values to unpack (expected 3, got 2)");
    /* a, b = 1 -> TypeError: cannot unpack non-iterable int object */
    mn_instr u2[] = { I(LOAD_CONST, 0), I(UNPACK_SEQUENCE, 2), I(RETURN_VALUE, 0) };
    assert_error(run_module(mkcode(u2, 3, ints(1, 1), (code_spec){ 0 })),
                 "TypeError: cannot unpack non-iterable int object");
    /* a, b = range(3) -> ValueError: too many values to unpack (expected 2) */
    mn_object *rs = mn_tuple_new(1);
    mn_object *three = mn_int_from_i64(3);
    MN_TUPLE_SET(rs, 0, mn_range_new(NULL, three, NULL));
    MN_DECREF(three);
    assert_error(run_module(mkcode(u2, 3, rs, (code_spec){ 0 })), "ValueError: too many values to unpack (expected 2)");
}

/* def f(a, b=2, /, c=3, *args, k, **kw) style functions called from C. */
static mn_object *make_fn(const char *locals, const char *kinds, int argc, int posonly, int kwonly, int flags,
                          const char *qualname)
{
    mn_instr d[] = { I(LOAD_CONST, 0), I(RETURN_VALUE, 0) };
    mn_object *consts = mn_tuple_new(1);
    MN_TUPLE_SET(consts, 0, mn_new_ref(mn_none));
    mn_object *code = mkcode(d, 2, consts, (code_spec){ .locals = locals, .kinds = kinds, .argcount = argc,
                                                       .posonly = posonly, .kwonly = kwonly, .flags = flags });
    mn_object *g = mn_dict_new();
    mn_object *qn = mn_str_from_cstr(qualname);
    mn_object *fn = mn_function_new(code, g, qn);
    MN_DECREF(qn); MN_DECREF(code); MN_DECREF(g);
    return fn;
}

static mn_object *callv(mn_object *fn, int npos, const char *kw, ...)
{
    mn_object *args[16];
    va_list ap;
    va_start(ap, kw);
    mn_object *kwnames = kw ? strs(kw) : NULL;
    int total = npos + (kwnames ? (int)MN_TUPLE_SIZE(kwnames) : 0);
    for (int i = 0; i < total; i++)
        args[i] = mn_int_from_i64(va_arg(ap, int));
    va_end(ap);
    mn_object *r = mn_object_call(fn, args, npos, kwnames);
    for (int i = 0; i < total; i++)
        MN_DECREF(args[i]);
    MN_XDECREF(kwnames);
    return r;
}

Test(vm, argument_binding_errors)
{
    mn_object *f = make_fn("a,b", "aa", 2, 0, 0, 0, "f");
    /* def f(a, b): pass */
    assert_error(callv(f, 1, NULL, 1), "TypeError: f() missing 1 required positional argument: 'b'");
    assert_error(callv(f, 0, NULL), "TypeError: f() missing 2 required positional arguments: 'a' and 'b'");
    assert_error(callv(f, 3, NULL, 1, 2, 3), "TypeError: f() takes 2 positional arguments but 3 were given");
    assert_error(callv(f, 1, "z", 1, 2), "TypeError: f() got an unexpected keyword argument 'z'");
    assert_error(callv(f, 1, "a", 1, 2), "TypeError: f() got multiple values for argument 'a'");
    assert_repr(callv(f, 1, "b", 1, 2), "None");
    MN_DECREF(f);
    /* def g(a, b, c): pass; g() */
    f = make_fn("a,b,c", "aaa", 3, 0, 0, 0, "g");
    assert_error(callv(f, 0, NULL), "TypeError: g() missing 3 required positional arguments: 'a', 'b', and 'c'");
    MN_DECREF(f);
    /* def h(a, b=1): pass; h(1, 2, 3) */
    f = make_fn("a,b", "aa", 2, 0, 0, 0, "h");
    ((mn_function *)f)->defaults = ints(1, 1);
    assert_error(callv(f, 3, NULL, 1, 2, 3), "TypeError: h() takes from 1 to 2 positional arguments but 3 were given");
    assert_repr(callv(f, 1, NULL, 1), "None");
    MN_DECREF(f);
    /* def k(a, *, k): pass */
    f = make_fn("a,k", "aa", 1, 0, 1, 0, "k");
    assert_error(callv(f, 1, NULL, 1), "TypeError: k() missing 1 required keyword-only argument: 'k'");
    assert_error(callv(f, 2, "k", 1, 2, 3),
                 "TypeError: k() takes 1 positional argument but 2 positional arguments (and 1 keyword-only argument) were given");
    assert_repr(callv(f, 1, "k", 1, 2), "None");
    MN_DECREF(f);
    /* def p(a, b, /, c): pass; p(a=1, b=2, c=3) */
    f = make_fn("a,b,c", "aaa", 3, 2, 0, 0, "p");
    assert_error(callv(f, 0, "a,b,c", 1, 2, 3),
                 "TypeError: p() got some positional-only arguments passed as keyword arguments: 'a, b'");
    MN_DECREF(f);
    /* class A: def m(self): pass;  A().m(1) */
    f = make_fn("self", "a", 1, 0, 0, 0, "A.m");
    assert_error(callv(f, 2, NULL, 1, 2), "TypeError: A.m() takes 1 positional argument but 2 were given");
    MN_DECREF(f);
    /* def v(a, *args, **kw): return ...  with extra positional and keywords works */
    f = make_fn("a,args,kw", "aaa", 1, 0, 0, MN_CO_VARARGS | MN_CO_VARKEYWORDS, "v");
    assert_repr(callv(f, 3, "x,y", 1, 2, 3, 4, 5), "None");
    MN_DECREF(f);
}

/* def r(n): return 0 if n == 0 else r(n - 1) + 1 */
static mn_object *make_recursive(mn_object *g)
{
    mn_instr c[] = {
        I(LOAD_FAST, 0), I(LOAD_CONST, 0), I(COMPARE_OP, MN_EQ), I(POP_JUMP_IF_FALSE, 6),
        I(LOAD_CONST, 0), I(RETURN_VALUE, 0),
        I(LOAD_GLOBAL, 1), I(LOAD_FAST, 0), I(LOAD_CONST, 1), I(BINARY_OP, MN_BINOP_SUBTRACT), I(CALL, 1),
        I(LOAD_CONST, 1), I(BINARY_OP, MN_BINOP_ADD), I(RETURN_VALUE, 0),
    };
    mn_object *code = mkcode(c, 14, ints(2, 0, 1), (code_spec){ .name = "r", .names = "r", .locals = "n",
                                                               .kinds = "a", .argcount = 1 });
    mn_object *fn = mn_function_new(code, g, NULL);
    MN_DECREF(code);
    mn_dict_set_item_str(g, "r", fn);
    return fn;
}

Test(vm, recursion)
{
    mn_object *g = mn_dict_new();
    mn_object *fn = make_recursive(g);
    mn_object *n = mn_int_from_i64(500);
    assert_repr(mn_object_call1(fn, n), "500");
    MN_DECREF(n);
    /* r(5000) with the default limit -> RecursionError */
    n = mn_int_from_i64(5000);
    assert_error(mn_object_call1(fn, n), "RecursionError: maximum recursion depth exceeded");
    MN_DECREF(n);
    /* sys.setrecursionlimit(200000); r(100000) -> 100000 */
    int old = mn_recursion_limit;
    mn_recursion_limit = 200000;
    n = mn_int_from_i64(100000);
    assert_repr(mn_object_call1(fn, n), "100000");
    MN_DECREF(n);
    mn_recursion_limit = old;
    cr_assert_eq(mn_recursion_depth, 0);
    mn_dict_clear(g);
    MN_DECREF(fn);
    MN_DECREF(g);
}

Test(vm, exception_table)
{
    /* try: 1/0
     * except ZeroDivisionError: return 7       -> 7 */
    mn_instr c[] = {
        /* 0 */ I(NOP, 0), I(LOAD_CONST, 0), I(LOAD_CONST, 1), I(BINARY_OP, MN_BINOP_TRUE_DIVIDE), I(RETURN_VALUE, 0),
        /* 5 handler */ I(PUSH_EXC_INFO, 0), I(LOAD_GLOBAL, 0), I(CHECK_EXC_MATCH, 0), I(POP_JUMP_IF_FALSE, 14),
        /* 9 */ I(POP_TOP, 0), I(POP_EXCEPT, 0), I(LOAD_CONST, 2), I(RETURN_VALUE, 0), I(NOP, 0),
        /* 14 */ I(RERAISE, 0),
        /* 15 cleanup */ I(COPY, 3), I(POP_EXCEPT, 0), I(RERAISE, 1),
    };
    mn_exc_entry exc[] = { { 1, 5, 5, 0, 0 }, { 5, 15, 15, 1, 1 } };
    mn_object *g = mn_dict_new();
    mn_dict_set_item_str(g, "ZeroDivisionError", MN_OBJ(&mn_exc_ZeroDivisionError));
    mn_object *code = mkcode(c, 18, ints(3, 1, 0, 7), (code_spec){ .names = "ZeroDivisionError", .exc = exc, .nexc = 2 });
    assert_repr(mn_eval_code(code, g, NULL), "7");
    /* Same with KeyError: propagates; handled exception restored to None. */
    mn_dict_set_item_str(g, "ZeroDivisionError", MN_OBJ(&mn_exc_KeyError));
    assert_error(mn_eval_code(code, g, NULL), "ZeroDivisionError: division by zero");
    cr_assert_null(mn_vm_handled_exception());
    /* except 42: -> TypeError: catching classes that do not inherit from BaseException is not allowed */
    mn_object *k = mn_int_from_i64(42);
    mn_dict_set_item_str(g, "ZeroDivisionError", k);
    MN_DECREF(k);
    assert_error(mn_eval_code(code, g, NULL),
                 "TypeError: catching classes that do not inherit from BaseException is not allowed");
    MN_DECREF(code);
    MN_DECREF(g);
}

Test(vm, raise_rules)
{
    /* raise  (nothing active) -> RuntimeError: No active exception to reraise */
    mn_instr c[] = { I(RAISE_VARARGS, 0) };
    assert_error(run_module(mkcode(c, 1, mn_tuple_new(0), (code_spec){ 0 })),
                 "RuntimeError: No active exception to reraise");
    /* raise 5 -> TypeError: exceptions must derive from BaseException */
    mn_instr d[] = { I(LOAD_CONST, 0), I(RAISE_VARARGS, 1) };
    assert_error(run_module(mkcode(d, 2, ints(1, 5), (code_spec){ 0 })),
                 "TypeError: exceptions must derive from BaseException");
    /* raise ValueError from KeyError -> instance with __cause__ */
    mn_object *cs = mn_tuple_new(2);
    MN_TUPLE_SET(cs, 0, MN_NEW_REF(&mn_exc_ValueError));
    MN_TUPLE_SET(cs, 1, MN_NEW_REF(&mn_exc_KeyError));
    mn_instr e[] = { I(LOAD_CONST, 0), I(LOAD_CONST, 1), I(RAISE_VARARGS, 2) };
    cr_assert_null(run_module(mkcode(e, 3, cs, (code_spec){ 0 })));
    mn_object *exc = mn_err_fetch();
    cr_assert(MN_TYPE(exc) == &mn_exc_ValueError);
    mn_base_exception *be = (mn_base_exception *)exc;
    cr_assert(be->cause && MN_TYPE(be->cause) == &mn_exc_KeyError);
    cr_assert(be->suppress_context);
    cr_assert_not_null(be->traceback);
    MN_DECREF(exc);
}

/* def g(): yield 1; x = yield 2; return x */
static mn_object *make_gen(mn_object *g)
{
    mn_instr c[] = {
        I(RETURN_GENERATOR, 0), I(POP_TOP, 0), I(RESUME, 0),
        I(LOAD_CONST, 0), I(YIELD_VALUE, 0), I(RESUME, 1), I(POP_TOP, 0),
        I(LOAD_CONST, 1), I(YIELD_VALUE, 0), I(RESUME, 1), I(STORE_FAST, 0),
        I(LOAD_FAST, 0), I(RETURN_VALUE, 0),
    };
    mn_object *code = mkcode(c, 13, ints(2, 1, 2), (code_spec){ .name = "g", .locals = "x",
                                                               .flags = MN_CO_GENERATOR });
    mn_object *fn = mn_function_new(code, g, NULL);
    MN_DECREF(code);
    return fn;
}

Test(vm, generators)
{
    mn_object *g = mn_dict_new();
    mn_object *fn = make_gen(g);
    mn_object *gen = mn_object_call0(fn);
    cr_assert_not_null(gen);
    mn_object *r = mn_object_repr(gen);
    cr_assert(strncmp(mn_str_as_utf8(r), "<generator object g at 0x", 25) == 0, "%s", mn_str_as_utf8(r));
    MN_DECREF(r);
    assert_repr(mn_iter_next(gen), "1");
    assert_repr(mn_iter_next(gen), "2");
    /* gen.send(42) -> StopIteration: 42 */
    mn_object *v = mn_int_from_i64(42);
    assert_error(mn_object_call_method(gen, "send", &v, 1), "StopIteration: 42");
    MN_DECREF(v);
    cr_assert_null(mn_iter_next(gen));
    cr_assert_null(mn_err_occurred());
    MN_DECREF(gen);
    /* list(g()) -> [1, 2] */
    gen = mn_object_call0(fn);
    assert_repr(mn_list_from_iterable(gen), "[1, 2]");
    MN_DECREF(gen);
    /* throw into a started generator: propagates out */
    gen = mn_object_call0(fn);
    MN_DECREF(mn_iter_next(gen));
    mn_object *t = MN_OBJ(&mn_exc_KeyError);
    assert_error(mn_object_call_method(gen, "throw", &t, 1), "KeyError: ");
    assert_repr(mn_object_call_method(gen, "close", NULL, 0), "None");
    MN_DECREF(gen);
    /* close() on a suspended generator, then next() -> exhausted */
    gen = mn_object_call0(fn);
    MN_DECREF(mn_iter_next(gen));
    assert_repr(mn_object_call_method(gen, "close", NULL, 0), "None");
    cr_assert_null(mn_iter_next(gen));
    cr_assert_null(mn_err_occurred());
    MN_DECREF(gen);
    /* send non-None to a just-started generator */
    gen = mn_object_call0(fn);
    v = mn_int_from_i64(1);
    assert_error(mn_object_call_method(gen, "send", &v, 1),
                 "TypeError: can't send non-None value to a just-started generator");
    MN_DECREF(v);
    MN_DECREF(gen);   /* dropped while suspended/created */
    gen = mn_object_call0(fn);
    MN_DECREF(mn_iter_next(gen));
    MN_DECREF(gen);   /* finaliser closes it */
    MN_DECREF(fn);
    MN_DECREF(g);
}

Test(vm, closures_and_cells)
{
    /* def outer(): x = 10; def inner(): return x; return inner()  -> 10 */
    mn_instr inner[] = { I(COPY_FREE_VARS, 1), I(LOAD_DEREF, 0), I(RETURN_VALUE, 0) };
    mn_object *icode = mkcode(inner, 3, mn_tuple_new(0), (code_spec){ .name = "inner", .locals = "x", .kinds = "f" });
    mn_object *oc = mn_tuple_new(2);
    MN_TUPLE_SET(oc, 0, mn_int_from_i64(10));
    MN_TUPLE_SET(oc, 1, icode);
    mn_instr outer[] = { I(MAKE_CELL, 0), I(LOAD_CONST, 0), I(STORE_DEREF, 0), I(LOAD_CLOSURE, 0),
                         I(BUILD_TUPLE, 1), I(LOAD_CONST, 1), I(MAKE_FUNCTION, 8), I(PUSH_NULL, 0), I(SWAP, 2),
                         I(CALL, 0), I(RETURN_VALUE, 0) };
    mn_object *ocode = mkcode(outer, 11, oc, (code_spec){ .name = "outer", .locals = "x", .kinds = "c" });
    mn_object *g = mn_dict_new();
    mn_object *fn = mn_function_new(ocode, g, NULL);
    assert_repr(mn_object_call0(fn), "10");
    MN_DECREF(fn); MN_DECREF(ocode); MN_DECREF(g);
    /* cell repr and contents */
    mn_object *c = mn_cell_new(NULL);
    mn_object *r = mn_object_repr(c);
    cr_assert(strstr(mn_str_as_utf8(r), ": empty>") != NULL);
    MN_DECREF(r);
    assert_error(mn_object_getattr_str(c, "cell_contents"), "ValueError: Cell is empty");
    MN_DECREF(c);
}

Test(vm, function_objects)
{
    mn_object *f = make_fn("self", "a", 1, 0, 0, 0, "A.m");
    mn_object *r = mn_object_repr(f);
    cr_assert(strncmp(mn_str_as_utf8(r), "<function A.m at 0x", 19) == 0);
    MN_DECREF(r);
    assert_repr(mn_object_getattr_str(f, "__qualname__"), "'A.m'");
    assert_repr(mn_object_getattr_str(f, "__name__"), "'f'");
    assert_repr(mn_object_getattr_str(f, "__defaults__"), "None");
    mn_object *v = mn_int_from_i64(3);
    cr_assert_eq(mn_object_setattr_str(f, "custom", v), 0);
    assert_repr(mn_object_getattr_str(f, "custom"), "3");
    /* bound method: A.m.__get__(3) */
    mn_object *m = MN_TYPE(f)->descr_get(f, v, NULL);
    r = mn_object_repr(m);
    cr_assert_str_eq(mn_str_as_utf8(r), "<bound method A.m of 3>");
    MN_DECREF(r);
    assert_repr(mn_object_call0(m), "None");
    mn_object *m2 = mn_method_new(f, v);
    cr_assert_eq(mn_object_richcompare_bool(m, m2, MN_EQ), 1);
    cr_assert_eq(mn_object_hash(m), mn_object_hash(m2));
    MN_DECREF(m2);
    MN_DECREF(m);
    /* staticmethod / classmethod / property reprs */
    mn_object *sm = mn_object_call1(MN_OBJ(&mn_staticmethod_type), f);
    r = mn_object_repr(sm);
    cr_assert(strncmp(mn_str_as_utf8(r), "<staticmethod(<function A.m at 0x", 33) == 0);
    MN_DECREF(r);
    mn_object *got = MN_TYPE(sm)->descr_get(sm, v, NULL);
    cr_assert(got == f);
    MN_DECREF(got);
    MN_DECREF(sm);
    mn_object *cm = mn_object_call1(MN_OBJ(&mn_classmethod_type), f);
    got = MN_TYPE(cm)->descr_get(cm, v, NULL);
    cr_assert(MN_TYPE(got) == &mn_method_type && ((mn_method *)got)->self == MN_OBJ(&mn_int_type));
    MN_DECREF(got);
    MN_DECREF(cm);
    /* property(None): getting raises "property of 'int' object has no getter" */
    mn_object *p = mn_object_call1(MN_OBJ(&mn_property_type), mn_none);
    assert_error(MN_TYPE(p)->descr_get(p, v, NULL), "AttributeError: property of 'int' object has no getter");
    mn_object *nm = mn_str_from_cstr("x");
    mn_object *sn[2] = { MN_OBJ(&mn_int_type), nm };
    MN_DECREF(mn_object_call_method(p, "__set_name__", sn, 2));
    cr_assert_eq(MN_TYPE(p)->descr_set(p, v, v), -1);
    assert_error(NULL, "AttributeError: property 'x' of 'int' object has no setter");
    MN_DECREF(nm);
    MN_DECREF(p);
    MN_DECREF(v);
    MN_DECREF(f);
}

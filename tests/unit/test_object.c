/* tests/unit/test_object.c — the core object model: generic protocols,
 * type readiness and attribute lookup, descriptors built from C tables,
 * argument binding, the error indicator and the exception hierarchy.
 * Expected strings come from CPython 3.11 (the Python expression that
 * produces each is in the comment next to it). */
#include <criterion/criterion.h>
#include <string.h>
#include "runtime/runtime.h"

static void setup(void) { cr_assert_eq(mn_runtime_init(), 0); }
static void teardown(void) { mn_err_clear(); mn_runtime_fini(); }
TestSuite(object, .init = setup, .fini = teardown);

/* repr(o) as a C string compared with `expected`; releases everything. */
static void assert_repr(mn_object *o, const char *expected)
{
    cr_assert_not_null(o, "expected an object, got error");
    mn_object *r = mn_object_repr(o);
    cr_assert_not_null(r);
    cr_assert_str_eq(mn_str_as_utf8(r), expected);
    MN_DECREF(r);
    MN_DECREF(o);
}

/* The current exception's "Type: message" line; clears it. */
static void assert_error(const char *expected)
{
    mn_object *exc = mn_err_fetch();
    cr_assert_not_null(exc, "expected an exception");
    mn_object *s = mn_object_str(exc);
    char buf[512];
    snprintf(buf, sizeof buf, "%s: %s", MN_TYPE_NAME(exc), mn_str_as_utf8(s));
    MN_DECREF(s);
    MN_DECREF(exc);
    cr_assert_str_eq(buf, expected);
}

static mn_object *call_method(mn_object *o, const char *name, mn_ssize n, mn_object **args)
{
    return mn_object_call_method(o, name, args, n);
}

Test(object, type_repr_and_mro)
{
    assert_repr(MN_NEW_REF(&mn_int_type), "<class 'int'>");               /* repr(int) */
    assert_repr(MN_NEW_REF(&mn_exc_KeyError), "<class 'KeyError'>");
    /* KeyError.__mro__ */
    assert_repr(mn_object_getattr_str(MN_OBJ(&mn_exc_KeyError), "__mro__"),
                "(<class 'KeyError'>, <class 'LookupError'>, <class 'Exception'>, "
                "<class 'BaseException'>, <class 'object'>)");
    assert_repr(mn_object_getattr_str(MN_OBJ(&mn_bool_type), "__base__"), "<class 'int'>");
    assert_repr(mn_object_getattr_str(MN_OBJ(&mn_object_type), "__base__"), "None");
    assert_repr(mn_object_getattr_str(MN_OBJ(&mn_list_type), "__name__"), "'list'");
}

Test(object, method_descriptors_and_binding)
{
    mn_object *s = mn_str_from_cstr("abc");
    /* 'abc'.upper() */
    assert_repr(call_method(s, "upper", 0, NULL), "'ABC'");
    /* str.upper is a method descriptor; str.upper('x') works */
    mn_object *d = mn_object_getattr_str(MN_OBJ(&mn_str_type), "upper");
    mn_object *r = mn_object_call1(d, s);
    assert_repr(r, "'ABC'");
    assert_repr(d, "<method 'upper' of 'str' objects>");
    /* bound method repr mentions the type */
    mn_object *bm = mn_object_getattr_str(s, "upper");
    mn_object *br = mn_object_repr(bm);
    cr_assert(strncmp(mn_str_as_utf8(br), "<built-in method upper of str object at 0x", 42) == 0);
    MN_DECREF(br);
    MN_DECREF(bm);
    /* str.upper(1): descriptor type check */
    d = mn_object_getattr_str(MN_OBJ(&mn_str_type), "upper");
    mn_object *one = mn_int_from_i64(1);
    cr_assert_null(mn_object_call1(d, one));
    assert_error("TypeError: descriptor 'upper' for 'str' objects doesn't apply to a 'int' object");
    MN_DECREF(d);
    MN_DECREF(one);
    /* 'abc'.upper(1): NOARGS arity */
    one = mn_int_from_i64(1);
    cr_assert_null(call_method(s, "upper", 1, &one));
    assert_error("TypeError: str.upper() takes no arguments (1 given)");
    MN_DECREF(one);
    MN_DECREF(s);
}

Test(object, attribute_errors)
{
    mn_object *i = mn_int_from_i64(5);
    cr_assert_null(mn_object_getattr_str(i, "nope"));
    assert_error("AttributeError: 'int' object has no attribute 'nope'");   /* (5).nope */
    cr_assert_eq(mn_object_setattr_str(i, "x", i), -1);
    assert_error("AttributeError: 'int' object has no attribute 'x'");      /* (5).x = 5 */
    cr_assert_null(mn_object_getattr_str(MN_OBJ(&mn_int_type), "nope"));
    assert_error("AttributeError: type object 'int' has no attribute 'nope'");
    cr_assert_eq(mn_object_setattr_str(MN_OBJ(&mn_int_type), "x", i), -1);
    assert_error("TypeError: cannot set 'x' attribute of immutable type 'int'");
    MN_DECREF(i);
}

Test(object, richcompare_fallbacks)
{
    mn_object *a = mn_int_from_i64(1), *b = mn_str_from_cstr("x");
    /* 1 == 'x' -> False (identity fallback); 1 < 'x' -> TypeError */
    assert_repr(mn_object_richcompare(a, b, MN_EQ), "False");
    assert_repr(mn_object_richcompare(a, b, MN_NE), "True");
    cr_assert_null(mn_object_richcompare(a, b, MN_LT));
    assert_error("TypeError: '<' not supported between instances of 'int' and 'str'");
    MN_DECREF(a);
    MN_DECREF(b);
}

Test(object, binop_dispatch_and_messages)
{
    mn_object *one = mn_int_from_i64(1), *s = mn_str_from_cstr("a"), *l = mn_list_new(0);
    mn_object *none = mn_none;
    cr_assert_null(mn_number_binop(one, s, MN_BINOP_ADD));
    assert_error("TypeError: unsupported operand type(s) for +: 'int' and 'str'");   /* 1 + 'a' */
    cr_assert_null(mn_number_binop(s, one, MN_BINOP_ADD));
    assert_error("TypeError: can only concatenate str (not \"int\") to str");        /* 'a' + 1 */
    cr_assert_null(mn_number_binop(l, one, MN_BINOP_ADD));
    assert_error("TypeError: can only concatenate list (not \"int\") to list");      /* [] + 1 */
    cr_assert_null(mn_number_binop(s, s, MN_BINOP_MULTIPLY));
    assert_error("TypeError: can't multiply sequence by non-int of type 'str'");     /* 'a' * 'a' */
    cr_assert_null(mn_number_binop(none, one, MN_BINOP_POWER));
    assert_error("TypeError: unsupported operand type(s) for ** or pow(): 'NoneType' and 'int'");
    cr_assert_null(mn_number_binop(none, one, MN_BINOP_INPLACE + MN_BINOP_SUBTRACT));
    assert_error("TypeError: unsupported operand type(s) for -=: 'NoneType' and 'int'");
    cr_assert_null(mn_number_negative(s));
    assert_error("TypeError: bad operand type for unary -: 'str'");
    /* 3 * 'ab' works through str's slot with the int on the left */
    mn_object *three = mn_int_from_i64(3), *ab = mn_str_from_cstr("ab");
    assert_repr(mn_number_binop(three, ab, MN_BINOP_MULTIPLY), "'ababab'");
    /* [] += 'ab' extends with the characters */
    mn_object *r = mn_number_binop(l, ab, MN_BINOP_INPLACE + MN_BINOP_ADD);
    cr_assert_eq(r, l);
    MN_DECREF(r);
    assert_repr(MN_NEW_REF(l), "['a', 'b']");
    MN_DECREF(three);
    MN_DECREF(ab);
    MN_DECREF(one);
    MN_DECREF(s);
    MN_DECREF(l);
}

Test(object, truth_and_len)
{
    mn_object *e = mn_list_new(0), *z = mn_int_from_i64(0), *s = mn_str_from_cstr("x");
    cr_assert_eq(mn_object_is_true(e), 0);
    cr_assert_eq(mn_object_is_true(z), 0);
    cr_assert_eq(mn_object_is_true(s), 1);
    cr_assert_eq(mn_object_is_true(mn_none), 0);
    cr_assert_eq(mn_object_length(z), -1);
    assert_error("TypeError: object of type 'int' has no len()");
    cr_assert_null(mn_object_get_iter(z));
    assert_error("TypeError: 'int' object is not iterable");
    cr_assert_null(mn_object_getitem(z, z));
    assert_error("TypeError: 'int' object is not subscriptable");
    cr_assert_null(mn_object_call0(z));
    assert_error("TypeError: 'int' object is not callable");
    MN_DECREF(e);
    MN_DECREF(z);
    MN_DECREF(s);
}

Test(object, isinstance_and_subclass)
{
    mn_object *t = mn_true;
    cr_assert_eq(mn_object_isinstance(t, MN_OBJ(&mn_int_type)), 1);        /* isinstance(True, int) */
    cr_assert_eq(mn_object_isinstance(t, MN_OBJ(&mn_str_type)), 0);
    mn_object *tup = mn_tuple_pack(2, MN_OBJ(&mn_str_type), MN_OBJ(&mn_bool_type));
    cr_assert_eq(mn_object_isinstance(t, tup), 1);                         /* isinstance(True, (str, bool)) */
    MN_DECREF(tup);
    cr_assert_eq(mn_object_issubclass(MN_OBJ(&mn_exc_ZeroDivisionError), MN_OBJ(&mn_exc_ArithmeticError)), 1);
    cr_assert_eq(mn_object_issubclass(MN_OBJ(&mn_exc_KeyError), MN_OBJ(&mn_exc_ArithmeticError)), 0);
    cr_assert_eq(mn_object_isinstance(t, t), -1);
    assert_error("TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union");
}

Test(object, exceptions_str_and_repr)
{
    mn_object *msg = mn_str_from_cstr("boom");
    mn_object *e = mn_exception_new(&mn_exc_ValueError, &msg, 1);
    assert_repr(MN_NEW_REF(e), "ValueError('boom')");                      /* repr(ValueError('boom')) */
    mn_object *s = mn_object_str(e);
    cr_assert_str_eq(mn_str_as_utf8(s), "boom");
    MN_DECREF(s);
    MN_DECREF(e);
    e = mn_exception_new(&mn_exc_KeyError, &msg, 1);
    s = mn_object_str(e);
    cr_assert_str_eq(mn_str_as_utf8(s), "'boom'");                         /* str(KeyError('boom')) */
    MN_DECREF(s);
    MN_DECREF(e);
    mn_object *args[2] = { mn_int_from_i64(1), msg };
    e = mn_exception_new(&mn_exc_Exception, args, 2);
    assert_repr(MN_NEW_REF(e), "Exception(1, 'boom')");
    s = mn_object_str(e);
    cr_assert_str_eq(mn_str_as_utf8(s), "(1, 'boom')");
    MN_DECREF(s);
    MN_DECREF(e);
    /* OSError(2, 'No such file or directory', 'x') is a FileNotFoundError */
    mn_object *code = args[0];
    MN_DECREF(code);
    mn_object *oargs[3] = { mn_int_from_i64(2), mn_str_from_cstr("No such file or directory"),
                            mn_str_from_cstr("x") };
    e = mn_exception_new(&mn_exc_OSError, oargs, 3);
    cr_assert_eq(MN_TYPE(e), &mn_exc_FileNotFoundError);
    s = mn_object_str(e);
    cr_assert_str_eq(mn_str_as_utf8(s), "[Errno 2] No such file or directory: 'x'");
    MN_DECREF(s);
    assert_repr(mn_object_getattr_str(e, "args"), "(2, 'No such file or directory')");
    MN_DECREF(e);
    for (int i = 0; i < 3; i++)
        MN_DECREF(oargs[i]);
    /* StopIteration(5).value */
    mn_object *five = mn_int_from_i64(5);
    e = mn_exception_new(&mn_exc_StopIteration, &five, 1);
    assert_repr(mn_object_getattr_str(e, "value"), "5");
    MN_DECREF(e);
    MN_DECREF(five);
    MN_DECREF(msg);
}

Test(object, error_indicator_and_context)
{
    mn_err_set_string(&mn_exc_ValueError, "x");
    cr_assert(mn_err_matches(&mn_exc_Exception));
    cr_assert(!mn_err_matches(&mn_exc_TypeError));
    mn_object *e = mn_err_fetch();
    cr_assert_null(mn_err_occurred());
    mn_err_restore(e);
    assert_error("ValueError: x");
    mn_err_format(&mn_exc_TypeError, "%s got %R and %T", "f", mn_none, mn_true);
    assert_error("TypeError: f got None and bool");
}

Test(object, args_bind)
{
    static const char *const params[] = { "a", "/", "b", "*", "c", NULL };
    mn_object *out[3];
    mn_object *x = mn_int_from_i64(1);
    mn_object *argv[3] = { x, x, x };
    cr_assert_eq(mn_args_bind("f", argv, 2, NULL, params, 1, out), 0);
    cr_assert_eq(out[0], x);
    cr_assert_eq(out[1], x);
    cr_assert_null(out[2]);
    cr_assert_eq(mn_args_bind("f", argv, 3, NULL, params, 1, out), -1);
    assert_error("TypeError: f() takes at most 2 positional arguments (3 given)"); /* CPython 3.11 */
    mn_object *kw = mn_tuple_pack(1, MN_OBJ(mn_str_intern_cstr("zz")));
    MN_DECREF(MN_TUPLE_GET(kw, 0));
    cr_assert_eq(mn_args_bind("f", argv, 1, kw, params, 1, out), -1);
    assert_error("TypeError: f() got an unexpected keyword argument 'zz'");
    MN_DECREF(kw);
    kw = mn_tuple_pack(1, MN_OBJ(mn_str_intern_cstr("c")));
    MN_DECREF(MN_TUPLE_GET(kw, 0));
    cr_assert_eq(mn_args_bind("f", argv, 1, kw, params, 1, out), 0);
    cr_assert_null(out[1]);
    cr_assert_eq(out[2], x);
    MN_DECREF(kw);
    cr_assert_eq(mn_args_bind("f", argv, 0, NULL, params, 1, out), -1);
    assert_error("TypeError: f() takes at least 1 positional argument (0 given)");
    MN_DECREF(x);
}

Test(object, self_referencing_repr)
{
    mn_object *l = mn_list_new(0);
    mn_list_append(l, l);
    assert_repr(MN_NEW_REF(l), "[[...]]");        /* l = []; l.append(l); repr(l) */
    /* break the cycle by hand: the collector isn't there yet */
    mn_object *items = mn_list_new(0);
    MN_SETREF(((mn_list *)l)->items[0], MN_NEW_REF(items));
    MN_DECREF(items);
    MN_DECREF(l);
}

Test(object, deep_nesting_repr_raises_recursion_error)
{
    /* A list nested 100000 deep: repr must raise RecursionError, not crash. */
    mn_object *l = mn_list_new(0);
    for (int i = 0; i < 100000; i++) {
        mn_object *outer = mn_list_new(0);
        mn_list_append(outer, l);
        MN_DECREF(l);
        l = outer;
    }
    cr_assert_null(mn_object_repr(l));
    cr_assert(mn_err_matches(&mn_exc_RecursionError));
    mn_err_clear();
    /* Deallocating a deep chain must not overflow the C stack either. */
    MN_DECREF(l);
}

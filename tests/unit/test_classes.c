/* tests/unit/test_classes.c — classes (heap types) and dunder dispatch
 * through type slots. Classes are built from C by calling type(name,
 * bases, ns) with C functions as methods (method descriptors, which bind
 * like Python functions). Expected values come from CPython 3.11; the
 * equivalent Python is in the comment next to each check. */
#include <criterion/criterion.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/slots.h"

static void setup(void) { cr_assert_eq(mn_runtime_init(), 0); }
static void teardown(void) { mn_err_clear(); mn_runtime_fini(); }
TestSuite(classes, .init = setup, .fini = teardown);

/* ------------------------------------------------------------ helpers */

static void assert_repr(mn_object *o, const char *expected)
{
    cr_assert_not_null(o, "expected an object, got an error");
    mn_object *r = mn_object_repr(o);
    cr_assert_not_null(r);
    cr_assert_str_eq(mn_str_as_utf8(r), expected);
    MN_DECREF(r);
    MN_DECREF(o);
}

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

/* A C function usable as a method in a class namespace. */
static mn_object *meth(const mn_method_def *def)
{
    mn_method_descr *d = (mn_method_descr *)mn_type_generic_alloc(
        (def->flags & MN_METH_CLASS) ? &mn_classmethod_descr_type : &mn_method_descr_type, 0);
    d->def = def;
    d->objtype = &mn_object_type;
    return MN_OBJ(d);
}

/* class NAME(*bases): ns — ns given as name/value pairs (values stolen),
 * ended by NULL. Methods are given as mn_method_def pointers with the
 * pseudo-value METH(def). */
static mn_object *make_class_v(const char *name, mn_object *bases, va_list ap)
{
    mn_object *ns = mn_dict_new();
    const char *k;
    while ((k = va_arg(ap, const char *)) != NULL) {
        mn_object *v = va_arg(ap, mn_object *);
        cr_assert_not_null(v);
        cr_assert_eq(mn_dict_set_item_str(ns, k, v), 0);
        MN_DECREF(v);
    }
    mn_object *n = mn_str_from_cstr(name);
    mn_object *args[3] = { n, bases, ns };
    mn_object *cls = mn_object_call(MN_OBJ(&mn_type_type), args, 3, NULL);
    MN_DECREF(n);
    MN_DECREF(ns);
    return cls;
}

/* bases: a tuple (stolen) or NULL for (). */
static mn_object *make_class(const char *name, mn_object *bases, ...)
{
    va_list ap;
    va_start(ap, bases);
    if (!bases)
        bases = mn_tuple_new(0);
    mn_object *cls = make_class_v(name, bases, ap);
    va_end(ap);
    MN_DECREF(bases);
    return cls;
}

#define BASES1(a) mn_tuple_pack(1, MN_OBJ(a))
#define BASES2(a, b) mn_tuple_pack(2, MN_OBJ(a), MN_OBJ(b))
#define M(fn, flags) (&(mn_method_def){ #fn, fn, flags, NULL })
#define STR(s) mn_str_from_cstr(s)
#define INT(i) mn_int_from_i64(i)

static mn_object *new0(mn_object *cls) { return mn_object_call0(cls); }

static const char *cstr_repr(mn_object *o, char *buf, size_t n)
{
    mn_object *r = mn_object_repr(o);
    snprintf(buf, n, "%s", r ? mn_str_as_utf8(r) : "<error>");
    MN_XDECREF(r);
    return buf;
}

/* Returns a str: "<tag>:<repr(other)>" — records which dunder ran. */
static mn_object *tagged(const char *tag, mn_object *other)
{
    char b[100];
    return mn_str_from_format("%s:%s", tag, other ? cstr_repr(other, b, sizeof b) : "");
}

/* --------------------------------------------------------- basics */

Test(classes, create_and_repr)
{
    /* class A: x = 1 */
    mn_object *A = make_class("A", NULL, "x", INT(1), "__module__", STR("m"), NULL);
    cr_assert_not_null(A);
    assert_repr(MN_NEW_REF(A), "<class 'm.A'>");
    assert_repr(mn_object_getattr_str(A, "__name__"), "'A'");
    assert_repr(mn_object_getattr_str(A, "__qualname__"), "'A'");
    assert_repr(mn_object_getattr_str(A, "__doc__"), "None");
    assert_repr(mn_object_getattr_str(A, "__bases__"), "(<class 'object'>,)");
    assert_repr(mn_object_getattr_str(A, "__mro__"), "(<class 'm.A'>, <class 'object'>)");
    mn_object *a = new0(A);
    cr_assert_not_null(a);
    /* a.y = 2; a.__dict__ == {'y': 2}; a.x == 1 */
    mn_object *two = INT(2), *five = INT(5);
    cr_assert_eq(mn_object_setattr_str(a, "y", two), 0);
    assert_repr(mn_object_getattr_str(a, "__dict__"), "{'y': 2}");
    assert_repr(mn_object_getattr_str(a, "x"), "1");
    /* a.z -> AttributeError: 'A' object has no attribute 'z' */
    cr_assert_null(mn_object_getattr_str(a, "z"));
    assert_error("AttributeError: 'A' object has no attribute 'z'");
    /* A.x = 5 -> a.x == 5 (class attribute change seen by the instance) */
    cr_assert_eq(mn_object_setattr_str(A, "x", five), 0);
    MN_DECREF(two);
    MN_DECREF(five);
    assert_repr(mn_object_getattr_str(a, "x"), "5");
    /* A() takes no arguments */
    mn_object *one = INT(1);
    cr_assert_null(mn_object_call1(A, one));
    assert_error("TypeError: A() takes no arguments");
    MN_DECREF(one);
    MN_DECREF(a);
    MN_DECREF(A);
}

Test(classes, qualname_and_errors)
{
    /* type('A', (), {'__qualname__': 'Outer.A'}).__qualname__ */
    mn_object *A = make_class("A", NULL, "__qualname__", STR("Outer.A"), NULL);
    assert_repr(mn_object_getattr_str(A, "__qualname__"), "'Outer.A'");
    /* '__qualname__' not in A.__dict__ */
    mn_object *d = mn_object_getattr_str(A, "__dict__");
    cr_assert_null(mn_dict_get_item_str(d, "__qualname__"));
    MN_DECREF(d);
    MN_DECREF(A);
    cr_assert_null(make_class("A", NULL, "__qualname__", INT(1), NULL));
    assert_error("TypeError: type __qualname__ must be a str, not int");
    /* class A(bool): pass */
    cr_assert_null(make_class("A", BASES1(&mn_bool_type), NULL));
    assert_error("TypeError: type 'bool' is not an acceptable base type");
    /* class A(int, str): pass */
    cr_assert_null(make_class("A", BASES2(&mn_int_type, &mn_str_type), NULL));
    assert_error("TypeError: multiple bases have instance lay-out conflict");
    /* class A(object, object): pass */
    cr_assert_null(make_class("A", BASES2(&mn_object_type, &mn_object_type), NULL));
    assert_error("TypeError: duplicate base class object");
    /* type(1, (), {}) */
    mn_object *args[3] = { INT(1), mn_tuple_new(0), mn_dict_new() };
    cr_assert_null(mn_object_call(MN_OBJ(&mn_type_type), args, 3, NULL));
    assert_error("TypeError: type.__new__() argument 1 must be str, not int");
    for (int i = 0; i < 3; i++)
        MN_DECREF(args[i]);
}

/* -------------------------------------------------- attribute protocol */

static mn_object *dd_get(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)n, (void)k;
    return tagged("data-get", a[0] == mn_none ? NULL : MN_OBJ(MN_TYPE(a[0])));
}
static mn_object *dd_set(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)n, (void)k;
    return mn_object_setattr_str(self, "last", a[1]) < 0 ? NULL : mn_new_ref(mn_none);
}
static mn_object *nd_get(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a, (void)n, (void)k;
    return STR("nondata-get");
}

Test(classes, attribute_precedence)
{
    /* class D: __get__ / __set__ (data descriptor); class N: __get__ only */
    mn_object *D = make_class("D", NULL, "__get__", meth(M(dd_get, 0)), "__set__", meth(M(dd_set, 0)), NULL);
    mn_object *N = make_class("N", NULL, "__get__", meth(M(nd_get, 0)), NULL);
    mn_object *d = new0(D), *nd = new0(N);
    /* class A: d = D(); n = N(); c = 'class' */
    mn_object *A = make_class("A", NULL, "d", MN_NEW_REF(d), "n", MN_NEW_REF(nd), "c", STR("class"), NULL);
    mn_object *a = new0(A);
    mn_object **dp = mn_object_dict_ptr(a);
    cr_assert_not_null(dp);
    /* a.__dict__.update(d='inst', n='inst', c='inst') */
    mn_object *inst = STR("inst");
    mn_object *nd_ = mn_dict_new();
    *dp = nd_;
    mn_dict_set_item_str(nd_, "d", inst);
    mn_dict_set_item_str(nd_, "n", inst);
    mn_dict_set_item_str(nd_, "c", inst);
    MN_DECREF(inst);
    /* a.d -> data descriptor wins: 'data-get:<class 'A'>' */
    assert_repr(mn_object_getattr_str(a, "d"), "\"data-get:<class 'A'>\"");
    /* a.n -> instance dict wins over non-data descriptor */
    assert_repr(mn_object_getattr_str(a, "n"), "'inst'");
    assert_repr(mn_object_getattr_str(a, "c"), "'inst'");
    /* A.d -> __get__(None, A) */
    assert_repr(mn_object_getattr_str(A, "d"), "'data-get:'");
    /* del a.__dict__['n']; a.n -> 'nondata-get' */
    mn_dict_del_item_str(nd_, "n");
    assert_repr(mn_object_getattr_str(a, "n"), "'nondata-get'");
    /* a.d = 42 calls D.__set__ (which stores on the descriptor) */
    mn_object *v = INT(42);
    cr_assert_eq(mn_object_setattr_str(a, "d", v), 0);
    MN_DECREF(v);
    assert_repr(mn_object_getattr_str(d, "last"), "42");
    MN_DECREF(a);
    MN_DECREF(A);
    MN_DECREF(d);
    MN_DECREF(nd);
    MN_DECREF(D);
    MN_DECREF(N);
}

static mn_object *ga_fallback(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)n, (void)k;
    if (mn_str_equal_cstr(a[0], "missing"))
        return mn_err_format(&mn_exc_AttributeError, "nope"), NULL;
    return tagged("getattr", a[0]);
}

Test(classes, getattr_fallback)
{
    /* class A: x = 1; def __getattr__(self, n): ... */
    mn_object *A = make_class("A", NULL, "x", INT(1), "__getattr__", meth(M(ga_fallback, MN_METH_O)), NULL);
    mn_object *a = new0(A);
    assert_repr(mn_object_getattr_str(a, "x"), "1");
    assert_repr(mn_object_getattr_str(a, "foo"), "\"getattr:'foo'\"");
    cr_assert_null(mn_object_getattr_str(a, "missing"));
    assert_error("AttributeError: nope");
    MN_DECREF(a);
    MN_DECREF(A);
}

Test(classes, slots)
{
    /* class A: __slots__ = ('a', '__b') */
    mn_object *sa = STR("a"), *sb = STR("__b"), *one = INT(1);
    mn_object *A = make_class("A", NULL, "__slots__", mn_tuple_pack(2, sa, sb), NULL);
    cr_assert_not_null(A);
    mn_object *a = new0(A);
    cr_assert_null(mn_object_dict_ptr(a));
    /* a.a -> AttributeError: 'A' object has no attribute 'a' (unset slot) */
    cr_assert_null(mn_object_getattr_str(a, "a"));
    assert_error("AttributeError: 'A' object has no attribute 'a'");
    mn_object *v = INT(7);
    cr_assert_eq(mn_object_setattr_str(a, "a", v), 0);
    cr_assert_eq(mn_object_setattr_str(a, "_A__b", v), 0);
    assert_repr(mn_object_getattr_str(a, "a"), "7");
    /* a.z = 7 -> AttributeError: 'A' object has no attribute 'z' */
    cr_assert_eq(mn_object_setattr_str(a, "z", v), -1);
    assert_error("AttributeError: 'A' object has no attribute 'z'");
    MN_DECREF(v);
    /* type(A.__dict__['a']).__name__ == 'member_descriptor' */
    assert_repr(mn_object_getattr_str(A, "a"), "<member 'a' of 'A' objects>");
    MN_DECREF(a);
    MN_DECREF(A);
    /* class A: __slots__ = ('a',); a = 1 */
    cr_assert_null(make_class("A", NULL, "__slots__", STR("a"), "a", INT(1), NULL));
    assert_error("ValueError: 'a' in __slots__ conflicts with class variable");
    cr_assert_null(make_class("A", NULL, "__slots__", mn_tuple_pack(1, one), NULL));
    MN_DECREF(sa);
    MN_DECREF(sb);
    MN_DECREF(one);
    assert_error("TypeError: __slots__ items must be strings, not 'int'");
    cr_assert_null(make_class("A", NULL, "__slots__", STR("1a"), NULL));
    assert_error("TypeError: __slots__ must be identifiers");
    cr_assert_null(make_class("A", BASES1(&mn_int_type), "__slots__", STR("a"), NULL));
    assert_error("TypeError: nonempty __slots__ not supported for subtype of 'int'");
}

/* ------------------------------------------------------------- MRO */

static mn_object *mro_names(mn_object *cls)
{
    mn_object *mro = mn_object_getattr_str(cls, "__mro__");
    mn_str_builder sb;
    mn_sb_init(&sb);
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(mro); i++) {
        if (i)
            mn_sb_append_cstr(&sb, " ");
        mn_sb_append_cstr(&sb, mn_type_name((mn_type *)MN_TUPLE_GET(mro, i)));
    }
    MN_DECREF(mro);
    return mn_sb_finish(&sb);
}

Test(classes, mro_diamond_and_conflict)
{
    mn_object *A = make_class("A", NULL, NULL);
    mn_object *B = make_class("B", BASES1(A), NULL);
    mn_object *C = make_class("C", BASES1(A), NULL);
    mn_object *D = make_class("D", BASES2(B, C), NULL);
    /* [c.__name__ for c in D.__mro__] */
    assert_repr(mro_names(D), "'D B C A object'");
    /* A.__subclasses__() */
    assert_repr(mn_object_call_method(A, "__subclasses__", NULL, 0), "[<class 'B'>, <class 'C'>]");
    /* class X(A, B): pass */
    cr_assert_null(make_class("X", BASES2(A, B), NULL));
    assert_error("TypeError: Cannot create a consistent method resolution\norder (MRO) for bases A, B");
    MN_DECREF(D);
    /* the subclass list forgets dead classes (after the cycle collector) */
    if (mn_gc_collect(2) > 0)   /* (until the cycle collector lands, D just leaks) */
        assert_repr(mn_object_call_method(B, "__subclasses__", NULL, 0), "[]");
    MN_DECREF(B);
    MN_DECREF(C);
    MN_DECREF(A);
}

Test(classes, metaclass_conflict)
{
    /* class M(type): pass; class N(type): pass */
    mn_object *Mt = make_class("M", BASES1(&mn_type_type), NULL);
    mn_object *Nt = make_class("N", BASES1(&mn_type_type), NULL);
    /* A = M('A', (), {}) ; type(A) is M */
    mn_object *args[3] = { STR("A"), mn_tuple_new(0), mn_dict_new() };
    mn_object *A = mn_object_call(Mt, args, 3, NULL);
    cr_assert_not_null(A);
    cr_assert_eq(MN_OBJ(MN_TYPE(A)), Mt);
    MN_SETREF(args[0], STR("B"));
    mn_object *B = mn_object_call(Nt, args, 3, NULL);
    cr_assert_not_null(B);
    /* class C(A): pass  -> metaclass M picked even though type() called */
    mn_object *C = make_class("C", BASES1(A), NULL);
    cr_assert_eq(MN_OBJ(MN_TYPE(C)), Mt);
    /* class C(A, B): pass */
    cr_assert_null(make_class("C", BASES2(A, B), NULL));
    assert_error("TypeError: metaclass conflict: the metaclass of a derived class must be a (non-strict) "
                 "subclass of the metaclasses of all its bases");
    for (int i = 0; i < 3; i++)
        MN_DECREF(args[i]);
    MN_DECREF(C);
    MN_DECREF(A);
    MN_DECREF(B);
    MN_DECREF(Mt);
    MN_DECREF(Nt);
}

/* --------------------------------------- __init_subclass__ / __set_name__ */

static mn_object *seen_kwargs;
static mn_object *rec_init_subclass(mn_object *cls, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)a, (void)n;
    MN_XDECREF(seen_kwargs);
    seen_kwargs = mn_str_from_format("%s %R", mn_type_name((mn_type *)cls), k ? k : mn_none);
    return mn_new_ref(mn_none);
}

static mn_object *rec_set_name(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)n, (void)k;
    mn_object *s = mn_str_from_format("%s.%U", mn_type_name((mn_type *)a[0]), a[1]);
    int r = mn_object_setattr_str(self, "where", s);
    MN_DECREF(s);
    return r < 0 ? NULL : mn_new_ref(mn_none);
}

Test(classes, init_subclass_and_set_name)
{
    /* class Base: def __init_subclass__(cls, **kw): ... */
    mn_object *Base = make_class("Base", NULL, "__init_subclass__",
                                 meth(M(rec_init_subclass, MN_METH_CLASS)), NULL);
    /* class Sub(Base, flag=1): pass  (the keyword goes to __init_subclass__) */
    mn_object *ns = mn_dict_new();
    mn_object *kwn = mn_tuple_pack(1, STR("flag"));
    MN_DECREF(MN_TUPLE_GET(kwn, 0));
    mn_object *args[4] = { STR("Sub"), BASES1(Base), ns, INT(1) };
    mn_object *Sub = mn_object_call(MN_OBJ(&mn_type_type), args, 3, kwn);
    cr_assert_not_null(Sub);
    assert_repr(seen_kwargs, "\"Sub ('flag',)\"");
    seen_kwargs = NULL;
    for (int i = 0; i < 4; i++)
        MN_DECREF(args[i]);
    MN_DECREF(kwn);
    MN_DECREF(Sub);
    MN_DECREF(Base);

    /* class A(x=1): pass -> object.__init_subclass__ takes no keywords */
    ns = mn_dict_new();
    kwn = mn_tuple_pack(1, STR("x"));
    MN_DECREF(MN_TUPLE_GET(kwn, 0));
    mn_object *args2[4] = { STR("A"), mn_tuple_new(0), ns, INT(1) };
    cr_assert_null(mn_object_call(MN_OBJ(&mn_type_type), args2, 3, kwn));
    assert_error("TypeError: A.__init_subclass__() takes no keyword arguments");
    for (int i = 0; i < 4; i++)
        MN_DECREF(args2[i]);
    MN_DECREF(kwn);

    /* class Field: def __set_name__(self, owner, name): self.where = ... */
    mn_object *Field = make_class("Field", NULL, "__set_name__", meth(M(rec_set_name, 0)), NULL);
    mn_object *f = new0(Field);
    mn_object *Model = make_class("Model", NULL, "price", MN_NEW_REF(f), NULL);
    assert_repr(mn_object_getattr_str(f, "where"), "'Model.price'");
    MN_DECREF(Model);
    MN_DECREF(f);
    MN_DECREF(Field);
}

/* ------------------------------------------------------- operators */

static mn_object *v_add(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)n, (void)k;
    if (MN_STR_CHECK(a[0]))
        MN_RETURN_NOT_IMPLEMENTED;
    return tagged("V.add", a[0]);
}
static mn_object *v_radd(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)n, (void)k;
    return tagged("V.radd", a[0]);
}
static mn_object *w_radd(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)n, (void)k;
    return tagged("W.radd", a[0]);
}
static mn_object *v_iadd(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)n, (void)k;
    return tagged("V.iadd", a[0]);
}
static mn_object *ret_notimpl(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a, (void)n, (void)k;
    MN_RETURN_NOT_IMPLEMENTED;
}
static mn_object *v_neg(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a, (void)n, (void)k;
    return STR("neg");
}
static mn_object *v_pow3(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a, (void)k;
    return mn_str_from_format("pow%zd", n);
}

Test(classes, binary_operators)
{
    /* class V: __add__, __radd__, __neg__, __pow__ */
    mn_object *V = make_class("V", NULL, "__add__", meth(M(v_add, MN_METH_O)), "__radd__",
                              meth(M(v_radd, MN_METH_O)), "__neg__", meth(M(v_neg, MN_METH_NOARGS)), "__pow__",
                              meth(M(v_pow3, 0)), NULL);
    /* class W(V): __radd__ overridden */
    mn_object *W = make_class("W", BASES1(V), "__radd__", meth(M(w_radd, MN_METH_O)), NULL);
    mn_object *v = new0(V), *w = new0(W), *one = INT(1), *s = STR("s");
    char b[200];
    /* V() + 1 -> 'V.add:1' */
    assert_repr(mn_number_binop(v, one, MN_BINOP_ADD), "'V.add:1'");
    /* 1 + V() -> 'V.radd:1' (int returns NotImplemented) */
    assert_repr(mn_number_binop(one, v, MN_BINOP_ADD), "'V.radd:1'");
    /* V() + W() -> W.__radd__ first: W is a subclass overriding it */
    mn_object *r = mn_number_binop(v, w, MN_BINOP_ADD);
    cr_assert(strncmp(mn_str_as_utf8(r), "W.radd:<V object", 16) == 0, "%s", cstr_repr(r, b, sizeof b));
    MN_DECREF(r);
    /* W() + V() -> V.__add__ (W inherits it) */
    r = mn_number_binop(w, v, MN_BINOP_ADD);
    cr_assert(strncmp(mn_str_as_utf8(r), "V.add:<V object", 15) == 0, "%s", cstr_repr(r, b, sizeof b));
    MN_DECREF(r);
    /* V() + 's' -> NotImplemented, str has no __radd__ -> TypeError */
    cr_assert_null(mn_number_binop(v, s, MN_BINOP_ADD));
    assert_error("TypeError: unsupported operand type(s) for +: 'V' and 'str'");
    /* V() - 1 */
    cr_assert_null(mn_number_binop(v, one, MN_BINOP_SUBTRACT));
    assert_error("TypeError: unsupported operand type(s) for -: 'V' and 'int'");
    /* v += 1 with no __iadd__ falls back to __add__ */
    assert_repr(mn_number_binop(v, one, MN_BINOP_INPLACE + MN_BINOP_ADD), "'V.add:1'");
    /* -V(); pow(V(), 2); pow(V(), 2, 3) (bound method gets 1 or 2 args) */
    assert_repr(mn_number_negative(v), "'neg'");
    assert_repr(mn_number_power(v, one, mn_none), "'pow1'");
    assert_repr(mn_number_power(v, one, one), "'pow2'");
    /* ~V() */
    cr_assert_null(mn_number_invert(v));
    assert_error("TypeError: bad operand type for unary ~: 'V'");
    /* V.__iadd__ = ...; v += 1 now uses it (slot updated on assignment) */
    mn_object *ia = meth(M(v_iadd, MN_METH_O));
    cr_assert_eq(mn_object_setattr_str(V, "__iadd__", ia), 0);
    MN_DECREF(ia);
    assert_repr(mn_number_binop(v, one, MN_BINOP_INPLACE + MN_BINOP_ADD), "'V.iadd:1'");
    /* ...and in the subclass too */
    assert_repr(mn_number_binop(w, one, MN_BINOP_INPLACE + MN_BINOP_ADD), "'V.iadd:1'");
    /* del V.__add__; V() + 1 -> TypeError */
    cr_assert_eq(mn_object_delattr(V, mn_str_intern_cstr("__add__")), 0);
    cr_assert_null(mn_number_binop(v, one, MN_BINOP_ADD));
    assert_error("TypeError: unsupported operand type(s) for +: 'V' and 'int'");
    MN_DECREF(v);
    MN_DECREF(w);
    MN_DECREF(one);
    MN_DECREF(s);
    MN_DECREF(W);
    MN_DECREF(V);
}

static mn_object *eq_always(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a, (void)n, (void)k;
    return mn_new_ref(mn_true);
}

Test(classes, comparisons_and_hash)
{
    /* class E: def __eq__(self, o): return True */
    mn_object *E = make_class("E", NULL, "__eq__", meth(M(eq_always, MN_METH_O)), NULL);
    mn_object *e = new0(E), *one = INT(1);
    /* E() == 1 -> True; 1 == E() -> True (reflected); E() != 1 -> False */
    assert_repr(mn_object_richcompare(e, one, MN_EQ), "True");
    assert_repr(mn_object_richcompare(one, e, MN_EQ), "True");
    assert_repr(mn_object_richcompare(e, one, MN_NE), "False");
    /* E() < 1 */
    cr_assert_null(mn_object_richcompare(e, one, MN_LT));
    assert_error("TypeError: '<' not supported between instances of 'E' and 'int'");
    /* hash(E()) -> TypeError: unhashable type: 'E'; E.__hash__ is None */
    cr_assert_eq(mn_object_hash(e), -1);
    assert_error("TypeError: unhashable type: 'E'");
    assert_repr(mn_object_getattr_str(E, "__hash__"), "None");
    /* class H: pass -> hashable by identity */
    mn_object *H = make_class("H", NULL, NULL);
    mn_object *h = new0(H);
    cr_assert_neq(mn_object_hash(h), -1);
    /* class L: def __lt__(self, o): return NotImplemented  -> L() < L() */
    mn_object *L = make_class("L", NULL, "__lt__", meth(M(ret_notimpl, MN_METH_O)), NULL);
    mn_object *l = new0(L);
    cr_assert_null(mn_object_richcompare(l, l, MN_LT));
    assert_error("TypeError: '<' not supported between instances of 'L' and 'L'");
    MN_DECREF(l);
    MN_DECREF(L);
    MN_DECREF(h);
    MN_DECREF(H);
    MN_DECREF(e);
    MN_DECREF(one);
    MN_DECREF(E);
}

/* ------------------------------------------ containers, truth, calls */

static mn_object *len_3(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a, (void)n, (void)k;
    return INT(3);
}
static mn_object *len_0(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a, (void)n, (void)k;
    return INT(0);
}
static mn_object *len_neg(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a, (void)n, (void)k;
    return INT(-1);
}
static mn_object *bool_int(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a, (void)n, (void)k;
    return INT(1);
}
static mn_object *getitem_sq(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)n, (void)k;
    int64_t i;
    mn_int_to_i64(a[0], &i);
    if (i >= 3)
        return mn_err_set_string(&mn_exc_IndexError, "done"), NULL;
    return INT(i * i);
}
static mn_object *iter_self(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)a, (void)n, (void)k;
    return MN_NEW_REF(self);
}
static mn_object *next_count(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)a, (void)n, (void)k;
    mn_object *c = mn_object_getattr_str(self, "c");
    int64_t v;
    mn_int_to_i64(c, &v);
    MN_DECREF(c);
    if (v >= 3)
        return mn_err_set_none(&mn_exc_StopIteration), NULL;
    c = INT(v + 1);
    mn_object_setattr_str(self, "c", c);
    return c;
}
static mn_object *call_args(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a;
    return mn_str_from_format("called %zd %R", n, k ? k : mn_none);
}

Test(classes, truth_len_iter_call)
{
    mn_object *L3 = make_class("L3", NULL, "__len__", meth(M(len_3, MN_METH_NOARGS)), NULL);
    mn_object *L0 = make_class("L0", NULL, "__len__", meth(M(len_0, MN_METH_NOARGS)), NULL);
    mn_object *Ln = make_class("Ln", NULL, "__len__", meth(M(len_neg, MN_METH_NOARGS)), NULL);
    mn_object *Bi = make_class("Bi", NULL, "__bool__", meth(M(bool_int, MN_METH_NOARGS)), NULL);
    mn_object *a = new0(L3), *b = new0(L0), *c = new0(Ln), *d = new0(Bi);
    /* len(L3()) == 3; bool(L3()) True; bool(L0()) False */
    cr_assert_eq(mn_object_length(a), 3);
    cr_assert_eq(mn_object_is_true(a), 1);
    cr_assert_eq(mn_object_is_true(b), 0);
    /* len(Ln()) */
    cr_assert_eq(mn_object_length(c), -1);
    assert_error("ValueError: __len__() should return >= 0");
    /* bool(Bi()) */
    cr_assert_eq(mn_object_is_true(d), -1);
    assert_error("TypeError: __bool__ should return bool, returned int");
    MN_DECREF(a); MN_DECREF(b); MN_DECREF(c); MN_DECREF(d);
    MN_DECREF(L3); MN_DECREF(L0); MN_DECREF(Ln); MN_DECREF(Bi);

    /* class Sq: def __getitem__(self, i): ...  -> list(Sq()) == [0, 1, 4] */
    mn_object *Sq = make_class("Sq", NULL, "__getitem__", meth(M(getitem_sq, MN_METH_O)), NULL);
    mn_object *sq = new0(Sq);
    assert_repr(mn_list_from_iterable(sq), "[0, 1, 4]");
    /* 4 in Sq() -> True (iteration fallback) */
    mn_object *four = INT(4);
    cr_assert_eq(mn_sequence_contains(sq, four), 1);
    MN_DECREF(four);
    MN_DECREF(sq);
    MN_DECREF(Sq);

    /* class It: __iter__ returns self, __next__ counts to 3 */
    mn_object *It = make_class("It", NULL, "c", INT(0), "__iter__", meth(M(iter_self, MN_METH_NOARGS)), "__next__",
                               meth(M(next_count, MN_METH_NOARGS)), NULL);
    mn_object *it = new0(It);
    assert_repr(mn_list_from_iterable(it), "[1, 2, 3]");
    MN_DECREF(it);
    MN_DECREF(It);

    /* class C: __call__ -> C()(1, 2, k=3) */
    mn_object *C = make_class("C", NULL, "__call__", meth(M(call_args, 0)), NULL);
    mn_object *ci = new0(C);
    mn_object *kwn = mn_tuple_pack(1, STR("k"));
    MN_DECREF(MN_TUPLE_GET(kwn, 0));
    mn_object *args[3] = { INT(1), INT(2), INT(3) };
    assert_repr(mn_object_call(ci, args, 2, kwn), "\"called 2 ('k',)\"");
    for (int i = 0; i < 3; i++)
        MN_DECREF(args[i]);
    MN_DECREF(kwn);
    MN_DECREF(ci);
    MN_DECREF(C);
}

/* ------------------------------------------------ __init__ / __del__ */

static int del_count;
static mn_object *del_fn(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a, (void)n, (void)k;
    del_count++;
    return mn_new_ref(mn_none);
}
static mn_object *init_bad(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)a, (void)n, (void)k;
    return INT(1);
}
static mn_object *init_store(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)k;
    if (n != 1)
        return mn_err_set_string(&mn_exc_TypeError, "need 1"), NULL;
    return mn_object_setattr_str(self, "v", a[0]) < 0 ? NULL : mn_new_ref(mn_none);
}

Test(classes, init_and_del)
{
    mn_object *A = make_class("A", NULL, "__del__", meth(M(del_fn, MN_METH_NOARGS)), NULL);
    mn_object *a = new0(A);
    cr_assert_eq(del_count, 0);
    MN_DECREF(a);
    /* __del__ ran when the refcount dropped to zero */
    cr_assert_eq(del_count, 1);
    MN_DECREF(A);

    mn_object *B = make_class("B", NULL, "__init__", meth(M(init_bad, 0)), NULL);
    cr_assert_null(new0(B));
    assert_error("TypeError: __init__() should return None, not 'int'");
    MN_DECREF(B);

    mn_object *C = make_class("C", NULL, "__init__", meth(M(init_store, 0)), NULL);
    mn_object *five = INT(5);
    mn_object *c = mn_object_call1(C, five);
    assert_repr(mn_object_getattr_str(c, "v"), "5");
    MN_DECREF(c);
    MN_DECREF(five);
    MN_DECREF(C);
}

/* --------------------------------------------------- built-in bases */

static mn_object *missing_fn(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)n, (void)k;
    return tagged("missing", a[0]);
}

/* class MyList(list): def __init__(self, x): list.__init__(self, x) — via
 * the slot wrapper list.__init__ */
static mn_object *mylist_init(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)k;
    mn_object *init = mn_object_getattr_str(MN_OBJ(&mn_list_type), "__init__");
    mn_object *args[2] = { self, n ? a[0] : mn_none };
    mn_object *r = mn_object_call(init, args, 2, NULL);
    MN_DECREF(init);
    if (r)
        mn_object_setattr_str(self, "tag", mn_true);
    return r;
}

Test(classes, builtin_bases)
{
    mn_object *L = make_class("MyList", BASES1(&mn_list_type), "__init__", meth(M(mylist_init, 0)), NULL);
    mn_object *src = mn_str_from_cstr("ab");
    mn_object *l = mn_object_call1(L, src);
    MN_DECREF(src);
    cr_assert_not_null(l);
    /* MyList('ab') == ['a', 'b']; l.tag; len(l); l.append(1) */
    assert_repr(MN_NEW_REF(l), "['a', 'b']");
    assert_repr(mn_object_getattr_str(l, "tag"), "True");
    cr_assert_eq(mn_object_length(l), 2);
    mn_object *one = INT(1);
    assert_repr(mn_object_call_method(l, "append", &one, 1), "None");
    assert_repr(mn_number_binop(l, l, MN_BINOP_ADD), "['a', 'b', 1, 'a', 'b', 1]");
    MN_DECREF(l);
    MN_DECREF(L);

    /* class D(dict): def __missing__(self, k): ...; D()['x'] */
    mn_object *D = make_class("D", BASES1(&mn_dict_type), "__missing__", meth(M(missing_fn, MN_METH_O)), NULL);
    mn_object *d = new0(D);
    mn_object *x = STR("x");
    assert_repr(mn_object_getitem(d, x), "\"missing:'x'\"");
    cr_assert_eq(mn_object_setitem(d, x, one), 0);
    assert_repr(mn_object_getitem(d, x), "1");
    mn_object_setattr_str(d, "attr", one);
    assert_repr(MN_NEW_REF(d), "{'x': 1}");
    MN_DECREF(d);
    MN_DECREF(D);

    /* class I(int): pass; i = I(7); i.a = 'x'; i + 1 == 8; repr(i) == '7' */
    mn_object *I = make_class("I", BASES1(&mn_int_type), NULL);
    mn_object *seven = INT(7);
    mn_object *i = mn_object_call1(I, seven);
    cr_assert_eq(mn_object_setattr_str(i, "a", x), 0);
    assert_repr(mn_object_getattr_str(i, "a"), "'x'");
    assert_repr(MN_NEW_REF(i), "7");
    assert_repr(mn_number_binop(i, one, MN_BINOP_ADD), "8");
    cr_assert_eq(mn_object_hash(i), 7);
    MN_DECREF(i);
    /* a big one: I(10**30) keeps its digits and its __dict__ apart */
    mn_object *big = mn_int_from_string("1000000000000000000000000000000", 31, 10);
    i = mn_object_call1(I, big);
    cr_assert_eq(mn_object_setattr_str(i, "a", x), 0);
    assert_repr(MN_NEW_REF(i), "1000000000000000000000000000000");
    assert_repr(mn_object_getattr_str(i, "__dict__"), "{'a': 'x'}");
    MN_DECREF(i);
    MN_DECREF(big);
    MN_DECREF(seven);
    MN_DECREF(I);

    /* class S(str): pass; S('hey').upper(); s.n = 1 */
    mn_object *S = make_class("S", BASES1(&mn_str_type), NULL);
    mn_object *hey = STR("hey");
    mn_object *s = mn_object_call1(S, hey);
    cr_assert_eq(mn_object_setattr_str(s, "n", one), 0);
    assert_repr(mn_object_call_method(s, "upper", NULL, 0), "'HEY'");
    assert_repr(mn_object_getattr_str(s, "n"), "1");
    cr_assert_eq(mn_object_richcompare_bool(s, hey, MN_EQ), 1);
    MN_DECREF(s);
    MN_DECREF(hey);
    MN_DECREF(S);

    /* class T(tuple): pass; T([1, 2]) */
    mn_object *T = make_class("T", BASES1(&mn_tuple_type), NULL);
    mn_object *lst = mn_list_new(0);
    mn_list_append(lst, one);
    mn_list_append(lst, x);
    mn_object *t = mn_object_call1(T, lst);
    cr_assert_eq(mn_object_setattr_str(t, "n", one), 0);
    assert_repr(MN_NEW_REF(t), "(1, 'x')");
    MN_DECREF(t);
    MN_DECREF(lst);
    MN_DECREF(T);

    /* class E(Exception): pass; str(E('boom', 2)); E('a').args */
    mn_object *E = make_class("E", BASES1(&mn_exc_Exception), NULL);
    mn_object *boom = STR("boom");
    mn_object *e = mn_object_call1(E, boom);
    assert_repr(mn_object_getattr_str(e, "args"), "('boom',)");
    assert_repr(MN_NEW_REF(e), "E('boom')");
    cr_assert_eq(mn_object_setattr_str(e, "extra", one), 0);
    MN_DECREF(e);
    MN_DECREF(boom);
    MN_DECREF(E);
    MN_DECREF(x);
    MN_DECREF(one);
}

/* ----------------------------------------------- C slots as methods */

Test(classes, slot_wrappers)
{
    /* int.__add__ */
    assert_repr(mn_object_getattr_str(MN_OBJ(&mn_int_type), "__add__"), "<slot wrapper '__add__' of 'int' objects>");
    assert_repr(mn_object_getattr_str(MN_OBJ(&mn_object_type), "__init__"),
                "<slot wrapper '__init__' of 'object' objects>");
    /* list.__hash__ is None; hasattr(list, '__radd__') False */
    assert_repr(mn_object_getattr_str(MN_OBJ(&mn_list_type), "__hash__"), "None");
    cr_assert_eq(mn_object_hasattr_str(MN_OBJ(&mn_list_type), "__radd__"), 0);
    cr_assert_eq(mn_object_hasattr_str(MN_OBJ(&mn_list_type), "__rmul__"), 1);
    /* int.__add__(1, 2) == 3; int.__radd__(1, 2) == 3 */
    mn_object *add = mn_object_getattr_str(MN_OBJ(&mn_int_type), "__add__");
    mn_object *one = INT(1), *two = INT(2), *s = STR("a");
    mn_object *args[2] = { one, two };
    assert_repr(mn_object_call(add, args, 2, NULL), "3");
    /* int.__add__('a', 1) */
    mn_object *bad[2] = { s, one };
    cr_assert_null(mn_object_call(add, bad, 2, NULL));
    assert_error("TypeError: descriptor '__add__' requires a 'int' object but received a 'str'");
    cr_assert_null(mn_object_call(add, NULL, 0, NULL));
    assert_error("TypeError: descriptor '__add__' of 'int' object needs an argument");
    /* (1).__add__ is a method-wrapper; (1).__add__('a') is NotImplemented */
    mn_object *bound = mn_object_getattr_str(one, "__add__");
    mn_object *r = mn_object_repr(bound);
    cr_assert(strncmp(mn_str_as_utf8(r), "<method-wrapper '__add__' of int object at 0x", 45) == 0);
    MN_DECREF(r);
    assert_repr(mn_object_call1(bound, s), "NotImplemented");
    cr_assert_null(mn_object_call(bound, args, 2, NULL));
    assert_error("TypeError: expected 1 argument, got 2");
    MN_DECREF(bound);
    MN_DECREF(add);
    /* object.__eq__(1, 1) is True; (1).__lt__(2); [1].__len__(); 'ab'.__getitem__(1) */
    mn_object *eq = mn_object_getattr_str(MN_OBJ(&mn_object_type), "__eq__");
    mn_object *same[2] = { one, one };
    assert_repr(mn_object_call(eq, same, 2, NULL), "True");
    MN_DECREF(eq);
    assert_repr(mn_object_call_method(one, "__lt__", &two, 1), "True");
    assert_repr(mn_object_call_method(s, "__len__", NULL, 0), "1");
    /* dict.__setitem__(d, 'a', 1); d.__contains__('a') */
    mn_object *d = mn_dict_new();
    mn_object *dset = mn_object_getattr_str(MN_OBJ(&mn_dict_type), "__setitem__");
    mn_object *dargs[3] = { d, s, one };
    assert_repr(mn_object_call(dset, dargs, 3, NULL), "None");
    assert_repr(mn_object_call_method(d, "__contains__", &s, 1), "True");
    assert_repr(MN_NEW_REF(d), "{'a': 1}");
    MN_DECREF(dset);
    MN_DECREF(d);
    /* int.__new__(int, '7'); int.__new__(str) errors */
    mn_object *inew = mn_object_getattr_str(MN_OBJ(&mn_int_type), "__new__");
    mn_object *seven = STR("7");
    mn_object *nargs_[2] = { MN_OBJ(&mn_int_type), seven };
    assert_repr(mn_object_call(inew, nargs_, 2, NULL), "7");
    nargs_[0] = MN_OBJ(&mn_str_type);
    cr_assert_null(mn_object_call(inew, nargs_, 1, NULL));
    assert_error("TypeError: int.__new__(str): str is not a subtype of int");
    MN_DECREF(seven);
    MN_DECREF(inew);
    /* '__add__' in dir(int) */
    mn_object *dir = mn_object_call_method(one, "__dir__", NULL, 0);
    mn_object *name = STR("__add__");
    cr_assert_eq(mn_sequence_contains(dir, name), 1);
    MN_DECREF(name);
    MN_DECREF(dir);
    /* (3).__pow__(2, 5) == 4 */
    mn_object *three = INT(3), *five = INT(5);
    mn_object *pargs[2] = { two, five };
    mn_object *pw = mn_object_getattr_str(three, "__pow__");
    assert_repr(mn_object_call(pw, pargs, 2, NULL), "4");
    MN_DECREF(pw);
    MN_DECREF(three);
    MN_DECREF(five);
    MN_DECREF(one);
    MN_DECREF(two);
    MN_DECREF(s);
}

/* class I(int): def __add__(self, o): return 'I.add' — and int's own
 * slots stay in use for what I doesn't override. */
static mn_object *i_add(mn_object *self, mn_object *const *a, mn_ssize n, mn_object *k)
{
    (void)self, (void)n, (void)k;
    return tagged("I.add", a[0]);
}

Test(classes, override_builtin_slot)
{
    mn_object *I = make_class("I", BASES1(&mn_int_type), "__add__", meth(M(i_add, MN_METH_O)), NULL);
    mn_object *two = INT(2);
    mn_object *i = mn_object_call1(I, two);
    mn_object *one = INT(1);
    /* I(2) + 1 -> 'I.add:1'; 1 + I(2) -> 3 (int.__radd__ ... I inherits int's
     * reflected method, so int + I uses int's slot) */
    assert_repr(mn_number_binop(i, one, MN_BINOP_ADD), "'I.add:1'");
    assert_repr(mn_number_binop(one, i, MN_BINOP_ADD), "3");
    /* I(2) * 3 == 6 (int's slot) */
    assert_repr(mn_number_binop(i, two, MN_BINOP_MULTIPLY), "4");
    MN_DECREF(i);
    MN_DECREF(one);
    MN_DECREF(two);
    MN_DECREF(I);
}

/* tests/unit/test_bytes.c — hand-written tests for bytes/bytearray: the C
 * API (constructors, views, repr, hashing), capacity accounting, iterator
 * protocol, subclasses and the __bytes__ protocol. The bulk of the
 * method-level tests (expected values from CPython 3.11) live in
 * test_bytes_gen.c. */
#include <criterion/criterion.h>
#include <string.h>

#include "runtime/runtime.h"

static void setup(void) { cr_assert(mn_runtime_init() == 0); }
static void teardown(void) { mn_runtime_fini(); }
TestSuite(bytes, .init = setup, .fini = teardown);

/* repr(o) compared with `expected`; drops o. */
static void expect_repr(mn_object *o, const char *expected)
{
    cr_assert(o != NULL, "unexpected exception");
    mn_object *r = mn_object_repr(o);
    cr_assert(r != NULL);
    cr_expect_str_eq(MN_STR_DATA(r), expected);
    MN_DECREF(r);
    MN_DECREF(o);
}

static mn_ssize as_ssize(mn_object *o)
{
    cr_assert(o != NULL);
    mn_ssize v = mn_int_as_ssize(o);
    MN_DECREF(o);
    return v;
}

Test(bytes, c_api_constructors_and_view)
{
    mn_object *b = mn_bytes_from_data("a\0b", 3);
    cr_assert_eq(MN_BYTES_SIZE(b), 3);
    cr_assert_eq(MN_BYTES_DATA(b)[3], '\0');          /* NUL-terminated */
    const char *p;
    mn_ssize n;
    cr_assert_eq(mn_bytes_view(b, &p, &n), 0);
    cr_assert_eq(n, 3);
    cr_assert_eq(memcmp(p, "a\0b", 3), 0);
    /* repr(b'a\x00b') == "b'a\\x00b'" */
    mn_object *r = mn_bytes_repr(b);
    cr_expect_str_eq(MN_STR_DATA(r), "b'a\\x00b'");
    MN_DECREF(r);
    MN_DECREF(b);

    mn_object *raw = mn_bytes_new_raw(4);
    memcpy(MN_BYTES_DATA(raw), "wxyz", 4);
    expect_repr(raw, "b'wxyz'");

    mn_object *ba = mn_bytearray_from_data("xy", 2);
    cr_assert(MN_BYTEARRAY_CHECK(ba));
    cr_assert_eq(mn_bytes_view(ba, &p, &n), 0);
    cr_assert_eq(n, 2);
    expect_repr(ba, "bytearray(b'xy')");

    /* memoryview-less buffer check: a str is not bytes-like */
    mn_object *s = mn_str_from_cstr("x");
    cr_assert_eq(mn_bytes_view(s, &p, &n), -1);
    mn_object *exc = mn_err_fetch();
    mn_object *msg = mn_object_str(exc);
    cr_expect_str_eq(MN_STR_DATA(msg), "a bytes-like object is required, not 'str'");
    MN_DECREF(msg);
    MN_DECREF(exc);
    MN_DECREF(s);
}

Test(bytes, hash_is_deterministic_and_matches_str)
{
    mn_object *b = mn_bytes_from_data("abc", 3);
    mn_object *b2 = mn_bytes_from_data("abc", 3);
    mn_object *s = mn_str_from_cstr("abc");
    mn_hash h = mn_object_hash(b);
    cr_expect_neq(h, -1);
    cr_expect_eq(h, mn_object_hash(b2));          /* hash(b'abc') == hash(b'abc') */
    cr_expect_eq(h, mn_object_hash(s));           /* hash(b'abc') == hash('abc') */
    cr_expect_eq(((mn_bytes *)b)->hash, h);       /* cached */
    mn_object *e = mn_bytes_from_data("", 0);
    mn_object *es = mn_str_from_cstr("");
    cr_expect_eq(mn_object_hash(e), mn_object_hash(es));
    MN_DECREF(e);
    MN_DECREF(es);
    MN_DECREF(b);
    MN_DECREF(b2);
    MN_DECREF(s);

    /* hash(bytearray()) -> TypeError: unhashable type: 'bytearray' */
    mn_object *ba = mn_bytearray_from_data("", 0);
    cr_expect_eq(mn_object_hash(ba), -1);
    mn_object *exc = mn_err_fetch();
    cr_assert(exc != NULL);
    cr_expect(MN_TYPE(exc) == &mn_exc_TypeError);
    mn_object *msg = mn_object_str(exc);
    cr_expect_str_eq(MN_STR_DATA(msg), "unhashable type: 'bytearray'");
    MN_DECREF(msg);
    MN_DECREF(exc);
    MN_DECREF(ba);
}

Test(bytes, sizeof_reports_capacity)
{
    /* bytes: header + data + NUL: b''.__sizeof__() == 33, b'abc' -> 36 (as CPython) */
    mn_object *b = mn_bytes_from_data("abc", 3);
    cr_expect_eq(as_ssize(mn_object_call_method(b, "__sizeof__", NULL, 0)), 36);
    MN_DECREF(b);
    /* bytearray: header + allocated buffer. CPython's header is 56 bytes
     * (it has an extra ob_start pointer); ours is sizeof(mn_bytearray). */
    mn_object *ba = mn_bytearray_from_data("abcdef", 6);
    mn_ssize alloc = as_ssize(mn_object_call_method(ba, "__alloc__", NULL, 0));
    cr_expect_eq(alloc, 7);                        /* bytearray(b'abcdef').__alloc__() == 7 */
    cr_expect_eq(as_ssize(mn_object_call_method(ba, "__sizeof__", NULL, 0)),
                 (mn_ssize)sizeof(mn_bytearray) + alloc);
    /* appends over-allocate: sizes 7..20 need only a few reallocations */
    mn_ssize reallocs = 0, last = alloc;
    for (int i = 0; i < 100; i++) {
        mn_object *v = mn_int_from_i64(i);
        mn_object *r = mn_object_call_method(ba, "append", &v, 1);
        MN_DECREF(v);
        MN_DECREF(r);
        if (((mn_bytearray *)ba)->allocated != last) {
            reallocs++;
            last = ((mn_bytearray *)ba)->allocated;
        }
    }
    cr_expect_lt(reallocs, 30);
    cr_expect_eq(MN_SIZE(ba), 106);
    MN_DECREF(ba);
}

Test(bytes, iterator_protocol)
{
    mn_object *b = mn_bytes_from_data("\x01\xff", 2);
    mn_object *it = mn_object_get_iter(b);
    cr_assert(MN_TYPE(it) == &mn_bytes_iter_type);
    /* it.__length_hint__() == 2 */
    cr_expect_eq(as_ssize(mn_object_call_method(it, "__length_hint__", NULL, 0)), 2);
    cr_expect_eq(as_ssize(mn_iter_next(it)), 1);
    cr_expect_eq(as_ssize(mn_iter_next(it)), 255);
    cr_expect(mn_iter_next(it) == NULL && !mn_err_occurred());
    cr_expect(mn_iter_next(it) == NULL && !mn_err_occurred());   /* stays exhausted */
    cr_expect_eq(as_ssize(mn_object_call_method(it, "__length_hint__", NULL, 0)), 0);
    MN_DECREF(it);
    MN_DECREF(b);

    /* A bytearray iterator sees appends made during iteration. */
    mn_object *ba = mn_bytearray_from_data("a", 1);
    it = mn_object_get_iter(ba);
    cr_assert(MN_TYPE(it) == &mn_bytearray_iter_type);
    cr_expect_eq(as_ssize(mn_iter_next(it)), 'a');
    mn_object *v = mn_int_from_i64('b');
    MN_DECREF(mn_object_call_method(ba, "append", &v, 1));
    MN_DECREF(v);
    cr_expect_eq(as_ssize(mn_iter_next(it)), 'b');
    cr_expect(mn_iter_next(it) == NULL);
    MN_DECREF(it);
    MN_DECREF(ba);
}

/* A C function used as a class attribute: stored in the class dict it is
 * not a descriptor, so it is called without self. */
static mn_object *dunder_bytes(mn_object *self MN_UNUSED, mn_object *const *args MN_UNUSED,
                               mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return mn_bytes_from_data("via __bytes__", 13);
}
static mn_object *dunder_bytes_bad(mn_object *self MN_UNUSED, mn_object *const *args MN_UNUSED,
                                   mn_ssize nargs MN_UNUSED, mn_object *kw MN_UNUSED)
{
    return mn_int_from_i64(1);
}
static mn_method_def bytes_def = {"__bytes__", dunder_bytes, 0, NULL};
static mn_method_def bytes_bad_def = {"__bytes__", dunder_bytes_bad, 0, NULL};

/* class NAME(base): attr = value */
static mn_object *make_class(const char *name, mn_type *base, const char *attr, mn_object *value)
{
    mn_object *n = mn_str_from_cstr(name);
    mn_object *bases = mn_tuple_pack(1, MN_OBJ(base));
    mn_object *d = mn_dict_new();
    if (attr)
        mn_dict_set_item_str(d, attr, value);
    mn_object *cls = mn_type_new_heap(&mn_type_type, n, bases, d, NULL);
    MN_DECREF(n);
    MN_DECREF(bases);
    MN_DECREF(d);
    if (cls == NULL)
        mn_err_clear();   /* class creation not available yet: caller skips */
    return cls;
}

Test(bytes, dunder_bytes_protocol)
{
    mn_object *fn = mn_cfunction_new(&bytes_def, NULL, NULL);
    mn_object *cls = make_class("X", &mn_object_type, "__bytes__", fn);
    if (cls == NULL) {
        MN_DECREF(fn);
        cr_skip_test("heap types (mn_type_new_heap) not available yet");
    }
    mn_object *x = mn_object_call0(cls);
    /* bytes(X()) == b'via __bytes__' */
    expect_repr(mn_object_call1(MN_OBJ(&mn_bytes_type), x), "b'via __bytes__'");
    MN_DECREF(x);
    MN_DECREF(cls);
    MN_DECREF(fn);

    fn = mn_cfunction_new(&bytes_bad_def, NULL, NULL);
    cls = make_class("Y", &mn_object_type, "__bytes__", fn);
    x = mn_object_call0(cls);
    /* bytes(Y()) -> TypeError: __bytes__ returned non-bytes (type int) */
    cr_expect(mn_object_call1(MN_OBJ(&mn_bytes_type), x) == NULL);
    mn_object *exc = mn_err_fetch();
    mn_object *msg = mn_object_str(exc);
    cr_expect_str_eq(MN_STR_DATA(msg), "__bytes__ returned non-bytes (type int)");
    MN_DECREF(msg);
    MN_DECREF(exc);
    MN_DECREF(x);
    MN_DECREF(cls);
    MN_DECREF(fn);
}

Test(bytes, subclasses)
{
    /* class B(bytes): pass;  B(b'ab') -> b'ab', type(B(b'ab').upper()) is bytes */
    mn_object *cls = make_class("B", &mn_bytes_type, NULL, NULL);
    if (cls == NULL)
        cr_skip_test("heap types (mn_type_new_heap) not available yet");
    mn_object *arg = mn_bytes_from_data("ab", 2);
    mn_object *b = mn_object_call1(cls, arg);
    cr_assert(b != NULL);
    cr_expect(MN_TYPE(b) == (mn_type *)cls);
    cr_expect(MN_BYTES_CHECK(b));
    mn_object *up = mn_object_call_method(b, "upper", NULL, 0);
    cr_expect(MN_TYPE(up) == &mn_bytes_type);
    expect_repr(up, "b'AB'");
    expect_repr(b, "b'ab'");
    MN_DECREF(cls);

    /* class BA(bytearray): pass;  repr(BA(b'ab')) == "BA(b'ab')" */
    cls = make_class("BA", &mn_bytearray_type, NULL, NULL);
    mn_object *ba = mn_object_call1(cls, arg);
    cr_assert(ba != NULL);
    expect_repr(ba, "BA(b'ab')");
    MN_DECREF(cls);
    MN_DECREF(arg);
}

Test(bytes, decode_error_attributes)
{
    /* b'a\xffb'.decode('ascii') -> UnicodeDecodeError with start 1, end 2 */
    mn_object *b = mn_bytes_from_data("a\xff" "b", 3);
    mn_object *enc = mn_str_from_cstr("ascii");
    cr_expect(mn_object_call_method(b, "decode", &enc, 1) == NULL);
    mn_object *exc = mn_err_fetch();
    cr_assert(exc != NULL);
    cr_expect(MN_TYPE(exc) == &mn_exc_UnicodeDecodeError);
    cr_expect_eq(as_ssize(mn_object_getattr_str(exc, "start")), 1);
    cr_expect_eq(as_ssize(mn_object_getattr_str(exc, "end")), 2);
    expect_repr(mn_object_getattr_str(exc, "object"), "b'a\\xffb'");
    expect_repr(mn_object_getattr_str(exc, "encoding"), "'ascii'");
    MN_DECREF(exc);
    MN_DECREF(enc);
    MN_DECREF(b);
}

Test(bytes, large_repeat_and_join)
{
    /* len(b'ab' * 100000) == 200000 and (b'ab' * 100000)[-1] == 98 */
    mn_object *b = mn_bytes_from_data("ab", 2);
    mn_object *n = mn_int_from_i64(100000);
    mn_object *r = mn_number_binop(b, n, MN_BINOP_MULTIPLY);
    cr_assert(r != NULL);
    cr_expect_eq(MN_SIZE(r), 200000);
    cr_expect_eq(MN_BYTES_DATA(r)[199999], 'b');
    cr_expect_eq(MN_BYTES_DATA(r)[199998], 'a');
    /* b'-'.join([b'ab'] * 3) == b'ab-ab-ab' */
    mn_object *sep = mn_bytes_from_data("-", 1);
    mn_object *lst = mn_list_new(0);
    for (int i = 0; i < 3; i++)
        mn_list_append(lst, b);
    expect_repr(mn_object_call_method(sep, "join", &lst, 1), "b'ab-ab-ab'");
    MN_DECREF(lst);
    MN_DECREF(sep);
    MN_DECREF(r);
    MN_DECREF(n);
    MN_DECREF(b);
}

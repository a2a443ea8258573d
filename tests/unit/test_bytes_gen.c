/* tests/unit/test_bytes_gen.c — table-style tests for bytes and bytearray.
 *
 * Each block is a Python snippet (in the comment, with CPython 3.11's
 * result after "->") translated to C calls on the public runtime API: the
 * last expression's repr (or exception type and message) must match what
 * python3 printed. The helpers below *steal* their arguments and propagate
 * NULL, so snippets nest the way the Python expressions do.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <string.h>

#include "runtime/runtime.h"

static void setup(void) { cr_assert(mn_runtime_init() == 0); }
static void teardown(void) { mn_runtime_fini(); }
TestSuite(bytes_gen, .init = setup, .fini = teardown);

#define NONE() MN_NEW_REF(mn_none)
#define BOOL(b) MN_NEW_REF((b) ? mn_true : mn_false)
#define TYPE(t) MN_NEW_REF(&(t))
#define REF(v) ((v) ? MN_NEW_REF(v) : NULL)
static mn_object *BY(const char *s, mn_ssize n) { return mn_bytes_from_data(s, n); }
static mn_object *I(long long v) { return mn_int_from_i64(v); }
static mn_object *BIGI(const char *s) { return mn_int_from_string(s, (mn_ssize)strlen(s), 10); }
static mn_object *F(double d) { return mn_float_from_double(d); }
static mn_object *S(const char *s) { return mn_str_from_cstr(s); }

/* Takes n stolen references from ap; 0 if any is NULL (an error). */
static int collect(mn_object **a, int n, va_list ap)
{
    int ok = 1;
    for (int i = 0; i < n; i++)
        if ((a[i] = va_arg(ap, mn_object *)) == NULL)
            ok = 0;
    return ok;
}
static void release(mn_object **a, int n)
{
    for (int i = 0; i < n; i++)
        MN_XDECREF(a[i]);
}
static mn_object *TUP(int n, ...)
{
    mn_object *a[16];
    va_list ap;
    va_start(ap, n);
    int ok = collect(a, n, ap);
    va_end(ap);
    mn_object *r = ok ? mn_tuple_from_array(a, n) : NULL;
    release(a, n);
    return r;
}
static mn_object *LST(int n, ...)
{
    mn_object *a[16];
    va_list ap;
    va_start(ap, n);
    int ok = collect(a, n, ap);
    va_end(ap);
    mn_object *r = ok ? mn_list_new(0) : NULL;
    for (int i = 0; r && i < n; i++)
        if (mn_list_append(r, a[i]) < 0)
            MN_CLEAR(r);
    release(a, n);
    return r;
}
static mn_object *DCT(int n, ...)
{
    mn_object *a[32];
    va_list ap;
    va_start(ap, n);
    int ok = collect(a, 2 * n, ap);
    va_end(ap);
    mn_object *r = ok ? mn_dict_new() : NULL;
    for (int i = 0; r && i < n; i++)
        if (mn_dict_set_item(r, a[2 * i], a[2 * i + 1]) < 0)
            MN_CLEAR(r);
    release(a, 2 * n);
    return r;
}
/* kwnames tuple from C strings. */
static mn_object *KW(int n, ...)
{
    mn_object *t = mn_tuple_new(n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        MN_TUPLE_SET(t, i, mn_str_intern_cstr(va_arg(ap, const char *)));
    va_end(ap);
    return t;
}
/* target(*args[, kw]): nargs counts positional + keyword values. */
static mn_object *CALL(mn_object *target, int n, mn_object *kw, ...)
{
    mn_object *a[16];
    va_list ap;
    va_start(ap, kw);
    int ok = collect(a, n, ap);
    va_end(ap);
    mn_object *r = NULL;
    if (ok && target) {
        mn_ssize nkw = kw ? MN_TUPLE_SIZE(kw) : 0;
        r = mn_object_call(target, a, n - nkw, kw);
    }
    release(a, n);
    MN_XDECREF(target);
    MN_XDECREF(kw);
    return r;
}
static mn_object *ATTR(mn_object *o, const char *name)
{
    if (o == NULL)
        return NULL;
    mn_object *r = mn_object_getattr_str(o, name);
    MN_DECREF(o);
    return r;
}
#define BINARY(fname, expr) \
    MN_UNUSED static mn_object *fname(mn_object *a, mn_object *b, int op) \
    { \
        (void)op; \
        mn_object *r = (a && b) ? (expr) : NULL; \
        MN_XDECREF(a); \
        MN_XDECREF(b); \
        return r; \
    }
BINARY(BIN, mn_number_binop(a, b, op))
BINARY(INPLACE, mn_number_binop(a, b, op + MN_BINOP_INPLACE))
BINARY(RICH, mn_object_richcompare(a, b, op))
static mn_object *contains_(mn_object *a, mn_object *b)
{
    int r = mn_sequence_contains(a, b);
    return r < 0 ? NULL : mn_bool_from_long(r);
}
BINARY(CONTAINS_OP, contains_(a, b))
#define CONTAINS(seq, x) CONTAINS_OP(seq, x, 0)
BINARY(GETITEM_OP, mn_object_getitem(a, b))
#define GETITEM(o, k) GETITEM_OP(o, k, 0)
MN_UNUSED static mn_object *NOTB(mn_object *o)
{
    if (o == NULL)
        return NULL;
    int t = mn_object_is_true(o);
    MN_DECREF(o);
    return t < 0 ? NULL : mn_bool_from_long(!t);
}
static mn_object *SL(mn_object *a, mn_object *b, mn_object *c)
{
    mn_object *r = (a && b && c) ? mn_slice_new(a, b, c) : NULL;
    MN_XDECREF(a);
    MN_XDECREF(b);
    MN_XDECREF(c);
    return r;
}
/* o[k] = v (v NULL: del o[k]); -1 on error. */
static int SETITEM(mn_object *o, mn_object *k, mn_object *v)
{
    int r = -1;
    if (o && k)
        r = v ? mn_object_setitem(o, k, v) : mn_object_delitem(o, k);
    MN_XDECREF(o);
    MN_XDECREF(k);
    MN_XDECREF(v);
    return r;
}
#define UNARY(fname, expr) \
    MN_UNUSED static mn_object *fname(mn_object *o) \
    { \
        if (o == NULL) return NULL; \
        mn_object *r = (expr); \
        MN_DECREF(o); \
        return r; \
    }
static mn_object *len_(mn_object *o)
{
    mn_ssize n = mn_object_length(o);
    return n < 0 ? NULL : mn_int_from_ssize(n);
}
static mn_object *hash_(mn_object *o)
{
    mn_hash h = mn_object_hash(o);
    return h == -1 ? NULL : mn_int_from_i64(h);
}
static mn_object *next_(mn_object *o)
{
    mn_object *r = mn_iter_next(o);
    if (r == NULL && !mn_err_occurred())
        mn_err_set_none(&mn_exc_StopIteration);
    return r;
}
UNARY(LEN_, len_(o))
UNARY(LIST_, mn_list_from_iterable(o))
UNARY(REPR_, mn_object_repr(o))
UNARY(STR_, mn_object_str(o))
UNARY(ITER_, mn_object_get_iter(o))
UNARY(NEXT_, next_(o))
UNARY(HASH_, hash_(o))

/* str(current exception) as "Type: message" (malloc'd). */
static char *describe_error(void)
{
    mn_object *exc = mn_err_fetch();
    if (exc == NULL)
        return strdup("<no exception set>");
    mn_object *s = mn_object_str(exc);
    char buf[512];
    snprintf(buf, sizeof buf, "%s: %s", MN_TYPE_NAME(exc), s ? MN_STR_DATA(s) : "<str failed>");
    MN_XDECREF(s);
    mn_err_clear();
    MN_DECREF(exc);
    return strdup(buf);
}

#define STEP(x) do { \
        mn_object *r_ = (x); \
        cr_assert(r_ != NULL, "step failed: %s", describe_error()); \
        MN_DECREF(r_); \
    } while (0)
#define STEPI(x) do { \
        int r_ = (x); \
        cr_assert(r_ == 0, "step failed: %s", describe_error()); \
    } while (0)
#define SETVAR(var, x) do { \
        mn_object *r_ = (x); \
        cr_assert(r_ != NULL, "step failed: %s", describe_error()); \
        MN_XDECREF(var); \
        var = r_; \
    } while (0)

static void check(mn_object *r, const char *expected, int line)
{
    if (r == NULL) {
        char *e = describe_error();
        cr_expect(0, "line %d: expected %s, got exception %s", line, expected, e);
        free(e);
        return;
    }
    mn_object *rep = mn_object_repr(r);
    MN_DECREF(r);
    if (rep == NULL) {
        char *e = describe_error();
        cr_expect(0, "line %d: repr failed: %s", line, e);
        free(e);
        return;
    }
    cr_expect_str_eq(MN_STR_DATA(rep), expected, "line %d: got %s, expected %s", line, MN_STR_DATA(rep), expected);
    MN_DECREF(rep);
}

static void check_err(mn_object *r, mn_type *type, const char *msg, int line)
{
    if (r != NULL) {
        mn_object *rep = mn_object_repr(r);
        cr_expect(0, "line %d: expected %s(%s), got %s", line, type->name, msg,
                  rep ? MN_STR_DATA(rep) : "?");
        MN_XDECREF(rep);
        MN_DECREF(r);
        mn_err_clear();
        return;
    }
    mn_object *exc = mn_err_fetch();
    cr_assert(exc != NULL, "line %d: NULL without exception", line);
    cr_expect(MN_TYPE(exc) == type, "line %d: expected %s, got %s", line, type->name, MN_TYPE_NAME(exc));
    mn_object *s = mn_object_str(exc);
    cr_expect(s != NULL, "line %d: str(exception) failed", line);
    if (s != NULL)
        cr_expect_str_eq(MN_STR_DATA(s), msg, "line %d: got message %s", line, MN_STR_DATA(s));
    mn_err_clear();
    MN_XDECREF(s);
    MN_DECREF(exc);
}

/* o[k] = v as an expression: None on success, NULL on error. */
static mn_object *SETITEM_R(mn_object *o, mn_object *k, mn_object *v)
{
    return SETITEM(o, k, v) < 0 ? NULL : MN_NEW_REF(mn_none);
}

#define CHECK(x, expected) check((x), (expected), __LINE__)
#define CHECK_ERR(x, type, msg) check_err((x), (type), (msg), __LINE__)

Test(bytes_gen, constructors) {
    { /* bytes()  ->  b'' */
        CHECK(CALL(TYPE(mn_bytes_type), 0, NULL), "b''");
    }
    { /* bytes(3)  ->  b'\x00\x00\x00' */
        CHECK(CALL(TYPE(mn_bytes_type), 1, NULL, I(3LL)), "b'\\x00\\x00\\x00'");
    }
    { /* bytes([1, 2, 255])  ->  b'\x01\x02\xff' */
        CHECK(CALL(TYPE(mn_bytes_type), 1, NULL, LST(3, I(1LL), I(2LL), I(255LL))), "b'\\x01\\x02\\xff'");
    }
    { /* bytes((104, 105))  ->  b'hi' */
        CHECK(CALL(TYPE(mn_bytes_type), 1, NULL, TUP(2, I(104LL), I(105LL))), "b'hi'");
    }
    { /* bytes(b'abc')  ->  b'abc' */
        CHECK(CALL(TYPE(mn_bytes_type), 1, NULL, BY("abc", 3)), "b'abc'");
    }
    { /* bytes(bytearray(b'xy'))  ->  b'xy' */
        CHECK(CALL(TYPE(mn_bytes_type), 1, NULL, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("xy", 2))), "b'xy'");
    }
    { /* bytes('hé', 'utf-8')  ->  b'h\xc3\xa9' */
        CHECK(CALL(TYPE(mn_bytes_type), 2, NULL, S("h\303\251"), S("utf-8")), "b'h\\xc3\\xa9'");
    }
    { /* bytes('abc', 'ascii')  ->  b'abc' */
        CHECK(CALL(TYPE(mn_bytes_type), 2, NULL, S("abc"), S("ascii")), "b'abc'");
    }
    { /* bytes('é', 'latin-1')  ->  b'\xe9' */
        CHECK(CALL(TYPE(mn_bytes_type), 2, NULL, S("\303\251"), S("latin-1")), "b'\\xe9'");
    }
    { /* bytes('abc', encoding='ascii')  ->  b'abc' */
        CHECK(CALL(TYPE(mn_bytes_type), 2, KW(1, "encoding"), S("abc"), S("ascii")), "b'abc'");
    }
    { /* bytes('a')  ->  TypeError: string argument without an encoding */
        CHECK_ERR(CALL(TYPE(mn_bytes_type), 1, NULL, S("a")), &mn_exc_TypeError, "string argument without an encoding");
    }
    { /* bytes(encoding='utf-8')  ->  TypeError: encoding without a string argument */
        CHECK_ERR(CALL(TYPE(mn_bytes_type), 1, KW(1, "encoding"), S("utf-8")), &mn_exc_TypeError, "encoding without a string argument");
    }
    { /* bytes(b'a', 'utf-8')  ->  TypeError: encoding without a string argument */
        CHECK_ERR(CALL(TYPE(mn_bytes_type), 2, NULL, BY("a", 1), S("utf-8")), &mn_exc_TypeError, "encoding without a string argument");
    }
    { /* bytes(-1)  ->  ValueError: negative count */
        CHECK_ERR(CALL(TYPE(mn_bytes_type), 1, NULL, I(-1LL)), &mn_exc_ValueError, "negative count");
    }
    { /* bytes(3.0)  ->  TypeError: cannot convert 'float' object to bytes */
        CHECK_ERR(CALL(TYPE(mn_bytes_type), 1, NULL, F(3.0)), &mn_exc_TypeError, "cannot convert 'float' object to bytes");
    }
    { /* bytes([256])  ->  ValueError: bytes must be in range(0, 256) */
        CHECK_ERR(CALL(TYPE(mn_bytes_type), 1, NULL, LST(1, I(256LL))), &mn_exc_ValueError, "bytes must be in range(0, 256)");
    }
    { /* bytes([-1])  ->  ValueError: bytes must be in range(0, 256) */
        CHECK_ERR(CALL(TYPE(mn_bytes_type), 1, NULL, LST(1, I(-1LL))), &mn_exc_ValueError, "bytes must be in range(0, 256)");
    }
    { /* bytes(['a'])  ->  TypeError: 'str' object cannot be interpreted as an integer */
        CHECK_ERR(CALL(TYPE(mn_bytes_type), 1, NULL, LST(1, S("a"))), &mn_exc_TypeError, "'str' object cannot be interpreted as an integer");
    }
    { /* bytes('é', 'ascii')  ->  UnicodeEncodeError: 'ascii' codec can't encode character '\xe9' in position 0: ordinal not in range(128) */
        CHECK_ERR(CALL(TYPE(mn_bytes_type), 2, NULL, S("\303\251"), S("ascii")), &mn_exc_UnicodeEncodeError, "'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)");
    }
    { /* bytes('a', 'foo')  ->  LookupError: unknown encoding: foo */
        CHECK_ERR(CALL(TYPE(mn_bytes_type), 2, NULL, S("a"), S("foo")), &mn_exc_LookupError, "unknown encoding: foo");
    }
    { /* bytes(iter([1, 2]))  ->  b'\x01\x02' */
        CHECK(CALL(TYPE(mn_bytes_type), 1, NULL, ITER_(LST(2, I(1LL), I(2LL)))), "b'\\x01\\x02'");
    }
    { /* bytes(bytes(2))  ->  b'\x00\x00' */
        CHECK(CALL(TYPE(mn_bytes_type), 1, NULL, CALL(TYPE(mn_bytes_type), 1, NULL, I(2LL))), "b'\\x00\\x00'");
    }
    { /* bytearray()  ->  bytearray(b'') */
        CHECK(CALL(TYPE(mn_bytearray_type), 0, NULL), "bytearray(b'')");
    }
    { /* bytearray(3)  ->  bytearray(b'\x00\x00\x00') */
        CHECK(CALL(TYPE(mn_bytearray_type), 1, NULL, I(3LL)), "bytearray(b'\\x00\\x00\\x00')");
    }
    { /* bytearray([1, 2, 3])  ->  bytearray(b'\x01\x02\x03') */
        CHECK(CALL(TYPE(mn_bytearray_type), 1, NULL, LST(3, I(1LL), I(2LL), I(3LL))), "bytearray(b'\\x01\\x02\\x03')");
    }
    { /* bytearray(b'abc')  ->  bytearray(b'abc') */
        CHECK(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), "bytearray(b'abc')");
    }
    { /* bytearray('ab', 'ascii')  ->  bytearray(b'ab') */
        CHECK(CALL(TYPE(mn_bytearray_type), 2, NULL, S("ab"), S("ascii")), "bytearray(b'ab')");
    }
    { /* bytearray(b'a', 'ascii')  ->  TypeError: encoding without a string argument */
        CHECK_ERR(CALL(TYPE(mn_bytearray_type), 2, NULL, BY("a", 1), S("ascii")), &mn_exc_TypeError, "encoding without a string argument");
    }
    { /* bytearray(encoding='ascii')  ->  TypeError: encoding without a string argument */
        CHECK_ERR(CALL(TYPE(mn_bytearray_type), 1, KW(1, "encoding"), S("ascii")), &mn_exc_TypeError, "encoding without a string argument");
    }
    { /* bytearray(-1)  ->  ValueError: negative count */
        CHECK_ERR(CALL(TYPE(mn_bytearray_type), 1, NULL, I(-1LL)), &mn_exc_ValueError, "negative count");
    }
    { /* bytearray(3.0)  ->  TypeError: cannot convert 'float' object to bytearray */
        CHECK_ERR(CALL(TYPE(mn_bytearray_type), 1, NULL, F(3.0)), &mn_exc_TypeError, "cannot convert 'float' object to bytearray");
    }
    { /* bytearray([256])  ->  ValueError: byte must be in range(0, 256) */
        CHECK_ERR(CALL(TYPE(mn_bytearray_type), 1, NULL, LST(1, I(256LL))), &mn_exc_ValueError, "byte must be in range(0, 256)");
    }
    { /* bytearray('abc')  ->  TypeError: string argument without an encoding */
        CHECK_ERR(CALL(TYPE(mn_bytearray_type), 1, NULL, S("abc")), &mn_exc_TypeError, "string argument without an encoding");
    }
    { /* bytearray(iter(b'xyz'))  ->  bytearray(b'xyz') */
        CHECK(CALL(TYPE(mn_bytearray_type), 1, NULL, ITER_(BY("xyz", 3))), "bytearray(b'xyz')");
    }
    { /* bytes.fromhex('ab cd')  ->  b'\xab\xcd' */
        CHECK(CALL(ATTR(TYPE(mn_bytes_type), "fromhex"), 1, NULL, S("ab cd")), "b'\\xab\\xcd'");
    }
    { /* bytes.fromhex(' 0a 0B ')  ->  b'\n\x0b' */
        CHECK(CALL(ATTR(TYPE(mn_bytes_type), "fromhex"), 1, NULL, S(" 0a 0B ")), "b'\\n\\x0b'");
    }
    { /* bytes.fromhex('abc')  ->  ValueError: non-hexadecimal number found in fromhex() arg at position 3 */
        CHECK_ERR(CALL(ATTR(TYPE(mn_bytes_type), "fromhex"), 1, NULL, S("abc")), &mn_exc_ValueError, "non-hexadecimal number found in fromhex() arg at position 3");
    }
    { /* bytes.fromhex('a g')  ->  ValueError: non-hexadecimal number found in fromhex() arg at position 1 */
        CHECK_ERR(CALL(ATTR(TYPE(mn_bytes_type), "fromhex"), 1, NULL, S("a g")), &mn_exc_ValueError, "non-hexadecimal number found in fromhex() arg at position 1");
    }
    { /* bytes.fromhex(b'ab')  ->  TypeError: fromhex() argument must be str, not bytes */
        CHECK_ERR(CALL(ATTR(TYPE(mn_bytes_type), "fromhex"), 1, NULL, BY("ab", 2)), &mn_exc_TypeError, "fromhex() argument must be str, not bytes");
    }
    { /* bytearray.fromhex('ff00')  ->  bytearray(b'\xff\x00') */
        CHECK(CALL(ATTR(TYPE(mn_bytearray_type), "fromhex"), 1, NULL, S("ff00")), "bytearray(b'\\xff\\x00')");
    }
    { /* bytes.fromhex('')  ->  b'' */
        CHECK(CALL(ATTR(TYPE(mn_bytes_type), "fromhex"), 1, NULL, S("")), "b''");
    }
}

Test(bytes_gen, repr) {
    { /* b''  ->  b'' */
        CHECK(BY("", 0), "b''");
    }
    { /* b'abc'  ->  b'abc' */
        CHECK(BY("abc", 3), "b'abc'");
    }
    { /* b'\x00\n\'"\t\r\x7f\x80\xff'  ->  b'\x00\n\'"\t\r\x7f\x80\xff' */
        CHECK(BY("\000\012'\"\011\015\177\200\377", 9), "b'\\x00\\n\\'\"\\t\\r\\x7f\\x80\\xff'");
    }
    { /* b'"'  ->  b'"' */
        CHECK(BY("\"", 1), "b'\"'");
    }
    { /* b"'"  ->  b"'" */
        CHECK(BY("'", 1), "b\"'\"");
    }
    { /* b'\''  ->  b"'" */
        CHECK(BY("'", 1), "b\"'\"");
    }
    { /* b'\\'  ->  b'\\' */
        CHECK(BY("\\", 1), "b'\\\\'");
    }
    { /* bytearray(b"'\"")  ->  bytearray(b'\'"') */
        CHECK(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("'\"", 2)), "bytearray(b'\\'\"')");
    }
    { /* bytearray()  ->  bytearray(b'') */
        CHECK(CALL(TYPE(mn_bytearray_type), 0, NULL), "bytearray(b'')");
    }
    { /* bytearray(b'a\x00')  ->  bytearray(b'a\x00') */
        CHECK(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a\000", 2)), "bytearray(b'a\\x00')");
    }
    { /* str(b'a')  ->  "b'a'" */
        CHECK(STR_(BY("a", 1)), "\"b'a'\"");
    }
    { /* repr(bytearray(b'\n'))  ->  "bytearray(b'\\n')" */
        CHECK(REPR_(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("\012", 1))), "\"bytearray(b'\\\\n')\"");
    }
}

Test(bytes_gen, indexing_slicing) {
    { /* b'abc'[0]  ->  97 */
        CHECK(GETITEM(BY("abc", 3), I(0LL)), "97");
    }
    { /* b'abc'[-1]  ->  99 */
        CHECK(GETITEM(BY("abc", 3), I(-1LL)), "99");
    }
    { /* b'abc'[5]  ->  IndexError: index out of range */
        CHECK_ERR(GETITEM(BY("abc", 3), I(5LL)), &mn_exc_IndexError, "index out of range");
    }
    { /* b'abc'[-4]  ->  IndexError: index out of range */
        CHECK_ERR(GETITEM(BY("abc", 3), I(-4LL)), &mn_exc_IndexError, "index out of range");
    }
    { /* bytearray(b'abc')[5]  ->  IndexError: bytearray index out of range */
        CHECK_ERR(GETITEM(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), I(5LL)), &mn_exc_IndexError, "bytearray index out of range");
    }
    { /* b'abc'['x']  ->  TypeError: byte indices must be integers or slices, not str */
        CHECK_ERR(GETITEM(BY("abc", 3), S("x")), &mn_exc_TypeError, "byte indices must be integers or slices, not str");
    }
    { /* bytearray()['x']  ->  TypeError: bytearray indices must be integers or slices, not str */
        CHECK_ERR(GETITEM(CALL(TYPE(mn_bytearray_type), 0, NULL), S("x")), &mn_exc_TypeError, "bytearray indices must be integers or slices, not str");
    }
    { /* b'abc'[True]  ->  98 */
        CHECK(GETITEM(BY("abc", 3), BOOL(1)), "98");
    }
    { /* b'abc'[1:3]  ->  b'bc' */
        CHECK(GETITEM(BY("abc", 3), SL(I(1LL), I(3LL), NONE())), "b'bc'");
    }
    { /* b'abc'[::-1]  ->  b'cba' */
        CHECK(GETITEM(BY("abc", 3), SL(NONE(), NONE(), I(-1LL))), "b'cba'");
    }
    { /* b'abcdef'[::2]  ->  b'ace' */
        CHECK(GETITEM(BY("abcdef", 6), SL(NONE(), NONE(), I(2LL))), "b'ace'");
    }
    { /* b'abcdef'[-2:]  ->  b'ef' */
        CHECK(GETITEM(BY("abcdef", 6), SL(I(-2LL), NONE(), NONE())), "b'ef'");
    }
    { /* b'abcdef'[4:1:-1]  ->  b'edc' */
        CHECK(GETITEM(BY("abcdef", 6), SL(I(4LL), I(1LL), I(-1LL))), "b'edc'");
    }
    { /* b'abc'[10:]  ->  b'' */
        CHECK(GETITEM(BY("abc", 3), SL(I(10LL), NONE(), NONE())), "b''");
    }
    { /* bytearray(b'abcdef')[1::2]  ->  bytearray(b'bdf') */
        CHECK(GETITEM(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdef", 6)), SL(I(1LL), NONE(), I(2LL))), "bytearray(b'bdf')");
    }
    { /* bytearray(b'abc')[::-1]  ->  bytearray(b'cba') */
        CHECK(GETITEM(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), SL(NONE(), NONE(), I(-1LL))), "bytearray(b'cba')");
    }
    { /* b'abc'[::0]  ->  ValueError: slice step cannot be zero */
        CHECK_ERR(GETITEM(BY("abc", 3), SL(NONE(), NONE(), I(0LL))), &mn_exc_ValueError, "slice step cannot be zero");
    }
    { /* b'abc'[2**100]  ->  IndexError: cannot fit 'int' into an index-sized integer */
        CHECK_ERR(GETITEM(BY("abc", 3), BIGI("1267650600228229401496703205376")), &mn_exc_IndexError, "cannot fit 'int' into an index-sized integer");
    }
    { /* len(b'abcd')  ->  4 */
        CHECK(LEN_(BY("abcd", 4)), "4");
    }
    { /* len(bytearray(b'ab'))  ->  2 */
        CHECK(LEN_(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ab", 2))), "2");
    }
    { /* list(b'ab\xff')  ->  [97, 98, 255] */
        CHECK(LIST_(BY("ab\377", 3)), "[97, 98, 255]");
    }
    { /* list(bytearray(b'\x01\x02'))  ->  [1, 2] */
        CHECK(LIST_(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("\001\002", 2))), "[1, 2]");
    }
    { /* next(iter(b''))  ->  StopIteration:  */
        CHECK_ERR(NEXT_(ITER_(BY("", 0))), &mn_exc_StopIteration, "");
    }
}

Test(bytes_gen, operators) {
    { /* b'a' + b'b'  ->  b'ab' */
        CHECK(BIN(BY("a", 1), BY("b", 1), MN_BINOP_ADD), "b'ab'");
    }
    { /* b'a' + bytearray(b'b')  ->  b'ab' */
        CHECK(BIN(BY("a", 1), CALL(TYPE(mn_bytearray_type), 1, NULL, BY("b", 1)), MN_BINOP_ADD), "b'ab'");
    }
    { /* bytearray(b'a') + b'b'  ->  bytearray(b'ab') */
        CHECK(BIN(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)), BY("b", 1), MN_BINOP_ADD), "bytearray(b'ab')");
    }
    { /* b'a' + 'b'  ->  TypeError: can't concat str to bytes */
        CHECK_ERR(BIN(BY("a", 1), S("b"), MN_BINOP_ADD), &mn_exc_TypeError, "can't concat str to bytes");
    }
    { /* bytearray(b'a') + 'b'  ->  TypeError: can't concat str to bytearray */
        CHECK_ERR(BIN(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)), S("b"), MN_BINOP_ADD), &mn_exc_TypeError, "can't concat str to bytearray");
    }
    { /* bytearray(b'a') + [1]  ->  TypeError: can't concat list to bytearray */
        CHECK_ERR(BIN(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)), LST(1, I(1LL)), MN_BINOP_ADD), &mn_exc_TypeError, "can't concat list to bytearray");
    }
    { /* b'ab' * 3  ->  b'ababab' */
        CHECK(BIN(BY("ab", 2), I(3LL), MN_BINOP_MULTIPLY), "b'ababab'");
    }
    { /* 3 * b'ab'  ->  b'ababab' */
        CHECK(BIN(I(3LL), BY("ab", 2), MN_BINOP_MULTIPLY), "b'ababab'");
    }
    { /* b'ab' * -1  ->  b'' */
        CHECK(BIN(BY("ab", 2), I(-1LL), MN_BINOP_MULTIPLY), "b''");
    }
    { /* b'ab' * 0  ->  b'' */
        CHECK(BIN(BY("ab", 2), I(0LL), MN_BINOP_MULTIPLY), "b''");
    }
    { /* bytearray(b'ab') * 2  ->  bytearray(b'abab') */
        CHECK(BIN(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ab", 2)), I(2LL), MN_BINOP_MULTIPLY), "bytearray(b'abab')");
    }
    { /* 2 * bytearray(b'x')  ->  bytearray(b'xx') */
        CHECK(BIN(I(2LL), CALL(TYPE(mn_bytearray_type), 1, NULL, BY("x", 1)), MN_BINOP_MULTIPLY), "bytearray(b'xx')");
    }
    { /* b'a' * 'x'  ->  TypeError: can't multiply sequence by non-int of type 'str' */
        CHECK_ERR(BIN(BY("a", 1), S("x"), MN_BINOP_MULTIPLY), &mn_exc_TypeError, "can't multiply sequence by non-int of type 'str'");
    }
    { /* 2.0 * b'a'  ->  TypeError: can't multiply sequence by non-int of type 'float' */
        CHECK_ERR(BIN(F(2.0), BY("a", 1), MN_BINOP_MULTIPLY), &mn_exc_TypeError, "can't multiply sequence by non-int of type 'float'");
    }
    { /* b'a' * b'b'  ->  TypeError: can't multiply sequence by non-int of type 'bytes' */
        CHECK_ERR(BIN(BY("a", 1), BY("b", 1), MN_BINOP_MULTIPLY), &mn_exc_TypeError, "can't multiply sequence by non-int of type 'bytes'");
    }
    { /* b'ab' * (2**62)  ->  OverflowError: repeated bytes are too long */
        CHECK_ERR(BIN(BY("ab", 2), BIGI("4611686018427387904"), MN_BINOP_MULTIPLY), &mn_exc_OverflowError, "repeated bytes are too long");
    }
    { /* b'a' * (2**64)  ->  OverflowError: cannot fit 'int' into an index-sized integer */
        CHECK_ERR(BIN(BY("a", 1), BIGI("18446744073709551616"), MN_BINOP_MULTIPLY), &mn_exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    }
    { /* 1 in b'abc'  ->  False */
        CHECK(CONTAINS(BY("abc", 3), I(1LL)), "False");
    }
    { /* 97 in b'abc'  ->  True */
        CHECK(CONTAINS(BY("abc", 3), I(97LL)), "True");
    }
    { /* 256 in b'abc'  ->  ValueError: byte must be in range(0, 256) */
        CHECK_ERR(CONTAINS(BY("abc", 3), I(256LL)), &mn_exc_ValueError, "byte must be in range(0, 256)");
    }
    { /* -1 in b'a'  ->  ValueError: byte must be in range(0, 256) */
        CHECK_ERR(CONTAINS(BY("a", 1), I(-1LL)), &mn_exc_ValueError, "byte must be in range(0, 256)");
    }
    { /* 'a' in b'abc'  ->  TypeError: a bytes-like object is required, not 'str' */
        CHECK_ERR(CONTAINS(BY("abc", 3), S("a")), &mn_exc_TypeError, "a bytes-like object is required, not 'str'");
    }
    { /* b'ab' in bytearray(b'xab')  ->  True */
        CHECK(CONTAINS(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("xab", 3)), BY("ab", 2)), "True");
    }
    { /* b'' in b''  ->  True */
        CHECK(CONTAINS(BY("", 0), BY("", 0)), "True");
    }
    { /* b'bd' in b'abc'  ->  False */
        CHECK(CONTAINS(BY("abc", 3), BY("bd", 2)), "False");
    }
    { /* b'a' == b'a'  ->  True */
        CHECK(RICH(BY("a", 1), BY("a", 1), MN_EQ), "True");
    }
    { /* b'a' == bytearray(b'a')  ->  True */
        CHECK(RICH(BY("a", 1), CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)), MN_EQ), "True");
    }
    { /* b'a' < b'b'  ->  True */
        CHECK(RICH(BY("a", 1), BY("b", 1), MN_LT), "True");
    }
    { /* b'ab' < b'a'  ->  False */
        CHECK(RICH(BY("ab", 2), BY("a", 1), MN_LT), "False");
    }
    { /* b'a' <= b'ab'  ->  True */
        CHECK(RICH(BY("a", 1), BY("ab", 2), MN_LE), "True");
    }
    { /* b'b' > b'ab'  ->  True */
        CHECK(RICH(BY("b", 1), BY("ab", 2), MN_GT), "True");
    }
    { /* b'a' != b'a'  ->  False */
        CHECK(RICH(BY("a", 1), BY("a", 1), MN_NE), "False");
    }
    { /* b'a' == 'a'  ->  False */
        CHECK(RICH(BY("a", 1), S("a"), MN_EQ), "False");
    }
    { /* b'a' < 'b'  ->  TypeError: '<' not supported between instances of 'bytes' and 'str' */
        CHECK_ERR(RICH(BY("a", 1), S("b"), MN_LT), &mn_exc_TypeError, "'<' not supported between instances of 'bytes' and 'str'");
    }
    { /* bytearray(b'abc') >= b'abc'  ->  True */
        CHECK(RICH(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), BY("abc", 3), MN_GE), "True");
    }
    { /* b'\xff' > b'\x01'  ->  True */
        CHECK(RICH(BY("\377", 1), BY("\001", 1), MN_GT), "True");
    }
    { /* hash(bytearray())  ->  TypeError: unhashable type: 'bytearray' */
        CHECK_ERR(HASH_(CALL(TYPE(mn_bytearray_type), 0, NULL)), &mn_exc_TypeError, "unhashable type: 'bytearray'");
    }
    { /* hash(b'abc') == hash(b'abc')  ->  True */
        CHECK(RICH(HASH_(BY("abc", 3)), HASH_(BY("abc", 3)), MN_EQ), "True");
    }
}

Test(bytes_gen, format) {
    { /* b'%s %d %x %b %%' % (b'a', 5, 255, b'z')  ->  b'a 5 ff z %' */
        CHECK(BIN(BY("%s %d %x %b %%", 14), TUP(4, BY("a", 1), I(5LL), I(255LL), BY("z", 1)), MN_BINOP_REMAINDER), "b'a 5 ff z %'");
    }
    { /* b'%5s|%-5s|%.1s' % (b'ab', b'cd', b'ef')  ->  b'   ab|cd   |e' */
        CHECK(BIN(BY("%5s|%-5s|%.1s", 13), TUP(3, BY("ab", 2), BY("cd", 2), BY("ef", 2)), MN_BINOP_REMAINDER), "b'   ab|cd   |e'");
    }
    { /* b'%(a)s' % {b'a': b'x'}  ->  b'x' */
        CHECK(BIN(BY("%(a)s", 5), DCT(1, BY("a", 1), BY("x", 1)), MN_BINOP_REMAINDER), "b'x'");
    }
    { /* b'%(a)s' % (1,)  ->  TypeError: format requires a mapping */
        CHECK_ERR(BIN(BY("%(a)s", 5), TUP(1, I(1LL)), MN_BINOP_REMAINDER), &mn_exc_TypeError, "format requires a mapping");
    }
    { /* b'%d %i %u' % (1.9, -2, True)  ->  b'1 -2 1' */
        CHECK(BIN(BY("%d %i %u", 8), TUP(3, F(1.9), I(-2LL), BOOL(1)), MN_BINOP_REMAINDER), "b'1 -2 1'");
    }
    { /* b'%x %X %#x %#o %o' % (255, 255, 255, 8, -8)  ->  b'ff FF 0xff 0o10 -10' */
        CHECK(BIN(BY("%x %X %#x %#o %o", 16), TUP(5, I(255LL), I(255LL), I(255LL), I(8LL), I(-8LL)), MN_BINOP_REMAINDER), "b'ff FF 0xff 0o10 -10'");
    }
    { /* b'%05d|%-5d|%+d|% d|%.3d|%5.3d' % (-42, 42, 42, 42, 7, 7)  ->  b'-0042|42   |+42| 42|007|  007' */
        CHECK(BIN(BY("%05d|%-5d|%+d|% d|%.3d|%5.3d", 28), TUP(6, I(-42LL), I(42LL), I(42LL), I(42LL), I(7LL), I(7LL)), MN_BINOP_REMAINDER), "b'-0042|42   |+42| 42|007|  007'");
    }
    { /* b'%c%c' % (65, b'B')  ->  b'AB' */
        CHECK(BIN(BY("%c%c", 4), TUP(2, I(65LL), BY("B", 1)), MN_BINOP_REMAINDER), "b'AB'");
    }
    { /* b'%c' % 256  ->  OverflowError: %c arg not in range(256) */
        CHECK_ERR(BIN(BY("%c", 2), I(256LL), MN_BINOP_REMAINDER), &mn_exc_OverflowError, "%c arg not in range(256)");
    }
    { /* b'%c' % 'a'  ->  TypeError: %c requires an integer in range(256) or a single byte */
        CHECK_ERR(BIN(BY("%c", 2), S("a"), MN_BINOP_REMAINDER), &mn_exc_TypeError, "%c requires an integer in range(256) or a single byte");
    }
    { /* b'%d' % 'a'  ->  TypeError: %d format: a real number is required, not str */
        CHECK_ERR(BIN(BY("%d", 2), S("a"), MN_BINOP_REMAINDER), &mn_exc_TypeError, "%d format: a real number is required, not str");
    }
    { /* b'%x' % 1.5  ->  TypeError: %x format: an integer is required, not float */
        CHECK_ERR(BIN(BY("%x", 2), F(1.5), MN_BINOP_REMAINDER), &mn_exc_TypeError, "%x format: an integer is required, not float");
    }
    { /* b'%f %e %g %.2f %10.3E' % (1.5, 1.5, 1.5, 2.345, 12345.678)  ->  b'1.500000 1.500000e+00 1.5 2.35  1.235E+04' */
        CHECK(BIN(BY("%f %e %g %.2f %10.3E", 20), TUP(5, F(1.5), F(1.5), F(1.5), F(2.345), F(12345.678)), MN_BINOP_REMAINDER), "b'1.500000 1.500000e+00 1.5 2.35  1.235E+04'");
    }
    { /* b'%f' % 'a'  ->  TypeError: float argument required, not str */
        CHECK_ERR(BIN(BY("%f", 2), S("a"), MN_BINOP_REMAINDER), &mn_exc_TypeError, "float argument required, not str");
    }
    { /* b'%s %s' % (b'a',)  ->  TypeError: not enough arguments for format string */
        CHECK_ERR(BIN(BY("%s %s", 5), TUP(1, BY("a", 1)), MN_BINOP_REMAINDER), &mn_exc_TypeError, "not enough arguments for format string");
    }
    { /* b'%s' % (b'a', b'b')  ->  TypeError: not all arguments converted during bytes formatting */
        CHECK_ERR(BIN(BY("%s", 2), TUP(2, BY("a", 1), BY("b", 1)), MN_BINOP_REMAINDER), &mn_exc_TypeError, "not all arguments converted during bytes formatting");
    }
    { /* b'abc' % 5  ->  TypeError: not all arguments converted during bytes formatting */
        CHECK_ERR(BIN(BY("abc", 3), I(5LL), MN_BINOP_REMAINDER), &mn_exc_TypeError, "not all arguments converted during bytes formatting");
    }
    { /* b'abc' % [1]  ->  b'abc' */
        CHECK(BIN(BY("abc", 3), LST(1, I(1LL)), MN_BINOP_REMAINDER), "b'abc'");
    }
    { /* b'%' % ()  ->  ValueError: incomplete format */
        CHECK_ERR(BIN(BY("%", 1), TUP(0), MN_BINOP_REMAINDER), &mn_exc_ValueError, "incomplete format");
    }
    { /* b'%z' % (1,)  ->  ValueError: unsupported format character 'z' (0x7a) at index 1 */
        CHECK_ERR(BIN(BY("%z", 2), TUP(1, I(1LL)), MN_BINOP_REMAINDER), &mn_exc_ValueError, "unsupported format character 'z' (0x7a) at index 1");
    }
    { /* b'%*d|%-*d' % (5, 1, 4, 2)  ->  b'    1|2   ' */
        CHECK(BIN(BY("%*d|%-*d", 8), TUP(4, I(5LL), I(1LL), I(4LL), I(2LL)), MN_BINOP_REMAINDER), "b'    1|2   '");
    }
    { /* b'%.*f' % (2, 3.14159)  ->  b'3.14' */
        CHECK(BIN(BY("%.*f", 4), TUP(2, I(2LL), F(3.14159)), MN_BINOP_REMAINDER), "b'3.14'");
    }
    { /* b'%r %a' % ('é', b'x')  ->  b"'\\xe9' b'x'" */
        CHECK(BIN(BY("%r %a", 5), TUP(2, S("\303\251"), BY("x", 1)), MN_BINOP_REMAINDER), "b\"'\\\\xe9' b'x'\"");
    }
    { /* b'%s' % bytearray(b'q')  ->  b'q' */
        CHECK(BIN(BY("%s", 2), CALL(TYPE(mn_bytearray_type), 1, NULL, BY("q", 1)), MN_BINOP_REMAINDER), "b'q'");
    }
    { /* bytearray(b'%s') % b'q'  ->  bytearray(b'q') */
        CHECK(BIN(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("%s", 2)), BY("q", 1), MN_BINOP_REMAINDER), "bytearray(b'q')");
    }
    { /* b'%#X' % 255  ->  b'0XFF' */
        CHECK(BIN(BY("%#X", 3), I(255LL), MN_BINOP_REMAINDER), "b'0XFF'");
    }
    { /* b'%s' % 1  ->  TypeError: %b requires a bytes-like object, or an object that implements __bytes__, not 'int' */
        CHECK_ERR(BIN(BY("%s", 2), I(1LL), MN_BINOP_REMAINDER), &mn_exc_TypeError, "%b requires a bytes-like object, or an object that implements __bytes__, not 'int'");
    }
    { /* b'%s' % 'a'  ->  TypeError: %b requires a bytes-like object, or an object that implements __bytes__, not 'str' */
        CHECK_ERR(BIN(BY("%s", 2), S("a"), MN_BINOP_REMAINDER), &mn_exc_TypeError, "%b requires a bytes-like object, or an object that implements __bytes__, not 'str'");
    }
}

Test(bytes_gen, find_count) {
    { /* b'abcb'.find(b'b')  ->  1 */
        CHECK(CALL(ATTR(BY("abcb", 4), "find"), 1, NULL, BY("b", 1)), "1");
    }
    { /* b'abcb'.rfind(b'b')  ->  3 */
        CHECK(CALL(ATTR(BY("abcb", 4), "rfind"), 1, NULL, BY("b", 1)), "3");
    }
    { /* b'abc'.find(98)  ->  1 */
        CHECK(CALL(ATTR(BY("abc", 3), "find"), 1, NULL, I(98LL)), "1");
    }
    { /* b'abc'.find(b'c', 0, 2)  ->  -1 */
        CHECK(CALL(ATTR(BY("abc", 3), "find"), 3, NULL, BY("c", 1), I(0LL), I(2LL)), "-1");
    }
    { /* b'abc'.find(b'c', -1)  ->  2 */
        CHECK(CALL(ATTR(BY("abc", 3), "find"), 2, NULL, BY("c", 1), I(-1LL)), "2");
    }
    { /* b'x'.find(256)  ->  ValueError: byte must be in range(0, 256) */
        CHECK_ERR(CALL(ATTR(BY("x", 1), "find"), 1, NULL, I(256LL)), &mn_exc_ValueError, "byte must be in range(0, 256)");
    }
    { /* b'x'.find('a')  ->  TypeError: argument should be integer or bytes-like object, not 'str' */
        CHECK_ERR(CALL(ATTR(BY("x", 1), "find"), 1, NULL, S("a")), &mn_exc_TypeError, "argument should be integer or bytes-like object, not 'str'");
    }
    { /* b'abc'.index(b'z')  ->  ValueError: subsection not found */
        CHECK_ERR(CALL(ATTR(BY("abc", 3), "index"), 1, NULL, BY("z", 1)), &mn_exc_ValueError, "subsection not found");
    }
    { /* b'abc'.rindex(b'z')  ->  ValueError: subsection not found */
        CHECK_ERR(CALL(ATTR(BY("abc", 3), "rindex"), 1, NULL, BY("z", 1)), &mn_exc_ValueError, "subsection not found");
    }
    { /* b'abc'.index(b'c')  ->  2 */
        CHECK(CALL(ATTR(BY("abc", 3), "index"), 1, NULL, BY("c", 1)), "2");
    }
    { /* b'abcc'.rindex(99)  ->  3 */
        CHECK(CALL(ATTR(BY("abcc", 4), "rindex"), 1, NULL, I(99LL)), "3");
    }
    { /* b'aaa'.count(b'')  ->  4 */
        CHECK(CALL(ATTR(BY("aaa", 3), "count"), 1, NULL, BY("", 0)), "4");
    }
    { /* b'aaaa'.count(b'aa')  ->  2 */
        CHECK(CALL(ATTR(BY("aaaa", 4), "count"), 1, NULL, BY("aa", 2)), "2");
    }
    { /* b'ab'.count(b'a', 0, 1)  ->  1 */
        CHECK(CALL(ATTR(BY("ab", 2), "count"), 3, NULL, BY("a", 1), I(0LL), I(1LL)), "1");
    }
    { /* b''.find(b'')  ->  0 */
        CHECK(CALL(ATTR(BY("", 0), "find"), 1, NULL, BY("", 0)), "0");
    }
    { /* b'ab'.find(b'', 3)  ->  -1 */
        CHECK(CALL(ATTR(BY("ab", 2), "find"), 2, NULL, BY("", 0), I(3LL)), "-1");
    }
    { /* b'ab'.rfind(b'')  ->  2 */
        CHECK(CALL(ATTR(BY("ab", 2), "rfind"), 1, NULL, BY("", 0)), "2");
    }
    { /* b'ab'.count(b'', 5)  ->  0 */
        CHECK(CALL(ATTR(BY("ab", 2), "count"), 2, NULL, BY("", 0), I(5LL)), "0");
    }
    { /* b'abc'.find(b'c', None, 2**70)  ->  2 */
        CHECK(CALL(ATTR(BY("abc", 3), "find"), 3, NULL, BY("c", 1), NONE(), BIGI("1180591620717411303424")), "2");
    }
    { /* b'abc'.find(b'c', 'x')  ->  TypeError: slice indices must be integers or None or have an __index__ method */
        CHECK_ERR(CALL(ATTR(BY("abc", 3), "find"), 2, NULL, BY("c", 1), S("x")), &mn_exc_TypeError, "slice indices must be integers or None or have an __index__ method");
    }
    { /* b'a'.find()  ->  TypeError: find() takes at least 1 argument (0 given) */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "find"), 0, NULL), &mn_exc_TypeError, "find() takes at least 1 argument (0 given)");
    }
    { /* b'a'.find(b'a', 1, 2, 3)  ->  TypeError: find() takes at most 3 arguments (4 given) */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "find"), 4, NULL, BY("a", 1), I(1LL), I(2LL), I(3LL)), &mn_exc_TypeError, "find() takes at most 3 arguments (4 given)");
    }
    { /* bytearray(b'hello').find(b'll')  ->  2 */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("hello", 5)), "find"), 1, NULL, BY("ll", 2)), "2");
    }
    { /* b'abc'.index(98, 2)  ->  ValueError: subsection not found */
        CHECK_ERR(CALL(ATTR(BY("abc", 3), "index"), 2, NULL, I(98LL), I(2LL)), &mn_exc_ValueError, "subsection not found");
    }
}

Test(bytes_gen, split_join) {
    { /* b'a,b,,c'.split(b',')  ->  [b'a', b'b', b'', b'c'] */
        CHECK(CALL(ATTR(BY("a,b,,c", 6), "split"), 1, NULL, BY(",", 1)), "[b'a', b'b', b'', b'c']");
    }
    { /* b'a,b,,c'.split(b',', 2)  ->  [b'a', b'b', b',c'] */
        CHECK(CALL(ATTR(BY("a,b,,c", 6), "split"), 2, NULL, BY(",", 1), I(2LL)), "[b'a', b'b', b',c']");
    }
    { /* b'a,b,,c'.rsplit(b',', 2)  ->  [b'a,b', b'', b'c'] */
        CHECK(CALL(ATTR(BY("a,b,,c", 6), "rsplit"), 2, NULL, BY(",", 1), I(2LL)), "[b'a,b', b'', b'c']");
    }
    { /* b'  a  b  '.split()  ->  [b'a', b'b'] */
        CHECK(CALL(ATTR(BY("  a  b  ", 8), "split"), 0, NULL), "[b'a', b'b']");
    }
    { /* b'  a  b  '.rsplit(None, 1)  ->  [b'  a', b'b'] */
        CHECK(CALL(ATTR(BY("  a  b  ", 8), "rsplit"), 2, NULL, NONE(), I(1LL)), "[b'  a', b'b']");
    }
    { /* b'  a  b  '.split(None, 1)  ->  [b'a', b'b  '] */
        CHECK(CALL(ATTR(BY("  a  b  ", 8), "split"), 2, NULL, NONE(), I(1LL)), "[b'a', b'b  ']");
    }
    { /* b'a\x0bb\x1cc'.split()  ->  [b'a', b'b\x1cc'] */
        CHECK(CALL(ATTR(BY("a\013b\034c", 5), "split"), 0, NULL), "[b'a', b'b\\x1cc']");
    }
    { /* b'abc'.split(maxsplit=1)  ->  [b'abc'] */
        CHECK(CALL(ATTR(BY("abc", 3), "split"), 1, KW(1, "maxsplit"), I(1LL)), "[b'abc']");
    }
    { /* b'a b c'.split(sep=None, maxsplit=1)  ->  [b'a', b'b c'] */
        CHECK(CALL(ATTR(BY("a b c", 5), "split"), 2, KW(2, "sep", "maxsplit"), NONE(), I(1LL)), "[b'a', b'b c']");
    }
    { /* b'a b'.split(b'')  ->  ValueError: empty separator */
        CHECK_ERR(CALL(ATTR(BY("a b", 3), "split"), 1, NULL, BY("", 0)), &mn_exc_ValueError, "empty separator");
    }
    { /* b''.split()  ->  [] */
        CHECK(CALL(ATTR(BY("", 0), "split"), 0, NULL), "[]");
    }
    { /* b''.split(b',')  ->  [b''] */
        CHECK(CALL(ATTR(BY("", 0), "split"), 1, NULL, BY(",", 1)), "[b'']");
    }
    { /* b'a\n'.split(b'\n')  ->  [b'a', b''] */
        CHECK(CALL(ATTR(BY("a\012", 2), "split"), 1, NULL, BY("\012", 1)), "[b'a', b'']");
    }
    { /* bytearray(b'a-b').split(b'-')  ->  [bytearray(b'a'), bytearray(b'b')] */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a-b", 3)), "split"), 1, NULL, BY("-", 1)), "[bytearray(b'a'), bytearray(b'b')]");
    }
    { /* b'a'.split(1, 2, 3)  ->  TypeError: split() takes at most 2 arguments (3 given) */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "split"), 3, NULL, I(1LL), I(2LL), I(3LL)), &mn_exc_TypeError, "split() takes at most 2 arguments (3 given)");
    }
    { /* b'a b'.split('x')  ->  TypeError: a bytes-like object is required, not 'str' */
        CHECK_ERR(CALL(ATTR(BY("a b", 3), "split"), 1, NULL, S("x")), &mn_exc_TypeError, "a bytes-like object is required, not 'str'");
    }
    { /* b'a\r\nb\rc\n'.splitlines(True)  ->  [b'a\r\n', b'b\r', b'c\n'] */
        CHECK(CALL(ATTR(BY("a\015\012b\015c\012", 7), "splitlines"), 1, NULL, BOOL(1)), "[b'a\\r\\n', b'b\\r', b'c\\n']");
    }
    { /* b'a\r\nb\rc\n'.splitlines()  ->  [b'a', b'b', b'c'] */
        CHECK(CALL(ATTR(BY("a\015\012b\015c\012", 7), "splitlines"), 0, NULL), "[b'a', b'b', b'c']");
    }
    { /* b''.splitlines()  ->  [] */
        CHECK(CALL(ATTR(BY("", 0), "splitlines"), 0, NULL), "[]");
    }
    { /* b'a\n\nb'.splitlines(keepends=True)  ->  [b'a\n', b'\n', b'b'] */
        CHECK(CALL(ATTR(BY("a\012\012b", 4), "splitlines"), 1, KW(1, "keepends"), BOOL(1)), "[b'a\\n', b'\\n', b'b']");
    }
    { /* b'-'.join([b'a', bytearray(b'b')])  ->  b'a-b' */
        CHECK(CALL(ATTR(BY("-", 1), "join"), 1, NULL, LST(2, BY("a", 1), CALL(TYPE(mn_bytearray_type), 1, NULL, BY("b", 1)))), "b'a-b'");
    }
    { /* bytearray(b'-').join([b'a'])  ->  bytearray(b'a') */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("-", 1)), "join"), 1, NULL, LST(1, BY("a", 1))), "bytearray(b'a')");
    }
    { /* b'a'.join([1])  ->  TypeError: sequence item 0: expected a bytes-like object, int found */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "join"), 1, NULL, LST(1, I(1LL))), &mn_exc_TypeError, "sequence item 0: expected a bytes-like object, int found");
    }
    { /* b'a'.join([b'a', 'b'])  ->  TypeError: sequence item 1: expected a bytes-like object, str found */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "join"), 1, NULL, LST(2, BY("a", 1), S("b"))), &mn_exc_TypeError, "sequence item 1: expected a bytes-like object, str found");
    }
    { /* b'x'.join(iter([b'a', b'b']))  ->  b'axb' */
        CHECK(CALL(ATTR(BY("x", 1), "join"), 1, NULL, ITER_(LST(2, BY("a", 1), BY("b", 1)))), "b'axb'");
    }
    { /* b''.join([])  ->  b'' */
        CHECK(CALL(ATTR(BY("", 0), "join"), 1, NULL, LST(0)), "b''");
    }
    { /* b', '.join((b'a', b'b', b'c'))  ->  b'a, b, c' */
        CHECK(CALL(ATTR(BY(", ", 2), "join"), 1, NULL, TUP(3, BY("a", 1), BY("b", 1), BY("c", 1))), "b'a, b, c'");
    }
    { /* b'abc'.partition(b'b')  ->  (b'a', b'b', b'c') */
        CHECK(CALL(ATTR(BY("abc", 3), "partition"), 1, NULL, BY("b", 1)), "(b'a', b'b', b'c')");
    }
    { /* b'abc'.partition(b'z')  ->  (b'abc', b'', b'') */
        CHECK(CALL(ATTR(BY("abc", 3), "partition"), 1, NULL, BY("z", 1)), "(b'abc', b'', b'')");
    }
    { /* b'abc'.rpartition(b'b')  ->  (b'a', b'b', b'c') */
        CHECK(CALL(ATTR(BY("abc", 3), "rpartition"), 1, NULL, BY("b", 1)), "(b'a', b'b', b'c')");
    }
    { /* b'abc'.rpartition(b'z')  ->  (b'', b'', b'abc') */
        CHECK(CALL(ATTR(BY("abc", 3), "rpartition"), 1, NULL, BY("z", 1)), "(b'', b'', b'abc')");
    }
    { /* b'abc'.partition(b'')  ->  ValueError: empty separator */
        CHECK_ERR(CALL(ATTR(BY("abc", 3), "partition"), 1, NULL, BY("", 0)), &mn_exc_ValueError, "empty separator");
    }
    { /* b'abc'.partition('b')  ->  TypeError: a bytes-like object is required, not 'str' */
        CHECK_ERR(CALL(ATTR(BY("abc", 3), "partition"), 1, NULL, S("b")), &mn_exc_TypeError, "a bytes-like object is required, not 'str'");
    }
    { /* bytearray(b'a=b').partition(b'=')  ->  (bytearray(b'a'), bytearray(b'='), bytearray(b'b')) */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a=b", 3)), "partition"), 1, NULL, BY("=", 1)), "(bytearray(b'a'), bytearray(b'='), bytearray(b'b'))");
    }
}

Test(bytes_gen, strip_pad) {
    { /* b'\t a \n'.strip()  ->  b'a' */
        CHECK(CALL(ATTR(BY("\011 a \012", 5), "strip"), 0, NULL), "b'a'");
    }
    { /* b'xxaxx'.lstrip(b'x')  ->  b'axx' */
        CHECK(CALL(ATTR(BY("xxaxx", 5), "lstrip"), 1, NULL, BY("x", 1)), "b'axx'");
    }
    { /* bytearray(b'xxaxx').rstrip(bytearray(b'x'))  ->  bytearray(b'xxa') */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("xxaxx", 5)), "rstrip"), 1, NULL, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("x", 1))), "bytearray(b'xxa')");
    }
    { /* b'a'.strip(None)  ->  b'a' */
        CHECK(CALL(ATTR(BY("a", 1), "strip"), 1, NULL, NONE()), "b'a'");
    }
    { /* b'abc'.strip('a')  ->  TypeError: a bytes-like object is required, not 'str' */
        CHECK_ERR(CALL(ATTR(BY("abc", 3), "strip"), 1, NULL, S("a")), &mn_exc_TypeError, "a bytes-like object is required, not 'str'");
    }
    { /* b'xyzaxy'.strip(b'xyz')  ->  b'a' */
        CHECK(CALL(ATTR(BY("xyzaxy", 6), "strip"), 1, NULL, BY("xyz", 3)), "b'a'");
    }
    { /* b'  '.strip()  ->  b'' */
        CHECK(CALL(ATTR(BY("  ", 2), "strip"), 0, NULL), "b''");
    }
    { /* b'abc'.center(5, 'x')  ->  TypeError: center() argument 2 must be a byte string of length 1, not str */
        CHECK_ERR(CALL(ATTR(BY("abc", 3), "center"), 2, NULL, I(5LL), S("x")), &mn_exc_TypeError, "center() argument 2 must be a byte string of length 1, not str");
    }
    { /* b'abc'.center(5, b'xy')  ->  TypeError: center() argument 2 must be a byte string of length 1, not bytes */
        CHECK_ERR(CALL(ATTR(BY("abc", 3), "center"), 2, NULL, I(5LL), BY("xy", 2)), &mn_exc_TypeError, "center() argument 2 must be a byte string of length 1, not bytes");
    }
    { /* b'abc'.center(6, b'*')  ->  b'*abc**' */
        CHECK(CALL(ATTR(BY("abc", 3), "center"), 2, NULL, I(6LL), BY("*", 1)), "b'*abc**'");
    }
    { /* b'abc'.center(7, b'*')  ->  b'**abc**' */
        CHECK(CALL(ATTR(BY("abc", 3), "center"), 2, NULL, I(7LL), BY("*", 1)), "b'**abc**'");
    }
    { /* b'ab'.center(5, b'*')  ->  b'**ab*' */
        CHECK(CALL(ATTR(BY("ab", 2), "center"), 2, NULL, I(5LL), BY("*", 1)), "b'**ab*'");
    }
    { /* b'ab'.center(6, b'*')  ->  b'**ab**' */
        CHECK(CALL(ATTR(BY("ab", 2), "center"), 2, NULL, I(6LL), BY("*", 1)), "b'**ab**'");
    }
    { /* b'a'.ljust(3, b'-')  ->  b'a--' */
        CHECK(CALL(ATTR(BY("a", 1), "ljust"), 2, NULL, I(3LL), BY("-", 1)), "b'a--'");
    }
    { /* b'abc'.rjust(2)  ->  b'abc' */
        CHECK(CALL(ATTR(BY("abc", 3), "rjust"), 1, NULL, I(2LL)), "b'abc'");
    }
    { /* b'a'.rjust(3)  ->  b'  a' */
        CHECK(CALL(ATTR(BY("a", 1), "rjust"), 1, NULL, I(3LL)), "b'  a'");
    }
    { /* bytearray(b'a').center(3)  ->  bytearray(b' a ') */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)), "center"), 1, NULL, I(3LL)), "bytearray(b' a ')");
    }
    { /* b'ab'.zfill(5)  ->  b'000ab' */
        CHECK(CALL(ATTR(BY("ab", 2), "zfill"), 1, NULL, I(5LL)), "b'000ab'");
    }
    { /* b'-ab'.zfill(5)  ->  b'-00ab' */
        CHECK(CALL(ATTR(BY("-ab", 3), "zfill"), 1, NULL, I(5LL)), "b'-00ab'");
    }
    { /* b'+'.zfill(3)  ->  b'+00' */
        CHECK(CALL(ATTR(BY("+", 1), "zfill"), 1, NULL, I(3LL)), "b'+00'");
    }
    { /* b'abc'.zfill(2)  ->  b'abc' */
        CHECK(CALL(ATTR(BY("abc", 3), "zfill"), 1, NULL, I(2LL)), "b'abc'");
    }
    { /* b'a\tb'.expandtabs()  ->  b'a       b' */
        CHECK(CALL(ATTR(BY("a\011b", 3), "expandtabs"), 0, NULL), "b'a       b'");
    }
    { /* b'a\tb\nc\td'.expandtabs(4)  ->  b'a   b\nc   d' */
        CHECK(CALL(ATTR(BY("a\011b\012c\011d", 7), "expandtabs"), 1, NULL, I(4LL)), "b'a   b\\nc   d'");
    }
    { /* b'1\t\t2'.expandtabs(0)  ->  b'12' */
        CHECK(CALL(ATTR(BY("1\011\0112", 4), "expandtabs"), 1, NULL, I(0LL)), "b'12'");
    }
    { /* b'ab\tc'.expandtabs(tabsize=2)  ->  b'ab  c' */
        CHECK(CALL(ATTR(BY("ab\011c", 4), "expandtabs"), 1, KW(1, "tabsize"), I(2LL)), "b'ab  c'");
    }
    { /* b'abc'.removeprefix(b'ab')  ->  b'c' */
        CHECK(CALL(ATTR(BY("abc", 3), "removeprefix"), 1, NULL, BY("ab", 2)), "b'c'");
    }
    { /* b'abc'.removeprefix(b'x')  ->  b'abc' */
        CHECK(CALL(ATTR(BY("abc", 3), "removeprefix"), 1, NULL, BY("x", 1)), "b'abc'");
    }
    { /* b'abc'.removesuffix(b'bc')  ->  b'a' */
        CHECK(CALL(ATTR(BY("abc", 3), "removesuffix"), 1, NULL, BY("bc", 2)), "b'a'");
    }
    { /* b'a'.removeprefix('a')  ->  TypeError: a bytes-like object is required, not 'str' */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "removeprefix"), 1, NULL, S("a")), &mn_exc_TypeError, "a bytes-like object is required, not 'str'");
    }
    { /* bytearray(b'abc').removesuffix(b'c')  ->  bytearray(b'ab') */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), "removesuffix"), 1, NULL, BY("c", 1)), "bytearray(b'ab')");
    }
}

Test(bytes_gen, startswith) {
    { /* b'abc'.startswith(b'ab')  ->  True */
        CHECK(CALL(ATTR(BY("abc", 3), "startswith"), 1, NULL, BY("ab", 2)), "True");
    }
    { /* b'abc'.startswith((b'x', b'a'))  ->  True */
        CHECK(CALL(ATTR(BY("abc", 3), "startswith"), 1, NULL, TUP(2, BY("x", 1), BY("a", 1))), "True");
    }
    { /* b'abc'.endswith(b'bc', 0, 2)  ->  False */
        CHECK(CALL(ATTR(BY("abc", 3), "endswith"), 3, NULL, BY("bc", 2), I(0LL), I(2LL)), "False");
    }
    { /* b'abc'.endswith(b'', 4)  ->  False */
        CHECK(CALL(ATTR(BY("abc", 3), "endswith"), 2, NULL, BY("", 0), I(4LL)), "False");
    }
    { /* b'abc'.startswith(b'', 3)  ->  True */
        CHECK(CALL(ATTR(BY("abc", 3), "startswith"), 2, NULL, BY("", 0), I(3LL)), "True");
    }
    { /* b'abc'.startswith(b'', 4)  ->  False */
        CHECK(CALL(ATTR(BY("abc", 3), "startswith"), 2, NULL, BY("", 0), I(4LL)), "False");
    }
    { /* b'a'.startswith('a')  ->  TypeError: startswith first arg must be bytes or a tuple of bytes, not str */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "startswith"), 1, NULL, S("a")), &mn_exc_TypeError, "startswith first arg must be bytes or a tuple of bytes, not str");
    }
    { /* b'a'.startswith(('a',))  ->  TypeError: a bytes-like object is required, not 'str' */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "startswith"), 1, NULL, TUP(1, S("a"))), &mn_exc_TypeError, "a bytes-like object is required, not 'str'");
    }
    { /* b'abc'.endswith(bytearray(b'c'))  ->  True */
        CHECK(CALL(ATTR(BY("abc", 3), "endswith"), 1, NULL, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("c", 1))), "True");
    }
    { /* b'abc'.startswith(b'b', 1)  ->  True */
        CHECK(CALL(ATTR(BY("abc", 3), "startswith"), 2, NULL, BY("b", 1), I(1LL)), "True");
    }
    { /* b'abc'.endswith(b'b', -3, -1)  ->  True */
        CHECK(CALL(ATTR(BY("abc", 3), "endswith"), 3, NULL, BY("b", 1), I(-3LL), I(-1LL)), "True");
    }
}

Test(bytes_gen, case) {
    { /* b'Hello World'.upper()  ->  b'HELLO WORLD' */
        CHECK(CALL(ATTR(BY("Hello World", 11), "upper"), 0, NULL), "b'HELLO WORLD'");
    }
    { /* b'Hello World'.lower()  ->  b'hello world' */
        CHECK(CALL(ATTR(BY("Hello World", 11), "lower"), 0, NULL), "b'hello world'");
    }
    { /* b'hELLO wORLD'.swapcase()  ->  b'Hello World' */
        CHECK(CALL(ATTR(BY("hELLO wORLD", 11), "swapcase"), 0, NULL), "b'Hello World'");
    }
    { /* b'hello world'.title()  ->  b'Hello World' */
        CHECK(CALL(ATTR(BY("hello world", 11), "title"), 0, NULL), "b'Hello World'");
    }
    { /* b"they're bill's".title()  ->  b"They'Re Bill'S" */
        CHECK(CALL(ATTR(BY("they're bill's", 14), "title"), 0, NULL), "b\"They'Re Bill'S\"");
    }
    { /* b'hello World'.capitalize()  ->  b'Hello world' */
        CHECK(CALL(ATTR(BY("hello World", 11), "capitalize"), 0, NULL), "b'Hello world'");
    }
    { /* b'\xe9a'.upper()  ->  b'\xe9A' */
        CHECK(CALL(ATTR(BY("\351a", 2), "upper"), 0, NULL), "b'\\xe9A'");
    }
    { /* bytearray(b'aB').swapcase()  ->  bytearray(b'Ab') */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("aB", 2)), "swapcase"), 0, NULL), "bytearray(b'Ab')");
    }
    { /* b'abc'.isalpha()  ->  True */
        CHECK(CALL(ATTR(BY("abc", 3), "isalpha"), 0, NULL), "True");
    }
    { /* b''.isalpha()  ->  False */
        CHECK(CALL(ATTR(BY("", 0), "isalpha"), 0, NULL), "False");
    }
    { /* b'a1'.isalnum()  ->  True */
        CHECK(CALL(ATTR(BY("a1", 2), "isalnum"), 0, NULL), "True");
    }
    { /* b'a_'.isalnum()  ->  False */
        CHECK(CALL(ATTR(BY("a_", 2), "isalnum"), 0, NULL), "False");
    }
    { /* b'123'.isdigit()  ->  True */
        CHECK(CALL(ATTR(BY("123", 3), "isdigit"), 0, NULL), "True");
    }
    { /* b' \t\n\x0b\x0c\r'.isspace()  ->  True */
        CHECK(CALL(ATTR(BY(" \011\012\013\014\015", 6), "isspace"), 0, NULL), "True");
    }
    { /* b'\x1c'.isspace()  ->  False */
        CHECK(CALL(ATTR(BY("\034", 1), "isspace"), 0, NULL), "False");
    }
    { /* b'ABC1'.isupper()  ->  True */
        CHECK(CALL(ATTR(BY("ABC1", 4), "isupper"), 0, NULL), "True");
    }
    { /* b'AbC'.isupper()  ->  False */
        CHECK(CALL(ATTR(BY("AbC", 3), "isupper"), 0, NULL), "False");
    }
    { /* b'1'.isupper()  ->  False */
        CHECK(CALL(ATTR(BY("1", 1), "isupper"), 0, NULL), "False");
    }
    { /* b'abc'.islower()  ->  True */
        CHECK(CALL(ATTR(BY("abc", 3), "islower"), 0, NULL), "True");
    }
    { /* b'Ab Cd'.istitle()  ->  True */
        CHECK(CALL(ATTR(BY("Ab Cd", 5), "istitle"), 0, NULL), "True");
    }
    { /* b'AB'.istitle()  ->  False */
        CHECK(CALL(ATTR(BY("AB", 2), "istitle"), 0, NULL), "False");
    }
    { /* b'A'.istitle()  ->  True */
        CHECK(CALL(ATTR(BY("A", 1), "istitle"), 0, NULL), "True");
    }
    { /* b''.istitle()  ->  False */
        CHECK(CALL(ATTR(BY("", 0), "istitle"), 0, NULL), "False");
    }
    { /* b'\x80'.isascii()  ->  False */
        CHECK(CALL(ATTR(BY("\200", 1), "isascii"), 0, NULL), "False");
    }
    { /* b''.isascii()  ->  True */
        CHECK(CALL(ATTR(BY("", 0), "isascii"), 0, NULL), "True");
    }
    { /* b'abc'.isascii()  ->  True */
        CHECK(CALL(ATTR(BY("abc", 3), "isascii"), 0, NULL), "True");
    }
}

Test(bytes_gen, replace_translate) {
    { /* b'aXbXc'.replace(b'X', b'YY')  ->  b'aYYbYYc' */
        CHECK(CALL(ATTR(BY("aXbXc", 5), "replace"), 2, NULL, BY("X", 1), BY("YY", 2)), "b'aYYbYYc'");
    }
    { /* b'aXbXc'.replace(b'X', b'YY', 1)  ->  b'aYYbXc' */
        CHECK(CALL(ATTR(BY("aXbXc", 5), "replace"), 3, NULL, BY("X", 1), BY("YY", 2), I(1LL)), "b'aYYbXc'");
    }
    { /* b'abc'.replace(b'b', b'x', 0)  ->  b'abc' */
        CHECK(CALL(ATTR(BY("abc", 3), "replace"), 3, NULL, BY("b", 1), BY("x", 1), I(0LL)), "b'abc'");
    }
    { /* b'a'.replace(b'', b'-')  ->  b'-a-' */
        CHECK(CALL(ATTR(BY("a", 1), "replace"), 2, NULL, BY("", 0), BY("-", 1)), "b'-a-'");
    }
    { /* b'ab'.replace(b'', b'-', 2)  ->  b'-a-b' */
        CHECK(CALL(ATTR(BY("ab", 2), "replace"), 3, NULL, BY("", 0), BY("-", 1), I(2LL)), "b'-a-b'");
    }
    { /* b'aaa'.replace(b'a', b'')  ->  b'' */
        CHECK(CALL(ATTR(BY("aaa", 3), "replace"), 2, NULL, BY("a", 1), BY("", 0)), "b''");
    }
    { /* bytearray(b'abc').replace(b'b', b'B')  ->  bytearray(b'aBc') */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), "replace"), 2, NULL, BY("b", 1), BY("B", 1)), "bytearray(b'aBc')");
    }
    { /* b'abc'.replace('b', b'x')  ->  TypeError: a bytes-like object is required, not 'str' */
        CHECK_ERR(CALL(ATTR(BY("abc", 3), "replace"), 2, NULL, S("b"), BY("x", 1)), &mn_exc_TypeError, "a bytes-like object is required, not 'str'");
    }
    { /* bytes.maketrans(b'ab', b'c')  ->  ValueError: maketrans arguments must have same length */
        CHECK_ERR(CALL(ATTR(TYPE(mn_bytes_type), "maketrans"), 2, NULL, BY("ab", 2), BY("c", 1)), &mn_exc_ValueError, "maketrans arguments must have same length");
    }
    { /* b'abc'.translate(None, b'b')  ->  b'ac' */
        CHECK(CALL(ATTR(BY("abc", 3), "translate"), 2, NULL, NONE(), BY("b", 1)), "b'ac'");
    }
    { /* b'abc'.translate(b'x')  ->  ValueError: translation table must be 256 characters long */
        CHECK_ERR(CALL(ATTR(BY("abc", 3), "translate"), 1, NULL, BY("x", 1)), &mn_exc_ValueError, "translation table must be 256 characters long");
    }
    { /* b'abc'.translate(bytes.maketrans(b'a', b'A'))  ->  b'Abc' */
        CHECK(CALL(ATTR(BY("abc", 3), "translate"), 1, NULL, CALL(ATTR(TYPE(mn_bytes_type), "maketrans"), 2, NULL, BY("a", 1), BY("A", 1))), "b'Abc'");
    }
    { /* bytes.maketrans(b'a', b'b')[97:99]  ->  b'bb' */
        CHECK(GETITEM(CALL(ATTR(TYPE(mn_bytes_type), "maketrans"), 2, NULL, BY("a", 1), BY("b", 1)), SL(I(97LL), I(99LL), NONE())), "b'bb'");
    }
    { /* bytes.maketrans('a', 'b')  ->  TypeError: a bytes-like object is required, not 'str' */
        CHECK_ERR(CALL(ATTR(TYPE(mn_bytes_type), "maketrans"), 2, NULL, S("a"), S("b")), &mn_exc_TypeError, "a bytes-like object is required, not 'str'");
    }
    { /* b'a'.translate(None)  ->  b'a' */
        CHECK(CALL(ATTR(BY("a", 1), "translate"), 1, NULL, NONE()), "b'a'");
    }
    { /* b'abc'.translate(None, delete=b'ac')  ->  b'b' */
        CHECK(CALL(ATTR(BY("abc", 3), "translate"), 2, KW(1, "delete"), NONE(), BY("ac", 2)), "b'b'");
    }
    { /* bytearray(b'abc').translate(None, b'a')  ->  bytearray(b'bc') */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), "translate"), 2, NULL, NONE(), BY("a", 1)), "bytearray(b'bc')");
    }
}

Test(bytes_gen, hex_decode) {
    { /* b'\x01\xab'.hex()  ->  '01ab' */
        CHECK(CALL(ATTR(BY("\001\253", 2), "hex"), 0, NULL), "'01ab'");
    }
    { /* b'a'.hex(':')  ->  '61' */
        CHECK(CALL(ATTR(BY("a", 1), "hex"), 1, NULL, S(":")), "'61'");
    }
    { /* b'abcdef'.hex(':', 2)  ->  '6162:6364:6566' */
        CHECK(CALL(ATTR(BY("abcdef", 6), "hex"), 2, NULL, S(":"), I(2LL)), "'6162:6364:6566'");
    }
    { /* b'abcde'.hex(':', 2)  ->  '61:6263:6465' */
        CHECK(CALL(ATTR(BY("abcde", 5), "hex"), 2, NULL, S(":"), I(2LL)), "'61:6263:6465'");
    }
    { /* b'abcde'.hex(':', -2)  ->  '6162:6364:65' */
        CHECK(CALL(ATTR(BY("abcde", 5), "hex"), 2, NULL, S(":"), I(-2LL)), "'6162:6364:65'");
    }
    { /* b'abcde'.hex('::')  ->  ValueError: sep must be length 1. */
        CHECK_ERR(CALL(ATTR(BY("abcde", 5), "hex"), 1, NULL, S("::")), &mn_exc_ValueError, "sep must be length 1.");
    }
    { /* b'abc'.hex(b'-')  ->  '61-62-63' */
        CHECK(CALL(ATTR(BY("abc", 3), "hex"), 1, NULL, BY("-", 1)), "'61-62-63'");
    }
    { /* b'ab'.hex(':', 0)  ->  '6162' */
        CHECK(CALL(ATTR(BY("ab", 2), "hex"), 2, NULL, S(":"), I(0LL)), "'6162'");
    }
    { /* b''.hex(':')  ->  '' */
        CHECK(CALL(ATTR(BY("", 0), "hex"), 1, NULL, S(":")), "''");
    }
    { /* b'a'.hex(sep='x', bytes_per_sep=3)  ->  '61' */
        CHECK(CALL(ATTR(BY("a", 1), "hex"), 2, KW(2, "sep", "bytes_per_sep"), S("x"), I(3LL)), "'61'");
    }
    { /* b'a'.hex(1)  ->  TypeError: object of type 'int' has no len() */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "hex"), 1, NULL, I(1LL)), &mn_exc_TypeError, "object of type 'int' has no len()");
    }
    { /* b'a'.hex('é')  ->  ValueError: sep must be ASCII. */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "hex"), 1, NULL, S("\303\251")), &mn_exc_ValueError, "sep must be ASCII.");
    }
    { /* bytearray(b'\xff\x00').hex(' ')  ->  'ff 00' */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("\377\000", 2)), "hex"), 1, NULL, S(" ")), "'ff 00'");
    }
    { /* b'abc'.decode()  ->  'abc' */
        CHECK(CALL(ATTR(BY("abc", 3), "decode"), 0, NULL), "'abc'");
    }
    { /* b'h\xc3\xa9'.decode()  ->  'hé' */
        CHECK(CALL(ATTR(BY("h\303\251", 3), "decode"), 0, NULL), "'h\303\251'");
    }
    { /* b'h\xc3\xa9'.decode('utf-8')  ->  'hé' */
        CHECK(CALL(ATTR(BY("h\303\251", 3), "decode"), 1, NULL, S("utf-8")), "'h\303\251'");
    }
    { /* b'\xff'.decode()  ->  UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte */
        CHECK_ERR(CALL(ATTR(BY("\377", 1), "decode"), 0, NULL), &mn_exc_UnicodeDecodeError, "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
    }
    { /* b'a\xffb'.decode('utf-8', 'replace')  ->  'a�b' */
        CHECK(CALL(ATTR(BY("a\377b", 3), "decode"), 2, NULL, S("utf-8"), S("replace")), "'a\357\277\275b'");
    }
    { /* b'a\xe2\x82b'.decode('utf-8', 'replace')  ->  'a�b' */
        CHECK(CALL(ATTR(BY("a\342\202b", 4), "decode"), 2, NULL, S("utf-8"), S("replace")), "'a\357\277\275b'");
    }
    { /* b'a\xffb\xc3'.decode('utf-8', 'replace')  ->  'a�b�' */
        CHECK(CALL(ATTR(BY("a\377b\303", 4), "decode"), 2, NULL, S("utf-8"), S("replace")), "'a\357\277\275b\357\277\275'");
    }
    { /* b'a\xffb'.decode('ascii')  ->  UnicodeDecodeError: 'ascii' codec can't decode byte 0xff in position 1: ordinal not in range(128) */
        CHECK_ERR(CALL(ATTR(BY("a\377b", 3), "decode"), 1, NULL, S("ascii")), &mn_exc_UnicodeDecodeError, "'ascii' codec can't decode byte 0xff in position 1: ordinal not in range(128)");
    }
    { /* b'a\xffb'.decode('ascii', 'foo')  ->  LookupError: unknown error handler name 'foo' */
        CHECK_ERR(CALL(ATTR(BY("a\377b", 3), "decode"), 2, NULL, S("ascii"), S("foo")), &mn_exc_LookupError, "unknown error handler name 'foo'");
    }
    { /* b'a'.decode('foo')  ->  LookupError: unknown encoding: foo */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "decode"), 1, NULL, S("foo")), &mn_exc_LookupError, "unknown encoding: foo");
    }
    { /* b'\xed\xa0\x80'.decode()  ->  UnicodeDecodeError: 'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte */
        CHECK_ERR(CALL(ATTR(BY("\355\240\200", 3), "decode"), 0, NULL), &mn_exc_UnicodeDecodeError, "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte");
    }
    { /* b'\xe2\x82'.decode()  ->  UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 0-1: unexpected end of data */
        CHECK_ERR(CALL(ATTR(BY("\342\202", 2), "decode"), 0, NULL), &mn_exc_UnicodeDecodeError, "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data");
    }
    { /* b'\xf0\x90'.decode()  ->  UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 0-1: unexpected end of data */
        CHECK_ERR(CALL(ATTR(BY("\360\220", 2), "decode"), 0, NULL), &mn_exc_UnicodeDecodeError, "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data");
    }
    { /* b'\xf5'.decode()  ->  UnicodeDecodeError: 'utf-8' codec can't decode byte 0xf5 in position 0: invalid start byte */
        CHECK_ERR(CALL(ATTR(BY("\365", 1), "decode"), 0, NULL), &mn_exc_UnicodeDecodeError, "'utf-8' codec can't decode byte 0xf5 in position 0: invalid start byte");
    }
    { /* b'\xc0\x80'.decode()  ->  UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte */
        CHECK_ERR(CALL(ATTR(BY("\300\200", 2), "decode"), 0, NULL), &mn_exc_UnicodeDecodeError, "'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte");
    }
    { /* b'abc'.decode('latin-1')  ->  'abc' */
        CHECK(CALL(ATTR(BY("abc", 3), "decode"), 1, NULL, S("latin-1")), "'abc'");
    }
    { /* b'\xe9'.decode('latin1')  ->  'é' */
        CHECK(CALL(ATTR(BY("\351", 1), "decode"), 1, NULL, S("latin1")), "'\303\251'");
    }
    { /* b'\xe9'.decode(errors='ignore')  ->  '' */
        CHECK(CALL(ATTR(BY("\351", 1), "decode"), 1, KW(1, "errors"), S("ignore")), "''");
    }
    { /* b'\xe9'.decode('utf-8', 'backslashreplace')  ->  '\\xe9' */
        CHECK(CALL(ATTR(BY("\351", 1), "decode"), 2, NULL, S("utf-8"), S("backslashreplace")), "'\\\\xe9'");
    }
    { /* b'\xe9'.decode(encoding='ascii', errors='replace')  ->  '�' */
        CHECK(CALL(ATTR(BY("\351", 1), "decode"), 2, KW(2, "encoding", "errors"), S("ascii"), S("replace")), "'\357\277\275'");
    }
    { /* b'a'.decode(1)  ->  TypeError: decode() argument 'encoding' must be str, not int */
        CHECK_ERR(CALL(ATTR(BY("a", 1), "decode"), 1, NULL, I(1LL)), &mn_exc_TypeError, "decode() argument 'encoding' must be str, not int");
    }
    { /* b'\xe9A'.decode('UTF_8', 'ignore')  ->  'A' */
        CHECK(CALL(ATTR(BY("\351A", 2), "decode"), 2, NULL, S("UTF_8"), S("ignore")), "'A'");
    }
    { /* b'\xe9'.decode('US-ASCII', 'backslashreplace')  ->  '\\xe9' */
        CHECK(CALL(ATTR(BY("\351", 1), "decode"), 2, NULL, S("US-ASCII"), S("backslashreplace")), "'\\\\xe9'");
    }
    { /* bytearray(b'\xc3\xa9').decode()  ->  'é' */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("\303\251", 2)), "decode"), 0, NULL), "'\303\251'");
    }
    { /* b'\xed\xa0\x80x'.decode('utf-8', 'replace')  ->  '���x' */
        CHECK(CALL(ATTR(BY("\355\240\200x", 4), "decode"), 2, NULL, S("utf-8"), S("replace")), "'\357\277\275\357\277\275\357\277\275x'");
    }
    { /* b'\xf4\x90\x80\x80'.decode('utf-8', 'replace')  ->  '����' */
        CHECK(CALL(ATTR(BY("\364\220\200\200", 4), "decode"), 2, NULL, S("utf-8"), S("replace")), "'\357\277\275\357\277\275\357\277\275\357\277\275'");
    }
}

Test(bytes_gen, bytearray_mutation) {
    { /* b = bytearray(b'abc'); b[0] = 65; b  ->  bytearray(b'Abc') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEPI(SETITEM(REF(v_b), I(0LL), I(65LL)));
        CHECK(REF(v_b), "bytearray(b'Abc')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[-1] = 0; b  ->  bytearray(b'ab\x00') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEPI(SETITEM(REF(v_b), I(-1LL), I(0LL)));
        CHECK(REF(v_b), "bytearray(b'ab\\x00')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[3] = 1; b  ->  IndexError: bytearray index out of range */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        CHECK_ERR(SETITEM_R(REF(v_b), I(3LL), I(1LL)), &mn_exc_IndexError, "bytearray index out of range");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[0] = 256; b  ->  ValueError: byte must be in range(0, 256) */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        CHECK_ERR(SETITEM_R(REF(v_b), I(0LL), I(256LL)), &mn_exc_ValueError, "byte must be in range(0, 256)");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[0] = 'a'; b  ->  TypeError: 'str' object cannot be interpreted as an integer */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        CHECK_ERR(SETITEM_R(REF(v_b), I(0LL), S("a")), &mn_exc_TypeError, "'str' object cannot be interpreted as an integer");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b['x'] = 1; b  ->  TypeError: bytearray indices must be integers or slices, not str */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        CHECK_ERR(SETITEM_R(REF(v_b), S("x"), I(1LL)), &mn_exc_TypeError, "bytearray indices must be integers or slices, not str");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[1:2] = b'xyz'; b  ->  bytearray(b'axyzc') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEPI(SETITEM(REF(v_b), SL(I(1LL), I(2LL), NONE()), BY("xyz", 3)));
        CHECK(REF(v_b), "bytearray(b'axyzc')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[1:1] = [65, 66]; b  ->  bytearray(b'aABbc') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEPI(SETITEM(REF(v_b), SL(I(1LL), I(1LL), NONE()), LST(2, I(65LL), I(66LL))));
        CHECK(REF(v_b), "bytearray(b'aABbc')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[0:1] = 5; b  ->  TypeError: can assign only bytes, buffers, or iterables of ints in range(0, 256) */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        CHECK_ERR(SETITEM_R(REF(v_b), SL(I(0LL), I(1LL), NONE()), I(5LL)), &mn_exc_TypeError, "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[0:1] = 'a'; b  ->  TypeError: can assign only bytes, buffers, or iterables of ints in range(0, 256) */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        CHECK_ERR(SETITEM_R(REF(v_b), SL(I(0LL), I(1LL), NONE()), S("a")), &mn_exc_TypeError, "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[::2] = b'abc'; b  ->  ValueError: attempt to assign bytes of size 3 to extended slice of size 2 */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        CHECK_ERR(SETITEM_R(REF(v_b), SL(NONE(), NONE(), I(2LL)), BY("abc", 3)), &mn_exc_ValueError, "attempt to assign bytes of size 3 to extended slice of size 2");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[::2] = b'XY'; b  ->  bytearray(b'XbY') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEPI(SETITEM(REF(v_b), SL(NONE(), NONE(), I(2LL)), BY("XY", 2)));
        CHECK(REF(v_b), "bytearray(b'XbY')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abcdef'); b[::-2] = b'123'; b  ->  bytearray(b'a3c2e1') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdef", 6)));
        STEPI(SETITEM(REF(v_b), SL(NONE(), NONE(), I(-2LL)), BY("123", 3)));
        CHECK(REF(v_b), "bytearray(b'a3c2e1')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[:] = b; b  ->  bytearray(b'abc') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEPI(SETITEM(REF(v_b), SL(NONE(), NONE(), NONE()), REF(v_b)));
        CHECK(REF(v_b), "bytearray(b'abc')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[5:2] = b'Z'; b  ->  bytearray(b'abcZ') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEPI(SETITEM(REF(v_b), SL(I(5LL), I(2LL), NONE()), BY("Z", 1)));
        CHECK(REF(v_b), "bytearray(b'abcZ')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[1:] = []; b  ->  bytearray(b'a') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEPI(SETITEM(REF(v_b), SL(I(1LL), NONE(), NONE()), LST(0)));
        CHECK(REF(v_b), "bytearray(b'a')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b[0:2] = [1, 300]; b  ->  ValueError: byte must be in range(0, 256) */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        CHECK_ERR(SETITEM_R(REF(v_b), SL(I(0LL), I(2LL), NONE()), LST(2, I(1LL), I(300LL))), &mn_exc_ValueError, "byte must be in range(0, 256)");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abcdef'); del b[::2]; b  ->  bytearray(b'bdf') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdef", 6)));
        STEPI(SETITEM(REF(v_b), SL(NONE(), NONE(), I(2LL)), NULL));
        CHECK(REF(v_b), "bytearray(b'bdf')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abcdef'); del b[::-2]; b  ->  bytearray(b'ace') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdef", 6)));
        STEPI(SETITEM(REF(v_b), SL(NONE(), NONE(), I(-2LL)), NULL));
        CHECK(REF(v_b), "bytearray(b'ace')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abcdef'); del b[1:3]; b  ->  bytearray(b'adef') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdef", 6)));
        STEPI(SETITEM(REF(v_b), SL(I(1LL), I(3LL), NONE()), NULL));
        CHECK(REF(v_b), "bytearray(b'adef')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); del b[0]; b  ->  bytearray(b'bc') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEPI(SETITEM(REF(v_b), I(0LL), NULL));
        CHECK(REF(v_b), "bytearray(b'bc')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); del b[5]; b  ->  IndexError: bytearray index out of range */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        CHECK_ERR(SETITEM_R(REF(v_b), I(5LL), NULL), &mn_exc_IndexError, "bytearray index out of range");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abcdef'); del b[::-1]; b  ->  bytearray(b'') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdef", 6)));
        STEPI(SETITEM(REF(v_b), SL(NONE(), NONE(), I(-1LL)), NULL));
        CHECK(REF(v_b), "bytearray(b'')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b.append(100); b  ->  bytearray(b'abcd') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEP(CALL(ATTR(REF(v_b), "append"), 1, NULL, I(100LL)));
        CHECK(REF(v_b), "bytearray(b'abcd')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'a'); b.append(256); b  ->  ValueError: byte must be in range(0, 256) */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)));
        CHECK_ERR(CALL(ATTR(REF(v_b), "append"), 1, NULL, I(256LL)), &mn_exc_ValueError, "byte must be in range(0, 256)");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'a'); b.append('a'); b  ->  TypeError: 'str' object cannot be interpreted as an integer */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)));
        CHECK_ERR(CALL(ATTR(REF(v_b), "append"), 1, NULL, S("a")), &mn_exc_TypeError, "'str' object cannot be interpreted as an integer");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'a'); b.extend(b'bc'); b  ->  bytearray(b'abc') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)));
        STEP(CALL(ATTR(REF(v_b), "extend"), 1, NULL, BY("bc", 2)));
        CHECK(REF(v_b), "bytearray(b'abc')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'a'); b.extend([98, 99]); b  ->  bytearray(b'abc') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)));
        STEP(CALL(ATTR(REF(v_b), "extend"), 1, NULL, LST(2, I(98LL), I(99LL))));
        CHECK(REF(v_b), "bytearray(b'abc')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'a'); b.extend(range(3)); b  ->  bytearray(b'a\x00\x01\x02') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)));
        STEP(CALL(ATTR(REF(v_b), "extend"), 1, NULL, CALL(TYPE(mn_range_type), 1, NULL, I(3LL))));
        CHECK(REF(v_b), "bytearray(b'a\\x00\\x01\\x02')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'a'); b.extend(b); b  ->  bytearray(b'aa') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)));
        STEP(CALL(ATTR(REF(v_b), "extend"), 1, NULL, REF(v_b)));
        CHECK(REF(v_b), "bytearray(b'aa')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(); b.extend('ab'); b  ->  TypeError: 'str' object cannot be interpreted as an integer */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 0, NULL));
        CHECK_ERR(CALL(ATTR(REF(v_b), "extend"), 1, NULL, S("ab")), &mn_exc_TypeError, "'str' object cannot be interpreted as an integer");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(); b.extend(5); b  ->  TypeError: can't extend bytearray with int */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 0, NULL));
        CHECK_ERR(CALL(ATTR(REF(v_b), "extend"), 1, NULL, I(5LL)), &mn_exc_TypeError, "can't extend bytearray with int");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'ac'); b.insert(1, 98); b  ->  bytearray(b'abc') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ac", 2)));
        STEP(CALL(ATTR(REF(v_b), "insert"), 2, NULL, I(1LL), I(98LL)));
        CHECK(REF(v_b), "bytearray(b'abc')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'ac'); b.insert(-10, 98); b  ->  bytearray(b'bac') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ac", 2)));
        STEP(CALL(ATTR(REF(v_b), "insert"), 2, NULL, I(-10LL), I(98LL)));
        CHECK(REF(v_b), "bytearray(b'bac')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'ac'); b.insert(10, 98); b  ->  bytearray(b'acb') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ac", 2)));
        STEP(CALL(ATTR(REF(v_b), "insert"), 2, NULL, I(10LL), I(98LL)));
        CHECK(REF(v_b), "bytearray(b'acb')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'a'); b.insert(0, 'a'); b  ->  TypeError: 'str' object cannot be interpreted as an integer */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)));
        CHECK_ERR(CALL(ATTR(REF(v_b), "insert"), 2, NULL, I(0LL), S("a")), &mn_exc_TypeError, "'str' object cannot be interpreted as an integer");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b.pop()  ->  99 */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        CHECK(CALL(ATTR(REF(v_b), "pop"), 0, NULL), "99");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b.pop(0); b  ->  bytearray(b'bc') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEP(CALL(ATTR(REF(v_b), "pop"), 1, NULL, I(0LL)));
        CHECK(REF(v_b), "bytearray(b'bc')");
        MN_XDECREF(v_b);
    }
    { /* bytearray(b'abc').pop(5)  ->  IndexError: pop index out of range */
        CHECK_ERR(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), "pop"), 1, NULL, I(5LL)), &mn_exc_IndexError, "pop index out of range");
    }
    { /* bytearray(b'abc').pop(-4)  ->  IndexError: pop index out of range */
        CHECK_ERR(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), "pop"), 1, NULL, I(-4LL)), &mn_exc_IndexError, "pop index out of range");
    }
    { /* bytearray().pop()  ->  IndexError: pop from empty bytearray */
        CHECK_ERR(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 0, NULL), "pop"), 0, NULL), &mn_exc_IndexError, "pop from empty bytearray");
    }
    { /* b = bytearray(b'abcb'); b.remove(98); b  ->  bytearray(b'acb') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcb", 4)));
        STEP(CALL(ATTR(REF(v_b), "remove"), 1, NULL, I(98LL)));
        CHECK(REF(v_b), "bytearray(b'acb')");
        MN_XDECREF(v_b);
    }
    { /* bytearray(b'abc').remove(120)  ->  ValueError: value not found in bytearray */
        CHECK_ERR(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), "remove"), 1, NULL, I(120LL)), &mn_exc_ValueError, "value not found in bytearray");
    }
    { /* bytearray(b'abc').remove(300)  ->  ValueError: byte must be in range(0, 256) */
        CHECK_ERR(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), "remove"), 1, NULL, I(300LL)), &mn_exc_ValueError, "byte must be in range(0, 256)");
    }
    { /* b = bytearray(b'abc'); b.reverse(); b  ->  bytearray(b'cba') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEP(CALL(ATTR(REF(v_b), "reverse"), 0, NULL));
        CHECK(REF(v_b), "bytearray(b'cba')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b.clear(); b  ->  bytearray(b'') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        STEP(CALL(ATTR(REF(v_b), "clear"), 0, NULL));
        CHECK(REF(v_b), "bytearray(b'')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); c = b.copy(); c[0] = 0; b  ->  bytearray(b'abc') */
        mn_object *v_b = NULL;
        mn_object *v_c = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        SETVAR(v_c, CALL(ATTR(REF(v_b), "copy"), 0, NULL));
        STEPI(SETITEM(REF(v_c), I(0LL), I(0LL)));
        CHECK(REF(v_b), "bytearray(b'abc')");
        MN_XDECREF(v_b);
        MN_XDECREF(v_c);
    }
    { /* b = bytearray(b'ab'); b += b'cd'; b  ->  bytearray(b'abcd') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ab", 2)));
        SETVAR(v_b, INPLACE(REF(v_b), BY("cd", 2), MN_BINOP_ADD));
        CHECK(REF(v_b), "bytearray(b'abcd')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'ab'); b += b; b  ->  BufferError: Existing exports of data: object cannot be re-sized */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ab", 2)));
        CHECK_ERR(INPLACE(REF(v_b), REF(v_b), MN_BINOP_ADD), &mn_exc_BufferError, "Existing exports of data: object cannot be re-sized");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'ab'); b += [1]; b  ->  TypeError: can't concat list to bytearray */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ab", 2)));
        CHECK_ERR(INPLACE(REF(v_b), LST(1, I(1LL)), MN_BINOP_ADD), &mn_exc_TypeError, "can't concat list to bytearray");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'ab'); b *= 3; b  ->  bytearray(b'ababab') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ab", 2)));
        SETVAR(v_b, INPLACE(REF(v_b), I(3LL), MN_BINOP_MULTIPLY));
        CHECK(REF(v_b), "bytearray(b'ababab')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'ab'); b *= 0; b  ->  bytearray(b'') */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ab", 2)));
        SETVAR(v_b, INPLACE(REF(v_b), I(0LL), MN_BINOP_MULTIPLY));
        CHECK(REF(v_b), "bytearray(b'')");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'ab'); c = b; b += b'c'; c  ->  bytearray(b'abc') */
        mn_object *v_b = NULL;
        mn_object *v_c = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ab", 2)));
        SETVAR(v_c, REF(v_b));
        SETVAR(v_b, INPLACE(REF(v_b), BY("c", 1), MN_BINOP_ADD));
        CHECK(REF(v_c), "bytearray(b'abc')");
        MN_XDECREF(v_b);
        MN_XDECREF(v_c);
    }
    { /* b = bytes(b'ab'); c = b; b += b'c'; c  ->  b'ab' */
        mn_object *v_b = NULL;
        mn_object *v_c = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytes_type), 1, NULL, BY("ab", 2)));
        SETVAR(v_c, REF(v_b));
        SETVAR(v_b, INPLACE(REF(v_b), BY("c", 1), MN_BINOP_ADD));
        CHECK(REF(v_c), "b'ab'");
        MN_XDECREF(v_b);
        MN_XDECREF(v_c);
    }
    { /* b = bytearray(b'abc'); it = iter(b); next(it); del b[1:]; list(it)  ->  [] */
        mn_object *v_b = NULL;
        mn_object *v_it = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        SETVAR(v_it, ITER_(REF(v_b)));
        STEP(NEXT_(REF(v_it)));
        STEPI(SETITEM(REF(v_b), SL(I(1LL), NONE(), NONE()), NULL));
        CHECK(LIST_(REF(v_it)), "[]");
        MN_XDECREF(v_b);
        MN_XDECREF(v_it);
    }
}

Test(bytes_gen, sizes) {
    { /* b''.__sizeof__()  ->  33 */
        CHECK(CALL(ATTR(BY("", 0), "__sizeof__"), 0, NULL), "33");
    }
    { /* b'a'.__sizeof__()  ->  34 */
        CHECK(CALL(ATTR(BY("a", 1), "__sizeof__"), 0, NULL), "34");
    }
    { /* b'abcdef'.__sizeof__()  ->  39 */
        CHECK(CALL(ATTR(BY("abcdef", 6), "__sizeof__"), 0, NULL), "39");
    }
    { /* bytearray().__alloc__()  ->  0 */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 0, NULL), "__alloc__"), 0, NULL), "0");
    }
    { /* bytearray(b'a').__alloc__()  ->  2 */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)), "__alloc__"), 0, NULL), "2");
    }
    { /* bytearray(10).__alloc__()  ->  11 */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, I(10LL)), "__alloc__"), 0, NULL), "11");
    }
    { /* bytearray([1, 2, 3]).__alloc__()  ->  4 */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, LST(3, I(1LL), I(2LL), I(3LL))), "__alloc__"), 0, NULL), "4");
    }
    { /* bytearray(range(20)).__alloc__()  ->  27 */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, CALL(TYPE(mn_range_type), 1, NULL, I(20LL))), "__alloc__"), 0, NULL), "27");
    }
    { /* bytearray(b'abcdef').__alloc__()  ->  7 */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdef", 6)), "__alloc__"), 0, NULL), "7");
    }
    { /* bytearray(b'a').__alloc__()  ->  2 */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("a", 1)), "__alloc__"), 0, NULL), "2");
    }
    { /* bytearray(b'abc').__alloc__()  ->  4 */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)), "__alloc__"), 0, NULL), "4");
    }
    { /* b = bytearray(b'abcdefgh'); b.extend(range(10)); b.__alloc__()  ->  19 */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdefgh", 8)));
        STEP(CALL(ATTR(REF(v_b), "extend"), 1, NULL, CALL(TYPE(mn_range_type), 1, NULL, I(10LL))));
        CHECK(CALL(ATTR(REF(v_b), "__alloc__"), 0, NULL), "19");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abcdefgh'); b.extend(b'xyz'); b.__alloc__()  ->  12 */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdefgh", 8)));
        STEP(CALL(ATTR(REF(v_b), "extend"), 1, NULL, BY("xyz", 3)));
        CHECK(CALL(ATTR(REF(v_b), "__alloc__"), 0, NULL), "12");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abcdef'); del b[::-2]; b.__alloc__()  ->  7 */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdef", 6)));
        STEPI(SETITEM(REF(v_b), SL(NONE(), NONE(), I(-2LL)), NULL));
        CHECK(CALL(ATTR(REF(v_b), "__alloc__"), 0, NULL), "7");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abcdef'); b.clear(); b.__alloc__()  ->  1 */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdef", 6)));
        STEP(CALL(ATTR(REF(v_b), "clear"), 0, NULL));
        CHECK(CALL(ATTR(REF(v_b), "__alloc__"), 0, NULL), "1");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abcdef'); b *= 3; b.__alloc__()  ->  19 */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abcdef", 6)));
        SETVAR(v_b, INPLACE(REF(v_b), I(3LL), MN_BINOP_MULTIPLY));
        CHECK(CALL(ATTR(REF(v_b), "__alloc__"), 0, NULL), "19");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(b'abc'); b += b'd'; b.__alloc__()  ->  7 */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 1, NULL, BY("abc", 3)));
        SETVAR(v_b, INPLACE(REF(v_b), BY("d", 1), MN_BINOP_ADD));
        CHECK(CALL(ATTR(REF(v_b), "__alloc__"), 0, NULL), "7");
        MN_XDECREF(v_b);
    }
    { /* b = bytearray(); b.append(1); b.append(2); b.append(3); b.append(4); b.__alloc__()  ->  5 */
        mn_object *v_b = NULL;
        SETVAR(v_b, CALL(TYPE(mn_bytearray_type), 0, NULL));
        STEP(CALL(ATTR(REF(v_b), "append"), 1, NULL, I(1LL)));
        STEP(CALL(ATTR(REF(v_b), "append"), 1, NULL, I(2LL)));
        STEP(CALL(ATTR(REF(v_b), "append"), 1, NULL, I(3LL)));
        STEP(CALL(ATTR(REF(v_b), "append"), 1, NULL, I(4LL)));
        CHECK(CALL(ATTR(REF(v_b), "__alloc__"), 0, NULL), "5");
        MN_XDECREF(v_b);
    }
    { /* b'abc'.__getnewargs__()  ->  (b'abc',) */
        CHECK(CALL(ATTR(BY("abc", 3), "__getnewargs__"), 0, NULL), "(b'abc',)");
    }
    { /* bytearray(b'ab').__reduce__()  ->  (<class 'bytearray'>, ('ab', 'latin-1'), None) */
        CHECK(CALL(ATTR(CALL(TYPE(mn_bytearray_type), 1, NULL, BY("ab", 2)), "__reduce__"), 0, NULL), "(<class 'bytearray'>, ('ab', 'latin-1'), None)");
    }
    { /* b'ab'.__bytes__()  ->  b'ab' */
        CHECK(CALL(ATTR(BY("ab", 2), "__bytes__"), 0, NULL), "b'ab'");
    }
}

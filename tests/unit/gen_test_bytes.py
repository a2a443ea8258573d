# tests/unit/gen_test_bytes.py — generates tests/unit/test_bytes_gen.c.
# Each Python snippet in GROUPS (at the end) is run under python3 (CPython 3.11)
# for its expected repr / exception, and translated to C calls on mini's API.
# Usage: python3 tests/unit/gen_test_bytes.py tests/unit/test_bytes_gen.c
import ast, sys

def cstr(b):
    out = []
    for c in b:
        if c in (0x22, 0x5c): out.append('\\' + chr(c))
        elif 32 <= c < 127 and c != 0x3f: out.append(chr(c))
        else: out.append('\\%03o' % c)
    return '"' + ''.join(out) + '"'

BINOPS = {ast.Add: 'MN_BINOP_ADD', ast.Mult: 'MN_BINOP_MULTIPLY', ast.Mod: 'MN_BINOP_REMAINDER'}
CMPOPS = {ast.Lt: 'MN_LT', ast.LtE: 'MN_LE', ast.Eq: 'MN_EQ', ast.NotEq: 'MN_NE', ast.Gt: 'MN_GT', ast.GtE: 'MN_GE'}

class T:
    def __init__(self): self.vars = []
    def e(self, n):
        if isinstance(n, ast.Constant):
            v = n.value
            if isinstance(v, bool): return 'BOOL(%d)' % v
            if v is None: return 'NONE()'
            if isinstance(v, bytes): return 'BY(%s, %d)' % (cstr(v), len(v))
            if isinstance(v, int):
                if -2**62 < v < 2**62: return 'I(%dLL)' % v
                return 'BIGI("%d")' % v
            if isinstance(v, float): return 'F(%r)' % v
            if isinstance(v, str): return 'S(%s)' % cstr(v.encode())
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub) and isinstance(n.operand, ast.Constant):
            return self.e(ast.Constant(-n.operand.value))
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow):
            return self.e(ast.Constant(eval(compile(ast.Expression(n), '<c>', 'eval'))))
        if isinstance(n, ast.Name):
            if n.id in ('bytes', 'bytearray'): return 'TYPE(mn_%s_type)' % n.id
            if n.id in ('True', 'False'): return 'BOOL(%d)' % (n.id == 'True')
            return 'REF(v_%s)' % n.id
        if isinstance(n, ast.Tuple): return 'TUP(%d%s)' % (len(n.elts), ''.join(', ' + self.e(x) for x in n.elts))
        if isinstance(n, ast.List): return 'LST(%d%s)' % (len(n.elts), ''.join(', ' + self.e(x) for x in n.elts))
        if isinstance(n, ast.Dict):
            return 'DCT(%d%s)' % (len(n.keys), ''.join(', %s, %s' % (self.e(k), self.e(v)) for k, v in zip(n.keys, n.values)))
        if isinstance(n, ast.BinOp): return 'BIN(%s, %s, %s)' % (self.e(n.left), self.e(n.right), BINOPS[type(n.op)])
        if isinstance(n, ast.Compare):
            op = n.ops[0]; a = self.e(n.left); b = self.e(n.comparators[0])
            if isinstance(op, ast.In): return 'CONTAINS(%s, %s)' % (b, a)
            if isinstance(op, ast.NotIn): return 'NOTB(CONTAINS(%s, %s))' % (b, a)
            return 'RICH(%s, %s, %s)' % (a, b, CMPOPS[type(op)])
        if isinstance(n, ast.Subscript): return 'GETITEM(%s, %s)' % (self.e(n.value), self.e(n.slice))
        if isinstance(n, ast.Slice):
            f = lambda x: self.e(x) if x is not None else 'NONE()'
            return 'SL(%s, %s, %s)' % (f(n.lower), f(n.upper), f(n.step))
        if isinstance(n, ast.Call):
            args = [self.e(a) for a in n.args] + [self.e(k.value) for k in n.keywords]
            kw = 'NULL' if not n.keywords else 'KW(%d%s)' % (len(n.keywords), ''.join(', "%s"' % k.arg for k in n.keywords))
            if isinstance(n.func, ast.Name) and n.func.id in ('len', 'list', 'repr', 'iter', 'next', 'str', 'hash'):
                return '%s(%s)' % (n.func.id.upper() + '_', args[0])
            if isinstance(n.func, ast.Name) and n.func.id == 'range':
                return 'CALL(TYPE(mn_range_type), %d, NULL%s)' % (len(args), ''.join(', ' + a for a in args))
            if isinstance(n.func, ast.Attribute):
                target = 'ATTR(%s, "%s")' % (self.e(n.func.value), n.func.attr)
            else:
                target = self.e(n.func)
            return 'CALL(%s, %d, %s%s)' % (target, len(n.args) + len(n.keywords), kw, ''.join(', ' + a for a in args))
        raise Exception('cannot translate %s' % ast.dump(n))
    def stmt(self, s):
        if isinstance(s, ast.Assign):
            t = s.targets[0]
            if isinstance(t, ast.Name):
                if t.id not in self.vars: self.vars.append(t.id)
                return 'SETVAR(v_%s, %s);' % (t.id, self.e(s.value))
            if isinstance(t, ast.Subscript):
                return 'STEPI(SETITEM(%s, %s, %s));' % (self.e(t.value), self.e(t.slice), self.e(s.value))
        if isinstance(s, ast.Delete):
            t = s.targets[0]
            return 'STEPI(SETITEM(%s, %s, NULL));' % (self.e(t.value), self.e(t.slice))
        if isinstance(s, ast.AugAssign):
            t = s.target.id
            return 'SETVAR(v_%s, INPLACE(REF(v_%s), %s, %s));' % (t, t, self.e(s.value), BINOPS[type(s.op)])
        if isinstance(s, ast.Expr):
            return 'STEP(%s);' % self.e(s.value)
        raise Exception('cannot translate stmt %s' % ast.dump(s))

def run(src):
    """Runs the snippet; returns ('ok', repr) or ('err', type, msg) and the
    index of the statement that raised."""
    mod = ast.parse(src)
    *body, last = mod.body
    g = {}
    for k, s in enumerate(body):
        try:
            exec(compile(ast.Module(body=[s], type_ignores=[]), '<t>', 'exec'), g)
        except Exception as ex:
            return ('err', type(ex).__name__, str(ex)), k
    try:
        r = eval(compile(ast.Expression(last.value), '<t>', 'eval'), g)
        return ('ok', repr(r)), len(body)
    except Exception as ex:
        return ('err', type(ex).__name__, str(ex)), len(body)

def gen(name, snippets, out):
    out.append('Test(bytes_gen, %s) {' % name)
    for src in snippets:
        exp, at = run(src)
        mod = ast.parse(src)
        t = T()
        body = mod.body
        lines = [t.stmt(s) for s in body[:at]]
        last = body[at]
        final = t.e(last.value) if isinstance(last, ast.Expr) else None
        if final is None:   # a failing statement: check its error
            if isinstance(last, ast.Assign) and isinstance(last.targets[0], ast.Subscript):
                tt = last.targets[0]
                final = 'SETITEM_R(%s, %s, %s)' % (t.e(tt.value), t.e(tt.slice), t.e(last.value))
            elif isinstance(last, ast.Delete):
                tt = last.targets[0]
                final = 'SETITEM_R(%s, %s, NULL)' % (t.e(tt.value), t.e(tt.slice))
            elif isinstance(last, ast.AugAssign):
                final = 'INPLACE(REF(v_%s), %s, %s)' % (last.target.id, t.e(last.value), BINOPS[type(last.op)])
            else:
                raise Exception(src)
        shown = exp[1] if exp[0] == 'ok' else exp[1] + ': ' + exp[2]
        out.append('    { /* %s  ->  %s */' % (src.replace('*/', '* /'), shown.replace('*/', '* /')))
        for v in t.vars: out.append('        mn_object *v_%s = NULL;' % v)
        for l in lines: out.append('        ' + l)
        if exp[0] == 'ok':
            out.append('        CHECK(%s, %s);' % (final, cstr(exp[1].encode())))
        else:
            out.append('        CHECK_ERR(%s, &mn_exc_%s, %s);' % (final, exp[1], cstr(exp[2].encode())))
        for v in t.vars: out.append('        MN_XDECREF(v_%s);' % v)
        out.append('    }')
    out.append('}\n')


HEADER = r'''/* tests/unit/test_bytes_gen.c — table-style tests for bytes and bytearray.
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
'''

GROUPS = [
('constructors', [
 "bytes()", "bytes(3)", "bytes([1, 2, 255])", "bytes((104, 105))", "bytes(b'abc')", "bytes(bytearray(b'xy'))",
 "bytes('h\u00e9', 'utf-8')", "bytes('abc', 'ascii')", "bytes('\u00e9', 'latin-1')", "bytes('abc', encoding='ascii')",
 "bytes('a')", "bytes(encoding='utf-8')", "bytes(b'a', 'utf-8')", "bytes(-1)", "bytes(3.0)", "bytes([256])", "bytes([-1])",
 "bytes(['a'])", "bytes('\u00e9', 'ascii')", "bytes('a', 'foo')", "bytes(iter([1, 2]))", "bytes(bytes(2))",
 "bytearray()", "bytearray(3)", "bytearray([1, 2, 3])", "bytearray(b'abc')", "bytearray('ab', 'ascii')",
 "bytearray(b'a', 'ascii')", "bytearray(encoding='ascii')", "bytearray(-1)", "bytearray(3.0)", "bytearray([256])",
 "bytearray('abc')", "bytearray(iter(b'xyz'))",
 "bytes.fromhex('ab cd')", "bytes.fromhex(' 0a 0B ')", "bytes.fromhex('abc')", "bytes.fromhex('a g')", "bytes.fromhex(b'ab')",
 "bytearray.fromhex('ff00')", "bytes.fromhex('')",
]),
('repr', [
 "b''", "b'abc'", "b'\\x00\\n\\'\"\\t\\r\\x7f\\x80\\xff'", "b'\"'", "b\"'\"", "b'\\''", "b'\\\\'",
 "bytearray(b\"'\\\"\")", "bytearray()", "bytearray(b'a\\x00')", "str(b'a')", "repr(bytearray(b'\\n'))",
]),
('indexing_slicing', [
 "b'abc'[0]", "b'abc'[-1]", "b'abc'[5]", "b'abc'[-4]", "bytearray(b'abc')[5]", "b'abc'['x']", "bytearray()['x']",
 "b'abc'[True]", "b'abc'[1:3]", "b'abc'[::-1]", "b'abcdef'[::2]", "b'abcdef'[-2:]", "b'abcdef'[4:1:-1]",
 "b'abc'[10:]", "bytearray(b'abcdef')[1::2]", "bytearray(b'abc')[::-1]", "b'abc'[::0]", "b'abc'[2**100]",
 "len(b'abcd')", "len(bytearray(b'ab'))", "list(b'ab\\xff')", "list(bytearray(b'\\x01\\x02'))", "next(iter(b''))",
]),
('operators', [
 "b'a' + b'b'", "b'a' + bytearray(b'b')", "bytearray(b'a') + b'b'", "b'a' + 'b'", "bytearray(b'a') + 'b'",
 "bytearray(b'a') + [1]", "b'ab' * 3", "3 * b'ab'", "b'ab' * -1", "b'ab' * 0", "bytearray(b'ab') * 2", "2 * bytearray(b'x')",
 "b'a' * 'x'", "2.0 * b'a'", "b'a' * b'b'", "b'ab' * (2**62)", "b'a' * (2**64)",
 "1 in b'abc'", "97 in b'abc'", "256 in b'abc'", "-1 in b'a'", "'a' in b'abc'", "b'ab' in bytearray(b'xab')", "b'' in b''", "b'bd' in b'abc'",
 "b'a' == b'a'", "b'a' == bytearray(b'a')", "b'a' < b'b'", "b'ab' < b'a'", "b'a' <= b'ab'", "b'b' > b'ab'", "b'a' != b'a'",
 "b'a' == 'a'", "b'a' < 'b'", "bytearray(b'abc') >= b'abc'", "b'\\xff' > b'\\x01'",
 "hash(bytearray())", "hash(b'abc') == hash(b'abc')",
]),
('format', [
 "b'%s %d %x %b %%' % (b'a', 5, 255, b'z')", "b'%5s|%-5s|%.1s' % (b'ab', b'cd', b'ef')", "b'%(a)s' % {b'a': b'x'}",
 "b'%(a)s' % (1,)", "b'%d %i %u' % (1.9, -2, True)", "b'%x %X %#x %#o %o' % (255, 255, 255, 8, -8)",
 "b'%05d|%-5d|%+d|% d|%.3d|%5.3d' % (-42, 42, 42, 42, 7, 7)", "b'%c%c' % (65, b'B')", "b'%c' % 256", "b'%c' % 'a'",
 "b'%d' % 'a'", "b'%x' % 1.5", "b'%f %e %g %.2f %10.3E' % (1.5, 1.5, 1.5, 2.345, 12345.678)", "b'%f' % 'a'",
 "b'%s %s' % (b'a',)", "b'%s' % (b'a', b'b')", "b'abc' % 5", "b'abc' % [1]", "b'%' % ()", "b'%z' % (1,)",
 "b'%*d|%-*d' % (5, 1, 4, 2)", "b'%.*f' % (2, 3.14159)", "b'%r %a' % ('\u00e9', b'x')", "b'%s' % bytearray(b'q')",
 "bytearray(b'%s') % b'q'", "b'%#X' % 255", "b'%s' % 1", "b'%s' % 'a'",
]),
('find_count', [
 "b'abcb'.find(b'b')", "b'abcb'.rfind(b'b')", "b'abc'.find(98)", "b'abc'.find(b'c', 0, 2)", "b'abc'.find(b'c', -1)",
 "b'x'.find(256)", "b'x'.find('a')", "b'abc'.index(b'z')", "b'abc'.rindex(b'z')", "b'abc'.index(b'c')", "b'abcc'.rindex(99)",
 "b'aaa'.count(b'')", "b'aaaa'.count(b'aa')", "b'ab'.count(b'a', 0, 1)", "b''.find(b'')", "b'ab'.find(b'', 3)", "b'ab'.rfind(b'')",
 "b'ab'.count(b'', 5)", "b'abc'.find(b'c', None, 2**70)", "b'abc'.find(b'c', 'x')", "b'a'.find()", "b'a'.find(b'a', 1, 2, 3)",
 "bytearray(b'hello').find(b'll')", "b'abc'.index(98, 2)",
]),
('split_join', [
 "b'a,b,,c'.split(b',')", "b'a,b,,c'.split(b',', 2)", "b'a,b,,c'.rsplit(b',', 2)", "b'  a  b  '.split()",
 "b'  a  b  '.rsplit(None, 1)", "b'  a  b  '.split(None, 1)", "b'a\\x0bb\\x1cc'.split()", "b'abc'.split(maxsplit=1)",
 "b'a b c'.split(sep=None, maxsplit=1)", "b'a b'.split(b'')", "b''.split()", "b''.split(b',')", "b'a\\n'.split(b'\\n')",
 "bytearray(b'a-b').split(b'-')", "b'a'.split(1, 2, 3)", "b'a b'.split('x')",
 "b'a\\r\\nb\\rc\\n'.splitlines(True)", "b'a\\r\\nb\\rc\\n'.splitlines()", "b''.splitlines()", "b'a\\n\\nb'.splitlines(keepends=True)",
 "b'-'.join([b'a', bytearray(b'b')])", "bytearray(b'-').join([b'a'])", "b'a'.join([1])", "b'a'.join([b'a', 'b'])",
 "b'x'.join(iter([b'a', b'b']))", "b''.join([])", "b', '.join((b'a', b'b', b'c'))",
 "b'abc'.partition(b'b')", "b'abc'.partition(b'z')", "b'abc'.rpartition(b'b')", "b'abc'.rpartition(b'z')",
 "b'abc'.partition(b'')", "b'abc'.partition('b')", "bytearray(b'a=b').partition(b'=')",
]),
('strip_pad', [
 "b'\\t a \\n'.strip()", "b'xxaxx'.lstrip(b'x')", "bytearray(b'xxaxx').rstrip(bytearray(b'x'))", "b'a'.strip(None)",
 "b'abc'.strip('a')", "b'xyzaxy'.strip(b'xyz')", "b'  '.strip()", "b'abc'.center(5, 'x')", "b'abc'.center(5, b'xy')",
 "b'abc'.center(6, b'*')", "b'abc'.center(7, b'*')", "b'ab'.center(5, b'*')", "b'ab'.center(6, b'*')", "b'a'.ljust(3, b'-')",
 "b'abc'.rjust(2)", "b'a'.rjust(3)", "bytearray(b'a').center(3)", "b'ab'.zfill(5)", "b'-ab'.zfill(5)", "b'+'.zfill(3)",
 "b'abc'.zfill(2)", "b'a\\tb'.expandtabs()", "b'a\\tb\\nc\\td'.expandtabs(4)", "b'1\\t\\t2'.expandtabs(0)",
 "b'ab\\tc'.expandtabs(tabsize=2)", "b'abc'.removeprefix(b'ab')", "b'abc'.removeprefix(b'x')", "b'abc'.removesuffix(b'bc')",
 "b'a'.removeprefix('a')", "bytearray(b'abc').removesuffix(b'c')",
]),
('startswith', [
 "b'abc'.startswith(b'ab')", "b'abc'.startswith((b'x', b'a'))", "b'abc'.endswith(b'bc', 0, 2)", "b'abc'.endswith(b'', 4)",
 "b'abc'.startswith(b'', 3)", "b'abc'.startswith(b'', 4)", "b'a'.startswith('a')", "b'a'.startswith(('a',))",
 "b'abc'.endswith(bytearray(b'c'))", "b'abc'.startswith(b'b', 1)", "b'abc'.endswith(b'b', -3, -1)",
]),
('case', [
 "b'Hello World'.upper()", "b'Hello World'.lower()", "b'hELLO wORLD'.swapcase()", "b'hello world'.title()",
 "b\"they're bill's\".title()", "b'hello World'.capitalize()", "b'\\xe9a'.upper()", "bytearray(b'aB').swapcase()",
 "b'abc'.isalpha()", "b''.isalpha()", "b'a1'.isalnum()", "b'a_'.isalnum()", "b'123'.isdigit()", "b' \\t\\n\\x0b\\x0c\\r'.isspace()",
 "b'\\x1c'.isspace()", "b'ABC1'.isupper()", "b'AbC'.isupper()", "b'1'.isupper()", "b'abc'.islower()", "b'Ab Cd'.istitle()",
 "b'AB'.istitle()", "b'A'.istitle()", "b''.istitle()", "b'\\x80'.isascii()", "b''.isascii()", "b'abc'.isascii()",
]),
('replace_translate', [
 "b'aXbXc'.replace(b'X', b'YY')", "b'aXbXc'.replace(b'X', b'YY', 1)", "b'abc'.replace(b'b', b'x', 0)",
 "b'a'.replace(b'', b'-')", "b'ab'.replace(b'', b'-', 2)", "b'aaa'.replace(b'a', b'')", "bytearray(b'abc').replace(b'b', b'B')",
 "b'abc'.replace('b', b'x')", "bytes.maketrans(b'ab', b'c')", "b'abc'.translate(None, b'b')", "b'abc'.translate(b'x')",
 "b'abc'.translate(bytes.maketrans(b'a', b'A'))", "bytes.maketrans(b'a', b'b')[97:99]", "bytes.maketrans('a', 'b')",
 "b'a'.translate(None)", "b'abc'.translate(None, delete=b'ac')", "bytearray(b'abc').translate(None, b'a')",
]),
('hex_decode', [
 "b'\\x01\\xab'.hex()", "b'a'.hex(':')", "b'abcdef'.hex(':', 2)", "b'abcde'.hex(':', 2)", "b'abcde'.hex(':', -2)",
 "b'abcde'.hex('::')", "b'abc'.hex(b'-')", "b'ab'.hex(':', 0)", "b''.hex(':')", "b'a'.hex(sep='x', bytes_per_sep=3)",
 "b'a'.hex(1)", "b'a'.hex('\u00e9')", "bytearray(b'\\xff\\x00').hex(' ')",
 "b'abc'.decode()", "b'h\\xc3\\xa9'.decode()", "b'h\\xc3\\xa9'.decode('utf-8')", "b'\\xff'.decode()",
 "b'a\\xffb'.decode('utf-8', 'replace')", "b'a\\xe2\\x82b'.decode('utf-8', 'replace')", "b'a\\xffb\\xc3'.decode('utf-8', 'replace')",
 "b'a\\xffb'.decode('ascii')", "b'a\\xffb'.decode('ascii', 'foo')", "b'a'.decode('foo')", "b'\\xed\\xa0\\x80'.decode()",
 "b'\\xe2\\x82'.decode()", "b'\\xf0\\x90'.decode()", "b'\\xf5'.decode()", "b'\\xc0\\x80'.decode()",
 "b'abc'.decode('latin-1')", "b'\\xe9'.decode('latin1')", "b'\\xe9'.decode(errors='ignore')",
 "b'\\xe9'.decode('utf-8', 'backslashreplace')", "b'\\xe9'.decode(encoding='ascii', errors='replace')", "b'a'.decode(1)",
 "b'\\xe9A'.decode('UTF_8', 'ignore')", "b'\\xe9'.decode('US-ASCII', 'backslashreplace')", "bytearray(b'\\xc3\\xa9').decode()",
 "b'\\xed\\xa0\\x80x'.decode('utf-8', 'replace')", "b'\\xf4\\x90\\x80\\x80'.decode('utf-8', 'replace')",
]),
('bytearray_mutation', [
 "b = bytearray(b'abc'); b[0] = 65; b", "b = bytearray(b'abc'); b[-1] = 0; b", "b = bytearray(b'abc'); b[3] = 1; b",
 "b = bytearray(b'abc'); b[0] = 256; b", "b = bytearray(b'abc'); b[0] = 'a'; b", "b = bytearray(b'abc'); b['x'] = 1; b",
 "b = bytearray(b'abc'); b[1:2] = b'xyz'; b", "b = bytearray(b'abc'); b[1:1] = [65, 66]; b", "b = bytearray(b'abc'); b[0:1] = 5; b",
 "b = bytearray(b'abc'); b[0:1] = 'a'; b", "b = bytearray(b'abc'); b[::2] = b'abc'; b", "b = bytearray(b'abc'); b[::2] = b'XY'; b",
 "b = bytearray(b'abcdef'); b[::-2] = b'123'; b", "b = bytearray(b'abc'); b[:] = b; b", "b = bytearray(b'abc'); b[5:2] = b'Z'; b",
 "b = bytearray(b'abc'); b[1:] = []; b", "b = bytearray(b'abc'); b[0:2] = [1, 300]; b",
 "b = bytearray(b'abcdef'); del b[::2]; b", "b = bytearray(b'abcdef'); del b[::-2]; b", "b = bytearray(b'abcdef'); del b[1:3]; b",
 "b = bytearray(b'abc'); del b[0]; b", "b = bytearray(b'abc'); del b[5]; b", "b = bytearray(b'abcdef'); del b[::-1]; b",
 "b = bytearray(b'abc'); b.append(100); b", "b = bytearray(b'a'); b.append(256); b", "b = bytearray(b'a'); b.append('a'); b",
 "b = bytearray(b'a'); b.extend(b'bc'); b", "b = bytearray(b'a'); b.extend([98, 99]); b", "b = bytearray(b'a'); b.extend(range(3)); b",
 "b = bytearray(b'a'); b.extend(b); b", "b = bytearray(); b.extend('ab'); b", "b = bytearray(); b.extend(5); b",
 "b = bytearray(b'ac'); b.insert(1, 98); b", "b = bytearray(b'ac'); b.insert(-10, 98); b", "b = bytearray(b'ac'); b.insert(10, 98); b",
 "b = bytearray(b'a'); b.insert(0, 'a'); b", "b = bytearray(b'abc'); b.pop()", "b = bytearray(b'abc'); b.pop(0); b",
 "bytearray(b'abc').pop(5)", "bytearray(b'abc').pop(-4)", "bytearray().pop()", "b = bytearray(b'abcb'); b.remove(98); b",
 "bytearray(b'abc').remove(120)", "bytearray(b'abc').remove(300)", "b = bytearray(b'abc'); b.reverse(); b",
 "b = bytearray(b'abc'); b.clear(); b", "b = bytearray(b'abc'); c = b.copy(); c[0] = 0; b", "b = bytearray(b'ab'); b += b'cd'; b",
 "b = bytearray(b'ab'); b += b; b", "b = bytearray(b'ab'); b += [1]; b", "b = bytearray(b'ab'); b *= 3; b", "b = bytearray(b'ab'); b *= 0; b",
 "b = bytearray(b'ab'); c = b; b += b'c'; c", "b = bytes(b'ab'); c = b; b += b'c'; c",
 "b = bytearray(b'abc'); it = iter(b); next(it); del b[1:]; list(it)",
]),
('sizes', [
 "b''.__sizeof__()", "b'a'.__sizeof__()", "b'abcdef'.__sizeof__()",
 "bytearray().__alloc__()", "bytearray(b'a').__alloc__()", "bytearray(10).__alloc__()", "bytearray([1, 2, 3]).__alloc__()",
 "bytearray(range(20)).__alloc__()", "bytearray(b'abcdef').__alloc__()", "bytearray(b'a').__alloc__()", "bytearray(b'abc').__alloc__()",
 "b = bytearray(b'abcdefgh'); b.extend(range(10)); b.__alloc__()", "b = bytearray(b'abcdefgh'); b.extend(b'xyz'); b.__alloc__()",
 "b = bytearray(b'abcdef'); del b[::-2]; b.__alloc__()", "b = bytearray(b'abcdef'); b.clear(); b.__alloc__()",
 "b = bytearray(b'abcdef'); b *= 3; b.__alloc__()", "b = bytearray(b'abc'); b += b'd'; b.__alloc__()",
 "b = bytearray(); b.append(1); b.append(2); b.append(3); b.append(4); b.__alloc__()",
 "b'abc'.__getnewargs__()", "bytearray(b'ab').__reduce__()", "b'ab'.__bytes__()",
]),
]


if __name__ == '__main__':
    out = [HEADER]
    for name, snippets in GROUPS:
        gen(name, snippets, out)
    open(sys.argv[1], 'w').write('\n'.join(out))

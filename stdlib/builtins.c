/* stdlib/builtins.c — the `builtins` module: the functions every mini program
 * sees without importing anything (print, len, sorted, min, isinstance,
 * exec, __build_class__, ...), the built-in types and exceptions and the
 * constants None/True/False/Ellipsis/NotImplemented/__debug__.
 *
 * Each function follows CPython 3.11's bltinmodule.c: same argument rules
 * and same error messages. The iterator types (enumerate, zip, map, filter,
 * reversed, callable_iterator) live in builtins_iter.c; the file object for
 * open() in io.c.
 */
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>
#include "stdlib/modules.h"
#include "vm/import.h"
#include "vm/vm.h"
#include "vm/frame.h"
#include "compiler/compiler.h"

/* Looks a special method up on the type (not the instance) and binds it,
 * as CPython's _PyObject_LookupSpecial. NULL without an exception: absent. */
static mn_object *lookup_special(mn_object *o, const char *name)
{
    mn_object *d = mn_type_lookup_str(MN_TYPE(o), name);
    if (!d)
        return NULL;
    mn_descrgetfunc get = MN_TYPE(d)->descr_get;
    if (get)
        return get(d, o, MN_OBJ(MN_TYPE(o)));
    return MN_NEW_REF(d);
}

/* ------------------------------------------------------------ print, input */

static mn_object *sys_stream(const char *name, const char *what)
{
    mn_object *f = mn_sys_get(name);
    if (!f) {
        mn_err_format(&mn_exc_RuntimeError, "%s", what);
        return NULL;
    }
    return f;
}

static int write_str(mn_object *file, mn_object *s)
{
    mn_object *r = mn_object_call_method(file, "write", &s, 1);
    if (!r)
        return -1;
    MN_DECREF(r);
    return 0;
}

static mn_object *builtin_print(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                mn_object *kwnames)
{
    mn_object *sep = NULL, *end = NULL, *file = NULL, *flush = NULL;
    mn_ssize nkw = kwnames ? MN_TUPLE_SIZE(kwnames) : 0;
    for (mn_ssize i = 0; i < nkw; i++) {
        mn_object *k = MN_TUPLE_GET(kwnames, i), *v = args[nargs + i];
        if (mn_str_equal_cstr(k, "sep")) sep = v;
        else if (mn_str_equal_cstr(k, "end")) end = v;
        else if (mn_str_equal_cstr(k, "file")) file = v;
        else if (mn_str_equal_cstr(k, "flush")) flush = v;
        else {
            mn_err_format(&mn_exc_TypeError, "'%U' is an invalid keyword argument for print()", k);
            return NULL;
        }
    }
    if (!file || file == mn_none) {
        file = mn_sys_get("stdout");
        /* sys.stdout may be None when FILE* stdout is closed */
        if (!file || file == mn_none)
            MN_RETURN_NONE;
    }
    if (sep == mn_none) sep = NULL;
    if (end == mn_none) end = NULL;
    if (sep && !MN_STR_CHECK(sep)) {
        mn_err_format(&mn_exc_TypeError, "sep must be None or a string, not %s", MN_TYPE_NAME(sep));
        return NULL;
    }
    if (end && !MN_STR_CHECK(end)) {
        mn_err_format(&mn_exc_TypeError, "end must be None or a string, not %s", MN_TYPE_NAME(end));
        return NULL;
    }
    MN_INCREF(file);   /* print() may replace sys.stdout while writing */
    int err = 0;
    mn_object *space = NULL, *nl = NULL;
    for (mn_ssize i = 0; i < nargs && !err; i++) {
        if (i > 0) {
            if (!sep && !space)
                space = mn_str_from_cstr(" ");
            if (write_str(file, sep ? sep : space) < 0) {
                err = 1;
                break;
            }
        }
        mn_object *s = mn_object_str(args[i]);
        if (!s || write_str(file, s) < 0)
            err = 1;
        MN_XDECREF(s);
    }
    if (!err) {
        if (!end)
            nl = mn_str_from_cstr("\n");
        if (write_str(file, end ? end : nl) < 0)
            err = 1;
    }
    if (!err && flush && mn_object_is_true(flush) > 0) {
        mn_object *r = mn_object_call_method(file, "flush", NULL, 0);
        if (!r) err = 1;
        MN_XDECREF(r);
    }
    MN_XDECREF(space);
    MN_XDECREF(nl);
    MN_DECREF(file);
    if (err)
        return NULL;
    MN_RETURN_NONE;
}

static int file_fileno_is(mn_object *f, int fd)
{
    mn_object *r = mn_object_call_method(f, "fileno", NULL, 0);
    if (!r) {
        mn_err_clear();
        return 0;
    }
    int ok = MN_INT_CHECK(r) && mn_int_as_i64(r) == fd;
    MN_DECREF(r);
    return ok;
}

static mn_object *builtin_input(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                mn_object *kwnames)
{
    if (mn_args_no_keywords("input", kwnames) < 0 || mn_args_count("input", nargs, 0, 1) < 0)
        return NULL;
    mn_object *in = sys_stream("stdin", "input(): lost sys.stdin");
    if (!in)
        return NULL;
    mn_object *out = sys_stream("stdout", "input(): lost sys.stdout");
    if (!out)
        return NULL;
    if (in == mn_none) {
        mn_err_set_string(&mn_exc_RuntimeError, "input(): lost sys.stdin");
        return NULL;
    }
    mn_object *prompt = NULL;
    if (nargs == 1) {
        prompt = mn_object_str(args[0]);
        if (!prompt)
            return NULL;
    }
    /* Interactive: the real stdin/stdout are ttys -> GNU readline gives line
     * editing and history, as CPython's PyOS_Readline does. */
    if (file_fileno_is(in, 0) && file_fileno_is(out, 1) && isatty(0) && isatty(1)) {
        mn_file_flush_obj(out);
        mn_sys_flush_std();
        char *line = readline(prompt ? mn_str_as_utf8(prompt) : "");
        MN_XDECREF(prompt);
        if (!line) {
            mn_err_set_none(&mn_exc_EOFError);
            return NULL;
        }
        if (*line)
            add_history(line);
        mn_object *r = mn_str_from_utf8(line, (mn_ssize)strlen(line));
        free(line);
        return r;
    }
    if (prompt) {
        int r = write_str(out, prompt);
        MN_DECREF(prompt);
        if (r < 0)
            return NULL;
    }
    mn_object *fr = mn_object_call_method(out, "flush", NULL, 0);
    if (!fr)
        mn_err_clear();
    MN_XDECREF(fr);
    mn_object *line = mn_object_call_method(in, "readline", NULL, 0);
    if (!line)
        return NULL;
    if (!MN_STR_CHECK(line)) {
        MN_DECREF(line);
        mn_err_set_string(&mn_exc_TypeError, "object.readline() returned non-string");
        return NULL;
    }
    if (MN_STR_NBYTES(line) == 0) {
        MN_DECREF(line);
        mn_err_set_string(&mn_exc_EOFError, "EOF when reading a line");
        return NULL;
    }
    mn_ssize n = MN_STR_NBYTES(line);
    if (MN_STR_DATA(line)[n - 1] == '\n') {
        mn_object *r = mn_str_from_utf8_unchecked(MN_STR_DATA(line), n - 1);
        MN_DECREF(line);
        return r;
    }
    return line;
}

/* ------------------------------------------------------ simple functions */

static mn_object *builtin_len(MN_UNUSED mn_object *self, mn_object *o)
{
    mn_ssize n = mn_object_length(o);
    return n < 0 ? NULL : mn_int_from_ssize(n);
}

static mn_object *builtin_abs(MN_UNUSED mn_object *self, mn_object *o) { return mn_number_absolute(o); }
static mn_object *builtin_repr(MN_UNUSED mn_object *self, mn_object *o) { return mn_object_repr(o); }
static mn_object *builtin_ascii(MN_UNUSED mn_object *self, mn_object *o) { return mn_object_ascii(o); }

static mn_object *builtin_id(MN_UNUSED mn_object *self, mn_object *o)
{
    return mn_int_from_u64((uint64_t)(uintptr_t)o);
}

static mn_object *builtin_hash(MN_UNUSED mn_object *self, mn_object *o)
{
    mn_hash h = mn_object_hash(o);
    return h == -1 ? NULL : mn_int_from_i64((int64_t)h);
}

static mn_object *builtin_callable(MN_UNUSED mn_object *self, mn_object *o)
{
    MN_RETURN_BOOL(mn_callable_check(o));
}

static mn_object *all_any(mn_object *o, int want_any)
{
    mn_object *it = mn_object_get_iter(o);
    if (!it)
        return NULL;
    mn_object *x;
    while ((x = mn_iter_next(it))) {
        int t = mn_object_is_true(x);
        MN_DECREF(x);
        if (t < 0) {
            MN_DECREF(it);
            return NULL;
        }
        if (t == want_any) {
            MN_DECREF(it);
            MN_RETURN_BOOL(want_any);
        }
    }
    MN_DECREF(it);
    if (mn_err_occurred())
        return NULL;
    MN_RETURN_BOOL(!want_any);
}
static mn_object *builtin_all(MN_UNUSED mn_object *self, mn_object *o) { return all_any(o, 0); }
static mn_object *builtin_any(MN_UNUSED mn_object *self, mn_object *o) { return all_any(o, 1); }

static mn_object *builtin_isinstance(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                     mn_object *kwnames)
{
    if (mn_args_no_keywords("isinstance", kwnames) < 0 || mn_args_count("isinstance", nargs, 2, 2) < 0)
        return NULL;
    int r = mn_object_isinstance(args[0], args[1]);
    if (r < 0)
        return NULL;
    MN_RETURN_BOOL(r);
}

static mn_object *builtin_issubclass(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                     mn_object *kwnames)
{
    if (mn_args_no_keywords("issubclass", kwnames) < 0 || mn_args_count("issubclass", nargs, 2, 2) < 0)
        return NULL;
    int r = mn_object_issubclass(args[0], args[1]);
    if (r < 0)
        return NULL;
    MN_RETURN_BOOL(r);
}

static mn_object *builtin_format(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                 mn_object *kwnames)
{
    static const char *const params[] = { "value", "format_spec", "/", NULL };
    mn_object *a[2];
    if (mn_args_bind("format", args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    if (a[1] && !MN_STR_CHECK(a[1])) {
        mn_err_format(&mn_exc_TypeError, "format() argument 2 must be str, not %s", MN_TYPE_NAME(a[1]));
        return NULL;
    }
    if (a[1])
        return mn_object_format(a[0], a[1]);
    mn_object *empty = mn_str_from_cstr("");
    if (!empty)
        return NULL;
    mn_object *r = mn_object_format(a[0], empty);
    MN_DECREF(empty);
    return r;
}

static mn_object *builtin_chr(MN_UNUSED mn_object *self, mn_object *o)
{
    if (MN_FLOAT_CHECK(o)) {
        mn_err_set_string(&mn_exc_TypeError, "'float' object cannot be interpreted as an integer");
        return NULL;
    }
    mn_object *i = mn_number_index(o);
    if (!i)
        return NULL;
    int64_t v;
    if (!mn_int_to_i64(i, &v) || v > INT32_MAX || v < INT32_MIN) {
        MN_DECREF(i);
        mn_err_clear();
        mn_err_set_string(&mn_exc_OverflowError, "Python int too large to convert to C int");
        return NULL;
    }
    MN_DECREF(i);
    if (v < 0 || v > 0x10ffff) {
        mn_err_set_string(&mn_exc_ValueError, "chr() arg not in range(0x110000)");
        return NULL;
    }
    return mn_str_from_codepoint((int32_t)v);
}

static mn_object *builtin_ord(MN_UNUSED mn_object *self, mn_object *o)
{
    mn_ssize n;
    if (MN_STR_CHECK(o)) {
        n = MN_STR_LENGTH(o);
        if (n == 1)
            return mn_int_from_i64(mn_str_char_at(o, 0));
        mn_err_format(&mn_exc_TypeError, "ord() expected a character, but string of length %zd found", n);
        return NULL;
    }
    if (MN_BYTES_CHECK(o) || MN_BYTEARRAY_CHECK(o)) {
        const char *d;
        mn_bytes_view(o, &d, &n);
        if (n == 1)
            return mn_int_from_i64((unsigned char)d[0]);
        mn_err_format(&mn_exc_TypeError, "ord() expected a character, but string of length %zd found", n);
        return NULL;
    }
    mn_err_format(&mn_exc_TypeError, "ord() expected string of length 1, but %s found", MN_TYPE_NAME(o));
    return NULL;
}

static mn_object *int_to_base(mn_object *o, const char *spec)
{
    mn_object *i = mn_number_index(o);
    if (!i)
        return NULL;
    mn_object *s = mn_str_from_cstr(spec);
    mn_object *r = s ? mn_int_format(i, s) : NULL;
    MN_XDECREF(s);
    MN_DECREF(i);
    return r;
}
static mn_object *builtin_hex(MN_UNUSED mn_object *self, mn_object *o) { return int_to_base(o, "#x"); }
static mn_object *builtin_oct(MN_UNUSED mn_object *self, mn_object *o) { return int_to_base(o, "#o"); }
static mn_object *builtin_bin(MN_UNUSED mn_object *self, mn_object *o) { return int_to_base(o, "#b"); }

static mn_object *builtin_round(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                mn_object *kwnames)
{
    static const char *const params[] = { "number", "ndigits", NULL };
    mn_object *a[2];
    if (mn_args_bind("round", args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    mn_object *m = lookup_special(a[0], "__round__");
    if (!m) {
        if (!mn_err_occurred())
            mn_err_format(&mn_exc_TypeError, "type %s doesn't define __round__ method", MN_TYPE_NAME(a[0]));
        return NULL;
    }
    mn_object *r;
    if (!a[1] || a[1] == mn_none)
        r = mn_object_call0(m);
    else
        r = mn_object_call1(m, a[1]);
    MN_DECREF(m);
    return r;
}

/* divmod(a, b): a.__divmod__(b), then b.__rdivmod__(a), as the number
 * protocol would do for a binary operator slot. */
static mn_object *call_binary_special(mn_object *self, const char *name, mn_object *other)
{
    mn_object *m = lookup_special(self, name);
    if (!m)
        return mn_err_occurred() ? NULL : MN_NEW_REF(mn_not_implemented);
    mn_object *r = mn_object_call1(m, other);
    MN_DECREF(m);
    return r;
}

static mn_object *builtin_divmod(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                 mn_object *kwnames)
{
    if (mn_args_no_keywords("divmod", kwnames) < 0 || mn_args_count("divmod", nargs, 2, 2) < 0)
        return NULL;
    mn_object *a = args[0], *b = args[1];
    if (MN_INT_CHECK_EXACT(a) && MN_INT_CHECK_EXACT(b)) {
        mn_object *q, *r;
        if (mn_int_divmod(a, b, &q, &r) < 0)
            return NULL;
        mn_object *t = mn_tuple_pack(2, q, r);
        MN_DECREF(q);
        MN_DECREF(r);
        return t;
    }
    mn_object *res = call_binary_special(a, "__divmod__", b);
    if (res != mn_not_implemented)
        return res;
    MN_DECREF(res);
    if (MN_TYPE(a) != MN_TYPE(b)) {
        res = call_binary_special(b, "__rdivmod__", a);
        if (res != mn_not_implemented)
            return res;
        MN_DECREF(res);
    }
    mn_err_format(&mn_exc_TypeError, "unsupported operand type(s) for divmod(): '%s' and '%s'",
                  MN_TYPE_NAME(a), MN_TYPE_NAME(b));
    return NULL;
}

static mn_object *builtin_pow(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                              mn_object *kwnames)
{
    static const char *const params[] = { "base", "exp", "mod", NULL };
    mn_object *a[3];
    if (mn_args_bind("pow", args, nargs, kwnames, params, 2, a) < 0)
        return NULL;
    return mn_number_power(a[0], a[1], a[2] ? a[2] : mn_none);
}

/* ----------------------------------------------------------- iteration */

static mn_object *builtin_iter(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                               mn_object *kwnames)
{
    if (mn_args_no_keywords("iter", kwnames) < 0 || mn_args_count("iter", nargs, 1, 2) < 0)
        return NULL;
    if (nargs == 1)
        return mn_object_get_iter(args[0]);
    if (!mn_callable_check(args[0])) {
        mn_err_set_string(&mn_exc_TypeError, "iter(v, w): v must be callable");
        return NULL;
    }
    return mn_callable_iter_new(args[0], args[1]);
}

static mn_object *builtin_next(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                               mn_object *kwnames)
{
    if (mn_args_no_keywords("next", kwnames) < 0 || mn_args_count("next", nargs, 1, 2) < 0)
        return NULL;
    mn_object *it = args[0];
    if (!MN_TYPE(it)->iternext) {
        mn_err_format(&mn_exc_TypeError, "'%s' object is not an iterator", MN_TYPE_NAME(it));
        return NULL;
    }
    mn_object *r = MN_TYPE(it)->iternext(it);
    if (r)
        return r;
    if (mn_err_occurred()) {
        if (nargs < 2 || !mn_err_matches(&mn_exc_StopIteration))
            return NULL;
        mn_err_clear();
    }
    if (nargs == 2)
        return MN_NEW_REF(args[1]);
    mn_err_set_none(&mn_exc_StopIteration);
    return NULL;
}

static mn_object *builtin_sorted(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                 mn_object *kwnames)
{
    static const char *const params[] = { "iterable", "/", "*", "key", "reverse", NULL };
    mn_object *a[3];
    if (nargs != 1 && !(nargs == 0 && kwnames && MN_TUPLE_SIZE(kwnames))) {
        if (nargs == 0)
            mn_err_set_string(&mn_exc_TypeError, "sorted expected 1 argument, got 0");
        else
            mn_err_format(&mn_exc_TypeError, "sorted expected 1 argument, got %zd", nargs);
        return NULL;
    }
    if (mn_args_bind("sort", args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    int reverse = 0;
    if (a[2]) {
        if (MN_FLOAT_CHECK(a[2])) {
            mn_err_set_string(&mn_exc_TypeError, "'float' object cannot be interpreted as an integer");
            return NULL;
        }
        reverse = mn_object_is_true(a[2]);
        if (reverse < 0)
            return NULL;
    }
    mn_object *l = mn_list_from_iterable(a[0]);
    if (!l)
        return NULL;
    if (mn_list_sort(l, a[1] == mn_none ? NULL : a[1], reverse) < 0) {
        MN_DECREF(l);
        return NULL;
    }
    return l;
}

/* min()/max() as CPython's min_max(): one iterable or several arguments,
 * key= and (iterable form only) default=. */
static mn_object *min_max(const char *name, mn_object *const *args, mn_ssize nargs, mn_object *kwnames, int op)
{
    mn_object *key = NULL, *dflt = NULL;
    mn_ssize nkw = kwnames ? MN_TUPLE_SIZE(kwnames) : 0;
    for (mn_ssize i = 0; i < nkw; i++) {
        mn_object *k = MN_TUPLE_GET(kwnames, i);
        if (mn_str_equal_cstr(k, "key"))
            key = args[nargs + i];
        else if (mn_str_equal_cstr(k, "default"))
            dflt = args[nargs + i];
        else {
            mn_err_format(&mn_exc_TypeError, "%s() got an unexpected keyword argument '%U'", name, k);
            return NULL;
        }
    }
    if (nargs == 0) {
        mn_err_format(&mn_exc_TypeError, "%s expected at least 1 argument, got 0", name);
        return NULL;
    }
    if (key == mn_none)
        key = NULL;
    if (nargs > 1 && dflt) {
        mn_err_format(&mn_exc_TypeError,
                      "Cannot specify a default for %s() with multiple positional arguments", name);
        return NULL;
    }
    mn_object *it;
    if (nargs == 1)
        it = mn_object_get_iter(args[0]);
    else {
        mn_object *t = mn_tuple_from_array(args, nargs);
        it = t ? mn_object_get_iter(t) : NULL;
        MN_XDECREF(t);
    }
    if (!it)
        return NULL;
    mn_object *best = NULL, *bestkey = NULL, *x;
    while ((x = mn_iter_next(it))) {
        mn_object *kx = key ? mn_object_call1(key, x) : MN_NEW_REF(x);
        if (!kx) {
            MN_DECREF(x);
            goto fail;
        }
        if (!best) {
            best = x;
            bestkey = kx;
            continue;
        }
        int c = mn_object_richcompare_bool(kx, bestkey, op);
        if (c < 0) {
            MN_DECREF(x);
            MN_DECREF(kx);
            goto fail;
        }
        if (c) {
            MN_SETREF(best, x);
            MN_SETREF(bestkey, kx);
        } else {
            MN_DECREF(x);
            MN_DECREF(kx);
        }
    }
    if (mn_err_occurred())
        goto fail;
    MN_DECREF(it);
    MN_XDECREF(bestkey);
    if (!best) {
        if (dflt)
            return MN_NEW_REF(dflt);
        mn_err_format(&mn_exc_ValueError, "%s() arg is an empty sequence", name);
        return NULL;
    }
    return best;
fail:
    MN_DECREF(it);
    MN_XDECREF(best);
    MN_XDECREF(bestkey);
    return NULL;
}

static mn_object *builtin_min(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                              mn_object *kwnames)
{
    return min_max("min", args, nargs, kwnames, MN_LT);
}
static mn_object *builtin_max(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                              mn_object *kwnames)
{
    return min_max("max", args, nargs, kwnames, MN_GT);
}

/* sum(): CPython 3.11 keeps a C integer while items are small ints and a C
 * double while items are floats (plain addition: compensated summation only
 * arrived in 3.12), and falls back to the generic `+` otherwise. */
static mn_object *builtin_sum(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                              mn_object *kwnames)
{
    static const char *const params[] = { "iterable", "/", "start", NULL };
    mn_object *a[2];
    if (mn_args_bind("sum", args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    mn_object *start = a[1];
    if (start) {
        if (MN_STR_CHECK(start)) {
            mn_err_set_string(&mn_exc_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
            return NULL;
        }
        if (MN_BYTES_CHECK(start)) {
            mn_err_set_string(&mn_exc_TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
            return NULL;
        }
        if (MN_BYTEARRAY_CHECK(start)) {
            mn_err_set_string(&mn_exc_TypeError, "sum() can't sum bytearray [use b''.join(seq) instead]");
            return NULL;
        }
    }
    mn_object *it = mn_object_get_iter(a[0]);
    if (!it)
        return NULL;
    mn_object *result = start ? MN_NEW_REF(start) : mn_int_from_i64(0);
    mn_object *item = NULL;
    /* fast path: exact ints that fit in an int64 */
    if (MN_INT_CHECK_EXACT(result) && MN_INT_IS_SMALL(result)) {
        int64_t acc = MN_INT_SMALL_VALUE(result);
        while ((item = mn_iter_next(it))) {
            if (MN_INT_CHECK_EXACT(item) && MN_INT_IS_SMALL(item)) {
                int64_t b = MN_INT_SMALL_VALUE(item), s;
                if (!__builtin_add_overflow(acc, b, &s)) {
                    acc = s;
                    MN_DECREF(item);
                    continue;
                }
            }
            break;   /* leave the fast path with `item` still to add */
        }
        MN_SETREF(result, mn_int_from_i64(acc));
        if (!item || !result)
            goto done;
    }
    /* fast path: floats (and small ints mixed in) */
    if (!item) {
        item = mn_iter_next(it);
        if (!item)
            goto done;
    }
    if (MN_FLOAT_CHECK_EXACT(result) || (MN_FLOAT_CHECK_EXACT(item) && MN_INT_CHECK_EXACT(result))) {
        double acc;
        int ok = 1;
        if (MN_FLOAT_CHECK_EXACT(result))
            acc = MN_FLOAT_VALUE(result);
        else {
            acc = mn_int_as_double(result);
            if (acc == -1.0 && mn_err_occurred())
                ok = 0;
        }
        while (ok && item) {
            if (MN_FLOAT_CHECK_EXACT(item))
                acc += MN_FLOAT_VALUE(item);
            else if (MN_INT_CHECK_EXACT(item) && MN_INT_IS_SMALL(item) &&
                     MN_INT_SMALL_VALUE(item) < (1LL << 53) && MN_INT_SMALL_VALUE(item) > -(1LL << 53))
                acc += (double)MN_INT_SMALL_VALUE(item);
            else
                break;
            MN_DECREF(item);
            item = mn_iter_next(it);
        }
        if (!ok)
            goto fail;
        MN_SETREF(result, mn_float_from_double(acc));
        if (!item || !result)
            goto done;
    }
    /* generic path */
    while (item) {
        mn_object *r = mn_number_binop(result, item, MN_BINOP_ADD);
        MN_DECREF(item);
        item = NULL;
        MN_SETREF(result, r);
        if (!result)
            goto done;
        item = mn_iter_next(it);
    }
done:
    MN_DECREF(it);
    if (mn_err_occurred()) {
        MN_XDECREF(item);
        MN_XDECREF(result);
        return NULL;
    }
    return result;
fail:
    MN_XDECREF(item);
    MN_DECREF(it);
    MN_XDECREF(result);
    return NULL;
}

/* ------------------------------------------------------------ attributes */

static int check_attr_name(const char *fname, mn_object *name)
{
    if (!MN_STR_CHECK(name)) {
        (void)fname;
        mn_err_format(&mn_exc_TypeError, "attribute name must be string, not '%s'", MN_TYPE_NAME(name));
        return -1;
    }
    return 0;
}

static mn_object *builtin_getattr(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                  mn_object *kwnames)
{
    if (mn_args_no_keywords("getattr", kwnames) < 0)
        return NULL;
    if (nargs < 2) {
        mn_err_format(&mn_exc_TypeError, "getattr expected at least 2 arguments, got %zd", nargs);
        return NULL;
    }
    if (nargs > 3) {
        mn_err_format(&mn_exc_TypeError, "getattr expected at most 3 arguments, got %zd", nargs);
        return NULL;
    }
    if (!MN_STR_CHECK(args[1])) {
        mn_err_format(&mn_exc_TypeError, "attribute name must be string, not '%s'", MN_TYPE_NAME(args[1]));
        return NULL;
    }
    if (nargs == 2)
        return mn_object_getattr(args[0], args[1]);
    mn_object *r;
    int f = mn_object_lookup_attr(args[0], args[1], &r);
    if (f < 0)
        return NULL;
    return f ? r : MN_NEW_REF(args[2]);
}

static mn_object *builtin_setattr(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                  mn_object *kwnames)
{
    if (mn_args_no_keywords("setattr", kwnames) < 0 || mn_args_count("setattr", nargs, 3, 3) < 0)
        return NULL;
    if (check_attr_name("setattr", args[1]) < 0 || mn_object_setattr(args[0], args[1], args[2]) < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *builtin_delattr(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                  mn_object *kwnames)
{
    if (mn_args_no_keywords("delattr", kwnames) < 0 || mn_args_count("delattr", nargs, 2, 2) < 0)
        return NULL;
    if (check_attr_name("delattr", args[1]) < 0 || mn_object_delattr(args[0], args[1]) < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *builtin_hasattr(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                  mn_object *kwnames)
{
    if (mn_args_no_keywords("hasattr", kwnames) < 0 || mn_args_count("hasattr", nargs, 2, 2) < 0)
        return NULL;
    if (check_attr_name("hasattr", args[1]) < 0)
        return NULL;
    mn_object *r;
    int f = mn_object_lookup_attr(args[0], args[1], &r);
    if (f < 0)
        return NULL;
    MN_XDECREF(r);
    MN_RETURN_BOOL(f);
}

static mn_object *builtin_vars(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                               mn_object *kwnames)
{
    if (mn_args_no_keywords("vars", kwnames) < 0 || mn_args_count("vars", nargs, 0, 1) < 0)
        return NULL;
    if (nargs == 0)
        return mn_vm_locals();
    mn_object *d = NULL;
    int f = mn_vm_lookup_attr_str(args[0], "__dict__", &d);
    if (f < 0)
        return NULL;
    if (!f) {
        mn_err_set_string(&mn_exc_TypeError, "vars() argument must have __dict__ attribute");
        return NULL;
    }
    return d;
}

static mn_object *builtin_dir(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                              mn_object *kwnames)
{
    if (mn_args_no_keywords("dir", kwnames) < 0 || mn_args_count("dir", nargs, 0, 1) < 0)
        return NULL;
    mn_object *l;
    if (nargs == 0) {
        mn_object *loc = mn_vm_locals();
        if (!loc)
            return NULL;
        l = MN_DICT_CHECK(loc) ? mn_dict_keys_list(loc) : mn_list_from_iterable(loc);
        MN_DECREF(loc);
    } else {
        mn_object *m = lookup_special(args[0], "__dir__");
        if (!m) {
            if (!mn_err_occurred())
                mn_err_set_string(&mn_exc_TypeError, "object does not provide __dir__");
            return NULL;
        }
        mn_object *r = mn_object_call0(m);
        MN_DECREF(m);
        if (!r)
            return NULL;
        l = mn_list_from_iterable(r);
        MN_DECREF(r);
    }
    if (!l)
        return NULL;
    if (mn_list_sort(l, NULL, 0) < 0) {
        MN_DECREF(l);
        return NULL;
    }
    return l;
}

static mn_object *builtin_globals(MN_UNUSED mn_object *self, MN_UNUSED mn_object *unused)
{
    return mn_vm_globals();
}
static mn_object *builtin_locals(MN_UNUSED mn_object *self, MN_UNUSED mn_object *unused)
{
    return mn_vm_locals();
}

/* ------------------------------------------------- exec, eval, compile */

static const char *source_text(mn_object *src, const char *fname, mn_ssize *len)
{
    if (MN_STR_CHECK(src)) {
        *len = MN_STR_NBYTES(src);
        return MN_STR_DATA(src);
    }
    const char *d;
    if ((MN_BYTES_CHECK(src) || MN_BYTEARRAY_CHECK(src)) && mn_bytes_view(src, &d, len) == 0)
        return d;
    mn_err_format(&mn_exc_TypeError, "%s() arg 1 must be a string, bytes or code object", fname);
    return NULL;
}

static mn_object *builtin_compile(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                  mn_object *kwnames)
{
    static const char *const params[] = { "source", "filename", "mode", "flags", "dont_inherit",
                                          "optimize", "*", "_feature_version", NULL };
    mn_object *a[7];
    if (mn_args_bind("compile", args, nargs, kwnames, params, 3, a) < 0)
        return NULL;
    if (MN_CODE_CHECK(a[0]))
        return MN_NEW_REF(a[0]);
    mn_ssize len;
    const char *src = source_text(a[0], "compile", &len);
    if (!src)
        return NULL;
    if (!MN_STR_CHECK(a[1])) {
        mn_err_format(&mn_exc_TypeError, "compile() argument 'filename' must be str, not %s",
                      MN_TYPE_NAME(a[1]));
        return NULL;
    }
    if (!MN_STR_CHECK(a[2])) {
        mn_err_format(&mn_exc_TypeError, "compile() argument 'mode' must be str, not %s", MN_TYPE_NAME(a[2]));
        return NULL;
    }
    mn_compile_mode mode;
    if (mn_str_equal_cstr(a[2], "exec")) mode = MN_COMPILE_EXEC;
    else if (mn_str_equal_cstr(a[2], "eval")) mode = MN_COMPILE_EVAL;
    else if (mn_str_equal_cstr(a[2], "single")) mode = MN_COMPILE_SINGLE;
    else {
        mn_err_set_string(&mn_exc_ValueError, "compile() mode must be 'exec', 'eval' or 'single'");
        return NULL;
    }
    if (memchr(src, 0, (size_t)len)) {
        mn_err_set_string(&mn_exc_SyntaxError, "source code string cannot contain null bytes");
        return NULL;
    }
    return mn_compile_source(src, len, mn_str_as_utf8(a[1]), mode, NULL);
}

/* exec/eval: globals default to the caller's; `__builtins__` is inserted
 * into a globals dict that lacks it, as CPython does. */
static mn_object *exec_eval(const char *fname, mn_compile_mode mode, mn_object *const *args, mn_ssize nargs,
                            mn_object *kwnames)
{
    static const char *const params[] = { "source", "globals", "locals", "/", NULL };
    mn_object *a[3];
    if (mn_args_bind(fname, args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    mn_object *globals = a[1] == mn_none ? NULL : a[1];
    mn_object *locals = a[2] == mn_none ? NULL : a[2];
    if (globals && !MN_DICT_CHECK(globals)) {
        if (mode == MN_COMPILE_EVAL)
            mn_err_format(&mn_exc_TypeError, "globals must be a real dict; try eval(expr, {}, mapping)");
        else
            mn_err_format(&mn_exc_TypeError, "exec() globals must be a dict, not %s", MN_TYPE_NAME(globals));
        return NULL;
    }
    if (locals && !mn_type_lookup_str(MN_TYPE(locals), "__getitem__") && !MN_TYPE(locals)->getitem) {
        mn_err_format(&mn_exc_TypeError, "locals must be a mapping");
        return NULL;
    }
    mn_object *g, *l;
    if (!globals) {
        g = mn_vm_globals();
        if (!g)
            return NULL;
        if (!locals) {
            l = mn_vm_locals();
            if (!l) {
                MN_DECREF(g);
                return NULL;
            }
        } else
            l = MN_NEW_REF(locals);
    } else {
        g = MN_NEW_REF(globals);
        l = MN_NEW_REF(locals ? locals : globals);
    }
    mn_object *res = NULL, *code = NULL;
    if (!mn_dict_get_item_str(g, "__builtins__")) {
        mn_object *bm = mn_stdlib_builtins_module();
        if (mn_dict_set_item_str(g, "__builtins__", bm ? bm : mn_vm_builtins()) < 0)
            goto out;
    }
    if (MN_CODE_CHECK(a[0]))
        code = MN_NEW_REF(a[0]);
    else {
        mn_ssize len;
        const char *src = source_text(a[0], fname, &len);
        if (!src)
            goto out;
        if (memchr(src, 0, (size_t)len)) {
            mn_err_set_string(&mn_exc_SyntaxError, "source code string cannot contain null bytes");
            goto out;
        }
        if (mode == MN_COMPILE_EVAL) {
            /* eval() ignores leading spaces and tabs, like CPython */
            while (len > 0 && (*src == ' ' || *src == '\t')) {
                src++;
                len--;
            }
        }
        code = mn_compile_source(src, len, "<string>", mode, NULL);
        if (!code)
            goto out;
    }
    res = mn_eval_code(code, g, l);
    if (res && mode == MN_COMPILE_EXEC)
        MN_SETREF(res, MN_NEW_REF(mn_none));
out:
    MN_XDECREF(code);
    MN_DECREF(g);
    MN_DECREF(l);
    return res;
}

static mn_object *builtin_exec(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                               mn_object *kwnames)
{
    return exec_eval("exec", MN_COMPILE_EXEC, args, nargs, kwnames);
}
static mn_object *builtin_eval(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                               mn_object *kwnames)
{
    return exec_eval("eval", MN_COMPILE_EVAL, args, nargs, kwnames);
}

/* ------------------------------------------------------- __import__ */

static mn_object *builtin_import(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                 mn_object *kwnames)
{
    static const char *const params[] = { "name", "globals", "locals", "fromlist", "level", NULL };
    mn_object *a[5];
    if (mn_args_bind("__import__", args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    int level = 0;
    if (a[4]) {
        mn_ssize lv = mn_number_as_ssize(a[4], MN_OBJ(&mn_exc_OverflowError));
        if (lv == -1 && mn_err_occurred())
            return NULL;
        level = (int)lv;
    }
    return mn_import_module_level(a[0], a[1], a[3], level);
}

/* ---------------------------------------------------- __build_class__ */

/* The metaclass of a class statement: the most derived of `meta` and the
 * types of all bases (CPython's _PyType_CalculateMetaclass). */
static mn_type *calculate_metaclass(mn_type *meta, mn_object *bases)
{
    mn_type *winner = meta;
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(bases); i++) {
        mn_type *t = MN_TYPE(MN_TUPLE_GET(bases, i));
        if (mn_type_is_subtype(winner, t))
            continue;
        if (mn_type_is_subtype(t, winner)) {
            winner = t;
            continue;
        }
        mn_err_set_string(&mn_exc_TypeError,
                          "metaclass conflict: the metaclass of a derived class must be a (non-strict) "
                          "subclass of the metaclasses of all its bases");
        return NULL;
    }
    return winner;
}

/* b.__mro_entries__ for a non-class base, or NULL (error set or not).
 * An ordinary attribute lookup, as CPython's update_bases does: a function
 * with a __mro_entries__ attribute (typing.NamedTuple) counts. */
static mn_object *mro_entries_of(mn_object *b)
{
    if (MN_TYPE_HAS_FLAG(MN_TYPE(b), MN_TPFLAGS_TYPE_SUBCLASS))
        return NULL;
    mn_object *name = mn_str_intern_cstr("__mro_entries__");
    if (!name)
        return NULL;
    mn_object *m = NULL;
    mn_object_lookup_attr(b, name, &m);
    MN_DECREF(name);
    return m;
}

/* bases with __mro_entries__ resolved (PEP 560). New reference. */
static mn_object *update_bases(mn_object *bases)
{
    int changed = 0;
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(bases) && !changed; i++) {
        mn_object *m = mro_entries_of(MN_TUPLE_GET(bases, i));
        if (m) {
            changed = 1;
            MN_DECREF(m);
        } else if (mn_err_occurred())
            return NULL;
    }
    if (!changed)
        return MN_NEW_REF(bases);
    mn_object *l = mn_list_new(0);
    if (!l)
        return NULL;
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(bases); i++) {
        mn_object *b = MN_TUPLE_GET(bases, i);
        mn_object *m = mro_entries_of(b);
        if (!m) {
            if (mn_err_occurred() || mn_list_append(l, b) < 0)
                goto fail;
            continue;
        }
        mn_object *r = mn_object_call1(m, bases);
        MN_DECREF(m);
        if (!r)
            goto fail;
        if (!MN_TUPLE_CHECK(r)) {
            MN_DECREF(r);
            mn_err_set_string(&mn_exc_TypeError, "__mro_entries__ must return a tuple");
            goto fail;
        }
        int e = mn_list_extend(l, r);
        MN_DECREF(r);
        if (e < 0)
            goto fail;
    }
    mn_object *t = mn_list_as_tuple(l);
    MN_DECREF(l);
    return t;
fail:
    MN_DECREF(l);
    return NULL;
}

/* Runs the class body function with `ns` as its locals; returns what the
 * body returns (the __class__ cell or None). */
static mn_object *run_class_body(mn_object *func, mn_object *ns)
{
    mn_function *fn = (mn_function *)func;
    mn_code *co = (mn_code *)fn->code;
    mn_thread_state *ts = mn_thread_state_get();
    mn_frame *f = mn_frame_push(ts, co);
    if (!f)
        return NULL;
    mn_frame_init(f, co, func, fn->globals, fn->builtins, ns);
    if (mn_function_bind_args(fn, f, NULL, 0, NULL) < 0) {
        mn_frame_clear(f);
        mn_frame_pop(ts, f);
        return NULL;
    }
    return mn_eval_frame(ts, f, 0);
}

static mn_object *builtin_build_class(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                      mn_object *kwnames)
{
    if (nargs < 2) {
        mn_err_set_string(&mn_exc_TypeError, "__build_class__: not enough arguments");
        return NULL;
    }
    mn_object *func = args[0], *name = args[1];
    if (!MN_TYPE_CHECK(func, &mn_function_type)) {
        mn_err_set_string(&mn_exc_TypeError, "__build_class__: func must be a function");
        return NULL;
    }
    if (!MN_STR_CHECK(name)) {
        mn_err_set_string(&mn_exc_TypeError, "__build_class__: name is not a string");
        return NULL;
    }
    mn_object *orig_bases = mn_tuple_from_array(args + 2, nargs - 2);
    if (!orig_bases)
        return NULL;
    mn_object *bases = update_bases(orig_bases);
    if (!bases) {
        MN_DECREF(orig_bases);
        return NULL;
    }
    /* keywords other than metaclass= go to __prepare__ and the metaclass */
    mn_object *meta = NULL, *kw_vals = NULL, *kw_names = NULL, *ns = NULL, *cls = NULL, *cell = NULL;
    mn_ssize nkw = kwnames ? MN_TUPLE_SIZE(kwnames) : 0;
    kw_names = mn_list_new(0);
    kw_vals = mn_list_new(0);
    if (!kw_names || !kw_vals)
        goto out;
    for (mn_ssize i = 0; i < nkw; i++) {
        mn_object *k = MN_TUPLE_GET(kwnames, i);
        if (mn_str_equal_cstr(k, "metaclass"))
            meta = args[nargs + i];
        else if (mn_list_append(kw_names, k) < 0 || mn_list_append(kw_vals, args[nargs + i]) < 0)
            goto out;
    }
    int is_class;
    if (meta)
        is_class = MN_TYPE_HAS_FLAG(MN_TYPE(meta), MN_TPFLAGS_TYPE_SUBCLASS);
    else {
        meta = MN_TUPLE_SIZE(bases) ? MN_OBJ(MN_TYPE(MN_TUPLE_GET(bases, 0))) : MN_OBJ(&mn_type_type);
        is_class = 1;
    }
    if (is_class) {
        mn_type *w = calculate_metaclass((mn_type *)meta, bases);
        if (!w)
            goto out;
        meta = MN_OBJ(w);
    }
    MN_INCREF(meta);
    mn_object *kwt = mn_list_as_tuple(kw_names);
    if (!kwt) {
        MN_DECREF(meta);
        goto out;
    }
    mn_ssize nextra = MN_LIST_SIZE(kw_vals);
    /* __prepare__(name, bases, **kw) */
    mn_object *prep = NULL;
    int has = mn_vm_lookup_attr_str(meta, "__prepare__", &prep);
    if (has < 0) {
        MN_DECREF(kwt);
        MN_DECREF(meta);
        goto out;
    }
    mn_object *callargs[3 + 64];
    if (nextra > 64) {
        mn_err_set_string(&mn_exc_TypeError, "__build_class__: too many keyword arguments");
        MN_XDECREF(prep);
        MN_DECREF(kwt);
        MN_DECREF(meta);
        goto out;
    }
    callargs[0] = name;
    callargs[1] = bases;
    for (mn_ssize i = 0; i < nextra; i++)
        callargs[2 + i] = MN_LIST_GET(kw_vals, i);
    if (has) {
        ns = mn_object_call(prep, callargs, 2, nextra ? kwt : NULL);
        MN_DECREF(prep);
    } else
        ns = mn_dict_new();
    if (!ns) {
        MN_DECREF(kwt);
        MN_DECREF(meta);
        goto out;
    }
    if (!MN_DICT_CHECK(ns) && !mn_type_lookup_str(MN_TYPE(ns), "__getitem__")) {
        if (is_class)
            mn_err_format(&mn_exc_TypeError, "%s.__prepare__() must return a mapping, not %s",
                          mn_type_name((mn_type *)meta), MN_TYPE_NAME(ns));
        else
            mn_err_format(&mn_exc_TypeError, "<metaclass>.__prepare__() must return a mapping, not %s",
                          MN_TYPE_NAME(ns));
        MN_DECREF(kwt);
        MN_DECREF(meta);
        goto out;
    }
    cell = run_class_body(func, ns);
    if (cell) {
        if (bases != orig_bases) {
            mn_object *key = mn_str_from_cstr("__orig_bases__");
            int e = key ? mn_object_setitem(ns, key, orig_bases) : -1;
            MN_XDECREF(key);
            if (e < 0)
                MN_CLEAR(cell);
        }
    }
    if (cell) {
        mn_object *margs[3 + 64];
        margs[0] = name;
        margs[1] = bases;
        margs[2] = ns;
        for (mn_ssize i = 0; i < nextra; i++)
            margs[3 + i] = MN_LIST_GET(kw_vals, i);
        cls = mn_object_call(meta, margs, 3, nextra ? kwt : NULL);
        if (cls && MN_TYPE_HAS_FLAG(MN_TYPE(cls), MN_TPFLAGS_TYPE_SUBCLASS) && MN_TYPE_CHECK(cell, &mn_cell_type)) {
            mn_object *cell_cls = ((mn_cell *)cell)->ref;
            if (cell_cls != cls) {
                if (!cell_cls)
                    mn_err_format(&mn_exc_RuntimeError,
                                  "__class__ not set defining %R as %R. Was __classcell__ propagated to "
                                  "type.__new__?", name, cls);
                else
                    mn_err_format(&mn_exc_TypeError, "__class__ set to %R defining %R as %R", cell_cls, name, cls);
                MN_CLEAR(cls);
            }
        }
    }
    MN_DECREF(kwt);
    MN_DECREF(meta);
out:
    MN_XDECREF(cell);
    MN_XDECREF(ns);
    MN_XDECREF(kw_names);
    MN_XDECREF(kw_vals);
    MN_DECREF(bases);
    MN_DECREF(orig_bases);
    return cls;
}

/* breakpoint(): calls sys.breakpointhook(*args, **kws). Until the debugger
 * issue lands, the default sys.breakpointhook is a placeholder that does
 * nothing (see sys.c). */
static mn_object *builtin_breakpoint(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                     mn_object *kwnames)
{
    mn_object *hook = mn_sys_get("breakpointhook");
    if (!hook) {
        mn_err_set_string(&mn_exc_RuntimeError, "lost sys.breakpointhook");
        return NULL;
    }
    MN_INCREF(hook);
    mn_object *r = mn_object_call(hook, args, nargs, kwnames);
    MN_DECREF(hook);
    return r;
}

static mn_object *builtin_open(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                               mn_object *kwnames)
{
    return mn_io_open(args, nargs, kwnames);
}

/* ------------------------------------------------------------ the module */

/* METH_O / METH_NOARGS entry points: the calling convention passes the
 * argument array; these unpack it for the one-argument helpers above. */
static mn_object *builtin_abs_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_abs(self, args[0]); }
static mn_object *builtin_all_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_all(self, args[0]); }
static mn_object *builtin_any_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_any(self, args[0]); }
static mn_object *builtin_ascii_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_ascii(self, args[0]); }
static mn_object *builtin_bin_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_bin(self, args[0]); }
static mn_object *builtin_callable_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_callable(self, args[0]); }
static mn_object *builtin_chr_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_chr(self, args[0]); }
static mn_object *builtin_globals_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_globals(self, NULL); }
static mn_object *builtin_hash_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_hash(self, args[0]); }
static mn_object *builtin_hex_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_hex(self, args[0]); }
static mn_object *builtin_id_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_id(self, args[0]); }
static mn_object *builtin_len_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_len(self, args[0]); }
static mn_object *builtin_locals_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_locals(self, NULL); }
static mn_object *builtin_oct_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_oct(self, args[0]); }
static mn_object *builtin_ord_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_ord(self, args[0]); }
static mn_object *builtin_repr_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return builtin_repr(self, args[0]); }

#define V(name) { #name, builtin_##name, MN_METH_VARARGS, NULL }
#define O(name) { #name, builtin_##name##_o, MN_METH_O, NULL }
#define N(name) { #name, builtin_##name##_n, MN_METH_NOARGS, NULL }

static mn_method_def builtin_methods[] = {
    { "__build_class__", builtin_build_class, MN_METH_VARARGS,
      "__build_class__(func, name, /, *bases, [metaclass], **kwds) -> class" },
    { "__import__", builtin_import, MN_METH_VARARGS, "Import a module." },
    O(abs), O(all), O(any), O(ascii), O(bin), V(breakpoint), O(callable), O(chr), V(compile),
    V(delattr), V(dir), V(divmod), V(eval), V(exec), V(format), V(getattr), N(globals),
    V(hasattr), O(hash), O(hex), O(id), V(input), V(isinstance), V(issubclass), V(iter),
    O(len), N(locals), V(max), V(min), V(next), O(oct), V(open), O(ord), V(pow), V(print),
    O(repr), V(round), V(setattr), V(sorted), V(sum), V(vars),
    { NULL, NULL, 0, NULL }
};

static int builtins_init(mn_object *m)
{
    struct { const char *name; mn_object *value; } consts[] = {
        { "None", mn_none }, { "Ellipsis", mn_ellipsis }, { "NotImplemented", mn_not_implemented },
        { "False", mn_false }, { "True", mn_true }, { "__debug__", mn_true },
        { "bool", MN_OBJ(&mn_bool_type) }, { "bytearray", MN_OBJ(&mn_bytearray_type) },
        { "bytes", MN_OBJ(&mn_bytes_type) }, { "classmethod", MN_OBJ(&mn_classmethod_type) },
        { "dict", MN_OBJ(&mn_dict_type) }, { "enumerate", MN_OBJ(&mn_enumerate_type) },
        { "filter", MN_OBJ(&mn_filter_type) }, { "float", MN_OBJ(&mn_float_type) },
        { "frozenset", MN_OBJ(&mn_frozenset_type) }, { "property", MN_OBJ(&mn_property_type) },
        { "int", MN_OBJ(&mn_int_type) }, { "list", MN_OBJ(&mn_list_type) },
        { "map", MN_OBJ(&mn_map_type) }, { "object", MN_OBJ(&mn_object_type) },
        { "range", MN_OBJ(&mn_range_type) }, { "reversed", MN_OBJ(&mn_reversed_type) },
        { "set", MN_OBJ(&mn_set_type) }, { "slice", MN_OBJ(&mn_slice_type) },
        { "staticmethod", MN_OBJ(&mn_staticmethod_type) }, { "str", MN_OBJ(&mn_str_type) },
        { "super", MN_OBJ(&mn_super_type) }, { "tuple", MN_OBJ(&mn_tuple_type) },
        { "type", MN_OBJ(&mn_type_type) }, { "zip", MN_OBJ(&mn_zip_type) },
#define X(name, base) { #name, MN_OBJ(&mn_exc_##name) },
        MN_FOR_EACH_EXCEPTION(X)
#undef X
        /* CPython's alias: EnvironmentError and IOError are OSError */
        { "EnvironmentError", MN_OBJ(&mn_exc_OSError) }, { "IOError", MN_OBJ(&mn_exc_OSError) },
    };
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++)
        if (mn_module_add_object(m, consts[i].name, consts[i].value) < 0)
            return -1;
    return 0;
}

const mn_module_def mn_builtins_module_def = {
    .name = "builtins",
    .doc = "Built-in functions, types, exceptions, and other objects.",
    .methods = builtin_methods,
    .init = builtins_init,
};

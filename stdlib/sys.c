/* stdlib/sys.c — the `sys` module: argv, path, modules, the standard
 * streams, exit, recursion and int-digit limits, version information,
 * exc_info/exception, displayhook/excepthook, getrefcount/getsizeof and the
 * allocator statistics (getallocatedblocks, _debugmallocstats).
 *
 * Version decision: mini implements the Python 3.11 language, so
 * sys.version_info is (3, 11, 0, 'final', 0) and sys.version reads
 * "3.11.0 (mini 0.1, <build date>) [<compiler>]"; sys.implementation.name is
 * 'mini' — code that must tell mini from CPython looks there.
 *
 * The struct-sequence types (version_info, flags, float_info, int_info,
 * implementation) are tuple subclasses with named read-only fields, like
 * CPython's structseq.
 */
#include <float.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "stdlib/modules.h"
#include "vm/vm.h"
#include "vm/import.h"

#ifndef MN_PREFIX
#define MN_PREFIX "/usr/local"
#endif

static mn_object *sys_module;   /* owned by sys.modules; this is borrowed */

mn_object *mn_sys_get(const char *name)
{
    return mn_vm_sys_dict ? mn_dict_get_item_str(mn_vm_sys_dict, name) : NULL;
}

mn_object *mn_sys_modules(void)
{
    return mn_sys_get("modules");
}

static mn_object *lookup_special(mn_object *o, const char *name)
{
    mn_object *d = mn_type_lookup_str(MN_TYPE(o), name);
    if (!d)
        return NULL;
    mn_descrgetfunc get = MN_TYPE(d)->descr_get;
    return get ? get(d, o, MN_OBJ(MN_TYPE(o))) : MN_NEW_REF(d);
}

/* ------------------------------------------------- struct sequences */

typedef struct {
    const char *type_name;       /* "sys.version_info" */
    const char *const *fields;   /* NULL-terminated */
} structseq_desc;

static mn_object *structseq_field(mn_object *self, void *closure)
{
    mn_ssize i = (mn_ssize)(intptr_t)closure;
    return MN_NEW_REF(MN_TUPLE_GET(self, i));
}

static const structseq_desc *desc_of(mn_type *t);

static mn_object *structseq_repr(mn_object *self)
{
    const structseq_desc *d = desc_of(MN_TYPE(self));
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_sb_append_cstr(&sb, d->type_name);
    mn_sb_append_char(&sb, '(');
    for (mn_ssize i = 0; d->fields[i]; i++) {
        if (i)
            mn_sb_append_cstr(&sb, ", ");
        mn_sb_append_cstr(&sb, d->fields[i]);
        mn_sb_append_char(&sb, '=');
        if (mn_sb_append_repr(&sb, MN_TUPLE_GET(self, i)) < 0) {
            mn_sb_discard(&sb);
            return NULL;
        }
    }
    mn_sb_append_char(&sb, ')');
    return mn_sb_finish(&sb);
}

#define FIELD(i) { NULL, structseq_field, NULL, NULL, (void *)(intptr_t)(i) }
#define STRUCTSEQ(var, tname, ...) \
    static const char *const var##_fields[] = { __VA_ARGS__, NULL }; \
    static const structseq_desc var##_desc = { tname, var##_fields }; \
    static mn_getset_def var##_getset[sizeof var##_fields / sizeof var##_fields[0]]; \
    static mn_type var##_type = { \
        .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0), .name = tname, \
        .basicsize = sizeof(mn_tuple), .itemsize = sizeof(mn_object *), \
        .flags = MN_TPFLAGS_TUPLE_SUBCLASS | MN_TPFLAGS_HAVE_GC, \
        .base = &mn_tuple_type, .repr = structseq_repr, .getset = var##_getset, \
    };

STRUCTSEQ(version_info, "sys.version_info", "major", "minor", "micro", "releaselevel", "serial")
STRUCTSEQ(flags, "sys.flags", "debug", "inspect", "interactive", "optimize", "dont_write_bytecode",
          "no_user_site", "no_site", "ignore_environment", "verbose", "bytes_warning", "quiet",
          "hash_randomization", "isolated", "dev_mode", "utf8_mode", "warn_default_encoding", "safe_path",
          "int_max_str_digits")
STRUCTSEQ(float_info, "sys.float_info", "max", "max_exp", "max_10_exp", "min", "min_exp", "min_10_exp", "dig",
          "mant_dig", "epsilon", "radix", "rounds")
STRUCTSEQ(int_info, "sys.int_info", "bits_per_digit", "sizeof_digit", "default_max_str_digits",
          "str_digits_check_threshold")
STRUCTSEQ(impl, "sys.implementation", "name", "cache_tag", "version", "hexversion")

static struct { mn_type *type; const structseq_desc *desc; mn_getset_def *getset; } structseqs[] = {
    { &version_info_type, &version_info_desc, version_info_getset },
    { &flags_type, &flags_desc, flags_getset },
    { &float_info_type, &float_info_desc, float_info_getset },
    { &int_info_type, &int_info_desc, int_info_getset },
    { &impl_type, &impl_desc, impl_getset },
};

static const structseq_desc *desc_of(mn_type *t)
{
    for (size_t i = 0; i < sizeof structseqs / sizeof structseqs[0]; i++)
        if (structseqs[i].type == t)
            return structseqs[i].desc;
    return structseqs[0].desc;
}

static int structseq_ready(void)
{
    for (size_t i = 0; i < sizeof structseqs / sizeof structseqs[0]; i++) {
        if (MN_TYPE_HAS_FLAG(structseqs[i].type, MN_TPFLAGS_READY))
            continue;
        for (mn_ssize j = 0; structseqs[i].desc->fields[j]; j++) {
            structseqs[i].getset[j] = (mn_getset_def)FIELD(j);
            structseqs[i].getset[j].name = structseqs[i].desc->fields[j];
        }
        if (mn_type_ready(structseqs[i].type) < 0)
            return -1;
    }
    return 0;
}

/* Builds an instance from n borrowed values. */
static mn_object *structseq_new(mn_type *t, mn_object *const *vals, mn_ssize n)
{
    mn_object *o = mn_type_generic_alloc(t, n);
    if (!o)
        return NULL;
    MN_SIZE(o) = n;
    for (mn_ssize i = 0; i < n; i++)
        MN_TUPLE_SET(o, i, MN_NEW_REF(vals[i]));
    mn_gc_track(o);
    return o;
}

/* Builds from a format: 'i' int64, 'd' double, 's' C string, 'b' bool,
 * 'o' object (borrowed). */
static mn_object *structseq_build(mn_type *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mn_object *vals[32];
    mn_ssize n = 0;
    int err = 0;
    for (const char *p = fmt; *p; p++) {
        mn_object *v = NULL;
        switch (*p) {
        case 'i': v = mn_int_from_i64(va_arg(ap, int64_t)); break;
        case 'd': v = mn_float_from_double(va_arg(ap, double)); break;
        case 's': v = mn_str_from_cstr(va_arg(ap, const char *)); break;
        case 'b': v = MN_NEW_REF(va_arg(ap, int) ? mn_true : mn_false); break;
        case 'o': v = MN_NEW_REF(va_arg(ap, mn_object *)); break;
        }
        if (!v)
            err = 1;
        vals[n++] = v;
    }
    va_end(ap);
    mn_object *r = err ? NULL : structseq_new(t, vals, n);
    for (mn_ssize i = 0; i < n; i++)
        MN_XDECREF(vals[i]);
    return r;
}

/* ------------------------------------------------------------ functions */

static mn_object *sys_exit(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (mn_args_no_keywords("exit", kwnames) < 0 || mn_args_count("exit", nargs, 0, 1) < 0)
        return NULL;
    mn_object *exc = mn_exception_new(&mn_exc_SystemExit, args, nargs);
    if (!exc)
        return NULL;
    mn_err_set_exception(exc);
    MN_DECREF(exc);
    return NULL;
}

static mn_object *sys_getrefcount(MN_UNUSED mn_object *self, mn_object *o)
{
    /* The caller's argument slot on the VM stack already holds one
     * reference, like the temporary CPython's docstring mentions, so the
     * raw count is what CPython shows. */
    return mn_int_from_ssize(MN_REFCNT(o));
}

static mn_object *sys_getsizeof(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                mn_object *kwnames)
{
    static const char *const params[] = { "object", "default", NULL };
    mn_object *a[2];
    if (mn_args_bind("getsizeof", args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    mn_object *o = a[0];
    mn_object *m = lookup_special(o, "__sizeof__");
    mn_object *r = NULL;
    if (!m) {
        if (!mn_err_occurred())
            mn_err_format(&mn_exc_TypeError, "Type %s doesn't define __sizeof__", MN_TYPE_NAME(o));
    } else {
        r = mn_object_call0(m);
        MN_DECREF(m);
    }
    if (!r) {
        if (a[1] && mn_err_matches(&mn_exc_TypeError)) {
            mn_err_clear();
            return MN_NEW_REF(a[1]);
        }
        return NULL;
    }
    mn_ssize size = mn_number_as_ssize(r, MN_OBJ(&mn_exc_OverflowError));
    MN_DECREF(r);
    if (size == -1 && mn_err_occurred())
        return NULL;
    if (size < 0) {
        mn_err_set_string(&mn_exc_ValueError, "__sizeof__() should return >= 0");
        return NULL;
    }
    /* objects with a GC header cost that much more, as CPython reports */
    mn_type *t = MN_TYPE(o);
    if (MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HAVE_GC) && (!t->is_gc || t->is_gc(o)))
        size += (mn_ssize)sizeof(mn_gc_head);
    return mn_int_from_ssize(size);
}

static mn_object *sys_getrecursionlimit(MN_UNUSED mn_object *self, MN_UNUSED mn_object *unused)
{
    return mn_int_from_i64(mn_recursion_limit);
}

static mn_object *sys_setrecursionlimit(MN_UNUSED mn_object *self, mn_object *o)
{
    if (MN_FLOAT_CHECK(o)) {
        mn_err_set_string(&mn_exc_TypeError, "'float' object cannot be interpreted as an integer");
        return NULL;
    }
    mn_ssize n = mn_number_as_ssize(o, MN_OBJ(&mn_exc_OverflowError));
    if (n == -1 && mn_err_occurred())
        return NULL;
    if (n < 1) {
        mn_err_set_string(&mn_exc_ValueError, "recursion limit must be greater or equal than 1");
        return NULL;
    }
    if (n > INT_MAX) {
        mn_err_set_string(&mn_exc_OverflowError, "Python int too large to convert to C int");
        return NULL;
    }
    if (n <= mn_recursion_depth) {
        mn_err_format(&mn_exc_RecursionError,
                      "cannot set the recursion limit to %d at the recursion depth %d: the limit is too low",
                      (int)n, mn_recursion_depth);
        return NULL;
    }
    mn_recursion_limit = (int)n;
    MN_RETURN_NONE;
}

static mn_object *sys_get_int_max_str_digits(MN_UNUSED mn_object *self, MN_UNUSED mn_object *unused)
{
    return mn_int_from_ssize(mn_int_max_str_digits);
}

static mn_object *sys_set_int_max_str_digits(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                             mn_object *kwnames)
{
    static const char *const params[] = { "maxdigits", NULL };
    mn_object *a[1];
    if (mn_args_bind("set_int_max_str_digits", args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    mn_ssize n = mn_number_as_ssize(a[0], MN_OBJ(&mn_exc_OverflowError));
    if (n == -1 && mn_err_occurred())
        return NULL;
    if (n != 0 && n < MN_INT_MAX_STR_DIGITS_THRESHOLD) {
        mn_err_set_string(&mn_exc_ValueError, "maxdigits must be 0 or larger than 640");
        return NULL;
    }
    mn_int_max_str_digits = n;
    MN_RETURN_NONE;
}

static mn_object *exc_triple(mn_object *exc)
{
    if (!exc)
        return mn_tuple_pack(3, mn_none, mn_none, mn_none);
    mn_object *tb = ((mn_base_exception *)exc)->traceback;
    return mn_tuple_pack(3, MN_OBJ(MN_TYPE(exc)), exc, tb ? tb : mn_none);
}

static mn_object *sys_exc_info(MN_UNUSED mn_object *self, MN_UNUSED mn_object *unused)
{
    return exc_triple(mn_vm_handled_exception());
}

static mn_object *sys_exception(MN_UNUSED mn_object *self, MN_UNUSED mn_object *unused)
{
    mn_object *e = mn_vm_handled_exception();
    return MN_NEW_REF(e ? e : mn_none);
}

static mn_object *sys_getframe(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                               mn_object *kwnames)
{
    if (mn_args_no_keywords("_getframe", kwnames) < 0 || mn_args_count("_getframe", nargs, 0, 1) < 0)
        return NULL;
    mn_ssize depth = 0;
    if (nargs) {
        depth = mn_number_as_ssize(args[0], MN_OBJ(&mn_exc_OverflowError));
        if (depth == -1 && mn_err_occurred())
            return NULL;
    }
    return mn_vm_get_frame((int)depth);
}

static mn_object *sys_getdefaultencoding(MN_UNUSED mn_object *self, MN_UNUSED mn_object *unused)
{
    return mn_str_from_cstr("utf-8");
}

static mn_object *sys_intern(MN_UNUSED mn_object *self, mn_object *s)
{
    if (!MN_STR_CHECK_EXACT(s)) {
        mn_err_format(&mn_exc_TypeError, "intern() argument must be str, not %s", MN_TYPE_NAME(s));
        return NULL;
    }
    return mn_str_intern(MN_NEW_REF(s));
}

static mn_object *sys_getallocatedblocks(MN_UNUSED mn_object *self, MN_UNUSED mn_object *unused)
{
    return mn_int_from_u64(mn_mem_allocated_blocks());
}

static mn_object *sys_debugmallocstats(MN_UNUSED mn_object *self, MN_UNUSED mn_object *unused)
{
    mn_sys_flush_std();
    mn_mem_print_stats(stderr);
    fflush(stderr);
    MN_RETURN_NONE;
}

static mn_object *sys_displayhook(MN_UNUSED mn_object *self, mn_object *v)
{
    if (v == mn_none)
        MN_RETURN_NONE;
    mn_object *b = mn_vm_builtins();
    if (mn_dict_set_item_str(b, "_", mn_none) < 0)
        return NULL;
    mn_object *out = mn_sys_get("stdout");
    if (!out || out == mn_none) {
        mn_err_set_string(&mn_exc_RuntimeError, "lost sys.stdout");
        return NULL;
    }
    mn_object *s = mn_object_repr(v);
    if (!s)
        return NULL;
    MN_INCREF(out);
    mn_object *r = mn_object_call_method(out, "write", &s, 1);
    MN_DECREF(s);
    if (r) {
        MN_DECREF(r);
        mn_object *nl = mn_str_from_cstr("\n");
        r = nl ? mn_object_call_method(out, "write", &nl, 1) : NULL;
        MN_XDECREF(nl);
    }
    MN_DECREF(out);
    if (!r)
        return NULL;
    MN_DECREF(r);
    if (mn_dict_set_item_str(b, "_", v) < 0)
        return NULL;
    MN_RETURN_NONE;
}

/* Writes text to sys.stderr (or the C stderr when it is unusable). */
static void write_stderr(const char *text, size_t n)
{
    mn_object *err = mn_sys_get("stderr");
    if (err && err != mn_none) {
        mn_object *s = mn_str_from_utf8(text, (mn_ssize)n);
        if (s) {
            MN_INCREF(err);
            mn_object *r = mn_object_call_method(err, "write", &s, 1);
            if (r) {
                MN_DECREF(r);
                mn_file_flush_obj(err);
            }
            MN_DECREF(err);
            MN_DECREF(s);
            if (r)
                return;
        }
        mn_err_clear();
    }
    fwrite(text, 1, n, stderr);
    fflush(stderr);
}

static void print_exception(mn_object *exc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) {
        mn_traceback_print(exc, stderr);
        return;
    }
    mn_traceback_print(exc, mem);
    fclose(mem);
    write_stderr(buf, len);
    free(buf);
}

static mn_object *sys_excepthook(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs,
                                 mn_object *kwnames)
{
    if (mn_args_no_keywords("excepthook", kwnames) < 0 || mn_args_count("excepthook", nargs, 3, 3) < 0)
        return NULL;
    mn_object *v = args[1];
    if (!MN_EXCEPTION_CHECK(v)) {
        mn_err_set_string(&mn_exc_TypeError, "print_exception(): Exception expected for value, NoneType found");
        return NULL;
    }
    mn_sys_flush_std();
    print_exception(v);
    MN_RETURN_NONE;
}

/* Placeholder until the debugger issue: breakpoint() does nothing. */
static mn_object *sys_breakpointhook(MN_UNUSED mn_object *self, MN_UNUSED mn_object *const *args,
                                     MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kwnames)
{
    MN_RETURN_NONE;
}

void mn_sys_flush_std(void)
{
    const char *names[] = { "stdout", "stderr" };
    for (int i = 0; i < 2; i++) {
        mn_object *f = mn_sys_get(names[i]);
        if (f && f != mn_none) {
            MN_INCREF(f);
            if (mn_file_flush_obj(f) < 0)
                mn_err_clear();
            MN_DECREF(f);
        }
    }
    fflush(stdout);
}

/* The CLI's handler for an exception that escaped the program: SystemExit
 * gives the exit status (its message printed when it isn't an int),
 * anything else goes through sys.excepthook and gives 1. */
int mn_stdlib_handle_exception(void)
{
    mn_object *exc = mn_err_fetch();
    if (!exc)
        return 0;
    int status = 1;
    if (mn_type_is_subtype(MN_TYPE(exc), &mn_exc_SystemExit)) {
        mn_object *code = NULL;
        if (mn_vm_lookup_attr_str(exc, "code", &code) <= 0) {
            mn_err_clear();
            code = MN_NEW_REF(mn_none);
        }
        if (code == mn_none)
            status = 0;
        else if (MN_INT_CHECK(code)) {
            int64_t v;
            if (!mn_int_to_i64(code, &v)) {
                mn_err_clear();
                v = -1;
            }
            status = (int)(v & 0xff);
        } else {
            mn_sys_flush_std();
            mn_object *s = mn_object_str(code);
            if (s) {
                mn_object *line = mn_str_from_format("%U\n", s);
                if (line)
                    write_stderr(MN_STR_DATA(line), (size_t)MN_STR_NBYTES(line));
                MN_XDECREF(line);
                MN_DECREF(s);
            }
            mn_err_clear();
            status = 1;
        }
        MN_DECREF(code);
        MN_DECREF(exc);
        mn_sys_flush_std();
        return status;
    }
    mn_sys_flush_std();
    mn_object *hook = mn_sys_get("excepthook");
    mn_object *args = exc_triple(exc);
    mn_object *r = hook && args ? mn_object_call_tuple_dict(hook, args, NULL) : NULL;
    MN_XDECREF(args);
    if (!r) {
        /* a broken hook: report both, as CPython does */
        mn_object *e2 = mn_err_fetch();
        if (e2) {
            write_stderr("Error in sys.excepthook:\n", 25);
            print_exception(e2);
            write_stderr("\nOriginal exception was:\n", 25);
            MN_DECREF(e2);
        }
        print_exception(exc);
    }
    MN_XDECREF(r);
    MN_DECREF(exc);
    mn_sys_flush_std();
    return status;
}

/* METH_O / METH_NOARGS entry points: the calling convention passes the
 * argument array; these unpack it for the one-argument helpers above. */
static mn_object *sys_getrefcount_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return sys_getrefcount(self, args[0]); }
static mn_object *sys_getrecursionlimit_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return sys_getrecursionlimit(self, NULL); }
static mn_object *sys_setrecursionlimit_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return sys_setrecursionlimit(self, args[0]); }
static mn_object *sys_get_int_max_str_digits_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return sys_get_int_max_str_digits(self, NULL); }
static mn_object *sys_exc_info_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return sys_exc_info(self, NULL); }
static mn_object *sys_exception_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return sys_exception(self, NULL); }
static mn_object *sys_getdefaultencoding_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return sys_getdefaultencoding(self, NULL); }
static mn_object *sys_intern_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return sys_intern(self, args[0]); }
static mn_object *sys_getallocatedblocks_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return sys_getallocatedblocks(self, NULL); }
static mn_object *sys_debugmallocstats_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return sys_debugmallocstats(self, NULL); }
static mn_object *sys_displayhook_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return sys_displayhook(self, args[0]); }

#define V(n, f) { n, f, MN_METH_VARARGS, NULL }
#define O(n, f) { n, f##_o, MN_METH_O, NULL }
#define N(n, f) { n, f##_n, MN_METH_NOARGS, NULL }

static mn_method_def sys_methods[] = {
    V("exit", sys_exit), O("getrefcount", sys_getrefcount), V("getsizeof", sys_getsizeof),
    N("getrecursionlimit", sys_getrecursionlimit), O("setrecursionlimit", sys_setrecursionlimit),
    N("get_int_max_str_digits", sys_get_int_max_str_digits),
    V("set_int_max_str_digits", sys_set_int_max_str_digits),
    N("exc_info", sys_exc_info), N("exception", sys_exception), V("_getframe", sys_getframe),
    N("getdefaultencoding", sys_getdefaultencoding), N("getfilesystemencoding", sys_getdefaultencoding),
    O("intern", sys_intern), N("getallocatedblocks", sys_getallocatedblocks),
    N("_debugmallocstats", sys_debugmallocstats), O("displayhook", sys_displayhook),
    V("excepthook", sys_excepthook), V("breakpointhook", sys_breakpointhook),
    { NULL, NULL, 0, NULL }
};

/* ------------------------------------------------------------ start-up */

static int add_new(mn_object *m, const char *name, mn_object *v)
{
    if (!v)
        return -1;
    int r = mn_module_add_object(m, name, v);
    MN_DECREF(v);
    return r;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int append_path(mn_object *path, const char *p)
{
    mn_object *s = mn_str_from_cstr(p);
    if (!s)
        return -1;
    int r = mn_list_append(path, s);
    MN_DECREF(s);
    return r;
}

/* sys.path: '' (replaced by the script's directory when one runs), the
 * MINIPATH entries, then the installed stdlib: <dir of mini>/stdlib in a
 * build tree, else <dir of mini>/../lib/mini, else PREFIX/lib/mini. */
static mn_object *make_path(const char *exe)
{
    mn_object *path = mn_list_new(0);
    if (!path || append_path(path, "") < 0)
        goto fail;
    const char *mp = getenv("MINIPATH");
    if (mp && *mp) {
        char *copy = strdup(mp), *save = NULL;
        for (char *tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
            if (*tok && append_path(path, tok) < 0) {
                free(copy);
                goto fail;
            }
        free(copy);
    }
    char dir[PATH_MAX + 32], cand[PATH_MAX + 64];
    snprintf(dir, sizeof dir, "%s", exe);
    char *slash = strrchr(dir, '/');
    const char *chosen = MN_PREFIX "/lib/mini";
    if (slash) {
        *slash = 0;
        snprintf(cand, sizeof cand, "%s/stdlib", dir);
        if (is_dir(cand))
            chosen = cand;
        else {
            snprintf(cand, sizeof cand, "%s/../lib/mini", dir);
            char real[PATH_MAX];
            if (is_dir(cand) && realpath(cand, real)) {
                snprintf(cand, sizeof cand, "%s", real);
                chosen = cand;
            }
        }
    }
    if (append_path(path, chosen) < 0)
        goto fail;
    return path;
fail:
    MN_XDECREF(path);
    return NULL;
}

/* argc/argv are stashed by mn_stdlib_init before the module is created. */
static int sys_argc;
static char **sys_argv;

static int sys_init(mn_object *m)
{
    if (structseq_ready() < 0)
        return -1;
    mn_object *d = mn_module_get_dict(m);
    /* The VM reads displayhook and modules through this. It is a strong
     * reference, like CPython's interp->sysdict: sys, sys.modules and every
     * module in it form cycles, and without an outside reference the cycle
     * collector would rightly treat them all as garbage. */
    mn_vm_sys_dict = MN_NEW_REF(d);
    if (add_new(m, "modules", mn_dict_new()) < 0)
        return -1;
    mn_object *argv = mn_list_new(0);
    if (!argv)
        return -1;
    for (int i = 0; i < sys_argc; i++)
        if (append_path(argv, sys_argv[i]) < 0) {
            MN_DECREF(argv);
            return -1;
        }
    if (sys_argc == 0 && append_path(argv, "") < 0) {
        MN_DECREF(argv);
        return -1;
    }
    if (add_new(m, "argv", argv) < 0 || add_new(m, "orig_argv", mn_list_from_iterable(argv)) < 0)
        return -1;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    if (mn_module_add_str(m, "executable", exe) < 0 || add_new(m, "path", make_path(exe)) < 0)
        return -1;
    const char *std_names[] = { "stdin", "stdout", "stderr" };
    const char *std_modes[] = { "r", "w", "w" };
    for (int fd = 0; fd < 3; fd++) {
        char nm[16], dn[24];
        snprintf(nm, sizeof nm, "<%s>", std_names[fd]);
        snprintf(dn, sizeof dn, "__%s__", std_names[fd]);
        mn_object *f = mn_file_from_fd(fd, nm, std_modes[fd]);
        if (!f || mn_module_add_object(m, std_names[fd], f) < 0 || mn_module_add_object(m, dn, f) < 0) {
            MN_XDECREF(f);
            return -1;
        }
        MN_DECREF(f);
    }
    mn_object *vi = structseq_build(&version_info_type, "iiisi", (int64_t)3, (int64_t)11, (int64_t)0, "final",
                                    (int64_t)0);
    if (add_new(m, "version_info", vi ? MN_NEW_REF(vi) : NULL) < 0) {
        MN_XDECREF(vi);
        return -1;
    }
    mn_object *impl = structseq_build(&impl_type, "ssoi", "mini", "mini-311", vi, (int64_t)0x030b00f0);
    MN_DECREF(vi);
    if (add_new(m, "implementation", impl) < 0)
        return -1;
    if (mn_module_add_str(m, "version", "3.11.0 (mini 0.1, " __DATE__ ", " __TIME__ ") [GCC " __VERSION__ "]") < 0 ||
        mn_module_add_int(m, "hexversion", 0x030b00f0) < 0 || mn_module_add_str(m, "platform", "linux") < 0 ||
        mn_module_add_int(m, "maxsize", MN_SSIZE_MAX) < 0 || mn_module_add_int(m, "maxunicode", 0x10ffff) < 0 ||
        mn_module_add_str(m, "byteorder", __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? "little" : "big") < 0 ||
        mn_module_add_str(m, "prefix", MN_PREFIX) < 0 || mn_module_add_str(m, "exec_prefix", MN_PREFIX) < 0 ||
        mn_module_add_str(m, "copyright", "mini: a Python 3.11 interpreter for learners.") < 0 ||
        mn_module_add_int(m, "api_version", 1013) < 0 || mn_module_add_str(m, "float_repr_style", "short") < 0)
        return -1;
    /* sys.flags: 13 ints, dev_mode (bool), utf8_mode, warn_default_encoding,
     * safe_path (bool), int_max_str_digits — CPython 3.11's order and types.
     * hash_randomization is 0: mini's str hash is deterministic. */
    if (add_new(m, "flags", structseq_build(&flags_type, "iiiiiiiiiiiiibiibi", (int64_t)0, (int64_t)0, (int64_t)0,
                                            (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0,
                                            (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, 0,
                                            (int64_t)0, (int64_t)0, 0, (int64_t)-1)) < 0)
        return -1;
    if (add_new(m, "float_info", structseq_build(&float_info_type, "diididiidii", DBL_MAX, (int64_t)DBL_MAX_EXP,
                                                 (int64_t)DBL_MAX_10_EXP, DBL_MIN, (int64_t)DBL_MIN_EXP,
                                                 (int64_t)DBL_MIN_10_EXP, (int64_t)DBL_DIG, (int64_t)DBL_MANT_DIG,
                                                 DBL_EPSILON, (int64_t)FLT_RADIX, (int64_t)1)) < 0)
        return -1;
    if (add_new(m, "int_info", structseq_build(&int_info_type, "iiii", (int64_t)MN_DIGIT_BITS,
                                               (int64_t)sizeof(mn_digit), (int64_t)MN_INT_DEFAULT_MAX_STR_DIGITS,
                                               (int64_t)MN_INT_MAX_STR_DIGITS_THRESHOLD)) < 0)
        return -1;
    /* builtin_module_names: sorted, as CPython's */
    mn_object *names = mn_list_new(0);
    if (!names)
        return -1;
    for (const mn_builtin_module *bm = mn_builtin_modules; bm->name; bm++)
        if (append_path(names, bm->name) < 0) {
            MN_DECREF(names);
            return -1;
        }
    if (mn_list_sort(names, NULL, 0) < 0) {
        MN_DECREF(names);
        return -1;
    }
    mn_object *nt = mn_list_as_tuple(names);
    MN_DECREF(names);
    if (add_new(m, "builtin_module_names", nt) < 0)
        return -1;
    /* __displayhook__ & co: the originals, for code that restores them */
    const char *hooks[] = { "displayhook", "excepthook", "breakpointhook" };
    for (int i = 0; i < 3; i++) {
        char dn[32];
        snprintf(dn, sizeof dn, "__%s__", hooks[i]);
        mn_object *h = mn_dict_get_item_str(d, hooks[i]);
        if (h && mn_module_add_object(m, dn, h) < 0)
            return -1;
    }
    return 0;
}

const mn_module_def mn_sys_module_def = {
    .name = "sys",
    .doc = "This module provides access to some objects used or maintained by the\n"
           "interpreter and to functions that interact strongly with the interpreter.",
    .methods = sys_methods,
    .init = sys_init,
};

/* Called by mn_stdlib_init (modules.c). */
mn_object *mn_sys_create(int argc, char **argv)
{
    sys_argc = argc;
    sys_argv = argv;
    sys_module = mn_module_from_def(&mn_sys_module_def);
    if (!sys_module)
        mn_vm_sys_dict = NULL;
    return sys_module;
}

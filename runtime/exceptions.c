/* runtime/exceptions.c — the built-in exception types.
 *
 * Owns: every exception class of CPython's hierarchy (declared once in the
 * MN_FOR_EACH_EXCEPTION table of error.h, so names and bases can't drift),
 * BaseException's behaviour (args, str/repr, __traceback__, __context__,
 * __cause__, __suppress_context__, with_traceback, add_note), and the few
 * subclasses with extra behaviour: KeyError's str, StopIteration.value,
 * SystemExit.code, ImportError.name/path/msg, NameError/AttributeError.name,
 * OSError (errno -> subclass selection, "[Errno 2] ..." str), SyntaxError's
 * location fields, and the Unicode errors' messages. Extra attributes live
 * in the instance __dict__, which every exception has.
 */
#include <errno.h>
#include <string.h>
#include "runtime/runtime.h"

#define mn_exc_object mn_object_type   /* so the table can name `object` as a base */

static mn_object *exc_new(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames);
static int exc_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames);

#define MN_DEFINE_EXC(name_, base_) \
    mn_type mn_exc_##name_ = { \
        .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0), \
        .name = #name_, \
        .basicsize = sizeof(mn_base_exception), \
        .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_HAVE_GC | MN_TPFLAGS_BASE_EXC_SUBCLASS, \
        .new_ = exc_new, \
        .base = &mn_exc_##base_, \
        .dictoffset = offsetof(mn_base_exception, dict), \
    };
MN_FOR_EACH_EXCEPTION(MN_DEFINE_EXC)
#undef MN_DEFINE_EXC

/* ------------------------------------------------------- BaseException */

static mn_object *exc_new(mn_type *type, mn_object *const *args, mn_ssize nargs, MN_UNUSED mn_object *kwnames)
{
    mn_base_exception *e = (mn_base_exception *)mn_type_generic_alloc(type, 0);
    if (!e)
        return NULL;
    e->args = mn_tuple_from_array(args, nargs);
    if (!e->args) {
        MN_DECREF(e);
        return NULL;
    }
    mn_gc_track(MN_OBJ(e));
    return MN_OBJ(e);
}

static int exc_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (mn_args_no_keywords(MN_TYPE_NAME(self), kwnames) < 0)
        return -1;
    mn_base_exception *e = (mn_base_exception *)self;
    mn_object *t = mn_tuple_from_array(args, nargs);
    if (!t)
        return -1;
    MN_SETREF(e->args, t);
    return 0;
}

mn_object *mn_exception_new(mn_type *type, mn_object *const *args, mn_ssize nargs)
{
    return mn_object_call(MN_OBJ(type), args, nargs, NULL);
}

static int exc_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    mn_base_exception *e = (mn_base_exception *)self;
    MN_VISIT(e->dict);
    MN_VISIT(e->args);
    MN_VISIT(e->notes);
    MN_VISIT(e->traceback);
    MN_VISIT(e->context);
    MN_VISIT(e->cause);
    return 0;
}

static int exc_clear(mn_object *self)
{
    mn_base_exception *e = (mn_base_exception *)self;
    MN_CLEAR(e->dict);
    MN_CLEAR(e->args);
    MN_CLEAR(e->notes);
    MN_CLEAR(e->traceback);
    MN_CLEAR(e->context);
    MN_CLEAR(e->cause);
    return 0;
}

static void exc_dealloc(mn_object *self)
{
    mn_type *t = MN_TYPE(self);
    mn_gc_untrack(self);
    exc_clear(self);
    mn_object_free(self);
    if (MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HEAPTYPE))
        MN_DECREF(t);
}

static mn_object *exc_str(mn_object *self)
{
    mn_object *args = ((mn_base_exception *)self)->args;
    mn_ssize n = args ? MN_TUPLE_SIZE(args) : 0;
    if (n == 0)
        return mn_str_from_cstr("");
    if (n == 1)
        return mn_object_str(MN_TUPLE_GET(args, 0));
    return mn_object_str(args);
}

static mn_object *exc_repr(mn_object *self)
{
    mn_object *args = ((mn_base_exception *)self)->args;
    const char *name = MN_TYPE_NAME(self);
    if (args && MN_TUPLE_SIZE(args) == 1)
        return mn_str_from_format("%s(%R)", name, MN_TUPLE_GET(args, 0));
    if (!args || MN_TUPLE_SIZE(args) == 0)
        return mn_str_from_format("%s()", name);
    return mn_str_from_format("%s%R", name, args);
}

mn_object *mn_exception_get_args(mn_object *exc)
{
    return ((mn_base_exception *)exc)->args;
}

void mn_exception_set_traceback(mn_object *exc, mn_object *tb)
{
    mn_base_exception *e = (mn_base_exception *)exc;
    MN_XINCREF(tb);
    MN_SETREF(e->traceback, tb);
}

void mn_exception_set_context(mn_object *exc, mn_object *ctx)
{
    MN_SETREF(((mn_base_exception *)exc)->context, ctx);
}

void mn_exception_set_cause(mn_object *exc, mn_object *cause)
{
    mn_base_exception *e = (mn_base_exception *)exc;
    MN_SETREF(e->cause, cause);
    e->suppress_context = 1;
}

static mn_object *exc_get_args(mn_object *self, MN_UNUSED void *c)
{
    mn_object *a = ((mn_base_exception *)self)->args;
    return a ? MN_NEW_REF(a) : mn_tuple_new(0);
}

static int exc_set_args(mn_object *self, mn_object *value, MN_UNUSED void *c)
{
    if (!value) {
        mn_err_set_string(&mn_exc_TypeError, "args may not be deleted");
        return -1;
    }
    mn_object *t = mn_tuple_from_iterable(value);
    if (!t)
        return -1;
    MN_SETREF(((mn_base_exception *)self)->args, t);
    return 0;
}

static mn_object *exc_get_tb(mn_object *self, MN_UNUSED void *c)
{
    mn_object *t = ((mn_base_exception *)self)->traceback;
    return MN_NEW_REF(t ? t : mn_none);
}

static int exc_set_tb(mn_object *self, mn_object *value, MN_UNUSED void *c)
{
    if (!value) {
        mn_err_set_string(&mn_exc_TypeError, "__traceback__ may not be deleted");
        return -1;
    }
    if (value != mn_none && strcmp(MN_TYPE(value)->name, "traceback") != 0) {
        mn_err_set_string(&mn_exc_TypeError, "__traceback__ must be a traceback or None");
        return -1;
    }
    mn_exception_set_traceback(self, value == mn_none ? NULL : value);
    return 0;
}

static int set_exc_link(mn_object **slot, mn_object *value, const char *what)
{
    if (!value) {
        mn_err_format(&mn_exc_TypeError, "%s may not be deleted", what);
        return -1;
    }
    if (value != mn_none && !MN_EXCEPTION_CHECK(value)) {
        mn_err_format(&mn_exc_TypeError, "exception %s must be None or derive from BaseException",
                      strcmp(what, "__cause__") == 0 ? "cause" : "context");
        return -1;
    }
    MN_INCREF(value);
    MN_SETREF(*slot, value == mn_none ? (mn_decref(value), NULL) : value);
    return 0;
}

static mn_object *exc_get_context(mn_object *self, MN_UNUSED void *c)
{
    mn_object *t = ((mn_base_exception *)self)->context;
    return MN_NEW_REF(t ? t : mn_none);
}

static int exc_set_context(mn_object *self, mn_object *value, MN_UNUSED void *c)
{
    return set_exc_link(&((mn_base_exception *)self)->context, value, "__context__");
}

static mn_object *exc_get_cause(mn_object *self, MN_UNUSED void *c)
{
    mn_object *t = ((mn_base_exception *)self)->cause;
    return MN_NEW_REF(t ? t : mn_none);
}

static int exc_set_cause(mn_object *self, mn_object *value, MN_UNUSED void *c)
{
    mn_base_exception *e = (mn_base_exception *)self;
    if (set_exc_link(&e->cause, value, "__cause__") < 0)
        return -1;
    e->suppress_context = 1;
    return 0;
}

static mn_object *exc_get_dict(mn_object *self, MN_UNUSED void *c)
{
    mn_base_exception *e = (mn_base_exception *)self;
    if (!e->dict && !(e->dict = mn_dict_new()))
        return NULL;
    return MN_NEW_REF(e->dict);
}

static mn_getset_def exc_getset[] = {
    { "args", exc_get_args, exc_set_args, NULL, NULL },
    { "__traceback__", exc_get_tb, exc_set_tb, NULL, NULL },
    { "__context__", exc_get_context, exc_set_context, NULL, NULL },
    { "__cause__", exc_get_cause, exc_set_cause, NULL, NULL },
    { "__dict__", exc_get_dict, NULL, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

static mn_member_def exc_members[] = {
    { "__suppress_context__", MN_T_BOOL, offsetof(mn_base_exception, suppress_context), 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

static mn_object *exc_with_traceback(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize n,
                                     MN_UNUSED mn_object *k)
{
    if (exc_set_tb(self, args[0], NULL) < 0)
        return NULL;
    return MN_NEW_REF(self);
}

static mn_object *exc_add_note(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize n,
                               MN_UNUSED mn_object *k)
{
    mn_object *note = args[0];
    if (!MN_STR_CHECK(note)) {
        mn_err_format(&mn_exc_TypeError, "note must be a str, not '%s'", MN_TYPE_NAME(note));
        return NULL;
    }
    mn_object *notes;
    int has = mn_object_lookup_attr(self, MN_OBJ(mn_str_intern_cstr("__notes__")), &notes);
    /* lookup_attr borrowed the interned name; release our extra reference */
    mn_object *name = mn_str_intern_cstr("__notes__");
    MN_DECREF(name);
    MN_DECREF(name);
    if (has < 0)
        return NULL;
    if (!has) {
        notes = mn_list_new(0);
        if (!notes || mn_object_setattr_str(self, "__notes__", notes) < 0) {
            MN_XDECREF(notes);
            return NULL;
        }
    }
    if (!MN_LIST_CHECK(notes)) {
        MN_DECREF(notes);
        mn_err_set_string(&mn_exc_TypeError, "Cannot add note: __notes__ is not a list");
        return NULL;
    }
    int r = mn_list_append(notes, note);
    MN_DECREF(notes);
    if (r < 0)
        return NULL;
    MN_RETURN_NONE;
}

static mn_method_def exc_methods[] = {
    { "with_traceback", exc_with_traceback, MN_METH_O,
      "Exception.with_traceback(tb) --\n    set self.__traceback__ to tb and return self." },
    { "add_note", exc_add_note, MN_METH_O,
      "Exception.add_note(note) --\n    add a note to the exception" },
    { NULL, NULL, 0, NULL },
};

/* ------------------------------------------------------ specific types */

static int set_attr(mn_object *self, const char *name, mn_object *value)
{
    return mn_object_setattr_str(self, name, value ? value : mn_none);
}

static mn_object *get_attr_or_none(mn_object *self, const char *name)
{
    mn_object **dp = mn_object_dict_ptr(self);
    mn_object *v = (dp && *dp) ? mn_dict_get_item_str(*dp, name) : NULL;
    return v ? v : mn_none;   /* borrowed */
}

static mn_object *keyerror_str(mn_object *self)
{
    mn_object *args = ((mn_base_exception *)self)->args;
    /* KeyError('x') prints as 'x' with quotes: the key's repr. */
    if (args && MN_TUPLE_SIZE(args) == 1)
        return mn_object_repr(MN_TUPLE_GET(args, 0));
    return exc_str(self);
}

static int stopiteration_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    return set_attr(self, "value", nargs > 0 ? args[0] : NULL);
}

static int systemexit_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    if (nargs <= 1)
        return set_attr(self, "code", nargs ? args[0] : NULL);
    return set_attr(self, "code", ((mn_base_exception *)self)->args);
}

/* Splits off keyword-only arguments (name=, path=, obj=) that some
 * exception constructors accept. */
static int take_keywords(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames,
                         const char *const *allowed)
{
    mn_ssize nkw = kwnames ? MN_TUPLE_SIZE(kwnames) : 0;
    for (mn_ssize i = 0; i < nkw; i++) {
        mn_object *k = MN_TUPLE_GET(kwnames, i);
        int ok = 0;
        for (int j = 0; allowed[j]; j++)
            if (mn_str_equal_cstr(k, allowed[j]))
                ok = 1;
        if (!ok) {
            mn_err_format(&mn_exc_TypeError, "%s() got an unexpected keyword argument '%U'", MN_TYPE_NAME(self), k);
            return -1;
        }
        if (mn_object_setattr(self, k, args[nargs + i]) < 0)
            return -1;
    }
    return 0;
}

static int importerror_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const kw[] = { "name", "path", NULL };
    if (exc_init(self, args, nargs, NULL) < 0)
        return -1;
    if (set_attr(self, "name", NULL) < 0 || set_attr(self, "path", NULL) < 0 ||
        set_attr(self, "msg", nargs == 1 ? args[0] : NULL) < 0)
        return -1;
    return take_keywords(self, args, nargs, kwnames, kw);
}

static mn_object *importerror_str(mn_object *self)
{
    mn_object *msg = get_attr_or_none(self, "msg");
    if (msg != mn_none)
        return mn_object_str(msg);
    return exc_str(self);
}

static int nameerror_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const kw[] = { "name", NULL };
    if (exc_init(self, args, nargs, NULL) < 0 || set_attr(self, "name", NULL) < 0)
        return -1;
    return take_keywords(self, args, nargs, kwnames, kw);
}

static int attributeerror_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const kw[] = { "name", "obj", NULL };
    if (exc_init(self, args, nargs, NULL) < 0 || set_attr(self, "name", NULL) < 0 ||
        set_attr(self, "obj", NULL) < 0)
        return -1;
    return take_keywords(self, args, nargs, kwnames, kw);
}

/* OSError(errno, strerror[, filename[, winerror[, filename2]]]) */
static mn_type *oserror_subclass(int code)
{
    switch (code) {
    case EAGAIN: case EALREADY: case EINPROGRESS: return &mn_exc_BlockingIOError;
    case ECHILD: return &mn_exc_ChildProcessError;
    case EPIPE: case ESHUTDOWN: return &mn_exc_BrokenPipeError;
    case ECONNABORTED: return &mn_exc_ConnectionAbortedError;
    case ECONNREFUSED: return &mn_exc_ConnectionRefusedError;
    case ECONNRESET: return &mn_exc_ConnectionResetError;
    case EEXIST: return &mn_exc_FileExistsError;
    case ENOENT: return &mn_exc_FileNotFoundError;
    case EISDIR: return &mn_exc_IsADirectoryError;
    case ENOTDIR: return &mn_exc_NotADirectoryError;
    case EINTR: return &mn_exc_InterruptedError;
    case EACCES: case EPERM: return &mn_exc_PermissionError;
    case ESRCH: return &mn_exc_ProcessLookupError;
    case ETIMEDOUT: return &mn_exc_TimeoutError;
    default: return NULL;
    }
}

static mn_object *oserror_new(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (type == &mn_exc_OSError && nargs >= 2 && MN_INT_CHECK(args[0])) {
        int64_t code;
        if (mn_int_to_i64(args[0], &code)) {
            mn_type *sub = oserror_subclass((int)code);
            if (sub)
                type = sub;
        }
    }
    return exc_new(type, args, nargs, kwnames);
}

static int oserror_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (mn_args_no_keywords(MN_TYPE_NAME(self), kwnames) < 0)
        return -1;
    if (exc_init(self, args, nargs, NULL) < 0)
        return -1;
    mn_object *no = NULL, *strerror = NULL, *filename = NULL, *filename2 = NULL;
    if (nargs >= 2 && nargs <= 5) {
        no = args[0];
        strerror = args[1];
        if (nargs >= 3)
            filename = args[2];
        if (nargs == 5)
            filename2 = args[4];
    }
    if (set_attr(self, "errno", no) < 0 || set_attr(self, "strerror", strerror) < 0 ||
        set_attr(self, "filename", filename) < 0 || set_attr(self, "filename2", filename2) < 0)
        return -1;
    if (filename) {
        /* With a filename, args shrinks to (errno, strerror) as in CPython. */
        mn_object *t = mn_tuple_pack(2, no, strerror);
        if (!t)
            return -1;
        MN_SETREF(((mn_base_exception *)self)->args, t);
    }
    return 0;
}

static mn_object *oserror_str(mn_object *self)
{
    mn_object *no = get_attr_or_none(self, "errno");
    mn_object *se = get_attr_or_none(self, "strerror");
    mn_object *fn = get_attr_or_none(self, "filename");
    mn_object *fn2 = get_attr_or_none(self, "filename2");
    if (fn != mn_none) {
        if (fn2 != mn_none)
            return mn_str_from_format("[Errno %S] %S: %R -> %R", no, se, fn, fn2);
        return mn_str_from_format("[Errno %S] %S: %R", no, se, fn);
    }
    if (no != mn_none && se != mn_none)
        return mn_str_from_format("[Errno %S] %S", no, se);
    return exc_str(self);
}

/* SyntaxError(msg, (filename, lineno, offset, text[, end_lineno, end_offset])) */
static int syntaxerror_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const fields[] = { "filename", "lineno", "offset", "text", "end_lineno", "end_offset" };
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    if (set_attr(self, "msg", nargs >= 1 ? args[0] : NULL) < 0 || set_attr(self, "print_file_and_line", NULL) < 0)
        return -1;
    for (int i = 0; i < 6; i++)
        if (set_attr(self, fields[i], NULL) < 0)
            return -1;
    if (nargs == 2) {
        mn_object *info = mn_tuple_from_iterable(args[1]);
        if (!info)
            return -1;
        mn_ssize n = MN_TUPLE_SIZE(info);
        if (n < 4 || n > 6) {
            MN_DECREF(info);
            mn_err_set_string(&mn_exc_IndexError, "tuple index out of range");
            return -1;
        }
        for (mn_ssize i = 0; i < n; i++)
            if (set_attr(self, fields[i], MN_TUPLE_GET(info, i)) < 0) {
                MN_DECREF(info);
                return -1;
            }
        MN_DECREF(info);
    }
    return 0;
}

static mn_object *syntaxerror_str(mn_object *self)
{
    mn_object *msg = get_attr_or_none(self, "msg");
    mn_object *fn = get_attr_or_none(self, "filename");
    mn_object *ln = get_attr_or_none(self, "lineno");
    mn_object *m = mn_object_str(msg);
    if (!m)
        return NULL;
    mn_object *r;
    int have_ln = MN_INT_CHECK(ln);
    if (MN_STR_CHECK(fn)) {
        const char *f = mn_str_as_utf8(fn);
        const char *slash = strrchr(f, '/');
        const char *base = slash ? slash + 1 : f;
        r = have_ln ? mn_str_from_format("%U (%s, line %S)", m, base, ln) : mn_str_from_format("%U (%s)", m, base);
    } else if (have_ln) {
        r = mn_str_from_format("%U (line %S)", m, ln);
    } else {
        r = MN_NEW_REF(m);
    }
    MN_DECREF(m);
    return r;
}

/* UnicodeDecodeError(encoding, object, start, end, reason) and the encode
 * variant (whose object is a str). */
static int unicodeerror_init(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    if (MN_TYPE(self) == &mn_exc_UnicodeError || !mn_type_is_subtype(MN_TYPE(self), &mn_exc_UnicodeError))
        return 0;
    int translate = mn_type_is_subtype(MN_TYPE(self), &mn_exc_UnicodeTranslateError);
    mn_ssize want = translate ? 4 : 5;
    if (nargs != want) {
        mn_err_format(&mn_exc_TypeError, "function takes exactly %zd arguments (%zd given)", want, nargs);
        return -1;
    }
    static const char *const names[] = { "encoding", "object", "start", "end", "reason" };
    const char *const *n = translate ? names + 1 : names;
    for (mn_ssize i = 0; i < want; i++)
        if (set_attr(self, n[i], args[i]) < 0)
            return -1;
    return 0;
}

static mn_object *unicodeerror_str(mn_object *self)
{
    mn_object *obj = get_attr_or_none(self, "object");
    mn_object *start = get_attr_or_none(self, "start");
    mn_object *end = get_attr_or_none(self, "end");
    mn_object *reason = get_attr_or_none(self, "reason");
    mn_object *enc = get_attr_or_none(self, "encoding");
    if (obj == mn_none || !MN_INT_CHECK(start) || !MN_INT_CHECK(end))
        return exc_str(self);
    int64_t s = mn_int_as_i64(start), e = mn_int_as_i64(end);
    int decode = MN_TYPE_CHECK(self, &mn_exc_UnicodeDecodeError);
    if (decode) {
        const char *data;
        mn_ssize len;
        if (mn_bytes_view(obj, &data, &len) < 0)
            return NULL;
        if (e == s + 1 && s >= 0 && s < len)
            return mn_str_from_format("'%S' codec can't decode byte 0x%02x in position %lld: %S", enc,
                                      (unsigned char)data[s], (long long)s, reason);
        return mn_str_from_format("'%S' codec can't decode bytes in position %lld-%lld: %S", enc, (long long)s,
                                  (long long)(e - 1), reason);
    }
    const char *what = MN_TYPE_CHECK(self, &mn_exc_UnicodeEncodeError) ? "codec can't encode" : "can't translate";
    if (e == s + 1 && MN_STR_CHECK(obj) && s >= 0 && s < MN_STR_LENGTH(obj)) {
        int32_t c = mn_str_char_at(obj, s);
        char buf[16];
        if (c < 0x100)
            snprintf(buf, sizeof buf, "\\x%02x", c);
        else if (c < 0x10000)
            snprintf(buf, sizeof buf, "\\u%04x", c);
        else
            snprintf(buf, sizeof buf, "\\U%08x", c);
        if (MN_TYPE_CHECK(self, &mn_exc_UnicodeEncodeError))
            return mn_str_from_format("'%S' %s character '%s' in position %lld: %S", enc, what, buf, (long long)s,
                                      reason);
        return mn_str_from_format("%s character '%s' in position %lld: %S", what, buf, (long long)s, reason);
    }
    if (MN_TYPE_CHECK(self, &mn_exc_UnicodeEncodeError))
        return mn_str_from_format("'%S' %s characters in position %lld-%lld: %S", enc, what, (long long)s,
                                  (long long)(e - 1), reason);
    return mn_str_from_format("%s characters in position %lld-%lld: %S", what, (long long)s, (long long)(e - 1),
                              reason);
}

/* ------------------------------------------------------------ start-up */

extern int mn_err_init_memory_error(void);
extern void mn_err_fini(void);

int mn_exceptions_init(void)
{
    mn_type *b = &mn_exc_BaseException;
    b->dealloc = exc_dealloc;
    b->traverse = exc_traverse;
    b->clear = exc_clear;
    b->repr = exc_repr;
    b->str = exc_str;
    b->init = exc_init;
    b->getset = exc_getset;
    b->members = exc_members;
    b->methods = exc_methods;
    b->doc = "Common base class for all exceptions";
    mn_exc_KeyError.str = keyerror_str;
    mn_exc_StopIteration.init = stopiteration_init;
    mn_exc_StopAsyncIteration.init = stopiteration_init;
    mn_exc_SystemExit.init = systemexit_init;
    mn_exc_ImportError.init = importerror_init;
    mn_exc_ImportError.str = importerror_str;
    mn_exc_NameError.init = nameerror_init;
    mn_exc_AttributeError.init = attributeerror_init;
    mn_exc_OSError.new_ = oserror_new;
    mn_exc_OSError.init = oserror_init;
    mn_exc_OSError.str = oserror_str;
    mn_exc_SyntaxError.init = syntaxerror_init;
    mn_exc_SyntaxError.str = syntaxerror_str;
    mn_exc_UnicodeError.init = unicodeerror_init;
    mn_exc_UnicodeError.str = unicodeerror_str;
#define READY(name_, base_) if (mn_type_ready(&mn_exc_##name_) < 0) return -1;
    MN_FOR_EACH_EXCEPTION(READY)
#undef READY
    return mn_err_init_memory_error();
}

void mn_exceptions_fini(void)
{
    mn_err_fini();
}

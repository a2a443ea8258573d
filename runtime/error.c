/* runtime/error.c — the per-thread error indicator.
 *
 * Owns: setting, inspecting, fetching and clearing the current exception,
 * implicit exception chaining (__context__) at the moment an exception is
 * set while another is being handled, and the pre-built MemoryError used
 * when there is no memory left to build one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"

static _Thread_local mn_object *curexc;
mn_object *(*mn_err_handled_hook)(void);
void (*mn_err_print_hook)(mn_object *exc);

mn_object *mn_err_occurred(void)
{
    return curexc;
}

void mn_err_restore(mn_object *exc)
{
    mn_object *old = curexc;
    curexc = exc;
    MN_XDECREF(old);
}

mn_object *mn_err_fetch(void)
{
    mn_object *e = curexc;
    curexc = NULL;
    return e;
}

void mn_err_clear(void)
{
    mn_err_restore(NULL);
}

/* Links the exception being handled as the new one's __context__, cutting
 * any cycle in the context chain the way CPython does. */
static void chain_context(mn_object *exc)
{
    if (!mn_err_handled_hook)
        return;
    mn_object *handled = mn_err_handled_hook();
    if (!handled || handled == exc || handled == mn_none)
        return;
    mn_object *o = handled;
    while (o) {
        mn_base_exception *be = (mn_base_exception *)o;
        if (be->context == exc) {
            MN_CLEAR(be->context);
            break;
        }
        o = be->context;
    }
    mn_exception_set_context(exc, MN_NEW_REF(handled));
}

void mn_err_set_exception(mn_object *exc)
{
    MN_INCREF(exc);
    chain_context(exc);
    mn_err_restore(exc);
}

static mn_object *make_exception(mn_type *type, mn_object *value)
{
    if (value && MN_EXCEPTION_CHECK(value) && mn_type_is_subtype(MN_TYPE(value), type))
        return MN_NEW_REF(value);
    if (!value)
        return mn_object_call0(MN_OBJ(type));
    if (MN_TUPLE_CHECK(value))
        return mn_object_call(MN_OBJ(type), MN_TUPLE_ITEMS(value), MN_TUPLE_SIZE(value), NULL);
    return mn_object_call1(MN_OBJ(type), value);
}

void mn_err_set_object(mn_type *type, mn_object *value)
{
    /* Building the instance may itself run code that raises; park the
     * current error so it doesn't leak into that call. */
    mn_object *saved = mn_err_fetch();
    mn_object *exc = make_exception(type, value);
    if (!exc) {
        MN_XDECREF(saved);
        return;   /* the construction error is now current */
    }
    MN_XDECREF(saved);
    if (!MN_EXCEPTION_CHECK(exc)) {
        mn_err_format(&mn_exc_TypeError, "calling %R should have returned an instance of BaseException, not %s",
                      MN_OBJ(type), MN_TYPE_NAME(exc));
        MN_DECREF(exc);
        return;
    }
    chain_context(exc);
    mn_err_restore(exc);
}

void mn_err_set_none(mn_type *type)
{
    mn_err_set_object(type, NULL);
}

void mn_err_set_string(mn_type *type, const char *message)
{
    mn_object *m = mn_str_from_cstr(message);
    if (!m)
        return;
    mn_err_set_object(type, m);
    MN_DECREF(m);
}

void mn_err_format_v(mn_type *type, const char *fmt, va_list ap)
{
    mn_object *m = mn_str_from_format_v(fmt, ap);
    if (!m)
        return;
    mn_err_set_object(type, m);
    MN_DECREF(m);
}

void mn_err_format(mn_type *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mn_err_format_v(type, fmt, ap);
    va_end(ap);
}

/* Built at start-up so running out of memory can still be reported. */
static mn_object *memory_error_instance;

void *mn_err_no_memory(void)
{
    if (memory_error_instance) {
        mn_err_restore(MN_NEW_REF(memory_error_instance));
    } else {
        fprintf(stderr, "mini: out of memory during start-up\n");
        abort();
    }
    return NULL;
}

int mn_err_init_memory_error(void)
{
    memory_error_instance = mn_exception_new(&mn_exc_MemoryError, NULL, 0);
    return memory_error_instance ? 0 : -1;
}

void mn_err_fini(void)
{
    mn_err_clear();
    MN_CLEAR(memory_error_instance);
}

void mn_err_bad_internal_call(const char *where)
{
    mn_err_format(&mn_exc_SystemError, "bad argument to internal function (%s)", where);
}

void mn_err_set_from_errno(mn_object *filename)
{
    int e = errno;
    mn_object *code = mn_int_from_i64(e);
    mn_object *msg = mn_str_from_cstr(strerror(e));
    if (!code || !msg) {
        MN_XDECREF(code);
        MN_XDECREF(msg);
        return;
    }
    mn_object *args = filename ? mn_tuple_pack(3, code, msg, filename) : mn_tuple_pack(2, code, msg);
    MN_DECREF(code);
    MN_DECREF(msg);
    if (!args)
        return;
    /* OSError(errno, ...) picks the subclass (FileNotFoundError...) itself. */
    mn_err_set_object(&mn_exc_OSError, args);
    MN_DECREF(args);
}

int mn_err_matches(mn_type *type)
{
    return curexc && mn_type_is_subtype(MN_TYPE(curexc), type);
}

int mn_err_exception_matches(mn_object *exc, mn_object *type_or_tuple)
{
    if (MN_TUPLE_CHECK(type_or_tuple)) {
        for (mn_ssize i = 0; i < MN_TUPLE_SIZE(type_or_tuple); i++)
            if (mn_err_exception_matches(exc, MN_TUPLE_GET(type_or_tuple, i)))
                return 1;
        return 0;
    }
    if (!MN_TYPE_HAS_FLAG(MN_TYPE(type_or_tuple), MN_TPFLAGS_TYPE_SUBCLASS))
        return 0;
    return mn_type_is_subtype(MN_TYPE(exc), (mn_type *)type_or_tuple);
}

void mn_err_print(void)
{
    mn_object *exc = mn_err_fetch();
    if (!exc)
        return;
    if (mn_err_print_hook) {
        mn_err_print_hook(exc);
    } else {
        mn_object *s = mn_object_str(exc);
        if (s && MN_STR_NBYTES(s) > 0)
            fprintf(stderr, "%s: %s\n", MN_TYPE_NAME(exc), mn_str_as_utf8(s));
        else
            fprintf(stderr, "%s\n", MN_TYPE_NAME(exc));
        if (!s)
            mn_err_clear();
        MN_XDECREF(s);
    }
    MN_DECREF(exc);
}

/* vm/eval.c — the eval loop: runs frames of bytecode (compiler/opcode.h).
 *
 * One C invocation of mn_eval_frame runs a chain of frames: CALL of a mini
 * function pushes a new frame on the per-thread frame stack and continues
 * in the same loop, RETURN_VALUE pops it and resumes the caller. Only
 * calls that pass through C (a builtin calling back into mini, type_call
 * running __init__, ...) enter the loop recursively; those entry frames are
 * flagged is_entry so their RETURN leaves the C invocation.
 *
 * Exceptions: an instruction that fails jumps to `error`, which adds a
 * traceback entry for the frame and then searches the code's exception
 * table for the failing instruction; a handler found pops the value stack
 * to the entry's depth, pushes lasti if asked and the exception, and jumps.
 * Without a handler the frame is popped and the exception continues in the
 * caller (at its CALL instruction), as CPython 3.11 does.
 *
 * Dispatch uses computed gotos under GCC/Clang, a switch otherwise.
 * Inline caches (mn_inline_cache, one per instruction, allocated on the
 * code's first run) speed up LOAD_GLOBAL; BINARY_OP/COMPARE_OP have
 * small-int and float fast paths; LOAD_METHOD avoids creating bound
 * methods for functions and method descriptors.
 */
#include <string.h>
#include <stdlib.h>
#include "vm/frame.h"
#include "vm/import.h"

mn_object *mn_call_prepend(mn_object *func, mn_object *self, mn_object *const *args, mn_ssize nargs,
                           mn_object *kwnames);
int mn_vm_lookup_attr_str(mn_object *o, const char *name, mn_object **result);

int (*mn_eval_breaker_hook)(void);
mn_object *mn_vm_sys_dict;

/* ------------------------------------------------------------ helpers */

static void set_name_attr(mn_object *name)
{
    mn_object *exc = mn_err_occurred();
    if (exc && mn_err_matches(&mn_exc_NameError)) {
        mn_object *saved = mn_err_fetch();
        if (mn_object_setattr_str(saved, "name", name) < 0)
            mn_err_clear();
        mn_err_restore(saved);
    }
}

static void name_error(mn_object *name)
{
    mn_err_format(&mn_exc_NameError, "name '%U' is not defined", name);
    set_name_attr(name);
}

static void unbound_local(mn_code *co, int i)
{
    mn_object *name = MN_TUPLE_GET(co->localsplusnames, i);
    if (co->localspluskinds[i] & MN_LOCAL_FREE) {
        mn_err_format(&mn_exc_NameError,
                      "cannot access free variable '%U' where it is not associated with a value in enclosing scope",
                      name);
        set_name_attr(name);
    } else {
        mn_err_format(&mn_exc_UnboundLocalError,
                      "cannot access local variable '%U' where it is not associated with a value", name);
        set_name_attr(name);
    }
}

/* "module.qualname()" as CPython's _PyObject_FunctionStr. */
static mn_object *function_str(mn_object *func)
{
    mn_object *qn = NULL, *mod = NULL;
    if (mn_vm_lookup_attr_str(func, "__qualname__", &qn) <= 0 || !MN_STR_CHECK(qn)) {
        mn_err_clear();
        MN_XDECREF(qn);
        return mn_object_str(func);
    }
    mn_object *r;
    if (mn_vm_lookup_attr_str(func, "__module__", &mod) > 0 && MN_STR_CHECK(mod) &&
        !mn_str_equal_cstr(mod, "builtins"))
        r = mn_str_from_format("%U.%U()", mod, qn);
    else
        r = mn_str_from_format("%U()", qn);
    mn_err_clear();
    MN_XDECREF(mod);
    MN_DECREF(qn);
    return r;
}

static void format_kwargs_error(mn_object *func, mn_object *kwargs)
{
    mn_object *exc = mn_err_occurred();
    if (mn_err_matches(&mn_exc_AttributeError) || (exc && !mn_object_hasattr_str(kwargs, "keys"))) {
        mn_err_clear();
        mn_object *fs = function_str(func);
        if (fs) {
            mn_err_format(&mn_exc_TypeError, "%U argument after ** must be a mapping, not %s", fs,
                          MN_TYPE_NAME(kwargs));
            MN_DECREF(fs);
        }
    } else if (mn_err_matches(&mn_exc_KeyError)) {
        mn_object *e = mn_err_fetch();
        mn_object *args = mn_exception_get_args(e);
        if (args && MN_TUPLE_SIZE(args) == 1) {
            mn_object *key = MN_TUPLE_GET(args, 0);
            mn_object *fs = function_str(func);
            if (fs) {
                if (MN_STR_CHECK(key))
                    mn_err_format(&mn_exc_TypeError, "%U got multiple values for keyword argument '%U'", fs, key);
                else
                    mn_err_format(&mn_exc_TypeError, "%U keywords must be strings", fs);
                MN_DECREF(fs);
            }
            MN_DECREF(e);
        } else {
            mn_err_restore(e);
        }
    }
}

static int unpack_iterable(mn_object *v, int before, int after, mn_object **top)
{
    /* Pushes items so the first is on top: top[-1] = item 0 ... */
    mn_object *it = mn_object_get_iter(v);
    if (!it) {
        if (mn_err_matches(&mn_exc_TypeError) && !MN_TYPE(v)->iter && !MN_TYPE(v)->getitem) {
            mn_err_clear();
            mn_err_format(&mn_exc_TypeError, "cannot unpack non-iterable %s object", MN_TYPE_NAME(v));
        }
        return -1;
    }
    mn_object **sp = top + before + (after >= 0 ? 1 + after : 0);
    int i = 0;
    for (; i < before; i++) {
        mn_object *w = mn_iter_next(it);
        if (!w) {
            if (!mn_err_occurred()) {
                if (after < 0)
                    mn_err_format(&mn_exc_ValueError, "not enough values to unpack (expected %d, got %d)", before, i);
                else
                    mn_err_format(&mn_exc_ValueError,
                                  "not enough values to unpack (expected at least %d, got %d)", before + after, i);
            }
            goto fail;
        }
        *--sp = w;
    }
    if (after < 0) {
        mn_object *w = mn_iter_next(it);
        if (!w) {
            if (mn_err_occurred())
                goto fail;
            MN_DECREF(it);
            return 0;
        }
        MN_DECREF(w);
        mn_err_format(&mn_exc_ValueError, "too many values to unpack (expected %d)", before);
        goto fail;
    }
    mn_object *l = mn_list_from_iterable(it);
    if (!l)
        goto fail;
    *--sp = l;
    i++;
    mn_ssize ll = MN_LIST_SIZE(l);
    if (ll < after) {
        mn_err_format(&mn_exc_ValueError, "not enough values to unpack (expected at least %d, got %zd)",
                      before + after, before + ll);
        goto fail;
    }
    for (int j = after; j > 0; j--, i++)
        *--sp = MN_LIST_GET(l, ll - j);
    /* Ownership of the tail items moves from the list to the stack. */
    MN_SIZE(l) = ll - after;
    MN_DECREF(it);
    return 0;
fail:
    for (mn_object **p = top + before + (after >= 0 ? 1 + after : 0) - 1; i > 0; i--, p--)
        MN_DECREF(*p);
    MN_DECREF(it);
    return -1;
}

static mn_object *exc_class_check_error(void)
{
    mn_err_set_string(&mn_exc_TypeError, "catching classes that do not inherit from BaseException is not allowed");
    return NULL;
}

static int check_except_type_valid(mn_object *right)
{
    if (MN_TUPLE_CHECK(right)) {
        for (mn_ssize i = 0; i < MN_TUPLE_SIZE(right); i++)
            if (!MN_EXCEPTION_CLASS_CHECK(MN_TUPLE_GET(right, i))) {
                exc_class_check_error();
                return -1;
            }
        return 0;
    }
    if (!MN_EXCEPTION_CLASS_CHECK(right)) {
        exc_class_check_error();
        return -1;
    }
    return 0;
}

/* RAISE_VARARGS with 1 or 2 operands. Returns 0 (exception now set). */
static void do_raise(mn_object *exc, mn_object *cause)
{
    mn_object *value;
    if (MN_EXCEPTION_CLASS_CHECK(exc)) {
        value = mn_object_call0(exc);
        if (!value)
            return;
        if (!MN_EXCEPTION_CHECK(value)) {
            mn_err_format(&mn_exc_TypeError, "calling %R should have returned an instance of BaseException, not %s",
                          exc, MN_TYPE_NAME(value));
            MN_DECREF(value);
            return;
        }
    } else if (MN_EXCEPTION_CHECK(exc)) {
        value = MN_NEW_REF(exc);
    } else {
        mn_err_set_string(&mn_exc_TypeError, "exceptions must derive from BaseException");
        return;
    }
    if (cause) {
        mn_object *fixed;
        if (MN_EXCEPTION_CLASS_CHECK(cause)) {
            fixed = mn_object_call0(cause);
            if (!fixed) {
                MN_DECREF(value);
                return;
            }
            if (!MN_EXCEPTION_CHECK(fixed)) {
                mn_err_format(&mn_exc_TypeError,
                              "calling %R should have returned an instance of BaseException, not %s", cause,
                              MN_TYPE_NAME(fixed));
                MN_DECREF(fixed);
                MN_DECREF(value);
                return;
            }
        } else if (MN_EXCEPTION_CHECK(cause)) {
            fixed = MN_NEW_REF(cause);
        } else if (cause == mn_none) {
            fixed = NULL;
        } else {
            MN_DECREF(value);
            mn_err_set_string(&mn_exc_TypeError, "exception causes must derive from BaseException");
            return;
        }
        mn_exception_set_cause(value, fixed);
        ((mn_base_exception *)value)->suppress_context = 1;
    }
    mn_err_set_exception(value);
    MN_DECREF(value);
}

/* Special-method lookup on the type (with binding), as _PyObject_LookupSpecial. */
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

static mn_object *import_from(mn_object *module, mn_object *name)
{
    mn_object *x;
    int r = mn_object_lookup_attr(module, name, &x);
    if (r > 0)
        return x;
    if (r < 0)
        return NULL;
    mn_object *modname = NULL, *file = NULL;
    if (mn_vm_lookup_attr_str(module, "__name__", &modname) <= 0 || !MN_STR_CHECK(modname)) {
        mn_err_clear();
        MN_XDECREF(modname);
        mn_err_format(&mn_exc_ImportError, "cannot import name '%U'", name);
        return NULL;
    }
    /* A submodule already imported (import a.b; from a import b). */
    if (mn_vm_sys_dict) {
        mn_object *mods = mn_dict_get_item_str(mn_vm_sys_dict, "modules");
        if (mods && MN_DICT_CHECK(mods)) {
            mn_object *full = mn_str_from_format("%U.%U", modname, name);
            mn_object *m = full ? mn_dict_get_item(mods, full) : NULL;
            MN_XDECREF(full);
            if (m) {
                MN_DECREF(modname);
                return MN_NEW_REF(m);
            }
        }
    }
    if (mn_vm_lookup_attr_str(module, "__file__", &file) <= 0 || !MN_STR_CHECK(file)) {
        mn_err_clear();
        MN_XDECREF(file);
        file = NULL;
    }
    /* CPython's wording, and ImportError(msg, name=module, path=file). */
    mn_object *msg;
    if (mn_import_is_initializing(module))
        msg = mn_str_from_format("cannot import name %R from partially initialized module %R "
                                 "(most likely due to a circular import) (%s)",
                                 name, modname, file ? mn_str_as_utf8(file) : "unknown location");
    else
        msg = mn_str_from_format("cannot import name %R from %R (%s)", name, modname,
                                 file ? mn_str_as_utf8(file) : "unknown location");
    if (msg) {
        mn_object *kwnames = mn_tuple_new(2);
        mn_object *k1 = mn_str_intern_cstr("name"), *k2 = mn_str_intern_cstr("path");
        if (kwnames && k1 && k2) {
            MN_TUPLE_SET(kwnames, 0, k1);
            MN_TUPLE_SET(kwnames, 1, k2);
            k1 = k2 = NULL;
            mn_object *args[3] = { msg, modname, file ? file : mn_none };
            mn_object *exc = mn_object_call(MN_OBJ(&mn_exc_ImportError), args, 1, kwnames);
            if (exc) {
                mn_err_set_exception(exc);
                MN_DECREF(exc);
            }
        }
        MN_XDECREF(k1);
        MN_XDECREF(k2);
        MN_XDECREF(kwnames);
        MN_DECREF(msg);
    }
    MN_XDECREF(file);
    MN_DECREF(modname);
    return NULL;
}

static int import_star(mn_object *locals, mn_object *module)
{
    mn_object *all = NULL;
    int skip_private = 0;
    int r = mn_vm_lookup_attr_str(module, "__all__", &all);
    if (r < 0)
        return -1;
    if (!r) {
        mn_object *d;
        r = mn_vm_lookup_attr_str(module, "__dict__", &d);
        if (r <= 0) {
            if (!r)
                mn_err_set_string(&mn_exc_ImportError, "from-import-* object has no __dict__ and no __all__");
            return -1;
        }
        all = mn_dict_keys_list(d);
        MN_DECREF(d);
        if (!all)
            return -1;
        skip_private = 1;
    }
    mn_object *it = mn_object_get_iter(all);
    MN_DECREF(all);
    if (!it)
        return -1;
    mn_object *name;
    int err = 0;
    while ((name = mn_iter_next(it))) {
        if (skip_private && MN_STR_CHECK(name) && MN_STR_NBYTES(name) > 0 && MN_STR_DATA(name)[0] == '_') {
            MN_DECREF(name);
            continue;
        }
        mn_object *v = mn_object_getattr(module, name);
        if (!v || mn_object_setitem(locals, name, v) < 0)
            err = -1;
        MN_XDECREF(v);
        MN_DECREF(name);
        if (err)
            break;
    }
    MN_DECREF(it);
    if (!err && mn_err_occurred())
        err = -1;
    return err;
}

static int print_expr(mn_object *builtins, mn_object *v)
{
    mn_object *hook = mn_vm_sys_dict ? mn_dict_get_item_str(mn_vm_sys_dict, "displayhook") : NULL;
    if (hook) {
        mn_object *r = mn_object_call1(hook, v);
        if (!r)
            return -1;
        MN_DECREF(r);
        return 0;
    }
    if (v == mn_none)
        return 0;
    if (mn_dict_set_item_str(builtins, "_", mn_none) < 0)
        return -1;
    mn_object *s = mn_object_repr(v);
    if (!s)
        return -1;
    fwrite(mn_str_as_utf8(s), 1, (size_t)MN_STR_NBYTES(s), stdout);
    fputc('\n', stdout);
    MN_DECREF(s);
    return mn_dict_set_item_str(builtins, "_", v);
}

static mn_object *format_value(mn_object *value, int conv, mn_object *spec)
{
    mn_object *v;
    switch (conv) {
    case 1: v = mn_object_str(value); break;
    case 2: v = mn_object_repr(value); break;
    case 3: v = mn_object_ascii(value); break;
    default: v = MN_NEW_REF(value); break;
    }
    if (!v)
        return NULL;
    if (MN_STR_CHECK_EXACT(v) && (!spec || MN_STR_NBYTES(spec) == 0))
        return v;
    mn_object *r = mn_object_format(v, spec);
    MN_DECREF(v);
    return r;
}

static mn_inline_cache *code_cache(mn_code *co)
{
    if (!co->cache) {
        co->cache = calloc((size_t)co->ninstrs + 1, sizeof(mn_inline_cache));
        co->cache_free = free;
    }
    return co->cache;
}

/* Exception table lookup: the entry covering instruction `lasti`. */
static mn_exc_entry *find_handler(mn_code *co, int lasti)
{
    int lo = 0, hi = co->nexc - 1;
    mn_exc_entry *t = co->exctable;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (lasti < t[mid].start)
            hi = mid - 1;
        else if (lasti >= t[mid].end)
            lo = mid + 1;
        else
            return &t[mid];
    }
    return NULL;
}

/* Integer fast paths on small ints: 1 done (*res set or NULL on error), 0 not applicable. */
static inline mn_object *small_int_binop(int op, int64_t a, int64_t b)
{
    int64_t r;
    switch (op) {
    case MN_BINOP_ADD: case MN_BINOP_ADD + MN_BINOP_INPLACE:
        if (__builtin_add_overflow(a, b, &r)) return NULL;
        return mn_int_from_i64(r);
    case MN_BINOP_SUBTRACT: case MN_BINOP_SUBTRACT + MN_BINOP_INPLACE:
        if (__builtin_sub_overflow(a, b, &r)) return NULL;
        return mn_int_from_i64(r);
    case MN_BINOP_MULTIPLY: case MN_BINOP_MULTIPLY + MN_BINOP_INPLACE:
        if (__builtin_mul_overflow(a, b, &r)) return NULL;
        return mn_int_from_i64(r);
    case MN_BINOP_AND: case MN_BINOP_AND + MN_BINOP_INPLACE: return mn_int_from_i64(a & b);
    case MN_BINOP_OR: case MN_BINOP_OR + MN_BINOP_INPLACE: return mn_int_from_i64(a | b);
    case MN_BINOP_XOR: case MN_BINOP_XOR + MN_BINOP_INPLACE: return mn_int_from_i64(a ^ b);
    case MN_BINOP_FLOOR_DIVIDE: case MN_BINOP_FLOOR_DIVIDE + MN_BINOP_INPLACE:
        if (b == 0 || (a == INT64_MIN && b == -1)) return NULL;
        r = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0))) r--;
        return mn_int_from_i64(r);
    case MN_BINOP_REMAINDER: case MN_BINOP_REMAINDER + MN_BINOP_INPLACE:
        if (b == 0 || (a == INT64_MIN && b == -1)) return NULL;
        r = a % b;
        if (r != 0 && ((r < 0) != (b < 0))) r += b;
        return mn_int_from_i64(r);
    default:
        return NULL;
    }
}

static inline mn_object *float_binop(int op, double a, double b)
{
    switch (op) {
    case MN_BINOP_ADD: case MN_BINOP_ADD + MN_BINOP_INPLACE: return mn_float_from_double(a + b);
    case MN_BINOP_SUBTRACT: case MN_BINOP_SUBTRACT + MN_BINOP_INPLACE: return mn_float_from_double(a - b);
    case MN_BINOP_MULTIPLY: case MN_BINOP_MULTIPLY + MN_BINOP_INPLACE: return mn_float_from_double(a * b);
    case MN_BINOP_TRUE_DIVIDE: case MN_BINOP_TRUE_DIVIDE + MN_BINOP_INPLACE:
        if (b == 0.0) return NULL;
        return mn_float_from_double(a / b);
    default:
        return NULL;
    }
}

static inline int compare_values(int op, int c)
{
    switch (op) {
    case MN_LT: return c < 0;
    case MN_LE: return c <= 0;
    case MN_EQ: return c == 0;
    case MN_NE: return c != 0;
    case MN_GT: return c > 0;
    default: return c >= 0;
    }
}

/* RecursionError, built with some headroom: constructing the exception
 * calls the type, which checks the recursion depth again. */
static void recursion_error(void)
{
    mn_recursion_depth -= 50;
    mn_err_set_string(&mn_exc_RecursionError, "maximum recursion depth exceeded");
    mn_recursion_depth += 50;
}

static int check_eval_breaker(mn_thread_state *ts)
{
    ts->eval_breaker = 0;
    if (mn_eval_breaker_hook)
        return mn_eval_breaker_hook();
    return 0;
}

static mn_object *builtins_of(mn_object *globals)
{
    mn_object *b = mn_dict_get_item_str(globals, "__builtins__");
    if (b && MN_MODULE_CHECK(b))
        b = mn_module_get_dict(b);
    if (!b || !MN_DICT_CHECK(b)) {
        mn_err_clear();
        b = mn_vm_builtins();
    }
    return b;
}

/* --------------------------------------------------------- entry points */

mn_object *mn_eval_code(mn_object *code, mn_object *globals, mn_object *locals)
{
    if (!MN_CODE_CHECK(code) || !globals || !MN_DICT_CHECK(globals)) {
        mn_err_bad_internal_call("mn_eval_code");
        return NULL;
    }
    if (mn_vm_init_types() < 0)
        return NULL;
    mn_thread_state *ts = mn_thread_state_get();
    mn_code *co = (mn_code *)code;
    mn_frame *f = mn_frame_push(ts, co);
    if (!f)
        return NULL;
    mn_frame_init(f, co, NULL, globals, builtins_of(globals), locals ? locals : globals);
    return mn_eval_frame(ts, f, 0);
}

mn_object *mn_function_call(mn_object *func, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_function *fn = (mn_function *)func;
    mn_code *co = (mn_code *)fn->code;
    mn_thread_state *ts = mn_thread_state_get();
    mn_frame *f = mn_frame_push(ts, co);
    if (!f)
        return NULL;
    mn_frame_init(f, co, func, fn->globals, fn->builtins, NULL);
    if (mn_function_bind_args(fn, f, args, nargs, kwnames) < 0) {
        mn_frame_clear(f);
        mn_frame_pop(ts, f);
        return NULL;
    }
    return mn_eval_frame(ts, f, 0);
}

int mn_traceback_add_here(void)
{
    mn_thread_state *ts = mn_tstate;
    mn_object *exc = mn_err_occurred();
    if (!ts || !ts->frame || !exc)
        return 0;
    return mn_traceback_add(exc, ts->frame);
}

/* ------------------------------------------------------------ the loop */

#define PUSH(v)      (*stack_pointer++ = (v))
#define POP()        (*--stack_pointer)
#define TOP()        (stack_pointer[-1])
#define SECOND()     (stack_pointer[-2])
#define THIRD()      (stack_pointer[-3])
#define PEEK(n)      (stack_pointer[-(n)])
#define SET_TOP(v)   (stack_pointer[-1] = (v))
#define SET_SECOND(v) (stack_pointer[-2] = (v))
#define STACK_SHRINK(n) (stack_pointer -= (n))
#define STACK_BASE() (frame->localsplus + co->nlocalsplus)
#define GETLOCAL(i)  (localsplus[i])

#define LOAD_FRAME() do { \
        co = frame->code; \
        first_instr = co->code; \
        localsplus = frame->localsplus; \
        stack_pointer = localsplus + co->nlocalsplus + frame->stacktop; \
        pc = frame->lasti + 1; \
        consts = MN_TUPLE_ITEMS(co->consts); \
        names = MN_TUPLE_ITEMS(co->names); \
        cache = code_cache(co); \
    } while (0)
#define SAVE_STACK() (frame->stacktop = (int)(stack_pointer - STACK_BASE()))

#if defined(__GNUC__)
#define USE_COMPUTED_GOTOS 1
#define TARGET(op) TARGET_##op
#define DISPATCH() do { \
        instr = first_instr[pc]; frame->lasti = pc++; oparg = MN_INSTR_ARG(instr); \
        goto *dispatch_table[MN_INSTR_OP(instr)]; } while (0)
#else
#define USE_COMPUTED_GOTOS 0
#define TARGET(op) case MN_OP_##op
#define DISPATCH() goto dispatch
#endif

mn_object *mn_eval_frame(mn_thread_state *ts, mn_frame *frame, int throwflag)
{
#if USE_COMPUTED_GOTOS
    static void *dispatch_table[256];
    static int table_ready;
    if (!table_ready) {
        for (int i = 0; i < 256; i++)
            dispatch_table[i] = &&unknown_opcode;
#define MN_FILL_TABLE(name, a, j, d) dispatch_table[MN_OP_##name] = &&TARGET_##name;
        MN_FOR_EACH_OPCODE(MN_FILL_TABLE)
#undef MN_FILL_TABLE
        table_ready = 1;
    }
#endif
    mn_code *co;
    mn_instr *first_instr;
    mn_object **localsplus, **stack_pointer, **consts, **names;
    mn_inline_cache *cache;
    int pc, oparg;
    mn_instr instr;
    mn_object *kwnames = NULL;
    mn_object *retval = NULL;

    if (++ts->c_entries > MN_C_RECURSION_CAP) {
        ts->c_entries--;
        recursion_error();
        goto entry_failed;
    }
    if (mn_recursion_depth + 1 > mn_recursion_limit) {
        ts->c_entries--;
        recursion_error();
        goto entry_failed;
    }
    mn_recursion_depth++;
    frame->is_entry = 1;
    frame->previous = ts->frame;
    ts->frame = frame;
    if (frame->owner == MN_FRAME_OWNED_BY_GENERATOR)
        frame->state = MN_FRAME_EXECUTING;
    LOAD_FRAME();
    if (throwflag)
        goto error_at_lasti;
    DISPATCH();

#if !USE_COMPUTED_GOTOS
dispatch:
    instr = first_instr[pc];
    frame->lasti = pc++;
    oparg = MN_INSTR_ARG(instr);
    switch (MN_INSTR_OP(instr)) {
#endif

    TARGET(NOP): DISPATCH();
    TARGET(RESUME): {
        if (ts->eval_breaker && check_eval_breaker(ts) < 0)
            goto error;
        DISPATCH();
    }
    TARGET(POP_TOP): {
        mn_object *v = POP();
        MN_XDECREF(v);
        DISPATCH();
    }
    TARGET(PUSH_NULL): PUSH(NULL); DISPATCH();
    TARGET(COPY): {
        mn_object *v = PEEK(oparg);
        MN_XINCREF(v);
        PUSH(v);
        DISPATCH();
    }
    TARGET(SWAP): {
        mn_object *t = TOP();
        SET_TOP(PEEK(oparg));
        PEEK(oparg) = t;
        DISPATCH();
    }
    TARGET(LOAD_CONST): {
        mn_object *v = consts[oparg];
        MN_INCREF(v);
        PUSH(v);
        DISPATCH();
    }
    TARGET(LOAD_FAST): {
        mn_object *v = GETLOCAL(oparg);
        if (!v) {
            unbound_local(co, oparg);
            goto error;
        }
        MN_INCREF(v);
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_FAST): {
        mn_object *v = POP();
        mn_object *old = GETLOCAL(oparg);
        GETLOCAL(oparg) = v;
        MN_XDECREF(old);
        DISPATCH();
    }
    TARGET(DELETE_FAST): {
        mn_object *old = GETLOCAL(oparg);
        if (!old) {
            unbound_local(co, oparg);
            goto error;
        }
        GETLOCAL(oparg) = NULL;
        MN_DECREF(old);
        DISPATCH();
    }
    TARGET(LOAD_NAME): {
        mn_object *name = names[oparg], *v = NULL;
        mn_object *locals = frame->locals;
        if (!locals) {
            mn_err_format(&mn_exc_SystemError, "no locals when loading %R", name);
            goto error;
        }
        if (MN_DICT_CHECK_EXACT(locals)) {
            v = mn_dict_get_item(locals, name);
            if (v)
                MN_INCREF(v);
            else if (mn_err_occurred())
                goto error;
        } else {
            v = mn_object_getitem(locals, name);
            if (!v) {
                if (!mn_err_matches(&mn_exc_KeyError))
                    goto error;
                mn_err_clear();
            }
        }
        if (!v) {
            v = mn_dict_get_item(frame->globals, name);
            if (!v)
                v = mn_dict_get_item(frame->builtins, name);
            if (!v) {
                if (!mn_err_occurred())
                    name_error(name);
                goto error;
            }
            MN_INCREF(v);
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_NAME): {
        mn_object *name = names[oparg], *v = POP();
        if (!frame->locals) {
            mn_err_format(&mn_exc_SystemError, "no locals found when storing %R", name);
            MN_DECREF(v);
            goto error;
        }
        int r = MN_DICT_CHECK_EXACT(frame->locals) ? mn_dict_set_item(frame->locals, name, v)
                                                   : mn_object_setitem(frame->locals, name, v);
        MN_DECREF(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(DELETE_NAME): {
        mn_object *name = names[oparg];
        if (!frame->locals) {
            mn_err_format(&mn_exc_SystemError, "no locals when deleting %R", name);
            goto error;
        }
        if (mn_object_delitem(frame->locals, name) < 0) {
            if (mn_err_matches(&mn_exc_KeyError)) {
                mn_err_clear();
                name_error(name);
            }
            goto error;
        }
        DISPATCH();
    }
    TARGET(LOAD_GLOBAL): {
        mn_object *name = names[oparg >> 1];
        mn_inline_cache *c = &cache[frame->lasti];
        mn_object *v;
        uint64_t gv = ((mn_dict *)frame->globals)->version, bv = ((mn_dict *)frame->builtins)->version;
        if (c->global.value && c->global.globals_ver == gv && c->global.builtins_ver == bv) {
            v = c->global.value;
        } else {
            v = mn_dict_get_item(frame->globals, name);
            if (!v) {
                if (mn_err_occurred())
                    goto error;
                v = mn_dict_get_item(frame->builtins, name);
                if (!v) {
                    if (!mn_err_occurred())
                        name_error(name);
                    goto error;
                }
            }
            /* Dict versions are globally unique and bumped on every change, so
             * while both match, `v` (borrowed) is still the right value. */
            if (MN_DICT_CHECK_EXACT(frame->globals) && MN_DICT_CHECK_EXACT(frame->builtins)) {
                c->global.globals_ver = gv;
                c->global.builtins_ver = bv;
                c->global.value = v;
            }
        }
        if (oparg & 1)
            PUSH(NULL);
        MN_INCREF(v);
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_GLOBAL): {
        mn_object *v = POP();
        int r = mn_dict_set_item(frame->globals, names[oparg], v);
        MN_DECREF(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(DELETE_GLOBAL): {
        if (mn_dict_del_item(frame->globals, names[oparg]) < 0) {
            if (mn_err_matches(&mn_exc_KeyError)) {
                mn_err_clear();
                name_error(names[oparg]);
            }
            goto error;
        }
        DISPATCH();
    }
    TARGET(MAKE_CELL): {
        mn_object *old = GETLOCAL(oparg);
        mn_object *cell = mn_cell_new(old);
        if (!cell)
            goto error;
        GETLOCAL(oparg) = cell;
        MN_XDECREF(old);
        DISPATCH();
    }
    TARGET(COPY_FREE_VARS): {
        mn_object *closure = frame->func ? ((mn_function *)frame->func)->closure : NULL;
        int off = co->nlocalsplus - oparg;
        for (int i = 0; i < oparg && closure && i < MN_TUPLE_SIZE(closure); i++) {
            mn_object *o = MN_TUPLE_GET(closure, i);
            MN_INCREF(o);
            MN_SETREF(localsplus[off + i], o);
        }
        DISPATCH();
    }
    TARGET(LOAD_CLOSURE): {
        mn_object *v = GETLOCAL(oparg);
        if (!v) {
            unbound_local(co, oparg);
            goto error;
        }
        MN_INCREF(v);
        PUSH(v);
        DISPATCH();
    }
    TARGET(LOAD_DEREF): {
        mn_object *cell = GETLOCAL(oparg);
        mn_object *v = cell ? ((mn_cell *)cell)->ref : NULL;
        if (!v) {
            unbound_local(co, oparg);
            goto error;
        }
        MN_INCREF(v);
        PUSH(v);
        DISPATCH();
    }
    TARGET(LOAD_CLASSDEREF): {
        mn_object *name = MN_TUPLE_GET(co->localsplusnames, oparg), *v = NULL;
        if (frame->locals) {
            if (MN_DICT_CHECK_EXACT(frame->locals)) {
                v = mn_dict_get_item(frame->locals, name);
                MN_XINCREF(v);
            } else {
                v = mn_object_getitem(frame->locals, name);
                if (!v && mn_err_matches(&mn_exc_KeyError))
                    mn_err_clear();
            }
            if (!v && mn_err_occurred())
                goto error;
        }
        if (!v) {
            mn_object *cell = GETLOCAL(oparg);
            v = cell ? ((mn_cell *)cell)->ref : NULL;
            if (!v) {
                unbound_local(co, oparg);
                goto error;
            }
            MN_INCREF(v);
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_DEREF): {
        mn_object *v = POP();
        mn_cell *cell = (mn_cell *)GETLOCAL(oparg);
        MN_SETREF(cell->ref, v);
        DISPATCH();
    }
    TARGET(DELETE_DEREF): {
        mn_cell *cell = (mn_cell *)GETLOCAL(oparg);
        if (!cell->ref) {
            unbound_local(co, oparg);
            goto error;
        }
        MN_CLEAR(cell->ref);
        DISPATCH();
    }
    TARGET(LOAD_ATTR): {
        mn_object *owner = TOP();
        mn_object *res = mn_object_getattr(owner, names[oparg]);
        if (!res)
            goto error;
        SET_TOP(res);
        MN_DECREF(owner);
        DISPATCH();
    }
    TARGET(STORE_ATTR): {
        mn_object *owner = POP(), *v = POP();
        int r = mn_object_setattr(owner, names[oparg], v);
        MN_DECREF(owner);
        MN_DECREF(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(DELETE_ATTR): {
        mn_object *owner = POP();
        int r = mn_object_setattr(owner, names[oparg], NULL);
        MN_DECREF(owner);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(LOAD_METHOD): {
        mn_object *obj = TOP(), *name = names[oparg];
        mn_type *tp = MN_TYPE(obj);
        if (tp->getattro == mn_object_generic_getattr) {
            mn_object *descr = mn_type_lookup(tp, name);
            if (descr && (MN_TYPE(descr) == &mn_function_type || MN_TYPE(descr) == &mn_method_descr_type)) {
                mn_object **dp = mn_object_dict_ptr(obj);
                mn_object *inst = NULL;
                if (dp && *dp) {
                    inst = mn_dict_get_item(*dp, name);
                    if (!inst && mn_err_occurred())
                        goto error;
                }
                if (!inst) {
                    /* meth self: CALL passes obj as the first argument. */
                    MN_INCREF(descr);
                    SET_TOP(descr);
                    PUSH(obj);
                    DISPATCH();
                }
            }
        }
        mn_object *attr = mn_object_getattr(obj, name);
        if (!attr)
            goto error;
        SET_TOP(NULL);
        MN_DECREF(obj);
        PUSH(attr);
        DISPATCH();
    }
    TARGET(UNARY_POSITIVE): {
        mn_object *v = TOP(), *r = mn_number_positive(v);
        if (!r) goto error;
        SET_TOP(r);
        MN_DECREF(v);
        DISPATCH();
    }
    TARGET(UNARY_NEGATIVE): {
        mn_object *v = TOP(), *r;
        if (MN_INT_CHECK_EXACT(v) && MN_INT_IS_SMALL(v) && MN_INT_SMALL_VALUE(v) != INT64_MIN)
            r = mn_int_from_i64(-MN_INT_SMALL_VALUE(v));
        else
            r = mn_number_negative(v);
        if (!r) goto error;
        SET_TOP(r);
        MN_DECREF(v);
        DISPATCH();
    }
    TARGET(UNARY_NOT): {
        mn_object *v = TOP();
        int t = v == mn_true ? 1 : v == mn_false ? 0 : mn_object_is_true(v);
        if (t < 0) goto error;
        SET_TOP(MN_NEW_REF(t ? mn_false : mn_true));
        MN_DECREF(v);
        DISPATCH();
    }
    TARGET(UNARY_INVERT): {
        mn_object *v = TOP(), *r = mn_number_invert(v);
        if (!r) goto error;
        SET_TOP(r);
        MN_DECREF(v);
        DISPATCH();
    }
    TARGET(BINARY_OP): {
        mn_object *b = TOP(), *a = SECOND(), *r = NULL;
        if (MN_INT_CHECK_EXACT(a) && MN_INT_CHECK_EXACT(b) && MN_INT_IS_SMALL(a) && MN_INT_IS_SMALL(b))
            r = small_int_binop(oparg, MN_INT_SMALL_VALUE(a), MN_INT_SMALL_VALUE(b));
        else if (MN_FLOAT_CHECK_EXACT(a) && MN_FLOAT_CHECK_EXACT(b))
            r = float_binop(oparg, MN_FLOAT_VALUE(a), MN_FLOAT_VALUE(b));
        else if (MN_FLOAT_CHECK_EXACT(a) && MN_INT_CHECK_EXACT(b) && MN_INT_IS_SMALL(b) &&
                 MN_INT_SMALL_VALUE(b) > -(1LL << 53) && MN_INT_SMALL_VALUE(b) < (1LL << 53))
            r = float_binop(oparg, MN_FLOAT_VALUE(a), (double)MN_INT_SMALL_VALUE(b));
        else if (MN_INT_CHECK_EXACT(a) && MN_FLOAT_CHECK_EXACT(b) && MN_INT_IS_SMALL(a) &&
                 MN_INT_SMALL_VALUE(a) > -(1LL << 53) && MN_INT_SMALL_VALUE(a) < (1LL << 53))
            r = float_binop(oparg, (double)MN_INT_SMALL_VALUE(a), MN_FLOAT_VALUE(b));
        else if (oparg == MN_BINOP_ADD + MN_BINOP_INPLACE && MN_STR_CHECK_EXACT(a) && MN_STR_CHECK_EXACT(b))
            r = mn_str_concat(a, b);
        if (!r) {
            if (mn_err_occurred())
                goto error;
            r = mn_number_binop(a, b, oparg);
            if (!r)
                goto error;
        }
        STACK_SHRINK(1);
        SET_TOP(r);
        MN_DECREF(a);
        MN_DECREF(b);
        DISPATCH();
    }
    TARGET(COMPARE_OP): {
        mn_object *b = TOP(), *a = SECOND(), *r;
        if (MN_INT_CHECK_EXACT(a) && MN_INT_CHECK_EXACT(b) && MN_INT_IS_SMALL(a) && MN_INT_IS_SMALL(b)) {
            int64_t x = MN_INT_SMALL_VALUE(a), y = MN_INT_SMALL_VALUE(b);
            r = MN_NEW_REF(compare_values(oparg, (x > y) - (x < y)) ? mn_true : mn_false);
        } else if (MN_FLOAT_CHECK_EXACT(a) && MN_FLOAT_CHECK_EXACT(b)) {
            double x = MN_FLOAT_VALUE(a), y = MN_FLOAT_VALUE(b);
            int t;
            switch (oparg) {
            case MN_LT: t = x < y; break;
            case MN_LE: t = x <= y; break;
            case MN_EQ: t = x == y; break;
            case MN_NE: t = x != y; break;
            case MN_GT: t = x > y; break;
            default: t = x >= y; break;
            }
            r = MN_NEW_REF(t ? mn_true : mn_false);
        } else {
            r = mn_object_richcompare(a, b, oparg);
            if (!r)
                goto error;
        }
        STACK_SHRINK(1);
        SET_TOP(r);
        MN_DECREF(a);
        MN_DECREF(b);
        DISPATCH();
    }
    TARGET(IS_OP): {
        mn_object *b = POP(), *a = TOP();
        int r = (a == b) ^ oparg;
        SET_TOP(MN_NEW_REF(r ? mn_true : mn_false));
        MN_DECREF(a);
        MN_DECREF(b);
        DISPATCH();
    }
    TARGET(CONTAINS_OP): {
        mn_object *b = TOP(), *a = SECOND();
        int r = mn_sequence_contains(b, a);
        if (r < 0)
            goto error;
        STACK_SHRINK(1);
        SET_TOP(MN_NEW_REF((r ^ oparg) ? mn_true : mn_false));
        MN_DECREF(a);
        MN_DECREF(b);
        DISPATCH();
    }
    TARGET(BINARY_SUBSCR): {
        mn_object *key = TOP(), *container = SECOND(), *r;
        if (MN_LIST_CHECK_EXACT(container) && MN_INT_CHECK_EXACT(key) && MN_INT_IS_SMALL(key) &&
            MN_INT_SMALL_VALUE(key) >= 0 && MN_INT_SMALL_VALUE(key) < MN_LIST_SIZE(container)) {
            r = MN_NEW_REF(MN_LIST_GET(container, MN_INT_SMALL_VALUE(key)));
        } else if (MN_TUPLE_CHECK_EXACT(container) && MN_INT_CHECK_EXACT(key) && MN_INT_IS_SMALL(key) &&
                   MN_INT_SMALL_VALUE(key) >= 0 && MN_INT_SMALL_VALUE(key) < MN_TUPLE_SIZE(container)) {
            r = MN_NEW_REF(MN_TUPLE_GET(container, MN_INT_SMALL_VALUE(key)));
        } else {
            r = mn_object_getitem(container, key);
            if (!r)
                goto error;
        }
        STACK_SHRINK(1);
        SET_TOP(r);
        MN_DECREF(container);
        MN_DECREF(key);
        DISPATCH();
    }
    TARGET(STORE_SUBSCR): {
        mn_object *key = TOP(), *container = SECOND(), *v = THIRD();
        int r = mn_object_setitem(container, key, v);
        if (r < 0)
            goto error;
        STACK_SHRINK(3);
        MN_DECREF(key);
        MN_DECREF(container);
        MN_DECREF(v);
        DISPATCH();
    }
    TARGET(DELETE_SUBSCR): {
        mn_object *key = TOP(), *container = SECOND();
        if (mn_object_delitem(container, key) < 0)
            goto error;
        STACK_SHRINK(2);
        MN_DECREF(key);
        MN_DECREF(container);
        DISPATCH();
    }
    TARGET(BUILD_SLICE): {
        mn_object *step = oparg == 3 ? POP() : NULL;
        mn_object *stop = POP(), *start = TOP();
        mn_object *s = mn_slice_new(start, stop, step);
        MN_DECREF(start);
        MN_DECREF(stop);
        MN_XDECREF(step);
        SET_TOP(s);
        if (!s) {
            STACK_SHRINK(1);
            goto error;
        }
        DISPATCH();
    }
    TARGET(BUILD_TUPLE): {
        mn_object *t = mn_tuple_new(oparg);
        if (!t)
            goto error;
        for (int i = oparg; i > 0; i--)
            MN_TUPLE_SET(t, i - 1, POP());
        PUSH(t);
        DISPATCH();
    }
    TARGET(BUILD_LIST): {
        mn_object *l = mn_list_new(oparg);
        if (!l)
            goto error;
        for (int i = oparg; i > 0; i--)
            MN_LIST_SET(l, i - 1, POP());
        PUSH(l);
        DISPATCH();
    }
    TARGET(BUILD_SET): {
        mn_object *s = mn_set_new(NULL);
        int err = !s;
        for (int i = oparg; i > 0; i--) {
            mn_object *item = PEEK(i);
            if (!err && mn_set_add(s, item) < 0)
                err = 1;
            MN_DECREF(item);
        }
        STACK_SHRINK(oparg);
        if (err) {
            MN_XDECREF(s);
            goto error;
        }
        PUSH(s);
        DISPATCH();
    }
    TARGET(BUILD_MAP): {
        mn_object *d = mn_dict_new();
        int err = !d;
        for (int i = oparg; i > 0; i--) {
            mn_object *k = PEEK(2 * i), *v = PEEK(2 * i - 1);
            if (!err && mn_dict_set_item(d, k, v) < 0)
                err = 1;
        }
        for (int i = 0; i < 2 * oparg; i++)
            MN_DECREF(POP());
        if (err) {
            MN_XDECREF(d);
            goto error;
        }
        PUSH(d);
        DISPATCH();
    }
    TARGET(BUILD_CONST_KEY_MAP): {
        mn_object *keys = TOP();
        mn_object *d = mn_dict_new();
        int err = !d;
        for (int i = 0; i < oparg && !err; i++)
            if (mn_dict_set_item(d, MN_TUPLE_GET(keys, i), PEEK(oparg + 1 - i)) < 0)
                err = 1;
        MN_DECREF(POP());
        for (int i = 0; i < oparg; i++)
            MN_DECREF(POP());
        if (err) {
            MN_XDECREF(d);
            goto error;
        }
        PUSH(d);
        DISPATCH();
    }
    TARGET(BUILD_STRING): {
        mn_str_builder sb;
        mn_sb_init(&sb);
        for (int i = oparg; i > 0; i--)
            mn_sb_append_str(&sb, PEEK(i));
        for (int i = 0; i < oparg; i++)
            MN_DECREF(POP());
        mn_object *s = mn_sb_finish(&sb);
        if (!s)
            goto error;
        PUSH(s);
        DISPATCH();
    }
    TARGET(LIST_APPEND): {
        mn_object *v = POP();
        int r = mn_list_append(PEEK(oparg), v);
        MN_DECREF(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(SET_ADD): {
        mn_object *v = POP();
        int r = mn_set_add(PEEK(oparg), v);
        MN_DECREF(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(MAP_ADD): {
        mn_object *v = POP(), *k = POP();
        int r = mn_dict_set_item(PEEK(oparg), k, v);
        MN_DECREF(k);
        MN_DECREF(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(LIST_EXTEND): {
        mn_object *it = POP();
        if (mn_list_extend(PEEK(oparg), it) < 0) {
            if (mn_err_matches(&mn_exc_TypeError) && !MN_TYPE(it)->iter && !MN_TYPE(it)->getitem) {
                mn_err_clear();
                mn_err_format(&mn_exc_TypeError, "Value after * must be an iterable, not %s", MN_TYPE_NAME(it));
            }
            MN_DECREF(it);
            goto error;
        }
        MN_DECREF(it);
        DISPATCH();
    }
    TARGET(SET_UPDATE): {
        mn_object *it = POP();
        mn_object *set = PEEK(oparg);
        mn_object *iter = mn_object_get_iter(it);
        MN_DECREF(it);
        if (!iter)
            goto error;
        mn_object *x;
        int err = 0;
        while ((x = mn_iter_next(iter))) {
            err = mn_set_add(set, x);
            MN_DECREF(x);
            if (err < 0)
                break;
        }
        MN_DECREF(iter);
        if (err < 0 || mn_err_occurred())
            goto error;
        DISPATCH();
    }
    TARGET(DICT_UPDATE): {
        mn_object *update = POP();
        if (mn_dict_update(PEEK(oparg), update) < 0) {
            if (mn_err_matches(&mn_exc_AttributeError) || mn_err_matches(&mn_exc_TypeError)) {
                if (!MN_DICT_CHECK(update) && !mn_object_hasattr_str(update, "keys")) {
                    mn_err_clear();
                    mn_err_format(&mn_exc_TypeError, "'%s' object is not a mapping", MN_TYPE_NAME(update));
                }
            }
            MN_DECREF(update);
            goto error;
        }
        MN_DECREF(update);
        DISPATCH();
    }
    TARGET(DICT_MERGE): {
        mn_object *update = POP();
        mn_object *dict = PEEK(oparg);
        if (!MN_DICT_CHECK(update) && !mn_object_hasattr_str(update, "keys")) {
            mn_err_set_string(&mn_exc_AttributeError, "keys");
            format_kwargs_error(PEEK(2 + oparg), update);
            MN_DECREF(update);
            goto error;
        }
        if (mn_dict_merge(dict, update, 2) < 0) {
            format_kwargs_error(PEEK(2 + oparg), update);
            MN_DECREF(update);
            goto error;
        }
        MN_DECREF(update);
        DISPATCH();
    }
    TARGET(LIST_TO_TUPLE): {
        mn_object *l = TOP(), *t = mn_list_as_tuple(l);
        if (!t)
            goto error;
        SET_TOP(t);
        MN_DECREF(l);
        DISPATCH();
    }
    TARGET(FORMAT_VALUE): {
        mn_object *spec = (oparg & 4) ? POP() : NULL;
        mn_object *v = TOP();
        mn_object *r = format_value(v, oparg & 3, spec);
        MN_XDECREF(spec);
        if (!r)
            goto error;
        SET_TOP(r);
        MN_DECREF(v);
        DISPATCH();
    }
    TARGET(UNPACK_SEQUENCE): {
        mn_object *seq = POP();
        if ((MN_TUPLE_CHECK_EXACT(seq) && MN_TUPLE_SIZE(seq) == oparg) ||
            (MN_LIST_CHECK_EXACT(seq) && MN_LIST_SIZE(seq) == oparg)) {
            mn_object **items = MN_TUPLE_CHECK_EXACT(seq) ? MN_TUPLE_ITEMS(seq) : MN_LIST_ITEMS(seq);
            for (int i = oparg; i > 0; i--) {
                MN_INCREF(items[i - 1]);
                PUSH(items[i - 1]);
            }
        } else if (MN_TUPLE_CHECK_EXACT(seq) || MN_LIST_CHECK_EXACT(seq)) {
            mn_ssize n = MN_SIZE(seq);
            if (n < oparg)
                mn_err_format(&mn_exc_ValueError, "not enough values to unpack (expected %d, got %zd)", oparg, n);
            else
                mn_err_format(&mn_exc_ValueError, "too many values to unpack (expected %d)", oparg);
            MN_DECREF(seq);
            goto error;
        } else {
            if (unpack_iterable(seq, oparg, -1, stack_pointer) < 0) {
                MN_DECREF(seq);
                goto error;
            }
            stack_pointer += oparg;
        }
        MN_DECREF(seq);
        DISPATCH();
    }
    TARGET(UNPACK_EX): {
        int before = oparg & 0xff, after = oparg >> 8;
        mn_object *seq = POP();
        if (unpack_iterable(seq, before, after, stack_pointer) < 0) {
            MN_DECREF(seq);
            goto error;
        }
        stack_pointer += before + after + 1;
        MN_DECREF(seq);
        DISPATCH();
    }
    TARGET(JUMP): {
        if (oparg < pc && ts->eval_breaker && check_eval_breaker(ts) < 0)
            goto error;
        pc = oparg;
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_FALSE): {
        mn_object *v = POP();
        if (v == mn_false) {
            pc = oparg;
        } else if (v != mn_true) {
            int t = mn_object_is_true(v);
            if (t < 0) {
                MN_DECREF(v);
                goto error;
            }
            if (!t)
                pc = oparg;
        }
        MN_DECREF(v);
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_TRUE): {
        mn_object *v = POP();
        if (v == mn_true) {
            pc = oparg;
        } else if (v != mn_false) {
            int t = mn_object_is_true(v);
            if (t < 0) {
                MN_DECREF(v);
                goto error;
            }
            if (t)
                pc = oparg;
        }
        MN_DECREF(v);
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_NONE): {
        mn_object *v = POP();
        if (v == mn_none)
            pc = oparg;
        MN_DECREF(v);
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_NOT_NONE): {
        mn_object *v = POP();
        if (v != mn_none)
            pc = oparg;
        MN_DECREF(v);
        DISPATCH();
    }
    TARGET(JUMP_IF_FALSE_OR_POP): {
        mn_object *v = TOP();
        int t = v == mn_true ? 1 : v == mn_false ? 0 : mn_object_is_true(v);
        if (t < 0)
            goto error;
        if (!t) {
            pc = oparg;
        } else {
            STACK_SHRINK(1);
            MN_DECREF(v);
        }
        DISPATCH();
    }
    TARGET(JUMP_IF_TRUE_OR_POP): {
        mn_object *v = TOP();
        int t = v == mn_true ? 1 : v == mn_false ? 0 : mn_object_is_true(v);
        if (t < 0)
            goto error;
        if (t) {
            pc = oparg;
        } else {
            STACK_SHRINK(1);
            MN_DECREF(v);
        }
        DISPATCH();
    }
    TARGET(GET_ITER): {
        mn_object *v = TOP(), *it = mn_object_get_iter(v);
        if (!it)
            goto error;
        SET_TOP(it);
        MN_DECREF(v);
        DISPATCH();
    }
    TARGET(FOR_ITER): {
        mn_object *it = TOP();
        mn_object *next = MN_TYPE(it)->iternext(it);
        if (next) {
            PUSH(next);
            DISPATCH();
        }
        if (mn_err_occurred()) {
            if (!mn_err_matches(&mn_exc_StopIteration))
                goto error;
            mn_err_clear();
        }
        STACK_SHRINK(1);
        MN_DECREF(it);
        pc = oparg;
        DISPATCH();
    }
    TARGET(RETURN_VALUE): {
        retval = POP();
        goto exit_frame;
    }
    TARGET(KW_NAMES): {
        kwnames = consts[oparg];
        DISPATCH();
    }
    TARGET(CALL): {
        int is_meth = PEEK(oparg + 2) != NULL;
        mn_object *callable = is_meth ? PEEK(oparg + 2) : PEEK(oparg + 1);
        if (!is_meth && MN_TYPE(callable) == &mn_method_type) {
            /* Unpack a bound method so the function sees self as args[0]. */
            mn_object *self = ((mn_method *)callable)->self, *func = ((mn_method *)callable)->func;
            MN_INCREF(self);
            MN_INCREF(func);
            PEEK(oparg + 2) = func;
            PEEK(oparg + 1) = self;
            MN_DECREF(callable);
            callable = func;
            is_meth = 1;
        }
        int nargs = oparg + is_meth;
        mn_object **args = stack_pointer - nargs;
        mn_ssize nkw = kwnames ? MN_TUPLE_SIZE(kwnames) : 0;
        mn_object *kw = kwnames;
        kwnames = NULL;
        if (MN_TYPE(callable) == &mn_function_type) {
            /* mini -> mini: push the callee's frame and keep looping. */
            mn_function *fn = (mn_function *)callable;
            mn_code *nco = (mn_code *)fn->code;
            if (mn_recursion_depth + 1 > mn_recursion_limit) {
                recursion_error();
                goto error;
            }
            mn_frame *nf = mn_frame_push(ts, nco);
            if (!nf)
                goto error;
            mn_frame_init(nf, nco, callable, fn->globals, fn->builtins, NULL);
            if (mn_function_bind_args(fn, nf, args, nargs - nkw, kw) < 0) {
                mn_frame_clear(nf);
                mn_frame_pop(ts, nf);
                goto error;
            }
            for (int i = 0; i < nargs; i++)
                MN_DECREF(args[i]);
            STACK_SHRINK(nargs);
            /* [NULL, callable] or [function] (self was args[0]) remain. */
            for (int i = is_meth ? 1 : 2; i > 0; i--) {
                mn_object *below = POP();
                MN_XDECREF(below);
            }
            SAVE_STACK();
            nf->previous = frame;
            ts->frame = nf;
            mn_recursion_depth++;
            frame = nf;
            LOAD_FRAME();
            DISPATCH();
        }
        mn_object *res = mn_object_call(callable, args, nargs - nkw, kw);
        for (int i = 0; i < nargs; i++)
            MN_DECREF(args[i]);
        STACK_SHRINK(nargs);
        for (int i = is_meth ? 1 : 2; i > 0; i--) {
            mn_object *below = POP();
            MN_XDECREF(below);
        }
        if (!res)
            goto error;
        PUSH(res);
        if (ts->eval_breaker && check_eval_breaker(ts) < 0)
            goto error;
        DISPATCH();
    }
    TARGET(CALL_FUNCTION_EX): {
        mn_object *kwargs = (oparg & 1) ? POP() : NULL;
        mn_object *callargs = POP();
        mn_object *func = TOP();
        if (!MN_TUPLE_CHECK_EXACT(callargs)) {
            if (!MN_TYPE(callargs)->iter && !MN_TYPE(callargs)->getitem) {
                mn_object *fs = function_str(func);
                if (fs) {
                    mn_err_format(&mn_exc_TypeError, "%U argument after * must be an iterable, not %s", fs,
                                  MN_TYPE_NAME(callargs));
                    MN_DECREF(fs);
                }
                MN_DECREF(callargs);
                MN_XDECREF(kwargs);
                goto error;
            }
            mn_object *t = mn_tuple_from_iterable(callargs);
            MN_DECREF(callargs);
            if (!t) {
                MN_XDECREF(kwargs);
                goto error;
            }
            callargs = t;
        }
        if (kwargs && !MN_DICT_CHECK_EXACT(kwargs)) {
            mn_object *d = mn_dict_new();
            if (!d || mn_dict_merge(d, kwargs, 2) < 0) {
                format_kwargs_error(func, kwargs);
                MN_XDECREF(d);
                MN_DECREF(callargs);
                MN_DECREF(kwargs);
                goto error;
            }
            MN_SETREF(kwargs, d);
        }
        mn_object *res = mn_object_call_tuple_dict(func, callargs, kwargs);
        MN_DECREF(callargs);
        MN_XDECREF(kwargs);
        STACK_SHRINK(1);
        MN_DECREF(func);
        mn_object *null = POP();
        MN_XDECREF(null);
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }
    TARGET(MAKE_FUNCTION): {
        mn_object *codeobj = POP();
        mn_object *fn = mn_function_new(codeobj, frame->globals, NULL);
        MN_DECREF(codeobj);
        if (!fn)
            goto error;
        mn_function *f = (mn_function *)fn;
        if (oparg & 8)
            f->closure = POP();
        if (oparg & 4)
            f->annotations = POP();
        if (oparg & 2)
            f->kwdefaults = POP();
        if (oparg & 1)
            f->defaults = POP();
        PUSH(fn);
        DISPATCH();
    }
    TARGET(LOAD_BUILD_CLASS): {
        mn_object *bc = mn_dict_get_item_str(frame->builtins, "__build_class__");
        if (!bc) {
            if (!mn_err_occurred())
                mn_err_set_string(&mn_exc_NameError, "__build_class__ not found");
            goto error;
        }
        MN_INCREF(bc);
        PUSH(bc);
        DISPATCH();
    }
    TARGET(SETUP_ANNOTATIONS): {
        if (!frame->locals) {
            mn_err_set_string(&mn_exc_SystemError, "no locals found when setting up annotations");
            goto error;
        }
        mn_object *key = mn_str_intern_cstr("__annotations__");
        if (!key)
            goto error;
        int has;
        if (MN_DICT_CHECK_EXACT(frame->locals)) {
            has = mn_dict_contains(frame->locals, key);
        } else {
            mn_object *v = mn_object_getitem(frame->locals, key);
            has = v != NULL;
            MN_XDECREF(v);
            if (!v && mn_err_matches(&mn_exc_KeyError))
                mn_err_clear();
            else if (!v)
                has = -1;
        }
        if (has == 0) {
            mn_object *d = mn_dict_new();
            has = d ? mn_object_setitem(frame->locals, key, d) : -1;
            MN_XDECREF(d);
        }
        MN_DECREF(key);
        if (has < 0)
            goto error;
        DISPATCH();
    }
    TARGET(PRINT_EXPR): {
        mn_object *v = POP();
        int r = print_expr(frame->builtins, v);
        MN_DECREF(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(LOAD_LOCALS): {
        if (!frame->locals) {
            mn_err_set_string(&mn_exc_SystemError, "no locals found");
            goto error;
        }
        MN_INCREF(frame->locals);
        PUSH(frame->locals);
        DISPATCH();
    }
    TARGET(RAISE_VARARGS): {
        mn_object *cause = NULL, *exc = NULL;
        if (oparg == 2)
            cause = POP();
        if (oparg >= 1)
            exc = POP();
        if (!exc) {
            mn_object *h = mn_vm_handled_exception();
            if (!h) {
                mn_err_set_string(&mn_exc_RuntimeError, "No active exception to reraise");
                goto error;
            }
            mn_err_restore(MN_NEW_REF(h));
            goto exception_unwind;
        }
        do_raise(exc, cause);
        MN_DECREF(exc);
        MN_XDECREF(cause);
        goto error;
    }
    TARGET(RERAISE): {
        if (oparg) {
            mn_object *lasti = PEEK(oparg + 1);
            if (lasti && MN_INT_CHECK_EXACT(lasti))
                frame->lasti = (int)MN_INT_SMALL_VALUE(lasti);
        }
        mn_object *exc = POP();
        mn_err_restore(exc);
        goto exception_unwind;
    }
    TARGET(PUSH_EXC_INFO): {
        mn_object *v = TOP();
        mn_exc_stack_item *ei = ts->exc_info;
        mn_object *prev = ei->exc_value;
        SET_TOP(prev ? prev : MN_NEW_REF(mn_none));
        ei->exc_value = MN_NEW_REF(v);
        PUSH(v);
        DISPATCH();
    }
    TARGET(POP_EXCEPT): {
        mn_object *v = POP();
        mn_exc_stack_item *ei = ts->exc_info;
        mn_object *old = ei->exc_value;
        if (v == mn_none) {
            MN_DECREF(v);
            v = NULL;
        }
        ei->exc_value = v;
        MN_XDECREF(old);
        DISPATCH();
    }
    TARGET(CHECK_EXC_MATCH): {
        mn_object *right = POP(), *left = TOP();
        if (check_except_type_valid(right) < 0) {
            MN_DECREF(right);
            goto error;
        }
        int r = mn_err_exception_matches(left, right);
        MN_DECREF(right);
        PUSH(MN_NEW_REF(r ? mn_true : mn_false));
        DISPATCH();
    }
    TARGET(LOAD_ASSERTION_ERROR): {
        PUSH(MN_NEW_REF(&mn_exc_AssertionError));
        DISPATCH();
    }
    TARGET(BEFORE_WITH): {
        mn_object *mgr = TOP();
        mn_object *enter = lookup_special(mgr, "__enter__");
        if (!enter) {
            if (!mn_err_occurred())
                mn_err_format(&mn_exc_TypeError, "'%s' object does not support the context manager protocol",
                              MN_TYPE_NAME(mgr));
            goto error;
        }
        mn_object *exit = lookup_special(mgr, "__exit__");
        if (!exit) {
            if (!mn_err_occurred())
                mn_err_format(&mn_exc_TypeError,
                              "'%s' object does not support the context manager protocol (missed __exit__ method)",
                              MN_TYPE_NAME(mgr));
            MN_DECREF(enter);
            goto error;
        }
        SET_TOP(exit);
        MN_DECREF(mgr);
        mn_object *res = mn_object_call0(enter);
        MN_DECREF(enter);
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }
    TARGET(WITH_EXCEPT_START): {
        mn_object *val = TOP(), *exit_func = PEEK(4);
        mn_object *tb = ((mn_base_exception *)val)->traceback;
        mn_object *args[3] = { MN_OBJ(MN_TYPE(val)), val, tb ? tb : mn_none };
        mn_object *res = mn_object_call(exit_func, args, 3, NULL);
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }
    TARGET(IMPORT_NAME): {
        mn_object *name = names[oparg];
        mn_object *fromlist = POP(), *level = TOP();
        mn_object *imp = mn_dict_get_item_str(frame->builtins, "__import__");
        if (!imp) {
            if (!mn_err_occurred())
                mn_err_set_string(&mn_exc_ImportError, "__import__ not found");
            MN_DECREF(fromlist);
            goto error;
        }
        mn_object *args[5] = { name, frame->globals, frame->locals ? frame->locals : mn_none, fromlist, level };
        MN_INCREF(imp);
        mn_object *res = mn_object_call(imp, args, 5, NULL);
        MN_DECREF(imp);
        MN_DECREF(fromlist);
        if (!res)
            goto error;
        SET_TOP(res);
        MN_DECREF(level);
        DISPATCH();
    }
    TARGET(IMPORT_FROM): {
        mn_object *res = import_from(TOP(), names[oparg]);
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }
    TARGET(IMPORT_STAR): {
        mn_object *mod = POP();
        if (!frame->locals) {
            mn_err_set_string(&mn_exc_SystemError, "no locals found during 'import *'");
            MN_DECREF(mod);
            goto error;
        }
        int r = import_star(frame->locals, mod);
        MN_DECREF(mod);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(RETURN_GENERATOR): {
        mn_object *gen = mn_gen_from_frame(frame);
        if (!gen)
            goto error;
        /* The frame's contents moved into the generator; pop the shell. */
        mn_frame *prev = frame->previous;
        int is_entry = frame->is_entry;
        ts->frame = prev;
        mn_recursion_depth--;
        mn_frame_pop(ts, frame);
        if (is_entry) {
            ts->c_entries--;
            return gen;
        }
        frame = prev;
        LOAD_FRAME();
        PUSH(gen);
        DISPATCH();
    }
    TARGET(YIELD_VALUE): {
        retval = POP();
        SAVE_STACK();
        frame->state = MN_FRAME_SUSPENDED;
        ts->frame = frame->previous;
        mn_recursion_depth--;
        ts->c_entries--;
        return retval;
    }
    TARGET(SEND): {
        mn_object *v = POP(), *receiver = TOP(), *res;
        int is_return = 0;
        if (MN_TYPE(receiver) == &mn_generator_type) {
            res = mn_gen_send_ex(receiver, v, &is_return);
        } else if (v == mn_none && MN_TYPE(receiver)->iternext) {
            res = MN_TYPE(receiver)->iternext(receiver);
            if (!res) {
                if (!mn_err_occurred() || mn_err_matches(&mn_exc_StopIteration)) {
                    /* Exhausted: the StopIteration value is the result. */
                    mn_object *e = mn_err_fetch();
                    res = NULL;
                    if (e) {
                        mn_object *args = mn_exception_get_args(e);
                        res = args && MN_TUPLE_SIZE(args) > 0 ? MN_NEW_REF(MN_TUPLE_GET(args, 0)) : NULL;
                        MN_DECREF(e);
                    }
                    if (!res)
                        res = MN_NEW_REF(mn_none);
                    is_return = 1;
                }
            }
        } else {
            res = mn_object_call_method(receiver, "send", &v, 1);
            if (!res && mn_err_matches(&mn_exc_StopIteration)) {
                mn_object *e = mn_err_fetch();
                mn_object *args = mn_exception_get_args(e);
                res = MN_NEW_REF(args && MN_TUPLE_SIZE(args) > 0 ? MN_TUPLE_GET(args, 0) : mn_none);
                MN_DECREF(e);
                is_return = 1;
            }
        }
        MN_DECREF(v);
        if (!res)
            goto error;
        if (is_return) {
            MN_DECREF(receiver);
            SET_TOP(res);
            pc = oparg;
            DISPATCH();
        }
        PUSH(res);
        DISPATCH();
    }
    TARGET(GET_YIELD_FROM_ITER): {
        mn_object *v = TOP();
        if (MN_TYPE(v) != &mn_generator_type) {
            mn_object *it = mn_object_get_iter(v);
            if (!it)
                goto error;
            SET_TOP(it);
            MN_DECREF(v);
        }
        DISPATCH();
    }
    TARGET(GET_AWAITABLE):
    TARGET(GET_AITER):
    TARGET(GET_ANEXT):
    TARGET(END_ASYNC_FOR):
    TARGET(BEFORE_ASYNC_WITH):
    TARGET(ASYNC_GEN_WRAP): {
        mn_err_format(&mn_exc_SystemError, "opcode %s is not supported yet",
                      mn_opcode_names[MN_INSTR_OP(instr)]);
        goto error;
    }

#if !USE_COMPUTED_GOTOS
    default:
        goto unknown_opcode;
    }
#endif

unknown_opcode:
    mn_err_format(&mn_exc_SystemError, "unknown opcode %d", MN_INSTR_OP(instr));
    goto error;

error_at_lasti:
error:
    kwnames = NULL;
    if (!mn_err_occurred())
        mn_err_set_string(&mn_exc_SystemError, "error return without exception set");
    mn_traceback_add(mn_err_occurred(), frame);

exception_unwind: {
        /* Look up the instruction executing now (pc - 1), not frame->lasti,
         * which RERAISE may have set back to the original raise point. */
        mn_exc_entry *h = co->nexc ? find_handler(co, pc - 1) : NULL;
        if (h) {
            mn_object **target = STACK_BASE() + h->depth;
            while (stack_pointer > target) {
                mn_object *v = POP();
                MN_XDECREF(v);
            }
            if (h->lasti) {
                mn_object *li = mn_int_from_i64(frame->lasti);
                if (!li)
                    goto exception_unwind;
                PUSH(li);
            }
            PUSH(mn_err_fetch());
            pc = h->handler;
            DISPATCH();
        }
        while (stack_pointer > STACK_BASE()) {
            mn_object *v = POP();
            MN_XDECREF(v);
        }
        retval = NULL;
    }

exit_frame: {
        /* Leaving `frame` with retval (NULL: exception). */
        mn_frame *prev = frame->previous;
        ts->frame = prev;
        mn_recursion_depth--;
        if (frame->owner == MN_FRAME_OWNED_BY_GENERATOR) {
            while (stack_pointer > STACK_BASE()) {
                mn_object *v = POP();
                MN_XDECREF(v);
            }
            frame->stacktop = 0;
            frame->state = MN_FRAME_COMPLETED;
            ts->c_entries--;
            return retval;
        }
        while (stack_pointer > STACK_BASE()) {
            mn_object *v = POP();
            MN_XDECREF(v);
        }
        frame->stacktop = 0;
        mn_object *err = retval ? NULL : mn_err_fetch();
        int is_entry = frame->is_entry;
        mn_frame_clear(frame);
        mn_frame_pop(ts, frame);
        if (err)
            mn_err_restore(err);
        if (is_entry) {
            ts->c_entries--;
            return retval;
        }
        frame = prev;
        LOAD_FRAME();
        if (!retval)
            goto error;
        PUSH(retval);
        retval = NULL;
        DISPATCH();
    }

entry_failed:
    /* The frame never ran: release it as its creator expects. */
    if (frame->owner == MN_FRAME_OWNED_BY_THREAD) {
        mn_object *err = mn_err_fetch();
        mn_frame_clear(frame);
        mn_frame_pop(ts, frame);
        mn_err_restore(err);
    }
    return NULL;
}

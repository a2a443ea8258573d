/* vm/generator.c — generator objects: __next__, send, throw, close,
 * `yield from` delegation, PEP 479 and the gi_* attributes.
 *
 * Design: calling a generator function runs its frame on the thread's frame
 * stack up to RETURN_GENERATOR, which *copies* the frame record (locals +
 * value stack) into the generator object (mn_gen_from_frame) and returns
 * the generator. The frame then lives inside the generator for its whole
 * life; each resumption links it to the resumer (frame->previous) and runs
 * it as an entry frame of a nested mn_eval_frame call, which returns at
 * YIELD_VALUE (state SUSPENDED) or at the end (COMPLETED). The generator
 * also carries its own handled-exception item, pushed on the thread's
 * exception stack while it runs (CPython's gi_exc_state). Coroutines and
 * async generators can reuse this object layout with other types.
 */
#include <string.h>
#include "vm/frame.h"

typedef struct mn_gen_full {
    mn_gen g;
} mn_gen_full;

/* The generator's code is kept for gi_code after the frame is cleared. */
#define GEN_CODE(gen) ((gen)->yieldfrom_hint)

mn_object *mn_gen_from_frame(mn_frame *f)
{
    mn_code *co = f->code;
    size_t size = mn_frame_size(co);
    mn_gen *gen = (mn_gen *)mn_type_generic_alloc(&mn_generator_type, (mn_ssize)size);
    if (!gen)
        return NULL;
    mn_frame *gf = MN_GEN_FRAME(gen);
    size_t used = sizeof(mn_frame) + sizeof(mn_object *) * (size_t)(co->nlocalsplus + f->stacktop);
    /* The value stack is empty at RETURN_GENERATOR. */
    memcpy(gf, f, used);
    gf->stacktop = 0;
    gf->owner = MN_FRAME_OWNED_BY_GENERATOR;
    gf->state = MN_FRAME_CREATED;
    gf->is_entry = 0;
    gf->previous = NULL;
    if (gf->frame_obj)
        ((mn_frame_object *)gf->frame_obj)->frame = gf;
    /* The references now belong to the generator's copy. */
    f->code = NULL;
    f->func = f->globals = f->builtins = f->locals = NULL;
    f->frame_obj = NULL;
    memset(f->localsplus, 0, sizeof(mn_object *) * (size_t)co->nlocalsplus);
    mn_function *fn = (mn_function *)gf->func;
    gen->name = MN_NEW_REF(fn ? fn->name : co->name);
    gen->qualname = MN_NEW_REF(fn ? fn->qualname : co->qualname);
    GEN_CODE(gen) = MN_NEW_REF(co);
    mn_gc_track(MN_OBJ(gen));
    return MN_OBJ(gen);
}

/* Sets StopIteration(value) as CPython's _PyGen_SetStopIterationValue. */
static void set_stop_iteration_value(mn_object *value)
{
    mn_object *e = mn_exception_new(&mn_exc_StopIteration, &value, 1);
    if (!e)
        return;
    mn_err_set_exception(e);
    MN_DECREF(e);
}

static void gen_clear_frame(mn_gen *gen)
{
    mn_frame *f = MN_GEN_FRAME(gen);
    if (f->state >= MN_FRAME_CLEARED && !f->code)
        return;
    f->state = MN_FRAME_CLEARED;
    if (f->code)
        mn_frame_clear(f);
    MN_CLEAR(gen->exc_state.exc_value);
}

/* The core of send/next/throw. exc: an exception is set and must be raised
 * inside the generator. Returns the yielded or returned value (*is_return
 * tells which) or NULL; NULL without exception means "exhausted" (next()). */
static mn_object *gen_send_ex2(mn_gen *gen, mn_object *arg, int exc, int closing, int *is_return)
{
    mn_frame *f = MN_GEN_FRAME(gen);
    *is_return = 0;
    if (f->state == MN_FRAME_CREATED && arg && arg != mn_none && !exc) {
        mn_err_set_string(&mn_exc_TypeError, "can't send non-None value to a just-started generator");
        return NULL;
    }
    if (f->state == MN_FRAME_EXECUTING) {
        mn_err_set_string(&mn_exc_ValueError, "generator already executing");
        return NULL;
    }
    if (f->state >= MN_FRAME_COMPLETED) {
        (void)closing;
        if (arg && !exc) {
            *is_return = 1;
            MN_RETURN_NONE;
        }
        return NULL;
    }
    mn_thread_state *ts = mn_thread_state_get();
    if (!exc) {
        mn_object *v = arg ? arg : mn_none;
        MN_INCREF(v);
        f->localsplus[f->code->nlocalsplus + f->stacktop++] = v;
    }
    gen->exc_state.previous_item = ts->exc_info;
    ts->exc_info = &gen->exc_state;
    MN_INCREF(gen);   /* keep alive while running */
    mn_object *result = mn_eval_frame(ts, f, exc);
    ts->exc_info = gen->exc_state.previous_item;
    gen->exc_state.previous_item = NULL;
    if (f->state == MN_FRAME_SUSPENDED && result) {
        MN_DECREF(gen);
        return result;
    }
    if (f->state == MN_FRAME_CREATED || f->state == MN_FRAME_SUSPENDED) {
        /* Entry failed (recursion limit): the frame never ran; take back
         * the value pushed above. */
        if (!exc) {
            mn_object **top = &f->localsplus[f->code->nlocalsplus + --f->stacktop];
            MN_CLEAR(*top);
        }
        MN_DECREF(gen);
        return NULL;
    }
    /* Finished: a return (result) or an exception. */
    if (result) {
        *is_return = 1;
    } else if (mn_err_matches(&mn_exc_StopIteration)) {
        /* PEP 479: StopIteration escaping a generator becomes RuntimeError. */
        mn_object *si = mn_err_fetch();
        mn_err_set_string(&mn_exc_RuntimeError, "generator raised StopIteration");
        mn_object *re = mn_err_occurred();
        if (re) {
            mn_exception_set_cause(re, MN_NEW_REF(si));
            ((mn_base_exception *)re)->suppress_context = 1;
            if (!((mn_base_exception *)re)->context)
                mn_exception_set_context(re, MN_NEW_REF(si));
        }
        MN_DECREF(si);
    }
    mn_object *err = mn_err_fetch();
    gen_clear_frame(gen);
    mn_err_restore(err);
    MN_DECREF(gen);
    return result;
}

mn_object *mn_gen_send_ex(mn_object *gen, mn_object *value, int *is_return)
{
    return gen_send_ex2((mn_gen *)gen, value, 0, 0, is_return);
}

static mn_object *gen_iternext(mn_object *self)
{
    int is_return;
    mn_object *r = gen_send_ex2((mn_gen *)self, NULL, 0, 0, &is_return);
    if (r && is_return) {
        if (r != mn_none)
            set_stop_iteration_value(r);
        MN_DECREF(r);
        return NULL;
    }
    return r;
}

static mn_object *gen_send(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    int is_return;
    mn_object *r = gen_send_ex2((mn_gen *)self, args[0], 0, 0, &is_return);
    if (r && is_return) {
        if (r == mn_none)
            mn_err_set_none(&mn_exc_StopIteration);
        else
            set_stop_iteration_value(r);
        MN_DECREF(r);
        return NULL;
    }
    return r;
}

/* The delegate of a `yield from` the generator is suspended in, or NULL:
 * suspended at YIELD_VALUE followed by RESUME 2 (CPython's _PyGen_yf). */
static mn_object *gen_yf(mn_gen *gen)
{
    mn_frame *f = MN_GEN_FRAME(gen);
    if (f->state != MN_FRAME_SUSPENDED || !f->code)
        return NULL;
    int next = f->lasti + 1;
    if (next >= f->code->ninstrs)
        return NULL;
    mn_instr i = f->code->code[next];
    if (MN_INSTR_OP(i) != MN_OP_RESUME || MN_INSTR_ARG(i) < 2 || f->stacktop < 1)
        return NULL;
    return f->localsplus[f->code->nlocalsplus + f->stacktop - 1];
}

static int gen_close_iter(mn_object *yf)
{
    if (MN_TYPE(yf) == &mn_generator_type) {
        mn_object *r = mn_object_call_method(yf, "close", NULL, 0);
        if (!r)
            return -1;
        MN_DECREF(r);
        return 0;
    }
    mn_object *meth;
    int found = mn_vm_lookup_attr_str(yf, "close", &meth);
    if (found < 0)
        return -1;   /* CPython would report it as unraisable */
    if (found) {
        mn_object *r = mn_object_call0(meth);
        MN_DECREF(meth);
        if (!r)
            return -1;
        MN_DECREF(r);
    }
    return 0;
}

int mn_vm_lookup_attr_str(mn_object *o, const char *name, mn_object **result);

static mn_object *gen_throw_impl(mn_gen *gen, int close_on_genexit, mn_object *typ, mn_object *val, mn_object *tb);

/* Raises `exc` (already current) inside the generator. */
static mn_object *throw_here(mn_gen *gen)
{
    int is_return;
    mn_object *r = gen_send_ex2(gen, mn_none, 1, 0, &is_return);
    if (r && is_return) {
        if (r != mn_none)
            set_stop_iteration_value(r);
        else
            mn_err_set_none(&mn_exc_StopIteration);
        MN_DECREF(r);
        return NULL;
    }
    return r;
}

static mn_object *gen_throw_impl(mn_gen *gen, int close_on_genexit, mn_object *typ, mn_object *val, mn_object *tb)
{
    mn_object *yf = gen_yf(gen);
    mn_frame *f = MN_GEN_FRAME(gen);
    if (yf) {
        MN_INCREF(yf);
        mn_object *ret = NULL;
        if (MN_TYPE_HAS_FLAG(MN_TYPE(typ), MN_TPFLAGS_TYPE_SUBCLASS) &&
            mn_type_is_subtype((mn_type *)typ, &mn_exc_GeneratorExit) && close_on_genexit) {
            /* Close the delegate first, then raise GeneratorExit here. */
            f->state = MN_FRAME_EXECUTING;
            int err = gen_close_iter(yf);
            f->state = MN_FRAME_SUSPENDED;
            MN_DECREF(yf);
            if (err < 0)
                return throw_here(gen);
            goto throw_self;
        }
        if (MN_TYPE(yf) == &mn_generator_type) {
            f->state = MN_FRAME_EXECUTING;
            ret = gen_throw_impl((mn_gen *)yf, close_on_genexit, typ, val, tb);
            f->state = MN_FRAME_SUSPENDED;
        } else {
            mn_object *meth;
            int found = mn_vm_lookup_attr_str(yf, "throw", &meth);
            if (found < 0) {
                MN_DECREF(yf);
                return throw_here(gen);
            }
            if (!found) {
                MN_DECREF(yf);
                goto throw_self;
            }
            f->state = MN_FRAME_EXECUTING;
            mn_object *args[3] = { typ, val ? val : mn_none, tb ? tb : mn_none };
            ret = mn_object_call(meth, args, val ? (tb ? 3 : 2) : 1, NULL);
            f->state = MN_FRAME_SUSPENDED;
            MN_DECREF(meth);
        }
        MN_DECREF(yf);
        if (!ret) {
            /* The delegate finished: pop it and continue after SEND with
             * its StopIteration value, or raise its error here. */
            mn_object **top = &f->localsplus[f->code->nlocalsplus + --f->stacktop];
            MN_CLEAR(*top);
            mn_instr send = f->code->code[f->lasti - 1];
            if (MN_INSTR_OP(send) == MN_OP_SEND)
                f->lasti = MN_INSTR_ARG(send) - 1;
            int is_return;
            if (mn_err_matches(&mn_exc_StopIteration)) {
                mn_object *e = mn_err_fetch();
                mn_object *args = mn_exception_get_args(e);
                mn_object *v = MN_NEW_REF(args && MN_TUPLE_SIZE(args) > 0 ? MN_TUPLE_GET(args, 0) : mn_none);
                MN_DECREF(e);
                ret = gen_send_ex2(gen, v, 0, 0, &is_return);
                MN_DECREF(v);
                if (ret && is_return) {
                    if (ret != mn_none)
                        set_stop_iteration_value(ret);
                    else
                        mn_err_set_none(&mn_exc_StopIteration);
                    MN_DECREF(ret);
                    ret = NULL;
                }
            } else {
                ret = throw_here(gen);
            }
        }
        return ret;
    }
throw_self:;
    /* Normalise (typ, val, tb) into an exception instance. */
    mn_object *exc;
    if (MN_EXCEPTION_CLASS_CHECK(typ)) {
        if (val && MN_EXCEPTION_CHECK(val) && mn_type_is_subtype(MN_TYPE(val), (mn_type *)typ))
            exc = MN_NEW_REF(val);
        else if (!val || val == mn_none)
            exc = mn_object_call0(typ);
        else if (MN_TUPLE_CHECK(val))
            exc = mn_object_call(typ, MN_TUPLE_ITEMS(val), MN_TUPLE_SIZE(val), NULL);
        else
            exc = mn_object_call1(typ, val);
        if (!exc)
            return NULL;
    } else if (MN_EXCEPTION_CHECK(typ)) {
        if (val && val != mn_none) {
            mn_err_set_string(&mn_exc_TypeError, "instance exception may not have a separate value");
            return NULL;
        }
        exc = MN_NEW_REF(typ);
    } else {
        mn_err_format(&mn_exc_TypeError, "exceptions must be classes or instances deriving from BaseException, not %s",
                      MN_TYPE_NAME(typ));
        return NULL;
    }
    if (tb && tb != mn_none) {
        if (MN_TYPE(tb) != &mn_traceback_type) {
            MN_DECREF(exc);
            mn_err_set_string(&mn_exc_TypeError, "throw() third argument must be a traceback object");
            return NULL;
        }
        mn_exception_set_traceback(exc, tb);
    }
    mn_err_restore(exc);
    return throw_here(gen);
}

static mn_object *gen_throw(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    if (mn_args_no_keywords("throw", kwnames) < 0 || mn_args_count("throw", nargs, 1, 3) < 0)
        return NULL;
    return gen_throw_impl((mn_gen *)self, 1, args[0], nargs > 1 ? args[1] : NULL, nargs > 2 ? args[2] : NULL);
}

static mn_object *gen_close(mn_object *self, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n,
                            MN_UNUSED mn_object *k)
{
    mn_gen *gen = (mn_gen *)self;
    mn_frame *f = MN_GEN_FRAME(gen);
    if (f->state == MN_FRAME_CREATED) {
        gen_clear_frame(gen);
        MN_RETURN_NONE;
    }
    if (f->state >= MN_FRAME_COMPLETED)
        MN_RETURN_NONE;
    int err = 0;
    mn_object *yf = gen_yf(gen);
    if (yf) {
        MN_INCREF(yf);
        f->state = MN_FRAME_EXECUTING;
        err = gen_close_iter(yf);
        f->state = MN_FRAME_SUSPENDED;
        MN_DECREF(yf);
    }
    if (err == 0)
        mn_err_set_none(&mn_exc_GeneratorExit);
    int is_return;
    mn_object *r = gen_send_ex2(gen, mn_none, 1, 1, &is_return);
    if (r) {
        MN_DECREF(r);
        if (!is_return) {
            mn_err_set_string(&mn_exc_RuntimeError, "generator ignored GeneratorExit");
            return NULL;
        }
        MN_RETURN_NONE;
    }
    if (mn_err_matches(&mn_exc_StopIteration) || mn_err_matches(&mn_exc_GeneratorExit)) {
        mn_err_clear();
        MN_RETURN_NONE;
    }
    return NULL;
}

/* PEP 442 finaliser: close a suspended generator before it dies. */
static void gen_finalize(mn_object *self)
{
    mn_gen *gen = (mn_gen *)self;
    mn_frame *f = MN_GEN_FRAME(gen);
    if (f->state != MN_FRAME_SUSPENDED)
        return;
    mn_object *saved = mn_err_fetch();
    mn_object *r = gen_close(self, NULL, 0, NULL);
    if (r) {
        MN_DECREF(r);
    } else {
        mn_object *e = mn_err_fetch();
        mn_object *rep = mn_object_repr(self);
        if (!rep)
            mn_err_clear();
        fprintf(stderr, "Exception ignored in: %s\n", rep ? mn_str_as_utf8(rep) : "<generator>");
        MN_XDECREF(rep);
        mn_err_restore(e);
        mn_err_print();
    }
    mn_err_restore(saved);
}

static int gen_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    mn_gen *gen = (mn_gen *)self;
    MN_VISIT(gen->name);
    MN_VISIT(gen->qualname);
    MN_VISIT(GEN_CODE(gen));
    MN_VISIT(gen->exc_state.exc_value);
    mn_frame *f = MN_GEN_FRAME(gen);
    if (f->code && f->state != MN_FRAME_EXECUTING) {
        MN_VISIT(f->func); MN_VISIT(f->globals); MN_VISIT(f->builtins);
        MN_VISIT(f->locals); MN_VISIT(f->frame_obj);
        for (int i = 0; i < f->code->nlocalsplus + f->stacktop; i++)
            MN_VISIT(f->localsplus[i]);
    }
    return 0;
}

static int gen_clear(mn_object *self)
{
    mn_gen *gen = (mn_gen *)self;
    if (MN_GEN_FRAME(gen)->state != MN_FRAME_EXECUTING)
        gen_clear_frame(gen);
    return 0;
}

static void gen_dealloc(mn_object *self)
{
    mn_gen *gen = (mn_gen *)self;
    mn_gc_untrack(self);
    if (MN_GEN_FRAME(gen)->state == MN_FRAME_SUSPENDED) {
        /* Resurrect for the duration of close(). */
        MN_REFCNT(self) = 1;
        gen_finalize(self);
        if (--MN_REFCNT(self) != 0)
            return;   /* resurrected by the finaliser */
    }
    gen_clear_frame(gen);
    MN_CLEAR(gen->name);
    MN_CLEAR(gen->qualname);
    MN_CLEAR(GEN_CODE(gen));
    mn_object_free(self);
}

static mn_object *gen_repr(mn_object *self)
{
    return mn_str_from_format("<generator object %U at %p>", ((mn_gen *)self)->qualname, (void *)self);
}

static mn_object *gen_iter(mn_object *self)
{
    return MN_NEW_REF(self);
}

static mn_object *gen_get_frame(mn_object *self, MN_UNUSED void *c)
{
    mn_frame *f = MN_GEN_FRAME(self);
    if (f->state >= MN_FRAME_COMPLETED || !f->code)
        MN_RETURN_NONE;
    return mn_frame_get_object(f);
}
static mn_object *gen_get_running(mn_object *self, MN_UNUSED void *c)
{
    MN_RETURN_BOOL(MN_GEN_FRAME(self)->state == MN_FRAME_EXECUTING);
}
static mn_object *gen_get_suspended(mn_object *self, MN_UNUSED void *c)
{
    MN_RETURN_BOOL(MN_GEN_FRAME(self)->state == MN_FRAME_SUSPENDED);
}
static mn_object *gen_get_code(mn_object *self, MN_UNUSED void *c)
{
    return MN_NEW_REF(GEN_CODE((mn_gen *)self));
}
static mn_object *gen_get_yieldfrom(mn_object *self, MN_UNUSED void *c)
{
    mn_object *yf = gen_yf((mn_gen *)self);
    return MN_NEW_REF(yf ? yf : mn_none);
}
static mn_object *gen_get_name(mn_object *self, MN_UNUSED void *c) { return MN_NEW_REF(((mn_gen *)self)->name); }
static mn_object *gen_get_qualname(mn_object *self, MN_UNUSED void *c) { return MN_NEW_REF(((mn_gen *)self)->qualname); }
static int gen_set_str(mn_object **slot, mn_object *v, const char *what)
{
    if (!v || !MN_STR_CHECK(v)) {
        mn_err_format(&mn_exc_TypeError, "%s must be set to a string object", what);
        return -1;
    }
    MN_INCREF(v);
    MN_SETREF(*slot, v);
    return 0;
}
static int gen_set_name(mn_object *s, mn_object *v, MN_UNUSED void *c) { return gen_set_str(&((mn_gen *)s)->name, v, "__name__"); }
static int gen_set_qualname(mn_object *s, mn_object *v, MN_UNUSED void *c) { return gen_set_str(&((mn_gen *)s)->qualname, v, "__qualname__"); }

static mn_getset_def gen_getset[] = {
    { "gi_frame", gen_get_frame, NULL, NULL, NULL },
    { "gi_running", gen_get_running, NULL, NULL, NULL },
    { "gi_suspended", gen_get_suspended, NULL, NULL, NULL },
    { "gi_code", gen_get_code, NULL, NULL, NULL },
    { "gi_yieldfrom", gen_get_yieldfrom, NULL, NULL, NULL },
    { "__name__", gen_get_name, gen_set_name, NULL, NULL },
    { "__qualname__", gen_get_qualname, gen_set_qualname, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

static mn_method_def gen_methods[] = {
    { "send", gen_send, MN_METH_O, "send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration." },
    { "throw", gen_throw, MN_METH_VARARGS, "throw(value)\nthrow(type[,value[,tb]])\n\nRaise exception in generator, return next yielded value or raise\nStopIteration." },
    { "close", gen_close, MN_METH_NOARGS, "close() -> raise GeneratorExit inside generator." },
    { NULL, NULL, 0, NULL },
};

mn_type mn_generator_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "generator",
    .basicsize = sizeof(mn_gen),
    .itemsize = 1,
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = gen_dealloc,
    .traverse = gen_traverse,
    .clear = gen_clear,
    .finalize = gen_finalize,
    .repr = gen_repr,
    .iter = gen_iter,
    .iternext = gen_iternext,
    .getattro = mn_object_generic_getattr,
    .methods = gen_methods,
    .getset = gen_getset,
    .weaklistoffset = offsetof(mn_gen, weakreflist),
};

int mn_gen_init_types(void)
{
    return mn_type_ready(&mn_generator_type);
}

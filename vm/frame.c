/* vm/frame.c — frame records (init/clear) and frame *objects*, the
 * Python-visible view of a frame (f_back, f_code, f_lineno, f_lasti,
 * f_globals, f_locals, f_builtins, f_trace), created on demand.
 *
 * A frame object points at a live mn_frame while that frame runs. When the
 * frame dies and the frame object is still referenced (a traceback holds
 * it, or sys._getframe() was kept), the frame's contents are moved into the
 * frame object's own buffer ("detached", CPython's take_ownership), so the
 * locals stay reachable exactly as in CPython. The buffer is allocated with
 * the object, sized for the code, so detaching never allocates.
 */
#include <string.h>
#include "vm/frame.h"

void mn_frame_init(mn_frame *f, mn_code *co, mn_object *func, mn_object *globals, mn_object *builtins,
                   mn_object *locals)
{
    f->code = (mn_code *)MN_NEW_REF(co);
    f->func = func;
    MN_XINCREF(func);
    f->globals = MN_NEW_REF(globals);
    f->builtins = MN_NEW_REF(builtins);
    f->locals = locals;
    MN_XINCREF(locals);
    f->previous = NULL;
    f->frame_obj = NULL;
    f->lasti = -1;   /* LOAD_FRAME resumes at lasti + 1 */
    f->stacktop = 0;
    f->owner = MN_FRAME_OWNED_BY_THREAD;
    f->state = MN_FRAME_CREATED;
    f->is_entry = 0;
    memset(f->localsplus, 0, sizeof(mn_object *) * (size_t)co->nlocalsplus);
}

static void release_contents(mn_frame *f)
{
    int n = f->code->nlocalsplus + f->stacktop;
    for (int i = 0; i < n; i++)
        MN_CLEAR(f->localsplus[i]);
    f->stacktop = 0;
    MN_CLEAR(f->func);
    MN_CLEAR(f->globals);
    MN_CLEAR(f->builtins);
    MN_CLEAR(f->locals);
    MN_CLEAR(f->code);
}

void mn_frame_detach(mn_frame *f)
{
    mn_frame_object *fo = (mn_frame_object *)f->frame_obj;
    mn_frame *copy = (mn_frame *)fo->owned_data;
    size_t n = sizeof(mn_frame) + sizeof(mn_object *) * (size_t)(f->code->nlocalsplus + f->stacktop);
    memcpy(copy, f, n);
    copy->owner = MN_FRAME_OWNED_BY_FRAME_OBJECT;
    copy->frame_obj = NULL;   /* the object doesn't own itself */
    copy->is_entry = 0;
    if (f->previous && !fo->back)
        fo->back = mn_frame_get_object(f->previous);   /* may be NULL on memory error */
    if (!fo->back && mn_err_occurred() && mn_err_matches(&mn_exc_MemoryError))
        mn_err_clear();
    copy->previous = NULL;
    fo->frame = copy;
    /* The references moved: the original must not release them. */
    f->code = NULL;
    f->func = f->globals = f->builtins = f->locals = NULL;
    memset(f->localsplus, 0, sizeof(mn_object *) * (n - sizeof(mn_frame)) / sizeof(mn_object *));
    f->stacktop = 0;
}

void mn_frame_clear(mn_frame *f)
{
    if (f->frame_obj) {
        mn_object *fo = f->frame_obj;
        if (MN_REFCNT(fo) > 1) {
            /* Someone keeps the frame object: move the contents into it. */
            mn_object *err = mn_err_fetch();
            mn_frame_detach(f);
            mn_err_restore(err);
            f->frame_obj = NULL;
            MN_DECREF(fo);
            return;
        }
        ((mn_frame_object *)fo)->frame = NULL;
        f->frame_obj = NULL;
        MN_DECREF(fo);
    }
    if (f->code)
        release_contents(f);
}

/* ------------------------------------------------------- frame objects */

mn_object *mn_frame_get_object(mn_frame *f)
{
    if (f->frame_obj)
        return MN_NEW_REF(f->frame_obj);
    mn_frame_object *fo = (mn_frame_object *)mn_type_generic_alloc(&mn_frame_type, (mn_ssize)mn_frame_size(f->code));
    if (!fo)
        return NULL;
    fo->frame = f;
    fo->lineno_override = -1;
    f->frame_obj = MN_NEW_REF(fo);
    mn_gc_track(MN_OBJ(fo));
    return MN_OBJ(fo);
}

int mn_frame_lineno(mn_frame *f)
{
    return mn_code_line(f->code, f->lasti < 0 ? 0 : f->lasti);
}

static int fo_traverse(mn_object *s, mn_visitproc visit, void *arg)
{
    mn_frame_object *fo = (mn_frame_object *)s;
    MN_VISIT(fo->back);
    MN_VISIT(fo->trace);
    MN_VISIT(fo->locals_snapshot);
    mn_frame *f = fo->frame;
    if (f && f->owner == MN_FRAME_OWNED_BY_FRAME_OBJECT && f->code) {
        MN_VISIT(f->code); MN_VISIT(f->func); MN_VISIT(f->globals);
        MN_VISIT(f->builtins); MN_VISIT(f->locals);
        for (int i = 0; i < f->code->nlocalsplus + f->stacktop; i++)
            MN_VISIT(f->localsplus[i]);
    }
    return 0;
}

static int fo_clear(mn_object *s)
{
    mn_frame_object *fo = (mn_frame_object *)s;
    MN_CLEAR(fo->back);
    MN_CLEAR(fo->trace);
    MN_CLEAR(fo->locals_snapshot);
    mn_frame *f = fo->frame;
    if (f && f->owner == MN_FRAME_OWNED_BY_FRAME_OBJECT && f->code) {
        /* Keep code (needed for repr/lineno); drop everything else. */
        int n = f->code->nlocalsplus + f->stacktop;
        for (int i = 0; i < n; i++)
            MN_CLEAR(f->localsplus[i]);
        f->stacktop = 0;
        MN_CLEAR(f->func);
        MN_CLEAR(f->locals);
    }
    return 0;
}

static void fo_dealloc(mn_object *s)
{
    mn_frame_object *fo = (mn_frame_object *)s;
    mn_gc_untrack(s);
    fo_clear(s);
    mn_frame *f = fo->frame;
    if (f && f->owner == MN_FRAME_OWNED_BY_FRAME_OBJECT && f->code)
        release_contents(f);
    mn_object_free(s);
}

static mn_frame *live(mn_object *s)
{
    mn_frame *f = ((mn_frame_object *)s)->frame;
    return f;
}

static mn_object *fo_repr(mn_object *s)
{
    mn_frame *f = live(s);
    if (!f || !f->code)
        return mn_str_from_format("<frame at %p>", (void *)s);
    return mn_str_from_format("<frame at %p, file %R, line %d, code %U>", (void *)s, f->code->filename,
                              mn_frame_lineno(f), f->code->name);
}

static mn_object *fo_get_back(mn_object *s, MN_UNUSED void *c)
{
    mn_frame_object *fo = (mn_frame_object *)s;
    if (fo->back)
        return MN_NEW_REF(fo->back);
    mn_frame *f = fo->frame;
    if (f && f->owner != MN_FRAME_OWNED_BY_FRAME_OBJECT && f->previous) {
        mn_object *b = mn_frame_get_object(f->previous);
        return b;
    }
    MN_RETURN_NONE;
}

static mn_object *fo_get_code(mn_object *s, MN_UNUSED void *c)
{
    mn_frame *f = live(s);
    if (!f || !f->code)
        MN_RETURN_NONE;
    return MN_NEW_REF(f->code);
}

static mn_object *fo_get_lineno(mn_object *s, MN_UNUSED void *c)
{
    mn_frame *f = live(s);
    if (((mn_frame_object *)s)->lineno_override >= 0)
        return mn_int_from_i64(((mn_frame_object *)s)->lineno_override);
    if (!f || !f->code)
        MN_RETURN_NONE;
    return mn_int_from_i64(mn_frame_lineno(f));
}

static mn_object *fo_get_lasti(mn_object *s, MN_UNUSED void *c)
{
    mn_frame *f = live(s);
    /* Instruction index * 2, so it reads like CPython's byte offsets of
     * 2-byte code units (mini's dis prints the same numbers). */
    return mn_int_from_i64(f ? (int64_t)f->lasti * 2 : -1);
}

static mn_object *fo_get_globals(mn_object *s, MN_UNUSED void *c)
{
    mn_frame *f = live(s);
    if (!f || !f->globals)
        return mn_dict_new();
    return MN_NEW_REF(f->globals);
}

static mn_object *fo_get_builtins(mn_object *s, MN_UNUSED void *c)
{
    mn_frame *f = live(s);
    if (!f || !f->builtins)
        return mn_dict_new();
    return MN_NEW_REF(f->builtins);
}

mn_object *mn_frame_locals_dict(mn_frame *f)
{
    if (f->locals)
        return MN_NEW_REF(f->locals);
    mn_object *d = mn_dict_new();
    if (!d || !f->code)
        return d;
    mn_code *co = f->code;
    for (int i = 0; i < co->nlocalsplus; i++) {
        mn_object *v = f->localsplus[i];
        uint8_t kind = co->localspluskinds[i];
        if (v && (kind & (MN_LOCAL_CELL | MN_LOCAL_FREE)) && MN_TYPE(v) == &mn_cell_type)
            v = ((mn_cell *)v)->ref;
        if (!v)
            continue;
        if (mn_dict_set_item(d, MN_TUPLE_GET(co->localsplusnames, i), v) < 0) {
            MN_DECREF(d);
            return NULL;
        }
    }
    return d;
}

static mn_object *fo_get_locals(mn_object *s, MN_UNUSED void *c)
{
    mn_frame *f = live(s);
    if (!f)
        return mn_dict_new();
    mn_object *d = mn_frame_locals_dict(f);
    if (d && !f->locals) {
        /* CPython keeps returning the same dict object, refreshed. */
        mn_frame_object *fo = (mn_frame_object *)s;
        if (fo->locals_snapshot) {
            mn_dict_clear(fo->locals_snapshot);
            if (mn_dict_update(fo->locals_snapshot, d) < 0) {
                MN_DECREF(d);
                return NULL;
            }
            MN_DECREF(d);
            return MN_NEW_REF(fo->locals_snapshot);
        }
        fo->locals_snapshot = MN_NEW_REF(d);
    }
    return d;
}

static mn_object *fo_get_trace(mn_object *s, MN_UNUSED void *c)
{
    mn_object *t = ((mn_frame_object *)s)->trace;
    return MN_NEW_REF(t ? t : mn_none);
}

static int fo_set_trace(mn_object *s, mn_object *v, MN_UNUSED void *c)
{
    if (v == mn_none)
        v = NULL;
    MN_XINCREF(v);
    MN_SETREF(((mn_frame_object *)s)->trace, v);
    return 0;
}

static mn_getset_def fo_getset[] = {
    { "f_back", fo_get_back, NULL, NULL, NULL },
    { "f_code", fo_get_code, NULL, NULL, NULL },
    { "f_lineno", fo_get_lineno, NULL, NULL, NULL },
    { "f_lasti", fo_get_lasti, NULL, NULL, NULL },
    { "f_globals", fo_get_globals, NULL, NULL, NULL },
    { "f_builtins", fo_get_builtins, NULL, NULL, NULL },
    { "f_locals", fo_get_locals, NULL, NULL, NULL },
    { "f_trace", fo_get_trace, fo_set_trace, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

mn_type mn_frame_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "frame",
    .basicsize = sizeof(mn_frame_object),
    .itemsize = 1,
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = fo_dealloc,
    .traverse = fo_traverse,
    .clear = fo_clear,
    .repr = fo_repr,
    .getattro = mn_object_generic_getattr,
    .setattro = mn_object_generic_setattr,
    .getset = fo_getset,
};

int mn_frame_init_types(void)
{
    return mn_type_ready(&mn_frame_type);
}

/* ------------------------------------------------ introspection API */

mn_object *mn_vm_get_frame(int depth)
{
    mn_thread_state *ts = mn_tstate;
    mn_frame *f = ts ? ts->frame : NULL;
    while (f && depth > 0) {
        f = f->previous;
        depth--;
    }
    if (!f) {
        mn_err_set_string(&mn_exc_ValueError, "call stack is not deep enough");
        return NULL;
    }
    return mn_frame_get_object(f);
}

mn_object *mn_vm_globals(void)
{
    mn_thread_state *ts = mn_tstate;
    if (!ts || !ts->frame) {
        mn_err_set_string(&mn_exc_SystemError, "globals(): no current frame");
        return NULL;
    }
    return MN_NEW_REF(ts->frame->globals);
}

mn_object *mn_vm_locals(void)
{
    mn_thread_state *ts = mn_tstate;
    if (!ts || !ts->frame) {
        mn_err_set_string(&mn_exc_SystemError, "locals(): no current frame");
        return NULL;
    }
    return mn_frame_locals_dict(ts->frame);
}

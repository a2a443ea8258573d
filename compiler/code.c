/* compiler/code.c — the `code` type: the immutable result of compiling a
 * module, function, class body, lambda or comprehension.
 *
 * Owns: mn_code_new (the one constructor, used by the compiler and by the
 * VM's unit tests to build code by hand), dealloc, repr, the co_* attributes
 * that mini code can read, co_lines()/co_positions() and mn_code_line.
 *
 * Offsets seen from mini code (co_lines, and co_code itself) are *byte*
 * offsets into co_code, as in CPython; each instruction is 4 bytes (one
 * 32-bit little-endian word, see opcode.h), so instruction i starts at 4*i.
 * co_positions() yields one (lineno, end_lineno, col, end_col) per
 * instruction (there are no CACHE entries to pad for).
 *
 * Code objects hold only constants (str, int, float, tuples of constants,
 * frozensets, None, other code objects), which can't form cycles, so like
 * CPython's they are not tracked by the cycle collector.
 */
#include "compiler/code.h"
#include "runtime/runtime.h"

/* Builds the tuple of the localsplus names whose kind has `bit`. */
static mn_object *names_with_kind(mn_object *names, const uint8_t *kinds, int n, int bit)
{
    int count = 0;
    for (int i = 0; i < n; i++)
        if (kinds[i] & bit)
            count++;
    mn_object *t = mn_tuple_new(count);
    if (!t)
        return NULL;
    int j = 0;
    for (int i = 0; i < n; i++)
        if (kinds[i] & bit)
            MN_TUPLE_SET(t, j++, mn_new_ref(MN_TUPLE_GET(names, i)));
    return t;
}

mn_code *mn_code_new(mn_instr *code, int ninstrs, mn_code_pos *positions,
                     mn_exc_entry *exctable, int nexc, mn_object *consts,
                     mn_object *names, mn_object *localsplusnames, uint8_t *localspluskinds,
                     int argcount, int posonlyargcount, int kwonlyargcount,
                     int stacksize, int flags, int firstlineno,
                     mn_object *name, mn_object *qualname, mn_object *filename)
{
    mn_code *co = (mn_code *)mn_type_generic_alloc(&mn_code_type, 0);
    if (!co) {
        mn_mem_free(code);
        mn_mem_free(positions);
        mn_mem_free(exctable);
        mn_mem_free(localspluskinds);
        return NULL;
    }
    co->code = code;
    co->ninstrs = ninstrs;
    co->positions = positions;
    co->exctable = exctable;
    co->nexc = nexc;
    co->localspluskinds = localspluskinds;
    co->consts = mn_new_ref(consts);
    co->names = mn_new_ref(names);
    co->localsplusnames = mn_new_ref(localsplusnames);
    co->name = mn_new_ref(name);
    co->qualname = mn_new_ref(qualname ? qualname : name);
    co->filename = mn_new_ref(filename);
    co->argcount = argcount;
    co->posonlyargcount = posonlyargcount;
    co->kwonlyargcount = kwonlyargcount;
    co->stacksize = stacksize;
    co->flags = flags;
    co->firstlineno = firstlineno;
    int n = (int)MN_TUPLE_SIZE(localsplusnames);
    co->nlocalsplus = n;
    for (int i = 0; i < n; i++) {
        if (localspluskinds[i] & MN_LOCAL_PLAIN)
            co->nlocals++;
        if (localspluskinds[i] & MN_LOCAL_CELL)
            co->ncellvars++;
        if (localspluskinds[i] & MN_LOCAL_FREE)
            co->nfreevars++;
    }
    if (co->nfreevars == 0 && co->ncellvars == 0)
        co->flags |= MN_CO_NOFREE;
    /* A function's docstring is its first constant when that is a str
     * (the compiler puts None there for functions without one). */
    if ((flags & MN_CO_OPTIMIZED) && MN_TUPLE_SIZE(consts) > 0 &&
        MN_STR_CHECK(MN_TUPLE_GET(consts, 0)))
        co->docstring = mn_new_ref(MN_TUPLE_GET(consts, 0));
    co->varnames = names_with_kind(localsplusnames, localspluskinds, n, MN_LOCAL_PLAIN);
    co->cellvars = names_with_kind(localsplusnames, localspluskinds, n, MN_LOCAL_CELL);
    co->freevars = names_with_kind(localsplusnames, localspluskinds, n, MN_LOCAL_FREE);
    if (!co->varnames || !co->cellvars || !co->freevars) {
        MN_DECREF(co);
        return NULL;
    }
    return co;
}

int mn_code_line(mn_code *co, int i)
{
    if (i < 0 || i >= co->ninstrs || !co->positions)
        return -1;
    return co->positions[i].lineno;
}

static void code_dealloc(mn_object *self)
{
    mn_code *co = (mn_code *)self;
    if (co->cache && co->cache_free)
        co->cache_free(co->cache);
    mn_mem_free(co->code);
    mn_mem_free(co->positions);
    mn_mem_free(co->exctable);
    mn_mem_free(co->localspluskinds);
    MN_XDECREF(co->consts);
    MN_XDECREF(co->names);
    MN_XDECREF(co->localsplusnames);
    MN_XDECREF(co->varnames);
    MN_XDECREF(co->cellvars);
    MN_XDECREF(co->freevars);
    MN_XDECREF(co->name);
    MN_XDECREF(co->qualname);
    MN_XDECREF(co->filename);
    MN_XDECREF(co->docstring);
    mn_object_free(self);
}

static mn_object *code_repr(mn_object *self)
{
    mn_code *co = (mn_code *)self;
    return mn_str_from_format("<code object %U at %p, file \"%U\", line %d>",
                              co->name, (void *)co, co->filename, co->firstlineno);
}

/* ------------------------------------------------------------ attributes */

static mn_object *code_get_co_code(mn_object *self, void *closure)
{
    (void)closure;
    mn_code *co = (mn_code *)self;
    mn_object *b = mn_bytes_new_raw((mn_ssize)co->ninstrs * 4);
    if (!b)
        return NULL;
    unsigned char *p = (unsigned char *)MN_BYTES_DATA(b);
    for (int i = 0; i < co->ninstrs; i++) {   /* little-endian words */
        mn_instr w = co->code[i];
        p[4 * i] = (unsigned char)(w & 0xff);
        p[4 * i + 1] = (unsigned char)((w >> 8) & 0xff);
        p[4 * i + 2] = (unsigned char)((w >> 16) & 0xff);
        p[4 * i + 3] = (unsigned char)((w >> 24) & 0xff);
    }
    return b;
}

static mn_object *code_get_co_nlocals(mn_object *self, void *closure)
{
    (void)closure;
    return mn_int_from_ssize(((mn_code *)self)->nlocals);
}

static mn_getset_def code_getset[] = {
    {"co_code", code_get_co_code, NULL, "the instructions as bytes (4 per instruction)", NULL},
    {"co_nlocals", code_get_co_nlocals, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

#define RO MN_MEMBER_READONLY
static mn_member_def code_members[] = {
    {"co_consts", MN_T_OBJECT, offsetof(mn_code, consts), RO, NULL},
    {"co_names", MN_T_OBJECT, offsetof(mn_code, names), RO, NULL},
    {"co_varnames", MN_T_OBJECT, offsetof(mn_code, varnames), RO, NULL},
    {"co_cellvars", MN_T_OBJECT, offsetof(mn_code, cellvars), RO, NULL},
    {"co_freevars", MN_T_OBJECT, offsetof(mn_code, freevars), RO, NULL},
    {"co_name", MN_T_OBJECT, offsetof(mn_code, name), RO, NULL},
    {"co_qualname", MN_T_OBJECT, offsetof(mn_code, qualname), RO, NULL},
    {"co_filename", MN_T_OBJECT, offsetof(mn_code, filename), RO, NULL},
    {"co_firstlineno", MN_T_INT, offsetof(mn_code, firstlineno), RO, NULL},
    {"co_argcount", MN_T_INT, offsetof(mn_code, argcount), RO, NULL},
    {"co_posonlyargcount", MN_T_INT, offsetof(mn_code, posonlyargcount), RO, NULL},
    {"co_kwonlyargcount", MN_T_INT, offsetof(mn_code, kwonlyargcount), RO, NULL},
    {"co_stacksize", MN_T_INT, offsetof(mn_code, stacksize), RO, NULL},
    {"co_flags", MN_T_INT, offsetof(mn_code, flags), RO, NULL},
    {NULL, 0, 0, 0, NULL},
};
#undef RO

/* Position field as an int, or None when unknown (-1). */
static mn_object *pos_field(int v)
{
    if (v < 0)
        MN_RETURN_NONE;
    return mn_int_from_ssize(v);
}

/* co_lines(): a list (CPython returns an iterator; iterating a list behaves
 * the same) of (start, end, line) byte ranges, consecutive instructions on
 * the same line merged. */
static mn_object *code_co_lines(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    mn_code *co = (mn_code *)self;
    mn_object *list = mn_list_new(0);
    if (!list)
        return NULL;
    int i = 0;
    while (i < co->ninstrs) {
        int line = mn_code_line(co, i);
        int j = i + 1;
        while (j < co->ninstrs && mn_code_line(co, j) == line)
            j++;
        mn_object *s = mn_int_from_ssize((mn_ssize)i * 4), *e = mn_int_from_ssize((mn_ssize)j * 4);
        mn_object *l = pos_field(line);
        mn_object *t = (s && e && l) ? mn_tuple_pack(3, s, e, l) : NULL;
        MN_XDECREF(s); MN_XDECREF(e); MN_XDECREF(l);
        if (!t || mn_list_append(list, t) < 0) {
            MN_XDECREF(t);
            MN_DECREF(list);
            return NULL;
        }
        MN_DECREF(t);
        i = j;
    }
    return list;
}

/* co_positions(): one (lineno, end_lineno, col, end_col) per instruction. */
static mn_object *code_co_positions(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    mn_code *co = (mn_code *)self;
    mn_object *list = mn_list_new(0);
    if (!list)
        return NULL;
    for (int i = 0; i < co->ninstrs; i++) {
        mn_code_pos p = co->positions ? co->positions[i] : (mn_code_pos){-1, -1, -1, -1};
        mn_object *f[4] = {pos_field(p.lineno), pos_field(p.end_lineno),
                           pos_field(p.col), pos_field(p.end_col)};
        mn_object *t = (f[0] && f[1] && f[2] && f[3]) ? mn_tuple_from_array(f, 4) : NULL;
        for (int k = 0; k < 4; k++)
            MN_XDECREF(f[k]);
        if (!t || mn_list_append(list, t) < 0) {
            MN_XDECREF(t);
            MN_DECREF(list);
            return NULL;
        }
        MN_DECREF(t);
    }
    return list;
}

static mn_method_def code_methods[] = {
    {"co_lines", code_co_lines, MN_METH_NOARGS, "(start, end, line) ranges of co_code"},
    {"co_positions", code_co_positions, MN_METH_NOARGS, "source span of each instruction"},
    {NULL, NULL, 0, NULL},
};

mn_type mn_code_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "code",
    .basicsize = sizeof(mn_code),
    .flags = 0,
    .doc = "code object: compiled bytecode of a module, function or class body",
    .dealloc = code_dealloc,
    .repr = code_repr,
    .methods = code_methods,
    .members = code_members,
    .getset = code_getset,
    .weaklistoffset = offsetof(mn_code, weakreflist),
};

int mn_code_init_types(void)
{
    return mn_type_ready(&mn_code_type);
}

/* runtime/union.c — types.UnionType, the value of `int | None` (PEP 604).
 *
 * `X | Y` on types (and None, generic aliases and other unions) builds a
 * union whose __args__ are the members, flattened and without duplicates,
 * in order. Unions compare and hash like sets of their members, repr as
 * "int | None", and work as the second argument of isinstance/issubclass
 * (through __instancecheck__/__subclasscheck__, as CPython's unionobject.c).
 */
#include "runtime/runtime.h"

typedef struct mn_union {
    mn_object ob_base;
    mn_object *args;    /* tuple, at least two members */
} mn_union;

extern mn_type mn_union_type;

static int is_generic_alias(mn_object *o)
{
    return mn_object_hasattr_str(o, "__origin__") && mn_object_hasattr_str(o, "__args__") &&
           !MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_TYPE_SUBCLASS);
}

static int is_unionable(mn_object *o)
{
    return o == mn_none || MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_TYPE_SUBCLASS) ||
           MN_TYPE(o) == &mn_union_type || is_generic_alias(o);
}

/* Appends o (or a union's members) to list, skipping members already
 * there; None is stored as NoneType, as CPython does. */
static int add_members(mn_object *list, mn_object *o)
{
    if (MN_TYPE(o) == &mn_union_type) {
        mn_object *args = ((mn_union *)o)->args;
        for (mn_ssize i = 0; i < MN_TUPLE_SIZE(args); i++)
            if (add_members(list, MN_TUPLE_GET(args, i)) < 0)
                return -1;
        return 0;
    }
    if (o == mn_none)
        o = MN_OBJ(&mn_none_type);
    int found = mn_sequence_contains(list, o);
    if (found < 0)
        return -1;
    return found ? 0 : mn_list_append(list, o);
}

mn_object *mn_union_or(mn_object *a, mn_object *b)
{
    if (!is_unionable(a) || !is_unionable(b))
        MN_RETURN_NOT_IMPLEMENTED;
    mn_object *list = mn_list_new(0);
    if (!list || add_members(list, a) < 0 || add_members(list, b) < 0) {
        MN_XDECREF(list);
        return NULL;
    }
    if (MN_LIST_SIZE(list) == 1) {   /* int | int is just int */
        mn_object *only = MN_NEW_REF(MN_LIST_GET(list, 0));
        MN_DECREF(list);
        return only;
    }
    mn_union *u = (mn_union *)mn_type_generic_alloc(&mn_union_type, 0);
    if (!u) {
        MN_DECREF(list);
        return NULL;
    }
    u->args = mn_list_as_tuple(list);
    MN_DECREF(list);
    if (!u->args) {
        MN_DECREF(u);
        return NULL;
    }
    mn_gc_track(MN_OBJ(u));
    return MN_OBJ(u);
}

static mn_object *union_repr(mn_object *self)
{
    mn_object *args = ((mn_union *)self)->args;
    mn_str_builder sb;
    mn_sb_init(&sb);
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(args); i++) {
        mn_object *a = MN_TUPLE_GET(args, i);
        if (i)
            mn_sb_append_cstr(&sb, " | ");
        if (a == MN_OBJ(&mn_none_type)) {
            mn_sb_append_cstr(&sb, "None");
        } else if (MN_TYPE_HAS_FLAG(MN_TYPE(a), MN_TPFLAGS_TYPE_SUBCLASS)) {
            /* module.qualname, with the module left out for builtins */
            mn_object *mod = mn_object_getattr_str(a, "__module__");
            mn_object *qual = mod ? mn_object_getattr_str(a, "__qualname__") : NULL;
            if (!qual) {
                MN_XDECREF(mod);
                mn_sb_discard(&sb);
                return NULL;
            }
            if (!MN_STR_CHECK(mod) || !mn_str_equal_cstr(mod, "builtins")) {
                mn_sb_append_strobj(&sb, mod);
                mn_sb_append_char(&sb, '.');
            }
            mn_sb_append_strobj(&sb, qual);
            MN_DECREF(mod);
            MN_DECREF(qual);
        } else if (mn_sb_append_repr(&sb, a) < 0) {
            mn_sb_discard(&sb);
            return NULL;
        }
    }
    return mn_sb_finish(&sb);
}

/* Unions are equal when they have the same members in any order. */
static mn_object *union_richcompare(mn_object *a, mn_object *b, int op)
{
    if (MN_TYPE(b) != &mn_union_type || (op != MN_EQ && op != MN_NE))
        MN_RETURN_NOT_IMPLEMENTED;
    mn_object *sa = mn_frozenset_new(((mn_union *)a)->args);
    mn_object *sb = sa ? mn_frozenset_new(((mn_union *)b)->args) : NULL;
    mn_object *r = sb ? mn_object_richcompare(sa, sb, op) : NULL;
    MN_XDECREF(sa);
    MN_XDECREF(sb);
    return r;
}

static mn_hash union_hash(mn_object *self)
{
    mn_object *s = mn_frozenset_new(((mn_union *)self)->args);
    if (!s)
        return -1;
    mn_hash h = mn_object_hash(s);
    MN_DECREF(s);
    return h;
}

/* isinstance(x, int | str) / issubclass(C, int | str). */
static mn_object *union_check(mn_object *self, mn_object *arg, int subclass)
{
    mn_object *args = ((mn_union *)self)->args;
    /* Members are tried in order; a parameterized generic is an error only
     * when the check reaches it (3.11: isinstance(1, int | list[int]) is True). */
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(args); i++) {
        mn_object *a = MN_TUPLE_GET(args, i);
        if (is_generic_alias(a)) {
            mn_err_format(&mn_exc_TypeError, "%s() argument 2 cannot be a parameterized generic",
                          subclass ? "issubclass" : "isinstance");
            return NULL;
        }
        int r = subclass ? mn_object_issubclass(arg, a) : mn_object_isinstance(arg, a);
        if (r < 0)
            return NULL;
        if (r)
            MN_RETURN_TRUE;
    }
    MN_RETURN_FALSE;
}

static mn_object *union_instancecheck(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize n,
                                      MN_UNUSED mn_object *k)
{
    return union_check(self, args[0], 0);
}

static mn_object *union_subclasscheck(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize n,
                                      MN_UNUSED mn_object *k)
{
    return union_check(self, args[0], 1);
}

static int union_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(((mn_union *)self)->args);
    return 0;
}

static int union_clear(mn_object *self)
{
    MN_CLEAR(((mn_union *)self)->args);
    return 0;
}

static void union_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    MN_XDECREF(((mn_union *)self)->args);
    mn_object_free(self);
}

static mn_method_def union_methods[] = {
    { "__instancecheck__", union_instancecheck, MN_METH_O, NULL },
    { "__subclasscheck__", union_subclasscheck, MN_METH_O, NULL },
    { NULL, NULL, 0, NULL },
};

static mn_member_def union_members[] = {
    { "__args__", MN_T_OBJECT, offsetof(mn_union, args), MN_MEMBER_READONLY, NULL },
    { NULL, 0, 0, 0, NULL },
};

static mn_number_methods union_as_number = { .binop[MN_BINOP_OR] = mn_union_or };

mn_type mn_union_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "types.UnionType",
    .basicsize = sizeof(mn_union),
    .flags = MN_TPFLAGS_HAVE_GC,
    .doc = "Represent a PEP 604 union type\n\nE.g. for int | str",
    .dealloc = union_dealloc,
    .traverse = union_traverse,
    .clear = union_clear,
    .repr = union_repr,
    .hash = union_hash,
    .richcompare = union_richcompare,
    .getattro = mn_object_generic_getattr,
    .as_number = &union_as_number,
    .methods = union_methods,
    .members = union_members,
};

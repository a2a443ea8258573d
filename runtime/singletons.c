/* runtime/singletons.c — None, NotImplemented and Ellipsis.
 *
 * Each is the only instance of its type, statically allocated; calling the
 * type returns the singleton (NoneType() is None), as in CPython. */
#include <stdlib.h>
#include "runtime/runtime.h"

static mn_object *none_repr(MN_UNUSED mn_object *self) { return mn_str_from_cstr("None"); }
static mn_object *notimpl_repr(MN_UNUSED mn_object *self) { return mn_str_from_cstr("NotImplemented"); }
static mn_object *ellipsis_repr(MN_UNUSED mn_object *self) { return mn_str_from_cstr("Ellipsis"); }

static int none_bool(MN_UNUSED mn_object *self) { return 0; }

static void singleton_dealloc(mn_object *self)
{
    /* Reaching refcount zero means a refcounting bug somewhere. */
    fprintf(stderr, "mini: deallocating %s\n", MN_TYPE_NAME(self));
    abort();
}

static int no_args(const char *name, mn_ssize nargs, mn_object *kwnames)
{
    if (nargs || (kwnames && MN_TUPLE_SIZE(kwnames))) {
        mn_err_format(&mn_exc_TypeError, "%s takes no arguments", name);
        return -1;
    }
    return 0;
}

static mn_object *none_new(MN_UNUSED mn_type *t, MN_UNUSED mn_object *const *a, mn_ssize n, mn_object *k)
{
    return no_args("NoneType", n, k) < 0 ? NULL : MN_NEW_REF(mn_none);
}
static mn_object *notimpl_new(MN_UNUSED mn_type *t, MN_UNUSED mn_object *const *a, mn_ssize n, mn_object *k)
{
    return no_args("NotImplementedType", n, k) < 0 ? NULL : MN_NEW_REF(mn_not_implemented);
}
static mn_object *ellipsis_new(MN_UNUSED mn_type *t, MN_UNUSED mn_object *const *a, mn_ssize n, mn_object *k)
{
    return no_args("ellipsis", n, k) < 0 ? NULL : MN_NEW_REF(mn_ellipsis);
}

static mn_number_methods none_as_number = { .bool_ = none_bool };

mn_type mn_none_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "NoneType",
    .basicsize = sizeof(mn_object),
    .dealloc = singleton_dealloc,
    .repr = none_repr,
    .new_ = none_new,
    .as_number = &none_as_number,
};

mn_type mn_not_implemented_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "NotImplementedType",
    .basicsize = sizeof(mn_object),
    .dealloc = singleton_dealloc,
    .repr = notimpl_repr,
    .new_ = notimpl_new,
};

mn_type mn_ellipsis_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "ellipsis",
    .basicsize = sizeof(mn_object),
    .dealloc = singleton_dealloc,
    .repr = ellipsis_repr,
    .new_ = ellipsis_new,
};

mn_object mn_none_struct = MN_OBJECT_INIT(&mn_none_type);
mn_object mn_not_implemented_struct = MN_OBJECT_INIT(&mn_not_implemented_type);
mn_object mn_ellipsis_struct = MN_OBJECT_INIT(&mn_ellipsis_type);

int mn_singletons_init(void)
{
    if (mn_type_ready(&mn_none_type) < 0 || mn_type_ready(&mn_not_implemented_type) < 0 ||
        mn_type_ready(&mn_ellipsis_type) < 0)
        return -1;
    return 0;
}

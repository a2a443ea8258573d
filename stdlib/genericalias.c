/* stdlib/genericalias.c — list[int] & co. (PEP 585) for the built-in types.
 *
 * Owns: the `__class_getitem__` classmethod that list, dict, tuple, set,
 * frozenset (and type, through mn_object_getitem's special case) get at
 * start-up, and mn_generic_alias_new.
 *
 * CPython implements types.GenericAlias in C (Objects/genericaliasobject.c);
 * mini writes it in mini (stdlib/types.mini) and this file only forwards to
 * it: list[int] is types.GenericAlias(list, int). The types module is
 * imported on the first subscription, so programs that never write list[int]
 * never load it.
 */
#include "stdlib/modules.h"
#include "vm/import.h"
#include "vm/vm.h"

mn_object *mn_generic_alias_new(mn_object *origin, mn_object *args)
{
    mn_object *types = mn_import_module("types");
    if (!types)
        return NULL;
    mn_object *ga = mn_object_getattr_str(types, "GenericAlias");
    MN_DECREF(types);
    if (!ga)
        return NULL;
    mn_object *argv[2] = { origin, args };
    mn_object *r = mn_object_call(ga, argv, 2, NULL);
    MN_DECREF(ga);
    return r;
}

static mn_object *class_getitem(mn_object *cls, mn_object *const *args, MN_UNUSED mn_ssize nargs,
                                 MN_UNUSED mn_object *kwnames)
{
    return mn_generic_alias_new(cls, args[0]);
}

static const mn_method_def class_getitem_def = {
    "__class_getitem__", class_getitem, MN_METH_CLASS | MN_METH_O, "See PEP 585"
};

int mn_generic_alias_install(void)
{
    mn_type *types[] = { &mn_list_type, &mn_dict_type, &mn_tuple_type, &mn_set_type, &mn_frozenset_type };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        mn_type *t = types[i];
        if (mn_dict_get_item_str(t->dict, "__class_getitem__"))
            continue;   /* the type's owner added its own */
        /* A classmethod descriptor, as mn_type_ready builds for a
         * MN_METH_CLASS entry of a methods table. */
        mn_method_descr *d = (mn_method_descr *)mn_type_generic_alloc(&mn_classmethod_descr_type, 0);
        if (!d)
            return -1;
        d->def = &class_getitem_def;
        d->objtype = t;
        int r = mn_dict_set_item_str(t->dict, "__class_getitem__", MN_OBJ(d));
        MN_DECREF(d);
        if (r < 0)
            return -1;
        mn_type_modified(t);
    }
    return 0;
}

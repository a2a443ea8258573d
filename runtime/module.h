/* runtime/module.h — module objects: a named namespace dict (the module's
 * globals) with __name__, __doc__, __file__, __package__, __loader__? and
 * __spec__ entries, attribute access reading/writing that dict, and the
 * table of built-in C modules (sys, math, time, ...) that import consults.
 */
#ifndef MN_MODULE_H
#define MN_MODULE_H

#include "runtime/object.h"

typedef struct mn_module {
    mn_object ob_base;
    mn_object *dict;          /* the module's namespace (its globals) */
    mn_object *name;          /* str */
    const struct mn_module_def *def;   /* for C modules, else NULL */
    mn_object *weakreflist;
} mn_module;

/* A built-in module written in C: a name, a method table and an optional
 * init function that adds constants/types to the module's dict. */
typedef struct mn_module_def {
    const char *name;
    const char *doc;
    mn_method_def *methods;
    int (*init)(mn_object *module);
} mn_module_def;

extern mn_type mn_module_type;
#define MN_MODULE_CHECK(o) MN_TYPE_CHECK(o, &mn_module_type)

mn_object *mn_module_new(const char *name);
mn_object *mn_module_from_def(const mn_module_def *def);
mn_object *mn_module_get_dict(mn_object *m);     /* borrowed */
int        mn_module_add_object(mn_object *m, const char *name, mn_object *value); /* borrows */
int        mn_module_add_int(mn_object *m, const char *name, int64_t value);
int        mn_module_add_str(mn_object *m, const char *name, const char *value);

#endif /* MN_MODULE_H */

/* runtime/type.h — type objects, attribute lookup through the MRO, and the
 * C-level callables and descriptors built from a type's method/member/getset
 * tables (builtin functions, method descriptors, member and getset
 * descriptors). Also the one argument-binding helper every C function uses.
 */
#ifndef MN_TYPE_H
#define MN_TYPE_H

#include "runtime/object.h"

/* Readies a static type: fills in base/bases/mro, inherits unset slots from
 * the base, and builds the type's __dict__ from its tables. Idempotent. */
int        mn_type_ready(mn_type *type);
/* Looks name up along type's MRO without invoking descriptors.
 * Borrowed result, NULL if absent (no exception set). */
mn_object *mn_type_lookup(mn_type *type, mn_object *name);
mn_object *mn_type_lookup_str(mn_type *type, const char *name);
/* A type's own __name__/__qualname__/__module__ as new str references. */
mn_object *mn_type_get_name(mn_type *type);
mn_object *mn_type_get_qualname(mn_type *type);
/* Call this after changing a type's dict so attribute caches reset. */
void       mn_type_modified(mn_type *type);
/* Builds the MRO tuple with the C3 linearisation; TypeError on conflict. */
mn_object *mn_type_compute_mro(mn_type *type);
/* type.__new__(metatype, name, bases, dict, **kwargs) for class statements
 * (runtime/heaptype.c). kwargs: the class keywords as a dict, or NULL. */
mn_object *mn_type_new_heap(mn_type *metatype, mn_object *name, mn_object *bases,
                            mn_object *dict, mn_object *kwargs_or_null);

/* A C function bound to `self` (a module, an instance, or a type). */
typedef struct mn_cfunction {
    mn_object ob_base;
    const mn_method_def *def;
    mn_object *self;       /* may be NULL (staticmethod-like) */
    mn_object *module;     /* __module__, may be NULL */
} mn_cfunction;

/* A method descriptor stored in a type's dict: binds on attribute access. */
typedef struct mn_method_descr {
    mn_object ob_base;
    const mn_method_def *def;
    mn_type *objtype;      /* the type that defined it */
} mn_method_descr;

typedef struct mn_member_descr {
    mn_object ob_base;
    const mn_member_def *def;
    mn_type *objtype;
} mn_member_descr;

typedef struct mn_getset_descr {
    mn_object ob_base;
    const mn_getset_def *def;
    mn_type *objtype;
} mn_getset_descr;

extern mn_type mn_cfunction_type, mn_method_descr_type, mn_classmethod_descr_type,
               mn_member_descr_type, mn_getset_descr_type;

mn_object *mn_cfunction_new(const mn_method_def *def, mn_object *self, mn_object *module);
/* Calls a method def with arity checked per its flags (NOARGS, O, ...). */
mn_object *mn_method_def_call(const mn_method_def *def, mn_object *self,
                              mn_object *const *args, mn_ssize nargs, mn_object *kwnames);

/* --- argument binding ---------------------------------------------------
 * Binds vectorcall arguments to named parameters, Python-style:
 *   static const char *const params[] = {"sep", "maxsplit", NULL};
 *   mn_object *a[2];
 *   if (mn_args_bind("split", args, nargs, kwnames, params, 0, a) < 0) return NULL;
 * A "/" entry ends the positional-only parameters and a "*" entry starts the
 * keyword-only ones (neither takes an out slot). `nrequired` leading
 * parameters are mandatory. out[i] receives a borrowed reference, or NULL
 * when the argument was not given. Errors are CPython's TypeErrors ("split()
 * takes at most 2 arguments (3 given)", "got an unexpected keyword
 * argument", "missing required argument", "got multiple values").
 */
/* Adds a method descriptor for `def` to a ready type's dict. */
int mn_type_add_method(mn_type *type, const mn_method_def *def);

int mn_args_bind(const char *fname, mn_object *const *args, mn_ssize nargs,
                 mn_object *kwnames, const char *const *params, int nrequired,
                 mn_object **out);
/* Raises "f() takes no keyword arguments" if kwnames is non-empty. */
int mn_args_no_keywords(const char *fname, mn_object *kwnames);
/* Checks min <= nargs <= max (max < 0: unlimited) with CPython's messages. */
int mn_args_count(const char *fname, mn_ssize nargs, mn_ssize min, mn_ssize max);

/* types.UnionType (runtime/union.c): X | Y for types, None and unions. */
extern mn_type mn_union_type;
mn_object *mn_union_or(mn_object *a, mn_object *b);

int  mn_type_init_descr_types(void);  /* called by mn_runtime_init */
void mn_type_fini_all(void);          /* drops static types' dicts at exit */

#endif /* MN_TYPE_H */

/* runtime/object.h — the core of mini's object model.
 *
 * Every mini value is a C struct that begins with an mn_object header
 * {refcount, type}. The type object carries "slots": C function pointers for
 * the hot protocols (hash, compare, getattr, call, iteration, number ops...),
 * so the VM and the generic functions in object.c dispatch through them
 * exactly the way CPython dispatches through tp_* slots.
 *
 * ======================= NAMING CONVENTION ===============================
 *  - One prefix for the whole C code base: `mn_` for functions, types and
 *    globals; `MN_` for macros and enum constants. snake_case everywhere.
 *  - Functions are named mn_<subsystem>_<verb>: mn_list_append,
 *    mn_dict_get_item, mn_err_set_string, mn_gc_track.
 *  - Object structs are mn_<kind> (mn_list, mn_dict); their type objects
 *    are mn_<kind>_type (mn_list_type). Built-in exception types are
 *    mn_exc_<Name> (mn_exc_TypeError), spelled as in Python.
 *  - File-local helpers are `static` and need no prefix.
 *  - Includes are relative to the repository root: "runtime/object.h".
 *
 * ======================= OWNERSHIP RULES =================================
 *  A *reference* is a pointer that keeps an object alive by counting once in
 *  its refcount.
 *  - A function returning mn_object * returns a NEW reference unless its
 *    comment says "borrowed". The caller must MN_DECREF it (or hand it on).
 *    NULL means an exception is set (see runtime/error.h); the exception to
 *    this is iternext, which may return NULL with no exception: exhausted.
 *  - Arguments are BORROWED: the callee must MN_INCREF what it wants to keep.
 *    The few functions that take over ("steal") a reference say "steals" in
 *    their comment (mn_tuple_set_item, mn_list_set_item on fresh objects).
 *  - Functions returning int return 0 (or a count / truth value >= 0) on
 *    success and -1 with an exception set on failure.
 *  - A container holds one reference to each element it contains.
 *  - Static (built-in) type objects and singletons like None start with a
 *    refcount of 1 that is never released, so they are never deallocated.
 *
 *  Thread safety: every function here assumes the caller holds the GIL.
 * ========================================================================= */
#ifndef MN_OBJECT_H
#define MN_OBJECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

#define MN_UNUSED __attribute__((unused))   /* slot parameters a function ignores */

typedef ptrdiff_t mn_ssize;   /* sizes and indices, signed like Py_ssize_t */
typedef intptr_t mn_hash;     /* hash values; -1 is reserved for "error" */

#define MN_SSIZE_MAX PTRDIFF_MAX
#define MN_SSIZE_MIN PTRDIFF_MIN

typedef struct mn_type mn_type;

/* The header of every object. */
typedef struct mn_object {
    mn_ssize refcnt;
    mn_type *type;
} mn_object;

/* The header of variable-size objects (tuple, int digits, type...). */
typedef struct mn_var_object {
    mn_object ob_base;
    mn_ssize size;        /* number of items */
} mn_var_object;

#define MN_TYPE(o)     (((mn_object *)(o))->type)
#define MN_REFCNT(o)   (((mn_object *)(o))->refcnt)
#define MN_SIZE(o)     (((mn_var_object *)(o))->size)
#define MN_OBJ(o)      ((mn_object *)(o))

/* Static initialisers for built-in objects. */
#define MN_OBJECT_INIT(type_ptr)  { 1, (type_ptr) }
#define MN_VAR_OBJECT_INIT(type_ptr, n) { MN_OBJECT_INIT(type_ptr), (n) }

/* ---------------------------------------------------------------- refcounts */

#ifdef MN_DEBUG_REFS
/* Debug build: total references and live objects, reported at exit. */
extern mn_ssize mn_ref_total;
extern mn_ssize mn_live_objects;
#define MN_REF_TOTAL_INC() (mn_ref_total++)
#define MN_REF_TOTAL_DEC() (mn_ref_total--)
#else
#define MN_REF_TOTAL_INC() ((void)0)
#define MN_REF_TOTAL_DEC() ((void)0)
#endif

void mn_dealloc(mn_object *o);   /* calls the type's dealloc slot */

static inline void mn_incref(mn_object *o) { MN_REF_TOTAL_INC(); o->refcnt++; }
static inline void mn_decref(mn_object *o)
{
    MN_REF_TOTAL_DEC();
    if (--o->refcnt == 0)
        mn_dealloc(o);
}
#define MN_INCREF(o)  mn_incref(MN_OBJ(o))
#define MN_DECREF(o)  mn_decref(MN_OBJ(o))
#define MN_XINCREF(o) do { mn_object *x_ = MN_OBJ(o); if (x_) mn_incref(x_); } while (0)
#define MN_XDECREF(o) do { mn_object *x_ = MN_OBJ(o); if (x_) mn_decref(x_); } while (0)
/* Sets the variable to NULL *before* dropping the reference, so a __del__
 * triggered by the decref never sees a dangling pointer. */
#define MN_CLEAR(var) do { mn_object *t_ = MN_OBJ(var); if (t_) { (var) = NULL; mn_decref(t_); } } while (0)
/* Replaces var with new_value (a new reference) and drops the old one. */
#define MN_SETREF(var, new_value) do { mn_object *t_ = MN_OBJ(var); (var) = (new_value); MN_XDECREF(t_); } while (0)

/* Returns o with one more reference: `return mn_new_ref(mn_none);` */
static inline mn_object *mn_new_ref(mn_object *o) { mn_incref(o); return o; }
#define MN_NEW_REF(o) mn_new_ref(MN_OBJ(o))

/* ------------------------------------------------------------------- slots */

typedef void       (*mn_destructor)(mn_object *);
typedef mn_object *(*mn_unaryfunc)(mn_object *);
typedef mn_object *(*mn_binaryfunc)(mn_object *, mn_object *);
typedef mn_object *(*mn_ternaryfunc)(mn_object *, mn_object *, mn_object *);
typedef int        (*mn_inquiry)(mn_object *);
typedef mn_ssize   (*mn_lenfunc)(mn_object *);
typedef mn_hash    (*mn_hashfunc)(mn_object *);
typedef mn_object *(*mn_richcmpfunc)(mn_object *, mn_object *, int op);
typedef mn_object *(*mn_getattrofunc)(mn_object *, mn_object *name);
typedef int        (*mn_setattrofunc)(mn_object *, mn_object *name, mn_object *value);
typedef int        (*mn_objobjproc)(mn_object *, mn_object *);
typedef int        (*mn_objobjargproc)(mn_object *, mn_object *, mn_object *);
typedef mn_object *(*mn_descrgetfunc)(mn_object *descr, mn_object *obj, mn_object *type);
typedef int        (*mn_descrsetfunc)(mn_object *descr, mn_object *obj, mn_object *value);
typedef int        (*mn_visitproc)(mn_object *, void *arg);
typedef int        (*mn_traverseproc)(mn_object *, mn_visitproc, void *arg);

/* The one calling convention ("vectorcall"), used by the VM, by call slots
 * and by every C function exposed to mini code: positional arguments in
 * args[0..nargs), then one value per name of the kwnames tuple (or NULL when
 * there are no keyword arguments). All borrowed. */
typedef mn_object *(*mn_callfunc)(mn_object *callable, mn_object *const *args,
                                  mn_ssize nargs, mn_object *kwnames);
/* C functions and methods: like mn_callfunc with `self` first (the module
 * for module-level functions, the instance for methods, the type for
 * classmethods). */
typedef mn_object *(*mn_cfunc)(mn_object *self, mn_object *const *args,
                               mn_ssize nargs, mn_object *kwnames);
typedef mn_object *(*mn_newfunc)(mn_type *type, mn_object *const *args,
                                 mn_ssize nargs, mn_object *kwnames);
typedef int (*mn_initfunc)(mn_object *self, mn_object *const *args,
                           mn_ssize nargs, mn_object *kwnames);

/* Rich comparison operators, numbered as CPython's Py_LT..Py_GE. */
enum { MN_LT = 0, MN_LE = 1, MN_EQ = 2, MN_NE = 3, MN_GT = 4, MN_GE = 5 };

/* Binary operators, numbered as CPython 3.11's BINARY_OP argument (NB_ADD..),
 * so the compiler emits BINARY_OP with these values; an in-place operator is
 * op + MN_BINOP_INPLACE. */
typedef enum mn_binop {
    MN_BINOP_ADD, MN_BINOP_AND, MN_BINOP_FLOOR_DIVIDE, MN_BINOP_LSHIFT,
    MN_BINOP_MATRIX_MULTIPLY, MN_BINOP_MULTIPLY, MN_BINOP_REMAINDER,
    MN_BINOP_OR, MN_BINOP_POWER, MN_BINOP_RSHIFT, MN_BINOP_SUBTRACT,
    MN_BINOP_TRUE_DIVIDE, MN_BINOP_XOR,
    MN_BINOP_COUNT,
    MN_BINOP_INPLACE = MN_BINOP_COUNT
} mn_binop;

/* Number protocol. A binop slot is called whenever *either* operand's type
 * has it (CPython's rule), so it must check both operands' types and return
 * a new reference to mn_not_implemented for combinations it doesn't handle.
 * Sequences put concatenation in binop[ADD] and repetition in
 * binop[MULTIPLY] (with the int on either side). */
typedef struct mn_number_methods {
    mn_binaryfunc binop[MN_BINOP_COUNT];    /* a OP b */
    mn_binaryfunc inplace[MN_BINOP_COUNT];  /* a OP= b; NULL falls back to binop */
    mn_ternaryfunc power_mod;               /* pow(a, b, m) */
    mn_unaryfunc negative, positive, absolute, invert;
    mn_inquiry   bool_;                     /* 1 true, 0 false, -1 error */
    mn_unaryfunc int_, float_, index;       /* int(x), float(x), operator.index(x) */
} mn_number_methods;

/* A C function exposed as a method or module function. */
enum {
    MN_METH_VARARGS = 0,       /* fn does its own argument checking */
    MN_METH_NOARGS  = 1 << 0,  /* no arguments: checked by the caller */
    MN_METH_O       = 1 << 1,  /* exactly one positional argument: args[0] */
    MN_METH_CLASS   = 1 << 2,  /* self is the type (classmethod) */
    MN_METH_STATIC  = 1 << 3,  /* self is NULL (staticmethod) */
};
typedef struct mn_method_def {
    const char *name;
    mn_cfunc fn;
    int flags;
    const char *doc;
} mn_method_def;

/* A C-level field exposed as an attribute (struct offset + kind). */
enum { MN_T_OBJECT, MN_T_OBJECT_EX, MN_T_SSIZE, MN_T_INT, MN_T_BOOL, MN_T_DOUBLE };
enum { MN_MEMBER_READONLY = 1 };
typedef struct mn_member_def {
    const char *name;
    int kind;         /* MN_T_OBJECT: NULL reads as None; _EX: NULL raises */
    mn_ssize offset;
    int flags;
    const char *doc;
} mn_member_def;

/* A computed attribute (like a C-level property). */
typedef mn_object *(*mn_getter)(mn_object *self, void *closure);
typedef int (*mn_setter)(mn_object *self, mn_object *value, void *closure);
typedef struct mn_getset_def {
    const char *name;
    mn_getter get;
    mn_setter set;     /* NULL: read-only; value NULL means delete */
    const char *doc;
    void *closure;
} mn_getset_def;

/* Type flags. */
enum {
    MN_TPFLAGS_HEAPTYPE      = 1UL << 0,  /* created at run time (class statement) */
    MN_TPFLAGS_BASETYPE      = 1UL << 1,  /* may be subclassed */
    MN_TPFLAGS_HAVE_GC       = 1UL << 2,  /* instances carry an mn_gc_head */
    MN_TPFLAGS_READY         = 1UL << 3,  /* mn_type_ready has run */
    MN_TPFLAGS_READYING      = 1UL << 4,
    MN_TPFLAGS_ABSTRACT      = 1UL << 5,
    MN_TPFLAGS_IMMUTABLETYPE = 1UL << 6,  /* attributes can't be set on the type */
    /* Calling an instance unbound with self prepended is the same as
     * binding it first (functions, method descriptors, slot wrappers), so
     * method calls can skip creating a bound method (CPython's
     * Py_TPFLAGS_METHOD_DESCRIPTOR). */
    MN_TPFLAGS_METHOD_DESCRIPTOR = 1UL << 7,
    /* Fast subclass checks, as CPython's Py_TPFLAGS_*_SUBCLASS. */
    MN_TPFLAGS_INT_SUBCLASS   = 1UL << 20,
    MN_TPFLAGS_LIST_SUBCLASS  = 1UL << 21,
    MN_TPFLAGS_TUPLE_SUBCLASS = 1UL << 22,
    MN_TPFLAGS_BYTES_SUBCLASS = 1UL << 23,
    MN_TPFLAGS_STR_SUBCLASS   = 1UL << 24,
    MN_TPFLAGS_DICT_SUBCLASS  = 1UL << 25,
    MN_TPFLAGS_BASE_EXC_SUBCLASS = 1UL << 26,
    MN_TPFLAGS_TYPE_SUBCLASS  = 1UL << 27,
};

/* The type object. Static built-in types fill it with designated
 * initialisers and call mn_type_ready() once at start-up, which inherits
 * unset slots from the base and builds the type's __dict__. */
struct mn_type {
    mn_var_object ob_base;
    const char *name;            /* "int", "list"; heap types: see ht_name */
    mn_ssize basicsize;          /* instance size without the GC header */
    mn_ssize itemsize;           /* per-item size of variable-size instances */
    unsigned long flags;
    const char *doc;

    /* lifecycle */
    mn_destructor dealloc;
    mn_traverseproc traverse;    /* required with MN_TPFLAGS_HAVE_GC */
    mn_inquiry clear;            /* breaks reference cycles (cycle GC) */
    mn_destructor finalize;      /* PEP 442 __del__ */
    mn_inquiry is_gc;            /* for types whose instances are only sometimes
                                    GC-allocated (static vs heap type objects) */
    mn_newfunc new_;
    mn_initfunc init;

    /* object protocol */
    mn_unaryfunc repr;
    mn_unaryfunc str;
    mn_hashfunc hash;
    mn_richcmpfunc richcompare;
    mn_getattrofunc getattro;
    mn_setattrofunc setattro;    /* value NULL deletes */
    mn_descrgetfunc descr_get;
    mn_descrsetfunc descr_set;   /* value NULL deletes */
    mn_callfunc call;
    mn_unaryfunc iter;
    mn_unaryfunc iternext;       /* NULL without exception: exhausted */

    /* container protocol (sequence and mapping folded together) */
    mn_lenfunc length;
    mn_binaryfunc getitem;       /* o[key]; slices arrive as slice objects */
    mn_objobjargproc setitem;    /* o[key] = v; v NULL deletes */
    mn_objobjproc contains;      /* 1, 0 or -1 */

    mn_number_methods *as_number;

    /* introspection tables, turned into descriptors by mn_type_ready */
    mn_method_def *methods;
    mn_member_def *members;
    mn_getset_def *getset;

    mn_type *base;               /* the solid base (tp_base) */
    mn_object *bases;            /* tuple of direct bases */
    mn_object *mro;              /* tuple, method resolution order */
    mn_object *dict;             /* the type's namespace (a dict) */
    mn_object *subclasses;       /* list of weak-ish entries; see type.c */
    mn_ssize dictoffset;         /* offset of the instance __dict__ slot, 0: none */
    mn_ssize weaklistoffset;     /* offset of the weakref list, 0: none */
    mn_ssize vectorcall_offset;  /* reserved */

    /* heap types (class statement) */
    mn_object *ht_name;          /* str __name__ */
    mn_object *ht_qualname;      /* str __qualname__ */
    mn_object *ht_slots;         /* tuple of __slots__ names, or NULL */
    unsigned int version_tag;    /* bumped on any change: method/attr caches */
    mn_object *weaklist;         /* weak references to this type (runtime/weakref.c) */
};

/* ---------------------------------------------------- allocation helpers */

/* Allocates an instance of `type` with room for n items (0 for fixed-size
 * types), with a GC header when the type has MN_TPFLAGS_HAVE_GC. The memory
 * is zeroed; refcount 1; the type is increfed for heap types. The new
 * object is NOT yet tracked by the collector: call mn_gc_track once its
 * fields are valid. */
mn_object *mn_type_generic_alloc(mn_type *type, mn_ssize nitems);
/* Frees the memory of an object allocated by mn_type_generic_alloc. Does not
 * touch refcounts of fields (that's the dealloc slot's job). */
void mn_object_free(mn_object *o);

/* ------------------------------------------------- the generic protocols
 * These are what the VM and library code call; they dispatch through the
 * slots and raise CPython's TypeErrors when a slot is missing. */

mn_object *mn_object_repr(mn_object *o);
mn_object *mn_object_str(mn_object *o);
mn_object *mn_object_ascii(mn_object *o);
mn_hash    mn_object_hash(mn_object *o);
mn_hash    mn_object_hash_not_implemented(mn_object *o); /* unhashable types */
mn_hash    mn_hash_bytes(const void *data, mn_ssize n);  /* str and bytes hash (runtime/str.c) */
mn_object *mn_object_richcompare(mn_object *a, mn_object *b, int op);
int        mn_object_richcompare_bool(mn_object *a, mn_object *b, int op); /* identity implies equality */
int        mn_object_is_true(mn_object *o);
int        mn_object_not(mn_object *o);
mn_object *mn_object_getattr(mn_object *o, mn_object *name);
mn_object *mn_object_getattr_str(mn_object *o, const char *name);
/* 1 found (*result new ref), 0 AttributeError swallowed (*result NULL), -1 error */
int        mn_object_lookup_attr(mn_object *o, mn_object *name, mn_object **result);
int        mn_object_setattr(mn_object *o, mn_object *name, mn_object *value);
int        mn_object_setattr_str(mn_object *o, const char *name, mn_object *value);
int        mn_object_delattr(mn_object *o, mn_object *name);
int        mn_object_hasattr_str(mn_object *o, const char *name);
mn_object *mn_object_generic_getattr(mn_object *o, mn_object *name);
int        mn_object_generic_setattr(mn_object *o, mn_object *name, mn_object *value);
mn_object **mn_object_dict_ptr(mn_object *o);  /* address of instance __dict__ slot or NULL */

mn_object *mn_object_call(mn_object *callable, mn_object *const *args, mn_ssize nargs, mn_object *kwnames);
mn_object *mn_object_call0(mn_object *callable);
mn_object *mn_object_call1(mn_object *callable, mn_object *arg);
mn_object *mn_object_call2(mn_object *callable, mn_object *a, mn_object *b);
/* Calls with a tuple of positional args and an optional dict of keywords. */
mn_object *mn_object_call_tuple_dict(mn_object *callable, mn_object *args, mn_object *kwargs);
/* obj.name(*args) */
mn_object *mn_object_call_method(mn_object *obj, const char *name, mn_object *const *args, mn_ssize nargs);
int        mn_callable_check(mn_object *o);

mn_object *mn_object_get_iter(mn_object *o);
mn_object *mn_iter_next(mn_object *iter);   /* NULL and no error: exhausted */
mn_ssize   mn_object_length(mn_object *o);
mn_ssize   mn_object_length_hint(mn_object *o, mn_ssize dflt);
mn_object *mn_object_getitem(mn_object *o, mn_object *key);
int        mn_object_setitem(mn_object *o, mn_object *key, mn_object *value);
int        mn_object_delitem(mn_object *o, mn_object *key);
int        mn_sequence_contains(mn_object *seq, mn_object *item);  /* `in` */
/* Index i of a sequence of `length` items, negative counting from the end:
 * the index in [0, length), or -1 with IndexError(msg) when out of range. */
mn_ssize   mn_sequence_check_index(mn_ssize i, mn_ssize length, const char *msg);
mn_object *mn_object_format(mn_object *o, mn_object *spec);

/* Number protocol (all return new references or NULL). */
mn_object *mn_number_binop(mn_object *a, mn_object *b, int op);   /* op: mn_binop, in-place if >= MN_BINOP_INPLACE */
mn_object *mn_number_power(mn_object *a, mn_object *b, mn_object *mod); /* mod may be None */
mn_object *mn_number_negative(mn_object *o);
mn_object *mn_number_positive(mn_object *o);
mn_object *mn_number_absolute(mn_object *o);
mn_object *mn_number_invert(mn_object *o);
mn_object *mn_number_index(mn_object *o);    /* operator.index(): an int or TypeError */
mn_object *mn_number_long(mn_object *o);     /* int(o) */
mn_object *mn_number_float(mn_object *o);    /* float(o) */
int        mn_index_check(mn_object *o);
/* operator.index(o) as a C integer; on overflow raises `overflow_exc` (or, if
 * NULL, clamps to MN_SSIZE_MIN/MAX). -1 with an exception set on error. */
mn_ssize   mn_number_as_ssize(mn_object *o, mn_object *overflow_exc);
const char *mn_binop_symbol(int op);         /* "+", "+=", ... for messages */

/* Type checks. */
int  mn_type_is_subtype(mn_type *a, mn_type *b);
int  mn_object_isinstance(mn_object *inst, mn_object *cls);   /* full protocol */
int  mn_object_issubclass(mn_object *derived, mn_object *cls);
#define MN_IS_TYPE(o, t) (MN_TYPE(o) == (t))
#define MN_TYPE_CHECK(o, t) (MN_TYPE(o) == (t) || mn_type_is_subtype(MN_TYPE(o), (t)))
#define MN_TYPE_HAS_FLAG(t, f) (((t)->flags & (f)) != 0)
const char *mn_type_name(mn_type *t);        /* "int", or a heap type's __name__ */
#define MN_TYPE_NAME(o) mn_type_name(MN_TYPE(o))

/* Guards against unbounded C recursion in repr/compare/hash of nested data:
 * raises RecursionError past the recursion limit. */
int  mn_enter_recursive_call(const char *where);
void mn_leave_recursive_call(void);
extern int mn_recursion_limit;       /* sys.getrecursionlimit() */
/* Depth of Python calls + guarded C recursion on this thread; the VM adds one
 * per frame. The C part is also capped at MN_C_RECURSION_CAP so that a raised
 * recursion limit can't overflow the C stack through repr/compare chains. */
extern _Thread_local int mn_recursion_depth;
#define MN_C_RECURSION_CAP 6000
/* repr() of self-containing containers: returns 1 if `o` is already being
 * repr'd on this thread (print "[...]"), 0 after marking it, -1 on error. */
int  mn_repr_enter(mn_object *o);
void mn_repr_leave(mn_object *o);

/* The trashcan (CPython's Py_TRASHCAN): deallocating a deeply nested
 * container would recurse once per level in C. A GC container's dealloc
 * calls mn_trashcan_begin after untracking itself; past a fixed depth the
 * object is parked (returns 1: the dealloc must return at once) and freed
 * later from a shallow stack. Otherwise it returns 0 and the dealloc ends
 * with mn_trashcan_end(). */
int  mn_trashcan_begin(mn_object *o);
void mn_trashcan_end(void);

/* Singletons. */
extern mn_object mn_none_struct, mn_not_implemented_struct, mn_ellipsis_struct;
#define mn_none (&mn_none_struct)
#define mn_not_implemented (&mn_not_implemented_struct)
#define mn_ellipsis (&mn_ellipsis_struct)
#define MN_RETURN_NONE return mn_new_ref(mn_none)
#define MN_RETURN_NOT_IMPLEMENTED return mn_new_ref(mn_not_implemented)

extern mn_type mn_type_type, mn_object_type, mn_none_type,
               mn_not_implemented_type, mn_ellipsis_type;

/* Starts/stops the runtime: readies every built-in type, creates the
 * singletons and caches. Call once before anything else. */
int  mn_runtime_init(void);
void mn_runtime_fini(void);

#endif /* MN_OBJECT_H */

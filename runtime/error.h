/* runtime/error.h — the error indicator and the built-in exception types.
 *
 * Like CPython, a C function reports failure by setting the thread's error
 * indicator and returning NULL / -1. Unlike CPython < 3.12, the indicator
 * holds one normalised exception instance (never a (type, value, tb) triple
 * in limbo), which keeps every caller simple.
 *
 * The exception types (mn_exc_BaseException ... mn_exc_ZeroDivisionError)
 * are static type objects created in runtime/exceptions.c with CPython's
 * names and hierarchy.
 */
#ifndef MN_ERROR_H
#define MN_ERROR_H

#include <stdarg.h>
#include "runtime/object.h"

/* Instance layout shared by every exception. Extra attributes of specific
 * exceptions (StopIteration.value, OSError.errno, SyntaxError.lineno, ...)
 * live in the instance __dict__, set by their __init__. */
typedef struct mn_base_exception {
    mn_object ob_base;
    mn_object *dict;
    mn_object *args;          /* tuple */
    mn_object *notes;         /* reserved for __notes__ */
    mn_object *traceback;     /* traceback object or NULL */
    mn_object *context;       /* __context__: exception being handled when raised */
    mn_object *cause;         /* __cause__: from `raise ... from cause` */
    char suppress_context;    /* __suppress_context__ */
} mn_base_exception;

/* Setting the error indicator. Each replaces any exception already set. */
void mn_err_set_object(mn_type *type, mn_object *value);  /* value: instance, args tuple, single arg or NULL */
void mn_err_set_none(mn_type *type);
void mn_err_set_string(mn_type *type, const char *message);
/* printf-like, plus %R (repr of an mn_object*), %S (str of it), %U (an
 * mn_str*), %T (type name of an object); see mn_str_from_format. */
void mn_err_format(mn_type *type, const char *fmt, ...);
void mn_err_format_v(mn_type *type, const char *fmt, va_list ap);
/* Sets an exception instance (borrowed) as the current one. */
void mn_err_set_exception(mn_object *exc);
void *mn_err_no_memory(void);       /* MemoryError; returns NULL for `return mn_err_no_memory();` */
void mn_err_bad_internal_call(const char *where);
/* OSError subclass chosen from errno (FileNotFoundError...), with filename. */
void mn_err_set_from_errno(mn_object *filename);

/* Inspecting and clearing. */
mn_object *mn_err_occurred(void);        /* borrowed current exception, or NULL */
int        mn_err_matches(mn_type *type); /* current exception is an instance of type */
int        mn_err_exception_matches(mn_object *exc, mn_object *type_or_tuple);
mn_object *mn_err_fetch(void);           /* new ref to the current exception; clears */
void       mn_err_restore(mn_object *exc); /* steals exc (may be NULL): makes it current */
void       mn_err_clear(void);
/* Prints the current exception with its traceback to stderr and clears it
 * (the hook the VM installs does the CPython-style printing). */
void       mn_err_print(void);
extern void (*mn_err_print_hook)(mn_object *exc);

/* Accessors on exception instances. */
mn_object *mn_exception_get_args(mn_object *exc);   /* borrowed */
void       mn_exception_set_traceback(mn_object *exc, mn_object *tb);
void       mn_exception_set_context(mn_object *exc, mn_object *ctx);  /* steals ctx */
void       mn_exception_set_cause(mn_object *exc, mn_object *cause);  /* steals cause */
#define MN_EXCEPTION_CHECK(o) MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_BASE_EXC_SUBCLASS)
#define MN_EXCEPTION_CLASS_CHECK(o) \
    (MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_TYPE_SUBCLASS) && \
     MN_TYPE_HAS_FLAG((mn_type *)(o), MN_TPFLAGS_BASE_EXC_SUBCLASS))

/* The built-in exception types, CPython's hierarchy (see exceptions.c). */
#define MN_FOR_EACH_EXCEPTION(X) \
    X(BaseException, object) \
    X(BaseExceptionGroup, BaseException) \
    X(GeneratorExit, BaseException) \
    X(KeyboardInterrupt, BaseException) \
    X(SystemExit, BaseException) \
    X(Exception, BaseException) \
    X(ArithmeticError, Exception) \
    X(FloatingPointError, ArithmeticError) \
    X(OverflowError, ArithmeticError) \
    X(ZeroDivisionError, ArithmeticError) \
    X(AssertionError, Exception) \
    X(AttributeError, Exception) \
    X(BufferError, Exception) \
    X(EOFError, Exception) \
    X(ExceptionGroup, BaseExceptionGroup) \
    X(ImportError, Exception) \
    X(ModuleNotFoundError, ImportError) \
    X(LookupError, Exception) \
    X(IndexError, LookupError) \
    X(KeyError, LookupError) \
    X(MemoryError, Exception) \
    X(NameError, Exception) \
    X(UnboundLocalError, NameError) \
    X(OSError, Exception) \
    X(BlockingIOError, OSError) \
    X(ChildProcessError, OSError) \
    X(ConnectionError, OSError) \
    X(BrokenPipeError, ConnectionError) \
    X(ConnectionAbortedError, ConnectionError) \
    X(ConnectionRefusedError, ConnectionError) \
    X(ConnectionResetError, ConnectionError) \
    X(FileExistsError, OSError) \
    X(FileNotFoundError, OSError) \
    X(InterruptedError, OSError) \
    X(IsADirectoryError, OSError) \
    X(NotADirectoryError, OSError) \
    X(PermissionError, OSError) \
    X(ProcessLookupError, OSError) \
    X(TimeoutError, OSError) \
    X(ReferenceError, Exception) \
    X(RuntimeError, Exception) \
    X(NotImplementedError, RuntimeError) \
    X(RecursionError, RuntimeError) \
    X(StopAsyncIteration, Exception) \
    X(StopIteration, Exception) \
    X(SyntaxError, Exception) \
    X(IndentationError, SyntaxError) \
    X(TabError, IndentationError) \
    X(SystemError, Exception) \
    X(TypeError, Exception) \
    X(ValueError, Exception) \
    X(UnicodeError, ValueError) \
    X(UnicodeDecodeError, UnicodeError) \
    X(UnicodeEncodeError, UnicodeError) \
    X(UnicodeTranslateError, UnicodeError) \
    X(Warning, Exception) \
    X(BytesWarning, Warning) \
    X(DeprecationWarning, Warning) \
    X(EncodingWarning, Warning) \
    X(FutureWarning, Warning) \
    X(ImportWarning, Warning) \
    X(PendingDeprecationWarning, Warning) \
    X(ResourceWarning, Warning) \
    X(RuntimeWarning, Warning) \
    X(SyntaxWarning, Warning) \
    X(UnicodeWarning, Warning) \
    X(UserWarning, Warning)

#define MN_DECLARE_EXC(name, base) extern mn_type mn_exc_##name;
MN_FOR_EACH_EXCEPTION(MN_DECLARE_EXC)
#undef MN_DECLARE_EXC

/* Creates an exception instance: type(*args). */
mn_object *mn_exception_new(mn_type *type, mn_object *const *args, mn_ssize nargs);
int mn_exceptions_init(void);   /* readies the types; called by mn_runtime_init */
void mn_exceptions_fini(void);
/* The exception being handled (sys.exc_info()), maintained by the VM; a new
 * exception raised while it is set gets it as __context__. */
extern mn_object *(*mn_err_handled_hook)(void);

#endif /* MN_ERROR_H */

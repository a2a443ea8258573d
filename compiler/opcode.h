/* compiler/opcode.h — mini's instruction set: the contract between the
 * compiler (compiler/compile.c), the disassembler (compiler/dis.c) and the
 * eval loop (vm/eval.c).
 *
 * The opcodes and their stack effects follow CPython 3.11's (see the `dis`
 * documentation for 3.11), with three deliberate simplifications:
 *   1. An instruction is one 32-bit word: opcode in the low 8 bits, argument
 *      in the upper 24 (MN_INSTR_OP / MN_INSTR_ARG). No EXTENDED_ARG.
 *   2. Every jump argument is an ABSOLUTE instruction index (not a relative
 *      byte delta), so `dis` can print "to 42" and the compiler needs no
 *      relaxation pass.
 *   3. No CACHE entries in the instruction stream: inline caches live in a
 *      side array indexed by instruction (mn_code.cache), and PRECALL,
 *      RESUME-quickening and specialised variants are VM-internal.
 * Exceptions use a 3.11-style exception table (mn_code.exctable): zero cost
 * when nothing is raised; handlers start with PUSH_EXC_INFO.
 *
 * The X-macro lists: name, has_arg (0/1), is_jump (arg is an absolute
 * target), and a one-line stack effect description (for dis and readers).
 */
/* Compiler conventions the VM relies on (added by the compiler engineer):
 *   - MAKE_FUNCTION flag 4: annotations are a flat tuple
 *     (name1, value1, name2, value2, ...), as CPython 3.11 emits.
 *   - CALL n with a non-NULL item below the callable is CPython's trick
 *     used for decorators, comprehension calls, `assert x, msg` and
 *     __exit__(None, None, None): [f, x] CALL 0 calls f(x).
 *   - RETURN_GENERATOR is followed by POP_TOP: on first resume the sent
 *     value (None) is on the stack (the stack-depth analysis counts it).
 *   - YIELD_VALUE inside SEND loops: SEND target / JUMP back, as 3.11.
 *   - co_exceptiontable depth = stack depth to unwind to (lasti pushed
 *     before the exception when lasti is set). */
#ifndef MN_OPCODE_H
#define MN_OPCODE_H

#include <stdint.h>

typedef uint32_t mn_instr;
#define MN_INSTR_OP(i)   ((int)((i) & 0xff))
#define MN_INSTR_ARG(i)  ((int)((i) >> 8))
#define MN_INSTR(op, arg) ((mn_instr)(op) | ((mn_instr)(arg) << 8))
#define MN_MAX_OPARG     0xffffff

#define MN_FOR_EACH_OPCODE(X) \
    /* stack manipulation */ \
    X(NOP, 0, 0, "") \
    X(POP_TOP, 0, 0, "x ->") \
    X(PUSH_NULL, 0, 0, "-> NULL") \
    X(COPY, 1, 0, "... x(arg) -> ... x x  (arg: 1 = top)") \
    X(SWAP, 1, 0, "swap top with the arg-th item (1 = top)") \
    /* constants and variables */ \
    X(LOAD_CONST, 1, 0, "-> co_consts[arg]") \
    X(LOAD_FAST, 1, 0, "-> localsplus[arg]; UnboundLocalError if unset") \
    X(STORE_FAST, 1, 0, "x -> ; localsplus[arg] = x") \
    X(DELETE_FAST, 1, 0, "del localsplus[arg]") \
    X(LOAD_NAME, 1, 0, "-> locals/globals/builtins lookup of co_names[arg]") \
    X(STORE_NAME, 1, 0, "x -> ; locals[co_names[arg]] = x") \
    X(DELETE_NAME, 1, 0, "") \
    X(LOAD_GLOBAL, 1, 0, "-> [NULL] value of co_names[arg>>1]; pushes NULL first if arg&1") \
    X(STORE_GLOBAL, 1, 0, "x -> ") \
    X(DELETE_GLOBAL, 1, 0, "") \
    X(MAKE_CELL, 1, 0, "localsplus[arg] = cell(localsplus[arg])") \
    X(COPY_FREE_VARS, 1, 0, "copy the function's arg closure cells into the last arg slots") \
    X(LOAD_CLOSURE, 1, 0, "-> the cell in localsplus[arg]") \
    X(LOAD_DEREF, 1, 0, "-> contents of the cell in localsplus[arg]") \
    X(LOAD_CLASSDEREF, 1, 0, "-> locals()[name] if present else cell contents (class bodies)") \
    X(STORE_DEREF, 1, 0, "x -> ") \
    X(DELETE_DEREF, 1, 0, "") \
    X(LOAD_ATTR, 1, 0, "obj -> getattr(obj, co_names[arg])") \
    X(STORE_ATTR, 1, 0, "value obj -> ; obj.name = value") \
    X(DELETE_ATTR, 1, 0, "obj -> ") \
    X(LOAD_METHOD, 1, 0, "obj -> meth self | NULL attr") \
    /* operators */ \
    X(UNARY_POSITIVE, 0, 0, "x -> +x") \
    X(UNARY_NEGATIVE, 0, 0, "x -> -x") \
    X(UNARY_NOT, 0, 0, "x -> not x") \
    X(UNARY_INVERT, 0, 0, "x -> ~x") \
    X(BINARY_OP, 1, 0, "a b -> a op b  (arg: mn_binop, in-place if >= 13)") \
    X(COMPARE_OP, 1, 0, "a b -> a op b  (arg: MN_LT..MN_GE)") \
    X(IS_OP, 1, 0, "a b -> a is b (arg 1: is not)") \
    X(CONTAINS_OP, 1, 0, "a b -> a in b (arg 1: not in)") \
    X(BINARY_SUBSCR, 0, 0, "obj key -> obj[key]") \
    X(STORE_SUBSCR, 0, 0, "value obj key -> ") \
    X(DELETE_SUBSCR, 0, 0, "obj key -> ") \
    X(BUILD_SLICE, 1, 0, "start stop [step] -> slice (arg 2 or 3)") \
    /* building containers */ \
    X(BUILD_TUPLE, 1, 0, "arg items -> tuple") \
    X(BUILD_LIST, 1, 0, "arg items -> list") \
    X(BUILD_SET, 1, 0, "arg items -> set") \
    X(BUILD_MAP, 1, 0, "arg key/value pairs -> dict") \
    X(BUILD_CONST_KEY_MAP, 1, 0, "arg values, keys tuple -> dict") \
    X(BUILD_STRING, 1, 0, "arg strs -> concatenation") \
    X(LIST_APPEND, 1, 0, "list at depth arg (below x) gets x: x ->") \
    X(SET_ADD, 1, 0, "") \
    X(MAP_ADD, 1, 0, "key value -> ; dict at depth arg gets key: value") \
    X(LIST_EXTEND, 1, 0, "iterable -> ; list at depth arg extended") \
    X(SET_UPDATE, 1, 0, "") \
    X(DICT_UPDATE, 1, 0, "") \
    X(DICT_MERGE, 1, 0, "like DICT_UPDATE, but duplicate keys raise (for **kw in calls)") \
    X(LIST_TO_TUPLE, 0, 0, "list -> tuple") \
    X(FORMAT_VALUE, 1, 0, "value [spec] -> str  (arg&3: conversion 0 none 1 str 2 repr 3 ascii; arg&4: spec on stack)") \
    X(UNPACK_SEQUENCE, 1, 0, "seq -> arg items (last item on top... first item on top, as CPython)") \
    X(UNPACK_EX, 1, 0, "seq -> items; arg = before | (after << 8)") \
    /* control flow (jump args are absolute instruction indices) */ \
    X(JUMP, 1, 1, "goto arg (forward or backward; backward jumps check the eval breaker)") \
    X(POP_JUMP_IF_FALSE, 1, 1, "x -> ") \
    X(POP_JUMP_IF_TRUE, 1, 1, "x -> ") \
    X(POP_JUMP_IF_NONE, 1, 1, "x -> ") \
    X(POP_JUMP_IF_NOT_NONE, 1, 1, "x -> ") \
    X(JUMP_IF_FALSE_OR_POP, 1, 1, "x -> x (jump) | -> (fall through)") \
    X(JUMP_IF_TRUE_OR_POP, 1, 1, "") \
    X(GET_ITER, 0, 0, "x -> iter(x)") \
    X(FOR_ITER, 1, 1, "it -> it next | -> (exhausted: pops it and jumps to arg)") \
    X(RETURN_VALUE, 0, 0, "x -> (returns x)") \
    /* calls and definitions */ \
    X(KW_NAMES, 1, 0, "next CALL's keyword names are co_consts[arg] (a tuple)") \
    X(CALL, 1, 0, "NULL|meth callable|self arg... -> result  (arg positional+keyword count)") \
    X(CALL_FUNCTION_EX, 1, 0, "NULL callable args_tuple [kwargs_dict] -> result (arg&1: kwargs)") \
    X(MAKE_FUNCTION, 1, 0, "[defaults] [kwdefaults] [annotations] [closure] code -> function (arg flags 1,2,4,8)") \
    X(LOAD_BUILD_CLASS, 0, 0, "-> builtins.__build_class__") \
    X(SETUP_ANNOTATIONS, 0, 0, "ensure __annotations__ exists in locals") \
    X(PRINT_EXPR, 0, 0, "x -> ; sys.displayhook(x) (interactive mode)") \
    X(LOAD_LOCALS, 0, 0, "-> locals mapping (class bodies)") \
    /* exceptions and with */ \
    X(RAISE_VARARGS, 1, 0, "[exc [cause]] -> (arg 0: re-raise, 1: raise exc, 2: raise exc from cause)") \
    X(RERAISE, 1, 0, "[lasti] exc -> re-raise exc (arg 1: restore f_lasti from the item below)") \
    X(PUSH_EXC_INFO, 0, 0, "exc -> prev_exc exc ; exc becomes the handled exception") \
    X(POP_EXCEPT, 0, 0, "prev_exc -> ; restores the handled exception") \
    X(CHECK_EXC_MATCH, 0, 0, "exc type -> exc bool") \
    X(LOAD_ASSERTION_ERROR, 0, 0, "-> AssertionError") \
    X(BEFORE_WITH, 0, 0, "mgr -> __exit__ result_of___enter__") \
    X(WITH_EXCEPT_START, 0, 0, "exit lasti prev exc -> exit lasti prev exc result_of_exit(type, exc, tb)") \
    /* imports */ \
    X(IMPORT_NAME, 1, 0, "level fromlist -> module (name co_names[arg])") \
    X(IMPORT_FROM, 1, 0, "module -> module attr") \
    X(IMPORT_STAR, 0, 0, "module -> ") \
    /* generators and coroutines */ \
    X(RETURN_GENERATOR, 0, 0, "create the generator/coroutine for this frame and return it") \
    X(RESUME, 1, 0, "start of a function / after a yield (arg 0 start, 1 after yield, 2 after yield from, 3 after await)") \
    X(YIELD_VALUE, 0, 0, "x -> sent value") \
    X(SEND, 1, 1, "receiver value -> receiver result | -> value (done: jump to arg)") \
    X(GET_YIELD_FROM_ITER, 0, 0, "x -> iter for yield from") \
    X(GET_AWAITABLE, 1, 0, "x -> awaitable iterator") \
    X(GET_AITER, 0, 0, "") \
    X(GET_ANEXT, 0, 0, "") \
    X(END_ASYNC_FOR, 0, 0, "") \
    X(BEFORE_ASYNC_WITH, 0, 0, "") \
    X(ASYNC_GEN_WRAP, 0, 0, "")

typedef enum mn_opcode {
#define MN_OPCODE_ENUM(name, has_arg, is_jump, doc) MN_OP_##name,
    MN_FOR_EACH_OPCODE(MN_OPCODE_ENUM)
#undef MN_OPCODE_ENUM
    MN_OP_COUNT
} mn_opcode;

extern const char *const mn_opcode_names[MN_OP_COUNT];
extern const uint8_t mn_opcode_has_arg[MN_OP_COUNT];
extern const uint8_t mn_opcode_is_jump[MN_OP_COUNT];

#endif /* MN_OPCODE_H */

/* compiler/opcode.c — the opcode tables declared in opcode.h (names,
 * has-argument and is-jump flags), generated from the same X-macro list so
 * they can never disagree with the enum. */
#include "compiler/opcode.h"

const char *const mn_opcode_names[MN_OP_COUNT] = {
#define MN_OPCODE_NAME(name, has_arg, is_jump, doc) #name,
    MN_FOR_EACH_OPCODE(MN_OPCODE_NAME)
#undef MN_OPCODE_NAME
};

const uint8_t mn_opcode_has_arg[MN_OP_COUNT] = {
#define MN_OPCODE_HAS_ARG(name, has_arg, is_jump, doc) has_arg,
    MN_FOR_EACH_OPCODE(MN_OPCODE_HAS_ARG)
#undef MN_OPCODE_HAS_ARG
};

const uint8_t mn_opcode_is_jump[MN_OP_COUNT] = {
#define MN_OPCODE_IS_JUMP(name, has_arg, is_jump, doc) is_jump,
    MN_FOR_EACH_OPCODE(MN_OPCODE_IS_JUMP)
#undef MN_OPCODE_IS_JUMP
};

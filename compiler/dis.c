/* compiler/dis.c — the disassembler: mn_dis_code / mn_dis_code_to_str print
 * a code object the way CPython 3.11's dis.dis does:
 *
 *   line  >> offset OPNAME               arg (meaning)
 *
 * with the line number on the first instruction of each line (and a blank
 * line between lines), `>>` on jump targets, then the "ExceptionTable:"
 * section, then every code object found in the constants, each under a
 * "Disassembly of <code object ...>:" header. Offsets are instruction
 * indices (jump arguments are absolute instruction indices, see opcode.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/compiler.h"
#include "runtime/runtime.h"

static const char *const cmp_names[] = {"<", "<=", "==", "!=", ">", ">="};
static const char *const binop_names[] = {"+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^"};

static int sb_repr(mn_str_builder *sb, mn_object *o)
{
    return mn_sb_append_repr(sb, o);
}

static void sb_printf(mn_str_builder *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(mn_str_builder *sb, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    mn_sb_append_cstr(sb, buf);
}

/* The "(meaning)" of an argument, appended to sb; 0 if none. */
static int argrepr(mn_str_builder *sb, mn_code *co, int op, int arg)
{
    mn_object *t = NULL;
    int idx = arg;
    switch (op) {
    case MN_OP_LOAD_CONST: case MN_OP_KW_NAMES:
        if (arg < MN_TUPLE_SIZE(co->consts))
            return sb_repr(sb, MN_TUPLE_GET(co->consts, arg)) < 0 ? -1 : 1;
        return 0;
    case MN_OP_LOAD_GLOBAL:
        idx = arg >> 1;
        if (arg & 1)
            mn_sb_append_cstr(sb, "NULL + ");
        t = co->names;
        break;
    case MN_OP_LOAD_NAME: case MN_OP_STORE_NAME: case MN_OP_DELETE_NAME: case MN_OP_STORE_GLOBAL:
    case MN_OP_DELETE_GLOBAL: case MN_OP_LOAD_ATTR: case MN_OP_STORE_ATTR: case MN_OP_DELETE_ATTR:
    case MN_OP_LOAD_METHOD: case MN_OP_IMPORT_NAME: case MN_OP_IMPORT_FROM:
        t = co->names;
        break;
    case MN_OP_LOAD_FAST: case MN_OP_STORE_FAST: case MN_OP_DELETE_FAST: case MN_OP_MAKE_CELL:
    case MN_OP_LOAD_CLOSURE: case MN_OP_LOAD_DEREF: case MN_OP_LOAD_CLASSDEREF:
    case MN_OP_STORE_DEREF: case MN_OP_DELETE_DEREF:
        t = co->localsplusnames;
        break;
    case MN_OP_COMPARE_OP:
        if (arg >= 0 && arg < 6) {
            mn_sb_append_cstr(sb, cmp_names[arg]);
            return 1;
        }
        return 0;
    case MN_OP_BINARY_OP: {
        int b = arg >= MN_BINOP_INPLACE ? arg - MN_BINOP_INPLACE : arg;
        if (b < 0 || b >= MN_BINOP_COUNT)
            return 0;
        mn_sb_append_cstr(sb, binop_names[b]);
        if (arg >= MN_BINOP_INPLACE)
            mn_sb_append_char(sb, '=');
        return 1;
    }
    case MN_OP_FORMAT_VALUE: {
        static const char *const conv[] = {"", "str", "repr", "ascii"};
        mn_sb_append_cstr(sb, conv[arg & 3]);
        if (arg & 4)
            mn_sb_append_cstr(sb, (arg & 3) ? ", with format" : "with format");
        return (arg & 7) != 0;
    }
    case MN_OP_MAKE_FUNCTION: {
        static const char *const fl[] = {"defaults", "kwdefaults", "annotations", "closure"};
        int first = 1;
        for (int i = 0; i < 4; i++)
            if (arg & (1 << i)) {
                if (!first)
                    mn_sb_append_cstr(sb, ", ");
                mn_sb_append_cstr(sb, fl[i]);
                first = 0;
            }
        return !first;
    }
    default:
        if (op < MN_OP_COUNT && mn_opcode_is_jump[op]) {
            sb_printf(sb, "to %d", arg);
            return 1;
        }
        return 0;
    }
    if (t && idx >= 0 && idx < MN_TUPLE_SIZE(t)) {
        mn_sb_append_str(sb, MN_TUPLE_GET(t, idx));
        return 1;
    }
    return 0;
}

static int dis_one(mn_str_builder *sb, mn_code *co)
{
    int n = co->ninstrs;
    char *target = calloc((size_t)n + 1, 1);
    if (!target) {
        mn_err_no_memory();
        return -1;
    }
    int maxline = 0;
    for (int i = 0; i < n; i++) {
        int op = MN_INSTR_OP(co->code[i]), arg = MN_INSTR_ARG(co->code[i]);
        if (op < MN_OP_COUNT && mn_opcode_is_jump[op] && arg >= 0 && arg < n)
            target[arg] = 1;
        if (co->positions[i].lineno > maxline)
            maxline = co->positions[i].lineno;
    }
    for (int i = 0; i < co->nexc; i++)
        if (co->exctable[i].handler < n)
            target[co->exctable[i].handler] = 1;
    char tmp[32];
    int linew = snprintf(tmp, sizeof tmp, "%d", maxline);
    if (linew < 3)
        linew = 3;
    int offw = snprintf(tmp, sizeof tmp, "%d", n > 0 ? n - 1 : 0);
    if (offw < 4)
        offw = 4;
    int lastline = -1;
    for (int i = 0; i < n; i++) {
        int op = MN_INSTR_OP(co->code[i]), arg = MN_INSTR_ARG(co->code[i]);
        int line = co->positions[i].lineno;
        mn_str_builder row;
        mn_sb_init(&row);
        if (line >= 0 && line != lastline) {
            if (i > 0)
                mn_sb_append_char(sb, '\n');
            sb_printf(&row, "%*d", linew, line);
            lastline = line;
        } else {
            sb_printf(&row, "%*s", linew, "");
        }
        mn_sb_append_cstr(&row, "    ");
        mn_sb_append_cstr(&row, target[i] ? ">>" : "  ");
        sb_printf(&row, " %*d ", offw, i);
        const char *name = op < MN_OP_COUNT ? mn_opcode_names[op] : "<unknown>";
        sb_printf(&row, "%-20s", name);
        if (op < MN_OP_COUNT && mn_opcode_has_arg[op]) {
            sb_printf(&row, " %5d", arg);
            mn_str_builder meaning;
            mn_sb_init(&meaning);
            int r = argrepr(&meaning, co, op, arg);
            mn_object *m = mn_sb_finish(&meaning);
            if (r < 0 || !m) {
                MN_XDECREF(m);
                mn_sb_discard(&row);
                free(target);
                return -1;
            }
            if (r > 0) {
                mn_sb_append_cstr(&row, " (");
                mn_sb_append_str(&row, m);
                mn_sb_append_char(&row, ')');
            }
            MN_DECREF(m);
        }
        /* strip trailing blanks like dis does */
        while (row.len > 0 && row.buf[row.len - 1] == ' ')
            row.len--;
        mn_sb_append(sb, row.buf, row.len);
        mn_sb_append_char(sb, '\n');
        mn_sb_discard(&row);
    }
    free(target);
    if (co->nexc) {
        mn_sb_append_cstr(sb, "ExceptionTable:\n");
        for (int i = 0; i < co->nexc; i++) {
            mn_exc_entry *e = &co->exctable[i];
            sb_printf(sb, "  %d to %d -> %d [%d]%s\n", e->start, e->end - 1, e->handler, e->depth,
                      e->lasti ? " lasti" : "");
        }
    }
    return 0;
}

static int dis_recursive(mn_str_builder *sb, mn_code *co, int header)
{
    if (header) {
        mn_sb_append_cstr(sb, "\nDisassembly of ");
        if (mn_sb_append_repr(sb, MN_OBJ(co)) < 0)
            return -1;
        mn_sb_append_cstr(sb, ":\n");
    }
    if (dis_one(sb, co) < 0)
        return -1;
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(co->consts); i++) {
        mn_object *k = MN_TUPLE_GET(co->consts, i);
        if (MN_CODE_CHECK(k) && dis_recursive(sb, (mn_code *)k, 1) < 0)
            return -1;
    }
    return 0;
}

mn_object *mn_dis_code_to_str(mn_object *code)
{
    if (!MN_CODE_CHECK(code)) {
        mn_err_format(&mn_exc_TypeError, "don't know how to disassemble %T objects", code);
        return NULL;
    }
    mn_str_builder sb;
    mn_sb_init(&sb);
    if (dis_recursive(&sb, (mn_code *)code, 0) < 0) {
        mn_sb_discard(&sb);
        return NULL;
    }
    return mn_sb_finish(&sb);
}

int mn_dis_code(mn_object *code, FILE *out)
{
    mn_object *s = mn_dis_code_to_str(code);
    if (!s)
        return -1;
    fwrite(MN_STR_DATA(s), 1, (size_t)MN_STR_NBYTES(s), out);
    MN_DECREF(s);
    return 0;
}

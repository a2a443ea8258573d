/* vm/traceback.c — traceback objects and CPython-3.11-style printing of
 * uncaught exceptions (what Python/traceback.c and pythonrun.c do):
 *
 *   Traceback (most recent call last):
 *     File "x.mini", line 3, in f
 *       return 1 / 0
 *              ~~^~~
 *   ZeroDivisionError: division by zero
 *
 * Caret rules (3.11's C printer): only for single-line positions; `^`
 * under the failing range, except that binary operations get `~` under the
 * operands and `^` under the operator and subscripts `~` under the value
 * and `^` under the `[...]` part; no caret line when the range covers the
 * whole stripped line. Also: chained exceptions (__cause__/__context__),
 * "[Previous line repeated N more times]", and 3.11's "Did you mean"
 * suggestions for NameError/AttributeError (Levenshtein distance with the
 * costs of Python/suggestions.c).
 */
#include <string.h>
#include <stdlib.h>
#include "vm/frame.h"

typedef struct mn_traceback {
    mn_object ob_base;
    mn_object *next;      /* tb_next: the frame called from this one */
    mn_object *frame;     /* tb_frame */
    int lasti;
    int lineno;
} mn_traceback;

mn_object *mn_traceback_new(mn_object *next, mn_frame *f, int lasti)
{
    mn_object *fo = mn_frame_get_object(f);
    if (!fo)
        return NULL;
    mn_traceback *tb = (mn_traceback *)mn_type_generic_alloc(&mn_traceback_type, 0);
    if (!tb) {
        MN_DECREF(fo);
        return NULL;
    }
    MN_XINCREF(next);
    tb->next = next;
    tb->frame = fo;
    tb->lasti = lasti;
    tb->lineno = mn_code_line(f->code, lasti);
    mn_gc_track(MN_OBJ(tb));
    return MN_OBJ(tb);
}

int mn_traceback_add(mn_object *exc, mn_frame *f)
{
    if (!exc || !MN_EXCEPTION_CHECK(exc))
        return 0;
    mn_base_exception *e = (mn_base_exception *)exc;
    MN_INCREF(exc);
    mn_object *saved = mn_err_fetch();
    mn_object *tb = mn_traceback_new(e->traceback, f, f->lasti);
    if (tb) {
        mn_exception_set_traceback(exc, tb);
        MN_DECREF(tb);
    } else {
        mn_err_clear();
    }
    mn_err_restore(saved);
    MN_DECREF(exc);
    return 0;
}

static int tb_traverse(mn_object *s, mn_visitproc visit, void *arg)
{
    MN_VISIT(((mn_traceback *)s)->next);
    MN_VISIT(((mn_traceback *)s)->frame);
    return 0;
}

static int tb_clear(mn_object *s)
{
    MN_CLEAR(((mn_traceback *)s)->next);
    MN_CLEAR(((mn_traceback *)s)->frame);
    return 0;
}

static void tb_dealloc(mn_object *s)
{
    mn_gc_untrack(s);
    /* Long chains (deep recursion) are released iteratively. */
    mn_traceback *tb = (mn_traceback *)s;
    mn_object *next = tb->next;
    tb->next = NULL;
    MN_CLEAR(tb->frame);
    mn_object_free(s);
    while (next && MN_REFCNT(next) == 1 && MN_TYPE(next) == &mn_traceback_type) {
        mn_traceback *n = (mn_traceback *)next;
        mn_object *nn = n->next;
        n->next = NULL;
        MN_DECREF(next);
        next = nn;
    }
    MN_XDECREF(next);
}

static mn_object *tb_get_next(mn_object *s, MN_UNUSED void *c)
{
    mn_object *n = ((mn_traceback *)s)->next;
    return MN_NEW_REF(n ? n : mn_none);
}

static int tb_set_next(mn_object *s, mn_object *v, MN_UNUSED void *c)
{
    if (!v) {
        mn_err_set_string(&mn_exc_TypeError, "can't delete tb_next attribute");
        return -1;
    }
    if (v == mn_none)
        v = NULL;
    else if (MN_TYPE(v) != &mn_traceback_type) {
        mn_err_format(&mn_exc_TypeError, "expected traceback object or None, got '%s'", MN_TYPE_NAME(v));
        return -1;
    }
    for (mn_object *c2 = v; c2; c2 = ((mn_traceback *)c2)->next)
        if (c2 == s) {
            mn_err_set_string(&mn_exc_ValueError, "traceback loop detected");
            return -1;
        }
    MN_XINCREF(v);
    MN_SETREF(((mn_traceback *)s)->next, v);
    return 0;
}

static mn_object *tb_get_lasti(mn_object *s, MN_UNUSED void *c)
{
    return mn_int_from_i64((int64_t)((mn_traceback *)s)->lasti * 2);
}

static mn_member_def tb_members[] = {
    { "tb_frame", MN_T_OBJECT, offsetof(mn_traceback, frame), MN_MEMBER_READONLY, NULL },
    { "tb_lineno", MN_T_INT, offsetof(mn_traceback, lineno), MN_MEMBER_READONLY, NULL },
    { NULL, 0, 0, 0, NULL },
};

static mn_getset_def tb_getset[] = {
    { "tb_next", tb_get_next, tb_set_next, NULL, NULL },
    { "tb_lasti", tb_get_lasti, NULL, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

mn_type mn_traceback_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "traceback",
    .basicsize = sizeof(mn_traceback),
    .flags = MN_TPFLAGS_HAVE_GC,
    .dealloc = tb_dealloc,
    .traverse = tb_traverse,
    .clear = tb_clear,
    .getattro = mn_object_generic_getattr,
    .setattro = mn_object_generic_setattr,
    .members = tb_members,
    .getset = tb_getset,
};

int mn_traceback_init_types(void)
{
    return mn_type_ready(&mn_traceback_type);
}

/* ================================================================ printing */

/* Reads line `lineno` (1-based) of `filename` into a malloc'd string
 * without the newline, or NULL. */
static char *read_source_line(const char *filename, int lineno)
{
    if (lineno < 1 || !filename || filename[0] == '<')
        return NULL;
    FILE *fp = fopen(filename, "rb");
    if (!fp)
        return NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = 0;
    int cur = 0;
    while ((n = getline(&line, &cap, fp)) >= 0) {
        if (++cur == lineno)
            break;
    }
    fclose(fp);
    if (n < 0 || cur != lineno) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = 0;
    return line;
}

/* Number of UTF-8 code points in s[0..nbytes). */
static int char_count(const char *s, int nbytes)
{
    int c = 0;
    for (int i = 0; i < nbytes && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

static int is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           ((unsigned char)c >= 0x80);
}

/* Skips a string literal starting at s[i] (a quote); returns the index after it. */
static int skip_string(const char *s, int n, int i)
{
    char q = s[i];
    int triple = i + 2 < n && s[i + 1] == q && s[i + 2] == q;
    i += triple ? 3 : 1;
    while (i < n) {
        if (s[i] == '\\') {
            i += 2;
            continue;
        }
        if (s[i] == q) {
            if (!triple)
                return i + 1;
            if (i + 2 < n && s[i + 1] == q && s[i + 2] == q)
                return i + 3;
        }
        i++;
    }
    return n;
}

/* Binary-operator precedence of the operator at s[i] (0: none) and its length. */
static int binop_at(const char *s, int n, int i, int *len)
{
    char c = s[i], d = i + 1 < n ? s[i + 1] : 0;
    *len = 1;
    switch (c) {
    case '|': return d == '=' ? 0 : 1;
    case '^': return d == '=' ? 0 : 2;
    case '&': return d == '=' ? 0 : 3;
    case '<': if (d == '<') { *len = 2; return 4; } return -1;  /* comparison */
    case '>': if (d == '>') { *len = 2; return 4; } return -1;
    case '+': case '-': return d == '=' ? 0 : 5;
    case '*':
        if (d == '*') { *len = 2; return 7; }
        return d == '=' ? 0 : 6;
    case '/':
        if (d == '/') { *len = 2; return 6; }
        return 6;
    case '%': case '@': return d == '=' ? 0 : 6;
    case '=': case '!': return -1;   /* ==, != or assignment: not a BinOp */
    default: return 0;
    }
}

/* Strips whitespace and balanced outer parentheses from [a, b): the AST
 * range of a parenthesised operand excludes its parentheses. */
static void inner_range(const char *s, int a, int b, int *ia, int *ib)
{
    for (;;) {
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        while (a < b && (s[a] == ' ' || s[a] == '\t'))
            a++;
        if (b - a < 2 || s[a] != '(' || s[b - 1] != ')')
            break;
        int depth = 0, ok = 1;
        for (int i = a; i < b; i++) {
            if (s[i] == '"' || s[i] == '\'') {
                i = skip_string(s, b, i) - 1;
                continue;
            }
            if (s[i] == '(' || s[i] == '[' || s[i] == '{')
                depth++;
            else if ((s[i] == ')' || s[i] == ']' || s[i] == '}') && --depth == 0 && i != b - 1) {
                ok = 0;
                break;
            }
        }
        if (!ok)
            break;
        a++;
        b--;
    }
    *ia = a;
    *ib = b;
}

/* A small expression scanner standing in for 3.11's "parse the segment
 * and look at the AST node": finds a top-level binary operator or a
 * trailing subscript. Returns 1 with byte anchors within seg, else 0. */
static int extract_anchors(const char *seg, int n, int *left, int *right)
{
    int depth = 0, best_prec = 100, best_pos = -1, best_len = 0;
    int prev_operand = 0;   /* last token could end an operand */
    int last_open_sq = -1, ends_with_subscript = 0;
    for (int i = 0; i < n;) {
        char c = seg[i];
        if (c == ' ' || c == '\t' || c == '\\' || c == '\n') {
            i++;
            continue;
        }
        if (c == '#')
            return 0;
        if (c == '"' || c == '\'') {
            i = skip_string(seg, n, i);
            prev_operand = 1;
            ends_with_subscript = 0;
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            if (depth == 0 && c == '[' && prev_operand)
                last_open_sq = i;
            depth++;
            i++;
            prev_operand = 0;
            ends_with_subscript = 0;
            continue;
        }
        if (c == ')' || c == ']' || c == '}') {
            depth--;
            if (depth < 0)
                return 0;
            ends_with_subscript = depth == 0 && c == ']' && last_open_sq >= 0;
            i++;
            prev_operand = 1;
            continue;
        }
        if (is_ident_char(c)) {
            int j = i;
            while (j < n && (is_ident_char(seg[j]) || (seg[j] == '.' && j > i && seg[i] >= '0' && seg[i] <= '9')))
                j++;
            if (depth == 0) {
                int len = j - i;
#define KW(w) (len == (int)strlen(w) && strncmp(seg + i, w, len) == 0)
                if (KW("and") || KW("or") || KW("not") || KW("in") || KW("is") || KW("if") || KW("else") ||
                    KW("lambda") || KW("for") || KW("await") || KW("yield"))
                    return 0;
#undef KW
            }
            i = j;
            prev_operand = 1;
            ends_with_subscript = 0;
            continue;
        }
        if (c == '.') {
            i++;
            prev_operand = 0;
            continue;
        }
        if (depth > 0) {
            i++;
            continue;
        }
        if (c == ',' || c == ':' || c == '=' || c == '!')
            return 0;
        int len, prec = binop_at(seg, n, i, &len);
        if (prec < 0)
            return 0;
        if (prec == 0) {
            if (c == '~') {   /* unary */
                i++;
                prev_operand = 0;
                continue;
            }
            return 0;
        }
        if (!prev_operand) {
            /* Unary + or - (or a stray operator). */
            if (c == '+' || c == '-') {
                i++;
                continue;
            }
            return 0;
        }
        /* Left-associative: the rightmost operator of the lowest
         * precedence is the root; ** is right-associative. */
        if (prec < best_prec || (prec == best_prec && prec != 7)) {
            best_prec = prec;
            best_pos = i;
            best_len = len;
        }
        i += len;
        prev_operand = 0;
        ends_with_subscript = 0;
    }
    if (best_pos >= 0) {
        /* `-a ** b` is a unary minus applied to a BinOp: no anchors. */
        if (best_prec == 7) {
            int k = 0;
            while (k < n && seg[k] == ' ')
                k++;
            if (seg[k] == '-' || seg[k] == '+' || seg[k] == '~')
                return 0;
        }
        /* As 3.11: from the end of the left operand to the start of the
         * right one, the first non-space character (plus the next one if
         * it isn't a space) is the operator. */
        int la, lb, ra, rb;
        inner_range(seg, 0, best_pos, &la, &lb);
        inner_range(seg, best_pos + best_len, n, &ra, &rb);
        for (int i = lb; i < ra; i++) {
            if (seg[i] == ' ' || seg[i] == '\t' || seg[i] == '\\' || seg[i] == '\n')
                continue;
            *left = i;
            *right = i + 1;
            if (i + 1 < ra && seg[i + 1] != ' ' && seg[i + 1] != '\t' && seg[i + 1] != '\n')
                (*right)++;
            return 1;
        }
        return 0;
    }
    if (ends_with_subscript && last_open_sq > 0) {
        int va, vb, sa, sb;
        inner_range(seg, 0, last_open_sq, &va, &vb);
        int close = n - 1;
        while (close > 0 && seg[close] != ']')
            close--;
        inner_range(seg, last_open_sq + 1, close, &sa, &sb);
        *left = vb;
        *right = sb + 1;
        return 1;
    }
    return 0;
}

static void print_source_and_carets(FILE *out, mn_code *co, int lasti, int lineno)
{
    char *line = read_source_line(mn_str_as_utf8(co->filename), lineno);
    if (!line)
        return;
    int len = (int)strlen(line);
    int lead = 0;
    while (lead < len && (line[lead] == ' ' || line[lead] == '\t' || line[lead] == '\f'))
        lead++;
    int end = len;
    while (end > lead && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\f'))
        end--;
    fprintf(out, "    %.*s\n", end - lead, line + lead);
    mn_code_pos *p = (co->positions && lasti >= 0 && lasti < co->ninstrs) ? &co->positions[lasti] : NULL;
    if (!p || p->lineno != p->end_lineno || p->col < 0 || p->end_col < 0 || p->lineno != lineno ||
        p->end_col > len || p->col > p->end_col) {
        free(line);
        return;
    }
    /* Character offsets relative to the stripped line. */
    int start_b = p->col, end_b = p->end_col;
    int start = char_count(line, start_b) - char_count(line, lead);
    int endc = char_count(line, end_b) - char_count(line, lead);
    int left = -1, right = -1;
    int la, ra;
    if (extract_anchors(line + start_b, end_b - start_b, &la, &ra)) {
        left = start + char_count(line + start_b, la);
        right = start + char_count(line + start_b, ra);
    }
    int stripped_len = char_count(line + lead, end - lead);
    int special = left != -1 || right != -1;
    if (endc - start == stripped_len && !special) {
        free(line);
        return;
    }
    fputs("    ", out);
    for (int off = 1; off <= endc; off++) {
        if (off <= start)
            fputc(' ', out);
        else if (special && left < off && off <= right)
            fputc('^', out);
        else
            fputc(special ? '~' : '^', out);
    }
    fputc('\n', out);
    free(line);
}

#define TB_RECURSIVE_CUTOFF 3
#define TB_LIMIT 1000

static void print_tb(mn_object *tbo, FILE *out)
{
    long depth = 0;
    for (mn_object *t = tbo; t; t = ((mn_traceback *)t)->next)
        depth++;
    while (depth > TB_LIMIT) {
        tbo = ((mn_traceback *)tbo)->next;
        depth--;
    }
    mn_code *last_code = NULL;
    int last_line = -1;
    long cnt = 0;
    for (mn_object *t = tbo; t; t = ((mn_traceback *)t)->next) {
        mn_traceback *tb = (mn_traceback *)t;
        mn_frame *f = ((mn_frame_object *)tb->frame)->frame;
        mn_code *co = f ? f->code : NULL;
        if (!co)
            continue;
        if (last_code == NULL || co->filename != last_code->filename || !mn_str_equal(co->filename, last_code->filename) ||
            tb->lineno != last_line || !mn_str_equal(co->name, last_code->name)) {
            if (cnt > TB_RECURSIVE_CUTOFF)
                fprintf(out, "  [Previous line repeated %ld more time%s]\n", cnt - TB_RECURSIVE_CUTOFF,
                        cnt - TB_RECURSIVE_CUTOFF > 1 ? "s" : "");
            last_code = co;
            last_line = tb->lineno;
            cnt = 0;
        }
        cnt++;
        if (cnt > TB_RECURSIVE_CUTOFF)
            continue;
        fprintf(out, "  File \"%s\", line %d, in %s\n", mn_str_as_utf8(co->filename), tb->lineno,
                mn_str_as_utf8(co->name));
        print_source_and_carets(out, co, tb->lasti, tb->lineno);
    }
    if (cnt > TB_RECURSIVE_CUTOFF)
        fprintf(out, "  [Previous line repeated %ld more time%s]\n", cnt - TB_RECURSIVE_CUTOFF,
                cnt - TB_RECURSIVE_CUTOFF > 1 ? "s" : "");
}

/* ------------------------------------------------------- suggestions */

#define MAX_CANDIDATE_ITEMS 750
#define MAX_STRING_SIZE 40
#define MOVE_COST 2
#define CASE_COST 1
#define LEAST_FIVE_BITS(n) ((n) & 31)

static int substitution_cost(char a, char b)
{
    if (LEAST_FIVE_BITS(a) != LEAST_FIVE_BITS(b))
        return MOVE_COST;
    if (a == b)
        return 0;
    if ('A' <= a && a <= 'Z')
        a += ('a' - 'A');
    if ('A' <= b && b <= 'Z')
        b += ('a' - 'A');
    if (a == b)
        return CASE_COST;
    return MOVE_COST;
}

static mn_ssize levenshtein(const char *a, size_t a_size, const char *b, size_t b_size, size_t max_cost)
{
    size_t buffer[MAX_STRING_SIZE];
    if (a == b)
        return 0;
    while (a_size && b_size && a[0] == b[0]) {
        a++; a_size--; b++; b_size--;
    }
    while (a_size && b_size && a[a_size - 1] == b[b_size - 1]) {
        a_size--; b_size--;
    }
    if (a_size == 0 || b_size == 0)
        return (mn_ssize)((a_size + b_size) * MOVE_COST);
    if (a_size > MAX_STRING_SIZE || b_size > MAX_STRING_SIZE)
        return (mn_ssize)max_cost + 1;
    if (b_size < a_size) {
        const char *t = a; a = b; b = t;
        size_t ts = a_size; a_size = b_size; b_size = ts;
    }
    if ((b_size - a_size) * MOVE_COST > max_cost)
        return (mn_ssize)max_cost + 1;
    for (size_t i = 0; i < a_size; i++)
        buffer[i] = (i + 1) * MOVE_COST;
    size_t result = 0;
    for (size_t bi = 0; bi < b_size; bi++) {
        char code = b[bi];
        size_t distance = result = bi * MOVE_COST;
        size_t minimum = SIZE_MAX;
        for (size_t index = 0; index < a_size; index++) {
            size_t substitute = distance + (size_t)substitution_cost(code, a[index]);
            distance = buffer[index];
            size_t insert_delete = (result < distance ? result : distance) + MOVE_COST;
            result = insert_delete < substitute ? insert_delete : substitute;
            buffer[index] = result;
            if (result < minimum)
                minimum = result;
        }
        if (minimum > max_cost)
            return (mn_ssize)max_cost + 1;
    }
    return (mn_ssize)result;
}

/* Best candidate of the list `dir` for `name` (borrowed) or NULL. */
static mn_object *calculate_suggestion(mn_object *dir, mn_object *name)
{
    mn_ssize n = MN_LIST_SIZE(dir);
    if (n >= MAX_CANDIDATE_ITEMS)
        return NULL;
    mn_ssize best_d = MN_SSIZE_MAX;
    mn_object *best = NULL;
    const char *ns = mn_str_as_utf8(name);
    mn_ssize nlen = MN_STR_NBYTES(name);
    for (mn_ssize i = 0; i < n; i++) {
        mn_object *item = MN_LIST_GET(dir, i);
        if (!MN_STR_CHECK(item) || mn_str_equal(name, item))
            continue;
        mn_ssize ilen = MN_STR_NBYTES(item);
        mn_ssize maxd = (nlen + ilen + 3) * MOVE_COST / 6;
        if (best_d - 1 < maxd)
            maxd = best_d - 1;
        mn_ssize d = levenshtein(ns, (size_t)nlen, mn_str_as_utf8(item), (size_t)ilen, (size_t)(maxd < 0 ? 0 : maxd));
        if (d > maxd)
            continue;
        if (!best || d < best_d) {
            best = item;
            best_d = d;
        }
    }
    return best;
}

static mn_object *suggest_from(mn_object *list, mn_object *name)
{
    if (!list)
        return NULL;
    mn_object *s = calculate_suggestion(list, name);
    MN_XINCREF(s);
    MN_DECREF(list);
    return s;
}

/* 3.11's _Py_Offer_Suggestions: new ref to the suggested name or NULL. */
static mn_object *offer_suggestions(mn_object *exc)
{
    mn_object *name = NULL, *res = NULL;
    if (mn_err_exception_matches(exc, MN_OBJ(&mn_exc_AttributeError))) {
        mn_object *obj = NULL;
        if (mn_vm_lookup_attr_str(exc, "name", &name) <= 0 || !MN_STR_CHECK(name) ||
            mn_vm_lookup_attr_str(exc, "obj", &obj) <= 0) {
            MN_XDECREF(obj);
            goto done;
        }
        mn_object *d = mn_object_call_method(obj, "__dir__", NULL, 0);
        MN_DECREF(obj);
        mn_object *l = d ? mn_list_from_iterable(d) : NULL;
        MN_XDECREF(d);
        if (l && mn_list_sort(l, NULL, 0) < 0)
            MN_CLEAR(l);
        res = suggest_from(l, name);
    } else if (mn_err_exception_matches(exc, MN_OBJ(&mn_exc_NameError))) {
        mn_object *tbo = ((mn_base_exception *)exc)->traceback;
        if (mn_vm_lookup_attr_str(exc, "name", &name) <= 0 || !MN_STR_CHECK(name) || !tbo)
            goto done;
        while (((mn_traceback *)tbo)->next)
            tbo = ((mn_traceback *)tbo)->next;
        mn_frame *f = ((mn_frame_object *)((mn_traceback *)tbo)->frame)->frame;
        if (!f || !f->code)
            goto done;
        res = suggest_from(mn_list_from_iterable(f->code->varnames), name);
        if (!res && f->globals)
            res = suggest_from(mn_dict_keys_list(f->globals), name);
        if (!res && f->builtins)
            res = suggest_from(mn_dict_keys_list(f->builtins), name);
    }
done:
    MN_XDECREF(name);
    mn_err_clear();
    return res;
}

/* ------------------------------------------------------ exception line */

/* 3.11: each note added with add_note() follows the exception line. A
 * __notes__ that isn't a list/tuple is shown by its repr. */
static void print_exception_notes(mn_object *exc, FILE *out)
{
    mn_object *notes = NULL;
    if (mn_vm_lookup_attr_str(exc, "__notes__", &notes) <= 0) {
        mn_err_clear();
        return;
    }
    if (!MN_LIST_CHECK(notes) && !MN_TUPLE_CHECK(notes)) {
        mn_object *r = mn_object_repr(notes);
        if (r) {
            fprintf(out, "%s\n", mn_str_as_utf8(r));
            MN_DECREF(r);
        } else {
            mn_err_clear();
            fputs("<__notes__ repr() failed>\n", out);
        }
        MN_DECREF(notes);
        return;
    }
    mn_object *seq = mn_tuple_from_iterable(notes);   /* a stable copy */
    MN_DECREF(notes);
    if (!seq) {
        mn_err_clear();
        return;
    }
    for (mn_ssize i = 0; i < MN_TUPLE_SIZE(seq); i++) {
        mn_object *n = mn_object_str(MN_TUPLE_GET(seq, i));
        if (n) {
            fprintf(out, "%s\n", mn_str_as_utf8(n));
            MN_DECREF(n);
        } else {
            mn_err_clear();
            fputs("<note str() failed>\n", out);
        }
    }
    MN_DECREF(seq);
}

static void print_exception_line(mn_object *exc, FILE *out)
{
    mn_type *t = MN_TYPE(exc);
    mn_object *mod = NULL;
    const char *tname = mn_type_name(t);
    if (MN_TYPE_HAS_FLAG(t, MN_TPFLAGS_HEAPTYPE)) {
        mn_object *m = mn_type_lookup_str(t, "__module__");
        if (m && MN_STR_CHECK(m) && !mn_str_equal_cstr(m, "builtins") && !mn_str_equal_cstr(m, "__main__"))
            mod = m;
        mn_object *qn = mn_type_get_qualname(t);
        if (qn) {
            if (mod)
                fprintf(out, "%s.", mn_str_as_utf8(mod));
            fputs(mn_str_as_utf8(qn), out);
            MN_DECREF(qn);
        } else {
            mn_err_clear();
            fputs(tname, out);
        }
    } else {
        fputs(tname, out);
    }
    mn_object *s = mn_object_str(exc);
    if (!s) {
        mn_err_clear();
        fputs(": <exception str() failed>\n", out);
        return;
    }
    if (MN_STR_NBYTES(s) > 0) {
        fputs(": ", out);
        fwrite(mn_str_as_utf8(s), 1, (size_t)MN_STR_NBYTES(s), out);
    }
    MN_DECREF(s);
    mn_object *sug = offer_suggestions(exc);
    if (sug) {
        fprintf(out, ". Did you mean: '%s'?", mn_str_as_utf8(sug));
        MN_DECREF(sug);
    }
    fputc('\n', out);
    print_exception_notes(exc, out);
}

/* SyntaxError: File/line header, the offending text and a caret range. */
static int print_syntax_error(mn_object *exc, FILE *out)
{
    mn_object *msg = NULL, *filename = NULL, *lineno = NULL, *offset = NULL, *text = NULL, *end_offset = NULL;
    mn_vm_lookup_attr_str(exc, "msg", &msg);
    mn_vm_lookup_attr_str(exc, "filename", &filename);
    mn_vm_lookup_attr_str(exc, "lineno", &lineno);
    mn_vm_lookup_attr_str(exc, "offset", &offset);
    mn_vm_lookup_attr_str(exc, "text", &text);
    mn_vm_lookup_attr_str(exc, "end_offset", &end_offset);
    mn_err_clear();
    int ok = msg && MN_STR_CHECK(msg);
    if (ok) {
        if (filename && MN_STR_CHECK(filename) && lineno && MN_INT_CHECK(lineno))
            fprintf(out, "  File \"%s\", line %lld\n", mn_str_as_utf8(filename), (long long)mn_int_as_i64(lineno));
        if (text && MN_STR_CHECK(text)) {
            const char *tx = mn_str_as_utf8(text);
            int n = (int)strlen(tx);
            while (n > 0 && (tx[n - 1] == '\n' || tx[n - 1] == '\r' || tx[n - 1] == ' '))
                n--;
            int lead = 0;
            while (lead < n && (tx[lead] == ' ' || tx[lead] == '\t' || tx[lead] == '\f'))
                lead++;
            fprintf(out, "    %.*s\n", n - lead, tx + lead);
            if (offset && MN_INT_CHECK(offset)) {
                long long off = mn_int_as_i64(offset);
                long long eoff = end_offset && MN_INT_CHECK(end_offset) ? mn_int_as_i64(end_offset) : off;
                long long col = off - 1 - char_count(tx, lead);
                long long ecol = eoff - 1 - char_count(tx, lead);
                long long width = char_count(tx + lead, n - lead);
                if (col < 0)
                    col = 0;
                if (col > width)
                    col = width;
                if (ecol <= col || ecol > width + 1)
                    ecol = col + 1;
                fputs("    ", out);
                for (long long i = 0; i < col; i++)
                    fputc(' ', out);
                for (long long i = col; i < ecol; i++)
                    fputc('^', out);
                fputc('\n', out);
            }
        }
        fprintf(out, "%s: %s\n", mn_type_name(MN_TYPE(exc)), mn_str_as_utf8(msg));
    }
    MN_XDECREF(msg); MN_XDECREF(filename); MN_XDECREF(lineno);
    MN_XDECREF(offset); MN_XDECREF(text); MN_XDECREF(end_offset);
    return ok;
}

static void print_one(mn_object *exc, FILE *out)
{
    mn_object *tb = ((mn_base_exception *)exc)->traceback;
    if (tb) {
        fputs("Traceback (most recent call last):\n", out);
        print_tb(tb, out);
    }
    if (mn_err_exception_matches(exc, MN_OBJ(&mn_exc_SyntaxError)) && print_syntax_error(exc, out))
        return;
    print_exception_line(exc, out);
}

static void print_chain(mn_object *exc, FILE *out, mn_object *seen)
{
    mn_base_exception *e = (mn_base_exception *)exc;
    mn_object *key = mn_int_from_i64((int64_t)(intptr_t)exc);
    if (key) {
        mn_set_add(seen, key);
        MN_DECREF(key);
    }
    mn_err_clear();
    mn_object *cause = e->cause, *ctx = e->context;
    int printed = 0;
    if (cause && MN_EXCEPTION_CHECK(cause)) {
        mn_object *k = mn_int_from_i64((int64_t)(intptr_t)cause);
        if (k && mn_set_contains(seen, k) == 0) {
            print_chain(cause, out, seen);
            fputs("\nThe above exception was the direct cause of the following exception:\n\n", out);
            printed = 1;
        }
        MN_XDECREF(k);
    }
    if (!printed && ctx && !e->suppress_context && MN_EXCEPTION_CHECK(ctx)) {
        mn_object *k = mn_int_from_i64((int64_t)(intptr_t)ctx);
        if (k && mn_set_contains(seen, k) == 0) {
            print_chain(ctx, out, seen);
            fputs("\nDuring handling of the above exception, another exception occurred:\n\n", out);
        }
        MN_XDECREF(k);
    }
    mn_err_clear();
    print_one(exc, out);
}

void mn_traceback_print(mn_object *exc, FILE *out)
{
    if (!exc)
        return;
    mn_object *saved = mn_err_fetch();
    if (!MN_EXCEPTION_CHECK(exc)) {
        mn_object *r = mn_object_repr(exc);
        fprintf(out, "TypeError: print_exception(): Exception expected for value, %s found\n",
                r ? mn_str_as_utf8(r) : MN_TYPE_NAME(exc));
        MN_XDECREF(r);
    } else {
        mn_object *seen = mn_set_new(NULL);
        if (seen) {
            print_chain(exc, out, seen);
            MN_DECREF(seen);
        } else {
            print_one(exc, out);
        }
    }
    fflush(out);
    mn_err_clear();
    mn_err_restore(saved);
}

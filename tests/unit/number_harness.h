/* tests/unit/number_harness.h — the table-driven harness shared by
 * test_int.c and test_float.c: operands are encoded as strings, an
 * operation is applied through the generic protocols, and the repr of the
 * result (or "!Type: message" of the exception) is compared with CPython. */
#ifndef MN_TEST_NUMBER_HARNESS_H
#define MN_TEST_NUMBER_HARNESS_H


/* ---- table-driven harness: build operands, apply an operation, compare
 * the repr of the result (or "!Type: message") with CPython's. ---- */
typedef struct num_case {
    const char *op;          /* "+", "<", "divmod", "pow3", "neg", "hash", "m:name", "c:type" */
    const char *args[3];     /* encoded operands, see make_value */
    const char *kw;          /* "name=value,..." keyword arguments ("" = none) */
    const char *expected;    /* repr(result) or "!ExcType: message" */
} num_case;

static int hexval(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

/* "123" int, "f:1.5" float, "True"/"False", "s:text" str, "b:hex" bytes,
 * "None", "L" the list [1]. */
static mn_object *make_value(const char *s)
{
    if (!strcmp(s, "True")) return mn_new_ref(mn_true);
    if (!strcmp(s, "False")) return mn_new_ref(mn_false);
    if (!strcmp(s, "None")) return mn_new_ref(mn_none);
    if (!strcmp(s, "L")) {
        mn_object *l = mn_list_new(0), *one = mn_int_from_i64(1);
        mn_list_append(l, one);
        MN_DECREF(one);
        return l;
    }
    if (!strncmp(s, "f:", 2)) {
        mn_object *t = mn_str_from_cstr(s + 2), *f = mn_float_from_string(t);
        MN_DECREF(t);
        return f;
    }
    if (!strncmp(s, "s:", 2)) return mn_str_from_cstr(s + 2);
    if (!strncmp(s, "b:", 2)) {
        char buf[256];
        size_t n = strlen(s + 2) / 2;
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)(hexval(s[2 + 2 * i]) * 16 + hexval(s[3 + 2 * i]));
        return mn_bytes_from_data(buf, (mn_ssize)n);
    }
    return mn_int_from_string(s, (mn_ssize)strlen(s), 10);
}

static const struct { const char *sym; int op; } BINOPS[] = {
    {"+", MN_BINOP_ADD}, {"-", MN_BINOP_SUBTRACT}, {"*", MN_BINOP_MULTIPLY},
    {"//", MN_BINOP_FLOOR_DIVIDE}, {"%", MN_BINOP_REMAINDER}, {"/", MN_BINOP_TRUE_DIVIDE},
    {"**", MN_BINOP_POWER}, {"<<", MN_BINOP_LSHIFT}, {">>", MN_BINOP_RSHIFT},
    {"&", MN_BINOP_AND}, {"|", MN_BINOP_OR}, {"^", MN_BINOP_XOR},
};
static const struct { const char *sym; int op; } CMPOPS[] = {
    {"<", MN_LT}, {"<=", MN_LE}, {"==", MN_EQ}, {"!=", MN_NE}, {">", MN_GT}, {">=", MN_GE},
};

/* Calls `callable` with the case's positional operands from index `first`
 * and its keyword arguments. */
static mn_object *call_with(mn_object *callable, mn_object **v, int first, int n, const char *kw)
{
    mn_object *args[8];
    int nargs = 0;
    for (int i = first; i < n; i++)
        args[nargs++] = v[i];
    mn_object *kwnames = NULL, *kwvals[4];
    int nkw = 0;
    char names[4][32];
    if (kw && *kw) {
        const char *p = kw;
        while (*p) {
            const char *eq = strchr(p, '='), *comma = strchr(p, ',');
            size_t ln = (size_t)(eq - p);
            memcpy(names[nkw], p, ln);
            names[nkw][ln] = '\0';
            char val[64];
            size_t lv = comma ? (size_t)(comma - eq - 1) : strlen(eq + 1);
            memcpy(val, eq + 1, lv);
            val[lv] = '\0';
            kwvals[nkw++] = make_value(val);
            p = comma ? comma + 1 : eq + 1 + lv;
        }
        kwnames = mn_tuple_new(nkw);
        for (int i = 0; i < nkw; i++) {
            MN_TUPLE_SET(kwnames, i, mn_str_from_cstr(names[i]));
            args[nargs + i] = kwvals[i];
        }
    }
    mn_object *r = mn_object_call(callable, args, nargs, kwnames);
    for (int i = 0; i < nkw; i++)
        MN_DECREF(kwvals[i]);
    MN_XDECREF(kwnames);
    return r;
}

static mn_object *apply_case(const num_case *c)
{
    mn_object *v[3] = {NULL, NULL, NULL};
    int n = 0;
    for (; n < 3 && c->args[n]; n++)
        v[n] = make_value(c->args[n]);
    mn_object *r = NULL;
    const char *op = c->op;
    for (size_t i = 0; i < sizeof BINOPS / sizeof *BINOPS; i++)
        if (!strcmp(op, BINOPS[i].sym))
            r = mn_number_binop(v[0], v[1], BINOPS[i].op);
    for (size_t i = 0; i < sizeof CMPOPS / sizeof *CMPOPS; i++)
        if (!strcmp(op, CMPOPS[i].sym))
            r = mn_object_richcompare(v[0], v[1], CMPOPS[i].op);
    if (!strcmp(op, "divmod")) {
        r = mn_object_call_method(v[0], "__divmod__", &v[1], 1);
        if (r == mn_not_implemented) {
            MN_DECREF(r);
            r = mn_object_call_method(v[1], "__rdivmod__", &v[0], 1);
        }
    } else if (!strcmp(op, "pow3")) {
        r = mn_number_power(v[0], v[1], v[2]);
    } else if (!strcmp(op, "neg")) {
        r = mn_number_negative(v[0]);
    } else if (!strcmp(op, "invert")) {
        r = mn_number_invert(v[0]);
    } else if (!strcmp(op, "abs")) {
        r = mn_number_absolute(v[0]);
    } else if (!strcmp(op, "hash")) {
        mn_hash h = mn_object_hash(v[0]);
        r = h == -1 && mn_err_occurred() ? NULL : mn_int_from_i64(h);
    } else if (!strcmp(op, "repr")) {
        r = mn_object_repr(v[0]);
    } else if (!strcmp(op, "bool")) {
        int t = mn_object_is_true(v[0]);
        r = t < 0 ? NULL : mn_bool_from_long(t);
    } else if (!strncmp(op, "m:", 2)) {
        mn_object *meth = mn_object_getattr_str(v[0], op + 2);
        r = meth ? call_with(meth, v, 1, n, c->kw) : NULL;
        MN_XDECREF(meth);
    } else if (!strncmp(op, "c:", 2)) {
        mn_type *t = !strcmp(op + 2, "int") ? &mn_int_type
                   : !strcmp(op + 2, "float") ? &mn_float_type : &mn_bool_type;
        r = call_with(MN_OBJ(t), v, 0, n, c->kw);
    }
    for (int i = 0; i < n; i++)
        MN_XDECREF(v[i]);
    return r;
}

/* repr of the result, or "!Type: message" for the pending exception. */
static char *describe(mn_object *r)
{
    char *out;
    if (r) {
        mn_object *rep = mn_object_repr(r);
        MN_DECREF(r);
        if (!rep)
            return strdup("<repr failed>");
        out = strdup(mn_str_as_utf8(rep));
        MN_DECREF(rep);
        return out;
    }
    mn_object *exc = mn_err_fetch();
    if (!exc)
        return strdup("<NULL without exception>");
    mn_object *msg = mn_object_str(exc);
    const char *m = msg ? mn_str_as_utf8(msg) : "?";
    size_t len = strlen(m) + strlen(MN_TYPE_NAME(exc)) + 4;
    out = malloc(len);
    snprintf(out, len, "!%s: %s", MN_TYPE_NAME(exc), m);
    MN_XDECREF(msg);
    MN_DECREF(exc);
    return out;
}

/* Runs every case; reports each mismatch; returns the number of failures. */
static int run_cases(const num_case *cases, size_t ncases)
{
    int failures = 0;
    for (size_t i = 0; i < ncases; i++) {
        char *got = describe(apply_case(&cases[i]));
        if (strcmp(got, cases[i].expected) != 0) {
            failures++;
            cr_log_error("case %zu (%s %s %s): expected %.300s, got %.300s", i, cases[i].op,
                         cases[i].args[0] ? cases[i].args[0] : "",
                         cases[i].args[1] ? cases[i].args[1] : "", cases[i].expected, got);
        }
        free(got);
    }
    return failures;
}
/* Generated by the script in the header comment; expected = repr() under CPython 3.11. */
static const num_case CASES[] = {

#endif

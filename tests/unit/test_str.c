/* tests/unit/test_str.c — unit tests for the str type (runtime/str.c,
 * str_methods.c, strformat.c).
 *
 * Most behaviour tests are table-driven: tests/unit/gen_str_cases.py
 * evaluates ~500 Python expressions under CPython 3.11 and writes
 * str_cases.inc (the expression, how to build it from C, and the expected
 * repr or exception type + message). The hand-written tests below cover the
 * C API: construction, the builder, mn_str_from_format, interning, hashing,
 * indexing/iteration speed on non-ASCII text.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "runtime/runtime.h"
#include "runtime/str_internal.h"

static void setup(void) { cr_assert_eq(mn_runtime_init(), 0); }
static void teardown(void) { mn_runtime_fini(); }

TestSuite(str, .init = setup, .fini = teardown);

/* ------------------------------------------------------ table-driven cases */

typedef struct tok {
    char kind;          /* s str (i: byte length), y bytes, i int, I big int, f float, F float text,
                           b bool, n None, t tuple, l list, d dict, S slice */
    long long i;        /* int value / bytes length / element count */
    double f;
    const char *s;
} tok;

typedef struct str_case {
    const char *expr;
    const char *op;     /* M:name method, F:name builtin, B:n binop, C:n compare, IN, GI */
    int nargs;
    const char *kwnames;   /* comma-separated */
    int nkw;
    const tok *toks;
    const char *exc;       /* expected exception type name, or NULL */
    const char *expect;    /* repr(result), or str(exception) */
} str_case;

#include "str_cases.inc"

/* Builds one value from the token stream (new reference). */
static mn_object *build(const tok **pp)
{
    const tok *t = (*pp)++;
    switch (t->kind) {
    case 's': return mn_str_from_utf8_unchecked(t->s, (mn_ssize)t->i);
    case 'y': return mn_bytes_from_data(t->s, (mn_ssize)t->i);
    case 'i': return mn_int_from_i64(t->i);
    case 'I': return mn_int_from_string(t->s, (mn_ssize)strlen(t->s), 10);
    case 'f': return mn_float_from_double(t->f);
    case 'F': return mn_float_from_double(strtod(t->s, NULL));
    case 'b': return mn_bool_from_long((long)t->i);
    case 'n': return mn_new_ref(mn_none);
    case 't': case 'l': {
        mn_object *items[16];
        for (long long k = 0; k < t->i; k++) items[k] = build(pp);
        mn_object *r;
        if (t->kind == 't') r = mn_tuple_from_array(items, (mn_ssize)t->i);
        else {
            r = mn_list_new(0);
            for (long long k = 0; k < t->i; k++) mn_list_append(r, items[k]);
        }
        for (long long k = 0; k < t->i; k++) MN_DECREF(items[k]);
        return r;
    }
    case 'd': {
        mn_object *d = mn_dict_new();
        for (long long k = 0; k < t->i; k++) {
            mn_object *key = build(pp), *v = build(pp);
            mn_dict_set_item(d, key, v);
            MN_DECREF(key);
            MN_DECREF(v);
        }
        return d;
    }
    case 'S': {
        mn_object *a = build(pp), *b = build(pp), *c = build(pp);
        mn_object *r = mn_slice_new(a, b, c);
        MN_DECREF(a); MN_DECREF(b); MN_DECREF(c);
        return r;
    }
    }
    return NULL;
}

static mn_object *kwnames_tuple(const char *names, int n)
{
    if (n == 0) return NULL;
    mn_object *t = mn_tuple_new(n);
    const char *p = names;
    for (int i = 0; i < n; i++) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        char buf[64];
        memcpy(buf, p, len);
        buf[len] = 0;
        MN_TUPLE_SET(t, i, mn_str_intern_cstr(buf));
        p = q ? q + 1 : p + len;
    }
    return t;
}

/* Runs one case; returns the result (new ref) or NULL with an exception. */
static mn_object *run_case(const str_case *c)
{
    const tok *p = c->toks;
    mn_object *recv = NULL, *args[8];
    int is_method = strncmp(c->op, "M:", 2) == 0;
    if (is_method) recv = build(&p);
    int total = c->nargs + c->nkw;
    for (int i = 0; i < total; i++) args[i] = build(&p);
    mn_object *kw = kwnames_tuple(c->kwnames, c->nkw);
    mn_object *r = NULL;
    if (is_method) {
        mn_object *m = mn_object_getattr_str(recv, c->op + 2);
        if (m) {
            r = mn_object_call(m, args, c->nargs, kw);
            MN_DECREF(m);
        }
    } else if (!strcmp(c->op, "F:format")) {
        r = mn_object_format(args[0], c->nargs > 1 ? args[1] : NULL);
    } else if (!strcmp(c->op, "F:repr")) {
        r = mn_object_repr(args[0]);
    } else if (!strcmp(c->op, "F:ascii")) {
        r = mn_object_ascii(args[0]);
    } else if (!strcmp(c->op, "F:str")) {
        r = mn_object_call(MN_OBJ(&mn_str_type), args, c->nargs, kw);
    } else if (!strcmp(c->op, "F:len")) {
        mn_ssize n = mn_object_length(args[0]);
        r = n < 0 ? NULL : mn_int_from_ssize(n);
    } else if (!strncmp(c->op, "B:", 2)) {
        r = mn_number_binop(args[0], args[1], atoi(c->op + 2));
    } else if (!strncmp(c->op, "C:", 2)) {
        r = mn_object_richcompare(args[0], args[1], atoi(c->op + 2));
    } else if (!strcmp(c->op, "IN")) {
        int k = mn_sequence_contains(args[1], args[0]);
        r = k < 0 ? NULL : mn_bool_from_long(k);
    } else if (!strcmp(c->op, "GI")) {
        r = mn_object_getitem(args[0], args[1]);
    }
    MN_XDECREF(recv);
    for (int i = 0; i < total; i++) MN_DECREF(args[i]);
    MN_XDECREF(kw);
    return r;
}

Test(str, cpython_cases)
{
    int failures = 0;
    for (int i = 0; i < N_STR_CASES; i++) {
        const str_case *c = &str_cases[i];
        mn_object *r = run_case(c);
        char got[512];
        if (r) {
            mn_object *rr = mn_object_repr(r);
            snprintf(got, sizeof got, "%s", rr ? mn_str_as_utf8(rr) : "<repr failed>");
            if (!rr) mn_err_clear();
            MN_XDECREF(rr);
            MN_DECREF(r);
        } else {
            mn_object *exc = mn_err_fetch();
            mn_object *msg = exc ? mn_object_str(exc) : NULL;
            snprintf(got, sizeof got, "%s: %s", exc ? MN_TYPE_NAME(exc) : "<no exception>",
                     msg ? mn_str_as_utf8(msg) : "<str failed>");
            if (!msg) mn_err_clear();
            MN_XDECREF(msg);
            MN_XDECREF(exc);
        }
        char want[512];
        if (c->exc) snprintf(want, sizeof want, "%s: %s", c->exc, c->expect);
        else snprintf(want, sizeof want, "%s", c->expect);
        if (strcmp(got, want) != 0) {
            failures++;
            cr_log_error("%s\n    expected: %s\n    got:      %s", c->expr, want, got);
        }
    }
    cr_expect_eq(failures, 0, "%d of %d CPython cases failed", failures, N_STR_CASES);
}

/* --------------------------------------------------------- C API tests */

static void expect_text(mn_object *s, const char *want)
{
    cr_assert_not_null(s);
    cr_expect_str_eq(mn_str_as_utf8(s), want);
    MN_DECREF(s);
}

Test(str, construction_and_length)
{
    mn_object *s = mn_str_from_cstr("h\xc3\xa9llo \xf0\x9f\x98\x80");   /* 'héllo 😀' */
    cr_expect_eq(MN_STR_LENGTH(s), 7);          /* len('héllo 😀') == 7 */
    cr_expect_eq(MN_STR_NBYTES(s), 11);
    cr_expect_eq(((mn_str *)s)->ascii, 0);
    cr_expect_eq(mn_str_char_at(s, 1), 0xE9);   /* ord('héllo 😀'[1]) == 233 */
    cr_expect_eq(mn_str_char_at(s, 6), 0x1F600);
    expect_text(mn_str_substring(s, 1, 4), "\xc3\xa9ll");
    MN_DECREF(s);
    expect_text(mn_str_from_codepoint(0x65E5), "\xe6\x97\xa5");   /* chr(0x65e5) == '日' */
    cr_expect_null(mn_str_from_codepoint(0x110000));
    cr_expect(mn_err_matches(&mn_exc_ValueError));
    mn_err_clear();
}

Test(str, singletons)
{
    mn_object *a = mn_str_from_cstr(""), *b = mn_str_from_utf8("", 0);
    cr_expect_eq(a, b);
    MN_DECREF(a); MN_DECREF(b);
    a = mn_str_from_cstr("x");
    b = mn_str_from_codepoint('x');
    cr_expect_eq(a, b);
    MN_DECREF(a); MN_DECREF(b);
    a = mn_str_from_cstr("\xc3\xa9");   /* 'é' is a Latin-1 singleton too */
    b = mn_str_from_codepoint(0xE9);
    cr_expect_eq(a, b);
    MN_DECREF(a); MN_DECREF(b);
}

Test(str, utf8_validation)
{
    /* bytes(b'\xff').decode() -> "'utf-8' codec can't decode byte 0xff in
     * position 0: invalid start byte" */
    cr_expect_null(mn_str_from_utf8("\xff", 1));
    mn_object *exc = mn_err_fetch();
    cr_assert_not_null(exc);
    cr_expect_str_eq(MN_TYPE_NAME(exc), "UnicodeDecodeError");
    mn_object *msg = mn_object_str(exc);
    cr_assert_not_null(msg);
    cr_expect_str_eq(mn_str_as_utf8(msg), "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
    MN_DECREF(msg);
    MN_DECREF(exc);
    /* overlong, surrogate, > U+10FFFF, truncated */
    const char *bad[] = {"\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\xe2\x82"};
    for (int i = 0; i < 4; i++) {
        cr_expect_null(mn_str_from_utf8(bad[i], (mn_ssize)strlen(bad[i])));
        cr_expect(mn_err_matches(&mn_exc_UnicodeDecodeError));
        mn_err_clear();
    }
    mn_object *ok = mn_str_from_utf8("\xe2\x82\xac", 3);   /* '€' */
    cr_expect_eq(MN_STR_LENGTH(ok), 1);
    MN_DECREF(ok);
}

Test(str, from_format)
{
    mn_object *s = mn_str_from_cstr("h\xc3\xa9");
    mn_object *i = mn_int_from_i64(42);
    expect_text(mn_str_from_format("%d|%i|%u|%ld|%zd|%lld|%x|%c|%%|%s", -1, 2, 3u, 4L,
                                   (mn_ssize)5, 6LL, 255u, 0xE9, "txt"),
                "-1|2|3|4|5|6|ff|\xc3\xa9|%|txt");
    expect_text(mn_str_from_format("%R %S %U %T %A", s, s, s, i, s),
                "'h\xc3\xa9' h\xc3\xa9 h\xc3\xa9 int 'h\\xe9'");
    expect_text(mn_str_from_format("[%.2s] [%5s] [%.1U]", "abcdef", "ab", s), "[ab] [   ab] [h]");
    expect_text(mn_str_from_format("%zu %lu %llu %05d %-3d|", (size_t)7, 8UL, 9ULL, 42, 1), "7 8 9 00042 1  |");
    expect_text(mn_str_from_format("%R", (mn_object *)NULL), "<NULL>");
    mn_object *p = mn_str_from_format("%p", (void *)0x1234);
    cr_expect_str_eq(mn_str_as_utf8(p), "0x1234");
    MN_DECREF(p);
    /* mn_err_format goes through mn_str_from_format_v */
    mn_err_format(&mn_exc_TypeError, "can only concatenate str (not \"%s\") to str", "int");
    mn_object *exc = mn_err_fetch();
    mn_object *msg = mn_object_str(exc);
    cr_expect_str_eq(mn_str_as_utf8(msg), "can only concatenate str (not \"int\") to str");
    MN_DECREF(msg);
    MN_DECREF(exc);
    MN_DECREF(s);
    MN_DECREF(i);
}

Test(str, builder)
{
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_sb_append_cstr(&sb, "a");
    mn_sb_append_char(&sb, 'b');
    mn_sb_append_codepoint(&sb, 0x1F600);
    mn_object *x = mn_str_from_cstr("\xc3\xa9");
    cr_expect_eq(mn_sb_append_str(&sb, x), 0);
    cr_expect_eq(mn_sb_append_repr(&sb, x), 0);
    mn_object *n = mn_int_from_i64(7);
    cr_expect_eq(mn_sb_append_strobj(&sb, n), 0);
    cr_expect_eq(mn_sb_append_str(&sb, n), -1);   /* not a str */
    for (int i = 0; i < 1000; i++) mn_sb_append_char(&sb, 'z');
    mn_object *r = mn_sb_finish(&sb);
    cr_assert_not_null(r);
    cr_expect_eq(MN_STR_LENGTH(r), 3 + 1 + 3 + 1 + 1000);
    cr_expect_eq(strncmp(mn_str_as_utf8(r), "ab\xf0\x9f\x98\x80\xc3\xa9'\xc3\xa9'7zz", 15), 0);
    MN_DECREF(r);
    MN_DECREF(x);
    MN_DECREF(n);
    mn_sb_init(&sb);
    mn_sb_append_cstr(&sb, "discarded");
    mn_sb_discard(&sb);
}

Test(str, interning)
{
    mn_object *a = mn_str_intern_cstr("some_identifier");
    mn_object *b = mn_str_intern_cstr("some_identifier");
    cr_expect_eq(a, b);
    mn_object *c = mn_str_intern(mn_str_from_cstr("some_identifier"));
    cr_expect_eq(a, c);
    mn_object *d = mn_str_intern(mn_str_from_cstr("other_identifier"));
    mn_object *e = mn_str_intern_cstr("other_identifier");
    cr_expect_eq(d, e);
    cr_expect_neq(a, d);
    MN_DECREF(a); MN_DECREF(b); MN_DECREF(c); MN_DECREF(d); MN_DECREF(e);
    /* many names: the table grows */
    char buf[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof buf, "name_%d", i);
        mn_object *s = mn_str_intern_cstr(buf);
        cr_assert_not_null(s);
        MN_DECREF(s);
    }
    mn_object *f = mn_str_intern_cstr("name_1234");
    mn_object *g = mn_str_intern_cstr("name_1234");
    cr_expect_eq(f, g);
    MN_DECREF(f); MN_DECREF(g);
}

Test(str, hash_and_compare)
{
    mn_object *a = mn_str_from_cstr("hello"), *b = mn_str_from_cstr("hello"), *c = mn_str_from_cstr("hellp");
    cr_expect_neq(a, b);
    cr_expect_eq(mn_str_hash(a), mn_str_hash(b));
    cr_expect_neq(mn_str_hash(a), mn_str_hash(c));
    cr_expect_eq(mn_object_hash(a), mn_str_hash(a));
    cr_expect(mn_str_equal(a, b));
    cr_expect(!mn_str_equal(a, c));
    cr_expect(mn_str_equal_cstr(a, "hello"));
    cr_expect_lt(mn_str_compare(a, c), 0);
    /* code point order: 'é' (U+E9) > 'z' and U+1F600 > U+FFFF */
    mn_object *e = mn_str_from_cstr("\xc3\xa9"), *z = mn_str_from_cstr("z");
    cr_expect_gt(mn_str_compare(e, z), 0);
    /* hash is well mixed: 10000 short keys give (nearly) no collisions in
     * the low 16 bits beyond what chance allows */
    static unsigned char seen[65536];
    memset(seen, 0, sizeof seen);
    int coll = 0;
    char buf[16];
    for (int i = 0; i < 10000; i++) {
        snprintf(buf, sizeof buf, "k%d", i);
        mn_object *k = mn_str_from_cstr(buf);
        unsigned idx = (unsigned)mn_str_hash(k) & 0xFFFF;
        coll += seen[idx];
        seen[idx] = 1;
        MN_DECREF(k);
    }
    cr_expect_lt(coll, 1200, "collisions: %d", coll);   /* ~700 expected for a random hash */
    MN_DECREF(a); MN_DECREF(b); MN_DECREF(c); MN_DECREF(e); MN_DECREF(z);
}

Test(str, concat_join_api)
{
    mn_object *a = mn_str_from_cstr("h\xc3\xa9"), *b = mn_str_from_cstr("llo");
    mn_object *ab = mn_str_concat(a, b);
    cr_expect_eq(MN_STR_LENGTH(ab), 5);
    expect_text(ab, "h\xc3\xa9llo");
    mn_object *sep = mn_str_from_cstr(", ");
    mn_object *lst = mn_list_new(0);
    mn_list_append(lst, a);
    mn_list_append(lst, b);
    mn_object *j = mn_str_join(sep, lst);
    cr_expect_eq(MN_STR_LENGTH(j), 7);
    expect_text(j, "h\xc3\xa9, llo");
    MN_DECREF(lst); MN_DECREF(sep); MN_DECREF(a); MN_DECREF(b);
}

Test(str, repr_api)
{
    mn_object *s = mn_str_from_cstr("it's \"q\"\n");
    expect_text(mn_str_repr(s), "'it\\'s \"q\"\\n'");   /* repr('it\'s "q"\n') */
    MN_DECREF(s);
    cr_expect(mn_str_is_identifier(s = mn_str_from_cstr("_x1")));
    MN_DECREF(s);
}

/* Sequential indexing and iteration of a 1,000,000-character non-ASCII
 * string must be O(1) per step (the (index, offset) cache / the iterator's
 * byte offset). We print the times rather than assert them. */
Test(str, sequential_indexing_is_fast)
{
    const mn_ssize n = 1000000;
    mn_str_builder sb;
    mn_sb_init(&sb);
    for (mn_ssize i = 0; i < n; i++)
        mn_sb_append_codepoint(&sb, i % 3 == 0 ? 0xE9 : i % 3 == 1 ? 0x65E5 : 'a');
    mn_object *s = mn_sb_finish(&sb);
    cr_assert_eq(MN_STR_LENGTH(s), n);

    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long long sum = 0;
    for (mn_ssize i = 0; i < n; i++) {
        mn_object *idx = mn_int_from_ssize(i);
        mn_object *ch = mn_object_getitem(s, idx);
        sum += mn_str_char_at(ch, 0);
        MN_DECREF(ch);
        MN_DECREF(idx);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    mn_object *it = mn_object_get_iter(s);
    mn_object *ch;
    long long sum2 = 0, count = 0;
    while ((ch = mn_iter_next(it))) {
        sum2 += mn_str_char_at(ch, 0);
        count++;
        MN_DECREF(ch);
    }
    clock_gettime(CLOCK_MONOTONIC, &t2);
    cr_expect_eq(count, n);
    cr_expect_eq(sum, sum2);
    /* backwards indexing also walks from the cache */
    long long sum3 = 0;
    for (mn_ssize i = n - 1; i >= 0; i--) sum3 += mn_str_char_at(s, i);
    cr_expect_eq(sum, sum3);
    printf("str: s[i] over 1e6 non-ASCII chars: %.3f s; iteration: %.3f s\n",
           (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
           (t2.tv_sec - t1.tv_sec) + (t2.tv_nsec - t1.tv_nsec) / 1e9);
    MN_DECREF(it);
    MN_DECREF(s);
}

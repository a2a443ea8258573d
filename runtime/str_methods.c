/* runtime/str_methods.c — the Python-level methods of str: searching,
 * splitting, stripping, padding, case mapping, the is*() predicates,
 * encode/decode, maketrans/translate, and the str() constructor.
 *
 * Indices at the Python level are code point indices; the work itself is
 * mostly done on UTF-8 bytes (substring search on valid UTF-8 can't produce
 * a match that starts inside a character), converting byte offsets back to
 * code point indices only where a method returns an index.
 *
 * Unicode properties come from libutf8proc. Where utf8proc has no direct
 * equivalent of a CPython property (numeric type, Other_Lowercase,
 * XID_Start), the approximation used is documented next to the predicate.
 * Checked against CPython 3.11 over every assigned code point: upper, lower,
 * casefold, swapcase, isalpha, isdecimal, isalnum, isspace, isprintable
 * agree everywhere; the approximations differ on a few dozen characters
 * (isdigit 69, isnumeric 81 — CJK numerals like '三' —, isupper/istitle 78,
 * islower 201 — Other_Lowercase like 'ª' —, isidentifier 26, title 10).
 * utf8proc also knows Unicode 15 where CPython 3.11 has Unicode 14.
 */
#include <string.h>
#include <utf8proc.h>

#include "runtime/str.h"
#include "runtime/str_internal.h"
#include "runtime/error.h"
#include "runtime/type.h"
#include "runtime/int.h"
#include "runtime/tuple.h"
#include "runtime/list.h"
#include "runtime/dict.h"
#include "runtime/bytes.h"

#define STR(o) ((mn_str *)(o))

/* --------------------------------------------------------- Unicode helpers */

static inline int cat_of(int32_t c) { return (int)utf8proc_category(c); }

/* Py_UNICODE_ISSPACE: bidirectional class WS, B or S, or category Zs. */
int mn_unicode_isspace(int32_t c)
{
    if (c < 128)
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
    const utf8proc_property_t *p = utf8proc_get_property(c);
    return p->category == UTF8PROC_CATEGORY_ZS || p->bidi_class == UTF8PROC_BIDI_CLASS_WS ||
           p->bidi_class == UTF8PROC_BIDI_CLASS_B || p->bidi_class == UTF8PROC_BIDI_CLASS_S;
}

/* Line boundaries recognised by str.splitlines(). */
static inline int is_linebreak(int32_t c)
{
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D ||
           c == 0x1E || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Lowercase/Uppercase: the category, plus characters (like U+24D0 CIRCLED
 * LATIN SMALL LETTER A, category So) that have a case mapping only in one
 * direction — our stand-in for the Other_Lowercase/Other_Uppercase property. */
static int u_islower(int32_t c)
{
    int k = cat_of(c);
    if (k == UTF8PROC_CATEGORY_LL) return 1;
    if (k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT) return 0;
    return utf8proc_toupper(c) != c;
}

static int u_isupper(int32_t c)
{
    int k = cat_of(c);
    if (k == UTF8PROC_CATEGORY_LU) return 1;
    if (k == UTF8PROC_CATEGORY_LL || k == UTF8PROC_CATEGORY_LT) return 0;
    return utf8proc_tolower(c) != c;
}

static int u_istitle(int32_t c) { return cat_of(c) == UTF8PROC_CATEGORY_LT; }
static int u_iscased(int32_t c) { return u_islower(c) || u_isupper(c) || u_istitle(c); }

/* Case_Ignorable: marks, format characters, modifiers and the word-internal
 * punctuation listed in Unicode's definition. */
static int u_iscaseignorable(int32_t c)
{
    switch (c) {
    case '\'': case '.': case ':': case '^': case '`': case 0xB7: case 0x2018: case 0x2019:
    case 0x2024: case 0xFE52: case 0xFF07: case 0xFF0E: case 0xAD:
        return 1;
    }
    switch (cat_of(c)) {
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_SK:
        return 1;
    }
    return 0;
}

static int u_isalpha(int32_t c)
{
    switch (cat_of(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return 1;
    }
    return 0;
}

static int u_isdecimal(int32_t c) { return cat_of(c) == UTF8PROC_CATEGORY_ND; }

/* Full case folding of one code point (utf8proc's CaseFolding.txt data);
 * returns the number of code points written (at most 3). */
static int u_casefold(int32_t c, int32_t out[4])
{
    int bc = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(c, out, 4, UTF8PROC_CASEFOLD, &bc);
    if (n < 1 || n > 4) { out[0] = c; return 1; }
    return (int)n;
}

/* isdigit (Numeric_Type Digit or Decimal). utf8proc has no numeric data, so:
 * decimal digits, plus "No" characters whose compatibility decomposition is
 * decimal digits wrapped in formatting (superscripts ², circled ①). */
static int u_isdigit(int32_t c)
{
    if (c < 128) return c >= '0' && c <= '9';
    int k = cat_of(c);
    if (k == UTF8PROC_CATEGORY_ND) return 1;
    if (k != UTF8PROC_CATEGORY_NO) return 0;
    int32_t buf[8];
    int bc = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(c, buf, 8, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &bc);
    if (n < 1 || n > 8) return 0;
    int digits = 0;
    for (int i = 0; i < n; i++) {
        if (cat_of(buf[i]) == UTF8PROC_CATEGORY_ND) digits++;
        else if (buf[i] != '(' && buf[i] != ')' && buf[i] != '.' && buf[i] != ',') return 0;
    }
    return digits == 1;
}

/* isnumeric: categories Nd, Nl, No. (CPython also counts CJK ideographs
 * with a numeric value, e.g. '三'; utf8proc has no data for that.) */
static int u_isnumeric(int32_t c)
{
    int k = cat_of(c);
    return k == UTF8PROC_CATEGORY_ND || k == UTF8PROC_CATEGORY_NL || k == UTF8PROC_CATEGORY_NO;
}

static int u_isalnum(int32_t c) { return u_isalpha(c) || u_isnumeric(c); }

/* XID_Start / XID_Continue approximated by their defining categories. */
static int u_isidstart(int32_t c)
{
    if (c < 128) return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return u_isalpha(c) || cat_of(c) == UTF8PROC_CATEGORY_NL;
}

static int u_isidcontinue(int32_t c)
{
    if (c < 128) return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (u_isidstart(c)) return 1;
    switch (cat_of(c)) {
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_PC:
        return 1;
    }
    return c == 0xB7 || c == 0x387;
}

int mn_str_is_identifier(mn_object *s)
{
    const char *p = MN_STR_DATA(s), *end = p + MN_STR_NBYTES(s);
    if (p == end) return 0;
    int n;
    if (!u_isidstart(mn_utf8_decode(p, &n))) return 0;
    for (p += n; p < end; p += n)
        if (!u_isidcontinue(mn_utf8_decode(p, &n))) return 0;
    return 1;
}

/* ---- full case mappings (SpecialCasing) derived from utf8proc data.
 * utf8proc's toupper/tolower/totitle are the simple one-to-one mappings.
 * The one-to-many mappings of SpecialCasing.txt ('ß' -> 'SS', 'ﬁ' -> 'FI')
 * coincide with the multi-character *case folding* of characters that are
 * not already uppercase, so we derive them from utf8proc's full case
 * folding: upper(c) = map(toupper, casefold(c)). */

static int full_upper(int32_t c, int32_t out[4])
{
    if (c < 128) { out[0] = (c >= 'a' && c <= 'z') ? c - 32 : c; return 1; }
    if (cat_of(c) != UTF8PROC_CATEGORY_LU) {
        int n = u_casefold(c, out);
        if (n > 1) {
            for (int i = 0; i < n; i++) out[i] = utf8proc_toupper(out[i]);
            return n;
        }
    }
    out[0] = utf8proc_toupper(c);
    return 1;
}

/* Final_Sigma: capital sigma lowers to 'ς' at the end of a word: preceded
 * by a cased letter and not followed by one (skipping case-ignorables). */
static int is_final_sigma(mn_object *s, mn_ssize byteoff)
{
    const char *d = MN_STR_DATA(s);
    mn_ssize nb = MN_STR_NBYTES(s);
    /* look backwards */
    mn_ssize i = byteoff;
    int found = 0;
    while (i > 0) {
        i--;
        while (i > 0 && ((unsigned char)d[i] & 0xC0) == 0x80) i--;
        int32_t c = mn_utf8_decode(d + i, NULL);
        if (u_iscaseignorable(c)) continue;
        found = u_iscased(c);
        break;
    }
    if (!found) return 0;
    int n;
    mn_utf8_decode(d + byteoff, &n);
    i = byteoff + n;
    while (i < nb) {
        int32_t c = mn_utf8_decode(d + i, &n);
        i += n;
        if (u_iscaseignorable(c)) continue;
        return !u_iscased(c);
    }
    return 1;
}

static int full_lower(mn_object *s, mn_ssize byteoff, int32_t c, int32_t out[4])
{
    if (c < 128) { out[0] = (c >= 'A' && c <= 'Z') ? c + 32 : c; return 1; }
    if (c == 0x130) { out[0] = 'i'; out[1] = 0x307; return 2; }   /* İ -> i̇ */
    if (c == 0x3A3) { out[0] = is_final_sigma(s, byteoff) ? 0x3C2 : 0x3C3; return 1; }
    out[0] = utf8proc_tolower(c);
    return 1;
}

static int full_title(int32_t c, int32_t out[4])
{
    if (c < 128) { out[0] = (c >= 'a' && c <= 'z') ? c - 32 : c; return 1; }
    /* A simple titlecase mapping to a real titlecase letter wins ('ǆ' ->
     * 'ǅ', 'ᾳ' -> 'ᾼ'); otherwise a multi-character folding gives the full
     * mapping ('ß' -> 'Ss', 'ﬁ' -> 'Fi'). */
    int32_t t = utf8proc_totitle(c);
    if (t != c && cat_of(t) == UTF8PROC_CATEGORY_LT) { out[0] = t; return 1; }
    if (cat_of(c) != UTF8PROC_CATEGORY_LU && cat_of(c) != UTF8PROC_CATEGORY_LT) {
        int n = u_casefold(c, out);
        if (n > 1) { out[0] = utf8proc_totitle(out[0]); return n; }
    }
    out[0] = t;
    return 1;
}

static void sb_append_cps(mn_str_builder *sb, const int32_t *cps, int n)
{
    for (int i = 0; i < n; i++) mn_sb_append_codepoint(sb, cps[i]);
}

enum { CASE_UPPER, CASE_LOWER, CASE_CASEFOLD, CASE_SWAP, CASE_TITLE, CASE_CAPITALIZE };

static mn_object *case_map(mn_object *s, int how)
{
    mn_str_builder sb;
    mn_sb_init(&sb);
    const char *d = MN_STR_DATA(s);
    mn_ssize nb = MN_STR_NBYTES(s), i = 0;
    int prev_cased = 0, first = 1;
    while (i < nb) {
        int n;
        int32_t c = mn_utf8_decode(d + i, &n), out[4];
        int k;
        switch (how) {
        case CASE_UPPER: k = full_upper(c, out); break;
        case CASE_LOWER: k = full_lower(s, i, c, out); break;
        case CASE_CASEFOLD: k = u_casefold(c, out); break;
        case CASE_SWAP:
            if (u_isupper(c)) k = full_lower(s, i, c, out);
            else if (u_islower(c)) k = full_upper(c, out);
            else { out[0] = c; k = 1; }
            break;
        case CASE_TITLE:
            k = prev_cased ? full_lower(s, i, c, out) : full_title(c, out);
            prev_cased = u_iscased(c);
            break;
        default:   /* capitalize: title-case the first character, lower the rest */
            k = first ? full_title(c, out) : full_lower(s, i, c, out);
            break;
        }
        sb_append_cps(&sb, out, k);
        first = 0;
        i += n;
    }
    return mn_sb_finish(&sb);
}

static mn_object *str_upper(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k) { return case_map(s, CASE_UPPER); }
static mn_object *str_lower(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k) { return case_map(s, CASE_LOWER); }
static mn_object *str_casefold(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k) { return case_map(s, CASE_CASEFOLD); }
static mn_object *str_swapcase(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k) { return case_map(s, CASE_SWAP); }
static mn_object *str_title(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k) { return case_map(s, CASE_TITLE); }
static mn_object *str_capitalize(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k) { return case_map(s, CASE_CAPITALIZE); }

/* ------------------------------------------------------------ predicates */

/* True when the string is non-empty and pred holds for every code point. */
static mn_object *all_chars(mn_object *s, int (*pred)(int32_t))
{
    const char *p = MN_STR_DATA(s), *end = p + MN_STR_NBYTES(s);
    if (p == end) MN_RETURN_FALSE;
    int n;
    for (; p < end; p += n)
        if (!pred(mn_utf8_decode(p, &n))) MN_RETURN_FALSE;
    MN_RETURN_TRUE;
}

#define PREDICATE(name, pred) \
    static mn_object *str_##name(mn_object *s, MN_UNUSED mn_object *const *a, \
                                 MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k) \
    { return all_chars(s, pred); }
PREDICATE(isalpha, u_isalpha)
PREDICATE(isdigit, u_isdigit)
PREDICATE(isdecimal, u_isdecimal)
PREDICATE(isnumeric, u_isnumeric)
PREDICATE(isalnum, u_isalnum)
PREDICATE(isspace, mn_unicode_isspace)

static mn_object *str_isprintable(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    if (MN_STR_NBYTES(s) == 0) MN_RETURN_TRUE;   /* ''.isprintable() is True */
    return all_chars(s, mn_unicode_isprintable);
}

static mn_object *str_isascii(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    MN_RETURN_BOOL(STR(s)->ascii);
}

static mn_object *str_isidentifier(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    MN_RETURN_BOOL(mn_str_is_identifier(s));
}

static mn_object *str_isupper(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize nn, MN_UNUSED mn_object *k)
{
    const char *p = MN_STR_DATA(s), *end = p + MN_STR_NBYTES(s);
    int cased = 0, n;
    for (; p < end; p += n) {
        int32_t c = mn_utf8_decode(p, &n);
        if (u_islower(c) || u_istitle(c)) MN_RETURN_FALSE;
        if (u_isupper(c)) cased = 1;
    }
    MN_RETURN_BOOL(cased);
}

static mn_object *str_islower(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize nn, MN_UNUSED mn_object *k)
{
    const char *p = MN_STR_DATA(s), *end = p + MN_STR_NBYTES(s);
    int cased = 0, n;
    for (; p < end; p += n) {
        int32_t c = mn_utf8_decode(p, &n);
        if (u_isupper(c) || u_istitle(c)) MN_RETURN_FALSE;
        if (u_islower(c)) cased = 1;
    }
    MN_RETURN_BOOL(cased);
}

static mn_object *str_istitle(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize nn, MN_UNUSED mn_object *k)
{
    const char *p = MN_STR_DATA(s), *end = p + MN_STR_NBYTES(s);
    int cased = 0, prev = 0, n;
    for (; p < end; p += n) {
        int32_t c = mn_utf8_decode(p, &n);
        if (u_isupper(c) || u_istitle(c)) {
            if (prev) MN_RETURN_FALSE;
            prev = cased = 1;
        } else if (u_islower(c)) {
            if (!prev) MN_RETURN_FALSE;
            prev = cased = 1;
        } else prev = 0;
    }
    MN_RETURN_BOOL(cased);
}

/* -------------------------------------------------------- argument helpers */

/* Requires a str argument; "<fname>() argument <n> must be str, not int"
 * (or "must be str, not int" when fname is NULL). */
static int need_str(mn_object *o, const char *fname, int argno)
{
    if (MN_STR_CHECK(o)) return 0;
    if (!fname)
        mn_err_format(&mn_exc_TypeError, "must be str, not %s", MN_TYPE_NAME(o));
    else if (argno == 0)
        mn_err_format(&mn_exc_TypeError, "%s() argument must be str, not %s", fname, MN_TYPE_NAME(o));
    else
        mn_err_format(&mn_exc_TypeError, "%s() argument %d must be str, not %s", fname, argno, MN_TYPE_NAME(o));
    return -1;
}

/* An optional slice-style index (None or absent leaves *out unchanged). */
static int index_arg(mn_object *o, mn_ssize *out)
{
    if (!o || o == mn_none) return 0;
    if (!mn_index_check(o)) {
        mn_err_set_string(&mn_exc_TypeError,
                          "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    mn_ssize v = mn_number_as_ssize(o, NULL);   /* clamps huge values, like CPython */
    if (v == -1 && mn_err_occurred()) return -1;
    *out = v;
    return 0;
}

/* An integer argument (width, tabsize, count, maxsplit). */
static int int_arg(mn_object *o, mn_ssize *out)
{
    mn_ssize v = mn_number_as_ssize(o, MN_OBJ(&mn_exc_OverflowError));
    if (v == -1 && mn_err_occurred()) return -1;
    *out = v;
    return 0;
}

/* CPython's ADJUST_INDICES: negative indices count from the end; end is
 * clamped to the length (start is not: start > len means "no match"). */
static void adjust_indices(mn_ssize *start, mn_ssize *end, mn_ssize len)
{
    if (*end > len) *end = len;
    else if (*end < 0) { *end += len; if (*end < 0) *end = 0; }
    if (*start < 0) { *start += len; if (*start < 0) *start = 0; }
}

/* Number of code points in a byte range of valid UTF-8. */
static mn_ssize cp_count(const char *p, mn_ssize n)
{
    mn_ssize c = 0;
    for (mn_ssize i = 0; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80) c++;
    return c;
}

static mn_ssize rfind_bytes(const char *hay, mn_ssize hn, const char *needle, mn_ssize nn)
{
    if (nn == 0) return hn;
    for (mn_ssize i = hn - nn; i >= 0; i--)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, (size_t)nn) == 0) return i;
    return -1;
}

/* ------------------------------------------------------- find and friends */

/* Core of find/rfind/index/rindex/count: returns the code point index (or
 * count), -1 when absent, -2 on error. */
static mn_ssize find_impl(mn_object *s, const char *fname, mn_object *const *args, mn_ssize nargs,
                          mn_object *kwnames, int dir, int counting)
{
    if (mn_args_no_keywords(fname, kwnames) < 0) return -2;
    if (nargs < 1 || nargs > 3) {
        if (nargs < 1)
            mn_err_format(&mn_exc_TypeError, "%s() takes at least 1 argument (0 given)", fname);
        else
            mn_err_format(&mn_exc_TypeError, "%s() takes at most 3 arguments (%zd given)", fname, nargs);
        return -2;
    }
    mn_object *sub = args[0];
    if (need_str(sub, NULL, 0) < 0) return -2;
    mn_ssize len = MN_STR_LENGTH(s), start = 0, end = MN_SSIZE_MAX;
    if (index_arg(nargs > 1 ? args[1] : NULL, &start) < 0 ||
        index_arg(nargs > 2 ? args[2] : NULL, &end) < 0)
        return -2;
    adjust_indices(&start, &end, len);
    mn_ssize sublen = MN_STR_LENGTH(sub);
    if (counting) {
        if (start > len || end - start < sublen) return 0;
        if (sublen == 0) return end - start + 1;
    } else if (start > len || end - start < sublen) return -1;
    mn_ssize bs = mn_str_offset_of(s, start), be = mn_str_offset_of(s, end);
    const char *d = MN_STR_DATA(s) + bs;
    mn_ssize hn = be - bs, nn = MN_STR_NBYTES(sub);
    if (counting) {
        mn_ssize count = 0, pos = 0;
        for (;;) {
            mn_ssize f = mn_str_find_bytes(d + pos, hn - pos, MN_STR_DATA(sub), nn);
            if (f < 0) break;
            count++;
            pos += f + nn;
        }
        return count;
    }
    mn_ssize f = dir > 0 ? mn_str_find_bytes(d, hn, MN_STR_DATA(sub), nn)
                         : rfind_bytes(d, hn, MN_STR_DATA(sub), nn);
    if (f < 0) return -1;
    return start + (STR(s)->ascii ? f : cp_count(d, f));
}

static mn_object *str_find(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize r = find_impl(s, "find", args, nargs, kw, 1, 0);
    return r == -2 ? NULL : mn_int_from_ssize(r);
}

static mn_object *str_rfind(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize r = find_impl(s, "rfind", args, nargs, kw, -1, 0);
    return r == -2 ? NULL : mn_int_from_ssize(r);
}

static mn_object *str_index(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize r = find_impl(s, "index", args, nargs, kw, 1, 0);
    if (r == -2) return NULL;
    if (r == -1) { mn_err_set_string(&mn_exc_ValueError, "substring not found"); return NULL; }
    return mn_int_from_ssize(r);
}

static mn_object *str_rindex(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize r = find_impl(s, "rindex", args, nargs, kw, -1, 0);
    if (r == -2) return NULL;
    if (r == -1) { mn_err_set_string(&mn_exc_ValueError, "substring not found"); return NULL; }
    return mn_int_from_ssize(r);
}

static mn_object *str_count(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_ssize r = find_impl(s, "count", args, nargs, kw, 1, 1);
    return r == -2 ? NULL : mn_int_from_ssize(r);
}

/* startswith/endswith: one candidate against [start, end). */
static int tailmatch(mn_object *s, mn_object *sub, mn_ssize start, mn_ssize end, int at_end)
{
    adjust_indices(&start, &end, MN_STR_LENGTH(s));
    mn_ssize sublen = MN_STR_LENGTH(sub);
    if (end - sublen < start) return 0;
    if (sublen == 0) return 1;
    mn_ssize bs = mn_str_offset_of(s, start), be = mn_str_offset_of(s, end);
    mn_ssize nn = MN_STR_NBYTES(sub);
    if (be - bs < nn) return 0;
    const char *d = MN_STR_DATA(s) + (at_end ? be - nn : bs);
    return memcmp(d, MN_STR_DATA(sub), (size_t)nn) == 0;
}

static mn_object *startsendswith(mn_object *s, const char *fname, mn_object *const *args,
                                 mn_ssize nargs, mn_object *kwnames, int at_end)
{
    if (mn_args_no_keywords(fname, kwnames) < 0) return NULL;
    if (mn_args_count(fname, nargs, 1, 3) < 0) return NULL;
    mn_ssize start = 0, end = MN_SSIZE_MAX;
    if (index_arg(nargs > 1 ? args[1] : NULL, &start) < 0 ||
        index_arg(nargs > 2 ? args[2] : NULL, &end) < 0)
        return NULL;
    mn_object *x = args[0];
    if (MN_TUPLE_CHECK(x)) {
        for (mn_ssize i = 0; i < MN_TUPLE_SIZE(x); i++) {
            mn_object *sub = MN_TUPLE_GET(x, i);
            if (!MN_STR_CHECK(sub)) {
                mn_err_format(&mn_exc_TypeError, "tuple for %s must only contain str, not %s",
                              fname, MN_TYPE_NAME(sub));
                return NULL;
            }
            if (tailmatch(s, sub, start, end, at_end)) MN_RETURN_TRUE;
        }
        MN_RETURN_FALSE;
    }
    if (!MN_STR_CHECK(x)) {
        mn_err_format(&mn_exc_TypeError, "%s first arg must be str or a tuple of str, not %s",
                      fname, MN_TYPE_NAME(x));
        return NULL;
    }
    MN_RETURN_BOOL(tailmatch(s, x, start, end, at_end));
}

static mn_object *str_startswith(mn_object *s, mn_object *const *a, mn_ssize n, mn_object *k)
{ return startsendswith(s, "startswith", a, n, k, 0); }
static mn_object *str_endswith(mn_object *s, mn_object *const *a, mn_ssize n, mn_object *k)
{ return startsendswith(s, "endswith", a, n, k, 1); }

/* ------------------------------------------------------------- splitting */

static int append_piece(mn_object *list, const char *p, mn_ssize n)
{
    mn_object *piece = mn_str_from_utf8_unchecked(p, n);
    if (!piece) return -1;
    int r = mn_list_append(list, piece);
    MN_DECREF(piece);
    return r;
}

static int split_args(const char *fname, mn_object *const *args, mn_ssize nargs, mn_object *kwnames,
                      mn_object **sep, mn_ssize *maxsplit)
{
    static const char *const params[] = {"sep", "maxsplit", NULL};
    mn_object *a[2];
    if (mn_args_bind(fname, args, nargs, kwnames, params, 0, a) < 0) return -1;
    *sep = a[0] && a[0] != mn_none ? a[0] : NULL;
    *maxsplit = -1;
    if (a[1] && int_arg(a[1], maxsplit) < 0) return -1;
    if (*maxsplit < 0) *maxsplit = MN_SSIZE_MAX;
    if (*sep) {
        if (!MN_STR_CHECK(*sep)) {
            mn_err_format(&mn_exc_TypeError, "must be str or None, not %s", MN_TYPE_NAME(*sep));
            return -1;
        }
        if (MN_STR_NBYTES(*sep) == 0) {
            mn_err_set_string(&mn_exc_ValueError, "empty separator");
            return -1;
        }
    }
    return 0;
}

/* Whitespace split: runs of whitespace separate, leading/trailing ignored. */
static mn_object *split_whitespace(mn_object *s, mn_ssize maxsplit)
{
    mn_object *list = mn_list_new(0);
    if (!list) return NULL;
    const char *d = MN_STR_DATA(s);
    mn_ssize nb = MN_STR_NBYTES(s), i = 0;
    int n;
    while (i < nb) {
        while (i < nb && mn_unicode_isspace(mn_utf8_decode(d + i, &n))) i += n;
        if (i >= nb) break;
        if (maxsplit-- <= 0) {
            /* The remainder, with trailing whitespace stripped... no: CPython
             * keeps the rest verbatim except leading whitespace. */
            if (append_piece(list, d + i, nb - i) < 0) goto fail;
            return list;
        }
        mn_ssize j = i;
        while (j < nb && !mn_unicode_isspace(mn_utf8_decode(d + j, &n))) j += n;
        if (append_piece(list, d + i, j - i) < 0) goto fail;
        i = j;
    }
    return list;
fail:
    MN_DECREF(list);
    return NULL;
}

static mn_object *rsplit_whitespace(mn_object *s, mn_ssize maxsplit)
{
    mn_object *list = mn_list_new(0);
    if (!list) return NULL;
    const char *d = MN_STR_DATA(s);
    mn_ssize j = MN_STR_NBYTES(s);   /* end of the unprocessed prefix */
    /* step back one code point from byte offset i */
#define PREV(i) do { (i)--; while ((i) > 0 && ((unsigned char)d[(i)] & 0xC0) == 0x80) (i)--; } while (0)
    while (j > 0) {
        mn_ssize k = j;
        /* skip trailing whitespace */
        while (k > 0) {
            mn_ssize p = k;
            PREV(p);
            if (!mn_unicode_isspace(mn_utf8_decode(d + p, NULL))) break;
            k = p;
        }
        if (k == 0) break;
        if (maxsplit-- <= 0) {
            if (append_piece(list, d, k) < 0) goto fail;
            j = 0;
            break;
        }
        mn_ssize st = k;
        while (st > 0) {
            mn_ssize p = st;
            PREV(p);
            if (mn_unicode_isspace(mn_utf8_decode(d + p, NULL))) break;
            st = p;
        }
        if (append_piece(list, d + st, k - st) < 0) goto fail;
        j = st;
    }
#undef PREV
    if (mn_list_reverse(list) < 0) goto fail;
    return list;
fail:
    MN_DECREF(list);
    return NULL;
}

static mn_object *str_split(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_object *sep;
    mn_ssize maxsplit;
    if (split_args("split", args, nargs, kw, &sep, &maxsplit) < 0) return NULL;
    if (!sep) return split_whitespace(s, maxsplit);
    mn_object *list = mn_list_new(0);
    if (!list) return NULL;
    const char *d = MN_STR_DATA(s), *sd = MN_STR_DATA(sep);
    mn_ssize nb = MN_STR_NBYTES(s), sn = MN_STR_NBYTES(sep), i = 0;
    while (maxsplit-- > 0) {
        mn_ssize f = mn_str_find_bytes(d + i, nb - i, sd, sn);
        if (f < 0) break;
        if (append_piece(list, d + i, f) < 0) goto fail;
        i += f + sn;
    }
    if (append_piece(list, d + i, nb - i) < 0) goto fail;
    return list;
fail:
    MN_DECREF(list);
    return NULL;
}

static mn_object *str_rsplit(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    mn_object *sep;
    mn_ssize maxsplit;
    if (split_args("rsplit", args, nargs, kw, &sep, &maxsplit) < 0) return NULL;
    if (!sep) return rsplit_whitespace(s, maxsplit);
    mn_object *list = mn_list_new(0);
    if (!list) return NULL;
    const char *d = MN_STR_DATA(s), *sd = MN_STR_DATA(sep);
    mn_ssize j = MN_STR_NBYTES(s), sn = MN_STR_NBYTES(sep);
    while (maxsplit-- > 0) {
        mn_ssize f = rfind_bytes(d, j, sd, sn);
        if (f < 0) break;
        if (append_piece(list, d + f + sn, j - f - sn) < 0) goto fail;
        j = f;
    }
    if (append_piece(list, d, j) < 0) goto fail;
    if (mn_list_reverse(list) < 0) goto fail;
    return list;
fail:
    MN_DECREF(list);
    return NULL;
}

static mn_object *str_splitlines(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    static const char *const params[] = {"keepends", NULL};
    mn_object *a[1];
    if (mn_args_bind("splitlines", args, nargs, kw, params, 0, a) < 0) return NULL;
    mn_ssize keepends = 0;
    if (a[0] && int_arg(a[0], &keepends) < 0) return NULL;
    mn_object *list = mn_list_new(0);
    if (!list) return NULL;
    const char *d = MN_STR_DATA(s);
    mn_ssize nb = MN_STR_NBYTES(s), i = 0;
    while (i < nb) {
        mn_ssize start = i, eol;
        int n = 1;
        while (i < nb && !is_linebreak(mn_utf8_decode(d + i, &n))) i += n;
        eol = i;
        if (i < nb) {
            if (d[i] == '\r' && i + 1 < nb && d[i + 1] == '\n') i += 2;
            else i += n;
            if (keepends) eol = i;
        }
        if (append_piece(list, d + start, eol - start) < 0) { MN_DECREF(list); return NULL; }
    }
    return list;
}

static mn_object *partition_impl(mn_object *s, mn_object *sep, int reverse)
{
    if (need_str(sep, NULL, 0) < 0) return NULL;
    if (MN_STR_NBYTES(sep) == 0) {
        mn_err_set_string(&mn_exc_ValueError, "empty separator");
        return NULL;
    }
    const char *d = MN_STR_DATA(s);
    mn_ssize nb = MN_STR_NBYTES(s), sn = MN_STR_NBYTES(sep);
    mn_ssize f = reverse ? rfind_bytes(d, nb, MN_STR_DATA(sep), sn)
                         : mn_str_find_bytes(d, nb, MN_STR_DATA(sep), sn);
    mn_object *parts[3];
    if (f < 0) {
        mn_object *empty = mn_str_from_utf8_unchecked("", 0);
        mn_object *whole = mn_str_from_utf8_unchecked(d, nb);
        if (!empty || !whole) { MN_XDECREF(empty); MN_XDECREF(whole); return NULL; }
        parts[0] = reverse ? empty : whole;
        parts[1] = empty;
        parts[2] = reverse ? whole : empty;
        mn_object *t = mn_tuple_pack(3, parts[0], parts[1], parts[2]);
        MN_DECREF(empty);
        MN_DECREF(whole);
        return t;
    }
    parts[0] = mn_str_from_utf8_unchecked(d, f);
    parts[1] = MN_NEW_REF(sep);
    parts[2] = mn_str_from_utf8_unchecked(d + f + sn, nb - f - sn);
    mn_object *t = NULL;
    if (parts[0] && parts[2]) t = mn_tuple_pack(3, parts[0], parts[1], parts[2]);
    for (int i = 0; i < 3; i++) MN_XDECREF(parts[i]);
    return t;
}

static mn_object *str_partition(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{ return partition_impl(s, a[0], 0); }
static mn_object *str_rpartition(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{ return partition_impl(s, a[0], 1); }

/* ------------------------------------------------------------- stripping */

static int in_chars(mn_object *chars, int32_t c)
{
    if (!chars) return mn_unicode_isspace(c);
    const char *p = MN_STR_DATA(chars), *end = p + MN_STR_NBYTES(chars);
    int n;
    for (; p < end; p += n)
        if (mn_utf8_decode(p, &n) == c) return 1;
    return 0;
}

static mn_object *strip_impl(mn_object *s, const char *fname, mn_object *const *args, mn_ssize nargs,
                             mn_object *kwnames, int left, int right)
{
    if (mn_args_no_keywords(fname, kwnames) < 0 || mn_args_count(fname, nargs, 0, 1) < 0)
        return NULL;
    mn_object *chars = nargs > 0 && args[0] != mn_none ? args[0] : NULL;
    if (chars && !MN_STR_CHECK(chars)) {
        mn_err_format(&mn_exc_TypeError, "%s arg must be None or str", fname);
        return NULL;
    }
    const char *d = MN_STR_DATA(s);
    mn_ssize i = 0, j = MN_STR_NBYTES(s);
    int n;
    if (left)
        while (i < j && in_chars(chars, mn_utf8_decode(d + i, &n))) i += n;
    if (right)
        while (j > i) {
            mn_ssize p = j - 1;
            while (p > i && ((unsigned char)d[p] & 0xC0) == 0x80) p--;
            if (!in_chars(chars, mn_utf8_decode(d + p, NULL))) break;
            j = p;
        }
    if (i == 0 && j == MN_STR_NBYTES(s) && MN_STR_CHECK_EXACT(s)) return MN_NEW_REF(s);
    return mn_str_from_utf8_unchecked(d + i, j - i);
}

static mn_object *str_strip(mn_object *s, mn_object *const *a, mn_ssize n, mn_object *k) { return strip_impl(s, "strip", a, n, k, 1, 1); }
static mn_object *str_lstrip(mn_object *s, mn_object *const *a, mn_ssize n, mn_object *k) { return strip_impl(s, "lstrip", a, n, k, 1, 0); }
static mn_object *str_rstrip(mn_object *s, mn_object *const *a, mn_ssize n, mn_object *k) { return strip_impl(s, "rstrip", a, n, k, 0, 1); }

static mn_object *str_removeprefix(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    if (need_str(a[0], "removeprefix", 0) < 0) return NULL;
    mn_ssize pn = MN_STR_NBYTES(a[0]);
    if (pn <= MN_STR_NBYTES(s) && memcmp(MN_STR_DATA(s), MN_STR_DATA(a[0]), (size_t)pn) == 0)
        return mn_str_from_utf8_unchecked(MN_STR_DATA(s) + pn, MN_STR_NBYTES(s) - pn);
    return mn_str_from_utf8_unchecked(MN_STR_DATA(s), MN_STR_NBYTES(s));
}

static mn_object *str_removesuffix(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    if (need_str(a[0], "removesuffix", 0) < 0) return NULL;
    mn_ssize pn = MN_STR_NBYTES(a[0]), nb = MN_STR_NBYTES(s);
    if (pn && pn <= nb && memcmp(MN_STR_DATA(s) + nb - pn, MN_STR_DATA(a[0]), (size_t)pn) == 0)
        return mn_str_from_utf8_unchecked(MN_STR_DATA(s), nb - pn);
    return mn_str_from_utf8_unchecked(MN_STR_DATA(s), nb);
}

/* ---------------------------------------------------------------- padding */

static mn_object *pad(mn_object *s, mn_ssize left, mn_ssize right, int32_t fill)
{
    if (left < 0) left = 0;
    if (right < 0) right = 0;
    if (left == 0 && right == 0 && MN_STR_CHECK_EXACT(s)) return MN_NEW_REF(s);
    mn_str_builder sb;
    mn_sb_init(&sb);
    char fb[4];
    int fn = mn_utf8_encode(fill, fb);
    for (mn_ssize i = 0; i < left; i++) mn_sb_append(&sb, fb, fn);
    mn_sb_append(&sb, MN_STR_DATA(s), MN_STR_NBYTES(s));
    for (mn_ssize i = 0; i < right; i++) mn_sb_append(&sb, fb, fn);
    return mn_sb_finish(&sb);
}

static int pad_args(const char *fname, mn_object *const *args, mn_ssize nargs, mn_object *kwnames,
                    mn_ssize *width, int32_t *fill)
{
    if (mn_args_no_keywords(fname, kwnames) < 0) return -1;
    if (nargs < 1) {
        mn_err_format(&mn_exc_TypeError, "%s expected at least 1 argument, got %zd", fname, nargs);
        return -1;
    }
    if (nargs > 2) {
        mn_err_format(&mn_exc_TypeError, "%s expected at most 2 arguments, got %zd", fname, nargs);
        return -1;
    }
    if (int_arg(args[0], width) < 0) return -1;
    *fill = ' ';
    if (nargs > 1) {
        mn_object *f = args[1];
        if (!MN_STR_CHECK(f)) {
            mn_err_format(&mn_exc_TypeError, "The fill character must be a unicode character, not %s",
                          MN_TYPE_NAME(f));
            return -1;
        }
        if (MN_STR_LENGTH(f) != 1) {
            mn_err_set_string(&mn_exc_TypeError, "The fill character must be exactly one character long");
            return -1;
        }
        *fill = mn_utf8_decode(MN_STR_DATA(f), NULL);
    }
    return 0;
}

static mn_object *str_center(mn_object *s, mn_object *const *a, mn_ssize n, mn_object *k)
{
    mn_ssize width;
    int32_t fill;
    if (pad_args("center", a, n, k, &width, &fill) < 0) return NULL;
    mn_ssize marg = width - MN_STR_LENGTH(s);
    if (marg <= 0) return pad(s, 0, 0, fill);
    /* CPython's rounding: the extra space goes left when width is odd. */
    mn_ssize left = marg / 2 + (marg & width & 1);
    return pad(s, left, marg - left, fill);
}

static mn_object *str_ljust(mn_object *s, mn_object *const *a, mn_ssize n, mn_object *k)
{
    mn_ssize width;
    int32_t fill;
    if (pad_args("ljust", a, n, k, &width, &fill) < 0) return NULL;
    return pad(s, 0, width - MN_STR_LENGTH(s), fill);
}

static mn_object *str_rjust(mn_object *s, mn_object *const *a, mn_ssize n, mn_object *k)
{
    mn_ssize width;
    int32_t fill;
    if (pad_args("rjust", a, n, k, &width, &fill) < 0) return NULL;
    return pad(s, width - MN_STR_LENGTH(s), 0, fill);
}

static mn_object *str_zfill(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    mn_ssize width;
    if (int_arg(a[0], &width) < 0) return NULL;
    mn_ssize fill = width - MN_STR_LENGTH(s);
    if (fill <= 0) return mn_str_from_utf8_unchecked(MN_STR_DATA(s), MN_STR_NBYTES(s));
    mn_str_builder sb;
    mn_sb_init(&sb);
    const char *d = MN_STR_DATA(s);
    mn_ssize nb = MN_STR_NBYTES(s), i = 0;
    if (nb && (d[0] == '+' || d[0] == '-')) { mn_sb_append_char(&sb, d[0]); i = 1; }
    for (mn_ssize z = 0; z < fill; z++) mn_sb_append_char(&sb, '0');
    mn_sb_append(&sb, d + i, nb - i);
    return mn_sb_finish(&sb);
}

static mn_object *str_expandtabs(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    static const char *const params[] = {"tabsize", NULL};
    mn_object *a[1];
    if (mn_args_bind("expandtabs", args, nargs, kw, params, 0, a) < 0) return NULL;
    mn_ssize tabsize = 8;
    if (a[0] && int_arg(a[0], &tabsize) < 0) return NULL;
    mn_str_builder sb;
    mn_sb_init(&sb);
    const char *d = MN_STR_DATA(s);
    mn_ssize nb = MN_STR_NBYTES(s), col = 0;
    int n;
    for (mn_ssize i = 0; i < nb; i += n) {
        int32_t c = mn_utf8_decode(d + i, &n);
        if (c == '\t') {
            if (tabsize > 0) {
                mn_ssize spaces = tabsize - col % tabsize;
                for (mn_ssize k = 0; k < spaces; k++) mn_sb_append_char(&sb, ' ');
                col += spaces;
            }
        } else {
            mn_sb_append(&sb, d + i, n);
            col++;
            if (c == '\n' || c == '\r') col = 0;
        }
    }
    return mn_sb_finish(&sb);
}

/* ---------------------------------------------------------------- replace */

static mn_object *str_replace(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("replace", kw) < 0 || mn_args_count("replace", nargs, 2, 3) < 0)
        return NULL;
    mn_object *old = args[0], *new_ = args[1];
    if (need_str(old, "replace", 1) < 0 || need_str(new_, "replace", 2) < 0) return NULL;
    mn_ssize count = -1;
    if (nargs > 2 && int_arg(args[2], &count) < 0) return NULL;
    if (count < 0) count = MN_SSIZE_MAX;
    const char *d = MN_STR_DATA(s), *od = MN_STR_DATA(old), *nd = MN_STR_DATA(new_);
    mn_ssize nb = MN_STR_NBYTES(s), on = MN_STR_NBYTES(old), nn = MN_STR_NBYTES(new_);
    mn_str_builder sb;
    mn_sb_init(&sb);
    if (on == 0) {
        /* Insert `new` before every character and at the end. */
        mn_ssize i = 0;
        int n;
        while (i <= nb && count > 0) {
            mn_sb_append(&sb, nd, nn);
            count--;
            if (i == nb) { i++; break; }
            mn_utf8_decode(d + i, &n);
            mn_sb_append(&sb, d + i, n);
            i += n;
        }
        if (i < nb) mn_sb_append(&sb, d + i, nb - i);
        return mn_sb_finish(&sb);
    }
    mn_ssize i = 0;
    while (count > 0) {
        mn_ssize f = mn_str_find_bytes(d + i, nb - i, od, on);
        if (f < 0) break;
        mn_sb_append(&sb, d + i, f);
        mn_sb_append(&sb, nd, nn);
        i += f + on;
        count--;
    }
    mn_sb_append(&sb, d + i, nb - i);
    return mn_sb_finish(&sb);
}

/* ------------------------------------------------------- encode / decode */

/* Canonical codec name: "utf-8", "ascii", "latin-1", or NULL if unknown. */
static const char *normalize_encoding(const char *e)
{
    char buf[32];
    size_t n = strlen(e);
    if (n >= sizeof buf) return NULL;
    for (size_t i = 0; i <= n; i++) {
        char c = e[i];
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c == '-' || c == ' ') c = '_';
        buf[i] = c;
    }
    if (!strcmp(buf, "utf_8") || !strcmp(buf, "utf8") || !strcmp(buf, "u8") || !strcmp(buf, "utf"))
        return "utf-8";
    if (!strcmp(buf, "ascii") || !strcmp(buf, "us_ascii") || !strcmp(buf, "646"))
        return "ascii";
    if (!strcmp(buf, "latin_1") || !strcmp(buf, "latin1") || !strcmp(buf, "latin") ||
        !strcmp(buf, "iso_8859_1") || !strcmp(buf, "iso8859_1") || !strcmp(buf, "8859") ||
        !strcmp(buf, "l1") || !strcmp(buf, "cp819"))
        return "latin-1";
    return NULL;
}

enum { ERR_STRICT, ERR_IGNORE, ERR_REPLACE, ERR_BACKSLASH, ERR_XMLCHARREF, ERR_UNKNOWN };

static int error_handler(const char *errors)
{
    if (!errors || !strcmp(errors, "strict")) return ERR_STRICT;
    if (!strcmp(errors, "ignore")) return ERR_IGNORE;
    if (!strcmp(errors, "replace")) return ERR_REPLACE;
    if (!strcmp(errors, "backslashreplace")) return ERR_BACKSLASH;
    if (!strcmp(errors, "xmlcharrefreplace")) return ERR_XMLCHARREF;
    return ERR_UNKNOWN;
}

static void set_unicode_error(mn_type *type, const char *encoding, mn_object *obj,
                              mn_ssize start, mn_ssize end, const char *reason)
{
    mn_object *args[5];
    args[0] = mn_str_from_cstr(encoding);
    args[1] = MN_NEW_REF(obj);
    args[2] = mn_int_from_ssize(start);
    args[3] = mn_int_from_ssize(end);
    args[4] = mn_str_from_cstr(reason);
    if (args[0] && args[2] && args[3] && args[4]) {
        mn_object *exc = mn_exception_new(type, args, 5);
        if (exc) { mn_err_set_exception(exc); MN_DECREF(exc); }
    }
    for (int i = 0; i < 5; i++) MN_XDECREF(args[i]);
}

static mn_object *encode_impl(mn_object *s, const char *enc, const char *errors)
{
    const char *codec = normalize_encoding(enc);
    if (!codec) {
        mn_err_format(&mn_exc_LookupError, "unknown encoding: %s", enc);
        return NULL;
    }
    int limit = codec[0] == 'u' ? 0x110000 : codec[0] == 'a' ? 0x80 : 0x100;
    if (limit == 0x110000) {
        /* Our text may hold lone surrogates (chr(0xd800)); UTF-8 can't. */
        const char *d = MN_STR_DATA(s);
        mn_ssize nb = MN_STR_NBYTES(s);
        int fast = 1;
        for (mn_ssize i = 0; i + 1 < nb; i++)
            if ((unsigned char)d[i] == 0xED && (unsigned char)d[i + 1] >= 0xA0) { fast = 0; break; }
        if (fast) return mn_bytes_from_data(d, nb);
    }
    int eh = error_handler(errors);
    mn_str_builder sb;   /* used as a plain byte buffer here */
    mn_sb_init(&sb);
    const char *d = MN_STR_DATA(s);
    mn_ssize nb = MN_STR_NBYTES(s), i = 0, idx = 0;
    int n;
    while (i < nb) {
        int32_t c = mn_utf8_decode(d + i, &n);
        int bad = c >= limit || (c >= 0xD800 && c <= 0xDFFF);
        if (!bad) {
            if (limit == 0x110000) mn_sb_append(&sb, d + i, n);
            else mn_sb_append_char(&sb, (char)c);
            i += n; idx++;
            continue;
        }
        switch (eh) {
        case ERR_IGNORE: break;
        case ERR_REPLACE: mn_sb_append_char(&sb, '?'); break;
        case ERR_BACKSLASH: case ERR_XMLCHARREF: {
            char buf[16];
            if (eh == ERR_XMLCHARREF) snprintf(buf, sizeof buf, "&#%d;", (int)c);
            else if (c <= 0xFF) snprintf(buf, sizeof buf, "\\x%02x", (unsigned)c);
            else if (c <= 0xFFFF) snprintf(buf, sizeof buf, "\\u%04x", (unsigned)c);
            else snprintf(buf, sizeof buf, "\\U%08x", (unsigned)c);
            mn_sb_append_cstr(&sb, buf);
            break;
        }
        case ERR_UNKNOWN:
            mn_sb_discard(&sb);
            mn_err_format(&mn_exc_LookupError, "unknown error handler name '%s'", errors);
            return NULL;
        default: {
            /* strict: report the whole run of unencodable characters */
            mn_ssize end = idx + 1, j = i + n;
            while (j < nb) {
                int m;
                int32_t c2 = mn_utf8_decode(d + j, &m);
                if (!(c2 >= limit || (c2 >= 0xD800 && c2 <= 0xDFFF))) break;
                j += m; end++;
            }
            mn_sb_discard(&sb);
            set_unicode_error(&mn_exc_UnicodeEncodeError, codec, s, idx, end,
                              limit == 0x110000 ? "surrogates not allowed"
                              : limit == 0x80 ? "ordinal not in range(128)"
                                              : "ordinal not in range(256)");
            return NULL;
        }
        }
        i += n; idx++;
    }
    mn_object *r = mn_bytes_from_data(sb.buf ? sb.buf : "", sb.len);
    mn_sb_discard(&sb);
    return r;
}

static mn_object *str_encode(mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    static const char *const params[] = {"encoding", "errors", NULL};
    mn_object *a[2];
    if (mn_args_bind("encode", args, nargs, kw, params, 0, a) < 0) return NULL;
    if (a[0] && !MN_STR_CHECK(a[0])) {
        mn_err_format(&mn_exc_TypeError, "encode() argument 'encoding' must be str, not %s", MN_TYPE_NAME(a[0]));
        return NULL;
    }
    if (a[1] && !MN_STR_CHECK(a[1])) {
        mn_err_format(&mn_exc_TypeError, "encode() argument 'errors' must be str, not %s", MN_TYPE_NAME(a[1]));
        return NULL;
    }
    return encode_impl(s, a[0] ? MN_STR_DATA(a[0]) : "utf-8", a[1] ? MN_STR_DATA(a[1]) : "strict");
}

mn_object *mn_str_decode(const char *data, mn_ssize n, const char *encoding, const char *errors)
{
    const char *codec = normalize_encoding(encoding ? encoding : "utf-8");
    if (!codec) {
        mn_err_format(&mn_exc_LookupError, "unknown encoding: %s", encoding);
        return NULL;
    }
    int eh = error_handler(errors);
    if (codec[0] == 'u') {
        mn_ssize bs, be;
        const char *reason;
        if (!mn_str_utf8_error(data, n, &bs, &be, &reason))
            return mn_str_from_utf8_unchecked(data, n);
        if (eh == ERR_UNKNOWN) {
            mn_err_format(&mn_exc_LookupError, "unknown error handler name '%s'", errors);
            return NULL;
        }
        if (eh == ERR_STRICT || eh == ERR_XMLCHARREF) {
            mn_object *b = mn_bytes_from_data(data, n);
            if (!b) return NULL;
            set_unicode_error(&mn_exc_UnicodeDecodeError, "utf-8", b, bs, be, reason);
            MN_DECREF(b);
            return NULL;
        }
        mn_str_builder sb;
        mn_sb_init(&sb);
        mn_ssize i = 0;
        for (;;) {
            mn_ssize rs, re;
            if (!mn_str_utf8_error(data + i, n - i, &rs, &re, &reason)) {
                mn_sb_append(&sb, data + i, n - i);
                break;
            }
            mn_sb_append(&sb, data + i, rs);
            if (eh == ERR_REPLACE) mn_sb_append_codepoint(&sb, 0xFFFD);
            else if (eh == ERR_BACKSLASH)
                for (mn_ssize k = rs; k < re; k++) {
                    char buf[8];
                    snprintf(buf, sizeof buf, "\\x%02x", (unsigned char)data[i + k]);
                    mn_sb_append_cstr(&sb, buf);
                }
            i += re;
        }
        return mn_sb_finish(&sb);
    }
    int ascii = codec[0] == 'a';
    mn_str_builder sb;
    mn_sb_init(&sb);
    for (mn_ssize i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c < 0x80 || !ascii) { mn_sb_append_codepoint(&sb, c); continue; }
        if (eh == ERR_IGNORE) continue;
        if (eh == ERR_REPLACE) { mn_sb_append_codepoint(&sb, 0xFFFD); continue; }
        if (eh == ERR_BACKSLASH) {
            char buf[8];
            snprintf(buf, sizeof buf, "\\x%02x", c);
            mn_sb_append_cstr(&sb, buf);
            continue;
        }
        mn_sb_discard(&sb);
        if (eh == ERR_UNKNOWN) {
            mn_err_format(&mn_exc_LookupError, "unknown error handler name '%s'", errors);
            return NULL;
        }
        mn_object *b = mn_bytes_from_data(data, n);
        if (!b) return NULL;
        set_unicode_error(&mn_exc_UnicodeDecodeError, "ascii", b, i, i + 1, "ordinal not in range(128)");
        MN_DECREF(b);
        return NULL;
    }
    return mn_sb_finish(&sb);
}

/* str(object='', encoding='utf-8', errors='strict') */
mn_object *mn_str_new_slot(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const params[] = {"object", "encoding", "errors", NULL};
    mn_object *a[3];
    if (mn_args_bind("str", args, nargs, kwnames, params, 0, a) < 0) return NULL;
    mn_object *r;
    if (a[1] || a[2]) {
        for (int i = 1; i < 3; i++)
            if (a[i] && !MN_STR_CHECK(a[i])) {
                mn_err_format(&mn_exc_TypeError, "str() argument '%s' must be str, not %s",
                              params[i], MN_TYPE_NAME(a[i]));
                return NULL;
            }
        mn_object *o = a[0];
        if (!o) r = mn_str_from_utf8_unchecked("", 0);
        else if (MN_STR_CHECK(o)) {
            mn_err_set_string(&mn_exc_TypeError, "decoding str is not supported");
            return NULL;
        } else {
            const char *data;
            mn_ssize n;
            if (!MN_BYTES_CHECK(o) && !MN_BYTEARRAY_CHECK(o)) {
                mn_err_format(&mn_exc_TypeError, "decoding to str: need a bytes-like object, %s found",
                              MN_TYPE_NAME(o));
                return NULL;
            }
            if (mn_bytes_view(o, &data, &n) < 0) return NULL;
            r = mn_str_decode(data, n, a[1] ? MN_STR_DATA(a[1]) : "utf-8",
                              a[2] ? MN_STR_DATA(a[2]) : "strict");
        }
    } else {
        r = a[0] ? mn_object_str(a[0]) : mn_str_from_utf8_unchecked("", 0);
    }
    if (!r || type == &mn_str_type) return r;
    /* A subclass: copy the text into an instance of `type`. */
    mn_str *sub = (mn_str *)mn_type_generic_alloc(type, MN_STR_NBYTES(r) + 1);
    if (!sub) { MN_DECREF(r); return NULL; }
    sub->nbytes = MN_STR_NBYTES(r);
    memcpy(sub->data, MN_STR_DATA(r), (size_t)sub->nbytes + 1);
    mn_str_finish(MN_OBJ(sub));
    MN_DECREF(r);
    return MN_OBJ(sub);
}

/* ------------------------------------------------------ maketrans/translate */

static mn_object *str_maketrans(MN_UNUSED mn_object *cls, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("maketrans", kw) < 0 || mn_args_count("maketrans", nargs, 1, 3) < 0)
        return NULL;
    mn_object *d = mn_dict_new();
    if (!d) return NULL;
    if (nargs == 1) {
        mn_object *x = args[0];
        if (!MN_DICT_CHECK(x)) {
            mn_err_set_string(&mn_exc_TypeError, "if you give only one argument to maketrans it must be a dict");
            goto fail;
        }
        mn_ssize pos = 0;
        mn_object *k, *v;
        while (mn_dict_next(x, &pos, &k, &v)) {
            if (MN_STR_CHECK(k)) {
                if (MN_STR_LENGTH(k) != 1) {
                    mn_err_set_string(&mn_exc_ValueError, "string keys in translate table must be of length 1");
                    goto fail;
                }
                mn_object *key = mn_int_from_i64(mn_utf8_decode(MN_STR_DATA(k), NULL));
                if (!key) goto fail;
                int r = mn_dict_set_item(d, key, v);
                MN_DECREF(key);
                if (r < 0) goto fail;
            } else if (MN_INT_CHECK(k)) {
                if (mn_dict_set_item(d, k, v) < 0) goto fail;
            } else {
                mn_err_set_string(&mn_exc_TypeError, "keys in translate table must be strings or integers");
                goto fail;
            }
        }
        return d;
    }
    for (int i = 0; i < nargs; i++)
        if (!MN_STR_CHECK(args[i])) {
            mn_err_format(&mn_exc_TypeError, "maketrans() argument %d must be str, not %s", i + 1,
                          MN_TYPE_NAME(args[i]));
            goto fail;
        }
    if (MN_STR_LENGTH(args[0]) != MN_STR_LENGTH(args[1])) {
        mn_err_set_string(&mn_exc_ValueError, "the first two maketrans arguments must have equal length");
        goto fail;
    }
    {
        const char *p = MN_STR_DATA(args[0]), *q = MN_STR_DATA(args[1]);
        for (mn_ssize i = 0; i < MN_STR_LENGTH(args[0]); i++) {
            int n1, n2;
            mn_object *k = mn_int_from_i64(mn_utf8_decode(p, &n1));
            mn_object *v = mn_int_from_i64(mn_utf8_decode(q, &n2));
            int r = k && v ? mn_dict_set_item(d, k, v) : -1;
            MN_XDECREF(k);
            MN_XDECREF(v);
            if (r < 0) goto fail;
            p += n1; q += n2;
        }
    }
    if (nargs == 3) {
        const char *p = MN_STR_DATA(args[2]), *end = p + MN_STR_NBYTES(args[2]);
        int n;
        for (; p < end; p += n) {
            mn_object *k = mn_int_from_i64(mn_utf8_decode(p, &n));
            int r = k ? mn_dict_set_item(d, k, mn_none) : -1;
            MN_XDECREF(k);
            if (r < 0) goto fail;
        }
    }
    return d;
fail:
    MN_DECREF(d);
    return NULL;
}

static mn_object *str_translate(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    mn_object *table = a[0];
    mn_str_builder sb;
    mn_sb_init(&sb);
    const char *d = MN_STR_DATA(s);
    mn_ssize nb = MN_STR_NBYTES(s);
    int n;
    for (mn_ssize i = 0; i < nb; i += n) {
        int32_t c = mn_utf8_decode(d + i, &n);
        mn_object *key = mn_int_from_i64(c);
        if (!key) goto fail;
        mn_object *v = mn_object_getitem(table, key);
        MN_DECREF(key);
        if (!v) {
            if (!mn_err_matches(&mn_exc_LookupError)) goto fail;
            mn_err_clear();
            mn_sb_append(&sb, d + i, n);
            continue;
        }
        if (v == mn_none) {
            /* deleted */
        } else if (MN_INT_CHECK(v)) {
            int64_t cp;
            if (!mn_int_to_i64(v, &cp) || cp < 0 || cp > 0x10FFFF) {
                mn_err_set_string(&mn_exc_ValueError, "character mapping must be in range(0x110000)");
                MN_DECREF(v);
                goto fail;
            }
            mn_sb_append_codepoint(&sb, (int32_t)cp);
        } else if (MN_STR_CHECK(v)) {
            mn_sb_append_str(&sb, v);
        } else {
            mn_err_set_string(&mn_exc_TypeError, "character mapping must return integer, None or str");
            MN_DECREF(v);
            goto fail;
        }
        MN_DECREF(v);
    }
    return mn_sb_finish(&sb);
fail:
    mn_sb_discard(&sb);
    return NULL;
}

/* ------------------------------------------------------------ the rest */

static mn_object *str_join_meth(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    return mn_str_join(s, a[0]);
}

static mn_object *str_format_meth(mn_object *s, mn_object *const *a, mn_ssize n, mn_object *k)
{
    return mn_str_format_method(s, a, n, k);
}

static mn_object *str_format_map(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    return mn_str_format_mapping(s, a[0]);
}

static mn_object *str_dunder_format(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    if (!MN_STR_CHECK(a[0])) {
        mn_err_format(&mn_exc_TypeError, "__format__() argument must be str, not %s", MN_TYPE_NAME(a[0]));
        return NULL;
    }
    return mn_str_format_spec(s, a[0]);
}

static mn_object *str_sizeof(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    return mn_int_from_ssize((mn_ssize)sizeof(mn_str) + MN_STR_NBYTES(s) + 1);
}

static mn_object *str_getnewargs(mn_object *s, MN_UNUSED mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    mn_object *copy = mn_str_from_utf8_unchecked(MN_STR_DATA(s), MN_STR_NBYTES(s));
    if (!copy) return NULL;
    mn_object *t = mn_tuple_pack(1, copy);
    MN_DECREF(copy);
    return t;
}

static mn_object *str_mod_meth(mn_object *s, mn_object *const *a, MN_UNUSED mn_ssize n, MN_UNUSED mn_object *k)
{
    return mn_str_percent_format(s, a[0]);
}

mn_method_def mn_str_methods[] = {
    {"split", str_split, MN_METH_VARARGS, "Return a list of the substrings in the string, using sep as the separator string."},
    {"rsplit", str_rsplit, MN_METH_VARARGS, "Return a list of the substrings in the string, splitting from the right."},
    {"join", str_join_meth, MN_METH_O, "Concatenate any number of strings."},
    {"strip", str_strip, MN_METH_VARARGS, "Return a copy of the string with leading and trailing whitespace removed."},
    {"lstrip", str_lstrip, MN_METH_VARARGS, "Return a copy of the string with leading whitespace removed."},
    {"rstrip", str_rstrip, MN_METH_VARARGS, "Return a copy of the string with trailing whitespace removed."},
    {"find", str_find, MN_METH_VARARGS, "Return the lowest index in S where substring sub is found."},
    {"rfind", str_rfind, MN_METH_VARARGS, "Return the highest index in S where substring sub is found."},
    {"index", str_index, MN_METH_VARARGS, "Like find() but raise ValueError when the substring is not found."},
    {"rindex", str_rindex, MN_METH_VARARGS, "Like rfind() but raise ValueError when the substring is not found."},
    {"count", str_count, MN_METH_VARARGS, "Return the number of non-overlapping occurrences of substring sub."},
    {"replace", str_replace, MN_METH_VARARGS, "Return a copy with all occurrences of substring old replaced by new."},
    {"startswith", str_startswith, MN_METH_VARARGS, "Return True if S starts with the specified prefix, False otherwise."},
    {"endswith", str_endswith, MN_METH_VARARGS, "Return True if S ends with the specified suffix, False otherwise."},
    {"center", str_center, MN_METH_VARARGS, "Return a centered string of length width."},
    {"ljust", str_ljust, MN_METH_VARARGS, "Return a left-justified string of length width."},
    {"rjust", str_rjust, MN_METH_VARARGS, "Return a right-justified string of length width."},
    {"zfill", str_zfill, MN_METH_O, "Pad a numeric string with zeros on the left."},
    {"partition", str_partition, MN_METH_O, "Partition the string into three parts using the given separator."},
    {"rpartition", str_rpartition, MN_METH_O, "Partition the string into three parts, searching from the end."},
    {"splitlines", str_splitlines, MN_METH_VARARGS, "Return a list of the lines in the string, breaking at line boundaries."},
    {"expandtabs", str_expandtabs, MN_METH_VARARGS, "Return a copy where all tab characters are expanded using spaces."},
    {"encode", str_encode, MN_METH_VARARGS, "Encode the string using the codec registered for encoding."},
    {"removeprefix", str_removeprefix, MN_METH_O, "Return a str with the given prefix string removed if present."},
    {"removesuffix", str_removesuffix, MN_METH_O, "Return a str with the given suffix string removed if present."},
    {"format", str_format_meth, MN_METH_VARARGS, "Return a formatted version of S, using substitutions from args and kwargs."},
    {"format_map", str_format_map, MN_METH_O, "Return a formatted version of S, using substitutions from mapping."},
    {"__format__", str_dunder_format, MN_METH_O, "Return a formatted version of the string as described by format_spec."},
    {"maketrans", str_maketrans, MN_METH_VARARGS | MN_METH_STATIC, "Return a translation table usable for str.translate()."},
    {"translate", str_translate, MN_METH_O, "Replace each character in the string using the given translation table."},
    {"upper", str_upper, MN_METH_NOARGS, "Return a copy of the string converted to uppercase."},
    {"lower", str_lower, MN_METH_NOARGS, "Return a copy of the string converted to lowercase."},
    {"casefold", str_casefold, MN_METH_NOARGS, "Return a version of the string suitable for caseless comparisons."},
    {"swapcase", str_swapcase, MN_METH_NOARGS, "Convert uppercase characters to lowercase and vice versa."},
    {"title", str_title, MN_METH_NOARGS, "Return a version of the string where each word is titlecased."},
    {"capitalize", str_capitalize, MN_METH_NOARGS, "Return a capitalized version of the string."},
    {"isalpha", str_isalpha, MN_METH_NOARGS, NULL},
    {"isdigit", str_isdigit, MN_METH_NOARGS, NULL},
    {"isdecimal", str_isdecimal, MN_METH_NOARGS, NULL},
    {"isnumeric", str_isnumeric, MN_METH_NOARGS, NULL},
    {"isalnum", str_isalnum, MN_METH_NOARGS, NULL},
    {"isspace", str_isspace, MN_METH_NOARGS, NULL},
    {"isupper", str_isupper, MN_METH_NOARGS, NULL},
    {"islower", str_islower, MN_METH_NOARGS, NULL},
    {"istitle", str_istitle, MN_METH_NOARGS, NULL},
    {"isprintable", str_isprintable, MN_METH_NOARGS, NULL},
    {"isidentifier", str_isidentifier, MN_METH_NOARGS, NULL},
    {"isascii", str_isascii, MN_METH_NOARGS, NULL},
    {"__sizeof__", str_sizeof, MN_METH_NOARGS, "Return the size of the string in memory, in bytes."},
    {"__getnewargs__", str_getnewargs, MN_METH_NOARGS, NULL},
    {"__mod__", str_mod_meth, MN_METH_O, "Return self%value."},
    {NULL, NULL, 0, NULL}
};

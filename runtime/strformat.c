/* runtime/strformat.c — the three ways Python formats text into a str:
 *   - 'fmt' % args        (mn_str_percent_format; printf-style, as CPython's
 *                          PyUnicode_Format in Objects/unicodeobject.c)
 *   - 'fmt'.format(...)   (mn_str_format_method / format_map; the field
 *                          parser of CPython's Objects/stringlib/unicode_format.h)
 *   - format(s, spec)     (mn_str_format_spec: the format-spec mini-language
 *                          applied to a str)
 * The number and spec formatting itself is runtime/numfmt's: this file
 * parses, fetches arguments and converts objects.
 */
#include <string.h>
#include <stdlib.h>
#include <math.h>

#include "runtime/str.h"
#include "runtime/str_internal.h"
#include "runtime/error.h"
#include "runtime/type.h"
#include "runtime/int.h"
#include "runtime/float.h"
#include "runtime/tuple.h"
#include "runtime/dict.h"
#include "runtime/obmalloc.h"
#include "runtime/numfmt.h"

/* ======================================================= format(str, spec) */

/* Raises the exception a numfmt status names; frees the message. */
static void raise_numfmt(mn_numfmt_status st, char *errmsg)
{
    if (st == MN_NUMFMT_MEMORY_ERROR || !errmsg) mn_err_no_memory();
    else mn_err_set_string(st == MN_NUMFMT_OVERFLOW_ERROR ? &mn_exc_OverflowError : &mn_exc_ValueError,
                           errmsg);
    free(errmsg);
}

/* Takes a malloc'd UTF-8 result from numfmt and makes a str of it. */
static mn_object *str_from_malloced(char *out, size_t len)
{
    if (!out) return mn_err_no_memory();
    mn_object *r = mn_str_from_utf8_unchecked(out, (mn_ssize)len);
    free(out);
    return r;
}

mn_object *mn_str_format_spec(mn_object *s, mn_object *spec)
{
    /* An empty spec is str(s) (matters for subclasses). */
    if (MN_STR_NBYTES(spec) == 0)
        return MN_STR_CHECK_EXACT(s) ? MN_NEW_REF(s)
                                     : mn_str_from_utf8_unchecked(MN_STR_DATA(s), MN_STR_NBYTES(s));
    mn_format_spec fs;
    char *errmsg = NULL, *out = NULL;
    size_t out_len = 0;
    mn_numfmt_status st = mn_format_spec_parse(MN_STR_DATA(spec), (size_t)MN_STR_NBYTES(spec),
                                               MN_FORMAT_STR, MN_TYPE_NAME(s), &fs, &errmsg);
    if (st == MN_NUMFMT_OK)
        st = mn_format_string(&fs, MN_STR_DATA(s), (size_t)MN_STR_NBYTES(s), &out, &out_len, &errmsg);
    if (st != MN_NUMFMT_OK) {
        raise_numfmt(st, errmsg);
        return NULL;
    }
    return str_from_malloced(out, out_len);
}

/* ================================================================ % format */

enum { F_LJUST = MN_PF_LJUST, F_SIGN = MN_PF_SIGN, F_BLANK = MN_PF_BLANK, F_ALT = MN_PF_ALT,
       F_ZERO = MN_PF_ZERO };

/* Appends body (with sign/prefix already split off) padded per flags. */
static void emit_padded(mn_str_builder *sb, const char *sign, const char *prefix,
                        const char *body, mn_ssize bodylen, mn_ssize bodycps, int flags,
                        mn_ssize width, int zero_ok)
{
    mn_ssize sl = (mn_ssize)strlen(sign), pl = (mn_ssize)strlen(prefix);
    mn_ssize total = sl + pl + bodycps;
    mn_ssize pad = width > total ? width - total : 0;
    if (flags & F_LJUST) {
        mn_sb_append(sb, sign, sl); mn_sb_append(sb, prefix, pl); mn_sb_append(sb, body, bodylen);
        for (mn_ssize i = 0; i < pad; i++) mn_sb_append_char(sb, ' ');
    } else if ((flags & F_ZERO) && zero_ok) {
        mn_sb_append(sb, sign, sl); mn_sb_append(sb, prefix, pl);
        for (mn_ssize i = 0; i < pad; i++) mn_sb_append_char(sb, '0');
        mn_sb_append(sb, body, bodylen);
    } else {
        for (mn_ssize i = 0; i < pad; i++) mn_sb_append_char(sb, ' ');
        mn_sb_append(sb, sign, sl); mn_sb_append(sb, prefix, pl); mn_sb_append(sb, body, bodylen);
    }
}

static int format_int(mn_str_builder *sb, mn_object *v, char conv, int flags, mn_ssize width, mn_ssize prec)
{
    mn_object *iv;
    if (conv == 'd' || conv == 'i' || conv == 'u') {
        if (MN_INT_CHECK(v)) iv = MN_NEW_REF(v);
        else if ((MN_TYPE(v)->as_number &&
                                       (MN_TYPE(v)->as_number->int_ || MN_TYPE(v)->as_number->index))) {
            iv = mn_number_long(v);
            if (!iv) return -1;
        } else {
            mn_err_format(&mn_exc_TypeError, "%%%c format: a real number is required, not %s",
                          conv, MN_TYPE_NAME(v));
            return -1;
        }
    } else {
        if (!mn_index_check(v)) {
            mn_err_format(&mn_exc_TypeError, "%%%c format: an integer is required, not %s",
                          conv, MN_TYPE_NAME(v));
            return -1;
        }
        iv = mn_number_index(v);
        if (!iv) return -1;
    }
    int base = conv == 'x' || conv == 'X' ? 16 : conv == 'o' ? 8 : 10;
    mn_ssize dlen;
    char *digits = mn_int_magnitude_digits(iv, base, &dlen);
    int neg = mn_int_sign(iv) < 0;
    MN_DECREF(iv);
    if (!digits) { if (!mn_err_occurred()) mn_err_no_memory(); return -1; }
    /* numfmt applies precision, '#' prefix, sign and padding as CPython. */
    char *out = mn_format_printf_int(conv, flags, width > INT32_MAX ? INT32_MAX : (int)width,
                                     prec > INT32_MAX ? INT32_MAX : (int)prec, neg, digits, (size_t)dlen);
    free(digits);
    if (!out) { mn_err_no_memory(); return -1; }
    mn_sb_append_cstr(sb, out);
    free(out);
    return 0;
}

static int format_float(mn_str_builder *sb, mn_object *v, char conv, int flags, mn_ssize width, mn_ssize prec)
{
    double x;
    mn_number_methods *nm = MN_TYPE(v)->as_number;
    if (!nm || (!nm->float_ && !nm->index)) {
        mn_err_format(&mn_exc_TypeError, "must be real number, not %s", MN_TYPE_NAME(v));
        return -1;
    }
    x = mn_float_as_double(v);
    if (x == -1.0 && mn_err_occurred()) {
        if (mn_err_matches(&mn_exc_TypeError))
            mn_err_format(&mn_exc_TypeError, "must be real number, not %s", MN_TYPE_NAME(v));
        return -1;
    }
    char *out = mn_format_printf_double(conv, flags, width > INT32_MAX ? INT32_MAX : (int)width,
                                        prec > INT32_MAX ? INT32_MAX : (int)prec, x);
    if (!out) { mn_err_no_memory(); return -1; }
    mn_sb_append_cstr(sb, out);
    free(out);
    return 0;
}

/* Fetches the next positional argument (CPython's getnextarg). */
static mn_object *next_arg(mn_object *args, mn_ssize arglen, mn_ssize *argidx)
{
    if (*argidx < arglen) {
        mn_ssize i = (*argidx)++;
        return arglen < 0 ? args : MN_TUPLE_GET(args, i);
    }
    mn_err_set_string(&mn_exc_TypeError, "not enough arguments for format string");
    return NULL;
}

mn_object *mn_str_percent_format(mn_object *fmt, mn_object *args)
{
    mn_ssize arglen, argidx;
    if (MN_TUPLE_CHECK(args)) { arglen = MN_TUPLE_SIZE(args); argidx = 0; }
    else { arglen = -1; argidx = -2; }
    /* A mapping argument enables %(name)s (CPython: anything with
     * __getitem__ that is not a tuple or str). */
    mn_object *dict = NULL;
    if (!MN_TUPLE_CHECK(args) && !MN_STR_CHECK(args) && MN_TYPE(args)->getitem) dict = args;

    const char *d = MN_STR_DATA(fmt), *end = d + MN_STR_NBYTES(fmt), *p = d;
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_object *keyed = NULL;   /* value fetched by %(key), owned */
    while (p < end) {
        if (*p != '%') {
            const char *q = p;
            while (q < end && *q != '%') q++;
            mn_sb_append(&sb, p, q - p);
            p = q;
            continue;
        }
        const char *start = p++;
        mn_object *value = NULL;
        if (p < end && *p == '(') {
            if (!dict) {
                mn_err_set_string(&mn_exc_TypeError, "format requires a mapping");
                goto fail;
            }
            const char *ks = ++p;
            int depth = 1;
            while (p < end && depth) {
                if (*p == '(') depth++;
                else if (*p == ')') depth--;
                p++;
            }
            if (depth) {
                mn_err_set_string(&mn_exc_ValueError, "incomplete format key");
                goto fail;
            }
            mn_object *key = mn_str_from_utf8_unchecked(ks, p - 1 - ks);
            if (!key) goto fail;
            keyed = mn_object_getitem(dict, key);
            MN_DECREF(key);
            if (!keyed) goto fail;
            value = keyed;
            arglen = -1;
            argidx = -2;
        }
        int flags = 0;
        for (; p < end; p++) {
            if (*p == '-') flags |= F_LJUST;
            else if (*p == '+') flags |= F_SIGN;
            else if (*p == ' ') flags |= F_BLANK;
            else if (*p == '#') flags |= F_ALT;
            else if (*p == '0') flags |= F_ZERO;
            else break;
        }
        mn_ssize width = -1, prec = -1;
        if (p < end && *p == '*') {
            mn_object *w = next_arg(args, arglen, &argidx);
            if (!w) goto fail;
            if (!MN_INT_CHECK(w)) { mn_err_set_string(&mn_exc_TypeError, "* wants int"); goto fail; }
            width = mn_int_as_ssize(w);
            if (width == -1 && mn_err_occurred()) goto fail;
            if (width < 0) { flags |= F_LJUST; width = -width; }
            p++;
        } else {
            while (p < end && *p >= '0' && *p <= '9') {
                if (width < 0) width = 0;
                if (width > MN_SSIZE_MAX / 10 - 10) {
                    mn_err_set_string(&mn_exc_ValueError, "width too big");
                    goto fail;
                }
                width = width * 10 + (*p++ - '0');
            }
        }
        if (p < end && *p == '.') {
            p++;
            prec = 0;
            if (p < end && *p == '*') {
                mn_object *w = next_arg(args, arglen, &argidx);
                if (!w) goto fail;
                if (!MN_INT_CHECK(w)) { mn_err_set_string(&mn_exc_TypeError, "* wants int"); goto fail; }
                prec = mn_int_as_ssize(w);
                if (prec == -1 && mn_err_occurred()) goto fail;
                if (prec < 0) prec = 0;
                p++;
            } else {
                while (p < end && *p >= '0' && *p <= '9') {
                    if (prec > MN_SSIZE_MAX / 10 - 10) {
                        mn_err_set_string(&mn_exc_ValueError, "precision too big");
                        goto fail;
                    }
                    prec = prec * 10 + (*p++ - '0');
                }
            }
        }
        while (p < end && (*p == 'h' || *p == 'l' || *p == 'L')) p++;   /* ignored, as CPython */
        if (p >= end) {
            mn_err_set_string(&mn_exc_ValueError, "incomplete format");
            goto fail;
        }
        int clen;
        int32_t conv = mn_utf8_decode(p, &clen);
        p += clen;
        if (conv == '%') {
            mn_sb_append_char(&sb, '%');
            MN_CLEAR(keyed);
            continue;
        }
        if (!value) {
            value = next_arg(args, arglen, &argidx);
            if (!value) goto fail;
        }
        switch (conv) {
        case 's': case 'r': case 'a': {
            mn_object *t = conv == 's' ? mn_object_str(value) : conv == 'r' ? mn_object_repr(value)
                                                                            : mn_object_ascii(value);
            if (!t) goto fail;
            mn_ssize cps = MN_STR_LENGTH(t);
            if (prec >= 0 && prec < cps) cps = prec;
            emit_padded(&sb, "", "", MN_STR_DATA(t), mn_str_offset_of(t, cps), cps, flags, width, 0);
            MN_DECREF(t);
            break;
        }
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
            if (format_int(&sb, value, (char)conv, flags, width, prec) < 0) goto fail;
            break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
            if (format_float(&sb, value, (char)conv, flags, width, prec) < 0) goto fail;
            break;
        case 'c': {
            int32_t cp;
            if (MN_STR_CHECK(value)) {
                if (MN_STR_LENGTH(value) != 1) {
                    mn_err_set_string(&mn_exc_TypeError, "%c requires int or char");
                    goto fail;
                }
                cp = mn_utf8_decode(MN_STR_DATA(value), NULL);
            } else if (MN_INT_CHECK(value)) {
                int64_t v;
                if (!mn_int_to_i64(value, &v) || v < 0 || v > 0x10FFFF) {
                    mn_err_set_string(&mn_exc_OverflowError, "%c arg not in range(0x110000)");
                    goto fail;
                }
                cp = (int32_t)v;
            } else {
                mn_err_set_string(&mn_exc_TypeError, "%c requires int or char");
                goto fail;
            }
            char b[4];
            int bn = mn_utf8_encode(cp, b);
            emit_padded(&sb, "", "", b, bn, 1, flags, width, 0);
            break;
        }
        default: {
            mn_ssize idx = 0;
            for (const char *q = d; q < p - clen; q++)
                if (((unsigned char)*q & 0xC0) != 0x80) idx++;
            if (conv >= 32 && conv < 127)
                mn_err_format(&mn_exc_ValueError, "unsupported format character '%c' (0x%x) at index %zd",
                              (int)conv, (unsigned)conv, idx);
            else
                mn_err_format(&mn_exc_ValueError, "unsupported format character '%c' (0x%x) at index %zd",
                              (int)conv, (unsigned)conv, idx);
            goto fail;
        }
        }
        (void)start;
        MN_CLEAR(keyed);
    }
    if (argidx < arglen && !dict) {
        mn_err_set_string(&mn_exc_TypeError, "not all arguments converted during string formatting");
        goto fail;
    }
    return mn_sb_finish(&sb);
fail:
    MN_XDECREF(keyed);
    mn_sb_discard(&sb);
    return NULL;
}

/* ============================================================ str.format */

typedef struct fmt_ctx {
    mn_object *const *args;     /* positional arguments */
    mn_ssize nargs;
    mn_object *kwnames;         /* names of keyword arguments (tuple) or NULL */
    mn_object *const *kwvalues;
    mn_object *mapping;         /* format_map's mapping, or NULL */
    int auto_state;             /* 0 unknown, 1 automatic, 2 manual */
    mn_ssize auto_next;
} fmt_ctx;

static mn_object *lookup_keyword(fmt_ctx *c, const char *name, mn_ssize n)
{
    mn_object *key = mn_str_from_utf8_unchecked(name, n);
    if (!key) return NULL;
    mn_object *r = NULL;
    if (c->mapping) {
        r = mn_object_getitem(c->mapping, key);
    } else {
        if (c->kwnames)
            for (mn_ssize i = 0; i < MN_TUPLE_SIZE(c->kwnames); i++)
                if (mn_str_equal(MN_TUPLE_GET(c->kwnames, i), key)) {
                    r = MN_NEW_REF(c->kwvalues[i]);
                    break;
                }
        if (!r) mn_err_set_object(&mn_exc_KeyError, key);
    }
    MN_DECREF(key);
    return r;
}

/* Parses a decimal run; returns the value or -1 if not all digits. */
static mn_ssize parse_index(const char *s, mn_ssize n)
{
    if (n == 0) return -1;
    mn_ssize v = 0;
    for (mn_ssize i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        if (v > MN_SSIZE_MAX / 10 - 10) {
            mn_err_set_string(&mn_exc_ValueError, "Too many decimal digits in format string");
            return -2;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Resolves a field name like "0", "", "name", "0.attr[key][1]". */
static mn_object *get_field(fmt_ctx *c, const char *s, mn_ssize n)
{
    mn_ssize first_end = 0;
    while (first_end < n && s[first_end] != '.' && s[first_end] != '[') first_end++;
    mn_object *obj;
    mn_ssize idx = parse_index(s, first_end);
    if (idx == -2) return NULL;
    if (first_end == 0) {
        if (c->auto_state == 2) {
            mn_err_set_string(&mn_exc_ValueError,
                              "cannot switch from manual field specification to automatic field numbering");
            return NULL;
        }
        c->auto_state = 1;
        idx = c->auto_next++;
    } else if (idx >= 0) {
        if (c->auto_state == 1) {
            mn_err_set_string(&mn_exc_ValueError,
                              "cannot switch from automatic field numbering to manual field specification");
            return NULL;
        }
        c->auto_state = 2;
    }
    if (idx >= 0) {
        if (c->mapping) {
            mn_err_set_string(&mn_exc_ValueError, "Format string contains positional fields");
            return NULL;
        }
        if (idx >= c->nargs) {
            mn_err_format(&mn_exc_IndexError, "Replacement index %zd out of range for positional args tuple", idx);
            return NULL;
        }
        obj = MN_NEW_REF(c->args[idx]);
    } else {
        obj = lookup_keyword(c, s, first_end);
        if (!obj) return NULL;
    }
    mn_ssize i = first_end;
    while (i < n) {
        if (s[i] == '.') {
            mn_ssize j = ++i;
            while (j < n && s[j] != '.' && s[j] != '[') j++;
            if (j == i) {
                mn_err_set_string(&mn_exc_ValueError, "Empty attribute in format string");
                goto fail;
            }
            mn_object *name = mn_str_from_utf8_unchecked(s + i, j - i);
            if (!name) goto fail;
            mn_object *v = mn_object_getattr(obj, name);
            MN_DECREF(name);
            if (!v) goto fail;
            MN_SETREF(obj, v);
            i = j;
        } else if (s[i] == '[') {
            mn_ssize j = ++i;
            while (j < n && s[j] != ']') j++;
            if (j >= n) {
                mn_err_set_string(&mn_exc_ValueError, "Missing ']' in format string");
                goto fail;
            }
            if (j == i) {
                mn_err_set_string(&mn_exc_ValueError, "Empty attribute in format string");
                goto fail;
            }
            mn_ssize k = parse_index(s + i, j - i);
            if (k == -2) goto fail;
            mn_object *key = k >= 0 ? mn_int_from_ssize(k) : mn_str_from_utf8_unchecked(s + i, j - i);
            if (!key) goto fail;
            mn_object *v = mn_object_getitem(obj, key);
            MN_DECREF(key);
            if (!v) goto fail;
            MN_SETREF(obj, v);
            i = j + 1;
            if (i < n && s[i] != '.' && s[i] != '[') {
                mn_err_set_string(&mn_exc_ValueError,
                                  "Only '.' or '[' may follow ']' in format field specifier");
                goto fail;
            }
        } else {
            mn_err_set_string(&mn_exc_ValueError,
                              "Only '.' or '[' may follow ']' in format field specifier");
            goto fail;
        }
    }
    return obj;
fail:
    MN_DECREF(obj);
    return NULL;
}

static int format_into(fmt_ctx *c, mn_str_builder *sb, const char *s, mn_ssize n, int depth);

/* Renders one replacement field: name, conversion (0 if none) and spec. */
static int render_field(fmt_ctx *c, mn_str_builder *sb, const char *name, mn_ssize name_len,
                        int32_t conversion, const char *spec, mn_ssize spec_len, int depth)
{
    mn_object *obj = get_field(c, name, name_len);
    if (!obj) return -1;
    if (conversion) {
        mn_object *conv;
        if (conversion == 'r') conv = mn_object_repr(obj);
        else if (conversion == 's') conv = mn_object_str(obj);
        else if (conversion == 'a') conv = mn_object_ascii(obj);
        else {
            mn_object *cs = mn_str_from_codepoint(conversion);
            if (cs) {
                mn_err_format(&mn_exc_ValueError, "Unknown conversion specifier %U", cs);
                MN_DECREF(cs);
            }
            MN_DECREF(obj);
            return -1;
        }
        MN_DECREF(obj);
        if (!conv) return -1;
        obj = conv;
    }
    /* The spec may itself contain fields: "{:{width}}". */
    mn_object *specobj;
    if (memchr(spec, '{', (size_t)spec_len)) {
        mn_str_builder sub;
        mn_sb_init(&sub);
        if (format_into(c, &sub, spec, spec_len, depth - 1) < 0) {
            mn_sb_discard(&sub);
            MN_DECREF(obj);
            return -1;
        }
        specobj = mn_sb_finish(&sub);
    } else {
        specobj = mn_str_from_utf8_unchecked(spec, spec_len);
    }
    if (!specobj) { MN_DECREF(obj); return -1; }
    mn_object *r;
    if (MN_STR_CHECK_EXACT(obj)) r = mn_str_format_spec(obj, specobj);
    else r = mn_object_format(obj, specobj);
    MN_DECREF(specobj);
    MN_DECREF(obj);
    if (!r) return -1;
    mn_sb_append_str(sb, r);
    MN_DECREF(r);
    return sb->failed ? -1 : 0;
}

/* Expands a format string (CPython's MarkupIterator + build_string).
 * `depth` bounds the nesting of fields inside format specs. */
static int format_into(fmt_ctx *c, mn_str_builder *sb, const char *s, mn_ssize n, int depth)
{
    if (depth <= 0) {
        mn_err_set_string(&mn_exc_ValueError, "Max string recursion exceeded");
        return -1;
    }
    mn_ssize i = 0;
    while (i < n) {
        mn_ssize j = i;
        while (j < n && s[j] != '{' && s[j] != '}') j++;
        mn_sb_append(sb, s + i, j - i);
        if (j >= n) break;
        if (s[j] == '}') {
            if (j + 1 < n && s[j + 1] == '}') { mn_sb_append_char(sb, '}'); i = j + 2; continue; }
            mn_err_set_string(&mn_exc_ValueError, "Single '}' encountered in format string");
            return -1;
        }
        /* '{' */
        if (j + 1 < n && s[j + 1] == '{') { mn_sb_append_char(sb, '{'); i = j + 2; continue; }
        if (j + 1 >= n) {
            mn_err_set_string(&mn_exc_ValueError, "Single '{' encountered in format string");
            return -1;
        }
        /* field name: up to '!', ':' or '}' outside square brackets */
        mn_ssize k = j + 1;
        int bracket = 0;
        while (k < n) {
            char ch = s[k];
            if (ch == '[') bracket = 1;
            else if (ch == ']') bracket = 0;
            else if (!bracket && (ch == '!' || ch == ':' || ch == '}')) break;
            k++;
        }
        if (k >= n) {
            mn_err_set_string(&mn_exc_ValueError, "expected '}' before end of string");
            return -1;
        }
        const char *name = s + j + 1;
        mn_ssize name_len = k - j - 1;
        int32_t conversion = 0;
        if (s[k] == '!') {
            if (++k >= n) {
                mn_err_set_string(&mn_exc_ValueError, "end of string while looking for conversion specifier");
                return -1;
            }
            int cl;
            conversion = mn_utf8_decode(s + k, &cl);
            k += cl;
            if (k >= n) {
                mn_err_set_string(&mn_exc_ValueError, "unmatched '{' in format spec");
                return -1;
            }
            if (s[k] != ':' && s[k] != '}') {
                mn_err_set_string(&mn_exc_ValueError, "expected ':' after conversion specifier");
                return -1;
            }
        }
        const char *spec = s + k;
        mn_ssize spec_len = 0;
        if (s[k] == ':') {
            mn_ssize st = ++k;
            int level = 1;
            while (k < n) {
                if (s[k] == '{') level++;
                else if (s[k] == '}' && --level == 0) break;
                k++;
            }
            if (k >= n) {
                mn_err_set_string(&mn_exc_ValueError, "unmatched '{' in format spec");
                return -1;
            }
            spec = s + st;
            spec_len = k - st;
        }
        if (render_field(c, sb, name, name_len, conversion, spec, spec_len, depth) < 0) return -1;
        i = k + 1;
    }
    return sb->failed ? -1 : 0;
}

mn_object *mn_str_format_method(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    fmt_ctx c = {args, nargs, kwnames && MN_TUPLE_SIZE(kwnames) ? kwnames : NULL, args + nargs,
                 NULL, 0, 0};
    mn_str_builder sb;
    mn_sb_init(&sb);
    if (format_into(&c, &sb, MN_STR_DATA(self), MN_STR_NBYTES(self), 2) < 0) {
        mn_sb_discard(&sb);
        return NULL;
    }
    return mn_sb_finish(&sb);
}

mn_object *mn_str_format_mapping(mn_object *self, mn_object *mapping)
{
    fmt_ctx c = {NULL, 0, NULL, NULL, mapping, 0, 0};
    mn_str_builder sb;
    mn_sb_init(&sb);
    if (format_into(&c, &sb, MN_STR_DATA(self), MN_STR_NBYTES(self), 2) < 0) {
        mn_sb_discard(&sb);
        return NULL;
    }
    return mn_sb_finish(&sb);
}

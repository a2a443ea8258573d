/* runtime/str.c — the str type: storage, construction, hashing, interning,
 * indexing, comparison, repr, iteration, the string builder and
 * mn_str_from_format. The Python-level method set (split, strip, upper...)
 * lives in runtime/str_methods.c; %-formatting and str.format in
 * runtime/strformat.c.
 *
 * Representation (see runtime/str.h): UTF-8 bytes inline after the header.
 * Unlike CPython (PEP 393 picks 1, 2 or 4 bytes per code point so indexing
 * is always O(1)), mini keeps one encoding. ASCII strings index in O(1);
 * non-ASCII strings remember the last (code point index, byte offset) pair
 * looked up, so scanning s[0], s[1], s[2]... costs O(1) per step, and a
 * lookup walks from whichever of {start, cache, end} is nearest.
 *
 * Singletons: '' and every one-code-point string below U+0100 are cached
 * (CPython does the same for its Latin-1 characters), so s[i] on ASCII text
 * never allocates.
 *
 * Hash: FNV-1a over the UTF-8 bytes followed by the splitmix64 finaliser for
 * avalanche. It is deliberately DETERMINISTIC (no per-process seed, unlike
 * CPython's randomised SipHash): runs are reproducible, which matters more
 * to a teaching interpreter than hash-flooding resistance.
 *
 * Unicode data (validation, categories, case mapping) comes from libutf8proc.
 */
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <inttypes.h>
#include <utf8proc.h>

#include "runtime/str.h"
#include "runtime/str_internal.h"
#include "runtime/error.h"
#include "runtime/type.h"
#include "runtime/obmalloc.h"
#include "runtime/int.h"
#include "runtime/tuple.h"
#include "runtime/list.h"
#include "runtime/bytes.h"
#include "runtime/range.h"

/* ------------------------------------------------------------ UTF-8 helpers */

/* Length in bytes of the UTF-8 sequence starting with lead byte b (valid input). */
static inline int utf8_seq_len(unsigned char b)
{
    if (b < 0x80) return 1;
    if (b < 0xE0) return 2;
    if (b < 0xF0) return 3;
    return 4;
}

int32_t mn_utf8_decode(const char *p, int *len)
{
    const unsigned char *s = (const unsigned char *)p;
    int n = utf8_seq_len(s[0]);
    int32_t cp;
    switch (n) {
    case 1: cp = s[0]; break;
    case 2: cp = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F); break;
    case 3: cp = ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F); break;
    default: cp = ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F); break;
    }
    if (len) *len = n;
    return cp;
}

int mn_utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { o[0] = 0xC0 | (cp >> 6); o[1] = 0x80 | (cp & 0x3F); return 2; }
    if (cp < 0x10000) {
        o[0] = 0xE0 | (cp >> 12); o[1] = 0x80 | ((cp >> 6) & 0x3F); o[2] = 0x80 | (cp & 0x3F);
        return 3;
    }
    o[0] = 0xF0 | (cp >> 18); o[1] = 0x80 | ((cp >> 12) & 0x3F);
    o[2] = 0x80 | ((cp >> 6) & 0x3F); o[3] = 0x80 | (cp & 0x3F);
    return 4;
}

/* Counts code points: every byte that is not a continuation byte starts one. */
static mn_ssize count_codepoints(const char *s, mn_ssize n, int *ascii)
{
    mn_ssize count = 0;
    int all_ascii = 1;
    for (mn_ssize i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) all_ascii = 0;
        if ((c & 0xC0) != 0x80) count++;
    }
    *ascii = all_ascii;
    return count;
}

/* --------------------------------------------------------------- allocation */

static mn_object *empty_str;                 /* '' */
static mn_object *latin1_chars[256];         /* one-character strings < U+0100 */

mn_object *mn_str_new_raw(mn_ssize nbytes)
{
    if (nbytes < 0 || nbytes > MN_SSIZE_MAX - (mn_ssize)sizeof(mn_str) - 1)
        return mn_err_no_memory();
    /* itemsize is 1, so nitems = bytes of text + the NUL. */
    mn_str *s = (mn_str *)mn_type_generic_alloc(&mn_str_type, nbytes + 1);
    if (!s) return NULL;
    s->nbytes = nbytes;
    s->length = 0;
    s->hash = -1;
    s->ascii = 0;
    s->interned = 0;
    s->cache_index = 0;
    s->cache_offset = 0;
    s->data[nbytes] = '\0';
    return MN_OBJ(s);
}

void mn_str_finish(mn_object *o)
{
    mn_str *s = (mn_str *)o;
    int ascii;
    s->data[s->nbytes] = '\0';
    s->length = count_codepoints(s->data, s->nbytes, &ascii);
    s->ascii = (uint8_t)ascii;
    s->hash = -1;
    s->cache_index = 0;
    s->cache_offset = 0;
}

/* Returns the cached singleton for this text if there is one (new ref). */
static mn_object *cached_singleton(const char *s, mn_ssize nbytes)
{
    if (nbytes == 0 && empty_str) return MN_NEW_REF(empty_str);
    if (nbytes == 1 && (unsigned char)s[0] < 0x80 && latin1_chars[(unsigned char)s[0]])
        return MN_NEW_REF(latin1_chars[(unsigned char)s[0]]);
    if (nbytes == 2 && ((unsigned char)s[0] & 0xFE) == 0xC2) {
        int32_t cp = mn_utf8_decode(s, NULL);
        if (latin1_chars[cp]) return MN_NEW_REF(latin1_chars[cp]);
    }
    return NULL;
}

mn_object *mn_str_from_utf8_unchecked(const char *s, mn_ssize nbytes)
{
    mn_object *r = cached_singleton(s, nbytes);
    if (r) return r;
    r = mn_str_new_raw(nbytes);
    if (!r) return NULL;
    memcpy(MN_STR_DATA(r), s, (size_t)nbytes);
    mn_str_finish(r);
    return r;
}

mn_object *mn_str_from_cstr(const char *s)
{
    return mn_str_from_utf8_unchecked(s, (mn_ssize)strlen(s));
}

/* Sets UnicodeDecodeError('utf-8', data, start, end, reason) with CPython's
 * message "'utf-8' codec can't decode byte 0xff in position 0: invalid
 * start byte". */
static void set_decode_error(const char *data, mn_ssize n, mn_ssize start, mn_ssize end,
                             const char *reason)
{
    mn_object *args[5] = {NULL, NULL, NULL, NULL, NULL};
    args[0] = mn_str_from_cstr("utf-8");
    args[1] = mn_bytes_from_data(data, n);
    args[2] = mn_int_from_ssize(start);
    args[3] = mn_int_from_ssize(end);
    args[4] = mn_str_from_cstr(reason);
    for (int i = 0; i < 5; i++)
        if (!args[i]) goto done;
    mn_object *exc = mn_exception_new(&mn_exc_UnicodeDecodeError, args, 5);
    if (exc) {
        mn_err_set_exception(exc);
        MN_DECREF(exc);
    }
done:
    for (int i = 0; i < 5; i++) MN_XDECREF(args[i]);
}

/* Validates UTF-8 like CPython's decoder: returns -1 if valid, else the
 * offset of the first bad byte with *bad_end and *reason filled. */
static mn_ssize utf8_find_error(const unsigned char *s, mn_ssize n, mn_ssize *bad_end,
                                const char **reason)
{
    mn_ssize i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        int need;
        unsigned char lo = 0x80, hi = 0xBF;   /* allowed range of the 2nd byte */
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;          /* overlong */
            if (c == 0xED) hi = 0x9F;          /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            *bad_end = i + 1;
            *reason = "invalid start byte";
            return i;
        }
        for (int k = 1; k <= need; k++) {
            if (i + k >= n) {
                *bad_end = n;
                *reason = "unexpected end of data";
                return i;
            }
            unsigned char cc = s[i + k];
            unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
            if (cc < l || cc > h) {
                *bad_end = i + k;
                *reason = "invalid continuation byte";
                return i;
            }
        }
        i += need + 1;
    }
    return -1;
}

mn_object *mn_str_from_utf8(const char *s, mn_ssize nbytes)
{
    mn_ssize bad_end;
    const char *reason;
    mn_ssize bad = utf8_find_error((const unsigned char *)s, nbytes, &bad_end, &reason);
    if (bad >= 0) {
        set_decode_error(s, nbytes, bad, bad_end, reason);
        return NULL;
    }
    return mn_str_from_utf8_unchecked(s, nbytes);
}

int mn_str_utf8_error(const char *s, mn_ssize nbytes, mn_ssize *start, mn_ssize *end,
                      const char **reason)
{
    mn_ssize bad = utf8_find_error((const unsigned char *)s, nbytes, end, reason);
    if (bad < 0) return 0;
    *start = bad;
    return 1;
}

mn_object *mn_str_from_codepoint(int32_t cp)
{
    if (cp < 0 || cp > 0x10FFFF) {
        mn_err_set_string(&mn_exc_ValueError, "chr() arg not in range(0x110000)");
        return NULL;
    }
    if (cp < 256 && latin1_chars[cp]) return MN_NEW_REF(latin1_chars[cp]);
    char buf[4];
    int n = mn_utf8_encode(cp, buf);
    return mn_str_from_utf8_unchecked(buf, n);
}

const char *mn_str_as_utf8(mn_object *s) { return MN_STR_DATA(s); }

/* ------------------------------------------------------------------ hashing */

/* The hash of a byte string, shared by str (over its UTF-8) and bytes, so
 * hash('abc') == hash(b'abc') as in CPython. FNV-1a, then splitmix64's
 * finaliser so every input bit reaches every output bit (FNV alone mixes
 * the last bytes poorly). Never returns -1 ("error" in the hash protocol). */
mn_hash mn_hash_bytes(const void *data, mn_ssize n)
{
    const unsigned char *s = data;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (mn_ssize i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    h ^= (uint64_t)n;
    h ^= h >> 30; h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27; h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    mn_hash r = (mn_hash)h;
    return r == -1 ? -2 : r;
}

mn_hash mn_str_hash(mn_object *o)
{
    mn_str *s = (mn_str *)o;
    if (s->hash == -1)
        s->hash = mn_hash_bytes(s->data, s->nbytes);
    return s->hash;
}

/* ---------------------------------------------------------------- interning
 * An open-addressing hash set of str objects (one reference each). Kept
 * separate from dict so mn_str_intern_cstr can look up a C string without
 * building an object first: the common case (an identifier seen before)
 * allocates nothing. */

static mn_str **intern_table;
static mn_ssize intern_mask = -1;   /* capacity - 1 */
static mn_ssize intern_used;

static int intern_grow(void)
{
    mn_ssize newcap = intern_mask < 0 ? 1024 : (intern_mask + 1) * 2;
    mn_str **t = mn_mem_alloc(sizeof(mn_str *) * (size_t)newcap);
    if (!t) { mn_err_no_memory(); return -1; }
    memset(t, 0, sizeof(mn_str *) * (size_t)newcap);
    for (mn_ssize i = 0; i <= intern_mask; i++) {
        mn_str *s = intern_table[i];
        if (!s) continue;
        mn_ssize j = (mn_ssize)((uint64_t)s->hash & (uint64_t)(newcap - 1));
        while (t[j]) j = (j + 1) & (newcap - 1);
        t[j] = s;
    }
    mn_mem_free(intern_table);
    intern_table = t;
    intern_mask = newcap - 1;
    return 0;
}

/* Returns the slot where text (s, n, hash) lives or should be inserted. */
static mn_ssize intern_find(const char *s, mn_ssize n, mn_hash h)
{
    mn_ssize j = (mn_ssize)((uint64_t)h & (uint64_t)intern_mask);
    for (;;) {
        mn_str *e = intern_table[j];
        if (!e) return j;
        if (e->hash == h && e->nbytes == n && memcmp(e->data, s, (size_t)n) == 0)
            return j;
        j = (j + 1) & intern_mask;
    }
}

mn_object *mn_str_intern(mn_object *o)
{
    if (!o) return NULL;
    mn_str *s = (mn_str *)o;
    if (s->interned) return o;
    if (!MN_STR_CHECK_EXACT(o)) return o;   /* subclasses are never interned */
    if ((intern_used + 1) * 2 > intern_mask + 1 && intern_grow() < 0) {
        MN_DECREF(o);
        return NULL;
    }
    mn_hash h = mn_str_hash(o);
    mn_ssize j = intern_find(s->data, s->nbytes, h);
    if (intern_table[j]) {
        mn_object *canon = MN_NEW_REF(intern_table[j]);
        MN_DECREF(o);
        return canon;
    }
    intern_table[j] = s;     /* the table's reference */
    MN_INCREF(o);
    s->interned = 1;
    intern_used++;
    return o;
}

mn_object *mn_str_intern_cstr(const char *cs)
{
    mn_ssize n = (mn_ssize)strlen(cs);
    if (intern_mask >= 0) {
        mn_hash h = mn_hash_bytes(cs, n);
        mn_ssize j = intern_find(cs, n, h);
        if (intern_table[j]) return MN_NEW_REF(intern_table[j]);
    }
    return mn_str_intern(mn_str_from_utf8_unchecked(cs, n));
}

/* --------------------------------------------------------------- comparison */

int mn_str_equal(mn_object *a, mn_object *b)
{
    if (a == b) return 1;
    mn_str *x = (mn_str *)a, *y = (mn_str *)b;
    if (x->nbytes != y->nbytes) return 0;
    if (x->hash != -1 && y->hash != -1 && x->hash != y->hash) return 0;
    return memcmp(x->data, y->data, (size_t)x->nbytes) == 0;
}

int mn_str_equal_cstr(mn_object *a, const char *s)
{
    size_t n = strlen(s);
    return (size_t)MN_STR_NBYTES(a) == n && memcmp(MN_STR_DATA(a), s, n) == 0;
}

/* UTF-8 has the property that byte-wise order equals code point order, so
 * comparison is a memcmp. */
int mn_str_compare(mn_object *a, mn_object *b)
{
    mn_ssize na = MN_STR_NBYTES(a), nb = MN_STR_NBYTES(b);
    int c = memcmp(MN_STR_DATA(a), MN_STR_DATA(b), (size_t)(na < nb ? na : nb));
    if (c) return c < 0 ? -1 : 1;
    return na < nb ? -1 : na > nb ? 1 : 0;
}

static mn_object *str_richcompare(mn_object *a, mn_object *b, int op)
{
    if (!MN_STR_CHECK(a) || !MN_STR_CHECK(b)) MN_RETURN_NOT_IMPLEMENTED;
    int r;
    if (op == MN_EQ || op == MN_NE) {
        r = mn_str_equal(a, b);
        if (op == MN_NE) r = !r;
    } else {
        int c = mn_str_compare(a, b);
        switch (op) {
        case MN_LT: r = c < 0; break;
        case MN_LE: r = c <= 0; break;
        case MN_GT: r = c > 0; break;
        default:    r = c >= 0; break;
        }
    }
    MN_RETURN_BOOL(r);
}

/* ----------------------------------------------------------------- indexing */

mn_ssize mn_str_offset_of(mn_object *o, mn_ssize index)
{
    mn_str *s = (mn_str *)o;
    if (s->ascii) return index;
    if (index >= s->length) return s->nbytes;
    if (index <= 0) return 0;
    /* Pick the nearest known point: the start, the cache, or the end. */
    mn_ssize ci = s->cache_index, co = s->cache_offset;
    mn_ssize from_start = index, from_cache = index >= ci ? index - ci : ci - index,
             from_end = s->length - index;
    mn_ssize pos, off;
    if (from_cache <= from_start && from_cache <= from_end) { pos = ci; off = co; }
    else if (from_start <= from_end) { pos = 0; off = 0; }
    else { pos = s->length; off = s->nbytes; }
    const unsigned char *d = (const unsigned char *)s->data;
    while (pos < index) { off += utf8_seq_len(d[off]); pos++; }
    while (pos > index) {
        off--;
        while ((d[off] & 0xC0) == 0x80) off--;
        pos--;
    }
    s->cache_index = index;
    s->cache_offset = off;
    return off;
}

int32_t mn_str_char_at(mn_object *s, mn_ssize index)
{
    if (((mn_str *)s)->ascii) return (unsigned char)MN_STR_DATA(s)[index];
    return mn_utf8_decode(MN_STR_DATA(s) + mn_str_offset_of(s, index), NULL);
}

mn_object *mn_str_substring(mn_object *s, mn_ssize start, mn_ssize end)
{
    mn_ssize len = MN_STR_LENGTH(s);
    if (start < 0) start = 0;
    if (end > len) end = len;
    if (start >= end) return mn_str_from_utf8_unchecked("", 0);
    if (start == 0 && end == len && MN_STR_CHECK_EXACT(s)) return MN_NEW_REF(s);
    mn_ssize a = mn_str_offset_of(s, start);
    mn_ssize b = mn_str_offset_of(s, end);
    return mn_str_from_utf8_unchecked(MN_STR_DATA(s) + a, b - a);
}

static mn_object *str_item(mn_object *s, mn_ssize i)
{
    if ((i = mn_sequence_check_index(i, MN_STR_LENGTH(s), "string index out of range")) < 0)
        return NULL;
    if (((mn_str *)s)->ascii) return MN_NEW_REF(latin1_chars[(unsigned char)MN_STR_DATA(s)[i]]);
    mn_ssize off = mn_str_offset_of(s, i);
    int n = utf8_seq_len((unsigned char)MN_STR_DATA(s)[off]);
    return mn_str_from_utf8_unchecked(MN_STR_DATA(s) + off, n);
}

static mn_object *str_getitem(mn_object *s, mn_object *key)
{
    if (MN_SLICE_CHECK(key)) {
        mn_ssize start, stop, step;
        mn_ssize n = mn_slice_indices(key, MN_STR_LENGTH(s), &start, &stop, &step);
        if (n < 0) return NULL;
        if (step == 1) return mn_str_substring(s, start, start + n);
        if (n <= 0) return mn_str_from_utf8_unchecked("", 0);
        mn_str_builder sb;
        mn_sb_init(&sb);
        for (mn_ssize k = 0, i = start; k < n; k++, i += step)
            mn_sb_append_codepoint(&sb, mn_str_char_at(s, i));
        return mn_sb_finish(&sb);
    }
    if (!mn_index_check(key)) {
        mn_err_format(&mn_exc_TypeError, "string indices must be integers, not '%T'", key);
        return NULL;
    }
    mn_ssize i = mn_number_as_ssize(key, MN_OBJ(&mn_exc_IndexError));
    if (i == -1 && mn_err_occurred()) {
        if (mn_err_matches(&mn_exc_IndexError))
            mn_err_format(&mn_exc_IndexError, "cannot fit '%T' into an index-sized integer", key);
        return NULL;
    }
    return str_item(s, i);
}

static mn_ssize str_length(mn_object *s) { return MN_STR_LENGTH(s); }

/* ------------------------------------------------------------- concatenation */

mn_object *mn_str_concat(mn_object *a, mn_object *b)
{
    mn_ssize na = MN_STR_NBYTES(a), nb = MN_STR_NBYTES(b);
    if (nb == 0 && MN_STR_CHECK_EXACT(a)) return MN_NEW_REF(a);
    if (na == 0 && MN_STR_CHECK_EXACT(b)) return MN_NEW_REF(b);
    if (na > MN_SSIZE_MAX - nb) {
        mn_err_set_string(&mn_exc_OverflowError, "strings are too large to concat");
        return NULL;
    }
    mn_object *r = mn_str_new_raw(na + nb);
    if (!r) return NULL;
    memcpy(MN_STR_DATA(r), MN_STR_DATA(a), (size_t)na);
    memcpy(MN_STR_DATA(r) + na, MN_STR_DATA(b), (size_t)nb);
    mn_str *rs = (mn_str *)r;
    /* Lengths and ASCII-ness add up; no need to rescan. */
    rs->length = MN_STR_LENGTH(a) + MN_STR_LENGTH(b);
    rs->ascii = ((mn_str *)a)->ascii && ((mn_str *)b)->ascii;
    return r;
}

static mn_object *str_add(mn_object *a, mn_object *b)
{
    if (!MN_STR_CHECK(a)) MN_RETURN_NOT_IMPLEMENTED;
    if (!MN_STR_CHECK(b)) {
        mn_err_format(&mn_exc_TypeError, "can only concatenate str (not \"%s\") to str",
                      MN_TYPE_NAME(b));
        return NULL;
    }
    return mn_str_concat(a, b);
}

mn_object *mn_str_repeat(mn_object *s, mn_ssize n)
{
    if (n <= 0 || MN_STR_NBYTES(s) == 0) return mn_str_from_utf8_unchecked("", 0);
    if (n == 1 && MN_STR_CHECK_EXACT(s)) return MN_NEW_REF(s);
    mn_ssize nb = MN_STR_NBYTES(s);
    if (nb > MN_SSIZE_MAX / n) {
        mn_err_set_string(&mn_exc_OverflowError, "repeated string is too long");
        return NULL;
    }
    mn_object *r = mn_str_new_raw(nb * n);
    if (!r) return NULL;
    char *d = MN_STR_DATA(r);
    memcpy(d, MN_STR_DATA(s), (size_t)nb);
    /* Doubling copy: log2(n) memcpys. */
    mn_ssize done = nb, total = nb * n;
    while (done < total) {
        mn_ssize chunk = done <= total - done ? done : total - done;
        memcpy(d + done, d, (size_t)chunk);
        done += chunk;
    }
    ((mn_str *)r)->length = MN_STR_LENGTH(s) * n;
    ((mn_str *)r)->ascii = ((mn_str *)s)->ascii;
    return r;
}

static mn_object *str_mul(mn_object *a, mn_object *b)
{
    mn_object *s, *count;
    if (MN_STR_CHECK(a) && mn_index_check(b)) { s = a; count = b; }
    else if (MN_STR_CHECK(b) && mn_index_check(a)) { s = b; count = a; }
    else MN_RETURN_NOT_IMPLEMENTED;
    mn_ssize n = mn_number_as_ssize(count, MN_OBJ(&mn_exc_OverflowError));
    if (n == -1 && mn_err_occurred()) {
        if (mn_err_matches(&mn_exc_OverflowError))
            mn_err_format(&mn_exc_OverflowError, "cannot fit '%T' into an index-sized integer", count);
        return NULL;
    }
    return mn_str_repeat(s, n);
}

static mn_object *str_mod(mn_object *a, mn_object *b)
{
    if (!MN_STR_CHECK(a)) MN_RETURN_NOT_IMPLEMENTED;
    return mn_str_percent_format(a, b);
}

/* ------------------------------------------------------------ find / contains */

/* Byte-level substring search (UTF-8 is self-synchronising, so a byte match
 * of valid UTF-8 needle is always a code point match). */
mn_ssize mn_str_find_bytes(const char *hay, mn_ssize hn, const char *needle, mn_ssize nn)
{
    if (nn == 0) return 0;
    if (nn > hn) return -1;
    if (nn == 1) {
        const char *p = memchr(hay, needle[0], (size_t)hn);
        return p ? p - hay : -1;
    }
    const char *p = memmem(hay, (size_t)hn, needle, (size_t)nn);
    return p ? p - hay : -1;
}

static int str_contains(mn_object *s, mn_object *sub)
{
    if (!MN_STR_CHECK(sub)) {
        mn_err_format(&mn_exc_TypeError, "'in <string>' requires string as left operand, not %s",
                      MN_TYPE_NAME(sub));
        return -1;
    }
    return mn_str_find_bytes(MN_STR_DATA(s), MN_STR_NBYTES(s), MN_STR_DATA(sub), MN_STR_NBYTES(sub)) >= 0;
}

/* --------------------------------------------------------------------- repr */

int mn_unicode_isprintable(int32_t cp)
{
    if (cp == ' ') return 1;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO: case UTF8PROC_CATEGORY_CN: case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_ZS:
        return 0;
    default:
        return 1;
    }
}

/* Appends the escaped body of a str literal. `ascii_only` gives ascii(). */
static void append_escaped(mn_str_builder *sb, mn_object *s, char quote, int ascii_only)
{
    static const char hex[] = "0123456789abcdef";
    const char *p = MN_STR_DATA(s), *end = p + MN_STR_NBYTES(s);
    while (p < end) {
        int n;
        int32_t c = mn_utf8_decode(p, &n);
        if (c == quote || c == '\\') { mn_sb_append_char(sb, '\\'); mn_sb_append_char(sb, (char)c); }
        else if (c == '\t') mn_sb_append(sb, "\\t", 2);
        else if (c == '\n') mn_sb_append(sb, "\\n", 2);
        else if (c == '\r') mn_sb_append(sb, "\\r", 2);
        else if (c < ' ' || c == 0x7F) {
            char b[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            mn_sb_append(sb, b, 4);
        } else if (c < 0x7F) mn_sb_append_char(sb, (char)c);
        else if (!ascii_only && mn_unicode_isprintable(c)) mn_sb_append(sb, p, n);
        else if (c <= 0xFF) {
            char b[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            mn_sb_append(sb, b, 4);
        } else if (c <= 0xFFFF) {
            char b[6] = {'\\', 'u', hex[(c >> 12) & 15], hex[(c >> 8) & 15], hex[(c >> 4) & 15], hex[c & 15]};
            mn_sb_append(sb, b, 6);
        } else {
            char b[10] = {'\\', 'U', hex[(c >> 28) & 15], hex[(c >> 24) & 15], hex[(c >> 20) & 15],
                          hex[(c >> 16) & 15], hex[(c >> 12) & 15], hex[(c >> 8) & 15],
                          hex[(c >> 4) & 15], hex[c & 15]};
            mn_sb_append(sb, b, 10);
        }
        p += n;
    }
}

/* CPython's quote choice: single quotes unless the text contains a single
 * quote and no double quote. */
static mn_object *str_repr_impl(mn_object *s, int ascii_only)
{
    const char *d = MN_STR_DATA(s);
    mn_ssize n = MN_STR_NBYTES(s);
    int has_sq = memchr(d, '\'', (size_t)n) != NULL, has_dq = memchr(d, '"', (size_t)n) != NULL;
    char quote = (has_sq && !has_dq) ? '"' : '\'';
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_sb_append_char(&sb, quote);
    append_escaped(&sb, s, quote, ascii_only);
    mn_sb_append_char(&sb, quote);
    return mn_sb_finish(&sb);
}

mn_object *mn_str_repr(mn_object *s) { return str_repr_impl(s, 0); }
mn_object *mn_str_ascii_repr(mn_object *s) { return str_repr_impl(s, 1); }

/* ascii(o): repr(o) with non-ASCII characters escaped. */
mn_object *mn_str_ascii_of(mn_object *o)
{
    mn_object *r = mn_object_repr(o);
    if (!r) return NULL;
    if (((mn_str *)r)->ascii) return r;
    mn_str_builder sb;
    mn_sb_init(&sb);
    append_escaped(&sb, r, 0, 1);
    MN_DECREF(r);
    return mn_sb_finish(&sb);
}

static mn_object *str_str(mn_object *s)
{
    if (MN_STR_CHECK_EXACT(s)) return MN_NEW_REF(s);
    return mn_str_from_utf8_unchecked(MN_STR_DATA(s), MN_STR_NBYTES(s));
}

/* ----------------------------------------------------------------- iterator */

typedef struct str_iter {
    mn_object ob_base;
    mn_object *str;       /* NULL once exhausted */
    mn_ssize offset;      /* byte offset of the next code point */
} str_iter;

static mn_object *str_iter_new(mn_object *s)
{
    str_iter *it = (str_iter *)mn_type_generic_alloc(&mn_str_iter_type, 0);
    if (!it) return NULL;
    it->str = MN_NEW_REF(s);
    it->offset = 0;
    return MN_OBJ(it);
}

/* The iterator walks byte offsets directly: O(1) per step for any text. */
static mn_object *str_iter_next(mn_object *o)
{
    str_iter *it = (str_iter *)o;
    if (!it->str) return NULL;
    const char *d = MN_STR_DATA(it->str);
    if (it->offset >= MN_STR_NBYTES(it->str)) {
        MN_CLEAR(it->str);
        return NULL;
    }
    unsigned char c = (unsigned char)d[it->offset];
    if (c < 0x80) {
        it->offset++;
        return MN_NEW_REF(latin1_chars[c]);
    }
    int n = utf8_seq_len(c);
    mn_object *r = mn_str_from_utf8_unchecked(d + it->offset, n);
    it->offset += n;
    return r;
}

static void str_iter_dealloc(mn_object *o)
{
    str_iter *it = (str_iter *)o;
    MN_XDECREF(it->str);
    mn_object_free(o);
}

static mn_object *str_iter_self(mn_object *o) { return MN_NEW_REF(o); }

static mn_object *str_iter_length_hint(mn_object *self, MN_UNUSED mn_object *const *args,
                                       MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw)
{
    str_iter *it = (str_iter *)self;
    if (!it->str) return mn_int_from_ssize(0);
    mn_ssize rest;
    int ascii;
    rest = count_codepoints(MN_STR_DATA(it->str) + it->offset, MN_STR_NBYTES(it->str) - it->offset, &ascii);
    return mn_int_from_ssize(rest);
}

static mn_method_def str_iter_methods[] = {
    {"__length_hint__", str_iter_length_hint, MN_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

mn_type mn_str_iter_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "str_ascii_iterator",
    .basicsize = sizeof(str_iter),
    .dealloc = str_iter_dealloc,
    .iter = str_iter_self,
    .iternext = str_iter_next,
    .methods = str_iter_methods,
};

/* --------------------------------------------------------------- the builder */

void mn_sb_init(mn_str_builder *sb)
{
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    sb->failed = 0;
}

static int sb_reserve(mn_str_builder *sb, mn_ssize extra)
{
    if (sb->failed) return -1;
    if (extra > MN_SSIZE_MAX / 2 - sb->len) { sb->failed = 1; mn_err_no_memory(); return -1; }
    mn_ssize need = sb->len + extra + 1;
    if (need <= sb->cap) return 0;
    mn_ssize cap = sb->cap ? sb->cap : 64;
    while (cap < need) cap *= 2;
    char *nb = mn_mem_realloc(sb->buf, (size_t)cap);
    if (!nb) { sb->failed = 1; mn_err_no_memory(); return -1; }
    sb->buf = nb;
    sb->cap = cap;
    return 0;
}

void mn_sb_append(mn_str_builder *sb, const char *s, mn_ssize n)
{
    if (n <= 0 || sb_reserve(sb, n) < 0) return;
    memcpy(sb->buf + sb->len, s, (size_t)n);
    sb->len += n;
}

void mn_sb_append_cstr(mn_str_builder *sb, const char *s) { mn_sb_append(sb, s, (mn_ssize)strlen(s)); }

void mn_sb_append_char(mn_str_builder *sb, char c)
{
    if (sb->len + 1 < sb->cap && !sb->failed) { sb->buf[sb->len++] = c; return; }
    mn_sb_append(sb, &c, 1);
}

void mn_sb_append_codepoint(mn_str_builder *sb, int32_t cp)
{
    char b[4];
    mn_sb_append(sb, b, mn_utf8_encode(cp, b));
}

int mn_sb_append_str(mn_str_builder *sb, mn_object *s)
{
    if (!MN_STR_CHECK(s)) return -1;
    mn_sb_append(sb, MN_STR_DATA(s), MN_STR_NBYTES(s));
    return sb->failed ? -1 : 0;
}

int mn_sb_append_repr(mn_str_builder *sb, mn_object *o)
{
    mn_object *r = mn_object_repr(o);
    if (!r) { sb->failed = 1; return -1; }
    mn_sb_append(sb, MN_STR_DATA(r), MN_STR_NBYTES(r));
    MN_DECREF(r);
    return sb->failed ? -1 : 0;
}

int mn_sb_append_strobj(mn_str_builder *sb, mn_object *o)
{
    if (MN_STR_CHECK(o)) return mn_sb_append_str(sb, o);
    mn_object *r = mn_object_str(o);
    if (!r) { sb->failed = 1; return -1; }
    mn_sb_append(sb, MN_STR_DATA(r), MN_STR_NBYTES(r));
    MN_DECREF(r);
    return sb->failed ? -1 : 0;
}

mn_object *mn_sb_finish(mn_str_builder *sb)
{
    if (sb->failed) {
        mn_sb_discard(sb);
        if (!mn_err_occurred()) mn_err_no_memory();
        return NULL;
    }
    mn_object *r = mn_str_from_utf8_unchecked(sb->buf ? sb->buf : "", sb->len);
    mn_sb_discard(sb);
    return r;
}

void mn_sb_discard(mn_str_builder *sb)
{
    mn_mem_free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

/* ------------------------------------------------------- mn_str_from_format */

/* Appends at most `prec` code points of UTF-8 text s (prec < 0: all), padded
 * on the left to `width` code points. */
static void append_padded(mn_str_builder *sb, const char *s, mn_ssize n, int width, int prec)
{
    mn_ssize cps = 0, bytes = 0;
    while (bytes < n && (prec < 0 || cps < prec)) {
        bytes += utf8_seq_len((unsigned char)s[bytes]);
        cps++;
    }
    if (bytes > n) bytes = n;
    for (mn_ssize k = cps; k < width; k++) mn_sb_append_char(sb, ' ');
    mn_sb_append(sb, s, bytes);
}

static int append_object(mn_str_builder *sb, char conv, mn_object *o, int width, int prec)
{
    mn_object *r;
    if (!o) { mn_sb_append_cstr(sb, "<NULL>"); return 0; }
    switch (conv) {
    case 'R': r = mn_object_repr(o); break;
    case 'S': r = mn_object_str(o); break;
    case 'A': r = mn_object_ascii(o); break;
    case 'T': r = mn_str_from_cstr(MN_TYPE_NAME(o)); break;
    default:  r = MN_NEW_REF(o); break;   /* %U */
    }
    if (!r) return -1;
    append_padded(sb, MN_STR_DATA(r), MN_STR_NBYTES(r), width, prec);
    MN_DECREF(r);
    return 0;
}

mn_object *mn_str_from_format_v(const char *fmt, va_list ap_in)
{
    mn_str_builder sb;
    va_list ap;
    va_copy(ap, ap_in);
    mn_sb_init(&sb);
    const char *p = fmt;
    while (*p) {
        if (*p != '%') {
            const char *q = p;
            while (*q && *q != '%') q++;
            mn_sb_append(&sb, p, q - p);
            p = q;
            continue;
        }
        const char *start = p++;
        if (*p == '%') { mn_sb_append_char(&sb, '%'); p++; continue; }
        /* flags / width / precision */
        int zero = 0, width = -1, prec = -1, leftalign = 0;
        while (*p == '0' || *p == '-') { if (*p == '0') zero = 1; else leftalign = 1; p++; }
        if (*p == '*') { width = va_arg(ap, int); p++; }
        else if (*p >= '0' && *p <= '9') { width = 0; while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0'); }
        if (*p == '.') {
            p++;
            if (*p == '*') { prec = va_arg(ap, int); p++; }
            else { prec = 0; while (*p >= '0' && *p <= '9') prec = prec * 10 + (*p++ - '0'); }
        }
        /* length modifiers */
        int lng = 0, sz = 0, ll = 0;
        if (*p == 'l') { p++; if (*p == 'l') { ll = 1; p++; } else lng = 1; }
        else if (*p == 'z') { sz = 1; p++; }
        else if (*p == 't') { sz = 1; p++; }
        char conv = *p;
        if (!conv) { mn_sb_append_cstr(&sb, start); break; }
        p++;
        char buf[64];
        char cfmt[16];
        switch (conv) {
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
            int signed_conv = conv == 'd' || conv == 'i';
            /* build "%[0][-][*]ll<conv>" */
            char *f = cfmt;
            *f++ = '%';
            if (zero) *f++ = '0';
            if (leftalign) *f++ = '-';
            if (width >= 0) *f++ = '*';
            *f++ = 'l'; *f++ = 'l'; *f++ = conv; *f = 0;
            if (signed_conv) {
                long long v = ll ? va_arg(ap, long long) : lng ? va_arg(ap, long) :
                              sz ? (long long)va_arg(ap, mn_ssize) : va_arg(ap, int);
                if (width >= 0) snprintf(buf, sizeof buf, cfmt, width, v);
                else snprintf(buf, sizeof buf, cfmt, v);
            } else {
                unsigned long long v = ll ? va_arg(ap, unsigned long long) : lng ? va_arg(ap, unsigned long) :
                                       sz ? (unsigned long long)va_arg(ap, size_t) : va_arg(ap, unsigned int);
                if (width >= 0) snprintf(buf, sizeof buf, cfmt, width, v);
                else snprintf(buf, sizeof buf, cfmt, v);
            }
            mn_sb_append_cstr(&sb, buf);
            break;
        }
        case 'c': {
            int cp = va_arg(ap, int);
            if (cp < 0 || cp > 0x10FFFF) {
                mn_sb_discard(&sb);
                va_end(ap);
                mn_err_set_string(&mn_exc_OverflowError, "character argument not in range(0x110000)");
                return NULL;
            }
            mn_sb_append_codepoint(&sb, cp);
            break;
        }
        case 'p': {
            void *ptr = va_arg(ap, void *);
            snprintf(buf, sizeof buf, "0x%" PRIxPTR, (uintptr_t)ptr);
            mn_sb_append_cstr(&sb, buf);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            append_padded(&sb, s, (mn_ssize)strlen(s), width, prec);
            break;
        }
        case 'R': case 'S': case 'A': case 'T': case 'U': {
            mn_object *o = va_arg(ap, mn_object *);
            if (append_object(&sb, conv, o, width, prec) < 0) {
                mn_sb_discard(&sb);
                va_end(ap);
                return NULL;
            }
            break;
        }
        default:
            /* Unknown conversion: copy the rest of the format verbatim, as
             * CPython does, rather than guess at the va_list. */
            mn_sb_append_cstr(&sb, start);
            p = start + strlen(start);
            break;
        }
    }
    va_end(ap);
    return mn_sb_finish(&sb);
}

mn_object *mn_str_from_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mn_object *r = mn_str_from_format_v(fmt, ap);
    va_end(ap);
    return r;
}

/* ---------------------------------------------------------------- join */

mn_object *mn_str_join(mn_object *sep, mn_object *iterable)
{
    mn_object *seq;
    /* Materialise into a list/tuple first so we can size the result once. */
    if (MN_LIST_CHECK_EXACT(iterable) || MN_TUPLE_CHECK_EXACT(iterable)) seq = MN_NEW_REF(iterable);
    else {
        seq = mn_list_from_iterable(iterable);
        if (!seq) {
            if (mn_err_matches(&mn_exc_TypeError) && !mn_callable_check(iterable) &&
                !MN_TYPE(iterable)->iter) {
                mn_err_set_string(&mn_exc_TypeError, "can only join an iterable");
            }
            return NULL;
        }
    }
    mn_ssize n = MN_LIST_CHECK_EXACT(seq) ? MN_LIST_SIZE(seq) : MN_TUPLE_SIZE(seq);
    mn_object **items = MN_LIST_CHECK_EXACT(seq) ? MN_LIST_ITEMS(seq) : MN_TUPLE_ITEMS(seq);
    if (n == 1 && MN_STR_CHECK_EXACT(items[0])) {
        mn_object *r = MN_NEW_REF(items[0]);
        MN_DECREF(seq);
        return r;
    }
    mn_ssize total = 0, seplen = MN_STR_NBYTES(sep), cps = 0;
    int ascii = ((mn_str *)sep)->ascii;
    for (mn_ssize i = 0; i < n; i++) {
        if (!MN_STR_CHECK(items[i])) {
            mn_err_format(&mn_exc_TypeError, "sequence item %zd: expected str instance, %s found",
                          i, MN_TYPE_NAME(items[i]));
            MN_DECREF(seq);
            return NULL;
        }
        total += MN_STR_NBYTES(items[i]) + (i ? seplen : 0);
        cps += MN_STR_LENGTH(items[i]) + (i ? MN_STR_LENGTH(sep) : 0);
        ascii &= ((mn_str *)items[i])->ascii;
    }
    mn_object *r = mn_str_new_raw(total);
    if (!r) { MN_DECREF(seq); return NULL; }
    char *d = MN_STR_DATA(r);
    for (mn_ssize i = 0; i < n; i++) {
        if (i && seplen) { memcpy(d, MN_STR_DATA(sep), (size_t)seplen); d += seplen; }
        memcpy(d, MN_STR_DATA(items[i]), (size_t)MN_STR_NBYTES(items[i]));
        d += MN_STR_NBYTES(items[i]);
    }
    ((mn_str *)r)->length = cps;
    ((mn_str *)r)->ascii = (uint8_t)ascii;
    MN_DECREF(seq);
    if (total == 0) { MN_DECREF(r); return mn_str_from_utf8_unchecked("", 0); }
    return r;
}

/* ----------------------------------------------------------- the type object */

static void str_dealloc(mn_object *o)
{
    mn_object_free(o);
}

static mn_hash str_hash_slot(mn_object *o) { return mn_str_hash(o); }

static mn_object *str_iter_slot(mn_object *s) { return str_iter_new(s); }

static mn_number_methods str_as_number = {
    .binop = {
        [MN_BINOP_ADD] = str_add,
        [MN_BINOP_MULTIPLY] = str_mul,
        [MN_BINOP_REMAINDER] = str_mod,
    },
};

mn_type mn_str_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "str",
    .doc = "str(object='') -> str\nstr(bytes_or_buffer[, encoding[, errors]]) -> str",
    .basicsize = sizeof(mn_str),
    .itemsize = 1,
    .flags = MN_TPFLAGS_BASETYPE | MN_TPFLAGS_STR_SUBCLASS | MN_TPFLAGS_IMMUTABLETYPE,
    .dealloc = str_dealloc,
    .repr = mn_str_repr,
    .str = str_str,
    .hash = str_hash_slot,
    .richcompare = str_richcompare,
    .iter = str_iter_slot,
    .length = str_length,
    .getitem = str_getitem,
    .contains = str_contains,
    .as_number = &str_as_number,
    .methods = mn_str_methods,
    .new_ = mn_str_new_slot,
};

int mn_str_init_types(void)
{
    /* The singletons come first: readying the types interns their method
     * names, and one-letter names must intern the singleton objects. */
    if (!empty_str) {
        empty_str = mn_str_new_raw(0);
        if (!empty_str) return -1;
        mn_str_finish(empty_str);
    }
    for (int c = 0; c < 256; c++) {
        if (latin1_chars[c]) continue;
        char b[2];
        int n = mn_utf8_encode(c, b);
        mn_object *s = mn_str_new_raw(n);
        if (!s) return -1;
        memcpy(MN_STR_DATA(s), b, (size_t)n);
        mn_str_finish(s);
        latin1_chars[c] = s;
    }
    if (mn_type_ready(&mn_str_type) < 0 || mn_type_ready(&mn_str_iter_type) < 0)
        return -1;
    return 0;
}

void mn_str_fini(void)
{
    for (mn_ssize i = 0; i <= intern_mask; i++) {
        mn_str *s = intern_table[i];
        if (s) {
            intern_table[i] = NULL;
            s->interned = 0;
            MN_DECREF(s);
        }
    }
    mn_mem_free(intern_table);
    intern_table = NULL;
    intern_mask = -1;
    intern_used = 0;
    for (int c = 0; c < 256; c++) MN_CLEAR(latin1_chars[c]);
    MN_CLEAR(empty_str);
}

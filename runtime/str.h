/* runtime/str.h — the str type: immutable Unicode text stored as UTF-8.
 *
 * Layout: the UTF-8 bytes live inline after the header, NUL-terminated.
 * `length` caches the number of code points, `ascii` says every byte is
 * < 0x80 (then indexing is O(1)); for non-ASCII strings indexing walks from
 * a cached (index, byte offset) position so a forward scan costs O(1) per
 * step. Hash is cached (-1 = not computed yet). Identifiers and attribute
 * names are interned (one object per distinct text) so name lookups can
 * compare pointers first.
 */
#ifndef MN_STR_H
#define MN_STR_H

#include <stdarg.h>
#include "runtime/object.h"

typedef struct mn_str {
    mn_object ob_base;
    mn_ssize length;        /* code points */
    mn_ssize nbytes;        /* UTF-8 bytes, without the trailing NUL */
    mn_hash hash;           /* -1 until computed */
    uint8_t ascii;          /* all bytes < 0x80 */
    uint8_t interned;
    mn_ssize cache_index;   /* last code point index looked up (non-ASCII) */
    mn_ssize cache_offset;  /* ... and its byte offset */
    char data[];            /* nbytes + 1 bytes, NUL-terminated */
} mn_str;

extern mn_type mn_str_type, mn_str_iter_type;
#define MN_STR_CHECK(o) MN_TYPE_HAS_FLAG(MN_TYPE(o), MN_TPFLAGS_STR_SUBCLASS)
#define MN_STR_CHECK_EXACT(o) (MN_TYPE(o) == &mn_str_type)
#define MN_STR_DATA(o)   (((mn_str *)(o))->data)
#define MN_STR_NBYTES(o) (((mn_str *)(o))->nbytes)
#define MN_STR_LENGTH(o) (((mn_str *)(o))->length)

/* --- core API --- */
/* From UTF-8 that is known valid (no check). */
mn_object *mn_str_from_utf8_unchecked(const char *s, mn_ssize nbytes);
/* From UTF-8 with validation: UnicodeDecodeError on bad input. */
mn_object *mn_str_from_utf8(const char *s, mn_ssize nbytes);
mn_object *mn_str_from_cstr(const char *s);          /* valid UTF-8 C string */
mn_object *mn_str_from_codepoint(int32_t cp);        /* chr(cp) */
/* printf-like: %s %d %i %u %ld %lu %zd %zu %lld %x %c %p %% and, for
 * objects: %R repr(obj), %S str(obj), %U an mn_str*, %T type name of obj,
 * %A ascii(obj). Width/precision are supported for %s only (%.200s). */
mn_object *mn_str_from_format(const char *fmt, ...);
mn_object *mn_str_from_format_v(const char *fmt, va_list ap);
/* Allocates an uninitialised str of nbytes (fill data, then call
 * mn_str_finish to compute length/ascii). */
mn_object *mn_str_new_raw(mn_ssize nbytes);
void       mn_str_finish(mn_object *s);
const char *mn_str_as_utf8(mn_object *s);            /* borrowed, NUL-terminated */
mn_hash    mn_str_hash(mn_object *s);
int        mn_str_equal(mn_object *a, mn_object *b);  /* both str; 1/0 */
int        mn_str_equal_cstr(mn_object *a, const char *s);
int        mn_str_compare(mn_object *a, mn_object *b);   /* <0, 0, >0 by code point */
mn_object *mn_str_concat(mn_object *a, mn_object *b);
mn_object *mn_str_join(mn_object *sep, mn_object *iterable);
mn_object *mn_str_substring(mn_object *s, mn_ssize start, mn_ssize end); /* code point indices */
int32_t    mn_str_char_at(mn_object *s, mn_ssize index); /* code point; index in range */
/* Interning: returns the canonical object for this text (new reference). */
mn_object *mn_str_intern(mn_object *s);              /* steals s */
mn_object *mn_str_intern_cstr(const char *s);        /* new reference */
/* Python repr of a str (quotes and escapes chosen as CPython does). */
mn_object *mn_str_repr(mn_object *s);
/* format(s, spec) for str, via runtime/numfmt. */
mn_object *mn_str_format_spec(mn_object *s, mn_object *spec);
/* 'fmt' % args */
mn_object *mn_str_percent_format(mn_object *fmt, mn_object *args);
/* str.format(*args, **kwargs) */
mn_object *mn_str_format_method(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames);
/* Decodes bytes with a codec ('utf-8', 'ascii', 'latin-1' and their
 * aliases) and an error handler ('strict', 'ignore', 'replace',
 * 'backslashreplace'); NULL encoding/errors mean 'utf-8'/'strict'. Used by
 * str(b, encoding) and bytes.decode. */
mn_object *mn_str_decode(const char *data, mn_ssize n, const char *encoding, const char *errors);
/* str.isspace() for one code point (also used by the lexer/int parsing). */
int        mn_unicode_isspace(int32_t cp);
/* Identifier check per Python rules (str.isidentifier). */
int        mn_str_is_identifier(mn_object *s);

/* A growable UTF-8 buffer for building strings (repr, join, format...). */
typedef struct mn_str_builder {
    char *buf;
    mn_ssize len, cap;
    int failed;   /* an allocation failed (MemoryError set) */
} mn_str_builder;
void mn_sb_init(mn_str_builder *sb);
void mn_sb_append(mn_str_builder *sb, const char *s, mn_ssize n);
void mn_sb_append_cstr(mn_str_builder *sb, const char *s);
void mn_sb_append_char(mn_str_builder *sb, char c);
void mn_sb_append_codepoint(mn_str_builder *sb, int32_t cp);
int  mn_sb_append_str(mn_str_builder *sb, mn_object *str);   /* -1 if not a str */
int  mn_sb_append_repr(mn_str_builder *sb, mn_object *o);    /* repr(o); -1 on error */
int  mn_sb_append_strobj(mn_str_builder *sb, mn_object *o);  /* str(o); -1 on error */
mn_object *mn_sb_finish(mn_str_builder *sb);  /* returns the str, frees the buffer */
void mn_sb_discard(mn_str_builder *sb);

int mn_str_init_types(void);   /* called by mn_runtime_init */
void mn_str_fini(void);        /* drops the interned table */

#endif /* MN_STR_H */

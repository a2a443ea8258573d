/* runtime/str_internal.h — helpers shared by the files of the str type
 * (str.c, str_methods.c, strformat.c). Not a public header. */
#ifndef MN_STR_INTERNAL_H
#define MN_STR_INTERNAL_H

#include "runtime/str.h"

/* Decodes one code point of valid UTF-8 at p; *len gets its byte length. */
int32_t  mn_utf8_decode(const char *p, int *len);
/* Encodes cp into out (4 bytes room); returns the byte count. */
int      mn_utf8_encode(int32_t cp, char *out);
/* Byte offset of code point `index` (0 <= index <= length); updates the
 * (index, offset) cache of non-ASCII strings. */
mn_ssize mn_str_offset_of(mn_object *s, mn_ssize index);
/* Byte-level substring search; -1 if absent. */
mn_ssize mn_str_find_bytes(const char *hay, mn_ssize hn, const char *needle, mn_ssize nn);
mn_object *mn_str_repeat(mn_object *s, mn_ssize n);
mn_object *mn_str_ascii_repr(mn_object *s);
mn_object *mn_str_ascii_of(mn_object *o);
int      mn_unicode_isprintable(int32_t cp);
/* 1 and fills start/end/reason if the bytes are not valid UTF-8. */
int      mn_str_utf8_error(const char *s, mn_ssize nbytes, mn_ssize *start, mn_ssize *end,
                           const char **reason);

/* format_map(mapping) */
mn_object *mn_str_format_mapping(mn_object *self, mn_object *mapping);

extern mn_method_def mn_str_methods[];
mn_object *mn_str_new_slot(mn_type *type, mn_object *const *args, mn_ssize nargs, mn_object *kwnames);

#endif /* MN_STR_INTERNAL_H */

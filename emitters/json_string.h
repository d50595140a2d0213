/* Internal: the JSON string writer the json emitter and the diagnostics'
   JSON form share. Not part of the public API (include/ptconv.h). */
#ifndef PTC_JSON_STRING_H
#define PTC_JSON_STRING_H

#include <stddef.h>

#include "ptconv.h"

/* Write `len` bytes of UTF-8 as a JSON string literal, quotes included. */
void ptc_json_write_string(ptc_sink *s, const char *text, size_t len);

/* Room ptc_json_escape_into needs for `len` bytes: every byte as \u00XX,
   the quotes, and the spare its whole-vector stores may run into. */
#define PTC_JSON_ROOM(len) (6 * (size_t)(len) + 32)
/* The same literal written at `p`, which has PTC_JSON_ROOM(len) bytes;
   returns the end of what it wrote. */
char *ptc_json_escape_into(char *p, const char *text, size_t len);

#endif

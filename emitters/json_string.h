/* Internal: the JSON string writer the json emitter and the diagnostics'
   JSON form share. Not part of the public API (include/ptconv.h). */
#ifndef PTC_JSON_STRING_H
#define PTC_JSON_STRING_H

#include <stddef.h>

#include "ptconv.h"

/* Write `len` bytes of UTF-8 as a JSON string literal, quotes included. */
void ptc_json_write_string(ptc_sink *s, const char *text, size_t len);

#endif

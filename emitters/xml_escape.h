/* Internal: XML escaping for emitters/xml.c (emitters/xml_escape.c). */
#ifndef PTC_XML_ESCAPE_H
#define PTC_XML_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "ptconv.h"

/* Room ptc_xml_escape_into needs for `len` bytes: at most 6 out per byte
   in ("&quot;"), and the spare its whole-vector stores may run into. */
#define PTC_XML_ROOM(len) (6 * (size_t)(len) + 32)

/* `len` bytes made XML-safe and escaped (in attribute values also TAB and
   LF), written at p, which has PTC_XML_ROOM(len) bytes; returns the end. */
char *ptc_xml_escape_into(char *p, const char *text, size_t len, bool attribute);

/* The same bytes through the sink's write functions (any length). */
void ptc_xml_write_escaped(ptc_sink *out, ptc_str s, bool attribute);

#endif

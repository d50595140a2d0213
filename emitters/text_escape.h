/* Internal: one cell's text for the text emitter (emitters/text_escape.c). */
#ifndef PTC_TEXT_ESCAPE_H
#define PTC_TEXT_ESCAPE_H

#include <stdbool.h>

#include "ptconv.h"

/* A one-line cell: "\n" becomes "<br>"; TAB, CR, VT and FF (which
   normalised text does not hold) a space, so a stray one cannot split a
   cell or a line. `whole_cell`: text that starts with '"' is written
   quoted, inner quotes doubled, so it does not read back as an
   Excel-quoted cell. Nothing when absent. */
void ptc_text_put(ptc_sink *out, ptc_str s, bool whole_cell);

/* `v` in decimal, zero-padded to `width` characters (the sign included), as
   printf's "%0*ld" writes it. */
void ptc_text_put_long(ptc_sink *out, long v, int width);

#endif

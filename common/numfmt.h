#ifndef PTC_NUMFMT_H
#define PTC_NUMFMT_H

#include <stddef.h>

/* Shortest decimal that reads back as `v` ("12.4", "936", "1e+21");
   non-finite values are written "0". */
void ptc_format_number(double v, char buf[32]);
/* The same, returning the length written (without the NUL). */
size_t ptc_format_number_len(double v, char buf[32]);
/* The printf/strtod definition the fast paths are tested against. */
void ptc_format_number_reference(double v, char buf[32]);

#endif

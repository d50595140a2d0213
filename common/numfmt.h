#ifndef PTC_NUMFMT_H
#define PTC_NUMFMT_H

#include <stddef.h>
#include <string.h>

/* Shortest decimal that reads back as `v` ("12.4", "936", "1e+21");
   non-finite values are written "0". */
void ptc_format_number(double v, char buf[32]);
/* The same, returning the length written (without the NUL). */
size_t ptc_format_number_len(double v, char buf[32]);
/* The printf/strtod definition the fast paths are tested against. */
void ptc_format_number_reference(double v, char buf[32]);

/* "00" "01" … "99": the digits of 0..99 in pairs, for ptc_put_long. */
extern const char ptc_digits2[200];

/* The decimal digits of v, after '-' when negative, at p (at most 20
   bytes), as "%ld" writes them; returns the end. Inline, two digits a
   step: emitters write a line number on nearly every element. */
static inline char *ptc_put_long(char *p, long v) {
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    if (v < 0) *p++ = '-';
    size_t n;
    if (u < 10000) {
        n = u < 100 ? (u < 10 ? 1 : 2) : (u < 1000 ? 3 : 4);
    } else {
        n = 5;
        for (unsigned long t = u / 100000; t; t /= 10) n++;
    }
    char *e = p + n;
    while (u >= 100) {
        unsigned long q = u / 100;
        e -= 2;
        memcpy(e, ptc_digits2 + 2 * (u - q * 100), 2);
        u = q;
    }
    if (u >= 10) memcpy(e - 2, ptc_digits2 + 2 * u, 2);
    else e[-1] = (char)('0' + u);
    return p + n;
}

#endif

/*
 * Short byte-string equality without a call (internal). The texts compared
 * where this is used (rule-memo keys, assembler memos, category cells) are
 * a few words long: a call of memcmp would cost more than the compare and
 * make the caller save registers.
 */
#ifndef PTC_COMMON_BYTES_H
#define PTC_COMMON_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* memcmp(a, b, n) == 0: words that may overlap, each byte compared at
   least once; reads only a[0..n) and b[0..n). */
static inline bool ptc_short_same(const char *a, const char *b, size_t n) {
    if (n >= 8) {
        uint64_t x, y, d = 0;
        for (size_t i = 0; i + 8 < n; i += 8) {
            memcpy(&x, a + i, 8), memcpy(&y, b + i, 8);
            d |= x ^ y;
        }
        memcpy(&x, a + n - 8, 8), memcpy(&y, b + n - 8, 8);
        return (d | (x ^ y)) == 0;
    }
    if (n >= 4) {
        uint32_t x0, x1, y0, y1;
        memcpy(&x0, a, 4), memcpy(&y0, b, 4);
        memcpy(&x1, a + n - 4, 4), memcpy(&y1, b + n - 4, 4);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    /* 1..3 bytes: the first, middle and last cover them all */
    return n == 0 || (a[0] == b[0] && a[n >> 1] == b[n >> 1] && a[n - 1] == b[n - 1]);
}

#endif

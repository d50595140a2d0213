/*
 * UTF-8 primitives shared by the decoder and the encoding detector: the
 * classification of one sequence (Unicode's maximal subparts) and a skip
 * over ASCII eight bytes at a time. Internal to parsers/.
 */
#ifndef PTC_UTF8_H
#define PTC_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum seq_status { SEQ_VALID, SEQ_INVALID, SEQ_INCOMPLETE };

/*
 * Classifies the sequence starting at p[0] >= 0x80. *len: its length when
 * valid; the length of the maximal invalid subpart (Unicode "substitution of
 * maximal subparts") when invalid; the available valid prefix when
 * incomplete.
 */
static inline enum seq_status utf8_sequence(const unsigned char *p, size_t avail, size_t *len)
{
    unsigned char lead = p[0], lo = 0x80, hi = 0xBF;
    size_t need;
    *len = 1;
    if (lead < 0xC2) /* continuation byte, or overlong C0/C1 lead */
        return SEQ_INVALID;
    if (lead < 0xE0) {
        need = 2;
    } else if (lead < 0xF0) {
        need = 3;
        if (lead == 0xE0)
            lo = 0xA0; /* overlong */
        else if (lead == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (lead < 0xF5) {
        need = 4;
        if (lead == 0xF0)
            lo = 0x90; /* overlong */
        else if (lead == 0xF4)
            hi = 0x8F; /* beyond U+10FFFF */
    } else {
        return SEQ_INVALID;
    }
    for (size_t i = 1; i < need; i++) {
        if (i >= avail) {
            *len = avail;
            return SEQ_INCOMPLETE;
        }
        if (p[i] < lo || p[i] > hi) {
            *len = i;
            return SEQ_INVALID;
        }
        lo = 0x80, hi = 0xBF;
    }
    *len = need;
    return SEQ_VALID;
}

static inline const unsigned char *skip_ascii(const unsigned char *q, const unsigned char *end)
{
    while (end - q >= 8) {
        uint64_t word;
        memcpy(&word, q, 8);
        if (word & 0x8080808080808080ull)
            break;
        q += 8;
    }
    while (q < end && *q < 0x80)
        q++;
    return q;
}

#endif

/*
 * UTF-8 primitives shared by the decoder and the encoding detector: the
 * classification of one sequence (Unicode's maximal subparts) and a skip
 * over ASCII eight bytes at a time, and a skip over the common characters
 * sixteen bytes at a time. Internal to parsers/.
 */
#ifndef PTC_UTF8_H
#define PTC_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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


#ifdef __SSE2__
/* The kinds of the 16 bytes at p, bit i for byte i: any of 80-FF, a
   continuation (80-BF), a lead of 3 bytes that restricts no following byte
   (E1-EC, EE-EF). */
static inline void utf8_kinds16_3(__m128i x, unsigned *high, unsigned *cont, unsigned *lead3)
{
    /* as signed bytes: 80-BF < C0 */
    const __m128i below_c0 = _mm_set1_epi8((char)0xC0), high4 = _mm_set1_epi8((char)0xF0),
                  e0 = _mm_set1_epi8((char)0xE0), ed = _mm_set1_epi8((char)0xED);
    *high = (unsigned)_mm_movemask_epi8(x);
    *cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, below_c0));
    *lead3 = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(x, e0), _mm_cmpeq_epi8(x, ed)),
                                                          _mm_cmpeq_epi8(_mm_and_si128(x, high4), e0)));
}

/* utf8_kinds16_3, and the leads of 2 bytes (C2-DF). */
static inline void utf8_kinds16(const unsigned char *p, unsigned *high, unsigned *cont, unsigned *lead2,
                                unsigned *lead3)
{
    /* as signed bytes: C0, C1 < C2-DF < E0 */
    const __m128i above_c1 = _mm_set1_epi8((char)0xC1), below_e0 = _mm_set1_epi8((char)0xE0);
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    utf8_kinds16_3(x, high, cont, lead3);
    *lead2 = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(x, above_c1), _mm_cmplt_epi8(x, below_e0)));
}
#endif

/*
 * From q (at a character boundary), skips whole blocks of 32 or 16 bytes
 * made only of ASCII, 2-byte characters (leads C2-DF) and 3-byte characters
 * with leads E1-EC or EE-EF (no overlong or surrogate form is possible
 * there), which may straddle the blocks. Returns a character boundary;
 * everything before it is valid UTF-8, so utf8_sequence stays the
 * definition for the rest (and for every invalid sequence). Without SSE2,
 * returns q.
 */
static inline const unsigned char *utf8_skip_common(const unsigned char *q, const unsigned char *end)
{
#ifdef __SSE2__
    /* Each lead claims the bits of its continuations, which must be exactly
       the continuation bytes; a claim past the block is carried into the
       next. Two blocks a step while they are ASCII and 3-byte characters
       only (the text is Chinese: a 2-byte character is rare, and not asked
       for there), then one of any of the three, so that a block with
       something else stops the skip only where it is. */
    uint64_t carry = 0;
    for (;;) {
        while (end - q >= 32) {
            unsigned h0, c0, b0, h1, c1, b1;
            utf8_kinds16_3(_mm_loadu_si128((const __m128i *)(const void *)q), &h0, &c0, &b0);
            utf8_kinds16_3(_mm_loadu_si128((const __m128i *)(const void *)(q + 16)), &h1, &c1, &b1);
            uint64_t high = h0 | (uint64_t)h1 << 16, cont = c0 | (uint64_t)c1 << 16,
                     lead3 = b0 | (uint64_t)b1 << 16;
            uint64_t claimed = carry | lead3 << 1 | lead3 << 2;
            if ((cont | lead3) != high || (claimed & 0xFFFFFFFFu) != cont)
                break;
            carry = claimed >> 32;
            q += 32;
        }
        if (end - q < 16)
            break;
        unsigned high, cont, lead2, lead3;
        utf8_kinds16(q, &high, &cont, &lead2, &lead3);
        uint64_t claimed = carry | (uint64_t)lead2 << 1 | (uint64_t)lead3 << 1 | (uint64_t)lead3 << 2;
        if ((cont | lead2 | lead3) != high || (claimed & 0xFFFFu) != cont)
            break;
        carry = claimed >> 16;
        q += 16;
    }
    if (carry) /* back to the lead of the character cut at q */
        q -= q[-1] >= 0xC0 ? 1 : 2;
#else
    (void)end;
#endif
    return q;
}

#endif

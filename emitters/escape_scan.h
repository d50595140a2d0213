/*
 * The scan the JSON, HTML and text escapers share (internal). Nearly every
 * string they write is clean UTF-8 text (CJK, digits, punctuation), so the
 * work is finding the rare byte that needs a look and copying the rest in
 * whole vectors. Each escaper names the bytes it must look at (an
 * escape_scan_set) and does the look itself; what the set flags that needs
 * nothing (JSON's 0xE2 not leading U+2028/U+2029, say) the escaper copies.
 *
 * The set is a compile-time constant at every call, so the compare loops
 * below unroll to the escaper's own instructions: nothing is paid for
 * sharing them.
 */
#ifndef PTC_ESCAPE_SCAN_H
#define PTC_ESCAPE_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The bytes an escaper must look at: every byte below `below` (unsigned)
   and the `n` listed ones. */
typedef struct {
    unsigned char below;
    unsigned char n;
    unsigned char bytes[8];
} escape_scan_set;

/* Nonzero when any of the 8 bytes of `x` is in `set`. A borrow only runs
   towards higher bytes, so the lowest flagged byte is exact; flags above it
   may not be. */
static inline uint64_t escape_scan_word(uint64_t x, const escape_scan_set *set) {
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t flags = (x - ones * set->below) & ~x & high;
    for (unsigned k = 0; k < set->n; k++) {
        uint64_t v = x ^ (ones * set->bytes[k]);
        flags |= (v - ones) & ~v & high;
    }
    return flags;
}

#if defined(__SSE2__)
/* One bit per byte of the 16 that is in `set` (exact). */
static inline unsigned escape_scan_vector(__m128i x, const escape_scan_set *set) {
    /* unsigned x < below: max(x, below - 1) == below - 1 */
    __m128i top = _mm_set1_epi8((char)(set->below - 1));
    __m128i m = _mm_cmpeq_epi8(_mm_max_epu8(x, top), top);
    for (unsigned k = 0; k < set->n; k++) m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8((char)set->bytes[k])));
    return (unsigned)_mm_movemask_epi8(m);
}
#endif

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ESCAPE_SCAN_FIRST_FLAGGED(a) ((size_t)__builtin_ctzll(a) / 8)
#endif

/* Copies s[0..rem) to p up to the first byte that may be in `set` and
   returns how many bytes that is (rem when none). The returned byte may be
   clean after all (a word's test is exact only for its lowest flag, and
   without a fast ctz the scan stops at the word): the caller looks at it.
   Whole loads are stored, so up to 16 bytes beyond the returned count may
   be written at p: the caller's room must have that spare, and overwrites
   it with the bytes that follow. `below` must be at least 1. */
static inline size_t escape_scan_clean(char *p, const unsigned char *s, size_t rem, const escape_scan_set *set) {
    size_t i = 0;
    while (i < rem) {
        size_t left = rem - i;
#if defined(__SSE2__)
        if (left >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            _mm_storeu_si128((__m128i *)(void *)(p + i), x);
            unsigned m = escape_scan_vector(x, set);
            if (!m) {
                i += 16;
                continue;
            }
            return i + (size_t)__builtin_ctz(m);
        }
        if (left >= 4) {
            /* 4..15 bytes (most strings are short): two halves that meet or
               overlap, the first at i and the second ending at rem, in one
               vector, so one test covers the tail. */
            size_t half = left >= 8 ? 8 : 4;
            const unsigned char *b = s + rem - half;
            __m128i x;
            if (half == 8) {
                x = _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(const void *)(s + i)),
                                       _mm_loadl_epi64((const __m128i *)(const void *)b));
                memcpy(p + i, s + i, 8);
                memcpy(p + rem - 8, b, 8);
            } else {
                int32_t lo, hi;
                memcpy(&lo, s + i, 4);
                memcpy(&hi, b, 4);
                x = _mm_unpacklo_epi32(_mm_cvtsi32_si128(lo), _mm_cvtsi32_si128(hi));
                memcpy(p + i, &lo, 4);
                memcpy(p + rem - 4, &hi, 4);
            }
            unsigned m = escape_scan_vector(x, set) & ((1u << (2 * half)) - 1);
            if (!m) return rem;
            unsigned first = (unsigned)__builtin_ctz(m);
            return i + (first < half ? first : left - half + (first - half));
        }
#endif
        if (left >= 8) {
            /* this word and, for the tail, the last word, overlapping */
            uint64_t a, b;
            size_t last = left >= 16 ? 8 : left; /* where word b ends */
            memcpy(&a, s + i, 8);
            memcpy(&b, s + i + last - 8, 8);
            uint64_t fa = escape_scan_word(a, set), fb = escape_scan_word(b, set);
            memcpy(p + i, &a, 8);
            memcpy(p + i + last - 8, &b, 8);
            if (!(fa | fb)) {
                i += last;
                continue;
            }
#ifdef ESCAPE_SCAN_FIRST_FLAGGED
            return i + (fa ? ESCAPE_SCAN_FIRST_FLAGGED(fa) : last - 8 + ESCAPE_SCAN_FIRST_FLAGGED(fb));
#else
            return i;
#endif
        }
        if (left >= 4) {
            uint32_t a, b;
            memcpy(&a, s + i, 4);
            memcpy(&b, s + rem - 4, 4);
            if (!escape_scan_word(((uint64_t)a << 32) | b, set)) {
                memcpy(p + i, &a, 4);
                memcpy(p + rem - 4, &b, 4);
                return rem;
            }
        }
        return i;
    }
    return rem;
}

/* How many bytes of s[0..rem) come before the first that may be in `set`
   (rem when none), for the writers that go through the sink's write
   functions; the returned byte may be clean after all, as above. */
static inline size_t escape_scan_span(const unsigned char *s, size_t rem, const escape_scan_set *set) {
    size_t i = 0;
    while (rem - i >= 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        uint64_t f = escape_scan_word(word, set);
#ifdef ESCAPE_SCAN_FIRST_FLAGGED
        if (f) return i + ESCAPE_SCAN_FIRST_FLAGGED(f);
#else
        if (f) return i;
#endif
        i += 8;
    }
    return i;
}

#endif

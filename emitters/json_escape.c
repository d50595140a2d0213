/*
 * JSON string literals: the escaping both the json emitter and the
 * diagnostics' JSON form use (emitters/json_string.h).
 *
 * Nearly every string is clean UTF-8 text (CJK, digits, punctuation), so
 * the work is finding the rare byte that needs a look and copying the rest
 * in whole vectors. The fast path writes straight into room reserved in the
 * sink (PTC_JSON_ROOM: the worst case, every byte as \u00XX); only a string
 * too long for an empty buffer takes the chunked path through the sink's
 * write functions. Both give the same bytes.
 */
#include <stdint.h>
#include <string.h>

#include "emitters/json_string.h"
#include "emitters/sink_inline.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ctz on a word whose lowest flagged byte is exact (see json_attention8)
   gives the first byte that needs a look; other compilers and byte orders
   look at the flagged word byte by byte instead. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define JSON_FIRST_FLAGGED(a) ((size_t)__builtin_ctzll(a) / 8)
#endif

/* 0: copy as is; otherwise the character after the backslash ('u' for
   \u00XX). 0xE2 is flagged for a closer look at U+2028/U+2029, which are
   valid JSON but end lines in JavaScript. */
static const unsigned char escape_table[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    ['"'] = '"', ['\\'] = '\\', [0x7F] = 'u', [0xE2] = 'x'};

/* Nonzero when any of the 8 bytes of `x` may need the escape table: below
   0x20, '"', '\\', 0x7F or 0xE2. A borrow only runs towards higher bytes,
   so the lowest flagged byte is exact; flags above it may not be. */
static inline uint64_t json_attention8(uint64_t x) {
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
#define PTC_HASZERO(v) (((v) - ones) & ~(v) & high)
    uint64_t lt20 = (x - ones * 0x20) & ~x & high;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\'), del = x ^ (ones * 0x7F), e2 = x ^ (ones * 0xE2);
    return lt20 | PTC_HASZERO(q) | PTC_HASZERO(b) | PTC_HASZERO(del) | PTC_HASZERO(e2);
#undef PTC_HASZERO
}

#if defined(__SSE2__)
/* One bit per byte of the 16 that needs the escape table (exact). */
static inline unsigned json_attention16(__m128i x) {
    /* unsigned x <= 0x1F: max(x, 0x1F) == 0x1F */
    __m128i m = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE2)));
    return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* The byte at s[*i] and what it stands for, written at p; returns the new
   output position. */
static inline char *escape_one(char *p, const unsigned char *s, size_t *i, size_t len) {
    unsigned char c = s[*i];
    unsigned char e = escape_table[c];
    if (!e) {
        *p++ = (char)c;
        (*i)++;
    } else if (e == 'x') {
        if (*i + 2 < len && s[*i + 1] == 0x80 && (s[*i + 2] == 0xA8 || s[*i + 2] == 0xA9)) {
            memcpy(p, s[*i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
            p += 6;
            *i += 3;
        } else {
            *p++ = (char)c;
            (*i)++;
        }
    } else if (e == 'u') {
        static const char hex[] = "0123456789abcdef";
        p[0] = '\\', p[1] = 'u', p[2] = '0', p[3] = '0', p[4] = hex[c >> 4], p[5] = hex[c & 15];
        p += 6;
        (*i)++;
    } else {
        p[0] = '\\', p[1] = (char)e;
        p += 2;
        (*i)++;
    }
    return p;
}

char *ptc_json_escape_into(char *p, const char *text, size_t len) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    *p++ = '"';
    while (i < len) {
        size_t rem = len - i;
        /* Each step stores its whole load and advances by the clean bytes:
           what lies beyond is overwritten by the bytes that follow (every
           input byte gives at least one) or lies past the end. The room
           has 32 bytes to spare for it. */
#if defined(__SSE2__)
        if (rem >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            _mm_storeu_si128((__m128i *)(void *)p, x);
            unsigned m = json_attention16(x);
            if (!m) {
                i += 16, p += 16;
                continue;
            }
            unsigned k = (unsigned)__builtin_ctz(m);
            i += k, p += k;
            p = escape_one(p, s, &i, len);
            continue;
        }
        if (rem >= 4) {
            /* 4..15 bytes (most strings are short): two halves that meet
               or overlap, the first at i and the second ending at len, in
               one vector, each half-sized, so one test covers the tail. */
            size_t half = rem >= 8 ? 8 : 4;
            const unsigned char *b = s + len - half;
            __m128i x;
            if (half == 8) {
                x = _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(const void *)(s + i)),
                                       _mm_loadl_epi64((const __m128i *)(const void *)b));
                memcpy(p, s + i, 8);
                memcpy(p + rem - 8, b, 8);
            } else {
                int32_t lo, hi;
                memcpy(&lo, s + i, 4);
                memcpy(&hi, b, 4);
                x = _mm_unpacklo_epi32(_mm_cvtsi32_si128(lo), _mm_cvtsi32_si128(hi));
                memcpy(p, &lo, 4);
                memcpy(p + rem - 4, &hi, 4);
            }
            unsigned m = json_attention16(x) & ((1u << (2 * half)) - 1);
            if (!m) {
                i += rem, p += rem;
                continue;
            }
            unsigned first = (unsigned)__builtin_ctz(m);
            size_t k = first < half ? first : rem - half + (first - half);
            i += k, p += k;
            p = escape_one(p, s, &i, len);
            continue;
        }
#endif
        if (rem >= 8) {
            /* 8..15 bytes (or 16+ without SSE2): this word and, for the
               tail, the last word of the string, overlapping. */
            uint64_t a, b;
            memcpy(&a, s + i, 8);
            size_t last = rem >= 16 ? 8 : rem; /* where word b ends */
            memcpy(&b, s + i + last - 8, 8);
            uint64_t fa = json_attention8(a), fb = json_attention8(b);
            memcpy(p, &a, 8);
            memcpy(p + last - 8, &b, 8);
            if (!(fa | fb)) {
                i += last, p += last;
                continue;
            }
#ifdef JSON_FIRST_FLAGGED
            size_t k = fa ? JSON_FIRST_FLAGGED(fa) : last - 8 + JSON_FIRST_FLAGGED(fb);
            i += k, p += k;
#endif
            p = escape_one(p, s, &i, len);
            continue;
        }
        if (rem >= 4) {
            uint32_t a, b;
            memcpy(&a, s + i, 4);
            memcpy(&b, s + len - 4, 4);
            if (!json_attention8(((uint64_t)a << 32) | b)) {
                memcpy(p, &a, 4);
                memcpy(p + rem - 4, &b, 4);
                i += rem, p += rem;
                continue;
            }
        }
        p = escape_one(p, s, &i, len);
    }
    *p++ = '"';
    return p;
}

/* A string too long for the room: the same bytes in pieces. */
static void write_string_chunked(ptc_sink *out, const char *s, size_t len) {
    ptc_sink_putc(out, '"');
    size_t run = 0, i = 0;
    while (i < len) {
        while (len - i >= 8) {
            uint64_t word;
            memcpy(&word, s + i, 8);
            if (json_attention8(word)) break;
            i += 8;
        }
        if (i >= len) break;
        unsigned char c = (unsigned char)s[i];
        unsigned char e = escape_table[c];
        if (!e || (e == 'x' && !(i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                                   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)))) {
            i++;
            continue;
        }
        ptc_sink_write(out, s + run, i - run);
        char esc[6];
        size_t j = i;
        size_t n = (size_t)(escape_one(esc, (const unsigned char *)s, &j, len) - esc);
        ptc_sink_write(out, esc, n);
        i = j;
        run = i;
    }
    ptc_sink_write(out, s + run, len - run);
    ptc_sink_putc(out, '"');
}

void ptc_json_write_string(ptc_sink *out, const char *s, size_t len) {
    char *p = ptc_sink_room(out, PTC_JSON_ROOM(len));
    if (p) ptc_sink_commit_to(out, ptc_json_escape_into(p, s, len));
    else write_string_chunked(out, s, len);
}

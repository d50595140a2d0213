/*
 * JSON string literals: the escaping both the json emitter and the
 * diagnostics' JSON form use (emitters/json_string.h).
 *
 * Nearly every string is clean UTF-8 text, so the work is finding the rare
 * byte that needs a look and copying the rest in whole vectors (the scan
 * in emitters/escape_scan.h, shared with HTML and text). The fast path writes straight into room reserved in the
 * sink (PTC_JSON_ROOM: the worst case, every byte as \u00XX); only a string
 * too long for an empty buffer takes the chunked path through the sink's
 * write functions. Both give the same bytes.
 */
#include <stdint.h>
#include <string.h>

#include "emitters/escape_scan.h"
#include "emitters/json_string.h"
#include "emitters/sink_inline.h"

/* 0: copy as is; otherwise the character after the backslash ('u' for
   \u00XX). 0xE2 is flagged for a closer look at U+2028/U+2029, which are
   valid JSON but end lines in JavaScript. */
static const unsigned char escape_table[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    ['"'] = '"', ['\\'] = '\\', [0x7F] = 'u', [0xE2] = 'x'};

/* The bytes escape_table does not map to 0. */
static const escape_scan_set json_set = {0x20, 4, {'"', '\\', 0x7F, 0xE2}};

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

/* A string of at most 32 bytes with no byte of json_set, written whole
   (quotes included) and returning the end; NULL, with nothing promised
   about p, when it has such a byte or is longer. Most cells are this short
   (ten CJK characters are 30 bytes): one test of the whole string instead
   of the scan loop's steps. */
static inline char *escape_short_clean(char *p, const unsigned char *s, size_t len) {
    if (len > 32) return NULL;
#if defined(__SSE2__)
    if (len > 16) {
        /* two vectors that meet or overlap */
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)s);
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + len - 16));
        if (escape_scan_vector(a, &json_set) | escape_scan_vector(b, &json_set)) return NULL;
        p[0] = '"';
        _mm_storeu_si128((__m128i *)(void *)(p + 1), a);
        _mm_storeu_si128((__m128i *)(void *)(p + 1 + len - 16), b);
        p[len + 1] = '"';
        return p + len + 2;
    }
#else
    if (len > 16) return NULL;
#endif
    if (len < 4) {
        if (!len) {
            memcpy(p, "\"\"", 2);
            return p + 2;
        }
        /* 1..3 bytes: the first, middle and last cover them all */
        unsigned char a = s[0], b = s[len >> 1], c = s[len - 1];
        if (escape_table[a] | escape_table[b] | escape_table[c]) return NULL;
        p[0] = '"', p[1] = (char)a, p[1 + (len >> 1)] = (char)b, p[len] = (char)c, p[len + 1] = '"';
        return p + len + 2;
    }
#if defined(__SSE2__)
    /* two halves that meet or overlap, tested in one vector */
    __m128i x;
    if (len >= 8) {
        uint64_t lo, hi;
        memcpy(&lo, s, 8);
        memcpy(&hi, s + len - 8, 8);
        x = _mm_set_epi64x((long long)hi, (long long)lo);
        if (escape_scan_vector(x, &json_set)) return NULL;
        memcpy(p + 1, &lo, 8);
        memcpy(p + 1 + len - 8, &hi, 8);
    } else {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + len - 4, 4);
        x = _mm_unpacklo_epi32(_mm_cvtsi32_si128((int)lo), _mm_cvtsi32_si128((int)hi));
        if (escape_scan_vector(x, &json_set) & 0xFF) return NULL;
        memcpy(p + 1, &lo, 4);
        memcpy(p + 1 + len - 4, &hi, 4);
    }
    p[0] = '"';
    p[len + 1] = '"';
    return p + len + 2;
#else
    return NULL;
#endif
}

/* The definition, which escape_short_clean agrees with where it answers.
   Out of line so that the short path saves no registers. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static char *escape_scanning(char *p, const unsigned char *s, size_t len) {
    size_t i = 0;
    *p++ = '"';
    while (i < len) {
        size_t k = escape_scan_clean(p, s + i, len - i, &json_set);
        i += k, p += k;
        if (i < len) p = escape_one(p, s, &i, len);
    }
    *p++ = '"';
    return p;
}

char *ptc_json_escape_into(char *p, const char *text, size_t len) {
    const unsigned char *s = (const unsigned char *)text;
    char *end = escape_short_clean(p, s, len);
    return end ? end : escape_scanning(p, s, len);
}

/* A string too long for the room: the same bytes in pieces. */
static void write_string_chunked(ptc_sink *out, const char *s, size_t len) {
    ptc_sink_putc(out, '"');
    size_t run = 0, i = 0;
    while (i < len) {
        i += escape_scan_span((const unsigned char *)s + i, len - i, &json_set);
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

/*
 * The text emitter's cell writer (see emitters/text.c for the layout and
 * emitters/text_escape.h for the rules). Nearly every cell is clean CJK
 * text, so the work is finding the rare byte that needs a look and copying
 * the rest in whole vectors, written straight into room reserved in the
 * sink (TEXT_ROOM: the worst case, every byte as "<br>"), as the JSON and
 * XML emitters do. A cell too long for an empty sink buffer goes through
 * the sink's write functions byte run by byte run; both give the same bytes.
 */
#include <stdint.h>
#include <string.h>

#include "emitters/sink_inline.h"
#include "emitters/text_escape.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* At most 4 bytes out per byte in ("<br>"), the quotes, and spare for the
   whole-vector stores. */
#define TEXT_ROOM(len) (4 * (size_t)(len) + 2 + 32)

static bool needs_look(char c, bool quote) {
    return c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || (quote && c == '"');
}

/* The writer through the sink's write functions, for any length. */
static void put_slow(ptc_sink *out, ptc_str s, bool quote) {
    if (quote) ptc_sink_putc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.s[i];
        if (!needs_look(c, quote)) continue;
        ptc_sink_write(out, s.s + run, i - run);
        if (c == '"') ptc_sink_write(out, "\"\"", 2);
        else if (c == '\n') ptc_sink_write(out, "<br>", 4);
        else ptc_sink_putc(out, ' ');
        run = i + 1;
    }
    ptc_sink_write(out, s.s + run, s.len - run);
    if (quote) ptc_sink_putc(out, '"');
}

/* Nonzero when one of the 8 bytes of `x` may need a look: below 0x0E (TAB,
   LF, VT, FF, CR and the controls below them, which are copied) or, when
   `quote`, '"'. The lowest flagged byte is exact (a borrow only runs
   towards higher bytes). */
static inline uint64_t attention8(uint64_t x, bool quote) {
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t q = x ^ (ones * '"');
    return ((x - ones * 0x0E) & ~x & high) | (quote ? (q - ones) & ~q & high : 0);
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TEXT_FIRST_FLAGGED(a) ((size_t)__builtin_ctzll(a) / 8)
#endif

/* The byte at s[*i] and what it stands for, at p; the new output end. */
static inline char *put_one(char *p, const char *s, size_t *i, bool quote) {
    char c = s[(*i)++];
    if (!needs_look(c, quote)) {
        *p++ = c;
    } else if (c == '"') {
        memcpy(p, "\"\"", 2);
        p += 2;
    } else if (c == '\n') {
        memcpy(p, "<br>", 4);
        p += 4;
    } else {
        *p++ = ' ';
    }
    return p;
}

/* s[0..len) at p, which has TEXT_ROOM(len) bytes; returns the end. Each
   step stores its whole load and advances by the clean bytes (what lies
   beyond is overwritten by the bytes that follow, or lies in the spare). */
static char *escape_into(char *p, const char *s, size_t len, bool quote) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i x0d = _mm_set1_epi8(0x0D), dq = _mm_set1_epi8(quote ? '"' : 0x0D);
#endif
    while (i < len) {
        size_t rem = len - i;
#if defined(__SSE2__)
        if (rem >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            _mm_storeu_si128((__m128i *)(void *)p, x);
            __m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(x, x0d), x0d), _mm_cmpeq_epi8(x, dq));
            unsigned bits = (unsigned)_mm_movemask_epi8(m);
            if (!bits) {
                i += 16, p += 16;
                continue;
            }
            unsigned k = (unsigned)__builtin_ctz(bits);
            i += k, p += k;
            p = put_one(p, s, &i, quote);
            continue;
        }
#endif
        if (rem >= 8) {
            /* this word and, for the tail, the last word, overlapping */
            uint64_t a, b;
            memcpy(&a, s + i, 8);
            size_t last = rem >= 16 ? 8 : rem; /* where word b ends */
            memcpy(&b, s + i + last - 8, 8);
            uint64_t fa = attention8(a, quote), fb = attention8(b, quote);
            memcpy(p, &a, 8);
            memcpy(p + last - 8, &b, 8);
            if (!(fa | fb)) {
                i += last, p += last;
                continue;
            }
#ifdef TEXT_FIRST_FLAGGED
            size_t k = fa ? TEXT_FIRST_FLAGGED(fa) : last - 8 + TEXT_FIRST_FLAGGED(fb);
            i += k, p += k;
#endif
            p = put_one(p, s, &i, quote);
            continue;
        }
        if (rem >= 4) {
            uint32_t a, b;
            memcpy(&a, s + i, 4);
            memcpy(&b, s + len - 4, 4);
            if (!attention8(((uint64_t)a << 32) | b, quote)) {
                memcpy(p, &a, 4);
                memcpy(p + rem - 4, &b, 4);
                i += rem, p += rem;
                continue;
            }
        }
        p = put_one(p, s, &i, quote);
    }
    return p;
}

void ptc_text_put(ptc_sink *out, ptc_str s, bool whole_cell) {
    if (!s.s) return;
    bool quote = whole_cell && s.len && s.s[0] == '"';
    char *p = ptc_sink_room(out, TEXT_ROOM(s.len));
    if (!p) {
        put_slow(out, s, quote);
        return;
    }
    if (quote) *p++ = '"';
    p = escape_into(p, s.s, s.len, quote);
    if (quote) *p++ = '"';
    ptc_sink_commit_to(out, p);
}

/* Per table (its number, its year line): printf's format parsing cost more
   than the rest of the line. */
void ptc_text_put_long(ptc_sink *out, long v, int width) {
    char buf[48], *p = buf + sizeof buf;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do *--p = (char)('0' + u % 10); while (u /= 10);
    int pad = width - (int)(buf + sizeof buf - p) - (v < 0);
    for (; pad > 0 && p > buf + 1; pad--) *--p = '0';
    if (v < 0) *--p = '-';
    ptc_sink_write(out, p, (size_t)(buf + sizeof buf - p));
}

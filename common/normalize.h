/*
 * Normalisation of cell text, as the JSON contract defines it:
 * labels and category cells lose all whitespace (and brackets/colons are
 * folded to full width for matching); free text is trimmed, runs of
 * whitespace become one space, <p>, </p> and <br> are removed and a
 * paragraph boundary becomes "\n". Nothing else is rewritten.
 */
#ifndef PTC_TEXT_H
#define PTC_TEXT_H

#include <stddef.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The functions write into `out` and return the number of bytes written;
   `out` must hold `len` bytes (3 * `len` for ptc_norm_label). */

/* For matching labels: drop whitespace, fold ( ) : to （ ） ：. */
size_t ptc_norm_label(const char *s, size_t len, char *out);

/* For rule lookup: drop whitespace, fold full-width ASCII forms (U+FF01-
   U+FF5E) to ASCII, drop trailing colons. `out` must hold `len` bytes. */
size_t ptc_norm_key(const char *s, size_t len, char *out);

/* The first and the last character ptc_norm_key(s, len) keeps (whitespace
   skipped, full-width ASCII folded, trailing colons dropped for the last),
   as code points, read from s without normalising it; 0 when there is
   none. For valid UTF-8; ptc_key_last_cp answers UINT32_MAX where s does
   not end in a valid sequence. The rules index filters lookups with them. */
static inline unsigned ptc_key_first_cp(const char *s, size_t len);
static inline unsigned ptc_key_last_cp(const char *s, size_t len);

/* The same for any text: the inline ones above take a short cut for a
   Chinese character (lead byte E4-EE: neither whitespace nor a full-width
   form) and call these for the rest. */
unsigned ptc_key_first_cp_any(const char *s, size_t len);
unsigned ptc_key_last_cp_any(const char *s, size_t len);

/* For category (path) cells: drop whitespace, keep everything else. */
size_t ptc_norm_compact(const char *s, size_t len, char *out);

/* For free text: trim, collapse whitespace, strip <p>/</p>/<br>. */
size_t ptc_norm_text(const char *s, size_t len, char *out);

/* True when `s` holds only whitespace (ASCII, U+00A0, U+3000). */
int ptc_is_blank(const char *s, size_t len);

/* True when needle[0..n) occurs in s[0..len): the cheap byte test callers
   run before a regex. */
int ptc_contains_n(const char *s, size_t len, const char *needle, size_t n);

/* True when s[0..len) holds a[0..na) or b[0..nb) (2 <= na <= nb): one
   pass over s, not two, where s is long enough for 16-byte steps (most
   texts searched hold neither). Inline, so that literal needles are
   constants in the loop. */
static inline int ptc_contains_either(const char *s, size_t len, const char *a, size_t na, const char *b,
                                      size_t nb);

/* The same for three needles (2 <= na <= nb, 2 <= nc <= nb, nb - na and
   nb - nc at most 16): one pass, not three. */
static inline int ptc_contains_any3(const char *s, size_t len, const char *a, size_t na, const char *b, size_t nb,
                                    const char *c, size_t nc);

/* The same for a NUL-terminated needle; inline, so that the length of a
   literal needle is known when compiling and no strlen runs. */
static inline int ptc_contains(const char *s, size_t len, const char *needle) {
    return ptc_contains_n(s, len, needle, strlen(needle));
}

/* Number of characters (code points) in valid UTF-8. */
size_t ptc_utf8_chars(const char *s, size_t len);

/*
 * Copy at most `max_chars` characters of `s` into `out` (size >= 4*max+4)
 * for quoting in a diagnostic, control characters shown as U+FFFD-free
 * escapes ("\t"), with "…" appended when cut. Returns `out`.
 */
char *ptc_quote_excerpt(const char *s, size_t len, size_t max_chars, char *out, size_t out_size);

/* ------------------------------------------------------------ inline */

#ifdef __SSE2__
/* The places in s[i..i+16) where needle[0..n) (n >= 2) may start, as a bit
   mask: its first and its last byte are there. */
static inline unsigned ptc_may_start16_(const char *s, size_t i, const char *needle, size_t n) {
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + n - 1));
    return (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8(needle[0])), _mm_cmpeq_epi8(b, _mm_set1_epi8(needle[n - 1]))));
}

/* True when the needle starts at s + i + one of the places in m. */
static inline int ptc_starts_at_any_(const char *s, size_t i, unsigned m, const char *needle, size_t n) {
    for (; m; m &= m - 1)
        if (memcmp(s + i + (size_t)__builtin_ctz(m), needle, n) == 0) return 1;
    return 0;
}
#endif

static inline int ptc_contains_either(const char *s, size_t len, const char *a, size_t na, const char *b,
                                      size_t nb) {
#ifdef __SSE2__
    if (len >= nb - 1 + 16) {
        size_t i = 0;
        /* one mask for both needles: where their first bytes agree (literal
           needles, as inline callers pass, let that compare be made once) */
        for (; i + nb - 1 + 16 <= len; i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i xa = _mm_loadu_si128((const __m128i *)(const void *)(s + i + na - 1));
            __m128i xb = _mm_loadu_si128((const __m128i *)(const void *)(s + i + nb - 1));
            __m128i ea = _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(a[0])), _mm_cmpeq_epi8(xa, _mm_set1_epi8(a[na - 1])));
            __m128i eb = _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(b[0])), _mm_cmpeq_epi8(xb, _mm_set1_epi8(b[nb - 1])));
            for (unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(ea, eb)); m; m &= m - 1) {
                size_t k = i + (size_t)__builtin_ctz(m);
                if (memcmp(s + k, a, na) == 0 || memcmp(s + k, b, nb) == 0) return 1;
            }
        }
        /* the starts left: b's fit in the block that ends at its last start
           (overlapping the ones looked at); a's, up to nb - na further on,
           in the block at i and the one that ends at a's last */
        size_t ib = len - nb + 1 - 16, ia = len - na + 1 - 16;
        return ptc_starts_at_any_(s, ib, ptc_may_start16_(s, ib, b, nb), b, nb) ||
               (i < ia && ptc_starts_at_any_(s, i, ptc_may_start16_(s, i, a, na), a, na)) ||
               ptc_starts_at_any_(s, ia, ptc_may_start16_(s, ia, a, na), a, na);
    }
#endif
    return ptc_contains_n(s, len, a, na) || ptc_contains_n(s, len, b, nb);
}

#ifdef __SSE2__
/* True when needle[0..n) starts at one of the sixteen places from s + i
   (i + n - 1 + 16 <= the length of s). */
static inline int ptc_block_has_(const char *s, size_t i, const char *needle, size_t n) {
    unsigned m = ptc_may_start16_(s, i, needle, n);
    return m && ptc_starts_at_any_(s, i, m, needle, n);
}

/* After blocks that looked at the starts before i, with fewer than 16 +
   (the longest needle's length - n) starts left: the block at i, where it
   fits, and the one that ends at the needle's last start (they overlap the
   starts looked at, which only repeats an answer). */
static inline int ptc_tail_has_(const char *s, size_t len, size_t i, const char *needle, size_t n) {
    size_t last = len - n + 1 - 16;
    return (i < last && ptc_block_has_(s, i, needle, n)) || ptc_block_has_(s, last, needle, n);
}
#endif

static inline int ptc_contains_any3(const char *s, size_t len, const char *a, size_t na, const char *b, size_t nb,
                                    const char *c, size_t nc) {
#ifdef __SSE2__
    if (len >= nb - 1 + 16) {
        size_t i = 0;
        for (; i + nb - 1 + 16 <= len; i += 16)
            if (ptc_block_has_(s, i, a, na) || ptc_block_has_(s, i, b, nb) || ptc_block_has_(s, i, c, nc)) return 1;
        return ptc_tail_has_(s, len, i, b, nb) || ptc_tail_has_(s, len, i, a, na) || ptc_tail_has_(s, len, i, c, nc);
    }
#endif
    return ptc_contains_n(s, len, a, na) || ptc_contains_n(s, len, b, nb) || ptc_contains_n(s, len, c, nc);
}

static inline unsigned ptc_key_first_cp(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 3 && u[0] >= 0xE4 && u[0] <= 0xEE)
        return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    return ptc_key_first_cp_any(s, len);
}

static inline unsigned ptc_key_last_cp(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s + len;
    if (len >= 3 && (u[-1] & 0xC0) == 0x80 && (u[-2] & 0xC0) == 0x80 && u[-3] >= 0xE4 && u[-3] <= 0xEE)
        return ((u[-3] & 0x0Fu) << 12) | ((u[-2] & 0x3Fu) << 6) | (u[-1] & 0x3Fu);
    return ptc_key_last_cp_any(s, len);
}

#endif

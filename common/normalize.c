#include "common/normalize.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Width in bytes of the whitespace character at s (0 if none). */
static size_t space_at(const unsigned char *s, const unsigned char *end) {
    unsigned char c = *s;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
    if (c == 0xC2 && end - s >= 2 && s[1] == 0xA0) return 2;                  /* U+00A0 */
    if (c == 0xE3 && end - s >= 3 && s[1] == 0x80 && s[2] == 0x80) return 3; /* U+3000 */
    return 0;
}

int ptc_is_blank(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        size_t w = space_at(p, end);
        if (!w) return 0;
        p += w;
    }
    return 1;
}

/* How drop_spaces folds what it keeps; FOLD_TEXT is ptc_norm_text's set of
   bytes to look at (copy_run serves both). */
typedef enum fold_mode {
    FOLD_NONE,   /* category cells: as written */
    FOLD_WIDEN,  /* labels for the checks: ( ) : to （ ） ： (3 bytes each) */
    FOLD_NARROW, /* rule keys: full-width ASCII forms U+FF01-U+FF5E to ASCII */
    FOLD_TEXT    /* free text: whitespace, <p>/<br> tags */
} fold_mode;

/* The ASCII byte of the full-width form at p (EF BC 81 - EF BD 9E), or 0. */
static char narrow_at(const unsigned char *p, const unsigned char *end) {
    if (p[0] != 0xEF || end - p < 3 || (p[1] != 0xBC && p[1] != 0xBD) || (p[2] & 0xC0) != 0x80) return 0;
    unsigned cp = 0xF000u + ((unsigned)(p[1] & 0x3F) << 6) + (p[2] & 0x3Fu);
    return cp >= 0xFF01 && cp <= 0xFF5E ? (char)(cp - 0xFF00 + 0x20) : 0;
}

/* Bytes the normalisers must look at, per mode: ASCII whitespace, the lead
   bytes of U+00A0 (C2) and U+3000 (E3), and what the mode folds (EF of the
   full-width forms, ( ) :) or strips ('<' of a tag). Every other byte is
   copied as it is. */
#define SPACE_BYTES ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, [0xC2] = 1, [0xE3] = 1
static const unsigned char look_at[4][256] = {
    [FOLD_NONE] = {SPACE_BYTES},
    [FOLD_WIDEN] = {SPACE_BYTES, ['('] = 1, [')'] = 1, [':'] = 1},
    [FOLD_NARROW] = {SPACE_BYTES, [0xEF] = 1},
    [FOLD_TEXT] = {SPACE_BYTES, ['<'] = 1},
};

/* Copy k < 16 bytes from q to o, writing nothing past them (callers and
   their tests rely on the bytes after the result staying untouched). */
static inline void copy_short(char *o, const unsigned char *q, size_t k) {
    if (k & 8) memcpy(o, q, 8), o += 8, q += 8;
    if (k & 4) memcpy(o, q, 4), o += 4, q += 4;
    if (k & 2) memcpy(o, q, 2), o += 2, q += 2;
    if (k & 1) *o = (char)*q;
}

#ifdef __SSE2__
/* The bytes of x that `mode` may need to look at, as a bit mask: every byte
   up to 0x20 (a superset of the whitespace: the others are then copied one
   by one), C2, E3 and the mode's own. */
static inline unsigned look16(__m128i x, fold_mode mode) {
    __m128i m = _mm_cmpeq_epi8(_mm_subs_epu8(x, _mm_set1_epi8(0x20)), _mm_setzero_si128());
    m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC2)));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE3)));
    if (mode == FOLD_WIDEN) {
        m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('(')));
        m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(')')));
        m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(':')));
    } else if (mode == FOLD_NARROW) {
        m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xEF)));
    } else if (mode == FOLD_TEXT) {
        m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('<')));
    }
    return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* look16 for eight bytes x (as read from memory with memcpy), for the
   short texts most cells are: a bit a byte, FIRST8 the index of the first
   flagged, SKIP8 drops the flags of the first k bytes. */
#if defined(__SSE2__)
#define LOOK8 1
static inline unsigned look8(uint64_t x, fold_mode mode) {
    return look16(_mm_loadl_epi64((const __m128i *)(const void *)&x), mode) & 0xFFu;
}
#define FIRST8(m) ((size_t)__builtin_ctz(m))
#define SKIP8(m, k) ((m) >> (k))
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LOOK8 1
#define ONES8 0x0101010101010101ull
#define HIGH8 0x8080808080808080ull
/* Bytes of v that are zero, as their high bits: exact up to the lowest one
   (a borrow can only flag bytes above a true zero). */
#define ZERO8(v) (((v) - ONES8) & ~(v) & HIGH8)
#define EQ8(x, c) ZERO8((x) ^ (ONES8 * (c)))
/* Without SSE2, in one word: its lowest flag is the first byte to look at
   (each test is exact up to its first hit). */
static inline uint64_t look8(uint64_t x, fold_mode mode) {
    uint64_t m = ((x - ONES8 * 0x21) & ~x & HIGH8) | EQ8(x, 0xC2) | EQ8(x, 0xE3);
    if (mode == FOLD_WIDEN) m |= EQ8(x, '(') | EQ8(x, ')') | EQ8(x, ':');
    else if (mode == FOLD_NARROW) m |= EQ8(x, 0xEF);
    else if (mode == FOLD_TEXT) m |= EQ8(x, '<');
    return m;
}
#define FIRST8(m) ((size_t)__builtin_ctzll(m) / 8)
#define SKIP8(m, k) ((m) >> (8 * (k)))
#endif

/* An E3 byte that does not start U+3000 (E3 80 80): flagged only because
   it might, and copied as it is by every mode. The punctuation 、。《》
   starts so, and a copy that stopped at each would cost a caller's round
   for every one; the caller sees pending == 0 then (ptc_norm_text copies
   a byte before each copy_run), so going on past it is what it would do. */
static inline bool needless_stop(const unsigned char *q, const unsigned char *end) {
    return q[0] == 0xE3 && !(end - q >= 3 && q[1] == 0x80 && q[2] == 0x80);
}

/* Copy the bytes from p on that need no look to out + *n, up to the first
   that may, and return where it stopped: at `end` or at a byte the caller
   must look at (or one the wide steps flag needlessly, a control byte or
   one a borrow flags after a true hit: the caller copies those). Sixteen
   bytes at a time, then the last eight to fifteen as two words that may
   overlap, then byte by byte. */
static inline const unsigned char *copy_run(const unsigned char *p, const unsigned char *end, char *out,
                                            size_t *n, fold_mode mode) {
#ifdef __SSE2__
    while (end - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        unsigned m = look16(x, mode);
        while (m && needless_stop(p + __builtin_ctz(m), end)) m &= m - 1;
        if (!m) {
            _mm_storeu_si128((__m128i *)(void *)(out + *n), x);
            *n += 16;
            p += 16;
            continue;
        }
        size_t k = (size_t)__builtin_ctz(m);
        copy_short(out + *n, p, k);
        *n += k;
        return p + k;
    }
#endif
#ifdef LOOK8
    while (end - p >= 8) {
        size_t r = (size_t)(end - p);
        uint64_t x, y;
        memcpy(&x, p, 8);
        uint64_t m = look8(x, mode);
        while (m && needless_stop(p + FIRST8(m), end)) m &= m - 1;
        if (m) {
            size_t k = FIRST8(m);
            copy_short(out + *n, p, k);
            *n += k;
            return p + k;
        }
        memcpy(out + *n, &x, 8);
        if (r >= 16) {
            *n += 8;
            p += 8;
            continue;
        }
        /* the last r - 8 bytes, as the word that ends at `end` */
        memcpy(&y, end - 8, 8);
        uint64_t my = SKIP8(look8(y, mode), 16 - r);
        while (my && needless_stop(p + 8 + FIRST8(my), end)) my &= my - 1;
        if (my) {
            *n += 8;
            p += 8;
            break;
        }
        memcpy(out + *n + r - 8, &y, 8);
        *n += r;
        return end;
    }
    if (end - p >= 4) {
        /* four to seven bytes: two four-byte words that may overlap, in one */
        size_t r = (size_t)(end - p);
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, end - 4, 4);
        uint64_t m = look8((uint64_t)a | (uint64_t)b << 32, mode);
        /* flag j is of p[j] (j < 4) or of end[j - 8] */
        while (m && needless_stop(FIRST8(m) < 4 ? p + FIRST8(m) : end + FIRST8(m) - 8, end)) m &= m - 1;
        if (!m) {
            memcpy(out + *n, &a, 4);
            memcpy(out + *n + r - 4, &b, 4);
            *n += r;
            return end;
        }
    }
#endif
    const unsigned char *look = look_at[mode];
    size_t k = *n;
    while (p < end && (!look[*p] || needless_stop(p, end))) out[k++] = (char)*p++;
    *n = k;
    return p;
}

#ifdef __SSE2__
/* look16 of the sixteen bytes at p, without the flags of needless E3s. */
static inline unsigned look16_at(const unsigned char *p, const unsigned char *end, fold_mode mode) {
    unsigned m = look16(_mm_loadu_si128((const __m128i *)(const void *)p), mode);
    while (m && needless_stop(p + __builtin_ctz(m), end)) m &= m - 1;
    return m;
}
static inline void copy16(char *o, const unsigned char *p) {
    _mm_storeu_si128((__m128i *)(void *)o, _mm_loadu_si128((const __m128i *)(const void *)p));
}
#endif

/* True, with s[0..len) copied to out, when no byte of it needs a look
   (then every mode's result is the text as it is); false, nothing written,
   when one may or len is over 64 (16 without SSE2). Most cells are short
   and clean (a third of the texts 0 to 3 bytes: a count, a unit). */
static inline bool copy_clean(const char *str, size_t len, char *out, fold_mode mode) {
    const unsigned char *s = (const unsigned char *)str, *end = s + len;
    if (len < 4) {
        if (!len) return true;
        unsigned char a = s[0], b = s[len >> 1], c = s[len - 1]; /* all the bytes there are */
        if (look_at[mode][a] | look_at[mode][b] | look_at[mode][c]) return false;
        out[0] = (char)a, out[len >> 1] = (char)b, out[len - 1] = (char)c;
        return true;
    }
#ifdef __SSE2__
    if (len > 32) {
        /* four blocks, the last two ending at the end */
        if (len > 64 || look16_at(s, end, mode) | look16_at(s + 16, end, mode) | look16_at(end - 32, end, mode) |
                            look16_at(end - 16, end, mode))
            return false;
        copy16(out, s), copy16(out + 16, s + 16), copy16(out + len - 32, end - 32), copy16(out + len - 16, end - 16);
        return true;
    }
    if (len >= 16) {
        if (look16_at(s, end, mode) | look16_at(end - 16, end, mode)) return false;
        copy16(out, s), copy16(out + len - 16, end - 16);
        return true;
    }
#endif
#ifdef LOOK8
    if (len >= 8) {
        if (len > 16) return false;
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, end - 8, 8);
        uint64_t ma = look8(a, mode), mb = look8(b, mode);
        while (ma && needless_stop(s + FIRST8(ma), end)) ma &= ma - 1;
        while (mb && needless_stop(end - 8 + FIRST8(mb), end)) mb &= mb - 1;
        if (ma | mb) return false;
        memcpy(out, &a, 8);
        memcpy(out + len - 8, &b, 8);
        return true;
    }
    if (len >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, end - 4, 4);
        uint64_t m = look8((uint64_t)a | (uint64_t)b << 32, mode);
        /* flag j is of s[j] (j < 4) or of end[j - 8] */
        while (m && needless_stop(FIRST8(m) < 4 ? s + FIRST8(m) : end + FIRST8(m) - 8, end)) m &= m - 1;
        if (m) return false;
        memcpy(out, &a, 4);
        memcpy(out + len - 4, &b, 4);
        return true;
    }
#else
    (void)s, (void)end, (void)out, (void)mode;
#endif
    return false;
}

/* The loops out of line: the clean path then saves few registers. */
#if defined(__GNUC__)
#define REST __attribute__((noinline))
#else
#define REST
#endif

/* Drop whitespace, folding the rest by `mode`. */
static inline size_t drop_spaces(const char *s, size_t len, char *out, fold_mode mode) {
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    const unsigned char *look = look_at[mode];
    size_t n = 0;
    while ((p = copy_run(p, end, out, &n, mode)) < end) {
        if (!look[*p]) {
            out[n++] = (char)*p++;
            continue;
        }
        size_t w = space_at(p, end);
        if (w) {
            p += w;
            continue;
        }
        char narrow = mode == FOLD_NARROW ? narrow_at(p, end) : 0;
        if (narrow) {
            out[n++] = narrow;
            p += 3;
            continue;
        }
        char c = (char)*p++;
        const char *wide = mode != FOLD_WIDEN ? NULL : c == '(' ? "（" : c == ')' ? "）" : c == ':' ? "：" : NULL;
        if (wide) {
            memcpy(out + n, wide, 3);
            n += 3;
        } else {
            out[n++] = c;
        }
    }
    return n;
}

static REST size_t compact_rest(const char *s, size_t len, char *out) { return drop_spaces(s, len, out, FOLD_NONE); }
static REST size_t label_rest(const char *s, size_t len, char *out) { return drop_spaces(s, len, out, FOLD_WIDEN); }
static REST size_t key_rest(const char *s, size_t len, char *out) { return drop_spaces(s, len, out, FOLD_NARROW); }
size_t ptc_norm_compact(const char *s, size_t len, char *out) {
    return copy_clean(s, len, out, FOLD_NONE) ? len : compact_rest(s, len, out);
}
size_t ptc_norm_label(const char *s, size_t len, char *out) {
    return copy_clean(s, len, out, FOLD_WIDEN) ? len : label_rest(s, len, out);
}

/* Length of a <p>, </p>, <br>, <br/> or <br /> tag at s (ASCII case-insensitive),
   and whether it is a paragraph boundary (all of them are). */
static size_t tag_at(const char *s, const char *end) {
    static const char *const tags[] = {"<p>", "</p>", "<br>", "<br/>", "<br />"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        size_t n = strlen(tags[i]);
        if ((size_t)(end - s) < n) continue;
        size_t k = 0;
        while (k < n && (s[k] | (s[k] >= 'A' && s[k] <= 'Z' ? 0x20 : 0)) == tags[i][k]) k++;
        if (k == n) return n;
    }
    return 0;
}

static REST size_t text_rest(const char *s, size_t len, char *out) {
    const char *p = s, *end = s + len;
    const unsigned char *needs_look = look_at[FOLD_TEXT];
    size_t n = 0;
    /* pending: 0 nothing, 1 a space, 2 a paragraph break, emitted lazily so
       leading/trailing whitespace and breaks vanish and runs collapse. */
    int pending = 0;
    while (p < end) {
        if (!needs_look[(unsigned char)*p]) {
            if (n > 0 && pending) out[n++] = pending == 2 ? '\n' : ' ';
            pending = 0;
            out[n++] = *p++;
            p = (const char *)copy_run((const unsigned char *)p, (const unsigned char *)end, out, &n, FOLD_TEXT);
            continue;
        }
        size_t w = space_at((const unsigned char *)p, (const unsigned char *)end);
        if (w) {
            if (pending < 1) pending = 1;
            p += w;
            continue;
        }
        if (*p == '<') {
            size_t t = tag_at(p, end);
            if (t) {
                pending = 2;
                p += t;
                continue;
            }
        }
        if (n > 0 && pending) out[n++] = pending == 2 ? '\n' : ' ';
        pending = 0;
        out[n++] = *p++;
    }
    return n;
}

size_t ptc_norm_text(const char *s, size_t len, char *out) {
    return copy_clean(s, len, out, FOLD_TEXT) ? len : text_rest(s, len, out);
}

size_t ptc_utf8_chars(const char *s, size_t len) {
    /* Characters = bytes that are not continuation bytes (10xxxxxx). Most
       texts counted are short: whatever the length, a few loads that may
       overlap, the bytes counted twice masked off, instead of a loop over
       the tail. In a word, bit 7 set and bit 6 clear marks a continuation. */
#define CONT_FLAGS(x, high) (((x) & ~((x) << 1) & (high)) >> 7) /* 0/1 per byte */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define DROP_FIRST(flags, bytes) ((flags) << (8 * (bytes)))
#else
#define DROP_FIRST(flags, bytes) ((flags) >> (8 * (bytes)))
#endif
    if (len < 4) {
        size_t cont = 0;
        for (size_t i = 0; i < len; i++) cont += ((unsigned char)s[i] & 0xC0) == 0x80;
        return len - cont;
    }
    if (len <= 8) { /* two 4-byte words, the second ending at the end */
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + len - 4, 4);
        uint64_t fa = CONT_FLAGS(a, 0x80808080u), fb = CONT_FLAGS(b, 0x80808080u);
        uint64_t sum = fa + DROP_FIRST(fb, 8 - len); /* each byte 0..2 */
        return len - (size_t)(((sum * 0x01010101u) >> 24) & 0xFF);
    }
    if (len <= 16) { /* two 8-byte words */
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + len - 8, 8);
        const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
        uint64_t sum = CONT_FLAGS(a, high) + DROP_FIRST(CONT_FLAGS(b, high), 16 - len);
        return len - (size_t)((sum * ones) >> 56);
    }
    size_t cont = 0, i = 0;
#ifdef __SSE2__
    /* sixteen bytes at a time: a continuation byte is below 0xC0 as a signed
       byte; the per-lane counts are summed every 255 blocks, before a lane
       can overflow; the last block ends at the end, its lanes already
       counted masked off */
    static const unsigned char last_lanes[32] = {
        0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    const __m128i c0 = _mm_set1_epi8((char)0xC0), zero = _mm_setzero_si128();
    __m128i acc = zero;
    for (;;) {
        size_t blocks = (len - i) / 16;
        if (blocks > 254) blocks = 254;
        for (size_t b = 0; b < blocks; b++, i += 16)
            acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), c0));
        if (len - i < 16) break;
        __m128i sums = _mm_sad_epu8(acc, zero);
        cont += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
        acc = zero;
    }
    if (i < len) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + len - 16));
        __m128i fresh = _mm_loadu_si128((const __m128i *)(const void *)(last_lanes + (len - i)));
        acc = _mm_sub_epi8(acc, _mm_and_si128(_mm_cmplt_epi8(x, c0), fresh));
    }
    __m128i sums = _mm_sad_epu8(acc, zero);
    cont += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
#else
    const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
    for (; len - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        cont += (size_t)((CONT_FLAGS(x, high) * ones) >> 56);
    }
    if (i < len) { /* the last word ends at the end */
        uint64_t x;
        memcpy(&x, s + len - 8, 8);
        cont += (size_t)((DROP_FIRST(CONT_FLAGS(x, high), 8 - (len - i)) * ones) >> 56);
    }
#endif
    return len - cont;
#undef CONT_FLAGS
#undef DROP_FIRST
}

char *ptc_quote_excerpt(const char *s, size_t len, size_t max_chars, char *out, size_t out_size) {
    size_t n = 0, chars = 0, i = 0;
    if (out_size < 8) {
        if (out_size) out[0] = '\0';
        return out;
    }
    while (i < len && chars < max_chars && n + 8 < out_size) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            n += (size_t)snprintf(out + n, out_size - n, c == '\t' ? "\\t" : "\\x%02X", c);
            i++;
            chars++;
            continue;
        }
        size_t w = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + w > len || n + w + 4 >= out_size) break;
        /* one to four bytes stored one by one: a memcpy call a character
           cost more than the character */
        out[n] = (char)c;
        switch (w) {
        case 4: out[n + 3] = s[i + 3]; /* fall through */
        case 3: out[n + 2] = s[i + 2]; /* fall through */
        case 2: out[n + 1] = s[i + 1]; /* fall through */
        default: break;
        }
        n += w;
        i += w;
        chars++;
    }
    if (i < len && n + 4 <= out_size) {
        memcpy(out + n, "…", 3);
        n += 3;
    }
    out[n] = '\0';
    return out;
}

int ptc_contains_n(const char *s, size_t len, const char *needle, size_t n) {
    if (!n || n > len) return 0;
    if (n == 1) return memchr(s, needle[0], len) != NULL;
    if (len - n < 8) {
        /* a text hardly longer than the needle (a category against 成本指标):
           its few starts compared in place, without a memchr call */
        for (size_t i = 0; i <= len - n; i++)
            if (s[i + n - 1] == needle[n - 1] && s[i] == needle[0] && memcmp(s + i + 1, needle + 1, n - 2) == 0)
                return 1;
        return 0;
    }
    /* Look for the needle's last byte, then compare what precedes it: in
       Chinese text nearly every third byte is a lead byte E4-E9 (the first
       byte of any needle), while a given final byte is rare. (A 16-byte
       scan for the last two bytes cost more: the texts are short.) */
    const char last = needle[n - 1];
    for (const char *p = s + n - 1, *end = s + len; p < end; p++) {
        p = memchr(p, last, (size_t)(end - p));
        if (!p) return 0;
        /* the byte before it first: most stray hits fail there */
        if (p[-1] == needle[n - 2] && memcmp(p - (n - 1), needle, n - 2) == 0) return 1;
    }
    return 0;
}

size_t ptc_norm_key(const char *s, size_t len, char *out) {
    size_t n = copy_clean(s, len, out, FOLD_NARROW) ? len : key_rest(s, len, out);
    while (n && out[n - 1] == ':') n--;
    return n;
}

/* The last character of s that ptc_norm_key keeps (trailing whitespace and
   colons dropped, full-width ASCII folded), as a code point; 0 when there
   is none, UINT32_MAX when s does not end in valid UTF-8 (then nothing is
   ruled out). */
unsigned ptc_key_last_cp_any(const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str;
    size_t e = len;
    while (e > 0) {
        unsigned c = s[e - 1];
        if (c < 0x80) {
            if (c == ' ' || (c >= '\t' && c <= '\r') || c == ':') {
                e--;
                continue;
            }
            return c;
        }
        size_t k = e - 1;
        while (k > 0 && e - k < 4 && (s[k] & 0xC0u) == 0x80u) k--;
        unsigned lead = s[k], cp;
        size_t w = e - k;
        if (w == 2 && lead >= 0xC2 && lead < 0xE0) cp = ((lead & 0x1Fu) << 6) | (s[k + 1] & 0x3Fu);
        else if (w == 3 && lead >= 0xE0 && lead < 0xF0)
            cp = ((lead & 0x0Fu) << 12) | ((s[k + 1] & 0x3Fu) << 6) | (s[k + 2] & 0x3Fu);
        else if (w == 4 && lead >= 0xF0 && lead < 0xF5)
            cp = ((lead & 0x07u) << 18) | ((s[k + 1] & 0x3Fu) << 12) | ((s[k + 2] & 0x3Fu) << 6) | (s[k + 3] & 0x3Fu);
        else
            return UINT32_MAX;
        if (cp == 0xA0 || cp == 0x3000 || cp == 0xFF1A) { /* whitespace, or a colon once folded */
            e = k;
            continue;
        }
        return cp >= 0xFF01 && cp <= 0xFF5E ? cp - 0xFF00 + 0x20 : cp;
    }
    return 0;
}

/* The first character of s that ptc_norm_key keeps (whitespace skipped,
   full-width ASCII folded), as a code point; 0 when there is none. */
unsigned ptc_key_first_cp_any(const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str, *end = s + len;
    while (s < end) {
        unsigned c = *s;
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            s++;
            continue;
        }
        if (c < 0x80) return c;
        if (c < 0xE0) {
            if (end - s < 2) return c;
            unsigned cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
            if (cp == 0xA0) {
                s += 2;
                continue;
            }
            return cp;
        }
        if (c < 0xF0) {
            if (end - s < 3) return c;
            unsigned cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
            if (cp == 0x3000) {
                s += 3;
                continue;
            }
            return cp >= 0xFF01 && cp <= 0xFF5E ? cp - 0xFF00 + 0x20 : cp;
        }
        return c;
    }
    return 0;
}

#include "common/normalize.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

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

/* How drop_spaces folds what it keeps. */
typedef enum fold_mode {
    FOLD_NONE,   /* category cells: as written */
    FOLD_WIDEN,  /* labels for the checks: ( ) : to （ ） ： (3 bytes each) */
    FOLD_NARROW  /* rule keys: full-width ASCII forms U+FF01-U+FF5E to ASCII */
} fold_mode;

/* The ASCII byte of the full-width form at p (EF BC 81 - EF BD 9E), or 0. */
static char narrow_at(const unsigned char *p, const unsigned char *end) {
    if (p[0] != 0xEF || end - p < 3 || (p[1] != 0xBC && p[1] != 0xBD) || (p[2] & 0xC0) != 0x80) return 0;
    unsigned cp = 0xF000u + ((unsigned)(p[1] & 0x3F) << 6) + (p[2] & 0x3Fu);
    return cp >= 0xFF01 && cp <= 0xFF5E ? (char)(cp - 0xFF00 + 0x20) : 0;
}

/* Drop whitespace, folding the rest by `mode`. */
static size_t drop_spaces(const char *s, size_t len, char *out, fold_mode mode) {
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    size_t n = 0;
    while (p < end) {
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

size_t ptc_norm_compact(const char *s, size_t len, char *out) { return drop_spaces(s, len, out, FOLD_NONE); }

size_t ptc_norm_label(const char *s, size_t len, char *out) { return drop_spaces(s, len, out, FOLD_WIDEN); }

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

/* 1 for bytes that may start whitespace or a tag (ASCII space and controls
   \t-\r, the lead bytes of U+00A0 and U+3000, '<'): everything else is
   copied in runs without a closer look. */
static const unsigned char needs_look[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, ['<'] = 1,
    [0xC2] = 1, [0xE3] = 1};

size_t ptc_norm_text(const char *s, size_t len, char *out) {
    const char *p = s, *end = s + len;
    size_t n = 0;
    /* pending: 0 nothing, 1 a space, 2 a paragraph break, emitted lazily so
       leading/trailing whitespace and breaks vanish and runs collapse. */
    int pending = 0;
    while (p < end) {
        if (!needs_look[(unsigned char)*p]) {
            const char *run = p;
            while (++p < end && !needs_look[(unsigned char)*p]) {
            }
            if (n > 0 && pending) out[n++] = pending == 2 ? '\n' : ' ';
            pending = 0;
            memcpy(out + n, run, (size_t)(p - run));
            n += (size_t)(p - run);
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

size_t ptc_utf8_chars(const char *s, size_t len) {
    /* Characters = bytes that are not continuation bytes (10xxxxxx); eight
       bytes at a time: bit 7 set and bit 6 clear marks a continuation. */
    size_t n = 0, i = 0;
    for (; len - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t cont = (x & ~(x << 1) & 0x8080808080808080ull) >> 7; /* 0/1 per byte */
        n += 8 - (size_t)((cont * 0x0101010101010101ull) >> 56);           /* their sum */
    }
    for (; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
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
        memcpy(out + n, s + i, w);
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

int ptc_contains(const char *s, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (const char *end = s + len; n && (size_t)(end - s) >= n; s++) {
        s = memchr(s, needle[0], (size_t)(end - s) - n + 1);
        if (!s) return 0;
        if (memcmp(s, needle, n) == 0) return 1;
    }
    return 0;
}

size_t ptc_norm_key(const char *s, size_t len, char *out) {
    size_t n = drop_spaces(s, len, out, FOLD_NARROW);
    while (n && out[n - 1] == ':') n--;
    return n;
}

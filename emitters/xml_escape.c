/*
 * XML text and attribute values: made XML-safe (every character XML 1.0
 * cannot carry replaced by U+FFFD) and escaped in one pass, for
 * emitters/xml.c (see there for the rules). Two writers, the same bytes:
 * into reserved room (the fast path) and through the sink's write
 * functions for a value too long for its buffer.
 */
#include <stdint.h>
#include <string.h>

#include "emitters/xml_escape.h"
#include "emitters/sink_inline.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static const char replacement[3] = {'\xEF', '\xBF', '\xBD'}; /* U+FFFD */

/*
 * Length of the well-formed UTF-8 sequence starting at s[0] (a byte >= 0x80)
 * that XML 1.0 allows, or 0 when it is not UTF-8 or is U+FFFE/U+FFFF.
 */
static size_t allowed_sequence(const unsigned char *s, size_t avail) {
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3;
    else if (c >= 0xF0 && c <= 0xF4) n = 4;
    else return 0;
    if (c == 0xE0) lo = 0xA0;      /* overlong */
    else if (c == 0xED) hi = 0x9F; /* surrogates */
    else if (c == 0xF0) lo = 0x90; /* overlong */
    else if (c == 0xF4) hi = 0x8F; /* beyond U+10FFFF */
    if (avail < n || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    if (c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF)) return 0;
    return n;
}

/* Per byte: 0 copy; 1 escape in text and attributes; 2 escape only in
   attributes; 3 not allowed in XML 1.0 (U+FFFD); 4 first byte of a
   multi-byte sequence, to be checked. */
static const unsigned char xml_class[256] = {
    3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 3, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    ['"'] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1,
    [0x80] = 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};

/* `s` made XML-safe (every character XML 1.0 cannot carry replaced by
   U+FFFD) and escaped, in one pass; clean runs are copied in bulk. */
void ptc_xml_write_escaped(ptc_sink *out, ptc_str s, bool attribute) {
    const unsigned char *in = (const unsigned char *)s.s;
    size_t run = 0, i = 0, len = s.len;
    while (i < len) {
        unsigned char c = in[i], k = xml_class[c];
        if (k == 0 || (k == 2 && !attribute)) {
            i++;
            continue;
        }
        if (k == 4) {
            /* CJK: three bytes led by E1..EE (not ED), checked inline */
            if (len - i >= 3 && c >= 0xE1 && c <= 0xEE && c != 0xED && (in[i + 1] & 0xC0) == 0x80 &&
                (in[i + 2] & 0xC0) == 0x80) {
                i += 3;
                /* a run of them without going back through the table */
                while (len - i >= 3 && in[i] >= 0xE1 && in[i] <= 0xEE && in[i] != 0xED &&
                       (in[i + 1] & 0xC0) == 0x80 && (in[i + 2] & 0xC0) == 0x80)
                    i += 3;
                continue;
            }
            size_t n = allowed_sequence(in + i, len - i);
            if (n) {
                i += n;
                continue;
            }
        }
        ptc_sink_write(out, s.s + run, i - run);
        if (k >= 3) {
            ptc_sink_write(out, replacement, sizeof replacement);
            /* U+FFFE/U+FFFF are one character: replace all three bytes. */
            if (c == 0xEF && i + 2 < len && in[i + 1] == 0xBF && (in[i + 2] == 0xBE || in[i + 2] == 0xBF))
                i += 3;
            else
                i++;
        } else {
            switch (c) {
            case '&': ptc_sink_lit(out, "&amp;"); break;
            case '<': ptc_sink_lit(out, "&lt;"); break;
            case '>': ptc_sink_lit(out, "&gt;"); break;
            case '"': ptc_sink_lit(out, "&quot;"); break;
            case '\r': ptc_sink_lit(out, "&#13;"); break;
            case '\n': ptc_sink_lit(out, "&#10;"); break;
            default: ptc_sink_lit(out, "&#9;"); break;
            }
            i++;
        }
        run = i;
    }
    ptc_sink_write(out, s.s + run, len - run);
}

/* Length of the allowed UTF-8 sequence at s (s[0] >= 0x80), 0 when not:
   allowed_sequence, with the common case (CJK: E1..EC, EE and two
   continuation bytes) first. */
static inline size_t utf8_allowed(const unsigned char *s, size_t avail) {
    unsigned char c = s[0];
    if (avail >= 3 && c >= 0xE1 && c <= 0xEE && c != 0xED && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80)
        return 3;
    return allowed_sequence(s, avail);
}

/* The byte at in[*i], which needs more than a copy (an entity, or U+FFFD
   for what XML 1.0 cannot carry), written at p. */
static char *xml_special(char *p, const unsigned char *in, size_t *i, size_t len) {
    unsigned char c = in[*i];
    const char *lit;
    size_t n;
    switch (c) {
    case '&': lit = "&amp;", n = 5; break;
    case '<': lit = "&lt;", n = 4; break;
    case '>': lit = "&gt;", n = 4; break;
    case '"': lit = "&quot;", n = 6; break;
    case '\r': lit = "&#13;", n = 5; break;
    case '\n': lit = "&#10;", n = 5; break;
    case '\t': lit = "&#9;", n = 4; break;
    default:
        memcpy(p, replacement, sizeof replacement);
        /* U+FFFE/U+FFFF are one character: replace all three bytes. */
        if (c == 0xEF && *i + 2 < len && in[*i + 1] == 0xBF && (in[*i + 2] == 0xBE || in[*i + 2] == 0xBF))
            *i += 3;
        else
            (*i)++;
        return p + sizeof replacement;
    }
    memcpy(p, lit, n);
    (*i)++;
    return p + n;
}

#if defined(__SSE2__)
/* One bit per ASCII byte of the 16 that needs xml_special: below 0x20
   (TAB and LF only in attributes), '"', '&', '<', '>'. `tab_lf_ok` is all
   ones in text, zero in attributes. */
static inline unsigned xml_special16(__m128i v, __m128i tab_lf_ok) {
    __m128i m = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
    __m128i ok = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
    m = _mm_andnot_si128(_mm_and_si128(ok, tab_lf_ok), m);
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
    return (unsigned)_mm_movemask_epi8(m);
}
#endif

#if defined(__SSE2__)
/* How many of the 16 bytes at in + i (v, which the caller has already
   stored at its output) are clean: up to the first byte that needs
   xml_special (*special set) or a multi-byte sequence that runs past the
   block (the next block starts with it). Bytes past the end of the string
   (a padded tail) must be zero: they stop the count as specials. */
static inline size_t clean_prefix(__m128i v, const unsigned char *in, size_t i, size_t len, __m128i tab_lf_ok,
                                  bool *special_out) {
    unsigned high = (unsigned)_mm_movemask_epi8(v), special = xml_special16(v, tab_lf_ok);
    size_t stop = special ? (size_t)__builtin_ctz(special) : 16;
    *special_out = special != 0;
    if (!high) return stop;
    /* The common case, CJK between ASCII: every high byte is a lead
       E1..EC/EE (the ones allowed_sequence takes without a second look)
       or one of the two continuation bytes after one; checked on the
       bit masks of the whole block at once. */
    __m128i e = _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xF0)), _mm_set1_epi8((char)0xE0));
    __m128i odd = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE0)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED)),
                                            _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF))));
    unsigned lead = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(odd, e));
    unsigned cont = (unsigned)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80)));
    unsigned expect = (lead << 1) | (lead << 2);
    if (high == (lead | cont) && (expect & 0xFFFF) == cont) {
        /* a lead at 14 or 15 ends in the next block */
        size_t cut = expect >> 16 ? (size_t)(31 - __builtin_clz(lead)) : 16;
        if (cut < stop) {
            *special_out = false;
            return cut;
        }
        return stop;
    }
    /* Anything else: sequence by sequence, ASCII between them skipped. */
    size_t j = 0;
    for (;;) {
        unsigned h = high >> j;
        size_t next = h ? j + (size_t)__builtin_ctz(h) : 16;
        if (next >= stop) return stop;
        j = next;
        size_t n = utf8_allowed(in + i + j, len - i - j);
        if (!n) {
            *special_out = true; /* U+FFFD */
            return j;
        }
        if (j + n > 16) break;
        j += n;
        if (j == 16) break;
    }
    *special_out = false;
    return j;
}
#endif

/* ptc_xml_write_escaped's bytes written at p, which has XML_ROOM(len) bytes;
   returns the end. With SSE2, 16 bytes are copied at once and checked on
   their bit masks (clean_prefix); the last few through a zero-padded
   copy, the same way. */
char *ptc_xml_escape_into(char *p, const char *text, size_t len, bool attribute) {
    const unsigned char *in = (const unsigned char *)text;
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i tab_lf_ok = _mm_set1_epi8(attribute ? 0 : -1);
    while (i < len) {
        __m128i v;
        if (len - i >= 16) {
            v = _mm_loadu_si128((const __m128i *)(const void *)(in + i));
        } else {
            unsigned char tail[16] = {0};
            memcpy(tail, in + i, len - i);
            v = _mm_loadu_si128((const __m128i *)(const void *)tail);
        }
        _mm_storeu_si128((__m128i *)(void *)p, v);
        bool special;
        size_t j = clean_prefix(v, in, i, len, tab_lf_ok, &special);
        i += j, p += j;
        if (special && i < len) p = xml_special(p, in, &i, len);
    }
#else
    while (i < len) {
        unsigned char c = in[i], k = xml_class[c];
        if (k == 0 || (k == 2 && !attribute)) {
            *p++ = (char)c;
            i++;
            continue;
        }
        if (k == 4) {
            size_t n = utf8_allowed(in + i, len - i);
            if (n) {
                for (size_t e = i + n; i < e; i++) *p++ = (char)in[i];
                continue;
            }
        }
        p = xml_special(p, in, &i, len);
    }
#endif
    return p;
}


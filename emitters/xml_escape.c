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

/* The exact path, a byte at a time from in[i]: the definition the vector
   paths below stop at whenever their masks see anything but clean text. */
static char *escape_bytes(char *p, const unsigned char *in, size_t i, size_t len, bool attribute) {
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
    return p;
}

#if defined(__SSE2__)
/* One bit per ASCII byte of the 16 that needs xml_special: below 0x20
   (TAB and LF only in attributes), '"', '&', '<', '>'. */
static inline __m128i xml_special16(__m128i v, bool attribute) {
    __m128i m = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
    if (!attribute)
        m = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                             m);
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
    return _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
}

/* The three bit masks of 16 bytes the quick test works on, for the bytes
   `valid` names (the others are padding). `stop`: a byte that needs
   xml_special, a high byte that is neither a lead E1..EC, EE, EF nor a
   continuation byte, or an EF lead followed by BF (U+FFC0..U+FFFF: the
   non-characters among them need a closer look); `lead`: those leads,
   which with any two continuation bytes make an allowed character; `cont`:
   80..BF. A block whose leads each have their two continuation bytes and
   which has no other is clean: CJK between ASCII, nearly every string.
   The compares are signed (SSE2 has no unsigned ones): the high bytes are
   the negative ones. */
static inline void xml_masks16(__m128i v, bool attribute, unsigned valid, unsigned *stop, unsigned *lead,
                               unsigned *cont) {
    __m128i c = _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0)); /* 80..BF */
    /* E1..EF moved to 80..8E, the only bytes then below 8F; less ED */
    __m128i l = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 0xE1))), _mm_set1_epi8((char)0x8F));
    l = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED)), l);
    /* below 0x20: the controls and the high bytes, less leads and continuations */
    __m128i m = _mm_andnot_si128(_mm_or_si128(l, c), _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
    /* '"' 22 and '&' 26 are the bytes that are 26 with bit 2 set, '<' 3C
       and '>' 3E the ones that are 3E with bit 1 set */
    m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(4)), _mm_set1_epi8(0x26)));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(2)), _mm_set1_epi8(0x3E)));
    m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF)),
                                      _mm_srli_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xBF)), 1)));
    unsigned st = (unsigned)_mm_movemask_epi8(m) & valid;
    if (!attribute && st) /* TAB and LF stay in text */
        st &= ~(unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
    *stop = st;
    *lead = (unsigned)_mm_movemask_epi8(l);
    *cont = (unsigned)_mm_movemask_epi8(c);
}

/* How many of the 16 bytes at in + i (v, which the caller has already
   stored at its output) are clean, the exact way: up to the first byte
   that needs xml_special (*special set) or a multi-byte sequence that runs
   past the block (the next block starts with it); for a block the quick
   test did not pass. */
static size_t clean_prefix_exact(__m128i v, const unsigned char *in, size_t i, size_t len, bool attribute,
                                 bool *special_out) {
    unsigned high = (unsigned)_mm_movemask_epi8(v);
    unsigned special = (unsigned)_mm_movemask_epi8(xml_special16(v, attribute));
    size_t stop = special ? (size_t)__builtin_ctz(special) : 16;
    /* sequence by sequence, ASCII between them skipped */
    size_t j = 0;
    for (;;) {
        unsigned h = high >> j;
        size_t next = h ? j + (size_t)__builtin_ctz(h) : 16;
        if (next >= stop) {
            *special_out = special != 0;
            return stop;
        }
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

/* The rest of the string from in[i] (a character boundary) the exact way:
   whole blocks through clean_prefix_exact, the last few a byte at a time.
   Out of line, so that the quick path below keeps to a few registers. */
static __attribute__((noinline)) char *escape_rest(char *p, const unsigned char *in, size_t i, size_t len,
                                                   bool attribute) {
    while (len - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + i));
        _mm_storeu_si128((__m128i *)(void *)p, v);
        bool special;
        size_t j = clean_prefix_exact(v, in, i, len, attribute, &special);
        i += j, p += j;
        if (special) p = xml_special(p, in, &i, len);
    }
    return escape_bytes(p, in, i, len, attribute);
}

/* ptc_xml_escape_into with `attribute` a constant: the quick mask test on
   whole blocks of 16, copied as they are checked, and on the last 1..15
   bytes, loaded as two pieces that meet or overlap (the first at the start
   of the tail, the second ending at the end of the string) and shifted
   together in string order in one vector, so that they too are one test.
   Anything the test does not pass goes to escape_rest from the block or
   tail it is in. */
static inline __attribute__((always_inline)) char *escape_into(char *p, const unsigned char *in, size_t len,
                                                              const bool attribute) {
    size_t i = 0;
    unsigned stop, lead, cont;
    while (len - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + i));
        _mm_storeu_si128((__m128i *)(void *)p, v);
        xml_masks16(v, attribute, 0xFFFF, &stop, &lead, &cont);
        unsigned expect = (lead << 1) | (lead << 2);
        if (stop | (cont ^ (expect & 0xFFFF))) return escape_rest(p, in, i, len, attribute);
        /* a lead at 14 or 15 ends in the next block, which starts with it */
        size_t j = expect >> 16 ? (size_t)(31 - __builtin_clz(lead)) : 16;
        i += j, p += j;
    }
    size_t rem = len - i;
    if (!rem) return p;
    const unsigned char *s = in + i;
    /* the tail put together in string order, zeros after it (controls,
       which `valid` leaves out, and neither leads nor continuations) */
    uint64_t lo, hi = 0;
    if (rem >= 8) {
        memcpy(&lo, s, 8);
        if (rem > 8) memcpy(&hi, s + rem - 8, 8), hi >>= 8 * (16 - rem);
    } else if (rem >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + rem - 4, 4);
        lo = a | (uint64_t)b << (8 * (rem - 4)); /* the bytes both hold are the same */
    } else {
        /* 1..3 bytes: the first, the middle and the last, which may be one */
        lo = (uint64_t)s[0] | (uint64_t)s[rem >> 1] << (8 * (rem >> 1)) | (uint64_t)s[rem - 1] << (8 * (rem - 1));
    }
    __m128i v = _mm_set_epi64x((long long)hi, (long long)lo);
    _mm_storeu_si128((__m128i *)(void *)p, v);
    xml_masks16(v, attribute, (1u << rem) - 1, &stop, &lead, &cont);
    /* a lead in the last two bytes expects a continuation past the end,
       which cont never has: the exact path then */
    if (!stop && cont == ((lead << 1) | (lead << 2))) return p + rem;
    return escape_rest(p, in, i, len, attribute);
}
#endif

/* ptc_xml_write_escaped's bytes written at p, which has XML_ROOM(len) bytes;
   returns the end. */
char *ptc_xml_escape_into(char *p, const char *text, size_t len, bool attribute) {
    const unsigned char *in = (const unsigned char *)text;
#if defined(__SSE2__)
    return attribute ? escape_into(p, in, len, true) : escape_into(p, in, len, false);
#else
    return escape_bytes(p, in, 0, len, attribute);
#endif
}

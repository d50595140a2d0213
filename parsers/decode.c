/*
 * Decoding: raw bytes -> UTF-8 lines (see decode.h).
 *
 * Two layers. The byte layer (our own UTF-8 validator, or iconv for every
 * other encoding) produces UTF-8 text and "replacement" events. The line
 * layer splits that text at LF / CRLF / CR, keeps at most
 * PTC_MAX_LINE_BYTES of a line, and reports the per-line diagnostics when
 * the line ends. Both layers only ever see whole characters, so a chunk
 * boundary inside a character, a BOM or a CRLF cannot change the output.
 */
#include "parsers/decode_state.h"
#include "parsers/detect.h"
#include "parsers/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* ------------------------------------------------------------------------ */
/* Line layer                                                                */
/* ------------------------------------------------------------------------ */

static uint32_t clamp_u32(uint64_t v) { return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v; }

static uint64_t count_chars(const char *p, size_t n)
{
    uint64_t chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)p[i] & 0xC0u) != 0x80u;
    return chars;
}

/* Characters in the current line so far (not valid once it overflowed). */
static uint64_t line_chars(ptc_decoder *d)
{
    if (d->line) /* still NULL before the first non-empty line */
        d->chars_counted +=
            count_chars(d->line + d->chars_counted_upto, d->line_len - d->chars_counted_upto);
    d->chars_counted_upto = d->line_len;
    return d->chars_counted;
}

static int append_to_line(ptc_decoder *d, const char *p, size_t n)
{
    if (n == 0)
        return PTC_OK;
    d->line_bytes += n;
    if (d->line_overflow)
        return PTC_OK;
    if (d->line_bytes > PTC_MAX_LINE_BYTES) {
        /* Drop what we have: the line will not be delivered, and holding it
           would make memory grow with the line. */
        d->line_overflow = true;
        d->line_len = 0;
        return PTC_OK;
    }
    if (d->line_len + n > d->line_cap) {
        size_t cap = d->line_cap ? d->line_cap : INITIAL_LINE_CAP;
        while (cap < d->line_len + n)
            cap *= 2;
        if (cap > PTC_MAX_LINE_BYTES)
            cap = PTC_MAX_LINE_BYTES;
        char *grown = realloc(d->line, cap);
        if (!grown)
            return d->err = PTC_ERR_NOMEM;
        d->line = grown;
        d->line_cap = cap;
    }
    memcpy(d->line + d->line_len, p, n);
    d->line_len += n;
    return PTC_OK;
}

static void report_bad_bytes(ptc_decoder *d)
{
    char msg[200];
    if (d->bad_replacements == 1 && d->bad_bytes <= sizeof d->bad_first) {
        char list[24] = "";
        size_t used = 0;
        for (size_t i = 0; i < d->bad_first_len; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s0x%02X",
                                     i ? " " : "", d->bad_first[i]);
        bool plural = d->bad_first_len > 1;
        if (d->bad_from_iconv)
            snprintf(msg, sizeof msg, "%s %s %s not valid %s, replaced with U+FFFD",
                     plural ? "bytes" : "byte", list, plural ? "are" : "is", d->encoding);
        else
            snprintf(msg, sizeof msg, "invalid UTF-8 %s %s replaced with U+FFFD",
                     plural ? "bytes" : "byte", list);
    } else {
        snprintf(msg, sizeof msg, "%llu invalid bytes replaced with U+FFFD, first 0x%02X",
                 (unsigned long long)d->bad_bytes, d->bad_first[0]);
    }
    d->on_diag(d->ud, PTC_SEV_WARNING, "invalid-byte", d->lineno, clamp_u32(d->bad_col), msg);
}

/* Ends the current line; `text`/`len` is the whole line when it was never
   copied into d->line (it lay within one chunk), else NULL. */
static inline void end_line_slice(ptc_decoder *d, const char *text, size_t len)
{
    if (d->line_overflow) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "line is %llu bytes long, more than the limit of %u; it was not read",
                 (unsigned long long)d->line_bytes, (unsigned)PTC_MAX_LINE_BYTES);
        d->on_diag(d->ud, PTC_SEV_ERROR, "line-too-long", d->lineno, 1, msg);
    } else {
        /* Held until the line ends so that binary input costs one warning
           per kind and line, not one per byte; column order keeps the
           output independent of which kind was seen first. */
        bool bad = d->bad_replacements > 0, nul = d->nul_col > 0;
        if (bad && (!nul || d->bad_col < d->nul_col)) {
            report_bad_bytes(d);
            bad = false;
        }
        if (nul)
            d->on_diag(d->ud, PTC_SEV_WARNING, "nul-byte", d->lineno, clamp_u32(d->nul_col),
                       "NUL byte in line");
        if (bad)
            report_bad_bytes(d);
        if (text)
            d->on_line(d->ud, d->lineno, text, len);
        else
            d->on_line(d->ud, d->lineno, d->line ? d->line : "", d->line_len);
    }
    d->line_len = 0;
    d->line_bytes = 0;
    d->line_overflow = false;
    d->chars_counted_upto = 0;
    d->chars_counted = 0;
    d->bad_replacements = d->bad_bytes = 0;
    d->nul_col = 0;
    if (d->lineno < UINT32_MAX)
        d->lineno++;
}

static void end_line(ptc_decoder *d) { end_line_slice(d, NULL, 0); }

/* x as if loaded little-endian: the byte at the lowest address in bits 0-7. */
static inline uint64_t le64(uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(x);
#else
    return x;
#endif
}

/* Bit 7 of each byte of x (little-endian) that may be LF, CR or NUL, the
   only bytes the line layer looks at (TAB, frequent, passes). A borrow can
   only flag a byte above a true match, so the lowest flag is exact. */
static inline uint64_t control8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t lf = x ^ (ones * '\n'), cr = x ^ (ones * '\r');
    return (((lf - ones) & ~lf) | ((cr - ones) & ~cr) | ((x - ones) & ~x)) & high;
}

/* The first LF, CR or NUL in [q, end), or end. Lines are long next to the
   step: sixteen bytes at a time where SSE2 is there (every x86-64), then
   eight, and the position of the match taken from the mask, not found
   again a byte at a time. */
static inline const unsigned char *next_control(const unsigned char *q, const unsigned char *end)
{
#ifdef __SSE2__
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128();
#define CONTROLS16(x)                                                                              \
    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)), _mm_cmpeq_epi8(x, nul))
    /* two windows a step, one test for both: the loop's own cost halves */
    while (end - q >= 32) {
        __m128i m0 = CONTROLS16(_mm_loadu_si128((const __m128i *)(const void *)q));
        __m128i m1 = CONTROLS16(_mm_loadu_si128((const __m128i *)(const void *)(q + 16)));
        if (_mm_movemask_epi8(_mm_or_si128(m0, m1))) {
            unsigned bits = (unsigned)_mm_movemask_epi8(m0) | (unsigned)_mm_movemask_epi8(m1) << 16;
            return q + __builtin_ctz(bits);
        }
        q += 32;
    }
    if (end - q >= 16) {
        unsigned bits = (unsigned)_mm_movemask_epi8(CONTROLS16(_mm_loadu_si128((const __m128i *)(const void *)q)));
        if (bits)
            return q + __builtin_ctz(bits);
        q += 16;
    }
#undef CONTROLS16
#endif
    while (end - q >= 8) {
        uint64_t word;
        memcpy(&word, q, 8);
        uint64_t m = control8(le64(word));
        if (m)
            return q + (__builtin_ctzll(m) >> 3);
        q += 8;
    }
    while (q < end && *q != '\n' && *q != '\r' && *q != 0)
        q++;
    return q;
}

/* `text` is valid UTF-8 made of whole characters. */
int ptc_decode_text(ptc_decoder *d, const char *text, size_t n)
{
    const unsigned char *q = (const unsigned char *)text, *end = q + n;
    if (n == 0)
        return d->err;
    if (d->drop_leading_bom) {
        d->drop_leading_bom = false;
        if (n >= 3 && memcmp(q, "\xEF\xBB\xBF", 3) == 0)
            q += 3;
    }
    if (d->after_cr && q < end) {
        d->after_cr = false;
        if (*q == '\n')
            q++;
    }
    const unsigned char *start = q;
    while ((q = next_control(q, end)) < end) {
        unsigned char c = *q;
        if (c == '\n' || c == '\r') {
            if (d->line_bytes == 0 && d->nul_col == 0 && (size_t)(q - start) <= PTC_MAX_LINE_BYTES) {
                /* The common line: whole in this chunk (or empty), no
                   NUL, not too long. Nothing of it was appended or counted
                   (no bad byte either: a replacement appends), so every
                   per-line field is still as end_line_slice leaves it and
                   there is nothing to report: only the callback (given
                   what end_line gives for an empty line) and the number. */
                if (q > start)
                    d->on_line(d->ud, d->lineno, (const char *)start, (size_t)(q - start));
                else
                    d->on_line(d->ud, d->lineno, d->line ? d->line : "", 0);
                if (d->lineno < UINT32_MAX)
                    d->lineno++;
            } else if (d->line_bytes == 0 && q > start) {
                /* The whole line is in this chunk: hand it over as a slice
                   of the buffer, no copy. */
                d->line_bytes = (uint64_t)(q - start);
                if (d->line_bytes > PTC_MAX_LINE_BYTES)
                    d->line_overflow = true;
                end_line_slice(d, (const char *)start, (size_t)(q - start));
            } else {
                if (append_to_line(d, (const char *)start, (size_t)(q - start)))
                    return d->err;
                end_line(d);
            }
            q++;
            if (c == '\r') {
                if (q == end)
                    d->after_cr = true;
                else if (*q == '\n')
                    q++;
            }
            start = q;
            continue;
        }
        if (d->nul_col == 0) {
            if (append_to_line(d, (const char *)start, (size_t)(q - start)))
                return d->err;
            start = q;
            if (!d->line_overflow)
                d->nul_col = line_chars(d) + 1;
        }
        q++;
    }
    return append_to_line(d, (const char *)start, (size_t)(end - start));
}

int ptc_decode_replacement(ptc_decoder *d, const unsigned char *bad, size_t n, bool from_iconv)
{
    d->drop_leading_bom = false;
    if (!d->line_overflow) {
        if (d->bad_replacements == 0) {
            d->bad_first_len = n < sizeof d->bad_first ? n : sizeof d->bad_first;
            memcpy(d->bad_first, bad, d->bad_first_len);
            d->bad_col = line_chars(d) + 1;
            d->bad_from_iconv = from_iconv;
        }
        d->bad_replacements++;
        d->bad_bytes += n;
    }
    return ptc_decode_text(d, REPLACEMENT, 3);
}

/* ------------------------------------------------------------------------ */
/* UTF-8 byte layer                                                          */
/* ------------------------------------------------------------------------ */

static int utf8_feed(ptc_decoder *d, const unsigned char *p, size_t n)
{
    if (d->carry_len > 0 && n > 0) {
        unsigned char joined[8];
        size_t take = 4 - d->carry_len < n ? 4 - d->carry_len : n, seq;
        memcpy(joined, d->carry, d->carry_len);
        memcpy(joined + d->carry_len, p, take);
        enum seq_status st = utf8_sequence(joined, d->carry_len + take, &seq);
        if (st == SEQ_INCOMPLETE) { /* four bytes always decide, so n was all taken */
            memcpy(d->carry, joined, d->carry_len + take);
            d->carry_len += take;
            return PTC_OK;
        }
        /* The carry is a valid prefix, so seq >= carry_len. */
        int rc = st == SEQ_VALID ? ptc_decode_text(d, (const char *)joined, seq)
                                 : ptc_decode_replacement(d, joined, seq, false);
        if (rc)
            return rc;
        p += seq - d->carry_len;
        n -= seq - d->carry_len;
        d->carry_len = 0;
    }
    const unsigned char *q = p, *end = p + n, *run = p;
    while (q < end) {
        q = skip_ascii(utf8_skip_common(q, end), end);
        if (q == end)
            break;
        /* Then, short of a block: the 3-byte characters (CJK) that make up
           most of the text, checked branch-light; anything else goes
           through utf8_sequence. E0 and ED restrict the second byte. */
        /* two at a time first, from one 8-byte load: both lead bytes Ex
           other than E0 and ED (their second byte is restricted: the byte
           checks below decide them), both followed by two 10xxxxxx */
        while (end - q >= 8) {
            uint64_t w;
            memcpy(&w, q, 8);
            w = le64(w);
            if ((w & 0xC0C0F0C0C0F0ull) != 0x8080E08080E0ull ||
                !((0xDFFEu >> (w & 15)) & (0xDFFEu >> ((w >> 24) & 15)) & 1u))
                break;
            q += 6;
        }
        while (end - q >= 3 && (q[0] & 0xF0u) == 0xE0u && (q[1] & 0xC0u) == 0x80u &&
               (q[2] & 0xC0u) == 0x80u && (q[0] != 0xE0u || q[1] >= 0xA0u) &&
               (q[0] != 0xEDu || q[1] <= 0x9Fu))
            q += 3;
        if (q == end)
            break;
        if (*q < 0x80u)
            continue;
        size_t seq;
        enum seq_status st = utf8_sequence(q, (size_t)(end - q), &seq);
        if (st == SEQ_VALID) {
            q += seq;
            continue;
        }
        if (ptc_decode_text(d, (const char *)run, (size_t)(q - run)))
            return d->err;
        if (st == SEQ_INCOMPLETE) {
            memcpy(d->carry, q, seq);
            d->carry_len = seq;
            return PTC_OK;
        }
        if (ptc_decode_replacement(d, q, seq, false))
            return d->err;
        q += seq;
        run = q;
    }
    return ptc_decode_text(d, (const char *)run, (size_t)(end - run));
}

/* ------------------------------------------------------------------------ */
/* API                                                                       */
/* ------------------------------------------------------------------------ */

static int decode_bytes(ptc_decoder *d, const unsigned char *p, size_t n)
{
    return d->mode == MODE_UTF8 ? utf8_feed(d, p, n) : ptc_decode_iconv_feed(d, p, n);
}

ptc_decoder *ptc_decoder_new(const char *forced_encoding, ptc_line_fn on_line,
                             ptc_decode_diag_fn on_diag, void *ud, int *err)
{
    int dummy;
    if (!err)
        err = &dummy;
    *err = PTC_OK;
    ptc_decoder *d = calloc(1, sizeof *d);
    if (!d) {
        *err = PTC_ERR_NOMEM;
        return NULL;
    }
    d->on_line = on_line;
    d->on_diag = on_diag;
    d->ud = ud;
    d->cd = (iconv_t)-1;
    d->lineno = 1;
    if (forced_encoding) {
        d->forced_name = strdup(forced_encoding);
        if (!d->forced_name) {
            ptc_decoder_free(d);
            *err = PTC_ERR_NOMEM;
            return NULL;
        }
        d->encoding = d->forced_name;
        d->how = "forced";
        d->drop_leading_bom = true;
        if (strcasecmp(forced_encoding, "UTF-8") == 0 || strcasecmp(forced_encoding, "UTF8") == 0) {
            d->mode = MODE_UTF8;
        } else if ((*err = ptc_decode_open_iconv(d, forced_encoding)) != PTC_OK) {
            ptc_decoder_free(d);
            return NULL;
        }
    }
    return d;
}

void ptc_decoder_set_first_line(ptc_decoder *d, uint32_t first)
{
    d->lineno = first ? first : 1;
}

static int decide_from_sample(ptc_decoder *d, bool final)
{
    static const unsigned char no_input[1];
    const unsigned char *sample = d->sample ? d->sample : no_input; /* NULL + 0 is UB */
    size_t bom_len;
    int rc = ptc_decode_choose(d, sample, d->sample_len, final, &bom_len);
    if (rc <= 0)
        return rc < 0 ? (d->err = rc) : PTC_OK;
    rc = decode_bytes(d, sample + bom_len, d->sample_len - bom_len);
    free(d->sample);
    d->sample = NULL;
    d->sample_len = d->sample_cap = 0;
    return rc;
}

int ptc_decoder_feed(ptc_decoder *d, const void *bytes, size_t len)
{
    if (d->finished)
        return PTC_ERR_STATE;
    if (d->err)
        return d->err;
    const unsigned char *p = bytes;
    d->bytes_in += len;
    if (len == 0)
        return PTC_OK;
    if (d->mode == MODE_UNDECIDED) {
        size_t take = PTC_DETECT_BYTES - d->sample_len;
        if (take > len)
            take = len;
        /* grown to what arrived, not 64 KiB at once: most inputs decide
           early or are short, and a parser per short input is cheaper */
        if (d->sample_len + take > d->sample_cap) {
            size_t cap = d->sample_cap ? d->sample_cap : 4096;
            while (cap < d->sample_len + take)
                cap *= 2;
            if (cap > PTC_DETECT_BYTES)
                cap = PTC_DETECT_BYTES;
            unsigned char *n = realloc(d->sample, cap);
            if (!n)
                return d->err = PTC_ERR_NOMEM;
            d->sample = n;
            d->sample_cap = cap;
        }
        memcpy(d->sample + d->sample_len, p, take);
        d->sample_len += take;
        p += take;
        len -= take;
        int rc = decide_from_sample(d, false);
        if (rc || d->mode == MODE_UNDECIDED)
            return rc;
    }
    return decode_bytes(d, p, len);
}

int ptc_decoder_finish(ptc_decoder *d)
{
    if (d->finished)
        return PTC_ERR_STATE;
    if (d->err)
        return d->err;
    d->finished = true;
    if (d->mode == MODE_UNDECIDED) {
        int rc = decide_from_sample(d, true);
        if (rc)
            return rc;
    }
    if (d->carry_len > 0) {
        /* An incomplete sequence at the end of input is one invalid run. */
        if (ptc_decode_replacement(d, d->carry, d->carry_len, d->mode == MODE_ICONV))
            return d->err;
        d->carry_len = 0;
    }
    if (d->mode == MODE_ICONV) {
        /* Stateful encodings may owe a final shift sequence. */
        char out[64], *op = out;
        size_t out_left = sizeof out;
        if (iconv(d->cd, NULL, NULL, &op, &out_left) != (size_t)-1 &&
            ptc_decode_text(d, out, (size_t)(op - out)))
            return d->err;
    }
    if (d->line_bytes > 0)
        end_line(d);
    return d->err;
}

const char *ptc_decoder_encoding(const ptc_decoder *d, const char **how)
{
    bool decided = d->mode != MODE_UNDECIDED;
    if (how)
        *how = decided ? d->how : NULL;
    return decided ? d->encoding : NULL;
}

uint64_t ptc_decoder_bytes(const ptc_decoder *d) { return d->bytes_in; }

void ptc_decoder_free(ptc_decoder *d)
{
    if (!d)
        return;
    if (d->cd != (iconv_t)-1)
        iconv_close(d->cd);
    free(d->forced_name);
    free(d->sample);
    free(d->line);
    free(d);
}

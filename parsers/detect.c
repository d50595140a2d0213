/* Encoding detection without a BOM (see detect.h). */
#include "parsers/detect.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "common/limits.h"
#include "parsers/utf8.h"

/* Output buffer of the trial GB18030 conversion. */
#define ICONV_OUT_BYTES 8192u

/* Code points expected in these documents: ASCII text, Latin/punctuation/
   symbols (≥ ≧ …), CJK punctuation and ideographs, full-width forms. */
static inline bool plausible_utf16_unit(unsigned u)
{
    if (u < 0x80)
        return (u >= 0x20 && u != 0x7F) || u == '\t' || u == '\n' || u == '\r';
    return (u >= 0xA0 && u <= 0x33FF) || (u >= 0x4E00 && u <= 0x9FFF) ||
           (u >= 0xFF00 && u <= 0xFFEF);
}

static bool converts_cleanly_as_gb18030(const unsigned char *s, size_t n, bool final)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return false;
    char out[ICONV_OUT_BYTES];
    char *ip = (char *)(uintptr_t)s;
    size_t left = n;
    bool clean = true;
    while (left > 0) {
        char *op = out;
        size_t out_left = sizeof out;
        if (iconv(cd, &ip, &left, &op, &out_left) != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        clean = errno == EINVAL && !final; /* cut at the sample end is fine */
        break;
    }
    iconv_close(cd);
    return clean;
}


/*
 * Detection rule (no BOM), on the first PTC_DETECT_BYTES:
 *  1. UTF-16 by NULs: at least 1/8 of the 16-bit units (and >= 2) have a
 *     zero byte on one side, the other side has at most 1/8 as many zeros,
 *     and >= 90% of units in that byte order are plausible code points.
 *     Checked first because ASCII in UTF-16 is also valid UTF-8.
 *  2. Valid UTF-8 (an incomplete sequence cut at the sample end ignored).
 *  3. Mostly UTF-8: some valid multi-byte characters and invalid subparts
 *     fewer than 1% of the non-ASCII bytes (damaged UTF-8; GB18030 read as
 *     UTF-8 is invalid almost everywhere).
 *  4. Converts through iconv as GB18030 without an invalid sequence.
 *  5. UTF-16 without NULs (pure CJK): >= 95% plausible units.
 *  6. Otherwise UTF-8, with replacements.
 */
/* Plausible code points among the 16-bit units of s, read little-endian
   and big-endian. */
static void count_plausible(const unsigned char *s, size_t units, size_t *le, size_t *be)
{
    size_t plausible_le = 0, plausible_be = 0;
    for (size_t i = 0; i < units; i++) {
        unsigned a = s[2 * i], b = s[2 * i + 1];
        plausible_le += plausible_utf16_unit(b << 8 | a);
        plausible_be += plausible_utf16_unit(a << 8 | b);
    }
    *le = plausible_le;
    *be = plausible_be;
}

/* Whether s[0..n) holds an invalid sequence (an incomplete one at the end
   too when `final`): rule 2 without its counts. Most samples are valid
   UTF-8, and the common characters are checked 16 bytes at a time. */
static bool has_invalid_utf8(const unsigned char *s, size_t n, bool final)
{
    const unsigned char *q = s, *end = s + n;
    while ((q = skip_ascii(utf8_skip_common(q, end), end)) < end) {
        size_t seq;
        enum seq_status st = utf8_sequence(q, (size_t)(end - q), &seq);
        if (st == SEQ_VALID) {
            q += seq;
            continue;
        }
        return st == SEQ_INVALID || final;
    }
    return false;
}

enum guess guess_encoding(const unsigned char *s, size_t n, bool final)
{
    /* The counts are taken only where a rule reads them: the plausible
       units when the zeros point to UTF-16, or at rule 5. */
    size_t units = n / 2, zeros_even = 0, zeros_odd = 0, plausible_le = 0, plausible_be = 0;
    bool plausible_counted = false;
    if (memchr(s, 0, n))
        for (size_t i = 0; i < units; i++) {
            zeros_even += s[2 * i] == 0;
            zeros_odd += s[2 * i + 1] == 0;
        }
    bool le_zeros = zeros_odd >= 2 && zeros_odd * 8 >= units && zeros_even * 8 <= zeros_odd;
    bool be_zeros = zeros_even >= 2 && zeros_even * 8 >= units && zeros_odd * 8 <= zeros_even;
    if (le_zeros || be_zeros) {
        count_plausible(s, units, &plausible_le, &plausible_be);
        plausible_counted = true;
    }
    if (le_zeros && plausible_le * 10 >= units * 9)
        return GUESS_UTF16LE;
    if (be_zeros && plausible_be * 10 >= units * 9)
        return GUESS_UTF16BE;

    if (!has_invalid_utf8(s, n, final))
        return GUESS_UTF8;
    size_t invalid = 0, multibyte = 0, non_ascii = 0;
    const unsigned char *q = s, *end = s + n;
    while ((q = skip_ascii(q, end)) < end) {
        size_t seq;
        enum seq_status st = utf8_sequence(q, (size_t)(end - q), &seq);
        if (st == SEQ_INCOMPLETE && !final)
            break;
        non_ascii += seq;
        if (st == SEQ_VALID)
            multibyte++;
        else
            invalid++;
        q += seq;
    }
    if (invalid == 0)
        return GUESS_UTF8;
    if (multibyte > 0 && invalid * 100 < non_ascii)
        return GUESS_UTF8;
    if (converts_cleanly_as_gb18030(s, n, final))
        return GUESS_GB18030;
    if (units >= 2 && (!final || n % 2 == 0)) {
        if (!plausible_counted)
            count_plausible(s, units, &plausible_le, &plausible_be);
        if (plausible_le * 20 >= units * 19 && plausible_le >= plausible_be)
            return GUESS_UTF16LE;
        if (plausible_be * 20 >= units * 19)
            return GUESS_UTF16BE;
    }
    return GUESS_UTF8;
}

/*
 * Deciding early, for latency (a pipe shows the first document without
 * waiting for 64 KiB): at least PTC_DETECT_EARLY_BYTES that are valid
 * UTF-8 (an incomplete character at the end aside), without a NUL byte
 * (UTF-16 has them), holding at least PTC_DETECT_EARLY_CHARS multi-byte
 * characters. Such a sample is what rule 2 of guess_encoding decides on a
 * full sample too, unless later bytes were mostly invalid or NULs.
 */
#define PTC_DETECT_EARLY_BYTES 4096u
#define PTC_DETECT_EARLY_CHARS 256u
bool clearly_utf8(early_scan *e, const unsigned char *s, size_t n)
{
    /* A NUL or an invalid sequence stays in every longer sample, and the
       characters read stay the same: each call goes on where the last one
       stopped (at the end, or at a character cut by it). */
    if (n < PTC_DETECT_EARLY_BYTES || e->failed)
        return false;
    if (memchr(s + e->nul_checked, 0, n - e->nul_checked)) {
        e->failed = true;
        return false;
    }
    e->nul_checked = n;
    const unsigned char *q = s + e->scanned, *end = s + n;
    while ((q = skip_ascii(q, end)) < end) {
        size_t seq;
        enum seq_status st = utf8_sequence(q, (size_t)(end - q), &seq);
        if (st == SEQ_INCOMPLETE)
            break;
        if (st == SEQ_INVALID) {
            e->failed = true;
            return false;
        }
        e->multibyte++;
        q += seq;
    }
    e->scanned = (size_t)(q - s);
    return e->multibyte >= PTC_DETECT_EARLY_CHARS;
}

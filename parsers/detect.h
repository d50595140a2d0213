/*
 * Encoding detection without a BOM: what the first bytes of an input are
 * (the rule is documented at guess_encoding in detect.c). Internal to
 * parsers/; the decoder (decode.c) acts on the answer.
 */
#ifndef PTC_DETECT_H
#define PTC_DETECT_H

#include <stdbool.h>
#include <stddef.h>

enum guess { GUESS_UTF8, GUESS_GB18030, GUESS_UTF16LE, GUESS_UTF16BE };

/* The encoding of the sample s[0..n); `final`: no more bytes follow. */
enum guess guess_encoding(const unsigned char *s, size_t n, bool final);

/* What clearly_utf8 has read of a sample that grows at its end, so that a
   call reads only the bytes added since the one before (input that comes in
   small pieces would otherwise be read again for every piece). Zeroed for a
   new sample. */
typedef struct early_scan {
    size_t nul_checked; /* bytes known to hold no NUL */
    size_t scanned;     /* bytes read as whole characters */
    size_t multibyte;   /* multi-byte characters among them */
    bool failed;        /* a NUL or an invalid sequence: never clearly UTF-8 */
} early_scan;

/* True when the sample s[0..n) is clearly UTF-8 already (enough valid
   multi-byte text, no NUL): the decision need not wait for
   PTC_DETECT_BYTES. `e` holds what was read of the sample's first bytes by
   the calls before. */
bool clearly_utf8(early_scan *e, const unsigned char *s, size_t n);

#endif

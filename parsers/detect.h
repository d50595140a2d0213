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

/* True when the sample is clearly UTF-8 already (enough valid multi-byte
   text, no NUL): the decision need not wait for PTC_DETECT_BYTES. */
bool clearly_utf8(const unsigned char *s, size_t n);

#endif

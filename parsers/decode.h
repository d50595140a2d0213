/*
 * Decoding: raw input bytes -> UTF-8 lines.
 *
 * The decoder chooses the input encoding (a BOM, else the first
 * PTC_DETECT_BYTES of data, else the caller's forced name), converts to
 * UTF-8, turns CRLF and lone CR into line ends, and hands each line (without
 * its terminator) to a callback together with its 1-based line number.
 * Invalid bytes become U+FFFD and are reported; NUL bytes are kept.
 */
#ifndef PTC_DECODE_H
#define PTC_DECODE_H

#include "ptconv.h"
#include "common/limits.h"

typedef struct ptc_decoder ptc_decoder;

/* `text` is valid UTF-8 (may contain NUL), `len` bytes, no line terminator. */
typedef void (*ptc_line_fn)(void *ud, uint32_t lineno, const char *text, size_t len);
/* `message` is a NUL-terminated UTF-8 string, valid only during the call. */
typedef void (*ptc_decode_diag_fn)(void *ud, ptc_severity sev, const char *code, uint32_t line,
                                   uint32_t col, const char *message);

/*
 * `forced_encoding` NULL: detect. Otherwise any iconv name ("GB18030",
 * "UTF-16LE", "utf-8" …). On failure returns NULL and sets *err to
 * PTC_ERR_NOMEM or PTC_ERR_ENCODING (iconv does not know the name).
 */
ptc_decoder *ptc_decoder_new(const char *forced_encoding, ptc_line_fn on_line,
                             ptc_decode_diag_fn on_diag, void *ud, int *err);
/* Number the lines from `first` (0 means 1); call before the first feed. */
void ptc_decoder_set_first_line(ptc_decoder *d, uint32_t first);
int ptc_decoder_feed(ptc_decoder *d, const void *bytes, size_t len);
/* Flushes any pending bytes (an incomplete trailing sequence is an invalid
   byte run) and delivers the last line if it has no terminator. */
int ptc_decoder_finish(ptc_decoder *d);
/* See ptc_parser_encoding(). */
const char *ptc_decoder_encoding(const ptc_decoder *d, const char **how);
uint64_t ptc_decoder_bytes(const ptc_decoder *d);
void ptc_decoder_free(ptc_decoder *d);

#endif

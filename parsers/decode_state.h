/*
 * The decoder's state, shared by its two files (internal to parsers/):
 * decode.c (the line layer, the UTF-8 byte layer, the API) and
 * decode_iconv.c (the iconv byte layer and the choice of encoding).
 */
#ifndef PTC_DECODE_STATE_H
#define PTC_DECODE_STATE_H

#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/decode.h"
#include "parsers/detect.h"

enum decode_mode { MODE_UNDECIDED, MODE_UTF8, MODE_ICONV };

/* Longest incomplete multi-byte sequence iconv may leave at a chunk end
   (4 for GB18030 and UTF-16 pairs; escape sequences of stateful encodings
   are a little longer). */
#define CARRY_CAP 32u
#define ICONV_OUT_BYTES 8192u
#define INITIAL_LINE_CAP 256u

struct ptc_decoder {
    ptc_line_fn on_line;
    ptc_decode_diag_fn on_diag;
    void *ud;

    enum decode_mode mode;
    const char *encoding; /* static name, or forced_name */
    const char *how;
    char *forced_name;
    iconv_t cd;
    size_t code_unit; /* bytes skipped after an iconv EILSEQ */
    /* A forced encoding still meets files that carry a BOM; U+FEFF at the
       very start is never content, and would hide line 1 from the scanner. */
    bool drop_leading_bom;

    unsigned char *sample; /* first PTC_DETECT_BYTES while undecided */
    size_t sample_len, sample_cap;
    early_scan early; /* what the early decision has read of the sample */

    unsigned char carry[CARRY_CAP]; /* incomplete sequence from the last chunk */
    size_t carry_len;

    char *line;
    size_t line_len, line_cap;
    uint64_t line_bytes; /* decoded length, including what overflow discarded */
    bool line_overflow;
    size_t chars_counted_upto; /* column bookkeeping is lazy: only diags need it */
    uint64_t chars_counted;
    uint32_t lineno;
    bool after_cr; /* a LF right now belongs to the CR that ended the last line */

    uint64_t bad_replacements, bad_bytes, bad_col;
    unsigned char bad_first[4];
    size_t bad_first_len;
    bool bad_from_iconv;
    uint64_t nul_col; /* 0: no NUL on this line yet */

    uint64_t bytes_in;
    bool finished;
    int err; /* sticky: once out of memory, stay failed */
};

/* decode.c: decoded text into the current line (it may hold line ends), and
   a replacement character for `n` bytes that could not be decoded; 0 or a
   PTC_ERR_ code (also kept in d->err). */
int ptc_decode_text(ptc_decoder *d, const char *text, size_t n);
int ptc_decode_replacement(ptc_decoder *d, const unsigned char *bad, size_t n, bool from_iconv);

/* decode_iconv.c: iconv for encoding `name` (sets d->mode, d->code_unit);
   the iconv byte layer; the choice of encoding from a sample (1 and
   *bom_len when decided, 0 when more input is needed, or a PTC_ERR_ code). */
int ptc_decode_open_iconv(ptc_decoder *d, const char *name);
int ptc_decode_iconv_feed(ptc_decoder *d, const unsigned char *p, size_t n);
int ptc_decode_choose(ptc_decoder *d, const unsigned char *s, size_t n, bool final, size_t *bom_len);

#endif

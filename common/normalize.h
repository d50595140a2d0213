/*
 * Normalisation of cell text, as the JSON contract defines it:
 * labels and category cells lose all whitespace (and brackets/colons are
 * folded to full width for matching); free text is trimmed, runs of
 * whitespace become one space, <p>, </p> and <br> are removed and a
 * paragraph boundary becomes "\n". Nothing else is rewritten.
 */
#ifndef PTC_TEXT_H
#define PTC_TEXT_H

#include <stddef.h>
#include <string.h>

/* The functions write into `out` and return the number of bytes written;
   `out` must hold `len` bytes (3 * `len` for ptc_norm_label). */

/* For matching labels: drop whitespace, fold ( ) : to （ ） ：. */
size_t ptc_norm_label(const char *s, size_t len, char *out);

/* For rule lookup: drop whitespace, fold full-width ASCII forms (U+FF01-
   U+FF5E) to ASCII, drop trailing colons. `out` must hold `len` bytes. */
size_t ptc_norm_key(const char *s, size_t len, char *out);

/* The first and the last character ptc_norm_key(s, len) keeps (whitespace
   skipped, full-width ASCII folded, trailing colons dropped for the last),
   as code points, read from s without normalising it; 0 when there is
   none. For valid UTF-8; ptc_key_last_cp answers UINT32_MAX where s does
   not end in a valid sequence. The rules index filters lookups with them. */
unsigned ptc_key_first_cp(const char *s, size_t len);
unsigned ptc_key_last_cp(const char *s, size_t len);

/* For category (path) cells: drop whitespace, keep everything else. */
size_t ptc_norm_compact(const char *s, size_t len, char *out);

/* For free text: trim, collapse whitespace, strip <p>/</p>/<br>. */
size_t ptc_norm_text(const char *s, size_t len, char *out);

/* True when `s` holds only whitespace (ASCII, U+00A0, U+3000). */
int ptc_is_blank(const char *s, size_t len);

/* True when needle[0..n) occurs in s[0..len): the cheap byte test callers
   run before a regex. */
int ptc_contains_n(const char *s, size_t len, const char *needle, size_t n);

/* The same for a NUL-terminated needle; inline, so that the length of a
   literal needle is known when compiling and no strlen runs. */
static inline int ptc_contains(const char *s, size_t len, const char *needle) {
    return ptc_contains_n(s, len, needle, strlen(needle));
}

/* Number of characters (code points) in valid UTF-8. */
size_t ptc_utf8_chars(const char *s, size_t len);

/*
 * Copy at most `max_chars` characters of `s` into `out` (size >= 4*max+4)
 * for quoting in a diagnostic, control characters shown as U+FFFD-free
 * escapes ("\t"), with "…" appended when cut. Returns `out`.
 */
char *ptc_quote_excerpt(const char *s, size_t len, size_t max_chars, char *out, size_t out_size);

#endif

/*
 * What every check shares: the checker state, reporting a finding, and
 * quoting the document's text in messages.
 *
 * A finding's code must be a row of the registry (checks/registry.c); its
 * severity is taken from there, so the registry is the one place that says
 * what each code means and how serious it is.
 */
#ifndef PTC_CHECKS_REPORT_H
#define PTC_CHECKS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "ptconv.h"

/* Quoted text in a message is cut after this many characters, so that a
   message with two quotes stays well inside the 512-byte message buffer. */
#define QUOTE_CHARS 40
#define QUOTE_SIZE (4 * QUOTE_CHARS + 8)

typedef struct checker {
    ptc_document *doc;
    bool failed; /* out of memory */
    /* the tables' numbers, sorted once for the checks that read them
       (checks/numbering.c); NULL until then */
    struct ptc_numbering *numbering;
} checker;

/* Free what the checks kept in `c` (ptc_check_document calls it once). */
void ptc_check_release(checker *c);

/* Append a finding of `code` (a registry code) at `pos`. */
void ptc_check_report(checker *c, const char *code, ptc_pos pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* The same with the message made already: `len` bytes of `msg` (a check
   that reports many findings puts them together faster than printf). */
void ptc_check_report_text(checker *c, const char *code, ptc_pos pos, const char *msg,
                           size_t len);

/* The text is there and not empty (inline: the checks ask for every name). */
static inline bool ptc_check_present(const ptc_text *t) { return t->str.s && t->str.len > 0; }

/* `len` bytes of `s` (NULL: "") quoted for a message, cut after QUOTE_CHARS. */
const char *ptc_check_quote(const char *s, size_t len, char buf[QUOTE_SIZE]);
const char *ptc_check_quote_text(const ptc_text *t, char buf[QUOTE_SIZE]);

/* "table 3", or "the table at line 40" when it has no number. */
const char *ptc_check_table_name(const ptc_table *t, char buf[48]);

/* The heading line, column 1: where a table that lacks something is reported. */
ptc_pos ptc_check_heading_pos(const ptc_table *t);

/* True when the document already has a `code` diagnostic at `pos`. */
bool ptc_check_has_diag_at(const ptc_document *doc, const char *code, ptc_pos pos);

/* Byte-wise order of two strings, a prefix first (inline: the sorts'
   comparisons call it). */
static inline int ptc_check_compare_bytes(const char *a, size_t alen, const char *b, size_t blen) {
    int r = memcmp(a, b, alen < blen ? alen : blen);
    if (r) return r;
    return alen < blen ? -1 : alen > blen;
}

#endif

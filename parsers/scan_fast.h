/*
 * Hand-written matchers for the line patterns that match on nearly every
 * table (the heading, the year line, the applicant line, the project
 * period, the unit list item): on the plain forms those lines take they
 * give the answer PCRE2 would, captures included, at a tenth of the cost.
 * They never answer "no": where a line is not plainly one of them, or holds
 * a character whose class they do not know for certain, they answer
 * PTC_FAST_ASK and the pattern in scan.c decides. Private to scan.c (and
 * its tests).
 */
#ifndef PTC_SCAN_FAST_H
#define PTC_SCAN_FAST_H

#include <stddef.h>

#include "parsers/scan.h"

/* "Run the pattern": the matcher cannot vouch for a match. */
#define PTC_FAST_ASK (-1)

/* Longest subject a fast matcher takes: far too short for a match to come
   near PCRE2's match limit, so answering for the pattern cannot hide a
   limit it would have hit. */
#define PTC_FAST_MAX_LEN 256u

/* Each returns 1 with the pattern's groups in cap[] (as rx_group would give
   them; PTC_NOCAP where unset), or PTC_FAST_ASK. */
int ptc_fast_heading(const char *s, size_t len, ptc_cap cap[2]);   /* RX_HEADING */
int ptc_fast_year(const char *s, size_t len, ptc_cap cap[1]);      /* RX_YEAR */
int ptc_fast_applicant(const char *s, size_t len, ptc_cap cap[1]); /* RX_APPLICANT */
int ptc_fast_unit_item(const char *s, size_t len, ptc_cap cap[3]); /* RX_UNIT_ITEM */
int ptc_fast_period(const char *s, size_t len, ptc_cap cap[6]);    /* RX_PERIOD */

/* For the tests: the pattern itself, without the fast matchers. `which` is
   the line kind (PTC_LINE_HEADING, _YEAR, _APPLICANT, _UNIT_ITEM), or
   PTC_LINE_NONE for the period; returns like the scan functions, the first
   `ncap` groups in cap[] (ncap <= 6). */
int ptc_scan_pattern_only(ptc_scanner *sc, ptc_line_kind which, const char *s, size_t len, ptc_cap *cap,
                          int ncap);

#endif

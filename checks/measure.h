/*
 * Amounts and units of measure as the checks compare them: money units
 * converted through 元, the tolerance a printed amount implies, sums
 * formatted without float noise.
 */
#ifndef PTC_CHECKS_MEASURE_H
#define PTC_CHECKS_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "ptconv.h"

/* True when `s` with its whitespace removed is exactly `want`, which holds
   no byte a whitespace character begins with (ASCII space or control,
   0xC2, 0xE3). */
static inline bool ptc_check_compact_equals(ptc_str s, const char *want);
/* The same with want's length given (inline above: a literal's is folded). */
bool ptc_check_compact_equals_n(ptc_str s, const char *want, size_t want_len);
static inline bool ptc_check_compact_equals(ptc_str s, const char *want) {
    size_t n = strlen(want);
    if (s.s && s.len) {
        /* Inline, what decides most calls: the same bytes, or a first byte
           that is neither want's nor one a space can begin with. */
        unsigned char b = (unsigned char)s.s[0];
        if (s.len == n && memcmp(s.s, want, n) == 0) return true;
        if (b != (unsigned char)want[0] && b != ' ' && (b < '\t' || b > '\r') && b != 0xC2 &&
            b != 0xE3)
            return false;
    }
    return ptc_check_compact_equals_n(s, want, n);
}

/* True when `s`, trailing ASCII whitespace ignored, ends with `suffix`. */
bool ptc_check_ends_with(ptc_str s, const char *suffix);

/* ptc_check_ends_with(s, "%") || ptc_check_ends_with(s, "％"), the
   whitespace trimmed once. */
bool ptc_check_ends_with_percent(ptc_str s);

/* 元 per `unit` (元, 千元, 万元, 亿元); 0 for a unit the checks do not know. */
double ptc_check_yuan_per_unit(ptc_str unit);

/* Digits after the decimal point of the first number in `s`: "39.54 万元"
   gives 2. Amounts are printed rounded, so this decides the tolerance. */
int ptc_check_printed_decimals(const char *s, size_t len);

/* Half a unit in the last of `decimals` decimals: 2 gives 0.005. */
double ptc_check_half_unit(int decimals);

/* Amounts are decimal: a difference within `tolerance` (inclusive),
   compared at a resolution of 1e-6, is float noise or rounding, not a
   finding. */
bool ptc_check_differs(double a, double b, double tolerance);

/* A sum for a message: rounded to 1e-6, without float noise
   (8.5 + 15 prints "23.5", 0.1 + 0.2 prints "0.3"). */
const char *ptc_check_format_amount(double v, char buf[48]);

#endif

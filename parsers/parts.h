/*
 * Parts of a cell's text that are not what the cell names: a numeric code
 * before or after a name, a template placeholder, a numbering prefix before
 * an indicator's name, a score after a category, a mid-term qualifier of a
 * value header. Pure functions over UTF-8 text (normalised or raw; ASCII
 * and full-width forms alike); the word lists they use are data at the top
 * of parts.c. The assemblers decide what to do with the parts.
 */
#ifndef PTC_PARTS_H
#define PTC_PARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "ptconv.h"

/*
 * A numeric code written with a name: "[123001]某某局", "（301）某局",
 * "301-某局", and, when `after` is set, "某局（301）". The code is at least
 * three digits (ASCII or full-width) and not a year (19xx, 20xx); the name
 * is not empty and does not start with a digit. On success *code and *name
 * are slices of s (trimmed) and true is returned; s is never split on a
 * bracket holding anything else ("(盖章)", "（万元）").
 */
bool ptc_split_code(const char *s, size_t len, bool after, ptc_str *code, ptc_str *name);

/* A template placeholder where a name belongs: 指标1, 指标一, XX指标, ……, ... */
bool ptc_is_placeholder(const char *s, size_t len);

/* The bytes a placeholder name can begin with (after its spaces), parts.c. */
extern const bool ptc_placeholder_first[256];

/* False when ptc_is_placeholder(s, len) is surely false, on the first byte
   and without a call: most names are rejected so. */
static inline bool ptc_may_be_placeholder(const char *s, size_t len) {
    unsigned char b = len ? (unsigned char)s[0] : 0;
    return len && (b == ' ' || ptc_placeholder_first[b]);
}

/* A placeholder where a value belongs: empty, ……, ..., XX, XX%. */
bool ptc_is_placeholder_value(const char *s, size_t len);

/*
 * The numbering prefix before an indicator's name: "指标1:", "指标1：",
 * "指标一、" ("指标1:培训人数"). Returns its byte length, separator and
 * following spaces included; 0 when there is none or nothing follows it.
 */
size_t ptc_name_prefix(const char *s, size_t len);

/* False when ptc_name_prefix(s, len) is surely 0, on the first byte and
   without a call: spaces (' ', U+3000, and what parts.c reads as ' ' from
   C0 and E0 leads) and then 指 (E6); anything else starts no prefix. */
static inline bool ptc_may_have_name_prefix(const char *s, size_t len) {
    unsigned char b = len ? (unsigned char)s[0] : 0;
    return b == ' ' || b == 0xC0 || b == 0xE0 || b == 0xE3 || b == 0xE6;
}

/*
 * A score written after a category: "产出指标(50分)", "效益指标（30分）",
 * "成本指标(0-20)分". Returns the byte offset where the score starts (its
 * opening bracket); `len` when there is none.
 */
size_t ptc_score_suffix(const char *s, size_t len);

/* A value header's qualifier that names the mid-term half of a 中期/年度
   pair (指标值(中期)): 中期, 中长期, 长期, 实施期. */
bool ptc_is_midterm(const char *s, size_t len);

#endif

/*
 * Values: what can be read from a cell's text — integers, numbers,
 * comparators, amounts and periods — in one place. Digits may be ASCII or
 * full-width (２０２１, １２．４); nothing here allocates.
 */
#ifndef PTC_VALUES_H
#define PTC_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ptconv.h"

/* Value of the ASCII or full-width digit at s (bytes in *w), or -1. */
int ptc_digit_at(const char *s, size_t len, size_t *w);

/* An integer of at most 9 digits (ASCII or full-width, nothing else);
   false when s holds anything else or too many digits. */
bool ptc_read_int(const char *s, size_t len, long *out);

/*
 * A number at the start of s: digits with optional thousands commas
 * ("1,234") and a decimal part ("12.4", "１２．４"). Returns the bytes it
 * used (0: none) and stores the value.
 */
size_t ptc_read_number(const char *s, size_t len, double *out);
/* ptc_read_number as first written (digits copied, then read): the
   definition, which ptc_read_number follows without the copy and falls
   back on where the mantissa is too long to be exact; for tests. */
size_t ptc_read_number_ref(const char *s, size_t len, double *out);

/* The longest unit read off a value, in characters ("元每人每月" is 5). */
#define PTC_VALUE_UNIT_MAX 8

/* What ptc_read_value() reads off an indicator value. */
typedef struct ptc_value_read {
    ptc_comparator comparator;
    ptc_opt_num number;
    /* the number is qualified: 约 / 大约 before it, 左右 after it */
    bool approximate;
    /* the unit glued to the number ("万人次" of "约5.5万人次"), full-width
       ASCII forms folded (％ → %); not NUL-terminated */
    bool has_unit;
    size_t unit_len;
    char unit[PTC_VALUE_UNIT_MAX * 4];
} ptc_value_read;

/*
 * An indicator value: an optional comparator word (≥, 不低于 …), an
 * optional 约 or 大约, an optional signed number and the rest. The number
 * counts only when the rest has no digit ("25 元" → 25, "1600人、200人" →
 * none). The rest, trimmed and less a trailing 左右, is the unit when it is
 * at most PTC_VALUE_UNIT_MAX characters of a unit ("%", "万人次", "人/次",
 * "M"); a clause ("11月底前", "95%以上", "3 次，每次") gives none. The number
 * is never scaled by a magnitude word: 万 stays in the unit. approximate and
 * the unit are set only with a number.
 */
void ptc_read_value(const char *s, size_t len, ptc_value_read *out);

/*
 * What ptc_read_value and ptc_several_numbers answered for short texts read
 * before: an indicator table's values repeat (是, 100, 按时), and both are
 * functions of the bytes alone. A zeroed memo is empty; it never needs
 * clearing. Each slot is one text of 1..PTC_VALUE_MEMO_KEY bytes, held as
 * the words that cover all its bytes.
 */
#define PTC_VALUE_MEMO_KEY 16
#define PTC_VALUE_MEMO_BITS 8 /* a text's slot: the top 8 bits of its hash */
#define PTC_VALUE_MEMO_SLOTS (1u << PTC_VALUE_MEMO_BITS)
typedef struct ptc_value_memo_slot {
    uint64_t a, b;
    uint32_t len;  /* 0: empty */
    bool several;  /* ptc_several_numbers, asked only when no number was read */
    ptc_value_read v;
} ptc_value_memo_slot;
typedef struct ptc_value_memo {
    ptc_value_memo_slot slot[PTC_VALUE_MEMO_SLOTS];
    ptc_value_memo_slot other; /* the answer for a text no slot holds */
} ptc_value_memo;

/* Words that hold every byte of s[0..n), 1 <= n <= 16: the first and last
   8 (or 4) bytes, which overlap where n is short of 16 (8); below 4 bytes
   the first, middle and last byte (all of them). Equal words, equal length:
   equal bytes. */
static inline void ptc_value_memo_key(const char *s, size_t n, uint64_t *a, uint64_t *b) {
    if (n >= 8) {
        memcpy(a, s, 8);
        memcpy(b, s + n - 8, 8);
    } else if (n >= 4) {
        uint32_t x, y;
        memcpy(&x, s, 4);
        memcpy(&y, s + n - 4, 4);
        *a = x;
        *b = y;
    } else {
        *a = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
             (uint64_t)(unsigned char)s[n - 1] << 16;
        *b = 0;
    }
}

/* Slot e made the answer for s[0..len) (key a, b): read, then kept there
   (e is m->other for a text too long or empty for a slot). */
const ptc_value_memo_slot *ptc_value_memo_fill(ptc_value_memo_slot *e, const char *s, size_t len, uint64_t a,
                                               uint64_t b);

/* ptc_read_value(s, len) in ->v, and ->several = !v.number.set &&
   ptc_several_numbers(s, len): from the memo when s was read before. Valid
   until the next call with m. Inline: most calls are answered by the memo. */
static inline const ptc_value_memo_slot *ptc_read_value_memo(ptc_value_memo *m, const char *s, size_t len) {
    if (len - 1 >= PTC_VALUE_MEMO_KEY) return ptc_value_memo_fill(&m->other, s, len, 0, 0);
    uint64_t a, b;
    ptc_value_memo_key(s, len, &a, &b);
    /* the top bits of a product depend on every bit of its factor */
    uint64_t h = ((a * 0x9E3779B97F4A7C15u) ^ (b * 0xC2B2AE3D27D4EB4Fu) ^ len) * 0x9E3779B97F4A7C15u;
    ptc_value_memo_slot *e = &m->slot[h >> (64 - PTC_VALUE_MEMO_BITS)];
    if (e->len == len && e->a == a && e->b == b) return e;
    return ptc_value_memo_fill(e, s, len, a, b);
}

/* An amount "12.4 万元" / "1,234.5" / "936万元": the whole text is a number and
   an optional unit (万元 亿元 千元 元). False when it is not. */
bool ptc_read_amount(const char *s, size_t len, double *value, ptc_str *unit);

/* Spreadsheet artefacts, flagged but never "fixed":
   a binary float printed in full (82800.920000000013: a long decimal part
   with a run of six or more 0s or 9s before its last digits); */
bool ptc_float_noise(const char *s, size_t len);
/* a date serial where a date is expected (44561, 44,561: days since 1900); */
bool ptc_date_serial(const char *s, size_t len);
/* two or more numbers in one value (1600人、200人). */
bool ptc_several_numbers(const char *s, size_t len);

/* True when y-m-d is a date that exists (years 1000-9999). */
bool ptc_valid_date(long y, long m, long d);

#endif

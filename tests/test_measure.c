/*
 * checks/measure.h: ptc_check_compact_equals (its inline decisions and the
 * match-first loop) must answer as the definition does: `s` with every
 * whitespace character (ASCII space and controls \t..\r, U+00A0, U+3000)
 * removed is exactly `want`. Checked on random strings of the pieces that
 * matter (the units' characters, each kind of space, their lead bytes
 * alone, random bytes), lengths 0..40.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "checks/measure.h"

/* The definition: whitespace tested first at each byte. */
static bool reference(ptc_str s, const char *want) {
    if (!s.s) return false;
    const unsigned char *p = (const unsigned char *)s.s, *end = p + s.len;
    size_t i = 0, n = strlen(want);
    while (p < end) {
        unsigned char b = *p;
        size_t w = 0;
        if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\v' || b == '\f') w = 1;
        else if (b == 0xC2 && end - p >= 2 && p[1] == 0xA0) w = 2;
        else if (b == 0xE3 && end - p >= 3 && p[1] == 0x80 && p[2] == 0x80) w = 3;
        if (w) {
            p += w;
            continue;
        }
        if (i >= n || (char)*p != want[i]) return false;
        p++;
        i++;
    }
    return i == n;
}

static uint64_t state = 0x2545F4914F6CDD1Dull;
static uint64_t next(void) { /* xorshift64* */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ull;
}

static const char *const pieces[] = {
    "元", "千", "万", "亿", "%", "％", " ", "\t", "\n", "\v", "\f", "\r", "\xC2\xA0", "\xE3\x80\x80",
    "\xC2", "\xE3", "\xE3\x80", "\xE5", "\x85", "\x83", "a", "",
};
static const char *const wants[] = {"元", "千元", "万元", "亿元", "%", "％", "", "a"};

static void test_compact_equals_matches_reference(void **st) {
    (void)st;
    char buf[64];
    for (int round = 0; round < 400000; round++) {
        size_t len = 0, target = (size_t)(next() % 41);
        while (len < target) {
            uint64_t r = next();
            const char *p = pieces[r % (sizeof pieces / sizeof pieces[0])];
            size_t n = strlen(p);
            if ((r >> 32) % 8 == 0) { /* a random byte */
                buf[len++] = (char)(r >> 40);
                continue;
            }
            if (len + n > target) break;
            memcpy(buf + len, p, n);
            len += n;
        }
        ptc_str s = {buf, len};
        for (size_t w = 0; w < sizeof wants / sizeof wants[0]; w++)
            assert_int_equal(ptc_check_compact_equals(s, wants[w]), reference(s, wants[w]));
    }
    ptc_str null = {NULL, 0};
    assert_false(ptc_check_compact_equals(null, "元"));
    assert_false(ptc_check_compact_equals(null, ""));
    ptc_str spaced = {" 万\xE3\x80\x80元\xC2\xA0 ", 12};
    assert_true(ptc_check_compact_equals(spaced, "万元"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compact_equals_matches_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

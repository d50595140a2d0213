/*
 * The fast matchers' first test (scan_fast.c: plain, which reads blocks of
 * sixteen or eight bytes that may overlap) at every length and position:
 * lines the fast path answers, cut to each length from 1 to their end, with
 * one character whose class is in doubt (a newline, a control byte, U+00A0,
 * U+0085, U+2003, U+1680) put at every place and every alignment. The fast
 * matcher must then leave the line to the pattern or give its answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "parsers/scan.h"
#include "parsers/scan_fast.h"
#include "tests/testutil.h"

/* The fast answer for s[0..len), where it gives one, is the pattern's. */
static void agrees(ptc_scanner *sc, const char *s, size_t len, size_t *answered) {
    ptc_cap f[6], p[6];
    int rc = ptc_fast_period(s, len, f);
    if (rc != PTC_FAST_ASK) {
        ++*answered;
        assert_int_equal(rc, 1);
        assert_int_equal(ptc_scan_pattern_only(sc, PTC_LINE_NONE, s, len, p, 6), 1);
        for (int i = 0; i < 6; i++) assert_int_equal(f[i].off, p[i].off);
    }
    rc = ptc_fast_year(s, len, f);
    if (rc != PTC_FAST_ASK) {
        ++*answered;
        assert_int_equal(ptc_scan_pattern_only(sc, PTC_LINE_YEAR, s, len, p, 1), 1);
        assert_int_equal(f[0].off, p[0].off);
        assert_int_equal(f[0].len, p[0].len);
    }
    rc = ptc_fast_applicant(s, len, f);
    if (rc != PTC_FAST_ASK) {
        ++*answered;
        assert_int_equal(ptc_scan_pattern_only(sc, PTC_LINE_APPLICANT, s, len, p, 1), 1);
        assert_int_equal(f[0].off, p[0].off);
        assert_int_equal(f[0].len, p[0].len);
    }
}

static void doubtful_at_every_place(void **state) {
    ptc_scanner *sc = *state;
    static const char *const lines[] = {
        "2021-01-01至2021-12-31", "2021年1月1日 至 2021年12月31日", "（2021年度）", "(2021 年)",
        "申报单位：某市人力资源和社会保障局（机关）", "申 报 单 位: 某局", "2021.1.1-2021.12.31",
    };
    static const char *const doubt[] = {"\n", "\x01", "\x1F", "\xC2\xA0", "\xC2\x85", "\xE2\x80\x83", "\xE1\x9A\x80"};
    char buf[128 + 16];
    size_t answered = 0, clean = 0;
    (void)answered;
    for (size_t l = 0; l < sizeof lines / sizeof *lines; l++) {
        size_t n = strlen(lines[l]);
        for (size_t align = 0; align < 16; align++) {
            char *s = buf + align;
            for (size_t len = 1; len <= n; len++) {
                /* cut at characters: the pattern reads valid UTF-8 only */
                if (len < n && ((unsigned char)lines[l][len] & 0xC0) == 0x80) continue;
                memcpy(s, lines[l], len);
                agrees(sc, s, len, &clean);
                for (size_t d = 0; d < sizeof doubt / sizeof *doubt; d++) {
                    size_t dn = strlen(doubt[d]);
                    for (size_t at = 0; at <= len; at++) {
                        if (at < len && ((unsigned char)lines[l][at] & 0xC0) == 0x80) continue;
                        memcpy(s, lines[l], at);
                        memcpy(s + at, doubt[d], dn);
                        memcpy(s + at + dn, lines[l] + at, len - at);
                        size_t before = answered;
                        agrees(sc, s, len + dn, &answered);
                        /* none of them is plain */
                        assert_int_equal(answered, before);
                    }
                }
            }
        }
    }
    /* the whole lines are plain and answered */
    assert_true(clean >= 16 * (sizeof lines / sizeof *lines));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(doubtful_at_every_place),
    };
    return cmocka_run_group_tests(tests, ptc_test_scanner_setup, ptc_test_scanner_teardown);
}

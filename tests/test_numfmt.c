/*
 * common/numfmt.c: the fast paths of ptc_format_number must write exactly
 * the bytes of the printf/strtod definition (ptc_format_number_reference),
 * checked on about 4 million doubles per run (10.8 million when the fast
 * paths were written, with ten times the loop counts): random bit patterns, random decimals of
 * every magnitude and number of places (what documents hold), integers,
 * and the edges of each fast path. ptc_put_long is checked against "%ld".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/numfmt.h"
#include "emitters/text_escape.h"

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) { /* xorshift64* */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ull;
}

static unsigned long checked, failures;

/* PTC_TEST_SCALE=N divides the loop counts by N: under valgrind (about 50
   times slower) the same paths are walked on fewer numbers. */
static long count(long n) {
    const char *e = getenv("PTC_TEST_SCALE");
    long d = e ? atol(e) : 1;
    return d > 1 ? n / d : n;
}

static void same(double v) {
    char fast[32], slow[32];
    size_t n = ptc_format_number_len(v, fast);
    ptc_format_number_reference(v, slow);
    checked++;
    if (strcmp(fast, slow) != 0 || n != strlen(slow)) {
        if (failures++ < 10) print_error("%.17g: fast \"%s\", reference \"%s\"\n", v, fast, slow);
    }
}

static void random_bits(void **unused) {
    (void)unused;
    for (long i = 0; i < count(300000); i++) {
        uint64_t b = next();
        double v;
        memcpy(&v, &b, sizeof v);
        same(v);
    }
    assert_int_equal(failures, 0);
}

static void random_decimals(void **unused) {
    (void)unused;
    static const double p10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
    for (long i = 0; i < count(1000000); i++) {
        uint64_t r = next();
        int digits = 1 + (int)(r % 17), places = (int)((r >> 8) % 19);
        uint64_t m = next() % (uint64_t)p10[digits];
        double v = (double)m / p10[places];
        if (r & (1ull << 40)) v = -v;
        same(v);
        same(nextafter(v, INFINITY));
        same(nextafter(v, -INFINITY));
    }
    assert_int_equal(failures, 0);
}

static void edges(void **unused) {
    (void)unused;
    static const double list[] = {0.0, -0.0, 1e-4, 9.99e-5, 0.00012, 1e15, 999999999999999.9,
                                  99999999999999.99, 9007199254740991.0, 9007199254740992.0,
                                  9007199254740993.0, -9007199254740991.0, 1e21, 1e-7, 0.1, 0.2,
                                  0.3, 12.4, 39.54, 23.5, 0.05, 100, 1e16, 123456789012345.6,
                                  5e-324, 1.7976931348623157e308, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) same(list[i]);
    for (long long k = -count(100000); k <= count(100000); k++) {
        same((double)k);
        same((double)k / 100);
        same((double)k / 1000);
        same((double)k * 0.01);
    }
    assert_int_equal(failures, 0);
}

/* ptc_put_long against "%ld": every power of ten and its neighbours, both
   signs, the extremes, and random values of every size. */
static void check_long(long v) {
    char want[32], got[32];
    int n = snprintf(want, sizeof want, "%ld", v);
    char *e = ptc_put_long(got, v);
    assert_int_equal(e - got, n);
    assert_memory_equal(got, want, (size_t)n);
}

static void put_long_matches_printf(void **unused) {
    (void)unused;
    check_long(0);
    check_long(LONG_MAX);
    check_long(LONG_MIN);
    check_long(LONG_MIN + 1);
    for (unsigned long p = 1; p <= (unsigned long)LONG_MAX / 10; p *= 10) {
        for (long d = -2; d <= 2; d++) {
            check_long((long)p * 10 + d);
            check_long(-((long)p * 10 + d));
            check_long((long)p + d);
        }
    }
    for (int i = 0; i < 200000; i++) {
        uint64_t r = next();
        long v = (long)(r >> (r & 63));
        check_long(v);
        if (v != LONG_MIN) check_long(-v);
    }
}

/* The text emitter's zero-padded integers against "%0*ld", widths 0..8. */
static void text_put_long_matches_printf(void **unused) {
    (void)unused;
    const long values[] = {0, 7, -7, 42, -42, 2024, -2024, 123456, -123456, LONG_MAX, LONG_MIN};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        for (int width = 0; width <= 8; width++) {
            char want[48];
            int n = snprintf(want, sizeof want, "%0*ld", width, values[i]);
            ptc_sink *out = ptc_sink_memory();
            assert_non_null(out);
            ptc_text_put_long(out, values[i], width);
            size_t len;
            const char *got = ptc_sink_memory_data(out, &len);
            assert_int_equal(len, (size_t)n);
            assert_memory_equal(got, want, len);
            ptc_sink_free(out);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edges),
        cmocka_unit_test(random_decimals),
        cmocka_unit_test(random_bits),
        cmocka_unit_test(put_long_matches_printf),
        cmocka_unit_test(text_put_long_matches_printf),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    printf("%lu numbers compared\n", checked);
    return rc;
}

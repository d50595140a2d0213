/*
 * checks/measure.c: ptc_check_half_unit's table of powers of ten answers
 * exactly what its definition, 0.5 * pow(10, -decimals), gives, for every
 * decimals an amount can be printed with and past the table's end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "checks/measure.h"

static void test_half_unit_matches_pow(void **st) {
    (void)st;
    for (int d = -3; d <= 30; d++) {
        /* volatile: the reference is computed at run time, by the same pow */
        volatile int dv = d;
        double want = 0.5 * pow(10, -dv), got = ptc_check_half_unit(d);
        assert_memory_equal(&want, &got, sizeof want);
    }
}

static void test_printed_decimals_feed_the_table(void **st) {
    (void)st;
    /* printed_decimals stops at 15: every answer it gives is in the table */
    assert_int_equal(ptc_check_printed_decimals("1.12345678901234567", 19), 15);
    assert_int_equal(ptc_check_printed_decimals("39.54 万元", strlen("39.54 万元")), 2);
    assert_int_equal(ptc_check_printed_decimals("45", 2), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_half_unit_matches_pow),
        cmocka_unit_test(test_printed_decimals_feed_the_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

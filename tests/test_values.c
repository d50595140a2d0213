/* parsers/values.c: numbers, comparators and amounts, ASCII and full-width. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "parsers/values.h"

static void check_value_at(const char *s, ptc_comparator want_cmp, bool has, double want, int line) {
    ptc_comparator cmp = (ptc_comparator)-1;
    ptc_opt_num num = {true, -1};
    ptc_read_value(s, strlen(s), &cmp, &num);
    if (cmp != want_cmp || num.set != has || (has && num.value != want)) {
        print_error("line %d: \"%s\": expected cmp %d number %s%g, got cmp %d number %s%g\n", line, s,
                    (int)want_cmp, has ? "" : "none ", want, (int)cmp, num.set ? "" : "none ", num.value);
        fail();
    }
}
#define VALUE(s, cmp, n) check_value_at((s), (cmp), true, (n), __LINE__)
#define NO_NUMBER(s, cmp) check_value_at((s), (cmp), false, 0, __LINE__)

static void values(void **state) {
    (void)state;
    VALUE("≥90%", PTC_CMP_GE, 90);
    VALUE("≧95%", PTC_CMP_GE, 95);
    VALUE(">=98", PTC_CMP_GE, 98);
    VALUE("≥=90%", PTC_CMP_GE, 90);
    VALUE("＞＝80", PTC_CMP_GE, 80);
    NO_NUMBER("不低于上年度水平", PTC_CMP_GE);
    VALUE("不少于 3 次", PTC_CMP_GE, 3);
    VALUE("<=5", PTC_CMP_LE, 5);
    VALUE("≤5%", PTC_CMP_LE, 5);
    VALUE("≦ 10", PTC_CMP_LE, 10);
    NO_NUMBER("不超过预算", PTC_CMP_LE);
    VALUE(">3", PTC_CMP_GT, 3);
    VALUE("＜2", PTC_CMP_LT, 2);
    VALUE("=1", PTC_CMP_EQ, 1);
    VALUE("25 元", PTC_CMP_NONE, 25);
    VALUE("100", PTC_CMP_NONE, 100);
    VALUE("12.4", PTC_CMP_NONE, 12.4);
    VALUE("1,234.5", PTC_CMP_NONE, 1234.5);
    VALUE("-3.5%", PTC_CMP_NONE, -3.5);
    VALUE("约 10 万元", PTC_CMP_NONE, 10);
    /* full-width digits and decimal point (defect: they gave garbage) */
    VALUE("１２．４", PTC_CMP_NONE, 12.4);
    VALUE("≥９５%", PTC_CMP_GE, 95);
    /* a second number makes the value a list, not a quantity */
    NO_NUMBER("1600人、200人", PTC_CMP_NONE);
    NO_NUMBER("１６００人、２００人", PTC_CMP_NONE);
    NO_NUMBER("2021 年购置密集架 240", PTC_CMP_NONE);
    NO_NUMBER("按时", PTC_CMP_NONE);
    NO_NUMBER("是", PTC_CMP_NONE);
    NO_NUMBER("", PTC_CMP_NONE);
    NO_NUMBER("1,2345", PTC_CMP_NONE);
}

static void check_amount_at(const char *s, bool ok, double want, const char *want_unit, int line) {
    double v = -1;
    ptc_str unit = {"x", 1};
    bool got = ptc_read_amount(s, strlen(s), &v, &unit);
    bool unit_ok = !got || (want_unit ? unit.s && unit.len == strlen(want_unit) &&
                                            memcmp(unit.s, want_unit, unit.len) == 0
                                      : unit.s == NULL);
    if (got != ok || (ok && v != want) || !unit_ok) {
        print_error("line %d: \"%s\": expected %d %g %s, got %d %g\n", line, s, ok, want,
                    want_unit ? want_unit : "-", got, v);
        fail();
    }
}
#define AMOUNT(s, v, unit) check_amount_at((s), true, (v), (unit), __LINE__)
#define NOT_AMOUNT(s) check_amount_at((s), false, 0, NULL, __LINE__)

static void amounts(void **state) {
    (void)state;
    AMOUNT("12.4 万元", 12.4, "万元");
    AMOUNT("936万元", 936, "万元");
    AMOUNT("1,234.50", 1234.5, NULL);
    AMOUNT(" 7 万元 ", 7, "万元");
    AMOUNT("25元", 25, "元");
    AMOUNT("3 亿元", 3, "亿元");
    AMOUNT("0.5", 0.5, NULL);
    AMOUNT("１２．４万元", 12.4, "万元");
    AMOUNT("250万", 250, "万");
    AMOUNT("854万(高标准农田建设400万元,示范建设295万元)", 854, "万");
    AMOUNT("72.5 亿元（其中：中央10亿元）", 72.5, "亿元");
    NOT_AMOUNT("854万854万(高标准农田建设400万元)");
    NOT_AMOUNT("854(高标准农田建设400万元)");
    NOT_AMOUNT("abc");
    NOT_AMOUNT("12.4 美元");
    NOT_AMOUNT("约12.4万元");
    NOT_AMOUNT("12.4万元（含结转）");
    NOT_AMOUNT("1,23.4");
    NOT_AMOUNT("");
}

static void integers(void **state) {
    (void)state;
    long v = -1;
    assert_true(ptc_read_int("2021", 4, &v));
    assert_int_equal(v, 2021);
    /* the defect: （２０２１ 年度） gave year -7825827825819 */
    assert_true(ptc_read_int("２０２１", strlen("２０２１"), &v));
    assert_int_equal(v, 2021);
    assert_true(ptc_read_int("２２", strlen("２２"), &v));
    assert_int_equal(v, 22);
    assert_false(ptc_read_int("", 0, &v));
    assert_false(ptc_read_int("12a", 3, &v));
    assert_false(ptc_read_int("1234567890", 10, &v)); /* too many digits: not read, not wrapped */
    /* Arabic-Indic digits are not read as numbers */
    assert_false(ptc_read_int("\xD9\xA2\xD9\xA0", 4, &v));
}

static void dates(void **state) {
    (void)state;
    assert_true(ptc_valid_date(2021, 2, 28));
    assert_false(ptc_valid_date(2021, 2, 29));
    assert_true(ptc_valid_date(2024, 2, 29));
    assert_false(ptc_valid_date(1900, 2, 29));
    assert_false(ptc_valid_date(2021, 13, 1));
    assert_false(ptc_valid_date(999, 1, 1));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values),
        cmocka_unit_test(amounts),
        cmocka_unit_test(integers),
        cmocka_unit_test(dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

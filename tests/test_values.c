/* parsers/values.c: numbers, comparators and amounts, ASCII and full-width. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/values.h"

static void check_value_at(const char *s, ptc_comparator want_cmp, bool has, double want, int line) {
    ptc_value_read v;
    memset(&v, 0xA5, sizeof v); /* every member must be written */
    ptc_read_value(s, strlen(s), &v);
    if (v.comparator != want_cmp || v.number.set != has || (has && v.number.value != want)) {
        print_error("line %d: \"%s\": expected cmp %d number %s%g, got cmp %d number %s%g\n", line, s,
                    (int)want_cmp, has ? "" : "none ", want, (int)v.comparator, v.number.set ? "" : "none ",
                    v.number.value);
        fail();
    }
}
#define VALUE(s, cmp, n) check_value_at((s), (cmp), true, (n), __LINE__)
#define NO_NUMBER(s, cmp) check_value_at((s), (cmp), false, 0, __LINE__)

/* The number, the unit glued to it (NULL: none) and the approximate flag. */
static void check_unit_at(const char *s, double want, const char *want_unit, bool want_about, int line) {
    ptc_value_read v;
    memset(&v, 0xA5, sizeof v);
    ptc_read_value(s, strlen(s), &v);
    bool unit_ok = want_unit ? v.has_unit && v.unit_len == strlen(want_unit) &&
                                   memcmp(v.unit, want_unit, v.unit_len) == 0
                             : !v.has_unit;
    if (!v.number.set || v.number.value != want || !unit_ok || v.approximate != want_about) {
        print_error("line %d: \"%s\": expected %g [%s]%s, got %s%g [%.*s]%s\n", line, s, want,
                    want_unit ? want_unit : "none", want_about ? " approximate" : "",
                    v.number.set ? "" : "none ", v.number.value, v.has_unit ? (int)v.unit_len : 4,
                    v.has_unit ? v.unit : "none", v.approximate ? " approximate" : "");
        fail();
    }
}
#define UNIT(s, n, unit) check_unit_at((s), (n), (unit), false, __LINE__)
#define ABOUT(s, n, unit) check_unit_at((s), (n), (unit), true, __LINE__)

static void units(void **state) {
    (void)state;
    UNIT("≥80M", 80, "M");
    UNIT("250万", 250, "万");
    UNIT("10辆", 10, "辆");
    UNIT("≥100百分比", 100, "百分比");
    UNIT("≥190元每人每月", 190, "元每人每月");
    UNIT(">=101人/次", 101, "人/次");
    UNIT("≥95%", 95, "%");
    UNIT("≤202.6万元", 202.6, "万元");
    UNIT("=8个", 8, "个");
    UNIT("25 元 ", 25, "元"); /* trimmed, both sides */
    UNIT("-3.5%", -3.5, "%");
    UNIT("1600元/亩", 1600, "元/亩");
    UNIT("3台(套)", 3, "台(套)");
    /* magnitude words stay in the unit: the number is never scaled */
    UNIT("5.5万人次", 5.5, "万人次");
    UNIT("3亿元", 3, "亿元");
    UNIT("2千米", 2, "千米");
    UNIT("5百人", 5, "百人");
    /* full-width digits, signs and letters; thousands separators */
    UNIT("≥９０％", 90, "%");
    UNIT("１２．４万元", 12.4, "万元");
    UNIT("８０Ｍ", 80, "M");
    UNIT("1,212.4万元", 1212.4, "万元");
    /* no unit: a bare number, or a rest that is a clause, not a unit */
    UNIT("100", 100, NULL);
    UNIT("≥ 90 ", 90, NULL);
    UNIT("11月底前", 11, NULL);
    UNIT("95%以上", 95, NULL);
    UNIT("3日内", 3, NULL);
    UNIT("2 次 每年", 2, NULL);
    UNIT("30元，含运费", 30, NULL);
    UNIT("1项目标任务全部完成率", 1, NULL); /* longer than any unit */
    /* approximate: 约 / 大约 before the number, 左右 after it */
    ABOUT("约5.5万人次", 5.5, "万人次");
    ABOUT("大约 200 人", 200, "人");
    ABOUT("100人左右", 100, "人");
    ABOUT("≥约 80%", 80, "%");
    ABOUT("50 左右", 50, NULL);
    ABOUT("约 10 万元", 10, "万元");
}

/* Without a number there is no unit and nothing approximate: the text is
   all there is (a clause with a number inside keeps number null as before). */
static void no_number_no_unit(void **state) {
    (void)state;
    static const char *const texts[] = {"在规定时间结案率为95%", "约一百人", "按时", "", "万元",
                                        "1600人、200人", "左右"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        ptc_value_read v;
        memset(&v, 0xA5, sizeof v);
        ptc_read_value(texts[i], strlen(texts[i]), &v);
        if (v.number.set || v.has_unit || v.approximate) {
            print_error("\"%s\": expected no number, no unit, not approximate\n", texts[i]);
            fail();
        }
    }
}

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

/* A number is read as strtod reads its digits, whether or not strtod is
   called for it (most are read without). */
static void check_as_strtod(const char *s) {
    double got = -1, want = strtod(s, NULL);
    size_t len = strlen(s);
    size_t used = ptc_read_number(s, len, &got);
    if (used != len - (len && s[len - 1] == '.') || memcmp(&got, &want, sizeof got) != 0) {
        print_error("\"%s\": read %zu bytes as %.17g, strtod gives %.17g\n", s, used, got, want);
        fail();
    }
}

static void numbers_as_strtod(void **state) {
    (void)state;
    static const char *const edges[] = {
        "0", "00", "0.0", "1", "9", "12.", "0.1", "0.3", "1.7976931348623157", "999999999999999",
        "9999999999999999", "9007199254740992", "9007199254740993", "123456789012345.6",
        "12345678901234.56", "0.000000000000000000001", "0.0000000000000000000001",
        "0.00000000000000000000001", "1.0000000000000000000001", "000000000000000000000012.5",
        "4.35", "2.675", "1.005", "0.1000000000000000055511151231257827", "123456789012345678901234567890",
        "5e-324"};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        if (strchr(edges[i], 'e') == NULL) check_as_strtod(edges[i]);
    /* random digits with a point anywhere (or none), lengths 1..40 */
    uint32_t x = 2463534242u;
    char buf[48];
    for (int round = 0; round < 200000; round++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        size_t len = 1 + x % 40;
        size_t point = (x >> 8) % (len + 8); /* >= len: no point */
        for (size_t k = 0; k < len; k++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            buf[k] = (char)('0' + (x % 4 == 0 ? 0 : x % 10));
        }
        if (point > 0 && point < len) buf[point] = '.';
        buf[len] = '\0';
        check_as_strtod(buf);
    }
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
        cmocka_unit_test(units),
        cmocka_unit_test(no_number_no_unit),
        cmocka_unit_test(amounts),
        cmocka_unit_test(integers),
        cmocka_unit_test(numbers_as_strtod),
        cmocka_unit_test(dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

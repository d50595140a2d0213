/*
 * Unit tests for parsers/scan.c: one test per pattern, each with lines it
 * must recognise (checking every captured part as a substring of the input)
 * and near misses it must not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/scan.h"
#include "tests/testutil.h"
#include "common/normalize.h"
#include "ptconv.h"

/* The captured substring must be exactly `want`; NULL means "unset". */
static void check_cap_at(const char *s, ptc_cap cap, const char *want, const char *what, int line) {
    if (!want) {
        if (cap.off != PTC_NOCAP) {
            print_error("line %d: %s: expected no capture, got \"%.*s\" in \"%s\"\n", line, what,
                        (int)cap.len, s + cap.off, s);
            fail();
        }
        return;
    }
    if (cap.off == PTC_NOCAP) {
        print_error("line %d: %s: expected \"%s\", got no capture in \"%s\"\n", line, what, want, s);
        fail();
    }
    if (cap.len != strlen(want) || memcmp(s + cap.off, want, cap.len) != 0) {
        print_error("line %d: %s: expected \"%s\", got \"%.*s\" in \"%s\"\n", line, what, want,
                    (int)cap.len, s + cap.off, s);
        fail();
    }
}
#define check_cap(s, cap, want) check_cap_at((s), (cap), (want), #cap, __LINE__)

/* ------------------------------------------------------------ line kinds */

/* Scans `s` as a one-cell line and requires `kind`; returns the match. */
static ptc_line_match line_as(ptc_scanner *sc, const char *s, ptc_line_kind kind, int line) {
    ptc_line_match m;
    int rc = ptc_scan_line(sc, s, strlen(s), &m);
    if (rc != 1 || m.kind != kind) {
        print_error("line %d: \"%s\": expected kind %d, got rc %d kind %d\n", line, s, (int)kind, rc,
                    (int)m.kind);
        fail();
    }
    return m;
}
#define LINE_AS(s, kind) line_as(sc, (s), (kind), __LINE__)

/* `s` must not be recognised as `kind` (it may be something else). */
static void line_not(ptc_scanner *sc, const char *s, ptc_line_kind kind, int line) {
    ptc_line_match m;
    int rc = ptc_scan_line(sc, s, strlen(s), &m);
    if (rc < 0 || (rc == 1 && m.kind == kind)) {
        print_error("line %d: \"%s\": unexpectedly kind %d (rc %d)\n", line, s, (int)kind, rc);
        fail();
    }
    if (rc == 0) assert_int_equal(m.kind, PTC_LINE_NONE);
}
#define LINE_NOT(s, kind) line_not(sc, (s), (kind), __LINE__)

static void nothing_matches_blank_or_plain_text(void **state) {
    ptc_scanner *sc = *state;
    ptc_line_match m;
    assert_int_equal(ptc_scan_line(sc, "", 0, &m), 0);
    assert_int_equal(m.kind, PTC_LINE_NONE);
    assert_int_equal(ptc_scan_line(sc, "   \t ", 5, &m), 0);
    const char *goal = "满足出差需求，完成工作任务。";
    assert_int_equal(ptc_scan_line(sc, goal, strlen(goal), &m), 0);
    assert_int_equal(m.kind, PTC_LINE_NONE);
}

static void title_line(void **state) {
    ptc_scanner *sc = *state;
    const char *s = "绩效目标设置情况";
    ptc_line_match m = LINE_AS(s, PTC_LINE_TITLE);
    check_cap(s, m.cap[0], "绩效目标设置情况");
    for (int i = 1; i < 5; i++) check_cap(s, m.cap[i], NULL);

    s = "  绩效目标设置情况 ";
    m = LINE_AS(s, PTC_LINE_TITLE);
    check_cap(s, m.cap[0], "绩效目标设置情况");

    s = "枣庄市人力资源和社会保障局2021年部门预算绩效目标情况";
    m = LINE_AS(s, PTC_LINE_TITLE);
    check_cap(s, m.cap[0], "枣庄市人力资源和社会保障局2021年部门预算绩效目标情况");

    LINE_NOT("绩效目标设置情况良好", PTC_LINE_TITLE);
    LINE_NOT("项目执行情况", PTC_LINE_TITLE);
    LINE_NOT("绩效目标表如下：", PTC_LINE_TITLE);
}

static void summary_line(void **state) {
    ptc_scanner *sc = *state;
    const char *s = "2021年枣庄市人力资源和社会保障局项目支出实现绩效目标管理全覆盖，"
                    "2021年预算安排的项目22个，涉及财政拨款936万元。";
    ptc_line_match m = LINE_AS(s, PTC_LINE_SUMMARY);
    check_cap(s, m.cap[0], "2021");
    check_cap(s, m.cap[1], "枣庄市人力资源和社会保障局");
    check_cap(s, m.cap[2], "22");
    check_cap(s, m.cap[3], "936");
    check_cap(s, m.cap[4], "万元");

    s = "2023 年度 某市财政局 部门预算安排项目 3 个，涉及资金 1,234.5 亿元";
    m = LINE_AS(s, PTC_LINE_SUMMARY);
    check_cap(s, m.cap[0], "2023");
    check_cap(s, m.cap[1], "某市财政局");
    check_cap(s, m.cap[2], "3");
    check_cap(s, m.cap[3], "1,234.5");
    check_cap(s, m.cap[4], "亿元");

    /* no amount, no project count, no year */
    LINE_NOT("2021年枣庄市人力资源和社会保障局项目支出预算安排的项目22个。", PTC_LINE_SUMMARY);
    LINE_NOT("2021年枣庄市人力资源和社会保障局项目支出涉及财政拨款936万元。", PTC_LINE_SUMMARY);
    LINE_NOT("枣庄市人力资源和社会保障局项目支出预算安排的项目22个，涉及财政拨款936万元。",
             PTC_LINE_SUMMARY);
}

static void intro_line(void **state) {
    ptc_scanner *sc = *state;
    const char *s = "绩效目标表如下：";
    ptc_line_match m = LINE_AS(s, PTC_LINE_INTRO);
    for (int i = 0; i < 5; i++) check_cap(s, m.cap[i], NULL);
    LINE_AS("具体如下:", PTC_LINE_INTRO);
    LINE_AS("绩效目标表如下", PTC_LINE_INTRO);
    /* a long sentence that merely contains 如下 is not the intro */
    LINE_NOT("本单位项目支出绩效目标的设定依据和测算过程如下所述并已公开", PTC_LINE_INTRO);
    LINE_NOT("绩效目标表如下：见附件", PTC_LINE_INTRO);
}

static void unit_item_line(void **state) {
    ptc_scanner *sc = *state;
    static const struct {
        const char *line, *seq, *name, *count;
    } seed[] = {
        {"1、枣庄市人力资源和社会保障局（本级）（包括财务不独立的2个事业单位）绩效项目8个；", "1",
         "枣庄市人力资源和社会保障局（本级）（包括财务不独立的2个事业单位）", "8"},
        {"2、枣庄市人力资源服务中心绩效项目4个；", "2", "枣庄市人力资源服务中心", "4"},
        {"3、枣庄市社会保险服务中心绩效项目6个；", "3", "枣庄市社会保险服务中心", "6"},
        {"4、枣庄市人事考试中心绩效项目3个；", "4", "枣庄市人事考试中心", "3"},
        {"5、枣庄市劳动和社会保障监察支队绩效项目1个，具体如下：", "5", "枣庄市劳动和社会保障监察支队",
         "1"},
        {"12. 某单位 绩效项目 10 个", "12", "某单位", "10"},
    };
    for (size_t i = 0; i < sizeof seed / sizeof seed[0]; i++) {
        const char *s = seed[i].line;
        ptc_line_match m = LINE_AS(s, PTC_LINE_UNIT_ITEM);
        check_cap(s, m.cap[0], seed[i].seq);
        check_cap(s, m.cap[1], seed[i].name);
        check_cap(s, m.cap[2], seed[i].count);
        check_cap(s, m.cap[3], NULL);
    }
    LINE_NOT("枣庄市人事考试中心绩效项目3个；", PTC_LINE_UNIT_ITEM);
    LINE_NOT("4、枣庄市人事考试中心绩效项目若干个；", PTC_LINE_UNIT_ITEM);
    LINE_NOT("4、枣庄市人事考试中心绩效项目3个以上", PTC_LINE_UNIT_ITEM);
}

static void heading_line(void **state) {
    ptc_scanner *sc = *state;
    const char *s = "1、项目支出绩效目标批复表";
    ptc_line_match m = LINE_AS(s, PTC_LINE_HEADING);
    check_cap(s, m.cap[0], "1");
    check_cap(s, m.cap[1], "项目支出绩效目标批复表");
    check_cap(s, m.cap[2], NULL);

    /* the kind (自评, 整体) is the builder's decision; only the parts here */
    s = "22、项目支出绩效自评表";
    m = LINE_AS(s, PTC_LINE_HEADING);
    check_cap(s, m.cap[0], "22");
    check_cap(s, m.cap[1], "项目支出绩效自评表");

    s = " 3．部门整体支出绩效目标申报表 ";
    m = LINE_AS(s, PTC_LINE_HEADING);
    check_cap(s, m.cap[0], "3");
    check_cap(s, m.cap[1], "部门整体支出绩效目标申报表");

    s = "4.项目支出绩效目标表";
    m = LINE_AS(s, PTC_LINE_HEADING);
    check_cap(s, m.cap[0], "4");
    check_cap(s, m.cap[1], "项目支出绩效目标表");

    /* a title without a number still starts a table */
    s = "2021年度项目支出绩效自评表";
    m = LINE_AS(s, PTC_LINE_HEADING);
    assert_true(m.cap[0].off == PTC_NOCAP);
    check_cap(s, m.cap[1], "2021年度项目支出绩效自评表");
    LINE_NOT("1、项目支出绩效目标批复表（续）", PTC_LINE_HEADING);
    LINE_NOT("1、项目支出明细表", PTC_LINE_HEADING);
    LINE_NOT("1、项目支出绩效目标批复", PTC_LINE_HEADING);
}

static void year_line(void **state) {
    ptc_scanner *sc = *state;
    static const char *const forms[] = {"(2021 年度)", "（2021 年度）", "(2021年)", " ( 2021 年 度 ) ",
                                        "（2021年度)"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        ptc_line_match m = LINE_AS(forms[i], PTC_LINE_YEAR);
        check_cap(forms[i], m.cap[0], "2021");
        check_cap(forms[i], m.cap[1], NULL);
    }
    LINE_NOT("(2021)", PTC_LINE_YEAR);
    LINE_NOT("(21 年度)", PTC_LINE_YEAR);
    LINE_NOT("2021 年度", PTC_LINE_YEAR);
    LINE_NOT("(2021 年度) 单位：万元", PTC_LINE_YEAR);
}

static void applicant_line(void **state) {
    ptc_scanner *sc = *state;
    const char *s = "申报单位：枣庄市人力资源和社会保障局（机关）";
    ptc_line_match m = LINE_AS(s, PTC_LINE_APPLICANT);
    check_cap(s, m.cap[0], "枣庄市人力资源和社会保障局（机关）");
    check_cap(s, m.cap[1], NULL);

    s = "申报单位:枣庄市人事考试中心";
    m = LINE_AS(s, PTC_LINE_APPLICANT);
    check_cap(s, m.cap[0], "枣庄市人事考试中心");

    s = " 申 报 单 位 ： 枣庄市人事考试中心  ";
    m = LINE_AS(s, PTC_LINE_APPLICANT);
    check_cap(s, m.cap[0], "枣庄市人事考试中心");

    /* the name may be empty: the label is what identifies the line */
    s = "申报单位：";
    m = LINE_AS(s, PTC_LINE_APPLICANT);
    check_cap(s, m.cap[0], "");

    LINE_NOT("申请单位：枣庄市人事考试中心", PTC_LINE_APPLICANT);
    LINE_NOT("申报单位 枣庄市人事考试中心", PTC_LINE_APPLICANT);
    LINE_NOT("项目申报单位：枣庄市人事考试中心", PTC_LINE_APPLICANT);
}

/* ------------------------------------------------------------ periods */

static void check_period_at(ptc_scanner *sc, const char *s, const char *const want[6], int line) {
    ptc_cap cap[6];
    int rc = ptc_scan_period(sc, s, strlen(s), cap);
    if (rc != (want ? 1 : 0)) {
        print_error("line %d: \"%s\": expected rc %d, got %d\n", line, s, want ? 1 : 0, rc);
        fail();
    }
    if (!want) return;
    static const char *const part[] = {"y1", "m1", "d1", "y2", "m2", "d2"};
    for (int i = 0; i < 6; i++) check_cap_at(s, cap[i], want[i], part[i], line);
}
#define CHECK_PERIOD(s, ...) check_period_at(sc, (s), (const char *const[6]){__VA_ARGS__}, __LINE__)
#define CHECK_NO_PERIOD(s) check_period_at(sc, (s), NULL, __LINE__)

static void periods(void **state) {
    ptc_scanner *sc = *state;
    CHECK_PERIOD("2021-01-01 至 2021-12-31", "2021", "01", "01", "2021", "12", "31");
    CHECK_PERIOD("2021年1月1日至2021年12月31日", "2021", "1", "1", "2021", "12", "31");
    CHECK_PERIOD("2021/1/1-2021/12/31", "2021", "1", "1", "2021", "12", "31");
    CHECK_PERIOD("2021.1.1～2022.6.30", "2021", "1", "1", "2022", "6", "30");
    CHECK_PERIOD(" 2020 年 3 月 5 日 到 2020 年 4 月 1 日 ", "2020", "3", "5", "2020", "4", "1");
    CHECK_NO_PERIOD("全年");
    CHECK_NO_PERIOD("2021-01-01");
    CHECK_NO_PERIOD("2021-01 至 2021-12");
    CHECK_NO_PERIOD("2021-01-01 至 2021-12-31 以后");
    CHECK_NO_PERIOD("21-01-01 至 21-12-31");
    CHECK_NO_PERIOD("");
}

static void scanners_share_compiled_patterns(void **state) {
    (void)state;
    /* A second scanner (another parser) works independently of the first. */
    ptc_scanner *a = ptc_scanner_new(), *b = ptc_scanner_new();
    assert_non_null(a);
    assert_non_null(b);
    const char *s = "（2021 年度）";
    ptc_line_match m;
    assert_int_equal(ptc_scan_line(a, s, strlen(s), &m), 1);
    assert_int_equal(m.kind, PTC_LINE_YEAR);
    ptc_scanner_free(a);
    assert_int_equal(ptc_scan_line(b, s, strlen(s), &m), 1);
    assert_int_equal(m.kind, PTC_LINE_YEAR);
    ptc_scanner_free(b);
    ptc_scanner_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nothing_matches_blank_or_plain_text),
        cmocka_unit_test(title_line),
        cmocka_unit_test(summary_line),
        cmocka_unit_test(intro_line),
        cmocka_unit_test(unit_item_line),
        cmocka_unit_test(heading_line),
        cmocka_unit_test(year_line),
        cmocka_unit_test(applicant_line),
        cmocka_unit_test(periods),
        cmocka_unit_test(scanners_share_compiled_patterns),
    };
    return cmocka_run_group_tests(tests, ptc_test_scanner_setup, ptc_test_scanner_teardown);
}

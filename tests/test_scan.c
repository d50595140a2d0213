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
#include "common/normalize.h"
#include "ptconv.h"

static int setup(void **state) {
    ptc_scanner *sc = ptc_scanner_new();
    if (!sc) return -1;
    *state = sc;
    return 0;
}

static int teardown(void **state) {
    ptc_scanner_free(*state);
    return 0;
}

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

    LINE_NOT("项目支出绩效目标批复表", PTC_LINE_HEADING);
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

/* ------------------------------------------------------------ labels */

/* Normalises `raw` as the builder does, then scans it as a label. */
static ptc_label label_of(ptc_scanner *sc, const char *raw, char *norm, size_t *norm_len,
                          ptc_cap *unit) {
    *norm_len = ptc_norm_label(raw, strlen(raw), norm);
    norm[*norm_len] = '\0';
    ptc_label lab = (ptc_label)-1;
    int rc = ptc_scan_label(sc, norm, *norm_len, &lab, unit);
    assert_true(rc == 0 || rc == 1);
    if (rc == 0) assert_int_equal(lab, PTC_LABEL_NONE);
    return lab;
}

static void every_label(void **state) {
    ptc_scanner *sc = *state;
    static const struct {
        const char *raw;
        ptc_label want;
        const char *unit; /* funds only */
    } cases[] = {
        {"项目名称", PTC_LABEL_PROJECT_NAME, NULL},
        {"项 目 名 称", PTC_LABEL_PROJECT_NAME, NULL},
        {"主管部门", PTC_LABEL_DEPARTMENT, NULL},
        {"项目主管部门", PTC_LABEL_DEPARTMENT, NULL},
        {"预算执行单位", PTC_LABEL_EXECUTING_UNIT, NULL},
        {"实施单位", PTC_LABEL_EXECUTING_UNIT, NULL},
        {"项目实施单位", PTC_LABEL_EXECUTING_UNIT, NULL},
        {"项目执行单位", PTC_LABEL_EXECUTING_UNIT, NULL},
        {"项目类型", PTC_LABEL_PROJECT_TYPE, NULL},
        {"项目期限", PTC_LABEL_PERIOD, NULL},
        {"项目 期限", PTC_LABEL_PERIOD, NULL},
        {"项目资金申请（万元）", PTC_LABEL_FUNDS, "万元"},
        {"项目资金 申请 (万元)", PTC_LABEL_FUNDS, "万元"},
        {"项目资金申请(万元)", PTC_LABEL_FUNDS, "万元"},
        {"项目资金 申请（万元）", PTC_LABEL_FUNDS, "万元"},
        {"项目资金 申请(万元)", PTC_LABEL_FUNDS, "万元"},
        {"项目资金（元）", PTC_LABEL_FUNDS, "元"},
        {"项目资金申请(亿元)", PTC_LABEL_FUNDS, "亿元"},
        {"项目资金申请", PTC_LABEL_FUNDS, NULL},
        {"项目资金", PTC_LABEL_FUNDS, NULL},
        {"项目绩效年度目标", PTC_LABEL_GOAL, NULL},
        {"年度绩效目标", PTC_LABEL_GOAL, NULL},
        {"项目绩效总目标", PTC_LABEL_GOAL, NULL},
        {"年度绩效指标", PTC_LABEL_INDICATORS, NULL},
        {"其他说明", PTC_LABEL_NOTES, NULL},
        {"其他 说明", PTC_LABEL_NOTES, NULL},
        {"申报单位", PTC_LABEL_APPLICANT, NULL},
        {"\xE3\x80\x80申报单位\xC2\xA0", PTC_LABEL_APPLICANT, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char norm[256];
        size_t n;
        ptc_cap unit = {0, 0};
        ptc_label lab = label_of(sc, cases[i].raw, norm, &n, &unit);
        if (lab != cases[i].want) {
            print_error("\"%s\" (normalised \"%s\"): expected label %d, got %d\n", cases[i].raw, norm,
                        (int)cases[i].want, (int)lab);
            fail();
        }
        check_cap_at(norm, unit, cases[i].unit, cases[i].raw, __LINE__);
    }
}

static void not_labels(void **state) {
    ptc_scanner *sc = *state;
    static const char *const raw[] = {
        "联系人", "项目", "名称", "项目名称：", "项目名称（万元）", "项目资金申请（美元）",
        "项目资金申请（万元", "差旅费用", "一级指标", "其他说明事项", "主管部门意见", "",
        /* longer than any label: rejected without a regex */
        "项目名称项目名称项目名称项目名称项目名称",
    };
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
        char norm[256];
        size_t n;
        ptc_cap unit = {0, 0};
        ptc_label lab = label_of(sc, raw[i], norm, &n, &unit);
        if (lab != PTC_LABEL_NONE) {
            print_error("\"%s\": expected no label, got %d\n", raw[i], (int)lab);
            fail();
        }
        check_cap_at(norm, unit, NULL, raw[i], __LINE__);
    }
}

/* ------------------------------------------------------------ header cells */

static void header_cells(void **state) {
    ptc_scanner *sc = *state;
    static const struct {
        const char *raw;
        ptc_column_role role;
        int level;
    } cases[] = {
        {"一级指标", PTC_COL_LEVEL, 1}, {"二级指标", PTC_COL_LEVEL, 2}, {"三级指标", PTC_COL_LEVEL, 3},
        {"四级指标", PTC_COL_LEVEL, 4}, {"九级指标", PTC_COL_LEVEL, 9}, {"三级 指标", PTC_COL_LEVEL, 3},
        {"指标类型", PTC_COL_LEVEL, 0}, {"指标名称", PTC_COL_NAME, 0},  {"指标内容", PTC_COL_NAME, 0},
        {"指标值", PTC_COL_VALUE, 0},   {"指 标 值", PTC_COL_VALUE, 0}, {"计量单位", PTC_COL_UNIT, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char norm[64];
        size_t n = ptc_norm_label(cases[i].raw, strlen(cases[i].raw), norm);
        ptc_column_role role = (ptc_column_role)-1;
        int level = -1;
        assert_int_equal(ptc_scan_header_cell(sc, norm, n, &role, &level), 1);
        if (role != cases[i].role || level != cases[i].level) {
            print_error("\"%s\": expected role %d level %d, got role %d level %d\n", cases[i].raw,
                        (int)cases[i].role, cases[i].level, (int)role, level);
            fail();
        }
    }
}

static void not_header_cells(void **state) {
    ptc_scanner *sc = *state;
    static const char *const raw[] = {"十级指标", "备注", "指标值（%）", "一级指标值", "指标",
                                      "产出", "完成值", "", "计量单位计量单位计量单位"};
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
        char norm[128];
        size_t n = ptc_norm_label(raw[i], strlen(raw[i]), norm);
        ptc_column_role role = PTC_COL_VALUE;
        int level = -1;
        int rc = ptc_scan_header_cell(sc, norm, n, &role, &level);
        if (rc != 0 || role != PTC_COL_EXTRA || level != 0) {
            print_error("\"%s\": expected no header role, got rc %d role %d level %d\n", raw[i], rc,
                        (int)role, level);
            fail();
        }
    }
}

/* ------------------------------------------------------------ values */

static void check_value_at(ptc_scanner *sc, const char *s, ptc_comparator want_cmp,
                           const char *want_number, int line) {
    int cmp = -1;
    ptc_cap num = {0, 0};
    int rc = ptc_scan_value(sc, s, strlen(s), &cmp, &num);
    if (rc != 1 || cmp != (int)want_cmp) {
        print_error("line %d: \"%s\": expected rc 1 comparator %d, got rc %d comparator %d\n", line,
                    s, (int)want_cmp, rc, cmp);
        fail();
    }
    check_cap_at(s, num, want_number, "number", line);
}
#define CHECK_VALUE(s, cmp, number) check_value_at(sc, (s), (cmp), (number), __LINE__)

static void values(void **state) {
    ptc_scanner *sc = *state;
    CHECK_VALUE("≥90%", PTC_CMP_GE, "90");
    CHECK_VALUE("≧95%", PTC_CMP_GE, "95");
    CHECK_VALUE(">=98", PTC_CMP_GE, "98");
    CHECK_VALUE("≥=90%", PTC_CMP_GE, "90");
    CHECK_VALUE("＞＝80", PTC_CMP_GE, "80");
    CHECK_VALUE("不低于上年度水平", PTC_CMP_GE, NULL);
    CHECK_VALUE("不少于 3 次", PTC_CMP_GE, "3");
    CHECK_VALUE("<=5", PTC_CMP_LE, "5");
    CHECK_VALUE("≤5%", PTC_CMP_LE, "5");
    CHECK_VALUE("≦ 10", PTC_CMP_LE, "10");
    CHECK_VALUE("不超过预算", PTC_CMP_LE, NULL);
    CHECK_VALUE(">3", PTC_CMP_GT, "3");
    CHECK_VALUE("＜2", PTC_CMP_LT, "2");
    CHECK_VALUE("=1", PTC_CMP_EQ, "1");
    CHECK_VALUE("25 元", PTC_CMP_NONE, "25");
    CHECK_VALUE("100", PTC_CMP_NONE, "100");
    CHECK_VALUE("12.4", PTC_CMP_NONE, "12.4");
    CHECK_VALUE("1,234.5", PTC_CMP_NONE, "1,234.5");
    CHECK_VALUE("-3.5%", PTC_CMP_NONE, "-3.5");
    CHECK_VALUE("约 10 万元", PTC_CMP_NONE, "10");
    /* a second number makes the value a list, not a quantity */
    CHECK_VALUE("1600人、200人", PTC_CMP_NONE, NULL);
    CHECK_VALUE("2021 年购置密集架 240", PTC_CMP_NONE, NULL);
    CHECK_VALUE("按时", PTC_CMP_NONE, NULL);
    CHECK_VALUE("是", PTC_CMP_NONE, NULL);
    CHECK_VALUE("", PTC_CMP_NONE, NULL);
}

/* ------------------------------------------------------------ amounts */

static void check_amount_at(ptc_scanner *sc, const char *s, int want_rc, const char *want_number,
                            const char *want_unit, int line) {
    ptc_cap num = {PTC_NOCAP, 0}, unit = {PTC_NOCAP, 0};
    int rc = ptc_scan_amount(sc, s, strlen(s), &num, &unit);
    if (rc != want_rc) {
        print_error("line %d: \"%s\": expected rc %d, got %d\n", line, s, want_rc, rc);
        fail();
    }
    if (rc != 1) return;
    check_cap_at(s, num, want_number, "number", line);
    check_cap_at(s, unit, want_unit, "unit", line);
}
#define CHECK_AMOUNT(s, rc, number, unit) check_amount_at(sc, (s), (rc), (number), (unit), __LINE__)

static void amounts(void **state) {
    ptc_scanner *sc = *state;
    CHECK_AMOUNT("12.4 万元", 1, "12.4", "万元");
    CHECK_AMOUNT("936万元", 1, "936", "万元");
    CHECK_AMOUNT("1,234.50", 1, "1,234.50", NULL);
    CHECK_AMOUNT(" 7 万元 ", 1, "7", "万元");
    CHECK_AMOUNT("25元", 1, "25", "元");
    CHECK_AMOUNT("3 亿元", 1, "3", "亿元");
    CHECK_AMOUNT("0.5", 1, "0.5", NULL);
    CHECK_AMOUNT("abc", 0, NULL, NULL);
    CHECK_AMOUNT("12.4 美元", 0, NULL, NULL);
    CHECK_AMOUNT("约12.4万元", 0, NULL, NULL);
    CHECK_AMOUNT("12.4万元（含结转）", 0, NULL, NULL);
    CHECK_AMOUNT("1,23.4", 0, NULL, NULL);
    CHECK_AMOUNT("", 0, NULL, NULL);
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
        cmocka_unit_test(every_label),
        cmocka_unit_test(not_labels),
        cmocka_unit_test(header_cells),
        cmocka_unit_test(not_header_cells),
        cmocka_unit_test(values),
        cmocka_unit_test(amounts),
        cmocka_unit_test(periods),
        cmocka_unit_test(scanners_share_compiled_patterns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

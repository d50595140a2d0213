/* The rules tables: every built-in label and header, spacing and width
   noise, qualifiers, furniture, categories, and rules files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/normalize.h"
#include "parsers/rules.h"
#include "tests/testutil.h"

static const ptc_rule *cell_rule(ptc_rule_kind kind, const char *raw, char *qual, size_t qsize) {
    char buf[512];
    ptc_str q;
    const ptc_rule *r = ptc_rules_lookup_cell(ptc_rules_builtin(), kind, raw, strlen(raw), buf, &q);
    snprintf(qual, qsize, "%.*s", q.s ? (int)q.len : 0, q.s ? q.s : "");
    return r;
}

static void every_label(void **state) {
    (void)state;
    static const struct {
        const char *raw, *key, *qual;
    } cases[] = {
        {"项目名称", "project_name", ""},       {"项 目 名 称", "project_name", ""},
        {"项目名称：", "project_name", ""},      {"主管部门", "department", ""},
        {"项目主管部门", "department", ""},     {"主管部门及编码", "department", ""},
        {"预算执行单位", "executing_unit", ""}, {"实施单位", "executing_unit", ""},
        {"项目实施单位", "executing_unit", ""}, {"项目执行单位", "executing_unit", ""},
        {"项目类型", "project_type", ""},       {"项目期限", "period", ""},
        {"项目 期限", "period", ""},            {"项目资金申请（万元）", "funds", "万元"},
        {"项目资金 申请 (万元)", "funds", "万元"}, {"项目资金申请(万元)", "funds", "万元"},
        {"项目资金（元）", "funds", "元"},      {"项目资金申请(亿元)", "funds", "亿元"},
        {"项目资金申请", "funds", ""},          {"项目资金", "funds", ""},
        {"项目资金申请（美元）", "funds", "美元"}, {"项目绩效年度目标", "annual_goal", ""},
        {"年度绩效目标", "annual_goal", ""},    {"项目绩效总目标", "annual_goal", ""},
        {"年度绩效指标", "indicators", ""},     {"其他说明", "notes", ""},
        {"其他 说明", "notes", ""},             {"申报单位", "applicant", ""},
        {"\xE3\x80\x80申报单位\xC2\xA0", "applicant", ""}, {"联系人", "contact_person", ""},
        {"项目名称（万元）", "project_name", "万元"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char qual[64];
        const ptc_rule *r = cell_rule(PTC_RULE_FIELD, cases[i].raw, qual, sizeof qual);
        if (!r || strcmp(r->key, cases[i].key) != 0 || strcmp(qual, cases[i].qual) != 0) {
            print_error("\"%s\": expected %s (%s), got %s (%s)\n", cases[i].raw, cases[i].key,
                        cases[i].qual, r ? r->key : "none", qual);
            fail();
        }
        assert_int_equal(r->kind, PTC_RULE_FIELD);
        assert_true(strncmp(r->id, "field.", 6) == 0);
    }
}

static void not_labels(void **state) {
    (void)state;
    static const char *const raw[] = {"项目", "名称", "项目资金申请（万元", "差旅费用", "一级指标",
                                      "其他说明事项", "主管部门意见", "", "项目名称项目名称"};
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
        char qual[64];
        const ptc_rule *r = cell_rule(PTC_RULE_FIELD, raw[i], qual, sizeof qual);
        if (r) {
            print_error("\"%s\": expected no label, got %s\n", raw[i], r->key);
            fail();
        }
    }
}

static void header_cells(void **state) {
    (void)state;
    static const struct {
        const char *raw;
        ptc_column_role role;
        int level;
        const char *qual;
    } cases[] = {
        {"一级指标", PTC_COL_LEVEL, 1, ""},  {"二级指标", PTC_COL_LEVEL, 2, ""},
        {"三级指标", PTC_COL_LEVEL, 3, ""},  {"四级指标", PTC_COL_LEVEL, 4, ""},
        {"九级指标", PTC_COL_LEVEL, 9, ""},  {"三级 指标", PTC_COL_LEVEL, 3, ""},
        {"指标类型", PTC_COL_LEVEL, 0, ""},  {"指标名称", PTC_COL_NAME, 0, ""},
        {"指标内容", PTC_COL_NAME, 0, ""},   {"指标值", PTC_COL_VALUE, 0, ""},
        {"指 标 值", PTC_COL_VALUE, 0, ""},  {"计量单位", PTC_COL_UNIT, 0, ""},
        {"指标值（%）", PTC_COL_VALUE, 0, "%"}, {"指标值(年度)", PTC_COL_VALUE, 0, "年度"},
        {"一级指标(50分)", PTC_COL_LEVEL, 1, "50分"}, {"指标\n性质", PTC_COL_COMPARATOR, 0, ""},
        {"年度绩效指标", PTC_COL_LABEL, 0, ""},
        /* known extras: a header of many of them is still a header */
        {"备注", PTC_COL_EXTRA, 0, ""},     {"分值", PTC_COL_EXTRA, 0, ""},
        {"全年完成值", PTC_COL_EXTRA, 0, ""}, {"偏差原因分析及改进措施", PTC_COL_EXTRA, 0, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char qual[64];
        const ptc_rule *r = cell_rule(PTC_RULE_COLUMN, cases[i].raw, qual, sizeof qual);
        if (!r || r->role != cases[i].role || r->level != cases[i].level ||
            strcmp(qual, cases[i].qual) != 0) {
            print_error("\"%s\": expected role %d level %d (%s), got %d %d (%s)\n", cases[i].raw,
                        (int)cases[i].role, cases[i].level, cases[i].qual, r ? (int)r->role : -1,
                        r ? r->level : -1, qual);
            fail();
        }
    }
    static const char *const not_headers[] = {"十级指标", "一级指标值", "指标", "产出", "完成情况", ""};
    for (size_t i = 0; i < sizeof not_headers / sizeof not_headers[0]; i++) {
        char qual[64];
        assert_null(cell_rule(PTC_RULE_COLUMN, not_headers[i], qual, sizeof qual));
    }
}

static void furniture_and_categories(void **state) {
    (void)state;
    const ptc_rules *r = ptc_rules_builtin();
    const ptc_rule *rule = NULL;
    char key[256];
    const char *yes[] = {"打印本页", "发布时间：2022-05-10", "索引号:123", "当前位置：首页"};
    for (size_t i = 0; i < 4; i++) {
        size_t n = ptc_norm_key(yes[i], strlen(yes[i]), key);
        assert_true(ptc_rules_is_furniture(r, key, n, &rule));
        assert_non_null(rule);
    }
    size_t n = ptc_norm_key("项目名称", strlen("项目名称"), key);
    assert_false(ptc_rules_is_furniture(r, key, n, &rule));
    assert_true(ptc_rules_looks_category(r, "产出", strlen("产出")));
    assert_true(ptc_rules_looks_category(r, "经济效益指标", strlen("经济效益指标")));
    assert_false(ptc_rules_looks_category(r, "差旅费按时发放", strlen("差旅费按时发放")));
    assert_false(ptc_rules_looks_category(r, "按时", strlen("按时")));
}

static char *write_temp(const char *text) {
    char *path = strdup("/tmp/ptc-rules-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void rules_file_adds_and_overrides(void **state) {
    (void)state;
    char *path = write_temp("# a county's own labels\n"
                            "field\tproject_name\t资金项目\n"
                            "field\tcontact_person\t经办人  # trailing comment\n"
                            "field\tsupervisor\t分管领导\n"
                            "column\tvalue\t预期值\n"
                            "skip\t本页完\n");
    char err[256];
    ptc_rules *r = ptc_rules_load(path, err, sizeof err);
    assert_non_null(r);
    char buf[256];
    ptc_str q;
    const ptc_rule *rule = ptc_rules_lookup_cell(r, PTC_RULE_FIELD, "资金 项目", strlen("资金 项目"), buf, &q);
    assert_non_null(rule);
    assert_int_equal(rule->field, PTC_FIELD_PROJECT_NAME);
    rule = ptc_rules_lookup_cell(r, PTC_RULE_FIELD, "分管领导", strlen("分管领导"), buf, &q);
    assert_non_null(rule);
    assert_int_equal(rule->field, PTC_FIELD_OTHER);
    assert_string_equal(rule->key, "supervisor");
    assert_true(strstr(rule->id, ":4") != NULL);
    rule = ptc_rules_lookup_cell(r, PTC_RULE_COLUMN, "预期值", strlen("预期值"), buf, &q);
    assert_non_null(rule);
    assert_int_equal(rule->role, PTC_COL_VALUE);
    /* the built-ins are still there */
    assert_non_null(ptc_rules_lookup_cell(r, PTC_RULE_FIELD, "项目名称", strlen("项目名称"), buf, &q));
    /* the built-in set is not changed by loading a file */
    assert_null(ptc_rules_lookup_cell(ptc_rules_builtin(), PTC_RULE_FIELD, "资金项目", strlen("资金项目"), buf, &q));
    ptc_rules_free(r);
    unlink(path);
    free(path);
}

static void rules_file_errors(void **state) {
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"field\tproject_name\n", ":1:1: error: expected field<TAB>KEY<TAB>LABEL [rules-syntax]"},
        {"\n\nlabel\tx\ty\n", ":3:1: error: unknown rule kind (expected field, column, grid or skip) [rules-syntax]"},
        {"field\tProject\t项目\n", ":1:7: error: a key is lower-case ASCII letters, digits and '_' [rules-syntax]"},
        {"column\tvalue\t  \n", ":1:14: error: empty label [rules-syntax]"},
        {"skip\n", ":1:1: error: expected skip<TAB>TEXT [rules-syntax]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = write_temp(cases[i].text);
        char err[512];
        assert_null(ptc_rules_load(path, err, sizeof err));
        char want[600];
        snprintf(want, sizeof want, "%s%s", path, cases[i].want);
        if (strcmp(err, want) != 0) {
            print_error("case %zu: expected\n  %s\ngot\n  %s\n", i, want, err);
            fail();
        }
        unlink(path);
        free(path);
    }
    char err[256];
    assert_null(ptc_rules_load("/nonexistent/rules.tsv", err, sizeof err));
    assert_true(strstr(err, "/nonexistent/rules.tsv: error: cannot open") == err);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_label),
        cmocka_unit_test(not_labels),
        cmocka_unit_test(header_cells),
        cmocka_unit_test(furniture_and_categories),
        cmocka_unit_test(rules_file_adds_and_overrides),
        cmocka_unit_test(rules_file_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

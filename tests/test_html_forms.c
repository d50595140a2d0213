/*
 * The HTML form of each table family (emitters/html_form.c, html_grid.c):
 * an overall table with its budget grid, goal list and tasks grid, a
 * self-evaluation table with its funds and goals grids, the 批复表 layout
 * unchanged, and the golden page of a real published table
 * (fixtures/golden/realworld-01.html). Exact fragments, the source's labels
 * present and invented ones absent. tests/test_html.c has the rest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testutil.h"

static bool contains(const char *hay, const char *needle) { return strstr(hay, needle) != NULL; }



static char *seed_html(const ptc_emit_options *opts) {
    size_t len;
    char *input = ptc_test_read_file(ptc_test_fixture("seed.txt"), &len);
    assert_non_null(input);
    char *out = ptc_test_convert(input, len, 0, "fixtures/seed.txt", "html", opts, NULL);
    free(input);
    assert_non_null(out);
    return out;
}

static char *family_html(const char *input) {
    ptc_emit_options f = {.fragment = true};
    char *out = ptc_test_convert(input, strlen(input), 0, "t.txt", "html", &f, NULL);
    assert_non_null(out);
    return out;
}

/* A department-level table (as 01-zhanjiang): its own labels, the budget
   and tasks grids where they stand, the goal item by item; none of the
   批复表's words, no rows for the fields it does not have. */
static void test_overall_family(void **state) {
    (void)state;
    char *out = family_html("2024年市级部门整体预算绩效目标表\n部门名称\t某局\n"
                            "预算整体情况\t部门预算支出\t预算金额（万元）\t收入来源\t预算金额（万元）\n"
                            "\t基本支出\t10\t财政拨款\t30\n\t项目支出\t20\t其他资金\t0\n"
                            "总体绩效目标\t\"目标1：甲。\n目标2：乙。\"\n"
                            "年度重点工作任务\t名称\t主要实施内容\t拟投入的资金（万元）\t期望达到的目标\n"
                            "\t任务一\t内容一\t5\t<b>目标一</b>\n"
                            "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
                            "\t产出指标\t数量指标\t人数\t≥10人\n");
    assert_true(contains(out, "<h2>2024年市级部门整体预算绩效目标表</h2>\n<table class=\"ptc-table\">\n"
                              "<colgroup><col><col><col><col><col></colgroup>\n<tbody>\n"
                              "<tr><th>部门名称</th><td colspan=\"4\">某局</td></tr>\n</tbody>\n"
                              "<tbody class=\"ptc-grid\" data-key=\"budget\">\n"
                              "<tr><th class=\"ptc-grid-label\" rowspan=\"3\">预算整体情况</th><td>部门预算支出</td>"
                              "<td>预算金额（万元）</td><td>收入来源</td><td>预算金额（万元）</td></tr>\n"
                              "<tr><td>基本支出</td><td>10</td><td>财政拨款</td><td>30</td></tr>\n"
                              "<tr><td>项目支出</td><td>20</td><td>其他资金</td><td>0</td></tr>\n</tbody>\n"
                              "<tbody>\n<tr><th>总体绩效目标</th><td class=\"ptc-goal\" colspan=\"4\">"
                              "<ul class=\"ptc-goal-items\"><li><span class=\"ptc-goal-label\">目标1</span>：甲。</li>"
                              "<li><span class=\"ptc-goal-label\">目标2</span>：乙。</li></ul></td></tr>\n</tbody>\n"
                              "<tbody class=\"ptc-grid\" data-key=\"tasks\">\n"
                              "<tr><th class=\"ptc-grid-label\" rowspan=\"2\">年度重点工作任务</th><td>名称</td>"));
    assert_true(contains(out, "<tr><td>任务一</td><td>内容一</td><td>5</td><td>&lt;b&gt;目标一&lt;/b&gt;</td></tr>\n"
                              "</tbody>\n<tbody>\n<tr class=\"ptc-head\"><th class=\"ptc-label\" rowspan=\"2\">绩效指标</th>"));
    static const char *const invented[] = {"主管部门", "预算执行单位", "项目绩效年度目标", "项目资金申请",
                                           "项目名称", "批复表", "年度绩效指标", "<p>目标1"};
    for (size_t i = 0; i < sizeof invented / sizeof *invented; i++)
        if (contains(out, invented[i])) fail_msg("invented \"%s\" in:\n%s", invented[i], out);
    free(out);
}

/* A self-evaluation table (as 80-xuancheng): its funds and goals grids as
   read (the funds and goal the parser took from them drawn once, by the
   grid), the indicators under t->columns with the level cell's score. */
static void test_self_evaluation_family(void **state) {
    (void)state;
    char *out = family_html("项目支出绩效自评表\n(2021年度)\n项目名称\t某项目\n主管部门\t某局\t实施单位\t某中心\n"
                            "项目资金(万元)\t年初预算数\t全年预算数(A)\t全年执行数(B)\t分值\t执行率(B/A)\t得分\n"
                            "年度资金总额:\t55\t56\t57\t10\t100%\t10\n"
                            "年度总体目标完成情况\t预期目标\t实际完成情况\n目标1:甲。\t1.甲。\n"
                            "年度绩效指标完成情况\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t"
                            "偏差原因分析及改进措施\n产出指标(50分)\t数量指标\t培训人数\t≥200\t200余人\t10\t9\n");
    assert_true(contains(out, "<tr><th>项目名称</th><td colspan=\"8\">某项目</td></tr>\n"
                              "<tr><th>主管部门</th><td colspan=\"8\">某局</td></tr>\n"
                              "<tr><th>实施单位</th><td colspan=\"8\">某中心</td></tr>\n</tbody>\n"
                              "<tbody class=\"ptc-grid\" data-key=\"funds\">\n"
                              "<tr><th class=\"ptc-grid-label\">项目资金(万元)</th><td>年初预算数</td><td>全年预算数(A)</td>"
                              "<td>全年执行数(B)</td><td>分值</td><td>执行率(B/A)</td><td colspan=\"3\">得分</td></tr>\n"
                              "<tr><td>年度资金总额:</td><td>55</td><td>56</td><td>57</td><td>10</td><td>100%</td>"
                              "<td colspan=\"3\">10</td></tr>\n</tbody>\n"
                              "<tbody class=\"ptc-grid\" data-key=\"goals\">\n"
                              "<tr><th class=\"ptc-grid-label\" rowspan=\"2\">年度总体目标完成情况</th><td>预期目标</td>"
                              "<td colspan=\"7\">实际完成情况</td></tr>\n"
                              "<tr><td>目标1:甲。</td><td colspan=\"7\">1.甲。</td></tr>\n</tbody>\n"));
    assert_true(contains(out, "<th>年度指标值</th><th>实际完成值</th><th>分值</th><th>得分</th>"
                              "<th>偏差原因分析及改进措施</th></tr>\n"
                              "<tr><td class=\"ptc-cat\">产出指标(50分)</td><td class=\"ptc-cat\">数量指标</td>"
                              "<td class=\"ptc-name\">培训人数</td><td class=\"ptc-value\">≥200</td><td>200余人</td>"
                              "<td>10</td><td>9</td><td></td></tr>\n"));
    static const char *const invented[] = {"预算执行单位", "项目绩效年度目标", "项目资金申请", "批复表",
                                           "title=\"", "ptc-section"};
    for (size_t i = 0; i < sizeof invented / sizeof *invented; i++)
        if (contains(out, invented[i])) fail_msg("invented \"%s\" in:\n%s", invented[i], out);
    free(out);
}

/* The 批复表 keeps its layout, in its own words: 主管部门 beside 预算执行单位,
   the goal under a section row, the funds label as written. */
static void test_target_family_unchanged(void **state) {
    (void)state;
    char *out = seed_html(NULL);
    char *form = ptc_test_between(out, "<section class=\"ptc-form\" id=\"d1-t9\"", "</section>");
    assert_true(contains(form, "<h2><span class=\"ptc-seq\">9、</span>项目支出绩效目标批复表</h2>\n"
                               "<p class=\"ptc-year\">(2021 年度)</p>\n"));
    assert_true(contains(form, "<tbody>\n<tr><th>项目名称</th><td colspan=\"5\">"));
    assert_true(contains(form, "</td></tr>\n<tr><th>主管部门</th><td>"));
    assert_true(contains(form, "</td><th>预算执行单位</th><td colspan=\"3\">"));
    assert_true(contains(form, "<tr><th>项目资金申请(万元)</th><td colspan=\"5\">"));
    assert_true(contains(form, "<tr><th class=\"ptc-section\" colspan=\"6\">项目绩效年度目标</th></tr>\n"
                               "<tr><td class=\"ptc-goal\" colspan=\"6\"><p>"));
    assert_true(contains(form, "<tr><th class=\"ptc-section\" colspan=\"6\">年度绩效指标</th></tr>\n"
                               "<tr class=\"ptc-head\"><th>一级指标</th>"));
    assert_false(contains(form, "ptc-grid"));
    assert_int_equal(ptc_test_count(form, "<tbody"), 1);
    free(form);
    form = ptc_test_between(out, "<section class=\"ptc-form\" id=\"d1-t1\"", "</section>");
    assert_true(contains(form, "<tr><th>项目资金申请（万元）</th><td colspan=\"5\">12.4 万元</td></tr>"));
    free(form);
    free(out);
}

/* fixtures/golden/realworld-01.html: 01-zhanjiang-2024-overall.tsv of the
   shared folder, byte for byte (UPDATE_GOLDEN=1 rewrites it; look at a
   screenshot of it before committing). */
static void test_realworld_golden(void **state) {
    (void)state;
    size_t len, got_len;
    char *input = ptc_test_read_file(ptc_test_shared("realworld/01-zhanjiang-2024-overall.tsv"), &len);
    assert_non_null(input);
    ptc_emit_options none = {0};
    char *got = ptc_test_convert(input, len, 0, "realworld/01-zhanjiang-2024-overall.tsv", "html", &none, &got_len);
    free(input);
    assert_non_null(got);
    const char *path = ptc_test_fixture("golden/realworld-01.html");
    const char *update = getenv("UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(got, 1, got_len, fp), got_len);
        assert_int_equal(fclose(fp), 0);
        free(got);
        return;
    }
    size_t want_len;
    char *want = ptc_test_read_file(path, &want_len);
    if (!want) fail_msg("%s is missing; create it with UPDATE_GOLDEN=1 and review it", path);
    bool same = want_len == got_len && memcmp(want, got, got_len) == 0;
    if (!same) {
        size_t i = 0;
        while (i < want_len && i < got_len && want[i] == got[i]) i++;
        print_error("%s differs at byte %zu\n", path, i);
    }
    free(want);
    free(got);
    assert_true(same);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overall_family),
        cmocka_unit_test(test_self_evaluation_family),
        cmocka_unit_test(test_target_family_unchanged),
        cmocka_unit_test(test_realworld_golden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

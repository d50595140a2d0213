/*
 * Unit tests for the canonical text emitter (emitters/text.c): the exact
 * text of a small noisy document, and round trips
 *
 *   parse(text(parse(x))) == parse(x)
 *
 * compared as the JSON emitter's output without the lines that only say
 * where things were ("source", "lines", "line", "column"), for the seed and
 * for inputs that exercise the layout's corner cases. Every round trip also
 * checks that the text is a fixed point: text(parse(text)) == text.
 * tests/roundtrip.py does the same for generated corpora through the CLI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testutil.h"

static char *convert(const char *input, size_t len, size_t chunk, const char *format, size_t *out_len) {
    char *out = ptc_test_convert(input, len, chunk, "in.txt", format, NULL, out_len);
    assert_non_null(out);
    return out;
}

/* The pretty JSON without its position lines: each of these keys is on a
   line of its own there, and string values never hold a raw newline. */
static char *json_without_positions(const char *input, size_t len) {
    size_t n;
    char *json = convert(input, len, 0, "json", &n);
    static const char *const drop[] = {"\"source\": ", "\"lines\": ", "\"line\": ", "\"column\": "};
    char *w = json;
    /* "labels" is how the source spelt its labels: the canonical text
       writes each one way, so the whole object is left out */
    size_t in_labels = 0; /* the indent of an open "labels": { … } */
    for (const char *line = json; *line;) {
        const char *end = strchr(line, '\n');
        end = end ? end + 1 : line + strlen(line);
        const char *key = line;
        while (*key == ' ') key++;
        bool keep = true;
        for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
            if (strncmp(key, drop[i], strlen(drop[i])) == 0) keep = false;
        size_t indent = (size_t)(key - line);
        if (in_labels) {
            keep = false;
            if (indent == in_labels && *key == '}') in_labels = 0;
        } else if (strncmp(key, "\"labels\": {", 11) == 0) {
            keep = false;
            if (key[11] != '}') in_labels = indent;
        }
        if (keep) {
            memmove(w, line, (size_t)(end - line));
            w += end - line;
        }
        line = end;
    }
    *w = '\0';
    return json;
}

/* Asserts the round trip and the fixed point; returns the text. */
static char *assert_round_trip(const char *input, size_t len) {
    size_t text_len, again_len;
    char *text = convert(input, len, 0, "text", &text_len);
    char *want = json_without_positions(input, len);
    char *got = json_without_positions(text, text_len);
    assert_string_equal(got, want);
    char *again = convert(text, text_len, 0, "text", &again_len);
    assert_int_equal(again_len, text_len);
    assert_memory_equal(again, text, text_len);
    /* A round trip of nothing proves nothing. */
    assert_non_null(strstr(want, "\"tables\": [\n"));
    free(want);
    free(got);
    free(again);
    return text;
}

static void test_registry_entry(void **state) {
    (void)state;
    const ptc_emitter *e = ptc_emitter_find("text");
    assert_non_null(e);
    assert_string_equal(e->name, "text");
    assert_string_equal(e->extension, "txt");
    assert_string_equal(e->media_type, "text/plain");
    assert_true(strlen(e->description) > 10);
}

/* CRLF, a spaced funds label, a full-width year line, <p> paragraphs, a
   shifted notes value, short rows, a space inside a category cell: the
   canonical layout is what gen-corpus --variant clean writes. */
static void test_small_document_exact(void **state) {
    (void)state;
    const char *input =
        "绩效目标设置情况\r\n"
        "2021年某市人力资源和社会保障局项目支出实现绩效目标管理全覆盖，2021年预算安排的项目1个，"
        "涉及财政拨款12.4万元。\r\n"
        "绩效目标表如下：\r\n"
        "1、某市人力资源和社会保障局（本级）绩效项目1个，具体如下：\r\n"
        "1、项目支出绩效目标批复表\r\n"
        "（2021 年度）\r\n"
        "申报单位：某市人力资源和社会保障局（机关）\r\n"
        "项目名称\t差旅费用\r\n"
        "主管部门\t某市人力资源和社会保障 保障局\t预算执行单位\t某市人力资源和社会保障局（机关）\r\n"
        "项目类型\t新增\t\t\t\t\r\n"
        "项目期限\t2021-01-01 至 2021-12-31\t\t\t\t\r\n"
        "项目资金 申请 (万元)\t12.4 万元\t\t\t\t\r\n"
        "项目绩效年度目标\t\t\t\t\t\r\n"
        "<p>满足出差需求。</p><p>完成工作任务。</p>\t\t\t\t\t\r\n"
        "年度绩效指标\t\t\t\t\t\r\n"
        "一级指标\t二级指标\t三级指标\t四级指标\t指标值\t计量单位\r\n"
        "产出\t项目产出\t数量 指标\t活动次数\t2\t次\r\n"
        "效果\t项目效益\t满意度指标\t满意度\t≥ 95\t%\r\n"
        "其他 说明\t\t无\t\t\t";
    const char *want =
        "\n\n"
        "绩效目标设置情况\n\n"
        "2021年某市人力资源和社会保障局项目支出实现绩效目标管理全覆盖，2021年预算安排的项目1个，"
        "涉及财政拨款12.4万元。\n\n"
        "绩效目标表如下：\n\n"
        "1、某市人力资源和社会保障局（本级）绩效项目1个，具体如下：\n\n"
        "1、项目支出绩效目标批复表\n\n"
        "(2021 年度)\n\n"
        "申报单位：某市人力资源和社会保障局（机关）\n\n"
        "项目名称\t差旅费用\t\t\t\t\n"
        "主管部门\t某市人力资源和社会保障 保障局\t预算执行单位\t某市人力资源和社会保障局（机关）\t\t\n"
        "项目类型\t新增\t\t\t\t\n"
        "项目期限\t2021-01-01 至 2021-12-31\t\t\t\t\n"
        "项目资金申请（万元）\t12.4 万元\t\t\t\t\n"
        "项目绩效年度目标\t\t\t\t\t\n"
        "满足出差需求。\t\t\t\t\t\n"
        "完成工作任务。\t\t\t\t\t\n"
        "年度绩效指标\t\t\t\t\t\n"
        "一级指标\t二级指标\t三级指标\t四级指标\t指标值\t计量单位\n"
        "产出\t项目产出\t数量指标\t活动次数\t2\t次\n"
        "效果\t项目效益\t满意度指标\t满意度\t≥ 95\t%\n"
        "其他说明\t无\t\t\t\t\n";
    size_t len;
    char *text = convert(input, strlen(input), 0, "text", &len);
    assert_string_equal(text, want);
    assert_int_equal(len, strlen(want));
    free(text);
    free(assert_round_trip(input, strlen(input)));
}

/* The seed, and the same under a different chunking: same bytes. */
static void test_seed_round_trip(void **state) {
    (void)state;
    size_t len, a_len, b_len;
    char *input = ptc_test_read_file(ptc_test_fixture("seed.txt"), &len);
    assert_non_null(input);
    char *text = assert_round_trip(input, len);
    char *a = convert(input, len, 0, "text", &a_len);
    char *b = convert(input, len, 5, "text", &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    assert_memory_equal(text, "\n\n绩效目标设置情况\n\n", strlen("\n\n绩效目标设置情况\n\n"));
    free(a);
    free(b);
    free(text);
    free(input);
}

/* A table without heading (its year line must follow its first line),
   empty values, label fields (one with an empty value, a repeated label, a
   年度绩效指标 with a value), a funds label in 元, an invalid date, goal
   and notes paragraphs, a paragraph break inside a cell, a header with
   指标类型 / 指标名称 and an extra column, a cell beyond the header, merged
   category cells and an indicator whose cells are all empty after
   normalisation (written with "<br>", else it would be a blank line). */
static void test_corner_cases_round_trip(void **state) {
    (void)state;
    const char *input =
        "项目名称\t无标题项目\t\t\t\t\n"
        "(2022 年度)\n"
        "申报单位：某单位\n"
        "主管部门\t\t预算执行单位\t执行单位\t\t\n"
        "项目期限\t2021-02-30 至 2021-12-31\n"
        "项目负责人\t张三\t联系电话\t123\n"
        "联系人\t\t项目类型\t\n"
        "项目名称\t重复名称\n"
        "项目资金申请（元）\t1200\n"
        "项目绩效年度目标\t<p>第一段</p><p>第二段</p>\n"
        "年度绩效指标\t补充\n"
        "指标类型\t一级指标\t二级指标\t指标名称\t指标值\t计量单位\t备注\n"
        "数量\t产出\t\t甲<br>乙\t≥ 90%\t%\t说明,一\t\t多余\n"
        "\t\t\t<p>\t\t\n"
        "<p>\t<p>\t<p>\t<p>\t<p>\t<p>\t<p>\n"
        "其他说明\n"
        "第一行\n"
        "第二行\n"
        "2、项目支出绩效目标批复表\n"
        "一级指标\t二级指标\t三级指标\t四级指标\t指标值\t计量单位\n"
        "\t\t\t<p>\t<br>\t<p>\n"
        "产出\t项目产出\t数量指标\t次数\t1\t次\n";
    char *text = assert_round_trip(input, strlen(input));
    /* The pieces of the layout that make this work. */
    assert_non_null(strstr(text, "\n\n申报单位：某单位\n\n(2022 年度)\n"));
    assert_non_null(strstr(text, "\n联系人\t<br>\t\t\t\t\n"));
    assert_non_null(strstr(text, "\n项目资金申请（元）\t1200\t\t\t\t\n"));
    assert_non_null(strstr(text, "\n数量\t产出\t\t甲<br>乙\t≥ 90%\t%\t说明,一\t\t多余\n"));
    assert_non_null(strstr(text, "\n其他说明\t第一行\t\t\t\t\n第二行\t\t\t\t\t\n"));
    assert_non_null(strstr(text, "\n\t\t\t<br>\t\t\n产出\t"));
    /* Fields come before the goal: after the indicators they would be
       read as indicators. */
    assert_true(strstr(text, "项目负责人") < strstr(text, "项目绩效年度目标"));
    free(text);
}

/* Documents one after another, one without title, a unit with an empty
   name, table kinds from the titles, an amount in 千元 and one document
   whose only table has no indicators. */
static void test_documents_round_trip(void **state) {
    (void)state;
    const char *input =
        "\n1、<p>绩效项目2个；\n"
        "2、单位乙绩效项目1个，具体如下：\n"
        "1、项目支出绩效目标批复表\n"
        "项目名称\tA\n"
        "其他说明\t\n"
        "2、项目支出绩效目标自评表\n"
        "项目名称\tB\n"
        "绩效目标设置情况\n"
        "2020年某局项目支出实现绩效目标管理全覆盖，2020年预算安排的项目1个，涉及财政拨款1.5亿元。\n"
        "1、部门整体支出绩效目标表\n"
        "项目资金申请\t2 千元\n"
        "1、项目支出绩效目标批复表\n"
        "项目名称\tC\n";
    char *text = assert_round_trip(input, strlen(input));
    assert_non_null(strstr(text, "\n1、<br>绩效项目2个；\n"));
    /* No intro line without title or summary to stand after. */
    assert_null(strstr(text, "如下：\n\n1、<br>"));
    free(text);
}


/* ---------------------------------------------------- hand-built models */

#define TXT(lit) ((ptc_text){{(lit), sizeof(lit) - 1}, {1, 1}})

static char *emit_text(const ptc_document *d) {
    const ptc_emitter *e = ptc_emitter_find("text");
    ptc_sink *s = ptc_sink_memory();
    ptc_emit_options none = {0};
    void *st = e->open(s, &none);
    assert_non_null(st);
    assert_int_equal(e->document(st, d), 0);
    assert_int_equal(e->close(st, true), 0);
    size_t len;
    const char *data = ptc_sink_memory_data(s, &len);
    char *out = malloc(len + 1);
    assert_non_null(out);
    memcpy(out, data, len);
    out[len] = '\0';
    ptc_sink_free(s);
    return out;
}

/* Each cell goes where the model's columns say: levels by `level`, extras
   by `key` (the repeated 备注 keyed 备注#6), the comparator column gets the
   ASCII symbol, a label column stays empty, an inherited path cell is
   written empty again, and a category row comes back as a row of its own
   among the indicators, in line order. The document text replaces the
   generated list intro line. */
static void test_model_layout_written_back(void **state) {
    (void)state;
    ptc_column cols[8] = {
        {.header = TXT("年度绩效指标"), .role = PTC_COL_LABEL, .key = {"label", 5}},
        {.header = TXT("一级指标"), .role = PTC_COL_LEVEL, .level = 1, .key = {"level", 5}},
        {.header = TXT("二级指标"), .role = PTC_COL_LEVEL, .level = 2, .key = {"level", 5}},
        {.header = TXT("指标名称"), .role = PTC_COL_NAME, .key = {"name", 4}},
        {.header = TXT("指标值"), .role = PTC_COL_VALUE, .key = {"value", 5}},
        {.header = TXT("备注"), .role = PTC_COL_EXTRA, .key = {"备注", 6}},
        {.header = TXT("备注"), .role = PTC_COL_EXTRA, .key = {"备注#7", 8}},
        {.header = TXT("指标性质"), .role = PTC_COL_COMPARATOR, .key = {"comparator", 10}},
    };
    ptc_text pa[2] = {TXT("产出"), TXT("数量指标")};
    ptc_text pb[2] = {TXT("产出"), TXT("质量指标")};
    ptc_text pc[2] = {TXT("效果"), TXT("经济效益指标")};
    ptc_field ea[2] = {{TXT("备注#7"), TXT("second"), {"备注#7", 8}}, {TXT("备注"), TXT("first"), {"备注", 6}}};
    bool inherited_b[2] = {true, false};
    ptc_indicator inds[2] = {{0}, {0}};
    inds[0] = (ptc_indicator){.path = pa, .path_len = 2, .name = TXT("人数"),
                              .value = {TXT("10"), {true, 10}, PTC_CMP_GE}, .unit = TXT(""),
                              .extra = ea, .extra_len = 2, .line = 10};
    inds[1] = (ptc_indicator){.path = pb, .path_len = 2, .name = TXT("合格率"),
                              .value = {TXT("95%"), {true, 95}, PTC_CMP_NONE}, .unit = TXT(""),
                              .line = 11, .inherited = inherited_b};
    ptc_category cats[1] = {{pc, 2, 12}};
    ptc_table t = {.seq = {true, 1}, .title = TXT("项目支出绩效目标批复表"), .project_name = TXT("项目"),
                   .indicators = inds, .indicators_len = 2, .columns = cols, .columns_len = 8,
                   .categories = cats, .categories_len = 1};
    ptc_unit units[1] = {{{true, 1}, TXT("单位"), {true, 1}, 3}};
    ptc_document d = {.source = {"-", 1}, .title = TXT("绩效目标设置情况"), .units = units, .units_len = 1,
                      .tables = &t, .tables_len = 1, .text = TXT("绩效目标表如下：\n另见附件。")};
    char *out = emit_text(&d);
    assert_non_null(strstr(out, "\n\n绩效目标设置情况\n\n绩效目标表如下：\n\n另见附件。\n\n1、单位绩效项目1个，具体如下：\n"));
    /* the intro line only once: from the text, not generated as well */
    assert_null(strstr(strstr(out, "绩效目标表如下：") + 1, "绩效目标表如下："));
    assert_non_null(strstr(out, "年度绩效指标\t一级指标\t二级指标\t指标名称\t指标值\t备注\t备注\t指标性质\n"
                                "\t产出\t数量指标\t人数\t10\tfirst\tsecond\t>=\n"
                                "\t\t质量指标\t合格率\t95%\t\t\t\n"
                                "\t效果\t经济效益指标\t\t\t\t\t\n"));
    free(out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_entry),
        cmocka_unit_test(test_small_document_exact),
        cmocka_unit_test(test_seed_round_trip),
        cmocka_unit_test(test_corner_cases_round_trip),
        cmocka_unit_test(test_documents_round_trip),
        cmocka_unit_test(test_model_layout_written_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

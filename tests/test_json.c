/*
 * Unit tests for emitters/json.c through the real parser and emitter
 * (ptc_test_convert): string escaping, the pretty and compact layouts, JSON
 * Lines, the contract's key order for sparse documents, and determinism.
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

/* Converts `len` bytes with `format`; fails the test when conversion fails. */
static char *convert(const char *input, size_t len, const char *format, bool compact,
                     size_t *out_len) {
    ptc_emit_options opts = {0};
    opts.compact = compact;
    size_t n = 0;
    char *out = ptc_test_convert(input, len, 0, "t.txt", format, &opts, &n);
    if (!out) {
        print_error("converting to %s failed\n", format);
        fail();
    }
    /* JSON never carries a raw NUL: it is escaped like every control */
    assert_null(memchr(out, '\0', n));
    if (out_len) *out_len = n;
    return out;
}

static char *convert_str(const char *input, const char *format, bool compact) {
    return convert(input, strlen(input), format, compact, NULL);
}

static bool contains(const char *hay, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0) return true;
    return false;
}

#define CHECK_CONTAINS(out, len, needle)                                                   \
    do {                                                                                   \
        if (!contains((out), (len), (needle))) {                                           \
            print_error("output does not contain %s\n--- output ---\n%s\n", (needle), (out)); \
            fail();                                                                        \
        }                                                                                  \
    } while (0)

static void check_equal_text(const char *got, size_t got_len, const char *want) {
    size_t n = strlen(want);
    if (got_len == n && memcmp(got, want, n) == 0) return;
    size_t i = 0, line = 1;
    while (i < got_len && i < n && got[i] == want[i]) line += got[i++] == '\n';
    print_error("output differs at byte %zu (line %zu)\n--- want ---\n%s\n--- got ---\n%.*s\n", i,
                line, want, (int)got_len, got);
    fail();
}

/* ------------------------------------------------------------ escaping */

/* One label row whose value holds every character class the escaper treats
   differently. The input is a byte array: it contains a NUL. */
static const char hostile_row[] = "项目名称\t引号\"反斜杠\\控制\x01空\0行\xE2\x80\xA8段\xE2\x80\xA9"
                                  "退格\b删除\x7F汉字😀\n";

static void escapes_each_character_class(void **state) {
    (void)state;
    size_t n;
    char *out = convert(hostile_row, sizeof hostile_row - 1, "json", true, &n);
    CHECK_CONTAINS(out, n,
                   "\"project_name\":\"引号\\\"反斜杠\\\\控制\\u0001空\\u0000行\\u2028段\\u2029"
                   "退格\\b删除\\u007f汉字😀\"");
    /* the NUL is reported, not dropped */
    CHECK_CONTAINS(out, n, "\"code\":\"nul-byte\"");
    free(out);
}

static void escaped_output_has_no_raw_controls(void **state) {
    (void)state;
    size_t n;
    char *out = convert(hostile_row, sizeof hostile_row - 1, "json", false, &n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)out[i];
        if ((c < 0x20 && c != '\n') || c == 0x7F) fail_msg("raw control 0x%02x at byte %zu", c, i);
    }
    assert_false(contains(out, n, "\xE2\x80\xA8"));
    assert_false(contains(out, n, "\xE2\x80\xA9"));
    /* CJK and other non-ASCII text is written as raw UTF-8, never \u-escaped */
    CHECK_CONTAINS(out, n, "汉字😀");
    assert_false(contains(out, n, "\\u6c49"));
    free(out);
}

static void escapes_in_keys_and_diagnostics(void **state) {
    (void)state;
    /* an extra column's header is a key; a quote in it must be escaped too */
    const char input[] = "年度绩效指标\n一级指标\t指标值\t备\"注\\\n产出\t1\tx\"y\"\n";
    size_t n;
    char *out = convert(input, sizeof input - 1, "json", true, &n);
    CHECK_CONTAINS(out, n, "\"extra\":{\"备\\\"注\\\\\":\"x\\\"y\\\"\"}");
    free(out);
    /* an unplaced line is quoted inside the diagnostic's message */
    const char stray[] = "绩效目标设置情况\n说\"明\\\n";
    out = convert(stray, sizeof stray - 1, "json", true, &n);
    CHECK_CONTAINS(out, n, "\"message\":\"line not recognised here and not used: \\\"说\\\"明\\\\\\\"\"");
    free(out);
}

static void hostile_fixture_has_no_raw_controls(void **state) {
    (void)state;
    size_t len;
    char *input = ptc_test_read_file(ptc_test_fixture("hostile.txt"), &len);
    assert_non_null(input);
    static const char *const formats[] = {"json", "jsonl"};
    for (size_t f = 0; f < 2; f++) {
        size_t n;
        char *out = convert(input, len, formats[f], false, &n);
        assert_true(n > 0);
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)out[i];
            if ((c < 0x20 && c != '\n') || c == 0x7F)
                fail_msg("%s: raw control 0x%02x at byte %zu", formats[f], c, i);
        }
        assert_false(contains(out, n, "\xE2\x80\xA8"));
        assert_false(contains(out, n, "\xE2\x80\xA9"));
        /* the markup in it is data: kept as text, escaped only as JSON needs */
        CHECK_CONTAINS(out, n, "<script>alert(1)</script>");
        free(out);
    }
    free(input);
}

/* ------------------------------------------------------------ layout */

/* A small document with every part of the contract: summary, unit, a table
   with period, funds, an indicator with an extra column, notes with a
   paragraph break, a field, and a diagnostic. */
static const char small_input[] =
    "绩效目标设置情况\n"
    "2021年某局项目支出预算安排的项目1个，涉及财政拨款12.4万元。\n"
    "无关的一行\n"
    "1、某中心绩效项目1个；\n"
    "1、项目支出绩效目标批复表\n"
    "(2021 年度)\n"
    "项目期限\t全年\n"
    "项目资金申请（万元）\t12.4 万元\n"
    "联系人\t张三\n"
    "年度绩效指标\n"
    "一级指标\t二级指标\t指标值\t计量单位\t备注\n"
    "产出\t次数\t≥2\t次\t无\n"
    "其他说明\t<p>甲</p><p>乙</p>\n";

static const char small_pretty[] =
    "{\n"
    "  \"format\": \"ptconv\",\n"
    "  \"version\": 1,\n"
    "  \"documents\": [\n"
    "    {\n"
    "      \"source\": \"t.txt\",\n"
    "      \"lines\": [1, 13],\n"
    "      \"title\": \"绩效目标设置情况\",\n"
    "      \"summary\": {\n"
    "        \"text\": \"2021年某局项目支出预算安排的项目1个，涉及财政拨款12.4万元。\",\n"
    "        \"year\": 2021,\n"
    "        \"organization\": \"某局\",\n"
    "        \"project_count\": 1,\n"
    "        \"total_funds\": {\n"
    "          \"value\": 12.4,\n"
    "          \"unit\": \"万元\"\n"
    "        }\n"
    "      },\n"
    "      \"units\": [\n"
    "        {\n"
    "          \"seq\": 1,\n"
    "          \"name\": \"某中心\",\n"
    "          \"project_count\": 1\n"
    "        }\n"
    "      ],\n"
    "      \"tables\": [\n"
    "        {\n"
    "          \"seq\": 1,\n"
    "          \"kind\": \"target\",\n"
    "          \"title\": \"项目支出绩效目标批复表\",\n"
    "          \"year\": 2021,\n"
    "          \"lines\": [5, 13],\n"
    "          \"applicant\": null,\n"
    "          \"project_name\": null,\n"
    "          \"department\": null,\n"
    "          \"executing_unit\": null,\n"
    "          \"project_type\": null,\n"
    "          \"period\": {\n"
    "            \"text\": \"全年\",\n"
    "            \"start\": null,\n"
    "            \"end\": null\n"
    "          },\n"
    "          \"funds\": {\n"
    "            \"text\": \"12.4 万元\",\n"
    "            \"value\": 12.4,\n"
    "            \"unit\": \"万元\"\n"
    "          },\n"
    "          \"annual_goal\": null,\n"
    "          \"indicators\": [\n"
    "            {\n"
    "              \"path\": [\"产出\"],\n"
    "              \"name\": \"次数\",\n"
    "              \"value\": {\n"
    "                \"text\": \"≥2\",\n"
    "                \"number\": 2,\n"
    "                \"comparator\": \">=\",\n"
    "                \"unit\": null,\n"
    "                \"approximate\": false\n"
    "              },\n"
    "              \"unit\": \"次\",\n"
    "              \"line\": 12,\n"
    "              \"extra\": {\n"
    "                \"备注\": \"无\"\n"
    "              },\n"
    "              \"inherited\": [false],\n"
    "              \"rowspan\": [1],\n"
    "              \"label\": null\n"
    "            }\n"
    "          ],\n"
    "          \"notes\": \"甲\\n乙\",\n"
    "          \"fields\": [\n"
    "            {\n"
    "              \"label\": \"联系人\",\n"
    "              \"value\": \"张三\",\n"
    "              \"key\": \"contact_person\",\n"
    "              \"code\": null\n"
    "            }\n"
    "          ],\n"
    "          \"columns\": [\n"
    "            {\n"
    "              \"header\": \"一级指标\",\n"
    "              \"role\": \"level\",\n"
    "              \"level\": 1,\n"
    "              \"key\": \"level\",\n"
    "              \"qualifier\": null\n"
    "            },\n"
    "            {\n"
    "              \"header\": \"二级指标\",\n"
    "              \"role\": \"name\",\n"
    "              \"level\": null,\n"
    "              \"key\": \"name\",\n"
    "              \"qualifier\": null\n"
    "            },\n"
    "            {\n"
    "              \"header\": \"指标值\",\n"
    "              \"role\": \"value\",\n"
    "              \"level\": null,\n"
    "              \"key\": \"value\",\n"
    "              \"qualifier\": null\n"
    "            },\n"
    "            {\n"
    "              \"header\": \"计量单位\",\n"
    "              \"role\": \"unit\",\n"
    "              \"level\": null,\n"
    "              \"key\": \"unit\",\n"
    "              \"qualifier\": null\n"
    "            },\n"
    "            {\n"
    "              \"header\": \"备注\",\n"
    "              \"role\": \"extra\",\n"
    "              \"level\": null,\n"
    "              \"key\": \"备注\",\n"
    "              \"qualifier\": null\n"
    "            }\n"
    "          ],\n"
    "          \"categories\": [],\n"
    "          \"grids\": [],\n"
    "          \"applicant_code\": null,\n"
    "          \"project_code\": null,\n"
    "          \"department_code\": null,\n"
    "          \"executing_unit_code\": null,\n"
    "          \"goal_items\": [],\n"
    "          \"labels\": {\n"
    "            \"period\": \"项目期限\",\n"
    "            \"funds\": \"项目资金申请（万元）\",\n"
    "            \"notes\": \"其他说明\"\n"
    "          }\n"
    "        }\n"
    "      ],\n"
    "      \"diagnostics\": [\n"
    "        {\n"
    "          \"severity\": \"warning\",\n"
    "          \"code\": \"unplaced-line\",\n"
    "          \"line\": 3,\n"
    "          \"column\": 1,\n"
    "          \"message\": \"line not recognised here and not used: \\\"无关的一行\\\"\"\n"
    "        }\n"
    "      ],\n"
    "      \"text\": null\n"
    "    }\n"
    "  ]\n"
    "}\n";

static void pretty_layout_and_key_order(void **state) {
    (void)state;
    size_t n;
    char *out = convert(small_input, sizeof small_input - 1, "json", false, &n);
    check_equal_text(out, n, small_pretty);
    free(out);
}

/* `json` with the whitespace outside strings removed. */
static char *strip_layout(const char *json, size_t len, size_t *out_len) {
    char *out = malloc(len + 1);
    assert_non_null(out);
    size_t n = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = json[i];
        if (in_string) {
            out[n++] = c;
            if (c == '\\' && i + 1 < len) out[n++] = json[++i];
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        if (c == ' ' || c == '\n') continue;
        out[n++] = c;
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

static void compact_is_pretty_on_one_line(void **state) {
    (void)state;
    size_t pretty_len, compact_len, stripped_len;
    size_t len;
    char *seed = ptc_test_read_file(ptc_test_fixture("seed.txt"), &len);
    assert_non_null(seed);
    const struct {
        const char *data;
        size_t len;
    } inputs[] = {{small_input, sizeof small_input - 1}, {seed, len}};
    for (size_t k = 0; k < 2; k++) {
        char *pretty = convert(inputs[k].data, inputs[k].len, "json", false, &pretty_len);
        char *compact = convert(inputs[k].data, inputs[k].len, "json", true, &compact_len);
        /* one line, ended by a newline */
        assert_true(compact_len > 2);
        assert_int_equal(compact[compact_len - 1], '\n');
        assert_null(memchr(compact, '\n', compact_len - 1));
        assert_true(memchr(pretty, '\n', pretty_len - 1) != NULL);
        /* the same tokens */
        char *stripped = strip_layout(pretty, pretty_len, &stripped_len);
        assert_int_equal(stripped_len, compact_len - 1);
        assert_memory_equal(stripped, compact, stripped_len);
        free(stripped);
        free(pretty);
        free(compact);
    }
    free(seed);
}

static void empty_input_gives_empty_documents(void **state) {
    (void)state;
    size_t n;
    char *out = convert("", 0, "json", false, &n);
    check_equal_text(out, n, "{\n  \"format\": \"ptconv\",\n  \"version\": 1,\n  \"documents\": []\n}\n");
    free(out);
    out = convert("", 0, "json", true, &n);
    check_equal_text(out, n, "{\"format\":\"ptconv\",\"version\":1,\"documents\":[]}\n");
    free(out);
    out = convert("", 0, "jsonl", false, &n);
    check_equal_text(out, n, "");
    free(out);
}

static void title_only_document_has_every_key(void **state) {
    (void)state;
    size_t n;
    char *out = convert_str("绩效目标设置情况\n", "json", true);
    n = strlen(out);
    check_equal_text(out, n,
                     "{\"format\":\"ptconv\",\"version\":1,\"documents\":[{\"source\":\"t.txt\","
                     "\"lines\":[1,1],\"title\":\"绩效目标设置情况\",\"summary\":null,\"units\":[],"
                     "\"tables\":[],\"diagnostics\":[{\"severity\":\"warning\",\"code\":\"no-tables\","
                     "\"line\":1,\"column\":1,\"message\":\"no performance-target table was recognised "
                     "in this document\"}],\"text\":null}]}\n");
    free(out);
}

static void heading_only_table_has_every_key(void **state) {
    (void)state;
    char *out = convert_str("\n1、项目支出绩效目标批复表\n", "json", true);
    check_equal_text(out, strlen(out),
                     "{\"format\":\"ptconv\",\"version\":1,\"documents\":[{\"source\":\"t.txt\","
                     "\"lines\":[2,2],\"title\":null,\"summary\":null,\"units\":[],\"tables\":[{"
                     "\"seq\":1,\"kind\":\"target\",\"title\":\"项目支出绩效目标批复表\",\"year\":null,"
                     "\"lines\":[2,2],\"applicant\":null,\"project_name\":null,\"department\":null,"
                     "\"executing_unit\":null,\"project_type\":null,\"period\":null,\"funds\":null,"
                     "\"annual_goal\":null,\"indicators\":[],\"notes\":null,\"fields\":[],\"columns\":[],"
                     "\"categories\":[],\"grids\":[],\"applicant_code\":null,\"project_code\":null,"
                     "\"department_code\":null,\"executing_unit_code\":null,\"goal_items\":[],\"labels\":{}}],"
                     "\"diagnostics\":[],"
                     "\"text\":null}]}\n");
    free(out);
}

/* ------------------------------------------------------------ JSON Lines */

static const char two_documents[] = "绩效目标设置情况\n1、项目支出绩效目标批复表\n项目名称\t甲\n"
                                    "绩效目标设置情况\n1、项目支出绩效目标批复表\n项目名称\t乙\n";

static void jsonl_one_line_per_document(void **state) {
    (void)state;
    size_t lines_len, compact_len;
    char *lines = convert(two_documents, sizeof two_documents - 1, "jsonl", false, &lines_len);
    size_t newlines = 0;
    for (size_t i = 0; i < lines_len; i++) newlines += lines[i] == '\n';
    assert_int_equal(newlines, 2);
    assert_int_equal(lines[lines_len - 1], '\n');
    char *second = memchr(lines, '\n', lines_len) + 1;
    assert_true(strncmp(lines, "{\"source\":\"t.txt\",\"lines\":[1,3],", 32) == 0);
    assert_true(strncmp(second, "{\"source\":\"t.txt\",\"lines\":[4,6],", 32) == 0);
    assert_true(contains(lines, (size_t)(second - lines), "\"project_name\":\"甲\""));
    assert_true(contains(second, lines_len - (size_t)(second - lines), "\"project_name\":\"乙\""));

    /* each line is exactly that document's object in the compact json */
    char *compact = convert(two_documents, sizeof two_documents - 1, "json", true, &compact_len);
    size_t first_len = (size_t)(second - lines) - 1;
    size_t second_len = lines_len - (size_t)(second - lines) - 1;
    const char *head = "{\"format\":\"ptconv\",\"version\":1,\"documents\":[";
    size_t hl = strlen(head);
    assert_int_equal(compact_len, hl + first_len + 1 + second_len + 3);
    assert_memory_equal(compact, head, hl);
    assert_memory_equal(compact + hl, lines, first_len);
    assert_int_equal(compact[hl + first_len], ',');
    assert_memory_equal(compact + hl + first_len + 1, second, second_len);
    assert_memory_equal(compact + hl + first_len + 1 + second_len, "]}\n", 3);

    /* jsonl is compact whatever the option says */
    char *again = convert(two_documents, sizeof two_documents - 1, "jsonl", true, &compact_len);
    assert_int_equal(compact_len, lines_len);
    assert_memory_equal(again, lines, lines_len);
    free(again);
    free(compact);
    free(lines);
}

/* ------------------------------------------------------------ determinism */

static void conversions_are_deterministic(void **state) {
    (void)state;
    size_t len;
    char *seed = ptc_test_read_file(ptc_test_fixture("seed.txt"), &len);
    assert_non_null(seed);
    static const char *const formats[] = {"json", "jsonl"};
    for (size_t f = 0; f < 2; f++) {
        size_t a_len, b_len;
        char *a = convert(seed, len, formats[f], false, &a_len);
        char *b = convert(seed, len, formats[f], false, &b_len);
        assert_int_equal(a_len, b_len);
        assert_memory_equal(a, b, a_len);
        free(a);
        free(b);
    }
    free(seed);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_each_character_class),
        cmocka_unit_test(escaped_output_has_no_raw_controls),
        cmocka_unit_test(escapes_in_keys_and_diagnostics),
        cmocka_unit_test(hostile_fixture_has_no_raw_controls),
        cmocka_unit_test(pretty_layout_and_key_order),
        cmocka_unit_test(compact_is_pretty_on_one_line),
        cmocka_unit_test(empty_input_gives_empty_documents),
        cmocka_unit_test(title_only_document_has_every_key),
        cmocka_unit_test(heading_only_table_has_every_key),
        cmocka_unit_test(jsonl_one_line_per_document),
        cmocka_unit_test(conversions_are_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for parsers/builder.c through the public parser API: the facts
 * of the seed announcement, then each kind of extraction noise on small
 * literal inputs, then the diagnostics, then invariance under chunking and
 * line endings.
 *
 * Each test hands the parser a callback that inspects the ptc_document while
 * it is alive (it is freed when the callback returns).
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

/* ------------------------------------------------------------ helpers */

/* `s` must equal `want` byte for byte; want NULL means absent. */
static void check_str_at(ptc_str s, const char *want, const char *what, int line) {
    if (!want) {
        if (s.s) {
            print_error("line %d: %s: expected absent, got \"%.*s\"\n", line, what, (int)s.len, s.s);
            fail();
        }
        return;
    }
    if (!s.s) {
        print_error("line %d: %s: expected \"%s\", got absent\n", line, what, want);
        fail();
    }
    if (s.len != strlen(want) || memcmp(s.s, want, s.len) != 0) {
        print_error("line %d: %s: expected \"%s\", got \"%.*s\"\n", line, what, want, (int)s.len, s.s);
        fail();
    }
}
#define CHECK_STR(s, want) check_str_at((s), (want), #s, __LINE__)
#define CHECK_TEXT(t, want) check_str_at((t).str, (want), #t, __LINE__)

static bool str_starts(ptc_str s, const char *prefix) {
    size_t n = strlen(prefix);
    return s.s && s.len >= n && memcmp(s.s, prefix, n) == 0;
}

static bool str_has(ptc_str s, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; s.s && i + n <= s.len; i++)
        if (memcmp(s.s + i, needle, n) == 0) return true;
    return false;
}

static void check_pos_at(ptc_pos pos, uint32_t line, uint32_t col, const char *what, int src) {
    if (pos.line != line || pos.col != col) {
        print_error("line %d: %s: expected %u:%u, got %u:%u\n", src, what, line, col, pos.line,
                    pos.col);
        fail();
    }
}
#define CHECK_POS(p, line, col) check_pos_at((p), (line), (col), #p, __LINE__)

static const ptc_indicator *find_indicator(const ptc_table *t, const char *name) {
    for (size_t i = 0; i < t->indicators_len; i++) {
        const ptc_str *n = &t->indicators[i].name.str;
        if (n->s && n->len == strlen(name) && memcmp(n->s, name, n->len) == 0)
            return &t->indicators[i];
    }
    print_error("no indicator named \"%s\"\n", name);
    fail();
    return NULL;
}

static size_t count_diags(const ptc_document *d, const char *code) {
    size_t n = 0;
    for (size_t i = 0; i < d->diags_len; i++) n += strcmp(d->diags[i].code, code) == 0;
    return n;
}

static void print_diags(const ptc_document *d) {
    for (size_t i = 0; i < d->diags_len; i++)
        print_message("  %u:%u %s [%s] %.*s\n", d->diags[i].pos.line, d->diags[i].pos.col,
                      ptc_severity_name(d->diags[i].severity), d->diags[i].code,
                      (int)d->diags[i].message.len, d->diags[i].message.s);
}

static void check_no_diags(const ptc_document *d) {
    if (d->diags_len) {
        print_error("expected no diagnostics, got %zu:\n", d->diags_len);
        print_diags(d);
        fail();
    }
}

/* Per-test state: the callback `check` runs on each document in turn. */
typedef struct run {
    void (*check)(const ptc_document *d, size_t index);
    size_t documents;
} run;

static int on_document(const ptc_document *d, void *ud) {
    run *r = ud;
    r->check(d, r->documents++);
    return 0;
}

/* Parses `input` (NUL-terminated) whole and requires `documents` documents. */
static void parse_expect(const char *input, void (*check)(const ptc_document *, size_t),
                         size_t documents) {
    run r = {check, 0};
    assert_int_equal(ptc_test_parse(input, strlen(input), 0, on_document, &r), PTC_OK);
    assert_int_equal(r.documents, documents);
}

static char *read_fixture(const char *name, size_t *len) {
    char *data = ptc_test_read_file(ptc_test_fixture(name), len);
    if (!data) {
        print_error("cannot read %s\n", ptc_test_fixture(name));
        fail();
    }
    return data;
}

/* A complete one-table announcement in the seed's clean layout; the tests
   below are variations of it. Line numbers:
     1 title, 2 heading, 3 year, 4 applicant, 5 项目名称, 6 主管部门, 7 项目类型,
     8 项目期限, 9 项目资金, 10 项目绩效年度目标, 11 goal, 12 年度绩效指标,
     13 header, 14-15 indicators, 16 其他说明 */
#define L_TITLE "绩效目标设置情况\n"
#define L_HEADING "1、项目支出绩效目标批复表\n"
#define L_YEAR "(2021 年度)\n"
#define L_APPLICANT "申报单位：某市某局（机关）\n"
#define L_NAME "项目名称\t差旅费用\t\t\t\t\n"
#define L_DEPT "主管部门\t某市某局\t预算执行单位\t某市某局（机关）\t\t\n"
#define L_TYPE "项目类型\t新增\t\t\t\t\n"
#define L_PERIOD "项目期限\t2021-01-01 至 2021-12-31\t\t\t\t\n"
#define L_FUNDS "项目资金申请（万元）\t12.4 万元\t\t\t\t\n"
#define L_GOAL_LABEL "项目绩效年度目标\t\t\t\t\t\n"
#define L_GOAL "满足出差需求，完成工作任务。\t\t\t\t\t\n"
#define L_IND_LABEL "年度绩效指标\t\t\t\t\t\n"
#define L_HEADER "一级指标\t二级指标\t三级指标\t四级指标\t指标值\t计量单位\n"
#define L_IND1 "产出\t项目产出\t数量指标\t出差次数\t2\t次\n"
#define L_IND2 "效果\t项目效益\t社会公众或服务对象满意度\t出差人员满意度\t≥90\t%\n"
#define L_NOTES "其他说明\t最新的预算支出为 12.4 万元。\t\t\t\t\n"

#define PREFIX L_TITLE L_HEADING L_YEAR L_APPLICANT
#define LABELS L_NAME L_DEPT L_TYPE L_PERIOD L_FUNDS
#define GOAL L_GOAL_LABEL L_GOAL
#define INDICATORS L_IND_LABEL L_HEADER L_IND1 L_IND2
#define BASE PREFIX LABELS GOAL INDICATORS L_NOTES

/* The base document's model, which most variations must reproduce. */
static void check_base_table(const ptc_table *t) {
    assert_true(t->seq.set);
    assert_int_equal(t->seq.value, 1);
    assert_int_equal(t->kind, PTC_TABLE_TARGET);
    CHECK_TEXT(t->title, "项目支出绩效目标批复表");
    assert_true(t->year.set);
    assert_int_equal(t->year.value, 2021);
    CHECK_TEXT(t->applicant, "某市某局（机关）");
    CHECK_TEXT(t->project_name, "差旅费用");
    CHECK_TEXT(t->department, "某市某局");
    CHECK_TEXT(t->executing_unit, "某市某局（机关）");
    CHECK_TEXT(t->project_type, "新增");
    assert_non_null(t->period);
    CHECK_TEXT(t->period->text, "2021-01-01 至 2021-12-31");
    assert_string_equal(t->period->start, "2021-01-01");
    assert_string_equal(t->period->end, "2021-12-31");
    assert_non_null(t->funds);
    CHECK_TEXT(t->funds->text, "12.4 万元");
    assert_true(t->funds->value.set);
    assert_true(t->funds->value.value == 12.4);
    CHECK_STR(t->funds->unit, "万元");
    CHECK_TEXT(t->annual_goal, "满足出差需求，完成工作任务。");
    assert_int_equal(t->indicators_len, 2);
    const ptc_indicator *a = &t->indicators[0], *b = &t->indicators[1];
    assert_int_equal(a->path_len, 3);
    CHECK_TEXT(a->path[0], "产出");
    CHECK_TEXT(a->path[1], "项目产出");
    CHECK_TEXT(a->path[2], "数量指标");
    CHECK_TEXT(a->name, "出差次数");
    CHECK_TEXT(a->value.text, "2");
    assert_true(a->value.number.set);
    assert_true(a->value.number.value == 2);
    assert_int_equal(a->value.comparator, PTC_CMP_NONE);
    CHECK_TEXT(a->unit, "次");
    assert_int_equal(a->extra_len, 0);
    assert_int_equal(b->path_len, 3);
    CHECK_TEXT(b->path[2], "社会公众或服务对象满意度");
    CHECK_TEXT(b->name, "出差人员满意度");
    CHECK_TEXT(b->value.text, "≥90");
    assert_true(b->value.number.set);
    assert_true(b->value.number.value == 90);
    assert_int_equal(b->value.comparator, PTC_CMP_GE);
    CHECK_TEXT(b->unit, "%");
    assert_int_equal(b->extra_len, 0);
    CHECK_TEXT(t->notes, "最新的预算支出为 12.4 万元。");
    assert_int_equal(t->fields_len, 0);
}

static void check_base_document(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    check_no_diags(d);
    CHECK_STR(d->source, "-");
    CHECK_TEXT(d->title, "绩效目标设置情况");
    assert_null(d->summary);
    assert_int_equal(d->units_len, 0);
    assert_int_equal(d->tables_len, 1);
    check_base_table(&d->tables[0]);
}

/* ------------------------------------------------------------ the seed */

static void check_seed(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    check_no_diags(d);
    assert_int_equal(d->lines.first, 3);
    assert_int_equal(d->lines.last, 579);
    CHECK_TEXT(d->title, "绩效目标设置情况");

    assert_non_null(d->summary);
    const ptc_summary *s = d->summary;
    assert_true(s->year.set);
    assert_int_equal(s->year.value, 2021);
    CHECK_TEXT(s->organization, "枣庄市人力资源和社会保障局");
    assert_true(s->project_count.set);
    assert_int_equal(s->project_count.value, 22);
    assert_non_null(s->total_funds);
    assert_true(s->total_funds->value.set);
    assert_true(s->total_funds->value.value == 936);
    CHECK_STR(s->total_funds->unit, "万元");
    CHECK_POS(s->text.pos, 5, 1);

    static const long unit_counts[] = {8, 4, 6, 3, 1};
    assert_int_equal(d->units_len, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_true(d->units[i].seq.set);
        assert_int_equal(d->units[i].seq.value, (long)i + 1);
        assert_true(d->units[i].project_count.set);
        assert_int_equal(d->units[i].project_count.value, unit_counts[i]);
        assert_int_equal(d->units[i].line, 9 + 2 * i);
    }
    CHECK_TEXT(d->units[0].name, "枣庄市人力资源和社会保障局（本级）（包括财务不独立的2个事业单位）");
    CHECK_TEXT(d->units[4].name, "枣庄市劳动和社会保障监察支队");

    assert_int_equal(d->tables_len, 22);
    size_t indicators = 0;
    for (size_t i = 0; i < d->tables_len; i++) {
        const ptc_table *t = &d->tables[i];
        assert_true(t->seq.set);
        assert_int_equal(t->seq.value, (long)i + 1);
        assert_int_equal(t->kind, PTC_TABLE_TARGET);
        CHECK_TEXT(t->title, "项目支出绩效目标批复表");
        assert_int_equal(t->year.value, 2021);
        assert_non_null(t->funds);
        assert_true(t->funds->value.set);
        CHECK_STR(t->funds->unit, "万元");
        assert_int_equal(t->fields_len, 0);
        assert_int_equal(t->columns_len, 6);
        indicators += t->indicators_len;
    }
    assert_int_equal(indicators, 188);

    /* table 1 in full */
    const ptc_table *t1 = &d->tables[0];
    assert_int_equal(t1->lines.first, 19);
    assert_int_equal(t1->lines.last, 41);
    CHECK_TEXT(t1->applicant, "枣庄市人力资源和社会保障局（机关）");
    CHECK_TEXT(t1->project_name, "差旅费用");
    CHECK_TEXT(t1->department, "枣庄市人力资源和社会保障局");
    CHECK_TEXT(t1->executing_unit, "枣庄市人力资源和社会保障局（机关）");
    CHECK_TEXT(t1->project_type, "新增");
    assert_non_null(t1->period);
    assert_string_equal(t1->period->start, "2021-01-01");
    assert_string_equal(t1->period->end, "2021-12-31");
    CHECK_TEXT(t1->funds->text, "12.4 万元");
    assert_true(t1->funds->value.value == 12.4);
    CHECK_TEXT(t1->annual_goal, "满足出差需求，完成工作任务。");
    assert_int_equal(t1->indicators_len, 7);
    assert_int_equal(t1->indicators[0].line, 34);

    /* table 9: the goal is wrapped in <p>…</p> in the source */
    assert_false(str_has(d->tables[8].annual_goal.str, "<p>"));
    assert_false(str_has(d->tables[8].annual_goal.str, "</p>"));
    assert_true(str_starts(d->tables[8].annual_goal.str, "1、创业服务科："));

    /* table 10: 其他说明's value is shifted one cell right */
    assert_int_equal(d->tables[9].seq.value, 10);
    assert_true(str_starts(d->tables[9].notes.str, "该项目之前申报 15.5 万元"));

    /* table 21: a space inside the category cell 社会公众或服务对 象满意度 */
    const ptc_indicator *sat = find_indicator(&d->tables[20], "公众满意度");
    assert_int_equal(sat->path_len, 3);
    CHECK_TEXT(sat->path[0], "效果");
    CHECK_TEXT(sat->path[1], "项目效益");
    CHECK_TEXT(sat->path[2], "社会公众或服务对象满意度");

    /* table 7: a non-万元 cost row */
    const ptc_indicator *post = find_indicator(&d->tables[6], "每次寄送标准");
    CHECK_TEXT(post->value.text, "25 元");
    assert_true(post->value.number.set);
    assert_true(post->value.number.value == 25);
    assert_int_equal(post->value.comparator, PTC_CMP_NONE);
    CHECK_TEXT(post->unit, "次");
}

static void seed_facts(void **state) {
    (void)state;
    size_t len;
    char *seed = read_fixture("seed.txt", &len);
    run r = {check_seed, 0};
    int rc = ptc_test_parse(seed, len, 0, on_document, &r);
    free(seed);
    assert_int_equal(rc, PTC_OK);
    assert_int_equal(r.documents, 1);
}

static void base_document(void **state) {
    (void)state;
    parse_expect(BASE, check_base_document, 1);
}

/* ------------------------------------------------------------ noise */

/* 项目名称 | (empty) | 差旅费用: the value is the next non-empty cell, and
   its position is where it really is. Same for 资金 and 其他说明. */
static void check_shifted(const ptc_document *d, size_t index) {
    check_base_document(d, index);
    const ptc_table *t = &d->tables[0];
    CHECK_POS(t->project_name.pos, 5, 7);
    CHECK_POS(t->funds->text.pos, 9, 13);
    CHECK_POS(t->notes.pos, 16, 7);
}

static void value_shifted_right(void **state) {
    (void)state;
    parse_expect(PREFIX "项目名称\t\t差旅费用\t\t\t\n" L_DEPT L_TYPE L_PERIOD
                        "项目资金申请（万元）\t\t12.4 万元\t\t\t\n" GOAL INDICATORS
                        "其他说明\t\t最新的预算支出为 12.4 万元。\t\t\t\n",
                 check_shifted, 1);
}

static void check_unshifted_positions(const ptc_document *d, size_t index) {
    check_base_document(d, index);
    const ptc_table *t = &d->tables[0];
    CHECK_POS(t->project_name.pos, 5, 6);
    CHECK_POS(t->executing_unit.pos, 6, 18);
    CHECK_POS(t->funds->text.pos, 9, 12);
    CHECK_POS(t->notes.pos, 16, 6);
    CHECK_POS(t->year_pos, 3, 1);
    assert_int_equal(t->lines.first, 2);
    assert_int_equal(t->lines.last, 16);
    assert_int_equal(t->indicators[0].line, 14);
    assert_int_equal(t->indicators[1].line, 15);
    assert_int_equal(d->lines.first, 1);
    assert_int_equal(d->lines.last, 16);
}

static void positions_of_unshifted_values(void **state) {
    (void)state;
    parse_expect(BASE, check_unshifted_positions, 1);
}

static void trailing_cells_missing(void **state) {
    (void)state;
    parse_expect(PREFIX "项目名称\t差旅费用\n"
                        "主管部门\t某市某局\t预算执行单位\t某市某局（机关）\n"
                        "项目类型\t新增\n"
                        "项目期限\t2021-01-01 至 2021-12-31\n"
                        "项目资金申请（万元）\t12.4 万元\n"
                        "项目绩效年度目标\n"
                        "满足出差需求，完成工作任务。\n"
                        "年度绩效指标\n" L_HEADER L_IND1 L_IND2
                        "其他说明\t最新的预算支出为 12.4 万元。\n",
                 check_base_document, 1);
}

static void check_unit_cell_missing(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    check_no_diags(d);
    const ptc_table *t = &d->tables[0];
    assert_int_equal(t->indicators_len, 2);
    CHECK_TEXT(t->indicators[0].value.text, "按时");
    CHECK_TEXT(t->indicators[0].unit, "");
    assert_false(t->indicators[0].value.number.set);
    CHECK_TEXT(t->indicators[1].value.text, "");
    CHECK_TEXT(t->indicators[1].unit, "");
}

static void indicator_row_shorter_than_header(void **state) {
    (void)state;
    parse_expect(PREFIX LABELS GOAL L_IND_LABEL L_HEADER
                 "产出\t项目产出\t时效指标\t差旅费按时发放\t按时\n"
                 "产出\t项目产出\t质量指标\t差旅费发放率\n" L_NOTES,
                 check_unit_cell_missing, 1);
}

static void extra_trailing_tab(void **state) {
    (void)state;
    parse_expect(PREFIX "项目名称\t差旅费用\t\t\t\t\t\n"
                        "主管部门\t某市某局\t预算执行单位\t某市某局（机关）\t\t\t\n"
                        "项目类型\t新增\t\t\t\t\t\n" L_PERIOD L_FUNDS GOAL L_IND_LABEL
                        "一级指标\t二级指标\t三级指标\t四级指标\t指标值\t计量单位\t\n"
                        "产出\t项目产出\t数量指标\t出差次数\t2\t次\t\n"
                        "效果\t项目效益\t社会公众或服务对象满意度\t出差人员满意度\t≥90\t%\t\n"
                        "其他说明\t最新的预算支出为 12.4 万元。\t\t\t\t\t\n",
                 check_base_document, 1);
}

/* Replaces every "\n" of `lf` by "\r\n" (malloc'd). */
static char *to_crlf(const char *lf, size_t len, size_t *out_len) {
    char *out = malloc(2 * len + 1);
    assert_non_null(out);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (lf[i] == '\n') out[n++] = '\r';
        out[n++] = lf[i];
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

static void crlf_line_ends(void **state) {
    (void)state;
    size_t n;
    char *crlf = to_crlf(BASE, strlen(BASE), &n);
    run r = {check_unshifted_positions, 0};
    int rc = ptc_test_parse(crlf, n, 0, on_document, &r);
    free(crlf);
    assert_int_equal(rc, PTC_OK);
    assert_int_equal(r.documents, 1);
}

static void paragraph_tags_in_goal_and_notes(void **state) {
    (void)state;
    parse_expect(PREFIX LABELS L_GOAL_LABEL "<p>满足出差需求，完成工作任务。</p>\t\t\t\t\t\n" INDICATORS
                 "其他说明\t<p>最新的预算支出为 12.4 万元。</p>\t\t\t\t\n",
                 check_base_document, 1);
}

static void spaces_in_category_cells(void **state) {
    (void)state;
    parse_expect(PREFIX LABELS GOAL L_IND_LABEL L_HEADER "产 出\t项目产出\t数量 指标\t出差次数\t2\t次\n"
                 "效果\t项目\xE3\x80\x80效益\t社会公众或服务对 象满意度\t出差人员满意度\t≥90\t%\n" L_NOTES,
                 check_base_document, 1);
}

static void noisy_labels(void **state) {
    (void)state;
    static const char *const funds_labels[] = {"项目资金 申请 (万元)", "项目资金申请(万元)",
                                               "项目资金 申请（万元）", "项目资金 申请(万元)"};
    for (size_t i = 0; i < sizeof funds_labels / sizeof funds_labels[0]; i++) {
        char input[4096];
        int n = snprintf(input, sizeof input,
                         "%s项 目名称\t差旅费用\t\t\t\t\n主管部门 \t某市某局\t预算执行单位\t某市某局（机关）\t\t\n"
                         "项目类型\t新增\t\t\t\t\n项目 期限\t2021-01-01 至 2021-12-31\t\t\t\t\n"
                         "%s\t12.4 万元\t\t\t\t\n项目绩效年度目标\xE3\x80\x80\t\t\t\t\t\n%s%s"
                         "其他 说明\t最新的预算支出为 12.4 万元。\t\t\t\t\n",
                         PREFIX, funds_labels[i], L_GOAL, INDICATORS);
        assert_true(n > 0 && (size_t)n < sizeof input);
        parse_expect(input, check_base_document, 1);
    }
}

static void check_funds_in_yuan(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    check_no_diags(d);
    const ptc_table *t = &d->tables[0];
    assert_non_null(t->funds);
    CHECK_TEXT(t->funds->text, "2,500");
    assert_true(t->funds->value.set);
    assert_true(t->funds->value.value == 2500);
    CHECK_STR(t->funds->unit, "元");
}

static void funds_unit_from_label(void **state) {
    (void)state;
    parse_expect(PREFIX L_NAME "项目资金申请(元)\t2,500\t\t\t\t\n", check_funds_in_yuan, 1);
}

static void check_two_line_goal(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    check_no_diags(d);
    CHECK_TEXT(d->tables[0].annual_goal, "第一段目标。\n第二段 目标。");
    CHECK_POS(d->tables[0].annual_goal.pos, 11, 1);
    assert_int_equal(d->tables[0].indicators_len, 2);
}

static void goal_over_two_lines(void **state) {
    (void)state;
    parse_expect(PREFIX LABELS L_GOAL_LABEL "第一段目标。\t\t\t\t\t\n  第二段  目标。 \t\t\t\t\t\n" INDICATORS
                 L_NOTES,
                 check_two_line_goal, 1);
}

static void check_two_documents(const ptc_document *d, size_t index) {
    assert_true(index < 2);
    check_base_document(d, 0);
    if (index == 0) {
        assert_int_equal(d->lines.first, 1);
        assert_int_equal(d->lines.last, 16);
    } else {
        assert_int_equal(d->lines.first, 18);
        assert_int_equal(d->lines.last, 33);
        assert_int_equal(d->tables[0].lines.first, 19);
    }
}

static void two_documents_by_title(void **state) {
    (void)state;
    parse_expect(BASE "\n" BASE, check_two_documents, 2);
}

static void check_restarted_numbering(const ptc_document *d, size_t index) {
    assert_true(index < 2);
    check_no_diags(d);
    if (index == 0) {
        check_base_document(d, 0);
        return;
    }
    CHECK_TEXT(d->title, NULL);
    assert_int_equal(d->lines.first, 17);
    assert_int_equal(d->tables_len, 1);
    check_base_table(&d->tables[0]);
}

static void two_documents_by_table_numbered_one(void **state) {
    (void)state;
    parse_expect(BASE L_HEADING L_YEAR L_APPLICANT LABELS GOAL INDICATORS L_NOTES,
                 check_restarted_numbering, 2);
}

static void check_numbered_tables(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    check_no_diags(d);
    assert_int_equal(d->tables_len, 2);
    assert_int_equal(d->tables[0].seq.value, 1);
    assert_int_equal(d->tables[1].seq.value, 2);
    check_base_table(&d->tables[0]);
}

static void second_table_same_document(void **state) {
    (void)state;
    parse_expect(BASE "2、项目支出绩效目标批复表\n" L_YEAR L_APPLICANT LABELS GOAL INDICATORS L_NOTES,
                 check_numbered_tables, 1);
}

static void check_self_evaluation(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    assert_int_equal(d->tables_len, 2);
    assert_int_equal(d->tables[0].kind, PTC_TABLE_SELF_EVALUATION);
    CHECK_TEXT(d->tables[0].title, "项目支出绩效自评表");
    assert_int_equal(d->tables[1].kind, PTC_TABLE_OVERALL);
    CHECK_TEXT(d->tables[1].title, "部门整体支出绩效目标申报表");
}

static void table_kind_from_heading(void **state) {
    (void)state;
    parse_expect(L_TITLE "1、项目支出绩效自评表\n" L_NAME "2、部门整体支出绩效目标申报表\n" L_NAME,
                 check_self_evaluation, 1);
}

/* ------------------------------------------------------------ diagnostics */

static void check_unplaced(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    assert_int_equal(d->diags_len, 2);
    assert_int_equal(count_diags(d, "unplaced-line"), 2);
    const ptc_diag *g = &d->diags[0];
    assert_int_equal(g->severity, PTC_SEV_WARNING);
    assert_string_equal(g->code, "unplaced-line");
    CHECK_POS(g->pos, 2, 1);
    assert_true(str_has(g->message, "这是一行无关的文字"));
    g = &d->diags[1];
    assert_string_equal(g->code, "unplaced-line");
    CHECK_POS(g->pos, 3, 3);
    assert_true(str_has(g->message, "又一行"));
    check_base_table(&d->tables[0]);
}

static void unplaced_line(void **state) {
    (void)state;
    parse_expect(L_TITLE "这是一行无关的文字\n\t\t又一行\n" L_HEADING L_YEAR L_APPLICANT LABELS GOAL
                 INDICATORS L_NOTES,
                 check_unplaced, 1);
}

static void check_duplicate(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    assert_int_equal(d->diags_len, 1);
    assert_int_equal(d->diags[0].severity, PTC_SEV_WARNING);
    assert_string_equal(d->diags[0].code, "duplicate-field");
    CHECK_POS(d->diags[0].pos, 6, 1);
    const ptc_table *t = &d->tables[0];
    CHECK_TEXT(t->project_name, "差旅费用");
    assert_int_equal(t->fields_len, 1);
    CHECK_TEXT(t->fields[0].label, "项目名称");
    CHECK_TEXT(t->fields[0].value, "另一个名称");
    CHECK_POS(t->fields[0].value.pos, 6, 6);
}

static void repeated_project_name(void **state) {
    (void)state;
    parse_expect(PREFIX L_NAME "项目名称\t另一个名称\t\t\t\t\n" L_DEPT, check_duplicate, 1);
}

static void check_unknown_label(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    check_no_diags(d);
    const ptc_table *t = &d->tables[0];
    assert_int_equal(t->fields_len, 1);
    CHECK_TEXT(t->fields[0].label, "联系人");
    CHECK_TEXT(t->fields[0].value, "张三");
    CHECK_POS(t->fields[0].label.pos, 8, 1);
    CHECK_POS(t->fields[0].value.pos, 8, 5);
    CHECK_TEXT(t->project_type, "新增");
}

static void unknown_label_row(void **state) {
    (void)state;
    parse_expect(PREFIX L_NAME L_DEPT L_TYPE "联系人\t张三\n" L_PERIOD, check_unknown_label, 1);
}

/* After the indicator block, a row filling only its first two cells is a
   label row (a field), not an indicator of two category cells. */
static void check_label_after_indicators(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    check_no_diags(d);
    const ptc_table *t = &d->tables[0];
    assert_int_equal(t->indicators_len, 2);
    assert_int_equal(t->fields_len, 1);
    CHECK_TEXT(t->fields[0].label, "联系人");
    CHECK_TEXT(t->fields[0].value, "张三");
    CHECK_TEXT(t->notes, "最新的预算支出为 12.4 万元。");
}

static void label_row_after_indicators(void **state) {
    (void)state;
    parse_expect(PREFIX L_NAME INDICATORS "联系人\t张三\t\t\t\t\n" L_NOTES,
                 check_label_after_indicators, 1);
}

static void check_extra_cell(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    assert_int_equal(d->diags_len, 1);
    assert_int_equal(d->diags[0].severity, PTC_SEV_WARNING);
    assert_string_equal(d->diags[0].code, "extra-cell");
    /* 产出 项目产出 数量指标 出差次数 2 次 + 6 TABs: 2+4+4+4+1+1+6 = col 23 */
    CHECK_POS(d->diags[0].pos, 14, 23);
    const ptc_indicator *ind = &d->tables[0].indicators[0];
    CHECK_TEXT(ind->name, "出差次数");
    CHECK_TEXT(ind->unit, "次");
    assert_int_equal(ind->extra_len, 1);
    CHECK_TEXT(ind->extra[0].label, "#7");
    CHECK_TEXT(ind->extra[0].value, "备注内容");
    assert_int_equal(d->tables[0].indicators[1].extra_len, 0);
}

static void cell_beyond_header(void **state) {
    (void)state;
    parse_expect(PREFIX LABELS GOAL L_IND_LABEL L_HEADER "产出\t项目产出\t数量指标\t出差次数\t2\t次\t备注内容\n"
                 L_IND2 L_NOTES,
                 check_extra_cell, 1);
}

static void check_extra_column(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    check_no_diags(d);
    const ptc_table *t = &d->tables[0];
    assert_int_equal(t->columns_len, 7);
    CHECK_TEXT(t->columns[6].header, "备注");
    const ptc_indicator *ind = &t->indicators[0];
    assert_int_equal(ind->extra_len, 1);
    CHECK_TEXT(ind->extra[0].label, "备注");
    CHECK_TEXT(ind->extra[0].value, "见附件");
}

static void extra_column_in_header(void **state) {
    (void)state;
    parse_expect(PREFIX L_IND_LABEL "一级指标\t二级指标\t三级指标\t四级指标\t指标值\t计量单位\t备注\n"
                 "产出\t项目产出\t数量指标\t出差次数\t2\t次\t见附件\n",
                 check_extra_column, 1);
}

static void check_merged_category(const ptc_document *d, size_t index) {
    assert_int_equal(index, 0);
    check_no_diags(d);
    const ptc_indicator *b = &d->tables[0].indicators[1];
    CHECK_TEXT(b->path[0], "产出");
    CHECK_TEXT(b->path[1], "项目产出");
    CHECK_TEXT(b->path[2], "时效指标");
    CHECK_POS(b->path[0].pos, 7, 1);
}

static void empty_category_continues_the_one_above(void **state) {
    (void)state;
    parse_expect(PREFIX L_IND_LABEL L_HEADER L_IND1 "\t\t时效指标\t差旅费按时发放\t按时\t\n",
                 check_merged_category, 1);
}

/* ------------------------------------------------------------ invariance */

static char *convert_seed(const char *data, size_t len, size_t chunk, size_t *out_len) {
    char *json = ptc_test_convert(data, len, chunk, "fixtures/seed.txt", "json", NULL, out_len);
    if (!json) {
        print_error("conversion with chunk %zu failed\n", chunk);
        fail();
    }
    return json;
}

static void same_bytes(const char *what, const char *a, size_t alen, const char *b, size_t blen) {
    if (alen == blen && memcmp(a, b, alen) == 0) return;
    size_t i = 0;
    while (i < alen && i < blen && a[i] == b[i]) i++;
    print_error("%s: outputs differ at byte %zu (lengths %zu and %zu)\n", what, i, alen, blen);
    fail();
}

static void chunking_invariance(void **state) {
    (void)state;
    size_t len;
    char *seed = read_fixture("seed.txt", &len);
    size_t whole_len;
    char *whole = convert_seed(seed, len, 0, &whole_len);
    assert_true(whole_len > 100000);
    static const size_t chunks[] = {1, 7, 4093};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        size_t n;
        char *json = convert_seed(seed, len, chunks[i], &n);
        char what[32];
        snprintf(what, sizeof what, "chunk %zu", chunks[i]);
        same_bytes(what, whole, whole_len, json, n);
        free(json);
    }
    free(whole);
    free(seed);
}

static void crlf_seed_same_json(void **state) {
    (void)state;
    size_t len, crlf_len, lf_json_len, crlf_json_len;
    char *seed = read_fixture("seed.txt", &len);
    char *crlf = to_crlf(seed, len, &crlf_len);
    assert_true(crlf_len > len + 500);
    char *lf_json = convert_seed(seed, len, 0, &lf_json_len);
    char *crlf_json = convert_seed(crlf, crlf_len, 4093, &crlf_json_len);
    same_bytes("CRLF vs LF", lf_json, lf_json_len, crlf_json, crlf_json_len);
    free(lf_json);
    free(crlf_json);
    free(crlf);
    free(seed);
}

static int stop_after_first(const ptc_document *d, void *ud) {
    (void)d;
    ++*(int *)ud;
    return 1;
}

static void callback_can_stop(void **state) {
    (void)state;
    int seen = 0;
    const char *input = BASE "\n" BASE;
    assert_int_equal(ptc_test_parse(input, strlen(input), 0, stop_after_first, &seen),
                     PTC_ERR_STOPPED);
    assert_int_equal(seen, 1);
}

static void check_nothing(const ptc_document *d, size_t index) {
    (void)d;
    (void)index;
    fail_msg("an empty input must give no document");
}

static void empty_input_no_document(void **state) {
    (void)state;
    parse_expect("", check_nothing, 0);
    parse_expect("\n\n \t \n", check_nothing, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seed_facts),
        cmocka_unit_test(base_document),
        cmocka_unit_test(positions_of_unshifted_values),
        cmocka_unit_test(value_shifted_right),
        cmocka_unit_test(trailing_cells_missing),
        cmocka_unit_test(indicator_row_shorter_than_header),
        cmocka_unit_test(extra_trailing_tab),
        cmocka_unit_test(crlf_line_ends),
        cmocka_unit_test(paragraph_tags_in_goal_and_notes),
        cmocka_unit_test(spaces_in_category_cells),
        cmocka_unit_test(noisy_labels),
        cmocka_unit_test(funds_unit_from_label),
        cmocka_unit_test(goal_over_two_lines),
        cmocka_unit_test(two_documents_by_title),
        cmocka_unit_test(two_documents_by_table_numbered_one),
        cmocka_unit_test(second_table_same_document),
        cmocka_unit_test(table_kind_from_heading),
        cmocka_unit_test(unplaced_line),
        cmocka_unit_test(repeated_project_name),
        cmocka_unit_test(unknown_label_row),
        cmocka_unit_test(label_row_after_indicators),
        cmocka_unit_test(cell_beyond_header),
        cmocka_unit_test(extra_column_in_header),
        cmocka_unit_test(empty_category_continues_the_one_above),
        cmocka_unit_test(chunking_invariance),
        cmocka_unit_test(crlf_seed_same_json),
        cmocka_unit_test(callback_can_stop),
        cmocka_unit_test(empty_input_no_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

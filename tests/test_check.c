/*
 * Unit tests for checks/, the consistency checks stage: the exact findings
 * on the seed (its real problems and nothing else), none but the injected
 * OCR typos on a generated corpus whose numbers agree by construction, and
 * for every check a fixture that triggers it (exact diagnostics) and one
 * that must stay silent.
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

#include "model/model.h"
#include "tests/testutil.h"

/* ------------------------------------------------------------- helpers */

typedef int (*document_fn)(const ptc_document *doc, void *ud);

/* The checks are a stage after the parser: like `ptconv check`, run them in
   the document callback, then hand the document on. */
typedef struct checked {
    document_fn fn;
    void *ud;
} checked;

static int check_then(const ptc_document *doc, void *ud) {
    checked *c = ud;
    if (ptc_check_document((ptc_document *)doc) != 0) return 1;
    return c->fn(doc, c->ud);
}

/* Parses `len` bytes with the checks on, as `ptconv check` does. */
static int parse_checked(const char *input, size_t len, const char *source, document_fn fn,
                         void *ud) {
    ptc_parse_options opts = {.source = source};
    checked c = {fn, ud};
    ptc_parser *p = ptc_parser_new(&opts, check_then, &c);
    if (!p) return PTC_ERR_NOMEM;
    int rc = PTC_OK;
    /* Chunks that split lines and characters: the checks see whole documents. */
    const size_t chunk = 4093;
    for (size_t off = 0; off < len && rc == PTC_OK; off += chunk)
        rc = ptc_parser_feed(p, input + off, len - off < chunk ? len - off : chunk);
    if (rc == PTC_OK) rc = ptc_parser_finish(p);
    ptc_parser_free(p);
    return rc;
}

/* Every diagnostic of every document, one "SOURCE:LINE:COL: severity:
   message [code]" line each, as the CLI prints them. */
typedef struct transcript {
    ptc_sink *sink;
    size_t documents;
} transcript;

static int write_diagnostics(const ptc_document *doc, void *ud) {
    transcript *t = ud;
    for (size_t i = 0; i < doc->diags_len; i++) ptc_diag_write(t->sink, doc->source, &doc->diags[i]);
    t->documents++;
    return 0;
}

static char *read_fixture(const char *name, size_t *len) {
    char *data = ptc_test_read_file(ptc_test_fixture(name), len);
    if (!data) {
        print_error("cannot read %s\n", ptc_test_fixture(name));
        fail();
    }
    return data;
}

static void expect_transcript(const char *input, size_t len, const char *source,
                              const char *want) {
    transcript t = {ptc_sink_memory(), 0};
    assert_non_null(t.sink);
    assert_int_equal(parse_checked(input, len, source, write_diagnostics, &t), PTC_OK);
    assert_int_equal(t.documents, 1);
    size_t got_len;
    const char *got = ptc_sink_memory_data(t.sink, &got_len);
    if (got_len != strlen(want) || memcmp(got, want, got_len) != 0) {
        print_error("%s: diagnostics differ\n--- want\n%s--- got\n%.*s---\n", source, want,
                    (int)got_len, got);
        ptc_sink_free(t.sink);
        fail();
    }
    ptc_sink_free(t.sink);
}

/* fixtures/check/NAME.txt must produce exactly `want` (source "NAME"). */
static void expect_fixture(const char *name, const char *want) {
    char path[256];
    snprintf(path, sizeof path, "check/%s.txt", name);
    size_t len;
    char *input = read_fixture(path, &len);
    expect_transcript(input, len, name, want);
    free(input);
}

/* ---------------------------------------------------------------- seed */

typedef struct finding {
    const char *code;
    uint32_t line, col;
} finding;

typedef struct collected {
    ptc_diag diags[64];
    char messages[64][512];
    size_t len;
    size_t documents;
} collected;

static int collect(const ptc_document *doc, void *ud) {
    collected *c = ud;
    for (size_t i = 0; i < doc->diags_len && c->len < 64; i++) {
        const ptc_diag *d = &doc->diags[i];
        c->diags[c->len] = *d;
        snprintf(c->messages[c->len], sizeof c->messages[0], "%.*s", (int)d->message.len,
                 d->message.s);
        c->len++;
    }
    c->documents++;
    return 0;
}

static void print_collected(const collected *c) {
    for (size_t i = 0; i < c->len; i++)
        print_message("  %u:%u %s [%s] %s\n", c->diags[i].pos.line, c->diags[i].pos.col,
                      ptc_severity_name(c->diags[i].severity), c->diags[i].code, c->messages[i]);
}

/* The seed's real problems: table 5 funds 39.54 万元 but its cost
   indicators are 8.5 + 15; the 主管部门 of tables 9-13 and 15-21 repeat
   "保障". Counts, the 936 万元 total, numbers, years and dates agree. */
static void test_seed_findings(void **state) {
    (void)state;
    static const finding want[] = {
        {"cost-mismatch", 133, 12},   {"ocr-repetition", 231, 6}, /* table 9 */
        {"ocr-repetition", 257, 6},   {"ocr-repetition", 285, 6}, /* 10, 11 */
        {"ocr-repetition", 311, 6},   {"ocr-repetition", 336, 6}, /* 12, 13 */
        {"ocr-repetition", 385, 6},   {"ocr-repetition", 410, 6}, /* 15, 16 */
        {"ocr-repetition", 434, 6},   {"ocr-repetition", 459, 6}, /* 17, 18 */
        {"ocr-repetition", 483, 6},   {"ocr-repetition", 507, 6}, /* 19, 20 */
        {"ocr-repetition", 535, 6},                               /* 21 */
    };
    const size_t nwant = sizeof want / sizeof want[0];
    size_t len;
    char *input = read_fixture("seed.txt", &len);
    collected *c = calloc(1, sizeof *c);
    assert_non_null(c);
    assert_int_equal(parse_checked(input, len, "fixtures/seed.txt", collect, c), PTC_OK);
    free(input);
    assert_int_equal(c->documents, 1);
    if (c->len != nwant) {
        print_error("expected %zu findings, got %zu:\n", nwant, c->len);
        print_collected(c);
        free(c);
        fail();
    }
    for (size_t i = 0; i < nwant; i++) {
        const ptc_diag *d = &c->diags[i];
        if (strcmp(d->code, want[i].code) != 0 || d->pos.line != want[i].line ||
            d->pos.col != want[i].col || d->severity != PTC_SEV_WARNING) {
            print_error("finding %zu: want warning %s at %u:%u, got:\n", i, want[i].code,
                        want[i].line, want[i].col);
            print_collected(c);
            free(c);
            fail();
        }
    }
    assert_string_equal(c->messages[0],
                        "项目资金 \"39.54 万元\" differs from the sum of its 成本指标 in 万元: "
                        "8.5 (line 143) + 15 (line 144) = 23.5 万元");
    assert_string_equal(c->messages[1],
                        "主管部门 \"枣庄市人力资源和社会保障 保障局\" repeats \"保障\"; did you mean "
                        "\"枣庄市人力资源和社会保障局\" (as on line 26)?");
    assert_string_equal(c->messages[3],
                        "主管部门 \"枣庄市人力资源和社会保障保障局\" repeats \"保障\"; did you mean "
                        "\"枣庄市人力资源和社会保障局\" (as on line 26)?");
    free(c);
}

static int count_all(const ptc_document *doc, void *ud) {
    size_t *n = ud;
    *n += doc->diags_len;
    return 0;
}

/* The checks run only when asked: the plain conversion of the seed is clean. */
static void test_checks_off_by_default(void **state) {
    (void)state;
    size_t len, n = 0;
    char *input = read_fixture("seed.txt", &len);
    assert_int_equal(ptc_test_parse(input, len, 0, count_all, &n), PTC_OK);
    free(input);
    assert_int_equal(n, 0);
}

/* ------------------------------------------------------ generated corpus */

/* Whitespace removed, for comparing a 主管部门 with the organisation. */
static size_t compact(ptc_str s, char *out) {
    size_t n = 0;
    for (size_t i = 0; i < s.len; i++)
        if (s.s[i] != ' ') out[n++] = s.s[i];
    return n;
}

typedef struct corpus_tally {
    size_t documents, tables, ocr, other, misspelt_departments;
} corpus_tally;

static int tally(const ptc_document *doc, void *ud) {
    corpus_tally *t = ud;
    t->documents++;
    t->tables += doc->tables_len;
    for (size_t i = 0; i < doc->diags_len; i++) {
        const ptc_diag *d = &doc->diags[i];
        if (strcmp(d->code, "ocr-repetition") == 0) {
            t->ocr++;
        } else {
            if (t->other < 10)
                print_message("unexpected: %u:%u [%s] %.*s\n", d->pos.line, d->pos.col, d->code,
                              (int)d->message.len, d->message.s);
            t->other++;
        }
    }
    /* The generator's only injected inconsistency: a 主管部门 spelt other
       than the summary's organisation (always a repeated "保障"). */
    char org[512], dept[512];
    if (!doc->summary || doc->summary->organization.str.len >= sizeof org) return 1;
    size_t org_len = compact(doc->summary->organization.str, org);
    for (size_t i = 0; i < doc->tables_len; i++) {
        ptc_str d = doc->tables[i].department.str;
        if (d.len >= sizeof dept) return 1;
        size_t n = compact(d, dept);
        t->misspelt_departments += n != org_len || memcmp(dept, org, n) != 0;
    }
    return 0;
}

static void test_generated_corpus_is_consistent(void **state) {
    (void)state;
    char cmd[2048];
    const char *shared = getenv("PTC_SHARED");
    if (!shared) shared = "../shared";
    snprintf(cmd, sizeof cmd,
             "'%s/bench/gen-corpus' --seed-file '%s/seeds/000_ab6bda6407c9bf0e.txt' --docs 50 "
             "--variant noisy",
             shared, shared);
    FILE *fp = popen(cmd, "r");
    assert_non_null(fp);
    size_t cap = 1 << 20, len = 0;
    char *input = malloc(cap);
    assert_non_null(input);
    for (;;) {
        if (len == cap) {
            char *grown = realloc(input, cap *= 2);
            assert_non_null(grown);
            input = grown;
        }
        size_t n = fread(input + len, 1, cap - len, fp);
        if (n == 0) break;
        len += n;
    }
    assert_int_equal(pclose(fp), 0);
    corpus_tally t = {0};
    assert_int_equal(parse_checked(input, len, "noisy", tally, &t), PTC_OK);
    free(input);
    assert_int_equal(t.documents, 50);
    assert_true(t.tables > 50);
    assert_int_equal(t.other, 0);
    assert_true(t.ocr > 0);
    assert_int_equal(t.ocr, t.misspelt_departments);
}

/* ---------------------------------------------------- one pair per check */

static void test_project_count_mismatch(void **state) {
    (void)state;
    expect_fixture("project-count-mismatch",
                   "project-count-mismatch:3:1: warning: summary announces 3 projects (\"3个\") but "
                   "the document has 2 tables [project-count-mismatch]\n");
    expect_fixture("project-count-mismatch-ok", "");
}

static void test_unit_count_mismatch(void **state) {
    (void)state;
    expect_fixture("unit-count-mismatch",
                   "unit-count-mismatch:7:3: warning: unit \"青州市人力资源和社会保障局（本级）（包括财务不独立的2个事业单位）\" "
                   "lists 2 projects but 1 table is from it [unit-count-mismatch]\n"
                   "unit-count-mismatch:9:3: warning: unit \"青州市人事考试中心\" lists 1 project but 2 "
                   "tables are from it [unit-count-mismatch]\n");
    /* （机关）, (机关) and " （机关）" all belong to "…（本级）（包括…）" */
    expect_fixture("unit-count-mismatch-ok", "");
}

static void test_unit_ambiguous(void **state) {
    (void)state;
    expect_fixture("unit-ambiguous",
                   "unit-ambiguous:15:6: note: 申报单位 \"青州市人力资源和社会保障局（机关）\" matches 2 units "
                   "of the list (\"青州市人力资源和社会保障局（本级）\" on line 7, "
                   "\"青州市人力资源和社会保障局（所属事业单位）\" on line 9); their project counts are "
                   "checked together [unit-ambiguous]\n");
    expect_fixture("unit-ambiguous-ok", "");
}

static void test_unit_unmatched(void **state) {
    (void)state;
    expect_fixture("unit-unmatched",
                   "unit-unmatched:33:6: warning: 申报单位 \"青州市就业服务中心\" (1 table) does not match "
                   "the unit listed on line 7 [unit-unmatched]\n"
                   "unit-unmatched:49:1: warning: table 3 names no 申报单位 or 预算执行单位 to match "
                   "against the unit list [unit-unmatched]\n");
    /* a table without 申报单位 is matched by its 预算执行单位 */
    expect_fixture("unit-unmatched-ok", "");
}

static void test_total_funds_mismatch(void **state) {
    (void)state;
    /* 10.2 万元 + 195000 元 = 29.7 万元; "29.5" allows 0.05 */
    expect_fixture("total-funds-mismatch",
                   "total-funds-mismatch:3:1: warning: summary total \"29.5万元\" differs from the sum "
                   "of the 2 tables' 项目资金, 29.7 万元 [total-funds-mismatch]\n");
    /* "30" allows half a 万元 */
    expect_fixture("total-funds-mismatch-ok", "");
}

static void test_cost_mismatch(void **state) {
    (void)state;
    expect_fixture("cost-mismatch",
                   "cost-mismatch:19:12: warning: 项目资金 \"12.4 万元\" differs from the sum of its "
                   "成本指标 in 万元: 8 (line 24) + 4 (line 25) = 12 万元 [cost-mismatch]\n"
                   "cost-mismatch:40:12: warning: 项目资金 \"12.4 万元\" differs from its only 成本指标 "
                   "in 万元: 12.46 (line 45) [cost-mismatch]\n");
    /* ≤6.2 counts; "25 元"/次 and "是" do not; 12.44 rounds to 12.4; 0.1 + 0.2
       is 0.3; a table without cost indicators is not compared */
    expect_fixture("cost-mismatch-ok", "");
}

static void test_table_number_missing(void **state) {
    (void)state;
    expect_fixture("table-number-missing",
                   "table-number-missing:29:1: warning: there is no table 2 before table 3 "
                   "[table-number-missing]\n"
                   "table-number-missing:49:1: warning: there are no tables 4–5 before table 6 "
                   "[table-number-missing]\n");
    expect_fixture("table-number-missing-ok", "");
}

static void test_table_number_repeated(void **state) {
    (void)state;
    expect_fixture("table-number-repeated",
                   "table-number-repeated:49:1: warning: table number 2 is used again (first on "
                   "line 29) [table-number-repeated]\n");
    expect_fixture("table-number-repeated-ok", "");
}

static void test_table_number_order(void **state) {
    (void)state;
    expect_fixture("table-number-order",
                   "table-number-order:49:1: warning: table 2 comes after table 3 (line 29) "
                   "[table-number-order]\n");
    expect_fixture("table-number-order-ok", "");
}

static void test_year_mismatch(void **state) {
    (void)state;
    expect_fixture("year-mismatch",
                   "year-mismatch:31:1: warning: table 2 is for the year 2020 but the summary (line "
                   "3) is for 2021 [year-mismatch]\n");
    /* （2021年度） and a table without a year line */
    expect_fixture("year-mismatch-ok", "");
}

static void test_period_invalid(void **state) {
    (void)state;
    /* The impossible date is the parser's invalid-date, not repeated here. */
    expect_fixture("period-invalid",
                   "period-invalid:18:6: warning: 项目期限 \"2021年1月1日至年底\" could not be read as a "
                   "start and an end date [period-invalid]\n"
                   "period-invalid:38:6: warning: project period \"2021-02-30 至 2021-12-31\" contains a "
                   "date that does not exist [invalid-date]\n"
                   "period-invalid:58:6: warning: 项目期限 \"2021-12-31 至 2021-01-01\" ends (2021-01-01) "
                   "before it starts (2021-12-31) [period-invalid]\n");
    /* 年月日 dates, a one-day period, a table without 项目期限 */
    expect_fixture("period-invalid-ok", "");
}

static void test_period_outside_year(void **state) {
    (void)state;
    expect_fixture("period-outside-year",
                   "period-outside-year:18:6: warning: 项目期限 \"2021-01-01 至 2022-12-31\" ends in "
                   "2022, outside the budget year 2021 [period-outside-year]\n"
                   "period-outside-year:38:6: warning: 项目期限 \"2020-07-01 至 2021-06-30\" starts in "
                   "2020, outside the budget year 2021 [period-outside-year]\n");
    expect_fixture("period-outside-year-ok", "");
}

/* Without a summary the table's own year line is the budget year. */
static void test_period_outside_table_year(void **state) {
    (void)state;
    static const char input[] = "1、项目支出绩效目标批复表\n"
                                "（2022 年度）\n"
                                "项目名称\t差旅费用\n"
                                "项目期限\t2021-01-01 至 2022-12-31\n"
                                "项目资金申请（万元）\t5 万元\n"
                                "年度绩效指标\n"
                                "一级指标\t二级指标\t三级指标\t四级指标\t指标值\t计量单位\n"
                                "产出\t项目产出\t数量指标\t出差次数\t2\t次\n";
    expect_transcript(input, strlen(input), "inline",
                      "inline:4:6: warning: 项目期限 \"2021-01-01 至 2022-12-31\" starts in 2021, "
                      "outside the budget year 2022 [period-outside-year]\n");
}

static void test_rate_over_100(void **state) {
    (void)state;
    expect_fixture("rate-over-100",
                   "rate-over-100:25:21: warning: indicator \"差旅费发放率\" is a percentage over 100: "
                   "\"120\" % [rate-over-100]\n"
                   "rate-over-100:26:20: warning: indicator \"按时完成率\" is a percentage over 100: "
                   "\"105%\" [rate-over-100]\n"
                   "rate-over-100:27:18: warning: indicator \"覆盖率\" is a percentage over 100: "
                   "\"≥ 100.5\" ％ [rate-over-100]\n");
    /* 100 %, ≥100%, 99.5%, and 150 人次 (not a rate) */
    expect_fixture("rate-over-100-ok", "");
}

static void test_missing_field(void **state) {
    (void)state;
    expect_fixture("missing-field",
                   "missing-field:9:1: warning: table 1 has no 项目名称 [missing-field]\n"
                   "missing-field:38:12: warning: table 2's 项目资金 \"待定\" has no readable amount "
                   "[missing-field]\n"
                   "missing-field:48:1: warning: table 3 has no indicators [missing-field]\n"
                   "missing-field:69:1: warning: table 4's 项目名称 is empty [missing-field]\n"
                   "missing-field:83:1: warning: table 5 has no 项目资金 [missing-field]\n");
    /* "10" without a unit takes 万元 from the label */
    expect_fixture("missing-field-ok", "");
}

static void test_ocr_repetition(void **state) {
    (void)state;
    expect_fixture("ocr-repetition",
                   "ocr-repetition:38:6: warning: 主管部门 \"青州市人力资源和社会保障 保障局\" repeats "
                   "\"保障\"; did you mean \"青州市人力资源和社会保障局\" (as on line 18)? [ocr-repetition]\n"
                   "ocr-repetition:58:6: warning: 主管部门 \"青州市人力资源和社会保障保障局\" repeats "
                   "\"保障\"; did you mean \"青州市人力资源和社会保障局\" (as on line 18)? [ocr-repetition]\n"
                   "ocr-repetition:58:29: warning: 预算执行单位 \"青州市人事考试考试中心\" repeats "
                   "\"考试\"; did you mean \"青州市人事考试中心\" (as on line 9)? [ocr-repetition]\n");
    /* "星星" is a repetition, but "青州市星幼儿园" is no name of the document */
    expect_fixture("ocr-repetition-ok", "");
}

/* ------------------------------------------------------------ registry */

typedef struct code_tally {
    const char *code;
    size_t found, wrong_severity, documents;
    ptc_severity want;
} code_tally;

static int tally_code(const ptc_document *doc, void *ud) {
    code_tally *t = ud;
    for (size_t i = 0; i < doc->diags_len; i++) {
        if (strcmp(doc->diags[i].code, t->code) != 0) continue;
        t->found++;
        t->wrong_severity += doc->diags[i].severity != t->want;
    }
    t->documents++;
    return 0;
}

/* Every registry row is a real check: fixtures/check/CODE.txt reports it,
   with the registry's severity, and CODE-ok.txt does not. */
static void test_registry_rows_are_checks(void **state) {
    (void)state;
    size_t n;
    const ptc_check_info *all = ptc_checks(&n);
    assert_int_equal(n, 15);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(all[i].description);
        assert_true(strlen(all[i].description) > 0);
        for (size_t j = 0; j < i; j++) assert_string_not_equal(all[i].code, all[j].code);
        for (int ok = 0; ok < 2; ok++) {
            char name[128];
            snprintf(name, sizeof name, "check/%s%s.txt", all[i].code, ok ? "-ok" : "");
            size_t len;
            char *input = read_fixture(name, &len);
            code_tally t = {all[i].code, 0, 0, 0, all[i].severity};
            assert_int_equal(parse_checked(input, len, name, tally_code, &t), PTC_OK);
            free(input);
            if (ok ? t.found != 0 : t.found == 0 || t.wrong_severity != 0) {
                print_error("%s: %zu %s findings, %zu not %s\n", name, t.found, all[i].code,
                            t.wrong_severity, ptc_severity_name(all[i].severity));
                fail();
            }
        }
    }
}

/* --------------------------------------------------------- direct calls */

static void test_empty_document(void **state) {
    (void)state;
    ptc_document *doc = ptc_document_new("empty");
    assert_non_null(doc);
    assert_int_equal(ptc_check_document(doc), 0);
    assert_int_equal(doc->diags_len, 0);
    ptc_document_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_findings),
        cmocka_unit_test(test_checks_off_by_default),
        cmocka_unit_test(test_generated_corpus_is_consistent),
        cmocka_unit_test(test_project_count_mismatch),
        cmocka_unit_test(test_unit_count_mismatch),
        cmocka_unit_test(test_unit_ambiguous),
        cmocka_unit_test(test_unit_unmatched),
        cmocka_unit_test(test_total_funds_mismatch),
        cmocka_unit_test(test_cost_mismatch),
        cmocka_unit_test(test_table_number_missing),
        cmocka_unit_test(test_table_number_repeated),
        cmocka_unit_test(test_table_number_order),
        cmocka_unit_test(test_year_mismatch),
        cmocka_unit_test(test_period_invalid),
        cmocka_unit_test(test_period_outside_year),
        cmocka_unit_test(test_period_outside_table_year),
        cmocka_unit_test(test_rate_over_100),
        cmocka_unit_test(test_missing_field),
        cmocka_unit_test(test_ocr_repetition),
        cmocka_unit_test(test_registry_rows_are_checks),
        cmocka_unit_test(test_empty_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

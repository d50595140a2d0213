/*
 * Unit tests for emitters/html.c: escaping of hostile input and options, the
 * page around the forms (fragment, title, stylesheets, templates), the
 * merged category cells of the seed's forms, ids and contents links, and
 * the layout of indicator blocks the seed does not have (hand-built models).
 *
 * Everything is checked by plain string scanning of the output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "tests/testutil.h"

#define SEED_TABLES 22

/* ------------------------------------------------------------- helpers */

/* The model's column structs from header texts and roles (a test builds at
   most a few tables at once, so a small rotating pool is enough). */
static ptc_column *cols_of(const ptc_text *headers, const ptc_column_role *roles, size_t n) {
    static ptc_column pool[4][16];
    static size_t next;
    ptc_column *c = pool[next++ % 4];
    int level = 0;
    for (size_t i = 0; i < n && i < 16; i++) {
        c[i] = (ptc_column){.header = headers[i], .role = roles[i], .key = headers[i].str};
        if (roles[i] == PTC_COL_LEVEL) c[i].level = ++level;
    }
    return c;
}


static bool contains(const char *hay, const char *needle) { return strstr(hay, needle) != NULL; }

static bool starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

/* Case-insensitive: a browser would take <SCRIPT just as well. */
static bool contains_nocase(const char *hay, const char *needle) {
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && (p[i] | 0x20) == (needle[i] | 0x20)) i++;
        if (i == n) return true;
    }
    return false;
}

static char *convert_file(const char *fixture, const char *source, const ptc_emit_options *opts,
                          size_t chunk) {
    size_t len;
    char *input = ptc_test_read_file(ptc_test_fixture(fixture), &len);
    assert_non_null(input);
    char *out = ptc_test_convert(input, len, chunk, source, "html", opts, NULL);
    free(input);
    assert_non_null(out);
    return out;
}

static char *seed_html(const ptc_emit_options *opts) {
    return convert_file("seed.txt", "fixtures/seed.txt", opts, 0);
}

/* Drive the emitter by hand over documents built in the test. */
static char *render(const ptc_document *docs, size_t n, const ptc_emit_options *opts) {
    ptc_emit_options none = {0};
    const ptc_emitter *e = ptc_emitter_find("html");
    assert_non_null(e);
    ptc_sink *s = ptc_sink_memory();
    assert_non_null(s);
    void *state = e->open(s, opts ? opts : &none);
    assert_non_null(state);
    for (size_t i = 0; i < n; i++) assert_int_equal(e->document(state, &docs[i]), 0);
    assert_int_equal(e->close(state, true), 0);
    size_t len;
    const char *data = ptc_sink_memory_data(s, &len);
    char *out = malloc(len + 1);
    assert_non_null(out);
    memcpy(out, data, len);
    out[len] = '\0';
    assert_int_equal(strlen(out), len); /* no NUL byte reaches the page */
    ptc_sink_free(s);
    return out;
}


/* Every merged (rowspan) cell of the form with id `id`, tag and text, in
   document order, concatenated. */
static char *merged_cells(const char *page, const char *id) {
    char start[64];
    snprintf(start, sizeof start, "<section class=\"ptc-form\" id=\"%s\"", id);
    char *form = ptc_test_between(page, start, "</section>");
    size_t cap = strlen(form) + 1, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    for (const char *p = strstr(form, "<td class=\"ptc-cat\" rowspan=\""); p;
         p = strstr(p + 1, "<td class=\"ptc-cat\" rowspan=\"")) {
        const char *e = strstr(p, "</td>");
        assert_non_null(e);
        size_t n = (size_t)(e - p) + 5;
        memcpy(out + len, p, n);
        len += n;
        out[len] = '\0';
    }
    free(form);
    return out;
}

static bool control_free(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7F) return false;
        if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) return false;
    }
    return true;
}

/* ------------------------------------------------------ hostile input */

static void test_hostile_text_is_escaped(void **state) {
    (void)state;
    char *out = convert_file("hostile.txt", "fixtures/hostile.txt", NULL, 0);
    assert_false(contains_nocase(out, "<script"));
    assert_true(contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    /* "&<>' from the cells: every one of the five escaped. */
    assert_true(contains(out, "&quot;&amp;&lt;&gt;&#39;"));
    assert_false(contains(out, "\"&<>'"));
    /* The input's own <p> tags are gone; the goal's two paragraphs are ours. */
    assert_true(contains(out, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>&quot;&amp;&lt;&gt;&#39;</p>"));
    /* U+0001 in the project name became U+FFFD; U+2028 is harmless in HTML. */
    assert_true(contains(out, "]]&gt;\xEF\xBF\xBD\xE2\x80\xA8" "end"));
    assert_true(control_free(out));
    /* The unplaced-line warning is shown, escaped, in the document's list. */
    assert_true(contains(out, "<ul class=\"ptc-diagnostics\">"));
    assert_true(contains(out, "1:1: warning: line not recognised here and not used: &quot;"));
    free(out);
}

static void test_hostile_source_in_attribute(void **state) {
    (void)state;
    char *out = convert_file("hostile.txt", "a\"b'c<d>&e.txt", NULL, 0);
    assert_true(contains(out, "data-source=\"a&quot;b&#39;c&lt;d&gt;&amp;e.txt\""));
    assert_false(contains(out, "a\"b"));
    free(out);
}

static void test_hostile_fragment(void **state) {
    (void)state;
    ptc_emit_options o = {.fragment = true};
    char *out = convert_file("hostile.txt", "fixtures/hostile.txt", &o, 0);
    assert_false(contains_nocase(out, "<script"));
    assert_true(contains(out, "&lt;script&gt;"));
    free(out);
}

/* ----------------------------------------------------------- options */

static void test_fragment_has_only_the_forms(void **state) {
    (void)state;
    ptc_emit_options o = {.fragment = true, .title = "ignored", .template_text = "{{body}}"};
    char *out = seed_html(&o);
    assert_false(contains_nocase(out, "<html"));
    assert_false(contains_nocase(out, "<!DOCTYPE"));
    assert_false(contains(out, "<head"));
    assert_false(contains(out, "<body"));
    assert_false(contains(out, "<style"));
    assert_false(contains(out, "<nav"));
    assert_false(contains(out, "<h1"));
    assert_false(contains(out, "{{body}}"));
    assert_int_equal(ptc_test_count(out, "<table class=\"ptc-table"), SEED_TABLES);
    assert_int_equal(ptc_test_count(out, "<section class=\"ptc-form\""), SEED_TABLES);
    assert_true(starts_with(out, "<section class=\"ptc-form\" id=\"d1-t1\""));
    free(out);
}

static void test_page_skeleton(void **state) {
    (void)state;
    char *out = seed_html(NULL);
    assert_true(starts_with(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"));
    assert_true(contains(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    /* No --title: the document's title. */
    assert_true(contains(out, "<title>绩效目标设置情况</title>"));
    assert_true(contains(out, "<h1>绩效目标设置情况</h1>"));
    assert_true(contains(out, "<p class=\"ptc-summary\">2021年枣庄市人力资源和社会保障局项目支出实现"));
    assert_int_equal(ptc_test_count(out, "<ol class=\"ptc-units\">"), 1);
    assert_true(contains(out, "<li value=\"5\">枣庄市劳动和社会保障监察支队：绩效项目 1 个</li>"));
    assert_int_equal(ptc_test_count(out, "<style>"), 1);
    assert_true(contains(out, "\"Noto Sans CJK SC\""));
    assert_true(contains(out, "@media print"));
    assert_true(contains(out, "page-break-inside:avoid"));
    assert_true(contains(out, "word-break:break-all"));
    assert_true(contains(out, "overflow-wrap:anywhere"));
    assert_true(contains(out, "border-collapse:collapse"));
    static const char foot[] = "</section>\n</article>\n</main>\n</body>\n</html>\n";
    size_t len = strlen(out);
    assert_true(len > sizeof foot);
    assert_string_equal(out + len - (sizeof foot - 1), foot);
    free(out);
}

static void test_title_option_escaped(void **state) {
    (void)state;
    ptc_emit_options o = {.title = "</title><script>alert(1)</script>&"};
    char *out = seed_html(&o);
    assert_true(contains(out, "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;</title>"));
    assert_int_equal(ptc_test_count(out, "</title>"), 1);
    assert_false(contains_nocase(out, "<script"));
    /* The document keeps its own heading. */
    assert_true(contains(out, "<h1>绩效目标设置情况</h1>"));
    free(out);
}

static void test_css_cannot_close_style(void **state) {
    (void)state;
    ptc_emit_options o = {.css = "body{color:red}</style><script>alert(1)</script></STYLE >"};
    char *out = seed_html(&o);
    assert_int_equal(ptc_test_count(out, "<style>"), 1);
    assert_int_equal(ptc_test_count(out, "</style>"), 1); /* ours, closing the element */
    assert_false(contains_nocase(out, "</style><"));
    assert_true(contains(out, "body{color:red}<\\/style><script>alert(1)<\\/script><\\/STYLE >\n</style>"));
    /* The user's stylesheet replaces the built-in one. */
    assert_false(contains(out, "\"Noto Sans CJK SC\""));
    free(out);
}

static void test_css_href_escaped(void **state) {
    (void)state;
    ptc_emit_options o = {.css_href = "x.css\" onload=\"alert(1)'<>&"};
    char *out = seed_html(&o);
    assert_true(contains(out, "<link rel=\"stylesheet\" href=\"x.css&quot; onload=&quot;alert(1)&#39;&lt;&gt;&amp;\">"));
    assert_false(contains(out, "<style>"));
    free(out);
}

static void test_template_placeholders(void **state) {
    (void)state;
    ptc_emit_options o = {
        .title = "<b>\"T\"</b>",
        .template_text = "<!doctype html><html><head><title>{{title}}</title>{{css}}</head>"
                         "<body><h6>{{title}}</h6>{{toc}}<div id=\"content\">{{body}}</div>"
                         "{{unknown}} {{ title }} {{title</body></html>\n"};
    char *out = seed_html(&o);
    assert_int_equal(ptc_test_count(out, "&lt;b&gt;&quot;T&quot;&lt;/b&gt;"), 2);
    assert_false(contains(out, "<b>"));
    assert_true(contains(out, "{{unknown}} {{ title }} {{title</body></html>\n"));
    assert_false(contains(out, "{{css}}"));
    assert_false(contains(out, "{{toc}}"));
    assert_false(contains(out, "{{body}}"));
    assert_int_equal(ptc_test_count(out, "<style>"), 1);
    /* {{toc}} holds the contents, {{body}} the rest; each exactly once. */
    assert_int_equal(ptc_test_count(out, "<nav class=\"ptc-toc\""), 1);
    assert_int_equal(ptc_test_count(out, "<a href=\"#d1-t"), SEED_TABLES);
    assert_int_equal(ptc_test_count(out, "<table class=\"ptc-table"), SEED_TABLES);
    char *toc = ptc_test_between(out, "<nav class=\"ptc-toc\"", "</nav>");
    assert_true(strstr(out, "</nav>") < strstr(out, "<div id=\"content\"><article"));
    free(toc);
    assert_true(starts_with(out, "<!doctype html><html><head><title>"));
    free(out);

    /* Without --title, {{title}} is the first document's title. */
    ptc_emit_options t = {.template_text = "[{{title}}]"};
    out = seed_html(&t);
    assert_string_equal(out, "[绩效目标设置情况]");
    free(out);
}

/* Through the command line: --template and --css read from files
   (fixtures/html/), --title given on the command line. */
static char *run_cli(const char *args) {
    const char *bin = getenv("PTC_BIN"), *fixtures = getenv("PTC_FIXTURES");
    if (!bin || !fixtures) fail_msg("PTC_BIN and PTC_FIXTURES must be set (run through ctest)");
    char cmd[8192];
    int n = snprintf(cmd, sizeof cmd, "cd '%s/..' && '%s' %s", fixtures, bin, args);
    assert_true(n > 0 && (size_t)n < sizeof cmd);
    FILE *fp = popen(cmd, "r");
    assert_non_null(fp);
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t got;
    while ((got = fread(out + len, 1, cap - len - 1, fp)) > 0) {
        len += got;
        if (cap - len < 2) {
            char *grown = realloc(out, cap *= 2);
            assert_non_null(grown);
            out = grown;
        }
    }
    out[len] = '\0';
    assert_int_equal(pclose(fp), 0);
    return out;
}

static void test_cli_template_and_css_files(void **state) {
    (void)state;
    char *out = run_cli("-t html --template fixtures/html/template.html --css fixtures/html/hostile.css "
                        "--title '</title><script>x' fixtures/seed.txt");
    assert_true(starts_with(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n"));
    assert_true(contains(out, "<title>&lt;/title&gt;&lt;script&gt;x · 绩效目标公开</title>"));
    assert_true(contains(out, "<header class=\"site\"><p>&lt;/title&gt;&lt;script&gt;x</p></header>"));
    assert_true(contains(out, "<aside><nav class=\"ptc-toc\""));
    assert_true(contains(out, "<main>\n<article class=\"ptc-document\" id=\"d1\" data-source=\"fixtures/seed.txt\">"));
    assert_true(contains(out, "{{footer}} is not a placeholder"));
    /* The stylesheet's "<script>" stays text inside the one style element. */
    assert_true(contains(out, "<style>\n/* A stylesheet that tries"));
    assert_int_equal(ptc_test_count(out, "</style>"), 1);
    assert_true(contains(out, "<\\/style><script>alert(\"css\")<\\/script><style>"));
    assert_int_equal(ptc_test_count(out, "<script"), 1);
    const char *script = strstr(out, "<script");
    assert_true(strstr(out, "<style>\n/* A stylesheet") < script && script < strstr(out, "</style>"));
    assert_true(contains(out, "content: \"<\\/STYLE>\"; }\n\n</style>"));
    assert_int_equal(ptc_test_count(out, "<table class=\"ptc-table"), SEED_TABLES);
    assert_int_equal(ptc_test_count(out, "<a href=\"#d1-t"), SEED_TABLES);
    free(out);

    out = run_cli("-t html --fragment --css-href 'a.css\" x=\"' fixtures/seed.txt");
    assert_true(starts_with(out, "<section class=\"ptc-form\" id=\"d1-t1\""));
    assert_false(contains(out, "a.css")); /* a fragment has no head to link from */
    free(out);
}

/* ------------------------------------------------------------ the seed */

static void test_seed_merged_category_cells(void **state) {
    (void)state;
    char *out = seed_html(NULL);
    /* Table 1 (fixtures/seed.txt lines 34-40): 产出/项目产出 over 数量 时效 质量
       成本, 效果/项目效益 over 社会效益 可持续影响 满意度. */
    char *t1 = merged_cells(out, "d1-t1");
    assert_string_equal(t1, "<td class=\"ptc-cat\" rowspan=\"4\">产出</td>"
                            "<td class=\"ptc-cat\" rowspan=\"4\">项目产出</td>"
                            "<td class=\"ptc-cat\" rowspan=\"3\">效果</td>"
                            "<td class=\"ptc-cat\" rowspan=\"3\">项目效益</td>");
    /* Table 3: two 数量指标 and two 时效指标 rows under 产出/项目产出. */
    char *t3 = merged_cells(out, "d1-t3");
    assert_string_equal(t3, "<td class=\"ptc-cat\" rowspan=\"6\">产出</td>"
                            "<td class=\"ptc-cat\" rowspan=\"6\">项目产出</td>"
                            "<td class=\"ptc-cat\" rowspan=\"2\">数量指标</td>"
                            "<td class=\"ptc-cat\" rowspan=\"2\">时效指标</td>"
                            "<td class=\"ptc-cat\" rowspan=\"3\">效果</td>"
                            "<td class=\"ptc-cat\" rowspan=\"3\">项目效益</td>");
    /* Table 4: six 数量指标 rows, two 时效指标. */
    char *t4 = merged_cells(out, "d1-t4");
    assert_string_equal(t4, "<td class=\"ptc-cat\" rowspan=\"10\">产出</td>"
                            "<td class=\"ptc-cat\" rowspan=\"10\">项目产出</td>"
                            "<td class=\"ptc-cat\" rowspan=\"6\">数量指标</td>"
                            "<td class=\"ptc-cat\" rowspan=\"2\">时效指标</td>"
                            "<td class=\"ptc-cat\" rowspan=\"3\">效果</td>"
                            "<td class=\"ptc-cat\" rowspan=\"3\">项目效益</td>");
    free(t1);
    free(t3);
    free(t4);

    /* The form of table 1, row by row (label cells, colspans). */
    char *form = ptc_test_between(out, "<section class=\"ptc-form\" id=\"d1-t1\"", "</section>");
    assert_true(contains(form, "<h2><span class=\"ptc-seq\">1、</span>项目支出绩效目标批复表</h2>\n"
                               "<p class=\"ptc-year\">(2021 年度)</p>\n"
                               "<p class=\"ptc-applicant\">申报单位：枣庄市人力资源和社会保障局（机关）</p>\n"));
    assert_true(contains(form, "<tr><th>项目名称</th><td colspan=\"5\">差旅费用</td></tr>\n"
                               "<tr><th>主管部门</th><td>枣庄市人力资源和社会保障局</td><th>预算执行单位</th>"
                               "<td colspan=\"3\">枣庄市人力资源和社会保障局（机关）</td></tr>\n"
                               "<tr><th>项目类型</th><td colspan=\"5\">新增</td></tr>\n"
                               "<tr><th>项目期限</th><td colspan=\"5\">2021-01-01 至 2021-12-31</td></tr>\n"
                               "<tr><th>项目资金申请（万元）</th><td colspan=\"5\">12.4 万元</td></tr>\n"
                               "<tr><th class=\"ptc-section\" colspan=\"6\">项目绩效年度目标</th></tr>\n"
                               "<tr><td class=\"ptc-goal\" colspan=\"6\"><p>满足出差需求，完成工作任务。</p></td></tr>\n"
                               "<tr><th class=\"ptc-section\" colspan=\"6\">年度绩效指标</th></tr>\n"
                               "<tr class=\"ptc-head\"><th>一级指标</th><th>二级指标</th><th>三级指标</th>"
                               "<th>四级指标</th><th>指标值</th><th>计量单位</th></tr>\n"));
    assert_true(contains(form, "<tr><td class=\"ptc-cat\">时效指标</td><td class=\"ptc-name\">差旅费按时发放</td>"
                               "<td class=\"ptc-value\">按时</td><td class=\"ptc-unit\"></td></tr>\n"));
    assert_true(contains(form, "<tr><th>其他说明</th><td class=\"ptc-notes\" colspan=\"5\"><p>项目测算依据有变化。"));
    /* label rows, goal heading and text, indicator heading, indicators, notes
       (the column header row has a class) */
    assert_int_equal(ptc_test_count(form, "<tr>"), 5 + 3 + 7 + 1);
    assert_int_equal(ptc_test_count(form, "<tr class=\"ptc-head\">"), 1);
    free(form);
    free(out);
}

static void test_seed_toc_links_match_ids(void **state) {
    (void)state;
    char *out = seed_html(NULL);
    assert_int_equal(ptc_test_count(out, "<table class=\"ptc-table"), SEED_TABLES);
    char *toc = ptc_test_between(out, "<nav class=\"ptc-toc\"", "</nav>");
    assert_int_equal(ptc_test_count(toc, "<a href=\"#"), SEED_TABLES);
    size_t links = 0;
    for (const char *p = strstr(toc, "href=\"#"); p; p = strstr(p + 1, "href=\"#")) {
        const char *id = p + 7, *end = strchr(id, '"');
        assert_non_null(end);
        char want[64];
        snprintf(want, sizeof want, " id=\"%.*s\"", (int)(end - id), id);
        assert_int_equal(ptc_test_count(out, want), 1);
        char expected[32];
        snprintf(expected, sizeof expected, "d1-t%zu", ++links);
        assert_int_equal((size_t)(end - id), strlen(expected));
        assert_memory_equal(id, expected, strlen(expected));
    }
    assert_int_equal(links, SEED_TABLES);
    assert_true(contains(toc, "<li><a href=\"#d1-t22\">22、执法检查经费</a></li>"));
    /* The contents come before the first form. */
    assert_true(strstr(out, "</nav>") < strstr(out, "<section class=\"ptc-form\""));
    free(toc);
    free(out);
}

static void test_chunking_does_not_change_output(void **state) {
    (void)state;
    char *whole = seed_html(NULL);
    char *bytewise = convert_file("seed.txt", "fixtures/seed.txt", NULL, 1);
    char *odd = convert_file("seed.txt", "fixtures/seed.txt", NULL, 4093);
    assert_string_equal(whole, bytewise);
    assert_string_equal(whole, odd);
    free(whole);
    free(bytewise);
    free(odd);
}

/* ---------------------------------------------------- hand-built models */

#define TXT(lit) ((ptc_text){{(lit), sizeof(lit) - 1}, {1, 1}})
#define NONE ((ptc_text){{NULL, 0}, {0, 0}})

static ptc_indicator make_indicator(ptc_text *path, size_t path_len, ptc_text name, ptc_text value,
                                    ptc_text unit) {
    ptc_indicator ind = {0};
    ind.path = path;
    ind.path_len = path_len;
    ind.name = name;
    ind.value.text = value;
    ind.unit = unit;
    return ind;
}

static void test_ids_unique_with_odd_numbering(void **state) {
    (void)state;
    ptc_table tables[4] = {0};
    tables[0].seq = (ptc_opt_int){true, 1};
    tables[1].seq = (ptc_opt_int){true, 1};  /* numbered twice */
    tables[2].seq = (ptc_opt_int){false, 0}; /* no number: its ordinal, 3 */
    tables[3].seq = (ptc_opt_int){true, 3};  /* clashes with the ordinal above */
    for (size_t i = 0; i < 4; i++) tables[i].project_name = TXT("项目");
    ptc_document docs[2] = {{.source = {"a", 1}, .title = TXT("甲"), .tables = tables, .tables_len = 4},
                            {.source = {"b", 1}, .title = TXT("乙"), .tables = tables, .tables_len = 1}};
    char *out = render(docs, 2, NULL);
    const char *ids[] = {"d1-t1", "d1-t1-2", "d1-t3", "d1-t3-4", "d2-t1"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, " id=\"%s\"", ids[i]);
        assert_int_equal(ptc_test_count(out, want), 1);
        snprintf(want, sizeof want, "<a href=\"#%s\">", ids[i]);
        assert_int_equal(ptc_test_count(out, want), 1);
    }
    assert_int_equal(ptc_test_count(out, "<!DOCTYPE html>"), 1);
    assert_int_equal(ptc_test_count(out, "<article class=\"ptc-document\""), 2);
    assert_int_equal(ptc_test_count(out, "<nav class=\"ptc-toc\""), 2);
    /* The page takes the first document's title. */
    assert_true(contains(out, "<title>甲</title>"));
    assert_true(contains(out, "<h1>乙</h1>"));
    free(out);
}

static void test_empty_stream_is_a_page(void **state) {
    (void)state;
    char *out = render(NULL, 0, NULL);
    assert_true(contains(out, "<title>ptconv</title>"));
    assert_true(contains(out, "<main>\n</main>\n</body>\n</html>\n"));
    free(out);
    ptc_emit_options f = {.fragment = true};
    out = render(NULL, 0, &f);
    assert_string_equal(out, "");
    free(out);
}

static void test_default_header_and_paragraphs(void **state) {
    (void)state;
    ptc_text p1[3] = {TXT("产出"), TXT("项目产出"), TXT("数量指标")};
    ptc_text p2[3] = {TXT("产出"), TXT("项目产出"), TXT("质量指标")};
    ptc_indicator inds[2] = {make_indicator(p1, 3, TXT("a\nb"), TXT("1"), TXT("个")),
                             make_indicator(p2, 3, TXT("c"), TXT("2"), TXT(""))};
    ptc_field fields[1] = {{TXT("联系人"), TXT("张三")}};
    ptc_table t = {.seq = {true, 9},
                   .title = NONE,
                   .annual_goal = TXT("第一段\n\n第二段\x01\xC2\x85"),
                   .indicators = inds,
                   .indicators_len = 2,
                   .fields = fields,
                   .fields_len = 1};
    ptc_arena *arena = ptc_arena_new();
    assert_non_null(arena);
    assert_int_equal(ptc_table_compute_rowspans(arena, &t), 0);
    ptc_document d = {.source = {"-", 1}, .title = NONE, .tables = &t, .tables_len = 1};
    ptc_emit_options f = {.fragment = true};
    char *out = render(&d, 1, &f);
    ptc_arena_free(arena);
    /* No header row in the model: the official form's. */
    assert_true(contains(out, "<tr class=\"ptc-head\"><th>一级指标</th><th>二级指标</th><th>三级指标</th>"
                              "<th>四级指标</th><th>指标值</th><th>计量单位</th></tr>\n"));
    /* No title in the table nor its document: the family's neutral name,
       marked; never an invented form title. */
    assert_true(contains(out, "<h2 class=\"ptc-untitled\"><span class=\"ptc-seq\">9、</span>绩效目标表</h2>"));
    assert_false(contains(out, "批复表"));
    /* Paragraphs, the empty one left out; C0 and C1 controls replaced. */
    assert_true(contains(out, "<p>第一段</p><p>第二段\xEF\xBF\xBD\xEF\xBF\xBD</p>"));
    assert_true(control_free(out));
    assert_true(contains(out, "<td class=\"ptc-name\">a<br>b</td>"));
    assert_true(contains(out, "<td class=\"ptc-cat\" rowspan=\"2\">产出</td><td class=\"ptc-cat\" rowspan=\"2\">项目产出</td>"));
    assert_true(contains(out, "<tr><th>联系人</th><td colspan=\"5\">张三</td></tr>"));
    /* Absent cells have no row; no applicant, no year line. */
    assert_false(contains(out, "项目名称"));
    assert_false(contains(out, "ptc-applicant"));
    assert_false(contains(out, "ptc-year"));
    free(out);
}

static ptc_column_role canonical_roles[6] = {PTC_COL_LEVEL, PTC_COL_LEVEL, PTC_COL_LEVEL,
                                             PTC_COL_NAME,  PTC_COL_VALUE, PTC_COL_UNIT};

/* A header whose extra columns come first, as in a department-level table:
   绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 (no unit column), plus a
   cell beyond the header kept as "#7". Only equal outer levels merge. */
static void test_layout_with_extra_columns(void **state) {
    (void)state;
    ptc_text columns[5] = {TXT("绩效指标"), TXT("一级指标"), TXT("二级指标"), TXT("三级指标"), TXT("指标值")};
    ptc_text pa[2] = {TXT("产出指标"), TXT("数量指标")};
    ptc_text pb[2] = {TXT("效益指标"), TXT("数量指标")}; /* same inner level, other outer */
    ptc_field ea[1] = {{TXT("绩效指标"), TXT("x")}};
    ptc_field eb[2] = {{TXT("绩效指标"), TXT("y")}, {TXT("#7"), TXT("beyond")}};
    ptc_indicator inds[2] = {make_indicator(pa, 2, TXT("甲"), TXT("1"), TXT("")),
                             make_indicator(pb, 2, TXT("乙"), TXT("2"), TXT(""))};
    inds[0].extra = ea;
    inds[0].extra_len = 1;
    inds[1].extra = eb;
    inds[1].extra_len = 2;
    ptc_column_role roles[5] = {PTC_COL_EXTRA, PTC_COL_LEVEL, PTC_COL_LEVEL, PTC_COL_NAME, PTC_COL_VALUE};
    ptc_table t = {.seq = {true, 1}, .indicators = inds, .indicators_len = 2, .columns = cols_of(columns, roles, 5), .columns_len = 5};
    ptc_document d = {.source = {"-", 1}, .tables = &t, .tables_len = 1};
    ptc_emit_options f = {.fragment = true};
    char *out = render(&d, 1, &f);
    /* Columns as written, then the two beyond the header (6th empty, 7th the kept cell). */
    assert_true(contains(out, "<tr class=\"ptc-head\"><th>绩效指标</th><th>一级指标</th><th>二级指标</th>"
                              "<th>三级指标</th><th>指标值</th><th></th><th></th></tr>\n"));
    assert_true(contains(out, "<tr><td>x</td><td class=\"ptc-cat\">产出指标</td><td class=\"ptc-cat\">数量指标</td>"
                              "<td class=\"ptc-name\">甲</td><td class=\"ptc-value\">1</td><td></td><td></td></tr>\n"));
    assert_true(contains(out, "<tr><td>y</td><td class=\"ptc-cat\">效益指标</td><td class=\"ptc-cat\">数量指标</td>"
                              "<td class=\"ptc-name\">乙</td><td class=\"ptc-value\">2</td><td></td><td>beyond</td></tr>\n"));
    assert_false(contains(out, "rowspan"));
    /* Seven columns wide: label values span six. */
    assert_true(contains(out, "<th class=\"ptc-section\" colspan=\"7\">年度绩效指标</th>"));
    assert_false(contains(out, "ptc-w6"));
    assert_int_equal(ptc_test_count(out, "<col>"), 7);
    free(out);
}

/* A row that does not fit the table's header (other path depth) is written
   in model order, its extras' header text in a title attribute. */
static void test_row_outside_layout(void **state) {
    (void)state;
    ptc_text columns[6] = {TXT("一级指标"), TXT("二级指标"), TXT("三级指标"), TXT("四级指标"), TXT("指标值"), TXT("计量单位")};
    ptc_text p3[3] = {TXT("产出"), TXT("项目产出"), TXT("数量指标")};
    ptc_text p1[1] = {TXT("效果")};
    ptc_field e[1] = {{TXT("备\"注'"), TXT("z")}};
    ptc_indicator inds[3] = {make_indicator(p3, 3, TXT("a"), TXT("1"), TXT("个")),
                             make_indicator(p1, 1, TXT("b"), TXT("2"), TXT("次")),
                             make_indicator(p3, 3, TXT("c"), TXT("3"), TXT("个"))};
    inds[1].extra = e;
    inds[1].extra_len = 1;
    ptc_table t = {.seq = {true, 1}, .indicators = inds, .indicators_len = 3, .columns = cols_of(columns, canonical_roles, 6), .columns_len = 6};
    ptc_document d = {.source = {"-", 1}, .tables = &t, .tables_len = 1};
    ptc_emit_options f = {.fragment = true};
    char *out = render(&d, 1, &f);
    assert_true(contains(out, "<tr><td class=\"ptc-cat\">效果</td><td class=\"ptc-name\">b</td><td class=\"ptc-value\">2</td>"
                              "<td class=\"ptc-unit\">次</td><td title=\"备&quot;注&#39;\">z</td><td></td></tr>\n"));
    /* Rows on either side do not merge across it. */
    assert_false(contains(out, "rowspan"));
    assert_int_equal(ptc_test_count(out, "<td class=\"ptc-cat\">产出</td>"), 2);
    free(out);
}

/* A cell claimed far beyond the header is not dropped: its row is written in
   model order instead of widening the form to thousands of columns. */
static void test_cell_far_beyond_header_kept(void **state) {
    (void)state;
    ptc_text columns[6] = {TXT("一级指标"), TXT("二级指标"), TXT("三级指标"), TXT("四级指标"), TXT("指标值"), TXT("计量单位")};
    ptc_text p3[3] = {TXT("产出"), TXT("项目产出"), TXT("数量指标")};
    ptc_field e[1] = {{TXT("#9999"), TXT("far")}};
    ptc_indicator ind = make_indicator(p3, 3, TXT("a"), TXT("1"), TXT("个"));
    ind.extra = e;
    ind.extra_len = 1;
    ptc_table t = {.seq = {true, 1}, .indicators = &ind, .indicators_len = 1, .columns = cols_of(columns, canonical_roles, 6), .columns_len = 6};
    ptc_document d = {.source = {"-", 1}, .tables = &t, .tables_len = 1};
    ptc_emit_options f = {.fragment = true};
    char *out = render(&d, 1, &f);
    assert_true(contains(out, "<td class=\"ptc-unit\">个</td><td title=\"#9999\">far</td></tr>"));
    assert_int_equal(ptc_test_count(out, "<col>"), 7);
    free(out);
}

static void test_diagnostics_follow_their_form(void **state) {
    (void)state;
    ptc_table tables[2] = {{.seq = {true, 1}, .lines = {10, 20}}, {.seq = {true, 2}, .lines = {21, 30}}};
    ptc_diag diags[3] = {{PTC_SEV_ERROR, "bad-<code>", {25, 3}, {"in <two>", 8}},
                         {PTC_SEV_WARNING, "w", {12, 0}, {"in one", 6}},
                         {PTC_SEV_NOTE, "n", {0, 0}, {"whole", 5}}};
    ptc_document d = {.source = {"-", 1}, .tables = tables, .tables_len = 2, .diags = diags, .diags_len = 3};
    char *out = render(&d, 1, NULL);
    char *one = ptc_test_between(out, "id=\"d1-t1\"", "</section>");
    char *two = ptc_test_between(out, "id=\"d1-t2\"", "</section>");
    assert_true(contains(one, "<li class=\"ptc-warning\">12:1: warning: in one [w]</li>"));
    assert_true(contains(two, "<li class=\"ptc-error\">25:3: error: in &lt;two&gt; [bad-&lt;code&gt;]</li>"));
    assert_true(contains(out, "</section>\n<ul class=\"ptc-diagnostics\">\n<li class=\"ptc-note\">note: whole [n]</li>\n</ul>\n</article>"));
    assert_int_equal(ptc_test_count(out, "<li class=\"ptc-"), 3);
    free(one);
    free(two);
    free(out);
}


/* The model's columns place every cell: levels by `level` (here the header
   lists 二级 before 一级), extras by `key` (a repeated header 备注 is keyed
   备注#6), the comparator column shows the value's comparator, and a
   category row without indicator is drawn in its place by line. */
static void test_columns_categories_comparator(void **state) {
    (void)state;
    ptc_column cols[7] = {
        {.header = TXT("二级指标"), .role = PTC_COL_LEVEL, .level = 2, .key = {"level", 5}},
        {.header = TXT("一级指标"), .role = PTC_COL_LEVEL, .level = 1, .key = {"level", 5}},
        {.header = TXT("指标名称"), .role = PTC_COL_NAME, .key = {"name", 4}},
        {.header = TXT("指标性质"), .role = PTC_COL_COMPARATOR, .key = {"comparator", 10}},
        {.header = TXT("指标值"), .role = PTC_COL_VALUE, .key = {"value", 5}},
        {.header = TXT("备注"), .role = PTC_COL_EXTRA, .key = {"备注", 6}},
        {.header = TXT("备注"), .role = PTC_COL_EXTRA, .key = {"备注#6", 8}},
    };
    ptc_text pa[2] = {TXT("产出"), TXT("数量指标")};
    ptc_text pb[2] = {TXT("效果"), TXT("社会效益")};
    ptc_text pc[2] = {TXT("效果"), TXT("经济效益指标")};
    ptc_field ea[2] = {{TXT("备注#6"), TXT("second"), {"备注#6", 8}}, {TXT("备注"), TXT("first"), {"备注", 6}}};
    ptc_indicator inds[2] = {make_indicator(pa, 2, TXT("人数"), TXT("10"), TXT("")),
                             make_indicator(pb, 2, TXT("满意度"), TXT("90"), TXT(""))};
    inds[0].value.comparator = PTC_CMP_GE;
    inds[0].extra = ea;
    inds[0].extra_len = 2;
    inds[0].line = 10;
    inds[1].line = 12;
    ptc_category cats[1] = {{pc, 2, 11}};
    ptc_table t = {.seq = {true, 1}, .indicators = inds, .indicators_len = 2, .columns = cols,
                   .columns_len = 7, .categories = cats, .categories_len = 1};
    ptc_document d = {.source = {"-", 1}, .tables = &t, .tables_len = 1};
    ptc_emit_options f = {.fragment = true};
    char *out = render(&d, 1, &f);
    const char *first = "<tr><td class=\"ptc-cat\">数量指标</td><td class=\"ptc-cat\">产出</td>"
                        "<td class=\"ptc-name\">人数</td><td class=\"ptc-cmp\">&gt;=</td>"
                        "<td class=\"ptc-value\">10</td><td>first</td><td>second</td></tr>\n";
    const char *category = "<tr class=\"ptc-category\"><td class=\"ptc-cat\">经济效益指标</td>"
                           "<td class=\"ptc-cat\">效果</td><td></td><td></td><td></td><td></td><td></td></tr>\n";
    const char *last = "<tr><td class=\"ptc-cat\">社会效益</td><td class=\"ptc-cat\">效果</td>"
                       "<td class=\"ptc-name\">满意度</td><td class=\"ptc-cmp\"></td>"
                       "<td class=\"ptc-value\">90</td><td></td><td></td></tr>\n";
    assert_true(contains(out, first));
    assert_true(contains(out, category));
    assert_true(contains(out, last));
    assert_true(strstr(out, first) < strstr(out, category) && strstr(out, category) < strstr(out, last));
    assert_true(contains(out, "<tr class=\"ptc-head\"><th>二级指标</th><th>一级指标</th><th>指标名称</th>"
                              "<th>指标性质</th><th>指标值</th><th>备注</th><th>备注</th></tr>\n"));
    assert_false(contains(out, "rowspan")); /* no rowspans in the model: no merges */
    free(out);
}

/* Merges come from the model's rowspans, as the parser's rule sets them:
   equal cells under equal outer cells merge, never across a change of an
   outer level (产出|数量指标 then 效益|数量指标) or a category row. */
static void test_rowspans_from_the_model(void **state) {
    (void)state;
    ptc_text p1[2] = {TXT("产出"), TXT("数量指标")};
    ptc_text p2[2] = {TXT("产出"), TXT("数量指标")};
    ptc_text p3[2] = {TXT("效益"), TXT("数量指标")};
    ptc_text p4[2] = {TXT("效益"), TXT("数量指标")};
    ptc_text cp[2] = {TXT("效益"), TXT("经济效益指标")};
    ptc_indicator inds[4] = {make_indicator(p1, 2, TXT("a"), TXT("1"), TXT("")),
                             make_indicator(p2, 2, TXT("b"), TXT("2"), TXT("")),
                             make_indicator(p3, 2, TXT("c"), TXT("3"), TXT("")),
                             make_indicator(p4, 2, TXT("d"), TXT("4"), TXT(""))};
    for (uint32_t i = 0; i < 4; i++) inds[i].line = 10 + 2 * i; /* 10 12 14 16 */
    ptc_category cats[1] = {{cp, 2, 15}}; /* between c and d */
    ptc_table t = {.seq = {true, 1}, .indicators = inds, .indicators_len = 4,
                   .categories = cats, .categories_len = 1};
    ptc_arena *arena = ptc_arena_new();
    assert_non_null(arena);
    assert_int_equal(ptc_table_compute_rowspans(arena, &t), 0);
    ptc_document d = {.source = {"-", 1}, .tables = &t, .tables_len = 1};
    ptc_emit_options f = {.fragment = true};
    char *out = render(&d, 1, &f);
    assert_true(contains(out, "<tr><td class=\"ptc-cat\" rowspan=\"2\">产出</td>"
                              "<td class=\"ptc-cat\" rowspan=\"2\">数量指标</td><td class=\"ptc-name\">a</td>"));
    assert_true(contains(out, "<tr><td class=\"ptc-name\">b</td>"));
    /* 效益's 数量指标 starts its own cell; the category row ends the run */
    assert_true(contains(out, "<tr><td class=\"ptc-cat\">效益</td><td class=\"ptc-cat\">数量指标</td>"
                              "<td class=\"ptc-name\">c</td>"));
    assert_true(contains(out, "<tr><td class=\"ptc-cat\">效益</td><td class=\"ptc-cat\">数量指标</td>"
                              "<td class=\"ptc-name\">d</td>"));
    assert_int_equal(ptc_test_count(out, "rowspan="), 2);
    free(out);

    /* Rowspans that do not fit the rows (a merge running past the block)
       are not drawn: the grid stays rectangular. */
    inds[2].rowspan[0] = 5;
    out = render(&d, 1, &f);
    assert_false(contains(out, "rowspan"));
    assert_int_equal(ptc_test_count(out, "<td class=\"ptc-cat\">产出</td>"), 2);
    free(out);
    ptc_arena_free(arena);
}

/* A label column (the block's 年度绩效指标) is one header cell spanning the
   header row and every row of the block, indicators and categories. */
static void test_label_column_spans_block(void **state) {
    (void)state;
    ptc_column cols[4] = {
        {.header = TXT("年度绩效指标"), .role = PTC_COL_LABEL, .key = {"label", 5}},
        {.header = TXT("一级指标"), .role = PTC_COL_LEVEL, .level = 1, .key = {"level", 5}},
        {.header = TXT("指标名称"), .role = PTC_COL_NAME, .key = {"name", 4}},
        {.header = TXT("指标值"), .role = PTC_COL_VALUE, .key = {"value", 5}},
    };
    ptc_text pa[1] = {TXT("产出")};
    ptc_text pc[1] = {TXT("效果")};
    ptc_indicator inds[2] = {make_indicator(pa, 1, TXT("a"), TXT("1"), TXT("")),
                             make_indicator(pa, 1, TXT("b"), TXT("2"), TXT(""))};
    inds[0].line = 1;
    inds[1].line = 2;
    ptc_category cats[1] = {{pc, 1, 3}};
    ptc_table t = {.indicators = inds, .indicators_len = 2, .columns = cols, .columns_len = 4,
                   .categories = cats, .categories_len = 1};
    ptc_document d = {.source = {"-", 1}, .tables = &t, .tables_len = 1};
    ptc_emit_options f = {.fragment = true};
    char *out = render(&d, 1, &f);
    assert_true(contains(out, "<tr class=\"ptc-head\"><th class=\"ptc-label\" rowspan=\"4\">年度绩效指标</th>"
                              "<th>一级指标</th><th>指标名称</th><th>指标值</th><th colspan=\"2\"></th></tr>\n"));
    assert_true(contains(out, "<tr><td class=\"ptc-cat\">产出</td><td class=\"ptc-name\">a</td>"
                              "<td class=\"ptc-value\">1</td><td colspan=\"2\"></td></tr>\n"));
    assert_true(contains(out, "<tr class=\"ptc-category\"><td class=\"ptc-cat\">效果</td><td></td><td></td>"
                              "<td colspan=\"2\"></td></tr>\n"));
    free(out);
}

/* The document's narrative text, escaped, one paragraph per line, before
   the unit list. */
static void test_document_text_escaped(void **state) {
    (void)state;
    ptc_unit units[1] = {{{true, 1}, TXT("单位"), {true, 1}, 3}};
    ptc_document d = {.source = {"-", 1}, .title = TXT("标题"), .units = units, .units_len = 1,
                      .text = TXT("绩效目标表如下：\n<script>alert(1)</script>&")};
    char *out = render(&d, 1, NULL);
    assert_true(contains(out, "<div class=\"ptc-text\"><p>绩效目标表如下：</p>"
                              "<p>&lt;script&gt;alert(1)&lt;/script&gt;&amp;</p></div>\n<ol class=\"ptc-units\">"));
    assert_false(contains_nocase(out, "<script"));
    free(out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_text_is_escaped),
        cmocka_unit_test(test_hostile_source_in_attribute),
        cmocka_unit_test(test_hostile_fragment),
        cmocka_unit_test(test_fragment_has_only_the_forms),
        cmocka_unit_test(test_page_skeleton),
        cmocka_unit_test(test_title_option_escaped),
        cmocka_unit_test(test_css_cannot_close_style),
        cmocka_unit_test(test_css_href_escaped),
        cmocka_unit_test(test_template_placeholders),
        cmocka_unit_test(test_cli_template_and_css_files),
        cmocka_unit_test(test_seed_merged_category_cells),
        cmocka_unit_test(test_seed_toc_links_match_ids),
        cmocka_unit_test(test_chunking_does_not_change_output),
        cmocka_unit_test(test_ids_unique_with_odd_numbering),
        cmocka_unit_test(test_empty_stream_is_a_page),
        cmocka_unit_test(test_default_header_and_paragraphs),
        cmocka_unit_test(test_layout_with_extra_columns),
        cmocka_unit_test(test_row_outside_layout),
        cmocka_unit_test(test_cell_far_beyond_header_kept),
        cmocka_unit_test(test_diagnostics_follow_their_form),
        cmocka_unit_test(test_columns_categories_comparator),
        cmocka_unit_test(test_rowspans_from_the_model),
        cmocka_unit_test(test_label_column_spans_block),
        cmocka_unit_test(test_document_text_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

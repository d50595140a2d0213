/*
 * Keeping documents and reading JSON back: ptc_document_copy (a copy
 * outlives the callback and the parser; every format written from it
 * equals the original's), ptc_document_free, and ptc_json_read (the seed's
 * JSON read back writes the same bytes; errors are diagnostics with a
 * position; the callback can stop it). Run under ASan/valgrind by the CI
 * scripts like every unit test.
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

typedef struct kept {
    ptc_document *docs[8];
    size_t n;
} kept;

static int keep(const ptc_document *doc, void *ud) {
    kept *k = ud;
    if (k->n == 8) return 1;
    k->docs[k->n] = ptc_document_copy(doc);
    return k->docs[k->n++] == NULL;
}

/* Counts *limit down; stops at 0. */
static int count(const ptc_document *doc, void *ud) {
    int *limit = ud;
    (void)doc;
    return --*limit <= 0;
}

static void free_kept(kept *k) {
    for (size_t i = 0; i < k->n; i++) ptc_document_free(k->docs[i]);
    k->n = 0;
}

/* The documents written with `format`, malloc'd and NUL-terminated. */
static char *emit(ptc_document *const *docs, size_t n, const char *format, size_t *len) {
    const ptc_emitter *e = ptc_emitter_find(format);
    assert_non_null(e);
    ptc_sink *s = ptc_sink_memory();
    ptc_emit_options none = {0};
    void *st = e->open(s, &none);
    assert_non_null(st);
    for (size_t i = 0; i < n; i++) assert_int_equal(e->document(st, docs[i]), 0);
    assert_int_equal(e->close(st, true), 0);
    size_t got;
    const char *data = ptc_sink_memory_data(s, &got);
    char *out = malloc(got + 1);
    assert_non_null(out);
    memcpy(out, data, got);
    out[got] = '\0';
    ptc_sink_free(s);
    *len = got;
    return out;
}

static char *seed(size_t *len) {
    char *text = ptc_test_read_file(ptc_test_fixture("seed.txt"), len);
    assert_non_null(text);
    return text;
}

static void copy_outlives_parser(void **state) {
    (void)state;
    static const char *const formats[] = {"json", "jsonl", "xml", "html", "csv", "text"};
    size_t len;
    char *text = seed(&len);
    kept k = {0};
    /* fed in small chunks: the parser reuses its buffers meanwhile */
    assert_int_equal(ptc_test_parse(text, len, 777, keep, &k), PTC_OK);
    assert_int_equal(k.n, 1);
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        size_t want_len, got_len;
        char *want = ptc_test_convert(text, len, 0, "-", formats[f], NULL, &want_len);
        assert_non_null(want);
        char *got = emit(k.docs, 1, formats[f], &got_len);
        assert_int_equal(got_len, want_len);
        assert_memory_equal(got, want, want_len);
        free(want);
        free(got);
    }
    /* a copy of a copy, then the first freed: the second stands alone */
    ptc_document *second = ptc_document_copy(k.docs[0]);
    assert_non_null(second);
    size_t a_len, b_len;
    char *a = emit(k.docs, 1, "json", &a_len);
    free_kept(&k);
    char *b = emit(&second, 1, "json", &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    assert_ptr_not_equal(second->tables[0].indicators[0].name.str.s, NULL);
    ptc_document_free(second);
    ptc_document_free(NULL);
    assert_null(ptc_document_copy(NULL));
    free(a);
    free(b);
    free(text);
}

/* Grids, goal items and labels live in the document's arena too: a copy
   must not point into the original's. */
static void copy_owns_grids_goals_labels(void **state) {
    (void)state;
    static const char text[] =
        "2024年市级部门整体预算绩效目标表\n"
        "部门名称\t某局\n"
        "预算整体情况\t部门预算支出\t预算金额（万元）\n"
        "\t基本支出\t12\n"
        "总体绩效目标\t\"目标1：甲。\n目标2：乙。\"\n";
    kept k = {0};
    assert_int_equal(ptc_test_parse(text, sizeof text - 1, 5, keep, &k), PTC_OK);
    assert_int_equal(k.n, 1);
    const ptc_table *t = &k.docs[0]->tables[0];
    assert_int_equal(t->grids_len, 1);
    assert_int_equal(t->goal_items_len, 2);
    assert_true(t->labels_len >= 2);
    ptc_document *copy = ptc_document_copy(k.docs[0]);
    assert_non_null(copy);
    const ptc_table *c = &copy->tables[0];
    assert_ptr_not_equal(c->grids, t->grids);
    assert_ptr_not_equal(c->grids[0].rows[1].cells[1].str.s, t->grids[0].rows[1].cells[1].str.s);
    assert_ptr_not_equal(c->goal_items[1].text.str.s, t->goal_items[1].text.str.s);
    assert_ptr_not_equal(c->labels[0].label.str.s, t->labels[0].label.str.s);
    size_t a_len, b_len;
    char *a = emit(k.docs, 1, "json", &a_len);
    free_kept(&k);
    char *b = emit(&copy, 1, "json", &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    assert_non_null(strstr(b, "\"goal_items\""));
    ptc_document_free(copy);
    free(a);
    free(b);
}

static void json_reads_back(void **state) {
    (void)state;
    size_t len, json_len;
    char *text = seed(&len);
    char *json = ptc_test_convert(text, len, 0, "seed.txt", "json", NULL, &json_len);
    assert_non_null(json);
    kept k = {0};
    char err[256] = "x";
    assert_int_equal(ptc_json_read(json, json_len, false, "in.json", 1, keep, &k, err, sizeof err),
                     PTC_OK);
    assert_string_equal(err, "");
    assert_int_equal(k.n, 1);
    const ptc_document *d = k.docs[0];
    assert_int_equal(d->source.len, 8);
    assert_memory_equal(d->source.s, "seed.txt", 8);
    assert_true(d->tables_len > 5);
    assert_true(d->tables[0].indicators[0].line > 0);
    size_t back_len;
    char *back = emit(k.docs, 1, "json", &back_len);
    assert_int_equal(back_len, json_len);
    assert_memory_equal(back, json, json_len);
    free(back);
    free_kept(&k);

    /* one jsonl line */
    size_t line_len;
    char *line = ptc_test_convert(text, len, 0, "seed.txt", "jsonl", NULL, &line_len);
    assert_non_null(line);
    assert_int_equal(ptc_json_read(line, line_len, true, "in.jsonl", 7, keep, &k, err, sizeof err), PTC_OK);
    assert_int_equal(k.n, 1);
    free_kept(&k);
    /* the wrapper is not a document */
    assert_int_equal(ptc_json_read(json, json_len, true, "in.jsonl", 7, keep, &k, err, sizeof err),
                     PTC_ERR_JSON);
    assert_string_equal(err, "in.jsonl:7:1: error: the key \"source\" is missing [json-schema]");
    /* the callback stops the reading */
    static const char two[] = "{\"format\":\"ptconv\",\"version\":1,\"documents\":[";
    char *both = malloc(json_len * 2 + 64);
    assert_non_null(both);
    const char *doc_start = strstr(json, "\n    {");
    const char *doc_end = strrchr(json, ']');
    assert_non_null(doc_start);
    size_t dn = (size_t)(doc_end - doc_start);
    int n = sprintf(both, "%s%.*s,%.*s]}", two, (int)dn, doc_start, (int)dn, doc_start);
    int limit = 5;
    assert_int_equal(ptc_json_read(both, (size_t)n, false, NULL, 1, count, &limit, NULL, 0), PTC_OK);
    assert_int_equal(limit, 3);
    limit = 1; /* stop after the first */
    assert_int_equal(ptc_json_read(both, (size_t)n, false, NULL, 1, count, &limit, err, sizeof err),
                     PTC_ERR_STOPPED);
    assert_int_equal(limit, 0);
    free(both);
    free(line);
    free(json);
    free(text);
}

static void json_errors(void **state) {
    (void)state;
    static const struct {
        const char *json, *err;
    } cases[] = {
        {"", "t:1:1: error: unexpected token near end of file [json-syntax]"},
        {"{\"format\":\"ptconv\",\n \"version\":1,\n \"documents\":[1]}",
         "t:3:15: error: documents[0]: expected an object, not an integer [json-schema]"},
        {"{\"format\":\"ptconv\",\"version\":1,\"documents\":{}}",
         "t:1:44: error: documents: expected an array, not an object [json-schema]"},
        {"{\"format\":\"ptconv\",\"version\":1.0,\"documents\":[]}",
         "t:1:30: error: version: expected an integer, not a number [json-schema]"},
        {"{\"format\":\"ptconv\",\"version\":1,\"documents\":[],\"x\":0}",
         "t:1:51: error: x: unknown key \"x\" [json-schema]"},
        {"\"ptconv\"", "t:1:1: error: expected an object, not a string [json-schema]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kept k = {0};
        char err[256];
        assert_int_equal(ptc_json_read(cases[i].json, strlen(cases[i].json), false, "t", 1, keep,
                                       &k, err, sizeof err),
                         PTC_ERR_JSON);
        assert_string_equal(err, cases[i].err);
        assert_int_equal(k.n, 0);
    }
    /* a short err buffer is cut, still terminated */
    char small[8];
    assert_int_equal(ptc_json_read("[", 1, false, "t", 1, keep, NULL, small, sizeof small), PTC_ERR_JSON);
    assert_int_equal(strlen(small), 7);
}

/* A path and its inherited/rowspan lists must agree (the schema cannot say so). */
static void json_lists_agree(void **state) {
    (void)state;
    size_t len, json_len;
    char *text = seed(&len);
    char *json = ptc_test_convert(text, len, 0, "seed.txt", "jsonl", NULL, &json_len);
    assert_non_null(json);
    char *p = strstr(json, "\"inherited\":[false,");
    assert_non_null(p);
    memmove(p + 13, p + 19, json_len - (size_t)(p + 19 - json) + 1); /* drop one entry */
    kept k = {0};
    char err[256];
    assert_int_equal(ptc_json_read(json, strlen(json), true, "t", 1, keep, &k, err, sizeof err),
                     PTC_ERR_JSON);
    assert_non_null(strstr(err, "inherited: 2 entries for a path of 3 [json-schema]"));
    free(json);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copy_outlives_parser),
        cmocka_unit_test(copy_owns_grids_goals_labels),
        cmocka_unit_test(json_reads_back),
        cmocka_unit_test(json_errors),
        cmocka_unit_test(json_lists_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for model/rowspan.c, the one rule by which category cells
 * merge on the published form (ptc_table_compute_rowspans).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "model/model.h"

#define TXT(lit) ((ptc_text){{(lit), sizeof(lit) - 1}, {1, 1}})

static ptc_indicator row(ptc_text *path, size_t len, uint32_t line) {
    ptc_indicator ind = {0};
    ind.path = path;
    ind.path_len = len;
    ind.line = line;
    return ind;
}

static void spans_equal(const ptc_indicator *ind, const uint32_t *want, size_t n) {
    assert_non_null(ind->rowspan);
    for (size_t k = 0; k < n; k++) assert_int_equal(ind->rowspan[k], want[k]);
}

/* 产出/项目产出 over three rows, 数量指标 over two; then 效果. */
static void test_runs_nest(void **state) {
    (void)state;
    ptc_text a[3] = {TXT("产出"), TXT("项目产出"), TXT("数量指标")};
    ptc_text b[3] = {TXT("产出"), TXT("项目产出"), TXT("数量指标")};
    ptc_text c[3] = {TXT("产出"), TXT("项目产出"), TXT("质量指标")};
    ptc_text d[3] = {TXT("效果"), TXT("项目效益"), TXT("社会效益")};
    ptc_indicator inds[4] = {row(a, 3, 1), row(b, 3, 2), row(c, 3, 3), row(d, 3, 4)};
    ptc_table t = {.indicators = inds, .indicators_len = 4};
    ptc_arena *arena = ptc_arena_new();
    assert_int_equal(ptc_table_compute_rowspans(arena, &t), 0);
    spans_equal(&inds[0], (uint32_t[]){3, 3, 2}, 3);
    spans_equal(&inds[1], (uint32_t[]){0, 0, 0}, 3);
    spans_equal(&inds[2], (uint32_t[]){0, 0, 1}, 3);
    spans_equal(&inds[3], (uint32_t[]){1, 1, 1}, 3);
    ptc_arena_free(arena);
}

/* 产出|数量指标 then 效益|数量指标: the inner cells are equal, but the outer
   level changes between them, so nothing merges. */
static void test_no_merge_across_outer_change(void **state) {
    (void)state;
    ptc_text a[2] = {TXT("产出"), TXT("数量指标")};
    ptc_text b[2] = {TXT("效益"), TXT("数量指标")};
    ptc_indicator inds[2] = {row(a, 2, 1), row(b, 2, 2)};
    ptc_table t = {.indicators = inds, .indicators_len = 2};
    ptc_arena *arena = ptc_arena_new();
    assert_int_equal(ptc_table_compute_rowspans(arena, &t), 0);
    spans_equal(&inds[0], (uint32_t[]){1, 1}, 2);
    spans_equal(&inds[1], (uint32_t[]){1, 1}, 2);
    ptc_arena_free(arena);
}

/* A category row between two indicators (by line) breaks every run there;
   one before the first indicator or after the last breaks nothing. */
static void test_category_row_breaks_runs(void **state) {
    (void)state;
    ptc_text p[2] = {TXT("效果"), TXT("项目效益")};
    ptc_text q[2] = {TXT("效果"), TXT("项目效益")};
    ptc_text r[2] = {TXT("效果"), TXT("项目效益")};
    ptc_text cp[3] = {TXT("效果"), TXT("项目效益"), TXT("经济效益指标")};
    ptc_category cats[3] = {{cp, 3, 1}, {cp, 3, 4}, {cp, 3, 9}};
    ptc_indicator inds[3] = {row(p, 2, 2), row(q, 2, 3), row(r, 2, 5)};
    ptc_table t = {.indicators = inds, .indicators_len = 3, .categories = cats, .categories_len = 3};
    ptc_arena *arena = ptc_arena_new();
    assert_int_equal(ptc_table_compute_rowspans(arena, &t), 0);
    spans_equal(&inds[0], (uint32_t[]){2, 2}, 2);
    spans_equal(&inds[1], (uint32_t[]){0, 0}, 2);
    spans_equal(&inds[2], (uint32_t[]){1, 1}, 2);
    ptc_arena_free(arena);
}

/* Rows of another depth never merge with their neighbours; empty paths
   get no array. */
static void test_depth_change_and_empty_paths(void **state) {
    (void)state;
    ptc_text a[2] = {TXT("产出"), TXT("数量指标")};
    ptc_text b[1] = {TXT("产出")};
    ptc_indicator inds[3] = {row(a, 2, 1), row(b, 1, 2), row(NULL, 0, 3)};
    ptc_table t = {.indicators = inds, .indicators_len = 3};
    ptc_arena *arena = ptc_arena_new();
    assert_int_equal(ptc_table_compute_rowspans(arena, &t), 0);
    spans_equal(&inds[0], (uint32_t[]){1, 1}, 2);
    spans_equal(&inds[1], (uint32_t[]){1}, 1);
    assert_null(inds[2].rowspan);
    ptc_arena_free(arena);
}

/* The rule as written (mark merges, then count each level's runs) for
   random tables, some deeper than the one-pass count keeps heads for. */
static void reference_spans(const ptc_table *t, uint32_t **want) {
    size_t cat = 0;
    for (size_t i = 0; i < t->indicators_len; i++) {
        const ptc_indicator *ind = &t->indicators[i], *above = i ? &t->indicators[i - 1] : NULL;
        bool broken = false;
        while (cat < t->categories_len && t->categories[cat].line < ind->line) {
            broken |= i > 0 && t->categories[cat].line > above->line;
            cat++;
        }
        bool merges = above && !broken && above->path_len == ind->path_len;
        for (size_t k = 0; k < ind->path_len; k++) {
            merges = merges && ind->path[k].str.len == above->path[k].str.len &&
                     memcmp(ind->path[k].str.s, above->path[k].str.s, ind->path[k].str.len) == 0;
            want[i][k] = merges ? 0 : 1;
        }
    }
    for (size_t k = 0; k < 300; k++) {
        uint32_t *first = NULL;
        for (size_t i = 0; i < t->indicators_len; i++) {
            if (k >= t->indicators[i].path_len) first = NULL;
            else if (want[i][k] != 0) first = &want[i][k];
            else if (first) (*first)++;
        }
    }
}

static void test_random_tables(void **state) {
    (void)state;
    static const char *const words[] = {"产出", "效益", "数量指标"};
    enum { ROWS = 12, DEPTH = 300 };
    static ptc_text paths[ROWS][DEPTH];
    static uint32_t want_cells[ROWS][DEPTH];
    uint32_t *want[ROWS];
    unsigned seed = 12345;
    for (int round = 0; round < 400; round++) {
        ptc_indicator inds[ROWS];
        ptc_category cats[4];
        size_t ncats = 0;
        size_t deep = round % 4 == 0 ? DEPTH : 3;
        for (size_t i = 0; i < ROWS; i++) {
            seed = seed * 1103515245u + 12345u;
            size_t len = (seed >> 16) % 5 == 0 ? deep - 1 : deep;
            if ((seed >> 20) % 9 == 0) len = 0;
            for (size_t k = 0; k < len; k++) {
                seed = seed * 1103515245u + 12345u;
                const char *w = words[(seed >> 16) % 8 < 6 ? 0 : (seed >> 16) % 3];
                paths[i][k] = (ptc_text){{w, strlen(w)}, {1, 1}};
            }
            inds[i] = row(paths[i], len, (uint32_t)(2 * i + 2));
            want[i] = want_cells[i];
            if ((seed >> 24) % 6 == 0 && ncats < 4)
                cats[ncats++] = (ptc_category){paths[i], len, (uint32_t)(2 * i + 1)};
        }
        ptc_table t = {.indicators = inds, .indicators_len = ROWS, .categories = cats,
                       .categories_len = ncats};
        reference_spans(&t, want);
        ptc_arena *arena = ptc_arena_new();
        assert_int_equal(ptc_table_compute_rowspans(arena, &t), 0);
        for (size_t i = 0; i < ROWS; i++) {
            if (!inds[i].path_len) assert_null(inds[i].rowspan);
            else spans_equal(&inds[i], want[i], inds[i].path_len);
        }
        ptc_arena_free(arena);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_nest),
        cmocka_unit_test(test_no_merge_across_outer_change),
        cmocka_unit_test(test_category_row_breaks_runs),
        cmocka_unit_test(test_depth_change_and_empty_paths),
        cmocka_unit_test(test_random_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

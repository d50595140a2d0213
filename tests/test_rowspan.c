/*
 * Unit tests for model/rowspan.c, the one rule by which category cells
 * merge on the published form (ptc_table_compute_rowspans).
 */
#include <setjmp.h>
#include <stdarg.h>
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_nest),
        cmocka_unit_test(test_no_merge_across_outer_change),
        cmocka_unit_test(test_category_row_breaks_runs),
        cmocka_unit_test(test_depth_change_and_empty_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

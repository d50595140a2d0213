/* The lookup memo (ptc_rules_memo) gives the answers of the plain lookup:
   every built-in label and header with spacing, width and qualifier noise,
   random bytes (invalid UTF-8 too), every length up to and past the memo's
   limit, each cell looked up twice under every kind (a miss, then a hit),
   in a memo shared by all of them so that slots are overwritten. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/rules.h"
#include "tests/testutil.h"

static ptc_rules_memo memo;

/* Both lookups of s[0..len) under `kind`, plain and through the memo. */
static void same_answer(ptc_rule_kind kind, const char *s, size_t len) {
    char plain_buf[3 * 200 + 1], memo_buf[3 * 200 + 1];
    ptc_str pq, mq;
    const ptc_rule *want = ptc_rules_lookup_cell(ptc_rules_builtin(), kind, s, len, plain_buf, &pq);
    ptc_rules_cell c;
    ptc_rules_cell_init(&c, s, len, memo_buf, &memo);
    const ptc_rule *got = ptc_rules_lookup_prepared(ptc_rules_builtin(), kind, &c, &mq);
    assert_ptr_equal(want, got);
    assert_int_equal(pq.s != NULL, mq.s != NULL);
    if (pq.s) {
        assert_int_equal(pq.len, mq.len);
        assert_memory_equal(pq.s, mq.s, pq.len);
    }
}

static void twice_every_kind(const char *s, size_t len) {
    for (int round = 0; round < 2; round++)
        for (int k = PTC_RULE_FIELD; k <= PTC_RULE_FUNDS_SOURCE; k++) same_answer((ptc_rule_kind)k, s, len);
}

static void labels_and_noise(void **state) {
    (void)state;
    static const char *const cells[] = {
        "项目名称", "项 目 名 称", "项目名称：", "项目名称:", "主管部门", "预算执行单位", "项目类型", "项目期限",
        "项目资金申请（万元）", "项目资金 申请 (万元)", "项目资金申请(万元)", "项目资金 申请（万元）",
        "项目资金申请【万元】", "项目资金申请(亿元)", "项目资金申请()", "(万元)", "项目资金申请（万元",
        "一级指标", "二级指标", "三级指标", "四级指标", "指标值", "计量单位", "年度指标值", "指标值(50分)",
        "年度绩效指标", "项目绩效年度目标", "其他说明", "其他 说明", "预算整体情况", "财政拨款", "上年结转",
        "申报单位：淄博市人力资源和社会保障局（机关）", "ｐ１２", "项目名称　", "　项目名称", "：", "::", "a",
        "ab", "项", "项目", "项目名", "产出指标(50分)", "经济效益指标", "目标值", "实际完成值",
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) twice_every_kind(cells[i], strlen(cells[i]));
    /* a cell, then another in its slot, then the first again */
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        for (size_t j = 0; j < sizeof cells / sizeof cells[0]; j += 7) {
            twice_every_kind(cells[i], strlen(cells[i]));
            twice_every_kind(cells[j], strlen(cells[j]));
        }
}

/* Random cells: pieces of labels, brackets, spaces, full-width forms and
   stray bytes, of every length up to past PTC_RULES_MEMO_MAX. */
static void random_cells(void **state) {
    (void)state;
    static const char *const pieces[] = {"项目", "资金", "申请", "名称", "（", "）", "(", ")", "【", "】", "万元",
                                         " ", "　", "：", ":", "指标", "值", "ａ", "\xE9", "\x80", "一级", "\t"};
    const size_t np = sizeof pieces / sizeof pieces[0];
    uint64_t seed = 0x1234567u;
    char s[200];
    for (int iter = 0; iter < 20000; iter++) {
        size_t target = (size_t)(iter % (PTC_RULES_MEMO_MAX + 12)) + 1, len = 0;
        while (len < target) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const char *p = pieces[(seed >> 33) % np];
            size_t n = strlen(p);
            if (len + n > sizeof s) break;
            memcpy(s + len, p, n);
            len += n;
        }
        /* every alignment of the copy */
        char moved[216];
        size_t at = (size_t)iter % 16;
        memcpy(moved + at, s, len);
        twice_every_kind(moved + at, len);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(labels_and_noise),
        cmocka_unit_test(random_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for parsers/text.c: the normalisation rules of the JSON
 * contract (labels, category cells, free text) and the small helpers the
 * builder uses around them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/normalize.h"

typedef size_t (*norm_fn)(const char *s, size_t len, char *out);

/* Runs `fn` on `in` (length from strlen unless `len` is given) and checks the
   result byte for byte, including its length. The output buffer is 3x the
   input, as ptc_norm_label requires, plus a guard that must stay untouched. */
static void check_norm_len(norm_fn fn, const char *in, size_t len, const char *want) {
    size_t cap = 3 * len + 16;
    char *out = malloc(cap);
    assert_non_null(out);
    memset(out, '#', cap);
    size_t n = fn(in, len, out);
    assert_true(n <= 3 * len);
    if (n != strlen(want) || memcmp(out, want, n) != 0) {
        print_error("input   \"%.*s\"\nwant    \"%s\" (%zu bytes)\ngot     \"%.*s\" (%zu bytes)\n",
                    (int)len, in, want, strlen(want), (int)n, out, n);
        free(out);
        fail();
    }
    for (size_t i = n; i < cap; i++) assert_int_equal(out[i], '#');
    free(out);
}

static void check_norm(norm_fn fn, const char *in, const char *want) {
    check_norm_len(fn, in, strlen(in), want);
}

/* ------------------------------------------------------------ labels */

static void label_drops_whitespace_and_folds_brackets(void **state) {
    (void)state;
    check_norm(ptc_norm_label, "项目资金 申请 (万元)", "项目资金申请（万元）");
    check_norm(ptc_norm_label, "项目资金申请(万元)", "项目资金申请（万元）");
    check_norm(ptc_norm_label, "项目资金 申请（万元）", "项目资金申请（万元）");
    check_norm(ptc_norm_label, "其他 说明", "其他说明");
    check_norm(ptc_norm_label, "项目 期限", "项目期限");
    check_norm(ptc_norm_label, "申报单位:", "申报单位：");
    check_norm(ptc_norm_label, "申报单位：", "申报单位：");
}

static void label_drops_every_kind_of_whitespace(void **state) {
    (void)state;
    /* TAB, CR, LF, VT, FF, U+00A0 and U+3000 (ideographic space) */
    check_norm(ptc_norm_label, " \t项\r\n目\v\f名\xC2\xA0称\xE3\x80\x80 ", "项目名称");
    check_norm(ptc_norm_label, "\xE3\x80\x80\xE3\x80\x80", "");
    check_norm(ptc_norm_label, "", "");
}

static void label_keeps_other_characters(void **state) {
    (void)state;
    /* Only ( ) : are folded; [ ] and full-width forms pass unchanged. */
    check_norm(ptc_norm_label, "a[b]c（d）", "a[b]c（d）");
    /* A lone lead byte of U+3000 is not whitespace and is kept. */
    check_norm_len(ptc_norm_label, "\xE3\x80", 2, "\xE3\x80");
    check_norm(ptc_norm_label, "():", "（）：");
}

/* ------------------------------------------------------------ compact */

static void compact_drops_whitespace_only(void **state) {
    (void)state;
    check_norm(ptc_norm_compact, "社会公众或服务对 象满意度", "社会公众或服务对象满意度");
    check_norm(ptc_norm_compact, "数量 指标", "数量指标");
    check_norm(ptc_norm_compact, "\xE3\x80\x80产出\xC2\xA0\t", "产出");
    /* brackets are not folded in category cells */
    check_norm(ptc_norm_compact, "成本 (元)", "成本(元)");
    check_norm(ptc_norm_compact, "", "");
}

/* ------------------------------------------------------------ free text */

static void text_trims_and_collapses(void **state) {
    (void)state;
    check_norm(ptc_norm_text, "  满足出差需求，  完成工作任务。 ", "满足出差需求， 完成工作任务。");
    check_norm(ptc_norm_text, "a \t\xE3\x80\x80\xC2\xA0 b", "a b");
    check_norm(ptc_norm_text, "\r\n x \r\n", "x");
    check_norm(ptc_norm_text, "   ", "");
    check_norm(ptc_norm_text, "", "");
}

static void text_paragraph_tags_become_newlines(void **state) {
    (void)state;
    check_norm(ptc_norm_text, "<p>a</p><p>b</p>", "a\nb");
    check_norm(ptc_norm_text, "a<BR/>b", "a\nb");
    check_norm(ptc_norm_text, "a<br />b", "a\nb");
    check_norm(ptc_norm_text, "a<br>b", "a\nb");
    check_norm(ptc_norm_text, "a<P>b", "a\nb");
    /* a break absorbs the whitespace around it */
    check_norm(ptc_norm_text, "a </p> <p> b", "a\nb");
}

static void text_leading_and_trailing_tags_vanish(void **state) {
    (void)state;
    check_norm(ptc_norm_text, "<p>1、创业服务科：举办大赛</p>", "1、创业服务科：举办大赛");
    check_norm(ptc_norm_text, " <br> <p>x</p> <br/> ", "x");
    check_norm(ptc_norm_text, "<p></p>", "");
}

static void text_keeps_other_angle_brackets(void **state) {
    (void)state;
    check_norm(ptc_norm_text, "a < b", "a < b");
    check_norm(ptc_norm_text, "<script>alert(1)</script>", "<script>alert(1)</script>");
    check_norm(ptc_norm_text, "<pre>x", "<pre>x");
    check_norm(ptc_norm_text, "x<b", "x<b");
    check_norm(ptc_norm_text, "<", "<");
    check_norm(ptc_norm_text, "x<br", "x<br");
}

static void text_keeps_nul_and_controls(void **state) {
    (void)state;
    /* Hostile bytes are data: only whitespace is touched. */
    char out[8];
    size_t n = ptc_norm_text("a\0b\x01", 4, out);
    assert_int_equal(n, 4);
    assert_memory_equal(out, "a\0b\x01", 4);
}

/* ------------------------------------------------------------ helpers */

static void blank_recognises_whitespace_only(void **state) {
    (void)state;
    assert_true(ptc_is_blank("", 0));
    assert_true(ptc_is_blank(" \t\r\n", 4));
    assert_true(ptc_is_blank("\xE3\x80\x80\xC2\xA0", 5));
    assert_false(ptc_is_blank(" x ", 3));
    assert_false(ptc_is_blank("产出", strlen("产出")));
    assert_false(ptc_is_blank("\0", 1));
    /* an incomplete U+3000 is not whitespace */
    assert_false(ptc_is_blank("\xE3\x80", 2));
}

static void utf8_chars_counts_code_points(void **state) {
    (void)state;
    assert_int_equal(ptc_utf8_chars("", 0), 0);
    assert_int_equal(ptc_utf8_chars("abc", 3), 3);
    assert_int_equal(ptc_utf8_chars("项目名称", strlen("项目名称")), 4);
    assert_int_equal(ptc_utf8_chars("a项\xC2\xA0😀", strlen("a项\xC2\xA0😀")), 4);
    /* a prefix ending inside a character counts its lead byte only */
    assert_int_equal(ptc_utf8_chars("项目", 4), 2);
}

static void contains_finds_substrings(void **state) {
    (void)state;
    const char *s = "一级指标\t指标值\t计量单位";
    assert_true(ptc_contains(s, strlen(s), "指标值"));
    assert_true(ptc_contains(s, strlen(s), "一级"));
    assert_true(ptc_contains(s, strlen(s), "计量单位"));
    assert_false(ptc_contains(s, strlen(s), "四级指标"));
    /* bounded by len, not by the NUL */
    assert_false(ptc_contains(s, strlen("一级指标"), "指标值"));
    assert_true(ptc_contains("a\0bc", 4, "bc"));
    assert_false(ptc_contains("ab", 2, "abc"));
    assert_false(ptc_contains("", 0, "a"));
    /* a near miss followed by the match */
    assert_true(ptc_contains("aab", 3, "ab"));
}

static void quote_excerpt_keeps_short_text(void **state) {
    (void)state;
    char out[256];
    assert_ptr_equal(ptc_quote_excerpt("联系人", strlen("联系人"), 40, out, sizeof out), out);
    assert_string_equal(out, "联系人");
    ptc_quote_excerpt("", 0, 40, out, sizeof out);
    assert_string_equal(out, "");
}

static void quote_excerpt_cuts_with_ellipsis(void **state) {
    (void)state;
    char out[256];
    ptc_quote_excerpt("项目资金申请", strlen("项目资金申请"), 4, out, sizeof out);
    assert_string_equal(out, "项目资金…");
    ptc_quote_excerpt("abcdef", 6, 3, out, sizeof out);
    assert_string_equal(out, "abc…");
    /* exactly max characters: no ellipsis */
    ptc_quote_excerpt("abc", 3, 3, out, sizeof out);
    assert_string_equal(out, "abc");
}

static void quote_excerpt_escapes_controls(void **state) {
    (void)state;
    char out[256];
    ptc_quote_excerpt("a\tb\x01\x7F" "c\0d", 8, 40, out, sizeof out);
    assert_string_equal(out, "a\\tb\\x01\\x7Fc\\x00d");
    for (const char *p = out; *p; p++) assert_true((unsigned char)*p >= 0x20 && *p != 0x7F);
}

static void quote_excerpt_respects_small_buffers(void **state) {
    (void)state;
    char out[16];
    memset(out, 'Z', sizeof out);
    ptc_quote_excerpt("项目资金申请项目资金申请", strlen("项目资金申请项目资金申请"), 40, out,
                      sizeof out);
    size_t n = strlen(out);
    assert_true(n < sizeof out);
    /* whole characters only, then the ellipsis */
    assert_int_equal(n % 3, 0);
    assert_true(n >= 6);
    assert_memory_equal(out + n - 3, "…", 3);
    char tiny[4] = "xyz";
    ptc_quote_excerpt("abc", 3, 40, tiny, sizeof tiny);
    assert_string_equal(tiny, "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(label_drops_whitespace_and_folds_brackets),
        cmocka_unit_test(label_drops_every_kind_of_whitespace),
        cmocka_unit_test(label_keeps_other_characters),
        cmocka_unit_test(compact_drops_whitespace_only),
        cmocka_unit_test(text_trims_and_collapses),
        cmocka_unit_test(text_paragraph_tags_become_newlines),
        cmocka_unit_test(text_leading_and_trailing_tags_vanish),
        cmocka_unit_test(text_keeps_other_angle_brackets),
        cmocka_unit_test(text_keeps_nul_and_controls),
        cmocka_unit_test(blank_recognises_whitespace_only),
        cmocka_unit_test(utf8_chars_counts_code_points),
        cmocka_unit_test(contains_finds_substrings),
        cmocka_unit_test(quote_excerpt_keeps_short_text),
        cmocka_unit_test(quote_excerpt_cuts_with_ellipsis),
        cmocka_unit_test(quote_excerpt_escapes_controls),
        cmocka_unit_test(quote_excerpt_respects_small_buffers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

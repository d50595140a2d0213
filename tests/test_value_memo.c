/* parsers/values.c: ptc_read_value_memo gives what ptc_read_value and
   ptc_several_numbers give, whether the memo answers or reads: on texts
   that differ in one byte (every byte of a key counts), on random texts of
   value pieces (invalid UTF-8 included) of every length 0..40 at every
   alignment, drawn from a small pool so that most are read before and
   slots are shared. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/values.h"
#include "tests/testutil.h"

static void same_as_definition(ptc_value_memo *m, const char *s, size_t len) {
    ptc_value_read want;
    ptc_read_value(s, len, &want);
    bool want_several = !want.number.set && ptc_several_numbers(s, len);
    const ptc_value_memo_slot *e = ptc_read_value_memo(m, s, len);
    ptc_value_read got = e->v;
    bool several = e->several;
    bool same = got.comparator == want.comparator && got.number.set == want.number.set &&
                (!want.number.set || memcmp(&got.number.value, &want.number.value, sizeof(double)) == 0) &&
                got.approximate == want.approximate && got.has_unit == want.has_unit &&
                got.unit_len == want.unit_len && memcmp(got.unit, want.unit, want.unit_len) == 0 &&
                several == want_several;
    if (!same) {
        print_error("\"%.*s\" (%zu bytes): the memo's answer is not ptc_read_value's\n", (int)len, s, len);
        fail();
    }
}

static void one_byte_apart(void **state) {
    (void)state;
    static ptc_value_memo m; /* zeroed: empty */
    char base[40], s[40];
    for (size_t i = 0; i < sizeof base; i++) base[i] = (char)('0' + i % 10);
    for (size_t len = 0; len <= 20; len++) {
        same_as_definition(&m, base, len);
        for (size_t at = 0; at < len; at++) {
            memcpy(s, base, len);
            s[at] = 'x';
            same_as_definition(&m, s, len); /* first read */
            same_as_definition(&m, s, len); /* from the memo */
            same_as_definition(&m, base, len);
        }
    }
}

static void edges(void **state) {
    (void)state;
    static ptc_value_memo m;
    static const char *const cases[] = {"", "是", "100", "100%", "≥95%", "≤30天", "约5.5万人次", "100人左右",
                                        "1600人、200人", "95%以上", "按时", " 12 ", "\xE3\x80\x80\x35",
                                        "-3", "+3", "大约 7 个", "12.4\n5", "１２．４", "82800.920000000013",
                                        "1,234", "３", "0.5元每人每月", "5 至 8"};
    for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            size_t len = strlen(cases[i]);
            for (size_t n = 0; n <= len; n++) same_as_definition(&m, cases[i], n); /* every cut */
        }
}

static void random_texts(void **state) {
    (void)state;
    static ptc_value_memo m;
    static const char *const pieces[] = {"1", "0", "9", ".", ",", "%", "是", "≥", "不低于", "约", "左右", " ",
                                         "人", "次", "\xEF\xBC\x90", "\xEF\xBC\x85", "\xC2\xA0", "\x80", "\xFF",
                                         "\xE6", "以上", "、", "-", "M"};
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    uint32_t x = 88172645u;
    enum { POOL = 600 };
    static char pool[POOL][48];
    static size_t pool_len[POOL];
    for (size_t k = 0; k < POOL; k++) {
        size_t want = ptc_test_rand(&x) % 41, len = 0;
        while (len < want) {
            const char *piece = pieces[ptc_test_rand(&x) % npieces];
            size_t n = strlen(piece);
            if (len + n > want) n = want - len; /* a sequence cut short */
            memcpy(pool[k] + len, piece, n);
            len += n;
        }
        pool_len[k] = len;
    }
    char buf[48 + 16];
    for (int round = 0; round < 60000; round++) {
        size_t k = ptc_test_rand(&x) % POOL, align = ptc_test_rand(&x) % 16;
        memcpy(buf + align, pool[k], pool_len[k]);
        same_as_definition(&m, buf + align, pool_len[k]);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_byte_apart),
        cmocka_unit_test(edges),
        cmocka_unit_test(random_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * checks/measure.c: ptc_check_half_unit's table of powers of ten answers
 * exactly what its definition, 0.5 * pow(10, -decimals), gives, for every
 * decimals an amount can be printed with and past the table's end; and
 * model/model.c: ptc_document_diag_text keeps what ptc_document_diag with
 * "%.*s" keeps (the cut at PTC_DIAG_MESSAGE_MAX bytes, the cap); and
 * ptc_check_ends_with_percent answers as its two ptc_check_ends_with do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "checks/measure.h"
#include "common/limits.h"
#include "model/model.h"

static void test_half_unit_matches_pow(void **st) {
    (void)st;
    for (int d = -3; d <= 30; d++) {
        /* volatile: the reference is computed at run time, by the same pow */
        volatile int dv = d;
        double want = 0.5 * pow(10, -dv), got = ptc_check_half_unit(d);
        assert_memory_equal(&want, &got, sizeof want);
    }
}

static void test_printed_decimals_feed_the_table(void **st) {
    (void)st;
    /* printed_decimals stops at 15: every answer it gives is in the table */
    assert_int_equal(ptc_check_printed_decimals("1.12345678901234567", 19), 15);
    assert_int_equal(ptc_check_printed_decimals("39.54 万元", strlen("39.54 万元")), 2);
    assert_int_equal(ptc_check_printed_decimals("45", 2), 0);
}

static void test_diag_text_matches_formatted(void **st) {
    (void)st;
    ptc_document *a = ptc_document_new("a"), *b = ptc_document_new("b");
    assert_non_null(a);
    assert_non_null(b);
    static char msg[700];
    for (size_t i = 0; i < sizeof msg; i++) msg[i] = (char)('a' + i % 26);
    memcpy(msg + 508, "社", 3); /* the cut falls inside a character */
    for (size_t i = 0; i < PTC_MAX_DIAGNOSTICS + 5; i++) {
        size_t len = (i * 37) % sizeof msg;
        ptc_pos pos = {(uint32_t)(i + 1), (uint32_t)(i % 7 + 1)};
        assert_int_equal(ptc_document_diag(a, PTC_SEV_WARNING, "ocr-repetition", pos, "%.*s",
                                           (int)len, msg),
                         0);
        assert_int_equal(
            ptc_document_diag_text(b, PTC_SEV_WARNING, "ocr-repetition", pos, msg, len), 0);
    }
    assert_int_equal(a->diags_len, b->diags_len);
    for (size_t i = 0; i < a->diags_len; i++) {
        const ptc_diag *x = &a->diags[i], *y = &b->diags[i];
        assert_int_equal(x->severity, y->severity);
        assert_string_equal(x->code, y->code);
        assert_int_equal(x->pos.line, y->pos.line);
        assert_int_equal(x->pos.col, y->pos.col);
        assert_int_equal(x->message.len, y->message.len);
        assert_memory_equal(x->message.s, y->message.s, x->message.len);
    }
    ptc_document_free(a);
    ptc_document_free(b);
}

static void test_ends_with_percent_matches_two_calls(void **st) {
    (void)st;
    static const char *const pieces[] = {"%", "％", " ", "\t", "\n", "\r", "1", "\xEF", "\xBC",
                                         "\x85", "\xEF\xBC", "\xC2\xA0", "\xE3\x80\x80"};
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    uint64_t x = 88172645463325252ull;
    char buf[64];
    for (int round = 0; round < 100000; round++) {
        size_t len = 0, parts = (size_t)(round % 9);
        for (size_t p = 0; p < parts; p++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            const char *piece = pieces[x % npieces];
            size_t n = strlen(piece);
            memcpy(buf + len, piece, n);
            len += n;
        }
        ptc_str s = {buf, len};
        bool want = ptc_check_ends_with(s, "%") || ptc_check_ends_with(s, "％");
        assert_int_equal(ptc_check_ends_with_percent(s), want);
    }
    ptc_str none = {NULL, 0};
    assert_false(ptc_check_ends_with_percent(none));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_half_unit_matches_pow),
        cmocka_unit_test(test_printed_decimals_feed_the_table),
        cmocka_unit_test(test_diag_text_matches_formatted),
        cmocka_unit_test(test_ends_with_percent_matches_two_calls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

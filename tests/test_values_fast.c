/* parsers/values.c: ptc_read_number (no copy of the digits) gives what
   ptc_read_number_ref, the definition, gives: bytes used and the double's
   bits, on edge cases and on random strings of digits, full-width digits,
   commas, points and other bytes (invalid UTF-8 included), every length
   0..40 at every alignment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/values.h"

static void same_at(const char *s, size_t len) {
    double fast = -1, ref = -1;
    size_t a = ptc_read_number(s, len, &fast);
    size_t b = ptc_read_number_ref(s, len, &ref);
    if (a != b || (a && memcmp(&fast, &ref, sizeof fast) != 0)) {
        print_error("\"%.*s\" (%zu bytes): fast %zu bytes %.17g, definition %zu bytes %.17g\n", (int)len, s,
                    len, a, fast, b, ref);
        fail();
    }
}

static void edges(void **state) {
    (void)state;
    static const char *const cases[] = {
        "", "0", "00", "1,234", "1,234,567", "12,345", "1234,567", "1,23", "1,2345", ",123", "1,234.5",
        "1,234.", "1.", "1.a", ".5", "1..2", "1．5", "１２．４", "１,２３４", "1,２３４", "１２３４５６７８９０１２３４５６",
        "999999999999999", "9999999999999999", "0.000000000000000000001", "0.0000000000000000000001",
        "000000000000000000000012.5", "1.0000000000000000000001", "123456789012345.6",
        "000000000000000000000000000000000000000000000000000000000000001",
        "00000000000000000000000000000000000000000000000000000000000001",
        "0000000000000000000000000000000000000000000000000000000000001",
        "1,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000.5", "5%", "95%以上", "\xEF\xBC", "\xEF\xBC\x90",
        "\xEF\xBC\x9A", "1\xEF\xBC\x8E", "1\xEF\xBC\x8E\x35"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i]);
        for (size_t n = 0; n <= len; n++) same_at(cases[i], n); /* every cut, sequences cut too */
    }
}

static void random_strings(void **state) {
    (void)state;
    static const char *const pieces[] = {"0", "1", "5", "9", "0", "0", ",", ".", "．", "０", "９", "\xEF\xBC",
                                         "\xEF", "a", " ", "%", "\x80", "\xFF", "人"};
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    uint32_t x = 2463534242u;
    char buf[64 + 16];
    for (int round = 0; round < 100000; round++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        size_t want = x % 41, align = (x >> 8) % 16, len = 0;
        char *s = buf + align;
        while (len < want) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            /* mostly digits, as numbers are */
            const char *p = x % 3 ? pieces[x % 4] : pieces[(x >> 4) % npieces];
            size_t n = strlen(p);
            if (len + n > want) n = want - len;
            memcpy(s + len, p, n);
            len += n;
        }
        same_at(s, len);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edges),
        cmocka_unit_test(random_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

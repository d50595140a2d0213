/* parsers/parts.c and parts.h: the first-byte shortcuts agree with the
   scans they skip, on edge cases and on random strings of the pieces codes,
   placeholders and prefixes are made of (invalid UTF-8 included), lengths
   0..40. ptc_split_code's shortcut (a text that begins with a CJK character
   or a letter) is compared with the full scan, reached by a space before
   the same text (skipped, then trimmed away by the scan of a code after
   the name). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/parts.h"

static void check_text(const char *s, size_t len) {
    if (!ptc_may_be_placeholder(s, len) && ptc_is_placeholder(s, len)) {
        print_error("placeholder \"%.*s\" rejected on its first byte\n", (int)len, s);
        fail();
    }
    if (!ptc_may_have_name_prefix(s, len) && ptc_name_prefix(s, len)) {
        print_error("prefix of \"%.*s\" rejected on its first byte\n", (int)len, s);
        fail();
    }
    char spaced[64];
    if (len + 1 > sizeof spaced) return;
    spaced[0] = ' ';
    memcpy(spaced + 1, s, len);
    unsigned char b = len ? (unsigned char)s[0] : 0;
    bool plain = len && ((b >= 0xE1 && b <= 0xEE && b != 0xE3) || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z'));
    if (!plain) return;
    ptc_str c1 = {0}, n1 = {0}, c2 = {0}, n2 = {0};
    if (ptc_split_code(s, len, false, &c1, &n1)) {
        print_error("\"%.*s\" split before its name\n", (int)len, s);
        fail();
    }
    bool a = ptc_split_code(s, len, true, &c1, &n1);
    bool z = ptc_split_code(spaced, len + 1, true, &c2, &n2);
    if (a != z || (a && (c1.s - s != c2.s - (spaced + 1) || c1.len != c2.len || n1.s - s != n2.s - (spaced + 1) ||
               n1.len != n2.len))) {
        print_error("\"%.*s\": shortcut %d, scan %d\n", (int)len, s, a, z);
        fail();
    }
}

static void edges(void **state) {
    (void)state;
    static const char *const texts[] = {
        "", " ", "某局", "某局（301）", "某局(301)", "某局 308001", "某局 3080", "某局（2021）",
        "某局[123]", "某局【123】", "abc(123)", "Abc 123456", "指标1", "指标一", "XX指标", "……", "...",
        "指标1：", "指标1:培训人数", "　指标1", " 指标1", "（301）某局", "[123001]某某局", "301-某局",
        "\xE4", "\xE4\xB8", "\xEE\xBF\xBF(123)", "\xE1\x80\x80 12345", "z", "Z(999)",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) check_text(texts[i], strlen(texts[i]));
}

static void random_texts(void **state) {
    (void)state;
    static const char *const pieces[] = {
        "某", "局", "指", "标", "一", "1", "0", "2", "9", "３", "(", ")", "[", "]", "（", "）", "【",
        "】", "〔", "〕", "［", "］", " ", "　", ":", "：", "、", "-", "－", "X", "x", "Ｘ", "…", ".",
        "a", "Q", "\xC0\xA0", "\xE0\x80\xA0", "\xC0\xB0", "\xE4", "\x80", "\xFF", "\xEF\xBC", "\xE3",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    srand(12345);
    char buf[64];
    for (int round = 0; round < 200000; round++) {
        size_t len = 0, want = (size_t)(rand() % 41);
        while (len < want) {
            const char *p = pieces[rand() % (int)np];
            size_t n = strlen(p);
            if (len + n > want) break;
            memcpy(buf + len, p, n);
            len += n;
        }
        check_text(buf, len);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edges),
        cmocka_unit_test(random_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* ptc_contains_any3 (16-byte steps, blocks that overlap at the end) against
   a byte-by-byte search: texts of lengths 0 to 80 made of the needles'
   pieces, their bytes alone (a needle cut, invalid UTF-8) and other text,
   at every alignment, with the needles ptconv uses and random ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "common/normalize.h"

static int naive(const char *s, size_t len, const char *n, size_t nn) {
    for (size_t i = 0; i + nn <= len; i++)
        if (memcmp(s + i, n, nn) == 0) return 1;
    return 0;
}

static uint64_t seed = 0x9E3779B97F4A7C15ull;
static unsigned next(void) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(seed >> 33);
}

/* A text of `len` bytes from pieces: whole needles, single bytes of them,
   Chinese and ASCII text. */
static void make(char *out, size_t len, const char *const *pieces, size_t np) {
    size_t n = 0;
    while (n < len) {
        const char *p = pieces[next() % np];
        size_t k = strlen(p);
        if (next() % 4 == 0) k = 1 + next() % k; /* a piece cut short */
        if (k > len - n) k = len - n;
        memcpy(out + n, p, k);
        n += k;
    }
}

static void check(const char *a, const char *b, const char *c, const char *const *pieces, size_t np) {
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char buf[96 + 16];
    for (int round = 0; round < 400; round++)
        for (size_t len = 0; len <= 80; len++) {
            char text[96];
            make(text, len, pieces, np);
            size_t at = (size_t)round % 16;
            memcpy(buf + at, text, len);
            int want = naive(text, len, a, na) || naive(text, len, b, nb) || naive(text, len, c, nc);
            assert_int_equal(ptc_contains_any3(buf + at, len, a, na, b, nb, c, nc), want);
        }
}

static void web_stamp_needles(void **state) {
    (void)state;
    static const char *const pieces[] = {"发布", "更新时间", "来源", "发", "布", "更新", "时间", "来", "源", "时",
                                         "日期", "：", ":", "2024-07-09", " ", "某局", "\xE5", "\x80", "\xB4", "a"};
    check("发布", "更新时间", "来源", pieces, sizeof pieces / sizeof *pieces);
    check("来源", "更新时间", "发布", pieces, sizeof pieces / sizeof *pieces);
}

static void random_needles(void **state) {
    (void)state;
    static const char *const pieces[] = {"ab", "abc", "b", "a", "ba", "c", "x", "abca", "\xE5\x80", "\xBC"};
    static const char *const needles[] = {"ab", "abc", "ba", "abca", "cab", "aa", "bcabcabcabcab", "\xE5\x80\xBC"};
    const size_t nn = sizeof needles / sizeof *needles;
    for (int k = 0; k < 60; k++) {
        const char *x = needles[next() % nn], *y = needles[next() % nn], *z = needles[next() % nn];
        /* b is the longest */
        const char *b = strlen(x) >= strlen(y) && strlen(x) >= strlen(z) ? x : strlen(y) >= strlen(z) ? y : z;
        const char *a = b == x ? y : x, *c = b == z ? y : z;
        check(a, b, c, pieces, sizeof pieces / sizeof *pieces);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(web_stamp_needles),
        cmocka_unit_test(random_needles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

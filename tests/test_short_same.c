/*
 * ptc_short_same (common/bytes.h), the word compare of the rule memo, the
 * assemblers' text memos and the category cells, against memcmp: every length 0..72, every alignment 0..7 of
 * either side, equal bytes and one byte changed at every position (also
 * to a value differing only in its top bit). Each string sits in a heap
 * block of exactly its length, so that a read past its end shows under
 * ASan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "common/bytes.h"

static unsigned next_rand(unsigned *state) {
    *state = *state * 1103515245u + 12345u;
    return *state >> 16;
}

/* a copy of s[0..n) in a block of n bytes at `align` past a fresh block's
   start (the block is n + align bytes: its end is the string's) */
static char *placed(const unsigned char *s, size_t n, size_t align, char **block) {
    *block = malloc(n + align ? n + align : 1);
    assert_non_null(*block);
    char *p = *block + align;
    if (n) memcpy(p, s, n);
    return p;
}

static void test_against_memcmp(void **state) {
    (void)state;
    unsigned seed = 12345u;
    unsigned char base[80];
    for (size_t n = 0; n <= 72; n++) {
        for (size_t i = 0; i < n; i++) base[i] = (unsigned char)next_rand(&seed);
        for (size_t aa = 0; aa < 8; aa++) {
            for (size_t ab = 0; ab < 8; ab++) {
                char *ba, *bb;
                char *a = placed(base, n, aa, &ba);
                char *b = placed(base, n, ab, &bb);
                assert_true(ptc_short_same(a, b, n));
                for (size_t at = 0; at < n; at++) {
                    static const unsigned char flips[] = {0x01, 0x80, 0xFF};
                    for (size_t f = 0; f < sizeof flips; f++) {
                        b[at] = (char)(base[at] ^ flips[f]);
                        assert_int_equal(ptc_short_same(a, b, n), memcmp(a, b, n) == 0);
                        assert_false(ptc_short_same(a, b, n));
                        b[at] = (char)base[at];
                    }
                }
                free(ba);
                free(bb);
            }
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_against_memcmp)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * ptc_json_escape_into's short path (strings of at most 32 bytes tested
 * whole: first/middle/last byte, two halves in one vector, or two
 * overlapping vectors) against a byte-at-a-time reference: every length
 * 0..40 around the path's edges, one byte needing a look at every
 * position, on ASCII and CJK backgrounds, from every alignment. Each
 * string sits in a heap block of exactly its length, so that a read past
 * its end shows under ASan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emitters/json_string.h"

/* The definition, a byte at a time. */
static size_t ref_json(char *out, const unsigned char *s, size_t n) {
    char *p = out;
    *p++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        const char *two = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" : c == '\t' ? "\\t"
                        : c == '\n' ? "\\n" : c == '\f' ? "\\f" : c == '\r' ? "\\r" : NULL;
        if (two) {
            memcpy(p, two, 2), p += 2;
        } else if (c < 0x20 || c == 0x7F) {
            p += sprintf(p, "\\u%04x", c);
        } else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
            memcpy(p, s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6), p += 6;
            i += 2;
        } else {
            *p++ = (char)c;
        }
    }
    *p++ = '"';
    return (size_t)(p - out);
}

static void check(const unsigned char *src, size_t n, size_t align) {
    unsigned char *block = malloc(align + n + 1);
    assert_non_null(block);
    unsigned char *s = block + align;
    if (n) memcpy(s, src, n);
    /* exactly n bytes from s to the block's end */
    unsigned char *exact = malloc(n ? n : 1);
    assert_non_null(exact);
    if (n) memcpy(exact, src, n);
    char want[6 * 48 + 8];
    size_t want_len = ref_json(want, src, n);
    const unsigned char *inputs[2] = {s, exact};
    for (int k = 0; k < 2; k++) {
        char *room = malloc(PTC_JSON_ROOM(n));
        assert_non_null(room);
        char *end = ptc_json_escape_into(room, (const char *)inputs[k], n);
        size_t got = (size_t)(end - room);
        if (got != want_len || memcmp(room, want, got) != 0) {
            fprintf(stderr, "%zu bytes at alignment %zu:", n, align);
            for (size_t i = 0; i < n; i++) fprintf(stderr, " %02x", src[i]);
            fprintf(stderr, "\n  got %zu bytes, want %zu\n", got, want_len);
            fail();
        }
        free(room);
    }
    free(exact);
    free(block);
}

static const unsigned char specials[] = {0x00, 0x01, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x20, '!', '"', '#',
                                         '[',  '\\', ']',  0x7E, 0x7F, 0x80, 0xA8, 0xA9, 0xE1, 0xE2, 0xE3, 0xFF};

/* Background byte i: ASCII, or the three bytes of U+4E2D again and again. */
static unsigned char background(int kind, size_t i) {
    static const unsigned char cjk[] = {0xE4, 0xB8, 0xAD};
    return kind ? cjk[i % 3] : (unsigned char)('a' + i % 26);
}

static void test_one_special_at_every_position(void **state) {
    (void)state;
    unsigned char s[48];
    for (int kind = 0; kind < 2; kind++) {
        for (size_t n = 0; n <= 40; n++) {
            for (size_t i = 0; i < n; i++) s[i] = background(kind, i);
            for (size_t align = 0; align < 16; align++) check(s, n, align);
            for (size_t at = 0; at < n; at++) {
                for (size_t k = 0; k < sizeof specials; k++) {
                    for (size_t i = 0; i < n; i++) s[i] = background(kind, i);
                    s[at] = specials[k];
                    check(s, n, at % 16);
                }
            }
        }
    }
}

/* U+2028 and U+2029, and E2 80 followed by anything else, whole or cut by
   the string's end, at every position. */
static void test_line_separators(void **state) {
    (void)state;
    static const unsigned char thirds[] = {0xA7, 0xA8, 0xA9, 0xAA, 0x94};
    unsigned char s[48];
    for (size_t n = 1; n <= 40; n++) {
        for (size_t at = 0; at < n; at++) {
            for (size_t k = 0; k < sizeof thirds; k++) {
                for (size_t i = 0; i < n; i++) s[i] = background(1, i);
                s[at] = 0xE2;
                if (at + 1 < n) s[at + 1] = 0x80;
                if (at + 2 < n) s[at + 2] = thirds[k];
                check(s, n, (at * 7) % 16);
            }
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_special_at_every_position),
        cmocka_unit_test(test_line_separators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

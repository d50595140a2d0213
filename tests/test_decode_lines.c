/*
 * Unit tests for the decoder's line fast paths (next_control's two-window
 * step, the direct callback for a line whole in its chunk or empty) against
 * the same input fed one byte at a time, where every line is assembled in
 * the line buffer and ended by end_line_slice: random text with LF, CR,
 * CRLF, NUL, TABs, CJK and invalid bytes at every position, lengths 0..100,
 * every alignment, each in a buffer of exactly its length (ASan sees a
 * read past it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/decode.h"
#include "tests/testutil.h"

static uint32_t rng = 4242;
static unsigned next_rand(void) { return ptc_test_rand(&rng); }

static const char *const pieces[] = {
    "a", "1", " ", "\t", "\t", "项", "目", "\n", "\r", "\r\n", "\n\n", "", "\xC2\xA0", "\x80", "\xFF", "\xE4\xB8",
};

/* What the decoder said, in order: lines and diagnostics. */
typedef struct transcript {
    char *buf;
    size_t len, cap;
} transcript;

static void put(transcript *t, const void *s, size_t n) {
    if (t->len + n > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n) cap *= 2;
        t->buf = realloc(t->buf, cap);
        assert_non_null(t->buf);
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
}

static void on_line(void *ud, uint32_t lineno, const char *text, size_t len) {
    char head[48];
    assert_non_null(text);
    int n = snprintf(head, sizeof head, "L%u:%zu:", (unsigned)lineno, len);
    put(ud, head, (size_t)n);
    put(ud, text, len);
    put(ud, "\n", 1);
}

static void on_diag(void *ud, ptc_severity sev, const char *code, uint32_t line, uint32_t col, const char *message) {
    char head[400];
    int n = snprintf(head, sizeof head, "D%d:%s:%u:%u:%s\n", (int)sev, code, (unsigned)line, (unsigned)col, message);
    put(ud, head, (size_t)n);
}

/* The transcript of decoding s[0..len) fed in pieces of `step` bytes (0:
   at once). */
static transcript decode(const char *s, size_t len, size_t step) {
    transcript t = {0};
    int err = 0;
    ptc_decoder *d = ptc_decoder_new("UTF-8", on_line, on_diag, &t, &err);
    assert_non_null(d);
    if (!step) step = len ? len : 1;
    for (size_t i = 0; i < len; i += step) {
        size_t n = len - i < step ? len - i : step;
        char *piece = malloc(n); /* exactly its length */
        assert_non_null(piece);
        memcpy(piece, s + i, n);
        assert_int_equal(ptc_decoder_feed(d, piece, n), 0);
        free(piece);
    }
    assert_int_equal(ptc_decoder_finish(d), 0);
    ptc_decoder_free(d);
    put(&t, "", 1);
    return t;
}

static void check(const char *s, size_t len) {
    transcript whole = decode(s, len, 0), bytes = decode(s, len, 1);
    if (whole.len != bytes.len || memcmp(whole.buf, bytes.buf, whole.len) != 0)
        fail_msg("whole feed:\n%s\nbyte feed:\n%s", whole.buf, bytes.buf);
    free(whole.buf);
    free(bytes.buf);
}

static void random_lines_match_byte_feed(void **state) {
    (void)state;
    char text[100];
    for (size_t len = 0; len <= sizeof text; len++)
        for (int rep = 0; rep < 40; rep++) {
            size_t n = 0;
            while (n < len) {
                const char *p = pieces[next_rand() % (sizeof pieces / sizeof pieces[0])];
                size_t pl = strlen(p);
                if (pl > len - n) pl = len - n;
                memcpy(text + n, p, pl);
                n += pl;
            }
            check(text, len);
        }
}

/* One control byte (LF, CR, NUL) or CRLF at every offset of plain text,
   where the two-window step takes it from either window's mask. */
static void a_control_at_every_offset(void **state) {
    (void)state;
    static const char *const controls[] = {"\n", "\r", "\r\n", "\0", "\t"};
    char text[80];
    for (size_t len = 1; len <= 72; len++)
        for (size_t at = 0; at < len; at++)
            for (size_t k = 0; k < sizeof controls / sizeof controls[0]; k++) {
                for (size_t i = 0; i < len; i++) text[i] = (char)('a' + i % 26);
                size_t cl = k == 3 ? 1 : strlen(controls[k]);
                if (at + cl > len) continue;
                memcpy(text + at, controls[k], cl);
                check(text, len);
            }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_lines_match_byte_feed),
        cmocka_unit_test(a_control_at_every_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

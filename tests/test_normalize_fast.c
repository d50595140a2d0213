/*
 * The word-at-a-time normalisers (common/normalize.c) against byte-by-byte
 * references written from the contract: random strings built from the
 * bytes the normalisers treat specially (whitespace, the lead bytes of
 * U+00A0 and U+3000, full-width forms, ( ) : <, tags, invalid UTF-8),
 * every length 0..40 at every alignment, with a guard after the result
 * that must stay untouched; and the searches (ptc_contains_n, the one
 * pass for either of two needles) against a naive one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/normalize.h"
#include "tests/testutil.h"

/* ------------------------------------------------------------ references */

static size_t ref_space(const unsigned char *s, const unsigned char *end) {
    unsigned char c = *s;
    if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
    if (c == 0xC2 && end - s >= 2 && s[1] == 0xA0) return 2;
    if (c == 0xE3 && end - s >= 3 && s[1] == 0x80 && s[2] == 0x80) return 3;
    return 0;
}

enum { REF_NONE, REF_WIDEN, REF_NARROW };

static size_t ref_drop(const char *str, size_t len, char *out, int mode) {
    const unsigned char *p = (const unsigned char *)str, *end = p + len;
    size_t n = 0;
    while (p < end) {
        size_t w = ref_space(p, end);
        if (w) {
            p += w;
            continue;
        }
        if (mode == REF_NARROW && p[0] == 0xEF && end - p >= 3 && (p[1] == 0xBC || p[1] == 0xBD) &&
            (p[2] & 0xC0) == 0x80) {
            unsigned cp = 0xF000u + ((unsigned)(p[1] & 0x3F) << 6) + (p[2] & 0x3Fu);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                out[n++] = (char)(cp - 0xFF00 + 0x20);
                p += 3;
                continue;
            }
        }
        char c = (char)*p++;
        const char *wide = mode != REF_WIDEN ? NULL : c == '(' ? "（" : c == ')' ? "）" : c == ':' ? "：" : NULL;
        if (wide) {
            memcpy(out + n, wide, 3);
            n += 3;
        } else {
            out[n++] = c;
        }
    }
    if (mode == REF_NARROW)
        while (n && out[n - 1] == ':') n--;
    return n;
}

static size_t ref_tag(const char *s, const char *end) {
    static const char *const tags[] = {"<p>", "</p>", "<br>", "<br/>", "<br />"};
    for (size_t i = 0; i < 5; i++) {
        size_t n = strlen(tags[i]), k = 0;
        if ((size_t)(end - s) < n) continue;
        while (k < n && (s[k] | (s[k] >= 'A' && s[k] <= 'Z' ? 0x20 : 0)) == tags[i][k]) k++;
        if (k == n) return n;
    }
    return 0;
}

static size_t ref_text(const char *s, size_t len, char *out) {
    const char *p = s, *end = s + len;
    size_t n = 0;
    int pending = 0;
    while (p < end) {
        size_t w = ref_space((const unsigned char *)p, (const unsigned char *)end);
        if (w) {
            if (pending < 1) pending = 1;
            p += w;
            continue;
        }
        size_t t = *p == '<' ? ref_tag(p, end) : 0;
        if (t) {
            pending = 2;
            p += t;
            continue;
        }
        if (n > 0 && pending) out[n++] = pending == 2 ? '\n' : ' ';
        pending = 0;
        out[n++] = *p++;
    }
    return n;
}

static size_t ref_compact(const char *s, size_t len, char *out) { return ref_drop(s, len, out, REF_NONE); }
static size_t ref_label(const char *s, size_t len, char *out) { return ref_drop(s, len, out, REF_WIDEN); }
static size_t ref_key(const char *s, size_t len, char *out) { return ref_drop(s, len, out, REF_NARROW); }

/* ------------------------------------------------------------ inputs */

static const char *const pieces[] = {
    " ", "\t", "\n", "\r", "\v", "\f", "\xC2\xA0", "\xE3\x80\x80", "\xC2", "\xE3", "\xE3\x80", "\xEF",
    "\xEF\xBC\x88", "\xEF\xBC\x9A", "\xEF\xBD\x9E", "\xEF\xBD\x9F", "\xEF\xBC\x80", "(", ")", ":", "<",
    "<p>", "</P>", "<br>", "<BR/>", "<br />", "<b", "\x01", "\x1F", "!", "\"", ";", "=", "a", "Z", "0",
    "项", "目", "名", "称", "、", "。", "\x80", "\xBF", "\xFF", "\0",
    "\xE3\x81\x80", "\xE3\x80\x80\xE3", "《", "》", "\xC2\xA1",
};

static uint32_t rng = 12345;
static unsigned next_rand(void) { return (ptc_test_rand(&rng) >> 8) & 0x7FFF; }

/* A random text of exactly `len` bytes: pieces, cut to fit, and runs of
   one byte so that long clean runs are tried too. */
static void random_text(char *buf, size_t len) {
    size_t n = 0;
    while (n < len) {
        const char *piece = pieces[next_rand() % (sizeof pieces / sizeof pieces[0])];
        size_t k = piece[0] ? strlen(piece) : 1;
        if (next_rand() % 4 == 0) {
            piece = "名";
            k = 3;
            for (size_t r = next_rand() % 8; r-- > 0 && n + k <= len;) memcpy(buf + n, piece, k), n += k;
            continue;
        }
        if (k > len - n) k = len - n;
        memcpy(buf + n, piece, k);
        n += k;
    }
}

typedef size_t (*norm_fn)(const char *s, size_t len, char *out);

/* Mostly bytes no normaliser looks at, so that texts of every length up to
   72 are often wholly clean (the copy of clean texts) or clean but for one
   byte in any place. */
static void clean_text(char *buf, size_t len) {
    static const char *const calm[] = {"项", "目", "、", "。", "《", "a", "0", ";", "\xE3\x81\x80", "\xBF"};
    size_t n = 0;
    while (n < len) {
        const char *piece = calm[next_rand() % (sizeof calm / sizeof calm[0])];
        if (next_rand() % 64 == 0) piece = pieces[next_rand() % (sizeof pieces / sizeof pieces[0])];
        size_t k = piece[0] ? strlen(piece) : 1;
        if (k > len - n) k = len - n;
        memcpy(buf + n, piece, k);
        n += k;
    }
}

static void compare(norm_fn fast, norm_fn ref, const char *name) {
    char src[72 + 16], want[3 * 72 + 16], got[3 * 72 + 16];
    for (int round = 0; round < 400; round++) {
        for (size_t len = 0; len <= 72; len++) {
            for (size_t align = 0; align < 16; align++) {
                if (round % 2) clean_text(src + align, len);
                else random_text(src + align, len);
                memset(want, '#', sizeof want);
                memset(got, '#', sizeof got);
                size_t nw = ref(src + align, len, want), ng = fast(src + align, len, got);
                if (nw != ng || memcmp(want, got, sizeof got) != 0) {
                    print_error("%s: length %zu, alignment %zu: want %zu bytes, got %zu\n", name, len, align,
                                nw, ng);
                    fail();
                }
            }
        }
    }
}

static void compact_matches_reference(void **state) {
    (void)state;
    compare(ptc_norm_compact, ref_compact, "ptc_norm_compact");
}

static void label_matches_reference(void **state) {
    (void)state;
    compare(ptc_norm_label, ref_label, "ptc_norm_label");
}

static void key_matches_reference(void **state) {
    (void)state;
    compare(ptc_norm_key, ref_key, "ptc_norm_key");
}

static void text_matches_reference(void **state) {
    (void)state;
    compare(ptc_norm_text, ref_text, "ptc_norm_text");
}

/* ------------------------------------------------------------ search */

static int ref_contains(const char *s, size_t len, const char *needle, size_t n) {
    for (size_t i = 0; n <= len && i + n <= len; i++)
        if (memcmp(s + i, needle, n) == 0) return 1;
    return 0;
}

/* Random texts of CJK bytes with the needles (or their halves) planted at
   random places, so that hits fall in every block and in the tails. */
static void contains_either_matches_reference(void **state) {
    (void)state;
    static const char *const pairs[][2] = {{"值", "年度目标"}, {"目标", "完成情况"}, {"ab", "abc"}, {"标", "标"}};
    static const char *const filler[] = {"指", "标", "年", "度", "目", "值", "\xE5", "\x80", "\xBC", "a", "\t", " "};
    char src[160 + 16];
    for (size_t pi = 0; pi < sizeof pairs / sizeof pairs[0]; pi++) {
        const char *a = pairs[pi][0], *b = pairs[pi][1];
        size_t na = strlen(a), nb = strlen(b);
        for (int round = 0; round < 3000; round++) {
            size_t len = next_rand() % (round % 2 ? 24 : 160), align = next_rand() % 16, n = 0;
            char *t = src + align;
            while (n < len) {
                const char *f = filler[next_rand() % (sizeof filler / sizeof filler[0])];
                size_t k = strlen(f);
                if (k > len - n) k = len - n;
                memcpy(t + n, f, k);
                n += k;
            }
            if (len >= nb && next_rand() % 3 == 0) memcpy(t + next_rand() % (len - nb + 1), b, nb);
            if (len >= na && next_rand() % 3 == 0) memcpy(t + next_rand() % (len - na + 1), a, na);
            assert_int_equal(ptc_contains_n(t, len, a, na), ref_contains(t, len, a, na));
            assert_int_equal(ptc_contains_n(t, len, b, nb), ref_contains(t, len, b, nb));
            int want = ref_contains(t, len, a, na) || ref_contains(t, len, b, nb);
            if (ptc_contains_either(t, len, a, na, b, nb) != want) {
                print_error("\"%s\" or \"%s\" in %zu bytes: want %d\n", a, b, len, want);
                fail();
            }
        }
    }
}

/* The inline short cuts of ptc_key_first_cp / ptc_key_last_cp against the
   general functions, on the random texts above (invalid UTF-8 included). */
static void key_cps_match_general(void **state) {
    (void)state;
    char src[64];
    for (int round = 0; round < 20000; round++) {
        size_t len = next_rand() % 24;
        random_text(src, len);
        assert_int_equal(ptc_key_first_cp(src, len), ptc_key_first_cp_any(src, len));
        assert_int_equal(ptc_key_last_cp(src, len), ptc_key_last_cp_any(src, len));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compact_matches_reference),
        cmocka_unit_test(label_matches_reference),
        cmocka_unit_test(key_matches_reference),
        cmocka_unit_test(text_matches_reference),
        cmocka_unit_test(contains_either_matches_reference),
        cmocka_unit_test(key_cps_match_general),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

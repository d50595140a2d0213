/*
 * Unit tests for the escapers that share emitters/escape_scan.h (JSON,
 * HTML, text) and XML's (emitters/xml_escape.c): each is checked against a byte-at-a-time reference written
 * here from its documented rules, on random strings of the bytes the rules
 * name (and the bytes around them), of every length to 80 at every
 * alignment, and on strings too long for the sink's room, which take the
 * writers through the sink's write functions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emitters/html_internal.h"
#include "emitters/json_string.h"
#include "emitters/text_escape.h"
#include "emitters/xml_escape.h"

/* A growing byte buffer for the references. */
typedef struct {
    char *s;
    size_t len, cap;
} buf;

static void put(buf *b, const void *d, size_t n) {
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 16;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    memcpy(b->s + b->len, d, n);
    b->len += n;
}

static void put_c(buf *b, char c) { put(b, &c, 1); }

/* JSON: the two-character escapes, \u00XX for the other controls and DEL,
   and U+2028/U+2029 as \u escapes. */
static void ref_json(buf *b, const unsigned char *s, size_t n) {
    put_c(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        const char *two = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" : c == '\t' ? "\\t"
                        : c == '\n' ? "\\n" : c == '\f' ? "\\f" : c == '\r' ? "\\r" : NULL;
        if (two) {
            put(b, two, 2);
        } else if (c < 0x20 || c == 0x7F) {
            char u[7];
            snprintf(u, sizeof u, "\\u%04x", c);
            put(b, u, 6);
        } else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
            put(b, s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
            i += 2;
        } else {
            put_c(b, (char)c);
        }
    }
    put_c(b, '"');
}

/* HTML: five character references; controls other than TAB and LF, DEL and
   the C1 controls (C2 80..C2 9F) as U+FFFD; LF kept, or <br> in a cell. */
static void ref_html(buf *b, const unsigned char *s, size_t n, bool br) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        const char *ent = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;"
                        : c == '\'' ? "&#39;" : NULL;
        if (ent) {
            put(b, ent, strlen(ent));
        } else if (c == '\n') {
            if (br) put(b, "<br>", 4);
            else put_c(b, '\n');
        } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
            put(b, "\xEF\xBF\xBD", 3);
        } else if (c == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F) {
            put(b, "\xEF\xBF\xBD", 3);
            i++;
        } else {
            put_c(b, (char)c);
        }
    }
}

/* Text: LF as <br>, TAB/VT/FF/CR as a space; a whole cell that starts with
   '"' quoted, its quotes doubled. */
static void ref_text(buf *b, const unsigned char *s, size_t n, bool whole_cell) {
    bool quote = whole_cell && n && s[0] == '"';
    if (quote) put_c(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == '\n') put(b, "<br>", 4);
        else if (c == '\t' || c == '\v' || c == '\f' || c == '\r') put_c(b, ' ');
        else if (c == '"' && quote) put(b, "\"\"", 2);
        else put_c(b, (char)c);
    }
    if (quote) put_c(b, '"');
}

/* Length of the UTF-8 sequence at s[0] (>= 0x80) that XML 1.0 allows, 0
   when not: well-formed (no overlong form, surrogate or value past
   U+10FFFF) and not U+FFFE/U+FFFF. */
static size_t ref_utf8(const unsigned char *s, size_t n) {
    unsigned c = s[0], len, min;
    if (c >= 0xC0 && c < 0xE0) len = 2, c &= 0x1F, min = 0x80;
    else if (c >= 0xE0 && c < 0xF0) len = 3, c &= 0x0F, min = 0x800;
    else if (c >= 0xF0 && c < 0xF8) len = 4, c &= 0x07, min = 0x10000;
    else return 0;
    if (n < len) return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        c = c << 6 | (s[k] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF) return 0;
    return len;
}

/* XML: & < > " as entities always, CR as &#13;, TAB and LF as &#9;/&#10;
   in attributes (kept in text); every other C0 control, every byte not
   part of an allowed UTF-8 sequence, and U+FFFE/U+FFFF (all three bytes)
   as U+FFFD, one for each such byte or character. */
static void ref_xml(buf *b, const unsigned char *s, size_t n, bool attribute) {
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        const char *ent = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;"
                        : c == '\r' ? "&#13;" : attribute && c == '\t' ? "&#9;" : attribute && c == '\n' ? "&#10;"
                        : NULL;
        if (ent) {
            put(b, ent, strlen(ent));
            i++;
        } else if (c == '\t' || c == '\n' || (c >= 0x20 && c < 0x80)) {
            put_c(b, (char)c);
            i++;
        } else if (c >= 0x80 && ref_utf8(s + i, n - i)) {
            size_t k = ref_utf8(s + i, n - i);
            put(b, s + i, k);
            i += k;
        } else {
            put(b, "\xEF\xBF\xBD", 3);
            i += c == 0xEF && i + 2 < n && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF) ? 3 : 1;
        }
    }
}

typedef enum { JSON, HTML, HTML_CELL, TEXT, TEXT_CELL, XML_TEXT, XML_ATTR } which;

static void run_escaper(ptc_sink *out, which w, const char *s, size_t n) {
    switch (w) {
    case JSON: ptc_json_write_string(out, s, n); break;
    case HTML: html_put_escaped(out, s, n); break;
    case HTML_CELL: html_put_cell_text(out, (ptc_str){s, n}); break;
    case TEXT: ptc_text_put(out, (ptc_str){s, n}, false); break;
    case TEXT_CELL: ptc_text_put(out, (ptc_str){s, n}, true); break;
    case XML_TEXT:
    case XML_ATTR: {
        /* the room path when it fits, as the xml emitter does */
        char *p = ptc_sink_room(out, PTC_XML_ROOM(n));
        if (p) ptc_sink_commit_to(out, ptc_xml_escape_into(p, s, n, w == XML_ATTR));
        else ptc_xml_write_escaped(out, (ptc_str){s, n}, w == XML_ATTR);
        break;
    }
    }
}

static void run_reference(buf *b, which w, const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    switch (w) {
    case JSON: ref_json(b, u, n); break;
    case HTML: ref_html(b, u, n, false); break;
    case HTML_CELL: ref_html(b, u, n, true); break;
    case TEXT: ref_text(b, u, n, false); break;
    case TEXT_CELL: ref_text(b, u, n, true); break;
    case XML_TEXT: ref_xml(b, u, n, false); break;
    case XML_ATTR: ref_xml(b, u, n, true); break;
    }
}

static const char *const names[] = {"json", "html", "html cell", "text", "text cell", "xml text", "xml attribute"};

static int collect(void *ud, const char *data, size_t len) {
    put(ud, data, len);
    return 0;
}

/* Escapes s[0..n) into a memory sink (the room path) or, `through_writes`,
   a callback sink whose room a long string does not fit, and compares. */
static void check_one(which w, const char *s, size_t n, bool through_writes) {
    buf want = {0}, got = {0};
    run_reference(&want, w, s, n);
    const char *data;
    size_t len;
    ptc_sink *out = through_writes ? ptc_sink_callback(collect, &got) : ptc_sink_memory();
    assert_non_null(out);
    run_escaper(out, w, s, n);
    assert_int_equal(ptc_sink_flush(out), 0);
    if (through_writes) {
        data = got.s, len = got.len;
    } else {
        data = ptc_sink_memory_data(out, &len);
    }
    if (len != want.len || (len && memcmp(data, want.s, len) != 0)) {
        fprintf(stderr, "%s: %zu input bytes:", names[w], n);
        for (size_t i = 0; i < n && i < 80; i++) fprintf(stderr, " %02x", (unsigned char)s[i]);
        fprintf(stderr, "\n  got %zu bytes, want %zu\n", len, want.len);
        fail();
    }
    ptc_sink_free(out);
    free(want.s);
    free(got.s);
}

/* The bytes the rules name, their neighbours, and the pieces of the
   sequences they look at (U+2028, C1 controls, CJK). */
static const unsigned char alphabet[] = {
    'a', '1', ' ', '"', '\\', '&', '<', '>', '\'', '/', 0x00, 0x01, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E,
    0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xA8, 0xA9, 0xAD, 0xB8, 0xC2, 0xE2, 0xE4, 0xFF};

static uint32_t next_random(uint32_t *state) {
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/* Mostly plain text with the odd special byte, as real cells are, and
   sometimes specials only, so both the long clean runs and the runs of
   looks are covered. */
static void fill_random(unsigned char *s, size_t n, uint32_t *state) {
    bool dense = next_random(state) % 4 == 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = next_random(state);
        if (!dense && r % 8 != 0) {
            static const unsigned char cjk[] = {0xE4, 0xB8, 0xAD};
            s[i] = r % 3 ? cjk[i % 3] : (unsigned char)('a' + r % 26);
        } else if (r % 17 == 0 && i + 3 <= n) {
            static const unsigned char ls[] = {0xE2, 0x80, 0xA8};
            memcpy(s + i, ls, 3);
            s[i + 2] = r % 2 ? 0xA8 : 0xA9;
            i += 2;
        } else {
            s[i] = alphabet[(r >> 4) % sizeof alphabet];
        }
    }
}

/* For XML: pieces of text (ASCII, CJK, full-width punctuation EF BC xx,
   the allowed EF BF xx up to U+FFFD, two- and four-byte characters) with,
   now and then, what it must replace or escape: U+FFFE/U+FFFF, surrogates,
   overlong forms, values past U+10FFFF, stray or missing continuation
   bytes, controls and the five specials; cut anywhere by the length. */
static void fill_xml(unsigned char *s, size_t n, uint32_t *state) {
    static const char *const clean[] = {"a", "1", " ", "\xE4\xB8\xAD", "\xE9\xA1\xB9", "\xEF\xBC\x8C", "\xEE\x80\x80",
                                        "\xEC\xBF\xBF", "\xE1\x80\x80", "\xEF\xBF\xBD", "\xEF\xBE\xA0",
                                        "\xC2\xA0", "\xDF\xBF", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
                                        "\xE0\xA0\x80", "\xED\x9F\xBF", "\t", "\n"};
    static const char *const odd[] = {"&", "<", ">", "\"", "\r", "\x01", "\x1F", "\x7F", "\xEF\xBF\xBE",
                                      "\xEF\xBF\xBF", "\xED\xA0\x80", "\xE0\x80\x80", "\xC0\x80", "\xC1\xBF",
                                      "\xF4\x90\x80\x80", "\xF5", "\xFF", "\x80", "\xBF", "\xE4\xB8", "\xE4",
                                      "\xF0\x9F\x98", "\xEF\xBF", "\xEF"};
    bool dense = next_random(state) % 4 == 0;
    size_t i = 0;
    while (i < n) {
        uint32_t r = next_random(state);
        const char *piece = !dense && r % 16 != 0 ? clean[(r >> 4) % (sizeof clean / sizeof clean[0])]
                                                  : odd[(r >> 4) % (sizeof odd / sizeof odd[0])];
        for (size_t k = 0; piece[k] && i < n; k++) s[i++] = (unsigned char)piece[k];
    }
}

static void test_random_strings_match_the_reference(void **state) {
    (void)state;
    uint32_t rng = 12345;
    unsigned char space[16 + 96];
    for (size_t n = 0; n <= 80; n++) {
        for (size_t align = 0; align < 16; align++) {
            for (int round = 0; round < 6; round++) {
                unsigned char *s = space + align;
                fill_random(s, n, &rng);
                for (which w = JSON; w <= XML_ATTR; w++) check_one(w, (const char *)s, n, false);
                fill_xml(s, n, &rng);
                check_one(XML_TEXT, (const char *)s, n, false);
                check_one(XML_ATTR, (const char *)s, n, false);
            }
        }
    }
}

/* A string whose worst case does not fit an empty sink buffer goes through
   the write functions, piece by piece: the same bytes. */
static void test_long_strings_through_the_write_functions(void **state) {
    (void)state;
    uint32_t rng = 777;
    size_t n = 300 * 1024;
    unsigned char *s = malloc(n);
    assert_non_null(s);
    for (int round = 0; round < 3; round++) {
        fill_random(s, n, &rng);
        if (round == 2) s[0] = '"'; /* a quoted text cell */
        for (which w = JSON; w <= XML_ATTR; w++) {
            check_one(w, (const char *)s, n, true);
            check_one(w, (const char *)s, n, false);
        }
        fill_xml(s, n, &rng);
        for (which w = XML_TEXT; w <= XML_ATTR; w++) {
            check_one(w, (const char *)s, n, true);
            check_one(w, (const char *)s, n, false);
        }
    }
    free(s);
}

/* Spec examples: what each rule does to one string. */
static void test_examples(void **state) {
    (void)state;
    struct {
        which w;
        const char *in, *want;
    } ex[] = {
        {JSON, "a\"b\\c\n\x01\x7f", "\"a\\\"b\\\\c\\n\\u0001\\u007f\""},
        {JSON, "\xE2\x80\xA8\xE2\x80\xA9\xE2\x80\xA6", "\"\\u2028\\u2029\xE2\x80\xA6\""},
        {HTML, "<a href='x'>&\"</a>", "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"},
        {HTML, "\x01\t\n\xC2\x85\xC2\xA0", "\xEF\xBF\xBD\t\n\xEF\xBF\xBD\xC2\xA0"},
        {HTML_CELL, "a\nb", "a<br>b"},
        {TEXT, "a\tb\nc\"d", "a b<br>c\"d"},
        {TEXT_CELL, "\"x\"\ty", "\"\"\"x\"\" y\""},
        {XML_TEXT, "a&<>\"\t\n\rb", "a&amp;&lt;&gt;&quot;\t\n&#13;b"},
        {XML_ATTR, "\t\n\r", "&#9;&#10;&#13;"},
        {XML_TEXT, "\x01\xEF\xBF\xBE\xEF\xBF\xBD\xED\xA0\x80\xE4\xB8",
         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        ptc_sink *out = ptc_sink_memory();
        assert_non_null(out);
        run_escaper(out, ex[i].w, ex[i].in, strlen(ex[i].in));
        size_t len;
        const char *data = ptc_sink_memory_data(out, &len);
        assert_int_equal(len, strlen(ex[i].want));
        assert_memory_equal(data, ex[i].want, len);
        ptc_sink_free(out);
        check_one(ex[i].w, ex[i].in, strlen(ex[i].in), false);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_random_strings_match_the_reference),
        cmocka_unit_test(test_long_strings_through_the_write_functions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

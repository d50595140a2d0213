/*
 * Unit tests for parsers/decode.c.
 *
 * Every decode runs under several chunkings (whole, byte by byte, 2/3/7
 * bytes, an irregular pattern) and must give the same transcript: lines as
 * "L<n>:<text>" and diagnostics as "D<sev> <code> <line>:<col> <message>",
 * in callback order, NUL shown as \0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/decode.h"

/* ------------------------------------------------------------------------ */
/* Transcript capture                                                        */
/* ------------------------------------------------------------------------ */

typedef struct transcript {
    char *buf;
    size_t len, cap;
} transcript;

static void put(transcript *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *grown = realloc(t->buf, cap);
        assert_non_null(grown);
        t->buf = grown;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

static void puts_t(transcript *t, const char *s) { put(t, s, strlen(s)); }

static void record_line(void *ud, uint32_t lineno, const char *text, size_t len)
{
    transcript *t = ud;
    char head[32];
    snprintf(head, sizeof head, "L%u:", (unsigned)lineno);
    puts_t(t, head);
    /* A terminator inside a delivered line is a bug; make it visible. */
    for (size_t i = 0; i < len; i++) {
        switch (text[i]) {
        case '\0': puts_t(t, "\\0"); break;
        case '\\': puts_t(t, "\\\\"); break;
        case '\n': puts_t(t, "\\n"); break;
        case '\r': puts_t(t, "\\r"); break;
        default: put(t, text + i, 1);
        }
    }
    puts_t(t, "\n");
}

static void record_diag(void *ud, ptc_severity sev, const char *code, uint32_t line, uint32_t col,
                        const char *message)
{
    transcript *t = ud;
    char head[64];
    snprintf(head, sizeof head, "D%d %s %u:%u ", (int)sev, code, (unsigned)line, (unsigned)col);
    puts_t(t, head);
    puts_t(t, message);
    puts_t(t, "\n");
}

typedef struct decoded {
    transcript out;
    char encoding[32];
    char how[16];
    uint64_t bytes;
} decoded;

/* chunks[] cycles; a 0 entry means "everything that is left". */
static void decode_with(decoded *r, const void *data, size_t len, const char *forced,
                        const size_t *chunks, size_t nchunks)
{
    memset(r, 0, sizeof *r);
    puts_t(&r->out, "");
    int err = -99;
    ptc_decoder *d = ptc_decoder_new(forced, record_line, record_diag, &r->out, &err);
    assert_non_null(d);
    assert_int_equal(err, PTC_OK);
    const unsigned char *p = data;
    size_t off = 0, k = 0;
    while (off < len) {
        size_t n = chunks[k++ % nchunks];
        if (n == 0 || n > len - off)
            n = len - off;
        assert_int_equal(ptc_decoder_feed(d, p + off, n), PTC_OK);
        off += n;
    }
    assert_int_equal(ptc_decoder_finish(d), PTC_OK);
    const char *how = NULL, *enc = ptc_decoder_encoding(d, &how);
    assert_non_null(enc);
    assert_non_null(how);
    snprintf(r->encoding, sizeof r->encoding, "%s", enc);
    snprintf(r->how, sizeof r->how, "%s", how);
    r->bytes = ptc_decoder_bytes(d);
    ptc_decoder_free(d);
}

static const size_t WHOLE[] = {0}, ONE[] = {1}, TWO[] = {2}, THREE[] = {3}, SEVEN[] = {7},
                    IRREGULAR[] = {1, 2, 3, 5, 8, 13, 4096, 1, 65535};
static const struct {
    const size_t *sizes;
    size_t n;
} CHUNKINGS[] = {{WHOLE, 1}, {ONE, 1}, {TWO, 1}, {THREE, 1}, {SEVEN, 1}, {IRREGULAR, 9}};

/* Decodes under every chunking; all must equal `expected`. */
static void expect_decode(const void *data, size_t len, const char *forced, const char *expected,
                          const char *encoding, const char *how)
{
    for (size_t i = 0; i < sizeof CHUNKINGS / sizeof CHUNKINGS[0]; i++) {
        decoded r;
        decode_with(&r, data, len, forced, CHUNKINGS[i].sizes, CHUNKINGS[i].n);
        if (strcmp(r.out.buf, expected) != 0)
            fprintf(stderr, "chunking #%zu differs\n", i);
        assert_string_equal(r.out.buf, expected);
        assert_string_equal(r.encoding, encoding);
        assert_string_equal(r.how, how);
        assert_int_equal(r.bytes, len);
        free(r.out.buf);
    }
}

static void expect_decode_str(const char *data, const char *forced, const char *expected,
                              const char *encoding, const char *how)
{
    expect_decode(data, strlen(data), forced, expected, encoding, how);
}

/* The transcript of `text` split at LF, with no diagnostics. */
static char *lines_of(const char *text, size_t len)
{
    transcript t = {0};
    puts_t(&t, "");
    uint32_t lineno = 1;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            record_line(&t, lineno++, text + start, i - start);
            start = i + 1;
        }
    }
    if (start < len)
        record_line(&t, lineno, text + start, len - start);
    return t.buf;
}

/* `utf8` converted to `to` with iconv (so tests do not hand-encode). */
static char *encode(const char *to, const char *utf8, size_t *out_len)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t in_left = strlen(utf8), cap = in_left * 4 + 16, out_left = cap;
    char *out = malloc(cap), *op = out, *ip = (char *)(uintptr_t)utf8;
    assert_non_null(out);
    assert_true(iconv(cd, &ip, &in_left, &op, &out_left) != (size_t)-1);
    iconv_close(cd);
    *out_len = cap - out_left;
    return out;
}

static char *read_file(const char *name, size_t *len)
{
    /* Only the configured path (tests/CMakeLists.txt, PTC_SHARED_DIR): a
       guess could test files other than the ones this build was set up
       with, or pass on one machine only. */
    const char *dir = getenv("PTC_SHARED");
    if (!dir || !*dir)
        fail_msg("PTC_SHARED is not set: run the tests through ctest, which sets it from "
                 "cmake's PTC_SHARED_DIR (the shared/ folder)");
    char path[4096];
    snprintf(path, sizeof path, "%s/realworld/%s", dir, name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
    assert_non_null(fp);
    transcript t = {0};
    char block[4096];
    size_t n;
    while ((n = fread(block, 1, sizeof block, fp)) > 0)
        put(&t, block, n);
    assert_int_equal(ferror(fp), 0);
    fclose(fp);
    *len = t.len;
    return t.buf;
}

static bool contains(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return true;
    return false;
}

static char *repeat(const char *unit, size_t times)
{
    size_t n = strlen(unit);
    char *s = malloc(n * times + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * n, unit, n);
    s[n * times] = '\0';
    return s;
}

/* ------------------------------------------------------------------------ */
/* Encodings                                                                 */
/* ------------------------------------------------------------------------ */

static void test_utf8_plain(void **state)
{
    (void)state;
    expect_decode_str("项目名称\t绩效目标\n一级指标\t≥95%\n", NULL,
                      "L1:项目名称\t绩效目标\nL2:一级指标\t≥95%\n", "UTF-8", "detected");
    expect_decode_str("plain ascii\n", NULL, "L1:plain ascii\n", "UTF-8", "detected");
}

static void test_utf8_bom(void **state)
{
    (void)state;
    expect_decode_str("\xEF\xBB\xBF绩效目标表\n指标\n", NULL, "L1:绩效目标表\nL2:指标\n", "UTF-8",
                      "bom");
    /* Only a leading BOM is one; later U+FEFF is content. */
    expect_decode_str("\xEF\xBB\xBF\xEF\xBB\xBFx", NULL, "L1:\xEF\xBB\xBFx\n", "UTF-8", "bom");
}

static const char CJK_TSV[] = "项目名称\t绩效目标\r\n一级指标\t二级指标\t三级指标\r\n"
                              "产出指标\t数量指标\t≥95%\r\n";
static const char CJK_TSV_LINES[] = "L1:项目名称\t绩效目标\nL2:一级指标\t二级指标\t三级指标\n"
                                    "L3:产出指标\t数量指标\t≥95%\n";

static void expect_utf16(const char *iconv_name, const char *bom, const char *how)
{
    size_t n;
    char *body = encode(iconv_name, CJK_TSV, &n);
    size_t bom_len = strlen(bom);
    char *data = malloc(n + bom_len);
    assert_non_null(data);
    memcpy(data, bom, bom_len);
    memcpy(data + bom_len, body, n);
    expect_decode(data, n + bom_len, NULL, CJK_TSV_LINES, iconv_name, how);
    free(body);
    free(data);
}

static void test_utf16le_bom(void **state)
{
    (void)state;
    expect_utf16("UTF-16LE", "\xFF\xFE", "bom");
}

static void test_utf16be_bom(void **state)
{
    (void)state;
    expect_utf16("UTF-16BE", "\xFE\xFF", "bom");
}

static void test_utf16le_without_bom(void **state)
{
    (void)state;
    expect_utf16("UTF-16LE", "", "detected");
}

static void test_utf16be_without_bom(void **state)
{
    (void)state;
    expect_utf16("UTF-16BE", "", "detected");
}

static void test_utf16_damage(void **state)
{
    (void)state;
    /* Lone high surrogate, then an odd byte left at the end. */
    static const char data[] = "\xFF\xFE" "a\0" "\x00\xD8" "b\0" "\n\0" "c\0" "d";
    expect_decode(data, sizeof data - 1, NULL,
                  "D1 invalid-byte 1:2 bytes 0x00 0xD8 are not valid UTF-16LE, replaced with U+FFFD\n"
                  "L1:a\xEF\xBF\xBD" "b\n"
                  "D1 invalid-byte 2:2 byte 0x64 is not valid UTF-16LE, replaced with U+FFFD\n"
                  "L2:c\xEF\xBF\xBD\n",
                  "UTF-16LE", "bom");
}

static const char GB_TEXT[] = "绩效目标设置情况\t≧95%\r\n项目名称\tÀ级𠀀\r\n";
static const char GB_LINES[] = "L1:绩效目标设置情况\t≧95%\nL2:项目名称\tÀ级𠀀\n";

static void test_gb18030_detected(void **state)
{
    (void)state;
    size_t n;
    char *gb = encode("GB18030", GB_TEXT, &n);
    /* The test is only meaningful if À and U+20000 took the four-byte form. */
    assert_true(contains(gb, n, "\x81\x30\x86\x38"));
    assert_true(contains(gb, n, "\x95\x32\x82\x36"));
    expect_decode(gb, n, NULL, GB_LINES, "GB18030", "detected");
    free(gb);
}

static void test_gb18030_forced(void **state)
{
    (void)state;
    size_t n;
    char *gb = encode("GB18030", GB_TEXT, &n);
    expect_decode(gb, n, "gb18030", GB_LINES, "gb18030", "forced");
    free(gb);
    expect_decode_str("a\x81 b\nc\x81", "GB18030",
                      "D1 invalid-byte 1:2 byte 0x81 is not valid GB18030, replaced with U+FFFD\n"
                      "L1:a\xEF\xBF\xBD b\n"
                      "D1 invalid-byte 2:2 byte 0x81 is not valid GB18030, replaced with U+FFFD\n"
                      "L2:c\xEF\xBF\xBD\n",
                      "GB18030", "forced");
}

static void test_forced_utf8_and_bom(void **state)
{
    (void)state;
    expect_decode_str("\xEF\xBB\xBFx\n", "utf8", "L1:x\n", "utf8", "forced");
    size_t n;
    char *body = encode("UTF-16LE", "表\n", &n);
    char data[16] = "\xFF\xFE";
    memcpy(data + 2, body, n);
    expect_decode(data, n + 2, "UTF-16LE", "L1:表\n", "UTF-16LE", "forced");
    free(body);
}

static void test_unknown_encoding(void **state)
{
    (void)state;
    int err = 0;
    transcript t = {0};
    assert_null(ptc_decoder_new("NO-SUCH-ENCODING-42", record_line, record_diag, &t, &err));
    assert_int_equal(err, PTC_ERR_ENCODING);
    assert_null(t.buf);
}

static void test_mostly_utf8_stays_utf8(void **state)
{
    (void)state;
    /* 200 CJK characters with one stray byte after the tenth, and a second
       line with two: far below 1% of the non-ASCII bytes. */
    char *cjk = repeat("绩效目标", 50);
    transcript in = {0}, want = {0};
    put(&in, cjk, 30);
    puts_t(&in, "\xFF");
    puts_t(&in, cjk + 30);
    puts_t(&in, "\nab\xC3(\xFF\n");
    puts_t(&want, "D1 invalid-byte 1:11 invalid UTF-8 byte 0xFF replaced with U+FFFD\nL1:");
    put(&want, cjk, 30);
    puts_t(&want, "\xEF\xBF\xBD");
    puts_t(&want, cjk + 30);
    puts_t(&want, "\nD1 invalid-byte 2:3 2 invalid bytes replaced with U+FFFD, first 0xC3\n"
                  "L2:ab\xEF\xBF\xBD(\xEF\xBF\xBD\n");
    expect_decode(in.buf, in.len, NULL, want.buf, "UTF-8", "detected");
    free(cjk);
    free(in.buf);
    free(want.buf);
}

static void test_detection_uses_whole_sample(void **state)
{
    (void)state;
    /* Text beyond the sample does not change the choice: 70,000 ASCII
       bytes decide UTF-8, so later GB18030 bytes become replacements. */
    char *ascii = repeat("abcdefghi\n", 7000);
    transcript in = {0}, want = {0};
    puts_t(&in, ascii);
    puts_t(&in, "\xB1\xED\n");
    for (unsigned i = 1; i <= 7000; i++) {
        char line[32];
        snprintf(line, sizeof line, "L%u:abcdefghi\n", i);
        puts_t(&want, line);
    }
    puts_t(&want, "D1 invalid-byte 7001:1 2 invalid bytes replaced with U+FFFD, first 0xB1\n"
                  "L7001:\xEF\xBF\xBD\xEF\xBF\xBD\n");
    expect_decode(in.buf, in.len, NULL, want.buf, "UTF-8", "detected");
    free(ascii);
    free(in.buf);
    free(want.buf);
}

/* ------------------------------------------------------------------------ */
/* UTF-8 validation                                                          */
/* ------------------------------------------------------------------------ */

static void test_utf8_invalid_sequences(void **state)
{
    (void)state;
    /* Forced, so that detection on such tiny samples does not pick GB18030. */
    expect_decode_str("a\xC0\xAF" "b\n"          /* overlong '/' */
                      "\xED\xA0\x80\n"            /* surrogate U+D800 */
                      "x\x80y\n"                  /* lone continuation */
                      "\xF4\x90\x80\x80\n"        /* beyond U+10FFFF */
                      "\xE4\xB8z\n"               /* truncated, then ASCII */
                      "\xE0\x80\xF5\xFF\n"        /* overlong 3-byte, bytes never valid */
                      "\xC2\x80\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\n"
                      "\xF0\x9F\x98",             /* truncated at end of input */
                      "UTF-8",
                      "D1 invalid-byte 1:2 2 invalid bytes replaced with U+FFFD, first 0xC0\n"
                      "L1:a\xEF\xBF\xBD\xEF\xBF\xBD" "b\n"
                      "D1 invalid-byte 2:1 3 invalid bytes replaced with U+FFFD, first 0xED\n"
                      "L2:\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\n"
                      "D1 invalid-byte 3:2 invalid UTF-8 byte 0x80 replaced with U+FFFD\n"
                      "L3:x\xEF\xBF\xBDy\n"
                      "D1 invalid-byte 4:1 4 invalid bytes replaced with U+FFFD, first 0xF4\n"
                      "L4:\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\n"
                      "D1 invalid-byte 5:1 invalid UTF-8 bytes 0xE4 0xB8 replaced with U+FFFD\n"
                      "L5:\xEF\xBF\xBDz\n"
                      "D1 invalid-byte 6:1 4 invalid bytes replaced with U+FFFD, first 0xE0\n"
                      "L6:\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\n"
                      "L7:\xC2\x80\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\n"
                      "D1 invalid-byte 8:1 invalid UTF-8 bytes 0xF0 0x9F 0x98 replaced with U+FFFD\n"
                      "L8:\xEF\xBF\xBD\n",
                      "UTF-8", "forced");
}

static void test_split_characters(void **state)
{
    (void)state;
    /* Every cut of a 3-byte and a 4-byte character between two feeds. */
    static const struct {
        const char *bytes, *want;
    } cases[] = {{"\xE7\xBB\xA9\n", "L1:绩\n"}, {"\xF0\xA0\x80\x80\n", "L1:𠀀\n"}};
    for (size_t c = 0; c < 2; c++) {
        size_t len = strlen(cases[c].bytes);
        expect_decode_str(cases[c].bytes, NULL, cases[c].want, "UTF-8", "detected");
        for (size_t cut = 1; cut + 1 < len; cut++) {
            transcript t = {0};
            ptc_decoder *d = ptc_decoder_new("UTF-8", record_line, record_diag, &t, NULL);
            assert_non_null(d);
            assert_int_equal(ptc_decoder_feed(d, cases[c].bytes, cut), PTC_OK);
            assert_null(t.buf);
            assert_int_equal(ptc_decoder_feed(d, cases[c].bytes + cut, len - cut), PTC_OK);
            assert_int_equal(ptc_decoder_finish(d), PTC_OK);
            assert_string_equal(t.buf, cases[c].want);
            ptc_decoder_free(d);
            free(t.buf);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Lines                                                                     */
/* ------------------------------------------------------------------------ */

static void test_line_endings(void **state)
{
    (void)state;
    expect_decode_str("a\r\nb\rc\n\rd\r\r\ne", NULL,
                      "L1:a\nL2:b\nL3:c\nL4:\nL5:d\nL6:\nL7:e\n", "UTF-8", "detected");
    expect_decode_str("\r\r\n\n", NULL, "L1:\nL2:\nL3:\n", "UTF-8", "detected");
    expect_decode_str("x\r", NULL, "L1:x\n", "UTF-8", "detected");
}

static void feed_all(const char *const *parts, const char *expected)
{
    transcript t = {0};
    puts_t(&t, "");
    ptc_decoder *d = ptc_decoder_new(NULL, record_line, record_diag, &t, NULL);
    assert_non_null(d);
    for (; *parts; parts++)
        assert_int_equal(ptc_decoder_feed(d, *parts, strlen(*parts)), PTC_OK);
    assert_int_equal(ptc_decoder_finish(d), PTC_OK);
    assert_string_equal(t.buf, expected);
    ptc_decoder_free(d);
    free(t.buf);
}

static void test_cr_at_chunk_boundary(void **state)
{
    (void)state;
    feed_all((const char *const[]){"a\r", "\nb\r", "c", NULL}, "L1:a\nL2:b\nL3:c\n");
    feed_all((const char *const[]){"a\r", "\r", "\n", "b", NULL}, "L1:a\nL2:\nL3:b\n");
    feed_all((const char *const[]){"\xEF", "\xBB", "\xBF" "a\r", "\n", NULL}, "L1:a\n");
}

static void test_bom_split_across_feeds(void **state)
{
    (void)state;
    transcript t = {0};
    ptc_decoder *d = ptc_decoder_new(NULL, record_line, record_diag, &t, NULL);
    assert_non_null(d);
    const char *how = "unset";
    assert_int_equal(ptc_decoder_feed(d, "\xFF", 1), PTC_OK);
    assert_null(ptc_decoder_encoding(d, &how));
    assert_null(how);
    assert_int_equal(ptc_decoder_feed(d, "\xFE", 1), PTC_OK);
    assert_string_equal(ptc_decoder_encoding(d, &how), "UTF-16LE");
    assert_string_equal(how, "bom");
    assert_int_equal(ptc_decoder_feed(d, "x\0\n", 3), PTC_OK);
    assert_int_equal(ptc_decoder_feed(d, "\0", 1), PTC_OK);
    assert_int_equal(ptc_decoder_finish(d), PTC_OK);
    assert_string_equal(t.buf, "L1:x\n");
    ptc_decoder_free(d);
    free(t.buf);
    /* A BOM prefix that is not one is data (here a GB18030 character). */
    expect_decode_str("\xEF\xBBmore\n", NULL, "L1:\xE9\x94\x98more\n", "GB18030", "detected");
}

static void test_nul_kept(void **state)
{
    (void)state;
    static const char data[] = "first line without nul\nab\0cd\n绩效\0\0x\n";
    expect_decode(data, sizeof data - 1, NULL,
                  "L1:first line without nul\n"
                  "D1 nul-byte 2:3 NUL byte in line\nL2:ab\\0cd\n"
                  "D1 nul-byte 3:3 NUL byte in line\nL3:绩效\\0\\0x\n",
                  "UTF-8", "detected");
    /* Both kinds on one line come in column order. */
    static const char both[] = "a\0\xFF\n\xFF\0\n";
    expect_decode(both, sizeof both - 1, "UTF-8",
                  "D1 nul-byte 1:2 NUL byte in line\n"
                  "D1 invalid-byte 1:3 invalid UTF-8 byte 0xFF replaced with U+FFFD\n"
                  "L1:a\\0\xEF\xBF\xBD\n"
                  "D1 invalid-byte 2:1 invalid UTF-8 byte 0xFF replaced with U+FFFD\n"
                  "D1 nul-byte 2:2 NUL byte in line\n"
                  "L2:\xEF\xBF\xBD\\0\n",
                  "UTF-8", "forced");
}

static void test_line_too_long(void **state)
{
    (void)state;
    size_t big = 3u * 1024u * 1024u;
    transcript in = {0};
    char *xs = repeat("x", big);
    put(&in, xs, big);
    put(&in, "\xFF\0\nshort\n", 9); /* U+FFFD and NUL count in the length */
    expect_decode(in.buf, in.len, NULL,
                  "D2 line-too-long 1:1 line is 3145732 bytes long, more than the limit of "
                  "1048576; it was not read\nL2:short\n",
                  "UTF-8", "detected");
    free(in.buf);

    /* Exactly at the limit is kept; one more byte is not. */
    transcript at = {0}, want = {0};
    put(&at, xs, PTC_MAX_LINE_BYTES);
    puts_t(&at, "\n");
    put(&at, xs, PTC_MAX_LINE_BYTES + 1);
    puts_t(&want, "L1:");
    put(&want, xs, PTC_MAX_LINE_BYTES);
    puts_t(&want, "\nD2 line-too-long 2:1 line is 1048577 bytes long, more than the limit of "
                  "1048576; it was not read\n");
    expect_decode(at.buf, at.len, NULL, want.buf, "UTF-8", "detected");
    free(at.buf);
    free(want.buf);
    free(xs);
}

static void test_empty_and_final_line(void **state)
{
    (void)state;
    expect_decode("", 0, NULL, "", "UTF-8", "detected");
    expect_decode_str("a\nb", NULL, "L1:a\nL2:b\n", "UTF-8", "detected");
    expect_decode_str("a\n", NULL, "L1:a\n", "UTF-8", "detected");
    expect_decode_str("\n", NULL, "L1:\n", "UTF-8", "detected");
    expect_decode_str("\n\n", NULL, "L1:\nL2:\n", "UTF-8", "detected");
}

/* ------------------------------------------------------------------------ */
/* API                                                                       */
/* ------------------------------------------------------------------------ */

static void test_state_and_counters(void **state)
{
    (void)state;
    transcript t = {0};
    ptc_decoder *d = ptc_decoder_new(NULL, record_line, record_diag, &t, NULL);
    assert_non_null(d);
    assert_null(ptc_decoder_encoding(d, NULL));
    assert_int_equal(ptc_decoder_feed(d, "abc\ndef", 7), PTC_OK);
    assert_int_equal(ptc_decoder_feed(d, NULL, 0), PTC_OK);
    /* Undecided until PTC_DETECT_BYTES or the end: nothing delivered yet. */
    assert_null(ptc_decoder_encoding(d, NULL));
    assert_null(t.buf);
    assert_int_equal(ptc_decoder_bytes(d), 7);
    assert_int_equal(ptc_decoder_finish(d), PTC_OK);
    assert_string_equal(ptc_decoder_encoding(d, NULL), "UTF-8");
    assert_string_equal(t.buf, "L1:abc\nL2:def\n");
    assert_int_equal(ptc_decoder_feed(d, "x", 1), PTC_ERR_STATE);
    assert_int_equal(ptc_decoder_finish(d), PTC_ERR_STATE);
    ptc_decoder_free(d);
    ptc_decoder_free(NULL);
    free(t.buf);
}

static void test_binary_garbage(void **state)
{
    (void)state;
    size_t n = 200000;
    unsigned char *junk = malloc(n);
    assert_non_null(junk);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
    }
    decoded first;
    decode_with(&first, junk, n, NULL, WHOLE, 1);
    /* At most one invalid-byte diagnostic per line. */
    unsigned last_line = 0, line, col;
    for (const char *p = first.out.buf; (p = strstr(p, "D1 invalid-byte ")); p++) {
        assert_int_equal(sscanf(p, "D1 invalid-byte %u:%u", &line, &col), 2);
        assert_true(line > last_line);
        last_line = line;
    }
    assert_true(last_line > 0);
    for (size_t i = 1; i < sizeof CHUNKINGS / sizeof CHUNKINGS[0]; i++) {
        decoded again;
        decode_with(&again, junk, n, NULL, CHUNKINGS[i].sizes, CHUNKINGS[i].n);
        assert_string_equal(again.out.buf, first.out.buf);
        assert_string_equal(again.encoding, first.encoding);
        free(again.out.buf);
    }
    /* The same garbage through iconv. */
    const char *names[] = {"GB18030", "UTF-16BE"};
    for (size_t k = 0; k < 2; k++) {
        decoded a, b;
        decode_with(&a, junk, n, names[k], WHOLE, 1);
        decode_with(&b, junk, n, names[k], SEVEN, 1);
        assert_string_equal(a.out.buf, b.out.buf);
        free(a.out.buf);
        free(b.out.buf);
    }
    free(first.out.buf);
    free(junk);
}

/* ------------------------------------------------------------------------ */
/* Real files                                                                */
/* ------------------------------------------------------------------------ */

static void expect_real_file(const char *encoded_name, const char *tsv_name, const char *encoding,
                             const char *how)
{
    size_t enc_len, tsv_len, kept = 0;
    char *encoded = read_file(encoded_name, &enc_len), *tsv = read_file(tsv_name, &tsv_len);
    for (size_t i = 0; i < tsv_len; i++)
        if (!(tsv[i] == '\r' && i + 1 < tsv_len && tsv[i + 1] == '\n'))
            tsv[kept++] = tsv[i];
    assert_null(memchr(tsv, '\r', kept)); /* the fixture has no lone CR */
    char *want = lines_of(tsv, kept);
    expect_decode(encoded, enc_len, NULL, want, encoding, how);
    free(encoded);
    free(tsv);
    free(want);
}

static void test_real_gb18030(void **state)
{
    (void)state;
    expect_real_file("40-zhanjiang-2023-overall.gb18030.txt", "40-zhanjiang-2023-overall.tsv",
                     "GB18030", "detected");
}

static void test_real_utf16(void **state)
{
    (void)state;
    expect_real_file("72-yuzhong-2021-self-eval.utf16.txt", "72-yuzhong-2021-self-eval.tsv",
                     "UTF-16LE", "bom");
}

static void test_real_utf8(void **state)
{
    (void)state;
    expect_real_file("40-zhanjiang-2023-overall.tsv", "40-zhanjiang-2023-overall.tsv", "UTF-8",
                     "detected");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_plain),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_utf16le_bom),
        cmocka_unit_test(test_utf16be_bom),
        cmocka_unit_test(test_utf16le_without_bom),
        cmocka_unit_test(test_utf16be_without_bom),
        cmocka_unit_test(test_utf16_damage),
        cmocka_unit_test(test_gb18030_detected),
        cmocka_unit_test(test_gb18030_forced),
        cmocka_unit_test(test_forced_utf8_and_bom),
        cmocka_unit_test(test_unknown_encoding),
        cmocka_unit_test(test_mostly_utf8_stays_utf8),
        cmocka_unit_test(test_detection_uses_whole_sample),
        cmocka_unit_test(test_utf8_invalid_sequences),
        cmocka_unit_test(test_split_characters),
        cmocka_unit_test(test_line_endings),
        cmocka_unit_test(test_cr_at_chunk_boundary),
        cmocka_unit_test(test_bom_split_across_feeds),
        cmocka_unit_test(test_nul_kept),
        cmocka_unit_test(test_line_too_long),
        cmocka_unit_test(test_empty_and_final_line),
        cmocka_unit_test(test_state_and_counters),
        cmocka_unit_test(test_binary_garbage),
        cmocka_unit_test(test_real_gb18030),
        cmocka_unit_test(test_real_utf16),
        cmocka_unit_test(test_real_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

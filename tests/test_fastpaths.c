/*
 * Unit tests for the word/SIMD fast paths of the decoder and the record
 * layer, against the byte-at-a-time definitions they stand in for: random
 * strings (valid and invalid UTF-8, TABs, quotes), lengths 0..80, every
 * alignment, each in a buffer of exactly its length so that a read past the
 * end is caught under ASan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/limits.h"
#include "common/normalize.h"
#include "parsers/detect.h"
#include "parsers/records.h"
#include "parsers/utf8.h"
#include "tests/testutil.h"

static uint32_t rng = 12345;
static unsigned next_rand(void) { return ptc_test_rand(&rng); }

/* Pieces the strings are made of: the common characters of the fast paths,
   the edge cases around them, and bytes that are never valid. */
static const char *const pieces[] = {
    "a", "1", " ", "\t", "\t", "\"", "\"\"", "项", "目", "（", "　", "\xC2\xA0", "\xC3\x97", "\xDF\xBF",
    "\xE0\xA0\x80", "\xED\x9F\xBF", "\xED\xA0\x80", "\xE0\x80\x80", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
    "\xF4\x90\x80\x80", "\x80", "\xBF", "\xC0\xAF", "\xC1", "\xC2", "\xE4\xB8", "\xF5", "\xFF", "\xEF\xBF\xBD",
};

/* Random text of exactly `len` bytes into out; `valid_only` keeps to
   pieces that are valid UTF-8 (cut pieces at the end aside). */
static void random_text(char *out, size_t len, int kinds) {
    size_t n = 0;
    size_t npieces = sizeof pieces / sizeof pieces[0];
    while (n < len) {
        const char *p = pieces[next_rand() % (kinds ? (size_t)kinds : npieces)];
        size_t pl = strlen(p);
        if (pl > len - n) pl = len - n;
        memcpy(out + n, p, pl);
        n += pl;
    }
}

/* ---------------------------------------------------------- UTF-8 */

static void check_skip(const unsigned char *s, size_t len) {
    const unsigned char *end = s + len, *got = utf8_skip_common(s, end);
    assert_true(got >= s && got <= end);
    /* everything skipped is whole valid characters, by the definition */
    const unsigned char *q = s;
    while (q < got) {
        if (*q < 0x80) {
            q++;
            continue;
        }
        size_t seq;
        assert_int_equal(utf8_sequence(q, (size_t)(end - q), &seq), SEQ_VALID);
        q += seq;
    }
    assert_ptr_equal(q, got);
}

static void utf8_skip_common_matches_definition(void **state) {
    (void)state;
    for (int kinds = 0; kinds <= 14; kinds += 14) /* all pieces; the common ones */
        for (size_t len = 0; len <= 80; len++)
            for (size_t align = 0; align < 16; align++)
                for (int round = 0; round < 8; round++) {
                    char *buf = malloc(len + align + 1);
                    assert_non_null(buf);
                    random_text(buf + align, len, kinds);
                    check_skip((const unsigned char *)buf + align, len);
                    /* common text with one byte anywhere made anything */
                    if (len) buf[align + next_rand() % len] = (char)next_rand();
                    check_skip((const unsigned char *)buf + align, len);
                    free(buf);
                }
}

static void utf8_skip_common_goes_far_on_common_text(void **state) {
    (void)state;
    /* only valid common characters: it stops short of the end only by the
       last (incomplete) block and a character cut at its start */
    for (size_t len = 0; len <= 80; len++)
        for (int round = 0; round < 16; round++) {
            char *buf = malloc(len + 1);
            assert_non_null(buf);
            size_t n = 0;
            while (n < len) {
                const char *p = pieces[next_rand() % 14];
                size_t pl = strlen(p);
                if (pl > len - n) {
                    memset(buf + n, 'x', len - n); /* no cut character */
                    n = len;
                    break;
                }
                memcpy(buf + n, p, pl);
                n += pl;
            }
            const unsigned char *s = (const unsigned char *)buf;
            const unsigned char *got = utf8_skip_common(s, s + len);
            check_skip(s, len);
#ifdef __SSE2__
            assert_true((size_t)(got - s) + 15 + 2 >= len);
#else
            assert_ptr_equal(got, s); /* no fast path to take */
#endif
            free(buf);
        }
}

static void utf8_chars_matches_definition(void **state) {
    (void)state;
    for (size_t len = 0; len <= 300; len += len < 80 ? 1 : 37)
        for (size_t align = 0; align < 16; align++)
            for (int round = 0; round < 8; round++) {
                char *buf = malloc(len + align + 1);
                assert_non_null(buf);
                random_text(buf + align, len, 0);
                const char *s = buf + align;
                size_t want = 0;
                for (size_t i = 0; i < len; i++) want += ((unsigned char)s[i] & 0xC0) != 0x80;
                assert_int_equal(ptc_utf8_chars(s, len), want);
                free(buf);
            }
    /* long enough for the per-lane sums to be taken more than once */
    size_t big = 16 * 600 + 5;
    char *buf = malloc(big);
    assert_non_null(buf);
    for (size_t i = 0; i < big; i++) buf[i] = (char)(i % 3 ? 0x80 : 0xE4);
    assert_int_equal(ptc_utf8_chars(buf, big), (big + 2) / 3);
    free(buf);
}

/* A sample read in pieces decides as the whole sample read at once. */
static void clearly_utf8_reads_pieces_as_whole(void **state) {
    (void)state;
    size_t cap = 9000;
    unsigned char *buf = malloc(cap);
    assert_non_null(buf);
    for (int round = 0; round < 60; round++) {
        /* valid text, now and then one bad byte late in the sample */
        size_t n = 0;
        while (n < cap) {
            const char *p = pieces[next_rand() % (round % 3 ? 14 : 11)];
            size_t pl = strlen(p);
            if (pl > cap - n) pl = cap - n;
            memcpy(buf + n, p, pl);
            n += pl;
        }
        if (round % 4 == 1) buf[4000 + next_rand() % 4000] = (unsigned char)"\x00\xFF\x80\xE4"[round % 8 / 2];
        early_scan e = {0, 0, 0, false};
        for (size_t len = 0; len < cap; len += 1 + next_rand() % 700) {
            early_scan fresh = {0, 0, 0, false};
            bool whole = clearly_utf8(&fresh, buf, len);
            assert_int_equal(clearly_utf8(&e, buf, len), whole);
        }
    }
    free(buf);
}

/* ---------------------------------------------------------- records */

static size_t naive_chars(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

typedef struct seen {
    size_t records, cells, one_line;
} seen;

/* The definition of a column: characters before the offset on the first
   line of that number among the record's lines, plus one. */
static uint32_t col_of(const ptc_record *r, uint32_t line, uint32_t off) {
    for (size_t i = 0; i < r->nlines; i++)
        if (r->lines[i].lineno == line) {
            size_t n = off <= r->lines[i].len ? off : r->lines[i].len;
            return (uint32_t)naive_chars(r->lines[i].s, n) + 1;
        }
    return 1;
}

static void on_record(void *ud, const ptc_record *r) {
    seen *sn = ud;
    sn->records++;
    /* one_line: the cells are one span of the line, a TAB between each two */
    for (size_t i = 0; r->one_line && i < r->ncells; i++) {
        const ptc_cell *c = &r->cells[i];
        assert_int_equal(r->nlines, 1);
        assert_false(c->quoted);
        assert_ptr_equal(c->s, r->lines[0].s + c->off);
        assert_true(i ? c->s == r->cells[i - 1].s + r->cells[i - 1].len + 1 && c->s[-1] == '\t' : c->off == 0);
    }
    sn->one_line += r->one_line;
    for (size_t i = 0; i < r->ncells; i++) {
        const ptc_cell *c = &r->cells[i];
        sn->cells++;
        ptc_pos a = ptc_cell_start(r, c), b = ptc_cell_end(r, c);
        assert_int_equal(a.line, c->line);
        assert_int_equal(a.col, col_of(r, c->line, c->off));
        uint32_t e = col_of(r, c->end_line, c->end_off);
        assert_int_equal(b.line, c->end_line);
        assert_int_equal(b.col, e > 1 ? e - 1 : 1);
        /* a copy moved inside the cell is counted again, not taken from it */
        ptc_cell part = *c;
        if (part.off < part.end_off && c->line == c->end_line) {
            part.off++;
            part.end_off--;
            assert_int_equal(ptc_cell_start(r, &part).col, col_of(r, part.line, part.off));
            uint32_t pe = col_of(r, part.end_line, part.end_off);
            assert_int_equal(ptc_cell_end(r, &part).col, pe > 1 ? pe - 1 : 1);
        }
        assert_int_equal(ptc_cell_chars(r, c), naive_chars(c->s, c->len));
        /* a plain cell is the bytes between its TABs */
        if (!c->quoted && c->line == r->lines[0].lineno) {
            const ptc_phys_line *L = &r->lines[0];
            assert_ptr_equal(c->s, L->s + c->off);
            assert_int_equal(c->len, c->end_off - c->off);
            assert_null(memchr(c->s, '\t', c->len));
            assert_true(c->end_off == L->len || L->s[c->end_off] == '\t');
            assert_int_equal(c->blank, ptc_is_blank(c->s, c->len));
        }
    }
}

static void record_columns_match_definition(void **state) {
    (void)state;
    seen sn = {0, 0, 0};
    ptc_records *r = ptc_records_new(on_record, NULL, &sn);
    assert_non_null(r);
    uint32_t lineno = 1;
    for (int kinds = 0; kinds <= 14; kinds += 7)
        for (size_t len = 0; len <= 80; len++)
            for (size_t align = 0; align < 16; align++)
                for (int round = 0; round < 4; round++) {
                    char *buf = malloc(len + align + 1);
                    assert_non_null(buf);
                    random_text(buf + align, len, kinds);
                    assert_int_equal(ptc_records_line(r, lineno++, buf + align, len), 0);
                    free(buf);
                }
    assert_int_equal(ptc_records_finish(r), 0);
    ptc_records_free(r);
    assert_true(sn.records > 1000);
    assert_true(sn.one_line > 100 && sn.one_line < sn.records);
}

typedef struct wide {
    seen sn;
    size_t diags;
    ptc_pos pos;
} wide;

static void on_wide_diag(void *ud, ptc_severity sev, const char *code, ptc_pos pos, const char *message) {
    (void)sev, (void)message;
    wide *w = ud;
    if (strcmp(code, "too-many-cells") == 0) w->diags++, w->pos = pos;
}

/* Lines of more cells than are read, a quote or not where the first cell
   not read starts, and line numbers that stopped growing: the cells, the
   truncation and its position as the definition has them. */
static void record_truncation_matches_definition(void **state) {
    (void)state;
    for (int round = 0; round < 48; round++) {
        wide w = {{0, 0, 0}, 0, {0, 0}};
        ptc_records *r = ptc_records_new(on_record, on_wide_diag, &w);
        assert_non_null(r);
        size_t tabs = PTC_MAX_CELLS - 2 + (size_t)round % 5, cap = 64 * (PTC_MAX_CELLS + 8), n = 0, at = 0;
        char *buf = malloc(cap);
        assert_non_null(buf);
        for (size_t t = 0; t <= tabs; t++) {
            size_t k = next_rand() % 3;
            if (t == PTC_MAX_CELLS && round % 2) buf[n++] = '"';
            for (size_t i = 0; i < k; i++) {
                const char *p = pieces[next_rand() % 5 + 7]; /* no TAB, no quote */
                memcpy(buf + n, p, strlen(p));
                n += strlen(p);
            }
            if (t == PTC_MAX_CELLS - 1) at = n + 1;
            if (t < tabs) buf[n++] = '\t';
        }
        uint32_t lineno = round % 3 ? 7 : UINT32_MAX;
        assert_int_equal(ptc_records_line(r, lineno, buf, n), 0);
        assert_int_equal(ptc_records_finish(r), 0);
        ptc_records_free(r);
        assert_int_equal(w.diags, tabs >= PTC_MAX_CELLS);
        if (w.diags) {
            ptc_phys_line L = {lineno, buf, n};
            ptc_record rec = {NULL, 0, &L, 1, false, NULL, false};
            assert_int_equal(w.pos.line, lineno);
            assert_int_equal(w.pos.col, col_of(&rec, lineno, (uint32_t)at));
        }
        assert_int_equal(w.sn.cells, tabs >= PTC_MAX_CELLS ? PTC_MAX_CELLS : tabs + 1);
        free(buf);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_skip_common_matches_definition),
        cmocka_unit_test(utf8_skip_common_goes_far_on_common_text),
        cmocka_unit_test(utf8_chars_matches_definition),
        cmocka_unit_test(clearly_utf8_reads_pieces_as_whole),
        cmocka_unit_test(record_columns_match_definition),
        cmocka_unit_test(record_truncation_matches_definition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Records: decoded lines -> rows of cells, reading Excel's TAB-export
 * quoting exactly (see records.h).
 *
 * Most records are one physical line without quotes: their cells point into
 * the decoder's line and nothing is copied. Only a quoted cell is unescaped
 * into a buffer, and only a quote left open at the end of a line makes the
 * layer keep copies of lines until it closes (or PTC_MAX_QUOTED_LINES pass).
 */
#include "parsers/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "common/limits.h"
#include "common/normalize.h"

struct ptc_records {
    ptc_record_fn on_record;
    ptc_record_diag_fn on_diag;
    void *ud;

    ptc_phys_line *pending; /* copies of lines held while a quote is open */
    size_t npending, pending_cap;
    size_t pending_bytes;

    ptc_cell cells[PTC_MAX_CELLS];
    size_t text_off[PTC_MAX_CELLS]; /* quoted cells: offset into text until fix-up */
    char *text;                     /* unescaped quoted cells */
    size_t text_len, text_cap;
    int error;
};

typedef enum split_result { SPLIT_COMPLETE, SPLIT_INCOMPLETE } split_result;

typedef struct split_state {
    size_t consumed;       /* physical lines the record used */
    uint32_t open_line;    /* where the unclosed quote began (SPLIT_INCOMPLETE) */
    uint32_t open_off;
    size_t ncells;
    bool truncated;
    uint32_t trunc_line, trunc_off;
} split_state;

/* Characters in s[0..len): short spans (from one cell's end to the next
   one's start: a TAB) are counted here, longer ones by ptc_utf8_chars. */
static inline size_t chars_in(const char *s, size_t len) {
    if (len > 4) return ptc_utf8_chars(s, len);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

uint32_t ptc_record_col(const ptc_record *r, uint32_t line, uint32_t off) {
    for (size_t i = 0; i < r->nlines; i++) {
        if (r->lines[i].lineno != line) continue;
        size_t n = off <= r->lines[i].len ? off : r->lines[i].len;
        ptc_col_cache *c = r->cols;
        uint32_t col;
        if (c && c->line == line && c->off <= n)
            col = c->col + (uint32_t)chars_in(r->lines[i].s + c->off, n - c->off);
        else
            col = (uint32_t)chars_in(r->lines[i].s, n) + 1;
        if (c) *c = (ptc_col_cache){line, (uint32_t)n, col};
        return col;
    }
    return 1;
}

ptc_pos ptc_cell_start(const ptc_record *r, const ptc_cell *c) {
    ptc_pos p = {c->line, ptc_record_col(r, c->line, c->off)};
    return p;
}

ptc_pos ptc_cell_end(const ptc_record *r, const ptc_cell *c) {
    /* the last character: one before the end offset's column */
    uint32_t col = ptc_record_col(r, c->end_line, c->end_off);
    ptc_pos p = {c->end_line, col > 1 ? col - 1 : 1};
    return p;
}

static bool text_append(ptc_records *r, const char *s, size_t n) {
    if (r->text_len + n > r->text_cap) {
        size_t cap = r->text_cap ? r->text_cap : 256;
        while (cap < r->text_len + n) cap *= 2;
        char *t = realloc(r->text, cap);
        if (!t) {
            r->error = PTC_ERR_NOMEM;
            return false;
        }
        /* PCRE2's JIT reads subjects in whole machine words, past their
           end within the buffer: bytes never written would be read
           uninitialised (valgrind says so), so the new room starts zeroed */
        memset(t + r->text_cap, 0, cap - r->text_cap);
        r->text = t;
        r->text_cap = cap;
    }
    if (n) memcpy(r->text + r->text_len, s, n);
    r->text_len += n;
    return true;
}

static ptc_cell *new_cell(ptc_records *r, split_state *st, uint32_t line, uint32_t off) {
    if (st->ncells == PTC_MAX_CELLS) {
        if (!st->truncated) {
            st->truncated = true;
            st->trunc_line = line;
            st->trunc_off = off;
        }
        return NULL;
    }
    ptc_cell *c = &r->cells[st->ncells++];
    memset(c, 0, sizeof *c);
    c->line = line;
    c->off = off;
    return c;
}

/* The first TAB in [p, end), or NULL. Cells are short: an inline scan, 16
   bytes per step where SSE2 is there, costs less than a call to memchr. */
static inline const char *find_tab(const char *p, const char *end) {
#ifdef __SSE2__
    const __m128i tab = _mm_set1_epi8('\t');
    while (end - p >= 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), tab));
        if (m) return p + __builtin_ctz(m);
        p += 16;
    }
#endif
    for (; p < end; p++)
        if (*p == '\t') return p;
    return NULL;
}

/*
 * Split one record from lines[0..n). With `quoting` false, a leading quote
 * is an ordinary character. SPLIT_INCOMPLETE when a quoted cell is still
 * open at the end of the last line.
 */
static split_result split(ptc_records *r, const ptc_phys_line *lines, size_t n, bool quoting,
                          split_state *st) {
    memset(st, 0, sizeof *st);
    r->text_len = 0;
    size_t li = 0, pos = 0;
    for (;;) {
        const ptc_phys_line *L = &lines[li];
        if (quoting && pos < L->len && L->s[pos] == '"') {
            uint32_t start_line = L->lineno, start_off = (uint32_t)pos;
            size_t out = r->text_len;
            size_t p = pos + 1, at = li;
            for (;;) {
                const ptc_phys_line *Q = &lines[at];
                const char *q = p < Q->len ? memchr(Q->s + p, '"', Q->len - p) : NULL;
                if (!q) {
                    if (!text_append(r, Q->s + p, Q->len - p) || !text_append(r, "\n", 1))
                        return SPLIT_COMPLETE;
                    if (++at == n) {
                        st->open_line = start_line;
                        st->open_off = start_off;
                        return SPLIT_INCOMPLETE;
                    }
                    p = 0;
                    continue;
                }
                size_t qi = (size_t)(q - Q->s);
                if (!text_append(r, Q->s + p, qi - p)) return SPLIT_COMPLETE;
                if (qi + 1 < Q->len && Q->s[qi + 1] == '"') {
                    if (!text_append(r, "\"", 1)) return SPLIT_COMPLETE;
                    p = qi + 2;
                    continue;
                }
                if (qi + 1 == Q->len || Q->s[qi + 1] == '\t') {
                    ptc_cell *c = new_cell(r, st, start_line, start_off);
                    if (c) {
                        c->quoted = true;
                        c->len = r->text_len - out;
                        r->text_off[st->ncells - 1] = out;
                        c->end_line = Q->lineno;
                        c->end_off = (uint32_t)(qi + 1);
                    }
                    li = at;
                    if (qi + 1 == Q->len) {
                        st->consumed = li + 1;
                        return SPLIT_COMPLETE;
                    }
                    pos = qi + 2;
                    break;
                }
                /* a quote inside the cell that does not end it is a character */
                if (!text_append(r, "\"", 1)) return SPLIT_COMPLETE;
                p = qi + 1;
            }
            if (st->truncated) {
                st->consumed = li + 1;
                return SPLIT_COMPLETE;
            }
            continue;
        }
        const char *tab = find_tab(L->s + pos, L->s + L->len);
        size_t stop = tab ? (size_t)(tab - L->s) : L->len;
        ptc_cell *c = new_cell(r, st, L->lineno, (uint32_t)pos);
        if (c) {
            c->s = L->s + pos;
            c->len = stop - pos;
            c->end_line = L->lineno;
            c->end_off = (uint32_t)stop;
        }
        if (!tab || st->truncated) {
            st->consumed = li + 1;
            return SPLIT_COMPLETE;
        }
        pos = stop + 1;
    }
}

static void deliver(ptc_records *r, const ptc_phys_line *lines, const split_state *st) {
    for (size_t i = 0; i < st->ncells; i++) {
        ptc_cell *c = &r->cells[i];
        if (c->quoted) c->s = r->text ? r->text + r->text_off[i] : "";
        /* a cell is blank only if it starts with whitespace: a byte up to
           ' ', or the lead of U+00A0 or U+3000 */
        unsigned char b = c->len ? (unsigned char)c->s[0] : 0;
        c->blank = !c->len || ((b <= ' ' || b == 0xC2 || b == 0xE3) && ptc_is_blank(c->s, c->len));
    }
    ptc_col_cache cache = {0, 0, 0};
    ptc_record rec = {r->cells, st->ncells, lines, st->consumed, st->truncated, &cache};
    if (st->truncated && r->on_diag) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "more than %u TAB-separated cells in one line; the rest of the line is not read",
                 PTC_MAX_CELLS);
        ptc_pos pos = {st->trunc_line, ptc_record_col(&rec, st->trunc_line, st->trunc_off)};
        r->on_diag(r->ud, PTC_SEV_ERROR, "too-many-cells", pos, msg);
    }
    r->on_record(r->ud, &rec);
}

static void report_unclosed(ptc_records *r, const ptc_phys_line *lines, size_t n,
                            const split_state *st) {
    if (!r->on_diag) return;
    ptc_record rec = {NULL, 0, lines, n, false, NULL};
    char msg[200];
    snprintf(msg, sizeof msg,
             "a quoted cell opened here is not closed within %u lines; the quote is read as a "
             "character",
             PTC_MAX_QUOTED_LINES);
    ptc_pos pos = {st->open_line, ptc_record_col(&rec, st->open_line, st->open_off)};
    r->on_diag(r->ud, PTC_SEV_WARNING, "unclosed-quote", pos, msg);
}

static void drop_pending(ptc_records *r, size_t k) {
    for (size_t i = 0; i < k; i++) {
        r->pending_bytes -= r->pending[i].len;
        free((char *)r->pending[i].s);
    }
    if (r->npending > k) memmove(r->pending, r->pending + k, (r->npending - k) * sizeof *r->pending);
    r->npending -= k;
}

/* Deliver what the pending lines hold; with `at_end`, no more lines come, so
   an open quote is given up on. */
static void drain(ptc_records *r, bool at_end) {
    while (r->npending && !r->error) {
        split_state st;
        if (split(r, r->pending, r->npending, true, &st) == SPLIT_COMPLETE) {
            if (r->error) return;
            deliver(r, r->pending, &st);
            drop_pending(r, st.consumed);
            continue;
        }
        bool give_up = at_end || r->npending >= PTC_MAX_QUOTED_LINES ||
                       r->pending_bytes > PTC_MAX_LINE_BYTES;
        if (!give_up) return;
        report_unclosed(r, r->pending, r->npending, &st);
        split(r, r->pending, 1, false, &st);
        if (r->error) return;
        deliver(r, r->pending, &st);
        drop_pending(r, 1);
    }
}

static int hold(ptc_records *r, uint32_t lineno, const char *s, size_t len) {
    if (r->npending == r->pending_cap) {
        size_t cap = r->pending_cap ? r->pending_cap * 2 : 8;
        ptc_phys_line *p = realloc(r->pending, cap * sizeof *p);
        if (!p) return r->error = PTC_ERR_NOMEM;
        r->pending = p;
        r->pending_cap = cap;
    }
    char *copy = malloc(len ? len : 1);
    if (!copy) return r->error = PTC_ERR_NOMEM;
    if (len) memcpy(copy, s, len);
    r->pending[r->npending++] = (ptc_phys_line){lineno, copy, len};
    r->pending_bytes += len;
    return 0;
}

int ptc_records_line(ptc_records *r, uint32_t lineno, const char *s, size_t len) {
    if (r->error) return r->error;
    if (r->npending) {
        if (hold(r, lineno, s, len)) return r->error;
        drain(r, false);
        return r->error;
    }
    ptc_phys_line one = {lineno, s, len};
    split_state st;
    if (split(r, &one, 1, true, &st) == SPLIT_COMPLETE) {
        if (!r->error) deliver(r, &one, &st);
        return r->error;
    }
    if (hold(r, lineno, s, len)) return r->error;
    drain(r, false);
    return r->error;
}

int ptc_records_finish(ptc_records *r) {
    if (!r->error) drain(r, true);
    return r->error;
}

ptc_records *ptc_records_new(ptc_record_fn on_record, ptc_record_diag_fn on_diag, void *ud) {
    ptc_records *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->on_record = on_record;
    r->on_diag = on_diag;
    r->ud = ud;
    return r;
}

void ptc_records_free(ptc_records *r) {
    if (!r) return;
    drop_pending(r, r->npending);
    free(r->pending);
    free(r->text);
    free(r);
}

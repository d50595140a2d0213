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
    /* The record of one plain line, built once: per line only its line,
       cell count and column cache change. */
    ptc_phys_line one;
    ptc_col_cache cache;
    ptc_record rec;
};

typedef enum split_result { SPLIT_COMPLETE, SPLIT_INCOMPLETE } split_result;

typedef struct split_state {
    size_t consumed;       /* physical lines the record used */
    uint32_t open_line;    /* where the unclosed quote began (SPLIT_INCOMPLETE) */
    uint32_t open_off;
    size_t ncells;
    bool quoted; /* some cell was quoted */
    bool truncated;
    uint32_t trunc_line, trunc_off;
    bool one_line; /* made by split_plain */
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
    *c = (ptc_cell){.line = line, .off = off};
    return c;
}

#ifdef __SSE2__
/* Set bits of each byte value, for the 16-bit masks of a 16-byte window. */
#define PC2(n) n, n + 1, n + 1, n + 2
#define PC4(n) PC2(n), PC2(n + 1), PC2(n + 1), PC2(n + 2)
#define PC6(n) PC4(n), PC4(n + 1), PC4(n + 1), PC4(n + 2)
static const unsigned char popcount8[256] = {PC6(0), PC6(1), PC6(1), PC6(2)};
static inline unsigned popcount16(unsigned m) { return popcount8[m & 0xFF] + popcount8[m >> 8]; }
#endif

/* The first TAB in [p, end) of the line starting at `line`, or end; adds to
   *cont the continuation bytes before it, so that the count of the cell's
   characters falls out of the same pass. Cells are short: an inline scan of
   16-byte windows where SSE2 is there costs less than a call to memchr, and
   the last bytes of a line are one window that ends at the line's end with
   the bytes already seen masked off, not a byte loop. */
static inline const char *find_tab(const char *line, const char *p, const char *end, size_t *cont) {
#ifdef __SSE2__
    if (end - line >= 16) {
        const __m128i tab = _mm_set1_epi8('\t'), c0 = _mm_set1_epi8((char)0xC0);
        size_t n = 0;
        while (p < end) {
            const char *base = end - p >= 16 ? p : end - 16;
            unsigned fresh = 0xFFFFu << (p - base); /* lanes from p on */
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)base);
            unsigned tabs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab)) & fresh;
            unsigned conts = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, c0)) & fresh; /* signed: 80-BF */
            if (tabs) {
                unsigned k = (unsigned)__builtin_ctz(tabs);
                *cont += n + popcount16(conts & ((1u << k) - 1));
                return base + k;
            }
            n += popcount16(conts);
            p = base + 16;
        }
        *cont += n;
        return end;
    }
#else
    (void)line;
#endif
    size_t n = 0;
    for (; p < end && *p != '\t'; p++) n += ((unsigned char)*p & 0xC0) == 0x80;
    *cont += n;
    return p;
}

/* Bytes a blank text can start with: up to ' ', and the leads of U+00A0
   and U+3000 (a table: one load where the comparisons took ten). */
static const unsigned char blank_lead[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Blank: only whitespace (or empty). */
static inline bool blank_text(const char *s, size_t len) {
    return !len || (blank_lead[(unsigned char)s[0]] && ptc_is_blank(s, len));
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
    /* the column of `pos` while on the first line (0: not counted, which
       ptc_record_col does on demand): each cell's start column follows
       from the one before's end and its TAB. A line number that has
       stopped growing (UINT32_MAX) may stand for several lines, whose
       columns ptc_record_col alone defines. */
    uint32_t col = lines[0].lineno < UINT32_MAX ? 1 : 0;
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
                    if (at != 0) col = 0; /* left the first line */
                    uint32_t end_col = col ? col + (uint32_t)chars_in(L->s + start_off, qi + 1 - start_off) : 0;
                    if (c) {
                        c->quoted = true;
                        st->quoted = true;
                        c->len = r->text_len - out;
                        r->text_off[st->ncells - 1] = out;
                        c->end_line = Q->lineno;
                        c->end_off = (uint32_t)(qi + 1);
                        c->col = col;
                        c->col_off = start_off;
                        c->end_col = end_col;
                        c->end_col_off = c->end_off;
                    }
                    if (col) col = end_col + 1; /* past the TAB, if the record goes on */
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
        size_t cont = 0;
        const char *tab = find_tab(L->s, L->s + pos, L->s + L->len, &cont);
        size_t stop = (size_t)(tab - L->s);
        ptc_cell *c = new_cell(r, st, L->lineno, (uint32_t)pos);
        uint32_t end_col = col ? col + (uint32_t)(stop - pos - cont) : 0;
        if (c) {
            c->s = L->s + pos;
            c->len = stop - pos;
            c->end_line = L->lineno;
            c->end_off = (uint32_t)stop;
            c->col = col;
            c->col_off = c->off;
            c->end_col = end_col;
            c->end_col_off = c->end_off;
            c->blank = blank_text(c->s, c->len);
        }
        if (stop == L->len || st->truncated) {
            st->consumed = li + 1;
            return SPLIT_COMPLETE;
        }
        pos = stop + 1;
        if (col) col = end_col + 1;
    }
}

/* What a cell's first byte tells split_plain, from one load that serves
   both questions it asks there: whether the cell starts with a quote (the
   line goes to split()), and whether it can be blank. A TAB there, or the
   end of the line, is an empty cell; any other byte blank_lead admits
   leaves it to ptc_is_blank. */
enum { FIRST_PLAIN = 0, FIRST_EMPTY = 1, FIRST_MAYBE_BLANK = 2, FIRST_QUOTE = 4 }; /* bits: blank is one test */
#define FB FIRST_MAYBE_BLANK
static const unsigned char first_class[256] = {
    FB, FB, FB, FB, FB, FB, FB, FB, FB, FIRST_EMPTY, FB, FB, FB, FB, FB, FB,
    FB, FB, FB, FB, FB, FB, FB, FB, FB, FB,          FB, FB, FB, FB, FB, FB,
    FB, 0,  FIRST_QUOTE, [0xC2] = FB, [0xE3] = FB,
};
#undef FB

/* The class of the cell starting at s[start] of a line of len bytes. */
static inline unsigned first_of(const char *s, size_t start, size_t len) {
    return start < len ? first_class[(unsigned char)s[start]] : FIRST_EMPTY;
}

/* A plain cell [start, stop) of a line numbered `lineno` that starts at s,
   its first byte at column col and the byte at stop at end_col, `first`
   the class of its first byte. */
static inline void put_plain(ptc_cell *c, const char *s, uint32_t lineno, size_t start, size_t stop, uint32_t col,
                             uint32_t end_col, unsigned first) {
    c->s = s + start;
    c->len = stop - start;
    c->line = c->end_line = lineno;
    c->off = c->col_off = (uint32_t)start;
    c->end_off = c->end_col_off = (uint32_t)stop;
    c->col = col;
    c->end_col = end_col;
    /* blank_text(c->s, c->len), its first test answered by `first` */
    c->blank = first & FIRST_EMPTY;
    if (first & FIRST_MAYBE_BLANK) c->blank = ptc_is_blank(c->s, c->len);
    c->quoted = false;
}

/*
 * split() for the common record: one line on which no cell starts with a
 * quote. The same cells, made in the one pass that finds the TABs: a tight
 * loop over 16-byte windows where SSE2 is there, all the TABs of a window
 * taken from its mask. The column of a byte is one plus its offset less
 * the continuation bytes before it, which the same window counts. The last
 * window ends at the line's end, its bytes already seen masked off.
 * Returns the number of cells, *rest the offset of the first byte not read
 * when there were more than PTC_MAX_CELLS (else len + 1); 0 at a cell that
 * starts with a quote, which split() then reads from the start of the line
 * (the cells made so far are scratch).
 */
static size_t split_plain(ptc_records *r, const char *s, size_t len, uint32_t lineno, size_t *rest) {
    ptc_cell *cell = r->cells;
    size_t start = 0, c = 0; /* the cell's start; continuation bytes before the window or byte */
    uint32_t col = 1;
    unsigned first = first_of(s, 0, len);
    if (first == FIRST_QUOTE) return 0;
#ifdef __SSE2__
    if (len >= 16) {
        const __m128i tab = _mm_set1_epi8('\t'), c0 = _mm_set1_epi8((char)0xC0);
        ptc_cell *const room = r->cells + PTC_MAX_CELLS;
        size_t base = 0;
        unsigned tabs, conts;
        /* the cells ending at the TABs of the window at base, `fresh` its
           lanes not seen before */
#define WINDOW(fresh, first_at)                                                                        \
    do {                                                                                               \
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + base));                        \
        tabs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab)) & (fresh);                          \
        conts = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, c0)) & (fresh); /* signed: 80-BF */      \
        for (; tabs; tabs &= tabs - 1) {                                                               \
            unsigned k = (unsigned)__builtin_ctz(tabs);                                                \
            size_t stop = base + k;                                                                    \
            uint32_t end_col = (uint32_t)(stop + 1 - c - popcount16(conts & ((1u << k) - 1)));         \
            put_plain(cell, s, lineno, start, stop, col, end_col, first);                              \
            col = end_col + 1;                                                                         \
            start = stop + 1;                                                                          \
            first = first_at;                                                                          \
            if (first == FIRST_QUOTE) return 0;                                                        \
            if (++cell == room) goto done;                                                             \
        }                                                                                              \
        c += popcount16(conts);                                                                        \
    } while (0)
        /* every window but the last in a loop that need not mask: fewer
           values live in it than registers */
        for (; len - base >= 16; base += 16) WINDOW(0xFFFFu, first_of(s, start, len));
        if (base < len) { /* the last window ends at the end */
            unsigned fresh = 0xFFFFu << (16 - (len - base));
            base = len - 16;
            WINDOW(fresh, first_of(s, start, len));
        }
#undef WINDOW
        goto last;
    }
#endif
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\t') {
            uint32_t end_col = (uint32_t)(i + 1 - c);
            put_plain(cell, s, lineno, start, i, col, end_col, first);
            col = end_col + 1;
            start = i + 1;
            first = first_of(s, start, len);
            if (first == FIRST_QUOTE) return 0;
            if (++cell == r->cells + PTC_MAX_CELLS) goto done; /* where split() finds no room for a cell */
        } else {
            c += ((unsigned char)s[i] & 0xC0) == 0x80;
        }
    }
#ifdef __SSE2__
last:
#endif
    put_plain(cell++, s, lineno, start, len, col, (uint32_t)(len + 1 - c), first);
    start = len + 1;
done:
    *rest = start;
    if (lineno == UINT32_MAX) /* a line number that stopped growing: ptc_record_col counts, as in split() */
        for (ptc_cell *k = r->cells; k < cell; k++) k->col = k->end_col = 0;
    return (size_t)(cell - r->cells);
}

static inline void deliver(ptc_records *r, const ptc_phys_line *lines, const split_state *st) {
    /* a quoted cell's text is placed only now: the buffer may have moved
       while the record was split (a plain cell was done then) */
    for (size_t i = 0; st->quoted && i < st->ncells; i++) {
        ptc_cell *c = &r->cells[i];
        if (!c->quoted) continue;
        c->s = r->text ? r->text + r->text_off[i] : "";
        c->blank = blank_text(c->s, c->len);
    }
    ptc_col_cache cache = {0, 0, 0};
    ptc_record rec = {r->cells, st->ncells, lines, st->consumed, st->truncated, &cache, st->one_line};
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
    ptc_record rec = {NULL, 0, lines, n, false, NULL, false};
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
    size_t rest, n = split_plain(r, s, len, lineno, &rest);
    if (n && rest > len) { /* deliver(), for a record of one plain line */
        r->one = (ptc_phys_line){lineno, s, len};
        r->cache = (ptc_col_cache){0, 0, 0};
        r->rec.ncells = n;
        r->on_record(r->ud, &r->rec);
        return r->error;
    }
    ptc_phys_line one = {lineno, s, len};
    split_state st;
    if (n) {
        st = (split_state){.consumed = 1, .ncells = n, .truncated = true, .trunc_line = lineno,
                           .trunc_off = (uint32_t)rest, .one_line = true};
        deliver(r, &one, &st);
        return r->error;
    }
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
    r->rec = (ptc_record){r->cells, 0, &r->one, 1, false, &r->cache, true};
    return r;
}

void ptc_records_free(ptc_records *r) {
    if (!r) return;
    drop_pending(r, r->npending);
    free(r->pending);
    free(r->text);
    free(r);
}

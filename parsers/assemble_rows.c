/*
 * The indicator block collected (assemble_indicators.c commits it): the
 * header row gives each column a role (rules table), a repeated header (a
 * page break) is skipped, and each row's raw cells are copied with their
 * positions, as the record that holds them lives only while it is read.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/normalize.h"
#include "parsers/assemble.h"
#include "parsers/assemble_block.h"

/* ------------------------------------------------------------ collecting */

static bool reserve(void **arr, size_t *cap, size_t elem, size_t need) {
    if (need <= *cap) return true;
    size_t n = *cap ? *cap : 16;
    while (n < need) n *= 2;
    void *a = realloc(*arr, n * elem);
    if (!a) return false;
    *arr = a;
    *cap = n;
    return true;
}

void ptc_block_free(indicator_block *b) {
    free(b->columns);
    free(b->header_cells);
    free(b->bytes);
    free(b->cells);
    free(b->rows);
    memset(b, 0, sizeof *b);
}

static bool same_header(const indicator_block *b, ptc_parser *p, const ptc_record *r) {
    size_t last = r->ncells;
    while (last > 0 && r->cells[last - 1].blank) last--;
    if (last != b->ncolumns) return false;
    char buf[3 * 96 + 1];
    for (size_t i = 0; i < last; i++) {
        const ptc_cell *c = &r->cells[i];
        if (c->len > 96) return false;
        size_t n = ptc_norm_compact(c->s, c->len, buf);
        const ptc_str *h = &b->header_cells[i].str;
        if (n != h->len || memcmp(buf, h->s, n) != 0) return false;
    }
    (void)p;
    return true;
}

void ptc_block_header(ptc_parser *p, const ptc_classification *cl) {
    const ptc_record *r = p->rec;
    indicator_block *b = &p->block;
    if (b->open && p->ctx == PTC_CTX_INDICATORS && same_header(b, p, r)) {
        ptc_report(p, PTC_SEV_NOTE, "repeated-header", ptc_pos_of(p, &r->cells[cl->first]),
                 "the indicator header is repeated (a page break); the repetition is skipped");
        ptc_explain_set(p, p->cur_explain, "repeated header, skipped");
        return;
    }
    ptc_block_end(p);
    ptc_table *t = ptc_table_for_row(p, &r->cells[0]);
    if (!t) return;
    size_t last = r->ncells;
    while (last > 0 && r->cells[last - 1].blank) last--;
    if (!b->columns) b->columns = malloc(PTC_MAX_CELLS * sizeof *b->columns);
    if (!b->header_cells) b->header_cells = malloc(PTC_MAX_CELLS * sizeof *b->header_cells);
    if (!b->columns || !b->header_cells) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    b->open = true;
    b->ncolumns = last;
    char detail[512];
    size_t dn = 0;
    detail[0] = '\0';
    for (size_t i = 0; i < last; i++) {
        const ptc_rule *rule = cl->cell_rule[i];
        block_column *c = &b->columns[i];
        c->role = rule ? rule->role : PTC_COL_EXTRA;
        c->level = rule ? rule->level : 0;
        c->rule = rule ? rule->id : "column.extra";
        c->qualifier = cl->cell_qual[i].s ? ptc_str_of(p, cl->cell_qual[i].s, cl->cell_qual[i].len)
                                          : (ptc_str){NULL, 0};
        b->header_cells[i] = i < PTC_HEADER_MEMOS ? ptc_compact_memo_of(p, &r->cells[i], &p->header_memo[i])
                                                  : ptc_compact_of(p, &r->cells[i]);
        if (p->explain && dn < sizeof detail - 32)
            dn += (size_t)snprintf(detail + dn, sizeof detail - dn, "%s%s", i ? " " : "roles: ",
                                   ptc_column_role_name(c->role));
    }
    if (cl->first > 0)
        ptc_report(p, PTC_SEV_WARNING, "shifted-header", ptc_pos_of(p, &r->cells[cl->first]),
                   "the indicator header starts in column %zu: cells under its %zu empty header "
                   "cell(s) are kept in extra as \"#N\", and short rows are placed by their content",
                   cl->first + 1, cl->first);
    ptc_explain_set(p, p->cur_explain, detail);
    b->header_explain = p->cur_explain;
    t->lines.last = r->lines[r->nlines - 1].lineno;
    p->ctx = PTC_CTX_INDICATORS;
}

/* Columns as ptc_record_col counts them (1 + the characters before the
   offset on its line: bytes that are not UTF-8 continuation bytes), for a
   row's cells left to right in one pass: each count goes on from where the
   one before stopped, as characters add up over consecutive spans. */
typedef struct col_cursor {
    const ptc_phys_line *line; /* NULL: none yet */
    size_t off;
    uint32_t col;
} col_cursor;

static inline uint32_t row_col(const ptc_record *r, col_cursor *k, uint32_t lineno, uint32_t off) {
    const ptc_phys_line *L = k->line;
    if (!L || L->lineno != lineno) {
        L = NULL;
        for (size_t i = 0; i < r->nlines && !L; i++)
            if (r->lines[i].lineno == lineno) L = &r->lines[i];
        if (!L) return 1;
        *k = (col_cursor){L, 0, 1};
    }
    size_t n = off <= L->len ? off : L->len;
    if (n < k->off) *k = (col_cursor){L, 0, 1};
    const char *s = L->s + k->off;
    size_t len = n - k->off;
    if (len > 4) {
        k->col += (uint32_t)ptc_utf8_chars(s, len);
    } else {
        for (size_t i = 0; i < len; i++) k->col += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    k->off = n;
    return k->col;
}

/* ptc_cell_chars, apart: most cells come with their count, and the loop
   then saves no registers for this call. */
__attribute__((noinline)) static size_t uncounted_chars(const ptc_record *r, const ptc_cell *c) {
    return ptc_cell_chars(r, c);
}

/* A row's cells into the block: positions, and each non-blank cell
   offered to the wrap as assemble_wrap.c's offer() would (a block cell is
   asked whether it ends a sentence only as the target), for any record. */
static void mixed_row(const ptc_record *r, block_cell *cells, size_t *boff, char *out, const char *span,
                      size_t first, wrap_offers *offers) {
    const char *line0 = r->lines[0].s;
    size_t o = *boff;
    col_cursor cur = {NULL, 0, 1};
    for (size_t i = 0; i < r->ncells; i++) {
        const ptc_cell *c = &r->cells[i];
        block_cell *bc = &cells[i];
        if (span) {
            bc->off = o + (size_t)(c->s - span);
        } else {
            bc->off = o;
            if (c->len) memcpy(out + o, c->s, c->len);
            o += c->len;
        }
        bc->len = c->len;
        bc->blank = c->blank;
        /* columns only for cells that become model text */
        if (!c->blank) {
            /* what ptc_cell_start and ptc_cell_end give */
            uint32_t start, end;
            bool slice;
            if (ptc_cell_counted(r, c->col, c->col_off, c->line, c->off) &&
                ptc_cell_counted(r, c->end_col, c->end_col_off, c->end_line, c->end_off)) {
                /* both on the first line, counted while splitting: the
                   line row_col would look up is lines[0] */
                start = c->col;
                end = c->end_col;
                slice = c->s == line0 + c->off && c->end_off - c->off == c->len;
            } else {
                start = row_col(r, &cur, c->line, c->off);
                end = row_col(r, &cur, c->end_line, c->end_off);
                slice = c->line == c->end_line && cur.line && cur.line->lineno == c->line &&
                        c->s == cur.line->s + c->off && c->end_off - c->off == c->len;
            }
            bc->pos = (ptc_pos){c->line, start};
            bc->end = (ptc_pos){c->end_line, end > 1 ? end - 1 : 1};
            /* a cell that is its line's bytes [off, end_off) has as many
               characters as its columns are apart */
            if (!c->quoted && c->line == c->end_line && offers->n != PTC_MAX_CELLS) {
                size_t chars = slice ? (size_t)(end - start) : uncounted_chars(r, c);
                size_t piece = chars - ptc_wrap_trimmed(c->s, c->len);
                if (ptc_wrap_outdoes(offers, piece))
                    offers->best = (wrap_offer){WRAP_SLOT_BLOCK, first + i, i, c->line, piece, false, false};
            }
        } else {
            bc->pos = (ptc_pos){c->line, 0};
            bc->end = bc->pos;
        }
    }
    *boff = o;
}

/* mixed_row for a record of one line split by split_plain (r->one_line,
   columns counted): every cell's columns are the ones counted, and a cell
   is its line's bytes [off, end_off), so as many characters as its columns
   are apart. */
static void plain_row(const ptc_record *r, block_cell *cells, size_t base, const char *span, size_t first,
                      wrap_offers *offers) {
    uint32_t lineno = r->lines[0].lineno;
    (void)span;
    /* locals: the stores to the cells could alias what the pointers reach;
       of the offers only what ptc_wrap_outdoes reads and writes, the best
       made at the end (copying the whole offers in and out cost more than
       the loop's offers did) */
    size_t on = offers->n, best_piece = offers->best.piece, best_i = SIZE_MAX;
    bool tied = offers->tied;
    const ptc_cell *cs = r->cells;
    size_t n = r->ncells;
    bool every = on == 0;
    for (size_t i = 0; i < n; i++) {
        const ptc_cell *c = &cs[i];
        block_cell *bc = &cells[i];
        assert(!c->quoted && c->line == lineno && c->end_line == lineno && c->col && c->col_off == c->off &&
               c->end_col_off == c->end_off && c->s == span + (c->off - cs[0].off) &&
               c->end_off - c->off == c->len);
        bc->off = base + c->off;
        bc->len = c->len;
        bc->blank = c->blank;
        if (c->blank) {
            bc->pos = (ptc_pos){lineno, 0};
            bc->end = bc->pos;
            continue;
        }
        uint32_t start = c->col, end = c->end_col;
        bc->pos = (ptc_pos){lineno, start};
        bc->end = (ptc_pos){lineno, end > 1 ? end - 1 : 1};
        if (on == PTC_MAX_CELLS) every = false;
        else {
            size_t piece = (size_t)(end - start) - ptc_wrap_trimmed(c->s, c->len);
            /* ptc_wrap_outdoes on the locals */
            if (on++ && piece <= best_piece) {
                tied |= piece == best_piece;
            } else {
                tied = false;
                best_piece = piece;
                best_i = i;
            }
        }
    }
    offers->n = on;
    offers->tied = tied;
    offers->every = every;
    if (best_i != SIZE_MAX)
        offers->best = (wrap_offer){WRAP_SLOT_BLOCK, first + best_i, best_i, lineno, best_piece, false, false};
}

void ptc_block_row(ptc_parser *p, const ptc_classification *cl, size_t explain) {
    (void)cl;
    const ptc_record *r = p->rec;
    indicator_block *b = &p->block;
    ptc_table *t = ptc_table_for_row(p, &r->cells[0]);
    if (!t) return;
    if (!b->open) {
        /* rows before any header (should not happen: the context says
           indicators only after a header) */
        b->open = true;
    }
    if (t->indicators_len + t->categories_len + b->nrows >= PTC_MAX_INDICATORS_PER_TABLE) {
        if (!b->too_many_reported)
            ptc_report(p, PTC_SEV_ERROR, "too-many-indicators", ptc_pos_of(p, &r->cells[0]),
                     "more than %u indicators in one table; the rest of this table's are not read",
                     PTC_MAX_INDICATORS_PER_TABLE);
        b->too_many_reported = true;
        return;
    }
    size_t n = r->ncells;
    /* A record of one line without quotes is one span of it (TABs between
       the cells): one copy of the span, the cells' offsets into it. */
    const char *span = n && r->one_line ? r->cells[0].s : NULL;
    size_t bytes = 0;
    if (span) bytes = (size_t)(r->cells[n - 1].s + r->cells[n - 1].len - span);
    else
        for (size_t i = 0; i < n; i++) bytes += r->cells[i].len;
    if (!reserve((void **)&b->rows, &b->rows_cap, sizeof *b->rows, b->nrows + 1) ||
        !reserve((void **)&b->cells, &b->cells_cap, sizeof *b->cells, b->ncells + n) ||
        !reserve((void **)&b->bytes, &b->bytes_cap, 1, b->bytes_len + bytes)) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    block_row *row = &b->rows[b->nrows++];
    size_t first = b->ncells;
    row->first_cell = first;
    row->ncells = n;
    row->line = r->lines[0].lineno;
    row->explain = explain;
    /* locals, not the block's fields: the stores to the cells would make
       the compiler read those again every cell */
    block_cell *cells = b->cells + first;
    char *out = b->bytes;
    size_t boff = b->bytes_len;
    if (span && bytes) memcpy(out + boff, span, bytes);
    if (span && r->nlines == 1 && r->cells[0].col) {
        /* every cell of the line as split_plain made it: its columns
           counted, on lines[0], its bytes [off, end_off) of it */
        plain_row(r, cells, boff - r->cells[0].off, span, first, &p->wrap.offers);
    } else {
        wrap_offers offers = p->wrap.offers;
        mixed_row(r, cells, &boff, out, span, first, &offers);
        p->wrap.offers = offers;
    }
    b->ncells = first + n;
    b->bytes_len = span ? b->bytes_len + bytes : boff;
    t->lines.last = r->lines[r->nlines - 1].lineno;
}

/*
 * Records: decoded lines -> logical table rows of cells.
 *
 * A record is one row of the source table: its cells split at TAB, each with
 * its text and its source span. Excel's TAB export quotes a cell that holds
 * a quote, a TAB or a line break: such a cell begins with `"`, runs to the
 * `"` followed by TAB or the end of the record, and `""` inside it is one
 * quote; it may hold TABs and line breaks, so one record may span several
 * physical lines. An opening quote that is not closed within
 * PTC_MAX_QUOTED_LINES lines is reported (unclosed-quote) and read as a
 * plain character.
 *
 * A cell keeps its line and byte offsets. The columns of the cells on a
 * record's first line are counted while it is split, in the same pass that
 * finds the TABs; any other position is counted by ptc_record_col() when it
 * is asked for.
 */
#ifndef PTC_RECORDS_H
#define PTC_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/normalize.h"
#include "ptconv.h"

typedef struct ptc_cell {
    const char *s; /* the cell's text, quotes removed; valid during the callback */
    size_t len;
    uint32_t line, off;         /* start: line, byte offset in that line */
    uint32_t end_line, end_off; /* end: line, byte offset just past the last byte */
    /* Columns counted while splitting: col is the 1-based column of byte
       col_off, end_col that of end_col_off, both on the record's first line
       (0: not counted). A copy of the cell whose offsets were changed no
       longer matches them, and ptc_cell_start/end count instead. */
    uint32_t col, col_off, end_col, end_col_off;
    bool blank;                 /* only whitespace (or empty) */
    bool quoted;
} ptc_cell;

typedef struct ptc_phys_line {
    uint32_t lineno;
    const char *s;
    size_t len;
} ptc_phys_line;

/* The last column counted on a record's line: cells are positioned left to
   right, so each count starts where the one before ended. */
typedef struct ptc_col_cache {
    uint32_t line, off, col;
} ptc_col_cache;

typedef struct ptc_record {
    ptc_cell *cells;
    size_t ncells;
    const ptc_phys_line *lines; /* the physical lines the record spans */
    size_t nlines;
    bool truncated; /* more than PTC_MAX_CELLS cells: the rest were not read */
    ptc_col_cache *cols; /* owned by the record layer; NULL: count from the start */
    /* One physical line without a quoted cell: every cell is a slice of
       lines[0], the next one byte (a TAB) after its end, so the cells'
       text is one span of the line (false: not known to be). */
    bool one_line;
} ptc_record;

/* Called once per record, in order; everything it points to is valid only
   during the call. */
typedef void (*ptc_record_fn)(void *ud, const ptc_record *r);
/* A diagnostic of the record layer (unclosed-quote); `message` valid during
   the call only. */
typedef void (*ptc_record_diag_fn)(void *ud, ptc_severity sev, const char *code, ptc_pos pos,
                                   const char *message);

typedef struct ptc_records ptc_records;

ptc_records *ptc_records_new(ptc_record_fn on_record, ptc_record_diag_fn on_diag, void *ud);
/* Feed one decoded line (UTF-8, no terminator). Returns 0 or PTC_ERR_NOMEM. */
int ptc_records_line(ptc_records *r, uint32_t lineno, const char *s, size_t len);
/* End of input: delivers a pending record. Returns 0 or PTC_ERR_NOMEM. */
int ptc_records_finish(ptc_records *r);
void ptc_records_free(ptc_records *r);

/* 1-based character column of byte `off` on physical line `line` of `r`. */
uint32_t ptc_record_col(const ptc_record *r, uint32_t line, uint32_t off);

/* Whether a column counted while splitting answers for byte `off` of `line`
   in `r`: they were counted on the first line of the cell's record. */
static inline bool ptc_cell_counted(const ptc_record *r, uint32_t col, uint32_t col_off, uint32_t line,
                                    uint32_t off) {
    return col && col_off == off && r->nlines && r->lines[0].lineno == line;
}

/* Start and end (last character) positions of a cell of `r` (inline: they
   are asked for every cell that becomes model text). */
static inline ptc_pos ptc_cell_start(const ptc_record *r, const ptc_cell *c) {
    ptc_pos p = {c->line, ptc_cell_counted(r, c->col, c->col_off, c->line, c->off)
                              ? c->col
                              : ptc_record_col(r, c->line, c->off)};
    return p;
}

static inline ptc_pos ptc_cell_end(const ptc_record *r, const ptc_cell *c) {
    /* the last character: one before the end offset's column */
    uint32_t col = ptc_cell_counted(r, c->end_col, c->end_col_off, c->end_line, c->end_off)
                       ? c->end_col
                       : ptc_record_col(r, c->end_line, c->end_off);
    ptc_pos p = {c->end_line, col > 1 ? col - 1 : 1};
    return p;
}

/* Characters in c->s[0..c->len): the difference of the columns counted
   while splitting when they describe that text (an unquoted cell on the
   record's first line, offsets and length as the record layer made them),
   else counted. */
static inline size_t ptc_cell_chars(const ptc_record *r, const ptc_cell *c) {
    if (!c->quoted && c->line == c->end_line && c->len == (size_t)c->end_off - c->off &&
        c->end_off >= c->off && ptc_cell_counted(r, c->col, c->col_off, c->line, c->off) &&
        ptc_cell_counted(r, c->end_col, c->end_col_off, c->end_line, c->end_off))
        return c->end_col - c->col;
    return ptc_utf8_chars(c->s, c->len);
}

#endif

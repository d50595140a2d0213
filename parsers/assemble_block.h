/*
 * The commit of an indicator block, shared by the files that commit it:
 * assemble_indicators.c (rows) and assemble_columns.c (column roles and
 * keys). Internal to parsers/.
 */
#ifndef PTC_ASSEMBLE_BLOCK_H
#define PTC_ASSEMBLE_BLOCK_H

#include "parsers/assemble.h"

typedef struct commit {
    ptc_parser *p;
    indicator_block *b;
    ptc_table *t;
    size_t npath;
    int path_index[PTC_MAX_CELLS]; /* LEVEL columns: index into path */
    size_t dcols[PTC_MAX_CELLS];   /* columns a short row may fill */
    size_t ndcols;
    /* the previous row's path, for merged cells */
    ptc_text *prev_path;
    bool have_prev;
    /* per level, the cell prev_path's text was made from (NULL: none): a
       cell of the same bytes has that text, made and compared no more */
    const block_cell *prev_raw[PTC_MAX_CELLS];
    /* the last column of each single role (-1: none) and the extra columns,
       fixed once roles are decided */
    long name_col, value_col, unit_col, cmp_col;
    size_t extra_cols[PTC_MAX_CELLS];
    size_t nextra_cols;
    /* per level: the text whose score suffix was looked for last, and where
       it starts (a category repeats down its rows, and shares its bytes) */
    ptc_str score_text[PTC_MAX_CELLS];
    size_t score_at[PTC_MAX_CELLS];
} commit;

static inline const block_cell *cell_at(const commit *k, const block_row *row, size_t i) {
    return i < row->ncells ? &k->b->cells[row->first_cell + i] : NULL;
}

static inline const char *bytes_of(const commit *k, const block_cell *c) { return k->b->bytes + c->off; }

static inline size_t row_width(const commit *k, const block_row *row) {
    size_t n = row->ncells;
    while (n > 0 && cell_at(k, row, n - 1)->blank) n--;
    return n;
}

/* Empty the block for the next one (its buffers are kept). */
static inline void ptc_block_reset(indicator_block *b) {
    b->open = false;
    b->header_explain = SIZE_MAX;
    b->bytes_len = b->ncells = b->nrows = b->ncolumns = 0;
    b->too_many_reported = false;
}

/* A cell that is only a comparator (≥, 不低于 …). */
bool ptc_is_comparator_cell(const char *s, size_t len);

/* assemble_columns.c: roles that depend on the block's content, then the
   model's columns (header, role, level, unique key) and the commit's maps
   of level and data columns. */
void ptc_commit_decide_roles(commit *k);
void ptc_commit_publish_columns(commit *k);

#endif

/*
 * The commit of an indicator block, shared by the files that commit it:
 * assemble_indicators.c (rows), assemble_columns.c (column roles and
 * keys) and assemble_levels.c (the levels category texts were read at).
 * Internal to parsers/.
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

/* A category text remembered, not yet hashed (assemble_levels.c): the
   texts live in the document's arena, so they wait in the space behind
   the slots until a short row is placed (the only look-up), which most
   documents never do. */
typedef struct seen_pending {
    const char *s;
    size_t n;
    int level;
} seen_pending;

/* Room for waiting texts made first, and the most there grows to before
   they are hashed to make room (they take no more than the arena does). */
#define PTC_SEEN_PENDING 256u
#define PTC_SEEN_PENDING_MAX 65536u

/* ptc_remember_level when the slots must be made, or the room for waiting
   texts grown or made by hashing them (assemble_levels.c). */
void ptc_remember_level_slow(ptc_parser *p, const char *s, size_t n, int level);

/* Remember that category text s[0..n), a text of the document's arena,
   was read at path level `level` of this document: inline, as every
   category cell of every row is remembered and most only wait. */
static inline void ptc_remember_level(ptc_parser *p, const char *s, size_t n, int level) {
    /* full stays full: what is dropped here would be dropped at the flush */
    if (!n || p->nseen_levels * 4 >= PTC_SEEN_LEVELS * 3) return;
    if (p->seen_levels && p->nseen_pending < p->seen_pending_cap) {
        ((seen_pending *)(void *)(p->seen_levels + PTC_SEEN_LEVELS))[p->nseen_pending++] =
            (seen_pending){s, n, level};
        return;
    }
    ptc_remember_level_slow(p, s, n, level);
}

/* Whether `key` is the text of a category cell read before in this
   document: at the level of column `col` (*same) or at another (*other). */
void ptc_seen_in_block(const commit *k, size_t col, const char *key, size_t n, bool *same,
                       bool *other);

#endif

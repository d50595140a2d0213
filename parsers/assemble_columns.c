/*
 * The indicator block's columns, decided when the block ends: roles that
 * the header alone cannot decide (a label column holding data, a 指标性质
 * column of 正向/反向, the mid-term half of a 中期/年度 pair, a second value,
 * name or unit column), then the model's columns with unique extra keys.
 */
#include <stdio.h>
#include <string.h>

#include "common/normalize.h"
#include "parsers/assemble_block.h"
#include "parsers/parts.h"

bool ptc_is_comparator_cell(const char *s, size_t len) {
    char buf[64];
    if (len > 20) return false;
    size_t n = ptc_norm_key(s, len, buf);
    ptc_comparator cmp;
    return n > 0 && ptc_rules_comparator(buf, n, &cmp) == n;
}

/* 指标值(中期) beside 指标值(年度): the annual value is the indicator's value,
   the mid-term one an extra under its header, without a duplicate-column
   warning (both columns are meant). Alone, a mid-term column stays the
   value: it is the only one there is. */
static void midterm_roles(indicator_block *b) {
    bool other_value = false;
    for (size_t col = 0; col < b->ncolumns; col++) {
        const block_column *c = &b->columns[col];
        if (c->role == PTC_COL_VALUE && !(c->qualifier.s && ptc_is_midterm(c->qualifier.s, c->qualifier.len)))
            other_value = true;
    }
    for (size_t col = 0; col < b->ncolumns && other_value; col++) {
        block_column *c = &b->columns[col];
        if (c->role == PTC_COL_VALUE && c->qualifier.s && ptc_is_midterm(c->qualifier.s, c->qualifier.len))
            c->role = PTC_COL_EXTRA;
    }
}

/* Roles that the header alone cannot decide: a label column that holds
   data is a level; a 指标性质 column of 正向/反向 is an extra. Only rows laid
   out by position (full width, or starting with an empty cell) count. */
void ptc_commit_decide_roles(commit *k) {
    indicator_block *b = k->b;
    midterm_roles(b);
    /* A header cell left empty right after the block's label is the
       label's merge across two columns (项目年度绩效指标 over A:B): part of
       the label, not a column of its own; like it, a level if it holds data. */
    for (size_t col = 1; col < b->ncolumns; col++)
        if (b->columns[col - 1].role == PTC_COL_LABEL && b->columns[col].role == PTC_COL_EXTRA &&
            !b->header_cells[col].str.len)
            b->columns[col].role = PTC_COL_LABEL;
    for (size_t col = 0; col < b->ncolumns; col++) {
        block_column *c = &b->columns[col];
        if (c->role != PTC_COL_LABEL && c->role != PTC_COL_COMPARATOR) continue;
        size_t filled = 0, comparators = 0;
        for (size_t i = 0; i < b->nrows; i++) {
            const block_row *row = &b->rows[i];
            const block_cell *first = cell_at(k, row, 0);
            if (row->ncells < b->ncolumns && first && !first->blank) continue;
            const block_cell *cell = cell_at(k, row, col);
            if (!cell || cell->blank) continue;
            filled++;
            comparators += ptc_is_comparator_cell(bytes_of(k, cell), cell->len);
        }
        if (c->role == PTC_COL_LABEL && filled) c->role = PTC_COL_LEVEL;
        if (c->role == PTC_COL_COMPARATOR && filled && comparators * 2 < filled) c->role = PTC_COL_EXTRA;
    }
    /* the indicator's name: 指标名称, else the deepest N级指标 */
    long name_col = -1, deepest = -1;
    int deepest_level = -1;
    bool seen_value = false, seen_unit = false;
    for (size_t col = 0; col < b->ncolumns; col++) {
        block_column *c = &b->columns[col];
        /* a second value, name or unit column keeps its cells, as an extra */
        bool dup = (c->role == PTC_COL_NAME && name_col >= 0) || (c->role == PTC_COL_VALUE && seen_value) ||
                   (c->role == PTC_COL_UNIT && seen_unit);
        if (dup) {
            char q[200];
            const ptc_text *h = &b->header_cells[col];
            ptc_report(k->p, PTC_SEV_WARNING, "duplicate-column", h->pos,
                     "a second \"%s\" column; its cells are kept under extra",
                     ptc_quote_excerpt(h->str.s, h->str.len, 40, q, sizeof q));
            c->role = PTC_COL_EXTRA;
        }
        if (c->role == PTC_COL_NAME) name_col = (long)col;
        seen_value |= c->role == PTC_COL_VALUE;
        seen_unit |= c->role == PTC_COL_UNIT;
        if (c->role == PTC_COL_LEVEL && c->level >= deepest_level) {
            deepest_level = c->level;
            deepest = (long)col;
        }
    }
    if (name_col < 0 && deepest >= 0) b->columns[deepest].role = PTC_COL_NAME;
}

/* ptc_column_role_name's names with their lengths known when compiled
   (a strlen per column was most of a column). */
static ptc_str role_key(ptc_column_role r) {
#define ROLE_KEY(name) ((ptc_str){name, sizeof name - 1})
    switch (r) {
    case PTC_COL_LEVEL: return ROLE_KEY("level");
    case PTC_COL_NAME: return ROLE_KEY("name");
    case PTC_COL_VALUE: return ROLE_KEY("value");
    case PTC_COL_UNIT: return ROLE_KEY("unit");
    case PTC_COL_COMPARATOR: return ROLE_KEY("comparator");
    case PTC_COL_LABEL: return ROLE_KEY("label");
    case PTC_COL_EXTRA: break;
    }
    return ROLE_KEY("extra");
#undef ROLE_KEY
}

/* The model's columns: header, role, level, unique key. */
void ptc_commit_publish_columns(commit *k) {
    indicator_block *b = k->b;
    ptc_table *t = k->t;
    ptc_parser *p = k->p;
    t->columns = ptc_arena_alloc(p->doc->arena, sizeof *t->columns * (b->ncolumns ? b->ncolumns : 1));
    if (!t->columns) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    t->columns_len = b->ncolumns;
    k->npath = 0;
    k->ndcols = 0;
    for (size_t col = 0; col < b->ncolumns; col++) {
        ptc_column *c = &t->columns[col];
        const block_column *bc = &b->columns[col];
        c->header = b->header_cells[col];
        c->role = bc->role;
        c->qualifier = bc->qualifier;
        k->path_index[col] = -1;
        if (bc->role == PTC_COL_LEVEL) {
            k->path_index[col] = (int)k->npath++;
            c->level = (int)k->npath;
        }
        if (bc->role != PTC_COL_LABEL) k->dcols[k->ndcols++] = col;
        if (bc->role != PTC_COL_EXTRA) {
            c->key = role_key(bc->role);
            continue;
        }
        /* Extra cells are keyed by header text; a header seen before in this
           block (or an empty one) is keyed TEXT#N, N its 1-based column. */
        ptc_str key = c->header.str;
        bool clash = key.len == 0;
        for (size_t j = 0; j < col && !clash; j++)
            clash = t->columns[j].role == PTC_COL_EXTRA && t->columns[j].key.len == key.len &&
                    memcmp(t->columns[j].key.s, key.s, key.len) == 0;
        if (clash) {
            char buf[600];
            int n = snprintf(buf, sizeof buf, "%.*s#%zu", (int)(key.len < 500 ? key.len : 500), key.s, col + 1);
            key = ptc_str_of(p, buf, (size_t)n);
        }
        c->key = key;
    }
}

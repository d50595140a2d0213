/*
 * The indicator block committed when it ends (assemble_rows.c collects
 * it): roles that depend on content are decided, short rows are aligned,
 * merged category cells are inherited (never across a change of an outer
 * level), category rows without an indicator become empty categories, and
 * extra columns get unique keys.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/normalize.h"
#include "parsers/assemble.h"
#include "parsers/assemble_block.h"
#include "parsers/parts.h"
#include "parsers/values.h"

/* ------------------------------------------------------------ commit */

/* The text of cell c, normalised into the document's arena, at its place:
   inline, as a row makes several and the copy is most of each. */
static inline void put_text(commit *k, const block_cell *c, bool compact, ptc_text *t) {
    t->pos = c->pos;
    t->end = c->end;
    /* not cleared: the text is written whole, then terminated */
    char *out = ptc_arena_alloc_raw(k->p->doc->arena, c->len + 1);
    if (!out) {
        ptc_fail(k->p, PTC_ERR_NOMEM);
        t->str = (ptc_str){"", 0};
        return;
    }
    const char *s = bytes_of(k, c);
    t->str.s = out;
    t->str.len = compact ? ptc_norm_compact(s, c->len, out) : ptc_norm_text(s, c->len, out);
    out[t->str.len] = '\0';
}

/* put_text into the row's own space at *at (c->len + 1 bytes there),
   which then starts after the text. */
static inline void put_text_in(commit *k, const block_cell *c, bool compact, char **at, ptc_text *t) {
    t->pos = c->pos;
    t->end = c->end;
    char *out = *at;
    const char *s = bytes_of(k, c);
    t->str.s = out;
    t->str.len = compact ? ptc_norm_compact(s, c->len, out) : ptc_norm_text(s, c->len, out);
    out[t->str.len] = '\0';
    *at = out + t->str.len + 1;
}

static ptc_text text_from(commit *k, const block_cell *c, bool compact) {
    ptc_text t = {.str = {"", 0}, .pos = c ? c->pos : (ptc_pos){0, 0}};
    if (c) put_text(k, c, compact, &t);
    return t;
}

/* A cell's text, or the empty text at `here` when there is no cell. */
static inline void put_text_or_empty(commit *k, const block_cell *c, ptc_pos here, ptc_text *t) {
    if (c) put_text(k, c, false, t);
    else *t = (ptc_text){.str = {"", 0}, .pos = here};
}

/* How much a cell looks like it belongs in a column of this role. */
static int fit(commit *k, size_t col, const block_cell *c) {
    ptc_column_role role = k->b->columns[col].role;
    if (!c || c->blank)
        return role == PTC_COL_VALUE || role == PTC_COL_NAME ? -2 : 0;
    const char *s = bytes_of(k, c);
    char key[3 * 64];
    size_t n = c->len <= 64 ? ptc_norm_key(s, c->len, key) : 0;
    bool category = n && ptc_rules_looks_category(k->p->rules, key, n);
    size_t chars = ptc_utf8_chars(s, c->len);
    /* any byte from E3, any ASCII or full-width digit (EF BC 90-99) */
    bool cjk = false, digit = false;
    for (size_t i = 0; i < c->len; i++) {
        unsigned char u = (unsigned char)s[i];
        cjk |= u >= 0xE3;
        digit |= (unsigned)(u - '0') < 10u || (u == 0xEF && c->len - i >= 3 && (unsigned char)s[i + 1] == 0xBC &&
                                               (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99);
    }
    const ptc_value_read *v = &ptc_read_value_memo(&k->p->values, s, c->len)->v;
    bool value_like = v->number.set || v->comparator != PTC_CMP_NONE;
    switch (role) {
    case PTC_COL_LEVEL: {
        if (!category) return -2;
        char norm[3 * 64];
        size_t m = c->len <= 64 ? ptc_norm_compact(s, c->len, norm) : 0;
        bool same, other;
        ptc_seen_in_block(k, col, norm, m, &same, &other);
        return same ? 3 : other ? 0 : 2;
    }
    case PTC_COL_NAME: return value_like && !cjk ? -2 : category ? 0 : 1;
    case PTC_COL_VALUE:
        if (value_like) return 2;
        if (category) return -1;
        /* a short word (按时, 优, 是) is a value; a bare symbol (%) is a unit */
        return cjk && chars <= 8 ? 1 : -1;
    case PTC_COL_UNIT: return !digit && chars <= 4 ? 1 : -2;
    case PTC_COL_COMPARATOR: return ptc_is_comparator_cell(s, c->len) ? 2 : -1;
    case PTC_COL_EXTRA:
    case PTC_COL_LABEL: break;
    }
    return 0;
}

/* Where a row's cells go: map[i] is the column of cell i. A row as wide as
   the header, or one that keeps its merged cells as empty cells, is read
   by position; a shorter row whose merged cells were left out is placed
   where its cells fit their columns best (ties: see below). False for a
   row read by position (map[i] is i, and is not written). */
static bool align_row(commit *k, const block_row *row, size_t *map) {
    /* a row that has all its cells (even empty ones) keeps them in place */
    if (row->ncells == 0 || row->ncells >= k->b->ncolumns || cell_at(k, row, 0)->blank) return false;
    size_t n = row_width(k, row);
    if (n == 0 || n > k->ndcols) return false;
    long best = -1;
    int best_score = 0;
    /* Ties go to the place where the row, its written empty cells
       included, ends under the last column (生态效益指标 | " " | " " | " "
       under 一级 | 二级 | 三级 | 指标值 | 绩效标准 is a 二级), else to the leftmost. */
    size_t right = row->ncells < k->ndcols ? k->ndcols - row->ncells : 0;
    for (size_t off = 0; off + n <= k->ndcols; off++) {
        int score = 0;
        for (size_t j = 0; j < k->ndcols; j++) {
            const block_cell *c = j >= off && j < off + n ? cell_at(k, row, j - off) : NULL;
            /* before the row's first cell: merged away above, which only
               category levels can be (a name or a value is never inherited) */
            if (j < off) {
                ptc_column_role role = k->b->columns[k->dcols[j]].role;
                if (role == PTC_COL_NAME || role == PTC_COL_VALUE) score -= 2;
                continue;
            }
            score += fit(k, k->dcols[j], c);
        }
        if (best < 0 || score > best_score || (score == best_score && off == right && n < row->ncells)) {
            best = (long)off;
            best_score = score;
        }
    }
    for (size_t i = 0; i < row->ncells; i++)
        map[i] = i < n ? k->dcols[(size_t)best + i] : k->b->ncolumns + i; /* trailing blanks: nowhere */
    return true;
}

/* Spreadsheet artefacts and lists in a value: said, never "fixed". */
static void flag_value(ptc_parser *p, const ptc_value *v, bool several) {
    const ptc_str *s = &v->text.str;
    char q[200];
    if (ptc_float_noise(s->s, s->len))
        ptc_report(p, PTC_SEV_WARNING, "float-noise", v->text.pos,
                   "\"%s\" looks like a spreadsheet's binary float printed in full; kept as written",
                   ptc_quote_excerpt(s->s, s->len, 40, q, sizeof q));
    else if (several)
        ptc_report(p, PTC_SEV_NOTE, "several-values", v->text.pos,
                   "\"%s\" holds more than one number; value.number is null",
                   ptc_quote_excerpt(s->s, s->len, 40, q, sizeof q));
}

static bool texts_equal(const ptc_text *a, const ptc_text *b) {
    return a->str.len == b->str.len &&
           (a->str.len == 0 || a->str.s == b->str.s || ptc_short_same(a->str.s, b->str.s, a->str.len));
}

/* The note for a placeholder row, quoting its cells. */
static void report_placeholder(commit *k, const block_row *row, const ptc_text *name) {
    char line[256], q[200];
    size_t n = 0;
    for (size_t i = 0; i < row->ncells && n < sizeof line - 8; i++) {
        const block_cell *c = cell_at(k, row, i);
        if (c->blank) continue;
        size_t take = c->len < sizeof line - 8 - n ? c->len : sizeof line - 8 - n;
        if (n) memcpy(line + n, " | ", 3), n += 3;
        memcpy(line + n, bytes_of(k, c), take);
        n += take;
    }
    ptc_report(k->p, PTC_SEV_NOTE, "placeholder-row", name->pos,
               "\"%s\" is a template placeholder, not an indicator; not used",
               ptc_quote_excerpt(line, n, 60, q, sizeof q));
}

/* 产出指标(50分): the path names the category, the score goes to extra under
   the level column's header + 分值 (一级指标分值), as written. The path the
   block remembers for merged cells stays as read. level_col[li]: the
   column of level li (columns in order, as levels are numbered). */
static void split_scores(commit *k, ptc_indicator *ind, const size_t *level_col) {
    ptc_text *shown = NULL;
    for (size_t li = 0; li < k->npath; li++) {
        size_t col = level_col[li];
        const ptc_str *cell = &ind->path[li].str;
        /* a level's text equal to the row above's shares its bytes (commit_row) */
        size_t at;
        if (cell->len && cell->s == k->score_text[li].s && cell->len == k->score_text[li].len) {
            at = k->score_at[li];
        } else {
            at = ptc_score_suffix(cell->s, cell->len);
            k->score_text[li] = *cell;
            k->score_at[li] = at;
        }
        if (at == cell->len) continue;
        if (!shown) {
            shown = ptc_arena_alloc(k->p->doc->arena, sizeof *shown * k->npath);
            if (!shown) {
                ptc_fail(k->p, PTC_ERR_NOMEM);
                return;
            }
            memcpy(shown, ind->path, sizeof *shown * k->npath);
        }
        char key[600];
        const ptc_str *h = &k->t->columns[col].header.str;
        int kn = snprintf(key, sizeof key, "%.*s分值", (int)(h->len < 500 ? h->len : 500), h->s);
        ptc_field *f = &ind->extra[ind->extra_len++];
        ptc_str fk = ptc_str_of(k->p, key, (size_t)kn);
        ptc_text value = ind->path[li];
        value.str = (ptc_str){cell->s + at, cell->len - at};
        *f = (ptc_field){.key = fk, .label = {.str = fk, .pos = ind->path[li].pos}, .value = value};
        shown[li].str.len = at;
    }
    if (shown) ind->path = shown;
}

static void commit_row(commit *k, const block_row *row, const size_t *level_col) {
    ptc_parser *p = k->p;
    ptc_table *t = k->t;
    indicator_block *b = k->b;
    ptc_arena *arena = p->doc->arena;
    size_t map[PTC_MAX_CELLS];
    bool placed = align_row(k, row, map);
#define COL_OF(i) (placed ? map[i] : (i))
    const block_cell *by_col[PTC_MAX_CELLS];
    size_t beyond = 0;
    const block_cell *cells = cell_at(k, row, 0);
    if (placed) {
        for (size_t col = 0; col < b->ncolumns; col++) by_col[col] = NULL;
        for (size_t i = 0; i < row->ncells; i++) {
            if (map[i] < b->ncolumns) by_col[map[i]] = &cells[i];
            else if (!cells[i].blank && i >= b->ncolumns) beyond++;
        }
    } else {
        /* read by position: cell i in column i, those past the header beyond */
        size_t n = row->ncells < b->ncolumns ? row->ncells : b->ncolumns;
        for (size_t col = 0; col < n; col++) by_col[col] = &cells[col];
        for (size_t col = n; col < b->ncolumns; col++) by_col[col] = NULL;
        for (size_t i = n; i < row->ncells; i++) beyond += !cells[i].blank;
    }
    const block_cell *name = k->name_col >= 0 ? by_col[k->name_col] : NULL;
    const block_cell *value = k->value_col >= 0 ? by_col[k->value_col] : NULL;
    const block_cell *unit = k->unit_col >= 0 ? by_col[k->unit_col] : NULL;
    const block_cell *cmp = k->cmp_col >= 0 ? by_col[k->cmp_col] : NULL;
    size_t cmp_col = k->cmp_col >= 0 ? (size_t)k->cmp_col : 0;
    /* A level cell of the same bytes as the one the row above's text was
       made from has that text: no text of its own. */
    bool repeat[PTC_MAX_CELLS];
    size_t text_bytes = (name ? name->len + 1 : 0) + (unit ? unit->len + 1 : 0) + (value ? value->len + 1 : 0);
    for (size_t li = 0; li < k->npath; li++) {
        const block_cell *c = by_col[level_col[li]];
        repeat[li] = false;
        if (!c || c->blank) continue;
        const block_cell *pr = k->prev_raw[li];
        repeat[li] = k->have_prev && pr && pr->len == c->len && ptc_short_same(bytes_of(k, pr), bytes_of(k, c), c->len);
        if (!repeat[li]) text_bytes += c->len + 1;
    }
    /* The row's path, its inherited flags and the texts of its levels, name,
       unit and value: one piece of the arena (every level is set below, each
       has its one column; each text is written whole, then terminated). */
    /* With them the indicator's extra fields (scores of level cells: at
       most one per level; a comparator cell at most one) and its rowspans,
       which ptc_table_compute_rowspans then sets; unused by a category row. */
    size_t np = k->npath ? k->npath : 1;
    size_t nextra = beyond + k->npath + (cmp && !cmp->blank) + k->nextra_cols;
    size_t nfields = nextra ? nextra : 1;
    char *mem = ptc_arena_alloc_raw(arena, sizeof(ptc_text) * np + sizeof(ptc_field) * nfields +
                                               sizeof(uint32_t) * np + np + text_bytes);
    if (!mem) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    ptc_text *path = (ptc_text *)(void *)mem;
    ptc_field *fields = (ptc_field *)(void *)(path + np);
    uint32_t *rowspan = (uint32_t *)(void *)(fields + nfields);
    bool *inherited = (bool *)(rowspan + np);
    char *text_at = (char *)(inherited + np);
    if (!k->npath) inherited[0] = false;
    /* Merged category cells: an empty level cell is the one above, but only
       while every outer level is the same as above. */
    bool outer_same = k->have_prev;
    bool any_level = false;
    for (size_t li = 0; li < k->npath; li++) {
        const block_cell *c = by_col[level_col[li]];
        inherited[li] = false;
        if (c && !c->blank) {
            bool same;
            if (repeat[li]) {
                /* what text_from and the comparison below would give */
                path[li] = (ptc_text){.str = k->prev_path[li].str, .pos = c->pos, .end = c->end};
                same = true;
            } else {
                put_text_in(k, c, true, &text_at, &path[li]);
                same = k->have_prev && texts_equal(&path[li], &k->prev_path[li]);
            }
            k->prev_raw[li] = c;
            /* the row above's text at this level was remembered when it was
               read; its bytes are shared, so that what is asked of them
               later (score suffix, rowspans) sees the same text at once */
            if (same) path[li].str = k->prev_path[li].str;
            else ptc_remember_level(p, path[li].str.s, path[li].str.len, (int)li);
            any_level = true;
            outer_same = outer_same && same;
        } else if (outer_same) {
            path[li] = k->prev_path[li];
            inherited[li] = true;
        } else {
            path[li] = (ptc_text){.str = {"", 0}, .pos = {row->line, 0}};
            k->prev_raw[li] = NULL;
        }
    }
    ptc_pos here = {row->line, 1};
    ptc_text name_t = {.str = {"", 0}, .pos = here}, unit_t = name_t, value_t = name_t;
    if (name) put_text_in(k, name, false, &text_at, &name_t);
    if (unit) put_text_in(k, unit, false, &text_at, &unit_t);
    if (value) put_text_in(k, value, false, &text_at, &value_t);
    /* A row that names a category and nothing else is an empty category,
       judged on the normalised texts (a cell of only <p> is empty). */
    bool only_category = any_level && !beyond && !name_t.str.len && !unit_t.str.len && !value_t.str.len;
    for (size_t x = 0; x < k->nextra_cols && only_category; x++) {
        const block_cell *c = by_col[k->extra_cols[x]];
        if (c && !c->blank) only_category = text_from(k, c, false).str.len == 0;
    }
    /* A template's placeholder row (指标1, ……, XX指标 with no value) is not an
       indicator: said, and its categories kept as a category row. */
    bool placeholder = !only_category && !beyond && name_t.str.len &&
                       ptc_may_be_placeholder(name_t.str.s, name_t.str.len) &&
                       ptc_is_placeholder(name_t.str.s, name_t.str.len) &&
                       ptc_is_placeholder_value(value_t.str.s, value_t.str.len);
    if (placeholder) report_placeholder(k, row, &name_t);
    if (only_category || (placeholder && any_level)) {
        ptc_category *cat = ptc_arena_push(arena, (void **)&t->categories, &t->categories_len,
                                           &p->categories_cap, sizeof *cat);
        if (!cat) {
            ptc_fail(p, PTC_ERR_NOMEM);
            return;
        }
        cat->path = path;
        cat->path_len = k->npath;
        cat->line = row->line;
    }
    if (only_category || placeholder) {
        k->prev_path = path;
        k->have_prev = true;
        ptc_explain_set(p, row->explain, placeholder ? "template placeholder, not an indicator"
                                                     : "category without indicator");
        return;
    }
    /* 指标1:培训人数: the name without its numbering, the cell as written kept */
    ptc_text label_t = {.str = {NULL, 0}};
    size_t prefix =
        ptc_may_have_name_prefix(name_t.str.s, name_t.str.len) ? ptc_name_prefix(name_t.str.s, name_t.str.len) : 0;
    if (prefix) {
        label_t = name_t;
        name_t.str.s += prefix;
        name_t.str.len -= prefix;
    }
    /* not cleared: every member is written here (value_approximate is the
       last; members are only ever added after it) */
    _Static_assert(offsetof(ptc_indicator, value_approximate) + sizeof(bool) + sizeof(void *) > sizeof(ptc_indicator),
                   "a member after value_approximate must be set here");
    ptc_indicator *ind = ptc_arena_push_raw(arena, (void **)&t->indicators, &t->indicators_len,
                                            &p->indicators_cap, sizeof *ind);
    if (!ind) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    const ptc_value_memo_slot *vm = ptc_read_value_memo(&p->values, value_t.str.s, value_t.str.len);
    const ptc_value_read *v = &vm->v;
    ind->path = path;
    ind->path_len = k->npath;
    ind->name = name_t;
    ind->value.text = value_t;
    ind->value.number = v->number;
    ind->value.comparator = v->comparator;
    ind->unit = unit_t;
    ind->extra = fields;
    ind->extra_len = 0;
    ind->line = row->line;
    ind->inherited = inherited;
    ind->rowspan = k->npath ? rowspan : NULL;
    ind->label = label_t;
    ind->value_unit = (ptc_str){NULL, 0};
    ind->value_approximate = v->approximate;
    if (v->has_unit && !(ind->value_unit = ptc_arena_strndup(arena, v->unit, v->unit_len)).s) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    flag_value(p, &ind->value, vm->several);
    /* a comparator cell that is no comparator (无, 正向) is kept, under its
       column's header, never dropped */
    bool cmp_kept = false;
    if (cmp && !cmp->blank) {
        char buf[64];
        size_t n = cmp->len < 20 ? ptc_norm_key(bytes_of(k, cmp), cmp->len, buf) : 0;
        ptc_comparator c;
        bool read = n && ptc_rules_comparator(buf, n, &c) == n;
        if (read && ind->value.comparator == PTC_CMP_NONE) ind->value.comparator = c;
        cmp_kept = !read;
    }
    /* not cleared: each field is written whole when it is added, and none
       past extra_len is read */
    ind->extra = fields;
    for (size_t x = 0; x < k->nextra_cols; x++) {
        size_t col = k->extra_cols[x];
        ptc_field *f = &ind->extra[ind->extra_len++];
        *f = (ptc_field){.label = {.str = t->columns[col].key, .pos = b->header_cells[col].pos},
                         .key = t->columns[col].key};
        put_text_or_empty(k, by_col[col], here, &f->value);
    }
    if (cmp_kept) {
        ptc_field *f = &ind->extra[ind->extra_len++];
        *f = (ptc_field){.label = b->header_cells[cmp_col], .key = b->header_cells[cmp_col].str};
        put_text(k, cmp, false, &f->value);
    }
    for (size_t i = b->ncolumns; i < row->ncells; i++) {
        const block_cell *c = &cells[i];
        if (c->blank || COL_OF(i) < b->ncolumns) continue;
        char q[200], key[24];
        ptc_report(p, PTC_SEV_WARNING, "extra-cell", c->pos,
                 "cell \"%s\" is beyond the indicator header's %zu columns; kept in extra as \"#%zu\"",
                 ptc_quote_excerpt(bytes_of(k, c), c->len, 40, q, sizeof q), b->ncolumns, i + 1);
        ptc_field *f = &ind->extra[ind->extra_len++];
        int n = snprintf(key, sizeof key, "#%zu", i + 1);
        ptc_str fk = ptc_str_of(p, key, (size_t)n);
        *f = (ptc_field){.label = {.str = fk, .pos = c->pos}, .key = fk};
        put_text(k, c, false, &f->value);
    }
    split_scores(k, ind, level_col);
    k->prev_path = path;
    k->have_prev = true;
    if (row->explain != SIZE_MAX) {
        char detail[512];
        size_t dn = 0;
        detail[0] = '\0';
        for (size_t i = 0; i < row->ncells && dn < sizeof detail - 24; i++) {
            const block_cell *c = &cells[i];
            if (c->blank) continue;
            size_t col = COL_OF(i);
            const char *role = col < b->ncolumns ? ptc_column_role_name(b->columns[col].role) : "extra";
            dn += (size_t)snprintf(detail + dn, sizeof detail - dn, "%s%zu:%s", dn ? " " : "cells: ", i + 1, role);
        }
        ptc_explain_set(p, row->explain, detail);
    }
#undef COL_OF
}

void ptc_block_end(ptc_parser *p) {
    indicator_block *b = &p->block;
    if (!b->open) return;
    ptc_table *t = ptc_cur_table(p);
    if (!t || !p->doc) {
        ptc_block_reset(b);
        return;
    }
    /* not cleared whole (3 KiB a block): publish_columns sets the maps for
       the block's columns, and the score texts are set for its levels below */
    commit k;
    k.p = p;
    k.b = b;
    k.t = t;
    k.npath = k.ndcols = 0;
    k.prev_path = NULL;
    k.have_prev = false;
    ptc_commit_decide_roles(&k);
    ptc_commit_publish_columns(&k);
    if (p->explain && b->header_explain != SIZE_MAX) {
        char detail[512];
        size_t dn = 0;
        for (size_t col = 0; col < b->ncolumns && dn < sizeof detail - 32; col++)
            dn += (size_t)snprintf(detail + dn, sizeof detail - dn, "%s%s", col ? " " : "roles: ",
                                   ptc_column_role_name(b->columns[col].role));
        if (dn) ptc_explain_set(p, b->header_explain, detail);
    }
    if (p->error) {
        ptc_block_reset(b);
        return;
    }
    k.name_col = k.value_col = k.unit_col = k.cmp_col = -1;
    k.nextra_cols = 0;
    for (size_t col = 0; col < b->ncolumns; col++) {
        switch (b->columns[col].role) {
        case PTC_COL_NAME: k.name_col = (long)col; break;
        case PTC_COL_VALUE: k.value_col = (long)col; break;
        case PTC_COL_UNIT: k.unit_col = (long)col; break;
        case PTC_COL_COMPARATOR: k.cmp_col = (long)col; break;
        case PTC_COL_EXTRA: k.extra_cols[k.nextra_cols++] = col; break;
        case PTC_COL_LEVEL:
        case PTC_COL_LABEL: break;
        }
    }
    k.have_prev = false; /* merged cells never reach into another block */
    for (size_t li = 0; li < k.npath; li++) {
        k.score_text[li] = (ptc_str){NULL, 0};
        k.prev_raw[li] = NULL;
    }
    size_t level_col[PTC_MAX_CELLS];
    for (size_t col = 0; col < b->ncolumns; col++)
        if (k.path_index[col] >= 0) level_col[k.path_index[col]] = col;
    for (size_t i = 0; i < b->nrows && !p->error; i++) commit_row(&k, &b->rows[i], level_col);
    /* the published form's merged cells, for emitters to draw as they are */
    if (!p->error && ptc_table_compute_rowspans(p->doc->arena, t) != 0) ptc_fail(p, PTC_ERR_NOMEM);
    ptc_block_reset(b);
}

/*
 * Grid blocks: a label merged down several rows (预算整体情况, 项目资金来源,
 * 年度重点工作任务 …) over rows that are not label/value pairs. Every cell is
 * kept where it was, as free text with its position; the block ends at the
 * next label row, header, heading or title.
 */
#include <stdio.h>
#include <string.h>

#include "parsers/assemble.h"

static void add_row(ptc_parser *p, ptc_grid *g) {
    const ptc_record *r = p->rec;
    size_t n = r->ncells;
    while (n > 0 && r->cells[n - 1].blank) n--;
    ptc_grid_row *row = ptc_arena_push(p->doc->arena, (void **)&g->rows, &g->rows_len,
                                       &p->grid_rows_cap, sizeof *row);
    ptc_text *cells = ptc_arena_alloc(p->doc->arena, sizeof *cells * (n ? n : 1));
    if (!row || !cells) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    for (size_t i = 0; i < n; i++) cells[i] = ptc_text_of(p, &r->cells[i]);
    row->cells = cells;
    row->cells_len = n;
    row->line = r->lines[0].lineno;
    g->lines.last = r->lines[r->nlines - 1].lineno;
    char detail[64];
    snprintf(detail, sizeof detail, "grid %s, row %zu, %zu cells", g->key.s, g->rows_len, n);
    ptc_explain_set(p, p->cur_explain, detail);
}

void ptc_grid_start(ptc_parser *p, const ptc_classification *cl) {
    const ptc_record *r = p->rec;
    ptc_table *t = ptc_table_for_row(p, &r->cells[cl->first]);
    if (!t) return;
    ptc_grid *g = ptc_arena_push(p->doc->arena, (void **)&t->grids, &t->grids_len, &p->grids_cap,
                                 sizeof *g);
    if (!g) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    const ptc_rule *rule = cl->cell_rule[cl->first];
    g->label = ptc_compact_of(p, &r->cells[cl->first]);
    g->key = ptc_str_of(p, rule->key, strlen(rule->key));
    g->lines.first = g->lines.last = r->lines[0].lineno;
    p->grid_rows_cap = 0;
    p->ctx = PTC_CTX_GRID;
    add_row(p, g);
}

void ptc_grid_add_row(ptc_parser *p) {
    ptc_table *t = ptc_cur_table(p);
    if (!t || !t->grids_len) return;
    add_row(p, &t->grids[t->grids_len - 1]);
}

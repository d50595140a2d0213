/*
 * Grid blocks: a label merged down several rows (预算整体情况, 项目资金来源,
 * 年度重点工作任务 …) over rows that are not label/value pairs. Every cell is
 * kept where it was, as free text with its position; the block ends at the
 * next label row, header, heading or title.
 */
#include <stdio.h>
#include <string.h>

#include "common/normalize.h"
#include "parsers/assemble.h"
#include "parsers/values.h"

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
    for (size_t i = 0; i < n; i++) {
        cells[i] = ptc_text_of(p, &r->cells[i]);
        if (ptc_float_noise(cells[i].str.s, cells[i].str.len)) {
            char q[200];
            ptc_report(p, PTC_SEV_WARNING, "float-noise", cells[i].pos,
                       "\"%s\" looks like a spreadsheet's binary float printed in full; kept as written",
                       ptc_quote_excerpt(cells[i].str.s, cells[i].str.len, 40, q, sizeof q));
        }
    }
    row->cells = cells;
    row->cells_len = n;
    row->line = r->lines[0].lineno;
    g->lines.last = r->lines[r->nlines - 1].lineno;
    if (p->explain) {
        char detail[64];
        snprintf(detail, sizeof detail, "grid %s, row %zu, %zu cells", g->key.s, g->rows_len, n);
        ptc_explain_set(p, p->cur_explain, detail);
    }
}

/* The column of rows[0] whose header starts with `prefix`, or -1. */
static long column_of(const ptc_grid *g, const char *prefix) {
    size_t n = strlen(prefix);
    const ptc_grid_row *head = &g->rows[0];
    for (size_t i = 1; i < head->cells_len; i++)
        if (head->cells[i].str.len >= n && memcmp(head->cells[i].str.s, prefix, n) == 0) return (long)i;
    return -1;
}

/* The cell of `row` under column `col` of rows[0]. A row copied from a web
   page without the merged label cell is shorter: its cells are the last
   columns. */
static const ptc_text *grid_cell(const ptc_grid *g, const ptc_grid_row *row, long col) {
    size_t head = g->rows[0].cells_len;
    long at = col;
    if (row->cells_len < head && row->cells_len && row->cells[0].str.len)
        at = col - (long)(head - row->cells_len);
    /* A row wider than the header under a two-level header (财政资金 split
       into 中央 | 省级 | …) that does not start with the blank label cell
       lost that cell: only the first column is then certain. */
    else if (row->cells_len > head && row->cells[0].str.len && g->rows_len > 2)
        at = col == 1 ? 0 : -1;
    return at >= 0 && (size_t)at < row->cells_len ? &row->cells[at] : NULL;
}

/* The unit a label names (项目预算执行情况（万元）), or none. */
static ptc_str unit_in_text(const ptc_text *label) {
    static const char *const units[] = {"万元", "亿元", "千元", "元"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (ptc_contains(label->str.s, label->str.len, units[i])) return (ptc_str){units[i], strlen(units[i])};
    return (ptc_str){NULL, 0};
}

/* The table's funds read from grid `g`: `text` as written, its amount, and
   the unit the cell wrote, else the one the grid's label names. */
static void set_funds(ptc_parser *p, ptc_table *t, const ptc_grid *g, ptc_text text, double v, ptc_str unit) {
    ptc_amount *a = ptc_arena_alloc(p->doc->arena, sizeof *a);
    if (!a) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    a->text = text;
    a->value.set = true;
    a->value.value = v;
    if (!unit.s) unit = unit_in_text(&g->label);
    a->unit = unit.s ? ptc_str_of(p, unit.s, unit.len) : unit;
    t->funds = a;
}

/* A grid of budget figures gives the table's funds when it has none: the
   year's budget (全年预算数, else 年初预算数) of the first row that has one,
   in the unit its label names (项目预算执行情况（万元）). */
static void funds_from_grid(ptc_parser *p, ptc_table *t, const ptc_grid *g) {
    if (t->funds || g->rows_len < 2) return;
    long col = column_of(g, "全年预算数");
    if (col < 0) col = column_of(g, "年初预算数");
    if (col < 0) col = column_of(g, "本年度预计投入");
    const ptc_text *cell = col < 0 ? NULL : grid_cell(g, &g->rows[g->rows_len - 1], col);
    if (!cell) return;
    double v;
    ptc_str unit;
    if (!ptc_read_amount(cell->str.s, cell->str.len, &v, &unit)) return;
    if (!unit.s) unit = unit_in_text(&g->rows[0].cells[col]);
    set_funds(p, t, g, *cell, v, unit);
}

/* A row of a budget grid labelled as funds (资金情况 | 年度资金总额: | 854万)
   gives the table's funds when it has none: the amount after the label. */
static void funds_from_label_row(ptc_parser *p, ptc_table *t, const ptc_grid *g, size_t first) {
    const ptc_record *r = p->rec;
    if (t->funds) return;
    size_t i = first;
    while (i < r->ncells && r->cells[i].blank) i++;
    if (i >= r->ncells) return;
    ptc_str qual;
    const ptc_rule *rule = ptc_classify_label(p->classifier, &r->cells[i], &qual);
    if (!rule || rule->field != PTC_FIELD_FUNDS) return;
    size_t j = i + 1;
    while (j < r->ncells && r->cells[j].blank) j++;
    if (j >= r->ncells) return;
    double v;
    ptc_str unit;
    if (!ptc_read_amount(r->cells[j].s, r->cells[j].len, &v, &unit)) return;
    set_funds(p, t, g, ptc_text_of(p, &r->cells[j]), v, unit);
}

/* A goals grid (年度总体目标完成情况 | 预期目标 | 实际完成情况, or 项目绩效目标 |
   长期目标 | 年度目标) gives the table's goal when it has none: the 预期目标
   (else 年度目标) cell. */
static void goal_from_grid(ptc_parser *p, ptc_table *t, const ptc_grid *g) {
    if (t->annual_goal.str.s || g->rows_len < 2) return;
    static const char *const goal_columns[] = {"预期目标", "年度目标", "全年绩效目标", "当年绩效目标",
                                               "年度绩效目标"};
    long col = -1;
    for (size_t i = 0; col < 0 && i < sizeof goal_columns / sizeof goal_columns[0]; i++)
        col = column_of(g, goal_columns[i]);
    const ptc_text *cell = col < 0 ? NULL : grid_cell(g, &g->rows[g->rows_len - 1], col);
    if (!cell || !cell->str.len) return;
    t->annual_goal = *cell;
    /* the row is the record at hand: its cell, with its positions, gives
       the goal's items when it is a numbered list (目标1:… 目标2:…) */
    const ptc_grid_row *row = &g->rows[g->rows_len - 1];
    size_t at = (size_t)(cell - row->cells);
    if (at < p->rec->ncells) ptc_split_goal_items(p, t, &p->rec->cells[at]);
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
    /* a label row read as a grid's header (grid.funds, grid.goals) names its
       grid by the classification, not by the field its label is */
    const char *key = strncmp(cl->rule, "grid.", 5) == 0 ? cl->rule + 5 : rule->key;
    g->key = ptc_str_of(p, key, strlen(key));
    g->lines.first = g->lines.last = r->lines[0].lineno;
    p->grid_rows_cap = 0;
    p->ctx = PTC_CTX_GRID;
    add_row(p, g);
    funds_from_label_row(p, t, g, cl->first + 1);
    ptc_take_fields_in_grid_row(p, cl->first + 1);
}

/* The first sub-row under the funds label (一、预算资金:250) opens a grid of
   the funds' sources, labelled as the funds were; the funds row itself
   stays the table's funds field. */
static bool start_funds_grid(ptc_parser *p, ptc_table *t) {
    ptc_grid *g = ptc_arena_push(p->doc->arena, (void **)&t->grids, &t->grids_len, &p->grids_cap,
                                 sizeof *g);
    if (!g) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return false;
    }
    g->label = p->funds_label;
    g->key = ptc_str_of(p, "funds", 5);
    g->lines.first = g->lines.last = p->rec->lines[0].lineno;
    p->grid_rows_cap = 0;
    p->ctx = PTC_CTX_GRID;
    return true;
}

void ptc_grid_add_row(ptc_parser *p) {
    ptc_table *t = ptc_cur_table(p);
    if (t && p->ctx == PTC_CTX_FUNDS && !start_funds_grid(p, t)) return;
    if (!t || !t->grids_len) return;
    ptc_grid *g = &t->grids[t->grids_len - 1];
    add_row(p, g);
    funds_from_label_row(p, t, g, 0);
    funds_from_grid(p, t, g);
    goal_from_grid(p, t, g);
}

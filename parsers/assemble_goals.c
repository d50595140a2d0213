/*
 * A goal written as a numbered list (总体绩效目标: 目标1：… 目标2：…, one per
 * line inside a spreadsheet cell) is also kept item by item, each with the
 * line its text starts on, so a department's goals can be listed, counted
 * and compared year to year. The whole text stays in annual_goal.
 */
#include <string.h>

#include "parsers/assemble.h"
#include "parsers/scan.h"

/* Most items one goal is split into; a longer list is kept whole only. */
#define PTC_MAX_GOAL_ITEMS 64u

/* The physical position of byte `at` of cell `c`: a quoted cell may span
   lines (its line breaks are its own) and writes each " as "". */
static void position_in_cell(const ptc_cell *c, size_t at, uint32_t *line, uint32_t *off) {
    uint32_t l = c->line;
    size_t line_start = 0;
    for (size_t i = 0; i < at; i++)
        if (c->s[i] == '\n') {
            l++;
            line_start = i + 1;
        }
    size_t quotes = 0;
    if (c->quoted)
        for (size_t i = line_start; i < at; i++) quotes += c->s[i] == '"';
    size_t base = l == c->line ? c->off + (c->quoted ? 1u : 0u) : 0;
    *line = l;
    *off = (uint32_t)(base + at - line_start + quotes);
}

static ptc_text text_in_cell(ptc_parser *p, const ptc_cell *c, size_t from, size_t to) {
    ptc_cell part = *c;
    part.s = c->s + from;
    part.len = to - from;
    part.quoted = false; /* its positions are computed here */
    position_in_cell(c, from, &part.line, &part.off);
    position_in_cell(c, to, &part.end_line, &part.end_off);
    return ptc_text_of(p, &part);
}

static size_t trim_end(const char *s, size_t from, size_t to) {
    while (to > from && (s[to - 1] == ' ' || s[to - 1] == '\t' || s[to - 1] == '\n' || s[to - 1] == '\r'))
        to--;
    return to;
}

void ptc_split_goal_items(ptc_parser *p, ptc_table *t, const ptc_cell *cell) {
    if (!cell || cell->blank) return;
    const char *s = cell->s;
    size_t len = cell->len, first = 0;
    while (first < len && (s[first] == ' ' || s[first] == '\t' || s[first] == '\n' || s[first] == '\r'))
        first++;
    ptc_cap marker[PTC_MAX_GOAL_ITEMS + 1], label[PTC_MAX_GOAL_ITEMS + 1];
    size_t n = 0;
    for (size_t from = first; n <= PTC_MAX_GOAL_ITEMS && from < len;) {
        int rc = ptc_scan_goal_marker(p->scanner, s, len, from, &marker[n], &label[n]);
        if (rc != 1) break;
        /* a list starts with its first marker: text before it would have no item */
        if (n == 0 && marker[0].off != first) return;
        from = marker[n].off + (marker[n].len ? marker[n].len : 1);
        n++;
    }
    if (n == 0 || n > PTC_MAX_GOAL_ITEMS) return;
    for (size_t i = 0; i < n && !p->error; i++) {
        size_t text_from = marker[i].off + marker[i].len;
        size_t text_to = trim_end(s, text_from, i + 1 < n ? marker[i + 1].off : len);
        ptc_goal_item *g = ptc_arena_push(p->doc->arena, (void **)&t->goal_items, &t->goal_items_len,
                                          &p->goal_items_cap, sizeof *g);
        if (!g) {
            ptc_fail(p, PTC_ERR_NOMEM);
            return;
        }
        g->label = text_in_cell(p, cell, label[i].off, label[i].off + label[i].len);
        g->text = text_in_cell(p, cell, text_from, text_to);
    }
}

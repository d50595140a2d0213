/*
 * Grid blocks of a form (预算整体情况, 年度重点工作任务, 项目资金(万元), 年度总体
 * 目标完成情况 …): each drawn as a <tbody class="ptc-grid"> of the form's
 * table, every cell as read, the label merged down the rows it spans.
 *
 * Cells are placed by position. Column 0 of a row is covered by the nearest
 * column-0 cell above it (the grid's label first) when the row starts with an
 * empty cell (a merged cell, as an Excel export gives it) or has fewer cells
 * than the row of that cell (a browser copy leaves a merged cell out, so its
 * cells start one column to the right). Otherwise the row's first cell opens
 * its own column-0 cell. A row narrower than the form gets a colspan on its
 * last cell, as the published forms merge a row's last cell to the right
 * edge (the parser drops the trailing empty cells of such merges).
 *
 * A grid whose first cell is not its label is a block of sub-rows under a
 * label row of its own (一、预算资金:250 under 项目资金申请(万元)): its label
 * is drawn as a cell spanning all its rows, by html_form.c when the label
 * row is drawn there too.
 */
#include <string.h>

#include "emitters/html_internal.h"

/* Length of the whitespace character at s[i..n), 0 if none: ASCII space,
   TAB, CR, LF, U+00A0 and U+3000 (the labels' whitespace is removed by the
   parser, cells keep theirs). */
static size_t space_at(const char *s, size_t i, size_t n) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) return 2;
    if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80) return 3;
    return 0;
}

bool html_words_eq(ptc_str a, ptc_str b) {
    size_t i = 0, j = 0, an = a.s ? a.len : 0, bn = b.s ? b.len : 0;
    for (;;) {
        size_t k;
        while (i < an && (k = space_at(a.s, i, an))) i += k;
        while (j < bn && (k = space_at(b.s, j, bn))) j += k;
        if (i == an || j == bn) return i == an && j == bn;
        if (a.s[i++] != b.s[j++]) return false;
    }
}

static bool blank(ptc_str s) {
    ptc_str none = {NULL, 0};
    return html_words_eq(s, none);
}

bool html_grid_subrows(const ptc_grid *g) {
    return g->rows_len > 0 && (g->rows[0].cells_len == 0 || !html_words_eq(g->rows[0].cells[0].str, g->label.str));
}

bool html_grid_shows(const ptc_table *t, ptc_str label, ptc_str value) {
    bool labelled = label.s && label.len;
    if (!labelled && blank(value)) return false;
    for (size_t i = 0; i < t->grids_len; i++) {
        const ptc_grid *g = &t->grids[i];
        for (size_t r = 0; r < g->rows_len; r++) {
            const ptc_grid_row *row = &g->rows[r];
            for (size_t c = 0; c < row->cells_len; c++) {
                if (!labelled && html_words_eq(row->cells[c].str, value)) return true;
                if (labelled && c + 1 < row->cells_len && html_words_eq(row->cells[c].str, label) &&
                    html_words_eq(row->cells[c + 1].str, value))
                    return true;
            }
        }
    }
    return false;
}

/* Where row r's cells go: `skip` leading cells are not drawn (an empty
   cell under a merged one), the rest start at column `start`; `anchor` is
   updated to r when the row opens its own column-0 cell. */
typedef struct placing {
    size_t skip, start;
} placing;

static placing place_row(const ptc_grid *g, size_t r, size_t *anchor, bool lead) {
    const ptc_grid_row *row = &g->rows[r];
    if (lead) return (placing){0, 1}; /* every row under the lead cell */
    if (r == 0) return (placing){0, 0};
    if (row->cells_len == 0 || blank(row->cells[0].str)) return (placing){row->cells_len ? 1 : 0, 1};
    if (row->cells_len < g->rows[*anchor].cells_len) return (placing){0, 1};
    *anchor = r;
    return (placing){0, 0};
}

size_t html_grid_width(const ptc_grid *g) {
    bool lead = html_grid_subrows(g);
    size_t anchor = 0, width = lead ? 1 : 0;
    for (size_t r = 0; r < g->rows_len; r++) {
        placing p = place_row(g, r, &anchor, lead);
        size_t end = p.start + (g->rows[r].cells_len - p.skip);
        if (end > width) width = end;
    }
    return width;
}

/* Rows covered by the column-0 cell of row `r` (itself included). */
static size_t span_of(const ptc_grid *g, size_t r) {
    size_t anchor = r, n = 1;
    for (size_t k = r + 1; k < g->rows_len; k++) {
        size_t a = anchor;
        placing p = place_row(g, k, &a, false);
        if (p.start == 0) break;
        n++;
    }
    return n;
}

/* `tag` is "td" or "th"; per cell, so no printf. */
static void open_cell(ptc_sink *out, const char *tag, const char *cls, size_t rowspan, size_t colspan) {
    ptc_sink_putc(out, '<');
    ptc_sink_write(out, tag, 2);
    ptc_sink_puts(out, cls);
    if (rowspan > 1) {
        ptc_sink_lit(out, " rowspan=\"");
        html_put_size(out, rowspan);
        ptc_sink_putc(out, '"');
    }
    if (colspan > 1) {
        ptc_sink_lit(out, " colspan=\"");
        html_put_size(out, colspan);
        ptc_sink_putc(out, '"');
    }
    ptc_sink_putc(out, '>');
}

void html_put_grid(ptc_sink *out, const ptc_grid *g, size_t width, bool lead_drawn) {
    bool lead = html_grid_subrows(g);
    size_t anchor = 0;
    for (size_t r = 0; r < g->rows_len; r++) {
        const ptc_grid_row *row = &g->rows[r];
        placing p = place_row(g, r, &anchor, lead);
        ptc_sink_puts(out, "<tr>");
        if (lead && r == 0 && !lead_drawn) {
            open_cell(out, "th", " class=\"ptc-grid-label\"", g->rows_len, 1);
            html_put_cell_text(out, g->label.str);
            ptc_sink_puts(out, "</th>");
        }
        size_t col = p.start;
        if (p.skip >= row->cells_len) {
            /* nothing but the covered cell: the rest of the row is empty */
            open_cell(out, "td", "", 1, width > col ? width - col : 1);
            ptc_sink_puts(out, "</td>");
        }
        for (size_t c = p.skip; c < row->cells_len; c++, col++) {
            bool last = c + 1 == row->cells_len;
            size_t colspan = last && width > col ? width - col : 1;
            size_t rowspan = col == 0 ? span_of(g, r) : 1;
            bool label = col == 0 && r == 0;
            open_cell(out, label ? "th" : "td", label ? " class=\"ptc-grid-label\"" : "", rowspan, colspan);
            html_put_cell_text(out, row->cells[c].str);
            ptc_sink_puts(out, label ? "</th>" : "</td>");
        }
        ptc_sink_puts(out, "</tr>\n");
    }
}

/*
 * The indicator block of a form (年度绩效指标): header row, indicator rows and
 * category rows, merged category cells. Split from html_form.c, which draws
 * the rest of the form around it.
 *
 * The block takes everything from the model and re-derives nothing: each
 * column's role, level and key (ptc_table.columns) say where a part of an
 * indicator goes, `rowspan` which category cells merge, `categories` the
 * category rows without indicator, drawn in their place by line. A model
 * without rowspans (hand-built, read from JSON) is drawn without merges, as
 * is one whose rowspans do not fit its rows (a merge that would cover a row
 * it cannot, or run past the block), so the block is always rectangular.
 */
#include <stdlib.h>
#include <string.h>

#include "emitters/html_internal.h"

/* Cells beyond the header keep their column ("#N" extras). The parser reads
   far fewer cells per row; a model claiming a column past this would only
   make the form absurdly wide, so such a row is written in model order. */
#define MAX_BEYOND_HEADER 4096

/* ------------------------------------------------------------ layout */

typedef enum slot_kind {
    SLOT_BLANK, /* a header column no indicator carries data for */
    SLOT_PATH,
    SLOT_NAME,
    SLOT_VALUE,
    SLOT_UNIT,
    SLOT_COMPARATOR,
    SLOT_LABEL,     /* the block's label, merged down the block */
    SLOT_EXTRA,     /* an extra column: the extra under the column's key */
    SLOT_POSITIONAL /* a cell beyond the header, kept in extra as "#<column>" */
} slot_kind;

typedef struct slot {
    slot_kind kind;
    size_t index; /* PATH: index in path; EXTRA: which of the columns keyed `key` */
    ptc_str key;  /* EXTRA */
} slot;

/* The grid's columns: the header's, then those for cells beyond it, then
   (generated) those the header lacks but some row has text for. */
typedef struct layout {
    slot *slots;
    size_t width;
    size_t path_len;       /* category levels a row must have to fit */
    size_t header_columns; /* ptc_table.columns_len */
    size_t positional_end; /* one past the last column for cells beyond the header */
    bool default_header;   /* no header in the model: generated labels */
    const ptc_table *t;
} layout;

/* The key an extra cell is filed under: its field key, else its label. */
static ptc_str extra_key(const ptc_field *f) { return f->key.s ? f->key : f->label.str; }

/* Column (0-based) of a cell kept beyond the header as "#N". */
static bool positional_column(ptc_str label, size_t *column) {
    if (!label.s || label.len < 2 || label.len > 10 || label.s[0] != '#') return false;
    size_t n = 0;
    for (size_t i = 1; i < label.len; i++) {
        if (label.s[i] < '0' || label.s[i] > '9') return false;
        n = n * 10 + (size_t)(label.s[i] - '0');
    }
    if (n == 0) return false;
    *column = n - 1;
    return true;
}

/* Columns keyed `key` in the layout. */
static size_t key_columns(const layout *l, ptc_str key) {
    size_t n = 0;
    /* the comparator column also takes the cell kept under its header when
       it holds no comparator (无) */
    for (size_t c = 0; c < l->header_columns; c++)
        n += (l->slots[c].kind == SLOT_EXTRA || l->slots[c].kind == SLOT_COMPARATOR) &&
             html_str_eq(l->slots[c].key, key);
    return n;
}

/* 产出指标(50分): the parser files a level cell's score under the level
   column's header + 分值 (assemble_indicators.c, split_scores); it is drawn
   back into its cell, so it needs no column of its own. */
static bool is_score_of(ptc_str key, ptc_str header) {
    static const char suffix[] = "分值";
    const size_t n = sizeof suffix - 1;
    return key.s && header.s && header.len > 0 && key.len == header.len + n &&
           memcmp(key.s, header.s, header.len) == 0 && memcmp(key.s + header.len, suffix, n) == 0;
}

static bool score_extra(const layout *l, ptc_str key) {
    for (size_t c = 0; c < l->header_columns; c++)
        if (l->slots[c].kind == SLOT_PATH && is_score_of(key, l->t->columns[c].header.str)) return true;
    return false;
}

/* The score written in the level cell of column `c`, or absent. */
static ptc_str cell_score(const layout *l, const ptc_indicator *ind, size_t c) {
    ptc_str none = {NULL, 0};
    if (c >= l->header_columns) return none;
    for (size_t j = 0; j < ind->extra_len; j++)
        if (is_score_of(extra_key(&ind->extra[j]), l->t->columns[c].header.str)) return ind->extra[j].value.str;
    return none;
}

/* A row fits the layout when it has the layout's depth and each of its
   extras has a column: one keyed as it is, its own beyond the header, or
   the level cell it was split off (a score). */
static bool row_fits(const layout *l, const ptc_indicator *ind) {
    if (ind->path_len != l->path_len) return false;
    for (size_t j = 0; j < ind->extra_len; j++) {
        ptc_str key = extra_key(&ind->extra[j]);
        size_t before = 0;
        for (size_t i = 0; i < j; i++) before += html_str_eq(extra_key(&ind->extra[i]), key);
        if (before < key_columns(l, key) || score_extra(l, key)) continue;
        size_t col;
        if (!positional_column(ind->extra[j].label.str, &col) || col < l->header_columns ||
            col >= l->positional_end)
            return false;
    }
    return true;
}

HTML_INLINE ptc_str slot_text(const ptc_indicator *ind, slot s, size_t column) {
    ptc_str none = {NULL, 0};
    switch (s.kind) {
    case SLOT_PATH: return s.index < ind->path_len ? ind->path[s.index].str : none;
    case SLOT_NAME: return ind->name.str;
    case SLOT_VALUE: return ind->value.text.str;
    case SLOT_UNIT: return ind->unit.str;
    case SLOT_COMPARATOR: {
        const char *sym = ptc_comparator_symbol(ind->value.comparator);
        if (sym) return (ptc_str){sym, strlen(sym)};
        for (size_t j = 0; j < ind->extra_len; j++)
            if (html_str_eq(extra_key(&ind->extra[j]), s.key)) return ind->extra[j].value.str;
        return none;
    }
    case SLOT_EXTRA: {
        size_t seen = 0;
        for (size_t j = 0; j < ind->extra_len; j++)
            if (html_str_eq(extra_key(&ind->extra[j]), s.key) && seen++ == s.index)
                return ind->extra[j].value.str;
        return none;
    }
    case SLOT_POSITIONAL:
        for (size_t j = 0; j < ind->extra_len; j++) {
            size_t col;
            if (positional_column(ind->extra[j].label.str, &col) && col == column)
                return ind->extra[j].value.str;
        }
        return none;
    case SLOT_LABEL:
    case SLOT_BLANK: break;
    }
    return none;
}

/* Levels a table's per-level scratch (flags, cover counts) holds on the
   stack; deeper ones take the heap. */
#define SMALL_DEPTH 16

static void layout_free(layout *l) { free(l->slots); }

/* The canonical parts a header may lack: path levels, name, value, unit. */
static slot canonical_slot(const layout *l, size_t c) {
    if (c < l->path_len) return (slot){SLOT_PATH, c, {NULL, 0}};
    return (slot){(slot_kind)(SLOT_NAME + (c - l->path_len)), 0, {NULL, 0}};
}

static int layout_build(layout *l, const ptc_table *t) {
    memset(l, 0, sizeof *l);
    const ptc_indicator *first = t->indicators_len ? &t->indicators[0] : NULL;
    l->default_header = t->columns_len == 0;
    l->t = t;
    l->header_columns = t->columns_len;
    /* Depth: the header's deepest level; else the first row's; else 3. */
    size_t levels = 0;
    for (size_t i = 0; i < t->columns_len; i++) {
        if (t->columns[i].role != PTC_COL_LEVEL) continue;
        levels++;
        if (t->columns[i].level > 0 && (size_t)t->columns[i].level > l->path_len)
            l->path_len = (size_t)t->columns[i].level;
    }
    if (levels > l->path_len) l->path_len = levels; /* levels not numbered: in order */
    if (!levels) l->path_len = first ? first->path_len : 3;

    size_t max_col = 0; /* one past the last column of a cell beyond the header */
    for (size_t i = 0; i < t->indicators_len; i++) {
        const ptc_indicator *ind = &t->indicators[i];
        for (size_t j = 0; j < ind->extra_len; j++) {
            size_t col;
            if (positional_column(ind->extra[j].label.str, &col) && col >= t->columns_len &&
                col < t->columns_len + MAX_BEYOND_HEADER && col + 1 > max_col)
                max_col = col + 1;
        }
    }
    size_t positional = max_col > t->columns_len ? max_col - t->columns_len : 0;
    l->positional_end = t->columns_len + positional;
    size_t canon_len = l->path_len + 3;
    size_t cap = t->columns_len + positional + canon_len;
    l->slots = calloc(cap ? cap : 1, sizeof *l->slots);
    /* A table has a few levels: the flags are on the stack unless there are
       many (a calloc and free a table were a tenth of building it). */
    bool used_small[SMALL_DEPTH];
    bool *used = canon_len <= SMALL_DEPTH ? used_small : calloc(canon_len, sizeof *used);
    if (used == used_small) memset(used_small, 0, sizeof used_small);
    if (!l->slots || !used) {
        if (used != used_small) free(used);
        layout_free(l);
        return -1;
    }
    /* Each header column takes what its role says; a level or part named
       twice fills its first column only. */
    size_t next_level = 0;
    bool have_cmp = false;
    for (size_t i = 0; i < t->columns_len; i++) {
        const ptc_column *col = &t->columns[i];
        slot *s = &l->slots[l->width++];
        size_t c = canon_len;
        switch (col->role) {
        case PTC_COL_LEVEL:
            c = col->level > 0 ? (size_t)col->level - 1 : next_level;
            next_level++;
            break;
        case PTC_COL_NAME: c = l->path_len; break;
        case PTC_COL_VALUE: c = l->path_len + 1; break;
        case PTC_COL_UNIT: c = l->path_len + 2; break;
        case PTC_COL_COMPARATOR:
            *s = (slot){have_cmp ? SLOT_BLANK : SLOT_COMPARATOR, 0, col->header.str};
            have_cmp = true;
            continue;
        case PTC_COL_LABEL: s->kind = SLOT_LABEL; continue;
        case PTC_COL_EXTRA: {
            ptc_str key = col->key.s ? col->key : col->header.str;
            size_t index = 0;
            for (size_t k = 0; k < i; k++) index += l->slots[k].kind == SLOT_EXTRA && html_str_eq(l->slots[k].key, key);
            *s = (slot){SLOT_EXTRA, index, key};
            continue;
        }
        }
        if (c < canon_len && !used[c]) {
            used[c] = true;
            *s = canonical_slot(l, c);
        } else {
            s->kind = SLOT_BLANK;
        }
    }
    for (size_t i = 0; i < positional; i++) l->slots[l->width++] = (slot){SLOT_POSITIONAL, 0, {NULL, 0}};

    /* Levels, name, value or unit without a header column: shown (under a
       generated label) only when some row has text for them. */
    for (size_t c = 0; c < canon_len; c++) {
        if (used[c]) continue;
        slot s = canonical_slot(l, c);
        bool needed = l->default_header;
        for (size_t i = 0; i < t->indicators_len && !needed; i++) {
            ptc_str v = slot_text(&t->indicators[i], s, 0);
            needed = v.s && v.len;
        }
        if (needed) l->slots[l->width++] = s;
    }
    if (used != used_small) free(used);
    return 0;
}

/* ------------------------------------------------------------ rows */

/* The block's rows in line order: indicators, and the category rows that
   lie between them. */
typedef struct row {
    const ptc_indicator *ind; /* NULL: a category row */
    const ptc_category *cat;
    bool fits;
} row;

typedef struct grid {
    layout l;
    row *rows;
    size_t len;
    bool merges;     /* draw the model's rowspans */
    bool label_span; /* the label cell spans the whole block */
} grid;

static bool category_fits(const layout *l, const ptc_category *c) { return c->path_len <= l->path_len; }

/* Whether the model's rowspans can be drawn as they are: every indicator
   has them, a merged cell covers only indicator rows that fit, below it,
   within the block, and a covered cell is covered by exactly one. */
static bool spans_drawable(const grid *g) {
    size_t depth = g->l.path_len;
    uint32_t cover_small[SMALL_DEPTH] = {0};
    uint32_t *cover = depth <= SMALL_DEPTH ? cover_small : calloc(depth, sizeof *cover);
    if (!cover) return false;
    bool ok = true, any = false;
    for (size_t r = 0; r < g->len && ok; r++) {
        const row *w = &g->rows[r];
        if (!w->ind || !w->fits) {
            for (size_t k = 0; k < depth; k++) ok = ok && cover[k] == 0;
            continue;
        }
        if (!w->ind->rowspan) {
            ok = depth == 0;
            continue;
        }
        any = true;
        for (size_t k = 0; k < depth && ok; k++) {
            uint32_t span = w->ind->rowspan[k];
            if (cover[k]) {
                ok = span == 0;
                cover[k]--;
            } else {
                ok = span >= 1;
                cover[k] = span - 1;
            }
        }
    }
    for (size_t k = 0; k < depth && ok; k++) ok = cover[k] == 0;
    if (cover != cover_small) free(cover);
    return ok && any;
}

static void grid_free(grid *g) {
    layout_free(&g->l);
    free(g->rows);
}

static int grid_build(grid *g, const ptc_table *t) {
    memset(g, 0, sizeof *g);
    if (layout_build(&g->l, t) != 0) return -1;
    size_t n = t->indicators_len + t->categories_len;
    g->rows = malloc((n ? n : 1) * sizeof *g->rows);
    if (!g->rows) {
        grid_free(g);
        return -1;
    }
    size_t c = 0;
    bool all_fit = true;
    for (size_t i = 0; i <= t->indicators_len; i++) {
        const ptc_indicator *ind = i < t->indicators_len ? &t->indicators[i] : NULL;
        while (c < t->categories_len && (!ind || t->categories[c].line < ind->line)) {
            const ptc_category *cat = &t->categories[c++];
            bool fits = category_fits(&g->l, cat);
            all_fit &= fits;
            g->rows[g->len++] = (row){NULL, cat, fits};
        }
        if (!ind) break;
        bool fits = row_fits(&g->l, ind);
        all_fit &= fits;
        g->rows[g->len++] = (row){ind, NULL, fits};
    }
    g->merges = spans_drawable(g);
    g->label_span = all_fit && g->len > 0;
    return 0;
}

/* ------------------------------------------------------------ drawing */

static void put_level_label(ptc_sink *out, size_t level) {
    static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    if (level >= 1 && level <= 10) ptc_sink_puts(out, numerals[level - 1]);
    else html_put_size(out, level);
    ptc_sink_lit(out, "级指标");
}

/* The label of a column with no header cell: 一级指标 … N级指标 for the
   levels and the name (as on the official form), 指标值, 计量单位. */
static void put_generated_label(ptc_sink *out, const layout *l, slot s) {
    switch (s.kind) {
    case SLOT_PATH: put_level_label(out, s.index + 1); break;
    case SLOT_NAME: put_level_label(out, l->path_len + 1); break;
    case SLOT_VALUE: ptc_sink_puts(out, "指标值"); break;
    case SLOT_UNIT: ptc_sink_puts(out, "计量单位"); break;
    default: break;
    }
}

/* A data cell's start tag, by the kind of its column (padded for
   html_put_td). */
typedef struct td_tag {
    char s[HTML_TAG_COPY];
    size_t len;
} td_tag;
#define TD(lit) {lit, sizeof(lit) - 1}
static const td_tag td_open[] = {
    [SLOT_BLANK] = TD("<td>"),
    [SLOT_PATH] = TD("<td class=\"ptc-cat\">"),
    [SLOT_NAME] = TD("<td class=\"ptc-name\">"),
    [SLOT_VALUE] = TD("<td class=\"ptc-value\">"),
    [SLOT_UNIT] = TD("<td class=\"ptc-unit\">"),
    [SLOT_COMPARATOR] = TD("<td class=\"ptc-cmp\">"),
    [SLOT_LABEL] = TD("<td>"),
    [SLOT_EXTRA] = TD("<td>"),
    [SLOT_POSITIONAL] = TD("<td>"),
};
#undef TD

/* `cell` is "td" or "th". */
static void put_padding(ptc_sink *out, const char *cell, size_t used, size_t width) {
    if (used >= width) return;
    /* per row: no printf */
    ptc_sink_putc(out, '<');
    ptc_sink_write(out, cell, 2);
    if (width - used > 1) {
        ptc_sink_lit(out, " colspan=\"");
        html_put_size(out, width - used);
        ptc_sink_putc(out, '"');
    }
    ptc_sink_lit(out, "></");
    ptc_sink_write(out, cell, 2);
    ptc_sink_putc(out, '>');
}

/* A row that does not fit the table's layout: path, name, value, unit, then
   every extra, its header text kept in a title attribute. */
static size_t model_order_width(const ptc_indicator *ind) { return ind->path_len + 3 + ind->extra_len; }

static void put_model_order_row(ptc_sink *out, const ptc_indicator *ind, size_t width) {
    ptc_sink_puts(out, "<tr>");
    for (size_t k = 0; k < ind->path_len; k++) {
        ptc_sink_puts(out, "<td class=\"ptc-cat\">");
        html_put_cell_text(out, ind->path[k].str);
        ptc_sink_puts(out, "</td>");
    }
    ptc_sink_puts(out, "<td class=\"ptc-name\">");
    html_put_cell_text(out, ind->name.str);
    ptc_sink_puts(out, "</td><td class=\"ptc-value\">");
    html_put_cell_text(out, ind->value.text.str);
    ptc_sink_puts(out, "</td><td class=\"ptc-unit\">");
    html_put_cell_text(out, ind->unit.str);
    ptc_sink_puts(out, "</td>");
    for (size_t j = 0; j < ind->extra_len; j++) {
        ptc_sink_puts(out, "<td title=\"");
        html_put_str(out, ind->extra[j].label.str);
        ptc_sink_puts(out, "\">");
        html_put_cell_text(out, ind->extra[j].value.str);
        ptc_sink_puts(out, "</td>");
    }
    put_padding(out, "td", model_order_width(ind), width);
    ptc_sink_puts(out, "</tr>\n");
}

static void put_indicator_row(ptc_sink *out, const grid *g, const ptc_indicator *ind, size_t width) {
    const layout *l = &g->l;
    ptc_sink_puts(out, "<tr>");
    for (size_t c = 0; c < l->width; c++) {
        slot s = l->slots[c];
        if (s.kind == SLOT_LABEL && g->label_span) continue; /* the header's cell spans it */
        ptc_str none = {NULL, 0};
        if (s.kind == SLOT_PATH && g->merges) {
            uint32_t span = ind->rowspan[s.index];
            if (span == 0) continue; /* merged into the cell above */
            if (span > 1) {
                ptc_sink_lit(out, "<td class=\"ptc-cat\" rowspan=\"");
                html_put_size(out, span);
                ptc_sink_lit(out, "\">");
                html_put_cell_text(out, slot_text(ind, s, c));
                html_put_cell_text(out, cell_score(l, ind, c));
                ptc_sink_puts(out, "</td>");
                continue;
            }
        }
        /* the whole cell in one reservation: no call per tag */
        html_put_td(out, td_open[s.kind].s, td_open[s.kind].len, slot_text(ind, s, c),
                    s.kind == SLOT_PATH ? cell_score(l, ind, c) : none);
    }
    put_padding(out, "td", l->width, width);
    ptc_sink_puts(out, "</tr>\n");
}

/* A category row: its cells in their level columns, the rest empty. */
static void put_category_row(ptc_sink *out, const grid *g, const ptc_category *cat, size_t width) {
    const layout *l = &g->l;
    ptc_sink_puts(out, "<tr class=\"ptc-category\">");
    size_t used = 0;
    if (!category_fits(l, cat)) { /* deeper than the header: in order */
        for (size_t k = 0; k < cat->path_len; k++) {
            ptc_sink_puts(out, "<td class=\"ptc-cat\">");
            html_put_cell_text(out, cat->path[k].str);
            ptc_sink_puts(out, "</td>");
        }
        used = cat->path_len;
    } else {
        for (size_t c = 0; c < l->width; c++) {
            slot s = l->slots[c];
            if (s.kind == SLOT_LABEL && g->label_span) continue;
            if (s.kind == SLOT_PATH) {
                ptc_sink_puts(out, "<td class=\"ptc-cat\">");
                if (s.index < cat->path_len) html_put_cell_text(out, cat->path[s.index].str);
                ptc_sink_puts(out, "</td>");
            } else {
                ptc_sink_puts(out, "<td></td>");
            }
        }
        used = l->width;
    }
    put_padding(out, "td", used, width);
    ptc_sink_puts(out, "</tr>\n");
}

static void put_indicator_header(ptc_sink *out, const ptc_table *t, const grid *g, size_t width) {
    const layout *l = &g->l;
    ptc_sink_puts(out, "<tr class=\"ptc-head\">");
    for (size_t c = 0; c < l->width; c++) {
        if (l->slots[c].kind == SLOT_LABEL && g->label_span)
        {
            ptc_sink_lit(out, "<th class=\"ptc-label\" rowspan=\"");
            html_put_size(out, g->len + 1);
            ptc_sink_lit(out, "\">");
        }
        else
            ptc_sink_puts(out, "<th>");
        if (c < t->columns_len) html_put_cell_text(out, t->columns[c].header.str);
        else if (l->slots[c].kind != SLOT_POSITIONAL) put_generated_label(out, l, l->slots[c]);
        ptc_sink_puts(out, "</th>");
    }
    put_padding(out, "th", l->width, width);
    ptc_sink_puts(out, "</tr>\n");
}

static void put_indicators(ptc_sink *out, const grid *g, size_t width) {
    for (size_t r = 0; r < g->len; r++) {
        const row *w = &g->rows[r];
        if (!w->ind) put_category_row(out, g, w->cat, width);
        else if (!w->fits) put_model_order_row(out, w->ind, width);
        else put_indicator_row(out, g, w->ind, width);
    }
}


/* ------------------------------------------------------------ interface */

struct html_ind {
    grid g;
    const ptc_table *t;
};

html_ind *html_ind_new(const ptc_table *t) {
    html_ind *x = malloc(sizeof *x);
    if (!x) return NULL;
    x->t = t;
    if (grid_build(&x->g, t) != 0) {
        free(x);
        return NULL;
    }
    return x;
}

void html_ind_free(html_ind *x) {
    if (!x) return;
    grid_free(&x->g);
    free(x);
}

bool html_ind_any(const html_ind *x) {
    return x->t->indicators_len > 0 || x->t->columns_len > 0 || x->t->categories_len > 0;
}

size_t html_ind_width(const html_ind *x) {
    size_t width = html_ind_any(x) ? x->g.l.width : 0;
    for (size_t r = 0; r < x->g.len; r++) {
        const row *w = &x->g.rows[r];
        size_t need = w->fits ? 0 : w->ind ? model_order_width(w->ind) : w->cat->path_len;
        if (need > width) width = need;
    }
    return width;
}

bool html_ind_has_label(const html_ind *x) {
    for (size_t c = 0; c < x->g.l.width; c++)
        if (x->g.l.slots[c].kind == SLOT_LABEL) return true;
    return false;
}

uint32_t html_ind_line(const html_ind *x) {
    uint32_t line = 0;
    for (size_t r = 0; r < x->g.len; r++) {
        const row *w = &x->g.rows[r];
        uint32_t l = w->ind ? w->ind->line : w->cat->line;
        if (l && (!line || l < line)) line = l;
    }
    return line;
}

void html_ind_put(ptc_sink *out, const html_ind *x, size_t width) {
    put_indicator_header(out, x->t, &x->g, width);
    put_indicators(out, &x->g, width);
}

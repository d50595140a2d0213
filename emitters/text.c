/*
 * Canonical text: the model written back in the seed's own layout, exactly
 * as `gen-corpus --variant clean` writes a document: canonical labels, rows
 * of TAB-separated cells (6 for label rows), LF line ends, UTF-8, no BOM.
 * A clean generated corpus comes back byte for byte; any input comes back
 * in that normal form, and parsing it again gives the same model:
 *
 *   parse(text(parse(x))) == parse(x)
 *
 * compared as JSON without source, line numbers and diagnostics' positions
 * (tests/roundtrip.py).
 *
 * Layout of a document:
 *
 *   two blank lines; the title; the summary text; the document's own
 *   text (绩效目标表如下： in the seed); the unit list "i、<name>绩效项目n个；" (the last ending "，具体如下："),
 *   each line followed by a blank one; then per table "N、<title>",
 *   "(YYYY 年度)", "申报单位：…" (each followed by a blank line) and the
 *   rows 项目名称, 主管部门 + 预算执行单位, 项目类型, 项目期限,
 *   项目资金申请（万元）, the `fields` label rows, 项目绩效年度目标 and one
 *   row per goal paragraph, 年度绩效指标, the indicator header and rows,
 *   其他说明 and one row per further notes paragraph; a blank line between
 *   tables. Blank lines mean nothing to the parser; they are the seed's.
 *
 * What is written where, and why:
 * - An absent (null) value omits its row or line; an empty string writes
 *   the row with an empty value cell (the parser reads that back as "").
 * - `fields` go before 项目绩效年度目标, not after the indicators: after the
 *   indicator rows the parser takes any row of two or more cells for one
 *   more indicator. Their order among themselves is kept, and every slot a
 *   repeated label (a second 项目名称) could have filled is already set, so
 *   the parser files them under `fields` again (with the same warning).
 * - The funds label carries the amount's unit when it is one the label can
 *   name (万元, 元, 亿元): "项目资金申请（元）\t12" reads back as 元.
 * - A table without heading is opened by its applicant line or first row;
 *   its year line follows that line (before it, it would be unplaced).
 * - The list intro line is not in the model; it is written only after a
 *   title or summary, where the parser ignores it (right after the previous
 *   document's last table it would be read as that table's text).
 * - Indicator rows follow the table's own header (`columns`, written as the
 *   header row), each part in the column the model's columns give it: a
 *   LEVEL column its `level`'s path entry, an EXTRA column the extra under
 *   its `key`, a COMPARATOR column the value's comparator as its ASCII
 *   symbol (">="), a LABEL column (the block's merged label) nothing.
 *   Extra cells the parser kept under "#N" (beyond the header) go back to
 *   column N. A path cell the model marks `inherited` is written empty
 *   again (when the row above holds the same text), as in the source.
 * - Category rows without indicator (`categories`) are written among the
 *   indicator rows in line order: their cells in the level columns, the
 *   rest empty.
 * - The document's narrative text (`text`) is written one line per line
 *   after the summary, where the parser takes such lines as text again,
 *   and replaces the generated list intro line (which it holds). In a
 *   later document without title or summary it follows the unit list.
 * - Text is normalised already, so it holds no TAB or CR; a paragraph break
 *   ("\n") inside a one-line cell is written "<br>", which the parser turns
 *   back into "\n". The goal and the notes are written one row per
 *   paragraph instead, as the source forms have them. Where a cell must not
 *   look blank although its text is empty (an indicator row whose cells are
 *   all empty, a label field with an empty value, a unit with an empty
 *   name) it holds "<br>", which reads back as "".
 *
 * What cannot come back the same, in principle:
 * - Text that looks like something else once it stands where this layout
 *   puts it: a value equal to a label (a project name "项目类型"), an
 *   indicator row whose first non-empty cell is a label or which reads as a
 *   header (指标值 + 一级指标), a goal or notes paragraph that reads as a
 *   label, a title (…绩效目标…情况) or a table heading (N、…表). The parser
 *   reads such a line as what it looks like. In the input such text was
 *   disguised by markup or spacing (<p>项目类型</p>) or sat where the
 *   parser does not look for those (the value cell of a label row).
 * - Diagnostics about input that is not in the model (unplaced lines,
 *   invalid bytes, too-long lines, a second year line) and messages quoting
 *   raw cells that differ from their normalised form. A document with
 *   nothing but diagnostics writes nothing.
 * - A table with two indicator header rows: the rows before the second one
 *   are written in its layout.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emitters/emitters.h"
#include "emitters/text_escape.h"
#include "emitters/text_parts.h"

/* Cells in a label row, as in the seed and gen-corpus. */
#define LABEL_ROW_CELLS 6

/* Used when a table has indicators but no header row was seen. */
#define HEADER(lit) {.str = {(lit), sizeof(lit) - 1}}
static const ptc_column canonical_columns[] = {
    {.header = HEADER("一级指标"), .role = PTC_COL_LEVEL, .level = 1},
    {.header = HEADER("二级指标"), .role = PTC_COL_LEVEL, .level = 2},
    {.header = HEADER("三级指标"), .role = PTC_COL_LEVEL, .level = 3},
    {.header = HEADER("四级指标"), .role = PTC_COL_NAME},
    {.header = HEADER("指标值"), .role = PTC_COL_VALUE},
    {.header = HEADER("计量单位"), .role = PTC_COL_UNIT},
};

/* Where a column's cells come from, as the model's column says. */
typedef struct column {
    ptc_column_role role;
    size_t path_index; /* PTC_COL_LEVEL: index in the path */
    ptc_str key;       /* PTC_COL_EXTRA: the key of its cells in `extra` */
    ptc_str header;    /* PTC_COL_LEVEL: its score's extra is HEADER分值 */
    size_t occurrence; /* PTC_COL_EXTRA: which of the columns keyed `key` */
} column;

typedef struct text_writer {
    ptc_sink *out;
    column *columns; /* the current table's layout */
    size_t columns_cap;
    ptc_str *cells; /* one indicator row */
    size_t cells_cap;
    bool *claimed; /* one indicator row: its extras a header column took */
    size_t claimed_cap;
    ptc_str *scores; /* one indicator row: the score of each level column, or absent */
    size_t scores_cap;
    ptc_joins joined; /* texts put back together (a code and its name), freed per row */
    size_t documents; /* written so far */
    bool year_pending; /* the current table's year line is still to come */
    bool failed;       /* out of memory */
} text_writer;

static bool reserve(text_writer *w, void **arr, size_t *cap, size_t elem, size_t need) {
    if (need <= *cap) return true;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) ncap *= 2;
    void *grown = realloc(*arr, ncap * elem);
    if (!grown) {
        w->failed = true;
        return false;
    }
    *arr = grown;
    *cap = ncap;
    return true;
}

static bool str_eq(ptc_str a, ptc_str b) {
    size_t la = a.s ? a.len : 0, lb = b.s ? b.len : 0;
    return la == lb && (la == 0 || memcmp(a.s, b.s, la) == 0);
}

/* ------------------------------------------------------------ cell text */

/* A one-line cell: "\n" becomes "<br>", the other whitespace controls a
   space; a whole cell that starts with a quote is written quoted
   (emitters/text_escape.c). */
static void put_text(ptc_sink *out, ptc_str s, bool whole_cell) { ptc_text_put(out, s, whole_cell); }

/* A name with the code the parser split off it, written before it in
   brackets ("[301]某局"), which reads back as the same code and name. */
static ptc_str coded(text_writer *w, ptc_text code, ptc_str name) {
    return code.str.s ? ptc_joins_add(&w->joined, "[", code.str, "]", name, &w->failed) : name;
}

/* A whole cell's text. */
static void put_inline(ptc_sink *out, ptc_str s) { put_text(out, s, true); }

/* Text that is part of a cell. */
static void put_part(ptc_sink *out, ptc_str s) { put_text(out, s, false); }

/* Same, but an empty text is written "<br>" so the cell is not blank. */
static void put_inline_nonblank(ptc_sink *out, ptc_str s) {
    if (!s.s || s.len == 0) ptc_sink_write(out, "<br>", 4);
    else put_inline(out, s);
}

static void tabs(ptc_sink *out, size_t n) {
    for (size_t i = 0; i < n; i++) ptc_sink_putc(out, '\t');
}

static void newline(ptc_sink *out) { ptc_sink_putc(out, '\n'); }

static void blank_line(ptc_sink *out) { ptc_sink_putc(out, '\n'); }

/* "label\tvalue\t\t\t\t" */
static void label_row(ptc_sink *out, const char *label, ptc_str value) {
    ptc_sink_puts(out, label);
    ptc_sink_putc(out, '\t');
    put_inline(out, value);
    tabs(out, LABEL_ROW_CELLS - 2);
    newline(out);
}

/* A paragraph-per-row block: the goal under its label row, or the notes
   whose first paragraph is in the 其他说明 row itself. */
static void paragraph_rows(ptc_sink *out, const char *s, size_t len) {
    const char *end = s + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *stop = nl ? nl : end;
        put_inline(out, (ptc_str){s, (size_t)(stop - s)});
        tabs(out, LABEL_ROW_CELLS - 1);
        newline(out);
        s = nl ? nl + 1 : end;
    }
}

/* ------------------------------------------------------------ preamble */

/* The document's narrative text, one line per "\n"-separated line (empty
   ones cannot be written: a blank line means nothing). */
static void text_lines(ptc_sink *out, ptc_str text) {
    const char *p = text.s, *end = text.s + text.len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        if (stop > p) {
            put_inline(out, (ptc_str){p, (size_t)(stop - p)});
            newline(out);
            blank_line(out);
        }
        p = nl ? nl + 1 : end;
    }
}

static void write_preamble(ptc_sink *out, const ptc_document *d, bool first_document) {
    /* gen-corpus starts every document with two empty lines. */
    blank_line(out);
    blank_line(out);
    if (d->title.str.s) {
        put_inline(out, d->title.str);
        newline(out);
        blank_line(out);
    }
    if (d->summary && d->summary->text.str.s) {
        put_inline(out, d->summary->text.str);
        newline(out);
        blank_line(out);
    }
    /* Narrative text goes where the seed has it, after the summary, when
       the lines before it keep it in this document's preamble: a title, a
       summary, or nothing at all (the first document). Otherwise after the
       unit list, which has started this document by then. */
    bool has_text = d->text.str.s && d->text.str.len;
    bool text_first = d->title.str.s || d->summary || first_document;
    if (has_text && text_first) text_lines(out, d->text.str);
    for (size_t i = 0; i < d->units_len; i++) {
        const ptc_unit *u = &d->units[i];
        ptc_text_put_long(out, u->seq.set ? u->seq.value : (long)(i + 1), 0);
        ptc_sink_lit(out, "、");
        if (!u->name.str.s || u->name.str.len == 0) ptc_sink_write(out, "<br>", 4);
        else put_part(out, u->name.str);
        ptc_sink_lit(out, "绩效项目");
        ptc_text_put_long(out, u->project_count.set ? u->project_count.value : 0L, 0);
        ptc_sink_lit(out, "个");
        ptc_sink_puts(out, i + 1 == d->units_len ? "，具体如下：" : "；");
        newline(out);
        blank_line(out);
    }
    if (has_text && !text_first) text_lines(out, d->text.str);
}

/* ------------------------------------------------------------ indicators */

/* Where each part of an indicator goes, from the model's columns: a LEVEL
   column takes the path entry its `level` names (left to right when the
   model does not number them), an EXTRA column the extra under its `key`
   (the first such column the first such extra, and so on). */
static bool layout_columns(text_writer *w, const ptc_column *cols, size_t n) {
    if (!reserve(w, (void **)&w->columns, &w->columns_cap, sizeof *w->columns, n ? n : 1))
        return false;
    size_t nlevel = 0;
    for (size_t i = 0; i < n; i++) {
        column *c = &w->columns[i];
        *c = (column){.role = cols[i].role, .header = cols[i].header.str};
        if (c->role == PTC_COL_LEVEL) {
            c->path_index = cols[i].level > 0 ? (size_t)cols[i].level - 1 : nlevel;
            nlevel++;
        } else if (c->role == PTC_COL_EXTRA) {
            c->key = cols[i].key.s ? cols[i].key : cols[i].header.str;
            for (size_t k = 0; k < i; k++)
                c->occurrence += w->columns[k].role == PTC_COL_EXTRA && str_eq(w->columns[k].key, c->key);
        }
    }
    return true;
}

static ptc_str extra_key(const ptc_field *f) { return f->key.s ? f->key : f->label.str; }

/* The previous row of the block as written: its path, for inherited cells. */
typedef struct prev_row {
    const ptc_text *path;
    size_t path_len;
} prev_row;

static void write_cells(text_writer *w, size_t width, size_t name_col, bool mark_name) {
    for (size_t i = 0; i < width; i++) {
        if (i) ptc_sink_putc(w->out, '\t');
        if (mark_name && i == name_col) put_inline_nonblank(w->out, w->cells[i]);
        else put_inline(w->out, w->cells[i]);
    }
    newline(w->out);
}

static void write_indicator(text_writer *w, const ptc_indicator *ind, size_t ncolumns, prev_row prev) {
    /* Which extras a header column takes; the others (kept beyond the
       header as "#N") come back to their own column N. */
    if (!reserve(w, (void **)&w->claimed, &w->claimed_cap, sizeof *w->claimed,
                 ind->extra_len ? ind->extra_len : 1))
        return;
    for (size_t k = 0; k < ind->extra_len; k++) w->claimed[k] = false;
    /* A level cell's score (产出指标(50分)) is under HEADER分值: back into
       the cell it came from. */
    if (!reserve(w, (void **)&w->scores, &w->scores_cap, sizeof *w->scores, ncolumns ? ncolumns : 1))
        return;
    for (size_t i = 0; i < ncolumns; i++) {
        w->scores[i] = (ptc_str){NULL, 0};
        const column *c = &w->columns[i];
        if (c->role != PTC_COL_LEVEL) continue;
        size_t k = ptc_score_extra(ind->extra, ind->extra_len, w->claimed, c->header);
        if (k == SIZE_MAX) continue;
        w->claimed[k] = true;
        w->scores[i] = ind->extra[k].value.str;
    }
    size_t width = ncolumns;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (!reserve(w, (void **)&w->cells, &w->cells_cap, sizeof *w->cells, width ? width : 1))
                return;
            for (size_t i = 0; i < width; i++) w->cells[i] = (ptc_str){"", 0};
        }
        for (size_t i = 0; i < ncolumns; i++) {
            const column *c = &w->columns[i];
            if (c->role != PTC_COL_EXTRA) continue;
            size_t seen = 0;
            for (size_t k = 0; k < ind->extra_len; k++) {
                if (!str_eq(extra_key(&ind->extra[k]), c->key) || seen++ != c->occurrence) continue;
                w->claimed[k] = true;
                if (pass == 1) w->cells[i] = ind->extra[k].value.str;
                break;
            }
        }
        size_t last = ncolumns;
        for (size_t k = 0; k < ind->extra_len; k++) {
            if (w->claimed[k]) continue;
            size_t col = ptc_beyond_header_column(ind->extra[k].label.str);
            col = col > last ? col : last + 1; /* a malformed key: next column */
            if (pass == 1) w->cells[col - 1] = ind->extra[k].value.str;
            last = col;
        }
        width = last;
    }
    size_t name_col = 0;
    for (size_t i = 0; i < ncolumns; i++) {
        const column *c = &w->columns[i];
        ptc_str *cell = &w->cells[i];
        switch (c->role) {
        case PTC_COL_LEVEL: {
            size_t k = c->path_index;
            if (k >= ind->path_len) break;
            /* A cell inherited from the row above (merged) is left empty
               again, when the row above has it: it reads back inherited. */
            bool inherited = ind->inherited && ind->inherited[k] && k < prev.path_len &&
                             str_eq(prev.path[k].str, ind->path[k].str);
            if (!inherited) *cell = ind->path[k].str;
            if (!inherited && w->scores[i].s) *cell = ptc_joins_add(&w->joined, "", *cell, "", w->scores[i], &w->failed);
            break;
        }
        case PTC_COL_NAME:
            /* the cell as written (指标1:培训人数) gives the same name back */
            *cell = ind->label.str.s ? ind->label.str : ind->name.str;
            name_col = i;
            break;
        case PTC_COL_VALUE: *cell = ind->value.text.str; break;
        case PTC_COL_UNIT: *cell = ind->unit.str; break;
        case PTC_COL_COMPARATOR: {
            const char *sym = ptc_comparator_symbol(ind->value.comparator);
            if (sym) *cell = (ptc_str){sym, strlen(sym)};
            break;
        }
        case PTC_COL_LABEL: break; /* the block's label, merged: empty on every row */
        case PTC_COL_EXTRA: break; /* placed above */
        }
    }
    size_t filled = 0, last_filled = 0;
    for (size_t i = 0; i < width; i++)
        if (w->cells[i].s && w->cells[i].len) filled++, last_filled = i;
    /* A row of empty cells would be skipped as a blank line, and a wide
       block's row with only its first two cells filled reads as a label row
       (`联系人 | 张三`): an explicit empty name keeps it an indicator. */
    bool mark_name = filled == 0 || (filled == 2 && last_filled == 1 && width >= 4 &&
                                     name_col > 1);
    write_cells(w, width, name_col, mark_name);
    ptc_joins_clear(&w->joined);
}

/* A category row without indicator: its cells in their level columns, the
   name, value, unit and every other column empty. */
static void write_category(text_writer *w, const ptc_category *cat, size_t ncolumns) {
    if (!reserve(w, (void **)&w->cells, &w->cells_cap, sizeof *w->cells, ncolumns ? ncolumns : 1))
        return;
    for (size_t i = 0; i < ncolumns; i++) {
        const column *c = &w->columns[i];
        w->cells[i] = (ptc_str){"", 0};
        if (c->role == PTC_COL_LEVEL && c->path_index < cat->path_len)
            w->cells[i] = cat->path[c->path_index].str;
    }
    write_cells(w, ncolumns, 0, false);
}

static void write_indicator_block(text_writer *w, const ptc_table *t) {
    if (!t->columns_len && !t->indicators_len && !t->categories_len) return;
    const ptc_column *cols = t->columns_len ? t->columns : canonical_columns;
    size_t n = t->columns_len ? t->columns_len : sizeof canonical_columns / sizeof canonical_columns[0];
    ptc_sink_puts(w->out, "年度绩效指标");
    tabs(w->out, LABEL_ROW_CELLS - 1);
    newline(w->out);
    for (size_t i = 0; i < n; i++) {
        if (i) ptc_sink_putc(w->out, '\t');
        put_inline(w->out, cols[i].header.str);
    }
    newline(w->out);
    if (!layout_columns(w, cols, n)) return;
    /* Indicators and category rows, in line order. */
    prev_row prev = {NULL, 0};
    size_t c = 0;
    for (size_t i = 0; i <= t->indicators_len && !w->failed; i++) {
        const ptc_indicator *ind = i < t->indicators_len ? &t->indicators[i] : NULL;
        while (c < t->categories_len && (!ind || t->categories[c].line < ind->line) && !w->failed) {
            const ptc_category *cat = &t->categories[c++];
            write_category(w, cat, n);
            prev = (prev_row){cat->path, cat->path_len};
        }
        if (!ind) break;
        write_indicator(w, ind, n, prev);
        prev = (prev_row){ind->path, ind->path_len};
    }
}

/* ------------------------------------------------------------ tables */

static void year_line(text_writer *w, long year) {
    ptc_sink_putc(w->out, '(');
    ptc_text_put_long(w->out, year, 4);
    ptc_sink_lit(w->out, " 年度)");
    newline(w->out);
    blank_line(w->out);
    w->year_pending = false;
}

/* After each row of a table: the year line a table without heading could
   not take before its first row. */
static void row_done(text_writer *w, const ptc_table *t) {
    if (w->year_pending) year_line(w, t->year.value);
}

static void write_table(text_writer *w, const ptc_table *t, bool first) {
    ptc_sink *out = w->out;
    if (!first) blank_line(out);
    /* The parser takes a year line only for a table that exists: one
       without heading is opened by its applicant line or its first row. */
    w->year_pending = t->year.set;
    if (t->title.str.s) {
        if (t->seq.set) {
            ptc_text_put_long(out, t->seq.value, 0);
            ptc_sink_lit(out, "、");
        }
        put_part(out, t->title.str);
        newline(out);
        blank_line(out);
        row_done(w, t);
    }
    if (t->applicant.str.s) {
        ptc_sink_puts(out, "申报单位：");
        put_part(out, coded(w, t->applicant_code, t->applicant.str));
        newline(out);
        blank_line(out);
        row_done(w, t);
    }
    if (t->project_name.str.s) {
        label_row(out, "项目名称", coded(w, t->project_code, t->project_name.str));
        row_done(w, t);
    }
    if (t->department.str.s || t->executing_unit.str.s) {
        bool both = t->department.str.s && t->executing_unit.str.s;
        if (t->department.str.s) {
            ptc_sink_puts(out, "主管部门\t");
            put_inline(out, coded(w, t->department_code, t->department.str));
            ptc_sink_putc(out, '\t');
        }
        if (t->executing_unit.str.s) {
            ptc_sink_puts(out, "预算执行单位\t");
            put_inline(out, coded(w, t->executing_unit_code, t->executing_unit.str));
            ptc_sink_putc(out, '\t');
        }
        tabs(out, both ? LABEL_ROW_CELLS - 5 : LABEL_ROW_CELLS - 3);
        newline(out);
        row_done(w, t);
    }
    if (t->project_type.str.s) {
        label_row(out, "项目类型", t->project_type.str);
        row_done(w, t);
    }
    if (t->period) {
        label_row(out, "项目期限", t->period->text.str);
        row_done(w, t);
    }
    if (t->funds) {
        label_row(out, ptc_funds_label(t->funds), t->funds->text.str);
        row_done(w, t);
    }
    for (size_t i = 0; i < t->fields_len; i++) {
        const ptc_field *f = &t->fields[i];
        put_inline_nonblank(out, f->label.str);
        ptc_sink_putc(out, '\t');
        /* An empty value cell would leave the label alone on its line,
           which reads as text, not as a field. */
        put_inline_nonblank(out, coded(w, f->code, f->value.str));
        tabs(out, LABEL_ROW_CELLS - 2);
        newline(out);
        row_done(w, t);
    }
    /* Grid blocks, each row's cells where they were (the label's column
       empty on later rows, as the merged cell reads). */
    for (size_t i = 0; i < t->grids_len; i++) {
        const ptc_grid *g = &t->grids[i];
        for (size_t r = 0; r < g->rows_len; r++) {
            const ptc_grid_row *row = &g->rows[r];
            for (size_t c = 0; c < row->cells_len; c++) {
                if (c) ptc_sink_putc(out, '\t');
                put_inline(out, row->cells[c].str);
            }
            if (row->cells_len < 2) ptc_sink_putc(out, '\t');
            newline(out);
            row_done(w, t);
        }
    }
    if (t->annual_goal.str.s) {
        ptc_sink_puts(out, "项目绩效年度目标");
        tabs(out, LABEL_ROW_CELLS - 1);
        newline(out);
        row_done(w, t);
        paragraph_rows(out, t->annual_goal.str.s, t->annual_goal.str.len);
    }
    if (t->columns_len || t->indicators_len || t->categories_len) {
        write_indicator_block(w, t);
        row_done(w, t);
    }
    if (t->notes.str.s) {
        const char *s = t->notes.str.s, *end = s + t->notes.str.len;
        const char *nl = memchr(s, '\n', t->notes.str.len);
        label_row(out, "其他说明", (ptc_str){s, (size_t)((nl ? nl : end) - s)});
        row_done(w, t);
        if (nl) paragraph_rows(out, nl + 1, (size_t)(end - nl - 1));
    }
}

/* ------------------------------------------------------------ emitter */

static void *open_text(ptc_sink *out, const ptc_emit_options *opts) {
    (void)opts; /* no options: the layout is the canonical one */
    text_writer *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->out = out;
    return w;
}

static int document_text(void *state, const ptc_document *doc) {
    text_writer *w = state;
    write_preamble(w->out, doc, w->documents++ == 0);
    for (size_t i = 0; i < doc->tables_len && !w->failed; i++) write_table(w, &doc->tables[i], i == 0);
    return w->failed || ptc_sink_error(w->out) ? -1 : 0;
}

static int close_text(void *state, bool ok) {
    text_writer *w = state;
    (void)ok; /* every document ends with its last line: nothing to close */
    int rc = w->failed || ptc_sink_error(w->out) ? -1 : 0;
    free(w->columns);
    free(w->cells);
    free(w->claimed);
    free(w->scores);
    ptc_joins_free(&w->joined);
    free(w);
    return rc;
}

const ptc_emitter ptc_emitter_text = {
    "text", "txt", "text/plain",
    "canonical TAB-separated text in the seed's layout; parses back to the same model",
    open_text, document_text, close_text};

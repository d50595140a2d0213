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
 *   two blank lines; the title; the summary text; 绩效目标表如下： and the
 *   unit list "i、<name>绩效项目n个；" (the last ending "，具体如下："),
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
 *   header row), each part in the column the model's `column_roles` give it. Extra cells the parser kept under "#N" (beyond the header)
 *   go back to column N.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emitters/emitters.h"

/* Cells in a label row, as in the seed and gen-corpus. */
#define LABEL_ROW_CELLS 6

/* Used when a table has indicators but no header row was seen. */
static const char *const canonical_header[] = {"一级指标", "二级指标", "三级指标",
                                               "四级指标", "指标值",   "计量单位"};

typedef struct column {
    ptc_column_role role;
    int path_index; /* PTC_COL_LEVEL: index in the indicator's path */
    int extra_index; /* PTC_COL_EXTRA: index in the indicator's extra */
} column;

typedef struct text_writer {
    ptc_sink *out;
    column *columns; /* the current table's layout */
    size_t columns_cap;
    ptc_str *cells; /* one indicator row */
    size_t cells_cap;
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

/* ------------------------------------------------------------ cell text */

/* A one-line cell: "\n" becomes "<br>"; the other whitespace controls, which
   normalised text does not hold, become the space the parser would make of
   them, so a stray one cannot split a cell or a line. */
static void put_inline(ptc_sink *out, ptc_str s) {
    if (!s.s) return;
    size_t run = 0;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.s[i];
        if (c != '\n' && c != '\t' && c != '\r' && c != '\v' && c != '\f') continue;
        ptc_sink_write(out, s.s + run, i - run);
        if (c == '\n') ptc_sink_write(out, "<br>", 4);
        else ptc_sink_putc(out, ' ');
        run = i + 1;
    }
    ptc_sink_write(out, s.s + run, s.len - run);
}

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

static void write_preamble(ptc_sink *out, const ptc_document *d) {
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
    /* The list's intro line is not in the model. Written only after a title
       or summary: there the parser ignores it, while right after the last
       table of the previous document it would be read as that table's
       text. */
    if (d->units_len && (d->title.str.s || d->summary)) {
        ptc_sink_puts(out, "绩效目标表如下：");
        newline(out);
        blank_line(out);
    }
    for (size_t i = 0; i < d->units_len; i++) {
        const ptc_unit *u = &d->units[i];
        ptc_sink_printf(out, "%ld、", u->seq.set ? u->seq.value : (long)(i + 1));
        put_inline_nonblank(out, u->name.str);
        ptc_sink_printf(out, "绩效项目%ld个%s", u->project_count.set ? u->project_count.value : 0L,
                        i + 1 == d->units_len ? "，具体如下：" : "；");
        newline(out);
        blank_line(out);
    }
}

/* ------------------------------------------------------------ indicators */

/* Where each part of an indicator goes: the model says what each header
   column holds; LEVEL columns take the path left to right, EXTRA columns the
   header-keyed extras left to right. */
static bool layout_columns(text_writer *w, const ptc_column_role *roles, size_t n) {
    if (!reserve(w, (void **)&w->columns, &w->columns_cap, sizeof *w->columns, n ? n : 1))
        return false;
    int npath = 0, nextra = 0;
    for (size_t i = 0; i < n; i++) {
        column *c = &w->columns[i];
        c->role = roles[i];
        c->path_index = c->role == PTC_COL_LEVEL ? npath++ : -1;
        c->extra_index = c->role == PTC_COL_EXTRA ? nextra++ : -1;
    }
    return true;
}

/* Column (0-based) of an extra cell the parser found beyond the header and
   named "#N" (N 1-based), or 0 when the label is not of that form. */
static size_t beyond_header_column(ptc_str label) {
    if (!label.s || label.len < 2 || label.s[0] != '#') return 0;
    size_t n = 0;
    for (size_t i = 1; i < label.len; i++) {
        if (label.s[i] < '0' || label.s[i] > '9' || n > 100000000) return 0;
        n = n * 10 + (size_t)(label.s[i] - '0');
    }
    return n;
}

static void write_indicator(text_writer *w, const ptc_indicator *ind, size_t ncolumns) {
    /* Cells beyond the header come back to their own column, after the
       header's extra columns have taken their share of `extra`. */
    size_t header_extras = 0;
    for (size_t i = 0; i < ncolumns; i++) header_extras += w->columns[i].role == PTC_COL_EXTRA;
    size_t width = ncolumns;
    for (size_t k = header_extras; k < ind->extra_len; k++) {
        size_t col = beyond_header_column(ind->extra[k].label.str);
        col = col > width ? col : width + 1; /* a malformed key: next column */
        width = col;
    }
    if (!reserve(w, (void **)&w->cells, &w->cells_cap, sizeof *w->cells, width ? width : 1)) return;
    for (size_t i = 0; i < width; i++) w->cells[i] = (ptc_str){"", 0};
    size_t name_col = 0;
    for (size_t i = 0; i < ncolumns; i++) {
        const column *c = &w->columns[i];
        ptc_str *cell = &w->cells[i];
        switch (c->role) {
        case PTC_COL_LEVEL:
            if ((size_t)c->path_index < ind->path_len) *cell = ind->path[c->path_index].str;
            break;
        case PTC_COL_NAME:
            *cell = ind->name.str;
            name_col = i;
            break;
        case PTC_COL_VALUE: *cell = ind->value.text.str; break;
        case PTC_COL_UNIT: *cell = ind->unit.str; break;
        case PTC_COL_COMPARATOR:
        case PTC_COL_LABEL: break;
        case PTC_COL_EXTRA:
            if ((size_t)c->extra_index < ind->extra_len) *cell = ind->extra[c->extra_index].value.str;
            break;
        }
    }
    size_t last = ncolumns;
    for (size_t k = header_extras; k < ind->extra_len; k++) {
        size_t col = beyond_header_column(ind->extra[k].label.str);
        col = col > last ? col : last + 1;
        w->cells[col - 1] = ind->extra[k].value.str;
        last = col;
    }
    size_t filled = 0, last_filled = 0;
    for (size_t i = 0; i < width; i++)
        if (w->cells[i].s && w->cells[i].len) filled++, last_filled = i;
    /* A row of empty cells would be skipped as a blank line, and a wide
       block's row with only its first two cells filled reads as a label row
       (`联系人 | 张三`): an explicit empty name keeps it an indicator. */
    bool mark_name = filled == 0 || (filled == 2 && last_filled == 1 && width >= 4 &&
                                     name_col > 1);
    for (size_t i = 0; i < width; i++) {
        if (i) ptc_sink_putc(w->out, '\t');
        if (mark_name && i == name_col) put_inline_nonblank(w->out, w->cells[i]);
        else put_inline(w->out, w->cells[i]);
    }
    newline(w->out);
}

static void write_indicator_block(text_writer *w, const ptc_table *t) {
    if (!t->columns_len && !t->indicators_len) return;
    size_t n = t->columns_len ? t->columns_len : sizeof canonical_header / sizeof canonical_header[0];
    if (!reserve(w, (void **)&w->cells, &w->cells_cap, sizeof *w->cells, n)) return;
    for (size_t i = 0; i < n; i++)
        w->cells[i] = t->columns_len ? t->columns[i].header.str
                                     : (ptc_str){canonical_header[i], strlen(canonical_header[i])};
    ptc_sink_puts(w->out, "年度绩效指标");
    tabs(w->out, LABEL_ROW_CELLS - 1);
    newline(w->out);
    for (size_t i = 0; i < n; i++) {
        if (i) ptc_sink_putc(w->out, '\t');
        put_inline(w->out, w->cells[i]);
    }
    newline(w->out);
    static const ptc_column_role canonical_roles[] = {PTC_COL_LEVEL, PTC_COL_LEVEL, PTC_COL_LEVEL,
                                                      PTC_COL_NAME,  PTC_COL_VALUE, PTC_COL_UNIT};
    ptc_column_role roles[256];
    if (n > sizeof roles / sizeof roles[0]) n = sizeof roles / sizeof roles[0];
    for (size_t i = 0; i < n; i++) roles[i] = t->columns_len ? t->columns[i].role : canonical_roles[i];
    if (!layout_columns(w, roles, n)) return;
    for (size_t i = 0; i < t->indicators_len && !w->failed; i++)
        write_indicator(w, &t->indicators[i], n);
}

/* ------------------------------------------------------------ tables */

static const char *funds_label(const ptc_amount *a) {
    static const char *const units[] = {"万元", "元", "亿元"};
    static const char *const labels[] = {"项目资金申请（万元）", "项目资金申请（元）",
                                         "项目资金申请（亿元）"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (a->unit.s && a->unit.len == strlen(units[i]) && memcmp(a->unit.s, units[i], a->unit.len) == 0)
            return labels[i];
    return labels[0]; /* the text names its own unit (千元) */
}

static void year_line(text_writer *w, long year) {
    ptc_sink_printf(w->out, "(%04ld 年度)", year);
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
        if (t->seq.set) ptc_sink_printf(out, "%ld、", t->seq.value);
        put_inline(out, t->title.str);
        newline(out);
        blank_line(out);
        row_done(w, t);
    }
    if (t->applicant.str.s) {
        ptc_sink_puts(out, "申报单位：");
        put_inline(out, t->applicant.str);
        newline(out);
        blank_line(out);
        row_done(w, t);
    }
    if (t->project_name.str.s) {
        label_row(out, "项目名称", t->project_name.str);
        row_done(w, t);
    }
    if (t->department.str.s || t->executing_unit.str.s) {
        bool both = t->department.str.s && t->executing_unit.str.s;
        if (t->department.str.s) {
            ptc_sink_puts(out, "主管部门\t");
            put_inline(out, t->department.str);
            ptc_sink_putc(out, '\t');
        }
        if (t->executing_unit.str.s) {
            ptc_sink_puts(out, "预算执行单位\t");
            put_inline(out, t->executing_unit.str);
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
        label_row(out, funds_label(t->funds), t->funds->text.str);
        row_done(w, t);
    }
    for (size_t i = 0; i < t->fields_len; i++) {
        const ptc_field *f = &t->fields[i];
        put_inline_nonblank(out, f->label.str);
        ptc_sink_putc(out, '\t');
        /* An empty value cell would leave the label alone on its line,
           which reads as text, not as a field. */
        put_inline_nonblank(out, f->value.str);
        tabs(out, LABEL_ROW_CELLS - 2);
        newline(out);
        row_done(w, t);
    }
    if (t->annual_goal.str.s) {
        ptc_sink_puts(out, "项目绩效年度目标");
        tabs(out, LABEL_ROW_CELLS - 1);
        newline(out);
        row_done(w, t);
        paragraph_rows(out, t->annual_goal.str.s, t->annual_goal.str.len);
    }
    if (t->columns_len || t->indicators_len) {
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
    write_preamble(w->out, doc);
    for (size_t i = 0; i < doc->tables_len && !w->failed; i++) write_table(w, &doc->tables[i], i == 0);
    return w->failed || ptc_sink_error(w->out) ? -1 : 0;
}

static int close_text(void *state, bool ok) {
    text_writer *w = state;
    (void)ok; /* every document ends with its last line: nothing to close */
    int rc = w->failed || ptc_sink_error(w->out) ? -1 : 0;
    free(w->columns);
    free(w->cells);
    free(w);
    return rc;
}

const ptc_emitter ptc_emitter_text = {
    "text", "txt", "text/plain",
    "canonical TAB-separated text in the seed's layout; parses back to the same model",
    open_text, document_text, close_text};

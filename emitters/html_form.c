/*
 * One table drawn as its published form: heading, header fields, grid
 * blocks, the goal, the indicator block (html_indicators.c), further fields
 * and notes, in one <table> whose parts are <tbody> sections.
 *
 * Words: a label cell says what the source said (ptc_table.labels, the
 * label as written); the built-in wording (the 批复表's) is used only for a
 * field that has a value but no label in the model. The heading is the
 * table's title as written, else the document's, else a neutral name of the
 * family marked class="ptc-untitled" — never an invented form title.
 *
 * Layout: a target table (批复表, 申报表) keeps the 批复表 layout of the
 * seed (主管部门 and 预算执行单位 on one row, the goal under a section row);
 * overall and self-evaluation tables draw one row per field that is there,
 * in the order their labels were written, and no row for an absent one.
 *
 * Order: fields have no positions in the model (nor in the JSON it is read
 * back from, which must give the same page), so the header fields come
 * first; grids, the goal and the indicator block follow in line order
 * (grids and the goal's items carry lines; a goal without items goes just
 * before the indicator block); the other label rows and the notes last.
 *
 * A value the parser read from a grid (a budget grid's 全年预算数, a goals
 * grid's 预期目标, a grid row of the table's own labels) is drawn by its
 * grid only: a field is left out of the header when a grid shows it, its
 * label followed by its value, or, having no label, its value in any cell.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "common/numfmt.h"
#include "emitters/html_internal.h"

/* The official form is six columns wide; wider blocks widen it. */
#define FORM_COLUMNS 6

/* `lit` (an opening tag up to its colspan's value), the number and `">`:
   the form's rows without printf, whose format parsing cost more than the
   row's text. */
#define put_colspan(out, lit, n) put_number_tag((out), (lit), sizeof(lit) - 1, (n))

static void put_number_tag(ptc_sink *out, const char *lit, size_t len, size_t n) {
    ptc_sink_write(out, lit, len);
    html_put_size(out, n);
    ptc_sink_lit(out, "\">");
}

/* ------------------------------------------------------------ fields */

typedef enum hf { HF_PROJECT, HF_DEPARTMENT, HF_EXECUTING, HF_TYPE, HF_PERIOD, HF_FUNDS, HF_COUNT } hf;

/* The header fields with their keys and the 批复表's wording. */
static const struct {
    const char *key;
    const char *builtin;
} header_fields[HF_COUNT] = {{"project_name", "项目名称"}, {"department", "主管部门"},
                             {"executing_unit", "预算执行单位"}, {"project_type", "项目类型"},
                             {"period", "项目期限"}, {"funds", "项目资金申请"}};

static bool present(ptc_str s) { return s.s != NULL; }

/* The label the model read the field `key` from, or absent. */
static ptc_str label_of(const ptc_table *t, const char *key) {
    size_t n = strlen(key);
    for (size_t i = 0; i < t->labels_len; i++)
        if (t->labels[i].key.len == n && t->labels[i].key.s && memcmp(t->labels[i].key.s, key, n) == 0)
            return t->labels[i].label.str;
    return (ptc_str){NULL, 0};
}

static ptc_str field_value(const ptc_table *t, hf f) {
    ptc_str none = {NULL, 0};
    switch (f) {
    case HF_PROJECT: return t->project_name.str;
    case HF_DEPARTMENT: return t->department.str;
    case HF_EXECUTING: return t->executing_unit.str;
    case HF_TYPE: return t->project_type.str;
    case HF_PERIOD: return t->period ? t->period->text.str : none;
    case HF_FUNDS: return t->funds ? t->funds->text.str : none;
    case HF_COUNT: break;
    }
    return none;
}

static ptc_str field_code(const ptc_table *t, hf f) {
    ptc_str none = {NULL, 0};
    switch (f) {
    case HF_PROJECT: return t->project_code.str;
    case HF_DEPARTMENT: return t->department_code.str;
    case HF_EXECUTING: return t->executing_unit_code.str;
    default: return none;
    }
}

static bool has_value(const ptc_table *t, hf f) { return f == HF_FUNDS ? t->funds != NULL : present(field_value(t, f)); }

/* Drawn in the header: it has a value (or, outside the 批复表 layout, a
   label) and no grid shows it. */
static bool header_shows(const ptc_table *t, hf f, bool target) {
    ptc_str label = label_of(t, header_fields[f].key);
    if (!has_value(t, f) && (target || !present(label))) return false;
    return !html_grid_shows(t, label, field_value(t, f));
}

static void put_label(ptc_sink *out, const ptc_table *t, hf f) {
    ptc_str label = label_of(t, header_fields[f].key);
    if (present(label)) {
        html_put_cell_text(out, label);
        return;
    }
    ptc_sink_puts(out, header_fields[f].builtin);
    if (f == HF_FUNDS && t->funds && t->funds->unit.s && t->funds->unit.len) {
        ptc_sink_puts(out, "（");
        html_put_str(out, t->funds->unit);
        ptc_sink_puts(out, "）");
    }
}

static void put_value(ptc_sink *out, const ptc_table *t, hf f) {
    if (f == HF_FUNDS && t->funds && !present(t->funds->text.str) && t->funds->value.set) {
        char num[32];
        ptc_format_number(t->funds->value.value, num);
        ptc_sink_puts(out, num);
        if (t->funds->unit.s && t->funds->unit.len) {
            ptc_sink_putc(out, ' ');
            html_put_str(out, t->funds->unit);
        }
        return;
    }
    html_put_cell_text(out, field_value(t, f));
    ptc_str code = field_code(t, f);
    if (code.s && code.len) { /* split off the name by the parser; shown beside it */
        ptc_sink_puts(out, " <span class=\"ptc-code\">");
        html_put_cell_text(out, code);
        ptc_sink_puts(out, "</span>");
    }
}

/* The grid of sub-rows under the funds' label row (一、预算资金:250 under
   项目资金申请(万元)), drawn with that row; -1 when there is none. */
static long funds_subrows(const ptc_table *t) {
    ptc_str label = label_of(t, "funds");
    if (!t->funds || !present(label)) return -1;
    for (size_t i = 0; i < t->grids_len; i++) {
        const ptc_grid *g = &t->grids[i];
        if (html_str_eq(g->key, (ptc_str){"funds", 5}) && html_grid_subrows(g) && html_words_eq(g->label.str, label))
            return (long)i;
    }
    return -1;
}

/* One field on a row of its own: label, value across the rest. */
static void put_field_row(ptc_sink *out, const ptc_table *t, hf f, size_t width, bool *grid_drawn) {
    long sub = f == HF_FUNDS ? funds_subrows(t) : -1;
    const ptc_grid *g = sub >= 0 ? &t->grids[sub] : NULL;
    if (g) {
        ptc_sink_lit(out, "<tr><th rowspan=\"");
        html_put_size(out, g->rows_len + 1);
        ptc_sink_lit(out, "\">");
    } else {
        ptc_sink_lit(out, "<tr><th>");
    }
    put_label(out, t, f);
    put_colspan(out, "</th><td colspan=\"", width - 1);
    put_value(out, t, f);
    ptc_sink_puts(out, "</td></tr>\n");
    if (g) {
        html_put_grid(out, g, width, true);
        grid_drawn[sub] = true;
    }
}

/* The 批复表 layout: the seed's rows, in the seed's order. */
static void put_target_header(ptc_sink *out, const ptc_table *t, size_t width, bool *grid_drawn) {
    if (header_shows(t, HF_PROJECT, true)) put_field_row(out, t, HF_PROJECT, width, grid_drawn);
    bool dep = header_shows(t, HF_DEPARTMENT, true), exe = header_shows(t, HF_EXECUTING, true);
    /* The two on one row as the 批复表 has them; one alone on a row of its
       own, so no label is drawn for a field the table does not have. */
    if (dep != exe) put_field_row(out, t, dep ? HF_DEPARTMENT : HF_EXECUTING, width, grid_drawn);
    if (dep && exe) {
        ptc_sink_puts(out, "<tr><th>");
        put_label(out, t, HF_DEPARTMENT);
        ptc_sink_puts(out, "</th><td>");
        put_value(out, t, HF_DEPARTMENT);
        ptc_sink_puts(out, "</td><th>");
        put_label(out, t, HF_EXECUTING);
        put_colspan(out, "</th><td colspan=\"", width - 3);
        put_value(out, t, HF_EXECUTING);
        ptc_sink_puts(out, "</td></tr>\n");
    }
    for (hf f = HF_TYPE; f < HF_COUNT; f++)
        if (header_shows(t, f, true)) put_field_row(out, t, f, width, grid_drawn);
}

/* Overall and self-evaluation tables: the fields there are, labelled ones
   in the order written, then those with a value and no label. */
static void put_plain_header(ptc_sink *out, const ptc_table *t, size_t width, bool *grid_drawn) {
    bool done[HF_COUNT] = {false};
    for (size_t i = 0; i < t->labels_len; i++)
        for (hf f = 0; f < HF_COUNT; f++)
            if (!done[f] && html_str_eq(t->labels[i].key, (ptc_str){header_fields[f].key, strlen(header_fields[f].key)})) {
                done[f] = true;
                if (header_shows(t, f, false)) put_field_row(out, t, f, width, grid_drawn);
            }
    for (hf f = 0; f < HF_COUNT; f++)
        if (!done[f] && header_shows(t, f, false)) put_field_row(out, t, f, width, grid_drawn);
}

/* ------------------------------------------------------------ parts */

static void put_section_row(ptc_sink *out, ptc_str label, const char *builtin, size_t width) {
    put_colspan(out, "<tr><th class=\"ptc-section\" colspan=\"", width);
    if (present(label)) html_put_cell_text(out, label);
    else ptc_sink_puts(out, builtin);
    ptc_sink_puts(out, "</th></tr>\n");
}

static void put_goal_text(ptc_sink *out, const ptc_table *t) {
    if (!t->goal_items_len) {
        html_put_paragraphs(out, t->annual_goal.str);
        return;
    }
    /* 目标1：… one item each; the marker's own colon is not in the model */
    ptc_sink_puts(out, "<ul class=\"ptc-goal-items\">");
    for (size_t i = 0; i < t->goal_items_len; i++) {
        ptc_sink_puts(out, "<li><span class=\"ptc-goal-label\">");
        html_put_cell_text(out, t->goal_items[i].label.str);
        ptc_sink_puts(out, "</span>：");
        html_put_cell_text(out, t->goal_items[i].text.str);
        ptc_sink_puts(out, "</li>");
    }
    ptc_sink_puts(out, "</ul>");
}

static void put_goal(ptc_sink *out, const ptc_table *t, size_t width, bool target) {
    ptc_str label = label_of(t, "annual_goal");
    if (target) {
        put_section_row(out, label, "项目绩效年度目标", width);
        put_colspan(out, "<tr><td class=\"ptc-goal\" colspan=\"", width);
    } else {
        ptc_sink_puts(out, "<tr><th>");
        if (present(label)) html_put_cell_text(out, label);
        else ptc_sink_puts(out, "项目绩效年度目标");
        put_colspan(out, "</th><td class=\"ptc-goal\" colspan=\"", width - 1);
    }
    put_goal_text(out, t);
    ptc_sink_puts(out, "</td></tr>\n");
}

/* A part of the form after the header, with the line it sorts by. */
typedef struct part {
    uint32_t line;
    int rank;     /* at the same line: the goal, the indicators, grids */
    size_t index; /* the grid's */
} part;

static int part_cmp(const void *a, const void *b) {
    const part *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

enum { PART_GOAL, PART_INDICATORS, PART_GRID };

/* ------------------------------------------------------------ the form */

const char *html_kind_heading(ptc_table_kind k) {
    switch (k) {
    case PTC_TABLE_SELF_EVALUATION: return "绩效自评表";
    case PTC_TABLE_OVERALL: return "整体绩效目标表";
    default: return "绩效目标表";
    }
}

/* "<year>年" at `buf` (24 bytes), as snprintf's "%ld年"; its length. */
static size_t year_prefix(char *buf, long year) {
    char digits[24], *p = digits + sizeof digits;
    unsigned long u = year < 0 ? 0UL - (unsigned long)year : (unsigned long)year;
    do *--p = (char)('0' + u % 10); while (u /= 10);
    if (year < 0) *--p = '-';
    size_t n = (size_t)(digits + sizeof digits - p);
    memcpy(buf, p, n);
    memcpy(buf + n, "年", 3);
    return n + 3;
}

static void put_heading(ptc_sink *out, const ptc_table *t, const ptc_document *d) {
    bool own = t->title.str.s && t->title.str.len, doc = d && d->title.str.s && d->title.str.len;
    ptc_sink_puts(out, own || doc ? "<h2>" : "<h2 class=\"ptc-untitled\">");
    if (t->seq.set) {
        ptc_sink_lit(out, "<span class=\"ptc-seq\">");
        html_put_long(out, t->seq.value);
        ptc_sink_lit(out, "、</span>");
    }
    if (own) html_put_str(out, t->title.str);
    else if (doc) html_put_str(out, d->title.str);
    else ptc_sink_puts(out, html_kind_heading(t->kind));
    ptc_sink_puts(out, "</h2>\n");
    /* a title that begins with its year (2024年市级部门…表) says it already:
       no year line the published form does not have */
    char year[24];
    size_t n = t->year.set ? year_prefix(year, t->year.value) : 0;
    bool in_title = own && n > 0 && t->title.str.len >= n && memcmp(t->title.str.s, year, n) == 0;
    if (t->year.set && !in_title) {
        ptc_sink_lit(out, "<p class=\"ptc-year\">(");
        html_put_long(out, t->year.value);
        ptc_sink_lit(out, " 年度)</p>\n");
    }
    if (present(t->applicant.str)) {
        ptc_str label = label_of(t, "applicant");
        ptc_sink_puts(out, "<p class=\"ptc-applicant\">");
        if (present(label)) {
            html_put_cell_text(out, label);
            bool colon = label.len && (label.s[label.len - 1] == ':' ||
                                       (label.len >= 3 && memcmp(label.s + label.len - 3, "：", 3) == 0));
            if (!colon) ptc_sink_puts(out, "：");
        } else {
            ptc_sink_puts(out, "申报单位：");
        }
        html_put_cell_text(out, t->applicant.str);
        ptc_sink_puts(out, "</p>\n");
    }
}

int html_put_form(ptc_sink *out, const ptc_table *t, const ptc_document *d, size_t doc, html_table_id id,
                  html_diags *diags) {
    bool target = t->kind == PTC_TABLE_TARGET;
    html_ind *ind = html_ind_new(t);
    bool *grid_drawn = calloc(t->grids_len + 1, sizeof *grid_drawn);
    part *parts = malloc((t->grids_len + 2) * sizeof *parts);
    if (!ind || !grid_drawn || !parts) {
        html_ind_free(ind);
        free(grid_drawn);
        free(parts);
        return -1;
    }
    /* The 批复表 is six columns wide; other forms as wide as their blocks. */
    size_t width = target ? FORM_COLUMNS : 2;
    if (html_ind_width(ind) > width) width = html_ind_width(ind);
    for (size_t i = 0; i < t->grids_len; i++)
        if (html_grid_width(&t->grids[i]) > width) width = html_grid_width(&t->grids[i]);

    ptc_sink_puts(out, "<section class=\"ptc-form\" id=\"");
    html_put_table_id(out, doc, id);
    ptc_sink_lit(out, "\" data-kind=\"");
    ptc_sink_puts(out, ptc_table_kind_name(t->kind));
    ptc_sink_lit(out, "\">\n");
    put_heading(out, t, d);
    if (target && width == FORM_COLUMNS) ptc_sink_lit(out, "<table class=\"ptc-table ptc-w6\">\n<colgroup>");
    else ptc_sink_lit(out, "<table class=\"ptc-table\">\n<colgroup>");
    for (size_t c = 0; c < width; c++) ptc_sink_puts(out, "<col>");
    ptc_sink_puts(out, "</colgroup>\n<tbody>\n");
    if (target) put_target_header(out, t, width, grid_drawn);
    else put_plain_header(out, t, width, grid_drawn);

    uint32_t ind_line = html_ind_line(ind);
    size_t nparts = 0;
    bool goal = present(t->annual_goal.str) &&
                !html_grid_shows(t, label_of(t, "annual_goal"), t->annual_goal.str);
    if (goal)
        parts[nparts++] = (part){t->goal_items_len && t->goal_items[0].text.pos.line
                                     ? t->goal_items[0].text.pos.line
                                     : ind_line ? ind_line : UINT32_MAX,
                                 PART_GOAL, 0};
    if (html_ind_any(ind)) parts[nparts++] = (part){ind_line ? ind_line : UINT32_MAX, PART_INDICATORS, 0};
    for (size_t i = 0; i < t->grids_len; i++)
        if (!grid_drawn[i]) parts[nparts++] = (part){t->grids[i].lines.first, PART_GRID, i};
    qsort(parts, nparts, sizeof *parts, part_cmp);

    bool in_body = true; /* inside the form's plain <tbody> */
    for (size_t k = 0; k < nparts; k++) {
        if (parts[k].rank == PART_GRID) {
            const ptc_grid *g = &t->grids[parts[k].index];
            ptc_sink_puts(out, in_body ? "</tbody>\n<tbody class=\"ptc-grid\" data-key=\"" : "<tbody class=\"ptc-grid\" data-key=\"");
            html_put_str(out, g->key);
            ptc_sink_puts(out, "\">\n");
            html_put_grid(out, g, width, false);
            ptc_sink_puts(out, "</tbody>\n");
            in_body = false;
            continue;
        }
        if (!in_body) ptc_sink_puts(out, "<tbody>\n");
        in_body = true;
        if (parts[k].rank == PART_GOAL) {
            put_goal(out, t, width, target);
        } else {
            /* The block's label column (绩效指标) heads it where it has one. */
            if (target && !html_ind_has_label(ind)) put_section_row(out, (ptc_str){NULL, 0}, "年度绩效指标", width);
            html_ind_put(out, ind, width);
        }
    }
    bool notes = present(t->notes.str);
    size_t fields = 0;
    for (size_t i = 0; i < t->fields_len; i++)
        fields += !html_grid_shows(t, t->fields[i].label.str, t->fields[i].value.str);
    if (!in_body && (fields || notes)) ptc_sink_puts(out, "<tbody>\n");
    for (size_t i = 0; i < t->fields_len; i++) {
        if (html_grid_shows(t, t->fields[i].label.str, t->fields[i].value.str)) continue;
        ptc_sink_puts(out, "<tr><th>");
        html_put_cell_text(out, t->fields[i].label.str);
        put_colspan(out, "</th><td colspan=\"", width - 1);
        html_put_cell_text(out, t->fields[i].value.str);
        ptc_sink_puts(out, "</td></tr>\n");
    }
    if (notes) {
        ptc_str label = label_of(t, "notes");
        ptc_sink_puts(out, "<tr><th>");
        if (present(label)) html_put_cell_text(out, label);
        else ptc_sink_puts(out, "其他说明");
        put_colspan(out, "</th><td class=\"ptc-notes\" colspan=\"", width - 1);
        html_put_paragraphs(out, t->notes.str);
        ptc_sink_puts(out, "</td></tr>\n");
    }
    if (in_body || fields || notes) ptc_sink_puts(out, "</tbody>\n");
    ptc_sink_puts(out, "</table>\n");
    html_put_table_diags(out, diags, t->lines);
    ptc_sink_puts(out, "</section>\n");
    free(parts);
    free(grid_drawn);
    html_ind_free(ind);
    return 0;
}

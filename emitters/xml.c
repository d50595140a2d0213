/*
 * XML: the model of the JSON contract, element for element, valid against
 * schemas/ptconv.rng (namespace urn:ptconv:1). Written straight into the
 * sink, so memory does not grow with the number of documents. The layout is
 * byte for byte the one libxml2's xmlTextWriter wrote with indentation on
 * (two spaces) before, which the golden and corpus tests pin: a start tag
 * on its own indented line; text content on the same line as its tags; an
 * element without content as <name/>; in text &, <, >, " and CR escaped
 * (&amp; &lt; &gt; &quot; &#13;), in attribute values also TAB and LF
 * (&#9; &#10;). libxml2 is still what reads and validates it in the tests.
 *
 * Carrying the JSON's values:
 *   - numbers, enumerations, dates and line numbers are attributes; numbers
 *     are formatted by ptc_format_number exactly as in the JSON;
 *   - strings from the input are element content (attribute values only for
 *     a document's `source`, an amount's and a value's `unit`, a field's `label` and
 *     `key`, an extra column's `header` and a column's `key` and
 *     `qualifier`);
 *   - a null (absent) value is never written: its attribute, or its element
 *     when the element holds nothing else, is omitted. When the string is
 *     the content of an element that must stay (a list item, or an element
 *     that also has attributes of its own) that element is written empty
 *     with nil="true". An empty string is an empty element;
 *   - lists are always written, empty or not, as JSON writes [] and {}.
 *
 * Characters XML 1.0 cannot carry (C0 controls other than TAB, LF and CR;
 * U+FFFE, U+FFFF) and bytes that are not UTF-8 are replaced with U+FFFD:
 * written as character references no XML 1.0 parser would accept them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emitters/emitters.h"
#include "model/model.h"
#include "common/numfmt.h"

#define XML_NAMESPACE "urn:ptconv:1"
#define XML_FORMAT_VERSION "1"
#include "emitters/xml_writer.h"

static void write_path(xml_emitter *x, const ptc_text *path, size_t len);

static const xml_tag tag_indicator = XML_TAG("indicator"), tag_path = XML_TAG("path"), tag_level = XML_TAG("level"),
                     tag_name = XML_TAG("name"), tag_value = XML_TAG("value"), tag_unit = XML_TAG("unit"),
                     tag_extra = XML_TAG("extra"), tag_column = XML_TAG("column"),
                     tag_inherited = XML_TAG("inherited"), tag_rowspan = XML_TAG("rowspan"),
                     tag_label = XML_TAG("label");

/* The room indicator_at asks for: what each of its writers may use. */
static size_t indicator_room(const ptc_indicator *ind, const char *comparator) {
    size_t n = XML_ROOM_TAG * (12 + 2 * ind->extra_len + 4 * ind->path_len) + XML_ROOM_ATTR * (4 + 2 * ind->path_len) +
               XML_ROOM_LEAF(ind->name.str.len) + XML_ROOM_LEAF(ind->unit.str.len) +
               XML_ROOM_LEAF(ind->label.str.len) + XML_ROOM_STR(comparator ? strlen(comparator) : 0) +
               XML_ROOM_STR(ind->value_unit.len) + XML_ROOM_STR(ind->value.text.str.len);
    for (size_t i = 0; i < ind->path_len; i++) n += XML_ROOM_LEAF(ind->path[i].str.len);
    for (size_t i = 0; i < ind->extra_len; i++)
        n += XML_ROOM_STR(ind->extra[i].label.str.len) + XML_ROOM_STR(ind->extra[i].value.str.len) + XML_ROOM_ATTR;
    return n;
}

/* write_indicator's bytes and state in one room taken for them all: an
   indicator is most of a document, and a room check and commit per tag
   and attribute cost more than the copies. */
static char *indicator_at(xml_emitter *x, char *p, const ptc_indicator *ind, const char *comparator) {
    p = p_start_tag(x, p, &tag_indicator);
    p = p_attr_long(p, "line", ind->line);
    p = p_start_tag(x, p, &tag_path);
    for (size_t i = 0; i < ind->path_len; i++) p = p_leaf_tag(x, p, &tag_level, ind->path[i].str);
    p = p_end(x, p);
    p = p_text_element_tag(x, p, &tag_name, ind->name.str);
    p = p_start_tag(x, p, &tag_value);
    p = p_attr_num(p, "number", ind->value.number);
    p = p_attr_str(p, "comparator", ((ptc_str){comparator, comparator ? strlen(comparator) : 0}));
    p = p_attr_str(p, "unit", ind->value_unit);
    p = p_attr_bool(p, "approximate", ind->value_approximate);
    p = p_content(x, p, ind->value.text.str);
    p = p_end(x, p);
    p = p_text_element_tag(x, p, &tag_unit, ind->unit.str);
    p = p_start_tag(x, p, &tag_extra);
    for (size_t i = 0; i < ind->extra_len; i++) {
        ptc_str header = ind->extra[i].label.str;
        if (!header.s) header = (ptc_str){"", 0};
        p = p_start_tag(x, p, &tag_column);
        p = p_attr_str(p, "header", header);
        p = p_content(x, p, ind->extra[i].value.str);
        p = p_end(x, p);
    }
    p = p_end(x, p);
    if (ind->inherited) {
        p = p_start_tag(x, p, &tag_inherited);
        for (size_t i = 0; i < ind->path_len; i++)
            p = p_end(x, p_attr_bool(p_start_tag(x, p, &tag_level), "value", ind->inherited[i]));
        p = p_end(x, p);
    }
    if (ind->rowspan) {
        p = p_start_tag(x, p, &tag_rowspan);
        for (size_t i = 0; i < ind->path_len; i++)
            p = p_end(x, p_attr_long(p_start_tag(x, p, &tag_level), "value", (long)ind->rowspan[i]));
        p = p_end(x, p);
    }
    p = p_text_element_tag(x, p, &tag_label, ind->label.str);
    return p_end(x, p);
}

/* The definition; indicator_at writes the same bytes when one room holds
   them all. */
static void write_indicator(xml_emitter *x, const ptc_indicator *ind) {
    const char *comparator = ptc_comparator_symbol(ind->value.comparator);
    char *p = ptc_sink_room(x->out, indicator_room(ind, comparator));
    if (p) {
        ptc_sink_commit_to(x->out, indicator_at(x, p, ind, comparator));
        return;
    }
    start(x, "indicator");
    attr_long(x, "line", ind->line);
    write_path(x, ind->path, ind->path_len);
    text_element(x, "name", ind->name.str);
    start(x, "value");
    attr_num(x, "number", ind->value.number);
    attr_cstr(x, "comparator", comparator);
    attr_str(x, "unit", ind->value_unit);
    attr_bool(x, "approximate", ind->value_approximate);
    content(x, ind->value.text.str);
    end(x);
    text_element(x, "unit", ind->unit.str);
    start(x, "extra");
    for (size_t i = 0; i < ind->extra_len; i++) {
        ptc_str header = ind->extra[i].label.str;
        /* A JSON key is a string: the JSON writes a null header as "". */
        if (!header.s) header = (ptc_str){"", 0};
        start(x, "column");
        attr_str(x, "header", header);
        content(x, ind->extra[i].value.str);
        end(x);
    }
    end(x);
    /* One entry per path level; omitted when the model has none (null). */
    if (ind->inherited) {
        start(x, "inherited");
        for (size_t i = 0; i < ind->path_len; i++) {
            start(x, "level");
            attr_bool(x, "value", ind->inherited[i]);
            end(x);
        }
        end(x);
    }
    if (ind->rowspan) {
        start(x, "rowspan");
        for (size_t i = 0; i < ind->path_len; i++) {
            start(x, "level");
            attr_long(x, "value", (long)ind->rowspan[i]);
            end(x);
        }
        end(x);
    }
    text_element(x, "label", ind->label.str);
    end(x);
}

static void write_path(xml_emitter *x, const ptc_text *path, size_t len) {
    start(x, "path");
    static const xml_tag level = XML_TAG("level");
    for (size_t i = 0; i < len; i++) leaf_tag(x, &level, path[i].str);
    end(x);
}

/* A column in one room, as indicator_at; false when the room is not had
   (the definition below then writes it). */
static bool column_at(xml_emitter *x, const ptc_column *c) {
    const char *role = ptc_column_role_name(c->role);
    ptc_str r = {role, role ? strlen(role) : 0};
    char *p = ptc_sink_room(x->out, 2 * XML_ROOM_TAG + 2 * XML_ROOM_ATTR + XML_ROOM_STR(r.len) +
                                        XML_ROOM_STR(c->key.len) + XML_ROOM_STR(c->qualifier.len) +
                                        XML_ROOM_STR(c->header.str.len));
    if (!p) return false;
    p = p_start_tag(x, p, &tag_column);
    p = p_attr_str(p, "role", r);
    p = p_attr_long(p, "level", c->level);
    p = p_attr_str(p, "key", c->key);
    p = p_attr_str(p, "qualifier", c->qualifier);
    p = p_content(x, p, c->header.str);
    ptc_sink_commit_to(x->out, p_end(x, p));
    return true;
}

static void write_columns(xml_emitter *x, const ptc_table *t) {
    start(x, "columns");
    for (size_t i = 0; i < t->columns_len; i++) {
        const ptc_column *c = &t->columns[i];
        if (column_at(x, c)) continue;
        start(x, "column");
        attr_cstr(x, "role", ptc_column_role_name(c->role));
        attr_long(x, "level", c->level);
        attr_str(x, "key", c->key);
        attr_str(x, "qualifier", c->qualifier);
        content(x, c->header.str);
        end(x);
    }
    end(x);
}

static void write_categories(xml_emitter *x, const ptc_table *t) {
    start(x, "categories");
    for (size_t i = 0; i < t->categories_len; i++) {
        const ptc_category *c = &t->categories[i];
        start(x, "category");
        attr_long(x, "line", c->line);
        write_path(x, c->path, c->path_len);
        end(x);
    }
    end(x);
}

static void write_grids(xml_emitter *x, const ptc_table *t) {
    start(x, "grids");
    for (size_t i = 0; i < t->grids_len; i++) {
        const ptc_grid *g = &t->grids[i];
        start(x, "grid");
        attr_str(x, "label", g->label.str);
        attr_str(x, "key", g->key);
        attr_long(x, "first-line", g->lines.first);
        attr_long(x, "last-line", g->lines.last);
        for (size_t r = 0; r < g->rows_len; r++) {
            start(x, "row");
            attr_long(x, "line", g->rows[r].line);
            for (size_t c = 0; c < g->rows[r].cells_len; c++) text_element(x, "cell", g->rows[r].cells[c].str);
            end(x);
        }
        end(x);
    }
    end(x);
}

static const xml_tag tag_table = XML_TAG("table"), tag_title = XML_TAG("title"),
                     tag_applicant = XML_TAG("applicant"), tag_project_name = XML_TAG("project-name"),
                     tag_department = XML_TAG("department"), tag_executing_unit = XML_TAG("executing-unit"),
                     tag_project_type = XML_TAG("project-type"), tag_period = XML_TAG("period"),
                     tag_funds = XML_TAG("funds"), tag_annual_goal = XML_TAG("annual-goal"),
                     tag_labels = XML_TAG("labels");

/* ` name="…"` for a constant string at p; nothing for NULL. */
XML_INLINE char *p_attr_cstr_n(char *p, const char *name, size_t nlen, const char *c) {
    return c ? p_attr_str_n(p, name, nlen, (ptc_str){c, strlen(c)}) : p;
}

/* write_table's start tag and members up to its columns in one room: the
   same bytes and state as the writers one by one. False (nothing written)
   without the room. */
static bool table_head_at(xml_emitter *x, const ptc_table *t) {
    const char *kind = ptc_table_kind_name(t->kind);
    const ptc_period *pd = t->period;
    const ptc_amount *a = t->funds;
    size_t n = 3 * XML_ROOM_TAG + 9 * XML_ROOM_ATTR + XML_ROOM_STR(kind ? strlen(kind) : 0) +
               XML_ROOM_LEAF(t->title.str.len) + XML_ROOM_LEAF(t->applicant.str.len) +
               XML_ROOM_LEAF(t->project_name.str.len) + XML_ROOM_LEAF(t->department.str.len) +
               XML_ROOM_LEAF(t->executing_unit.str.len) + XML_ROOM_LEAF(t->project_type.str.len) +
               XML_ROOM_LEAF(t->annual_goal.str.len);
    if (pd) n += 2 * XML_ROOM_TAG + 2 * XML_ROOM_STR(sizeof pd->start) + XML_ROOM_STR(pd->text.str.len);
    if (a) n += 2 * XML_ROOM_TAG + XML_ROOM_STR(a->unit.len) + XML_ROOM_STR(a->text.str.len);
    char *p = ptc_sink_room(x->out, n);
    if (!p) return false;
    p = p_start_tag(x, p, &tag_table);
    if (t->seq.set) p = p_attr_long(p, "seq", t->seq.value);
    p = p_attr_cstr_n(p, "kind", 4, kind);
    if (t->year.set) p = p_attr_long(p, "year", t->year.value);
    p = p_attr_long(p, "first-line", t->lines.first);
    p = p_attr_long(p, "last-line", t->lines.last);
    p = p_text_element_tag(x, p, &tag_title, t->title.str);
    p = p_text_element_tag(x, p, &tag_applicant, t->applicant.str);
    p = p_text_element_tag(x, p, &tag_project_name, t->project_name.str);
    p = p_text_element_tag(x, p, &tag_department, t->department.str);
    p = p_text_element_tag(x, p, &tag_executing_unit, t->executing_unit.str);
    p = p_text_element_tag(x, p, &tag_project_type, t->project_type.str);
    if (pd) {
        p = p_start_tag(x, p, &tag_period);
        p = p_attr_cstr_n(p, "start", 5, pd->start[0] ? pd->start : NULL);
        p = p_attr_cstr_n(p, "end", 3, pd->end[0] ? pd->end : NULL);
        p = p_end(x, p_content(x, p, pd->text.str));
    }
    if (a) {
        p = p_start_tag(x, p, &tag_funds);
        p = p_attr_num(p, "value", a->value);
        p = p_attr_str(p, "unit", a->unit);
        p = p_end(x, p_content(x, p, a->text.str));
    }
    ptc_sink_commit_to(x->out, p_text_element_tag(x, p, &tag_annual_goal, t->annual_goal.str));
    return true;
}

/* write_table's labels element in one room (false, nothing written,
   without it). */
static bool labels_at(xml_emitter *x, const ptc_table *t) {
    size_t n = 2 * XML_ROOM_TAG;
    for (size_t i = 0; i < t->labels_len; i++)
        n += 2 * XML_ROOM_TAG + XML_ROOM_STR(t->labels[i].key.len) + XML_ROOM_STR(t->labels[i].label.str.len);
    char *p = ptc_sink_room(x->out, n);
    if (!p) return false;
    p = p_start_tag(x, p, &tag_labels);
    for (size_t i = 0; i < t->labels_len; i++) {
        p = p_start_tag(x, p, &tag_label);
        p = p_attr_str(p, "key", t->labels[i].key);
        p = p_end(x, p_content(x, p, t->labels[i].label.str));
    }
    ptc_sink_commit_to(x->out, p_end(x, p));
    return true;
}

/* The definition of write_table's start tag and members up to its columns. */
static void table_head(xml_emitter *x, const ptc_table *t) {
    if (table_head_at(x, t)) return;
    start(x, "table");
    attr_int(x, "seq", t->seq);
    attr_cstr(x, "kind", ptc_table_kind_name(t->kind));
    attr_int(x, "year", t->year);
    attr_long(x, "first-line", t->lines.first);
    attr_long(x, "last-line", t->lines.last);
    text_element(x, "title", t->title.str);
    text_element(x, "applicant", t->applicant.str);
    text_element(x, "project-name", t->project_name.str);
    text_element(x, "department", t->department.str);
    text_element(x, "executing-unit", t->executing_unit.str);
    text_element(x, "project-type", t->project_type.str);
    if (t->period) {
        start(x, "period");
        attr_cstr(x, "start", t->period->start[0] ? t->period->start : NULL);
        attr_cstr(x, "end", t->period->end[0] ? t->period->end : NULL);
        content(x, t->period->text.str);
        end(x);
    }
    write_amount(x, "funds", t->funds, true);
    text_element(x, "annual-goal", t->annual_goal.str);
}

static void write_table(xml_emitter *x, const ptc_table *t) {
    table_head(x, t);
    write_columns(x, t);
    start(x, "indicators");
    for (size_t i = 0; i < t->indicators_len; i++) write_indicator(x, &t->indicators[i]);
    end(x);
    write_categories(x, t);
    write_grids(x, t);
    text_element(x, "notes", t->notes.str);
    start(x, "fields");
    for (size_t i = 0; i < t->fields_len; i++) {
        start(x, "field");
        attr_str(x, "label", t->fields[i].label.str);
        attr_str(x, "key", t->fields[i].key);
        attr_str(x, "code", t->fields[i].code.str);
        content(x, t->fields[i].value.str);
        end(x);
    }
    end(x);
    text_element(x, "applicant-code", t->applicant_code.str);
    text_element(x, "project-code", t->project_code.str);
    text_element(x, "department-code", t->department_code.str);
    text_element(x, "executing-unit-code", t->executing_unit_code.str);
    start(x, "goal-items");
    for (size_t i = 0; i < t->goal_items_len; i++) {
        start(x, "goal-item");
        attr_str(x, "label", t->goal_items[i].label.str);
        attr_long(x, "line", t->goal_items[i].text.pos.line);
        content(x, t->goal_items[i].text.str);
        end(x);
    }
    end(x);
    if (labels_at(x, t)) {
        end(x);
        return;
    }
    start(x, "labels");
    for (size_t i = 0; i < t->labels_len; i++) {
        start(x, "label");
        attr_str(x, "key", t->labels[i].key);
        content(x, t->labels[i].label.str);
        end(x);
    }
    end(x);
    end(x);
}

static void write_document(xml_emitter *x, const ptc_document *d) {
    start(x, "document");
    attr_str(x, "source", d->source);
    attr_long(x, "first-line", d->lines.first);
    attr_long(x, "last-line", d->lines.last);
    text_element(x, "title", d->title.str);
    if (d->summary) {
        const ptc_summary *s = d->summary;
        start(x, "summary");
        attr_int(x, "year", s->year);
        attr_int(x, "project-count", s->project_count);
        text_element(x, "text", s->text.str);
        text_element(x, "organization", s->organization.str);
        write_amount(x, "total-funds", s->total_funds, false);
        end(x);
    }
    text_element(x, "text", d->text.str);
    start(x, "units");
    for (size_t i = 0; i < d->units_len; i++) {
        start(x, "unit");
        attr_int(x, "seq", d->units[i].seq);
        attr_int(x, "project-count", d->units[i].project_count);
        content(x, d->units[i].name.str);
        end(x);
    }
    end(x);
    start(x, "tables");
    for (size_t i = 0; i < d->tables_len; i++) write_table(x, &d->tables[i]);
    end(x);
    start(x, "diagnostics");
    for (size_t i = 0; i < d->diags_len; i++) {
        const ptc_diag *g = &d->diags[i];
        start(x, "diagnostic");
        attr_cstr(x, "severity", ptc_severity_name(g->severity));
        attr_cstr(x, "code", g->code);
        attr_long(x, "line", g->pos.line);
        attr_long(x, "column", g->pos.col);
        content(x, g->message);
        end(x);
    }
    end(x);
    end(x);
}

/* ----------------------------------------------------------------- emitter */

static void *open_xml(ptc_sink *out, const ptc_emit_options *opts) {
    (void)opts;
    xml_emitter *x = calloc(1, sizeof *x);
    if (!x) return NULL;
    x->out = out;
    x->doindent = true;
    ptc_sink_lit(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    start(x, "ptconv");
    attr_cstr(x, "xmlns", XML_NAMESPACE);
    attr_cstr(x, "version", XML_FORMAT_VERSION);
    return x;
}

static int document_xml(void *state, const ptc_document *doc) {
    xml_emitter *x = state;
    write_document(x, doc);
    return x->failed || ptc_sink_error(x->out) ? -1 : 0;
}

static int close_xml(void *state, bool ok) {
    xml_emitter *x = state;
    if (ok)
        while (x->depth > 0) end(x); /* closes <ptconv> */
    ptc_sink *out = x->out;
    bool failed = x->failed;
    free(x);
    return failed || ptc_sink_error(out) ? -1 : 0;
}

const ptc_emitter ptc_emitter_xml = {
    "xml", "xml", "application/xml",
    "XML carrying the JSON contract's values, valid against schemas/ptconv.rng",
    open_xml, document_xml, close_xml};

/* ------------------------------------------------------------ -j bodies */

static void *open_body_xml(ptc_sink *out, const ptc_emit_options *opts) {
    (void)opts;
    xml_emitter *x = calloc(1, sizeof *x);
    if (!x) return NULL;
    x->out = out;
    x->doindent = true;
    x->depth = 1; /* inside <ptconv>, whose start tag is closed */
    static const xml_tag ptconv = XML_TAG("ptconv");
    x->open[0] = &ptconv;
    return x;
}

static size_t splice_xml(void *main_state, ptc_sink *main_sink, const char *body, size_t len,
                         size_t documents) {
    xml_emitter *x = main_state;
    (void)main_sink, (void)body;
    if (documents > 0 || len > 0) {
        close_start_tag(x, true);
        x->doindent = true;
    }
    return 0;
}

const ptc_emitter_body ptc_emitter_body_xml = {&ptc_emitter_xml, open_body_xml, splice_xml};

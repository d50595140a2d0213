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
#include "emitters/xml_escape.h"

#define XML_NAMESPACE "urn:ptconv:1"
#define XML_FORMAT_VERSION "1"
#define XML_MAX_DEPTH 16 /* the structure below nests 8 deep at most */
#define XML_TAG_ROOM 32  /* "</" name ">\n": names are literals, the longest 19 */

/* The writers below are inlined where they are used so that a name's
   length is a constant there and its copy a few moves. */
#if defined(__GNUC__)
#define XML_INLINE static inline __attribute__((always_inline))
#else
#define XML_INLINE static inline
#endif

/* An element name's start and end tags, each padded to XML_TAG_ROOM so
   that either is written with one fixed-size copy (the position then
   advanced by its length). One static per name, made by start(). */
typedef struct xml_tag {
    char open[XML_TAG_ROOM];  /* "<name" */
    char close[XML_TAG_ROOM]; /* "</name>\n" */
    unsigned char open_len, close_len;
} xml_tag;

#define XML_TAG(name) {"<" name, "</" name ">\n", sizeof(name), sizeof(name) + 3}

typedef struct xml_emitter {
    ptc_sink *out;
    bool failed;    /* nesting beyond XML_MAX_DEPTH: a bug, never input */
    bool open_tag;  /* the innermost start tag still lacks its '>' */
    bool doindent;  /* the closing tag goes on a line of its own */
    int depth;
    const xml_tag *open[XML_MAX_DEPTH]; /* the elements open, outermost first */
} xml_emitter;

/* ----------------------------------------------------------------- writing */

/* Two spaces a level; XML_INDENT_COPY bytes are copied whatever the depth
   and the position advanced by 2 * depth. */
#define XML_INDENT_COPY (2 * XML_MAX_DEPTH)
static const char spaces[XML_INDENT_COPY + 1] = "                                ";

/* Room for a closed start tag's ">\n", an indentation, '<' and a name, or
   an indentation and an end tag. */
#define XML_TAG_PIECE (2 + XML_INDENT_COPY + 1 + XML_TAG_ROOM)

/* The innermost start tag gets its '>' before anything goes inside it. */
static void close_start_tag(xml_emitter *x, bool newline) {
    if (!x->open_tag) return;
    if (newline) ptc_sink_lit(x->out, ">\n");
    else ptc_sink_putc(x->out, '>');
    x->open_tag = false;
}

XML_INLINE void start_tag(xml_emitter *x, const xml_tag *t) {
    if (x->depth >= XML_MAX_DEPTH) {
        x->failed = true;
        return;
    }
    char *p = ptc_sink_room(x->out, XML_TAG_PIECE);
    if (p) {
        /* the enclosing start tag's ">\n", when still open */
        memcpy(p, ">\n", 2);
        p += x->open_tag ? 2 : 0;
        memcpy(p, spaces, XML_INDENT_COPY);
        p += 2 * (size_t)x->depth;
        memcpy(p, t->open, XML_TAG_ROOM);
        ptc_sink_commit_to(x->out, p + t->open_len);
    }
    x->open[x->depth++] = t;
    x->open_tag = true;
}

XML_INLINE void end(xml_emitter *x) {
    if (x->depth == 0) {
        x->failed = true;
        return;
    }
    const xml_tag *t = x->open[--x->depth];
    char *p = ptc_sink_room(x->out, XML_TAG_PIECE);
    if (p) {
        if (x->open_tag) {
            memcpy(p, "/>\n", 4);
            p += 3;
        } else {
            if (x->doindent) {
                memcpy(p, spaces, XML_INDENT_COPY);
                p += 2 * (size_t)x->depth;
            }
            memcpy(p, t->close, XML_TAG_ROOM);
            p += t->close_len;
        }
        ptc_sink_commit_to(x->out, p);
    }
    x->open_tag = false;
    x->doindent = true;
}

/* ` name="` at p (a literal name: a constant length where inlined). */
XML_INLINE char *put_attr_name(char *p, const char *name, size_t nlen) {
    *p++ = ' ';
    memcpy(p, name, nlen);
    p += nlen;
    memcpy(p, "=\"", 2);
    return p + 2;
}

/* A value too long for the sink's buffer: in pieces. */
static void attr_str_chunked(xml_emitter *x, const char *name, size_t nlen, ptc_str value) {
    ptc_sink_putc(x->out, ' ');
    ptc_sink_write(x->out, name, nlen);
    ptc_sink_lit(x->out, "=\"");
    ptc_xml_write_escaped(x->out, value, true);
    ptc_sink_putc(x->out, '"');
}

XML_INLINE void attr_str_n(xml_emitter *x, const char *name, size_t nlen, ptc_str value) {
    if (!value.s) return;
    char *p = ptc_sink_room(x->out, XML_TAG_ROOM + 4 + PTC_XML_ROOM(value.len));
    if (!p) {
        attr_str_chunked(x, name, nlen, value);
        return;
    }
    p = put_attr_name(p, name, nlen);
    p = ptc_xml_escape_into(p, value.s, value.len, true);
    *p++ = '"';
    ptc_sink_commit_to(x->out, p);
}

/* Constant values (enumerations, dates); escaped all the same (">="). */
XML_INLINE void attr_cstr_n(xml_emitter *x, const char *name, size_t nlen, const char *value) {
    if (value) attr_str_n(x, name, nlen, (ptc_str){value, strlen(value)});
}

/* true or false: no escaping to look for. */
XML_INLINE void attr_bool_n(xml_emitter *x, const char *name, size_t nlen, bool value) {
    static const char words[2][8] = {"false\"", "true\""};
    char *p = ptc_sink_room(x->out, XML_TAG_ROOM + 4 + sizeof words[0]);
    if (!p) return;
    p = put_attr_name(p, name, nlen);
    memcpy(p, words[value], sizeof words[0]);
    ptc_sink_commit_to(x->out, p + (value ? 5 : 6));
}

XML_INLINE void attr_long_n(xml_emitter *x, const char *name, size_t nlen, long value) {
    char *p = ptc_sink_room(x->out, XML_TAG_ROOM + 4 + 24);
    if (!p) return;
    p = put_attr_name(p, name, nlen);
    p = ptc_put_long(p, value);
    *p++ = '"';
    ptc_sink_commit_to(x->out, p);
}

XML_INLINE void attr_int_n(xml_emitter *x, const char *name, size_t nlen, ptc_opt_int value) {
    if (value.set) attr_long_n(x, name, nlen, value.value);
}

XML_INLINE void attr_num_n(xml_emitter *x, const char *name, size_t nlen, ptc_opt_num value) {
    if (!value.set) return;
    char *p = ptc_sink_room(x->out, XML_TAG_ROOM + 4 + 32);
    if (!p) return;
    p = put_attr_name(p, name, nlen);
    p += ptc_format_number_len(value.value, p);
    *p++ = '"';
    ptc_sink_commit_to(x->out, p);
}

/* Element and attribute names are literals: their lengths are constants,
   and each element name's tags a static xml_tag. */
#define WITH_TAG(name, call)                                                                                 \
    do {                                                                                                     \
        _Static_assert(sizeof(name) + 3 <= XML_TAG_ROOM, "element name too long: " name);                    \
        static const xml_tag tag_ = XML_TAG(name);                                                           \
        call;                                                                                                \
    } while (0)
#define start(x, name) WITH_TAG(name, start_tag((x), &tag_))
#define attr_cstr(x, name, v) attr_cstr_n((x), (name), sizeof(name) - 1, (v))
#define attr_str(x, name, v) attr_str_n((x), (name), sizeof(name) - 1, (v))
#define attr_bool(x, name, v) attr_bool_n((x), (name), sizeof(name) - 1, (v))
#define attr_long(x, name, v) attr_long_n((x), (name), sizeof(name) - 1, (v))
#define attr_int(x, name, v) attr_int_n((x), (name), sizeof(name) - 1, (v))
#define attr_num(x, name, v) attr_num_n((x), (name), sizeof(name) - 1, (v))

/* The content of the element just started, after its attributes. */
XML_INLINE void content(xml_emitter *x, ptc_str s) {
    if (!s.s) {
        attr_bool(x, "nil", true);
        return;
    }
    if (s.len == 0) return; /* an empty element: <name/> */
    x->doindent = false;
    char *p = ptc_sink_room(x->out, 1 + PTC_XML_ROOM(s.len));
    if (!p) {
        close_start_tag(x, false);
        ptc_xml_write_escaped(x->out, s, false);
        return;
    }
    memcpy(p, ">", 1);
    p += x->open_tag ? 1 : 0;
    x->open_tag = false;
    ptc_sink_commit_to(x->out, ptc_xml_escape_into(p, s.s, s.len, false));
}

/* start_tag, content and end for an element holding only a non-empty `s`,
   in one room: the same bytes and state, without three room checks. */
XML_INLINE void leaf_tag(xml_emitter *x, const xml_tag *t, ptc_str s) {
    char *p;
    if (!s.s || !s.len || x->depth >= XML_MAX_DEPTH ||
        !(p = ptc_sink_reserve(x->out, XML_TAG_PIECE + 1 + PTC_XML_ROOM(s.len) + XML_TAG_ROOM))) {
        start_tag(x, t);
        content(x, s);
        end(x);
        return;
    }
    memcpy(p, ">\n", 2);
    p += x->open_tag ? 2 : 0;
    memcpy(p, spaces, XML_INDENT_COPY);
    p += 2 * (size_t)x->depth;
    memcpy(p, t->open, XML_TAG_ROOM);
    p += t->open_len;
    *p++ = '>';
    p = ptc_xml_escape_into(p, s.s, s.len, false);
    memcpy(p, t->close, XML_TAG_ROOM);
    ptc_sink_commit_to(x->out, p + t->close_len);
    x->open_tag = false;
    x->doindent = true;
}

/* An element holding only `s`; omitted when `s` is null. */
static void text_element_tag(xml_emitter *x, const xml_tag *t, ptc_str s) {
    if (!s.s) return;
    leaf_tag(x, t, s);
}

/* An amount: funds (with its text as content) or a summary's total. */
#define text_element(x, name, s) WITH_TAG(name, text_element_tag((x), &tag_, (s)))

static void write_amount_tag(xml_emitter *x, const xml_tag *t, const ptc_amount *a, bool with_text) {
    if (!a) return;
    start_tag(x, t);
    attr_num(x, "value", a->value);
    attr_str(x, "unit", a->unit);
    if (with_text) content(x, a->text.str);
    end(x);
}

#define write_amount(x, name, a, t) WITH_TAG(name, write_amount_tag((x), &tag_, (a), (t)))

static void write_path(xml_emitter *x, const ptc_text *path, size_t len);

static void write_indicator(xml_emitter *x, const ptc_indicator *ind) {
    start(x, "indicator");
    attr_long(x, "line", ind->line);
    write_path(x, ind->path, ind->path_len);
    text_element(x, "name", ind->name.str);
    start(x, "value");
    attr_num(x, "number", ind->value.number);
    attr_cstr(x, "comparator", ptc_comparator_symbol(ind->value.comparator));
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

static void write_columns(xml_emitter *x, const ptc_table *t) {
    start(x, "columns");
    for (size_t i = 0; i < t->columns_len; i++) {
        const ptc_column *c = &t->columns[i];
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

static void write_table(xml_emitter *x, const ptc_table *t) {
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

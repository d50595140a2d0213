/*
 * JSON and JSON Lines: the public contract, version 1 (README "JSON
 * contract"). Every key is always present, in contract order; absent values
 * are null and absent lists []. Output is a pure function of the model, so
 * the same input always gives the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emitters/emitters.h"
#include "emitters/json_string.h"
#include "common/numfmt.h"
#include "model/model.h"

/* The contract nests at most 7 deep (wrapper > documents > document >
   tables > table > indicators > indicator > value); the writer is only ever
   driven by the fixed structure below, never by input. */
#define JSON_MAX_DEPTH 16

typedef struct jw {
    ptc_sink *out;
    bool compact;
    bool lines; /* jsonl: one compact document per line, no wrapper */
    int depth;
    size_t count[JSON_MAX_DEPTH]; /* values written in each open container */
    bool inline_[JSON_MAX_DEPTH]; /* short scalar arrays stay on one line */
    bool after_key;
    size_t documents;
} jw;

/* 0: copy as is; otherwise the character after the backslash ('u' for
   \u00XX). 0xE2 is flagged for a closer look at U+2028/U+2029, which are
   valid JSON but end lines in JavaScript. Safe runs are copied in bulk. */
static const unsigned char escape_table[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    ['"'] = '"', ['\\'] = '\\', [0x7F] = 'u', [0xE2] = 'x'};

/* Nonzero when any of the 8 bytes of `x` may need the escape table: below
   0x20, '"', '\\', 0x7F or 0xE2 (exact "any", per-byte flags may not be). */
static inline uint64_t json_attention8(uint64_t x) {
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
#define PTC_HASZERO(v) (((v) - ones) & ~(v) & high)
    uint64_t lt20 = (x - ones * 0x20) & ~x & high;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\'), del = x ^ (ones * 0x7F), e2 = x ^ (ones * 0xE2);
    return lt20 | PTC_HASZERO(q) | PTC_HASZERO(b) | PTC_HASZERO(del) | PTC_HASZERO(e2);
#undef PTC_HASZERO
}

void ptc_json_write_string(ptc_sink *out, const char *s, size_t len) {
    ptc_sink_putc(out, '"');
    size_t run = 0, i = 0;
    while (i < len) {
        /* Runs that need no escaping (nearly all text) go 8 bytes a step. */
        while (len - i >= 8) {
            uint64_t word;
            memcpy(&word, s + i, 8);
            if (json_attention8(word)) break;
            i += 8;
        }
        if (i >= len) break;
        unsigned char c = (unsigned char)s[i];
        unsigned char e = escape_table[c];
        if (!e || (e == 'x' && !(i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                                   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)))) {
            i++;
            continue;
        }
        ptc_sink_write(out, s + run, i - run);
        if (e == 'x') {
            ptc_sink_write(out, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
            i += 3;
        } else if (e == 'u') {
            static const char hex[] = "0123456789abcdef";
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            ptc_sink_write(out, u, 6);
            i++;
        } else {
            char esc[2] = {'\\', (char)e};
            ptc_sink_write(out, esc, 2);
            i++;
        }
        run = i;
    }
    ptc_sink_write(out, s + run, len - run);
    ptc_sink_putc(out, '"');
}

static inline void newline_indent(jw *w, int depth) {
    /* newline + up to JSON_MAX_DEPTH levels of two spaces, written at once */
    static const char spaces[] = "\n                                ";
    ptc_sink_write(w->out, spaces, 1 + 2 * (size_t)depth);
}

/* Separator and indentation before a value in the current container. */
static inline void before_value(jw *w) {
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0) return;
    bool on_one_line = w->compact || w->inline_[w->depth - 1];
    if (w->count[w->depth - 1]++) {
        if (on_one_line && !w->compact) ptc_sink_write(w->out, ", ", 2);
        else ptc_sink_putc(w->out, ',');
    }
    if (!on_one_line) newline_indent(w, w->depth);
}

static void open_container(jw *w, char c, bool inline_) {
    before_value(w);
    ptc_sink_putc(w->out, c);
    w->count[w->depth] = 0;
    w->inline_[w->depth] = inline_;
    w->depth++;
}

static void close_container(jw *w, char c) {
    w->depth--;
    if (!w->compact && !w->inline_[w->depth] && w->count[w->depth]) newline_indent(w, w->depth);
    ptc_sink_putc(w->out, c);
}

/* A constant key: `"k": ` (or `"k":` compact) as one precomputed literal,
   no escaping, no strlen. Keys are ASCII without '"' or '\\'. */
#define key(w, k) key_lit((w), "\"" k "\": ", sizeof(k) + 3)
static inline void key_lit(jw *w, const char *lit, size_t len) {
    before_value(w);
    ptc_sink_write(w->out, lit, w->compact ? len - 1 : len);
    w->after_key = true;
}

static void v_null(jw *w) {
    before_value(w);
    ptc_sink_write(w->out, "null", 4);
}

static void v_bool(jw *w, bool b) {
    before_value(w);
    ptc_sink_write(w->out, b ? "true" : "false", b ? 4 : 5);
}

static void v_str(jw *w, ptc_str s) {
    if (!s.s) {
        v_null(w);
        return;
    }
    before_value(w);
    ptc_json_write_string(w->out, s.s, s.len);
}

static void v_cstr(jw *w, const char *s) {
    ptc_str str = {s, s ? strlen(s) : 0};
    v_str(w, str);
}

static inline void v_long(jw *w, long v) {
    before_value(w);
    /* integers are frequent (line numbers): format without printf */
    char buf[24], *p = buf + sizeof buf;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do *--p = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) *--p = '-';
    ptc_sink_write(w->out, p, (size_t)(buf + sizeof buf - p));
}

static void v_int(jw *w, ptc_opt_int v) {
    if (v.set) v_long(w, v.value);
    else v_null(w);
}

static void v_num(jw *w, ptc_opt_num v) {
    if (!v.set) {
        v_null(w);
        return;
    }
    char buf[32];
    size_t n = ptc_format_number_len(v.value, buf);
    before_value(w);
    ptc_sink_write(w->out, buf, n);
}

static void v_lines(jw *w, ptc_lines l) {
    open_container(w, '[', true);
    v_long(w, l.first);
    v_long(w, l.last);
    close_container(w, ']');
}

static void write_amount(jw *w, const ptc_amount *a, bool with_text) {
    if (!a) {
        v_null(w);
        return;
    }
    open_container(w, '{', false);
    if (with_text) {
        key(w, "text");
        v_str(w, a->text.str);
    }
    key(w, "value");
    v_num(w, a->value);
    key(w, "unit");
    v_str(w, a->unit);
    close_container(w, '}');
}

/* A key that is data (an extra column's header, a field's key). */
static void key_str(jw *w, ptc_str k) {
    before_value(w);
    ptc_json_write_string(w->out, k.s ? k.s : "", k.len);
    ptc_sink_write(w->out, w->compact ? ":" : ": ", w->compact ? 1 : 2);
    w->after_key = true;
}

static void write_indicator(jw *w, const ptc_indicator *ind) {
    open_container(w, '{', false);
    key(w, "path");
    open_container(w, '[', true);
    for (size_t i = 0; i < ind->path_len; i++) v_str(w, ind->path[i].str);
    close_container(w, ']');
    key(w, "name");
    v_str(w, ind->name.str);
    key(w, "value");
    open_container(w, '{', false);
    key(w, "text");
    v_str(w, ind->value.text.str);
    key(w, "number");
    v_num(w, ind->value.number);
    key(w, "comparator");
    v_cstr(w, ptc_comparator_symbol(ind->value.comparator));
    key(w, "unit");
    v_str(w, ind->value_unit);
    key(w, "approximate");
    v_bool(w, ind->value_approximate);
    close_container(w, '}');
    key(w, "unit");
    v_str(w, ind->unit.str);
    key(w, "line");
    v_long(w, ind->line);
    key(w, "extra");
    open_container(w, '{', false);
    for (size_t i = 0; i < ind->extra_len; i++) {
        key_str(w, ind->extra[i].label.str);
        v_str(w, ind->extra[i].value.str);
    }
    close_container(w, '}');
    key(w, "inherited");
    open_container(w, '[', true);
    for (size_t i = 0; i < ind->path_len; i++) v_bool(w, ind->inherited && ind->inherited[i]);
    close_container(w, ']');
    key(w, "rowspan");
    if (ind->rowspan) {
        open_container(w, '[', true);
        for (size_t i = 0; i < ind->path_len; i++) v_long(w, ind->rowspan[i]);
        close_container(w, ']');
    } else {
        v_null(w);
    }
    key(w, "label");
    v_str(w, ind->label.str);
    close_container(w, '}');
}

static void write_column(jw *w, const ptc_column *c) {
    open_container(w, '{', false);
    key(w, "header");
    v_str(w, c->header.str);
    key(w, "role");
    v_cstr(w, ptc_column_role_name(c->role));
    key(w, "level");
    if (c->role == PTC_COL_LEVEL && c->level > 0) v_long(w, c->level);
    else v_null(w);
    key(w, "key");
    v_str(w, c->key);
    key(w, "qualifier");
    v_str(w, c->qualifier);
    close_container(w, '}');
}

static void write_grid(jw *w, const ptc_grid *g) {
    open_container(w, '{', false);
    key(w, "label");
    v_str(w, g->label.str);
    key(w, "key");
    v_str(w, g->key);
    key(w, "lines");
    v_lines(w, g->lines);
    key(w, "rows");
    open_container(w, '[', false);
    for (size_t i = 0; i < g->rows_len; i++) {
        const ptc_grid_row *r = &g->rows[i];
        open_container(w, '{', false);
        key(w, "line");
        v_long(w, r->line);
        key(w, "cells");
        open_container(w, '[', true);
        for (size_t j = 0; j < r->cells_len; j++) v_str(w, r->cells[j].str);
        close_container(w, ']');
        close_container(w, '}');
    }
    close_container(w, ']');
    close_container(w, '}');
}

static void write_category(jw *w, const ptc_category *c) {
    open_container(w, '{', false);
    key(w, "path");
    open_container(w, '[', true);
    for (size_t i = 0; i < c->path_len; i++) v_str(w, c->path[i].str);
    close_container(w, ']');
    key(w, "line");
    v_long(w, c->line);
    close_container(w, '}');
}

static void write_table(jw *w, const ptc_table *t) {
    open_container(w, '{', false);
    key(w, "seq");
    v_int(w, t->seq);
    key(w, "kind");
    v_cstr(w, ptc_table_kind_name(t->kind));
    key(w, "title");
    v_str(w, t->title.str);
    key(w, "year");
    v_int(w, t->year);
    key(w, "lines");
    v_lines(w, t->lines);
    key(w, "applicant");
    v_str(w, t->applicant.str);
    key(w, "project_name");
    v_str(w, t->project_name.str);
    key(w, "department");
    v_str(w, t->department.str);
    key(w, "executing_unit");
    v_str(w, t->executing_unit.str);
    key(w, "project_type");
    v_str(w, t->project_type.str);
    key(w, "period");
    if (t->period) {
        open_container(w, '{', false);
        key(w, "text");
        v_str(w, t->period->text.str);
        key(w, "start");
        v_cstr(w, t->period->start[0] ? t->period->start : NULL);
        key(w, "end");
        v_cstr(w, t->period->end[0] ? t->period->end : NULL);
        close_container(w, '}');
    } else {
        v_null(w);
    }
    key(w, "funds");
    write_amount(w, t->funds, true);
    key(w, "annual_goal");
    v_str(w, t->annual_goal.str);
    key(w, "indicators");
    open_container(w, '[', false);
    for (size_t i = 0; i < t->indicators_len; i++) write_indicator(w, &t->indicators[i]);
    close_container(w, ']');
    key(w, "notes");
    v_str(w, t->notes.str);
    key(w, "fields");
    open_container(w, '[', false);
    for (size_t i = 0; i < t->fields_len; i++) {
        open_container(w, '{', false);
        key(w, "label");
        v_str(w, t->fields[i].label.str);
        key(w, "value");
        v_str(w, t->fields[i].value.str);
        key(w, "key");
        v_str(w, t->fields[i].key);
        key(w, "code");
        v_str(w, t->fields[i].code.str);
        close_container(w, '}');
    }
    close_container(w, ']');
    key(w, "columns");
    open_container(w, '[', false);
    for (size_t i = 0; i < t->columns_len; i++) write_column(w, &t->columns[i]);
    close_container(w, ']');
    key(w, "categories");
    open_container(w, '[', false);
    for (size_t i = 0; i < t->categories_len; i++) write_category(w, &t->categories[i]);
    close_container(w, ']');
    key(w, "grids");
    open_container(w, '[', false);
    for (size_t i = 0; i < t->grids_len; i++) write_grid(w, &t->grids[i]);
    close_container(w, ']');
    key(w, "applicant_code");
    v_str(w, t->applicant_code.str);
    key(w, "project_code");
    v_str(w, t->project_code.str);
    key(w, "department_code");
    v_str(w, t->department_code.str);
    key(w, "executing_unit_code");
    v_str(w, t->executing_unit_code.str);
    key(w, "goal_items");
    open_container(w, '[', false);
    for (size_t i = 0; i < t->goal_items_len; i++) {
        open_container(w, '{', false);
        key(w, "label");
        v_str(w, t->goal_items[i].label.str);
        key(w, "text");
        v_str(w, t->goal_items[i].text.str);
        key(w, "line");
        v_long(w, t->goal_items[i].text.pos.line);
        close_container(w, '}');
    }
    close_container(w, ']');
    key(w, "labels");
    open_container(w, '{', false);
    for (size_t i = 0; i < t->labels_len; i++) {
        key_str(w, t->labels[i].key);
        v_str(w, t->labels[i].label.str);
    }
    close_container(w, '}');
    close_container(w, '}');
}

static void write_document(jw *w, const ptc_document *d) {
    open_container(w, '{', false);
    key(w, "source");
    v_str(w, d->source);
    key(w, "lines");
    v_lines(w, d->lines);
    key(w, "title");
    v_str(w, d->title.str);
    key(w, "summary");
    if (d->summary) {
        const ptc_summary *s = d->summary;
        open_container(w, '{', false);
        key(w, "text");
        v_str(w, s->text.str);
        key(w, "year");
        v_int(w, s->year);
        key(w, "organization");
        v_str(w, s->organization.str);
        key(w, "project_count");
        v_int(w, s->project_count);
        key(w, "total_funds");
        write_amount(w, s->total_funds, false);
        close_container(w, '}');
    } else {
        v_null(w);
    }
    key(w, "units");
    open_container(w, '[', false);
    for (size_t i = 0; i < d->units_len; i++) {
        open_container(w, '{', false);
        key(w, "seq");
        v_int(w, d->units[i].seq);
        key(w, "name");
        v_str(w, d->units[i].name.str);
        key(w, "project_count");
        v_int(w, d->units[i].project_count);
        close_container(w, '}');
    }
    close_container(w, ']');
    key(w, "tables");
    open_container(w, '[', false);
    for (size_t i = 0; i < d->tables_len; i++) write_table(w, &d->tables[i]);
    close_container(w, ']');
    key(w, "diagnostics");
    open_container(w, '[', false);
    for (size_t i = 0; i < d->diags_len; i++) {
        const ptc_diag *g = &d->diags[i];
        open_container(w, '{', false);
        key(w, "severity");
        v_cstr(w, ptc_severity_name(g->severity));
        key(w, "code");
        v_cstr(w, g->code);
        key(w, "line");
        v_long(w, g->pos.line);
        key(w, "column");
        v_long(w, g->pos.col);
        key(w, "message");
        v_str(w, g->message);
        close_container(w, '}');
    }
    close_container(w, ']');
    key(w, "text");
    v_str(w, d->text.str);
    close_container(w, '}');
}

static void *open_common(ptc_sink *out, const ptc_emit_options *opts, bool lines) {
    jw *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->out = out;
    w->lines = lines;
    w->compact = lines || (opts && opts->compact);
    if (!lines) {
        /* The wrapper is written as we go so documents can stream out. */
        open_container(w, '{', false);
        key(w, "format");
        v_cstr(w, "ptconv");
        key(w, "version");
        v_long(w, PTCONV_JSON_VERSION);
        key(w, "documents");
        open_container(w, '[', false);
    }
    return w;
}

static void *open_json(ptc_sink *out, const ptc_emit_options *opts) {
    return open_common(out, opts, false);
}

static void *open_jsonl(ptc_sink *out, const ptc_emit_options *opts) {
    return open_common(out, opts, true);
}

static int write_json_document(void *state, const ptc_document *doc) {
    jw *w = state;
    write_document(w, doc);
    if (w->lines) ptc_sink_putc(w->out, '\n');
    w->documents++;
    return ptc_sink_error(w->out) ? -1 : 0;
}

static int close_json(void *state, bool ok) {
    jw *w = state;
    if (ok && !w->lines) {
        close_container(w, ']');
        close_container(w, '}');
        ptc_sink_putc(w->out, '\n');
    }
    int rc = ptc_sink_error(w->out) ? -1 : 0;
    free(w);
    return rc;
}

const ptc_emitter ptc_emitter_json = {
    "json", "json", "application/json",
    "one JSON object holding every document (the public contract, version 1)",
    open_json, write_json_document, close_json};

const ptc_emitter ptc_emitter_jsonl = {
    "jsonl", "jsonl", "application/jsonl",
    "JSON Lines: one compact document object per line, for streaming and jq -c",
    open_jsonl, write_json_document, close_json};

/* ------------------------------------------------------------ -j bodies */

static void *open_body_json(ptc_sink *out, const ptc_emit_options *opts) {
    jw *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->out = out;
    w->compact = opts && opts->compact;
    /* Inside the wrapper's "documents" array, after a first document: every
       document is written with its separator; the main thread drops the
       one of the stream's very first document (splice_json). */
    w->depth = 2;
    w->count[0] = 3;
    w->count[1] = 1;
    return w;
}

static size_t splice_json(void *main_state, ptc_sink *main_sink, const char *body, size_t len,
                          size_t documents) {
    jw *w = main_state;
    (void)main_sink;
    size_t skip = w->count[w->depth - 1] == 0 && len > 0 && body[0] == ',' ? 1 : 0;
    w->count[w->depth - 1] += documents;
    w->documents += documents;
    return skip;
}

static size_t splice_jsonl(void *main_state, ptc_sink *main_sink, const char *body, size_t len,
                           size_t documents) {
    jw *w = main_state;
    (void)main_sink, (void)body, (void)len;
    w->documents += documents;
    return 0;
}

const ptc_emitter_body ptc_emitter_body_json = {&ptc_emitter_json, open_body_json, splice_json};
const ptc_emitter_body ptc_emitter_body_jsonl = {&ptc_emitter_jsonl, open_jsonl, splice_jsonl};

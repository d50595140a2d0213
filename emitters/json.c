/*
 * JSON and JSON Lines: the public contract, version 1 (README "JSON
 * contract"). Every key is always present, in contract order; absent values
 * are null and absent lists []. Output is a pure function of the model, so
 * the same input always gives the same bytes.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emitters/emitters.h"
#include "emitters/json_string.h"
#include "common/numfmt.h"
#include "model/model.h"

/* The contract nests at most 10 deep (wrapper > documents > document >
   tables > table > grids > grid > rows > row > cells), the members of a
   row at depth 9 the deepest separator; the writer is only ever driven by
   the fixed structure below, never by input. Kept tight: a separator is
   copied as SEP_COPY bytes whatever its length. */
#define JSON_MAX_DEPTH 9

/* Every emitter function below is inlined where it is used so that a key's
   literal is copied with its size known at compile time; gcc and clang may
   otherwise decline for code this size. */
#if defined(__GNUC__)
#define JSON_INLINE static inline __attribute__((always_inline))
#else
#define JSON_INLINE static inline
#endif

/* A short constant JSON value ("name" or null), copied as WORD_COPY
   bytes and then advanced by len. len 0: too long, write it with m_cstr. */
#define WORD_COPY 24
typedef struct json_word {
    char s[WORD_COPY];
    size_t len;
} json_word;

typedef struct jw {
    ptc_sink *out;
    bool lines; /* jsonl: one compact document per line, no wrapper */
    int depth;
    /* The innermost open container: 1 while nothing is written in it. Only
       it is ever asked (an outer one holds the inner), so one field, not a
       count per level: a separator is then one load and one store. */
    size_t empty;
    size_t nl; /* a member's separator length at this depth: "," + newline + indent */
    /* Compact or pretty is fixed for the document, so it is data here
       rather than a branch per value: */
    const char *sep;    /* sep_pretty or sep_compact */
    size_t nl_mask;     /* newline + indent length is (1 + 2 * depth) & nl_mask */
    size_t nl_step;     /* what a level adds to it: 2 or 0 */
    size_t key_trim;    /* 1 when compact: a key literal's space is dropped */
    size_t comma_len;   /* ", " (2) or "," (1) between inline items */
    size_t documents;
    /* The enum names as JSON values, escaped once when the writer is made:
       the same bytes m_cstr gives, without a strlen and a scan each time. */
    json_word comparator[PTC_CMP_EQ + 1];
    json_word role[PTC_COL_LABEL + 1];
    json_word kind[PTC_TABLE_OVERALL + 1];
} jw;

/* A separator before a member or a block element is a prefix of these:
   ",\n" and two spaces a level (from [1]: no comma). SEP_COPY bytes are
   copied whatever the length, as a few fixed moves instead of a memcpy
   call; the position then advances by the real length. */
#define SEP_COPY (2 + 2 * JSON_MAX_DEPTH)
static const char sep_pretty[SEP_COPY + 8] = ",\n                  "; /* 2 * JSON_MAX_DEPTH */
static const char sep_compact[SEP_COPY + 8] = ",";

/* Room for a separator and the longest key literal (24 with its NUL). */
#define ROOM_KEY (SEP_COPY + 32)

/* `"k": ` as a literal and its size (NUL included), for the m_* writers. */
#define KEY(k) "\"" k "\": ", sizeof("\"" k "\": ")

JSON_INLINE char *put_sep(jw *w, char *p) {
    size_t first = w->empty;
    assert(w->nl <= SEP_COPY && "JSON_MAX_DEPTH covers the deepest separator");
    w->empty = 0;
    memcpy(p, w->sep + first, SEP_COPY);
    return p + w->nl - first;
}

/* Separator, indentation and a constant key (ASCII without '"' or '\\'). */
JSON_INLINE char *put_key(jw *w, char *p, const char *lit, size_t size) {
    p = put_sep(w, p);
    memcpy(p, lit, size);
    return p + size - 1 - w->key_trim;
}

/* ", " (or ",") before all but the first item of an inline array. */
JSON_INLINE char *put_comma(jw *w, char *p) {
    if (!w->empty) {
        memcpy(p, ", ", 2);
        p += w->comma_len;
    }
    w->empty = 0;
    return p;
}

JSON_INLINE char *put_long(char *p, long v) { return ptc_put_long(p, v); }

JSON_INLINE char *put_null(char *p) {
    memcpy(p, "null", 4);
    return p + 4;
}

/* Room for `len` more bytes. NULL only after a write error, which is
   sticky: nothing more reaches the output, so nothing need be written. */
JSON_INLINE char *room(jw *w, size_t len) { return ptc_sink_room(w->out, len); }

JSON_INLINE void set_depth(jw *w, int depth) {
    w->depth = depth;
    w->nl = (((size_t)(1 + 2 * depth)) & w->nl_mask) + 1;
}

JSON_INLINE void push(jw *w) {
    w->depth++;
    w->nl += w->nl_step;
    w->empty = 1;
}

/* Back to the container holding the one closed: it is not empty, the
   closed one is in it. Returns whether the closed one held anything. */
JSON_INLINE bool pop(jw *w) {
    bool held = !w->empty;
    w->depth--;
    w->nl -= w->nl_step;
    w->empty = 0;
    return held;
}

/* The writers below at `p`, inside room already taken (each needs what its
   m_ or i_ form asks for), returning the end of what they wrote. The m_ and
   i_ forms take their own room; an indicator takes one room for all its
   members (write_indicator). */
JSON_INLINE char *p_str(jw *w, char *p, const char *lit, size_t size, ptc_str s) {
    p = put_key(w, p, lit, size);
    return s.s ? ptc_json_escape_into(p, s.s, s.len) : put_null(p);
}

JSON_INLINE char *p_null(jw *w, char *p, const char *lit, size_t size) { return put_null(put_key(w, p, lit, size)); }

JSON_INLINE char *p_bool(jw *w, char *p, const char *lit, size_t size, bool b) {
    p = put_key(w, p, lit, size);
    memcpy(p, b ? "true" : "false", 5);
    return p + (b ? 4 : 5);
}

JSON_INLINE char *p_long(jw *w, char *p, const char *lit, size_t size, long v) {
    return put_long(put_key(w, p, lit, size), v);
}

JSON_INLINE char *p_num(jw *w, char *p, const char *lit, size_t size, ptc_opt_num v) {
    p = put_key(w, p, lit, size);
    return v.set ? p + ptc_format_number_len(v.value, p) : put_null(p);
}

JSON_INLINE char *p_open(jw *w, char *p, const char *lit, size_t size, char c) {
    p = put_key(w, p, lit, size);
    *p++ = c;
    push(w);
    return p;
}

JSON_INLINE char *p_close_block(jw *w, char *p, char c) {
    if (pop(w)) {
        memcpy(p, w->sep + 1, SEP_COPY);
        p += w->nl - 1;
    }
    *p++ = c;
    return p;
}

JSON_INLINE char *p_close_inline(jw *w, char *p) {
    pop(w);
    *p++ = ']';
    return p;
}

JSON_INLINE char *p_i_str(jw *w, char *p, ptc_str s) {
    p = put_comma(w, p);
    return s.s ? ptc_json_escape_into(p, s.s, s.len) : put_null(p);
}

JSON_INLINE char *p_i_bool(jw *w, char *p, bool b) {
    p = put_comma(w, p);
    memcpy(p, b ? "true" : "false", 5);
    return p + (b ? 4 : 5);
}

/* A string too long for the sink's buffer: its key, then the string in
   pieces. */
static void m_str_chunked(jw *w, const char *lit, size_t size, ptc_str s) {
    char *p = room(w, ROOM_KEY);
    if (!p) return;
    ptc_sink_commit_to(w->out, put_key(w, p, lit, size));
    ptc_json_write_string(w->out, s.s, s.len); /* NULL always fits the room */
}

/* "key": "string" (null without one), one piece. */
JSON_INLINE void m_str(jw *w, const char *lit, size_t size, ptc_str s) {
    char *p = room(w, ROOM_KEY + PTC_JSON_ROOM(s.len));
    if (!p) {
        m_str_chunked(w, lit, size, s);
        return;
    }
    ptc_sink_commit_to(w->out, p_str(w, p, lit, size, s));
}

JSON_INLINE void m_cstr(jw *w, const char *lit, size_t size, const char *c) {
    ptc_str s = {c, c ? strlen(c) : 0};
    m_str(w, lit, size, s);
}

JSON_INLINE void m_null(jw *w, const char *lit, size_t size) {
    char *p = room(w, ROOM_KEY + 4);
    if (p) ptc_sink_commit_to(w->out, p_null(w, p, lit, size));
}

JSON_INLINE void m_bool(jw *w, const char *lit, size_t size, bool b) {
    char *p = room(w, ROOM_KEY + 8);
    if (p) ptc_sink_commit_to(w->out, p_bool(w, p, lit, size, b));
}

JSON_INLINE void m_long(jw *w, const char *lit, size_t size, long v) {
    char *p = room(w, ROOM_KEY + 24);
    if (p) ptc_sink_commit_to(w->out, p_long(w, p, lit, size, v));
}

JSON_INLINE void m_int(jw *w, const char *lit, size_t size, ptc_opt_int v) {
    if (v.set) m_long(w, lit, size, v.value);
    else m_null(w, lit, size);
}

JSON_INLINE void m_num(jw *w, const char *lit, size_t size, ptc_opt_num v) {
    char *p = room(w, ROOM_KEY + 32);
    if (p) ptc_sink_commit_to(w->out, p_num(w, p, lit, size, v));
}

/* "key": [first, last] */
JSON_INLINE void m_lines(jw *w, const char *lit, size_t size, ptc_lines l) {
    char *p = room(w, ROOM_KEY + 64);
    if (!p) return;
    p = put_key(w, p, lit, size);
    *p++ = '[';
    p = put_long(p, l.first);
    memcpy(p, ", ", 2);
    p = put_long(p + w->comma_len, l.last);
    *p++ = ']';
    ptc_sink_commit_to(w->out, p);
}

/* "key": { or "key": [ ; the container is then open. */
JSON_INLINE void m_open(jw *w, const char *lit, size_t size, char c) {
    char *p = room(w, ROOM_KEY + 1);
    if (p) {
        p = put_key(w, p, lit, size);
        *p++ = c;
        ptc_sink_commit_to(w->out, p);
    }
    push(w);
}

/* A container as an element of a block array (one element a line). */
JSON_INLINE void e_open(jw *w, char c) {
    char *p = room(w, ROOM_KEY + 1);
    if (p) {
        p = put_sep(w, p);
        *p++ = c;
        ptc_sink_commit_to(w->out, p);
    }
    push(w);
}

/* The closing bracket of an object or block array: on its own line when
   anything was written in it (pretty). */
JSON_INLINE void close_block(jw *w, char c) {
    char *p = room(w, ROOM_KEY);
    if (p) ptc_sink_commit_to(w->out, p_close_block(w, p, c));
    else pop(w);
}

/* Items of inline arrays (paths, cells, flags): all on one line. */
JSON_INLINE void close_inline(jw *w) {
    pop(w);
    ptc_sink_putc(w->out, ']');
}

static void i_str_chunked(jw *w, ptc_str s) {
    char *p = room(w, 8);
    if (!p) return;
    ptc_sink_commit_to(w->out, put_comma(w, p));
    ptc_json_write_string(w->out, s.s, s.len); /* NULL always fits the room */
}

JSON_INLINE void i_str(jw *w, ptc_str s) {
    char *p = room(w, 8 + PTC_JSON_ROOM(s.len));
    if (!p) {
        i_str_chunked(w, s);
        return;
    }
    ptc_sink_commit_to(w->out, p_i_str(w, p, s));
}

JSON_INLINE void i_bool(jw *w, bool b) {
    char *p = room(w, 8);
    if (p) ptc_sink_commit_to(w->out, p_i_bool(w, p, b));
}

JSON_INLINE void i_long(jw *w, long v) {
    char *p = room(w, 32);
    if (p) ptc_sink_commit_to(w->out, put_long(put_comma(w, p), v));
}

static void make_word(json_word *wd, const char *c) {
    size_t len = c ? strlen(c) : 0;
    char tmp[PTC_JSON_ROOM(16)];
    if (len > 16) return; /* len stays 0 */
    char *end = c ? ptc_json_escape_into(tmp, c, len) : put_null(tmp);
    if ((size_t)(end - tmp) > WORD_COPY) return;
    memcpy(wd->s, tmp, (size_t)(end - tmp));
    wd->len = (size_t)(end - tmp);
}

/* "key": a made word, or the string `c` it was made from. */
/* A made word (wd->len > 0). */
JSON_INLINE char *p_word(jw *w, char *p, const char *lit, size_t size, const json_word *wd) {
    p = put_key(w, p, lit, size);
    memcpy(p, wd->s, WORD_COPY);
    return p + wd->len;
}

JSON_INLINE void m_word(jw *w, const char *lit, size_t size, const json_word *wd, const char *c) {
    if (!wd->len) {
        m_cstr(w, lit, size, c);
        return;
    }
    char *p = room(w, ROOM_KEY + WORD_COPY);
    if (p) ptc_sink_commit_to(w->out, p_word(w, p, lit, size, wd));
}

/* The room m_data asks for. */
#define DATA_ROOM(k, v) (ROOM_KEY + PTC_JSON_ROOM((k).len) + PTC_JSON_ROOM((v).len))

JSON_INLINE char *p_data(jw *w, char *p, ptc_str k, ptc_str v) {
    p = put_sep(w, p);
    p = ptc_json_escape_into(p, k.s ? k.s : "", k.len);
    memcpy(p, ": ", 2);
    p += 2 - w->key_trim;
    return v.s ? ptc_json_escape_into(p, v.s, v.len) : put_null(p);
}

/* A member whose key is data (an extra column's header, a label's key):
   "key": "value", escaped both. */
static void m_data(jw *w, ptc_str k, ptc_str v) {
    char *p = room(w, DATA_ROOM(k, v));
    if (!p) {
        if (!(p = room(w, ROOM_KEY))) return;
        ptc_sink_commit_to(w->out, put_sep(w, p));
        ptc_json_write_string(w->out, k.s ? k.s : "", k.len);
        ptc_sink_write(w->out, ": ", 2 - w->key_trim);
        if (v.s) ptc_json_write_string(w->out, v.s, v.len);
        else ptc_sink_write(w->out, "null", 4);
        return;
    }
    ptc_sink_commit_to(w->out, p_data(w, p, k, v));
}

/* A member holding an amount ({text?, value, unit}) or null. */
static void m_amount(jw *w, const char *lit, size_t size, const ptc_amount *a, bool with_text) {
    if (!a) {
        m_null(w, lit, size);
        return;
    }
    m_open(w, lit, size, '{');
    if (with_text) m_str(w, KEY("text"), a->text.str);
    m_num(w, KEY("value"), a->value);
    m_str(w, KEY("unit"), a->unit);
    close_block(w, '}');
}

/* The room write_indicator's writers ask for, summed, or 0 when an
   indicator's comparator has no made word (never in practice). Each writer
   starts where the one before ended, at most the room that one asked for,
   so the sum covers every write including the whole-vector spare. */
static size_t indicator_room(const jw *w, const ptc_indicator *ind) {
    if ((unsigned)ind->value.comparator > PTC_CMP_EQ || !w->comparator[ind->value.comparator].len) return 0;
    size_t n = 18 * (ROOM_KEY + 32) + ind->path_len * (8 + 8 + 32);
    n += PTC_JSON_ROOM(ind->name.str.len) + PTC_JSON_ROOM(ind->value.text.str.len) +
         PTC_JSON_ROOM(ind->value_unit.len) + PTC_JSON_ROOM(ind->unit.str.len) + PTC_JSON_ROOM(ind->label.str.len);
    for (size_t i = 0; i < ind->path_len; i++) n += PTC_JSON_ROOM(ind->path[i].str.len);
    for (size_t i = 0; i < ind->extra_len; i++) n += DATA_ROOM(ind->extra[i].label.str, ind->extra[i].value.str);
    return n;
}

/* write_indicator's bytes in one room taken for them all: an indicator is
   most of a document, and a room check and commit per member and item cost
   more than the copy. */
static char *indicator_at(jw *w, char *p, const ptc_indicator *ind) {
    p = put_sep(w, p);
    *p++ = '{';
    push(w);
    p = p_open(w, p, KEY("path"), '[');
    for (size_t i = 0; i < ind->path_len; i++) p = p_i_str(w, p, ind->path[i].str);
    p = p_close_inline(w, p);
    p = p_str(w, p, KEY("name"), ind->name.str);
    p = p_open(w, p, KEY("value"), '{');
    p = p_str(w, p, KEY("text"), ind->value.text.str);
    p = p_num(w, p, KEY("number"), ind->value.number);
    p = p_word(w, p, KEY("comparator"), &w->comparator[ind->value.comparator]);
    p = p_str(w, p, KEY("unit"), ind->value_unit);
    p = p_bool(w, p, KEY("approximate"), ind->value_approximate);
    p = p_close_block(w, p, '}');
    p = p_str(w, p, KEY("unit"), ind->unit.str);
    p = p_long(w, p, KEY("line"), ind->line);
    p = p_open(w, p, KEY("extra"), '{');
    for (size_t i = 0; i < ind->extra_len; i++) p = p_data(w, p, ind->extra[i].label.str, ind->extra[i].value.str);
    p = p_close_block(w, p, '}');
    p = p_open(w, p, KEY("inherited"), '[');
    for (size_t i = 0; i < ind->path_len; i++) p = p_i_bool(w, p, ind->inherited && ind->inherited[i]);
    p = p_close_inline(w, p);
    if (ind->rowspan) {
        p = p_open(w, p, KEY("rowspan"), '[');
        for (size_t i = 0; i < ind->path_len; i++) p = put_long(put_comma(w, p), ind->rowspan[i]);
        p = p_close_inline(w, p);
    } else {
        p = p_null(w, p, KEY("rowspan"));
    }
    p = p_str(w, p, KEY("label"), ind->label.str);
    return p_close_block(w, p, '}');
}

/* The definition; indicator_at writes the same bytes when one room holds
   them all. */
static void write_indicator(jw *w, const ptc_indicator *ind) {
    size_t n = indicator_room(w, ind);
    char *p = n ? ptc_sink_room(w->out, n) : NULL;
    if (p) {
        ptc_sink_commit_to(w->out, indicator_at(w, p, ind));
        return;
    }
    e_open(w, '{');
    m_open(w, KEY("path"), '[');
    for (size_t i = 0; i < ind->path_len; i++) i_str(w, ind->path[i].str);
    close_inline(w);
    m_str(w, KEY("name"), ind->name.str);
    m_open(w, KEY("value"), '{');
    m_str(w, KEY("text"), ind->value.text.str);
    m_num(w, KEY("number"), ind->value.number);
    if ((unsigned)ind->value.comparator <= PTC_CMP_EQ)
        m_word(w, KEY("comparator"), &w->comparator[ind->value.comparator],
               ptc_comparator_symbol(ind->value.comparator));
    else
        m_cstr(w, KEY("comparator"), ptc_comparator_symbol(ind->value.comparator));
    m_str(w, KEY("unit"), ind->value_unit);
    m_bool(w, KEY("approximate"), ind->value_approximate);
    close_block(w, '}');
    m_str(w, KEY("unit"), ind->unit.str);
    m_long(w, KEY("line"), ind->line);
    m_open(w, KEY("extra"), '{');
    for (size_t i = 0; i < ind->extra_len; i++) m_data(w, ind->extra[i].label.str, ind->extra[i].value.str);
    close_block(w, '}');
    m_open(w, KEY("inherited"), '[');
    for (size_t i = 0; i < ind->path_len; i++) i_bool(w, ind->inherited && ind->inherited[i]);
    close_inline(w);
    if (ind->rowspan) {
        m_open(w, KEY("rowspan"), '[');
        for (size_t i = 0; i < ind->path_len; i++) i_long(w, ind->rowspan[i]);
        close_inline(w);
    } else {
        m_null(w, KEY("rowspan"));
    }
    m_str(w, KEY("label"), ind->label.str);
    close_block(w, '}');
}

static void write_column(jw *w, const ptc_column *c) {
    e_open(w, '{');
    m_str(w, KEY("header"), c->header.str);
    if ((unsigned)c->role <= PTC_COL_LABEL)
        m_word(w, KEY("role"), &w->role[c->role], ptc_column_role_name(c->role));
    else
        m_cstr(w, KEY("role"), ptc_column_role_name(c->role));
    if (c->role == PTC_COL_LEVEL && c->level > 0) m_long(w, KEY("level"), c->level);
    else m_null(w, KEY("level"));
    m_str(w, KEY("key"), c->key);
    m_str(w, KEY("qualifier"), c->qualifier);
    close_block(w, '}');
}

static void write_grid(jw *w, const ptc_grid *g) {
    e_open(w, '{');
    m_str(w, KEY("label"), g->label.str);
    m_str(w, KEY("key"), g->key);
    m_lines(w, KEY("lines"), g->lines);
    m_open(w, KEY("rows"), '[');
    for (size_t i = 0; i < g->rows_len; i++) {
        const ptc_grid_row *r = &g->rows[i];
        e_open(w, '{');
        m_long(w, KEY("line"), r->line);
        m_open(w, KEY("cells"), '[');
        for (size_t j = 0; j < r->cells_len; j++) i_str(w, r->cells[j].str);
        close_inline(w);
        close_block(w, '}');
    }
    close_block(w, ']');
    close_block(w, '}');
}

static void write_category(jw *w, const ptc_category *c) {
    e_open(w, '{');
    m_open(w, KEY("path"), '[');
    for (size_t i = 0; i < c->path_len; i++) i_str(w, c->path[i].str);
    close_inline(w);
    m_long(w, KEY("line"), c->line);
    close_block(w, '}');
}

static void write_table(jw *w, const ptc_table *t) {
    e_open(w, '{');
    m_int(w, KEY("seq"), t->seq);
    if ((unsigned)t->kind <= PTC_TABLE_OVERALL)
        m_word(w, KEY("kind"), &w->kind[t->kind], ptc_table_kind_name(t->kind));
    else
        m_cstr(w, KEY("kind"), ptc_table_kind_name(t->kind));
    m_str(w, KEY("title"), t->title.str);
    m_int(w, KEY("year"), t->year);
    m_lines(w, KEY("lines"), t->lines);
    m_str(w, KEY("applicant"), t->applicant.str);
    m_str(w, KEY("project_name"), t->project_name.str);
    m_str(w, KEY("department"), t->department.str);
    m_str(w, KEY("executing_unit"), t->executing_unit.str);
    m_str(w, KEY("project_type"), t->project_type.str);
    if (t->period) {
        m_open(w, KEY("period"), '{');
        m_str(w, KEY("text"), t->period->text.str);
        m_cstr(w, KEY("start"), t->period->start[0] ? t->period->start : NULL);
        m_cstr(w, KEY("end"), t->period->end[0] ? t->period->end : NULL);
        close_block(w, '}');
    } else {
        m_null(w, KEY("period"));
    }
    m_amount(w, KEY("funds"), t->funds, true);
    m_str(w, KEY("annual_goal"), t->annual_goal.str);
    m_open(w, KEY("indicators"), '[');
    for (size_t i = 0; i < t->indicators_len; i++) write_indicator(w, &t->indicators[i]);
    close_block(w, ']');
    m_str(w, KEY("notes"), t->notes.str);
    m_open(w, KEY("fields"), '[');
    for (size_t i = 0; i < t->fields_len; i++) {
        e_open(w, '{');
        m_str(w, KEY("label"), t->fields[i].label.str);
        m_str(w, KEY("value"), t->fields[i].value.str);
        m_str(w, KEY("key"), t->fields[i].key);
        m_str(w, KEY("code"), t->fields[i].code.str);
        close_block(w, '}');
    }
    close_block(w, ']');
    m_open(w, KEY("columns"), '[');
    for (size_t i = 0; i < t->columns_len; i++) write_column(w, &t->columns[i]);
    close_block(w, ']');
    m_open(w, KEY("categories"), '[');
    for (size_t i = 0; i < t->categories_len; i++) write_category(w, &t->categories[i]);
    close_block(w, ']');
    m_open(w, KEY("grids"), '[');
    for (size_t i = 0; i < t->grids_len; i++) write_grid(w, &t->grids[i]);
    close_block(w, ']');
    m_str(w, KEY("applicant_code"), t->applicant_code.str);
    m_str(w, KEY("project_code"), t->project_code.str);
    m_str(w, KEY("department_code"), t->department_code.str);
    m_str(w, KEY("executing_unit_code"), t->executing_unit_code.str);
    m_open(w, KEY("goal_items"), '[');
    for (size_t i = 0; i < t->goal_items_len; i++) {
        e_open(w, '{');
        m_str(w, KEY("label"), t->goal_items[i].label.str);
        m_str(w, KEY("text"), t->goal_items[i].text.str);
        m_long(w, KEY("line"), t->goal_items[i].text.pos.line);
        close_block(w, '}');
    }
    close_block(w, ']');
    m_open(w, KEY("labels"), '{');
    for (size_t i = 0; i < t->labels_len; i++) m_data(w, t->labels[i].key, t->labels[i].label.str);
    close_block(w, '}');
    close_block(w, '}');
}

/* The outermost object (the wrapper, a jsonl document): no separator. */
static void open_root(jw *w) {
    ptc_sink_putc(w->out, '{');
    push(w);
}

static void write_document(jw *w, const ptc_document *d) {
    if (w->depth == 0) open_root(w);
    else e_open(w, '{');
    m_str(w, KEY("source"), d->source);
    m_lines(w, KEY("lines"), d->lines);
    m_str(w, KEY("title"), d->title.str);
    if (d->summary) {
        const ptc_summary *s = d->summary;
        m_open(w, KEY("summary"), '{');
        m_str(w, KEY("text"), s->text.str);
        m_int(w, KEY("year"), s->year);
        m_str(w, KEY("organization"), s->organization.str);
        m_int(w, KEY("project_count"), s->project_count);
        m_amount(w, KEY("total_funds"), s->total_funds, false);
        close_block(w, '}');
    } else {
        m_null(w, KEY("summary"));
    }
    m_open(w, KEY("units"), '[');
    for (size_t i = 0; i < d->units_len; i++) {
        e_open(w, '{');
        m_int(w, KEY("seq"), d->units[i].seq);
        m_str(w, KEY("name"), d->units[i].name.str);
        m_int(w, KEY("project_count"), d->units[i].project_count);
        close_block(w, '}');
    }
    close_block(w, ']');
    m_open(w, KEY("tables"), '[');
    for (size_t i = 0; i < d->tables_len; i++) write_table(w, &d->tables[i]);
    close_block(w, ']');
    m_open(w, KEY("diagnostics"), '[');
    for (size_t i = 0; i < d->diags_len; i++) {
        const ptc_diag *g = &d->diags[i];
        e_open(w, '{');
        m_cstr(w, KEY("severity"), ptc_severity_name(g->severity));
        m_cstr(w, KEY("code"), g->code);
        m_long(w, KEY("line"), g->pos.line);
        m_long(w, KEY("column"), g->pos.col);
        m_str(w, KEY("message"), g->message);
        close_block(w, '}');
    }
    close_block(w, ']');
    m_str(w, KEY("text"), d->text.str);
    close_block(w, '}');
}

static jw *jw_new(ptc_sink *out, bool compact, bool lines) {
    jw *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->out = out;
    w->lines = lines;
    w->sep = compact ? sep_compact : sep_pretty;
    w->nl_mask = compact ? 0 : ~(size_t)0;
    w->nl_step = compact ? 0 : 2;
    w->key_trim = compact ? 1 : 0;
    w->comma_len = compact ? 1 : 2;
    set_depth(w, 0);
    for (int i = 0; i <= PTC_CMP_EQ; i++) make_word(&w->comparator[i], ptc_comparator_symbol((ptc_comparator)i));
    for (int i = 0; i <= PTC_COL_LABEL; i++) make_word(&w->role[i], ptc_column_role_name((ptc_column_role)i));
    for (int i = 0; i <= PTC_TABLE_OVERALL; i++) make_word(&w->kind[i], ptc_table_kind_name((ptc_table_kind)i));
    return w;
}

static void *open_common(ptc_sink *out, const ptc_emit_options *opts, bool lines) {
    jw *w = jw_new(out, lines || (opts && opts->compact), lines);
    if (!w) return NULL;
    if (!lines) {
        /* The wrapper is written as we go so documents can stream out. */
        open_root(w);
        m_cstr(w, KEY("format"), "ptconv");
        m_long(w, KEY("version"), PTCONV_JSON_VERSION);
        m_open(w, KEY("documents"), '[');
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
        close_block(w, ']');
        close_block(w, '}');
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
    jw *w = jw_new(out, opts && opts->compact, false);
    if (!w) return NULL;
    /* Inside the wrapper's "documents" array, after a first document: every
       document is written with its separator; the main thread drops the
       one of the stream's very first document (splice_json). */
    set_depth(w, 2);
    w->empty = 0;
    return w;
}

static size_t splice_json(void *main_state, ptc_sink *main_sink, const char *body, size_t len,
                          size_t documents) {
    jw *w = main_state;
    (void)main_sink;
    size_t skip = w->empty && len > 0 && body[0] == ',' ? 1 : 0;
    if (documents) w->empty = 0;
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

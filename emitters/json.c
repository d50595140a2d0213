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

#include "emitters/json_writer.h"

static void make_word(json_word *wd, const char *c) {
    size_t len = c ? strlen(c) : 0;
    char tmp[PTC_JSON_ROOM(16)];
    if (len > 16) return; /* len stays 0 */
    char *end = c ? ptc_json_escape_into(tmp, c, len) : put_null(tmp);
    if ((size_t)(end - tmp) > WORD_COPY) return;
    memcpy(wd->s, tmp, (size_t)(end - tmp));
    wd->len = (size_t)(end - tmp);
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

/* The pieces longer than 32 bytes at the contract's depths: copied as
   GLUE_COPY bytes, the others as 32. */
#define GLUE_LONG(k) \
    ((k) == G_TEXT || (k) == G_APPROX || (k) == G_UNIT || (k) == G_INH_EMPTY || (k) == G_INH_HELD || (k) == G_ROWSPAN_NULL)
#define GLUE_SIZE(k) (GLUE_LONG(k) ? GLUE_COPY : 32)

/* One piece of glue: the bytes from..to the writers wrote. */
static void glue_set(jw *w, int k, const char *from, const char *to) {
    size_t n = (size_t)(to - from);
    if (n > GLUE_SIZE(k)) {
        w->glue_ok = false;
        return;
    }
    memcpy(w->glue[k].s, from, n);
    w->glue[k].len = n;
}

/* The glue for an indicator written in the array at w's depth: the same
   writers the definition (write_indicator's member path) calls, in the
   same order, on a copy of w's state, the values left out. */
static void make_glue(jw *w) {
    char buf[16 * ROOM_KEY], *p;
    jw t = *w;
    w->glue_ok = true;
    w->glue_depth = w->depth + 1;
    t.empty = 0; /* the element's separator is written before */
#define PIECE(k) glue_set(w, (k), buf, p)
    p = buf, *p++ = '{', push(&t), p = p_open(&t, p, KEY("path"), '['), PIECE(G_OPEN);
    p = p_close_inline(&t, buf), p = put_key(&t, p, KEY("name")), PIECE(G_NAME);
    p = p_open(&t, buf, KEY("value"), '{'), p = put_key(&t, p, KEY("text")), PIECE(G_TEXT);
    p = put_key(&t, buf, KEY("number")), PIECE(G_NUMBER);
    p = put_key(&t, buf, KEY("comparator")), PIECE(G_COMPARATOR);
    p = put_key(&t, buf, KEY("unit")), PIECE(G_VUNIT);
    p = put_key(&t, buf, KEY("approximate")), PIECE(G_APPROX);
    p = p_close_block(&t, buf, '}'), p = put_key(&t, p, KEY("unit")), PIECE(G_UNIT);
    p = put_key(&t, buf, KEY("line")), PIECE(G_LINE);
    p = p_open(&t, buf, KEY("extra"), '{'), PIECE(G_EXTRA);
    jw x = t; /* inside "extra", nothing in it yet */
    p = put_sep(&x, buf), PIECE(G_XSEP_FIRST);
    p = put_sep(&x, buf), PIECE(G_XSEP_NEXT);
    x = t;
    p = p_close_block(&x, buf, '}'), p = p_open(&x, p, KEY("inherited"), '['), PIECE(G_INH_EMPTY);
    t.empty = 0;
    p = p_close_block(&t, buf, '}'), p = p_open(&t, p, KEY("inherited"), '['), PIECE(G_INH_HELD);
    x = t;
    p = p_close_inline(&x, buf), p = p_open(&x, p, KEY("rowspan"), '['), PIECE(G_ROWSPAN_OPEN);
    p = p_close_inline(&x, buf), p = put_key(&x, p, KEY("label")), PIECE(G_LABEL_AFTER);
    p = p_close_inline(&t, buf), p = p_null(&t, p, KEY("rowspan")), p = put_key(&t, p, KEY("label")), PIECE(G_ROWSPAN_NULL);
    p = p_close_block(&t, buf, '}'), PIECE(G_END);
#undef PIECE
    /* the definition leaves w as it found it but for the array not being empty */
    assert(t.depth == w->depth && t.nl == w->nl && t.empty == 0);
}

/* A piece of glue copied as `size` bytes, its GLUE_SIZE: a constant at
   each use, so the copy is a few fixed moves. */
JSON_INLINE char *put_glue_as(char *p, const json_glue *g, size_t size) {
    if (size == 32) memcpy(p, g->s, 32);
    else memcpy(p, g->s, GLUE_COPY);
    return p + g->len;
}

/* Piece k (a constant) of w's glue. */
#define put_glue(p, k) put_glue_as((p), &w->glue[(k)], GLUE_SIZE(k))

/* The room indicator_at asks for, or 0 when it cannot write this
   indicator (its comparator has no made word: never in practice). Each
   write starts where the one before ended, at most the room that one is
   given here, so the sum covers every write including its spare. */
static size_t indicator_room(const jw *w, const ptc_indicator *ind) {
    if ((unsigned)ind->value.comparator > PTC_CMP_EQ || !w->comparator[ind->value.comparator].len) return 0;
    size_t n = ROOM_KEY + G_COUNT * GLUE_COPY + 32 + WORD_COPY + 8 + ind->path_len * (2 + 8 + 2 + 24);
    n += PTC_JSON_ROOM(ind->name.str.len) + PTC_JSON_ROOM(ind->value.text.str.len) +
         PTC_JSON_ROOM(ind->value_unit.len) + PTC_JSON_ROOM(ind->unit.str.len) + PTC_JSON_ROOM(ind->label.str.len);
    for (size_t i = 0; i < ind->path_len; i++) n += PTC_JSON_ROOM(ind->path[i].str.len);
    for (size_t i = 0; i < ind->extra_len; i++)
        n += GLUE_COPY + 2 + PTC_JSON_ROOM(ind->extra[i].label.str.len) + PTC_JSON_ROOM(ind->extra[i].value.str.len);
    return n;
}

JSON_INLINE char *put_str_or_null(char *p, ptc_str s) {
    return s.s ? ptc_json_escape_into(p, s.s, s.len) : put_null(p);
}

JSON_INLINE char *put_bool(char *p, bool b) {
    memcpy(p, b ? "true" : "false", 5);
    return p + (b ? 4 : 5);
}

/* write_indicator's bytes in one room taken for them all, the constant
   text between the values copied from the glue: an indicator is most of a
   document, and a room check, separator and key per member cost more than
   the values. */
static char *indicator_at(jw *w, char *p, const ptc_indicator *ind) {
    p = put_sep(w, p);
    p = put_glue(p, G_OPEN);
    for (size_t i = 0; i < ind->path_len; i++) {
        if (i) memcpy(p, ", ", 2), p += w->comma_len;
        p = put_str_or_null(p, ind->path[i].str);
    }
    p = put_str_or_null(put_glue(p, G_NAME), ind->name.str);
    p = put_str_or_null(put_glue(p, G_TEXT), ind->value.text.str);
    p = put_glue(p, G_NUMBER);
    p = ind->value.number.set ? p + ptc_format_number_len(ind->value.number.value, p) : put_null(p);
    p = put_glue(p, G_COMPARATOR);
    const json_word *wd = &w->comparator[ind->value.comparator];
    memcpy(p, wd->s, WORD_COPY);
    p += wd->len;
    p = put_str_or_null(put_glue(p, G_VUNIT), ind->value_unit);
    p = put_bool(put_glue(p, G_APPROX), ind->value_approximate);
    p = put_str_or_null(put_glue(p, G_UNIT), ind->unit.str);
    p = put_long(put_glue(p, G_LINE), ind->line);
    p = put_glue(p, G_EXTRA);
    for (size_t i = 0; i < ind->extra_len; i++) {
        ptc_str k = ind->extra[i].label.str, v = ind->extra[i].value.str;
        p = put_glue_as(p, &w->glue[i ? G_XSEP_NEXT : G_XSEP_FIRST], 32);
        p = ptc_json_escape_into(p, k.s ? k.s : "", k.len);
        memcpy(p, ": ", 2);
        p = put_str_or_null(p + 2 - w->key_trim, v);
    }
    p = put_glue_as(p, &w->glue[ind->extra_len ? G_INH_HELD : G_INH_EMPTY], GLUE_COPY);
    for (size_t i = 0; i < ind->path_len; i++) {
        if (i) memcpy(p, ", ", 2), p += w->comma_len;
        p = put_bool(p, ind->inherited && ind->inherited[i]);
    }
    if (ind->rowspan) {
        p = put_glue(p, G_ROWSPAN_OPEN);
        for (size_t i = 0; i < ind->path_len; i++) {
            if (i) memcpy(p, ", ", 2), p += w->comma_len;
            p = put_long(p, ind->rowspan[i]);
        }
        p = put_glue(p, G_LABEL_AFTER);
    } else {
        p = put_glue(p, G_ROWSPAN_NULL);
    }
    p = put_str_or_null(p, ind->label.str);
    return put_glue(p, G_END);
}

/* The definition; indicator_at writes the same bytes when one room holds
   them all. */
static void write_indicator(jw *w, const ptc_indicator *ind) {
    if (w->glue_depth != w->depth + 1) make_glue(w);
    size_t n = w->glue_ok ? indicator_room(w, ind) : 0;
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

/* A column in one room, as indicator_at: the same bytes as the members
   below when its role has a made word. */
static bool column_at(jw *w, const ptc_column *c) {
    if ((unsigned)c->role > PTC_COL_LABEL || !w->role[c->role].len) return false;
    size_t n = 6 * (ROOM_KEY + 32) + PTC_JSON_ROOM(c->header.str.len) + PTC_JSON_ROOM(c->key.len) +
               PTC_JSON_ROOM(c->qualifier.len);
    char *p = room(w, n);
    if (!p) return false;
    p = put_sep(w, p);
    *p++ = '{';
    push(w);
    p = p_str(w, p, KEY("header"), c->header.str);
    p = p_word(w, p, KEY("role"), &w->role[c->role]);
    if (c->role == PTC_COL_LEVEL && c->level > 0) p = p_long(w, p, KEY("level"), c->level);
    else p = p_null(w, p, KEY("level"));
    p = p_str(w, p, KEY("key"), c->key);
    p = p_str(w, p, KEY("qualifier"), c->qualifier);
    ptc_sink_commit_to(w->out, p_close_block(w, p, '}'));
    return true;
}

static void write_column(jw *w, const ptc_column *c) {
    if (column_at(w, c)) return;
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

/* "key": a string (NULL: null) at p. */
JSON_INLINE char *p_cstr(jw *w, char *p, const char *lit, size_t size, const char *c) {
    ptc_str s = {c, c ? strlen(c) : 0};
    return p_str(w, p, lit, size, s);
}

/* An amount member as m_amount writes it, at p (AMOUNT_ROOM). */
#define AMOUNT_ROOM(a) (5 * (ROOM_KEY + 32) + ((a) ? PTC_JSON_ROOM((a)->text.str.len) + PTC_JSON_ROOM((a)->unit.len) : 0))
static char *p_amount(jw *w, char *p, const char *lit, size_t size, const ptc_amount *a, bool with_text) {
    if (!a) return p_null(w, p, lit, size);
    p = p_open(w, p, lit, size, '{');
    if (with_text) p = p_str(w, p, KEY("text"), a->text.str);
    p = p_num(w, p, KEY("value"), a->value);
    p = p_str(w, p, KEY("unit"), a->unit);
    return p_close_block(w, p, '}');
}

/* write_table's members up to its indicators' '[', in one room: the same
   bytes as the members one by one. False (nothing written) without the
   room or a made word for the kind. */
static bool table_head_at(jw *w, const ptc_table *t) {
    if ((unsigned)t->kind > PTC_TABLE_OVERALL || !w->kind[t->kind].len) return false;
    const ptc_period *pd = t->period;
    size_t n = 20 * (ROOM_KEY + 64) + AMOUNT_ROOM(t->funds) + PTC_JSON_ROOM(t->title.str.len) +
               PTC_JSON_ROOM(t->applicant.str.len) + PTC_JSON_ROOM(t->project_name.str.len) +
               PTC_JSON_ROOM(t->department.str.len) + PTC_JSON_ROOM(t->executing_unit.str.len) +
               PTC_JSON_ROOM(t->project_type.str.len) + PTC_JSON_ROOM(t->annual_goal.str.len);
    if (pd) n += PTC_JSON_ROOM(pd->text.str.len) + 2 * PTC_JSON_ROOM(sizeof pd->start);
    char *p = ptc_sink_room(w->out, n);
    if (!p) return false;
    p = put_sep(w, p), *p++ = '{', push(w);
    p = t->seq.set ? p_long(w, p, KEY("seq"), t->seq.value) : p_null(w, p, KEY("seq"));
    p = p_word(w, p, KEY("kind"), &w->kind[t->kind]);
    p = p_str(w, p, KEY("title"), t->title.str);
    p = t->year.set ? p_long(w, p, KEY("year"), t->year.value) : p_null(w, p, KEY("year"));
    p = put_key(w, p, KEY("lines")), *p++ = '[', p = put_long(p, t->lines.first);
    memcpy(p, ", ", 2);
    p = put_long(p + w->comma_len, t->lines.last), *p++ = ']';
    p = p_str(w, p, KEY("applicant"), t->applicant.str);
    p = p_str(w, p, KEY("project_name"), t->project_name.str);
    p = p_str(w, p, KEY("department"), t->department.str);
    p = p_str(w, p, KEY("executing_unit"), t->executing_unit.str);
    p = p_str(w, p, KEY("project_type"), t->project_type.str);
    if (pd) {
        p = p_open(w, p, KEY("period"), '{');
        p = p_str(w, p, KEY("text"), pd->text.str);
        p = p_cstr(w, p, KEY("start"), pd->start[0] ? pd->start : NULL);
        p = p_cstr(w, p, KEY("end"), pd->end[0] ? pd->end : NULL);
        p = p_close_block(w, p, '}');
    } else {
        p = p_null(w, p, KEY("period"));
    }
    p = p_amount(w, p, KEY("funds"), t->funds, true);
    p = p_str(w, p, KEY("annual_goal"), t->annual_goal.str);
    ptc_sink_commit_to(w->out, p_open(w, p, KEY("indicators"), '['));
    return true;
}

/* write_table's labels and the table's closing, in one room (false, nothing
   written, without it). */
static bool table_tail_at(jw *w, const ptc_table *t) {
    size_t n = 3 * ROOM_KEY + 8;
    for (size_t i = 0; i < t->labels_len; i++) n += DATA_ROOM(t->labels[i].key, t->labels[i].label.str);
    char *p = ptc_sink_room(w->out, n);
    if (!p) return false;
    p = p_open(w, p, KEY("labels"), '{');
    for (size_t i = 0; i < t->labels_len; i++) p = p_data(w, p, t->labels[i].key, t->labels[i].label.str);
    p = p_close_block(w, p, '}');
    ptc_sink_commit_to(w->out, p_close_block(w, p, '}'));
    return true;
}

/* The definition of a table's members up to its indicators' '['. */
static void table_head(jw *w, const ptc_table *t) {
    if (table_head_at(w, t)) return;
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
}

static void write_table(jw *w, const ptc_table *t) {
    table_head(w, t);
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
    if (table_tail_at(w, t)) return;
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

/*
 * The JSON emitter's writer (internal, for emitters/json.c only): the
 * separator and indentation state and one writer per kind of member or
 * item. The m_ and i_ forms take their own room in the sink; the p_ forms
 * write at a pointer inside room the caller took, so a run of members can
 * share one room.
 */
#ifndef PTC_JSON_WRITER_H
#define PTC_JSON_WRITER_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
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

/* The constant text between an indicator's values (separators, keys,
   brackets) at one depth, made once by running the writers below on
   scratch state (make_glue in json.c); copied as GLUE_COPY bytes, then
   advanced by len. */
#define GLUE_COPY 64
typedef struct json_glue {
    char s[GLUE_COPY];
    size_t len;
} json_glue;

enum {
    G_OPEN,           /* {"path": [ */
    G_NAME,           /* ], "name": */
    G_TEXT,           /* , "value": {"text": */
    G_NUMBER,         /* , "number": */
    G_COMPARATOR,     /* , "comparator": */
    G_VUNIT,          /* , "unit": */
    G_APPROX,         /* , "approximate": */
    G_UNIT,           /* }, "unit": */
    G_LINE,           /* , "line": */
    G_EXTRA,          /* , "extra": { */
    G_XSEP_FIRST,     /* before the first extra member */
    G_XSEP_NEXT,      /* before the others */
    G_INH_EMPTY,      /* }, "inherited": [   after no extra member */
    G_INH_HELD,       /* the same after some */
    G_ROWSPAN_OPEN,   /* ], "rowspan": [ */
    G_LABEL_AFTER,    /* ], "label":        after the rowspan list */
    G_ROWSPAN_NULL,   /* ], "rowspan": null, "label": */
    G_END,            /* } */
    G_COUNT
};

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
    /* An indicator's glue, for the array depth glue_depth - 1 (0: none
       made yet); glue_ok false when a piece would not fit GLUE_COPY. */
    int glue_depth;
    bool glue_ok;
    json_glue glue[G_COUNT];
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

/* A made word (wd->len > 0). */
JSON_INLINE char *p_word(jw *w, char *p, const char *lit, size_t size, const json_word *wd) {
    p = put_key(w, p, lit, size);
    memcpy(p, wd->s, WORD_COPY);
    return p + wd->len;
}

/* "key": a made word, or the string `c` it was made from. */
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

#endif

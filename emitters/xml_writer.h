/*
 * The XML emitter's writer (internal, for emitters/xml.c only): element
 * and attribute writers over the sink's room, their state (the open
 * elements, whether a start tag still lacks its '>'), and p_ forms that
 * write at a pointer inside room the caller took, so that a run of them
 * shares one room (an indicator: xml.c's indicator_at).
 */
#ifndef PTC_XML_WRITER_H
#define PTC_XML_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "emitters/emitters.h"
#include "emitters/xml_escape.h"
#include "common/numfmt.h"
#include "model/model.h"

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

XML_INLINE char *p_start_tag(xml_emitter *x, char *p, const xml_tag *t);
XML_INLINE char *p_end(xml_emitter *x, char *p);

/* Without room the tag is lost but the state kept: the sink has failed
   and reports it. */
XML_INLINE void start_tag(xml_emitter *x, const xml_tag *t) {
    if (x->depth >= XML_MAX_DEPTH) {
        x->failed = true;
        return;
    }
    char *p = ptc_sink_room(x->out, XML_TAG_PIECE);
    if (p) {
        ptc_sink_commit_to(x->out, p_start_tag(x, p, t));
        return;
    }
    x->open[x->depth++] = t;
    x->open_tag = true;
}

XML_INLINE void end(xml_emitter *x) {
    if (x->depth == 0) {
        x->failed = true;
        return;
    }
    char *p = ptc_sink_room(x->out, XML_TAG_PIECE);
    if (p) {
        ptc_sink_commit_to(x->out, p_end(x, p));
        return;
    }
    x->depth--;
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

XML_INLINE char *p_leaf_tag(xml_emitter *x, char *p, const xml_tag *t, ptc_str s);

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
    ptc_sink_commit_to(x->out, p_leaf_tag(x, p, t, s));
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

/* ------------------------------------------------ writers at a pointer */

/* The writers above at p, inside room the caller took: the same bytes and
   state, returning the end of what they wrote. Each needs at most the room
   its XML_ROOM_ says. */
#define XML_ROOM_TAG XML_TAG_PIECE                     /* p_start_tag, p_end */
#define XML_ROOM_ATTR (XML_TAG_ROOM + 4 + 32)          /* a bool, long or number attribute, nil */
#define XML_ROOM_STR(len) (XML_TAG_ROOM + 4 + PTC_XML_ROOM(len)) /* a string attribute or content */
#define XML_ROOM_LEAF(len) (2 * XML_TAG_PIECE + XML_ROOM_ATTR + XML_ROOM_STR(len)) /* p_leaf_tag */

XML_INLINE char *p_start_tag(xml_emitter *x, char *p, const xml_tag *t) {
    if (x->depth >= XML_MAX_DEPTH) {
        x->failed = true;
        return p;
    }
    memcpy(p, ">\n", 2);
    p += x->open_tag ? 2 : 0;
    memcpy(p, spaces, XML_INDENT_COPY);
    p += 2 * (size_t)x->depth;
    memcpy(p, t->open, XML_TAG_ROOM);
    p += t->open_len;
    x->open[x->depth++] = t;
    x->open_tag = true;
    return p;
}

XML_INLINE char *p_end(xml_emitter *x, char *p) {
    if (x->depth == 0) {
        x->failed = true;
        return p;
    }
    const xml_tag *t = x->open[--x->depth];
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
    x->open_tag = false;
    x->doindent = true;
    return p;
}

XML_INLINE char *p_attr_str_n(char *p, const char *name, size_t nlen, ptc_str value) {
    if (!value.s) return p;
    p = put_attr_name(p, name, nlen);
    p = ptc_xml_escape_into(p, value.s, value.len, true);
    *p++ = '"';
    return p;
}

XML_INLINE char *p_attr_bool_n(char *p, const char *name, size_t nlen, bool value) {
    static const char words[2][8] = {"false\"", "true\""};
    p = put_attr_name(p, name, nlen);
    memcpy(p, words[value], sizeof words[0]);
    return p + (value ? 5 : 6);
}

XML_INLINE char *p_attr_long_n(char *p, const char *name, size_t nlen, long value) {
    p = ptc_put_long(put_attr_name(p, name, nlen), value);
    *p++ = '"';
    return p;
}

XML_INLINE char *p_attr_num_n(char *p, const char *name, size_t nlen, ptc_opt_num value) {
    if (!value.set) return p;
    p = put_attr_name(p, name, nlen);
    p += ptc_format_number_len(value.value, p);
    *p++ = '"';
    return p;
}

#define p_attr_str(p, name, v) p_attr_str_n((p), (name), sizeof(name) - 1, (v))
#define p_attr_bool(p, name, v) p_attr_bool_n((p), (name), sizeof(name) - 1, (v))
#define p_attr_long(p, name, v) p_attr_long_n((p), (name), sizeof(name) - 1, (v))
#define p_attr_num(p, name, v) p_attr_num_n((p), (name), sizeof(name) - 1, (v))

XML_INLINE char *p_content(xml_emitter *x, char *p, ptc_str s) {
    if (!s.s) return p_attr_bool(p, "nil", true);
    if (s.len == 0) return p;
    x->doindent = false;
    memcpy(p, ">", 1);
    p += x->open_tag ? 1 : 0;
    x->open_tag = false;
    return ptc_xml_escape_into(p, s.s, s.len, false);
}

XML_INLINE char *p_leaf_tag(xml_emitter *x, char *p, const xml_tag *t, ptc_str s) {
    if (!s.s || !s.len || x->depth >= XML_MAX_DEPTH) return p_end(x, p_content(x, p_start_tag(x, p, t), s));
    memcpy(p, ">\n", 2);
    p += x->open_tag ? 2 : 0;
    memcpy(p, spaces, XML_INDENT_COPY);
    p += 2 * (size_t)x->depth;
    memcpy(p, t->open, XML_TAG_ROOM);
    p += t->open_len;
    *p++ = '>';
    p = ptc_xml_escape_into(p, s.s, s.len, false);
    memcpy(p, t->close, XML_TAG_ROOM);
    x->open_tag = false;
    x->doindent = true;
    return p + t->close_len;
}

/* text_element at p: nothing when `s` is null. */
XML_INLINE char *p_text_element_tag(xml_emitter *x, char *p, const xml_tag *t, ptc_str s) {
    return s.s ? p_leaf_tag(x, p, t, s) : p;
}

#endif

/*
 * The HTML emitter's one escape. Every byte that comes from the input or
 * from an option reaches the page through html_put_escaped() (or, for a
 * user stylesheet, html_put_css()), so no markup from the input can reach
 * the page.
 */
#include <string.h>

#include "emitters/html_internal.h"

/* ------------------------------------------------------------- escaping */

/* 0: copy as is (in bulk); 'e': character reference; 'c': a control
   character, written as U+FFFD; 'x': 0xC2 leads U+0080..U+009F (C1 controls)
   and needs a look at the next byte. TAB and LF are kept. */
static const unsigned char escape_table[256] = {
    'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 0,   0,   'c', 'c', 'c', 'c', 'c',
    'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c',
    ['&'] = 'e', ['<'] = 'e', ['>'] = 'e', ['"'] = 'e', ['\''] = 'e', [0x7F] = 'c', [0xC2] = 'x'};

static const char replacement_char[] = "\xEF\xBF\xBD"; /* U+FFFD */

static const char *entity_of(unsigned char c) {
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    default: return "&#39;";
    }
}

/* The one escape for input and option text, valid in text and in quoted
   attribute values alike. */
void html_put_escaped(ptc_sink *out, const char *s, size_t len) {
    size_t run = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        unsigned char e = escape_table[c];
        if (!e || (e == 'x' && !(i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
                                   (unsigned char)s[i + 1] <= 0x9F))) {
            i++;
            continue;
        }
        ptc_sink_write(out, s + run, i - run);
        if (e == 'e') {
            ptc_sink_puts(out, entity_of(c));
            i++;
        } else {
            ptc_sink_write(out, replacement_char, 3);
            i += e == 'x' ? 2 : 1;
        }
        run = i;
    }
    ptc_sink_write(out, s + run, len - run);
}

void html_put_str(ptc_sink *out, ptc_str s) {
    if (s.s) html_put_escaped(out, s.s, s.len);
}

void html_put_cstr(ptc_sink *out, const char *s) { html_put_escaped(out, s, strlen(s)); }

/* A cell's text: line breaks inside a cell become <br>. */
void html_put_cell_text(ptc_sink *out, ptc_str s) {
    if (!s.s) return;
    size_t start = 0;
    for (size_t i = 0; i <= s.len; i++) {
        if (i < s.len && s.s[i] != '\n') continue;
        if (start) ptc_sink_puts(out, "<br>");
        html_put_escaped(out, s.s + start, i - start);
        start = i + 1;
    }
}

/* Block text (the annual goal, the notes): each "\n"-separated paragraph
   becomes a <p>; empty paragraphs carry nothing and are left out. */
void html_put_paragraphs(ptc_sink *out, ptc_str s) {
    if (!s.s) return;
    size_t start = 0;
    for (size_t i = 0; i <= s.len; i++) {
        if (i < s.len && s.s[i] != '\n') continue;
        if (i > start) {
            ptc_sink_puts(out, "<p>");
            html_put_escaped(out, s.s + start, i - start);
            ptc_sink_puts(out, "</p>");
        }
        start = i + 1;
    }
}

/* A user stylesheet goes into <style> verbatim except that "</" becomes
   "<\/" (the same in CSS), so it can never close the element early. */
void html_put_css(ptc_sink *out, const char *css) {
    const char *run = css;
    for (const char *p = css; *p; p++) {
        if (p[0] == '<' && p[1] == '/') {
            ptc_sink_write(out, run, (size_t)(p - run) + 1);
            ptc_sink_putc(out, '\\');
            run = p + 1;
        }
    }
    ptc_sink_puts(out, run);
}

bool html_str_eq(ptc_str a, ptc_str b) {
    size_t la = a.s ? a.len : 0, lb = b.s ? b.len : 0;
    return la == lb && (la == 0 || memcmp(a.s, b.s, la) == 0);
}

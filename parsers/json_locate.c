/* See json_locate.h. The input is valid JSON, so the scanner only tracks
   strings, nesting and separators; it never needs to reject anything. */
#include <string.h>

#include "parsers/json_locate.h"

typedef struct cur {
    const char *p, *end;
    uint32_t line, col;
} cur;

static void step(cur *c) {
    unsigned char ch = (unsigned char)*c->p++;
    if (ch == '\n') {
        c->line++;
        c->col = 1;
    } else if ((ch & 0xC0) != 0x80) {
        /* a character's first byte; its continuation bytes do not count */
        c->col++;
    }
}

static void skip_ws(cur *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        step(c);
}

/* At '"': past the closing quote. */
static void skip_string(cur *c) {
    step(c);
    while (c->p < c->end && *c->p != '"') {
        if (*c->p == '\\' && c->p + 1 < c->end) step(c);
        step(c);
    }
    if (c->p < c->end) step(c);
}

/* Past one value of any kind (iteratively: nesting may be deep). */
static void skip_value(cur *c) {
    size_t depth = 0;
    do {
        skip_ws(c);
        if (c->p >= c->end) return;
        char ch = *c->p;
        if (ch == '"') skip_string(c);
        else if (ch == '{' || ch == '[') {
            depth++;
            step(c);
        } else if (ch == '}' || ch == ']') {
            if (depth) depth--;
            step(c);
        } else if (ch == ',' || ch == ':') {
            step(c);
        } else {
            while (c->p < c->end && !strchr(",:{}[]\" \t\r\n", *c->p)) step(c);
        }
        /* inside a container keep going until it closes */
    } while (depth > 0 && c->p < c->end);
}

/* At '{': to the value of member `key`; false when there is none. */
static int find_member(cur *c, const char *key, size_t key_len) {
    step(c);
    for (;;) {
        skip_ws(c);
        if (c->p >= c->end || *c->p != '"') return 0;
        const char *k = c->p + 1;
        skip_string(c);
        size_t n = (size_t)(c->p - k) - 1;
        int match = n == key_len && memcmp(k, key, n) == 0;
        skip_ws(c);
        if (c->p < c->end && *c->p == ':') step(c);
        skip_ws(c);
        if (match) return 1;
        skip_value(c);
        skip_ws(c);
        if (c->p < c->end && *c->p == ',') step(c);
        else return 0;
    }
}

/* At '[': to element `index`; false when there is none. */
static int find_element(cur *c, size_t index) {
    step(c);
    for (size_t i = 0;; i++) {
        skip_ws(c);
        if (c->p >= c->end || *c->p == ']') return 0;
        if (i == index) return 1;
        skip_value(c);
        skip_ws(c);
        if (c->p < c->end && *c->p == ',') step(c);
        else return 0;
    }
}

void ptc_json_locate(const char *buf, size_t len, const ptc_json_step *path, size_t depth,
                     uint32_t *line, uint32_t *col) {
    cur c = {buf, buf + len, 1, 1};
    skip_ws(&c);
    cur found = c;
    for (size_t i = 0; i < depth; i++) {
        if (c.p >= c.end) break;
        int ok = path[i].key ? *c.p == '{' && find_member(&c, path[i].key, path[i].key_len)
                             : *c.p == '[' && find_element(&c, path[i].index);
        if (!ok) break;
        found = c;
    }
    *line = found.line;
    *col = found.col;
}

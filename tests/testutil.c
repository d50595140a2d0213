#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/scan.h"

char *ptc_test_read_file(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, fp);
        if (n < cap) break;
        char *g = realloc(buf, cap * 2 + 1);
        if (!g) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = g;
        cap *= 2;
    }
    fclose(fp);
    if (buf) buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

static const char *path_in(const char *env, const char *fallback, const char *name) {
    static char buf[4096];
    const char *dir = getenv(env);
    snprintf(buf, sizeof buf, "%s/%s", dir ? dir : fallback, name);
    return buf;
}

const char *ptc_test_fixture(const char *name) { return path_in("PTC_FIXTURES", "fixtures", name); }
const char *ptc_test_shared(const char *name) {
    const char *dir = getenv("PTC_SHARED");
    if (!dir || !*dir) {
        /* no guessed fallback: see tests/test_decode.c */
        fprintf(stderr, "PTC_SHARED is not set: run the tests through ctest, which sets it from "
                        "cmake's PTC_SHARED_DIR (the shared/ folder)\n");
        exit(1);
    }
    return path_in("PTC_SHARED", NULL, name);
}

int ptc_test_parse(const char *input, size_t len, size_t chunk, ptc_document_fn fn, void *ud) {
    ptc_parse_options po = {.source = "-"};
    ptc_parser *p = ptc_parser_new(&po, fn, ud);
    if (!p) return PTC_ERR_NOMEM;
    int rc = 0;
    if (chunk == 0) chunk = len ? len : 1;
    for (size_t off = 0; off < len && rc == 0; off += chunk)
        rc = ptc_parser_feed(p, input + off, len - off < chunk ? len - off : chunk);
    if (rc == 0) rc = ptc_parser_finish(p);
    ptc_parser_free(p);
    return rc;
}

typedef struct convert_ctx {
    const ptc_emitter *e;
    void *state;
    int failed;
} convert_ctx;

static int emit_one(const ptc_document *doc, void *ud) {
    convert_ctx *c = ud;
    if (c->e->document(c->state, doc) != 0) c->failed = 1;
    return c->failed;
}

char *ptc_test_convert(const char *input, size_t len, size_t chunk, const char *source,
                       const char *format, const ptc_emit_options *opts, size_t *out_len) {
    ptc_emit_options none = {0};
    convert_ctx c = {ptc_emitter_find(format), NULL, 0};
    if (!c.e) return NULL;
    ptc_sink *s = ptc_sink_memory();
    if (!s) return NULL;
    c.state = c.e->open(s, opts ? opts : &none);
    if (!c.state) {
        ptc_sink_free(s);
        return NULL;
    }
    ptc_parse_options po = {.source = source ? source : "-"};
    ptc_parser *p = ptc_parser_new(&po, emit_one, &c);
    int rc = p ? 0 : PTC_ERR_NOMEM;
    if (chunk == 0) chunk = len ? len : 1;
    for (size_t off = 0; p && off < len && rc == 0; off += chunk)
        rc = ptc_parser_feed(p, input + off, len - off < chunk ? len - off : chunk);
    if (p && rc == 0) rc = ptc_parser_finish(p);
    ptc_parser_free(p);
    int closed = c.e->close(c.state, rc == 0 && !c.failed);
    char *out = NULL;
    size_t n;
    const char *data = ptc_sink_memory_data(s, &n);
    if (rc == 0 && !c.failed && closed == 0 && !ptc_sink_error(s)) {
        out = malloc(n + 1);
        if (out) {
            memcpy(out, data, n);
            out[n] = '\0';
            if (out_len) *out_len = n;
        }
    }
    ptc_sink_free(s);
    return out;
}

size_t ptc_test_count(const char *hay, const char *needle) {
    size_t n = 0, len = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle)) n++;
    return n;
}

char *ptc_test_between(const char *hay, const char *start, const char *end) {
    const char *a = strstr(hay, start);
    if (!a) fail_msg("\"%s\" not found", start);
    const char *b = strstr(a, end);
    if (!b) fail_msg("\"%s\" not found after \"%s\"", end, start);
    size_t n = (size_t)(b - a) + strlen(end);
    char *s = malloc(n + 1);
    assert_non_null(s);
    memcpy(s, a, n);
    s[n] = '\0';
    return s;
}

int ptc_test_scanner_setup(void **state) {
    ptc_scanner *sc = ptc_scanner_new();
    if (!sc) return -1;
    *state = sc;
    return 0;
}

int ptc_test_scanner_teardown(void **state) {
    ptc_scanner_free(*state);
    return 0;
}

unsigned ptc_test_rand(uint32_t *state) {
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

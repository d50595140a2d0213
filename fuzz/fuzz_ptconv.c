/*
 * libFuzzer harness for the whole pipeline: bytes -> parser -> model ->
 * emitter -> memory sink. See docs/fuzzing.md.
 *
 * The first three input bytes are options, so the fuzzer explores option
 * combinations with the same mutations it applies to the text (cmark's
 * approach); the rest is the document:
 *
 *   byte 0  bits 0-3  flags: compact, fragment, bom (+ html page options), check
 *           bits 4-7  emitter, as an index into ptc_emitters() modulo count
 *   byte 1  chunk size for the second, chunked run (0: whole input)
 *   byte 2  encoding, modulo 4: detect, "UTF-8", "GB18030", "UTF-16LE"
 *
 * The whole run writes into a memory sink (and its diagnostics through
 * ptc_diag_write/ptc_diag_write_json), the chunked one into a callback sink.
 * The chunked run, the other emitters, the diagnostics and libxml2 run on a
 * deterministic sample of inputs (by hash; see CHUNKED_EVERY), all of them
 * on every input under PTC_FUZZ_ALL_CHECKS=1 (fuzz_replay).
 *
 * Besides what ASan/UBSan/LSan catch, it traps on broken properties:
 *   - the model is the same whether the input arrives whole or in chunks
 *     (a digest of every field, plus the parser's stats and encoding);
 *   - the chosen emitter writes the same bytes for both runs;
 *   - every model string is valid UTF-8 and absent strings have length 0;
 *   - an emitter that opened on a healthy sink does not fail;
 *   - diagnostics written as text and as JSON are one line each, valid;
 *   - every emitter's output is valid UTF-8; json/jsonl output is valid
 *     JSON, xml output is well-formed XML, csv quoting is consistent.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "ptconv.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* No function of the harness is coverage-instrumented (ASan and UBSan
   still are): its branches say nothing about the library, and as features
   they would only make the fuzzer keep inputs that are new to a checker.
   It must cover the whole file: a checker inlined into an instrumented
   caller is instrumented again, and its trace-cmp hooks cost more than
   the check. */
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

#define OPTION_BYTES 3u
/* Below this every emitter runs on each input; above it only the chosen
   one, so large inputs do not slow the search down sixfold. */
#define ALL_EMITTERS_BELOW 4096u
/* Bounds the JSON checker's recursion: the contract nests 7 deep, so a
   deeper text is broken anyway and must not overflow the stack. */
#define JSON_MAX_DEPTH 64
/* The dearer cross-checks run on a deterministic sample of inputs, chosen
   by a hash of the whole input (options included) so that a replay of the
   same bytes decides the same, and libFuzzer sees one behaviour per input.
   PTC_FUZZ_ALL_CHECKS=1 (fuzz_replay sets it) runs all of them on every
   input. Each sample reads its own bits of the hash, so they are
   independent. See docs/fuzzing.md, "Speed".
   - libxml2 parses the xml output of one input in XML_DEEP_EVERY (every
     xml output gets the cheap check);
   - the second, chunked parse (chunking invariance) runs on one input in
     CHUNKED_EVERY, and on every input whose chunk byte asks for chunks
     smaller than CHUNKED_ALWAYS_BELOW: those split every UTF-8 sequence
     and CRLF, where a chunking bug would be, and the fuzzer can steer to
     them by mutating that byte;
   - every other emitter (and the diagnostics in both forms) writes the
     documents of one input in OTHERS_EVERY; the chosen one always does,
     and byte 0 reaches every emitter. */
#define XML_DEEP_EVERY 16u
#define CHUNKED_EVERY 8u
#define CHUNKED_ALWAYS_BELOW 16u
#define OTHERS_EVERY 8u

/* Report which property broke before trapping, so a crash log is readable
   without a debugger. */
#define REQUIRE(cond, ...)                                                                  \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz_ptconv: property violated: %s (%s:%d)\n", #cond, __FILE__, \
                    __LINE__);                                                              \
            fprintf(stderr, "fuzz_ptconv: " __VA_ARGS__);                                   \
            fputc('\n', stderr);                                                            \
            __builtin_trap();                                                               \
        }                                                                                   \
    } while (0)

typedef struct fuzz_options {
    size_t emitter_index;
    ptc_emit_options emit;
    bool check;
    size_t chunk; /* 0: whole */
    const char *encoding;
} fuzz_options;

static fuzz_options decode_options(const uint8_t *opt, size_t emitter_count) {
    static const char *const encodings[] = {NULL, "UTF-8", "GB18030", "UTF-16LE"};
    fuzz_options o;
    memset(&o, 0, sizeof o);
    o.emit.compact = opt[0] & 1u;
    o.emit.fragment = opt[0] & 2u;
    o.emit.bom = opt[0] & 4u;
    o.check = opt[0] & 8u;
    o.emitter_index = (size_t)(opt[0] >> 4) % emitter_count;
    o.chunk = opt[1];
    o.encoding = encodings[opt[2] % 4u];
    return o;
}


/* ------------------------------------------------------------------------ */
/* UTF-8                                                                     */
/* ------------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s[0], or 0. Strict RFC 3629: no
   overlongs, no surrogates, nothing above U+10FFFF. */
static size_t utf8_sequence_len(const unsigned char *s, size_t len) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (len <= n) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t k = 2; k <= n; k++)
        if ((s[k] & 0xC0u) != 0x80u) return 0;
    return n + 1;
}

/* NUL is allowed: the model may carry NULs from the input. */
static bool utf8_valid(const unsigned char *s, size_t len) {
    for (size_t i = 0, n; i < len; i += n)
        if (!(n = utf8_sequence_len(s + i, len - i))) return false;
    return true;
}

/* The input as a C string of valid UTF-8 ('?' for each bad byte), for
   options that are strings; stops at a NUL like any C string would. */
static char *utf8_cstring(const uint8_t *s, size_t len) {
    char *out = malloc(len + 1);
    REQUIRE(out != NULL, "out of memory");
    size_t o = 0;
    for (size_t i = 0, n; i < len && s[i]; i += n) {
        if ((n = utf8_sequence_len(s + i, len - i))) {
            memcpy(out + o, s + i, n);
            o += n;
        } else {
            out[o++] = '?';
            n = 1;
        }
    }
    out[o] = '\0';
    return out;
}

/* ------------------------------------------------------------------------ */
/* Model walk: checks invariants and digests every field                    */
/* ------------------------------------------------------------------------ */

typedef struct digest {
    uint64_t h;
    /* Check each string's UTF-8 too; off for the chunked run, whose model
       must digest the same as the whole run's, already checked. */
    bool validate;
} digest;

static void mix(digest *d, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        d->h ^= b[i];
        d->h *= 0x100000001b3ull; /* FNV-1a */
    }
}

static void mix_u64(digest *d, uint64_t v) { mix(d, &v, sizeof v); }

static void walk_str(digest *d, ptc_str s) {
    if (!s.s) {
        REQUIRE(s.len == 0, "an absent string has length %zu", s.len);
        mix_u64(d, UINT64_MAX);
        return;
    }
    REQUIRE(!d->validate || utf8_valid((const unsigned char *)s.s, s.len),
            "a model string of %zu bytes is not UTF-8", s.len);
    mix_u64(d, s.len);
    mix(d, s.s, s.len);
}

static void walk_pos(digest *d, ptc_pos p) {
    mix_u64(d, p.line);
    mix_u64(d, p.col);
}

static void walk_text(digest *d, ptc_text t) {
    walk_str(d, t.str);
    walk_pos(d, t.pos);
}

static void walk_lines(digest *d, ptc_lines l) {
    mix_u64(d, l.first);
    mix_u64(d, l.last);
}

static void walk_opt_int(digest *d, ptc_opt_int v) {
    mix_u64(d, v.set);
    if (v.set) mix_u64(d, (uint64_t)v.value);
}

static void walk_opt_num(digest *d, ptc_opt_num v) {
    mix_u64(d, v.set);
    if (v.set) mix(d, &v.value, sizeof v.value);
}

static void walk_fields(digest *d, const ptc_field *f, size_t n) {
    REQUIRE(n == 0 || f, "%zu fields but no array", n);
    mix_u64(d, n);
    for (size_t i = 0; i < n; i++) {
        walk_text(d, f[i].label);
        walk_text(d, f[i].value);
    }
}

static void walk_texts(digest *d, const ptc_text *t, size_t n) {
    REQUIRE(n == 0 || t, "%zu texts but no array", n);
    mix_u64(d, n);
    for (size_t i = 0; i < n; i++) walk_text(d, t[i]);
}

static void walk_amount(digest *d, const ptc_amount *a) {
    mix_u64(d, a != NULL);
    if (!a) return;
    walk_text(d, a->text);
    walk_opt_num(d, a->value);
    walk_str(d, a->unit);
}

static void walk_date(digest *d, const char date[11]) {
    size_t n = strnlen(date, 11);
    REQUIRE(n == 0 || n == 10, "a period date is %zu bytes, not \"\" or YYYY-MM-DD", n);
    mix(d, date, n);
}

static void walk_indicator(digest *d, const ptc_indicator *ind) {
    walk_texts(d, ind->path, ind->path_len);
    walk_text(d, ind->name);
    walk_text(d, ind->value.text);
    walk_opt_num(d, ind->value.number);
    REQUIRE(ind->value.comparator <= PTC_CMP_EQ, "comparator %d out of range",
            (int)ind->value.comparator);
    REQUIRE((ind->value.comparator == PTC_CMP_NONE) ==
                (ptc_comparator_symbol(ind->value.comparator) == NULL),
            "comparator %d has the wrong symbol", (int)ind->value.comparator);
    mix_u64(d, ind->value.comparator);
    walk_text(d, ind->unit);
    walk_fields(d, ind->extra, ind->extra_len);
    mix_u64(d, ind->line);
}

static void walk_table(digest *d, const ptc_table *t) {
    walk_opt_int(d, t->seq);
    REQUIRE(t->kind <= PTC_TABLE_OVERALL, "table kind %d out of range", (int)t->kind);
    REQUIRE(ptc_table_kind_name(t->kind) != NULL, "table kind %d has no name", (int)t->kind);
    mix_u64(d, t->kind);
    walk_text(d, t->title);
    walk_opt_int(d, t->year);
    walk_pos(d, t->year_pos);
    walk_lines(d, t->lines);
    walk_text(d, t->applicant);
    walk_text(d, t->project_name);
    walk_text(d, t->department);
    walk_text(d, t->executing_unit);
    walk_text(d, t->project_type);
    mix_u64(d, t->period != NULL);
    if (t->period) {
        walk_text(d, t->period->text);
        walk_date(d, t->period->start);
        walk_date(d, t->period->end);
    }
    walk_amount(d, t->funds);
    walk_text(d, t->annual_goal);
    REQUIRE(t->indicators_len == 0 || t->indicators, "%zu indicators but no array",
            t->indicators_len);
    mix_u64(d, t->indicators_len);
    for (size_t i = 0; i < t->indicators_len; i++) walk_indicator(d, &t->indicators[i]);
    for (size_t i = 0; i < t->columns_len; i++) walk_text(d, t->columns[i].header);
    walk_text(d, t->notes);
    walk_fields(d, t->fields, t->fields_len);
}

static void walk_document(digest *d, const ptc_document *doc) {
    walk_str(d, doc->source);
    walk_lines(d, doc->lines);
    walk_text(d, doc->title);
    mix_u64(d, doc->summary != NULL);
    if (doc->summary) {
        const ptc_summary *s = doc->summary;
        walk_text(d, s->text);
        walk_opt_int(d, s->year);
        walk_text(d, s->organization);
        walk_opt_int(d, s->project_count);
        walk_amount(d, s->total_funds);
    }
    REQUIRE(doc->units_len == 0 || doc->units, "%zu units but no array", doc->units_len);
    mix_u64(d, doc->units_len);
    for (size_t i = 0; i < doc->units_len; i++) {
        walk_opt_int(d, doc->units[i].seq);
        walk_text(d, doc->units[i].name);
        walk_opt_int(d, doc->units[i].project_count);
        mix_u64(d, doc->units[i].line);
    }
    REQUIRE(doc->tables_len == 0 || doc->tables, "%zu tables but no array", doc->tables_len);
    mix_u64(d, doc->tables_len);
    for (size_t i = 0; i < doc->tables_len; i++) walk_table(d, &doc->tables[i]);
    REQUIRE(doc->diags_len == 0 || doc->diags, "%zu diagnostics but no array", doc->diags_len);
    mix_u64(d, doc->diags_len);
    for (size_t i = 0; i < doc->diags_len; i++) {
        const ptc_diag *g = &doc->diags[i];
        REQUIRE(g->severity <= PTC_SEV_ERROR, "severity %d out of range", (int)g->severity);
        REQUIRE(ptc_severity_name(g->severity) != NULL, "severity %d has no name",
                (int)g->severity);
        REQUIRE(g->code && *g->code, "a diagnostic without a code");
        mix_u64(d, g->severity);
        mix(d, g->code, strlen(g->code));
        walk_pos(d, g->pos);
        walk_str(d, g->message);
    }
}

/* ------------------------------------------------------------------------ */
/* Output checks                                                             */
/* ------------------------------------------------------------------------ */

typedef struct json_reader {
    const unsigned char *p, *end;
} json_reader;

static void json_ws(json_reader *r) {
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static bool json_literal(json_reader *r, const char *lit) {
    size_t n = strlen(lit);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, lit, n) != 0) return false;
    r->p += n;
    return true;
}

static bool json_digits(json_reader *r) {
    const unsigned char *start = r->p;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
    return r->p > start;
}

static bool json_number(json_reader *r) {
    if (r->p < r->end && *r->p == '-') r->p++;
    if (r->p < r->end && *r->p == '0')
        r->p++;
    else if (!json_digits(r))
        return false;
    if (r->p < r->end && *r->p == '.') {
        r->p++;
        if (!json_digits(r)) return false;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-')) r->p++;
        if (!json_digits(r)) return false;
    }
    return true;
}

static bool is_hex(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Checks the UTF-8 too: outside strings the grammar allows only ASCII, so
   a JSON text that passes is valid UTF-8 without a separate pass. */
static bool json_string(json_reader *r) {
    if (r->p >= r->end || *r->p != '"') return false;
    r->p++;
    while (r->p < r->end) {
        unsigned char c = *r->p++;
        if (c == '"') return true;
        if (c < 0x20) return false;
        if (c >= 0x80) {
            size_t n = utf8_sequence_len(r->p - 1, (size_t)(r->end - r->p) + 1);
            if (!n) return false;
            r->p += n - 1;
            continue;
        }
        if (c != '\\') continue;
        if (r->p >= r->end) return false;
        c = *r->p++;
        if (c == 'u') {
            if (r->end - r->p < 4) return false;
            for (int i = 0; i < 4; i++)
                if (!is_hex(r->p[i])) return false;
            r->p += 4;
        } else if (!strchr("\"\\/bfnrt", c) || c == 0) {
            return false;
        }
    }
    return false;
}

static bool json_value(json_reader *r, int depth) {
    if (depth > JSON_MAX_DEPTH) return false;
    json_ws(r);
    if (r->p >= r->end) return false;
    unsigned char c = *r->p;
    if (c == '"') return json_string(r);
    if (c == '{' || c == '[') {
        bool object = c == '{';
        unsigned char close = object ? '}' : ']';
        r->p++;
        json_ws(r);
        if (r->p < r->end && *r->p == close) {
            r->p++;
            return true;
        }
        for (;;) {
            if (object) {
                json_ws(r);
                if (!json_string(r)) return false;
                json_ws(r);
                if (r->p >= r->end || *r->p != ':') return false;
                r->p++;
            }
            if (!json_value(r, depth + 1)) return false;
            json_ws(r);
            if (r->p >= r->end) return false;
            if (*r->p == close) {
                r->p++;
                return true;
            }
            if (*r->p != ',') return false;
            r->p++;
        }
    }
    if (c == 't') return json_literal(r, "true");
    if (c == 'f') return json_literal(r, "false");
    if (c == 'n') return json_literal(r, "null");
    return json_number(r);
}

/* Exactly one JSON value, surrounded by optional whitespace. */
static bool json_text_valid(const char *data, size_t len) {
    json_reader r = {(const unsigned char *)data, (const unsigned char *)data + len};
    if (!json_value(&r, 0)) return false;
    json_ws(&r);
    return r.p == r.end;
}

static void check_json(const char *data, size_t len) {
    REQUIRE(json_text_valid(data, len),
            "json output (%zu bytes) is not one valid JSON text in UTF-8", len);
}

/* JSON Lines: every line is one JSON value; the last newline is optional. */
static void check_jsonl(const char *data, size_t len) {
    size_t start = 0, lineno = 1;
    while (start < len) {
        const char *nl = memchr(data + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - data) : len;
        REQUIRE(json_text_valid(data + start, end - start), "jsonl output line %zu is not JSON in UTF-8",
                lineno);
        start = end + 1;
        lineno++;
    }
}

/* A cheap well-formedness check for every xml output (libxml2 parses a
   sample, see check_output): XML 1.0 characters (the UTF-8 is checked
   before), '<' only as markup and never in an attribute value, '&' only as
   a predefined or character reference, "]]>" never in text, comments, PIs
   and CDATA closed, start and end tags balanced and named alike, one root
   element. It leaves to libxml2 what the emitter's xmlTextWriter cannot get
   wrong: name characters, duplicate attributes, the DTD. */
#define XML_MAX_DEPTH 256

static bool xml_name_char(unsigned char c) {
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '-' || c == '.';
}

static size_t xml_reference(const unsigned char *s, size_t i, size_t len) {
    static const char *const named[] = {"&lt;", "&gt;", "&amp;", "&quot;", "&apos;"};
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t n = strlen(named[k]);
        if (len - i >= n && memcmp(s + i, named[k], n) == 0) return n;
    }
    size_t j = i + 1;
    REQUIRE(j < len && s[j] == '#', "xml: '&' at byte %zu starts no reference", i);
    bool hex = ++j < len && s[j] == 'x';
    j += hex;
    size_t digits = 0;
    unsigned long cp = 0;
    for (; j < len && s[j] != ';' && digits < 8; j++, digits++) {
        unsigned char c = s[j];
        unsigned v = c >= '0' && c <= '9'   ? c - 0x30u
                     : hex && c >= 'a' && c <= 'f' ? c - 0x61u + 10u
                     : hex && c >= 'A' && c <= 'F' ? c - 0x41u + 10u
                                                   : 99u;
        REQUIRE(v < 99u, "xml: bad character reference at byte %zu", i);
        cp = cp * (hex ? 16 : 10) + v;
    }
    REQUIRE(digits > 0 && j < len && s[j] == ';', "xml: bad character reference at byte %zu", i);
    REQUIRE(cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF),
            "xml: character reference to U+%04lX at byte %zu is not an XML character", cp, i);
    return j + 1 - i;
}

/* Position just past `end` (a C string) from i on, or fails. */
static size_t xml_skip_to(const unsigned char *s, size_t i, size_t len, const char *end,
                          const char *what) {
    size_t n = strlen(end);
    for (; i + n <= len; i++)
        if (memcmp(s + i, end, n) == 0) return i + n;
    REQUIRE(false, "xml: an unclosed %s", what);
    return len;
}

static void check_xml_cheap(const char *data, size_t len) {
    const unsigned char *s = (const unsigned char *)data;
    struct {
        const unsigned char *name;
        size_t len;
    } open[XML_MAX_DEPTH];
    size_t depth = 0, roots = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        REQUIRE(c >= 0x20 || c == '\t' || c == '\n' || c == '\r',
                "xml: control character 0x%02x at byte %zu", c, i);
        REQUIRE(!(c == 0xEF && i + 2 < len && s[i + 1] == 0xBF && s[i + 2] >= 0xBE),
                "xml: U+FFFE or U+FFFF at byte %zu", i);
        if (c == '&') {
            i += xml_reference(s, i, len);
            continue;
        }
        if (c == ']') {
            REQUIRE(!(len - i >= 3 && memcmp(s + i, "]]>", 3) == 0), "xml: \"]]>\" in text at byte %zu",
                    i);
        }
        if (c != '<') {
            REQUIRE(depth > 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r',
                    "xml: text outside the root element at byte %zu", i);
            i++;
            continue;
        }
        if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            i = xml_skip_to(s, i + 4, len, "-->", "comment");
            continue;
        }
        if (len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
            REQUIRE(depth > 0, "xml: CDATA outside the root element at byte %zu", i);
            i = xml_skip_to(s, i + 9, len, "]]>", "CDATA section");
            continue;
        }
        if (len - i >= 2 && (s[i + 1] == '?' || s[i + 1] == '!')) {
            REQUIRE(depth == 0, "xml: a PI or declaration inside an element at byte %zu", i);
            i = xml_skip_to(s, i + 2, len, s[i + 1] == '?' ? "?>" : ">", "declaration");
            continue;
        }
        bool end_tag = i + 1 < len && s[i + 1] == '/';
        size_t name = i + 1 + end_tag, j = name;
        while (j < len && xml_name_char(s[j])) j++;
        REQUIRE(j > name, "xml: '<' at byte %zu starts no tag", i);
        size_t name_len = j - name;
        /* attributes: quoted values without '<', references checked */
        char quote = 0;
        for (; j < len && (quote || s[j] != '>'); j++) {
            if (quote) {
                REQUIRE(s[j] != '<', "xml: '<' in an attribute value at byte %zu", j);
                REQUIRE(s[j] >= 0x20 || s[j] == '\t' || s[j] == '\n' || s[j] == '\r',
                        "xml: control character 0x%02x at byte %zu", s[j], j);
                if (s[j] == '&') j += xml_reference(s, j, len) - 1;
                else if (s[j] == quote) quote = 0;
            } else if (s[j] == '"' || s[j] == '\'') {
                quote = (char)s[j];
            } else {
                REQUIRE(s[j] != '<' && s[j] != '&', "xml: 0x%02x inside a tag at byte %zu", s[j], j);
            }
        }
        REQUIRE(j < len, "xml: an unclosed tag at byte %zu", i);
        bool empty = s[j - 1] == '/' && !end_tag;
        if (end_tag) {
            REQUIRE(depth > 0 && open[depth - 1].len == name_len &&
                        memcmp(open[depth - 1].name, s + name, name_len) == 0,
                    "xml: the end tag at byte %zu closes no open element of its name", i);
            depth--;
        } else {
            if (depth == 0) roots++;
            REQUIRE(roots <= 1, "xml: a second root element at byte %zu", i);
            if (!empty) {
                REQUIRE(depth < XML_MAX_DEPTH, "xml: elements nested over %d deep", XML_MAX_DEPTH);
                open[depth].name = s + name;
                open[depth].len = name_len;
                depth++;
            }
        }
        i = j + 1;
    }
    REQUIRE(depth == 0 && roots == 1, "xml: %zu elements left open, %zu root elements", depth,
            roots);
}

/* libxml2's parser over the output with no handler: it checks the whole
   of well-formedness (namespaces too: an empty SAX2 handler keeps SAX2
   mode) without building a tree, which took ~1,400 allocations per
   document read. */
static void check_xml(const char *data, size_t len) {
    REQUIRE(len <= INT32_MAX, "xml output too large to check");
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, "fuzz.xml");
    REQUIRE(ctxt != NULL, "libxml2: cannot create a parser");
    REQUIRE(xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                        XML_PARSE_HUGE) == 0,
            "libxml2: options refused");
    int rc = xmlParseChunk(ctxt, data, (int)len, 1);
    bool well_formed = rc == 0 && ctxt->wellFormed;
    if (!well_formed) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        fprintf(stderr, "fuzz_ptconv: libxml2: line %d: %s", e ? e->line : 0,
                e && e->message ? e->message : "(no message)\n");
    }
    xmlFreeParserCtxt(ctxt);
    REQUIRE(well_formed, "xml output (%zu bytes) is not well-formed", len);
}

/* RFC 4180 quoting: a quoted field doubles its quotes and ends at a
   delimiter; an unquoted one contains no quote. Delimiter and record shape
   are the emitter's business. */
static void check_csv(const char *data, size_t len) {
    size_t i = 0;
    bool field_start = true;
    while (i < len) {
        char c = data[i];
        if (field_start && c == '"') {
            i++;
            for (;;) {
                REQUIRE(i < len, "csv output ends inside a quoted field");
                if (data[i] == '"') {
                    if (i + 1 < len && data[i + 1] == '"') {
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                i++;
            }
            REQUIRE(i == len || data[i] == ',' || data[i] == '\n' || data[i] == '\r' ||
                        data[i] == '\t' || data[i] == ';',
                    "csv: a quoted field is followed by 0x%02x at byte %zu",
                    (unsigned char)data[i], i);
            field_start = false;
            continue;
        }
        REQUIRE(c != '"', "csv: a bare quote inside an unquoted field at byte %zu", i);
        field_start = c == ',' || c == '\n' || c == '\r' || c == '\t' || c == ';';
        i++;
    }
}

/* `deep`: also parse xml output with libxml2 (a tenth of the run's cost
   when done on every input; see LLVMFuzzerTestOneInput). */
static void check_output(const char *format, const char *data, size_t len, bool deep) {
    bool json = strcmp(format, "json") == 0 || strcmp(format, "jsonl") == 0;
    /* the JSON checker checks the UTF-8 as it goes */
    REQUIRE(json || utf8_valid((const unsigned char *)data, len),
            "%s output (%zu bytes) is not UTF-8", format, len);
    if (strcmp(format, "json") == 0)
        check_json(data, len);
    else if (strcmp(format, "jsonl") == 0)
        check_jsonl(data, len);
    else if (strcmp(format, "xml") == 0) {
        check_xml_cheap(data, len);
        if (deep) check_xml(data, len);
    }
    else if (strcmp(format, "csv") == 0)
        check_csv(data, len);
}


/* ------------------------------------------------------------------------ */
/* One conversion                                                            */
/* ------------------------------------------------------------------------ */

/* Growable byte buffer behind a callback sink. */
typedef struct bytes {
    char *data;
    size_t len, cap;
} bytes;

static int bytes_append(void *ud, const char *data, size_t len) {
    bytes *b = ud;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len) cap *= 2;
        char *grown = realloc(b->data, cap);
        REQUIRE(grown != NULL, "out of memory");
        b->data = grown;
        b->cap = cap;
    }
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

typedef struct conversion {
    /* in */
    const ptc_emitter *emitter;
    const ptc_emit_options *emit;
    bool via_callback; /* a callback sink instead of a memory sink */
    bool write_diags;  /* also write every diagnostic, as text and as JSON */
    bool check;        /* run the checks in the callback, as `ptconv check` does */
    /* out */
    void *state; /* NULL: the emitter declined to open */
    ptc_sink *sink;
    bytes *collected; /* the callback sink's output */
    ptc_sink *diag_text, *diag_json; /* diag_text writes to diag_fp */
    FILE *diag_fp;
    char *diag_buf;
    size_t diag_size;
    bool emit_failed;
    uint64_t documents;
    digest model;
    int feed_rc, finish_rc;
    ptc_parse_stats stats;
    const char *encoding, *encoding_how;
    /* Other emitters written from the same parse (memory sinks): the parse
       dominates the cost, so one parse feeds every emitter. */
    struct conversion *others;
    size_t n_others;
} conversion;

static int on_document(const ptc_document *doc, void *ud) {
    conversion *c = ud;
    c->documents++;
    if (c->check)
        REQUIRE(ptc_check_document((ptc_document *)doc) == 0, "ptc_check_document failed");
    walk_document(&c->model, doc);
    if (c->write_diags) {
        for (size_t i = 0; i < doc->diags_len; i++) {
            ptc_diag_write(c->diag_text, doc->source, &doc->diags[i]);
            ptc_diag_write_json(c->diag_json, doc->source, &doc->diags[i]);
        }
    }
    for (size_t i = 0; i < c->n_others; i++) {
        conversion *o = &c->others[i];
        if (o->state && !o->emit_failed && o->emitter->document(o->state, doc) != 0)
            o->emit_failed = true;
    }
    if (c->state && c->emitter->document(c->state, doc) != 0) {
        c->emit_failed = true;
        return 1;
    }
    return 0;
}

static const char *output_of(const conversion *c, size_t *len) {
    if (!c->via_callback) return ptc_sink_memory_data(c->sink, len);
    *len = c->collected->len;
    return c->collected->data;
}

static size_t count_lines(const char *text, size_t n) {
    size_t lines = 0;
    for (size_t k = 0; k < n; k++) lines += text[k] == '\n';
    return lines;
}

/* Every diagnostic is one line in both forms; the JSON ones are JSON. */
static void check_diags(conversion *c) {
    REQUIRE(ptc_sink_flush(c->diag_text) == 0 && ptc_sink_flush(c->diag_json) == 0,
            "a diagnostics sink failed");
    REQUIRE(fflush(c->diag_fp) == 0, "open_memstream failed");
    size_t text_len = c->diag_size, json_len;
    const char *text = c->diag_buf, *json = ptc_sink_memory_data(c->diag_json, &json_len);
    REQUIRE(utf8_valid((const unsigned char *)text, text_len), "text diagnostics are not UTF-8");
    /* check_jsonl below checks the JSON ones' UTF-8 */
    REQUIRE(text_len == 0 || text[text_len - 1] == '\n', "text diagnostics end mid-line");
    REQUIRE(json_len == 0 || json[json_len - 1] == '\n', "JSON diagnostics end mid-line");
    check_jsonl(json, json_len);
    size_t text_lines = count_lines(text, text_len), json_lines = count_lines(json, json_len);
    REQUIRE(text_lines == json_lines, "%zu text diagnostic lines, %zu JSON ones", text_lines,
            json_lines);
}

static void convert(conversion *c, const fuzz_options *o, const uint8_t *in, size_t len,
                    size_t chunk) {
    c->model.h = 0xcbf29ce484222325ull;
    c->model.validate = !c->via_callback;
    if (c->via_callback) {
        /* One buffer for every run's callback sink, grown once: no realloc
           churn per input. Reachable at exit, so never a leak. */
        static bytes shared;
        shared.len = 0;
        c->collected = &shared;
    }
    c->sink = c->via_callback ? ptc_sink_callback(bytes_append, c->collected) : ptc_sink_memory();
    REQUIRE(c->sink != NULL, "creating a sink failed");
    if (c->write_diags) {
        /* A stdio stream, so the file sink is exercised too. */
        c->diag_fp = open_memstream(&c->diag_buf, &c->diag_size);
        REQUIRE(c->diag_fp != NULL, "open_memstream failed");
        c->diag_text = ptc_sink_file(c->diag_fp);
        c->diag_json = ptc_sink_memory();
        REQUIRE(c->diag_text && c->diag_json, "creating a sink failed");
    }
    c->state = c->emitter->open(c->sink, c->emit);
    for (size_t i = 0; i < c->n_others; i++) {
        conversion *x = &c->others[i];
        x->sink = ptc_sink_memory();
        REQUIRE(x->sink != NULL, "creating a sink failed");
        x->state = x->emitter->open(x->sink, x->emit);
    }
    ptc_parse_options po = {.source = "fuzz", .encoding = o->encoding};
    c->check = o->check;
    ptc_parser *p = ptc_parser_new(&po, on_document, c);
    REQUIRE(p != NULL, "ptc_parser_new failed");
    c->feed_rc = PTC_OK;
    if (chunk == 0) {
        chunk = len ? len : 1;
    } else {
        /* An empty push is legal at any point and must change nothing. */
        c->feed_rc = ptc_parser_feed(p, in, 0);
    }
    for (size_t off = 0; off < len && c->feed_rc == PTC_OK; off += chunk)
        c->feed_rc = ptc_parser_feed(p, in + off, len - off < chunk ? len - off : chunk);
    c->finish_rc = c->feed_rc == PTC_OK ? ptc_parser_finish(p) : PTC_OK;
    ptc_parser_stats(p, &c->stats);
    if (c->feed_rc == PTC_OK && c->finish_rc == PTC_OK) {
        REQUIRE(ptc_parser_feed(p, in, len) == PTC_ERR_STATE, "feed after finish was accepted");
        REQUIRE(ptc_parser_finish(p) == PTC_ERR_STATE, "a second finish was accepted");
        REQUIRE(c->documents == c->stats.documents, "a document came after finish");
    }
    c->encoding = ptc_parser_encoding(p, &c->encoding_how);
    bool ok = c->feed_rc == PTC_OK && c->finish_rc == PTC_OK && !c->emit_failed;
    REQUIRE(ok || c->emit_failed, "the parser failed: feed %d, finish %d", c->feed_rc,
            c->finish_rc);
    REQUIRE(c->stats.documents == c->documents, "stats count %llu documents, callback saw %llu",
            (unsigned long long)c->stats.documents, (unsigned long long)c->documents);
    REQUIRE(c->stats.bytes == len, "stats count %llu bytes of %zu",
            (unsigned long long)c->stats.bytes, len);
    if (c->state && c->emitter->close(c->state, ok) != 0) c->emit_failed = true;
    for (size_t i = 0; i < c->n_others; i++) {
        conversion *x = &c->others[i];
        if (x->state && x->emitter->close(x->state, ok && !x->emit_failed) != 0) x->emit_failed = true;
        REQUIRE(!x->emit_failed || ptc_sink_error(x->sink) != 0,
                "the %s emitter failed on a healthy sink", x->emitter->name);
        REQUIRE(ptc_sink_flush(x->sink) == 0, "sink error %d", ptc_sink_error(x->sink));
    }
    REQUIRE(!c->emit_failed || ptc_sink_error(c->sink) != 0,
            "the %s emitter failed on a healthy sink", c->emitter->name);
    REQUIRE(ptc_sink_flush(c->sink) == 0, "sink error %d", ptc_sink_error(c->sink));
    if (c->write_diags) check_diags(c);
    /* A forced encoding's name belongs to the parser: keep copies to
       compare the two runs after it is freed. */
    const char *encoding = c->encoding, *how = c->encoding_how;
    c->encoding = encoding ? strdup(encoding) : NULL;
    c->encoding_how = how ? strdup(how) : NULL;
    REQUIRE((c->encoding != NULL) == (encoding != NULL) && (c->encoding_how != NULL) == (how != NULL),
            "out of memory");
    ptc_parser_free(p);
}

static void conversion_free(conversion *c) {
    free((char *)c->encoding);
    free((char *)c->encoding_how);
    ptc_sink_free(c->sink);
    ptc_sink_free(c->diag_text);
    ptc_sink_free(c->diag_json);
    if (c->diag_fp) fclose(c->diag_fp);
    free(c->diag_buf);
    /* the callback buffer is shared (see convert) */
}

static bool same_cstr(const char *a, const char *b) {
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void require_same(const conversion *whole, const conversion *chunked, size_t chunk) {
    REQUIRE(whole->model.h == chunked->model.h, "the model differs when fed in %zu-byte chunks",
            chunk);
    REQUIRE(memcmp(&whole->stats, &chunked->stats, sizeof whole->stats) == 0,
            "parse stats differ when fed in %zu-byte chunks", chunk);
    REQUIRE(same_cstr(whole->encoding, chunked->encoding) &&
                same_cstr(whole->encoding_how, chunked->encoding_how),
            "encoding %s (%s) whole, %s (%s) in %zu-byte chunks",
            whole->encoding ? whole->encoding : "-", whole->encoding_how ? whole->encoding_how : "-",
            chunked->encoding ? chunked->encoding : "-",
            chunked->encoding_how ? chunked->encoding_how : "-", chunk);
    REQUIRE((whole->state == NULL) == (chunked->state == NULL), "the emitter opened only once");
    size_t a_len, b_len;
    const char *a = output_of(whole, &a_len);
    const char *b = output_of(chunked, &b_len);
    REQUIRE(a_len == b_len && (a_len == 0 || memcmp(a, b, a_len) == 0),
            "%s output differs when fed in %zu-byte chunks (%zu vs %zu bytes)",
            whole->emitter->name, chunk, a_len, b_len);
}

static void check_conversion(const conversion *c, bool deep) {
    if (!c->state) return;
    size_t n;
    const char *out = output_of(c, &n);
    check_output(c->emitter->name, out, n, deep);
}

/* PTC_FUZZ_ALL_CHECKS=1 (or the older name PTC_FUZZ_XML_ALL=1): every
   sampled check runs on every input (fuzz_replay sets it: the regression
   test runs few inputs, and must keep full power). */
static bool all_checks;

static bool env_is_1(const char *name) {
    const char *v = getenv(name);
    return v && strcmp(v, "1") == 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    all_checks = env_is_1("PTC_FUZZ_ALL_CHECKS") || env_is_1("PTC_FUZZ_XML_ALL");
    /* libxml2 keeps global state; initialise it once, outside any input, so
       it is never mistaken for a per-input leak. */
    xmlInitParser();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < OPTION_BYTES) return 0;
    size_t count;
    const ptc_emitter *const *emitters = ptc_emitters(&count);
    REQUIRE(count > 0, "the registry is empty");
    fuzz_options o = decode_options(data, count);
    const uint8_t *in = data + OPTION_BYTES;
    size_t len = size - OPTION_BYTES;

    /* The bom flag also turns on html's page options, with the input text
       as title, stylesheet, stylesheet URL and template: only csv reads
       `bom` and only html reads these, so one bit drives both. */
    char *page = NULL;
    if (o.emit.bom) {
        page = utf8_cstring(in, len);
        o.emit.title = o.emit.css = o.emit.css_href = page;
        /* Template mode is a different code path; take it only when the
           text has a placeholder, so the plain page keeps its share. */
        if (strstr(page, "{{")) o.emit.template_text = page;
    }

    /* One hash of the whole input decides every sample (see
       XML_DEEP_EVERY): the same bytes always run the same checks. */
    digest h = {0xcbf29ce484222325ull, false};
    mix(&h, data, size);
    bool deep = all_checks || h.h % XML_DEEP_EVERY == 0;
    bool chunked_run = all_checks || (h.h >> 8) % CHUNKED_EVERY == 0 ||
                       (o.chunk > 0 && o.chunk < CHUNKED_ALWAYS_BELOW);
    bool all_emitters = all_checks || (h.h >> 16) % OTHERS_EVERY == 0;

    /* Small inputs, when sampled: every other emitter writes the whole
       run's documents too (one parse for all of them). */
    conversion others[16];
    size_t n_others = 0;
    if (all_emitters && len < ALL_EMITTERS_BELOW)
        for (size_t i = 0; i < count && n_others < sizeof others / sizeof others[0]; i++)
            if (i != o.emitter_index)
                others[n_others++] = (conversion){.emitter = emitters[i], .emit = &o.emit};
    conversion whole = {.emitter = emitters[o.emitter_index], .emit = &o.emit,
                        .write_diags = all_emitters, .others = others, .n_others = n_others};
    convert(&whole, &o, in, len, 0);
    if (chunked_run) {
        conversion chunked = {.emitter = whole.emitter, .emit = &o.emit, .via_callback = true};
        convert(&chunked, &o, in, len, o.chunk);
        require_same(&whole, &chunked, o.chunk);
        conversion_free(&chunked);
    }
    check_conversion(&whole, deep);
    conversion_free(&whole);
    for (size_t i = 0; i < n_others; i++) {
        check_conversion(&others[i], deep);
        conversion_free(&others[i]);
    }
    free(page);
    return 0;
}

#if defined(__clang__)
#pragma clang attribute pop
#endif

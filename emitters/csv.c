/*
 * CSV (RFC 4180): one record per indicator, the table it belongs to as the
 * leading columns, for spreadsheets and data tools.
 *
 * Columns, in this order (the header record is written first):
 *
 *   source, document, table_seq, applicant, project_name, project_type,
 *   funds_value, level_1, level_2, level_3, level_4, name, value_text,
 *   number, comparator, unit, extra, value_unit, approximate
 *
 * value_unit and approximate came later (value.unit, value.approximate of
 * the JSON): they are appended, so a reader of the earlier columns by
 * position reads what it read before. approximate is "true" or "false".
 *
 * Design choices, each made so the output streams (memory does not grow
 * with the input) and loses nothing a row could hold:
 *
 * - The header must be written before the first document is seen, so the
 *   number of category columns is fixed: CSV_LEVELS (4) columns level_1 …
 *   level_4 hold path[0] … path[3]. A deeper path puts its 4th and further
 *   levels into level_4 joined by " / ". Path cells never contain whitespace
 *   (the parser removes it), so " / " cannot occur inside a level and the
 *   join is unambiguous. A level column is empty both when the path is
 *   shorter and when the category cell was empty.
 * - `document` is the 1-based number of the document in this output:
 *   table_seq starts again at 1 in every document, so source + table_seq
 *   alone would not tell the documents of one input apart.
 * - `extra` holds the indicator's further columns (those the form has
 *   beyond levels, name, value and unit, e.g. a self-evaluation's 实际完成值)
 *   as a JSON object of strings in column order, {"header":"cell",…};
 *   empty when there are none. Their set differs per table, so they cannot
 *   be columns of a stream with one header.
 * - Numbers (funds_value, number) are written with ptc_format_number(), the
 *   same shortest round-trip form as in JSON; comparator is "ge", "le",
 *   "gt", "lt", "eq" (see below). An absent value (JSON null) and an empty string are both an
 *   empty field: CSV has no null.
 * - The rest of the model (summary, unit list, title, department, period,
 *   goal, notes, label fields, diagnostics) is not per indicator; it is in
 *   the json, xml and text formats. A table without indicators has no rows.
 *
 * Quoting: records end in CRLF. A field is quoted when it contains '"', ',',
 * CR, LF or any other control character, or starts or ends with a space
 * (spreadsheets trim unquoted spaces); a '"' inside is doubled. Text is
 * written byte for byte otherwise: a paragraph break stays a bare LF inside
 * the quoted field, as spreadsheets write multi-line cells.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that
 * starts with '=', '+', '-' or '@' (and, in some, TAB or CR) as a formula,
 * so a hostile announcement could make the file run commands. By default
 * such a cell gets a leading "'" (inside the quotes, when quoted), which
 * spreadsheets show as text and do not run. A cell that is a plain number
 * ("-0.5", "+10", "-3e2", "-5%") is left alone: it is data, and no formula;
 * so is a lone "-" or "+" (the source name of stdin, a usual "none" cell).
 * ptc_emit_options.csv_raw (ptconv --csv-raw) writes every cell unchanged,
 * for tools that read the CSV as data.
 *
 * The comparator column holds words, never symbols: "ge" (>=, ≥, 不低于),
 * "le" (<=), "gt" (>), "lt" (<), "eq" (=), so no cell of it can be taken as
 * a formula, raw or not.
 *
 * ptc_emit_options.bom writes the UTF-8 byte order mark (EF BB BF) first, so
 * Excel reads the file as UTF-8.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/numfmt.h"
#include "emitters/emitters.h"
#include "emitters/escape_scan.h"
#include "model/model.h"

#define CSV_LEVELS 4

static const char *const csv_header[] = {
    "source",  "document", "table_seq", "applicant", "project_name", "project_type",
    "funds_value", "level_1", "level_2", "level_3", "level_4", "name",
    "value_text", "number", "comparator", "unit", "extra", "value_unit", "approximate"};

/* A growing byte buffer for the cells that are assembled before they are
   quoted as a whole (the joined deep path, the extra object). Reused for
   every row, so it only ever holds one cell. */
typedef struct scratch {
    char *buf;
    size_t len, cap;
    bool failed;
} scratch;

typedef struct csv_writer {
    ptc_sink *out;
    bool raw; /* no formula neutralisation */
    unsigned long documents;
    scratch cell;
} csv_writer;

static void scratch_add(scratch *b, const char *s, size_t n) {
    if (b->failed || n == 0) return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n) cap *= 2;
        char *grown = realloc(b->buf, cap);
        if (!grown) {
            b->failed = true;
            return;
        }
        b->buf = grown;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
}

static void scratch_puts(scratch *b, const char *s) { scratch_add(b, s, strlen(s)); }

/* True for a byte that forces quoting wherever it is. */
static bool forces_quotes(unsigned char c) { return c == '"' || c == ',' || c < 0x20 || c == 0x7F; }

/* Nonzero when one of the 8 bytes of `x` forces quoting ('"', ',', below
   0x20, 0x7F). A borrow only runs towards higher bytes, so a flag may be
   wrong only above an exact one: nonzero exactly when one byte forces. */
static inline uint64_t forces8(uint64_t x) {
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
#define PTC_HASZERO(v) (((v) - ones) & ~(v) & high)
    uint64_t q = x ^ (ones * '"'), comma = x ^ (ones * ','), del = x ^ (ones * 0x7F);
    return ((x - ones * 0x20) & ~x & high) | PTC_HASZERO(q) | PTC_HASZERO(comma) | PTC_HASZERO(del);
#undef PTC_HASZERO
}

/* Whether any byte of s[0..len) forces quoting: nearly every cell is clean
   CJK text, so 16 (SSE2) or 8 bytes a step, the tail as a last, overlapping
   load, instead of a test per byte. */
static bool any_forces_quotes(const char *s, size_t len) {
    size_t i = 0;
#if defined(__SSE2__)
    if (len >= 16) {
        const __m128i x1f = _mm_set1_epi8(0x1F), dq = _mm_set1_epi8('"'), comma = _mm_set1_epi8(','),
                      del = _mm_set1_epi8(0x7F);
        for (;;) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i m = _mm_cmpeq_epi8(_mm_max_epu8(x, x1f), x1f); /* x <= 0x1F */
            m = _mm_or_si128(m, _mm_cmpeq_epi8(x, dq));
            m = _mm_or_si128(m, _mm_cmpeq_epi8(x, comma));
            m = _mm_or_si128(m, _mm_cmpeq_epi8(x, del));
            if (_mm_movemask_epi8(m)) return true;
            if (i + 16 == len) return false;
            i = len - i - 16 >= 16 ? i + 16 : len - 16;
        }
    }
#endif
    if (len >= 8) {
        for (;;) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (forces8(w)) return true;
            if (i + 8 == len) return false;
            i = len - i - 8 >= 8 ? i + 8 : len - 8;
        }
    }
    if (len >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + len - 4, 4);
        return forces8(((uint64_t)a << 32) | b) != 0;
    }
    for (; i < len; i++)
        if (forces_quotes((unsigned char)s[i])) return true;
    return false;
}

/* [+-]digits[.digits][e[+-]digits][%]: data a spreadsheet reads as a number. */
static bool plain_number(const char *s, size_t len) {
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) i++;
    while (i < len && s[i] >= '0' && s[i] <= '9') i++, digits++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') i++, digits++;
    }
    if (digits == 0) return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = ++i;
        if (i < len && (s[i] == '+' || s[i] == '-')) e = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
        if (i == e) return false;
    }
    if (i < len && s[i] == '%') i++;
    return i == len;
}

/* A cell a spreadsheet would evaluate: gets a leading ' unless raw. A lone
   "-" or "+" (stdin's source name, the usual "none" cell) has nothing to
   evaluate. */
static bool formula_like(const char *s, size_t len) {
    if (len == 0) return false;
    switch (s[0]) { /* strchr("=+-@\t\r") per cell was a tenth of the writer */
    case '=': case '+': case '-': case '@': case '\t': case '\r': break;
    default: return false;
    }
    if (len == 1 && (s[0] == '-' || s[0] == '+')) return false;
    return !plain_number(s, len);
}

/* The bytes that force quoting wherever they are, for escape_scan_clean. */
static const escape_scan_set csv_forcing = {0x20, 3, {'"', ',', 0x7F}};

static void put_field(const csv_writer *w, const char *s, size_t len) {
    ptc_sink *out = w->out;
    bool guard = !w->raw && formula_like(s, len);
    bool quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
    /* Nearly every field goes out as it is: copied while it is scanned,
       into room its whole-vector stores may overrun, instead of a scan and
       then a memcpy call; anything else (or a byte the scan stops at) takes
       the path below, the definition. */
    char *p;
    if (!guard && !quote && len && (p = ptc_sink_reserve(out, len + 16)) &&
        escape_scan_clean(p, (const unsigned char *)s, len, &csv_forcing) == len) {
        ptc_sink_commit(out, len);
        return;
    }
    quote = quote || any_forces_quotes(s, len);
    if (!quote) {
        if (guard) ptc_sink_putc(out, '\'');
        ptc_sink_write(out, s, len);
        return;
    }
    ptc_sink_putc(out, '"');
    if (guard) ptc_sink_putc(out, '\'');
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '"') continue;
        ptc_sink_write(out, s + run, i + 1 - run); /* up to and including the quote */
        ptc_sink_putc(out, '"');
        run = i + 1;
    }
    ptc_sink_write(out, s + run, len - run);
    ptc_sink_putc(out, '"');
}

static void put_str(const csv_writer *w, ptc_str s) {
    if (s.s) put_field(w, s.s, s.len);
}

/* The comparator column's words (see the top of this file). */
static const char *comparator_word(ptc_comparator c) {
    switch (c) {
    case PTC_CMP_GE: return "ge";
    case PTC_CMP_LE: return "le";
    case PTC_CMP_GT: return "gt";
    case PTC_CMP_LT: return "lt";
    case PTC_CMP_EQ: return "eq";
    default: return "";
    }
}

static void sep(ptc_sink *out) { ptc_sink_putc(out, ','); }

static void put_num(ptc_sink *out, ptc_opt_num v) {
    if (!v.set) return;
    char buf[32];
    size_t n = ptc_format_number_len(v.value, buf);
    ptc_sink_write(out, buf, n);
}

/* An integer without printf (one per row and column: document, table_seq). */
static void put_long(ptc_sink *out, long v) {
    char buf[24];
    ptc_sink_write(out, buf, (size_t)(ptc_put_long(buf, v) - buf));
}

/* Quotes the assembled cell as one field; -1 when assembling ran out of
   memory (the row would otherwise silently lose the cell). */
static int put_scratch(const csv_writer *w, scratch *b) {
    if (b->failed) return -1;
    put_field(w, b->buf ? b->buf : "", b->len);
    return 0;
}

static void json_string(scratch *b, ptc_str s) {
    scratch_add(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.s[i];
        if (c != '"' && c != '\\' && c >= 0x20 && c != 0x7F) continue;
        scratch_add(b, s.s + run, i - run);
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            scratch_add(b, esc, 2);
        } else if (c == '\n') {
            scratch_add(b, "\\n", 2);
        } else {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", c);
            scratch_add(b, esc, 6);
        }
        run = i + 1;
    }
    scratch_add(b, s.s + run, s.len - run);
    scratch_add(b, "\"", 1);
}

/* The extra column: {"header":"cell",…} in column order, or empty. */
static int put_extra(csv_writer *w, const ptc_indicator *ind) {
    if (ind->extra_len == 0) return 0;
    scratch *b = &w->cell;
    b->len = 0;
    scratch_add(b, "{", 1);
    for (size_t i = 0; i < ind->extra_len; i++) {
        ptc_str k = ind->extra[i].label.str, v = ind->extra[i].value.str;
        if (i) scratch_add(b, ",", 1);
        json_string(b, k.s ? k : (ptc_str){"", 0});
        scratch_add(b, ":", 1);
        if (v.s) json_string(b, v);
        else scratch_puts(b, "null");
    }
    scratch_add(b, "}", 1);
    return put_scratch(w, b);
}

/* level_1 … level_4; the last one also takes every deeper level. */
static int put_levels(csv_writer *w, const ptc_indicator *ind) {
    for (size_t k = 0; k < CSV_LEVELS; k++) {
        sep(w->out);
        if (k < CSV_LEVELS - 1 || ind->path_len <= CSV_LEVELS) {
            if (k < ind->path_len) put_str(w, ind->path[k].str);
            continue;
        }
        scratch *b = &w->cell;
        b->len = 0;
        for (size_t j = k; j < ind->path_len; j++) {
            if (j > k) scratch_add(b, " / ", 3);
            ptc_str s = ind->path[j].str;
            if (s.s) scratch_add(b, s.s, s.len);
        }
        if (put_scratch(w, b) != 0) return -1;
    }
    return 0;
}

/* The row's leading columns, the table's context (source … funds_value,
   and the separator after it): the same on every row of the table. */
static void write_context(const csv_writer *w, const ptc_document *doc, const ptc_table *t) {
    ptc_sink *out = w->out;
    put_str(w, doc->source);
    sep(out);
    put_long(out, (long)w->documents);
    sep(out);
    if (t->seq.set) put_long(out, t->seq.value);
    sep(out);
    put_str(w, t->applicant.str);
    sep(out);
    put_str(w, t->project_name.str);
    sep(out);
    put_str(w, t->project_type.str);
    sep(out);
    if (t->funds) put_num(out, t->funds->value);
}

/* One record; `context` is the table's leading columns written once into
   memory (write_context), or NULL to write them here. */
static int write_row(csv_writer *w, const ptc_document *doc, const ptc_table *t, const ptc_indicator *ind,
                     const ptc_sink *context) {
    ptc_sink *out = w->out;
    if (context) {
        size_t n;
        const char *data = ptc_sink_memory_data(context, &n);
        ptc_sink_write(out, data, n);
    } else {
        write_context(w, doc, t);
    }
    if (put_levels(w, ind) != 0) return -1;
    sep(out);
    put_str(w, ind->name.str);
    sep(out);
    put_str(w, ind->value.text.str);
    sep(out);
    put_num(out, ind->value.number);
    sep(out);
    ptc_sink_puts(out, comparator_word(ind->value.comparator));
    sep(out);
    put_str(w, ind->unit.str);
    sep(out);
    if (put_extra(w, ind) != 0) return -1;
    sep(out);
    put_str(w, ind->value_unit);
    sep(out);
    ptc_sink_puts(out, ind->value_approximate ? "true" : "false");
    ptc_sink_write(out, "\r\n", 2);
    return 0;
}

static void *open_csv(ptc_sink *out, const ptc_emit_options *opts) {
    csv_writer *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->out = out;
    w->raw = opts && opts->csv_raw;
    if (opts && opts->bom) ptc_sink_write(out, "\xEF\xBB\xBF", 3);
    for (size_t i = 0; i < sizeof csv_header / sizeof csv_header[0]; i++) {
        if (i) sep(out);
        ptc_sink_puts(out, csv_header[i]);
    }
    ptc_sink_write(out, "\r\n", 2);
    return w;
}

static int document_csv(void *state, const ptc_document *doc) {
    csv_writer *w = state;
    w->documents++;
    for (size_t i = 0; i < doc->tables_len; i++) {
        const ptc_table *t = &doc->tables[i];
        /* The context columns are quoted and written once per table, not
           once per row (they were a third of the writer); without memory
           for them, on every row as before: the same bytes. */
        ptc_sink *context = t->indicators_len > 1 ? ptc_sink_memory() : NULL;
        if (context) {
            ptc_sink *real = w->out;
            w->out = context;
            write_context(w, doc, t);
            w->out = real;
            if (ptc_sink_error(context)) {
                ptc_sink_free(context);
                context = NULL;
            }
        }
        int rc = 0;
        for (size_t j = 0; j < t->indicators_len && rc == 0; j++)
            rc = write_row(w, doc, t, &t->indicators[j], context);
        if (context) ptc_sink_free(context);
        if (rc != 0) return -1;
    }
    return ptc_sink_error(w->out) ? -1 : 0;
}

static int close_csv(void *state, bool ok) {
    csv_writer *w = state;
    (void)ok; /* records are complete as written: nothing to close */
    int rc = ptc_sink_error(w->out) ? -1 : 0;
    free(w->cell.buf);
    free(w);
    return rc;
}

const ptc_emitter ptc_emitter_csv = {
    "csv", "csv", "text/csv",
    "RFC 4180 CSV, one row per indicator with its table's context (for spreadsheets)",
    open_csv, document_csv, close_csv};

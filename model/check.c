/*
 * Consistency checks on a finished document (docs/checks.md lists them).
 *
 * The checks read only the parsed model: numbers the builder already read,
 * positions it recorded, and plain string comparisons. Every regular
 * expression lives in parsers/scan.c; nothing here re-parses source text.
 *
 * Findings about the document's content are warnings (so --strict fails on
 * them); a note is used only where the check itself cannot decide. Errors
 * stay reserved for input the parser could not read.
 */
#include "model/check.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "common/normalize.h"

/* Quoted text in a message is cut after this many characters, so that a
   message with two quotes stays well inside the 512-byte message buffer. */
#define QUOTE_CHARS 40
#define QUOTE_SIZE (4 * QUOTE_CHARS + 8)

/* Longest repeated run the OCR check looks for (社会保障保障局 repeats 2). */
#define OCR_MAX_RUN 4
/* Names longer than this are not searched for repetitions: real
   organisation names are well under 40 characters, and the search is
   quadratic in the length. */
#define OCR_MAX_NAME_BYTES 320

/* A cost-mismatch message lists at most this many addends. */
#define COST_TERMS_SHOWN 5

typedef struct checker {
    ptc_document *doc;
    bool failed; /* out of memory */
} checker;

static void report(checker *c, ptc_severity sev, const char *code, ptc_pos pos, const char *fmt,
                   ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void report(checker *c, ptc_severity sev, const char *code, ptc_pos pos, const char *fmt,
                   ...) {
    va_list ap;
    va_start(ap, fmt);
    if (ptc_document_vdiag(c->doc, sev, code, pos, fmt, ap) != 0) c->failed = true;
    va_end(ap);
}

/* ------------------------------------------------------------ helpers */

static bool present(const ptc_text *t) { return t->str.s && t->str.len > 0; }

static const char *quote(const char *s, size_t len, char buf[QUOTE_SIZE]) {
    return ptc_quote_excerpt(s ? s : "", len, QUOTE_CHARS, buf, QUOTE_SIZE);
}

static const char *quote_text(const ptc_text *t, char buf[QUOTE_SIZE]) {
    return quote(t->str.s, t->str.len, buf);
}

static const char *table_name(const ptc_table *t, char buf[48]) {
    if (t->seq.set) snprintf(buf, 48, "table %ld", t->seq.value);
    else snprintf(buf, 48, "the table at line %u", t->lines.first);
    return buf;
}

/* The heading line: where a table that lacks something is reported. */
static ptc_pos heading_pos(const ptc_table *t) {
    ptc_pos pos = {t->lines.first, 1};
    return pos;
}

/* Width in bytes of the whitespace character at p, 0 if none (the same
   set the text normaliser removes: ASCII space/controls, U+00A0, U+3000). */
static size_t space_width(const unsigned char *p, const unsigned char *end) {
    unsigned char b = *p;
    if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\v' || b == '\f') return 1;
    if (b == 0xC2 && end - p >= 2 && p[1] == 0xA0) return 2;
    if (b == 0xE3 && end - p >= 3 && p[1] == 0x80 && p[2] == 0x80) return 3;
    return 0;
}

/* True when `s` with its whitespace removed is exactly `want`. */
static bool compact_equals(ptc_str s, const char *want) {
    if (!s.s) return false;
    const unsigned char *p = (const unsigned char *)s.s, *end = p + s.len;
    size_t i = 0, n = strlen(want);
    while (p < end) {
        size_t w = space_width(p, end);
        if (w) {
            p += w;
            continue;
        }
        if (i >= n || (char)*p != want[i]) return false;
        p++;
        i++;
    }
    return i == n;
}

static bool ends_with(ptc_str s, const char *suffix) {
    if (!s.s) return false;
    size_t n = strlen(suffix), len = s.len;
    while (len && space_width((const unsigned char *)s.s + len - 1,
                              (const unsigned char *)s.s + s.len) == 1)
        len--;
    return len >= n && memcmp(s.s + len - n, suffix, n) == 0;
}

/* Amounts are compared in 元; 0 for a unit the checks do not know. */
static double yuan_per_unit(ptc_str unit) {
    if (compact_equals(unit, "元")) return 1;
    if (compact_equals(unit, "千元")) return 1e3;
    if (compact_equals(unit, "万元")) return 1e4;
    if (compact_equals(unit, "亿元")) return 1e8;
    return 0;
}

/* Digits after the decimal point of the first number in `s`: "39.54 万元"
   gives 2. Amounts are printed rounded, so this decides the tolerance. */
static int printed_decimals(const char *s, size_t len) {
    size_t i = 0;
    while (i < len && !(s[i] >= '0' && s[i] <= '9')) i++;
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == ',')) i++;
    if (i >= len || s[i] != '.') return 0;
    int n = 0;
    for (i++; i < len && s[i] >= '0' && s[i] <= '9' && n < 15; i++) n++;
    return n;
}

static double half_unit_of_last_decimal(int decimals) { return 0.5 * pow(10, -decimals); }

/* Amounts are decimal: a difference within `tolerance` (inclusive),
   compared at a resolution of 1e-6, is float noise or rounding, not a
   finding. */
static bool differs(double a, double b, double tolerance) {
    double excess = fabs(a - b) - tolerance;
    return floor(excess * 1e6 + 0.5) > 0;
}

/* A sum for a message: rounded to 1e-6, without float noise
   (8.5 + 15 prints "23.5", 0.1 + 0.2 prints "0.3"). */
static const char *format_amount(double v, char buf[48]) {
    if (!(fabs(v) < 1e15)) {
        char tmp[32];
        ptc_format_number(v, tmp);
        snprintf(buf, 48, "%s", tmp);
        return buf;
    }
    snprintf(buf, 48, "%.6f", v);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0') n--;
    if (n > 0 && buf[n - 1] == '.') n--;
    buf[n] = '\0';
    if (strcmp(buf, "-0") == 0) strcpy(buf, "0");
    return buf;
}

static bool is_number_char(char ch) { return (ch >= '0' && ch <= '9') || ch == '.' || ch == ','; }

/* Where the summary printed `value` followed by `unit` ("936万元"): the
   model keeps the number, not its text. Returns the byte range or false. */
static bool find_printed_amount(ptc_str text, double value, ptc_str unit, size_t *start,
                                size_t *end) {
    if (!text.s || !unit.s || unit.len == 0) return false;
    for (size_t at = 0; at + unit.len <= text.len; at++) {
        if (memcmp(text.s + at, unit.s, unit.len) != 0) continue;
        size_t num_end = at;
        while (num_end > 0 && text.s[num_end - 1] == ' ') num_end--;
        size_t num_start = num_end;
        while (num_start > 0 && is_number_char(text.s[num_start - 1])) num_start--;
        if (num_start == num_end || num_end - num_start > 40) continue;
        char digits[48];
        size_t n = 0;
        for (size_t i = num_start; i < num_end; i++)
            if (text.s[i] != ',') digits[n++] = text.s[i];
        digits[n] = '\0';
        char *stop;
        double v = strtod(digits, &stop);
        if (*stop || v != value) continue;
        *start = num_start;
        *end = at + unit.len;
        return true;
    }
    return false;
}

/* Where the summary printed the project count ("22个"). */
static bool find_printed_count(ptc_str text, long count, size_t *start, size_t *end) {
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%ld", count);
    if (!text.s || n <= 0) return false;
    size_t len = (size_t)n;
    for (size_t at = 0; at + len <= text.len; at++) {
        if (memcmp(text.s + at, digits, len) != 0) continue;
        if (at > 0 && is_number_char(text.s[at - 1])) continue;
        size_t after = at + len;
        while (after < text.len && text.s[after] == ' ') after++;
        if (after + strlen("个") <= text.len && memcmp(text.s + after, "个", strlen("个")) == 0) {
            *start = at;
            *end = after + strlen("个");
            return true;
        }
    }
    return false;
}

/* Quote a part of `text` when it was found, else the start of the text. */
static const char *quote_part(ptc_str text, bool found, size_t start, size_t end,
                              char buf[QUOTE_SIZE]) {
    if (found) return quote(text.s + start, end - start, buf);
    return quote(text.s, text.len, buf);
}

static bool has_diag_at(const ptc_document *doc, const char *code, ptc_pos pos) {
    for (size_t i = 0; i < doc->diags_len; i++) {
        const ptc_diag *d = &doc->diags[i];
        if (d->pos.line == pos.line && d->pos.col == pos.col && strcmp(d->code, code) == 0)
            return true;
    }
    return false;
}

/* ---------------------------------------------------- summary vs tables */

static void check_project_count(checker *c) {
    const ptc_summary *s = c->doc->summary;
    if (!s || !s->project_count.set) return;
    long tables = (long)c->doc->tables_len;
    if (s->project_count.value == tables) return;
    size_t start = 0, end = 0;
    bool found = find_printed_count(s->text.str, s->project_count.value, &start, &end);
    char q[QUOTE_SIZE];
    report(c, PTC_SEV_WARNING, "project-count-mismatch", s->text.pos,
           "summary announces %ld project%s (\"%s\") but the document has %ld table%s",
           s->project_count.value, s->project_count.value == 1 ? "" : "s",
           quote_part(s->text.str, found, start, end, q), tables,
           tables == 1 ? "" : "s");
}

static void check_total_funds(checker *c) {
    const ptc_document *doc = c->doc;
    const ptc_summary *s = doc->summary;
    if (!s || !s->total_funds || !s->total_funds->value.set || doc->tables_len == 0) return;
    double total_unit = yuan_per_unit(s->total_funds->unit);
    if (total_unit == 0) return;
    /* A table without a readable amount is reported by missing-field; a
       sum without it would only repeat that finding as a mismatch. */
    double sum_yuan = 0;
    for (size_t i = 0; i < doc->tables_len; i++) {
        const ptc_amount *f = doc->tables[i].funds;
        if (!f || !f->value.set || yuan_per_unit(f->unit) == 0) return;
        sum_yuan += f->value.value * yuan_per_unit(f->unit);
    }
    double sum = sum_yuan / total_unit, total = s->total_funds->value.value;
    if (!isfinite(sum)) return;
    size_t start = 0, end = 0;
    bool found = find_printed_amount(s->text.str, total, s->total_funds->unit, &start, &end);
    int decimals;
    if (found) {
        decimals = printed_decimals(s->text.str.s + start, end - start);
    } else {
        char shortest[32];
        ptc_format_number(total, shortest);
        decimals = printed_decimals(shortest, strlen(shortest));
    }
    if (!differs(sum, total, half_unit_of_last_decimal(decimals))) return;
    char q[QUOTE_SIZE], a[48];
    const char *total_text = found ? quote(s->text.str.s + start, end - start, q)
                                   : quote(s->text.str.s, s->text.str.len, q);
    report(c, PTC_SEV_WARNING, "total-funds-mismatch", s->text.pos,
           "summary total \"%s\" differs from the sum of the %zu tables' 项目资金, %s %.*s",
           total_text, doc->tables_len, format_amount(sum, a), (int)s->total_funds->unit.len,
           s->total_funds->unit.s);
}

/* ------------------------------------------------------- units vs tables */

/* A unit name as a person compares it: whitespace and parenthesised
   qualifiers removed, so "…保障局（本级）（包括…）" and "…保障局（机关）"
   are the same unit. `out` holds 3 * len bytes. */
static size_t unit_key(ptc_str name, char *out) {
    static const char open_bracket[] = "（", close_bracket[] = "）";
    size_t n = ptc_norm_label(name.s, name.len, out); /* folds ( ) to （ ） */
    size_t w = 0, mark = 0;
    int depth = 0;
    for (size_t i = 0; i < n;) {
        if (n - i >= 3 && memcmp(out + i, open_bracket, 3) == 0) {
            if (depth++ == 0) mark = w;
        } else if (n - i >= 3 && memcmp(out + i, close_bracket, 3) == 0 && depth > 0) {
            if (--depth == 0) {
                w = mark;
                i += 3;
                continue;
            }
        }
        out[w++] = out[i++];
    }
    return w;
}

typedef struct keyed {
    char *key;
    size_t len;
    size_t index;
} keyed;

static int compare_keys(const char *a, size_t alen, const char *b, size_t blen) {
    int r = memcmp(a, b, alen < blen ? alen : blen);
    if (r) return r;
    return alen < blen ? -1 : alen > blen;
}

static int compare_keyed(const void *pa, const void *pb) {
    const keyed *a = pa, *b = pb;
    int r = compare_keys(a->key, a->len, b->key, b->len);
    if (r) return r;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* First element of sorted `arr` whose key is >= (key, len). */
static size_t lower_bound(const keyed *arr, size_t n, const char *key, size_t len) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (compare_keys(arr[mid].key, arr[mid].len, key, len) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static bool make_key(keyed *k, ptc_str name, size_t index) {
    k->key = malloc(3 * name.len + 1);
    if (!k->key) return false;
    k->len = unit_key(name, k->key);
    k->index = index;
    return true;
}

static void free_keys(keyed *arr, size_t n) {
    if (!arr) return;
    for (size_t i = 0; i < n; i++) free(arr[i].key);
    free(arr);
}

/* Which unit of the list a table belongs to, by its 申报单位 (or, in forms
   without one, its 预算执行单位). */
typedef struct table_owner {
    const ptc_text *name; /* NULL: the table names neither */
    const char *label;
    size_t first_unit, units; /* range in the sorted unit keys */
} table_owner;

static void report_unmatched(checker *c, const table_owner *owners, const keyed *table_keys,
                             size_t lo, size_t hi) {
    const ptc_document *doc = c->doc;
    const table_owner *o = &owners[table_keys[lo].index];
    const ptc_unit *first = &doc->units[0], *last = &doc->units[doc->units_len - 1];
    char q[QUOTE_SIZE], lines[48];
    if (first->line == last->line) snprintf(lines, sizeof lines, "line %u", first->line);
    else snprintf(lines, sizeof lines, "lines %u–%u", first->line, last->line);
    char units[96];
    if (doc->units_len == 1) snprintf(units, sizeof units, "the unit listed on %s", lines);
    else snprintf(units, sizeof units, "any of the %zu units listed on %s", doc->units_len, lines);
    report(c, PTC_SEV_WARNING, "unit-unmatched", o->name->pos,
           "%s \"%s\" (%zu table%s) does not match %s", o->label, quote_text(o->name, q), hi - lo,
           hi - lo == 1 ? "" : "s", units);
}

static void report_ambiguous(checker *c, const table_owner *o, const keyed *unit_keys) {
    char q[QUOTE_SIZE], list[3 * QUOTE_SIZE + 64];
    size_t n = 0;
    list[0] = '\0';
    for (size_t k = 0; k < o->units && k < 2; k++) {
        const ptc_unit *u = &c->doc->units[unit_keys[o->first_unit + k].index];
        int w = snprintf(list + n, sizeof list - n, "%s\"%s\" on line %u", k ? ", " : "",
                         quote_text(&u->name, q), u->line);
        if (w > 0 && (size_t)w < sizeof list - n) n += (size_t)w;
    }
    if (o->units > 2) snprintf(list + n, sizeof list - n, ", …");
    report(c, PTC_SEV_NOTE, "unit-ambiguous", o->name->pos,
           "%s \"%s\" matches %zu units of the list (%s); their project counts are checked together",
           o->label, quote_text(o->name, q), o->units, list);
}

static void report_unit_count(checker *c, const keyed *unit_keys, size_t lo, size_t hi,
                              long listed, size_t tables) {
    const ptc_unit *u = &c->doc->units[unit_keys[lo].index];
    char q[QUOTE_SIZE];
    if (hi - lo == 1) {
        report(c, PTC_SEV_WARNING, "unit-count-mismatch", u->name.pos,
               "unit \"%s\" lists %ld project%s but %zu table%s %s from it",
               quote_text(&u->name, q), listed, listed == 1 ? "" : "s", tables,
               tables == 1 ? "" : "s", tables == 1 ? "is" : "are");
        return;
    }
    report(c, PTC_SEV_WARNING, "unit-count-mismatch", u->name.pos,
           "the %zu units named like \"%s\" list %ld project%s together but %zu table%s %s "
           "from them",
           hi - lo, quote_text(&u->name, q), listed, listed == 1 ? "" : "s", tables,
           tables == 1 ? "" : "s", tables == 1 ? "is" : "are");
}

static void check_units(checker *c) {
    ptc_document *doc = c->doc;
    if (doc->units_len == 0) return;
    size_t nunits = doc->units_len, ntables = doc->tables_len;
    keyed *unit_keys = calloc(nunits, sizeof *unit_keys);
    keyed *table_keys = calloc(ntables ? ntables : 1, sizeof *table_keys);
    table_owner *owners = calloc(ntables ? ntables : 1, sizeof *owners);
    size_t *tables_of_group = calloc(nunits, sizeof *tables_of_group);
    size_t nkeyed_units = 0, nkeyed_tables = 0;
    if (!unit_keys || !table_keys || !owners || !tables_of_group) goto out_of_memory;
    for (; nkeyed_units < nunits; nkeyed_units++)
        if (!make_key(&unit_keys[nkeyed_units], doc->units[nkeyed_units].name.str, nkeyed_units))
            goto out_of_memory;
    qsort(unit_keys, nunits, sizeof *unit_keys, compare_keyed);

    /* Attribute each table to the group of units sharing its key. */
    for (size_t i = 0; i < ntables; i++) {
        const ptc_table *t = &doc->tables[i];
        table_owner *o = &owners[i];
        if (present(&t->applicant)) o->name = &t->applicant, o->label = "申报单位";
        else if (present(&t->executing_unit)) o->name = &t->executing_unit, o->label = "预算执行单位";
        if (!o->name) {
            char tn[48];
            report(c, PTC_SEV_WARNING, "unit-unmatched", heading_pos(t),
                   "%s names no 申报单位 or 预算执行单位 to match against the unit list",
                   table_name(t, tn));
            continue;
        }
        keyed *k = &table_keys[nkeyed_tables];
        if (!make_key(k, o->name->str, i)) goto out_of_memory;
        nkeyed_tables++;
        size_t lo = lower_bound(unit_keys, nunits, k->key, k->len), hi = lo;
        while (hi < nunits && compare_keys(unit_keys[hi].key, unit_keys[hi].len, k->key, k->len) == 0)
            hi++;
        o->first_unit = lo;
        o->units = hi - lo;
        if (o->units) tables_of_group[lo]++;
    }

    /* One report per distinct unmatched name, and per ambiguous group, at
       the first table that shows it. */
    qsort(table_keys, nkeyed_tables, sizeof *table_keys, compare_keyed);
    for (size_t lo = 0, hi; lo < nkeyed_tables; lo = hi) {
        hi = lo + 1;
        while (hi < nkeyed_tables && compare_keys(table_keys[hi].key, table_keys[hi].len,
                                                  table_keys[lo].key, table_keys[lo].len) == 0)
            hi++;
        const table_owner *o = &owners[table_keys[lo].index];
        if (o->units == 0) report_unmatched(c, owners, table_keys, lo, hi);
        else if (o->units > 1) report_ambiguous(c, o, unit_keys);
    }

    for (size_t lo = 0, hi; lo < nunits; lo = hi) {
        hi = lo + 1;
        while (hi < nunits && compare_keys(unit_keys[hi].key, unit_keys[hi].len, unit_keys[lo].key,
                                           unit_keys[lo].len) == 0)
            hi++;
        long listed = 0;
        bool all_counted = true;
        for (size_t k = lo; k < hi; k++) {
            const ptc_unit *u = &doc->units[unit_keys[k].index];
            all_counted &= u->project_count.set;
            /* saturating: a hostile list of a million units must not overflow */
            if (listed < LONG_MAX / 2) listed += u->project_count.value;
        }
        if (all_counted && listed != (long)tables_of_group[lo])
            report_unit_count(c, unit_keys, lo, hi, listed, tables_of_group[lo]);
    }
    goto done;
out_of_memory:
    c->failed = true;
done:
    free_keys(unit_keys, nkeyed_units);
    free_keys(table_keys, nkeyed_tables);
    free(owners);
    free(tables_of_group);
}

/* ------------------------------------------------------- table numbers */

typedef struct numbered {
    long seq;
    size_t index;
} numbered;

static int compare_numbered(const void *pa, const void *pb) {
    const numbered *a = pa, *b = pb;
    if (a->seq != b->seq) return a->seq < b->seq ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void check_table_numbers(checker *c) {
    const ptc_document *doc = c->doc;
    size_t n = 0;
    for (size_t i = 0; i < doc->tables_len; i++) n += doc->tables[i].seq.set;
    if (n == 0) return;
    numbered *sorted = malloc(n * sizeof *sorted);
    size_t *first_with_seq = malloc(doc->tables_len * sizeof *first_with_seq);
    if (!sorted || !first_with_seq) {
        c->failed = true;
        free(sorted);
        free(first_with_seq);
        return;
    }
    n = 0;
    for (size_t i = 0; i < doc->tables_len; i++)
        if (doc->tables[i].seq.set) sorted[n++] = (numbered){doc->tables[i].seq.value, i};
    qsort(sorted, n, sizeof *sorted, compare_numbered);

    long previous = 0;
    for (size_t k = 0; k < n; k++) {
        const numbered *e = &sorted[k];
        const ptc_table *t = &doc->tables[e->index];
        if (k > 0 && sorted[k - 1].seq == e->seq) {
            size_t first = first_with_seq[sorted[k - 1].index];
            first_with_seq[e->index] = first;
            report(c, PTC_SEV_WARNING, "table-number-repeated", heading_pos(t),
                   "table number %ld is used again (first on line %u)", e->seq,
                   doc->tables[first].lines.first);
            continue;
        }
        first_with_seq[e->index] = e->index;
        if (e->seq > previous + 1) {
            if (e->seq == previous + 2)
                report(c, PTC_SEV_WARNING, "table-number-missing", heading_pos(t),
                       "there is no table %ld before table %ld", previous + 1, e->seq);
            else
                report(c, PTC_SEV_WARNING, "table-number-missing", heading_pos(t),
                       "there are no tables %ld–%ld before table %ld", previous + 1, e->seq - 1,
                       e->seq);
        }
        previous = e->seq;
    }

    /* Order, in document order; a repeated number is already reported. */
    const ptc_table *before = NULL;
    for (size_t i = 0; i < doc->tables_len; i++) {
        const ptc_table *t = &doc->tables[i];
        if (!t->seq.set || first_with_seq[i] != i) continue;
        if (before && t->seq.value < before->seq.value)
            report(c, PTC_SEV_WARNING, "table-number-order", heading_pos(t),
                   "table %ld comes after table %ld (line %u)", t->seq.value, before->seq.value,
                   before->lines.first);
        before = t;
    }
    free(sorted);
    free(first_with_seq);
}

/* ------------------------------------------------------ per-table checks */

static void check_year(checker *c, const ptc_table *t) {
    const ptc_summary *s = c->doc->summary;
    if (!t->year.set || !s || !s->year.set || t->year.value == s->year.value) return;
    char tn[48];
    report(c, PTC_SEV_WARNING, "year-mismatch", t->year_pos,
           "%s is for the year %ld but the summary (line %u) is for %ld", table_name(t, tn),
           t->year.value, s->text.pos.line, s->year.value);
}

static long year_of(const char iso_date[11]) {
    return (iso_date[0] - '0') * 1000L + (iso_date[1] - '0') * 100 + (iso_date[2] - '0') * 10 +
           (iso_date[3] - '0');
}

static void check_period(checker *c, const ptc_table *t) {
    const ptc_period *per = t->period;
    if (!per) return;
    char q[QUOTE_SIZE];
    if (!per->start[0] || !per->end[0]) {
        if (per->text.str.len == 0)
            report(c, PTC_SEV_WARNING, "period-invalid", per->text.pos, "项目期限 is empty");
        else if (!has_diag_at(c->doc, "invalid-date", per->text.pos))
            report(c, PTC_SEV_WARNING, "period-invalid", per->text.pos,
                   "项目期限 \"%s\" could not be read as a start and an end date",
                   quote_text(&per->text, q));
        return;
    }
    if (strcmp(per->start, per->end) > 0) {
        report(c, PTC_SEV_WARNING, "period-invalid", per->text.pos,
               "项目期限 \"%s\" ends (%s) before it starts (%s)", quote_text(&per->text, q),
               per->end, per->start);
        return;
    }
    const ptc_summary *s = c->doc->summary;
    bool summary_year = s && s->year.set, table_year = t->year.set;
    if (!summary_year && !table_year) return;
    long start = year_of(per->start), end = year_of(per->end);
    bool start_ok = (summary_year && start == s->year.value) || (table_year && start == t->year.value);
    bool end_ok = (summary_year && end == s->year.value) || (table_year && end == t->year.value);
    if (start_ok && end_ok) return;
    char years[48];
    if (summary_year && table_year && s->year.value != t->year.value)
        snprintf(years, sizeof years, "%ld or %ld", s->year.value, t->year.value);
    else
        snprintf(years, sizeof years, "%ld", summary_year ? s->year.value : t->year.value);
    report(c, PTC_SEV_WARNING, "period-outside-year", per->text.pos,
           "项目期限 \"%s\" %s %ld, outside the budget year %s", quote_text(&per->text, q),
           start_ok ? "ends in" : "starts in", start_ok ? end : start, years);
}

static void check_required_fields(checker *c, const ptc_table *t) {
    char tn[48], q[QUOTE_SIZE];
    if (t->indicators_len == 0)
        report(c, PTC_SEV_WARNING, "missing-field", heading_pos(t), "%s has no indicators",
               table_name(t, tn));
    /* A 部门整体 table is about the whole department: it has no project. */
    if (t->kind == PTC_TABLE_OVERALL) return;
    if (!t->project_name.str.s)
        report(c, PTC_SEV_WARNING, "missing-field", heading_pos(t), "%s has no 项目名称",
               table_name(t, tn));
    else if (t->project_name.str.len == 0)
        report(c, PTC_SEV_WARNING, "missing-field", t->project_name.pos, "%s's 项目名称 is empty",
               table_name(t, tn));
    if (!t->funds)
        report(c, PTC_SEV_WARNING, "missing-field", heading_pos(t), "%s has no 项目资金",
               table_name(t, tn));
    else if (!t->funds->value.set)
        report(c, PTC_SEV_WARNING, "missing-field", t->funds->text.pos,
               "%s's 项目资金 \"%s\" has no readable amount", table_name(t, tn),
               quote_text(&t->funds->text, q));
}

static bool is_cost_indicator(const ptc_indicator *ind) {
    bool cost = false;
    for (size_t k = 0; k < ind->path_len && !cost; k++)
        cost = ind->path[k].str.s && ptc_contains(ind->path[k].str.s, ind->path[k].str.len, "成本指标");
    return cost && ind->value.number.set && compact_equals(ind->unit.str, "万元");
}

static void check_cost(checker *c, const ptc_table *t) {
    const ptc_amount *f = t->funds;
    if (!f || !f->value.set || yuan_per_unit(f->unit) == 0) return;
    double funds_wan = f->value.value * yuan_per_unit(f->unit) / 1e4;
    double tolerance = half_unit_of_last_decimal(printed_decimals(f->text.str.s ? f->text.str.s : "",
                                                                  f->text.str.len)) *
                       yuan_per_unit(f->unit) / 1e4;
    double sum = 0;
    size_t terms = 0;
    for (size_t i = 0; i < t->indicators_len; i++) {
        if (!is_cost_indicator(&t->indicators[i])) continue;
        sum += t->indicators[i].value.number.value;
        terms++;
    }
    if (terms == 0 || !isfinite(sum) || !differs(sum, funds_wan, tolerance)) return;

    char addends[COST_TERMS_SHOWN * 64 + 16], a[48], q[QUOTE_SIZE];
    size_t n = 0, shown = 0;
    addends[0] = '\0';
    for (size_t i = 0; i < t->indicators_len && shown < COST_TERMS_SHOWN; i++) {
        const ptc_indicator *ind = &t->indicators[i];
        if (!is_cost_indicator(ind)) continue;
        int w = snprintf(addends + n, sizeof addends - n, "%s%s (line %u)", shown ? " + " : "",
                         format_amount(ind->value.number.value, a), ind->line);
        if (w > 0 && (size_t)w < sizeof addends - n) n += (size_t)w;
        shown++;
    }
    if (terms == 1) {
        report(c, PTC_SEV_WARNING, "cost-mismatch", f->text.pos,
               "项目资金 \"%s\" differs from its only 成本指标 in 万元: %s", quote_text(&f->text, q),
               addends);
        return;
    }
    if (shown < terms) snprintf(addends + n, sizeof addends - n, " + … (%zu in all)", terms);
    report(c, PTC_SEV_WARNING, "cost-mismatch", f->text.pos,
           "项目资金 \"%s\" differs from the sum of its 成本指标 in 万元: %s = %s 万元",
           quote_text(&f->text, q), addends, format_amount(sum, a));
}

static void check_rates(checker *c, const ptc_table *t) {
    for (size_t i = 0; i < t->indicators_len; i++) {
        const ptc_indicator *ind = &t->indicators[i];
        bool percent = compact_equals(ind->unit.str, "%") || compact_equals(ind->unit.str, "％") ||
                       ends_with(ind->value.text.str, "%") || ends_with(ind->value.text.str, "％");
        if (!percent || !ind->value.number.set || !(ind->value.number.value > 100)) continue;
        char name[QUOTE_SIZE], value[QUOTE_SIZE], unit[QUOTE_SIZE];
        report(c, PTC_SEV_WARNING, "rate-over-100", ind->value.text.pos,
               "indicator \"%s\" is a percentage over 100: \"%s\"%s%s",
               quote_text(&ind->name, name), quote_text(&ind->value.text, value),
               ind->unit.str.len ? " " : "", quote_text(&ind->unit, unit));
    }
}

/* ------------------------------------------------------ OCR repetitions */

typedef enum name_role {
    ROLE_ORGANIZATION,
    ROLE_UNIT,
    ROLE_APPLICANT,
    ROLE_DEPARTMENT,
    ROLE_EXECUTING_UNIT,
    ROLE_COUNT
} name_role;

static const char *const role_label[ROLE_COUNT] = {
    [ROLE_ORGANIZATION] = "organization", [ROLE_UNIT] = "unit", [ROLE_APPLICANT] = "申报单位",
    [ROLE_DEPARTMENT] = "主管部门", [ROLE_EXECUTING_UNIT] = "预算执行单位"};

typedef struct name_cell {
    const ptc_text *text;
    name_role role;
    char *norm; /* whitespace removed, brackets folded: what is compared */
    size_t norm_len;
} name_cell;

/* Cells with the same normalised name, and where each role first has it. */
typedef struct name_group {
    size_t first, count;         /* range in the sorted cells */
    size_t earliest[ROLE_COUNT]; /* index in the sorted cells, or SIZE_MAX */
    size_t earliest_any;
} name_group;

static bool pos_before(ptc_pos a, ptc_pos b) {
    return a.line < b.line || (a.line == b.line && a.col < b.col);
}

static int compare_name_cells(const void *pa, const void *pb) {
    const name_cell *a = pa, *b = pb;
    int r = compare_keys(a->norm, a->norm_len, b->norm, b->norm_len);
    if (r) return r;
    if (pos_before(a->text->pos, b->text->pos)) return -1;
    if (pos_before(b->text->pos, a->text->pos)) return 1;
    return a->role < b->role ? -1 : a->role > b->role;
}

typedef struct names {
    name_cell *cells;
    size_t len, cap;
    name_group *groups;
    size_t ngroups;
} names;

static bool add_name(names *ns, const ptc_text *t, name_role role) {
    if (!present(t)) return true;
    if (ns->len == ns->cap) {
        size_t cap = ns->cap ? 2 * ns->cap : 64;
        name_cell *grown = realloc(ns->cells, cap * sizeof *grown);
        if (!grown) return false;
        ns->cells = grown;
        ns->cap = cap;
    }
    name_cell *cell = &ns->cells[ns->len];
    cell->norm = malloc(3 * t->str.len + 1);
    if (!cell->norm) return false;
    cell->norm_len = ptc_norm_label(t->str.s, t->str.len, cell->norm);
    cell->text = t;
    cell->role = role;
    ns->len++;
    return true;
}

static void free_names(names *ns) {
    for (size_t i = 0; i < ns->len; i++) free(ns->cells[i].norm);
    free(ns->cells);
    free(ns->groups);
}

static bool collect_names(const ptc_document *doc, names *ns) {
    if (doc->summary && !add_name(ns, &doc->summary->organization, ROLE_ORGANIZATION)) return false;
    for (size_t i = 0; i < doc->units_len; i++)
        if (!add_name(ns, &doc->units[i].name, ROLE_UNIT)) return false;
    for (size_t i = 0; i < doc->tables_len; i++) {
        const ptc_table *t = &doc->tables[i];
        if (!add_name(ns, &t->applicant, ROLE_APPLICANT) ||
            !add_name(ns, &t->department, ROLE_DEPARTMENT) ||
            !add_name(ns, &t->executing_unit, ROLE_EXECUTING_UNIT))
            return false;
    }
    if (ns->len == 0) return true;
    qsort(ns->cells, ns->len, sizeof *ns->cells, compare_name_cells);
    ns->groups = malloc(ns->len * sizeof *ns->groups);
    if (!ns->groups) return false;
    for (size_t lo = 0, hi; lo < ns->len; lo = hi) {
        name_group *g = &ns->groups[ns->ngroups++];
        for (int r = 0; r < ROLE_COUNT; r++) g->earliest[r] = SIZE_MAX;
        /* Sorted by position within a group: the first of a role is its earliest. */
        for (hi = lo; hi < ns->len && compare_keys(ns->cells[hi].norm, ns->cells[hi].norm_len,
                                                   ns->cells[lo].norm, ns->cells[lo].norm_len) == 0;
             hi++)
            if (g->earliest[ns->cells[hi].role] == SIZE_MAX) g->earliest[ns->cells[hi].role] = hi;
        g->first = lo;
        g->count = hi - lo;
        g->earliest_any = lo;
    }
    return true;
}

static const name_group *find_name(const names *ns, const char *norm, size_t len) {
    size_t lo = 0, hi = ns->ngroups;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const name_cell *cell = &ns->cells[ns->groups[mid].first];
        int r = compare_keys(cell->norm, cell->norm_len, norm, len);
        if (r == 0) return &ns->groups[mid];
        if (r < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* A repeated run in a name and the correct name it hides. */
typedef struct repetition {
    size_t run_off, run_len; /* the repeated characters, in the normalised name */
    const name_group *correct;
} repetition;

/* Look for k = 1..OCR_MAX_RUN characters immediately repeated whose
   removal gives another name of the document; the first (leftmost,
   shortest) such run wins. */
static bool find_repetition(const names *ns, const char *norm, size_t len, repetition *out) {
    size_t starts[OCR_MAX_NAME_BYTES + 1];
    size_t nchars = 0;
    if (len > OCR_MAX_NAME_BYTES) return false;
    for (size_t i = 0; i < len; i++)
        if (i == 0 || ((unsigned char)norm[i] & 0xC0) != 0x80) starts[nchars++] = i;
    starts[nchars] = len;
    char candidate[OCR_MAX_NAME_BYTES];
    for (size_t i = 0; i < nchars; i++) {
        for (size_t k = 1; k <= OCR_MAX_RUN && i + 2 * k <= nchars; k++) {
            size_t a = starts[i], b = starts[i + k], e = starts[i + 2 * k];
            if (b - a != e - b || memcmp(norm + a, norm + b, b - a) != 0) continue;
            memcpy(candidate, norm, b);
            memcpy(candidate + b, norm + e, len - e);
            const name_group *g = find_name(ns, candidate, len - (e - b));
            if (!g) continue;
            out->run_off = a;
            out->run_len = b - a;
            out->correct = g;
            return true;
        }
    }
    return false;
}

static void check_ocr_repetitions(checker *c) {
    names ns = {0};
    if (!collect_names(c->doc, &ns)) {
        c->failed = true;
        free_names(&ns);
        return;
    }
    for (size_t g = 0; g < ns.ngroups; g++) {
        const name_group *group = &ns.groups[g];
        const name_cell *first = &ns.cells[group->first];
        repetition rep;
        if (!find_repetition(&ns, first->norm, first->norm_len, &rep)) continue;
        for (size_t i = group->first; i < group->first + group->count; i++) {
            const name_cell *cell = &ns.cells[i];
            /* Prefer the spelling in the same kind of cell: a 主管部门 is
               best corrected by another table's 主管部门. */
            size_t shown = rep.correct->earliest[cell->role];
            if (shown == SIZE_MAX) shown = rep.correct->earliest_any;
            const ptc_text *suggestion = ns.cells[shown].text;
            char q[QUOTE_SIZE], run[QUOTE_SIZE], s[QUOTE_SIZE];
            report(c, PTC_SEV_WARNING, "ocr-repetition", cell->text->pos,
                   "%s \"%s\" repeats \"%s\"; did you mean \"%s\" (as on line %u)?",
                   role_label[cell->role], quote_text(cell->text, q),
                   quote(first->norm + rep.run_off, rep.run_len, run), quote_text(suggestion, s),
                   suggestion->pos.line);
        }
    }
    free_names(&ns);
}

/* --------------------------------------------------------------- entry */

int ptc_check_document(ptc_document *doc) {
    checker c = {doc, false};
    check_project_count(&c);
    check_units(&c);
    check_total_funds(&c);
    check_table_numbers(&c);
    for (size_t i = 0; i < doc->tables_len && !c.failed; i++) {
        const ptc_table *t = &doc->tables[i];
        check_required_fields(&c, t);
        check_year(&c, t);
        check_period(&c, t);
        check_cost(&c, t);
        check_rates(&c, t);
    }
    if (!c.failed) check_ocr_repetitions(&c);
    return c.failed ? -1 : 0;
}

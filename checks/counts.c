/*
 * Counts and sums: the summary's project count and total funds, and the
 * unit list's project counts, against the document's tables
 * (project-count-mismatch, total-funds-mismatch, unit-count-mismatch,
 * unit-unmatched, unit-ambiguous; docs/checks.md).
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/measure.h"
#include "checks/sort.h"
#include "common/normalize.h"
#include "common/numfmt.h"

static bool is_number_char(char ch) { return (ch >= '0' && ch <= '9') || ch == '.' || ch == ','; }

/* Where the summary printed `value` followed by `unit` ("936万元"): the
   model keeps the number, not its text. Returns the byte range or false. */
static bool find_printed_amount(ptc_str text, double value, ptc_str unit, size_t *start,
                                size_t *end) {
    if (!text.s || !unit.s || unit.len == 0) return false;
    for (size_t at = 0; at + unit.len <= text.len; at++) {
        /* to the next place the unit's first byte is, rather than a
           comparison a byte */
        const char *next = memchr(text.s + at, unit.s[0], text.len - unit.len + 1 - at);
        if (!next) break;
        at = (size_t)(next - text.s);
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
    if (found) return ptc_check_quote(text.s + start, end - start, buf);
    return ptc_check_quote(text.s, text.len, buf);
}

/* ---------------------------------------------------- summary vs tables */

void ptc_check_project_count(checker *c) {
    const ptc_summary *s = c->doc->summary;
    if (!s || !s->project_count.set) return;
    long tables = (long)c->doc->tables_len;
    if (s->project_count.value == tables) return;
    size_t start = 0, end = 0;
    bool found = find_printed_count(s->text.str, s->project_count.value, &start, &end);
    char q[QUOTE_SIZE];
    ptc_check_report(c, "project-count-mismatch", s->text.pos,
                     "summary announces %ld project%s (\"%s\") but the document has %ld table%s",
                     s->project_count.value, s->project_count.value == 1 ? "" : "s",
                     quote_part(s->text.str, found, start, end, q), tables, tables == 1 ? "" : "s");
}

void ptc_check_total_funds(checker *c) {
    const ptc_document *doc = c->doc;
    const ptc_summary *s = doc->summary;
    if (!s || !s->total_funds || !s->total_funds->value.set || doc->tables_len == 0) return;
    double total_unit = ptc_check_yuan_per_unit(s->total_funds->unit);
    if (total_unit == 0) return;
    /* A table without a readable amount is reported by missing-field; a
       sum without it would only repeat that finding as a mismatch. */
    double sum_yuan = 0;
    for (size_t i = 0; i < doc->tables_len; i++) {
        const ptc_amount *f = doc->tables[i].funds;
        double per_unit = f && f->value.set ? ptc_check_yuan_per_unit(f->unit) : 0;
        if (per_unit == 0) return;
        sum_yuan += f->value.value * per_unit;
    }
    double sum = sum_yuan / total_unit, total = s->total_funds->value.value;
    if (!isfinite(sum)) return;
    size_t start = 0, end = 0;
    bool found = find_printed_amount(s->text.str, total, s->total_funds->unit, &start, &end);
    int decimals;
    if (found) {
        decimals = ptc_check_printed_decimals(s->text.str.s + start, end - start);
    } else {
        char shortest[32];
        ptc_format_number(total, shortest);
        decimals = ptc_check_printed_decimals(shortest, strlen(shortest));
    }
    if (!ptc_check_differs(sum, total, ptc_check_half_unit(decimals))) return;
    char q[QUOTE_SIZE], a[48];
    const char *total_text = found ? ptc_check_quote(s->text.str.s + start, end - start, q)
                                   : ptc_check_quote(s->text.str.s, s->text.str.len, q);
    ptc_check_report(
        c, "total-funds-mismatch", s->text.pos,
        "summary total \"%s\" differs from the sum of the %zu tables' 项目资金, %s %.*s",
        total_text, doc->tables_len, ptc_check_format_amount(sum, a), (int)s->total_funds->unit.len,
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
        /* Both brackets begin with the byte EF: memchr goes to the next
           one, and the bytes before it move only once a bracket was cut
           (until then they are in place). */
        const char *ef = memchr(out + i, 0xEF, n - i);
        size_t stop = ef ? (size_t)(ef - out) : n;
        if (w != i) memmove(out + w, out + i, stop - i);
        w += stop - i;
        i = stop;
        if (i == n) break;
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

static inline int compare_keyed(const keyed *a, const keyed *b) {
    /* tables naming the unit of the table before share its key's bytes */
    int r = a->key == b->key && a->len == b->len
                ? 0
                : ptc_check_compare_bytes(a->key, a->len, b->key, b->len);
    if (r) return r;
    return a->index < b->index ? -1 : a->index > b->index;
}

PTC_DEFINE_STABLE_SORT(sort_keyed, keyed, compare_keyed)

/* First element of sorted `arr` whose key is >= (key, len). */
static size_t lower_bound(const keyed *arr, size_t n, const char *key, size_t len) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ptc_check_compare_bytes(arr[mid].key, arr[mid].len, key, len) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The keys' bytes: one buffer sized for every name up front (3 * len + 1
   each, what unit_key may write), not an allocation a key. */
typedef struct key_buf {
    char *buf;
    size_t used;
} key_buf;

static void make_key(key_buf *kb, keyed *k, ptc_str name, size_t index) {
    k->key = kb->buf + kb->used;
    k->len = unit_key(name, k->key);
    kb->used += k->len;
    k->index = index;
}

static const ptc_text *owner_name(const ptc_table *t) {
    if (ptc_check_present(&t->applicant)) return &t->applicant;
    if (ptc_check_present(&t->executing_unit)) return &t->executing_unit;
    return NULL;
}

/* Room for the keys of the units' and the tables' names; false on overflow. */
static bool key_room(const ptc_document *doc, size_t *room) {
    size_t n = 1;
    for (size_t i = 0; i < doc->units_len; i++) {
        size_t len = doc->units[i].name.str.len;
        if (len > (SIZE_MAX - n) / 4) return false;
        n += 3 * len + 1;
    }
    for (size_t i = 0; i < doc->tables_len; i++) {
        const ptc_text *name = owner_name(&doc->tables[i]);
        size_t len = name ? name->str.len : 0;
        if (len > (SIZE_MAX - n) / 4) return false;
        n += 3 * len + 1;
    }
    *room = n;
    return true;
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
    ptc_check_report(c, "unit-unmatched", o->name->pos, "%s \"%s\" (%zu table%s) does not match %s",
                     o->label, ptc_check_quote_text(o->name, q), hi - lo, hi - lo == 1 ? "" : "s",
                     units);
}

static void report_ambiguous(checker *c, const table_owner *o, const keyed *unit_keys) {
    char q[QUOTE_SIZE], list[3 * QUOTE_SIZE + 64];
    size_t n = 0;
    list[0] = '\0';
    for (size_t k = 0; k < o->units && k < 2; k++) {
        const ptc_unit *u = &c->doc->units[unit_keys[o->first_unit + k].index];
        int w = snprintf(list + n, sizeof list - n, "%s\"%s\" on line %u", k ? ", " : "",
                         ptc_check_quote_text(&u->name, q), u->line);
        if (w > 0 && (size_t)w < sizeof list - n) n += (size_t)w;
    }
    if (o->units > 2) snprintf(list + n, sizeof list - n, ", …");
    ptc_check_report(
        c, "unit-ambiguous", o->name->pos,
        "%s \"%s\" matches %zu units of the list (%s); their project counts are checked together",
        o->label, ptc_check_quote_text(o->name, q), o->units, list);
}

static void report_unit_count(checker *c, const keyed *unit_keys, size_t lo, size_t hi, long listed,
                              size_t tables) {
    const ptc_unit *u = &c->doc->units[unit_keys[lo].index];
    char q[QUOTE_SIZE];
    if (hi - lo == 1) {
        ptc_check_report(c, "unit-count-mismatch", u->name.pos,
                         "unit \"%s\" lists %ld project%s but %zu table%s %s from it",
                         ptc_check_quote_text(&u->name, q), listed, listed == 1 ? "" : "s", tables,
                         tables == 1 ? "" : "s", tables == 1 ? "is" : "are");
        return;
    }
    ptc_check_report(
        c, "unit-count-mismatch", u->name.pos,
        "the %zu units named like \"%s\" list %ld project%s together but %zu table%s %s "
        "from them",
        hi - lo, ptc_check_quote_text(&u->name, q), listed, listed == 1 ? "" : "s", tables,
        tables == 1 ? "" : "s", tables == 1 ? "is" : "are");
}

void ptc_check_units(checker *c) {
    ptc_document *doc = c->doc;
    if (doc->units_len == 0) return;
    size_t nunits = doc->units_len, ntables = doc->tables_len;
    size_t nkeyed_tables = 0, room;
    /* One allocation for the five arrays (the keys' bytes last: they need
       no alignment); only the counts need zeroing. */
    keyed *unit_keys = NULL, *table_keys;
    table_owner *owners;
    size_t *tables_of_group;
    key_buf kb = {NULL, 0};
    size_t arrays = nunits * (sizeof *unit_keys + sizeof *tables_of_group) +
                    ntables * (sizeof *table_keys + sizeof *owners);
    if (!key_room(doc, &room) || room > SIZE_MAX - arrays || !(unit_keys = malloc(arrays + room)))
        goto out_of_memory;
    table_keys = unit_keys + nunits;
    owners = (table_owner *)(table_keys + ntables);
    tables_of_group = (size_t *)(owners + ntables);
    memset(tables_of_group, 0, nunits * sizeof *tables_of_group);
    kb.buf = (char *)(tables_of_group + nunits);
    for (size_t i = 0; i < nunits; i++) make_key(&kb, &unit_keys[i], doc->units[i].name.str, i);
    sort_keyed(unit_keys, nunits);
    /* The table before, when keyed: the next one mostly names the same
       unit, whose key and units are then the same. */
    const table_owner *prev = NULL;
    const keyed *prev_key = NULL;

    /* Attribute each table to the group of units sharing its key. */
    for (size_t i = 0; i < ntables; i++) {
        const ptc_table *t = &doc->tables[i];
        table_owner *o = &owners[i];
        o->name = owner_name(t);
        if (o->name) o->label = o->name == &t->applicant ? "申报单位" : "预算执行单位";
        if (!o->name) {
            char tn[48];
            ptc_check_report(c, "unit-unmatched", ptc_check_heading_pos(t),
                             "%s names no 申报单位 or 预算执行单位 to match against the unit list",
                             ptc_check_table_name(t, tn));
            continue;
        }
        keyed *k = &table_keys[nkeyed_tables++];
        if (prev && prev->name->str.len == o->name->str.len &&
            memcmp(prev->name->str.s, o->name->str.s, o->name->str.len) == 0) {
            k->key = prev_key->key;
            k->len = prev_key->len;
            k->index = i;
            o->first_unit = prev->first_unit;
            o->units = prev->units;
        } else {
            make_key(&kb, k, o->name->str, i);
            size_t lo = lower_bound(unit_keys, nunits, k->key, k->len), hi = lo;
            while (hi < nunits &&
                   ptc_check_compare_bytes(unit_keys[hi].key, unit_keys[hi].len, k->key, k->len) == 0)
                hi++;
            o->first_unit = lo;
            o->units = hi - lo;
        }
        if (o->units) tables_of_group[o->first_unit]++;
        prev = o;
        prev_key = k;
    }

    /* One report per distinct unmatched name, and per ambiguous group, at
       the first table that shows it. */
    sort_keyed(table_keys, nkeyed_tables);
    for (size_t lo = 0, hi; lo < nkeyed_tables; lo = hi) {
        hi = lo + 1;
        while (hi < nkeyed_tables &&
               ptc_check_compare_bytes(table_keys[hi].key, table_keys[hi].len, table_keys[lo].key,
                                       table_keys[lo].len) == 0)
            hi++;
        const table_owner *o = &owners[table_keys[lo].index];
        if (o->units == 0) report_unmatched(c, owners, table_keys, lo, hi);
        else if (o->units > 1) report_ambiguous(c, o, unit_keys);
    }

    for (size_t lo = 0, hi; lo < nunits; lo = hi) {
        hi = lo + 1;
        while (hi < nunits && ptc_check_compare_bytes(unit_keys[hi].key, unit_keys[hi].len,
                                                      unit_keys[lo].key, unit_keys[lo].len) == 0)
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
    free(unit_keys);
}

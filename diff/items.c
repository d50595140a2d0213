/*
 * Indicators, label fields and units (diff/diff.h).
 *
 * Indicators of a table pair are matched one to one: first by category
 * path and name, in order; what is left by name alone (the indicator moved
 * to another category: a "path" change). Of the pairs matched by path and
 * name, those outside a longest run kept in order moved within the form (a
 * "position" change, the 1-based row among the table's indicators). A
 * changed value text is one change; its number and comparator are read
 * from it, so they are reported only when the text is the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"

static bool path_eq(const ptc_indicator *a, const ptc_indicator *b) {
    if (a->path_len != b->path_len) return false;
    for (size_t k = 0; k < a->path_len; k++)
        if (!diff_str_eq(a->path[k].str, b->path[k].str)) return false;
    return true;
}

/* "产出/项目产出/数量指标" (and "/NAME" with `name`) into a memory sink. */
static ptc_str path_text(ptc_sink *s, const ptc_indicator *ind, bool name) {
    size_t len;
    ptc_sink_memory_data(s, &len);
    size_t start = len;
    for (size_t k = 0; k < ind->path_len; k++) {
        if (k) ptc_sink_putc(s, '/');
        ptc_sink_write(s, ind->path[k].str.s, ind->path[k].str.len);
    }
    if (name) {
        if (ind->path_len) ptc_sink_putc(s, '/');
        ptc_sink_write(s, ind->name.str.s, ind->name.str.len);
    }
    ptc_sink_putc(s, '\0');
    const char *data = ptc_sink_memory_data(s, &len);
    return (ptc_str){data + start, len - start - 1};
}

static void indicator_op(diff_out *o, char op, const ptc_indicator *ind) {
    ptc_sink *s = ptc_sink_memory();
    if (!s) return;
    ptc_str item = path_text(s, ind, true);
    size_t mark;
    ptc_sink_memory_data(s, &mark);
    /* the value as the form shows it: value and unit */
    ptc_sink_write(s, ind->value.text.str.s, ind->value.text.str.len);
    if (ind->unit.str.len) {
        ptc_sink_putc(s, ' ');
        ptc_sink_write(s, ind->unit.str.s, ind->unit.str.len);
    }
    size_t len;
    const char *data = ptc_sink_memory_data(s, &len);
    item = (ptc_str){data, item.len}; /* written first; the sink may have moved it */
    ptc_str value = {data + mark, len - mark};
    diff_change c = {op, "indicator", item, NULL, {NULL, 0}, {NULL, 0}, 0, 0};
    if (op == '-') {
        c.old_v = value;
        c.old_line = ind->line;
    } else {
        c.new_v = value;
        c.new_line = ind->line;
    }
    diff_out_change(o, &c);
    ptc_sink_free(s);
}

/* Extra columns: one change per header whose cell differs. */
static void compare_extra(diff_out *o, const char *item, const ptc_indicator *a,
                          const ptc_indicator *b) {
    for (size_t i = 0; i < a->extra_len; i++) {
        ptc_str nv = {NULL, 0};
        for (size_t j = 0; j < b->extra_len; j++)
            if (diff_str_eq(a->extra[i].label.str, b->extra[j].label.str)) nv = b->extra[j].value.str;
        if (!diff_str_eq(a->extra[i].value.str, nv))
            diff_str(o, "indicator", item, "extra", a->extra[i].value.str, a->line, nv, b->line);
    }
    for (size_t j = 0; j < b->extra_len; j++) {
        bool found = false;
        for (size_t i = 0; i < a->extra_len && !found; i++)
            found = diff_str_eq(a->extra[i].label.str, b->extra[j].label.str);
        if (!found) diff_str(o, "indicator", item, "extra", (ptc_str){NULL, 0}, a->line,
                             b->extra[j].value.str, b->line);
    }
}

static void compare_indicator(diff_out *o, const ptc_indicator *a, size_t ia, const ptc_indicator *b,
                              size_t ib, bool moved) {
    ptc_sink *s = ptc_sink_memory();
    if (!s) return;
    ptc_str pa = path_text(s, a, false);
    size_t off_b = pa.len + 1;
    ptc_str pb = path_text(s, b, false);
    ptc_str item = path_text(s, b, true);
    size_t off_item = off_b + pb.len + 1;
    size_t len;
    const char *data = ptc_sink_memory_data(s, &len);
    pa.s = data;
    pb.s = data + off_b;
    item.s = data + off_item;
    const char *name = item.s;
    if (!path_eq(a, b)) diff_str(o, "indicator", name, "path", pa, a->line, pb, b->line);
    diff_str(o, "indicator", name, "name", a->name.str, a->line, b->name.str, b->line);
    if (!diff_str_eq(a->value.text.str, b->value.text.str)) {
        diff_str(o, "indicator", name, "value", a->value.text.str, a->line, b->value.text.str, b->line);
    } else {
        char ba[32], bb[32];
        diff_str(o, "indicator", name, "number", diff_num(a->value.number, ba), a->line,
                 diff_num(b->value.number, bb), b->line);
        diff_str(o, "indicator", name, "comparator", diff_cstr(ptc_comparator_symbol(a->value.comparator)),
                 a->line, diff_cstr(ptc_comparator_symbol(b->value.comparator)), b->line);
    }
    diff_str(o, "indicator", name, "unit", a->unit.str, a->line, b->unit.str, b->line);
    compare_extra(o, name, a, b);
    if (moved) {
        char ba[32], bb[32];
        snprintf(ba, sizeof ba, "%zu", ia + 1);
        snprintf(bb, sizeof bb, "%zu", ib + 1);
        diff_str(o, "indicator", name, "position", diff_cstr(ba), a->line, diff_cstr(bb), b->line);
    }
    ptc_sink_free(s);
}

/* Marks in `keep` the pairs (OLD order) on a longest run whose NEW indices
   increase: those kept their order; the others moved. */
static int longest_run(const size_t *a2b, size_t na, bool *keep) {
    size_t *tail = malloc((na + 1) * sizeof *tail), *prev = malloc((na + 1) * sizeof *prev);
    if (!tail || !prev) {
        free(tail);
        free(prev);
        return -1;
    }
    size_t len = 0;
    for (size_t i = 0; i < na; i++) {
        keep[i] = false;
        prev[i] = SIZE_MAX;
        if (a2b[i] == SIZE_MAX) continue;
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (a2b[tail[mid]] < a2b[i]) lo = mid + 1;
            else hi = mid;
        }
        prev[i] = lo ? tail[lo - 1] : SIZE_MAX;
        tail[lo] = i;
        if (lo == len) len++;
    }
    for (size_t i = len ? tail[len - 1] : SIZE_MAX; i != SIZE_MAX; i = prev[i]) keep[i] = true;
    free(tail);
    free(prev);
    return 0;
}

int diff_indicators(diff_out *o, const ptc_table *ta, const ptc_table *tb) {
    size_t na = ta->indicators_len, nb = tb->indicators_len;
    size_t *a2b = malloc((na + 1) * sizeof *a2b), *b2a = malloc((nb + 1) * sizeof *b2a);
    bool *by_name = calloc(na + 1, sizeof *by_name), *keep = calloc(na + 1, sizeof *keep);
    int rc = a2b && b2a && by_name && keep ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < na; i++) a2b[i] = SIZE_MAX;
    for (size_t j = 0; rc == 0 && j < nb; j++) b2a[j] = SIZE_MAX;
    for (int pass = 0; rc == 0 && pass < 2; pass++)
        for (size_t i = 0; i < na; i++) {
            const ptc_indicator *a = &ta->indicators[i];
            if (a2b[i] != SIZE_MAX || (pass == 1 && !a->name.str.len)) continue;
            for (size_t j = 0; j < nb; j++) {
                const ptc_indicator *b = &tb->indicators[j];
                if (b2a[j] != SIZE_MAX || !diff_str_eq(a->name.str, b->name.str)) continue;
                if (pass == 0 && !path_eq(a, b)) continue;
                a2b[i] = j;
                b2a[j] = i;
                by_name[i] = pass == 1;
                break;
            }
        }
    if (rc == 0) rc = longest_run(a2b, na, keep);
    /* In NEW's order, removed indicators where they stood in OLD. */
    size_t i = 0;
    for (size_t j = 0; rc == 0 && j <= nb; j++) {
        size_t until = j == nb ? na : (b2a[j] != SIZE_MAX ? b2a[j] : 0);
        for (; i < until; i++)
            if (a2b[i] == SIZE_MAX) indicator_op(o, '-', &ta->indicators[i]);
        if (j == nb) break;
        if (b2a[j] == SIZE_MAX) {
            indicator_op(o, '+', &tb->indicators[j]);
        } else {
            size_t m = b2a[j];
            compare_indicator(o, &ta->indicators[m], m, &tb->indicators[j], j, !by_name[m] && !keep[m]);
        }
    }
    free(a2b);
    free(b2a);
    free(by_name);
    free(keep);
    return rc;
}

static ptc_str field_key(const ptc_field *f) { return f->key.s ? f->key : f->label.str; }

static uint32_t line_or(ptc_text t, uint32_t fallback) { return t.pos.line ? t.pos.line : fallback; }

void diff_fields(diff_out *o, const ptc_table *ta, const ptc_table *tb) {
    uint32_t la = ta->lines.first, lb = tb->lines.first;
    for (size_t i = 0; i < ta->fields_len; i++) {
        const ptc_field *a = &ta->fields[i], *b = NULL;
        for (size_t j = 0; j < tb->fields_len && !b; j++)
            if (diff_str_eq(field_key(a), field_key(&tb->fields[j]))) b = &tb->fields[j];
        if (b) {
            if (!diff_str_eq(a->value.str, b->value.str)) {
                diff_change c = {'~', "field", a->label.str, NULL, a->value.str, b->value.str,
                                 line_or(a->value, la), line_or(b->value, lb)};
                diff_out_change(o, &c);
            }
            continue;
        }
        diff_change c = {'-', "field", a->label.str, NULL, a->value.str, {NULL, 0},
                         line_or(a->value, la), 0};
        diff_out_change(o, &c);
    }
    for (size_t j = 0; j < tb->fields_len; j++) {
        const ptc_field *b = &tb->fields[j];
        bool found = false;
        for (size_t i = 0; i < ta->fields_len && !found; i++)
            found = diff_str_eq(field_key(&ta->fields[i]), field_key(b));
        if (found) continue;
        diff_change c = {'+', "field", b->label.str, NULL, {NULL, 0}, b->value.str, 0,
                         line_or(b->value, lb)};
        diff_out_change(o, &c);
    }
}

void diff_units(diff_out *o, const ptc_document *da, const ptc_document *db) {
    char ba[32], bb[32];
    for (size_t i = 0; i < da->units_len; i++) {
        const ptc_unit *a = &da->units[i], *b = NULL;
        for (size_t j = 0; j < db->units_len && !b; j++)
            if (diff_str_eq(a->name.str, db->units[j].name.str)) b = &db->units[j];
        uint32_t la = a->line ? a->line : da->lines.first;
        if (b) {
            diff_str(o, "unit", a->name.str.s ? a->name.str.s : "", "project_count",
                     diff_int(a->project_count, ba), la, diff_int(b->project_count, bb),
                     b->line ? b->line : db->lines.first);
            continue;
        }
        diff_change c = {'-', "unit", a->name.str, NULL, diff_int(a->project_count, ba), {NULL, 0}, la, 0};
        diff_out_change(o, &c);
    }
    for (size_t j = 0; j < db->units_len; j++) {
        const ptc_unit *b = &db->units[j];
        bool found = false;
        for (size_t i = 0; i < da->units_len && !found; i++) found = diff_str_eq(da->units[i].name.str, b->name.str);
        if (found) continue;
        diff_change c = {'+', "unit", b->name.str, NULL, {NULL, 0}, diff_int(b->project_count, bb), 0,
                         b->line ? b->line : db->lines.first};
        diff_out_change(o, &c);
    }
}

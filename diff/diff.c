/*
 * Documents and tables (diff/diff.h). Tables are matched, one to one:
 *   1. by project name and unit (申报单位, else 主管部门), in order;
 *   2. what is left, by table number: a renamed project keeps its number;
 *   3. what is still left was removed (OLD) or added (NEW).
 * A table's number alone is not compared: removing one table renumbers the
 * ones after it, and each would otherwise be reported as changed (the hunk
 * header shows both numbers when they differ).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/numfmt.h"
#include "diff/diff.h"

bool diff_str_eq(ptc_str a, ptc_str b) {
    if (!a.s || !b.s) return !a.s && !b.s;
    return a.len == b.len && (a.len == 0 || memcmp(a.s, b.s, a.len) == 0);
}

ptc_str diff_cstr(const char *s) { return (ptc_str){s, s ? strlen(s) : 0}; }

ptc_str diff_num(ptc_opt_num v, char *buf) {
    if (!v.set) return (ptc_str){NULL, 0};
    ptc_format_number(v.value, buf);
    return diff_cstr(buf);
}

ptc_str diff_int(ptc_opt_int v, char *buf) {
    if (!v.set) return (ptc_str){NULL, 0};
    snprintf(buf, 32, "%ld", v.value);
    return diff_cstr(buf);
}

void diff_str(diff_out *o, const char *scope, const char *item, const char *attr, ptc_str a,
              uint32_t al, ptc_str b, uint32_t bl) {
    if (diff_str_eq(a, b)) return;
    diff_change c = {'~', scope, diff_cstr(item), attr, a, b, al, bl};
    diff_out_change(o, &c);
}

/* A text member's line, else the table's first line (a document read from
   JSON has no positions for texts). */
static uint32_t at(ptc_text t, const ptc_table *tb) { return t.pos.line ? t.pos.line : tb->lines.first; }

static void text_member(diff_out *o, const char *item, ptc_text a, const ptc_table *ta, ptc_text b,
                        const ptc_table *tb) {
    diff_str(o, "table", item, NULL, a.str, at(a, ta), b.str, at(b, tb));
}

/* The unit a table belongs to: 申报单位, else 主管部门. */
static ptc_str unit_of(const ptc_table *t) {
    return t->applicant.str.s ? t->applicant.str : t->department.str;
}

static void compare_amount(diff_out *o, const char *item, const ptc_amount *a, const ptc_table *ta,
                           const ptc_amount *b, const ptc_table *tb) {
    char ba[32], bb[32];
    ptc_str va = a ? diff_num(a->value, ba) : (ptc_str){NULL, 0};
    ptc_str vb = b ? diff_num(b->value, bb) : (ptc_str){NULL, 0};
    ptc_str ua = a ? a->unit : (ptc_str){NULL, 0}, ub = b ? b->unit : (ptc_str){NULL, 0};
    ptc_str xa = a ? a->text.str : (ptc_str){NULL, 0}, xb = b ? b->text.str : (ptc_str){NULL, 0};
    if (diff_str_eq(va, vb) && diff_str_eq(ua, ub) && diff_str_eq(xa, xb)) return;
    /* the amount as written, or its value and unit when the text is the same */
    uint32_t la = a ? at(a->text, ta) : ta->lines.first, lb = b ? at(b->text, tb) : tb->lines.first;
    if (!diff_str_eq(xa, xb)) {
        diff_str(o, "table", item, NULL, xa, la, xb, lb);
        return;
    }
    diff_str(o, "table", item, "value", va, la, vb, lb);
    diff_str(o, "table", item, "unit", ua, la, ub, lb);
}

static int compare_tables(diff_out *o, const ptc_table *a, const ptc_table *b) {
    char ba[32], bb[32];
    uint32_t la = a->lines.first, lb = b->lines.first;
    diff_str(o, "table", "kind", NULL, diff_cstr(ptc_table_kind_name(a->kind)), la,
             diff_cstr(ptc_table_kind_name(b->kind)), lb);
    text_member(o, "title", a->title, a, b->title, b);
    diff_str(o, "table", "year", NULL, diff_int(a->year, ba), a->year_pos.line ? a->year_pos.line : la,
             diff_int(b->year, bb), b->year_pos.line ? b->year_pos.line : lb);
    text_member(o, "project_name", a->project_name, a, b->project_name, b);
    text_member(o, "applicant", a->applicant, a, b->applicant, b);
    text_member(o, "department", a->department, a, b->department, b);
    text_member(o, "executing_unit", a->executing_unit, a, b->executing_unit, b);
    text_member(o, "project_type", a->project_type, a, b->project_type, b);
    ptc_text pa = a->period ? a->period->text : (ptc_text){{NULL, 0}, {0, 0}, {0, 0}};
    ptc_text pb = b->period ? b->period->text : (ptc_text){{NULL, 0}, {0, 0}, {0, 0}};
    text_member(o, "period", pa, a, pb, b);
    compare_amount(o, "funds", a->funds, a, b->funds, b);
    text_member(o, "annual_goal", a->annual_goal, a, b->annual_goal, b);
    text_member(o, "notes", a->notes, a, b->notes, b);
    diff_fields(o, a, b);
    return diff_indicators(o, a, b);
}

static void table_op(diff_out *o, char op, const ptc_table *t) {
    diff_change c = {op, "table", t->project_name.str.s ? t->project_name.str : t->title.str, NULL,
                     {NULL, 0}, {NULL, 0}, 0, 0};
    if (op == '-') {
        c.old_v = c.item;
        c.old_line = t->lines.first;
    } else {
        c.new_v = c.item;
        c.new_line = t->lines.first;
    }
    diff_out_change(o, &c);
}

static void compare_summary(diff_out *o, const ptc_document *a, const ptc_document *b) {
    static const ptc_summary none;
    const ptc_summary *sa = a->summary ? a->summary : &none, *sb = b->summary ? b->summary : &none;
    uint32_t la = sa->text.pos.line ? sa->text.pos.line : a->lines.first;
    uint32_t lb = sb->text.pos.line ? sb->text.pos.line : b->lines.first;
    char ba[32], bb[32];
    diff_str(o, "document", "title", NULL, a->title.str, a->title.pos.line ? a->title.pos.line : la,
             b->title.str, b->title.pos.line ? b->title.pos.line : lb);
    diff_str(o, "summary", "text", NULL, sa->text.str, la, sb->text.str, lb);
    diff_str(o, "summary", "year", NULL, diff_int(sa->year, ba), la, diff_int(sb->year, bb), lb);
    diff_str(o, "summary", "organization", NULL, sa->organization.str, la, sb->organization.str, lb);
    diff_str(o, "summary", "project_count", NULL, diff_int(sa->project_count, ba), la,
             diff_int(sb->project_count, bb), lb);
    const ptc_amount *ta = sa->total_funds, *tb = sb->total_funds;
    diff_str(o, "summary", "total_funds", "value", ta ? diff_num(ta->value, ba) : (ptc_str){NULL, 0}, la,
             tb ? diff_num(tb->value, bb) : (ptc_str){NULL, 0}, lb);
    diff_str(o, "summary", "total_funds", "unit", ta ? ta->unit : (ptc_str){NULL, 0}, la,
             tb ? tb->unit : (ptc_str){NULL, 0}, lb);
    diff_str(o, "document", "text", NULL, a->text.str, a->text.pos.line ? a->text.pos.line : la,
             b->text.str, b->text.pos.line ? b->text.pos.line : lb);
    diff_units(o, a, b);
}

static int compare_documents(diff_out *o, const ptc_document *a, const ptc_document *b) {
    diff_out_tables(o, a, NULL, b, NULL);
    compare_summary(o, a, b);
    size_t na = a->tables_len, nb = b->tables_len;
    size_t *a2b = malloc((na + 1) * sizeof *a2b), *b2a = malloc((nb + 1) * sizeof *b2a);
    if (!a2b || !b2a) {
        free(a2b);
        free(b2a);
        return -1;
    }
    for (size_t i = 0; i < na; i++) a2b[i] = SIZE_MAX;
    for (size_t j = 0; j < nb; j++) b2a[j] = SIZE_MAX;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < na; i++) {
            if (a2b[i] != SIZE_MAX) continue;
            const ptc_table *ta = &a->tables[i];
            for (size_t j = 0; j < nb; j++) {
                const ptc_table *tb = &b->tables[j];
                if (b2a[j] != SIZE_MAX) continue;
                bool same = pass == 0 ? diff_str_eq(ta->project_name.str, tb->project_name.str) &&
                                            diff_str_eq(unit_of(ta), unit_of(tb))
                                      : ta->seq.set && tb->seq.set && ta->seq.value == tb->seq.value;
                if (!same) continue;
                a2b[i] = j;
                b2a[j] = i;
                break;
            }
        }
    /* In NEW's order: removed tables where they stood (before the table that
       followed them in OLD), then each table of NEW. */
    int rc = 0;
    size_t i = 0;
    for (size_t j = 0; j <= nb && rc == 0; j++) {
        size_t until = j < nb && b2a[j] != SIZE_MAX ? b2a[j] : (j == nb ? na : 0);
        for (; i < until; i++)
            if (a2b[i] == SIZE_MAX) {
                diff_out_tables(o, a, &a->tables[i], b, NULL);
                table_op(o, '-', &a->tables[i]);
            }
        if (j == nb) break;
        if (b2a[j] == SIZE_MAX) {
            diff_out_tables(o, a, NULL, b, &b->tables[j]);
            table_op(o, '+', &b->tables[j]);
        } else {
            if (b2a[j] + 1 > i) i = b2a[j] + 1;
            diff_out_tables(o, a, &a->tables[b2a[j]], b, &b->tables[j]);
            rc = compare_tables(o, &a->tables[b2a[j]], &b->tables[j]);
        }
    }
    for (; i < na; i++)
        if (a2b[i] == SIZE_MAX) {
            diff_out_tables(o, a, &a->tables[i], b, NULL);
            table_op(o, '-', &a->tables[i]);
        }
    free(a2b);
    free(b2a);
    return rc;
}

int diff_inputs(diff_out *o, ptc_document *const *old, size_t nold, ptc_document *const *new_,
                size_t nnew) {
    size_t n = nold > nnew ? nold : nnew;
    for (size_t k = 0; k < n; k++) {
        if (k < nold && k < nnew) {
            if (compare_documents(o, old[k], new_[k]) != 0) return -1;
            continue;
        }
        const ptc_document *d = k < nold ? old[k] : new_[k];
        diff_out_tables(o, k < nold ? d : NULL, NULL, k < nnew ? d : NULL, NULL);
        diff_change c = {k < nold ? '-' : '+', "document", d->title.str, NULL, {NULL, 0}, {NULL, 0}, 0, 0};
        if (k < nold) {
            c.old_v = d->source;
            c.old_line = d->lines.first;
        } else {
            c.new_v = d->source;
            c.new_line = d->lines.first;
        }
        diff_out_change(o, &c);
    }
    return 0;
}

/*
 * The outputs of ptconv diff (diff/diff.h).
 *
 * Text, in the spirit of diff -u:
 *   --- OLD
 *   +++ NEW
 *   @@ summary @@
 *   ~ summary total_funds value: "936" → "940" (old.txt:2, new.txt:2)
 *   @@ table 5 手续费、劳务费、委托业务费 @@
 *   ~ funds: "39.54 万元" → "45 万元" (old.txt:120, new.txt:120)
 *   - indicator 产出/项目产出/数量指标/出差次数: "≥2 次" (old.txt:125)
 *   ~ indicator 效益/…/满意度 value: "≥90%" → "≥95%" (old.txt:130, new.txt:131)
 * Values are written as JSON strings (quoted, control characters escaped,
 * so no value can start a line of its own); positions are SOURCE:LINE, the
 * document's source (for JSON input the text it was converted from).
 * Nothing at all is written when there is no change.
 *
 * JSON: {"format":"ptconv-diff","version":1,"old":…,"new":…,"changes":[…]},
 * one change a line (README, "ptconv diff").
 */
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "emitters/json_string.h"

struct diff_out {
    ptc_sink *s;
    bool json;
    const char *old_name, *new_name;
    const ptc_document *od, *nd;
    const ptc_table *ot, *nt;
    bool hunk_open; /* the @@ line of the current pair is written */
    unsigned long changes;
};

diff_out *diff_out_new(ptc_sink *sink, bool json, const char *old_name, const char *new_name) {
    diff_out *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    o->s = sink;
    o->json = json;
    o->old_name = old_name;
    o->new_name = new_name;
    return o;
}

void diff_out_tables(diff_out *o, const ptc_document *od, const ptc_table *ot,
                     const ptc_document *nd, const ptc_table *nt) {
    o->od = od;
    o->nd = nd;
    o->ot = ot;
    o->nt = nt;
    o->hunk_open = false;
}

static void put_cstr(ptc_sink *s, const char *c) { ptc_json_write_string(s, c, strlen(c)); }

static void put_value(ptc_sink *s, ptc_str v) {
    if (v.s) ptc_json_write_string(s, v.s, v.len);
    else ptc_sink_puts(s, "null");
}

/* Raw text for the text output's structure (names in headers and items):
   control characters become spaces so they cannot break the line. */
static void put_plain(ptc_sink *s, ptc_str v) {
    for (size_t i = 0; v.s && i < v.len; i++) {
        unsigned char c = (unsigned char)v.s[i];
        ptc_sink_putc(s, c < 0x20 || c == 0x7F ? ' ' : (char)c);
    }
}

static ptc_str table_name(const ptc_table *t) {
    return t->project_name.str.s ? t->project_name.str : t->title.str;
}

static void put_seq(ptc_sink *s, const ptc_table *t) {
    if (t->seq.set) ptc_sink_printf(s, "%ld", t->seq.value);
    else ptc_sink_putc(s, '?');
}

static void hunk(diff_out *o) {
    if (o->hunk_open) return;
    o->hunk_open = true;
    ptc_sink *s = o->s;
    if (!o->ot && !o->nt) {
        ptc_sink_puts(s, "@@ summary @@\n");
        return;
    }
    ptc_sink_puts(s, "@@ table ");
    const ptc_table *a = o->ot, *b = o->nt;
    bool same = a && b && a->seq.set == b->seq.set && a->seq.value == b->seq.value;
    /* the number (both when it changed); none when neither table has one */
    if ((a && a->seq.set) || (b && b->seq.set)) {
        if (a) put_seq(s, a);
        if (a && b && !same) ptc_sink_puts(s, " → ");
        if (b && !same) put_seq(s, b);
        ptc_sink_putc(s, ' ');
    }
    put_plain(s, table_name(b ? b : a));
    ptc_sink_puts(s, " @@\n");
}

static void put_pos(ptc_sink *s, const ptc_document *d, uint32_t line) {
    put_plain(s, d ? d->source : (ptc_str){NULL, 0});
    ptc_sink_printf(s, ":%lu", (unsigned long)line);
}

static void text_change(diff_out *o, const diff_change *c) {
    ptc_sink *s = o->s;
    if (!o->changes) {
        ptc_sink_puts(s, "--- ");
        put_plain(s, diff_cstr(o->old_name));
        ptc_sink_puts(s, "\n+++ ");
        put_plain(s, diff_cstr(o->new_name));
        ptc_sink_putc(s, '\n');
    }
    hunk(o);
    ptc_sink_putc(s, c->op);
    ptc_sink_putc(s, ' ');
    if (strcmp(c->scope, "table") != 0 || c->op != '~') {
        ptc_sink_puts(s, c->scope);
        ptc_sink_putc(s, ' ');
    }
    if (strcmp(c->scope, "table") == 0 && c->op != '~') {
        put_seq(s, c->op == '-' ? o->ot : o->nt);
        ptc_sink_putc(s, ' ');
    }
    put_plain(s, c->item);
    if (c->attr) {
        ptc_sink_putc(s, ' ');
        ptc_sink_puts(s, c->attr);
    }
    bool table_op = strcmp(c->scope, "table") == 0 && c->op != '~';
    bool document_op = strcmp(c->scope, "document") == 0 && c->op != '~';
    if (c->op == '~') {
        ptc_sink_puts(s, ": ");
        put_value(s, c->old_v);
        ptc_sink_puts(s, " → ");
        put_value(s, c->new_v);
    } else if (!table_op && !document_op) {
        ptc_sink_puts(s, ": ");
        put_value(s, c->op == '-' ? c->old_v : c->new_v);
    }
    ptc_sink_puts(s, " (");
    if (c->op != '+') put_pos(s, o->od, c->old_line);
    if (c->op == '~') ptc_sink_puts(s, ", ");
    if (c->op != '-') put_pos(s, o->nd, c->new_line);
    ptc_sink_puts(s, ")\n");
}

static void json_side(ptc_sink *s, const ptc_document *d, ptc_str v, uint32_t line, bool present) {
    if (!present) {
        ptc_sink_puts(s, "null");
        return;
    }
    ptc_sink_puts(s, "{\"value\":");
    put_value(s, v);
    ptc_sink_puts(s, ",\"source\":");
    put_value(s, d ? d->source : (ptc_str){NULL, 0});
    ptc_sink_printf(s, ",\"line\":%lu}", (unsigned long)line);
}

static void json_seq(ptc_sink *s, const ptc_table *t) {
    if (t && t->seq.set) ptc_sink_printf(s, "%ld", t->seq.value);
    else ptc_sink_puts(s, "null");
}

static void json_start(diff_out *o) {
    ptc_sink_puts(o->s, "{\"format\":\"ptconv-diff\",\"version\":1,\"old\":");
    put_cstr(o->s, o->old_name);
    ptc_sink_puts(o->s, ",\"new\":");
    put_cstr(o->s, o->new_name);
    ptc_sink_puts(o->s, ",\"changes\":[");
}

static void json_change(diff_out *o, const diff_change *c) {
    ptc_sink *s = o->s;
    if (!o->changes) json_start(o);
    else ptc_sink_putc(s, ',');
    ptc_sink_puts(s, "\n{\"op\":");
    put_cstr(s, c->op == '-' ? "removed" : c->op == '+' ? "added" : "changed");
    ptc_sink_puts(s, ",\"scope\":");
    put_cstr(s, c->scope);
    ptc_sink_puts(s, ",\"table\":");
    if (o->ot || o->nt) {
        ptc_sink_puts(s, "{\"old\":");
        json_seq(s, o->ot);
        ptc_sink_puts(s, ",\"new\":");
        json_seq(s, o->nt);
        ptc_sink_puts(s, ",\"name\":");
        put_value(s, table_name(o->nt ? o->nt : o->ot));
        ptc_sink_putc(s, '}');
    } else {
        ptc_sink_puts(s, "null");
    }
    ptc_sink_puts(s, ",\"item\":");
    put_value(s, c->item);
    ptc_sink_puts(s, ",\"attr\":");
    put_value(s, diff_cstr(c->attr));
    ptc_sink_puts(s, ",\"old\":");
    json_side(s, o->od, c->old_v, c->old_line, c->op != '+');
    ptc_sink_puts(s, ",\"new\":");
    json_side(s, o->nd, c->new_v, c->new_line, c->op != '-');
    ptc_sink_putc(s, '}');
}

void diff_out_change(diff_out *o, const diff_change *c) {
    if (o->json) json_change(o, c);
    else text_change(o, c);
    o->changes++;
}

unsigned long diff_out_finish(diff_out *o) {
    unsigned long n = o->changes;
    if (o->json) {
        if (!n) json_start(o);
        ptc_sink_puts(o->s, n ? "\n]}\n" : "]}\n");
    }
    free(o);
    return n;
}

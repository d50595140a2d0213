/*
 * Label rows: 项目名称 | X, 主管部门 | X | 预算执行单位 | Y, and the goal,
 * indicator-block and notes labels that switch the context for the lines
 * after them. Which cell is a label is the classifier's answer (the rules'
 * field dictionary); this file only places the values.
 */
#include <stdio.h>
#include <string.h>

#include "common/normalize.h"
#include "parsers/assemble.h"
#include "parsers/parts.h"
#include "parsers/values.h"

/* Names of units and projects may carry a numeric code ("[301001]某中心",
   "某局（301）"): the name stays in the value, the code goes to *code. */
void ptc_split_code_text(ptc_text *value, ptc_text *code) {
    *code = (ptc_text){.str = {NULL, 0}};
    ptc_str c, n;
    if (!value->str.s || !ptc_split_code(value->str.s, value->str.len, true, &c, &n)) return;
    *code = *value;
    code->str = c;
    value->str = n;
}

/* The fields whose values are names a code may come with. */
static bool coded(ptc_field_id f) {
    return f == PTC_FIELD_PROJECT_NAME || f == PTC_FIELD_DEPARTMENT || f == PTC_FIELD_EXECUTING_UNIT ||
           f == PTC_FIELD_APPLICANT;
}

static void push_field(ptc_parser *p, ptc_table *t, const ptc_cell *label, const ptc_cell *value,
                       const char *key, bool with_code) {
    ptc_field *f = ptc_arena_push(p->doc->arena, (void **)&t->fields, &t->fields_len,
                                  &p->fields_cap, sizeof *f);
    if (!f) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    f->label = ptc_compact_of(p, label);
    f->value = ptc_text_of(p, value);
    f->key = (ptc_str){key, strlen(key)}; /* a rule's, as in note_label_text */
    f->code = (ptc_text){.str = {NULL, 0}};
    if (with_code) ptc_split_code_text(&f->value, &f->code);
    if (!value) f->value.pos = f->label.pos;
    ptc_wrap_offer_field(p, value, t->fields_len - 1);
}

/* YYYY-MM-DD and its NUL into out[11]: ptc_valid_date() bounded every part
   (year 1000-9999, month 1-12, day 1-31). By hand, as snprintf cost two
   thousand instructions a date. */
static void iso_date(char *out, const long ymd[3]) {
    long y = ymd[0], m = ymd[1], d = ymd[2];
    char t[10] = {(char)('0' + y / 1000), (char)('0' + y / 100 % 10), (char)('0' + y / 10 % 10),
                  (char)('0' + y % 10),   '-',
                  (char)('0' + m / 10),   (char)('0' + m % 10),
                  '-',                    (char)('0' + d / 10),
                  (char)('0' + d % 10)};
    memcpy(out, t, sizeof t);
    out[sizeof t] = '\0';
}

static void take_period(ptc_parser *p, ptc_table *t, const ptc_cell *value) {
    ptc_period *per = ptc_arena_alloc(p->doc->arena, sizeof *per);
    if (!per) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    per->text = ptc_text_of(p, value);
    t->period = per;
    ptc_cap cap[6];
    const ptc_str *s = &per->text.str;
    int rc = ptc_scan_period(p->scanner, s->s, s->len, cap);
    if (rc == PTC_SCAN_LIMIT) {
        char q[200];
        ptc_report(p, PTC_SEV_WARNING, "regex-limit", per->text.pos,
                 "pattern matching limit reached on \"%s\"; treated as unrecognised",
                 ptc_quote_excerpt(s->s, s->len, 40, q, sizeof q));
    }
    if (rc != 1) {
        if (ptc_date_serial(s->s, s->len)) {
            char q[200];
            ptc_report(p, PTC_SEV_WARNING, "date-serial", per->text.pos,
                       "project period \"%s\" looks like a spreadsheet date serial, not a date; kept as written",
                       ptc_quote_excerpt(s->s, s->len, 40, q, sizeof q));
        }
        return;
    }
    long v[6] = {0};
    for (int i = 0; i < 6; i++) ptc_read_int(s->s + cap[i].off, cap[i].len, &v[i]);
    if (!ptc_valid_date(v[0], v[1], v[2]) || !ptc_valid_date(v[3], v[4], v[5])) {
        char q[200];
        ptc_report(p, PTC_SEV_WARNING, "invalid-date", per->text.pos,
                 "project period \"%s\" contains a date that does not exist",
                 ptc_quote_excerpt(s->s, s->len, 40, q, sizeof q));
        return;
    }
    iso_date(per->start, v);
    iso_date(per->end, v + 3);
}

/* The unit a funds label names in brackets: 项目资金申请（万元）. */
static ptc_str label_unit(ptc_parser *p, ptc_str qual) {
    if (qual.s && !qual.len) qual.s = NULL;
    static const char *const units[] = {"万元", "元", "亿元"};
    for (size_t i = 0; qual.s && i < sizeof units / sizeof units[0]; i++)
        if (qual.len == strlen(units[i]) && memcmp(qual.s, units[i], qual.len) == 0)
            return ptc_str_of(p, qual.s, qual.len);
    /* no bracket: the form's default; a bracket naming no unit we know: no
       unit from the label (the cell may still give one) */
    if (qual.s) return (ptc_str){NULL, 0};
    return (ptc_str){"万元", strlen("万元")};
}

static void take_funds(ptc_parser *p, ptc_table *t, const ptc_cell *value, ptc_str unit) {
    ptc_amount *a = ptc_arena_alloc(p->doc->arena, sizeof *a);
    if (!a) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    a->text = ptc_text_of(p, value);
    a->unit = unit;
    t->funds = a;
    double v;
    ptc_str cell_unit;
    /* the value cell may repeat a funds label (项目资金申请 | 资金总额: 250):
       the amount is what follows it; the text stays as written */
    if (!value) return;
    size_t off = 0;
    const ptc_rule *inner = ptc_label_prefix(p->classifier, value, &off);
    if (!inner || inner->field != PTC_FIELD_FUNDS) off = 0;
    if (ptc_float_noise(a->text.str.s, a->text.str.len)) {
        char q[200];
        ptc_report(p, PTC_SEV_WARNING, "float-noise", a->text.pos,
                   "\"%s\" looks like a spreadsheet's binary float printed in full; kept as written",
                   ptc_quote_excerpt(a->text.str.s, a->text.str.len, 40, q, sizeof q));
    }
    if (!ptc_read_amount(value->s + off, value->len - off, &v, &cell_unit)) return;
    a->value.set = true;
    a->value.value = v;
    if (cell_unit.s) a->unit = ptc_str_of(p, cell_unit.s, cell_unit.len);
}

static bool has_label(const ptc_table *t, const char *key, size_t n) {
    for (size_t i = 0; i < t->labels_len; i++)
        if (t->labels[i].key.len == n && memcmp(t->labels[i].key.s, key, n) == 0) return true;
    return false;
}

static void add_label(ptc_parser *p, ptc_table *t, const char *key, size_t n, ptc_text label) {
    ptc_field_label *l = ptc_arena_push(p->doc->arena, (void **)&t->labels, &t->labels_len, &p->labels_cap,
                                        sizeof *l);
    if (!l) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    /* not copied: a key is a rule's (the rules outlive the parser and so its
       documents; a copy the caller keeps copies every string) or a literal */
    l->key = (ptc_str){key, n};
    l->label = label;
}

/* Remember the label a fixed field was read from: the first one per key. */
static void note_label_text(ptc_parser *p, ptc_table *t, const char *key, ptc_text label) {
    size_t n = strlen(key);
    if (!has_label(t, key, n)) add_label(p, t, key, n, label);
}

/* note_label_text for a label cell: its text made only when it is kept */
static void note_label(ptc_parser *p, ptc_table *t, ptc_field_id f, const char *key, const ptc_cell *label) {
    size_t n = strlen(key);
    if (!has_label(t, key, n)) add_label(p, t, key, n, ptc_compact_memo_of(p, label, &p->label_memo[f]));
}

/* ptc_split_code_text of a text ptc_text_memo_of just gave from memo m: a
   text the memo holds (the same bytes) is split as it was before. */
static void split_code_memo(const ptc_parser *p, ptc_compact_memo *m, ptc_text *value, ptc_text *code) {
    bool held = value->str.s && m->doc_gen == p->doc_gen && m->text.s == value->str.s &&
                m->text.len == value->str.len;
    if (held && m->split_of == value->str.s) {
        *code = (ptc_text){.str = {NULL, 0}};
        if (!m->split) return;
        *code = *value;
        code->str = m->code;
        value->str = m->name;
        return;
    }
    ptc_split_code_text(value, code);
    if (!held) return;
    m->split_of = m->text.s;
    m->split = code->str.s != NULL;
    m->code = code->str;
    m->name = value->str;
}

/* Set a single-valued header field; a repeated label keeps the first value
   and files the later one under `fields`, with a warning. */
static void set_once(ptc_parser *p, ptc_table *t, ptc_text *slot, ptc_text *code,
                     const ptc_cell *label, const ptc_cell *value, ptc_field_id f, const char *key) {
    if (slot->str.s) {
        char q[200];
        ptc_report(p, PTC_SEV_WARNING, "duplicate-field", ptc_pos_of(p, label),
                 "\"%s\" appears again in this table; the later value is kept under fields",
                 ptc_cell_excerpt(label, q, sizeof q));
        push_field(p, t, label, value, key, code != NULL);
        return;
    }
    ptc_compact_memo *m = &p->value_memo[f];
    *slot = ptc_text_memo_of(p, value, m);
    if (!value) slot->pos = ptc_pos_of(p, label);
    if (code) split_code_memo(p, m, slot, code);
    note_label(p, t, f, key, label);
    ptc_wrap_offer_text(p, value, t, slot, false);
}

static void take_label(ptc_parser *p, const ptc_rule *rule, ptc_str qual, const ptc_cell *label,
                       const ptc_cell *value) {
    ptc_table *t = ptc_table_for_row(p, label);
    if (!t) return;
    ptc_field_id f = rule->field;
    if (f != PTC_FIELD_GOAL && f != PTC_FIELD_INDICATORS && f != PTC_FIELD_NOTES) p->ctx = PTC_CTX_TABLE;
    switch (f) {
    case PTC_FIELD_PROJECT_NAME:
        set_once(p, t, &t->project_name, &t->project_code, label, value, f, rule->key);
        break;
    case PTC_FIELD_DEPARTMENT:
        set_once(p, t, &t->department, &t->department_code, label, value, f, rule->key);
        break;
    case PTC_FIELD_EXECUTING_UNIT:
        set_once(p, t, &t->executing_unit, &t->executing_unit_code, label, value, f, rule->key);
        break;
    case PTC_FIELD_PROJECT_TYPE: set_once(p, t, &t->project_type, NULL, label, value, f, rule->key); break;
    case PTC_FIELD_APPLICANT:
        set_once(p, t, &t->applicant, &t->applicant_code, label, value, f, rule->key);
        break;
    case PTC_FIELD_PERIOD:
        if (t->period) push_field(p, t, label, value, rule->key, coded(f));
        else {
            take_period(p, t, value);
            note_label(p, t, f, rule->key, label);
        }
        break;
    case PTC_FIELD_FUNDS:
        if (t->funds) push_field(p, t, label, value, rule->key, coded(f));
        else {
            take_funds(p, t, value, label_unit(p, qual));
            /* sub-rows may follow (一、预算资金:250): a funds grid, whose
               label is the same text (texts are not changed in place) */
            p->funds_label = ptc_compact_memo_of(p, label, &p->label_memo[f]);
            note_label_text(p, t, rule->key, p->funds_label);
            p->ctx = PTC_CTX_FUNDS;
        }
        break;
    case PTC_FIELD_GOAL:
        if (value) ptc_append_text(p, &t->annual_goal, ptc_text_of(p, value));
        ptc_split_goal_items(p, t, value);
        note_label(p, t, f, rule->key, label);
        ptc_wrap_offer_text(p, value, t, &t->annual_goal, true);
        p->ctx = PTC_CTX_GOAL;
        break;
    case PTC_FIELD_INDICATORS:
        if (value) push_field(p, t, label, value, rule->key, coded(f));
        p->ctx = PTC_CTX_EXPECT_HEADER;
        break;
    case PTC_FIELD_NOTES:
        if (value) ptc_append_text(p, &t->notes, ptc_text_of(p, value));
        else if (!t->notes.str.s) t->notes = (ptc_text){.str = {"", 0}, .pos = ptc_pos_of(p, label)};
        note_label(p, t, f, rule->key, label);
        ptc_wrap_offer_text(p, value, t, &t->notes, true);
        p->ctx = PTC_CTX_NOTES;
        break;
    case PTC_FIELD_OTHER: push_field(p, t, label, value, rule->key, coded(f)); break;
    }
}

static size_t next_nonblank(const ptc_record *r, size_t i) {
    while (i < r->ncells && r->cells[i].blank) i++;
    return i;
}

/* next_nonblank when `*after` non-blank cells lie at i or after it, one of
   which it then takes: none left, and the blank cells to the end of the
   row are not looked at. */
static size_t take_nonblank(const ptc_record *r, size_t i, size_t *after) {
    if (!*after) return r->ncells;
    (*after)--;
    return next_nonblank(r, i);
}

/* The value of a label is the next non-empty cell that is not itself a
   label, so a value shifted right behind an empty cell is still found (its
   column says where). */
void ptc_assemble_label_row(ptc_parser *p, const ptc_classification *cl) {
    const ptc_record *r = p->rec;
    char detail[256];
    size_t dn = 0;
    detail[0] = '\0';
    /* non-blank cells after i (i, cl->first, is one) */
    size_t after = cl->nonblank ? cl->nonblank - 1 : 0;
    for (size_t i = cl->first; i < r->ncells && !p->error;) {
        const ptc_rule *rule = cl->cell_rule[i];
        size_t j = take_nonblank(r, i + 1, &after);
        const ptc_cell *value = j < r->ncells && !cl->cell_rule[j] ? &r->cells[j] : NULL;
        if (!rule) {
            /* a cell after a value that is no label: nothing claims it */
            char q[200];
            ptc_report(p, PTC_SEV_WARNING, "unplaced-cell", ptc_pos_of(p, &r->cells[i]),
                     "cell not recognised as a label and not used: \"%s\"",
                     ptc_cell_excerpt(&r->cells[i], q, sizeof q));
            i = j;
            continue;
        }
        take_label(p, rule, cl->cell_qual[i], &r->cells[i], value);
        if (p->explain && dn < sizeof detail - 1)
            dn += (size_t)snprintf(detail + dn, sizeof detail - dn, "%sfield %s", dn ? ", " : "", rule->key);
        i = value ? take_nonblank(r, j + 1, &after) : j;
    }
    if (p->explain) ptc_explain_set(p, p->cur_explain, detail);
}

void ptc_take_fields_in_grid_row(ptc_parser *p, size_t from) {
    const ptc_record *r = p->rec;
    ptc_context ctx = p->ctx;
    for (size_t i = next_nonblank(r, from); i < r->ncells && !p->error;) {
        ptc_str qual;
        const ptc_rule *rule = ptc_classify_label(p->classifier, &r->cells[i], &qual);
        size_t j = next_nonblank(r, i + 1);
        if (!rule || j >= r->ncells) break;
        ptc_field_id f = rule->field;
        if (f != PTC_FIELD_PROJECT_NAME && f != PTC_FIELD_DEPARTMENT && f != PTC_FIELD_EXECUTING_UNIT &&
            f != PTC_FIELD_PROJECT_TYPE && f != PTC_FIELD_PERIOD)
            break;
        /* the value must not be a label itself */
        ptc_str q2;
        if (ptc_classify_label(p->classifier, &r->cells[j], &q2)) break;
        take_label(p, rule, qual, &r->cells[i], &r->cells[j]);
        i = next_nonblank(r, j + 1);
    }
    p->ctx = ctx;
}

static const ptc_field *field_with_key(const ptc_table *t, const char *key) {
    size_t n = strlen(key);
    for (size_t i = 0; i < t->fields_len; i++)
        if (t->fields[i].key.len == n && memcmp(t->fields[i].key.s, key, n) == 0) return &t->fields[i];
    return NULL;
}

void ptc_fields_finish_table(ptc_parser *p, ptc_table *t) {
    /* 一级项目名称 alone names the project; beside a 二级项目名称 it is its parent */
    const ptc_field *parent = field_with_key(t, "parent_project_name");
    if (parent && !t->project_name.str.s && parent->value.str.len) {
        t->project_name = parent->value;
        t->project_code = parent->code;
        note_label_text(p, t, "project_name", parent->label);
    }
    /* 项目开始日期 + 项目完成日期: the period, both texts kept one per line */
    const ptc_field *start = field_with_key(t, "period_start"), *end = field_with_key(t, "period_end");
    if (t->period || !start || !end || !start->value.str.len || !end->value.str.len) return;
    ptc_period *per = ptc_arena_alloc(p->doc->arena, sizeof *per);
    if (!per) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    per->text = start->value;
    ptc_append_text(p, &per->text, end->value);
    t->period = per;
    note_label_text(p, t, "period", start->label);
    /* the two dates read as one period "START 至 END" would be */
    char buf[128];
    int n = snprintf(buf, sizeof buf, "%.*s至%.*s", (int)start->value.str.len, start->value.str.s,
                     (int)end->value.str.len, end->value.str.s);
    if (n <= 0 || (size_t)n >= sizeof buf) return;
    ptc_cap cap[6];
    if (ptc_scan_period(p->scanner, buf, (size_t)n, cap) != 1) return;
    long v[6] = {0};
    for (int i = 0; i < 6; i++) ptc_read_int(buf + cap[i].off, cap[i].len, &v[i]);
    if (!ptc_valid_date(v[0], v[1], v[2]) || !ptc_valid_date(v[3], v[4], v[5])) return;
    snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", v[0], v[1], v[2]);
    memcpy(per->start, buf, sizeof per->start);
    snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", v[3], v[4], v[5]);
    memcpy(per->end, buf, sizeof per->end);
}

/*
 * The model builder: decoded lines -> cells -> classified lines -> model.
 *
 * A small state machine walks the lines of a document: preamble (title,
 * summary, unit list), then tables (heading, year, applicant, label rows,
 * goal text, indicator header and rows, notes). Every non-blank line is
 * either placed in the model or reported (unplaced-line) with its position.
 * A document is handed to the caller as soon as the next one starts or the
 * input ends, then freed: memory is bounded by the largest document.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/check.h"
#include "model/model.h"
#include "parsers/decode.h"
#include "common/limits.h"
#include "parsers/scan.h"
#include "common/normalize.h"

typedef enum state {
    ST_PREAMBLE,      /* before the first table of a document */
    ST_TABLE,         /* in a table's label rows */
    ST_GOAL,          /* after an empty 项目绩效年度目标 row: text lines are the goal */
    ST_EXPECT_HEADER, /* after 年度绩效指标 */
    ST_INDICATORS,    /* after the indicator header row */
    ST_NOTES,         /* after 其他说明: further text lines continue the notes */
    ST_SKIP_TABLE     /* a table beyond PTC_MAX_TABLES_PER_DOCUMENT (reported once) */
} state;

typedef struct cell {
    const char *s;
    size_t len;
    uint32_t col; /* 1-based character column of the cell's first byte */
    bool blank;
} cell;

typedef struct pending_diag {
    ptc_severity sev;
    const char *code;
    ptc_pos pos;
    char *message;
} pending_diag;

/* Column layout of the current table's indicator block. */
typedef struct column {
    ptc_column_role role;
    int path_index; /* for PTC_COL_LEVEL columns used as path: index in path */
} column;

struct ptc_parser {
    char *source;
    bool check;
    ptc_document_fn on_document;
    void *userdata;
    ptc_decoder *decoder;
    ptc_scanner *scanner;
    int error; /* sticky PTC_ERR_* */
    bool finished;

    ptc_document *doc;
    size_t units_cap, tables_cap;
    long table; /* index of the current table in doc->tables, -1 if none */
    size_t indicators_cap, fields_cap;
    state st;
    uint32_t last_line; /* last non-blank line of the current document */

    column columns[PTC_MAX_CELLS];
    size_t ncolumns, npath;
    bool too_many_indicators_reported, too_many_tables_reported;

    cell cells[PTC_MAX_CELLS];
    size_t ncells;
    uint32_t line;

    char *scratch; /* for label normalisation */
    size_t scratch_cap;

    pending_diag *pending;
    size_t npending, pending_cap;

    ptc_parse_stats stats;
};

/* ---------------------------------------------------------------- helpers */

static void fail(ptc_parser *p, int err) {
    if (!p->error) p->error = err;
}

static ptc_pos pos_of(const ptc_parser *p, const cell *c) {
    ptc_pos pos = {p->line, c ? c->col : 1};
    return pos;
}

static void diag(ptc_parser *p, ptc_severity sev, const char *code, ptc_pos pos, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));
static void diag(ptc_parser *p, ptc_severity sev, const char *code, ptc_pos pos, const char *fmt,
                 ...) {
    if (!p->doc) return;
    va_list ap;
    va_start(ap, fmt);
    if (ptc_document_vdiag(p->doc, sev, code, pos, fmt, ap) != 0) fail(p, PTC_ERR_NOMEM);
    va_end(ap);
}

static const char *excerpt(const cell *c, char *buf, size_t size) {
    return ptc_quote_excerpt(c->s, c->len, 40, buf, size);
}

static ptc_table *cur_table(ptc_parser *p) {
    return p->table >= 0 ? &p->doc->tables[p->table] : NULL;
}

/* Copy normalised free text of a cell into the document. */
static ptc_text text_of(ptc_parser *p, const cell *c) {
    ptc_text t = {.str = {NULL, 0}, .pos = pos_of(p, c)};
    if (!c) {
        t.str.s = "";
        return t;
    }
    char *out = ptc_arena_alloc(p->doc->arena, c->len + 1);
    if (!out) {
        fail(p, PTC_ERR_NOMEM);
        t.str.s = "";
        return t;
    }
    t.str.s = out;
    t.str.len = ptc_norm_text(c->s, c->len, out);
    return t;
}

/* Copy a category cell or label with all whitespace removed. */
static ptc_text compact_of(ptc_parser *p, const cell *c) {
    ptc_text t = {.str = {"", 0}, .pos = pos_of(p, c)};
    if (!c) return t;
    char *out = ptc_arena_alloc(p->doc->arena, c->len + 1);
    if (!out) {
        fail(p, PTC_ERR_NOMEM);
        return t;
    }
    t.str.s = out;
    t.str.len = ptc_norm_compact(c->s, c->len, out);
    return t;
}

static ptc_str str_of(ptc_parser *p, const char *s, size_t len) {
    ptc_str r = ptc_arena_strndup(p->doc->arena, s, len);
    if (!r.s) fail(p, PTC_ERR_NOMEM);
    return r;
}

/* Parse a number the scanner found ("1,234.5"); false for absurd lengths. */
static bool number_at(const char *s, ptc_cap cap, double *out) {
    char buf[64];
    size_t n = 0;
    if (cap.off == PTC_NOCAP) return false;
    for (size_t i = 0; i < cap.len; i++) {
        char c = s[cap.off + i];
        if (c == ',') continue;
        if (n + 1 >= sizeof buf) return false;
        buf[n++] = c;
    }
    buf[n] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end || errno == ERANGE) return false;
    *out = v;
    return true;
}

static long int_at(const char *s, ptc_cap cap) {
    long v = 0;
    for (size_t i = 0; i < cap.len && v < 100000000; i++) v = v * 10 + (s[cap.off + i] - '0');
    return v;
}

/* Scanner results of PTC_SCAN_LIMIT are reported once per line. */
static int scanned(ptc_parser *p, int rc, const cell *c) {
    if (rc == PTC_SCAN_LIMIT) {
        char q[200];
        diag(p, PTC_SEV_WARNING, "regex-limit", pos_of(p, c),
             "pattern matching limit reached on \"%s\"; treated as unrecognised",
             excerpt(c, q, sizeof q));
        return 0;
    }
    return rc;
}

/* First bytes of every label's first character (项 主 预 实 年 其 申 are all
   E4-E7 lead bytes); anything else cannot be a label, so most cells skip
   normalisation and the regex. */
static bool may_be_label(const cell *c) {
    size_t i = 0;
    while (i < c->len && (c->s[i] == ' ' || c->s[i] == '\t')) i++;
    unsigned char b = i < c->len ? (unsigned char)c->s[i] : 0;
    return b >= 0xE4 && b <= 0xE9;
}

static ptc_label label_of(ptc_parser *p, const cell *c, ptc_cap *unit, const char **norm) {
    ptc_label lab = PTC_LABEL_NONE;
    unit->off = PTC_NOCAP;
    if (c->blank || c->len > 48 || !may_be_label(c)) return lab;
    size_t n = ptc_norm_label(c->s, c->len, p->scratch);
    if (scanned(p, ptc_scan_label(p->scanner, p->scratch, n, &lab, unit), c) != 1)
        return PTC_LABEL_NONE;
    if (norm) *norm = p->scratch;
    return lab;
}

/* ------------------------------------------------------ document lifecycle */

static void flush_pending(ptc_parser *p) {
    for (size_t i = 0; i < p->npending; i++) {
        pending_diag *d = &p->pending[i];
        if (ptc_document_diag(p->doc, d->sev, d->code, d->pos, "%s", d->message) != 0)
            fail(p, PTC_ERR_NOMEM);
        free(d->message);
    }
    p->npending = 0;
}

static void reset_table_state(ptc_parser *p) {
    p->table = -1;
    p->indicators_cap = p->fields_cap = 0;
    p->ncolumns = p->npath = 0;
    p->too_many_indicators_reported = false;
}

static bool ensure_doc(ptc_parser *p) {
    if (p->doc) return true;
    p->doc = ptc_document_new(p->source);
    if (!p->doc) {
        fail(p, PTC_ERR_NOMEM);
        return false;
    }
    p->doc->lines.first = p->line;
    p->units_cap = p->tables_cap = 0;
    p->too_many_tables_reported = false;
    p->st = ST_PREAMBLE;
    reset_table_state(p);
    return true;
}

/* Diagnostics come from the decoder, the builder and the checks at different
   times; readers want them in source order. */
static void sort_diagnostics(ptc_document *d) {
    /* Insertion sort: stable, and linear on the nearly sorted lists that
       occur (the list is capped at PTC_MAX_DIAGNOSTICS anyway). */
    size_t n = d->diags_len;
    for (size_t i = 1; i < n; i++) {
        ptc_diag key = d->diags[i];
        size_t j = i;
        while (j > 0 && (d->diags[j - 1].pos.line > key.pos.line ||
                         (d->diags[j - 1].pos.line == key.pos.line && d->diags[j - 1].pos.col > key.pos.col))) {
            d->diags[j] = d->diags[j - 1];
            j--;
        }
        d->diags[j] = key;
    }
}

static void finish_doc(ptc_parser *p) {
    ptc_document *d = p->doc;
    if (!d) return;
    d->lines.last = p->last_line ? p->last_line : d->lines.first;
    for (size_t i = 0; i < d->tables_len; i++) if (ptc_table_compute_rowspans(d->arena, &d->tables[i]) != 0) fail(p, PTC_ERR_NOMEM);
    if (p->check && ptc_check_document(d) != 0) fail(p, PTC_ERR_NOMEM);
    sort_diagnostics(d);
    for (size_t i = 0; i < d->diags_len; i++) {
        if (d->diags[i].severity == PTC_SEV_ERROR) p->stats.errors++;
        if (d->diags[i].severity == PTC_SEV_WARNING) p->stats.warnings++;
    }
    p->stats.documents++;
    p->stats.tables += d->tables_len;
    for (size_t i = 0; i < d->tables_len; i++) p->stats.indicators += d->tables[i].indicators_len;
    p->doc = NULL;
    if (!p->error && p->on_document(d, p->userdata) != 0) fail(p, PTC_ERR_STOPPED);
    ptc_document_free(d);
    p->last_line = 0;
}

static ptc_table *start_table(ptc_parser *p, const cell *c, ptc_opt_int seq, ptc_text title,
                              ptc_table_kind kind) {
    ptc_document *d = p->doc;
    reset_table_state(p);
    if (d->tables_len >= PTC_MAX_TABLES_PER_DOCUMENT) {
        if (!p->too_many_tables_reported)
            diag(p, PTC_SEV_ERROR, "too-many-tables", pos_of(p, c),
                 "more than %u tables in one document; this table and the rest are not read",
                 PTC_MAX_TABLES_PER_DOCUMENT);
        p->too_many_tables_reported = true;
        p->st = ST_SKIP_TABLE;
        return NULL;
    }
    ptc_table *t = ptc_arena_push(d->arena, (void **)&d->tables, &d->tables_len, &p->tables_cap,
                                  sizeof *t);
    if (!t) {
        fail(p, PTC_ERR_NOMEM);
        return NULL;
    }
    p->table = (long)(d->tables_len - 1);
    t->seq = seq;
    t->kind = kind;
    t->title = title;
    t->lines.first = t->lines.last = p->line;
    p->st = ST_TABLE;
    return t;
}

/* Label rows and indicator blocks may come without a heading (other
   layouts); they then open a table without number or title. */
static ptc_table *table_for_row(ptc_parser *p, const cell *c) {
    if (p->st == ST_SKIP_TABLE) return NULL;
    ptc_table *t = cur_table(p);
    if (t) return t;
    ptc_opt_int none = {false, 0};
    ptc_text no_title = {.str = {NULL, 0}};
    return start_table(p, c, none, no_title, PTC_TABLE_TARGET);
}

/* --------------------------------------------------------- preamble lines */

static void take_summary(ptc_parser *p, const cell *c, const ptc_line_match *m) {
    ptc_document *d = p->doc;
    ptc_summary *s = ptc_arena_alloc(d->arena, sizeof *s);
    ptc_amount *total = ptc_arena_alloc(d->arena, sizeof *total);
    if (!s || !total) {
        fail(p, PTC_ERR_NOMEM);
        return;
    }
    s->text = text_of(p, c);
    s->year.set = true;
    s->year.value = int_at(c->s, m->cap[0]);
    cell org = {c->s + m->cap[1].off, m->cap[1].len, c->col + (uint32_t)ptc_utf8_chars(c->s, m->cap[1].off), false};
    s->organization = text_of(p, &org);
    s->project_count.set = true;
    s->project_count.value = int_at(c->s, m->cap[2]);
    double v;
    if (number_at(c->s, m->cap[3], &v)) {
        total->value.set = true;
        total->value.value = v;
    }
    total->unit = str_of(p, c->s + m->cap[4].off, m->cap[4].len);
    s->total_funds = total;
    d->summary = s;
}

static void take_unit(ptc_parser *p, const cell *c, const ptc_line_match *m) {
    ptc_document *d = p->doc;
    ptc_unit *u = ptc_arena_push(d->arena, (void **)&d->units, &d->units_len, &p->units_cap, sizeof *u);
    if (!u) {
        fail(p, PTC_ERR_NOMEM);
        return;
    }
    u->seq.set = true;
    u->seq.value = int_at(c->s, m->cap[0]);
    cell name = {c->s + m->cap[1].off, m->cap[1].len,
                 c->col + (uint32_t)ptc_utf8_chars(c->s, m->cap[1].off), false};
    u->name = text_of(p, &name);
    u->project_count.set = true;
    u->project_count.value = int_at(c->s, m->cap[2]);
    u->line = p->line;
}

/* --------------------------------------------------------- label rows */

static void append_text(ptc_parser *p, ptc_text *dst, ptc_text add) {
    if (!add.str.s || add.str.len == 0) return;
    if (!dst->str.s || dst->str.len == 0) {
        *dst = add;
        return;
    }
    char *buf = ptc_arena_alloc(p->doc->arena, dst->str.len + 1 + add.str.len + 1);
    if (!buf) {
        fail(p, PTC_ERR_NOMEM);
        return;
    }
    memcpy(buf, dst->str.s, dst->str.len);
    buf[dst->str.len] = '\n';
    memcpy(buf + dst->str.len + 1, add.str.s, add.str.len);
    dst->str.s = buf;
    dst->str.len += 1 + add.str.len;
}

static void push_field(ptc_parser *p, ptc_table *t, const cell *label, const cell *value) {
    ptc_field *f = ptc_arena_push(p->doc->arena, (void **)&t->fields, &t->fields_len,
                                  &p->fields_cap, sizeof *f);
    if (!f) {
        fail(p, PTC_ERR_NOMEM);
        return;
    }
    f->label = compact_of(p, label);
    f->value = text_of(p, value);
    if (!value) f->value.pos = f->label.pos;
}

static bool valid_date(long y, long m, long d) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    int max = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    return d <= max;
}

static void take_period(ptc_parser *p, ptc_table *t, const cell *value) {
    ptc_period *per = ptc_arena_alloc(p->doc->arena, sizeof *per);
    if (!per) {
        fail(p, PTC_ERR_NOMEM);
        return;
    }
    per->text = text_of(p, value);
    t->period = per;
    ptc_cap cap[6];
    const ptc_str *s = &per->text.str;
    if (scanned(p, ptc_scan_period(p->scanner, s->s, s->len, cap), value) != 1) return;
    long v[6];
    for (int i = 0; i < 6; i++) v[i] = int_at(s->s, cap[i]);
    if (!valid_date(v[0], v[1], v[2]) || !valid_date(v[3], v[4], v[5])) {
        char q[200];
        diag(p, PTC_SEV_WARNING, "invalid-date", per->text.pos,
             "project period \"%s\" contains a date that does not exist",
             ptc_quote_excerpt(s->s, s->len, 40, q, sizeof q));
        return;
    }
    /* valid_date() bounds every part, so each date is exactly 10 characters */
    char buf[64];
    snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", v[0], v[1], v[2]);
    memcpy(per->start, buf, sizeof per->start);
    snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", v[3], v[4], v[5]);
    memcpy(per->end, buf, sizeof per->end);
}

static void take_funds(ptc_parser *p, ptc_table *t, const cell *value, ptc_str label_unit) {
    ptc_amount *a = ptc_arena_alloc(p->doc->arena, sizeof *a);
    if (!a) {
        fail(p, PTC_ERR_NOMEM);
        return;
    }
    a->text = text_of(p, value);
    a->unit = label_unit;
    t->funds = a;
    ptc_cap num, unit;
    const ptc_str *s = &a->text.str;
    if (scanned(p, ptc_scan_amount(p->scanner, s->s, s->len, &num, &unit), value) != 1) return;
    double v;
    if (number_at(s->s, num, &v)) {
        a->value.set = true;
        a->value.value = v;
    }
    if (unit.off != PTC_NOCAP) a->unit = str_of(p, s->s + unit.off, unit.len);
}

/* Set a single-valued header field; a repeated label keeps the first value
   and files the later one under `fields`, with a warning. */
static void set_once(ptc_parser *p, ptc_table *t, ptc_text *slot, const cell *label,
                     const cell *value) {
    if (slot->str.s) {
        char q[200];
        diag(p, PTC_SEV_WARNING, "duplicate-field", pos_of(p, label),
             "\"%s\" appears again in this table; the later value is kept under fields",
             excerpt(label, q, sizeof q));
        push_field(p, t, label, value);
        return;
    }
    *slot = text_of(p, value);
    if (!value) slot->pos = pos_of(p, label);
}

static void take_label(ptc_parser *p, ptc_label lab, ptc_str label_unit, const cell *label,
                       const cell *value) {
    ptc_table *t = table_for_row(p, label);
    if (!t) return;
    if (lab != PTC_LABEL_GOAL && lab != PTC_LABEL_INDICATORS && lab != PTC_LABEL_NOTES)
        p->st = ST_TABLE;
    switch (lab) {
    case PTC_LABEL_PROJECT_NAME: set_once(p, t, &t->project_name, label, value); break;
    case PTC_LABEL_DEPARTMENT: set_once(p, t, &t->department, label, value); break;
    case PTC_LABEL_EXECUTING_UNIT: set_once(p, t, &t->executing_unit, label, value); break;
    case PTC_LABEL_PROJECT_TYPE: set_once(p, t, &t->project_type, label, value); break;
    case PTC_LABEL_APPLICANT: set_once(p, t, &t->applicant, label, value); break;
    case PTC_LABEL_PERIOD:
        if (t->period) push_field(p, t, label, value);
        else take_period(p, t, value);
        break;
    case PTC_LABEL_FUNDS:
        if (t->funds) push_field(p, t, label, value);
        else take_funds(p, t, value, label_unit);
        break;
    case PTC_LABEL_GOAL:
        if (value) append_text(p, &t->annual_goal, text_of(p, value));
        p->st = ST_GOAL;
        break;
    case PTC_LABEL_INDICATORS:
        if (value) push_field(p, t, label, value);
        p->st = ST_EXPECT_HEADER;
        break;
    case PTC_LABEL_NOTES:
        if (value) append_text(p, &t->notes, text_of(p, value));
        else if (!t->notes.str.s) t->notes = (ptc_text){.str = {"", 0}, .pos = pos_of(p, label)};
        p->st = ST_NOTES;
        break;
    case PTC_LABEL_NONE: push_field(p, t, label, value); break;
    }
}

static size_t next_nonblank(const ptc_parser *p, size_t i) {
    while (i < p->ncells && p->cells[i].blank) i++;
    return i;
}

/* A row of label/value pairs: 主管部门 | X | 预算执行单位 | Y. The value of a
   label is the next non-empty cell that is not itself a label, so a value
   shifted right behind an empty cell is still found (its column says where). */
static void take_label_row(ptc_parser *p, size_t first, ptc_label first_label, ptc_cap first_unit) {
    size_t i = first;
    ptc_label lab = first_label;
    ptc_cap unit = first_unit;
    while (i < p->ncells) {
        const cell *label = &p->cells[i];
        ptc_str label_unit = {"万元", strlen("万元")};
        if (lab == PTC_LABEL_FUNDS && unit.off != PTC_NOCAP) {
            const char *norm = NULL;
            ptc_cap u;
            label_of(p, label, &u, &norm);
            if (norm && u.off != PTC_NOCAP) label_unit = str_of(p, norm + u.off, u.len);
        }
        size_t j = next_nonblank(p, i + 1);
        const cell *value = NULL;
        ptc_label next_lab = PTC_LABEL_NONE;
        ptc_cap next_unit = {PTC_NOCAP, 0};
        if (j < p->ncells) {
            next_lab = label_of(p, &p->cells[j], &next_unit, NULL);
            if (next_lab == PTC_LABEL_NONE) value = &p->cells[j];
        }
        take_label(p, lab, label_unit, label, value);
        if (p->error) return;
        if (value) {
            i = next_nonblank(p, j + 1);
            if (i < p->ncells) lab = label_of(p, &p->cells[i], &unit, NULL);
        } else {
            i = j;
            lab = next_lab;
            unit = next_unit;
        }
    }
}

/* ------------------------------------------------------- indicator block */

/* The cheap byte test before the header regexes: every header row names
   the value column. */
static bool row_contains(const ptc_parser *p, const char *needle) {
    for (size_t i = 0; i < p->ncells; i++)
        if (ptc_contains(p->cells[i].s, p->cells[i].len, needle)) return true;
    return false;
}

static bool is_header_row(ptc_parser *p) {
    bool has_value = false, has_level = false;
    for (size_t i = 0; i < p->ncells; i++) {
        const cell *c = &p->cells[i];
        if (c->blank || c->len > 24) continue;
        size_t n = ptc_norm_label(c->s, c->len, p->scratch);
        ptc_column_role role;
        int level;
        if (scanned(p, ptc_scan_header_cell(p->scanner, p->scratch, n, &role, &level), c) != 1)
            continue;
        has_value |= role == PTC_COL_VALUE;
        has_level |= role == PTC_COL_LEVEL || role == PTC_COL_NAME;
    }
    return has_value && has_level;
}

/* The header says which columns are category levels, which one names the
   indicator (指标名称, else the deepest N级指标), the value and the unit;
   anything else is an extra column kept under its header text. */
static void take_header(ptc_parser *p) {
    ptc_table *t = table_for_row(p, &p->cells[0]);
    if (!t) return;
    size_t last = p->ncells;
    while (last > 0 && p->cells[last - 1].blank) last--;
    t->columns = ptc_arena_alloc(p->doc->arena, sizeof *t->columns * (last ? last : 1));
    if (!t->columns) {
        fail(p, PTC_ERR_NOMEM);
        return;
    }
    t->columns_len = last;
    p->ncolumns = last;
    long name_col = -1, deepest = -1;
    int deepest_level = -1;
    for (size_t i = 0; i < last; i++) {
        const cell *c = &p->cells[i];
        t->columns[i].header = compact_of(p, c);
        size_t n = ptc_norm_label(c->s, c->len, p->scratch);
        ptc_column_role role = PTC_COL_EXTRA;
        int level = 0;
        if (!c->blank) scanned(p, ptc_scan_header_cell(p->scanner, p->scratch, n, &role, &level), c);
        p->columns[i].role = role;
        p->columns[i].path_index = -1;
        if (role == PTC_COL_NAME && name_col < 0) name_col = (long)i;
        if (role == PTC_COL_LEVEL && level >= deepest_level) {
            deepest_level = level;
            deepest = (long)i;
        }
    }
    if (name_col < 0 && deepest >= 0) {
        name_col = deepest;
        p->columns[deepest].role = PTC_COL_NAME;
    }
    p->npath = 0;
    for (size_t i = 0; i < last; i++) {
        t->columns[i].role = p->columns[i].role;
        t->columns[i].key = t->columns[i].header.str;
        if (p->columns[i].role == PTC_COL_LEVEL) p->columns[i].path_index = (int)p->npath++;
    }
    t->lines.last = p->line;
    p->st = ST_INDICATORS;
}

static void take_indicator(ptc_parser *p) {
    ptc_table *t = cur_table(p);
    ptc_document *d = p->doc;
    if (t->indicators_len >= PTC_MAX_INDICATORS_PER_TABLE) {
        if (!p->too_many_indicators_reported)
            diag(p, PTC_SEV_ERROR, "too-many-indicators", pos_of(p, &p->cells[0]),
                 "more than %u indicators in one table; the rest of this table's are not read",
                 PTC_MAX_INDICATORS_PER_TABLE);
        p->too_many_indicators_reported = true;
        return;
    }
    const ptc_indicator *prev = t->indicators_len ? &t->indicators[t->indicators_len - 1] : NULL;
    ptc_indicator *ind = ptc_arena_push(d->arena, (void **)&t->indicators, &t->indicators_len,
                                        &p->indicators_cap, sizeof *ind);
    if (!ind) {
        fail(p, PTC_ERR_NOMEM);
        return;
    }
    /* The push may have moved the array: find the previous row again. */
    prev = t->indicators_len > 1 ? &t->indicators[t->indicators_len - 2] : NULL;
    ind->line = p->line;
    ind->path_len = p->npath;
    ind->path = ptc_arena_alloc(d->arena, sizeof *ind->path * (p->npath ? p->npath : 1));
    size_t nextra = 0;
    for (size_t i = 0; i < p->ncolumns; i++) nextra += p->columns[i].role == PTC_COL_EXTRA;
    for (size_t i = p->ncolumns; i < p->ncells; i++) nextra += !p->cells[i].blank;
    ind->extra = ptc_arena_alloc(d->arena, sizeof *ind->extra * (nextra ? nextra : 1));
    if (!ind->path || !ind->extra) {
        fail(p, PTC_ERR_NOMEM);
        return;
    }
    ind->name = ind->unit = (ptc_text){.str = {"", 0}, .pos = pos_of(p, NULL)};
    ind->value.text = ind->name;
    for (size_t i = 0; i < p->ncolumns; i++) {
        const cell *c = i < p->ncells ? &p->cells[i] : NULL;
        switch (p->columns[i].role) {
        case PTC_COL_LEVEL: {
            int k = p->columns[i].path_index;
            ind->path[k] = compact_of(p, c);
            /* Merged category cells (printed forms, spreadsheets) leave the
               cell empty on continuation rows: the category is the one above,
               and its position still points at the line it came from. */
            if (ind->path[k].str.len == 0 && prev && (size_t)k < prev->path_len)
                ind->path[k] = prev->path[k];
            break;
        }
        case PTC_COL_NAME: ind->name = text_of(p, c); break;
        case PTC_COL_VALUE: {
            ind->value.text = text_of(p, c);
            int cmp;
            ptc_cap num;
            const ptc_str *s = &ind->value.text.str;
            if (scanned(p, ptc_scan_value(p->scanner, s->s, s->len, &cmp, &num), c) == 1) {
                ind->value.comparator = (ptc_comparator)cmp;
                ind->value.number.set = number_at(s->s, num, &ind->value.number.value);
            }
            break;
        }
        case PTC_COL_UNIT: ind->unit = text_of(p, c); break;
        case PTC_COL_COMPARATOR:
        case PTC_COL_LABEL: break;
        case PTC_COL_EXTRA: {
            ptc_field *f = &ind->extra[ind->extra_len++];
            f->label = t->columns[i].header;
            f->value = text_of(p, c);
            break;
        }
        }
    }
    for (size_t i = p->ncolumns; i < p->ncells; i++) {
        const cell *c = &p->cells[i];
        if (c->blank) continue;
        char q[200], key[24];
        diag(p, PTC_SEV_WARNING, "extra-cell", pos_of(p, c),
             "cell \"%s\" is beyond the indicator header's %zu columns; kept in extra as \"#%zu\"",
             excerpt(c, q, sizeof q), p->ncolumns, i + 1);
        ptc_field *f = &ind->extra[ind->extra_len++];
        int n = snprintf(key, sizeof key, "#%zu", i + 1);
        f->label = (ptc_text){.str = str_of(p, key, (size_t)n), .pos = pos_of(p, c)};
        f->value = text_of(p, c);
    }
}

/* ----------------------------------------------------------- dispatch */

static void unplaced(ptc_parser *p, const cell *c) {
    char q[200];
    diag(p, PTC_SEV_WARNING, "unplaced-line", pos_of(p, c),
         "line not recognised here and not used: \"%s\"", excerpt(c, q, sizeof q));
}

static ptc_table_kind kind_of(const char *s, size_t len) {
    ptc_table_kind k = PTC_TABLE_TARGET;
    for (size_t i = 0; i + 6 <= len; i++) {
        if (memcmp(s + i, "自评", 6) == 0) return PTC_TABLE_SELF_EVALUATION;
        if (memcmp(s + i, "整体", 6) == 0) k = PTC_TABLE_OVERALL;
    }
    return k;
}

/* A title, a summary, a unit list or a table numbered 1 after the current
   document has tables (or already has that part) starts the next document. */
static void begin_part(ptc_parser *p, bool starts_new) {
    if (p->doc && starts_new) finish_doc(p);
    ensure_doc(p);
}

static void handle_line(ptc_parser *p) {
    size_t f = next_nonblank(p, 0);
    size_t nonblank = 0;
    for (size_t i = f; i < p->ncells; i++) nonblank += !p->cells[i].blank;
    const cell *c = &p->cells[f];
    ptc_cap unit;
    ptc_label lab = label_of(p, c, &unit, NULL);
    ptc_line_match m = {PTC_LINE_NONE, {{0, 0}}};
    ptc_document *d = p->doc;

    if (lab == PTC_LABEL_NONE && nonblank == 1) {
        scanned(p, ptc_scan_line(p->scanner, c->s, c->len, &m), c);
        if (m.kind == PTC_LINE_TITLE) {
            begin_part(p, d && (d->title.str.s || d->summary || d->units_len || d->tables_len));
            if (!p->doc) return;
            if (!p->doc->title.str.s) {
                cell tc = {c->s + m.cap[0].off, m.cap[0].len,
                           c->col + (uint32_t)ptc_utf8_chars(c->s, m.cap[0].off), false};
                p->doc->title = text_of(p, &tc);
            }
            reset_table_state(p);
            p->st = ST_PREAMBLE;
            return;
        }
        if (m.kind == PTC_LINE_HEADING) {
            long seq = int_at(c->s, m.cap[0]);
            begin_part(p, d && seq == 1 && d->tables_len);
            if (!p->doc) return;
            ptc_opt_int s = {true, seq};
            cell tc = {c->s + m.cap[1].off, m.cap[1].len,
                       c->col + (uint32_t)ptc_utf8_chars(c->s, m.cap[1].off), false};
            start_table(p, c, s, text_of(p, &tc), kind_of(tc.s, tc.len));
            return;
        }
    }
    if (!ensure_doc(p)) return;
    d = p->doc;
    if (p->st == ST_SKIP_TABLE) return; /* reported once by start_table */
    ptc_table *t = cur_table(p);
    if (t) t->lines.last = p->line;

    if (lab != PTC_LABEL_NONE) {
        take_label_row(p, f, lab, unit);
        return;
    }
    /* cheap test first: a header row's first cell names a level (一级指标,
       指标类型, 绩效指标 …) and some cell names the value column */
    if (nonblank >= 2 && ptc_contains(c->s, c->len, "指标") && row_contains(p, "指标值") &&
        is_header_row(p)) {
        take_header(p);
        return;
    }
    if (p->st == ST_INDICATORS && p->ncells > 1) {
        /* `联系人 | 张三` after the indicators is another label row, not an
           indicator of two category cells: an indicator row fills more than
           its first two columns (a name, a value) when the block is wide. */
        size_t second = next_nonblank(p, f + 1);
        bool label_pair = f == 0 && nonblank == 2 && second == 1 && p->ncolumns >= 4;
        if (!label_pair) {
            take_indicator(p);
            return;
        }
        take_label_row(p, f, PTC_LABEL_NONE, (ptc_cap){PTC_NOCAP, 0});
        return;
    }
    if (nonblank == 1) {
        if (p->st == ST_GOAL && t) {
            append_text(p, &t->annual_goal, text_of(p, c));
            return;
        }
        if (p->st == ST_NOTES && t) {
            append_text(p, &t->notes, text_of(p, c));
            return;
        }
        switch (m.kind) {
        case PTC_LINE_SUMMARY:
            if (d->summary || d->tables_len) {
                begin_part(p, true);
                d = p->doc;
                if (!d) return;
            }
            take_summary(p, c, &m);
            p->st = ST_PREAMBLE;
            return;
        case PTC_LINE_UNIT_ITEM:
            if (d->tables_len && int_at(c->s, m.cap[0]) == 1) {
                begin_part(p, true);
                if (!p->doc) return;
            }
            take_unit(p, c, &m);
            return;
        case PTC_LINE_INTRO:
            if (!t) return; /* "绩效目标表如下：" introduces the unit list */
            break;
        case PTC_LINE_YEAR:
            if (t && !t->year.set) {
                t->year.set = true;
                t->year.value = int_at(c->s, m.cap[0]);
                t->year_pos = pos_of(p, c);
                return;
            }
            break;
        case PTC_LINE_APPLICANT: {
            t = table_for_row(p, c);
            if (!t) return;
            cell ac = {c->s + m.cap[0].off, m.cap[0].len,
                       c->col + (uint32_t)ptc_utf8_chars(c->s, m.cap[0].off), false};
            if (!t->applicant.str.s) {
                t->applicant = text_of(p, &ac);
                return;
            }
            break;
        }
        default: break;
        }
    } else if (t && p->st != ST_PREAMBLE) {
        /* another label row: 项目负责人 | 张三 | 联系电话 | … */
        take_label_row(p, f, PTC_LABEL_NONE, (ptc_cap){PTC_NOCAP, 0});
        return;
    }
    unplaced(p, c);
}

/* ------------------------------------------------------ decoder callbacks */

static void on_decode_diag(void *ud, ptc_severity sev, const char *code, uint32_t line,
                           uint32_t col, const char *message) {
    ptc_parser *p = ud;
    if (p->npending == p->pending_cap) {
        size_t ncap = p->pending_cap ? p->pending_cap * 2 : 8;
        pending_diag *n = realloc(p->pending, ncap * sizeof *n);
        if (!n) {
            fail(p, PTC_ERR_NOMEM);
            return;
        }
        p->pending = n;
        p->pending_cap = ncap;
    }
    char *msg = strdup(message);
    if (!msg) {
        fail(p, PTC_ERR_NOMEM);
        return;
    }
    p->pending[p->npending++] = (pending_diag){sev, code, {line, col}, msg};
}

static void split_cells(ptc_parser *p, const char *s, size_t len) {
    const char *end = s + len;
    uint32_t col = 1;
    p->ncells = 0;
    for (;;) {
        const char *tab = memchr(s, '\t', (size_t)(end - s));
        const char *stop = tab ? tab : end;
        if (p->ncells == PTC_MAX_CELLS) {
            ptc_pos pos = {p->line, col};
            if (ensure_doc(p))
                diag(p, PTC_SEV_ERROR, "too-many-cells", pos,
                     "more than %u TAB-separated cells in one line; the rest of the line is not read",
                     PTC_MAX_CELLS);
            return;
        }
        cell *c = &p->cells[p->ncells++];
        c->s = s;
        c->len = (size_t)(stop - s);
        c->col = col;
        c->blank = ptc_is_blank(s, c->len);
        if (!tab) return;
        col += (uint32_t)ptc_utf8_chars(s, c->len) + 1;
        s = tab + 1;
    }
}

static void on_line(void *ud, uint32_t lineno, const char *s, size_t len) {
    ptc_parser *p = ud;
    if (p->error) return;
    p->line = lineno;
    p->stats.lines = lineno;
    if (p->scratch_cap < 3 * (len < 64 ? 64 : len) + 16) {
        size_t ncap = 3 * (len < 64 ? 64 : len) + 16;
        char *n = realloc(p->scratch, ncap);
        if (!n) {
            fail(p, PTC_ERR_NOMEM);
            return;
        }
        p->scratch = n;
        p->scratch_cap = ncap;
    }
    split_cells(p, s, len);
    size_t f = next_nonblank(p, 0);
    if (f < p->ncells) {
        handle_line(p);
        if (p->doc) p->last_line = lineno;
    }
    if (p->doc && p->npending) flush_pending(p);
}

/* --------------------------------------------------------------- public */

/* Placeholder until parsers/rules.c: the built-in rules only. */
struct ptc_rules {
    int unused;
};

ptc_rules *ptc_rules_load(const char *path, char *err, size_t err_size) {
    if (path) {
        if (err && err_size) snprintf(err, err_size, "%s: error: rules files are not read yet [rules-file]", path);
        return NULL;
    }
    return calloc(1, sizeof(ptc_rules));
}

void ptc_rules_free(ptc_rules *rules) { free(rules); }

ptc_parser *ptc_parser_new(const ptc_parse_options *opts, ptc_document_fn on_document,
                           void *userdata) {
    ptc_parser *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    const char *src = opts && opts->source ? opts->source : "-";
    p->source = strdup(src);
    p->check = opts && opts->check;
    p->on_document = on_document;
    p->userdata = userdata;
    p->table = -1;
    p->scanner = ptc_scanner_new();
    int err = 0;
    p->decoder = ptc_decoder_new(opts ? opts->encoding : NULL, on_line, on_decode_diag, p, &err);
    if (!p->source || !p->scanner || !p->decoder) {
        ptc_parser_free(p);
        return NULL;
    }
    return p;
}

int ptc_parser_feed(ptc_parser *p, const void *bytes, size_t len) {
    if (p->finished) return PTC_ERR_STATE;
    if (p->error) return p->error;
    int rc = ptc_decoder_feed(p->decoder, bytes, len);
    if (rc) fail(p, rc);
    return p->error;
}

int ptc_parser_finish(ptc_parser *p) {
    if (p->finished) return PTC_ERR_STATE;
    p->finished = true;
    if (p->error) return p->error;
    int rc = ptc_decoder_finish(p->decoder);
    if (rc) fail(p, rc);
    if (p->npending && !p->error) {
        /* diagnostics about lines that were never delivered (too long) */
        p->line = p->pending[0].pos.line;
        if (ensure_doc(p)) flush_pending(p);
    }
    if (p->doc) finish_doc(p);
    p->stats.bytes = ptc_decoder_bytes(p->decoder);
    return p->error;
}

static void ignore_line(void *ud, uint32_t lineno, const char *text, size_t len) {
    (void)ud, (void)lineno, (void)text, (void)len;
}

static void ignore_diag(void *ud, ptc_severity sev, const char *code, uint32_t line, uint32_t col,
                        const char *message) {
    (void)ud, (void)sev, (void)code, (void)line, (void)col, (void)message;
}

bool ptc_encoding_supported(const char *name) {
    int err = 0;
    ptc_decoder *d = ptc_decoder_new(name, ignore_line, ignore_diag, NULL, &err);
    ptc_decoder_free(d);
    return d != NULL;
}

const char *ptc_parser_encoding(const ptc_parser *p, const char **how) {
    return ptc_decoder_encoding(p->decoder, how);
}

void ptc_parser_stats(const ptc_parser *p, ptc_parse_stats *out) {
    *out = p->stats;
    out->bytes = p->decoder ? ptc_decoder_bytes(p->decoder) : 0;
}

void ptc_parser_free(ptc_parser *p) {
    if (!p) return;
    if (p->doc) ptc_document_free(p->doc);
    for (size_t i = 0; i < p->npending; i++) free(p->pending[i].message);
    free(p->pending);
    free(p->scratch);
    ptc_decoder_free(p->decoder);
    ptc_scanner_free(p->scanner);
    free(p->source);
    free(p);
}

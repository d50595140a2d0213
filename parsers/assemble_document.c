/*
 * The document assembler: document and table lifecycle, the preamble (title,
 * summary, unit list, narrative text), and the dispatch of every classified
 * record to the assembler of its block.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/normalize.h"
#include "parsers/assemble.h"
#include "parsers/values.h"

/* ------------------------------------------------------------ helpers */

ptc_pos ptc_pos_of(ptc_parser *p, const ptc_cell *c) {
    if (!c || !p->rec) {
        ptc_pos pos = {p->line, 1};
        return pos;
    }
    return ptc_cell_start(p->rec, c);
}

ptc_table *ptc_cur_table(ptc_parser *p) {
    return p->table >= 0 && p->doc ? &p->doc->tables[p->table] : NULL;
}

ptc_str ptc_str_of(ptc_parser *p, const char *s, size_t len) {
    ptc_str r = ptc_arena_strndup(p->doc->arena, s, len);
    if (!r.s) ptc_fail(p, PTC_ERR_NOMEM);
    return r;
}

static ptc_text normalised(ptc_parser *p, const ptc_cell *c, bool compact) {
    ptc_text t = {.str = {compact ? "" : NULL, 0}, .pos = ptc_pos_of(p, c)};
    if (!c) {
        t.str.s = "";
        return t;
    }
    t.end = p->rec ? ptc_cell_end(p->rec, c) : t.pos;
    /* not cleared: the text is written whole, then terminated */
    char *out = ptc_arena_alloc_raw(p->doc->arena, c->len + 1);
    if (!out) {
        ptc_fail(p, PTC_ERR_NOMEM);
        t.str.s = "";
        return t;
    }
    t.str.s = out;
    t.str.len = compact ? ptc_norm_compact(c->s, c->len, out) : ptc_norm_text(c->s, c->len, out);
    out[t.str.len] = '\0';
    return t;
}

ptc_text ptc_text_of(ptc_parser *p, const ptc_cell *c) { return normalised(p, c, false); }
ptc_text ptc_compact_of(ptc_parser *p, const ptc_cell *c) { return normalised(p, c, true); }

static ptc_text memo_of(ptc_parser *p, const ptc_cell *c, ptc_compact_memo *m, bool compact) {
    if (!c || c->len > PTC_COMPACT_MEMO_BYTES) return normalised(p, c, compact);
    if (m->doc_gen == p->doc_gen && m->len == c->len && ptc_short_same(m->raw, c->s, c->len)) {
        /* what normalised() gives, but for the bytes */
        ptc_text t = {.str = m->text, .pos = ptc_pos_of(p, c)};
        t.end = p->rec ? ptc_cell_end(p->rec, c) : t.pos;
        return t;
    }
    ptc_text t = normalised(p, c, compact);
    if (!p->error) {
        m->doc_gen = p->doc_gen;
        m->len = c->len;
        memcpy(m->raw, c->s, c->len);
        m->text = t.str;
        m->split_of = NULL;
    }
    return t;
}

ptc_text ptc_compact_memo_of(ptc_parser *p, const ptc_cell *c, ptc_compact_memo *m) {
    return memo_of(p, c, m, true);
}

ptc_text ptc_text_memo_of(ptc_parser *p, const ptc_cell *c, ptc_compact_memo *m) {
    return memo_of(p, c, m, false);
}

ptc_text ptc_text_part(ptc_parser *p, const ptc_cell *c, size_t off, size_t len) {
    ptc_cell part = *c;
    part.s = c->s + off;
    part.len = len;
    part.off = c->off + (uint32_t)off;
    part.end_line = c->line;
    part.end_off = part.off + (uint32_t)len;
    if (c->quoted) part.off++; /* past the opening quote */
    return ptc_text_of(p, &part);
}

const char *ptc_cell_excerpt(const ptc_cell *c, char *buf, size_t size) {
    return ptc_quote_excerpt(c->s, c->len, 40, buf, size);
}

void ptc_append_text(ptc_parser *p, ptc_text *dst, ptc_text add) {
    if (!add.str.s || add.str.len == 0) return;
    if (!dst->str.s || dst->str.len == 0) {
        *dst = add;
        return;
    }
    char *buf = ptc_arena_alloc(p->doc->arena, dst->str.len + 1 + add.str.len + 1);
    if (!buf) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    memcpy(buf, dst->str.s, dst->str.len);
    buf[dst->str.len] = '\n';
    memcpy(buf + dst->str.len + 1, add.str.s, add.str.len);
    dst->str.s = buf;
    dst->str.len += 1 + add.str.len;
    dst->end = add.end;
}

static long int_at(const ptc_cell *c, ptc_cap cap) {
    long v = 0;
    if (cap.off == PTC_NOCAP || !ptc_read_int(c->s + cap.off, cap.len, &v)) return 0;
    return v;
}

/* ------------------------------------------------------------ lifecycle */

static void reset_table_state(ptc_parser *p) {
    p->table = -1;
    p->fields_cap = p->indicators_cap = p->categories_cap = p->grids_cap = 0;
    p->goal_items_cap = p->labels_cap = 0;
}

bool ptc_ensure_doc(ptc_parser *p) {
    if (p->doc) return true;
    p->doc = ptc_document_new(p->source);
    p->doc_gen++;
    if (!p->doc) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return false;
    }
    p->doc->lines.first = p->line;
    if (p->nseen_levels) memset(p->seen_levels, 0, PTC_SEEN_LEVELS * sizeof *p->seen_levels);
    p->nseen_levels = p->nseen_pending = 0;
    p->units_cap = p->tables_cap = 0;
    p->too_many_tables_reported = false;
    p->ctx = PTC_CTX_PREAMBLE;
    reset_table_state(p);
    return true;
}

/* A title that begins with its year (2024年市级部门整体预算绩效目标表) gives
   the table's year when no year line did: four digits, ASCII or full-width,
   then 年. */
static void year_from_title(ptc_table *t) {
    const char *s = t->title.str.s;
    size_t len = t->title.str.len, i = 0, digits = 0;
    if (!s || t->year.set) return;
    while (i < len && s[i] == ' ') i++;
    size_t start = i;
    size_t w;
    while (digits < 5 && i < len && ptc_digit_at(s + i, len - i, &w) >= 0) {
        i += w;
        digits++;
    }
    size_t end = i;
    while (i < len && s[i] == ' ') i++;
    long year;
    if (digits != 4 || i + 3 > len || memcmp(s + i, "年", 3) != 0 || !ptc_read_int(s + start, end - start, &year))
        return;
    t->year.set = true;
    t->year.value = year;
    t->year_pos = t->title.pos;
}

static bool str_is(ptc_str s, const char *text) {
    size_t n = strlen(text);
    return s.s && s.len == n && memcmp(s.s, text, n) == 0;
}

/* A table with no title (a fragment: the heading was not in the text) has
   no title to name its family; its columns and labels do: a self-evaluation
   reports what was achieved, a department-level table names a department
   and no project. */
static void kind_from_content(ptc_table *t) {
    static const char *const achieved[] = {"实际完成值", "全年完成值", "完成值", "得分", "实际完成情况",
                                           "偏差原因分析及改进措施"};
    if (t->title.str.s) return;
    for (size_t i = 0; i < t->columns_len; i++)
        for (size_t k = 0; k < sizeof achieved / sizeof achieved[0]; k++)
            if (str_is(t->columns[i].header.str, achieved[k])) {
                t->kind = PTC_TABLE_SELF_EVALUATION;
                return;
            }
    if (t->project_name.str.s) return;
    for (size_t i = 0; i < t->labels_len; i++)
        if (str_is(t->labels[i].label.str, "部门名称"))
            t->kind = PTC_TABLE_OVERALL;
}

void ptc_finish_doc(ptc_parser *p) {
    ptc_block_end(p);
    ptc_document *d = p->doc;
    if (!d) return;
    for (size_t i = 0; i < d->tables_len; i++) {
        kind_from_content(&d->tables[i]);
        year_from_title(&d->tables[i]);
        ptc_fields_finish_table(p, &d->tables[i]);
    }
    d->lines.last = p->last_line ? p->last_line : d->lines.first;
    if (d->tables_len == 0) {
        ptc_pos pos = {d->lines.first, 1};
        ptc_report(p, PTC_SEV_WARNING, "no-tables", pos,
                 "no performance-target table was recognised in this document");
    }
    ptc_document_sort_diagnostics(d);
    for (size_t i = 0; i < d->diags_len; i++) {
        if (d->diags[i].severity == PTC_SEV_ERROR) p->stats.errors++;
        if (d->diags[i].severity == PTC_SEV_WARNING) p->stats.warnings++;
    }
    p->stats.documents++;
    p->stats.tables += d->tables_len;
    for (size_t i = 0; i < d->tables_len; i++) p->stats.indicators += d->tables[i].indicators_len;
    p->doc = NULL;
    if (!p->error && p->on_document(d, p->userdata) != 0) ptc_fail(p, PTC_ERR_STOPPED);
    ptc_document_free(d);
    p->last_line = 0;
    ptc_after_document(p);
}

static ptc_table_kind kind_of(const char *s, size_t len) {
    ptc_table_kind k = PTC_TABLE_TARGET;
    for (size_t i = 0; i + 6 <= len; i++) {
        if (memcmp(s + i, "自评", 6) == 0) return PTC_TABLE_SELF_EVALUATION;
        if (memcmp(s + i, "整体", 6) == 0) k = PTC_TABLE_OVERALL;
    }
    return k;
}

static ptc_table *start_table(ptc_parser *p, const ptc_cell *c, ptc_opt_int seq, ptc_text title,
                              ptc_table_kind kind) {
    ptc_document *d = p->doc;
    ptc_block_end(p);
    reset_table_state(p);
    if (d->tables_len >= PTC_MAX_TABLES_PER_DOCUMENT) {
        if (!p->too_many_tables_reported)
            ptc_report(p, PTC_SEV_ERROR, "too-many-tables", ptc_pos_of(p, c),
                     "more than %u tables in one document; this table and the rest are not read",
                     PTC_MAX_TABLES_PER_DOCUMENT);
        p->too_many_tables_reported = true;
        p->ctx = PTC_CTX_SKIP_TABLE;
        return NULL;
    }
    ptc_table *t = ptc_arena_push(d->arena, (void **)&d->tables, &d->tables_len, &p->tables_cap,
                                  sizeof *t);
    if (!t) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return NULL;
    }
    p->table = (long)(d->tables_len - 1);
    t->seq = seq;
    t->kind = kind;
    t->title = title;
    t->lines.first = t->lines.last = p->line;
    p->ctx = PTC_CTX_TABLE;
    return t;
}

/* Label rows and indicator blocks may come without a heading (other
   layouts); they then open a table without number or title. */
ptc_table *ptc_table_for_row(ptc_parser *p, const ptc_cell *c) {
    if (p->ctx == PTC_CTX_SKIP_TABLE) return NULL;
    ptc_table *t = ptc_cur_table(p);
    if (t) return t;
    ptc_opt_int none = {false, 0};
    ptc_text no_title = {.str = {NULL, 0}};
    return start_table(p, c, none, no_title, PTC_TABLE_TARGET);
}

/* A table with nothing read into it but its title line. */
static bool table_is_empty(const ptc_table *t) {
    return !t->year.set && !t->applicant.str.s && !t->project_name.str.s && !t->department.str.s &&
           !t->executing_unit.str.s && !t->project_type.str.s && !t->period && !t->funds &&
           !t->annual_goal.str.s && !t->indicators_len && !t->columns_len && !t->notes.str.s &&
           !t->fields_len && !t->categories_len && !t->grids_len;
}

/* A title, a summary, a unit list or a table numbered 1 after the current
   document has tables (or already has that part) starts the next document. */
static void begin_part(ptc_parser *p, bool starts_new) {
    if (p->doc && starts_new) ptc_finish_doc(p);
    ptc_ensure_doc(p);
}

/* ------------------------------------------------------------ preamble */

static void take_summary(ptc_parser *p, const ptc_cell *c, const ptc_line_match *m) {
    ptc_document *d = p->doc;
    ptc_summary *s = ptc_arena_alloc(d->arena, sizeof *s);
    ptc_amount *total = ptc_arena_alloc(d->arena, sizeof *total);
    if (!s || !total) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    s->text = ptc_text_of(p, c);
    s->year.set = true;
    s->year.value = int_at(c, m->cap[0]);
    s->organization = ptc_text_part(p, c, m->cap[1].off, m->cap[1].len);
    s->project_count.set = true;
    s->project_count.value = int_at(c, m->cap[2]);
    double v;
    if (ptc_read_number(c->s + m->cap[3].off, m->cap[3].len, &v) == m->cap[3].len) {
        total->value.set = true;
        total->value.value = v;
    }
    total->unit = ptc_str_of(p, c->s + m->cap[4].off, m->cap[4].len);
    s->total_funds = total;
    d->summary = s;
}

static void take_unit(ptc_parser *p, const ptc_cell *c, const ptc_line_match *m) {
    ptc_document *d = p->doc;
    ptc_unit *u = ptc_arena_push(d->arena, (void **)&d->units, &d->units_len, &p->units_cap, sizeof *u);
    if (!u) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    u->seq.set = true;
    u->seq.value = int_at(c, m->cap[0]);
    u->name = ptc_text_part(p, c, m->cap[1].off, m->cap[1].len);
    u->project_count.set = true;
    u->project_count.value = int_at(c, m->cap[2]);
    u->line = p->line;
}

static void unplaced(ptc_parser *p, const ptc_cell *c) {
    char q[200];
    ptc_report(p, PTC_SEV_WARNING, "unplaced-line", ptc_pos_of(p, c),
             "line not recognised here and not used: \"%s\"", ptc_cell_excerpt(c, q, sizeof q));
    ptc_explain_set(p, p->cur_explain, "unplaced-line");
}

static void explain_detail(ptc_parser *p, const char *detail) { ptc_explain_set(p, p->cur_explain, detail); }

/* ------------------------------------------------------------ dispatch */

/* A heading that repeats the current table's title (and number, if any)
   after a page break, or an unnumbered one inside its indicator block, is
   the page's header line, not a second table: a PDF prints the title on
   every page. */
static bool repeats_title(ptc_parser *p, const ptc_cell *c, const ptc_line_match *m, ptc_opt_int seq,
                          bool after_furniture) {
    const ptc_table *t = ptc_cur_table(p);
    /* a numbered heading repeated without a page break between is a
       numbering slip (table-number-repeated), not a page header */
    if (!t || !t->title.str.s || table_is_empty(t) ||
        !(after_furniture || (p->ctx == PTC_CTX_INDICATORS && !seq.set)))
        return false;
    if (seq.set != t->seq.set || (seq.set && seq.value != t->seq.value)) return false;
    char a[3 * 256 + 1], b[3 * 256 + 1];
    if (m->cap[1].len > 256 || t->title.str.len > 256) return false;
    size_t na = ptc_norm_key(c->s + m->cap[1].off, m->cap[1].len, a);
    size_t nb = ptc_norm_key(t->title.str.s, t->title.str.len, b);
    return na == nb && memcmp(a, b, na) == 0;
}

void ptc_assemble_record(ptc_parser *p, const ptc_classification *cl) {
    const ptc_record *r = p->rec;
    const ptc_cell *c = &r->cells[cl->first];
    const ptc_line_match *m = &cl->match;
    ptc_document *d = p->doc;
    if (cl->scan_limit && ptc_ensure_doc(p)) {
        char q[200];
        ptc_report(p, PTC_SEV_WARNING, "regex-limit", ptc_pos_of(p, c),
                 "pattern matching limit reached on \"%s\"; treated as unrecognised",
                 ptc_cell_excerpt(c, q, sizeof q));
        d = p->doc;
    }
    if (cl->cls == PTC_CLASS_TITLE) {
        begin_part(p, d && (d->title.str.s || d->summary || d->units_len || d->tables_len));
        if (!p->doc) return;
        ptc_block_end(p);
        if (!p->doc->title.str.s) p->doc->title = ptc_text_part(p, c, m->cap[0].off, m->cap[0].len);
        reset_table_state(p);
        p->ctx = PTC_CTX_PREAMBLE;
        explain_detail(p, "title");
        return;
    }
    bool after_furniture = p->last_class == PTC_CLASS_FURNITURE;
    p->last_class = cl->cls;
    if (cl->cls == PTC_CLASS_HEADING) {
        ptc_opt_int seq = {m->cap[0].off != PTC_NOCAP, int_at(c, m->cap[0])};
        if (repeats_title(p, c, m, seq, after_furniture)) {
            ptc_report(p, PTC_SEV_NOTE, "repeated-title", ptc_pos_of(p, c),
                       "the table's title repeated as a page header; skipped");
            explain_detail(p, "repeated-title");
            return;
        }
        begin_part(p, d && seq.set && seq.value == 1 && d->tables_len);
        if (!p->doc) return;
        ptc_text title = ptc_text_part(p, c, m->cap[1].off, m->cap[1].len);
        ptc_table *prev = ptc_cur_table(p);
        if (prev && table_is_empty(prev) && !prev->seq.set && !seq.set) {
            /* Two titles and nothing between them: the first was the page's
               (宣城市地震局2021年度…自评表 above 附件1 and the table's own
               title). It becomes the document's title; the table is one. */
            if (!p->doc->title.str.s) p->doc->title = prev->title;
            else ptc_append_text(p, &p->doc->text, prev->title);
            p->doc->tables_len--;
            p->table = -1;
        }
        start_table(p, c, seq, title, kind_of(title.str.s, title.str.len));
        explain_detail(p, "table");
        return;
    }
    if (!ptc_ensure_doc(p)) return;
    d = p->doc;
    if (p->ctx == PTC_CTX_SKIP_TABLE) {
        explain_detail(p, "too-many-tables");
        return; /* reported once by start_table */
    }
    ptc_table *t = ptc_cur_table(p);
    if (t) t->lines.last = r->lines[r->nlines - 1].lineno;
    switch (cl->cls) {
    case PTC_CLASS_LABEL_ROW:
        ptc_block_end(p);
        ptc_assemble_label_row(p, cl);
        return;
    case PTC_CLASS_INDICATOR_HEADER: ptc_block_header(p, cl); return;
    case PTC_CLASS_GRID_START:
        ptc_block_end(p);
        ptc_grid_start(p, cl);
        return;
    case PTC_CLASS_GRID_ROW: ptc_grid_add_row(p); return;
    case PTC_CLASS_INDICATOR_ROW: ptc_block_row(p, cl, p->cur_explain); return;
    case PTC_CLASS_FURNITURE:
        ptc_report(p, PTC_SEV_NOTE, "page-furniture", ptc_pos_of(p, c),
                 "page furniture skipped: \"%s\"", ptc_quote_excerpt(c->s, c->len, 40, (char[200]){0}, 200));
        explain_detail(p, "page-furniture");
        return;
    case PTC_CLASS_UNKNOWN:
        if (!ptc_wrap_continue(p, cl)) unplaced(p, c);
        return;
    default: break;
    }
    /* A summary or unit list ends the indicator block; a year, an applicant
       or a line of text in the middle of it (page furniture) do not. */
    if (cl->cls == PTC_CLASS_SUMMARY || cl->cls == PTC_CLASS_UNIT_ITEM) ptc_block_end(p);
    t = ptc_cur_table(p);
    switch (cl->cls) {
    case PTC_CLASS_TEXT:
        if (ptc_wrap_continue(p, cl)) return;
        if (cl->text_target == PTC_TEXT_GOAL && t) {
            ptc_append_text(p, &t->annual_goal, ptc_text_of(p, c));
            ptc_wrap_offer_text(p, c, t, &t->annual_goal, true);
            explain_detail(p, "annual_goal");
        } else if (cl->text_target == PTC_TEXT_NOTES && t) {
            ptc_append_text(p, &t->notes, ptc_text_of(p, c));
            ptc_wrap_offer_text(p, c, t, &t->notes, true);
            explain_detail(p, "notes");
        } else {
            ptc_append_text(p, &d->text, ptc_text_of(p, c));
            explain_detail(p, "document text");
        }
        return;
    case PTC_CLASS_SUMMARY:
        if (d->summary || d->tables_len) {
            begin_part(p, true);
            if (!p->doc) return;
        }
        take_summary(p, c, m);
        p->ctx = PTC_CTX_PREAMBLE;
        explain_detail(p, "summary");
        return;
    case PTC_CLASS_UNIT_ITEM:
        if (d->tables_len && int_at(c, m->cap[0]) == 1) {
            begin_part(p, true);
            if (!p->doc) return;
        }
        take_unit(p, c, m);
        explain_detail(p, "units");
        return;
    case PTC_CLASS_YEAR:
        if (t && !t->year.set) {
            t->year.set = true;
            t->year.value = int_at(c, m->cap[0]);
            t->year_pos = ptc_pos_of(p, c);
            explain_detail(p, "year");
            return;
        }
        break;
    case PTC_CLASS_APPLICANT:
        t = ptc_table_for_row(p, c);
        if (!t) return;
        if (!t->applicant.str.s) {
            t->applicant = ptc_text_part(p, c, m->cap[0].off, m->cap[0].len);
            ptc_split_code_text(&t->applicant, &t->applicant_code);
            explain_detail(p, "applicant");
            return;
        }
        break;
    default: break;
    }
    unplaced(p, c);
}

/*
 * Lines cut by the extraction that made the text (a PDF's or a web page's
 * text, not a spreadsheet's export): a long cell wrapped onto the next
 * physical line, a label cut in two, a label and its value on lines of
 * their own. Each is decided from content and context, conservatively;
 * whatever stays ambiguous keeps today's reading (unplaced-line).
 *
 * 1. Continuation. After a label row, an indicator row or a goal/notes line,
 *    a line without TAB that nothing else claims continues the cell that was
 *    cut: the record's longest cell, when it is the only one that long, at
 *    least WRAP_MIN characters, and not much narrower than the line that
 *    continues it (a wrapped line is a full line, short by at most the word
 *    an extractor moves down whole: a quarter). The line must follow at
 *    once. After a line without TAB (pure text) a sentence end at the line's
 *    end means the paragraph ended, so nothing is joined there. A
 *    continuation about as wide as the widest line so far may itself be
 *    continued.
 * 2. Joining. A line alone that nothing claims is held back for the next
 *    line: when the two (or up to PTC_WRAP_HELD lines) together are a label,
 *    a heading, a title, the summary or a unit list item, they are read as
 *    that one record (主管部门及 ⏎ 编码). A label alone on its line is held
 *    too: when it and the next line are a longer label, they are that label
 *    (项目资金申请 ⏎ （万元）), which may still take its value from the line
 *    after; when the next line is nothing of its own, it is the label's
 *    value (项目名称 ⏎ 某某项目). Goal, notes and indicator-block labels are
 *    not held: the lines after them are already theirs.
 *
 * Not handled: lines inside a grid block (a line there lies under the
 * grid's merged label, as before), quoted cells (a spreadsheet's export
 * keeps its line breaks), a cut label whose second line holds a TAB.
 *
 * How the texts join: CJK text is concatenated; one space goes between two
 * ASCII letters or digits (an extractor breaks Latin text at a space and
 * drops it); a continuation that starts with a number (2、 2. （2）) begins a
 * new line of the cell ("\n"; indicator cells read line breaks as spaces,
 * as they do inside quoted cells), and of a goal or the notes it is a line
 * of their own, as today. Every join is reported with a note
 * (`wrapped-line`) and `--explain` shows the line as a continuation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/normalize.h"
#include "parsers/assemble.h"

/* The shortest cut cell: a shorter cell was not wrapped by a line width. */
#define WRAP_MIN 10u
/* The longest line looked at (bytes): a label or a summary is shorter. */
#define WRAP_MAX_LINE 1024u

/* ------------------------------------------------------------ text helpers */

static bool is_space(unsigned char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

static void trim(const char **s, size_t *len) {
    while (*len && is_space((unsigned char)**s)) (*s)++, (*len)--;
    while (*len && is_space((unsigned char)(*s)[*len - 1])) (*len)--;
}

static bool ascii_alnum(unsigned char ch) {
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* The last (first) byte is compared before the rest: these are tried with
   many words against text that mostly ends (starts) otherwise. */
static bool ends_with(const char *s, size_t len, const char *suffix) {
    size_t n = strlen(suffix);
    if (n == 0) return true;
    return len >= n && s[len - 1] == suffix[n - 1] && memcmp(s + len - n, suffix, n) == 0;
}

static bool starts_with(const char *s, size_t len, const char *prefix) {
    size_t n = strlen(prefix);
    if (n == 0) return true;
    return len >= n && s[0] == prefix[0] && memcmp(s, prefix, n) == 0;
}

static bool ends_sentence(const char *s, size_t len) {
    static const char *const ends[] = {"。", "！", "？", "；", "：", "!", "?", ";", ":"};
    /* the last bytes of those: most text ends otherwise, and one look says so */
    static const bool last[256] = {[0x82] = true, [0x81] = true, [0x9F] = true, [0x9B] = true, [0x9A] = true,
                                   ['!'] = true,  ['?'] = true,  [';'] = true,  [':'] = true};
    if (!len || !last[(unsigned char)s[len - 1]]) return false;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        if (ends_with(s, len, ends[i])) return true;
    return false;
}

/* 2、 2. 2． 2） (2) （二） 二、: a numbered line, not the rest of a cut one. */
static bool numbered(const char *s, size_t len) {
    static const char *const cjk[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    size_t i = 0;
    bool open = false;
    if (starts_with(s, len, "（")) i = 3, open = true;
    else if (starts_with(s, len, "(")) i = 1, open = true;
    size_t digits = i;
    while (digits < len && s[digits] >= '0' && s[digits] <= '9') digits++;
    if (digits == i) {
        for (size_t k = 0; k < sizeof cjk / sizeof cjk[0]; k++)
            if (starts_with(s + i, len - i, cjk[k])) {
                digits = i + 3;
                break;
            }
    }
    if (digits == i || digits - i > 3) return false;
    const char *rest = s + digits;
    size_t n = len - digits;
    if (open) return starts_with(rest, n, "）") || starts_with(rest, n, ")");
    return starts_with(rest, n, "、") || starts_with(rest, n, "．") || starts_with(rest, n, "）") ||
           starts_with(rest, n, ")") || (starts_with(rest, n, ".") && n > 1 && !(rest[1] >= '0' && rest[1] <= '9'));
}

/* 某某情况:很好: a line shaped as a label and its value (a short text, then
   a colon) is a pair of its own, read as one or left unplaced, never the
   rest of a line of text. */
static bool pair_shaped(const char *s, size_t len) {
    size_t chars = 0;
    for (size_t i = 0; i < len && chars <= 10; chars++) {
        if (starts_with(s + i, len - i, "：") || s[i] == ':') return chars > 0;
        if (starts_with(s + i, len - i, "，") || starts_with(s + i, len - i, "。") || s[i] == ',') return false;
        unsigned char ch = (unsigned char)s[i];
        i += ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
    }
    return false;
}

/* What goes between a text and the rest of it on the next line. */
static const char *separator(const char *a, size_t alen, const char *b, size_t blen) {
    if (numbered(b, blen)) return "\n";
    if (alen && blen && ascii_alnum((unsigned char)a[alen - 1]) && ascii_alnum((unsigned char)b[0]))
        return " ";
    return "";
}

/* The characters of a cell of r, trimmed: the trimmed bytes are single-byte
   spaces, so the count taken while splitting, less them. */
static size_t cell_chars(const ptc_record *r, const ptc_cell *c) {
    const char *s = c->s;
    size_t n = c->len;
    trim(&s, &n);
    return ptc_cell_chars(r, c) - (c->len - n);
}

/* ------------------------------------------------------------ offers */

/* Only the longest offer is kept, and whether another was as long: that is
   all ptc_wrap_after asks (trimming drops one character a byte). The
   cells of an indicator row are offered by ptc_block_row, alike, and are
   asked whether they end a sentence only as the target, in
   ptc_wrap_after. */
static void offer(ptc_parser *p, const ptc_cell *c, wrap_slot_kind kind, size_t id, bool free_text) {
    wrap_state *w = &p->wrap;
    if (!c || !p->rec || c->quoted || c->line != c->end_line || w->offers.n == PTC_MAX_CELLS) return;
    const char *s = c->s;
    size_t n = c->len;
    trim(&s, &n);
    size_t piece = ptc_cell_chars(p->rec, c) - (c->len - n);
    if (!ptc_wrap_outdoes(&w->offers, piece)) return;
    w->offers.best = (wrap_offer){kind, id, (size_t)(c - p->rec->cells), c->line, piece, free_text,
                                  ends_sentence(s, n)};
}

void ptc_wrap_offer_text(ptc_parser *p, const ptc_cell *c, ptc_table *t, ptc_text *slot, bool free_text) {
    offer(p, c, WRAP_SLOT_TEXT, (size_t)((char *)slot - (char *)t), free_text);
}

void ptc_wrap_offer_field(ptc_parser *p, const ptc_cell *c, size_t field) {
    offer(p, c, WRAP_SLOT_FIELD, field, false);
}

/* ptc_wrap_after for a record that made an offer long enough, apart: most
   records make none, and their call then saves no registers. */
__attribute__((noinline)) static void take_target(ptc_parser *p, const ptc_record *r) {
    wrap_state *w = &p->wrap;
    const wrap_offer *best = &w->offers.best;
    size_t piece = best->piece, cell = best->cell;
    /* a cell as long as the best would have been the best, or tied it */
    for (size_t i = 0; !w->offers.every && i < r->ncells; i++) {
        const ptc_cell *c = &r->cells[i];
        if (c->quoted) return; /* a spreadsheet's export: its line breaks are quoted */
        /* a cell has no more characters than bytes: a shorter one is not counted */
        if (i != cell && !c->blank && c->len >= piece &&
            ptc_cell_chars(r, c) - ptc_wrap_trimmed(c->s, c->len) >= piece)
            return;
    }
    w->has_target = true;
    w->target = *best;
    if (best->kind == WRAP_SLOT_BLOCK) {
        /* offered by ptc_block_row: cell `cell` of this record */
        const char *s = r->cells[best->cell].s;
        size_t n = r->cells[best->cell].len;
        trim(&s, &n);
        w->target.ends_sentence = ends_sentence(s, n);
    }
    w->target_from = r->lines[0].lineno;
    /* the physical line's TABs, not the record's cells: a "label:value"
       line read as a row is still a line of text */
    w->tabbed = false;
    for (size_t i = 0; i < r->nlines && !w->tabbed; i++)
        w->tabbed = r->lines[i].len && memchr(r->lines[i].s, '\t', r->lines[i].len);
    w->table = p->table;
    w->doc = p->doc;
}

/* The cut cell of a record: its longest, when no other cell is as long. */
void ptc_wrap_after(ptc_parser *p, const ptc_record *r, const ptc_classification *cl) {
    wrap_state *w = &p->wrap;
    bool joined = w->joined;
    w->joined = false;
    if (joined) return; /* the target moved on with the continuation */
    w->has_target = false;
    if (cl->cls != PTC_CLASS_LABEL_ROW && cl->cls != PTC_CLASS_INDICATOR_ROW && cl->cls != PTC_CLASS_TEXT)
        return;
    if (!w->offers.n || w->offers.tied || w->offers.best.piece < WRAP_MIN) return;
    take_target(p, r);
}

/* ------------------------------------------------------------ continuation */

/* The tail a one-cell line gives, when it continues the target. */
static bool continues(ptc_parser *p, const ptc_record *r, const ptc_classification *cl) {
    const wrap_state *w = &p->wrap;
    if (!w->has_target || w->doc != p->doc || !p->doc || w->table != p->table || p->table < 0) return false;
    if (r->ncells != 1 || r->nlines != 1 || r->cells[0].quoted || r->cells[0].blank) return false;
    if (r->lines[0].lineno != w->target.line + 1) return false;
    bool text = cl->cls == PTC_CLASS_TEXT &&
                (cl->text_target == PTC_TEXT_GOAL || cl->text_target == PTC_TEXT_NOTES);
    if (cl->cls != PTC_CLASS_UNKNOWN && !(text && w->target.free_text)) return false;
    const char *s = r->cells[0].s;
    size_t n = r->cells[0].len;
    trim(&s, &n);
    /* the cut line was full: no shorter than the rest, give or take the
       word an extractor moves to the next line whole */
    if (ptc_cell_chars(r, &r->cells[0]) - (r->cells[0].len - n) > w->target.piece + w->target.piece / 4)
        return false;
    if (!w->tabbed && (w->target.ends_sentence || pair_shaped(s, n)))
        return false; /* after a line of text: a paragraph ended, or a pair begins */
    if (w->target.free_text && numbered(s, n)) return false;   /* a goal's next line */
    return true;
}

static void join_text(ptc_parser *p, ptc_text *dst, ptc_text tail) {
    if (!tail.str.len) return;
    const char *sep = separator(dst->str.s, dst->str.len, tail.str.s, tail.str.len);
    size_t sl = strlen(sep);
    char *buf = ptc_arena_alloc_raw(p->doc->arena, dst->str.len + sl + tail.str.len + 1);
    if (!buf) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    if (dst->str.len) memcpy(buf, dst->str.s, dst->str.len);
    memcpy(buf + dst->str.len, sep, sl);
    memcpy(buf + dst->str.len + sl, tail.str.s, tail.str.len);
    buf[dst->str.len + sl + tail.str.len] = '\0';
    if (!dst->str.s) dst->pos = tail.pos;
    dst->str.s = buf;
    dst->str.len += sl + tail.str.len;
    dst->end = tail.end;
}

/* An indicator cell is still raw bytes in the block: its text moves to the
   end of the block's bytes with the tail after it. */
static void join_block(ptc_parser *p, size_t id, const ptc_cell *c) {
    indicator_block *b = &p->block;
    if (id >= b->ncells) return;
    block_cell *bc = &b->cells[id];
    const char *s = c->s;
    size_t n = c->len;
    trim(&s, &n);
    const char *old = b->bytes + bc->off;
    size_t olen = bc->len;
    while (olen && is_space((unsigned char)old[olen - 1])) olen--;
    const char *sep = separator(old, olen, s, n);
    size_t sl = strlen(sep), need = b->bytes_len + olen + sl + n;
    if (need > b->bytes_cap) {
        size_t cap = b->bytes_cap ? b->bytes_cap : 256;
        while (cap < need) cap *= 2;
        char *nb = realloc(b->bytes, cap);
        if (!nb) {
            ptc_fail(p, PTC_ERR_NOMEM);
            return;
        }
        b->bytes = nb;
        b->bytes_cap = cap;
    }
    size_t off = b->bytes_len;
    memcpy(b->bytes + off, b->bytes + bc->off, olen);
    memcpy(b->bytes + off + olen, sep, sl);
    memcpy(b->bytes + off + olen + sl, s, n);
    b->bytes_len = need;
    bc->off = off;
    bc->len = olen + sl + n;
    bc->end = ptc_cell_end(p->rec, c);
}

static void explain_as(ptc_parser *p, size_t entry, const char *rule, const char *fmt, uint32_t line) {
    if (!p->explain || entry >= p->nexplained) return;
    char d[64];
    snprintf(d, sizeof d, fmt, (unsigned)line);
    p->explained[entry].cls = "continuation";
    p->explained[entry].rule = rule;
    ptc_explain_set(p, entry, d);
}

bool ptc_wrap_continue(ptc_parser *p, const ptc_classification *cl) {
    const ptc_record *r = p->rec;
    if (!r || !continues(p, r, cl)) return false;
    wrap_state *w = &p->wrap;
    ptc_table *t = ptc_cur_table(p);
    const ptc_cell *c = &r->cells[0];
    switch (w->target.kind) {
    case WRAP_SLOT_TEXT: join_text(p, (ptc_text *)((char *)t + w->target.id), ptc_text_of(p, c)); break;
    case WRAP_SLOT_FIELD:
        if (w->target.id >= t->fields_len) return false;
        join_text(p, &t->fields[w->target.id].value, ptc_text_of(p, c));
        break;
    case WRAP_SLOT_BLOCK: join_block(p, w->target.id, c); break;
    }
    ptc_report(p, PTC_SEV_NOTE, "wrapped-line", ptc_pos_of(p, c),
               "line without TAB read as the rest of the cell of line %u, cut there by the text's extraction",
               (unsigned)w->target_from);
    explain_as(p, p->cur_explain, "wrap.continuation", "continuation of line %u", w->target_from);
    /* a full line may be cut again (the width is the widest line so far);
       a shorter one ends the cell */
    size_t chars = cell_chars(r, c);
    w->joined = true;
    if (chars > w->target.piece) w->target.piece = chars;
    if (chars + w->target.piece / 4 >= w->target.piece) w->target.line = c->line;
    else w->has_target = false;
    return true;
}

/* ------------------------------------------------------------ held lines */

/* A line of one cell, no TAB, no quote: what an extractor gives. */
static bool plain_line(const ptc_record *r) {
    return r->nlines == 1 && r->ncells == 1 && !r->cells[0].quoted && !r->cells[0].blank &&
           r->cells[0].len <= WRAP_MAX_LINE;
}


static bool hold(ptc_parser *p, const ptc_record *r, bool label) {
    wrap_state *w = &p->wrap;
    if (w->nheld == PTC_WRAP_HELD) return false;
    const ptc_cell *c = &r->cells[0];
    char *copy = malloc(c->len ? c->len : 1);
    if (!copy) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return false;
    }
    memcpy(copy, c->s, c->len);
    w->held[w->nheld] = copy;
    w->held_len[w->nheld] = c->len;
    w->held_line[w->nheld] = r->lines[0].lineno;
    w->nheld++;
    w->held_label = label;
    return true;
}

/* One record made of the held lines and `r` (NULL: the held lines alone):
   one cell joined across the lines, or (pair) the held label, joined, and
   r's line as its value. */
typedef struct made {
    ptc_phys_line lines[PTC_WRAP_HELD + 1];
    ptc_cell cells[2];
    ptc_col_cache cache;
    ptc_record rec;
    char buf[(PTC_WRAP_HELD + 1) * (WRAP_MAX_LINE + 1)];
} made;

static made *make(ptc_parser *p, const ptc_record *r, bool pair) {
    const wrap_state *w = &p->wrap;
    made *m = calloc(1, sizeof *m);
    if (!m) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return NULL;
    }
    size_t n = 0, len = 0;
    for (size_t i = 0; i < w->nheld; i++) m->lines[n++] = (ptc_phys_line){w->held_line[i], w->held[i], w->held_len[i]};
    if (r) m->lines[n++] = r->lines[0];
    size_t joined = pair ? n - 1 : n;
    for (size_t i = 0; i < joined; i++) {
        const char *s = m->lines[i].s;
        size_t sl = m->lines[i].len;
        if (i) trim(&s, &sl);
        while (i && len && is_space((unsigned char)m->buf[len - 1])) len--;
        if (i && len && sl && ascii_alnum((unsigned char)m->buf[len - 1]) && ascii_alnum((unsigned char)s[0]))
            m->buf[len++] = ' ';
        memcpy(m->buf + len, s, sl);
        len += sl;
    }
    const ptc_phys_line *end = &m->lines[joined - 1];
    m->cells[0] = (ptc_cell){.s = m->buf, .len = len, .line = m->lines[0].lineno,
                             .end_line = end->lineno, .end_off = (uint32_t)end->len};
    m->cells[0].blank = ptc_is_blank(m->buf, len);
    if (pair) m->cells[1] = r->cells[0];
    m->rec = (ptc_record){m->cells, pair ? 2 : 1, m->lines, n, false, &m->cache, false};
    return m;
}

/* Process what was made instead of the held lines it holds. */
static void process_made(ptc_parser *p, made *m, const char *rule, const char *what) {
    uint32_t first = m->lines[0].lineno, last = m->lines[m->rec.nlines - 1].lineno;
    ptc_process_record(p, &m->rec, rule, NULL); /* its lines point into the held copies */
    if (p->doc) {
        ptc_pos pos = {last, 1};
        ptc_report(p, PTC_SEV_NOTE, "wrapped-line", pos, "%s line %u", what, (unsigned)first);
    }
    free(m);
    wrap_state *w = &p->wrap;
    for (size_t i = 0; i < w->nheld; i++) free(w->held[i]);
    w->nheld = 0;
}

static bool claimed(ptc_line_class cls) {
    return cls == PTC_CLASS_LABEL_ROW || cls == PTC_CLASS_TITLE || cls == PTC_CLASS_HEADING ||
           cls == PTC_CLASS_SUMMARY || cls == PTC_CLASS_UNIT_ITEM || cls == PTC_CLASS_YEAR ||
           cls == PTC_CLASS_APPLICANT;
}

/* A label alone whose line the next may complete: not one that makes the
   lines after it its text or block (goal, notes, indicators). */
static bool lone_label(const ptc_classification *cl) {
    if (cl->cls != PTC_CLASS_LABEL_ROW || cl->nonblank != 1 || !cl->cell_rule[cl->first]) return false;
    ptc_field_id f = cl->cell_rule[cl->first]->field;
    return f != PTC_FIELD_GOAL && f != PTC_FIELD_NOTES && f != PTC_FIELD_INDICATORS;
}

/* r, a plain line, after held lines: true when it was taken with them. */
static bool take_with_held(ptc_parser *p, const ptc_record *r) {
    wrap_state *w = &p->wrap;
    ptc_line_class alone = ptc_classify(p->classifier, p->ctx, r)->cls;
    made *m = make(p, r, false);
    if (!m) return false;
    const ptc_classification *j = ptc_classify(p->classifier, p->ctx, &m->rec);
    if (j->cls == PTC_CLASS_LABEL_ROW && (alone == PTC_CLASS_UNKNOWN || w->held_label)) {
        /* a label cut in two; alone, it may still take the next line as its value */
        if (lone_label(j) && w->nheld < PTC_WRAP_HELD) {
            free(m);
            return hold(p, r, true);
        }
        process_made(p, m, "wrap.joined-line", "a label cut by the text's extraction: read as one line with");
        return true;
    }
    if (!w->held_label && alone == PTC_CLASS_UNKNOWN && claimed(j->cls)) {
        process_made(p, m, "wrap.joined-line", "a line cut by the text's extraction: read as one line with");
        return true;
    }
    free(m);
    if (w->held_label) {
        /* after a label the context is the table's label rows */
        if (ptc_classify(p->classifier, PTC_CTX_TABLE, r)->cls != PTC_CLASS_UNKNOWN) return false;
        m = make(p, r, true);
        if (!m) return false;
        process_made(p, m, "wrap.label-value", "the value of a label on a line of its own: read as one row with");
        return true;
    }
    return alone == PTC_CLASS_UNKNOWN && hold(p, r, false);
}

/* The held lines are not taken with the next one: a label cut in two is
   still one label; other lines are read one by one as they came. */
static void release(ptc_parser *p) {
    wrap_state *w = &p->wrap;
    if (w->held_label && w->nheld > 1) {
        made *m = make(p, NULL, false);
        if (m) process_made(p, m, "wrap.joined-line", "a label cut by the text's extraction: read as one line with");
        return;
    }
    size_t n = w->nheld;
    w->nheld = 0;
    for (size_t i = 0; i < n; i++) {
        if (!p->error) {
            ptc_cell c = {.s = w->held[i], .len = w->held_len[i], .line = w->held_line[i],
                          .end_line = w->held_line[i], .end_off = (uint32_t)w->held_len[i]};
            c.blank = ptc_is_blank(c.s, c.len);
            ptc_phys_line line = {w->held_line[i], w->held[i], w->held_len[i]};
            ptc_col_cache cache = {0, 0, 0};
            ptc_record rec = {&c, 1, &line, 1, false, &cache, false};
            ptc_process_record(p, &rec, NULL, NULL);
        }
        free(w->held[i]);
    }
}

void ptc_wrap_record(ptc_parser *p, const ptc_record *r) {
    wrap_state *w = &p->wrap;
    bool plain = plain_line(r);
    if (w->nheld) {
        if (plain && take_with_held(p, r)) return;
        release(p);
    }
    const ptc_classification *known = NULL;
    if (plain) {
        const ptc_classification *cl = ptc_classify(p->classifier, p->ctx, r);
        bool unknown = cl->cls == PTC_CLASS_UNKNOWN && !continues(p, r, cl);
        bool label = lone_label(cl);
        if ((unknown || label) && hold(p, r, !unknown)) return;
        /* nothing else was classified since (continues and hold were not
           asked): the answer stands for the record */
        if (cl->cls != PTC_CLASS_UNKNOWN && !label) known = cl;
    }
    ptc_process_record(p, r, NULL, known);
}

void ptc_wrap_flush(ptc_parser *p) {
    if (p->wrap.nheld) release(p);
}

void ptc_wrap_free(ptc_parser *p) {
    for (size_t i = 0; i < p->wrap.nheld; i++) free(p->wrap.held[i]);
    p->wrap.nheld = 0;
}

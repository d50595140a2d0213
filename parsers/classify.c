/*
 * Classification of records (see classify.h). The order of the tests is the
 * precedence of the rules: a label beats a line pattern, a line pattern
 * beats the context's free text, and whatever nothing claims is unknown.
 */
#include "parsers/classify.h"

#include <stdlib.h>
#include <string.h>

#include "common/normalize.h"
#include "parsers/values.h"

/* Longest cell looked up as a label or header (bytes): no label is longer,
   and most value cells are, so they skip normalisation. */
#define LONGEST_LABEL 96u

struct ptc_classifier {
    const ptc_rules *rules;
    ptc_scanner *scanner;
    ptc_classification out;
    /* out.cell_rule[dirty..] are all NULL: ptc_classify clears only the
       entries a call before may have set, not every cell's */
    size_t dirty;
    char *scratch; /* qualifiers of this record's cells */
    size_t scratch_len, scratch_cap;
    char key[3 * LONGEST_LABEL + 1];
    /* the cells of the record being classified, prepared for lookups on
       first need (valid where prep_gen[i] == gen): most cells are looked
       up under two or three kinds, and normalised and hashed once */
    unsigned gen;
    unsigned prep_gen[PTC_MAX_CELLS];
    ptc_rules_cell prep[PTC_MAX_CELLS];
    char prep_keys[PTC_MAX_CELLS][LONGEST_LABEL];
    const uint64_t *first_chars[PTC_RULE_FUNDS_SOURCE + 1]; /* the rules' */
    const uint64_t *last_chars[PTC_RULE_FUNDS_SOURCE + 1];
    ptc_rules_memo memo; /* the keys of the cells seen: labels repeat */
};

_Static_assert(PTC_MAX_CELLS >= 8, "ptc_classify clears eight cell rules at least");

static const char *const class_names[] = {
    [PTC_CLASS_BLANK] = "blank",
    [PTC_CLASS_TITLE] = "title",
    [PTC_CLASS_SUMMARY] = "summary",
    [PTC_CLASS_UNIT_ITEM] = "unit-item",
    [PTC_CLASS_HEADING] = "heading",
    [PTC_CLASS_YEAR] = "year",
    [PTC_CLASS_APPLICANT] = "applicant",
    [PTC_CLASS_LABEL_ROW] = "label-row",
    [PTC_CLASS_INDICATOR_HEADER] = "indicator-header",
    [PTC_CLASS_INDICATOR_ROW] = "indicator-row",
    [PTC_CLASS_TEXT] = "text",
    [PTC_CLASS_FURNITURE] = "furniture",
    [PTC_CLASS_GRID_START] = "grid-start",
    [PTC_CLASS_GRID_ROW] = "grid-row",
    [PTC_CLASS_UNKNOWN] = "unknown",
};

const char *ptc_line_class_name(ptc_line_class cls) { return class_names[cls]; }

ptc_classifier *ptc_classifier_new(const ptc_rules *rules) {
    ptc_classifier *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->rules = rules;
    for (int k = PTC_RULE_FIELD; k <= PTC_RULE_FUNDS_SOURCE; k++) {
        c->first_chars[k] = ptc_rules_first_chars(rules, (ptc_rule_kind)k);
        c->last_chars[k] = ptc_rules_last_chars(rules, (ptc_rule_kind)k);
    }
    c->scanner = ptc_scanner_new();
    if (!c->scanner) {
        free(c);
        return NULL;
    }
    return c;
}

void ptc_classifier_free(ptc_classifier *c) {
    if (!c) return;
    ptc_scanner_free(c->scanner);
    free(c->scratch);
    free(c);
}

/* Keep a qualifier past the next lookup (the key buffer is reused). */
static ptc_str keep(ptc_classifier *c, ptc_str q) {
    if (!q.s) return q;
    if (c->scratch_len + q.len > c->scratch_cap) {
        /* qualifiers are slices of cells no longer than LONGEST_LABEL; the
           scratch holds every cell's worst case, so it never moves mid-record */
        return (ptc_str){NULL, 0};
    }
    if (q.len) memcpy(c->scratch + c->scratch_len, q.s, q.len);
    ptc_str kept = {c->scratch + c->scratch_len, q.len};
    c->scratch_len += q.len;
    return kept;
}

static const ptc_rule *lookup(ptc_classifier *c, ptc_rule_kind kind, const ptc_cell *cell,
                              ptc_str *qual) {
    qual->s = NULL;
    qual->len = 0;
    if (cell->blank || cell->len > LONGEST_LABEL) return NULL;
    ptc_str q;
    ptc_rules_cell prep;
    ptc_rules_cell_init(&prep, cell->s, cell->len, c->key, &c->memo);
    const ptc_rule *r = ptc_rules_lookup_prepared(c->rules, kind, &prep, &q);
    if (r) *qual = keep(c, q);
    return r;
}

/* The prepared lookup of cell i, past the first- and last-character tests. */
static const ptc_rule *lookup_prepared(ptc_classifier *c, ptc_rule_kind kind, size_t i, ptc_str *qual) {
    ptc_str q;
    const ptc_rule *rule = ptc_rules_lookup_past_ends(c->rules, kind, &c->prep[i], &q);
    if (rule) *qual = keep(c, q);
    return rule;
}

/* lookup() for cell i of the record being classified, through its
   prepared form; most cells are rejected here, by their first or last
   character, without a call. Unlike lookup(), *qual is written only when a rule is
   found (a qualifier is read only where one is). */
static inline const ptc_rule *lookup_at(ptc_classifier *c, ptc_rule_kind kind, const ptc_record *r, size_t i,
                                        ptc_str *qual) {
    const ptc_cell *cell = &r->cells[i];
    if (cell->blank || cell->len > LONGEST_LABEL) return NULL;
    if (c->prep_gen[i] != c->gen) {
        ptc_rules_cell_init(&c->prep[i], cell->s, cell->len, c->prep_keys[i], &c->memo);
        c->prep_gen[i] = c->gen;
    }
    if (!ptc_rules_in_set(c->first_chars[kind], c->prep[i].first) ||
        !ptc_rules_may_end(&c->prep[i], c->last_chars[kind]))
        return NULL;
    return lookup_prepared(c, kind, i, qual);
}

const ptc_rule *ptc_classify_label(ptc_classifier *c, const ptc_cell *cell, ptc_str *qual) {
    c->scratch_len = 0;
    return lookup(c, PTC_RULE_FIELD, cell, qual);
}

/* Under the funds label, a row whose first cell names a source of funds
   (其中：财政拨款, 二、上年结转, 其他资金) is one of the funds' sub-rows: 其中
   and a leading ordinal are not part of the source's name. */
static bool is_funds_source_row(ptc_classifier *c, const ptc_record *r, size_t first) {
    const ptc_cell *cell = &r->cells[first];
    if (cell->len > LONGEST_LABEL) return false;
    size_t n = ptc_norm_key(cell->s, cell->len, c->key), i = 0;
    const char *k = c->key;
    static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    for (bool more = true; more && i < n;) {
        more = false;
        if (n - i >= 6 && memcmp(k + i, "其中", 6) == 0) i += 6, more = true;
        for (size_t d = 0; d < 10; d++)
            if (n - i >= 3 && memcmp(k + i, numerals[d], 3) == 0) i += 3, more = true;
        while (i < n && ((k[i] >= '0' && k[i] <= '9') || k[i] == '(' || k[i] == ')' || k[i] == '.' || k[i] == ':'))
            i++, more = true;
        if (n - i >= 3 && memcmp(k + i, "、", 3) == 0) i += 3, more = true;
    }
    /* the source may carry its amount after a colon (一、预算资金:250) */
    size_t end = i;
    while (end < n && k[end] != ':') end++;
    return end > i && ptc_rules_find(c->rules, PTC_RULE_FUNDS_SOURCE, k + i, end - i) != NULL;
}

/* True when a non-blank cell of r holds a[0..na) or b[0..nb) (Chinese
   characters only: no ASCII, no whitespace; 2 <= na <= nb). Cells read
   from one line are slices of it, one TAB apart: then one search over
   their span answers for all of them. In valid UTF-8 a match is whole
   characters, so it cannot take in a TAB or a blank cell's whitespace, and
   so lies inside one non-blank cell. */
static bool any_cell_contains(const ptc_record *r, const char *a, size_t na, const char *b, size_t nb) {
    /* the record layer says so for a plain line (most records); else the
       cells are looked at */
    bool span = r->ncells > 0 && (r->one_line || !r->cells[0].quoted);
    for (size_t i = 1; span && !r->one_line && i < r->ncells; i++)
        span = !r->cells[i].quoted && r->cells[i].s == r->cells[i - 1].s + r->cells[i - 1].len + 1 &&
               r->cells[i].s[-1] == '\t';
    if (span) {
        const ptc_cell *last = &r->cells[r->ncells - 1];
        return ptc_contains_either(r->cells[0].s, (size_t)(last->s + last->len - r->cells[0].s), a, na, b, nb);
    }
    for (size_t i = 0; i < r->ncells; i++)
        if (!r->cells[i].blank && ptc_contains_either(r->cells[i].s, r->cells[i].len, a, na, b, nb)) return true;
    return false;
}

/* A row whose cells are mostly column roles is the indicator header, even
   when its first cell is the block's label (年度绩效指标 | 一级指标 | …). */
static bool is_header(ptc_classifier *c, const ptc_record *r, ptc_classification *out) {
    /* every value header says 值 but 年度目标 (beside 中期目标): a cheap test
       before the lookups */
    if (out->nonblank < 2 || !any_cell_contains(r, "值", sizeof "值" - 1, "年度目标", sizeof "年度目标" - 1))
        return false;
    size_t roles = 0;
    bool has_value = false, has_level = false;
    c->dirty = r->ncells;
    for (size_t i = 0; i < r->ncells; i++) {
        const ptc_rule *rule = lookup_at(c, PTC_RULE_COLUMN, r, i, &out->cell_qual[i]);
        out->cell_rule[i] = rule;
        if (!rule) {
            out->cell_qual[i] = (ptc_str){NULL, 0}; /* a header's are all read */
            continue;
        }
        roles++;
        has_value |= rule->role == PTC_COL_VALUE;
        has_level |= rule->role == PTC_COL_LEVEL || rule->role == PTC_COL_NAME;
    }
    if (has_value && has_level && roles * 2 >= out->nonblank) return true;
    /* the qualifiers need no clearing: they are read only where a rule is */
    for (size_t i = 0; i < r->ncells; i++) out->cell_rule[i] = NULL;
    return false;
}

/* Mark the label cells of a row from cell `from` on. Its callers come with
   the rules from `from` on all NULL (as ptc_classify cleared them): only
   the cells found are written. */
static void mark_labels_from(ptc_classifier *c, const ptc_record *r, ptc_classification *out, size_t from) {
    for (size_t i = from; i < r->ncells; i++) {
        const ptc_rule *rule = lookup_at(c, PTC_RULE_FIELD, r, i, &out->cell_qual[i]);
        if (rule) {
            out->cell_rule[i] = rule;
            c->dirty = r->ncells;
        }
    }
}

/* Mark the label cells of a row; true when its first non-blank cell is one. */
static bool mark_labels(ptc_classifier *c, const ptc_record *r, ptc_classification *out) {
    mark_labels_from(c, r, out, out->first);
    return out->cell_rule[out->first] != NULL;
}

/* A row that opens a grid block: its first cell is a grid label. */
static bool is_grid_start(ptc_classifier *c, const ptc_record *r, ptc_classification *out) {
    ptc_str qual;
    const ptc_rule *rule = lookup_at(c, PTC_RULE_GRID, r, out->first, &qual);
    if (!rule) return false;
    out->cls = PTC_CLASS_GRID_START;
    out->rule = rule->id;
    c->dirty = r->ncells;
    out->cell_rule[out->first] = rule;
    out->cell_qual[out->first] = (ptc_str){NULL, 0};
    return true;
}

/* Inside a grid, a row that starts with an empty cell lies under the
   grid's merged label, whatever its cells say. */
static bool continues_grid(ptc_context ctx, const ptc_classification *out) {
    return ctx == PTC_CTX_GRID && out->first > 0;
}

/* A funds label followed by three or more cells none of which is an amount
   heads a grid of budget figures (自评表: 年初预算数, 全年预算数, 全年执行数 …). */
static bool is_funds_grid(const ptc_record *r, const ptc_classification *out) {
    size_t others = 0;
    for (size_t i = out->first + 1; i < r->ncells; i++) {
        const ptc_cell *c = &r->cells[i];
        if (c->blank) continue;
        if (out->cell_rule[i]) return false;
        double v;
        ptc_str unit;
        if (ptc_read_amount(c->s, c->len, &v, &unit)) return false;
        others++;
    }
    return others >= 3;
}

/* A goal label followed by two or more short column headers that name goals
   (当年绩效目标 | 全年绩效目标 | 全年目标实际完成情况: a self-evaluation's
   expected and achieved halves) heads a goals grid: the goal is on the next
   row, never the header's own text. */
static bool is_goals_grid(const ptc_record *r, const ptc_classification *out) {
    size_t others = 0;
    for (size_t i = out->first + 1; i < r->ncells; i++) {
        const ptc_cell *c = &r->cells[i];
        if (c->blank) continue;
        if (c->len > 16 * 3 || !(ptc_contains(c->s, c->len, "目标") || ptc_contains(c->s, c->len, "完成情况")))
            return false;
        others++;
    }
    return others >= 2;
}

static ptc_line_class line_class_of(ptc_line_kind k) {
    switch (k) {
    case PTC_LINE_TITLE: return PTC_CLASS_TITLE;
    case PTC_LINE_SUMMARY: return PTC_CLASS_SUMMARY;
    case PTC_LINE_UNIT_ITEM: return PTC_CLASS_UNIT_ITEM;
    case PTC_LINE_HEADING: return PTC_CLASS_HEADING;
    case PTC_LINE_YEAR: return PTC_CLASS_YEAR;
    case PTC_LINE_APPLICANT: return PTC_CLASS_APPLICANT;
    case PTC_LINE_INTRO: return PTC_CLASS_TEXT;
    case PTC_LINE_NONE: break;
    }
    return PTC_CLASS_UNKNOWN;
}

static const char *const line_rule_ids[] = {
    [PTC_LINE_NONE] = "none",
    [PTC_LINE_TITLE] = "line.title",
    [PTC_LINE_SUMMARY] = "line.summary",
    [PTC_LINE_INTRO] = "line.intro",
    [PTC_LINE_UNIT_ITEM] = "line.unit-item",
    [PTC_LINE_HEADING] = "line.heading",
    [PTC_LINE_YEAR] = "line.year",
    [PTC_LINE_APPLICANT] = "line.applicant",
};

static bool is_furniture(ptc_classifier *c, const ptc_cell *cell, ptc_classification *out) {
    int rc = ptc_scan_page_number(c->scanner, cell->s, cell->len);
    if (rc == PTC_SCAN_LIMIT) out->scan_limit = true;
    if (rc == 1) {
        out->rule = "skip.page-number";
        return true;
    }
    rc = ptc_scan_web_stamp(c->scanner, cell->s, cell->len);
    if (rc == PTC_SCAN_LIMIT) out->scan_limit = true;
    if (rc == 1) {
        out->rule = "skip.web-stamp";
        return true;
    }
    if (cell->len > LONGEST_LABEL * 4) return false;
    size_t cut = cell->len < LONGEST_LABEL ? cell->len : LONGEST_LABEL;
    /* a furniture key is a prefix of the normalised line: a line whose first
       character starts none needs no normalising (ptc_rules_may_start,
       inline) */
    if (!ptc_rules_in_set(c->first_chars[PTC_RULE_SKIP], ptc_key_first_cp(cell->s, cut))) return false;
    size_t n = ptc_norm_key(cell->s, cut, c->key);
    const ptc_rule *rule;
    if (ptc_rules_is_furniture(c->rules, c->key, n, &rule)) {
        out->rule = rule->id;
        return true;
    }
    return false;
}

/* One non-blank cell: a label, furniture, a heading or title, the
   context's free text, or another line pattern. */
static void classify_single(ptc_classifier *c, ptc_context ctx, const ptc_record *r,
                            ptc_classification *out) {
    const ptc_cell *cell = &r->cells[out->first];
    if (continues_grid(ctx, out) && !is_furniture(c, cell, out)) {
        out->cls = PTC_CLASS_GRID_ROW;
        out->rule = "block.grid-row";
        return;
    }
    if (ctx == PTC_CTX_FUNDS) {
        int rc = ptc_scan_funds_row(c->scanner, cell->s, cell->len);
        if (rc == PTC_SCAN_LIMIT) out->scan_limit = true;
        if (rc == 1 || is_funds_source_row(c, r, out->first)) {
            out->cls = PTC_CLASS_GRID_ROW;
            out->rule = "block.funds-row";
            return;
        }
    }
    if (is_grid_start(c, r, out)) return;
    if (mark_labels(c, r, out)) {
        out->cls = PTC_CLASS_LABEL_ROW;
        out->rule = out->cell_rule[out->first]->id;
        return;
    }
    if (is_furniture(c, cell, out)) {
        out->cls = PTC_CLASS_FURNITURE;
        return;
    }
    int rc = ptc_scan_line(c->scanner, cell->s, cell->len, &out->match);
    if (rc == PTC_SCAN_LIMIT) {
        out->scan_limit = true;
        out->match.kind = PTC_LINE_NONE;
    }
    ptc_line_kind k = out->match.kind;
    if (k == PTC_LINE_TITLE || k == PTC_LINE_HEADING) {
        out->cls = line_class_of(k);
        out->rule = line_rule_ids[k];
        return;
    }
    if (ctx == PTC_CTX_GOAL || ctx == PTC_CTX_NOTES) {
        out->cls = PTC_CLASS_TEXT;
        out->text_target = ctx == PTC_CTX_GOAL ? PTC_TEXT_GOAL : PTC_TEXT_NOTES;
        out->rule = ctx == PTC_CTX_GOAL ? "text.goal" : "text.notes";
        return;
    }
    if (ctx == PTC_CTX_GRID && k == PTC_LINE_NONE) {
        out->cls = PTC_CLASS_GRID_ROW;
        out->rule = "block.grid-row";
        return;
    }
    if (ctx == PTC_CTX_INDICATORS && (r->ncells > 1 || ptc_rules_looks_category(c->rules, cell->s, cell->len))) {
        /* a category row (经济效益指标 and empty cells), or a row whose other
           cells are merged away: the block decides */
        out->cls = PTC_CLASS_INDICATOR_ROW;
        out->rule = "block.indicator-row";
        return;
    }
    if (k != PTC_LINE_NONE) {
        out->cls = line_class_of(k);
        out->rule = line_rule_ids[k];
        out->text_target = PTC_TEXT_DOCUMENT;
        return;
    }
    out->cls = PTC_CLASS_UNKNOWN;
    out->rule = "none";
}

const ptc_classification *ptc_classify(ptc_classifier *c, ptc_context ctx, const ptc_record *r) {
    ptc_classification *out = &c->out;
    size_t need = r->ncells * (LONGEST_LABEL + 1);
    if (need > c->scratch_cap) {
        char *s = realloc(c->scratch, need);
        if (s) {
            c->scratch = s;
            c->scratch_cap = need;
        }
    }
    c->scratch_len = 0;
    if (++c->gen == 0) { /* wrapped: no cell may look prepared */
        memset(c->prep_gen, 0, sizeof c->prep_gen);
        c->gen = 1;
    }
    out->cls = PTC_CLASS_BLANK;
    out->rule = "blank";
    out->first = 0;
    out->nonblank = 0;
    out->scan_limit = false;
    out->text_target = PTC_TEXT_DOCUMENT;
    /* the captures are read only for a line pattern's classes, after
       ptc_scan_line has set them all */
    out->match.kind = PTC_LINE_NONE;
    /* only the rules a call before set are cleared; a qualifier is read only
       where a rule is, and set with it */
    if (c->dirty) {
        /* clearing a few more than set costs nothing: a fixed size is stores,
           not a call */
        if (c->dirty <= 8) memset(out->cell_rule, 0, 8 * sizeof out->cell_rule[0]);
        else memset(out->cell_rule, 0, c->dirty * sizeof out->cell_rule[0]);
        c->dirty = 0;
    }
    /* the first non-blank cell, then a plain count of the rest */
    size_t f = 0, n = r->ncells;
    while (f < n && r->cells[f].blank) f++;
    if (f == n) return out;
    /* four cells a step: most records are rows of several */
    size_t blanks = 0, i = f + 1;
    for (; i + 4 <= n; i += 4)
        blanks += (size_t)r->cells[i].blank + r->cells[i + 1].blank + r->cells[i + 2].blank + r->cells[i + 3].blank;
    for (; i < n; i++) blanks += r->cells[i].blank;
    size_t nonblank = n - f - blanks;
    out->first = f;
    out->nonblank = nonblank;
    if (out->nonblank == 1) {
        classify_single(c, ctx, r, out);
        return out;
    }
    if (continues_grid(ctx, out)) {
        out->cls = PTC_CLASS_GRID_ROW;
        out->rule = "block.grid-row";
        return out;
    }
    if (ctx == PTC_CTX_FUNDS && is_funds_source_row(c, r, f)) {
        out->cls = PTC_CLASS_GRID_ROW;
        out->rule = "block.funds-row";
        return out;
    }
    if (is_header(c, r, out)) {
        out->cls = PTC_CLASS_INDICATOR_HEADER;
        out->rule = "block.indicator-header";
        return out;
    }
    if (is_grid_start(c, r, out)) return out;
    if (ctx == PTC_CTX_GRID) {
        ptc_str q;
        const ptc_rule *lab = lookup_at(c, PTC_RULE_FIELD, r, f, &q);
        if (lab && lab->field == PTC_FIELD_FUNDS) {
            /* 年度资金总额 | 55 | … : a row of the funds grid */
            out->cls = PTC_CLASS_GRID_ROW;
            out->rule = "block.grid-row";
            return out;
        }
    }
    /* The other cells' labels matter only on a label row (its first cell
       is a label) or an unknown one; a grid or indicator row drops them,
       so there only the first cell is looked up. */
    out->cell_rule[f] = lookup_at(c, PTC_RULE_FIELD, r, f, &out->cell_qual[f]);
    if (out->cell_rule[f]) c->dirty = r->ncells;
    if (out->cell_rule[f] || (ctx != PTC_CTX_GRID && ctx != PTC_CTX_INDICATORS))
        mark_labels_from(c, r, out, f + 1);
    if (out->cell_rule[f]) {
        out->cls = PTC_CLASS_LABEL_ROW;
        out->rule = out->cell_rule[f]->id;
        if (out->cell_rule[f]->field == PTC_FIELD_FUNDS && is_funds_grid(r, out)) {
            /* 项目资金 | 年初预算数 | 全年预算数 | … : the header of a funds grid */
            out->cls = PTC_CLASS_GRID_START;
            out->rule = "grid.funds";
        } else if (out->cell_rule[f]->field == PTC_FIELD_GOAL && is_goals_grid(r, out)) {
            out->cls = PTC_CLASS_GRID_START;
            out->rule = "grid.goals";
        }
        return out;
    }
    /* here no cell has a rule: in these contexts mark_labels_from ran only
       where cell f has one, and a failed is_header cleared its own */
    if (ctx == PTC_CTX_GRID) {
        out->cls = PTC_CLASS_GRID_ROW;
        out->rule = "block.grid-row";
        return out;
    }
    if (ctx == PTC_CTX_INDICATORS) {
        out->cls = PTC_CLASS_INDICATOR_ROW;
        out->rule = "block.indicator-row";
        return out;
    }
    out->cls = PTC_CLASS_UNKNOWN;
    out->rule = "none";
    return out;
}

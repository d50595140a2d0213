/*
 * Label/value pairs inside one cell (see pairs.h). Only cells that begin
 * with a known label and a colon are split, and a later colon splits again
 * only when the text between the last space before it and the colon is a
 * known label too, so a colon inside a value (a time, 比例1:2) stays put.
 */
#include "parsers/pairs.h"

#include <string.h>

/* A label is short; a longer run before a colon is a sentence. */
#define LONGEST_PAIR_LABEL 48u

static size_t colon_at(const char *s, size_t len, size_t i) {
    if (s[i] == ':') return 1;
    if (i + 3 <= len && memcmp(s + i, "：", 3) == 0) return 3;
    return 0;
}

static size_t space_at(const char *s, size_t len, size_t i) {
    if (s[i] == ' ' || s[i] == '\t') return 1;
    if (i + 3 <= len && memcmp(s + i, "　", 3) == 0) return 3;
    return 0;
}

static size_t skip_spaces(const char *s, size_t len, size_t i) {
    size_t n;
    while (i < len && (n = space_at(s, len, i))) i += n;
    return i;
}

static size_t trim_end(const char *s, size_t from, size_t to) {
    while (to > from) {
        if (s[to - 1] == ' ' || s[to - 1] == '\t') to--;
        else if (to - from >= 3 && memcmp(s + to - 3, "　", 3) == 0) to -= 3;
        else break;
    }
    return to;
}

static ptc_cell slice(const ptc_cell *whole, size_t from, size_t to) {
    ptc_cell c = *whole;
    c.s = whole->s + from;
    c.len = to - from;
    c.off = whole->off + (uint32_t)from;
    c.end_off = whole->off + (uint32_t)to;
    c.blank = c.len == 0;
    return c;
}

static const ptc_rule *label_rule(ptc_classifier *c, const ptc_cell *whole, size_t from, size_t to) {
    if (to <= from || to - from > LONGEST_PAIR_LABEL) return NULL;
    ptc_cell cand = slice(whole, from, to);
    ptc_str qual;
    return ptc_classify_label(c, &cand, &qual);
}

static bool is_label(ptc_classifier *c, const ptc_cell *whole, size_t from, size_t to) {
    return label_rule(c, whole, from, to) != NULL;
}

const ptc_rule *ptc_label_prefix(ptc_classifier *c, const ptc_cell *cell, size_t *value_off) {
    if (cell->quoted || cell->line != cell->end_line) return NULL;
    size_t from = skip_spaces(cell->s, cell->len, 0), i = from, colon = 0;
    while (i < cell->len && i - from <= LONGEST_PAIR_LABEL && !(colon = colon_at(cell->s, cell->len, i))) i++;
    if (!colon) return NULL;
    const ptc_rule *rule = label_rule(c, cell, from, trim_end(cell->s, from, i));
    if (rule) *value_off = skip_spaces(cell->s, cell->len, i + colon);
    return rule;
}

bool ptc_split_label_pairs(ptc_classifier *c, const ptc_record *r, ptc_record *out,
                           ptc_cell *cells) {
    const ptc_cell *whole = NULL;
    for (size_t i = 0; i < r->ncells; i++) {
        if (r->cells[i].blank) continue;
        if (whole) return false;
        whole = &r->cells[i];
    }
    /* a quoted or multi-line cell's bytes are not its line's bytes, so its
       slices would have no true position */
    if (!whole || whole->quoted || whole->line != whole->end_line) return false;
    const char *s = whole->s;
    size_t len = whole->len;

    size_t label_from = skip_spaces(s, len, 0), ncells = 0;
    size_t i = label_from, colon = 0;
    while (i < len && !(colon = colon_at(s, len, i))) i++;
    if (!colon) return false;
    size_t label_to = trim_end(s, label_from, i);
    if (!is_label(c, whole, label_from, label_to)) return false;

    size_t value_from = skip_spaces(s, len, i + colon);
    i = value_from;
    while (i <= len) {
        size_t next_colon = 0;
        size_t k = i;
        while (k < len && !(next_colon = colon_at(s, len, k))) k++;
        size_t cand_from = value_from;
        bool split = false;
        if (next_colon) {
            /* the candidate label: from after the last space before the colon */
            for (size_t j = value_from; j < k;) {
                size_t n = space_at(s, len, j);
                if (n) cand_from = j + n;
                j += n ? n : 1;
            }
            split = is_label(c, whole, cand_from, k);
        }
        if (!next_colon || split) {
            if (ncells + 2 > 2 * PTC_MAX_CELL_PAIRS) return false;
            size_t value_to = trim_end(s, value_from, next_colon ? cand_from : len);
            cells[ncells++] = slice(whole, label_from, label_to);
            cells[ncells++] = slice(whole, value_from, value_to);
            if (!next_colon) break;
            label_from = cand_from;
            label_to = k;
            value_from = skip_spaces(s, len, k + next_colon);
            i = value_from;
            continue;
        }
        i = k + next_colon;
    }
    out->cells = cells;
    out->ncells = ncells;
    out->lines = r->lines;
    out->nlines = r->nlines;
    out->truncated = false;
    out->cols = r->cols;
    return true;
}

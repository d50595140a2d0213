/*
 * Table numbers: headings are numbered 1, 2, … n (table-number-missing,
 * table-number-repeated, table-number-order; docs/checks.md). Tables
 * without a number (layouts without headings) are skipped.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "checks/checks.h"
#include "checks/sort.h"

typedef struct numbered {
    long seq;
    size_t index;
} numbered;

static inline int compare_numbered(const numbered *a, const numbered *b) {
    if (a->seq != b->seq) return a->seq < b->seq ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

PTC_DEFINE_STABLE_SORT(sort_numbered, numbered, compare_numbered)

/* The numbered tables sorted by number (then document order), and for
   each table the index of the first table with its number. Both checks
   read it: it is made once, kept in the checker (ptc_check_release). */
struct ptc_numbering {
    numbered *sorted;
    size_t len;
    size_t *first_with_seq; /* per table; only set for numbered ones */
};
typedef struct ptc_numbering numbering;

void ptc_check_release(checker *c) {
    if (c->numbering) free(c->numbering->sorted);
    free(c->numbering);
    c->numbering = NULL;
}

/* NULL when there is nothing to check or memory ran out (c->failed). */
static const numbering *number_tables(checker *c) {
    if (c->numbering) return c->numbering->len ? c->numbering : NULL;
    const ptc_document *doc = c->doc;
    numbering *nb = c->numbering = calloc(1, sizeof *nb);
    if (!nb) {
        c->failed = true;
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < doc->tables_len; i++) n += doc->tables[i].seq.set;
    if (n == 0) return NULL;
    /* one allocation: the sorted numbers, then the per-table indexes */
    nb->sorted = malloc(n * sizeof *nb->sorted + doc->tables_len * sizeof *nb->first_with_seq);
    if (!nb->sorted) {
        c->failed = true;
        return NULL;
    }
    nb->first_with_seq = (size_t *)(nb->sorted + n);
    for (size_t i = 0; i < doc->tables_len; i++)
        if (doc->tables[i].seq.set) nb->sorted[nb->len++] = (numbered){doc->tables[i].seq.value, i};
    sort_numbered(nb->sorted, nb->len);
    for (size_t k = 0; k < nb->len; k++) {
        const numbered *e = &nb->sorted[k];
        bool repeat = k > 0 && nb->sorted[k - 1].seq == e->seq;
        nb->first_with_seq[e->index] =
            repeat ? nb->first_with_seq[nb->sorted[k - 1].index] : e->index;
    }
    return nb;
}

/* Gaps and repeats, in number order: one pass over the sorted numbers. */
void ptc_check_table_number_gaps(checker *c) {
    const ptc_document *doc = c->doc;
    const numbering *nb = number_tables(c);
    if (!nb) return;
    long previous = 0;
    for (size_t k = 0; k < nb->len; k++) {
        const numbered *e = &nb->sorted[k];
        const ptc_table *t = &doc->tables[e->index];
        size_t first = nb->first_with_seq[e->index];
        if (first != e->index) {
            ptc_check_report(c, "table-number-repeated", ptc_check_heading_pos(t),
                             "table number %ld is used again (first on line %u)", e->seq,
                             doc->tables[first].lines.first);
            continue;
        }
        if (e->seq > previous + 1) {
            if (e->seq == previous + 2)
                ptc_check_report(c, "table-number-missing", ptc_check_heading_pos(t),
                                 "there is no table %ld before table %ld", previous + 1, e->seq);
            else
                ptc_check_report(c, "table-number-missing", ptc_check_heading_pos(t),
                                 "there are no tables %ld–%ld before table %ld", previous + 1,
                                 e->seq - 1, e->seq);
        }
        previous = e->seq;
    }
}

/* Order, in document order; a repeated number is reported as a repeat only. */
void ptc_check_table_number_order(checker *c) {
    const ptc_document *doc = c->doc;
    const numbering *nb = number_tables(c);
    if (!nb) return;
    const ptc_table *before = NULL;
    for (size_t i = 0; i < doc->tables_len; i++) {
        const ptc_table *t = &doc->tables[i];
        if (!t->seq.set || nb->first_with_seq[i] != i) continue;
        if (before && t->seq.value < before->seq.value)
            ptc_check_report(c, "table-number-order", ptc_check_heading_pos(t),
                             "table %ld comes after table %ld (line %u)", t->seq.value,
                             before->seq.value, before->lines.first);
        before = t;
    }
}

/*
 * The rowspans of an indicator block's category cells, as the published
 * form merges them (ptc_indicator.rowspan). One rule, used by every parser,
 * so emitters draw merges and never work them out from strings:
 *
 *   the cell of level k on row i merges into the cell above when both rows
 *   have the same path depth, its text equals the cell above, and every
 *   outer level (0..k-1) of both rows is equal, hence merged too: a merge
 *   never crosses a change of an outer level (产出|数量指标 over
 *   效益|数量指标 does not merge 数量指标);
 *
 *   a category row (ptc_table.categories) lying between two indicators by
 *   line breaks every run there; category rows take no part in merges.
 *
 * The first row of a run gets the run's length, the rows it covers 0.
 */
#include <stdint.h>
#include <string.h>

#include "common/bytes.h"
#include "model/model.h"

static inline bool text_eq(ptc_str a, ptc_str b) {
    /* a category repeated down its rows shares its bytes */
    if (a.s == b.s && a.len == b.len) return true;
    size_t la = a.s ? a.len : 0, lb = b.s ? b.len : 0;
    return la == lb && (la == 0 || a.s == b.s || ptc_short_same(a.s, b.s, la));
}

/* Deepest path the one-pass count keeps a run head for at each level (the
   parser's paths are at most one level a column); deeper tables are
   counted level by level after the merges are marked. */
#define ROWSPAN_HEADS 256u

/* Each run's first row (1 so far) counts the rows merged into it (0). */
static void count_runs_by_level(ptc_table *t, size_t depth) {
    for (size_t k = 0; k < depth; k++) {
        uint32_t *first = NULL;
        for (size_t i = 0; i < t->indicators_len; i++) {
            ptc_indicator *ind = &t->indicators[i];
            if (k >= ind->path_len) first = NULL;
            else if (ind->rowspan[k] != 0) first = &ind->rowspan[k];
            else if (first) (*first)++; /* a merge implies a run above */
        }
    }
}

int ptc_table_compute_rowspans(ptc_arena *a, ptc_table *t) {
    size_t depth = 0;
    for (size_t i = 0; i < t->indicators_len; i++)
        if (t->indicators[i].path_len > depth) depth = t->indicators[i].path_len;
    /* A merge at level k continues the run the row above is in at level
       k (same depth, every outer level merged too, no row between), so
       its head is the last run started at level k: counted as it is met. */
    bool one_pass = depth <= ROWSPAN_HEADS;
    uint32_t *head[ROWSPAN_HEADS];
    size_t cat = 0; /* categories are in line order, as the parser adds them */
    for (size_t i = 0; i < t->indicators_len; i++) {
        ptc_indicator *ind = &t->indicators[i];
        if (!ind->path_len) continue;
        if (!ind->rowspan) {
            /* every level is set below */
            ind->rowspan = ptc_arena_alloc_raw(a, sizeof *ind->rowspan * ind->path_len);
            if (!ind->rowspan) return -1;
        }
        /* a category row between the previous indicator and this one */
        bool broken = false;
        while (cat < t->categories_len && t->categories[cat].line < ind->line) {
            broken |= i > 0 && t->categories[cat].line > t->indicators[i - 1].line;
            cat++;
        }
        const ptc_indicator *above = i > 0 ? &t->indicators[i - 1] : NULL;
        bool merges = above && !broken && above->path_len == ind->path_len;
        /* the levels that merge are the outermost ones, up to the first
           that does not */
        size_t k = 0, n = ind->path_len;
        uint32_t *span = ind->rowspan;
        if (merges) {
            const ptc_text *here = ind->path, *up = above->path;
            for (; k < n && text_eq(here[k].str, up[k].str); k++) {
                span[k] = 0;
                if (one_pass) (*head[k])++;
            }
        }
        for (; k < n; k++) {
            span[k] = 1;
            if (one_pass) head[k] = &span[k];
        }
    }
    if (!one_pass) count_runs_by_level(t, depth);
    return 0;
}

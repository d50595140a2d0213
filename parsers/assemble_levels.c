/*
 * The memory of which category texts were read at which level of the path
 * in this document, for placing a short row's cells where they were seen
 * before (assemble_indicators.c). Texts are remembered as they are read
 * and hashed only when first looked up, which most documents never do.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parsers/assemble.h"
#include "parsers/assemble_block.h"

static uint64_t level_key(const char *s, size_t n, int level) {
    uint64_t h = 1469598103934665603ull;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    /* FNV-1a, four bytes a turn: the same value, less loop per byte */
    for (; i + 4 <= n; i += 4) {
        h = (h ^ u[i]) * 1099511628211ull;
        h = (h ^ u[i + 1]) * 1099511628211ull;
        h = (h ^ u[i + 2]) * 1099511628211ull;
        h = (h ^ u[i + 3]) * 1099511628211ull;
    }
    for (; i < n; i++) h = (h ^ u[i]) * 1099511628211ull;
    return (h & ~(uint64_t)0xF) | (uint64_t)(level & 0xF) | 1u << 4;
}

static seen_pending *pending_levels(const ptc_parser *p) {
    return (seen_pending *)(void *)(p->seen_levels + PTC_SEEN_LEVELS);
}

static void insert_level(ptc_parser *p, const char *s, size_t n, int level) {
    if (p->nseen_levels * 4 >= PTC_SEEN_LEVELS * 3) return;
    uint64_t key = level_key(s, n, level);
    for (size_t i = (size_t)(key >> 5) % PTC_SEEN_LEVELS;; i = (i + 1) % PTC_SEEN_LEVELS) {
        if (p->seen_levels[i] == key) return;
        if (!p->seen_levels[i]) {
            p->seen_levels[i] = key;
            p->nseen_levels++;
            return;
        }
    }
}

/* Hash the waiting texts in the order they were remembered: the table is
   then as if each had been inserted at once. */
static void flush_levels(ptc_parser *p) {
    const seen_pending *q = pending_levels(p);
    for (size_t i = 0; i < p->nseen_pending; i++) insert_level(p, q[i].s, q[i].n, q[i].level);
    p->nseen_pending = 0;
}

static bool seen_at(ptc_parser *p, uint64_t key) {
    if (!p->seen_levels) return false;
    if (p->nseen_pending) flush_levels(p);
    for (size_t i = (size_t)(key >> 5) % PTC_SEEN_LEVELS, n = 0; n < PTC_SEEN_LEVELS;
         i = (i + 1) % PTC_SEEN_LEVELS, n++) {
        if (p->seen_levels[i] == key) return true;
        if (!p->seen_levels[i]) return false;
    }
    return false;
}

void ptc_remember_level_slow(ptc_parser *p, const char *s, size_t n, int level) {
    /* made when first needed: most inputs never place a short row, and a
       parser is cheaper to make without 8 KiB to clear */
    if (!p->seen_levels) {
        if (!(p->seen_levels = calloc(1, PTC_SEEN_LEVELS * sizeof *p->seen_levels +
                                             PTC_SEEN_PENDING * sizeof(seen_pending)))) {
            ptc_fail(p, PTC_ERR_NOMEM);
            return;
        }
        p->seen_pending_cap = PTC_SEEN_PENDING;
    }
    if (p->nseen_pending == p->seen_pending_cap) {
        /* grown rather than hashed: a document that never looks one up
           then hashes none; the same table either way, as hashing keeps
           the order they were remembered in */
        uint64_t *grown = NULL;
        size_t cap = p->seen_pending_cap * 2;
        if (cap <= PTC_SEEN_PENDING_MAX)
            grown = realloc(p->seen_levels, PTC_SEEN_LEVELS * sizeof *p->seen_levels + cap * sizeof(seen_pending));
        if (grown) {
            p->seen_levels = grown;
            p->seen_pending_cap = cap;
        } else {
            flush_levels(p);
        }
    }
    pending_levels(p)[p->nseen_pending++] = (seen_pending){s, n, level};
}

void ptc_seen_in_block(const commit *k, size_t col, const char *key, size_t n, bool *same,
                       bool *other) {
    *same = *other = false;
    int level = k->path_index[col];
    for (int l = 0; l < (int)k->npath && l < 15; l++) {
        if (!seen_at(k->p, level_key(key, n, l))) continue;
        if (l == level) *same = true;
        else *other = true;
    }
}

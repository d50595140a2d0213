/*
 * Internal model API: the arena every document lives in, and the helpers
 * the builder uses to grow a document. Emitters only read the public
 * structs in ptconv.h.
 */
#ifndef PTC_MODEL_H
#define PTC_MODEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "common/numfmt.h"
#include "ptconv.h"

/* Bump allocator: a document's every node and string is freed in one go. */
ptc_arena *ptc_arena_new(void);

/* The arena's layout, here so that an allocation is a pointer bump inlined
   where it is made (a call each cost as much as the bump itself); only
   model/arena.c changes these fields otherwise. */
typedef struct ptc_arena_chunk {
    struct ptc_arena_chunk *next;
    size_t size, used;
    max_align_t data[]; /* payload follows, maximally aligned */
} ptc_arena_chunk;

struct ptc_arena {
    ptc_arena_chunk *head;
    size_t total;
    size_t next_chunk; /* the size of the next regular chunk; 0: the first */
};

/* `size` (already rounded to 8, at least 8) from a new chunk: the rare
   path of ptc_arena_alloc_raw. */
void *ptc_arena_alloc_in_new_chunk(ptc_arena *a, size_t size);

/* As ptc_arena_alloc, but the bytes are not cleared: for a caller that
   writes every byte it will read (a string it fills, then terminates). */
static inline void *ptc_arena_alloc_raw(ptc_arena *a, size_t size) {
    size = size ? (size + 7u) & ~(size_t)7u : 8;
    ptc_arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) return ptc_arena_alloc_in_new_chunk(a, size);
    void *p = (char *)c->data + c->used;
    c->used += size;
    return p;
}

/* 8-byte aligned, zeroed; NULL when out of memory. */
static inline void *ptc_arena_alloc(ptc_arena *a, size_t size) {
    void *p = ptc_arena_alloc_raw(a, size);
    if (p) memset(p, 0, size);
    return p;
}

/* Copy `len` bytes into the arena (NUL-terminated for convenience). */
ptc_str ptc_arena_strndup(ptc_arena *a, const char *s, size_t len);
/* Grow an array allocated in `a` from `old_cap` to `new_cap` elements: the
   first old_cap are copied, the rest are left uncleared. */
void *ptc_arena_grow(ptc_arena *a, void *old, size_t elem, size_t old_cap, size_t new_cap);
size_t ptc_arena_bytes(const ptc_arena *a);
void ptc_arena_free(ptc_arena *a);

/* Double the capacity of an arena array that is full (the rare path of
   ptc_arena_push); false when out of memory. */
bool ptc_arena_push_grow(ptc_arena *a, void **arr, size_t *cap, size_t elem);

/*
 * Append one zeroed element to an arena array `*arr` of `*len` elements
 * with capacity `*cap`; returns the new element or NULL when out of memory.
 * Inline: `elem` is a constant at every call, so the clearing is a few
 * stores rather than a call of memset.
 */
static inline void *ptc_arena_push(ptc_arena *a, void **arr, size_t *len, size_t *cap, size_t elem) {
    if (*len == *cap && !ptc_arena_push_grow(a, arr, cap, elem)) return NULL;
    void *slot = (char *)*arr + elem * *len;
    memset(slot, 0, elem);
    (*len)++;
    return slot;
}

/* As ptc_arena_push, but the element is not cleared: for a caller that
   writes every member of it. */
static inline void *ptc_arena_push_raw(ptc_arena *a, void **arr, size_t *len, size_t *cap, size_t elem) {
    if (*len == *cap && !ptc_arena_push_grow(a, arr, cap, elem)) return NULL;
    void *slot = (char *)*arr + elem * *len;
    (*len)++;
    return slot;
}

ptc_document *ptc_document_new(const char *source);
/* ptc_document_free is public (ptconv.h). */

/*
 * Add a diagnostic; the message is printf-formatted into the document's
 * arena. Past PTC_MAX_DIAGNOSTICS one "too-many-diagnostics" error stands
 * for the rest. Returns 0, or -1 when out of memory.
 */
int ptc_document_diag(ptc_document *doc, ptc_severity sev, const char *code, ptc_pos pos,
                      const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Put the diagnostics in source order (stable); too-many-diagnostics last.
   Stages add them at different times; readers want them in order. */
void ptc_document_sort_diagnostics(ptc_document *doc);

int ptc_document_vdiag(ptc_document *doc, ptc_severity sev, const char *code, ptc_pos pos,
                       const char *fmt, va_list ap);

/* A diagnostic's message is cut to this many bytes. */
#define PTC_DIAG_MESSAGE_MAX 511

/* ptc_document_diag with the message already made: `len` bytes of `msg`
   (cut as a formatted one is), without printf's parsing of a format. */
int ptc_document_diag_text(ptc_document *doc, ptc_severity sev, const char *code, ptc_pos pos,
                           const char *msg, size_t len);

/*
 * Set `rowspan` of every indicator of `t` (allocated in `a` when NULL) by
 * the form's merging rule (model/rowspan.c). Parsers call it once per
 * table, when the table is complete. Returns 0, or -1 when out of memory.
 */
int ptc_table_compute_rowspans(ptc_arena *a, ptc_table *t);

#endif

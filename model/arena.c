#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

/* Chunks grow from ARENA_FIRST_CHUNK to ARENA_CHUNK, doubling: a typical
   document (tens of KiB of text) needs a few, so allocation is a pointer
   bump almost always, while a short input (one table, a fuzz case) does
   not take and clear 64 KiB it never uses. */
#define ARENA_FIRST_CHUNK (4u * 1024u)
#define ARENA_CHUNK (64u * 1024u)

typedef ptc_arena_chunk chunk;

ptc_arena *ptc_arena_new(void) { return calloc(1, sizeof(ptc_arena)); }

/* A new chunk, then `size` from it: apart, so that the inline bump
   (model.h) is a few instructions with nothing to save around a call. */
void *ptc_arena_alloc_in_new_chunk(ptc_arena *a, size_t size) {
    chunk *c = a->head;
    size_t regular = a->next_chunk ? a->next_chunk : ARENA_FIRST_CHUNK;
    bool big = size > regular / 4;
    size_t want = big ? size : regular;
    chunk *n = malloc(sizeof(chunk) + want);
    if (!n) return NULL;
    n->size = want;
    n->used = size;
    if (!big) a->next_chunk = regular < ARENA_CHUNK ? regular * 2 : ARENA_CHUNK;
    /* A big block goes behind the current chunk so the current chunk's
       free space is still used for the small allocations that follow. */
    if (c && big) {
        n->next = c->next;
        c->next = n;
    } else {
        n->next = c;
        a->head = n;
    }
    a->total += want;
    return n->data;
}

ptc_str ptc_arena_strndup(ptc_arena *a, const char *s, size_t len) {
    ptc_str r = {NULL, 0};
    char *p = ptc_arena_alloc_raw(a, len + 1);
    if (!p) return r;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    r.s = p;
    r.len = len;
    return r;
}

void *ptc_arena_grow(ptc_arena *a, void *old, size_t elem, size_t old_cap, size_t new_cap) {
    /* the room past old_cap is zeroed element by element as ptc_arena_push
       hands it out: zeroing it here too would clear most arrays twice */
    void *p = ptc_arena_alloc_raw(a, elem * new_cap);
    if (p && old && old_cap) memcpy(p, old, elem * old_cap);
    return p;
}

bool ptc_arena_push_grow(ptc_arena *a, void **arr, size_t *cap, size_t elem) {
    size_t ncap = *cap ? *cap * 2 : 8;
    void *n = ptc_arena_grow(a, *arr, elem, *cap, ncap);
    if (!n) return false;
    *arr = n;
    *cap = ncap;
    return true;
}

size_t ptc_arena_bytes(const ptc_arena *a) { return a->total; }

void ptc_arena_free(ptc_arena *a) {
    if (!a) return;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

/*
 * The sink's fast path, for the emitters (internal; the public functions in
 * ptconv.h stay and behave the same). Emitters write many small pieces: a
 * call per token through the public functions costs more than the copy, so
 * here the buffer check is inline and only a full buffer (or a sticky
 * error) goes out of line to ptc_sink_write_slow.
 *
 * Including this header makes ptc_sink_write, ptc_sink_putc and
 * ptc_sink_puts in that file the inline versions (macros).
 */
#ifndef PTC_SINK_INLINE_H
#define PTC_SINK_INLINE_H

#include <stdio.h>
#include <string.h>

#include "ptconv.h"

typedef enum { SINK_FILE, SINK_MEMORY, SINK_CALLBACK } sink_kind;

struct ptc_sink {
    sink_kind kind;
    int error;
    FILE *fp;
    int (*write)(void *ud, const char *data, size_t len);
    void *ud;
    char *buf; /* file/callback: staging buffer; memory: the whole output */
    size_t len, cap;
};

/* The general case: buffer full, a large write, or a sticky error. */
void ptc_sink_write_slow(ptc_sink *s, const void *data, size_t len);

static inline void ptc_sink_write_inline(ptc_sink *s, const void *data, size_t len) {
    if (s->cap - s->len > len && !s->error) {
        memcpy(s->buf + s->len, data, len);
        s->len += len;
        return;
    }
    ptc_sink_write_slow(s, data, len);
}

static inline void ptc_sink_putc_inline(ptc_sink *s, char c) {
    if (s->len < s->cap && !s->error) {
        s->buf[s->len++] = c;
        return;
    }
    ptc_sink_write_slow(s, &c, 1);
}

/* Room for `len` more bytes in the buffer, to be filled by the caller and
   committed with ptc_sink_commit; NULL when the caller must use the write
   functions instead (full buffer, error). */
static inline char *ptc_sink_reserve(ptc_sink *s, size_t len) {
    if (s->cap - s->len > len && !s->error) return s->buf + s->len;
    return NULL;
}

static inline void ptc_sink_commit(ptc_sink *s, size_t len) { s->len += len; }

/* Makes room for `len` bytes: a file or callback sink drains its buffer, a
   memory sink grows. NULL on a sticky error or when `len` does not fit even
   an empty file/callback buffer (the caller then uses the write functions). */
char *ptc_sink_room_slow(ptc_sink *s, size_t len);

/* Like ptc_sink_reserve, but a full buffer is made room in rather than
   refused: an emitter fills whole pieces (separator, key, value) at once,
   with fixed-size copies that may run past what it commits. */
static inline char *ptc_sink_room(ptc_sink *s, size_t len) {
    if (s->cap - s->len > len && !s->error) return s->buf + s->len;
    return ptc_sink_room_slow(s, len);
}

/* Commit everything up to `end` (a pointer into the reserved room). */
static inline void ptc_sink_commit_to(ptc_sink *s, const char *end) { s->len = (size_t)(end - s->buf); }

#define ptc_sink_write(s, d, n) ptc_sink_write_inline((s), (d), (n))
#define ptc_sink_putc(s, c) ptc_sink_putc_inline((s), (c))
#define ptc_sink_puts(s, str) ptc_sink_write_inline((s), (str), strlen(str))
/* A string literal: its length is known at compile time. */
#define ptc_sink_lit(s, lit) ptc_sink_write_inline((s), (lit), sizeof(lit) - 1)

#endif

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptconv.h"

/* This file defines the out-of-line functions: no macros over them. */
#include "emitters/sink_inline.h"
#undef ptc_sink_write
#undef ptc_sink_putc
#undef ptc_sink_puts

/* Emitters write many small pieces; batching them keeps the cost of the
   destination (a syscall, a callback) off the per-token path. The struct and
   the inline fast path are in emitters/sink_inline.h. */
#define SINK_BUFFER (64u * 1024u)
/* A memory sink grows by doubling as it fills; it starts small because
   most of its users (tests, the fuzzer, a program converting one short
   table) write a few KiB. */
#define SINK_MEMORY_FIRST (4u * 1024u)

static ptc_sink *sink_new(sink_kind kind) {
    ptc_sink *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->kind = kind;
    s->cap = kind == SINK_MEMORY ? SINK_MEMORY_FIRST : SINK_BUFFER;
    s->buf = malloc(s->cap);
    if (!s->buf) {
        free(s);
        return NULL;
    }
    return s;
}

ptc_sink *ptc_sink_file(FILE *fp) {
    ptc_sink *s = sink_new(SINK_FILE);
    if (s) s->fp = fp;
    return s;
}

ptc_sink *ptc_sink_memory(void) { return sink_new(SINK_MEMORY); }

ptc_sink *ptc_sink_callback(int (*write)(void *ud, const char *data, size_t len), void *ud) {
    ptc_sink *s = sink_new(SINK_CALLBACK);
    if (s) {
        s->write = write;
        s->ud = ud;
    }
    return s;
}

static void drain(ptc_sink *s, const char *data, size_t len) {
    if (s->error || len == 0) return;
    if (s->kind == SINK_FILE) {
        if (fwrite(data, 1, len, s->fp) != len) s->error = errno ? errno : EIO;
    } else if (s->write(s->ud, data, len) != 0) {
        s->error = errno ? errno : EIO;
    }
}

int ptc_sink_flush(ptc_sink *s) {
    if (s->kind != SINK_MEMORY) {
        drain(s, s->buf, s->len);
        s->len = 0;
        if (s->kind == SINK_FILE && !s->error && fflush(s->fp) != 0) s->error = errno ? errno : EIO;
    }
    return s->error;
}

void ptc_sink_write_slow(ptc_sink *s, const void *data, size_t len) {
    if (s->error || len == 0) return;
    if (s->len + len > s->cap) {
        if (s->kind == SINK_MEMORY) {
            size_t ncap = s->cap;
            while (ncap < s->len + len) ncap *= 2;
            char *n = realloc(s->buf, ncap);
            if (!n) {
                s->error = ENOMEM;
                return;
            }
            s->buf = n;
            s->cap = ncap;
        } else {
            drain(s, s->buf, s->len);
            s->len = 0;
            if (len >= s->cap) {
                drain(s, data, len);
                return;
            }
        }
    }
    memcpy(s->buf + s->len, data, len);
    s->len += len;
}

char *ptc_sink_room_slow(ptc_sink *s, size_t len) {
    if (s->error) return NULL;
    if (s->kind == SINK_MEMORY) {
        size_t ncap = s->cap;
        while (ncap - s->len <= len) {
            if (ncap > SIZE_MAX / 2) {
                s->error = ENOMEM;
                return NULL;
            }
            ncap *= 2;
        }
        if (ncap != s->cap) {
            char *n = realloc(s->buf, ncap);
            if (!n) {
                s->error = ENOMEM;
                return NULL;
            }
            s->buf = n;
            s->cap = ncap;
        }
    } else {
        if (len >= s->cap) return NULL; /* would not fit an empty buffer */
        drain(s, s->buf, s->len);
        s->len = 0;
        if (s->error) return NULL;
    }
    return s->buf + s->len;
}

void ptc_sink_write(ptc_sink *s, const void *data, size_t len) { ptc_sink_write_inline(s, data, len); }

void ptc_sink_puts(ptc_sink *s, const char *cstr) { ptc_sink_write_inline(s, cstr, strlen(cstr)); }

void ptc_sink_putc(ptc_sink *s, char c) { ptc_sink_putc_inline(s, c); }

void ptc_sink_printf(ptc_sink *s, const char *fmt, ...) {
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        ptc_sink_write(s, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        s->error = ENOMEM;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ptc_sink_write(s, big, (size_t)n);
    free(big);
}

int ptc_sink_error(const ptc_sink *s) { return s->error; }

const char *ptc_sink_memory_data(const ptc_sink *s, size_t *len) {
    *len = s->kind == SINK_MEMORY ? s->len : 0;
    return s->kind == SINK_MEMORY ? s->buf : NULL;
}

void ptc_sink_free(ptc_sink *s) {
    if (!s) return;
    free(s->buf);
    free(s);
}

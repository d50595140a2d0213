/*
 * ptconv -j N on one input: documents parsed and emitted on N threads,
 * written in input order, the same bytes as a sequential run.
 *
 * The main thread reads the input and cuts it into jobs of about
 * PAR_JOB_BYTES (128 KiB) at document boundaries; at most 2N jobs are in
 * memory at once (input and output: peak RSS about 9-13 MiB for -j 2). N - 1
 * worker threads parse jobs; the main thread reads, writes finished jobs
 * in order and, rather than wait, runs queued jobs itself, so -j N keeps N
 * threads busy and no more. A boundary is a line that is
 * exactly 绩效目标设置情况 (the title line of the generated corpus and of
 * the real announcements) right after a blank line (LF or CRLF): such a
 * line starts a new document (assemble_document.c: a title starts the next
 * document when the current one has a title, summary, units or tables). No
 * other line is used (summary lines and tables numbered 1 start documents
 * too, but only depending on the parser's state). Each job is parsed by
 * its own parser numbering lines from the job's first line
 * (ptc_parse_options.first_line), so positions stay those of the whole
 * input; its documents go through the format's body writer
 * (emitters/emitters.h) into memory, its diagnostics into a second buffer.
 * The main thread writes each finished job's bytes in order: the stream's
 * header and footer are written by the normal emitter state.
 *
 * Falls back to the sequential path (the caller's) when the format has no
 * body form (html, csv, text), with --explain or -v, when the input is not
 * UTF-8 (jobs after the first are read as UTF-8), and when no boundary is
 * found in the first PAR_MAX_SEARCH bytes (what was read is converted as
 * one job and the rest continues sequentially).
 *
 * Limits of the rule, said in the README: an input where a quoted cell
 * spans the blank line before a title, or where a title follows nothing but
 * stray lines, is numbered and grouped as in a sequential run only with -j 1.
 */
/* memmem */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "emitters/emitters.h"

#define PAR_JOB_BYTES (128u << 10) /* a job's parser costs ~0.3M instructions to set up: ~2 per byte */
#define PAR_MAX_SEARCH (8u << 20)

static const char title_line[] = "绩效目标设置情况";
#define TITLE_LEN (sizeof title_line - 1)

typedef struct job {
    size_t seq;
    char *data;
    size_t len;
    uint32_t first_line;
    /* results */
    ptc_sink *body, *diags;
    size_t documents;
    ptc_parse_stats stats;
    unsigned long errors, warnings;
    int rc;
    bool check_failed, emit_failed;
    bool done;
    struct job *next; /* queue of jobs to start */
} job;

typedef struct pool {
    run *r;
    const ptc_emitter_body *body;
    const ptc_emit_options *eo;
    const char *display, *text;
    pthread_mutex_t mu;
    pthread_cond_t work, finished;
    job *queue_head, *queue_tail;
    bool closing;
} pool;

/* Lines in `len` bytes that end with a terminator, as the decoder counts
   them: LF, CRLF, and a lone CR each end one. */
static uint32_t count_lines(const char *s, size_t len) {
    uint64_t n = 0;
    size_t i = 0;
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full, lf = 0x0A0A0A0A0A0A0A0Aull;
    for (; len - i >= 8; i += 8) { /* LF bytes, 8 at a time (exact per byte) */
        uint64_t x;
        memcpy(&x, s + i, 8);
        x ^= lf;
        uint64_t zero = ~(((x & low7) + low7) | x | low7) >> 7;
        n += (zero * 0x0101010101010101ull) >> 56;
    }
    for (; i < len; i++) n += s[i] == '\n';
    /* lone CRs (rare): each ends a line too */
    for (const char *c = s, *end = s + len; (c = memchr(c, '\r', (size_t)(end - c))) != NULL; c++)
        if (c + 1 >= end || c[1] != '\n') n++;
    return (uint32_t)n;
}

/* The offset of the first boundary at or after `from` (a title line after
   a blank line, its terminator already read), or 0 when there is none. */
static size_t find_boundary(const char *s, size_t len, size_t from) {
    while (from + TITLE_LEN < len) {
        const char *t = memmem(s + from, len - from, title_line, TITLE_LEN);
        if (!t) return 0;
        size_t at = (size_t)(t - s);
        if (at + TITLE_LEN >= len) return 0;
        if (at >= 2 && (t[TITLE_LEN] == '\n' || t[TITLE_LEN] == '\r') &&
            s[at - 1] == '\n' && (s[at - 2] == '\n' || (at >= 3 && s[at - 2] == '\r' && s[at - 3] == '\n')))
            return at;
        from = at + 1;
    }
    return 0;
}

/* ------------------------------------------------------------ workers */

typedef struct worker_ctx {
    pool *pl;
    job *j;
    void *state;
} worker_ctx;

static bool shown_sev(const run *r, ptc_severity sev) {
    if (!r->quiet) return true;
    return sev == PTC_SEV_ERROR || (r->strict && sev == PTC_SEV_WARNING);
}

static int on_job_document(const ptc_document *doc, void *ud) {
    worker_ctx *w = ud;
    run *r = w->pl->r;
    job *j = w->j;
    if (r->check && ptc_check_document((ptc_document *)doc) != 0) {
        j->check_failed = true;
        return 1;
    }
    for (size_t i = 0; i < doc->diags_len; i++) {
        const ptc_diag *d = &doc->diags[i];
        j->errors += d->severity == PTC_SEV_ERROR;
        j->warnings += d->severity == PTC_SEV_WARNING;
        if (!shown_sev(r, d->severity)) continue;
        if (report_json()) ptc_diag_write_json(j->diags, (ptc_str){w->pl->display, strlen(w->pl->display)}, d);
        else ptc_diag_write(j->diags, (ptc_str){w->pl->text, strlen(w->pl->text)}, d);
    }
    if (w->state && w->pl->body->emitter->document(w->state, doc) != 0) {
        j->emit_failed = true;
        return 1;
    }
    j->documents++;
    return 0;
}

static void run_job(pool *pl, job *j) {
    run *r = pl->r;
    j->body = ptc_sink_memory();
    j->diags = ptc_sink_memory();
    worker_ctx w = {pl, j, NULL};
    if (!j->body || !j->diags) {
        j->rc = PTC_ERR_NOMEM;
        return;
    }
    if (r->emitter && !(w.state = pl->body->open_body(j->body, pl->eo))) {
        j->rc = PTC_ERR_NOMEM;
        return;
    }
    /* Jobs after the first start at a title line: read as UTF-8 (the caller
       made sure the input is), no BOM detection. */
    ptc_parse_options po = {.source = pl->display, .encoding = j->seq ? "UTF-8" : NULL,
                            .rules = r->rules, .first_line = j->first_line};
    ptc_parser *p = ptc_parser_new(&po, on_job_document, &w);
    if (!p) j->rc = PTC_ERR_NOMEM;
    else {
        j->rc = ptc_parser_feed(p, j->data, j->len);
        if (!j->rc) j->rc = ptc_parser_finish(p);
        ptc_parser_stats(p, &j->stats);
        ptc_parser_free(p);
    }
    if (w.state) pl->body->emitter->close(w.state, false);
    free(j->data);
    j->data = NULL;
}

static void *worker_main(void *arg) {
    pool *pl = arg;
    pthread_mutex_lock(&pl->mu);
    for (;;) {
        while (!pl->queue_head && !pl->closing) pthread_cond_wait(&pl->work, &pl->mu);
        job *j = pl->queue_head;
        if (!j) break;
        pl->queue_head = j->next;
        if (!pl->queue_head) pl->queue_tail = NULL;
        pthread_mutex_unlock(&pl->mu);
        run_job(pl, j);
        pthread_mutex_lock(&pl->mu);
        j->done = true;
        pthread_cond_broadcast(&pl->finished);
    }
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* ------------------------------------------------------------ main side */

/* Called with pl->mu held: until `j` is done, the main thread runs queued
   jobs itself rather than sleeping, so -j N keeps N threads busy (N - 1
   workers and the main thread) and no more. */
static void wait_helping(pool *pl, job *j) {
    while (!j->done) {
        job *q = pl->queue_head;
        if (!q) {
            pthread_cond_wait(&pl->finished, &pl->mu);
            continue;
        }
        pl->queue_head = q->next;
        if (!pl->queue_head) pl->queue_tail = NULL;
        pthread_mutex_unlock(&pl->mu);
        run_job(pl, q);
        pthread_mutex_lock(&pl->mu);
        q->done = true;
        pthread_cond_broadcast(&pl->finished);
    }
}

/* Writes job `j` (done) into the main stream; 0, or an EXIT_ status. */
static int write_job(pool *pl, job *j, ptc_sink *sink, void *main_state, par_totals *t) {
    run *r = pl->r;
    size_t n;
    const char *diag = ptc_sink_memory_data(j->diags, &n);
    if (n) {
        fwrite(diag, 1, n, stderr);
        fflush(stderr);
    }
    r->errors += j->errors;
    r->warnings += j->warnings;
    t->documents += j->stats.documents;
    t->tables += j->stats.tables;
    t->indicators += j->stats.indicators;
    if (j->stats.lines > t->lines) t->lines = j->stats.lines;
    if (j->check_failed) r->check_failed = true;
    int status = 0;
    if (j->emit_failed) {
        r->emit_failed = true;
        status = EXIT_IO;
    } else if (j->rc && !j->check_failed) {
        report(PTC_SEV_ERROR, "io-error", pl->display, "%s",
               j->rc == PTC_ERR_NOMEM ? "out of memory" : "conversion stopped");
        status = EXIT_IO;
    } else if (j->check_failed) {
        status = EXIT_IO;
    }
    if (!status && r->emitter) {
        const char *body = ptc_sink_memory_data(j->body, &n);
        size_t skip = pl->body->splice(main_state, sink, body, n, j->documents);
        ptc_sink_write(sink, body + skip, n - skip);
        if (ptc_sink_error(sink)) {
            r->emit_failed = true;
            status = EXIT_IO;
        } else if (r->flush_each) {
            ptc_sink_flush(sink);
        }
    }
    ptc_sink_free(j->body);
    ptc_sink_free(j->diags);
    free(j->data);
    free(j);
    return status;
}

bool parallel_possible(const run *r, const char *encoding) {
    if (r->jobs <= 1 || r->explain || r->verbose) return false;
    if (encoding && strcasecmp(encoding, "UTF-8") != 0 && strcasecmp(encoding, "UTF8") != 0) return false;
    return !r->emitter || ptc_emitter_body_find(r->emitter) != NULL;
}

static int ignore_document(const ptc_document *doc, void *ud) {
    (void)doc, (void)ud;
    return 0;
}

/* Whether the parser reads `s` as UTF-8 (what jobs after the first assume). */
static bool reads_as_utf8(const char *s, size_t len, const char *encoding) {
    if (encoding) return true; /* forced UTF-8 (parallel_possible) */
    ptc_parse_options po = {0};
    ptc_parser *p = ptc_parser_new(&po, ignore_document, NULL);
    if (!p) return false;
    size_t n = len < 65536 ? len : 65536;
    ptc_parser_feed(p, s, n);
    const char *enc = ptc_parser_encoding(p, NULL);
    if (!enc) {
        ptc_parser_finish(p);
        enc = ptc_parser_encoding(p, NULL);
    }
    bool utf8 = enc && strcmp(enc, "UTF-8") == 0;
    ptc_parser_free(p);
    return utf8;
}

/* Reads up to 64 KiB more into *buf (grown as needed). 1: read some,
   0: end of input, -1: error (reported). */
static int read_more(run *r, int fd, const char *path, char **buf, size_t *len, size_t *cap) {
    if (*cap - *len < 65536) {
        char *grown = realloc(*buf, *cap * 2);
        if (!grown) {
            report(PTC_SEV_ERROR, "io-error", path, "out of memory");
            return -1;
        }
        *buf = grown;
        *cap *= 2;
    }
    for (;;) {
        ssize_t got = read(fd, *buf + *len, 65536);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            report(PTC_SEV_ERROR, "io-error", path, "cannot read: %s", strerror(errno));
            return -1;
        }
        *len += (size_t)got;
        progress_add(r, (uint64_t)got);
        return got > 0;
    }
}

/*
 * Converts the open input `fd` with r->jobs threads into r->sink /
 * r->emitter_state. Returns 0 or an EXIT_ status. When the rest of the
 * input must go the sequential way, *tail is set (malloc'd, *tail_len
 * bytes, whose first line is *tail_line) and *eof tells whether fd is at
 * its end; the caller converts the tail and reads on.
 */
int convert_parallel(run *r, int fd, const char *path, const char *encoding, par_totals *t,
                     char **tail, size_t *tail_len, uint32_t *tail_line, bool *eof) {
    /* Job buffers are short-lived and cross threads: main() fixes glibc's
       mmap threshold at 4 MiB so that they are reused from the heap, not
       fresh mappings (with 128 KiB, 135 k page faults per 100 MB, a fifth
       of the CPU time; now 1.7 k, peak RSS 9-13 MiB for -j 2). */
    pool pl = {.r = r, .body = r->emitter ? ptc_emitter_body_find(r->emitter) : &ptc_emitter_body_jsonl,
               .eo = r->eo, .display = r->display, .text = r->text};
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.work, NULL);
    pthread_cond_init(&pl.finished, NULL);
    /* N - 1 workers: the main thread reads, writes, and runs jobs too */
    size_t nthreads = (size_t)r->jobs - 1, started = 0, ring_size = 2 * (size_t)r->jobs;
    pthread_t *threads = calloc(nthreads, sizeof *threads);
    job **ring = calloc(ring_size, sizeof *ring);
    size_t cap = PAR_JOB_BYTES * 2, len = 0, next_seq = 0, written = 0;
    char *buf = malloc(cap);
    *tail = NULL;
    *tail_len = 0;
    *tail_line = 1;
    *eof = false;
    if (!threads || !ring || !buf) {
        free(threads);
        free(ring);
        free(buf);
        report(PTC_SEV_ERROR, "io-error", path, "out of memory");
        return EXIT_IO;
    }
    for (; started < nthreads; started++)
        if (pthread_create(&threads[started], NULL, worker_main, &pl) != 0) break;
    int status = 0; /* with no worker at all, the main thread runs every job */
    uint32_t line = 1;
    bool at_eof = false, sequential = false;
    while (!status) {
        int got = 1;
        while (got > 0 && len < PAR_JOB_BYTES + TITLE_LEN + 4) got = read_more(r, fd, path, &buf, &len, &cap);
        if (got < 0) {
            status = EXIT_IO;
            break;
        }
        at_eof = got == 0;
        if (next_seq == 0 && !reads_as_utf8(buf, len, encoding)) {
            sequential = true;
            break;
        }
        size_t cut = 0;
        if (len > PAR_JOB_BYTES) {
            size_t from = PAR_JOB_BYTES;
            while (!(cut = find_boundary(buf, len, from)) && !at_eof && len < PAR_MAX_SEARCH) {
                from = len - TITLE_LEN - 3;
                got = read_more(r, fd, path, &buf, &len, &cap);
                if (got < 0) break;
                at_eof = got == 0;
            }
            if (got < 0) {
                status = EXIT_IO;
                break;
            }
            if (!cut && !at_eof) {
                sequential = true; /* no boundary within reach: on sequentially */
                break;
            }
        }
        if (!cut) cut = len; /* the last job: at the end of input */
        job *j = calloc(1, sizeof *j);
        char *rest = malloc(cap);
        if (!j || !rest) {
            free(j);
            free(rest);
            report(PTC_SEV_ERROR, "io-error", path, "out of memory");
            status = EXIT_IO;
            break;
        }
        memcpy(rest, buf + cut, len - cut);
        j->seq = next_seq++;
        j->data = buf;
        j->len = cut;
        j->first_line = line;
        line += count_lines(buf, cut);
        buf = rest;
        len -= cut;
        pthread_mutex_lock(&pl.mu);
        /* at most ring_size jobs unwritten: wait for the oldest */
        while (next_seq - written > ring_size) {
            job *oldest = ring[written % ring_size];
            wait_helping(&pl, oldest);
            pthread_mutex_unlock(&pl.mu);
            int one = write_job(&pl, oldest, r->sink, r->emitter_state, t);
            if (one > status) status = one;
            ring[written++ % ring_size] = NULL;
            pthread_mutex_lock(&pl.mu);
        }
        ring[j->seq % ring_size] = j;
        if (pl.queue_tail) pl.queue_tail->next = j;
        else pl.queue_head = j;
        pl.queue_tail = j;
        pthread_cond_signal(&pl.work);
        /* write whatever is finished already, in order */
        while (written < next_seq && ring[written % ring_size]->done) {
            job *oldest = ring[written % ring_size];
            pthread_mutex_unlock(&pl.mu);
            int one = write_job(&pl, oldest, r->sink, r->emitter_state, t);
            if (one > status) status = one;
            ring[written++ % ring_size] = NULL;
            pthread_mutex_lock(&pl.mu);
        }
        pthread_mutex_unlock(&pl.mu);
        if (at_eof && len == 0) break;
    }
    /* the rest, in order (after an error they are only freed) */
    pthread_mutex_lock(&pl.mu);
    while (written < next_seq) {
        job *oldest = ring[written % ring_size];
        wait_helping(&pl, oldest);
        pthread_mutex_unlock(&pl.mu);
        if (!status) status = write_job(&pl, oldest, r->sink, r->emitter_state, t);
        else {
            ptc_sink_free(oldest->body);
            ptc_sink_free(oldest->diags);
            free(oldest->data);
            free(oldest);
        }
        ring[written++ % ring_size] = NULL;
        pthread_mutex_lock(&pl.mu);
    }
    pl.closing = true;
    pthread_cond_broadcast(&pl.work);
    pthread_mutex_unlock(&pl.mu);
    for (size_t i = 0; i < started; i++) pthread_join(threads[i], NULL);
    pthread_mutex_destroy(&pl.mu);
    pthread_cond_destroy(&pl.work);
    pthread_cond_destroy(&pl.finished);
    free(threads);
    free(ring);
    if (!status && sequential) {
        *tail = buf;
        *tail_len = len;
        *tail_line = line;
        *eof = at_eof;
        return 0;
    }
    free(buf);
    return status;
}

/*
 * Reading inputs into the parser and documents into the emitter; the
 * diagnostics on stderr.
 */
/* MAP_ANONYMOUS (cmd/convert.c: the -j process pool) */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* Under -q only what can fail the run is printed: errors, and warnings
   when --strict makes them fail it too. */
static bool shown(const run *r, ptc_severity sev) {
    if (!r->quiet) return true;
    return sev == PTC_SEV_ERROR || (r->strict && sev == PTC_SEV_WARNING);
}

int cli_on_document(const ptc_document *doc, void *ud) {
    run *r = ud;
    /* The document is ours until we return (ptconv.h): the checks are a
       stage of their own, run here, and their findings count below like the
       parser's (for --strict and -v). */
    if (r->check && ptc_check_document((ptc_document *)doc) != 0) {
        r->check_failed = true;
        return 1;
    }
    for (size_t i = 0; i < doc->diags_len; i++) {
        const ptc_diag *d = &doc->diags[i];
        r->errors += d->severity == PTC_SEV_ERROR;
        r->warnings += d->severity == PTC_SEV_WARNING;
        if (shown(r, d->severity)) report_diag(r->display, r->text, d);
    }
    if (r->emitter && r->emitter->document(r->emitter_state, doc) != 0) {
        r->emit_failed = true;
        return 1;
    }
    /* To a pipe or terminal a document shows as soon as it is complete. */
    if (r->flush_each && r->sink) ptc_sink_flush(r->sink);
    return 0;
}

double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "files done/total, MB, MB/s" on one terminal line, at most 4 times a
   second, only when stderr is a terminal (r->progress) and after the
   first second. */
void progress_show(run *r, bool final) {
    if (!r->progress || !r->totals) return;
    double t = now_seconds(), elapsed = t - r->started;
    if (!final && (elapsed < 1.0 || t - r->last_progress < 0.25)) return;
    if (final && r->last_progress == 0) return; /* nothing was shown */
    r->last_progress = t;
    uint64_t bytes = __atomic_load_n(&r->totals->bytes, __ATOMIC_RELAXED);
    uint64_t done = __atomic_load_n(&r->totals->files_done, __ATOMIC_RELAXED);
    if (final) {
        fputs("\r\033[K", stderr);
    } else {
        fprintf(stderr, "\r\033[K%s: %llu/%zu files, %.1f MB, %.1f MB/s", prog,
                (unsigned long long)done, r->files_total, (double)bytes / 1e6,
                elapsed > 0 ? (double)bytes / 1e6 / elapsed : 0.0);
    }
    fflush(stderr);
}

void progress_add(run *r, uint64_t bytes) {
    if (!r->totals) return;
    __atomic_fetch_add(&r->totals->bytes, bytes, __ATOMIC_RELAXED);
    progress_show(r, false);
}

static void add_stats(run *r, uint64_t documents, uint64_t tables, uint64_t indicators) {
    if (!r->totals) return;
    __atomic_fetch_add(&r->totals->documents, documents, __ATOMIC_RELAXED);
    __atomic_fetch_add(&r->totals->tables, tables, __ATOMIC_RELAXED);
    __atomic_fetch_add(&r->totals->indicators, indicators, __ATOMIC_RELAXED);
}

/* --explain: "LINE<TAB>CLASS<TAB>RULE<TAB>DETAIL" for every input line. */
static void explain_line(void *ud, uint32_t line, const char *cls, const char *rule,
                         const char *detail) {
    (void)ud;
    printf("%u\t%s\t%s\t%s\n", (unsigned)line, cls, rule, detail);
}

char *read_file(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (n < cap) break;
        char *grown = realloc(buf, cap * 2 + 1);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    if (buf && ferror(fp)) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

/* Converts one input. Returns 0, or EXIT_IO after reporting why. */
static int convert(run *r, const char *path, const char *encoding, char *chunk) {
    bool is_stdin = strcmp(path, "-") == 0;
    /* Outputs and messages show the name as valid UTF-8 (a GBK name gets
       U+FFFD); text diagnostics also escape control characters. The real
       bytes are only used to open the file. */
    char *display = display_name(path), *text = display ? text_name(display) : NULL;
    if (!display || !text) {
        free(display);
        report(PTC_SEV_ERROR, "io-error", path, "out of memory");
        return EXIT_IO;
    }
    r->display = display;
    r->text = text;
    int status = 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0) {
        report(PTC_SEV_ERROR, "io-error", path, "cannot open: %s", strerror(errno));
        status = EXIT_IO;
        goto done;
    }
    if (r->from_json) { /* -f json, -f jsonl: cmd/convert_json.c */
        status = convert_json(r, fd, path, r->from_json == FROM_JSONL);
        if (!is_stdin) close(fd);
        goto done;
    }
    char *prefix = NULL;
    size_t prefix_len = 0;
    uint32_t first_line = 1;
    bool eof = false;
    if (parallel_possible(r, encoding)) {
        par_totals t = {0};
        status = convert_parallel(r, fd, path, encoding, &t, &prefix, &prefix_len, &first_line, &eof);
        add_stats(r, t.documents, t.tables, t.indicators);
        if (status || !prefix) {
            if (!is_stdin) close(fd);
            goto done;
        }
    }
    /* Sequential: after a parallel part, the rest starts at a title line
       and is UTF-8 (cmd/parallel.c). */
    ptc_parse_options po = {.source = display, .encoding = first_line > 1 ? "UTF-8" : encoding,
                            .rules = r->rules, .first_line = first_line};
    if (r->explain) {
        po.explain = explain_line;
        po.explain_userdata = r;
    }
    ptc_parser *p = ptc_parser_new(&po, cli_on_document, r);
    if (!p) {
        report(PTC_SEV_ERROR, "io-error", path, "out of memory");
        if (!is_stdin) close(fd);
        free(prefix);
        status = EXIT_IO;
        goto done;
    }
    int rc = 0;
    if (prefix_len) rc = ptc_parser_feed(p, prefix, prefix_len);
    free(prefix);
    if (!rc && eof) rc = ptc_parser_finish(p);
    while (!rc && !eof) {
        ssize_t got = read(fd, chunk, READ_CHUNK);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            report(PTC_SEV_ERROR, "io-error", path, "cannot read: %s", strerror(errno));
            status = EXIT_IO;
            break;
        }
        if (got == 0) {
            rc = ptc_parser_finish(p);
            break;
        }
        if (r->totals) progress_add(r, (uint64_t)got);
        rc = ptc_parser_feed(p, chunk, (size_t)got);
    }
    if (!status && rc) {
        if (!r->emit_failed)
            report(PTC_SEV_ERROR, "io-error", path, "%s",
                   rc == PTC_ERR_NOMEM ? "out of memory" : "conversion stopped");
        status = EXIT_IO;
    }
    if (r->verbose && !status) {
        const char *how = NULL, *enc = ptc_parser_encoding(p, &how);
        ptc_parse_stats st;
        ptc_parser_stats(p, &st);
        report(PTC_SEV_NOTE, "input-summary", path,
               "encoding %s (%s); %llu bytes, %llu lines, %llu documents, %llu tables, "
               "%llu indicators, %llu errors, %llu warnings",
               enc ? enc : "UTF-8", how ? how : "empty input", (unsigned long long)st.bytes,
               (unsigned long long)st.lines, (unsigned long long)st.documents,
               (unsigned long long)st.tables, (unsigned long long)st.indicators,
               (unsigned long long)st.errors, (unsigned long long)st.warnings);
    }
    {
        ptc_parse_stats st;
        ptc_parser_stats(p, &st);
        add_stats(r, st.documents, st.tables, st.indicators);
    }
    ptc_parser_free(p);
    if (!is_stdin) close(fd);
done:
    if (r->totals) __atomic_fetch_add(&r->totals->files_done, 1, __ATOMIC_RELAXED);
    r->display = r->text = NULL;
    free(display);
    free(text);
    return status;
}

/* Output name for one input under --output-dir: its file name without the
   extension, so no input name can reach outside DIR. */
char *derived_name(const char *dir, const char *input, const char *ext) {
    const char *base = strcmp(input, "-") == 0 ? "stdin" : input;
    const char *slash = strrchr(base, '/');
    if (slash) base = slash + 1;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base) n = (size_t)(dot - base);
    if (n == 0 || base[0] == '.') return NULL;
    size_t size = strlen(dir) + 1 + n + 1 + strlen(ext) + 1;
    char *path = malloc(size);
    if (path) snprintf(path, size, "%s/%.*s.%s", dir, (int)n, base, ext);
    return path;
}

int convert_all(run *r, const char *const *inputs, size_t ninputs, const char *out_path,
                const char *encoding, const ptc_emit_options *eo, char *chunk) {
    int status = EXIT_CONVERTED;
    output out = {0};
    ptc_sink *sink = NULL;
    /* An input that cannot be read is found before any output starts, so a
       mistyped name never leaves half a document on stdout. (--output-dir
       calls this once per input: there one bad input spoils only its own
       output.) */
    for (size_t i = 0; i < ninputs; i++) {
        struct stat st;
        if (strcmp(inputs[i], "-") == 0) {
            /* closed when we started (ensure_std_fds put a write-only
               /dev/null there), or otherwise not readable */
            int fl = fcntl(STDIN_FILENO, F_GETFL);
            if (fl == -1 || (fl & O_ACCMODE) == O_WRONLY) {
                report(PTC_SEV_ERROR, "io-error", inputs[i], "cannot read: %s", strerror(EBADF));
                return EXIT_IO;
            }
            continue;
        }
        if (stat(inputs[i], &st) != 0 || access(inputs[i], R_OK) != 0) {
            report(PTC_SEV_ERROR, "io-error", inputs[i], "cannot open: %s", strerror(errno));
            return EXIT_IO;
        }
        if (S_ISDIR(st.st_mode)) {
            report(PTC_SEV_ERROR, "io-error", inputs[i], "cannot read: %s", strerror(EISDIR));
            return EXIT_IO;
        }
    }
    char *shown_out = display_name(out_path ? out_path : "<stdout>");
    if (!shown_out) return EXIT_IO;
    if (r->emitter) {
        if (output_open(&out, out_path, shown_out) != 0) {
            free(shown_out);
            return EXIT_IO;
        }
        sink = ptc_sink_file(out.fp);
        r->sink = sink;
        r->eo = eo;
        struct stat ost;
        r->flush_each = out.fp && fstat(fileno(out.fp), &ost) == 0 &&
                        (S_ISFIFO(ost.st_mode) || S_ISCHR(ost.st_mode) || S_ISSOCK(ost.st_mode)) &&
                        !(S_ISCHR(ost.st_mode) && !isatty(fileno(out.fp))); /* not /dev/null */
        r->emitter_state = sink ? r->emitter->open(sink, eo) : NULL;
        if (!r->emitter_state) {
            report(PTC_SEV_ERROR, "io-error", NULL, "cannot start the %s output", r->emitter->name);
            status = EXIT_IO;
        }
    }
    r->emit_failed = false;
    for (size_t i = 0; i < ninputs && status == EXIT_CONVERTED; i++)
        status = convert(r, inputs[i], encoding, chunk);
    if (!r->emitter) {
        free(shown_out);
        return status;
    }
    /* Failures not reported yet: the emitter's (emit_failed), or any after
       a successful conversion. */
    bool unreported = status == EXIT_CONVERTED || r->emit_failed;
    bool closed_ok = !r->emitter_state || r->emitter->close(r->emitter_state, status == EXIT_CONVERTED) == 0;
    r->emitter_state = NULL;
    if (sink && ptc_sink_flush(sink) != 0) {
        /* A write error may surface first as a failed emitter call, or only
           when the emitter closes (a --template page is written then): it
           must still be named. */
        if (unreported)
            report(PTC_SEV_ERROR, "io-error", shown_out, "cannot write: %s",
                   strerror(ptc_sink_error(sink)));
        status = EXIT_IO;
    } else if (!closed_ok) {
        if (unreported)
            report(PTC_SEV_ERROR, "io-error", shown_out, "the %s output could not be completed",
                   r->emitter->name);
        status = EXIT_IO;
    }
    ptc_sink_free(sink);
    r->sink = NULL;
    if (output_close(&out, status == EXIT_CONVERTED) != 0 && status == EXIT_CONVERTED) {
        if (!out_path || strcmp(out_path, "-") == 0)
            report(PTC_SEV_ERROR, "io-error", NULL, "cannot write to standard output: %s", strerror(errno));
        status = EXIT_IO;
    }
    free(shown_out);
    return status;
}

/* --output-dir with -j N: N processes take the inputs one at a time (a
   shared counter), each converting its input exactly as a sequential run
   does (own parser, output written atomically). Diagnostics of different
   inputs may interleave on stderr; each line is whole. */
int convert_files_parallel(run *r, const char *const *inputs, char **targets, size_t n,
                           const char *encoding, const ptc_emit_options *eo, char *chunk) {
    struct shared {
        size_t next;
        par_totals totals;
    } *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) return EXIT_IO;
    memset(sh, 0, sizeof *sh);
    if (r->totals) sh->totals = *r->totals;
    par_totals *own = r->totals;
    r->totals = &sh->totals;
    int nproc = r->jobs < (int)n ? r->jobs : (int)n, status = EXIT_CONVERTED;
    pid_t *pids = calloc((size_t)nproc, sizeof *pids);
    if (!pids) return EXIT_IO;
    fflush(NULL);
    for (int k = 0; k < nproc; k++) {
        pid_t pid = fork();
        if (pid < 0) {
            report(PTC_SEV_ERROR, "io-error", NULL, "cannot start a process: %s", strerror(errno));
            status = EXIT_IO;
            break;
        }
        if (pid == 0) {
            r->progress = false; /* the parent shows it */
            r->jobs = 1;
            int worst = EXIT_CONVERTED;
            for (;;) {
                size_t i = __atomic_fetch_add(&sh->next, 1, __ATOMIC_RELAXED);
                if (i >= n) break;
                int one = convert_all(r, inputs + i, 1, targets[i], encoding, eo, chunk);
                if (one > worst) worst = one;
            }
            if (worst == EXIT_CONVERTED && (r->errors || (r->strict && r->warnings)))
                worst = EXIT_INPUT_ERRORS;
            if (r->check_failed && worst < EXIT_IO) worst = EXIT_IO;
            report_finish();
            fflush(NULL);
            _exit(worst);
        }
        pids[k] = pid;
    }
    for (int k = 0; k < nproc; k++) {
        if (!pids[k]) continue;
        int ws;
        for (;;) {
            pid_t got = waitpid(pids[k], &ws, r->progress ? WNOHANG : 0);
            if (got == pids[k]) break;
            if (got < 0 && errno != EINTR) {
                ws = EXIT_IO << 8;
                break;
            }
            if (got == 0) {
                progress_show(r, false);
                struct timespec ts = {0, 100000000};
                nanosleep(&ts, NULL);
            }
        }
        int one = WIFEXITED(ws) ? WEXITSTATUS(ws) : EXIT_IO;
        /* input errors are a 1 of the child's, not a count here */
        if (one == EXIT_INPUT_ERRORS) r->errors += 1, one = EXIT_CONVERTED;
        if (one > status) status = one;
    }
    free(pids);
    if (own) *own = sh->totals;
    r->totals = own;
    munmap(sh, sizeof *sh);
    return status;
}

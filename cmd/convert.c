/*
 * Reading inputs into the parser and documents into the emitter; the
 * diagnostics on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int on_document(const ptc_document *doc, void *ud) {
    run *r = ud;
    for (size_t i = 0; i < doc->diags_len; i++) {
        const ptc_diag *d = &doc->diags[i];
        r->errors += d->severity == PTC_SEV_ERROR;
        r->warnings += d->severity == PTC_SEV_WARNING;
        if (r->quiet && d->severity != PTC_SEV_ERROR) continue;
        if (r->json_diagnostics) ptc_diag_write_json(r->err, doc->source, d);
        else ptc_diag_write(r->err, doc->source, d);
    }
    ptc_sink_flush(r->err);
    if (r->emitter && r->emitter->document(r->emitter_state, doc) != 0) {
        r->emit_failed = true;
        return 1;
    }
    return 0;
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
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "%s: error: cannot open: %s [io-error]\n", path, strerror(errno));
        return EXIT_IO;
    }
    ptc_parse_options po = {.source = path, .encoding = encoding, .check = r->check};
    ptc_parser *p = ptc_parser_new(&po, on_document, r);
    if (!p) {
        fprintf(stderr, "%s: error: out of memory [io-error]\n", path);
        if (!is_stdin) close(fd);
        return EXIT_IO;
    }
    int rc = 0, status = 0;
    for (;;) {
        ssize_t got = read(fd, chunk, READ_CHUNK);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            fprintf(stderr, "%s: error: cannot read: %s [io-error]\n", path, strerror(errno));
            status = EXIT_IO;
            break;
        }
        if (got == 0) {
            rc = ptc_parser_finish(p);
            break;
        }
        if ((rc = ptc_parser_feed(p, chunk, (size_t)got)) != 0) break;
    }
    if (!status && rc) {
        if (!r->emit_failed)
            fprintf(stderr, "%s: error: %s [io-error]\n", path,
                    rc == PTC_ERR_NOMEM ? "out of memory" : "conversion stopped");
        status = EXIT_IO;
    }
    if (r->verbose && !status) {
        const char *how = NULL, *enc = ptc_parser_encoding(p, &how);
        ptc_parse_stats st;
        ptc_parser_stats(p, &st);
        fprintf(stderr,
                "%s: note: encoding %s (%s); %llu bytes, %llu lines, %llu documents, %llu tables, "
                "%llu indicators, %llu errors, %llu warnings\n",
                path, enc ? enc : "UTF-8", how ? how : "empty input", (unsigned long long)st.bytes,
                (unsigned long long)st.lines, (unsigned long long)st.documents,
                (unsigned long long)st.tables, (unsigned long long)st.indicators,
                (unsigned long long)st.errors, (unsigned long long)st.warnings);
    }
    ptc_parser_free(p);
    if (!is_stdin) close(fd);
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
       mistyped name never leaves half a document on stdout. */
    for (size_t i = 0; i < ninputs; i++) {
        struct stat st;
        if (strcmp(inputs[i], "-") == 0) continue;
        if (stat(inputs[i], &st) != 0 || access(inputs[i], R_OK) != 0) {
            fprintf(stderr, "%s: error: cannot open: %s [io-error]\n", inputs[i], strerror(errno));
            return EXIT_IO;
        }
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "%s: error: cannot read: %s [io-error]\n", inputs[i], strerror(EISDIR));
            return EXIT_IO;
        }
    }
    if (r->emitter) {
        if (output_open(&out, out_path) != 0) return EXIT_IO;
        sink = ptc_sink_file(out.fp);
        r->emitter_state = sink ? r->emitter->open(sink, eo) : NULL;
        if (!r->emitter_state) {
            fprintf(stderr, "%s: error: cannot start the %s output [io-error]\n", prog, r->emitter->name);
            status = EXIT_IO;
        }
    }
    r->emit_failed = false;
    for (size_t i = 0; i < ninputs && status == EXIT_CONVERTED; i++)
        status = convert(r, inputs[i], encoding, chunk);
    if (!r->emitter) return status;
    if (r->emitter_state && r->emitter->close(r->emitter_state, status == EXIT_CONVERTED) != 0 &&
        status == EXIT_CONVERTED)
        status = EXIT_IO;
    r->emitter_state = NULL;
    /* A write error may surface first as a failed emitter call (emit_failed,
       exit 3 already decided): it must still be named. */
    if (sink && ptc_sink_flush(sink) != 0 && (status == EXIT_CONVERTED || r->emit_failed)) {
        fprintf(stderr, "%s: error: cannot write: %s [io-error]\n", out_path ? out_path : "<stdout>",
                strerror(ptc_sink_error(sink)));
        status = EXIT_IO;
    }
    ptc_sink_free(sink);
    if (output_close(&out, status == EXIT_CONVERTED) != 0 && status == EXIT_CONVERTED) {
        if (!out_path) fprintf(stderr, "%s: error: cannot write to standard output [io-error]\n", prog);
        status = EXIT_IO;
    }
    return status;
}

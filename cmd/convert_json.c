/*
 * -f json / -f jsonl: ptconv's own JSON read back into documents
 * (ptc_json_read), which then take the same way as parsed ones: checks,
 * diagnostics on stderr, the emitter. `-f json` reads the whole input
 * first (memory grows with the input: the JSON is one value); `-f jsonl`
 * reads one document per line, so memory follows the longest line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* A document's diagnostics are about its own source (the JSON keeps it),
   so they are shown under that name, as when it was converted from text. */
static int json_document(const ptc_document *doc, void *ud) {
    run *r = ud;
    const char *display = r->display, *text = r->text;
    char *shown = display_name(doc->source.s ? doc->source.s : "-");
    char *shown_text = shown ? text_name(shown) : NULL;
    if (!shown_text) {
        free(shown);
        return 1;
    }
    r->display = shown;
    r->text = shown_text;
    int rc = cli_on_document(doc, ud);
    r->display = display;
    r->text = text;
    free(shown);
    free(shown_text);
    return rc;
}

/* One ptc_json_read call; 0, or EXIT_IO (reported). A JSON error is an
   input error: reported, counted, and the run goes on (exit status 1). */
static int read_json(run *r, const char *path, const char *data, size_t len, bool line,
                     uint32_t line_no) {
    char err[1024];
    int rc = ptc_json_read(data, len, line, r->text, line_no, json_document, r, err, sizeof err);
    if (rc == PTC_ERR_JSON) {
        r->errors++;
        if (report_json())
            report(PTC_SEV_ERROR, strstr(err, "[json-syntax]") ? "json-syntax" : "json-schema",
                   r->display, "%s", err);
        else
            fprintf(stderr, "%s\n", err);
        return 0;
    }
    if (rc == PTC_OK) return 0;
    if (!r->emit_failed)
        report(PTC_SEV_ERROR, "io-error", path, "%s",
               rc == PTC_ERR_NOMEM ? "out of memory" : "conversion stopped");
    return EXIT_IO;
}

/* The JSON Lines in buf[0..len): each complete line read; what is left of
   an unfinished line is moved to the front. `*line_no` counts lines. */
static int read_lines(run *r, const char *path, char *buf, size_t *len, uint32_t *line_no,
                      bool at_end) {
    size_t start = 0;
    int status = 0;
    while (!status && start < *len) {
        char *nl = memchr(buf + start, '\n', *len - start);
        if (!nl && !at_end) break;
        size_t end = nl ? (size_t)(nl - buf) : *len;
        size_t k = start;
        while (k < end && strchr(" \t\r", buf[k])) k++;
        (*line_no)++;
        if (k < end) status = read_json(r, path, buf + start, end - start, true, *line_no);
        start = nl ? end + 1 : end;
    }
    memmove(buf, buf + start, *len - start);
    *len -= start;
    return status;
}

int convert_json(run *r, int fd, const char *path, bool lines) {
    size_t cap = READ_CHUNK, len = 0;
    char *buf = malloc(cap);
    uint32_t line_no = 0;
    int status = buf ? 0 : EXIT_IO;
    while (!status) {
        if (cap - len < READ_CHUNK / 2) {
            char *grown = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
            if (!grown) {
                report(PTC_SEV_ERROR, "io-error", path, "out of memory");
                status = EXIT_IO;
                break;
            }
            buf = grown;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + len, cap - len);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            report(PTC_SEV_ERROR, "io-error", path, "cannot read: %s", strerror(errno));
            status = EXIT_IO;
            break;
        }
        len += (size_t)got;
        if (lines) status = read_lines(r, path, buf, &len, &line_no, got == 0);
        if (got == 0) break;
    }
    if (!status && !lines) status = read_json(r, path, buf, len, false, 1);
    if (!buf) report(PTC_SEV_ERROR, "io-error", path, "out of memory");
    free(buf);
    return status;
}

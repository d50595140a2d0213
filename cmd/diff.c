/*
 * `ptconv diff OLD NEW`: reads both announcements (text, or ptconv's JSON:
 * -f, else decided by content), keeps their documents (ptc_document_copy)
 * and writes their semantic differences (diff/): text like diff -u, or
 * JSON with -t json. Exit status as diff(1): 0 same, 1 different, 2 usage,
 * 3 an input that cannot be read (or is JSON that is not ptconv's).
 * The inputs' own diagnostics are not shown (that is `ptconv check`).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diff/diff.h"

typedef struct loaded {
    ptc_document **docs;
    size_t n, cap;
    bool nomem;
} loaded;

static int keep(const ptc_document *doc, void *ud) {
    loaded *l = ud;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        ptc_document **grown = realloc(l->docs, cap * sizeof *grown);
        if (!grown) return l->nomem = true, 1;
        l->docs = grown;
        l->cap = cap;
    }
    if (!(l->docs[l->n] = ptc_document_copy(doc))) return l->nomem = true, 1;
    l->n++;
    return 0;
}

static void unload(loaded *l) {
    for (size_t i = 0; i < l->n; i++) ptc_document_free(l->docs[i]);
    free(l->docs);
}

static char *read_stdin(size_t *len) {
    size_t cap = READ_CHUNK, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        ssize_t got = read(STDIN_FILENO, buf + n, cap - n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            if (got < 0) {
                free(buf);
                buf = NULL;
            }
            break;
        }
        n += (size_t)got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2 + 1);
            if (!grown) free(buf);
            buf = grown;
            cap *= 2;
        }
    }
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

/* Text, or JSON: a document per line when the first value is a document
   (-t jsonl writes {"source":… first), else the whole -t json output. */
static int detect(const char *data, size_t len) {
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && strchr(" \t\r\n", data[i]) && data[i]) i++;
    if (i >= len || data[i] != '{') return 0;
    i++;
    while (i < len && strchr(" \t\r\n", data[i]) && data[i]) i++;
    return len - i >= 8 && memcmp(data + i, "\"source\"", 8) == 0 ? FROM_JSONL : FROM_JSON;
}

static int load(const char *path, int from, loaded *l) {
    size_t len;
    bool is_stdin = strcmp(path, "-") == 0;
    char *data = is_stdin ? read_stdin(&len) : read_file(path, &len);
    if (!data) {
        report(PTC_SEV_ERROR, "io-error", path, "cannot read: %s", strerror(errno));
        return EXIT_IO;
    }
    char *display = display_name(path), *text = display ? text_name(display) : NULL;
    int rc = display && text ? PTC_OK : PTC_ERR_NOMEM;
    char err[1024] = "";
    if (from < 0) from = detect(data, len);
    if (rc == PTC_OK && from == FROM_JSON) {
        rc = ptc_json_read(data, len, false, text, 1, keep, l, err, sizeof err);
    } else if (rc == PTC_OK && from == FROM_JSONL) {
        uint32_t line = 0;
        for (size_t start = 0; start < len && rc == PTC_OK;) {
            const char *nl = memchr(data + start, '\n', len - start);
            size_t end = nl ? (size_t)(nl - data) : len;
            line++;
            size_t k = start;
            while (k < end && strchr(" \t\r", data[k]) && data[k]) k++;
            if (k < end) rc = ptc_json_read(data + start, end - start, true, text, line, keep, l, err, sizeof err);
            start = end + 1;
        }
    } else if (rc == PTC_OK) {
        ptc_parse_options po = {.source = display};
        ptc_parser *p = ptc_parser_new(&po, keep, l);
        rc = p ? ptc_parser_feed(p, data, len) : PTC_ERR_NOMEM;
        if (rc == PTC_OK) rc = ptc_parser_finish(p);
        ptc_parser_free(p);
    }
    free(data);
    free(display);
    free(text);
    if (rc == PTC_ERR_JSON) {
        if (report_json()) report(PTC_SEV_ERROR, strstr(err, "[json-syntax]") ? "json-syntax" : "json-schema", path, "%s", err);
        else fprintf(stderr, "%s\n", err);
        return EXIT_IO;
    }
    if (rc != PTC_OK || l->nomem) {
        report(PTC_SEV_ERROR, "io-error", path, "out of memory");
        return EXIT_IO;
    }
    return 0;
}

int diff_command(const char *to, int from, const char *const *inputs, size_t n) {
    if (n != 2) return usage_error("diff needs two inputs, OLD and NEW (got %zu)", n);
    if (strcmp(to, "text") != 0 && strcmp(to, "json") != 0)
        return usage_error("diff writes text or json, not '%s'", to);
    if (strcmp(inputs[0], "-") == 0 && strcmp(inputs[1], "-") == 0)
        return usage_error("diff can read only one of OLD and NEW from standard input");
    loaded old = {0}, new_ = {0};
    int status = load(inputs[0], from, &old);
    if (!status) status = load(inputs[1], from, &new_);
    char *old_name = display_name(inputs[0]), *new_name = display_name(inputs[1]);
    ptc_sink *sink = ptc_sink_file(stdout);
    diff_out *out = NULL;
    if (!status && (!old_name || !new_name || !sink ||
                    !(out = diff_out_new(sink, strcmp(to, "json") == 0, old_name, new_name)))) {
        report(PTC_SEV_ERROR, "io-error", NULL, "out of memory");
        status = EXIT_IO;
    }
    if (!status) {
        if (diff_inputs(out, old.docs, old.n, new_.docs, new_.n) != 0) {
            report(PTC_SEV_ERROR, "io-error", NULL, "out of memory");
            status = EXIT_IO;
        }
        unsigned long changes = diff_out_finish(out);
        if (!status) status = changes ? 1 : 0;
    }
    if (sink && (ptc_sink_flush(sink) != 0 || fflush(stdout) != 0) && status < EXIT_IO) {
        report(PTC_SEV_ERROR, "io-error", NULL, "cannot write to standard output: %s",
               strerror(ptc_sink_error(sink) ? ptc_sink_error(sink) : errno));
        status = EXIT_IO;
    }
    ptc_sink_free(sink);
    free(old_name);
    free(new_name);
    unload(&old);
    unload(&new_);
    return status;
}

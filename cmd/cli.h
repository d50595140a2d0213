/*
 * The ptconv CLI's internal interface, shared by cmd/main.c (options),
 * cmd/convert.c (inputs → parser → emitter, diagnostics) and cmd/output.c
 * (where the output goes: stdout, or -o FILE written atomically).
 */
#ifndef PTC_CLI_H
#define PTC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ptconv.h"

enum exit_status { EXIT_CONVERTED = 0, EXIT_INPUT_ERRORS = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* Large enough to amortise read(2), small enough to keep the pipeline's
   memory flat: the parser never sees more than this at once. */
#define READ_CHUNK (64u * 1024u)

extern const char *const prog;

/* Totals over every input, for --stat and the progress line; shared
   between the processes of -j with --output-dir (updated atomically). */
typedef struct par_totals {
    uint64_t bytes, files_done, documents, tables, indicators, lines;
} par_totals;

typedef struct run {
    const ptc_emitter *emitter; /* NULL for `ptconv check`: no output */
    int jobs;                 /* -j N: threads/processes (1: sequential) */
    ptc_sink *sink;           /* the output stream (convert_all) */
    const ptc_emit_options *eo;
    bool flush_each;          /* output is a pipe or terminal: flush per document */
    bool stat;                /* --stat */
    bool progress;            /* stderr is a terminal: show progress */
    par_totals *totals;
    size_t files_total;
    double started;           /* monotonic seconds at the start */
    double last_progress;
    void *emitter_state;
    bool quiet, verbose, strict, check;
    bool explain;             /* --explain: one line per input line on stdout */
    const ptc_rules *rules;   /* --rules FILE, or NULL: the built-in rules */
    int from_json;            /* -f: 0 text, FROM_JSON or FROM_JSONL */
    bool emit_failed;
    bool check_failed;        /* out of memory in the checks */
    unsigned long errors, warnings;
    const char *display, *text; /* the current input's names (cmd/report.c) */
} run;

enum { FROM_JSON = 1, FROM_JSONL = 2 };

/* cmd/convert.c */
/* The ptc_document_fn of every input: checks, diagnostics, the emitter. */
int cli_on_document(const ptc_document *doc, void *ud);
char *read_file(const char *path, size_t *len);
char *derived_name(const char *dir, const char *input, const char *ext);
/* Converts `inputs` into one output stream (stdout, or `out_path`). */
int convert_all(run *r, const char *const *inputs, size_t ninputs, const char *out_path,
                const char *encoding, const ptc_emit_options *eo, char *chunk);

/* cmd/convert_json.c: -f json (whole input) or -f jsonl (one document a
   line) from `fd`; 0, or EXIT_IO after reporting why. */
int convert_json(run *r, int fd, const char *path, bool lines);

/* cmd/diff.c: `ptconv diff OLD NEW` (-t text|json, -f text|json|jsonl or
   -1: by content); the exit status. */
int diff_command(const char *to, int from, const char *const *inputs, size_t n);
/* cmd/parallel.c: one input on r->jobs threads (see there). */
bool parallel_possible(const run *r, const char *encoding);
int convert_parallel(run *r, int fd, const char *path, const char *encoding, par_totals *t,
                     char **tail, size_t *tail_len, uint32_t *tail_line, bool *eof);
/* cmd/convert.c: progress on a terminal (bytes read so far). */
void progress_add(run *r, uint64_t bytes);
void progress_show(run *r, bool final);
double now_seconds(void);
/* --output-dir with -j N: the inputs on N processes. */
int convert_files_parallel(run *r, const char *const *inputs, char **targets, size_t n,
                           const char *encoding, const ptc_emit_options *eo, char *chunk);

/* cmd/output.c: see there. */
typedef struct output {
    const char *path;  /* as given */
    const char *shown; /* as shown in messages */
    char *target;      /* the file written: path through its symbolic links */
    char *tmp_path;    /* the temporary file beside it, NULL when direct */
    FILE *fp;
    bool direct;       /* not a regular file (device, FIFO): written in place */
} output;

/* --fsync: output_close flushes a file to disk before renaming it into
   place. Off by default, as in rsync and gzip: the rename alone already
   keeps a failed or interrupted run from replacing the old file, and an
   fsync per file made converting many small files wait on the disk. */
extern bool output_fsync;
/* Opens `path` (NULL or "-": stdout); reports why not and returns -1. */
int output_open(output *o, const char *path, const char *shown);
/* Ends the output: with `keep`, puts it in place (reporting failures);
   without, removes the temporary file. 0 or -1. */
int output_close(output *o, bool keep);
/* Removes a pending temporary file on SIGINT, SIGTERM, SIGHUP, SIGPIPE. */
void output_install_signals(void);
/* `path` with the symbolic links of its last component followed (malloc'd). */
char *output_resolve(const char *path);
/* True when writing `target` would replace the regular file `input` is. */
bool output_same_file(const char *target, const char *input);
/* Opens /dev/null on any of descriptors 0-2 that is closed, so that no
   file opened later takes its number. */
void ensure_std_fds(void);

/* cmd/report.c: the CLI's own messages on stderr, text or JSON lines. */
void report_set_json(bool json);
bool report_json(void);
ptc_sink *report_sink(void);
void report_finish(void);
/* "SOURCE: severity: message [code]" (or its JSON form); SOURCE NULL: prog */
void report(ptc_severity sev, const char *code, const char *source, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Writes a usage error (and the --help hint) and returns EXIT_USAGE. */
int usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* One parser diagnostic: JSON with `display` as source, else text with `text`. */
void report_diag(const char *display, const char *text, const ptc_diag *d);
/* `len` bytes with every invalid UTF-8 byte replaced by U+FFFD (malloc'd,
   NUL-terminated). */
char *utf8_sanitize(const char *s, size_t len, size_t *out_len);
/* A file name as outputs show it: utf8_sanitize'd (malloc'd). */
char *display_name(const char *raw);
/* A display name for text lines: control characters written as \n, \t,
   \xNN, \u0085, so a name cannot start a line of its own (malloc'd). */
char *text_name(const char *display);

#endif

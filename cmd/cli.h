/*
 * The ptconv CLI's internal interface, shared by cmd/main.c (options),
 * cmd/convert.c (inputs → parser → emitter, diagnostics) and cmd/output.c
 * (where the output goes: stdout, or -o FILE written atomically).
 */
#ifndef PTC_CLI_H
#define PTC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ptconv.h"

enum exit_status { EXIT_CONVERTED = 0, EXIT_INPUT_ERRORS = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* Large enough to amortise read(2), small enough to keep the pipeline's
   memory flat: the parser never sees more than this at once. */
#define READ_CHUNK (64u * 1024u)

extern const char *const prog;

typedef struct run {
    const ptc_emitter *emitter; /* NULL for `ptconv check`: no output */
    void *emitter_state;
    ptc_sink *err; /* stderr */
    bool quiet, verbose, strict, check, json_diagnostics;
    bool emit_failed;
    unsigned long errors, warnings;
} run;

/* cmd/convert.c */
char *read_file(const char *path, size_t *len);
char *derived_name(const char *dir, const char *input, const char *ext);
/* Converts `inputs` into one output stream (stdout, or `out_path`). */
int convert_all(run *r, const char *const *inputs, size_t ninputs, const char *out_path,
                const char *encoding, const ptc_emit_options *eo, char *chunk);

/* cmd/output.c: -o FILE is written beside the target and renamed into place
   only on success, so a failed run never leaves a half-written file or
   clobbers the old one. */
typedef struct output {
    const char *path;
    char *tmp_path;
    FILE *fp;
} output;

int output_open(output *o, const char *path);
int output_close(output *o, bool keep);

#endif

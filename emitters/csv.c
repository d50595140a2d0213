/* Placeholder until the csv emitter lands: refuses to write. */
#include <stdlib.h>

#include "emitters/emitters.h"

static void *open_csv(ptc_sink *sink, const ptc_emit_options *opts) {
    (void)sink;
    (void)opts;
    return NULL;
}
static int document_csv(void *state, const ptc_document *doc) {
    (void)state;
    (void)doc;
    return -1;
}
static int close_csv(void *state, bool ok) {
    (void)state;
    (void)ok;
    return -1;
}

const ptc_emitter ptc_emitter_csv = {"csv", "csv", "text/plain", "(not yet implemented)",
                                     open_csv, document_csv, close_csv};

/* Placeholder until the text emitter lands: refuses to write. */
#include <stdlib.h>

#include "emitters/emitters.h"

static void *open_text(ptc_sink *sink, const ptc_emit_options *opts) {
    (void)sink;
    (void)opts;
    return NULL;
}
static int document_text(void *state, const ptc_document *doc) {
    (void)state;
    (void)doc;
    return -1;
}
static int close_text(void *state, bool ok) {
    (void)state;
    (void)ok;
    return -1;
}

const ptc_emitter ptc_emitter_text = {"text", "text", "text/plain", "(not yet implemented)",
                                     open_text, document_text, close_text};

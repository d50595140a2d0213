/* Placeholder until the html emitter lands: refuses to write. */
#include <stdlib.h>

#include "emitters/emitters.h"

static void *open_html(ptc_sink *sink, const ptc_emit_options *opts) {
    (void)sink;
    (void)opts;
    return NULL;
}
static int document_html(void *state, const ptc_document *doc) {
    (void)state;
    (void)doc;
    return -1;
}
static int close_html(void *state, bool ok) {
    (void)state;
    (void)ok;
    return -1;
}

const ptc_emitter ptc_emitter_html = {"html", "html", "text/plain", "(not yet implemented)",
                                     open_html, document_html, close_html};

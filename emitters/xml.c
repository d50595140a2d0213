/* Placeholder until the xml emitter lands: refuses to write. */
#include <stdlib.h>

#include "emitters/emitters.h"

static void *open_xml(ptc_sink *sink, const ptc_emit_options *opts) {
    (void)sink;
    (void)opts;
    return NULL;
}
static int document_xml(void *state, const ptc_document *doc) {
    (void)state;
    (void)doc;
    return -1;
}
static int close_xml(void *state, bool ok) {
    (void)state;
    (void)ok;
    return -1;
}

const ptc_emitter ptc_emitter_xml = {"xml", "xml", "text/plain", "(not yet implemented)",
                                     open_xml, document_xml, close_xml};

/*
 * The one table of output formats: it drives -t, --list-formats, the usage
 * text, the test matrix and the fuzz harness. Adding a format is one file in
 * emitters/ plus one line here.
 */
#include <string.h>

#include "emitters/emitters.h"

static const ptc_emitter *const registry[] = {
    &ptc_emitter_json,
    &ptc_emitter_jsonl,
    &ptc_emitter_xml,
    &ptc_emitter_html,
    &ptc_emitter_csv,
    &ptc_emitter_text,
};

const ptc_emitter *const *ptc_emitters(size_t *count) {
    *count = sizeof registry / sizeof registry[0];
    return registry;
}

const ptc_emitter *ptc_emitter_find(const char *name) {
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (strcmp(registry[i]->name, name) == 0) return registry[i];
    return NULL;
}

const ptc_emitter_body *ptc_emitter_body_find(const ptc_emitter *e) {
    if (e == &ptc_emitter_json) return &ptc_emitter_body_json;
    if (e == &ptc_emitter_jsonl) return &ptc_emitter_body_jsonl;
    if (e == &ptc_emitter_xml) return &ptc_emitter_body_xml;
    return NULL;
}

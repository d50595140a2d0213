/* The emitters the registry knows; each is defined in its own file. */
#ifndef PTC_EMITTERS_H
#define PTC_EMITTERS_H

#include "ptconv.h"
#include "emitters/sink_inline.h"

extern const ptc_emitter ptc_emitter_json;
extern const ptc_emitter ptc_emitter_jsonl;
extern const ptc_emitter ptc_emitter_xml;
extern const ptc_emitter ptc_emitter_html;
extern const ptc_emitter ptc_emitter_csv;
extern const ptc_emitter ptc_emitter_text;

/*
 * One input converted in parallel (ptconv -j N, cmd/parallel.c): workers
 * write their documents into memory with a "body" state, which writes each
 * document exactly as `document` would after at least one earlier document
 * and nothing around them; the main thread opens the real stream (header),
 * splices the bodies into it in input order and closes it (footer).
 * `splice` is called before a body of `documents` documents is written to
 * the main stream: it updates the main state and returns how many leading
 * bytes of the body to leave out. A body state is freed with
 * emitter->close(state, false). Formats whose bytes depend on all
 * documents (html's table of contents, csv's document numbers, text's
 * first document) have none: they are converted sequentially.
 */
typedef struct ptc_emitter_body {
    const ptc_emitter *emitter;
    void *(*open_body)(ptc_sink *sink, const ptc_emit_options *opts);
    size_t (*splice)(void *main_state, ptc_sink *main_sink, const char *body, size_t len,
                     size_t documents);
} ptc_emitter_body;

extern const ptc_emitter_body ptc_emitter_body_json, ptc_emitter_body_jsonl, ptc_emitter_body_xml;
/* The body form of `e`, or NULL when it has none. */
const ptc_emitter_body *ptc_emitter_body_find(const ptc_emitter *e);

#endif

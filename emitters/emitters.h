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

#endif

/*
 * libFuzzer harness for the JSON reader (ptc_json_read): any bytes, read
 * as a whole -t json output and as one -t jsonl line. Every document read
 * is written in every format, copied and freed, and its JSON must read
 * back and write the same bytes again (the round trip the tests check on
 * real data). Build: -DPTCONV_FUZZ=ON with clang (fuzz/CMakeLists.txt);
 * seeds: any -t json / -t jsonl output (fixtures/golden/seed.json).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptconv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *json_of(const ptc_document *doc, size_t *len) {
    ptc_sink *s = ptc_sink_memory();
    void *st = ptc_emitter_find("jsonl")->open(s, NULL);
    ptc_emitter_find("jsonl")->document(st, doc);
    ptc_emitter_find("jsonl")->close(st, true);
    const char *d = ptc_sink_memory_data(s, len);
    char *out = malloc(*len + 1);
    if (!out) abort();
    memcpy(out, d, *len);
    ptc_sink_free(s);
    return out;
}

static int again(const ptc_document *doc, void *ud) {
    const char *want = ((const char **)ud)[0];
    size_t want_len = (size_t)(uintptr_t)((const char **)ud)[1], len;
    char *got = json_of(doc, &len);
    if (len != want_len || memcmp(got, want, len) != 0) abort(); /* not a round trip */
    free(got);
    return 0;
}

static int on_document(const ptc_document *doc, void *ud) {
    (void)ud;
    size_t n;
    const ptc_emitter *const *all = ptc_emitters(&n);
    for (size_t i = 0; i < n; i++) {
        ptc_sink *s = ptc_sink_memory();
        ptc_emit_options none = {0};
        void *st = all[i]->open(s, &none);
        if (st) {
            all[i]->document(st, doc);
            all[i]->close(st, true);
        }
        ptc_sink_free(s);
    }
    ptc_document *copy = ptc_document_copy(doc);
    size_t len;
    char *json = json_of(copy ? copy : doc, &len);
    const char *ctx[2] = {json, (const char *)(uintptr_t)len};
    if (ptc_json_read(json, len, true, "again", 1, again, ctx, NULL, 0) != PTC_OK) abort();
    free(json);
    ptc_document_free(copy);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[512];
    ptc_json_read(data, size, false, "fuzz", 1, on_document, NULL, err, sizeof err);
    ptc_json_read(data, size, true, "fuzz", 1, on_document, NULL, err, sizeof err);
    return 0;
}

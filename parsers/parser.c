/*
 * The parser: the public push API and the pipeline it drives,
 *
 *   bytes -> decode.c -> lines -> records.c -> records -> classify.c
 *         -> classified records -> assemble_*.c -> documents -> callback
 *
 * plus the diagnostics that arrive between stages and the --explain log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/assemble.h"

void ptc_fail(ptc_parser *p, int err) {
    if (!p->error) p->error = err;
}

void ptc_report(ptc_parser *p, ptc_severity sev, const char *code, ptc_pos pos, const char *fmt, ...) {
    if (!p->doc) return;
    va_list ap;
    va_start(ap, fmt);
    if (ptc_document_vdiag(p->doc, sev, code, pos, fmt, ap) != 0) ptc_fail(p, PTC_ERR_NOMEM);
    va_end(ap);
}

/* ------------------------------------------------------------ explain */

size_t ptc_explain_add(ptc_parser *p, uint32_t line, const char *cls, const char *rule,
                       const char *detail) {
    if (!p->explain) return SIZE_MAX;
    if (p->nexplained == p->explained_cap) {
        size_t cap = p->explained_cap ? p->explained_cap * 2 : 64;
        explain_entry *n = realloc(p->explained, cap * sizeof *n);
        if (!n) {
            ptc_fail(p, PTC_ERR_NOMEM);
            return SIZE_MAX;
        }
        p->explained = n;
        p->explained_cap = cap;
    }
    explain_entry *e = &p->explained[p->nexplained];
    *e = (explain_entry){line, cls, rule, detail ? strdup(detail) : NULL};
    if (detail && !e->detail) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return SIZE_MAX;
    }
    return p->nexplained++;
}

void ptc_explain_set(ptc_parser *p, size_t i, const char *detail) {
    if (i >= p->nexplained) return;
    char *d = strdup(detail);
    if (!d) {
        ptc_fail(p, PTC_ERR_NOMEM);
        return;
    }
    free(p->explained[i].detail);
    p->explained[i].detail = d;
}

/* Hand over the entries of lines before `upto` (all with 0). */
static void flush_explain(ptc_parser *p, uint32_t upto) {
    size_t k = 0;
    while (k < p->nexplained && (upto == 0 || p->explained[k].line < upto)) {
        explain_entry *e = &p->explained[k];
        if (!p->error) p->explain(p->explain_ud, e->line, e->cls, e->rule, e->detail ? e->detail : "");
        free(e->detail);
        k++;
    }
    if (p->nexplained > k) memmove(p->explained, p->explained + k, (p->nexplained - k) * sizeof *p->explained);
    p->nexplained -= k;
    p->cur_explain = p->cur_explain >= k && p->cur_explain != SIZE_MAX ? p->cur_explain - k : SIZE_MAX;
    if (p->block.header_explain != SIZE_MAX)
        p->block.header_explain = p->block.header_explain >= k ? p->block.header_explain - k : SIZE_MAX;
    for (size_t i = 0; i < p->block.nrows; i++)
        if (p->block.rows[i].explain != SIZE_MAX)
            p->block.rows[i].explain = p->block.rows[i].explain >= k ? p->block.rows[i].explain - k : SIZE_MAX;
}

/* ------------------------------------------------------------ pending diagnostics */

/* Diagnostics of the decoder and the record layer can arrive before the
   document they belong to exists; they wait here. */
static void push_pending(ptc_parser *p, ptc_severity sev, const char *code, ptc_pos pos,
                         const char *message) {
    if (p->npending == p->pending_cap) {
        size_t ncap = p->pending_cap ? p->pending_cap * 2 : 8;
        pending_diag *n = realloc(p->pending, ncap * sizeof *n);
        if (!n) {
            ptc_fail(p, PTC_ERR_NOMEM);
            return;
        }
        p->pending = n;
        p->pending_cap = ncap;
    }
    size_t n = strlen(message) + 1;
    if (p->pending_text_cap - p->pending_text_len < n) {
        size_t ncap = p->pending_text_cap ? p->pending_text_cap : 256;
        while (ncap - p->pending_text_len < n) ncap *= 2;
        char *t = realloc(p->pending_text, ncap);
        if (!t) {
            ptc_fail(p, PTC_ERR_NOMEM);
            return;
        }
        p->pending_text = t;
        p->pending_text_cap = ncap;
    }
    memcpy(p->pending_text + p->pending_text_len, message, n);
    p->pending[p->npending++] = (pending_diag){sev, code, pos, p->pending_text_len};
    p->pending_text_len += n;
}

static void flush_pending(ptc_parser *p) {
    for (size_t i = 0; i < p->npending; i++) {
        pending_diag *d = &p->pending[i];
        if (ptc_document_diag(p->doc, d->sev, d->code, d->pos, "%s", p->pending_text + d->message) != 0)
            ptc_fail(p, PTC_ERR_NOMEM);
    }
    p->npending = 0;
    p->pending_text_len = 0;
}

static void on_decode_diag(void *ud, ptc_severity sev, const char *code, uint32_t line,
                           uint32_t col, const char *message) {
    ptc_pos pos = {line, col};
    push_pending(ud, sev, code, pos, message);
}

static void on_record_diag(void *ud, ptc_severity sev, const char *code, ptc_pos pos,
                           const char *message) {
    push_pending(ud, sev, code, pos, message);
}

/* ------------------------------------------------------------ the pipeline */

void ptc_process_record(ptc_parser *p, const ptc_record *r, const char *cont_rule,
                        const ptc_classification *known) {
    p->rec = r;
    p->line = r->lines[0].lineno;
    uint32_t first = r->lines[0].lineno, last = r->lines[r->nlines - 1].lineno;
    p->stats.lines = last;
    p->wrap.offers.n = 0;
    p->wrap.offers.every = false;
    const ptc_classification *cl = known ? known : ptc_classify(p->classifier, p->ctx, r);
    /* Only a record nothing else claims is read as label/value pairs in
       one cell, so every line with a meaning of its own keeps it. */
    if (cl->cls == PTC_CLASS_UNKNOWN &&
        ptc_split_label_pairs(p->classifier, r, &p->pair_record, p->pair_cells)) {
        r = p->rec = &p->pair_record;
        cl = ptc_classify(p->classifier, p->ctx, r);
    }
    /* what ptc_explain_add gives when not explaining, without the name */
    p->cur_explain = p->explain ? ptc_explain_add(p, first, ptc_line_class_name(cl->cls), cl->rule, NULL) : SIZE_MAX;
    for (size_t i = 1; p->explain && i < r->nlines; i++) {
        char d[48];
        snprintf(d, sizeof d, cont_rule ? "continuation of line %u" : "record of line %u", (unsigned)first);
        ptc_explain_add(p, r->lines[i].lineno, "continuation", cont_rule ? cont_rule : "record.quoted-cell", d);
    }
    if (cl->cls != PTC_CLASS_BLANK) {
        ptc_assemble_record(p, cl);
        if (p->doc) p->last_line = last;
    }
    ptc_wrap_after(p, r, cl);
    if (p->doc && p->npending) flush_pending(p);
    p->rec = NULL;
    if (p->explain && !p->doc) flush_explain(p, last + 1);
}

static void on_record(void *ud, const ptc_record *r) {
    ptc_parser *p = ud;
    if (p->error) return;
    ptc_wrap_record(p, r);
}

static void on_line(void *ud, uint32_t lineno, const char *s, size_t len) {
    ptc_parser *p = ud;
    if (p->error) return;
    int rc = ptc_records_line(p->records, lineno, s, len);
    if (rc) ptc_fail(p, rc);
}

/* Called by assemble_document.c once a document has been handed over. */
void ptc_after_document(ptc_parser *p) {
    if (p->explain) flush_explain(p, p->rec ? p->rec->lines[0].lineno : 0);
}

/* ------------------------------------------------------------ public */

ptc_parser *ptc_parser_new(const ptc_parse_options *opts, ptc_document_fn on_document,
                           void *userdata) {
    return ptc_parser_new2(opts, on_document, userdata, NULL);
}

ptc_parser *ptc_parser_new2(const ptc_parse_options *opts, ptc_document_fn on_document,
                            void *userdata, int *error) {
    int dummy;
    if (!error) error = &dummy;
    *error = PTC_ERR_NOMEM;
    ptc_parser *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    const char *src = opts && opts->source ? opts->source : "-";
    p->source = strdup(src);
    p->on_document = on_document;
    p->userdata = userdata;
    p->explain = opts ? opts->explain : NULL;
    p->explain_ud = opts ? opts->explain_userdata : NULL;
    p->table = -1;
    p->cur_explain = SIZE_MAX;
    p->block.header_explain = SIZE_MAX;
    p->rules = opts && opts->rules ? opts->rules : ptc_rules_builtin();
    p->scanner = ptc_scanner_new();
    p->classifier = p->rules ? ptc_classifier_new(p->rules) : NULL;
    p->records = ptc_records_new(on_record, on_record_diag, p);
    int err = 0;
    p->decoder = ptc_decoder_new(opts ? opts->encoding : NULL, on_line, on_decode_diag, p, &err);
    if (p->decoder && opts) ptc_decoder_set_first_line(p->decoder, opts->first_line);
    if (!p->source || !p->scanner || !p->classifier || !p->records || !p->decoder) {
        /* Why: the decoder's own error (unknown encoding, memory), else
           rules or patterns that would not compile, else memory. */
        if (!p->decoder && err) *error = err;
        else if (!p->rules || (!p->scanner && p->source)) *error = PTC_ERR_RULES;
        else *error = PTC_ERR_NOMEM;
        ptc_parser_free(p);
        return NULL;
    }
    *error = PTC_OK;
    return p;
}

int ptc_parser_feed(ptc_parser *p, const void *bytes, size_t len) {
    if (p->finished) return PTC_ERR_STATE;
    if (p->error) return p->error;
    int rc = ptc_decoder_feed(p->decoder, bytes, len);
    if (rc) ptc_fail(p, rc);
    return p->error;
}

int ptc_parser_finish(ptc_parser *p) {
    if (p->finished) return PTC_ERR_STATE;
    p->finished = true;
    if (p->error) return p->error;
    int rc = ptc_decoder_finish(p->decoder);
    if (rc) ptc_fail(p, rc);
    if (!p->error && (rc = ptc_records_finish(p->records))) ptc_fail(p, rc);
    if (!p->error) ptc_wrap_flush(p);
    if (p->npending && !p->error) {
        /* diagnostics about lines that were never delivered (too long) */
        p->line = p->pending[0].pos.line;
        if (ptc_ensure_doc(p)) flush_pending(p);
    }
    if (p->doc) ptc_finish_doc(p);
    if (p->explain) flush_explain(p, 0);
    p->stats.bytes = ptc_decoder_bytes(p->decoder);
    return p->error;
}

static void ignore_line(void *ud, uint32_t lineno, const char *text, size_t len) {
    (void)ud, (void)lineno, (void)text, (void)len;
}

static void ignore_diag(void *ud, ptc_severity sev, const char *code, uint32_t line, uint32_t col,
                        const char *message) {
    (void)ud, (void)sev, (void)code, (void)line, (void)col, (void)message;
}

bool ptc_encoding_supported(const char *name) {
    int err = 0;
    ptc_decoder *d = ptc_decoder_new(name, ignore_line, ignore_diag, NULL, &err);
    ptc_decoder_free(d);
    return d != NULL;
}

const char *ptc_parser_encoding(const ptc_parser *p, const char **how) {
    return ptc_decoder_encoding(p->decoder, how);
}

void ptc_parser_stats(const ptc_parser *p, ptc_parse_stats *out) {
    *out = p->stats;
    out->bytes = p->decoder ? ptc_decoder_bytes(p->decoder) : 0;
}

void ptc_parser_free(ptc_parser *p) {
    if (!p) return;
    if (p->doc) ptc_document_free(p->doc);
    free(p->pending);
    free(p->pending_text);
    for (size_t i = 0; i < p->nexplained; i++) free(p->explained[i].detail);
    free(p->explained);
    ptc_block_free(&p->block);
    ptc_wrap_free(p);
    free(p->seen_levels);
    ptc_decoder_free(p->decoder);
    ptc_records_free(p->records);
    ptc_classifier_free(p->classifier);
    ptc_scanner_free(p->scanner);
    free(p->source);
    free(p);
}

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "common/limits.h"

const char *ptc_comparator_symbol(ptc_comparator c) {
    switch (c) {
    case PTC_CMP_GE: return ">=";
    case PTC_CMP_LE: return "<=";
    case PTC_CMP_GT: return ">";
    case PTC_CMP_LT: return "<";
    case PTC_CMP_EQ: return "=";
    case PTC_CMP_NONE: break;
    }
    return NULL;
}

const char *ptc_table_kind_name(ptc_table_kind k) {
    switch (k) {
    case PTC_TABLE_SELF_EVALUATION: return "self_evaluation";
    case PTC_TABLE_OVERALL: return "overall";
    case PTC_TABLE_TARGET: break;
    }
    return "target";
}

const char *ptc_column_role_name(ptc_column_role r) {
    switch (r) {
    case PTC_COL_LEVEL: return "level";
    case PTC_COL_NAME: return "name";
    case PTC_COL_VALUE: return "value";
    case PTC_COL_UNIT: return "unit";
    case PTC_COL_COMPARATOR: return "comparator";
    case PTC_COL_LABEL: return "label";
    case PTC_COL_EXTRA: break;
    }
    return "extra";
}

const char *ptc_severity_name(ptc_severity s) {
    switch (s) {
    case PTC_SEV_ERROR: return "error";
    case PTC_SEV_WARNING: return "warning";
    case PTC_SEV_NOTE: break;
    }
    return "note";
}

ptc_document *ptc_document_new(const char *source) {
    ptc_arena *a = ptc_arena_new();
    if (!a) return NULL;
    ptc_document *d = ptc_arena_alloc(a, sizeof *d);
    if (!d) {
        ptc_arena_free(a);
        return NULL;
    }
    d->arena = a;
    if (!source) source = "-";
    d->source = ptc_arena_strndup(a, source, strlen(source));
    if (!d->source.s) {
        ptc_arena_free(a);
        return NULL;
    }
    return d;
}

void ptc_document_free(ptc_document *doc) {
    if (doc) ptc_arena_free(doc->arena);
}

/* ptc_arena_push grows by doubling from 8, so the capacity follows from
   the length and need not be stored in the public struct. */
static size_t diags_cap(const ptc_document *doc) {
    size_t cap = doc->diags_len;
    if (cap) {
        size_t c = 8;
        while (c < cap) c *= 2;
        cap = c;
    }
    return cap;
}

static int diag_push(ptc_document *doc, ptc_severity sev, const char *code, ptc_pos pos,
                     const char *msg, size_t len, size_t cap) {
    ptc_diag *d = ptc_arena_push(doc->arena, (void **)&doc->diags, &doc->diags_len, &cap, sizeof *d);
    if (!d) return -1;
    d->severity = sev;
    d->code = code;
    d->pos = pos;
    d->message = ptc_arena_strndup(doc->arena, msg, len);
    return d->message.s ? 0 : -1;
}

/* Past PTC_MAX_DIAGNOSTICS: the last one becomes too-many-diagnostics. */
static int diag_over_cap(ptc_document *doc, ptc_pos pos) {
    ptc_diag *last = &doc->diags[doc->diags_len - 1];
    if (strcmp(last->code, "too-many-diagnostics") != 0) {
        char buf[160];
        int n = snprintf(buf, sizeof buf,
                         "more than %u diagnostics; the rest of this document's are not shown",
                         PTC_MAX_DIAGNOSTICS);
        ptc_str m = ptc_arena_strndup(doc->arena, buf, (size_t)n);
        if (!m.s) return -1;
        last->severity = PTC_SEV_ERROR;
        last->code = "too-many-diagnostics";
        last->pos = pos;
        last->message = m;
    }
    return 0;
}

int ptc_document_vdiag(ptc_document *doc, ptc_severity sev, const char *code, ptc_pos pos,
                       const char *fmt, va_list ap) {
    size_t cap = diags_cap(doc);
    if (doc->diags_len >= PTC_MAX_DIAGNOSTICS) return diag_over_cap(doc, pos);
    char buf[PTC_DIAG_MESSAGE_MAX + 1];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof buf) n = (int)sizeof buf - 1;
    return diag_push(doc, sev, code, pos, buf, (size_t)n, cap);
}

int ptc_document_diag_text(ptc_document *doc, ptc_severity sev, const char *code, ptc_pos pos,
                           const char *msg, size_t len) {
    if (doc->diags_len >= PTC_MAX_DIAGNOSTICS) return diag_over_cap(doc, pos);
    if (len > PTC_DIAG_MESSAGE_MAX) len = PTC_DIAG_MESSAGE_MAX;
    return diag_push(doc, sev, code, pos, msg, len, diags_cap(doc));
}

int ptc_document_diag(ptc_document *doc, ptc_severity sev, const char *code, ptc_pos pos,
                      const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = ptc_document_vdiag(doc, sev, code, pos, fmt, ap);
    va_end(ap);
    return r;
}

/* Insertion sort: stable (the parser's diagnostics stay before the checks'
   at the same position), and linear on the nearly sorted lists that occur;
   the list is capped at PTC_MAX_DIAGNOSTICS anyway. The one
   too-many-diagnostics entry stands for everything after the cap, so it
   stays last wherever its position is. */
static bool diag_after(const ptc_diag *a, const ptc_diag *b) {
    bool a_cap = strcmp(a->code, "too-many-diagnostics") == 0;
    bool b_cap = strcmp(b->code, "too-many-diagnostics") == 0;
    if (a_cap != b_cap) return a_cap;
    return a->pos.line > b->pos.line || (a->pos.line == b->pos.line && a->pos.col > b->pos.col);
}

void ptc_document_sort_diagnostics(ptc_document *d) {
    for (size_t i = 1; i < d->diags_len; i++) {
        ptc_diag key = d->diags[i];
        size_t j = i;
        while (j > 0 && diag_after(&d->diags[j - 1], &key)) {
            d->diags[j] = d->diags[j - 1];
            j--;
        }
        d->diags[j] = key;
    }
}

/* Reporting and quoting helpers shared by the checks (checks/report.h). */
#include "checks/report.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "checks/checks.h"
#include "common/normalize.h"
#include "model/model.h"

void ptc_check_report(checker *c, const char *code, ptc_pos pos, const char *fmt, ...) {
    const ptc_check_info *info = ptc_check_find(code);
    assert(info && "every code a check reports has a row in checks/registry.c");
    ptc_severity sev = info ? info->severity : PTC_SEV_WARNING;
    va_list ap;
    va_start(ap, fmt);
    if (ptc_document_vdiag(c->doc, sev, info ? info->code : code, pos, fmt, ap) != 0)
        c->failed = true;
    va_end(ap);
}

void ptc_check_report_text(checker *c, const char *code, ptc_pos pos, const char *msg,
                           size_t len) {
    const ptc_check_info *info = ptc_check_find(code);
    assert(info && "every code a check reports has a row in checks/registry.c");
    ptc_severity sev = info ? info->severity : PTC_SEV_WARNING;
    if (ptc_document_diag_text(c->doc, sev, info ? info->code : code, pos, msg, len) != 0)
        c->failed = true;
}

const char *ptc_check_quote(const char *s, size_t len, char buf[QUOTE_SIZE]) {
    return ptc_quote_excerpt(s ? s : "", len, QUOTE_CHARS, buf, QUOTE_SIZE);
}

const char *ptc_check_quote_text(const ptc_text *t, char buf[QUOTE_SIZE]) {
    return ptc_check_quote(t->str.s, t->str.len, buf);
}

const char *ptc_check_table_name(const ptc_table *t, char buf[48]) {
    if (t->seq.set) snprintf(buf, 48, "table %ld", t->seq.value);
    else snprintf(buf, 48, "the table at line %u", t->lines.first);
    return buf;
}

ptc_pos ptc_check_heading_pos(const ptc_table *t) {
    ptc_pos pos = {t->lines.first, 1};
    return pos;
}

bool ptc_check_has_diag_at(const ptc_document *doc, const char *code, ptc_pos pos) {
    for (size_t i = 0; i < doc->diags_len; i++) {
        const ptc_diag *d = &doc->diags[i];
        if (d->pos.line == pos.line && d->pos.col == pos.col && strcmp(d->code, code) == 0)
            return true;
    }
    return false;
}

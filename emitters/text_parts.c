/* Small pure helpers of the text emitter (text_parts.h). */
#include "emitters/text_parts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

ptc_str ptc_joins_add(ptc_joins *j, const char *pre, ptc_str a, const char *mid, ptc_str b, bool *failed) {
    size_t pn = strlen(pre), mn = strlen(mid), n = pn + a.len + mn + b.len;
    if (j->n == j->cap) {
        size_t cap = j->cap ? j->cap * 2 : 16;
        char **items = realloc(j->items, cap * sizeof *items);
        if (!items) {
            *failed = true;
            return (ptc_str){"", 0};
        }
        j->items = items;
        j->cap = cap;
    }
    char *buf = malloc(n ? n : 1);
    if (!buf) {
        *failed = true;
        return (ptc_str){"", 0};
    }
    j->items[j->n++] = buf;
    memcpy(buf, pre, pn);
    if (a.len) memcpy(buf + pn, a.s, a.len);
    memcpy(buf + pn + a.len, mid, mn);
    if (b.len) memcpy(buf + pn + a.len + mn, b.s, b.len);
    return (ptc_str){buf, n};
}

void ptc_joins_clear(ptc_joins *j) {
    for (size_t i = 0; i < j->n; i++) free(j->items[i]);
    j->n = 0;
}

void ptc_joins_free(ptc_joins *j) {
    ptc_joins_clear(j);
    free(j->items);
    j->items = NULL;
    j->cap = 0;
}

size_t ptc_score_extra(const ptc_field *extra, size_t n, const bool *claimed, ptc_str header) {
    static const char suffix[] = "分值";
    size_t sn = sizeof suffix - 1;
    for (size_t k = 0; k < n; k++) {
        ptc_str key = extra[k].key.s ? extra[k].key : extra[k].label.str;
        if (claimed[k] || key.len != header.len + sn) continue;
        if ((header.len && memcmp(key.s, header.s, header.len) != 0) || memcmp(key.s + header.len, suffix, sn) != 0)
            continue;
        return k;
    }
    return SIZE_MAX;
}

/* Column (1-based) of an extra cell the parser found beyond the header and
   named "#N", or 0 when the label is not of that form. */
size_t ptc_beyond_header_column(ptc_str label) {
    if (!label.s || label.len < 2 || label.s[0] != '#') return 0;
    size_t n = 0;
    for (size_t i = 1; i < label.len; i++) {
        if (label.s[i] < '0' || label.s[i] > '9' || n > 100000000) return 0;
        n = n * 10 + (size_t)(label.s[i] - '0');
    }
    return n;
}

/* The funds label that names the amount's unit. */
const char *ptc_funds_label(const ptc_amount *a) {
    static const char *const units[] = {"万元", "元", "亿元"};
    static const char *const labels[] = {"项目资金申请（万元）", "项目资金申请（元）",
                                         "项目资金申请（亿元）"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (a->unit.s && a->unit.len == strlen(units[i]) && memcmp(a->unit.s, units[i], a->unit.len) == 0)
            return labels[i];
    return labels[0]; /* the text names its own unit (千元) */
}

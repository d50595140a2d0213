/*
 * OCR repetitions: a name with a run of characters doubled, whose
 * corrected spelling is another name of the document (ocr-repetition;
 * docs/checks.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/sort.h"
#include "common/normalize.h"
#include "common/numfmt.h"

/* Longest repeated run the OCR check looks for (社会保障保障局 repeats 2). */
#define OCR_MAX_RUN 4
/* Names longer than this are not searched for repetitions: real
   organisation names are well under 40 characters, and the search is
   quadratic in the length. */
#define OCR_MAX_NAME_BYTES 320

/* ------------------------------------------------------ OCR repetitions */

typedef enum name_role {
    ROLE_ORGANIZATION,
    ROLE_UNIT,
    ROLE_APPLICANT,
    ROLE_DEPARTMENT,
    ROLE_EXECUTING_UNIT,
    ROLE_COUNT
} name_role;

static const char *const role_label[ROLE_COUNT] = {[ROLE_ORGANIZATION] = "organization",
                                                   [ROLE_UNIT] = "unit",
                                                   [ROLE_APPLICANT] = "申报单位",
                                                   [ROLE_DEPARTMENT] = "主管部门",
                                                   [ROLE_EXECUTING_UNIT] = "预算执行单位"};

typedef struct name_cell {
    /* Until collect_names ranks them: the index of the cell's norm in
       names.entries; then the norm's place in byte order among the
       document's norms (equal bytes, equal rank), so that sorting compares
       integers. */
    size_t rank;
    ptc_pos pos; /* text->pos, here so that sorting reads nothing else */
    const ptc_text *text;
    /* whitespace removed, brackets folded: what is compared; in names.buf */
    size_t norm_off;
    uint32_t norm_len; /* a cell is at most 64 lines of 1 MiB (common/limits.h) */
    name_role role;
} name_cell;

/* A norm written to names.buf (cells with the same text share one). */
typedef struct name_entry {
    const char *norm; /* set when names.buf stops moving */
    size_t off, len, id;
} name_entry;

/* Cells with the same normalised name, and where each role first has it. */
typedef struct name_group {
    size_t first, count;         /* range in the sorted cells */
    size_t earliest[ROLE_COUNT]; /* index in the sorted cells, or SIZE_MAX */
    size_t earliest_any;
} name_group;

/* By norm (its rank), then position, then role. */
static inline int compare_name_cells(const name_cell *a, const name_cell *b) {
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    if (a->pos.line != b->pos.line) return a->pos.line < b->pos.line ? -1 : 1;
    if (a->pos.col != b->pos.col) return a->pos.col < b->pos.col ? -1 : 1;
    return a->role < b->role ? -1 : a->role > b->role;
}

PTC_DEFINE_STABLE_SORT(sort_name_cells, name_cell, compare_name_cells)

static inline int compare_entries(const name_entry *a, const name_entry *b) {
    return ptc_check_compare_bytes(a->norm, a->len, b->norm, b->len);
}

PTC_DEFINE_STABLE_SORT(sort_entries, name_entry, compare_entries)

typedef struct names {
    name_cell *cells;
    size_t len;
    name_entry *entries;
    size_t nentries;
    /* every cell's norm, one after another: one allocation, not one a name */
    char *buf;
    size_t buf_len, buf_cap;
    /* per role, the last name added: the next table's often has the same
       text (and a table's 预算执行单位 its 申报单位's), whose norm is then
       the same bytes of buf */
    const ptc_text *last[ROLE_COUNT];
    size_t last_entry[ROLE_COUNT];
    name_group *groups;
    size_t ngroups;
    void *collected, *ranked; /* the two allocations the arrays are in */
} names;

/* The entry of a role's last name when `t` has its bytes, else SIZE_MAX;
   `role`'s own is tried first. */
static size_t same_as_last(const names *ns, const ptc_text *t, name_role role) {
    for (int k = -1; k < ROLE_COUNT; k++) {
        if (k == (int)role) continue;
        name_role r = k < 0 ? role : (name_role)k;
        const ptc_text *last = ns->last[r];
        if (last && last->str.len == t->str.len &&
            (last->str.s == t->str.s || memcmp(last->str.s, t->str.s, t->str.len) == 0))
            return ns->last_entry[r];
    }
    return SIZE_MAX;
}

/* `cells` and `entries` have room for every name (collect_names). */
static bool add_name(names *ns, const ptc_text *t, name_role role) {
    if (!ptc_check_present(t)) return true;
    name_cell *cell = &ns->cells[ns->len];
    size_t same = same_as_last(ns, t, role);
    if (same != SIZE_MAX) {
        const name_entry *e = &ns->entries[same];
        cell->rank = e->id;
        cell->norm_off = e->off;
        cell->norm_len = (uint32_t)e->len;
    } else {
        size_t need = 3 * t->str.len + 1;
        if (ns->buf_cap - ns->buf_len < need) {
            size_t cap = ns->buf_cap ? 2 * ns->buf_cap : 4096;
            while (cap - ns->buf_len < need) cap *= 2;
            char *grown = realloc(ns->buf, cap);
            if (!grown) return false;
            ns->buf = grown;
            ns->buf_cap = cap;
        }
        name_entry *e = &ns->entries[ns->nentries];
        e->off = ns->buf_len;
        e->len = ptc_norm_label(t->str.s, t->str.len, ns->buf + ns->buf_len);
        e->id = ns->nentries++;
        ns->buf_len += e->len;
        cell->rank = e->id;
        cell->norm_off = e->off;
        cell->norm_len = (uint32_t)e->len;
    }
    ns->last[role] = t;
    ns->last_entry[role] = (size_t)cell->rank;
    cell->pos = t->pos;
    cell->text = t;
    cell->role = role;
    ns->len++;
    return true;
}

static void free_names(names *ns) {
    free(ns->buf);
    free(ns->collected);
    free(ns->ranked);
}

/* Same rank: by position, then role (compare_name_cells' tie-break). */
static inline bool cell_after(const name_cell *a, const name_cell *b) {
    return compare_name_cells(a, b) > 0;
}

static bool collect_names(const ptc_document *doc, names *ns) {
    size_t most = (doc->summary ? 1 : 0) + doc->units_len;
    if (doc->tables_len > (SIZE_MAX / 4 - most) / 3) return false;
    most += 3 * doc->tables_len;
    if (most == 0) return true;
    if (most > SIZE_MAX / (sizeof *ns->cells + sizeof *ns->entries)) return false;
    /* Room for every name up front (a cell and an entry each): one
       allocation, not a doubling realloc of each array. */
    ns->collected = malloc(most * (sizeof *ns->cells + sizeof *ns->entries));
    if (!ns->collected) return false;
    ns->cells = ns->collected;
    ns->entries = (name_entry *)(ns->cells + most);
    if (doc->summary && !add_name(ns, &doc->summary->organization, ROLE_ORGANIZATION)) return false;
    for (size_t i = 0; i < doc->units_len; i++)
        if (!add_name(ns, &doc->units[i].name, ROLE_UNIT)) return false;
    for (size_t i = 0; i < doc->tables_len; i++) {
        const ptc_table *t = &doc->tables[i];
        if (!add_name(ns, &t->applicant, ROLE_APPLICANT) ||
            !add_name(ns, &t->department, ROLE_DEPARTMENT) ||
            !add_name(ns, &t->executing_unit, ROLE_EXECUTING_UNIT))
            return false;
    }
    if (ns->len == 0) return true;
    /* The sorted cells, the groups (at most one a norm), each norm's rank
       and each rank's first cell: the second allocation. */
    size_t n = ns->len, ne = ns->nentries;
    ns->ranked = malloc(n * sizeof *ns->cells + ne * sizeof *ns->groups +
                        (2 * ne + 1) * sizeof(size_t));
    if (!ns->ranked) return false;
    name_cell *sorted = ns->ranked;
    ns->groups = (name_group *)(sorted + n);
    size_t *rank_of = (size_t *)(ns->groups + ne), *start = rank_of + ne;
    /* Rank the distinct norms (a few per document) by their bytes, once:
       the same order as by the bytes. */
    for (size_t i = 0; i < ne; i++) ns->entries[i].norm = ns->buf + ns->entries[i].off;
    sort_entries(ns->entries, ne);
    size_t nranks = 0;
    for (size_t i = 0; i < ne; i++) {
        if (i && compare_entries(&ns->entries[i - 1], &ns->entries[i]) != 0) nranks++;
        rank_of[ns->entries[i].id] = nranks;
    }
    nranks++;
    /* The cells by rank, stably (counting them into place), then each
       rank's run by position and role where it is not in that order
       already: what a stable sort by compare_name_cells gives. */
    memset(start, 0, (nranks + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++) {
        ns->cells[i].rank = rank_of[ns->cells[i].rank];
        start[ns->cells[i].rank + 1]++;
    }
    for (size_t r = 0; r < nranks; r++) start[r + 1] += start[r];
    for (size_t i = 0; i < n; i++) sorted[start[ns->cells[i].rank]++] = ns->cells[i];
    ns->cells = sorted;
    for (size_t lo = 0, hi; lo < n; lo = hi) {
        bool in_order = true;
        for (hi = lo + 1; hi < n && sorted[hi].rank == sorted[lo].rank; hi++)
            if (in_order && cell_after(&sorted[hi - 1], &sorted[hi])) in_order = false;
        if (!in_order) sort_name_cells(sorted + lo, hi - lo);
    }
    for (size_t lo = 0, hi; lo < n; lo = hi) {
        name_group *g = &ns->groups[ns->ngroups++];
        for (int r = 0; r < ROLE_COUNT; r++) g->earliest[r] = SIZE_MAX;
        /* Sorted by position within a group: the first of a role is its earliest. */
        for (hi = lo; hi < n && ns->cells[hi].rank == ns->cells[lo].rank; hi++)
            if (g->earliest[ns->cells[hi].role] == SIZE_MAX) g->earliest[ns->cells[hi].role] = hi;
        g->first = lo;
        g->count = hi - lo;
        g->earliest_any = lo;
    }
    return true;
}

static const name_group *find_name(const names *ns, const char *norm, size_t len) {
    size_t lo = 0, hi = ns->ngroups;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const name_cell *cell = &ns->cells[ns->groups[mid].first];
        int r = ptc_check_compare_bytes(ns->buf + cell->norm_off, cell->norm_len, norm, len);
        if (r == 0) return &ns->groups[mid];
        if (r < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* A repeated run in a name and the correct name it hides. */
typedef struct repetition {
    size_t run_off, run_len; /* the repeated characters, in the normalised name */
    const name_group *correct;
} repetition;

/* Look for k = 1..OCR_MAX_RUN characters immediately repeated whose
   removal gives another name of the document; the first (leftmost,
   shortest) such run wins. */
static bool find_repetition(const names *ns, const char *norm, size_t len, repetition *out) {
    size_t starts[OCR_MAX_NAME_BYTES + 1];
    /* Each character's bytes packed (shifted out past 4): equal runs start
       with equal codes, so most candidates are rejected by one compare
       where comparing bytes finds the shared lead byte of CJK first. */
    uint32_t code[OCR_MAX_NAME_BYTES + OCR_MAX_RUN];
    size_t nchars = 0;
    if (len > OCR_MAX_NAME_BYTES) return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char byte = (unsigned char)norm[i];
        if (i == 0 || (byte & 0xC0) != 0x80) {
            starts[nchars] = i;
            code[nchars++] = byte;
        } else {
            code[nchars - 1] = code[nchars - 1] << 8 | byte;
        }
    }
    starts[nchars] = len;
    /* Past the end, a code no character has (FF begins a character, so
       none packs four of them): the next four are compared without a
       bounds test, and a character equal to none goes on at once. */
    for (size_t k = 0; k < OCR_MAX_RUN; k++) code[nchars + k] = UINT32_MAX;
    char candidate[OCR_MAX_NAME_BYTES];
    for (size_t i = 0; i < nchars; i++) {
        _Static_assert(OCR_MAX_RUN == 4, "the test below compares four codes");
        uint32_t ci = code[i];
        if (ci != code[i + 1] && ci != code[i + 2] && ci != code[i + 3] && ci != code[i + 4])
            continue;
        for (size_t k = 1; k <= OCR_MAX_RUN && i + 2 * k <= nchars; k++) {
            if (code[i] != code[i + k]) continue;
            size_t a = starts[i], b = starts[i + k], e = starts[i + 2 * k];
            if (b - a != e - b || norm[a] != norm[b] || memcmp(norm + a, norm + b, b - a) != 0) continue;
            memcpy(candidate, norm, b);
            memcpy(candidate + b, norm + e, len - e);
            const name_group *g = find_name(ns, candidate, len - (e - b));
            if (!g) continue;
            out->run_off = a;
            out->run_len = b - a;
            out->correct = g;
            return true;
        }
    }
    return false;
}

/* a and b have the same bytes (a NULL: no) */
static bool same_text(const ptc_text *a, const ptc_text *b) {
    return a && a->str.len == b->str.len &&
           (a->str.s == b->str.s || memcmp(a->str.s, b->str.s, a->str.len) == 0);
}

static char *append(char *p, const char *s) {
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

/* The finding's message, as the format
   "%s \"%s\" repeats \"%s\"; did you mean \"%s\" (as on line %u)?" writes
   it, put together here: a document with many repeated names reports
   hundreds, and vsnprintf's parsing of the format cost more than the rest
   of the check. Returns the end; `msg` has MESSAGE_ROOM bytes. */
#define MESSAGE_ROOM (3 * QUOTE_SIZE + 128)
static char *repetition_message(char *msg, const char *role, const char *name, const char *run,
                                const char *suggestion, unsigned line) {
    char *p = append(msg, role);
    p = append(p, " \"");
    p = append(p, name);
    p = append(p, "\" repeats \"");
    p = append(p, run);
    p = append(p, "\"; did you mean \"");
    p = append(p, suggestion);
    p = append(p, "\" (as on line ");
    p = ptc_put_long(p, (long)line);
    return append(p, ")?");
}

void ptc_check_ocr_repetitions(checker *c) {
    names ns = {0};
    if (!collect_names(c->doc, &ns)) {
        c->failed = true;
        free_names(&ns);
        return;
    }
    for (size_t g = 0; g < ns.ngroups; g++) {
        const name_group *group = &ns.groups[g];
        const name_cell *first = &ns.cells[group->first];
        repetition rep;
        const char *norm = ns.buf + first->norm_off;
        if (!find_repetition(&ns, norm, first->norm_len, &rep)) continue;
        /* A group's cells mostly hold the same text and get the same
           suggestion: each quote is made again only when its text changes. */
        char q[QUOTE_SIZE], run[QUOTE_SIZE], s[QUOTE_SIZE], msg[MESSAGE_ROOM];
        ptc_check_quote(norm + rep.run_off, rep.run_len, run);
        const ptc_text *quoted = NULL, *quoted_suggestion = NULL;
        for (size_t i = group->first; i < group->first + group->count; i++) {
            const name_cell *cell = &ns.cells[i];
            /* Prefer the spelling in the same kind of cell: a 主管部门 is
               best corrected by another table's 主管部门. */
            size_t shown = rep.correct->earliest[cell->role];
            if (shown == SIZE_MAX) shown = rep.correct->earliest_any;
            const ptc_text *suggestion = ns.cells[shown].text;
            if (!same_text(quoted, cell->text)) ptc_check_quote_text(cell->text, q);
            quoted = cell->text;
            if (!same_text(quoted_suggestion, suggestion)) ptc_check_quote_text(suggestion, s);
            quoted_suggestion = suggestion;
            char *end = repetition_message(msg, role_label[cell->role], q, run, s,
                                           suggestion->pos.line);
            ptc_check_report_text(c, "ocr-repetition", cell->text->pos, msg, (size_t)(end - msg));
        }
    }
    free_names(&ns);
}

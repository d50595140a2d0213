/*
 * ptc_document_copy: a deep copy of a document into an arena of its own, so
 * a caller can keep a document past the ptc_document_fn callback that handed
 * it over (ptconv diff holds two announcements at once). Every string is
 * copied, diagnostic codes included: a code points to static storage for
 * parsed documents but into the arena for documents read from JSON.
 */
#include <string.h>

#include "model/model.h"

typedef struct cp {
    ptc_arena *a;
    bool failed;
} cp;

static ptc_str str(cp *c, ptc_str s) {
    if (!s.s || c->failed) return (ptc_str){NULL, 0};
    ptc_str r = ptc_arena_strndup(c->a, s.s, s.len);
    if (!r.s) c->failed = true;
    return r;
}

static ptc_text text(cp *c, ptc_text t) {
    t.str = str(c, t.str);
    return t;
}

/* `n` elements of `size` bytes, copied bytewise (pointers fixed up after). */
static void *dup(cp *c, const void *p, size_t size, size_t n) {
    if (!p || !n || c->failed) return NULL;
    void *r = ptc_arena_alloc(c->a, size * n);
    if (!r) {
        c->failed = true;
        return NULL;
    }
    memcpy(r, p, size * n);
    return r;
}

static ptc_text *texts(cp *c, const ptc_text *t, size_t n) {
    ptc_text *r = dup(c, t, sizeof *t, n);
    for (size_t i = 0; r && i < n; i++) r[i] = text(c, t[i]);
    return r;
}

static ptc_field *fields(cp *c, const ptc_field *f, size_t n) {
    ptc_field *r = dup(c, f, sizeof *f, n);
    for (size_t i = 0; r && i < n; i++) {
        r[i].label = text(c, f[i].label);
        r[i].value = text(c, f[i].value);
        r[i].key = str(c, f[i].key);
        r[i].code = text(c, f[i].code);
    }
    return r;
}

static ptc_amount *amount(cp *c, const ptc_amount *a) {
    ptc_amount *r = dup(c, a, sizeof *a, 1);
    if (r) {
        r->text = text(c, a->text);
        r->unit = str(c, a->unit);
    }
    return r;
}

static void table(cp *c, ptc_table *t) {
    t->title = text(c, t->title);
    t->applicant = text(c, t->applicant);
    t->project_name = text(c, t->project_name);
    t->department = text(c, t->department);
    t->executing_unit = text(c, t->executing_unit);
    t->project_type = text(c, t->project_type);
    t->annual_goal = text(c, t->annual_goal);
    t->notes = text(c, t->notes);
    t->applicant_code = text(c, t->applicant_code);
    t->project_code = text(c, t->project_code);
    t->department_code = text(c, t->department_code);
    t->executing_unit_code = text(c, t->executing_unit_code);
    const ptc_period *period = t->period;
    if ((t->period = dup(c, period, sizeof *period, 1))) t->period->text = text(c, period->text);
    t->funds = t->funds ? amount(c, t->funds) : NULL;
    const ptc_indicator *ind = t->indicators;
    t->indicators = dup(c, ind, sizeof *ind, t->indicators_len);
    for (size_t i = 0; t->indicators && i < t->indicators_len; i++) {
        ptc_indicator *d = &t->indicators[i];
        d->path = texts(c, ind[i].path, ind[i].path_len);
        d->name = text(c, ind[i].name);
        d->label = text(c, ind[i].label);
        d->value.text = text(c, ind[i].value.text);
        d->unit = text(c, ind[i].unit);
        d->extra = fields(c, ind[i].extra, ind[i].extra_len);
        d->inherited = dup(c, ind[i].inherited, sizeof *d->inherited, ind[i].path_len);
        d->rowspan = dup(c, ind[i].rowspan, sizeof *d->rowspan, ind[i].path_len);
        d->value_unit = str(c, ind[i].value_unit);
    }
    const ptc_column *col = t->columns;
    t->columns = dup(c, col, sizeof *col, t->columns_len);
    for (size_t i = 0; t->columns && i < t->columns_len; i++) {
        t->columns[i].header = text(c, col[i].header);
        t->columns[i].key = str(c, col[i].key);
        t->columns[i].qualifier = str(c, col[i].qualifier);
    }
    t->fields = fields(c, t->fields, t->fields_len);
    const ptc_category *cat = t->categories;
    t->categories = dup(c, cat, sizeof *cat, t->categories_len);
    for (size_t i = 0; t->categories && i < t->categories_len; i++)
        t->categories[i].path = texts(c, cat[i].path, cat[i].path_len);
    const ptc_grid *grid = t->grids;
    t->grids = dup(c, grid, sizeof *grid, t->grids_len);
    for (size_t i = 0; t->grids && i < t->grids_len; i++) {
        ptc_grid *g = &t->grids[i];
        g->label = text(c, grid[i].label);
        g->key = str(c, grid[i].key);
        g->rows = dup(c, grid[i].rows, sizeof *g->rows, grid[i].rows_len);
        for (size_t r = 0; g->rows && r < g->rows_len; r++)
            g->rows[r].cells = texts(c, grid[i].rows[r].cells, grid[i].rows[r].cells_len);
    }
    const ptc_goal_item *item = t->goal_items;
    t->goal_items = dup(c, item, sizeof *item, t->goal_items_len);
    for (size_t i = 0; t->goal_items && i < t->goal_items_len; i++) {
        t->goal_items[i].label = text(c, item[i].label);
        t->goal_items[i].text = text(c, item[i].text);
    }
    const ptc_field_label *label = t->labels;
    t->labels = dup(c, label, sizeof *label, t->labels_len);
    for (size_t i = 0; t->labels && i < t->labels_len; i++) {
        t->labels[i].key = str(c, label[i].key);
        t->labels[i].label = text(c, label[i].label);
    }
}

ptc_document *ptc_document_copy(const ptc_document *src) {
    if (!src) return NULL;
    cp c = {ptc_arena_new(), false};
    if (!c.a) return NULL;
    ptc_document *d = dup(&c, src, sizeof *src, 1);
    if (!d) {
        ptc_arena_free(c.a);
        return NULL;
    }
    d->arena = c.a;
    d->source = str(&c, src->source);
    d->title = text(&c, src->title);
    d->text = text(&c, src->text);
    if ((d->summary = dup(&c, src->summary, sizeof *src->summary, 1))) {
        d->summary->text = text(&c, src->summary->text);
        d->summary->organization = text(&c, src->summary->organization);
        d->summary->total_funds = src->summary->total_funds ? amount(&c, src->summary->total_funds) : NULL;
    }
    d->units = dup(&c, src->units, sizeof *src->units, src->units_len);
    for (size_t i = 0; d->units && i < d->units_len; i++) d->units[i].name = text(&c, src->units[i].name);
    d->tables = dup(&c, src->tables, sizeof *src->tables, src->tables_len);
    for (size_t i = 0; d->tables && i < d->tables_len; i++) table(&c, &d->tables[i]);
    d->diags = dup(&c, src->diags, sizeof *src->diags, src->diags_len);
    for (size_t i = 0; d->diags && i < d->diags_len; i++) {
        const char *code = src->diags[i].code ? src->diags[i].code : "";
        ptc_str k = str(&c, (ptc_str){code, strlen(code)});
        d->diags[i].code = k.s;
        d->diags[i].message = str(&c, src->diags[i].message);
    }
    if (c.failed) {
        ptc_arena_free(c.a);
        return NULL;
    }
    return d;
}

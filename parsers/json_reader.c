/*
 * ptc_json_read: ptconv's own JSON (README "JSON contract", version 1;
 * schemas/ptconv.schema.json) back into the model, so that edited data can
 * be rendered again. jansson parses (a small, well-tested parser that gives
 * line and column for syntax errors); this file checks the tree against
 * the contract, closed objects and all, and builds each document in an
 * arena of its own. A schema error names the offending value by its path
 * and position (json_locate.c finds the position; jansson keeps none).
 *
 * The reader is strict where the emitter is exact: every key must be
 * present, no other key may be, and each value has the contract's type, so
 * anything read here is written back with the same bytes.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "parsers/json_get.h"
#include "parsers/json_locate.h"

static const char *const comparators[] = {">=", "<=", ">", "<", "=", NULL};
static const ptc_comparator comparator_of[] = {PTC_CMP_GE, PTC_CMP_LE, PTC_CMP_GT, PTC_CMP_LT,
                                               PTC_CMP_EQ};
static const char *const indicator_keys[] = {"path", "name", "value", "unit", "line", "extra",
                                             "inherited", "rowspan", "?label", NULL};
static const char *const value_keys[] = {"text", "number", "comparator", "?unit", "?approximate", NULL};

static int read_indicator(rd *r, const json_t *v, ptc_indicator *ind) {
    if (jr_object(r, v, indicator_keys) || jr_get_path(r, v, &ind->path, &ind->path_len) ||
        jr_get_text(r, v, "name", &ind->name))
        return -1;
    const json_t *val = jr_enter(r, v, "value");
    int cmp;
    if (jr_object(r, val, value_keys) || jr_get_text(r, val, "text", &ind->value.text) ||
        jr_get_num(r, val, "number", &ind->value.number) ||
        jr_get_enum(r, val, "comparator", comparators, true, &cmp) || jr_get_str(r, val, "unit", &ind->value_unit) ||
        jr_get_bool(r, val, "approximate", &ind->value_approximate))
        return -1;
    ind->value.comparator = cmp < 0 ? PTC_CMP_NONE : comparator_of[cmp];
    jr_pop(r);
    if (jr_get_text(r, v, "unit", &ind->unit) || jr_get_u32(r, v, "line", &ind->line)) return -1;
    const json_t *extra = jr_enter(r, v, "extra");
    if (!json_is_object(extra)) return jr_expected(r, extra, "an object");
    ind->extra = jr_alloc_array(r, json_object_size(extra), sizeof *ind->extra);
    if (r->nomem) return -1;
    for (void *it = json_object_iter((json_t *)extra); it; it = json_object_iter_next((json_t *)extra, it)) {
        ptc_field *f = &ind->extra[ind->extra_len++];
        jr_push_key(r, json_object_iter_key(it), json_object_iter_key_len(it));
        f->label.str = ptc_arena_strndup(r->a, json_object_iter_key(it), json_object_iter_key_len(it));
        if (!f->label.str.s) return r->nomem = true, -1;
        f->key = f->label.str;
        if (jr_get_str_v(r, json_object_iter_value(it), &f->value.str)) return -1;
        jr_pop(r);
    }
    jr_pop(r);
    size_t n;
    const json_t *inh = jr_get_array(r, v, "inherited", &n);
    if (!inh) return -1;
    if (n != ind->path_len)
        return jr_schema_error(r, "%zu entries for a path of %zu", n, ind->path_len);
    ind->inherited = jr_alloc_array(r, n, sizeof *ind->inherited);
    if (r->nomem) return -1;
    for (size_t i = 0; i < n; i++) {
        jr_push_index(r, i);
        const json_t *b = json_array_get(inh, i);
        if (!json_is_boolean(b)) return jr_expected(r, b, "a boolean");
        ind->inherited[i] = json_is_true(b);
        jr_pop(r);
    }
    jr_pop(r);
    const json_t *rs = jr_enter(r, v, "rowspan");
    if (!json_is_null(rs)) {
        if (!json_is_array(rs)) return jr_expected(r, rs, "an array or null");
        if (json_array_size(rs) != ind->path_len)
            return jr_schema_error(r, "%zu entries for a path of %zu", json_array_size(rs), ind->path_len);
        /* an empty path has an (empty) rowspan list: keep it non-NULL */
        ind->rowspan = ptc_arena_alloc(r->a, sizeof *ind->rowspan * (ind->path_len + 1));
        if (!ind->rowspan) return r->nomem = true, -1;
        for (size_t i = 0; i < ind->path_len; i++) {
            jr_push_index(r, i);
            if (jr_u32_v(r, json_array_get(rs, i), &ind->rowspan[i])) return -1;
            jr_pop(r);
        }
    }
    jr_pop(r);
    return jr_get_text(r, v, "label", &ind->label);
}

static const char *const roles[] = {"extra", "level", "name", "value", "unit", "comparator",
                                    "label", NULL};
static const ptc_column_role role_of[] = {PTC_COL_EXTRA, PTC_COL_LEVEL, PTC_COL_NAME,
                                          PTC_COL_VALUE, PTC_COL_UNIT, PTC_COL_COMPARATOR,
                                          PTC_COL_LABEL};
static const char *const column_keys[] = {"header", "role", "level", "key", "qualifier", NULL};

static int read_column(rd *r, const json_t *v, ptc_column *c) {
    int role;
    ptc_opt_int level;
    if (jr_object(r, v, column_keys) || jr_get_text(r, v, "header", &c->header) ||
        jr_get_enum(r, v, "role", roles, false, &role) || jr_get_int(r, v, "level", &level) ||
        jr_get_str(r, v, "key", &c->key) || jr_get_str(r, v, "qualifier", &c->qualifier))
        return -1;
    c->role = role_of[role];
    if (level.set && (level.value < 1 || level.value > 1000)) {
        jr_push_key(r, "level", 5);
        return jr_schema_error(r, "a level counts from 1, not %ld", level.value);
    }
    c->level = level.set ? (int)level.value : 0;
    return 0;
}

static const char *const category_keys[] = {"path", "line", NULL};
static const char *const field_keys[] = {"label", "value", "key", "?code", NULL};
static const char *const period_keys[] = {"text", "start", "end", NULL};
static const char *const kinds[] = {"target", "self_evaluation", "overall", NULL};
static const ptc_table_kind kind_of[] = {PTC_TABLE_TARGET, PTC_TABLE_SELF_EVALUATION,
                                         PTC_TABLE_OVERALL};
static const char *const table_keys[] = {
    "seq", "kind", "title", "year", "lines", "applicant", "project_name", "department",
    "executing_unit", "project_type", "period", "funds", "annual_goal", "indicators", "notes",
    "fields", "columns", "categories", "grids", "?applicant_code", "?project_code", "?department_code",
    "?executing_unit_code", "?goal_items", "?labels", NULL};

static int read_field(rd *r, const json_t *v, ptc_field *f) {
    return jr_object(r, v, field_keys) || jr_get_text(r, v, "label", &f->label) ||
                   jr_get_text(r, v, "value", &f->value) || jr_get_str(r, v, "key", &f->key) ||
                   jr_get_text(r, v, "code", &f->code)
               ? -1
               : 0;
}

static int read_category(rd *r, const json_t *v, ptc_category *c) {
    return jr_object(r, v, category_keys) || jr_get_path(r, v, &c->path, &c->path_len) ||
                   jr_get_u32(r, v, "line", &c->line)
               ? -1
               : 0;
}

static const char *const grid_keys[] = {"label", "key", "lines", "rows", NULL};
static const char *const grid_row_keys[] = {"line", "cells", NULL};

static int read_grid_cell(rd *r, const json_t *v, ptc_text *c) { return jr_get_str_v(r, v, &c->str); }

static int read_grid_row(rd *r, const json_t *v, ptc_grid_row *row) {
    if (jr_object(r, v, grid_row_keys) || jr_get_u32(r, v, "line", &row->line)) return -1;
    READ_LIST(r, v, "cells", row->cells, row->cells_len, read_grid_cell);
    return 0;
}

static int read_grid(rd *r, const json_t *v, ptc_grid *g) {
    if (jr_object(r, v, grid_keys) || jr_get_text(r, v, "label", &g->label) || jr_get_str(r, v, "key", &g->key) ||
        jr_get_lines(r, v, &g->lines))
        return -1;
    READ_LIST(r, v, "rows", g->rows, g->rows_len, read_grid_row);
    return 0;
}

static const char *const goal_item_keys[] = {"label", "text", "line", NULL};

static int read_goal_item(rd *r, const json_t *v, ptc_goal_item *g) {
    return jr_object(r, v, goal_item_keys) || jr_get_text(r, v, "label", &g->label) ||
                   jr_get_text(r, v, "text", &g->text) || jr_get_u32(r, v, "line", &g->text.pos.line)
               ? -1
               : 0;
}

/* "labels": {KEY: LABEL, …}, in the order written. */
static int read_labels(rd *r, const json_t *v, ptc_table *t) {
    const json_t *obj = jr_enter(r, v, "labels");
    if (!json_is_object(obj)) return jr_expected(r, obj, "an object");
    t->labels = jr_alloc_array(r, json_object_size(obj), sizeof *t->labels);
    if (r->nomem) return -1;
    for (void *it = json_object_iter((json_t *)obj); it; it = json_object_iter_next((json_t *)obj, it)) {
        ptc_field_label *l = &t->labels[t->labels_len++];
        jr_push_key(r, json_object_iter_key(it), json_object_iter_key_len(it));
        l->key = ptc_arena_strndup(r->a, json_object_iter_key(it), json_object_iter_key_len(it));
        if (!l->key.s) return r->nomem = true, -1;
        const json_t *val = json_object_iter_value(it);
        if (!json_is_string(val)) return jr_expected(r, val, "a string");
        if (jr_get_str_v(r, val, &l->label.str)) return -1;
        jr_pop(r);
    }
    jr_pop(r);
    return 0;
}

static int read_table(rd *r, const json_t *v, ptc_table *t) {
    int kind;
    if (jr_object(r, v, table_keys) || jr_get_int(r, v, "seq", &t->seq) ||
        jr_get_enum(r, v, "kind", kinds, false, &kind) || jr_get_text(r, v, "title", &t->title) ||
        jr_get_int(r, v, "year", &t->year) || jr_get_lines(r, v, &t->lines) ||
        jr_get_text(r, v, "applicant", &t->applicant) ||
        jr_get_text(r, v, "project_name", &t->project_name) ||
        jr_get_text(r, v, "department", &t->department) ||
        jr_get_text(r, v, "executing_unit", &t->executing_unit) ||
        jr_get_text(r, v, "project_type", &t->project_type))
        return -1;
    t->kind = kind_of[kind];
    const json_t *p = jr_enter(r, v, "period");
    if (!json_is_null(p)) {
        if (jr_object(r, p, period_keys) || !(t->period = jr_alloc_array(r, 1, sizeof *t->period)) ||
            jr_get_text(r, p, "text", &t->period->text) || jr_get_date(r, p, "start", t->period->start) ||
            jr_get_date(r, p, "end", t->period->end))
            return -1;
    }
    jr_pop(r);
    if (jr_get_amount(r, v, "funds", true, &t->funds) || jr_get_text(r, v, "annual_goal", &t->annual_goal))
        return -1;
    READ_LIST(r, v, "indicators", t->indicators, t->indicators_len, read_indicator);
    if (jr_get_text(r, v, "notes", &t->notes)) return -1;
    READ_LIST(r, v, "fields", t->fields, t->fields_len, read_field);
    READ_LIST(r, v, "columns", t->columns, t->columns_len, read_column);
    READ_LIST(r, v, "categories", t->categories, t->categories_len, read_category);
    READ_LIST(r, v, "grids", t->grids, t->grids_len, read_grid);
    if (jr_get_text(r, v, "applicant_code", &t->applicant_code) || jr_get_text(r, v, "project_code", &t->project_code) ||
        jr_get_text(r, v, "department_code", &t->department_code) ||
        jr_get_text(r, v, "executing_unit_code", &t->executing_unit_code))
        return -1;
    /* absent in JSON from a ptconv before goal lists and labels */
    if (json_object_get(v, "goal_items"))
        READ_LIST(r, v, "goal_items", t->goal_items, t->goal_items_len, read_goal_item);
    return json_object_get(v, "labels") ? read_labels(r, v, t) : 0;
}

static const char *const unit_keys[] = {"seq", "name", "project_count", NULL};
static const char *const summary_keys[] = {"text", "year", "organization", "project_count",
                                           "total_funds", NULL};
static const char *const severities[] = {"note", "warning", "error", NULL};
static const ptc_severity severity_of[] = {PTC_SEV_NOTE, PTC_SEV_WARNING, PTC_SEV_ERROR};
static const char *const diag_keys[] = {"severity", "code", "line", "column", "message", NULL};
static const char *const document_keys[] = {"source", "lines", "title", "summary", "units",
                                            "tables", "diagnostics", "text", NULL};

static int read_unit(rd *r, const json_t *v, ptc_unit *u) {
    return jr_object(r, v, unit_keys) || jr_get_int(r, v, "seq", &u->seq) ||
                   jr_get_text(r, v, "name", &u->name) ||
                   jr_get_int(r, v, "project_count", &u->project_count)
               ? -1
               : 0;
}

static int read_diag(rd *r, const json_t *v, ptc_diag *d) {
    int sev;
    ptc_str code;
    if (jr_object(r, v, diag_keys) || jr_get_enum(r, v, "severity", severities, false, &sev)) return -1;
    const json_t *c = jr_enter(r, v, "code");
    if (!json_is_string(c) || json_string_length(c) == 0)
        return json_is_string(c) ? jr_schema_error(r, "a diagnostic's code is not empty")
                                 : jr_expected(r, c, "a string");
    if (jr_get_str_v(r, c, &code)) return -1;
    jr_pop(r);
    d->severity = severity_of[sev];
    d->code = code.s;
    return jr_get_u32(r, v, "line", &d->pos.line) || jr_get_u32(r, v, "column", &d->pos.col) ||
                   jr_get_str(r, v, "message", &d->message)
               ? -1
               : 0;
}

static int build_document(rd *r, const json_t *v, ptc_document *d) {
    if (jr_get_lines(r, v, &d->lines) || jr_get_text(r, v, "title", &d->title)) return -1;
    const json_t *s = jr_enter(r, v, "summary");
    if (!json_is_null(s)) {
        if (jr_object(r, s, summary_keys) || !(d->summary = jr_alloc_array(r, 1, sizeof *d->summary)) ||
            jr_get_text(r, s, "text", &d->summary->text) || jr_get_int(r, s, "year", &d->summary->year) ||
            jr_get_text(r, s, "organization", &d->summary->organization) ||
            jr_get_int(r, s, "project_count", &d->summary->project_count) ||
            jr_get_amount(r, s, "total_funds", false, &d->summary->total_funds))
            return -1;
    }
    jr_pop(r);
    READ_LIST(r, v, "units", d->units, d->units_len, read_unit);
    READ_LIST(r, v, "tables", d->tables, d->tables_len, read_table);
    READ_LIST(r, v, "diagnostics", d->diags, d->diags_len, read_diag);
    return jr_get_text(r, v, "text", &d->text);
}

/* One DOCUMENT object: built, handed to the callback, freed. */
static int read_document(rd *r, const json_t *v, ptc_document_fn fn, void *ud) {
    if (jr_object(r, v, document_keys)) return PTC_ERR_JSON;
    const json_t *src = jr_enter(r, v, "source");
    if (!json_is_string(src)) return jr_expected(r, src, "a string"), PTC_ERR_JSON;
    jr_pop(r);
    ptc_document *d = ptc_document_new(json_string_value(src));
    if (!d) return PTC_ERR_NOMEM;
    r->a = d->arena;
    r->nomem = false;
    d->source = jr_dup_str(r, src); /* the name as it is, NUL bytes included */
    if (r->nomem || build_document(r, v, d)) {
        ptc_document_free(d);
        return r->nomem ? PTC_ERR_NOMEM : PTC_ERR_JSON;
    }
    int rc = fn(d, ud) ? PTC_ERR_STOPPED : PTC_OK;
    ptc_document_free(d);
    return rc;
}

static const char *const wrapper_keys[] = {"format", "version", "documents", NULL};

int ptc_json_read(const void *bytes, size_t len, bool one_document, const char *name,
                  uint32_t first_line, ptc_document_fn on_document, void *userdata, char *err,
                  size_t err_size) {
    rd r = {.buf = bytes, .len = len, .name = name ? name : "-",
            .first_line = first_line ? first_line : 1, .err = err, .err_size = err_size};
    if (err && err_size) err[0] = '\0';
    json_error_t je;
    /* Duplicate keys would make one of two values silently win; NUL bytes
       are valid in the model's strings (\u0000). */
    json_t *root = json_loadb(bytes, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!root) {
        if (json_error_code(&je) == json_error_out_of_memory) return PTC_ERR_NOMEM;
        if (err && err_size)
            snprintf(err, err_size, "%s:%lu:%lu: error: %s [json-syntax]", r.name,
                     (unsigned long)(je.line > 0 ? je.line : 1) + r.first_line - 1,
                     (unsigned long)(je.column > 0 ? je.column : 1), je.text);
        return PTC_ERR_JSON;
    }
    int rc = PTC_OK;
    if (one_document) {
        rc = read_document(&r, root, on_document, userdata);
    } else if (jr_object(&r, root, wrapper_keys)) {
        rc = PTC_ERR_JSON;
    } else {
        const json_t *f = jr_enter(&r, root, "format"), *ver, *docs;
        if (!json_is_string(f) || strcmp(json_string_value(f), "ptconv") != 0) {
            rc = PTC_ERR_JSON;
            if (json_is_string(f)) jr_schema_error(&r, "unknown format \"%s\" (ptconv reads \"ptconv\")", json_string_value(f));
            else jr_expected(&r, f, "the string \"ptconv\"");
        } else if (jr_pop(&r), ver = jr_enter(&r, root, "version"), !json_is_integer(ver) ||
                   json_integer_value(ver) != PTCONV_JSON_VERSION) {
            rc = PTC_ERR_JSON;
            if (json_is_integer(ver))
                jr_schema_error(&r, "unknown version %lld (this ptconv reads version %d)",
                             (long long)json_integer_value(ver), PTCONV_JSON_VERSION);
            else jr_expected(&r, ver, "an integer");
        } else if (jr_pop(&r), docs = jr_enter(&r, root, "documents"), !json_is_array(docs)) {
            rc = PTC_ERR_JSON;
            jr_expected(&r, docs, "an array");
        } else {
            for (size_t i = 0; i < json_array_size(docs) && rc == PTC_OK; i++) {
                jr_push_index(&r, i);
                rc = read_document(&r, json_array_get(docs, i), on_document, userdata);
                jr_pop(&r);
            }
        }
    }
    json_decref(root);
    return rc;
}

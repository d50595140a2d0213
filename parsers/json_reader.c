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
#include "parsers/json_locate.h"

#define MAX_PATH 16 /* the contract nests 8 deep; deeper values are never visited */

typedef struct rd {
    const char *buf;
    size_t len;
    const char *name;
    uint32_t first_line;
    ptc_json_step path[MAX_PATH];
    size_t depth;
    char *err;
    size_t err_size;
    ptc_arena *a;
    bool nomem;
} rd;

static void push_key(rd *r, const char *key, size_t key_len) {
    if (r->depth < MAX_PATH) r->path[r->depth] = (ptc_json_step){key, key_len, 0};
    r->depth++;
}

static void push_index(rd *r, size_t i) {
    if (r->depth < MAX_PATH) r->path[r->depth] = (ptc_json_step){NULL, 0, i};
    r->depth++;
}

static void pop(rd *r) { r->depth--; }

/* "documents[0].tables[4].seq" */
static void path_text(const rd *r, char *out, size_t size) {
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < r->depth && i < MAX_PATH && used + 1 < size; i++) {
        const ptc_json_step *s = &r->path[i];
        int n = s->key ? snprintf(out + used, size - used, "%s%.*s", used ? "." : "",
                                  (int)s->key_len, s->key)
                       : snprintf(out + used, size - used, "[%zu]", s->index);
        if (n < 0) break;
        used += (size_t)n;
    }
}

static int schema_error(rd *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int schema_error(rd *r, const char *fmt, ...) {
    if (!r->err || !r->err_size) return -1;
    uint32_t line, col;
    ptc_json_locate(r->buf, r->len, r->path, r->depth < MAX_PATH ? r->depth : MAX_PATH, &line, &col);
    char where[200], msg[300];
    path_text(r, where, sizeof where);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(r->err, r->err_size, "%s:%lu:%lu: error: %s%s%s [json-schema]", r->name,
             (unsigned long)line + r->first_line - 1, (unsigned long)col, where,
             where[0] ? ": " : "", msg);
    return -1;
}

static const char *type_name(const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    case JSON_NULL: break;
    }
    return "null";
}

static int expected(rd *r, const json_t *v, const char *what) {
    return schema_error(r, "expected %s, not %s", what, type_name(v));
}

/* `v` is an object with exactly `keys` (NULL-terminated): the contract's
   objects are closed. A key written "?key" was added to the contract after
   JSON was first written (a code split off a name, an indicator's label as
   written): JSON without it, from an older ptconv, still reads, as null. */
static const char *key_name(const char *k) { return k[0] == '?' ? k + 1 : k; }

static int object(rd *r, const json_t *v, const char *const *keys) {
    if (!json_is_object(v)) return expected(r, v, "an object");
    size_t n = 0, present = 0;
    for (; keys[n]; n++) {
        bool has = json_object_get(v, key_name(keys[n])) != NULL;
        if (!has && keys[n][0] != '?') return schema_error(r, "the key \"%s\" is missing", keys[n]);
        present += has;
    }
    if (json_object_size(v) == present) return 0;
    for (void *it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it)) {
        const char *k = json_object_iter_key(it);
        size_t i = 0;
        while (keys[i] && strcmp(key_name(keys[i]), k) != 0) i++;
        if (keys[i]) continue;
        push_key(r, k, json_object_iter_key_len(it));
        return schema_error(r, "unknown key \"%s\"", k);
    }
    return 0;
}

static ptc_str dup_str(rd *r, const json_t *v) {
    ptc_str s = ptc_arena_strndup(r->a, json_string_value(v), json_string_length(v));
    if (!s.s) r->nomem = true;
    return s;
}

static void *alloc_array(rd *r, size_t n, size_t size) {
    if (!n) return NULL;
    void *p = n > SIZE_MAX / size ? NULL : ptc_arena_alloc(r->a, n * size);
    if (!p) r->nomem = true;
    return p;
}

/* Every getter looks up `key` in an object already checked by object(). */
static json_t *enter(rd *r, const json_t *obj, const char *key) {
    push_key(r, key, strlen(key));
    return json_object_get(obj, key);
}

static int get_str_v(rd *r, const json_t *v, ptc_str *out) {
    *out = (ptc_str){NULL, 0};
    if (json_is_null(v)) return 0;
    if (!json_is_string(v)) return expected(r, v, "a string or null");
    *out = dup_str(r, v);
    return r->nomem ? -1 : 0;
}

static int get_str(rd *r, const json_t *obj, const char *key, ptc_str *out) {
    *out = (ptc_str){NULL, 0};
    if (!json_object_get(obj, key)) return 0; /* a "?key" object() let pass: null */
    if (get_str_v(r, enter(r, obj, key), out)) return -1;
    pop(r);
    return 0;
}

static int get_text(rd *r, const json_t *obj, const char *key, ptc_text *out) {
    memset(out, 0, sizeof *out);
    return get_str(r, obj, key, &out->str);
}

/* A string from a fixed list (NULL-terminated); its index in *out. */
static int get_enum(rd *r, const json_t *obj, const char *key, const char *const *names,
                    bool nullable, int *out) {
    const json_t *v = enter(r, obj, key);
    *out = -1;
    if (nullable && json_is_null(v)) {
        pop(r);
        return 0;
    }
    if (json_is_string(v))
        for (int i = 0; names[i]; i++)
            if (strcmp(json_string_value(v), names[i]) == 0 && strlen(names[i]) == json_string_length(v)) {
                *out = i;
                pop(r);
                return 0;
            }
    char list[200] = "";
    for (int i = 0; names[i]; i++) {
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s\"%s\"", i ? ", " : "", names[i]);
    }
    if (!json_is_string(v)) return expected(r, v, nullable ? "a string or null" : "a string");
    return schema_error(r, "\"%s\" is not one of %s%s", json_string_value(v), list,
                        nullable ? " or null" : "");
}

static int get_int(rd *r, const json_t *obj, const char *key, ptc_opt_int *out) {
    const json_t *v = enter(r, obj, key);
    *out = (ptc_opt_int){false, 0};
    if (json_is_integer(v)) *out = (ptc_opt_int){true, (long)json_integer_value(v)};
    else if (!json_is_null(v)) return expected(r, v, "an integer or null");
    pop(r);
    return 0;
}

static int get_bool(rd *r, const json_t *obj, const char *key, bool *out) {
    *out = false;
    if (!json_object_get(obj, key)) return 0; /* a "?key" object() let pass: false */
    const json_t *v = enter(r, obj, key);
    if (!json_is_boolean(v)) return expected(r, v, "a boolean");
    *out = json_is_true(v);
    pop(r);
    return 0;
}

static int u32_v(rd *r, const json_t *v, uint32_t *out) {
    if (!json_is_integer(v)) return expected(r, v, "an integer");
    json_int_t n = json_integer_value(v);
    if (n < 0 || n > (json_int_t)UINT32_MAX)
        return schema_error(r, "%lld is not a line or column number (0 to %lu)", (long long)n,
                            (unsigned long)UINT32_MAX);
    *out = (uint32_t)n;
    return 0;
}

static int get_u32(rd *r, const json_t *obj, const char *key, uint32_t *out) {
    if (u32_v(r, enter(r, obj, key), out)) return -1;
    pop(r);
    return 0;
}

static int get_num(rd *r, const json_t *obj, const char *key, ptc_opt_num *out) {
    const json_t *v = enter(r, obj, key);
    *out = (ptc_opt_num){false, 0};
    if (json_is_number(v)) *out = (ptc_opt_num){true, json_number_value(v)};
    else if (!json_is_null(v)) return expected(r, v, "a number or null");
    pop(r);
    return 0;
}

static int get_lines(rd *r, const json_t *obj, ptc_lines *out) {
    const json_t *v = enter(r, obj, "lines");
    if (!json_is_array(v) || json_array_size(v) != 2)
        return json_is_array(v) ? schema_error(r, "expected [first, last], not %zu numbers",
                                               json_array_size(v))
                                : expected(r, v, "an array [first, last]");
    for (size_t i = 0; i < 2; i++) {
        push_index(r, i);
        if (u32_v(r, json_array_get(v, i), i ? &out->last : &out->first)) return -1;
        pop(r);
    }
    pop(r);
    return 0;
}

/* An array member: its elements, and their number in *n. */
static const json_t *get_array(rd *r, const json_t *obj, const char *key, size_t *n) {
    const json_t *v = enter(r, obj, key);
    if (!json_is_array(v)) {
        expected(r, v, "an array");
        return NULL;
    }
    *n = json_array_size(v);
    return v;
}

/* A list of category cells (path): strings or null. */
static int get_path(rd *r, const json_t *obj, ptc_text **out, size_t *len) {
    const json_t *arr = get_array(r, obj, "path", len);
    if (!arr) return -1;
    *out = alloc_array(r, *len, sizeof **out);
    if (r->nomem) return -1;
    for (size_t i = 0; i < *len; i++) {
        push_index(r, i);
        if (get_str_v(r, json_array_get(arr, i), &(*out)[i].str)) return -1;
        pop(r);
    }
    pop(r);
    return 0;
}

static const char *const amount_keys[] = {"text", "value", "unit", NULL};
static const char *const total_keys[] = {"value", "unit", NULL};

static int get_amount(rd *r, const json_t *obj, const char *key, bool with_text, ptc_amount **out) {
    const json_t *v = enter(r, obj, key);
    *out = NULL;
    if (!json_is_null(v)) {
        if (object(r, v, with_text ? amount_keys : total_keys)) return -1;
        if (!(*out = alloc_array(r, 1, sizeof **out))) return -1;
        if (with_text && get_text(r, v, "text", &(*out)->text)) return -1;
        if (get_num(r, v, "value", &(*out)->value) || get_str(r, v, "unit", &(*out)->unit)) return -1;
    }
    pop(r);
    return 0;
}

static const char *const comparators[] = {">=", "<=", ">", "<", "=", NULL};
static const ptc_comparator comparator_of[] = {PTC_CMP_GE, PTC_CMP_LE, PTC_CMP_GT, PTC_CMP_LT,
                                               PTC_CMP_EQ};
static const char *const indicator_keys[] = {"path", "name", "value", "unit", "line", "extra",
                                             "inherited", "rowspan", "?label", NULL};
static const char *const value_keys[] = {"text", "number", "comparator", "?unit", "?approximate", NULL};

static int read_indicator(rd *r, const json_t *v, ptc_indicator *ind) {
    if (object(r, v, indicator_keys) || get_path(r, v, &ind->path, &ind->path_len) ||
        get_text(r, v, "name", &ind->name))
        return -1;
    const json_t *val = enter(r, v, "value");
    int cmp;
    if (object(r, val, value_keys) || get_text(r, val, "text", &ind->value.text) ||
        get_num(r, val, "number", &ind->value.number) ||
        get_enum(r, val, "comparator", comparators, true, &cmp) || get_str(r, val, "unit", &ind->value_unit) ||
        get_bool(r, val, "approximate", &ind->value_approximate))
        return -1;
    ind->value.comparator = cmp < 0 ? PTC_CMP_NONE : comparator_of[cmp];
    pop(r);
    if (get_text(r, v, "unit", &ind->unit) || get_u32(r, v, "line", &ind->line)) return -1;
    const json_t *extra = enter(r, v, "extra");
    if (!json_is_object(extra)) return expected(r, extra, "an object");
    ind->extra = alloc_array(r, json_object_size(extra), sizeof *ind->extra);
    if (r->nomem) return -1;
    for (void *it = json_object_iter((json_t *)extra); it; it = json_object_iter_next((json_t *)extra, it)) {
        ptc_field *f = &ind->extra[ind->extra_len++];
        push_key(r, json_object_iter_key(it), json_object_iter_key_len(it));
        f->label.str = ptc_arena_strndup(r->a, json_object_iter_key(it), json_object_iter_key_len(it));
        if (!f->label.str.s) return r->nomem = true, -1;
        f->key = f->label.str;
        if (get_str_v(r, json_object_iter_value(it), &f->value.str)) return -1;
        pop(r);
    }
    pop(r);
    size_t n;
    const json_t *inh = get_array(r, v, "inherited", &n);
    if (!inh) return -1;
    if (n != ind->path_len)
        return schema_error(r, "%zu entries for a path of %zu", n, ind->path_len);
    ind->inherited = alloc_array(r, n, sizeof *ind->inherited);
    if (r->nomem) return -1;
    for (size_t i = 0; i < n; i++) {
        push_index(r, i);
        const json_t *b = json_array_get(inh, i);
        if (!json_is_boolean(b)) return expected(r, b, "a boolean");
        ind->inherited[i] = json_is_true(b);
        pop(r);
    }
    pop(r);
    const json_t *rs = enter(r, v, "rowspan");
    if (!json_is_null(rs)) {
        if (!json_is_array(rs)) return expected(r, rs, "an array or null");
        if (json_array_size(rs) != ind->path_len)
            return schema_error(r, "%zu entries for a path of %zu", json_array_size(rs), ind->path_len);
        /* an empty path has an (empty) rowspan list: keep it non-NULL */
        ind->rowspan = ptc_arena_alloc(r->a, sizeof *ind->rowspan * (ind->path_len + 1));
        if (!ind->rowspan) return r->nomem = true, -1;
        for (size_t i = 0; i < ind->path_len; i++) {
            push_index(r, i);
            if (u32_v(r, json_array_get(rs, i), &ind->rowspan[i])) return -1;
            pop(r);
        }
    }
    pop(r);
    return get_text(r, v, "label", &ind->label);
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
    if (object(r, v, column_keys) || get_text(r, v, "header", &c->header) ||
        get_enum(r, v, "role", roles, false, &role) || get_int(r, v, "level", &level) ||
        get_str(r, v, "key", &c->key) || get_str(r, v, "qualifier", &c->qualifier))
        return -1;
    c->role = role_of[role];
    if (level.set && (level.value < 1 || level.value > 1000)) {
        push_key(r, "level", 5);
        return schema_error(r, "a level counts from 1, not %ld", level.value);
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

/* An ISO date "YYYY-MM-DD" or null into a char[11]. */
static int get_date(rd *r, const json_t *obj, const char *key, char out[11]) {
    const json_t *v = enter(r, obj, key);
    out[0] = '\0';
    if (!json_is_null(v)) {
        const char *s = json_string_value(v);
        bool ok = s && json_string_length(v) == 10;
        for (int i = 0; ok && i < 10; i++)
            ok = (i == 4 || i == 7) ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9');
        if (!json_is_string(v)) return expected(r, v, "a date \"YYYY-MM-DD\" or null");
        if (!ok) return schema_error(r, "\"%s\" is not a date \"YYYY-MM-DD\"", s);
        memcpy(out, s, 11);
    }
    pop(r);
    return 0;
}

/* Each element of the array member `key` read by `fn` into `*out`. */
#define READ_LIST(r, obj, key, out, len, fn)                                   \
    do {                                                                       \
        const json_t *arr_ = get_array((r), (obj), (key), &(len));             \
        if (!arr_) return -1;                                                  \
        (out) = alloc_array((r), (len), sizeof *(out));                        \
        if ((r)->nomem) return -1;                                             \
        for (size_t i_ = 0; i_ < (len); i_++) {                                \
            push_index((r), i_);                                               \
            if (fn((r), json_array_get(arr_, i_), &(out)[i_])) return -1;      \
            pop(r);                                                            \
        }                                                                      \
        pop(r);                                                                \
    } while (0)

static int read_field(rd *r, const json_t *v, ptc_field *f) {
    return object(r, v, field_keys) || get_text(r, v, "label", &f->label) ||
                   get_text(r, v, "value", &f->value) || get_str(r, v, "key", &f->key) ||
                   get_text(r, v, "code", &f->code)
               ? -1
               : 0;
}

static int read_category(rd *r, const json_t *v, ptc_category *c) {
    return object(r, v, category_keys) || get_path(r, v, &c->path, &c->path_len) ||
                   get_u32(r, v, "line", &c->line)
               ? -1
               : 0;
}

static const char *const grid_keys[] = {"label", "key", "lines", "rows", NULL};
static const char *const grid_row_keys[] = {"line", "cells", NULL};

static int read_grid_cell(rd *r, const json_t *v, ptc_text *c) { return get_str_v(r, v, &c->str); }

static int read_grid_row(rd *r, const json_t *v, ptc_grid_row *row) {
    if (object(r, v, grid_row_keys) || get_u32(r, v, "line", &row->line)) return -1;
    READ_LIST(r, v, "cells", row->cells, row->cells_len, read_grid_cell);
    return 0;
}

static int read_grid(rd *r, const json_t *v, ptc_grid *g) {
    if (object(r, v, grid_keys) || get_text(r, v, "label", &g->label) || get_str(r, v, "key", &g->key) ||
        get_lines(r, v, &g->lines))
        return -1;
    READ_LIST(r, v, "rows", g->rows, g->rows_len, read_grid_row);
    return 0;
}

static const char *const goal_item_keys[] = {"label", "text", "line", NULL};

static int read_goal_item(rd *r, const json_t *v, ptc_goal_item *g) {
    return object(r, v, goal_item_keys) || get_text(r, v, "label", &g->label) ||
                   get_text(r, v, "text", &g->text) || get_u32(r, v, "line", &g->text.pos.line)
               ? -1
               : 0;
}

/* "labels": {KEY: LABEL, …}, in the order written. */
static int read_labels(rd *r, const json_t *v, ptc_table *t) {
    const json_t *obj = enter(r, v, "labels");
    if (!json_is_object(obj)) return expected(r, obj, "an object");
    t->labels = alloc_array(r, json_object_size(obj), sizeof *t->labels);
    if (r->nomem) return -1;
    for (void *it = json_object_iter((json_t *)obj); it; it = json_object_iter_next((json_t *)obj, it)) {
        ptc_field_label *l = &t->labels[t->labels_len++];
        push_key(r, json_object_iter_key(it), json_object_iter_key_len(it));
        l->key = ptc_arena_strndup(r->a, json_object_iter_key(it), json_object_iter_key_len(it));
        if (!l->key.s) return r->nomem = true, -1;
        const json_t *val = json_object_iter_value(it);
        if (!json_is_string(val)) return expected(r, val, "a string");
        if (get_str_v(r, val, &l->label.str)) return -1;
        pop(r);
    }
    pop(r);
    return 0;
}

static int read_table(rd *r, const json_t *v, ptc_table *t) {
    int kind;
    if (object(r, v, table_keys) || get_int(r, v, "seq", &t->seq) ||
        get_enum(r, v, "kind", kinds, false, &kind) || get_text(r, v, "title", &t->title) ||
        get_int(r, v, "year", &t->year) || get_lines(r, v, &t->lines) ||
        get_text(r, v, "applicant", &t->applicant) ||
        get_text(r, v, "project_name", &t->project_name) ||
        get_text(r, v, "department", &t->department) ||
        get_text(r, v, "executing_unit", &t->executing_unit) ||
        get_text(r, v, "project_type", &t->project_type))
        return -1;
    t->kind = kind_of[kind];
    const json_t *p = enter(r, v, "period");
    if (!json_is_null(p)) {
        if (object(r, p, period_keys) || !(t->period = alloc_array(r, 1, sizeof *t->period)) ||
            get_text(r, p, "text", &t->period->text) || get_date(r, p, "start", t->period->start) ||
            get_date(r, p, "end", t->period->end))
            return -1;
    }
    pop(r);
    if (get_amount(r, v, "funds", true, &t->funds) || get_text(r, v, "annual_goal", &t->annual_goal))
        return -1;
    READ_LIST(r, v, "indicators", t->indicators, t->indicators_len, read_indicator);
    if (get_text(r, v, "notes", &t->notes)) return -1;
    READ_LIST(r, v, "fields", t->fields, t->fields_len, read_field);
    READ_LIST(r, v, "columns", t->columns, t->columns_len, read_column);
    READ_LIST(r, v, "categories", t->categories, t->categories_len, read_category);
    READ_LIST(r, v, "grids", t->grids, t->grids_len, read_grid);
    if (get_text(r, v, "applicant_code", &t->applicant_code) || get_text(r, v, "project_code", &t->project_code) ||
        get_text(r, v, "department_code", &t->department_code) ||
        get_text(r, v, "executing_unit_code", &t->executing_unit_code))
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
    return object(r, v, unit_keys) || get_int(r, v, "seq", &u->seq) ||
                   get_text(r, v, "name", &u->name) ||
                   get_int(r, v, "project_count", &u->project_count)
               ? -1
               : 0;
}

static int read_diag(rd *r, const json_t *v, ptc_diag *d) {
    int sev;
    ptc_str code;
    if (object(r, v, diag_keys) || get_enum(r, v, "severity", severities, false, &sev)) return -1;
    const json_t *c = enter(r, v, "code");
    if (!json_is_string(c) || json_string_length(c) == 0)
        return json_is_string(c) ? schema_error(r, "a diagnostic's code is not empty")
                                 : expected(r, c, "a string");
    if (get_str_v(r, c, &code)) return -1;
    pop(r);
    d->severity = severity_of[sev];
    d->code = code.s;
    return get_u32(r, v, "line", &d->pos.line) || get_u32(r, v, "column", &d->pos.col) ||
                   get_str(r, v, "message", &d->message)
               ? -1
               : 0;
}

static int build_document(rd *r, const json_t *v, ptc_document *d) {
    if (get_lines(r, v, &d->lines) || get_text(r, v, "title", &d->title)) return -1;
    const json_t *s = enter(r, v, "summary");
    if (!json_is_null(s)) {
        if (object(r, s, summary_keys) || !(d->summary = alloc_array(r, 1, sizeof *d->summary)) ||
            get_text(r, s, "text", &d->summary->text) || get_int(r, s, "year", &d->summary->year) ||
            get_text(r, s, "organization", &d->summary->organization) ||
            get_int(r, s, "project_count", &d->summary->project_count) ||
            get_amount(r, s, "total_funds", false, &d->summary->total_funds))
            return -1;
    }
    pop(r);
    READ_LIST(r, v, "units", d->units, d->units_len, read_unit);
    READ_LIST(r, v, "tables", d->tables, d->tables_len, read_table);
    READ_LIST(r, v, "diagnostics", d->diags, d->diags_len, read_diag);
    return get_text(r, v, "text", &d->text);
}

/* One DOCUMENT object: built, handed to the callback, freed. */
static int read_document(rd *r, const json_t *v, ptc_document_fn fn, void *ud) {
    if (object(r, v, document_keys)) return PTC_ERR_JSON;
    const json_t *src = enter(r, v, "source");
    if (!json_is_string(src)) return expected(r, src, "a string"), PTC_ERR_JSON;
    pop(r);
    ptc_document *d = ptc_document_new(json_string_value(src));
    if (!d) return PTC_ERR_NOMEM;
    r->a = d->arena;
    r->nomem = false;
    d->source = dup_str(r, src); /* the name as it is, NUL bytes included */
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
    } else if (object(&r, root, wrapper_keys)) {
        rc = PTC_ERR_JSON;
    } else {
        const json_t *f = enter(&r, root, "format"), *ver, *docs;
        if (!json_is_string(f) || strcmp(json_string_value(f), "ptconv") != 0) {
            rc = PTC_ERR_JSON;
            if (json_is_string(f)) schema_error(&r, "unknown format \"%s\" (ptconv reads \"ptconv\")", json_string_value(f));
            else expected(&r, f, "the string \"ptconv\"");
        } else if (pop(&r), ver = enter(&r, root, "version"), !json_is_integer(ver) ||
                   json_integer_value(ver) != PTCONV_JSON_VERSION) {
            rc = PTC_ERR_JSON;
            if (json_is_integer(ver))
                schema_error(&r, "unknown version %lld (this ptconv reads version %d)",
                             (long long)json_integer_value(ver), PTCONV_JSON_VERSION);
            else expected(&r, ver, "an integer");
        } else if (pop(&r), docs = enter(&r, root, "documents"), !json_is_array(docs)) {
            rc = PTC_ERR_JSON;
            expected(&r, docs, "an array");
        } else {
            for (size_t i = 0; i < json_array_size(docs) && rc == PTC_OK; i++) {
                push_index(&r, i);
                rc = read_document(&r, json_array_get(docs, i), on_document, userdata);
                pop(&r);
            }
        }
    }
    json_decref(root);
    return rc;
}

/*
 * The JSON reader's getters (json_get.h): one member, one type check, one
 * copy into the arena; a mismatch is a schema error with the value's path.
 */
#include "parsers/json_get.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>


void jr_push_key(rd *r, const char *key, size_t key_len) {
    if (r->depth < MAX_PATH) r->path[r->depth] = (ptc_json_step){key, key_len, 0};
    r->depth++;
}

void jr_push_index(rd *r, size_t i) {
    if (r->depth < MAX_PATH) r->path[r->depth] = (ptc_json_step){NULL, 0, i};
    r->depth++;
}

void jr_pop(rd *r) { r->depth--; }

/* "documents[0].tables[4].seq" */
static void jr_path_text(const rd *r, char *out, size_t size) {
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

int jr_schema_error(rd *r, const char *fmt, ...) {
    if (!r->err || !r->err_size) return -1;
    uint32_t line, col;
    ptc_json_locate(r->buf, r->len, r->path, r->depth < MAX_PATH ? r->depth : MAX_PATH, &line, &col);
    char where[200], msg[300];
    jr_path_text(r, where, sizeof where);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(r->err, r->err_size, "%s:%lu:%lu: error: %s%s%s [json-schema]", r->name,
             (unsigned long)line + r->first_line - 1, (unsigned long)col, where,
             where[0] ? ": " : "", msg);
    return -1;
}

static const char *jr_type_name(const json_t *v) {
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

int jr_expected(rd *r, const json_t *v, const char *what) {
    return jr_schema_error(r, "expected %s, not %s", what, jr_type_name(v));
}

/* `v` is an object with exactly `keys` (NULL-terminated): the contract's
   objects are closed. A key written "?key" was added to the contract after
   JSON was first written (a code split off a name, an indicator's label as
   written): JSON without it, from an older ptconv, still reads, as null. */
static const char *jr_key_name(const char *k) { return k[0] == '?' ? k + 1 : k; }

int jr_object(rd *r, const json_t *v, const char *const *keys) {
    if (!json_is_object(v)) return jr_expected(r, v, "an object");
    size_t n = 0, present = 0;
    for (; keys[n]; n++) {
        bool has = json_object_get(v, jr_key_name(keys[n])) != NULL;
        if (!has && keys[n][0] != '?') return jr_schema_error(r, "the key \"%s\" is missing", keys[n]);
        present += has;
    }
    if (json_object_size(v) == present) return 0;
    for (void *it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it)) {
        const char *k = json_object_iter_key(it);
        size_t i = 0;
        while (keys[i] && strcmp(jr_key_name(keys[i]), k) != 0) i++;
        if (keys[i]) continue;
        jr_push_key(r, k, json_object_iter_key_len(it));
        return jr_schema_error(r, "unknown key \"%s\"", k);
    }
    return 0;
}

ptc_str jr_dup_str(rd *r, const json_t *v) {
    ptc_str s = ptc_arena_strndup(r->a, json_string_value(v), json_string_length(v));
    if (!s.s) r->nomem = true;
    return s;
}

void *jr_alloc_array(rd *r, size_t n, size_t size) {
    if (!n) return NULL;
    void *p = n > SIZE_MAX / size ? NULL : ptc_arena_alloc(r->a, n * size);
    if (!p) r->nomem = true;
    return p;
}

/* Every getter looks up `key` in an object already checked by jr_object(). */
json_t *jr_enter(rd *r, const json_t *obj, const char *key) {
    jr_push_key(r, key, strlen(key));
    return json_object_get(obj, key);
}

int jr_get_str_v(rd *r, const json_t *v, ptc_str *out) {
    *out = (ptc_str){NULL, 0};
    if (json_is_null(v)) return 0;
    if (!json_is_string(v)) return jr_expected(r, v, "a string or null");
    *out = jr_dup_str(r, v);
    return r->nomem ? -1 : 0;
}

int jr_get_str(rd *r, const json_t *obj, const char *key, ptc_str *out) {
    *out = (ptc_str){NULL, 0};
    if (!json_object_get(obj, key)) return 0; /* a "?key" jr_object() let pass: null */
    if (jr_get_str_v(r, jr_enter(r, obj, key), out)) return -1;
    jr_pop(r);
    return 0;
}

int jr_get_text(rd *r, const json_t *obj, const char *key, ptc_text *out) {
    memset(out, 0, sizeof *out);
    return jr_get_str(r, obj, key, &out->str);
}

/* A string from a fixed list (NULL-terminated); its index in *out. */
int jr_get_enum(rd *r, const json_t *obj, const char *key, const char *const *names, bool nullable,
                int *out) {
    const json_t *v = jr_enter(r, obj, key);
    *out = -1;
    if (nullable && json_is_null(v)) {
        jr_pop(r);
        return 0;
    }
    if (json_is_string(v))
        for (int i = 0; names[i]; i++)
            if (strcmp(json_string_value(v), names[i]) == 0 && strlen(names[i]) == json_string_length(v)) {
                *out = i;
                jr_pop(r);
                return 0;
            }
    char list[200] = "";
    for (int i = 0; names[i]; i++) {
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s\"%s\"", i ? ", " : "", names[i]);
    }
    if (!json_is_string(v)) return jr_expected(r, v, nullable ? "a string or null" : "a string");
    return jr_schema_error(r, "\"%s\" is not one of %s%s", json_string_value(v), list,
                        nullable ? " or null" : "");
}

int jr_get_int(rd *r, const json_t *obj, const char *key, ptc_opt_int *out) {
    const json_t *v = jr_enter(r, obj, key);
    *out = (ptc_opt_int){false, 0};
    if (json_is_integer(v)) *out = (ptc_opt_int){true, (long)json_integer_value(v)};
    else if (!json_is_null(v)) return jr_expected(r, v, "an integer or null");
    jr_pop(r);
    return 0;
}

int jr_get_bool(rd *r, const json_t *obj, const char *key, bool *out) {
    *out = false;
    if (!json_object_get(obj, key)) return 0; /* a "?key" jr_object() let pass: false */
    const json_t *v = jr_enter(r, obj, key);
    if (!json_is_boolean(v)) return jr_expected(r, v, "a boolean");
    *out = json_is_true(v);
    jr_pop(r);
    return 0;
}

int jr_u32_v(rd *r, const json_t *v, uint32_t *out) {
    if (!json_is_integer(v)) return jr_expected(r, v, "an integer");
    json_int_t n = json_integer_value(v);
    if (n < 0 || n > (json_int_t)UINT32_MAX)
        return jr_schema_error(r, "%lld is not a line or column number (0 to %lu)", (long long)n,
                            (unsigned long)UINT32_MAX);
    *out = (uint32_t)n;
    return 0;
}

int jr_get_u32(rd *r, const json_t *obj, const char *key, uint32_t *out) {
    if (jr_u32_v(r, jr_enter(r, obj, key), out)) return -1;
    jr_pop(r);
    return 0;
}

int jr_get_num(rd *r, const json_t *obj, const char *key, ptc_opt_num *out) {
    const json_t *v = jr_enter(r, obj, key);
    *out = (ptc_opt_num){false, 0};
    if (json_is_number(v)) *out = (ptc_opt_num){true, json_number_value(v)};
    else if (!json_is_null(v)) return jr_expected(r, v, "a number or null");
    jr_pop(r);
    return 0;
}

int jr_get_lines(rd *r, const json_t *obj, ptc_lines *out) {
    const json_t *v = jr_enter(r, obj, "lines");
    if (!json_is_array(v) || json_array_size(v) != 2)
        return json_is_array(v) ? jr_schema_error(r, "expected [first, last], not %zu numbers",
                                               json_array_size(v))
                                : jr_expected(r, v, "an array [first, last]");
    for (size_t i = 0; i < 2; i++) {
        jr_push_index(r, i);
        if (jr_u32_v(r, json_array_get(v, i), i ? &out->last : &out->first)) return -1;
        jr_pop(r);
    }
    jr_pop(r);
    return 0;
}

/* An array member: its elements, and their number in *n. */
const json_t *jr_get_array(rd *r, const json_t *obj, const char *key, size_t *n) {
    const json_t *v = jr_enter(r, obj, key);
    if (!json_is_array(v)) {
        jr_expected(r, v, "an array");
        return NULL;
    }
    *n = json_array_size(v);
    return v;
}

/* A list of category cells (path): strings or null. */
int jr_get_path(rd *r, const json_t *obj, ptc_text **out, size_t *len) {
    const json_t *arr = jr_get_array(r, obj, "path", len);
    if (!arr) return -1;
    *out = jr_alloc_array(r, *len, sizeof **out);
    if (r->nomem) return -1;
    for (size_t i = 0; i < *len; i++) {
        jr_push_index(r, i);
        if (jr_get_str_v(r, json_array_get(arr, i), &(*out)[i].str)) return -1;
        jr_pop(r);
    }
    jr_pop(r);
    return 0;
}

static const char *const amount_keys[] = {"text", "value", "unit", NULL};
static const char *const total_keys[] = {"value", "unit", NULL};

int jr_get_amount(rd *r, const json_t *obj, const char *key, bool with_text, ptc_amount **out) {
    const json_t *v = jr_enter(r, obj, key);
    *out = NULL;
    if (!json_is_null(v)) {
        if (jr_object(r, v, with_text ? amount_keys : total_keys)) return -1;
        if (!(*out = jr_alloc_array(r, 1, sizeof **out))) return -1;
        if (with_text && jr_get_text(r, v, "text", &(*out)->text)) return -1;
        if (jr_get_num(r, v, "value", &(*out)->value) || jr_get_str(r, v, "unit", &(*out)->unit)) return -1;
    }
    jr_pop(r);
    return 0;
}

/* An ISO date "YYYY-MM-DD" or null into a char[11]. */
int jr_get_date(rd *r, const json_t *obj, const char *key, char out[11]) {
    const json_t *v = jr_enter(r, obj, key);
    out[0] = '\0';
    if (!json_is_null(v)) {
        const char *s = json_string_value(v);
        bool ok = s && json_string_length(v) == 10;
        for (int i = 0; ok && i < 10; i++)
            ok = (i == 4 || i == 7) ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9');
        if (!json_is_string(v)) return jr_expected(r, v, "a date \"YYYY-MM-DD\" or null");
        if (!ok) return jr_schema_error(r, "\"%s\" is not a date \"YYYY-MM-DD\"", s);
        memcpy(out, s, 11);
    }
    jr_pop(r);
    return 0;
}


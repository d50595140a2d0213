/*
 * The JSON reader's getters (json_get.c): each looks up one member of an
 * object already checked against its closed key list, checks its type
 * against the contract, copies it into the document's arena, and on a
 * mismatch writes a schema error that names the value by its path. Internal
 * to parsers/ (json_reader.c builds the model with them).
 */
#ifndef PTC_JSON_GET_H
#define PTC_JSON_GET_H

#include <jansson.h>
#include <stdbool.h>

#include "model/model.h"
#include "parsers/json_locate.h"

#define MAX_PATH 16 /* the contract nests 8 deep; deeper values are never visited */

/* The reader's state: the input, the path to the value being read, the
   error buffer, the arena of the document being built. */
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

void jr_push_key(rd *r, const char *key, size_t key_len);
void jr_push_index(rd *r, size_t i);
void jr_pop(rd *r);
int jr_schema_error(rd *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int jr_expected(rd *r, const json_t *v, const char *what);
int jr_object(rd *r, const json_t *v, const char *const *keys);
ptc_str jr_dup_str(rd *r, const json_t *v);
void *jr_alloc_array(rd *r, size_t n, size_t size);
json_t *jr_enter(rd *r, const json_t *obj, const char *key);
int jr_get_str_v(rd *r, const json_t *v, ptc_str *out);
int jr_get_str(rd *r, const json_t *obj, const char *key, ptc_str *out);
int jr_get_text(rd *r, const json_t *obj, const char *key, ptc_text *out);
int jr_get_enum(rd *r, const json_t *obj, const char *key, const char *const *names, bool nullable,
                int *out);
int jr_get_int(rd *r, const json_t *obj, const char *key, ptc_opt_int *out);
int jr_get_bool(rd *r, const json_t *obj, const char *key, bool *out);
int jr_u32_v(rd *r, const json_t *v, uint32_t *out);
int jr_get_u32(rd *r, const json_t *obj, const char *key, uint32_t *out);
int jr_get_num(rd *r, const json_t *obj, const char *key, ptc_opt_num *out);
int jr_get_lines(rd *r, const json_t *obj, ptc_lines *out);
const json_t *jr_get_array(rd *r, const json_t *obj, const char *key, size_t *n);
int jr_get_path(rd *r, const json_t *obj, ptc_text **out, size_t *len);
int jr_get_amount(rd *r, const json_t *obj, const char *key, bool with_text, ptc_amount **out);
int jr_get_date(rd *r, const json_t *obj, const char *key, char out[11]);

/* Each element of the array member `key` read by `fn` into `*out`. */
#define READ_LIST(r, obj, key, out, len, fn)                                   \
    do {                                                                       \
        const json_t *arr_ = jr_get_array((r), (obj), (key), &(len));          \
        if (!arr_) return -1;                                                  \
        (out) = jr_alloc_array((r), (len), sizeof *(out));                     \
        if ((r)->nomem) return -1;                                             \
        for (size_t i_ = 0; i_ < (len); i_++) {                                \
            jr_push_index((r), i_);                                            \
            if (fn((r), json_array_get(arr_, i_), &(out)[i_])) return -1;      \
            jr_pop(r);                                                         \
        }                                                                      \
        jr_pop(r);                                                             \
    } while (0)

#endif

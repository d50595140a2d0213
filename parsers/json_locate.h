/*
 * Where a value sits in JSON text: jansson's tree keeps no positions, so
 * the JSON reader finds the offending value of a schema error again by its
 * path in the raw bytes (which jansson has already accepted as JSON).
 */
#ifndef PTC_JSON_LOCATE_H
#define PTC_JSON_LOCATE_H

#include <stddef.h>
#include <stdint.h>

/* One step of a path: a member (key != NULL, key_len bytes) or an element. */
typedef struct ptc_json_step {
    const char *key;
    size_t key_len;
    size_t index;
} ptc_json_step;

/*
 * The 1-based line and column (in characters) of the value at `path` in the
 * `len` bytes of valid JSON at `buf`. Where a step cannot be followed (a
 * missing member, a key written with escapes), the position of the deepest
 * value reached is given.
 */
void ptc_json_locate(const char *buf, size_t len, const ptc_json_step *path, size_t depth,
                     uint32_t *line, uint32_t *col);

#endif

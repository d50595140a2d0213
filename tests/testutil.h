/* Helpers shared by the unit tests. */
#ifndef PTC_TESTUTIL_H
#define PTC_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "ptconv.h"

/* Read a whole file; NULL on error. The result is NUL-terminated. */
char *ptc_test_read_file(const char *path, size_t *len);

/* "$PTC_FIXTURES/<name>" (static buffer, valid until the next call). */
const char *ptc_test_fixture(const char *name);
/* "$PTC_SHARED/<name>" (static buffer, valid until the next call). */
const char *ptc_test_shared(const char *name);

/*
 * Parse `len` bytes (fed in chunks of `chunk` bytes; 0 = all at once) as
 * source `source` and write them with emitter `format`. Returns the output
 * (malloc'd, NUL-terminated, *out_len bytes) or NULL if parsing or emitting
 * failed. `opts` may be NULL.
 */
char *ptc_test_convert(const char *input, size_t len, size_t chunk, const char *source,
                       const char *format, const ptc_emit_options *opts, size_t *out_len);

/* Same, but hand each document to `fn` instead of an emitter. Returns the
   ptc_parser_finish() result. */
int ptc_test_parse(const char *input, size_t len, size_t chunk, ptc_document_fn fn, void *ud);

/* How often `needle` occurs in `hay`, without overlaps. */
size_t ptc_test_count(const char *hay, const char *needle);
/* The text of `hay` from `start` up to and including the next `end`, as a
   new string (malloc'd); the test fails when either is missing. */
char *ptc_test_between(const char *hay, const char *start, const char *end);

/* cmocka group fixtures: *state is a new ptc_scanner (parsers/scan.h),
   freed by the teardown. */
int ptc_test_scanner_setup(void **state);
int ptc_test_scanner_teardown(void **state);

/* The next number (24 bits) of the linear congruential sequence in *state
   (seed it with any value): the fast-path tests draw their random inputs
   from it so that each run, on every libc, tests the same inputs. */
unsigned ptc_test_rand(uint32_t *state);

#endif

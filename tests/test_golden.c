/*
 * The golden test: every output format in the registry, applied to the seed
 * with default options, must reproduce fixtures/golden/seed.<extension> byte
 * for byte. One cmocka test per format, so a new format is covered (and
 * fails until its golden file exists) without touching this file.
 *
 * The source name is "fixtures/seed.txt", as when running
 *   ptconv -t FORMAT fixtures/seed.txt
 * from the repository root, so the CLI and this test agree on the bytes.
 *
 * UPDATE_GOLDEN=1 writes the golden files instead of comparing (and passes);
 * read the diff before committing them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testutil.h"

#define SEED_SOURCE "fixtures/seed.txt"
/* More than any registry will hold; checked at start-up. */
#define MAX_FORMATS 64
/* Bytes shown on each side of the first difference: enough context to
   recognise the place, short enough for one-line JSON Lines output. */
#define CONTEXT_BYTES 120

static bool update_requested(void) {
    const char *v = getenv("UPDATE_GOLDEN");
    return v && strcmp(v, "1") == 0;
}

static void golden_path(const ptc_emitter *e, char *buf, size_t size) {
    char name[128];
    int n = snprintf(name, sizeof name, "golden/seed.%s", e->extension);
    assert_true(n > 0 && (size_t)n < sizeof name);
    n = snprintf(buf, size, "%s", ptc_test_fixture(name));
    assert_true(n > 0 && (size_t)n < size);
}

static void write_golden(const char *path, const char *data, size_t len) {
    FILE *fp = fopen(path, "wb");
    if (!fp) fail_msg("cannot create %s: %s", path, strerror(errno));
    size_t put = fwrite(data, 1, len, fp);
    int closed = fclose(fp);
    if (put != len || closed != 0) fail_msg("cannot write %s: %s", path, strerror(errno));
    print_message("wrote %s (%zu bytes)\n", path, len);
}

static bool utf8_continuation(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

/* Prints the line of `s` holding byte `at`, cut to CONTEXT_BYTES either side
   of it on character boundaries ("…" marks a cut). */
static void show_line(const char *label, const char *s, size_t len, size_t at) {
    size_t line_start = at, line_end = at;
    while (line_start > 0 && s[line_start - 1] != '\n') line_start--;
    while (line_end < len && s[line_end] != '\n') line_end++;
    size_t from = at - line_start > CONTEXT_BYTES ? at - CONTEXT_BYTES : line_start;
    while (from > line_start && from < len && utf8_continuation(s[from])) from++;
    size_t to = line_end - at > CONTEXT_BYTES ? at + CONTEXT_BYTES : line_end;
    while (to > from && to < line_end && utf8_continuation(s[to])) to--;
    print_error("  %s: %s%.*s%s%s\n", label, from > line_start ? "…" : "", (int)(to - from), s + from,
                to < line_end ? "…" : "", at >= len ? "<end>" : "");
}

static void report_mismatch(const char *path, const char *want, size_t want_len, const char *got,
                            size_t got_len) {
    size_t i = 0, line = 1, line_start = 0;
    while (i < want_len && i < got_len && want[i] == got[i]) {
        if (want[i++] == '\n') {
            line++;
            line_start = i;
        }
    }
    print_error("%s: output differs from the golden file at line %zu, byte %zu of the line "
                "(golden %zu bytes, output %zu bytes)\n",
                path, line, i - line_start + 1, want_len, got_len);
    show_line("golden", want, want_len, i);
    show_line("output", got, got_len, i);
    print_error("Run with UPDATE_GOLDEN=1 to rewrite it, then review the diff.\n");
}

static void golden_matches(void **state) {
    const ptc_emitter *e = *state;
    size_t seed_len;
    char *seed = ptc_test_read_file(ptc_test_fixture("seed.txt"), &seed_len);
    if (!seed) fail_msg("cannot read %s", ptc_test_fixture("seed.txt"));
    ptc_emit_options defaults = {0};
    size_t got_len = 0;
    char *got = ptc_test_convert(seed, seed_len, 0, SEED_SOURCE, e->name, &defaults, &got_len);
    free(seed);
    if (!got) fail_msg("%s: converting the seed failed", e->name);
    assert_true(got_len > 0);

    char path[4096];
    golden_path(e, path, sizeof path);
    if (update_requested()) {
        write_golden(path, got, got_len);
        free(got);
        return;
    }
    size_t want_len;
    char *want = ptc_test_read_file(path, &want_len);
    if (!want) {
        free(got);
        fail_msg("%s: golden file %s is missing (%s); create it with UPDATE_GOLDEN=1 and review it",
                 e->name, path, strerror(errno));
    }
    bool same = want_len == got_len && memcmp(want, got, got_len) == 0;
    if (!same) report_mismatch(path, want, want_len, got, got_len);
    free(want);
    free(got);
    if (!same) fail();
}

int main(void) {
    size_t n = 0;
    const ptc_emitter *const *all = ptc_emitters(&n);
    if (n == 0 || n > MAX_FORMATS) {
        fprintf(stderr, "registry holds %zu formats (expected 1..%d)\n", n, MAX_FORMATS);
        return 1;
    }
    struct CMUnitTest tests[MAX_FORMATS];
    char names[MAX_FORMATS][64];
    for (size_t i = 0; i < n; i++) {
        snprintf(names[i], sizeof names[i], "golden_%s", all[i]->name);
        tests[i] = (struct CMUnitTest){names[i], golden_matches, NULL, NULL, (void *)all[i]};
    }
    /* cmocka_run_group_tests() takes the count from the array's size; the
       registry's size is only known at run time. */
    return _cmocka_run_group_tests("golden", tests, n, NULL, NULL);
}

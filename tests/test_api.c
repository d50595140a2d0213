/* The library's own API around the parser: version, error messages,
   ptc_parser_new2's reasons, the options' defaults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testutil.h"

static void version_matches_macros(void **state) {
    (void)state;
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", PTCONV_VERSION_MAJOR, PTCONV_VERSION_MINOR,
             PTCONV_VERSION_PATCH);
    assert_string_equal(ptc_version(), want);
    assert_string_equal(ptc_version(), PTCONV_VERSION);
    assert_true(PTCONV_VERSION_NUMBER >= PTCONV_VERSION_AT(0, 1, 0));
}

static void strerror_names_every_code(void **state) {
    (void)state;
    assert_string_equal(ptc_strerror(PTC_OK), "success");
    assert_string_equal(ptc_strerror(PTC_ERR_NOMEM), "out of memory");
    assert_string_equal(ptc_strerror(PTC_ERR_ENCODING), "unknown encoding");
    const int codes[] = {PTC_ERR_STOPPED, PTC_ERR_STATE, PTC_ERR_RULES};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        assert_string_not_equal(ptc_strerror(codes[i]), "unknown error");
    assert_string_equal(ptc_strerror(12345), "unknown error");
    assert_string_equal(ptc_strerror(-99), "unknown error");
}

static int count_tables(const ptc_document *doc, void *ud) {
    *(size_t *)ud += doc->tables_len;
    return 0;
}

static void new2_says_why(void **state) {
    (void)state;
    int err = 12345;
    ptc_parse_options o = PTC_PARSE_OPTIONS_INIT;
    o.encoding = "NO-SUCH-ENCODING-XYZ";
    assert_null(ptc_parser_new2(&o, count_tables, NULL, &err));
    assert_int_equal(err, PTC_ERR_ENCODING);
    assert_null(ptc_parser_new2(&o, count_tables, NULL, NULL)); /* error may be NULL */
    assert_null(ptc_parser_new(&o, count_tables, NULL));        /* unchanged behaviour */

    o.encoding = "GB18030";
    ptc_parser *p = ptc_parser_new2(&o, count_tables, NULL, &err);
    assert_non_null(p);
    assert_int_equal(err, PTC_OK);
    ptc_parser_free(p);
}

static void null_options_are_the_defaults(void **state) {
    (void)state;
    size_t len = 0;
    char *seed = ptc_test_read_file(ptc_test_fixture("seed.txt"), &len);
    assert_non_null(seed);
    size_t with_null = 0, with_init = 0;
    int err = -1;
    ptc_parser *p = ptc_parser_new2(NULL, count_tables, &with_null, &err);
    assert_non_null(p);
    assert_int_equal(err, PTC_OK);
    assert_int_equal(ptc_parser_feed(p, seed, len), PTC_OK);
    assert_int_equal(ptc_parser_finish(p), PTC_OK);
    ptc_parser_free(p);
    ptc_parse_options o = PTC_PARSE_OPTIONS_INIT;
    p = ptc_parser_new(&o, count_tables, &with_init);
    assert_int_equal(ptc_parser_feed(p, seed, len), PTC_OK);
    assert_int_equal(ptc_parser_finish(p), PTC_OK);
    ptc_parser_free(p);
    assert_int_equal(with_null, 22);
    assert_int_equal(with_init, with_null);
    free(seed);
}

static void xml_emitter_initialises_libxml2(void **state) {
    (void)state;
    /* No xmlInitParser() here: the emitter does it itself. */
    ptc_sink *s = ptc_sink_memory();
    const ptc_emitter *e = ptc_emitter_find("xml");
    assert_non_null(e);
    void *st = e->open(s, NULL);
    assert_non_null(st);
    assert_int_equal(e->close(st, true), 0);
    size_t n = 0;
    const char *data = ptc_sink_memory_data(s, &n);
    assert_true(n > 0 && memcmp(data, "<?xml", 5) == 0);
    ptc_sink_free(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_matches_macros),
        cmocka_unit_test(strerror_names_every_code),
        cmocka_unit_test(new2_says_why),
        cmocka_unit_test(null_options_are_the_defaults),
        cmocka_unit_test(xml_emitter_initialises_libxml2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

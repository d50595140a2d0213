/*
 * Unit tests for emitters/xml.c: the output validates against
 * schemas/ptconv.rng (seed, a generated noisy corpus, the hostile fixture,
 * NUL bytes), characters XML 1.0 forbids become U+FFFD, null and empty
 * values follow the schema's rule, documents stream out one by one, write
 * errors are reported, and the validator itself rejects broken documents.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "tests/testutil.h"

#define NS "urn:ptconv:1"
#define SEED_NAME "000_ab6bda6407c9bf0e.txt"

/* ------------------------------------------------------------------------ */
/* libxml2 helpers                                                           */
/* ------------------------------------------------------------------------ */

/* Every parser and validator message is printed and counted. */
static int xml_errors;

static void count_error(void *ctx, xmlErrorPtr e) {
    (void)ctx;
    xml_errors++;
    if (xml_errors > 20) return;
    const char *m = e->message ? e->message : "(no message)";
    size_t n = strlen(m);
    print_error("libxml2: line %d: %.*s\n", e->line, (int)(n && m[n - 1] == '\n' ? n - 1 : n), m);
}

static const xmlChar *xs(const char *s) { return (const xmlChar *)s; }

/* Parse; NULL when not well-formed (the errors are printed). */
static xmlDocPtr parse(const char *xml, size_t len) {
    assert_true(len < (size_t)INT32_MAX);
    xml_errors = 0;
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "out.xml", NULL, XML_PARSE_NONET);
    if (doc && xml_errors) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

static xmlDocPtr parse_ok(const char *xml, size_t len) {
    xmlDocPtr doc = parse(xml, len);
    if (!doc) {
        print_error("not well-formed XML:\n%.2000s\n", xml);
        fail();
    }
    return doc;
}

static xmlRelaxNGPtr load_schema(void) {
    const char *dir = getenv("PTC_SCHEMAS");
    char path[4096];
    snprintf(path, sizeof path, "%s/ptconv.rng", dir ? dir : "schemas");
    xml_errors = 0;
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(path);
    assert_non_null(pc);
    xmlRelaxNGSetParserStructuredErrors(pc, count_error, NULL);
    xmlRelaxNGPtr schema = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
    if (!schema || xml_errors) print_error("cannot load the schema %s\n", path);
    assert_non_null(schema);
    assert_int_equal(xml_errors, 0);
    return schema;
}

/* 0 when `doc` is valid; otherwise the validator's result, errors printed. */
static int validate(xmlDocPtr doc) {
    xmlRelaxNGPtr schema = load_schema();
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    assert_non_null(vc);
    xml_errors = 0;
    xmlRelaxNGSetValidStructuredErrors(vc, count_error, NULL);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    xmlRelaxNGFree(schema);
    if (rc == 0 && xml_errors) rc = -1;
    return rc;
}

static void assert_valid(xmlDocPtr doc) {
    int rc = validate(doc);
    if (rc != 0) print_error("the XML does not validate against ptconv.rng (%d)\n", rc);
    assert_int_equal(rc, 0);
}

static xmlXPathObjectPtr eval(xmlDocPtr doc, const char *expr) {
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    assert_non_null(ctx);
    assert_int_equal(xmlXPathRegisterNs(ctx, xs("p"), xs(NS)), 0);
    xmlXPathObjectPtr r = xmlXPathEvalExpression(xs(expr), ctx);
    xmlXPathFreeContext(ctx);
    assert_non_null(r);
    return r;
}

static long xpath_count(xmlDocPtr doc, const char *expr) {
    xmlXPathObjectPtr r = eval(doc, expr);
    assert_int_equal(r->type, XPATH_NUMBER);
    long n = (long)r->floatval;
    xmlXPathFreeObject(r);
    return n;
}

/* The string value of `expr`; malloc'd. */
static char *xpath_string(xmlDocPtr doc, const char *expr) {
    xmlXPathObjectPtr r = eval(doc, expr);
    assert_int_equal(r->type, XPATH_STRING);
    char *s = strdup((const char *)r->stringval);
    xmlXPathFreeObject(r);
    assert_non_null(s);
    return s;
}

/* ------------------------------------------------------------------------ */
/* Conversion helpers                                                        */
/* ------------------------------------------------------------------------ */

static char *convert_xml(const char *input, size_t len, size_t chunk, size_t *out_len) {
    size_t n = 0;
    char *out = ptc_test_convert(input, len, chunk, "t.txt", "xml", NULL, &n);
    if (!out) {
        print_error("converting to xml failed\n");
        fail();
    }
    /* XML 1.0 cannot carry NUL: the emitter must have replaced it */
    assert_null(memchr(out, '\0', n));
    *out_len = n;
    return out;
}

static char *read_fixture(const char *name, size_t *len) {
    char *s = ptc_test_read_file(ptc_test_fixture(name), len);
    if (!s) print_error("cannot read fixture %s\n", name);
    assert_non_null(s);
    return s;
}

/* `gen-corpus --docs N --variant VARIANT` from the shared folder. */
static char *generate_corpus(int docs, const char *variant, size_t *len) {
    char gen[4096], seed[4096], cmd[9000];
    snprintf(gen, sizeof gen, "%s", ptc_test_shared("bench/gen-corpus"));
    snprintf(seed, sizeof seed, "%s", ptc_test_shared("seeds/" SEED_NAME));
    snprintf(cmd, sizeof cmd, "'%s' --seed-file '%s' --docs %d --variant %s", gen, seed, docs,
             variant);
    FILE *fp = popen(cmd, "r");
    assert_non_null(fp);
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            char *grown = realloc(buf, cap);
            assert_non_null(grown);
            buf = grown;
        }
    }
    int status = pclose(fp);
    if (status != 0) print_error("%s: exit status %d\n", cmd, status);
    assert_int_equal(status, 0);
    assert_true(n > 0);
    *len = n;
    return buf;
}

/* Replace every `from` byte with `to`. */
static void replace_bytes(char *s, size_t len, char from, char to) {
    for (size_t i = 0; i < len; i++)
        if (s[i] == from) s[i] = to;
}

/* ------------------------------------------------------------------------ */
/* Validation of real conversions                                            */
/* ------------------------------------------------------------------------ */

static void registry_entry(void **state) {
    (void)state;
    const ptc_emitter *e = ptc_emitter_find("xml");
    assert_non_null(e);
    assert_string_equal(e->name, "xml");
    assert_string_equal(e->extension, "xml");
    assert_string_equal(e->media_type, "application/xml");
    assert_true(strlen(e->description) > 10);
    assert_null(strchr(e->description, '\n'));
}

static void seed_validates(void **state) {
    (void)state;
    size_t len, n;
    char *input = read_fixture("seed.txt", &len);
    char *out = convert_xml(input, len, 0, &n);
    assert_true(strncmp(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ptconv xmlns=\"" NS
                             "\" version=\"1\">\n  <document",
                        strlen("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ptconv xmlns=\"" NS
                               "\" version=\"1\">\n  <document")) == 0);
    assert_string_equal(out + n - strlen("</ptconv>\n"), "</ptconv>\n");
    xmlDocPtr doc = parse_ok(out, n);
    assert_valid(doc);
    assert_int_equal(xpath_count(doc, "count(/p:ptconv/p:document)"), 1);
    assert_int_equal(xpath_count(doc, "count(//p:table)"), 22);
    assert_int_equal(xpath_count(doc, "count(//p:indicator)"), 188);
    assert_int_equal(xpath_count(doc, "count(//p:unit[@seq])"), 5);
    char *funds = xpath_string(doc, "string(//p:table[@seq='1']/p:funds/@value)");
    assert_string_equal(funds, "12.4");
    char *total = xpath_string(doc, "string(//p:summary/p:total-funds/@value)");
    assert_string_equal(total, "936");
    free(funds);
    free(total);
    xmlFreeDoc(doc);
    free(out);
    free(input);
}

static void noisy_corpus_validates(void **state) {
    (void)state;
    size_t len, n;
    char *input = generate_corpus(50, "noisy", &len);
    char *out = convert_xml(input, len, 0, &n);
    xmlDocPtr doc = parse_ok(out, n);
    assert_valid(doc);
    assert_int_equal(xpath_count(doc, "count(/p:ptconv/p:document)"), 50);
    assert_true(xpath_count(doc, "count(//p:table)") >= 50);
    xmlFreeDoc(doc);
    free(out);
    free(input);
}

/* project_name of the first table, straight from the model (the JSON's value). */
static int take_project_name(const ptc_document *doc, void *ud) {
    char **name = ud;
    if (!*name && doc->tables_len && doc->tables[0].project_name.str.s) {
        ptc_str s = doc->tables[0].project_name.str;
        *name = malloc(s.len + 1);
        if (!*name) return 1;
        memcpy(*name, s.s, s.len);
        (*name)[s.len] = '\0';
    }
    return 0;
}

/* `s` with every U+0001 replaced by U+FFFD; malloc'd. */
static char *with_replacement(const char *s) {
    char *r = malloc(strlen(s) * 3 + 1), *o = r;
    assert_non_null(r);
    for (; *s; s++) {
        if (*s == '\x01') {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return r;
}

static void hostile_is_well_formed_and_valid(void **state) {
    (void)state;
    size_t len, n;
    char *input = read_fixture("hostile.txt", &len);
    char *out = convert_xml(input, len, 0, &n);
    /* no raw control character and no character reference to one */
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)out[i] < 0x20) assert_true(out[i] == '\n');
    assert_null(strstr(out, "&#1;"));
    assert_null(strstr(out, "]]>"));
    xmlDocPtr doc = parse_ok(out, n);
    assert_valid(doc);

    char *json_value = NULL;
    assert_int_equal(ptc_test_parse(input, len, 0, take_project_name, &json_value), 0);
    assert_non_null(json_value);
    assert_string_equal(json_value, "<script>alert(1)</script>\"&<>']]>\x01\xE2\x80\xA8" "end");
    /* the model's value is the JSON's: check it there too */
    size_t jn = 0;
    char *json = ptc_test_convert(input, len, 0, "t.txt", "json", NULL, &jn);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"project_name\": \"<script>alert(1)</script>\\\"&<>']]>"
                                 "\\u0001\\u2028end\""));
    free(json);
    char *want = with_replacement(json_value);
    char *got = xpath_string(doc, "string(//p:table[1]/p:project-name)");
    assert_string_equal(got, want);
    assert_string_equal(got, "<script>alert(1)</script>\"&<>']]>\xEF\xBF\xBD\xE2\x80\xA8" "end");
    char *goal = xpath_string(doc, "string(//p:table[1]/p:annual-goal)");
    assert_string_equal(goal, "<script>alert(1)</script>\n\"&<>'");
    char *cmp = xpath_string(doc, "string(//p:indicator[1]/p:value/@comparator)");
    assert_string_equal(cmp, ">=");
    free(cmp);
    free(goal);
    free(got);
    free(want);
    free(json_value);
    xmlFreeDoc(doc);
    free(out);
    free(input);
}

static void nul_bytes_in_cells_are_replaced(void **state) {
    (void)state;
    size_t len, n;
    char *input = read_fixture("hostile.txt", &len);
    replace_bytes(input, len, '"', '\0'); /* many cells hold "&<>' */
    char *out = convert_xml(input, len, 0, &n);
    xmlDocPtr doc = parse_ok(out, n);
    assert_valid(doc);
    /* nothing after a NUL is lost: each became U+FFFD */
    char *name = xpath_string(doc, "string(//p:table[1]/p:project-name)");
    assert_string_equal(name, "<script>alert(1)</script>\xEF\xBF\xBD&<>']]>\xEF\xBF\xBD\xE2\x80\xA8" "end");
    char *department = xpath_string(doc, "string(//p:table[1]/p:department)");
    assert_string_equal(department, "\xEF\xBF\xBD&<>'");
    assert_true(xpath_count(doc, "count(//p:diagnostic[@code='nul-byte'])") >= 1);
    free(department);
    free(name);
    xmlFreeDoc(doc);
    free(out);
    free(input);
}

static void empty_input_is_an_empty_root(void **state) {
    (void)state;
    size_t n;
    char *out = convert_xml("", 0, 0, &n);
    assert_string_equal(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<ptconv xmlns=\"" NS "\" version=\"1\"/>\n");
    xmlDocPtr doc = parse_ok(out, n);
    assert_valid(doc);
    xmlFreeDoc(doc);
    free(out);
}

static void conversions_are_deterministic(void **state) {
    (void)state;
    size_t len, n1, n2, n3;
    char *input = read_fixture("seed.txt", &len);
    char *a = convert_xml(input, len, 0, &n1);
    char *b = convert_xml(input, len, 0, &n2);
    char *c = convert_xml(input, len, 7, &n3); /* chunking must not matter */
    assert_int_equal(n1, n2);
    assert_int_equal(n1, n3);
    assert_memory_equal(a, b, n1);
    assert_memory_equal(a, c, n1);
    free(a);
    free(b);
    free(c);
    free(input);
}

/* ------------------------------------------------------------------------ */
/* A hand-built model: nulls, empties, every class of character              */
/* ------------------------------------------------------------------------ */

#define S(lit) ((ptc_str){(lit), sizeof(lit) - 1})
#define T(lit) ((ptc_text){S(lit), {1, 1}})
#define NULL_TEXT ((ptc_text){{NULL, 0}, {0, 0}})

static char *emit_to_memory(const ptc_document *doc, size_t *len) {
    ptc_sink *sink = ptc_sink_memory();
    assert_non_null(sink);
    const ptc_emitter *e = ptc_emitter_find("xml");
    assert_non_null(e);
    ptc_emit_options opts = {0};
    void *st = e->open(sink, &opts);
    assert_non_null(st);
    assert_int_equal(e->document(st, doc), 0);
    assert_int_equal(e->close(st, true), 0);
    size_t n;
    const char *data = ptc_sink_memory_data(sink, &n);
    char *out = malloc(n + 1);
    assert_non_null(out);
    memcpy(out, data, n);
    out[n] = '\0';
    ptc_sink_free(sink);
    *len = n;
    return out;
}

static void check_equal_text(const char *got, size_t got_len, const char *want) {
    size_t n = strlen(want);
    if (got_len == n && memcmp(got, want, n) == 0) return;
    size_t i = 0;
    while (i < got_len && i < n && got[i] == want[i]) i++;
    print_error("output differs at byte %zu\n--- want ---\n%s\n--- got ---\n%.*s\n", i, want,
                (int)got_len, got);
    fail();
}

static void nulls_empties_and_characters(void **state) {
    (void)state;
    /* C0 controls, DEL, U+FFFD, U+FFFE, U+FFFF, an emoji, bytes that are
       not UTF-8 (overlong, surrogate, truncated) and TAB/LF/CR */
    static const char chars[] = "a\x01" "b\x1f" "c\x7f" "d\xEF\xBF\xBD" "e\xEF\xBF\xBE"
                                "f\xEF\xBF\xBF" "g\xF0\x9F\x98\x80" "h\xC0\x80" "i\xED\xA0\x80"
                                "j\tk\nl\rm\xE4\xB8";
    ptc_text path[3] = {T("产出"), NULL_TEXT, T("")};
    ptc_field extra[2] = {{NULL_TEXT, T("x")}, {T("备注"), NULL_TEXT}};
    ptc_indicator ind[2] = {
        {path, 3, T("n"), {{{chars, sizeof chars - 1}, {1, 1}}, {true, -0.5}, PTC_CMP_LT},
         T(""), extra, 2, 7},
        {NULL, 0, NULL_TEXT, {NULL_TEXT, {true, 1e21}, PTC_CMP_NONE}, NULL_TEXT, NULL, 0, 8},
    };
    ptc_period period = {NULL_TEXT, "2021-01-01", ""};
    ptc_amount funds = {T(""), {false, 0}, {NULL, 0}};
    ptc_field fields[1] = {{T("其他"), NULL_TEXT}};
    ptc_table tables[2];
    memset(tables, 0, sizeof tables);
    tables[0].seq = (ptc_opt_int){true, 3};
    tables[0].kind = PTC_TABLE_SELF_EVALUATION;
    tables[0].title = T("表");
    tables[0].lines = (ptc_lines){5, 9};
    tables[0].project_name = T("");
    tables[0].period = &period;
    tables[0].funds = &funds;
    tables[0].indicators = ind;
    tables[0].indicators_len = 2;
    tables[0].fields = fields;
    tables[0].fields_len = 1;
    tables[1].kind = PTC_TABLE_OVERALL; /* everything else null or empty */
    ptc_amount total = {NULL_TEXT, {true, 12.5}, {NULL, 0}};
    ptc_summary summary = {NULL_TEXT, {false, 0}, T("org"), {true, 0}, &total};
    ptc_unit units[1] = {{{false, 0}, NULL_TEXT, {false, 0}, 2}};
    ptc_diag diags[2] = {{PTC_SEV_ERROR, "too-many-tables", {0, 0}, S("m\x02")},
                         {PTC_SEV_NOTE, NULL, {3, 4}, {NULL, 0}}};
    ptc_document doc = {{NULL, 0}, {1, 9}, NULL_TEXT, &summary, units, 1, tables, 2,
                        diags, 2, NULL};
    size_t n;
    char *out = emit_to_memory(&doc, &n);
    check_equal_text(out, n,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ptconv xmlns=\"urn:ptconv:1\" version=\"1\">\n"
        "  <document first-line=\"1\" last-line=\"9\">\n"
        "    <summary project-count=\"0\">\n"
        "      <organization>org</organization>\n"
        "      <total-funds value=\"12.5\"/>\n"
        "    </summary>\n"
        "    <units>\n"
        "      <unit nil=\"true\"/>\n"
        "    </units>\n"
        "    <tables>\n"
        "      <table seq=\"3\" kind=\"self_evaluation\" first-line=\"5\" last-line=\"9\">\n"
        "        <title>表</title>\n"
        "        <project-name/>\n"
        "        <period start=\"2021-01-01\" nil=\"true\"/>\n"
        "        <funds/>\n"
        "        <columns/>\n"
        "        <indicators>\n"
        "          <indicator line=\"7\">\n"
        "            <path>\n"
        "              <level>产出</level>\n"
        "              <level nil=\"true\"/>\n"
        "              <level/>\n"
        "            </path>\n"
        "            <name>n</name>\n"
        "            <value number=\"-0.5\" comparator=\"&lt;\" approximate=\"false\">"
        "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\x7f" "d\xEF\xBF\xBD" "e\xEF\xBF\xBD" "f\xEF\xBF\xBD"
        "g\xF0\x9F\x98\x80" "h\xEF\xBF\xBD\xEF\xBF\xBD" "i\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
        "j\tk\nl&#13;m\xEF\xBF\xBD\xEF\xBF\xBD</value>\n"
        "            <unit/>\n"
        "            <extra>\n"
        "              <column header=\"\">x</column>\n"
        "              <column header=\"备注\" nil=\"true\"/>\n"
        "            </extra>\n"
        "          </indicator>\n"
        "          <indicator line=\"8\">\n"
        "            <path/>\n"
        "            <value number=\"1e+21\" approximate=\"false\" nil=\"true\"/>\n"
        "            <extra/>\n"
        "          </indicator>\n"
        "        </indicators>\n"
        "        <categories/>\n"
        "        <grids/>\n"
        "        <fields>\n"
        "          <field label=\"其他\" nil=\"true\"/>\n"
        "        </fields>\n"
        "        <goal-items/>\n"
        "        <labels/>\n"
        "      </table>\n"
        "      <table kind=\"overall\" first-line=\"0\" last-line=\"0\">\n"
        "        <columns/>\n"
        "        <indicators/>\n"
        "        <categories/>\n"
        "        <grids/>\n"
        "        <fields/>\n"
        "        <goal-items/>\n"
        "        <labels/>\n"
        "      </table>\n"
        "    </tables>\n"
        "    <diagnostics>\n"
        "      <diagnostic severity=\"error\" code=\"too-many-tables\" line=\"0\" column=\"0\">"
        "m\xEF\xBF\xBD</diagnostic>\n"
        "      <diagnostic severity=\"note\" line=\"3\" column=\"4\" nil=\"true\"/>\n"
        "    </diagnostics>\n"
        "  </document>\n"
        "</ptconv>\n");
    xmlDocPtr parsed = parse_ok(out, n);
    assert_valid(parsed);
    /* the CR survives the round trip as a character reference */
    char *value = xpath_string(parsed, "string(//p:indicator[1]/p:value)");
    assert_non_null(strstr(value, "j\tk\nl\rm"));
    free(value);
    xmlFreeDoc(parsed);
    free(out);
}


/* The members the model grew: columns, categories, inherited cells and
   rowspans, field keys, document text; all valid against the schema. */
static void new_model_members(void **state) {
    (void)state;
    ptc_column cols[4] = {
        {.header = T("一级指标"), .role = PTC_COL_LEVEL, .level = 1, .key = S("level")},
        {.header = T("指标名称"), .role = PTC_COL_NAME, .key = S("name")},
        {.header = T("指标性质"), .role = PTC_COL_COMPARATOR, .key = S("comparator")},
        {.header = T("备注"), .role = PTC_COL_EXTRA, .key = S("备注#6"), .qualifier = S("（年度）")},
    };
    ptc_text path[1] = {T("产出")};
    bool inherited[1] = {true};
    uint32_t rowspan[1] = {2};
    ptc_indicator ind = {path, 1, T("n"), {T("1"), {true, 1}, PTC_CMP_GE}, T(""), NULL, 0, 7};
    ind.inherited = inherited;
    ind.rowspan = rowspan;
    ptc_text cat_path[2] = {T("效果"), T("<经济>")};
    ptc_category cats[1] = {{cat_path, 2, 8}};
    ptc_field fields[1] = {{T("联系人"), T("张三"), S("contact_person")}};
    ptc_table t;
    memset(&t, 0, sizeof t);
    t.columns = cols;
    t.columns_len = 4;
    t.indicators = &ind;
    t.indicators_len = 1;
    t.categories = cats;
    t.categories_len = 1;
    t.fields = fields;
    t.fields_len = 1;
    ptc_document doc;
    memset(&doc, 0, sizeof doc);
    doc.tables = &t;
    doc.tables_len = 1;
    doc.text = T("绩效目标表如下：\n&<>");
    size_t n;
    char *out = emit_to_memory(&doc, &n);
    check_equal_text(out, n,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ptconv xmlns=\"urn:ptconv:1\" version=\"1\">\n"
        "  <document first-line=\"0\" last-line=\"0\">\n"
        "    <text>绩效目标表如下：\n&amp;&lt;&gt;</text>\n"
        "    <units/>\n"
        "    <tables>\n"
        "      <table kind=\"target\" first-line=\"0\" last-line=\"0\">\n"
        "        <columns>\n"
        "          <column role=\"level\" level=\"1\" key=\"level\">一级指标</column>\n"
        "          <column role=\"name\" level=\"0\" key=\"name\">指标名称</column>\n"
        "          <column role=\"comparator\" level=\"0\" key=\"comparator\">指标性质</column>\n"
        "          <column role=\"extra\" level=\"0\" key=\"备注#6\" qualifier=\"（年度）\">备注</column>\n"
        "        </columns>\n"
        "        <indicators>\n"
        "          <indicator line=\"7\">\n"
        "            <path>\n"
        "              <level>产出</level>\n"
        "            </path>\n"
        "            <name>n</name>\n"
        "            <value number=\"1\" comparator=\"&gt;=\" approximate=\"false\">1</value>\n"
        "            <unit/>\n"
        "            <extra/>\n"
        "            <inherited>\n"
        "              <level value=\"true\"/>\n"
        "            </inherited>\n"
        "            <rowspan>\n"
        "              <level value=\"2\"/>\n"
        "            </rowspan>\n"
        "          </indicator>\n"
        "        </indicators>\n"
        "        <categories>\n"
        "          <category line=\"8\">\n"
        "            <path>\n"
        "              <level>效果</level>\n"
        "              <level>&lt;经济&gt;</level>\n"
        "            </path>\n"
        "          </category>\n"
        "        </categories>\n"
        "        <grids/>\n"
        "        <fields>\n"
        "          <field label=\"联系人\" key=\"contact_person\">张三</field>\n"
        "        </fields>\n"
        "        <goal-items/>\n"
        "        <labels/>\n"
        "      </table>\n"
        "    </tables>\n"
        "    <diagnostics/>\n"
        "  </document>\n"
        "</ptconv>\n");
    xmlDocPtr parsed = parse_ok(out, n);
    assert_valid(parsed);
    xmlFreeDoc(parsed);
    free(out);
}

/* ------------------------------------------------------------------------ */
/* Streaming and errors                                                      */
/* ------------------------------------------------------------------------ */

typedef struct stream_check {
    const ptc_emitter *e;
    void *state;
    ptc_sink *sink;
    int documents;
} stream_check;

/* After each document the sink must already hold it, complete. */
static int emit_and_check(const ptc_document *doc, void *ud) {
    stream_check *c = ud;
    assert_int_equal(c->e->document(c->state, doc), 0);
    c->documents++;
    size_t n;
    const char *data = ptc_sink_memory_data(c->sink, &n);
    static const char doc_end[] = "  </document>\n";
    assert_true(n >= sizeof doc_end - 1);
    assert_memory_equal(data + n - (sizeof doc_end - 1), doc_end, sizeof doc_end - 1);
    static const char root_end[] = "</ptconv>\n";
    char *closed = malloc(n + sizeof root_end);
    assert_non_null(closed);
    memcpy(closed, data, n);
    memcpy(closed + n, root_end, sizeof root_end);
    xmlDocPtr parsed = parse_ok(closed, n + sizeof root_end - 1);
    assert_int_equal(xpath_count(parsed, "count(/p:ptconv/p:document)"), c->documents);
    xmlFreeDoc(parsed);
    free(closed);
    return 0;
}

static void documents_stream_out_one_by_one(void **state) {
    (void)state;
    size_t len;
    char *input = generate_corpus(3, "clean", &len);
    stream_check c = {ptc_emitter_find("xml"), NULL, ptc_sink_memory(), 0};
    assert_non_null(c.sink);
    ptc_emit_options opts = {0};
    c.state = c.e->open(c.sink, &opts);
    assert_non_null(c.state);
    assert_int_equal(ptc_test_parse(input, len, 4096, emit_and_check, &c), 0);
    assert_int_equal(c.documents, 3);
    assert_int_equal(c.e->close(c.state, true), 0);
    size_t n;
    const char *data = ptc_sink_memory_data(c.sink, &n);
    xmlDocPtr parsed = parse_ok(data, n);
    assert_valid(parsed);
    xmlFreeDoc(parsed);
    ptc_sink_free(c.sink);
    free(input);
}

static int refuse_write(void *ud, const char *data, size_t len) {
    (void)ud;
    (void)data;
    (void)len;
    return -1;
}

typedef struct failing_run {
    const ptc_emitter *e;
    void *state;
    int document_rc;
} failing_run;

static int emit_record_rc(const ptc_document *doc, void *ud) {
    failing_run *r = ud;
    r->document_rc = r->e->document(r->state, doc);
    return r->document_rc != 0;
}

static void write_errors_are_reported(void **state) {
    (void)state;
    size_t len;
    /* the seed's XML (about 95 kB) overflows the sink's buffer, so the
       refused write happens while the document is written */
    char *input = read_fixture("seed.txt", &len);
    ptc_sink *sink = ptc_sink_callback(refuse_write, NULL);
    assert_non_null(sink);
    failing_run r = {ptc_emitter_find("xml"), NULL, 0};
    ptc_emit_options opts = {0};
    r.state = r.e->open(sink, &opts);
    assert_non_null(r.state);
    assert_int_equal(ptc_test_parse(input, len, 0, emit_record_rc, &r), PTC_ERR_STOPPED);
    assert_int_equal(r.document_rc, -1);
    assert_int_equal(r.e->close(r.state, false), -1);
    assert_int_not_equal(ptc_sink_error(sink), 0);
    ptc_sink_free(sink);
    free(input);
}

/* ------------------------------------------------------------------------ */
/* Negative controls: the validator is active                                */
/* ------------------------------------------------------------------------ */

/* `xml` with the first `from` replaced by `to`; malloc'd. */
static char *replace_first(const char *xml, const char *from, const char *to) {
    const char *at = strstr(xml, from);
    if (!at) print_error("'%s' not found in the XML\n", from);
    assert_non_null(at);
    size_t head = (size_t)(at - xml), fl = strlen(from), tl = strlen(to);
    char *r = malloc(strlen(xml) - fl + tl + 1);
    assert_non_null(r);
    memcpy(r, xml, head);
    memcpy(r + head, to, tl);
    strcpy(r + head + tl, at + fl);
    return r;
}

static void broken_documents_fail_validation(void **state) {
    (void)state;
    size_t len, n;
    char *input = read_fixture("hostile.txt", &len);
    char *good = convert_xml(input, len, 0, &n);
    print_message("each breakage below must be reported as invalid:\n");
    static const char *const breakages[][2] = {
        {"kind=\"target\"", "kind=\"bogus\""},                      /* enumeration */
        {"comparator=\"&gt;=\"", "comparator=\"≥\""},               /* enumeration */
        {"approximate=\"false\"", "approximate=\"no\""},            /* boolean */
        {"severity=\"warning\"", "severity=\"fatal\""},             /* enumeration */
        {"start=\"2021-01-01\"", "start=\"2021-02-30\""},           /* xsd:date */
        {"<funds value=\"1\"", "<funds value=\"1,0\""},             /* number */
        {"<value number=\"1\"", "<value number=\"1.\""},            /* number form */
        {"first-line=\"7\"", "first-line=\"-7\""},                  /* unsignedInt */
        {"seq=\"1\" kind", "seq=\"one\" kind"},                     /* integer */
        {"<notes>", "<notes extra=\"1\">"},                         /* unknown attribute */
        {"<fields>", "<fields><bogus/>"},                          /* list content */
        {"<extra/>", "<extra/><extra/>"},                           /* cardinality */
        {"<title>", "<headline>"},                                  /* unknown element */
        {"version=\"1\"", "version=\"2\""},                         /* format version */
        {"xmlns=\"urn:ptconv:1\"", "xmlns=\"urn:other\""},          /* namespace */
        {"<unit seq=\"1\" project-count=\"1\">", "<unit nil=\"true\">"}, /* nil with text */
    };
    for (size_t i = 0; i < sizeof breakages / sizeof breakages[0]; i++) {
        char *bad = replace_first(good, breakages[i][0], breakages[i][1]);
        if (strstr(bad, "<headline>")) { /* keep it well-formed */
            char *fixed = replace_first(bad, "</title>", "</headline>");
            free(bad);
            bad = fixed;
        }
        xmlDocPtr doc = parse(bad, strlen(bad));
        if (!doc) print_error("breakage %zu is not well-formed\n", i);
        assert_non_null(doc);
        int rc = validate(doc);
        if (rc == 0) print_error("breakage %zu (%s -> %s) validated\n", i, breakages[i][0],
                                 breakages[i][1]);
        assert_int_not_equal(rc, 0);
        xmlFreeDoc(doc);
        free(bad);
    }
    /* element order: notes before indicators */
    char *notes_first = replace_first(good, "<indicators>", "<notes/><indicators>");
    xmlDocPtr doc = parse_ok(notes_first, strlen(notes_first));
    assert_int_not_equal(validate(doc), 0);
    xmlFreeDoc(doc);
    free(notes_first);
    /* and the unbroken document does validate */
    doc = parse_ok(good, n);
    assert_valid(doc);
    xmlFreeDoc(doc);
    free(good);
    free(input);
}

static int setup(void **state) {
    (void)state;
    xmlInitParser();
    xmlSetStructuredErrorFunc(NULL, count_error);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    xmlCleanupParser();
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registry_entry),
        cmocka_unit_test(seed_validates),
        cmocka_unit_test(noisy_corpus_validates),
        cmocka_unit_test(hostile_is_well_formed_and_valid),
        cmocka_unit_test(nul_bytes_in_cells_are_replaced),
        cmocka_unit_test(empty_input_is_an_empty_root),
        cmocka_unit_test(conversions_are_deterministic),
        cmocka_unit_test(nulls_empties_and_characters),
        cmocka_unit_test(new_model_members),
        cmocka_unit_test(documents_stream_out_one_by_one),
        cmocka_unit_test(write_errors_are_reported),
        cmocka_unit_test(broken_documents_fail_validation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

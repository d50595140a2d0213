/*
 * Unit tests for the CSV emitter (emitters/csv.c): the exact bytes for a
 * small input, and for hostile and awkward cells a field-by-field check
 * through a strict RFC 4180 reader (CRLF record ends, quoting, doubled
 * quotes, no bare CR/LF outside quotes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "tests/testutil.h"

#define HEADER                                                                                     \
    "source,document,table_seq,applicant,project_name,project_type,funds_value,level_1,level_2,"  \
    "level_3,level_4,name,value_text,number,comparator,unit,extra,value_unit,approximate\r\n"
#define NCOLUMNS 19

/* ------------------------------------------------------------------------ */
/* A strict RFC 4180 reader                                                  */
/* ------------------------------------------------------------------------ */

#define MAX_RECORDS 256
#define MAX_FIELDS 32

typedef struct field {
    char *s; /* malloc'd, NUL-terminated; may hold other control bytes */
    size_t len;
} field;

typedef struct record {
    field f[MAX_FIELDS];
    size_t n;
} record;

typedef struct csv_doc {
    record r[MAX_RECORDS];
    size_t n;
} csv_doc;

static void add_byte(field *f, char c) {
    char *grown = realloc(f->s, f->len + 2);
    assert_non_null(grown);
    f->s = grown;
    f->s[f->len++] = c;
    f->s[f->len] = '\0';
}

/* Reads records that each end in CRLF; fails the test on anything RFC 4180
   does not allow (a quote inside an unquoted field, text after a closing
   quote, a CR or LF outside quotes that is not a CRLF record end, a missing
   final CRLF). */
static void read_csv(const char *s, size_t len, csv_doc *out) {
    size_t pos = 0;
    while (pos < len) {
        assert_true(out->n < MAX_RECORDS);
        record *rec = &out->r[out->n++];
        for (;;) {
            assert_true(rec->n < MAX_FIELDS);
            field *f = &rec->f[rec->n++];
            add_byte(f, '\0'); /* an empty field is "" */
            f->len = 0;
            if (pos < len && s[pos] == '"') {
                pos++;
                for (;;) {
                    assert_true(pos < len); /* unterminated quoted field */
                    if (s[pos] == '"') {
                        if (pos + 1 < len && s[pos + 1] == '"') {
                            add_byte(f, '"');
                            pos += 2;
                            continue;
                        }
                        pos++;
                        break;
                    }
                    add_byte(f, s[pos++]);
                }
            } else {
                while (pos < len && s[pos] != ',' && s[pos] != '\r') {
                    assert_true(s[pos] != '"' && s[pos] != '\n');
                    add_byte(f, s[pos++]);
                }
            }
            assert_true(pos < len); /* every record ends in CRLF */
            if (s[pos] == ',') {
                pos++;
                continue;
            }
            assert_true(pos + 1 < len && s[pos] == '\r' && s[pos + 1] == '\n');
            pos += 2;
            break;
        }
    }
}

static csv_doc *new_csv_doc(void) {
    csv_doc *d = calloc(1, sizeof *d);
    assert_non_null(d);
    return d;
}

static void free_csv(csv_doc *d) {
    for (size_t i = 0; i < d->n; i++)
        for (size_t j = 0; j < d->r[i].n; j++) free(d->r[i].f[j].s);
    free(d);
}

static void assert_field(const record *r, size_t i, const char *want) {
    assert_true(i < r->n);
    assert_int_equal(r->f[i].len, strlen(want));
    assert_memory_equal(r->f[i].s, want, r->f[i].len);
}

static char *to_csv_opts(const char *input, size_t len, const char *source, bool bom, bool raw,
                         size_t *out_len) {
    ptc_emit_options opts = {0};
    opts.bom = bom;
    opts.csv_raw = raw;
    char *out = ptc_test_convert(input, len, 0, source, "csv", &opts, out_len);
    assert_non_null(out);
    return out;
}

static char *to_csv(const char *input, size_t len, const char *source, bool bom, size_t *out_len) {
    return to_csv_opts(input, len, source, bom, false, out_len);
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                     */
/* ------------------------------------------------------------------------ */

static const char small_input[] =
    "1、项目支出绩效目标批复表\n"
    "(2021 年度)\n"
    "申报单位：甲单位\n"
    "项目名称\t差旅费用\t\t\t\t\n"
    "项目类型\t新增\t\t\t\t\n"
    "项目资金申请（万元）\t12.4 万元\t\t\t\t\n"
    "年度绩效指标\t\t\t\t\t\n"
    "一级指标\t二级指标\t三级指标\t四级指标\t指标值\t计量单位\n"
    "产出\t项目产出\t数量指标\t活动次数\t≥2\t次\n"
    "效果\t项目效益\t满意度指标\t出差人员满意度\t按时\t\n";

static void test_registry_entry(void **state) {
    (void)state;
    const ptc_emitter *e = ptc_emitter_find("csv");
    assert_non_null(e);
    assert_string_equal(e->name, "csv");
    assert_string_equal(e->extension, "csv");
    assert_string_equal(e->media_type, "text/csv");
    assert_true(strlen(e->description) > 10);
}

static void test_small_exact(void **state) {
    (void)state;
    size_t len;
    char *out = to_csv(small_input, strlen(small_input), "small.txt", false, &len);
    const char *want =
        HEADER
        "small.txt,1,1,甲单位,差旅费用,新增,12.4,产出,项目产出,数量指标,,活动次数,≥2,2,ge,次,,,false\r\n"
        "small.txt,1,1,甲单位,差旅费用,新增,12.4,效果,项目效益,满意度指标,,出差人员满意度,按时,,,,,,false\r\n";
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
    free(out);
}

static void test_bom(void **state) {
    (void)state;
    size_t with_len, without_len;
    char *with = to_csv(small_input, strlen(small_input), "small.txt", true, &with_len);
    char *without = to_csv(small_input, strlen(small_input), "small.txt", false, &without_len);
    assert_int_equal(with_len, without_len + 3);
    assert_memory_equal(with, "\xEF\xBB\xBF", 3);
    assert_memory_equal(with + 3, without, without_len);
    assert_memory_equal(without, "source,", 7);
    free(with);
    free(without);
}

static void test_no_documents_is_header_only(void **state) {
    (void)state;
    size_t len;
    char *out = to_csv("", 0, "empty.txt", false, &len);
    assert_string_equal(out, HEADER);
    free(out);
}

/* Commas, quotes, paragraph breaks, spaces around the source name, a
   formula-like value, a path deeper than the level columns and extra
   columns: every field must read back exactly. */
static void test_awkward_cells_read_back(void **state) {
    (void)state;
    const char *input =
        "1、项目支出绩效目标批复表\n"
        "申报单位：甲,乙 \"单位\"\n"
        "项目名称\t<p>第一段</p><p>第二段</p>\t\t\t\t\n"
        "年度绩效指标\t\t\t\t\t\n"
        "一级指标\t二级指标\t三级指标\t四级指标\t五级指标\t六级指标\t指标值\t计量单位\t备注\n"
        "产出\t项目产出\t数量指标\tA\tB\t名称,\"引号\"\t=1+1\t个\t说明\"x\"\t\t多余\n"
        "产出\t项目产出\t数量指标\t\t\t-5\t+10%\t\t\n";
    const char *source = " my \"file\", v2.txt ";
    size_t len;
    char *out = to_csv(input, strlen(input), source, false, &len);
    csv_doc *d = new_csv_doc();
    read_csv(out, len, d);
    assert_int_equal(d->n, 3);
    for (size_t i = 0; i < d->n; i++) assert_int_equal(d->r[i].n, NCOLUMNS);
    assert_field(&d->r[0], 0, "source");
    assert_field(&d->r[0], 16, "extra");
    const record *r = &d->r[1];
    assert_field(r, 0, source);
    assert_field(r, 1, "1");
    assert_field(r, 2, "1");
    assert_field(r, 3, "甲,乙 \"单位\"");
    assert_field(r, 4, "第一段\n第二段");
    assert_field(r, 5, "");
    assert_field(r, 6, "");
    assert_field(r, 7, "产出");
    assert_field(r, 8, "项目产出");
    assert_field(r, 9, "数量指标");
    assert_field(r, 10, "A / B"); /* levels 4 and 5 share the last column */
    assert_field(r, 11, "名称,\"引号\"");
    assert_field(r, 12, "'=1+1"); /* a formula: defused with ' */
    assert_field(r, 13, "");
    assert_field(r, 14, "eq");
    assert_field(r, 15, "个");
    assert_field(r, 16, "{\"备注\":\"说明\\\"x\\\"\",\"#11\":\"多余\"}");
    assert_field(r, 17, ""); /* =1+1: a second number, so no number and no unit */
    assert_field(r, 18, "false");
    r = &d->r[2];
    assert_field(r, 7, "产出");
    assert_field(r, 10, "A / B"); /* empty cells: merged with the row above */
    assert_field(r, 11, "-5"); /* plain numbers are data, not formulas */
    assert_field(r, 12, "+10%");
    assert_field(r, 13, "10");
    assert_field(r, 16, "{\"备注\":\"\"}");
    assert_field(r, 17, "%"); /* the unit glued to +10 */
    assert_field(r, 18, "false");
    /* The fields that needed it, and only those, are quoted. */
    assert_non_null(strstr(out, "\"第一段\n第二段\""));
    assert_non_null(strstr(out, ",-5,+10%,10,,,"));
    assert_field(&d->r[0], 17, "value_unit");
    assert_field(&d->r[0], 18, "approximate");
    free_csv(d);
    free(out);
}

/* The expected row of each indicator, built from the model. */
typedef struct expected_rows {
    char *fields[MAX_RECORDS][NCOLUMNS];
    size_t n;
} expected_rows;

static char *dup_str(ptc_str s) {
    char *c = malloc(s.len + 1);
    assert_non_null(c);
    if (s.len) memcpy(c, s.s, s.len);
    c[s.len] = '\0';
    return c;
}

static char *dup_cstr(const char *s) { return dup_str((ptc_str){s ? s : "", s ? strlen(s) : 0}); }

static char *dup_num(ptc_opt_num v) {
    char buf[32] = "";
    if (v.set) ptc_format_number(v.value, buf);
    return dup_cstr(buf);
}

/* The cell as the emitter must write it: the OWASP rule, stated here with
   strtod rather than the emitter's own scanner. */
static char *defused(ptc_str s) {
    char *plain = dup_str(s);
    if (!plain[0] || !strchr("=+-@\t\r", plain[0])) return plain;
    if (!strcmp(plain, "-") || !strcmp(plain, "+")) return plain;
    char *end = NULL;
    bool number = strspn(plain, "+-0123456789.eE%") == strlen(plain) && (strtod(plain, &end), end != plain) &&
                  (*end == '\0' || (end[0] == '%' && end[1] == '\0'));
    if (number) return plain;
    char *out = malloc(s.len + 2);
    assert_non_null(out);
    out[0] = '\'';
    memcpy(out + 1, plain, s.len + 1);
    free(plain);
    return out;
}

static int collect_expected(const ptc_document *doc, void *ud) {
    expected_rows *e = ud;
    for (size_t i = 0; i < doc->tables_len; i++) {
        const ptc_table *t = &doc->tables[i];
        for (size_t j = 0; j < t->indicators_len; j++) {
            const ptc_indicator *ind = &t->indicators[j];
            assert_true(e->n < MAX_RECORDS);
            assert_true(ind->path_len <= 4);
            assert_int_equal(ind->extra_len, 0);
            char **f = e->fields[e->n++];
            char seq[32] = "";
            if (t->seq.set) snprintf(seq, sizeof seq, "%ld", t->seq.value);
            f[0] = defused(doc->source);
            f[1] = dup_cstr("1");
            f[2] = dup_cstr(seq);
            f[3] = defused(t->applicant.str);
            f[4] = defused(t->project_name.str);
            f[5] = defused(t->project_type.str);
            f[6] = t->funds ? dup_num(t->funds->value) : dup_cstr("");
            for (size_t k = 0; k < 4; k++)
                f[7 + k] = k < ind->path_len ? defused(ind->path[k].str) : dup_cstr("");
            f[11] = defused(ind->name.str);
            f[12] = defused(ind->value.text.str);
            f[13] = dup_num(ind->value.number);
            static const char *const words[] = {"", "ge", "le", "gt", "lt", "eq"};
            f[14] = dup_cstr(words[ind->value.comparator]);
            f[15] = defused(ind->unit.str);
            f[16] = dup_cstr("");
            f[17] = defused(ind->value_unit);
            f[18] = dup_cstr(ind->value_approximate ? "true" : "false");
        }
    }
    return 0;
}

/* fixtures/hostile.txt: markup, quotes, a control character and U+2028 in
   every kind of cell come back field for field. */
static void test_hostile_fields_read_back(void **state) {
    (void)state;
    size_t in_len, len;
    char *input = ptc_test_read_file(ptc_test_fixture("hostile.txt"), &in_len);
    assert_non_null(input);
    expected_rows want = {0};
    assert_int_equal(ptc_test_parse(input, in_len, 0, collect_expected, &want), PTC_OK);
    assert_int_equal(want.n, 2); /* the 联系人 row after the indicators is a field */
    char *out = to_csv(input, in_len, "-", false, &len);
    csv_doc *d = new_csv_doc();
    read_csv(out, len, d);
    assert_int_equal(d->n, 1 + want.n);
    for (size_t i = 0; i < want.n; i++) {
        assert_int_equal(d->r[i + 1].n, NCOLUMNS);
        for (size_t k = 0; k < NCOLUMNS; k++) {
            assert_field(&d->r[i + 1], k, want.fields[i][k]);
            free(want.fields[i][k]);
        }
    }
    /* Something in it really needed quoting. */
    assert_non_null(strstr(out, "\"<script>alert(1)</script>\"\"&<>'\""));
    free_csv(d);
    free(out);
    free(input);
}

/* Records end in CRLF, and LF only appears inside quoted fields: the strict
   reader accepts the seed's CSV and finds one record per indicator. */
static void test_seed_crlf_and_rows(void **state) {
    (void)state;
    size_t in_len, len;
    char *input = ptc_test_read_file(ptc_test_fixture("seed.txt"), &in_len);
    assert_non_null(input);
    char *out = to_csv(input, in_len, "fixtures/seed.txt", false, &len);
    csv_doc *d = new_csv_doc();
    read_csv(out, len, d);
    assert_int_equal(d->n, 1 + 188);
    size_t lf = 0;
    for (size_t i = 0; i < len; i++) lf += out[i] == '\n';
    assert_int_equal(lf, d->n); /* no paragraph breaks in the seed's rows */
    for (size_t i = 0; i < d->n; i++) assert_int_equal(d->r[i].n, NCOLUMNS);
    assert_field(&d->r[188], 11, "社会公众或满意度");
    assert_field(&d->r[188], 2, "22");
    free_csv(d);
    free(out);
    free(input);
}

/* Same input, any chunking, same bytes. */
static void test_deterministic(void **state) {
    (void)state;
    size_t in_len, a_len, b_len;
    char *input = ptc_test_read_file(ptc_test_fixture("seed.txt"), &in_len);
    assert_non_null(input);
    ptc_emit_options opts = {0};
    char *a = ptc_test_convert(input, in_len, 0, "fixtures/seed.txt", "csv", &opts, &a_len);
    char *b = ptc_test_convert(input, in_len, 7, "fixtures/seed.txt", "csv", &opts, &b_len);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    free(a);
    free(b);
    free(input);
}

/* table_seq starts at 1 in every document; the document column keeps the
   documents of one input apart. */
static void test_document_column(void **state) {
    (void)state;
    const char *input =
        "1、项目支出绩效目标批复表\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出\t数量指标\t次数\t1\n"
        "1、项目支出绩效目标批复表\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出\t数量指标\t次数\t2\n";
    size_t len;
    char *out = to_csv(input, strlen(input), "two.txt", false, &len);
    const char *want = HEADER
        "two.txt,1,1,,,,,产出,数量指标,,,次数,1,1,,,,,false\r\n"
        "two.txt,2,1,,,,,产出,数量指标,,,次数,2,2,,,,,false\r\n";
    assert_string_equal(out, want);
    free(out);
}

/* OWASP CSV injection: every cell that starts with = + - @ TAB or CR and is
   not a plain number gets a leading '; --csv-raw (csv_raw) keeps it as is;
   the comparator column never starts with a formula character. */
static void test_formula_cells_defused(void **state) {
    (void)state;
    const char *input =
        "1、项目支出绩效目标批复表\n"
        "申报单位：@SUM(A1:A9)\n"
        "项目名称\t+cmd|' /C calc'!A0\t\t\t\t\n"
        "一级指标\t二级指标\t三级指标\t指标值\t计量单位\n"
        "产出\t-2+3\t=HYPERLINK(\"http://x\")\t-0.5\t=\n"
        "产出\t数量指标\t次数\t=10\t-\n"
        "产出\t数量指标\t次数\t-3e2\t+1.5%\n";
    const char *source = "=cmd.txt";
    size_t len;
    char *out = to_csv(input, strlen(input), source, false, &len);
    csv_doc *d = new_csv_doc();
    read_csv(out, len, d);
    assert_int_equal(d->n, 4);
    const record *r = &d->r[1];
    assert_field(r, 0, "'=cmd.txt");
    assert_field(r, 3, "'@SUM(A1:A9)");
    assert_field(r, 4, "'+cmd|' /C calc'!A0");
    assert_field(r, 8, "'-2+3");
    assert_field(r, 11, "'=HYPERLINK(\"http://x\")");
    assert_field(r, 12, "-0.5");
    assert_field(r, 13, "-0.5");
    assert_field(r, 15, "'=");
    r = &d->r[2];
    assert_field(r, 12, "'=10"); /* the text as written; the number column has it */
    assert_field(r, 13, "10");
    assert_field(r, 14, "eq");
    assert_field(r, 15, "-"); /* a lone sign is no formula */
    r = &d->r[3];
    assert_field(r, 12, "-3e2");
    assert_field(r, 15, "+1.5%");
    for (size_t i = 1; i < d->n; i++)
        for (size_t j = 0; j < d->r[i].n; j++) {
            const char *f = d->r[i].f[j].s;
            assert_true(!f[0] || !strchr("=+-@\t\r", f[0]) || strspn(f, "+-0123456789.e%") == strlen(f));
        }
    free_csv(d);
    free(out);

    out = to_csv_opts(input, strlen(input), source, false, true, &len);
    d = new_csv_doc();
    read_csv(out, len, d);
    assert_field(&d->r[1], 0, "=cmd.txt");
    assert_field(&d->r[1], 3, "@SUM(A1:A9)");
    assert_field(&d->r[1], 11, "=HYPERLINK(\"http://x\")");
    assert_field(&d->r[2], 12, "=10");
    assert_field(&d->r[2], 14, "eq");
    free_csv(d);
    free(out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_entry),
        cmocka_unit_test(test_small_exact),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_no_documents_is_header_only),
        cmocka_unit_test(test_awkward_cells_read_back),
        cmocka_unit_test(test_hostile_fields_read_back),
        cmocka_unit_test(test_seed_crlf_and_rows),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_document_column),
        cmocka_unit_test(test_formula_cells_defused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

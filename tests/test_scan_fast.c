/*
 * The fast matchers of parsers/scan_fast.c against the patterns they stand
 * in for: on random lines built from each pattern's pieces, mutated with
 * noise (Unicode spaces, newlines, full-width digits, brackets, stray
 * characters), every answer a fast matcher gives must be the pattern's,
 * captures included; and on the plain lines of real tables it must answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/scan.h"
#include "tests/testutil.h"
#include "parsers/scan_fast.h"

typedef int (*fast_fn)(const char *s, size_t len, ptc_cap *cap);

static int heading(const char *s, size_t len, ptc_cap *cap) { return ptc_fast_heading(s, len, cap); }
static int year(const char *s, size_t len, ptc_cap *cap) { return ptc_fast_year(s, len, cap); }
static int applicant(const char *s, size_t len, ptc_cap *cap) { return ptc_fast_applicant(s, len, cap); }
static int unit_item(const char *s, size_t len, ptc_cap *cap) { return ptc_fast_unit_item(s, len, cap); }
static int period(const char *s, size_t len, ptc_cap *cap) { return ptc_fast_period(s, len, cap); }

/* A fast answer must be the pattern's; returns whether it answered. */
static int agree(ptc_scanner *sc, fast_fn fast, ptc_line_kind which, int ncap, const char *s, size_t len) {
    ptc_cap f[6], p[6];
    for (int i = 0; i < 6; i++) f[i] = p[i] = (ptc_cap){12345, 678};
    int rc = fast(s, len, f);
    if (rc == PTC_FAST_ASK) return 0;
    int prc = ptc_scan_pattern_only(sc, which, s, len, p, ncap);
    if (rc != 1 || prc != 1) {
        print_error("\"%.*s\": fast %d, pattern %d\n", (int)len, s, rc, prc);
        fail();
    }
    for (int i = 0; i < ncap; i++)
        if (f[i].off != p[i].off || (f[i].off != PTC_NOCAP && f[i].len != p[i].len)) {
            print_error("\"%.*s\": group %d: fast %zu+%zu, pattern %zu+%zu\n", (int)len, s, i + 1, f[i].off,
                        f[i].len, p[i].off, p[i].len);
            fail();
        }
    return 1;
}

/* Noise: what a fast matcher must either read right or leave to the pattern. */
static const char *const noise[] = {
    " ",  "\t", "　", "\xE2\x80\x83", "\n", "\r", "\xC2\xA0", "\xC2\x85", "\xE1\x9A\x80", "\xE1\xA0\x8E",
    "\xE2\x80\xA8", "\v", "\f", "\x01", "0", "7", "１", "９", "、", ".", "．", "-", "/", "—", "－", "~", "～",
    "(", ")", "（", "）", "表", "批复", "目标", "申报", "审批", "自评", "续", "年", "月", "日", "度", "至", "到",
    "申", "报", "单", "位", ":", "：", "绩效项目", "个", "；", ";", "，", ",", "。", "项目", "a", "Z", "é", "😀",
    "【", "绩效", "\xEF\xBB\xBF"};
#define NNOISE (sizeof noise / sizeof noise[0])

/* One line from a skeleton: slots of '|'-separated choices (an empty choice
   allowed), each slot sometimes replaced, preceded or dropped by noise. */
static size_t build(const char *const *slots, size_t nslots, char *out, size_t cap, unsigned *seed) {
    size_t n = 0;
    for (size_t i = 0; i < nslots; i++) {
        int r = rand_r(seed) % 100;
        const char *pick = NULL;
        size_t plen = 0;
        if (r < 3) {
            pick = noise[rand_r(seed) % NNOISE], plen = strlen(pick);
        } else if (r >= 5) {
            /* a choice of the slot */
            const char *c = slots[i];
            size_t nchoices = 1;
            for (const char *q = c; *q; q++) nchoices += *q == '|';
            size_t k = (size_t)rand_r(seed) % nchoices;
            while (k--) c = strchr(c, '|') + 1;
            const char *bar = strchr(c, '|');
            pick = c, plen = bar ? (size_t)(bar - c) : strlen(c);
        }
        int repeat = rand_r(seed) % 25 == 0 ? 1 + rand_r(seed) % 70 : 1;
        for (int k = 0; k < repeat && pick; k++)
            if (n + plen < cap) memcpy(out + n, pick, plen), n += plen;
        if (rand_r(seed) % 40 == 0) {
            const char *z = noise[rand_r(seed) % NNOISE];
            if (n + strlen(z) < cap) memcpy(out + n, z, strlen(z)), n += strlen(z);
        }
    }
    return n;
}

#define WS "| |  |\t|　| 　"
#define DIG "1|12|2019|0|123456|1234567|１２|9"
#define Y4 "2019|2021|2019|１２３４|123|12345"
#define MD "1|12|01|１|123|1|31"

static void random_lines(ptc_scanner *sc, fast_fn fast, ptc_line_kind which, int ncap, const char *const *slots,
                         size_t nslots, unsigned seed) {
    char buf[1200];
    size_t answered = 0, runs = 60000;
    /* PTC_FAST_RUNS=N PTC_FAST_SEED=S: a longer run, by hand */
    const char *env = getenv("PTC_FAST_RUNS");
    if (env) runs = (size_t)strtoul(env, NULL, 10);
    if ((env = getenv("PTC_FAST_SEED"))) seed += (unsigned)strtoul(env, NULL, 10) * 16;
    for (size_t i = 0; i < runs; i++) {
        size_t n = build(slots, nslots, buf, sizeof buf, &seed);
        answered += (size_t)agree(sc, fast, which, ncap, buf, n);
    }
    /* the skeletons are built to match often: the test would prove little
       if the fast path never answered */
    print_message("%zu of %zu answered\n", answered, runs);
    assert_true(answered > runs / 50);
}

static void test_heading(void **state) {
    static const char *const slots[] = {WS, DIG "|||", WS, "、|.|．|、|", WS, "项目|1|a|绩效|",
                                        "支出绩效|项目|目标|（机关）|表|||", "目标|批复|申报|审批|自评|目标",
                                        "表|表|表|", "|(基础)|（续）|（A)", WS};
    random_lines(*state, heading, PTC_LINE_HEADING, 2, slots, sizeof slots / sizeof *slots, 1);
}

static void test_year(void **state) {
    static const char *const slots[] = {WS, "(|（|（", WS, Y4, WS, "年|年|", WS, "度|度|", WS, ")|）|）", WS};
    random_lines(*state, year, PTC_LINE_YEAR, 1, slots, sizeof slots / sizeof *slots, 2);
}

static void test_applicant(void **state) {
    static const char *const slots[] = {WS, "申", WS, "报", WS, "单", WS, "位", WS, ":|：|：", WS,
                                        "某局|（机关）|a b|||申报单位：", WS, "中心|x|", WS};
    random_lines(*state, applicant, PTC_LINE_APPLICANT, 1, slots, sizeof slots / sizeof *slots, 3);
}

static void test_unit_item(void **state) {
    static const char *const slots[] = {WS, DIG, WS, "、|.|．|、", WS, "某局|绩效项目|a|（本级）|2个",
                                        "绩效项目|中心||绩效项目3个", WS, "绩效项目|绩效项目|", WS, DIG, WS,
                                        "个|个|", WS, "；|;|，|,|。|||x", "其他|", WS};
    random_lines(*state, unit_item, PTC_LINE_UNIT_ITEM, 3, slots, sizeof slots / sizeof *slots, 4);
}

static void test_period(void **state) {
    static const char *const slots[] = {WS, Y4, WS, "-|.|/|年", WS, MD, WS, "-|.|/|月", WS, MD, WS, "日|",
                                        WS, "至|到|~|～|—|-|－|——", WS, Y4, WS, "-|.|/|年", WS, MD, WS,
                                        "-|.|/|月", WS, MD, WS, "日|", WS};
    random_lines(*state, period, PTC_LINE_NONE, 6, slots, sizeof slots / sizeof *slots, 5);
}

/* The forms real tables use must take the fast path. */
static void test_plain_forms_answer(void **state) {
    static const struct {
        fast_fn fast;
        ptc_line_kind which;
        int ncap;
        const char *s;
    } cases[] = {
        {heading, PTC_LINE_HEADING, 2, "1、项目支出绩效目标批复表"},
        {heading, PTC_LINE_HEADING, 2, "10、项目支出绩效目标批复表  "},
        {heading, PTC_LINE_HEADING, 2, "2021年度项目支出绩效自评表"},
        {year, PTC_LINE_YEAR, 1, "(2019 年度)"},
        {year, PTC_LINE_YEAR, 1, "（2021年）"},
        {year, PTC_LINE_YEAR, 1, "(2021年度)"},
        {year, PTC_LINE_YEAR, 1, "(2021 年度) "},
        {applicant, PTC_LINE_APPLICANT, 1, "申报单位：  某局　 "},
        {applicant, PTC_LINE_APPLICANT, 1, "申报单位：聊城市人力资源和社会保障局（机关）"},
        {applicant, PTC_LINE_APPLICANT, 1, "申 报 单 位: 某局  "},
        {applicant, PTC_LINE_APPLICANT, 1, "申报单位："},
        {unit_item, PTC_LINE_UNIT_ITEM, 3, "1、聊城市人力资源和社会保障局（本级）（包括财务不独立的2个事业单位）绩效项目11个；"},
        {unit_item, PTC_LINE_UNIT_ITEM, 3, "2、聊城市人事考试中心绩效项目1个，具体如下："},
        {period, PTC_LINE_NONE, 6, "2019-01-01 至 2019-12-31"},
        {period, PTC_LINE_NONE, 6, "2021年1月1日至2021年12月31日"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (!agree(*state, cases[i].fast, cases[i].which, cases[i].ncap, cases[i].s, strlen(cases[i].s))) {
            print_error("\"%s\": not answered\n", cases[i].s);
            fail();
        }
    }
}

/* True when s[0..len) is valid UTF-8 (what the scanner is given: decoded
   text). */
static int valid_utf8(const unsigned char *s, size_t len) {
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        size_t w = c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xF0 && c < 0xF5 ? 4 : 0;
        if (!w || i + w > len) return 0;
        unsigned cp = w == 1 ? c : w == 2 ? c & 0x1F : w == 3 ? c & 0x0F : c & 0x07;
        for (size_t k = 1; k < w; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if ((w == 3 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) || (w == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        i += w;
    }
    return 1;
}

/* PTC_FAST_FILE=PATH: every line of a file, and every cell of it, through
   every matcher (by hand, on corpora). */
static void test_file(void **state) {
    const char *path = getenv("PTC_FAST_FILE");
    if (!path) skip();
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static const struct {
        fast_fn fast;
        ptc_line_kind which;
        int ncap;
    } all[] = {{heading, PTC_LINE_HEADING, 2},
               {year, PTC_LINE_YEAR, 1},
               {applicant, PTC_LINE_APPLICANT, 1},
               {unit_item, PTC_LINE_UNIT_ITEM, 3},
               {period, PTC_LINE_NONE, 6}};
    char line[65536];
    size_t answered = 0, tried = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        if (!valid_utf8((const unsigned char *)line, n)) continue;
        for (size_t k = 0; k < 5; k++) answered += (size_t)agree(*state, all[k].fast, all[k].which, all[k].ncap, line, n);
        for (size_t a = 0; a <= n;) {
            size_t b = a;
            while (b < n && line[b] != '\t' && line[b] != '\n') b++;
            for (size_t k = 0; k < 5; k++)
                answered += (size_t)agree(*state, all[k].fast, all[k].which, all[k].ncap, line + a, b - a);
            tried++;
            a = b + 1;
        }
    }
    fclose(f);
    print_message("%zu cells, %zu answered\n", tried, answered);
}

/* ptc_scan_funds_row's first-character test must pass every start the
   pattern takes: each kind of leading whitespace before each opening. */
static void test_funds_row_starts(void **state) {
    static const char *const ws[] = {"", " ", "\t", "\u3000", "\u00a0", "\u2003", "\u1680", "\xc2\x85", " \u3000"};
    static const char *const open[] = {"一、", "二.", "三．", "四、", "五、", "六、", "七、", "八、", "九、", "十、", "十一、",
                                       "1、", "12.", "(1)", "（2）", "１、", "（１）、", "3)", "其中：", "其中", "其中:"};
    char line[128];
    for (size_t w = 0; w < sizeof ws / sizeof *ws; w++)
        for (size_t o = 0; o < sizeof open / sizeof *open; o++) {
            int n = snprintf(line, sizeof line, "%s%s预算资金:250万元", ws[w], open[o]);
            if (ptc_scan_funds_row(*state, line, (size_t)n) != 1) {
                print_error("\"%s\": not a funds row\n", line);
                fail();
            }
        }
    assert_int_equal(ptc_scan_funds_row(*state, "项目绩效年度目标", strlen("项目绩效年度目标")), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heading),   cmocka_unit_test(test_year),   cmocka_unit_test(test_applicant),
        cmocka_unit_test(test_unit_item), cmocka_unit_test(test_period), cmocka_unit_test(test_plain_forms_answer),
        cmocka_unit_test(test_file),      cmocka_unit_test(test_funds_row_starts),
    };
    return cmocka_run_group_tests(tests, ptc_test_scanner_setup, ptc_test_scanner_teardown);
}

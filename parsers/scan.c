#define PCRE2_CODE_UNIT_WIDTH 8
#include "parsers/scan.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/limits.h"
#include "common/normalize.h"
#include "parsers/scan_fast.h"
#include "ptconv.h"

/* Labels and header cells are matched after normalisation (no whitespace,
   brackets and colons folded to full width), so those patterns need no
   tolerance for spacing noise; free-text lines are matched as written. */
enum rx_id {
    RX_TITLE,
    RX_SUMMARY,
    RX_INTRO,
    RX_UNIT_ITEM,
    RX_HEADING,
    RX_YEAR,
    RX_APPLICANT,
    RX_PAGE_NUMBER,
    RX_PERIOD,
    RX_WEB_STAMP,
    RX_FUNDS_ROW,
    RX_GOAL_MARKER,
    RX_COUNT
};

/* Digits as people type them: ASCII or full-width (never \d, which in UCP
   mode also takes digits that values.c does not read). */
#define D "[0-9０-９]"
#define NUMBER "(?:" D "{1,3}(?:," D "{3})+|" D "+)(?:[.．]" D "+)?"
#define DATE "(" D "{4})\\s*[-./年]\\s*(" D "{1,2})\\s*[-./月]\\s*(" D "{1,2})\\s*日?"

static const char *const rx_source[RX_COUNT] = {
    [RX_TITLE] = "^\\s*((?:\\S.{0,40}?)?绩效目标(?:设置|管理|实现)?情况)\\s*$",
    [RX_SUMMARY] = "^\\s*(" D "{4})\\s*年度?\\s*(\\S.*?)\\s*(?:项目支出|部门预算|预算项目).*?"
                   "项目\\s*(" D "{1,6})\\s*个.*?(" NUMBER ")\\s*(万元|亿元|元)",
    [RX_INTRO] = "^\\s*\\S{0,20}?如下\\s*[：:]?\\s*$",
    [RX_UNIT_ITEM] = "^\\s*(" D "{1,4})\\s*[、.．]\\s*(\\S.*?)\\s*绩效项目\\s*(" D "{1,6})\\s*个"
                     "\\s*(?:[；;，,。].*)?$",
    /* the title may end in a qualifier: 绩效目标申报表(基础设施建设类); never in
   （续）, the same table continued on the next page */
    [RX_HEADING] = "^\\s*(?:(" D "{1,6})\\s*[、.．]\\s*)?(\\S.{0,60}?(?:批复|目标|申报|审批|自评)表"
                   "(?:\\s*[（(](?!\\s*续)[^()（）]{1,30}[)）])?)\\s*$",
    [RX_YEAR] = "^\\s*[（(]\\s*(" D "{4})\\s*年\\s*度?\\s*[)）]\\s*$",
    [RX_APPLICANT] = "^\\s*申\\s*报\\s*单\\s*位\\s*[:：]\\s*(.*?)\\s*$",
    [RX_PAGE_NUMBER] = "^\\s*(?:[-—–－]\\s*" D "{1,4}\\s*[-—–－]|第\\s*" D "{1,4}\\s*页"
                       "(?:\\s*[,，/]?\\s*共\\s*" D "{1,4}\\s*页)?|" D "{1,4}\\s*/\\s*" D "{1,4}"
                       "|附件\\s*" D "{0,3})\\s*$",
    /* a web page's byline: 某某局 xtcg.example.gov.cn 发布时间:2024-07-09 11:10 */
    [RX_WEB_STAMP] = "^.{0,80}?(?:发布时间|发布日期|更新时间|来源)\\s*[:：]\\s*.{0,40}?" D "{4}\\s*[-./年]"
                     "\\s*" D "{1,2}\\s*[-./月]\\s*" D "{1,2}.{0,24}$",
    /* a funds sub-row written as one line: 一、预算资金:250, 其中：财政拨款 100万元 */
    [RX_FUNDS_ROW] = "^\\s*(?:[一二三四五六七八九十]{1,3}\\s*[、.．]|[(（]?" D "{1,2}[)）]?\\s*[、.．)）]|其中\\s*[:：]?)"
                     "\\s*[^:：\\s]{1,20}\\s*[:：]?\\s*" NUMBER "\\s*(?:万元|亿元|千元|元|万)?\\s*$",
    /* the marker of one goal in a numbered list: 目标1： 目标二、 */
    [RX_GOAL_MARKER] = "(?:^|(?<=[\\s。；;，,]))(目标\\s*(?:" D "{1,3}|[一二三四五六七八九十]{1,3}))\\s*[:：、.．]\\s*",
    [RX_PERIOD] = "^\\s*" DATE "\\s*(?:至|到|~|～|—+|-|－)\\s*" DATE "\\s*$",
};

static pcre2_code *rx_code[RX_COUNT];
/* Which patterns JIT compiled: those are run with pcre2_jit_match, the
   fast path that skips pcre2_match's checks of its arguments (the same
   answers: pcre2_match runs the same JIT code) */
static bool rx_jit[RX_COUNT];
static pcre2_match_context *rx_limits;
static pthread_once_t rx_once = PTHREAD_ONCE_INIT;
static int rx_ready;

static void rx_release(void) {
    for (int i = 0; i < RX_COUNT; i++) {
        pcre2_code_free(rx_code[i]);
        rx_code[i] = NULL;
    }
    pcre2_match_context_free(rx_limits);
    rx_limits = NULL;
}

/* The compiled patterns live for the whole process; release them at exit so
   leak checkers see a clean heap. */
__attribute__((destructor)) static void rx_destroy(void) { rx_release(); }

static void rx_compile(void) {
    rx_limits = pcre2_match_context_create(NULL);
    if (!rx_limits) return;
    pcre2_set_match_limit(rx_limits, PTC_REGEX_MATCH_LIMIT);
    pcre2_set_depth_limit(rx_limits, PTC_REGEX_DEPTH_LIMIT);
    for (int i = 0; i < RX_COUNT; i++) {
        int err;
        PCRE2_SIZE erroff;
        rx_code[i] = pcre2_compile((PCRE2_SPTR)rx_source[i], PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP, &err, &erroff, NULL);
        if (!rx_code[i]) {
            rx_release();
            return;
        }
        /* JIT is an optimisation: without it (unsupported CPU) the
           interpreter gives the same answers. */
        rx_jit[i] = pcre2_jit_compile(rx_code[i], PCRE2_JIT_COMPLETE) == 0;
    }
    rx_ready = 1;
}

struct ptc_scanner {
    pcre2_match_data *md;
};

ptc_scanner *ptc_scanner_new(void) {
    pthread_once(&rx_once, rx_compile);
    if (!rx_ready) return NULL;
    ptc_scanner *sc = calloc(1, sizeof *sc);
    if (!sc) return NULL;
    sc->md = pcre2_match_data_create(16, NULL);
    if (!sc->md) {
        free(sc);
        return NULL;
    }
    return sc;
}

void ptc_scanner_free(ptc_scanner *sc) {
    if (!sc) return;
    pcre2_match_data_free(sc->md);
    free(sc);
}

/* 1 match, 0 no match, PTC_SCAN_LIMIT when a limit stopped the match;
   the search starts at byte `from`. */
static int rx_run_from(ptc_scanner *sc, enum rx_id id, const char *s, size_t len, size_t from) {
    /* subjects are decoded text, valid UTF-8 by construction (JIT code
       never checks it) */
    int rc = rx_jit[id] ? pcre2_jit_match(rx_code[id], (PCRE2_SPTR)s, len, from, 0, sc->md, rx_limits)
                        : pcre2_match(rx_code[id], (PCRE2_SPTR)s, len, from, PCRE2_NO_UTF_CHECK, sc->md, rx_limits);
    if (rc > 0) return 1;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
        return PTC_SCAN_LIMIT;
    return 0;
}

static int rx_run(ptc_scanner *sc, enum rx_id id, const char *s, size_t len) {
    return rx_run_from(sc, id, s, len, 0);
}

static ptc_cap rx_group(const ptc_scanner *sc, int group) {
    ptc_cap c = {PTC_NOCAP, 0};
    if ((uint32_t)group >= pcre2_get_ovector_count(sc->md)) return c;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    if (ov[2 * group] == PCRE2_UNSET) return c;
    c.off = ov[2 * group];
    c.len = ov[2 * group + 1] - ov[2 * group];
    return c;
}

static int has(const char *s, size_t len, const char *needle) {
    return ptc_contains(s, len, needle);
}

static int ends_with(const char *s, size_t len, const char *suffix) {
    size_t n = strlen(suffix);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* A title ends in 表, or in a bracketed qualifier after 表. */
static int title_end(const char *s, size_t len) {
    if (ends_with(s, len, "表")) return 1;
    return (ends_with(s, len, ")") || ends_with(s, len, "）")) &&
           (has(s, len, "表(") || has(s, len, "表（") || has(s, len, "表 (") || has(s, len, "表 （"));
}

static const char *skip_space(const char *s, const char *end) {
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    return s;
}

/* Tries one pattern and copies `ncap` groups; returns like rx_run. */
static int try_line(ptc_scanner *sc, enum rx_id id, ptc_line_kind kind, int ncap, const char *s,
                    size_t len, ptc_line_match *m) {
    /* the lines that open every table, in their plain forms, without the
       pattern (it cost two thousand instructions a line) */
    ptc_cap fast[3];
    int rc = id == RX_HEADING     ? ptc_fast_heading(s, len, fast)
             : id == RX_YEAR      ? ptc_fast_year(s, len, fast)
             : id == RX_APPLICANT ? ptc_fast_applicant(s, len, fast)
             : id == RX_UNIT_ITEM ? ptc_fast_unit_item(s, len, fast)
                                  : PTC_FAST_ASK;
    if (rc == 1) {
        m->kind = kind;
        for (int i = 0; i < 5; i++) m->cap[i] = i < ncap ? fast[i] : (ptc_cap){PTC_NOCAP, 0};
        return 1;
    }
    rc = rx_run(sc, id, s, len);
    if (rc != 1) return rc;
    m->kind = kind;
    for (int i = 0; i < 5; i++) m->cap[i] = i < ncap ? rx_group(sc, i + 1) : (ptc_cap){PTC_NOCAP, 0};
    return 1;
}

int ptc_scan_line(ptc_scanner *sc, const char *s, size_t len, ptc_line_match *m) {
    memset(m, 0, sizeof *m);
    const char *end = s + len;
    const char *p = skip_space(s, end);
    if (p == end) return 0;
    int rc = 0;
    unsigned char c0 = (unsigned char)*p;
    bool digit = (c0 >= '0' && c0 <= '9') ||
                 (end - p >= 3 && c0 == 0xEF && (unsigned char)p[1] == 0xBC &&
                  (unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x99);
    if (digit) {
        if (title_end(s, len) && (rc = try_line(sc, RX_HEADING, PTC_LINE_HEADING, 2, s, len, m)))
            return rc;
        if (has(s, len, "绩效项目") &&
            (rc = try_line(sc, RX_UNIT_ITEM, PTC_LINE_UNIT_ITEM, 3, s, len, m)))
            return rc;
        if (has(s, len, "个") && (rc = try_line(sc, RX_SUMMARY, PTC_LINE_SUMMARY, 5, s, len, m)))
            return rc;
        return 0;
    }
    if ((c0 == '(' || (end - p >= 3 && memcmp(p, "（", 3) == 0)) && len < 64)
        if ((rc = try_line(sc, RX_YEAR, PTC_LINE_YEAR, 1, s, len, m))) return rc;
    if (has(s, len < 24 ? len : 24, "申") &&
        (rc = try_line(sc, RX_APPLICANT, PTC_LINE_APPLICANT, 1, s, len, m)))
        return rc;
    /* an unnumbered table title: 2021年度项目支出绩效自评表 */
    if (len < 200 && title_end(s, len) && has(s, len, "绩效") &&
        (rc = try_line(sc, RX_HEADING, PTC_LINE_HEADING, 2, s, len, m)))
        return rc;
    if (len < 160 && has(s, len, "情况") &&
        (rc = try_line(sc, RX_TITLE, PTC_LINE_TITLE, 1, s, len, m)))
        return rc;
    if (len < 96 && has(s, len, "如下") && (rc = try_line(sc, RX_INTRO, PTC_LINE_INTRO, 0, s, len, m)))
        return rc;
    return 0;
}

/* False when RX_PAGE_NUMBER cannot match s[0..len): by what can begin it,
   its leading whitespace (\s with UCP: ASCII, U+0085 U+00A0 C2, U+1680 E1,
   U+2000-U+205F E2 80/81, U+3000 E3 80 80) or what may follow that
   (- — – －, 第, a digit, 附). A line that begins with an ASCII digit is a
   page number only as N/M. Most lines are rejected here, without the
   pattern. */
static bool may_be_page_number(const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str;
    if (!len) return false;
    switch (s[0]) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case '-': case 0xE1: case 0xEF: return true;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        return memchr(s, '/', len) != NULL;
    case 0xC2: return len >= 2 && (s[1] == 0x85 || s[1] == 0xA0);
    case 0xE2: return len >= 2 && (s[1] == 0x80 || s[1] == 0x81);
    case 0xE3: return len >= 3 && s[1] == 0x80 && s[2] == 0x80;
    case 0xE7: return len >= 3 && s[1] == 0xAC && s[2] == 0xAC; /* 第 */
    case 0xE9: return len >= 3 && s[1] == 0x99 && s[2] == 0x84; /* 附 */
    default: return false;
    }
}

int ptc_scan_page_number(ptc_scanner *sc, const char *s, size_t len) {
    if (len > 64 || !may_be_page_number(s, len)) return 0;
    return rx_run(sc, RX_PAGE_NUMBER, s, len);
}

/* False when RX_FUNDS_ROW cannot match s[0..len) by what can begin it:
   leading whitespace (lead bytes as in may_be_page_number), a numeral
   一..十, 其 (其中), a bracket ( （ or a digit (EF: full width). The lines
   asked in a funds block are mostly its title, 项目绩效年度目标. */
static bool may_be_funds_row(const char *str, size_t len) {
    static const char starts[] = "一二三四五六七八九十其";
    const unsigned char *s = (const unsigned char *)str;
    if (!len) return false;
    switch (s[0]) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case '(': case 0xC2: case 0xE1: case 0xE2:
    case 0xE3: case 0xEF: return true;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9': return true;
    case 0xE4: case 0xE5:
        for (size_t i = 0; len >= 3 && i < sizeof starts - 1; i += 3)
            if (memcmp(s, starts + i, 3) == 0) return true;
        return false;
    default: return false;
    }
}

int ptc_scan_funds_row(ptc_scanner *sc, const char *s, size_t len) {
    if (len > 160 || !may_be_funds_row(s, len)) return 0;
    return rx_run(sc, RX_FUNDS_ROW, s, len);
}

int ptc_scan_web_stamp(ptc_scanner *sc, const char *s, size_t len) {
    if (len > 240 || !ptc_contains_any3(s, len, "发布", sizeof "发布" - 1, "更新时间", sizeof "更新时间" - 1, "来源",
                                        sizeof "来源" - 1))
        return 0;
    return rx_run(sc, RX_WEB_STAMP, s, len);
}

int ptc_scan_period(ptc_scanner *sc, const char *s, size_t len, ptc_cap cap[6]) {
    if (ptc_fast_period(s, len, cap) == 1) return 1;
    int rc = rx_run(sc, RX_PERIOD, s, len);
    if (rc != 1) return rc;
    for (int i = 0; i < 6; i++) cap[i] = rx_group(sc, i + 1);
    return 1;
}

int ptc_scan_goal_marker(ptc_scanner *sc, const char *s, size_t len, size_t from, ptc_cap *marker,
                         ptc_cap *label) {
    int rc = rx_run_from(sc, RX_GOAL_MARKER, s, len, from);
    if (rc != 1) return rc;
    *marker = rx_group(sc, 0);
    *label = rx_group(sc, 1);
    return 1;
}

int ptc_scan_pattern_only(ptc_scanner *sc, ptc_line_kind which, const char *s, size_t len, ptc_cap *cap,
                          int ncap) {
    enum rx_id id = which == PTC_LINE_HEADING     ? RX_HEADING
                    : which == PTC_LINE_YEAR      ? RX_YEAR
                    : which == PTC_LINE_APPLICANT ? RX_APPLICANT
                    : which == PTC_LINE_UNIT_ITEM ? RX_UNIT_ITEM
                                                  : RX_PERIOD;
    int rc = rx_run(sc, id, s, len);
    if (rc != 1) return rc;
    for (int i = 0; i < ncap; i++) cap[i] = rx_group(sc, i + 1);
    return 1;
}

#define PCRE2_CODE_UNIT_WIDTH 8
#include "parsers/scan.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/limits.h"
#include "common/normalize.h"
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
    RX_LABEL,
    RX_HEADER_CELL,
    RX_VALUE,
    RX_AMOUNT,
    RX_PERIOD,
    RX_COUNT
};

#define NUMBER "(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?"
#define DATE "(\\d{4})\\s*[-./年]\\s*(\\d{1,2})\\s*[-./月]\\s*(\\d{1,2})\\s*日?"

static const char *const rx_source[RX_COUNT] = {
    [RX_TITLE] = "^\\s*((?:\\S.{0,40}?)?绩效目标(?:设置|管理|实现)?情况)\\s*$",
    [RX_SUMMARY] = "^\\s*(\\d{4})\\s*年度?\\s*(\\S.*?)\\s*(?:项目支出|部门预算|预算项目).*?"
                   "项目\\s*(\\d{1,6})\\s*个.*?(" NUMBER ")\\s*(万元|亿元|元)",
    [RX_INTRO] = "^\\s*\\S{0,20}?如下\\s*[：:]?\\s*$",
    [RX_UNIT_ITEM] = "^\\s*(\\d{1,4})\\s*[、.．]\\s*(\\S.*?)\\s*绩效项目\\s*(\\d{1,6})\\s*个"
                     "\\s*(?:[；;，,。].*)?$",
    [RX_HEADING] = "^\\s*(\\d{1,6})\\s*[、.．]\\s*(\\S.{0,60}?(?:批复|目标|申报|审批|自评)表)\\s*$",
    [RX_YEAR] = "^\\s*[（(]\\s*(\\d{4})\\s*年\\s*度?\\s*[)）]\\s*$",
    [RX_APPLICANT] = "^\\s*申\\s*报\\s*单\\s*位\\s*[:：]\\s*(.*?)\\s*$",
    [RX_LABEL] = "^(?:(项目名称)|((?:项目)?主管部门)|(预算执行单位|(?:项目)?实施单位|项目执行单位)"
                 "|(项目类型)|(项目期限)|(项目资金(?:申请)?(?:（(万元|元|亿元)）)?)"
                 "|(项目绩效年度目标|年度绩效目标|项目绩效总目标)|(年度绩效指标)"
                 "|(其他说明)|(申报单位))$",
    [RX_HEADER_CELL] = "^(?:([一二三四五六七八九])级指标|(指标类型)|(指标名称|指标内容)|(指标值)|(计量单位))$",
    [RX_VALUE] = "^\\s*(≥=|≥|≧|>=|＞=|＞＝|不低于|不少于|大于等于|≤=|≤|≦|<=|＜=|＜＝|不高于|不超过|不多于|小于等于"
                 "|>|＞|大于|高于|超过|<|＜|小于|低于|=|＝|等于)?\\s*(?:约\\s*)?([+-]?" NUMBER ")?\\s*(.*)$",
    [RX_AMOUNT] = "^\\s*(" NUMBER ")\\s*(万元|亿元|千元|元)?\\s*$",
    [RX_PERIOD] = "^\\s*" DATE "\\s*(?:至|到|~|～|—+|-|－)\\s*" DATE "\\s*$",
};

static pcre2_code *rx_code[RX_COUNT];
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
        (void)pcre2_jit_compile(rx_code[i], PCRE2_JIT_COMPLETE);
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

/* 1 match, 0 no match, PTC_SCAN_LIMIT when a limit stopped the match. */
static int rx_run(ptc_scanner *sc, enum rx_id id, const char *s, size_t len) {
    int rc = pcre2_match(rx_code[id], (PCRE2_SPTR)s, len, 0, 0, sc->md, rx_limits);
    if (rc > 0) return 1;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
        return PTC_SCAN_LIMIT;
    return 0;
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

static const char *skip_space(const char *s, const char *end) {
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    return s;
}

/* Tries one pattern and copies `ncap` groups; returns like rx_run. */
static int try_line(ptc_scanner *sc, enum rx_id id, ptc_line_kind kind, int ncap, const char *s,
                    size_t len, ptc_line_match *m) {
    int rc = rx_run(sc, id, s, len);
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
    if (c0 >= '0' && c0 <= '9') {
        if (ends_with(s, len, "表") && (rc = try_line(sc, RX_HEADING, PTC_LINE_HEADING, 2, s, len, m)))
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
    if (len < 160 && has(s, len, "情况") &&
        (rc = try_line(sc, RX_TITLE, PTC_LINE_TITLE, 1, s, len, m)))
        return rc;
    if (len < 96 && has(s, len, "如下") && (rc = try_line(sc, RX_INTRO, PTC_LINE_INTRO, 0, s, len, m)))
        return rc;
    return 0;
}

int ptc_scan_label(ptc_scanner *sc, const char *s, size_t len, ptc_label *label, ptc_cap *unit) {
    *label = PTC_LABEL_NONE;
    unit->off = PTC_NOCAP;
    unit->len = 0;
    /* Every label is 4-12 CJK characters (12-36 bytes) and starts with one
       of a few characters: reject the rest (values, indicator rows) before
       the regex. */
    if (len < 6 || len > 48) return 0;
    static const char *const first_chars[] = {"项", "主", "预", "实", "年", "其", "申"};
    bool candidate = false;
    for (size_t i = 0; i < sizeof first_chars / sizeof first_chars[0] && !candidate; i++)
        candidate = memcmp(s, first_chars[i], 3) == 0;
    if (!candidate) return 0;
    int rc = rx_run(sc, RX_LABEL, s, len);
    if (rc != 1) return rc;
    static const ptc_label by_group[] = {
        PTC_LABEL_NONE,       PTC_LABEL_PROJECT_NAME, PTC_LABEL_DEPARTMENT, PTC_LABEL_EXECUTING_UNIT,
        PTC_LABEL_PROJECT_TYPE, PTC_LABEL_PERIOD,     PTC_LABEL_FUNDS,      PTC_LABEL_NONE,
        PTC_LABEL_GOAL,       PTC_LABEL_INDICATORS,   PTC_LABEL_NOTES,      PTC_LABEL_APPLICANT};
    for (int g = 1; g < (int)(sizeof by_group / sizeof by_group[0]); g++) {
        if (by_group[g] == PTC_LABEL_NONE) continue;
        if (rx_group(sc, g).off != PTC_NOCAP) {
            *label = by_group[g];
            if (*label == PTC_LABEL_FUNDS) *unit = rx_group(sc, 7);
            return 1;
        }
    }
    return 0;
}

int ptc_scan_header_cell(ptc_scanner *sc, const char *s, size_t len, ptc_column_role *role,
                         int *level) {
    *role = PTC_COL_EXTRA;
    *level = 0;
    if (len < 6 || len > 24) return 0;
    int rc = rx_run(sc, RX_HEADER_CELL, s, len);
    if (rc != 1) return rc;
    ptc_cap g = rx_group(sc, 1);
    if (g.off != PTC_NOCAP) {
        static const char *const digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
        for (int i = 0; i < 9; i++)
            if (memcmp(s + g.off, digits[i], 3) == 0) *level = i + 1;
        *role = PTC_COL_LEVEL;
    } else if (rx_group(sc, 2).off != PTC_NOCAP) {
        *role = PTC_COL_LEVEL;
    } else if (rx_group(sc, 3).off != PTC_NOCAP) {
        *role = PTC_COL_NAME;
    } else if (rx_group(sc, 4).off != PTC_NOCAP) {
        *role = PTC_COL_VALUE;
    } else {
        *role = PTC_COL_UNIT;
    }
    return 1;
}

static const struct {
    const char *text;
    ptc_comparator cmp;
} comparator_words[] = {
    {"≥=", PTC_CMP_GE},     {"≥", PTC_CMP_GE},      {"≧", PTC_CMP_GE},       {">=", PTC_CMP_GE},
    {"＞=", PTC_CMP_GE},    {"＞＝", PTC_CMP_GE},    {"不低于", PTC_CMP_GE},  {"不少于", PTC_CMP_GE},
    {"大于等于", PTC_CMP_GE}, {"≤=", PTC_CMP_LE},   {"≤", PTC_CMP_LE},       {"≦", PTC_CMP_LE},
    {"<=", PTC_CMP_LE},     {"＜=", PTC_CMP_LE},    {"＜＝", PTC_CMP_LE},     {"不高于", PTC_CMP_LE},
    {"不超过", PTC_CMP_LE}, {"不多于", PTC_CMP_LE}, {"小于等于", PTC_CMP_LE}, {">", PTC_CMP_GT},
    {"＞", PTC_CMP_GT},     {"大于", PTC_CMP_GT},   {"高于", PTC_CMP_GT},     {"超过", PTC_CMP_GT},
    {"<", PTC_CMP_LT},      {"＜", PTC_CMP_LT},     {"小于", PTC_CMP_LT},     {"低于", PTC_CMP_LT},
    {"=", PTC_CMP_EQ},      {"＝", PTC_CMP_EQ},     {"等于", PTC_CMP_EQ},
};

int ptc_scan_value(ptc_scanner *sc, const char *s, size_t len, int *comparator, ptc_cap *number) {
    *comparator = PTC_CMP_NONE;
    number->off = PTC_NOCAP;
    number->len = 0;
    int rc = rx_run(sc, RX_VALUE, s, len);
    if (rc != 1) return rc == 0 ? 1 : rc;
    ptc_cap cmp = rx_group(sc, 1), num = rx_group(sc, 2), rest = rx_group(sc, 3);
    if (cmp.off != PTC_NOCAP) {
        for (size_t i = 0; i < sizeof comparator_words / sizeof comparator_words[0]; i++) {
            size_t n = strlen(comparator_words[i].text);
            if (n == cmp.len && memcmp(s + cmp.off, comparator_words[i].text, n) == 0) {
                *comparator = comparator_words[i].cmp;
                break;
            }
        }
    }
    if (num.off != PTC_NOCAP) {
        int digit_after = 0;
        for (size_t i = 0; rest.off != PTC_NOCAP && i < rest.len; i++)
            if (s[rest.off + i] >= '0' && s[rest.off + i] <= '9') digit_after = 1;
        if (!digit_after) *number = num;
    }
    return 1;
}

int ptc_scan_amount(ptc_scanner *sc, const char *s, size_t len, ptc_cap *number, ptc_cap *unit) {
    int rc = rx_run(sc, RX_AMOUNT, s, len);
    if (rc != 1) return rc;
    *number = rx_group(sc, 1);
    *unit = rx_group(sc, 2);
    return 1;
}

int ptc_scan_period(ptc_scanner *sc, const char *s, size_t len, ptc_cap cap[6]) {
    int rc = rx_run(sc, RX_PERIOD, s, len);
    if (rc != 1) return rc;
    for (int i = 0; i < 6; i++) cap[i] = rx_group(sc, i + 1);
    return 1;
}

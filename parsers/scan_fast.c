/*
 * The fast matchers (scan_fast.h). Each follows its pattern step by step
 * on the one path PCRE2 takes first and answers only when that path
 * reaches the end: a greedy run of digits or spaces stops where the next
 * step needs a character the run cannot take, so no backtracking could
 * change a capture, and a lazy group ends at the only place the rest of
 * the pattern can match (argued at each matcher). Anything else is asked
 * of the pattern.
 *
 * The subject is first checked to hold no character whose class is in
 * doubt: bytes below 0x20 but TAB (\s and the newlines `.` stops at), and
 * the lead bytes C2, E1 and E2 (U+0085, U+00A0, U+1680, U+180E, U+2000-
 * U+205F: UCP whitespace or newlines). What is left is whitespace exactly
 * when it is ' ', TAB or U+3000, and every character of it matches `.`.
 */
#include "parsers/scan_fast.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "common/normalize.h"

typedef const unsigned char *bytes;

#ifdef __SSE2__
/* The bytes of x whose class is in doubt: up to 0x1F (but TAB), C2, E1, E2. */
static inline int doubtful16(__m128i x) {
    const __m128i low = _mm_set1_epi8(0x1F), tab = _mm_set1_epi8('\t'), c2 = _mm_set1_epi8((char)0xC2);
    const __m128i e1 = _mm_set1_epi8((char)0xE1), e2 = _mm_set1_epi8((char)0xE2), zero = _mm_setzero_si128();
    __m128i bad = _mm_andnot_si128(_mm_cmpeq_epi8(x, tab), _mm_cmpeq_epi8(_mm_subs_epu8(x, low), zero));
    bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(x, c2), _mm_or_si128(_mm_cmpeq_epi8(x, e1),
                                                                             _mm_cmpeq_epi8(x, e2))));
    return _mm_movemask_epi8(bad);
}
#endif

/* True when every character of s[0..len) has a class the matchers know.
   The test is of each byte alone, so blocks that overlap (the last one
   ending at len) give the same answer as a byte at a time. */
static bool plain(bytes s, size_t len) {
    if (len > PTC_FAST_MAX_LEN) return false;
    size_t i = 0;
#ifdef __SSE2__
    if (len >= 16) {
        for (; i + 16 <= len; i += 16)
            if (doubtful16(_mm_loadu_si128((const __m128i *)(const void *)(s + i)))) return false;
        return i == len || !doubtful16(_mm_loadu_si128((const __m128i *)(const void *)(s + len - 16)));
    }
    if (len >= 8) {
        /* eight to fifteen bytes: the first eight and the last eight */
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + len - 8, 8);
        return !doubtful16(_mm_set_epi64x((long long)b, (long long)a));
    }
#endif
    for (; i < len; i++) {
        unsigned char b = s[i];
        if ((b < 0x20 && b != '\t') || b == 0xC2 || b == 0xE1 || b == 0xE2) return false;
    }
    return true;
}

/* Width of the whitespace character at p (0 if none), in a plain subject. */
static size_t ws_at(bytes p, bytes end) {
    if (p >= end) return 0;
    unsigned char b = *p;
    if (b == ' ' || b == '\t') return 1;
    return b == 0xE3 && end - p >= 3 && p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
}

static bytes skip_ws(bytes p, bytes end) {
    for (size_t w; (w = ws_at(p, end)) != 0;) p += w;
    return p;
}

/* The start of the run of whitespace that ends at `end`, not before `floor`. */
static bytes trim_ws(bytes floor, bytes end) {
    for (;;) {
        if (end > floor && (end[-1] == ' ' || end[-1] == '\t')) end--;
        else if (end - floor >= 3 && end[-3] == 0xE3 && end[-2] == 0x80 && end[-1] == 0x80) end -= 3;
        else return end;
    }
}

/* Width of the digit at p as the patterns' D reads it ([0-9０-９]), or 0. */
static size_t digit_at(bytes p, bytes end) {
    if (p < end && *p >= '0' && *p <= '9') return 1;
    if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) return 3;
    return 0;
}

/* A run of at most `max` digits at *p (greedy): the count, *p moved past. */
static size_t digits(bytes *p, bytes end, size_t max) {
    size_t k = 0;
    for (size_t w; k < max && (w = digit_at(*p, end)) != 0; k++) *p += w;
    return k;
}

/* Width of the literal `lit` at p, or 0; inline, so that a literal's
   length is known when compiling and the compare is a load or two. */
static inline size_t lit_at(bytes p, bytes end, const char *lit) {
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0 ? n : 0;
}

/* A literal with its length, so that a list of them is tried without
   strlen; lists end with {NULL, 0}. */
struct lit {
    const char *s;
    size_t n;
};
#define LIT(x) {x, sizeof x - 1}
#define LIT_END {NULL, 0}

/* Width of one of the literals in `alts` at p, or 0. The literals are one,
   three or six bytes: those are compared without a call of memcmp. */
static inline size_t any_at(bytes p, bytes end, const struct lit *alts) {
    size_t room = (size_t)(end - p);
    for (; alts->s; alts++) {
        const unsigned char *l = (const unsigned char *)alts->s;
        size_t n = alts->n;
        if (room < n || p[0] != l[0]) continue;
        if (n == 1 || (n == 3 ? p[1] == l[1] && p[2] == l[2] : n == 6 ? memcmp(p, l, 6) == 0 : memcmp(p, l, n) == 0))
            return n;
    }
    return 0;
}

/* Width of the UTF-8 character whose lead byte is b. */
static size_t char_width(unsigned char b) { return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4; }

/* The first needle[0..n) (n >= 2) in p[0..end), or NULL: by its last
   byte, rare in Chinese text where its lead byte is not. */
static bytes find(bytes p, bytes end, const char *needle, size_t n) {
    const unsigned char *nd = (const unsigned char *)needle;
    if ((size_t)(end - p) < n) return NULL;
    for (bytes q = p + n - 1; q < end; q++) {
        q = memchr(q, nd[n - 1], (size_t)(end - q));
        if (!q) return NULL;
        if (memcmp(q - (n - 1), nd, n - 1) == 0) return q - (n - 1);
    }
    return NULL;
}

static bool ascii_digit(unsigned char b) { return (unsigned)(b - '0') < 10u; }
static bool date_sep(unsigned char b) { return b == '-' || b == '.' || b == '/'; }

static ptc_cap cap_of(bytes s, bytes from, bytes to) { return (ptc_cap){(size_t)(from - s), (size_t)(to - from)}; }

static const ptc_cap nocap = {PTC_NOCAP, 0};

static const struct lit dot_or_comma[] = {LIT("、"), LIT("."), LIT("．"), LIT_END};

/*
 * ^\s*(?:(D{1,6})\s*[、.．]\s*)?(\S.{0,60}?(?:批复|目标|申报|审批|自评)表(?:\s*[（(](?!\s*续)[^()（）]{1,30}[)）])?)\s*$
 *
 * Taken: a title ending in K表 (no bracketed qualifier: those are asked).
 * The optional number is tried first: taken when digits and a separator
 * are there (a shorter run of digits would leave a digit before the
 * separator). Group 2 then starts at a non-space; the lazy .{0,60}? ends
 * at the first place the rest matches, and as the title's last non-space
 * is 表 (not a bracket), that is only the last K表.
 */
int ptc_fast_heading(const char *str, size_t len, ptc_cap cap[2]) {
    static const struct lit kinds[] = {LIT("批复"), LIT("目标"), LIT("申报"), LIT("审批"), LIT("自评"), LIT_END};
    bytes s = (bytes)str, end = s + len;
    if (!plain(s, len)) return PTC_FAST_ASK;
    bytes p = skip_ws(s, end), num = p;
    cap[0] = nocap;
    size_t k = digits(&p, end, 7);
    bytes after_num = p;
    size_t w;
    if (k >= 1 && k <= 6 && (p = skip_ws(p, end), (w = any_at(p, end, dot_or_comma)) != 0)) {
        cap[0] = cap_of(s, num, after_num);
        p = skip_ws(p + w, end);
    } else {
        p = num;
    }
    if (p == end || ws_at(p, end)) return PTC_FAST_ASK;
    if ((size_t)(end - p) < char_width(*p)) return PTC_FAST_ASK;
    bytes title = p, body = p + char_width(*p);
    bytes e = trim_ws(title, end);
    if (e - body < 9 || memcmp(e - 3, "表", 3) != 0 || !any_at(e - 9, end, kinds)) return PTC_FAST_ASK;
    size_t between = (size_t)(e - 9 - body);
    if (between > 60 && ptc_utf8_chars((const char *)body, between) > 60) return PTC_FAST_ASK;
    cap[1] = cap_of(s, title, e);
    return 1;
}

/* ^\s*[（(]\s*(D{4})\s*年\s*度?\s*[)）]\s*$ : one path, nothing optional
   that a later step could take. */
int ptc_fast_year(const char *str, size_t len, ptc_cap cap[1]) {
    static const struct lit open[] = {LIT("（"), LIT("("), LIT_END}, close[] = {LIT("）"), LIT(")"), LIT_END};
    bytes s = (bytes)str, end = s + len;
    /* the form tables write, (2021 年度) or (2021年度), at once: every byte
       of it is known (so plain), and the steps below take the same path
       through it, the one space to skip included */
    if ((len == 12 || len == 13) && s[0] == '(' && ascii_digit(s[1]) && ascii_digit(s[2]) && ascii_digit(s[3]) &&
        ascii_digit(s[4])) {
        bytes q = s + 5 + (len == 13 && s[5] == ' ');
        if (q + 7 == end && memcmp(q, "年度)", 7) == 0) {
            cap[0] = cap_of(s, s + 1, s + 5);
            return 1;
        }
    }
    if (!plain(s, len)) return PTC_FAST_ASK;
    bytes p = skip_ws(s, end);
    size_t w = any_at(p, end, open);
    if (!w) return PTC_FAST_ASK;
    p = skip_ws(p + w, end);
    bytes year = p;
    if (digits(&p, end, 4) != 4) return PTC_FAST_ASK;
    cap[0] = cap_of(s, year, p);
    p = skip_ws(p, end);
    if (!(w = lit_at(p, end, "年"))) return PTC_FAST_ASK;
    p = skip_ws(p + w, end);
    p += lit_at(p, end, "度");
    p = skip_ws(p, end);
    if (!(w = any_at(p, end, close))) return PTC_FAST_ASK;
    return skip_ws(p + w, end) == end ? 1 : PTC_FAST_ASK;
}

/* ^\s*申\s*报\s*单\s*位\s*[:：]\s*(.*?)\s*$ : the group starts past the
   spaces after the colon and, lazy, ends where the closing spaces begin. */
int ptc_fast_applicant(const char *str, size_t len, ptc_cap cap[1]) {
    static const char word[4][4] = {"申", "报", "单", "位"}; /* three bytes each */
    static const struct lit colon[] = {LIT(":"), LIT("："), LIT_END};
    bytes s = (bytes)str, end = s + len;
    if (!plain(s, len)) return PTC_FAST_ASK;
    bytes p = s;
    /* the form tables write, 申报单位：, at once: the steps below find no
       space in it and take the full-width colon */
    if (len >= 15 && memcmp(s, "申报单位：", 15) == 0) {
        p = skip_ws(s + 15, end);
        cap[0] = cap_of(s, p, trim_ws(p, end));
        return 1;
    }
    for (size_t i = 0; i < 4; i++) {
        p = skip_ws(p, end);
        if (end - p < 3 || memcmp(p, word[i], 3) != 0) return PTC_FAST_ASK;
        p += 3;
    }
    p = skip_ws(p, end);
    size_t w = any_at(p, end, colon);
    if (!w) return PTC_FAST_ASK;
    p = skip_ws(p + w, end);
    cap[0] = cap_of(s, p, trim_ws(p, end));
    return 1;
}

/*
 * ^\s*(D{1,4})\s*[、.．]\s*(\S.*?)\s*绩效项目\s*(D{1,6})\s*个\s*(?:[；;，,。].*)?$
 *
 * Group 2, lazy, ends before the spaces in front of the first 绩效项目 past
 * its first character; taken only when the rest matches from there (else
 * PCRE2 would go on to a later 绩效项目).
 */
int ptc_fast_unit_item(const char *str, size_t len, ptc_cap cap[3]) {
    static const struct lit tail[] = {LIT("；"), LIT(";"), LIT("，"), LIT(","), LIT("。"), LIT_END};
    static const char key[] = "绩效项目";
    bytes s = (bytes)str, end = s + len;
    if (!plain(s, len)) return PTC_FAST_ASK;
    bytes p = skip_ws(s, end), num = p;
    size_t k = digits(&p, end, 5), w;
    if (k < 1 || k > 4) return PTC_FAST_ASK;
    cap[0] = cap_of(s, num, p);
    p = skip_ws(p, end);
    if (!(w = any_at(p, end, dot_or_comma))) return PTC_FAST_ASK;
    p = skip_ws(p + w, end);
    if (p == end || ws_at(p, end)) return PTC_FAST_ASK;
    if ((size_t)(end - p) < char_width(*p)) return PTC_FAST_ASK;
    bytes name = p, body = p + char_width(*p), q = body;
    /* a match of its bytes is at a character boundary: its first byte is a
       lead byte */
    q = find(q, end, key, sizeof key - 1);
    if (!q) return PTC_FAST_ASK;
    cap[1] = cap_of(s, name, trim_ws(body, q));
    p = skip_ws(q + sizeof key - 1, end);
    bytes count = p;
    k = digits(&p, end, 7);
    if (k < 1 || k > 6) return PTC_FAST_ASK;
    cap[2] = cap_of(s, count, p);
    p = skip_ws(p, end);
    if (!(w = lit_at(p, end, "个"))) return PTC_FAST_ASK;
    p = skip_ws(p + w, end);
    return p == end || any_at(p, end, tail) ? 1 : PTC_FAST_ASK;
}

/* DATE = (D{4})\s*[-./年]\s*(D{1,2})\s*[-./月]\s*(D{1,2})\s*日? : the
   groups' runs end where a separator must follow, so a shorter run would
   leave a digit there. The matched date ends past its 日, spaces left. */

static bytes date_at(bytes s, bytes p, bytes end, ptc_cap cap[3]) {
    static const struct lit sep1[] = {LIT("-"), LIT("."), LIT("/"), LIT("年"), LIT_END},
                            sep2[] = {LIT("-"), LIT("."), LIT("/"), LIT("月"), LIT_END};
    /* the form tables write, 2019-01-01, at once: the steps below read the
       same groups from it, as no space, digit or other separator is there
       to take (a digit after it would make the day's run too long: a full
       width one begins with EF, which is left to the steps) */
    if (end - p >= 10 && ascii_digit(p[0]) && ascii_digit(p[1]) && ascii_digit(p[2]) && ascii_digit(p[3]) &&
        date_sep(p[4]) && ascii_digit(p[5]) && ascii_digit(p[6]) && date_sep(p[7]) && ascii_digit(p[8]) &&
        ascii_digit(p[9]) && (end - p == 10 || (!ascii_digit(p[10]) && p[10] != 0xEF))) {
        cap[0] = cap_of(s, p, p + 4);
        cap[1] = cap_of(s, p + 5, p + 7);
        cap[2] = cap_of(s, p + 8, p + 10);
        p = skip_ws(p + 10, end);
        return p + lit_at(p, end, "日");
    }
    bytes g = p;
    if (digits(&p, end, 5) != 4) return NULL;
    cap[0] = cap_of(s, g, p);
    size_t w;
    p = skip_ws(p, end);
    if (!(w = any_at(p, end, sep1))) return NULL;
    p = skip_ws(p + w, end);
    g = p;
    if (!digits(&p, end, 2) || digit_at(p, end)) return NULL;
    cap[1] = cap_of(s, g, p);
    p = skip_ws(p, end);
    if (!(w = any_at(p, end, sep2))) return NULL;
    p = skip_ws(p + w, end);
    g = p;
    if (!digits(&p, end, 2) || digit_at(p, end)) return NULL;
    cap[2] = cap_of(s, g, p);
    p = skip_ws(p, end);
    return p + lit_at(p, end, "日");
}

/* ^\s*DATE\s*(?:至|到|~|～|—+|-|－)\s*DATE\s*$ (— is asked: its lead byte
   is E2). */
int ptc_fast_period(const char *str, size_t len, ptc_cap cap[6]) {
    static const struct lit to[] = {LIT("至"), LIT("到"), LIT("~"), LIT("～"), LIT("-"), LIT("－"), LIT_END};
    bytes s = (bytes)str, end = s + len;
    if (!plain(s, len)) return PTC_FAST_ASK;
    bytes p = date_at(s, skip_ws(s, end), end, cap);
    if (!p) return PTC_FAST_ASK;
    p = skip_ws(p, end);
    size_t w = any_at(p, end, to);
    if (!w) return PTC_FAST_ASK;
    p = date_at(s, skip_ws(p + w, end), end, cap + 3);
    return p && skip_ws(p, end) == end ? 1 : PTC_FAST_ASK;
}

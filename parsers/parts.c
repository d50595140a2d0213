/*
 * Parts of a cell's text (parts.h): codes, placeholders, numbering
 * prefixes, scores, mid-term qualifiers. Each is a short scan over code
 * points with full-width ASCII folded, so "（３０１）" reads as "(301)"; the
 * words are data below, not code.
 */
#include "parsers/parts.h"

#include <string.h>

/* ------------------------------------------------------------ data */

/* Brackets around a code or a score: ASCII (after folding), 【】, 〔〕. */
static const char *const opening[] = {"(", "[", "【", "〔"};
static const char *const closing[] = {")", "]", "】", "〕"};

/* Between a code and its name: 301-某局. */
static const char *const code_dashes[] = {"-", "—", "–", "‐", "－"};

/* Characters a placeholder name or value is made of: …… ... XX; and the
   numerals of 指标1 / 指标一. */
static const char *const dots[] = {".", "…", "。", "·", "⋯"};
static const char *const crosses[] = {"X", "x", "×", "Х", "х"};
static const char *const cn_numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
static const char placeholder_word[] = "指标"; /* 指标1, XX指标 */

/* After 指标1: the separator before the real name. */
static const char *const prefix_separators[] = {":", "、", ".", ",", "，"};

/* Inside a score: 50分, 0-20分, 0～20分. */
static const char *const score_ranges[] = {"-", "~", "—", "～", "至"};
static const char score_word[] = "分";

static const char *const midterm_words[] = {"中期", "中长期", "长期", "实施期"};

/* ------------------------------------------------------------ scanning */

typedef struct cursor {
    const char *s;
    size_t len, i;
} cursor;

/* The code point at the cursor with full-width ASCII folded and U+3000 as
   a space; its width in *w. */
static unsigned peek(const cursor *c, size_t *w) {
    const unsigned char *s = (const unsigned char *)c->s + c->i;
    size_t n = c->len - c->i;
    *w = 1;
    if (!n) return 0;
    if (s[0] < 0x80) return s[0];
    if ((s[0] & 0xE0) == 0xC0 && n >= 2) {
        *w = 2;
        return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    }
    if ((s[0] & 0xF0) == 0xE0 && n >= 3) {
        *w = 3;
        unsigned cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        if (cp == 0x3000) return ' ';
        return cp >= 0xFF01 && cp <= 0xFF5E ? cp - 0xFF00 + 0x20 : cp;
    }
    if ((s[0] & 0xF8) == 0xF0 && n >= 4) *w = 4;
    return 0xFFFD;
}

static bool at_end(const cursor *c) { return c->i >= c->len; }

/* Consume one of `words` (compared after folding a full-width ASCII
   character, so "－" matches "-" as well); true when one was there. A word
   whose first byte differs cannot match unless the character folds (a
   full-width form, or U+3000 as a space: lead bytes 0xEF, 0xE3), so most
   words are passed over on one byte. */
static bool take_one(cursor *c, const char *const *words, size_t n) {
    if (at_end(c)) return false;
    unsigned char b = (unsigned char)c->s[c->i];
    bool may_fold = b == 0xEF || b == 0xE3;
    size_t w = 0;
    unsigned cp = 0;
    bool peeked = false;
    for (size_t k = 0; k < n; k++) {
        if ((unsigned char)words[k][0] != b && !may_fold) continue;
        size_t wl = strlen(words[k]);
        if (c->len - c->i >= wl && memcmp(c->s + c->i, words[k], wl) == 0) {
            c->i += wl;
            return true;
        }
        if (wl != 1) continue;
        if (!peeked) cp = peek(c, &w), peeked = true;
        if (cp == (unsigned char)words[k][0]) {
            c->i += w;
            return true;
        }
    }
    return false;
}
#define TAKE(c, list) take_one((c), (list), sizeof(list) / sizeof((list)[0]))

static bool take_word(cursor *c, const char *word) {
    size_t n = strlen(word);
    if (c->len - c->i < n || memcmp(c->s + c->i, word, n) != 0) return false;
    c->i += n;
    return true;
}

static bool is_digit_cp(unsigned cp) { return cp >= '0' && cp <= '9'; }

/* Digits at the cursor: how many (their values' first four in *lead). */
static size_t take_digits(cursor *c, unsigned *lead) {
    size_t n = 0, w;
    unsigned cp;
    *lead = 0;
    while (!at_end(c) && is_digit_cp(cp = peek(c, &w))) {
        if (n < 4) *lead = *lead * 10 + (cp - '0');
        n++;
        c->i += w;
    }
    return n;
}

static void skip_spaces(cursor *c) {
    size_t w;
    while (!at_end(c) && peek(c, &w) == ' ') c->i += w;
}

static bool code_digits_ok(size_t n, unsigned lead) {
    /* a year in brackets ((2021)年度…) is no code */
    return n >= 3 && !(n == 4 && lead >= 1900 && lead <= 2099);
}

static ptc_str trimmed(const char *s, size_t len) {
    while (len && (s[len - 1] == ' ')) len--;
    while (len && *s == ' ') s++, len--;
    if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0) len -= 3;
    return (ptc_str){s, len};
}

/* Whether a byte can begin an opening bracket: "(", "[" or the lead byte of
   "（" "［" (U+FF08, U+FF3B, after folding) "【" "〔" (U+3010, U+3014). The
   scans below try a bracket at every character; this keeps them to the few
   places one can be. */
static bool may_open(unsigned char b) { return b == '(' || b == '[' || b == 0xEF || b == 0xE3; }

/* Whether `t` (spaces already trimmed at its end) ends with a closing
   bracket, as take_one compares them: ")" "]" also full-width. By the last
   byte first: most texts end in none of them. */
static bool ends_closing(ptc_str t) {
    static const char *const ends[] = {"）", "］", "】", "〕"};
    if (!t.len) return false;
    unsigned char last = (unsigned char)t.s[t.len - 1];
    if (last == ')' || last == ']') return true;
    if (t.len < 3 || (last != 0x89 && last != 0xBD && last != 0x91 && last != 0x95)) return false;
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++)
        if (memcmp(t.s + t.len - 3, ends[k], 3) == 0) return true;
    return false;
}

/* The opening bracket at the cursor, as the first b for which
   take_one(c, &opening[b], 1) matches finds it: b (the cursor moved past
   the bracket), or -1. One look at the byte instead of four calls: only
   "(" "[" and the lead bytes EF (a full-width form, folded) and E3 (【 〔)
   can begin one. */
static int take_opening(cursor *c) {
    if (at_end(c)) return -1;
    unsigned char b = (unsigned char)c->s[c->i];
    if (b == '(' || b == '[') {
        c->i++;
        return b == '(' ? 0 : 1;
    }
    if (b != 0xEF && b != 0xE3) return -1;
    size_t w;
    unsigned cp = peek(c, &w);
    if (cp == '(' || cp == '[') {
        c->i += w;
        return cp == '(' ? 0 : 1;
    }
    for (int k = 2; k < 4; k++)
        if (c->len - c->i >= 3 && memcmp(c->s + c->i, opening[k], 3) == 0) {
            c->i += 3;
            return k;
        }
    return -1;
}

/* A name that a code may stand before or after: not empty, not starting
   with a digit (301-2021年 is a range, not a code and a name). */
static bool name_ok(ptc_str name) {
    if (!name.len) return false;
    cursor c = {name.s, name.len, 0};
    size_t w;
    return !is_digit_cp(peek(&c, &w));
}

/* ------------------------------------------------------------ codes */

/* Where the opening bracket is in t (which ends_closing says ends with a
   closing one) when its run of digits (ASCII or full-width) reaches the
   closing bracket: its offset, or t.len when there is none. */
static size_t code_bracket_before_end(ptc_str t) {
    const unsigned char *u = (const unsigned char *)t.s;
    unsigned char last = u[t.len - 1];
    size_t e = t.len - (last == ')' || last == ']' ? 1 : 3);
    for (;;) {
        if (e >= 1 && u[e - 1] >= '0' && u[e - 1] <= '9') e--;
        else if (e >= 3 && u[e - 3] == 0xEF && u[e - 2] == 0xBC && u[e - 1] >= 0x90 && u[e - 1] <= 0x99) e -= 3;
        else break;
    }
    if (e >= 1 && (u[e - 1] == '(' || u[e - 1] == '[')) return e - 1;
    if (e >= 3 && ((u[e - 3] == 0xEF && u[e - 2] == 0xBC && (u[e - 1] == 0x88 || u[e - 1] == 0xBB)) ||
                   (u[e - 3] == 0xE3 && u[e - 2] == 0x80 && (u[e - 1] == 0x90 || u[e - 1] == 0x94))))
        return e - 3;
    return t.len;
}

/* ptc_split_code's code after the name: 某局（301）, 某局 308001. */
static bool split_code_after(const char *s, size_t len, ptc_str *code, ptc_str *name) {
    unsigned lead;
    /* 某局（301）: a bracket of digits that ends the text */
    ptc_str all = trimmed(s, len);
    bool closes = ends_closing(all);
    /* only an opening bracket right before the digits that run up to the
       closing one can begin the code (take_digits reads the whole run, and
       a bracket is no digit): the scan starts there, read from the end */
    size_t from = closes ? code_bracket_before_end(all) : all.len;
    for (size_t i = from > 1 ? from : 1; closes && i < all.len; i++) {
        if (!may_open((unsigned char)all.s[i])) continue;
        /* (at most one opening bracket matches at a place) */
        cursor o = {all.s, all.len, i};
        int ob = take_opening(&o);
        if (ob < 0) continue;
        size_t c0 = o.i, nd = take_digits(&o, &lead), c1 = o.i;
        if (!code_digits_ok(nd, lead) || !take_one(&o, &closing[ob], 1) || !at_end(&o)) continue;
        ptc_str rest = trimmed(all.s, i);
        if (!name_ok(rest)) return false;
        *code = (ptc_str){all.s + c0, c1 - c0};
        *name = rest;
        return true;
    }
    /* 某局 308001: a budget unit's code after a space, ending the text; a
       long run only (unit codes have six digits), so 某工程 300 stays whole */
    size_t sp = all.len;
    while (sp > 0 && all.s[sp - 1] >= '0' && all.s[sp - 1] <= '9') sp--;
    if (sp > 0 && sp < all.len && all.s[sp - 1] == ' ' && all.len - sp >= 5) {
        ptc_str rest = trimmed(all.s, sp - 1);
        if (!name_ok(rest) || !rest.len) return false;
        *code = (ptc_str){all.s + sp, all.len - sp};
        *name = rest;
        return true;
    }
    return false;
}

/* Whether a text beginning with byte b has no code before its name: not a
   space, bracket or digit as peek reads them (a CJK lead byte other than
   E0, whose overlong forms may be one, E3 of U+3000 and the brackets, EF of
   the full-width forms; or a letter). Most names begin so. */
static bool begins_plain(unsigned char b) {
    return (b >= 0xE1 && b <= 0xEE && b != 0xE3) || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
}

bool ptc_split_code(const char *s, size_t len, bool after, ptc_str *code, ptc_str *name) {
    /* what the scans of a code before the name would find there: none */
    if (len && begins_plain((unsigned char)s[0])) return after && split_code_after(s, len, code, name);
    cursor c = {s, len, 0};
    unsigned lead;
    skip_spaces(&c);
    size_t start = c.i;
    /* [123001]某某局, （301）某局 */
    cursor k = c;
    int b = take_opening(&k);
    bool bracket = b >= 0;
    if (bracket) {
        size_t d0 = k.i, n = take_digits(&k, &lead), d1 = k.i;
        if (code_digits_ok(n, lead) && take_one(&k, &closing[b], 1)) {
            ptc_str rest = trimmed(s + k.i, len - k.i);
            if (!name_ok(rest)) return false;
            *code = (ptc_str){s + d0, d1 - d0};
            *name = rest;
            return true;
        }
    }
    /* 301-某局 */
    size_t n = bracket ? 0 : take_digits(&c, &lead), d1 = c.i;
    if (n) {
        if (!code_digits_ok(n, lead)) return false;
        skip_spaces(&c);
        if (!TAKE(&c, code_dashes)) return false;
        ptc_str rest = trimmed(s + c.i, len - c.i);
        if (!name_ok(rest)) return false;
        *code = (ptc_str){s + start, d1 - start};
        *name = rest;
        return true;
    }
    if (!after) return false;
    return split_code_after(s, len, code, name);
}

/* ------------------------------------------------------------ placeholders */

static bool only_dots(cursor c) {
    if (at_end(&c)) return false;
    while (!at_end(&c))
        if (!TAKE(&c, dots)) return false;
    return true;
}

/* XX, XXX: two or more crosses. */
static size_t take_crosses(cursor *c) {
    size_t n = 0;
    while (!at_end(c) && TAKE(c, crosses)) n++;
    return n;
}

static size_t take_numerals(cursor *c) {
    unsigned lead;
    size_t n = take_digits(c, &lead);
    while (!at_end(c) && TAKE(c, cn_numerals)) n++;
    return n;
}

/* The bytes a placeholder name can begin with: those of the dots and the
   crosses, 指 of 指标, and the lead bytes take_one folds (EF, E3); a
   superset (C0, C1, E0 too). Most names begin otherwise and are rejected
   on one byte (parts.h has it, to do so without a call). */
const bool ptc_placeholder_first[256] = {
    ['.'] = 1,  ['X'] = 1,  ['x'] = 1,  [0xC0] = 1, [0xC1] = 1, [0xC2] = 1, [0xC3] = 1,
    [0xD0] = 1, [0xD1] = 1, [0xE0] = 1, [0xE2] = 1, [0xE3] = 1, [0xE6] = 1, [0xEF] = 1,
};

bool ptc_is_placeholder(const char *s, size_t len) {
    ptc_str t = trimmed(s, len);
    if (!t.len || !ptc_placeholder_first[(unsigned char)t.s[0]]) return false;
    cursor c = {t.s, t.len, 0};
    if (only_dots(c)) return true;
    /* XX指标 */
    if (take_crosses(&c) >= 2) return take_word(&c, placeholder_word) ? at_end(&c) : false;
    /* 指标1, 指标一, 指标1: (a prefix with nothing after it) */
    c.i = 0;
    if (!take_word(&c, placeholder_word)) return false;
    skip_spaces(&c);
    if (!take_numerals(&c)) return false;
    if (!at_end(&c)) TAKE(&c, prefix_separators);
    skip_spaces(&c);
    if (at_end(&c)) return true;
    return only_dots(c); /* 指标1:…… */
}

bool ptc_is_placeholder_value(const char *s, size_t len) {
    ptc_str t = trimmed(s, len);
    cursor c = {t.s, t.len, 0};
    if (!t.len || only_dots(c)) return true;
    if (take_crosses(&c) < 2) return false;
    if (!at_end(&c) && peek(&c, &(size_t){0}) == '%') c.i += c.s[c.i] == '%' ? 1 : 3;
    return at_end(&c);
}

size_t ptc_name_prefix(const char *s, size_t len) {
    /* spaces (' ', U+3000, and what peek reads as ' ' from C0 and E0 leads)
       and then 指 (E6): anything else starts no prefix */
    unsigned char b0 = len ? (unsigned char)s[0] : 0;
    if (b0 != ' ' && b0 != 0xC0 && b0 != 0xE0 && b0 != 0xE3 && b0 != 0xE6) return 0;
    cursor c = {s, len, 0};
    skip_spaces(&c);
    if (!take_word(&c, placeholder_word)) return 0;
    skip_spaces(&c);
    if (!take_numerals(&c)) return 0;
    bool sep = TAKE(&c, prefix_separators);
    size_t before = c.i;
    skip_spaces(&c);
    /* 指标1培训人数 without a separator or a space is not taken apart */
    if (!sep && c.i == before) return 0;
    if (at_end(&c)) return 0;
    size_t w;
    if (is_digit_cp(peek(&c, &w))) return 0; /* 指标1.5: a number */
    return c.i;
}

/* ------------------------------------------------------------ scores */

/* 50, 0-20, 7.5 */
static bool take_score_number(cursor *c) {
    unsigned lead;
    if (!take_digits(c, &lead)) return false;
    size_t w;
    if (!at_end(c) && peek(c, &w) == '.') {
        c->i += w;
        if (!take_digits(c, &lead)) return false;
    }
    return true;
}

static bool take_score_range(cursor *c) {
    if (!take_score_number(c)) return false;
    cursor k = *c;
    if (TAKE(&k, score_ranges) && take_score_number(&k)) *c = k;
    return true;
}

/* The last bytes of what a score's text may end in: a space (ASCII or the
   last byte of U+3000), a closing bracket ) ] （）］】〕 or 分 (E5 88 86). */
static const bool score_last[256] = {[' '] = 1, [0x80] = 1, [')'] = 1, [']'] = 1, [0x89] = 1,
                                     [0xBD] = 1, [0x91] = 1, [0x95] = 1, [0x86] = 1};

size_t ptc_score_suffix(const char *s, size_t len) {
    /* A score ends the text, after at most spaces: 分 or a closing bracket
       is last. Most cells end otherwise and are rejected here, most of
       them on their last byte. */
    if (!len || !score_last[(unsigned char)s[len - 1]]) return len;
    ptc_str end = {s, len};
    for (;;) {
        if (end.len && end.s[end.len - 1] == ' ') end.len--;
        else if (end.len >= 3 && memcmp(end.s + end.len - 3, "\xE3\x80\x80", 3) == 0) end.len -= 3;
        else break;
    }
    if (!ends_closing(end) && !(end.len >= 3 && memcmp(end.s + end.len - 3, score_word, 3) == 0)) return len;
    for (size_t i = 0; i < len; i++) {
        if (!may_open((unsigned char)s[i])) continue;
        cursor c = {s, len, i};
        int b = take_opening(&c);
        if (b < 0) continue;
        skip_spaces(&c);
        if (!take_score_range(&c)) continue;
        skip_spaces(&c);
        bool in = take_word(&c, score_word); /* (50分) */
        skip_spaces(&c);
        if (!take_one(&c, &closing[b], 1)) continue;
        skip_spaces(&c);
        bool out = take_word(&c, score_word); /* (0-20)分 */
        skip_spaces(&c);
        if ((in || out) && !(in && out) && at_end(&c)) return i;
    }
    return len;
}

bool ptc_is_midterm(const char *s, size_t len) {
    for (size_t k = 0; k < sizeof midterm_words / sizeof midterm_words[0]; k++)
        if (len == strlen(midterm_words[k]) && memcmp(s, midterm_words[k], len) == 0) return true;
    return false;
}

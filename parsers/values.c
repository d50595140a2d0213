#include "parsers/values.h"

#include <errno.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/rules.h"

int ptc_digit_at(const char *s, size_t len, size_t *w) {
    unsigned char c = (unsigned char)s[0];
    if (c >= '0' && c <= '9') {
        *w = 1;
        return c - '0';
    }
    /* U+FF10-U+FF19: EF BC 90-99 */
    if (c == 0xEF && len >= 3 && (unsigned char)s[1] == 0xBC && (unsigned char)s[2] >= 0x90 &&
        (unsigned char)s[2] <= 0x99) {
        *w = 3;
        return (unsigned char)s[2] - 0x90;
    }
    return -1;
}

static bool decimal_point_at(const char *s, size_t len, size_t *w) {
    if (len >= 1 && s[0] == '.') {
        *w = 1;
        return true;
    }
    if (len >= 3 && memcmp(s, "．", 3) == 0) { /* U+FF0E */
        *w = 3;
        return true;
    }
    return false;
}

bool ptc_read_int(const char *s, size_t len, long *out) {
    long v = 0;
    size_t i = 0, digits = 0, w;
    /* ASCII digits first without ptc_digit_at, as a date's or a year's
       are: what its loop below would make of them */
    for (unsigned d; i < len && (d = (unsigned)(unsigned char)s[i] - '0') < 10u; i++) {
        if (++digits > 9) return false;
        v = v * 10 + (long)d;
    }
    while (i < len) {
        int d = ptc_digit_at(s + i, len - i, &w);
        if (d < 0 || ++digits > 9) return false;
        v = v * 10 + d;
        i += w;
    }
    if (!digits) return false;
    *out = v;
    return true;
}

/* Digits from s; their count in *n, bytes used returned, ASCII copy in buf. */
static size_t digit_run(const char *s, size_t len, char *buf, size_t *bn, size_t cap, size_t *n) {
    size_t i = 0, w;
    *n = 0;
    while (i < len) {
        int d = ptc_digit_at(s + i, len - i, &w);
        if (d < 0) break;
        if (*bn + 1 < cap) buf[(*bn)++] = (char)('0' + d);
        i += w;
        (*n)++;
    }
    return i;
}

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
#endif

/* ASCII digits with at most one '.' (digit_run's copy) read as strtod reads
   them, when that needs no strtod: up to 15 significant digits make an
   integer that a double holds exactly, and one division by an exact power
   of ten (10^0..10^22) rounds once, to the double nearest the decimal, as
   strtod does. Otherwise false. Only where doubles are evaluated in their
   own precision (not x87's extended one, which would round twice). */
static bool exact_decimal(const char *buf, size_t bn, double *out) {
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    uint64_t m = 0;
    size_t digits = 0, frac = 0;
    bool point = false;
    for (size_t k = 0; k < bn; k++) {
        if (buf[k] == '.') {
            point = true;
            continue;
        }
        m = m * 10 + (uint64_t)(buf[k] - '0');
        if (m && ++digits > 15) return false;
        frac += point;
    }
    if (frac > 22) return false;
    *out = (double)m / pow10[frac];
    return true;
#else
    (void)buf, (void)bn, (void)out;
    return false;
#endif
}

size_t ptc_read_number_ref(const char *s, size_t len, double *out) {
    char buf[64];
    size_t bn = 0, n, i;
    i = digit_run(s, len, buf, &bn, sizeof buf, &n);
    if (!n) return 0;
    /* thousands groups: 1-3 digits, then one or more ",ddd" */
    if (n <= 3) {
        size_t j = i;
        size_t groups = 0;
        while (j < len && s[j] == ',') {
            size_t save = bn, m;
            size_t used = digit_run(s + j + 1, len - j - 1, buf, &bn, sizeof buf, &m);
            if (m != 3) {
                bn = save;
                break;
            }
            j += 1 + used;
            groups++;
        }
        if (groups) i = j;
    }
    size_t w;
    if (i < len && decimal_point_at(s + i, len - i, &w)) {
        size_t save = bn, m;
        if (bn + 1 < sizeof buf) buf[bn++] = '.';
        size_t used = digit_run(s + i + w, len - i - w, buf, &bn, sizeof buf, &m);
        if (m) i += w + used;
        else bn = save;
    }
    if (bn + 1 >= sizeof buf) return 0; /* absurdly long: not a number we read */
    if (exact_decimal(buf, bn, out)) return i;
    buf[bn] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end || errno == ERANGE) return 0;
    *out = v;
    return i;
}

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
/* What exact_decimal would read off digit_run's copy, kept as the digits
   are met instead of copied: the mantissa, its significant digits, the
   digits after the point, the copy's length (unbounded: the copy stops at
   63, and a number that long is not read). */
typedef struct dec_state {
    uint64_t m;
    size_t sig, frac, bn;
    bool point;
} dec_state;

/* digit_run without the copy. */
static inline size_t digit_run_dec(const char *s, size_t len, dec_state *d, size_t *n) {
    size_t i = 0, k = 0;
    while (i < len) {
        unsigned c = (unsigned char)s[i], v;
        size_t w = 1;
        if (c - '0' < 10u) {
            v = c - '0';
        } else if (c == 0xEF && len - i >= 3 && (unsigned char)s[i + 1] == 0xBC &&
                   (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
            v = (unsigned char)s[i + 2] - 0x90u;
            w = 3;
        } else {
            break;
        }
        d->m = d->m * 10 + v;
        d->sig += d->m != 0;
        d->frac += d->point;
        d->bn++;
        i += w;
        k++;
    }
    *n = k;
    return i;
}
#endif

size_t ptc_read_number(const char *s, size_t len, double *out) {
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    /* ptc_read_number_ref's steps on a running mantissa; what exact_decimal
       would refuse goes to the definition itself */
    dec_state d = {0, 0, 0, 0, false};
    size_t n, i = digit_run_dec(s, len, &d, &n);
    if (!n) return 0;
    if (n <= 3) {
        size_t j = i;
        size_t groups = 0;
        while (j < len && s[j] == ',') {
            dec_state save = d;
            size_t m;
            size_t used = digit_run_dec(s + j + 1, len - j - 1, &d, &m);
            if (m != 3) {
                d = save;
                break;
            }
            j += 1 + used;
            groups++;
        }
        if (groups) i = j;
    }
    size_t w;
    if (i < len && decimal_point_at(s + i, len - i, &w)) {
        dec_state save = d;
        size_t m;
        d.bn++;
        d.point = true;
        size_t used = digit_run_dec(s + i + w, len - i - w, &d, &m);
        if (m) i += w + used;
        else d = save;
    }
    if (d.bn + 1 >= 64) return 0; /* as the copy's bound */
    if (d.sig > 15 || d.frac > 22) return ptc_read_number_ref(s, len, out);
    *out = (double)d.m / pow10[d.frac];
    return i;
#else
    return ptc_read_number_ref(s, len, out);
#endif
}

static size_t skip_spaces_at(const char *s, size_t len, size_t i) {
    /* PCRE2's \s in UCP mode: ASCII whitespace, U+00A0, U+3000 (what the
       old pattern allowed) */
    for (;;) {
        if (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' ||
                        s[i] == '\v'))
            i++;
        else if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
            i += 2;
        else if (i + 2 < len && memcmp(s + i, "\xE3\x80\x80", 3) == 0)
            i += 3;
        else
            return i;
    }
}

/* skip_spaces_at, the usual answer first: a byte above ' ' that leads no
   U+00A0 (C2) or U+3000 (E3) starts no space. */
static inline size_t skip_spaces(const char *s, size_t len, size_t i) {
    if (i >= len) return i;
    unsigned char c = (unsigned char)s[i];
    if (c > ' ' && c != 0xC2 && c != 0xE3) return i;
    return skip_spaces_at(s, len, i);
}

/* Bytes of the UTF-8 character at s (valid UTF-8: the decoder made it so;
   clamped so a cut sequence never reads past the end). */
static size_t char_len(const char *s, size_t len) {
    unsigned char c = (unsigned char)s[0];
    size_t n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return n < len ? n : len;
}

/* Trailing whitespace as skip_spaces() knows it, from the end back. */
static size_t trim_end(const char *s, size_t start, size_t end) {
    /* a last byte above ' ' that ends no U+00A0 (A0) or U+3000 (80) ends
       no space */
    if (end > start) {
        unsigned char c = (unsigned char)s[end - 1];
        if (c > ' ' && c != 0xA0 && c != 0x80) return end;
    }
    while (end > start) {
        size_t e = end;
        if (s[e - 1] && strchr(" \t\n\r\f\v", s[e - 1])) e--;
        else if (e - start >= 2 && memcmp(s + e - 2, "\xC2\xA0", 2) == 0) e -= 2;
        else if (e - start >= 3 && memcmp(s + e - 3, "\xE3\x80\x80", 3) == 0) e -= 3;
        if (e == end) return end;
        end = e;
    }
    return end;
}

/* Whether `word` is at s[i]; the first byte is compared before anything
   else, as most words are tried against text they do not start. */
static bool word_at(const char *s, size_t len, size_t i, const char *word) {
    if (i >= len || s[i] != word[0]) return false;
    size_t n = strlen(word);
    return n <= len - i && memcmp(s + i, word, n) == 0;
}

static bool ends_with(const char *s, size_t start, size_t end, const char *word) {
    size_t n = strlen(word);
    return end - start >= n && memcmp(s + end - n, word, n) == 0;
}

/*
 * Characters that make what follows a number something other than its unit
 * (beyond the ASCII ones unit_like() refuses): separators and spaces (a list
 * or a clause: "3 次，每次"), and the words of ranges, bounds and deadlines
 * (以上 以下 以内, 之内, 11月底前, 3日内, 5至8, 及, 或). Such a rest is kept
 * in `text` only: a unit is never guessed out of a clause.
 */
static const char *const not_in_unit[] = {
    "\xC2\xA0", "\xE3\x80\x80", "，", "。", "、", "；", "：", "！", "？", "～", "—", "以", "之",
    "前", "后", "底", "内", "及", "或", "至", "到", "和", "与", "的", "为"};

static bool unit_like(const char *s, size_t start, size_t end) {
    size_t chars = 0;
    for (size_t i = start; i < end; chars++) {
        if (chars == PTC_VALUE_UNIT_MAX) return false;
        size_t w = char_len(s + i, end - i);
        unsigned char c = (unsigned char)s[i];
        /* ASCII: letters (M, km, kg) and the signs of units (%, 人/次, 台(套)) */
        if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c && strchr("%/()", c))) return false;
        for (size_t k = 0; k < sizeof not_in_unit / sizeof not_in_unit[0]; k++)
            if (word_at(s, i + w, i, not_in_unit[k]) && strlen(not_in_unit[k]) == w) return false;
        i += w;
    }
    return chars > 0;
}

/* The unit as the model holds it: full-width ASCII forms (U+FF01-U+FF5E:
   ％ ／ Ｍ) read as their ASCII letters, as digits are read either way. */
static size_t fold_unit(const char *s, size_t len, char *out) {
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b1 = i + 2 < len ? (unsigned char)s[i + 1] : 0, b2 = b1 ? (unsigned char)s[i + 2] : 0;
        if ((unsigned char)s[i] == 0xEF && b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) {
            out[n++] = (char)(b2 - 0x81 + 0x21);
            i += 3;
        } else if ((unsigned char)s[i] == 0xEF && b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) {
            out[n++] = (char)(b2 - 0x80 + 0x60);
            i += 3;
        } else {
            out[n++] = s[i++];
        }
    }
    return n;
}

void ptc_read_value(const char *s, size_t len, ptc_value_read *out) {
    memset(out, 0, sizeof *out);
    /* Values that span paragraphs are text, not a comparison. */
    if (memchr(s, '\n', len)) return;
    size_t i = skip_spaces(s, len, 0);
    i += ptc_rules_comparator(s + i, len - i, &out->comparator);
    i = skip_spaces(s, len, i);
    bool about = false;
    static const char *const about_words[] = {"大约", "约"};
    for (size_t k = 0; k < 2 && !about; k++) {
        if (word_at(s, len, i, about_words[k])) {
            i = skip_spaces(s, len, i + strlen(about_words[k]));
            about = true;
        }
    }
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-')) {
        neg = s[i] == '-';
        i++;
    }
    double v;
    size_t used = ptc_read_number(s + i, len - i, &v);
    if (!used) return;
    i += used;
    for (size_t k = i, w; k < len; k++)
        if (ptc_digit_at(s + k, len - k, &w) >= 0) return;
    out->number.set = true;
    out->number.value = neg ? -v : v;
    /* The rest, trimmed, less a trailing 左右 ("100人左右"), is the unit
       when it looks like one. */
    size_t start = skip_spaces(s, len, i), end = trim_end(s, start, len);
    if (ends_with(s, start, end, "左右")) {
        about = true;
        end = trim_end(s, start, end - strlen("左右"));
    }
    out->approximate = about;
    if (unit_like(s, start, end)) {
        out->unit_len = fold_unit(s + start, end - start, out->unit);
        out->has_unit = true;
    }
}

const ptc_value_memo_slot *ptc_value_memo_fill(ptc_value_memo_slot *e, const char *s, size_t len, uint64_t a,
                                               uint64_t b) {
    ptc_read_value(s, len, &e->v);
    e->several = !e->v.number.set && ptc_several_numbers(s, len);
    e->a = a, e->b = b, e->len = (uint32_t)len;
    return e;
}

bool ptc_read_amount(const char *s, size_t len, double *value, ptc_str *unit) {
    /* 万 and 亿 alone are kept as written: the reader sees 万, not 万元 */
    static const char *const units[] = {"万元", "亿元", "千元", "元", "万", "亿"};
    size_t i = skip_spaces(s, len, 0);
    size_t used = ptc_read_number(s + i, len - i, value);
    if (!used) return false;
    i = skip_spaces(s, len, i + used);
    unit->s = NULL;
    unit->len = 0;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        if (word_at(s, len, i, units[k])) {
            unit->s = s + i;
            unit->len = strlen(units[k]);
            i += unit->len;
            break;
        }
    }
    i = skip_spaces(s, len, i);
    /* a breakdown of the same amount in brackets after it, when the unit
       was written: 854万(高标准农田建设400万元,示范建设295万元) */
    if (unit->s && i < len && (s[i] == '(' || (i + 3 <= len && memcmp(s + i, "（", 3) == 0))) {
        size_t end = len;
        while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
        bool closed = (end > i && s[end - 1] == ')') || (end >= i + 3 && memcmp(s + end - 3, "）", 3) == 0);
        bool figures = false; /* a breakdown lists amounts; （含结转） is a qualifier */
        for (size_t k = i; k < end && !figures; k++) figures = s[k] >= '0' && s[k] <= '9';
        if (closed && figures) return true;
    }
    return i == len;
}

bool ptc_valid_date(long y, long m, long d) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    int max = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    return d <= max;
}

bool ptc_float_noise(const char *s, size_t len) {
    /* a digit, the point and at least 12 decimals */
    if (len < 14) return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '.' || i == 0 || s[i - 1] < '0' || s[i - 1] > '9') continue;
        size_t j = i + 1, run = 0, longest = 0;
        char last = 0;
        while (j < len && s[j] >= '0' && s[j] <= '9') {
            run = (s[j] == last && (s[j] == '0' || s[j] == '9')) ? run + 1 : 1;
            if ((s[j] == '0' || s[j] == '9') && run > longest) longest = run;
            last = s[j++];
        }
        /* a long decimal part whose last digit is not part of the run */
        if (j - i - 1 >= 12 && longest >= 6 && s[j - 1] != '0' && s[j - 1] != '9') return true;
    }
    return false;
}

bool ptc_date_serial(const char *s, size_t len) {
    char digits[8];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ',' && n == 2) continue;
        if (s[i] == ' ' && (i == 0 || i + 1 == len)) continue;
        if (s[i] < '0' || s[i] > '9' || n == 5) return false;
        digits[n++] = s[i];
    }
    if (n != 5) return false;
    long v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (digits[i] - '0');
    return v >= 20000 && v <= 60000; /* 1954-09-03 .. 2064-04-08 */
}

bool ptc_several_numbers(const char *s, size_t len) {
    size_t numbers = 0;
    for (size_t i = 0, w; i < len;) {
        double v;
        size_t used = ptc_digit_at(s + i, len - i, &w) >= 0 ? ptc_read_number(s + i, len - i, &v) : 0;
        if (used) {
            numbers++;
            i += used;
        } else {
            i++;
        }
    }
    return numbers >= 2;
}

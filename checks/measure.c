/* Amounts and units of measure as the checks compare them (checks/measure.h). */
#include "checks/measure.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/numfmt.h"

/* Width in bytes of the whitespace character at p, 0 if none (the same
   set the text normaliser removes: ASCII space/controls, U+00A0, U+3000). */
static size_t space_width(const unsigned char *p, const unsigned char *end) {
    unsigned char b = *p;
    if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\v' || b == '\f') return 1;
    if (b == 0xC2 && end - p >= 2 && p[1] == 0xA0) return 2;
    if (b == 0xE3 && end - p >= 3 && p[1] == 0x80 && p[2] == 0x80) return 3;
    return 0;
}

bool ptc_check_compact_equals_n(ptc_str s, const char *want, size_t n) {
    if (!s.s) return false;
    const unsigned char *p = (const unsigned char *)s.s, *end = p + s.len;
    size_t i = 0;
    while (p < end) {
        /* `want` has no byte a space starts with, so a matching byte is
           never a space: the match is tried first, the space test only on
           a mismatch (a unit is mostly compared, and rejected, at once). */
        if (i < n && (char)*p == want[i]) {
            p++;
            i++;
            continue;
        }
        size_t w = space_width(p, end);
        if (!w) return false;
        p += w;
    }
    return i == n;
}

/* s.len less the trailing ASCII whitespace */
static size_t trimmed_len(ptc_str s) {
    size_t len = s.len;
    while (len && space_width((const unsigned char *)s.s + len - 1,
                              (const unsigned char *)s.s + s.len) == 1)
        len--;
    return len;
}

static bool ends_at(ptc_str s, size_t len, const char *suffix, size_t n) {
    return len >= n && memcmp(s.s + len - n, suffix, n) == 0;
}

bool ptc_check_ends_with(ptc_str s, const char *suffix) {
    if (!s.s) return false;
    return ends_at(s, trimmed_len(s), suffix, strlen(suffix));
}

bool ptc_check_ends_with_percent(ptc_str s) {
    if (!s.s) return false;
    size_t len = trimmed_len(s);
    return ends_at(s, len, "%", 1) || ends_at(s, len, "％", sizeof "％" - 1);
}

double ptc_check_yuan_per_unit(ptc_str unit) {
    if (ptc_check_compact_equals(unit, "元")) return 1;
    if (ptc_check_compact_equals(unit, "千元")) return 1e3;
    if (ptc_check_compact_equals(unit, "万元")) return 1e4;
    if (ptc_check_compact_equals(unit, "亿元")) return 1e8;
    return 0;
}

int ptc_check_printed_decimals(const char *s, size_t len) {
    size_t i = 0;
    while (i < len && !(s[i] >= '0' && s[i] <= '9')) i++;
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == ',')) i++;
    if (i >= len || s[i] != '.') return 0;
    int n = 0;
    for (i++; i < len && s[i] >= '0' && s[i] <= '9' && n < 15; i++) n++;
    return n;
}

double ptc_check_half_unit(int decimals) {
    /* A table for the decimals an amount is printed with (0..15): pow was
       a tenth of the cost check. Each literal is the double nearest 10^-d,
       which is what pow(10, -d) returns (tests/test_checks_fast.c). */
    static const double tenths[] = {1e0,  1e-1,  1e-2,  1e-3,  1e-4,  1e-5,  1e-6,  1e-7,
                                    1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15};
    if (decimals >= 0 && decimals < (int)(sizeof tenths / sizeof tenths[0]))
        return 0.5 * tenths[decimals];
    return 0.5 * pow(10, -decimals);
}

bool ptc_check_differs(double a, double b, double tolerance) {
    double excess = fabs(a - b) - tolerance;
    return floor(excess * 1e6 + 0.5) > 0;
}

const char *ptc_check_format_amount(double v, char buf[48]) {
    if (!(fabs(v) < 1e15)) {
        char tmp[32];
        ptc_format_number(v, tmp);
        snprintf(buf, 48, "%s", tmp);
        return buf;
    }
    snprintf(buf, 48, "%.6f", v);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0') n--;
    if (n > 0 && buf[n - 1] == '.') n--;
    buf[n] = '\0';
    if (strcmp(buf, "-0") == 0) strcpy(buf, "0");
    return buf;
}

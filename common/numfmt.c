/*
 * Number formatting shared by every stage that writes numbers (emitters,
 * checks): the shortest decimal that reads back exactly, so the same double
 * is written the same way in JSON, XML, CSV and HTML.
 *
 * The definition is the printf loop kept below as format_slow: %.15g, else
 * %.16g, else %.17g, the first that strtod reads back as v. Two fast paths
 * give the same bytes without printf or strtod for the numbers these
 * documents hold (tests/test_numfmt.c compares them with format_slow on
 * millions of random doubles):
 *
 *  - integers below 2^53 in magnitude: %.15g of such an integer with at
 *    most 15 digits is its digits, and one with 16 digits is what the old
 *    code printed with %lld; written by hand;
 *  - a few decimals: for d = 1 … 15 take m = round(|v|·10^d); when
 *    m < 10^15 and m / 10^d (one correctly rounded division, as strtod
 *    rounds) is |v| again, the decimal D = m·10^-d reads back as v, and
 *    since |v − D| ≤ 2^-53·|v| is less than half a unit in D's 15th
 *    significant digit, %.15g of v prints exactly D (trailing zeros
 *    removed, which the smallest such d has none of). %.15g uses
 *    plain notation for 1e-4 ≤ |v| < 1e15, so only that range is taken.
 *    Anything else goes the slow way.
 */
#include "common/numfmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char ptc_digits2[200] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                              "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                              "8081828384858687888990919293949596979899";

static size_t format_slow(double v, char buf[32]) {
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    return strlen(buf);
}

static const uint64_t pow10_u64[20] = {1ull,
                                       10ull,
                                       100ull,
                                       1000ull,
                                       10000ull,
                                       100000ull,
                                       1000000ull,
                                       10000000ull,
                                       100000000ull,
                                       1000000000ull,
                                       10000000000ull,
                                       100000000000ull,
                                       1000000000000ull,
                                       10000000000000ull,
                                       100000000000000ull,
                                       1000000000000000ull,
                                       10000000000000000ull,
                                       100000000000000000ull,
                                       1000000000000000000ull,
                                       10000000000000000000ull};

/* The digits of u, into buf, returning the length: the length first, then
   two digits a step from the end, as ptc_put_long (a digit a step and a
   copy cost more than the number's other work). */
static size_t put_u64(uint64_t u, char *buf) {
    size_t n = 1;
    while (n < 20 && u >= pow10_u64[n]) n++;
    char *e = buf + n;
    while (u >= 100) {
        uint64_t q = u / 100;
        e -= 2;
        memcpy(e, ptc_digits2 + 2 * (u - q * 100), 2);
        u = q;
    }
    if (u >= 10) memcpy(e - 2, ptc_digits2 + 2 * u, 2);
    else e[-1] = (char)('0' + u);
    return n;
}

static const double pow10_table[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

size_t ptc_format_number_len(double v, char buf[32]) {
    if (!isfinite(v) || v == 0) {
        buf[0] = '0';
        buf[1] = '\0';
        return 1;
    }
    char *o = buf;
    double a = v < 0 ? -v : v;
    if (a < 9007199254740992.0 && a == (double)(long long)a) {
        if (v < 0) *o++ = '-';
        o += put_u64((uint64_t)a, o);
        *o = '\0';
        return (size_t)(o - buf);
    }
    if (a >= 1e-4 && a < 1e15) {
        for (int d = 1; d <= 15; d++) {
            double scaled = a * pow10_table[d];
            if (scaled >= 1e15) break;
            double m = floor(scaled + 0.5);
            if (m / pow10_table[d] != a) continue;
            uint64_t u = (uint64_t)m;
            if (u % 10 == 0) break; /* not expected; %g would drop the zero */
            char digits[24];
            size_t n = put_u64(u, digits);
            if (v < 0) *o++ = '-';
            if (n <= (size_t)d) { /* 0.0…ddd */
                *o++ = '0';
                *o++ = '.';
                for (size_t z = n; z < (size_t)d; z++) *o++ = '0';
                memcpy(o, digits, n);
                o += n;
            } else {
                memcpy(o, digits, n - (size_t)d);
                o += n - (size_t)d;
                *o++ = '.';
                memcpy(o, digits + n - (size_t)d, (size_t)d);
                o += d;
            }
            *o = '\0';
            return (size_t)(o - buf);
        }
    }
    return format_slow(v, buf);
}

void ptc_format_number(double v, char buf[32]) { (void)ptc_format_number_len(v, buf); }

/* The definition the fast paths must match byte for byte (for the tests). */
void ptc_format_number_reference(double v, char buf[32]) {
    if (!isfinite(v) || v == 0) {
        strcpy(buf, "0");
        return;
    }
    if (v > -9007199254740992.0 && v < 9007199254740992.0 && v == (double)(long long)v) {
        snprintf(buf, 32, "%lld", (long long)v);
        return;
    }
    (void)format_slow(v, buf);
}

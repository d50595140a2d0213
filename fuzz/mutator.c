/*
 * A structure-aware mutator for fuzz_ptconv (libFuzzer builds only; see
 * docs/fuzzing.md). Byte mutations rarely keep a table a table: most of
 * their inputs die in the scanner as unplaced lines. Half of the time this
 * mutator edits the document as TAB-separated rows instead, so the builder's
 * logic (merged category cells, shifted values, extra cells, repeated labels,
 * numbers in every notation) sees well-formed rows in new arrangements:
 *
 *   duplicate, drop, swap or move a line; shift a row's cells right (a
 *   leading empty cell) or left; swap two cells; replace a cell with a
 *   token (huge and odd numbers, full-width and Arabic-Indic digits,
 *   comparators, labels, headings); insert a typical row.
 *
 * The other half is libFuzzer's own mutation. The three option bytes are
 * never touched here (byte mutations reach them).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* No coverage hooks in the mutator (as in fuzz_ptconv.c): its branches are
   not the library's, and its comparisons against row bytes would only add
   trace-cmp work to every mutation. */
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

#define OPTION_BYTES 3u
#define MAX_LINES 4096
#define MAX_CELLS 64

static const char *const tokens[] = {
    "", "0", "-0", "1e308", "-1e308", "1e-320", "99999999999999999999999", "18446744073709551616",
    "0.1", ".5", "5.", "1,000", "1，000", "NaN", "inf", "0x1p3",
    "\xef\xbc\x90", "\xef\xbc\x99\xef\xbc\x90", "\xef\xbc\x91\xef\xbc\x8e\xef\xbc\x95",  /* ０ ９０ １．５ */
    "\xd9\xa1\xd9\xa2\xd9\xa3", "\xdb\xb4\xdb\xb5", "\xe0\xa5\xa7\xe0\xa5\xa8",       /* ١٢٣ ۴۵ १२ */
    "\xe2\x85\xa2", "\xe2\x91\xa0", "\xe4\xb8\x80\xe7\x99\xbe",                        /* Ⅲ ① 一百 */
    ("\xe2\x89\xa5" "90%"), ("\xe2\x89\xa4" "5"), ">=3", "<=100", ">0", "=1", ("\xef\xbc\x9e" "2"), /* ≥ ≤ ＞ */
    ("\xe4\xb8\x8d\xe4\xbd\x8e\xe4\xba\x8e" "95%"),                                     /* 不低于95% */
    "\xe2\x89\xa5\xef\xbc\x99\xef\xbc\x90\xef\xbc\x85",                                 /* ≥９０％ */
    "12.4 \xe4\xb8\x87\xe5\x85\x83", "100\xe4\xb8\x87\xe5\x85\x83",                     /* 万元 */
    "\xe4\xba\xa7\xe5\x87\xba", "\xe6\x95\x88\xe7\x9b\x8a", "\xe6\x95\xb0\xe9\x87\x8f\xe6\x8c\x87\xe6\xa0\x87", /* 产出 效益 数量指标 */
    "\xe4\xb8\x80\xe7\xba\xa7\xe6\x8c\x87\xe6\xa0\x87", "\xe6\x8c\x87\xe6\xa0\x87\xe5\x80\xbc", /* 一级指标 指标值 */
    "\xe9\xa1\xb9\xe7\x9b\xae\xe5\x90\x8d\xe7\xa7\xb0",                                 /* 项目名称 */
    "\xe9\xa1\xb9\xe7\x9b\xae\xe8\xb5\x84\xe9\x87\x91\xe7\x94\xb3\xe8\xaf\xb7\xef\xbc\x88\xe4\xb8\x87\xe5\x85\x83\xef\xbc\x89",
    "<p>a</p><p>b</p>", "\xe2\x80\xa8", "\xef\xbf\xbd", "\"", "\"\"a\"", "\r",
};

static const char *const rows[] = {
    /* 一级指标 二级指标 三级指标 指标值 计量单位 */
    ("\xe4\xb8\x80\xe7\xba\xa7\xe6\x8c\x87\xe6\xa0\x87\t\xe4\xba\x8c\xe7\xba\xa7\xe6\x8c\x87\xe6\xa0\x87\t"
     "\xe4\xb8\x89\xe7\xba\xa7\xe6\x8c\x87\xe6\xa0\x87\t\xe6\x8c\x87\xe6\xa0\x87\xe5\x80\xbc\t"
     "\xe8\xae\xa1\xe9\x87\x8f\xe5\x8d\x95\xe4\xbd\x8d"),
    /* 产出 数量指标 次数 ≥2 次 */
    ("\xe4\xba\xa7\xe5\x87\xba\t\xe6\x95\xb0\xe9\x87\x8f\xe6\x8c\x87\xe6\xa0\x87\t\xe6\xac\xa1\xe6\x95\xb0\t"
     "\xe2\x89\xa5" "2\t\xe6\xac\xa1"),
    "\t\t\xe6\xac\xa1\xe6\x95\xb0\t1\t",
    /* 1、项目支出绩效目标批复表 */
    ("1\xe3\x80\x81\xe9\xa1\xb9\xe7\x9b\xae\xe6\x94\xaf\xe5\x87\xba\xe7\xbb\xa9\xe6\x95\x88\xe7\x9b\xae\xe6"
     "\xa0\x87\xe6\x89\xb9\xe5\xa4\x8d\xe8\xa1\xa8"),
    /* 项目名称\t甲 */
    "\xe9\xa1\xb9\xe7\x9b\xae\xe5\x90\x8d\xe7\xa7\xb0\t\xe7\x94\xb2",
};

typedef struct span {
    const uint8_t *s;
    size_t n;
} span;

static unsigned next(unsigned *state) {
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

/* Splits [s, s+n) at `sep`; returns the number of pieces (at most max). */
static size_t split(const uint8_t *s, size_t n, uint8_t sep, span *out, size_t max) {
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= n && count < max; i++) {
        if (i == n || s[i] == sep) {
            out[count++] = (span){s + start, i - start};
            start = i + 1;
        }
    }
    return count;
}

/* The line with its cells rearranged; written into out, returns its length. */
static size_t mutate_row(span line, unsigned *rng, uint8_t *out, size_t cap) {
    static span cells[MAX_CELLS + 1];
    size_t n = split(line.s, line.n, '\t', cells, MAX_CELLS);
    unsigned op = next(rng) % 4;
    size_t a = next(rng) % n, b = next(rng) % n;
    span token = {(const uint8_t *)tokens[next(rng) % (sizeof tokens / sizeof tokens[0])], 0};
    token.n = strlen((const char *)token.s);
    static span joined[MAX_CELLS + 2];
    size_t m = 0;
    if (op == 0) joined[m++] = (span){(const uint8_t *)"", 0}; /* shift right */
    for (size_t i = 0; i < n; i++) {
        if (op == 1 && i == 0 && n > 1) continue; /* shift left */
        span c = cells[i];
        if (op == 2) c = i == a ? cells[b] : i == b ? cells[a] : c; /* swap */
        if (op == 3 && i == a) c = token;                           /* replace */
        joined[m++] = c;
    }
    size_t len = 0;
    for (size_t i = 0; i < m; i++) {
        if (len + joined[i].n + 1 > cap) break;
        if (i) out[len++] = '\t';
        if (joined[i].n) memcpy(out + len, joined[i].s, joined[i].n);
        len += joined[i].n;
    }
    return len;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
    unsigned rng = seed;
    if (size <= OPTION_BYTES || max_size <= OPTION_BYTES || next(&rng) % 2)
        return LLVMFuzzerMutate(data, size, max_size);
    static span lines[MAX_LINES];
    size_t body = size - OPTION_BYTES;
    size_t n = split(data + OPTION_BYTES, body, '\n', lines, MAX_LINES);
    size_t cap = max_size - OPTION_BYTES;
    uint8_t *out = malloc(cap + 1), *row = malloc(cap + 1);
    if (!out || !row) {
        free(out);
        free(row);
        return LLVMFuzzerMutate(data, size, max_size);
    }
    unsigned op = next(&rng) % 7;
    size_t a = next(&rng) % n, b = next(&rng) % n, len = 0;
    span extra = {0};
    if (op == 5) extra.n = mutate_row(lines[a], &rng, row, cap), extra.s = row;
    if (op == 6) {
        extra.s = (const uint8_t *)rows[next(&rng) % (sizeof rows / sizeof rows[0])];
        extra.n = strlen((const char *)extra.s);
    }
    bool fits = true;
    for (size_t i = 0; i < n && fits; i++) {
        span pieces[2];
        size_t k = 0;
        if (op == 0 && i == a) pieces[k++] = lines[i], pieces[k++] = lines[i]; /* duplicate */
        else if (op == 1 && i == a && n > 1) k = 0;                          /* drop */
        else if (op == 2) pieces[k++] = i == a ? lines[b] : i == b ? lines[a] : lines[i]; /* swap */
        else if (op == 3 && i == a) k = 0;                                   /* move a ... */
        else if (op == 3 && i == b) pieces[k++] = lines[a], pieces[k++] = lines[i]; /* ... before b */
        else if (op == 5 && i == a) pieces[k++] = extra;                     /* cells */
        else if (op == 6 && i == a) pieces[k++] = extra, pieces[k++] = lines[i]; /* new row */
        else pieces[k++] = lines[i];
        if (op == 4 && i == a) { /* the same row twice, cells edited in the copy */
            pieces[0] = lines[i];
            size_t m = mutate_row(lines[i], &rng, row, cap);
            pieces[1] = (span){row, m};
            k = 2;
        }
        for (size_t j = 0; j < k; j++) {
            if (len + pieces[j].n + 1 > cap) {
                fits = false;
                break;
            }
            if (pieces[j].n) memcpy(out + len, pieces[j].s, pieces[j].n);
            len += pieces[j].n;
            out[len++] = '\n';
        }
    }
    if (len && body && data[size - 1] != '\n') len--; /* keep a missing final newline missing */
    size_t result;
    if (!fits || len == 0) {
        result = LLVMFuzzerMutate(data, size, max_size);
    } else {
        memcpy(data + OPTION_BYTES, out, len);
        result = OPTION_BYTES + len;
    }
    free(out);
    free(row);
    return result;
}

#if defined(__clang__)
#pragma clang attribute pop
#endif

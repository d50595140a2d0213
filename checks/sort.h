/*
 * A stable sort for the checks' small arrays (names, unit keys, table
 * numbers), made per element type so that the comparison is inlined and an
 * element moves as a struct: qsort's indirect calls and byte copies cost
 * more than the comparisons. The arrays come nearly sorted (document
 * order), so runs already in order are merged by one comparison.
 *
 * Stable, like the merge sort the C library's qsort is here: equal
 * elements keep their order, so any order the checks report in is kept.
 */
#ifndef PTC_CHECKS_SORT_H
#define PTC_CHECKS_SORT_H

#include <stdlib.h>

/* Defines `static void NAME(TYPE *a, size_t n)`, sorting a[0..n) stably by
   CMP(const TYPE *, const TYPE *) (<0, 0, >0 as for qsort). Without memory
   for the merge buffer it sorts by insertion: slower, the same order. */
#define PTC_DEFINE_STABLE_SORT(NAME, TYPE, CMP)                                                   \
    static void NAME##_insertion(TYPE *a, size_t lo, size_t hi) {                                 \
        for (size_t i = lo + 1; i < hi; i++) {                                                    \
            if (CMP(&a[i - 1], &a[i]) <= 0) continue;                                             \
            TYPE x = a[i];                                                                        \
            size_t j = i;                                                                         \
            do {                                                                                  \
                a[j] = a[j - 1];                                                                  \
                j--;                                                                              \
            } while (j > lo && CMP(&a[j - 1], &x) > 0);                                           \
            a[j] = x;                                                                             \
        }                                                                                         \
    }                                                                                             \
    /* a[lo..mid) and a[mid..hi) sorted: merged through tmp (the left run) */                     \
    static void NAME##_merge(TYPE *a, size_t lo, size_t mid, size_t hi, TYPE *tmp) {              \
        if (CMP(&a[mid - 1], &a[mid]) <= 0) return;                                               \
        size_t nl = mid - lo;                                                                     \
        for (size_t i = 0; i < nl; i++) tmp[i] = a[lo + i];                                       \
        size_t i = 0, j = mid, w = lo;                                                            \
        while (i < nl && j < hi) a[w++] = CMP(&a[j], &tmp[i]) < 0 ? a[j++] : tmp[i++];            \
        while (i < nl) a[w++] = tmp[i++];                                                         \
    }                                                                                             \
    static void NAME(TYPE *a, size_t n) {                                                         \
        enum { RUN = 8 };                                                                         \
        if (n < 2) return;                                                                        \
        for (size_t lo = 0; lo < n; lo += RUN)                                                    \
            NAME##_insertion(a, lo, lo + RUN < n ? lo + RUN : n);                                 \
        if (n <= RUN) return;                                                                     \
        TYPE *tmp = malloc(n * sizeof *tmp); /* a left run is up to n - 1 */                                          \
        if (!tmp) {                                                                               \
            NAME##_insertion(a, 0, n);                                                            \
            return;                                                                               \
        }                                                                                         \
        for (size_t width = RUN; width < n; width *= 2)                                           \
            for (size_t lo = 0; lo + width < n; lo += 2 * width)                                  \
                NAME##_merge(a, lo, lo + width, lo + 2 * width < n ? lo + 2 * width : n, tmp);    \
        free(tmp);                                                                                \
    }

#endif

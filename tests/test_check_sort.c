/*
 * Unit tests for checks/sort.h: the stable sort the checks use in place of
 * qsort gives the order a stable sort must (equal elements in their input
 * order), on random, sorted, reversed and nearly sorted arrays.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "checks/sort.h"

typedef struct item {
    int key;
    size_t id; /* input position */
    char pad[20];
} item;

static inline int by_key(const item *a, const item *b) { return a->key < b->key ? -1 : a->key > b->key; }

PTC_DEFINE_STABLE_SORT(sort_items, item, by_key)

/* key, then input position: the one order a stable sort by key gives */
static int by_key_then_id(const void *pa, const void *pb) {
    const item *a = pa, *b = pb;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static void check_one(item *a, size_t n) {
    item *want = malloc((n ? n : 1) * sizeof *want);
    assert_non_null(want);
    for (size_t i = 0; i < n; i++) a[i].id = i;
    for (size_t i = 0; i < n; i++) want[i] = a[i];
    qsort(want, n, sizeof *want, by_key_then_id);
    sort_items(a, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a[i].key, want[i].key);
        assert_int_equal(a[i].id, want[i].id);
    }
    free(want);
}

static void test_shapes(void **state) {
    (void)state;
    unsigned seed = 7;
    static item a[700];
    for (size_t n = 0; n <= 700; n += n < 40 ? 1 : 37) {
        for (int shape = 0; shape < 6; shape++) {
            for (size_t i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                int r = (int)((seed >> 16) & 0x7fff);
                switch (shape) {
                case 0: a[i].key = r % 5; break;              /* many ties */
                case 1: a[i].key = r; break;                  /* few ties */
                case 2: a[i].key = (int)i / 3; break;         /* sorted, runs of equals */
                case 3: a[i].key = (int)(n - i) / 2; break;   /* reversed */
                case 4: a[i].key = (int)i + (r % 16 == 0 ? -r % 7 : 0); break; /* nearly sorted */
                default: a[i].key = 0; break;                 /* all equal */
                }
            }
            check_one(a, n);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Rules held as data: which label means which field, which header names
 * which column role, which lines are page furniture, which words are
 * comparators and which cells look like categories. The built-in tables are
 * in rules_builtin.c; `--rules FILE` adds to them (rules_file.c; README,
 * "Rules"). Lookup is by normalised key (ptc_norm_key: whitespace removed,
 * full-width forms folded) in one hash table (rules.c), never by trying
 * patterns one after another.
 */
#ifndef PTC_RULES_H
#define PTC_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/normalize.h"

#include "ptconv.h"

typedef enum ptc_rule_kind {
    PTC_RULE_FIELD = 1, /* a label: its cell's neighbour is that field's value */
    PTC_RULE_COLUMN,    /* an indicator header cell: the column's role */
    PTC_RULE_SKIP,      /* page furniture: a line starting with this is skipped */
    PTC_RULE_CATEGORY,  /* a category cell (产出, 数量指标 …), for aligning short rows */
    PTC_RULE_GRID,      /* the label of a grid block (预算整体情况, 年度重点工作任务 …) */
    PTC_RULE_FUNDS_SOURCE /* a source of funds in a row under the funds (财政拨款, 上年结转 …) */
} ptc_rule_kind;

/* The model's fixed places for a field; PTC_FIELD_OTHER lands in `fields`. */
typedef enum ptc_field_id {
    PTC_FIELD_OTHER = 0,
    PTC_FIELD_PROJECT_NAME,
    PTC_FIELD_DEPARTMENT,
    PTC_FIELD_EXECUTING_UNIT,
    PTC_FIELD_PROJECT_TYPE,
    PTC_FIELD_PERIOD,
    PTC_FIELD_FUNDS,
    PTC_FIELD_GOAL,
    PTC_FIELD_INDICATORS, /* the label of the indicator block (年度绩效指标) */
    PTC_FIELD_NOTES,
    PTC_FIELD_APPLICANT
} ptc_field_id;

typedef struct ptc_rule {
    ptc_rule_kind kind;
    const char *id;  /* stable: "field.project_name", "column.value", "FILE:LINE" */
    const char *key; /* FIELD: the JSON key; COLUMN: role name or extra key */
    ptc_field_id field;
    ptc_column_role role;
    int level; /* COLUMN level: N of N级指标 (0: a level of unknown depth) */
} ptc_rule;

/* Find the rule of `kind` for the normalised key s[0..len); NULL if none. */
const ptc_rule *ptc_rules_find(const ptc_rules *r, ptc_rule_kind kind, const char *s, size_t len);

/* False when no key of `kind` can begin the normalised form of the raw
   text s[0..len) (its first character starts none): the cheap test before
   normalising. True says only "maybe". */
bool ptc_rules_may_start(const ptc_rules *r, ptc_rule_kind kind, const char *s, size_t len);

/*
 * Find a label or header rule for a raw cell: the cell is normalised, then
 * looked up whole, then without a trailing bracketed qualifier
 * ("项目资金申请（万元）", "产出指标(50分)"); *qual receives the qualifier's
 * content (without brackets) as a slice of `buf`, or {NULL,0}. `buf` must
 * hold 3 * len + 1 bytes.
 */
const ptc_rule *ptc_rules_lookup_cell(const ptc_rules *r, ptc_rule_kind kind, const char *s,
                                      size_t len, char *buf, ptc_str *qual);

/*
 * A raw cell prepared for lookups of several kinds: what
 * ptc_rules_lookup_cell works out for any kind (the cell's first and last
 * characters, its normalised key and that key's place in the index, the
 * split before a bracketed qualifier) is worked out once, when a lookup
 * first needs it. The fields are the lookups' own.
 */
typedef struct ptc_rules_memo ptc_rules_memo;

typedef struct ptc_rules_cell {
    const char *s;
    size_t len;
    char *buf; /* the normalised key: `len` bytes */
    ptc_rules_memo *memo; /* NULL, or where the key may be remembered */
    unsigned have;
    unsigned first; /* ptc_key_first_cp of the cell: callers may read it */
    unsigned last;
    size_t n, qual_off, qual_len;
    ptc_rule *const *whole, *const *prefix;
} ptc_rules_cell;

/* Prepare the raw cell s[0..len) with `buf` (len bytes) for its key;
   `memo` NULL or a memo for the rules the cell is looked up in. */
static inline void ptc_rules_cell_init(ptc_rules_cell *c, const char *s, size_t len, char *buf,
                                       ptc_rules_memo *memo) {
    c->s = s;
    c->len = len;
    c->buf = buf;
    c->memo = memo;
    c->first = ptc_key_first_cp(s, len);
    c->have = 1; /* first */
}

/*
 * What lookups worked out for a raw cell (its key's place in the index,
 * the split before a qualifier), remembered by the cell's bytes: a table's
 * labels come back in every table, and a cell seen before skips its
 * normalising and hashing. Direct-mapped; a slot holds one cell of at most
 * PTC_RULES_MEMO_MAX bytes. For one rules set and one thread; zeroed
 * memory is an empty memo. Public so that a caller can embed it.
 */
#define PTC_RULES_MEMO_SLOTS 128u
#define PTC_RULES_MEMO_MAX 96u
typedef struct ptc_rules_memo_slot {
    size_t len; /* 0: empty */
    size_t n, qual_off, qual_len;
    ptc_rule *const *whole, *const *prefix;
    char raw[PTC_RULES_MEMO_MAX];
    char key[PTC_RULES_MEMO_MAX]; /* the normalised key, n bytes */
} ptc_rules_memo_slot;
struct ptc_rules_memo {
    ptc_rules_memo_slot slot[PTC_RULES_MEMO_SLOTS];
};

/* The first characters of the keys of `kind`, as a set of 4096 bits (bit
   cp mod 4096; see ptc_rules_in_set) that stays valid as long as the
   rules: a caller rejects most cells without a call. */
const uint64_t *ptc_rules_first_chars(const ptc_rules *r, ptc_rule_kind kind);

/* False when no key with a first character in `set` begins with cp. */
static inline bool ptc_rules_in_set(const uint64_t *set, unsigned cp) { return set[(cp >> 6) & 63] >> (cp & 63) & 1; }

/* ptc_rules_lookup_cell for a prepared cell: the same answer, *qual a
   slice of the cell's `buf`. */
const ptc_rule *ptc_rules_lookup_prepared(const ptc_rules *r, ptc_rule_kind kind, ptc_rules_cell *c,
                                          ptc_str *qual);

/* The last characters of the keys of `kind`, as ptc_rules_first_chars. */
const uint64_t *ptc_rules_last_chars(const ptc_rules *r, ptc_rule_kind kind);

/* The bit of ptc_rules_cell.have saying `last` is worked out. */
#define PTC_RULES_HAVE_LAST 2u

/* The last-character test of ptc_rules_lookup_prepared, inline: false when
   no key whose last character is in `set` (ptc_rules_last_chars) can be
   the cell's, nor a prefix before a bracketed qualifier it ends with. */
static inline bool ptc_rules_may_end(ptc_rules_cell *c, const uint64_t *set) {
    if (!(c->have & PTC_RULES_HAVE_LAST)) {
        c->last = ptc_key_last_cp(c->s, c->len);
        c->have |= PTC_RULES_HAVE_LAST;
    }
    unsigned lc = c->last;
    return lc == UINT32_MAX || lc == ')' || lc == ']' || lc == 0x3011 || ptc_rules_in_set(set, lc);
}

/* ptc_rules_lookup_prepared for a cell prepared by ptc_rules_cell_init
   whose first character the caller has found in ptc_rules_first_chars(r,
   kind) and for which ptc_rules_may_end(c, ptc_rules_last_chars(r, kind))
   was true: the same answer, without those tests again. */
const ptc_rule *ptc_rules_lookup_past_ends(const ptc_rules *r, ptc_rule_kind kind, ptc_rules_cell *c,
                                           ptc_str *qual);

/* True when a line's normalised key starts with a page-furniture rule;
   *rule receives it. */
bool ptc_rules_is_furniture(const ptc_rules *r, const char *key, size_t len,
                            const ptc_rule **rule);

/* Comparator word at the start of s: its byte length (0 if none) and kind. */
size_t ptc_rules_comparator(const char *s, size_t len, ptc_comparator *cmp);

/* True when a category cell (normalised) looks like a category: a known
   category word or one ending with a category suffix (指标, 效益, …). */
bool ptc_rules_looks_category(const ptc_rules *r, const char *key, size_t len);

/* The built-in rules, shared and immutable (NULL only when out of memory). */
const ptc_rules *ptc_rules_builtin(void);

#endif

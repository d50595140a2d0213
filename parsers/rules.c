/*
 * The rules' hash index and its lookups (rules.h); the built-in tables are
 * in rules_builtin.c, rules files are read by rules_file.c.
 */
#include "parsers/rules.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/normalize.h"
#include "parsers/rules_index.h"

/* ------------------------------------------------------------ the index */

typedef struct entry {
    uint64_t hash;
    ptc_rule_kind kind;
    char *key;
    size_t len;
    ptc_rule *rule;
} entry;

struct ptc_rules {
    entry *slots;
    size_t cap, used;
    ptc_rule **rules; /* owned */
    size_t nrules, rules_cap;
    char **strings; /* owned ids and keys */
    size_t nstrings, strings_cap;
    size_t max_skip_len; /* longest furniture key, bytes */
    /* first characters of the keys of each kind, as a 4096-bit set: most
       cells (values, names) start with none of them and are rejected
       before they are normalised */
    uint64_t first_char[PTC_RULE_FUNDS_SOURCE + 1][64];
    /* the byte lengths of the keys of each kind, bit min(len, 63): a
       length no key has is rejected before it is hashed */
    uint64_t key_lens[PTC_RULE_FUNDS_SOURCE + 1];
    /* last characters of the keys, as first_char: most cells that start
       like a label (项目…) end like none */
    uint64_t last_char[PTC_RULE_FUNDS_SOURCE + 1][64];
};

static uint64_t len_bit(size_t len) { return 1ull << (len < 63 ? len : 63); }

static bool in_set(const uint64_t set[64], unsigned cp) { return set[(cp >> 6) & 63] >> (cp & 63) & 1; }

static uint64_t hash_more(uint64_t h, const char *s, size_t len);

static uint64_t hash_of(ptc_rule_kind kind, const char *s, size_t len) {
    return hash_more(1469598103934665603ull ^ (uint64_t)kind, s, len);
}

static char *own(ptc_rules *r, const char *s, size_t len) {
    if (r->nstrings == r->strings_cap) {
        size_t cap = r->strings_cap ? r->strings_cap * 2 : 64;
        char **n = realloc(r->strings, cap * sizeof *n);
        if (!n) return NULL;
        r->strings = n;
        r->strings_cap = cap;
    }
    char *c = malloc(len + 1);
    if (!c) return NULL;
    memcpy(c, s, len);
    c[len] = '\0';
    r->strings[r->nstrings++] = c;
    return c;
}

static entry *slot_for(const ptc_rules *r, uint64_t h, ptc_rule_kind kind, const char *s, size_t len) {
    size_t mask = r->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        entry *e = &r->slots[i];
        if (!e->key) return e;
        if (e->hash == h && e->kind == kind && e->len == len && memcmp(e->key, s, len) == 0) return e;
    }
}

static bool grow(ptc_rules *r) {
    size_t cap = r->cap ? r->cap * 2 : 256;
    entry *old = r->slots;
    size_t old_cap = r->cap;
    r->slots = calloc(cap, sizeof *r->slots);
    if (!r->slots) {
        r->slots = old;
        return false;
    }
    r->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key) *slot_for(r, old[i].hash, old[i].kind, old[i].key, old[i].len) = old[i];
    free(old);
    return true;
}

/* Index `rule` under the raw text `text`; a later rule for the same key
   replaces the earlier one (a rules file overrides the built-ins). */
bool ptc_rules_add_key(ptc_rules *r, ptc_rule *rule, const char *text, size_t len) {
    char *buf = malloc(len + 1);
    if (!buf) return false;
    size_t n = ptc_norm_key(text, len, buf);
    bool ok = n > 0;
    if (ok && (r->used + 1) * 2 > r->cap) ok = grow(r);
    if (ok) {
        uint64_t h = hash_of(rule->kind, buf, n);
        entry *e = slot_for(r, h, rule->kind, buf, n);
        if (!e->key) {
            e->key = own(r, buf, n);
            ok = e->key != NULL;
            e->hash = h;
            e->kind = rule->kind;
            e->len = n;
            r->used += ok;
        }
        e->rule = rule;
        unsigned cp = ptc_key_first_cp(buf, n);
        r->first_char[rule->kind][(cp >> 6) & 63] |= 1ull << (cp & 63);
        r->key_lens[rule->kind] |= len_bit(n);
        unsigned lc = ptc_key_last_cp(buf, n);
        r->last_char[rule->kind][(lc >> 6) & 63] |= 1ull << (lc & 63);
        if (rule->kind == PTC_RULE_SKIP && n > r->max_skip_len) r->max_skip_len = n;
    }
    free(buf);
    return ok;
}

ptc_rule *ptc_rules_new_rule(ptc_rules *r, ptc_rule_kind kind, const char *id, const char *key) {
    if (r->nrules == r->rules_cap) {
        size_t cap = r->rules_cap ? r->rules_cap * 2 : 64;
        ptc_rule **n = realloc(r->rules, cap * sizeof *n);
        if (!n) return NULL;
        r->rules = n;
        r->rules_cap = cap;
    }
    ptc_rule *rule = calloc(1, sizeof *rule);
    if (!rule) return NULL;
    r->rules[r->nrules++] = rule;
    rule->kind = kind;
    rule->id = own(r, id, strlen(id));
    rule->key = own(r, key, strlen(key));
    return rule->id && rule->key ? rule : NULL;
}

/* Index every '|'-separated text of `list` under `rule`. */
bool ptc_rules_add_list(ptc_rules *r, ptc_rule *rule, const char *list) {
    while (*list) {
        const char *bar = strchr(list, '|');
        size_t n = bar ? (size_t)(bar - list) : strlen(list);
        if (!ptc_rules_add_key(r, rule, list, n)) return false;
        list += n + (bar != NULL);
    }
    return true;
}

/* ------------------------------------------------------------ lookups */

/* The FNV-1a state of hash_of after s[0..len), continued from `h`: a key's
   prefixes are hashed as they grow (ptc_rules_is_furniture). */
static uint64_t hash_more(uint64_t h, const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static const ptc_rule *find_hashed(const ptc_rules *r, uint64_t h, ptc_rule_kind kind, const char *s,
                                   size_t len) {
    const entry *e = slot_for(r, h, kind, s, len);
    return e->key ? e->rule : NULL;
}

const ptc_rule *ptc_rules_find(const ptc_rules *r, ptc_rule_kind kind, const char *s, size_t len) {
    if (!r || !r->cap || !len || !(r->key_lens[kind] & len_bit(len))) return NULL;
    return find_hashed(r, hash_of(kind, s, len), kind, s, len);
}

bool ptc_rules_may_start(const ptc_rules *r, ptc_rule_kind kind, const char *s, size_t len) {
    return in_set(r->first_char[kind], ptc_key_first_cp(s, len));
}

/* Byte length of a closing bracket at the end of s ) ] 】 (after folding). */
static size_t closing_at_end(const char *s, size_t n) {
    if (n && (s[n - 1] == ')' || s[n - 1] == ']')) return 1;
    if (n >= 3 && memcmp(s + n - 3, "】", 3) == 0) return 3;
    return 0;
}

const ptc_rule *ptc_rules_lookup_cell(const ptc_rules *r, ptc_rule_kind kind, const char *s,
                                      size_t len, char *buf, ptc_str *qual) {
    qual->s = NULL;
    qual->len = 0;
    if (!ptc_rules_may_start(r, kind, s, len)) return NULL;
    /* the normalised cell must end as a key does, or in the closing bracket
       of a qualifier */
    unsigned lc = ptc_key_last_cp(s, len);
    if (lc != UINT32_MAX && lc != ')' && lc != ']' && lc != 0x3011 && !in_set(r->last_char[kind], lc))
        return NULL;
    size_t n = ptc_norm_key(s, len, buf);
    const ptc_rule *rule = ptc_rules_find(r, kind, buf, n);
    if (rule) return rule;
    size_t close = closing_at_end(buf, n);
    if (!close) return NULL;
    /* find the matching opening bracket */
    for (size_t i = n - close; i-- > 0;) {
        size_t open = 0;
        if (buf[i] == '(' || buf[i] == '[') open = 1;
        else if (i + 3 <= n && memcmp(buf + i, "【", 3) == 0) open = 3;
        if (!open) continue;
        rule = ptc_rules_find(r, kind, buf, i);
        if (rule) {
            qual->s = buf + i + open;
            qual->len = n - close - i - open;
        }
        return rule;
    }
    return NULL;
}

bool ptc_rules_is_furniture(const ptc_rules *r, const char *key, size_t len, const ptc_rule **rule) {
    size_t max = len < r->max_skip_len ? len : r->max_skip_len;
    if (!r->cap) return false;
    /* every prefix ending on a character boundary is looked up; its hash
       grows with it instead of being computed again from the start */
    uint64_t h = hash_of(PTC_RULE_SKIP, key, 0);
    for (size_t n = 1; n <= max; n++) {
        h = hash_more(h, key + n - 1, 1);
        if (n < len && ((unsigned char)key[n] & 0xC0) == 0x80) continue; /* not a boundary */
        if (!(r->key_lens[PTC_RULE_SKIP] & len_bit(n))) continue;
        const ptc_rule *found = find_hashed(r, h, PTC_RULE_SKIP, key, n);
        if (found) {
            *rule = found;
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------ lifecycle */

ptc_rules *ptc_rules_new_builtin(void) {
    ptc_rules *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    if (!grow(r) || !ptc_rules_add_builtins(r)) {
        ptc_rules_free(r);
        return NULL;
    }
    return r;
}

void ptc_rules_free(ptc_rules *r) {
    if (!r) return;
    for (size_t i = 0; i < r->nrules; i++) free(r->rules[i]);
    for (size_t i = 0; i < r->nstrings; i++) free(r->strings[i]);
    free(r->rules);
    free(r->strings);
    free(r->slots);
    free(r);
}

static ptc_rules *builtin;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void make_builtin(void) { builtin = ptc_rules_new_builtin(); }

/* Released at exit so leak checkers see a clean heap. */
__attribute__((destructor)) static void free_builtin(void) {
    ptc_rules_free(builtin);
    builtin = NULL;
}

const ptc_rules *ptc_rules_builtin(void) {
    pthread_once(&builtin_once, make_builtin);
    return builtin;
}


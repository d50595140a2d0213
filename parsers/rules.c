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

#define NKINDS (PTC_RULE_FUNDS_SOURCE + 1)

/* One normalised key and its rule of each kind: a cell looked up as a
   grid label, a label and a header finds all three in one probe. */
typedef struct entry {
    uint64_t hash;
    char *key;
    size_t len;
    ptc_rule *rule[NKINDS];
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
    uint64_t first_char[NKINDS][64];
    /* the byte lengths of the keys of each kind, bit min(len, 63): a
       length no key has is rejected before it is hashed; [0] all kinds */
    uint64_t key_lens[NKINDS];
    /* last characters of the keys, as first_char: most cells that start
       like a label (项目…) end like none */
    uint64_t last_char[NKINDS][64];
};

static uint64_t len_bit(size_t len) { return 1ull << (len < 63 ? len : 63); }

static bool in_set(const uint64_t set[64], unsigned cp) { return set[(cp >> 6) & 63] >> (cp & 63) & 1; }

/* Eight bytes a step (the keys are a few Chinese characters, 9 to 30
   bytes): a multiply and a shift a word, where FNV-1a took one a byte. */
static uint64_t hash_key(const char *s, size_t len) {
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t h = k ^ len;
    for (; len >= 8; s += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    if (len) {
        /* the last one to seven bytes, as a word padded with zeros */
        uint64_t w = 0;
        size_t i = 0;
        if (len & 4) {
            uint32_t v;
            memcpy(&v, s, 4);
            w = v, i = 4;
        }
        if (len & 2) {
            uint16_t v;
            memcpy(&v, s + i, 2);
            w |= (uint64_t)v << (8 * i), i += 2;
        }
        if (len & 1) w |= (uint64_t)(unsigned char)s[i] << (8 * i);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    return h * k;
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

/* The high bits pick the slot: the low ones of a product are the weakest. */
static entry *slot_for(const ptc_rules *r, uint64_t h, const char *s, size_t len) {
    size_t mask = r->cap - 1;
    for (size_t i = (size_t)(h >> 40) & mask;; i = (i + 1) & mask) {
        entry *e = &r->slots[i];
        if (!e->key) return e;
        if (e->hash == h && e->len == len && memcmp(e->key, s, len) == 0) return e;
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
        if (old[i].key) *slot_for(r, old[i].hash, old[i].key, old[i].len) = old[i];
    free(old);
    return true;
}

bool ptc_rules_add_key(ptc_rules *r, ptc_rule *rule, const char *text, size_t len) {
    char *buf = malloc(len + 1);
    if (!buf) return false;
    size_t n = ptc_norm_key(text, len, buf);
    bool ok = n > 0;
    if (ok && (r->used + 1) * 2 > r->cap) ok = grow(r);
    if (ok) {
        uint64_t h = hash_key(buf, n);
        entry *e = slot_for(r, h, buf, n);
        if (!e->key) {
            e->key = own(r, buf, n);
            ok = e->key != NULL;
            e->hash = h;
            e->len = n;
            r->used += ok;
        }
        e->rule[rule->kind] = rule;
        unsigned cp = ptc_key_first_cp(buf, n);
        r->first_char[rule->kind][(cp >> 6) & 63] |= 1ull << (cp & 63);
        r->key_lens[rule->kind] |= len_bit(n);
        r->key_lens[0] |= len_bit(n);
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

/* The rules of the normalised key s[0..len), by kind; NULL when no rule of
   any kind has that key. */
static ptc_rule *const *find_entry(const ptc_rules *r, const char *s, size_t len) {
    if (!r || !r->cap || !len || !(r->key_lens[0] & len_bit(len))) return NULL;
    const entry *e = slot_for(r, hash_key(s, len), s, len);
    return e->key ? e->rule : NULL;
}

const ptc_rule *ptc_rules_find(const ptc_rules *r, ptc_rule_kind kind, const char *s, size_t len) {
    if (!r || !(r->key_lens[kind] & len_bit(len))) return NULL;
    ptc_rule *const *rules = find_entry(r, s, len);
    return rules ? rules[kind] : NULL;
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

/* The bits of ptc_rules_cell.have: what is worked out (FIRST by init). */
enum { HAVE_FIRST = 1, HAVE_LAST = PTC_RULES_HAVE_LAST, HAVE_KEY = 4, HAVE_SPLIT = 8 };

/* The normalised key of a prepared cell and its place in the index. */
static void key_of(const ptc_rules *r, ptc_rules_cell *c) {
    c->n = ptc_norm_key(c->s, c->len, c->buf);
    c->whole = find_entry(r, c->buf, c->n);
    c->have |= HAVE_KEY;
}

/* The key before a trailing bracketed qualifier (the last opening bracket
   before the closing one) and its place in the index. */
static void split_of(const ptc_rules *r, ptc_rules_cell *c) {
    c->prefix = NULL;
    const char *buf = c->buf;
    size_t n = c->n, close = closing_at_end(buf, n);
    for (size_t i = close ? n - close : 0; i-- > 0;) {
        size_t open = 0;
        if (buf[i] == '(' || buf[i] == '[') open = 1;
        else if (i + 3 <= n && memcmp(buf + i, "【", 3) == 0) open = 3;
        if (!open) continue;
        c->prefix = find_entry(r, buf, i);
        c->qual_off = i + open;
        c->qual_len = n - close - i - open;
        break;
    }
    c->have |= HAVE_SPLIT;
}

/* The first and the last eight bytes of s[0..len) (fewer, zero-padded, for
   a shorter s), mixed into a memo slot's index. */
static inline size_t memo_index(const char *s, size_t len) {
    uint64_t a = 0, b = 0;
    if (len >= 8) {
        memcpy(&a, s, 8);
        memcpy(&b, s + len - 8, 8);
    } else if (len >= 4) {
        /* the bytes as a word, without a call: two that overlap, the same
           bytes where they do (a slot is any mix of the bytes) */
        uint32_t x, y;
        memcpy(&x, s, 4);
        memcpy(&y, s + len - 4, 4);
        a = x | (uint64_t)y << (8 * (len - 4));
    } else if (len) {
        const unsigned char *u = (const unsigned char *)s;
        a = u[0] | (uint64_t)u[len >> 1] << (8 * (len >> 1)) | (uint64_t)u[len - 1] << (8 * (len - 1));
    }
    uint64_t h = ((a * 0x9E3779B97F4A7C15ull) ^ b ^ len) * 0xC2B2AE3D27D4EB4Full;
    return (size_t)(h >> 57) & (PTC_RULES_MEMO_SLOTS - 1);
}

/* s[0..len) == t[0..len), for 1 <= len: a word at a time, the last one
   ending at len (the cells compared are a few words long). */
static inline bool same_bytes(const char *s, const char *t, size_t len) {
    if (len < 8) return memcmp(s, t, len) == 0;
    uint64_t x, y;
    for (size_t i = 0; i + 8 < len; i += 8) {
        memcpy(&x, s + i, 8);
        memcpy(&y, t + i, 8);
        if (x != y) return false;
    }
    memcpy(&x, s + len - 8, 8);
    memcpy(&y, t + len - 8, 8);
    return x == y;
}

/* key_of and split_of through the cell's memo: a cell seen before takes
   what they found then (the key's bytes only where a qualifier may be cut
   from them); one not seen is worked out and remembered. */
static void key_by_memo(const ptc_rules *r, ptc_rules_cell *c) {
    ptc_rules_memo_slot *m = &c->memo->slot[memo_index(c->s, c->len)];
    if (m->len == c->len && same_bytes(m->raw, c->s, c->len)) {
        c->n = m->n;
        c->whole = m->whole;
        c->prefix = m->prefix;
        c->qual_off = m->qual_off;
        c->qual_len = m->qual_len;
        if (m->prefix) memcpy(c->buf, m->key, m->n);
        c->have |= HAVE_KEY | HAVE_SPLIT;
        return;
    }
    key_of(r, c);
    split_of(r, c);
    m->len = c->len;
    memcpy(m->raw, c->s, c->len);
    m->n = c->n;
    m->whole = c->whole;
    m->prefix = c->prefix;
    m->qual_off = c->qual_off;
    m->qual_len = c->qual_len;
    memcpy(m->key, c->buf, c->n);
}

const uint64_t *ptc_rules_first_chars(const ptc_rules *r, ptc_rule_kind kind) { return r->first_char[kind]; }
const uint64_t *ptc_rules_last_chars(const ptc_rules *r, ptc_rule_kind kind) { return r->last_char[kind]; }

const ptc_rule *ptc_rules_lookup_prepared(const ptc_rules *r, ptc_rule_kind kind, ptc_rules_cell *c,
                                          ptc_str *qual) {
    if (!(c->have & HAVE_FIRST)) {
        c->first = ptc_key_first_cp(c->s, c->len);
        c->have |= HAVE_FIRST;
    }
    /* the normalised cell must end as a key does, or in the closing bracket
       of a qualifier */
    if (!in_set(r->first_char[kind], c->first) || !ptc_rules_may_end(c, r->last_char[kind])) {
        qual->s = NULL;
        qual->len = 0;
        return NULL;
    }
    return ptc_rules_lookup_past_ends(r, kind, c, qual);
}

/* The slow parts of ptc_rules_lookup_past_ends, out of line and reached by
   tail calls: a lookup the memo answers without a qualifier's split (most)
   then makes no call and saves and restores no registers. */
#if defined(__GNUC__)
#define REST __attribute__((noinline))
#else
#define REST
#endif

/* past_ends for a cell whose key is worked out */
static REST const ptc_rule *past_key(const ptc_rules *r, ptc_rule_kind kind, ptc_rules_cell *c, ptc_str *qual) {
    if (c->whole && c->whole[kind]) return c->whole[kind];
    if (!(c->have & HAVE_SPLIT)) split_of(r, c);
    if (!c->prefix || !c->prefix[kind]) return NULL;
    qual->s = c->buf + c->qual_off;
    qual->len = c->qual_len;
    return c->prefix[kind];
}

/* past_ends for a cell whose key is not worked out, by the memo or not */
static REST const ptc_rule *past_no_key(const ptc_rules *r, ptc_rule_kind kind, ptc_rules_cell *c,
                                        ptc_str *qual) {
    if (c->memo && c->len && c->len <= PTC_RULES_MEMO_MAX) key_by_memo(r, c);
    else key_of(r, c);
    return past_key(r, kind, c, qual);
}

/* same_bytes without a call, for 1 <= len (a call would make the caller
   save registers) */
static inline bool same_bytes_here(const char *s, const char *t, size_t len) {
    if (len >= 8) return same_bytes(s, t, len);
    if (len >= 4) {
        uint32_t a, b, x, y;
        memcpy(&a, s, 4), memcpy(&b, s + len - 4, 4);
        memcpy(&x, t, 4), memcpy(&y, t + len - 4, 4);
        return a == x && b == y;
    }
    return s[0] == t[0] && s[len >> 1] == t[len >> 1] && s[len - 1] == t[len - 1];
}

const ptc_rule *ptc_rules_lookup_past_ends(const ptc_rules *r, ptc_rule_kind kind, ptc_rules_cell *c,
                                           ptc_str *qual) {
    qual->s = NULL;
    qual->len = 0;
    if (!(c->have & HAVE_KEY)) {
        /* key_by_memo's hit, where the key's bytes need no copy (no prefix) */
        if (!c->memo || !c->len || c->len > PTC_RULES_MEMO_MAX) return past_no_key(r, kind, c, qual);
        const ptc_rules_memo_slot *m = &c->memo->slot[memo_index(c->s, c->len)];
        if (m->len != c->len || m->prefix || !same_bytes_here(m->raw, c->s, c->len))
            return past_no_key(r, kind, c, qual);
        c->n = m->n;
        c->whole = m->whole;
        c->prefix = NULL;
        c->qual_off = m->qual_off;
        c->qual_len = m->qual_len;
        c->have |= HAVE_KEY | HAVE_SPLIT;
    }
    if (c->whole && c->whole[kind]) return c->whole[kind];
    return past_key(r, kind, c, qual);
}

const ptc_rule *ptc_rules_lookup_cell(const ptc_rules *r, ptc_rule_kind kind, const char *s,
                                      size_t len, char *buf, ptc_str *qual) {
    ptc_rules_cell c;
    ptc_rules_cell_init(&c, s, len, buf, NULL);
    return ptc_rules_lookup_prepared(r, kind, &c, qual);
}

bool ptc_rules_is_furniture(const ptc_rules *r, const char *key, size_t len, const ptc_rule **rule) {
    size_t max = len < r->max_skip_len ? len : r->max_skip_len;
    if (!r->cap) return false;
    /* every prefix ending on a character boundary whose length a
       furniture key has is looked up */
    for (size_t n = 1; n <= max; n++) {
        if (n < len && ((unsigned char)key[n] & 0xC0) == 0x80) continue; /* not a boundary */
        if (!(r->key_lens[PTC_RULE_SKIP] & len_bit(n))) continue;
        ptc_rule *const *found = find_entry(r, key, n);
        if (found && found[PTC_RULE_SKIP]) {
            *rule = found[PTC_RULE_SKIP];
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


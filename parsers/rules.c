/*
 * The built-in rules (tables below), their hash index, and rules files.
 *
 * To teach ptconv a new label, header or furniture line, add it to a table
 * here (or to a rules file): no code changes. Keys are normalised with
 * ptc_norm_key, so spacing noise and full-width brackets need no entries.
 */
#include "parsers/rules.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/normalize.h"

/* ------------------------------------------------------------ built-ins */

typedef struct field_row {
    const char *key;
    ptc_field_id field;
    const char *labels; /* '|'-separated */
} field_row;

static const field_row builtin_fields[] = {
    {"project_name", PTC_FIELD_PROJECT_NAME, "项目名称|项目支出名称|申报项目名称|二级项目名称|专项名称"},
    {"department", PTC_FIELD_DEPARTMENT,
     "主管部门|项目主管部门|主管部门及编码|主管部门及代码|主管部门及其编码|主管部门及其代码|预算部门|业务主管部门|部门名称"},
    {"executing_unit", PTC_FIELD_EXECUTING_UNIT,
     "预算执行单位|实施单位|项目实施单位|项目执行单位|预算单位"},
    {"project_type", PTC_FIELD_PROJECT_TYPE, "项目类型|项目属性|项目类别|项目分类|专项属性"},
    {"period", PTC_FIELD_PERIOD, "项目期限|项目起止时间|项目支出实施期|建设周期|专项起止时间|项目实施期"},
    {"funds", PTC_FIELD_FUNDS,
     "项目资金申请|项目资金|资金总额|年度资金总额|当年资金总额|年度本级预算金额|项目总预算|"
     "项目当年预算|当年年度预算|预算申报数"},
    {"annual_goal", PTC_FIELD_GOAL,
     "项目绩效年度目标|年度绩效目标|项目绩效总目标|年度目标|本年度绩效目标|年度总体目标|"
     "总体目标|总体绩效目标|当年绩效目标|预期目标"},
    {"goal_achieved", PTC_FIELD_OTHER, "实际完成情况|全年目标实际完成情况|目标实际完成情况"},
    {"indicators", PTC_FIELD_INDICATORS, "年度绩效指标|项目年度绩效指标|专项年度绩效指标"},
    {"notes", PTC_FIELD_NOTES, "其他说明|其他需说明的问题|说明|备注"},
    {"applicant", PTC_FIELD_APPLICANT, "申报单位|填报单位"},
    {"project_code", PTC_FIELD_OTHER, "项目代码|项目编码"},
    /* the project's parent (一级) and its two dates: kept as fields, and the
       table's project and period when nothing else gave them
       (ptc_fields_finish_table) */
    {"parent_project_name", PTC_FIELD_OTHER, "一级项目名称"},
    {"period_start", PTC_FIELD_OTHER, "项目开始日期|项目开始时间"},
    {"period_end", PTC_FIELD_OTHER, "项目完成日期|项目结束日期|项目完成时间|项目结束时间"},
    {"contact_person", PTC_FIELD_OTHER, "联系人|项目联系人|项目负责人|专项负责人|单位负责人|项目负责人及电话"},
    {"phone", PTC_FIELD_OTHER, "联系电话|联系人及电话"},
    {"other_tasks", PTC_FIELD_OTHER, "其他需完成的任务"},
    {"midterm_goal", PTC_FIELD_OTHER, "中长期绩效目标|中期目标|长期目标|实施期绩效目标"},
    {"reason", PTC_FIELD_OTHER, "项目申请理由|专项立项依据|立项依据"},
    {"content", PTC_FIELD_OTHER, "项目主要内容|专项概况|项目概况"},
    {"budget_history", PTC_FIELD_OTHER, "项目前两年预算及当年预算变动情况"},
    {"calculation_basis", PTC_FIELD_OTHER, "测算依据及说明"},
    {"measures", PTC_FIELD_OTHER, "单位已有的保证专项实施的制度、措施"},
    {"total", PTC_FIELD_OTHER, "合计|总计|总分"},
    /* a note printed under the table (注：…), read only as 注：TEXT */
    {"footnote", PTC_FIELD_OTHER, "注|注释"},
};

typedef struct column_row {
    const char *key;
    ptc_column_role role;
    int level;
    const char *headers;
} column_row;

static const column_row builtin_columns[] = {
    {"level", PTC_COL_LEVEL, 1, "一级指标"},
    {"level", PTC_COL_LEVEL, 2, "二级指标"},
    {"level", PTC_COL_LEVEL, 3, "三级指标"},
    {"level", PTC_COL_LEVEL, 4, "四级指标"},
    {"level", PTC_COL_LEVEL, 5, "五级指标"},
    {"level", PTC_COL_LEVEL, 6, "六级指标"},
    {"level", PTC_COL_LEVEL, 7, "七级指标"},
    {"level", PTC_COL_LEVEL, 8, "八级指标"},
    {"level", PTC_COL_LEVEL, 9, "九级指标"},
    {"level", PTC_COL_LEVEL, 0, "指标类型"},
    {"name", PTC_COL_NAME, 0, "指标名称|指标内容|三级指标内容"},
    {"value", PTC_COL_VALUE, 0,
     "指标值|年度指标值|目标值|指标目标值|指标值及单位|当年预期实现值|预期指标值|年度目标|年度目标值"},
    {"unit", PTC_COL_UNIT, 0, "计量单位|度量单位"},
    /* 指标性质 / 指标方向 hold ≥ = ≤ in some provinces and 正向/反向 in
       others: the block decides from the column's cells (assemble_indicators). */
    {"comparator", PTC_COL_COMPARATOR, 0, "指标性质|指标方向"},
    /* the block's own label as a header cell, merged down the block */
    {"label", PTC_COL_LABEL, 0,
     "绩效指标|年度绩效指标|项目年度绩效指标|专项年度绩效指标|年度绩效指标完成情况"},
    /* further columns seen in published tables: extras, kept under their
       header text; known here so that a header row of many of them is
       still recognised as the header */
    {"extra", PTC_COL_EXTRA, 0,
     "分值|指标权重|权重|实际完成值|全年完成值|完成值|得分|偏差原因分析及改进措施|指标解释|绩效标准|"
     "评(扣)分标准|评分标准|评价标准|指标值类型|备注"},
    /* the mid-term half of a 中期目标 | 年度目标 pair: an extra beside the
       annual value (指标值(中期) is decided from its qualifier, parts.c) */
    {"extra", PTC_COL_EXTRA, 0, "中期目标|中期指标值|中期目标值|实施期目标|实施期指标值"},
};

/* Labels merged down a block of rows that is a grid, not label/value pairs:
   budgets, fund sources, work plans. Their rows are kept cell by cell. */
static const struct {
    const char *key;
    const char *labels;
} builtin_grids[] = {
    {"budget", "预算整体情况|项目资金来源|资金情况|专项资金情况|项目预算执行情况|项目支出预算及测算依据|"
               "项目支出明细预算|项目资金情况"},
    {"tasks", "年度重点工作任务|项目实施进度计划|重点工作任务"},
    {"basic_info", "基本信息|专项基本情况"},
    {"goals", "年度总体目标完成情况|总体目标完成情况|项目绩效目标"},
};

static const char builtin_skip[] =
    "当前位置|索引号|发布时间|发布日期|浏览次数|浏览量|扫一扫|打印本页|关闭窗口|【打印】|【关闭】|分享到";

/* Sources of funds, the rows under a funds label (其中：财政拨款 | 10):
   looked up with 其中 and a leading ordinal removed (classify.c). */
static const char builtin_funds_sources[] =
    "财政拨款|本年财政拨款|财政资金|上年结转|上年结转资金|结转资金|其他资金|其他|自有资金|预算资金|"
    "中央|中央资金|省级|省级资金|市级|市级资金|县级|县级资金|本级|本级资金|一般公共预算|政府性基金|"
    "专项资金|单位自筹|自筹资金|社会资金";

static const char builtin_categories[] =
    "产出|效果|效益|满意度|成本|项目产出|项目效益|产出指标|效益指标|满意度指标|成本指标|"
    "数量指标|质量指标|时效指标|社会效益|经济效益|生态效益|可持续影响|社会公众或服务对象满意度|"
    "服务对象满意度|管理类指标|产出类指标|效益类指标|满意度类指标";

/* A category cell not in the list above still looks like one when it ends so. */
#define SUFFIX(text) {text, sizeof text - 1}
static const struct {
    const char *text;
    size_t len;
} category_suffixes[] = {SUFFIX("指标"), SUFFIX("效益"), SUFFIX("满意度"), SUFFIX("影响")};
#undef SUFFIX

/* The comparator words, longest match first (ties: the earlier word).
   W() keeps each word's byte length beside it, so a lookup runs no strlen. */
#define W(text, cmp) {text, sizeof text - 1, cmp}
static const struct {
    const char *text;
    size_t len;
    ptc_comparator cmp;
} comparator_words[] = {
    W("≥=", PTC_CMP_GE),       W("≥", PTC_CMP_GE),     W("≧", PTC_CMP_GE),      W(">=", PTC_CMP_GE),
    W("＞=", PTC_CMP_GE),      W("＞＝", PTC_CMP_GE),   W("不低于", PTC_CMP_GE), W("不少于", PTC_CMP_GE),
    W("大于等于", PTC_CMP_GE), W("≤=", PTC_CMP_LE),    W("≤", PTC_CMP_LE),      W("≦", PTC_CMP_LE),
    W("<=", PTC_CMP_LE),       W("＜=", PTC_CMP_LE),   W("＜＝", PTC_CMP_LE),    W("不高于", PTC_CMP_LE),
    W("不超过", PTC_CMP_LE),   W("不多于", PTC_CMP_LE), W("小于等于", PTC_CMP_LE), W(">", PTC_CMP_GT),
    W("＞", PTC_CMP_GT),       W("大于", PTC_CMP_GT),  W("高于", PTC_CMP_GT),    W("超过", PTC_CMP_GT),
    W("<", PTC_CMP_LT),        W("＜", PTC_CMP_LT),    W("小于", PTC_CMP_LT),    W("低于", PTC_CMP_LT),
    W("=", PTC_CMP_EQ),        W("＝", PTC_CMP_EQ),    W("等于", PTC_CMP_EQ),
};
#undef W

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
static bool add_key(ptc_rules *r, ptc_rule *rule, const char *text, size_t len) {
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

static ptc_rule *new_rule(ptc_rules *r, ptc_rule_kind kind, const char *id, const char *key) {
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
static bool add_list(ptc_rules *r, ptc_rule *rule, const char *list) {
    while (*list) {
        const char *bar = strchr(list, '|');
        size_t n = bar ? (size_t)(bar - list) : strlen(list);
        if (!add_key(r, rule, list, n)) return false;
        list += n + (bar != NULL);
    }
    return true;
}

static bool add_builtins(ptc_rules *r) {
    char id[64];
    for (size_t i = 0; i < sizeof builtin_fields / sizeof builtin_fields[0]; i++) {
        const field_row *f = &builtin_fields[i];
        snprintf(id, sizeof id, "field.%s", f->key);
        ptc_rule *rule = new_rule(r, PTC_RULE_FIELD, id, f->key);
        if (!rule) return false;
        rule->field = f->field;
        if (!add_list(r, rule, f->labels)) return false;
    }
    for (size_t i = 0; i < sizeof builtin_columns / sizeof builtin_columns[0]; i++) {
        const column_row *c = &builtin_columns[i];
        if (c->level) snprintf(id, sizeof id, "column.level%d", c->level);
        else snprintf(id, sizeof id, "column.%s", c->key);
        if (c->role == PTC_COL_LEVEL && !c->level) snprintf(id, sizeof id, "column.level");
        ptc_rule *rule = new_rule(r, PTC_RULE_COLUMN, id, c->key);
        if (!rule) return false;
        rule->role = c->role;
        rule->level = c->level;
        if (!add_list(r, rule, c->headers)) return false;
    }
    for (size_t i = 0; i < sizeof builtin_grids / sizeof builtin_grids[0]; i++) {
        snprintf(id, sizeof id, "grid.%s", builtin_grids[i].key);
        ptc_rule *rule = new_rule(r, PTC_RULE_GRID, id, builtin_grids[i].key);
        if (!rule || !add_list(r, rule, builtin_grids[i].labels)) return false;
    }
    ptc_rule *skip = new_rule(r, PTC_RULE_SKIP, "skip.web-page", "furniture");
    ptc_rule *cat = new_rule(r, PTC_RULE_CATEGORY, "category.word", "category");
    ptc_rule *src = new_rule(r, PTC_RULE_FUNDS_SOURCE, "block.funds-row", "funds_source");
    return skip && cat && src && add_list(r, skip, builtin_skip) && add_list(r, cat, builtin_categories) &&
           add_list(r, src, builtin_funds_sources);
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

/* The bytes that start a comparator word, from the table above: most
   values start with a digit, which starts none. Filled once at load. */
static bool comparator_first[256];

__attribute__((constructor)) static void fill_comparator_first(void) {
    for (size_t i = 0; i < sizeof comparator_words / sizeof comparator_words[0]; i++)
        comparator_first[(unsigned char)comparator_words[i].text[0]] = true;
}

size_t ptc_rules_comparator(const char *s, size_t len, ptc_comparator *cmp) {
    size_t best = 0;
    if (!len || !comparator_first[(unsigned char)s[0]]) return 0;
    /* compare the first byte before the rest */
    for (size_t i = 0; i < sizeof comparator_words / sizeof comparator_words[0]; i++) {
        size_t n = comparator_words[i].len;
        if (n > best && n <= len && comparator_words[i].text[0] == s[0] &&
            memcmp(s, comparator_words[i].text, n) == 0) {
            best = n;
            *cmp = comparator_words[i].cmp;
        }
    }
    return best;
}

bool ptc_rules_looks_category(const ptc_rules *r, const char *key, size_t len) {
    if (!len) return false;
    if (ptc_rules_find(r, PTC_RULE_CATEGORY, key, len)) return true;
    for (size_t i = 0; i < sizeof category_suffixes / sizeof category_suffixes[0]; i++) {
        size_t n = category_suffixes[i].len;
        /* categories are short: a long text ending so is an indicator's name
           (各项工作能够带来积极的可持续影响) */
        if (len > n && ptc_utf8_chars(key, len) <= 10 && memcmp(key + len - n, category_suffixes[i].text, n) == 0)
            return true;
    }
    return false;
}

/* ------------------------------------------------------------ lifecycle */

static ptc_rules *rules_new_builtin(void) {
    ptc_rules *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    if (!grow(r) || !add_builtins(r)) {
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

static void make_builtin(void) { builtin = rules_new_builtin(); }

/* Released at exit so leak checkers see a clean heap. */
__attribute__((destructor)) static void free_builtin(void) {
    ptc_rules_free(builtin);
    builtin = NULL;
}

const ptc_rules *ptc_rules_builtin(void) {
    pthread_once(&builtin_once, make_builtin);
    return builtin;
}

/* ------------------------------------------------------------ rules files */

static int rules_error(char *err, size_t size, const char *path, unsigned line, unsigned col,
                       const char *msg) {
    if (err && size) snprintf(err, size, "%s:%u:%u: error: %s [rules-syntax]", path, line, col, msg);
    return -1;
}

static bool valid_key(const char *s) {
    if (!*s) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_' || (p > s && *p >= '0' && *p <= '9'))) return false;
    return true;
}

static const struct {
    const char *key;
    ptc_field_id field;
} known_fields[] = {
    {"project_name", PTC_FIELD_PROJECT_NAME}, {"department", PTC_FIELD_DEPARTMENT},
    {"executing_unit", PTC_FIELD_EXECUTING_UNIT}, {"project_type", PTC_FIELD_PROJECT_TYPE},
    {"period", PTC_FIELD_PERIOD}, {"funds", PTC_FIELD_FUNDS}, {"annual_goal", PTC_FIELD_GOAL},
    {"notes", PTC_FIELD_NOTES}, {"applicant", PTC_FIELD_APPLICANT},
    {"indicators", PTC_FIELD_INDICATORS},
};

static const struct {
    const char *name;
    ptc_column_role role;
} known_roles[] = {
    {"level", PTC_COL_LEVEL}, {"name", PTC_COL_NAME}, {"value", PTC_COL_VALUE},
    {"unit", PTC_COL_UNIT}, {"comparator", PTC_COL_COMPARATOR}, {"label", PTC_COL_LABEL},
};

/* One line of a rules file; 0 or -1 with `err` filled. */
static int add_file_line(ptc_rules *r, const char *path, unsigned lineno, char *line, char *err,
                         size_t err_size) {
    char *f[4] = {NULL};
    size_t nf = 0;
    unsigned col[4] = {1, 1, 1, 1};
    for (char *p = line; nf < 4;) {
        col[nf] = (unsigned)ptc_utf8_chars(line, (size_t)(p - line)) + 1;
        f[nf++] = p;
        char *tab = strchr(p, '\t');
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    char id[64];
    const char *base = strrchr(path, '/');
    snprintf(id, sizeof id, "%.48s:%u", base ? base + 1 : path, lineno);
    ptc_rule *rule;
    if (strcmp(f[0], "field") == 0 || strcmp(f[0], "column") == 0) {
        bool is_field = f[0][0] == 'f';
        if (nf != 3)
            return rules_error(err, err_size, path, lineno, nf > 3 ? col[3] : 1,
                               is_field ? "expected field<TAB>KEY<TAB>LABEL"
                                        : "expected column<TAB>ROLE<TAB>HEADER");
        if (!valid_key(f[1]))
            return rules_error(err, err_size, path, lineno, col[1],
                               "a key is lower-case ASCII letters, digits and '_'");
        if (ptc_is_blank(f[2], strlen(f[2])))
            return rules_error(err, err_size, path, lineno, col[2], "empty label");
        rule = new_rule(r, is_field ? PTC_RULE_FIELD : PTC_RULE_COLUMN, id, f[1]);
        if (!rule) return rules_error(err, err_size, path, lineno, 1, "out of memory");
        if (is_field) {
            for (size_t i = 0; i < sizeof known_fields / sizeof known_fields[0]; i++)
                if (strcmp(f[1], known_fields[i].key) == 0) rule->field = known_fields[i].field;
        } else {
            rule->role = PTC_COL_EXTRA;
            for (size_t i = 0; i < sizeof known_roles / sizeof known_roles[0]; i++)
                if (strcmp(f[1], known_roles[i].name) == 0) rule->role = known_roles[i].role;
        }
        if (!add_key(r, rule, f[2], strlen(f[2])))
            return rules_error(err, err_size, path, lineno, col[2], "label has no characters");
        return 0;
    }
    if (strcmp(f[0], "grid") == 0) {
        if (nf != 3) return rules_error(err, err_size, path, lineno, 1, "expected grid<TAB>KEY<TAB>LABEL");
        if (!valid_key(f[1]))
            return rules_error(err, err_size, path, lineno, col[1],
                               "a key is lower-case ASCII letters, digits and '_'");
        rule = new_rule(r, PTC_RULE_GRID, id, f[1]);
        if (!rule || !add_key(r, rule, f[2], strlen(f[2])))
            return rules_error(err, err_size, path, lineno, col[2], "empty label");
        return 0;
    }
    if (strcmp(f[0], "skip") == 0) {
        if (nf != 2) return rules_error(err, err_size, path, lineno, 1, "expected skip<TAB>TEXT");
        if (ptc_is_blank(f[1], strlen(f[1])))
            return rules_error(err, err_size, path, lineno, col[1], "empty text");
        rule = new_rule(r, PTC_RULE_SKIP, id, "furniture");
        if (!rule || !add_key(r, rule, f[1], strlen(f[1])))
            return rules_error(err, err_size, path, lineno, 1, "out of memory");
        return 0;
    }
    return rules_error(err, err_size, path, lineno, 1,
                       "unknown rule kind (expected field, column, grid or skip)");
}

ptc_rules *ptc_rules_load(const char *path, char *err, size_t err_size) {
    if (err && err_size) err[0] = '\0';
    ptc_rules *r = rules_new_builtin();
    if (!r) {
        if (err && err_size) snprintf(err, err_size, "out of memory");
        return NULL;
    }
    if (!path) return r;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (err && err_size)
            snprintf(err, err_size, "%s: error: cannot open: %s [rules-file]", path, strerror(errno));
        ptc_rules_free(r);
        return NULL;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned lineno = 0;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        if (lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) memmove(line, line + 3, (size_t)(n -= 3) + 1);
        if (memchr(line, '\0', (size_t)n)) {
            rc = rules_error(err, err_size, path, lineno, 1, "NUL byte in a rules file");
            break;
        }
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        if (ptc_is_blank(line, strlen(line))) continue;
        rc = add_file_line(r, path, lineno, line, err, err_size);
    }
    if (rc == 0 && ferror(fp))
        rc = rules_error(err, err_size, path, lineno, 1, "read error");
    free(line);
    fclose(fp);
    if (rc) {
        ptc_rules_free(r);
        return NULL;
    }
    return r;
}

/*
 * The built-in rules, as data: labels, column headers, grid labels,
 * furniture, sources of funds, categories and comparator words.
 *
 * To teach ptconv a new label, header or furniture line, add it to a table
 * here (or to a rules file): no code changes. Keys are normalised with
 * ptc_norm_key, so spacing noise and full-width brackets need no entries.
 */
#include <stdio.h>
#include <string.h>

#include "common/normalize.h"
#include "parsers/rules_index.h"

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

bool ptc_rules_add_builtins(ptc_rules *r) {
    char id[64];
    for (size_t i = 0; i < sizeof builtin_fields / sizeof builtin_fields[0]; i++) {
        const field_row *f = &builtin_fields[i];
        snprintf(id, sizeof id, "field.%s", f->key);
        ptc_rule *rule = ptc_rules_new_rule(r, PTC_RULE_FIELD, id, f->key);
        if (!rule) return false;
        rule->field = f->field;
        if (!ptc_rules_add_list(r, rule, f->labels)) return false;
    }
    for (size_t i = 0; i < sizeof builtin_columns / sizeof builtin_columns[0]; i++) {
        const column_row *c = &builtin_columns[i];
        if (c->level) snprintf(id, sizeof id, "column.level%d", c->level);
        else snprintf(id, sizeof id, "column.%s", c->key);
        if (c->role == PTC_COL_LEVEL && !c->level) snprintf(id, sizeof id, "column.level");
        ptc_rule *rule = ptc_rules_new_rule(r, PTC_RULE_COLUMN, id, c->key);
        if (!rule) return false;
        rule->role = c->role;
        rule->level = c->level;
        if (!ptc_rules_add_list(r, rule, c->headers)) return false;
    }
    for (size_t i = 0; i < sizeof builtin_grids / sizeof builtin_grids[0]; i++) {
        snprintf(id, sizeof id, "grid.%s", builtin_grids[i].key);
        ptc_rule *rule = ptc_rules_new_rule(r, PTC_RULE_GRID, id, builtin_grids[i].key);
        if (!rule || !ptc_rules_add_list(r, rule, builtin_grids[i].labels)) return false;
    }
    ptc_rule *skip = ptc_rules_new_rule(r, PTC_RULE_SKIP, "skip.web-page", "furniture");
    ptc_rule *cat = ptc_rules_new_rule(r, PTC_RULE_CATEGORY, "category.word", "category");
    ptc_rule *src = ptc_rules_new_rule(r, PTC_RULE_FUNDS_SOURCE, "block.funds-row", "funds_source");
    return skip && cat && src && ptc_rules_add_list(r, skip, builtin_skip) &&
           ptc_rules_add_list(r, cat, builtin_categories) && ptc_rules_add_list(r, src, builtin_funds_sources);
}

/* ------------------------------------------------------------ words */

/* The comparator words by their first byte, in the table's order (so the
   first of two equally long matches still wins): most values start with a
   digit, which starts none, and a Chinese value is compared with the few
   words that share its lead byte, not all of them. Filled once at load;
   a byte with more words than a row holds is marked to try them all. */
#define WORDS_PER_BYTE 8
#define ALL_WORDS 255
static unsigned char words_by_first[256][WORDS_PER_BYTE];
static unsigned char nwords_by_first[256];

__attribute__((constructor)) static void fill_words_by_first(void) {
    for (size_t i = 0; i < sizeof comparator_words / sizeof comparator_words[0]; i++) {
        unsigned char b = (unsigned char)comparator_words[i].text[0];
        if (nwords_by_first[b] == ALL_WORDS) continue;
        if (nwords_by_first[b] == WORDS_PER_BYTE) nwords_by_first[b] = ALL_WORDS;
        else words_by_first[b][nwords_by_first[b]++] = (unsigned char)i;
    }
}

size_t ptc_rules_comparator(const char *s, size_t len, ptc_comparator *cmp) {
    size_t best = 0;
    if (!len) return 0;
    unsigned char b = (unsigned char)s[0];
    size_t count = nwords_by_first[b];
    if (count == ALL_WORDS) count = sizeof comparator_words / sizeof comparator_words[0];
    for (size_t j = 0; j < count; j++) {
        size_t i = nwords_by_first[b] == ALL_WORDS ? j : words_by_first[b][j];
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


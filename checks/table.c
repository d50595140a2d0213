/*
 * Each table on its own: its year and period, its required fields, its
 * costs against its funds, its rates (year-mismatch, period-invalid,
 * period-outside-year, missing-field, cost-mismatch, rate-over-100;
 * docs/checks.md).
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/measure.h"
#include "common/normalize.h"

/* A cost-mismatch message lists at most this many addends. */
#define COST_TERMS_SHOWN 5

void ptc_check_year(checker *c, const ptc_table *t) {
    const ptc_summary *s = c->doc->summary;
    if (!t->year.set || !s || !s->year.set || t->year.value == s->year.value) return;
    char tn[48];
    ptc_check_report(c, "year-mismatch", t->year_pos,
                     "%s is for the year %ld but the summary (line %u) is for %ld",
                     ptc_check_table_name(t, tn), t->year.value, s->text.pos.line, s->year.value);
}

static long year_of(const char iso_date[11]) {
    return (iso_date[0] - '0') * 1000L + (iso_date[1] - '0') * 100 + (iso_date[2] - '0') * 10 +
           (iso_date[3] - '0');
}

/* Both dates read, the end not before the start: what period-invalid
   leaves to period-outside-year. */
static bool period_readable(const ptc_period *per) {
    return per->start[0] && per->end[0] && strcmp(per->start, per->end) <= 0;
}

void ptc_check_period_invalid(checker *c, const ptc_table *t) {
    const ptc_period *per = t->period;
    if (!per || period_readable(per)) return;
    char q[QUOTE_SIZE];
    if (!per->start[0] || !per->end[0]) {
        if (per->text.str.len == 0)
            ptc_check_report(c, "period-invalid", per->text.pos, "项目期限 is empty");
        else if (!ptc_check_has_diag_at(c->doc, "invalid-date", per->text.pos))
            ptc_check_report(c, "period-invalid", per->text.pos,
                             "项目期限 \"%s\" could not be read as a start and an end date",
                             ptc_check_quote_text(&per->text, q));
        return;
    }
    ptc_check_report(c, "period-invalid", per->text.pos,
                     "项目期限 \"%s\" ends (%s) before it starts (%s)",
                     ptc_check_quote_text(&per->text, q), per->end, per->start);
}

void ptc_check_period_outside_year(checker *c, const ptc_table *t) {
    const ptc_period *per = t->period;
    if (!per || !period_readable(per)) return;
    char q[QUOTE_SIZE];
    const ptc_summary *s = c->doc->summary;
    bool summary_year = s && s->year.set, table_year = t->year.set;
    if (!summary_year && !table_year) return;
    long start = year_of(per->start), end = year_of(per->end);
    bool start_ok =
        (summary_year && start == s->year.value) || (table_year && start == t->year.value);
    bool end_ok = (summary_year && end == s->year.value) || (table_year && end == t->year.value);
    if (start_ok && end_ok) return;
    char years[48];
    if (summary_year && table_year && s->year.value != t->year.value)
        snprintf(years, sizeof years, "%ld or %ld", s->year.value, t->year.value);
    else snprintf(years, sizeof years, "%ld", summary_year ? s->year.value : t->year.value);
    ptc_check_report(c, "period-outside-year", per->text.pos,
                     "项目期限 \"%s\" %s %ld, outside the budget year %s",
                     ptc_check_quote_text(&per->text, q), start_ok ? "ends in" : "starts in",
                     start_ok ? end : start, years);
}

void ptc_check_required_fields(checker *c, const ptc_table *t) {
    char tn[48], q[QUOTE_SIZE];
    if (t->indicators_len == 0)
        ptc_check_report(c, "missing-field", ptc_check_heading_pos(t), "%s has no indicators",
                         ptc_check_table_name(t, tn));
    /* A 部门整体 table is about the whole department: it has no project. */
    if (t->kind == PTC_TABLE_OVERALL) return;
    if (!t->project_name.str.s)
        ptc_check_report(c, "missing-field", ptc_check_heading_pos(t), "%s has no 项目名称",
                         ptc_check_table_name(t, tn));
    else if (t->project_name.str.len == 0)
        ptc_check_report(c, "missing-field", t->project_name.pos, "%s's 项目名称 is empty",
                         ptc_check_table_name(t, tn));
    if (!t->funds)
        ptc_check_report(c, "missing-field", ptc_check_heading_pos(t), "%s has no 项目资金",
                         ptc_check_table_name(t, tn));
    else if (!t->funds->value.set)
        ptc_check_report(c, "missing-field", t->funds->text.pos,
                         "%s's 项目资金 \"%s\" has no readable amount", ptc_check_table_name(t, tn),
                         ptc_check_quote_text(&t->funds->text, q));
}

static bool is_cost_indicator(const ptc_indicator *ind) {
    /* the number and its unit first: they are read without a search */
    if (!ind->value.number.set || !ptc_check_compact_equals(ind->unit.str, "万元")) return false;
    static const char cost_level[] = "成本指标";
    const size_t n = sizeof cost_level - 1;
    bool cost = false;
    for (size_t k = 0; k < ind->path_len && !cost; k++) {
        ptc_str level = ind->path[k].str;
        /* A level shorter than the words cannot hold them, and one as long
           holds them only as itself (the common 成本指标): no search. */
        if (!level.s || level.len < n) continue;
        cost = level.len == n ? memcmp(level.s, cost_level, n) == 0
                              : ptc_contains(level.s, level.len, cost_level);
    }
    return cost;
}

void ptc_check_cost(checker *c, const ptc_table *t) {
    const ptc_amount *f = t->funds;
    double per_unit = f && f->value.set ? ptc_check_yuan_per_unit(f->unit) : 0;
    if (per_unit == 0) return;
    double funds_wan = f->value.value * per_unit / 1e4;
    double tolerance = ptc_check_half_unit(ptc_check_printed_decimals(
                           f->text.str.s ? f->text.str.s : "", f->text.str.len)) *
                       per_unit / 1e4;
    double sum = 0;
    size_t terms = 0;
    for (size_t i = 0; i < t->indicators_len; i++) {
        if (!is_cost_indicator(&t->indicators[i])) continue;
        sum += t->indicators[i].value.number.value;
        terms++;
    }
    if (terms == 0 || !isfinite(sum) || !ptc_check_differs(sum, funds_wan, tolerance)) return;

    char addends[COST_TERMS_SHOWN * 64 + 16], a[48], q[QUOTE_SIZE];
    size_t n = 0, shown = 0;
    addends[0] = '\0';
    for (size_t i = 0; i < t->indicators_len && shown < COST_TERMS_SHOWN; i++) {
        const ptc_indicator *ind = &t->indicators[i];
        if (!is_cost_indicator(ind)) continue;
        int w = snprintf(addends + n, sizeof addends - n, "%s%s (line %u)", shown ? " + " : "",
                         ptc_check_format_amount(ind->value.number.value, a), ind->line);
        if (w > 0 && (size_t)w < sizeof addends - n) n += (size_t)w;
        shown++;
    }
    if (terms == 1) {
        ptc_check_report(c, "cost-mismatch", f->text.pos,
                         "项目资金 \"%s\" differs from its only 成本指标 in 万元: %s",
                         ptc_check_quote_text(&f->text, q), addends);
        return;
    }
    if (shown < terms) snprintf(addends + n, sizeof addends - n, " + … (%zu in all)", terms);
    ptc_check_report(c, "cost-mismatch", f->text.pos,
                     "项目资金 \"%s\" differs from the sum of its 成本指标 in 万元: %s = %s 万元",
                     ptc_check_quote_text(&f->text, q), addends, ptc_check_format_amount(sum, a));
}

void ptc_check_rates(checker *c, const ptc_table *t) {
    for (size_t i = 0; i < t->indicators_len; i++) {
        const ptc_indicator *ind = &t->indicators[i];
        /* the number first: most are no more than 100, and need no unit read */
        if (!ind->value.number.set || !(ind->value.number.value > 100)) continue;
        bool percent = ptc_check_compact_equals(ind->unit.str, "%") ||
                       ptc_check_compact_equals(ind->unit.str, "％") ||
                       ptc_check_ends_with_percent(ind->value.text.str);
        if (!percent) continue;
        char name[QUOTE_SIZE], value[QUOTE_SIZE], unit[QUOTE_SIZE];
        ptc_check_report(c, "rate-over-100", ind->value.text.pos,
                         "indicator \"%s\" is a percentage over 100: \"%s\"%s%s",
                         ptc_check_quote_text(&ind->name, name),
                         ptc_check_quote_text(&ind->value.text, value),
                         ind->unit.str.len ? " " : "", ptc_check_quote_text(&ind->unit, unit));
    }
}

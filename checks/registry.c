/*
 * The checks stage (docs/checks.md): the registry of check codes, and
 * ptc_check_document, which runs it on a finished document.
 *
 * The registry is the one table of the checks: it drives the order they
 * run in, the severity of each code's findings (checks/report.c takes it
 * from here), `ptconv --list-checks` and through that README's table of
 * codes. Adding a check is a function in checks/ plus one row here.
 *
 * The checks read only the parsed model: numbers the builder already read,
 * positions it recorded, and plain string comparisons. Every regular
 * expression lives in parsers/scan.c; nothing here re-parses source text.
 * Findings about the document's content are warnings (so --strict fails on
 * them); a note is used only where the check itself cannot decide. Errors
 * stay reserved for input the parser could not read.
 */
#include <string.h>

#include "checks/checks.h"
#include "model/model.h"

typedef void (*document_check)(checker *c);
typedef void (*table_check)(checker *c, const ptc_table *t);

/* One row per check code: its document check or its table check. */
#define DOCUMENT(fn) {fn, NULL}
#define TABLE(fn) {NULL, fn}

/*
 * ROW(code, severity, check, description), in the order the checks run.
 * Consecutive rows naming the same function are one pass that finds
 * several codes; it runs once. Consecutive table checks run table by
 * table: each table gets all of them before the next one.
 */
#define PTC_CHECK_ROWS(ROW)                                                                        \
    ROW("project-count-mismatch", WARNING, DOCUMENT(ptc_check_project_count),                      \
        "the summary's project count differs from the number of tables")                           \
    ROW("unit-count-mismatch", WARNING, DOCUMENT(ptc_check_units),                                 \
        "a listed unit's project count differs from the number of tables that belong to it")       \
    ROW("unit-unmatched", WARNING, DOCUMENT(ptc_check_units),                                      \
        "a table's 申报单位 matches no unit of the list, or the table names no unit")              \
    ROW("unit-ambiguous", NOTE, DOCUMENT(ptc_check_units),                                         \
        "a 申报单位 matches several listed units; their counts are checked together")              \
    ROW("total-funds-mismatch", WARNING, DOCUMENT(ptc_check_total_funds),                          \
        "the summary's total differs from the sum of the tables' 项目资金")                        \
    ROW("table-number-missing", WARNING, DOCUMENT(ptc_check_table_number_gaps),                    \
        "a table number is skipped")                                                               \
    ROW("table-number-repeated", WARNING, DOCUMENT(ptc_check_table_number_gaps),                   \
        "a table number is used twice")                                                            \
    ROW("table-number-order", WARNING, DOCUMENT(ptc_check_table_number_order),                     \
        "a table number is lower than the one before it")                                          \
    ROW("missing-field", WARNING, TABLE(ptc_check_required_fields),                                \
        "a table has no 项目名称, no 项目资金 with a readable amount, or no indicators")           \
    ROW("year-mismatch", WARNING, TABLE(ptc_check_year),                                           \
        "a table's year line differs from the summary's year")                                     \
    ROW("period-invalid", WARNING, TABLE(ptc_check_period_invalid),                                \
        "a 项目期限 is empty, cannot be read as two dates, or ends before it starts")              \
    ROW("period-outside-year", WARNING, TABLE(ptc_check_period_outside_year),                      \
        "a 项目期限 starts or ends outside the budget year")                                       \
    ROW("cost-mismatch", WARNING, TABLE(ptc_check_cost),                                           \
        "a table's 项目资金 differs from the sum of its 成本指标 in 万元")                         \
    ROW("rate-over-100", WARNING, TABLE(ptc_check_rates),                                          \
        "a percentage indicator is over 100")                                                      \
    ROW("ocr-repetition", WARNING, DOCUMENT(ptc_check_ocr_repetitions),                            \
        "a name has a run of characters doubled by OCR; the corrected name occurs in the document")

#define INFO(code, severity, check, description) {code, PTC_SEV_##severity, description},
#define CHECK(code, severity, check, description) check,

typedef struct check_fn {
    document_check document;
    table_check table;
} check_fn;

static const ptc_check_info infos[] = {PTC_CHECK_ROWS(INFO)};
static const check_fn checks[] = {PTC_CHECK_ROWS(CHECK)};

#define NCHECKS (sizeof infos / sizeof infos[0])

const ptc_check_info *ptc_checks(size_t *count) {
    *count = NCHECKS;
    return infos;
}

const ptc_check_info *ptc_check_find(const char *code) {
    /* A check reports with the literal of its row, which the linker
       usually merges with the registry's: the pointers are tried first. */
    for (size_t i = 0; i < NCHECKS; i++)
        if (infos[i].code == code) return &infos[i];
    for (size_t i = 0; i < NCHECKS; i++)
        if (strcmp(infos[i].code, code) == 0) return &infos[i];
    return NULL;
}

static bool same_check(size_t a, size_t b) {
    return checks[a].document == checks[b].document && checks[a].table == checks[b].table;
}

int ptc_check_document(ptc_document *doc) {
    checker c = {doc, false, NULL};
    for (size_t i = 0; i < NCHECKS && !c.failed;) {
        if (checks[i].document) {
            if (i == 0 || !same_check(i - 1, i)) checks[i].document(&c);
            i++;
            continue;
        }
        size_t end = i;
        while (end < NCHECKS && checks[end].table) end++;
        for (size_t t = 0; t < doc->tables_len && !c.failed; t++)
            for (size_t k = i; k < end; k++)
                if (k == i || !same_check(k - 1, k)) checks[k].table(&c, &doc->tables[t]);
        i = end;
    }
    ptc_check_release(&c);
    ptc_document_sort_diagnostics(doc);
    return c.failed ? -1 : 0;
}

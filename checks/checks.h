/*
 * The checks stage: the functions the registry (checks/registry.c) runs.
 * A document check looks at the whole document once; a table check is
 * called for each table in turn.
 */
#ifndef PTC_CHECKS_CHECKS_H
#define PTC_CHECKS_CHECKS_H

#include "checks/report.h"

/* The registry row of `code`, NULL if there is none. */
const ptc_check_info *ptc_check_find(const char *code);

/* checks/counts.c: the summary and the unit list against the tables */
void ptc_check_project_count(checker *c);
void ptc_check_units(checker *c); /* unit-count-mismatch, unit-unmatched, unit-ambiguous */
void ptc_check_total_funds(checker *c);

/* checks/numbering.c: table numbers */
void ptc_check_table_number_gaps(checker *c); /* table-number-missing, table-number-repeated */
void ptc_check_table_number_order(checker *c);

/* checks/table.c: each table on its own */
void ptc_check_required_fields(checker *c, const ptc_table *t);
void ptc_check_year(checker *c, const ptc_table *t);
void ptc_check_period_invalid(checker *c, const ptc_table *t);
void ptc_check_period_outside_year(checker *c, const ptc_table *t);
void ptc_check_cost(checker *c, const ptc_table *t);
void ptc_check_rates(checker *c, const ptc_table *t);

/* checks/ocr.c: names with a run doubled by OCR */
void ptc_check_ocr_repetitions(checker *c);

#endif

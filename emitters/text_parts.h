/*
 * Pure helpers of the text emitter (text.c). Writing back what the parser
 * split off a cell (parsers/parts.c) — a code before its name, a score after
 * its category — needs texts joined for one cell, and the extra a score is
 * kept under. Internal to emitters/.
 */
#ifndef PTC_TEXT_PARTS_H
#define PTC_TEXT_PARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "ptconv.h"

/* Joined texts, owned until ptc_joins_clear. */
typedef struct ptc_joins {
    char **items;
    size_t n, cap;
} ptc_joins;

/* pre + a + mid + b as one text; {"", 0} and *failed set when out of memory. */
ptc_str ptc_joins_add(ptc_joins *j, const char *pre, ptc_str a, const char *mid, ptc_str b, bool *failed);
void ptc_joins_clear(ptc_joins *j);
void ptc_joins_free(ptc_joins *j);

/* The index of the extra holding the score of the level column `header`
   (keyed HEADER分值) among those not `claimed`; SIZE_MAX when none. */
size_t ptc_score_extra(const ptc_field *extra, size_t n, const bool *claimed, ptc_str header);

/* Column (1-based) of an extra the parser found beyond the header and named
   "#N", or 0 when the label is not of that form. */
size_t ptc_beyond_header_column(ptc_str label);

/* 项目资金申请（万元）, （元） or （亿元）: the label that names the amount's unit
   (万元 when the text names its own, 千元). */
const char *ptc_funds_label(const ptc_amount *a);

#endif

/*
 * Consistency checks on a finished document: do the announcement's numbers
 * add up, are its table numbers, years, dates and required fields in order,
 * are names free of OCR repetitions. Each finding is a diagnostic with a
 * stable code, a severity and the source position of the offending text.
 */
#ifndef PTC_CHECK_H
#define PTC_CHECK_H

#include "ptconv.h"

/* Append the findings to doc->diags. Returns 0, or -1 when out of memory. */
int ptc_check_document(ptc_document *doc);

#endif

/*
 * Label/value pairs written inside one cell: "填报单位(盖章): 单位负责人:谭呈祥",
 * "注:各地请根据实际情况…". A web page or a PDF line that lost its table
 * cells keeps the label and its value in one run of text, joined by a
 * colon. Internal to parsers/.
 */
#ifndef PTC_PAIRS_H
#define PTC_PAIRS_H

#include <stdbool.h>

#include "parsers/classify.h"
#include "parsers/records.h"

/* Most pairs one cell is split into; a cell holding more is not split. */
#define PTC_MAX_CELL_PAIRS 8u

/* If the one non-blank cell of `r` is "LABEL：VALUE", optionally followed by
   more " LABEL：VALUE" pairs, where every LABEL is a known field label (the
   built-in rules or --rules), writes to `out` a record of those labels and
   values as cells (label, value, label, value …; an empty value is a blank
   cell), each a slice of the original cell with its own position, and
   returns true. `cells` must hold 2 * PTC_MAX_CELL_PAIRS cells; `out` points
   into it and into `r`'s lines, so it is valid as long as `r` is. Otherwise
   returns false and leaves `out` alone. Nothing is guessed: a text before
   the first colon that is not a label leaves the cell whole. */
bool ptc_split_label_pairs(ptc_classifier *c, const ptc_record *r, ptc_record *out,
                           ptc_cell *cells);

/* If `cell` begins with "LABEL：" where LABEL is a known field label
   (资金总额: 250 in the value cell of 项目资金申请), returns that label's rule
   and sets `*value_off` to the byte offset in the cell where the value
   starts (after the colon and spaces); NULL otherwise. */
const ptc_rule *ptc_label_prefix(ptc_classifier *c, const ptc_cell *cell, size_t *value_off);

#endif

/*
 * Semantic diff of two announcements (`ptconv diff OLD NEW`): which
 * projects were added or removed, and for each table present in both what
 * changed: header fields, funds, goal, notes, label fields, indicators.
 *
 *   diff/diff.c     documents and tables: matching, header fields
 *   diff/items.c    indicators, label fields and units: matching, changes
 *   diff/output.c   the two outputs: text in the spirit of diff -u, JSON
 *
 * Every change is one record (diff_change), written at once by the output.
 */
#ifndef PTC_DIFF_H
#define PTC_DIFF_H

#include <stdbool.h>

#include "ptconv.h"

typedef struct diff_change {
    char op;            /* '-' removed, '+' added, '~' changed */
    const char *scope;  /* "document", "summary", "unit", "table", "field", "indicator" */
    ptc_str item;       /* which one: a member name ("funds"), a unit's or field's
                           label, an indicator's path/name, a table's project */
    const char *attr;   /* '~' on a unit or indicator: what of it changed
                           ("value", "number", "unit", "comparator", "path",
                           "position", "extra:HEADER"…); NULL otherwise */
    ptc_str old_v, new_v; /* the values, as text; s NULL: absent (null) */
    uint32_t old_line, new_line; /* 0: not in that input */
} diff_change;

typedef struct diff_out diff_out;

/* An output on `sink`: JSON (`json`) or text; `old_name`, `new_name` are the
   inputs as shown. */
diff_out *diff_out_new(ptc_sink *sink, bool json, const char *old_name, const char *new_name);
/* The table pair the following changes belong to (NULL, NULL: none, the
   document's own). */
void diff_out_tables(diff_out *o, const ptc_document *od, const ptc_table *ot,
                     const ptc_document *nd, const ptc_table *nt);
void diff_out_change(diff_out *o, const diff_change *c);
/* Ends the output; returns the number of changes written. */
unsigned long diff_out_finish(diff_out *o);

/* Compares two inputs (their documents, paired in order) and writes every
   change to `o`. Returns 0, or -1 when out of memory. */
int diff_inputs(diff_out *o, ptc_document *const *old, size_t nold, ptc_document *const *new_,
                size_t nnew);

/* diff/items.c, for diff.c */
int diff_indicators(diff_out *o, const ptc_table *ot, const ptc_table *nt);
void diff_fields(diff_out *o, const ptc_table *ot, const ptc_table *nt);
void diff_units(diff_out *o, const ptc_document *od, const ptc_document *nd);

/* Shared helpers */
bool diff_str_eq(ptc_str a, ptc_str b);
/* A change of a string member, written when the values differ. */
void diff_str(diff_out *o, const char *scope, const char *item, const char *attr, ptc_str a,
              uint32_t al, ptc_str b, uint32_t bl);
/* A number as text, in `buf` (32 bytes); absent: s NULL. */
ptc_str diff_num(ptc_opt_num v, char *buf);
ptc_str diff_int(ptc_opt_int v, char *buf);
ptc_str diff_cstr(const char *s);

#endif

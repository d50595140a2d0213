/*
 * Classification: what one record is, decided from the rules, the
 * assembler's context and the record alone. A pure function: it writes
 * nothing to the model; the assemblers act on its answer.
 */
#ifndef PTC_CLASSIFY_H
#define PTC_CLASSIFY_H

#include <stdbool.h>

#include "common/limits.h"
#include "parsers/records.h"
#include "parsers/rules.h"
#include "parsers/scan.h"

typedef enum ptc_line_class {
    PTC_CLASS_BLANK = 0,
    PTC_CLASS_TITLE,            /* 绩效目标设置情况 */
    PTC_CLASS_SUMMARY,          /* 2021年…项目22个，涉及财政拨款936万元。 */
    PTC_CLASS_UNIT_ITEM,        /* 1、…绩效项目8个； */
    PTC_CLASS_HEADING,          /* 1、项目支出绩效目标批复表 */
    PTC_CLASS_YEAR,             /* (2021 年度) */
    PTC_CLASS_APPLICANT,        /* 申报单位：… */
    PTC_CLASS_LABEL_ROW,        /* 项目名称 | … (cells marked with their field) */
    PTC_CLASS_INDICATOR_HEADER, /* 一级指标 | … | 指标值 (cells marked with their role) */
    PTC_CLASS_INDICATOR_ROW,    /* a row of the indicator block */
    PTC_CLASS_TEXT,             /* free text: goal, notes or the document's narrative */
    PTC_CLASS_FURNITURE,        /* page numbers, web-page chrome */
    PTC_CLASS_GRID_START,       /* 预算整体情况 | …: the first row of a grid block */
    PTC_CLASS_GRID_ROW,         /* a further row of the grid */
    PTC_CLASS_UNKNOWN           /* not understood here: reported, not used */
} ptc_line_class;

/* Where the assembler is; the classifier reads it, never changes it. */
typedef enum ptc_context {
    PTC_CTX_PREAMBLE,      /* before the first table of a document */
    PTC_CTX_TABLE,         /* in a table's label rows */
    PTC_CTX_GOAL,          /* after a goal label: text lines are the goal */
    PTC_CTX_EXPECT_HEADER, /* after 年度绩效指标 */
    PTC_CTX_INDICATORS,    /* after the indicator header */
    PTC_CTX_NOTES,         /* after 其他说明: text lines continue the notes */
    PTC_CTX_GRID,          /* in a grid block: rows under its merged label */
    PTC_CTX_SKIP_TABLE,    /* a table beyond the limit */
    PTC_CTX_FUNDS          /* after the funds label row: its sub-rows may follow */
} ptc_context;

/* What the text of a PTC_CLASS_TEXT line continues. */
typedef enum ptc_text_target { PTC_TEXT_DOCUMENT, PTC_TEXT_GOAL, PTC_TEXT_NOTES } ptc_text_target;

typedef struct ptc_classification {
    ptc_line_class cls;
    const char *rule;       /* id of the rule that decided */
    size_t first;           /* first non-blank cell */
    size_t nonblank;        /* non-blank cells */
    ptc_line_match match;   /* line patterns: the captures, in cells[first] */
    ptc_text_target text_target;
    bool scan_limit;        /* a pattern hit its match limit on this record */
    /* per cell: the FIELD rule (label rows) or COLUMN rule (headers), and
       the qualifier stripped to find it (a slice of the classifier's
       scratch, valid until the next call). A qualifier is set only where
       the cell has a rule, and for every cell of an indicator header (NULL
       where none); elsewhere it is left as it was. */
    const ptc_rule *cell_rule[PTC_MAX_CELLS];
    ptc_str cell_qual[PTC_MAX_CELLS];
} ptc_classification;

typedef struct ptc_classifier ptc_classifier;

ptc_classifier *ptc_classifier_new(const ptc_rules *rules);
void ptc_classifier_free(ptc_classifier *c);

/* Classify `r` in context `ctx`; the answer is valid until the next call. */
const ptc_classification *ptc_classify(ptc_classifier *c, ptc_context ctx, const ptc_record *r);

/* "blank", "title", … "unknown": the class names --explain prints. */
const char *ptc_line_class_name(ptc_line_class cls);

/* The label rule of a raw cell (NULL: not a label), for assemblers that look
   at one cell; `qual` as in ptc_rules_lookup_cell, valid until the next call. */
const ptc_rule *ptc_classify_label(ptc_classifier *c, const ptc_cell *cell, ptc_str *qual);

#endif

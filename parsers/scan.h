/*
 * The scanner: every regular expression ptconv uses, named by purpose and
 * compiled once per process (PCRE2, UTF mode, JIT, match/depth limits).
 * Each function recognises one kind of text and reports where its parts
 * are; callers apply a cheap byte test first so most lines never reach a
 * regex.
 */
#ifndef PTC_SCAN_H
#define PTC_SCAN_H

#include <stddef.h>

#include "ptconv.h"

/* A captured part of the scanned text; `off == PTC_NOCAP` when unset. */
#define PTC_NOCAP ((size_t)-1)
typedef struct ptc_cap {
    size_t off, len;
} ptc_cap;

/* Returned by every scan function when PCRE2 hit its match or depth limit. */
#define PTC_SCAN_LIMIT (-2)

typedef enum ptc_line_kind {
    PTC_LINE_NONE = 0,
    PTC_LINE_TITLE,     /* 绩效目标设置情况                          cap0 title */
    PTC_LINE_SUMMARY,   /* 2021年…项目22个，涉及财政拨款936万元。     cap0 year, cap1 organization,
                           cap2 project count, cap3 amount, cap4 amount unit */
    PTC_LINE_INTRO,     /* 绩效目标表如下：                          */
    PTC_LINE_UNIT_ITEM, /* 1、…绩效项目8个；                          cap0 seq, cap1 name, cap2 count */
    PTC_LINE_HEADING,   /* 1、项目支出绩效目标批复表 (number optional)  cap0 seq, cap1 title */
    PTC_LINE_YEAR,      /* (2021 年度) / （2021 年度）               cap0 year */
    PTC_LINE_APPLICANT  /* 申报单位：…                               cap0 name */
} ptc_line_kind;

typedef struct ptc_line_match {
    ptc_line_kind kind;
    ptc_cap cap[5];
} ptc_line_match;

/* ptc_column_role (the roles of the indicator header cells) is public: ptconv.h. */

typedef struct ptc_scanner ptc_scanner;

/* NULL when out of memory or when a pattern fails to compile. */
ptc_scanner *ptc_scanner_new(void);
void ptc_scanner_free(ptc_scanner *sc);

/* A line holding one cell of text: title, summary, unit list item, table
   heading, year line or applicant. Returns 1 and fills `m` on a match, 0 if
   none, PTC_SCAN_LIMIT. */
int ptc_scan_line(ptc_scanner *sc, const char *s, size_t len, ptc_line_match *m);

/* A page number line ("- 3 -", "第 3 页 共 9 页", "3/9"): 1, 0 or PTC_SCAN_LIMIT. */
int ptc_scan_page_number(ptc_scanner *sc, const char *s, size_t len);
/* 1 when the line is a web page's byline with a date (发布时间：2024-07-09,
   来源:某局 2022-05-16), 0 if not, PTC_SCAN_LIMIT. */
int ptc_scan_web_stamp(ptc_scanner *sc, const char *s, size_t len);
/* 1 when the line is one funds sub-row: an ordinal or 其中, a source and an
   amount (一、预算资金:250); 0 if not, PTC_SCAN_LIMIT. */
int ptc_scan_funds_row(ptc_scanner *sc, const char *s, size_t len);
/* The first goal marker (目标1：, 目标二、) at or after byte `from` of `s`: 1 and
   the whole marker with the spaces after it in `marker`, its 目标N in
   `label`; 0 if none, PTC_SCAN_LIMIT. */
int ptc_scan_goal_marker(ptc_scanner *sc, const char *s, size_t len, size_t from, ptc_cap *marker,
                         ptc_cap *label);

/* A period "2021-01-01 至 2021-12-31" (also 2021年1月1日至2021年12月31日, /, .):
   cap[0..5] = y1 m1 d1 y2 m2 d2. Returns 1, 0 or PTC_SCAN_LIMIT. */
int ptc_scan_period(ptc_scanner *sc, const char *s, size_t len, ptc_cap cap[6]);

#endif

/*
 * Named internal limits. Each bounds one way hostile or broken input could
 * make ptconv use unbounded memory or time; exceeding one is always a
 * diagnostic, never a silent truncation, a crash or a hang.
 */
#ifndef PTC_LIMITS_H
#define PTC_LIMITS_H

/* Bytes of input examined to choose an encoding when there is no BOM.
   Enough for many lines of CJK text, small enough to keep detection cheap
   and latency low on pipes. */
#define PTC_DETECT_BYTES (64u * 1024u)

/* Longest decoded line kept, in bytes. The longest real cell (a goal text)
   is a few KiB; a longer "line" is a binary file or a file without line
   ends. Beyond this the line is discarded and reported (line-too-long),
   so a 20 MB line with no newline costs O(1) memory. */
#define PTC_MAX_LINE_BYTES (1024u * 1024u)

/* Most TAB-separated cells read from one line. Real forms have 5-15
   columns; a million TABs would otherwise make a million empty cells
   per line. Further cells are reported (too-many-cells) and not read. */
#define PTC_MAX_CELLS 256u

/* Physical lines one quoted cell may span. Excel's exports wrap a cell's
   line breaks inside quotes; real cells hold a few lines. A stray opening
   quote would otherwise swallow the rest of the file into one cell: past
   this many lines it is reported (unclosed-quote) and read as a character. */
#define PTC_MAX_QUOTED_LINES 64u

/* Most tables in one document and indicators in one table. Real
   announcements have tens of tables and tens of indicators; the caps stop a
   stream of 100,000 headings from becoming one huge in-memory document:
   beyond them the table (or indicator) is reported and not kept. */
#define PTC_MAX_TABLES_PER_DOCUMENT 10000u
#define PTC_MAX_INDICATORS_PER_TABLE 10000u

/* Diagnostics kept per document; after this a single "too-many-diagnostics"
   error stands for the rest, so random bytes cannot make the diagnostic list
   the memory hog. */
#define PTC_MAX_DIAGNOSTICS 1000u

/* PCRE2 match and depth limits: our patterns are linear, these are the
   backstop against a pattern/input pair that backtracks catastrophically.
   Hitting one is reported (regex-limit) and the line is treated as
   unrecognised. */
#define PTC_REGEX_MATCH_LIMIT 1000000u
#define PTC_REGEX_DEPTH_LIMIT 10000u

#endif

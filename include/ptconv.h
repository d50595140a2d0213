/*
 * ptconv — convert the extracted text of Chinese budget "performance target"
 * announcements (绩效目标设置情况 / 项目支出绩效目标批复表) into a structured model
 * and write it out as JSON, XML, HTML, CSV or canonical text.
 *
 * Data flows one way:
 *
 *   bytes --(ptc_parser_feed)--> decoded lines --> classified lines --> model
 *         --(ptc_document_fn)--> ptc_writer --> ptc_sink
 *
 * The parser is a push parser: feed it bytes in chunks of any size; each time
 * a document is complete it is handed to the caller's callback and freed when
 * the callback returns, so memory does not grow with the input.
 *
 * All strings in the model are UTF-8, carried as pointer + length (they may
 * contain NUL bytes from the input). A string whose `s` is NULL is absent
 * (JSON null); an empty string has `s != NULL` and `len == 0`.
 */
#ifndef PTCONV_H
#define PTCONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Stability. The library follows its version number (ptconv_version.h):
 *
 *  - Never changes, from this version on: the name, type and order of every
 *    existing member of every public struct, the value of every existing
 *    enumerator and PTC_* code, and the prototype and meaning of every
 *    existing function. Structs grow only at their end; enums gain values
 *    only at their end; a member added later means "as before" when zero,
 *    so `{0}`, designated initialisers and the *_INIT macros keep meaning
 *    the defaults.
 *  - May change before 1.0: new functions, new trailing struct members, new
 *    emitters, check codes and diagnostic codes, and what the model holds
 *    for an input the parser reads better. A change that breaks a binary
 *    built against an older header (a struct the library reads growing is
 *    one) changes the SONAME: libptconv.so.0 becomes libptconv.so.1.
 *  - From 1.0 on the SONAME stays and a struct the library reads grows only
 *    together with a new entry point reading the new layout (as
 *    ptc_parser_new2 sits beside ptc_parser_new), so an old binary keeps
 *    calling functions that read only the members it has.
 *  - Only what this header declares is the API. The shared library exports
 *    exactly the functions marked PTC_EXPORT here (a test compares them);
 *    everything else (the arena, the JSON string writer, the parser's
 *    stages) is internal and may change at any time.
 *  - The JSON contract has its own version, PTCONV_JSON_VERSION.
 */

#include "ptconv_version.h"

/* Marks the functions the shared library exports; the library is built with
   -fvisibility=hidden, so nothing else is visible to its users. */
#ifndef PTC_EXPORT
#if defined(__GNUC__) || defined(__clang__)
#define PTC_EXPORT __attribute__((visibility("default")))
#else
#define PTC_EXPORT
#endif
#endif

/** Version of the JSON contract written by the json/jsonl emitters. */
#define PTCONV_JSON_VERSION 1

/**
 * The library's version, "MAJOR.MINOR.PATCH": PTCONV_VERSION of the library
 * actually loaded, which may differ from the header a program was built with.
 */
PTC_EXPORT const char *ptc_version(void);

/* ------------------------------------------------------------------------ */
/* Model                                                                     */
/* ------------------------------------------------------------------------ */

/** A UTF-8 string slice; `s == NULL` means "absent". */
typedef struct ptc_str {
    const char *s;
    size_t len;
} ptc_str;

/** A 1-based source position: line, and column counted in characters. */
typedef struct ptc_pos {
    uint32_t line;
    uint32_t col;
} ptc_pos;

/**
 * A piece of normalised text and the span of its source cell: `pos` is where
 * the cell starts, `end` where it ends (the last character's line and column;
 * line 0 when not recorded). A cell quoted over several lines spans them.
 */
typedef struct ptc_text {
    ptc_str str;
    ptc_pos pos; /* line 0 when the text is absent */
    ptc_pos end;
} ptc_text;

/** An inclusive range of source lines. */
typedef struct ptc_lines {
    uint32_t first;
    uint32_t last;
} ptc_lines;

typedef struct ptc_opt_int {
    bool set;
    long value;
} ptc_opt_int;

typedef struct ptc_opt_num {
    bool set;
    double value;
} ptc_opt_num;

typedef enum ptc_comparator {
    PTC_CMP_NONE = 0,
    PTC_CMP_GE, /* ≥ ≧ >= 不低于 不少于 … */
    PTC_CMP_LE, /* ≤ ≦ <= 不高于 不超过 … */
    PTC_CMP_GT,
    PTC_CMP_LT,
    PTC_CMP_EQ
} ptc_comparator;

/** ">=", "<=", ">", "<", "=" or NULL for PTC_CMP_NONE. */
PTC_EXPORT const char *ptc_comparator_symbol(ptc_comparator c);

/**
 * A label/value pair: label rows without a place of their own (`fields`) and
 * extra indicator columns (`extra`). `key` is the canonical key of the rule
 * that recognised the label (`contact_person`, or `project_name` for a
 * repeated 项目名称); for `extra` it equals `label`.
 */
typedef struct ptc_field {
    ptc_text label;
    ptc_text value;
    ptc_str key;
    /* A numeric code written with the value ("[301001]某中心", "某局（301）"),
       split off it (`value` is then the name), or absent. Only labels whose
       values are names of units or projects have one; never in `extra`. */
    ptc_text code;
} ptc_field;

/** An indicator value: the text as written, and what could be read from it. */
typedef struct ptc_value {
    ptc_text text;
    ptc_opt_num number;
    ptc_comparator comparator;
} ptc_value;

typedef struct ptc_indicator {
    ptc_text *path; /* category cells, outermost first */
    size_t path_len;
    ptc_text name;
    ptc_value value;
    ptc_text unit; /* "" when the cell is empty */
    ptc_field *extra; /* further columns, keyed by header text */
    size_t extra_len;
    uint32_t line;
    /* path_len entries: true when that category cell was not written on this
       row but inherited from the row above (a merged cell). */
    bool *inherited;
    /* path_len entries: how many rows, from this one, the category cell spans
       on the published form (equal cells under equal outer cells merge, as
       the form draws them); 0 where the cell of a row above covers it. The
       parser sets these when the block ends; an emitter draws them as-is. */
    uint32_t *rowspan;
    /* The name cell as written when a numbering prefix was stripped from it
       to give `name` ("指标1:培训人数" -> name "培训人数"); absent otherwise. */
    ptc_text label;
    /* Read off value.text, like value.number. They belong to the value but
       sit here because ptc_value is embedded above: growing it would move
       every member after it (Stability, at the top of this header). value_unit is the
       unit glued to the number, as written but for full-width signs read as
       ASCII ("万人次" of "约5.5万人次", "%" of "≥９０％"); s NULL when the value
       has none (the `unit` column is separate and stays as written).
       value_approximate: the number is qualified by 约, 大约 or 左右. */
    ptc_str value_unit;
    bool value_approximate;
} ptc_indicator;

/** One row of a grid: its cells as read (free text), trailing empty ones dropped. */
typedef struct ptc_grid_row {
    ptc_text *cells;
    size_t cells_len;
    uint32_t line;
} ptc_grid_row;

/**
 * A block of the form that is a grid rather than label/value pairs: a label
 * merged down several rows (预算整体情况, 项目资金来源, 年度重点工作任务, 项目预算执行
 * 情况 …) and the rows it spans, every cell kept where it was. `key` is the
 * rule's key (`budget`, `tasks` …). The label's own row is rows[0], its
 * first cell the label.
 */
typedef struct ptc_grid {
    ptc_text label;
    ptc_str key;
    ptc_grid_row *rows;
    size_t rows_len;
    ptc_lines lines;
} ptc_grid;

/** One goal of a goal written as a numbered list (目标1：… 目标2：…): its
 *  marker as written (`目标1`) and its text; `text.pos` is where the text
 *  starts. */
typedef struct ptc_goal_item {
    ptc_text label;
    ptc_text text;
} ptc_goal_item;

/** The label a fixed field of the table was read from, as written
 *  (whitespace removed): key `department`, label `部门名称`. */
typedef struct ptc_field_label {
    ptc_str key;
    ptc_text label;
} ptc_field_label;

/** A category row with no indicator under it (`经济效益指标` and empty cells). */
typedef struct ptc_category {
    ptc_text *path;
    size_t path_len;
    uint32_t line;
} ptc_category;

/** What a column of a table's indicator block holds, decided from its header. */
typedef enum ptc_column_role {
    PTC_COL_EXTRA = 0, /* any other column: kept in `extra` under its header text */
    PTC_COL_LEVEL,     /* a category level (一级指标 …, 指标类型): one entry of `path` */
    PTC_COL_NAME,      /* the indicator's name (指标名称, else the deepest N级指标) */
    PTC_COL_VALUE,     /* 指标值 */
    PTC_COL_UNIT,      /* 计量单位 */
    PTC_COL_COMPARATOR, /* ≥ / = / ≤ in a column of their own (指标性质, 指标方向) */
    PTC_COL_LABEL      /* the block's own label (年度绩效指标) merged down the block */
} ptc_column_role;

/** "extra", "level", "name", "value", "unit", "comparator" or "label". */
PTC_EXPORT const char *ptc_column_role_name(ptc_column_role r);

/** One column of an indicator block, as its header row defines it. */
typedef struct ptc_column {
    ptc_text header;      /* the header cell, whitespace removed */
    ptc_column_role role;
    int level;            /* LEVEL: 1-based index into `path`; 0 otherwise */
    ptc_str key;          /* EXTRA: the key of its cells in `extra` (unique within
                             the block); otherwise the role name */
    ptc_str qualifier;    /* a qualifier stripped from the header to find its
                             role ("（年度）", "(50分)"), or absent */
} ptc_column;

typedef enum ptc_table_kind {
    PTC_TABLE_TARGET = 0,     /* 批复表 目标表 申报表 审批表 */
    PTC_TABLE_SELF_EVALUATION, /* 自评表 */
    PTC_TABLE_OVERALL          /* 部门整体…表 */
} ptc_table_kind;

/** "target", "self_evaluation" or "overall". */
PTC_EXPORT const char *ptc_table_kind_name(ptc_table_kind k);

typedef struct ptc_period {
    ptc_text text;
    char start[11]; /* ISO date "YYYY-MM-DD", or "" when not readable */
    char end[11];
} ptc_period;

typedef struct ptc_amount {
    ptc_text text;     /* as written, e.g. "12.4 万元" */
    ptc_opt_num value; /* 12.4 */
    ptc_str unit;      /* "万元" (from the cell, else from the label) */
} ptc_amount;

typedef struct ptc_table {
    ptc_opt_int seq;
    ptc_table_kind kind;
    ptc_text title;
    ptc_opt_int year;
    ptc_pos year_pos;
    ptc_lines lines;
    ptc_text applicant;
    ptc_text project_name;
    ptc_text department;
    ptc_text executing_unit;
    ptc_text project_type;
    ptc_period *period; /* NULL when absent */
    ptc_amount *funds;  /* NULL when absent */
    ptc_text annual_goal;
    ptc_indicator *indicators;
    size_t indicators_len;
    /* The indicator block's columns, as its header row defines them, so
       emitters can reproduce the form; empty if no header row was seen.
       LEVEL columns fill `path` in `level` order, EXTRA columns `extra` left
       to right. */
    ptc_column *columns;
    size_t columns_len;
    ptc_text notes;
    ptc_field *fields;
    size_t fields_len;
    ptc_category *categories; /* category rows without an indicator */
    size_t categories_len;
    ptc_grid *grids; /* grid blocks, in input order */
    size_t grids_len;
    /* Numeric codes written with the names above ("[123001]某某局",
       "某局（301）", "301-某局"), split off them; absent when there is none. */
    ptc_text applicant_code;
    ptc_text project_code; /* of project_name */
    ptc_text department_code;
    ptc_text executing_unit_code;
    /* annual_goal split at its markers when it is a numbered list (目标1：…),
       in order; empty otherwise. annual_goal keeps the whole text. */
    ptc_goal_item *goal_items;
    size_t goal_items_len;
    /* the labels the fixed fields (project_name … notes) were read from, in
       input order, so a form is redrawn with its own words (部门名称, 总体绩效目标) */
    ptc_field_label *labels;
    size_t labels_len;
} ptc_table;

typedef struct ptc_summary {
    ptc_text text;
    ptc_opt_int year;
    ptc_text organization;
    ptc_opt_int project_count;
    ptc_amount *total_funds; /* NULL when absent; `text` is unused */
} ptc_summary;

typedef struct ptc_unit {
    ptc_opt_int seq;
    ptc_text name;
    ptc_opt_int project_count;
    uint32_t line;
} ptc_unit;

typedef enum ptc_severity {
    PTC_SEV_NOTE = 0,
    PTC_SEV_WARNING,
    PTC_SEV_ERROR
} ptc_severity;

/** "note", "warning" or "error". */
PTC_EXPORT const char *ptc_severity_name(ptc_severity s);

typedef struct ptc_diag {
    ptc_severity severity;
    const char *code; /* stable kebab-case identifier, static storage */
    ptc_pos pos;      /* line 0: the whole input */
    ptc_str message;
} ptc_diag;

/* Internal: the allocator a document lives in (only its name is public). */
typedef struct ptc_arena ptc_arena;

typedef struct ptc_document {
    ptc_str source; /* input name, "-" for stdin */
    ptc_lines lines;
    ptc_text title;
    ptc_summary *summary; /* NULL when absent */
    ptc_unit *units;
    size_t units_len;
    ptc_table *tables;
    size_t tables_len;
    ptc_diag *diags;
    size_t diags_len;
    ptc_arena *arena; /* owns every byte reachable from this document;
                         internal: opaque, never to be used by callers */
    ptc_text text;    /* narrative lines outside the tables (绩效目标表如下：),
                         joined with "\n"; absent when there are none */
} ptc_document;

/* ------------------------------------------------------------------------ */
/* Parsing                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * Called once per completed document. The document and everything it points
 * to stay valid until the callback returns. Return 0 to go on, non-zero to
 * stop: the parser then refuses further input (PTC_ERR_STOPPED).
 *
 * The document is the caller's until the callback returns: the callback may
 * cast away const to hand it to ptc_check_document() (that is how `ptconv
 * check` runs the checks), or otherwise add diagnostics to it. The parser's
 * statistics (ptc_parser_stats) count only the diagnostics the document
 * had when it was handed over.
 */
typedef int (*ptc_document_fn)(const ptc_document *doc, void *userdata);

/**
 * The classification rules: the built-in tables, optionally extended by a
 * rules file (README, "Rules"). Immutable once loaded; one set may be shared
 * by any number of parsers, and must outlive them.
 */
typedef struct ptc_rules ptc_rules;

/**
 * Load the built-in rules plus those in the file at `path` (NULL: built-in
 * only). On an error returns NULL and, when `err` is not NULL, writes one
 * diagnostic "PATH:LINE:COL: error: message [code]" (NUL-terminated, cut to
 * `err_size` bytes) into it.
 */
PTC_EXPORT ptc_rules *ptc_rules_load(const char *path, char *err, size_t err_size);
PTC_EXPORT void ptc_rules_free(ptc_rules *rules);

/**
 * Called once per input line when explaining (`ptconv --explain`), in line
 * order, after the line's document is complete: `line_class` is what the line
 * was taken for ("label-row", "indicator-row", "blank" …), `rule` the id of
 * the rule that decided it, `detail` what it fed (fields, the role of each
 * cell, or a diagnostic code). The strings are valid during the call only.
 */
typedef void (*ptc_explain_fn)(void *userdata, uint32_t line, const char *line_class,
                               const char *rule, const char *detail);

/**
 * How to parse. NULL for the options pointer means all defaults, and so does
 * a struct whose members are all zero: `ptc_parse_options o =
 * PTC_PARSE_OPTIONS_INIT;`, `= {0}` or designated initialisers
 * (`{.source = name}`) all leave the rest at the defaults. Members are only
 * ever appended (see "Stability" above), and a new member's zero is the old
 * behaviour, so such code keeps compiling and meaning the same.
 */
typedef struct ptc_parse_options {
    const char *source;     /* name used in the model and diagnostics; NULL: "-" */
    const char *encoding;   /* force an iconv encoding name; NULL: detect */
    const ptc_rules *rules; /* NULL: the built-in rules */
    ptc_explain_fn explain; /* NULL: no explanation */
    void *explain_userdata;
    /* Line number of the first input line (positions, `lines`, diagnostics);
       0 means 1. For a piece of a larger input converted on its own (ptconv
       -j): its lines keep their numbers in the whole input. */
    uint32_t first_line;
} ptc_parse_options;

/** Every member zero: the defaults (same as passing NULL). */
#define PTC_PARSE_OPTIONS_INIT {0}

/** Return codes of the parser API. */
enum {
    PTC_OK = 0,
    PTC_ERR_NOMEM = -1,
    PTC_ERR_STOPPED = -2,  /* the document callback asked to stop */
    PTC_ERR_ENCODING = -3, /* --encoding names an encoding iconv does not know */
    PTC_ERR_STATE = -4,    /* feed after finish, or similar misuse */
    PTC_ERR_RULES = -5     /* the rules' patterns could not be prepared */
};

/**
 * A short English sentence for one of the codes above ("out of memory"),
 * static storage; "unknown error" for any other value.
 */
PTC_EXPORT const char *ptc_strerror(int code);

typedef struct ptc_parser ptc_parser;

/** Create a parser; NULL when out of memory or the regexes fail to compile. */
PTC_EXPORT ptc_parser *ptc_parser_new(const ptc_parse_options *opts,
                                      ptc_document_fn on_document, void *userdata);

/**
 * ptc_parser_new, saying why it failed: on NULL, `*error` (when `error` is
 * not NULL) is PTC_ERR_NOMEM, PTC_ERR_ENCODING (opts->encoding is not an
 * encoding iconv knows) or PTC_ERR_RULES; on success it is PTC_OK. Pass it
 * to ptc_strerror() for a message.
 */
PTC_EXPORT ptc_parser *ptc_parser_new2(const ptc_parse_options *opts,
                                       ptc_document_fn on_document, void *userdata,
                                       int *error);

/** Push `len` bytes of input. Chunk boundaries may fall anywhere. */
PTC_EXPORT int ptc_parser_feed(ptc_parser *p, const void *bytes, size_t len);

/** Signal end of input; delivers the last document. */
PTC_EXPORT int ptc_parser_finish(ptc_parser *p);

/**
 * The encoding in use ("UTF-8", "UTF-16LE", "UTF-16BE", "GB18030" or the
 * forced name) and how it was chosen ("bom", "detected", "forced"); NULL
 * before enough input has been seen to decide.
 */
PTC_EXPORT const char *ptc_parser_encoding(const ptc_parser *p, const char **how);

/** Counts over all documents so far, for -v and tests. */
typedef struct ptc_parse_stats {
    uint64_t bytes;
    uint64_t lines;
    uint64_t documents;
    uint64_t tables;
    uint64_t indicators;
    uint64_t errors;
    uint64_t warnings;
} ptc_parse_stats;

PTC_EXPORT void ptc_parser_stats(const ptc_parser *p, ptc_parse_stats *out);

PTC_EXPORT void ptc_parser_free(ptc_parser *p);

/** True when `name` is an encoding the parser can read (iconv knows it). */
PTC_EXPORT bool ptc_encoding_supported(const char *name);

/* ------------------------------------------------------------------------ */
/* Keeping documents                                                         */
/* ------------------------------------------------------------------------ */

/**
 * A deep copy of `doc` in an arena of its own: the copy stays valid after
 * the callback that handed `doc` over returns, until ptc_document_free().
 * Every string is copied (diagnostic codes too), so the copy depends on
 * nothing else. Call it from a ptc_document_fn to keep a document (ptconv
 * diff keeps two announcements this way). NULL when out of memory.
 */
PTC_EXPORT ptc_document *ptc_document_copy(const ptc_document *doc);

/**
 * Free a document from ptc_document_copy() with everything it holds. NULL
 * is allowed. Never call it on a document the parser or ptc_json_read()
 * hands to a callback: those are freed when the callback returns.
 */
PTC_EXPORT void ptc_document_free(ptc_document *doc);

/* ------------------------------------------------------------------------ */
/* Reading JSON                                                              */
/* ------------------------------------------------------------------------ */

/** Error return of ptc_json_read(): the input is not ptconv JSON. */
enum { PTC_ERR_JSON = -5 };

/**
 * Read ptconv's own JSON (README, "JSON contract", version 1; the JSON
 * Schema in schemas/ptconv.schema.json) back into the model. With
 * `one_document` false, `bytes` is the whole output of `-t json`
 * ({"format":"ptconv","version":1,"documents":[…]}); with it true, one
 * DOCUMENT object, one line of `-t jsonl`. Each document is handed to
 * `on_document` as the parser does (freed when it returns; keep it with
 * ptc_document_copy). Emitting a document read this way gives the bytes of
 * the document it was written from, in every format: the positions the JSON
 * carries (lines, an indicator's and a category's line, a diagnostic's line
 * and column) are restored; a text's column is not in the JSON and is 0.
 * The document's `source` is the one in the JSON.
 *
 * `name` (NULL: "-") names the input in errors, and `first_line` is the
 * input line `bytes` starts on (1 for a whole input; a jsonl line's number).
 * Returns PTC_OK, PTC_ERR_NOMEM, PTC_ERR_STOPPED (the callback said stop),
 * or PTC_ERR_JSON with one diagnostic, NUL-terminated and cut to `err_size`,
 * written to `err` (when not NULL):
 *   NAME:LINE:COL: error: message [json-syntax]   not JSON (from jansson)
 *   NAME:LINE:COL: error: message [json-schema]   JSON, but not the contract
 *                                                 (at the offending value)
 * Documents before the error have been delivered already.
 */
PTC_EXPORT int ptc_json_read(const void *bytes, size_t len, bool one_document, const char *name,
                  uint32_t first_line, ptc_document_fn on_document, void *userdata, char *err,
                  size_t err_size);

/* ------------------------------------------------------------------------ */
/* Consistency checks                                                        */
/* ------------------------------------------------------------------------ */

/**
 * Run the consistency checks (docs/checks.md) on a finished document: do its
 * counts and sums add up, are its table numbers, years, dates and required
 * fields in order, are names free of OCR repetitions. The findings are
 * appended to doc->diags, which is then sorted by position again (stably:
 * at the same position, earlier diagnostics come first). The parser does not
 * run the checks; call this from the ptc_document_fn callback. Returns 0, or
 * -1 when out of memory (the document then holds the findings made so far).
 */
PTC_EXPORT int ptc_check_document(ptc_document *doc);

/** One check code of the registry: what `ptconv --list-checks` prints. */
typedef struct ptc_check_info {
    const char *code;        /* stable kebab-case, as in ptc_diag.code */
    ptc_severity severity;   /* of every finding with this code */
    const char *description; /* one line, what a finding means */
} ptc_check_info;

/** The registry: every check code, in the order the checks run. */
PTC_EXPORT const ptc_check_info *ptc_checks(size_t *count);

/* ------------------------------------------------------------------------ */
/* Output                                                                    */
/* ------------------------------------------------------------------------ */

/** A buffered byte sink. Write errors are sticky: check ptc_sink_error(). */
typedef struct ptc_sink ptc_sink;

/** A sink writing to `fp` (not closed by ptc_sink_free). */
PTC_EXPORT ptc_sink *ptc_sink_file(FILE *fp);
/** A sink collecting into memory; see ptc_sink_memory_data(). */
PTC_EXPORT ptc_sink *ptc_sink_memory(void);
/** A sink calling `write` with each flushed block; `write` returns 0 on success. */
PTC_EXPORT ptc_sink *ptc_sink_callback(int (*write)(void *ud, const char *data, size_t len), void *ud);

PTC_EXPORT void ptc_sink_write(ptc_sink *s, const void *data, size_t len);
PTC_EXPORT void ptc_sink_puts(ptc_sink *s, const char *cstr);
PTC_EXPORT void ptc_sink_putc(ptc_sink *s, char c);
PTC_EXPORT void ptc_sink_printf(ptc_sink *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Flush buffered bytes to the destination; returns 0 or the sticky error. */
PTC_EXPORT int ptc_sink_flush(ptc_sink *s);
/** 0, or the errno of the first failed write (ENOMEM for memory sinks). */
PTC_EXPORT int ptc_sink_error(const ptc_sink *s);
/** Memory sinks: the bytes written so far (not NUL-terminated). */
PTC_EXPORT const char *ptc_sink_memory_data(const ptc_sink *s, size_t *len);
PTC_EXPORT void ptc_sink_free(ptc_sink *s);

/**
 * Options of the emitters, one struct for all of them: each emitter reads
 * only its own members and ignores the others. json reads `compact` (jsonl
 * is always compact); html reads `fragment`, `title`, `css`, `css_href` and
 * `template_text`; csv reads `bom` and `csv_raw`; xml and text read none.
 * New members are only ever appended, and zero means the behaviour before
 * they existed, so `{0}` or designated initialisers stay the defaults.
 * `open` may be given NULL for all defaults.
 */
typedef struct ptc_emit_options {
    bool compact;        /* json: one line */
    bool fragment;       /* html: only the tables, no page around them */
    bool bom;            /* csv: start with a UTF-8 BOM */
    bool csv_raw;        /* csv: no ' before cells a spreadsheet would run as a formula */
    const char *title;   /* html: page title (escaped); NULL: from the input */
    const char *css;     /* html: stylesheet contents to embed, or NULL */
    const char *css_href; /* html: stylesheet URL to link, or NULL */
    const char *template_text; /* html: page template, or NULL for the built-in */
} ptc_emit_options;

/**
 * An output format. `open` starts a stream of documents on `sink` and
 * returns the emitter's state (NULL on failure); `document` writes one
 * document and returns 0 or -1; `close` ends the stream (when `ok`), frees
 * the state and returns 0 or -1. Emitters never modify the model.
 */
typedef struct ptc_emitter {
    const char *name;
    const char *extension;
    const char *media_type;
    const char *description;
    void *(*open)(ptc_sink *sink, const ptc_emit_options *opts);
    int (*document)(void *state, const ptc_document *doc);
    int (*close)(void *state, bool ok);
} ptc_emitter;

/** The registry: every output format, in --list-formats order. */
PTC_EXPORT const ptc_emitter *const *ptc_emitters(size_t *count);
/** Look up a format by name; NULL if there is none. */
PTC_EXPORT const ptc_emitter *ptc_emitter_find(const char *name);

/* ------------------------------------------------------------------------ */
/* Diagnostics                                                               */
/* ------------------------------------------------------------------------ */

/**
 * Write `d` as "SOURCE:LINE:COL: severity: message [code]" plus a newline.
 * A diagnostic about the whole input (line 0) is written "SOURCE: …".
 */
PTC_EXPORT void ptc_diag_write(ptc_sink *s, ptc_str source, const ptc_diag *d);

/**
 * Write `d` as one JSON object on one line, for tools:
 * {"source":…,"severity":…,"code":…,"line":…,"column":…,"message":…}
 */
PTC_EXPORT void ptc_diag_write_json(ptc_sink *s, ptc_str source, const ptc_diag *d);

#ifdef __cplusplus
}
#endif
#endif /* PTCONV_H */

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

#define PTCONV_VERSION "0.1.0"
/** Version of the JSON contract written by the json/jsonl emitters. */
#define PTCONV_JSON_VERSION 1

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
const char *ptc_comparator_symbol(ptc_comparator c);

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
} ptc_indicator;

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
const char *ptc_column_role_name(ptc_column_role r);

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
const char *ptc_table_kind_name(ptc_table_kind k);

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
const char *ptc_severity_name(ptc_severity s);

typedef struct ptc_diag {
    ptc_severity severity;
    const char *code; /* stable kebab-case identifier, static storage */
    ptc_pos pos;      /* line 0: the whole input */
    ptc_str message;
} ptc_diag;

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
    ptc_arena *arena; /* owns every byte reachable from this document */
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
ptc_rules *ptc_rules_load(const char *path, char *err, size_t err_size);
void ptc_rules_free(ptc_rules *rules);

/**
 * Called once per input line when explaining (`ptconv --explain`), in line
 * order, after the line's document is complete: `line_class` is what the line
 * was taken for ("label-row", "indicator-row", "blank" …), `rule` the id of
 * the rule that decided it, `detail` what it fed (fields, the role of each
 * cell, or a diagnostic code). The strings are valid during the call only.
 */
typedef void (*ptc_explain_fn)(void *userdata, uint32_t line, const char *line_class,
                               const char *rule, const char *detail);

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

/** Return codes of the parser API. */
enum {
    PTC_OK = 0,
    PTC_ERR_NOMEM = -1,
    PTC_ERR_STOPPED = -2,  /* the document callback asked to stop */
    PTC_ERR_ENCODING = -3, /* --encoding names an encoding iconv does not know */
    PTC_ERR_STATE = -4     /* feed after finish, or similar misuse */
};

typedef struct ptc_parser ptc_parser;

/** Create a parser; NULL when out of memory or the regexes fail to compile. */
ptc_parser *ptc_parser_new(const ptc_parse_options *opts, ptc_document_fn on_document,
                           void *userdata);

/** Push `len` bytes of input. Chunk boundaries may fall anywhere. */
int ptc_parser_feed(ptc_parser *p, const void *bytes, size_t len);

/** Signal end of input; delivers the last document. */
int ptc_parser_finish(ptc_parser *p);

/**
 * The encoding in use ("UTF-8", "UTF-16LE", "UTF-16BE", "GB18030" or the
 * forced name) and how it was chosen ("bom", "detected", "forced"); NULL
 * before enough input has been seen to decide.
 */
const char *ptc_parser_encoding(const ptc_parser *p, const char **how);

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

void ptc_parser_stats(const ptc_parser *p, ptc_parse_stats *out);

void ptc_parser_free(ptc_parser *p);

/** True when `name` is an encoding the parser can read (iconv knows it). */
bool ptc_encoding_supported(const char *name);

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
int ptc_check_document(ptc_document *doc);

/** One check code of the registry: what `ptconv --list-checks` prints. */
typedef struct ptc_check_info {
    const char *code;        /* stable kebab-case, as in ptc_diag.code */
    ptc_severity severity;   /* of every finding with this code */
    const char *description; /* one line, what a finding means */
} ptc_check_info;

/** The registry: every check code, in the order the checks run. */
const ptc_check_info *ptc_checks(size_t *count);

/* ------------------------------------------------------------------------ */
/* Output                                                                    */
/* ------------------------------------------------------------------------ */

/** A buffered byte sink. Write errors are sticky: check ptc_sink_error(). */
typedef struct ptc_sink ptc_sink;

/** A sink writing to `fp` (not closed by ptc_sink_free). */
ptc_sink *ptc_sink_file(FILE *fp);
/** A sink collecting into memory; see ptc_sink_memory_data(). */
ptc_sink *ptc_sink_memory(void);
/** A sink calling `write` with each flushed block; `write` returns 0 on success. */
ptc_sink *ptc_sink_callback(int (*write)(void *ud, const char *data, size_t len), void *ud);

void ptc_sink_write(ptc_sink *s, const void *data, size_t len);
void ptc_sink_puts(ptc_sink *s, const char *cstr);
void ptc_sink_putc(ptc_sink *s, char c);
void ptc_sink_printf(ptc_sink *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Flush buffered bytes to the destination; returns 0 or the sticky error. */
int ptc_sink_flush(ptc_sink *s);
/** 0, or the errno of the first failed write (ENOMEM for memory sinks). */
int ptc_sink_error(const ptc_sink *s);
/** Memory sinks: the bytes written so far (not NUL-terminated). */
const char *ptc_sink_memory_data(const ptc_sink *s, size_t *len);
void ptc_sink_free(ptc_sink *s);

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
const ptc_emitter *const *ptc_emitters(size_t *count);
/** Look up a format by name; NULL if there is none. */
const ptc_emitter *ptc_emitter_find(const char *name);

/* ------------------------------------------------------------------------ */
/* Diagnostics                                                               */
/* ------------------------------------------------------------------------ */

/**
 * Write `d` as "SOURCE:LINE:COL: severity: message [code]" plus a newline.
 * A diagnostic about the whole input (line 0) is written "SOURCE: …".
 */
void ptc_diag_write(ptc_sink *s, ptc_str source, const ptc_diag *d);

/**
 * Write `d` as one JSON object on one line, for tools:
 * {"source":…,"severity":…,"code":…,"line":…,"column":…,"message":…}
 */
void ptc_diag_write_json(ptc_sink *s, ptc_str source, const ptc_diag *d);

/** Write `len` bytes of UTF-8 as a JSON string literal, quotes included. */
void ptc_json_write_string(ptc_sink *s, const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* PTCONV_H */

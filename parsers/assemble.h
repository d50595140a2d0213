/*
 * Block assembly: classified records -> the model. Internal to parsers/.
 *
 * The parser (parser.c) feeds each classified record to the assembler of its
 * block: the document and its preamble (assemble_document.c), label rows,
 * goals and notes (assemble_fields.c), and the indicator block
 * (assemble_indicators.c), which collects its rows until the block ends and
 * only then commits them, so column roles, short rows and merged cells are
 * decided with the whole block in view.
 */
#ifndef PTC_ASSEMBLE_H
#define PTC_ASSEMBLE_H

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "common/bytes.h"
#include "common/limits.h"
#include "model/model.h"
#include "parsers/classify.h"
#include "parsers/decode.h"
#include "parsers/pairs.h"
#include "parsers/records.h"
#include "parsers/values.h"

/* Size of the per-document memory of category levels; when it is full,
   further categories are not remembered (placement falls back to content). */
#define PTC_SEEN_LEVELS 1024u

typedef struct pending_diag {
    ptc_severity sev;
    const char *code;
    ptc_pos pos;
    size_t message; /* offset of its NUL-terminated text in pending_text */
} pending_diag;

/* One --explain line, kept until its document is complete. */
typedef struct explain_entry {
    uint32_t line;
    const char *cls;
    const char *rule;
    char *detail; /* malloc'd, may be NULL */
} explain_entry;

/* A buffered cell of the indicator block: normalised texts are made at
   commit time, positions now (while the line's bytes are at hand). */
typedef struct block_cell {
    size_t off, len; /* into block.bytes */
    ptc_pos pos, end;
    bool blank;
} block_cell;

typedef struct block_row {
    size_t first_cell, ncells; /* into block.cells */
    uint32_t line;
    size_t explain; /* index of its explain entry, or SIZE_MAX */
} block_row;

/* A column of the indicator block while it is being collected. */
typedef struct block_column {
    ptc_column_role role;
    int level;
    const char *rule;
    ptc_str qualifier; /* in the document arena */
} block_column;

typedef struct indicator_block {
    bool open;
    char *bytes;
    size_t bytes_len, bytes_cap;
    block_cell *cells;
    size_t ncells, cells_cap;
    block_row *rows;
    size_t nrows, rows_cap;
    /* PTC_MAX_CELLS each, made at the first header (16 KiB a parser
       without indicators need not clear); ncolumns of them are set */
    block_column *columns;
    size_t ncolumns;
    ptc_text *header_cells; /* for spotting a repeated header */
    bool too_many_reported;
    size_t header_explain; /* the header's explain entry (its roles are final at commit) */
} indicator_block;

/* Lines an extractor cut (assemble_wrap.c). An offer is a cell of the
   record being assembled that a continuation line could extend. */
#define PTC_WRAP_HELD 3u

typedef enum wrap_slot_kind {
    WRAP_SLOT_TEXT,  /* a ptc_text of the table: `id` is its offset in ptc_table */
    WRAP_SLOT_FIELD, /* the value of fields[id] */
    WRAP_SLOT_BLOCK  /* block.cells[id], not committed yet */
} wrap_slot_kind;

typedef struct wrap_offer {
    wrap_slot_kind kind;
    size_t id;
    size_t cell;        /* its index in the record */
    uint32_t line;      /* the line the text now ends on */
    size_t piece;       /* characters of the cell on its line: how wide the cut was */
    bool free_text;     /* goal, notes: a numbered line is a line of their own */
    bool ends_sentence; /* the text ends in 。；！？： */
} wrap_offer;

/* Of the record being assembled: how many cells were offered (at most
   PTC_MAX_CELLS), the longest (the first of them) and whether another was
   as long. */
typedef struct wrap_offers {
    size_t n;
    wrap_offer best;
    bool tied;
    /* every non-blank cell of the record was offered (none is quoted), its
       characters counted as ptc_wrap_after counts them: no other cell is as
       long as the best unless tied (false: not known) */
    bool every;
} wrap_offers;

typedef struct wrap_state {
    wrap_offers offers;
    bool has_target;
    wrap_offer target;    /* the cell the next line may continue */
    uint32_t target_from; /* the first line of the record it belongs to */
    bool tabbed;          /* that record had TABs: a line without is no row of its own */
    long table;
    const ptc_document *doc;
    bool joined; /* the record being assembled continued the target */
    /* single-cell lines held back to see whether the next line completes them */
    char *held[PTC_WRAP_HELD];
    size_t held_len[PTC_WRAP_HELD];
    uint32_t held_line[PTC_WRAP_HELD];
    size_t nheld;
    bool held_label; /* held[0] is a label alone on its line */
} wrap_state;

/* A compact (or free) text made before in this document, by the bytes of
   the cell it was made from (ptc_compact_memo_of, ptc_text_memo_of):
   labels, headers and names of departments and units repeat from table to
   table. */
#define PTC_COMPACT_MEMO_BYTES 64u
#define PTC_HEADER_MEMOS 16u
typedef struct ptc_compact_memo {
    uint64_t doc_gen; /* the document it was made in (0: none) */
    size_t len;
    char raw[PTC_COMPACT_MEMO_BYTES];
    ptc_str text;
    /* value memos: `text` split into code and name (ptc_split_code) when
       split_of is text.s (NULL: not split yet) */
    const char *split_of;
    bool split;
    ptc_str code, name;
} ptc_compact_memo;

struct ptc_parser {
    char *source;
    ptc_document_fn on_document;
    void *userdata;
    ptc_explain_fn explain;
    void *explain_ud;
    ptc_decoder *decoder;
    ptc_records *records;
    ptc_classifier *classifier;
    const ptc_rules *rules;
    ptc_scanner *scanner;
    int error; /* sticky PTC_ERR_* */
    bool finished;

    ptc_document *doc;
    size_t units_cap, tables_cap;
    long table; /* index of the current table in doc->tables, -1 if none */
    size_t fields_cap, indicators_cap, categories_cap, grids_cap; /* of the current table */
    size_t goal_items_cap, labels_cap;                            /* of the current table */
    size_t grid_rows_cap; /* of the current grid */
    ptc_context ctx;
    uint32_t last_line; /* last non-blank line of the current document */
    ptc_text funds_label; /* the label of the funds just read (PTC_CTX_FUNDS) */
    ptc_line_class last_class; /* of the last non-blank record */
    bool too_many_tables_reported;

    /* Which category texts were read at which level in this document (hash
       | level): a short row's cells are placed where they were seen before. */
    uint64_t *seen_levels; /* PTC_SEEN_LEVELS slots, made at the first; NULL: none */
    size_t nseen_levels;
    /* texts remembered but not yet hashed into seen_levels (kept behind
       its slots, assemble_levels.c): most documents never look one up */
    size_t nseen_pending;
    size_t seen_pending_cap; /* room for them there */

    const ptc_record *rec; /* the record being assembled */
    /* a one-cell record split into its label/value pairs (pairs.h) */
    ptc_record pair_record;
    ptc_cell pair_cells[2 * PTC_MAX_CELL_PAIRS];
    uint32_t line;         /* its first line */
    indicator_block block;
    wrap_state wrap;

    pending_diag *pending;
    size_t npending, pending_cap;
    char *pending_text; /* their messages, one after another: no allocation each */
    size_t pending_text_len, pending_text_cap;

    explain_entry *explained;
    size_t nexplained, explained_cap;
    size_t cur_explain; /* the entry of the record being assembled */

    ptc_parse_stats stats;

    /* what indicator values read as, by their bytes (values.h) */
    ptc_value_memo values;
    /* counts the documents made, so that a memo knows its own (1: the first) */
    uint64_t doc_gen;
    ptc_compact_memo label_memo[PTC_FIELD_APPLICANT + 1]; /* by the label's field */
    ptc_compact_memo header_memo[PTC_HEADER_MEMOS];       /* by the header cell's column */
    ptc_compact_memo value_memo[PTC_FIELD_APPLICANT + 1]; /* a single field's value, by its field */
};

/* parser.c */
void ptc_fail(ptc_parser *p, int err);
void ptc_report(ptc_parser *p, ptc_severity sev, const char *code, ptc_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Add an explain entry for a line; returns its index (SIZE_MAX when not
   explaining). `detail` is copied. */
size_t ptc_explain_add(ptc_parser *p, uint32_t line, const char *cls, const char *rule,
                       const char *detail);
/* Replace the detail of entry `i`. */
void ptc_explain_set(ptc_parser *p, size_t i, const char *detail);
/* After a document was handed over: pass on the explain lines it covered. */
void ptc_after_document(ptc_parser *p);
/* Classify and assemble one record; the further lines of a record that spans
   several are explained as continuations by `cont_rule` (NULL: a quoted cell).
   `known`: r's classification in the current context when the caller has
   just made it (the classifier's last answer), or NULL. */
void ptc_process_record(ptc_parser *p, const ptc_record *r, const char *cont_rule,
                        const ptc_classification *known);

/* helpers shared by the assemblers (assemble_document.c) */
ptc_table *ptc_cur_table(ptc_parser *p);
ptc_text ptc_text_of(ptc_parser *p, const ptc_cell *c);    /* free text */
ptc_text ptc_compact_of(ptc_parser *p, const ptc_cell *c); /* label/category */
/* ptc_compact_of, its text shared with the one *m remembers when that was
   made in this document from the same bytes (the texts of the model are
   never changed in place), else made and remembered in *m. */
ptc_text ptc_compact_memo_of(ptc_parser *p, const ptc_cell *c, ptc_compact_memo *m);
/* ptc_text_of so, with a memo of its own (never one of compact texts). */
ptc_text ptc_text_memo_of(ptc_parser *p, const ptc_cell *c, ptc_compact_memo *m);
/* Normalised free text of part [off, off+len) of cell c. */
ptc_text ptc_text_part(ptc_parser *p, const ptc_cell *c, size_t off, size_t len);
ptc_str ptc_str_of(ptc_parser *p, const char *s, size_t len);
void ptc_append_text(ptc_parser *p, ptc_text *dst, ptc_text add);
const char *ptc_cell_excerpt(const ptc_cell *c, char *buf, size_t size);
ptc_pos ptc_pos_of(ptc_parser *p, const ptc_cell *c);

/* assemble_document.c */
bool ptc_ensure_doc(ptc_parser *p);
void ptc_finish_doc(ptc_parser *p);
ptc_table *ptc_table_for_row(ptc_parser *p, const ptc_cell *c);
void ptc_assemble_record(ptc_parser *p, const ptc_classification *cl);

/* assemble_fields.c */
/* A grid row whose cells from `from` on are label/value pairs of the
   table's own fields (专项基本情况 | 专项名称 | 2023年…): the fields are taken
   as from a label row; the grid keeps the row as well. */
void ptc_take_fields_in_grid_row(ptc_parser *p, size_t from);
/* Split a numeric code off a name (parts.h): *value keeps the name, *code
   gets the code, absent when there is none. */
void ptc_split_code_text(ptc_text *value, ptc_text *code);
/* assemble_goals.c: a goal cell written as a numbered list (目标1：…) is
   also kept item by item in t->goal_items. */
void ptc_split_goal_items(ptc_parser *p, ptc_table *t, const ptc_cell *cell);
/* When a table is complete: 一级项目名称 names the project when nothing else
   did, 项目开始日期 + 项目完成日期 give the period (both stay in fields). */
void ptc_fields_finish_table(ptc_parser *p, ptc_table *t);
void ptc_assemble_label_row(ptc_parser *p, const ptc_classification *cl);

/* assemble_grid.c */
void ptc_grid_start(ptc_parser *p, const ptc_classification *cl);
void ptc_grid_add_row(ptc_parser *p);

/* assemble_indicators.c */
void ptc_block_header(ptc_parser *p, const ptc_classification *cl);
void ptc_block_row(ptc_parser *p, const ptc_classification *cl, size_t explain);
/* Commit the open block (if any) to the current table. */
void ptc_block_end(ptc_parser *p);
void ptc_block_free(indicator_block *b);

/* assemble_wrap.c: lines cut by the extraction that made the text */
/* A record from the record layer: held, joined with held lines, or processed. */
void ptc_wrap_record(ptc_parser *p, const ptc_record *r);
/* Process the lines still held (the input ended). */
void ptc_wrap_flush(ptc_parser *p);
void ptc_wrap_free(ptc_parser *p);
/* Offers, made while a record is assembled: a text slot of table t, a
   field's value. The non-blank cells of an indicator row offer themselves
   in ptc_block_row's loop (block cell `id`, WRAP_SLOT_BLOCK), with
   ptc_wrap_trimmed and ptc_wrap_outdoes below. */
void ptc_wrap_offer_text(ptc_parser *p, const ptc_cell *c, ptc_table *t, ptc_text *slot, bool free_text);
void ptc_wrap_offer_field(ptc_parser *p, const ptc_cell *c, size_t field);

/* Bytes trimming takes off s[0..len) (spaces, TABs, CRs at either end): a
   cell's trimmed characters are its characters less these. */
static inline size_t ptc_wrap_trimmed(const char *s, size_t len) {
    /* the three are below '!': most ends are not, and one compare says so */
#define PTC_WRAP_SPACE(ch) ((unsigned char)(ch) <= ' ' && ((ch) == ' ' || (ch) == '\t' || (ch) == '\r'))
    if (len && (unsigned char)s[0] > ' ' && (unsigned char)s[len - 1] > ' ') return 0;
    size_t a = 0, z = len;
    while (a < z && PTC_WRAP_SPACE(s[a])) a++;
    while (z > a && PTC_WRAP_SPACE(s[z - 1])) z--;
#undef PTC_WRAP_SPACE
    return len - (z - a);
}

/* Count one more offer of `piece` trimmed characters in `o`: true when it
   becomes the best (the caller then sets o->best), as only the first of
   the longest is kept, and whether another was as long. Inline: an
   indicator row offers each cell in its loop, with `o` a local copy. */
static inline bool ptc_wrap_outdoes(wrap_offers *o, size_t piece) {
    if (o->n++ && piece <= o->best.piece) {
        o->tied |= piece == o->best.piece;
        return false;
    }
    o->tied = false;
    return true;
}
/* A record nothing else claims (or a goal/notes line): true when it
   continued the previous record's cut cell and was joined to it. */
bool ptc_wrap_continue(ptc_parser *p, const ptc_classification *cl);
/* After a record was assembled: which of its cells the next line may continue. */
void ptc_wrap_after(ptc_parser *p, const ptc_record *r, const ptc_classification *cl);

#endif

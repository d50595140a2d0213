/*
 * Internal interface of the HTML emitter, split by job:
 *
 *   html.c         the emitter: open/document/close, documents, contents
 *                  (TOC), table ids, diagnostics lists
 *   html_form.c    one table's form: heading, header fields, the order of
 *                  its parts, goal, further fields and notes
 *   html_grid.c    grid blocks (预算整体情况, 年度重点工作任务 …) as <tbody>s
 *   html_indicators.c  the indicator block: header, rows, merged cells
 *   html_page.c    the page around the forms: head, built-in stylesheet,
 *                  --template
 *   html_escape.c  the one escape every byte from the input or an option
 *                  passes through
 */
#ifndef PTC_HTML_INTERNAL_H
#define PTC_HTML_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "common/numfmt.h"
#include "ptconv.h"
#include "emitters/sink_inline.h"

/* Forced inlining for the per-cell helpers, which gcc otherwise leaves as
   calls: a constant argument then folds the branches on it away. */
#if defined(__GNUC__)
#define HTML_INLINE static inline __attribute__((always_inline))
#else
#define HTML_INLINE static inline
#endif

/* ------------------------------------------------------------ escaping */

/* Text and quoted attribute values: & < > " ' as references, C0/C1
   controls (but TAB and LF) as U+FFFD. */
void html_put_escaped(ptc_sink *out, const char *s, size_t len);
void html_put_str(ptc_sink *out, ptc_str s); /* nothing when absent */
void html_put_cstr(ptc_sink *out, const char *s);
/* A cell's text: line breaks become <br>. */
void html_put_cell_text(ptc_sink *out, ptc_str s);
/* A whole <td> cell in one reservation: the start tag `open` (open_len
   bytes of it; HTML_TAG_COPY bytes readable, copied whole), the texts a
   then b as html_put_cell_text writes them, and "</td>". */
#define HTML_TAG_COPY 32
void html_put_td(ptc_sink *out, const char *open, size_t open_len, ptc_str a, ptc_str b);
/* Block text: each non-empty "\n"-separated paragraph becomes a <p>. */
void html_put_paragraphs(ptc_sink *out, ptc_str s);
/* A user stylesheet for <style>: "</" becomes "<\/". */
void html_put_css(ptc_sink *out, const char *css);
bool html_str_eq(ptc_str a, ptc_str b); /* absent equals empty */

/* Decimal numbers as printf's %zu and %ld write them, without printf (its
   format parsing cost more than the rest of a cell). */
static inline void html_put_size(ptc_sink *out, size_t v) {
    char buf[24], *p = buf + sizeof buf;
    do *--p = (char)('0' + v % 10); while (v /= 10);
    ptc_sink_write(out, p, (size_t)(buf + sizeof buf - p));
}

static inline void html_put_long(ptc_sink *out, long v) {
    char buf[24];
    ptc_sink_write(out, buf, (size_t)(ptc_put_long(buf, v) - buf));
}

/* ------------------------------------------------------------ the state */

typedef struct html {
    ptc_sink *out;
    bool fragment;
    char *title;    /* the --title option, or NULL */
    char *css;      /* a user stylesheet, or NULL */
    char *css_href; /* a stylesheet URL, or NULL */
    char *template_text;
    ptc_sink *toc;  /* template: every document's table of contents */
    ptc_sink *body; /* template: every document without its contents list */
    char *first_title; /* template: the first document's title, for {{title}} */
    size_t first_title_len;
    bool have_first_title;
    bool head_written;
    size_t documents;
} html;

/* ------------------------------------------------------------ the page */

/* Everything up to and including <main>; the title from --title, else
   `first_title`, else "ptconv". */
void html_write_head(html *h, ptc_str first_title);
/* The whole page from the template, the collected contents and body. */
void html_write_template(html *h);

/* ------------------------------------------------------------ the forms */

/* Ids are "d<document>-t<seq>", "-<ordinal>" appended to a repeated seq. */
typedef struct html_table_id {
    long base;
    size_t dup_ordinal; /* 0: unique */
} html_table_id;

void html_put_table_id(ptc_sink *out, size_t doc, html_table_id id);

/* The document's diagnostics by position; each written once. */
typedef struct html_diags {
    const ptc_diag **by_line;
    bool *written;
    size_t len;
} html_diags;

/* Those within `lines` not written yet, as a list after a form. */
void html_put_table_diags(ptc_sink *out, html_diags *x, ptc_lines lines);

/* The heading of a table with no title of its own in a document with
   none: a neutral name of its family (绩效目标表 …), drawn marked
   class="ptc-untitled". */
const char *html_kind_heading(ptc_table_kind k);

/* One table as its published form, inside <section class="ptc-form">; `d`
   is its document (for the heading of an untitled table); 0, or -1 when out
   of memory. */
int html_put_form(ptc_sink *out, const ptc_table *t, const ptc_document *d, size_t doc, html_table_id id,
                  html_diags *diags);

/* ------------------------------------------------------------ grid blocks */

/* Equal but for whitespace (labels lose theirs, cells keep it). */
bool html_words_eq(ptc_str a, ptc_str b);
/* The grid's first cell is not its label: sub-rows under a label row. */
bool html_grid_subrows(const ptc_grid *g);
/* Whether a grid of `t` shows a field: `label` followed by `value` in a row,
   or, `label` absent, a non-blank `value` in any cell. */
bool html_grid_shows(const ptc_table *t, ptc_str label, ptc_str value);
/* Columns the grid needs. */
size_t html_grid_width(const ptc_grid *g);
/* Its rows, `width` columns wide; `lead_drawn`: the caller drew the cell
   spanning a sub-row grid's rows (its label row). */
void html_put_grid(ptc_sink *out, const ptc_grid *g, size_t width, bool lead_drawn);

/* ------------------------------------------------------------ indicators */

typedef struct html_ind html_ind;

html_ind *html_ind_new(const ptc_table *t); /* NULL when out of memory */
void html_ind_free(html_ind *x);
bool html_ind_any(const html_ind *x);        /* a block to draw: rows, header or categories */
size_t html_ind_width(const html_ind *x);    /* columns it needs; 0 when none */
bool html_ind_has_label(const html_ind *x);  /* a label column (绩效指标) heads it */
uint32_t html_ind_line(const html_ind *x);   /* its first row's line; 0 unknown */
/* The header row and the rows, `width` columns wide. */
void html_ind_put(ptc_sink *out, const html_ind *x, size_t width);

#endif

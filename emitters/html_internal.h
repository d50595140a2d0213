/*
 * Internal interface of the HTML emitter, split by job:
 *
 *   html.c         the emitter: open/document/close, documents, contents
 *                  (TOC), table ids, diagnostics lists
 *   html_form.c    one table's form: label rows and the indicator grid
 *   html_page.c    the page around the forms: head, built-in stylesheet,
 *                  --template
 *   html_escape.c  the one escape every byte from the input or an option
 *                  passes through
 */
#ifndef PTC_HTML_INTERNAL_H
#define PTC_HTML_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "ptconv.h"
#include "emitters/sink_inline.h"

/* ------------------------------------------------------------ escaping */

/* Text and quoted attribute values: & < > " ' as references, C0/C1
   controls (but TAB and LF) as U+FFFD. */
void html_put_escaped(ptc_sink *out, const char *s, size_t len);
void html_put_str(ptc_sink *out, ptc_str s); /* nothing when absent */
void html_put_cstr(ptc_sink *out, const char *s);
/* A cell's text: line breaks become <br>. */
void html_put_cell_text(ptc_sink *out, ptc_str s);
/* Block text: each non-empty "\n"-separated paragraph becomes a <p>. */
void html_put_paragraphs(ptc_sink *out, ptc_str s);
/* A user stylesheet for <style>: "</" becomes "<\/". */
void html_put_css(ptc_sink *out, const char *css);
bool html_str_eq(ptc_str a, ptc_str b); /* absent equals empty */

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

/* The title of a table without one, by kind (项目支出绩效目标批复表 …). */
const char *html_fallback_title(ptc_table_kind k);

/* One table as the official form, inside <section class="ptc-form">;
   0, or -1 when out of memory. */
int html_put_form(ptc_sink *out, const ptc_table *t, size_t doc, html_table_id id, html_diags *diags);

#endif

/*
 * HTML: the announcement page regenerated from the model, each table drawn
 * as its published form (批复表, 部门整体绩效目标表, 自评表) in its own words,
 * with its grids and merged category cells.
 * This file is the emitter itself: its state, each document (header,
 * narrative text, contents, forms, diagnostics) and the table ids; the form
 * is html_form.c (its grids html_grid.c, its indicators html_indicators.c),
 * the page around it html_page.c, the escape html_escape.c.
 * docs/html.md documents the options and the template syntax.
 *
 * Safety: every byte that comes from the input or from an option reaches the
 * page through html_put_escaped() (or, for a user stylesheet,
 * html_put_css()), so no markup from the input can reach the page.
 *
 * Streaming: without a template the page head is written just before the
 * first document (so it can carry that document's title), each document as
 * it arrives, the foot at close; nothing is kept between documents. A
 * template needs the whole body before it can be written, so then documents
 * are collected in memory sinks and the page is written at close.
 */
#include <stdlib.h>
#include <string.h>

#include "emitters/emitters.h"
#include "emitters/html_internal.h"

static char *dup_option(const char *s, bool *failed) {
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) *failed = true;
    return d;
}

/* ----------------------------------------------------- table identifiers */

/* Ids are "d<document>-t<seq>" (the ordinal when seq is null). A seq seen
   before in the same document gets "-<ordinal>" appended, so ids stay unique
   and those of well-numbered tables never depend on their neighbours. */
typedef struct id_set {
    long *keys;
    bool *used;
    size_t cap;
} id_set;

static int id_set_init(id_set *s, size_t n) {
    s->cap = 16;
    while (s->cap < n * 2) s->cap *= 2;
    s->keys = malloc(s->cap * sizeof *s->keys);
    s->used = calloc(s->cap, sizeof *s->used);
    return s->keys && s->used ? 0 : -1;
}

static void id_set_free(id_set *s) {
    free(s->keys);
    free(s->used);
}

/* Adds `key`; true if it was already there. */
static bool id_set_seen(id_set *s, long key) {
    size_t i = ((size_t)key * 0x9E3779B97F4A7C15ull) & (s->cap - 1);
    while (s->used[i]) {
        if (s->keys[i] == key) return true;
        i = (i + 1) & (s->cap - 1);
    }
    s->used[i] = true;
    s->keys[i] = key;
    return false;
}

static html_table_id *table_ids(const ptc_document *d) {
    html_table_id *ids = malloc((d->tables_len ? d->tables_len : 1) * sizeof *ids);
    id_set seen;
    if (!ids || id_set_init(&seen, d->tables_len) != 0) {
        free(ids);
        if (ids) id_set_free(&seen);
        return NULL;
    }
    for (size_t i = 0; i < d->tables_len; i++) {
        const ptc_table *t = &d->tables[i];
        ids[i].base = t->seq.set ? t->seq.value : (long)(i + 1);
        ids[i].dup_ordinal = id_set_seen(&seen, ids[i].base) ? i + 1 : 0;
    }
    id_set_free(&seen);
    return ids;
}

void html_put_table_id(ptc_sink *out, size_t doc, html_table_id id) {
    ptc_sink_putc(out, 'd');
    html_put_size(out, doc);
    ptc_sink_lit(out, "-t");
    html_put_long(out, id.base);
    if (id.dup_ordinal) {
        ptc_sink_putc(out, '-');
        html_put_size(out, id.dup_ordinal);
    }
}

/* ---------------------------------------------------------- diagnostics */

static int diag_line_cmp(const void *a, const void *b) {
    const ptc_diag *x = *(const ptc_diag *const *)a, *y = *(const ptc_diag *const *)b;
    if (x->pos.line != y->pos.line) return x->pos.line < y->pos.line ? -1 : 1;
    if (x->pos.col != y->pos.col) return x->pos.col < y->pos.col ? -1 : 1;
    return x < y ? -1 : x > y; /* same position: model order */
}

static void put_diag(ptc_sink *out, const ptc_diag *g) {
    ptc_sink_lit(out, "<li class=\"ptc-");
    ptc_sink_puts(out, ptc_severity_name(g->severity));
    ptc_sink_lit(out, "\">");
    if (g->pos.line) {
        html_put_size(out, g->pos.line);
        ptc_sink_putc(out, ':');
        html_put_size(out, g->pos.col ? g->pos.col : 1);
        ptc_sink_lit(out, ": ");
    }
    ptc_sink_puts(out, ptc_severity_name(g->severity));
    ptc_sink_lit(out, ": ");
    html_put_str(out, g->message);
    ptc_sink_puts(out, " [");
    html_put_cstr(out, g->code);
    ptc_sink_puts(out, "]</li>\n");
}

/* The document's diagnostics, sorted by position; each is written once,
   after the form whose lines hold it, or at the end of the document. */
static int diag_index_build(html_diags *x, const ptc_document *d) {
    x->len = d->diags_len;
    x->by_line = malloc((x->len ? x->len : 1) * sizeof *x->by_line);
    x->written = calloc(x->len ? x->len : 1, sizeof *x->written);
    if (!x->by_line || !x->written) {
        free(x->by_line);
        free(x->written);
        return -1;
    }
    for (size_t i = 0; i < x->len; i++) x->by_line[i] = &d->diags[i];
    qsort(x->by_line, x->len, sizeof *x->by_line, diag_line_cmp);
    return 0;
}

static void diag_index_free(html_diags *x) {
    free(x->by_line);
    free(x->written);
}

void html_put_table_diags(ptc_sink *out, html_diags *x, ptc_lines lines) {
    size_t lo = 0, hi = x->len;
    while (lo < hi) { /* the first at or after lines.first */
        size_t mid = lo + (hi - lo) / 2;
        if (x->by_line[mid]->pos.line < lines.first) lo = mid + 1;
        else hi = mid;
    }
    bool opened = false;
    if (lines.first == 0) return; /* a table with no known lines holds none */
    for (size_t i = lo; i < x->len && x->by_line[i]->pos.line <= lines.last; i++) {
        if (x->written[i]) continue;
        if (!opened) ptc_sink_puts(out, "<ul class=\"ptc-diagnostics\">\n");
        opened = true;
        put_diag(out, x->by_line[i]);
        x->written[i] = true;
    }
    if (opened) ptc_sink_puts(out, "</ul>\n");
}

/* ------------------------------------------------------------ documents */

static void put_toc(ptc_sink *out, const ptc_document *d, size_t doc, const html_table_id *ids) {
    if (!d->tables_len) return;
    ptc_sink_lit(out, "<nav class=\"ptc-toc\" aria-label=\"目录\">\n<h2>目录</h2>\n<ol>\n");
    for (size_t i = 0; i < d->tables_len; i++) {
        const ptc_table *t = &d->tables[i];
        ptc_sink_puts(out, "<li><a href=\"#");
        html_put_table_id(out, doc, ids[i]);
        ptc_sink_puts(out, "\">");
        if (t->seq.set) {
            html_put_long(out, t->seq.value);
            ptc_sink_lit(out, "、");
        }
        if (t->project_name.str.s && t->project_name.str.len) html_put_cell_text(out, t->project_name.str);
        else if (t->title.str.s && t->title.str.len) html_put_cell_text(out, t->title.str);
        else {
            ptc_sink_puts(out, "<span class=\"ptc-untitled\">");
            ptc_sink_puts(out, html_kind_heading(t->kind));
            ptc_sink_puts(out, "</span>");
        }
        ptc_sink_puts(out, "</a></li>\n");
    }
    ptc_sink_puts(out, "</ol>\n</nav>\n");
}

static void put_document_header(ptc_sink *out, const ptc_document *d) {
    if (d->title.str.s && d->title.str.len) {
        ptc_sink_puts(out, "<h1>");
        html_put_cell_text(out, d->title.str);
        ptc_sink_puts(out, "</h1>\n");
    }
    if (d->summary && d->summary->text.str.s) {
        ptc_sink_puts(out, "<p class=\"ptc-summary\">");
        html_put_cell_text(out, d->summary->text.str);
        ptc_sink_puts(out, "</p>\n");
    }
    /* Narrative lines outside the tables (绩效目标表如下：), one paragraph
       each, where the source has them: before the unit list. */
    if (d->text.str.s && d->text.str.len) {
        ptc_sink_puts(out, "<div class=\"ptc-text\">");
        html_put_paragraphs(out, d->text.str);
        ptc_sink_puts(out, "</div>\n");
    }
    if (d->units_len) {
        ptc_sink_puts(out, "<ol class=\"ptc-units\">\n");
        for (size_t i = 0; i < d->units_len; i++) {
            const ptc_unit *u = &d->units[i];
            if (u->seq.set) {
                ptc_sink_lit(out, "<li value=\"");
                html_put_long(out, u->seq.value);
                ptc_sink_lit(out, "\">");
            } else {
                ptc_sink_lit(out, "<li>");
            }
            html_put_cell_text(out, u->name.str);
            if (u->project_count.set) ptc_sink_printf(out, "：绩效项目 %ld 个", u->project_count.value);
            ptc_sink_puts(out, "</li>\n");
        }
        ptc_sink_puts(out, "</ol>\n");
    }
}

/* One document: in the page (or template body) its header, contents
   (into `toc`, which is `body` itself unless a template collects it apart),
   forms and remaining diagnostics; in a fragment only the forms. */
static int put_document(html *h, ptc_sink *body, ptc_sink *toc, const ptc_document *d) {
    size_t doc = ++h->documents;
    html_table_id *ids = table_ids(d);
    html_diags diags;
    if (!ids) return -1;
    if (diag_index_build(&diags, d) != 0) {
        free(ids);
        return -1;
    }
    int rc = 0;
    if (!h->fragment) {
        ptc_sink_lit(body, "<article class=\"ptc-document\" id=\"d");
        html_put_size(body, doc);
        ptc_sink_lit(body, "\" data-source=\"");
        html_put_str(body, d->source);
        ptc_sink_puts(body, "\">\n");
        put_document_header(body, d);
        put_toc(toc, d, doc, ids);
    }
    for (size_t i = 0; i < d->tables_len && rc == 0; i++)
        rc = html_put_form(body, &d->tables[i], d, doc, ids[i], &diags);
    if (!h->fragment) {
        bool opened = false;
        for (size_t i = 0; i < diags.len; i++) {
            if (diags.written[i]) continue;
            if (!opened) ptc_sink_puts(body, "<ul class=\"ptc-diagnostics\">\n");
            opened = true;
            put_diag(body, diags.by_line[i]);
        }
        if (opened) ptc_sink_puts(body, "</ul>\n");
        ptc_sink_puts(body, "</article>\n");
    }
    diag_index_free(&diags);
    free(ids);
    return rc;
}

/* ------------------------------------------------------------ interface */

static void html_free(html *h) {
    free(h->title);
    free(h->css);
    free(h->css_href);
    free(h->template_text);
    free(h->first_title);
    if (h->toc) ptc_sink_free(h->toc);
    if (h->body) ptc_sink_free(h->body);
    free(h);
}

static void *open_html(ptc_sink *out, const ptc_emit_options *opts) {
    static const ptc_emit_options none = {0};
    if (!opts) opts = &none;
    html *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    bool failed = false;
    h->out = out;
    h->fragment = opts->fragment;
    h->title = dup_option(opts->title, &failed);
    h->css = dup_option(opts->css, &failed);
    h->css_href = dup_option(opts->css_href, &failed);
    if (!h->fragment && opts->template_text) {
        h->template_text = dup_option(opts->template_text, &failed);
        h->toc = ptc_sink_memory();
        h->body = ptc_sink_memory();
        failed |= !h->toc || !h->body;
    }
    if (failed) {
        html_free(h);
        return NULL;
    }
    return h;
}

/* The page's title from a document: its title, else its first table's
   (both as written). */
static ptc_str page_title(const ptc_document *doc) {
    if (doc->title.str.s && doc->title.str.len) return doc->title.str;
    if (doc->tables_len && doc->tables[0].title.str.s) return doc->tables[0].title.str;
    return (ptc_str){NULL, 0};
}

static int document_html(void *state, const ptc_document *doc) {
    html *h = state;
    int rc;
    ptc_str title = page_title(doc);
    if (h->template_text) {
        if (h->documents == 0 && title.s && title.len) {
            h->first_title = malloc(title.len);
            if (!h->first_title) return -1;
            memcpy(h->first_title, title.s, title.len);
            h->first_title_len = title.len;
            h->have_first_title = true;
        }
        rc = put_document(h, h->body, h->toc, doc);
        if (ptc_sink_error(h->body) || ptc_sink_error(h->toc)) rc = -1;
    } else {
        if (!h->fragment && !h->head_written) html_write_head(h, title);
        rc = put_document(h, h->out, h->out, doc);
    }
    return rc == 0 && !ptc_sink_error(h->out) ? 0 : -1;
}

static int close_html(void *state, bool ok) {
    html *h = state;
    if (ok && h->template_text) {
        html_write_template(h);
    } else if (ok && !h->fragment) {
        ptc_str none = {NULL, 0};
        if (!h->head_written) html_write_head(h, none);
        ptc_sink_puts(h->out, "</main>\n</body>\n</html>\n");
    }
    int rc = ptc_sink_error(h->out) ? -1 : 0;
    html_free(h);
    return rc;
}

const ptc_emitter ptc_emitter_html = {
    "html", "html", "text/html",
    "a standalone web page drawing each table as its published form, with contents",
    open_html, document_html, close_html};

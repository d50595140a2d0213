/*
 * HTML: the announcement page regenerated from the model, each table drawn
 * as the official form (项目支出绩效目标批复表) with its merged category cells.
 * docs/html.md documents the options and the template syntax.
 *
 * Safety: every byte that comes from the input or from an option reaches the
 * page through put_escaped() (or, for a user stylesheet, put_css()), so no
 * markup from the input can reach the page.
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
#include "model/model.h"

/* The official form is six columns wide; wider indicator blocks widen it. */
#define FORM_COLUMNS 6
/* Cells beyond the header keep their column ("#N" extras). The parser reads
   far fewer cells per row; a model claiming a column past this would only
   make the form absurdly wide, so such a row is written in model order. */
#define MAX_BEYOND_HEADER 4096

static const char default_title[] = "ptconv";

/* ------------------------------------------------------------- escaping */

/* 0: copy as is (in bulk); 'e': character reference; 'c': a control
   character, written as U+FFFD; 'x': 0xC2 leads U+0080..U+009F (C1 controls)
   and needs a look at the next byte. TAB and LF are kept. */
static const unsigned char escape_table[256] = {
    'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 0,   0,   'c', 'c', 'c', 'c', 'c',
    'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c',
    ['&'] = 'e', ['<'] = 'e', ['>'] = 'e', ['"'] = 'e', ['\''] = 'e', [0x7F] = 'c', [0xC2] = 'x'};

static const char replacement_char[] = "\xEF\xBF\xBD"; /* U+FFFD */

static const char *entity_of(unsigned char c) {
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    default: return "&#39;";
    }
}

/* The one escape for input and option text, valid in text and in quoted
   attribute values alike. */
static void put_escaped(ptc_sink *out, const char *s, size_t len) {
    size_t run = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        unsigned char e = escape_table[c];
        if (!e || (e == 'x' && !(i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
                                   (unsigned char)s[i + 1] <= 0x9F))) {
            i++;
            continue;
        }
        ptc_sink_write(out, s + run, i - run);
        if (e == 'e') {
            ptc_sink_puts(out, entity_of(c));
            i++;
        } else {
            ptc_sink_write(out, replacement_char, 3);
            i += e == 'x' ? 2 : 1;
        }
        run = i;
    }
    ptc_sink_write(out, s + run, len - run);
}

static void put_str(ptc_sink *out, ptc_str s) {
    if (s.s) put_escaped(out, s.s, s.len);
}

static void put_cstr(ptc_sink *out, const char *s) { put_escaped(out, s, strlen(s)); }

/* A cell's text: line breaks inside a cell become <br>. */
static void put_cell_text(ptc_sink *out, ptc_str s) {
    if (!s.s) return;
    size_t start = 0;
    for (size_t i = 0; i <= s.len; i++) {
        if (i < s.len && s.s[i] != '\n') continue;
        if (start) ptc_sink_puts(out, "<br>");
        put_escaped(out, s.s + start, i - start);
        start = i + 1;
    }
}

/* Block text (the annual goal, the notes): each "\n"-separated paragraph
   becomes a <p>; empty paragraphs carry nothing and are left out. */
static void put_paragraphs(ptc_sink *out, ptc_str s) {
    if (!s.s) return;
    size_t start = 0;
    for (size_t i = 0; i <= s.len; i++) {
        if (i < s.len && s.s[i] != '\n') continue;
        if (i > start) {
            ptc_sink_puts(out, "<p>");
            put_escaped(out, s.s + start, i - start);
            ptc_sink_puts(out, "</p>");
        }
        start = i + 1;
    }
}

/* A user stylesheet goes into <style> verbatim except that "</" becomes
   "<\/" (the same in CSS), so it can never close the element early. */
static void put_css(ptc_sink *out, const char *css) {
    const char *run = css;
    for (const char *p = css; *p; p++) {
        if (p[0] == '<' && p[1] == '/') {
            ptc_sink_write(out, run, (size_t)(p - run) + 1);
            ptc_sink_putc(out, '\\');
            run = p + 1;
        }
    }
    ptc_sink_puts(out, run);
}

static bool str_eq(ptc_str a, ptc_str b) {
    size_t la = a.s ? a.len : 0, lb = b.s ? b.len : 0;
    return la == lb && (la == 0 || memcmp(a.s, b.s, la) == 0);
}

static bool str_present(ptc_str s) { return s.s != NULL; }

/* ------------------------------------------------------------ the style */

static const char builtin_css[] =
    "*,*::before,*::after{box-sizing:border-box}\n"
    "body{margin:0;padding:24px 12px;background:#eceae4;color:#1b1b1b;"
    "font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",\"PingFang SC\","
    "sans-serif;font-size:15px;line-height:1.6}\n"
    "main{max-width:980px;margin:0 auto;padding:36px 44px;background:#fff;"
    "box-shadow:0 1px 4px rgba(0,0,0,.15)}\n"
    "h1{margin:0 0 .9em;font-size:1.7em;text-align:center;letter-spacing:.05em}\n"
    ".ptc-summary{margin:0 0 .6em;text-indent:2em}\n"
    ".ptc-units{margin:0 0 1.2em;padding-left:2em}\n"
    ".ptc-toc{margin:1.2em 0 2em;padding:12px 20px;border:1px solid #c9c9c9;background:#fafaf7}\n"
    ".ptc-toc h2{margin:0 0 .4em;font-size:1.1em}\n"
    ".ptc-toc ol{margin:0;padding:0;list-style:none;columns:2 18em;column-gap:2em}\n"
    ".ptc-toc li{break-inside:avoid}\n"
    ".ptc-toc a{color:#1d4f91;text-decoration:none}\n"
    ".ptc-toc a:hover{text-decoration:underline}\n"
    ".ptc-form{margin:2.4em 0 0}\n"
    ".ptc-form h2{margin:0;font-size:1.35em;text-align:center;letter-spacing:.08em}\n"
    ".ptc-year{margin:.2em 0 .6em;text-align:center}\n"
    ".ptc-applicant{margin:0 0 .4em}\n"
    ".ptc-table{width:100%;border-collapse:collapse;table-layout:fixed;border:2px solid #222;"
    "word-break:break-all;overflow-wrap:anywhere}\n"
    ".ptc-table th,.ptc-table td{border:1px solid #222;padding:5px 7px;vertical-align:middle}\n"
    ".ptc-table th{background:#e7ebf0;font-weight:600;text-align:center}\n"
    ".ptc-table th.ptc-section{background:#d6dde6;letter-spacing:.1em}\n"
    ".ptc-table td.ptc-cat{text-align:center}\n"
    ".ptc-table td.ptc-value,.ptc-table td.ptc-unit{text-align:center}\n"
    ".ptc-table td p{margin:0;text-indent:2em}\n"
    ".ptc-table.ptc-w6 col:nth-child(1){width:12%}\n"
    ".ptc-table.ptc-w6 col:nth-child(2){width:16%}\n"
    ".ptc-table.ptc-w6 col:nth-child(3){width:15%}\n"
    ".ptc-table.ptc-w6 col:nth-child(4){width:31%}\n"
    ".ptc-table.ptc-w6 col:nth-child(5){width:14%}\n"
    ".ptc-table.ptc-w6 col:nth-child(6){width:12%}\n"
    ".ptc-diagnostics{margin:.4em 0 0;padding-left:1.4em;font-size:.85em;color:#7a4b00}\n"
    ".ptc-diagnostics .ptc-error{color:#a00}\n"
    "@media (max-width:640px){main{padding:16px 10px}body{padding:0;font-size:14px}"
    ".ptc-table th,.ptc-table td{padding:3px 4px}}\n"
    "@media print{\n"
    "body{padding:0;background:#fff;font-size:10.5pt;"
    "font-family:\"Noto Serif CJK SC\",\"Source Han Serif SC\",\"SimSun\",\"Songti SC\",serif}\n"
    "main{max-width:none;padding:0;box-shadow:none}\n"
    ".ptc-toc{border:0;background:none;padding:0}\n"
    ".ptc-toc a{color:inherit}\n"
    ".ptc-form{break-inside:avoid;page-break-inside:avoid}\n"
    ".ptc-table{break-inside:avoid;page-break-inside:avoid}\n"
    ".ptc-table tr{break-inside:avoid;page-break-inside:avoid}\n"
    ".ptc-table th,.ptc-table th.ptc-section{background:#eee;"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    ".ptc-diagnostics{display:none}\n"
    "}\n";

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

static char *dup_option(const char *s, bool *failed) {
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) *failed = true;
    return d;
}

/* The stylesheet element(s) of the page: the user's link and/or stylesheet,
   else the built-in one. */
static void put_style(const html *h, ptc_sink *out) {
    if (h->css_href) {
        ptc_sink_puts(out, "<link rel=\"stylesheet\" href=\"");
        put_cstr(out, h->css_href);
        ptc_sink_puts(out, "\">\n");
    }
    if (h->css) {
        ptc_sink_puts(out, "<style>\n");
        put_css(out, h->css);
        ptc_sink_puts(out, "\n</style>\n");
    } else if (!h->css_href) {
        ptc_sink_puts(out, "<style>\n");
        ptc_sink_puts(out, builtin_css);
        ptc_sink_puts(out, "</style>\n");
    }
}

/* --title, else the first document's title, else "ptconv". */
static void put_page_title(const html *h, ptc_sink *out, ptc_str first) {
    if (h->title) put_cstr(out, h->title);
    else if (first.s && first.len) put_str(out, first);
    else put_cstr(out, default_title);
}

static void write_head(html *h, ptc_str first_title) {
    ptc_sink *out = h->out;
    ptc_sink_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"ptconv\">\n<title>");
    put_page_title(h, out, first_title);
    ptc_sink_puts(out, "</title>\n");
    put_style(h, out);
    ptc_sink_puts(out, "</head>\n<body>\n<main>\n");
    h->head_written = true;
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

typedef struct table_id {
    long base;
    size_t dup_ordinal; /* 0: unique */
} table_id;

static table_id *table_ids(const ptc_document *d) {
    table_id *ids = malloc((d->tables_len ? d->tables_len : 1) * sizeof *ids);
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

static void put_table_id(ptc_sink *out, size_t doc, table_id id) {
    ptc_sink_printf(out, "d%zu-t%ld", doc, id.base);
    if (id.dup_ordinal) ptc_sink_printf(out, "-%zu", id.dup_ordinal);
}

/* ------------------------------------------------------- indicator block */

typedef enum slot_kind {
    SLOT_BLANK, /* a header column no indicator carries data for */
    SLOT_PATH,
    SLOT_NAME,
    SLOT_VALUE,
    SLOT_UNIT,
    SLOT_EXTRA,     /* an extra column named in the header: extra[index] */
    SLOT_POSITIONAL /* a cell beyond the header, kept in extra as "#<column>" */
} slot_kind;

typedef struct slot {
    slot_kind kind;
    size_t index;
} slot;

/*
 * Where each indicator cell goes. The model keeps the header as written
 * (ptc_table.columns) and each row as path, name, value, unit and extras
 * keyed by header text; the model's column_roles say which header column
 * holds a category level, the name, the value, the unit or an extra. Rows that do not fit this
 * layout (a table whose header changed midway) are written in model order.
 */
typedef struct layout {
    slot *slots;
    size_t width;
    size_t path_len;
    size_t header_extras;
    size_t header_columns; /* columns with a header cell: ptc_table.columns */
    size_t positional_end; /* one past the last column for cells beyond the header */
    bool default_header;   /* no header in the model: generated labels */
} layout;

static bool positional_column(ptc_str label, size_t *column) {
    if (!label.s || label.len < 2 || label.len > 10 || label.s[0] != '#') return false;
    size_t n = 0;
    for (size_t i = 1; i < label.len; i++) {
        if (label.s[i] < '0' || label.s[i] > '9') return false;
        n = n * 10 + (size_t)(label.s[i] - '0');
    }
    if (n == 0) return false;
    *column = n - 1;
    return true;
}

static bool row_fits(const layout *l, const ptc_table *t, const ptc_indicator *ind) {
    if (ind->path_len != l->path_len || ind->extra_len < l->header_extras) return false;
    const ptc_indicator *first = &t->indicators[0];
    for (size_t j = 0; j < l->header_extras; j++)
        if (!str_eq(ind->extra[j].label.str, first->extra[j].label.str)) return false;
    for (size_t j = l->header_extras; j < ind->extra_len; j++) {
        size_t col;
        if (!positional_column(ind->extra[j].label.str, &col) || col < l->header_columns ||
            col >= l->positional_end)
            return false;
    }
    return true;
}

static ptc_str slot_text(const ptc_indicator *ind, slot s, size_t column) {
    ptc_str none = {NULL, 0};
    switch (s.kind) {
    case SLOT_PATH: return s.index < ind->path_len ? ind->path[s.index].str : none;
    case SLOT_NAME: return ind->name.str;
    case SLOT_VALUE: return ind->value.text.str;
    case SLOT_UNIT: return ind->unit.str;
    case SLOT_EXTRA: return s.index < ind->extra_len ? ind->extra[s.index].value.str : none;
    case SLOT_POSITIONAL:
        for (size_t j = 0; j < ind->extra_len; j++) {
            size_t col;
            if (positional_column(ind->extra[j].label.str, &col) && col == column)
                return ind->extra[j].value.str;
        }
        return none;
    case SLOT_BLANK: break;
    }
    return none;
}

static void layout_free(layout *l) { free(l->slots); }

static int layout_build(layout *l, const ptc_table *t) {
    memset(l, 0, sizeof *l);
    const ptc_indicator *first = t->indicators_len ? &t->indicators[0] : NULL;
    l->path_len = first ? first->path_len : 3;
    size_t canon_len = l->path_len + 3;
    l->default_header = t->columns_len == 0;
    l->header_columns = t->columns_len;

    /* Header extras: the first row's extras named by a header cell. */
    size_t max_col = 0; /* one past the last positional column */
    for (size_t i = 0; i < t->indicators_len; i++) {
        const ptc_indicator *ind = &t->indicators[i];
        for (size_t j = 0; j < ind->extra_len; j++) {
            size_t col;
            if (positional_column(ind->extra[j].label.str, &col) && col >= t->columns_len &&
                col < t->columns_len + MAX_BEYOND_HEADER && col + 1 > max_col)
                max_col = col + 1;
        }
    }
    size_t positional = max_col > t->columns_len ? max_col - t->columns_len : 0;
    l->positional_end = t->columns_len + positional;
    size_t cap = t->columns_len + positional + canon_len;
    l->slots = calloc(cap ? cap : 1, sizeof *l->slots);
    if (!l->slots) return -1;

    /* canonical slots: path levels, then name, value, unit; each header
       column takes the one its role (from the model) names */
    bool *used = calloc(canon_len ? canon_len : 1, sizeof *used);
    if (!used) return -1;
    size_t next_level = 0, j = 0;
    for (size_t i = 0; i < t->columns_len; i++) {
        slot *s = &l->slots[l->width++];
        ptc_column_role role = t->columns[i].role;
        size_t c = canon_len;
        if (role == PTC_COL_LEVEL) c = next_level < l->path_len ? next_level++ : canon_len;
        else if (role != PTC_COL_EXTRA) c = l->path_len + (size_t)(role - PTC_COL_NAME);
        if (role == PTC_COL_EXTRA && first && j < first->extra_len) {
            s->kind = SLOT_EXTRA;
            s->index = j++;
        } else if (c < canon_len && !used[c]) {
            used[c] = true;
            if (c < l->path_len) *s = (slot){SLOT_PATH, c};
            else *s = (slot){(slot_kind)(SLOT_NAME + (c - l->path_len)), 0};
        } else {
            s->kind = SLOT_BLANK;
        }
    }
    l->header_extras = j;
    for (size_t i = 0; i < positional; i++) l->slots[l->width++] = (slot){SLOT_POSITIONAL, 0};

    /* Category levels, name, value or unit without a header column: shown
       (under a generated label) only when some row has text for them. */
    for (size_t c = 0; c < canon_len; c++) {
        if (used[c]) continue;
        slot s = c < l->path_len ? (slot){SLOT_PATH, c} : (slot){(slot_kind)(SLOT_NAME + (c - l->path_len)), 0};
        bool needed = l->default_header;
        for (size_t i = 0; i < t->indicators_len && !needed; i++) {
            ptc_str v = slot_text(&t->indicators[i], s, 0);
            needed = v.s && v.len;
        }
        if (needed) l->slots[l->width++] = s;
    }
    free(used);
    return 0;
}

static void put_level_label(ptc_sink *out, size_t level) {
    static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    if (level >= 1 && level <= 10) ptc_sink_printf(out, "%s级指标", numerals[level - 1]);
    else ptc_sink_printf(out, "%zu级指标", level);
}

/* The label of a column with no header cell: 一级指标 … N级指标 for the
   levels and the name (as on the official form), 指标值, 计量单位. */
static void put_generated_label(ptc_sink *out, const layout *l, slot s) {
    switch (s.kind) {
    case SLOT_PATH: put_level_label(out, s.index + 1); break;
    case SLOT_NAME: put_level_label(out, l->path_len + 1); break;
    case SLOT_VALUE: ptc_sink_puts(out, "指标值"); break;
    case SLOT_UNIT: ptc_sink_puts(out, "计量单位"); break;
    default: break;
    }
}

static const char *slot_class(slot_kind k) {
    switch (k) {
    case SLOT_PATH: return " class=\"ptc-cat\"";
    case SLOT_NAME: return " class=\"ptc-name\"";
    case SLOT_VALUE: return " class=\"ptc-value\"";
    case SLOT_UNIT: return " class=\"ptc-unit\"";
    default: return "";
    }
}

static void put_padding(ptc_sink *out, const char *cell, size_t used, size_t width) {
    if (used >= width) return;
    if (width - used == 1) ptc_sink_printf(out, "<%s></%s>", cell, cell);
    else ptc_sink_printf(out, "<%s colspan=\"%zu\"></%s>", cell, width - used, cell);
}

/* A row that does not fit the table's layout: path, name, value, unit, then
   every extra, its header text kept in a title attribute. */
static size_t model_order_width(const ptc_indicator *ind) { return ind->path_len + 3 + ind->extra_len; }

static void put_model_order_row(ptc_sink *out, const ptc_indicator *ind, size_t width) {
    ptc_sink_puts(out, "<tr>");
    for (size_t k = 0; k < ind->path_len; k++) {
        ptc_sink_puts(out, "<td class=\"ptc-cat\">");
        put_cell_text(out, ind->path[k].str);
        ptc_sink_puts(out, "</td>");
    }
    ptc_sink_puts(out, "<td class=\"ptc-name\">");
    put_cell_text(out, ind->name.str);
    ptc_sink_puts(out, "</td><td class=\"ptc-value\">");
    put_cell_text(out, ind->value.text.str);
    ptc_sink_puts(out, "</td><td class=\"ptc-unit\">");
    put_cell_text(out, ind->unit.str);
    ptc_sink_puts(out, "</td>");
    for (size_t j = 0; j < ind->extra_len; j++) {
        ptc_sink_puts(out, "<td title=\"");
        put_str(out, ind->extra[j].label.str);
        ptc_sink_puts(out, "\">");
        put_cell_text(out, ind->extra[j].value.str);
        ptc_sink_puts(out, "</td>");
    }
    put_padding(out, "td", model_order_width(ind), width);
    ptc_sink_puts(out, "</tr>\n");
}

/* How many leading category cells row i shares with row i - 1 (0 when
   either row is written in model order): those are merged into the cell
   above, as on the printed form. */
static size_t shared_levels(const layout *l, const ptc_table *t, const bool *fits, size_t i) {
    if (i == 0 || !fits[i] || !fits[i - 1]) return 0;
    const ptc_indicator *a = &t->indicators[i - 1], *b = &t->indicators[i];
    size_t k = 0;
    while (k < l->path_len && str_eq(a->path[k].str, b->path[k].str)) k++;
    return k;
}

static int put_indicators(ptc_sink *out, const ptc_table *t, const layout *l, size_t width) {
    size_t n = t->indicators_len;
    bool *fits = malloc((n ? n : 1) * sizeof *fits);
    size_t *shared = malloc((n ? n : 1) * sizeof *shared);
    if (!fits || !shared) {
        free(fits);
        free(shared);
        return -1;
    }
    for (size_t i = 0; i < n; i++) fits[i] = row_fits(l, t, &t->indicators[i]);
    for (size_t i = 0; i < n; i++) shared[i] = shared_levels(l, t, fits, i);

    for (size_t i = 0; i < n; i++) {
        const ptc_indicator *ind = &t->indicators[i];
        if (!fits[i]) {
            put_model_order_row(out, ind, width);
            continue;
        }
        ptc_sink_puts(out, "<tr>");
        for (size_t c = 0; c < l->width; c++) {
            slot s = l->slots[c];
            if (s.kind == SLOT_PATH) {
                if (s.index < shared[i]) continue; /* merged into the cell above */
                size_t span = 1;
                while (i + span < n && shared[i + span] > s.index) span++;
                if (span > 1) ptc_sink_printf(out, "<td class=\"ptc-cat\" rowspan=\"%zu\">", span);
                else ptc_sink_puts(out, "<td class=\"ptc-cat\">");
            } else {
                ptc_sink_printf(out, "<td%s>", slot_class(s.kind));
            }
            put_cell_text(out, slot_text(ind, s, c));
            ptc_sink_puts(out, "</td>");
        }
        put_padding(out, "td", l->width, width);
        ptc_sink_puts(out, "</tr>\n");
    }
    free(fits);
    free(shared);
    return 0;
}

static void put_indicator_header(ptc_sink *out, const ptc_table *t, const layout *l, size_t width) {
    ptc_sink_puts(out, "<tr class=\"ptc-head\">");
    for (size_t c = 0; c < l->width; c++) {
        ptc_sink_puts(out, "<th>");
        if (c < t->columns_len) put_cell_text(out, t->columns[c].header.str);
        else if (l->slots[c].kind != SLOT_POSITIONAL) put_generated_label(out, l, l->slots[c]);
        ptc_sink_puts(out, "</th>");
    }
    put_padding(out, "th", l->width, width);
    ptc_sink_puts(out, "</tr>\n");
}

/* ------------------------------------------------------------ the form */

static void put_label_row(ptc_sink *out, const char *label, ptc_str value, size_t width) {
    ptc_sink_printf(out, "<tr><th>%s</th><td colspan=\"%zu\">", label, width - 1);
    put_cell_text(out, value);
    ptc_sink_puts(out, "</td></tr>\n");
}

static void put_section_row(ptc_sink *out, const char *label, size_t width) {
    ptc_sink_printf(out, "<tr><th class=\"ptc-section\" colspan=\"%zu\">%s</th></tr>\n", width, label);
}

static const char *fallback_title(ptc_table_kind k) {
    switch (k) {
    case PTC_TABLE_SELF_EVALUATION: return "项目支出绩效自评表";
    case PTC_TABLE_OVERALL: return "部门整体支出绩效目标表";
    default: return "项目支出绩效目标批复表";
    }
}

static int diag_line_cmp(const void *a, const void *b) {
    const ptc_diag *x = *(const ptc_diag *const *)a, *y = *(const ptc_diag *const *)b;
    if (x->pos.line != y->pos.line) return x->pos.line < y->pos.line ? -1 : 1;
    if (x->pos.col != y->pos.col) return x->pos.col < y->pos.col ? -1 : 1;
    return x < y ? -1 : x > y; /* same position: model order */
}

static void put_diag(ptc_sink *out, const ptc_diag *g) {
    ptc_sink_printf(out, "<li class=\"ptc-%s\">", ptc_severity_name(g->severity));
    if (g->pos.line) ptc_sink_printf(out, "%u:%u: ", g->pos.line, g->pos.col ? g->pos.col : 1);
    ptc_sink_printf(out, "%s: ", ptc_severity_name(g->severity));
    put_str(out, g->message);
    ptc_sink_puts(out, " [");
    put_cstr(out, g->code);
    ptc_sink_puts(out, "]</li>\n");
}

/* The document's diagnostics, sorted by position; each is written once,
   after the form whose lines hold it, or at the end of the document. */
typedef struct diag_index {
    const ptc_diag **by_line;
    bool *written;
    size_t len;
} diag_index;

static int diag_index_build(diag_index *x, const ptc_document *d) {
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

static void diag_index_free(diag_index *x) {
    free(x->by_line);
    free(x->written);
}

static void put_table_diags(ptc_sink *out, diag_index *x, ptc_lines lines) {
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

static int put_form(ptc_sink *out, const ptc_table *t, size_t doc, table_id id, diag_index *diags) {
    layout l;
    if (layout_build(&l, t) != 0) return -1;
    bool has_indicators = t->indicators_len > 0 || t->columns_len > 0;
    size_t width = FORM_COLUMNS;
    if (has_indicators && l.width > width) width = l.width;
    for (size_t i = 0; i < t->indicators_len; i++)
        if (!row_fits(&l, t, &t->indicators[i]) && model_order_width(&t->indicators[i]) > width)
            width = model_order_width(&t->indicators[i]);

    ptc_sink_puts(out, "<section class=\"ptc-form\" id=\"");
    put_table_id(out, doc, id);
    ptc_sink_printf(out, "\" data-kind=\"%s\">\n<h2>", ptc_table_kind_name(t->kind));
    if (t->seq.set) ptc_sink_printf(out, "<span class=\"ptc-seq\">%ld、</span>", t->seq.value);
    if (t->title.str.s && t->title.str.len) put_str(out, t->title.str);
    else ptc_sink_puts(out, fallback_title(t->kind));
    ptc_sink_puts(out, "</h2>\n");
    if (t->year.set) ptc_sink_printf(out, "<p class=\"ptc-year\">(%ld 年度)</p>\n", t->year.value);
    if (str_present(t->applicant.str)) {
        ptc_sink_puts(out, "<p class=\"ptc-applicant\">申报单位：");
        put_cell_text(out, t->applicant.str);
        ptc_sink_puts(out, "</p>\n");
    }

    ptc_sink_printf(out, "<table class=\"ptc-table%s\">\n<colgroup>", width == FORM_COLUMNS ? " ptc-w6" : "");
    for (size_t c = 0; c < width; c++) ptc_sink_puts(out, "<col>");
    ptc_sink_puts(out, "</colgroup>\n<tbody>\n");
    if (str_present(t->project_name.str)) put_label_row(out, "项目名称", t->project_name.str, width);
    if (str_present(t->department.str) || str_present(t->executing_unit.str)) {
        ptc_sink_puts(out, "<tr><th>主管部门</th><td>");
        put_cell_text(out, t->department.str);
        ptc_sink_printf(out, "</td><th>预算执行单位</th><td colspan=\"%zu\">", width - 3);
        put_cell_text(out, t->executing_unit.str);
        ptc_sink_puts(out, "</td></tr>\n");
    }
    if (str_present(t->project_type.str)) put_label_row(out, "项目类型", t->project_type.str, width);
    if (t->period) put_label_row(out, "项目期限", t->period->text.str, width);
    if (t->funds) {
        ptc_sink_puts(out, "<tr><th>项目资金申请");
        if (t->funds->unit.s && t->funds->unit.len) {
            ptc_sink_puts(out, "（");
            put_str(out, t->funds->unit);
            ptc_sink_puts(out, "）");
        }
        ptc_sink_printf(out, "</th><td colspan=\"%zu\">", width - 1);
        if (str_present(t->funds->text.str)) {
            put_cell_text(out, t->funds->text.str);
        } else if (t->funds->value.set) {
            char num[32];
            ptc_format_number(t->funds->value.value, num);
            ptc_sink_puts(out, num);
            if (t->funds->unit.s && t->funds->unit.len) {
                ptc_sink_putc(out, ' ');
                put_str(out, t->funds->unit);
            }
        }
        ptc_sink_puts(out, "</td></tr>\n");
    }
    if (str_present(t->annual_goal.str)) {
        put_section_row(out, "项目绩效年度目标", width);
        ptc_sink_printf(out, "<tr><td class=\"ptc-goal\" colspan=\"%zu\">", width);
        put_paragraphs(out, t->annual_goal.str);
        ptc_sink_puts(out, "</td></tr>\n");
    }
    int rc = 0;
    if (has_indicators) {
        put_section_row(out, "年度绩效指标", width);
        put_indicator_header(out, t, &l, width);
        rc = put_indicators(out, t, &l, width);
    }
    for (size_t i = 0; i < t->fields_len; i++) {
        ptc_sink_puts(out, "<tr><th>");
        put_cell_text(out, t->fields[i].label.str);
        ptc_sink_printf(out, "</th><td colspan=\"%zu\">", width - 1);
        put_cell_text(out, t->fields[i].value.str);
        ptc_sink_puts(out, "</td></tr>\n");
    }
    if (str_present(t->notes.str)) {
        ptc_sink_printf(out, "<tr><th>其他说明</th><td class=\"ptc-notes\" colspan=\"%zu\">", width - 1);
        put_paragraphs(out, t->notes.str);
        ptc_sink_puts(out, "</td></tr>\n");
    }
    ptc_sink_puts(out, "</tbody>\n</table>\n");
    put_table_diags(out, diags, t->lines);
    ptc_sink_puts(out, "</section>\n");
    layout_free(&l);
    return rc;
}

/* ------------------------------------------------------------ documents */

static void put_toc(ptc_sink *out, const ptc_document *d, size_t doc, const table_id *ids) {
    if (!d->tables_len) return;
    ptc_sink_printf(out, "<nav class=\"ptc-toc\" aria-label=\"目录\">\n<h2>目录</h2>\n<ol>\n");
    for (size_t i = 0; i < d->tables_len; i++) {
        const ptc_table *t = &d->tables[i];
        ptc_sink_puts(out, "<li><a href=\"#");
        put_table_id(out, doc, ids[i]);
        ptc_sink_puts(out, "\">");
        if (t->seq.set) ptc_sink_printf(out, "%ld、", t->seq.value);
        if (t->project_name.str.s && t->project_name.str.len) put_cell_text(out, t->project_name.str);
        else if (t->title.str.s && t->title.str.len) put_cell_text(out, t->title.str);
        else ptc_sink_puts(out, fallback_title(t->kind));
        ptc_sink_puts(out, "</a></li>\n");
    }
    ptc_sink_puts(out, "</ol>\n</nav>\n");
}

static void put_document_header(ptc_sink *out, const ptc_document *d) {
    if (d->title.str.s && d->title.str.len) {
        ptc_sink_puts(out, "<h1>");
        put_cell_text(out, d->title.str);
        ptc_sink_puts(out, "</h1>\n");
    }
    if (d->summary && str_present(d->summary->text.str)) {
        ptc_sink_puts(out, "<p class=\"ptc-summary\">");
        put_cell_text(out, d->summary->text.str);
        ptc_sink_puts(out, "</p>\n");
    }
    if (d->units_len) {
        ptc_sink_puts(out, "<ol class=\"ptc-units\">\n");
        for (size_t i = 0; i < d->units_len; i++) {
            const ptc_unit *u = &d->units[i];
            if (u->seq.set) ptc_sink_printf(out, "<li value=\"%ld\">", u->seq.value);
            else ptc_sink_puts(out, "<li>");
            put_cell_text(out, u->name.str);
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
    table_id *ids = table_ids(d);
    diag_index diags;
    if (!ids) return -1;
    if (diag_index_build(&diags, d) != 0) {
        free(ids);
        return -1;
    }
    int rc = 0;
    if (!h->fragment) {
        ptc_sink_printf(body, "<article class=\"ptc-document\" id=\"d%zu\" data-source=\"", doc);
        put_str(body, d->source);
        ptc_sink_puts(body, "\">\n");
        put_document_header(body, d);
        put_toc(toc, d, doc, ids);
    }
    for (size_t i = 0; i < d->tables_len && rc == 0; i++)
        rc = put_form(body, &d->tables[i], doc, ids[i], &diags);
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

/* ------------------------------------------------------------ templates */

typedef enum placeholder { PH_NONE, PH_TITLE, PH_CSS, PH_TOC, PH_BODY } placeholder;

static placeholder placeholder_at(const char *p, size_t *len) {
    static const struct {
        const char *text;
        placeholder ph;
    } names[] = {{"{{title}}", PH_TITLE}, {"{{css}}", PH_CSS}, {"{{toc}}", PH_TOC}, {"{{body}}", PH_BODY}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i].text);
        if (strncmp(p, names[i].text, n) == 0) {
            *len = n;
            return names[i].ph;
        }
    }
    return PH_NONE;
}

static void put_sink_contents(ptc_sink *out, const ptc_sink *from) {
    size_t n;
    const char *data = ptc_sink_memory_data(from, &n);
    ptc_sink_write(out, data, n);
}

static void write_template(html *h) {
    ptc_str first = {h->have_first_title ? h->first_title : NULL, h->first_title_len};
    const char *run = h->template_text;
    for (const char *p = h->template_text; *p; p++) {
        size_t len;
        placeholder ph = p[0] == '{' && p[1] == '{' ? placeholder_at(p, &len) : PH_NONE;
        if (ph == PH_NONE) continue;
        ptc_sink_write(h->out, run, (size_t)(p - run));
        switch (ph) {
        case PH_TITLE: put_page_title(h, h->out, first); break;
        case PH_CSS: put_style(h, h->out); break;
        case PH_TOC: put_sink_contents(h->out, h->toc); break;
        case PH_BODY: put_sink_contents(h->out, h->body); break;
        case PH_NONE: break;
        }
        p += len - 1;
        run = p + 1;
    }
    ptc_sink_puts(h->out, run);
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

static int document_html(void *state, const ptc_document *doc) {
    html *h = state;
    int rc;
    if (h->template_text) {
        if (h->documents == 0 && doc->title.str.s && doc->title.str.len) {
            h->first_title = malloc(doc->title.str.len);
            if (!h->first_title) return -1;
            memcpy(h->first_title, doc->title.str.s, doc->title.str.len);
            h->first_title_len = doc->title.str.len;
            h->have_first_title = true;
        }
        rc = put_document(h, h->body, h->toc, doc);
        if (ptc_sink_error(h->body) || ptc_sink_error(h->toc)) rc = -1;
    } else {
        if (!h->fragment && !h->head_written) write_head(h, doc->title.str);
        rc = put_document(h, h->out, h->out, doc);
    }
    return rc == 0 && !ptc_sink_error(h->out) ? 0 : -1;
}

static int close_html(void *state, bool ok) {
    html *h = state;
    if (ok && h->template_text) {
        write_template(h);
    } else if (ok && !h->fragment) {
        ptc_str none = {NULL, 0};
        if (!h->head_written) write_head(h, none);
        ptc_sink_puts(h->out, "</main>\n</body>\n</html>\n");
    }
    int rc = ptc_sink_error(h->out) ? -1 : 0;
    html_free(h);
    return rc;
}

const ptc_emitter ptc_emitter_html = {
    "html", "html", "text/html",
    "a standalone web page drawing each table as the official form, with contents",
    open_html, document_html, close_html};

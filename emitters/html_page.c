/*
 * The page around the forms: the head (title, stylesheets), the built-in
 * stylesheet (screen and print) and --template pages. docs/html.md
 * documents the options and the template syntax.
 */
#include <string.h>

#include "emitters/html_internal.h"

static const char default_title[] = "ptconv";

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
    ".ptc-text p{margin:0 0 .6em;text-indent:2em}\n"
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
    ".ptc-table td.ptc-cmp{text-align:center}\n"
    ".ptc-table td p{margin:0;text-indent:2em}\n"
    ".ptc-table.ptc-w6 col:nth-child(1){width:12%}\n"
    ".ptc-table.ptc-w6 col:nth-child(2){width:16%}\n"
    ".ptc-table.ptc-w6 col:nth-child(3){width:15%}\n"
    ".ptc-table.ptc-w6 col:nth-child(4){width:31%}\n"
    ".ptc-table.ptc-w6 col:nth-child(5){width:14%}\n"
    ".ptc-table.ptc-w6 col:nth-child(6){width:12%}\n"
    ".ptc-form h2.ptc-untitled{color:#555;font-style:italic}\n"
    ".ptc-table ul.ptc-goal-items{margin:0;padding:0;list-style:none}\n"
    ".ptc-diagnostics{margin:.4em 0 0;padding-left:1.4em;font-size:.85em;color:#7a4b00}\n"
    ".ptc-diagnostics .ptc-error{color:#a00}\n"
    "@media (max-width:640px){main{padding:16px 10px}body{padding:0;font-size:14px}"
    ".ptc-table th,.ptc-table td{padding:3px 4px}}\n"
    /* Printed: A4 pages; a heading (and the year and applicant lines under
       it) is never left alone at the foot of a page, and a form that fits
       on a page is not split. */
    "@page{size:A4;margin:16mm 14mm}\n"
    "@media print{\n"
    "h1,h2,.ptc-year,.ptc-applicant{break-after:avoid;page-break-after:avoid}\n"
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

/* The stylesheet element(s) of the page: the user's link and/or stylesheet,
   else the built-in one. */
static void put_style(const html *h, ptc_sink *out) {
    if (h->css_href) {
        ptc_sink_puts(out, "<link rel=\"stylesheet\" href=\"");
        html_put_cstr(out, h->css_href);
        ptc_sink_puts(out, "\">\n");
    }
    if (h->css) {
        ptc_sink_puts(out, "<style>\n");
        html_put_css(out, h->css);
        ptc_sink_puts(out, "\n</style>\n");
    } else if (!h->css_href) {
        ptc_sink_puts(out, "<style>\n");
        ptc_sink_puts(out, builtin_css);
        ptc_sink_puts(out, "</style>\n");
    }
}

/* --title, else the first document's title, else "ptconv". */
static void put_page_title(const html *h, ptc_sink *out, ptc_str first) {
    if (h->title) html_put_cstr(out, h->title);
    else if (first.s && first.len) html_put_str(out, first);
    else html_put_cstr(out, default_title);
}

void html_write_head(html *h, ptc_str first_title) {
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

void html_write_template(html *h) {
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


/*
 * What the CLI writes on stderr besides the parser's diagnostics: its own
 * errors and notes, in the same two forms (text "SOURCE: severity: message
 * [code]", or with --diagnostics json one JSON object per line), so that a
 * tool reading stderr never meets a line of the other kind. Also the names
 * of inputs as they may be shown: valid UTF-8, and in text without control
 * characters that could forge a line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static bool json_mode;
static ptc_sink *err_sink;

void report_set_json(bool json) { json_mode = json; }

bool report_json(void) { return json_mode; }

ptc_sink *report_sink(void) {
    if (!err_sink) err_sink = ptc_sink_file(stderr);
    return err_sink;
}

void report_finish(void) {
    if (!err_sink) return;
    ptc_sink_flush(err_sink);
    ptc_sink_free(err_sink);
    err_sink = NULL;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none:
   no overlong forms, surrogates or code points above U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (n < len) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return len;
}

char *utf8_sanitize(const char *s, size_t len, size_t *out_len) {
    /* every byte may become the three of U+FFFD */
    char *out = malloc(len * 3 + 1), *o = out;
    if (!out) return NULL;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_seq(p + i, len - i);
        if (k == 0) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(o, p + i, k);
            o += k;
            i += k;
        }
    }
    *o = '\0';
    if (out_len) *out_len = (size_t)(o - out);
    return out;
}

char *display_name(const char *raw) { return utf8_sanitize(raw, strlen(raw), NULL); }

char *text_name(const char *display) {
    size_t n = strlen(display);
    char *out = malloc(n * 6 + 1), *o = out;
    if (!out) return NULL;
    for (const unsigned char *p = (const unsigned char *)display; *p; p++) {
        if (*p == '\n') o += sprintf(o, "\\n");
        else if (*p == '\r') o += sprintf(o, "\\r");
        else if (*p == '\t') o += sprintf(o, "\\t");
        else if (*p < 0x20 || *p == 0x7F) o += sprintf(o, "\\x%02X", *p);
        else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) { /* C1 controls */
            o += sprintf(o, "\\u%04X", p[1]);
            p++;
        } else *o++ = (char)*p;
    }
    *o = '\0';
    return out;
}

void report_diag(const char *display, const char *text, const ptc_diag *d) {
    ptc_sink *s = report_sink();
    if (!s) return;
    if (json_mode) ptc_diag_write_json(s, (ptc_str){display, strlen(display)}, d);
    else ptc_diag_write(s, (ptc_str){text, strlen(text)}, d);
    ptc_sink_flush(s);
}

void report(ptc_severity sev, const char *code, const char *source, const char *fmt, ...) {
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* The message may quote a name or an argument: keep the line valid
       UTF-8 and one line. */
    char *clean = display_name(msg);
    char *src = display_name(source ? source : prog);
    char *src_text = src ? text_name(src) : NULL;
    char *msg_text = clean ? text_name(clean) : NULL;
    if (clean && src && src_text && msg_text) {
        ptc_diag d = {sev, code, {0, 0}, {json_mode ? clean : msg_text, 0}};
        d.message.len = strlen(d.message.s);
        report_diag(src, src_text, &d);
    } else {
        fprintf(stderr, "%s: %s: out of memory [io-error]\n", prog, ptc_severity_name(sev));
    }
    free(clean);
    free(src);
    free(src_text);
    free(msg_text);
}

int usage_error(const char *fmt, ...) {
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (json_mode) {
        report(PTC_SEV_ERROR, "usage-error", prog, "%s; try '%s --help'", msg, prog);
    } else {
        char *clean = display_name(msg), *shown = clean ? text_name(clean) : NULL;
        fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n", prog, shown ? shown : msg,
                prog);
        free(clean);
        free(shown);
    }
    return EXIT_USAGE;
}

#include "emitters/json_string.h"
#include "ptconv.h"
#include "emitters/sink_inline.h"

void ptc_diag_write(ptc_sink *s, ptc_str source, const ptc_diag *d) {
    ptc_sink_write(s, source.s, source.len);
    if (d->pos.line) ptc_sink_printf(s, ":%u:%u", d->pos.line, d->pos.col ? d->pos.col : 1);
    ptc_sink_printf(s, ": %s: ", ptc_severity_name(d->severity));
    ptc_sink_write(s, d->message.s, d->message.len);
    ptc_sink_printf(s, " [%s]\n", d->code);
}

void ptc_diag_write_json(ptc_sink *s, ptc_str source, const ptc_diag *d) {
    ptc_sink_puts(s, "{\"source\":");
    ptc_json_write_string(s, source.s, source.len);
    ptc_sink_printf(s, ",\"severity\":\"%s\",\"code\":\"%s\",\"line\":%u,\"column\":%u,\"message\":",
                    ptc_severity_name(d->severity), d->code, d->pos.line, d->pos.col);
    ptc_json_write_string(s, d->message.s, d->message.len);
    ptc_sink_puts(s, "}\n");
}

#include "ptconv.h"

void ptc_diag_write(ptc_sink *s, ptc_str source, const ptc_diag *d) {
    ptc_sink_write(s, source.s, source.len);
    if (d->pos.line) ptc_sink_printf(s, ":%u:%u", d->pos.line, d->pos.col ? d->pos.col : 1);
    ptc_sink_printf(s, ": %s: ", ptc_severity_name(d->severity));
    ptc_sink_write(s, d->message.s, d->message.len);
    ptc_sink_printf(s, " [%s]\n", d->code);
}

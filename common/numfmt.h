#ifndef PTC_NUMFMT_H
#define PTC_NUMFMT_H

/* Shortest decimal that reads back as `v` ("12.4", "936", "1e+21");
   non-finite values are written "0". */
void ptc_format_number(double v, char buf[32]);

#endif

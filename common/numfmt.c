/*
 * Number formatting shared by every stage that writes numbers (emitters,
 * checks): the shortest decimal that reads back exactly, so the same double
 * is written the same way in JSON, XML, CSV and HTML.
 */
#include "common/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ptc_format_number(double v, char buf[32]) {
    if (!isfinite(v)) {
        strcpy(buf, "0");
        return;
    }
    if (v == 0) {
        strcpy(buf, "0");
        return;
    }
    /* Most numbers are small integers or have a few decimals: exact integers
       below 2^53 print without the printf/strtod round trip. */
    if (v > -9007199254740992.0 && v < 9007199254740992.0 && v == (double)(long long)v) {
        snprintf(buf, 32, "%lld", (long long)v);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) return;
    }
}

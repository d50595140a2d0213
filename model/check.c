/* Placeholder until the checks land. */
#include "model/check.h"

int ptc_check_document(ptc_document *doc) {
    (void)doc;
    return 0;
}

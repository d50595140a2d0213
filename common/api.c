/* The library's version and the messages of its error codes. */
#include "ptconv.h"

const char *ptc_version(void) {
    return PTCONV_VERSION;
}

const char *ptc_strerror(int code) {
    switch (code) {
    case PTC_OK: return "success";
    case PTC_ERR_NOMEM: return "out of memory";
    case PTC_ERR_STOPPED: return "stopped by the document callback";
    case PTC_ERR_ENCODING: return "unknown encoding";
    case PTC_ERR_STATE: return "parser used out of order (input after the end)";
    case PTC_ERR_RULES: return "the rules' patterns could not be prepared";
    default: return "unknown error";
    }
}

/*
 * Decoding, the iconv half (see decode.c): every encoding other than UTF-8
 * goes through iconv into UTF-8, and the encoding is chosen here from a BOM
 * or the detector (detect.c).
 */
#include "parsers/decode_state.h"
#include "parsers/detect.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------ */
/* iconv byte layer                                                          */
/* ------------------------------------------------------------------------ */

/* Converts until the input ends or holds only an incomplete sequence;
   *consumed tells how far it got. */
static int iconv_convert(ptc_decoder *d, const unsigned char *in, size_t n, size_t *consumed)
{
    char out[ICONV_OUT_BYTES];
    char *ip = (char *)(uintptr_t)in; /* iconv's prototype lacks const */
    size_t left = n;
    while (left > 0) {
        char *op = out;
        size_t out_left = sizeof out, before = left;
        size_t r = iconv(d->cd, &ip, &left, &op, &out_left);
        int e = errno; /* the callbacks below may clobber errno */
        if (ptc_decode_text(d, out, (size_t)(op - out)))
            return d->err;
        if (r != (size_t)-1 || e == EINVAL)
            break;
        if (e == E2BIG && (left < before || op > out))
            continue;
        /* EILSEQ (or anything else that makes no progress): replace one
           code unit and go on, so damaged input never stalls us. */
        size_t skip = d->code_unit < left ? d->code_unit : left;
        if (ptc_decode_replacement(d, (const unsigned char *)ip, skip, true))
            return d->err;
        ip += skip;
        left -= skip;
    }
    *consumed = n - left;
    return PTC_OK;
}

int ptc_decode_iconv_feed(ptc_decoder *d, const unsigned char *p, size_t n)
{
    size_t done;
    /* The carry holds an incomplete sequence; convert it joined with the
       start of this chunk, then resume in the chunk where iconv stopped. */
    while (d->carry_len > 0 && n > 0) {
        size_t old = d->carry_len, take = CARRY_CAP - old < n ? CARRY_CAP - old : n;
        memcpy(d->carry + old, p, take);
        if (iconv_convert(d, d->carry, old + take, &done))
            return d->err;
        if (done >= old) {
            p += done - old;
            n -= done - old;
            d->carry_len = 0;
            break;
        }
        if (take == n) {
            memmove(d->carry, d->carry + done, old + take - done);
            d->carry_len = old + take - done;
            return PTC_OK;
        }
        /* A full carry that is still incomplete is not a real encoding's
           sequence: give up one unit of it to guarantee progress. */
        size_t skip = d->code_unit < old - done ? d->code_unit : old - done;
        if (ptc_decode_replacement(d, d->carry + done, skip, true))
            return d->err;
        memmove(d->carry, d->carry + done + skip, old - done - skip);
        d->carry_len = old - done - skip;
    }
    while (n > 0) {
        if (iconv_convert(d, p, n, &done))
            return d->err;
        p += done;
        n -= done;
        if (n <= CARRY_CAP) {
            memcpy(d->carry, p, n);
            d->carry_len = n;
            break;
        }
        size_t skip = d->code_unit < n ? d->code_unit : n;
        if (ptc_decode_replacement(d, p, skip, true))
            return d->err;
        p += skip;
        n -= skip;
    }
    return PTC_OK;
}

/* ------------------------------------------------------------------------ */
/* Encoding choice                                                           */
/* ------------------------------------------------------------------------ */

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

int ptc_decode_open_iconv(ptc_decoder *d, const char *name)
{
    d->cd = iconv_open("UTF-8", name);
    if (d->cd == (iconv_t)-1)
        return errno == ENOMEM ? PTC_ERR_NOMEM : PTC_ERR_ENCODING;
    d->mode = MODE_ICONV;
    d->code_unit = 1;
    if (contains_ci(name, "16") || contains_ci(name, "UCS-2") || contains_ci(name, "UCS2"))
        d->code_unit = 2;
    else if (contains_ci(name, "32") || contains_ci(name, "UCS-4") || contains_ci(name, "UCS4"))
        d->code_unit = 4;
    return PTC_OK;
}

int ptc_decode_choose(ptc_decoder *d, const unsigned char *s, size_t n, bool final, size_t *bom_len)
{
    static const struct {
        const char *bytes;
        size_t len;
        const char *name;
    } boms[] = {{"\xEF\xBB\xBF", 3, "UTF-8"}, {"\xFF\xFE", 2, "UTF-16LE"}, {"\xFE\xFF", 2, "UTF-16BE"}};
    const char *name = NULL;
    *bom_len = 0;
    for (size_t i = 0; i < sizeof boms / sizeof boms[0] && !name; i++) {
        size_t have = n < boms[i].len ? n : boms[i].len;
        if (have > 0 && memcmp(s, boms[i].bytes, have) != 0)
            continue;
        if (have < boms[i].len && !final)
            return 0; /* could still be this BOM */
        if (have == boms[i].len) {
            name = boms[i].name;
            *bom_len = boms[i].len;
            d->how = "bom";
        }
    }
    if (!name) {
        if (!final && n < PTC_DETECT_BYTES && !clearly_utf8(&d->early, s, n))
            return 0;
        static const char *const names[] = {"UTF-8", "GB18030", "UTF-16LE", "UTF-16BE"};
        name = names[guess_encoding(s, n, final)];
        d->how = "detected";
    }
    d->encoding = name;
    if (strcmp(name, "UTF-8") == 0) {
        d->mode = MODE_UTF8;
        return 1;
    }
    int rc = ptc_decode_open_iconv(d, name);
    return rc ? rc : 1;
}

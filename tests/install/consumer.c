/* A program outside the tree, built against the INSTALLED library (test
   install.consumer): parse FILE and print its tables and indicators. */
#include <stdio.h>
#include <stdlib.h>

#include <ptconv.h>

struct counts {
    size_t tables, indicators;
};

static int on_document(const ptc_document *doc, void *ud) {
    struct counts *c = ud;
    c->tables += doc->tables_len;
    for (size_t i = 0; i < doc->tables_len; i++) c->indicators += doc->tables[i].indicators_len;
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: consumer FILE\n");
        return 2;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        perror(argv[1]);
        return 3;
    }
    struct counts c = {0, 0};
    ptc_parse_options opts = PTC_PARSE_OPTIONS_INIT;
    opts.source = argv[1];
    int err = 0;
    ptc_parser *p = ptc_parser_new2(&opts, on_document, &c, &err);
    if (!p) {
        fprintf(stderr, "consumer: %s\n", ptc_strerror(err));
        fclose(fp);
        return 3;
    }
    char buf[65536];
    size_t n;
    int rc = PTC_OK;
    while (rc == PTC_OK && (n = fread(buf, 1, sizeof buf, fp)) > 0) rc = ptc_parser_feed(p, buf, n);
    if (rc == PTC_OK) rc = ptc_parser_finish(p);
    ptc_parser_free(p);
    fclose(fp);
    if (rc != PTC_OK) {
        fprintf(stderr, "consumer: %s\n", ptc_strerror(rc));
        return 3;
    }
    printf("ptconv %s (header %s): %zu tables, %zu indicators\n", ptc_version(), PTCONV_VERSION,
           c.tables, c.indicators);
    return 0;
}

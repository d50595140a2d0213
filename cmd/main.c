/*
 * ptconv: the command-line tool. It only wires options to the library:
 * read each input in chunks into a parser, hand each finished document to the
 * chosen emitter, print diagnostics to stderr, and map the outcome to an
 * exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "ptconv.h"

enum exit_status { EXIT_CONVERTED = 0, EXIT_INPUT_ERRORS = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* Large enough to amortise read(2), small enough to keep the pipeline's
   memory flat: the parser never sees more than this at once. */
#define READ_CHUNK (64u * 1024u)

typedef struct run {
    const ptc_emitter *emitter; /* NULL for `ptconv check`: no output */
    void *emitter_state;
    ptc_sink *err; /* stderr */
    bool quiet, verbose, strict, check, json_diagnostics;
    bool emit_failed;
    bool check_failed; /* out of memory in the checks */
    unsigned long errors, warnings;
} run;

static const char *prog = "ptconv";

static void usage_formats(FILE *fp) {
    size_t n;
    const ptc_emitter *const *all = ptc_emitters(&n);
    for (size_t i = 0; i < n; i++) fprintf(fp, "%s%s", i ? ", " : "", all[i]->name);
}

static void help(void) {
    printf("Usage: %s [OPTIONS] [FILE...]\n"
           "       %s check [OPTIONS] [FILE...]\n"
           "Convert the extracted text of budget performance-target announcements\n"
           "(绩效目标设置情况, 项目支出绩效目标批复表) into structured data.\n"
           "With no FILE, or when FILE is -, read standard input.\n"
           "\n"
           "Options:\n"
           "  -t, --to FORMAT       output format (default json): ",
           prog, prog);
    usage_formats(stdout);
    printf("\n"
           "  -o, --output FILE     write to FILE (replaced only when the conversion succeeds)\n"
           "      --output-dir DIR  write each input to DIR/NAME.EXT (NAME: the input's file\n"
           "                        name without its extension; stdin: \"stdin\")\n"
           "      --encoding NAME   input encoding (any iconv name); default: detect\n"
           "                        from a BOM, else the data (UTF-8, UTF-16, GB18030)\n"
           "      --compact         json: write on one line\n"
           "      --fragment        html: write only the tables, no page around them\n"
           "      --title TEXT      html: page title\n"
           "      --css FILE        html: embed this stylesheet instead of the built-in one\n"
           "      --css-href URL    html: link this stylesheet instead of the built-in one\n"
           "      --template FILE   html: page template ({{title}} {{css}} {{toc}} {{body}})\n"
           "      --bom             csv: start with a UTF-8 byte order mark (for Excel)\n"
           "      --check           also run the consistency checks (see `ptconv check`)\n"
           "      --strict          warnings make the exit status 1, like errors\n"
           "      --diagnostics FMT diagnostics as \"text\" (default) or \"json\" (one object\n"
           "                        per line)\n"
           "      --list-formats    list the output formats and exit\n"
           "      --list-checks     list the consistency checks (code, severity, meaning;\n"
           "                        TAB-separated) and exit\n"
           "  -q, --quiet           print only errors, not warnings and notes\n"
           "  -v, --verbose         also report the encoding and counts of each input\n"
           "  -h, --help            show this help and exit\n"
           "      --version         show the version and exit\n"
           "\n"
           "`ptconv check` reads the inputs, runs the consistency checks (counts, sums,\n"
           "table numbers, years, dates, rates, required fields, OCR repetitions) and\n"
           "writes only diagnostics.\n"
           "\n"
           "Diagnostics go to standard error as FILE:LINE:COL: severity: message [code]\n"
           "(COL counts characters).\n"
           "\n"
           "Exit status:\n"
           "  0  converted\n"
           "  1  converted, but the input had errors (with --strict: or warnings)\n"
           "  2  usage error\n"
           "  3  I/O or system error (nothing is written to -o FILE)\n");
}

static int usage_error(const char *fmt, const char *arg) {
    fprintf(stderr, "%s: ", prog);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
    return EXIT_USAGE;
}

static void list_formats(void) {
    size_t n;
    const ptc_emitter *const *all = ptc_emitters(&n);
    for (size_t i = 0; i < n; i++)
        printf("%-6s .%-5s %-22s %s\n", all[i]->name, all[i]->extension, all[i]->media_type,
               all[i]->description);
}

/* One line per check code: code, severity, description (TAB-separated);
   tests/readme_checks.py builds README's table of codes from it. */
static void list_checks(void) {
    size_t n;
    const ptc_check_info *all = ptc_checks(&n);
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\n", all[i].code, ptc_severity_name(all[i].severity),
               all[i].description);
}

static int on_document(const ptc_document *doc, void *ud) {
    run *r = ud;
    /* The document is ours until we return (ptconv.h): the checks are a
       stage of their own, run here, and their findings count below like the
       parser's (for --strict and -v). */
    if (r->check && ptc_check_document((ptc_document *)doc) != 0) {
        r->check_failed = true;
        return 1;
    }
    for (size_t i = 0; i < doc->diags_len; i++) {
        const ptc_diag *d = &doc->diags[i];
        r->errors += d->severity == PTC_SEV_ERROR;
        r->warnings += d->severity == PTC_SEV_WARNING;
        if (r->quiet && d->severity != PTC_SEV_ERROR) continue;
        if (r->json_diagnostics) ptc_diag_write_json(r->err, doc->source, d);
        else ptc_diag_write(r->err, doc->source, d);
    }
    ptc_sink_flush(r->err);
    if (r->emitter && r->emitter->document(r->emitter_state, doc) != 0) {
        r->emit_failed = true;
        return 1;
    }
    return 0;
}

static char *read_file(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (n < cap) break;
        char *grown = realloc(buf, cap * 2 + 1);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    if (buf && ferror(fp)) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

/* Converts one input. Returns 0, or EXIT_IO after reporting why. */
static int convert(run *r, const char *path, const char *encoding, char *chunk) {
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "%s: error: cannot open: %s [io-error]\n", path, strerror(errno));
        return EXIT_IO;
    }
    ptc_parse_options po = {.source = path, .encoding = encoding};
    unsigned long errors_before = r->errors, warnings_before = r->warnings;
    ptc_parser *p = ptc_parser_new(&po, on_document, r);
    if (!p) {
        fprintf(stderr, "%s: error: out of memory [io-error]\n", path);
        if (!is_stdin) close(fd);
        return EXIT_IO;
    }
    int rc = 0, status = 0;
    for (;;) {
        ssize_t got = read(fd, chunk, READ_CHUNK);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            fprintf(stderr, "%s: error: cannot read: %s [io-error]\n", path, strerror(errno));
            status = EXIT_IO;
            break;
        }
        if (got == 0) {
            rc = ptc_parser_finish(p);
            break;
        }
        if ((rc = ptc_parser_feed(p, chunk, (size_t)got)) != 0) break;
    }
    if (!status && rc) {
        if (!r->emit_failed)
            fprintf(stderr, "%s: error: %s [io-error]\n", path,
                    rc == PTC_ERR_NOMEM || r->check_failed ? "out of memory"
                                                           : "conversion stopped");
        status = EXIT_IO;
    }
    if (r->verbose && !status) {
        const char *how = NULL, *enc = ptc_parser_encoding(p, &how);
        ptc_parse_stats st;
        ptc_parser_stats(p, &st);
        fprintf(stderr,
                "%s: note: encoding %s (%s); %llu bytes, %llu lines, %llu documents, %llu tables, "
                "%llu indicators, %llu errors, %llu warnings\n",
                path, enc ? enc : "UTF-8", how ? how : "empty input", (unsigned long long)st.bytes,
                (unsigned long long)st.lines, (unsigned long long)st.documents,
                (unsigned long long)st.tables, (unsigned long long)st.indicators,
                /* counted by on_document: the parser's and the checks' */
                (unsigned long long)(r->errors - errors_before),
                (unsigned long long)(r->warnings - warnings_before));
    }
    ptc_parser_free(p);
    if (!is_stdin) close(fd);
    return status;
}

/* -o FILE: write beside the target and rename into place only on success,
   so a failed run never leaves a half-written file or clobbers the old one. */
typedef struct output {
    const char *path;
    char *tmp_path;
    FILE *fp;
} output;

static int output_open(output *o, const char *path) {
    o->path = path;
    o->tmp_path = NULL;
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return 0;
    }
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    size_t n = strlen(path) + 16;
    o->tmp_path = malloc(n);
    if (!o->tmp_path) return -1;
    snprintf(o->tmp_path, n, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        fprintf(stderr, "%s: error: cannot create a temporary file beside it: %s [io-error]\n", path,
                strerror(errno));
        free(o->tmp_path);
        o->tmp_path = NULL;
        return -1;
    }
    /* mkstemp makes 0600; give the file the mode a plain create would. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    o->fp = fdopen(fd, "wb");
    if (!o->fp) {
        close(fd);
        unlink(o->tmp_path);
        free(o->tmp_path);
        o->tmp_path = NULL;
        return -1;
    }
    return 0;
}

static int output_close(output *o, bool keep) {
    int rc = 0;
    if (!o->tmp_path) {
        if (fflush(o->fp) != 0) rc = -1;
        return rc;
    }
    if (fflush(o->fp) != 0 || fsync(fileno(o->fp)) != 0) {
        if (keep) fprintf(stderr, "%s: error: cannot write: %s [io-error]\n", o->path, strerror(errno));
        keep = false;
        rc = -1;
    }
    if (fclose(o->fp) != 0 && keep) {
        fprintf(stderr, "%s: error: cannot write: %s [io-error]\n", o->path, strerror(errno));
        keep = false;
        rc = -1;
    }
    if (keep && rename(o->tmp_path, o->path) != 0) {
        fprintf(stderr, "%s: error: cannot replace: %s [io-error]\n", o->path, strerror(errno));
        keep = false;
        rc = -1;
    }
    if (!keep) unlink(o->tmp_path);
    free(o->tmp_path);
    return rc;
}

/* Output name for one input under --output-dir: its file name without the
   extension, so no input name can reach outside DIR. */
static char *derived_name(const char *dir, const char *input, const char *ext) {
    const char *base = strcmp(input, "-") == 0 ? "stdin" : input;
    const char *slash = strrchr(base, '/');
    if (slash) base = slash + 1;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base) n = (size_t)(dot - base);
    if (n == 0 || base[0] == '.') return NULL;
    size_t size = strlen(dir) + 1 + n + 1 + strlen(ext) + 1;
    char *path = malloc(size);
    if (path) snprintf(path, size, "%s/%.*s.%s", dir, (int)n, base, ext);
    return path;
}

/* Converts `inputs` into one output stream (stdout, or `out_path`). */
static int convert_all(run *r, const char *const *inputs, size_t ninputs, const char *out_path,
                       const char *encoding, const ptc_emit_options *eo, char *chunk) {
    int status = EXIT_CONVERTED;
    output out = {0};
    ptc_sink *sink = NULL;
    /* An input that cannot be read is found before any output starts, so a
       mistyped name never leaves half a document on stdout. */
    for (size_t i = 0; i < ninputs; i++) {
        struct stat st;
        if (strcmp(inputs[i], "-") == 0) continue;
        if (stat(inputs[i], &st) != 0 || access(inputs[i], R_OK) != 0) {
            fprintf(stderr, "%s: error: cannot open: %s [io-error]\n", inputs[i], strerror(errno));
            return EXIT_IO;
        }
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "%s: error: cannot read: %s [io-error]\n", inputs[i], strerror(EISDIR));
            return EXIT_IO;
        }
    }
    if (r->emitter) {
        if (output_open(&out, out_path) != 0) return EXIT_IO;
        sink = ptc_sink_file(out.fp);
        r->emitter_state = sink ? r->emitter->open(sink, eo) : NULL;
        if (!r->emitter_state) {
            fprintf(stderr, "%s: error: cannot start the %s output [io-error]\n", prog, r->emitter->name);
            status = EXIT_IO;
        }
    }
    r->emit_failed = false;
    for (size_t i = 0; i < ninputs && status == EXIT_CONVERTED; i++)
        status = convert(r, inputs[i], encoding, chunk);
    if (!r->emitter) return status;
    if (r->emitter_state && r->emitter->close(r->emitter_state, status == EXIT_CONVERTED) != 0 &&
        status == EXIT_CONVERTED)
        status = EXIT_IO;
    r->emitter_state = NULL;
    /* A write error may surface first as a failed emitter call (emit_failed,
       exit 3 already decided): it must still be named. */
    if (sink && ptc_sink_flush(sink) != 0 && (status == EXIT_CONVERTED || r->emit_failed)) {
        fprintf(stderr, "%s: error: cannot write: %s [io-error]\n", out_path ? out_path : "<stdout>",
                strerror(ptc_sink_error(sink)));
        status = EXIT_IO;
    }
    ptc_sink_free(sink);
    if (output_close(&out, status == EXIT_CONVERTED) != 0 && status == EXIT_CONVERTED) {
        if (!out_path) fprintf(stderr, "%s: error: cannot write to standard output [io-error]\n", prog);
        status = EXIT_IO;
    }
    return status;
}

int main(int argc, char **argv) {
    enum { OPT_ENCODING = 256, OPT_LIST, OPT_VERSION, OPT_COMPACT, OPT_FRAGMENT, OPT_TITLE, OPT_CSS,
           OPT_CSS_HREF, OPT_TEMPLATE, OPT_BOM, OPT_CHECK, OPT_STRICT, OPT_DIAGNOSTICS,
           OPT_OUTPUT_DIR, OPT_LIST_CHECKS };
    static const struct option longopts[] = {
        {"to", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"list-formats", no_argument, NULL, OPT_LIST},
        {"list-checks", no_argument, NULL, OPT_LIST_CHECKS},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {"compact", no_argument, NULL, OPT_COMPACT},
        {"fragment", no_argument, NULL, OPT_FRAGMENT},
        {"title", required_argument, NULL, OPT_TITLE},
        {"css", required_argument, NULL, OPT_CSS},
        {"css-href", required_argument, NULL, OPT_CSS_HREF},
        {"template", required_argument, NULL, OPT_TEMPLATE},
        {"bom", no_argument, NULL, OPT_BOM},
        {"check", no_argument, NULL, OPT_CHECK},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"diagnostics", required_argument, NULL, OPT_DIAGNOSTICS},
        {NULL, 0, NULL, 0},
    };
    const char *format = "json", *out_path = NULL, *out_dir = NULL, *encoding = NULL,
               *css_path = NULL, *template_path = NULL;
    ptc_emit_options eo = {0};
    run r = {0};
    bool check_command = argc > 1 && strcmp(argv[1], "check") == 0;
    if (check_command) {
        /* `ptconv check …`: getopt sees the rest as if it were the command line */
        argv++;
        argc--;
        r.check = true;
    }
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":t:o:qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 't': format = optarg; break;
        case 'o': out_path = optarg; break;
        case 'q': r.quiet = true; break;
        case 'v': r.verbose = true; break;
        case 'h': help(); return EXIT_CONVERTED;
        case OPT_VERSION:
            printf("ptconv %s (JSON contract %d)\n", PTCONV_VERSION, PTCONV_JSON_VERSION);
            return EXIT_CONVERTED;
        case OPT_LIST: list_formats(); return EXIT_CONVERTED;
        case OPT_LIST_CHECKS: list_checks(); return EXIT_CONVERTED;
        case OPT_ENCODING: encoding = optarg; break;
        case OPT_COMPACT: eo.compact = true; break;
        case OPT_FRAGMENT: eo.fragment = true; break;
        case OPT_TITLE: eo.title = optarg; break;
        case OPT_CSS: css_path = optarg; break;
        case OPT_CSS_HREF: eo.css_href = optarg; break;
        case OPT_TEMPLATE: template_path = optarg; break;
        case OPT_BOM: eo.bom = true; break;
        case OPT_CHECK: r.check = true; break;
        case OPT_STRICT: r.strict = true; break;
        case OPT_OUTPUT_DIR: out_dir = optarg; break;
        case OPT_DIAGNOSTICS:
            if (strcmp(optarg, "json") == 0) r.json_diagnostics = true;
            else if (strcmp(optarg, "text") != 0)
                return usage_error("--diagnostics takes \"text\" or \"json\", not '%s'", optarg);
            break;
        case ':': return usage_error("option '%s' needs an argument", argv[optind - 1]);
        default: return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!check_command) {
        r.emitter = ptc_emitter_find(format);
        if (!r.emitter) {
            fprintf(stderr, "%s: unknown output format '%s' (one of: ", prog, format);
            usage_formats(stderr);
            fprintf(stderr, ")\nTry '%s --help' for more information.\n", prog);
            return EXIT_USAGE;
        }
    } else if (out_path || out_dir) {
        return usage_error("%s", "`ptconv check` writes no output; -o and --output-dir do not apply");
    }
    if (r.quiet && r.verbose) return usage_error("%s", "--quiet and --verbose exclude each other");
    if (out_path && out_dir) return usage_error("%s", "-o and --output-dir exclude each other");
    if (encoding && !ptc_encoding_supported(encoding))
        return usage_error("unknown encoding '%s'", encoding);

    static const char *const stdin_only[] = {"-"};
    const char *const *inputs = optind < argc ? (const char *const *)argv + optind : stdin_only;
    size_t ninputs = optind < argc ? (size_t)(argc - optind) : 1;
    char **targets = NULL;
    if (out_dir) {
        /* Decide every output name before writing anything: two inputs with
           the same name would silently overwrite each other. */
        targets = calloc(ninputs, sizeof *targets);
        if (!targets) return EXIT_IO;
        int bad = 0;
        for (size_t i = 0; i < ninputs && !bad; i++) {
            targets[i] = derived_name(out_dir, inputs[i], r.emitter->extension);
            if (!targets[i]) {
                bad = usage_error("cannot derive an output name from '%s'", inputs[i]);
                break;
            }
            for (size_t j = 0; j < i; j++)
                if (strcmp(targets[i], targets[j]) == 0) {
                    fprintf(stderr, "%s: '%s' and '%s' would both be written to '%s'\n", prog,
                            inputs[j], inputs[i], targets[i]);
                    bad = EXIT_USAGE;
                }
        }
        if (bad) {
            for (size_t i = 0; i < ninputs; i++) free(targets[i]);
            free(targets);
            return bad;
        }
    }

    char *css = NULL, *template_text = NULL;
    size_t ignored;
    int status = EXIT_CONVERTED;
    if (css_path && !(css = read_file(css_path, &ignored))) {
        fprintf(stderr, "%s: error: cannot read: %s [io-error]\n", css_path, strerror(errno));
        status = EXIT_IO;
    }
    if (!status && template_path && !(template_text = read_file(template_path, &ignored))) {
        fprintf(stderr, "%s: error: cannot read: %s [io-error]\n", template_path, strerror(errno));
        status = EXIT_IO;
    }
    eo.css = css;
    eo.template_text = template_text;
    /* libxml2's globals are set up once here and released at exit; the
       library itself never does either, so embedders keep control. */
    xmlInitParser();
    char *chunk = malloc(READ_CHUNK);
    r.err = ptc_sink_file(stderr);
    if (!chunk || !r.err) status = EXIT_IO;

    if (!status && targets) {
        /* An archive: a failed input does not stop the others; the exit
           status reports the worst outcome. */
        for (size_t i = 0; i < ninputs; i++) {
            int one = convert_all(&r, inputs + i, 1, targets[i], encoding, &eo, chunk);
            if (one > status) status = one;
        }
    } else if (!status) {
        status = convert_all(&r, inputs, ninputs, out_path, encoding, &eo, chunk);
    }
    if (status == EXIT_CONVERTED && (r.errors || (r.strict && r.warnings))) status = EXIT_INPUT_ERRORS;
    if (r.err) {
        ptc_sink_flush(r.err);
        ptc_sink_free(r.err);
    }
    if (targets)
        for (size_t i = 0; i < ninputs; i++) free(targets[i]);
    free(targets);
    free(chunk);
    free(css);
    free(template_text);
    xmlCleanupParser();
    return status;
}

/*
 * ptconv: the command-line tool. It only wires options to the library:
 * read each input in chunks into a parser, hand each finished document to the
 * chosen emitter, print diagnostics to stderr, and map the outcome to an
 * exit status. This file: options and the main flow; cmd/convert.c: inputs
 * and diagnostics; cmd/output.c: -o FILE.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "cli.h"

const char *const prog = "ptconv";


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

int main(int argc, char **argv) {
    enum { OPT_ENCODING = 256, OPT_LIST, OPT_VERSION, OPT_COMPACT, OPT_FRAGMENT, OPT_TITLE, OPT_CSS,
           OPT_CSS_HREF, OPT_TEMPLATE, OPT_BOM, OPT_CHECK, OPT_STRICT, OPT_DIAGNOSTICS,
           OPT_OUTPUT_DIR };
    static const struct option longopts[] = {
        {"to", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"list-formats", no_argument, NULL, OPT_LIST},
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

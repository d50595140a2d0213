/*
 * ptconv: the command-line tool. It only wires options to the library:
 * read each input in chunks into a parser, hand each finished document to the
 * chosen emitter, print diagnostics to stderr, and map the outcome to an
 * exit status. This file: options and the main flow; cmd/convert.c: inputs
 * and diagnostics; cmd/output.c: -o FILE.
 */
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
           "       %s diff [-t text|json] [-f FORMAT] OLD NEW\n"
           "       %s help\n"
           "Convert the extracted text of budget performance-target announcements\n"
           "(绩效目标设置情况, 项目支出绩效目标批复表) into structured data.\n"
           "With no FILE, or when FILE is -, read standard input.\n"
           "\n"
           "Options:\n"
           "  -t, --to FORMAT       output format (default json): ",
           prog, prog, prog, prog);
    usage_formats(stdout);
    printf("\n"
           "  -f, --from FORMAT     input format: text (default: the announcement's text),\n"
           "                        json (ptconv's own -t json output, read whole) or\n"
           "                        jsonl (one document a line, streamed)\n"
           "  -o, --output FILE     write to FILE (replaced only when the conversion succeeds)\n"
           "      --output-dir DIR  write each input to DIR/NAME.EXT (NAME: the input's file\n"
           "                        name without its extension; stdin: \"stdin\")\n"
           "      --fsync           -o, --output-dir: flush each file to disk before it\n"
           "                        is renamed into place (slower; survives a power cut)\n"
           "      --encoding NAME   input encoding (any iconv name); default: detect\n"
           "                        from a BOM, else the data (UTF-8, UTF-16, GB18030)\n"
           "      --compact         json: write on one line\n"
           "      --fragment        html: write only the tables, no page around them\n"
           "      --title TEXT      html: page title\n"
           "      --css FILE        html: embed this stylesheet instead of the built-in one\n"
           "      --css-href URL    html: link this stylesheet instead of the built-in one\n"
           "      --template FILE   html: page template ({{title}} {{css}} {{toc}} {{body}})\n"
           "      --bom             csv: start with a UTF-8 byte order mark (for Excel)\n"
           "      --csv-raw         csv: write cells as they are; by default a cell that\n"
           "                        starts with = + - @ TAB or CR (and is not a number)\n"
           "                        gets a leading ' so spreadsheets do not run it\n"
           "      --check           also run the consistency checks (see `ptconv check`)\n"
           "      --strict          warnings make the exit status 1, like errors\n"
           "      --diagnostics FMT diagnostics as \"text\" (default) or \"json\" (one object\n"
           "                        per line)\n"
           "      --list-formats    list the output formats and exit\n"
           "      --list-checks     list the consistency checks (code, severity, meaning;\n"
           "                        TAB-separated) and exit\n"
           "      --rules FILE      add the rules in FILE to the built-in ones: one rule a\n"
           "                        line, TAB-separated, # starts a comment:\n"
           "                          field<TAB>KEY<TAB>LABEL   LABEL means field KEY\n"
           "                          column<TAB>ROLE<TAB>HEADER  a header for a column role\n"
           "                          grid<TAB>KEY<TAB>LABEL    LABEL heads a grid of figures\n"
           "                          skip<TAB>TEXT             a page-furniture line\n"
           "      --explain         instead of converting, write one line per input line:\n"
           "                        LINE, then TAB-separated the class, the rule and what\n"
           "                        the line fed (fields, cell roles, or a diagnostic)\n"
           "  -j, --jobs N          convert on N threads/processes (0: every core; default 1):\n"
           "                        with --output-dir, N inputs at a time; one input with\n"
           "                        many documents is cut at its 绩效目标设置情况 title lines\n"
           "                        and the parts converted at once (json, jsonl, xml,\n"
           "                        check; other formats go sequentially). Same bytes as -j 1\n"
           "      --stat            report bytes, documents, tables, indicators, time and\n"
           "                        MB/s on stderr when done (a note, code \"stat\")\n"
           "  -q, --quiet           print only errors (with --strict: and warnings)\n"
           "  -v, --verbose         also report the encoding and counts of each input\n"
           "  -h, --help            show this help and exit\n"
           "      --version         show the version and exit\n"
           "\n"
           "`ptconv check` reads the inputs, runs the consistency checks (counts, sums,\n"
           "table numbers, years, dates, rates, required fields, OCR repetitions) and\n"
           "writes only diagnostics. The command (check, diff, help) is the first argument\n"
           "that is not an option; a file named check is ./check, or after --.\n"
           "\n"
           "`ptconv diff OLD NEW` compares two announcements (text or JSON, decided by\n"
           "content unless -f says): tables matched by project and unit, else by number;\n"
           "added and removed projects, changed header fields, funds, goals, notes and\n"
           "indicators, each with its OLD and NEW positions. -t json for tools. Exit\n"
           "status 0 same, 1 different, 2 usage, 3 an input cannot be read.\n"
           "\n"
           "-o FILE and --output-dir never replace an input. An existing FILE keeps its\n"
           "mode; a symbolic link is followed; a device or FIFO is written directly.\n"
           "\n"
           "Diagnostics go to standard error as FILE:LINE:COL: severity: message [code]\n"
           "(COL counts characters); with --diagnostics json every line on standard\n"
           "error is a JSON object. Names that are not valid UTF-8 are shown with U+FFFD.\n"
           "\n"
           "Exit status:\n"
           "  0  converted\n"
           "  1  converted, but the input had errors (with --strict: or warnings)\n"
           "  2  usage error (also: an output would replace an input)\n"
           "  3  I/O or system error (nothing is written to -o FILE); with --output-dir\n"
           "     the other inputs are still converted, and the worst status is returned\n");
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

static void list_formats(void) {
    size_t n;
    const ptc_emitter *const *all = ptc_emitters(&n);
    for (size_t i = 0; i < n; i++)
        printf("%-6s .%-5s %-22s %s\n", all[i]->name, all[i]->extension, all[i]->media_type,
               all[i]->description);
}


enum {
    OPT_ENCODING = 256, OPT_LIST, OPT_VERSION, OPT_COMPACT, OPT_FRAGMENT, OPT_TITLE, OPT_CSS,
    OPT_CSS_HREF, OPT_TEMPLATE, OPT_BOM, OPT_CSV_RAW, OPT_CHECK, OPT_STRICT, OPT_DIAGNOSTICS,
    OPT_OUTPUT_DIR, OPT_LIST_CHECKS, OPT_RULES, OPT_EXPLAIN, OPT_STAT, OPT_FSYNC
};
static const struct option longopts[] = {
    {"to", required_argument, NULL, 't'},
    {"from", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"list-formats", no_argument, NULL, OPT_LIST},
    {"list-checks", no_argument, NULL, OPT_LIST_CHECKS},
    {"rules", required_argument, NULL, OPT_RULES},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
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
    {"csv-raw", no_argument, NULL, OPT_CSV_RAW},
    {"check", no_argument, NULL, OPT_CHECK},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"diagnostics", required_argument, NULL, OPT_DIAGNOSTICS},
    {"jobs", required_argument, NULL, 'j'},
    {"stat", no_argument, NULL, OPT_STAT},
    {"fsync", no_argument, NULL, OPT_FSYNC},
    {NULL, 0, NULL, 0},
};

/* What getopt_long rejected in argv[at], said so the user can fix it. */
static int bad_option(char **argv, int at, int c) {
    const char *arg = argv[at];
    if (strncmp(arg, "--", 2) == 0) {
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t n = eq ? (size_t)(eq - name) : strlen(name);
        char list[1024] = "";
        int count = 0;
        const struct option *only = NULL;
        for (const struct option *o = longopts; o->name; o++) {
            if (strncmp(o->name, name, n) != 0) continue;
            size_t used = strlen(list);
            snprintf(list + used, sizeof list - used, "%s--%s", count ? ", " : "", o->name);
            count++;
            only = o;
        }
        if (c == ':') return usage_error("option '--%.*s' needs an argument", (int)n, name);
        if (count > 1)
            return usage_error("option '--%.*s' is ambiguous; it could be %s", (int)n, name, list);
        if (count == 1 && eq && only->has_arg == no_argument)
            return usage_error("option '--%s' takes no argument", only->name);
        return usage_error("unknown option '--%.*s'", (int)n, name);
    }
    if (c == ':') return usage_error("option '-%c' needs an argument", optopt);
    if (strlen(arg) == 2) return usage_error("unknown option '%s'", arg);
    return usage_error("unknown option '-%c' in '%s' (a file whose name starts with '-' is "
                       "./%s, or put it after --)", optopt, arg, arg);
}

/* Whether --diagnostics json is on the command line, known before the
   options are parsed so that even an error about them is a JSON line. */
static bool wants_json(int argc, char **argv) {
    bool json = false;
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--diagnostics=json") == 0) json = true;
        else if (strcmp(argv[i], "--diagnostics=text") == 0) json = false;
        else if (strcmp(argv[i], "--diagnostics") == 0 && i + 1 < argc) {
            json = strcmp(argv[i + 1], "json") == 0;
            i++;
        }
    }
    return json;
}

/* --output-dir: every output name, decided before anything is written. Two
   inputs with the same name would overwrite each other, and no output may
   replace an input. NULL after reporting why (*status set). */
static char **plan_targets(const char *dir, const char *const *inputs, size_t n, const char *ext,
                           int *status) {
    char **targets = calloc(n, sizeof *targets);
    if (!targets) {
        *status = EXIT_IO;
        return NULL;
    }
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++) {
        targets[i] = derived_name(dir, inputs[i], ext);
        if (!targets[i]) {
            bad = usage_error("cannot derive an output name from '%s'", inputs[i]);
            break;
        }
        for (size_t j = 0; j < i && !bad; j++)
            if (strcmp(targets[i], targets[j]) == 0)
                bad = usage_error("'%s' and '%s' would both be written to '%s'", inputs[j],
                                  inputs[i], targets[i]);
    }
    for (size_t i = 0; i < n && !bad; i++)
        for (size_t j = 0; j < n && !bad; j++)
            if (output_same_file(targets[i], inputs[j]))
                bad = usage_error("the output for '%s', '%s', is the input '%s'; refusing to "
                                  "overwrite it (choose another --output-dir or -t)",
                                  inputs[i], targets[i], inputs[j]);
    if (!bad) return targets;
    for (size_t i = 0; i < n; i++) free(targets[i]);
    free(targets);
    *status = bad;
    return NULL;
}

/* A file the html options read, as valid UTF-8 (invalid bytes: U+FFFD). */
static char *read_text_option(const char *path) {
    size_t len;
    char *raw = read_file(path, &len);
    if (!raw) {
        report(PTC_SEV_ERROR, "io-error", path, "cannot read: %s", strerror(errno));
        return NULL;
    }
    char *text = utf8_sanitize(raw, len, NULL);
    free(raw);
    return text;
}

/* Everything the command line asks for. */
typedef struct settings {
    bool check_command;
    const char *format, *out_path, *out_dir, *encoding, *rules_path;
    const char *title, *css_path, *css_href, *template_path;
    const char **inputs;
    size_t ninputs;
} settings;

/* After the options: checks what they mean together, then converts. */
static int run_settings(run *r, settings *o, ptc_emit_options *eo) {
    if (r->explain) {
        if (o->out_path || o->out_dir)
            return usage_error("--explain writes to standard output; -o and --output-dir do not apply");
    } else if (!o->check_command) {
        r->emitter = ptc_emitter_find(o->format);
        if (!r->emitter) {
            char names[512] = "";
            size_t n;
            const ptc_emitter *const *all = ptc_emitters(&n);
            for (size_t i = 0; i < n; i++) {
                size_t used = strlen(names);
                snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", all[i]->name);
            }
            return usage_error("unknown output format '%s' (one of: %s)", o->format, names);
        }
    } else {
        r->check = true;
        if (o->out_path || o->out_dir)
            return usage_error("`ptconv check` writes no output; -o and --output-dir do not apply");
    }
    if (r->quiet && r->verbose) return usage_error("--quiet and --verbose exclude each other");
    if (o->out_path && o->out_dir) return usage_error("-o and --output-dir exclude each other");
    if (r->from_json && (o->encoding || o->rules_path || r->explain))
        return usage_error("--encoding, --rules and --explain apply to text input, not -f %s",
                           r->from_json == FROM_JSONL ? "jsonl" : "json");
    if (o->encoding && !ptc_encoding_supported(o->encoding))
        return usage_error("unknown encoding '%s'", o->encoding);

    static const char *const stdin_only[] = {"-"};
    const char *const *inputs = o->ninputs ? o->inputs : stdin_only;
    size_t ninputs = o->ninputs ? o->ninputs : 1;
    if (o->out_path && strcmp(o->out_path, "-") != 0)
        for (size_t i = 0; i < ninputs; i++)
            if (output_same_file(o->out_path, inputs[i]))
                return usage_error("-o '%s' is the input '%s'; refusing to overwrite it",
                                   o->out_path, inputs[i]);
    int status = EXIT_CONVERTED;
    char **targets = NULL;
    if (o->out_dir && !(targets = plan_targets(o->out_dir, inputs, ninputs, r->emitter->extension,
                                               &status)))
        return status;

    ptc_rules *rules = NULL;
    if (o->rules_path) {
        char err[1024];
        if (!(rules = ptc_rules_load(o->rules_path, err, sizeof err))) {
            /* err is a whole diagnostic: FILE:LINE:COL: error: message [code] */
            if (report_json()) report(PTC_SEV_ERROR, "rules-syntax", NULL, "%s", err);
            else fprintf(stderr, "%s\n", err);
            if (targets)
                for (size_t i = 0; i < ninputs; i++) free(targets[i]);
            free(targets);
            return EXIT_USAGE;
        }
        r->rules = rules;
    }
    char *css = NULL, *template_text = NULL, *title = NULL, *css_href = NULL;
    /* Options that end up in the page are valid UTF-8 like everything else. */
    if (o->css_path && !(css = read_text_option(o->css_path))) status = EXIT_IO;
    if (!status && o->template_path && !(template_text = read_text_option(o->template_path)))
        status = EXIT_IO;
    if (!status && o->title && !(title = display_name(o->title))) status = EXIT_IO;
    if (!status && o->css_href && !(css_href = display_name(o->css_href))) status = EXIT_IO;
    eo->css = css;
    eo->template_text = template_text;
    eo->title = title;
    eo->css_href = css_href;
    /* libxml2 is not used to write anything (emitters/xml.c writes XML
       itself), so it is never initialised. */
    char *chunk = malloc(READ_CHUNK);
    if (!chunk) status = EXIT_IO;
    output_install_signals();

    par_totals totals = {0};
    r->totals = &totals;
    r->files_total = ninputs;
    r->started = now_seconds();
    r->progress = isatty(STDERR_FILENO) && !r->explain;
    if (!status && targets && r->jobs > 1 && ninputs > 1) {
        /* An archive on -j processes, one input at a time each. */
        status = convert_files_parallel(r, inputs, targets, ninputs, o->encoding, eo, chunk);
    } else if (!status && targets) {
        /* An archive: an input that cannot be read is reported and the
           others are still converted; the exit status is the worst. */
        for (size_t i = 0; i < ninputs; i++) {
            int one = convert_all(r, inputs + i, 1, targets[i], o->encoding, eo, chunk);
            if (one > status) status = one;
        }
    } else if (!status) {
        status = convert_all(r, inputs, ninputs, o->out_path, o->encoding, eo, chunk);
    }
    progress_show(r, true);
    if (r->stat) {
        double secs = now_seconds() - r->started;
        report(PTC_SEV_NOTE, "stat", NULL,
               "%llu bytes, %llu documents, %llu tables, %llu indicators in %.3f s (%.1f MB/s)",
               (unsigned long long)totals.bytes, (unsigned long long)totals.documents,
               (unsigned long long)totals.tables, (unsigned long long)totals.indicators, secs,
               secs > 0 ? (double)totals.bytes / 1e6 / secs : 0.0);
    }
    r->totals = NULL;
    /* What makes this 1 has been printed, -q or not (see shown()). */
    if (status == EXIT_CONVERTED && (r->errors || (r->strict && r->warnings)))
        status = EXIT_INPUT_ERRORS;
    if (targets)
        for (size_t i = 0; i < ninputs; i++) free(targets[i]);
    free(targets);
    free(chunk);
    free(css);
    free(template_text);
    free(title);
    free(css_href);
    ptc_rules_free(rules);
    if (r->check_failed && status < EXIT_IO) {
        report(PTC_SEV_ERROR, "io-error", NULL, "out of memory in the consistency checks");
        status = EXIT_IO;
    }
    return status;
}

int main(int argc, char **argv) {
    /* Before anything is opened: a closed stdin/stdout/stderr would
       otherwise be the number the -o temporary file gets. */
    ensure_std_fds();
#ifdef __GLIBC__
    /* Each document's arena is freed when the document is written. With
       glibc's 128 KiB trim threshold the freed top of the heap went back to
       the kernel and the next document faulted it in again whenever its
       arena was the heap's last chunk: 33.7 k page faults and 0.11-0.16 s
       of system time per 100 MB of `check`, against 400 and 0.02 s with
       the top kept. The thresholds are fixed, not glibc's growing ones, so
       peak RSS stays the arena's peak (cmd/parallel.c's jobs need the
       same: buffers under 4 MiB come from the heap). */
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
    report_set_json(wants_json(argc, argv));

    settings o = {0};
    ptc_emit_options eo = {0};
    run r = {.jobs = 1};
    bool help_command = false, seen_operand = false, diff_cmd = false, from_given = false;
    o.inputs = calloc((size_t)argc + 1, sizeof *o.inputs);
    if (!o.inputs) return EXIT_IO;
    int c, at = optind;
    opterr = 0;
    /* "-": operands come back in order (as 1), so the first one can be the
       command wherever the options put it. */
    while ((c = getopt_long(argc, argv, "-:t:f:o:j:qvh", longopts, NULL)) != -1) {
        int status = -1;
        switch (c) {
        case 1:
            /* the command, if any: the first argument that is not an option */
            if (!seen_operand && strcmp(optarg, "check") == 0) o.check_command = true;
            else if (!seen_operand && strcmp(optarg, "help") == 0) help_command = true;
            else if (!seen_operand && strcmp(optarg, "diff") == 0) diff_cmd = true;
            else o.inputs[o.ninputs++] = optarg;
            seen_operand = true;
            break;
        case 't': o.format = optarg; break;
        case 'f':
            from_given = true;
            if (strcmp(optarg, "text") == 0) r.from_json = 0;
            else if (strcmp(optarg, "json") == 0) r.from_json = FROM_JSON;
            else if (strcmp(optarg, "jsonl") == 0) r.from_json = FROM_JSONL;
            else status = usage_error("unknown input format '%s' (one of: text, json, jsonl)", optarg);
            break;
        case 'o':
            if (!*optarg) status = usage_error("-o needs a file name, not an empty string");
            o.out_path = optarg;
            break;
        case 'j': {
            char *end = NULL;
            errno = 0;
            long n = strtol(optarg, &end, 10);
            if (!*optarg || *end || errno || n < 0 || n > 1024) {
                status = usage_error("-j takes a number of jobs from 0 (every core) to 1024, not '%s'", optarg);
                break;
            }
            if (n == 0) {
                long cores = sysconf(_SC_NPROCESSORS_ONLN);
                n = cores > 0 ? cores : 1;
            }
            r.jobs = (int)n;
            break;
        }
        case OPT_STAT: r.stat = true; break;
        case OPT_FSYNC: output_fsync = true; break;
        case 'q': r.quiet = true; break;
        case 'v': r.verbose = true; break;
        case 'h': help_command = true; break;
        case OPT_VERSION:
            printf("ptconv %s (JSON contract %d)\n", PTCONV_VERSION, PTCONV_JSON_VERSION);
            status = EXIT_CONVERTED;
            break;
        case OPT_LIST: list_formats(); status = EXIT_CONVERTED; break;
        case OPT_LIST_CHECKS: list_checks(); status = EXIT_CONVERTED; break;
        case OPT_RULES:
            if (!*optarg) status = usage_error("--rules needs a file name, not an empty string");
            o.rules_path = optarg;
            break;
        case OPT_EXPLAIN: r.explain = true; break;
        case OPT_ENCODING:
            if (!*optarg)
                status = usage_error("--encoding needs an encoding name (e.g. GB18030), not an "
                                     "empty string; leave it out to detect the encoding");
            o.encoding = optarg;
            break;
        case OPT_COMPACT: eo.compact = true; break;
        case OPT_FRAGMENT: eo.fragment = true; break;
        case OPT_TITLE: o.title = optarg; break;
        case OPT_CSS: o.css_path = optarg; break;
        case OPT_CSS_HREF: o.css_href = optarg; break;
        case OPT_TEMPLATE: o.template_path = optarg; break;
        case OPT_BOM: eo.bom = true; break;
        case OPT_CSV_RAW: eo.csv_raw = true; break;
        case OPT_CHECK: r.check = true; break;
        case OPT_STRICT: r.strict = true; break;
        case OPT_OUTPUT_DIR:
            if (!*optarg)
                status = usage_error("--output-dir needs a folder name, not an empty string "
                                     "(--output-dir . is the current folder)");
            o.out_dir = optarg;
            break;
        case OPT_DIAGNOSTICS:
            if (strcmp(optarg, "json") == 0) report_set_json(true);
            else if (strcmp(optarg, "text") == 0) report_set_json(false);
            else status = usage_error("--diagnostics takes \"text\" or \"json\", not '%s'", optarg);
            break;
        default: status = bad_option(argv, at, c); break;
        }
        if (status >= 0) {
            free(o.inputs);
            report_finish();
            return status;
        }
        at = optind;
    }
    while (optind < argc) o.inputs[o.ninputs++] = argv[optind++]; /* after -- */
    int status = EXIT_CONVERTED;
    if (help_command) help();
    else if (diff_cmd && (o.out_path || o.out_dir))
        status = usage_error("`ptconv diff` writes to standard output; -o and --output-dir do not apply");
    else if (diff_cmd)
        status = diff_command(o.format ? o.format : "text", from_given ? r.from_json : -1, o.inputs,
                              o.ninputs);
    else {
        if (!o.format) o.format = "json";
        status = run_settings(&r, &o, &eo);
    }
    free(o.inputs);
    report_finish();
    return status;
}

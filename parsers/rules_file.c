/*
 * Rules files (`--rules FILE`, README "Rules"): one rule a line, TAB-
 * separated, added to the built-in ones.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/normalize.h"
#include "parsers/rules_index.h"

/* ------------------------------------------------------------ rules files */

static int rules_error(char *err, size_t size, const char *path, unsigned line, unsigned col,
                       const char *msg) {
    if (err && size) snprintf(err, size, "%s:%u:%u: error: %s [rules-syntax]", path, line, col, msg);
    return -1;
}

static bool valid_key(const char *s) {
    if (!*s) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_' || (p > s && *p >= '0' && *p <= '9'))) return false;
    return true;
}

static const struct {
    const char *key;
    ptc_field_id field;
} known_fields[] = {
    {"project_name", PTC_FIELD_PROJECT_NAME}, {"department", PTC_FIELD_DEPARTMENT},
    {"executing_unit", PTC_FIELD_EXECUTING_UNIT}, {"project_type", PTC_FIELD_PROJECT_TYPE},
    {"period", PTC_FIELD_PERIOD}, {"funds", PTC_FIELD_FUNDS}, {"annual_goal", PTC_FIELD_GOAL},
    {"notes", PTC_FIELD_NOTES}, {"applicant", PTC_FIELD_APPLICANT},
    {"indicators", PTC_FIELD_INDICATORS},
};

static const struct {
    const char *name;
    ptc_column_role role;
} known_roles[] = {
    {"level", PTC_COL_LEVEL}, {"name", PTC_COL_NAME}, {"value", PTC_COL_VALUE},
    {"unit", PTC_COL_UNIT}, {"comparator", PTC_COL_COMPARATOR}, {"label", PTC_COL_LABEL},
};

/* One line of a rules file; 0 or -1 with `err` filled. */
static int add_file_line(ptc_rules *r, const char *path, unsigned lineno, char *line, char *err,
                         size_t err_size) {
    char *f[4] = {NULL};
    size_t nf = 0;
    unsigned col[4] = {1, 1, 1, 1};
    for (char *p = line; nf < 4;) {
        col[nf] = (unsigned)ptc_utf8_chars(line, (size_t)(p - line)) + 1;
        f[nf++] = p;
        char *tab = strchr(p, '\t');
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    char id[64];
    const char *base = strrchr(path, '/');
    snprintf(id, sizeof id, "%.48s:%u", base ? base + 1 : path, lineno);
    ptc_rule *rule;
    if (strcmp(f[0], "field") == 0 || strcmp(f[0], "column") == 0) {
        bool is_field = f[0][0] == 'f';
        if (nf != 3)
            return rules_error(err, err_size, path, lineno, nf > 3 ? col[3] : 1,
                               is_field ? "expected field<TAB>KEY<TAB>LABEL"
                                        : "expected column<TAB>ROLE<TAB>HEADER");
        if (!valid_key(f[1]))
            return rules_error(err, err_size, path, lineno, col[1],
                               "a key is lower-case ASCII letters, digits and '_'");
        if (ptc_is_blank(f[2], strlen(f[2])))
            return rules_error(err, err_size, path, lineno, col[2], "empty label");
        rule = ptc_rules_new_rule(r, is_field ? PTC_RULE_FIELD : PTC_RULE_COLUMN, id, f[1]);
        if (!rule) return rules_error(err, err_size, path, lineno, 1, "out of memory");
        if (is_field) {
            for (size_t i = 0; i < sizeof known_fields / sizeof known_fields[0]; i++)
                if (strcmp(f[1], known_fields[i].key) == 0) rule->field = known_fields[i].field;
        } else {
            rule->role = PTC_COL_EXTRA;
            for (size_t i = 0; i < sizeof known_roles / sizeof known_roles[0]; i++)
                if (strcmp(f[1], known_roles[i].name) == 0) rule->role = known_roles[i].role;
        }
        if (!ptc_rules_add_key(r, rule, f[2], strlen(f[2])))
            return rules_error(err, err_size, path, lineno, col[2], "label has no characters");
        return 0;
    }
    if (strcmp(f[0], "grid") == 0) {
        if (nf != 3) return rules_error(err, err_size, path, lineno, 1, "expected grid<TAB>KEY<TAB>LABEL");
        if (!valid_key(f[1]))
            return rules_error(err, err_size, path, lineno, col[1],
                               "a key is lower-case ASCII letters, digits and '_'");
        rule = ptc_rules_new_rule(r, PTC_RULE_GRID, id, f[1]);
        if (!rule || !ptc_rules_add_key(r, rule, f[2], strlen(f[2])))
            return rules_error(err, err_size, path, lineno, col[2], "empty label");
        return 0;
    }
    if (strcmp(f[0], "skip") == 0) {
        if (nf != 2) return rules_error(err, err_size, path, lineno, 1, "expected skip<TAB>TEXT");
        if (ptc_is_blank(f[1], strlen(f[1])))
            return rules_error(err, err_size, path, lineno, col[1], "empty text");
        rule = ptc_rules_new_rule(r, PTC_RULE_SKIP, id, "furniture");
        if (!rule || !ptc_rules_add_key(r, rule, f[1], strlen(f[1])))
            return rules_error(err, err_size, path, lineno, 1, "out of memory");
        return 0;
    }
    return rules_error(err, err_size, path, lineno, 1,
                       "unknown rule kind (expected field, column, grid or skip)");
}

ptc_rules *ptc_rules_load(const char *path, char *err, size_t err_size) {
    if (err && err_size) err[0] = '\0';
    ptc_rules *r = ptc_rules_new_builtin();
    if (!r) {
        if (err && err_size) snprintf(err, err_size, "out of memory");
        return NULL;
    }
    if (!path) return r;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (err && err_size)
            snprintf(err, err_size, "%s: error: cannot open: %s [rules-file]", path, strerror(errno));
        ptc_rules_free(r);
        return NULL;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned lineno = 0;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        if (lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) memmove(line, line + 3, (size_t)(n -= 3) + 1);
        if (memchr(line, '\0', (size_t)n)) {
            rc = rules_error(err, err_size, path, lineno, 1, "NUL byte in a rules file");
            break;
        }
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        if (ptc_is_blank(line, strlen(line))) continue;
        rc = add_file_line(r, path, lineno, line, err, err_size);
    }
    if (rc == 0 && ferror(fp))
        rc = rules_error(err, err_size, path, lineno, 1, "read error");
    free(line);
    fclose(fp);
    if (rc) {
        ptc_rules_free(r);
        return NULL;
    }
    return r;
}

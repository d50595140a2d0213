/*
 * Replays fuzz_ptconv inputs without libFuzzer, so any compiler (gcc in the
 * normal test build) can run the saved reproducers and the seed corpus:
 *
 *   fuzz_replay FILE_OR_DIR...
 *
 * Each file (each file in a directory, except *.md) is one input to
 * LLVMFuzzerTestOneInput; a broken property traps (the test fails), the
 * sanitizers of a sanitizer build report the rest. Prints how many inputs
 * ran; exits 1 when none did, so an empty corpus is not a pass.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long ran;

static int replay_file(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return 1;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(fp);
            return 1;
        }
        n += fread(buf + n, 1, cap - n, fp);
        if (n < cap) break;
        uint8_t *grown = realloc(buf, cap * 2);
        if (!grown) free(buf);
        buf = grown;
        cap *= 2;
    }
    fclose(fp);
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    ran++;
    return 0;
}

static int compare(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) return replay_file(path);
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        return 1;
    }
    char **names = NULL;
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || (len > 3 && strcmp(e->d_name + len - 3, ".md") == 0)) continue;
        char **grown = realloc(names, (count + 1) * sizeof *names);
        if (!grown) break;
        names = grown;
        names[count] = malloc(strlen(path) + len + 2);
        if (!names[count]) break;
        sprintf(names[count++], "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (count) qsort(names, count, sizeof *names, compare);
    int rc = 0;
    for (size_t i = 0; i < count; i++) {
        rc |= replay(names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv) {
    /* Few inputs: every sampled check (libxml2, the chunked parse, the
       other emitters) runs on every one of them, not on a sample. */
    setenv("PTC_FUZZ_ALL_CHECKS", "1", 0);
    LLVMFuzzerInitialize(&argc, &argv);
    int rc = 0;
    for (int i = 1; i < argc; i++) rc |= replay(argv[i]);
    printf("replay: %lu inputs, no property broken\n", ran);
    return rc || ran == 0;
}

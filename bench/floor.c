/*
 * The floor: the least any converter of this input must do. Reads stdin in
 * 64 KiB chunks (as ptconv does), splits it into lines (LF) and TAB cells,
 * counts them and prints the counts. bench/run divides ptconv's time by
 * this program's time. One plain byte loop, as a minimal splitter is written
 * (a memchr-based one is about twice as fast; the ratios say which is used).
 * Build: cc -O2 -o floor bench/floor.c
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define CHUNK (64u * 1024u)

int main(void) {
    static char buf[CHUNK];
    uint64_t bytes = 0, lines = 0, cells = 0;
    int in_line = 0;
    for (;;) {
        ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
        if (got < 0) return 3;
        if (got == 0) break;
        bytes += (uint64_t)got;
        for (ssize_t i = 0; i < got; i++) {
            char c = buf[i];
            if (!in_line) cells++, in_line = 1;
            if (c == '\t') cells++;
            else if (c == '\n') lines++, in_line = 0;
        }
    }
    if (in_line) lines++;
    printf("%llu bytes, %llu lines, %llu cells\n", (unsigned long long)bytes,
           (unsigned long long)lines, (unsigned long long)cells);
    return 0;
}

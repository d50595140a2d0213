/*
 * -o FILE: where the output goes (see cmd/cli.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int output_open(output *o, const char *path) {
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

int output_close(output *o, bool keep) {
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

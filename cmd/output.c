/*
 * -o FILE (and each --output-dir target): where the output goes.
 *
 * - A regular file (or a name that does not exist yet) is written to a
 *   temporary ".NAME.XXXXXX" beside it and renamed into place only when the
 *   conversion succeeds (fsync'ed first with --fsync), so a failed run never
 *   leaves half a file or clobbers the old one. A symbolic link is followed: the file it points
 *   to is replaced (the temporary file is made beside that file), the link
 *   stays. An existing file keeps its permission bits (and its owner and
 *   group where we may set them).
 * - Anything else that exists (a device such as /dev/null, a FIFO, a
 *   terminal) is opened and written directly: renaming over it would replace
 *   the device node with a regular file.
 * - SIGINT, SIGTERM, SIGHUP and SIGPIPE remove a pending temporary file
 *   before the signal takes its default action.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The temporary file the signal handler removes; set and cleared only with
   the signals blocked, so the handler never sees a half-made name. */
static const char *volatile pending_tmp;

bool output_fsync;
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
#define N_CLEANUP_SIGNALS (sizeof cleanup_signals / sizeof cleanup_signals[0])

static void on_signal(int sig) {
    /* async-signal-safe only: unlink, then die of the same signal
       (SA_RESETHAND restored the default action, SA_NODEFER lets it in) */
    const char *tmp = pending_tmp;
    if (tmp) unlink(tmp);
    raise(sig);
}

void output_install_signals(void) {
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++) {
        struct sigaction old, sa;
        if (sigaction(cleanup_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue; /* an ignored signal (nohup) stays ignored */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigaction(cleanup_signals[i], &sa, NULL);
    }
}

static void block_signals(sigset_t *old) {
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++) sigaddset(&set, cleanup_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old) { sigprocmask(SIG_SETMASK, old, NULL); }

/* The file a write to `path` reaches: `path` with every symbolic link on
   its last component followed (also a dangling one: its target is
   created). NULL on a loop or out of memory, errno set. */
char *output_resolve(const char *path) {
    char *cur = strdup(path);
    for (int hops = 0; cur && hops < 40; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode)) return cur;
        size_t cap = (size_t)st.st_size + 1 > 256 ? (size_t)st.st_size + 1 : 256;
        char *link = malloc(cap);
        ssize_t n = link ? readlink(cur, link, cap - 1) : -1;
        if (n < 0) {
            free(link);
            free(cur);
            return NULL;
        }
        link[n] = '\0';
        if (link[0] == '/') {
            free(cur);
            cur = link;
            continue;
        }
        const char *slash = strrchr(cur, '/');
        size_t dirlen = slash ? (size_t)(slash - cur) + 1 : 0;
        char *next = malloc(dirlen + (size_t)n + 1);
        if (next) {
            memcpy(next, cur, dirlen);
            memcpy(next + dirlen, link, (size_t)n + 1);
        }
        free(link);
        free(cur);
        cur = next;
    }
    if (cur) {
        free(cur);
        errno = ELOOP;
    }
    return NULL;
}

int output_open(output *o, const char *path, const char *shown) {
    memset(o, 0, sizeof *o);
    o->path = path;
    o->shown = shown;
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return 0;
    }
    o->target = output_resolve(path);
    if (!o->target) {
        report(PTC_SEV_ERROR, "io-error", shown, "cannot resolve: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    bool exists = stat(o->target, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        report(PTC_SEV_ERROR, "io-error", shown, "cannot write: %s", strerror(EISDIR));
        goto fail;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        int fd = open(o->target, O_WRONLY | O_NOCTTY);
        if (fd < 0 || !(o->fp = fdopen(fd, "wb"))) {
            report(PTC_SEV_ERROR, "io-error", shown, "cannot open: %s", strerror(errno));
            if (fd >= 0) close(fd);
            goto fail;
        }
        o->direct = true;
        return 0;
    }
    const char *slash = strrchr(o->target, '/');
    size_t dirlen = slash ? (size_t)(slash - o->target) + 1 : 0;
    size_t n = strlen(o->target) + 16;
    o->tmp_path = malloc(n);
    if (!o->tmp_path) goto fail;
    snprintf(o->tmp_path, n, "%.*s.%s.XXXXXX", (int)dirlen, o->target, o->target + dirlen);
    sigset_t old;
    block_signals(&old);
    int fd = mkstemp(o->tmp_path);
    if (fd >= 0) pending_tmp = o->tmp_path;
    restore_signals(&old);
    if (fd < 0) {
        report(PTC_SEV_ERROR, "io-error", shown, "cannot create a temporary file beside it: %s",
               strerror(errno));
        free(o->tmp_path);
        o->tmp_path = NULL;
        goto fail;
    }
    if (exists) {
        /* the replacement is the same file to everyone who could use it */
        if (fchown(fd, st.st_uid, st.st_gid) != 0) {
            /* not ours to give away: the file is then ours, as on create */
        }
        (void)fchmod(fd, st.st_mode & 07777);
    } else {
        /* mkstemp makes 0600; give the file the mode a plain create would */
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
    }
    o->fp = fdopen(fd, "wb");
    if (!o->fp) {
        close(fd);
        output_close(o, false);
        return -1;
    }
    return 0;
fail:
    free(o->target);
    o->target = NULL;
    return -1;
}

static void write_error(const output *o) {
    report(PTC_SEV_ERROR, "io-error", o->shown, "cannot write: %s", strerror(errno));
}

int output_close(output *o, bool keep) {
    int rc = 0;
    if (!o->tmp_path) {
        if (!o->fp) return -1;
        if (fflush(o->fp) != 0) {
            if (keep && o->direct) write_error(o);
            rc = -1;
        }
        if (o->direct && fclose(o->fp) != 0 && rc == 0) {
            if (keep) write_error(o);
            rc = -1;
        }
        free(o->target);
        return rc;
    }
    if (o->fp && (fflush(o->fp) != 0 || (output_fsync && fsync(fileno(o->fp)) != 0))) {
        if (keep) write_error(o);
        keep = false;
        rc = -1;
    }
    if (o->fp && fclose(o->fp) != 0 && keep) {
        write_error(o);
        keep = false;
        rc = -1;
    }
    sigset_t old;
    block_signals(&old);
    if (keep && rename(o->tmp_path, o->target) != 0) {
        report(PTC_SEV_ERROR, "io-error", o->shown, "cannot replace: %s", strerror(errno));
        keep = false;
        rc = -1;
    }
    if (!keep) unlink(o->tmp_path);
    pending_tmp = NULL;
    restore_signals(&old);
    free(o->tmp_path);
    free(o->target);
    return rc;
}

bool output_same_file(const char *target, const char *input) {
    struct stat t, i;
    if (stat(target, &t) != 0 || !S_ISREG(t.st_mode)) return false;
    int rc = strcmp(input, "-") == 0 ? fstat(STDIN_FILENO, &i) : stat(input, &i);
    return rc == 0 && t.st_dev == i.st_dev && t.st_ino == i.st_ino;
}

void ensure_std_fds(void) {
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        /* Opened the other way round, so using a closed stream still fails
           as it would have (EBADF), while no file we open can take its
           number and receive what was meant for it. */
        int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (got >= 0 && got != fd) close(got);
    }
}

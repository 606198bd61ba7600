/* LD_PRELOAD shim: make the real read/write calls on one file fail with a chosen errno.
 *
 * CSO_FAULT_PATH   the file's absolute path (compared with /proc/self/fd/N exactly)
 * CSO_FAULT_ERRNO  the errno to fail with (e.g. 5 = EIO, 28 = ENOSPC)
 * CSO_FAULT_OPS    "read", "write" or "readwrite"
 * CSO_FAULT_AFTER  let this many matching calls succeed first (default 0)
 *
 * SQLite's unix VFS calls pread64/pwrite64 (resolved through the dynamic linker), Python's
 * file objects call read/write: both pass through here, so the fault reaches the real call.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static long seen = 0;

static int should_fail(int fd, int is_write) {
    const char *target = getenv("CSO_FAULT_PATH");
    const char *ops = getenv("CSO_FAULT_OPS");
    if (!target || !ops) return 0;
    if (is_write ? !strstr(ops, "write") : !strstr(ops, "read")) return 0;
    char link[64], buf[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, buf, sizeof buf - 1);
    if (n < 0) return 0;
    buf[n] = 0;
    if (strcmp(buf, target) != 0) return 0;
    const char *after = getenv("CSO_FAULT_AFTER");
    if (seen++ < (after ? atol(after) : 0)) return 0;
    const char *code = getenv("CSO_FAULT_ERRNO");
    errno = code ? atoi(code) : EIO;
    return 1;
}

#define NEXT(name) static __typeof__(name) *real; if (!real) real = dlsym(RTLD_NEXT, #name)

ssize_t read(int fd, void *b, size_t n) { NEXT(read); return should_fail(fd, 0) ? -1 : real(fd, b, n); }
ssize_t pread(int fd, void *b, size_t n, off_t o) { NEXT(pread); return should_fail(fd, 0) ? -1 : real(fd, b, n, o); }
ssize_t pread64(int fd, void *b, size_t n, off_t o) { NEXT(pread64); return should_fail(fd, 0) ? -1 : real(fd, b, n, o); }
ssize_t write(int fd, const void *b, size_t n) { NEXT(write); return should_fail(fd, 1) ? -1 : real(fd, b, n); }
ssize_t pwrite(int fd, const void *b, size_t n, off_t o) { NEXT(pwrite); return should_fail(fd, 1) ? -1 : real(fd, b, n, o); }
ssize_t pwrite64(int fd, const void *b, size_t n, off_t o) { NEXT(pwrite64); return should_fail(fd, 1) ? -1 : real(fd, b, n, o); }

#if defined(__linux__)
#define _GNU_SOURCE
#include <fcntl.h>
#endif

#include "CHarmAtlasKernels.h"

void harmatlas_start_writeback(int descriptor, int64_t offset, int64_t count) {
#if defined(__linux__)
    (void)sync_file_range(descriptor, offset, count, SYNC_FILE_RANGE_WRITE);
#else
    (void)descriptor;
    (void)offset;
    (void)count;
#endif
}

int harmatlas_create_direct(const char *path) {
#if defined(__linux__)
    return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_DIRECT, 0644);
#else
    (void)path;
    return -1;
#endif
}

void harmatlas_end_direct(int descriptor) {
#if defined(__linux__)
    int flags = fcntl(descriptor, F_GETFL);
    if (flags >= 0) (void)fcntl(descriptor, F_SETFL, flags & ~O_DIRECT);
#else
    (void)descriptor;
#endif
}

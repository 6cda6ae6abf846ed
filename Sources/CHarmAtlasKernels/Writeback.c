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

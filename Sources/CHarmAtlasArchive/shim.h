#ifndef CHARMATLAS_ARCHIVE_SHIM_H
#define CHARMATLAS_ARCHIVE_SHIM_H

#include <archive.h>
#include <archive_entry.h>

/* Macros that are casts do not import into Swift; re-export them as constants. */
static const unsigned int charmatlas_ae_ifreg = AE_IFREG;
static const unsigned int charmatlas_ae_ifdir = AE_IFDIR;

/* syncfs is a GNU extension that Swift's Glibc module does not declare: one flush of a whole file system,
   used after unpacking many files. */
int syncfs(int fd);
static inline int charmatlas_syncfs(int fd) { return syncfs(fd); }

#endif

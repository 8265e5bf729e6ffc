/*
 * The boot archive: a cpio file in the "newc" format (what `cpio -o -H
 * newc` writes and Linux's initramfs reads), unpacked into the root
 * directory at boot.
 */
#ifndef TIDE_FS_CPIO_H
#define TIDE_FS_CPIO_H

#include "lib/types.h"

/*
 * Unpacks every entry of archive[0, len) under vfs_root(): directories,
 * regular files and symlinks with their permission bits; other types
 * (device nodes, fifos) are skipped.  Names may start with "./" or "/".
 * Entries are unpacked in order and a parent must come before its
 * children.  Returns 0 after "TRAILER!!!", -EINVAL for a truncated or
 * malformed archive (entries before the fault stay unpacked), -ENOMEM, or
 * what the file system said (-ENOENT for a missing parent, -EEXIST...).
 */
int cpio_unpack(const void *archive, size_t len);

#endif

/*
 * Helpers shared by sys_fs.c, sys_path.c and sys_fd.c (private to them):
 * fetching a user path and resolving it against a dirfd.
 */
#ifndef TIDE_FS_SYS_UTIL_H
#define TIDE_FS_SYS_UTIL_H

#include "fs/sys_fs.h"

/*
 * Copies the user string upath into a fresh page: 0 and *out set, or
 * -EFAULT, -ENAMETOOLONG (no NUL within PATH_MAX), -ENOMEM.  Free the
 * page with putname().  An empty string is returned as is.
 */
long getname(const char *upath, char **out);
void putname(char *path);

/* The directory a relative path starts from: cwd for AT_FDCWD, else the
 * directory open as dirfd (-EBADF, -ENOTDIR).  Not referenced. */
long dirfd_base(struct fs_context *c, int dirfd, const char *path,
		struct inode **base);

/* getname + dirfd_base + vfs_lookup; "" is -ENOENT.  *out referenced. */
long lookup_at(struct fs_context *c, int dirfd, const char *upath,
	       enum lookup_flags flags, struct inode **out);
/* getname + dirfd_base + vfs_lookup_parent.  Put pp->dir when done. */
long lookup_parent_at(struct fs_context *c, int dirfd, const char *upath,
		      struct path_parent *pp);

#endif

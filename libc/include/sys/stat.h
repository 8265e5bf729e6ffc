/* File status.  struct stat has Linux x86-64's layout (144 bytes), so the
 * kernel fills it directly. */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <bits/mode.h>
#include <bits/types.h>

struct stat {
	dev_t st_dev;		 /* 0 */
	ino_t st_ino;		 /* 8 */
	nlink_t st_nlink;	 /* 16 */
	mode_t st_mode;		 /* 24 */
	uid_t st_uid;		 /* 28 */
	gid_t st_gid;		 /* 32 */
	int __pad0;		 /* 36 */
	dev_t st_rdev;		 /* 40 */
	off_t st_size;		 /* 48 */
	blksize_t st_blksize;	 /* 56 */
	blkcnt_t st_blocks;	 /* 64: 512-byte units */
	struct timespec st_atim; /* 72 */
	struct timespec st_mtim; /* 88 */
	struct timespec st_ctim; /* 104 */
	long __reserved[3];	 /* 120..144 */
};

#define st_atime st_atim.tv_sec
#define st_mtime st_mtim.tv_sec
#define st_ctime st_ctim.tv_sec

#define S_ISREG(m)  (((m)&S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m)&S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m)&S_IFMT) == S_IFCHR)
#define S_ISBLK(m)  (((m)&S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m)&S_IFMT) == S_IFIFO)
#define S_ISLNK(m)  (((m)&S_IFMT) == S_IFLNK)
#define S_ISSOCK(m) (((m)&S_IFMT) == S_IFSOCK)

int stat(const char *restrict path, struct stat *restrict st);
int lstat(const char *restrict path, struct stat *restrict st);
int fstat(int fd, struct stat *st);
int fstatat(int dirfd, const char *restrict path, struct stat *restrict st,
	    int flags);
int mkdir(const char *path, mode_t mode);
int mkdirat(int dirfd, const char *path, mode_t mode);
int mknod(const char *path, mode_t mode, dev_t dev);
int mkfifo(const char *path, mode_t mode);
int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
mode_t umask(mode_t mask);

#endif

/*
 * The file system calls, in kernel terms.  Each takes the calling
 * process's fs_context instead of reaching for a global "current", so
 * host tests can call them directly.  Pointers named u* are user pointers
 * (copied with fs/hooks.h's copy_*_user: a bad one is -EFAULT).  Results
 * are Linux's: a value >= 0, or -errno.
 *
 * The syscall table (kernel/syscall/) fetches the arguments and calls
 * these; raising SIGPIPE on -EPIPE is its job too.
 */
#ifndef TIDE_FS_SYS_FS_H
#define TIDE_FS_SYS_FS_H

#include "fs/vfs.h"

struct fdtable;

/* One process's view of the file system. */
struct fs_context {
	struct fdtable *fdt;
	struct inode *cwd; /* referenced */
	uint32_t umask;
};

#define AT_FDCWD	    -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR	    0x200
#define AT_NO_AUTOMOUNT	    0x800
#define AT_EMPTY_PATH	    0x1000

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC	1

#define UIO_MAXIOV   1024	/* readv/writev's most elements */
#define MAX_RW_COUNT 0x7ffff000 /* Linux's cap on one read or write */

struct timespec64 {
	int64_t tv_sec, tv_nsec;
};

/* Linux x86-64's struct stat: 144 bytes. */
struct stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint64_t st_nlink;
	uint32_t st_mode;
	uint32_t st_uid;
	uint32_t st_gid;
	uint32_t pad0;
	uint64_t st_rdev;
	int64_t st_size;
	int64_t st_blksize;
	int64_t st_blocks; /* 512-byte units */
	struct timespec64 st_atim, st_mtim, st_ctim;
	int64_t unused[3];
};

/* sys_fs.c: opening, reading, writing */
long sys_open(struct fs_context *c, const char *upath, int flags,
	      uint32_t mode);
long sys_openat(struct fs_context *c, int dirfd, const char *upath, int flags,
		uint32_t mode);
long sys_close(struct fs_context *c, int fd);
long sys_read(struct fs_context *c, int fd, void *ubuf, size_t n);
long sys_write(struct fs_context *c, int fd, const void *ubuf, size_t n);
long sys_pread64(struct fs_context *c, int fd, void *ubuf, size_t n,
		 int64_t off);
long sys_pwrite64(struct fs_context *c, int fd, const void *ubuf, size_t n,
		  int64_t off);
long sys_readv(struct fs_context *c, int fd, const struct iovec *uiov,
	       int iovcnt);
long sys_writev(struct fs_context *c, int fd, const struct iovec *uiov,
		int iovcnt);
long sys_lseek(struct fs_context *c, int fd, int64_t off, int whence);
long sys_fsync(struct fs_context *c, int fd);
long sys_fdatasync(struct fs_context *c, int fd);
long sys_ftruncate(struct fs_context *c, int fd, int64_t len);
long sys_truncate(struct fs_context *c, const char *upath, int64_t len);
long sys_ioctl(struct fs_context *c, int fd, unsigned long cmd,
	       unsigned long arg);

/* sys_path.c: names and metadata */
long sys_fstat(struct fs_context *c, int fd, struct stat *ust);
long sys_stat(struct fs_context *c, const char *upath, struct stat *ust);
long sys_lstat(struct fs_context *c, const char *upath, struct stat *ust);
long sys_newfstatat(struct fs_context *c, int dirfd, const char *upath,
		    struct stat *ust, int flags);
long sys_access(struct fs_context *c, const char *upath, int mode);
long sys_faccessat(struct fs_context *c, int dirfd, const char *upath,
		   int mode);
long sys_chmod(struct fs_context *c, const char *upath, uint32_t mode);
long sys_fchmod(struct fs_context *c, int fd, uint32_t mode);
long sys_fchownat(struct fs_context *c, int dirfd, const char *upath,
		  uint32_t uid, uint32_t gid, int flags);
long sys_fchown(struct fs_context *c, int fd, uint32_t uid, uint32_t gid);
long sys_readlink(struct fs_context *c, const char *upath, char *ubuf,
		  size_t bufsiz);
long sys_unlink(struct fs_context *c, const char *upath);
long sys_unlinkat(struct fs_context *c, int dirfd, const char *upath,
		  int flags);
long sys_mkdir(struct fs_context *c, const char *upath, uint32_t mode);
long sys_mkdirat(struct fs_context *c, int dirfd, const char *upath,
		 uint32_t mode);
long sys_rmdir(struct fs_context *c, const char *upath);
long sys_getdents64(struct fs_context *c, int fd, void *udirp, size_t count);
long sys_getcwd(struct fs_context *c, char *ubuf, size_t size);
long sys_chdir(struct fs_context *c, const char *upath);
long sys_fchdir(struct fs_context *c, int fd);

/* sys_fd.c: descriptors */
long sys_dup(struct fs_context *c, int fd);
long sys_dup2(struct fs_context *c, int oldfd, int newfd);
long sys_dup3(struct fs_context *c, int oldfd, int newfd, int flags);
long sys_fcntl(struct fs_context *c, int fd, int cmd, unsigned long arg);
long sys_pipe(struct fs_context *c, int *ufds);
long sys_pipe2(struct fs_context *c, int *ufds, int flags);
long sys_umask(struct fs_context *c, uint32_t mask);

/* Fills *st for inode (fstat's and /proc's use). */
void vfs_stat(struct inode *inode, struct stat *st);

#endif

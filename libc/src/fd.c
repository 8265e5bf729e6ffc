/*
 * File descriptor and path system calls: one line each over the syscall
 * layer in internal.h.  Each returns what the kernel returns, or -1 with
 * errno set.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "internal.h"

ssize_t read(int fd, void *buf, size_t count)
{
	return SYSCALL3(read, fd, buf, count);
}

ssize_t write(int fd, const void *buf, size_t count)
{
	return SYSCALL3(write, fd, buf, count);
}

ssize_t pread(int fd, void *buf, size_t count, off_t offset)
{
	return SYSCALL4(pread64, fd, buf, count, offset);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
	return SYSCALL4(pwrite64, fd, buf, count, offset);
}

ssize_t pread64(int fd, void *buf, size_t count, off_t offset)
{
	return pread(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset)
{
	return pwrite(fd, buf, count, offset);
}

ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
	return SYSCALL3(readv, fd, iov, iovcnt);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	return SYSCALL3(writev, fd, iov, iovcnt);
}

off_t lseek(int fd, off_t offset, int whence)
{
	return SYSCALL3(lseek, fd, offset, whence);
}

off_t lseek64(int fd, off_t offset, int whence)
{
	return lseek(fd, offset, whence);
}

int close(int fd)
{
	return (int)SYSCALL1(close, fd);
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return (int)SYSCALL3(open, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return (int)SYSCALL4(openat, dirfd, path, flags, mode);
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

/* Every fcntl command takes at most one argument, an int or a pointer. */
int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return (int)SYSCALL3(fcntl, fd, cmd, arg);
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	long arg;

	va_start(ap, request);
	arg = va_arg(ap, long);
	va_end(ap);
	return (int)SYSCALL3(ioctl, fd, request, arg);
}

int dup(int fd)
{
	return (int)SYSCALL1(dup, fd);
}

int dup2(int oldfd, int newfd)
{
	return (int)SYSCALL2(dup2, oldfd, newfd);
}

int dup3(int oldfd, int newfd, int flags)
{
	return (int)SYSCALL3(dup3, oldfd, newfd, flags);
}

int pipe(int fds[2])
{
	return (int)SYSCALL1(pipe, fds);
}

int pipe2(int fds[2], int flags)
{
	return (int)SYSCALL2(pipe2, fds, flags);
}

int fsync(int fd)
{
	return (int)SYSCALL1(fsync, fd);
}

int fdatasync(int fd)
{
	return (int)SYSCALL1(fdatasync, fd);
}

int ftruncate(int fd, off_t length)
{
	return (int)SYSCALL2(ftruncate, fd, length);
}

int truncate(const char *path, off_t length)
{
	return (int)SYSCALL2(truncate, path, length);
}

/* A terminal is what answers TCGETS (the kernel's struct termios is 36
 * bytes; the buffer is larger to be safe).  Sets errno ENOTTY if not. */
int isatty(int fd)
{
	unsigned char termios[64];

	return ioctl(fd, TCGETS, termios) == 0;
}

int access(const char *path, int mode)
{
	return (int)SYSCALL2(access, path, mode);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	if (flags != 0) {
		errno =
		    EINVAL; /* only the plain form: the kernel has no flags */
		return -1;
	}
	return (int)SYSCALL3(faccessat, dirfd, path, mode);
}

int unlink(const char *path)
{
	return (int)SYSCALL1(unlink, path);
}

int unlinkat(int dirfd, const char *path, int flags)
{
	return (int)SYSCALL3(unlinkat, dirfd, path, flags);
}

int rmdir(const char *path)
{
	return (int)SYSCALL1(rmdir, path);
}

int link(const char *oldpath, const char *newpath)
{
	return (int)SYSCALL2(link, oldpath, newpath);
}

int symlink(const char *target, const char *linkpath)
{
	return (int)SYSCALL2(symlink, target, linkpath);
}

ssize_t readlink(const char *restrict path, char *restrict buf, size_t size)
{
	return SYSCALL3(readlink, path, buf, size);
}

int rename(const char *oldpath, const char *newpath)
{
	return (int)SYSCALL2(rename, oldpath, newpath);
}

int chdir(const char *path)
{
	return (int)SYSCALL1(chdir, path);
}

int fchdir(int fd)
{
	return (int)SYSCALL1(fchdir, fd);
}

/* The getcwd system call returns the length; the C function returns buf. */
char *getcwd(char *buf, size_t size)
{
	if (SYSCALL2(getcwd, buf, size) < 0)
		return NULL;
	return buf;
}

int chown(const char *path, uid_t owner, gid_t group)
{
	return (int)SYSCALL3(chown, path, owner, group);
}

int lchown(const char *path, uid_t owner, gid_t group)
{
	return (int)SYSCALL3(lchown, path, owner, group);
}

int fchown(int fd, uid_t owner, gid_t group)
{
	return (int)SYSCALL3(fchown, fd, owner, group);
}

int fchownat(int dirfd, const char *path, uid_t owner, gid_t group, int flags)
{
	return (int)SYSCALL5(fchownat, dirfd, path, owner, group, flags);
}

int stat(const char *restrict path, struct stat *restrict st)
{
	return (int)SYSCALL2(stat, path, st);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
	return (int)SYSCALL2(lstat, path, st);
}

int fstat(int fd, struct stat *st)
{
	return (int)SYSCALL2(fstat, fd, st);
}

int fstatat(int dirfd, const char *restrict path, struct stat *restrict st,
	    int flags)
{
	return (int)SYSCALL4(newfstatat, dirfd, path, st, flags);
}

int mkdir(const char *path, mode_t mode)
{
	return (int)SYSCALL2(mkdir, path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	return (int)SYSCALL3(mkdirat, dirfd, path, mode);
}

int mknod(const char *path, mode_t mode, dev_t dev)
{
	return (int)SYSCALL3(mknod, path, mode, dev);
}

int mkfifo(const char *path, mode_t mode)
{
	return mknod(path, (mode & ~S_IFMT) | S_IFIFO, 0);
}

int chmod(const char *path, mode_t mode)
{
	return (int)SYSCALL2(chmod, path, mode);
}

int fchmod(int fd, mode_t mode)
{
	return (int)SYSCALL2(fchmod, fd, mode);
}

/* umask cannot fail: the kernel returns the old mask. */
mode_t umask(mode_t mask)
{
	return (mode_t)__syscall1(SYS_umask, mask);
}

int mount(const char *source, const char *target, const char *fstype,
	  unsigned long flags, const void *data)
{
	return (int)SYSCALL5(mount, source, target, fstype, flags, data);
}

int umount2(const char *target, int flags)
{
	return (int)SYSCALL2(umount2, target, flags);
}

int umount(const char *target)
{
	return umount2(target, 0);
}

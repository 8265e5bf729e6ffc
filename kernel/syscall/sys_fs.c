/*
 * The file system calls' entry points: fetch the arguments and hand them,
 * with the calling process's fs_context, to fs/sys_fs.c, which does the
 * work.  A write to a pipe nobody reads raises SIGPIPE here.
 */
#include "fs/sys_fs.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include "proc/proc.h"
#include "syscall/syscall.h"
#include "syscall/uapi.h"
#include "lib/errno.h"

#define FS (&current->fs)

static long pipe_checked(long ret)
{
	if (ret == -EPIPE)
		signal_send(current, SIGPIPE);
	return ret;
}

SYSCALL_DEFINE3(read, int, fd, void *, buf, size_t, n)
{
	return sys_read(FS, fd, buf, n);
}

SYSCALL_DEFINE3(write, int, fd, const void *, buf, size_t, n)
{
	return pipe_checked(sys_write(FS, fd, buf, n));
}

SYSCALL_DEFINE3(open, const char *, path, int, flags, uint32_t, mode)
{
	return sys_open(FS, path, flags, mode);
}

SYSCALL_DEFINE4(openat, int, dirfd, const char *, path, int, flags, uint32_t,
		mode)
{
	return sys_openat(FS, dirfd, path, flags, mode);
}

SYSCALL_DEFINE1(close, int, fd)
{
	return sys_close(FS, fd);
}

SYSCALL_DEFINE2(stat, const char *, path, struct stat *, st)
{
	return sys_stat(FS, path, st);
}

SYSCALL_DEFINE2(fstat, int, fd, struct stat *, st)
{
	return sys_fstat(FS, fd, st);
}

SYSCALL_DEFINE2(lstat, const char *, path, struct stat *, st)
{
	return sys_lstat(FS, path, st);
}

SYSCALL_DEFINE4(newfstatat, int, dirfd, const char *, path, struct stat *, st,
		int, flags)
{
	return sys_newfstatat(FS, dirfd, path, st, flags);
}

SYSCALL_DEFINE3(lseek, int, fd, int64_t, off, int, whence)
{
	return sys_lseek(FS, fd, off, whence);
}

SYSCALL_DEFINE3(ioctl, int, fd, unsigned long, cmd, unsigned long, arg)
{
	return sys_ioctl(FS, fd, cmd, arg);
}

SYSCALL_DEFINE4(pread64, int, fd, void *, buf, size_t, n, int64_t, off)
{
	return sys_pread64(FS, fd, buf, n, off);
}

SYSCALL_DEFINE4(pwrite64, int, fd, const void *, buf, size_t, n, int64_t, off)
{
	return pipe_checked(sys_pwrite64(FS, fd, buf, n, off));
}

SYSCALL_DEFINE3(readv, int, fd, const struct iovec *, iov, int, n)
{
	return sys_readv(FS, fd, iov, n);
}

SYSCALL_DEFINE3(writev, int, fd, const struct iovec *, iov, int, n)
{
	return pipe_checked(sys_writev(FS, fd, iov, n));
}

SYSCALL_DEFINE2(access, const char *, path, int, mode)
{
	return sys_access(FS, path, mode);
}

SYSCALL_DEFINE3(faccessat, int, dirfd, const char *, path, int, mode)
{
	return sys_faccessat(FS, dirfd, path, mode);
}

SYSCALL_DEFINE1(pipe, int *, fds)
{
	return sys_pipe(FS, fds);
}

SYSCALL_DEFINE2(pipe2, int *, fds, int, flags)
{
	return sys_pipe2(FS, fds, flags);
}

SYSCALL_DEFINE1(dup, int, fd)
{
	return sys_dup(FS, fd);
}

SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	return sys_dup2(FS, oldfd, newfd);
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	return sys_dup3(FS, oldfd, newfd, flags);
}

SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, unsigned long, arg)
{
	return sys_fcntl(FS, fd, cmd, arg);
}

SYSCALL_DEFINE1(fsync, int, fd)
{
	return sys_fsync(FS, fd);
}

SYSCALL_DEFINE1(fdatasync, int, fd)
{
	return sys_fdatasync(FS, fd);
}

SYSCALL_DEFINE2(truncate, const char *, path, int64_t, len)
{
	return sys_truncate(FS, path, len);
}

SYSCALL_DEFINE2(ftruncate, int, fd, int64_t, len)
{
	return sys_ftruncate(FS, fd, len);
}

SYSCALL_DEFINE2(getcwd, char *, buf, size_t, size)
{
	return sys_getcwd(FS, buf, size);
}

/* Threads share cwd and umask (CLONE_FS): after a change, the others of
 * the group take current's. */
static long share_fs(long ret)
{
	if (ret < 0)
		return ret;
	for (struct proc *t = proc_next(NULL); t; t = proc_next(t)) {
		if (t == current || t->tgid != current->tgid || !t->fs.cwd)
			continue;
		inode_get(current->fs.cwd);
		inode_put(t->fs.cwd);
		t->fs.cwd = current->fs.cwd;
		t->fs.umask = current->fs.umask;
	}
	return ret;
}

SYSCALL_DEFINE1(chdir, const char *, path)
{
	return share_fs(sys_chdir(FS, path));
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	return share_fs(sys_fchdir(FS, fd));
}

SYSCALL_DEFINE2(mkdir, const char *, path, uint32_t, mode)
{
	return sys_mkdir(FS, path, mode);
}

SYSCALL_DEFINE3(mkdirat, int, dirfd, const char *, path, uint32_t, mode)
{
	return sys_mkdirat(FS, dirfd, path, mode);
}

SYSCALL_DEFINE1(rmdir, const char *, path)
{
	return sys_rmdir(FS, path);
}

SYSCALL_DEFINE1(unlink, const char *, path)
{
	return sys_unlink(FS, path);
}

SYSCALL_DEFINE3(unlinkat, int, dirfd, const char *, path, int, flags)
{
	return sys_unlinkat(FS, dirfd, path, flags);
}

SYSCALL_DEFINE3(readlink, const char *, path, char *, buf, size_t, size)
{
	return sys_readlink(FS, path, buf, size);
}

SYSCALL_DEFINE2(chmod, const char *, path, uint32_t, mode)
{
	return sys_chmod(FS, path, mode);
}

SYSCALL_DEFINE2(fchmod, int, fd, uint32_t, mode)
{
	return sys_fchmod(FS, fd, mode);
}

SYSCALL_DEFINE1(umask, uint32_t, mask)
{
	return share_fs(sys_umask(FS, mask));
}

SYSCALL_DEFINE3(getdents64, int, fd, void *, dirp, size_t, count)
{
	return sys_getdents64(FS, fd, dirp, count);
}

SYSCALL_DEFINE3(chown, const char *, path, uint32_t, uid, uint32_t, gid)
{
	return sys_fchownat(FS, AT_FDCWD, path, uid, gid, 0);
}

SYSCALL_DEFINE3(lchown, const char *, path, uint32_t, uid, uint32_t, gid)
{
	return sys_fchownat(FS, AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE3(fchown, int, fd, uint32_t, uid, uint32_t, gid)
{
	return sys_fchown(FS, fd, uid, gid);
}

SYSCALL_DEFINE5(fchownat, int, dirfd, const char *, path, uint32_t, uid,
		uint32_t, gid, int, flags)
{
	return sys_fchownat(FS, dirfd, path, uid, gid, flags);
}

#define MS_REMOUNT 32
#define MS_BIND	   4096
#define MS_MOVE	   8192

/* Looks up a user path into a referenced inode. */
static long lookup_user_path(const char *upath, struct inode **out)
{
	static char path[PATH_MAX];
	long n = strncpy_from_user(path, upath, sizeof(path));
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	return vfs_lookup(current->fs.cwd, path, LOOKUP_FOLLOW, out);
}

SYSCALL_DEFINE5(mount, const char *, source, const char *, target, const char *,
		fstype, unsigned long, flags, const void *, data)
{
	char type[16];
	struct inode *dir;
	(void)source, (void)data;
	if (flags & (MS_REMOUNT | MS_BIND | MS_MOVE))
		return -EINVAL; /* tide mounts new tmpfs instances only */
	long n = strncpy_from_user(type, fstype, sizeof(type));
	if (n == -EFAULT)
		return -EFAULT;
	if (n < 0 || strcmp(type, "tmpfs") != 0)
		return -ENODEV; /* no such file system type */
	long err = lookup_user_path(target, &dir);
	if (err)
		return err;
	err = vfs_mount_tmpfs(dir);
	inode_put(dir);
	return err;
}

SYSCALL_DEFINE2(umount2, const char *, target, int, flags)
{
	struct inode *root;
	if (flags & ~0xf)
		return -EINVAL; /* MNT_FORCE, MNT_DETACH, MNT_EXPIRE, NOFOLLOW */
	long err = lookup_user_path(target, &root);
	if (err)
		return err;
	err = vfs_umount(root);
	inode_put(root);
	return err;
}

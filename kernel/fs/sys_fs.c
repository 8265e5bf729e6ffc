/*
 * File system calls, part 1: open, read, write and friends.  Each checks
 * its arguments in Linux's order, one rule per line, then works through
 * vfs.h and the file's ops.  sys_path.c has the name-based calls,
 * sys_fd.c the descriptor ones.
 */
#include "fs/sys_util.h"
#include "fs/fdtable.h"
#include "fs/hooks.h"
#include "fs/vfs.h"
#include "mm/frame.h"
#include "mm/object.h"
#include "mm/phys.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Flags that belong to the open call, not to the open file (F_GETFL). */
#define OPEN_ONLY_FLAGS (O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)

#define IOV_BATCH 32 /* iovecs copied in at a time */

/* --- Helpers (sys_util.h) */

long getname(const char *upath, char **out)
{
	paddr_t page = frame_alloc(FRAME_DIRTY);
	long n;

	if (!page)
		return -ENOMEM;
	n = strncpy_from_user(phys_to_virt(page), upath, PATH_MAX);
	if (n < 0) {
		frame_put(page);
		return n;
	}
	*out = phys_to_virt(page);
	return 0;
}

void putname(char *path)
{
	frame_put(virt_to_phys(path));
}

long dirfd_base(struct fs_context *c, int dirfd, const char *path,
		struct inode **base)
{
	struct file *f;

	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*base = c->cwd;
		return 0;
	}
	f = fd_get(c->fdt, dirfd);
	if (!f)
		return -EBADF; /* dirfd not open */
	if (!S_ISDIR(f->inode->mode))
		return -ENOTDIR; /* dirfd is not a directory */
	*base = f->inode;
	return 0;
}

long lookup_at(struct fs_context *c, int dirfd, const char *upath,
	       enum lookup_flags flags, struct inode **out)
{
	struct inode *base;
	char *path;
	long err = getname(upath, &path);

	if (err < 0)
		return err;
	err = -ENOENT; /* the empty path */
	if (path[0])
		err = dirfd_base(c, dirfd, path, &base);
	if (err == 0)
		err = vfs_lookup(base, path, flags, out);
	putname(path);
	return err;
}

long lookup_parent_at(struct fs_context *c, int dirfd, const char *upath,
		      struct path_parent *pp)
{
	struct inode *base;
	char *path;
	long err = getname(upath, &path);

	if (err < 0)
		return err;
	err = -ENOENT; /* the empty path */
	if (path[0])
		err = dirfd_base(c, dirfd, path, &base);
	if (err == 0)
		err = vfs_lookup_parent(base, path, pp);
	putname(path);
	return err;
}

/* --- open */

static bool fd_table_full(struct fdtable *fdt)
{
	for (int fd = 0; fd < fdt->max_fds; fd++)
		if (!fd_get(fdt, fd))
			return false;
	return true;
}

/* O_CREAT: finds or makes the last component.  *out referenced. */
static long open_create(struct fs_context *c, int dirfd, const char *upath,
			int flags, uint32_t mode, struct inode **out)
{
	struct path_parent pp;
	long err = lookup_parent_at(c, dirfd, upath, &pp);

	if (err < 0)
		return err;
	if (pp.type != LAST_NORM || pp.trailing_slash) {
		err = -EISDIR; /* "/", ".", "..", "name/" */
		goto put_dir;
	}
	err = vfs_dir_lookup(pp.dir, pp.name, out);
	if (err == -ENOENT) {
		err =
		    vfs_create(pp.dir, pp.name, mode & ~c->umask & 07777, out);
		goto put_dir;
	}
	if (err < 0)
		goto put_dir;
	if ((flags & O_EXCL) || S_ISLNK((*out)->mode)) {
		inode_put(*out);
		if (flags & O_EXCL)
			err = -EEXIST; /* even a symlink: not followed */
		else if (flags & O_NOFOLLOW)
			err = -ELOOP;
		else /* a dangling link is -ENOENT (Linux creates its target) */
			err = lookup_at(c, dirfd, upath, LOOKUP_FOLLOW, out);
	}
put_dir:
	inode_put(pp.dir);
	return err;
}

/* The checks an existing inode must pass for these flags. */
static long may_open(struct inode *inode, int flags)
{
	int acc = flags & O_ACCMODE;

	if (S_ISLNK(inode->mode))
		return -ELOOP; /* O_NOFOLLOW on a symlink */
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->mode))
		return -ENOTDIR;
	if (S_ISDIR(inode->mode) &&
	    (acc != O_RDONLY || (flags & (O_CREAT | O_TRUNC))))
		return -EISDIR; /* directories are not written */
	return 0;
}

long sys_openat(struct fs_context *c, int dirfd, const char *upath, int flags,
		uint32_t mode)
{
	struct inode *inode;
	struct file *f;
	long err;

	if ((flags & O_CREAT) && (flags & O_DIRECTORY))
		return -EINVAL; /* Linux 6.4 on */
	if (fd_table_full(c->fdt))
		return -EMFILE; /* before creating anything */
	if (flags & O_CREAT)
		err = open_create(c, dirfd, upath, flags, mode, &inode);
	else
		err = lookup_at(c, dirfd, upath,
				(flags & O_NOFOLLOW) ? LOOKUP_NOFOLLOW
						     : LOOKUP_FOLLOW,
				&inode);
	if (err < 0)
		return err;
	err = may_open(inode, flags);
	if (err < 0)
		goto put_inode;
	if ((flags & O_TRUNC) && S_ISREG(inode->mode) && inode->obj)
		vm_object_truncate(inode->obj, 0); /* even O_RDONLY: Linux */
	err = file_open(inode, (flags & ~OPEN_ONLY_FLAGS) | O_LARGEFILE, &f);
	if (err < 0)
		goto put_inode;
	err =
	    fd_alloc(c->fdt, f, 0,
		     (flags & O_CLOEXEC) ? FD_CLOSE_ON_EXEC : FD_KEEP_ON_EXEC);
	if (err < 0)
		file_put(f);
put_inode:
	inode_put(inode);
	return err;
}

long sys_open(struct fs_context *c, const char *upath, int flags, uint32_t mode)
{
	return sys_openat(c, AT_FDCWD, upath, flags, mode);
}

long sys_close(struct fs_context *c, int fd)
{
	return fd_close(c->fdt, fd);
}

/* --- read and write */

/*
 * The file open as fd, if it may be read (-EBADF otherwise), with a
 * reference: a read may sleep (a pipe, the console), and another thread
 * sharing the fd table may close fd meanwhile.  file_put() when done.
 */
static long readable_fd(struct fs_context *c, int fd, struct file **out)
{
	struct file *f = fd_get(c->fdt, fd);

	if (!f || !file_readable(f))
		return -EBADF; /* not open, or not for reading */
	if (!f->ops->read && !S_ISDIR(f->inode->mode))
		return -EINVAL; /* a directory's is EISDIR, after EFAULT */
	file_get(f);
	*out = f;
	return 0;
}

/* The same for writing. */
static long writable_fd(struct fs_context *c, int fd, struct file **out)
{
	struct file *f = fd_get(c->fdt, fd);

	if (!f || !file_writable(f))
		return -EBADF; /* not open, or not for writing */
	if (!f->ops->write)
		return -EINVAL;
	file_get(f);
	*out = f;
	return 0;
}

/* Linux's rw_verify_area: a file with positions can't be read or
 * written across the largest offset (pipes have none to check). */
static bool span_ok(struct file *f, uint64_t pos, size_t n)
{
	return !f->ops->lseek || (int64_t)(pos + n) >= 0;
}

/* Linux's order after the descriptor: the buffer must be user space
 * (EFAULT, even for n == 0), then a directory gives EISDIR. */
static long read_checked(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
	if (!user_range_ok(ubuf, n))
		return -EFAULT;
	if (!span_ok(f, *pos, n))
		return -EINVAL;
	if (!f->ops->read)
		return -EISDIR;
	return f->ops->read(f, ubuf, MIN(n, MAX_RW_COUNT), pos);
}

static long write_checked(struct file *f, const void *ubuf, size_t n,
			  uint64_t *pos)
{
	if (!user_range_ok(ubuf, n))
		return -EFAULT; /* not in user space, even for n == 0 */
	if (!span_ok(f, *pos, n))
		return -EINVAL;
	return f->ops->write(f, ubuf, MIN(n, MAX_RW_COUNT), pos);
}

long sys_read(struct fs_context *c, int fd, void *ubuf, size_t n)
{
	struct file *f;
	long err = readable_fd(c, fd, &f);

	if (err < 0)
		return err;
	err = read_checked(f, ubuf, n, &f->pos);
	file_put(f);
	return err;
}

long sys_write(struct fs_context *c, int fd, const void *ubuf, size_t n)
{
	struct file *f;
	long err = writable_fd(c, fd, &f);

	if (err < 0)
		return err;
	err = write_checked(f, ubuf, n, &f->pos);
	file_put(f);
	return err;
}

long sys_pread64(struct fs_context *c, int fd, void *ubuf, size_t n,
		 int64_t off)
{
	struct file *f;
	uint64_t pos = (uint64_t)off;
	long err;

	if (off < 0)
		return -EINVAL; /* Linux checks this before the fd */
	f = fd_get(c->fdt, fd);
	if (!f)
		return -EBADF;
	if (!f->ops->lseek)
		return -ESPIPE; /* pipes and ttys have no offsets */
	err = readable_fd(c, fd, &f);
	if (err < 0)
		return err;
	err = read_checked(f, ubuf, n, &pos);
	file_put(f);
	return err;
}

long sys_pwrite64(struct fs_context *c, int fd, const void *ubuf, size_t n,
		  int64_t off)
{
	struct file *f;
	uint64_t pos = (uint64_t)off;
	long err;

	if (off < 0)
		return -EINVAL; /* Linux checks this before the fd */
	f = fd_get(c->fdt, fd);
	if (!f)
		return -EBADF;
	if (!f->ops->lseek)
		return -ESPIPE; /* pipes and ttys have no offsets */
	err = writable_fd(c, fd, &f);
	if (err < 0)
		return err;
	err = write_checked(f, ubuf, n, &pos);
	file_put(f);
	return err;
}

/* Checks a user iovec array as Linux's import_iovec: -EINVAL for a bad
 * count or a negative length, -EFAULT for an unreadable array or an
 * element outside user space. */
static long check_iovecs(const struct iovec *uiov, int iovcnt)
{
	struct iovec iov;

	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		return -EINVAL;
	for (int i = 0; i < iovcnt; i++) {
		if (copy_from_user(&iov, &uiov[i], sizeof(iov)) < 0)
			return -EFAULT;
		if (iov.iov_len > INT64_MAX)
			return -EINVAL; /* negative as a ssize_t */
		if (!user_range_ok(iov.iov_base, iov.iov_len))
			return -EFAULT;
	}
	return 0;
}

/* read or write per element, stopping at the first short transfer. */
static long rw_each(struct file *f, struct iovec *iov, int n, bool write)
{
	long total = 0;

	for (int i = 0; i < n; i++) {
		long got = write ? f->ops->write(f, iov[i].iov_base,
						 iov[i].iov_len, &f->pos)
				 : f->ops->read(f, iov[i].iov_base,
						iov[i].iov_len, &f->pos);
		if (got < 0)
			return total ? total : got;
		total += got;
		if ((size_t)got < iov[i].iov_len)
			break;
	}
	return total;
}

/* Moves one batch of iovecs through f: its readv/writev op if it has
 * one, else read/write per element.  Sets *short_io if the batch moved
 * fewer bytes than asked (the call then stops). */
static long rw_batch(struct file *f, struct iovec *iov, int n, bool write,
		     bool *short_io)
{
	size_t want = 0;
	long got;

	for (int i = 0; i < n; i++)
		want += iov[i].iov_len;
	if (write && f->ops->writev)
		got = f->ops->writev(f, iov, n);
	else if (!write && f->ops->readv)
		got = f->ops->readv(f, iov, n);
	else if (!write && !f->ops->read)
		got = want ? -EISDIR : 0; /* a directory */
	else
		got = rw_each(f, iov, n, write);
	*short_io = got < 0 || (size_t)got < want;
	return got;
}

static long do_rw_vector(struct file *f, const struct iovec *uiov, int iovcnt,
			 bool write)
{
	struct iovec iov[IOV_BATCH];
	long total = 0, err = check_iovecs(uiov, iovcnt);

	if (err < 0)
		return err;
	for (int i = 0; i < iovcnt; i += IOV_BATCH) {
		int n = MIN(iovcnt - i, IOV_BATCH);
		bool short_io;
		long got;

		if (copy_from_user(iov, &uiov[i], n * sizeof(iov[0])) < 0)
			return total ? total : -EFAULT;
		got = rw_batch(f, iov, n, write, &short_io);
		if (got < 0)
			return total ? total : got;
		total += got;
		if (short_io)
			break;
	}
	return total;
}

long sys_readv(struct fs_context *c, int fd, const struct iovec *uiov,
	       int iovcnt)
{
	struct file *f;
	long err = readable_fd(c, fd, &f);

	if (err < 0)
		return err;
	err = do_rw_vector(f, uiov, iovcnt, false);
	file_put(f);
	return err;
}

long sys_writev(struct fs_context *c, int fd, const struct iovec *uiov,
		int iovcnt)
{
	struct file *f;
	long err = writable_fd(c, fd, &f);

	if (err < 0)
		return err;
	err = do_rw_vector(f, uiov, iovcnt, true);
	file_put(f);
	return err;
}

long sys_lseek(struct fs_context *c, int fd, int64_t off, int whence)
{
	struct file *f = fd_get(c->fdt, fd);

	if (!f)
		return -EBADF;
	if (whence < SEEK_SET || whence > SEEK_MAX)
		return -EINVAL; /* before anything about the file, as Linux */
	if (!f->ops->lseek)
		return -ESPIPE; /* a pipe, the console */
	return f->ops->lseek(f, off, whence);
}

long sys_fsync(struct fs_context *c, int fd)
{
	struct file *f = fd_get(c->fdt, fd);

	if (!f)
		return -EBADF;
	if (!f->ops->fsync)
		return -EINVAL; /* pipes, ttys: nothing to sync */
	return f->ops->fsync(f);
}

long sys_fdatasync(struct fs_context *c, int fd)
{
	return sys_fsync(c, fd);
}

/* Sets a regular file's size, as truncate and ftruncate do. */
static long do_truncate(struct inode *inode, int64_t len)
{
	if (S_ISDIR(inode->mode))
		return -EISDIR;
	if (!S_ISREG(inode->mode) || !inode->obj)
		return -EINVAL; /* only tmpfs files have a size to set */
	vm_object_truncate(inode->obj, (uint64_t)len);
	return 0;
}

long sys_ftruncate(struct fs_context *c, int fd, int64_t len)
{
	struct file *f = fd_get(c->fdt, fd);

	if (len < 0)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (!file_writable(f) || !S_ISREG(f->inode->mode))
		return -EINVAL; /* Linux: not EBADF */
	return do_truncate(f->inode, len);
}

long sys_truncate(struct fs_context *c, const char *upath, int64_t len)
{
	struct inode *inode;
	long err;

	if (len < 0)
		return -EINVAL;
	err = lookup_at(c, AT_FDCWD, upath, LOOKUP_FOLLOW, &inode);
	if (err < 0)
		return err;
	err = do_truncate(inode, len);
	inode_put(inode);
	return err;
}

long sys_ioctl(struct fs_context *c, int fd, unsigned long cmd,
	       unsigned long arg)
{
	struct file *f = fd_get(c->fdt, fd);

	if (!f)
		return -EBADF;
	if (!f->ops->ioctl)
		return -ENOTTY; /* not a device that takes ioctls */
	return f->ops->ioctl(f, cmd, arg);
}

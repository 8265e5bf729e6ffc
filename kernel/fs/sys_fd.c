/*
 * File system calls, part 3: the ones about descriptors rather than
 * files: dup, dup2, dup3, fcntl, pipe, pipe2, and umask.
 */
#include "fs/sys_util.h"
#include "fs/fdtable.h"
#include "fs/hooks.h"
#include "fs/pipe.h"
#include "fs/vfs.h"
#include "lib/errno.h"

#define O_DIRECT 0x4000 /* accepted by pipe2, which ignores it */

/* Status flags F_SETFL may change; the others stay as open set them. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

static enum fd_cloexec cloexec_if(bool yes)
{
	return yes ? FD_CLOSE_ON_EXEC : FD_KEEP_ON_EXEC;
}

/* Another fd >= min_fd for the file open as fd. */
static long dup_from(struct fs_context *c, int fd, int min_fd,
		     enum fd_cloexec cloexec)
{
	struct file *f = fd_get(c->fdt, fd);
	long newfd;

	if (!f)
		return -EBADF;
	file_get(f);
	newfd = fd_alloc(c->fdt, f, min_fd, cloexec);
	if (newfd < 0)
		file_put(f);
	return newfd;
}

long sys_dup(struct fs_context *c, int fd)
{
	return dup_from(c, fd, 0, FD_KEEP_ON_EXEC);
}

long sys_dup3(struct fs_context *c, int oldfd, int newfd, int flags)
{
	struct file *f;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL; /* dup3, unlike dup2 */
	if (newfd < 0 || newfd >= c->fdt->max_fds)
		return -EBADF;
	f = fd_get(c->fdt, oldfd);
	if (!f)
		return -EBADF;
	file_get(f);
	fd_install(c->fdt, newfd, f, cloexec_if(flags & O_CLOEXEC));
	return newfd;
}

long sys_dup2(struct fs_context *c, int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fd_get(c->fdt, oldfd) ? newfd : -EBADF;
	return sys_dup3(c, oldfd, newfd, 0);
}

long sys_fcntl(struct fs_context *c, int fd, int cmd, unsigned long arg)
{
	struct file *f = fd_get(c->fdt, fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((int)arg < 0 || (int)arg >= c->fdt->max_fds)
			return -EINVAL; /* no fd can be that high */
		return dup_from(c, fd, (int)arg,
				cloexec_if(cmd == F_DUPFD_CLOEXEC));
	case F_GETFD:
		return fd_is_cloexec(c->fdt, fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fd_set_cloexec(c->fdt, fd, cloexec_if(arg & FD_CLOEXEC));
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		return 0;
	default:
		return -EINVAL; /* locks, owners, leases: not in tide */
	}
}

long sys_pipe2(struct fs_context *c, int *ufds, int flags)
{
	struct file *ends[2];
	int fds[2];
	enum fd_cloexec cloexec = cloexec_if(flags & O_CLOEXEC);
	long err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	err = pipe_create(flags & O_NONBLOCK, ends);
	if (err < 0)
		return err;
	fds[0] = fd_alloc(c->fdt, ends[0], 0, cloexec);
	if (fds[0] < 0) {
		file_put(ends[0]);
		file_put(ends[1]);
		return -EMFILE;
	}
	fds[1] = fd_alloc(c->fdt, ends[1], 0, cloexec);
	if (fds[1] < 0) {
		fd_close(c->fdt, fds[0]);
		file_put(ends[1]);
		return -EMFILE;
	}
	if (copy_to_user(ufds, fds, sizeof(fds)) < 0) {
		fd_close(c->fdt, fds[0]);
		fd_close(c->fdt, fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(struct fs_context *c, int *ufds)
{
	return sys_pipe2(c, ufds, 0);
}

long sys_umask(struct fs_context *c, uint32_t mask)
{
	uint32_t old = c->umask;

	c->umask = mask & 0777;
	return old;
}

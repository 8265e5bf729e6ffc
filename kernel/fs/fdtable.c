/*
 * File descriptor tables: see fdtable.h.  The slots are one kmalloc'd
 * array of FDTABLE_SIZE pointers (2 KiB, kmalloc's largest size).
 */
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "mm/kmalloc.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

struct fdtable *fdtable_new(void)
{
	struct fdtable *fdt = kzalloc(sizeof(*fdt));

	if (!fdt)
		return NULL;
	fdt->files = kzalloc(FDTABLE_SIZE * sizeof(struct file *));
	if (!fdt->files) {
		kfree(fdt);
		return NULL;
	}
	fdt->refcount = 1;
	fdt->max_fds = FDTABLE_SIZE;
	return fdt;
}

struct fdtable *fdtable_copy(struct fdtable *old)
{
	struct fdtable *fdt = fdtable_new();

	if (!fdt)
		return NULL;
	fdt->max_fds = old->max_fds;
	memcpy(fdt->cloexec, old->cloexec, sizeof(fdt->cloexec));
	for (int fd = 0; fd < FDTABLE_SIZE; fd++) {
		fdt->files[fd] = old->files[fd];
		if (fdt->files[fd])
			file_get(fdt->files[fd]);
	}
	return fdt;
}

void fdtable_get(struct fdtable *fdt)
{
	fdt->refcount++;
}

void fdtable_put(struct fdtable *fdt)
{
	BUG_ON(fdt->refcount == 0);
	if (--fdt->refcount > 0)
		return;
	for (int fd = 0; fd < FDTABLE_SIZE; fd++)
		if (fdt->files[fd])
			fd_close(fdt, fd);
	kfree(fdt->files);
	kfree(fdt);
}

void fdtable_close_on_exec(struct fdtable *fdt)
{
	for (int fd = 0; fd < FDTABLE_SIZE; fd++)
		if (fdt->files[fd] && fd_is_cloexec(fdt, fd))
			fd_close(fdt, fd);
}

struct file *fd_get(struct fdtable *fdt, int fd)
{
	if (fd < 0 || fd >= FDTABLE_SIZE)
		return NULL;
	return fdt->files[fd];
}

bool fd_is_cloexec(struct fdtable *fdt, int fd)
{
	return fdt->cloexec[fd / 64] & (1ULL << (fd % 64));
}

void fd_set_cloexec(struct fdtable *fdt, int fd, enum fd_cloexec cloexec)
{
	if (cloexec == FD_CLOSE_ON_EXEC)
		fdt->cloexec[fd / 64] |= 1ULL << (fd % 64);
	else
		fdt->cloexec[fd / 64] &= ~(1ULL << (fd % 64));
}

int fd_alloc(struct fdtable *fdt, struct file *f, int min_fd,
	     enum fd_cloexec cloexec)
{
	for (int fd = MAX(min_fd, 0); fd < fdt->max_fds; fd++) {
		if (!fdt->files[fd]) {
			fd_install(fdt, fd, f, cloexec);
			return fd;
		}
	}
	return -EMFILE;
}

void fd_install(struct fdtable *fdt, int fd, struct file *f,
		enum fd_cloexec cloexec)
{
	struct file *old;

	BUG_ON(fd < 0 || fd >= FDTABLE_SIZE);
	old = fdt->files[fd];
	fdt->files[fd] = f;
	fd_set_cloexec(fdt, fd, cloexec);
	if (old)
		file_put(old);
}

int fd_close(struct fdtable *fdt, int fd)
{
	struct file *f = fd_get(fdt, fd);

	if (!f)
		return -EBADF;
	fdt->files[fd] = NULL;
	fd_set_cloexec(fdt, fd, FD_KEEP_ON_EXEC);
	file_put(f);
	return 0;
}

/*
 * Glue between processes and fs/: see proc_fs.h.  Also the scheduler
 * hooks fs/ sleeps through (fs/hooks.h).
 */
#include "fs/fdtable.h"
#include "fs/hooks.h"
#include "fs/sys_fs.h"
#include "fs/vfs.h"
#include "mm/object.h"
#include "proc/proc.h"
#include "proc/proc_fs.h"
#include "proc/signal.h"
#include "lib/errno.h"
#include "lib/string.h"

int fs_wait(void *chan)
{
	sleep_on(chan);
	return signal_pending(current) ? -ERESTARTSYS : 0;
}

void fs_wakeup(void *chan)
{
	wakeup(chan);
}

int proc_fs_init(struct proc *p)
{
	struct inode *console;
	p->fs.fdt = fdtable_new();
	if (!p->fs.fdt)
		return -ENOMEM;
	p->fs.cwd = vfs_root();
	inode_get(p->fs.cwd);
	p->fs.umask = 022;
	int err =
	    vfs_lookup(vfs_root(), "/dev/console", LOOKUP_FOLLOW, &console);
	if (err)
		return err;
	for (int fd = 0; fd < 3 && !err; fd++) {
		struct file *f;
		err = file_open(console, O_RDWR, &f);
		if (!err && fd_alloc(p->fs.fdt, f, fd, FD_KEEP_ON_EXEC) != fd)
			err = -EMFILE;
	}
	inode_put(console);
	return err;
}

int proc_fs_fork(struct proc *child, struct proc *parent)
{
	child->fs.fdt = fdtable_copy(parent->fs.fdt);
	if (!child->fs.fdt)
		return -ENOMEM;
	child->fs.cwd = parent->fs.cwd;
	inode_get(child->fs.cwd);
	child->fs.umask = parent->fs.umask;
	return 0;
}

int proc_fs_thread(struct proc *t, struct proc *parent)
{
	t->fs.fdt = parent->fs.fdt;
	fdtable_get(t->fs.fdt);
	t->fs.cwd = parent->fs.cwd;
	inode_get(t->fs.cwd);
	t->fs.umask = parent->fs.umask;
	return 0;
}

void proc_fs_exec(struct proc *p)
{
	fdtable_close_on_exec(p->fs.fdt);
}

void proc_fs_release(struct proc *p)
{
	if (p->fs.fdt)
		fdtable_put(p->fs.fdt);
	if (p->fs.cwd)
		inode_put(p->fs.cwd);
	p->fs.fdt = NULL;
	p->fs.cwd = NULL;
}

int proc_open_exec(const char *kpath, struct vm_object **obj, char *abs,
		   size_t abs_len)
{
	struct inode *inode;
	int err = vfs_lookup(current->fs.cwd, kpath, LOOKUP_FOLLOW, &inode);
	if (err)
		return err;
	if (!S_ISREG(inode->mode) || !(inode->mode & 0111) || !inode->obj) {
		inode_put(inode);
		return -EACCES; /* not an executable regular file */
	}
	if (vfs_path(inode, abs, abs_len) < 0)
		strlcpy(abs, kpath, abs_len);
	*obj = inode->obj;
	vm_object_get(*obj);
	inode_put(inode);
	return 0;
}

long proc_fd_object(int fd, struct vm_object **obj, bool *readable,
		    bool *writable)
{
	struct file *f = fd_get(current->fs.fdt, fd);
	if (!f)
		return -EBADF;
	if (!file_readable(f))
		return -EACCES; /* Linux checks this before anything else */
	if (!S_ISREG(f->inode->mode) || !f->inode->obj)
		return -ENODEV; /* only regular files can be mapped */
	*readable = file_readable(f);
	*writable = file_writable(f);
	*obj = f->inode->obj;
	vm_object_get(*obj);
	return 0;
}

bool proc_fd_is_dev_zero(int fd)
{
	struct file *f = fd_get(current->fs.fdt, fd);
	return f && S_ISCHR(f->inode->mode) && f->inode->rdev == MKDEV(1, 5);
}

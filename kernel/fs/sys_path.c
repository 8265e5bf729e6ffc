/*
 * File system calls, part 2: the ones about names and metadata: stat,
 * access, chmod, readlink, mkdir, rmdir, unlink, getdents64, getcwd,
 * chdir.  See sys_fs.c for the shared rules.
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

/* --- stat */

void vfs_stat(struct inode *inode, struct stat *st)
{
	uint32_t major, minor;

	memset(st, 0, sizeof(*st));
	inode_dev(inode, &major, &minor);
	st->st_dev = MKDEV(major, minor);
	st->st_ino = inode->ino;
	st->st_nlink = inode->nlink;
	st->st_mode = inode->mode;
	st->st_uid = inode->uid;
	st->st_gid = inode->gid;
	st->st_rdev = inode->rdev;
	st->st_size = (int64_t)inode_size(inode);
	/* Linux's /proc files say 1024 (and stdio sizes buffers by it). */
	st->st_blksize = S_ISREG(inode->mode) && inode->fops ? 1024 : PAGE_SIZE;
	if (inode->obj)
		st->st_blocks = (int64_t)(vm_object_nr_pages(inode->obj) *
					  (PAGE_SIZE / 512));
}

static long stat_to_user(struct inode *inode, struct stat *ust)
{
	struct stat st;

	vfs_stat(inode, &st);
	return copy_to_user(ust, &st, sizeof(st));
}

long sys_fstat(struct fs_context *c, int fd, struct stat *ust)
{
	struct file *f = fd_get(c->fdt, fd);

	if (!f)
		return -EBADF;
	return stat_to_user(f->inode, ust);
}

long sys_newfstatat(struct fs_context *c, int dirfd, const char *upath,
		    struct stat *ust, int flags)
{
	struct inode *inode;
	char *path;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	err = getname(upath, &path);
	if (err < 0)
		return err;
	if (path[0] == '\0' && (flags & AT_EMPTY_PATH)) {
		putname(path);
		if (dirfd == AT_FDCWD)
			return stat_to_user(c->cwd, ust);
		return sys_fstat(c, dirfd, ust);
	}
	putname(path);
	err = lookup_at(c, dirfd, upath,
			(flags & AT_SYMLINK_NOFOLLOW) ? LOOKUP_NOFOLLOW
						      : LOOKUP_FOLLOW,
			&inode);
	if (err < 0)
		return err;
	err = stat_to_user(inode, ust);
	inode_put(inode);
	return err;
}

long sys_stat(struct fs_context *c, const char *upath, struct stat *ust)
{
	return sys_newfstatat(c, AT_FDCWD, upath, ust, 0);
}

long sys_lstat(struct fs_context *c, const char *upath, struct stat *ust)
{
	return sys_newfstatat(c, AT_FDCWD, upath, ust, AT_SYMLINK_NOFOLLOW);
}

/* --- access, chmod, readlink */

long sys_faccessat(struct fs_context *c, int dirfd, const char *upath, int mode)
{
	struct inode *inode;
	long err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	err = lookup_at(c, dirfd, upath, LOOKUP_FOLLOW, &inode);
	if (err < 0)
		return err;
	/* Root reads and writes anything, but executes only what has an x
	 * bit somewhere (directories are always searchable). */
	if ((mode & X_OK) && !S_ISDIR(inode->mode) && !(inode->mode & 0111))
		err = -EACCES;
	inode_put(inode);
	return err;
}

long sys_access(struct fs_context *c, const char *upath, int mode)
{
	return sys_faccessat(c, AT_FDCWD, upath, mode);
}

long sys_chmod(struct fs_context *c, const char *upath, uint32_t mode)
{
	struct inode *inode;
	long err = lookup_at(c, AT_FDCWD, upath, LOOKUP_FOLLOW, &inode);

	if (err < 0)
		return err;
	inode->mode = (inode->mode & S_IFMT) | (mode & 07777);
	inode_put(inode);
	return 0;
}

long sys_fchmod(struct fs_context *c, int fd, uint32_t mode)
{
	struct file *f = fd_get(c->fdt, fd);

	if (!f)
		return -EBADF;
	f->inode->mode = (f->inode->mode & S_IFMT) | (mode & 07777);
	return 0;
}

/* chown's work: -1 leaves an id alone; changing the owner of a file
 * clears its set-user-ID and set-group-ID bits, as Linux does. */
static void set_owner(struct inode *inode, uint32_t uid, uint32_t gid)
{
	if (uid != (uint32_t)-1)
		inode->uid = uid;
	if (gid != (uint32_t)-1)
		inode->gid = gid;
	if ((uid != (uint32_t)-1 || gid != (uint32_t)-1) &&
	    !S_ISDIR(inode->mode))
		inode->mode &= ~06000U;
}

long sys_fchownat(struct fs_context *c, int dirfd, const char *upath,
		  uint32_t uid, uint32_t gid, int flags)
{
	struct inode *inode;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = lookup_at(c, dirfd, upath,
			flags & AT_SYMLINK_NOFOLLOW ? LOOKUP_NOFOLLOW
						    : LOOKUP_FOLLOW,
			&inode);
	if (err < 0)
		return err;
	set_owner(inode, uid, gid);
	inode_put(inode);
	return 0;
}

long sys_fchown(struct fs_context *c, int fd, uint32_t uid, uint32_t gid)
{
	struct file *f = fd_get(c->fdt, fd);

	if (!f)
		return -EBADF;
	set_owner(f->inode, uid, gid);
	return 0;
}

long sys_readlink(struct fs_context *c, const char *upath, char *ubuf,
		  size_t bufsiz)
{
	struct inode *inode;
	paddr_t page;
	ssize_t n;
	long err;

	if ((int)bufsiz <= 0)
		return -EINVAL; /* Linux takes an int */
	err = lookup_at(c, AT_FDCWD, upath, LOOKUP_NOFOLLOW, &inode);
	if (err < 0)
		return err;
	err = -EINVAL; /* not a symlink */
	if (!S_ISLNK(inode->mode) || !inode->obj)
		goto put_inode;
	err = -ENOMEM;
	page = frame_alloc(FRAME_DIRTY);
	if (!page)
		goto put_inode;
	n = vm_object_read(inode->obj, 0, phys_to_virt(page),
			   MIN(bufsiz, PAGE_SIZE));
	err = copy_to_user(ubuf, phys_to_virt(page), n);
	if (err == 0)
		err = n; /* no NUL added, as readlink(2) */
	frame_put(page);
put_inode:
	inode_put(inode);
	return err;
}

/* --- mkdir, rmdir, unlink */

long sys_mkdirat(struct fs_context *c, int dirfd, const char *upath,
		 uint32_t mode)
{
	struct path_parent pp;
	long err = lookup_parent_at(c, dirfd, upath, &pp);

	if (err < 0)
		return err;
	if (pp.type != LAST_NORM)
		err = -EEXIST; /* "/", ".", ".." */
	else
		err =
		    vfs_mkdir(pp.dir, pp.name, mode & ~c->umask & 01777, NULL);
	inode_put(pp.dir);
	return err;
}

long sys_mkdir(struct fs_context *c, const char *upath, uint32_t mode)
{
	return sys_mkdirat(c, AT_FDCWD, upath, mode);
}

static long do_rmdir(struct fs_context *c, int dirfd, const char *upath)
{
	struct path_parent pp;
	long err = lookup_parent_at(c, dirfd, upath, &pp);

	if (err < 0)
		return err;
	if (pp.type == LAST_DOT)
		err = -EINVAL; /* rmdir(".") */
	else if (pp.type == LAST_DOTDOT)
		err = -ENOTEMPTY; /* rmdir(".."): Linux's answer */
	else if (pp.type == LAST_ROOT)
		err = -EBUSY; /* rmdir("/") */
	else
		err = vfs_rmdir(pp.dir, pp.name);
	inode_put(pp.dir);
	return err;
}

static long do_unlink(struct fs_context *c, int dirfd, const char *upath)
{
	struct path_parent pp;
	struct inode *victim;
	long err = lookup_parent_at(c, dirfd, upath, &pp);

	if (err < 0)
		return err;
	if (pp.type != LAST_NORM) {
		err = -EISDIR; /* unlink("/"), ".", ".." */
	} else if (pp.trailing_slash) {
		/* "name/": a directory is EISDIR, anything else ENOTDIR. */
		err = vfs_dir_lookup(pp.dir, pp.name, &victim);
		if (err == 0) {
			err = S_ISDIR(victim->mode) ? -EISDIR : -ENOTDIR;
			inode_put(victim);
		}
	} else {
		err = vfs_unlink(pp.dir, pp.name);
	}
	inode_put(pp.dir);
	return err;
}

long sys_unlinkat(struct fs_context *c, int dirfd, const char *upath, int flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if (flags & AT_REMOVEDIR)
		return do_rmdir(c, dirfd, upath);
	return do_unlink(c, dirfd, upath);
}

long sys_unlink(struct fs_context *c, const char *upath)
{
	return do_unlink(c, AT_FDCWD, upath);
}

long sys_rmdir(struct fs_context *c, const char *upath)
{
	return do_rmdir(c, AT_FDCWD, upath);
}

/* --- directories: getdents64, getcwd, chdir */

long sys_getdents64(struct fs_context *c, int fd, void *udirp, size_t count)
{
	struct file *f = fd_get(c->fdt, fd);

	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	return file_getdents(f, udirp, MIN(count, (size_t)INT32_MAX));
}

long sys_getcwd(struct fs_context *c, char *ubuf, size_t size)
{
	paddr_t page;
	long n;

	if (c->cwd->nlink == 0)
		return -ENOENT; /* the cwd has been removed */
	page = frame_alloc(FRAME_DIRTY);
	if (!page)
		return -ENOMEM;
	n = vfs_path(c->cwd, phys_to_virt(page), PATH_MAX);
	if (n == -ERANGE)
		n = -ENAMETOOLONG;
	else if (n >= 0 && (size_t)n + 1 > size)
		n = -ERANGE; /* the caller's buffer is too small */
	else if (n >= 0 && copy_to_user(ubuf, phys_to_virt(page), n + 1) < 0)
		n = -EFAULT;
	else if (n >= 0)
		n++; /* the syscall counts the NUL */
	frame_put(page);
	return n;
}

static void set_cwd(struct fs_context *c, struct inode *dir)
{
	inode_get(dir);
	inode_put(c->cwd);
	c->cwd = dir;
}

long sys_chdir(struct fs_context *c, const char *upath)
{
	struct inode *inode;
	long err = lookup_at(c, AT_FDCWD, upath, LOOKUP_FOLLOW, &inode);

	if (err < 0)
		return err;
	if (S_ISDIR(inode->mode))
		set_cwd(c, inode);
	else
		err = -ENOTDIR;
	inode_put(inode);
	return err;
}

long sys_fchdir(struct fs_context *c, int fd)
{
	struct file *f = fd_get(c->fdt, fd);

	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	set_cwd(c, f->inode);
	return 0;
}

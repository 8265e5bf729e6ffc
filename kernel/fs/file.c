/*
 * Open files: struct file's life, the file_ops of tmpfs regular files and
 * directories, and getdents64's record packing.
 *
 * A regular file reads and writes its vm_object through a small bounce
 * buffer: the object's helpers take kernel buffers, file_ops take user
 * pointers, and copy_to_user/copy_from_user bridge the two.
 *
 * Not here: fd numbers (fdtable.c), access checks and argument
 * validation (sys_fs.c), special files' ops (their owners).
 */
#include "fs/vfs.h"
#include "mm/kmalloc.h"
#include "mm/object.h"
#include "fs/hooks.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

#define BOUNCE_SIZE 512

/* getdents64 positions: 0 ".", 1 "..", 2 + seq the list's children, then
 * from COMPUTED_POS on, dir_ops->readdir's entries. */
#define COMPUTED_POS (1ULL << 40)

/* --- Regular tmpfs files */

static ssize_t reg_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
	struct vm_object *o = f->inode->obj;
	char bounce[BOUNCE_SIZE];
	size_t done = 0;

	while (done < n) {
		char *u = (char *)ubuf + done;
		size_t chunk =
		    MIN(MIN(n - done, sizeof(bounce)), user_page_left(u));
		ssize_t got = vm_object_read(o, *pos, bounce, chunk);
		if (got <= 0)
			break;
		if (copy_to_user(u, bounce, got) < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += got;
		*pos += got;
	}
	return (ssize_t)done;
}

/* *pos moves only if something was written, as Linux's: an O_APPEND
 * write that fails leaves the position where it was. */
static ssize_t reg_write(struct file *f, const void *ubuf, size_t n,
			 uint64_t *pos)
{
	struct vm_object *o = f->inode->obj;
	char bounce[BOUNCE_SIZE];
	/* O_APPEND: at the end, even for pwrite, as on Linux */
	uint64_t at = (f->flags & O_APPEND) ? o->size : *pos;
	size_t done = 0;

	while (done < n) {
		const char *u = (const char *)ubuf + done;
		size_t chunk =
		    MIN(MIN(n - done, sizeof(bounce)), user_page_left(u));
		ssize_t put;

		if (copy_from_user(bounce, u, chunk) < 0)
			break;
		put = vm_object_write(o, at + done, bounce, chunk);
		if (put < 0) {
			if (!done)
				return put;
			break;
		}
		done += put;
		if ((size_t)put < chunk)
			break; /* memory ran out */
	}
	if (!done)
		return n ? -EFAULT : 0;
	*pos = at + done;
	return (ssize_t)done;
}

static int reg_fsync(struct file *f)
{
	(void)f;
	return 0; /* memory is the disk */
}

/*
 * SEEK_DATA and SEEK_HOLE as tmpfs answers them: data is what the cache
 * holds, a page at a time; the end of the file is a hole.  An offset at or
 * past the end gives ENXIO.
 */
static int64_t seek_data_hole(struct file *f, int64_t off, int whence)
{
	struct vm_object *o = f->inode->obj;
	uint64_t size = o->size, pg, at;

	if (off < 0 || (uint64_t)off >= size)
		return -ENXIO;
	pg = (uint64_t)off >> PAGE_SHIFT;
	if (whence == SEEK_DATA) {
		uint64_t next = vm_object_next_page(o, pg);
		if (next >= PAGE_ALIGN_UP(size) >> PAGE_SHIFT)
			return -ENXIO; /* only holes from here on */
		at = next == pg ? (uint64_t)off : next << PAGE_SHIFT;
	} else {
		uint64_t hole = pg;
		while (vm_object_find_page(o, hole)) /* at most npages steps */
			hole++;
		at = hole == pg ? (uint64_t)off : MIN(hole << PAGE_SHIFT, size);
	}
	f->pos = at;
	return (int64_t)at;
}

static int64_t reg_lseek(struct file *f, int64_t off, int whence)
{
	if (whence == SEEK_DATA || whence == SEEK_HOLE)
		return seek_data_hole(f, off, whence);
	return file_lseek_generic(f, off, whence);
}

static const struct file_ops tmpfs_file_ops = {
    .read = reg_read,
    .write = reg_write,
    .lseek = reg_lseek,
    .fsync = reg_fsync,
};

int64_t file_lseek_generic(struct file *f, int64_t off, int whence)
{
	int64_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case SEEK_END:
		base = (int64_t)inode_size(f->inode);
		break;
	default:
		return -EINVAL; /* SEEK_DATA, SEEK_HOLE: see reg_lseek */
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL; /* the result would be negative or overflow */
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

/* --- Directories: only lseek (rewinddir, seekdir) and getdents64 */

static int64_t dir_lseek(struct file *f, int64_t off, int whence)
{
	if (whence == SEEK_END)
		return -EINVAL; /* as tmpfs: no end to seek to */
	return file_lseek_generic(f, off, whence);
}

static const struct file_ops tmpfs_dir_ops = {
    .lseek = dir_lseek,
    .fsync = reg_fsync,
};

/* --- struct file */

int file_open(struct inode *inode, uint32_t flags, struct file **out)
{
	struct file *f = kzalloc(sizeof(*f));
	int err;

	if (!f)
		return -ENOMEM;
	f->refcount = 1;
	f->flags = flags;
	f->inode = inode;
	if (inode->fops)
		f->ops = inode->fops;
	else if (S_ISDIR(inode->mode))
		f->ops = &tmpfs_dir_ops;
	else
		f->ops = &tmpfs_file_ops;
	inode_get(inode);
	if (f->ops->open) {
		err = f->ops->open(inode, f);
		if (err < 0) {
			inode_put(inode);
			kfree(f);
			return err;
		}
	}
	*out = f;
	return 0;
}

void file_get(struct file *f)
{
	BUG_ON(f->refcount == 0);
	f->refcount++;
}

void file_put(struct file *f)
{
	BUG_ON(f->refcount == 0);
	if (--f->refcount > 0)
		return;
	if (f->ops->release)
		f->ops->release(f);
	inode_put(f->inode);
	kfree(f);
}

bool file_readable(struct file *f)
{
	uint32_t acc = f->flags & O_ACCMODE;

	return acc == O_RDONLY || acc == O_RDWR;
}

bool file_writable(struct file *f)
{
	uint32_t acc = f->flags & O_ACCMODE;

	return acc == O_WRONLY || acc == O_RDWR;
}

/* --- getdents64 */

/* Linux's struct linux_dirent64: 19 bytes, then the name and its NUL,
 * padded to a multiple of 8. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off; /* the position of the next entry */
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
} __packed;

#define DIRENT_HEADER 19

unsigned mode_to_dtype(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return DT_REG;
	case S_IFDIR:
		return DT_DIR;
	case S_IFCHR:
		return DT_CHR;
	case S_IFLNK:
		return DT_LNK;
	case S_IFIFO:
		return DT_FIFO;
	default:
		return DT_UNKNOWN;
	}
}

static bool emit(struct dir_ctx *ctx, const char *name, uint64_t ino,
		 unsigned dtype, uint64_t next_pos)
{
	char rec[DIRENT_HEADER + NAME_MAX + 1 + 7];
	struct linux_dirent64 *d = (struct linux_dirent64 *)rec;
	size_t n = strlen(name);
	size_t reclen = (DIRENT_HEADER + n + 1 + 7) & ~7UL;

	if (ctx->error || n > NAME_MAX)
		return false;
	if (ctx->used + reclen > ctx->len) {
		if (ctx->used == 0)
			ctx->error = -EINVAL; /* not even one record fits */
		return false;
	}
	memset(rec, 0, reclen);
	d->d_ino = ino;
	d->d_off = (int64_t)next_pos;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = (uint8_t)dtype;
	memcpy(d->d_name, name, n);
	if (copy_to_user(ctx->ubuf + ctx->used, rec, reclen) < 0) {
		ctx->error = -EFAULT;
		return false;
	}
	ctx->used += reclen;
	return true;
}

bool dir_emit(struct dir_ctx *ctx, const char *name, uint64_t ino,
	      unsigned dtype)
{
	return emit(ctx, name, ino, dtype, ctx->base + ctx->pos + 1);
}

/* The list's children from position f->pos on; true if all were sent. */
static bool emit_children(struct file *f, struct dir_ctx *ctx)
{
	for (struct inode *c = f->inode->children; c; c = c->next) {
		if (2 + c->seq < f->pos)
			continue;
		if (!emit(ctx, c->name, c->ino, mode_to_dtype(c->mode),
			  2 + c->seq + 1))
			return false;
		f->pos = 2 + c->seq + 1;
	}
	return true;
}

long file_getdents(struct file *f, void *ubuf, size_t len)
{
	struct inode *dir = f->inode;
	struct dir_ctx ctx = {.ubuf = ubuf, .len = len};

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->nlink == 0)
		return -ENOENT; /* removed: Linux's IS_DEADDIR */
	if (f->pos == 0 && emit(&ctx, ".", dir->ino, DT_DIR, 1))
		f->pos = 1;
	if (f->pos == 1 &&
	    emit(&ctx, "..", (dir->parent ? dir->parent : dir)->ino, DT_DIR, 2))
		f->pos = 2;
	if (f->pos >= 2 && f->pos < COMPUTED_POS && emit_children(f, &ctx))
		f->pos = COMPUTED_POS;
	if (f->pos >= COMPUTED_POS && dir->dops && dir->dops->readdir &&
	    !ctx.error) {
		ctx.base = COMPUTED_POS;
		ctx.pos = f->pos - COMPUTED_POS;
		dir->dops->readdir(dir, &ctx);
		f->pos = COMPUTED_POS + ctx.pos;
	}
	if (ctx.used == 0 && ctx.error)
		return ctx.error;
	return (long)ctx.used;
}

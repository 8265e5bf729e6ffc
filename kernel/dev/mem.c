/*
 * The memory devices: /dev/null (reads end at once, writes vanish),
 * /dev/zero (reads zeros; mmap of it is anonymous memory, see sys_mm.c)
 * and /dev/urandom (reads pseudo-random bytes), with Linux's device
 * numbers (1,3), (1,5) and (1,9); and the /dev/shm directory.
 */
#include "arch/x86_64/x86.h"
#include "dev/dev.h"
#include "fs/vfs.h"
#include "mm/uaccess.h"
#include "lib/errno.h"

static ssize_t null_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
	(void)f, (void)ubuf, (void)n, (void)pos;
	return 0;
}

static ssize_t sink_write(struct file *f, const void *ubuf, size_t n,
			  uint64_t *pos)
{
	(void)f, (void)ubuf, (void)pos;
	return (ssize_t)n;
}

static ssize_t zero_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
	size_t done = 0;
	(void)f, (void)pos;
	/* Page by page, so a buffer running into a bad page reads short,
	 * as Linux's does; -EFAULT only if not even one page could be. */
	while (done < n) {
		char *u = (char *)ubuf + done;
		size_t k =
		    MIN(n - done, PAGE_SIZE - ((uintptr_t)u % PAGE_SIZE));
		if (clear_user(u, k) < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += k;
	}
	return (ssize_t)n;
}

static ssize_t urandom_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
	static uint64_t state = 0x9e3779b97f4a7c15ULL;
	(void)f, (void)pos;
	for (size_t done = 0; done < n;) {
		state ^= rdtsc();
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		uint64_t v = state ^ (state >> 33);
		size_t k = MIN(n - done, sizeof(v));
		if (copy_to_user((char *)ubuf + done, &v, k) < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += k;
	}
	return (ssize_t)n;
}

static int64_t stay_put(struct file *f, int64_t off, int whence)
{
	(void)f, (void)off, (void)whence;
	return 0; /* Linux: seeking these devices succeeds and does nothing */
}

static const struct file_ops null_ops = {
    .read = null_read, .write = sink_write, .lseek = stay_put};
static const struct file_ops zero_ops = {
    .read = zero_read, .write = sink_write, .lseek = stay_put};
static const struct file_ops urandom_ops = {
    .read = urandom_read, .write = sink_write, .lseek = stay_put};

int dev_init(void)
{
	int err = vfs_mknod_ops("/dev/console", S_IFCHR | 0600, MKDEV(5, 1),
				&console_ops, NULL);
	if (!err)
		err = vfs_mknod_ops("/dev/null", S_IFCHR | 0666, MKDEV(1, 3),
				    &null_ops, NULL);
	if (!err)
		err = vfs_mknod_ops("/dev/zero", S_IFCHR | 0666, MKDEV(1, 5),
				    &zero_ops, NULL);
	if (!err)
		err = vfs_mknod_ops("/dev/urandom", S_IFCHR | 0666, MKDEV(1, 9),
				    &urandom_ops, NULL);
	return err;
}

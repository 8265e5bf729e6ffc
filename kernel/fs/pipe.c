/*
 * Pipes: see pipe.h.  Both ends are files on one nameless S_IFIFO inode
 * whose priv is the struct pipe; the pipe goes when both ends are closed.
 * readv/writev are the real operations, so a call blocks at most until
 * its first byte moves, whatever its iovec count.
 */
#include "fs/pipe.h"
#include "fs/hooks.h"
#include "fs/vfs.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include "lib/errno.h"
#include "lib/string.h"

struct pipe {
	char *buf;	  /* PIPE_SIZE bytes: one frame */
	size_t head, len; /* the data is buf[head .. head + len), wrapping */
	int readers, writers;
};

/* Channels for fs_wait: readers wait for data, writers for room. */
static void *data_chan(struct pipe *p)
{
	return &p->len;
}

static void *room_chan(struct pipe *p)
{
	return &p->head;
}

static bool should_wait(struct file *f, ssize_t *err)
{
	if (f->flags & O_NONBLOCK) {
		*err = -EAGAIN;
		return false;
	}
	return true;
}

/*
 * Copies up to n bytes out of the ring to user memory.  All or nothing:
 * if the user buffer faults part way, nothing is consumed and the result
 * is -EFAULT, as Linux leaves a pipe buffer in place when its copy fails.
 */
static ssize_t ring_out(struct pipe *p, char *ubuf, size_t n)
{
	size_t first;

	n = MIN(n, p->len);
	first = MIN(n, PIPE_SIZE - p->head); /* up to the wrap */
	if (copy_to_user(ubuf, p->buf + p->head, first) < 0 ||
	    copy_to_user(ubuf + first, p->buf, n - first) < 0)
		return -EFAULT;
	p->head = (p->head + n) % PIPE_SIZE;
	p->len -= n;
	return (ssize_t)n;
}

/* Copies up to n bytes from user memory into the ring's free room; all
 * or nothing, like ring_out. */
static ssize_t ring_in(struct pipe *p, const char *ubuf, size_t n)
{
	size_t tail = (p->head + p->len) % PIPE_SIZE, first;

	n = MIN(n, PIPE_SIZE - p->len);
	first = MIN(n, PIPE_SIZE - tail);
	if (copy_from_user(p->buf + tail, ubuf, first) < 0 ||
	    copy_from_user(p->buf, ubuf + first, n - first) < 0)
		return -EFAULT;
	p->len += n;
	return (ssize_t)n;
}

static ssize_t pipe_readv(struct file *f, const struct iovec *iov, int n)
{
	struct pipe *p = f->inode->priv;
	ssize_t total = 0, err = 0;
	size_t want = 0;

	for (int i = 0; i < n; i++)
		want += iov[i].iov_len;
	if (want == 0)
		return 0;
	while (p->len == 0) {
		if (p->writers == 0)
			return 0; /* end of file */
		if (!should_wait(f, &err))
			return err;
		if ((err = fs_wait(data_chan(p))) < 0)
			return err;
	}
	for (int i = 0; i < n && p->len > 0; i++) {
		ssize_t got = ring_out(p, iov[i].iov_base, iov[i].iov_len);

		if (got < 0) {
			err = got;
			break;
		}
		total += got;
		if ((size_t)got < iov[i].iov_len)
			break;
	}
	if (total > 0)
		fs_wakeup(room_chan(p));
	return total ? total : err;
}

/* Waits for room: all n bytes if atomic, else any.  0 or -errno. */
static ssize_t wait_for_room(struct file *f, struct pipe *p, size_t need)
{
	ssize_t err = 0;

	while (PIPE_SIZE - p->len < need) {
		if (p->readers == 0)
			return -EPIPE;
		if (!should_wait(f, &err))
			return err;
		if ((err = fs_wait(room_chan(p))) < 0)
			return err;
	}
	return p->readers == 0 ? -EPIPE : 0;
}

static ssize_t pipe_writev(struct file *f, const struct iovec *iov, int n)
{
	struct pipe *p = f->inode->priv;
	size_t want = 0, total = 0;
	ssize_t err = 0;

	for (int i = 0; i < n; i++)
		want += iov[i].iov_len;
	if (want == 0)
		return 0;	/* even with no reader, as Linux */
	if (want <= PIPE_BUF) { /* atomic: all of it at once, or wait */
		err = wait_for_room(f, p, want);
		if (err < 0)
			return err;
	}
	for (int i = 0; i < n; i++) {
		size_t done = 0;

		while (done < iov[i].iov_len) {
			ssize_t put;

			err = wait_for_room(f, p, 1);
			if (err < 0)
				goto out;
			put = ring_in(p, (const char *)iov[i].iov_base + done,
				      iov[i].iov_len - done);
			if (put < 0) {
				err = put;
				goto out;
			}
			done += put;
			total += put;
			fs_wakeup(data_chan(p));
		}
	}
out:
	return total ? (ssize_t)total : err;
}

static ssize_t pipe_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
	struct iovec iov = {ubuf, n};

	(void)pos;
	return pipe_readv(f, &iov, 1);
}

static ssize_t pipe_write(struct file *f, const void *ubuf, size_t n,
			  uint64_t *pos)
{
	struct iovec iov = {(void *)ubuf, n};

	(void)pos;
	return pipe_writev(f, &iov, 1);
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->inode->priv;

	if (file_readable(f))
		p->readers--;
	else
		p->writers--;
	fs_wakeup(data_chan(p)); /* readers see EOF, writers EPIPE */
	fs_wakeup(room_chan(p));
	if (p->readers == 0 && p->writers == 0) {
		frame_put(virt_to_phys(p->buf));
		kfree(p);
	}
}

static const struct file_ops pipe_ops = {
    .read = pipe_read,
    .write = pipe_write,
    .readv = pipe_readv,
    .writev = pipe_writev,
    .release = pipe_release,
};

int pipe_create(uint32_t flags, struct file *ends[2])
{
	struct pipe *p = kzalloc(sizeof(*p));
	struct inode *inode = NULL;
	paddr_t page = frame_alloc(FRAME_DIRTY);

	if (!p || !page)
		goto fail;
	p->buf = phys_to_virt(page);
	inode = inode_new_anon(S_IFIFO | 0600, &pipe_ops, p);
	if (!inode)
		goto fail;
	if (file_open(inode, O_RDONLY | flags, &ends[0]) < 0)
		goto fail;
	p->readers = 1;
	if (file_open(inode, O_WRONLY | flags, &ends[1]) < 0) {
		file_put(ends[0]); /* frees p: no writer, no reader */
		inode_put(inode);
		return -ENOMEM;
	}
	p->writers = 1;
	inode_put(inode); /* the files hold it now */
	return 0;
fail:
	if (inode)
		inode_put(inode);
	if (page)
		frame_put(page);
	kfree(p);
	return -ENOMEM;
}

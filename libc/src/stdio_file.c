/*
 * FILE objects and their buffers: opening, closing, flushing, seeking and
 * the two primitives everything else uses, __stdio_write (into the
 * buffer, or straight to the fd) and __stdio_fill (a read() into the
 * buffer).  stdin and stdout have static buffers so that printing never
 * moves the program break; stderr is unbuffered.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "stdio_impl.h"

static unsigned char stdin_buf[BUFSIZ], stdout_buf[BUFSIZ];

static FILE stderr_file = {
    .fd = 2,
    .flags = F_WRITE | F_STATIC,
    .mode = _IONBF,
    .buf = &stderr_file.small,
    .size = 1,
    .ungot = EOF,
};
static FILE stdout_file = {
    .fd = 1,
    .flags = F_WRITE | F_STATIC,
    .mode = _IOLBF,
    .buf = stdout_buf,
    .size = sizeof(stdout_buf),
    .ungot = EOF,
    .next = &stderr_file,
};
static FILE stdin_file = {
    .fd = 0,
    .flags = F_READ | F_STATIC,
    .mode = _IOFBF,
    .buf = stdin_buf,
    .size = sizeof(stdin_buf),
    .ungot = EOF,
    .next = &stdout_file,
};

FILE *stdin = &stdin_file;
FILE *stdout = &stdout_file;
FILE *stderr = &stderr_file;

static FILE *open_files = &stdin_file;

void __stdio_link(FILE *f)
{
	f->next = open_files;
	open_files = f;
}

static void unlink_file(FILE *f)
{
	for (FILE **p = &open_files; *p; p = &(*p)->next) {
		if (*p == f) {
			*p = f->next;
			return;
		}
	}
}

/* write() until all n bytes are out; returns the bytes written. */
static size_t write_all(FILE *f, const unsigned char *p, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(f->fd, p + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			f->flags |= F_ERR;
			break;
		}
		done += (size_t)w;
	}
	return done;
}

/* Forgets read-ahead, moving the fd back to the stream's position so the
 * next write lands where the reader stopped (fails quietly on pipes). */
static void drop_read_ahead(FILE *f)
{
	off_t unread = (off_t)(f->rend - f->rpos) + (f->ungot != EOF);

	if (unread > 0)
		lseek(f->fd, -unread, SEEK_CUR);
	f->rpos = f->rend = 0;
	f->ungot = EOF;
}

/* Writes out pending output and drops read-ahead; 0 or EOF (F_ERR). */
int __stdio_flush(FILE *f)
{
	size_t n = f->wend;

	if (f->rpos < f->rend || f->ungot != EOF)
		drop_read_ahead(f);
	if (n == 0)
		return 0;
	f->wend = 0;
	return write_all(f, f->buf, n) == n ? 0 : EOF;
}

size_t __stdio_write(FILE *f, const void *data, size_t n)
{
	const unsigned char *p = data;

	if (!(f->flags & F_WRITE)) {
		f->flags |= F_ERR;
		errno = EBADF;
		return 0;
	}
	if (f->rpos < f->rend || f->ungot != EOF)
		drop_read_ahead(f);
	if (f->mode == _IONBF) {
		if (__stdio_flush(f) < 0)
			return 0;
		return write_all(f, p, n);
	}
	if (f->wend + n > f->size) {
		if (__stdio_flush(f) < 0)
			return 0;
		if (n >= f->size) /* too big to buffer: write it directly */
			return write_all(f, p, n);
	}
	memcpy(f->buf + f->wend, p, n);
	f->wend += n;
	if (f->mode == _IOLBF && memchr(p, '\n', n) && __stdio_flush(f) < 0)
		return 0;
	return n;
}

/*
 * Reads more input into the empty buffer.  Returns the bytes read, 0 at
 * end of file (F_EOF) or on error (F_ERR).  As in glibc, a line-buffered
 * stdout is flushed first, so a prompt appears before the program waits.
 */
int __stdio_fill(FILE *f)
{
	ssize_t n;

	if (!(f->flags & F_READ)) {
		f->flags |= F_ERR;
		errno = EBADF;
		return 0;
	}
	if (f->wend > 0 && __stdio_flush(f) < 0)
		return 0;
	if (stdout->mode == _IOLBF && stdout->wend > 0)
		__stdio_flush(stdout);
	do {
		n = read(f->fd, f->buf, f->size);
	} while (n < 0 && errno == EINTR);
	f->rpos = 0;
	f->rend = n > 0 ? (size_t)n : 0;
	if (n == 0)
		f->flags |= F_EOF;
	else if (n < 0)
		f->flags |= F_ERR;
	return n > 0 ? (int)n : 0;
}

void __stdio_flush_all(void)
{
	for (FILE *f = open_files; f; f = f->next)
		__stdio_flush(f);
}

int fflush(FILE *stream)
{
	int r = 0;

	if (stream)
		return __stdio_flush(stream);
	for (FILE *f = open_files; f; f = f->next) {
		if (f->wend > 0 && __stdio_flush(f) < 0)
			r = EOF;
	}
	return r;
}

/* Parses an fopen mode into open() flags; -1 (EINVAL) if invalid. */
static int mode_flags(const char *mode)
{
	int flags;

	switch (mode[0]) {
	case 'r':
		flags = O_RDONLY;
		break;
	case 'w':
		flags = O_WRONLY | O_CREAT | O_TRUNC;
		break;
	case 'a':
		flags = O_WRONLY | O_CREAT | O_APPEND;
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	for (const char *m = mode + 1; *m; m++) {
		if (*m == '+')
			flags = (flags & ~O_ACCMODE) | O_RDWR;
		else if (*m == 'e')
			flags |= O_CLOEXEC;
		else if (*m == 'x')
			flags |= O_EXCL;
	}
	return flags;
}

static void init_file(FILE *f, int fd, int flags, unsigned char *buf,
		      size_t size)
{
	int acc = flags & O_ACCMODE;

	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->flags =
	    (acc != O_WRONLY ? F_READ : 0) | (acc != O_RDONLY ? F_WRITE : 0);
	f->mode = _IOFBF;
	f->buf = buf;
	f->size = size;
	f->ungot = EOF;
}

/*
 * Makes a FILE for fd.  The FILE and its buffer are one malloc'd block;
 * the buffer is the file's preferred block size (st_blksize, as glibc
 * does; 1024 for /proc files on Linux), at most BUFSIZ.
 */
static FILE *file_for_fd(int fd, int flags)
{
	struct stat st;
	size_t size = BUFSIZ;
	FILE *f;

	if (fstat(fd, &st) == 0 && st.st_blksize > 0 && st.st_blksize < BUFSIZ)
		size = (size_t)st.st_blksize;
	f = malloc(sizeof(*f) + size);
	if (f == NULL)
		return NULL;
	init_file(f, fd, flags, (unsigned char *)(f + 1), size);
	__stdio_link(f);
	return f;
}

FILE *fopen(const char *restrict path, const char *restrict mode)
{
	int flags = mode_flags(mode);
	int fd;
	FILE *f;

	if (flags < 0)
		return NULL;
	fd = open(path, flags, 0666);
	if (fd < 0)
		return NULL;
	f = file_for_fd(fd, flags);
	if (f == NULL)
		close(fd);
	return f;
}

FILE *fdopen(int fd, const char *mode)
{
	int flags = mode_flags(mode);

	if (flags < 0)
		return NULL;
	if (flags & O_APPEND)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_APPEND);
	return file_for_fd(fd, flags);
}

/* Reopens path on the same FILE (a NULL path is not supported). */
FILE *freopen(const char *restrict path, const char *restrict mode,
	      FILE *restrict stream)
{
	int flags = mode_flags(mode);
	int fd;

	__stdio_flush(stream);
	if (path == NULL || flags < 0) {
		errno = EINVAL;
		return NULL;
	}
	fd = open(path, flags, 0666);
	if (fd < 0)
		return NULL;
	if (fd != stream->fd) {
		dup2(fd, stream->fd);
		close(fd);
	}
	stream->flags &= ~(F_READ | F_WRITE | F_EOF | F_ERR);
	stream->flags |= ((flags & O_ACCMODE) != O_WRONLY ? F_READ : 0) |
			 ((flags & O_ACCMODE) != O_RDONLY ? F_WRITE : 0);
	stream->rpos = stream->rend = stream->wend = 0;
	stream->ungot = EOF;
	return stream;
}

int fclose(FILE *stream)
{
	int r = __stdio_flush(stream);

	if (close(stream->fd) < 0)
		r = EOF;
	unlink_file(stream);
	if (stream->flags & F_FREE_BUF)
		free(stream->buf);
	if (!(stream->flags & F_STATIC))
		free(stream);
	return r;
}

/* Must come before any I/O on the stream.  Returns 0, or -1 if mode is
 * invalid or no buffer could be allocated. */
int setvbuf(FILE *restrict stream, char *restrict buf, int mode, size_t size)
{
	unsigned char *nbuf = (unsigned char *)buf;
	unsigned nflags = 0;

	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF)
		return -1;
	__stdio_flush(stream);
	if (mode == _IONBF) {
		nbuf = &stream->small;
		size = 1;
	} else if (nbuf == NULL) {
		if (size == 0)
			size = BUFSIZ;
		nbuf = malloc(size);
		if (nbuf == NULL)
			return -1;
		nflags = F_FREE_BUF;
	} else if (size == 0) {
		return -1;
	}
	if (stream->flags & F_FREE_BUF)
		free(stream->buf);
	stream->flags = (stream->flags & ~F_FREE_BUF) | nflags;
	stream->buf = nbuf;
	stream->size = size;
	stream->mode = mode;
	return 0;
}

void setbuf(FILE *restrict stream, char *restrict buf)
{
	setvbuf(stream, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

void setlinebuf(FILE *stream)
{
	setvbuf(stream, NULL, _IOLBF, 0);
}

int fileno(FILE *stream)
{
	return stream->fd;
}

int feof(FILE *stream)
{
	return (stream->flags & F_EOF) != 0;
}

int ferror(FILE *stream)
{
	return (stream->flags & F_ERR) != 0;
}

void clearerr(FILE *stream)
{
	stream->flags &= ~(F_EOF | F_ERR);
}

int fseeko(FILE *stream, off_t offset, int whence)
{
	if (whence == SEEK_CUR) /* relative to what the reader has seen */
		offset -= (off_t)(stream->rend - stream->rpos) +
			  (stream->ungot != EOF);
	if (stream->wend > 0 && __stdio_flush(stream) < 0)
		return -1;
	if (lseek(stream->fd, offset, whence) < 0)
		return -1;
	stream->rpos = stream->rend = 0;
	stream->ungot = EOF;
	stream->flags &= ~F_EOF;
	return 0;
}

int fseek(FILE *stream, long offset, int whence)
{
	return fseeko(stream, offset, whence);
}

off_t ftello(FILE *stream)
{
	off_t pos = lseek(stream->fd, 0, SEEK_CUR);

	if (pos < 0)
		return -1;
	return pos - (off_t)(stream->rend - stream->rpos) -
	       (stream->ungot != EOF) + (off_t)stream->wend;
}

long ftell(FILE *stream)
{
	return ftello(stream);
}

void rewind(FILE *stream)
{
	fseek(stream, 0, SEEK_SET);
	clearerr(stream);
}

int fgetpos(FILE *restrict stream, fpos_t *restrict pos)
{
	off_t off = ftello(stream);

	if (off < 0)
		return -1;
	*pos = off;
	return 0;
}

int fsetpos(FILE *stream, const fpos_t *pos)
{
	return fseeko(stream, *pos, SEEK_SET);
}

int remove(const char *path)
{
	if (unlink(path) == 0)
		return 0;
	if (errno == EISDIR)
		return rmdir(path);
	return -1;
}

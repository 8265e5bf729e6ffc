/*
 * The printf family: each sends kernel/lib/format.c's output to a
 * stream, a file descriptor or a string.  A printf to an unbuffered
 * stream (stderr) is collected in a stack buffer and written with one
 * write() per call, as glibc does, so lines from several processes do
 * not interleave mid-line.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/format.h"
#include "stdio_impl.h"

static void stream_emit(void *ctx, const char *s, size_t n)
{
	__stdio_write(ctx, s, n);
}

int vfprintf(FILE *restrict stream, const char *restrict fmt, va_list ap)
{
	unsigned char tmp[1024];
	int n;

	if (stream->mode != _IONBF) {
		n = fmt_vformat(stream_emit, stream, fmt, ap);
	} else {
		/* Lend the stream a buffer for the duration of the call. */
		unsigned char *buf = stream->buf;
		size_t size = stream->size;

		__stdio_flush(stream);
		stream->buf = tmp;
		stream->size = sizeof(tmp);
		stream->mode = _IOFBF;
		n = fmt_vformat(stream_emit, stream, fmt, ap);
		__stdio_flush(stream);
		stream->buf = buf;
		stream->size = size;
		stream->mode = _IONBF;
	}
	return ferror(stream) ? -1 : n;
}

int fprintf(FILE *restrict stream, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stream, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

/* dprintf: output gathered in a small buffer, written when full. */
struct fd_out {
	int fd;
	int error;
	size_t len;
	char buf[512];
};

static void fd_flush(struct fd_out *o)
{
	size_t done = 0;

	while (done < o->len && !o->error) {
		ssize_t w = write(o->fd, o->buf + done, o->len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			o->error = 1;
		else
			done += (size_t)w;
	}
	o->len = 0;
}

static void fd_emit(void *ctx, const char *s, size_t n)
{
	struct fd_out *o = ctx;

	while (n > 0) {
		size_t room = sizeof(o->buf) - o->len;
		size_t take = n < room ? n : room;

		memcpy(o->buf + o->len, s, take);
		o->len += take;
		s += take;
		n -= take;
		if (o->len == sizeof(o->buf))
			fd_flush(o);
	}
}

int vdprintf(int fd, const char *restrict fmt, va_list ap)
{
	struct fd_out o = {.fd = fd};
	int n = fmt_vformat(fd_emit, &o, fmt, ap);

	fd_flush(&o);
	return o.error ? -1 : n;
}

int dprintf(int fd, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
{
	return fmt_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* No bound: the caller promised the buffer is big enough. */
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
	return fmt_vsnprintf(buf, SIZE_MAX / 2, fmt, ap);
}

int sprintf(char *restrict buf, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return n;
}

/* Formats into a malloc'd string (*out); -1 if memory is short. */
int vasprintf(char **restrict out, const char *restrict fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = fmt_vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	*out = malloc((size_t)n + 1);
	if (*out == NULL)
		return -1;
	return fmt_vsnprintf(*out, (size_t)n + 1, fmt, ap);
}

int asprintf(char **restrict out, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(out, fmt, ap);
	va_end(ap);
	return n;
}

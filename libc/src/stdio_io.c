/* Character, line and block I/O on streams, over the buffer primitives
 * of stdio_file.c. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

int fgetc(FILE *stream)
{
	int c = stream->ungot;

	if (c != EOF) {
		stream->ungot = EOF;
		return c;
	}
	if (stream->rpos == stream->rend && __stdio_fill(stream) == 0)
		return EOF;
	return stream->buf[stream->rpos++];
}

int getc(FILE *stream)
{
	return fgetc(stream);
}

int getchar(void)
{
	return fgetc(stdin);
}

/* One byte of push-back, as C guarantees; returns c or EOF. */
int ungetc(int c, FILE *stream)
{
	if (c == EOF || stream->ungot != EOF)
		return EOF;
	stream->ungot = (unsigned char)c;
	stream->flags &= ~F_EOF;
	return (unsigned char)c;
}

size_t fread(void *restrict ptr, size_t size, size_t nmemb,
	     FILE *restrict stream)
{
	unsigned char *p = ptr;
	size_t want, done = 0;

	if (size == 0 || nmemb == 0)
		return 0;
	want = size * nmemb;
	if (stream->ungot != EOF) {
		p[done++] = (unsigned char)stream->ungot;
		stream->ungot = EOF;
	}
	while (done < want) {
		size_t avail = stream->rend - stream->rpos;

		if (avail == 0 && __stdio_fill(stream) == 0)
			break;
		avail = stream->rend - stream->rpos;
		if (avail > want - done)
			avail = want - done;
		memcpy(p + done, stream->buf + stream->rpos, avail);
		stream->rpos += avail;
		done += avail;
	}
	return done / size;
}

/* Reads up to and including delim into *line (grown with realloc);
 * returns the length, or -1 at end of file with nothing read or on error. */
ssize_t getdelim(char **restrict line, size_t *restrict n, int delim,
		 FILE *restrict stream)
{
	size_t len = 0;
	int c;

	if (line == NULL || n == NULL) {
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		c = fgetc(stream);
		if (c == EOF)
			break;
		if (*line == NULL || len + 2 > *n) {
			size_t cap = *n < 64 ? 128 : *n * 2;
			char *bigger = realloc(*line, cap);

			if (bigger == NULL) {
				stream->flags |= F_ERR;
				return -1;
			}
			*line = bigger;
			*n = cap;
		}
		(*line)[len++] = (char)c;
		if (c == delim)
			break;
	}
	if (len == 0)
		return -1;
	(*line)[len] = '\0';
	return (ssize_t)len;
}

ssize_t getline(char **restrict line, size_t *restrict n, FILE *restrict stream)
{
	return getdelim(line, n, '\n', stream);
}

/* Reads at most size-1 bytes, stopping after a newline; NULL if nothing
 * could be read. */
char *fgets(char *restrict s, int size, FILE *restrict stream)
{
	int i = 0;

	if (size <= 0)
		return NULL;
	while (i < size - 1) {
		int c;
		size_t avail = stream->rend - stream->rpos;

		if (stream->ungot == EOF && avail > 0) {
			/* Copy a run from the buffer, up to a newline. */
			unsigned char *src = stream->buf + stream->rpos;
			unsigned char *nl;
			size_t take = (size_t)(size - 1 - i);

			if (take > avail)
				take = avail;
			nl = memchr(src, '\n', take);
			if (nl)
				take = (size_t)(nl - src) + 1;
			memcpy(s + i, src, take);
			stream->rpos += take;
			i += (int)take;
			if (nl)
				break;
			continue;
		}
		c = fgetc(stream);
		if (c == EOF)
			break;
		s[i++] = (char)c;
		if (c == '\n')
			break;
	}
	if (i == 0)
		return NULL;
	s[i] = '\0';
	return s;
}

int fputc(int c, FILE *stream)
{
	unsigned char ch = (unsigned char)c;

	if (stream->mode != _IONBF && stream->wend < stream->size &&
	    stream->rpos == stream->rend && stream->ungot == EOF &&
	    (stream->flags & F_WRITE) && ch != '\n') {
		stream->buf[stream->wend++] = ch; /* the common fast path */
		return ch;
	}
	return __stdio_write(stream, &ch, 1) == 1 ? ch : EOF;
}

int putc(int c, FILE *stream)
{
	return fputc(c, stream);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fputs(const char *restrict s, FILE *restrict stream)
{
	size_t n = strlen(s);

	return __stdio_write(stream, s, n) == n ? 1 : EOF;
}

int puts(const char *s)
{
	if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
		return EOF;
	return 1;
}

size_t fwrite(const void *restrict ptr, size_t size, size_t nmemb,
	      FILE *restrict stream)
{
	if (size == 0 || nmemb == 0)
		return 0;
	return __stdio_write(stream, ptr, size * nmemb) / size;
}

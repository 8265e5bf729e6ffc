/*
 * Buffered streams over file descriptors (libc/src/stdio*.c).  stdout is
 * line-buffered, stderr unbuffered, other streams fully buffered; see
 * libc/src/stdio_file.c for how a FILE moves bytes to and from its fd.
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>

#include <bits/types.h>

typedef struct tide_file FILE;
typedef long fpos_t;

#define EOF	     (-1)
#define BUFSIZ	     8192
#define FILENAME_MAX 4096
#define FOPEN_MAX    16
#define L_tmpnam     20
#define TMP_MAX	     238328
#define P_tmpdir     "/tmp"

#define _IOFBF 0 /* fully buffered */
#define _IOLBF 1 /* line buffered: flushed at each '\n' */
#define _IONBF 2 /* unbuffered */

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
#define stdin  stdin
#define stdout stdout
#define stderr stderr

#define __printf_like(f, a) __attribute__((format(printf, f, a)))
#define __scanf_like(f, a)  __attribute__((format(scanf, f, a)))

FILE *fopen(const char *restrict path, const char *restrict mode);
FILE *fdopen(int fd, const char *mode);
FILE *freopen(const char *restrict path, const char *restrict mode,
	      FILE *restrict stream);
int fclose(FILE *stream);
int fflush(FILE *stream); /* NULL flushes every stream */
void setbuf(FILE *restrict stream, char *restrict buf);
int setvbuf(FILE *restrict stream, char *restrict buf, int mode, size_t size);
void setlinebuf(FILE *stream);
int fileno(FILE *stream);
int feof(FILE *stream);
int ferror(FILE *stream);
void clearerr(FILE *stream);
int fseek(FILE *stream, long offset, int whence);
int fseeko(FILE *stream, off_t offset, int whence);
long ftell(FILE *stream);
off_t ftello(FILE *stream);
void rewind(FILE *stream);
int fgetpos(FILE *restrict stream, fpos_t *restrict pos);
int fsetpos(FILE *stream, const fpos_t *pos);

int fgetc(FILE *stream);
int getc(FILE *stream);
int getchar(void);
int ungetc(int c, FILE *stream);
char *fgets(char *restrict s, int size, FILE *restrict stream);
ssize_t getline(char **restrict line, size_t *restrict n,
		FILE *restrict stream);
ssize_t getdelim(char **restrict line, size_t *restrict n, int delim,
		 FILE *restrict stream);
size_t fread(void *restrict ptr, size_t size, size_t nmemb,
	     FILE *restrict stream);

int fputc(int c, FILE *stream);
int putc(int c, FILE *stream);
int putchar(int c);
int fputs(const char *restrict s, FILE *restrict stream);
int puts(const char *s);
size_t fwrite(const void *restrict ptr, size_t size, size_t nmemb,
	      FILE *restrict stream);

int printf(const char *restrict fmt, ...) __printf_like(1, 2);
int fprintf(FILE *restrict stream, const char *restrict fmt, ...)
    __printf_like(2, 3);
int dprintf(int fd, const char *restrict fmt, ...) __printf_like(2, 3);
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    __printf_like(2, 3);
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __printf_like(3, 4);
int asprintf(char **restrict out, const char *restrict fmt, ...)
    __printf_like(2, 3);
int vprintf(const char *restrict fmt, va_list ap) __printf_like(1, 0);
int vfprintf(FILE *restrict stream, const char *restrict fmt, va_list ap)
    __printf_like(2, 0);
int vdprintf(int fd, const char *restrict fmt, va_list ap) __printf_like(2, 0);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
    __printf_like(2, 0);
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap) __printf_like(3, 0);
int vasprintf(char **restrict out, const char *restrict fmt, va_list ap)
    __printf_like(2, 0);

int scanf(const char *restrict fmt, ...) __scanf_like(1, 2);
int fscanf(FILE *restrict stream, const char *restrict fmt, ...)
    __scanf_like(2, 3);
int sscanf(const char *restrict s, const char *restrict fmt, ...)
    __scanf_like(2, 3);
int vscanf(const char *restrict fmt, va_list ap) __scanf_like(1, 0);
int vfscanf(FILE *restrict stream, const char *restrict fmt, va_list ap)
    __scanf_like(2, 0);
int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap)
    __scanf_like(2, 0);

/* Prints "s: <strerror(errno)>\n" (or just the text if s is NULL or ""). */
void perror(const char *s);
int remove(const char *path);
int rename(const char *oldpath, const char *newpath);

#endif

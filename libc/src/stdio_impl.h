/*
 * The FILE structure, private to libc's stdio_*.c files.
 *
 * A stream is either reading, writing or idle, never both at once:
 *
 *   reading:  buf [ consumed | rpos ..unread.. rend |       ]
 *   writing:  buf [ ..waiting to be written.. wend  |       ]
 *
 * Switching direction first empties the buffer (a flush, or a seek back
 * over unread bytes), as C requires a fflush or fseek between the two.
 */
#ifndef TIDE_LIBC_STDIO_IMPL_H
#define TIDE_LIBC_STDIO_IMPL_H

#include <stdio.h>

enum file_flags {
	F_READ = 1,	 /* opened for reading */
	F_WRITE = 2,	 /* opened for writing */
	F_EOF = 4,	 /* the end-of-file indicator */
	F_ERR = 8,	 /* the error indicator */
	F_FREE_BUF = 16, /* buf was malloc'd by setvbuf: free it */
	F_STATIC = 32,	 /* stdin/stdout/stderr: the FILE is not malloc'd */
};

struct tide_file {
	int fd;
	unsigned flags; /* enum file_flags */
	int mode;	/* _IOFBF, _IOLBF or _IONBF */
	unsigned char *buf;
	size_t size;	     /* bytes in buf */
	size_t rpos, rend;   /* reading: buf[rpos..rend) not yet read */
	size_t wend;	     /* writing: buf[0..wend) not yet written */
	int ungot;	     /* a byte pushed back by ungetc, or EOF */
	unsigned char small; /* the one-byte buffer of an unbuffered stream */
	FILE *next;	     /* the list of open streams */
};

/* stdio_file.c */
int __stdio_flush(FILE *f);
size_t __stdio_write(FILE *f, const void *data, size_t n);
int __stdio_fill(FILE *f);
void __stdio_link(FILE *f);

#endif

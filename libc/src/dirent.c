/*
 * Directory streams over getdents64.  A DIR holds one buffer of raw
 * linux_dirent64 records; readdir hands them out one by one and refills
 * the buffer when it runs dry.  The record layout is struct dirent's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

struct tide_dir {
	int fd;
	size_t pos; /* next record in buf */
	size_t len; /* bytes of records in buf */
	char buf[4096] __attribute__((aligned(8)));
};

DIR *fdopendir(int fd)
{
	DIR *dir = malloc(sizeof(*dir));

	if (dir == NULL)
		return NULL;
	dir->fd = fd;
	dir->pos = 0;
	dir->len = 0;
	return dir;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir;

	if (fd < 0)
		return NULL;
	dir = fdopendir(fd);
	if (dir == NULL)
		close(fd);
	return dir;
}

struct dirent *readdir(DIR *dir)
{
	struct dirent *d;

	if (dir->pos >= dir->len) {
		long n =
		    SYSCALL3(getdents64, dir->fd, dir->buf, sizeof(dir->buf));

		if (n <= 0)
			return NULL; /* 0: the end; -1: errno is set */
		dir->len = (size_t)n;
		dir->pos = 0;
	}
	d = (struct dirent *)(dir->buf + dir->pos);
	dir->pos += d->d_reclen;
	return d;
}

int closedir(DIR *dir)
{
	int r = close(dir->fd);

	free(dir);
	return r;
}

void rewinddir(DIR *dir)
{
	lseek(dir->fd, 0, SEEK_SET);
	dir->pos = 0;
	dir->len = 0;
}

int dirfd(DIR *dir)
{
	return dir->fd;
}

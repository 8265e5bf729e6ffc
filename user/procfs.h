/*
 * procfs.h: read small /proc files without malloc.
 *
 * Header-only (static functions) because every user/NAME.c is a program of
 * its own.  Used by the experiments, which must not move the program break
 * while they look at it, and by free, ps, maps and vmmap.  Formats are
 * Linux's (docs: proc(5)); tide's /proc prints the same lines.
 */
#ifndef USER_PROCFS_H
#define USER_PROCFS_H

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Reads the whole file at path into buf (size bytes) and NUL-terminates it.
 * Returns its length, or -1 with errno set if it cannot be opened or read.
 * A file longer than size - 1 bytes is cut there.
 */
__attribute__((unused)) static long procfs_read(const char *path, char *buf,
						size_t size)
{
	size_t len = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	close(fd);
	return (long)len;
}

/*
 * Finds the line "key:   value ..." in text (a /proc/meminfo or
 * /proc/<pid>/status dump) and returns a pointer to value with the blanks
 * skipped, or NULL if no line starts with key and a colon.
 */
__attribute__((unused)) static const char *procfs_field(const char *text,
							const char *key)
{
	size_t klen = strlen(key);

	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');

		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			const char *v = line + klen + 1;

			while (*v == ' ' || *v == '\t')
				v++;
			return v;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	return NULL;
}

/*
 * The number in the "key:" line of the file at path, e.g. 2016 for
 * "VmRSS:\t    2016 kB" in /proc/self/status.  Returns -1 if the file
 * cannot be read or has no such line.
 */
__attribute__((unused)) static long procfs_kb(const char *path, const char *key)
{
	static char text[8192];
	const char *v;

	if (procfs_read(path, text, sizeof(text)) < 0)
		return -1;
	v = procfs_field(text, key);
	if (!v)
		return -1;
	return strtol(v, NULL, 10);
}

#endif

/*
 * maps [pid]: print /proc/<pid>/maps, the mappings of a process; without
 * a pid, those of maps itself.  vmmap draws their pages as well.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	char path[64], buf[4096];
	ssize_t n;
	int fd;

	if (argc > 2) {
		fprintf(stderr, "usage: maps [pid]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/proc/%s/maps",
		 argc > 1 ? argv[1] : "self");
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "maps: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, (size_t)n) != n)
			return 1;
	close(fd);
	return n < 0;
}

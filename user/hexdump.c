/*
 * hexdump [-C] [-n LENGTH] [-s OFFSET] [file]: print bytes the way
 * `hexdump -C` does: the offset, 16 bytes in hex, the same bytes as
 * ASCII ('.' if not printable), and a "*" line in place of lines repeating
 * the one before, then the offset after the last byte.  -n stops after LENGTH bytes, -s skips OFFSET bytes
 * first; without a file it reads standard input.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WIDTH 16

/* Prints one line of n (1..WIDTH) bytes found at offset off. */
static void print_line(unsigned long off, const unsigned char *b, size_t n)
{
	printf("%08lx ", off);
	for (size_t i = 0; i < WIDTH; i++) {
		if (i % 8 == 0)
			printf(" ");
		if (i < n)
			printf("%02x ", b[i]);
		else
			printf("   ");
	}
	printf(" |");
	for (size_t i = 0; i < n; i++)
		putchar(b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.');
	printf("|\n");
}

/* Reads up to n bytes, retrying short reads; returns the count or -1. */
static ssize_t read_full(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Parses a count like 4096 or 0x1000; exits on anything else. */
static unsigned long number(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (end == s || *end) {
		fprintf(stderr, "hexdump: %s: not a number\n", s);
		exit(1);
	}
	return v;
}

int main(int argc, char *argv[])
{
	unsigned long limit = (unsigned long)-1, off = 0;
	unsigned char line[WIDTH], prev[WIDTH];
	unsigned long done = 0;
	int fd = 0, starred = 0, have_prev = 0, i;
	const char *name = "stdin";

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-C") == 0)
			continue;
		if (i + 1 < argc && strcmp(argv[i], "-n") == 0) {
			limit = number(argv[++i]);
		} else if (i + 1 < argc && strcmp(argv[i], "-s") == 0) {
			off = number(argv[++i]);
		} else {
			fprintf(stderr, "usage: hexdump [-C] [-n LENGTH] "
					"[-s OFFSET] [file]\n");
			return 2;
		}
	}
	if (i < argc) {
		name = argv[i];
		fd = open(name, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "hexdump: %s: %s\n", name,
				strerror(errno));
			return 1;
		}
	}
	if (off && lseek(fd, (off_t)off, SEEK_SET) < 0) {
		fprintf(stderr, "hexdump: %s: %s\n", name, strerror(errno));
		return 1;
	}
	while (done < limit) {
		size_t want = limit - done < WIDTH ? limit - done : WIDTH;
		ssize_t n = read_full(fd, line, want);

		if (n < 0) {
			fprintf(stderr, "hexdump: %s: %s\n", name,
				strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		if (have_prev && n == WIDTH && memcmp(line, prev, WIDTH) == 0) {
			if (!starred)
				printf("*\n");
			starred = 1;
		} else {
			print_line(off + done, line, (size_t)n);
			starred = 0;
		}
		memcpy(prev, line, WIDTH);
		have_prev = (n == WIDTH);
		done += (unsigned long)n;
	}
	if (done > 0)
		printf("%08lx\n", off + done);
	return 0;
}
